//! Subsetting fonts: printpdf embeds each face whole; the finishing pass replaces it with a subset.
//!
//! The glyphs a face draws are collected from the pages, the font file is cut down to them with the
//! `subsetter` crate (which renumbers glyphs 1, 2, 3 ... and drops the `cmap`), and the subset
//! takes the place of the whole font in printpdf's Type 0 font, whose CIDs become the new glyph
//! ids (`CIDToGIDMap /Identity`). Copy and paste goes through the ToUnicode CMap, written from the
//! text each glyph stood for in the shaper (`ffi` for a ligature). The subset's name gets a
//! six-letter tag derived from a hash of the glyph set, so the same pages always give the same
//! name and different subsets never share one.

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

/// A face cut down to the glyphs the pages use, ready to replace the whole font printpdf embedded.
pub struct Subset {
    /// `ABCDEF+PostScriptName`, the name the font dictionaries and descriptor must carry.
    pub base_name: String,
    /// Original glyph id -> subset glyph id (= CID, with `CIDToGIDMap /Identity`).
    pub remap: BTreeMap<u16, u16>,
    /// Advance widths in 1/1000 em, by original glyph id: the TJ offsets are computed against
    /// these, and the `/W` array written by [`finish_font`] holds the same values.
    pub widths: BTreeMap<u16, f64>,
    /// The subset font file.
    pub program: Vec<u8>,
    /// CFF outlines (`FontFile3 /OpenType`) rather than TrueType (`FontFile2`).
    pub is_cff: bool,
}

/// Subsets `data` to the glyphs in `used` with the `subsetter` crate.
pub fn subset(data: &[u8], postscript_name: &str, used: &GlyphUse) -> Result<Subset, PdfError> {
    let face = ttf_parser::Face::parse(data, 0).map_err(|e| PdfError::Font {
        name: postscript_name.to_owned(),
        message: format!("cannot parse the font: {e}"),
    })?;
    let scale = 1000.0 / f64::from(face.units_per_em());
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = BTreeMap::new();
    let mut widths = BTreeMap::new();
    for &id in used.glyphs.keys() {
        remap.insert(id, remapper.remap(id));
        let advance = face
            .glyph_hor_advance(ttf_parser::GlyphId(id))
            .map_or(0.0, f64::from);
        widths.insert(id, advance * scale);
    }
    let program = subsetter::subset(data, 0, &remapper).map_err(|e| PdfError::Font {
        name: postscript_name.to_owned(),
        message: format!("cannot subset the font: {e:?}"),
    })?;
    let tag = subset_tag(postscript_name, &used.glyphs);
    Ok(Subset {
        base_name: format!("{tag}+{}", sanitize_name(postscript_name)),
        remap,
        widths,
        program,
        is_cff: face.tables().cff.is_some(),
    })
}

/// The finishing pass for one font: printpdf embedded the whole font file with its own `/W` and
/// ToUnicode for the original glyph ids. This puts the subset program in its place and rewrites
/// what depends on the glyph numbering or the name: `/W`, `/ToUnicode`, `/CIDToGIDMap`, and
/// `/BaseFont` and `/FontName` with the subset tag. (The content streams are renumbered by the
/// caller with [`Subset::remap`].)
pub fn finish_font(
    doc: &mut Document,
    font: ObjectId,
    subset: &Subset,
    used: &GlyphUse,
) -> Result<(), PdfError> {
    let broken = |what: &str| PdfError::Font {
        name: subset.base_name.clone(),
        message: format!("printpdf wrote an unexpected font dictionary ({what})"),
    };
    let name = || Object::Name(subset.base_name.clone().into_bytes());

    let cmap = to_unicode(&subset.base_name, &subset.remap, &used.glyphs);
    let mut cmap_stream = Stream::new(dictionary! {}, cmap.into_bytes());
    let _ = cmap_stream.compress();
    let cmap_id = doc.add_object(cmap_stream);

    let type0 = doc
        .get_dictionary_mut(font)
        .map_err(|_| broken("Type0 font"))?;
    type0.set("BaseFont", name());
    type0.set("ToUnicode", cmap_id);
    // printpdf writes the CIDFont inline; it becomes an object of its own to be edited.
    let descendant = match type0.get(b"DescendantFonts") {
        Ok(Object::Array(kids)) => kids.first().cloned(),
        _ => None,
    };
    let descendant = match descendant {
        Some(Object::Reference(id)) => id,
        Some(Object::Dictionary(dict)) => {
            let id = doc.add_object(dict);
            doc.get_dictionary_mut(font)
                .map_err(|_| broken("Type0 font"))?
                .set("DescendantFonts", vec![Object::Reference(id)]);
            id
        }
        _ => return Err(broken("DescendantFonts")),
    };

    // Widths by CID (= subset glyph id), one run of consecutive ids.
    let mut by_new: Vec<(u16, f64)> = subset
        .remap
        .iter()
        .map(|(old, new)| (*new, subset.widths.get(old).copied().unwrap_or(0.0)))
        .collect();
    by_new.sort_by_key(|(new, _)| *new);
    let mut w = Vec::new();
    if let Some((first, _)) = by_new.first() {
        w.push(Object::Integer(i64::from(*first)));
        w.push(Object::Array(
            by_new
                .iter()
                .map(|(_, width)| Object::Real(width.round() as f32))
                .collect(),
        ));
    }
    let cid_font = doc
        .get_dictionary_mut(descendant)
        .map_err(|_| broken("CIDFont"))?;
    cid_font.set("BaseFont", name());
    cid_font.set("DW", 0);
    cid_font.set("W", w);
    if subset.is_cff {
        cid_font.set("Subtype", "CIDFontType0");
        cid_font.remove(b"CIDToGIDMap");
    } else {
        cid_font.set("Subtype", "CIDFontType2");
        cid_font.set("CIDToGIDMap", "Identity");
    }
    let descriptor = cid_font
        .get(b"FontDescriptor")
        .and_then(Object::as_reference)
        .map_err(|_| broken("FontDescriptor"))?;

    // The font program: the subset in place of the whole file.
    let mut file = Stream::new(dictionary! {}, subset.program.clone());
    if subset.is_cff {
        file.dict.set("Subtype", "OpenType");
    } else {
        let length1 = i64::try_from(file.content.len()).unwrap_or(i64::MAX);
        file.dict.set("Length1", length1);
    }
    let _ = file.compress();
    let file_id = doc.add_object(file);
    let descriptor = doc
        .get_dictionary_mut(descriptor)
        .map_err(|_| broken("FontDescriptor"))?;
    descriptor.set("FontName", name());
    for key in ["FontFile", "FontFile2", "FontFile3"] {
        descriptor.remove(key.as_bytes());
    }
    descriptor.set(
        if subset.is_cff {
            "FontFile3"
        } else {
            "FontFile2"
        },
        file_id,
    );
    Ok(())
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
