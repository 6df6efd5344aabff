//! Paragraphs: model inlines to typeset lines (words, breaks, Knuth–Plass, justification).
//!
//! [`TextEngine::typeset`] runs the stages for one paragraph:
//! 1. flatten the inlines into styled pieces (emphasis toggles italic, strong sets bold, links
//!    and note marks carry their targets) and cut them into words at spaces;
//! 2. shape every word once (per style segment, cached) and pick a face per character: a
//!    character the face lacks goes to the fallback face, or is reported;
//! 3. find each word's breaks (hyphenation, hard hyphens, dashes) at cluster boundaries, so a
//!    ligature is never split, and build boxes, glue and penalties;
//! 4. break with [`linebreak`](super::linebreak()) and set each line (module `lines`).

use std::path::Path;
use std::sync::Arc;

use super::hyphenate::{BreakKind, LocalBreaks};
use super::linebreak::{linebreak, Break, BreakClass, BreakParams, Item, Pass, FIL, FORCED, NEVER};
use super::lines::{set_lines, Broken};
use super::shape::{Features, Shaper};
use super::words::{flatten, Context, Pieces, Segment, Token, Word};
use super::{FaceId, FontBook, GlyphRun, GlyphSlice, Hyphenator, Line};
use crate::diag::Diagnostic;
use crate::model::{Inline, SourcePos};
use crate::style::{FaceName, Justification, LinkAddresses, TextStyle};
use crate::units::Pt;

