//! The print-quality report, counted from the final pages (never from intentions).
//!
//! Every figure is recomputed from what the pages hold after front and back matter are attached:
//! the lines as placed, the notes at each foot, the figures that floated. `out/<book>.report.json`
//! is this struct; [`Report::summary`] is the console line.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::breaker::{above_foot, is_hole, short_by, Depth, HOLE_LINES};
use super::page::Page;
use super::render::{LastLine, LineFacts, Out, PageRecord};
use super::spreads::RUNT_LINES;
use crate::diag::Diagnostic;
use crate::model::{Book, PageStart, Place};
use crate::text::LOOSE_RATIO;
use crate::units::Pt;

/// What the report measures pages and lines against.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    /// The body's leading: a hole or a runt is counted in its lines.
    pub leading: Pt,
    /// How much a word space may stretch, as a fraction of its width: a loose line's spaces are
    /// stretched more than [`LOOSE_RATIO`] times that.
    pub stretch: f64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    pub pages: usize,
    /// Lines of running text: body paragraphs and notes (headings, folios, captions excluded).
    pub lines: usize,
    /// Lines whose glue had to shrink beyond its limit (adjustment ratio below -1).
    pub overfull_lines: usize,
    /// Justified lines whose word spaces stretch beyond TeX's `\hbadness` ([`LOOSE_RATIO`]
    /// times their stretch): only a paragraph that could not be set otherwise has one, and each
    /// is also a warning that quotes it.
    pub loose_lines: usize,
    pub hyphenated_lines: usize,
    /// Lines ending in a hyphen, as a percentage of `lines`.
    pub hyphenated_percent: f64,
    /// The longest run of consecutive lines ending in a hyphen.
    pub longest_hyphen_run: usize,
    /// Adjustment ratio over justified lines that are not the last of their paragraph; `None`
    /// (null in the JSON) when there are none (a book of code, tables or ragged text).
    pub mean_ratio: Option<f64>,
    pub p95_ratio: Option<f64>,
    /// The tightest twentieth: the 5th percentile of the same ratios.
    pub p5_ratio: Option<f64>,
    /// The spread of adjustment ratios: `p95_ratio - p5_ratio` (0 when every line is set alike).
    pub ratio_spread: Option<f64>,
    /// The spread of word spaces on the same lines, each space counted: the 95th-percentile
    /// space over the median space, as set (the glyphs' expansion and letter spacing apart). It
    /// is what `pdfstats.py` measures from the PDF's word boxes, read from inside: 1 is
    /// perfectly even (0 when no line has a space).
    pub space_spread: f64,
    /// A paragraph's last line alone at the top of a page.
    pub widows: usize,
    /// A paragraph's first line alone at the foot of a page.
    pub orphans: usize,
    /// Headings followed by fewer than two lines on their page while the text goes on.
    pub stranded_headings: usize,
    /// Notes whose first line is not on the page of their first mark (must be 0).
    pub notes_off_page: usize,
    /// Notes continued on a following page.
    pub notes_split: usize,
    /// Figures placed on a later page than their place in the text.
    pub figures_deferred: usize,
    /// The most pages a deferred figure stands after the page of its call (1: the next page's
    /// top, where a figure called in a page's last lines goes; more: a figure adrift).
    pub figures_deferred_furthest: usize,
    /// Pages (other than a chapter's last) whose text ends two or more body lines short.
    pub pages_with_holes: usize,
    /// The largest such gap, in body lines.
    pub largest_hole_lines: f64,
    /// Pages set a line long and a line short, with the page facing them (see `spreads`): the
    /// compositor's remedy for a hole or a figure off its call's page, used sparingly.
    pub pages_long: usize,
    pub pages_short: usize,
    /// Spreads inside a chapter whose two pages' feet do not line up: a verso and the recto
    /// facing it, both going on with their chapter, ending half a body line or more apart
    /// (`FEET_APART`; a page with notes ends at the notes' foot, the text block's).
    pub spreads_feet_apart: usize,
    /// A chapter's last page, not its first, filled less than four body lines deep: a page
    /// turned for a line or two.
    pub runt_pages: usize,
    /// Body lines (in the body's leading) that do not stand on a line of the text block: the
    /// baseline grid (`grid`) keeps this 0 on pages of running text.
    pub lines_off_grid: usize,
    /// Paragraphs set a line longer or shorter than their best setting, within the line
    /// breaker's tolerance, to mend a hole or a runt (TeX's `\looseness`, asked by `mend`).
    pub paragraphs_loosened: usize,
    /// Where to look: the labels (as printed) of the pages counted above.
    pub pages_with: PagesWith,
    /// The same pages with the place in the text to look at, for the build's notes (see
    /// `Spot::note`); not in the JSON, whose notes carry them with file, line and column.
    #[serde(skip)]
    pub spots: Vec<Spot>,
}

