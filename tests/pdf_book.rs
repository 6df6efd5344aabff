//! A whole (small) book through layout and the PDF writer: validators, text, report, reproducibility.

mod pdf_common;

use std::path::{Path, PathBuf};

use pdf_common::book;
use samizdat::pdf::{build_pdf, PdfOptions};

fn out_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf_book");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

#[test]
fn sample_book_builds_validates_and_reads_back() {
    let book = book::sample();
    let built = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    let again = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    assert!(built.bytes == again.bytes, "two builds differ");
    let path = out_dir().join("sample.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    eprintln!("{}", built.report.summary());
    pdf_common::assert_qpdf_clean(&path);
    pdf_common::assert_fonts_embedded_and_subset(&path);
    if let Some(text) = pdf_common::pdftotext(&path) {
        let flat = pdf_common::words(&text).join(" ");
        assert!(flat.contains("The congress met in a cold hall"), "{flat}");
        assert!(flat.contains("Paper and Print"), "{flat}");
    }
    let report = &built.report;
    assert!(report.lines > 50, "{report:?}");
    assert_eq!(report.overfull_lines, 0, "{report:?}");
    assert_eq!(report.notes_off_page, 0, "{report:?}");
    assert_eq!(report.widows, 0, "{report:?}");
    assert_eq!(report.orphans, 0, "{report:?}");
    assert_eq!(report.stranded_headings, 0, "{report:?}");
}
