//! Rendering page plans into positioned items: body lines, floated figures, the notes at the foot
//! under a short rule, running heads and folios.

use std::collections::BTreeMap;

use super::breaker::{break_chapter, Depth, Frame, PagePlan};
use super::flow::{Element, FigureSource, Flow, FlowLine, NoteLines, Setting};
use super::page::{ImageSource, Item, Layout, LinkTarget, OutlineEntry, Page, TextRun};
use super::typeset::ChapterFlow;
use super::Typography;
use crate::diag::Diagnostic;
use crate::model::{plain_text, Book, Chapter, Inline};
use crate::style::PrintStyle;
use crate::text::{Align, FaceId, FontBook, GlyphRun, Hyphenator, Line, RunLink};
use crate::units::Pt;

/// Where the baseline sits in a line's slot: four fifths down, leaving the rest for descenders.
/// (For a 10/13.5 body this puts the first baseline 10.8 pt below the top of the text block,
/// close to TeX's `\topskip` of one body size.)
const BASELINE: f64 = 0.8;

/// The page's geometry.
#[derive(Debug, Clone)]
pub struct Geometry {
    pub width: Pt,
    pub height: Pt,
    pub inner: Pt,
    pub outer: Pt,
    pub top: Pt,
    pub facing: bool,
    pub measure: Pt,
    pub text_height: Pt,
    pub sink: Pt,
    pub frame: Frame,
    pub running_heads: bool,
}

impl Geometry {
    pub fn new(print: &PrintStyle, typo: &Typography) -> Geometry {
        let page = &print.page;
        let (width, height) = page.trim_size();
        let m = &page.margins;
        let measure = width - m.inner.0 - m.outer.0;
        let text_height = height - m.top.0 - m.bottom.0;
        // Whole lines only: the text block is a multiple of the leading, so full pages end on the
        // same baseline.
        let lines = (text_height.0 / typo.leading.0).floor().max(4.0);
        Geometry {
            width,
            height,
            inner: m.inner.0,
            outer: m.outer.0,
            top: m.top.0,
            facing: page.facing,
            measure,
            text_height: Pt(lines * typo.leading.0),
            sink: page.chapter_sink.0,
            frame: Frame {
                height: Pt(lines * typo.leading.0),
                separator: typo.note_leading,
                widows: page.widows as usize,
                orphans: page.orphans as usize,
                leading: typo.leading,
            },
            running_heads: page.running_heads,
        }
    }

    /// The left edge of the text block on the page with this physical index (0 is a recto).
    pub fn left(&self, physical: usize) -> Pt {
        if self.facing && physical % 2 == 1 {
            self.outer
        } else {
            self.inner
        }
    }
}

/// What the report needs to know about each page, recorded while rendering.
#[derive(Debug, Clone, Default)]
pub struct PageRecord {
    /// Body lines in order: (chapter, line facts).
    pub lines: Vec<LineFacts>,
    /// Foot lines: note id, line index, its facts.
    pub foot: Vec<(String, usize, LineFacts)>,
    pub floated: usize,
    /// Empty height between the last body line and the notes (or the foot of the text block).
    pub hole: Pt,
    /// The chapter goes on after this page.
    pub continues: bool,
}

#[derive(Debug, Clone, Default)]
pub struct LineFacts {
    pub index: usize,
    pub count: usize,
    pub heading: bool,
    pub hyphenated: bool,
    pub ratio: f64,
    /// The word spaces as set over their natural width, and how many there are.
    pub spacing: f64,
    pub spaces: usize,
    pub justified: bool,
    pub notes: Vec<String>,
}

/// Layout in progress: pages, records and what the front and back matter need to know.
pub struct Out {
    pub layout: Layout,
    pub records: Vec<PageRecord>,
    pub warnings: Vec<Diagnostic>,
    /// Body page index of each chapter's opening, and of each anchor.
    pub anchor_pages: BTreeMap<String, usize>,
}

