//! Tables: column widths from their content, cells set by the line breaker, booktabs rules.
//!
//! Each column gets the width of its widest cell set on one line when the table fits the measure
//! that way; otherwise every column keeps at least its longest word and the room left is shared
//! in proportion to what each would still need. A table whose longest words do not fit is set
//! again at smaller sizes ([`SHRINK_STEPS`]); only when the smallest fails is it set overfull,
//! with a warning. A row is one or more flow lines (a line per line of its tallest cell), so the
//! page breaker splits a long table between rows (widow and orphan control keeps a row of two or
//! three lines whole), and every line of the body carries the header, which layout repeats at the
//! top of a page the table continues on. Rules: a heavier one above the header and below the
//! table, a light one under the header.

use std::sync::Arc;

use super::flow::{Element, Flow, FlowLine, LineRule, Setting, TableHead};
use super::render::BASELINE;
use super::structure::Tag;
use crate::diag::Diagnostic;
use crate::model::{Alignment, Inline, SourcePos, TableRow};
use crate::text::{Align, FaceId, Line, LineEnd};
use crate::units::Pt;

/// The space between two columns, in ems of the table's size: enough to tell columns apart
/// without rules between them.
const COLUMN_GAP_EM: f64 = 1.0;

/// The sizes a table is tried at, as fractions of the size of the text around it: first the
/// quote size's proportion (tables are read as reference, a step below the text), then smaller
/// steps down to 70 % (about 7 pt in a 10 pt book, the smallest size tables are printed at).
const SHRINK_STEPS: [f64; 3] = [0.95, 0.85, 0.7];

/// The thickness of the rules above the header and below the table, and of the rule under the
/// header, in points (booktabs' heavy and light rules).
const HEAVY_RULE: Pt = Pt(0.6);
const LIGHT_RULE: Pt = Pt(0.35);

/// A table to set: its columns' alignment, its header and body rows, where it is.
pub struct TableSpec<'t> {
    pub columns: &'t [Alignment],
    pub head: &'t TableRow,
    pub rows: &'t [TableRow],
    pub at: SourcePos,
}

/// One row, set: each cell's lines at their offset in the row, the row's line count.
struct SetRow {
    cells: Vec<(Pt, Vec<Line>)>,
    count: usize,
}

