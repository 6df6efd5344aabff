//! The document: the parts of a PDF made once from a layout ([`Prepared`]), then assembled,
//! every object written once.
//!
//! [`prepare`] fixes the faces' subset numbering first ([`super::fonts`]); then, on rayon's
//! pool, the fonts are subset and each page's content is made and serialized by printpdf and
//! deflated ([`super::content`]), while the pictures are prepared ([`super::images`]). Nothing
//! of that is done again for another document of the same build: [`write_reading`] assembles
//! the reading PDF from the prepared parts, and the booklet (`super::booklet`) assembles its
//! sheets from the very same parts, each page's deflated stream becoming a Form XObject. The
//! objects are added in a fixed order (catalog, page tree, pages with their content, resources
//! and links, fonts, pictures, outline, metadata), so the file depends only on the book.

use std::collections::BTreeMap;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};
use printpdf::Op;
use rayon::prelude::*;

use super::catalog::{add_catalog, page_labels, write_outline, Claim};
use super::content::{image_name, segment, serialize, Mark, Marked, PageWriter};
use super::file::write_file;
use super::fonts::{collect, number, subset, text_string, Numbering, SubsetFont};
use super::icc;
use super::images::{self, PdfImage};
use super::structure::{write_structure, Tagged};
use super::{deflate, PdfError};
use crate::layout::{ArtifactKind, Item, Layout, LinkTarget, NodeId, Page, Tag};
use crate::model::{ImageFormat, Metadata};
use crate::style::PdfStandard;
use crate::text::{FaceId, FontBook};
use crate::units::Pt;

/// Print options that are not part of the layout.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PdfOptions {
    /// Extra space around the trim box that a print shop cuts away (`--bleed 3mm`).
    pub bleed: Pt,
    /// Crop marks at the corners of the trim box, outside the bleed (`--marks`).
    pub marks: bool,
    /// PDF/X-4 or none (`--pdf-x`).
    pub standard: PdfStandard,
}

/// How far crop marks reach and how far they stay off the trim: 0.2 in long, 3 pt beyond the
/// bleed (the usual offset, so a slightly misaligned cut never shows a mark).
const MARK_LENGTH: f64 = 14.4;
pub(super) const MARK_OFFSET: f64 = 3.0;

/// Where the trim box sits on the media box, in points.
pub(super) struct Geometry {
    pub(super) width: f64,
    pub(super) height: f64,
    /// The trim box's lower-left corner (bleed, plus the slug for crop marks).
    pub(super) origin: f64,
    pub(super) bleed: f64,
    pub(super) marks: bool,
}

impl Geometry {
    fn new(layout: &Layout, options: &PdfOptions) -> Geometry {
        let bleed = options.bleed.0.max(0.0);
        let origin = if options.marks {
            bleed + MARK_OFFSET + MARK_LENGTH
        } else {
            bleed
        };
        Geometry {
            width: layout.width.0,
            height: layout.height.0,
            origin,
            bleed,
            marks: options.marks,
        }
    }

    /// Whether the page needs a BleedBox (with bleed or marks).
    fn boxed(&self) -> bool {
        self.bleed > 0.0 || self.marks
    }

    /// The trim box grown by `inset` on every side, as `[llx lly urx ury]`.
    fn corners(&self, inset: f64) -> Object {
        let o = self.origin;
        vec![
            Object::Real((o - inset) as f32),
            Object::Real((o - inset) as f32),
            Object::Real((o + self.width + inset) as f32),
            Object::Real((o + self.height + inset) as f32),
        ]
        .into()
    }

    fn media(&self) -> Object {
        vec![
            Object::Integer(0),
            Object::Integer(0),
            Object::Real((self.width + 2.0 * self.origin) as f32),
            Object::Real((self.height + 2.0 * self.origin) as f32),
        ]
        .into()
    }
}

