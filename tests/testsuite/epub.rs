//! The EPUB backend on books built by hand: markup, metadata, packaging, reproducibility and
//! EPUBCheck.

mod fixture;

use std::io::Cursor;

use samizdat::model::{Image, ImageFormat, Inline, LinkTarget};

use crate::common;
use fixture::{build, default_style, figure, para, plain_book, sample_book, scratch, text, Epub};

crate::tests![
    mimetype_comes_first_and_stored,
    two_builds_are_byte_identical,
    package_metadata_is_complete,
    a_text_only_book_claims_no_pictures,
    every_xhtml_document_carries_the_language,
    footnotes_are_noteref_and_aside_pairs,
    figures_carry_captions_credits_and_placeholders,
    picture_credits_link_to_every_figure,
    text_markup_links_and_structure,
    front_and_back_matter_and_navigation,
    fonts_are_embedded_when_the_style_asks,
    epubcheck_passes_a_book_without_embedded_fonts: [EPUBCHECK],
    jpeg_pictures_get_their_media_type_and_one_file_serves_two_figures,
    unknown_anchor_is_an_error_not_a_panic,
    epubcheck_passes_the_sample_book: [EPUBCHECK],
    epubcheck_passes_the_plain_book: [EPUBCHECK],
];

fn mimetype_comes_first_and_stored() {
    let dir = scratch("mimetype");
    let bytes = build(&sample_book(&dir));
    // The OCF container: a local header at 0 whose name is `mimetype`, method 0 (stored), and the
    // media type right after the name, so that `file` and reading systems can sniff it.
    assert_eq!(&bytes[0..4], b"PK\x03\x04");
    assert_eq!(u16::from_le_bytes([bytes[8], bytes[9]]), 0, "stored");
    assert_eq!(&bytes[30..38], b"mimetype");
    assert_eq!(&bytes[38..58], b"application/epub+zip");
    let epub = Epub::open(&bytes);
    assert_eq!(epub.names[0], "mimetype");
    assert_eq!(
        &epub.names[1..4],
        [
            "META-INF/container.xml",
            "META-INF/com.apple.ibooks.display-options.xml",
            "OEBPS/content.opf"
        ]
    );
}

fn two_builds_are_byte_identical() {
    let dir = scratch("twice");
    let book = sample_book(&dir);
    let first = build(&book);
    let second = build(&book);
    assert!(first == second, "two builds differ");
    let mut archive = zip::ZipArchive::new(Cursor::new(first.as_slice())).expect("zip");
    for i in 0..archive.len() {
        let file = archive.by_index(i).expect("entry");
        let time = file.last_modified().expect("a time stamp");
        assert_eq!(
            (time.year(), time.month(), time.day(), time.hour()),
            (2026, 11, 22, 0),
            "{}",
            file.name()
        );
    }
    // A modification time before the zip epoch is clamped to 1980-01-01.
    let mut archive = zip::ZipArchive::new(Cursor::new(build(&plain_book()))).expect("zip");
    let time = archive
        .by_index(0)
        .expect("entry")
        .last_modified()
        .expect("time");
    assert_eq!((time.year(), time.month(), time.day()), (1980, 1, 1));
}

