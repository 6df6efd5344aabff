//! The output of page layout: pages of positioned items, and a text dump of them for tests.
//!
//! Coordinates are in points from the top-left corner of the trimmed page, `y` growing downwards
//! (text items are placed by their baseline). The PDF writer flips them into PDF user space; nothing
//! else about PDF is known here.

use std::fmt::Write as _;
use std::path::PathBuf;

use super::breaker::Depth;
use super::structure::{Structure, Tag};
use crate::model::{PageStart, PrintedPage};
use crate::text::{FaceId, GlyphSlice};
use crate::units::Pt;

/// A whole typeset book.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Trim width and height.
    pub width: Pt,
    pub height: Pt,
    pub pages: Vec<Page>,
    /// Chapters and sections, nested, for the PDF outline.
    pub outline: Vec<OutlineEntry>,
    /// Every image a page shows, each once (a picture used on several pages is embedded once),
    /// referred to by index from [`Item::Image`].
    pub images: Vec<ImageSource>,
    /// The page index where arabic numbering (1, 2, ...) starts; pages before it are roman.
    pub first_arabic_page: usize,
    /// The logical structure the items' tags point into, for tagged PDF.
    pub structure: Structure,
}

#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The folio as printed and as the PDF page label shows it (`iii`, `17`).
    pub label: String,
    pub items: Vec<Item>,
    /// Link targets on this page: an id and the `y` of its top.
    pub anchors: Vec<(String, Pt)>,
    /// How deep the text runs: the text block, or a line longer or shorter with the facing
    /// page, to avoid a hole (see `breaker::break_chapter`).
    pub depth: Depth,
    /// The first page of a chapter.
    pub opening: bool,
    /// Pictures set in running text on this page, as (index in `items` of their
    /// [`Item::Image`], the picture): [`Layout::settle_pictures`] gives them their image index.
    pub pictures: Vec<(usize, ImageSource)>,
    /// Where the page starts in the book, for the e-book's page-list.
    pub start: PageStart,
}

/// One thing drawn on a page.
#[derive(Debug, Clone)]
pub enum Item {
    /// Shaped glyphs of one face and size, starting at (`x`, `y`) on the baseline.
    Text(TextRun),
    /// A horizontal rule (note separators, frames): from `x` to `x + width` at `y`.
    Rule {
        x: Pt,
        y: Pt,
        width: Pt,
        thickness: Pt,
    },
    /// A "for position only" frame: a stroked rectangle with its diagonals.
    Frame { x: Pt, y: Pt, width: Pt, height: Pt },
    /// A picture: `image` indexes [`Layout::images`]; (`x`, `y`) is the top-left corner.
    Image {
        image: usize,
        x: Pt,
        y: Pt,
        width: Pt,
        height: Pt,
        tag: Tag,
    },
    /// A clickable area (drawn as nothing); `tag` is the `Link` node it belongs to.
    Link {
        x: Pt,
        y: Pt,
        width: Pt,
        height: Pt,
        target: LinkTarget,
        tag: Tag,
    },
}

#[derive(Debug, Clone)]
pub struct TextRun {
    pub face: FaceId,
    pub size: Pt,
    pub x: Pt,
    /// The baseline.
    pub y: Pt,
    pub glyphs: GlyphSlice,
    pub tag: Tag,
    /// A word space separates the run from the previous run of its line; the PDF writer draws
    /// it as the font's space glyph, so extracted and tagged text keeps its words apart.
    pub space_before: bool,
    /// The run ends a line that ends between words: a space is drawn after it, so the last word
    /// of a line and the first of the next stay apart in the text.
    pub space_after: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// An anchor id on some page (see [`Page::anchors`]).
    Internal {
        id: String,
    },
    External {
        url: String,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    pub title: String,
    /// The anchor the entry opens.
    pub id: String,
    pub children: Vec<OutlineEntry>,
}

/// An image file to embed, as the model found it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageSource {
    pub path: PathBuf,
    pub format: crate::model::ImageFormat,
}