impl Out {
    /// Puts the front matter before the body (renumbering nothing: body folios start at 1) and
    /// the back matter after it.
    pub fn attach(&mut self, front: Vec<Page>, back: Vec<Page>) {
        let count = front.len();
        let mut pages = front;
        pages.append(&mut self.layout.pages);
        pages.extend(back);
        let mut records = vec![PageRecord::default(); count];
        records.append(&mut self.records);
        while records.len() < pages.len() {
            records.push(PageRecord::default());
        }
        self.layout.pages = pages;
        self.records = records;
        self.layout.first_arabic_page = count;
    }
}

pub struct Body<'a> {
    book: &'a Book,
    fonts: &'a FontBook,
    hyphenator: &'a Hyphenator,
    typo: &'a Typography,
    geo: &'a Geometry,
    out: Out,
}

impl<'a> Body<'a> {
    pub fn new(
        book: &'a Book,
        fonts: &'a FontBook,
        hyphenator: &'a Hyphenator,
        typo: &'a Typography,
        geo: &'a Geometry,
    ) -> Body<'a> {
        Body {
            book,
            fonts,
            hyphenator,
            typo,
            geo,
            out: Out {
                layout: Layout {
                    width: geo.width,
                    height: geo.height,
                    pages: Vec::new(),
                    outline: Vec::new(),
                    images: Vec::new(),
                    first_arabic_page: 0,
                },
                records: Vec::new(),
                warnings: Vec::new(),
                anchor_pages: BTreeMap::new(),
            },
        }
    }

    pub fn finish(self) -> Out {
        self.out
    }

    /// Breaks one typeset chapter into pages and renders them.
    pub fn chapter(&mut self, chapter: &Chapter, flowed: ChapterFlow, recto_only: bool) {
        let ChapterFlow {
            mut elements,
            notes,
            mut warnings,
        } = flowed;
        let mut flow = Flow::new(
            self.fonts,
            self.hyphenator,
            self.typo,
            self.geo.measure,
            &chapter.source,
        );
        // Recto openings: a blank verso first when the chapter would start on a verso.
        if recto_only && self.out.layout.pages.len() % 2 == 1 {
            self.out.layout.pages.push(Page {
                label: (self.out.layout.pages.len() + 1).to_string(),
                ..Page::default()
            });
            self.out.records.push(PageRecord::default());
        }
        let plans = break_chapter(
            &elements,
            &notes,
            &self.geo.frame,
            self.out.layout.pages.len() % 2 == 1,
        );
        // The running heads, set once for the chapter: the book's title on versos, the chapter's
        // on rectos.
        let chapter_title = match &chapter.title {
            Some(title) => plain_text(title),
            None => self.book.metadata.title.clone(),
        };
        let running = RunningHeads {
            verso: self.running_head(&mut flow, &self.book.metadata.title),
            recto: self.running_head(&mut flow, &chapter_title),
        };
        let count = plans.len();
        for (n, plan) in plans.iter().enumerate() {
            let physical = self.out.layout.pages.len();
            let (page, mut record) =
                self.render(&mut flow, plan, &mut elements, &notes, physical, &running);
            record.continues = n + 1 < count;
            for (id, _) in &page.anchors {
                self.out.anchor_pages.entry(id.clone()).or_insert(physical);
            }
            self.out.layout.pages.push(page);
            self.out.records.push(record);
        }
        // The outline: the chapter and its sections, nested by level.
        if let Some(title) = &chapter.title {
            let mut entry = OutlineEntry {
                title: outline_title(chapter.number, title),
                id: chapter.id.clone(),
                children: Vec::new(),
            };
            for section in &chapter.sections {
                let child = OutlineEntry {
                    title: plain_text(&section.title),
                    id: section.id.clone(),
                    children: Vec::new(),
                };
                match entry.children.last_mut() {
                    Some(parent) if section.level > 2 => parent.children.push(child),
                    _ => entry.children.push(child),
                }
            }
            self.out.layout.outline.push(entry);
        }
        self.out.warnings.append(&mut warnings);
        self.out.warnings.append(&mut flow.warnings);
    }

    fn render(
        &mut self,
        flow: &mut Flow<'_>,
        plan: &PagePlan,
        elements: &mut [Element],
        notes: &BTreeMap<String, NoteLines>,
        physical: usize,
        running: &RunningHeads,
    ) -> (Page, PageRecord) {
        let geo = self.geo;
        let left = geo.left(physical);
        let mut page = Page {
            label: (physical + 1).to_string(),
            long: plan.depth == Depth::Long,
            opening: plan.opening,
            ..Page::default()
        };
        let mut record = PageRecord {
            // Deferred: floated from an earlier page (a figure brought up to the top of the page
            // its text starts on comes after text already here in the flow).
            floated: plan
                .floats
                .iter()
                .filter(|&&f| plan.body.first().is_none_or(|&b| f < b))
                .count(),
            ..PageRecord::default()
        };
        let foot_height: Pt = plan
            .foot
            .iter()
            .filter_map(|(id, n)| notes.get(id).and_then(|note| note.lines.get(*n)))
            .map(|(_, _, h)| *h)
            .sum();
        let separator = if plan.foot.is_empty() {
            Pt::ZERO
        } else {
            geo.frame.separator
        };
        // A long page (see `break_chapter`) reaches one line lower, a short one a line higher.
        let text_height = match plan.depth {
            Depth::Full => geo.text_height,
            Depth::Long => geo.text_height + geo.frame.leading,
            Depth::Short => geo.text_height - geo.frame.leading,
        };
        let around = around_figures(plan, elements, text_height - foot_height - separator, geo);
        let mut y = geo.top;
        for &index in plan.floats.iter().chain(plan.body.iter()) {
            let element = &mut elements[index];
            let mut height = element.height();
            if matches!(element, Element::Figure(_)) {
                // A figure below text gets half its share above it, the rest below.
                if y > geo.top {
                    y += around / 2.0;
                    height += around / 2.0;
                } else {
                    height += around;
                }
            }
            match element {
                Element::Line(line) => {
                    // Counted before the runs move to the page.
                    let spaces = line.line.spaces();
                    place_line(&mut page, line, left, y);
                    record.lines.push(LineFacts {
                        index: line.index,
                        count: line.count,
                        heading: line.heading,
                        hyphenated: line.line.hyphenated,
                        ratio: line.line.ratio,
                        spacing: line.line.spacing,
                        spaces,
                        justified: !line.heading && self.typo.align == Align::Justified,
                        notes: line.line.notes.clone(),
                    });
                }
                Element::Figure(figure) => {
                    page.anchors.push((figure.id.clone(), y));
                    let top = y + figure.space_above;
                    let x = left + figure.picture_x;
                    match &figure.source {
                        FigureSource::Image { path, format } => {
                            let image = self.out.layout.image(ImageSource {
                                path: path.clone(),
                                format: *format,
                            });
                            page.items.push(Item::Image {
                                image,
                                x,
                                y: top,
                                width: figure.picture_width,
                                height: figure.picture_height,
                            });
                        }
                        FigureSource::Placeholder { label } => {
                            page.items.push(Item::Frame {
                                x,
                                y: top,
                                width: figure.picture_width,
                                height: figure.picture_height,
                            });
                            // The label centred in the frame, on a white patch of its own size.
                            let baseline =
                                top + figure.picture_height / 2.0 + self.typo.chapter * 0.35;
                            push_runs(&mut page, label, x, baseline);
                        }
                    }
                    for (dy, line) in &figure.lines {
                        push_runs(&mut page, line, left, y + *dy);
                    }
                }
                Element::Space(_) | Element::Sink(_) => {}
            }
            y += height;
        }
        record.hole = text_height - (y - geo.top) - foot_height - separator;

        // The foot: notes from the bottom of the text block up.
        if !plan.foot.is_empty() {
            let foot: Vec<(&NoteLines, usize)> = plan
                .foot
                .iter()
                .filter_map(|(id, n)| notes.get(id).map(|note| (note, *n)))
                .collect();
            let height: Pt = foot
                .iter()
                .filter_map(|(note, n)| note.lines.get(*n).map(|(_, _, h)| *h))
                .sum();
            let mut y = geo.top + text_height - height;
            page.items.push(Item::Rule {
                x: left,
                y: y - geo.frame.separator * 0.5,
                width: Pt(geo.measure.0 / 4.0),
                thickness: Pt(0.4),
            });
            for (note, n) in foot {
                let Some((x, line, h)) = note.lines.get(n) else {
                    continue;
                };
                if n == 0 {
                    page.anchors.push((note.id.clone(), y));
                    if let (Some(reference), Some(run)) =
                        (note.references.first(), line.runs.first())
                    {
                        page.items.push(Item::Link {
                            x: left + *x + run.x,
                            y,
                            width: run.width(),
                            height: *h,
                            target: LinkTarget::Internal {
                                id: reference.clone(),
                            },
                        });
                    }
                }
                let baseline = y + *h * BASELINE;
                push_runs(&mut page, line, left + *x, baseline);
                record.foot.push((
                    note.id.clone(),
                    n,
                    LineFacts {
                        hyphenated: line.hyphenated,
                        ratio: line.ratio,
                        spacing: line.spacing,
                        spaces: line.spaces(),
                        justified: self.typo.align == Align::Justified,
                        index: n,
                        count: note.lines.len(),
                        ..LineFacts::default()
                    },
                ));
                y += *h;
            }
        }

        // Running head and folio; on an opening page only a folio, at the foot.
        let folio = [Inline::Text {
            text: page.label.clone(),
        }];
        let small = Setting {
            size: self.typo.caption,
            leading: self.typo.caption_leading,
            face: FaceId::Regular,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: false,
            indent: Pt::ZERO,
        };
        let head_baseline = geo.top - self.typo.leading * 1.2;
        if plan.opening {
            let setting = Setting {
                centred: true,
                ..small
            };
            if let Some(line) = flow.set(&folio, setting, geo.measure, None).first() {
                let baseline = geo.top + text_height + self.typo.leading * 1.5;
                push_runs(&mut page, line, left, baseline);
            }
        } else {
            let head = if physical % 2 == 1 {
                &running.verso
            } else {
                &running.recto
            };
            if let (true, Some(line)) = (geo.running_heads, head) {
                push_runs(
                    &mut page,
                    line,
                    left + geo.measure * RUNNING_HEAD_INSET,
                    head_baseline,
                );
            }
            if let Some(line) = flow.set(&folio, small, geo.measure, None).first() {
                let x = if physical % 2 == 1 || !geo.facing {
                    if geo.facing {
                        left
                    } else {
                        left + geo.measure - line.width
                    }
                } else {
                    left + geo.measure - line.width
                };
                push_runs(&mut page, line, x, head_baseline);
            }
        }
        (page, record)
    }
}

