//! The flow: a chapter's blocks, typeset by the text engine, as one vertical list of elements.
//!
//! Each element knows its height and what may not be separated from it: the lines of a paragraph
//! carry their position in it (for widow and orphan control), a heading asks to be kept with the
//! lines after it, a space is dropped at the top of a page, a figure may float to the next page.
//! Footnotes are typeset by the same flow (`notes`), once, into lines the page breaker places at
//! the page foot.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

pub use super::figure::{FigureSource, FlowFigure};
use super::structure::{block_lang, shifted, ListNumbering, NodeId, Role, Structure, Tag};
use super::table::{table, TableSpec};
use super::Typography;
use crate::diag::Diagnostic;
use crate::model::{Block, Continued, DefinitionItem, Inline, ListKind, Place, SourcePos, Step};
use crate::text::{
    Align, CodeSpec, FaceId, FontBook, Hyphenator, Line, ParagraphSpec, TextEngine, CODE_SCALE,
};
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
    /// A prefix drawn in the margin before the line (list numbers, bullets).
    pub marker: Option<Marker>,
    /// The structure node the line's text belongs to.
    pub tag: Tag,
    /// Where the first word that starts on this line is in the book: `None` for a line where no
    /// word starts, and for text outside the body (notes, running heads, front matter).
    pub place: Option<Place>,
    /// Rules drawn with the line (a table's), relative to its slot's top-left corner.
    pub rules: Vec<LineRule>,
    /// A line of a table's body: the table's header, drawn again above it when it opens a page.
    pub head: Option<Arc<TableHead>>,
    /// Whether the line counts in the report's adjustment ratios (false for code and table
    /// lines, which are never justified).
    pub justified: bool,
    /// Lines more (or fewer) than its paragraph's best setting, asked to mend a page (see
    /// `mend`): 0 for almost every paragraph.
    pub looseness: i32,
}

/// A list item's bullet or number, drawn in the margin before its first line.
#[derive(Debug, Clone)]
pub struct Marker {
    pub x: Pt,
    pub line: Line,
    /// Its `Lbl` node.
    pub tag: Tag,
}

impl FlowLine {
    /// A line of its own paragraph, at `x`, taking `height`, the text of `tag`.
    pub fn new(line: Line, x: Pt, height: Pt, tag: Tag) -> FlowLine {
        FlowLine {
            line,
            x,
            height,
            para: 0,
            index: 0,
            count: 1,
            heading: false,
            anchors: Vec::new(),
            marker: None,
            tag,
            place: None,
            rules: Vec::new(),
            head: None,
            justified: true,
            looseness: 0,
        }
    }
}

/// A horizontal rule drawn with a line: from `x` to `x + width`, `y` below the slot's top.
#[derive(Debug, Clone, Copy)]
pub struct LineRule {
    pub x: Pt,
    pub y: Pt,
    pub width: Pt,
    pub thickness: Pt,
}

/// A table's header lines, repeated at the top of each page the table continues on.
#[derive(Debug, Clone)]
pub struct TableHead {
    pub lines: Vec<FlowLine>,
    /// Their height together.
    pub height: Pt,
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
    /// Moves the element's structure tags by `offset` (its piece grafted into a bigger one).
    pub fn shift_tags(&mut self, offset: u32) {
        match self {
            Element::Line(line) => {
                line.tag = shifted(line.tag, offset);
                if let Some(marker) = &mut line.marker {
                    marker.tag = shifted(marker.tag, offset);
                }
                if let Some(head) = &mut line.head {
                    let head = Arc::make_mut(head);
                    for line in &mut head.lines {
                        line.tag = shifted(line.tag, offset);
                    }
                }
            }
            Element::Figure(figure) => {
                figure.figure = shifted(figure.figure, offset);
                figure.caption = shifted(figure.caption, offset);
            }
            Element::Space(_) | Element::Sink(_) => {}
        }
    }

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
    /// Rules drawn with the lines (a table's), by line index, relative to the line's slot.
    pub rules: Vec<(usize, LineRule)>,
    /// The structure node of each line's text (in the `Note`).
    pub tags: Vec<Tag>,
    /// The `Lbl` node of the note's number (the first run of its first line).
    pub label: Tag,
}

