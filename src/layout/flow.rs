//! The flow: a chapter's blocks, typeset by the text engine, as one vertical list of elements.
//!
//! Each element knows its height and what may not be separated from it: the lines of a paragraph
//! carry their position in it (for widow and orphan control), a heading asks to be kept with the
//! lines after it, a space is dropped at the top of a page, a figure may float to the next page.
//! Footnotes are typeset here too, once, into lines the page breaker places at the page foot.

use std::collections::BTreeMap;
use std::path::Path;

use super::Typography;
use crate::diag::Diagnostic;
use crate::model::{Block, Chapter, Figure, Image, Inline, ListKind, SourcePos};
use crate::text::{Align, FaceId, FontBook, Hyphenator, Line, ParagraphSpec, TextEngine};
use crate::units::Pt;

/// One line on its way to a page: the engine's line and where it sits in the text block.
#[derive(Debug, Clone)]
pub struct FlowLine {
    pub line: Line,
    /// From the text block's left edge to the line's left edge.
    pub x: Pt,
    /// The vertical room the line takes (its leading).
    pub height: Pt,
    /// Which paragraph (unique in the chapter), and the line's index in it of `count` lines.
    pub para: usize,
    pub index: usize,
    pub count: usize,
    /// A heading line: at least two lines of what follows stay on its page.
    pub heading: bool,
    /// Anchor ids whose target is this line (headings, figures, list starts).
    pub anchors: Vec<String>,
    /// A prefix drawn in the margin before the line (list numbers, bullets): x and the line.
    pub marker: Option<(Pt, Line)>,
}

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

#[derive(Debug, Clone)]
pub enum Element {
    Line(FlowLine),
    /// Vertical space between blocks, dropped at a page top.
    Space(Pt),
    /// Space that is kept even at a page top (the sink above a chapter title).
    Sink(Pt),
    Figure(FlowFigure),
}

impl Element {
    pub fn height(&self) -> Pt {
        match self {
            Element::Line(line) => line.height,
            Element::Space(h) | Element::Sink(h) => *h,
            Element::Figure(figure) => figure.height,
        }
    }
}

/// A footnote, typeset: its lines in order, each with its x offset and leading.
#[derive(Debug, Clone)]
pub struct NoteLines {
    pub id: String,
    /// The ids of the references to it; the first line links back to the first one.
    pub references: Vec<String>,
    pub lines: Vec<(Pt, Line, Pt)>,
}

/// Typesets blocks into elements.
pub struct Flow<'a> {
    engine: TextEngine<'a>,
    pub typo: &'a Typography,
    pub measure: Pt,
    pub source: &'a Path,
    pub warnings: Vec<Diagnostic>,
    next_para: usize,
}

/// How a paragraph of text should be set, beyond the engine's own spec.
#[derive(Debug, Clone, Copy)]
pub struct Setting {
    pub size: Pt,
    pub leading: Pt,
    pub face: FaceId,
    pub align: Align,
    pub hyphenate: bool,
    /// Centre each line in the measure (headings, title pages).
    pub centred: bool,
    pub indent: Pt,
}

