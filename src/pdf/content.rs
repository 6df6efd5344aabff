//! Page content as printpdf operations: the text runs, rules, frames and pictures of a page,
//! serialized by printpdf one page at a time, with every glyph id already the subset's.
//!
//! Text is shown as glyph ids (`TextItem::GlyphIds`, two bytes each with `Identity-H`) in one `TJ`
//! array per run. The font's own advance of each glyph is known (the same widths the font's
//! `/W` holds), so each glyph's `offset` is the difference between that and the advance the
//! shaper and the line breaker decided (kerning, justification): the glyphs land exactly where
//! layout put them, and a viewer still sees one text string per run, which keeps words whole for
//! copy and search. Each run is its own `BT`/`ET`, so printpdf's glyph-run merger never joins two
//! runs. Everything is filled and stroked in DeviceGray: text is pure black (`0 g`), never a
//! four-colour RGB black. Fonts and pictures are named by the resource names the document gives
//! them (`T0`…, `Im0`…), so the stream printpdf writes is final: it is deflated once, as it is
//! handed over, and never parsed or changed again.

use std::collections::BTreeMap;

use printpdf::{
    Codepoint, Color, CurTransMat, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt as PdfPt, Rect, TextItem,
    TextMatrix, XObjectId, XObjectTransform,
};

use super::fonts::Numbering;
use super::PdfError;
use crate::layout::{Item, TextRun};
use crate::text::FaceId;
use crate::units::Pt;

/// Draws a page. `origin` is where the trim box's lower-left corner sits on the media box,
/// `height` the trim height (to flip layout's downward `y`); pictures are `Im<n>` by their index
/// in the layout's image list.
pub struct PageWriter<'a> {
    pub fonts: &'a BTreeMap<FaceId, Numbering>,
    pub height: Pt,
    pub origin: Pt,
}

/// The resource name of the layout's `index`-th picture.
pub fn image_name(index: usize) -> String {
    format!("Im{index}")
}

/// How printpdf serializes: streams left uncompressed (they are deflated once, by us), fonts not
/// touched (we embed them), unknown operators never written.
const SAVE: PdfSaveOptions = PdfSaveOptions {
    optimize: false,
    subset_fonts: false,
    secure: true,
    image_optimization: None,
};

/// printpdf's serialization of one page's operations: the bytes of its content stream.
pub fn serialize(ops: Vec<Op>) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new("");
    doc.with_pages(vec![PdfPage::new(Mm(1.0), Mm(1.0), ops)]);
    let mut warnings = Vec::new();
    let lopdf = printpdf::to_lopdf_doc(&doc, &SAVE, &mut warnings);
    // printpdf reports what it could not write as it was asked (text outside a text section, a
    // colour out of range) as errors: the page would be wrong.
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == printpdf::PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Write {
            message: format!("printpdf: {}", error.msg),
        });
    }
    // The one page's `/Contents`, taken as printpdf wrote it.
    let page = lopdf
        .page_iter()
        .next()
        .and_then(|id| lopdf.get_dictionary(id).ok());
    let contents = page
        .and_then(|page| page.get(b"Contents").ok())
        .and_then(|c| c.as_reference().ok())
        .and_then(|id| lopdf.get_object(id).ok())
        .and_then(|object| object.as_stream().ok());
    match contents {
        Some(stream) => Ok(stream.content.clone()),
        None => Err(PdfError::Write {
            message: "printpdf wrote a page without a content stream".to_owned(),
        }),
    }
}

fn grey(level: f32) -> Color {
    Color::Greyscale(Greyscale {
        percent: level,
        icc_profile: None,
    })
}

/// A length rounded to a thousandth of a point (far below a device pixel), which keeps the
/// numbers in the content streams short.
pub fn pt(value: f64) -> PdfPt {
    PdfPt(((value * 1000.0).round() / 1000.0) as f32)
}

/// A straight line from `(x1, y1)` to `(x2, y2)`, to be stroked.
pub fn segment(x1: f64, y1: f64, x2: f64, y2: f64) -> Op {
    let point = |x: f64, y: f64| LinePoint {
        p: Point { x: pt(x), y: pt(y) },
        bezier: false,
    };
    Op::DrawLine {
        line: Line {
            points: vec![point(x1, y1), point(x2, y2)],
            is_closed: false,
        },
    }
}

fn rect(x: f64, y: f64, w: f64, h: f64, mode: PaintMode) -> Op {
    let mut rectangle = Rect::from_xywh(pt(x), pt(y), pt(w), pt(h));
    rectangle.mode = Some(mode);
    Op::DrawRectangle { rectangle }
}

