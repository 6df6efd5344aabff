//! Markdown to blocks: one file's pulldown-cmark events into headings, model blocks and footnote
//! definitions. Nothing outside this module sees pulldown-cmark.
//!
//! Footnote references and internal links come out unresolved: a `NoteRef` carries the label in
//! `note` and number 0, an internal link carries `chapter: usize::MAX`. The `resolve` stage numbers
//! the notes per chapter and points the links at their chapters once every anchor is known.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::figure;
use super::text::{smarten, LineIndex};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Block, Figure, Inline, LinkTarget, ListItem, ListKind, SourcePos};

/// A chapter boundary or a block, in file order.
#[derive(Debug)]
pub enum Item {
    Heading(Heading),
    Block(Block),
}

#[derive(Debug)]
pub struct Heading {
    /// 1 for `#`, 2 for `##` ...
    pub level: u8,
    pub id: Option<String>,
    /// `{.unnumbered}` on the heading.
    pub unnumbered: bool,
    pub title: Vec<Inline>,
    pub at: SourcePos,
}

#[derive(Debug)]
pub struct Definition {
    pub blocks: Vec<Block>,
    pub at: SourcePos,
}

/// One Markdown file, converted.
#[derive(Debug, Default)]
pub struct FileDoc {
    pub items: Vec<Item>,
    pub definitions: BTreeMap<String, Definition>,
    /// Every internal link (`#id`) with its position, for the check that its target exists.
    pub links: Vec<(String, SourcePos)>,
}

/// The Markdown dialect of a manuscript (see the README).
pub(super) fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Converts the Markdown `source` of `file` (shown in messages) in the book folder `dir`.
pub fn convert(source: &str, file: &Path, dir: &Path, diags: &mut Diagnostics) -> FileDoc {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, options())
        .into_offset_iter()
        .collect();
    let mut converter = Converter {
        events,
        next: 0,
        source,
        index: LineIndex::new(source),
        file,
        dir,
        diags,
        doc: FileDoc::default(),
    };
    converter.document();
    converter.doc
}

struct Converter<'s, 'd> {
    events: Vec<(Event<'s>, Range<usize>)>,
    next: usize,
    source: &'s str,
    index: LineIndex<'s>,
    file: &'d Path,
    dir: &'d Path,
    diags: &'d mut Diagnostics,
    doc: FileDoc,
}

impl<'s> Converter<'s, '_> {
    fn pos(&self, offset: usize) -> SourcePos {
        self.index.pos(offset)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let d = Diagnostic::error(self.file, Some(self.pos(offset)), message);
        self.diags.push(d);
    }

    fn error_with_hint(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::error(self.file, Some(self.pos(offset)), message).with_hint(hint);
        self.diags.push(d);
    }

    fn peek(&self) -> Option<&(Event<'s>, Range<usize>)> {
        self.events.get(self.next)
    }

    fn take(&mut self) -> Option<(Event<'s>, Range<usize>)> {
        let event = self.events.get(self.next).cloned();
        self.next += 1;
        event
    }

    fn document(&mut self) {
        while let Some((event, range)) = self.peek().cloned() {
            if let Event::Start(Tag::Heading {
                level, id, classes, ..
            }) = event
            {
                self.next += 1;
                let title = self.inlines(TagEnd::Heading(level));
                let heading = Heading {
                    level: heading_level(level),
                    id: id.map(|s| s.to_string()),
                    unnumbered: classes.iter().any(|c| c.as_ref() == "unnumbered"),
                    title,
                    at: self.pos(range.start),
                };
                self.doc.items.push(Item::Heading(heading));
            } else if let Some(block) = self.block() {
                self.doc.items.push(Item::Block(block));
            }
        }
    }

