//! The compositor's last remedy: a paragraph set a line shorter or longer.
//!
//! Some faults a spread's depth cannot mend: a chapter's last line on a page of its own when
//! the spreads before it are already run long or short; a figure called two lines above a
//! recto's foot, which would stand after its call only if the paragraph ended a line lower.
//! A compositor then sets a paragraph near the fault a line shorter or longer (TeX's
//! `\looseness`), one whose lines all stay within the tolerance, so the change is hardly seen.
//! LaTeX leaves that to the author, by hand; here the page breaker does it.
//!
//! The text engine sets each paragraph of the body a line shorter and a line longer where it
//! can ([`Variants`]; short paragraphs, and those whose best setting is already tight or
//! loose, seldom can). [`break_chapter`] cuts the chapter as [`spreads`](super::spreads) does;
//! while its cheapest setting has a flawed page (a hole, a figure deferred to it, a runt), it
//! tries each paragraph near the flaw in each of its variants, cutting the chapter again with
//! it, and keeps the cheapest try where the chapter, with [`RETOUCH_DEMERITS`] for each
//! retouched paragraph, costs less than before: then a few rounds more, for the flaws left.

use std::collections::BTreeMap;

use super::breaker::Frame;
use super::flow::{flow_lines, Element, FlowLine, NoteLines, Source};
use super::spreads::{self, Broken, ByParity, Side};
use super::structure::Tag;
use super::typeset::ChapterFlow;
use crate::text::{Line, Variant};
use crate::units::Pt;

/// A paragraph set a line shorter or longer costs the chapter this much: more than a spread
/// off the block's depth (80) or a runt of two lines (60), so the page breaker's own remedies
/// come first and a paragraph is retouched for a hole, a deferred figure (250 a page) or for
/// several smaller faults at once; every retouched paragraph changes the text's colour a
/// little. (At 60 the first bundled book takes a paragraph a line longer for a spread run a
/// line long, which is a trade, not a mend; at 40 the novel bench gains two pages and runts.)
const RETOUCH_DEMERITS: f64 = 100.0;
/// At most this many paragraphs are retouched in a chapter, one a round, each round mending
/// what it can of the flaws left (the novel bench's chapters take one at most).
const ROUNDS: usize = 3;
/// The pages a chapter may be cut again while it is retouched, at each side and page count's
/// parity: every try cuts the whole chapter, so a long chapter gets fewer tries (a 5-page
/// chapter tries every paragraph near its flaws, one of 300 pages two), and a book costs at
/// most a few times its own cutting.
const BUDGET_PAGES: usize = 600;
/// The flawed page's neighbours whose paragraphs are tried: the pages before it (a deferred
/// figure's call is on the page before it, and the text before the call may come from the
/// spread before) and the one after it (whose first paragraph a hole could not take).
const PAGES_BEFORE: usize = 2;
const PAGES_AFTER: usize = 1;

/// A body paragraph's settings a line shorter and longer, as flow lines ready to take the
/// place of its own.
pub type Variants = crate::text::Variants<Vec<FlowLine>>;

impl Variants {
    /// The engine's `variants` of paragraph `para` as flow lines at `x`, each `height` high,
    /// placed from `source` and tagged `tag` as its own lines are; `None` when it has none.
    pub(super) fn of(
        variants: crate::text::Variants<Vec<Line>>,
        para: usize,
        (x, height): (Pt, Pt),
        (source, tag): (&Source, Tag),
    ) -> Option<Variants> {
        let lines = |lines| flow_lines(lines, para, (x, height), (source, tag)).collect();
        Some(variants.map(lines)).filter(|variants| !variants.is_empty())
    }

    /// Moves the structure tags by `offset` and the paragraph numbers by `paragraphs` (its
    /// piece grafted into the chapter).
    pub fn shift(&mut self, offset: u32, paragraphs: usize) {
        for lines in [&mut self.shorter, &mut self.longer].into_iter().flatten() {
            for line in lines {
                line.shift_tags(offset);
                line.para += paragraphs;
            }
        }
    }
}

/// A paragraph of the chapter set in one of its variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Retouch {
    pub para: usize,
    pub variant: Variant,
}

/// A chapter's flow as the page breaker reads it.
#[derive(Clone, Copy)]
pub struct Chapter<'a> {
    pub elements: &'a [Element],
    pub notes: &'a BTreeMap<String, NoteLines>,
    pub variants: &'a BTreeMap<usize, Variants>,
}

