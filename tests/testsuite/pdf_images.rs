//! Pictures in the PDF: a JPEG goes in byte for byte (DCTDecode), a PNG with alpha gets an SMask,
//! and a picture under 300 dpi is a warning.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::common::pdf_tools::build_pdf;
use samizdat::build::Print as PdfBuild;
use samizdat::model::{Block, ImageFormat};
use samizdat::pdf::PdfOptions;

use crate::common::model_books::{self as book, chapter, para};
use crate::common::{self, pdf_tools};
use crate::tools::GS;

crate::tests![
    jpeg_passes_through_and_png_alpha_becomes_a_soft_mask,
    one_picture_in_many_figures_is_embedded_once,
    the_pictures_pdf_passes_qpdf_and_renders_in_ghostscript: [QPDF, GS],
];

/// The smallest baseline JPEG: one grey pixel (all-ones quantisation, one-code Huffman tables).
fn tiny_jpeg() -> Vec<u8> {
    let mut j = vec![0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00];
    j.extend([1u8; 64]);
    j.extend([
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
    ]);
    for class in [0x00u8, 0x10] {
        j.extend([0xFF, 0xC4, 0x00, 0x14, class, 0x01]);
        j.extend([0u8; 15]);
        j.push(0x00);
    }
    j.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    j.extend([0x3F, 0xFF, 0xD9]);
    j
}

/// A 4×2 RGBA PNG (a red-to-transparent ramp), filter type None.
fn small_png() -> Vec<u8> {
    let (w, h) = (4u32, 2u32);
    let mut raw = Vec::new();
    // Filter byte 0 (None), then the row's pixels.
    let row: Vec<u8> = std::iter::once(0u8)
        .chain((0..w).flat_map(|x| [255, 0, 0, (x * 80) as u8]))
        .collect();
    for _ in 0..h {
        raw.extend(&row);
    }
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(&raw).expect("deflate");
    let data = z.finish().expect("deflate");
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut chunk = |kind: &[u8], body: &[u8]| {
        png.extend((body.len() as u32).to_be_bytes());
        let mut c = kind.to_vec();
        c.extend(body);
        png.extend(&c);
        png.extend(common::crc32(&c).to_be_bytes());
    };
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 6, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &data);
    chunk(b"IEND", &[]);
    png
}

fn figure(id: &str, path: &Path, format: ImageFormat, w: u32, h: u32) -> Block {
    Block::Figure(book::present_figure(id, path, format, (w, h)))
}

/// A chapter with a one-pixel JPEG and a small PNG with alpha, built into `dir`/images.pdf
/// (the pictures are written there too); the build and the PDF's path.
fn pictures(dir: &Path) -> (PdfBuild, PathBuf) {
    let jpeg_path = dir.join("pixel.jpg");
    let png_path = dir.join("ramp.png");
    std::fs::write(&jpeg_path, tiny_jpeg()).expect("jpeg");
    std::fs::write(&png_path, small_png()).expect("png");
    let c = chapter(
        "c",
        1,
        "Pictures",
        vec![
            para(0, 2),
            figure("fig-1", &jpeg_path, ImageFormat::Jpeg, 1, 1),
            para(1, 2),
            figure("fig-2", &png_path, ImageFormat::Png, 4, 2),
        ],
    );
    let b = book::book("Pictures", vec![c]);
    // The book's folder is where its pictures are: a reader never reads outside it (`dir` lies
    // outside the repository when CARGO_TARGET_DIR does).
    let built = build_pdf(&b, dir, &PdfOptions::default()).expect("build");
    let path = dir.join("images.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    (built, path)
}

fn jpeg_passes_through_and_png_alpha_becomes_a_soft_mask() {
    let (built, _) = pictures(&common::output_dir("pdf_images-pictures"));
    let jpeg = tiny_jpeg();
    assert!(
        built.warnings.iter().any(|w| w.message.contains("dpi")),
        "a 1-pixel picture must warn: {:?}",
        built.warnings
    );

    let doc = lopdf::Document::load_mem(&built.bytes).expect("read back");
    let mut found_jpeg = false;
    let mut found_mask = false;
    for object in doc.objects.values() {
        if let Ok(stream) = object.as_stream() {
            let filter = stream.dict.get(b"Filter").and_then(|f| f.as_name()).ok();
            if filter == Some(&b"DCTDecode"[..]) {
                assert_eq!(stream.content, jpeg, "the JPEG was altered");
                found_jpeg = true;
            }
            if stream.dict.get(b"SMask").is_ok() {
                found_mask = true;
            }
        }
    }
    assert!(found_jpeg && found_mask);
}

fn one_picture_in_many_figures_is_embedded_once() {
    let dir = common::output_dir("pdf_images-once");
    let jpeg_path = dir.join("pixel.jpg");
    std::fs::write(&jpeg_path, tiny_jpeg()).expect("jpeg");
    let mut blocks = Vec::new();
    for n in 0..5 {
        blocks.push(para(n, 2));
        blocks.push(figure(
            &format!("fig-{n}"),
            &jpeg_path,
            ImageFormat::Jpeg,
            1,
            1,
        ));
    }
    let b = book::book("Once", vec![chapter("c", 1, "Again and again", blocks)]);
    let built = build_pdf(&b, &dir, &PdfOptions::default()).expect("build");
    let doc = lopdf::Document::load_mem(&built.bytes).expect("read back");
    let images = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Image"))
        .count();
    assert_eq!(images, 1, "the picture is embedded once, drawn five times");
    let drawn = doc
        .page_iter()
        .flat_map(|page| doc.get_page_contents(page))
        .map(|id| {
            let stream = doc
                .get_object(id)
                .and_then(|o| o.as_stream())
                .expect("content");
            let content = stream.decompressed_content().expect("inflate");
            String::from_utf8_lossy(&content).matches("/Im0 Do").count()
        })
        .sum::<usize>();
    assert_eq!(drawn, 5);
}

fn the_pictures_pdf_passes_qpdf_and_renders_in_ghostscript() {
    let (_, path) = pictures(&common::output_dir("pdf_images-validators"));
    pdf_tools::assert_qpdf_clean(&path);
    let (ok, _, err) = pdf_tools::run_tool(
        &GS,
        &["-q", "-sDEVICE=nullpage", "-dBATCH", "-dNOPAUSE"],
        &path,
        &[],
    );
    assert!(ok && err.trim().is_empty(), "gs: {err}");
}
