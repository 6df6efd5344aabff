//! The finishing pass: what printpdf's document gets wrong or leaves out, corrected with `lopdf`.
//!
//! printpdf's `to_lopdf_doc` hands over the document as `lopdf` objects, so nothing is re-parsed.
//! This pass:
//! - replaces each whole embedded font with its subset ([`super::fonts::finish_font`]) and
//!   renumbers the glyph ids in every content stream to match;
//! - renames printpdf's fonts and images (random 32-character resource names, drawn from a
//!   process-global counter) to `F0`, `F1` ... and `Im0`, `Im1` ..., in the resources and in the
//!   content streams, so the same book always gives the same bytes;
//! - writes MediaBox, TrimBox and BleedBox as `[llx lly urx ury]` (printpdf writes `[x y w h]` and
//!   has no BleedBox) and drops its CropBox;
//! - makes the link annotations indirect objects with an explicit `/Dest` and an integer zero
//!   border;
//! - writes a new catalog (nested outline shown on open, page labels, `/Lang`, XMP metadata) and
//!   Info dictionary (printpdf's outline is flat, its `/PageMode` a string, its Info carries an
//!   empty `GTS_PDFXVersion` and no author);
//! - numbers the objects in the order they are reached from the trailer, deflates the content
//!   streams, and sets the header version and a trailer `/ID` that is a hash of the file itself.

use std::collections::{BTreeMap, VecDeque};
use std::fmt::Write as _;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream, StringFormat};
use printpdf::{FontId, XObjectId};
use sha2::{Digest, Sha256};

use super::document::FontPlan;
use super::fonts::{finish_font, text_string};
use super::PdfError;
use crate::layout::{Layout, OutlineEntry};
use crate::model::Metadata;

/// Where the trim box sits on the media box, in points.
pub struct Geometry {
    pub width: f64,
    pub height: f64,
    /// The trim box's lower-left corner (bleed, plus the slug for crop marks).
    pub origin: f64,
    pub bleed: f64,
    /// Whether to write a BleedBox (with bleed or marks).
    pub boxed: bool,
}

/// What the finishing pass needs besides printpdf's document.
pub struct Finish<'a> {
    pub layout: &'a Layout,
    pub metadata: &'a Metadata,
    pub fonts: &'a [(FontId, FontPlan)],
    pub images: &'a [XObjectId],
    pub geometry: Geometry,
}

fn unexpected(what: &str) -> PdfError {
    PdfError::Write {
        message: format!("printpdf wrote an unexpected document ({what})"),
    }
}

fn reference(dict: &Dictionary, key: &[u8]) -> Option<ObjectId> {
    dict.get(key).and_then(Object::as_reference).ok()
}

