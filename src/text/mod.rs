//! The text engine: fonts, shaping, hyphenation and Knuth–Plass line breaking.
//!
//! It turns a paragraph of the model's [`Inline`](crate::model::Inline)s into justified (or ragged)
//! lines of positioned, shaped glyph runs. It knows nothing of Markdown or PDF: page layout
//! stacks the [`Line`]s it returns, and the PDF writer draws their [`GlyphRun`]s.
//!
//! The stages, one module each:
//! - [`fonts`]: the faces of the style ([`FontBook`]), loaded once per book;
//! - [`shape`]: words to glyphs with rustybuzz (kerning, ligatures, `onum`, `smcp`, `sups`);
//! - [`hyphenate`]: where a word may break ([`Hyphenator`]: patterns, exceptions, minimums);
//! - [`linebreak()`]: the pure Knuth–Plass algorithm over boxes, glue and penalties;
//! - [`paragraph`]: the glue between them ([`typeset_paragraph`]).

pub mod fonts;
pub mod hyphenate;
pub mod linebreak;
mod lines;
pub mod paragraph;
pub mod shape;
mod words;

use std::fmt::Write as _;

use crate::units::Pt;

pub use fonts::{FaceId, FontBook, TextError};
pub use hyphenate::Hyphenator;
pub use linebreak::{linebreak, Break, BreakParams, Item, Pass};
pub use lines::OVERFULL_FUZZ;
pub use paragraph::{
    typeset_paragraph, Align, LineEnd, ParagraphSpec, TextEngine, TextWarning, TypesetParagraph,
};

/// One shaped glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The glyph id in its run's face.
    pub id: u16,
    /// How far the pen moves after this glyph (kerning included).
    pub advance: Pt,
    /// Where the glyph is drawn relative to the pen (mark positioning).
    pub offset_x: Pt,
    pub offset_y: Pt,
    /// The Unicode text this glyph stands for: `"ffi"` for a ligature, `""` for the second and
    /// later glyphs of one cluster, `"-"` for the hyphen the engine adds to a broken word
    /// ([`LineEnd::SoftHyphen`] tells it from a hyphen of the text). The PDF writer uses it for
    /// ToUnicode and ActualText.
    pub text: String,
}

/// A run of glyphs in one face and size, placed on its line.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphRun {
    pub face: FaceId,
    pub size: Pt,
    /// From the line's left edge (indent included), justification already applied.
    pub x: Pt,
    /// The baseline shift up (note marks set as scaled and raised figures).
    pub rise: Pt,
    pub glyphs: Vec<Glyph>,
    pub link: Option<RunLink>,
    /// Whether a word space separates this run from the previous run of the line (false for the
    /// first run and for a style change or note mark inside a word). Lets the PDF writer put
    /// a space into the text layer so that extracted text keeps its words apart.
    pub space_before: bool,
}

impl GlyphRun {
    /// The sum of the advances.
    pub fn width(&self) -> Pt {
        self.glyphs.iter().map(|g| g.advance).sum()
    }

    /// The text the run stands for.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.text.as_str()).collect()
    }
}

/// Where a run links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunLink {
    /// An anchor of the book (`Book::anchors`).
    Internal {
        id: String,
    },
    External {
        url: String,
    },
    /// A footnote mark: `note` is the note's id, `reference` the id of this reference.
    NoteRef {
        note: String,
        reference: String,
    },
}

/// One typeset line.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub runs: Vec<GlyphRun>,
    /// From the left edge to the end of the last glyph (the measure, for a justified line).
    pub width: Pt,
    /// The indent of this line (the first-line indent, or zero); runs' `x` already include it.
    pub indent: Pt,
    /// The largest ascender and descender (positive, below the baseline) of the line's runs.
    pub ascent: Pt,
    pub descent: Pt,
    /// Baseline to baseline: the leading of the paragraph.
    pub height: Pt,
    /// Whether the line ends with a hyphen the engine or the author put there (a broken word).
    pub hyphenated: bool,
    /// The Knuth–Plass adjustment ratio: 0 natural, 1 glue fully stretched, -1 fully shrunk;
    /// below -1 the line is overfull.
    pub ratio: f64,
    /// The footnote ids whose marks are on this line, in order.
    pub notes: Vec<String>,
}

impl Line {
    /// A text dump for tests: each run's x, face, size, rise (when raised) and text, then the
    /// line's width and ratio, e.g. `[  10.00 R 10 "The"] [  27.72 R 10 "revolu-"] w=220.00
    /// r=0.123 hyph`.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            let face = match run.face {
                FaceId::Regular => "R",
                FaceId::Italic => "I",
                FaceId::Bold => "B",
                FaceId::BoldItalic => "BI",
                FaceId::Fallback => "F",
            };
            let _ = write!(out, "[{:7.2} {face} {}", run.x.0, run.size.0);
            if run.rise != Pt::ZERO {
                let _ = write!(out, " ^{:.2}", run.rise.0);
            }
            let _ = write!(out, " {:?}] ", run.text());
        }
        let _ = write!(out, "w={:.2} r={:.3}", self.width.0, self.ratio);
        if self.hyphenated {
            out.push_str(" hyph");
        }
        out
    }

    /// The line's text: its runs' texts joined by single spaces where there is a gap.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            if run.space_before {
                out.push(' ');
            }
            out.push_str(&run.text());
        }
        out
    }
}
