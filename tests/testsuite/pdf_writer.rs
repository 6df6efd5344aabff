//! The PDF writer on a hand-made layout: fonts subset with ToUnicode, valid structure, exact text,
//! boxes and metadata read back with lopdf, byte-identical output.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use samizdat::layout::{
    Item, Layout, LinkTarget, OutlineEntry, Page, Role, Structure, Tag, TextRun,
};
use samizdat::model::Metadata;
use samizdat::pdf::{write_pdf, PdfOptions};
use samizdat::text::shape::{Shaped, UnitGlyph};
use samizdat::text::{FaceId, FontBook, GlyphSlice};
use samizdat::units::Pt;

use crate::common::{self, pdf_tools};

crate::tests![
    writes_a_valid_subset_pdf_with_text,
    the_written_pdf_passes_the_validators: [QPDF, PDFFONTS, PDFTOTEXT],
    bleed_and_marks_move_the_trim_box,
    the_pdf_with_bleed_and_marks_passes_qpdf: [QPDF],
    expanded_and_letter_spaced_words_land_where_layout_put_them: [PDFTOTEXT],
];

fn fonts() -> FontBook {
    let style = samizdat::style::load("default", Path::new(".")).expect("default style");
    FontBook::load(&style).expect("fonts")
}

/// Glyphs by cmap lookup (no shaping), one cluster per character.
fn run(fonts: &FontBook, face: FaceId, text: &str, x: f64, y: f64) -> TextRun {
    let data = fonts.data(face);
    let parsed = ttf_parser::Face::parse(data, 0).expect("face");
    let size = 10.0;
    let scale = size / f64::from(parsed.units_per_em());
    let mut glyphs = Vec::new();
    for (cluster, ch) in text.char_indices() {
        let id = parsed.glyph_index(ch).map_or(0, |g| g.0);
        let advance = parsed
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .map_or(0, i32::from);
        glyphs.push(UnitGlyph {
            id,
            advance,
            x_offset: 0,
            y_offset: 0,
            cluster,
        });
    }
    let shaped = Shaped {
        text: text.to_owned(),
        glyphs,
    };
    TextRun {
        face,
        size: Pt(size),
        x: Pt(x),
        y: Pt(y),
        glyphs: GlyphSlice::whole(Arc::new(shaped), scale),
        // One paragraph holds the text of every page (see `layout`).
        tag: Tag::node(samizdat::layout::NodeId(1)),
        space_before: false,
        space_after: false,
    }
}

fn metadata() -> Metadata {
    Metadata {
        title: "Тест: a test".to_owned(),
        subtitle: None,
        authors: vec!["A. Author".to_owned()],
        language: samizdat::model::Lang::english(),
        identifier: "urn:uuid:00000000-0000-0000-0000-000000000000".to_owned(),
        date: None,
        publisher: None,
        rights: None,
        description: Some("Testing <the> writer".to_owned()),
        subjects: vec!["tests".to_owned()],
        modified: "2024-05-01T12:00:00Z".to_owned(),
        cover: None,
    }
}

fn layout(fonts: &FontBook) -> Layout {
    let mut structure = Structure::default();
    let paragraph = structure.add(Some(Structure::ROOT), Role::Paragraph);
    let link = Tag::node(structure.add(Some(paragraph), Role::Link));
    let mut pages = Vec::new();
    for n in 0..3 {
        let mut page = Page {
            label: if n == 0 {
                "i".to_owned()
            } else {
                n.to_string()
            },
            ..Page::default()
        };
        page.items.push(Item::Text(run(
            fonts,
            FaceId::Regular,
            &format!("Page {n} begins here."),
            50.0,
            80.0,
        )));
        page.items.push(Item::Text(run(
            fonts,
            FaceId::Italic,
            "Revolutionary bureaucracy",
            50.0,
            100.0,
        )));
        page.items.push(Item::Rule {
            x: Pt(50.0),
            y: Pt(120.0),
            width: Pt(60.0),
            thickness: Pt(0.4),
        });
        page.items.push(Item::Frame {
            x: Pt(50.0),
            y: Pt(140.0),
            width: Pt(100.0),
            height: Pt(60.0),
        });
        page.items.push(Item::Link {
            x: Pt(50.0),
            y: Pt(70.0),
            width: Pt(80.0),
            height: Pt(12.0),
            target: LinkTarget::Internal {
                id: format!("p{}", (n + 1) % 3),
            },
            tag: link,
        });
        page.anchors.push((format!("p{n}"), Pt(70.0)));
        pages.push(page);
    }
    Layout {
        width: Pt::from_mm(148.0),
        height: Pt::from_mm(210.0),
        pages,
        outline: vec![OutlineEntry {
            title: "Chapter".to_owned(),
            id: "p1".to_owned(),
            children: vec![OutlineEntry {
                title: "Section ё".to_owned(),
                id: "p2".to_owned(),
                children: Vec::new(),
            }],
        }],
        images: Vec::new(),
        first_arabic_page: 1,
        structure,
    }
}