/// The parts of a PDF made once from a layout, ready to be assembled into any number of
/// documents of the same build: each face's subset font (with its resource name), each page's
/// content stream (serialized by printpdf and deflated, never touched again) and each picture's
/// image objects. Assembling copies bytes; it serializes, deflates or subsets nothing.
pub struct Prepared {
    /// Where each page's content puts the trim box (the content is drawn for it).
    pub(super) geometry: Geometry,
    /// The standard the reading PDF is written to.
    standard: PdfStandard,
    fonts: Vec<(String, SubsetFont)>,
    /// Each page's content stream, deflated (`/FlateDecode`), in page order.
    pub(super) contents: Vec<Vec<u8>>,
    /// Each page's marks (what its MCIDs and links belong to), in page order.
    marks: Vec<Vec<Mark>>,
    images: Vec<PdfImage>,
}

/// Makes the parts of a PDF of `layout`: `pictures` holds the bytes of each of the layout's
/// images, in the order of [`Layout::images`].
pub fn prepare(
    layout: &Layout,
    fonts: &FontBook,
    pictures: &[&[u8]],
    options: &PdfOptions,
) -> Result<Prepared, PdfError> {
    let geometry = Geometry::new(layout, options);
    let usage = collect(layout, fonts);
    let numbering: BTreeMap<FaceId, Numbering> = usage
        .iter()
        .enumerate()
        .map(|(index, (face, used))| (*face, number(fonts, *face, index, used)))
        .collect();
    let writer = PageWriter {
        fonts: &numbering,
        height: layout.height,
        origin: Pt(geometry.origin),
        structure: &layout.structure,
    };
    let ((subsets, contents), images) = rayon::join(
        || {
            rayon::join(
                || {
                    usage
                        .par_iter()
                        .map(|(face, used)| subset(fonts, *face, used, &numbering[face]))
                        .collect::<Result<Vec<SubsetFont>, PdfError>>()
                },
                || {
                    layout
                        .pages
                        .par_iter()
                        .map(|page| page_content(&writer, &page.items, &geometry))
                        .collect::<Result<Vec<(Vec<u8>, Vec<Mark>)>, PdfError>>()
                },
            )
        },
        || prepare_images(layout, pictures),
    );
    let names = numbering.values().map(|n| n.name.clone());
    let (contents, marks) = contents?.into_iter().unzip();
    let images = images?;
    if options.standard == PdfStandard::PdfX4 {
        // A gray press cannot take four-colour pictures as they are (and no JPEG is decoded).
        let cmyk = images
            .iter()
            .position(|image| image.colour_space() == Some(b"DeviceCMYK"));
        if let Some(source) = cmyk.and_then(|index| layout.images.get(index)) {
            return Err(PdfError::Image {
                path: source.path.clone(),
                message: "a CMYK JPEG cannot go into a PDF/X file for a gray press: save it as RGB or gray".to_owned(),
            });
        }
    }
    Ok(Prepared {
        geometry,
        standard: options.standard,
        fonts: names.zip(subsets?).collect(),
        contents,
        marks,
        images,
    })
}

impl Prepared {
    /// Adds the fonts and pictures to `doc`, and at `id` one resource dictionary naming them
    /// all, which every page (or Form XObject) drawn from these parts shares.
    pub(super) fn add_resources(&self, doc: &mut Document, id: ObjectId) {
        let mut font_dict = Dictionary::new();
        for (name, font) in &self.fonts {
            font_dict.set(name.as_str(), add_font(doc, font));
        }
        let mut resources = dictionary! { "Font" => font_dict };
        if !self.images.is_empty() {
            // In PDF/X no device RGB: colour pictures are in an sRGB profile's space.
            let rgb = |image: &PdfImage| image.colour_space() == Some(b"DeviceRGB");
            let srgb =
                (self.standard == PdfStandard::PdfX4 && self.images.iter().any(rgb)).then(|| {
                    let mut profile = Stream::new(
                        dictionary! { "N" => 3, "Filter" => "FlateDecode" },
                        deflate(&icc::srgb()),
                    );
                    profile.allows_compression = false;
                    let id = doc.add_object(profile);
                    Object::Array(vec!["ICCBased".into(), id.into()])
                });
            let mut xobjects = Dictionary::new();
            for (index, image) in self.images.iter().enumerate() {
                let mut stream = image.image.clone();
                if let (Some(space), true) = (&srgb, rgb(image)) {
                    stream.dict.set("ColorSpace", space.clone());
                }
                if let Some(mask) = &image.mask {
                    let mask_id = doc.add_object(mask.clone());
                    stream.dict.set("SMask", mask_id);
                }
                xobjects.set(image_name(index), doc.add_object(stream));
            }
            resources.set("XObject", xobjects);
        }
        doc.objects.insert(id, Object::Dictionary(resources));
    }
}

