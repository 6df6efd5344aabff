//! The e-book's accessibility: DAISY Ace finds no violation in the bundled books and the sample
//! (with their page-lists and the conformance claim), and the claim is made only when the
//! book's own checks hold.

use std::path::Path;

use samizdat::build::{build, BuildOptions, Format};

use crate::common::{self, Scratch};
use crate::tools::{self, ACE, CHROMIUM};

crate::tests![
    ace_finds_no_violation_in_the_bundled_books_and_the_sample: [ACE, RUSSIA_BUREAUCRACY, STALIN_50_YEARS],
    the_bundled_books_claim_conformance: [RUSSIA_BUREAUCRACY, STALIN_50_YEARS],
    a_picture_without_a_text_alternative_withholds_the_claim,
    a_heading_that_skips_a_level_withholds_the_claim,
];

/// The conformance claim as the package document writes it.
const CLAIM: &str =
    "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>";

fn epub(dir: &Path) -> Vec<u8> {
    let options = BuildOptions {
        formats: vec![Format::Epub],
        ..BuildOptions::default()
    };
    let result = build(dir, &options);
    result
        .outputs
        .into_iter()
        .find(|o| o.file_name.ends_with(".epub"))
        .map(|o| o.bytes)
        .unwrap_or_else(|| panic!("no e-book: {:?}", result.diagnostics))
}

fn opf(epub: &[u8]) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("zip");
    let mut text = String::new();
    archive
        .by_name("OEBPS/content.opf")
        .expect("a package document")
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

fn bundled(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("manuscript")
        .join(name)
}

/// Times Ace is run before its not writing a report fails the test. Ace drives headless
/// Chromium, which on a loaded machine (a CI runner on two cores, every test running at once) now
/// and then fails to start and leaves no report: a crash of the tool, not a verdict on the book.
/// A report, once written, is judged at once.
const ACE_ATTEMPTS: usize = 3;

/// Ace's report on `file`, written to `report_dir` (run again when Ace crashed and wrote none).
fn ace_report(file: &Path, report_dir: &Path, name: &str) -> String {
    let mut failures = Vec::new();
    for attempt in 1..=ACE_ATTEMPTS {
        let mut command = tools::command(&ACE);
        if std::env::var_os("PUPPETEER_EXECUTABLE_PATH").is_none() {
            command.env("PUPPETEER_EXECUTABLE_PATH", CHROMIUM);
        }
        let output = command
            .args(["-f", "-s", "-o"])
            .arg(report_dir)
            .arg(file)
            .output()
            .expect("run ace-cli");
        if let Ok(json) = std::fs::read_to_string(report_dir.join("report.json")) {
            return json;
        }
        let failure = format!(
            "attempt {attempt}: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        crate::log!("{name}: Ace wrote no report ({failure})");
        failures.push(failure);
    }
    panic!("{name}: Ace wrote no report: {failures:#?}")
}

/// Runs Ace on `bytes` and asserts that it passes with no violation of any impact.
fn assert_ace_passes(bytes: &[u8], name: &str) {
    let dir = Scratch::new(&format!("ace-{name}"));
    let file = dir.join(format!("{name}.epub"));
    std::fs::write(&file, bytes).expect("write the e-book");
    let report_dir = dir.join("report");
    let json = ace_report(&file, &report_dir, name);
    let report: serde_json::Value = serde_json::from_str(&json).expect("Ace's JSON");
    let mut violations = Vec::new();
    for document in report["assertions"].as_array().into_iter().flatten() {
        for assertion in document["assertions"].as_array().into_iter().flatten() {
            violations.push(format!(
                "{}: {} ({}) {}",
                document["earl:testSubject"]["url"],
                assertion["earl:test"]["dct:title"],
                assertion["earl:test"]["earl:impact"],
                assertion["earl:result"]["dct:description"]
            ));
        }
    }
    assert_eq!(
        report["earl:result"]["earl:outcome"], "pass",
        "{name}: {violations:#?}"
    );
    assert!(violations.is_empty(), "{name}: {violations:#?}");
    let present = report["a11y-metadata"]["present"].to_string();
    assert!(present.contains("dcterms:conformsTo"), "{name}: {present}");
}

fn ace_finds_no_violation_in_the_bundled_books_and_the_sample() {
    for name in ["stalin-50-years", "russia-bureaucracy"] {
        assert_ace_passes(&epub(&bundled(name)), name);
    }
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample");
    assert_ace_passes(&epub(&sample), "sample");
}

fn the_bundled_books_claim_conformance() {
    for name in ["stalin-50-years", "russia-bureaucracy"] {
        let opf = opf(&epub(&bundled(name)));
        assert!(opf.contains(CLAIM), "{name}");
        assert!(
            opf.contains("<meta property=\"a11y:certifiedBy\">"),
            "{name}"
        );
        assert!(opf.contains("It meets EPUB Accessibility 1.1"), "{name}");
    }
}

fn a_picture_without_a_text_alternative_withholds_the_claim() {
    let dir = common::book(
        "a11y-no-alt",
        &[
            ("book.toml", "[book]\ntitle = \"Pictures\"\n"),
            ("one.md", "# One\n\nA lamp ![](lamp.png) in the text.\n"),
        ],
    );
    std::fs::write(dir.join("lamp.png"), common::png(8, 8)).expect("a picture");
    let without = opf(&epub(&dir));
    assert!(!without.contains("conformsTo"), "{without}");
    assert!(!without.contains("certifiedBy"));
    assert!(without.contains("<meta property=\"schema:accessMode\">visual</meta>"));
    assert!(without.contains("It claims no conformance: an image has no text alternative."));
    let described = common::book(
        "a11y-alt",
        &[
            ("book.toml", "[book]\ntitle = \"Pictures\"\n"),
            (
                "one.md",
                "# One\n\nA lamp ![A brass lamp](lamp.png) in the text.\n",
            ),
        ],
    );
    std::fs::write(described.join("lamp.png"), common::png(8, 8)).expect("a picture");
    let with_alt = opf(&epub(&described));
    assert!(with_alt.contains(CLAIM), "{with_alt}");
    assert!(with_alt.contains("It has 1 picture, each described by its caption."));
}

fn a_heading_that_skips_a_level_withholds_the_claim() {
    let dir = common::book(
        "a11y-headings",
        &[
            ("book.toml", "[book]\ntitle = \"Headings\"\n"),
            ("one.md", "# One\n\nText.\n\n### Three\n\nMore text.\n"),
        ],
    );
    let skipping = opf(&epub(&dir));
    assert!(!skipping.contains("conformsTo"), "{skipping}");
    assert!(skipping.contains("It claims no conformance: a heading skips a level."));
}