/// The running heads of a chapter's pages, each set once.
pub struct RunningHeads {
    pub verso: Option<Line>,
    pub recto: Option<Line>,
}

/// A running head keeps this share of the measure clear on each side (of folio and margin).
const RUNNING_HEAD_INSET: f64 = 0.15;

impl Body<'_> {
    /// A running head: `title` in one line of small italics, centred in the measure less its
    /// insets; a title too long for one line is cut after its last whole word that fits, with an
    /// ellipsis (as a book's short title would be). Set once per chapter, not once per page: a
    /// long title would otherwise cost its setting on every page.
    fn running_head(&self, flow: &mut Flow<'_>, title: &str) -> Option<Line> {
        let width = self.geo.measure * (1.0 - 2.0 * RUNNING_HEAD_INSET);
        let setting = Setting {
            size: self.typo.caption,
            leading: self.typo.caption_leading,
            face: FaceId::Italic,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: false,
            indent: Pt::ZERO,
        };
        let text = |text: String| [Inline::Text { text }];
        let mut lines = flow.set(&text(title.to_owned()), setting, width, None);
        if lines.len() > 1 {
            // The words of the first line, fewer until they fit with the ellipsis.
            let first = lines.first()?.text();
            let mut words: Vec<&str> = first.split_whitespace().collect();
            while lines.len() != 1 && !words.is_empty() {
                let kept = words.join(" ");
                let shortened = format!("{}\u{2026}", kept.trim_end_matches([',', ';', ':', '.']));
                lines = flow.set(&text(shortened), setting, width, None);
                words.pop();
            }
        }
        let mut line = lines.into_iter().next()?;
        let shift = (width - line.width) / 2.0;
        for run in &mut line.runs {
            run.x += shift;
        }
        Some(line)
    }
}