/// `elements` with the paragraphs of `retouched` in their variants. The first line keeps what
/// the flow gave the paragraph's first line after setting it (anchors, a list's marker, a
/// place marked before the block).
pub fn retouch(
    elements: &[Element],
    variants: &BTreeMap<usize, Variants>,
    retouched: &[Retouch],
) -> Vec<Element> {
    let mut out = Vec::with_capacity(elements.len() + retouched.len());
    for element in elements {
        let Element::Line(line) = element else {
            out.push(element.clone());
            continue;
        };
        let lines = (retouched.iter())
            .find(|r| r.para == line.para)
            .and_then(|r| variants.get(&r.para)?.get(r.variant));
        match lines {
            None => out.push(element.clone()),
            Some(lines) if line.index == 0 => {
                for (index, new) in lines.iter().enumerate() {
                    let mut new = new.clone();
                    if index == 0 {
                        new.anchors = line.anchors.clone();
                        new.marker = line.marker.clone();
                        new.place = new.place.or_else(|| line.place.clone());
                    }
                    out.push(Element::Line(new));
                }
            }
            Some(_) => {}
        }
    }
    out
}

/// `flow` with the paragraphs of `retouched` in their variants (see [`retouch`]).
pub fn apply(mut flow: ChapterFlow, retouched: &[Retouch]) -> ChapterFlow {
    if !retouched.is_empty() {
        flow.elements = retouch(&flow.elements, &flow.variants, retouched);
    }
    flow
}

/// Cuts a chapter into pages as [`spreads::break_chapter`] does, the chapter opening on
/// `opens_on`, then retouches paragraphs near its flaws where that costs less (see the
/// module's documentation): the cheapest setting of each parity.
pub fn break_chapter(chapter: Chapter<'_>, frame: &Frame, opens_on: Side) -> ByParity {
    let found = spreads::break_chapter(chapter.elements, chapter.notes, frame, opens_on);
    let flawed = [&found.even, &found.odd]
        .into_iter()
        .any(|broken| broken.as_ref().is_some_and(|b| !b.flawed.is_empty()));
    if chapter.variants.is_empty() || !flawed {
        return found;
    }
    // The tries cut the chapter's skeleton: what the page breaker reads, without the glyphs.
    let elements: Vec<Element> = chapter.elements.iter().map(skeleton).collect();
    let variants: BTreeMap<usize, Variants> = (chapter.variants.iter())
        .map(|(&para, variants)| {
            let bare = variants
                .as_ref()
                .map(|lines| lines.iter().map(bones).collect());
            (para, bare)
        })
        .collect();
    let chapter = Chapter {
        elements: &elements,
        variants: &variants,
        ..chapter
    };
    let mut better = ByParity::default();
    for broken in [found.even, found.odd].into_iter().flatten() {
        for mended in mend(broken, chapter, frame) {
            better.offer(mended);
        }
    }
    better
}

/// `element` as the page breaker reads it: a line without its glyphs and what only drawing it
/// needs (its notes' marks, height and place in its paragraph kept), anything else as it is.
fn skeleton(element: &Element) -> Element {
    match element {
        Element::Line(line) => Element::Line(bones(line)),
        other => other.clone(),
    }
}

/// A line's [`skeleton`].
fn bones(line: &FlowLine) -> FlowLine {
    let bare = Line {
        runs: Vec::new(),
        notes: line.line.notes.clone(),
        ..line.line
    };
    FlowLine {
        para: line.para,
        index: line.index,
        count: line.count,
        heading: line.heading,
        head: line.head.clone(),
        justified: line.justified,
        ..FlowLine::new(bare, line.x, line.height, line.tag)
    }
}

