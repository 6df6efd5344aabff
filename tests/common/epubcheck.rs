//! EPUBCheck for the tests: run on bytes, assert no fatal error, error or warning.

use std::path::Path;
use std::process::Command;

const EPUBCHECK_JAR: &str = "/usr/share/java/epubcheck.jar";

/// Runs EPUBCheck and asserts 0 fatal errors, 0 errors and 0 warnings; skips (printing why) when
/// Java or the jar is absent, except under CI.
pub fn assert_clean(bytes: &[u8], name: &str) {
    let missing = if Command::new("java").arg("-version").output().is_err() {
        Some("java is not installed")
    } else if !Path::new(EPUBCHECK_JAR).is_file() {
        Some("/usr/share/java/epubcheck.jar is absent (apt-get install epubcheck)")
    } else {
        None
    };
    if let Some(reason) = missing {
        assert!(
            std::env::var_os("CI").is_none(),
            "EPUBCheck is required under CI: {reason}"
        );
        eprintln!("skipping EPUBCheck of {name}: {reason}");
        return;
    }
    let dir = std::env::temp_dir().join(format!(
        "samizdat-epub-pipeline-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    let epub = dir.join(format!("{name}.epub"));
    let report = dir.join("report.json");
    std::fs::write(&epub, bytes).expect("write epub");
    let output = Command::new("java")
        .arg("-jar")
        .arg(EPUBCHECK_JAR)
        .arg(&epub)
        .arg("--json")
        .arg(&report)
        .output()
        .expect("run EPUBCheck");
    let json = std::fs::read_to_string(&report).unwrap_or_else(|_| {
        panic!(
            "EPUBCheck wrote no report: {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let _ = std::fs::remove_dir_all(&dir);
    let report: serde_json::Value = serde_json::from_str(&json).expect("EPUBCheck's JSON");
    let count = |key: &str| report["checker"][key].as_u64().unwrap_or(u64::MAX);
    let messages: Vec<String> = report["messages"]
        .as_array()
        .map(|all| {
            all.iter()
                .map(|m| {
                    format!(
                        "{} {} {} at {}",
                        m["severity"], m["ID"], m["message"], m["locations"]
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        (count("nFatal"), count("nError"), count("nWarning")),
        (0, 0, 0),
        "EPUBCheck on {name}:\n{}",
        messages.join("\n")
    );
}
