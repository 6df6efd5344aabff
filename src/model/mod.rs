//! The typeset model: the one contract between the parser and every backend.
//!
//! Everything a backend needs to render a book is here, and nothing of Markdown is: no backend may
//! depend on pulldown-cmark. The model is plain data with serde derives, so `samizdat model BOOK`
//! can print it as JSON. Maps are `BTreeMap` so that the JSON (and everything derived from it) comes
//! out in a stable order.

mod inline;
mod lang;
mod place;
mod table;

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub use inline::{plain_text, Inline, LinkTarget};
pub use table::{Alignment, DefinitionItem, TableCell, TableRow};

pub use lang::Lang;
pub use place::{Matter, PageStart, Place, PrintedPage, Step};

/// A whole book, ready for the backends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Book {
    pub metadata: Metadata,
    /// The style named by `book.toml` (a name in `styles/` or a path); backends load it themselves.
    pub style: String,
    /// Hyphenation settings that belong to the book rather than to its style.
    pub hyphenation: Hyphenation,
    /// The chapters in reading order. An opening section (text before the first `#` heading)
    /// is the first chapter, with `number: None` and `title: None`.
    pub chapters: Vec<Chapter>,
    /// Every figure's caption and credit, in reading order, for the picture-credits page.
    pub credits: Vec<Credit>,
    /// Every id a link may point at (chapters, sections, figures), with where it lives.
    pub anchors: BTreeMap<String, Anchor>,
}

/// Descriptive metadata, resolved: defaults applied and the identifier derived when absent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Metadata {
    pub title: String,
    pub subtitle: Option<String>,
    pub authors: Vec<String>,
    /// The book's language (`en`, `en-GB`, `ru`).
    pub language: Lang,
    /// `urn:isbn:...`, `urn:uuid:...` or any URI the author gave.
    pub identifier: String,
    /// The publication date as written (`1987` or `2003-03-05`).
    pub date: Option<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    pub subjects: Vec<String>,
    /// The modification time of this build, `YYYY-MM-DDThh:mm:ssZ`: from `SOURCE_DATE_EPOCH` when
    /// set, else from `date` (its first day at midnight UTC), else the Unix epoch. Never the clock.
    pub modified: String,
    /// The picture of the front cover (`[book] cover`), when the book names one; without it the
    /// cover is set from the metadata.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cover: Option<CoverPicture>,
}

/// A picture the book gives for its front cover: a JPEG or PNG file inside the book folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CoverPicture {
    /// Absolute (canonical), so backends can read it.
    pub path: PathBuf,
    pub format: ImageFormat,
    pub width_px: u32,
    pub height_px: u32,
}

impl Book {
    /// A book of `metadata` with no chapters yet, in the default style.
    pub fn new(metadata: Metadata) -> Book {
        Book {
            metadata,
            style: "default".to_owned(),
            hyphenation: Hyphenation::default(),
            chapters: Vec::new(),
            credits: Vec::new(),
            anchors: BTreeMap::new(),
        }
    }
}

impl Metadata {
    /// Metadata with a title and an identifier, and nothing else (modified at the Unix epoch):
    /// for documents samizdat makes itself and for tests.
    pub fn new(title: &str, identifier: &str) -> Metadata {
        Metadata {
            title: title.to_owned(),
            subtitle: None,
            authors: Vec::new(),
            language: Lang::english(),
            identifier: identifier.to_owned(),
            date: None,
            publisher: None,
            rights: None,
            description: None,
            subjects: Vec::new(),
            modified: "1970-01-01T00:00:00Z".to_owned(),
            cover: None,
        }
    }

