//! Knuth–Plass line breaking: the best set of breaks for a whole paragraph at once.
//!
//! The paragraph is a list of [`Item`]s, as in Knuth and Plass, *Breaking Paragraphs into Lines*
//! (1981): boxes (fixed width: a word or part of one), glue (a space that may stretch and shrink;
//! a legal break when a box precedes it) and penalties (a legal break of a given cost; a
//! *flagged* penalty is a hyphen, with the hyphen's width as the penalty's width). Glue and
//! penalties just after a break are discarded, as TeX does.
//!
//! [`linebreak`] finds the breaking with the least total *demerits*, where each line costs
//! `(line_penalty + badness)^2 + penalty^2`, plus extra demerits for two hyphenated lines in a row,
//! a hyphen on the last-but-one line, and adjacent lines of very different tightness (fitness
//! classes). Badness is TeX's `100 r^3` of the adjustment ratio `r`; a line is feasible when
//! `r >= -1` (the glue can shrink that much) and its badness is within the tolerance.
//!
//! Like TeX it runs up to three passes, stopping at the first that finds a feasible breaking:
//! 1. without hyphenation (soft hyphens ignored) and `pretolerance`;
//! 2. with hyphenation and `tolerance`;
//! 3. with `emergency_stretch` added to every line's stretchability when computing badness.
//!
//! Pass 3 may still leave a line stretched beyond [`HBADNESS`], where TeX would report an
//! underfull line. Then, if the paragraph has last-resort breaks ([`BreakClass::LastResort`]:
//! inside a long numeral or an address), a fourth pass weighs them: every line that is not
//! overfull is feasible, its badness counted without emergency stretch, so a last resort (whose
//! penalty is about `HBADNESS`) is taken where it mends a line looser than that.
//!
//! Only when no pass finds a feasible breaking does it fall back to first fit (as many items on
//! each line as fit; a box wider than the measure then overflows its line).

use crate::units::Pt;

/// A penalty of this or more is never a break (TeX's `\@M`).
pub const NEVER: f64 = 10_000.0;
/// A penalty of this or less is a forced break (TeX's `-\@M`).
pub const FORCED: f64 = -10_000.0;
/// Stretch of at least this much counts as infinite (TeX's `fil`): the glue that ends a
/// paragraph (`\parfillskip`) so its last line may end short. Infinite stretch is counted apart,
/// so it never drowns finite stretch in rounding.
pub const FIL: Pt = Pt(100_000.0);
/// Badness of a line that cannot stretch enough: "infinitely bad" in TeX (`inf_bad`).
pub const INFINITELY_BAD: f64 = 10_000.0;

/// One element of a paragraph to break.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    /// Something of nearly fixed width: a word, part of a word, a note mark. `flex` is how much
    /// its glyphs may widen or narrow, by font expansion (pdfTeX's `\pdfadjustspacing`) and
    /// letter spacing together; zero for a rigid box.
    ///
    /// Unlike pdfTeX, which shares a line's adjustment between glyphs and spaces in proportion,
    /// the glyphs take it first and the spaces only what is left: a line that its boxes' flex
    /// alone can fill costs nothing (badness 0), and badness measures what the eye sees, the
    /// word spaces. (Measured on the bundled books against the proportional share, at equal
    /// hyphenation the spread of word spaces is 0.05 smaller: 1.35 against 1.40.)
    Box { width: Pt, flex: Pt },
    /// A space: its natural width, how much it may grow and shrink. A stretch of [`FIL`] or more
    /// is infinite.
    Glue { width: Pt, stretch: Pt, shrink: Pt },
    /// A possible break of cost `penalty` ([`NEVER`] forbids it, [`FORCED`] forces it); `width`
    /// is what the line gets when it breaks here (the hyphen; negative for what hangs into the
    /// margin). `class` says which passes may take it.
    Penalty {
        width: Pt,
        penalty: f64,
        class: BreakClass,
    },
}

/// What kind of break a penalty offers, which decides the passes that may take it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakClass {
    /// Any break that is no hyphen (after a dash, a forced break, a kern that forbids one): every
    /// pass.
    Plain,
    /// TeX's *flagged* penalty, a hyphen: with a positive width a soft hyphen the line adds (from
    /// pass 2 on), with none (or a negative one) a break after a hyphen in the text (every pass).
    Hyphen,
    /// A break no style guide likes (inside a long numeral or an address): only pass 4 and first
    /// fit take it, when pass 3 leaves a line beyond [`HBADNESS`].
    LastResort,
}

