//! The command line as a user meets it: exit codes, outputs written atomically, JSON on stdout.

use std::path::Path;
use std::process::{Command, Output};

use crate::common;

crate::tests![
    build_writes_the_epub_and_a_failed_build_keeps_the_earlier_one,
    strict_turns_fpo_warnings_into_errors_and_quiet_hides_notes,
    usage_and_io_problems_exit_with_2,
    model_prints_stable_json,
    a_language_without_hyphenation_patterns_is_a_warning_for_the_pdf,
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

fn sample() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample")
}

fn build_writes_the_epub_and_a_failed_build_keeps_the_earlier_one() {
    let dir = common::book("cli-build", &[("a.md", "# A\n\nText.\n")]);
    let out = dir.join("out");
    let out_arg = out.to_string_lossy().into_owned();
    let built = samizdat(&["build", ".", "--out", &out_arg, "--format", "epub"], &dir);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    let epub = out.join(format!(
        "{}.epub",
        dir.file_name().and_then(|n| n.to_str()).expect("name")
    ));
    let first = std::fs::read(&epub).expect("the epub exists");
    assert!(first.starts_with(b"PK"));

    common::write(&dir, "a.md", "# A\n\nText with a broken note[^nope].\n");
    let failed = samizdat(&["build", ".", "--out", &out_arg], &dir);
    assert_eq!(failed.status.code(), Some(1));
    assert!(
        stderr(&failed).starts_with("a.md:3:24: error: footnote `[^nope]` has no definition"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(
        std::fs::read(&epub).expect("still there"),
        first,
        "the earlier output is intact"
    );
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .expect("out")
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left: {leftovers:?}");
}

/// `--strict` fails on a warning. A note (the sample's second chapter has a figure a page after
/// its call) is where to look: `--quiet` leaves it out (that `--strict` leaves notes notes is
/// `diag`'s unit test: here its errors stop the book before layout).
fn strict_turns_fpo_warnings_into_errors_and_quiet_hides_notes() {
    let book = sample();
    let book = book.to_string_lossy();
    let checked = samizdat(&["check", &book], Path::new(env!("CARGO_MANIFEST_DIR")));
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(stderr(&checked).contains("warning: picture `images/meeting.jpg` does not exist"));
    let note = "two.md:13:1: note: the figure stands on page 5, a page after its place in the \
                text (page 4)";
    assert!(stderr(&checked).contains(note), "{}", stderr(&checked));
    let quiet = samizdat(
        &["check", "--quiet", &book],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert!(!stderr(&quiet).contains("note:"), "{}", stderr(&quiet));
    let strict = samizdat(
        &["check", "--strict", &book],
        Path::new(env!("CARGO_MANIFEST_DIR")),
    );
    assert_eq!(strict.status.code(), Some(1));
    assert!(
        stderr(&strict).contains("two.md:9:1: error: picture `images/meeting.jpg` does not exist"),
        "{}",
        stderr(&strict)
    );
}

fn usage_and_io_problems_exit_with_2() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert_eq!(
        samizdat(&["build", "--no-such-flag"], here).status.code(),
        Some(2)
    );
    let missing = samizdat(&["check", "no/such/book"], here);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).starts_with("no/such/book: error: no such book folder"),
        "{}",
        stderr(&missing)
    );
    let empty = common::book("cli-empty", &[]);
    std::fs::remove_file(empty.join("book.toml")).expect("remove");
    let nothing = samizdat(&["build"], &empty);
    assert_eq!(nothing.status.code(), Some(2));
    assert!(
        stderr(&nothing).contains("manuscript: error: cannot list books"),
        "{}",
        stderr(&nothing)
    );
}

fn model_prints_stable_json() {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let book = sample();
    let book = book.to_string_lossy();
    let first = samizdat(&["model", &book], here);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let json: serde_json::Value = serde_json::from_slice(&first.stdout).expect("valid JSON");
    assert_eq!(json["metadata"]["title"], "The Sample");
    assert_eq!(json["chapters"][1]["number"], 1);
    assert_eq!(
        json["chapters"][1]["footnotes"][0]["references"][1],
        "first-fnref-1-2"
    );
    assert_eq!(samizdat(&["model", &book], here).stdout, first.stdout);
    // All of it, with this checkout's folder (in the paths of pictures) as `[ROOT]`.
    let mut text = String::from_utf8(first.stdout).expect("UTF-8");
    for root in [
        here.canonicalize().expect("the crate's folder"),
        here.into(),
    ] {
        text = text.replace(&*root.to_string_lossy(), "[ROOT]");
    }
    common::snapshot("cli/model-sample.json", &text);
}

fn a_language_without_hyphenation_patterns_is_a_warning_for_the_pdf() {
    let dir = common::book(
        "cli-italian",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"Libro\"\nlanguage = \"it\"\n",
            ),
            ("a.md", "# Uno\n\nTesto.\n"),
        ],
    );
    let out = dir.join("out").to_string_lossy().into_owned();
    let built = samizdat(&["build", ".", "--out", &out, "--format", "pdf"], &dir);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(
        stderr(&built).contains(
            "book.toml: warning: no hyphenation patterns for language `it`: the PDF is set without hyphenation"
        ),
        "{}",
        stderr(&built)
    );
    let strict = samizdat(
        &["build", ".", "--out", &out, "--format", "pdf", "--strict"],
        &dir,
    );
    assert_eq!(strict.status.code(), Some(1), "{}", stderr(&strict));
}