fn writes_a_valid_subset_pdf_with_text() {
    let fonts = fonts();
    let layout = layout(&fonts);
    let options = PdfOptions::default();
    let bytes = write_pdf(&layout, &fonts, &metadata(), &[], &options).expect("pdf");
    let again = write_pdf(&layout, &fonts, &metadata(), &[], &options).expect("pdf");
    assert!(bytes == again, "two writes differ");

    let doc = lopdf::Document::load_mem(&bytes).expect("lopdf reads it back");
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 3);
    let catalog = doc.catalog().expect("catalog");
    assert_eq!(
        catalog.get(b"Lang").and_then(|o| o.as_str()).ok(),
        Some(&b"en"[..])
    );
    let labels = catalog
        .get(b"PageLabels")
        .and_then(|o| o.as_dict())
        .expect("labels");
    let nums = labels
        .get(b"Nums")
        .and_then(|o| o.as_array())
        .expect("nums");
    assert_eq!(nums.len(), 4);
    let first = doc.get_dictionary(pages[&1]).expect("page");
    let trim = first
        .get(b"TrimBox")
        .and_then(|o| o.as_array())
        .expect("trim");
    let trim: Vec<f32> = trim.iter().map(|o| o.as_float().unwrap_or(-1.0)).collect();
    assert_eq!(trim[0], 0.0);
    assert!((trim[2] - 419.53).abs() < 0.01, "{trim:?}");
    assert!(first.get(b"BleedBox").is_err(), "no bleed asked");
    // The link has no border and points at page 2.
    let annots = first
        .get(b"Annots")
        .and_then(|o| o.as_array())
        .expect("annots");
    let annot = doc
        .get_dictionary(annots[0].as_reference().expect("ref"))
        .expect("annot");
    let border = annot
        .get(b"Border")
        .and_then(|o| o.as_array())
        .expect("border");
    assert!(border.iter().all(|o| matches!(o.as_i64(), Ok(0))));
    let dest = annot.get(b"Dest").and_then(|o| o.as_array()).expect("dest");
    assert_eq!(dest[0].as_reference().ok(), Some(pages[&2]));
    // The outline is nested: one chapter with one section.
    let outlines = doc
        .get_dictionary(
            catalog
                .get(b"Outlines")
                .and_then(|o| o.as_reference())
                .expect("outline"),
        )
        .expect("outlines");
    let chapter = doc
        .get_dictionary(
            outlines
                .get(b"First")
                .and_then(|o| o.as_reference())
                .expect("first"),
        )
        .expect("chapter");
    assert!(chapter.get(b"First").is_ok(), "the chapter has a child");
    // Text is drawn in gray only.
    let content = doc.get_page_content(pages[&1]);
    let content = String::from_utf8_lossy(&content);
    assert!(content.contains("0 g"));
    assert!(!content.contains(" rg") && !content.contains(" RG"));
    // A content-derived /ID.
    let id = doc
        .trailer
        .get(b"ID")
        .and_then(|o| o.as_array())
        .expect("id");
    assert_eq!(id.len(), 2);
    let id_bytes = id[0].as_str().expect("id string").to_vec();
    assert!(
        id_bytes.iter().any(|&b| b != 0),
        "the /ID placeholder was not filled"
    );
    // Different content, different /ID.
    let other = write_pdf(
        &layout,
        &fonts,
        &metadata(),
        &[],
        &PdfOptions {
            bleed: Pt(9.0),
            marks: false,
            ..PdfOptions::default()
        },
    )
    .expect("pdf");
    let other = lopdf::Document::load_mem(&other).expect("read back");
    let other_id = other
        .trailer
        .get(b"ID")
        .and_then(|o| o.as_array())
        .and_then(|a| a[0].as_str().map(<[u8]>::to_vec))
        .expect("id");
    assert_ne!(id_bytes, other_id);
    let info = doc
        .get_dictionary(
            doc.trailer
                .get(b"Info")
                .and_then(|o| o.as_reference())
                .expect("info"),
        )
        .expect("info");
    assert_eq!(
        info.get(b"ModDate").and_then(|o| o.as_str()).ok(),
        Some(&b"D:20240501120000Z"[..])
    );
}

fn the_written_pdf_passes_the_validators() {
    let fonts = fonts();
    let bytes = write_pdf(
        &layout(&fonts),
        &fonts,
        &metadata(),
        &[],
        &PdfOptions::default(),
    )
    .expect("pdf");
    let path = common::output_dir("pdf_writer-validators").join("writer.pdf");
    std::fs::write(&path, &bytes).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
    assert_eq!(pdf_tools::assert_fonts_embedded_and_subset(&path), 2);
    let text = pdf_tools::pdftotext(&path);
    let words = pdf_tools::words(&text);
    let expected = "Page 0 begins here. Revolutionary bureaucracy";
    assert_eq!(words[..6].join(" "), expected, "pdftotext gave:\n{text}");
}

