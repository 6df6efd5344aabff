//! Embedding fonts: each face the pages use becomes a subset Type 0 (CID) font with a ToUnicode map.
//!
//! The glyphs a face draws are collected from the pages, the font file is cut down to them with the
//! `subsetter` crate (which renumbers glyphs 1, 2, 3 ... and drops the `cmap`), and the subset is
//! embedded as a CID font whose CIDs are the new glyph ids (`CIDToGIDMap /Identity`). Copy and
//! paste goes through the ToUnicode CMap, written from the text each glyph stood for in the shaper
//! (`ffi` for a ligature). The subset's name gets a six-letter tag derived from a hash of the glyph
//! set, so the same pages always give the same name and different subsets never share one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{dictionary, Document, Object, ObjectId, Stream, StringFormat};
use sha2::{Digest, Sha256};

use super::PdfError;

/// The glyphs one face uses: original glyph id -> the text it stands for (first non-empty wins).
#[derive(Debug, Default)]
pub struct GlyphUse {
    pub glyphs: BTreeMap<u16, String>,
}

impl GlyphUse {
    pub fn add(&mut self, id: u16, text: &str) {
        let entry = self.glyphs.entry(id).or_default();
        if entry.is_empty() && !text.is_empty() {
            *entry = text.to_owned();
        }
    }
}

/// An embedded face: its PDF object and the renumbering from original to subset glyph ids.
pub struct EmbeddedFont {
    pub object: ObjectId,
    pub remap: BTreeMap<u16, u16>,
    /// Advance widths of the subset glyphs in 1/1000 em, by original glyph id, for TJ offsets.
    pub widths: BTreeMap<u16, f64>,
}

/// Subsets `data` to the glyphs in `used` and adds the Type 0 font to `doc`.
pub fn embed(
    doc: &mut Document,
    data: &[u8],
    postscript_name: &str,
    used: &GlyphUse,
) -> Result<EmbeddedFont, PdfError> {
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| PdfError::Font {
        name: postscript_name.to_owned(),
        message: format!("cannot parse the font: {e}"),
    })?;
    let upem = f64::from(face.units_per_em());
    let scale = 1000.0 / upem;

    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = BTreeMap::new();
    let mut widths = BTreeMap::new();
    for &id in used.glyphs.keys() {
        let new = remapper.remap(id);
        remap.insert(id, new);
        let advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .map_or(0.0, f64::from);
        widths.insert(id, advance * scale);
    }
    let subset = subsetter::subset(data, 0, &remapper).map_err(|e| PdfError::Font {
        name: postscript_name.to_owned(),
        message: format!("cannot subset the font: {e:?}"),
    })?;

    let tag = subset_tag(postscript_name, &used.glyphs);
    let base_name = format!("{tag}+{}", sanitize_name(postscript_name));
    let is_cff = face.tables().cff.is_some();

    // The font program.
    let mut file = Stream::new(dictionary! {}, subset);
    if is_cff {
        file.dict.set("Subtype", "OpenType");
    } else {
        let length1 = i64::try_from(file.content.len()).unwrap_or(i64::MAX);
        file.dict.set("Length1", length1);
    }
    let _ = file.compress();
    let file_id = doc.add_object(file);

    // The descriptor, in 1/1000 em.
    let bbox = face.global_bounding_box();
    let s = |v: i16| Object::Real((f64::from(v) * scale).round() as f32);
    let italic_angle = face.italic_angle();
    let mut flags = 32; // nonsymbolic
    if italic_angle != 0.0 {
        flags |= 64;
    }
    let cap_height = face.capital_height().unwrap_or(face.ascender());
    let mut descriptor = dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(base_name.clone().into_bytes()),
        "Flags" => flags,
        "FontBBox" => vec![s(bbox.x_min), s(bbox.y_min), s(bbox.x_max), s(bbox.y_max)],
        "ItalicAngle" => Object::Real(italic_angle),
        "Ascent" => s(face.ascender()),
        "Descent" => s(face.descender()),
        "CapHeight" => s(cap_height),
        // Not in the font file; 80 is the customary value for a text weight.
        "StemV" => 80,
    };
    descriptor.set(if is_cff { "FontFile3" } else { "FontFile2" }, file_id);
    let descriptor_id = doc.add_object(descriptor);

    // Widths by CID (= subset glyph id), one run of consecutive ids.
    let mut w = Vec::new();
    let mut by_new: Vec<(u16, f64)> = remap.iter().map(|(old, new)| (*new, widths[old])).collect();
    by_new.sort_by_key(|(new, _)| *new);
    if let Some((first, _)) = by_new.first() {
        w.push(Object::Integer(i64::from(*first)));
        w.push(Object::Array(
            by_new
                .iter()
                .map(|(_, width)| Object::Real(width.round() as f32))
                .collect(),
        ));
    }

    let cid_font = dictionary! {
        "Type" => "Font",
        "Subtype" => if is_cff { "CIDFontType0" } else { "CIDFontType2" },
        "BaseFont" => Object::Name(base_name.clone().into_bytes()),
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "FontDescriptor" => descriptor_id,
        "DW" => 0,
        "W" => w,
    };
    let mut cid_font = cid_font;
    if !is_cff {
        cid_font.set("CIDToGIDMap", "Identity");
    }
    let cid_font_id = doc.add_object(cid_font);

    let cmap = to_unicode(&base_name, &remap, &used.glyphs);
    let mut cmap_stream = Stream::new(dictionary! {}, cmap.into_bytes());
    let _ = cmap_stream.compress();
    let cmap_id = doc.add_object(cmap_stream);

    let font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => Object::Name(base_name.into_bytes()),
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![Object::Reference(cid_font_id)],
        "ToUnicode" => cmap_id,
    };
    let object = doc.add_object(font);
    Ok(EmbeddedFont {
        object,
        remap,
        widths,
    })
}