/// A page of the counts above that an editor may mend, and the place in the text to look at.
#[derive(Debug, Clone, PartialEq)]
pub struct Spot {
    /// The page's label, as printed.
    pub page: String,
    pub kind: SpotKind,
    /// See [`SpotKind`]; `None` when there is no text to point at.
    pub place: Option<Place>,
}

/// What is wrong with a [`Spot`]'s page, and what its place is.
#[derive(Debug, Clone, PartialEq)]
pub enum SpotKind {
    /// The page ends `lines` body lines short while its chapter goes on; the place is where the
    /// text that went to the next page begins (it could not begin at this page's foot).
    /// `fullest` is the page's paragraph whose last line is fullest, to lengthen.
    Hole {
        lines: f64,
        fullest: Option<LastLine>,
    },
    /// A figure stands `pages` pages after the page of its call, `called_on`, which had `room`
    /// body lines left below the call for a figure `needs` lines tall, and would have had them
    /// set `before` a paragraph higher on that page; the place is the figure's.
    Deferred {
        pages: usize,
        called_on: String,
        room: f64,
        needs: f64,
        before: Option<Place>,
    },
    /// A chapter's last page holds only `lines` body lines; the place is where they begin.
    Runt { lines: f64 },
    /// The page begins with a paragraph's last line; the place is that line.
    Widow,
    /// The page ends with a paragraph's first line; the place is where the paragraph goes on.
    Orphan,
}

impl Spot {
    /// The note that points an editor at this spot: at the place's file, line and column, with
    /// what would mend it (the compositor's last resort is a word more or less in the text).
    pub fn note(&self, book: &Book) -> Option<Diagnostic> {
        let (file, at) = book.locate(self.place.as_ref()?)?;
        let named = match &self.kind {
            SpotKind::Deferred { before, .. } => before.as_ref(),
            SpotKind::Hole { fullest, .. } => fullest.as_ref().map(|last| &last.place),
            SpotKind::Runt { .. } | SpotKind::Widow | SpotKind::Orphan => None,
        };
        let paragraph = named
            .and_then(|place| book.locate(place))
            .map(|(other, at)| {
                if other == file {
                    format!("line {}", at.line)
                } else {
                    format!("{}:{}", other.display(), at.line)
                }
            });
        let (message, hint) = self.words(paragraph.as_deref());
        Some(Diagnostic::note(file, Some(at), message).with_hint(hint))
    }

