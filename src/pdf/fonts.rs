//! Fonts: each face cut down to the glyphs the pages draw, before a single page is written.
//!
//! Layout is complete before the writer starts, so every glyph of every face is known first
//! ([`collect`]). Each face gets its subset numbering then (the `subsetter` crate's remapper:
//! `.notdef` first, then the used glyphs in ascending order), and the page content is written
//! with the subset's glyph ids from the start: nothing is renumbered afterwards. The subset
//! program, its `/W` widths and its ToUnicode map are written once, as objects of our own (a
//! Type 0 font over a CIDFont with `CIDToGIDMap /Identity`, so CIDs are the subset's glyph ids).
//! Copy and paste goes through ToUnicode, written from the text each glyph stood for in the
//! shaper (`ffi` for a ligature). A glyph that stands for different texts in different places
//! (`.notdef` for every character no face has; the base letter of a composed cluster, `η` alone
//! and `ῇ` with its marks) gets one more CID per further text, after the subset's glyphs, which
//! a `CIDToGIDMap` stream points back at the glyph: each copies out as what it stood for. The subset's name gets a six-letter tag derived from a hash of
//! the glyph set, so the same pages always give the same name and different subsets never
//! share one.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use lopdf::{dictionary, Dictionary, Object, StringFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::PdfError;
use crate::layout::{Item, Layout};
use crate::text::{FaceId, FontBook};

/// The glyphs one face draws, by original glyph id: the text each stands for (the first
/// non-empty text met wins), or `None` for a glyph never drawn. A vector by id rather than a
/// map, since every glyph of every page comes through [`GlyphUse::add`].
#[derive(Debug, Default)]
pub struct GlyphUse {
    texts: Vec<Option<Box<str>>>,
    /// The other non-empty texts a glyph stood for, by original glyph id (few: a conflict is
    /// rare).
    others: BTreeMap<u16, Vec<Box<str>>>,
}

impl GlyphUse {
    pub fn add(&mut self, id: u16, text: &str) {
        let index = usize::from(id);
        if index >= self.texts.len() {
            self.texts.resize(index + 1, None);
        }
        let slot = &mut self.texts[index];
        match slot {
            Some(known) if !known.is_empty() && !text.is_empty() && **known != *text => {
                let others = self.others.entry(id).or_default();
                if !others.iter().any(|o| **o == *text) {
                    others.push(text.into());
                }
            }
            Some(known) if !known.is_empty() || text.is_empty() => {}
            _ => *slot = Some(text.into()),
        }
    }

    /// Adds what `later` met after what this met: each glyph's first text, then its others.
    fn absorb(&mut self, later: GlyphUse) {
        let mut others = later.others;
        for (index, text) in later.texts.into_iter().enumerate() {
            let (Some(text), Ok(id)) = (text, u16::try_from(index)) else {
                continue;
            };
            self.add(id, &text);
            for other in others.remove(&id).into_iter().flatten() {
                self.add(id, &other);
            }
        }
    }

    /// The further texts of glyphs that stood for more than one, by original id.
    pub fn others(&self) -> impl Iterator<Item = (u16, &str)> + '_ {
        self.others
            .iter()
            .flat_map(|(id, texts)| texts.iter().map(move |t| (*id, &**t)))
    }

    /// The glyphs drawn, in ascending id order, with their text (empty when none is known).
    pub fn glyphs(&self) -> impl Iterator<Item = (u16, &str)> + '_ {
        self.texts.iter().enumerate().filter_map(|(id, text)| {
            let id = u16::try_from(id).ok()?;
            text.as_deref().map(|text| (id, text))
        })
    }
}

/// Every face the pages draw with, and its glyphs, in page order; with each face's space glyph
/// (the word spaces of the text layer, see `content`). Runs of pages are read on every core and
/// their glyphs joined in page order, which gives what one pass over the pages gives.
pub fn collect(layout: &Layout, fonts: &FontBook) -> BTreeMap<FaceId, GlyphUse> {
    let mut usage = layout
        .pages
        .par_chunks(PAGES_PER_TASK)
        .map(|pages| {
            let mut usage: BTreeMap<FaceId, GlyphUse> = BTreeMap::new();
            for item in pages.iter().flat_map(|page| &page.items) {
                if let Item::Text(run) = item {
                    let used = usage.entry(run.face).or_default();
                    for glyph in run.glyphs.iter() {
                        used.add(glyph.id, glyph.text);
                    }
                }
            }
            usage
        })
        .reduce(BTreeMap::new, |mut earlier, later| {
            for (face, used) in later {
                earlier.entry(face).or_default().absorb(used);
            }
            earlier
        });
    for (face, used) in &mut usage {
        if let Some(space) = space_glyph(fonts, *face) {
            used.add(space, " ");
        }
    }
    usage
}

