//! Typesetting a book's chapters into flows, on every core.
//!
//! Once the fonts and the hyphenator are loaded, the pieces of a chapter are independent: its
//! opening (title and the blocks before the first section), each section, and its notes. Each
//! piece is set by its own [`Flow`] (its own text engine; the shaping cache is shared through the
//! [`FontBook`]) on rayon's pool, and the pieces are joined back in reading order. Setting a
//! paragraph depends only on the paragraph, the fonts and the hyphenator, so the flows, and the
//! PDF made from them, are the same byte for byte whatever the number of threads.

use std::collections::BTreeMap;
use std::ops::Range;

use rayon::prelude::*;

use super::flow::{Element, Flow, NoteLines};
use super::grid::fit_spaces;
use super::structure::{shifted, Structure};
use super::Typography;
use crate::diag::Diagnostic;
use crate::model::{Book, Chapter, Section, Step};
use crate::text::{FontBook, Hyphenator};
use crate::units::Pt;

/// A chapter, typeset: its elements in reading order, its notes, the structure of both (its
/// top-level nodes to go under the chapter's `Sect`), and the warnings met.
#[derive(Debug, Clone)]
pub struct ChapterFlow {
    pub elements: Vec<Element>,
    pub notes: BTreeMap<String, NoteLines>,
    pub structure: Structure,
    pub warnings: Vec<Diagnostic>,
    /// How many paragraphs each piece numbered, in order: where a chapter-wide paragraph number
    /// ([`FlowLine::para`](super::flow::FlowLine)) is in its piece, to set it again.
    pieces: Vec<usize>,
}

/// Paragraphs to set with a looseness, by chapter-wide number: lines more (or fewer) than their
/// best setting.
pub type Asked = BTreeMap<usize, i32>;

impl Default for ChapterFlow {
    fn default() -> Self {
        ChapterFlow {
            elements: Vec::new(),
            notes: BTreeMap::new(),
            structure: Structure::piece(),
            warnings: Vec::new(),
            pieces: Vec::new(),
        }
    }
}

/// One independent piece of a chapter.
#[derive(Clone, Copy)]
enum Piece<'b> {
    /// The sink, number and title, and the blocks before the first section.
    Opening {
        chapter: &'b Chapter,
        sink: Pt,
    },
    Section {
        section: &'b Section,
        /// Its index in the chapter.
        index: usize,
    },
    Notes {
        chapter: &'b Chapter,
    },
}

/// What setting a piece gives.
struct PieceFlow {
    elements: Vec<Element>,
    notes: BTreeMap<String, NoteLines>,
    structure: Structure,
    warnings: Vec<Diagnostic>,
    /// How many paragraphs the piece numbered (from 0), to renumber them chapter-wide.
    paragraphs: usize,
}

/// What every piece is set with.
pub struct Setter<'a> {
    pub fonts: &'a FontBook,
    pub hyphenator: &'a Hyphenator,
    pub typo: &'a Typography,
    pub measure: Pt,
}

/// Typesets the chapters `chapters` of `book`, in parallel; `sink` is the space above chapter
/// titles. Their flows, in order.
pub fn typeset_chapters(
    book: &Book,
    chapters: Range<usize>,
    setter: &Setter<'_>,
    sink: Pt,
) -> Vec<ChapterFlow> {
    typeset_asking(book, chapters, setter, sink, |_, _| BTreeMap::new())
}

/// Typesets chapter `index` of `book` again as `flow` was set, with the paragraphs `asked` set
/// with their looseness.
pub fn typeset_loosened(
    book: &Book,
    index: usize,
    setter: &Setter<'_>,
    sink: Pt,
    (flow, asked): (&ChapterFlow, &Asked),
) -> ChapterFlow {
    let ask = |_, piece: usize| {
        let first: usize = flow.pieces[..piece.min(flow.pieces.len())].iter().sum();
        let count = flow.pieces.get(piece).copied().unwrap_or(0);
        asked
            .range(first..first + count)
            .map(|(&para, &looseness)| (para - first, looseness))
            .collect()
    };
    typeset_asking(book, index..index + 1, setter, sink, ask)
        .pop()
        .unwrap_or_default()
}

