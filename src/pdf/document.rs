//! Writing the document with printpdf: fonts, pictures, and pages with their content and links.
//!
//! printpdf gets every page of the layout as operations ([`super::content`]), the whole font
//! files (`ParsedFont` + `add_font`), the pictures as external image objects, the crop marks, and
//! the link annotations; `to_lopdf_doc` turns that into a `lopdf` document, which
//! [`super::finish`] then corrects and completes.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Object};
use printpdf::{
    Actions, BorderArray, DictItem, ExternalStream, ExternalXObject, FontId, LinkAnnotation, Mm,
    Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt as PdfPt, Rect,
    XObjectId,
};

use super::content::{segment, PageFont, PageWriter};
use super::finish::{finish, Finish, Geometry};
use super::fonts::{subset, GlyphUse, Subset};
use super::images;
use super::PdfError;
use crate::layout::{Item, Layout, LinkTarget};
use crate::model::Metadata;
use crate::text::{FaceId, FontBook};
use crate::units::Pt;

/// Print options that are not part of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PdfOptions {
    /// Extra space around the trim box that a print shop cuts away (`--bleed 3mm`).
    pub bleed: Pt,
    /// Crop marks at the corners of the trim box, outside the bleed (`--marks`).
    pub marks: bool,
}

/// How far crop marks reach and how far they stay off the trim: 0.2 in long, 3 pt beyond the
/// bleed (the usual offset, so a slightly misaligned cut never shows a mark).
const MARK_LENGTH: f64 = 14.4;
const MARK_OFFSET: f64 = 3.0;

/// A face printpdf embeds, with its subset for the finishing pass.
pub struct FontPlan {
    pub subset: Subset,
    pub used: GlyphUse,
}

/// Writes the layout as a PDF and returns its bytes.
pub fn write_pdf(
    layout: &Layout,
    fonts: &FontBook,
    metadata: &Metadata,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut pdf = PdfDocument::new(&metadata.full_title());

    // Fonts: which glyphs each face draws; printpdf embeds the whole face, and its subset is kept
    // for the finishing pass.
    let mut usage: BTreeMap<FaceId, GlyphUse> = BTreeMap::new();
    for page in &layout.pages {
        for item in &page.items {
            if let Item::Text(run) = item {
                let used = usage.entry(run.face).or_default();
                for glyph in &run.glyphs {
                    used.add(glyph.id, &glyph.text);
                }
            }
        }
    }
    let mut page_fonts: BTreeMap<FaceId, PageFont> = BTreeMap::new();
    let mut plans: Vec<(FontId, FontPlan)> = Vec::new();
    for (face, used) in usage {
        let name = fonts.postscript_name(face);
        let data = fonts.data(face);
        let subset = subset(data, &name, &used)?;
        let mut warnings = Vec::new();
        let parsed =
            ParsedFont::from_bytes(data, 0, &mut warnings).ok_or_else(|| PdfError::Font {
                name: name.clone(),
                message: "printpdf cannot parse the font".to_owned(),
            })?;
        let id = pdf.add_font(&parsed);
        page_fonts.insert(
            face,
            PageFont {
                handle: PdfFontHandle::External(id.clone()),
                widths: subset.widths.clone(),
            },
        );
        plans.push((id, FontPlan { subset, used }));
    }

    // Pictures, as external image objects (so a JPEG is never decoded or recompressed).
    let mut image_ids: Vec<XObjectId> = Vec::new();
    for source in &layout.images {
        let bytes = std::fs::read(&source.path).map_err(|e| PdfError::Image {
            path: source.path.clone(),
            message: e.to_string(),
        })?;
        let image = crate::images::decode(&bytes, source.format)
            .map_err(|err| format!("the picture {err}"))
            .and_then(images::from_picture)
            .map_err(|message| PdfError::Image {
                path: source.path.clone(),
                message,
            })?;
        let mut stream = external(&image.image);
        if let Some(mask) = &image.mask {
            stream.dict.insert(
                "SMask".to_owned(),
                DictItem::Stream {
                    stream: external(mask),
                },
            );
        }
        image_ids.push(pdf.add_xobject(&ExternalXObject {
            stream,
            width: None,
            height: None,
            dpi: None,
        }));
    }

    // Geometry: the trim box sits `origin` in from the media box's corner.
    let bleed = options.bleed.0.max(0.0);
    let origin = if options.marks {
        bleed + MARK_OFFSET + MARK_LENGTH
    } else {
        bleed
    };
    let (w, h) = (layout.width.0, layout.height.0);

    // Link targets: the page (1-based, as printpdf counts) and the top of the anchor.
    let mut anchors: BTreeMap<&str, (usize, f64)> = BTreeMap::new();
    for (index, page) in layout.pages.iter().enumerate() {
        for (anchor, y) in &page.anchors {
            anchors
                .entry(anchor.as_str())
                .or_insert((index + 1, origin + h - y.0));
        }
    }

    let writer = PageWriter {
        fonts: &page_fonts,
        images: &image_ids,
        height: layout.height,
        origin: Pt(origin),
    };
    let media = (
        Mm::from(PdfPt((w + 2.0 * origin) as f32)),
        Mm::from(PdfPt((h + 2.0 * origin) as f32)),
    );
    let mut pages = Vec::with_capacity(layout.pages.len());
    for page in &layout.pages {
        let mut ops = writer.page(&page.items);
        if options.marks {
            crop_marks(&mut ops, w, h, origin, bleed);
        }
        for item in &page.items {
            let Item::Link {
                x,
                y,
                width,
                height,
                target,
            } = item
            else {
                continue;
            };
            let actions = match target {
                LinkTarget::Internal { id } => match anchors.get(id.as_str()) {
                    Some(&(page, top)) => Actions::go_to(printpdf::Destination::Xyz {
                        page,
                        left: None,
                        top: Some(top as f32),
                        zoom: None,
                    }),
                    None => continue,
                },
                LinkTarget::External { url } => Actions::uri(url.clone()),
            };
            let rect = Rect::from_xywh(
                PdfPt((origin + x.0) as f32),
                PdfPt((origin + h - y.0 - height.0) as f32),
                PdfPt(width.0 as f32),
                PdfPt(height.0 as f32),
            );
            ops.push(Op::LinkAnnotation {
                link: LinkAnnotation::new(
                    rect,
                    actions,
                    Some(BorderArray::Solid([0.0, 0.0, 0.0])),
                    None,
                    None,
                ),
            });
        }
        pages.push(PdfPage::new(media.0, media.1, ops));
    }
    pdf.with_pages(pages);

    let save = PdfSaveOptions {
        optimize: false,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut doc = printpdf::to_lopdf_doc(&pdf, &save, &mut warnings);
    // printpdf reports what it could not write as it was asked (text outside a text section, a
    // colour out of range, a font without a program) as errors: the document would be wrong.
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Write {
            message: format!("printpdf: {}", error.msg),
        });
    }
    finish(
        &mut doc,
        &Finish {
            layout,
            metadata,
            fonts: &plans,
            images: &image_ids,
            geometry: Geometry {
                width: w,
                height: h,
                origin,
                bleed,
                boxed: bleed > 0.0 || options.marks,
            },
        },
    )
}

