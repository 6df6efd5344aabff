//! Rendering page plans into positioned items: body lines, floated figures, the notes at the foot
//! under a short rule, running heads and folios.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::breaker::{after_call, deferrals, figures_on, room_before, Frame, PagePlan};
use super::flow::{Element, FigureSource, Flow, FlowFigure, FlowLine, NoteLines, Setting};
use super::grid::{extent, off_grid, Grid};
use super::page::{ImageSource, Item, Layout, LinkTarget, OutlineEntry, Page};
use super::place::{place_line, place_runs, push_runs, LineEnd};
use super::spreads::{Broken, Side};
use super::structure::{shifted, Role, Structure, Tag};
use super::typeset::ChapterFlow;
use super::Typography;
use crate::diag::Diagnostic;
use crate::model::{plain_text, Book, Chapter, Inline, PageStart, Place};
use crate::style::ChapterOpening;
use crate::style::PrintStyle;
use crate::text::{Align, FaceId, FontBook, Hyphenator, Line};
use crate::units::Pt;

/// Where the baseline sits in a line's slot: four fifths down, leaving the rest for descenders.
/// (For a 10/13.5 body this puts the first baseline 10.8 pt below the top of the text block,
/// close to TeX's `\topskip` of one body size.)
pub(super) const BASELINE: f64 = 0.8;

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
                widow_control: page.widow_control,
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
    /// Figures at the top deferred from an earlier page.
    pub deferred: Vec<Deferral>,
    /// Empty height between the last body line and the notes (or the foot of the text block).
    pub hole: Pt,
    /// The height the page's text block is filled to: body, then the notes with their rule.
    pub filled: Pt,
    /// The chapter goes on after this page.
    pub continues: bool,
    /// Widow control gave way at the page's end to fill it (see `PagePlan::lone_line`).
    pub lone_line: bool,
    /// The body paragraph whose last line on the page is fullest: where a few words more set a
    /// line more (see [`fullest_last_line`]).
    pub fullest: Option<LastLine>,
}

/// A paragraph's last line: the paragraph's place and how full the line is, as a fraction of
/// the measure.
#[derive(Debug, Clone, PartialEq)]
pub struct LastLine {
    pub place: Place,
    pub fill: f64,
}

/// A figure at a page's top that stands after the page of its call.
#[derive(Debug, Clone)]
pub struct Deferral {
    /// The figure's block in the book.
    pub place: Option<Place>,
    /// How many pages after its call's page it stands.
    pub pages: usize,
    /// The room there was below its call, and the height it takes.
    pub room: Pt,
    pub height: Pt,
    /// The paragraph on its call's page before which it would have had that room (see
    /// [`room_before`]).
    pub before: Option<Place>,
}

/// The place of a line or a figure of the flow.
fn place_of(element: &Element) -> Option<Place> {
    match element {
        Element::Line(line) => line.place.clone(),
        Element::Figure(figure) => figure.place.clone(),
        Element::Space(_) | Element::Sink(_) => None,
    }
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
    /// A line in the body's leading whose top is not on a line of the text block.
    pub off_grid: bool,
    /// Lines more (or fewer) than its paragraph's best setting (see `mend`).
    pub looseness: i32,
}

/// Layout in progress: pages, records and what the front and back matter need to know.
pub struct Out {
    pub layout: Layout,
    pub records: Vec<PageRecord>,
    pub warnings: Vec<Diagnostic>,
    /// Body page index of each chapter's opening, and of each anchor.
    pub anchor_pages: BTreeMap<String, usize>,
    /// The text alternative of each picture set in running text, by its file.
    pub alts: BTreeMap<PathBuf, String>,
}

impl Out {
    /// The tree and what placing runs needs to tag them.
    pub fn tagger(&mut self) -> Tagger<'_> {
        Tagger {
            structure: &mut self.layout.structure,
            alts: &self.alts,
        }
    }
}

