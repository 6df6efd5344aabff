//! Words: model inlines flattened into styled pieces, cut at spaces, shaped, with their breaks.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::hyphenate::BreakKind;
use super::paragraph::{ParagraphSpec, TextEngine, TextWarning, MARK_RISE, MARK_SCALE};
use super::shape::{Features, Shaped, UnitGlyph};
use super::{Decoration, FaceId, InlinePicture, RunLink};
use crate::model::{Image, ImageFormat, Inline, LinkTarget, SourcePos};
use crate::style::LinkAddresses;
use crate::units::Pt;

/// A run of text in one style inside a word.
#[derive(Debug, Clone)]
pub(super) struct Segment {
    /// Where it starts in the word's text.
    pub start: usize,
    pub face: FaceId,
    pub size: Pt,
    pub rise: Pt,
    pub features: Features,
    pub link: Option<Arc<RunLink>>,
    /// The note id, for a note mark.
    pub note: Option<String>,
    /// For a picture in running text (whose `shaped` is one blank glyph as wide as it).
    pub picture: Option<Arc<InlinePicture>>,
    /// Code: never hyphenated.
    pub code: bool,
    pub decoration: Decoration,
    pub shaped: Arc<Shaped>,
}

impl Segment {
    pub fn end(&self) -> usize {
        self.start + self.shaped.text.len()
    }
}

/// A word: the text between two spaces, in one or more segments.
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub segments: Vec<Segment>,
    /// The usable breaks, in order: (byte offset in the word, kind).
    pub breaks: Vec<(usize, BreakKind)>,
    /// Where the word starts in the paragraph's plain text (see [`Pieces`]).
    pub plain: usize,
}

impl Word {
    /// The segment holding the byte before `at` (where a break at `at` hangs its hyphen or its
    /// punctuation), or the first one.
    pub fn segment_before(&self, at: usize) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.start < at && at <= s.end())
            .or(self.segments.first())
    }
}

/// The style of inline text while flattening.
#[derive(Debug, Clone)]
pub(super) struct Context {
    pub face: FaceId,
    /// Raised or lowered text (`<sup>`, `<sub>`).
    pub script: Script,
    pub link: Option<Arc<RunLink>>,
    /// The style's faces for emphasis and strong in upright regular text
    /// (`[print.text.faces] italic` and `bold`).
    pub emphasis: FaceId,
    pub strong: FaceId,
    /// Inline code: the monospaced face, at [`CODE_SCALE`] of the size, never hyphenated.
    pub code: bool,
    pub decoration: Decoration,
    /// Whether an external link's address follows its text.
    pub addresses: LinkAddresses,
}

/// Text set on the baseline, raised or lowered (smaller, as note marks without superior figures).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Script {
    #[default]
    Baseline,
    Superscript,
    Subscript,
    /// Smaller on the baseline: a link's address after its text.
    Small,
}

/// The size of code against the text around it: DejaVu Sans Mono's x-height (0.55 em) is
/// larger than a book face's, and its letters are wider; at 85 % it sits with the text.
pub const CODE_SCALE: f64 = 0.85;
/// The size of a link's address printed after its text, as a fraction of the text's: the size
/// of a note under body text (8.5 over 10), so the address reads as an aside.
const ADDRESS_SCALE: f64 = 0.85;

/// The fraction of the size a subscript is lowered by.
const SUBSCRIPT_DROP: f64 = 0.15;

/// The height of a picture in running text, in ems: about the height of a capital letter, so it
/// sits in the line like a word without pushing the lines apart.
const PICTURE_HEIGHT_EM: f64 = 0.7;

/// The character a picture stands in for in the text of a line (OBJECT REPLACEMENT CHARACTER).
const PICTURE_CHAR: char = '\u{FFFC}';

/// Text in one style, before cutting into words.
#[derive(Debug, Clone)]
pub(super) enum Piece {
    Text {
        text: String,
        context: Context,
    },
    Mark {
        number: String,
        note: String,
        reference: String,
        context: Context,
    },
    LineBreak,
    /// A picture in running text, `aspect` its width over its height.
    Picture {
        path: std::path::PathBuf,
        format: ImageFormat,
        aspect: f64,
        context: Context,
    },
}

