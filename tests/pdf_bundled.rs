//! The bundled books through the whole print pipeline: the "done when" of issues 4 and 5 that
//! page layout and the PDF writer answer for.

mod pdf_common;

use std::path::{Path, PathBuf};

use pdf_common::build_pdf;
use samizdat::pdf::PdfOptions;

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

/// Long pages come in spreads: a long verso faces a long recto, and a long recto faces a long
/// verso unless it opens a chapter.
#[test]
fn long_pages_come_in_spreads() {
    let dir = Path::new("manuscript/russia-bureaucracy");
    if !dir.join("book.toml").is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "the bundled book is missing in CI"
        );
        return;
    }
    let book = samizdat::parse(dir).book.expect("parses");
    let style = samizdat::style::load(&book.style, dir).expect("style");
    let fonts = samizdat::text::FontBook::load(&style).expect("fonts");
    let hyphenator = samizdat::text::Hyphenator::for_book(&book, &style.style.print.text);
    let pages = samizdat::layout::paginate(&book, &style, &fonts, &hyphenator)
        .layout
        .pages;
    let long: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].long).collect();
    assert!(!long.is_empty(), "no long pages: the test tests nothing");
    for &i in &long {
        let verso = i % 2 == 1;
        if verso {
            assert!(
                pages.get(i + 1).is_some_and(|p| p.long),
                "long verso {i} faces a short recto"
            );
        } else if !pages[i].opening {
            assert!(pages[i - 1].long, "long recto {i} faces a short verso");
        }
    }
}
