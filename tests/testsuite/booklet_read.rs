//! Booklets read back as their reader meets them: each sheet side's halves read with pdftotext,
//! the backs turned as the printer turns them, the sheets nested and read page by page, in the
//! reading PDF's order. The duplex calibration sheet read for both kinds of printer, and the
//! e-book's cover image.

use std::path::{Path, PathBuf};

use samizdat::build::{BookletRequest, Format};
use samizdat::impose::signature_sizes;
use samizdat::pdf::PdfOptions;
use samizdat::style::{CoverMode, Duplex, Signature};

use crate::common::booklet::{
    book, build_booklet, halves, output, page_words, read_signature, reading_pdf, turned, upright,
    Half,
};
use crate::common::{self, epubcheck, pdf_tools};

crate::tests![
    the_sample_booklet_folds_into_reading_order: [PDFTOTEXT, QPDF, PDFFONTS],
    the_bundled_booklets_fold_into_reading_order: [PDFTOTEXT, QPDF, PDFFONTS, RUSSIA_BUREAUCRACY, STALIN_50_YEARS],
    the_calibration_sheet_shows_the_setting_for_either_printer: [PDFTOTEXT, QPDF],
    the_ebook_cover_is_the_printed_cover_drawn: [EPUBCHECK],
    a_picture_cover_passes_epubcheck: [EPUBCHECK],
];

/// How a booklet is made and printed, and what its covers must say.
struct Case<'a> {
    dir: PathBuf,
    name: &'a str,
    request: BookletRequest,
    /// Words of the front cover and of the back cover.
    front: &'a str,
    back: &'a str,
}

fn has(half: &Half, word: &str) -> bool {
    half.iter().any(|w| w == word)
}

/// Builds the case's booklet, checks it with qpdf and pdffonts, reads it folded and compares
/// it with the reading PDF page by page.
fn check(case: &Case<'_>) {
    let built = build_booklet(
        &case.dir,
        &[Format::Pdf],
        case.request,
        PdfOptions::default(),
    );
    let out = common::output_dir(&format!("booklet_read-{}", case.name));
    let write = |suffix: &str| -> PathBuf {
        let path = out.join(format!("{}{suffix}", case.name));
        std::fs::write(&path, output(&built, suffix)).expect("write");
        path
    };
    let booklet = write(".booklet.pdf");
    let reading = out.join(format!("{}.pdf", case.name));
    std::fs::write(&reading, reading_pdf(&built)).expect("write");
    pdf_tools::assert_qpdf_clean(&booklet);
    pdf_tools::assert_fonts_embedded_and_subset(&booklet);
    let printer = case.request.duplex.unwrap_or(Duplex::Short);
    let sides = halves(&booklet, printer);
    let mut wrapped = false;
    let mut folded: Vec<Half> = Vec::new();

    let mut sheets = sides.len() / 2;
    let cover_sheet = |sides: &[(Half, Half)]| {
        assert_eq!(sides.len(), 2, "one cover sheet");
        let read = read_signature(sides);
        assert!(
            has(&read[0], case.front) && has(&read[3], case.back),
            "{read:?}"
        );
        assert!(read[1].is_empty() && read[2].is_empty(), "{read:?}");
    };
    match case.request.cover.unwrap_or(CoverMode::SelfCover) {
        CoverMode::SelfCover if case.request.signature.is_none() => wrapped = true,
        CoverMode::SelfCover => {
            // Several signatures: the cover is a sheet of its own, first.
            cover_sheet(&sides[..2]);
            sheets -= 1;
        }
        CoverMode::Separate => cover_sheet(&halves(&write(".cover.pdf"), printer)),
        CoverMode::None => {}
    }
    let mut start = sides.len() - 2 * sheets;
    for size in signature_sizes(sheets, case.request.signature.map(|s| s.0 as usize)) {
        folded.extend(read_signature(&sides[start..start + 2 * size]));
        start += 2 * size;
    }
    let reading = page_words(&reading);
    let pages = if wrapped {
        let (front, back) = (&folded[0], &folded[folded.len() - 1]);
        assert!(has(front, case.front), "front cover: {front:?}");
        assert!(has(back, case.back), "back cover: {back:?}");
        assert!(folded[1].is_empty() && folded[folded.len() - 2].is_empty());
        &folded[2..folded.len() - 2]
    } else {
        &folded[..]
    };
    assert!(
        pages.len() >= reading.len() && pages.len() < reading.len() + 4,
        "{} pages folded for {} read",
        pages.len(),
        reading.len()
    );
    let printed =
        |pages: &[Half]| -> Vec<Half> { pages.iter().filter(|p| !p.is_empty()).cloned().collect() };
    let (got, want) = (printed(pages), printed(&reading));
    for (n, (got, want)) in got.iter().zip(&want).enumerate() {
        assert_eq!(got, want, "{}: the {}th printed page", case.name, n + 1);
    }
    assert_eq!(got.len(), want.len());
}

fn the_sample_booklet_folds_into_reading_order() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample");
    check(&Case {
        dir,
        name: "sample",
        request: BookletRequest::default(),
        front: "Sample",
        back: "exercises",
    });
}