/// Typesets the chapters `chapters`, the paragraphs of each piece that `ask(chapter, piece)`
/// names (by number in the piece) set with their looseness.
fn typeset_asking(
    book: &Book,
    chapters: Range<usize>,
    setter: &Setter<'_>,
    sink: Pt,
    ask: impl Fn(usize, usize) -> BTreeMap<usize, i32>,
) -> Vec<ChapterFlow> {
    let first = chapters.start;
    let mut pieces: Vec<(usize, Piece<'_>)> = Vec::new();
    for (index, chapter) in book.chapters[chapters.clone()]
        .iter()
        .enumerate()
        .map(|(offset, chapter)| (first + offset, chapter))
    {
        let sink = if chapter.title.is_some() {
            sink
        } else {
            Pt::ZERO
        };
        pieces.push((index, Piece::Opening { chapter, sink }));
        for (number, section) in chapter.sections.iter().enumerate() {
            let section = Piece::Section {
                section,
                index: number,
            };
            pieces.push((index, section));
        }
        pieces.push((index, Piece::Notes { chapter }));
    }
    // Each piece's number in its chapter, to ask for its paragraphs.
    let mut counted = BTreeMap::new();
    let asked: Vec<BTreeMap<usize, i32>> = pieces
        .iter()
        .map(|&(index, _)| {
            let piece = counted.entry(index).or_insert(0usize);
            *piece += 1;
            ask(index, *piece - 1)
        })
        .collect();
    let set: Vec<(usize, PieceFlow)> = pieces
        .par_iter()
        .zip(asked)
        .map(|(&(index, piece), asked)| {
            (
                index,
                setter.set(index, &book.chapters[index], piece, asked),
            )
        })
        .collect();
    let mut flows: Vec<ChapterFlow> = vec![ChapterFlow::default(); chapters.len()];
    let mut numbered = vec![0usize; chapters.len()];
    for (index, mut piece) in set {
        let index = index - first;
        let offset = numbered[index];
        let flow = &mut flows[index];
        let nodes = flow.structure.graft(
            std::mem::replace(&mut piece.structure, Structure::piece()),
            None,
        );
        for element in &mut piece.elements {
            element.shift_tags(nodes);
            if let Element::Line(line) = element {
                line.para += offset;
            }
        }
        for note in piece.notes.values_mut() {
            note.label = shifted(note.label, nodes);
            for tag in &mut note.tags {
                *tag = shifted(*tag, nodes);
            }
        }
        numbered[index] += piece.paragraphs;
        flow.pieces.push(piece.paragraphs);
        flow.elements.append(&mut piece.elements);
        flow.notes.append(&mut piece.notes);
        flow.warnings.append(&mut piece.warnings);
    }
    for flow in &mut flows {
        fit_spaces(&mut flow.elements, setter.typo.leading);
    }
    flows
}

impl Setter<'_> {
    fn set(
        &self,
        index: usize,
        chapter: &Chapter,
        piece: Piece<'_>,
        asked: BTreeMap<usize, i32>,
    ) -> PieceFlow {
        let mut flow = Flow::new(
            self.fonts,
            self.hyphenator,
            self.typo,
            self.measure,
            &chapter.source,
        );
        flow.continued_in(&chapter.continued);
        flow.loosen(asked);
        let mut elements = Vec::new();
        let mut notes = BTreeMap::new();
        match piece {
            Piece::Opening { chapter, sink } => {
                flow.within(index, Vec::new());
                flow.chapter_heading(chapter, sink, &mut elements);
                flow.blocks(
                    &chapter.blocks,
                    (Pt::ZERO, self.measure),
                    None,
                    None,
                    &mut elements,
                );
            }
            Piece::Section {
                section,
                index: number,
            } => {
                flow.within(index, vec![Step::Section { index: number }]);
                flow.section_heading(
                    &section.id,
                    section.level,
                    &section.title,
                    section.at,
                    &mut elements,
                );
                flow.blocks(
                    &section.blocks,
                    (Pt::ZERO, self.measure),
                    None,
                    None,
                    &mut elements,
                );
            }
            Piece::Notes { chapter } => notes = flow.notes(chapter),
        }
        PieceFlow {
            elements,
            notes,
            paragraphs: flow.paragraphs(),
            structure: std::mem::replace(&mut flow.structure, Structure::piece()),
            warnings: std::mem::take(&mut flow.warnings),
        }
    }
}