    /// The title and subtitle as one line, for where a document has one title field (the PDF's
    /// Info and XMP, the e-book's colophon): "Russia: How the Bureaucracy Seized Power". A title
    /// that ends in its own punctuation ("Why?") takes the subtitle after a space.
    pub fn full_title(&self) -> String {
        match &self.subtitle {
            Some(subtitle) if !subtitle.trim().is_empty() => {
                let ends_in_punctuation = self.title.ends_with(['?', '!', ':', '.', '\u{2026}']);
                let joint = if ends_in_punctuation { " " } else { ": " };
                format!("{}{joint}{}", self.title, subtitle.trim())
            }
            _ => self.title.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hyphenation {
    /// Words with their allowed breaks marked by hyphens (`Bol-she-viks`); they override the patterns.
    pub exceptions: Vec<String>,
}

/// A chapter: a `#` heading and everything up to the next one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chapter {
    /// The anchor id: from `{#id}` on the heading, else derived from the title.
    pub id: String,
    /// 1, 2, 3 ... for numbered chapters; `None` for the opening section and `{.unnumbered}` ones.
    pub number: Option<u32>,
    /// `None` only for the opening section.
    pub title: Option<Vec<Inline>>,
    /// The Markdown file the chapter comes from, relative to the book folder.
    pub source: PathBuf,
    /// The later files the chapter goes on in (files that open with no heading of the
    /// chapter's level), each from the place its first block or heading has: what is set from
    /// there on is reported in that file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub continued: Vec<Continued>,
    /// Where the heading is (line 1 for an opening section).
    pub at: SourcePos,
    /// The blocks before the first section.
    pub blocks: Vec<Block>,
    /// `##` and deeper, in order, flat; `level` gives the depth.
    pub sections: Vec<Section>,
    /// The chapter's notes, numbered from 1 in order of first reference.
    pub footnotes: Vec<Footnote>,
}

/// Where a chapter goes on in a later file: from the place `from` on (see [`Step`]; places
/// compare in reading order), its text comes from `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Continued {
    pub from: Vec<Step>,
    /// Relative to the book folder.
    pub source: PathBuf,
}

impl Continued {
    /// The file the text at `path` comes from: the source of the last of `list` (a chapter's
    /// [`Chapter::continued`]) that starts at or before it, else `first` (the chapter's own).
    pub fn source_at<'c>(
        list: &'c [Continued],
        first: &'c std::path::Path,
        path: &[Step],
    ) -> &'c std::path::Path {
        list.iter()
            .rev()
            .find(|c| c.from.as_slice() <= path)
            .map_or(first, |c| &c.source)
    }
}

/// A `##` (or deeper) heading and the blocks up to the next heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    /// 2 for `##`, 3 for `###`, ... 6.
    pub level: u8,
    pub title: Vec<Inline>,
    pub at: SourcePos,
    pub blocks: Vec<Block>,
}

/// A 1-based line and column (in characters) in a chapter's source file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SourcePos {
    pub line: u32,
    pub column: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Block {
    Paragraph {
        content: Vec<Inline>,
        at: SourcePos,
    },
    /// A block quotation. When its last paragraph starts with an em dash (`— Trotsky, 1937`), that
    /// paragraph is the attribution (epigraphs, quoted letters) and is set apart.
    Quote {
        blocks: Vec<Block>,
        attribution: Option<Vec<Inline>>,
    },
    List {
        kind: ListKind,
        items: Vec<ListItem>,
    },
    Figure(Figure),
    /// A scene break (`***` in Markdown).
    ThematicBreak,
    /// Preformatted text, kept line for line (tabs and indentation as written).
    CodeBlock {
        text: String,
        /// The language the fence names (```` ```rust ````), when it names one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        language: Option<String>,
        at: SourcePos,
    },
    /// A table (GFM pipes): a header row, body rows, and how each column is aligned. Every row
    /// has one cell per column.
    Table {
        columns: Vec<Alignment>,
        head: TableRow,
        rows: Vec<TableRow>,
        at: SourcePos,
    },
    /// Terms and their definitions (`Term` then `: Definition`).
    DefinitionList {
        items: Vec<DefinitionItem>,
    },
    /// A heading inside a quote, a list item or a note: kept in its place, set as a heading
    /// there, but it opens no section and is not in the contents.
    Heading {
        /// 1 for `#` ... 6.
        level: u8,
        content: Vec<Inline>,
        at: SourcePos,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ListKind {
    Bullet,
    Ordered { start: u32 },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    pub blocks: Vec<Block>,
    /// A task list item (`- [ ]`, `- [x]`): whether it is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<Task>,
}

/// The box of a task list item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Task {
    /// `[ ]`: set as ☐.
    Open,
    /// `[x]`: set as ☑.
    Done,
}

impl Task {
    /// The character that shows the box in both outputs.
    pub fn mark(self) -> char {
        match self {
            Task::Open => '\u{2610}',
            Task::Done => '\u{2611}',
        }
    }
}

/// An image alone in its paragraph: `![Caption](path "Credit")`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// `fig-<chapter number or id>-<n>`, stable as long as the figures of a chapter keep their order.
    pub id: String,
    pub image: Image,
    pub caption: Vec<Inline>,
    pub credit: Option<Vec<Inline>>,
    pub at: SourcePos,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Image {
    /// The file exists: `path` is absolute (canonical), so backends can read it.
    Present {
        path: PathBuf,
        format: ImageFormat,
        width_px: u32,
        height_px: u32,
    },
    /// "For position only": the file does not exist yet; backends draw a framed placeholder.
    Missing { path: PathBuf },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Jpeg,
    Png,
    /// The first frame is printed; the e-book keeps the file (animation and all).
    Gif,
    /// Kept as SVG in the e-book; rasterised at 300 dpi for the PDF.
    Svg,
}

impl ImageFormat {
    pub fn media_type(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "image/jpeg",
            ImageFormat::Png => "image/png",
            ImageFormat::Gif => "image/gif",
            ImageFormat::Svg => "image/svg+xml",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            ImageFormat::Jpeg => "jpg",
            ImageFormat::Png => "png",
            ImageFormat::Gif => "gif",
            ImageFormat::Svg => "svg",
        }
    }
}