/// A `lopdf` stream as printpdf's external stream.
fn external(stream: &lopdf::Stream) -> ExternalStream {
    ExternalStream {
        dict: dict_items(&stream.dict),
        content: stream.content.clone(),
        compress: false,
    }
}

fn dict_items(dict: &Dictionary) -> BTreeMap<String, DictItem> {
    dict.iter()
        .map(|(key, value)| (String::from_utf8_lossy(key).into_owned(), item(value)))
        .collect()
}

fn item(object: &Object) -> DictItem {
    match object {
        Object::Boolean(b) => DictItem::Bool(*b),
        Object::Integer(i) => DictItem::Int(*i),
        Object::Real(r) => DictItem::Real(*r),
        Object::Name(name) => DictItem::Name(name.clone()),
        Object::String(data, format) => DictItem::String {
            data: data.clone(),
            literal: matches!(format, lopdf::StringFormat::Literal),
        },
        Object::Array(items) => DictItem::Array(items.iter().map(item).collect()),
        Object::Dictionary(dict) => DictItem::Dict {
            map: dict_items(dict),
        },
        Object::Stream(stream) => DictItem::Stream {
            stream: external(stream),
        },
        Object::Reference((obj, gen)) => DictItem::Ref {
            obj: *obj,
            gen: *gen,
        },
        Object::Null => DictItem::Null,
    }
}

/// Crop marks: at each corner, one horizontal and one vertical hairline in the slug, on the
/// lines of the trim, starting `MARK_OFFSET` outside the bleed. Registration black would be four
/// inks; a mark in K only is what a single-colour job needs.
fn crop_marks(ops: &mut Vec<Op>, w: f64, h: f64, origin: f64, bleed: f64) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor {
        col: printpdf::Color::Greyscale(printpdf::Greyscale {
            percent: 0.0,
            icc_profile: None,
        }),
    });
    ops.push(Op::SetOutlineThickness { pt: PdfPt(0.25) });
    let gap = bleed + MARK_OFFSET;
    let near = |v: f64| [v - gap - MARK_LENGTH, v - gap];
    let far = |v: f64| [v + gap, v + gap + MARK_LENGTH];
    let (left, right, bottom, top) = (origin, origin + w, origin, origin + h);
    for y in [bottom, top] {
        for [a, b] in [near(left), far(right)] {
            ops.push(segment(a, y, b, y));
        }
    }
    for x in [left, right] {
        for [a, b] in [near(bottom), far(top)] {
            ops.push(segment(x, a, x, b));
        }
    }
    ops.push(Op::RestoreGraphicsState);
}
