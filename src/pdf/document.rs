//! Assembling the document: pages and their boxes, resources, annotations, outline, labels,
//! metadata, and the content-derived `/ID`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::content::{num, PageWriter};
use super::fonts::{embed, text_string, EmbeddedFont, GlyphUse};
use super::images;
use super::PdfError;
use crate::layout::{Item, Layout, LinkTarget, OutlineEntry};
use crate::model::{ImageFormat, Metadata};
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

/// Writes the layout as a PDF and returns its bytes.
pub fn write_pdf(
    layout: &Layout,
    fonts: &FontBook,
    metadata: &Metadata,
    options: &PdfOptions,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.7");

    // Fonts: which glyphs each face draws, then one subset per face.
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
    let mut embedded: BTreeMap<FaceId, (String, EmbeddedFont)> = BTreeMap::new();
    let mut font_resources = Dictionary::new();
    for (index, (face, used)) in usage.iter().enumerate() {
        let font = embed(
            &mut doc,
            fonts.data(*face),
            &fonts.postscript_name(*face),
            used,
        )?;
        let name = format!("F{index}");
        font_resources.set(name.as_str(), font.object);
        embedded.insert(*face, (name, font));
    }

    // Images.
    let mut xobjects = Dictionary::new();
    for (index, source) in layout.images.iter().enumerate() {
        let bytes = std::fs::read(&source.path).map_err(|e| PdfError::Image {
            path: source.path.clone(),
            message: e.to_string(),
        })?;
        let image = match source.format {
            ImageFormat::Jpeg => images::jpeg(bytes),
            ImageFormat::Png => images::png(&bytes),
        }
        .map_err(|message| PdfError::Image {
            path: source.path.clone(),
            message,
        })?;
        let mut stream = image.image;
        if let Some(mask) = image.mask {
            let mask_id = doc.add_object(mask);
            stream.dict.set("SMask", mask_id);
        }
        let id = doc.add_object(stream);
        xobjects.set(format!("Im{index}").as_str(), id);
    }
    let mut resources = dictionary! { "Font" => font_resources };
    if !xobjects.is_empty() {
        resources.set("XObject", xobjects);
    }
    let resources_id = doc.add_object(resources);

    // Geometry: the trim box sits `origin` in from the media box's corner.
    let bleed = options.bleed.0.max(0.0);
    let origin = if options.marks {
        bleed + MARK_OFFSET + MARK_LENGTH
    } else {
        bleed
    };
    let (w, h) = (layout.width.0, layout.height.0);
    let boxes = |inset: f64| -> Object {
        vec![
            Object::Real((origin - inset) as f32),
            Object::Real((origin - inset) as f32),
            Object::Real((origin + w + inset) as f32),
            Object::Real((origin + h + inset) as f32),
        ]
        .into()
    };
    let media = vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Real((w + 2.0 * origin) as f32),
        Object::Real((h + 2.0 * origin) as f32),
    ];

    // Page objects first (ids known before links and the outline need them).
    let pages_id = doc.new_object_id();
    let page_ids: Vec<ObjectId> = layout.pages.iter().map(|_| doc.new_object_id()).collect();
    let mut anchors: BTreeMap<&str, (ObjectId, f64)> = BTreeMap::new();
    for (page, id) in layout.pages.iter().zip(&page_ids) {
        for (anchor, y) in &page.anchors {
            anchors
                .entry(anchor.as_str())
                .or_insert((*id, origin + h - y.0));
        }
    }
    let destination = |id: &str| -> Option<Object> {
        let (page, top) = anchors.get(id)?;
        Some(
            vec![
                Object::Reference(*page),
                "XYZ".into(),
                Object::Null,
                Object::Real(*top as f32),
                Object::Null,
            ]
            .into(),
        )
    };

    let writer = PageWriter {
        fonts: &embedded,
        height: layout.height,
        origin: Pt(origin),
    };
    for (page, id) in layout.pages.iter().zip(&page_ids) {
        let mut bytes = writer.page(&page.items);
        if options.marks {
            bytes.extend_from_slice(crop_marks(w, h, origin, bleed).as_bytes());
        }
        let content_id = doc.add_object(deflated(bytes));
        let mut annots = Vec::new();
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
            let rect = vec![
                Object::Real((origin + x.0) as f32),
                Object::Real((origin + h - y.0 - height.0) as f32),
                Object::Real((origin + x.0 + width.0) as f32),
                Object::Real((origin + h - y.0) as f32),
            ];
            let mut annot = dictionary! {
                "Type" => "Annot",
                "Subtype" => "Link",
                "Rect" => rect,
                "Border" => vec![0.into(), 0.into(), 0.into()],
            };
            match target {
                LinkTarget::Internal { id } => match destination(id) {
                    Some(dest) => annot.set("Dest", dest),
                    None => continue,
                },
                LinkTarget::External { url } => annot.set(
                    "A",
                    dictionary! {
                        "S" => "URI",
                        "URI" => Object::String(url.as_bytes().to_vec(), StringFormat::Literal),
                    },
                ),
            }
            annots.push(Object::Reference(doc.add_object(annot)));
        }
        let mut dict = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => media.clone(),
            "TrimBox" => boxes(0.0),
            "Contents" => content_id,
            "Resources" => resources_id,
        };
        if bleed > 0.0 || options.marks {
            dict.set("BleedBox", boxes(bleed));
        }
        if !annots.is_empty() {
            dict.set("Annots", annots);
        }
        doc.objects.insert(*id, Object::Dictionary(dict));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => page_ids.iter().map(|id| Object::Reference(*id)).collect::<Vec<_>>(),
            "Count" => i64::try_from(page_ids.len()).unwrap_or(0),
        }),
    );

    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => text_string(&metadata.language),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
        "PageLabels" => page_labels(layout),
    };
    if let Some(outline) = write_outline(&mut doc, &layout.outline, &destination) {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", "UseOutlines");
    }
    let mut xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(metadata).into_bytes(),
    );
    xmp.allows_compression = false;
    catalog.set("Metadata", doc.add_object(xmp));
    let catalog_id = doc.add_object(catalog);
    let info_id = doc.add_object(info(metadata));
    doc.trailer.set("Root", catalog_id);
    doc.trailer.set("Info", info_id);

    // The /ID: a hash of the document written with a zero placeholder, then the placeholder in
    // the trailer overwritten with the hash (same length, so no offset moves). The file is
    // written once, and the /ID identifies exactly its content.
    let placeholder = Object::String(vec![0; 16], StringFormat::Hexadecimal);
    doc.trailer
        .set("ID", vec![placeholder.clone(), placeholder]);
    let mut out = Vec::new();
    doc.save_to(&mut out).map_err(|e| PdfError::Write {
        message: e.to_string(),
    })?;
    let digest = Sha256::digest(&out);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    // lopdf writes the trailer (here the cross-reference stream's dictionary) as
    // `/ID[<00…0><00…0>]`; the last `/ID[` is that one.
    let zeros = [b'0'; 32];
    let slot = out.windows(4).rposition(|w| w == b"/ID[").filter(|&at| {
        let tail = &out[at..(at + 80).min(out.len())];
        tail.windows(32).filter(|w| *w == zeros).count() == 2
    });
    match slot {
        Some(at) => {
            for _ in 0..2 {
                let end = (at + 80).min(out.len());
                if let Some(found) = out[at..end].windows(32).position(|w| w == zeros) {
                    out[at + found..at + found + 32].copy_from_slice(hex.as_bytes());
                }
            }
        }
        None => {
            // Not the shape expected of lopdf: write the document a second time with the /ID.
            let id = Object::String(digest[..16].to_vec(), StringFormat::Hexadecimal);
            doc.trailer.set("ID", vec![id.clone(), id]);
            out.clear();
            doc.save_to(&mut out).map_err(|e| PdfError::Write {
                message: e.to_string(),
            })?;
        }
    }
    Ok(out)
}

