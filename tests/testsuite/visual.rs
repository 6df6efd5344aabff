//! The visual regression net: a handful of pages of each bundled book, rendered at 50 dpi in
//! grey by pdftoppm and compared with the PNGs under `tests/snapshots/visual/`, so a change of
//! layout is seen (and looked at) rather than found later in print.
//!
//! Two renderings match when few of their pixels differ by much: a glyph's edge moved by a
//! pixel passes, a line reflowed, a figure moved or a page that ends elsewhere do not. With `SNAPSHOTS=overwrite` a page that differs (or has no PNG yet) is
//! written instead; look at the new PNGs before committing them.

use std::path::{Path, PathBuf};

use samizdat::images::{ImageFormat, PictureData, RawColor};

use crate::tools::{self, PDFTOPPM};

crate::tests![
    russia_bureaucracy_pages_look_as_they_did: [PDFTOPPM, RUSSIA_BUREAUCRACY],
    stalin_50_years_pages_look_as_they_did: [PDFTOPPM, STALIN_50_YEARS],
];

/// The resolution of the renderings: enough to see every line, paragraph and figure of a page,
/// little enough that a page's PNG stays under 10 KB in the repository.
const DPI: &str = "50";

/// A pixel differs when its grey level moves by more than this (of 255): ink turned to paper
/// (or the reverse) does, a light grey edge does not.
const PIXEL_TOLERANCE: u8 = 64;

/// The share of a page's pixels that may differ: a few glyphs' edges (a kerning or a rounding
/// change), never a reflowed line (a line of text at 50 dpi is about 0.4 % of the page's pixels,
/// and a reflow moves several).
const PAGE_TOLERANCE: f64 = 0.002;

fn russia_bureaucracy_pages_look_as_they_did() {
    // The title page, the first chapter's opening, a page with a figure, pages with several notes.
    compare(
        "russia-bureaucracy",
        &[
            (3, "visual/russia-bureaucracy-p3.png"),
            (8, "visual/russia-bureaucracy-p8.png"),
            (PAGE_WITH_FIGURES, "visual/russia-bureaucracy-figures.png"),
            (PAGE_WITH_NOTES, "visual/russia-bureaucracy-notes.png"),
        ],
    );
}

/// A page of russia-bureaucracy with figures (physical page, counted from 1).
const PAGE_WITH_FIGURES: u32 = 22;
/// A page of russia-bureaucracy with several notes at its foot.
const PAGE_WITH_NOTES: u32 = 64;

fn stalin_50_years_pages_look_as_they_did() {
    // The epigraph with its attribution's dash, a page with a numbered list.
    compare(
        "stalin-50-years",
        &[
            (7, "visual/stalin-50-years-p7.png"),
            (12, "visual/stalin-50-years-p12.png"),
        ],
    );
}

/// Builds a bundled book's PDF, renders each `(page, snapshot)` and compares it with its PNG.
fn compare(book: &str, pages: &[(u32, &str)]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("manuscript").join(book);
    let parsed = crate::common::parse(&dir);
    let model = parsed.book.expect("the bundled book parses");
    let built =
        crate::common::pdf_tools::build_pdf(&model, &dir, &Default::default()).expect("a PDF");
    let out = crate::common::output_dir(&format!("visual-{book}"));
    let pdf = out.join(format!("{book}.pdf"));
    std::fs::write(&pdf, &built.bytes).expect("the PDF written");
    let overwrite = std::env::var_os("SNAPSHOTS").is_some_and(|v| v == "overwrite");
    let mut failures = Vec::new();
    for &(page, name) in pages {
        let png = render(&pdf, page, &out);
        let stored = root.join("tests/snapshots").join(name);
        let verdict = match std::fs::read(&stored) {
            Ok(expected) => differ(&expected, &std::fs::read(&png).expect("the rendering")),
            Err(_) => Some("no stored PNG".to_owned()),
        };
        match verdict {
            None => {}
            Some(why) if overwrite => {
                crate::log!("{name}: {why}; rewritten");
                std::fs::copy(&png, &stored).expect("the snapshot written");
            }
            Some(why) => failures.push(format!(
                "page {page} ({name}): {why}; the new rendering is {}",
                png.display()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "pages that changed (if the change is right, SNAPSHOTS=overwrite cargo test -- visual \
         and look at the PNGs):\n{}",
        failures.join("\n")
    );
}

/// Renders page `page` of `pdf` in grey at [`DPI`], returning the PNG's path.
fn render(pdf: &Path, page: u32, out: &Path) -> PathBuf {
    let number = page.to_string();
    let prefix = out.join(format!("page-{page}"));
    let status = tools::command(&PDFTOPPM)
        .args(["-gray", "-png", "-singlefile", "-r", DPI])
        // Without anti-aliasing: fewer grey levels (PNGs a seventh the size) and no rendering
        // detail that varies between poppler versions.
        .args(["-aa", "no", "-aaVector", "no"])
        .args(["-f", &number, "-l", &number])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success(), "pdftoppm failed on page {page}");
    prefix.with_extension("png")
}

/// Why two PNG renderings differ, or `None` when they match within the tolerances.
fn differ(expected: &[u8], actual: &[u8]) -> Option<String> {
    let Some((ew, eh, e)) = grey(expected) else {
        return Some("the stored PNG cannot be read".to_owned());
    };
    let Some((aw, ah, a)) = grey(actual) else {
        return Some("the rendering cannot be read".to_owned());
    };
    if (ew, eh) != (aw, ah) {
        return Some(format!("{aw}x{ah} pixels, stored {ew}x{eh}"));
    }
    let changed = e
        .iter()
        .zip(&a)
        .filter(|(x, y)| x.abs_diff(**y) > PIXEL_TOLERANCE)
        .count();
    let share = changed as f64 / e.len().max(1) as f64;
    (share > PAGE_TOLERANCE).then(|| format!("{:.2} % of the pixels differ", share * 100.0))
}

/// A PNG's width, height and grey levels (pdftoppm writes its grey renderings as RGB; each pixel
/// becomes the mean of its components).
fn grey(png: &[u8]) -> Option<(u32, u32, Vec<u8>)> {
    let picture = samizdat::images::decode(png, ImageFormat::Png).ok()?;
    let levels = match picture.data {
        PictureData::Raw {
            color: RawColor::Gray,
            pixels,
            ..
        } => pixels,
        PictureData::Raw {
            color: RawColor::Rgb,
            pixels,
            ..
        } => pixels
            .chunks_exact(3)
            .map(|p| ((u16::from(p[0]) + u16::from(p[1]) + u16::from(p[2])) / 3) as u8)
            .collect(),
        PictureData::Jpeg { .. } => return None,
    };
    let expected = picture.width_px as usize * picture.height_px as usize;
    (levels.len() == expected).then_some((picture.width_px, picture.height_px, levels))
}
