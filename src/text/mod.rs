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

pub mod code;
pub mod fonts;
pub mod hyphenate;
pub mod linebreak;
mod lines;
pub mod paragraph;
mod protrusion;
pub mod shape;
mod words;

use std::fmt::Write as _;
use std::sync::Arc;

use shape::{Shaped, UnitGlyph};

use crate::units::Pt;

pub use code::CodeSpec;
pub use fonts::{FaceId, FontBook, TextError};
pub use hyphenate::Hyphenator;
pub use linebreak::{linebreak, Break, BreakParams, Item, Pass};
pub use lines::{LOOSE_RATIO, OVERFULL_FUZZ};
pub use paragraph::{
    typeset_paragraph, Align, LineEnd, ParagraphSpec, TextEngine, TextWarning, TypesetParagraph,
};
pub use words::CODE_SCALE;

/// One shaped glyph, as a view into its run (no glyph is stored this way: see [`GlyphSlice`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Glyph<'a> {
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
    /// ToUnicode.
    pub text: &'a str,
}

/// The glyphs of a run: a range of a cached shaping at a scale. A run stores no glyph of its own
/// (a word shaped once serves every line and page it appears on), so a page of text costs a few
/// pointers per word rather than a heap string per glyph.
#[derive(Debug, Clone, PartialEq)]
pub struct GlyphSlice {
    shaped: Arc<Shaped>,
    /// Indices into `shaped.glyphs`.
    start: u32,
    end: u32,
    /// Points per font unit.
    scale: f64,
    /// Horizontal scaling by font expansion: 1.02 draws every glyph 2 % wider (and advances the
    /// pen 2 % further); 1 for none.
    expansion: f64,
    /// Letter spacing: points added between each two clusters of the slice (never after its
    /// last, so a word's box ends where its last letter does); 0 for none.
    tracking: f64,
}

impl GlyphSlice {
    /// All of `shaped`, at `scale` points per font unit.
    pub fn whole(shaped: Arc<Shaped>, scale: f64) -> GlyphSlice {
        let end = u32::try_from(shaped.glyphs.len()).unwrap_or(u32::MAX);
        GlyphSlice {
            shaped,
            start: 0,
            end,
            scale,
            expansion: 1.0,
            tracking: 0.0,
        }
    }

    /// The glyphs of `shaped` whose clusters lie in bytes `from..to` of its text (clusters
    /// ascend for left-to-right text, so they are one range).
    pub fn clusters(shaped: Arc<Shaped>, from: usize, to: usize, scale: f64) -> GlyphSlice {
        let first = shaped.glyphs.iter().position(|g| g.cluster >= from);
        let (start, end) = match first {
            Some(first) => {
                let len = shaped.glyphs[first..]
                    .iter()
                    .take_while(|g| g.cluster < to)
                    .count();
                (first, first + len)
            }
            None => (shaped.glyphs.len(), shaped.glyphs.len()),
        };
        GlyphSlice {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
            shaped,
            scale,
            expansion: 1.0,
            tracking: 0.0,
        }
    }

    /// The same glyphs, scaled horizontally by `factor` (font expansion).
    pub fn expanded(self, factor: f64) -> GlyphSlice {
        GlyphSlice {
            expansion: factor,
            ..self
        }
    }

    /// The same glyphs, `points` further apart (letter spacing; negative: closer together).
    pub fn tracked(self, points: Pt) -> GlyphSlice {
        GlyphSlice {
            tracking: points.0,
            ..self
        }
    }

    /// The horizontal scaling of the glyphs: 1 for none.
    pub fn expansion(&self) -> f64 {
        self.expansion
    }

    /// The letter spacing between the glyphs' clusters.
    pub fn tracking(&self) -> Pt {
        Pt(self.tracking)
    }

    /// How many places between two clusters the slice has: where letter spacing goes.
    pub fn letter_gaps(&self) -> usize {
        self.units()
            .windows(2)
            .filter(|pair| pair[0].cluster != pair[1].cluster)
            .count()
    }

    fn units(&self) -> &[UnitGlyph] {
        self.shaped
            .glyphs
            .get(self.start as usize..self.end as usize)
            .unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.units().len()
    }

    pub fn is_empty(&self) -> bool {
        self.units().is_empty()
    }

    /// The glyphs, in order.
    pub fn iter(&self) -> impl Iterator<Item = Glyph<'_>> + '_ {
        let all = &self.shaped.glyphs;
        let text = self.shaped.text.as_str();
        let scale = self.scale;
        let wide = self.scale * self.expansion;
        let (end, tracking) = (self.end as usize, self.tracking);
        (self.start as usize..end).map(move |i| {
            let g = all[i];
            let spaced = i + 1 < end && all[i + 1].cluster != g.cluster;
            let first_of_cluster = i == 0 || all[i - 1].cluster != g.cluster;
            let text = if first_of_cluster {
                // The cluster's text runs to the next larger cluster start.
                let end = all[i..]
                    .iter()
                    .map(|n| n.cluster)
                    .find(|&c| c > g.cluster)
                    .unwrap_or(text.len());
                text.get(g.cluster..end).unwrap_or_default()
            } else {
                ""
            };
            Glyph {
                id: g.id,
                advance: Pt(f64::from(g.advance) * wide + if spaced { tracking } else { 0.0 }),
                offset_x: Pt(f64::from(g.x_offset) * wide),
                offset_y: Pt(f64::from(g.y_offset) * scale),
                text,
            }
        })
    }