fn the_bundled_booklets_fold_into_reading_order() {
    let manuscript = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    check(&Case {
        dir: manuscript.join("russia-bureaucracy"),
        name: "russia-bureaucracy",
        request: BookletRequest::default(),
        front: "Russia",
        back: "pamphlet",
    });
    check(&Case {
        dir: manuscript.join("stalin-50-years"),
        name: "stalin-50-years",
        request: BookletRequest {
            duplex: Some(Duplex::Long),
            signature: Some(Signature::new(2).expect("two sheets")),
            cover: Some(CoverMode::Separate),
        },
        front: "tyrant",
        back: "fiftieth",
    });
    check(&Case {
        dir: manuscript.join("stalin-50-years"),
        name: "stalin-50-years-self",
        request: BookletRequest {
            duplex: Some(Duplex::Long),
            signature: Some(Signature::new(4).expect("four sheets")),
            cover: None,
        },
        front: "tyrant",
        back: "fiftieth",
    });
}

fn the_calibration_sheet_shows_the_setting_for_either_printer() {
    let bytes = samizdat::calibrate::calibration_sheet(samizdat::calibrate::CalibrationPaper::A4)
        .expect("the sheet");
    let path = common::output_dir("booklet_read-calibration").join("calibration.pdf");
    std::fs::write(&path, bytes).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
    let pages = pdf_tools::bbox_words(&path);
    assert_eq!(pages.len(), 2);
    let front: Vec<&str> = pages[0].words.iter().map(|w| w.text.as_str()).collect();
    assert!(front.contains(&"FRONT"), "{front:?}");
    // The back as each printer gives it, the sheet turned over like a page of a book.
    for (printer, message) in [(Duplex::Short, "SHORT"), (Duplex::Long, "LONG")] {
        let back = match printer {
            Duplex::Short => pages[1].clone(),
            Duplex::Long => turned(pages[1].clone()),
        };
        for name in ["SHORT", "LONG"] {
            let at = back.words.iter().position(|w| w.text == name).expect(name);
            // The message's words: its heading and the lines under it, on one half.
            let middle = back.width / 2.0;
            let left = back.words[at].x_min < middle;
            let words: Vec<_> = back
                .words
                .iter()
                .filter(|w| (w.x_min < middle) == left)
                .collect();
            let readable = upright(&words);
            assert_eq!(
                readable,
                name == message,
                "{printer:?}: {name} upright: {readable}"
            );
            let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
            let option = name.to_lowercase();
            assert!(text.contains(&option.as_str()), "{text:?}");
        }
    }
}

fn the_ebook_cover_is_the_printed_cover_drawn() {
    let dir = book("booklet-epub-cover", 2, "", &[]);
    let built = build_booklet(
        &dir,
        &[Format::Epub],
        BookletRequest::default(),
        PdfOptions::default(),
    );
    let epub = output(&built, ".epub");
    epubcheck::assert_clean(epub, "booklet-cover");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(epub)).expect("a zip");
    let mut read = |name: &str| -> Vec<u8> {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut zip.by_name(name).expect(name), &mut bytes).expect(name);
        bytes
    };
    let opf = String::from_utf8(read("OEBPS/content.opf")).expect("UTF-8");
    assert!(
        opf.contains("properties=\"cover-image\" id=\"cover-image\" href=\"images/cover.png\""),
        "{opf}"
    );
    assert!(
        opf.contains("<meta name=\"cover\" content=\"cover-image\"/>"),
        "{opf}"
    );
    let spine = &opf[opf.find("<spine").expect("a spine")..];
    let first = spine.find("<itemref").expect("an itemref");
    assert!(
        spine[first..].starts_with("<itemref idref=\"id_cover.xhtml\""),
        "{spine}"
    );
    // 2560 pixels tall, in the page's proportions, grey: the front as the booklet prints it.
    let png = read("OEBPS/images/cover.png");
    let decoder = png::Decoder::new(std::io::Cursor::new(png));
    let mut reader = decoder.read_info().expect("a PNG");
    let mut pixels = vec![0; reader.output_buffer_size().expect("a size")];
    let info = reader.next_frame(&mut pixels).expect("pixels");
    assert_eq!((info.width, info.height), (1804, 2560));
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    // The heavy rule under the top margin (20 mm of 210): black across the measure (22 mm in
    // from each side), white above it.
    let px_per_mm = 2560.0 / 210.0;
    let row = |mm: f64| (mm * px_per_mm).round() as usize;
    let at = |x: usize, y: usize| pixels[y * 1804 + x];
    let (left, right) = (row(22.0) + 2, row(126.0) - 2);
    assert!((left..right).all(|x| at(x, row(20.0)) < 64), "the rule");
    assert!(
        (left..right).all(|x| at(x, row(18.0)) == 255),
        "above the rule"
    );
}

fn a_picture_cover_passes_epubcheck() {
    let dir = book(
        "booklet-epub-picture",
        1,
        "cover = \"images/front.png\"\n",
        &[],
    );
    std::fs::create_dir_all(dir.join("images")).expect("images");
    std::fs::write(dir.join("images/front.png"), common::png(160, 256)).expect("picture");
    let built = build_booklet(
        &dir,
        &[Format::Epub],
        BookletRequest::default(),
        PdfOptions::default(),
    );
    epubcheck::assert_clean(output(&built, ".epub"), "booklet-picture-cover");
}
