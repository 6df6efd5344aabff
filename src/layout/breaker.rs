//! The page builder: one page of a chapter's flow and notes at a time, from where the page
//! before it ended ([`spreads`](super::spreads) chooses each spread's depth for the chapter).
//!
//! A page is filled greedily with backtracking to the last legal break, like TeX's page builder
//! but with footnotes and floats handled in the same pass:
//!
//! - Elements are added to the page while they fit. A line's footnotes go into the page's foot
//!   queue; the page's height is the body plus a separator plus the foot that must stay on it.
//! - A short note (at most [`SPLIT_NOTE_LINES`] lines) must fit whole with its mark's line, or the
//!   line goes to the next page. A longer note may split: its mark's line needs only the note's
//!   first line below it; the rest continues at the foot of the next page, before that page's own
//!   notes.
//! - When the next element does not fit, the page ends at the last *legal* break seen: not inside a
//!   paragraph where fewer than `orphans` lines would stay behind or fewer than `widows` would go
//!   ahead (unless the page is set with [`Split::LoneLine`], which `spreads` asks for only where
//!   that fills a page that would end a hole short), and not after a heading that is followed by
//!   fewer than two lines. A space at a page top is dropped and a page never ends with a space.
//! - Figures are placed where they stand when they fit (several on a page when they do). A picture
//!   that misses the room there by a little is set smaller, in whole lines and never below
//!   [`MIN_PICTURE_SCALE`](super::figure::MIN_PICTURE_SCALE) (the page plan records the cut). One
//!   that does not fit even so floats, and three places are weighed, as LaTeX's `htbp` does: the
//!   top of the next page while the text flows on (the default: the figure follows its text); the
//!   top of the current page when that page is a verso, so the figure and its text share the
//!   spread and nothing is deferred, or when its paragraph still begins on the page; and the
//!   current page, top or bottom, when the chapter's text would end on it, so a figure never
//!   floats past the end of its chapter onto a page of its own. On a chapter's opening page the
//!   top is below the chapter's heading: a figure called in the chapter's first lines opens it
//!   under its title.
//! - A page is filled to the depth its spread is set at: the text block's, a line long or a line
//!   short (see [`Depth`]).
//! - Where a page break cuts a run the flow fitted to whole lines (a quote carried over, a space
//!   dropped at the top), the next body line or figure goes back on the baseline grid: the page
//!   is walked with the renderer's [`Grid`], so both put it in the same place.
//! - If no legal break exists on a page (a paragraph longer than a page with a heading above...),
//!   the page breaks where it overflows; the report counts what that costs.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::flow::{Element, FlowLine, NoteLines};
use super::grid::Grid;
use crate::style::WidowControl;
use crate::units::Pt;

/// Notes up to this many lines move with their mark's line rather than split: a split costs the
/// reader a page turn, which is worth it only for a note too long to keep whole.
pub const SPLIT_NOTE_LINES: usize = 4;

/// How deep a page's text runs, against the text block: the compositor's remedy for a hole or a
/// figure off its call's page is a spread set a line long or short, both pages alike (the
/// layout's `spreads` chooses).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Depth {
    #[default]
    Full,
    /// A line longer than the text block.
    Long,
    /// A line shorter than the text block.
    Short,
}

/// What a page holds, by element index into the chapter's flow.
#[derive(Debug, Clone, Default)]
pub struct PagePlan {
    /// The first page of a chapter (no running head; folio at the foot).
    pub opening: bool,
    /// The last page of a chapter (its text may end anywhere).
    pub closing: bool,
    /// How deep the text runs: the text block, or a line more or less with the facing page.
    pub depth: Depth,
    /// Figures at the top: floated here from an earlier page, or brought up from later on it.
    pub floats: Vec<usize>,
    /// Elements in order (figures that floated away are not here).
    pub body: Vec<usize>,
    /// Figures of `body` set shorter to stay where they are called, by how much (see
    /// [`FlowFigure::cut_to_fit`](super::figure::FlowFigure::cut_to_fit)).
    pub shortened: Vec<(usize, Pt)>,
    /// Footnote lines: note id and line index.
    pub foot: Vec<(String, usize)>,
    /// Widow and orphan control gave way at the page's end (see [`Split::LoneLine`]): it ends
    /// after a paragraph's first line or before its last, where keeping them together left a
    /// hole.
    pub lone_line: bool,
}