/// What placing runs on a page needs for tagged PDF: the tree (a linked run gets a `Link` node
/// of its own, a picture in running text a `Figure`) and the pictures' text alternatives.
pub struct Tagger<'a> {
    pub structure: &'a mut Structure,
    pub alts: &'a BTreeMap<PathBuf, String>,
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
                    structure: Structure::default(),
                },
                records: Vec::new(),
                warnings: Vec::new(),
                anchor_pages: BTreeMap::new(),
                alts: super::structure::picture_alts(book),
            },
        }
    }

    pub fn finish(self) -> Out {
        self.out
    }

    /// The page geometry the page breaker needs.
    pub fn frame(&self) -> Frame {
        self.geo.frame
    }

    /// Renders one typeset chapter on the pages `broken` cut it into.
    pub fn chapter(
        &mut self,
        chapter: &Chapter,
        flowed: ChapterFlow,
        broken: Broken,
        opening: ChapterOpening,
    ) {
        let ChapterFlow {
            mut elements,
            mut notes,
            structure,
            mut warnings,
            ..
        } = flowed;
        // The chapter's `Sect`, and the nodes its pieces made under it.
        let tree = &mut self.out.layout.structure;
        let sect = tree.add(Some(Structure::ROOT), Role::Sect);
        let offset = tree.graft(structure, Some(sect));
        for element in &mut elements {
            element.shift_tags(offset);
        }
        for note in notes.values_mut() {
            note.label = shifted(note.label, offset);
            for tag in &mut note.tags {
                *tag = shifted(*tag, offset);
            }
        }
        let mut flow = Flow::new(
            self.fonts,
            self.hyphenator,
            self.typo,
            self.geo.measure,
            &chapter.source,
        );
        // Recto openings: a blank verso first when the chapter would start on a verso.
        if opening == ChapterOpening::Recto && self.out.layout.pages.len() % 2 == 1 {
            self.out.layout.pages.push(Page {
                label: (self.out.layout.pages.len() + 1).to_string(),
                ..Page::default()
            });
            self.out.records.push(PageRecord::default());
        }
        let side = Side::Recto.after(self.out.layout.pages.len());
        debug_assert_eq!(
            side, broken.opens_on,
            "a chapter cut for one side set on the other"
        );
        let plans = broken.plans;
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
        let first = self.out.records.len();
        for (n, plan) in plans.iter().enumerate() {
            let physical = self.out.layout.pages.len();
            let (page, mut record) =
                self.render(&mut flow, plan, &mut elements, &notes, physical, &running);
            record.continues = n + 1 < count;
            record.deferred = deferrals(n, &plans, &elements)
                .into_iter()
                .map(|(f, pages)| {
                    let height = elements[f].height();
                    // The call's page is set (and recorded) already, unless it has none.
                    let (room, before) = match (pages, n.checked_sub(pages)) {
                        (1.., Some(called)) => {
                            let plan = &plans[called];
                            let room = after_call(f, plan, &elements)
                                + self.out.records[first + called].hole;
                            let before = room_before(f, plan, &elements, height - room);
                            (room, before.and_then(|line| place_of(&elements[line])))
                        }
                        _ => (Pt::ZERO, None),
                    };
                    Deferral {
                        place: place_of(&elements[f]),
                        pages,
                        room,
                        height,
                        before,
                    }
                })
                .collect();
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
            depth: plan.depth,
            opening: plan.opening,
            ..Page::default()
        };
        let mut record = PageRecord::default();
        page.start = page_start(plan, elements);
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
        let text_height = geo.frame.at(plan.depth).height;
        let around = around_figures(plan, elements, text_height - foot_height - separator, geo);
        let y = self.place_body(&mut page, &mut record, plan, elements, (left, around));
        record.hole = text_height - (y - geo.top) - foot_height - separator;
        record.filled = text_height - record.hole;
        record.fullest = fullest_last_line(plan, elements, geo.measure);
        record.lone_line = plan.lone_line;
        let foot_top = geo.top + text_height - foot_height;
        self.place_foot(&mut page, &mut record, plan, notes, (left, foot_top));
        self.place_furniture(&mut page, flow, plan, physical, running, text_height);
        (page, record)
    }

    /// Places the page's figures and body lines from the text block's top, a figure with its
    /// share of `around` (see [`around_figures`]); `left` is the text block's left edge. Returns
    /// where the body ends.
    fn place_body(
        &mut self,
        page: &mut Page,
        record: &mut PageRecord,
        plan: &PagePlan,
        elements: &mut [Element],
        (left, around): (Pt, Pt),
    ) -> Pt {
        let geo = self.geo;
        let mut y = geo.top;
        let first_of_body = plan.body.first().copied();
        let mut grid = Grid::new(geo.frame.leading);
        for &index in plan.floats.iter().chain(plan.body.iter()) {
            y = geo.top + grid.top(&elements[index], y - geo.top);
            let element = &mut elements[index];
            let cut = plan.shortened.iter().find(|(f, _)| *f == index);
            if let (Some(&(_, cut)), Element::Figure(figure)) = (cut, &*element) {
                *element = Element::Figure(figure.shortened(cut));
            }
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
                    // A table continued from the page before: its header again, first (an
                    // artifact: its text is tagged where the table begins).
                    if let (Some(head), true) = (&line.head, first_of_body == Some(index)) {
                        for head_line in &head.lines {
                            let mut head_line = head_line.clone();
                            head_line.anchors.clear();
                            head_line.tag = Tag::DECORATION;
                            let tagger = &mut self.out.tagger();
                            place_line(page, tagger, &mut head_line, left, y);
                        }
                        y += head.height;
                    }
                    // Counted before the runs move to the page.
                    let spaces = line.line.spaces();
                    place_line(page, &mut self.out.tagger(), line, left, y);
                    record.lines.push(LineFacts {
                        index: line.index,
                        count: line.count,
                        heading: line.heading,
                        hyphenated: line.line.hyphenated,
                        ratio: line.line.ratio,
                        spacing: line.line.spacing,
                        spaces,
                        justified: line.justified
                            && !line.heading
                            && self.typo.align == Align::Justified,
                        notes: line.line.notes.clone(),
                        off_grid: off_grid(line.height, y - geo.top, geo.frame.leading),
                        looseness: line.looseness,
                    });
                }
                Element::Figure(figure) => self.place_figure(page, figure, left, y),
                Element::Space(_) | Element::Sink(_) => {}
            }
            y += height;
        }
        y
    }

    /// Places a figure whose block starts at `y`: its picture (or its FPO frame with the label),
    /// then its caption and credit lines.
    fn place_figure(&mut self, page: &mut Page, figure: &FlowFigure, left: Pt, y: Pt) {
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
                    tag: figure.figure,
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
                let baseline = top + figure.picture_height / 2.0 + self.typo.chapter * 0.35;
                // The frame and its label stand in for a picture: artifacts, the
                // figure's text alternative says what it will be.
                let tagger = &mut self.out.tagger();
                push_runs(page, tagger, label, x, baseline, Tag::DECORATION);
            }
        }
        for (dy, line) in &figure.lines {
            let tagger = &mut self.out.tagger();
            push_runs(page, tagger, line, left, y + *dy, figure.caption);
        }
    }

    /// The foot: the page's note lines from `foot_top` down to the bottom of the text block (its
    /// left edge at `left`), under a short rule, each note's number a link back to its reference.
    fn place_foot(
        &mut self,
        page: &mut Page,
        record: &mut PageRecord,
        plan: &PagePlan,
        notes: &BTreeMap<String, NoteLines>,
        (left, foot_top): (Pt, Pt),
    ) {
        let geo = self.geo;
        if !plan.foot.is_empty() {
            let foot: Vec<(&NoteLines, usize)> = plan
                .foot
                .iter()
                .filter_map(|(id, n)| notes.get(id).map(|note| (note, *n)))
                .collect();
            let mut y = foot_top;
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
                let tag = note.tags.get(n).copied().unwrap_or(Tag::DECORATION);
                let baseline = y + *h * BASELINE;
                let tagger = &mut self.out.tagger();
                match (n, note.references.first(), line.runs.split_first()) {
                    (0, Some(reference), Some((number, rest))) => {
                        // The note's number: its label, a link back to the reference.
                        page.anchors.push((note.id.clone(), y));
                        let link = match note.label {
                            Tag::Node { id } => {
                                Tag::node(tagger.structure.add(Some(id), Role::Link))
                            }
                            artifact => artifact,
                        };
                        page.items.push(Item::Link {
                            x: left + *x + number.x,
                            y,
                            width: number.width(),
                            height: *h,
                            target: LinkTarget::Internal {
                                id: reference.clone(),
                            },
                            tag: link,
                        });
                        let at = (left + *x, baseline, line.ascent);
                        let end = LineEnd::of(line.end);
                        let number_end = if rest.is_empty() {
                            end
                        } else {
                            // The space after the number is the next run's.
                            LineEnd::InsideWord
                        };
                        let number = vec![number.clone()];
                        place_runs(page, tagger, number, at, (link, number_end));
                        place_runs(page, tagger, rest.to_vec(), at, (tag, end));
                    }
                    _ => push_runs(page, tagger, line, left + *x, baseline, tag),
                }
                for (_, rule) in note.rules.iter().filter(|(i, _)| *i == n) {
                    page.items.push(Item::Rule {
                        x: left + *x + rule.x,
                        y: y + rule.y,
                        width: rule.width,
                        thickness: rule.thickness,
                    });
                }
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
    }

    /// The running head and the folio; on a chapter's opening page only a folio, at the foot of
    /// the text block (`text_height` deep).
    fn place_furniture(
        &mut self,
        page: &mut Page,
        flow: &mut Flow<'_>,
        plan: &PagePlan,
        physical: usize,
        running: &RunningHeads,
        text_height: Pt,
    ) {
        let geo = self.geo;
        let left = geo.left(physical);
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
                let tagger = &mut self.out.tagger();
                push_runs(page, tagger, line, left, baseline, Tag::PAGINATION);
            }
        } else {
            let head = if physical % 2 == 1 {
                &running.verso
            } else {
                &running.recto
            };
            if let (true, Some(line)) = (geo.running_heads, head) {
                push_runs(
                    page,
                    &mut self.out.tagger(),
                    line,
                    left + geo.measure * RUNNING_HEAD_INSET,
                    head_baseline,
                    Tag::PAGINATION,
                );
            }
            if let Some(line) = flow.set(&folio, small, geo.measure, None).first() {
                // At the outer edge: a verso's left, a recto's (or a one-sided page's) right.
                let x = if geo.facing && physical % 2 == 1 {
                    left
                } else {
                    left + geo.measure - line.width
                };
                let tagger = &mut self.out.tagger();
                push_runs(page, tagger, line, x, head_baseline, Tag::PAGINATION);
            }
        }
    }
}

