//! Typeset lines placed on a page: each run of glyphs a text item at its baseline, tagged for
//! the structure tree, with a link item over every linked run, the line's rules and list marker.

use super::flow::FlowLine;
use super::page::{ImageSource, Item, LinkTarget, Page, TextRun};
use super::render::{Tagger, BASELINE};
use super::structure::{Role, Tag};
use crate::text::{self, Decoration, GlyphRun, Line, RunLink};
use crate::units::Pt;

/// The height of a strikethrough line above the baseline, in ems: half a book face's x-height,
/// through the middle of the lowercase letters.
const STRIKE_HEIGHT_EM: f64 = 0.25;
/// Its thickness, in ems: as heavy as the stems of a regular face's letters, so it reads as one
/// line with the text and does not hide it.
const STRIKE_THICKNESS_EM: f64 = 0.05;

/// Places a flow line whose slot starts at `top`, with its anchors, marker and links. The line's
/// runs move to the page (each line of the flow is placed once): the book's text is held once,
/// not once in the flow and again on the pages.
pub(super) fn place_line(
    page: &mut Page,
    tagger: &mut Tagger<'_>,
    line: &mut FlowLine,
    left: Pt,
    top: Pt,
) {
    for anchor in &line.anchors {
        page.anchors.push((anchor.clone(), top));
    }
    let baseline = top + line.height * BASELINE;
    for rule in &line.rules {
        page.items.push(Item::Rule {
            x: left + line.x + rule.x,
            y: top + rule.y,
            width: rule.width,
            thickness: rule.thickness,
        });
    }
    if let Some(marker) = &line.marker {
        push_runs(
            page,
            tagger,
            &marker.line,
            left + marker.x,
            baseline,
            marker.tag,
        );
    }
    let runs = std::mem::take(&mut line.line.runs);
    let at = (left + line.x, baseline, line.line.ascent);
    place_line_runs(page, tagger, runs, at, (line.tag, line.line.end));
}

/// [`place_runs`] for the runs of a whole line that ends as `end` says: a wrapped line of code
/// ends with its continuation mark, which is drawn as an artifact, no part of the text.
fn place_line_runs(
    page: &mut Page,
    tagger: &mut Tagger<'_>,
    mut runs: Vec<GlyphRun>,
    at: (Pt, Pt, Pt),
    (tag, end): (Tag, text::LineEnd),
) {
    let mark = (end == text::LineEnd::Wrapped)
        .then(|| runs.pop())
        .flatten();
    let end = LineEnd::of(end);
    place_runs(page, tagger, runs, at, (tag, end));
    if let Some(mark) = mark {
        place_runs(page, tagger, vec![mark], at, (Tag::DECORATION, end));
    }
}

/// How a line ends, for the text layer: between words (a space follows in the text), or
/// inside one (after a hyphen, a dash, an address's slash or a numeral's separator, or inside an
/// address), where the next line goes on with the same word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    Space,
    InsideWord,
}

impl LineEnd {
    pub(super) fn of(end: text::LineEnd) -> LineEnd {
        match end {
            text::LineEnd::SoftHyphen
            | text::LineEnd::HardHyphen
            | text::LineEnd::Dash
            | text::LineEnd::InNumber
            | text::LineEnd::InAddress
            | text::LineEnd::Wrapped => LineEnd::InsideWord,
            text::LineEnd::Space | text::LineEnd::LineBreak | text::LineEnd::End => LineEnd::Space,
        }
    }
}

/// Pushes a line's runs as text items tagged `tag`, with a link item over every linked run.
pub fn push_runs(
    page: &mut Page,
    tagger: &mut Tagger<'_>,
    line: &Line,
    x: Pt,
    baseline: Pt,
    tag: Tag,
) {
    let at = (x, baseline, line.ascent);
    place_line_runs(page, tagger, line.runs.clone(), at, (tag, line.end));
}

/// Moves runs (of a line whose ascent is `ascent`) to the page as text items, with a link item
/// over every linked run. The runs are content of `tag`'s node; the runs of one link (in a row)
/// are content of one `Link` node under it, and a picture is a `Figure` of its own.
pub(super) fn place_runs(
    page: &mut Page,
    tagger: &mut Tagger<'_>,
    runs: Vec<GlyphRun>,
    (x, baseline, ascent): (Pt, Pt, Pt),
    (tag, end): (Tag, LineEnd),
) {
    let mut current_link: Option<(*const RunLink, Tag)> = None;
    let last = runs.len().saturating_sub(1);
    for (index, run) in runs.into_iter().enumerate() {
        let run_x = x + run.x;
        let y = baseline - run.rise;
        let run_tag = match (&run.link, tag.id()) {
            (Some(link), Some(parent)) => {
                let key = std::sync::Arc::as_ptr(link);
                match current_link {
                    Some((known, link_tag)) if known == key => link_tag,
                    _ => {
                        let link_tag = Tag::node(tagger.structure.add(Some(parent), Role::Link));
                        current_link = Some((key, link_tag));
                        link_tag
                    }
                }
            }
            _ => {
                current_link = None;
                tag
            }
        };
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
                tag: run_tag,
            });
        }
        if let Some(picture) = &run.picture {
            // Its image index is set once the page is in the layout (`Layout::settle_pictures`).
            let picture_tag = match run_tag.id() {
                Some(parent) => {
                    let alt = tagger.alts.get(&picture.path).cloned().unwrap_or_default();
                    Tag::node(tagger.structure.add(Some(parent), Role::Figure { alt }))
                }
                None => run_tag,
            };
            page.items.push(Item::Image {
                image: usize::MAX,
                x: run_x,
                y: y - picture.height,
                width: run.width(),
                height: picture.height,
                tag: picture_tag,
            });
            let source = ImageSource {
                path: picture.path.clone(),
                format: picture.format,
            };
            page.pictures.push((page.items.len() - 1, source));
            continue;
        }
        if run.decoration == Decoration::Strikethrough {
            page.items.push(Item::Rule {
                x: run_x,
                y: y - run.size * STRIKE_HEIGHT_EM,
                width: run.width(),
                thickness: run.size * STRIKE_THICKNESS_EM,
            });
        }
        page.items.push(Item::Text(TextRun {
            face: run.face,
            size: run.size,
            x: run_x,
            y,
            glyphs: run.glyphs,
            tag: run_tag,
            space_before: run.space_before,
            space_after: index == last && end == LineEnd::Space,
        }));
    }
}
