//! Page content as printpdf operations: the text runs, rules, frames and pictures of a page,
//! serialized by printpdf one page at a time, with every glyph id already the subset's.
//!
//! Text is shown as glyph ids (two bytes each with `Identity-H`). The font's own advance of each
//! glyph is known (the very width the font's `/W` holds), so the adjustment after a glyph is the
//! difference between that and the advance the shaper and the line breaker decided (kerning,
//! justification): the glyphs land exactly where layout put them. The glyphs between two
//! adjustments are one literal string of the `TJ` array (`[(…) 10 (…) …]`, the ids' bytes as
//! they are): printpdf's own `ShowText` writes every glyph as a hex string of its own, which
//! made each glyph an object to allocate and format, and the stream twice as long. The array is
//! handed to printpdf as an operator it writes as given (`Op::Unknown`, so `SAVE` is not
//! `secure`: every operator here is ours).
//! Consecutive text items share one text object (`BT`…`ET`), and the runs of one line share one
//! `TJ` array, each word space written as the font's space glyph and an adjustment for the rest
//! of the gap: the pen is followed glyph by glyph with the same numbers the viewer will use, so
//! nothing drifts along a line, and the text layer holds real spaces (between the words of a line,
//! and after a line that ends between words), which copy, search, and the structure tree's text
//! read as written. The
//! fonts are unknown to printpdf (the document holds them), so its glyph-run merger never touches
//! these arrays. Everything is filled and stroked in DeviceGray: text is pure black (`0 g`),
//! never a four-colour RGB black. Fonts and pictures are named by the resource names the document gives
//! them (`T0`…, `Im0`…), so the stream printpdf writes is final: it is deflated once, as it is
//! handed over, and never parsed or changed again.
//!
//! Tagged PDF is written in the same pass: every item is marked content, either of a structure
//! node (`/P <</MCID 3>> BDC … EMC`, the role's name as the tag) or an artifact (`/Artifact
//! <</Type /Pagination>> BDC … EMC` for running heads and folios, `/Layout` for rules and frames).
//! Consecutive items of one node share one sequence (the lines of a paragraph on a page are one
//! MCID); a sequence begun in a text object ends in it. The page's [`Mark`]s, in drawing order,
//! tell the document which node each MCID and each link belongs to (`super::structure`).

use std::collections::BTreeMap;

use printpdf::{
    Color, CurTransMat, DictItem, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode,
    PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt as PdfPt, Rect, TextMatrix,
    XObjectId, XObjectTransform,
};

use super::fonts::Numbering;
use super::PdfError;
use crate::layout::{ArtifactKind, Item, NodeId, Structure, Tag, TextRun};
use crate::text::FaceId;
use crate::units::Pt;

/// Draws a page. `origin` is where the trim box's lower-left corner sits on the media box,
/// `height` the trim height (to flip layout's downward `y`); pictures are `Im<n>` by their index
/// in the layout's image list.
pub struct PageWriter<'a> {
    pub fonts: &'a BTreeMap<FaceId, Numbering>,
    pub height: Pt,
    pub origin: Pt,
    /// The nodes the items' tags point at (for the names of the marked content).
    pub structure: &'a Structure,
}

/// A page's tagged content in drawing order: a marked-content sequence of a node (its MCID is
/// its index among the page's `Content` marks), or a link annotation of a node (`item` is the
/// link item's index in the page's items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Content { node: NodeId },
    Annotation { node: NodeId, item: usize },
}

/// The marked-content sequence open in the stream being written, and the marks so far.
#[derive(Default)]
pub struct Marked {
    open: Option<Tag>,
    mcids: i64,
    pub marks: Vec<Mark>,
}

