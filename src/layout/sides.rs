//! Which side each chapter opens on, chosen for the whole book.
//!
//! Where chapters open on the next page, recto or verso, a chapter's page count decides the side
//! the next one opens on, and the side changes what the next one's pages can do: its spreads
//! pair other pages, and a figure may be brought up to the top of a verso, before its call,
//! because the two still share the spread. A chapter cut alone, taking its own cheapest
//! setting, hands the chapters after it whatever side that leaves them: on the first bundled
//! book, chapter 9 a page shorter (its runt avoided) turns every later chapter over, and one
//! more figure, in chapter 19, stands a page after its call.
//!
//! So each chapter is cut for each side it may open on ([`cut`]; the chapters no longer wait
//! for one another, so they are cut in parallel), the spreads' search keeping its cheapest
//! setting with an even and with an odd number of pages ([`ByParity`]), and [`choose`] takes,
//! by dynamic programming over the chapters with the side the next chapter opens on as the
//! state (two states a chapter), the settings that cost the book least: the demerits the
//! spreads count, summed over the chapters, at the price of cutting each chapter twice.
//!
//! Where chapters open on rectos only, a blank verso takes up an odd count, so each chapter
//! opens on a recto whatever the one before it does, and takes its own cheapest setting.

use std::collections::BTreeMap;

use super::breaker::Frame;
use super::flow::{Element, NoteLines};
use super::spreads::{break_chapter, Broken, ByParity, Side};
use crate::style::ChapterOpening;

/// A side's index in [`Options::by_side`].
fn index(side: Side) -> usize {
    match side {
        Side::Recto => 0,
        Side::Verso => 1,
    }
}

/// A chapter's cheapest settings for each side it may open on.
#[derive(Debug, Default)]
pub struct Options {
    /// By [`index`]; `None` for a side the chapter never opens on.
    by_side: [Option<ByParity>; 2],
}

/// The sides a chapter may open on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Opens {
    /// On a recto: the book's first chapter, and every chapter where chapters open on rectos.
    Recto,
    /// On either side: any other chapter.
    Either,
}

impl Opens {
    /// The sides chapter `index` of a book whose chapters open at `opening` may open on.
    pub fn chapter(index: usize, opening: ChapterOpening) -> Opens {
        match opening {
            ChapterOpening::Any if index > 0 => Opens::Either,
            ChapterOpening::Any | ChapterOpening::Recto => Opens::Recto,
        }
    }
}

/// Cuts a chapter for every side it may open on.
pub fn cut(
    elements: &[Element],
    notes: &BTreeMap<String, NoteLines>,
    frame: &Frame,
    opens: Opens,
) -> Options {
    let mut options = Options::default();
    for side in [Side::Recto, Side::Verso] {
        if side == Side::Recto || opens == Opens::Either {
            options.by_side[index(side)] = Some(break_chapter(elements, notes, frame, side));
        }
    }
    options
}

/// Each chapter's setting, those that cost the book least (see the module's documentation).
/// The first chapter opens on a recto.
pub fn choose(chapters: Vec<Options>, opening: ChapterOpening) -> Vec<Broken> {
    if opening == ChapterOpening::Recto {
        return chapters
            .into_iter()
            .map(|options| take(options, Side::Recto, None))
            .collect();
    }
    // `cost[i][side]`: the least the chapters from `i` on cost when chapter `i` opens on
    // `side`; `parities[i][side]`: the page count's parity chapter `i` then takes.
    let n = chapters.len();
    let mut cost = vec![[0.0_f64; 2]; n + 1];
    let mut parities = vec![[0_usize; 2]; n];
    for i in (0..n).rev() {
        for side in [Side::Recto, Side::Verso] {
            let mut least = f64::INFINITY;
            if let Some(by) = &chapters[i].by_side[index(side)] {
                for (parity, broken) in [(0, &by.even), (1, &by.odd)] {
                    let Some(broken) = broken else { continue };
                    let total = broken.demerits + cost[i + 1][index(side.after(parity))];
                    if total < least {
                        least = total;
                        parities[i][index(side)] = parity;
                    }
                }
            }
            cost[i][index(side)] = least;
        }
    }
    let mut side = Side::Recto;
    let mut chosen = Vec::with_capacity(n);
    for (i, options) in chapters.into_iter().enumerate() {
        let parity = parities[i][index(side)];
        chosen.push(take(options, side, Some(parity)));
        side = side.after(parity);
    }
    chosen
}

