//! Page layout: the model's chapters, typeset by the text engine, cut into pages of positioned items.
//!
//! [`paginate`] runs the stages in order:
//! 1. `flow`: each chapter's blocks become a vertical list of typeset lines, spaces and figures,
//!    and its footnotes become lines of their own;
//! 2. `breaker`: the lists are cut into pages (widows, orphans, headings kept with their text,
//!    footnotes at the foot of the page of their mark, figures floated forward), each spread's
//!    depth chosen by `spreads` (which lets widow control give way where nothing else fills a
//!    page) and each chapter's opening side by `sides`; `mend` sets a chapter's paragraphs near
//!    a page it cannot mend otherwise a line longer or shorter;
//! 3. `render`: the page plans become positioned items, with running heads and folios;
//! 4. `front`: half title, title page, colophon, contents and the picture credits, once the body's
//!    page numbers are known;
//! 5. `report`: the print-quality report, counted from the final pages.
//!
//! `cover` sets the cover's four pages apart from the book's (for the booklet and the e-book's
//! cover image); the reading pages never include them.

mod breaker;
mod cover;
mod figure;
mod flow;
mod front;
mod grid;
mod headings;
mod mend;
mod notes;
mod page;
mod place;
mod render;
mod report;
mod sides;
mod spreads;
mod structure;
mod table;
mod typeset;

use std::ops::Range;

use rayon::prelude::*;

use crate::diag::Diagnostic;
use crate::model::Book;
use crate::style::{Justification, LoadedStyle, Looseness, TextStyle};
use crate::text::paragraph::face_of;
use crate::text::{Align, FaceId, FontBook, Hyphenator};
use crate::units::Pt;

pub use breaker::Depth;
pub use cover::{cover, text_pages, Cover};
pub use front::{CONTENTS_ANCHOR, CREDITS_ANCHOR};
pub use page::{ImageSource, Item, Layout, LinkTarget, OutlineEntry, Page, TextRun};
pub use report::{PagesWith, Report};
pub use structure::{ArtifactKind, ListNumbering, Node, NodeId, Role, Structure, Tag};

/// The sizes and leadings layout sets text in, from `[print.text]` and `[print.page]`.
#[derive(Debug, Clone)]
pub struct Typography {
    pub size: Pt,
    pub leading: Pt,
    pub indent: Pt,
    pub align: Align,
    pub hyphenate: bool,
    pub heading_face: FaceId,
    pub chapter: Pt,
    pub section: Pt,
    pub subsection: Pt,
    pub quote: Pt,
    pub quote_leading: Pt,
    pub note: Pt,
    pub note_leading: Pt,
    pub caption: Pt,
    pub caption_leading: Pt,
    pub figure_max_height: Pt,
    /// The deepest heading level the contents list (`[print.page] contents_depth`).
    pub contents_depth: u8,
    /// The height of a missing picture's FPO frame (see `PageStyle::placeholder_height`).
    pub placeholder_height: Pt,
    /// The text style itself, for what the engine reads beyond these.
    pub text: TextStyle,
}

impl Typography {
    pub fn from_style(style: &LoadedStyle) -> Typography {
        let text = &style.style.print.text;
        let page = &style.style.print.page;
        // Smaller text keeps the body's proportion of leading to size.
        let ratio = text.leading.0 / text.size.0.max(1.0);
        Typography {
            size: text.size,
            leading: text.leading,
            indent: text.indent,
            align: match text.justification {
                Justification::Justified => Align::Justified,
                Justification::RaggedRight => Align::RaggedRight,
            },
            hyphenate: text.hyphenation.enabled,
            heading_face: face_of(text.faces.headings),
            text: text.clone(),
            chapter: text.sizes.chapter,
            section: text.sizes.section,
            subsection: text.sizes.subsection,
            quote: text.sizes.quote,
            quote_leading: text.sizes.quote * ratio,
            note: text.sizes.note,
            // Notes a little tighter than the body: they are read in short bursts.
            note_leading: text.sizes.note * (ratio - 0.08),
            caption: text.sizes.caption,
            caption_leading: text.sizes.caption * ratio,
            figure_max_height: page.figure_max_height.0,
            contents_depth: page.contents_depth,
            placeholder_height: page.placeholder_height.map_or_else(
                || {
                    let (_, height) = page.trim_size();
                    (height - page.margins.top.0 - page.margins.bottom.0) / 3.0
                },
                |length| length.0,
            ),
        }
    }
}

/// Page layout's result: the pages, the report and every warning met on the way.
#[derive(Debug, Clone)]
pub struct Paginated {
    pub layout: Layout,
    pub report: Report,
    pub warnings: Vec<Diagnostic>,
}

/// How many runs the chapters are typeset in, so that cutting one run into pages overlaps with
/// typesetting the next: the last run's cutting is all that waits alone, so more runs leave less
/// of it, while each run's parallel typesetting ends with a piece or two set alone.
const CHAPTER_RUNS: usize = 8;