/// Six capital letters from a hash of the face name and its glyph set: stable across builds,
/// different for different subsets (PDF 32000-1 §9.9.2 asks for exactly this shape).
fn subset_tag(name: &str, glyphs: &BTreeMap<u16, String>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    for id in glyphs.keys() {
        hasher.update(id.to_be_bytes());
    }
    let digest = hasher.finalize();
    digest
        .iter()
        .take(6)
        .map(|b| char::from(b'A' + b % 26))
        .collect()
}

/// PostScript names are printable ASCII without delimiters; anything else becomes `-`.
fn sanitize_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && !"()<>[]{}/%#".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "Font".to_owned()
    } else {
        cleaned
    }
}

/// The ToUnicode CMap: each subset glyph id to the UTF-16 of its text. Glyphs without text (the
/// second glyph of a decomposed cluster) are left out, so they copy as nothing.
fn to_unicode(name: &str, remap: &BTreeMap<u16, u16>, text: &BTreeMap<u16, String>) -> String {
    let mut entries: Vec<(u16, String)> = remap
        .iter()
        .filter_map(|(old, new)| {
            let t = text.get(old)?;
            if t.is_empty() {
                return None;
            }
            let hex: String = t.encode_utf16().map(|u| format!("{u:04X}")).collect();
            Some((*new, hex))
        })
        .collect();
    entries.sort();
    let mut out = String::new();
    out.push_str("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n");
    let _ = writeln!(
        out,
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def"
    );
    let _ = writeln!(
        out,
        "/CMapName /{}-UCS def\n/CMapType 2 def",
        sanitize_name(name)
    );
    out.push_str("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    // At most 100 entries per block (PDF 32000-1 §9.10.3).
    for chunk in entries.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", chunk.len());
        for (cid, hex) in chunk {
            let _ = writeln!(out, "<{cid:04X}> <{hex}>");
        }
        out.push_str("endbfchar\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// A string object in a PDF text string encoding: ASCII as a literal, anything else UTF-16BE.
pub fn text_string(text: &str) -> Object {
    if text.is_ascii() {
        Object::String(text.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xFE, 0xFF];
        for unit in text.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tag_is_six_capitals_and_depends_on_glyphs() {
        let mut a = BTreeMap::new();
        a.insert(3u16, "a".to_owned());
        let tag = subset_tag("Vollkorn-Regular", &a);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag("Vollkorn-Regular", &a));
        a.insert(4, "b".to_owned());
        assert_ne!(tag, subset_tag("Vollkorn-Regular", &a));
    }

    #[test]
    fn to_unicode_maps_ligatures_to_letters() {
        let remap = BTreeMap::from([(10u16, 1u16), (20, 2)]);
        let text = BTreeMap::from([(10u16, "ffi".to_owned()), (20, String::new())]);
        let cmap = to_unicode("X", &remap, &text);
        assert!(cmap.contains("<0001> <006600660069>"));
        assert!(!cmap.contains("<0002>"));
    }
}
