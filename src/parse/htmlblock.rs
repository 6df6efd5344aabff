//! Raw HTML to the model: inline tags inside Markdown paragraphs, and whole HTML blocks.
//!
//! The elements of prose map to the model (see [`Element`]); every other element is dropped and
//! counted for one warning per file, its text kept, except the content of `script` and `style`.
//! Comments, processing instructions and declarations are ignored, however many lines they span.
//! In an HTML block, text is HTML text: white space collapses, entities are decoded, and
//! punctuation is made typographic as Markdown's is.

use pulldown_cmark::CowStr;

use super::figure;
use super::html::{attr, tokenize, Element, Token};
use super::inlines::{FrameKind, Inlines};
use super::markdown::Converter;
use super::text::smarten;
use crate::model::{Block, Image, Inline, Lang, SourcePos};

/// What the paragraph being collected in an HTML block is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ParaKind {
    Normal,
    Heading {
        level: u8,
    },
    /// `<summary>`: a bold line.
    Summary,
    /// `<figcaption>`: the caption of the open figure.
    Caption,
}

/// An open `<figure>`: its picture and caption as they come.
#[derive(Debug, Default)]
struct FigureParts {
    image: Option<(Image, String)>,
    caption: Option<Vec<Inline>>,
    at: SourcePos,
}

/// The state of one HTML block's conversion.
struct BlockBuilder {
    blocks: Vec<Block>,
    inlines: Inlines,
    kind: ParaKind,
    /// Inside `<pre>`: its text so far.
    pre: Option<String>,
    figure: Option<FigureParts>,
    /// Where the paragraph being collected starts.
    at: SourcePos,
}

/// Unknown elements that sit inside a line of text; any other unknown element ends a paragraph.
const INLINE_UNKNOWN: &[&str] = &[
    "u", "ins", "mark", "small", "big", "q", "cite", "dfn", "var", "time", "font", "tt", "bdi",
    "bdo", "data", "ruby", "rt", "rp", "label", "wbr", "nobr",
];

impl Converter<'_, '_> {
    /// An inline HTML event inside a paragraph (usually one tag).
    pub(super) fn inline_html(&mut self, html: &str, offset: usize, out: &mut Inlines) {
        for token in tokenize(html) {
            match token {
                Token::Start {
                    name,
                    attrs,
                    self_closing,
                    offset: o,
                } => {
                    let at = self.pos(offset + o);
                    if !self.inline_start(&name, &attrs, self_closing, at, out) {
                        self.count_dropped(&name, at);
                    }
                }
                Token::End { name, .. } => out.close(&name),
                Token::Text { text, .. } | Token::Cdata { text, .. } => {
                    if !out.hidden() {
                        out.push(Inline::Text { text });
                    }
                }
                Token::Comment => {}
            }
        }
    }

    /// Counts an element that is not mapped (unless it is one the model knows as a block, which
    /// only ends or starts a paragraph).
    fn count_dropped(&mut self, name: &str, at: SourcePos) {
        if Element::of(name) == Element::Unknown {
            self.dropped.add(name, at);
        }
    }

    /// Opens (or, for a void element, adds) an inline element; false when it is no inline one.
    fn inline_start(
        &mut self,
        name: &str,
        attrs: &[(String, String)],
        self_closing: bool,
        at: SourcePos,
        out: &mut Inlines,
    ) -> bool {
        let element = Element::of(name);
        let kind = match element {
            Element::LineBreak => {
                out.push(Inline::LineBreak);
                return true;
            }
            Element::Image => {
                out.push(self.html_image(attrs, at));
                return true;
            }
            Element::Hidden => FrameKind::Hidden,
            Element::Emphasis => FrameKind::Emphasis,
            Element::Strong => FrameKind::Strong,
            Element::Superscript => FrameKind::Superscript,
            Element::Subscript => FrameKind::Subscript,
            Element::Strikethrough => FrameKind::Strikethrough,
            Element::Code => FrameKind::Code,
            Element::Abbreviation => FrameKind::Abbreviation {
                title: attr(attrs, "title").map(str::to_owned),
            },
            Element::Span => match attr(attrs, "lang").and_then(Lang::parse) {
                Some(lang) => FrameKind::Language { lang },
                None => FrameKind::Transparent,
            },
            Element::Anchor => {
                if let Some(id) = attr(attrs, "id").or_else(|| attr(attrs, "name")) {
                    let anchor = self.anchor(id, at);
                    out.push(anchor);
                }
                match attr(attrs, "href").and_then(|href| self.link_target(href, at)) {
                    Some(target) => FrameKind::Link { target },
                    None => FrameKind::Transparent,
                }
            }
            _ => return false,
        };
        if !self_closing && !Element::is_void(name) {
            out.open(name, kind);
        }
        true
    }