/// The layout written with 3 mm of bleed and crop marks.
fn with_bleed_and_marks(fonts: &FontBook) -> Vec<u8> {
    let options = PdfOptions {
        bleed: Pt::from_mm(3.0),
        marks: true,
        ..PdfOptions::default()
    };
    write_pdf(&layout(fonts), fonts, &metadata(), &[], &options).expect("pdf")
}

fn bleed_and_marks_move_the_trim_box() {
    let bytes = with_bleed_and_marks(&fonts());
    let doc = lopdf::Document::load_mem(&bytes).expect("read back");
    let pages = doc.get_pages();
    let page = doc.get_dictionary(pages[&1]).expect("page");
    let get = |key: &[u8]| -> Vec<f32> {
        page.get(key)
            .and_then(|o| o.as_array())
            .expect("box")
            .iter()
            .map(|o| o.as_float().unwrap_or(f32::NAN))
            .collect()
    };
    let (media, trim, bleed) = (get(b"MediaBox"), get(b"TrimBox"), get(b"BleedBox"));
    let b = Pt::from_mm(3.0).0 as f32;
    let mut boxes = BTreeMap::new();
    boxes.insert("bleed", bleed.clone());
    for i in 0..2 {
        assert!((trim[i] - bleed[i] - b).abs() < 0.01, "{boxes:?} {trim:?}");
        assert!((bleed[i + 2] - trim[i + 2] - b).abs() < 0.01);
        assert!(bleed[i] > media[i], "marks need room outside the bleed");
        assert!(bleed[i + 2] < media[i + 2]);
    }
    assert!((trim[2] - trim[0] - 419.53).abs() < 0.01);
}

fn the_pdf_with_bleed_and_marks_passes_qpdf() {
    let path = common::output_dir("pdf_writer-bleed").join("bleed.pdf");
    std::fs::write(&path, with_bleed_and_marks(&fonts())).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
}

/// A justified line's words widened by font expansion (`Tz`) and letter spacing (`Tc`, the
/// last letter's taken back) come back from poppler with the boxes layout gave them, so the
/// word gaps pdfstats measures are the ones set; a word set plain after them is unmoved.
fn expanded_and_letter_spaced_words_land_where_layout_put_them() {
    let fonts = fonts();
    let mut layout = layout(&fonts);
    let mut x = 50.0;
    let mut runs = Vec::new();
    for (word, factor, tracking) in [
        ("Revolutionary", 1.02, 0.5),
        ("bureaucracy", 0.98, -0.2),
        ("Soviet", 1.0, 0.0),
    ] {
        let mut run = run(&fonts, FaceId::Regular, word, x, 300.0);
        run.glyphs = run.glyphs.expanded(factor).tracked(Pt(tracking));
        run.space_before = !runs.is_empty();
        x += run.glyphs.width().0 + 4.0;
        runs.push(run);
    }
    layout.pages.truncate(1);
    let page = &mut layout.pages[0];
    page.items.extend(runs.iter().cloned().map(Item::Text));
    let bytes = write_pdf(&layout, &fonts, &metadata(), &[], &PdfOptions::default()).expect("pdf");
    let doc = lopdf::Document::load_mem(&bytes).expect("read back");
    let content = doc.get_page_content(doc.get_pages()[&1]);
    let content = String::from_utf8_lossy(&content);
    // `Tc` is in unscaled units: 0.5 pt under 102 % `Tz` is 0.4902; reset for the plain word.
    for spacing in ["0.4902 Tc", "-0.2041 Tc", "\n0 Tc"] {
        assert!(content.contains(spacing), "{spacing} in\n{content}");
    }
    let path = common::output_dir("pdf_writer-spacing").join("spacing.pdf");
    std::fs::write(&path, &bytes).expect("write");
    let pages = pdf_tools::bbox_words(&path);
    for run in &runs {
        let text = run.glyphs.text();
        // (The page's own italic "Revolutionary" stands higher up.)
        let word = pages[0]
            .words
            .iter()
            .find(|w| w.text == text && w.y_min > 250.0);
        let word = word.unwrap_or_else(|| panic!("{text} not in {:?}", pages[0].words));
        let (left, right) = (run.x.0, run.x.0 + run.glyphs.width().0);
        assert!(
            (word.x_min - left).abs() < 0.01,
            "{text}: {} {left}",
            word.x_min
        );
        assert!(
            (word.x_max - right).abs() < 0.01,
            "{text}: {} {right}",
            word.x_max
        );
    }
}