/// Typesets blocks into elements.
pub struct Flow<'a> {
    engine: TextEngine<'a>,
    pub typo: &'a Typography,
    pub measure: Pt,
    pub source: &'a Path,
    /// Where the chapter goes on in later files (see [`Flow::source_here`]).
    continued: &'a [Continued],
    pub warnings: Vec<Diagnostic>,
    next_para: usize,
    /// Paragraphs (by number in this flow) to set with a looseness: lines more or fewer than
    /// their best setting (see [`Flow::loosen`]).
    asked: BTreeMap<usize, i32>,
    /// Where the blocks being set are: their chapter, and the path down to them (see
    /// [`Place`]); `None` for text that is not the book's body.
    within: Option<(usize, Vec<Step>)>,
    /// The structure of what this flow set (a piece's, grafted into the layout's later).
    pub structure: Structure,
}

/// Which lines of a block carry a place (see [`FlowLine::place`]).
#[derive(Debug, Clone)]
pub(super) enum Source {
    /// Lines of text: each line where a word starts, at that word; `Place::offset` is where
    /// the text set starts in the block's plain text (a code block sets it line by line).
    Text(Place),
    /// A block marked before it begins (a heading, a thematic break): its first line.
    Before(Place),
    /// Text of layout's own.
    None,
}

impl Source {
    fn words(place: Option<Place>) -> Source {
        place.map_or(Source::None, Source::Text)
    }

    pub(super) fn before(place: Option<Place>) -> Source {
        place.map_or(Source::None, Source::Before)
    }

    /// The place of line `index` of the block, `first_word` where its first word starts.
    fn line(&self, index: usize, first_word: Option<usize>) -> Option<Place> {
        match self {
            Source::Text(place) => first_word.map(|at| Place {
                offset: place.offset + at,
                ..place.clone()
            }),
            Source::Before(place) if index == 0 => Some(place.clone()),
            Source::Before(_) | Source::None => None,
        }
    }
}