/// The title an outline entry shows: `1. Title` for numbered chapters.
fn outline_title(number: Option<u32>, title: &[Inline]) -> String {
    match number {
        Some(n) => format!("{n}. {}", plain_text(title)),
        None => plain_text(title),
    }
}

/// Places a flow line whose slot starts at `top`, with its anchors, marker and links. The line's
/// runs move to the page (each line of the flow is placed once): the book's text is held once,
/// not once in the flow and again on the pages.
fn place_line(page: &mut Page, line: &mut FlowLine, left: Pt, top: Pt) {
    for anchor in &line.anchors {
        page.anchors.push((anchor.clone(), top));
    }
    let baseline = top + line.height * BASELINE;
    if let Some((x, marker)) = &line.marker {
        push_runs(page, marker, left + *x, baseline);
    }
    let runs = std::mem::take(&mut line.line.runs);
    place_runs(page, runs, line.line.ascent, left + line.x, baseline);
}

/// Pushes a line's runs as text items, with a link item over every linked run.
pub fn push_runs(page: &mut Page, line: &Line, x: Pt, baseline: Pt) {
    place_runs(page, line.runs.clone(), line.ascent, x, baseline);
}

/// Moves runs (of a line whose ascent is `ascent`) to the page as text items, with a link item
/// over every linked run.
fn place_runs(page: &mut Page, runs: Vec<GlyphRun>, ascent: Pt, x: Pt, baseline: Pt) {
    for run in runs {
        let run_x = x + run.x;
        let y = baseline - run.rise;
        if let Some(link) = &run.link {
            let width = run.width();
            let target = match &**link {
                RunLink::Internal { id } => LinkTarget::Internal { id: id.clone() },
                RunLink::External { url } => LinkTarget::External { url: url.clone() },
                RunLink::NoteRef { note, reference } => {
                    page.anchors.push((reference.clone(), baseline - ascent));
                    LinkTarget::Internal { id: note.clone() }
                }
            };
            page.items.push(Item::Link {
                x: run_x,
                y: y - run.size * 0.8,
                width,
                height: run.size * 1.05,
                target,
            });
        }
        if let Some(picture) = &run.picture {
            // Its image index is set once the page is in the layout (`Layout::settle_pictures`).
            page.items.push(Item::Image {
                image: usize::MAX,
                x: run_x,
                y: y - picture.height,
                width: run.width(),
                height: picture.height,
            });
            let source = ImageSource {
                path: picture.path.clone(),
                format: picture.format,
            };
            page.pictures.push((page.items.len() - 1, source));
            continue;
        }
        page.items.push(Item::Text(TextRun {
            face: run.face,
            size: run.size,
            x: run_x,
            y,
            glyphs: run.glyphs,
        }));
    }
}