impl Marked {
    /// Opens a sequence for `tag` unless one is open for it already.
    pub fn begin(&mut self, ops: &mut Vec<Op>, tag: Tag, structure: &Structure) {
        if self.open == Some(tag) {
            return;
        }
        self.end(ops);
        let dict = |key: &str, value: DictItem| DictItem::Dict {
            map: BTreeMap::from([(key.to_owned(), value)]),
        };
        let op = match tag {
            Tag::Node { id } => {
                let name = structure.get(id).map_or("Span", |node| node.role.name());
                let mcid = self.mcids;
                self.mcids += 1;
                self.marks.push(Mark::Content { node: id });
                Op::BeginMarkedContentWithProperties {
                    tag: name.to_owned(),
                    properties: dict("MCID", DictItem::Int(mcid)),
                }
            }
            Tag::Artifact { kind } => artifact(kind),
        };
        ops.push(op);
        self.open = Some(tag);
    }

    /// Ends the open sequence, if any.
    pub fn end(&mut self, ops: &mut Vec<Op>) {
        if self.open.take().is_some() {
            ops.push(Op::EndMarkedContent);
        }
    }
}

/// `/Artifact <</Type /…>> BDC`.
fn artifact(kind: ArtifactKind) -> Op {
    let name = match kind {
        ArtifactKind::Pagination => "Pagination",
        ArtifactKind::Layout => "Layout",
        ArtifactKind::Page => "Page",
    };
    Op::BeginMarkedContentWithProperties {
        tag: "Artifact".to_owned(),
        properties: DictItem::Dict {
            map: BTreeMap::from([("Type".to_owned(), DictItem::Name(name.as_bytes().to_vec()))]),
        },
    }
}

/// The resource name of the layout's `index`-th picture.
pub fn image_name(index: usize) -> String {
    format!("Im{index}")
}