fn package_metadata_is_complete() {
    let dir = scratch("metadata");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let opf = epub.text("OEBPS/content.opf");
    common::snapshot("epub/content.opf", &opf);
    for expected in [
        "<package xml:lang=\"en-GB\" version=\"3.0\"",
        "unique-identifier=\"epub-id-1\"",
        "<dc:identifier id=\"epub-id-1\">urn:isbn:9780000000002</dc:identifier>",
        "<dc:title id=\"title\">The Revolution Betrayed &amp; &lt;Other&gt; Essays</dc:title>",
        "<meta refines=\"#title\" property=\"title-type\">main</meta>",
        "<dc:title id=\"subtitle\">What Is the Soviet Union</dc:title>",
        "<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>",
        "<dc:creator id=\"creator-1\">Leon Trotsky</dc:creator>",
        "<meta refines=\"#creator-1\" property=\"role\" scheme=\"marc:relators\">aut</meta>",
        "<dc:creator id=\"creator-2\">A. Translator</dc:creator>",
        "<dc:language>en-GB</dc:language>",
        "<dc:date>1937</dc:date>",
        "<dc:publisher>Samizdat Press</dc:publisher>",
        "<dc:rights>Public domain.</dc:rights>",
        "<dc:description>Two essays.</dc:description>",
        "<dc:subject>History</dc:subject>",
        "<dc:subject>Soviet Union</dc:subject>",
        "<meta property=\"dcterms:modified\">2026-11-22T00:00:00Z</meta>",
        "<meta property=\"schema:accessMode\">textual</meta>",
        "<meta property=\"schema:accessMode\">visual</meta>",
        "<meta property=\"schema:accessModeSufficient\">textual</meta>",
        "<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>",
        "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>",
        "<meta property=\"schema:accessibilityFeature\">readingOrder</meta>",
        "<meta property=\"schema:accessibilityFeature\">alternativeText</meta>",
        "<meta property=\"schema:accessibilityHazard\">none</meta>",
        "<meta property=\"schema:accessibilitySummary\">",
        "media-type=\"image/png\" id=\"id_images_image-1.png\" href=\"images/image-1.png\"",
        "href=\"images/image-2.png\"",
        "media-type=\"font/ttf\" id=\"id_fonts_Vollkorn-Regular.ttf\"",
        "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>",
    ] {
        assert!(opf.contains(expected), "missing {expected} in\n{opf}");
    }
    // No random UUID from epub-builder survives, and the identifier appears once.
    assert_eq!(opf.matches("<dc:identifier").count(), 1);
    assert!(!opf.contains("urn:uuid:"));
    // The spine: title page, contents, the three chapter files, credits, colophon.
    let spine: Vec<&str> = opf
        .split("<itemref idref=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(
        spine,
        [
            "id_title.xhtml",
            "id_contents.xhtml",
            "id_chapter-000.xhtml",
            "id_chapter-001.xhtml",
            "id_chapter-002.xhtml",
            "id_credits.xhtml",
            "id_colophon.xhtml"
        ]
    );
    // The NCX carries the identifier.
    let ncx = epub.text("OEBPS/toc.ncx");
    assert!(ncx.contains("<meta name=\"dtb:uid\" content=\"urn:isbn:9780000000002\" />"));
    assert!(ncx.contains("<meta name=\"dtb:depth\" content=\"3\" />"));
    assert!(ncx.contains(
        "<docTitle>\n    <text>The Revolution Betrayed &amp; &lt;Other&gt; Essays</text>\n  </docTitle>"
    ));
    // Pictures in the manifest in reading order.
    let red = opf.find("href=\"images/image-1.png\"");
    let blue = opf.find("href=\"images/image-2.png\"");
    assert!(red < blue);
}

fn a_text_only_book_claims_no_pictures() {
    let epub = Epub::open(&build(&plain_book()));
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("<dc:identifier id=\"epub-id-1\">urn:uuid:6f1c2a5e-8d2b-4c8e-9a51-0c6f2b7d9e10</dc:identifier>"));
    assert!(!opf.contains("schema:accessMode\">visual"));
    assert!(!opf.contains("alternativeText"));
    assert!(!opf.contains("subtitle"));
    assert!(!opf.contains("<dc:date>"));
    // No figures: no picture-credits page, in the spine, the contents or the landmarks.
    assert!(!epub.files.contains_key("OEBPS/credits.xhtml"));
    assert!(!epub.text("OEBPS/contents.xhtml").contains("credits"));
    assert!(!epub.text("OEBPS/nav.xhtml").contains("credits"));
}

fn every_xhtml_document_carries_the_language() {
    let dir = scratch("languages");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let xhtml: Vec<&String> = epub
        .names
        .iter()
        .filter(|n| n.ends_with(".xhtml"))
        .collect();
    assert_eq!(xhtml.len(), 8, "{xhtml:?}");
    for name in xhtml {
        let doc = epub.text(name);
        let html = doc
            .split("<html ")
            .nth(1)
            .and_then(|s| s.split('>').next())
            .unwrap_or_else(|| panic!("no <html> in {name}"));
        assert!(html.contains("lang=\"en-GB\""), "{name}: {html}");
        assert!(html.contains("xml:lang=\"en-GB\""), "{name}: {html}");
    }
}

