//! Code blocks: verbatim lines in the monospaced face, wrapped with a continuation mark.
//!
//! A code block is not a paragraph: every source line is a line, its spaces are kept as written
//! (indentation and alignment are the code's meaning), tabs go to the next multiple of
//! [`TAB_COLUMNS`], nothing is hyphenated or justified. A line longer than the measure is wrapped:
//! after the last space that leaves at least half the line, else at the last character that fits;
//! the broken line ends in [`CONTINUATION_MARK`] at the right edge and the rest continues at the
//! line's own indentation. A character the monospaced face lacks goes through the fallback chain
//! as running text does.

use std::collections::BTreeSet;

use super::paragraph::{TextEngine, TextWarning, TypesetParagraph};
use super::shape::Features;
use super::{FaceId, GlyphRun, Line, LineEnd};
use crate::model::SourcePos;
use crate::units::Pt;

/// Tab stops, in columns: the width most style guides (Rust, Python, Java) indent by.
pub const TAB_COLUMNS: usize = 4;

/// The mark at the end of a wrapped line (RIGHTWARDS ARROW WITH HOOK, as editors show a soft
/// wrap): a reader must not take the continuation for a line of its own.
pub const CONTINUATION_MARK: char = '\u{21AA}';

/// A break at a space is taken only if it leaves at least this fraction of the room used, so a
/// line is not broken after its first word just because it has no later space.
const SPACE_BREAK_MIN_FILL: f64 = 0.5;

/// How a code block is set.
#[derive(Debug, Clone, Copy)]
pub struct CodeSpec {
    pub size: Pt,
    /// Baseline to baseline.
    pub leading: Pt,
    pub measure: Pt,
}

/// One character of a line, with the face that sets it and its advance.
#[derive(Debug, Clone, Copy)]
struct Cell {
    c: char,
    face: FaceId,
    width: Pt,
}

impl TextEngine<'_> {
    /// Sets `text` (the code block's text, a line per source line) at `spec`.
    pub fn set_code(
        &mut self,
        text: &str,
        spec: &CodeSpec,
        at: Option<SourcePos>,
    ) -> TypesetParagraph {
        let mut missing = BTreeSet::new();
        let mut out = TypesetParagraph::default();
        let mark = self.cell(CONTINUATION_MARK, spec.size, &mut missing);
        for source in text.lines() {
            let cells: Vec<Cell> = expand_tabs(source)
                .chars()
                .map(|c| self.cell(c, spec.size, &mut missing))
                .collect();
            let indent: Pt = cells
                .iter()
                .take_while(|cell| cell.c == ' ')
                .map(|cell| cell.width)
                .sum();
            let mut start = 0;
            let mut first = true;
            loop {
                let lead = if first { Pt::ZERO } else { indent };
                let rest = &cells[start..];
                let total: Pt = rest.iter().map(|cell| cell.width).sum();
                if lead + total <= spec.measure + super::OVERFULL_FUZZ {
                    let line = self.code_line(rest, lead, None, spec);
                    out.lines.push(line);
                    break;
                }
                let room = spec.measure - lead - mark.width;
                let cut = wrap_point(rest, room);
                let line = self.code_line(&rest[..cut], lead, Some(mark), spec);
                if line.width > spec.measure + super::OVERFULL_FUZZ {
                    out.warnings.push(TextWarning {
                        at,
                        message: format!(
                            "a line of code is {:.1} pt wider than the measure even wrapped",
                            (line.width - spec.measure).0
                        ),
                        hint: Some("shorten the line, or set the code smaller".to_owned()),
                    });
                }
                out.lines.push(line);
                start += cut;
                first = false;
                // The rest starts at the indentation: spaces at the break are dropped.
                while cells.get(start).is_some_and(|cell| cell.c == ' ') {
                    start += 1;
                }
                if start >= cells.len() {
                    break;
                }
            }
        }
        if let Some(last) = out.lines.last_mut() {
            last.end = LineEnd::End;
        }
        for (c, face) in missing {
            out.warnings.push(self.missing_glyph(c, face, at));
        }
        out
    }

    /// The face and advance of one character of code.
    fn cell(&mut self, c: char, size: Pt, missing: &mut BTreeSet<(char, FaceId)>) -> Cell {
        let face = self.face_for(FaceId::Mono, c, missing);
        let width = self.shape_run(&c.to_string(), face, size, Features::default());
        Cell {
            c,
            face,
            width: width.width(),
        }
    }

    /// One line of code: its characters in runs of one face from `lead`, and the continuation
    /// mark at the right edge when the line is wrapped.
    fn code_line(&mut self, cells: &[Cell], lead: Pt, mark: Option<Cell>, spec: &CodeSpec) -> Line {
        let mut runs = Vec::new();
        let mut x = lead;
        let mut from = 0;
        while from < cells.len() {
            let face = cells[from].face;
            let len = cells[from..]
                .iter()
                .take_while(|cell| cell.face == face)
                .count();
            let text: String = cells[from..from + len].iter().map(|cell| cell.c).collect();
            let mut run = self.shape_run(&text, face, spec.size, Features::default());
            run.x = x;
            x += run.width();
            runs.push(run);
            from += len;
        }
        let mut width = x;
        // A line without the mark ends its source line; with it, it is wrapped.
        let mut end = LineEnd::LineBreak;
        if let Some(mark) = mark {
            end = LineEnd::Wrapped;
            let mut run = self.shape_run(
                &mark.c.to_string(),
                mark.face,
                spec.size,
                Features::default(),
            );
            run.x = (spec.measure - mark.width).max(x);
            width = run.x + run.width();
            runs.push(run);
        }
        let fonts = self.fonts();
        let faces = runs.iter().map(|run: &GlyphRun| run.face);
        let ascent = faces
            .clone()
            .map(|f| fonts.ascender(f, spec.size))
            .fold(fonts.ascender(FaceId::Mono, spec.size), Pt::max);
        let descent = faces
            .map(|f| fonts.descender(f, spec.size))
            .fold(fonts.descender(FaceId::Mono, spec.size), Pt::max);
        Line {
            runs,
            width,
            indent: Pt::ZERO,
            ascent,
            descent,
            height: spec.leading,
            hyphenated: false,
            end,
            ratio: 0.0,
            spacing: 1.0,
            first_word: None,
            notes: Vec::new(),
        }
    }
}