/// Page geometry the breaker needs.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// The height of the text block.
    pub height: Pt,
    /// The room above the notes: space and the short rule.
    pub separator: Pt,
    pub widows: usize,
    pub orphans: usize,
    /// Whether `widows` and `orphans` may give way to fill a page.
    pub widow_control: WidowControl,
    /// The body leading: a long page is one of these longer.
    pub leading: Pt,
}

impl Frame {
    /// The text block at `depth`: a long page reaches one line lower, a short one a line higher.
    pub fn at(&self, depth: Depth) -> Frame {
        let height = match depth {
            Depth::Full => self.height,
            Depth::Long => self.height + self.leading,
            Depth::Short => self.height - self.leading,
        };
        Frame { height, ..*self }
    }
}

#[derive(Debug, Clone, Default)]
struct State {
    used: Pt,
    /// Foot height that must stay on this page (see `SPLIT_NOTE_LINES`).
    required: Pt,
    body: Vec<usize>,
    /// Figures of `body` set shorter, and by how much.
    shortened: Vec<(usize, Pt)>,
    deferred: Vec<usize>,
    /// The foot queue: carried lines, then the lines of notes marked in `body`.
    queue: Vec<(String, usize, Pt)>,
    /// How many queue entries must stay on this page.
    min_queue: usize,
    /// Lines set since the last heading on this page (`None`: no heading yet).
    since_heading: Option<usize>,
    /// Where the page's lines stand against the text block's (see [`Grid`]).
    grid: Grid,
}

/// A [`State`] to go back to: its scalars and the lengths of its lists, which only grow while a
/// page fills (cheaper than a copy at every legal break).
#[derive(Debug, Clone, Copy)]
struct Mark {
    used: Pt,
    required: Pt,
    min_queue: usize,
    since_heading: Option<usize>,
    grid: Grid,
    body: usize,
    shortened: usize,
    deferred: usize,
    queue: usize,
}

impl State {
    fn mark(&self) -> Mark {
        Mark {
            used: self.used,
            required: self.required,
            min_queue: self.min_queue,
            since_heading: self.since_heading,
            grid: self.grid,
            body: self.body.len(),
            shortened: self.shortened.len(),
            deferred: self.deferred.len(),
            queue: self.queue.len(),
        }
    }

    /// Back to where the state stood at `mark`.
    fn rewind(&mut self, mark: Mark) {
        self.used = mark.used;
        self.required = mark.required;
        self.min_queue = mark.min_queue;
        self.since_heading = mark.since_heading;
        self.grid = mark.grid;
        self.body.truncate(mark.body);
        self.shortened.truncate(mark.shortened);
        self.deferred.truncate(mark.deferred);
        self.queue.truncate(mark.queue);
    }
}

/// Where breaking stands between pages: the next element, note lines carried to the next foot,
/// figures waiting to float. (A note is placed once the line of its first mark is: see
/// [`Pages::placed`].)
#[derive(Debug, Clone, Default)]
pub(super) struct Cursor {
    pos: usize,
    carry: VecDeque<(String, usize, Pt)>,
    floats: Vec<usize>,
    /// Figures placed at the top of a page before their place in the flow, which is still to come:
    /// skipped there.
    advanced: BTreeSet<usize>,
}

impl Cursor {
    /// Whether the chapter (of `len` elements) is all set: text, notes and figures.
    pub fn done(&self, len: usize) -> bool {
        self.pos >= len && self.carry.is_empty() && self.floats.is_empty()
    }

    /// Whether breaking stands at the same place from here on as at `other`.
    pub fn same_place(&self, other: &Cursor) -> bool {
        self.pos == other.pos
            && self.floats == other.floats
            && self.advanced == other.advanced
            && self.carry.len() == other.carry.len()
            && self
                .carry
                .iter()
                .zip(&other.carry)
                .all(|(a, b)| a.0 == b.0 && a.1 == b.1)
    }
}

/// One page as [`fill`] sets it.
#[derive(Debug, Clone)]
pub(super) struct Filled {
    pub plan: PagePlan,
    /// Where breaking stands after the page.
    pub next: Cursor,
    /// Whether anything was placed.
    progressed: bool,
    /// The height left empty above the notes (or the text block's foot).
    pub hole: Pt,
}