/// The most a page's figures may take of what its text leaves empty, in lines of body text: the
/// space around a figure may grow (LaTeX's `\intextsep` and `\textfloatsep` stretch too), so a
/// page holding a figure ends on the last baseline while its text breaks where widows, orphans
/// and notes allow; beyond three lines the figure would look adrift.
const AROUND_FIGURES_LINES: f64 = 3.0;

/// The space each figure of a page gets around it: the page's empty height (`room` less what the
/// plan holds) shared among its figures, up to [`AROUND_FIGURES_LINES`]; nothing on a chapter's
/// last page, whose text ends where it ends.
fn around_figures(plan: &PagePlan, elements: &[Element], room: Pt, geo: &Geometry) -> Pt {
    let placed = || {
        plan.floats
            .iter()
            .chain(plan.body.iter())
            .map(|&i| &elements[i])
    };
    let figures = placed().filter(|e| matches!(e, Element::Figure(_))).count();
    if plan.closing || figures == 0 {
        return Pt::ZERO;
    }
    let used: Pt = placed().map(Element::height).sum();
    let empty = room - used;
    if empty <= Pt::ZERO {
        return Pt::ZERO;
    }
    let most = geo.frame.leading * AROUND_FIGURES_LINES;
    Pt(empty.0.min(most.0) / figures as f64)
}