fn footnotes_are_noteref_and_aside_pairs() {
    let dir = scratch("notes");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let one = epub.text("OEBPS/chapter-001.xhtml");
    assert!(one.contains(
        "<a epub:type=\"noteref\" role=\"doc-noteref\" class=\"noteref\" \
         href=\"#the-soviet-state-fn-1\" id=\"the-soviet-state-ref-1\">1</a>"
    ));
    assert!(one.contains("href=\"#the-soviet-state-fn-1\" id=\"the-soviet-state-ref-1-2\">1</a>"));
    assert!(one.contains(
        "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"the-soviet-state-fn-1\" \
         class=\"footnote\">\n<p><a class=\"note-number\" role=\"doc-backlink\" \
         href=\"#the-soviet-state-ref-1\">1.</a> Engels, first paragraph.</p>\n\
         <p>Second paragraph of the note.</p>\n</aside>"
    ));
    // One aside per note, after the chapter's content.
    assert_eq!(one.matches("<aside").count(), 1);
    assert!(one.find("</section>\n<aside").is_some());
    // A note that opens with a quotation gets a line of its own for the number.
    let two = epub.text("OEBPS/chapter-002.xhtml");
    assert!(two.contains(
        "<p class=\"note-head\"><a class=\"note-number\" role=\"doc-backlink\" \
         href=\"#bureaucracy-ref-1\">1.</a></p>\n<blockquote>\n<p>A quoted note.</p>"
    ));
}

fn figures_carry_captions_credits_and_placeholders() {
    let dir = scratch("figures");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let one = epub.text("OEBPS/chapter-001.xhtml");
    assert!(one.contains(
        "<figure id=\"fig-1-1\" class=\"figure\">\n<img src=\"images/image-1.png\" \
         alt=\"A red square\"/>\n<figcaption><span class=\"caption\">A red square</span> \
         <span class=\"credit\">Photo: A. Rodchenko</span></figcaption>\n</figure>"
    ));
    // FPO: a framed box with the caption and credit, and no <img> at all.
    let fpo_start = one.find("<figure id=\"fig-1-2\"").expect("the FPO figure");
    let fpo = &one[fpo_start..];
    let fpo = &fpo[..fpo.find("</figure>").expect("end of figure")];
    assert!(fpo.contains("class=\"figure fpo\""));
    assert!(fpo.contains("<div class=\"fpo-frame\" role=\"img\""));
    assert!(fpo.contains("<span class=\"fpo-mark\">FPO</span>"));
    assert!(fpo.contains("<span class=\"credit\">Drawing: nobody</span>"));
    assert!(!fpo.contains("<img"));
    assert!(!epub.names.iter().any(|n| n.contains("missing")));
    // A figure without credit has no credit element.
    let two = epub.text("OEBPS/chapter-002.xhtml");
    assert!(two.contains(
        "<img src=\"images/image-2.png\" alt=\"A blue square\"/>\n<figcaption><span \
         class=\"caption\">A blue square</span></figcaption>"
    ));
    // The pictures are in the book, byte for byte.
    assert_eq!(
        epub.files["OEBPS/images/image-1.png"],
        common::png_rgb(1, 1, [200, 0, 0])
    );
    // The stylesheet frames the placeholder.
    let css = epub.text("OEBPS/stylesheet.css");
    assert!(css.contains("figure.fpo .fpo-frame"));
    assert!(css.contains("hyphens: auto"));
}

fn picture_credits_link_to_every_figure() {
    let dir = scratch("credits");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let credits = epub.text("OEBPS/credits.xhtml");
    assert!(credits.contains("<h1 id=\"credits-heading\">Picture credits</h1>"));
    assert!(credits.contains(
        "<li><a href=\"chapter-001.xhtml#fig-1-1\">A red square</a> \
         <span class=\"credit\">Photo: A. Rodchenko</span></li>"
    ));
    assert!(credits.contains(
        "<li><a href=\"chapter-001.xhtml#fig-1-2\">Not yet drawn</a> \
         <span class=\"credit\">Drawing: nobody</span></li>"
    ));
    assert!(credits.contains("<li><a href=\"chapter-002.xhtml#fig-2-1\">A blue square</a></li>"));
}

