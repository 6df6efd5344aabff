//! A whole (small) book through layout and the PDF writer: validators, text, report, reproducibility.

use std::path::Path;

use crate::common::pdf_tools::build_pdf;
use samizdat::pdf::PdfOptions;

use crate::common::{self, model_books as book, pdf_tools};

crate::tests![
    sample_book_builds_reproducibly_with_a_clean_report,
    sample_book_passes_the_validators_and_reads_back: [QPDF, PDFFONTS, PDFTOTEXT],
    outline_links_labels_and_metadata_read_back,
    recto_openings_add_a_blank_verso,
    the_colophon_gives_the_e_books_particulars: [PDFTOTEXT],
];

fn sample_book_builds_reproducibly_with_a_clean_report() {
    let book = book::sample();
    let built = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    let again = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    assert!(built.bytes == again.bytes, "two builds differ");
    crate::log!("{}", built.report.summary());
    let report = &built.report;
    assert!(report.lines > 50, "{report:?}");
    assert_eq!(report.overfull_lines, 0, "{report:?}");
    assert_eq!(report.notes_off_page, 0, "{report:?}");
    assert_eq!(report.widows, 0, "{report:?}");
    assert_eq!(report.orphans, 0, "{report:?}");
    assert_eq!(report.stranded_headings, 0, "{report:?}");
}

fn sample_book_passes_the_validators_and_reads_back() {
    let built = build_pdf(&book::sample(), Path::new("."), &PdfOptions::default()).expect("build");
    let path = common::output_dir("pdf_book-validators").join("sample.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
    pdf_tools::assert_fonts_embedded_and_subset(&path);
    let flat = pdf_tools::words(&pdf_tools::pdftotext(&path)).join(" ");
    assert!(flat.contains("The congress met in a cold hall"), "{flat}");
    assert!(flat.contains("Paper and Print"), "{flat}");
}

/// The printed colophon (page iv) gives the particulars the e-book's does, from the one list both
/// print: a UUID not at all, and no build date, which without `SOURCE_DATE_EPOCH` would be the
/// book's own date or 1970.
fn the_colophon_gives_the_e_books_particulars() {
    let book = book::sample();
    let built = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    let path = common::output_dir("pdf_book-colophon").join("sample.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    let text = pdf_tools::pdftotext(&path);
    let page = text.split('\u{c}').nth(3).expect("page iv");
    let flat = pdf_tools::words(page).join(" ");
    let particulars = samizdat::labels::colophon(&book.metadata);
    assert_eq!(particulars.len(), 4, "{particulars:?}");
    for (_, line) in &particulars {
        let words = pdf_tools::words(line).join(" ");
        assert!(flat.contains(&words), "{words} in {flat}");
    }
    assert!(flat.contains("by Test Author"), "{flat}");
    assert!(flat.contains("Date of publication: 2024"), "{flat}");
    assert!(
        flat.ends_with("Typeset with samizdat in Vollkorn."),
        "{flat}"
    );
    assert!(!flat.contains("1234") && !flat.contains("UUID"), "{flat}");
}

fn outline_links_labels_and_metadata_read_back() {
    let book = book::sample();
    let built = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    let doc = lopdf::Document::load_mem(&built.bytes).expect("read back");
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"PageMode").and_then(|o| o.as_name()).ok(),
        Some(&b"UseOutlines"[..])
    );
    // Outline: "1. The Congress" with its section, then "2. Paper and Print".
    let title = |id: lopdf::ObjectId| -> String {
        let dict = doc.get_dictionary(id).expect("entry");
        let bytes = dict.get(b"Title").and_then(|o| o.as_str()).expect("title");
        String::from_utf8_lossy(bytes).into_owned()
    };
    let reference =
        |dict: &lopdf::Dictionary, key: &[u8]| dict.get(key).and_then(|o| o.as_reference()).ok();
    let root = doc
        .get_dictionary(reference(catalog, b"Outlines").expect("outlines"))
        .expect("root");
    let contents = reference(root, b"First").expect("first");
    assert_eq!(title(contents), "Contents");
    let first = reference(doc.get_dictionary(contents).expect("contents"), b"Next").expect("next");
    assert_eq!(title(first), "1. The Congress");
    let first_dict = doc.get_dictionary(first).expect("first");
    let child = reference(first_dict, b"First").expect("a section under chapter 1");
    assert_eq!(title(child), "In the provinces");
    let second = reference(first_dict, b"Next").expect("chapter 2");
    assert_eq!(title(second), "2. Paper and Print");
    let credits = reference(root, b"Last").expect("last");
    assert_eq!(title(credits), "Picture credits");
    // Page labels: roman from 0, arabic from 6.
    let labels = catalog
        .get(b"PageLabels")
        .and_then(|o| o.as_dict())
        .expect("labels");
    let nums = labels
        .get(b"Nums")
        .and_then(|o| o.as_array())
        .expect("nums");
    assert_eq!(nums[0].as_i64().ok(), Some(0));
    assert_eq!(nums[2].as_i64().ok(), Some(6));
    // Every link annotation is borderless and has a destination or a URI; notes link both ways.
    let mut links = 0;
    for (_, page) in doc.get_pages() {
        let page = doc.get_dictionary(page).expect("page");
        let Ok(annots) = page.get(b"Annots").and_then(|o| o.as_array()) else {
            continue;
        };
        for annot in annots {
            let annot = doc
                .get_dictionary(annot.as_reference().expect("ref"))
                .expect("annot");
            let border = annot
                .get(b"Border")
                .and_then(|o| o.as_array())
                .expect("border");
            assert!(border.iter().all(|o| matches!(o.as_i64(), Ok(0))));
            assert!(annot.get(b"Dest").is_ok() || annot.get(b"A").is_ok());
            links += 1;
        }
    }
    // Contents (2) + credits (1) + two note marks and their two notes.
    assert!(links >= 7, "{links} links");
    // Metadata: XMP stream and Info agree on the title.
    let metadata = doc
        .get_object(reference(catalog, b"Metadata").expect("xmp"))
        .and_then(|o| o.as_stream())
        .expect("xmp stream");
    let xmp = String::from_utf8_lossy(&metadata.content);
    assert!(xmp.contains("Pages Under Test") && xmp.contains("2024-01-01T00:00:00Z"));
}