/// Where a page falls: a chapter's first page or not, a verso or a recto, the depth its spread
/// is set at, and where it may end in a paragraph.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    pub opening: bool,
    pub verso: bool,
    pub depth: Depth,
    pub split: Split,
}

/// Where a page may end inside a paragraph.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) enum Split {
    /// Leaving at least the frame's `orphans` lines at its foot and carrying at least its
    /// `widows` to the next page's head.
    #[default]
    Kept,
    /// Anywhere but inside a table's row: a paragraph's lone first line may end the page, or its
    /// lone last line begin the next. The search asks for this only of a page that ends a hole
    /// short with the paragraph's lines kept (see [`WidowControl`]).
    LoneLine,
}

/// What breaking a chapter reads: its flow, its notes and the text block.
pub(super) struct Pages<'a> {
    pub elements: &'a [Element],
    pub notes: &'a BTreeMap<String, NoteLines>,
    pub frame: Frame,
    /// The element of each note's first mark.
    first_marks: BTreeMap<&'a str, usize>,
}

impl<'a> Pages<'a> {
    pub fn new(
        elements: &'a [Element],
        notes: &'a BTreeMap<String, NoteLines>,
        frame: Frame,
    ) -> Pages<'a> {
        let mut first_marks = BTreeMap::new();
        for (i, element) in elements.iter().enumerate() {
            if let Element::Line(line) = element {
                for note in &line.line.notes {
                    first_marks.entry(note.as_str()).or_insert(i);
                }
            }
        }
        Pages {
            elements,
            notes,
            frame,
            first_marks,
        }
    }

    /// Whether note `id` was queued on a page before the one starting at `cursor`: the line of
    /// its first mark was set there (all of a page's notes are queued with its lines).
    fn placed(&self, id: &str, cursor: &Cursor) -> bool {
        self.first_marks.get(id).is_some_and(|&at| at < cursor.pos)
    }

    /// Sets one page from `cursor` in `slot`: filled at its depth, with the figures it would
    /// defer brought up to its top when that keeps them near their text (`facing`: the verso
    /// before a recto), and the next element alone when nothing fits.
    pub fn set_page(&self, cursor: &Cursor, slot: &Slot, facing: Option<&PagePlan>) -> Filled {
        let mut set = self.fill(slot, cursor);
        if let Some(up) = self.bring_up(&set, cursor, slot, facing) {
            set = up;
        }
        set.plan.depth = slot.depth;
        set.plan.lone_line =
            slot.split == Split::LoneLine && ends_lone(self.elements, &self.frame, &set);
        if !set.progressed {
            // Nothing fit at all: place the next element alone on its page.
            set.plan.body.push(set.next.pos);
            set.next.pos += 1;
        }
        set
    }

    /// Fills one page from `cursor` in `slot`: the text block at its depth, split as it allows.
    fn fill(&self, slot: &Slot, cursor: &Cursor) -> Filled {
        fill(self, &self.frame.at(slot.depth), slot, cursor)
    }

    /// The page `set` set again with the figures it deferred brought up to its top: only when
    /// that places them, leaves no bigger gap than a line (or than the page had), and keeps them
    /// near their text (see [`bring_up`]).
    fn bring_up(
        &self,
        set: &Filled,
        cursor: &Cursor,
        slot: &Slot,
        facing_verso: Option<&PagePlan>,
    ) -> Option<Filled> {
        let (brought, figures) = bring_up(&set.plan, cursor, &set.next)?;
        let up = self.fill(slot, &brought);
        let placed = up.next.floats.len() < set.next.floats.len();
        let last_page = set.next.pos >= self.elements.len();
        let near = slot.verso
            || last_page
            || begun_on(self.elements, &[Some(&up.plan), facing_verso], &figures);
        let no_hole = up.hole <= set.hole.max(self.frame.leading * (HOLE_LINES - 1.0));
        (placed && up.progressed && no_hole && near).then_some(up)
    }
}

/// How many figures page `plan` holds, floated to its top or in its body.
pub(super) fn figures_on(plan: &PagePlan, elements: &[Element]) -> usize {
    (plan.floats.iter().chain(&plan.body))
        .filter(|&&i| matches!(elements.get(i), Some(Element::Figure(_))))
        .count()
}

