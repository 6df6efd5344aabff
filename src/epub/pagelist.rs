//! The printed pages in the e-book: a page-break marker where each PDF page starts, and the
//! `page-list` navigation that lists them.
//!
//! Layout gives every printed page its start ([`PageStart`]): a [`Place`] in the book's text, a
//! page of generated matter, or nothing of its own. Here each page becomes a [`Marker`], put
//! where the e-book has the same place: inside the block the place names, before the word at its
//! offset (the renderer finds it, see `xhtml::Trail`); at the start of the matching document for
//! generated matter; and just before the next page's marker for a page with nothing of its own
//! (after the last one when no page follows).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::model::{Book, Matter, PageStart, Place, PrintedPage, Step};

use super::xhtml::escape;

/// One page's marker: an empty element a reading system can go to and read out as its number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Where it goes in its block's plain text (0 for a block marked before it begins).
    pub offset: usize,
    pub label: String,
    pub id: String,
}

impl Marker {
    /// The marker's markup, as DAISY's guidance has it.
    pub fn markup(&self) -> String {
        format!(
            "<span epub:type=\"pagebreak\" role=\"doc-pagebreak\" id=\"{}\" aria-label=\"{}\"/>",
            escape(&self.id),
            escape(&self.label)
        )
    }
}

/// The markers of one chapter, by the path of the block each goes in, in page order.
pub type ChapterMarks = BTreeMap<Vec<Step>, Vec<Marker>>;

/// Every page's marker, by where it goes, and the page-list in page order.
#[derive(Debug, Default)]
pub struct PageMarks {
    chapters: Vec<ChapterMarks>,
    matter: Vec<(Matter, Vec<Marker>)>,
    /// (label, document, id) for each page, in order.
    entries: Vec<(String, Spot, String)>,
}

/// Where a page's marker goes.
#[derive(Debug, Clone, PartialEq)]
enum Spot {
    Text(Place),
    Matter(Matter),
}

impl PageMarks {
    /// The markers of `pages` in `book`. A place outside the book (which layout never gives)
    /// is left out.
    pub fn new(book: &Book, pages: &[PrintedPage]) -> PageMarks {
        let mut marks = PageMarks {
            chapters: vec![ChapterMarks::new(); book.chapters.len()],
            ..PageMarks::default()
        };
        let spots = spots(pages);
        for (page, spot) in pages.iter().zip(spots) {
            let id = marker_id(book, &page.label);
            let marker = |offset| Marker {
                offset,
                label: page.label.clone(),
                id: id.clone(),
            };
            match &spot {
                Spot::Text(place) => {
                    let Some(chapter) = marks.chapters.get_mut(place.chapter) else {
                        continue;
                    };
                    let list = chapter.entry(place.path.clone()).or_default();
                    list.push(marker(place.offset));
                    // Stable: pages that share an offset keep their order.
                    list.sort_by_key(|m| m.offset);
                }
                Spot::Matter(matter) => match marks.matter.iter_mut().find(|(m, _)| m == matter) {
                    Some((_, list)) => list.push(marker(0)),
                    None => marks.matter.push((*matter, vec![marker(0)])),
                },
            }
            marks.entries.push((page.label.clone(), spot, id));
        }
        marks
    }

    /// How many pages there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there is any page at all.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The markers of chapter `index`.
    pub fn chapter(&self, index: usize) -> Option<&ChapterMarks> {
        self.chapters.get(index)
    }

    /// The markup of the markers at the start of the document of `matter`.
    pub fn matter(&self, matter: Matter) -> String {
        self.matter
            .iter()
            .filter(|(m, _)| *m == matter)
            .flat_map(|(_, list)| list.iter().map(Marker::markup))
            .map(|markup| markup + "\n")
            .collect()
    }

    /// The `page-list` navigation: one entry per printed page, in order. `file_of` names the
    /// document of a chapter, `matter_file` that of generated matter.
    pub fn nav(
        &self,
        heading: &str,
        file_of: impl Fn(usize) -> String,
        matter_file: impl Fn(Matter) -> &'static str,
    ) -> String {
        let mut out = format!(
            "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" \
             aria-labelledby=\"page-list-title\" hidden=\"hidden\">\n    \
             <h2 id=\"page-list-title\">{}</h2>\n    <ol>\n",
            escape(heading)
        );
        for (label, spot, id) in &self.entries {
            let file = match spot {
                Spot::Text(place) => file_of(place.chapter),
                Spot::Matter(matter) => matter_file(*matter).to_owned(),
            };
            let _ = writeln!(
                out,
                "      <li><a href=\"{}#{}\">{}</a></li>",
                escape(&file),
                escape(id),
                escape(label)
            );
        }
        out.push_str("    </ol>\n  </nav>");
        out
    }
}

