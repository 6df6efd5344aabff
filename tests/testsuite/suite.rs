//! Tests of the test suite itself: every test is one the harness runs.

use std::path::{Path, PathBuf};

crate::tests![
    no_test_attribute_in_the_suite,
    every_test_function_is_registered,
    no_test_file_outside_the_suite,
    every_snapshot_is_used,
];

fn suite_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testsuite")
}

/// The `.rs` files under `dir`, with their text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the suite's folder")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file");
            out.push((path, text));
        }
    }
    out
}

/// The module path of a source file: `fidelity/unit.rs` is `fidelity::unit`.
fn module_of(path: &Path) -> String {
    let relative = path.strip_prefix(suite_dir()).expect("under the suite");
    let mut parts: Vec<String> = relative
        .with_extension("")
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// `#[test]` makes a function vanish from a binary without libtest's harness: it would never run.
fn no_test_attribute_in_the_suite() {
    let attribute = concat!("#[", "test]");
    let mut found = Vec::new();
    for (path, text) in sources(&suite_dir()) {
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with(attribute) {
                found.push(format!("{}:{}", path.display(), n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{attribute} does nothing here (harness = false): list the function in its module's \
         tests! instead:\n{}",
        found.join("\n")
    );
}

/// A top-level `fn name() {` in a test module (a test's shape) is in that module's list. (The
/// crate's `deny(dead_code)` catches most forgotten ones at compile time; this catches a test
/// called from another.)
fn every_test_function_is_registered() {
    let registered: Vec<String> = crate::MODULES
        .iter()
        .flat_map(|tests| tests())
        .map(|t| t.name)
        .collect();
    let mut missing = Vec::new();
    for (path, text) in sources(&suite_dir()) {
        let module = module_of(&path);
        if module == "main" || module == "harness" || module.starts_with("common") {
            continue;
        }
        for line in text.lines() {
            let Some(rest) = line.strip_prefix("fn ") else {
                continue;
            };
            let Some(name) = rest.strip_suffix("() {") else {
                continue;
            };
            let full = format!("{module}::{name}");
            if !registered.contains(&full) {
                missing.push(full);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "test functions missing from their module's tests! list: {missing:?}"
    );
}

/// With `autotests = false`, a test file anywhere else under `tests/` would silently never build.
fn no_test_file_outside_the_suite() {
    let tests = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let stray: Vec<PathBuf> = std::fs::read_dir(&tests)
        .expect("tests/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| {
            p.extension().is_some_and(|e| e == "rs")
                || (p.is_dir() && !p.ends_with("testsuite") && !sources(p).is_empty())
        })
        .collect();
    assert!(
        stray.is_empty(),
        "Rust files under tests/ outside tests/testsuite/ are never built: {stray:?}"
    );
}

/// A snapshot no test names is left over from a renamed or removed test.
fn every_snapshot_is_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let code: String = sources(&suite_dir())
        .into_iter()
        .map(|(_, text)| text)
        .collect();
    let mut files = Vec::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("tests/snapshots/") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    assert!(!files.is_empty(), "no snapshot under {}", root.display());
    let unused: Vec<String> = files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(&root).expect("under tests/snapshots");
            name.to_string_lossy().into_owned()
        })
        .filter(|name| !code.contains(&format!("\"{name}\"")))
        .collect();
    assert!(
        unused.is_empty(),
        "snapshots no test compares with (delete them): {unused:?}"
    );
}
