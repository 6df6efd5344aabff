//! The e-book's fonts, cut down to the characters the book uses.
//!
//! A whole face of the default style is 360 to 460 KB; a book of essays uses a hundred or so of
//! its 1,500 glyphs. Each embedded face is subset with allsorts (which printpdf already brings
//! in): the glyphs of the characters the e-book's documents hold, and of the few a reading
//! system may draw itself, with a new `cmap` that maps exactly those characters, so the face
//! still works as a web font. The `name` table, which carries the copyright and the licence
//! notice (the OFL asks for them to travel with the font), is kept whole. Nothing is obfuscated.
//!
//! What a subset gives up: the `GSUB` and `GPOS` tables, whose glyph numbers would no longer be
//! right (allsorts does not renumber them), so ligatures, old-style figures and kerning are the
//! reading system's plain defaults. Together they are 85 KB a face, more than the rest of a
//! subset. A face that cannot be subset (a WOFF file, a damaged or unusual font) is embedded as
//! it is.

use std::collections::BTreeSet;

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{subset, CmapTarget, SubsetProfile};

/// Characters every subset keeps although no document holds them, because a reading system
/// may draw them in the book's face: printable ASCII (list numbers, generated hyphens, its own
/// labels), the no-break space, the soft hyphen and hyphen of automatic hyphenation, the
/// ellipsis of cut text, and the bullets of nested lists (disc, circle, square).
const ALWAYS_KEPT: &[(char, char)] = &[
    (' ', '~'),
    ('\u{a0}', '\u{a0}'),
    ('\u{ad}', '\u{ad}'),
    ('\u{2010}', '\u{2011}'),
    ('\u{2022}', '\u{2022}'),
    ('\u{2026}', '\u{2026}'),
    ('\u{25aa}', '\u{25aa}'),
    ('\u{25e6}', '\u{25e6}'),
];

/// The characters the e-book's documents use.
#[derive(Debug, Clone)]
pub struct UsedChars(BTreeSet<char>);

impl Default for UsedChars {
    fn default() -> Self {
        let mut chars = BTreeSet::new();
        for (first, last) in ALWAYS_KEPT {
            chars.extend(*first..=*last);
        }
        UsedChars(chars)
    }
}

impl UsedChars {
    /// Adds the characters of a document. The markup's own characters (tag names, attributes)
    /// are ASCII, which every subset keeps anyway; the backend writes every other character as
    /// itself, never as a numeric reference.
    /// (Printable ASCII is always kept: only the rest is looked up, which spares a tree search
    /// for nearly every character of a book.)
    pub fn add(&mut self, markup: &str) {
        self.0
            .extend(markup.chars().filter(|c| !c.is_ascii() && !c.is_control()));
    }
}

/// `font` cut down to the glyphs of `chars`, with a `cmap` for them; `None` when it cannot be
/// subset (then the caller embeds it whole).
pub fn subset_font(font: &[u8], chars: &UsedChars) -> Option<Vec<u8>> {
    // allsorts reads WOFF and WOFF2 too but writes a plain OpenType file, which would no longer
    // be what the file's name and media type say.
    if !matches!(font.get(..4), Some([0, 1, 0, 0] | b"OTTO" | b"true")) {
        return None;
    }
    let face = ttf_parser::Face::parse(font, 0).ok()?;
    // Glyph 0 (.notdef) first, as a font must have it; then each character's glyph once.
    let mut glyphs: BTreeSet<u16> = BTreeSet::new();
    for c in &chars.0 {
        if let Some(id) = face.glyph_index(*c) {
            glyphs.insert(id.0);
        }
    }
    glyphs.remove(&0);
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let data = ReadScope::new(font).read::<FontData<'_>>().ok()?;
    let provider = data.table_provider(0).ok()?;
    // Minimal: cmap, head, hhea, hmtx, maxp, name, OS/2, post (and the outlines); a Unicode
    // `cmap`, as browsers (and so reading systems) refuse a Mac Roman one.
    subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regular() -> Vec<u8> {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/Vollkorn-Regular.ttf");
        std::fs::read(path).unwrap_or_default()
    }

    #[test]
    fn a_subset_maps_exactly_its_characters_and_keeps_the_licence() {
        let font = regular();
        let mut used = UsedChars::default();
        used.add("<p>Žižek — “Сталин”</p>");
        let small = subset_font(&font, &used).unwrap_or_default();
        assert!(small.len() * 5 < font.len(), "{} bytes", small.len());
        let face = ttf_parser::Face::parse(&small, 0).ok();
        let face = face.as_ref();
        for c in ['Ž', 'ž', '—', '“', 'С', 'т', 'a', '7', '\u{2022}'] {
            assert!(face.and_then(|f| f.glyph_index(c)).is_some(), "{c}");
        }
        // A character of the face the book does not use is gone.
        assert!(face.and_then(|f| f.glyph_index('Ж')).is_none());
        let licence = face.and_then(|f| {
            f.names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::LICENSE)
                .find_map(|n| n.to_string())
        });
        assert!(licence.is_some_and(|l| l.contains("SIL Open Font License")));
    }

    #[test]
    fn what_is_not_an_opentype_font_is_left_whole() {
        assert!(subset_font(b"wOF2....", &UsedChars::default()).is_none());
        assert!(subset_font(b"", &UsedChars::default()).is_none());
    }
}