/// The tuning of [`linebreak`]. The defaults are TeX's plain/LaTeX values, except where noted.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakParams {
    /// Badness limit of pass 1 (no hyphenation). TeX's `\pretolerance` = 100: a paragraph that
    /// sets with lines no looser than that needs no hyphens at all. Negative skips pass 1.
    pub pretolerance: f64,
    /// Badness limit of passes 2 and 3. TeX's `\tolerance` = 200 (plain TeX and LaTeX):
    /// stretched up to r ≈ 1.26.
    pub tolerance: f64,
    /// Extra stretchability per line in pass 3 (TeX's `\emergencystretch`; zero skips pass 3).
    /// TeX's default is 0; LaTeX users commonly set 1.5–3em to avoid overfull lines, and this
    /// value is chosen by the paragraph builder from the font size.
    pub emergency_stretch: Pt,
    /// Added to every line's badness before squaring (TeX's `\linepenalty` = 10): makes fewer
    /// lines better.
    pub line_penalty: f64,
    /// For two hyphenated lines in a row (TeX's `\doublehyphendemerits` = 10000).
    pub double_hyphen_demerits: f64,
    /// For a hyphen at the end of the last-but-one line (TeX's `\finalhyphendemerits` = 5000).
    pub final_hyphen_demerits: f64,
    /// For adjacent lines whose fitness classes differ by more than one (TeX's `\adjdemerits` =
    /// 10000): a very loose line next to a decent or tight one.
    pub adj_demerits: f64,
    /// The most hyphenated lines in a row (InDesign's "hyphen limit"); 0 = no limit. TeX has no
    /// such hard limit, only `double_hyphen_demerits`. Ignored by the first-fit fallback.
    pub max_consecutive_hyphens: usize,
    /// Stretchability added at the end of every line (TeX's `\rightskip`): zero for justified
    /// text; for ragged right, interword glue is rigid and this is the room the ragged margin has.
    pub right_stretch: Pt,
    /// Lines more (or, negative, fewer) than the best breaking has (TeX's `\looseness`): the
    /// breaking with the line count nearest that, not past it, is taken. Only passes 1 and 2 are
    /// tried for it, so every line stays within `tolerance`; where neither reaches the count the
    /// paragraph is set as with 0. A page builder asks for it to fill a page, or to free one.
    pub looseness: i32,
}

impl Default for BreakParams {
    fn default() -> Self {
        BreakParams {
            pretolerance: 100.0,
            tolerance: 200.0,
            emergency_stretch: Pt::ZERO,
            line_penalty: 10.0,
            double_hyphen_demerits: 10_000.0,
            final_hyphen_demerits: 5_000.0,
            adj_demerits: 10_000.0,
            max_consecutive_hyphens: 0,
            right_stretch: Pt::ZERO,
            looseness: 0,
        }
    }
}

/// The badness beyond which a line is too loose to leave if a last-resort break can mend it:
/// TeX's default `\hbadness`, from which it reports an underfull line (the glue stretched 2.15
/// times its stretch).
pub const HBADNESS: f64 = 1000.0;

/// Which pass found the breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Pass {
    NoHyphenation,
    Hyphenation,
    EmergencyStretch,
    /// With the last-resort breaks and no tolerance, when pass 3 left a line beyond
    /// [`HBADNESS`].
    LastResorts,
    FirstFit,
}

/// The end of one line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    /// The item the line breaks at (a glue or penalty), or `items.len()` when the paragraph does
    /// not end with a forced break. The line holds the items from the previous break's
    /// [`line_start`] up to (not including) this one, plus the penalty's width if it is one.
    pub position: usize,
    /// The adjustment ratio of the line (with its real stretch, without emergency stretch): 0 at
    /// natural width, 1 fully stretched, -1 fully shrunk, `INFINITY` if it cannot stretch at all.
    pub ratio: f64,
    /// Whether the line ends at a flagged penalty (a hyphen).
    pub flagged: bool,
    /// How far the line sticks out past the measure after full shrinking (zero when it fits).
    pub overflow: Pt,
    pub pass: Pass,
}