impl Spot {
    /// Where the spot's document is in the e-book's reading order (its spine): title page,
    /// contents, the chapters, picture credits, colophon.
    fn rank(&self) -> usize {
        match self {
            Spot::Matter(Matter::TitlePage) => 0,
            Spot::Matter(Matter::Contents) => 1,
            Spot::Text(place) => 2 + place.chapter,
            Spot::Matter(Matter::PictureCredits) => usize::MAX - 1,
            Spot::Matter(Matter::Colophon) => usize::MAX,
        }
    }
}

/// Where each page's marker goes: its own start, or, for a page with nothing of its own, the
/// next page's (the last page's when none follows; the title page when no page has any). The
/// page-list must follow the reading order, so a page whose own document comes later in the
/// e-book than the next page's (the printed colophon, a verso of the front matter, is the
/// e-book's last document) goes with the next page too.
fn spots(pages: &[PrintedPage]) -> Vec<Spot> {
    let own = |start: &PageStart| match start {
        PageStart::Text { place } => Some(Spot::Text(place.clone())),
        PageStart::Matter { matter } => Some(Spot::Matter(*matter)),
        PageStart::Nothing => None,
    };
    let mut out: Vec<Option<Spot>> = pages.iter().map(|p| own(&p.start)).collect();
    let mut next: Option<Spot> = None;
    for spot in out.iter_mut().rev() {
        match (&*spot, &next) {
            (Some(own), Some(after)) if own.rank() > after.rank() => *spot = next.clone(),
            (Some(own), _) => next = Some(own.clone()),
            (None, _) => *spot = next.clone(),
        }
    }
    let mut last = Spot::Matter(Matter::TitlePage);
    out.into_iter()
        .map(|spot| {
            let spot = spot.unwrap_or_else(|| last.clone());
            last = spot.clone();
            spot
        })
        .collect()
}

/// The id of a page's marker: `page-42`, `page-iv`; made longer in the unlikely case that the
/// book has an anchor of that name.
fn marker_id(book: &Book, label: &str) -> String {
    let mut id = format!("page-{label}");
    while book.anchors.contains_key(&id) {
        id.insert_str(0, "printed-");
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(label: &str, start: PageStart) -> PrintedPage {
        PrintedPage {
            label: label.to_owned(),
            start,
        }
    }

    fn text(chapter: usize, offset: usize) -> PageStart {
        PageStart::Text {
            place: Place {
                chapter,
                path: vec![Step::Block { index: 0 }],
                offset,
            },
        }
    }

    #[test]
    fn a_page_without_text_goes_with_the_next_one_or_the_last() {
        let pages = [
            page("i", PageStart::Nothing),
            page("ii", text(0, 0)),
            page("iii", PageStart::Nothing),
            page(
                "iv",
                PageStart::Matter {
                    matter: Matter::Colophon,
                },
            ),
            page("v", PageStart::Nothing),
        ];
        let spots = spots(&pages);
        assert_eq!(spots[0], spots[1]);
        assert_eq!(spots[2], Spot::Matter(Matter::Colophon));
        assert_eq!(spots[4], Spot::Matter(Matter::Colophon));
    }

    #[test]
    fn the_page_list_follows_the_reading_order() {
        // The printed colophon comes before the body; the e-book's is its last document.
        let colophon = PageStart::Matter {
            matter: Matter::Colophon,
        };
        let pages = [page("iv", colophon), page("1", text(0, 0))];
        let spots = spots(&pages);
        assert_eq!(spots[0], spots[1]);
    }

    #[test]
    fn markers_of_one_block_are_in_text_order() {
        let mut book = crate::model::Book::new(crate::model::Metadata::new("T", "urn:x"));
        book.chapters.push(crate::model::Chapter {
            id: "c".into(),
            number: None,
            title: None,
            source: "c.md".into(),
            continued: Vec::new(),
            at: Default::default(),
            blocks: Vec::new(),
            sections: Vec::new(),
            footnotes: Vec::new(),
        });
        let marks = PageMarks::new(&book, &[page("1", text(0, 0)), page("2", text(0, 40))]);
        let block = &marks.chapter(0).expect("chapter")[&vec![Step::Block { index: 0 }]];
        let got: Vec<(usize, &str)> = block.iter().map(|m| (m.offset, m.id.as_str())).collect();
        assert_eq!(got, [(0, "page-1"), (40, "page-2")]);
        assert!(marks
            .nav("Pages", |_| "c.xhtml".into(), |_| "x")
            .contains("<li><a href=\"c.xhtml#page-2\">2</a></li>"));
    }
}
