//! Mending a page with looseness: a paragraph set a line longer or shorter, as a compositor does.
//!
//! The spread search ([`spreads`](super::spreads)) mends what a spread run a line long or short
//! can mend. What it leaves are faults a page's own text causes: a hole where the next paragraph
//! cannot begin (three lines that would leave a widow, or one whose note does not fit beside
//! it), a paragraph's lone line that fills such a page where widow control gives way, and a
//! chapter's last page with a line or two (a runt).
//! TeX users mend such pages by hand with `\looseness`: a paragraph set a line longer (a page
//! fills, or a line moves over) or a line shorter (what follows finds room), its lines no looser
//! or tighter than the tolerance allows any line.
//!
//! [`Mender::mend`] does that for a chapter whose chosen setting has such a fault. It asks the
//! paragraphs on each faulty page and on the page before it for a line more, then for a line
//! fewer, and sets the chapter again to see which of them the line breaker can set so within
//! its tolerance (passes 1 and 2: no emergency stretch). Of those it tries the evenest one, the
//! evenest two, and so on up to [`MOST_ASKED`], each time setting the chapter again and cutting
//! it for the same side and the same parity of pages (so the chapters after it open where they
//! did). It keeps the setting that costs least in the spreads' demerits, each paragraph set so
//! adding [`LOOSENESS_DEMERITS`], if that is less than the chapter cost as it was, and stops at
//! the first that leaves no fault. A chapter without a fault is not set again;
//! `[print.page] looseness = "never"` turns this off.
//!
//! A figure after its call's page is no such fault: it stands there because the room below its
//! call is lines short of its height, not a line, and on every book measured no paragraph set so
//! brought one back, while trying cost a 425-page chapter three times its setting.

use std::collections::{BTreeMap, BTreeSet};

use super::breaker::Frame;
use super::flow::Element;
use super::spreads::{break_chapter, Broken, DEPTH_DEMERITS};
use super::typeset::{typeset_loosened, Asked, ChapterFlow, Setter};
use crate::model::Book;
use crate::units::Pt;

/// The most paragraphs set a line longer (or shorter) in one chapter. A hole is two or three
/// lines, a line a paragraph, and a runt one to three; one more leaves room for a paragraph that
/// moves a line across the page break. (Each try sets the chapter again: a book's chapters with
/// a fault are few, and each costs at most twice this many settings and cuts, and two more.)
pub const MOST_ASKED: usize = 4;

/// What a paragraph set a line longer or shorter costs, added to the spreads' demerits of the
/// chapter's new setting: as much as a page set a line long or short
/// ([`DEPTH_DEMERITS`](super::spreads::DEPTH_DEMERITS)), the compositor's other remedy. So a
/// paragraph changes for a hole or a runt of two lines (60), never only to close a line's gap
/// (10) or to bring feet half a line apart together (10): free, book 1's chapter 11 took a
/// paragraph ending in one word to close a line's gap above its notes.
pub const LOOSENESS_DEMERITS: f64 = DEPTH_DEMERITS;

/// What setting a chapter again and cutting it takes.
pub struct Mender<'a> {
    pub book: &'a Book,
    pub setter: &'a Setter<'a>,
    /// The space above chapter titles.
    pub sink: Pt,
    pub frame: Frame,
}

impl Mender<'_> {
    /// Chapter `index`, `flow` cut as `broken`, set again where paragraphs set a line longer or
    /// shorter make its pages cost less (see the module's documentation); as it was otherwise.
    pub fn mend(&self, index: usize, flow: ChapterFlow, broken: Broken) -> (ChapterFlow, Broken) {
        if broken.faults.is_empty() {
            return (flow, broken);
        }
        let near = paragraphs_near_faults(&flow.elements, &broken);
        let mut best: Option<(ChapterFlow, Broken)> = None;
        for looseness in [1, -1] {
            let all: Asked = near.iter().map(|&para| (para, looseness)).collect();
            let trial = typeset_loosened(self.book, index, self.setter, self.sink, (&flow, &all));
            let ranked = evenest(&flow.elements, &trial.elements, looseness);
            for n in 1..=ranked.len().min(MOST_ASKED) {
                let asked: Asked = ranked[..n].iter().map(|&para| (para, looseness)).collect();
                let set =
                    typeset_loosened(self.book, index, self.setter, self.sink, (&flow, &asked));
                let Some(cut) = self.cut(&set, &broken) else {
                    continue;
                };
                let bar = best.as_ref().map_or(broken.demerits, |(_, b)| b.demerits);
                let demerits = cut.demerits + LOOSENESS_DEMERITS * n as f64;
                if demerits < bar {
                    let cut = Broken { demerits, ..cut };
                    if cut.faults.is_empty() {
                        return (set, cut); // Nothing left to mend.
                    }
                    best = Some((set, cut));
                }
            }
        }
        best.unwrap_or((flow, broken))
    }

    /// `flow` cut for the side `was` opens on, into as many pages as `was` modulo 2.
    fn cut(&self, flow: &ChapterFlow, was: &Broken) -> Option<Broken> {
        let by = break_chapter(&flow.elements, &flow.notes, &self.frame, was.opens_on);
        if was.plans.len() % 2 == 0 {
            by.even
        } else {
            by.odd
        }
    }
}