/// Sets `table` at `x` within `measure` as flow elements.
pub fn table(
    flow: &mut Flow<'_>,
    table: &TableSpec<'_>,
    x: Pt,
    measure: Pt,
    base: Setting,
    out: &mut Vec<Element>,
) {
    let columns = table.columns.len().max(1);
    let gap_at = |size: Pt| size * COLUMN_GAP_EM;
    // At least a point per column, so that no width is negative when the gaps alone are wider
    // than the measure (hundreds of columns): the table is then overfull, with the warning.
    let room_at =
        |size: Pt| (measure - gap_at(size) * (columns - 1) as f64).max(Pt(columns as f64));
    // Every cell on one line, at the largest size where that fits; else cells broken into
    // lines at the largest size where the longest words fit; else overfull, with a warning.
    let mut chosen = None;
    for step in SHRINK_STEPS {
        let setting = cell_setting(base, base.size * step);
        let natural = natural_widths(flow, table, setting);
        if natural.iter().copied().sum::<Pt>() <= room_at(setting.size) {
            chosen = Some((setting, natural));
            break;
        }
    }
    if chosen.is_none() {
        for step in SHRINK_STEPS {
            let setting = cell_setting(base, base.size * step);
            if let Some(widths) = column_widths(flow, table, setting, room_at(setting.size)) {
                chosen = Some((setting, widths));
                break;
            }
        }
    }
    let too_wide = chosen.is_none();
    let (setting, widths) = match chosen {
        Some(chosen) => chosen,
        None => {
            // Even at the smallest size the longest words do not fit: share the measure by them.
            let setting = cell_setting(base, base.size * SHRINK_STEPS[SHRINK_STEPS.len() - 1]);
            let room = room_at(setting.size);
            let least = least_widths(flow, table, setting);
            let total: Pt = least.iter().copied().sum();
            let widths = least
                .iter()
                .map(|w| Pt(room.0 * w.0 / total.0.max(1.0)))
                .collect();
            flow.warnings.push(
                Diagnostic::warning(
                    flow.source_here(),
                    Some(table.at),
                    format!(
                        "a table of {columns} columns is too wide for the page even at {:.1} pt",
                        setting.size.0
                    ),
                )
                .with_hint("split the table, shorten its longest words, or use fewer columns"),
            );
            (setting, widths)
        }
    };
    let gap = gap_at(setting.size);
    // A table too wide says so once: not again for each overfull cell.
    let cells_from = flow.warnings.len();
    let width: Pt = widths.iter().copied().sum::<Pt>() + gap * (columns - 1) as f64;
    let leading = setting.leading;
    let head_setting = Setting {
        face: FaceId::Bold,
        ..setting
    };
    out.push(Element::Space(base.leading * 0.5));
    let head = set_row(flow, table, table.head, &widths, gap, head_setting);
    let mut head_lines = row_lines(flow, head, x, leading, width);
    if let Some(first) = head_lines.first_mut() {
        first.rules.push(LineRule {
            x: Pt::ZERO,
            y: Pt::ZERO,
            width,
            thickness: HEAVY_RULE,
        });
    }
    if let Some(last) = head_lines.last_mut() {
        last.rules.push(LineRule {
            x: Pt::ZERO,
            y: leading + leading * RULE_DROP,
            width,
            thickness: LIGHT_RULE,
        });
    }
    for line in &mut head_lines {
        line.heading = true;
    }
    if let Some(last) = head_lines.last_mut() {
        room_below(last, leading * RULE_DROP * 2.0);
    }
    let head_height: Pt = head_lines.iter().map(|l| l.height).sum();
    let shared = Arc::new(TableHead {
        lines: head_lines.clone(),
        height: head_height,
    });
    out.extend(head_lines.into_iter().map(Element::Line));
    let mut body: Vec<FlowLine> = Vec::new();
    for row in table.rows {
        let set = set_row(flow, table, row, &widths, gap, setting);
        let lines = row_lines(flow, set, x, leading, width);
        body.extend(lines.into_iter().map(|mut line| {
            line.head = Some(Arc::clone(&shared));
            line
        }));
    }
    if let Some(last) = body.last_mut() {
        room_below(last, leading * RULE_DROP);
        last.rules.push(LineRule {
            x: Pt::ZERO,
            y: leading + leading * RULE_DROP,
            width,
            thickness: HEAVY_RULE,
        });
    }
    out.extend(body.into_iter().map(Element::Line));
    out.push(Element::Space(base.leading * 0.5));
    if too_wide {
        let cells = flow.warnings.split_off(cells_from);
        flow.warnings.extend(
            cells
                .into_iter()
                .filter(|w| !w.message.starts_with("overfull line")),
        );
    }
}

/// The room added below the header and below the last row for the rules there, in leadings: a
/// quarter of a line keeps descenders off the rule and the rule off the next line's capitals,
/// as booktabs' default padding does.
const RULE_DROP: f64 = 0.25;

/// Makes `line`'s slot `extra` taller below its text (its baseline stays where it was).
fn room_below(line: &mut FlowLine, extra: Pt) {
    line.height += extra;
    for run in &mut line.line.runs {
        run.rise += extra * BASELINE;
    }
}

/// How cells are set: ragged right at `size`, its leading in the body's proportion, no
/// hyphenation of short cells' words (a column is narrow, but a hyphen in a table reads badly).
fn cell_setting(base: Setting, size: Pt) -> Setting {
    Setting {
        size,
        leading: base.leading * (size.0 / base.size.0.max(1.0)),
        face: FaceId::Regular,
        align: Align::RaggedRight,
        hyphenate: false,
        centred: false,
        indent: Pt::ZERO,
    }
}

/// Every row of the table with how it is set: the header in bold, then the body.
fn all_rows<'t>(
    table: &'t TableSpec<'_>,
    setting: Setting,
) -> impl Iterator<Item = (&'t TableRow, Setting)> {
    let head = Setting {
        face: FaceId::Bold,
        ..setting
    };
    std::iter::once((table.head, head)).chain(table.rows.iter().map(move |row| (row, setting)))
}

/// Column widths that fit `room`, or `None` when even the longest words do not.
fn column_widths(
    flow: &mut Flow<'_>,
    table: &TableSpec<'_>,
    setting: Setting,
    room: Pt,
) -> Option<Vec<Pt>> {
    let natural = natural_widths(flow, table, setting);
    let total: Pt = natural.iter().copied().sum();
    if total <= room {
        return Some(natural);
    }
    let least = least_widths(flow, table, setting);
    let least_total: Pt = least.iter().copied().sum();
    if least_total > room {
        return None;
    }
    // Share what is left after the longest words in proportion to what each column still wants.
    let wanted = total - least_total;
    let spare = room - least_total;
    Some(
        least
            .iter()
            .zip(&natural)
            .map(|(&l, &n)| l + Pt((n - l).0 * spare.0 / wanted.0.max(1e-9)))
            .collect(),
    )
}

