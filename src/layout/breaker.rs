//! The page breaker: a chapter's flow and notes cut into pages.
//!
//! The algorithm is greedy with backtracking to the last legal break, like TeX's page builder but
//! with footnotes and floats handled in the same pass:
//!
//! - Elements are added to the page while they fit. A line's footnotes go into the page's foot
//!   queue; the page's height is the body plus a separator plus the foot that must stay on it.
//! - A short note (at most [`SPLIT_NOTE_LINES`] lines) must fit whole with its mark's line, or the
//!   line goes to the next page. A longer note may split: its mark's line needs only the note's
//!   first line below it; the rest continues at the foot of the next page, before that page's own
//!   notes.
//! - When the next element does not fit, the page ends at the last *legal* break seen: not inside a
//!   paragraph where fewer than `orphans` lines would stay behind or fewer than `widows` would go
//!   ahead, and not after a heading that is followed by fewer than two lines. A space at a page
//!   top is dropped and a page never ends with a space.
//! - A figure that does not fit where it stands floats to the top of the next page while the text
//!   flows on, so no hole is left.
//! - If no legal break exists on a page (a paragraph longer than a page with a heading above...),
//!   the page breaks where it overflows; the report counts what that costs.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::flow::{Element, NoteLines};
use crate::units::Pt;

/// Notes up to this many lines move with their mark's line rather than split: a split costs the
/// reader a page turn, which is worth it only for a note too long to keep whole.
pub const SPLIT_NOTE_LINES: usize = 4;

/// What a page holds, by element index into the chapter's flow.
#[derive(Debug, Clone, Default)]
pub struct PagePlan {
    /// The first page of a chapter (no running head; folio at the foot).
    pub opening: bool,
    /// Figures floated here from an earlier page, at the top.
    pub floats: Vec<usize>,
    /// Elements in order (figures that floated away are not here).
    pub body: Vec<usize>,
    /// Footnote lines: note id and line index.
    pub foot: Vec<(String, usize)>,
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
}

#[derive(Debug, Clone, Default)]
struct State {
    used: Pt,
    /// Foot height that must stay on this page (see `SPLIT_NOTE_LINES`).
    required: Pt,
    body: Vec<usize>,
    deferred: Vec<usize>,
    /// The foot queue: carried lines, then the lines of notes marked in `body`.
    queue: Vec<(String, usize, Pt)>,
    /// How many queue entries must stay on this page.
    min_queue: usize,
    /// Lines set since the last heading on this page (`None`: no heading yet).
    since_heading: Option<usize>,
}