fn recto_openings_add_a_blank_verso() {
    let dir = common::output_dir("pdf_book-recto");
    let style = std::fs::read_to_string("styles/default.toml").expect("default style");
    let style = if style.contains("chapter_opening = \"any\"") {
        style.replace("chapter_opening = \"any\"", "chapter_opening = \"recto\"")
    } else {
        format!("{style}\n[print.page]\nchapter_opening = \"recto\"\n")
    };
    std::fs::write(dir.join("recto.toml"), style).expect("style");
    let mut book = book::sample();
    book.style = "recto.toml".to_owned();
    let style = samizdat::style::load("recto.toml", &dir).expect("style");
    assert!(style.style.print.page.recto_openings());
    let fonts = samizdat::text::FontBook::load(&style).expect("fonts");
    let hyphenator = samizdat::text::Hyphenator::for_book(&book, &style.style.print.text);
    // Chapter 2 would open on a verso: make chapter 1 one page longer than the sample's.
    let mut blanks = 0;
    for extra in 0..3 {
        let mut book = book.clone();
        book.chapters[0]
            .blocks
            .extend((0..extra * 6).map(|i| book::para(i, 4)));
        let out = samizdat::layout::paginate(&book, &style, &fonts, &hyphenator);
        let pages = &out.layout.pages;
        let two = pages
            .iter()
            .position(|p| p.anchors.iter().any(|(a, _)| a == "two"))
            .expect("chapter two");
        assert_eq!(two % 2, 0, "extra {extra}: chapter two on a verso");
        if pages[two - 1].items.is_empty() {
            blanks += 1;
        }
    }
    assert!(
        blanks > 0,
        "no case needed a blank verso: the test tests nothing"
    );
}