/// The chapters `0..count` in at most [`CHAPTER_RUNS`] runs of consecutive chapters.
fn chapter_runs(count: usize) -> Vec<Range<usize>> {
    let size = count.div_ceil(CHAPTER_RUNS).max(1);
    (0..count)
        .step_by(size)
        .map(|start| start..(start + size).min(count))
        .collect()
}

/// Typesets the chapters, cuts each into pages for every side it may open on, chooses the sides
/// for the whole book (`sides`), mends the chapters whose pages have a fault a paragraph set a
/// line longer or shorter mends (`mend`, unless the style says `never`), and renders the
/// chapters on `body`. Each run of chapters is cut
/// while the next is typeset, on the other cores.
fn set_chapters(
    book: &Book,
    setter: &typeset::Setter<'_>,
    style: &LoadedStyle,
    body: &mut render::Body<'_>,
) {
    let page_style = &style.style.print.page;
    let opening = page_style.chapter_opening;
    let frame = body.frame();
    let runs = chapter_runs(book.chapters.len());
    let typeset_run = |run: &Range<usize>| {
        typeset::typeset_chapters(book, run.clone(), setter, page_style.chapter_sink.0)
    };
    let cut_run = |run: &Range<usize>, flows: &[typeset::ChapterFlow]| -> Vec<sides::Options> {
        flows
            .par_iter()
            .zip(run.clone())
            .map(|(flow, index)| {
                let opens = sides::Opens::chapter(index, opening);
                sides::cut(&flow.elements, &flow.notes, &frame, opens)
            })
            .collect()
    };
    let mut flows: Vec<typeset::ChapterFlow> = Vec::with_capacity(book.chapters.len());
    let mut options: Vec<sides::Options> = Vec::with_capacity(book.chapters.len());
    let mut ready = runs.first().map(typeset_run).unwrap_or_default();
    for (index, run) in runs.iter().enumerate() {
        let set = std::mem::take(&mut ready);
        let (cut, next) = rayon::join(
            || cut_run(run, &set),
            || runs.get(index + 1).map(typeset_run).unwrap_or_default(),
        );
        flows.extend(set);
        options.extend(cut);
        ready = next;
    }
    let chosen = sides::choose(options, opening);
    let mender = mend::Mender {
        book,
        setter,
        sink: page_style.chapter_sink.0,
        frame,
    };
    let mended: Vec<(typeset::ChapterFlow, spreads::Broken)> = flows
        .into_par_iter()
        .zip(chosen)
        .enumerate()
        .map(|(index, (flow, broken))| match page_style.looseness {
            Looseness::Mend => mender.mend(index, flow, broken),
            Looseness::Never => (flow, broken),
        })
        .collect();
    for (chapter, (flowed, broken)) in book.chapters.iter().zip(mended) {
        body.chapter(chapter, flowed, broken, opening);
    }
}

/// Lays out a whole book: front matter, chapters, back matter.
pub fn paginate(
    book: &Book,
    style: &LoadedStyle,
    fonts: &FontBook,
    hyphenator: &Hyphenator,
) -> Paginated {
    let typo = Typography::from_style(style);
    let page_style = &style.style.print.page;
    let geometry = render::Geometry::new(&style.style.print, &typo);
    let setter = typeset::Setter {
        fonts,
        hyphenator,
        typo: &typo,
        measure: geometry.measure,
    };
    let mut body = render::Body::new(book, fonts, hyphenator, &typo, &geometry);
    set_chapters(book, &setter, style, &mut body);
    let mut out = body.finish();
    let front = front::front_matter(
        book,
        fonts,
        hyphenator,
        &typo,
        &geometry,
        page_style.front_matter,
        &mut out,
    );
    let back = front::credits_page(book, fonts, hyphenator, &typo, &geometry, &mut out);
    out.attach(front, back);
    out.layout.settle_pictures();
    // The contents and the credits in the outline too, around the chapters.
    let has = |id: &str| {
        out.layout
            .pages
            .iter()
            .any(|p| p.anchors.iter().any(|(a, _)| a == id))
    };
    if has(front::CONTENTS_ANCHOR) {
        out.layout.outline.insert(
            0,
            OutlineEntry {
                title: crate::labels::for_lang(&book.metadata.language)
                    .contents
                    .to_owned(),
                id: front::CONTENTS_ANCHOR.to_owned(),
                children: Vec::new(),
            },
        );
    }
    if has(front::CREDITS_ANCHOR) {
        out.layout.outline.push(OutlineEntry {
            title: crate::labels::for_lang(&book.metadata.language)
                .picture_credits
                .to_owned(),
            id: front::CREDITS_ANCHOR.to_owned(),
            children: Vec::new(),
        });
    }
    let scale = report::Scale {
        leading: typo.leading,
        stretch: typo.text.spacing.stretch,
    };
    let report = report::count(&out, scale);
    let mut warnings = out.warnings;
    warnings.extend(report.spots.iter().filter_map(|spot| spot.note(book)));
    Paginated {
        layout: out.layout,
        report,
        warnings,
    }
}