    /// Blocks up to (and consuming) `end`.
    fn blocks(&mut self, end: TagEnd) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.peek() {
            if *event == Event::End(end) {
                self.next += 1;
                break;
            }
            if let Some(block) = self.block() {
                out.push(block);
            }
        }
        out
    }

    /// The block starting at the next event; `None` for things that are not blocks of their own
    /// (footnote definitions, HTML comments) and for events reported as errors.
    fn block(&mut self) -> Option<Block> {
        let (event, range) = self.peek()?.clone();
        if is_inline(&event) {
            // A tight list item holds its text without a paragraph around it.
            let content = self.loose_inlines();
            return Some(Block::Paragraph {
                content,
                at: self.pos(range.start),
            });
        }
        self.next += 1;
        match event {
            Event::Start(Tag::Paragraph) => Some(self.paragraph(range)),
            Event::Start(Tag::Heading { level, .. }) => {
                let content = self.inlines(TagEnd::Heading(level));
                self.error_with_hint(
                    range.start,
                    "a heading inside a quote, list or note is not supported",
                    "headings start chapters and sections: move it out, or make it bold text",
                );
                Some(Block::Paragraph {
                    content,
                    at: self.pos(range.start),
                })
            }
            Event::Start(Tag::BlockQuote(_)) => {
                let mut blocks = self.blocks(TagEnd::BlockQuote(None));
                let attribution = take_attribution(&mut blocks);
                Some(Block::Quote {
                    blocks,
                    attribution,
                })
            }
            Event::Start(Tag::List(start)) => {
                let kind = match start {
                    Some(n) => ListKind::Ordered {
                        start: u32::try_from(n).unwrap_or(u32::MAX),
                    },
                    None => ListKind::Bullet,
                };
                let mut items = Vec::new();
                while let Some((event, _)) = self.take() {
                    match event {
                        Event::Start(Tag::Item) => items.push(ListItem {
                            blocks: self.blocks(TagEnd::Item),
                        }),
                        Event::End(TagEnd::List(_)) => break,
                        _ => {}
                    }
                }
                Some(Block::List { kind, items })
            }
            Event::Start(Tag::CodeBlock(_)) => {
                let mut text = String::new();
                while let Some((event, _)) = self.take() {
                    match event {
                        Event::Text(t) => text.push_str(&t),
                        Event::End(TagEnd::CodeBlock) => break,
                        _ => {}
                    }
                }
                Some(Block::CodeBlock { text })
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let blocks = self.blocks(TagEnd::FootnoteDefinition);
                let label = label.to_string();
                let at = self.pos(range.start);
                let duplicate = match self.doc.definitions.entry(label) {
                    Entry::Occupied(entry) => Some(entry.key().clone()),
                    Entry::Vacant(entry) => {
                        entry.insert(Definition { blocks, at });
                        None
                    }
                };
                if let Some(label) = duplicate {
                    self.error(
                        range.start,
                        format!("footnote `[^{label}]` is defined twice"),
                    );
                }
                None
            }
            Event::Start(Tag::HtmlBlock) => {
                while let Some((event, r)) = self.take() {
                    match event {
                        Event::Html(html) => self.html(&html, r.start),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                None
            }
            Event::Rule => Some(Block::ThematicBreak),
            Event::Start(tag) => {
                // Markdown extensions that are not enabled never arrive; skip anything else whole.
                let end = tag.to_end();
                self.error(range.start, "this Markdown construct is not supported");
                self.skip_to(end);
                None
            }
            _ => None,
        }
    }

    fn skip_to(&mut self, end: TagEnd) {
        while let Some((event, _)) = self.take() {
            if event == Event::End(end) {
                break;
            }
        }
    }

    fn html(&mut self, html: &str, offset: usize) {
        let trimmed = html.trim();
        if trimmed.is_empty() || (trimmed.starts_with("<!--") && trimmed.ends_with("-->")) {
            return;
        }
        self.error_with_hint(offset, "raw HTML is not supported", "it would reach neither the PDF nor a valid EPUB: write it in Markdown, or in an HTML comment <!-- --> to keep it out of the book");
    }

    /// A paragraph, or a figure when an image stands alone in it.
    fn paragraph(&mut self, range: Range<usize>) -> Block {
        if let Some(figure) = self.figure() {
            return Block::Figure(figure);
        }
        let content = self.inlines(TagEnd::Paragraph);
        Block::Paragraph {
            content,
            at: self.pos(range.start),
        }
    }

    /// When the paragraph just opened holds one image and nothing but white space, consumes it
    /// and returns the figure.
    fn figure(&mut self) -> Option<Figure> {
        let (event, range) = self.peek()?.clone();
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = event
        else {
            return None;
        };
        // Find the image's end, then check that only white space follows before the paragraph ends.
        let mut depth = 0;
        let mut end = self.next;
        for (i, (e, _)) in self.events.iter().enumerate().skip(self.next) {
            match e {
                Event::Start(Tag::Image { .. }) => depth += 1,
                Event::End(TagEnd::Image) => {
                    depth -= 1;
                    if depth == 0 {
                        end = i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let mut after = end + 1;
        while let Some((e, _)) = self.events.get(after) {
            match e {
                Event::Text(t) if t.trim().is_empty() => after += 1,
                Event::SoftBreak => after += 1,
                _ => break,
            }
        }
        if !matches!(
            self.events.get(after),
            Some((Event::End(TagEnd::Paragraph), _))
        ) {
            return None;
        }
        self.next += 1;
        let caption = self.inlines(TagEnd::Image);
        self.next = after + 1;
        let at = self.pos(range.start);
        let image = figure::locate(&dest_url, self.dir, self.file, at, self.diags);
        let credit = Some(title.trim())
            .filter(|t| !t.is_empty())
            .map(|t| vec![Inline::Text { text: smarten(t) }]);
        if caption.is_empty() {
            self.error_with_hint(
                range.start,
                "a figure needs a caption",
                "write it as the image's alt text: ![A caption](path \"Credit\")",
            );
        }
        Some(Figure {
            id: String::new(),
            image,
            caption,
            credit,
            at,
        })
    }

    /// Inline events that stand directly in a block (tight list items), up to the next block event.
    fn loose_inlines(&mut self) -> Vec<Inline> {
        let mut out = Inlines::default();
        while let Some((event, _)) = self.peek() {
            if !is_inline(event) {
                break;
            }
            self.inline(&mut out);
        }
        self.finish(out)
    }

    /// Inlines up to (and consuming) `end`.
    fn inlines(&mut self, end: TagEnd) -> Vec<Inline> {
        let mut out = Inlines::default();
        while let Some((event, _)) = self.peek() {
            if *event == Event::End(end) {
                self.next += 1;
                break;
            }
            if !is_inline(event) {
                // Malformed nesting cannot come out of pulldown-cmark; stop rather than loop.
                break;
            }
            self.inline(&mut out);
        }
        self.finish(out)
    }

    fn finish(&mut self, mut out: Inlines) -> Vec<Inline> {
        self.flush(&mut out);
        out.items
    }

    /// Converts one inline event (with everything nested in it) into `out`.
    fn inline(&mut self, out: &mut Inlines) {
        let Some((event, range)) = self.take() else {
            return;
        };
        match event {
            Event::Text(text) => out.push_text(&text, range),
            Event::SoftBreak => out.push_text(" ", range),
            Event::HardBreak => {
                self.flush(out);
                out.items.push(Inline::LineBreak);
            }
            Event::Code(text) => {
                self.flush(out);
                out.items.push(Inline::Code {
                    text: text.to_string(),
                });
            }
            Event::FootnoteReference(label) => {
                self.flush(out);
                out.items.push(Inline::NoteRef {
                    id: String::new(),
                    note: label.to_string(),
                    number: 0,
                });
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                self.flush(out);
                self.html(&html, range.start);
            }
            Event::Start(Tag::Emphasis) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Emphasis);
                out.items.push(Inline::Emphasis { content });
            }
            Event::Start(Tag::Strong) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Strong);
                out.items.push(Inline::Strong { content });
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Link);
                let target = self.link_target(&dest_url, range.start);
                out.items.push(Inline::Link { target, content });
            }
            Event::Start(Tag::Image { .. }) => {
                self.flush(out);
                let alt = self.inlines(TagEnd::Image);
                self.error_with_hint(range.start, "an image inside running text is not supported", "a figure is an image alone in its paragraph: put a blank line before and after it");
                out.items.extend(alt);
            }
            Event::Start(tag) => {
                let end = tag.to_end();
                self.error(range.start, "this Markdown construct is not supported");
                self.skip_to(end);
            }
            _ => {}
        }
    }

    fn link_target(&mut self, dest: &str, offset: usize) -> LinkTarget {
        if let Some(id) = dest.strip_prefix('#') {
            self.doc.links.push((id.to_owned(), self.pos(offset)));
            return LinkTarget::Internal {
                id: id.to_owned(),
                chapter: usize::MAX,
            };
        }
        let has_scheme = dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
        if !has_scheme {
            self.error_with_hint(offset, format!("link to `{dest}` is neither a heading id nor a web address"), "link to a chapter or section as [text](#its-id), or give a full address such as https://...");
        }
        LinkTarget::External {
            url: dest.to_owned(),
        }
    }

    /// Ends the pending text run, checking it for footnote references that have no definition
    /// (pulldown-cmark leaves `[^label]` as literal text when the label is undefined).
    fn flush(&mut self, out: &mut Inlines) {
        let Some((text, range)) = out.pending.take() else {
            return;
        };
        let raw = self.source.get(range.clone()).unwrap_or("");
        let mut search = 0;
        while let Some(found) = raw[search..].find("[^") {
            let start = search + found;
            search = start + 2;
            if raw[..start].ends_with('\\') {
                continue;
            }
            let rest = &raw[start + 2..];
            let Some(close) = rest.find(']') else { break };
            let label = &rest[..close];
            if !label.is_empty() && !label.contains(char::is_whitespace) {
                self.error_with_hint(
                    range.start + start,
                    format!("footnote `[^{label}]` has no definition"),
                    format!("define it in the same file: [^{label}]: The note’s text."),
                );
            }
        }
        out.items.push(Inline::Text { text });
    }
}