    /// `<img src alt>`: the picture, found as a Markdown image is.
    fn html_image(&mut self, attrs: &[(String, String)], at: SourcePos) -> Inline {
        let alt = attr(attrs, "alt").unwrap_or_default().to_owned();
        let image = match attr(attrs, "src") {
            Some(src) => figure::locate(src, self.context, at, self.diags),
            None => {
                self.warning_with_hint(
                    at,
                    "an <img> without src: set as a placeholder",
                    "name the picture's file: <img src=\"images/photo.jpg\" alt=\"...\">",
                );
                Image::Missing {
                    path: Default::default(),
                }
            }
        };
        Inline::Image { image, alt }
    }

    /// An HTML block (its lines with their offsets) into blocks.
    pub(super) fn html_block(&mut self, parts: &[(CowStr<'_>, usize)], out: &mut Vec<Block>) {
        let mut html = String::new();
        let mut segments: Vec<(usize, usize)> = Vec::new();
        for (text, offset) in parts {
            segments.push((html.len(), *offset));
            html.push_str(text);
        }
        let source_offset = |at: usize| {
            let i = segments.partition_point(|&(start, _)| start <= at).max(1) - 1;
            segments
                .get(i)
                .map_or(0, |&(start, source)| source + at - start)
        };
        let first = self.pos(segments.first().map_or(0, |s| s.1));
        let mut builder = BlockBuilder {
            blocks: Vec::new(),
            inlines: Inlines::default(),
            kind: ParaKind::Normal,
            pre: None,
            figure: None,
            at: first,
        };
        for token in tokenize(&html) {
            match token {
                Token::Start {
                    name,
                    attrs,
                    self_closing,
                    offset,
                } => {
                    let at = self.pos(source_offset(offset));
                    self.block_start(&mut builder, &name, &attrs, self_closing, at);
                }
                Token::End { name, .. } => self.block_end(&mut builder, &name),
                Token::Text { text, offset } | Token::Cdata { text, offset } => {
                    if builder.inlines.is_blank() && !text.trim().is_empty() {
                        builder.at = self.pos(source_offset(offset));
                    }
                    builder.text(&text);
                }
                Token::Comment => {}
            }
        }
        if let Some(text) = builder.pre.take() {
            // A `<pre>` left open where the HTML block ends (at a blank line).
            builder.blocks.push(Block::CodeBlock {
                text,
                language: None,
                at: builder.at,
            });
        }
        self.end_paragraph(&mut builder);
        if let Some(figure) = builder.figure.take() {
            self.end_figure(&mut builder, figure);
        }
        out.extend(builder.blocks);
    }

    fn block_start(
        &mut self,
        b: &mut BlockBuilder,
        name: &str,
        attrs: &[(String, String)],
        self_closing: bool,
        at: SourcePos,
    ) {
        let element = Element::of(name);
        if b.pre.is_some() && element != Element::Hidden {
            return;
        }
        if element.is_inline() || element == Element::Hidden {
            if b.inlines.is_blank() {
                b.at = at;
            }
            self.inline_start(name, attrs, self_closing, at, &mut b.inlines);
            return;
        }
        if element == Element::Unknown {
            self.dropped.add(name, at);
            if INLINE_UNKNOWN.contains(&name) {
                return;
            }
        }
        self.end_paragraph(b);
        b.at = at;
        match element {
            Element::Heading { level } => b.kind = ParaKind::Heading { level },
            Element::Summary => b.kind = ParaKind::Summary,
            Element::FigureCaption => b.kind = ParaKind::Caption,
            Element::Preformatted => b.pre = Some(String::new()),
            Element::Rule => b.blocks.push(Block::ThematicBreak),
            Element::Figure => {
                if let Some(open) = b.figure.take() {
                    self.end_figure(b, open);
                }
                b.figure = Some(FigureParts {
                    at,
                    ..FigureParts::default()
                });
            }
            _ => {}
        }
    }

    fn block_end(&mut self, b: &mut BlockBuilder, name: &str) {
        let element = Element::of(name);
        if let Some(text) = b.pre.as_mut() {
            if element == Element::Preformatted {
                let text = std::mem::take(text);
                b.pre = None;
                let text = text.strip_prefix('\n').unwrap_or(&text).to_owned();
                b.blocks.push(Block::CodeBlock {
                    text,
                    language: None,
                    at: b.at,
                });
            }
            return;
        }
        if element.is_inline() || element == Element::Hidden {
            b.inlines.close(name);
            return;
        }
        if element == Element::Unknown && INLINE_UNKNOWN.contains(&name) {
            return;
        }
        self.end_paragraph(b);
        if element == Element::Figure {
            if let Some(figure) = b.figure.take() {
                self.end_figure(b, figure);
            }
        }
    }

    /// Ends the paragraph being collected: a paragraph, a heading, a bold summary line, a
    /// caption, or a figure when it is one picture alone.
    fn end_paragraph(&mut self, b: &mut BlockBuilder) {
        let kind = std::mem::replace(&mut b.kind, ParaKind::Normal);
        if b.inlines.is_blank() {
            b.inlines = Inlines::default();
            return;
        }
        let mut content = std::mem::take(&mut b.inlines).close_all();
        trim(&mut content);
        let at = b.at;
        let block = match kind {
            ParaKind::Heading { level } => Block::Heading { level, content, at },
            ParaKind::Summary => Block::Paragraph {
                content: vec![Inline::Strong { content }],
                at,
            },
            ParaKind::Caption if b.figure.is_some() => {
                if let Some(figure) = b.figure.as_mut() {
                    figure.caption = Some(content);
                }
                return;
            }
            ParaKind::Caption | ParaKind::Normal => {
                if let [Inline::Image { .. }] = content.as_slice() {
                    let Some(Inline::Image { image, alt }) = content.pop() else {
                        return;
                    };
                    match b.figure.as_mut() {
                        Some(figure) if figure.image.is_none() => {
                            figure.image = Some((image, alt));
                            return;
                        }
                        _ => self.figure(image, alt, None, None, at),
                    }
                } else {
                    Block::Paragraph { content, at }
                }
            }
        };
        b.blocks.push(block);
    }

    fn end_figure(&mut self, b: &mut BlockBuilder, figure: FigureParts) {
        match figure.image {
            Some((image, alt)) => {
                let block = self.figure(image, alt, figure.caption, None, figure.at);
                b.blocks.push(block);
            }
            None => {
                if let Some(content) = figure.caption {
                    b.blocks.push(Block::Paragraph {
                        content,
                        at: figure.at,
                    });
                }
            }
        }
    }
}

impl BlockBuilder {
    /// Text of the block: kept raw in `<pre>`, else white space collapsed and punctuation made
    /// typographic.
    fn text(&mut self, text: &str) {
        if let Some(pre) = self.pre.as_mut() {
            pre.push_str(text);
            return;
        }
        if self.inlines.hidden() {
            return;
        }
        let collapsed = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
        let mut out = String::new();
        if text.starts_with(|c: char| c.is_ascii_whitespace()) {
            out.push(' ');
        }
        out.push_str(&smarten(&collapsed));
        if text.ends_with(|c: char| c.is_ascii_whitespace()) && !collapsed.is_empty() {
            out.push(' ');
        }
        self.inlines.push(Inline::Text { text: out });
    }
}

/// Drops white space at the start and end of a paragraph's content.
fn trim(content: &mut Vec<Inline>) {
    while matches!(content.first(), Some(Inline::Text { text }) if text.trim().is_empty()) {
        content.remove(0);
    }
    while matches!(content.last(), Some(Inline::Text { text }) if text.trim().is_empty()) {
        content.pop();
    }
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end().to_owned();
    }
}
