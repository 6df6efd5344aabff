//! Shaping: text to positioned glyphs with rustybuzz, cached per (face, features, text).
//!
//! rustybuzz applies the font's default features (kerning, standard ligatures, contextual
//! alternates); [`Features`] adds old-style figures, small capitals and superior figures.
//! A feature the font lacks is silently a no-op in rustybuzz, which is what "when the font has
//! them" asks for. Results are kept in font units, so one shaping serves every size.

use std::collections::HashMap;
use std::sync::Arc;

use rustybuzz::ttf_parser::Tag;
use rustybuzz::{Feature, UnicodeBuffer};

use super::fonts::ShapeCache;
use super::{FaceId, FontBook};

/// Optional OpenType features.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Features {
    /// `onum`: old-style figures; when false, `lnum` asks for lining figures (some faces,
    /// Vollkorn among them, have old-style figures by default).
    pub oldstyle_figures: bool,
    /// `smcp`: lowercase as small capitals.
    pub small_caps: bool,
    /// `sups`: superior figures (note marks).
    pub superscript: bool,
}

/// One glyph in font units, with the byte offset of its cluster in the shaped text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnitGlyph {
    pub id: u16,
    pub advance: i32,
    pub x_offset: i32,
    pub y_offset: i32,
    pub cluster: usize,
}

/// A shaped piece of text, in font units.
#[derive(Debug, Clone, PartialEq)]
pub struct Shaped {
    pub text: String,
    pub glyphs: Vec<UnitGlyph>,
}

impl Shaped {
    /// Whether byte `at` starts a cluster (so the text may be cut there without splitting a
    /// ligature or a base from its marks).
    pub fn is_boundary(&self, at: usize) -> bool {
        at == 0 || at == self.text.len() || self.glyphs.iter().any(|g| g.cluster == at)
    }

    /// The advance, in font units, of the glyphs whose clusters lie in `start..end`.
    pub fn advance_between(&self, start: usize, end: usize) -> i64 {
        self.glyphs
            .iter()
            .filter(|g| g.cluster >= start && g.cluster < end)
            .map(|g| i64::from(g.advance))
            .sum()
    }

    /// How many clusters start in `start..end` after the text's first: the places letter
    /// spacing goes (one before each such cluster).
    pub fn letter_gaps(&self, start: usize, end: usize) -> usize {
        self.glyphs
            .windows(2)
            .filter(|pair| pair[0].cluster != pair[1].cluster)
            .filter(|pair| pair[1].cluster >= start && pair[1].cluster < end)
            .count()
    }
}

impl Features {
    /// The OpenType features to ask rustybuzz for (on top of the font's defaults).
    pub(super) fn list(self) -> Vec<Feature> {
        let mut list = Vec::new();
        let mut add = |tag: &[u8; 4]| list.push(Feature::new(Tag::from_bytes(tag), 1, ..));
        add(if self.oldstyle_figures {
            b"onum"
        } else {
            b"lnum"
        });
        if self.small_caps {
            add(b"smcp");
        }
        if self.superscript {
            add(b"sups");
        }
        list
    }
}

/// Shapes text with the faces of a [`FontBook`], through the book's shared cache.
pub struct Shaper<'a> {
    fonts: &'a FontBook,
    superiors: HashMap<FaceId, bool>,
    /// Per face, which ASCII characters were looked up and which of them the face has: most
    /// text is ASCII, and a `cmap` lookup per character costs more than shaping the word.
    ascii: Vec<AsciiCoverage>,
    /// Per face, the advance of a word space in font units, once known (a paragraph asks for
    /// it at every space).
    spaces: Vec<Option<i64>>,
    /// What this shaper has shaped or taken from the book's cache: the book's cache is shared
    /// by every thread behind one lock, and asking it for every word kept the threads waiting
    /// on each other (a twentieth of a build's time went to the lock and the shared counts).
    local: ShapeCache,
}

/// Bits by code point: looked up, and found.
#[derive(Debug, Clone, Copy, Default)]
struct AsciiCoverage {
    known: u128,
    covered: u128,
}

impl<'a> Shaper<'a> {
    pub fn new(fonts: &'a FontBook) -> Shaper<'a> {
        Shaper {
            fonts,
            superiors: HashMap::new(),
            ascii: vec![AsciiCoverage::default(); fonts.faces().count()],
            spaces: vec![None; fonts.faces().count()],
            local: ShapeCache::new(),
        }
    }

    pub fn fonts(&self) -> &'a FontBook {
        self.fonts
    }