/// A gap of this many body lines at a page foot is a hole: one line short is the accepted cost of
/// widow and orphan control; two is visible across a spread. The breaker mends what it can (a
/// spread a line long or short); the report counts what is left (see [`short_by`]).
pub(super) const HOLE_LINES: f64 = 2.0;

/// How many body lines short a page ends, `gap` lines above the foot of its text block at
/// `depth`: against that depth, or against the text block when the page is set a line short (a
/// short spread whose pages end a line higher still is as short as a hole beside the next).
pub(super) fn short_by(gap: f64, depth: Depth) -> f64 {
    match depth {
        Depth::Short => gap + 1.0,
        Depth::Full | Depth::Long => gap,
    }
}

/// Whether a page that ends `short` body lines short (see [`short_by`]) has a hole: the search
/// that avoids holes and the report that counts them ask this one question, so a gap a rounding
/// error under two lines (a sum of heights in floating point) is a hole to both.
pub(super) fn is_hole(short: f64) -> bool {
    short >= HOLE_LINES - 1e-6
}

/// How far above the foot of its text block a page's text ends, `hole` above the block's foot or
/// above its `notes` foot lines: a page with notes ends where they do, at the block's foot
/// (they are set there, whatever room is left above them). Facing pages are compared by this.
pub(super) fn above_foot(hole: Pt, notes: usize) -> Pt {
    if notes == 0 {
        hole
    } else {
        Pt::ZERO
    }
}

/// The cursor to set the page again from with the figures it deferred brought up to its top,
/// and those figures; `None` when it deferred none. The caller keeps the page set that way only
/// when the figures stay near their text: on a verso (the figure and its text share the
/// spread), on the page where the chapter's text ends (a figure never floats past its chapter
/// onto a page of its own), or where the paragraph before each figure still begins on the page
/// (the figure is at the top of the page its text is on, as LaTeX places it).
fn bring_up(plan: &PagePlan, cursor: &Cursor, next: &Cursor) -> Option<(Cursor, Vec<usize>)> {
    let deferred: Vec<usize> = next
        .floats
        .iter()
        .copied()
        .filter(|&f| f >= cursor.pos && !plan.floats.contains(&f))
        .collect();
    if deferred.is_empty() {
        return None;
    }
    let mut brought = cursor.clone();
    brought.floats.extend(deferred.iter().copied());
    brought.advanced.extend(deferred.iter().copied());
    Some((brought, deferred))
}

/// Whether the paragraph just before each of `figures` in the flow begins on one of `plans`
/// (true for a figure with no text before it in its chapter).
fn begun_on(elements: &[Element], plans: &[Option<&PagePlan>], figures: &[usize]) -> bool {
    figures.iter().all(|&f| {
        let before = call_of(f, elements).and_then(|call| match &elements[call] {
            Element::Line(line) => Some(line.para),
            _ => None,
        });
        before.is_none_or(|para| {
            plans.iter().flatten().any(|plan| {
                plan.body
                    .iter()
                    .any(|&i| matches!(&elements[i], Element::Line(line) if line.para == para))
            })
        })
    })
}

/// Whether figure `f`, at the top of the page `plan`, was deferred: text that follows it in the
/// flow was set on an earlier page. A figure that opens the page its following text opens stands
/// where it was written, even at a page top; one brought up from later on the page comes before
/// text that precedes it, which is not a deferral either (it shares the page with its text).
pub fn deferred(f: usize, plan: &PagePlan, elements: &[Element]) -> bool {
    match plan.body.first() {
        Some(&first) => elements
            .get(f + 1..first)
            .is_some_and(|between| between.iter().any(|e| matches!(e, Element::Line(_)))),
        // A page of figures alone: the text after them was set before (or the chapter ended).
        None => true,
    }
}

/// The figures page `page` defers, each with how many pages after its call it stands (its call:
/// the last line before it in the flow; 0 when it has none). 1 is the next page, where a figure
/// called in a page's last lines goes when it cannot stand there (LaTeX's `p` after its `t` is
/// refused); more is a figure adrift.
pub fn deferrals(page: usize, plans: &[PagePlan], elements: &[Element]) -> Vec<(usize, usize)> {
    let plan = &plans[page];
    plan.floats
        .iter()
        .filter(|&&f| deferred(f, plan, elements))
        .map(|&f| {
            let pages = call_of(f, elements)
                .and_then(|call| plans.iter().position(|p| p.body.contains(&call)))
                .map_or(0, |called_on| page.saturating_sub(called_on));
            (f, pages)
        })
        .collect()
}

