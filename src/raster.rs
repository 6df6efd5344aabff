//! Rasterising a page of a layout: the e-book's cover image drawn from the very design the
//! booklet prints (the same lines, glyphs and rules, at the same places).
//!
//! Each glyph is drawn from its outline in the style's own font file (ttf-parser reads it,
//! tiny-skia fills it, anti-aliased, with the non-zero rule): no font is looked up on the
//! system, nothing is fetched, and no second text layout (an SVG renderer's, say) can set a
//! line differently from the PDF. Rules and placeholder frames are drawn too; pictures are not
//! (a cover that is a picture is passed to the e-book as it is). The page is drawn in black on
//! white and written as an 8-bit greyscale PNG, without any time stamp: the same page always
//! gives the same bytes.

use std::collections::HashMap;

use tiny_skia::{FillRule, Paint, Path, PathBuilder, Pixmap, Rect, Stroke, Transform};

use crate::layout::{Item, Layout, TextRun};
use crate::text::{FaceId, FontBook};

/// The height of the e-book's cover image in pixels: what e-book stores ask for (about 1600 ×
/// 2560), the width following the page's proportions.
pub const COVER_HEIGHT_PX: u32 = 2560;

/// The grey of a placeholder frame, as in the PDF (50 %).
const FRAME_GREY: u8 = 128;

/// Why a page could not be rasterised.
#[derive(Debug)]
pub enum RasterError {
    /// No such page, or a size no pixmap can have.
    Size {
        message: String,
    },
    Png {
        message: String,
    },
}

impl std::fmt::Display for RasterError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RasterError::Size { message } => write!(f, "cannot draw the page: {message}"),
            RasterError::Png { message } => write!(f, "cannot write the PNG: {message}"),
        }
    }
}

impl std::error::Error for RasterError {}

/// Page `index` of `layout`, `height_px` pixels tall, as PNG bytes.
pub fn page_png(
    layout: &Layout,
    index: usize,
    fonts: &FontBook,
    height_px: u32,
) -> Result<Vec<u8>, RasterError> {
    let page = layout.pages.get(index).ok_or_else(|| RasterError::Size {
        message: format!("the layout has no page {}", index + 1),
    })?;
    let scale = f64::from(height_px) / layout.height.0.max(1.0);
    let width_px = (layout.width.0 * scale).round().max(1.0) as u32;
    let mut pixmap = Pixmap::new(width_px, height_px).ok_or_else(|| RasterError::Size {
        message: format!("{width_px} × {height_px} pixels"),
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    let mut painter = Painter {
        fonts,
        scale: scale as f32,
        outlines: HashMap::new(),
    };
    for item in &page.items {
        painter.item(&mut pixmap, item);
    }
    encode_grey(&pixmap)
}

/// Draws items, keeping each glyph's outline once it is built.
struct Painter<'a> {
    fonts: &'a FontBook,
    /// Pixels per point.
    scale: f32,
    outlines: HashMap<(FaceId, u16), Option<Path>>,
}

impl Painter<'_> {
    fn item(&mut self, pixmap: &mut Pixmap, item: &Item) {
        let k = self.scale;
        let mut paint = Paint::default();
        paint.set_color_rgba8(0, 0, 0, 255);
        paint.anti_alias = true;
        match item {
            Item::Text(run) => self.text(pixmap, run, &paint),
            Item::Rule {
                x,
                y,
                width,
                thickness,
            } => {
                let top = y.0 - thickness.0 / 2.0;
                if let Some(rect) =
                    Rect::from_xywh(x.0 as f32, top as f32, width.0 as f32, thickness.0 as f32)
                {
                    pixmap.fill_rect(rect, &paint, Transform::from_scale(k, k), None);
                }
            }
            Item::Frame {
                x,
                y,
                width,
                height,
            } => {
                paint.set_color_rgba8(FRAME_GREY, FRAME_GREY, FRAME_GREY, 255);
                let (l, t) = (x.0 as f32, y.0 as f32);
                let (r, b) = (l + width.0 as f32, t + height.0 as f32);
                let mut path = PathBuilder::new();
                path.move_to(l, t);
                path.line_to(r, t);
                path.line_to(r, b);
                path.line_to(l, b);
                path.close();
                path.move_to(l, t);
                path.line_to(r, b);
                path.move_to(l, b);
                path.line_to(r, t);
                if let Some(path) = path.finish() {
                    let stroke = Stroke {
                        width: 0.5,
                        ..Stroke::default()
                    };
                    pixmap.stroke_path(&path, &paint, &stroke, Transform::from_scale(k, k), None);
                }
            }
            Item::Image { .. } | Item::Link { .. } => {}
        }
    }

    /// A run's glyphs, each at its pen position (plus its own offset; the advances carry the
    /// letter spacing), on the run's baseline, widened by the run's font expansion as the PDF's
    /// `Tz` widens them.
    fn text(&mut self, pixmap: &mut Pixmap, run: &TextRun, paint: &Paint) {
        let units = f32::from(self.fonts.units_per_em(run.face).max(1));
        let size = run.size.0 as f32 / units;
        let wide = size * run.glyphs.expansion() as f32;
        let k = self.scale;
        let mut pen = run.x.0;
        for glyph in run.glyphs.iter() {
            let x = (pen + glyph.offset_x.0) as f32;
            let y = (run.y.0 - glyph.offset_y.0) as f32;
            pen += glyph.advance.0;
            let Some(path) = self.outline(run.face, glyph.id) else {
                continue;
            };
            let transform = Transform::from_row(wide * k, 0.0, 0.0, -size * k, x * k, y * k);
            pixmap.fill_path(path, paint, FillRule::Winding, transform, None);
        }
    }

    /// A glyph's outline in font units (y up), or `None` for a glyph without one (a space).
    fn outline(&mut self, face: FaceId, id: u16) -> Option<&Path> {
        let fonts = self.fonts;
        self.outlines
            .entry((face, id))
            .or_insert_with(|| {
                let parsed = ttf_parser::Face::parse(fonts.data(face), 0).ok()?;
                let mut builder = Outline(PathBuilder::new());
                parsed.outline_glyph(ttf_parser::GlyphId(id), &mut builder)?;
                builder.0.finish()
            })
            .as_ref()
    }
}

/// ttf-parser's outline calls, as a tiny-skia path.
struct Outline(PathBuilder);

impl ttf_parser::OutlineBuilder for Outline {
    fn move_to(&mut self, x: f32, y: f32) {
        self.0.move_to(x, y);
    }
    fn line_to(&mut self, x: f32, y: f32) {
        self.0.line_to(x, y);
    }
    fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
        self.0.quad_to(x1, y1, x, y);
    }
    fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
        self.0.cubic_to(x1, y1, x2, y2, x, y);
    }
    fn close(&mut self) {
        self.0.close();
    }
}

/// The pixmap (grey: every pixel has equal red, green and blue) as an 8-bit greyscale PNG.
fn encode_grey(pixmap: &Pixmap) -> Result<Vec<u8>, RasterError> {
    let grey: Vec<u8> = pixmap.pixels().iter().map(|p| p.red()).collect();
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    let failed = |e: png::EncodingError| RasterError::Png {
        message: e.to_string(),
    };
    let mut writer = encoder.write_header().map_err(failed)?;
    writer.write_image_data(&grey).map_err(failed)?;
    writer.finish().map_err(failed)?;
    Ok(out)
}