/// Where to wrap `cells` so that the part before fits in `room`: after the last space that
/// leaves the line at least half full, else after the last character that fits (at least one,
/// so that wrapping always moves on).
fn wrap_point(cells: &[Cell], room: Pt) -> usize {
    let mut used = Pt::ZERO;
    let mut fits = 0;
    for cell in cells {
        if used + cell.width > room {
            break;
        }
        used += cell.width;
        fits += 1;
    }
    let fits = fits.max(1);
    let mut before = Pt::ZERO;
    let mut best = None;
    for (i, cell) in cells[..fits].iter().enumerate() {
        before += cell.width;
        let after_space = cell.c == ' ' && i > 0 && cells[i - 1].c != ' ';
        if after_space && before >= room * SPACE_BREAK_MIN_FILL {
            best = Some(i + 1);
        }
    }
    best.unwrap_or(fits)
}

/// `line` with each tab replaced by spaces to the next multiple of [`TAB_COLUMNS`].
pub fn expand_tabs(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut column = 0;
    for c in line.chars() {
        if c == '\t' {
            let to = (column / TAB_COLUMNS + 1) * TAB_COLUMNS;
            out.extend(std::iter::repeat_n(' ', to - column));
            column = to;
        } else {
            out.push(c);
            column += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_go_to_the_next_multiple_of_four_columns() {
        assert_eq!(expand_tabs("\tx"), "    x");
        assert_eq!(expand_tabs("ab\tc"), "ab  c");
        assert_eq!(expand_tabs("abcd\te"), "abcd    e");
        assert_eq!(expand_tabs("a\t\tb"), "a       b");
    }

    #[test]
    fn wrapping_prefers_a_space_in_the_second_half() {
        let cells: Vec<Cell> = "let value = compute(alpha, beta)"
            .chars()
            .map(|c| Cell {
                c,
                face: FaceId::Mono,
                width: Pt(1.0),
            })
            .collect();
        // Room for 20 characters: the last space in the second half is the one after `=`.
        let cut = wrap_point(&cells, Pt(20.0));
        assert_eq!(cut, 12);
        // No space in the second half: cut at the measure.
        let long: Vec<Cell> = cells.iter().copied().filter(|c| c.c != ' ').collect();
        assert_eq!(wrap_point(&long, Pt(10.0)), 10);
        assert_eq!(wrap_point(&long, Pt(0.0)), 1);
    }
}