/// A content stream compressed at zlib's default level: a tenth larger than lopdf's "best" and
/// several times faster on a book's worth of pages (the font programs keep "best": they are few
/// and large).
fn deflated(bytes: Vec<u8>) -> Stream {
    use std::io::Write as _;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    match encoder.write_all(&bytes).and_then(|()| encoder.finish()) {
        Ok(compressed) => {
            let mut stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, compressed);
            stream.allows_compression = false;
            stream
        }
        Err(_) => Stream::new(dictionary! {}, bytes),
    }
}

/// Crop marks: at each corner, one horizontal and one vertical hairline in the slug, on the
/// lines of the trim, starting `MARK_OFFSET` outside the bleed. Registration black would be four
/// inks; a mark in K only is what a single-colour job needs.
fn crop_marks(w: f64, h: f64, origin: f64, bleed: f64) -> String {
    let mut out = String::from("q 0 G 0.25 w\n");
    let gap = bleed + MARK_OFFSET;
    let near = |v: f64| [v - gap - MARK_LENGTH, v - gap];
    let far = |v: f64| [v + gap, v + gap + MARK_LENGTH];
    let (left, right, bottom, top) = (origin, origin + w, origin, origin + h);
    for y in [bottom, top] {
        for [a, b] in [near(left), far(right)] {
            segment(&mut out, a, y, b, y);
        }
    }
    for x in [left, right] {
        for [a, b] in [near(bottom), far(top)] {
            segment(&mut out, x, a, x, b);
        }
    }
    out.push_str("Q\n");
    out
}