/// A footnote of a chapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Footnote {
    /// The anchor id of the note itself (`<chapter id>-fn-<number>`).
    pub id: String,
    /// 1-based, per chapter, in order of first reference.
    pub number: u32,
    /// The label the author wrote (`[^trotsky-history]` gives `trotsky-history`).
    pub label: String,
    pub blocks: Vec<Block>,
    /// The ids of the references to this note, in order (a note may be referenced more than once).
    pub references: Vec<String>,
}

/// One line of the picture-credits list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Credit {
    pub figure_id: String,
    /// The index into `Book::chapters` of the chapter holding the figure.
    pub chapter: usize,
    pub caption: Vec<Inline>,
    pub credit: Option<Vec<Inline>>,
}

/// Where an id lives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Anchor {
    /// The index into `Book::chapters`.
    pub chapter: usize,
    pub kind: AnchorKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnchorKind {
    Chapter,
    Section,
    Figure,
    /// A target inside running text (`<a id="x">`).
    Inline,
}

impl Book {
    /// The chapters that carry a title (every one but the opening section).
    pub fn titled_chapters(&self) -> impl Iterator<Item = (usize, &Chapter)> {
        self.chapters
            .iter()
            .enumerate()
            .filter(|(_, c)| c.title.is_some())
    }

    /// Every figure of the book in reading order (a chapter's notes after its text), with the
    /// index of its chapter.
    pub fn figures(&self) -> Vec<(usize, &Figure)> {
        let mut out = Vec::new();
        for (index, chapter) in self.chapters.iter().enumerate() {
            for blocks in chapter.all_blocks() {
                collect_figures(blocks, index, &mut out);
            }
        }
        out
    }

    /// Every picture file of the book (figures and images in running text, notes included), in
    /// reading order, each once.
    pub fn pictures(&self) -> Vec<(&std::path::Path, ImageFormat)> {
        let mut images: Vec<&Image> = Vec::new();
        for chapter in &self.chapters {
            if let Some(title) = &chapter.title {
                each_inline_image(title, &mut images);
            }
            for section in &chapter.sections {
                each_inline_image(&section.title, &mut images);
            }
            for blocks in chapter.all_blocks() {
                each_block_image(blocks, &mut images);
            }
        }
        let mut out: Vec<(&std::path::Path, ImageFormat)> = Vec::new();
        for image in images {
            if let Image::Present { path, format, .. } = image {
                if !out.iter().any(|(p, _)| *p == path.as_path()) {
                    out.push((path.as_path(), *format));
                }
            }
        }
        out
    }
}

impl Chapter {
    /// The chapter's block lists in reading order: its opening blocks, each section's, each note's.
    pub fn all_blocks(&self) -> impl Iterator<Item = &Vec<Block>> {
        std::iter::once(&self.blocks)
            .chain(self.sections.iter().map(|s| &s.blocks))
            .chain(self.footnotes.iter().map(|n| &n.blocks))
    }
}