/// Cuts one chapter into pages.
pub fn break_chapter(
    elements: &[Element],
    notes: &BTreeMap<String, NoteLines>,
    frame: &Frame,
) -> Vec<PagePlan> {
    let mut pages = Vec::new();
    let mut pos = 0;
    let mut carry: VecDeque<(String, usize, Pt)> = VecDeque::new();
    let mut floats: Vec<usize> = Vec::new();
    let mut placed_notes: BTreeSet<String> = BTreeSet::new();
    let mut guard = 0;
    while pos < elements.len() || !carry.is_empty() || !floats.is_empty() {
        guard += 1;
        if guard > elements.len() * 4 + 64 {
            break; // Cannot happen (every page makes progress); a safety net, not a path.
        }
        let mut plan = PagePlan {
            opening: pages.is_empty(),
            ..PagePlan::default()
        };
        let mut state = State::default();
        // Floats first, at the top, while they fit (an oversized one goes on an empty page).
        let mut still_floating = Vec::new();
        for &f in &floats {
            let h = elements[f].height();
            if state.used + h <= frame.height || plan.floats.is_empty() {
                state.used += h;
                plan.floats.push(f);
            } else {
                still_floating.push(f);
            }
        }
        // Carried note lines: keep up to half the page for them, so text still flows.
        for (note, line, h) in &carry {
            state.queue.push((note.clone(), *line, *h));
        }
        let carried: Pt = carry.iter().map(|(_, _, h)| *h).sum();
        if !carry.is_empty() {
            state.required = (frame.separator + carried).min(frame.height / 2.0);
            state.min_queue = 1;
        }
        let mut legal: Option<(usize, State)> = None;
        let mut i = pos;
        let mut noted_here: BTreeSet<String> = BTreeSet::new();
        while i < elements.len() {
            let element = &elements[i];
            let empty = state.body.is_empty() && plan.floats.is_empty();
            match element {
                Element::Space(_) if state.body.is_empty() => {
                    i += 1;
                    continue;
                }
                Element::Figure(_) => {
                    let h = element.height();
                    // Figures keep their order: once one waits, the later ones wait behind it.
                    let queue_waiting = !state.deferred.is_empty() || !still_floating.is_empty();
                    let fits = state.used + h + state.required <= frame.height || empty;
                    if fits && !queue_waiting {
                        if is_legal(elements, &state, i, frame) {
                            legal = Some((i, state.clone()));
                        }
                        state.used += h;
                        state.body.push(i);
                    } else {
                        state.deferred.push(i);
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            if !state.body.is_empty() && is_legal(elements, &state, i, frame) {
                legal = Some((i, state.clone()));
            }
            let h = element.height();
            let mut next = state.clone();
            next.used += h;
            if let Element::Line(line) = element {
                if line.heading {
                    next.since_heading = Some(0);
                } else if let Some(n) = next.since_heading.as_mut() {
                    *n += 1;
                }
                for note in &line.line.notes {
                    if placed_notes.contains(note) || noted_here.contains(note) {
                        continue;
                    }
                    let Some(lines) = notes.get(note) else {
                        continue;
                    };
                    let before: Pt = next.queue.iter().map(|(_, _, h)| *h).sum();
                    let whole: Pt = lines.lines.iter().map(|(_, _, h)| *h).sum();
                    let first = lines.lines.first().map_or(Pt::ZERO, |(_, _, h)| *h);
                    let whole_fits = next.used + frame.separator + before + whole <= frame.height;
                    next.required = frame.separator
                        + before
                        + if whole_fits || lines.lines.len() <= SPLIT_NOTE_LINES {
                            whole
                        } else {
                            first
                        };
                    for (index, (_, _, h)) in lines.lines.iter().enumerate() {
                        next.queue.push((note.clone(), index, *h));
                    }
                    next.min_queue = next.queue.len() - lines.lines.len()
                        + if whole_fits || lines.lines.len() <= SPLIT_NOTE_LINES {
                            lines.lines.len()
                        } else {
                            1
                        };
                }
            }
            if next.used + next.required > frame.height && !(empty && state.body.is_empty()) {
                break;
            }
            if let Element::Line(line) = element {
                for note in &line.line.notes {
                    noted_here.insert(note.clone());
                }
            }
            next.body.push(i);
            state = next;
            i += 1;
        }
        let (end, mut state) = if i >= elements.len() {
            (i, state)
        } else {
            match legal {
                Some((at, snapshot)) if !snapshot.body.is_empty() => (at, snapshot),
                _ => (i, state),
            }
        };
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
        carry.clear();
        for (note, line, h) in state.queue.iter().skip(taken) {
            carry.push_back((note.clone(), *line, *h));
        }
        for (note, line, _) in state.queue.iter().take(taken) {
            plan.foot.push((note.clone(), *line));
            placed_notes.insert(note.clone());
        }
        // A note of which only later lines are carried counts as placed (its mark is here).
        for (note, _, _) in &carry {
            placed_notes.insert(note.clone());
        }
        plan.body = state.body;
        // Floats still waiting, then figures deferred from this page, in flow order.
        floats = still_floating;
        floats.extend(state.deferred.iter().copied().filter(|&d| d < end));
        floats.sort_unstable();
        floats.dedup();
        let progressed = end > pos || !plan.floats.is_empty() || taken > 0;
        pos = end;
        pages.push(plan);
        if !progressed {
            // Nothing fit at all: place the next element alone on its page.
            if let Some(last) = pages.last_mut() {
                last.body.push(pos);
            }
            pos += 1;
        }
    }
    pages
}

/// Whether the page may end just before element `at`, given what the page holds.
fn is_legal(elements: &[Element], state: &State, at: usize, frame: &Frame) -> bool {
    if let Some(n) = state.since_heading {
        if n < 2 {
            return false;
        }
    }
    // The last line on the page and the first line after the break.
    let before = state.body.iter().rev().find_map(|&i| match &elements[i] {
        Element::Line(line) => Some(line),
        _ => None,
    });
    let after = elements[at..].iter().find_map(|e| match e {
        Element::Line(line) => Some(line),
        Element::Figure(_) | Element::Sink(_) => None,
        Element::Space(_) => None,
    });
    match (before, after) {
        (Some(a), Some(b)) if a.para == b.para => {
            let kept = a.index + 1;
            !a.heading && kept >= frame.orphans && a.count - kept >= frame.widows
        }
        (Some(a), _) => !a.heading,
        _ => true,
    }
}
