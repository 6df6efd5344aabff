//! EPUBCheck for the tests: run on bytes, assert no fatal error, error or warning.

use crate::tools::{self, EPUBCHECK, EPUBCHECK_JAR};

use super::Scratch;

/// Runs EPUBCheck and asserts 0 fatal errors, 0 errors and 0 warnings. The test must declare
/// [`EPUBCHECK`].
pub fn assert_clean(bytes: &[u8], name: &str) {
    let dir = Scratch::new(&format!("epubcheck-{name}"));
    let epub = dir.join(format!("{name}.epub"));
    let report = dir.join("report.json");
    std::fs::write(&epub, bytes).expect("write epub");
    let output = tools::command(&EPUBCHECK)
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