    /// The note's message and hint; `paragraph`: where the paragraph the hint names is (`line
    /// 41`, or with its file when that is another), the one a deferred figure would have had its
    /// room before or a hole's page's fullest.
    fn words(&self, paragraph: Option<&str>) -> (String, String) {
        let page = &self.page;
        match &self.kind {
            SpotKind::Hole { lines, fullest } => {
                // Each line of text more before it closes the gap by a line.
                let more = lines_of((lines - HOLE_LINES).max(0.0).floor() as usize + 1);
                let message = format!(
                    "page {page} ends {lines:.1} lines short of its text block: the next page \
                     begins in the text here, which could not go on at its foot"
                );
                let hint = match (paragraph, fullest) {
                    (Some(paragraph), Some(last)) => format!(
                        "{more} more of text before it on page {page} fills the page to within a \
                         line; the paragraph at {paragraph}, whose last line is {:.0} % full, \
                         gains one with a few words",
                        last.fill * 100.0
                    ),
                    _ => format!(
                        "{more} more of text before it on page {page} (a few words in a \
                         paragraph whose last line is nearly full) fills the page to within a line"
                    ),
                };
                (message, hint)
            }
            SpotKind::Deferred {
                pages,
                called_on,
                room,
                needs,
                ..
            } => (
                format!(
                    "the figure stands on page {page}, {} after its place in the text (page \
                     {called_on}), which had {room:.1} lines left below it of the {needs:.1} it \
                     takes",
                    match pages {
                        1 => "a page".to_owned(),
                        n => format!("{n} pages"),
                    }
                ),
                match paragraph {
                    Some(paragraph) => format!(
                        "placed before the paragraph at {paragraph}, it has the room it takes on \
                         page {called_on}"
                    ),
                    None => format!(
                        "placed about {} earlier in the text, it fits on its page",
                        lines_of((needs - room).max(1.0).ceil() as usize)
                    ),
                },
            ),
            SpotKind::Runt { lines } => (
                format!(
                    "page {page} ends its chapter with only {} of text, begun in the paragraph \
                     here",
                    lines_of(lines.floor().max(1.0) as usize)
                ),
                "a line or two less text in the chapter's last paragraphs brings them back a page"
                    .to_owned(),
            ),
            SpotKind::Widow => (
                format!(
                    "page {page} begins with the last line of the paragraph here (a widow): \
                     kept with the rest of it, the page before would end two or more lines short"
                ),
                LONE_LINE_HINT.to_owned(),
            ),
            SpotKind::Orphan => (
                format!(
                    "page {page} ends with the first line of the paragraph that goes on here (an \
                     orphan): kept with the rest of it, the page would end two or more lines short"
                ),
                LONE_LINE_HINT.to_owned(),
            ),
        }
    }
}

/// What mends a widow or an orphan, which widow control let go only to fill a page.
const LONE_LINE_HINT: &str = "a few words more or less in this paragraph, or in one above it on \
     its first page, keep its lines together; `widow_control = \"always\"` in the style keeps them together \
     whatever gap that leaves";

/// The pages of the report's counts that an editor may want to look at (and mend by editing the
/// text, the compositor's last resort).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PagesWith {
    pub loose_lines: Vec<String>,
    pub holes: Vec<String>,
    /// Pages with a figure deferred to them.
    pub deferred_figures: Vec<String>,
    pub runts: Vec<String>,
    /// The versos of the spreads whose feet are apart.
    pub feet_apart: Vec<String>,
    /// Where the paragraphs set a line longer or shorter begin.
    pub loosened: Vec<String>,
}