/// Inline output with a pending run of text, so adjacent text events merge into one `Text`.
#[derive(Default)]
struct Inlines {
    items: Vec<Inline>,
    pending: Option<(String, Range<usize>)>,
}

impl Inlines {
    fn push_text(&mut self, text: &str, range: Range<usize>) {
        match &mut self.pending {
            Some((pending, r)) => {
                pending.push_str(text);
                r.end = r.end.max(range.end);
            }
            None => self.pending = Some((text.to_owned(), range)),
        }
    }
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Superscript
                | Tag::Subscript
                | Tag::Link { .. }
                | Tag::Image { .. }
        ),
        _ => false,
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Takes the last paragraph of a quote as its attribution when it starts with an em dash.
fn take_attribution(blocks: &mut Vec<Block>) -> Option<Vec<Inline>> {
    if blocks.len() < 2 {
        return None;
    }
    let Some(Block::Paragraph { content, .. }) = blocks.last() else {
        return None;
    };
    let Some(Inline::Text { text }) = content.first() else {
        return None;
    };
    let rest = text.strip_prefix('\u{2014}')?.trim_start().to_owned();
    let Some(Block::Paragraph { mut content, .. }) = blocks.pop() else {
        return None;
    };
    if rest.is_empty() {
        content.remove(0);
    } else {
        content[0] = Inline::Text { text: rest };
    }
    Some(content)
}
