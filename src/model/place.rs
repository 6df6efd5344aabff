//! Places in a book's text, and where each printed page starts.
//!
//! This is how the e-book's page-list follows the PDF page for page: layout knows, for each line
//! it sets, the block of the model it comes from and where in that block's text its first word
//! starts; it gives every page the [`Place`] of its first word of body text. The EPUB writer
//! finds the same place while it writes the block, and puts the page's marker there. A place
//! names the model, never the layout, so both backends agree on it without sharing code.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Block, Book, Continued, Part, SourcePos};

/// A place in a chapter's text: the block `path` leads to, and a byte offset into that block's
/// plain text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Place {
    /// The index into `Book::chapters`.
    pub chapter: usize,
    /// From the chapter down to the block: see [`Step`].
    pub path: Vec<Step>,
    /// Bytes into the plain text ([`super::plain_text`], measured with [`super::Inline::own_text`])
    /// of the text the path ends at: a paragraph, a heading, an attribution, or a code block's
    /// text (whose plain text is the text itself). 0 for a block without text of its own (a
    /// figure, a thematic break) and for headings, which are marked before they begin.
    pub offset: usize,
}

/// One step from a chapter down to a block. Paths read: `[Heading]` for the chapter's heading,
/// `[Block 2]` for the third of its opening blocks, `[Section 0, Heading]` and
/// `[Section 0, Block 1]` for a section's heading and blocks, then further `Block`, `Item` and
/// `Attribution` steps into quotes and lists. The variants are declared in reading order, so
/// places compare in the order a reader meets them. A new kind of block that holds blocks adds
/// a step of its own (a table's row and cell).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum Step {
    /// The heading of the chapter or section the path has reached.
    Heading,
    /// Block `index` of the blocks the path has reached: the chapter's opening blocks, a
    /// section's, a quote's or a list item's.
    Block { index: usize },
    /// Item `index` of the list the path has reached.
    Item { index: usize },
    /// The attribution of the quote the path has reached.
    Attribution,
    /// Section `index` of the chapter (after the opening blocks).
    Section { index: usize },
}

/// Where a printed page starts, as the e-book can find it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PageStart {
    /// The first word of body text that starts on the page (running heads, folios, notes at the
    /// foot and figures floated from earlier pages aside).
    Text { place: Place },
    /// A page of matter the e-book has a document for.
    Matter { matter: Matter },
    /// A page with no text of its own (a blank page, a page of notes carried over or of figures
    /// floated from before): it shares the next page's place.
    #[default]
    Nothing,
}

/// The pages samizdat makes itself, which both outputs have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Matter {
    /// The half title and the title page.
    TitlePage,
    Colophon,
    Contents,
    PictureCredits,
}

/// One printed page: its folio as printed (`iii`, `42`) and where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PrintedPage {
    pub label: String,
    pub start: PageStart,
}

impl Book {
    /// Where `place` is in the manuscript: the file its text comes from, and the line and column
    /// where its block begins (a chapter's or section's heading for a heading; for a quote or a
    /// list, its first block that has a position). A path that leads nowhere (a model edited
    /// since the place was taken) stops at the deepest block it reaches; `None` only for a
    /// chapter the book does not have.
    pub fn locate(&self, place: &Place) -> Option<(&Path, SourcePos)> {
        let chapter = self.chapters.get(place.chapter)?;
        let file = Continued::source_at(&chapter.continued, &chapter.source, &place.path);
        let mut at = chapter.at;
        let mut blocks: &[Block] = &chapter.blocks;
        let mut block: Option<&Block> = None;
        for step in &place.path {
            let next = match (*step, block) {
                (Step::Section { index }, None) => chapter.sections.get(index).map(|section| {
                    at = section.at;
                    blocks = &section.blocks;
                }),
                (Step::Block { index }, _) => blocks.get(index).map(|found| {
                    at = first_position(found).unwrap_or(at);
                    blocks = nested(found);
                    block = Some(found);
                }),
                (Step::Item { index }, Some(Block::List { items, .. })) => {
                    items.get(index).map(|item| {
                        blocks = &item.blocks;
                        block = None;
                    })
                }
                _ => None,
            };
            if next.is_none() {
                break;
            }
        }
        Some((file, at))
    }
}