impl Report {
    /// The one-line console summary.
    pub fn summary(&self) -> String {
        let ratio = match (self.mean_ratio, self.p95_ratio, self.ratio_spread) {
            (Some(mean), Some(p95), Some(spread)) => {
                format!("mean {mean:.2} p95 {p95:.2} spread {spread:.2}")
            }
            _ => "n/a (no justified lines)".to_owned(),
        };
        let furthest = match self.figures_deferred_furthest {
            0 => String::new(),
            pages => format!(" (furthest {})", counted(pages, "page on", "pages on")),
        };
        format!(
            "{}, {}, {} overfull, {} loose, {:.1} % hyphenated (longest run {}), ratio {ratio}, word spaces \
             p95/median {:.2}; {}, {}, {}, {} off their page, {} split, {} deferred{furthest}, {} \
             (largest {:.1} lines), {} a line long, {} a line short, {} with feet apart, {}, {} \
             off the grid, {} a line longer or shorter",
            counted(self.pages, "page", "pages"),
            counted(self.lines, "line", "lines"),
            self.overfull_lines,
            self.loose_lines,
            self.hyphenated_percent,
            self.longest_hyphen_run,
            self.space_spread,
            counted(self.widows, "widow", "widows"),
            counted(self.orphans, "orphan", "orphans"),
            counted(
                self.stranded_headings,
                "stranded heading",
                "stranded headings"
            ),
            counted(self.notes_off_page, "note", "notes"),
            self.notes_split,
            counted(self.figures_deferred, "figure", "figures"),
            counted(
                self.pages_with_holes,
                "page with a hole",
                "pages with holes"
            ),
            self.largest_hole_lines,
            counted(self.pages_long, "page", "pages"),
            self.pages_short,
            counted(self.spreads_feet_apart, "spread", "spreads"),
            counted(self.runt_pages, "runt", "runts"),
            counted(self.lines_off_grid, "line", "lines"),
            counted(self.paragraphs_loosened, "paragraph", "paragraphs"),
        )
    }
}