/// A subset font as objects (program, descriptor, CIDFont, ToUnicode, Type 0); returns the
/// Type 0 font's id.
fn add_font(doc: &mut Document, font: &SubsetFont) -> ObjectId {
    let name = || Object::Name(font.base_name.clone().into_bytes());
    let mut program = Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        font.program.clone(),
    );
    program.allows_compression = false;
    if font.is_cff {
        program.dict.set("Subtype", "OpenType");
    } else {
        let length = i64::try_from(font.program_length).unwrap_or(i64::MAX);
        program.dict.set("Length1", length);
    }
    let program_id = doc.add_object(program);
    let mut descriptor = font.descriptor.clone();
    descriptor.set(
        if font.is_cff {
            "FontFile3"
        } else {
            "FontFile2"
        },
        program_id,
    );
    let descriptor_id = doc.add_object(descriptor);
    let widths: Vec<Object> = font
        .widths
        .iter()
        .map(|w| Object::Real(*w as f32))
        .collect();
    let mut cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => if font.is_cff { "CIDFontType0" } else { "CIDFontType2" },
        "BaseFont" => name(),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor_id,
        "DW" => 0,
        "W" => vec![Object::Integer(0), Object::Array(widths)],
    };
    if !font.is_cff {
        match &font.cid_to_gid {
            Some(map) => {
                let mut stream =
                    Stream::new(dictionary! { "Filter" => "FlateDecode" }, map.clone());
                stream.allows_compression = false;
                cid_font.set("CIDToGIDMap", doc.add_object(stream));
            }
            None => cid_font.set("CIDToGIDMap", "Identity"),
        }
    }
    let cid_id = doc.add_object(cid_font);
    let mut cmap = Stream::new(
        dictionary! { "Filter" => "FlateDecode" },
        font.to_unicode.clone(),
    );
    cmap.allows_compression = false;
    let cmap_id = doc.add_object(cmap);
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => name(),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_id)],
        "ToUnicode" => cmap_id,
    })
}

/// Writes the layout as a PDF and returns its bytes. `pictures` holds the bytes of each of the
/// layout's images, in the order of [`Layout::images`].
pub fn write_pdf(
    layout: &Layout,
    fonts: &FontBook,
    metadata: &Metadata,
    pictures: &[&[u8]],
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let prepared = prepare(layout, fonts, pictures, options)?;
    write_reading(layout, &prepared, metadata)
}

/// Assembles the reading PDF (a page per page of the layout) from its prepared parts.
pub fn write_reading(
    layout: &Layout,
    prepared: &Prepared,
    metadata: &Metadata,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Assembly::new(prepared.standard);
    let annotations = doc.pages(layout, prepared);
    prepared.add_resources(&mut doc.doc, doc.resources_id);
    let tree = write_structure(
        &mut doc.doc,
        &layout.structure,
        &Tagged {
            pages: &doc.page_ids,
            marks: &prepared.marks,
            annotations: &annotations,
        },
    );
    doc.catalog(layout, metadata, prepared, tree);
    let file = write_file(&doc.doc);
    // A tagged book's document is tens of thousands of small dictionaries: they are freed on
    // the pool, beside what the build does next, not before the file is handed back.
    rayon::spawn(move || drop(doc));
    file
}

