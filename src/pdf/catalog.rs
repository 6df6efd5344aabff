//! The document's own dictionaries: catalog parts (outline, page labels), Info and XMP
//! metadata, and the trailer `/ID`. Everything here is a dictionary or a small stream written
//! once; no content stream is read.

use std::fmt::Write as _;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId};
use sha2::{Digest, Sha256};

use super::fonts::text_string;
use crate::layout::{Layout, OutlineEntry};
use crate::model::Metadata;
use crate::style::PdfStandard;

/// What a document claims in its metadata: the reading PDF is tagged (PDF/UA-1) and may be
/// PDF/X-4; the booklet's sheets claim nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    Nothing,
    Reading { standard: PdfStandard },
}

impl Claim {
    fn pdf_x(self) -> bool {
        matches!(
            self,
            Claim::Reading {
                standard: PdfStandard::PdfX4
            }
        )
    }
}

/// The version PDF/X-4 names, in the Info dictionary and the XMP packet.
const PDF_X_VERSION: &str = "PDF/X-4";

/// Roman numerals for the front matter, arabic from the first body page (restarting at 1).
pub fn page_labels(layout: &Layout) -> Dictionary {
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
pub fn write_outline(
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

/// Adds the catalog (with the XMP packet) and the Info dictionary, and names them in the trailer.
pub fn add_catalog(doc: &mut Document, mut catalog: Dictionary, metadata: &Metadata, claim: Claim) {
    let mut packet = lopdf::Stream::new(
        dictionary! { "Type" => "Metadata", "Subtype" => "XML" },
        xmp(metadata, claim).into_bytes(),
    );
    packet.allows_compression = false;
    catalog.set("Metadata", doc.add_object(packet));
    let root = doc.add_object(catalog);
    doc.trailer.set("Root", root);
    let info_id = doc.add_object(info(metadata, claim));
    doc.trailer.set("Info", info_id);
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

pub fn info(metadata: &Metadata, claim: Claim) -> Dictionary {
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
    if claim.pdf_x() {
        dict.set("GTS_PDFXVersion", Object::string_literal(PDF_X_VERSION));
        // No trapping was done; the shop may trap (PDF/X needs the key to say either).
        dict.set("Trapped", "False");
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
pub fn xmp(metadata: &Metadata, claim: Claim) -> String {
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
    if claim.pdf_x() {
        out.push_str("<pdf:Trapped>False</pdf:Trapped>\n");
    }
    out.push_str("</rdf:Description>\n");
    if let Claim::Reading { .. } = claim {
        // PDF/UA-1 identification (ISO 14289-1, 5): the document claims part 1.
        out.push_str("<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n<pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n");
    }
    if claim.pdf_x() {
        // PDF/X-4 identification, and the document's identity in the media-management schema.
        let id = document_uuid(metadata);
        let _ = writeln!(
            out,
            "<rdf:Description rdf:about=\"\" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\" xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n<pdfxid:GTS_PDFXVersion>{PDF_X_VERSION}</pdfxid:GTS_PDFXVersion>\n<xmpMM:DocumentID>uuid:{id}</xmpMM:DocumentID>\n<xmpMM:InstanceID>uuid:{id}</xmpMM:InstanceID>\n<xmpMM:VersionID>1</xmpMM:VersionID>\n<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n</rdf:Description>"
        );
    }
    out.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    out
}

/// A UUID for the document, from its metadata's identifier (the same book, the same UUID).
fn document_uuid(metadata: &Metadata) -> String {
    let digest = Sha256::digest(metadata.identifier.as_bytes());
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_pdf_dates() {
        assert_eq!(pdf_date("2024-05-01T12:00:00Z"), "D:20240501120000Z");
        assert_eq!(pdf_date("1970-01-01T00:00:00Z"), "D:19700101000000Z");
    }
}