/// Breaks `items` into lines. Line `i` is `measures[i]` wide (the last measure for all later
/// lines; an empty slice means zero). Returns one [`Break`] per line, in order.
pub fn linebreak(items: &[Item], measures: &[Pt], params: &BreakParams) -> Vec<Break> {
    let sums = Sums::of(items);
    let problem = Problem {
        items,
        measures,
        params,
        sums: &sums,
    };
    if params.looseness != 0 {
        return problem.loosened().unwrap_or_else(|| {
            let params = BreakParams {
                looseness: 0,
                ..*params
            };
            linebreak(items, measures, &params)
        });
    }
    if params.pretolerance >= 0.0 {
        if let Some((breaks, _)) = problem.total_fit(Pass::NoHyphenation) {
            return breaks;
        }
    }
    if let Some((breaks, _)) = problem.total_fit(Pass::Hyphenation) {
        return breaks;
    }
    let emergency = if params.emergency_stretch > Pt::ZERO {
        problem
            .total_fit(Pass::EmergencyStretch)
            .map(|(breaks, _)| breaks)
    } else {
        None
    };
    let last_resorts = items.iter().any(|item| {
        matches!(
            item,
            Item::Penalty {
                class: BreakClass::LastResort,
                ..
            }
        )
    });
    match emergency {
        Some(breaks) if !last_resorts || problem.loosest(&breaks) <= HBADNESS => breaks,
        emergency => (last_resorts
            .then(|| problem.total_fit(Pass::LastResorts))
            .flatten()
            .map(|(breaks, _)| breaks))
        .or(emergency)
        .unwrap_or_else(|| problem.first_fit()),
    }
}

/// Where the line after a break at `position` starts: past the glue and (unforced) penalties
/// that a break discards.
pub fn line_start(items: &[Item], position: usize) -> usize {
    let mut i = position + 1;
    while i < items.len() {
        match items[i] {
            Item::Box { .. } => break,
            Item::Penalty { penalty, .. } if penalty <= FORCED => break,
            _ => i += 1,
        }
    }
    i.min(items.len())
}

/// Running totals before each item, so any line's totals are one subtraction.
#[derive(Debug, Clone, Copy, Default)]
struct Total {
    width: f64,
    /// What the boxes' glyphs can widen or narrow (their `flex`).
    flex: f64,
    stretch: f64,
    shrink: f64,
    /// Infinite stretch, in units of [`FIL`].
    fil: f64,
}

struct Sums(Vec<Total>);

impl Sums {
    fn of(items: &[Item]) -> Sums {
        let mut out = Vec::with_capacity(items.len() + 1);
        let mut t = Total::default();
        out.push(t);
        for item in items {
            match *item {
                Item::Box { width, flex } => {
                    t.width += width.0;
                    t.flex += flex.0;
                }
                Item::Glue {
                    width,
                    stretch,
                    shrink,
                } => {
                    t.width += width.0;
                    if stretch >= FIL {
                        t.fil += stretch.0 / FIL.0;
                    } else {
                        t.stretch += stretch.0;
                    }
                    t.shrink += shrink.0;
                }
                Item::Penalty { .. } => {}
            }
            out.push(t);
        }
        Sums(out)
    }
}

struct Problem<'a> {
    items: &'a [Item],
    measures: &'a [Pt],
    params: &'a BreakParams,
    sums: &'a Sums,
}

/// A feasible break kept in the search, with the best way found to reach it.
#[derive(Debug, Clone, Copy)]
struct Node {
    position: usize,
    /// The index where the next line starts (after discarded items).
    start: usize,
    /// Lines before this break.
    line: usize,
    fitness: u8,
    /// Hyphenated lines in a row ending here.
    hyphens: usize,
    flagged: bool,
    demerits: f64,
    previous: Option<usize>,
}

/// The fit of one line.
struct Fit {
    ratio: f64,
    badness: f64,
    overflow: f64,
}

