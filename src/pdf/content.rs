//! Page content streams: the operators that draw a page's items.
//!
//! Text is written as glyph ids (two bytes each, `Identity-H`) in `TJ` arrays. The font's own
//! advance of each glyph is known from its `W` array, so each `TJ` number is the difference between
//! that and the advance the shaper and the line breaker decided (kerning, justification): the glyphs
//! land exactly where layout put them, and a viewer still sees one text string per run, which keeps
//! words whole for copy and search. Everything is filled and stroked in DeviceGray: text is pure
//! black (`0 g`), never a four-colour RGB black.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::fonts::EmbeddedFont;
use crate::layout::{Item, TextRun};
use crate::text::FaceId;
use crate::units::Pt;

/// Writes numbers the short way: at most three decimals, no trailing zeros, never `-0`.
pub fn num(out: &mut String, value: f64) {
    let rounded = (value * 1000.0).round() / 1000.0;
    if rounded == 0.0 {
        out.push('0');
        return;
    }
    let text = format!("{rounded:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    out.push_str(text);
}

/// Draws a page. `origin` is where the trim box's lower-left corner sits on the media box,
/// `height` the trim height (to flip layout's downward `y`). Image resource names are `/Im<n>`.
pub struct PageWriter<'a> {
    pub fonts: &'a BTreeMap<FaceId, (String, EmbeddedFont)>,
    pub height: Pt,
    pub origin: Pt,
}

impl PageWriter<'_> {
    pub fn page(&self, items: &[Item]) -> Vec<u8> {
        let mut out = String::new();
        out.push_str("q\n");
        let o = self.origin.0;
        if o != 0.0 {
            out.push_str("1 0 0 1 ");
            num(&mut out, o);
            out.push(' ');
            num(&mut out, o);
            out.push_str(" cm\n");
        }
        out.push_str("0 g 0 G\n");
        for item in items {
            match item {
                Item::Text(run) => self.text(&mut out, run),
                Item::Rule {
                    x,
                    y,
                    width,
                    thickness,
                } => {
                    let bottom = self.height.0 - y.0 - thickness.0 / 2.0;
                    rect(&mut out, x.0, bottom, width.0, thickness.0);
                    out.push_str(" f\n");
                }
                Item::Frame {
                    x,
                    y,
                    width,
                    height,
                } => {
                    // A mid-grey hairline frame with its diagonals: unmistakably a placeholder.
                    let bottom = self.height.0 - y.0 - height.0;
                    out.push_str("q 0.5 G 0.5 w ");
                    rect(&mut out, x.0, bottom, width.0, height.0);
                    out.push_str(" S ");
                    line(&mut out, x.0, bottom, x.0 + width.0, bottom + height.0);
                    line(&mut out, x.0, bottom + height.0, x.0 + width.0, bottom);
                    out.push_str("Q\n");
                }
                Item::Image {
                    image,
                    x,
                    y,
                    width,
                    height,
                } => {
                    let bottom = self.height.0 - y.0 - height.0;
                    out.push_str("q ");
                    num(&mut out, width.0);
                    out.push_str(" 0 0 ");
                    num(&mut out, height.0);
                    out.push(' ');
                    num(&mut out, x.0);
                    out.push(' ');
                    num(&mut out, bottom);
                    let _ = writeln!(out, " cm /Im{image} Do Q");
                }
                Item::Link { .. } => {}
            }
        }
        out.push_str("Q\n");
        out.into_bytes()
    }

    fn text(&self, out: &mut String, run: &TextRun) {
        let Some((name, font)) = self.fonts.get(&run.face) else {
            return;
        };
        if run.glyphs.is_empty() || run.size.0 <= 0.0 {
            return;
        }
        let size = run.size.0;
        let per_pt = 1000.0 / size;
        out.push_str("BT /");
        out.push_str(name);
        out.push(' ');
        num(out, size);
        out.push_str(" Tf 1 0 0 1 ");
        num(out, run.x.0);
        out.push(' ');
        num(out, self.height.0 - run.y.0);
        out.push_str(" Tm [");
        // `pending` is the TJ adjustment owed before the next glyph, in 1/1000 em (positive moves
        // left, as in TJ).
        let mut pending = 0.0;
        let mut rise = 0.0;
        for glyph in &run.glyphs {
            let Some(&cid) = font.remap.get(&glyph.id) else {
                continue;
            };
            let own = font.widths.get(&glyph.id).copied().unwrap_or(0.0);
            pending -= glyph.offset_x.0 * per_pt;
            if glyph.offset_y.0 != rise {
                // A raised or lowered glyph (mark positioning): close the array, set the rise.
                flush_adjust(out, &mut pending);
                out.push_str("] TJ ");
                num(out, glyph.offset_y.0);
                out.push_str(" Ts [");
                rise = glyph.offset_y.0;
            }
            flush_adjust(out, &mut pending);
            let _ = write!(out, "<{cid:04X}>");
            pending += own - glyph.advance.0 * per_pt + glyph.offset_x.0 * per_pt;
        }
        out.push_str("] TJ");
        if rise != 0.0 {
            out.push_str(" 0 Ts");
        }
        out.push_str(" ET\n");
    }
}

/// Writes the owed adjustment if it is visible (a thousandth of an em is far below a device pixel).
fn flush_adjust(out: &mut String, pending: &mut f64) {
    if pending.abs() >= 0.05 {
        out.push(' ');
        num(out, *pending);
        out.push(' ');
    }
    *pending = 0.0;
}

fn rect(out: &mut String, x: f64, y: f64, w: f64, h: f64) {
    for v in [x, y, w, h] {
        num(out, v);
        out.push(' ');
    }
    out.push_str("re");
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    num(out, x1);
    out.push(' ');
    num(out, y1);
    out.push_str(" m ");
    num(out, x2);
    out.push(' ');
    num(out, y2);
    out.push_str(" l S ");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short() {
        let mut s = String::new();
        for v in [0.0, -0.0001, 1.5, 2.0, -3.25, 1.23456] {
            num(&mut s, v);
            s.push(' ');
        }
        assert_eq!(s, "0 0 1.5 2 -3.25 1.235 ");
    }
}