/// Pages read by one task of [`collect`]: enough that joining the tasks' glyphs costs little
/// beside reading them.
const PAGES_PER_TASK: usize = 64;

/// The face's glyph for U+0020, if it has one.
fn space_glyph(fonts: &FontBook, face: FaceId) -> Option<u16> {
    let parsed = ttf_parser::Face::parse(fonts.data(face), 0).ok()?;
    parsed.glyph_index(' ').map(|id| id.0)
}

/// A face's subset numbering, known before any page is written: what the content streams need.
pub struct Numbering {
    /// The resource name of the font (`T0`, `T1`…, in face order: not `F1`…`F14`, which printpdf
    /// reads as its built-in fonts).
    pub name: String,
    /// `.notdef`, then the used glyphs in ascending order: CID n is its n-th glyph.
    remapper: subsetter::GlyphRemapper,
    /// Original glyph id -> subset glyph id, by original id (0 where unused).
    remap: Vec<u16>,
    /// The font's own advance of each original glyph, in 1/1000 em, by original id.
    widths: Vec<f64>,
    /// The CIDs after the subset's glyphs, by original glyph id: each further text the glyph
    /// stood for (see [`GlyphUse::others`]) and its CID. Empty for a CFF face, whose CIDs
    /// cannot be mapped to glyphs.
    aliases: BTreeMap<u16, Vec<(Box<str>, u16)>>,
    /// The subset id of the space glyph and its advance (1/1000 em), when the face has one.
    pub space: Option<(u16, f64)>,
}

impl Numbering {
    /// The subset glyph id (= CID) of an original glyph (0, `.notdef`, if it was never collected).
    pub fn cid(&self, original: u16) -> u16 {
        self.remap.get(usize::from(original)).copied().unwrap_or(0)
    }

    /// The CID that draws `original` and copies out as `text`: the subset's glyph id, or the
    /// further CID given to that text when the glyph stood for another text first.
    pub fn cid_for(&self, original: u16, text: &str) -> u16 {
        if !text.is_empty() {
            if let Some(aliases) = self.aliases.get(&original) {
                if let Some((_, cid)) = aliases.iter().find(|(t, _)| **t == *text) {
                    return *cid;
                }
            }
        }
        self.cid(original)
    }

    /// Every further CID, in ascending order, with its original glyph and text.
    fn alias_cids(&self) -> Vec<(u16, u16, &str)> {
        let mut out: Vec<(u16, u16, &str)> = self
            .aliases
            .iter()
            .flat_map(|(id, list)| list.iter().map(move |(text, cid)| (*cid, *id, &**text)))
            .collect();
        out.sort_unstable();
        out
    }

    /// The advance the viewer will use for the glyph (its `/W` entry), in 1/1000 em.
    pub fn width(&self, original: u16) -> f64 {
        self.widths
            .get(usize::from(original))
            .copied()
            .unwrap_or(0.0)
    }
}