/// One page's content stream, deflated: its items, then the crop marks; and its marks.
fn page_content(
    writer: &PageWriter<'_>,
    items: &[Item],
    geometry: &Geometry,
) -> Result<(Vec<u8>, Vec<Mark>), PdfError> {
    let mut marked = Marked::default();
    let mut ops = writer.page(items, &mut marked);
    if geometry.marks {
        let production = Tag::Artifact {
            kind: ArtifactKind::Page,
        };
        marked.begin(&mut ops, production, writer.structure);
        crop_marks(&mut ops, geometry);
        marked.end(&mut ops);
    }
    Ok((deflate(&serialize(ops)?), marked.marks))
}

/// Each picture as image objects (decoded by [`crate::images`]): a JPEG passed through, pixels
/// with their alpha as a soft mask; an SVG rasterised at 300 dpi of the largest size it is placed at.
fn prepare_images(layout: &Layout, pictures: &[&[u8]]) -> Result<Vec<PdfImage>, PdfError> {
    let mut placed = vec![Pt::ZERO; layout.images.len()];
    for item in layout.pages.iter().flat_map(|page| &page.items) {
        if let Item::Image { image, width, .. } = item {
            if let Some(widest) = placed.get_mut(*image) {
                *widest = (*widest).max(*width);
            }
        }
    }
    layout
        .images
        .par_iter()
        .enumerate()
        .map(|(index, source)| {
            let bytes = pictures.get(index).copied().unwrap_or_default();
            let picture = match source.format {
                ImageFormat::Svg => {
                    let inches = placed.get(index).copied().unwrap_or(Pt::ZERO).0 / 72.0;
                    let width_px = (inches * SVG_DPI).ceil().max(1.0) as u32;
                    crate::images::rasterise_svg(bytes, width_px)
                }
                format => crate::images::decode(bytes, format),
            };
            picture
                .map(images::from_picture)
                .map_err(|err| PdfError::Image {
                    path: source.path.clone(),
                    message: format!("the picture {err}"),
                })
        })
        .collect()
}

/// The printing condition a PDF/X file is made for (see `super::icc::press_gray`).
const OUTPUT_CONDITION: &str = "Monochrome press, black ink on white paper, gray gamma 1.8";

/// The resolution an SVG is rasterised at for print.
const SVG_DPI: f64 = 300.0;

/// The document under construction, with the ids the later parts refer to.
struct Assembly {
    doc: Document,
    pages_id: ObjectId,
    resources_id: ObjectId,
    page_ids: Vec<ObjectId>,
}

impl Assembly {
    fn new(standard: PdfStandard) -> Assembly {
        // PDF/X-4 is PDF 1.6 (ISO 15930-7); everything written here is in 1.6 but the version.
        let version = match standard {
            PdfStandard::Plain => "1.7",
            PdfStandard::PdfX4 => "1.6",
        };
        let mut doc = Document::with_version(version);
        let pages_id = doc.new_object_id();
        let resources_id = doc.new_object_id();
        Assembly {
            doc,
            pages_id,
            resources_id,
            page_ids: Vec::new(),
        }
    }