/// TeX's `\hyphenpenalty` is 50; raised so that a hyphen is taken only where it saves a clearly
/// loose line. Measured on the bundled books with the spacing below (russia-bureaucracy: hyphenated
/// line ends, then pdfstats' spread of word spaces, its 95th-percentile gap over the median gap):
/// 300, 400 and 800 all give 4.9 % and 1.36; the tolerance, not the penalty, decides most breaks
/// once expansion takes part of the adjustment. Before expansion, 50 gave 7.7 % and 1.56 and 400
/// gave 4.8 % and 1.67: 400 stays, as the setting that never lets a hyphen come cheap.
pub const HYPHEN_PENALTY: f64 = 400.0;
/// TeX's `\exhyphenpenalty` (50): a break after a hyphen or dash already in the text.
pub const EX_HYPHEN_PENALTY: f64 = 50.0;
/// A break inside a long numeral ([`BreakKind::InNumber`]) or an address
/// ([`BreakKind::InAddress`]): TeX's `\hbadness`. Only the line breaker's fourth pass takes one,
/// when pass 3 left a line beyond that badness, and there a last resort costs as much as such a
/// line: it is taken where it mends a looser one. (Book 1's numeral mends a line whose spaces
/// were 3.7 times their width.)
pub const LAST_RESORT_PENALTY: f64 = super::linebreak::HBADNESS;
/// Interword stretch, as a fraction of the font's space: TeX's, half of itself. With font
/// expansion taking a line's adjustment first, more stretch means fewer hyphens and a looser
/// tail, less the reverse. Measured on russia-bureaucracy with 3 % expansion: stretch 0.4 gives
/// 6.2 % hyphenated line ends and a spread of 1.26, 1/2 gives 4.9 % and 1.36, 0.51 gives 4.7 %
/// and 1.37, 0.55 gives 4.2 % and 1.40, 0.6 gives 3.5 % and 1.46 ...
pub const SPACE_STRETCH: f64 = 0.5;
/// ... while the shrink is a third of the space, as in TeX, so a space never shrinks below two
/// thirds of what the designer drew. (A quarter gives 5.9 % and 1.38; half the space gives a
/// spread smaller by 0.1 at the same hyphenation, but its tightest lines look crammed: measured
/// and looked at, then set aside.)
pub const SPACE_SHRINK: f64 = 1.0 / 3.0;
/// Pass 3's emergency stretch, in ems of the paragraph's size. LaTeX's default is 0, but
/// 1.5–3 em is the usual remedy for overfull lines in narrow measures; 2 em lets an A5 column
/// absorb a long unbreakable word without going overfull.
pub const EMERGENCY_STRETCH_EM: f64 = 2.0;
/// Font expansion of justified body text (pdfTeX's hz): a line's glyphs take part of its
/// adjustment, so its word spaces vary less and fewer words need a hyphen. microtype's default,
/// 2 %, and no more: the glyphs are scaled by `Tz`, which thickens vertical strokes and not
/// horizontal ones, where pdfTeX's hz fonts were drawn for it. Measured with pdfstats on
/// russia-bureaucracy (stalin-50-years after the slash) with stretch 1/2 and no letter spacing:
/// no expansion gives 14.6 % hyphenated line ends and a spread of 1.77 (11.9 %, 1.76); 2 % gives
/// 8.4 % and 1.44 (6.2 %, 1.43); it took 3.2 % (4.3 % and 1.34; 3.0 %, 1.30) to meet the targets
/// (at most 5 % and 1.36) by expansion alone. Letter spacing, below, does the rest.
pub const FONT_EXPANSION: f64 = 0.02;
/// Letter spacing of justified body text, in ems between two letters: the third of the tools
/// InDesign's justification shares a line's room between (word spacing, letter spacing, glyph
/// scaling), which moves letters without changing their shapes. Measured as above with 2 %
/// expansion: 0.004 em gives 5.8 % and 1.40 (4.3 %, 1.35); 0.006 em 4.7 % and 1.36 (3.4 %,
/// 1.32); 0.007 em 4.2 % and 1.35 (3.2 %, 1.29); 0.008 em 3.8 % and 1.33 (3.0 %, 1.28); 0.01 em
/// 3.3 % and 1.28. 0.008 em keeps both books within the targets with a margin; at 10 pt it is
/// 0.08 pt between two letters, a twenty-fifth of Vollkorn's word space (0.2 em), and most lines
/// use a fraction of it. (pdfstats measures the gaps between words' boxes, which letter spacing leaves alone: the
/// spaces it saves are real.)
pub const LETTER_SPACING: f64 = 0.008;
/// The ragged margin's room in ems (ragged2e's `\RaggedRight` uses 0 pt plus 2 em).
pub const RAGGED_STRETCH_EM: f64 = 2.0;
/// A note mark without true superior figures: 70 % of the text size (LaTeX's 7 pt script size
/// under 10 pt), raised by a third of the size so its top sits near cap height.
pub const MARK_SCALE: f64 = 0.7;
pub const MARK_RISE: f64 = 0.33;

/// How lines fill the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justified,
    /// Rigid word spaces; lines end where they end.
    RaggedRight,
}

/// How to set one paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphSpec {
    /// The line length.
    pub measure: Pt,
    pub size: Pt,
    /// Baseline to baseline.
    pub leading: Pt,
    /// The first line's indent (zero after a heading, a break or a figure).
    pub first_indent: Pt,
    pub align: Align,
    /// Whether words may be hyphenated (never in headings). Hard hyphens break regardless.
    pub hyphenate: bool,
    /// The face of plain text; emphasis and strong derive from it.
    pub base_face: FaceId,
    /// Old-style figures (`onum`) when the font has them.
    pub oldstyle_figures: bool,
    /// The most hyphenated lines in a row (0: no limit).
    pub max_consecutive_hyphens: usize,
    /// How justified lines fill the measure: word spaces, font expansion, margin kerning and
    /// what a hyphen costs.
    pub spacing: Spacing,
    /// Whether an external link's address follows its text.
    pub link_addresses: LinkAddresses,
    /// Lines more or fewer than the best setting has (TeX's `\looseness`; see
    /// [`BreakParams::looseness`]): 0 but where a page builder asks for another.
    pub looseness: i32,
}