/// The subset numbering of a face for the glyphs in `used`.
pub fn number(fonts: &FontBook, face: FaceId, index: usize, used: &GlyphUse) -> Numbering {
    let parsed = ttf_parser::Face::parse(fonts.data(face), 0).ok();
    let count = parsed
        .as_ref()
        .map_or(0, |f| usize::from(f.number_of_glyphs()));
    let scale = parsed
        .as_ref()
        .map_or(1.0, |f| 1000.0 / f64::from(f.units_per_em()));
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut remap = vec![0u16; count.max(1)];
    let mut widths = vec![0.0; count.max(1)];
    for (id, _) in used.glyphs() {
        let Some(slot) = remap.get_mut(usize::from(id)) else {
            continue;
        };
        *slot = remapper.remap(id);
        let advance = parsed
            .as_ref()
            .and_then(|f| f.glyph_hor_advance(ttf_parser::GlyphId(id)))
            .map_or(0.0, f64::from);
        widths[usize::from(id)] = advance * scale;
    }
    // Further CIDs for glyphs that stood for several texts, after the subset's glyphs (a
    // TrueType face only: a CFF CIDFont has no CIDToGIDMap).
    let mut aliases: BTreeMap<u16, Vec<(Box<str>, u16)>> = BTreeMap::new();
    let truetype = parsed.as_ref().is_some_and(|f| f.tables().cff.is_none());
    let mut next = u32::from(remapper.num_gids());
    for (id, text) in used.others().filter(|_| truetype) {
        let Ok(cid) = u16::try_from(next) else { break };
        if usize::from(id) >= remap.len() {
            continue;
        }
        aliases.entry(id).or_default().push((text.into(), cid));
        next += 1;
    }
    let space = parsed
        .as_ref()
        .and_then(|f| f.glyph_index(' '))
        .map(|id| id.0)
        .filter(|id| remap.get(usize::from(*id)).is_some_and(|cid| *cid != 0))
        .map(|id| (remap[usize::from(id)], widths[usize::from(id)]));
    Numbering {
        name: format!("T{index}"),
        remapper,
        remap,
        widths,
        aliases,
        space,
    }
}

/// A subset font, ready to be added as objects.
pub struct SubsetFont {
    /// `ABCDEF+PostScriptName`.
    pub base_name: String,
    /// The subset program, deflated, and its uncompressed length.
    pub program: Vec<u8>,
    pub program_length: usize,
    pub is_cff: bool,
    /// `/W` from CID 0 on: the very advances the content streams were written against.
    pub widths: Vec<f64>,
    pub descriptor: Dictionary,
    /// The ToUnicode CMap, deflated.
    pub to_unicode: Vec<u8>,
    /// The `CIDToGIDMap` stream (two bytes per CID), deflated, when some CIDs are further
    /// texts of a glyph; `None` for `/Identity`.
    pub cid_to_gid: Option<Vec<u8>>,
}

/// Cuts a face down to its used glyphs and prepares every object of the font.
pub fn subset(
    fonts: &FontBook,
    face: FaceId,
    used: &GlyphUse,
    numbering: &Numbering,
) -> Result<SubsetFont, PdfError> {
    let postscript = fonts.postscript_name(face);
    let data = fonts.data(face);
    let broken = |message: String| PdfError::Font {
        name: postscript.clone(),
        message,
    };
    let parsed =
        ttf_parser::Face::parse(data, 0).map_err(|e| broken(format!("cannot parse: {e}")))?;
    let remapper = &numbering.remapper;
    let program = subsetter::subset(data, 0, remapper)
        .map_err(|e| broken(format!("cannot subset: {e:?}")))?;
    let base_name = format!(
        "{}+{}",
        subset_tag(&postscript, used),
        sanitize_name(&postscript)
    );
    // Widths by CID: CID n is the n-th glyph of the remapper (0 is .notdef).
    let mut widths: Vec<f64> = remapper
        .remapped_gids()
        .map(|old| numbering.width(old))
        .collect();
    let aliases = numbering.alias_cids();
    let cid_to_gid = (!aliases.is_empty()).then(|| {
        let mut map: Vec<u8> = (0..remapper.num_gids())
            .flat_map(u16::to_be_bytes)
            .collect();
        for (_, old, _) in &aliases {
            map.extend_from_slice(&numbering.cid(*old).to_be_bytes());
            widths.push(numbering.width(*old));
        }
        super::deflate(&map)
    });
    let cmap = to_unicode(&base_name, used, numbering);
    Ok(SubsetFont {
        descriptor: descriptor(&parsed, &base_name),
        program_length: program.len(),
        program: super::deflate(&program),
        is_cff: parsed.tables().cff.is_some(),
        widths,
        to_unicode: super::deflate(cmap.as_bytes()),
        cid_to_gid,
        base_name,
    })
}