/// The pieces of a paragraph, each with the byte offset in the paragraph's plain text
/// ([`crate::model::plain_text`]) where it starts, so that every word knows where it starts
/// there too.
#[derive(Debug, Default)]
pub(super) struct Pieces {
    pub list: Vec<(usize, Piece)>,
    /// The plain text's length so far.
    plain: usize,
}

impl Pieces {
    fn push(&mut self, piece: Piece) {
        self.list.push((self.plain, piece));
    }
}

/// A word under construction.
#[derive(Debug, Default)]
pub(super) struct Draft {
    /// The word's text (soft hyphens removed) and its soft hyphens' offsets.
    text: String,
    shy: Vec<usize>,
    /// Where it starts in the paragraph's plain text.
    plain: usize,
    /// (start, face, mark, link, note) of each segment; a new one starts at each style change.
    parts: Vec<DraftPart>,
}

#[derive(Debug)]
pub(super) struct DraftPart {
    start: usize,
    face: FaceId,
    script: Script,
    /// A picture: its file, format and aspect ratio.
    picture: Option<(std::path::PathBuf, ImageFormat, f64)>,
    mark: bool,
    link: Option<Arc<RunLink>>,
    note: Option<String>,
    code: bool,
    decoration: Decoration,
}

pub(super) enum Token {
    Word(Draft),
    Space(Pt),
    LineBreak,
}