/// The chapter's setting for `side` with a page count of `parity` (the cheapest of either
/// when `None`, or when the parity has none).
fn take(mut options: Options, side: Side, parity: Option<usize>) -> Broken {
    let by = options.by_side[index(side)].take().unwrap_or_default();
    let chosen = match parity {
        Some(0) => by.even.or(by.odd),
        Some(_) => by.odd.or(by.even),
        None => by.cheapest(),
    };
    chosen.unwrap_or(Broken {
        opens_on: side,
        plans: Vec::new(),
        demerits: 0.0,
        faults: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::spreads::tests::{chapter, frame};

    /// Chapters of paragraphs of 2 to 5 lines, from a fixed seed.
    fn books(count: usize) -> Vec<Vec<Vec<usize>>> {
        let mut seed: u64 = 11;
        let mut next = |range: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % range
        };
        (0..count)
            .map(|_| {
                (0..3)
                    .map(|_| (0..4 + next(7)).map(|_| 2 + next(4)).collect())
                    .collect()
            })
            .collect()
    }

    /// Each chapter cut for the side the one before it leaves, taking its own cheapest setting:
    /// what the book cost before the sides were chosen for it.
    fn each_alone(chapters: &[Vec<Element>]) -> f64 {
        let mut side = Side::Recto;
        let mut total = 0.0;
        for elements in chapters {
            let cut = break_chapter(elements, &BTreeMap::new(), &frame(), side);
            let broken = cut.cheapest().expect("a setting");
            total += broken.demerits;
            side = side.after(broken.plans.len());
        }
        total
    }

    /// The chapters cut and their settings chosen, as layout does.
    fn cut_and_choose(chapters: &[Vec<Element>], opening: ChapterOpening) -> Vec<Broken> {
        let options = chapters
            .iter()
            .enumerate()
            .map(|(i, c)| cut(c, &BTreeMap::new(), &frame(), Opens::chapter(i, opening)))
            .collect();
        choose(options, opening)
    }

    #[test]
    fn the_sides_chosen_cost_the_book_no_more_than_each_chapter_alone() {
        let mut cheaper = 0;
        for book in books(600) {
            let chapters: Vec<Vec<Element>> = book.iter().map(|c| chapter(c)).collect();
            let chosen = cut_and_choose(&chapters, ChapterOpening::Any);
            // Each chapter's setting is one cut for the side it opens on.
            let mut side = Side::Recto;
            for (elements, broken) in chapters.iter().zip(&chosen) {
                let cut = break_chapter(elements, &BTreeMap::new(), &frame(), side);
                let same = match broken.plans.len() % 2 {
                    0 => cut.even,
                    _ => cut.odd,
                };
                let same = same.expect("the parity was cut");
                assert_eq!(same.demerits, broken.demerits, "{book:?}");
                assert_eq!(same.plans.len(), broken.plans.len(), "{book:?}");
                side = side.after(broken.plans.len());
            }
            let total: f64 = chosen.iter().map(|b| b.demerits).sum();
            let alone = each_alone(&chapters);
            assert!(total <= alone + 1e-9, "{book:?}: {total} > {alone}");
            if total < alone - 1e-9 {
                cheaper += 1;
            }
        }
        // Or the test tests nothing.
        assert!(cheaper > 12, "{cheaper}");
    }

    #[test]
    fn chapters_that_open_on_rectos_each_take_their_cheapest_setting() {
        for book in books(20) {
            let chapters: Vec<Vec<Element>> = book.iter().map(|c| chapter(c)).collect();
            let chosen = cut_and_choose(&chapters, ChapterOpening::Recto);
            for (elements, broken) in chapters.iter().zip(&chosen) {
                let cut = break_chapter(elements, &BTreeMap::new(), &frame(), Side::Recto);
                let cheapest = cut.cheapest().expect("a setting");
                assert_eq!(cheapest.demerits, broken.demerits, "{book:?}");
            }
        }
    }
}