/// `count` and its noun, singular for one.
fn counted(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// Counts the report from the rendered pages and their records; `leading` is the body's, in which
/// holes are measured.
pub fn count(out: &Out, scale: Scale) -> Report {
    let leading = scale.leading;
    let loose_spacing = 1.0 + LOOSE_RATIO * scale.stretch;
    let mut report = Report {
        pages: out.layout.pages.len(),
        ..Report::default()
    };
    let mut ratios = Vec::new();
    // (spacing, spaces) of the same lines.
    let mut spaces: Vec<(f64, usize)> = Vec::new();
    let mut tally = |facts: &LineFacts, run: &mut usize, report: &mut Report| {
        report.lines += 1;
        if facts.ratio < -1.0 - 1e-9 {
            report.overfull_lines += 1;
        }
        if facts.hyphenated {
            report.hyphenated_lines += 1;
            *run += 1;
            report.longest_hyphen_run = report.longest_hyphen_run.max(*run);
        } else {
            *run = 0;
        }
        // A line without glue to stretch (one word, a ragged line) has an infinite ratio or
        // none: it says nothing of the spacing.
        if facts.justified && facts.index + 1 < facts.count && facts.ratio.is_finite() {
            ratios.push(facts.ratio);
            if facts.spacing.is_finite() {
                spaces.push((facts.spacing, facts.spaces));
            }
        }
    };
    let mut mark_page: BTreeMap<&str, usize> = BTreeMap::new();
    let mut note_pages: BTreeMap<&str, BTreeSet<usize>> = BTreeMap::new();
    let mut first_line_page: BTreeMap<&str, usize> = BTreeMap::new();
    let mut body_run = 0;
    for (page, record) in out.records.iter().enumerate() {
        let mut foot_run = 0;
        for facts in record.lines.iter().filter(|f| !f.heading) {
            tally(facts, &mut body_run, &mut report);
        }
        for (note, index, facts) in &record.foot {
            tally(facts, &mut foot_run, &mut report);
            note_pages.entry(note.as_str()).or_default().insert(page);
            if *index == 0 {
                first_line_page.entry(note.as_str()).or_insert(page);
            }
        }
        for facts in &record.lines {
            for note in &facts.notes {
                mark_page.entry(note.as_str()).or_insert(page);
            }
        }
        count_page(&mut report, &out.layout.pages, page, record, leading);
        report.lines_off_grid += record.lines.iter().filter(|f| f.off_grid).count();
        let loosened = (record.lines.iter())
            .filter(|f| f.looseness != 0 && f.index == 0)
            .count();
        if loosened > 0 {
            report.paragraphs_loosened += loosened;
            let label = out.layout.pages[page].label.clone();
            report.pages_with.loosened.push(label);
        }
        let foot = record.foot.iter().map(|(_, _, facts)| facts);
        let loose = (record.lines.iter().chain(foot))
            .filter(|f| f.justified && f.index + 1 < f.count && f.spacing > loose_spacing)
            .count();
        if loose > 0 {
            report.loose_lines += loose;
            let label = out.layout.pages[page].label.clone();
            report.pages_with.loose_lines.push(label);
        }
        let text: Vec<&LineFacts> = record.lines.iter().collect();
        count_lone_lines(&mut report, out, page, &text);
        // Headings: the lines that follow each heading paragraph on this page.
        for (i, facts) in text.iter().enumerate() {
            let last_of_heading = facts.heading && facts.index + 1 == facts.count;
            let next_is_heading = text.get(i + 1).is_some_and(|f| f.heading);
            if !last_of_heading || next_is_heading {
                continue;
            }
            let following = text[i + 1..].iter().take_while(|f| !f.heading).count();
            // Stranded: at the page foot with fewer than two lines, while the chapter goes on.
            let at_foot = following == text.len() - i - 1;
            if following < 2 && at_foot && record.continues {
                report.stranded_headings += 1;
            }
        }
    }
    count_feet(&mut report, out, leading);
    report.notes_off_page = mark_page
        .iter()
        .filter(|(note, page)| first_line_page.get(*note) != Some(*page))
        .count();
    report.notes_split = note_pages.values().filter(|pages| pages.len() > 1).count();
    if report.lines > 0 {
        report.hyphenated_percent = 100.0 * report.hyphenated_lines as f64 / report.lines as f64;
    }
    if !ratios.is_empty() {
        report.mean_ratio = Some(ratios.iter().sum::<f64>() / ratios.len() as f64);
        ratios.sort_by(f64::total_cmp);
        let p95 = percentile(&ratios, 0.95);
        let p5 = percentile(&ratios, 0.05);
        (report.p95_ratio, report.p5_ratio) = (Some(p95), Some(p5));
        report.ratio_spread = Some(p95 - p5);
    }
    report.space_spread = space_spread(spaces);
    report
}

/// Counts a paragraph's lone line at the head of page `index` (a widow) or at its foot (an
/// orphan), of the page's `text` lines. One that widow control let go to fill a page (the page
/// that ends beside it says so) is also a spot at its paragraph; a style may allow others
/// (`widows = 1`), which are counted but not noted.
fn count_lone_lines(report: &mut Report, out: &Out, index: usize, text: &[&LineFacts]) {
    let pages = &out.layout.pages;
    let lone = |facts: &&&LineFacts| !facts.heading && facts.count > 1;
    let given_way = |page: Option<usize>| {
        page.and_then(|page| out.records.get(page))
            .is_some_and(|record| record.lone_line)
    };
    let spot = |kind: SpotKind, at: usize| Spot {
        page: pages[index].label.clone(),
        kind,
        place: pages
            .get(at)
            .and_then(|page| text_start(&page.start))
            .cloned(),
    };
    if text
        .first()
        .filter(lone)
        .is_some_and(|f| f.index + 1 == f.count)
    {
        report.widows += 1;
        if given_way(index.checked_sub(1)) {
            report.spots.push(spot(SpotKind::Widow, index));
        }
    }
    if text.last().filter(lone).is_some_and(|f| f.index == 0) {
        report.orphans += 1;
        if given_way(Some(index)) {
            report.spots.push(spot(SpotKind::Orphan, index + 1));
        }
    }
}

/// Counts what page `index` of `pages` shows in its make-up: its deferred figures, a hole at its
/// foot, its depth, a runt ending its chapter.
fn count_page(report: &mut Report, pages: &[Page], index: usize, record: &PageRecord, leading: Pt) {
    let page = &pages[index];
    let lines = |height: Pt| height.0 / leading.0.max(1.0);
    let spot = |kind: SpotKind, place: Option<&Place>| Spot {
        page: page.label.clone(),
        kind,
        place: place.cloned(),
    };
    if !record.deferred.is_empty() {
        report.pages_with.deferred_figures.push(page.label.clone());
    }
    for deferral in &record.deferred {
        report.figures_deferred += 1;
        report.figures_deferred_furthest = report.figures_deferred_furthest.max(deferral.pages);
        let called_on = index
            .checked_sub(deferral.pages)
            .map(|at| pages[at].label.clone());
        let kind = SpotKind::Deferred {
            pages: deferral.pages,
            called_on: called_on.unwrap_or_default(),
            room: lines(deferral.room),
            needs: lines(deferral.height),
            before: deferral.before.clone(),
        };
        report.spots.push(spot(kind, deferral.place.as_ref()));
    }
    if record.continues {
        let short = short_by(lines(record.hole), page.depth);
        if is_hole(short) {
            report.pages_with_holes += 1;
            report.pages_with.holes.push(page.label.clone());
            let next = pages
                .get(index + 1)
                .and_then(|next| text_start(&next.start));
            let kind = SpotKind::Hole {
                lines: short,
                fullest: record.fullest.clone(),
            };
            report.spots.push(spot(kind, next));
        }
        report.largest_hole_lines = report.largest_hole_lines.max(short);
    }
    match page.depth {
        Depth::Full => {}
        Depth::Long => report.pages_long += 1,
        Depth::Short => report.pages_short += 1,
    }
    let ends = !record.continues && !record.lines.is_empty();
    if ends && !page.opening && lines(record.filled) < RUNT_LINES {
        report.runt_pages += 1;
        report.pages_with.runts.push(page.label.clone());
        let kind = SpotKind::Runt {
            lines: lines(record.filled),
        };
        report.spots.push(spot(kind, text_start(&page.start)));
    }
}

/// How far apart, in body lines, a spread's feet are counted as apart: on the baseline grid feet
/// differ by whole lines, and a page with a figure by less; under half a line the eye does not
/// take the difference for a line.
pub const FEET_APART: f64 = 0.5;

/// Counts the spreads whose feet are apart (see [`Report::spreads_feet_apart`]). Page 0 is a
/// recto, so each odd page is a verso with its recto after it.
fn count_feet(report: &mut Report, out: &Out, leading: Pt) {
    // Where a page's text ends above the foot of its text block (its depth's, both pages alike).
    let foot = |r: &PageRecord| above_foot(r.hole, r.foot.len());
    let inside = |r: &PageRecord| r.continues && !r.lines.is_empty();
    for verso in (1..out.records.len().saturating_sub(1)).step_by(2) {
        let (left, right) = (&out.records[verso], &out.records[verso + 1]);
        let apart = (foot(left) - foot(right)).0.abs() / leading.0.max(1.0);
        if inside(left) && inside(right) && apart >= FEET_APART - 1e-6 {
            report.spreads_feet_apart += 1;
            let label = out.layout.pages[verso].label.clone();
            report.pages_with.feet_apart.push(label);
        }
    }
}

/// "a line", "2 lines": how much text a hint asks for.
fn lines_of(count: usize) -> String {
    match count {
        1 => "a line".to_owned(),
        n => format!("{n} lines"),
    }
}

/// The place of a page's first word of body text, when it has one.
fn text_start(start: &PageStart) -> Option<&Place> {
    match start {
        PageStart::Text { place } => Some(place),
        PageStart::Matter { .. } | PageStart::Nothing => None,
    }
}

/// The value at fraction `at` of sorted `values` (the nearest rank: the smallest value with at
/// least that fraction of the values at or below it).
fn percentile(values: &[f64], at: f64) -> f64 {
    let rank = ((values.len() as f64) * at).ceil() as usize;
    values[rank.saturating_sub(1).min(values.len() - 1)]
}

/// The 95th-percentile word space over the median, each line's spacing counted once per space
/// (0 when no line has a space).
fn space_spread(mut lines: Vec<(f64, usize)>) -> f64 {
    lines.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: usize = lines.iter().map(|(_, n)| n).sum();
    let at = |fraction: f64| {
        let rank = ((total as f64) * fraction).ceil() as usize;
        let mut seen = 0;
        lines
            .iter()
            .find(|(_, n)| {
                seen += n;
                seen >= rank.max(1)
            })
            .map_or(1.0, |(spacing, _)| *spacing)
    };
    if total == 0 {
        return 0.0;
    }
    let (p95, median) = (at(0.95), at(0.5));
    // An overfull line's spaces may be set at nothing: no spread is meaningful then.
    if median > 0.0 && (p95 / median).is_finite() {
        p95 / median
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::page::Layout;
    use crate::layout::structure::Structure;

    const LEADING: Pt = Pt(10.0);
    const SCALE: Scale = Scale {
        leading: LEADING,
        stretch: 0.5,
    };

    /// A book of `pages`: each its depth, whether it opens or ends its chapter, and how many
    /// lines of its text block it fills (of 10; 11 long, 9 short).
    fn out(pages: &[(Depth, bool, bool, f64)]) -> Out {
        let (mut laid, mut records) = (Vec::new(), Vec::new());
        for &(depth, opening, closing, filled) in pages {
            let height = match depth {
                Depth::Full => 10.0,
                Depth::Long => 11.0,
                Depth::Short => 9.0,
            };
            laid.push(Page {
                label: (laid.len() + 1).to_string(),
                depth,
                opening,
                ..Page::default()
            });
            records.push(PageRecord {
                lines: vec![LineFacts::default(); filled as usize],
                hole: LEADING * (height - filled),
                filled: LEADING * filled,
                continues: !closing,
                ..PageRecord::default()
            });
        }
        Out {
            layout: Layout {
                width: Pt(300.0),
                height: Pt(400.0),
                pages: laid,
                outline: Vec::new(),
                images: Vec::new(),
                first_arabic_page: 0,
                structure: Structure::default(),
            },
            records,
            warnings: Vec::new(),
            anchor_pages: BTreeMap::new(),
            alts: BTreeMap::new(),
        }
    }

    #[test]
    fn a_short_page_a_line_above_its_depth_is_a_hole_a_long_one_is_not() {
        let report = count(
            &out(&[
                (Depth::Short, true, false, 8.0),
                (Depth::Short, false, false, 9.0),
                (Depth::Long, false, false, 10.0),
                (Depth::Long, false, true, 3.0),
            ]),
            SCALE,
        );
        assert_eq!(report.pages_with_holes, 1, "{}", report.summary());
        assert_eq!(report.pages_with.holes, ["1"]);
        assert!((report.largest_hole_lines - 2.0).abs() < 1e-9);
        assert_eq!((report.pages_long, report.pages_short), (2, 2));
    }

    #[test]
    fn a_chapter_ending_on_a_page_of_three_lines_is_a_runt() {
        let report = count(
            &out(&[
                (Depth::Full, true, false, 10.0),
                (Depth::Full, false, true, 3.0),
                // A chapter of one page is no runt, however short.
                (Depth::Full, true, true, 2.0),
                (Depth::Full, true, false, 10.0),
                (Depth::Full, false, true, 4.0),
            ]),
            SCALE,
        );
        assert_eq!(report.runt_pages, 1, "{}", report.summary());
        assert_eq!(report.pages_with.runts, ["2"]);
        assert!(
            report.summary().contains(", 1 runt,"),
            "{}",
            report.summary()
        );
    }

    #[test]
    fn a_spread_whose_feet_are_a_line_apart_is_counted_by_its_verso() {
        let mut book = out(&[
            (Depth::Full, true, false, 10.0),
            // Pages 2 and 3: a line apart.
            (Depth::Full, false, false, 9.0),
            (Depth::Full, false, false, 10.0),
            // Pages 4 and 5: a line apart, but page 4's notes end at the block's foot.
            (Depth::Full, false, false, 9.0),
            (Depth::Full, false, false, 10.0),
            // Pages 6 and 7: less than half a line apart.
            (Depth::Full, false, false, 10.0),
            (Depth::Full, false, false, 10.0),
            // Pages 8 and 9: the chapter ends on page 9, which may end anywhere.
            (Depth::Full, false, false, 10.0),
            (Depth::Full, false, true, 6.0),
        ]);
        book.records[3]
            .foot
            .push(("n1".to_owned(), 0, LineFacts::default()));
        book.records[6].hole = LEADING * 0.4;
        let report = count(&book, SCALE);
        assert_eq!(report.spreads_feet_apart, 1, "{}", report.summary());
        assert_eq!(report.pages_with.feet_apart, ["2"]);
        assert!(
            report.summary().contains("1 spread with feet apart"),
            "{}",
            report.summary()
        );
    }

    #[test]
    fn a_line_stretched_beyond_hbadness_is_loose_unless_it_ends_its_paragraph() {
        let mut book = out(&[
            (Depth::Full, true, false, 10.0),
            (Depth::Full, false, true, 5.0),
        ]);
        let line = |spacing: f64, index: usize, justified: bool| LineFacts {
            index,
            count: 3,
            spacing,
            justified,
            ..LineFacts::default()
        };
        // With a stretch of half a space, spaces over 2.075 times their width are loose.
        book.records[1].lines = vec![
            line(2.2, 0, true),
            line(2.0, 1, true),
            // A paragraph's last line and a ragged line are never loose.
            line(3.0, 2, true),
            line(3.0, 0, false),
        ];
        let report = count(&book, SCALE);
        assert_eq!(report.loose_lines, 1, "{}", report.summary());
        assert_eq!(report.pages_with.loose_lines, ["2"]);
        assert!(
            report.summary().contains("0 overfull, 1 loose"),
            "{}",
            report.summary()
        );
    }

    #[test]
    fn a_notes_hint_asks_for_the_text_that_mends_its_page() {
        let spot = |kind| Spot {
            page: "84".to_owned(),
            kind,
            place: None,
        };
        let hint = |kind| spot(kind).words(None).1;
        // A line more text leaves a gap of 2.03 lines 1.03 short, which is no hole; 3.5 needs two.
        let hole = |lines| SpotKind::Hole {
            lines,
            fullest: None,
        };
        assert!(hint(hole(2.03)).starts_with("a line more of text"));
        assert!(hint(hole(3.5)).starts_with("2 lines more of text"));
        let fullest = SpotKind::Hole {
            lines: 2.03,
            fullest: Some(LastLine {
                place: Place {
                    chapter: 0,
                    path: Vec::new(),
                    offset: 0,
                },
                fill: 0.704,
            }),
        };
        assert_eq!(
            spot(fullest).words(Some("line 9")).1,
            "a line more of text before it on page 84 fills the page to within a line; the \
             paragraph at line 9, whose last line is 70 % full, gains one with a few words"
        );
        let deferred = SpotKind::Deferred {
            pages: 1,
            called_on: "83".to_owned(),
            room: 4.6,
            needs: 15.0,
            before: None,
        };
        let (message, hint) = spot(deferred.clone()).words(None);
        assert!(
            message.starts_with(
                "the figure stands on page 84, a page after its place in the \
                 text (page 83), which had 4.6 lines left below it of the 15.0 it takes"
            ),
            "{message}"
        );
        assert!(hint.starts_with("placed about 11 lines earlier"), "{hint}");
        let (_, hint) = spot(deferred).words(Some("line 41"));
        assert_eq!(
            hint,
            "placed before the paragraph at line 41, it has the room it takes on page 83"
        );
    }
}