    /// The page objects with their content streams and link annotations; returns each page's
    /// annotations as (the link item's index, the annotation's id).
    fn pages(&mut self, layout: &Layout, prepared: &Prepared) -> Vec<Vec<(usize, ObjectId)>> {
        let (contents, geometry) = (&prepared.contents, &prepared.geometry);
        let mut annotations = Vec::with_capacity(layout.pages.len());
        self.page_ids = layout
            .pages
            .iter()
            .map(|_| self.doc.new_object_id())
            .collect();
        let anchors = self.anchors(layout, geometry);
        let media = geometry.media();
        for ((page, content), &page_id) in layout.pages.iter().zip(contents).zip(&self.page_ids) {
            let mut stream =
                Stream::new(dictionary! { "Filter" => "FlateDecode" }, content.clone());
            stream.allows_compression = false;
            let content_id = self.doc.add_object(stream);
            let texts = link_texts(page);
            let annotated: Vec<(usize, ObjectId)> = page
                .items
                .iter()
                .enumerate()
                .filter_map(|(index, item)| {
                    Some((index, link(item, (&anchors, &texts), geometry)?))
                })
                .map(|(index, annot)| (index, self.doc.add_object(annot)))
                .collect();
            let annots: Vec<Object> = annotated.iter().map(|(_, id)| (*id).into()).collect();
            annotations.push(annotated);
            // Tab order follows the structure (PDF/UA); the page's key in the parent tree is
            // its index.
            let mut dict = dictionary! {
                "Type" => "Page",
                "Parent" => self.pages_id,
                "MediaBox" => media.clone(),
                "TrimBox" => geometry.corners(0.0),
                "Contents" => content_id,
                "Resources" => self.resources_id,
                "Tabs" => "S",
            };
            if geometry.boxed() || prepared.standard == PdfStandard::PdfX4 {
                dict.set("BleedBox", geometry.corners(geometry.bleed));
            }
            if !annots.is_empty() {
                dict.set("Annots", annots);
            }
            self.doc.objects.insert(page_id, Object::Dictionary(dict));
        }
        let kids: Vec<Object> = self.page_ids.iter().map(|id| (*id).into()).collect();
        let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
        self.doc.objects.insert(
            self.pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        annotations
    }

    /// Every anchor's destination: the first page that holds it, and its top in PDF space.
    fn anchors(&self, layout: &Layout, geometry: &Geometry) -> BTreeMap<String, Object> {
        let mut anchors = BTreeMap::new();
        for (page, id) in layout.pages.iter().zip(&self.page_ids) {
            for (anchor, y) in &page.anchors {
                anchors.entry(anchor.clone()).or_insert_with(|| {
                    let top = geometry.origin + geometry.height - y.0;
                    destination(*id, top)
                });
            }
        }
        anchors
    }

    /// The catalog (outline shown on open, page labels, language, XMP) and the Info dictionary.
    fn catalog(
        &mut self,
        layout: &Layout,
        metadata: &Metadata,
        prepared: &Prepared,
        tree: ObjectId,
    ) {
        let anchors = self.anchors(layout, &prepared.geometry);
        let mut catalog = dictionary! {
            "Type" => "Catalog",
            "Pages" => self.pages_id,
            "Lang" => text_string(metadata.language.as_str()),
            "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
            "PageLabels" => page_labels(layout),
            "MarkInfo" => dictionary! { "Marked" => true },
            "StructTreeRoot" => tree,
        };
        let outline = write_outline(&mut self.doc, &layout.outline, &|id: &str| {
            anchors.get(id).cloned()
        });
        if let Some(outline) = outline {
            catalog.set("Outlines", outline);
            catalog.set("PageMode", "UseOutlines");
        }
        if prepared.standard == PdfStandard::PdfX4 {
            catalog.set("OutputIntents", vec![self.output_intent().into()]);
        }
        let claim = Claim::Reading {
            standard: prepared.standard,
        };
        add_catalog(&mut self.doc, catalog, metadata, claim);
    }

    /// The PDF/X output intent: a monochrome press, its profile embedded (`super::icc`). The
    /// condition is not one of a registry's, so it is described in `/Info`.
    fn output_intent(&mut self) -> Dictionary {
        let mut profile = Stream::new(
            dictionary! { "N" => 1, "Filter" => "FlateDecode" },
            deflate(&icc::press_gray()),
        );
        profile.allows_compression = false;
        let profile = self.doc.add_object(profile);
        dictionary! {
            "Type" => "OutputIntent",
            "S" => "GTS_PDFX",
            "OutputConditionIdentifier" => Object::string_literal("Custom"),
            "OutputCondition" => Object::string_literal(OUTPUT_CONDITION),
            "Info" => Object::string_literal(OUTPUT_CONDITION),
            "DestOutputProfile" => profile,
        }
    }
}

/// `[page /XYZ null top null]`: the page, scrolled to `top`, at the reader's zoom.
fn destination(page: ObjectId, top: f64) -> Object {
    vec![
        Object::Reference(page),
        "XYZ".into(),
        Object::Null,
        Object::Real(top as f32),
        Object::Null,
    ]
    .into()
}

/// A link annotation for a link item: borderless, to an anchor's destination or a web address.
/// A link to an anchor no page holds is left out.
/// The text of each link of a page (the runs of its node there), which its annotations give as
/// their `/Contents` (PDF/UA: an annotation has a description).
fn link_texts(page: &Page) -> BTreeMap<NodeId, String> {
    let mut texts: BTreeMap<NodeId, String> = page
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Link {
                tag: Tag::Node { id },
                ..
            } => Some((*id, String::new())),
            _ => None,
        })
        .collect();
    if texts.is_empty() {
        return texts;
    }
    for item in &page.items {
        let Item::Text(run) = item else {
            continue;
        };
        if let Some(text) = run.tag.id().and_then(|id| texts.get_mut(&id)) {
            if run.space_before && !text.is_empty() {
                text.push(' ');
            }
            text.push_str(run.glyphs.text());
        }
    }
    texts
}

