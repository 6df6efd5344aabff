//! EPUBCheck for the tests: run on bytes, assert no fatal error, error or warning; or on many
//! files in one JVM.

use std::path::Path;

use crate::tools::{self, EPUBCHECK, EPUBCHECK_JAR, JAVAC};

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

/// EPUBCheck's verdict on one file: (fatal errors, errors, warnings) and its messages.
pub struct Verdict {
    pub path: std::path::PathBuf,
    pub counts: (u64, u64, u64),
    pub messages: String,
}

/// A small program that validates many files in one JVM with EPUBCheck's Java API, printing one
/// line per file: `path<TAB>fatal<TAB>errors<TAB>warnings`. Messages go to stderr, each
/// line of them after the file's `@@ path` marker.
const CHECK_MANY: &str = r#"
import com.adobe.epubcheck.api.EpubCheck;
import com.adobe.epubcheck.util.DefaultReportImpl;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Paths;

public class CheckMany {
    public static void main(String[] args) throws Exception {
        for (String path : Files.readAllLines(Paths.get(args[0]))) {
            System.err.println("@@ " + path);
            DefaultReportImpl report = new DefaultReportImpl(path);
            new EpubCheck(new File(path), report).validate();
            System.out.println(path + "\t" + report.getFatalErrorCount() + "\t"
                + report.getErrorCount() + "\t" + report.getWarningCount());
        }
    }
}
"#;

/// Validates every file in one JVM (a Java class compiled here against EPUBCheck's jar). The test
/// must declare [`EPUBCHECK`] and [`JAVAC`].
pub fn check_many(paths: &[std::path::PathBuf], scratch: &Path) -> Vec<Verdict> {
    let classes = scratch.join("checkmany");
    std::fs::create_dir_all(&classes).expect("class folder");
    let source = classes.join("CheckMany.java");
    std::fs::write(&source, CHECK_MANY).expect("write the Java source");
    let compiled = tools::command(&JAVAC)
        .arg("-cp")
        .arg(EPUBCHECK_JAR)
        .arg("-d")
        .arg(&classes)
        .arg(&source)
        .output()
        .expect("run javac");
    assert!(
        compiled.status.success(),
        "javac: {}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let list = scratch.join("epubs.txt");
    let lines: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    std::fs::write(&list, lines.join("\n")).expect("write the list");
    let classpath = format!("{}:{}", classes.display(), EPUBCHECK_JAR);
    let output = tools::command(&EPUBCHECK)
        .arg("-cp")
        .arg(classpath)
        .arg("CheckMany")
        .arg(&list)
        .output()
        .expect("run EPUBCheck");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let mut messages: std::collections::BTreeMap<String, String> = Default::default();
    let mut current = String::new();
    for line in stderr.lines() {
        match line.strip_prefix("@@ ") {
            Some(path) => current = path.to_owned(),
            None => {
                let entry = messages.entry(current.clone()).or_default();
                entry.push_str(line);
                entry.push('\n');
            }
        }
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let verdicts: Vec<Verdict> = stdout
        .lines()
        .filter_map(|line| {
            let mut parts = line.split('\t');
            let path = parts.next()?;
            let mut n = || parts.next().and_then(|v| v.parse::<u64>().ok());
            let counts = (n()?, n()?, n()?);
            Some(Verdict {
                path: path.into(),
                counts,
                messages: messages.remove(path).unwrap_or_default(),
            })
        })
        .collect();
    assert_eq!(
        verdicts.len(),
        paths.len(),
        "EPUBCheck did not report on every file: {stderr}"
    );
    verdicts
}