impl<'a> Flow<'a> {
    pub fn new(
        fonts: &'a FontBook,
        hyphenator: &'a Hyphenator,
        typo: &'a Typography,
        measure: Pt,
        source: &'a Path,
    ) -> Flow<'a> {
        Flow {
            engine: TextEngine::new(fonts, hyphenator),
            typo,
            measure,
            source,
            warnings: Vec::new(),
            next_para: 0,
        }
    }

    /// How many paragraphs this flow has numbered.
    pub fn paragraphs(&self) -> usize {
        self.next_para
    }

    /// Typesets `content` at `measure`; centred lines are shifted by half their slack.
    pub fn set(
        &mut self,
        content: &[Inline],
        setting: Setting,
        measure: Pt,
        at: Option<SourcePos>,
    ) -> Vec<Line> {
        let spec = ParagraphSpec {
            measure,
            size: setting.size,
            leading: setting.leading,
            first_indent: setting.indent,
            align: setting.align,
            hyphenate: setting.hyphenate && self.typo.hyphenate,
            base_face: setting.face,
            // Whatever else the engine reads comes from the style as for body text.
            ..ParagraphSpec::body(&self.typo.text, measure)
        };
        let result = self.engine.typeset(content, &spec, at);
        for warning in result.warnings {
            self.warnings.push(Diagnostic::warning(
                self.source,
                warning.at.or(at),
                warning.message,
            ));
        }
        let mut lines = result.lines;
        if setting.centred && lines.len() > 1 {
            // Balance centred text (headings, titles): the narrowest measure that needs no more
            // lines, so a title never ends on one stray word. Steps of 4 % of the measure find it
            // within a few tries; headings are short, so the cost is small.
            let count = lines.len();
            let mut narrower = measure;
            loop {
                narrower = narrower * 0.96;
                if narrower < measure * 0.5 {
                    break;
                }
                let spec = ParagraphSpec {
                    measure: narrower,
                    ..spec.clone()
                };
                let attempt = self.engine.typeset(content, &spec, at);
                let overfull = attempt.lines.iter().any(|l| l.width > narrower + Pt(0.01));
                if attempt.lines.len() > count || overfull {
                    break;
                }
                lines = attempt.lines;
            }
            // Centre within the full measure.
            for line in &mut lines {
                let shift = (measure - line.width) / 2.0;
                for run in &mut line.runs {
                    run.x += shift;
                }
            }
            return lines;
        }
        if setting.centred {
            for line in &mut lines {
                let shift = (measure - line.width) / 2.0;
                for run in &mut line.runs {
                    run.x += shift;
                }
            }
        }
        lines
    }

    /// Lines as flow elements of one paragraph.
    fn push_lines(
        &mut self,
        out: &mut Vec<Element>,
        lines: Vec<Line>,
        x: Pt,
        height: Pt,
        heading: bool,
    ) {
        let para = self.next_para;
        self.next_para += 1;
        let count = lines.len();
        for (index, line) in lines.into_iter().enumerate() {
            out.push(Element::Line(FlowLine {
                line,
                x,
                height,
                para,
                index,
                count,
                heading,
                anchors: Vec::new(),
                marker: None,
            }));
        }
    }

    fn body(&self) -> Setting {
        Setting {
            size: self.typo.size,
            leading: self.typo.leading,
            face: FaceId::Regular,
            align: self.typo.align,
            hyphenate: true,
            centred: false,
            indent: Pt::ZERO,
        }
    }

    /// The opening of a chapter: the sink, its number and title (centred), and space below.
    pub fn chapter_heading(&mut self, chapter: &Chapter, sink: Pt, out: &mut Vec<Element>) {
        out.push(Element::Sink(sink));
        let Some(title) = &chapter.title else {
            return;
        };
        let heading = Setting {
            size: self.typo.chapter,
            leading: self.typo.chapter * 1.25,
            face: self.typo.heading_face,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: true,
            indent: Pt::ZERO,
        };
        let start = out.len();
        if let Some(number) = chapter.number {
            let label = vec![Inline::Text {
                text: number.to_string(),
            }];
            let setting = Setting {
                size: self.typo.section,
                leading: self.typo.leading * 2.0,
                face: FaceId::Regular,
                ..heading
            };
            let lines = self.set(&label, setting, self.measure, Some(chapter.at));
            self.push_lines(out, lines, Pt::ZERO, setting.leading, true);
        }
        let lines = self.set(title, heading, self.measure, Some(chapter.at));
        self.push_lines(out, lines, Pt::ZERO, heading.leading, true);
        if let Some(Element::Line(first)) = out.get_mut(start) {
            first.anchors.push(chapter.id.clone());
        }
        out.push(Element::Sink(self.typo.leading * 2.0));
    }

    /// A `##` (or deeper) heading: space above, the title, a little space below.
    pub fn section_heading(
        &mut self,
        id: &str,
        level: u8,
        title: &[Inline],
        at: SourcePos,
        out: &mut Vec<Element>,
    ) {
        let (size, face) = if level <= 2 {
            (self.typo.section, self.typo.heading_face)
        } else {
            (self.typo.subsection, FaceId::Italic)
        };
        let setting = Setting {
            size,
            leading: self.typo.leading.max(size * 1.25),
            face,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: false,
            indent: Pt::ZERO,
        };
        out.push(Element::Space(self.typo.leading * 1.5));
        let lines = self.set(title, setting, self.measure, Some(at));
        let start = out.len();
        self.push_lines(out, lines, Pt::ZERO, setting.leading, true);
        if let Some(Element::Line(first)) = out.get_mut(start) {
            first.anchors.push(id.to_owned());
        }
        out.push(Element::Space(self.typo.leading * 0.5));
    }

    /// Blocks at `x` and `measure`. The first paragraph is not indented (it follows a heading, a
    /// quote, a list or a break).
    pub fn blocks(
        &mut self,
        blocks: &[Block],
        x: Pt,
        measure: Pt,
        setting: Option<Setting>,
        out: &mut Vec<Element>,
    ) {
        let base = setting.unwrap_or_else(|| self.body());
        let mut indent_next = false;
        for block in blocks {
            match block {
                Block::Paragraph { content, at } => {
                    let setting = Setting {
                        indent: if indent_next {
                            self.typo.indent
                        } else {
                            Pt::ZERO
                        },
                        ..base
                    };
                    let lines = self.set(content, setting, measure, Some(*at));
                    self.push_lines(out, lines, x, base.leading, false);
                    indent_next = true;
                }
                Block::Quote {
                    blocks,
                    attribution,
                } => {
                    let inset = self.typo.indent * 1.5;
                    let quote = Setting {
                        size: self.typo.quote,
                        leading: self.typo.quote_leading,
                        ..base
                    };
                    out.push(Element::Space(base.leading * 0.5));
                    self.blocks(blocks, x + inset, measure - inset * 2.0, Some(quote), out);
                    if let Some(attribution) = attribution {
                        let setting = Setting {
                            align: Align::RaggedRight,
                            hyphenate: false,
                            indent: Pt::ZERO,
                            ..quote
                        };
                        let inner = measure - inset * 2.0;
                        // The parser took the em dash that marks an attribution away; it is
                        // printed again (as the e-book does), joined to the name by a no-break space.
                        let text = crate::model::plain_text(attribution);
                        let mut marked = Vec::with_capacity(attribution.len() + 1);
                        if !text.trim_start().starts_with('\u{2014}') {
                            marked.push(Inline::Text {
                                text: "\u{2014}\u{a0}".to_owned(),
                            });
                        }
                        marked.extend(attribution.iter().cloned());
                        let mut lines = self.set(&marked, setting, inner, None);
                        for line in &mut lines {
                            let shift = inner - line.width;
                            for run in &mut line.runs {
                                run.x += shift;
                            }
                        }
                        self.push_lines(out, lines, x + inset, quote.leading, false);
                    }
                    out.push(Element::Space(base.leading * 0.5));
                    indent_next = false;
                }
                Block::List { kind, items } => {
                    let hang = self.typo.indent * 1.8;
                    out.push(Element::Space(base.leading * 0.25));
                    for (n, item) in items.iter().enumerate() {
                        let label = match kind {
                            ListKind::Bullet => "•".to_owned(),
                            ListKind::Ordered { start } => {
                                format!("{}.", u64::from(*start) + n as u64)
                            }
                        };
                        let start = out.len();
                        let item_setting = Setting {
                            indent: Pt::ZERO,
                            ..base
                        };
                        self.blocks(
                            &item.blocks,
                            x + hang,
                            measure - hang,
                            Some(item_setting),
                            out,
                        );
                        let marker_setting = Setting {
                            align: Align::RaggedRight,
                            hyphenate: false,
                            indent: Pt::ZERO,
                            ..base
                        };
                        let marker = self
                            .set(&[Inline::Text { text: label }], marker_setting, hang, None)
                            .into_iter()
                            .next();
                        // The item's first line (after the space above a heading in it).
                        let first = out[start..].iter_mut().find_map(|e| match e {
                            Element::Line(line) => Some(line),
                            _ => None,
                        });
                        if let (Some(marker), Some(first)) = (marker, first) {
                            let mx = x + hang - marker.width - self.typo.size * 0.5;
                            first.marker = Some((mx, marker));
                        }
                    }
                    out.push(Element::Space(base.leading * 0.25));
                    indent_next = false;
                }
                Block::Figure(figure) => {
                    // A figure may float away, so the text around it reads as one: the next
                    // paragraph keeps its indent (as LaTeX does after a float).
                    let element = self.figure(figure, measure);
                    out.push(Element::Figure(element));
                }
                Block::ThematicBreak => {
                    let setting = Setting {
                        centred: true,
                        align: Align::RaggedRight,
                        hyphenate: false,
                        indent: Pt::ZERO,
                        ..base
                    };
                    let star = [Inline::Text {
                        text: "*\u{2003}*\u{2003}*".to_owned(),
                    }];
                    out.push(Element::Space(base.leading * 0.5));
                    let lines = self.set(&star, setting, measure, None);
                    self.push_lines(out, lines, x, base.leading, false);
                    out.push(Element::Space(base.leading * 0.5));
                    indent_next = false;
                }
                Block::Heading { content, at, .. } => {
                    // A heading inside a quote, list or note: a bold line kept with what follows.
                    let setting = Setting {
                        face: FaceId::Bold,
                        align: Align::RaggedRight,
                        hyphenate: false,
                        indent: Pt::ZERO,
                        ..base
                    };
                    out.push(Element::Space(base.leading * 0.5));
                    let lines = self.set(content, setting, measure, Some(*at));
                    self.push_lines(out, lines, x, base.leading, true);
                    indent_next = false;
                }
                Block::CodeBlock { text, at } => {
                    let setting = Setting {
                        size: self.typo.quote,
                        leading: self.typo.quote_leading,
                        align: Align::RaggedRight,
                        hyphenate: false,
                        indent: Pt::ZERO,
                        ..base
                    };
                    out.push(Element::Space(base.leading * 0.5));
                    let mut lines = Vec::new();
                    for source_line in text.lines() {
                        let content = [Inline::Text {
                            text: source_line.to_owned(),
                        }];
                        lines.extend(self.set(&content, setting, measure, Some(*at)));
                    }
                    self.push_lines(out, lines, x, setting.leading, false);
                    out.push(Element::Space(base.leading * 0.5));
                    indent_next = false;
                }
            }
        }
    }

    /// A figure: the picture scaled to the measure (no taller than the style allows), then the
    /// caption and the credit, centred.
    pub fn figure(&mut self, figure: &Figure, measure: Pt) -> FlowFigure {
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
                            self.source,
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
                            ratio: 0.0,
                            spacing: 1.0,
                            notes: Vec::new(),
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
        FlowFigure {
            id: figure.id.clone(),
            source,
            picture_x: (measure - width) / 2.0,
            picture_width: width,
            picture_height: height,
            lines,
            height: block,
            space_above,
        }
    }

    /// Every note of a chapter, typeset at the note size, its number before the first line.
    pub fn notes(&mut self, chapter: &Chapter) -> BTreeMap<String, NoteLines> {
        let mut out = BTreeMap::new();
        let setting = Setting {
            size: self.typo.note,
            leading: self.typo.note_leading,
            face: FaceId::Regular,
            align: self.typo.align,
            hyphenate: true,
            centred: false,
            indent: Pt::ZERO,
        };
        for note in &chapter.footnotes {
            let mut lines = Vec::new();
            let mut first = true;
            for block in flatten(&note.blocks) {
                let (content, at) = match block {
                    Flat::Para(content, at) => (content, at),
                };
                let mut content = content.clone();
                if first {
                    content.insert(
                        0,
                        Inline::Text {
                            text: format!("{}.\u{2002}", note.number),
                        },
                    );
                }
                let indent = if first {
                    Pt::ZERO
                } else {
                    self.typo.indent * 0.8
                };
                first = false;
                let para = self.set(&content, Setting { indent, ..setting }, self.measure, at);
                for line in para {
                    lines.push((Pt::ZERO, line, self.typo.note_leading));
                }
            }
            out.insert(
                note.id.clone(),
                NoteLines {
                    id: note.id.clone(),
                    references: note.references.clone(),
                    lines,
                },
            );
        }
        out
    }
}

enum Flat<'b> {
    Para(&'b Vec<Inline>, Option<SourcePos>),
}

/// The paragraphs of a note's blocks (quotes, lists and code inside a note are set as paragraphs).
fn flatten(blocks: &[Block]) -> Vec<Flat<'_>> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph { content, at } | Block::Heading { content, at, .. } => {
                out.push(Flat::Para(content, Some(*at)))
            }
            Block::Quote { blocks, .. } => out.extend(flatten(blocks)),
            Block::List { items, .. } => {
                for item in items {
                    out.extend(flatten(&item.blocks));
                }
            }
            Block::Figure(figure) => out.push(Flat::Para(&figure.caption, Some(figure.at))),
            Block::ThematicBreak | Block::CodeBlock { .. } => {}
        }
    }
    out
}
