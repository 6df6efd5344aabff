//! Figures in the flow: the picture (or its FPO frame) scaled to the measure, its caption and
//! credit set below it, the block rounded to whole lines so the text around it keeps the grid.

use super::flow::{Flow, Setting};
use super::structure::{NodeId, Role, Tag};
use crate::diag::Diagnostic;
use crate::model::{plain_text, Figure, Image, Inline, Place};
use crate::text::{Align, FaceId, Line, LineEnd};
use crate::units::Pt;

/// A figure block: the picture (or its FPO frame) and its caption lines.
#[derive(Debug, Clone)]
pub struct FlowFigure {
    pub id: String,
    pub source: FigureSource,
    /// Where the picture is drawn, relative to the block's top-left corner.
    pub picture_x: Pt,
    pub picture_width: Pt,
    pub picture_height: Pt,
    /// Caption and credit lines, below the picture, with their left offsets.
    pub lines: Vec<(Pt, Line)>,
    /// The whole block: space above, picture, caption and credit, space below.
    pub height: Pt,
    pub space_above: Pt,
    /// The figure's block in the book.
    pub place: Option<Place>,
    /// The `Figure` node (the picture) and its `Caption` node (the lines).
    pub figure: Tag,
    pub caption: Tag,
}

#[derive(Debug, Clone)]
pub enum FigureSource {
    Image {
        path: std::path::PathBuf,
        format: crate::model::ImageFormat,
    },
    /// For position only: a frame marked FPO.
    Placeholder { label: Line },
}

/// The least a picture is scaled to, rather than float to the next page, when a little less of
/// it fits where it is called (what a designer does by hand, so the figure keeps its text and the
/// page is not left short). 85 % is a limit of judgment: a picture gives up at most a seventh of
/// its height (two lines of a 200 pt picture), and a bigger misfit still floats.
pub const MIN_PICTURE_SCALE: f64 = 0.85;

impl FlowFigure {
    /// The block set `cut` shorter, in whole lines, when that fits it into `room` where it
    /// stands: only a picture (a placeholder keeps the height the style gives it: it stands for
    /// a picture whose size is not known yet), and never below [`MIN_PICTURE_SCALE`].
    pub fn cut_to_fit(&self, room: Pt, leading: Pt) -> Option<Pt> {
        if !matches!(self.source, FigureSource::Image { .. }) || leading <= Pt::ZERO {
            return None;
        }
        // Whole lines keep the text below on the baseline grid (see `Flow::figure`).
        let lines = (room.0 / leading.0 + 1e-6).floor();
        let cut = self.height - leading * lines;
        (cut > Pt::ZERO && cut <= self.picture_height * (1.0 - MIN_PICTURE_SCALE)).then_some(cut)
    }

    /// The figure with its block `cut` shorter: the picture scaled down about its centre line,
    /// the caption and credit moved up by as much.
    pub fn shortened(&self, cut: Pt) -> FlowFigure {
        let height = self.picture_height - cut;
        let scale = height.0 / self.picture_height.0.max(1e-9);
        let width = self.picture_width * scale;
        FlowFigure {
            picture_x: self.picture_x + (self.picture_width - width) / 2.0,
            picture_width: width,
            picture_height: height,
            lines: self
                .lines
                .iter()
                .map(|(y, line)| (*y - cut, line.clone()))
                .collect(),
            height: self.height - cut,
            ..self.clone()
        }
    }
}