    /// The sum of the advances.
    pub fn width(&self) -> Pt {
        let units: i64 = self.units().iter().map(|g| i64::from(g.advance)).sum();
        let gaps = if self.tracking == 0.0 {
            0
        } else {
            self.letter_gaps()
        };
        Pt(units as f64 * self.scale * self.expansion + gaps as f64 * self.tracking)
    }

    /// The text the glyphs stand for, as a reader would copy it.
    pub fn text(&self) -> &str {
        let units = self.units();
        let Some(first) = units.first() else {
            return "";
        };
        let end = self
            .shaped
            .glyphs
            .get(self.end as usize..)
            .and_then(|rest| rest.iter().map(|g| g.cluster).find(|&c| c > first.cluster))
            .unwrap_or(self.shaped.text.len());
        self.shaped.text.get(first.cluster..end).unwrap_or_default()
    }
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
    pub glyphs: GlyphSlice,
    /// Shared by every run of the link (most runs have none).
    pub link: Option<Arc<RunLink>>,
    /// Whether a word space separates this run from the previous run of the line (false for the
    /// first run and for a style change or note mark inside a word). Lets the PDF writer put
    /// a space into the text layer so that extracted text keeps its words apart.
    pub space_before: bool,
    /// A picture in running text: the run is then one blank glyph as wide as the picture, which
    /// layout draws instead of text.
    pub picture: Option<Arc<InlinePicture>>,
    /// A line drawn through the run (struck-through text).
    pub decoration: Decoration,
}

/// What is drawn with a run besides its glyphs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Decoration {
    #[default]
    None,
    /// A line through the text at half the x-height (`~~struck~~`).
    Strikethrough,
}

/// A picture set inside a line (an image in a sentence), its foot on the baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct InlinePicture {
    pub path: std::path::PathBuf,
    pub format: crate::model::ImageFormat,
    pub height: Pt,
}

impl GlyphRun {
    /// The sum of the advances.
    pub fn width(&self) -> Pt {
        self.glyphs.width()
    }

    /// The text the run stands for.
    pub fn text(&self) -> String {
        self.glyphs.text().to_owned()
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
    /// How the line ends: what joins it to the next one in the paragraph's text.
    pub end: LineEnd,
    /// The Knuth–Plass adjustment ratio: 0 natural, 1 glue fully stretched, -1 fully shrunk;
    /// below -1 the line is overfull.
    pub ratio: f64,
    /// The line's word spaces as set, over their natural width: 1 at natural width, 1.5
    /// stretched by half, below 1 shrunk (1 for a line without spaces). The glyphs' expansion
    /// and letter spacing are not in it: this is the gap the eye sees between words, as
    /// `pdfstats` measures it from outside.
    pub spacing: f64,
    /// The footnote ids whose marks are on this line, in order.
    pub notes: Vec<String>,
    /// Where the first word that starts on this line starts in the paragraph's plain text
    /// ([`crate::model::plain_text`]); `None` when no word starts here (the line holds only the
    /// rest of a word broken on the line before).
    pub first_word: Option<usize>,
}

impl Line {
    /// How many word spaces the line has.
    pub fn spaces(&self) -> usize {
        self.runs.iter().filter(|r| r.space_before).count()
    }

    /// A text dump for tests: each run's x, face, size, rise (when raised) and text, then the
    /// line's width and ratio, e.g. `[  10.00 R 10 "The"] [  27.72 R 10 "revolu-"] w=220.00
    /// r=0.123 hyph`.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for run in &self.runs {
            let face = match run.face {
                FaceId::Regular => "R".to_owned(),
                FaceId::Italic => "I".to_owned(),
                FaceId::Bold => "B".to_owned(),
                FaceId::BoldItalic => "BI".to_owned(),
                FaceId::Mono => "M".to_owned(),
                FaceId::Fallback { index } => format!("F{index}"),
            };
            let _ = write!(out, "[{:7.2} {face} {}", run.x.0, run.size.0);
            if run.rise != Pt::ZERO {
                let _ = write!(out, " ^{:.2}", run.rise.0);
            }
            let _ = write!(out, " {:?}] ", run.text());
        }
        let _ = write!(out, "w={:.2} r={:.3}", self.width.0, self.ratio);
        // Font expansion, when the line's glyphs are widened or narrowed.
        if let Some(run) = self.runs.first().filter(|r| r.glyphs.expansion() != 1.0) {
            let _ = write!(out, " x{:.4}", run.glyphs.expansion());
        }
        // Letter spacing, when the line's letters are spaced out or closed up.
        if let Some(run) = self
            .runs
            .first()
            .filter(|r| r.glyphs.tracking() != Pt::ZERO)
        {
            let _ = write!(out, " t{:.3}", run.glyphs.tracking().0);
        }
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