fn segment(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    num(out, x1);
    out.push(' ');
    num(out, y1);
    out.push_str(" m ");
    num(out, x2);
    out.push(' ');
    num(out, y2);
    out.push_str(" l S\n");
}

/// Roman numerals for the front matter, arabic from the first body page (restarting at 1).
fn page_labels(layout: &Layout) -> Dictionary {
    let mut nums = Vec::new();
    if layout.first_arabic_page > 0 {
        nums.push(Object::Integer(0));
        nums.push(dictionary! { "S" => "r" }.into());
    }
    nums.push(Object::Integer(
        i64::try_from(layout.first_arabic_page).unwrap_or(0),
    ));
    nums.push(dictionary! { "S" => "D" }.into());
    dictionary! { "Nums" => nums }
}

/// Writes the outline tree (every level open) and returns the root's id, or `None` without entries.
fn write_outline(
    doc: &mut Document,
    entries: &[OutlineEntry],
    destination: &dyn Fn(&str) -> Option<Object>,
) -> Option<ObjectId> {
    if entries.is_empty() {
        return None;
    }
    let root = doc.new_object_id();
    let (first, last, count) = write_level(doc, entries, root, destination);
    doc.objects.insert(
        root,
        Object::Dictionary(dictionary! {
            "Type" => "Outlines",
            "First" => first,
            "Last" => last,
            "Count" => count,
        }),
    );
    Some(root)
}

/// Writes one level under `parent`; returns its first and last ids and the number of visible
/// descendants (for `/Count`).
fn write_level(
    doc: &mut Document,
    entries: &[OutlineEntry],
    parent: ObjectId,
    destination: &dyn Fn(&str) -> Option<Object>,
) -> (ObjectId, ObjectId, i64) {
    let ids: Vec<ObjectId> = entries.iter().map(|_| doc.new_object_id()).collect();
    let mut visible = 0;
    for (i, entry) in entries.iter().enumerate() {
        let mut dict = dictionary! {
            "Title" => text_string(&entry.title),
            "Parent" => parent,
        };
        if let Some(dest) = destination(&entry.id) {
            dict.set("Dest", dest);
        }
        if i > 0 {
            dict.set("Prev", ids[i - 1]);
        }
        if let Some(next) = ids.get(i + 1) {
            dict.set("Next", *next);
        }
        visible += 1;
        if !entry.children.is_empty() {
            let (first, last, count) = write_level(doc, &entry.children, ids[i], destination);
            dict.set("First", first);
            dict.set("Last", last);
            dict.set("Count", count);
            visible += count;
        }
        doc.objects.insert(ids[i], Object::Dictionary(dict));
    }
    (ids[0], ids[ids.len() - 1], visible)
}

