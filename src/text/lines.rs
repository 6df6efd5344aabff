//! Setting broken lines: glyph runs per word segment, justification, overfull warnings.

use std::sync::Arc;

use super::linebreak::{line_start, Break, Item, FIL};
use super::paragraph::{
    line_ends, Align, LineEnd, Origin, ParagraphSpec, Protrusion, TextEngine, TextWarning,
    RAGGED_STRETCH_EM,
};
use super::words::Word;
use super::{GlyphRun, GlyphSlice, Line};
use crate::model::SourcePos;
use crate::units::Pt;

/// A line may be this much wider than the measure before it counts as overfull: TeX's
/// `\hfuzz` is 0.1 pt. Shaped widths differ from the breaker's estimate only around a broken
/// word (a few hundredths of a point), which justification absorbs.
pub const OVERFULL_FUZZ: Pt = Pt(0.1);

/// How far the first and last glyphs of a justified line hang into the margins (margin kerning;
/// see [`super::protrusion`]): none past an indent, none at the end of a paragraph's last line.
fn margins(
    runs: &[(Option<Space>, GlyphRun)],
    indent: Pt,
    spec: &ParagraphSpec,
    fill: bool,
) -> (Pt, Pt) {
    if spec.align != Align::Justified || spec.spacing.protrusion == Protrusion::None {
        return (Pt::ZERO, Pt::ZERO);
    }
    let hang = |glyph: Option<super::Glyph<'_>>, factor: fn(char) -> f64, last: bool| {
        glyph.map_or(Pt::ZERO, |g| {
            let c = if last {
                g.text.chars().last()
            } else {
                g.text.chars().next()
            };
            g.advance * c.map_or(0.0, factor)
        })
    };
    let left = match runs.first() {
        Some((_, run)) if indent == Pt::ZERO => {
            hang(run.glyphs.iter().next(), super::protrusion::left, false)
        }
        _ => Pt::ZERO,
    };
    let right = match runs.last() {
        Some((_, run)) if !fill => hang(run.glyphs.iter().last(), super::protrusion::right, true),
        _ => Pt::ZERO,
    };
    (left, right)
}

/// Shares a line's `room` (what it lacks, or has too much, to fill its measure) between its
/// glyphs (justified lines only: font expansion and letter spacing, each taking the same share
/// of its most) and its word spaces: the glyphs first, the spaces taking the rest, as the
/// breaker counted it (see [`Item::Box`]). Widens the runs; returns the ratio the glue is set at
/// and the line's adjustment ratio (TeX's glue set ratio, counting the glyphs' flex with the
/// glue).
fn adjust(
    runs: &mut [(Option<Space>, GlyphRun)],
    room: Pt,
    (stretch, shrink): (Pt, Pt),
    spec: &ParagraphSpec,
    fill: bool,
    brk: &Break,
) -> (f64, f64) {
    let justified = spec.align == Align::Justified;
    let flex = |run: &GlyphRun| {
        run.width() * spec.spacing.expansion
            + run.size * (run.glyphs.letter_gaps() as f64 * spec.spacing.letter_spacing)
    };
    let capacity = if justified {
        runs.iter().map(|(_, run)| flex(run)).sum()
    } else {
        Pt::ZERO
    };
    let (ratio, share) = if room < Pt::ZERO {
        let total = shrink + capacity;
        let r = if total > Pt::ZERO {
            room.0 / total.0
        } else {
            f64::NEG_INFINITY
        };
        (r, first_share(room, capacity).max(-1.0))
    } else if fill {
        return (0.0, 0.0);
    } else if !justified {
        return (0.0, room.0 / (spec.size * RAGGED_STRETCH_EM).0);
    } else if stretch + capacity > Pt::ZERO {
        let r = room.0 / (stretch + capacity).0;
        (r, first_share(room, capacity).min(1.0))
    } else {
        return (0.0, brk.ratio);
    };
    if capacity > Pt::ZERO && share != 0.0 {
        let factor = 1.0 + share * spec.spacing.expansion;
        for (_, run) in runs.iter_mut() {
            let tracking = run.size * (share * spec.spacing.letter_spacing);
            run.glyphs = run.glyphs.clone().expanded(factor).tracked(tracking);
        }
    }
    // The glue takes what the glyphs did not.
    let rest = room - capacity * share;
    let glue = if rest < Pt::ZERO { shrink } else { stretch };
    let set = if glue > Pt::ZERO {
        rest.0 / glue.0
    } else {
        0.0
    };
    (set.max(-1.0), ratio)
}

/// The share of a line's room that its glyphs' flex takes (before clamping to ±1).
fn first_share(room: Pt, capacity: Pt) -> f64 {
    if capacity > Pt::ZERO {
        room.0 / capacity.0
    } else {
        0.0
    }
}

/// A word space on a line: natural width, stretch, shrink.
#[derive(Debug, Clone, Copy)]
struct Space {
    width: Pt,
    stretch: Pt,
    shrink: Pt,
}