/// The height of what `plan`'s page (the page of figure `f`'s call) sets after the call: with
/// the page's hole, the room the figure would have had there.
pub fn after_call(f: usize, plan: &PagePlan, elements: &[Element]) -> Pt {
    let Some(call) = call_of(f, elements) else {
        return Pt::ZERO;
    };
    (plan.body.iter())
        .filter(|&&index| index > call)
        .map(|&index| elements[index].height())
        .sum()
}

/// Where figure `f`, deferred from `plan`'s page (its call's page) for want of `missing` height
/// below its call, would have had the room it takes on that page: the first line of the nearest
/// paragraph before the call that begins on the page at least `missing` above the call's foot.
/// Set before that paragraph, the figure has the text from there to the call to give way below
/// it. `None` when no paragraph on the page is far enough up, or a heading comes first (the
/// figure would leave its section). A paragraph inside a block (a quote's second, a list item's)
/// is passed over: the figure goes before the block, not into it.
pub fn room_before(f: usize, plan: &PagePlan, elements: &[Element], missing: Pt) -> Option<usize> {
    let call = call_of(f, elements)?;
    let at = plan.body.iter().position(|&index| index == call)?;
    let mut gained = Pt::ZERO;
    for &index in plan.body[..=at].iter().rev() {
        gained += elements[index].height();
        if let Element::Line(line) = &elements[index] {
            if line.heading {
                return None;
            }
            // Text at the measure's edge, or the first line of a block (after its space).
            let opens_block = line.x == Pt::ZERO
                || index
                    .checked_sub(1)
                    .is_none_or(|before| !matches!(elements[before], Element::Line(_)));
            if line.index == 0 && opens_block && gained >= missing {
                return Some(index);
            }
        }
    }
    None
}

/// The call of figure `f`: the last line before it in the flow (none when it opens its chapter).
pub(super) fn call_of(f: usize, elements: &[Element]) -> Option<usize> {
    (0..f)
        .rev()
        .find(|&i| matches!(elements[i], Element::Line(_)))
}