/// How justified lines fill the measure, from the style's `[print.text.spacing]` and
/// `hyphenation.penalty`; the defaults are this module's constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Spacing {
    /// How far a word space may stretch, as a fraction of the font's space.
    pub stretch: f64,
    /// How far a word space may shrink, as a fraction of the font's space.
    pub shrink: f64,
    /// Font expansion of justified lines: the most a line's glyphs may widen or narrow, as a
    /// fraction (0.02 is ±2 %; 0 turns it off). Ragged lines are never expanded.
    pub expansion: f64,
    /// Letter spacing of justified lines: the most a line's letters may move apart or together,
    /// in ems between two letters (0 turns it off). Ragged lines are never letter-spaced.
    pub letter_spacing: f64,
    /// Margin kerning of justified lines.
    pub protrusion: Protrusion,
    /// The cost of a soft hyphen (TeX's `\hyphenpenalty`).
    pub hyphen_penalty: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Spacing {
            stretch: SPACE_STRETCH,
            shrink: SPACE_SHRINK,
            expansion: FONT_EXPANSION,
            letter_spacing: LETTER_SPACING,
            protrusion: Protrusion::Optical,
            hyphen_penalty: HYPHEN_PENALTY,
        }
    }
}

impl Spacing {
    /// The spacing a style asks for.
    pub fn of(style: &TextStyle) -> Spacing {
        let s = &style.spacing;
        Spacing {
            stretch: s.stretch,
            shrink: s.shrink,
            expansion: s.expansion,
            letter_spacing: s.letter_spacing,
            protrusion: if s.protrusion {
                Protrusion::Optical
            } else {
                Protrusion::None
            },
            hyphen_penalty: style.hyphenation.penalty,
        }
    }

    /// Rigid: no expansion, no protrusion (headings and other ragged lines).
    fn rigid(self) -> Spacing {
        Spacing {
            expansion: 0.0,
            letter_spacing: 0.0,
            protrusion: Protrusion::None,
            ..self
        }
    }
}

/// Whether punctuation at the edges of justified lines hangs into the margin.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Protrusion {
    None,
    /// By the optical amounts of `text::protrusion`.
    Optical,
}

impl ParagraphSpec {
    /// Body text as the style sets it.
    pub fn body(style: &TextStyle, measure: Pt) -> ParagraphSpec {
        ParagraphSpec {
            measure,
            size: style.size,
            leading: style.leading,
            first_indent: style.indent,
            align: match style.justification {
                Justification::Justified => Align::Justified,
                Justification::RaggedRight => Align::RaggedRight,
            },
            hyphenate: style.hyphenation.enabled,
            base_face: face_of(style.faces.body),
            oldstyle_figures: style.oldstyle_figures,
            max_consecutive_hyphens: style.hyphenation.max_consecutive,
            spacing: Spacing::of(style),
            link_addresses: style.link_addresses,
            looseness: 0,
        }
    }

    /// A heading of `level` (1 for a chapter): ragged, never hyphenated, leading 1.2 × its size.
    pub fn heading(style: &TextStyle, level: u8, measure: Pt) -> ParagraphSpec {
        let size = match level {
            0 | 1 => style.sizes.chapter,
            2 => style.sizes.section,
            _ => style.sizes.subsection,
        };
        ParagraphSpec {
            measure,
            size,
            leading: size * 1.2,
            first_indent: Pt::ZERO,
            align: Align::RaggedRight,
            hyphenate: false,
            base_face: face_of(style.faces.headings),
            oldstyle_figures: style.oldstyle_figures,
            max_consecutive_hyphens: 0,
            spacing: Spacing::of(style).rigid(),
            // A heading is a title, not a place to read an address.
            link_addresses: LinkAddresses::Omitted,
            looseness: 0,
        }
    }
}

/// The [`FaceId`] of a style's face name.
pub fn face_of(name: FaceName) -> FaceId {
    match name {
        FaceName::Regular => FaceId::Regular,
        FaceName::Italic => FaceId::Italic,
        FaceName::Bold => FaceId::Bold,
        FaceName::BoldItalic => FaceId::BoldItalic,
    }
}