/// A part of a block, for walks over the whole tree: inline content of its own, or nested blocks.
#[derive(Debug)]
pub enum Part<'a> {
    Inlines { inlines: &'a [Inline] },
    Blocks { blocks: &'a [Block] },
}

/// [`Part`], to change it.
#[derive(Debug)]
pub enum PartMut<'a> {
    Inlines { inlines: &'a mut Vec<Inline> },
    Blocks { blocks: &'a mut Vec<Block> },
}

impl Block {
    /// The parts of this block in reading order: a paragraph's or heading's content, a quote's
    /// blocks then its attribution, each list item's blocks, a figure's caption and credit, a
    /// table's cells row by row, each term of a definition list then its definitions. Walks over
    /// the whole tree recurse through these, so a new kind of block is walked everywhere.
    pub fn parts<'a>(&'a self) -> Vec<Part<'a>> {
        let inlines = |inlines: &'a [Inline]| Part::Inlines { inlines };
        let blocks = |blocks: &'a [Block]| Part::Blocks { blocks };
        match self {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                vec![inlines(content)]
            }
            Block::Quote {
                blocks: inner,
                attribution,
            } => std::iter::once(blocks(inner))
                .chain(attribution.as_deref().map(inlines))
                .collect(),
            Block::List { items, .. } => items.iter().map(|i| blocks(&i.blocks)).collect(),
            Block::Figure(figure) => std::iter::once(inlines(&figure.caption))
                .chain(figure.credit.as_deref().map(inlines))
                .collect(),
            Block::Table { head, rows, .. } => std::iter::once(head)
                .chain(rows)
                .flat_map(|row| row.cells.iter().map(|c| inlines(&c.content)))
                .collect(),
            Block::DefinitionList { items } => items
                .iter()
                .flat_map(|i| {
                    std::iter::once(inlines(&i.term)).chain(i.definitions.iter().map(|d| blocks(d)))
                })
                .collect(),
            Block::ThematicBreak | Block::CodeBlock { .. } => Vec::new(),
        }
    }

    /// [`Block::parts`], to change them.
    pub fn parts_mut<'a>(&'a mut self) -> Vec<PartMut<'a>> {
        let inlines = |inlines: &'a mut Vec<Inline>| PartMut::Inlines { inlines };
        match self {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                vec![inlines(content)]
            }
            Block::Quote {
                blocks,
                attribution,
            } => std::iter::once(PartMut::Blocks { blocks })
                .chain(attribution.as_mut().map(inlines))
                .collect(),
            Block::List { items, .. } => items
                .iter_mut()
                .map(|i| PartMut::Blocks {
                    blocks: &mut i.blocks,
                })
                .collect(),
            Block::Figure(figure) => std::iter::once(inlines(&mut figure.caption))
                .chain(figure.credit.as_mut().map(inlines))
                .collect(),
            Block::Table { head, rows, .. } => std::iter::once(head)
                .chain(rows.iter_mut())
                .flat_map(|row| row.cells.iter_mut().map(|c| inlines(&mut c.content)))
                .collect(),
            Block::DefinitionList { items } => items
                .iter_mut()
                .flat_map(|i| {
                    std::iter::once(inlines(&mut i.term)).chain(
                        i.definitions
                            .iter_mut()
                            .map(|blocks| PartMut::Blocks { blocks }),
                    )
                })
                .collect(),
            Block::ThematicBreak | Block::CodeBlock { .. } => Vec::new(),
        }
    }
}

fn each_block_image<'a>(blocks: &'a [Block], f: &mut Vec<&'a Image>) {
    for block in blocks {
        if let Block::Figure(figure) = block {
            f.push(&figure.image);
        }
        for part in block.parts() {
            match part {
                Part::Inlines { inlines } => each_inline_image(inlines, f),
                Part::Blocks { blocks } => each_block_image(blocks, f),
            }
        }
    }
}

fn each_inline_image<'a>(inlines: &'a [Inline], f: &mut Vec<&'a Image>) {
    for inline in inlines {
        if let Inline::Image { image, .. } = inline {
            f.push(image);
        }
        if let Some(children) = inline.children() {
            each_inline_image(children, f);
        }
    }
}

fn collect_figures<'a>(blocks: &'a [Block], chapter: usize, out: &mut Vec<(usize, &'a Figure)>) {
    for block in blocks {
        if let Block::Figure(figure) = block {
            out.push((chapter, figure));
        }
        for part in block.parts() {
            if let Part::Blocks { blocks } = part {
                collect_figures(blocks, chapter, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(title: &str, subtitle: Option<&str>) -> Metadata {
        Metadata {
            subtitle: subtitle.map(str::to_owned),
            ..Metadata::new(title, "urn:uuid:0")
        }
    }

    #[test]
    fn full_title_joins_the_subtitle() {
        let russia = metadata("Russia", Some("How the Bureaucracy Seized Power"));
        assert_eq!(
            russia.full_title(),
            "Russia: How the Bureaucracy Seized Power"
        );
        assert_eq!(
            metadata("Why?", Some("An essay")).full_title(),
            "Why? An essay"
        );
        assert_eq!(metadata("Alone", None).full_title(), "Alone");
        assert_eq!(metadata("Alone", Some(" ")).full_title(), "Alone");
    }
}