impl TextEngine<'_> {
    /// Cuts the pieces into words and spaces, picking a face for every character.
    pub(super) fn tokenize(
        &mut self,
        pieces: &[(usize, Piece)],
        spec: &ParagraphSpec,
        at: Option<SourcePos>,
        warnings: &mut Vec<TextWarning>,
    ) -> Vec<Token> {
        let mut tokens = Vec::new();
        let mut draft = Draft::default();
        let mut missing = BTreeSet::new();
        let finish = |draft: &mut Draft, tokens: &mut Vec<Token>| {
            if !draft.parts.is_empty() {
                tokens.push(Token::Word(std::mem::take(draft)));
            }
        };
        for (plain, piece) in pieces {
            if draft.parts.is_empty() {
                draft.plain = *plain;
            }
            match piece {
                Piece::LineBreak => {
                    finish(&mut draft, &mut tokens);
                    tokens.push(Token::LineBreak);
                }
                Piece::Mark {
                    number,
                    note,
                    reference,
                    context,
                } => {
                    draft.parts.push(DraftPart {
                        start: draft.text.len(),
                        face: context.face,
                        script: Script::Baseline,
                        picture: None,
                        mark: true,
                        link: Some(Arc::new(RunLink::NoteRef {
                            note: note.clone(),
                            reference: reference.clone(),
                        })),
                        note: Some(note.clone()),
                        code: false,
                        decoration: Decoration::None,
                    });
                    draft.text.push_str(number);
                }
                Piece::Picture {
                    path,
                    format,
                    aspect,
                    context,
                } => {
                    // A word of its own: no break inside it, spaces around it as written.
                    finish(&mut draft, &mut tokens);
                    draft.plain = *plain;
                    draft.parts.push(DraftPart {
                        start: 0,
                        face: context.face,
                        script: Script::Baseline,
                        picture: Some((path.clone(), *format, *aspect)),
                        mark: false,
                        link: context.link.clone(),
                        note: None,
                        code: false,
                        decoration: context.decoration,
                    });
                    draft.text.push(PICTURE_CHAR);
                    finish(&mut draft, &mut tokens);
                }
                Piece::Text { text, context } => {
                    for (at, c) in text.char_indices() {
                        if is_break_space(c) {
                            finish(&mut draft, &mut tokens);
                            let size = if context.code {
                                spec.size * CODE_SCALE
                            } else {
                                spec.size
                            };
                            let width = self.space_width(context.face, size);
                            tokens.push(Token::Space(width));
                            continue;
                        }
                        if c == '\u{ad}' {
                            draft.shy.push(draft.text.len());
                            continue;
                        }
                        if draft.parts.is_empty() {
                            draft.plain = plain + at;
                        }
                        let face = self.face_for(context.face, c, &mut missing);
                        let same = draft.parts.last().is_some_and(|p| {
                            p.face == face
                                && !p.mark
                                && p.link == context.link
                                && p.script == context.script
                                && p.code == context.code
                                && p.decoration == context.decoration
                        });
                        if !same {
                            draft.parts.push(DraftPart {
                                start: draft.text.len(),
                                face,
                                script: context.script,
                                picture: None,
                                mark: false,
                                link: context.link.clone(),
                                note: None,
                                code: context.code,
                                decoration: context.decoration,
                            });
                        }
                        draft.text.push(c);
                    }
                }
            }
        }
        finish(&mut draft, &mut tokens);
        for (c, face) in missing {
            warnings.push(self.missing_glyph(c, face, at));
        }
        // Spaces collapse, and none begins or ends the paragraph or a line broken by hand.
        let mut out: Vec<Token> = Vec::with_capacity(tokens.len());
        for token in tokens {
            let after_word = matches!(out.last(), Some(Token::Word(_)));
            match token {
                Token::Space(_) if !after_word => {}
                Token::LineBreak if matches!(out.last(), Some(Token::Space(_))) => {
                    out.pop();
                    out.push(token);
                }
                _ => out.push(token),
            }
        }
        // A hard break (or a space) at the very end would only leave an empty last line.
        while matches!(out.last(), Some(Token::Space(_) | Token::LineBreak)) {
            out.pop();
        }
        out
    }

    /// The face that sets `c`: the wanted one, else the first of the fallback chain that has
    /// it, else the wanted one with a warning (recorded in `missing`).
    pub(super) fn face_for(
        &mut self,
        face: FaceId,
        c: char,
        missing: &mut BTreeSet<(char, FaceId)>,
    ) -> FaceId {
        if c.is_control() || self.shaper.covers(face, c) {
            return face;
        }
        let fonts = self.fonts();
        if let Some(found) = fonts.fallbacks(face).find(|&f| self.shaper.covers(f, c)) {
            return found;
        }
        missing.insert((c, face));
        face
    }

    /// The warning for a character no face of the chain has: the character, its script, the
    /// faces asked, and how to add one that has it.
    pub(super) fn missing_glyph(
        &self,
        c: char,
        face: FaceId,
        at: Option<SourcePos>,
    ) -> TextWarning {
        let fonts = self.fonts();
        let chain: Vec<&str> = fonts.fallbacks(face).map(|f| fonts.file_name(f)).collect();
        TextWarning {
            at,
            message: format!(
                "the font {} has no glyph for {c:?} (U+{:04X}, {}), nor has any fallback font ({})",
                fonts.file_name(face),
                u32::from(c),
                script_name(c),
                chain.join(", ")
            ),
            hint: Some(
                "add a font that has it to the style's [fonts]: fallback = [\"YourFont.ttf\"] \
                 (the file beside the style or in fonts/ next to it); it is asked before the built-in ones"
                    .to_owned(),
            ),
        }
    }

    /// A picture at text height, and the blank glyph as wide as it that holds its place.
    fn picture_box(
        &self,
        path: &std::path::Path,
        format: ImageFormat,
        aspect: f64,
        face: FaceId,
        size: Pt,
    ) -> (InlinePicture, Arc<Shaped>) {
        let height = size * PICTURE_HEIGHT_EM;
        let width = height * aspect;
        let advance = (width.0 / self.fonts().scale(face, size)).round() as i32;
        let shaped = Shaped {
            text: PICTURE_CHAR.to_string(),
            glyphs: vec![UnitGlyph {
                id: 0,
                advance,
                x_offset: 0,
                y_offset: 0,
                cluster: 0,
            }],
        };
        let picture = InlinePicture {
            path: path.to_path_buf(),
            format,
            height,
        };
        (picture, Arc::new(shaped))
    }

    /// Shapes a word's segments and keeps the breaks that fall on cluster boundaries.
    pub(super) fn build_word(&mut self, draft: Draft, spec: &ParagraphSpec) -> Word {
        let mut segments: Vec<Segment> = Vec::with_capacity(draft.parts.len());
        for (i, part) in draft.parts.iter().enumerate() {
            let end = draft.parts.get(i + 1).map_or(draft.text.len(), |p| p.start);
            let text = &draft.text[part.start..end];
            let mut features = Features {
                oldstyle_figures: spec.oldstyle_figures,
                ..Features::default()
            };
            let (mut size, mut rise) = (spec.size, Pt::ZERO);
            if part.mark {
                if self.shaper.has_superiors(part.face) {
                    features.superscript = true;
                } else {
                    size = spec.size * MARK_SCALE;
                    rise = spec.size * MARK_RISE;
                }
                features.oldstyle_figures = false;
            } else if part.code {
                size = spec.size * CODE_SCALE;
                features.oldstyle_figures = false;
            }
            if !part.mark && part.script == Script::Small {
                size = size * ADDRESS_SCALE;
            } else if !part.mark && part.script != Script::Baseline {
                size = size * MARK_SCALE;
                rise = match part.script {
                    Script::Subscript => spec.size * -SUBSCRIPT_DROP,
                    _ => spec.size * MARK_RISE,
                };
            }
            let (picture, shaped) = match &part.picture {
                Some((path, format, aspect)) => {
                    let (picture, shaped) =
                        self.picture_box(path, *format, *aspect, part.face, size);
                    (Some(Arc::new(picture)), shaped)
                }
                None => (None, self.shaper.shape(part.face, features, text)),
            };
            segments.push(Segment {
                start: part.start,
                face: part.face,
                size,
                rise,
                features,
                link: part.link.clone(),
                note: part.note.clone(),
                picture,
                code: part.code,
                decoration: part.decoration,
                shaped,
            });
        }
        let breaks = if draft.shy.is_empty() {
            let mut breaks: Vec<(usize, BreakKind)> = self
                .breaks
                .breaks(self.hyphenator, &draft.text, spec.hyphenate)
                .into_iter()
                .map(|b| (b.at, b.kind))
                .collect();
            breaks.retain(|&(at, _)| at > 0 && at < draft.text.len());
            breaks
        } else {
            let mut shy = draft.shy.clone();
            shy.dedup();
            let mut breaks: Vec<(usize, BreakKind)> = self
                .breaks
                .breaks(self.hyphenator, &draft.text, false)
                .into_iter()
                .map(|b| (b.at, b.kind))
                .collect();
            if spec.hyphenate {
                breaks.extend(shy.into_iter().map(|at| (at, BreakKind::Soft)));
            }
            breaks.sort_by_key(|b| b.0);
            breaks.retain(|&(at, _)| at > 0 && at < draft.text.len());
            breaks
        };
        let usable = |at: usize| {
            segments.iter().any(|s| {
                let inside = s.start < at && at < s.end() && s.shaped.is_boundary(at - s.start);
                let edge = s.end() == at;
                s.note.is_none() && !(s.code && inside) && (inside || edge)
            }) && !segments.iter().any(|s| s.note.is_some() && s.start == at)
        };
        let breaks = breaks.into_iter().filter(|&(at, _)| usable(at)).collect();
        Word {
            segments,
            breaks,
            plain: draft.plain,
        }
    }
}

