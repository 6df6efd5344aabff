//! The build driver: one run of a book, every output in memory, written all or none; the same
//! bytes whatever the number of threads; `check` typesets the PDF too.

use std::path::Path;
use std::process::{Command, Output};

use samizdat::build::{build, BuildOptions, Format, Status};

use crate::common;

crate::tests![
    outputs_do_not_depend_on_the_number_of_threads,
    check_typesets_the_pdf,
    a_pdf_warning_under_strict_writes_nothing,
    a_corrupt_picture_fails_before_any_file_is_written,
];

fn samizdat(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run samizdat")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn both() -> BuildOptions {
    BuildOptions {
        formats: vec![Format::Epub, Format::Pdf],
        ..BuildOptions::default()
    }
}

/// Every output's bytes, by file name.
fn outputs(dir: &Path, threads: usize) -> Vec<(String, Vec<u8>)> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("a thread pool");
    let built = pool.install(|| build(dir, &both()));
    assert_eq!(built.status, Status::Built, "{:?}", built.diagnostics);
    built
        .outputs
        .into_iter()
        .map(|o| (o.file_name, o.bytes))
        .collect()
}

fn outputs_do_not_depend_on_the_number_of_threads() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample");
    let one = outputs(&sample, 1);
    let names: Vec<&str> = one.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["sample.epub", "sample.pdf", "sample.report.json"]);
    for threads in [2, 4] {
        let many = outputs(&sample, threads);
        for ((name, a), (_, b)) in one.iter().zip(&many) {
            assert!(a == b, "{name} differs between 1 and {threads} threads");
        }
    }
}

/// A book in a language without hyphenation patterns: only the print half can tell.
fn italian(name: &str) -> common::Scratch {
    common::book(
        name,
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Libro\"\nlanguage = \"it\"\n",
            ),
            ("a.md", "# Uno\n\nTesto.\n"),
        ],
    )
}

fn check_typesets_the_pdf() {
    let dir = italian("driver-check");
    let checked = samizdat(&["check", "."], &dir);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("book.toml: warning: no hyphenation patterns for language `it`"),
        "{}",
        stderr(&checked)
    );
    // The print-quality report of the PDF that was typeset (and not written).
    let report = stderr(&checked);
    assert!(
        report
            .lines()
            .any(|line| line.contains(".pdf: ") && line.contains(" pages, ")),
        "{report}"
    );
    let strict = samizdat(&["check", "--strict", "."], &dir);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(!dir.join("out").exists(), "check writes nothing");
}

/// The names and bytes of every output in `dir` (not `manifest.json`, which every run rewrites
/// with the books' statuses, nor the cache's folder, `.cache`).
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("the output folder")
        .flatten()
        .filter(|e| e.path().is_file() && e.file_name() != "manifest.json")
        .map(|e| {
            let bytes = std::fs::read(e.path()).expect("read");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

fn a_pdf_warning_under_strict_writes_nothing() {
    let dir = common::book("driver-strict", &[("a.md", "# Uno\n\nText.\n")]);
    let out = dir.join("out").to_string_lossy().into_owned();
    let first = samizdat(&["build", ".", "--out", &out], &dir);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = files(&dir.join("out"));
    assert_eq!(before.len(), 3, "epub, pdf and report");
    // The same book in Italian: the e-book is fine, the PDF warns (no patterns).
    common::write(
        &dir,
        "book.toml",
        "[book]\ntitle = \"Libro\"\nlanguage = \"it\"\n",
    );
    let strict = samizdat(&["build", ".", "--out", &out, "--strict"], &dir);
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
    assert!(stderr(&strict).contains("error: no hyphenation patterns"));
    assert_eq!(
        files(&dir.join("out")),
        before,
        "every earlier output as it was"
    );
}

fn a_corrupt_picture_fails_before_any_file_is_written() {
    let dir = common::book(
        "driver-corrupt",
        &[("a.md", "# Uno\n\nText.\n\n![A picture](images/p.png)\n")],
    );
    std::fs::create_dir_all(dir.join("images")).expect("images");
    std::fs::write(dir.join("images/p.png"), common::png(30, 20)).expect("png");
    let out = dir.join("out").to_string_lossy().into_owned();
    let first = samizdat(&["build", ".", "--out", &out], &dir);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let before = files(&dir.join("out"));
    // A PNG whose header is whole (the parser and the e-book take it) but whose pixel data is
    // cut short: only the print half, which reads the pixels, can tell.
    let mut broken = common::png(30, 20);
    broken.truncate(broken.len() - 20);
    std::fs::write(dir.join("images/p.png"), broken).expect("png");
    let failed = samizdat(&["build", ".", "--out", &out], &dir);
    assert_ne!(failed.status.code(), Some(0), "{}", stderr(&failed));
    assert!(stderr(&failed).contains("p.png"), "{}", stderr(&failed));
    assert_eq!(
        files(&dir.join("out")),
        before,
        "every earlier output as it was"
    );
}
