//! Places in a book's text, and where each printed page starts.
//!
//! This is how the e-book's page-list follows the PDF page for page: layout knows, for each line
//! it sets, the block of the model it comes from and where in that block's text its first word
//! starts; it gives every page the [`Place`] of its first word of body text. The EPUB writer
//! finds the same place while it writes the block, and puts the page's marker there. A place
//! names the model, never the layout, so both backends agree on it without sharing code.

use serde::{Deserialize, Serialize};

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