/// A problem with the text of a paragraph (an overfull line, a missing glyph).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextWarning {
    pub at: Option<SourcePos>,
    pub message: String,
    /// What to do about it, when there is something to say.
    pub hint: Option<String>,
}

impl TextWarning {
    pub fn into_diagnostic(self, file: &Path) -> Diagnostic {
        let d = Diagnostic::warning(file, self.at, self.message);
        match self.hint {
            Some(hint) => d.with_hint(hint),
            None => d,
        }
    }
}

/// How a line ends: what joins it to the next one in the paragraph's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// At a word space (the space is not drawn).
    Space,
    /// Inside a word, with a hyphen the engine added (the word continues on the next line).
    SoftHyphen,
    /// After a hyphen that is in the text (`anti-` / `Soviet`).
    HardHyphen,
    /// After an en or em dash in the text, or a slash inside a web address.
    Dash,
    /// After a thousands separator inside a long numeral.
    InNumber,
    /// Between two characters of an address, where nothing else would set the paragraph.
    InAddress,
    /// A line of code wrapped at the measure: its last run is the continuation mark (no part of
    /// the text), and the next line goes on with the same source line.
    Wrapped,
    /// At a hard line break of the text.
    LineBreak,
    /// The paragraph's last line.
    End,
}

/// A set paragraph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypesetParagraph {
    pub lines: Vec<Line>,
    /// The line-breaking pass that found the breaks (`None` for an empty paragraph).
    pub pass: Option<Pass>,
    pub warnings: Vec<TextWarning>,
}

impl TypesetParagraph {
    /// How each line ends, in order (for tests: each line has its own `end`).
    pub fn ends(&self) -> Vec<LineEnd> {
        self.lines.iter().map(|line| line.end).collect()
    }

    /// The paragraph's text back from its lines: words joined by spaces, added hyphens removed.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for line in &self.lines {
            let mut text = line.text();
            match line.end {
                LineEnd::SoftHyphen => {
                    text.pop();
                }
                LineEnd::Space => text.push(' '),
                LineEnd::LineBreak => text.push('\n'),
                LineEnd::HardHyphen
                | LineEnd::Dash
                | LineEnd::InNumber
                | LineEnd::InAddress
                | LineEnd::End => {}
                LineEnd::Wrapped => {
                    text.pop();
                }
            }
            out.push_str(&text);
        }
        out
    }
}

/// Sets one paragraph with a throw-away [`TextEngine`]. To set many, keep one engine: it parses
/// the faces once and caches shaped words.
pub fn typeset_paragraph(
    content: &[Inline],
    fonts: &FontBook,
    hyphenator: &Hyphenator,
    spec: &ParagraphSpec,
    at: Option<SourcePos>,
) -> TypesetParagraph {
    TextEngine::new(fonts, hyphenator).typeset(content, spec, at)
}

/// The text engine for one book: parsed faces, the hyphenator and the shaping cache.
pub struct TextEngine<'a> {
    pub(super) shaper: Shaper<'a>,
    pub(super) hyphenator: &'a Hyphenator,
    pub(super) breaks: LocalBreaks,
}

/// What an item stands for, to set the lines after breaking.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Origin {
    Indent,
    /// Bytes `start..end` of word `word`.
    Part {
        word: usize,
        start: usize,
        end: usize,
    },
    Space,
    /// The break before a space after a word whose last character hangs into the margin.
    Hang,
    /// A break inside word `word` before byte `at`.
    Break {
        word: usize,
        at: usize,
        kind: BreakKind,
    },
    /// Paragraph end or hard line break.
    End,
}