impl TextRun {
    /// The text of the run, as a reader would copy it.
    pub fn text(&self) -> String {
        self.glyphs.text().to_owned()
    }

    /// The sum of the advances.
    pub fn width(&self) -> Pt {
        self.glyphs.width()
    }
}

impl Layout {
    /// The index of `source` in [`Layout::images`], added if it is not there yet.
    pub fn image(&mut self, source: ImageSource) -> usize {
        match self.images.iter().position(|known| *known == source) {
            Some(index) => index,
            None => {
                self.images.push(source);
                self.images.len() - 1
            }
        }
    }

    /// Points the image items of pictures in running text at [`Layout::images`] (lines are
    /// placed where the layout's image list is out of reach).
    pub fn settle_pictures(&mut self) {
        for index in 0..self.pages.len() {
            let pending = std::mem::take(&mut self.pages[index].pictures);
            for (item, source) in pending {
                let image = self.image(source);
                if let Some(Item::Image { image: slot, .. }) = self.pages[index].items.get_mut(item)
                {
                    *slot = image;
                }
            }
        }
    }

    /// Every page's folio and where it starts in the book: what the e-book's page-list needs.
    pub fn printed_pages(&self) -> Vec<PrintedPage> {
        self.pages
            .iter()
            .map(|page| PrintedPage {
                label: page.label.clone(),
                start: page.start.clone(),
            })
            .collect()
    }

    /// A plain-text dump of every page, one item a line, for exact assertions in tests.
    /// Lengths are rounded to a tenth of a point so the dump does not depend on float noise.
    pub fn dump(&self) -> String {
        let mut out = String::new();
        for (index, page) in self.pages.iter().enumerate() {
            let _ = writeln!(out, "page {} [{}]", index + 1, page.label);
            for item in &page.items {
                let _ = writeln!(out, "  {}", item.dump());
            }
        }
        out
    }

    /// The text of one page, its runs joined line by line (runs on the same baseline share a line).
    pub fn page_text(&self, index: usize) -> String {
        let Some(page) = self.pages.get(index) else {
            return String::new();
        };
        let mut lines: Vec<(i64, String)> = Vec::new();
        for item in &page.items {
            if let Item::Text(run) = item {
                let key = (run.y.0 * 10.0).round() as i64;
                match lines.iter_mut().find(|(y, _)| *y == key) {
                    Some((_, text)) => {
                        text.push(' ');
                        text.push_str(&run.text());
                    }
                    None => lines.push((key, run.text())),
                }
            }
        }
        lines.sort_by_key(|(y, _)| *y);
        lines
            .into_iter()
            .map(|(_, text)| text)
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Item {
    fn dump(&self) -> String {
        let r = |p: Pt| (p.0 * 10.0).round() / 10.0;
        match self {
            Item::Text(run) => format!(
                "text {:?} {} @{},{} {:?}",
                run.face,
                r(run.size),
                r(run.x),
                r(run.y),
                run.text()
            ),
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => format!(
                "rule @{},{} w{} t{}",
                r(*x),
                r(*y),
                r(*width),
                r(*thickness)
            ),
            Item::Frame {
                x,
                y,
                width,
                height,
            } => format!("frame @{},{} {}x{}", r(*x), r(*y), r(*width), r(*height)),
            Item::Image {
                image,
                x,
                y,
                width,
                height,
                ..
            } => format!(
                "image #{image} @{},{} {}x{}",
                r(*x),
                r(*y),
                r(*width),
                r(*height)
            ),
            Item::Link {
                x,
                y,
                width,
                height,
                target,
                ..
            } => format!(
                "link @{},{} {}x{} -> {}",
                r(*x),
                r(*y),
                r(*width),
                r(*height),
                match target {
                    LinkTarget::Internal { id } => format!("#{id}"),
                    LinkTarget::External { url } => url.clone(),
                }
            ),
        }
    }
}
