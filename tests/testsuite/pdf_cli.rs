//! `samizdat build --format pdf` end to end: the PDF, its report, bleed and marks, reproducibility.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::common::pdf_tools;

crate::tests![
    build_writes_pdf_and_report_reproducibly_with_bleed_and_marks: [STALIN_50_YEARS],
    the_built_pdf_passes_qpdf: [STALIN_50_YEARS, QPDF],
];

fn build(out: &Path, extra: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(["build", "--format", "pdf", "--out"])
        .arg(out)
        .args(extra)
        .arg("manuscript/stalin-50-years")
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .output()
        .expect("run samizdat")
}

/// Where the builds go: `a/` (built once, for both tests) and `b/`.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf_cli")
}

/// The first build, with bleed and marks, into `a/`, run once; its stderr.
fn first_build() -> &'static str {
    static FIRST: OnceLock<String> = OnceLock::new();
    FIRST.get_or_init(|| {
        let a = root().join("a");
        let _ = std::fs::remove_dir_all(&a);
        let first = build(&a, &["--bleed", "3mm", "--marks"]);
        let stderr = String::from_utf8_lossy(&first.stderr).into_owned();
        assert!(first.status.success(), "{stderr}");
        stderr
    })
}

fn build_writes_pdf_and_report_reproducibly_with_bleed_and_marks() {
    let stderr = first_build();
    let (a, b) = (root().join("a"), root().join("b"));
    let _ = std::fs::remove_dir_all(&b);
    assert!(
        stderr.contains("stalin-50-years.pdf: ") && stderr.contains("widows"),
        "{stderr}"
    );
    let second = build(&b, &["--bleed", "3mm", "--marks"]);
    assert!(second.status.success());
    let pdf_a = std::fs::read(a.join("stalin-50-years.pdf")).expect("pdf");
    let pdf_b = std::fs::read(b.join("stalin-50-years.pdf")).expect("pdf");
    assert!(pdf_a == pdf_b, "two builds differ");
    assert!(
        !a.join("stalin-50-years.epub").exists(),
        "--format pdf wrote an EPUB"
    );

    let report = std::fs::read_to_string(a.join("stalin-50-years.report.json")).expect("report");
    let report: serde_json::Value = serde_json::from_str(&report).expect("json");
    for key in [
        "pages",
        "lines",
        "overfull_lines",
        "loose_lines",
        "hyphenated_percent",
        "widows",
        "notes_off_page",
    ] {
        assert!(report.get(key).is_some(), "report lacks {key}");
    }
    assert_eq!(report["notes_off_page"], 0);

    let doc = lopdf::Document::load_mem(&pdf_a).expect("read back");
    let (_, page) = doc.get_pages().into_iter().next().expect("a page");
    let page = doc.get_dictionary(page).expect("page");
    let get = |key: &[u8]| -> Vec<f32> {
        page.get(key)
            .and_then(|o| o.as_array())
            .map(|a| a.iter().map(|o| o.as_float().unwrap_or(f32::NAN)).collect())
            .unwrap_or_default()
    };
    let (media, bleed, trim) = (get(b"MediaBox"), get(b"BleedBox"), get(b"TrimBox"));
    let three_mm = (3.0 * 72.0 / 25.4) as f32;
    assert!(
        (trim[0] - bleed[0] - three_mm).abs() < 0.01,
        "{bleed:?} {trim:?}"
    );
    assert!(
        bleed[0] > media[0] && bleed[2] < media[2],
        "no room for marks: {media:?}"
    );
    assert!(
        (trim[2] - trim[0] - 419.53).abs() < 0.01,
        "A5 trim: {trim:?}"
    );
    let content = doc.get_page_content(doc.get_pages()[&1]);
    let operations = lopdf::content::Content::decode(&content)
        .expect("content stream")
        .operations;
    // Eight marks, each a stroked line (`m`, `l`, `S`), outside the bleed box.
    let marks = operations
        .windows(3)
        .filter(|w| {
            let (m, l, s) = (&w[0], &w[1], &w[2]);
            let outside = |op: &lopdf::content::Operation| {
                let xy: Vec<f32> = op
                    .operands
                    .iter()
                    .filter_map(|o| o.as_float().ok())
                    .collect();
                xy.len() == 2
                    && (xy[0] < bleed[0]
                        || xy[0] > bleed[2]
                        || xy[1] < bleed[1]
                        || xy[1] > bleed[3])
            };
            m.operator == "m" && l.operator == "l" && s.operator == "S" && outside(m) && outside(l)
        })
        .count();
    assert_eq!(marks, 8, "crop marks drawn");
    // Dates come from SOURCE_DATE_EPOCH (1700000000 is 2023-11-14 22:13:20 UTC), never the clock.
    let info = doc
        .trailer
        .get(b"Info")
        .and_then(|o| o.as_reference())
        .and_then(|id| doc.get_dictionary(id))
        .expect("info");
    let date = info.get(b"ModDate").and_then(|o| o.as_str()).expect("date");
    assert_eq!(date, b"D:20231114221320Z");
}

fn the_built_pdf_passes_qpdf() {
    first_build();
    pdf_tools::assert_qpdf_clean(&root().join("a/stalin-50-years.pdf"));
}