/// Each column's widest cell set on one line.
fn natural_widths(flow: &mut Flow<'_>, table: &TableSpec<'_>, setting: Setting) -> Vec<Pt> {
    let columns = table.columns.len();
    let mut natural = vec![Pt::ZERO; columns];
    for (row, setting) in all_rows(table, setting) {
        for (column, cell) in row.cells.iter().enumerate().take(columns) {
            let width = widest(flow, &cell.content, setting, Pt(1.0e6));
            natural[column] = natural[column].max(width);
        }
    }
    natural
}

/// Each column's longest word (the narrowest it can be without an overfull line).
fn least_widths(flow: &mut Flow<'_>, table: &TableSpec<'_>, setting: Setting) -> Vec<Pt> {
    let columns = table.columns.len();
    let mut least = vec![Pt::ZERO; columns];
    for (row, setting) in all_rows(table, setting) {
        for (column, cell) in row.cells.iter().enumerate().take(columns) {
            // Set at a hair's width, every word is a line of its own.
            let width = widest(flow, &cell.content, setting, Pt(1.0));
            least[column] = least[column].max(width);
        }
    }
    least
}

/// The widest line of `content` set at `measure` (no warnings: this only measures).
fn widest(flow: &mut Flow<'_>, content: &[Inline], setting: Setting, measure: Pt) -> Pt {
    flow.measure_lines(content, setting, measure)
        .iter()
        .map(|line| line.width)
        .fold(Pt::ZERO, Pt::max)
}

/// Sets one row's cells in their columns, aligned as the columns say.
fn set_row(
    flow: &mut Flow<'_>,
    table: &TableSpec<'_>,
    row: &TableRow,
    widths: &[Pt],
    gap: Pt,
    setting: Setting,
) -> SetRow {
    let mut cells = Vec::new();
    let mut left = Pt::ZERO;
    let mut count = 0;
    for (column, &width) in widths.iter().enumerate() {
        let content = row.cells.get(column).map(|c| c.content.as_slice());
        let mut lines = flow.set_cell(content.unwrap_or_default(), setting, width, Some(table.at));
        let alignment = table.columns.get(column).copied().unwrap_or_default();
        for line in &mut lines {
            let shift = match alignment {
                Alignment::Default | Alignment::Left => Pt::ZERO,
                Alignment::Center => (width - line.width).max(Pt::ZERO) / 2.0,
                Alignment::Right => (width - line.width).max(Pt::ZERO),
            };
            for run in &mut line.runs {
                run.x += shift;
            }
        }
        count = count.max(lines.len());
        cells.push((left, lines));
        left += width + gap;
    }
    SetRow {
        cells,
        count: count.max(1),
    }
}

/// A set row as flow lines: line `i` of the row holds line `i` of every cell.
fn row_lines(flow: &mut Flow<'_>, row: SetRow, x: Pt, leading: Pt, width: Pt) -> Vec<FlowLine> {
    let para = flow.next_paragraph();
    let mut lines = Vec::with_capacity(row.count);
    for index in 0..row.count {
        let mut runs = Vec::new();
        let (mut ascent, mut descent) = (Pt::ZERO, Pt::ZERO);
        for (left, cell) in &row.cells {
            if let Some(line) = cell.get(index) {
                ascent = ascent.max(line.ascent);
                descent = descent.max(line.descent);
                runs.extend(line.runs.iter().cloned().map(|mut run| {
                    run.x += *left;
                    run
                }));
            }
        }
        let line = Line {
            runs,
            width,
            indent: Pt::ZERO,
            ascent,
            descent,
            height: leading,
            hyphenated: false,
            end: LineEnd::Space,
            ratio: 0.0,
            spacing: 1.0,
            first_word: None,
            notes: row
                .cells
                .iter()
                .filter_map(|(_, cell)| cell.get(index))
                .flat_map(|line| line.notes.iter().cloned())
                .collect(),
        };
        // The table's node is given by the flow once the table is set.
        let mut flow_line = FlowLine::new(line, x, leading, Tag::DECORATION);
        flow_line.para = para;
        flow_line.index = index;
        flow_line.count = row.count;
        flow_line.justified = false;
        lines.push(flow_line);
    }
    lines
}