impl<'a> TextEngine<'a> {
    pub fn new(fonts: &'a FontBook, hyphenator: &'a Hyphenator) -> TextEngine<'a> {
        TextEngine {
            shaper: Shaper::new(fonts),
            hyphenator,
            breaks: LocalBreaks::default(),
        }
    }

    pub fn fonts(&self) -> &'a FontBook {
        self.shaper.fonts()
    }

    /// How many shaped texts the book's cache holds (shared by every engine of the book).
    pub fn cached_shapes(&self) -> usize {
        self.shaper.cached()
    }

    /// Shapes a single line of text with no breaking (page numbers, running heads, list
    /// numbers), at x = 0.
    pub fn shape_run(
        &mut self,
        text: &str,
        face: FaceId,
        size: Pt,
        features: Features,
    ) -> GlyphRun {
        let shaped = self.shaper.shape(face, features, text);
        let scale = self.fonts().scale(face, size);
        GlyphRun {
            face,
            size,
            x: Pt::ZERO,
            rise: Pt::ZERO,
            glyphs: GlyphSlice::whole(shaped, scale),
            link: None,
            space_before: false,
            picture: None,
            decoration: super::Decoration::None,
        }
    }

    /// Sets a paragraph.
    pub fn typeset(
        &mut self,
        content: &[Inline],
        spec: &ParagraphSpec,
        at: Option<SourcePos>,
    ) -> TypesetParagraph {
        let mut pieces = Pieces::default();
        let context = Context {
            face: spec.base_face,
            script: Default::default(),
            link: None,
            emphasis: self.fonts().emphasis_face(),
            strong: self.fonts().strong_face(),
            code: false,
            decoration: super::Decoration::None,
            addresses: spec.link_addresses,
        };
        flatten(content, &context, &mut pieces);
        let mut warnings = Vec::new();
        let tokens = self.tokenize(&pieces.list, spec, at, &mut warnings);
        if !tokens.iter().any(|t| matches!(t, Token::Word(_))) {
            // Nothing to set (an empty paragraph, or only spaces and hard breaks): no lines.
            return TypesetParagraph {
                warnings,
                ..TypesetParagraph::default()
            };
        }
        let (words, items, origins) = self.items(tokens, spec);
        let ragged = spec.align == Align::RaggedRight;
        let params = BreakParams {
            emergency_stretch: spec.size * EMERGENCY_STRETCH_EM,
            max_consecutive_hyphens: spec.max_consecutive_hyphens,
            right_stretch: if ragged {
                spec.size * RAGGED_STRETCH_EM
            } else {
                Pt::ZERO
            },
            looseness: spec.looseness,
            ..BreakParams::default()
        };
        let breaks = linebreak(&items, &[spec.measure], &params);
        let broken = Broken {
            words: &words,
            items: &items,
            origins: &origins,
            breaks: &breaks,
            spec,
            at,
        };
        let lines = set_lines(self, &broken, &mut warnings);
        TypesetParagraph {
            lines,
            pass: breaks.first().map(|b| b.pass),
            warnings,
        }
    }

    /// Boxes, glue and penalties for the tokens, with what each stands for, and the words.
    fn items(
        &mut self,
        tokens: Vec<Token>,
        spec: &ParagraphSpec,
    ) -> (Vec<Word>, Vec<Item>, Vec<Origin>) {
        // A token becomes one to four items (a word: its box, a hyphen's penalty, a hang; a
        // space: glue and a penalty): room for two each spares most of the regrowing, which was
        // a twentieth of the whole build.
        let mut words = Vec::with_capacity(tokens.len() / 2 + 1);
        let mut items = Vec::with_capacity(tokens.len() * 2 + 8);
        let mut origins = Vec::with_capacity(tokens.len() * 2 + 8);
        let mut push = |item: Item, origin: Origin, items: &mut Vec<Item>| {
            items.push(item);
            origins.push(origin);
        };
        if spec.first_indent > Pt::ZERO {
            // Rigid glue rather than a box: it neither breaks (no box precedes it) nor stretches,
            // nor expands with the glyphs.
            push(
                Item::Glue {
                    width: spec.first_indent,
                    stretch: Pt::ZERO,
                    shrink: Pt::ZERO,
                },
                Origin::Indent,
                &mut items,
            );
        }
        let ragged = spec.align == Align::RaggedRight;
        for token in tokens {
            match token {
                Token::Space(width) => {
                    // A line that ends at this space may hold what its last character hangs
                    // into the margin: a break of that negative width before the space.
                    let hang = match (items.last(), words.last()) {
                        (Some(Item::Box { .. }), Some(word)) => self.hang_at_end(word, spec),
                        _ => Pt::ZERO,
                    };
                    if hang > Pt::ZERO {
                        let kern = Item::Penalty {
                            width: -hang,
                            penalty: 0.0,
                            class: BreakClass::Plain,
                        };
                        push(kern, Origin::Hang, &mut items);
                    }
                    let (stretch, shrink) = if ragged {
                        (Pt::ZERO, Pt::ZERO)
                    } else {
                        (width * spec.spacing.stretch, width * spec.spacing.shrink)
                    };
                    push(
                        Item::Glue {
                            width,
                            stretch,
                            shrink,
                        },
                        Origin::Space,
                        &mut items,
                    );
                }
                Token::LineBreak => {
                    for item in paragraph_end() {
                        push(item, Origin::End, &mut items);
                    }
                }
                Token::Word(draft) => {
                    let index = words.len();
                    let word = self.build_word(draft, spec);
                    let mut start = 0;
                    let end = word.segments.last().map_or(0, Segment::end);
                    for &(at, kind) in &word.breaks {
                        let width = self.width(&word, start, at);
                        let flex = flex(&word, (start, at), width, spec);
                        push(
                            Item::Box { width, flex },
                            Origin::Part {
                                word: index,
                                start,
                                end: at,
                            },
                            &mut items,
                        );
                        let (width, penalty, class) = match kind {
                            BreakKind::Soft => (
                                self.hyphen_width(&word, at) - self.hang(&word, at, '-', spec),
                                spec.spacing.hyphen_penalty,
                                BreakClass::Hyphen,
                            ),
                            BreakKind::AfterHyphen => (
                                -self.hang_before(&word, at, spec),
                                EX_HYPHEN_PENALTY,
                                BreakClass::Hyphen,
                            ),
                            BreakKind::AfterDash => (
                                -self.hang_before(&word, at, spec),
                                EX_HYPHEN_PENALTY,
                                BreakClass::Plain,
                            ),
                            BreakKind::InNumber => (
                                -self.hang_before(&word, at, spec),
                                LAST_RESORT_PENALTY,
                                BreakClass::LastResort,
                            ),
                            BreakKind::InAddress => {
                                (Pt::ZERO, LAST_RESORT_PENALTY, BreakClass::LastResort)
                            }
                        };
                        push(
                            Item::Penalty {
                                width,
                                penalty,
                                class,
                            },
                            Origin::Break {
                                word: index,
                                at,
                                kind,
                            },
                            &mut items,
                        );
                        start = at;
                    }
                    let width = self.width(&word, start, end);
                    let flex = flex(&word, (start, end), width, spec);
                    push(
                        Item::Box { width, flex },
                        Origin::Part {
                            word: index,
                            start,
                            end,
                        },
                        &mut items,
                    );
                    words.push(word);
                }
            }
        }
        for item in paragraph_end() {
            push(item, Origin::End, &mut items);
        }
        (words, items, origins)
    }

    pub(super) fn shaper(&mut self) -> &mut Shaper<'a> {
        &mut self.shaper
    }

    /// The natural width of bytes `start..end` of a word.
    fn width(&self, word: &Word, start: usize, end: usize) -> Pt {
        parts(word, start, end)
            .map(|(segment, s, e)| {
                let units = segment.shaped.advance_between(s, e);
                Pt(units as f64 * self.fonts().scale(segment.face, segment.size))
            })
            .sum()
    }

    /// What breaking a word before byte `at` adds to its line: the hyphen, in the face of the
    /// segment holding byte `at - 1`, and the change of the last cluster's advance when it is
    /// kerned against the hyphen instead of the letter that followed it (`a-` against `at`).
    /// The line setter shapes the prefix with its hyphen, so the breaker must count exactly
    /// that: a ragged line has no shrink to absorb even 0.1 pt.
    fn hyphen_width(&mut self, word: &Word, at: usize) -> Pt {
        let Some(s) = word.segment_before(at) else {
            return Pt::ZERO;
        };
        let (face, size, features) = (s.face, s.size, s.features);
        let shaped = Arc::clone(&s.shaped);
        let end = at.saturating_sub(s.start).min(shaped.text.len());
        // The cluster that ends at the break (clusters are byte offsets in text order).
        let last = shaped
            .glyphs
            .iter()
            .map(|g| g.cluster)
            .filter(|&c| c < end)
            .max()
            .unwrap_or(0);
        let mut pair = shaped.text.get(last..end).unwrap_or_default().to_owned();
        let before = shaped.advance_between(last, end);
        pair.push('-');
        let with_hyphen = self.shaper.shape(face, features, &pair);
        let units = with_hyphen.advance_between(0, pair.len()) - before;
        Pt(units as f64 * self.fonts().scale(face, size))
    }

    pub(super) fn space_width(&mut self, face: FaceId, size: Pt) -> Pt {
        let units = self.shaper.space_units(face);
        Pt(units as f64 * self.fonts().scale(face, size))
    }
}

