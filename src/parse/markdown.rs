//! Markdown to blocks: one file's pulldown-cmark events into headings, model blocks and footnote
//! definitions. Nothing outside the parser sees pulldown-cmark.
//!
//! Footnote references and internal links come out unresolved: a `NoteRef` carries the note's
//! label (normalised as CommonMark matches labels) in `note` and number 0, an internal link carries
//! `chapter: usize::MAX`. The `resolve` stage numbers the notes per chapter and points the links
//! at their chapters once every anchor is known. Raw HTML is mapped here too (inline tags) and in
//! `htmlblock` (HTML blocks); `inlines` holds the inline builder both use.

use std::collections::btree_map::Entry;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::constructs::scripts;
use super::figure;
use super::frontmatter::{self, Dialect, FrontMatter};
use super::html::Dropped;
use super::inlines::Inlines;
use super::links::{classify, Dest};
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
    /// The label as the author wrote it at the definition.
    pub label: String,
    pub blocks: Vec<Block>,
    pub at: SourcePos,
}

/// One Markdown file, converted.
#[derive(Debug, Default)]
pub struct FileDoc {
    pub items: Vec<Item>,
    /// Footnote definitions by normalised label ([`note_label`]).
    pub definitions: BTreeMap<String, Definition>,
    /// Every link to an id (`#id`, `file.md#id`) with its position, to check that its target exists.
    pub links: Vec<(String, SourcePos)>,
    /// Ids set in running text (`<a id="x">`), with their positions.
    pub anchors: Vec<(String, SourcePos)>,
    /// The metadata block at the top of the file (YAML, TOML, or headings `# Title: ...`).
    pub front_matter: FrontMatter,
}

/// A Markdown image's alt text as inlines and its title, kept for when it makes a figure.
#[derive(Debug)]
struct ImageParts {
    caption: Vec<Inline>,
    credit: Option<String>,
}

/// Where a file sits in its book: its path for messages, its name relative to the book folder,
/// the book folder, and every chapter file of the book (for links between them).
#[derive(Debug, Clone, Copy)]
pub struct FileContext<'a> {
    pub path: &'a Path,
    pub name: &'a str,
    pub dir: &'a Path,
    pub files: &'a [String],
}

/// The prefix of the placeholder id a link to a whole chapter file carries until `resolve`
/// replaces it by the id of the chapter where that file begins. `\u{1}` is in no valid id.
pub const FILE_LINK_PREFIX: &str = "\u{1}file:";

/// A footnote label as CommonMark matches it: case-folded, inner white space collapsed.
pub fn note_label(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The Markdown dialect of a manuscript (see the README): CommonMark with footnotes, smart
/// punctuation, heading attributes, metadata blocks, GFM tables, strikethrough (`~~x~~`) and task
/// lists, definition lists, and subscripts (`~x~`). Superscripts (`^x^`), subscripts inside words
/// (`H~2~O`) and pandoc's inline notes (`^[...]`) are read by the converter itself
/// (`constructs`): pulldown-cmark's superscript would take the `^` of an inline note for one,
/// and neither of its scripts may stand inside a word.
pub(super) fn options() -> Options {
    Options::ENABLE_FOOTNOTES
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_SUBSCRIPT
}

/// Converts the Markdown `source` of one file.
pub fn convert(source: &str, context: FileContext<'_>, diags: &mut Diagnostics) -> FileDoc {
    let mut events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, options())
        .into_offset_iter()
        .collect();
    let mut front_matter = FrontMatter::new();
    if let Some((Event::Start(Tag::MetadataBlock(kind)), range)) = events.first() {
        let text: String = events
            .iter()
            .take_while(|(e, _)| !matches!(e, Event::End(TagEnd::MetadataBlock(_))))
            .filter_map(|(e, _)| match e {
                Event::Text(t) => Some(t.as_ref()),
                _ => None,
            })
            .collect();
        let dialect = match kind {
            MetadataBlockKind::YamlStyle => Dialect::Yaml,
            MetadataBlockKind::PlusesStyle => Dialect::Toml,
        };
        let line = LineIndex::new(source).pos(range.start).line;
        if looks_like_metadata(&text, dialect) {
            front_matter = frontmatter::read(&text, dialect, context.path, line + 1, diags);
        } else {
            // `---` over text that is no `key: value` list is a rule and a setext heading.
            let plain = options()
                - Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
                - Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
            events = Parser::new_ext(source, plain).into_offset_iter().collect();
        }
    }
    let mut converter = Converter {
        events,
        next: 0,
        source,
        index: LineIndex::new(source),
        context,
        diags,
        doc: FileDoc {
            front_matter,
            ..FileDoc::default()
        },
        dropped: Dropped::default(),
        last_image: None,
        note_starts: Vec::new(),
    };
    converter.document();
    if let Some(warning) = converter.dropped.warning(context.path) {
        converter.diags.push(warning);
    }
    converter.doc
}