fn text_markup_links_and_structure() {
    let dir = scratch("markup");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let opening = epub.text("OEBPS/chapter-000.xhtml");
    assert!(opening.contains("<p>An <em>opening</em> section,<br/>in two lines &amp; more.</p>"));
    let one = epub.text("OEBPS/chapter-001.xhtml");
    assert!(one.contains(
        "<h1 id=\"the-soviet-state-heading\"><span class=\"chapter-number\">1</span> \
         <span class=\"chapter-title\">The Soviet State</span></h1>"
    ));
    assert!(one.contains(
        "<blockquote>\n<p>Words, words &lt;and&gt; words.</p>\n\
         <p class=\"attribution\">\u{2014}\u{a0}L. T., 1937</p>\n</blockquote>"
    ));
    assert!(one.contains("<ul>\n<li>first</li>\n<li>\n<p>second</p>\n<p>more</p>\n</li>\n</ul>"));
    assert!(one.contains("<ol start=\"3\">\n<li>third</li>\n</ol>"));
    // The `###` section nests inside the `##` one.
    assert!(one.contains(
        "<section id=\"permanent-revolution\" aria-labelledby=\"permanent-revolution-heading\">\n\
         <h2 id=\"permanent-revolution-heading\">Permanent Revolution</h2>"
    ));
    let nested = one.find("<h3 id=\"placeholder-heading\">").expect("h3");
    let closes = one[..nested].matches("</section>").count();
    assert_eq!(closes, 0, "the ### section is inside the ## one");
    let two = epub.text("OEBPS/chapter-002.xhtml");
    assert!(
        two.contains("<a href=\"chapter-001.xhtml#permanent-revolution\">Permanent Revolution</a>")
    );
    assert!(two.contains("<a href=\"https://example.org/?a=1&amp;b=2\">elsewhere</a>"));
    assert!(two.contains("<hr class=\"break\"/>"));
    assert!(two.contains("<pre><code>let x = 1 &lt; 2;</code></pre>"));
    assert!(two.contains("<strong>Strong</strong> and <code>&lt;code&gt;</code>"));
}

fn front_and_back_matter_and_navigation() {
    let dir = scratch("pages");
    let epub = Epub::open(&build(&sample_book(&dir)));
    let title = epub.text("OEBPS/title.xhtml");
    assert!(title
        .contains("<h1 class=\"title\">The Revolution Betrayed &amp; &lt;Other&gt; Essays</h1>"));
    assert!(title.contains("<p class=\"subtitle\">What Is the Soviet Union</p>"));
    assert!(title.contains("<p class=\"authors\">Leon Trotsky and A. Translator</p>"));
    let contents = epub.text("OEBPS/contents.xhtml");
    assert!(contents.contains(
        "<li><a href=\"chapter-002.xhtml#bureaucracy\"><span class=\"chapter-number\">2</span> \
         The <em>Bureaucracy</em></a>"
    ));
    assert!(contents.contains(
        "<li><a href=\"chapter-001.xhtml#permanent-revolution\">Permanent Revolution</a></li>"
    ));
    assert!(contents.contains("<a href=\"credits.xhtml\">Picture credits</a>"));
    let colophon = epub.text("OEBPS/colophon.xhtml");
    for expected in [
        "Published by Samizdat Press",
        "Date of publication: 1937",
        "<p class=\"rights\">Public domain.</p>",
        "<p class=\"identifier\">ISBN 9780000000002</p>",
        "<section epub:type=\"colophon\" role=\"doc-colophon\"",
    ] {
        assert!(colophon.contains(expected), "{expected} in\n{colophon}");
    }
    let nav = epub.text("OEBPS/nav.xhtml");
    common::snapshot("epub/nav.xhtml", &nav);
    for expected in [
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">",
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\"",
        "<a epub:type=\"titlepage\" href=\"title.xhtml\">",
        "<a epub:type=\"toc\" href=\"contents.xhtml\">",
        "<a epub:type=\"bodymatter\" href=\"chapter-000.xhtml\">",
        "<a epub:type=\"colophon\" href=\"colophon.xhtml\">",
        "<a href=\"chapter-001.xhtml\">1. The Soviet State</a>",
        "<a href=\"chapter-001.xhtml#placeholder\">A Placeholder</a>",
        "<a href=\"chapter-002.xhtml\">2. The Bureaucracy</a>",
    ] {
        assert!(nav.contains(expected), "{expected} in\n{nav}");
    }
}