/// How printpdf serializes: streams left uncompressed (they are deflated once, by us), fonts not
/// touched (we embed them), and the operators it has no type for written as given (the `TJ`
/// arrays, see the module's notes; no operator here comes from outside).
const SAVE: PdfSaveOptions = PdfSaveOptions {
    optimize: false,
    subset_fonts: false,
    secure: false,
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
    /// The page's operations, and its marks (what each MCID and link belongs to). `marked`
    /// stays open for what the caller adds (crop marks).
    pub fn page(&self, items: &[Item], marked: &mut Marked) -> Vec<Op> {
        let mut ops = vec![Op::SaveGraphicsState];
        let o = self.origin.0;
        if o != 0.0 {
            ops.push(Op::SetTransformationMatrix {
                matrix: CurTransMat::Translate(pt(o), pt(o)),
            });
        }
        ops.push(Op::SetFillColor { col: grey(0.0) });
        ops.push(Op::SetOutlineColor { col: grey(0.0) });
        let mut text = TextObject::default();
        for (index, item) in items.iter().enumerate() {
            match item {
                Item::Text(run) => {
                    self.text(&mut ops, &mut text, marked, run);
                    continue;
                }
                Item::Link { tag, .. } => {
                    // Drawn as nothing: the text object and the sequence go on.
                    if let Tag::Node { id } = tag {
                        marked.marks.push(Mark::Annotation {
                            node: *id,
                            item: index,
                        });
                    }
                    continue;
                }
                _ => text.close(&mut ops, marked),
            }
            match item {
                Item::Text(_) | Item::Link { .. } => {}
                Item::Rule { .. } | Item::Frame { .. } => {
                    marked.begin(&mut ops, Tag::DECORATION, self.structure)
                }
                Item::Image { tag, .. } => marked.begin(&mut ops, *tag, self.structure),
            }
            match item {
                Item::Text(_) | Item::Link { .. } => {}
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
                    ..
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
            }
        }
        text.close(&mut ops, marked);
        marked.end(&mut ops);
        ops.push(Op::RestoreGraphicsState);
        ops
    }

    /// Adds a run to the open text object: a new line (`Tm`) when its baseline differs from the
    /// line being written, else a gap in the line's `TJ`; the font (`Tf`) and rise (`Ts`) when
    /// they change.
    fn text(&self, ops: &mut Vec<Op>, text: &mut TextObject, marked: &mut Marked, run: &TextRun) {
        let Some(font) = self.fonts.get(&run.face) else {
            return;
        };
        if run.glyphs.is_empty() || run.size.0 <= 0.0 {
            return;
        }
        if !text.open {
            // A sequence begun outside the text object may not end inside it.
            marked.end(ops);
            ops.push(Op::StartTextSection);
            *text = TextObject {
                open: true,
                ..TextObject::default()
            };
        }
        if marked.open != Some(run.tag) {
            text.flush(ops);
            marked.begin(ops, run.tag, self.structure);
        }
        // Font expansion: horizontal scaling (`Tz`), which scales advances and TJ numbers alike.
        let scaling = (run.glyphs.expansion() * 10_000.0).round() / 10_000.0;
        if scaling != text.scaling {
            text.flush(ops);
            ops.push(Op::SetHorizontalScaling {
                percent: (scaling * 100.0) as f32,
            });
            text.scaling = scaling;
        }
        // Letter spacing: character spacing (`Tc`, which `Tz` scales too) after every glyph, so
        // a word's letters need no `TJ` number each.
        let spacing = (run.glyphs.tracking().0 / scaling * 10_000.0).round() / 10_000.0;
        if spacing != text.spacing {
            text.flush(ops);
            ops.push(Op::SetCharacterSpacing {
                multiplier: spacing as f32,
            });
            text.spacing = spacing;
        }
        let tracked = spacing * scaling;
        let per_pt = 1000.0 / (run.size.0 * scaling);
        let same_font = text.font == Some((run.face, run.size.0));
        let same_line = text.baseline == Some(run.y.0);
        if !same_font {
            text.flush(ops);
            ops.push(Op::SetFont {
                font: PdfFontHandle::External(FontId(font.name.clone())),
                size: pt(run.size.0),
            });
            text.font = Some((run.face, run.size.0));
        }
        if same_line {
            // A word space is the font's space glyph (so the text layer has the space), then
            // the rest of the gap from where the pen is to where the run starts.
            if let (true, Some((space, width))) = (run.space_before, font.space) {
                text.push_glyph(space, width, run.size.0 * scaling);
            }
            let gap = visible(-(run.x.0 - text.pen) * per_pt);
            text.push_offset(gap, run.size.0 * scaling);
        } else {
            text.flush(ops);
            ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(pt(run.x.0), pt(self.height.0 - run.y.0)),
            });
            text.baseline = Some(run.y.0);
            text.pen = f64::from(pt(run.x.0).0);
        }
        let count = run.glyphs.len();
        for (i, glyph) in run.glyphs.iter().enumerate() {
            let rise = glyph.offset_y.0;
            if rise != text.rise {
                // A raised glyph (a note mark, mark positioning): end the array, set the rise.
                text.flush(ops);
                ops.push(Op::SetLineOffset {
                    multiplier: rise as f32,
                });
                text.rise = rise;
            }
            let own = font.width(glyph.id);
            // `offset_x` moves this glyph only: owed before it, given back after it.
            let size = run.size.0 * scaling;
            text.push_offset(visible(-glyph.offset_x.0 * per_pt), size);
            text.push_glyph(font.cid_for(glyph.id, glyph.text), own, size);
            // What the glyph's advance asks beyond the `Tc` the viewer adds anyway. The last
            // glyph's `Tc` (its advance has none) is left to the next run's gap or the next
            // line's `Tm`, which place from the pen: one number fewer per word.
            let owed = if i + 1 == count { 0.0 } else { tracked };
            let wanted = glyph.advance.0 - glyph.offset_x.0 - owed;
            let after = visible(own - wanted * per_pt);
            text.push_offset(after, size);
        }
        // The space between this line's last word and the next line's first, in the text only:
        // the pen moves past the line's end, and the next line starts with its own `Tm`.
        if let (true, Some((space, width))) = (run.space_after, font.space) {
            text.push_glyph(space, width, run.size.0 * scaling);
        }
    }
}