/// Gives the first line of `elements` `place` (a block marked before it begins), unless it has
/// one.
fn mark_first(elements: &mut [Element], place: Option<Place>) {
    let first = elements.iter_mut().find_map(|element| match element {
        Element::Line(line) => Some(line),
        _ => None,
    });
    if let Some(line) = first {
        if line.place.is_none() {
            line.place = place;
        }
    }
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
            continued: &[],
            warnings: Vec::new(),
            next_para: 0,
            asked: BTreeMap::new(),
            within: None,
            structure: Structure::piece(),
        }
    }

    /// The places where the chapter being set goes on in a later file.
    pub fn continued_in(&mut self, continued: &'a [Continued]) {
        self.continued = continued;
    }

    /// The file the text being set comes from, for its warnings: the chapter's, or the later
    /// file the chapter goes on in at this place.
    pub fn source_here(&self) -> &'a Path {
        match &self.within {
            Some((_, path)) => Continued::source_at(self.continued, self.source, path),
            None => self.source,
        }
    }

    /// Sets the blocks that follow as those of chapter `chapter` reached by `path`.
    pub fn within(&mut self, chapter: usize, path: Vec<Step>) {
        self.within = Some((chapter, path));
    }

    /// The place of what the flow is setting, one `step` further down.
    pub(super) fn place(&self, step: Step) -> Option<Place> {
        let (chapter, path) = self.within.as_ref()?;
        let mut path = path.clone();
        path.push(step);
        Some(Place {
            chapter: *chapter,
            path,
            offset: 0,
        })
    }

    /// Goes one `step` down (into a block, an item, an attribution) until [`Flow::leave`].
    fn enter(&mut self, step: Step) {
        if let Some((_, path)) = &mut self.within {
            path.push(step);
        }
    }

    fn leave(&mut self) {
        if let Some((_, path)) = &mut self.within {
            path.pop();
        }
    }

    /// The place the flow has reached (after [`Flow::enter`]).
    fn here(&self) -> Option<Place> {
        let (chapter, path) = self.within.as_ref()?;
        Some(Place {
            chapter: *chapter,
            path: path.clone(),
            offset: 0,
        })
    }

    /// Sets the paragraphs numbered `asked`'s keys with their looseness (a line more, or fewer,
    /// where the line breaker finds such a setting within its tolerance): asked to mend a page
    /// (see `mend`).
    pub fn loosen(&mut self, asked: BTreeMap<usize, i32>) {
        self.asked = asked;
    }

    /// The looseness asked for paragraph `para` (0 when none was).
    fn looseness_of(&self, para: usize) -> i32 {
        self.asked.get(&para).copied().unwrap_or(0)
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
        self.set_loosened(content, setting, (measure, 0), at)
    }

    /// As [`Flow::set`], `looseness` lines more (or fewer) than the best setting where the line
    /// breaker finds such a setting.
    fn set_loosened(
        &mut self,
        content: &[Inline],
        setting: Setting,
        (measure, looseness): (Pt, i32),
        at: Option<SourcePos>,
    ) -> Vec<Line> {
        let spec = ParagraphSpec {
            looseness,
            ..self.spec(setting, measure)
        };
        let mut lines = self.typeset_keeping_warnings(content, &spec, at);
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
        }
        if setting.centred {
            // Centre within the full measure.
            for line in &mut lines {
                let shift = (measure - line.width) / 2.0;
                for run in &mut line.runs {
                    run.x += shift;
                }
            }
        }
        lines
    }

    /// `content` set for a table cell: as [`Flow::set`] sets it, but with lining figures,
    /// which stand on the baseline at one height, so that a column of numbers reads evenly.
    pub fn set_cell(
        &mut self,
        content: &[Inline],
        setting: Setting,
        measure: Pt,
        at: Option<SourcePos>,
    ) -> Vec<Line> {
        let spec = ParagraphSpec {
            oldstyle_figures: false,
            ..self.spec(setting, measure)
        };
        self.typeset_keeping_warnings(content, &spec, at)
    }

    /// The engine's spec for `setting` at `measure`; whatever else the engine reads comes from
    /// the style as for body text.
    fn spec(&self, setting: Setting, measure: Pt) -> ParagraphSpec {
        ParagraphSpec {
            measure,
            size: setting.size,
            leading: setting.leading,
            first_indent: setting.indent,
            align: setting.align,
            hyphenate: setting.hyphenate && self.typo.hyphenate,
            base_face: setting.face,
            ..ParagraphSpec::body(&self.typo.text, measure)
        }
    }

    /// Typesets `content` by `spec`, its warnings kept at `at` in the file being set.
    fn typeset_keeping_warnings(
        &mut self,
        content: &[Inline],
        spec: &ParagraphSpec,
        at: Option<SourcePos>,
    ) -> Vec<Line> {
        let result = self.engine.typeset(content, spec, at);
        for mut warning in result.warnings {
            warning.at = warning.at.or(at);
            self.warnings
                .push(warning.into_diagnostic(self.source_here()));
        }
        result.lines
    }

    /// A new paragraph number (for lines made outside [`Flow::push_lines`]).
    pub fn next_paragraph(&mut self) -> usize {
        self.next_para += 1;
        self.next_para - 1
    }

    /// A table cell's `content` set at `measure` to measure it: no warning is kept.
    pub fn measure_lines(
        &mut self,
        content: &[Inline],
        setting: Setting,
        measure: Pt,
    ) -> Vec<Line> {
        let before = self.warnings.len();
        let lines = self.set_cell(content, setting, measure, None);
        self.warnings.truncate(before);
        lines
    }

    /// Lines as flow elements of one paragraph.
    pub(super) fn push_lines(
        &mut self,
        out: &mut Vec<Element>,
        lines: Vec<Line>,
        x: Pt,
        height: Pt,
        heading: bool,
        (source, tag): (Source, Tag),
    ) {
        let para = self.next_para;
        self.next_para += 1;
        let count = lines.len();
        let looseness = self.looseness_of(para);
        for (index, line) in lines.into_iter().enumerate() {
            out.push(Element::Line(FlowLine {
                place: source.line(index, line.first_word),
                para,
                index,
                count,
                heading,
                looseness,
                ..FlowLine::new(line, x, height, tag)
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

    /// Blocks at `x` and `measure`, their structure nodes under `parent` (`None`: the piece's
    /// top level). The first paragraph is not indented (it follows a heading, a quote, a list or
    /// a break).
    pub fn blocks(
        &mut self,
        blocks: &[Block],
        (x, measure): (Pt, Pt),
        setting: Option<Setting>,
        parent: Option<NodeId>,
        out: &mut Vec<Element>,
    ) {
        let base = setting.unwrap_or_else(|| self.body());
        let mut indent_next = false;
        for (index, block) in blocks.iter().enumerate() {
            self.enter(Step::Block { index });
            let words = Source::words(self.here());
            let before = Source::before(self.here());
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
                    let looseness = self.looseness_of(self.next_para);
                    let lines =
                        self.set_loosened(content, setting, (measure, looseness), Some(*at));
                    let node = self.structure.add(parent, Role::Paragraph);
                    if let Some(lang) = block_lang(content) {
                        self.structure.set_lang(node, lang);
                    }
                    self.push_lines(out, lines, x, base.leading, false, (words, Tag::node(node)));
                    indent_next = true;
                }
                Block::Quote {
                    blocks,
                    attribution,
                } => {
                    let inset = self.typo.indent * 1.5;
                    // The quote's step below the text around it (in a note, below the note).
                    let scale = base.size.0 / self.typo.size.0.max(1.0);
                    let quote = Setting {
                        size: self.typo.quote * scale,
                        leading: self.typo.quote_leading * scale,
                        ..base
                    };
                    out.push(Element::Space(base.leading * 0.5));
                    let node = self.structure.add(parent, Role::BlockQuote);
                    let inner = (x + inset, measure - inset * 2.0);
                    self.blocks(blocks, inner, Some(quote), Some(node), out);
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
                        self.enter(Step::Attribution);
                        let source = Source::words(self.here());
                        self.leave();
                        let tag = Tag::node(self.structure.add(Some(node), Role::Paragraph));
                        let marks = (source, tag);
                        self.push_lines(out, lines, x + inset, quote.leading, false, marks);
                    }
                    out.push(Element::Space(base.leading * 0.5));
                    indent_next = false;
                }
                Block::List { kind, items } => {
                    let hang = self.typo.indent * 1.8;
                    out.push(Element::Space(base.leading * 0.25));
                    let numbering = match kind {
                        ListKind::Bullet => ListNumbering::Bullet,
                        ListKind::Ordered { .. } => ListNumbering::Decimal,
                    };
                    let list = self.structure.add(parent, Role::List { numbering });
                    for (n, item) in items.iter().enumerate() {
                        let entry = self.structure.add(Some(list), Role::ListItem);
                        let label_tag = Tag::node(self.structure.add(Some(entry), Role::Label));
                        let body = self.structure.add(Some(entry), Role::ListBody);
                        let label = match (item.task, kind) {
                            (Some(task), _) => task.mark().to_string(),
                            (None, ListKind::Bullet) => "•".to_owned(),
                            (None, ListKind::Ordered { start }) => {
                                format!("{}.", u64::from(*start) + n as u64)
                            }
                        };
                        let start = out.len();
                        let item_setting = Setting {
                            indent: Pt::ZERO,
                            ..base
                        };
                        self.enter(Step::Item { index: n });
                        self.blocks(
                            &item.blocks,
                            (x + hang, measure - hang),
                            Some(item_setting),
                            Some(body),
                            out,
                        );
                        self.leave();
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
                            first.marker = Some(Marker {
                                x: mx,
                                line: marker,
                                tag: label_tag,
                            });
                        }
                    }
                    out.push(Element::Space(base.leading * 0.25));
                    indent_next = false;
                }
                Block::Figure(figure) => {
                    // A figure may float away, so the text around it reads as one: the next
                    // paragraph keeps its indent (as LaTeX does after a float).
                    let element = self.figure(figure, measure, parent);
                    out.push(Element::Figure(FlowFigure {
                        place: self.here(),
                        ..element
                    }));
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
                    // An ornament: the break itself is the space around it.
                    let marks = (before, Tag::DECORATION);
                    self.push_lines(out, lines, x, base.leading, false, marks);
                    out.push(Element::Space(base.leading * 0.5));
                    indent_next = false;
                }
                Block::Heading { level, content, at } => {
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
                    let role = Role::Heading { level: *level };
                    let tag = Tag::node(self.structure.add(parent, role));
                    self.push_lines(out, lines, x, base.leading, true, (before, tag));
                    indent_next = false;
                }
                Block::Table {
                    columns,
                    head,
                    rows,
                    at,
                } => {
                    let spec = TableSpec {
                        columns,
                        head,
                        rows,
                        at: *at,
                    };
                    // For the page-list, a table and a definition list are marked before they
                    // begin (the e-book puts no page marker inside them).
                    let start = out.len();
                    table(self, &spec, x, measure, base, out);
                    // Tagged as one paragraph per table for now (Table/TR/TH/TD is to come).
                    let tag = Tag::node(self.structure.add(parent, Role::Paragraph));
                    for element in &mut out[start..] {
                        if let Element::Line(line) = element {
                            line.tag = tag;
                        }
                    }
                    mark_first(&mut out[start..], self.here());
                    indent_next = false;
                }
                Block::DefinitionList { items } => {
                    let start = out.len();
                    let within = self.within.take();
                    self.definitions(items, (x, measure), base, parent, out);
                    self.within = within;
                    mark_first(&mut out[start..], self.here());
                    indent_next = false;
                }
                Block::CodeBlock { text, at, .. } => {
                    out.push(Element::Space(base.leading * 0.5));
                    let lines = self.code(text, base, measure - self.typo.indent, *at);
                    let start = out.len();
                    let tag = Tag::node(self.structure.add(parent, Role::Code));
                    self.push_lines(
                        out,
                        lines,
                        x + self.typo.indent,
                        base.leading,
                        false,
                        (before, tag),
                    );
                    for element in &mut out[start..] {
                        if let Element::Line(line) = element {
                            line.justified = false;
                        }
                    }
                    out.push(Element::Space(base.leading * 0.5));
                    indent_next = false;
                }
            }
            self.leave();
        }
    }

    /// A definition list: each term in bold, its definitions below it, indented.
    fn definitions(
        &mut self,
        items: &[DefinitionItem],
        (x, measure): (Pt, Pt),
        base: Setting,
        parent: Option<NodeId>,
        out: &mut Vec<Element>,
    ) {
        let hang = self.typo.indent * 1.8;
        out.push(Element::Space(base.leading * 0.25));
        for item in items {
            let term = Setting {
                face: FaceId::Bold,
                align: Align::RaggedRight,
                hyphenate: false,
                indent: Pt::ZERO,
                ..base
            };
            let lines = self.set(&item.term, term, measure, None);
            // The term as a paragraph of its own, the definitions as the blocks they are.
            let tag = Tag::node(self.structure.add(parent, Role::Paragraph));
            self.push_lines(out, lines, x, base.leading, true, (Source::None, tag));
            let definition = Setting {
                indent: Pt::ZERO,
                ..base
            };
            for blocks in &item.definitions {
                let inner = (x + hang, measure - hang);
                self.blocks(blocks, inner, Some(definition), parent, out);
            }
            out.push(Element::Space(base.leading * 0.25));
        }
    }

    /// A code block's lines: the monospaced face at [`CODE_SCALE`] of the text around it, on
    /// that text's leading, wrapped at `measure`.
    fn code(&mut self, text: &str, base: Setting, measure: Pt, at: SourcePos) -> Vec<Line> {
        let spec = CodeSpec {
            size: base.size * CODE_SCALE,
            leading: base.leading,
            measure,
        };
        let result = self.engine.set_code(text, &spec, Some(at));
        for warning in result.warnings {
            self.warnings
                .push(warning.into_diagnostic(self.source_here()));
        }
        result.lines
    }
}