/// Of the paragraphs that end on `plan`'s page, the one whose last line is fullest. Only body
/// paragraphs count (set from the text block's left edge at `measure`): a quote's or a list's
/// lines have a measure of their own, and a heading is no place to add words.
fn fullest_last_line(plan: &PagePlan, elements: &[Element], measure: Pt) -> Option<LastLine> {
    let fill = |line: &FlowLine| line.line.width.0 / measure.0.max(1.0);
    let fullest = (plan.body.iter())
        .filter_map(|&index| match &elements[index] {
            Element::Line(line)
                if line.index + 1 == line.count
                    && !line.heading
                    && line.x == Pt::ZERO
                    && line.place.is_some() =>
            {
                Some(line)
            }
            _ => None,
        })
        .max_by(|a, b| fill(a).total_cmp(&fill(b)))?;
    // The place is cloned for the winner only: this runs for every page.
    Some(LastLine {
        place: fullest.place.clone()?,
        fill: fill(fullest),
    })
}

/// Where a page starts in the book: its first line where a word starts, or its first figure,
/// in the flow's order (figures floated from earlier pages stand elsewhere in the book).
fn page_start(plan: &PagePlan, elements: &[Element]) -> PageStart {
    let place = plan
        .body
        .iter()
        .find_map(|&index| place_of(&elements[index]));
    place.map_or(PageStart::Nothing, |place| PageStart::Text { place })
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

/// The most a page's figures may take of what its text leaves empty, in lines of body text: the
/// space around a figure may grow (LaTeX's `\intextsep` and `\textfloatsep` stretch too), so a
/// page holding a figure ends on the last baseline while its text breaks where widows, orphans
/// and notes allow; beyond three lines the figure would look adrift.
pub(super) const AROUND_FIGURES_LINES: f64 = 3.0;

/// The space each figure of a page gets around it: the page's empty height (`room` less what the
/// plan holds, its lines on the grid) shared among its figures in whole lines, up to
/// [`AROUND_FIGURES_LINES`]; nothing on a chapter's last page, whose text ends where it ends.
fn around_figures(plan: &PagePlan, elements: &[Element], room: Pt, geo: &Geometry) -> Pt {
    let placed = || {
        plan.floats
            .iter()
            .chain(plan.body.iter())
            .map(|&i| &elements[i])
    };
    let figures = figures_on(plan, elements);
    if plan.closing || figures == 0 {
        return Pt::ZERO;
    }
    let leading = geo.frame.leading;
    let empty = room - extent(placed(), leading);
    if empty <= Pt::ZERO || leading <= Pt::ZERO {
        return Pt::ZERO;
    }
    // Whole lines each, so the text after a figure stays on the grid.
    let lines = empty.0.min((leading * AROUND_FIGURES_LINES).0) / leading.0 / figures as f64;
    leading * lines.floor()
}