/// `2024-05-01T12:00:00Z` as a PDF date `D:20240501120000Z`.
fn pdf_date(modified: &str) -> String {
    let digits: String = modified.chars().filter(char::is_ascii_digit).collect();
    let mut padded = digits;
    while padded.len() < 14 {
        padded.push('0');
    }
    padded.truncate(14);
    format!("D:{padded}Z")
}

fn info(metadata: &Metadata) -> Dictionary {
    let date = pdf_date(&metadata.modified);
    let mut dict = dictionary! {
        "Title" => text_string(&metadata.title),
        "Creator" => text_string("samizdat"),
        "Producer" => text_string(concat!("samizdat ", env!("CARGO_PKG_VERSION"))),
        "CreationDate" => Object::string_literal(date.clone()),
        "ModDate" => Object::string_literal(date),
    };
    if !metadata.authors.is_empty() {
        dict.set("Author", text_string(&metadata.authors.join(", ")));
    }
    if let Some(description) = &metadata.description {
        dict.set("Subject", text_string(description));
    }
    if !metadata.subjects.is_empty() {
        dict.set("Keywords", text_string(&metadata.subjects.join(", ")));
    }
    dict
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The XMP packet: Dublin Core, XMP basic and PDF schemas, matching the Info dictionary.
fn xmp(metadata: &Metadata) -> String {
    let e = |t: &str| xml_escape(t);
    let mut out = String::new();
    out.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    out.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    out.push_str("<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    let _ = writeln!(
        out,
        "<dc:format>application/pdf</dc:format>\n<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>",
        e(&metadata.title)
    );
    if !metadata.authors.is_empty() {
        out.push_str("<dc:creator><rdf:Seq>");
        for author in &metadata.authors {
            let _ = write!(out, "<rdf:li>{}</rdf:li>", e(author));
        }
        out.push_str("</rdf:Seq></dc:creator>\n");
    }
    if let Some(description) = &metadata.description {
        let _ = writeln!(
            out,
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>",
            e(description)
        );
    }
    if !metadata.subjects.is_empty() {
        out.push_str("<dc:subject><rdf:Bag>");
        for subject in &metadata.subjects {
            let _ = write!(out, "<rdf:li>{}</rdf:li>", e(subject));
        }
        out.push_str("</rdf:Bag></dc:subject>\n");
        let _ = writeln!(
            out,
            "<pdf:Keywords>{}</pdf:Keywords>",
            e(&metadata.subjects.join(", "))
        );
    }
    if let Some(rights) = &metadata.rights {
        let _ = writeln!(
            out,
            "<dc:rights><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:rights>",
            e(rights)
        );
    }
    let _ = writeln!(
        out,
        "<dc:language><rdf:Bag><rdf:li>{}</rdf:li></rdf:Bag></dc:language>",
        e(&metadata.language)
    );
    let _ = writeln!(
        out,
        "<dc:identifier>{}</dc:identifier>",
        e(&metadata.identifier)
    );
    let date = e(&metadata.modified);
    let _ = writeln!(
        out,
        "<xmp:CreateDate>{date}</xmp:CreateDate>\n<xmp:ModifyDate>{date}</xmp:ModifyDate>\n<xmp:MetadataDate>{date}</xmp:MetadataDate>"
    );
    out.push_str("<xmp:CreatorTool>samizdat</xmp:CreatorTool>\n");
    let _ = writeln!(
        out,
        "<pdf:Producer>samizdat {}</pdf:Producer>",
        env!("CARGO_PKG_VERSION")
    );
    out.push_str("</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_pdf_dates() {
        assert_eq!(pdf_date("2024-05-01T12:30:00Z"), "D:20240501123000Z");
        assert_eq!(pdf_date("1970-01-01T00:00:00Z"), "D:19700101000000Z");
    }
}