/// `broken` and every setting found better than it while mending its flaws, of either parity.
fn mend(broken: Broken, chapter: Chapter<'_>, frame: &Frame) -> Vec<Broken> {
    let mut budget = BUDGET_PAGES;
    let mut found = Vec::new();
    let mut best = broken;
    for _ in 0..ROUNDS {
        if best.flawed.is_empty() {
            break;
        }
        let mut round: Option<Broken> = None;
        let retouched = retouch(chapter.elements, chapter.variants, &best.retouched);
        for candidate in candidates(&best, &retouched, chapter.variants) {
            let Some(spent) = budget.checked_sub(best.plans.len().max(1)) else {
                break;
            };
            budget = spent;
            let mut retouched = best.retouched.clone();
            retouched.push(candidate);
            retouched.sort();
            let elements = retouch(chapter.elements, chapter.variants, &retouched);
            let cut = spreads::break_chapter(&elements, chapter.notes, frame, best.opens_on);
            let cost = RETOUCH_DEMERITS * retouched.len() as f64;
            for mut tried in [cut.even, cut.odd].into_iter().flatten() {
                tried.demerits += cost;
                tried.retouched = retouched.clone();
                if tried.plans.len() % 2 != best.plans.len() % 2 {
                    found.push(tried); // The other parity: offered as it is.
                } else if tried.demerits < round.as_ref().map_or(best.demerits, |r| r.demerits) {
                    round = Some(tried);
                }
            }
        }
        match round {
            Some(mended) => found.push(std::mem::replace(&mut best, mended)),
            None => break,
        }
    }
    found.push(best);
    found
}