/// The parts of a word's segments that bytes `start..end` of the word cover, each with its range
/// in the segment's own text.
fn parts(word: &Word, start: usize, end: usize) -> impl Iterator<Item = (&Segment, usize, usize)> {
    word.segments.iter().filter_map(move |segment| {
        let (s, e) = (start.max(segment.start), end.min(segment.end()));
        (s < e).then(|| (segment, s - segment.start, e - segment.start))
    })
}

/// How much bytes `start..end` of a word, `width` wide, may widen or narrow on a justified line:
/// font expansion of their glyphs and letter spacing before each of their clusters but the
/// word's first (see [`Item::Box`]). The line setter shares a line's room the same way.
fn flex(word: &Word, (start, end): (usize, usize), width: Pt, spec: &ParagraphSpec) -> Pt {
    if spec.align == Align::RaggedRight {
        return Pt::ZERO;
    }
    let spacing = spec.spacing;
    let em = spacing.letter_spacing;
    let gaps: Pt = parts(word, start, end)
        .map(|(segment, s, e)| segment.size * (segment.shaped.letter_gaps(s, e) as f64 * em))
        .sum();
    width * spacing.expansion + gaps
}

/// How each line ends, from the item it breaks at.
pub(super) fn line_ends(breaks: &[Break], origins: &[Origin]) -> Vec<LineEnd> {
    breaks
        .iter()
        .enumerate()
        .map(|(i, b)| match origins.get(b.position) {
            _ if i + 1 == breaks.len() => LineEnd::End,
            Some(Origin::Break { kind, .. }) => match kind {
                BreakKind::Soft => LineEnd::SoftHyphen,
                BreakKind::AfterHyphen => LineEnd::HardHyphen,
                BreakKind::AfterDash => LineEnd::Dash,
                BreakKind::InNumber => LineEnd::InNumber,
                BreakKind::InAddress => LineEnd::InAddress,
            },
            Some(Origin::End) => LineEnd::LineBreak,
            _ => LineEnd::Space,
        })
        .collect()
}

/// The end of a paragraph (or a hard line break): no break before the fill, infinite stretch
/// so the last line may end short, and a forced break.
fn paragraph_end() -> [Item; 3] {
    [
        Item::Penalty {
            width: Pt::ZERO,
            penalty: NEVER,
            class: BreakClass::Plain,
        },
        Item::Glue {
            width: Pt::ZERO,
            stretch: FIL,
            shrink: Pt::ZERO,
        },
        Item::Penalty {
            width: Pt::ZERO,
            penalty: FORCED,
            class: BreakClass::Plain,
        },
    ]
}