impl Problem<'_> {
    fn measure(&self, line: usize) -> f64 {
        match self.measures.len() {
            0 => 0.0,
            n => self.measures[line.min(n - 1)].0,
        }
    }

    /// The lines past which all measures are equal, for merging nodes of different line numbers
    /// (never, when a looseness asks for a line count: TeX's `easy_line`).
    fn line_class(&self, line: usize) -> usize {
        if self.params.looseness == 0 {
            line.min(self.measures.len())
        } else {
            line
        }
    }

    /// The breaking `looseness` asks for, from pass 1 or else pass 2 (TeX goes on to its
    /// emergency pass; a line looser than `tolerance` is not worth a page), or `None` where
    /// neither reaches the line count.
    fn loosened(&self) -> Option<Vec<Break>> {
        let passes = [Pass::NoHyphenation, Pass::Hyphenation];
        let skip = usize::from(self.params.pretolerance < 0.0);
        passes[skip..].iter().find_map(|&pass| {
            self.total_fit(pass)
                .filter(|&(_, actual)| actual == self.params.looseness)
                .map(|(breaks, _)| breaks)
        })
    }

    /// Whether `position` is a legal break in `pass`, and its penalty and flag.
    fn break_at(&self, position: usize, pass: Pass) -> Option<(f64, bool, f64)> {
        if position == self.items.len() {
            return Some((FORCED, false, 0.0));
        }
        match self.items[position] {
            Item::Box { .. } => None,
            Item::Glue { .. } => {
                let after_box =
                    position > 0 && matches!(self.items[position - 1], Item::Box { .. });
                after_box.then_some((0.0, false, 0.0))
            }
            Item::Penalty {
                width,
                penalty,
                class,
            } => {
                let allowed = match class {
                    BreakClass::Plain => true,
                    BreakClass::Hyphen => width <= Pt::ZERO || pass != Pass::NoHyphenation,
                    BreakClass::LastResort => matches!(pass, Pass::LastResorts | Pass::FirstFit),
                };
                let flagged = class == BreakClass::Hyphen;
                (penalty < NEVER && allowed).then_some((penalty, flagged, width.0))
            }
        }
    }

    /// The fit of the line from `start` to a break at `position` (of pre-break width `extra`).
    fn fit(&self, start: usize, position: usize, extra: f64, line: usize, emergency: f64) -> Fit {
        let a = self.sums.0[start.min(position)];
        let b = self.sums.0[position];
        let natural = b.width - a.width + extra;
        let measure = self.measure(line);
        if natural <= measure {
            let fil = b.fil - a.fil;
            let flex = b.flex - a.flex;
            let stretch = b.stretch - a.stretch + self.params.right_stretch.0 + flex;
            let room = measure - natural;
            if fil > 0.0 || room == 0.0 {
                return Fit {
                    ratio: 0.0,
                    badness: 0.0,
                    overflow: 0.0,
                };
            }
            let ratio = if stretch > 0.0 {
                room / stretch
            } else {
                f64::INFINITY
            };
            // The glyphs take their flex first; badness measures what the spaces take.
            let glue = stretch - flex + emergency;
            let beyond = (room - flex).max(0.0);
            let badness = if beyond == 0.0 {
                0.0
            } else if glue > 0.0 {
                badness(beyond / glue)
            } else {
                INFINITELY_BAD + 1.0
            };
            Fit {
                ratio,
                badness,
                overflow: 0.0,
            }
        } else {
            let flex = b.flex - a.flex;
            let shrink = b.shrink - a.shrink + flex;
            let excess = natural - measure;
            let ratio = if shrink > 0.0 {
                -excess / shrink
            } else {
                f64::NEG_INFINITY
            };
            let beyond = (excess - flex).max(0.0);
            let glue = shrink - flex;
            Fit {
                ratio,
                badness: if ratio < -1.0 {
                    INFINITELY_BAD
                } else if beyond == 0.0 {
                    0.0
                } else if glue > 0.0 {
                    badness(beyond / glue)
                } else {
                    INFINITELY_BAD
                },
                overflow: (excess - shrink).max(0.0),
            }
        }
    }

    /// The best breaking in `pass` (for a looseness, the one nearest its line count) and how many
    /// lines it has more than the best (0 without a looseness).
    fn total_fit(&self, pass: Pass) -> Option<(Vec<Break>, i32)> {
        let p = self.params;
        let threshold = match pass {
            Pass::NoHyphenation => p.pretolerance,
            // Every line that is not overfull: pass 4 weighs the loose lines by their true badness
            // against the last resorts' penalties.
            Pass::LastResorts => INFINITELY_BAD,
            _ => p.tolerance,
        };
        let emergency = if pass == Pass::EmergencyStretch {
            p.emergency_stretch.0
        } else {
            0.0
        };
        let mut nodes = vec![Node {
            position: 0,
            start: 0,
            line: 0,
            fitness: DECENT,
            hyphens: 0,
            flagged: false,
            demerits: 0.0,
            previous: None,
        }];
        let mut active: Vec<usize> = vec![0];
        let last = self.last_break();
        // The best new node per class (fitness, hyphen run, line class) at this break.
        let mut candidates: Vec<Node> = Vec::new();
        for position in 0..=last {
            let Some((penalty, flagged, extra)) = self.break_at(position, pass) else {
                continue;
            };
            let forced = penalty <= FORCED;
            candidates.clear();
            let mut keep = Vec::with_capacity(active.len());
            for &index in &active {
                let node = nodes[index];
                if node.start > position {
                    keep.push(index);
                    continue;
                }
                let fit = self.fit(node.start, position, extra, node.line, emergency);
                if fit.ratio >= -1.0 && fit.badness <= threshold {
                    let hyphens = if flagged { node.hyphens + 1 } else { 0 };
                    let allowed =
                        p.max_consecutive_hyphens == 0 || hyphens <= p.max_consecutive_hyphens;
                    if allowed {
                        let fitness = fitness(fit.ratio, fit.badness);
                        let demerits = node.demerits
                            + self.demerits(&node, &fit, penalty, flagged, fitness, forced);
                        let class = (fitness, hyphens, self.line_class(node.line + 1));
                        let candidate = Node {
                            position,
                            start: line_start(self.items, position),
                            line: node.line + 1,
                            fitness,
                            hyphens,
                            flagged,
                            demerits,
                            previous: Some(index),
                        };
                        match candidates
                            .iter_mut()
                            .find(|c| (c.fitness, c.hyphens, self.line_class(c.line)) == class)
                        {
                            Some(best) if best.demerits <= demerits => {}
                            Some(slot) => *slot = candidate,
                            None => candidates.push(candidate),
                        }
                    }
                }
                // A line that is already too long only gets longer; a forced break ends all.
                if !(fit.ratio < -1.0 || forced) {
                    keep.push(index);
                }
            }
            active = keep;
            for candidate in candidates.drain(..) {
                nodes.push(candidate);
                active.push(nodes.len() - 1);
            }
            if active.is_empty() {
                return None;
            }
        }
        let ends: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&i| nodes[i].position == last && i != 0)
            .collect();
        let (best, actual) = self.nearest(&nodes, &ends)?;
        let mut chain = Vec::new();
        let mut cursor = Some(best);
        while let Some(index) = cursor {
            let node = nodes[index];
            if let Some(previous) = node.previous {
                let from = nodes[previous];
                chain.push(self.make_break(from.start, from.line, node.position, pass));
            }
            cursor = node.previous;
        }
        chain.reverse();
        Some((chain, actual))
    }

    /// Of the breakings ending at `ends`, the one `looseness` asks for (TeX's choice: the line
    /// count nearest the best one's plus the looseness, not past it, and the fewest demerits at
    /// that count), and how many lines it has more than the best.
    fn nearest(&self, nodes: &[Node], ends: &[usize]) -> Option<(usize, i32)> {
        let fewest = |a: &usize, b: &usize| nodes[*a].demerits.total_cmp(&nodes[*b].demerits);
        let best = ends.iter().copied().min_by(fewest)?;
        let looseness = self.params.looseness;
        let diff = |i: usize| nodes[i].line as i64 - nodes[best].line as i64;
        let reach = ends
            .iter()
            .map(|&i| diff(i))
            .filter(|&d| d.signum() == i64::from(looseness.signum()) || d == 0)
            .filter(|&d| d.abs() <= i64::from(looseness.abs()))
            .max_by_key(|d| d.abs())
            .unwrap_or(0);
        let chosen = ends
            .iter()
            .copied()
            .filter(|&i| diff(i) == reach)
            .min_by(fewest)?;
        Some((chosen, i32::try_from(reach).unwrap_or(0)))
    }

    fn demerits(
        &self,
        from: &Node,
        fit: &Fit,
        penalty: f64,
        flagged: bool,
        fitness: u8,
        forced: bool,
    ) -> f64 {
        let p = self.params;
        let base = (p.line_penalty + fit.badness).min(NEVER);
        let mut d = base * base;
        if penalty >= 0.0 {
            d += penalty * penalty;
        } else if !forced {
            d -= penalty * penalty;
        }
        if flagged && from.flagged {
            d += p.double_hyphen_demerits;
        }
        if forced && from.flagged {
            d += p.final_hyphen_demerits;
        }
        if fitness.abs_diff(from.fitness) > 1 {
            d += p.adj_demerits;
        }
        d
    }

    /// The badness of the loosest line of `breaks`, counted with the lines' own stretch (no
    /// emergency stretch).
    fn loosest(&self, breaks: &[Break]) -> f64 {
        let mut start = 0;
        let mut worst: f64 = 0.0;
        for (line, b) in breaks.iter().enumerate() {
            let extra = self.break_at(b.position, b.pass).map_or(0.0, |(_, _, w)| w);
            worst = worst.max(self.fit(start, b.position, extra, line, 0.0).badness);
            start = line_start(self.items, b.position);
        }
        worst
    }

    fn make_break(&self, start: usize, line: usize, position: usize, pass: Pass) -> Break {
        let (_, flagged, extra) = self.break_at(position, pass).unwrap_or((0.0, false, 0.0));
        let fit = self.fit(start, position, extra, line, 0.0);
        Break {
            position,
            ratio: fit.ratio,
            flagged,
            overflow: Pt(fit.overflow),
            pass,
        }
    }

    /// The fallback: each line takes what fits; a line that nothing fits on breaks at the first
    /// legal break and overflows.
    fn first_fit(&self) -> Vec<Break> {
        let last = self.last_break();
        let mut breaks = Vec::new();
        let mut start = 0;
        let mut line = 0;
        let mut fitting: Option<usize> = None;
        let mut position = 0;
        while position <= last {
            let legal = self.break_at(position, Pass::Hyphenation);
            let Some((penalty, _, extra)) = legal.filter(|_| start <= position) else {
                position += 1;
                continue;
            };
            let fit = self.fit(start, position, extra, line, 0.0);
            let chosen = if fit.ratio < -1.0 {
                fitting.unwrap_or(position)
            } else if penalty <= FORCED || position == last {
                position
            } else {
                fitting = Some(position);
                position += 1;
                continue;
            };
            breaks.push(self.make_break(start, line, chosen, Pass::FirstFit));
            if chosen == last {
                break;
            }
            start = line_start(self.items, chosen);
            line += 1;
            fitting = None;
            position = chosen + 1;
        }
        breaks
    }

    /// The final break: the closing forced penalty, or just past the end.
    fn last_break(&self) -> usize {
        match self.items.last() {
            Some(Item::Penalty { penalty, .. }) if *penalty <= FORCED => self.items.len() - 1,
            _ => self.items.len(),
        }
    }
}