impl Flow<'_> {
    /// A figure: the picture scaled to the measure (no taller than the style allows), then the
    /// caption and the credit, centred.
    pub fn figure(&mut self, figure: &Figure, measure: Pt, parent: Option<NodeId>) -> FlowFigure {
        let max_height = self.typo.figure_max_height;
        // Missing pictures get a frame at full measure, of the style's placeholder height.
        let (px_w, px_h, source) = match &figure.image {
            Image::Present {
                path,
                format,
                width_px,
                height_px,
            } => (
                f64::from((*width_px).max(1)),
                f64::from((*height_px).max(1)),
                Some((path.clone(), *format)),
            ),
            Image::Missing { .. } => (
                measure.0.max(1.0),
                self.typo.placeholder_height.0.max(1.0),
                None,
            ),
        };
        let mut width = measure;
        let mut height = Pt(measure.0 * px_h / px_w);
        if height > max_height {
            height = max_height;
            width = Pt(max_height.0 * px_w / px_h);
        }
        let source = match source {
            Some((path, format)) => {
                let dpi = px_w / (width.0 / 72.0);
                // An SVG is rasterised at 300 dpi of its placed size: it never prints soft.
                if dpi < 300.0 && format != crate::model::ImageFormat::Svg {
                    self.warnings.push(
                        Diagnostic::warning(
                            self.source_here(),
                            Some(figure.at),
                            format!(
                                "the picture {} prints at {:.0} dpi (under 300)",
                                crate::diag::display_path(&path).display(),
                                dpi
                            ),
                        )
                        .with_hint("use a larger file, or expect a soft print"),
                    );
                }
                FigureSource::Image { path, format }
            }
            None => {
                let setting = Setting {
                    size: self.typo.chapter,
                    leading: self.typo.chapter,
                    face: FaceId::Bold,
                    align: Align::RaggedRight,
                    hyphenate: false,
                    centred: true,
                    indent: Pt::ZERO,
                };
                let fpo = [Inline::Text {
                    text: "FPO".to_owned(),
                }];
                let label = self.set(&fpo, setting, width, None).into_iter().next();
                match label {
                    Some(label) => FigureSource::Placeholder { label },
                    None => FigureSource::Placeholder {
                        label: Line {
                            runs: Vec::new(),
                            width: Pt::ZERO,
                            indent: Pt::ZERO,
                            ascent: Pt::ZERO,
                            descent: Pt::ZERO,
                            height: Pt::ZERO,
                            hyphenated: false,
                            end: LineEnd::Space,
                            ratio: 0.0,
                            spacing: 1.0,
                            notes: Vec::new(),
                            first_word: None,
                        },
                    },
                }
            }
        };
        let caption_setting = Setting {
            size: self.typo.caption,
            leading: self.typo.caption_leading,
            face: FaceId::Regular,
            align: Align::RaggedRight,
            hyphenate: true,
            centred: true,
            indent: Pt::ZERO,
        };
        let space_above = self.typo.leading * 0.5;
        let mut lines = Vec::new();
        let mut y = space_above + height + self.typo.caption_leading * 0.5;
        for line in self.set(&figure.caption, caption_setting, measure, Some(figure.at)) {
            y += self.typo.caption_leading;
            lines.push((y, line));
        }
        if let Some(credit) = &figure.credit {
            let setting = Setting {
                face: FaceId::Italic,
                ..caption_setting
            };
            for line in self.set(credit, setting, measure, Some(figure.at)) {
                y += self.typo.caption_leading;
                lines.push((y, line));
            }
        }
        // The block takes whole lines, so the text below it stays on the page's baseline grid
        // and a page with a figure ends on the same baseline as any other: no fraction of a line
        // is left at its foot. The slack goes below the caption.
        let leading = self.typo.leading.0.max(1.0);
        let natural = y + self.typo.leading * 0.75;
        // (A hair under a whole line counts as that line: rounding, not a line more.)
        let block = Pt((natural.0 / leading - 1e-6).ceil() * leading);
        let alt = figure_alt(figure);
        let node = self.structure.add(parent, Role::Figure { alt });
        let caption = self.structure.add(Some(node), Role::Caption);
        FlowFigure {
            figure: Tag::node(node),
            caption: Tag::node(caption),
            id: figure.id.clone(),
            source,
            picture_x: (measure - width) / 2.0,
            picture_width: width,
            picture_height: height,
            lines,
            height: block,
            space_above,
            place: None,
        }
    }
}

/// A figure's text alternative: its caption, else the file's name (a figure always has one).
fn figure_alt(figure: &Figure) -> String {
    let caption = plain_text(&figure.caption);
    if !caption.trim().is_empty() {
        return caption.trim().to_owned();
    }
    let path = match &figure.image {
        Image::Present { path, .. } | Image::Missing { path } => path,
    };
    path.file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default()
}
