//! A paragraph set a line shorter or longer than its best: TeX's `\looseness`.
//!
//! Knuth–Plass finds the best breaking of a paragraph; a page may still want it a line shorter
//! (to bring a figure's call up onto the page, or a chapter's last lines back) or a line longer
//! (to fill a page the next paragraph cannot go on). TeX lets an author ask for that by hand
//! (`\looseness=-1` or `1`) and finds the best breaking with that many lines more or less whose
//! every line is still within the tolerance. [`variants`] finds both, once, as the paragraph is
//! set; the layout's page breaker takes one where it mends a page (its `retouch` module).

use super::linebreak::{Break, BreakParams, Item, Lines, Pass, Problem, Sums};
use crate::units::Pt;

/// A paragraph's settings a line shorter and a line longer than its best, where it has them:
/// as breaks, as lines, as flow lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Variants<T> {
    /// A line shorter (`\looseness=-1`).
    pub shorter: Option<T>,
    /// A line longer (`\looseness=1`).
    pub longer: Option<T>,
}

impl<T> Default for Variants<T> {
    fn default() -> Self {
        Variants {
            shorter: None,
            longer: None,
        }
    }
}

/// One of a paragraph's [`Variants`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Variant {
    Shorter,
    Longer,
}

impl<T> Variants<T> {
    pub fn get(&self, variant: Variant) -> Option<&T> {
        match variant {
            Variant::Shorter => self.shorter.as_ref(),
            Variant::Longer => self.longer.as_ref(),
        }
    }

    /// Whether it has neither.
    pub fn is_empty(&self) -> bool {
        self.shorter.is_none() && self.longer.is_none()
    }

    /// Its variants borrowed.
    pub fn as_ref(&self) -> Variants<&T> {
        Variants {
            shorter: self.shorter.as_ref(),
            longer: self.longer.as_ref(),
        }
    }

    /// Each variant it has made into another thing.
    pub fn map<U>(self, mut f: impl FnMut(T) -> U) -> Variants<U> {
        Variants {
            shorter: self.shorter.map(&mut f),
            longer: self.longer.map(f),
        }
    }
}

/// The variants of a paragraph whose best breaking is `best`, each the best breaking of its
/// line count whose every line is within the tolerance of pass 2 (hyphenation allowed): none
/// when `best` needed emergency stretch or worse, since such a paragraph has no room to give.
/// The search is Knuth and Plass's, keeping the best way to reach each break for each line
/// count rather than for each class of measure, as TeX does when `\looseness` is not zero.
pub fn variants(
    items: &[Item],
    measures: &[Pt],
    params: &BreakParams,
    best: &[Break],
) -> Variants<Vec<Break>> {
    if best.first().is_none_or(|b| b.pass > Pass::Hyphenation) {
        return Variants::default();
    }
    let sums = Sums::of(items);
    let problem = Problem {
        items,
        measures,
        params,
        sums: &sums,
        lines: Lines::Counted,
    };
    let Some((nodes, ends)) = problem.search(Pass::Hyphenation) else {
        return Variants::default();
    };
    let with = |count: usize| {
        (ends.iter().copied())
            .filter(|&i| nodes[i].line == count)
            .min_by(|&a, &b| nodes[a].demerits.total_cmp(&nodes[b].demerits))
            .map(|end| problem.chain(&nodes, end, Pass::Hyphenation))
    };
    let count = best.len();
    Variants {
        shorter: count.checked_sub(1).filter(|&c| c > 0).and_then(with),
        longer: with(count + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::linebreak::{linebreak, BreakClass, FIL, FORCED};

    /// A paragraph of `words` words of 8 to 23 points from a fixed seed, with word spaces of 4
    /// points (stretch 2, shrink 1.3) and glyphs that widen or narrow by 4 %.
    fn paragraph(seed: u64, words: usize) -> Vec<Item> {
        let mut seed = seed;
        let mut items = Vec::new();
        for i in 0..words {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            if i > 0 {
                items.push(Item::Glue {
                    width: Pt(4.0),
                    stretch: Pt(2.0),
                    shrink: Pt(1.3),
                });
            }
            let width = 8.0 + ((seed >> 33) % 16) as f64;
            items.push(Item::Box {
                width: Pt(width),
                flex: Pt(width * 0.04),
            });
        }
        items.push(Item::Glue {
            width: Pt::ZERO,
            stretch: FIL,
            shrink: Pt::ZERO,
        });
        items.push(Item::Penalty {
            width: Pt::ZERO,
            penalty: FORCED,
            class: BreakClass::Plain,
        });
        items
    }

    #[test]
    fn variants_have_a_line_less_and_more_every_line_within_the_tolerance() {
        let measure = [Pt(150.0)];
        let params = BreakParams::default();
        let (mut shorter, mut longer) = (0, 0);
        for seed in 0..200 {
            let items = paragraph(seed, 20 + (seed as usize % 40));
            let best = linebreak(&items, &measure, &params);
            let found = variants(&items, &measure, &params, &best);
            for (variant, lines) in [
                (&found.shorter, best.len() - 1),
                (&found.longer, best.len() + 1),
            ] {
                let Some(breaks) = variant else { continue };
                assert_eq!(breaks.len(), lines, "seed {seed}");
                assert_eq!(
                    breaks.last().map(|b| b.position),
                    best.last().map(|b| b.position)
                );
                // Within the tolerance: not overfull, and no line looser than TeX's 200 allows
                // (r ≈ 1.26 of the spaces; the ratio counts the glyphs' flex as well, so less).
                assert!(
                    breaks.iter().all(|b| b.ratio >= -1.0 && b.ratio <= 1.26),
                    "seed {seed}"
                );
            }
            shorter += usize::from(found.shorter.is_some());
            longer += usize::from(found.longer.is_some());
        }
        // Some paragraphs have each, and not every one (or the search tests nothing).
        assert!((10..190).contains(&shorter), "{shorter}");
        assert!((10..190).contains(&longer), "{longer}");
    }

    #[test]
    fn a_paragraph_of_one_line_has_no_shorter_one() {
        let items = paragraph(1, 3);
        let best = linebreak(&items, &[Pt(150.0)], &BreakParams::default());
        assert_eq!(best.len(), 1);
        let found = variants(&items, &[Pt(150.0)], &BreakParams::default(), &best);
        assert_eq!(found.shorter, None);
    }

    #[test]
    fn a_paragraph_that_needed_emergency_stretch_has_none() {
        // Words so long that a line holds one, stretched past the tolerance.
        let items = paragraph(3, 12)
            .into_iter()
            .map(|item| match item {
                Item::Box { width, flex } => Item::Box {
                    width: width * 5.0,
                    flex,
                },
                other => other,
            })
            .collect::<Vec<_>>();
        let params = BreakParams {
            emergency_stretch: Pt(40.0),
            ..BreakParams::default()
        };
        let best = linebreak(&items, &[Pt(150.0)], &params);
        assert!(best.iter().all(|b| b.pass > Pass::Hyphenation), "{best:?}");
        assert!(variants(&items, &[Pt(150.0)], &params, &best).is_empty());
    }
}
