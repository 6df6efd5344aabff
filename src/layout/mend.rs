//! Mending a page with looseness: a paragraph set a line longer or shorter, as a compositor does.
//!
//! The spread search ([`spreads`](super::spreads)) mends what a spread run a line long or short
//! can mend. What it leaves are faults a page's own text causes: a hole where the next paragraph
//! cannot begin (three lines that would leave a widow, or one whose note does not fit beside
//! it), a chapter's last page with a line or two (a runt), a figure on the page after its call.
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
//! did). It keeps the setting that costs least in the spreads' demerits, if that is less than
//! the chapter cost as it was, and stops at the first that leaves no fault. A chapter without a
//! fault is not set again; `[print.page] looseness = "never"` turns this off.

use std::collections::BTreeSet;

use super::breaker::Frame;
use super::flow::Element;
use super::spreads::{break_chapter, Broken};
use super::typeset::{typeset_loosened, Asked, ChapterFlow, Setter};
use crate::model::Book;
use crate::units::Pt;

/// The most paragraphs set a line longer (or shorter) in one chapter. A hole is two or three
/// lines, a line a paragraph, and a runt one to three; one more leaves room for a paragraph that
/// moves a line across the page break. (Each try sets the chapter again: a book's chapters with
/// a fault are few, and each costs at most twice this many settings and cuts, and two more.)
pub const MOST_ASKED: usize = 4;

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
                if cut.demerits < bar {
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
/// so that the order is the same on every run).
fn evenest(set: &[Element], loosened: &[Element], looseness: i32) -> Vec<usize> {
    let counts = |elements: &[Element]| {
        let mut counts = std::collections::BTreeMap::new();
        for element in elements {
            if let Element::Line(line) = element {
                let spacing = (line.line.spacing - 1.0).abs();
                let entry = counts.entry(line.para).or_insert((0usize, 0.0f64));
                entry.0 += 1;
                entry.1 = entry.1.max(spacing);
            }
        }
        counts
    };
    let before = counts(set);
    let mut ranked: Vec<(f64, usize)> = counts(loosened)
        .into_iter()
        .filter(|(para, (lines, _))| {
            before.get(para).is_some_and(|&(was, _)| {
                i64::try_from(*lines).unwrap_or(0) - i64::try_from(was).unwrap_or(0)
                    == i64::from(looseness)
            })
        })
        .map(|(para, (_, stray))| (stray, para))
        .collect();
    ranked.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    ranked.into_iter().map(|(_, para)| para).collect()
}