impl PageWriter<'_> {
    pub fn page(&self, items: &[Item]) -> Vec<Op> {
        let mut ops = vec![Op::SaveGraphicsState];
        let o = self.origin.0;
        if o != 0.0 {
            ops.push(Op::SetTransformationMatrix {
                matrix: CurTransMat::Translate(pt(o), pt(o)),
            });
        }
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::SetOutlineColor { col: grey(0.0) });
        for item in items {
            match item {
                Item::Text(run) => self.text(&mut ops, run),
                Item::Rule {
                    x,
                    y,
                    width,
                    thickness,
                } => {
                    let bottom = self.height.0 - y.0 - thickness.0 / 2.0;
                    ops.push(rect(x.0, bottom, width.0, thickness.0, PaintMode::Fill));
                }
                Item::Frame {
                    x,
                    y,
                    width,
                    height,
                } => {
                    // A mid-grey hairline frame with its diagonals: unmistakably a placeholder.
                    let bottom = self.height.0 - y.0 - height.0;
                    let (left, right, top) = (x.0, x.0 + width.0, bottom + height.0);
                    ops.push(Op::SaveGraphicsState);
                    ops.push(Op::SetOutlineColor { col: grey(0.5) });
                    ops.push(Op::SetOutlineThickness { pt: pt(0.5) });
                    ops.push(rect(left, bottom, width.0, height.0, PaintMode::Stroke));
                    ops.push(segment(left, bottom, right, top));
                    ops.push(segment(left, top, right, bottom));
                    ops.push(Op::RestoreGraphicsState);
                }
                Item::Image {
                    image,
                    x,
                    y,
                    width,
                    height,
                } => {
                    // printpdf does not know the picture (the document holds it), so the scale
                    // is the placed size itself (the image space is the unit square).
                    ops.push(Op::UseXobject {
                        id: XObjectId(image_name(*image)),
                        transform: XObjectTransform {
                            translate_x: Some(pt(x.0)),
                            translate_y: Some(pt(self.height.0 - y.0 - height.0)),
                            scale_x: Some(pt(width.0).0),
                            scale_y: Some(pt(height.0).0),
                            ..XObjectTransform::default()
                        },
                    });
                }
                Item::Link { .. } => {}
            }
        }
        ops.push(Op::RestoreGraphicsState);
        ops
    }

    fn text(&self, ops: &mut Vec<Op>, run: &TextRun) {
        let Some(font) = self.fonts.get(&run.face) else {
            return;
        };
        if run.glyphs.is_empty() || run.size.0 <= 0.0 {
            return;
        }
        let per_pt = 1000.0 / run.size.0;
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(FontId(font.name.clone())),
            size: pt(run.size.0),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(pt(run.x.0), pt(self.height.0 - run.y.0)),
        });
        // TJ numbers are in 1/1000 em and positive moves left. `lead` is owed before the first
        // glyph of a piece; afterwards each glyph's `offset` carries what is owed after it.
        let mut glyphs: Vec<Codepoint> = Vec::new();
        let mut lead = 0.0;
        let mut rise = 0.0;
        for glyph in run.glyphs.iter() {
            let own = font.width(glyph.id);
            let before = -glyph.offset_x.0 * per_pt;
            if glyph.offset_y.0 != rise {
                // A raised or lowered glyph (mark positioning): end the array, set the rise.
                show(ops, lead, std::mem::take(&mut glyphs));
                lead = 0.0;
                ops.push(Op::SetLineOffset {
                    multiplier: glyph.offset_y.0 as f32,
                });
                rise = glyph.offset_y.0;
            }
            match glyphs.last_mut() {
                Some(previous) => previous.offset = visible(f64::from(previous.offset) + before),
                None => lead += before,
            }
            // The subset's glyph id; the text it stands for is in the font's ToUnicode.
            glyphs.push(Codepoint {
                gid: font.cid(glyph.id),
                offset: visible(own - glyph.advance.0 * per_pt + glyph.offset_x.0 * per_pt),
                cid: None,
            });
        }
        if let Some(last) = glyphs.last_mut() {
            last.offset = 0.0;
        }
        show(ops, lead, glyphs);
        if rise != 0.0 {
            ops.push(Op::SetLineOffset { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
    }
}

/// One `TJ`: the adjustment owed before the first glyph, then the glyphs with theirs.
fn show(ops: &mut Vec<Op>, lead: f64, glyphs: Vec<Codepoint>) {
    if glyphs.is_empty() {
        return;
    }
    let mut items = Vec::new();
    let lead = visible(lead);
    if lead != 0.0 {
        items.push(TextItem::Offset(lead));
    }
    items.push(TextItem::GlyphIds(glyphs));
    ops.push(Op::ShowText { items });
}

/// An adjustment rounded to a thousandth of an em, or zero when it is below 0.05 (a twentieth of a
/// thousandth of an em is far below a device pixel).
fn visible(value: f64) -> f32 {
    if value.abs() < 0.05 {
        0.0
    } else {
        ((value * 1000.0).round() / 1000.0) as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tiny_adjustments_vanish() {
        assert_eq!(visible(0.04), 0.0);
        assert_eq!(visible(-0.04), 0.0);
        assert_eq!(visible(1.23456), 1.235);
    }
}