/// Fills one page from `cursor`: the plan, the cursor after it, whether anything was placed, and
/// the height left empty above the notes.
fn fill(chapter: &Pages, frame: &Frame, slot: &Slot, cursor: &Cursor) -> Filled {
    let (elements, notes, opening) = (chapter.elements, chapter.notes, slot.opening);
    let mut plan = PagePlan {
        opening,
        ..PagePlan::default()
    };
    let mut state = State {
        grid: Grid::new(frame.leading),
        ..State::default()
    };
    // Floats first, at the top, while they fit (an oversized one goes on an empty page). On a
    // chapter's opening page the top is the chapter's heading: they wait for its text.
    let mut still_floating = Vec::new();
    let mut below_heading = Vec::new();
    for &f in &cursor.floats {
        let h = elements[f].height();
        if opening {
            below_heading.push(f);
        } else if state.used + h <= frame.height || plan.floats.is_empty() {
            state.used += h;
            plan.floats.push(f);
        } else {
            still_floating.push(f);
        }
    }
    // Carried note lines: keep up to half the page for them, so text still flows.
    for (note, line, h) in &cursor.carry {
        state.queue.push((note.clone(), *line, *h));
    }
    let carried: Pt = cursor.carry.iter().map(|(_, _, h)| *h).sum();
    if !cursor.carry.is_empty() {
        state.required = (frame.separator + carried).min(frame.height / 2.0);
        state.min_queue = 1;
    }
    let mut legal: Option<(usize, Mark)> = None;
    let mut i = cursor.pos;
    let mut noted_here: BTreeSet<String> = BTreeSet::new();
    while i < elements.len() {
        let element = &elements[i];
        if matches!(element, Element::Line(line) if !line.heading) && !below_heading.is_empty() {
            for f in below_heading.drain(..) {
                let h = elements[f].height();
                let mut grid = state.grid;
                let top = grid.top(&elements[f], state.used);
                if top + h + state.required <= frame.height && still_floating.is_empty() {
                    state.used = top + h;
                    state.grid = grid;
                    state.body.push(f);
                } else {
                    still_floating.push(f);
                }
            }
        }
        let empty = state.body.is_empty() && plan.floats.is_empty();
        match element {
            Element::Space(_) if state.body.is_empty() => {
                i += 1;
                continue;
            }
            Element::Figure(_) if cursor.advanced.contains(&i) => {
                i += 1;
                continue;
            }
            Element::Figure(figure) => {
                let h = element.height();
                // Figures keep their order: once one waits, the later ones wait behind it.
                let queue_waiting = !state.deferred.is_empty()
                    || !still_floating.is_empty()
                    || !below_heading.is_empty();
                let mut grid = state.grid;
                let top = grid.top(element, state.used);
                let room = frame.height - top - state.required;
                let fits = h <= room || empty;
                // A picture that nearly fits is set a little smaller where it is called.
                let cut = if fits || queue_waiting {
                    None
                } else {
                    figure.cut_to_fit(room, frame.leading)
                };
                if (fits || cut.is_some()) && !queue_waiting {
                    if is_legal(elements, &state, i, frame, slot.split) {
                        legal = Some((i, state.mark()));
                    }
                    if let Some(cut) = cut {
                        state.shortened.push((i, cut));
                    }
                    state.used = top + h - cut.unwrap_or(Pt::ZERO);
                    state.grid = grid;
                    state.body.push(i);
                } else {
                    state.deferred.push(i);
                }
                i += 1;
                continue;
            }
            _ => {}
        }
        if !state.body.is_empty() && is_legal(elements, &state, i, frame, slot.split) {
            legal = Some((i, state.mark()));
        }
        let mut h = element.height();
        if let (Element::Line(line), true) = (element, state.body.is_empty()) {
            // A table's body line opening a page brings the table's header with it.
            h += line.head.as_ref().map_or(Pt::ZERO, |head| head.height);
        }
        // The element taken on trial: undone when it does not fit.
        let before = state.mark();
        state.used = state.grid.top(element, state.used) + h;
        if let Element::Line(line) = element {
            if line.heading {
                state.since_heading = Some(0);
            } else if let Some(n) = state.since_heading.as_mut() {
                *n += 1;
            }
            for note in &line.line.notes {
                if chapter.placed(note, cursor) || noted_here.contains(note) {
                    continue;
                }
                if let Some(lines) = notes.get(note) {
                    queue_note(&mut state, note, lines, frame);
                }
            }
        }
        if state.used + state.required > frame.height && !(empty && before.body == 0) {
            state.rewind(before);
            break;
        }
        if let Element::Line(line) = element {
            for note in &line.line.notes {
                noted_here.insert(note.clone());
            }
        }
        state.body.push(i);
        i += 1;
    }
    let end = match legal {
        Some((at, mark)) if i < elements.len() && mark.body > 0 => {
            state.rewind(mark);
            at
        }
        _ => i,
    };
    still_floating.append(&mut below_heading);
    close_page(elements, frame, cursor, (plan, state, end), still_floating)
}

/// Queues a note marked on the line `next` is about to take: all its lines go into the foot
/// queue, and those that must stay on the page with the line (all of a short note or of one that
/// fits whole, else the first) count as required.
fn queue_note(next: &mut State, note: &str, lines: &NoteLines, frame: &Frame) {
    let before: Pt = next.queue.iter().map(|(_, _, h)| *h).sum();
    let whole: Pt = lines.lines.iter().map(|(_, _, h)| *h).sum();
    let first = lines.lines.first().map_or(Pt::ZERO, |(_, _, h)| *h);
    let whole_fits = next.used + frame.separator + before + whole <= frame.height;
    let keep_whole = whole_fits || lines.lines.len() <= SPLIT_NOTE_LINES;
    next.required = frame.separator + before + if keep_whole { whole } else { first };
    for (index, (_, _, h)) in lines.lines.iter().enumerate() {
        next.queue.push((note.to_owned(), index, *h));
    }
    next.min_queue =
        next.queue.len() - lines.lines.len() + if keep_whole { lines.lines.len() } else { 1 };
}