/// The blocks a path's next `Block` step counts in, inside `block`: a quote's (a list's are its
/// items', reached by an `Item` step).
fn nested(block: &Block) -> &[Block] {
    match block {
        Block::Quote { blocks, .. } => blocks,
        _ => &[],
    }
}

/// Where `block` begins: its own position, or that of the first block inside it that has one.
fn first_position(block: &Block) -> Option<SourcePos> {
    match block {
        Block::Paragraph { at, .. }
        | Block::CodeBlock { at, .. }
        | Block::Table { at, .. }
        | Block::Heading { at, .. } => Some(*at),
        Block::Figure(figure) => Some(figure.at),
        _ => block.parts().into_iter().find_map(|part| match part {
            Part::Blocks { blocks } => blocks.iter().find_map(first_position),
            Part::Inlines { .. } => None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Chapter, Continued, ListItem, ListKind, Metadata, Section};

    fn paragraph(line: u32) -> Block {
        Block::Paragraph {
            content: Vec::new(),
            at: SourcePos { line, column: 1 },
        }
    }

    /// A chapter in `a.md` (heading on line 1) that goes on in `b.md` at its section: a
    /// paragraph (3), a quote of two (5, 7), a list of one item holding a paragraph (9); then
    /// the section (heading 11) with a paragraph (13).
    fn book() -> Book {
        let mut book = Book::new(Metadata::new("T", "urn:uuid:x"));
        book.chapters.push(Chapter {
            id: "a".into(),
            number: Some(1),
            title: Some(Vec::new()),
            source: "a.md".into(),
            continued: vec![Continued {
                from: vec![Step::Section { index: 0 }],
                source: "b.md".into(),
            }],
            at: SourcePos { line: 1, column: 1 },
            blocks: vec![
                paragraph(3),
                Block::Quote {
                    blocks: vec![paragraph(5), paragraph(7)],
                    attribution: None,
                },
                Block::List {
                    kind: ListKind::Bullet,
                    items: vec![ListItem {
                        blocks: vec![paragraph(9)],
                        task: None,
                    }],
                },
            ],
            sections: vec![Section {
                id: "s".into(),
                level: 2,
                title: Vec::new(),
                at: SourcePos {
                    line: 11,
                    column: 1,
                },
                blocks: vec![paragraph(13)],
            }],
            footnotes: Vec::new(),
        });
        book
    }

    #[test]
    fn a_place_is_located_at_its_blocks_file_line_and_column() {
        let book = book();
        let locate = |path: Vec<Step>| {
            let place = Place {
                chapter: 0,
                path,
                offset: 12,
            };
            book.locate(&place)
                .map(|(file, at)| (file.display().to_string(), at.line))
        };
        let block = |index| Step::Block { index };
        let at = |file: &str, line| Some((file.to_owned(), line));
        assert_eq!(locate(vec![Step::Heading]), at("a.md", 1));
        assert_eq!(locate(vec![block(0)]), at("a.md", 3));
        assert_eq!(
            locate(vec![block(1)]),
            at("a.md", 5),
            "a quote: its first block"
        );
        assert_eq!(locate(vec![block(1), block(1)]), at("a.md", 7));
        assert_eq!(locate(vec![block(1), Step::Attribution]), at("a.md", 5));
        let item = vec![block(2), Step::Item { index: 0 }, block(0)];
        assert_eq!(locate(item), at("a.md", 9));
        let section = |step| vec![Step::Section { index: 0 }, step];
        assert_eq!(locate(section(Step::Heading)), at("b.md", 11));
        assert_eq!(locate(section(block(0))), at("b.md", 13));
        // A path into nothing stops at the deepest block it reaches.
        assert_eq!(locate(vec![block(1), block(9)]), at("a.md", 5));
        let nowhere = Place {
            chapter: 3,
            path: Vec::new(),
            offset: 0,
        };
        assert_eq!(book.locate(&nowhere), None);
    }
}