/// Consecutive parts of one word on a line.
#[derive(Debug)]
struct Fragment {
    word: usize,
    start: usize,
    end: usize,
    space: Option<Space>,
}

/// A paragraph after breaking: everything needed to set its lines.
pub(super) struct Broken<'p> {
    pub words: &'p [Word],
    pub items: &'p [Item],
    /// What each item stands for, item by item.
    pub origins: &'p [Origin],
    pub breaks: &'p [Break],
    pub spec: &'p ParagraphSpec,
    /// Where the paragraph is, for warnings.
    pub at: Option<SourcePos>,
}

/// What one line holds, gathered from its items.
struct Material {
    fragments: Vec<Fragment>,
    indent: Pt,
    /// How the line ends (a soft hyphen's is added to the line).
    end: LineEnd,
    /// The line holds the paragraph's (or a hard break's) fill: it may end short.
    fill: bool,
}

pub(super) fn set_lines(
    engine: &mut TextEngine<'_>,
    paragraph: &Broken<'_>,
    warnings: &mut Vec<TextWarning>,
) -> Vec<Line> {
    let Broken {
        items,
        origins,
        breaks,
        ..
    } = *paragraph;
    let mut lines = Vec::with_capacity(breaks.len());
    let mut start = 0;
    for (brk, line_end) in breaks.iter().zip(line_ends(breaks, origins)) {
        let end = brk.position.min(items.len());
        let mut fragments: Vec<Fragment> = Vec::new();
        let mut pending: Option<Space> = None;
        let mut indent = Pt::ZERO;
        let mut fill = end >= items.len();
        for i in start..end {
            match (origins[i], items[i]) {
                (Origin::Indent, Item::Glue { width, .. }) => indent = width,
                (Origin::Part { word, start, end }, _) => match fragments.last_mut() {
                    Some(last) if pending.is_none() && last.word == word && last.end == start => {
                        last.end = end;
                    }
                    _ => fragments.push(Fragment {
                        word,
                        start,
                        end,
                        space: pending.take(),
                    }),
                },
                (
                    Origin::Space,
                    Item::Glue {
                        width,
                        stretch,
                        shrink,
                    },
                ) if !fragments.is_empty() => {
                    pending = Some(Space {
                        width,
                        stretch,
                        shrink,
                    });
                }
                (Origin::End, Item::Glue { stretch, .. }) if stretch >= FIL => fill = true,
                _ => {}
            }
        }
        let material = Material {
            fragments,
            indent,
            end: line_end,
            fill,
        };
        lines.push(set_line(engine, paragraph, &material, brk, warnings));
        start = line_start(items, brk.position);
    }
    lines
}

