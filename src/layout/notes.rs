//! Footnotes: each note's blocks set as the body sets them, at the note size, as the lines the
//! page breaker stacks at the foot of a page.

use std::collections::BTreeMap;

use super::flow::{Element, Flow, LineRule, NoteLines, Setting};
use super::render::BASELINE;
use super::structure::{Role, Tag};
use crate::model::{Block, Chapter, Inline, SourcePos};
use crate::text::{FaceId, Line};
use crate::units::Pt;

impl Flow<'_> {
    /// Every note of a chapter, typeset at the note size, its number before the first line. A
    /// note holds what the body holds (lists with their markers, quotes, code, breaks), set as
    /// the body sets them and then turned into the lines the page foot stacks.
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
            let number = Inline::Text {
                text: format!("{}.\u{2002}", note.number),
            };
            let mut blocks = note.blocks.clone();
            match blocks.first_mut() {
                Some(Block::Paragraph { content, .. }) => content.insert(0, number),
                _ => blocks.insert(
                    0,
                    Block::Paragraph {
                        content: vec![number],
                        at: SourcePos::default(),
                    },
                ),
            }
            let node = self.structure.add(
                None,
                Role::Note {
                    id: note.id.clone(),
                },
            );
            let label = Tag::node(self.structure.add(Some(node), Role::Label));
            let mut elements = Vec::new();
            self.blocks(
                &blocks,
                (Pt::ZERO, self.measure),
                Some(setting),
                Some(node),
                &mut elements,
            );
            let (lines, rules, tags) = note_lines(elements, self.typo.caption_leading);
            out.insert(
                note.id.clone(),
                NoteLines {
                    id: note.id.clone(),
                    references: note.references.clone(),
                    lines,
                    rules,
                    tags,
                    label,
                },
            );
        }
        out
    }
}

/// The lines of a note's elements for the page foot, and their rules: a marker joins its line
/// (its runs moved to the line's frame), the space between blocks joins the slot of the line
/// below it (whose text and rules move down as its baseline does), a figure gives its caption
/// lines (a note has no room for a picture).
fn note_lines(elements: Vec<Element>, caption_leading: Pt) -> NoteParts {
    let mut lines = Vec::new();
    let mut rules = Vec::new();
    let mut tags = Vec::new();
    let mut space = Pt::ZERO;
    for element in elements {
        match element {
            Element::Space(h) | Element::Sink(h) => {
                if !lines.is_empty() {
                    space += h;
                }
            }
            Element::Line(flow) => {
                let mut line = flow.line;
                // A list's marker joins its line (and its text, the line's node).
                if let Some(marker) = flow.marker {
                    let shift = marker.x - flow.x;
                    let mut runs: Vec<_> = marker
                        .line
                        .runs
                        .into_iter()
                        .map(|mut run| {
                            run.x += shift;
                            run
                        })
                        .collect();
                    runs.append(&mut line.runs);
                    line.runs = runs;
                }
                for rule in flow.rules {
                    let y = rule.y + space * BASELINE;
                    rules.push((lines.len(), LineRule { y, ..rule }));
                }
                lines.push((flow.x, line, flow.height + space));
                tags.push(flow.tag);
                space = Pt::ZERO;
            }
            Element::Figure(figure) => {
                for (_, line) in figure.lines {
                    lines.push((Pt::ZERO, line, caption_leading + space));
                    tags.push(figure.caption);
                    space = Pt::ZERO;
                }
            }
        }
    }
    (lines, rules, tags)
}

/// A note's lines (x, line, slot height), its rules by line index, and each line's structure
/// node.
type NoteParts = (Vec<(Pt, Line, Pt)>, Vec<(usize, LineRule)>, Vec<Tag>);