/// Whether a metadata block holds `key: value` lines (YAML) or `key = value` lines (TOML).
fn looks_like_metadata(text: &str, dialect: Dialect) -> bool {
    let separator = match dialect {
        Dialect::Yaml => ':',
        Dialect::Toml => '=',
    };
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|first| {
            first.split_once(separator).is_some_and(|(key, _)| {
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_alphanumeric() || "_-\"' ".contains(c))
            })
        })
}

pub(super) struct Converter<'s, 'd> {
    pub(super) events: Vec<(Event<'s>, Range<usize>)>,
    pub(super) next: usize,
    pub(super) source: &'s str,
    index: LineIndex<'s>,
    pub(super) context: FileContext<'d>,
    pub(super) diags: &'d mut Diagnostics,
    pub(super) doc: FileDoc,
    pub(super) dropped: Dropped,
    /// The caption and credit of the Markdown image converted last, for when it is a figure.
    last_image: Option<ImageParts>,
    /// Where each inline note still open starts (`constructs`).
    pub(super) note_starts: Vec<usize>,
}

impl<'s> Converter<'s, '_> {
    pub(super) fn pos(&self, offset: usize) -> SourcePos {
        self.index.pos(offset)
    }

    fn error(&mut self, offset: usize, message: impl Into<String>) {
        let d = Diagnostic::error(self.context.path, Some(self.pos(offset)), message);
        self.diags.push(d);
    }

    pub(super) fn warning_with_hint(
        &mut self,
        at: SourcePos,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d = Diagnostic::warning(self.context.path, Some(at), message).with_hint(hint);
        self.diags.push(d);
    }

    fn error_with_hint(
        &mut self,
        offset: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let d =
            Diagnostic::error(self.context.path, Some(self.pos(offset)), message).with_hint(hint);
        self.diags.push(d);
    }

    pub(super) fn peek(&self) -> Option<&(Event<'s>, Range<usize>)> {
        self.events.get(self.next)
    }

    pub(super) fn take(&mut self) -> Option<(Event<'s>, Range<usize>)> {
        let event = self.events.get(self.next).cloned();
        self.next += 1;
        event
    }