fn set_line(
    engine: &mut TextEngine<'_>,
    paragraph: &Broken<'_>,
    material: &Material,
    brk: &Break,
    warnings: &mut Vec<TextWarning>,
) -> Line {
    let Material {
        ref fragments,
        indent,
        end,
        fill,
    } = *material;
    let hyphen = end == LineEnd::SoftHyphen;
    let (words, spec, at) = (paragraph.words, paragraph.spec, paragraph.at);
    let fonts = engine.fonts();
    // Runs at x = 0 first; positions after justification.
    let mut runs: Vec<(Option<Space>, GlyphRun)> = Vec::new();
    let mut notes = Vec::new();
    for (f, fragment) in fragments.iter().enumerate() {
        let word = &words[fragment.word];
        let last_fragment = f + 1 == fragments.len();
        let mut first = true;
        let overlapping: Vec<_> = word
            .segments
            .iter()
            .filter(|s| s.start < fragment.end && fragment.start < s.end())
            .collect();
        for (k, segment) in overlapping.iter().enumerate() {
            let (s, e) = (
                fragment.start.max(segment.start),
                fragment.end.min(segment.end()),
            );
            let add_hyphen = hyphen && last_fragment && k + 1 == overlapping.len();
            let scale = fonts.scale(segment.face, segment.size);
            let glyphs = if add_hyphen {
                // The prefix and its hyphen, shaped together so the hyphen is kerned (the
                // breaker counted exactly this width: see `TextEngine::hyphen_width`).
                let mut text = segment.shaped.text[s - segment.start..e - segment.start].to_owned();
                text.push('-');
                let shaped = engine.shaper().shape(segment.face, segment.features, &text);
                GlyphSlice::whole(shaped, scale)
            } else {
                // A whole segment or a part of it: the glyphs of the word's own shaping, so the
                // line is exactly as wide as the breaker measured it.
                GlyphSlice::clusters(
                    Arc::clone(&segment.shaped),
                    s - segment.start,
                    e - segment.start,
                    scale,
                )
            };
            // A note referenced twice on one line is set once at the page foot.
            if let Some(note) = segment.note.as_ref().filter(|n| !notes.contains(*n)) {
                notes.push(note.clone());
            }
            let run = GlyphRun {
                face: segment.face,
                size: segment.size,
                x: Pt::ZERO,
                rise: segment.rise,
                glyphs,
                link: segment.link.clone(),
                space_before: first && fragment.space.is_some(),
                picture: segment.picture.clone(),
                decoration: segment.decoration,
            };
            runs.push((if first { fragment.space } else { None }, run));
            first = false;
        }
    }
    let spaces = runs.iter().filter_map(|(space, _)| *space);
    let (mut natural, mut stretch, mut shrink) = (indent, Pt::ZERO, Pt::ZERO);
    for space in spaces {
        natural += space.width;
        stretch += space.stretch;
        shrink += space.shrink;
    }
    natural += runs.iter().map(|(_, run)| run.width()).sum();
    let margins = margins(&runs, indent, spec, fill);
    let room = spec.measure + margins.0 + margins.1 - natural;
    let (set, ratio) = adjust(&mut runs, room, (stretch, shrink), spec, fill, brk);
    let mut x = indent - margins.0;
    for (space, run) in &mut runs {
        if let Some(space) = space {
            let adjust = if set >= 0.0 {
                space.stretch * set
            } else {
                space.shrink * set
            };
            x += space.width + adjust;
        }
        run.x = x;
        x += run.width();
    }
    let x = x - margins.1;
    let spacing = spacing(set, spec);
    let justified = spec.align == Align::Justified && !fill;
    let loose = (justified && set > LOOSE_RATIO).then_some(spacing);
    warn_of_width(&runs, (x - spec.measure, loose), at, warnings);
    let runs: Vec<GlyphRun> = runs.into_iter().map(|(_, run)| run).collect();
    let base = (spec.base_face, spec.size);
    let ascent = runs
        .iter()
        .map(|r| fonts.ascender(r.face, r.size) + r.rise)
        .fold(fonts.ascender(base.0, base.1), Pt::max);
    let descent = runs
        .iter()
        .map(|r| fonts.descender(r.face, r.size) - r.rise)
        .fold(fonts.descender(base.0, base.1), Pt::max);
    Line {
        runs,
        width: x,
        indent,
        ascent,
        descent,
        height: spec.leading,
        hyphenated: brk.flagged,
        end,
        ratio,
        spacing,
        notes,
        first_word: fragments
            .iter()
            .find(|fragment| fragment.start == 0)
            .map(|fragment| words[fragment.word].plain),
    }
}

/// A word space set at glue ratio `set`, over its natural width.
fn spacing(set: f64, spec: &ParagraphSpec) -> f64 {
    if set >= 0.0 {
        1.0 + set * spec.spacing.stretch
    } else {
        1.0 + set * spec.spacing.shrink
    }
}

/// A justified line whose word spaces are stretched more than this many times their stretch is
/// loose enough to warn of: the ratio of [`HBADNESS`](super::linebreak::HBADNESS) (TeX's default
/// `\hbadness`, 1000, a badness of `100 r^3`), from which TeX reports an underfull line. With a
/// stretch of half a space, its spaces are more than twice their width. Only a paragraph that
/// cannot be set otherwise has one: the line breaker's tolerance (200) keeps the ratio within
/// 1.26, and its last-resort breaks mend what they can.
pub const LOOSE_RATIO: f64 = 2.15;

/// Warns of a line `overflow` wider than its measure (overfull), or whose word spaces are set at
/// `loose` times their width (when stretched beyond [`LOOSE_RATIO`]), quoting the line.
fn warn_of_width(
    runs: &[(Option<Space>, GlyphRun)],
    (overflow, loose): (Pt, Option<f64>),
    at: Option<SourcePos>,
    warnings: &mut Vec<TextWarning>,
) {
    let text = || -> String {
        let text: String = runs
            .iter()
            .map(|(space, run)| format!("{}{}", if space.is_some() { " " } else { "" }, run.text()))
            .collect();
        quote_of(&text)
    };
    if overflow > OVERFULL_FUZZ {
        warnings.push(TextWarning {
            at,
            message: format!("overfull line, {:.1} pt too wide: “{}”", overflow.0, text()),
            hint: None,
        });
    } else if let Some(spacing) = loose {
        warnings.push(TextWarning {
            at,
            message: format!(
                "loose line, word spaces {spacing:.1} times their width: “{}”",
                text()
            ),
            hint: Some(
                "nothing near it may break: a soft hyphen (&shy;) in a long word on this line or \
                 the next, or a rewording, lets the paragraph set evenly"
                    .into(),
            ),
        });
    }
}

/// The longest text a warning quotes, in characters: a line of a paragraph, not a whole file.
const QUOTE_CHARS: usize = 60;

/// `text`, or its first [`QUOTE_CHARS`] characters and an ellipsis.
fn quote_of(text: &str) -> String {
    match text.char_indices().nth(QUOTE_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}