fn fonts_are_embedded_when_the_style_asks() {
    let dir = scratch("fonts");
    let book = sample_book(&dir);
    let epub = Epub::open(&build(&book));
    let css = epub.text("OEBPS/stylesheet.css");
    assert_eq!(css.matches("@font-face {").count(), 4);
    assert!(css.contains("src: url(\"fonts/Vollkorn-BoldItalic.ttf\");"));
    assert!(css.contains("font-family: \"Vollkorn\", serif;"));
    assert!(epub.files.contains_key("OEBPS/fonts/Vollkorn-Italic.ttf"));

    let epub = Epub::open(&build_without_fonts(&book));
    assert!(!epub.text("OEBPS/stylesheet.css").contains("@font-face {"));
    assert!(!epub.names.iter().any(|n| n.contains("fonts/")));
}

/// The book with a style that does not embed its fonts.
fn build_without_fonts(book: &samizdat::model::Book) -> Vec<u8> {
    let mut style = default_style();
    style.style.epub.embed_fonts = false;
    samizdat::write_epub(book, &style).expect("builds")
}

fn epubcheck_passes_a_book_without_embedded_fonts() {
    let dir = scratch("no-fonts");
    let bytes = build_without_fonts(&sample_book(&dir));
    common::epubcheck::assert_clean(&bytes, "no-fonts");
}

fn jpeg_pictures_get_their_media_type_and_one_file_serves_two_figures() {
    let dir = scratch("jpeg");
    let jpeg = dir.join("photo.jpg");
    // Only the start of a JPEG: the backend copies bytes and never decodes them.
    std::fs::write(
        &jpeg,
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0],
    )
    .expect("jpeg");
    let image = Image::Present {
        path: jpeg,
        format: ImageFormat::Jpeg,
        width_px: 1,
        height_px: 1,
    };
    let mut book = plain_book();
    book.chapters[0]
        .blocks
        .push(figure("fig-1-1", image.clone(), "Once", None));
    book.chapters[0]
        .blocks
        .push(figure("fig-1-2", image, "Twice", None));
    let epub = Epub::open(&build(&book));
    let opf = epub.text("OEBPS/content.opf");
    assert!(opf.contains("<item media-type=\"image/jpeg\" id=\"id_images_image-1.jpg\" href=\"images/image-1.jpg\"/>"));
    assert_eq!(opf.matches("media-type=\"image/").count(), 1);
    let chapter = epub.text("OEBPS/chapter-000.xhtml");
    assert_eq!(
        chapter.matches("<img src=\"images/image-1.jpg\"").count(),
        2
    );
}

fn unknown_anchor_is_an_error_not_a_panic() {
    let mut book = plain_book();
    book.chapters[0].blocks.push(para(vec![Inline::Link {
        target: LinkTarget::Internal {
            id: "nowhere".into(),
            chapter: 7,
        },
        content: vec![text("x")],
    }]));
    let err = samizdat::write_epub(&book, &default_style()).expect_err("fails");
    assert_eq!(
        err.to_string(),
        "a link points at `#nowhere`, which is in no chapter"
    );
}

fn epubcheck_passes_the_sample_book() {
    let dir = scratch("epubcheck");
    common::epubcheck::assert_clean(&build(&sample_book(&dir)), "sample");
}

fn epubcheck_passes_the_plain_book() {
    common::epubcheck::assert_clean(&build(&plain_book()), "plain");
}