/// What a character is, for a message: its script (`Greek script`), or a symbol, a combining
/// mark, an unassigned code point.
fn script_name(c: char) -> String {
    use unicode_script::{Script as UScript, UnicodeScript};
    match c.script() {
        UScript::Common => "a symbol".to_owned(),
        UScript::Inherited => "a combining mark".to_owned(),
        UScript::Unknown => "an unassigned character".to_owned(),
        script => format!("{} script", script.full_name()),
    }
}

/// Whether a link's text already is its address (a bare URL, with or without its scheme).
fn shows_address(content: &[Inline], url: &str) -> bool {
    let text = crate::model::plain_text(content);
    let bare = |s: &str| -> String {
        let s = s.trim().trim_end_matches('/');
        ["https://", "http://", "mailto:"]
            .iter()
            .find_map(|scheme| s.strip_prefix(scheme))
            .unwrap_or(s)
            .to_owned()
    };
    bare(&text) == bare(url)
}

/// A space that separates words: any white space except the no-break ones.
fn is_break_space(c: char) -> bool {
    c.is_whitespace() && !matches!(c, '\u{a0}' | '\u{202f}' | '\u{2007}' | '\u{2060}')
}

pub(super) fn flatten(inlines: &[Inline], context: &Context, out: &mut Pieces) {
    for inline in inlines {
        match inline {
            Inline::Text { text } => out.push(Piece::Text {
                text: text.clone(),
                context: context.clone(),
            }),
            Inline::Code { text } => out.push(Piece::Text {
                text: text.clone(),
                context: Context {
                    face: FaceId::Mono,
                    code: true,
                    ..context.clone()
                },
            }),
            Inline::Emphasis { content } => {
                // Emphasis inside italic is upright again, as in any book.
                let face = match context.face {
                    FaceId::Regular => context.emphasis,
                    FaceId::Italic => FaceId::Regular,
                    FaceId::Bold => FaceId::BoldItalic,
                    FaceId::BoldItalic => FaceId::Bold,
                    other @ (FaceId::Mono | FaceId::Fallback { .. }) => other,
                };
                flatten(
                    content,
                    &Context {
                        face,
                        ..context.clone()
                    },
                    out,
                );
            }
            Inline::Strong { content } => {
                let face = match context.face {
                    FaceId::Regular => context.strong,
                    FaceId::Bold => FaceId::Bold,
                    FaceId::Italic | FaceId::BoldItalic => FaceId::BoldItalic,
                    other @ (FaceId::Mono | FaceId::Fallback { .. }) => other,
                };
                flatten(
                    content,
                    &Context {
                        face,
                        ..context.clone()
                    },
                    out,
                );
            }
            Inline::LineBreak => out.push(Piece::LineBreak),
            Inline::Superscript { content } | Inline::Subscript { content } => {
                let script = match inline {
                    Inline::Subscript { .. } => Script::Subscript,
                    _ => Script::Superscript,
                };
                flatten(
                    content,
                    &Context {
                        script,
                        ..context.clone()
                    },
                    out,
                );
            }
            Inline::Language { content, .. } | Inline::Abbreviation { content, .. } => {
                flatten(content, context, out)
            }
            Inline::Strikethrough { content } => flatten(
                content,
                &Context {
                    decoration: Decoration::Strikethrough,
                    ..context.clone()
                },
                out,
            ),
            Inline::Anchor { .. } => {}
            Inline::Image {
                image:
                    Image::Present {
                        path,
                        format,
                        width_px,
                        height_px,
                    },
                ..
            } => out.push(Piece::Picture {
                path: path.clone(),
                format: *format,
                aspect: f64::from((*width_px).max(1)) / f64::from((*height_px).max(1)),
                context: context.clone(),
            }),
            // A picture not supplied yet: its text alternative in brackets holds its place (the
            // brackets are not in the plain text).
            Inline::Image { alt, .. } => {
                let text = |text: &str| Piece::Text {
                    text: text.to_owned(),
                    context: context.clone(),
                };
                out.push(text("["));
                out.push(text(alt));
                out.plain += alt.len();
                out.push(text("]"));
                continue;
            }
            Inline::Link { target, content } => {
                let link = Some(Arc::new(match target {
                    LinkTarget::Internal { id, .. } => RunLink::Internal { id: id.clone() },
                    LinkTarget::External { url } => RunLink::External { url: url.clone() },
                }));
                let linked = Context {
                    link,
                    ..context.clone()
                };
                flatten(content, &linked, out);
                if let LinkTarget::External { url } = target {
                    if context.addresses == LinkAddresses::After && !shows_address(content, url) {
                        // A space the line may break at, then the address, smaller.
                        out.push(Piece::Text {
                            text: " ".to_owned(),
                            context: linked.clone(),
                        });
                        out.push(Piece::Text {
                            text: url.clone(),
                            context: Context {
                                script: Script::Small,
                                ..linked
                            },
                        });
                    }
                }
            }
            Inline::NoteRef { id, note, number } => out.push(Piece::Mark {
                number: number.to_string(),
                note: note.clone(),
                reference: id.clone(),
                context: context.clone(),
            }),
        }
        // A container's children have moved the offset on; a leaf moves it by its own text.
        out.plain += inline.own_text().len();
    }
}