/// The font descriptor's metrics, in glyph space (1/1000 em), from the face's own tables.
fn descriptor(face: &ttf_parser::Face<'_>, base_name: &str) -> Dictionary {
    let scale = 1000.0 / f32::from(face.units_per_em());
    let s = |v: i16| Object::Real((f32::from(v) * scale).round());
    let bbox = face.global_bounding_box();
    // PDF 32000-1 §9.8.2: symbolic (the glyphs are addressed by CID, outside any standard
    // Latin set), italic and fixed-pitch as the face says.
    let mut flags = 1 << 2;
    if face.is_italic() {
        flags |= 1 << 6;
    }
    if face.is_monospaced() {
        flags |= 1;
    }
    // No table records the dominant stem width; this is the usual estimate from the weight.
    let stem_v = 10.0 + 0.244 * (f32::from(face.weight().to_number()) - 50.0);
    dictionary! {
        "Type" => "FontDescriptor",
        "FontName" => Object::Name(base_name.as_bytes().to_vec()),
        "Flags" => flags,
        "FontBBox" => vec![s(bbox.x_min), s(bbox.y_min), s(bbox.x_max), s(bbox.y_max)],
        "ItalicAngle" => Object::Real(face.italic_angle()),
        "Ascent" => s(face.ascender()),
        "Descent" => s(face.descender()),
        "CapHeight" => s(face.capital_height().unwrap_or(face.ascender())),
        "StemV" => Object::Real(stem_v.round()),
    }
}

/// Six capital letters from a hash of the face name and its glyph set: stable across builds,
/// different for different subsets (PDF 32000-1 §9.9.2 asks for exactly this shape).
fn subset_tag(name: &str, used: &GlyphUse) -> String {
    let mut hasher = Sha256::new();
    hasher.update(name.as_bytes());
    for (id, _) in used.glyphs() {
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

/// The ToUnicode CMap: each CID to the UTF-16 of its glyph's text. Glyphs without text (the
/// second glyph of a decomposed cluster) are left out, so they copy as nothing.
fn to_unicode(name: &str, used: &GlyphUse, numbering: &Numbering) -> String {
    let mut entries: Vec<(u16, String)> = used
        .glyphs()
        .filter(|(_, text)| !text.is_empty())
        .map(|(old, text)| {
            let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
            (numbering.cid(old), hex)
        })
        .collect();
    for (cid, _, text) in numbering.alias_cids() {
        let hex: String = text.encode_utf16().map(|u| format!("{u:04X}")).collect();
        entries.push((cid, hex));
    }
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
        let mut a = GlyphUse::default();
        a.add(3, "a");
        let tag = subset_tag("Vollkorn-Regular", &a);
        assert_eq!(tag.len(), 6);
        assert!(tag.chars().all(|c| c.is_ascii_uppercase()));
        assert_eq!(tag, subset_tag("Vollkorn-Regular", &a));
        a.add(4, "b");
        assert_ne!(tag, subset_tag("Vollkorn-Regular", &a));
    }

    #[test]
    fn to_unicode_maps_ligatures_to_letters() {
        let mut used = GlyphUse::default();
        used.add(10, "ffi");
        used.add(20, "");
        let numbering = Numbering {
            name: "F0".to_owned(),
            remapper: subsetter::GlyphRemapper::new_from_glyphs(&[10, 20]),
            remap: (0..=20)
                .map(|g| {
                    if g == 10 {
                        1
                    } else if g == 20 {
                        2
                    } else {
                        0
                    }
                })
                .collect(),
            widths: vec![0.0; 21],
            aliases: BTreeMap::new(),
            space: None,
        };
        let cmap = to_unicode("X", &used, &numbering);
        assert!(cmap.contains("<0001> <006600660069>"));
        assert!(!cmap.contains("<0002>"));
    }

    #[test]
    fn a_glyph_of_several_texts_gets_a_cid_for_each() {
        let mut used = GlyphUse::default();
        used.add(0, "\u{D06}");
        used.add(0, "\u{CAB}");
        used.add(0, "\u{D06}");
        used.add(7, "\u{3B7}");
        used.add(7, "\u{1FC7}");
        let others: Vec<(u16, &str)> = used.others().collect();
        assert_eq!(others, vec![(0, "\u{CAB}"), (7, "\u{1FC7}")]);
    }
}