fn link(
    item: &Item,
    (anchors, texts): (&BTreeMap<String, Object>, &BTreeMap<NodeId, String>),
    geometry: &Geometry,
) -> Option<Dictionary> {
    let Item::Link {
        x,
        y,
        width,
        height,
        target,
        tag,
    } = item
    else {
        return None;
    };
    let (o, h) = (geometry.origin, geometry.height);
    let rect: Vec<Object> = [
        o + x.0,
        o + h - y.0 - height.0,
        o + x.0 + width.0,
        o + h - y.0,
    ]
    .iter()
    .map(|v| Object::Real(*v as f32))
    .collect();
    let mut dict = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Rect" => rect,
        "Border" => vec![0.into(), 0.into(), 0.into()],
    };
    let text = tag.id().and_then(|id| texts.get(&id)).map(|t| t.trim());
    let contents = match (text, target) {
        (Some(text), _) if !text.is_empty() => text.to_owned(),
        (_, LinkTarget::External { url }) => url.clone(),
        (_, LinkTarget::Internal { id }) => id.clone(),
    };
    dict.set("Contents", text_string(&contents));
    match target {
        LinkTarget::Internal { id } => dict.set("Dest", anchors.get(id)?.clone()),
        LinkTarget::External { url } => dict.set(
            "A",
            dictionary! {
                "S" => "URI",
                "URI" => Object::String(url.as_bytes().to_vec(), lopdf::StringFormat::Literal),
            },
        ),
    }
    Some(dict)
}

/// Crop marks: at each corner, one horizontal and one vertical hairline in the slug, on the
/// lines of the trim, starting `MARK_OFFSET` outside the bleed. Registration black would be four
/// inks; a mark in K only is what a single-colour job needs.
fn crop_marks(ops: &mut Vec<Op>, g: &Geometry) {
    ops.push(Op::SaveGraphicsState);
    ops.push(Op::SetOutlineColor {
        col: printpdf::Color::Greyscale(printpdf::Greyscale {
            percent: 0.0,
            icc_profile: None,
        }),
    });
    ops.push(Op::SetOutlineThickness {
        pt: printpdf::Pt(0.25),
    });
    let gap = g.bleed + MARK_OFFSET;
    let near = |v: f64| [v - gap - MARK_LENGTH, v - gap];
    let far = |v: f64| [v + gap, v + gap + MARK_LENGTH];
    let (left, right, bottom, top) = (g.origin, g.origin + g.width, g.origin, g.origin + g.height);
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