    /// Shapes `text` in `face` (left to right), or returns the cached result.
    pub fn shape(&mut self, face: FaceId, features: Features, text: &str) -> Arc<Shaped> {
        if let Some(shaped) = self
            .local
            .get(&(face, features))
            .and_then(|texts| texts.get(text))
        {
            return Arc::clone(shaped);
        }
        let shaped = self.shape_shared(face, features, text);
        self.local
            .entry((face, features))
            .or_default()
            .insert(text.into(), Arc::clone(&shaped));
        shaped
    }

    /// Shapes `text` through the book's cache, shared by every thread.
    fn shape_shared(&self, face: FaceId, features: Features, text: &str) -> Arc<Shaped> {
        if let Some(shaped) = self
            .fonts
            .cache()
            .get(&(face, features))
            .and_then(|texts| texts.get(text))
        {
            return Arc::clone(shaped);
        }
        // Shaped outside the lock, so other threads go on meanwhile; two threads shaping the
        // same text at once make the same result, and either may stay in the cache.
        let shaped = Arc::new(self.shape_uncached(face, features, text));
        self.fonts
            .cache()
            .entry((face, features))
            .or_default()
            .insert(text.into(), Arc::clone(&shaped));
        shaped
    }

    fn shape_uncached(&self, face: FaceId, features: Features, text: &str) -> Shaped {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.guess_segment_properties();
        let script = Some(buffer.script()).filter(|s| *s != rustybuzz::script::UNKNOWN);
        let plan = self.fonts.plan(face, features, script);
        let output = rustybuzz::shape_with_plan(self.fonts.shaping_face(face), &plan, buffer);
        let glyphs = output
            .glyph_infos()
            .iter()
            .zip(output.glyph_positions())
            .map(|(info, pos)| UnitGlyph {
                id: u16::try_from(info.glyph_id).unwrap_or(0),
                advance: pos.x_advance,
                x_offset: pos.x_offset,
                y_offset: pos.y_offset,
                cluster: info.cluster as usize,
            })
            .collect();
        Shaped {
            text: text.to_owned(),
            glyphs,
        }
    }

    /// The advance of a word space in `face`, in font units.
    pub fn space_units(&mut self, face: FaceId) -> i64 {
        if let Some(&Some(units)) = self.spaces.get(face.index()) {
            return units;
        }
        let units = self
            .shape(face, Features::default(), " ")
            .advance_between(0, 1);
        if let Some(slot) = self.spaces.get_mut(face.index()) {
            *slot = Some(units);
        }
        units
    }

    /// Whether `face` has a glyph for `c`.
    pub fn covers(&mut self, face: FaceId, c: char) -> bool {
        let lookup = |c| self.fonts.shaping_face(face).glyph_index(c).is_some();
        if !c.is_ascii() {
            return lookup(c);
        }
        let bit = 1u128 << u32::from(c);
        let Some(&coverage) = self.ascii.get(face.index()) else {
            return lookup(c);
        };
        if coverage.known & bit != 0 {
            return coverage.covered & bit != 0;
        }
        let found = lookup(c);
        if let Some(coverage) = self.ascii.get_mut(face.index()) {
            coverage.known |= bit;
            if found {
                coverage.covered |= bit;
            }
        }
        found
    }

    /// Whether `face` has true superior figures: `sups` changes every digit's glyph.
    pub fn has_superiors(&mut self, face: FaceId) -> bool {
        if let Some(&known) = self.superiors.get(&face) {
            return known;
        }
        let digits = "0123456789";
        let plain = self.shape(face, Features::default(), digits);
        let sups = self.shape(
            face,
            Features {
                superscript: true,
                ..Features::default()
            },
            digits,
        );
        let known = plain.glyphs.len() == sups.glyphs.len()
            && plain
                .glyphs
                .iter()
                .zip(&sups.glyphs)
                .all(|(a, b)| a.id != b.id && b.id != 0);
        self.superiors.insert(face, known);
        known
    }

    /// The number of cached shapings (for tests of the cache).
    pub fn cached(&self) -> usize {
        self.fonts.cache().values().map(HashMap::len).sum()
    }
}