/// The variants to try for `broken`'s flaws (its plans index `elements`): each paragraph with
/// lines on a flawed page or its neighbours, not yet retouched, in each variant it has, in the
/// flow's order.
fn candidates(
    broken: &Broken,
    elements: &[Element],
    variants: &BTreeMap<usize, Variants>,
) -> Vec<Retouch> {
    let mut paras: Vec<usize> = Vec::new();
    for &page in &broken.flawed {
        let last = (page + PAGES_AFTER).min(broken.plans.len().saturating_sub(1));
        let near = broken.plans.get(page.saturating_sub(PAGES_BEFORE)..=last);
        for plan in near.unwrap_or_default() {
            for &index in &plan.body {
                if let Some(Element::Line(line)) = elements.get(index) {
                    paras.push(line.para);
                }
            }
        }
    }
    paras.sort_unstable();
    paras.dedup();
    let mut out = Vec::new();
    for para in paras {
        let (Some(variants), false) = (
            variants.get(&para),
            broken.retouched.iter().any(|r| r.para == para),
        ) else {
            continue;
        };
        for variant in [Variant::Shorter, Variant::Longer] {
            if variants.get(variant).is_some() {
                out.push(Retouch { para, variant });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::breaker::Depth;
    use crate::layout::spreads::tests::{chapter, frame};

    /// Paragraph `para` of `lengths` set `lines` lines long, as its variant would be.
    fn variant(lengths: &[usize], para: usize, lines: usize) -> Vec<FlowLine> {
        let mut as_set = lengths.to_vec();
        as_set[para] = lines;
        (chapter(&as_set).into_iter())
            .filter_map(|element| match element {
                Element::Line(line) if line.para == para => Some(line),
                _ => None,
            })
            .collect()
    }

    /// Every paragraph of two lines or more a line shorter, every one a line longer.
    fn every_variant(lengths: &[usize]) -> BTreeMap<usize, Variants> {
        (lengths.iter().enumerate())
            .map(|(para, &n)| {
                let variants = Variants {
                    shorter: (n >= 2).then(|| variant(lengths, para, n - 1)),
                    longer: Some(variant(lengths, para, n + 1)),
                };
                (para, variants)
            })
            .collect()
    }

    /// Cuts `lengths` opening on a recto with `variants`: the cheapest setting.
    fn cut(lengths: &[usize], variants: &BTreeMap<usize, Variants>) -> Broken {
        let elements = chapter(lengths);
        let notes = BTreeMap::new();
        let chapter = Chapter {
            elements: &elements,
            notes: &notes,
            variants,
        };
        let found = break_chapter(chapter, &frame(), Side::Recto);
        found.cheapest().expect("a setting")
    }

    /// Each page's depth and lines.
    fn pages(broken: &Broken) -> Vec<(Depth, usize)> {
        (broken.plans.iter())
            .map(|plan| (plan.depth, plan.body.len()))
            .collect()
    }

    #[test]
    fn a_runt_the_depths_cannot_mend_is_taken_back_by_a_paragraph_a_line_shorter() {
        // The chapter's last line has a page of its own whatever the depths: the spreads
        // already run the opening recto short to line the rest up.
        let lengths = [3, 3, 6, 6, 1, 3, 6, 1, 1];
        let plain = cut(&lengths, &BTreeMap::new());
        let runt = [
            (Depth::Short, 9),
            (Depth::Full, 10),
            (Depth::Full, 10),
            (Depth::Full, 1),
        ];
        assert_eq!(pages(&plain), runt);
        assert_eq!(plain.flawed, [3]);
        // The sixth paragraph a line shorter, the chapter ends on its third page (the verso a
        // line short: the paragraph after it may not leave one line at its foot).
        let retouched = cut(&lengths, &every_variant(&lengths));
        let shorter = Retouch {
            para: 5,
            variant: Variant::Shorter,
        };
        assert_eq!(retouched.retouched, [shorter]);
        let three = [(Depth::Full, 10), (Depth::Full, 9), (Depth::Full, 10)];
        assert_eq!(pages(&retouched), three);
        assert!(retouched.flawed.is_empty());
        assert!(retouched.demerits < plain.demerits);
    }

    #[test]
    fn a_chapter_without_variants_is_cut_as_the_spreads_cut_it() {
        let lengths = [4, 3, 3, 4, 3, 3, 2];
        let plain = cut(&lengths, &BTreeMap::new());
        let elements = chapter(&lengths);
        let spreads = spreads::break_chapter(&elements, &BTreeMap::new(), &frame(), Side::Recto);
        let spreads = spreads.cheapest().expect("a setting");
        assert_eq!(plain.demerits, spreads.demerits);
        assert!(plain.retouched.is_empty());
    }

    /// Chapters of paragraphs of 1 to 6 lines, from a fixed seed.
    fn chapters(count: usize) -> Vec<Vec<usize>> {
        let mut seed: u64 = 5;
        let mut next = |range: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((seed >> 33) % range) as usize
        };
        (0..count)
            .map(|_| (0..3 + next(12)).map(|_| 1 + next(6)).collect())
            .collect()
    }

    #[test]
    fn retouching_never_costs_more_and_sets_every_line_once() {
        let mut mended = 0;
        for lengths in chapters(300) {
            let plain = cut(&lengths, &BTreeMap::new());
            let variants = every_variant(&lengths);
            let broken = cut(&lengths, &variants);
            assert!(broken.demerits <= plain.demerits + 1e-9, "{lengths:?}");
            // Its demerits are the retouched chapter's, cut by the spreads, and the retouches'.
            let elements = retouch(&chapter(&lengths), &variants, &broken.retouched);
            let again = spreads::break_chapter(&elements, &BTreeMap::new(), &frame(), Side::Recto);
            let mut same = [again.even, again.odd].into_iter().flatten();
            let same = same.find(|b| b.plans.len() == broken.plans.len());
            let cost = RETOUCH_DEMERITS * broken.retouched.len() as f64;
            let again = same.expect("the parity").demerits + cost;
            assert!((again - broken.demerits).abs() < 1e-6, "{lengths:?}");
            // Every line of the retouched flow is on a page, once.
            let mut set: Vec<usize> = broken.plans.iter().flat_map(|p| p.body.clone()).collect();
            set.sort_unstable();
            assert_eq!(set, (0..elements.len()).collect::<Vec<_>>(), "{lengths:?}");
            // Each retouched paragraph's lines are numbered as one paragraph.
            for r in &broken.retouched {
                let lines: Vec<&FlowLine> = (elements.iter())
                    .filter_map(|e| match e {
                        Element::Line(line) if line.para == r.para => Some(line),
                        _ => None,
                    })
                    .collect();
                let want = match r.variant {
                    Variant::Shorter => lengths[r.para] - 1,
                    Variant::Longer => lengths[r.para] + 1,
                };
                assert_eq!(lines.len(), want);
                assert!(lines
                    .iter()
                    .enumerate()
                    .all(|(i, l)| l.index == i && l.count == want));
            }
            if broken.flawed.len() < plain.flawed.len() {
                mended += 1;
            }
        }
        // Or the test tests nothing.
        assert!(mended > 5, "{mended}");
    }

    #[test]
    fn a_retouched_paragraph_keeps_its_first_lines_anchors() {
        let lengths = [3, 4];
        let mut elements = chapter(&lengths);
        if let Element::Line(first) = &mut elements[3] {
            first.anchors.push("here".to_owned());
        }
        let variants = every_variant(&lengths);
        let retouched = [Retouch {
            para: 1,
            variant: Variant::Longer,
        }];
        let out = retouch(&elements, &variants, &retouched);
        assert_eq!(out.len(), 8);
        match &out[3] {
            Element::Line(line) => assert_eq!(
                (line.para, line.anchors.clone()),
                (1, vec!["here".to_owned()])
            ),
            other => panic!("{other:?}"),
        }
    }
}
