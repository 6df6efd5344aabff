//! PDF/X-4 (`--pdf-x`, `[print.page] standard = "pdf-x-4"`): the output intent and the rest of
//! what ISO 15930-7 asks of the file, read back with lopdf, then qpdf and Ghostscript.

use std::io::Read as _;
use std::path::Path;

use lopdf::{Document, Object};
use samizdat::pdf::{PdfOptions, PdfStandard};
use samizdat::units::Pt;

use crate::common::{self, pdf_tools};

crate::tests![
    the_pdf_x_file_carries_its_output_intent,
    the_style_asks_for_pdf_x,
    the_pdf_x_file_passes_qpdf_and_renders_in_ghostscript: [QPDF, GS],
];

/// The sample book (with a colour picture) as PDF/X-4, with a bleed.
fn pdf_x() -> Vec<u8> {
    let dir = Path::new("tests/books/sample");
    let book = samizdat::parse(dir).book.expect("the sample parses");
    let options = PdfOptions {
        bleed: Pt::from_mm(3.0),
        marks: false,
        standard: PdfStandard::PdfX4,
    };
    pdf_tools::build_pdf(&book, dir, &options)
        .expect("build")
        .bytes
}

fn inflate(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("a deflated stream");
    out
}

fn the_pdf_x_file_carries_its_output_intent() {
    let bytes = pdf_x();
    assert!(bytes.starts_with(b"%PDF-1.6"), "PDF/X-4 is PDF 1.6");
    let doc = Document::load_mem(&bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    let intents = catalog
        .get(b"OutputIntents")
        .and_then(Object::as_array)
        .expect("OutputIntents");
    assert_eq!(intents.len(), 1);
    let intent = intents[0].as_dict().expect("an output intent");
    assert_eq!(
        intent.get(b"S").and_then(Object::as_name).ok(),
        Some(&b"GTS_PDFX"[..])
    );
    assert!(intent.get(b"OutputConditionIdentifier").is_ok());
    assert!(
        intent.get(b"Info").is_ok(),
        "a custom condition is described"
    );
    let profile = intent
        .get(b"DestOutputProfile")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(Object::as_stream)
        .expect("DestOutputProfile");
    assert_eq!(
        profile.dict.get(b"N").and_then(Object::as_i64).ok(),
        Some(1)
    );
    let icc = inflate(&profile.content);
    assert_eq!(
        &icc[12..20],
        b"prtrGRAY",
        "an output profile of a gray press"
    );
    assert_eq!(&icc[36..40], b"acsp");

    let info = doc
        .trailer
        .get(b"Info")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("Info");
    let version = info
        .get(b"GTS_PDFXVersion")
        .and_then(Object::as_str)
        .expect("GTS_PDFXVersion");
    assert_eq!(version, b"PDF/X-4");
    assert_eq!(
        info.get(b"Trapped").and_then(Object::as_name).ok(),
        Some(&b"False"[..])
    );
    let xmp = pdf_tools::xmp_of(&doc);
    for needed in [
        "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>",
        "<xmpMM:DocumentID>uuid:",
        "<xmpMM:VersionID>",
        "<xmpMM:RenditionClass>",
        "<pdf:Trapped>False</pdf:Trapped>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(xmp.contains(needed), "{needed} in\n{xmp}");
    }
    assert!(doc.trailer.get(b"ID").is_ok());

    // Every page: trim box inside the bleed box inside the media box.
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).expect("page");
        let corners = |key: &[u8]| -> Vec<f32> {
            page.get(key)
                .and_then(Object::as_array)
                .unwrap_or_else(|_| panic!("{} on every page", String::from_utf8_lossy(key)))
                .iter()
                .map(|v| v.as_float().expect("a number"))
                .collect()
        };
        let (media, bleed, trim) = (
            corners(b"MediaBox"),
            corners(b"BleedBox"),
            corners(b"TrimBox"),
        );
        assert!(
            media[0] <= bleed[0] && bleed[0] < trim[0],
            "{media:?} {bleed:?} {trim:?}"
        );
        assert!(
            trim[2] < bleed[2] && bleed[2] <= media[2],
            "{media:?} {bleed:?} {trim:?}"
        );
    }

    // No device RGB: the colour picture is in an ICC-based space; nothing names DeviceRGB.
    let mut iccbased = 0;
    for object in doc.objects.values() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            _ => continue,
        };
        match dict.get(b"ColorSpace") {
            Ok(Object::Name(name)) => assert_ne!(name.as_slice(), b"DeviceRGB"),
            Ok(Object::Array(space)) => {
                assert_eq!(space[0].as_name().ok(), Some(&b"ICCBased"[..]));
                iccbased += 1;
            }
            _ => {}
        }
    }
    assert!(
        iccbased >= 1,
        "the sample's colour picture has an ICC profile"
    );
    assert!(
        !bytes.windows(9).any(|w| w == b"DeviceRGB"),
        "no DeviceRGB anywhere in the file"
    );
}

fn the_style_asks_for_pdf_x() {
    let dir = common::output_dir("pdf_x-style");
    let style = std::fs::read_to_string("styles/default.toml").expect("default style");
    let style = style.replacen(
        "front_matter = true",
        "front_matter = true\nstandard = \"pdf-x-4\"",
        1,
    );
    assert!(style.contains("standard = \"pdf-x-4\""));
    std::fs::write(dir.join("shop.toml"), style).expect("style");
    let style = samizdat::style::load("shop.toml", &dir).expect("style");
    let options = samizdat::build::pdf_options(&PdfOptions::default(), &style);
    assert_eq!(options.standard, PdfStandard::PdfX4);
    // And the default style asks for none.
    let plain = samizdat::style::load("default", Path::new(".")).expect("default style");
    let options = samizdat::build::pdf_options(&PdfOptions::default(), &plain);
    assert_eq!(options.standard, PdfStandard::Plain);
}

fn the_pdf_x_file_passes_qpdf_and_renders_in_ghostscript() {
    let path = common::output_dir("pdf_x-validators").join("sample-x.pdf");
    std::fs::write(&path, pdf_x()).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
    pdf_tools::assert_gs_renders_silently(&path);
}