const VERY_LOOSE: u8 = 0;
const LOOSE: u8 = 1;
const DECENT: u8 = 2;
const TIGHT: u8 = 3;

/// TeX's fitness classes: a badness over 12 is visibly loose or tight, over 99 very loose.
fn fitness(ratio: f64, badness: f64) -> u8 {
    if ratio < 0.0 {
        if badness > 12.0 {
            TIGHT
        } else {
            DECENT
        }
    } else if badness > 99.0 {
        VERY_LOOSE
    } else if badness > 12.0 {
        LOOSE
    } else {
        DECENT
    }
}

/// TeX's badness: about `100 r^3`, capped at [`INFINITELY_BAD`].
fn badness(ratio: f64) -> f64 {
    (100.0 * ratio.abs().powi(3)).min(INFINITELY_BAD)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(w: f64) -> Item {
        Item::Box {
            width: Pt(w),
            flex: Pt::ZERO,
        }
    }

    fn space() -> Item {
        Item::Glue {
            width: Pt(3.0),
            stretch: Pt(1.5),
            shrink: Pt(1.0),
        }
    }

    fn end() -> [Item; 2] {
        [
            Item::Glue {
                width: Pt::ZERO,
                stretch: FIL,
                shrink: Pt::ZERO,
            },
            Item::Penalty {
                width: Pt::ZERO,
                penalty: FORCED,
                class: BreakClass::Plain,
            },
        ]
    }

    #[test]
    fn one_short_line() {
        let mut items = vec![word(10.0), space(), word(10.0)];
        items.extend(end());
        let breaks = linebreak(&items, &[Pt(100.0)], &BreakParams::default());
        assert_eq!(breaks.len(), 1);
        assert_eq!(breaks[0].position, 4);
        assert_eq!(breaks[0].ratio, 0.0);
        assert_eq!(breaks[0].pass, Pass::NoHyphenation);
    }

    #[test]
    fn two_justified_lines() {
        // Four words of 20 with spaces of 3: "a b c" is 66, so at 60 it must break, and
        // "a b" (43) stretched to 60 is far too loose, so it takes a soft hyphen in "c".
        let mut items = vec![word(20.0), space(), word(20.0), space(), word(12.0)];
        items.push(Item::Penalty {
            width: Pt(2.0),
            penalty: 50.0,
            class: BreakClass::Hyphen,
        });
        items.extend([word(8.0), space(), word(20.0)]);
        items.extend(end());
        let breaks = linebreak(&items, &[Pt(60.0)], &BreakParams::default());
        let positions: Vec<_> = breaks.iter().map(|b| b.position).collect();
        assert_eq!(positions, vec![5, 10]);
        assert!(breaks[0].flagged);
        assert_eq!(breaks[0].pass, Pass::Hyphenation);
        // 20 + 3 + 20 + 3 + 12 + 2 = 60: exactly the measure.
        assert!(breaks[0].ratio.abs() < 1e-9);
    }

    #[test]
    fn overlong_word_falls_back_to_first_fit_and_overflows() {
        let mut items = vec![word(10.0), space(), word(150.0), space(), word(10.0)];
        items.extend(end());
        let breaks = linebreak(&items, &[Pt(100.0)], &BreakParams::default());
        assert!(breaks.iter().all(|b| b.pass == Pass::FirstFit));
        let overflow: Vec<_> = breaks.iter().map(|b| b.overflow.0).collect();
        assert_eq!(overflow, vec![0.0, 50.0, 0.0]);
    }

    #[test]
    fn hyphen_limit_is_respected() {
        // Many syllables: lines can only end at hyphens; with a limit of 2 the third line must
        // break at a space even though it is looser.
        let mut items = Vec::new();
        for _ in 0..12 {
            items.extend([
                word(13.0),
                Item::Penalty {
                    width: Pt(2.0),
                    penalty: 50.0,
                    class: BreakClass::Hyphen,
                },
                word(13.0),
                space(),
            ]);
        }
        items.pop();
        items.extend(end());
        let params = BreakParams {
            max_consecutive_hyphens: 2,
            emergency_stretch: Pt(30.0),
            ..BreakParams::default()
        };
        let breaks = linebreak(&items, &[Pt(45.0)], &params);
        let mut run = 0;
        for b in &breaks {
            run = if b.flagged { run + 1 } else { 0 };
            assert!(run <= 2, "{breaks:?}");
        }
    }

    /// Words of 40, 30 and 40 with a last-resort break in the middle of the 30.
    fn last_resort_paragraph(cost: f64) -> Vec<Item> {
        let mut items = vec![word(40.0), space(), word(15.0)];
        items.push(Item::Penalty {
            width: Pt::ZERO,
            penalty: cost,
            class: BreakClass::LastResort,
        });
        items.extend([word(15.0), space(), word(40.0)]);
        items.extend(end());
        items
    }

    #[test]
    fn a_last_resort_break_is_taken_only_when_nothing_else_sets() {
        let params = BreakParams {
            emergency_stretch: Pt(20.0),
            ..BreakParams::default()
        };
        // Breaking at either space leaves a line of 40 in 59 with no space to stretch (pass 3
        // sets it, infinitely bad), so pass 4 takes the last-resort break (40 + 3 + 15 = 58),
        // though its cost is high.
        let breaks = linebreak(&last_resort_paragraph(HBADNESS), &[Pt(59.0)], &params);
        let positions: Vec<_> = breaks.iter().map(|b| b.position).collect();
        assert_eq!(positions, vec![3, 8]);
        assert_eq!(breaks[0].pass, Pass::LastResorts);
        assert!(!breaks[0].flagged);
        // Words of 10, 10, 20 + 10 (a last resort between) and 10, with spaces of 3 that stretch
        // 10 and shrink 3. At 42 the first line holds "10 10" stretched 1.9 times (badness 686):
        // beyond the tolerance, so pass 3 sets it, but within `HBADNESS`, so it stays, though
        // the last resort would set "10 10 20" shrunk (46 in 42). At 46 the same line would be
        // stretched 2.3 times (1217): the last resort is taken.
        let glue = Item::Glue {
            width: Pt(3.0),
            stretch: Pt(10.0),
            shrink: Pt(3.0),
        };
        let mut items = vec![word(10.0), glue, word(10.0), glue, word(20.0)];
        items.push(Item::Penalty {
            width: Pt::ZERO,
            penalty: HBADNESS,
            class: BreakClass::LastResort,
        });
        items.extend([word(10.0), glue, word(10.0)]);
        items.extend(end());
        let kept = linebreak(&items, &[Pt(42.0)], &params);
        assert_eq!(kept[0].position, 3, "{kept:?}");
        assert_eq!(kept[0].pass, Pass::EmergencyStretch);
        let mended = linebreak(&items, &[Pt(46.0)], &params);
        assert_eq!(mended[0].position, 5, "{mended:?}");
        assert_eq!(mended[0].pass, Pass::LastResorts);
        // Without the last resort, pass 3's setting stands, however loose.
        items.remove(5);
        let loose = linebreak(&items, &[Pt(46.0)], &params);
        assert_eq!(loose[0].position, 3, "{loose:?}");
        assert_eq!(loose[0].pass, Pass::EmergencyStretch);
    }

    /// `words` words of 10 with spaces of 3 (stretch 1.5, shrink 1), ended. A full line holds 7
    /// words (88 wide) or 8 (101): 6 would stretch beyond the tolerance at any measure below.
    fn words(words: usize) -> Vec<Item> {
        let mut items = vec![word(10.0)];
        for _ in 1..words {
            items.extend([space(), word(10.0)]);
        }
        items.extend(end());
        items
    }

    /// The number of words on each line of `breaks` of `items` (as [`words`] makes them).
    fn per_line(items: &[Item], breaks: &[Break]) -> Vec<usize> {
        let mut start = 0;
        let mut out = Vec::new();
        for b in breaks {
            let boxes = items[start..b.position.min(items.len())]
                .iter()
                .filter(|item| matches!(item, Item::Box { .. }))
                .count();
            out.push(boxes);
            start = line_start(items, b.position);
        }
        out
    }

    #[test]
    fn a_looseness_sets_a_line_more_or_fewer_within_the_tolerance() {
        let with = |looseness| BreakParams {
            looseness,
            ..BreakParams::default()
        };
        let items = words(29);
        // At 98, 8 words shrink a little (badness 8) and 7 stretch 1.11 times (137: beyond
        // pass 1's pretolerance, within the tolerance). The best is three lines of 8; a line
        // more takes pass 2 and lines of 7, the last a word.
        let measure = [Pt(98.0)];
        let best = linebreak(&items, &measure, &with(0));
        assert_eq!(per_line(&items, &best), [8, 8, 8, 5]);
        let longer = linebreak(&items, &measure, &with(1));
        assert_eq!(per_line(&items, &longer), [7, 7, 7, 7, 1]);
        assert!(longer.iter().all(|b| b.ratio <= 1.26), "{longer:?}");
        assert!(longer.iter().all(|b| b.pass == Pass::Hyphenation));
        // Three lines cannot hold 29 words, nor six lines of 7 or 8 words hold only 29: out of
        // reach, the paragraph is set at its best.
        assert_eq!(linebreak(&items, &measure, &with(-1)), best);
        assert_eq!(linebreak(&items, &measure, &with(2)), best);
        // At 95, 7 words stretch 0.78 times (47) and 8 shrink 0.86 times (63): the best is four
        // lines of 7, and a line fewer shrinks three lines to 8.
        let measure = [Pt(95.0)];
        let best = linebreak(&items, &measure, &with(0));
        assert_eq!(per_line(&items, &best), [7, 7, 7, 7, 1]);
        let shorter = linebreak(&items, &measure, &with(-1));
        assert_eq!(per_line(&items, &shorter), [8, 8, 8, 5]);
        assert!(shorter.iter().all(|b| b.ratio >= -1.0), "{shorter:?}");
    }
}