/// The justified paragraphs with a line on a faulty page of `broken` or on the page before it.
fn paragraphs_near_faults(elements: &[Element], broken: &Broken) -> BTreeSet<usize> {
    let pages: BTreeSet<usize> = broken
        .faults
        .iter()
        .flat_map(|&page| [page.saturating_sub(1), page])
        .collect();
    pages
        .iter()
        .filter_map(|&page| broken.plans.get(page))
        .flat_map(|plan| plan.body.iter())
        .filter_map(|&at| match elements.get(at) {
            Some(Element::Line(line)) if line.justified && !line.heading => Some(line.para),
            _ => None,
        })
        .collect()
}

/// The paragraphs that `loosened` sets `looseness` lines longer than `set` does, the evenest
/// first: by how far their word spaces stray from their natural width at most (then by number,
/// so that the order is the same on every run). A setting whose last line is the end of a word
/// broken on the line before is left out: TeX's `\finalhyphendemerits` weighs against it, and a
/// mend need not take it.
fn evenest(set: &[Element], loosened: &[Element], looseness: i32) -> Vec<usize> {
    let before = shapes(set);
    let mut ranked: Vec<(f64, usize)> = shapes(loosened)
        .into_iter()
        .filter(|(para, shape)| {
            let wanted = (before.get(para)).and_then(|was| {
                was.lines
                    .checked_add_signed(isize::try_from(looseness).ok()?)
            });
            wanted == Some(shape.lines) && !shape.ends_broken
        })
        .map(|(para, shape)| (shape.stray, para))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, para)| para).collect()
}

/// What [`evenest`] weighs of a paragraph as set.
#[derive(Debug, Default)]
struct Shape {
    lines: usize,
    /// How far its word spaces stray from their natural width at most (0.3: 30 % wider or
    /// narrower).
    stray: f64,
    /// Its last line but one ends in a hyphen.
    ends_broken: bool,
}

/// The shape of each paragraph of `elements`, by number.
fn shapes(elements: &[Element]) -> BTreeMap<usize, Shape> {
    let mut shapes: BTreeMap<usize, Shape> = BTreeMap::new();
    for element in elements {
        if let Element::Line(line) = element {
            let shape = shapes.entry(line.para).or_default();
            shape.lines += 1;
            shape.stray = shape.stray.max((line.line.spacing - 1.0).abs());
            shape.ends_broken |= line.index + 2 == line.count && line.line.hyphenated;
        }
    }
    shapes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::breaker::PagePlan;
    use crate::layout::spreads::tests::chapter;
    use crate::layout::spreads::Side;

    /// `elements` with paragraph `para`'s lines' word spaces set at `spacing`, and its last line
    /// but one ending in a hyphen when `broken`.
    fn with(mut elements: Vec<Element>, para: usize, spacing: f64, broken: bool) -> Vec<Element> {
        for element in &mut elements {
            if let Element::Line(line) = element {
                if line.para == para {
                    line.line.spacing = spacing;
                    line.line.hyphenated = broken && line.index + 2 == line.count;
                }
            }
        }
        elements
    }

    #[test]
    fn the_evenest_paragraphs_set_a_line_longer_come_first() {
        let set = chapter(&[3, 4, 5, 2]);
        // Paragraphs 0 and 2 a line longer, 2 the more evenly; 1 as it was; 3 two lines longer.
        let loosened = with(with(chapter(&[4, 4, 6, 4]), 0, 1.4, false), 2, 1.1, false);
        assert_eq!(evenest(&set, &loosened, 1), [2, 0]);
        // A line fewer: none of them.
        assert!(evenest(&set, &loosened, -1).is_empty());
        // Paragraph 2 ending on the rest of a broken word is left out, however even.
        let broken = with(loosened, 2, 1.1, true);
        assert_eq!(evenest(&set, &broken, 1), [0]);
    }

    #[test]
    fn the_paragraphs_near_a_fault_are_those_of_its_page_and_the_page_before() {
        let elements = chapter(&[3, 3, 3, 3]);
        let plan = |body: std::ops::Range<usize>| PagePlan {
            body: body.collect(),
            ..Default::default()
        };
        let broken = Broken {
            opens_on: Side::Recto,
            plans: vec![plan(0..3), plan(3..6), plan(6..9), plan(9..12)],
            demerits: 0.0,
            faults: vec![2],
        };
        let near: Vec<usize> = paragraphs_near_faults(&elements, &broken)
            .into_iter()
            .collect();
        assert_eq!(near, [1, 2]);
    }
}