/// Finishes printpdf's document and returns the file's bytes.
pub fn finish(doc: &mut Document, input: &Finish) -> Result<Vec<u8>, PdfError> {
    let root = doc
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| unexpected("no catalog"))?;
    let pages_id = doc
        .get_dictionary(root)
        .ok()
        .and_then(|catalog| reference(catalog, b"Pages"))
        .ok_or_else(|| unexpected("no page tree"))?;
    let kids: Vec<ObjectId> = doc
        .get_dictionary(pages_id)
        .and_then(|pages| pages.get(b"Kids"))
        .and_then(Object::as_array)
        .map_err(|_| unexpected("no page list"))?
        .iter()
        .filter_map(|kid| kid.as_reference().ok())
        .collect();
    if kids.len() != input.layout.pages.len() {
        return Err(unexpected("page count"));
    }

    // printpdf gives every page the same font and XObject dictionaries.
    let first_resources = kids
        .first()
        .and_then(|page| doc.get_dictionary(*page).ok())
        .and_then(|page| reference(page, b"Resources"))
        .and_then(|id| doc.get_dictionary(id).ok());
    let (font_dict, xobject_dict) = match first_resources {
        Some(resources) => (
            reference(resources, b"Font")
                .and_then(|id| doc.get_dictionary(id).ok())
                .cloned()
                .unwrap_or_default(),
            reference(resources, b"XObject")
                .and_then(|id| doc.get_dictionary(id).ok())
                .cloned()
                .unwrap_or_default(),
        ),
        None => (Dictionary::new(), Dictionary::new()),
    };

    // Fonts: subset each, and name it F<n>.
    let mut renames: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
    let mut remaps: BTreeMap<Vec<u8>, &BTreeMap<u16, u16>> = BTreeMap::new();
    let mut fonts = Dictionary::new();
    for (index, (id, plan)) in input.fonts.iter().enumerate() {
        let font = reference(&font_dict, id.0.as_bytes()).ok_or_else(|| unexpected("font"))?;
        finish_font(doc, font, &plan.subset, &plan.used)?;
        let name = format!("F{index}").into_bytes();
        fonts.set(name.clone(), font);
        remaps.insert(id.0.clone().into_bytes(), &plan.subset.remap);
        renames.insert(id.0.clone().into_bytes(), name);
    }
    let mut xobjects = Dictionary::new();
    for (index, id) in input.images.iter().enumerate() {
        let image = reference(&xobject_dict, id.0.as_bytes()).ok_or_else(|| unexpected("image"))?;
        let name = format!("Im{index}").into_bytes();
        xobjects.set(name.clone(), image);
        renames.insert(id.0.clone().into_bytes(), name);
    }
    let mut resources = dictionary! { "Font" => fonts };
    if !xobjects.is_empty() {
        resources.set("XObject", xobjects);
    }
    let resources_id = doc.add_object(resources);

    // Pages: content, boxes, annotations.
    let g = &input.geometry;
    let corners = |inset: f64| -> Object {
        vec![
            Object::Real((g.origin - inset) as f32),
            Object::Real((g.origin - inset) as f32),
            Object::Real((g.origin + g.width + inset) as f32),
            Object::Real((g.origin + g.height + inset) as f32),
        ]
        .into()
    };
    let media: Object = vec![
        Object::Integer(0),
        Object::Integer(0),
        Object::Real((g.width + 2.0 * g.origin) as f32),
        Object::Real((g.height + 2.0 * g.origin) as f32),
    ]
    .into();
    for page_id in &kids {
        let page = doc
            .get_dictionary(*page_id)
            .map_err(|_| unexpected("page"))?
            .clone();
        let content_id = reference(&page, b"Contents").ok_or_else(|| unexpected("contents"))?;
        let stream = doc
            .get_object(content_id)
            .and_then(Object::as_stream)
            .map_err(|_| unexpected("content stream"))?;
        let raw = stream
            .decompressed_content()
            .unwrap_or_else(|_| stream.content.clone());
        let bytes = rewrite_content(&raw, &renames, &remaps);
        doc.objects
            .insert(content_id, Object::Stream(deflated(bytes)));

        let mut annots = Vec::new();
        if let Ok(Object::Array(links)) = page.get(b"Annots") {
            for link in links {
                if let Object::Dictionary(link) = link {
                    annots.push(Object::Reference(doc.add_object(finish_link(link))));
                }
            }
        }
        let mut dict = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => media.clone(),
            "TrimBox" => corners(0.0),
            "Contents" => content_id,
            "Resources" => resources_id,
        };
        if g.boxed {
            dict.set("BleedBox", corners(g.bleed));
        }
        if !annots.is_empty() {
            dict.set("Annots", annots);
        }
        doc.objects.insert(*page_id, Object::Dictionary(dict));
    }

    // Catalog and Info, new.
    let mut anchors: BTreeMap<&str, (ObjectId, f64)> = BTreeMap::new();
    for (page, id) in input.layout.pages.iter().zip(&kids) {
        for (anchor, y) in &page.anchors {
            anchors
                .entry(anchor.as_str())
                .or_insert((*id, g.origin + g.height - y.0));
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
    let metadata = input.metadata;
    let mut catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => text_string(metadata.language.as_str()),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
        "PageLabels" => page_labels(input.layout),
    };
    if let Some(outline) = write_outline(doc, &input.layout.outline, &destination) {
        catalog.set("Outlines", outline);
        catalog.set("PageMode", "UseOutlines");
    }
    let mut xmp = Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(metadata).into_bytes(),
    );
    xmp.allows_compression = false;
    catalog.set("Metadata", doc.add_object(xmp));
    doc.objects.insert(root, Object::Dictionary(catalog));
    let info_id = doc.add_object(info(metadata));
    doc.trailer.set("Info", info_id);

    let mut out = renumbered(doc);
    with_id(&mut out)
}