/// The page ended before element `end` with `state`: no space at its foot, as many queued note
/// lines as fit (at least the ones that must stay), and the cursor after it, which carries the
/// rest of the notes and the figures still waiting (`waiting`, then those the page deferred).
fn close_page(
    elements: &[Element],
    frame: &Frame,
    cursor: &Cursor,
    (mut plan, mut state, end): (PagePlan, State, usize),
    waiting: Vec<usize>,
) -> Filled {
    // Never end a page on a space.
    while let Some(&last) = state.body.last() {
        if matches!(elements[last], Element::Space(_)) {
            state.body.pop();
            state.used -= elements[last].height();
        } else {
            break;
        }
    }
    // The foot: as many queued lines as fit, at least the ones that must stay.
    let mut room = frame.height - state.used - frame.separator;
    let mut taken = 0;
    for (index, (_, _, h)) in state.queue.iter().enumerate() {
        if *h <= room + Pt(0.01) || index < state.min_queue {
            room -= *h;
            taken += 1;
        } else {
            break;
        }
    }
    let mut next = Cursor {
        pos: end,
        carry: VecDeque::new(),
        floats: Vec::new(),
        // Figures brought up from before `end` are behind it now.
        advanced: cursor.advanced.range(end..).copied().collect(),
    };
    for (note, line, h) in state.queue.iter().skip(taken) {
        next.carry.push_back((note.clone(), *line, *h));
    }
    for (note, line, _) in state.queue.iter().take(taken) {
        plan.foot.push((note.clone(), *line));
    }
    plan.body = state.body;
    plan.shortened = state.shortened;
    // Floats still waiting, then figures deferred from this page, in flow order.
    next.floats = waiting;
    next.floats
        .extend(state.deferred.iter().copied().filter(|&d| d < end));
    next.floats.sort_unstable();
    next.floats.dedup();
    let progressed = end > cursor.pos || !plan.floats.is_empty() || taken > 0;
    // The gap between the body and the notes (or the block's foot).
    let foot: Pt = state.queue.iter().take(taken).map(|(_, _, h)| *h).sum();
    let separator = if taken > 0 { frame.separator } else { Pt::ZERO };
    let hole = frame.height - state.used - foot - separator;
    Filled {
        plan,
        next,
        progressed,
        hole,
    }
}

/// Whether the page may end just before element `at`, given what the page holds, split as the
/// frame's widows and orphans allow or as `split` relaxes them.
fn is_legal(elements: &[Element], state: &State, at: usize, frame: &Frame, split: Split) -> bool {
    if let Some(n) = state.since_heading {
        if n < 2 {
            return false;
        }
    }
    // The last line on the page and the first line after the break.
    let before = last_line(elements, &state.body);
    match (before, next_line(elements, at)) {
        (Some(a), Some(b)) if a.para == b.para => !a.heading && splits(a, frame, split),
        (Some(a), _) => !a.heading,
        _ => true,
    }
}

/// Whether a paragraph may be split after its line `a`, as `frame`'s widows and orphans allow
/// or as `split` relaxes them (a table's row, whose lines carry its header, never so).
fn splits(a: &FlowLine, frame: &Frame, split: Split) -> bool {
    let (orphans, widows) = match split {
        Split::LoneLine if a.head.is_none() => (1, 1),
        _ => (frame.orphans, frame.widows),
    };
    let kept = a.index + 1;
    kept >= orphans && a.count - kept >= widows
}

/// The last line among `body`.
fn last_line<'e>(elements: &'e [Element], body: &[usize]) -> Option<&'e FlowLine> {
    body.iter().rev().find_map(|&i| match &elements[i] {
        Element::Line(line) => Some(line),
        _ => None,
    })
}

/// The first line of the flow from element `at` on.
fn next_line(elements: &[Element], at: usize) -> Option<&FlowLine> {
    elements.get(at..)?.iter().find_map(|e| match e {
        Element::Line(line) => Some(line),
        Element::Figure(_) | Element::Sink(_) | Element::Space(_) => None,
    })
}

/// Whether page `set` ends inside a paragraph where `frame`'s widows and orphans do not allow
/// it: a lone line at its foot or at the next page's head.
fn ends_lone(elements: &[Element], frame: &Frame, set: &Filled) -> bool {
    match (
        last_line(elements, &set.plan.body),
        next_line(elements, set.next.pos),
    ) {
        (Some(a), Some(b)) => a.para == b.para && !splits(a, frame, Split::Kept),
        _ => false,
    }
}
