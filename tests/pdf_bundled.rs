//! The bundled books through the whole print pipeline: the "done when" of issues 4 and 5 that
//! page layout and the PDF writer answer for.

mod pdf_common;

use std::path::{Path, PathBuf};

use samizdat::pdf::{build_pdf, PdfOptions};

fn check(name: &str) {
    let dir = Path::new("manuscript").join(name);
    if !dir.join("book.toml").is_file() {
        assert!(std::env::var_os("CI").is_none(), "{name} is missing in CI");
        eprintln!("skipping {name}: not in this checkout");
        return;
    }
    let parsed = samizdat::parse(&dir);
    let book = parsed.book.expect("the bundled book parses");
    let built = build_pdf(&book, &dir, &PdfOptions::default()).expect("build");
    let r = &built.report;
    eprintln!("{name}: {}", r.summary());
    assert_eq!(r.overfull_lines, 0, "{name}: {}", r.summary());
    assert!(r.longest_hyphen_run <= 2, "{name}: {}", r.summary());
    assert_eq!(
        (r.widows, r.orphans, r.stranded_headings, r.notes_off_page),
        (0, 0, 0, 0),
        "{name}: {}",
        r.summary()
    );
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pdf_bundled");
    std::fs::create_dir_all(&out).expect("dir");
    let path = out.join(format!("{name}.pdf"));
    std::fs::write(&path, &built.bytes).expect("write");
    pdf_common::assert_qpdf_clean(&path);
    pdf_common::assert_fonts_embedded_and_subset(&path);
    if let Some(text) = pdf_common::pdftotext(&path) {
        assert!(pdf_common::words(&text).len() > 1000, "{name}: little text");
        // Ligatures copy as their letters, never as presentation forms or U+FFFD.
        assert!(!text.contains(['\u{FB00}', '\u{FB01}', '\u{FB02}', '\u{FB03}', '\u{FFFD}']));
    }
    if let Some((ok, out, err)) = pdf_common::run_tool_with(
        "gs",
        &["-q", "-sDEVICE=nullpage", "-dBATCH", "-dNOPAUSE"],
        &path,
        &[],
    ) {
        assert!(
            ok && out.trim().is_empty() && err.trim().is_empty(),
            "gs: {out}{err}"
        );
    }
}

#[test]
fn russia_bureaucracy() {
    check("russia-bureaucracy");
}

#[test]
fn stalin_50_years() {
    check("stalin-50-years");
}