/// A link annotation as printpdf wrote it (inline, a GoTo action, a `Real` border), with an
/// explicit destination and an integer zero border.
fn finish_link(link: &Dictionary) -> Dictionary {
    let mut dict = dictionary! {
        "Type" => "Annot",
        "Subtype" => "Link",
        "Border" => vec![0.into(), 0.into(), 0.into()],
    };
    if let Ok(rect) = link.get(b"Rect") {
        dict.set("Rect", rect.clone());
    }
    let action = link.get(b"A").and_then(Object::as_dict).ok();
    let goto = action.filter(|a| matches!(a.get(b"S").and_then(Object::as_name), Ok(b"GoTo")));
    match (goto.and_then(|a| a.get(b"D").ok()), action) {
        (Some(dest), _) => dict.set("Dest", dest.clone()),
        (None, Some(action)) => dict.set("A", action.clone()),
        (None, None) => {}
    }
    dict
}

/// Renames the fonts and images of one of printpdf's content streams and renumbers its glyph ids.
///
/// One pass over the bytes rather than a parse into `lopdf` operations and back, which took most
/// of the finishing pass's time (an object per glyph). It relies on two things printpdf's pages
/// are made of here: glyph ids are its only hexadecimal strings (`<0012>`, two bytes a glyph), and
/// its only names are fonts (`Tf`) and images (`Do`), so the last font named is the font of the
/// next string. A name or string that does not fit is copied unchanged.
fn rewrite_content(
    raw: &[u8],
    renames: &BTreeMap<Vec<u8>, Vec<u8>>,
    remaps: &BTreeMap<Vec<u8>, &BTreeMap<u16, u16>>,
) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut remap: Option<&BTreeMap<u16, u16>> = None;
    let mut i = 0;
    while let Some(&byte) = raw.get(i) {
        match byte {
            b'/' => {
                let start = i + 1;
                let end = raw[start..]
                    .iter()
                    .position(|&b| b.is_ascii_whitespace() || b"()<>[]{}/%".contains(&b))
                    .map_or(raw.len(), |p| start + p);
                let name = &raw[start..end];
                if let Some(font) = remaps.get(name) {
                    remap = Some(font);
                }
                out.push(b'/');
                out.extend_from_slice(renames.get(name).map_or(name, Vec::as_slice));
                i = end;
            }
            b'<' if raw.get(i + 1) == Some(&b'<') => {
                out.extend_from_slice(b"<<");
                i += 2;
            }
            b'<' => {
                let start = i + 1;
                let Some(end) = raw[start..].iter().position(|&b| b == b'>') else {
                    out.extend_from_slice(&raw[i..]);
                    break;
                };
                let end = start + end;
                out.push(b'<');
                renumber_hex(&mut out, &raw[start..end], remap);
                out.push(b'>');
                i = end + 1;
            }
            b'(' => {
                // A literal string, copied as it is (balanced parentheses, backslash escapes).
                let mut depth = 0;
                while let Some(&b) = raw.get(i) {
                    out.push(b);
                    i += 1;
                    match b {
                        b'\\' => {
                            if let Some(&escaped) = raw.get(i) {
                                out.push(escaped);
                                i += 1;
                            }
                        }
                        b'(' => depth += 1,
                        b')' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {
                out.push(byte);
                i += 1;
            }
        }
    }
    out
}

/// Glyph ids as four hex digits each, original to subset (a glyph not in the subset becomes 0,
/// .notdef); anything else, or a string outside a font, is copied unchanged.
fn renumber_hex(out: &mut Vec<u8>, hex: &[u8], remap: Option<&BTreeMap<u16, u16>>) {
    let digit = |b: u8| char::from(b).to_digit(16);
    let glyphs = hex.len() % 4 == 0 && hex.iter().all(|&b| digit(b).is_some());
    let Some(remap) = remap.filter(|_| glyphs) else {
        out.extend_from_slice(hex);
        return;
    };
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for group in hex.chunks_exact(4) {
        let old = group
            .iter()
            .fold(0u16, |id, &b| (id << 4) | digit(b).map_or(0, |d| d as u16));
        let new = remap.get(&old).copied().unwrap_or(0);
        for shift in [12, 8, 4, 0] {
            out.push(DIGITS[usize::from((new >> shift) & 0xf)]);
        }
    }
}

/// A copy of the document with only the objects reachable from the trailer, numbered 1, 2, 3 ...
/// in the order they are reached (breadth first, dictionary keys in their written order): the
/// numbering then depends only on the document, not on how printpdf allocated ids.
fn renumbered(doc: &Document) -> Document {
    let mut out = Document::with_version("1.7");
    let mut ids: BTreeMap<ObjectId, ObjectId> = BTreeMap::new();
    let mut queue: VecDeque<ObjectId> = VecDeque::new();
    let visit = |object: &Object,
                 ids: &mut BTreeMap<ObjectId, ObjectId>,
                 queue: &mut VecDeque<ObjectId>| {
        let mut stack = vec![object];
        while let Some(object) = stack.pop() {
            match object {
                Object::Reference(id) if !ids.contains_key(id) && doc.objects.contains_key(id) => {
                    let next = (u32::try_from(ids.len()).unwrap_or(u32::MAX - 1) + 1, 0);
                    ids.insert(*id, next);
                    queue.push_back(*id);
                }
                Object::Array(items) => stack.extend(items.iter().rev()),
                Object::Dictionary(dict) => stack.extend(dict.iter().map(|(_, v)| v).rev()),
                Object::Stream(stream) => stack.extend(stream.dict.iter().map(|(_, v)| v).rev()),
                _ => {}
            }
        }
    };
    for key in [&b"Root"[..], b"Info"] {
        if let Ok(object) = doc.trailer.get(key) {
            visit(object, &mut ids, &mut queue);
        }
    }
    while let Some(id) = queue.pop_front() {
        if let Some(object) = doc.objects.get(&id) {
            visit(object, &mut ids, &mut queue);
        }
    }
    for (old, new) in &ids {
        if let Some(object) = doc.objects.get(old) {
            out.objects.insert(*new, relinked(object, &ids));
        }
    }
    out.max_id = u32::try_from(ids.len()).unwrap_or(u32::MAX);
    for key in [&b"Root"[..], b"Info"] {
        if let Ok(object) = doc.trailer.get(key) {
            out.trailer.set(key, relinked(object, &ids));
        }
    }
    out
}

fn relinked(object: &Object, ids: &BTreeMap<ObjectId, ObjectId>) -> Object {
    match object {
        Object::Reference(id) => ids
            .get(id)
            .map_or(Object::Null, |new| Object::Reference(*new)),
        Object::Array(items) => Object::Array(items.iter().map(|o| relinked(o, ids)).collect()),
        Object::Dictionary(dict) => Object::Dictionary(relinked_dict(dict, ids)),
        Object::Stream(stream) => {
            let mut copy = stream.clone();
            copy.dict = relinked_dict(&stream.dict, ids);
            Object::Stream(copy)
        }
        other => other.clone(),
    }
}

fn relinked_dict(dict: &Dictionary, ids: &BTreeMap<ObjectId, ObjectId>) -> Dictionary {
    let mut out = Dictionary::new();
    for (key, value) in dict.iter() {
        out.set(key.clone(), relinked(value, ids));
    }
    out
}

/// Saves the document with a trailer `/ID` that is a hash of the file: written with a zero
/// placeholder, then the placeholder overwritten with the hash (same length, so no offset moves).
/// The file is written once, and the /ID identifies exactly its content.
fn with_id(doc: &mut Document) -> Result<Vec<u8>, PdfError> {
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
        "Title" => text_string(&metadata.full_title()),
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
        e(&metadata.full_title())
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
        e(metadata.language.as_str())
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

    #[test]
    fn content_is_renamed_and_renumbered() {
        let renames = BTreeMap::from([
            (b"Xfont".to_vec(), b"F0".to_vec()),
            (b"Ximage".to_vec(), b"Im0".to_vec()),
        ]);
        let glyphs = BTreeMap::from([(0x12u16, 1u16), (0x2e, 2)]);
        let remaps = BTreeMap::from([(b"Xfont".to_vec(), &glyphs)]);
        let raw = b"BT\n/Xfont 13 Tf\n[<0012> 20<002e><0099>] TJ\nET\n<< /A (a\\) <b>) >> q\n/Ximage Do\n";
        let out = rewrite_content(raw, &renames, &remaps);
        assert_eq!(
            String::from_utf8_lossy(&out),
            "BT\n/F0 13 Tf\n[<0001> 20<0002><0000>] TJ\nET\n<< /A (a\\) <b>) >> q\n/Im0 Do\n"
        );
    }
}