    fn document(&mut self) {
        self.skip_metadata_block();
        self.heading_metadata();
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
            } else {
                let mut blocks = Vec::new();
                self.block(&mut blocks);
                self.doc.items.extend(blocks.into_iter().map(Item::Block));
            }
        }
    }

    fn skip_metadata_block(&mut self) {
        if let Some((Event::Start(Tag::MetadataBlock(kind)), _)) = self.peek() {
            let end = TagEnd::MetadataBlock(*kind);
            self.next += 1;
            self.skip_to(end);
        }
    }

    /// A metadata block written as headings at the top of a file (`# Title: On Liberty`,
    /// `## Author: J. S. Mill`, `## Year: 1859`, then a rule), as some collections write them:
    /// read as front matter, so it never becomes a chapter.
    fn heading_metadata(&mut self) {
        let mut at = self.next;
        let mut found: Vec<(String, String, usize)> = Vec::new();
        while let Some((Event::Start(Tag::Heading { level, .. }), range)) = self.events.get(at) {
            let end = TagEnd::Heading(*level);
            let mut text = String::new();
            let mut i = at + 1;
            while let Some((event, _)) = self.events.get(i) {
                match event {
                    Event::End(e) if *e == end => break,
                    Event::Text(t) | Event::Code(t) => text.push_str(t),
                    _ => {}
                }
                i += 1;
            }
            let Some((key, value)) = text.split_once(':') else {
                break;
            };
            let key = key.trim().to_lowercase();
            let known = [
                "title", "subtitle", "author", "authors", "year", "date", "language",
            ];
            if !known.contains(&key.as_str()) || (found.is_empty() && key != "title") {
                break;
            }
            found.push((key, value.trim().to_owned(), range.start));
            at = i + 1;
        }
        if found.is_empty() {
            return;
        }
        if let Some((Event::Rule, _)) = self.events.get(at) {
            at += 1;
        }
        self.next = at;
        for (key, value, offset) in found {
            let key = if key == "year" {
                "date".to_owned()
            } else {
                key
            };
            let line = format!("{key}: {value:?}\n");
            let at = self.pos(offset);
            let fm =
                frontmatter::read(&line, Dialect::Yaml, self.context.path, at.line, self.diags);
            for (field, mut entry) in fm {
                entry.at = at;
                self.doc.front_matter.entry(field).or_insert(entry);
            }
        }
    }

    /// Blocks up to (and consuming) `end`.
    pub(super) fn blocks(&mut self, end: TagEnd) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some((event, _)) = self.peek() {
            if *event == Event::End(end) {
                self.next += 1;
                break;
            }
            self.block(&mut out);
        }
        out
    }

    /// The block starting at the next event, into `out`. Footnote definitions and HTML comments
    /// add nothing; an HTML block may add several blocks.
    pub(super) fn block(&mut self, out: &mut Vec<Block>) {
        let Some((event, range)) = self.peek().cloned() else {
            return;
        };
        if is_inline(&event) {
            // A tight list item holds its text without a paragraph around it.
            let content = self.loose_inlines();
            out.push(self.paragraph_or_figure(content, range.start));
            return;
        }
        self.next += 1;
        let at = self.pos(range.start);
        match event {
            Event::Start(Tag::Paragraph) => {
                let content = self.inlines(TagEnd::Paragraph);
                out.push(self.paragraph_or_figure(content, range.start));
            }
            Event::Start(Tag::Heading { level, .. }) => {
                // Inside a quote, a list item or a note: kept in place, opening no section.
                let content = self.inlines(TagEnd::Heading(level));
                out.push(Block::Heading {
                    level: heading_level(level),
                    content,
                    at,
                });
            }
            Event::Start(Tag::BlockQuote(_)) => {
                let mut blocks = self.blocks(TagEnd::BlockQuote(None));
                let attribution = take_attribution(&mut blocks);
                out.push(Block::Quote {
                    blocks,
                    attribution,
                });
            }
            Event::Start(Tag::List(start)) => out.push(self.list(start)),
            Event::Start(Tag::CodeBlock(kind)) => out.push(self.code_block(&kind, at)),
            Event::Start(Tag::Table(alignments)) => out.push(self.table(&alignments, at)),
            Event::Start(Tag::DefinitionList) => self.definition_list(out),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let blocks = self.blocks(TagEnd::FootnoteDefinition);
                self.definition(label.to_string(), blocks, range.start);
            }
            Event::Start(Tag::HtmlBlock) => {
                let mut parts = Vec::new();
                while let Some((event, r)) = self.take() {
                    match event {
                        Event::Html(html) | Event::Text(html) => parts.push((html, r.start)),
                        Event::End(TagEnd::HtmlBlock) => break,
                        _ => {}
                    }
                }
                self.html_block(&parts, out);
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                self.html_block(&[(html, range.start)], out);
            }
            Event::Rule => out.push(Block::ThematicBreak),
            Event::Start(tag) => {
                // Markdown extensions that are not enabled never arrive; skip anything else whole.
                let end = tag.to_end();
                self.error(range.start, "this Markdown construct is not supported");
                self.skip_to(end);
            }
            _ => {}
        }
    }

    fn list(&mut self, start: Option<u64>) -> Block {
        let kind = match start {
            Some(n) => ListKind::Ordered {
                start: u32::try_from(n).unwrap_or(u32::MAX),
            },
            None => ListKind::Bullet,
        };
        let mut items = Vec::new();
        while let Some((event, _)) = self.take() {
            match event {
                Event::Start(Tag::Item) => {
                    let task = self.task_marker();
                    items.push(ListItem {
                        blocks: self.blocks(TagEnd::Item),
                        task,
                    });
                }
                Event::End(TagEnd::List(_)) => break,
                _ => {}
            }
        }
        Block::List { kind, items }
    }

    fn definition(&mut self, label: String, blocks: Vec<Block>, offset: usize) {
        let at = self.pos(offset);
        let duplicate = match self.doc.definitions.entry(note_label(&label)) {
            Entry::Occupied(_) => true,
            Entry::Vacant(entry) => {
                entry.insert(Definition {
                    label: label.clone(),
                    blocks,
                    at,
                });
                false
            }
        };
        if duplicate {
            self.error(offset, format!("footnote `[^{label}]` is defined twice"));
        }
    }

    pub(super) fn skip_to(&mut self, end: TagEnd) {
        while let Some((event, _)) = self.take() {
            if event == Event::End(end) {
                break;
            }
        }
    }

    /// A paragraph, or a figure when it holds one image and nothing but white space.
    fn paragraph_or_figure(&mut self, mut content: Vec<Inline>, offset: usize) -> Block {
        let at = self.pos(offset);
        let parts = self.last_image.take();
        let alone = content
            .iter()
            .filter(|i| !matches!(i, Inline::Text { text } if text.trim().is_empty()))
            .count()
            == 1;
        let position = content
            .iter()
            .position(|i| matches!(i, Inline::Image { .. }));
        if let (true, Some(index), Some(parts)) = (alone, position, parts) {
            if let Inline::Image { image, alt } = content.swap_remove(index) {
                let caption = Some(parts.caption).filter(|c| !c.is_empty());
                return self.figure(image, alt, caption, parts.credit, at);
            }
        }
        Block::Paragraph { content, at }
    }

    /// A figure: the caption is the `<figcaption>` or the Markdown alt text with its emphasis,
    /// else the plain alt text; the title is the credit.
    pub(super) fn figure(
        &mut self,
        image: crate::model::Image,
        alt: String,
        caption: Option<Vec<Inline>>,
        credit: Option<String>,
        at: SourcePos,
    ) -> Block {
        let caption = caption.unwrap_or_else(|| {
            if alt.trim().is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text { text: alt }]
            }
        });
        let credit = credit.map(|c| vec![Inline::Text { text: smarten(&c) }]);
        if caption.is_empty() {
            self.warning_with_hint(
                at,
                "a figure without a caption",
                "write one as the image's alt text: ![A caption](path \"Credit\")",
            );
        }
        Block::Figure(Figure {
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
    pub(super) fn inlines(&mut self, end: TagEnd) -> Vec<Inline> {
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
        out.close_all()
    }

    /// Converts one inline event (with everything nested in it) into `out`.
    fn inline(&mut self, out: &mut Inlines) {
        let Some((event, range)) = self.take() else {
            return;
        };
        match event {
            Event::Text(text) => self.text_event(&text, range, out),
            Event::SoftBreak => out.push_text(" ", range),
            Event::HardBreak => {
                self.flush(out);
                out.push(Inline::LineBreak);
            }
            Event::Code(text) => {
                self.flush(out);
                out.push(Inline::Code {
                    text: text.to_string(),
                });
            }
            Event::FootnoteReference(label) => {
                self.flush(out);
                out.push(Inline::NoteRef {
                    id: String::new(),
                    note: note_label(&label),
                    number: 0,
                });
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                self.flush(out);
                self.inline_html(&html, range.start, out);
            }
            Event::Start(Tag::Emphasis) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Emphasis);
                out.push(Inline::Emphasis { content });
            }
            Event::Start(Tag::Strong) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Strong);
                out.push(Inline::Strong { content });
            }
            Event::Start(Tag::Strikethrough) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Strikethrough);
                out.push(Inline::Strikethrough { content });
            }
            Event::Start(Tag::Subscript) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Subscript);
                out.push(Inline::Subscript { content });
            }
            Event::Start(Tag::Superscript) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Superscript);
                out.push(Inline::Superscript { content });
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.flush(out);
                let content = self.inlines(TagEnd::Link);
                let at = self.pos(range.start);
                match self.link_target(&dest_url, at) {
                    Some(target) => out.push(Inline::Link { target, content }),
                    None => out.extend(content),
                }
            }
            Event::Start(Tag::Image {
                dest_url, title, ..
            }) => {
                self.flush(out);
                let caption = self.inlines(TagEnd::Image);
                let alt = crate::model::plain_text(&caption);
                let at = self.pos(range.start);
                let image = figure::locate(&dest_url, self.context, at, self.diags);
                self.last_image = Some(ImageParts {
                    caption,
                    credit: Some(title.trim().to_owned()).filter(|t| !t.is_empty()),
                });
                out.push(Inline::Image { image, alt });
            }
            Event::Start(tag) => {
                let end = tag.to_end();
                self.error(range.start, "this Markdown construct is not supported");
                self.skip_to(end);
            }
            _ => {}
        }
    }

    /// What a link's address points at; `None` when the book cannot resolve it (a warning at
    /// `at`: the link's text is kept as text).
    pub(super) fn link_target(&mut self, dest: &str, at: SourcePos) -> Option<LinkTarget> {
        let context = self.context;
        match classify(dest, context.name, context.files) {
            Dest::Anchor { id } => {
                self.doc.links.push((id.clone(), at));
                Some(LinkTarget::Internal {
                    id,
                    chapter: usize::MAX,
                })
            }
            Dest::File { id: Some(id), .. } => {
                self.doc.links.push((id.clone(), at));
                Some(LinkTarget::Internal {
                    id,
                    chapter: usize::MAX,
                })
            }
            Dest::File { index, id: None } => Some(LinkTarget::Internal {
                id: format!("{FILE_LINK_PREFIX}{index}"),
                chapter: usize::MAX,
            }),
            Dest::External { url } => Some(LinkTarget::External { url }),
            Dest::Empty => {
                self.warning_with_hint(
                    at,
                    "a link without an address: its text is kept as text",
                    "give the address in the parentheses: [text](https://...) or [text](#an-id)",
                );
                None
            }
            Dest::Unresolvable { reason } => {
                self.warning_with_hint(
                    at,
                    format!("link to `{dest}`, {reason}: its text is kept as text"),
                    "link to a chapter (file.md or file.md#id), a heading (#id) or a full address (https://...); --strict makes this an error",
                );
                None
            }
        }
    }

    /// Ends the pending text run, checking it for footnote references that have no definition
    /// (pulldown-cmark leaves `[^label]` as literal text when the label is undefined).
    pub(super) fn flush(&mut self, out: &mut Inlines) {
        let Some((text, range)) = out.take_pending() else {
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
            let followed_by_colon = rest[close + 1..].starts_with(':');
            if !label.is_empty() && !label.contains(char::is_whitespace) && !followed_by_colon {
                self.error_with_hint(
                    range.start + start,
                    format!("footnote `[^{label}]` has no definition"),
                    format!("define it in the same file: [^{label}]: The note’s text."),
                );
            }
        }
        if raw.contains('\\') {
            // Escaped marks (`2\^10\^`) are text: the runs' text no longer shows which.
            out.push(Inline::Text { text });
        } else {
            out.extend(scripts(text));
        }
    }

    /// An `<a id>` or `<a name>` in running text: recorded for `resolve`.
    pub(super) fn anchor(&mut self, id: &str, at: SourcePos) -> Inline {
        self.doc.anchors.push((id.to_owned(), at));
        Inline::Anchor { id: id.to_owned() }
    }
}

pub(super) fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::TaskListMarker(_) => true,
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
