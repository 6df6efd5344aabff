//! Margin kerning (character protrusion): punctuation at the edge of a justified line hangs a
//! little into the margin, so that the edge looks straight to the eye.
//!
//! A full stop or a hyphen at the end of a line covers less ink than a letter, so a column whose
//! lines end in them looks dented; pdfTeX's protrusion (LaTeX's microtype) moves such characters
//! part of their width past the edge. The factors here are fractions of the character's own
//! advance, after microtype's default set for text fonts (`microtype.cfg`, "default"): the small
//! marks (full stop, comma, hyphen) hang furthest, quotes and dashes less, brackets and other
//! punctuation a little. Letters do not protrude.
//!
//! The line breaker counts the right margin's protrusion as pdfTeX does (`\pdfprotrudechars=2`):
//! every break gets the width of what would hang past the edge if the line ended there, as a
//! negative width (a soft hyphen's width is the hyphen less its hang; a word space gets a break of
//! its own just before it), so a line ending in a full stop may hold that much more and the line
//! setter never finds room the breaker did not count. The left margin's protrusion is not counted
//! (what starts a line is not known at a break); it only gives the line setter a little room.

use super::paragraph::{Align, ParagraphSpec, Protrusion, TextEngine};
use super::words::Word;
use crate::units::Pt;

/// How much of `c`'s advance may hang past the right edge of a line (0 for none).
pub fn right(c: char) -> f64 {
    match c {
        '.' | ',' | '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}' => 0.7,
        '\u{2019}' | '\u{201D}' | '\'' | '"' => 0.5,
        ':' | ';' => 0.5,
        '\u{2013}' => 0.3,
        '\u{2014}' | '\u{2026}' => 0.2,
        '!' | '?' => 0.2,
        ')' | ']' | '\u{00BB}' | '\u{203A}' => 0.1,
        _ => 0.0,
    }
}

/// How much of `c`'s advance may hang past the left edge of a line (0 for none).
pub fn left(c: char) -> f64 {
    match c {
        '\u{2018}' | '\u{201C}' | '\u{201E}' | '\'' | '"' => 0.5,
        '\u{2013}' => 0.3,
        '\u{2014}' => 0.2,
        '(' | '[' | '\u{00AB}' | '\u{2039}' => 0.1,
        _ => 0.0,
    }
}

impl TextEngine<'_> {
    /// How far `c`, ending a line just before byte `at` of `word` (in the face of the text
    /// there), hangs into the right margin: zero unless the spec justifies with protrusion.
    pub(super) fn hang(&mut self, word: &Word, at: usize, c: char, spec: &ParagraphSpec) -> Pt {
        let factor = right(c);
        if spec.align != Align::Justified
            || spec.spacing.protrusion == Protrusion::None
            || factor == 0.0
        {
            return Pt::ZERO;
        }
        let Some(s) = word.segment_before(at) else {
            return Pt::ZERO;
        };
        let (face, size, features) = (s.face, s.size, s.features);
        let mut text = [0u8; 4];
        let glyph = self.shaper.shape(face, features, c.encode_utf8(&mut text));
        let advance = glyph.advance_between(0, c.len_utf8());
        Pt(advance as f64 * self.fonts().scale(face, size)) * factor
    }

    /// What the character before byte `at` of `word` (a hyphen or dash of the text) hangs into
    /// the margin when the line breaks after it.
    pub(super) fn hang_before(&mut self, word: &Word, at: usize, spec: &ParagraphSpec) -> Pt {
        let last = word
            .segments
            .iter()
            .find(|s| s.start < at && at <= s.end())
            .and_then(|s| s.shaped.text.get(..at - s.start))
            .and_then(|text| text.chars().last());
        match last {
            Some(c) => self.hang(word, at, c, spec),
            None => Pt::ZERO,
        }
    }

    /// What the last character of `word` hangs into the margin when a line ends after it.
    pub(super) fn hang_at_end(&mut self, word: &Word, spec: &ParagraphSpec) -> Pt {
        let end = word.segments.last().map_or(0, |s| s.end());
        self.hang_before(word, end, spec)
    }
}