/// The text object being written: where the pen is, in which font and on which baseline, and
/// the `TJ` array being filled.
struct TextObject {
    open: bool,
    font: Option<(FaceId, f64)>,
    /// The baseline of the line being written (layout's `y`).
    baseline: Option<f64>,
    /// The rise (`Ts`) in effect: mark positioning inside a run. (Layout places a raised run, a
    /// note mark, on a baseline of its own, which starts a new line here.)
    rise: f64,
    /// Where the viewer's pen is, in points from the page's left edge.
    pen: f64,
    /// The horizontal scaling (`Tz`) in effect, 1 for none.
    scaling: f64,
    /// The character spacing (`Tc`) in effect, in unscaled points; 0 for none.
    spacing: f64,
    items: Vec<Shown>,
}

/// Bytes a glyph string starts with room for: sixteen glyphs, a long word (the string between
/// two adjustments, which come at every space and kern).
const GLYPH_STRING_ROOM: usize = 32;

/// An element of a `TJ` array: glyphs (two bytes each), or an adjustment in 1/1000 em.
enum Shown {
    Glyphs(Vec<u8>),
    Offset(f32),
}

impl Default for TextObject {
    fn default() -> Self {
        TextObject {
            open: false,
            font: None,
            baseline: None,
            rise: 0.0,
            pen: 0.0,
            scaling: 1.0,
            spacing: 0.0,
            items: Vec::new(),
        }
    }
}

impl TextObject {
    /// Adds a `TJ` adjustment (in 1/1000 em; positive moves left) and moves the pen as the viewer
    /// will.
    fn push_offset(&mut self, offset: f32, size: f64) {
        if offset == 0.0 {
            return;
        }
        self.pen -= f64::from(offset) * size / 1000.0;
        match self.items.last_mut() {
            Some(Shown::Offset(previous)) => *previous += offset,
            _ => self.items.push(Shown::Offset(offset)),
        }
    }

    /// Adds a glyph (its subset id) and moves the pen by its `/W` width and the character
    /// spacing.
    fn push_glyph(&mut self, cid: u16, width: f64, size: f64) {
        self.pen += width * size / 1000.0 + self.spacing * self.scaling;
        match self.items.last_mut() {
            Some(Shown::Glyphs(glyphs)) => glyphs.extend_from_slice(&cid.to_be_bytes()),
            _ => {
                // Room for a word or two: a string grown byte pair by byte pair reallocates.
                let mut glyphs = Vec::with_capacity(GLYPH_STRING_ROOM);
                glyphs.extend_from_slice(&cid.to_be_bytes());
                self.items.push(Shown::Glyphs(glyphs));
            }
        }
    }

    /// Writes the `TJ` array filled so far.
    fn flush(&mut self, ops: &mut Vec<Op>) {
        let items = std::mem::take(&mut self.items);
        if !items.iter().any(|item| matches!(item, Shown::Glyphs(_))) {
            return;
        }
        let array = items
            .into_iter()
            .map(|item| match item {
                // Literal: the bytes as they are (a hex string doubles them, and lopdf formats
                // each byte of one on its own); lopdf escapes what must be.
                Shown::Glyphs(data) => DictItem::String {
                    data,
                    literal: true,
                },
                Shown::Offset(offset) => DictItem::Real(offset),
            })
            .collect();
        ops.push(Op::Unknown {
            key: "TJ".to_owned(),
            value: vec![DictItem::Array(array)],
        });
    }

    /// Ends the text object (before a rule, a frame or a picture, and at the end of the page),
    /// and the marked-content sequence begun in it.
    fn close(&mut self, ops: &mut Vec<Op>, marked: &mut Marked) {
        if !self.open {
            return;
        }
        self.flush(ops);
        marked.end(ops);
        if self.rise != 0.0 {
            ops.push(Op::SetLineOffset { multiplier: 0.0 });
        }
        // Text state outlives the text object: leave none behind.
        if self.scaling != 1.0 {
            ops.push(Op::SetHorizontalScaling { percent: 100.0 });
        }
        if self.spacing != 0.0 {
            ops.push(Op::SetCharacterSpacing { multiplier: 0.0 });
        }
        ops.push(Op::EndTextSection);
        *self = TextObject::default();
    }
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
