//! Resolving what needs the whole book: chapter numbers, ids and anchors, footnote numbers, figure
//! ids, cross-references and the credits list.
//!
//! Every id of the book comes from one allocator ([`Ids`]): ids the author wrote (`{#id}`,
//! `<a id>`) are made valid XML names and must be unique; ids made from titles and the ids the
//! backends need (`<id>-heading`, notes, note references, figures) take a numbered suffix when
//! taken, so a heading's slug can never collide with a generated id.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::constructs::INLINE_NOTE_LABEL;
use super::links::valid_id;
use super::markdown::{Definition, FILE_LINK_PREFIX};
use super::text::slug;
use crate::diag::{nearest, Diagnostic, Diagnostics};
use crate::model::{
    plain_text, Anchor, AnchorKind, Block, Book, Chapter, Credit, Footnote, Inline, LinkTarget,
    PartMut, SourcePos,
};

/// A converted file's footnote definitions, links to ids and inline anchors.
#[derive(Debug)]
pub struct FileNotes {
    pub path: PathBuf,
    /// The file's index among the book's chapter files.
    pub file_index: usize,
    pub definitions: BTreeMap<String, Definition>,
    pub links: Vec<(String, SourcePos)>,
    pub anchors: Vec<(String, SourcePos)>,
}

/// The ids of the book so far.
struct Ids {
    taken: BTreeSet<String>,
    /// For each base of a generated id, the suffix to try next: a book of thousands of
    /// `# Chapter` headings numbers them in one pass, not by counting up from 2 each time.
    next_suffix: BTreeMap<String, u64>,
}

impl Ids {
    fn new() -> Ids {
        let reserved = ["opening", "title-page", "contents", "colophon", "credits"];
        Ids {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
            next_suffix: BTreeMap::new(),
        }
    }

    /// An id the author wrote, made valid; `Err` with the id when it is taken already.
    fn explicit(&mut self, id: &str) -> Result<String, String> {
        let id = valid_id(id);
        if self.taken.insert(id.clone()) {
            Ok(id)
        } else {
            Err(id)
        }
    }

    /// `base` (made valid), or `base-2`, `base-3` ... whichever is free.
    fn generated(&mut self, base: &str) -> String {
        let base = valid_id(base);
        if self.taken.insert(base.clone()) {
            return base;
        }
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let id = format!("{base}-{next}");
            *next += 1;
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}

pub fn resolve(
    book: &mut Book,
    files_of_chapters: &[usize],
    docs: Vec<FileNotes>,
    diags: &mut Diagnostics,
) {
    number_chapters(book);
    let mut ids = Ids::new();
    let path_of = |index: usize| {
        let file = files_of_chapters.get(index).copied().unwrap_or(0);
        docs.iter()
            .find(|d| d.file_index == file)
            .map(|d| d.path.clone())
            .unwrap_or_default()
    };
    assign_ids(book, &path_of, &mut ids, diags);
    inline_anchors(book, &docs, &mut ids, diags);
    let mut used: Vec<BTreeSet<String>> = vec![BTreeSet::new(); docs.len()];
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let file = files_of_chapters.get(index).copied().unwrap_or(0);
        let home = docs.iter().position(|d| d.file_index == file).unwrap_or(0);
        number_notes(chapter, home, &docs, &mut used, &mut ids, diags);
    }
    for (doc, used) in docs.iter().zip(&used) {
        for (label, definition) in &doc.definitions {
            if !used.contains(label) {
                let written = &definition.label;
                diags.push(
                    Diagnostic::warning(
                        &doc.path,
                        Some(definition.at),
                        format!("footnote `[^{written}]` is never referenced"),
                    )
                    .with_hint(format!(
                        "mark its place in the text with [^{written}], or delete the definition"
                    )),
                );
                let last = files_of_chapters.iter().rposition(|&f| f <= doc.file_index);
                if let Some(chapter) = last.and_then(|i| book.chapters.get_mut(i)) {
                    let number = chapter.footnotes.len() + 1;
                    chapter.footnotes.push(Footnote {
                        id: ids.generated(&format!("{}-fn-{number}", chapter.id)),
                        number: u32::try_from(number).unwrap_or(u32::MAX),
                        label: written.clone(),
                        blocks: definition.blocks.clone(),
                        references: Vec::new(),
                    });
                }
            }
        }
    }
    link_figures(book, &mut ids);
    resolve_links(book, files_of_chapters, &docs, diags);
}

fn number_chapters(book: &mut Book) {
    let mut next = 1;
    for chapter in &mut book.chapters {
        if chapter.number.is_some() {
            chapter.number = Some(next);
            next += 1;
        }
    }
}

/// Gives every chapter and section an id (its `{#id}`, else a slug of its title, made unique),
/// reserves the `<id>-heading` id of its heading, and records the anchors.
fn assign_ids(
    book: &mut Book,
    path_of: &dyn Fn(usize) -> PathBuf,
    ids: &mut Ids,
    diags: &mut Diagnostics,
) {
    let mut anchors = BTreeMap::new();
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let path = path_of(index);
        if chapter.title.is_some() {
            let title = chapter.title.as_deref().map(plain_text).unwrap_or_default();
            chapter.id = heading_id(&chapter.id, &title, chapter.at, &path, ids, diags);
        }
        anchors.insert(
            chapter.id.clone(),
            Anchor {
                chapter: index,
                kind: AnchorKind::Chapter,
            },
        );
        for section in &mut chapter.sections {
            let title = plain_text(&section.title);
            section.id = heading_id(&section.id, &title, section.at, &path, ids, diags);
            anchors.insert(
                section.id.clone(),
                Anchor {
                    chapter: index,
                    kind: AnchorKind::Section,
                },
            );
        }
    }
    book.anchors = anchors;
}

fn heading_id(
    explicit: &str,
    title: &str,
    at: SourcePos,
    path: &PathBuf,
    ids: &mut Ids,
    diags: &mut Diagnostics,
) -> String {
    let id = if explicit.is_empty() {
        ids.generated(&slug(title))
    } else {
        checked_explicit(explicit, at, path, ids, diags)
    };
    ids.generated(&format!("{id}-heading"));
    id
}

/// An id the author wrote: made valid (a warning when that changed it), an error when taken.
fn checked_explicit(
    explicit: &str,
    at: SourcePos,
    path: &PathBuf,
    ids: &mut Ids,
    diags: &mut Diagnostics,
) -> String {
    match ids.explicit(explicit) {
        Ok(id) => {
            if id != explicit {
                diags.push(
                    Diagnostic::warning(path, Some(at), format!("the id `{explicit}` is not a valid id: `{id}` is used"))
                        .with_hint("ids are letters, digits, `-`, `_` and `.`, starting with a letter; links to the id written as it was still reach it"),
                );
            }
            id
        }
        Err(id) => {
            diags.push(
                Diagnostic::error(path, Some(at), format!("the id `{id}` is used twice"))
                    .with_hint("ids of headings and anchors must be unique in the whole book"),
            );
            id
        }
    }
}

/// Registers the `<a id>` anchors of running text.
fn inline_anchors(book: &mut Book, docs: &[FileNotes], ids: &mut Ids, diags: &mut Diagnostics) {
    let mut found = Vec::new();
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        walk_chapter(chapter, &mut |inline| {
            if let Inline::Anchor { id } = inline {
                let (path, at) = docs
                    .iter()
                    .find_map(|d| {
                        d.anchors
                            .iter()
                            .find(|(a, _)| a == id)
                            .map(|(_, at)| (d.path.clone(), *at))
                    })
                    .unwrap_or_default();
                *id = checked_explicit(id, at, &path, ids, diags);
                found.push((id.clone(), index));
            }
        });
    }
    for (id, chapter) in found {
        book.anchors.entry(id).or_insert(Anchor {
            chapter,
            kind: AnchorKind::Inline,
        });
    }
}

/// Numbers a chapter's notes in order of first reference and gives every reference its id.
/// `home` is the index in `docs` of the chapter's own file.
fn number_notes(
    chapter: &mut Chapter,
    home: usize,
    docs: &[FileNotes],
    used: &mut [BTreeSet<String>],
    ids: &mut Ids,
    diags: &mut Diagnostics,
) {
    let prefix = chapter.id.clone();
    let mut order: Vec<(String, String)> = Vec::new();
    let mut references: BTreeMap<String, Vec<String>> = BTreeMap::new();
    walk_chapter(chapter, &mut |inline: &mut Inline| {
        if let Inline::NoteRef { id, note, number } = inline {
            let label = note.clone();
            let n = match order.iter().position(|(l, _)| *l == label) {
                Some(i) => i + 1,
                None => {
                    let note_id = ids.generated(&format!("{prefix}-fn-{}", order.len() + 1));
                    order.push((label.clone(), note_id));
                    order.len()
                }
            };
            let refs = references.entry(label).or_default();
            *id = ids.generated(&format!("{prefix}-fnref-{n}"));
            refs.push(id.clone());
            *note = order[n - 1].1.clone();
            *number = u32::try_from(n).unwrap_or(u32::MAX);
        }
    });

    for (i, (label, note_id)) in order.iter().enumerate() {
        // The chapter's own file first; text continued from an earlier file may define it there.
        let found = std::iter::once(home).chain(0..docs.len()).find_map(|f| {
            docs.get(f)
                .and_then(|d| d.definitions.get(label))
                .map(|def| (f, def))
        });
        let Some((f, definition)) = found else {
            continue;
        };
        if let Some(set) = used.get_mut(f) {
            set.insert(label.clone());
        }
        let mut blocks = definition.blocks.clone();
        let mut nested = false;
        walk_blocks(&mut blocks, &mut |inline| {
            if matches!(inline, Inline::NoteRef { .. }) {
                nested = true;
                *inline = Inline::Text {
                    text: String::new(),
                };
            }
        });
        if nested {
            diags.push(
                Diagnostic::error(
                    &docs[f].path,
                    Some(definition.at),
                    match definition.label.as_str() {
                        INLINE_NOTE_LABEL => {
                            "this inline note has a footnote of its own".to_owned()
                        }
                        label => format!("footnote `[^{label}]` has a footnote of its own"),
                    },
                )
                .with_hint("notes cannot nest: fold the inner note into the text of the outer one"),
            );
        }
        let number = i + 1;
        chapter.footnotes.push(Footnote {
            id: note_id.clone(),
            number: u32::try_from(number).unwrap_or(u32::MAX),
            label: definition.label.clone(),
            blocks,
            references: references.remove(label).unwrap_or_default(),
        });
    }
}

/// Gives figures their ids (`fig-<chapter id>-<n>`, notes' figures included), adds them to the
/// anchors and the credits.
fn link_figures(book: &mut Book, ids: &mut Ids) {
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let mut n = 0;
        let prefix = chapter.id.clone();
        let mut found = Vec::new();
        let mut visit = |blocks: &mut Vec<Block>| {
            each_figure(blocks, &mut |figure| {
                n += 1;
                figure.id = ids.generated(&format!("fig-{prefix}-{n}"));
                found.push(figure.id.clone());
            });
        };
        visit(&mut chapter.blocks);
        for section in &mut chapter.sections {
            visit(&mut section.blocks);
        }
        for note in &mut chapter.footnotes {
            visit(&mut note.blocks);
        }
        for id in found {
            book.anchors.insert(
                id,
                Anchor {
                    chapter: index,
                    kind: AnchorKind::Figure,
                },
            );
        }
    }
    book.credits = book
        .figures()
        .into_iter()
        .map(|(chapter, figure)| Credit {
            figure_id: figure.id.clone(),
            chapter,
            caption: figure.caption.clone(),
            credit: figure.credit.clone(),
        })
        .collect();
}

fn each_figure(blocks: &mut [Block], f: &mut impl FnMut(&mut crate::model::Figure)) {
    for block in blocks {
        if let Block::Figure(figure) = block {
            f(figure);
        }
        for part in block.parts_mut() {
            if let PartMut::Blocks { blocks } = part {
                each_figure(blocks, f);
            }
        }
    }
}

/// Points internal links at their chapters (an id as written finds the id made valid from it;
/// a link to a chapter file finds the chapter where the file begins); an unknown id is an error
/// at the link.
fn resolve_links(
    book: &mut Book,
    files_of_chapters: &[usize],
    docs: &[FileNotes],
    diags: &mut Diagnostics,
) {
    for doc in docs {
        for (id, at) in &doc.links {
            let id = valid_id(id);
            if !book.anchors.contains_key(&id) {
                let d = Diagnostic::error(
                    &doc.path,
                    Some(*at),
                    format!("link to `#{id}`, which no heading or figure has"),
                );
                let near = nearest(&id, book.anchors.keys().map(String::as_str));
                diags.push(match near {
                    Some(near) => d.with_hint(format!("did you mean `#{near}`?")),
                    None => d.with_hint("give the target heading an id: # Its title {#its-id}"),
                });
            }
        }
    }
    let anchors = book.anchors.clone();
    let chapter_ids: Vec<String> = book.chapters.iter().map(|c| c.id.clone()).collect();
    let mut visit = |inline: &mut Inline| {
        if let Inline::Link {
            target: LinkTarget::Internal { id, chapter },
            ..
        } = inline
        {
            if let Some(file) = id.strip_prefix(FILE_LINK_PREFIX) {
                let file = file.parse::<usize>().unwrap_or(usize::MAX);
                let first = files_of_chapters.iter().position(|&f| f >= file);
                let index = first.unwrap_or(0);
                *id = chapter_ids.get(index).cloned().unwrap_or_default();
                *chapter = index;
                return;
            }
            *id = valid_id(id);
            if let Some(anchor) = anchors.get(id.as_str()) {
                *chapter = anchor.chapter;
            }
        }
    };
    for chapter in &mut book.chapters {
        walk_chapter(chapter, &mut visit);
        for note in &mut chapter.footnotes {
            walk_blocks(&mut note.blocks, &mut visit);
        }
    }
}

/// Visits every inline of a chapter in reading order: title, blocks, then each section.
fn walk_chapter(chapter: &mut Chapter, f: &mut impl FnMut(&mut Inline)) {
    if let Some(title) = &mut chapter.title {
        walk_inlines(title, f);
    }
    walk_blocks(&mut chapter.blocks, f);
    for section in &mut chapter.sections {
        walk_inlines(&mut section.title, f);
        walk_blocks(&mut section.blocks, f);
    }
}

fn walk_blocks(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    for block in blocks {
        for part in block.parts_mut() {
            match part {
                PartMut::Inlines { inlines } => walk_inlines(inlines, f),
                PartMut::Blocks { blocks } => walk_blocks(blocks, f),
            }
        }
    }
}

fn walk_inlines(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        if let Some(content) = inline.children_mut() {
            walk_inlines(content, f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_of_one_base_are_numbered_in_one_pass() {
        let mut ids = Ids::new();
        let made: Vec<String> = (0..10_000).map(|_| ids.generated("part")).collect();
        assert_eq!(made[0], "part");
        assert_eq!(made[1], "part-2");
        assert_eq!(made[9_999], "part-10000");
        // The next suffix is remembered, not found again by counting from 2.
        assert_eq!(ids.next_suffix.get("part"), Some(&10_001));
        // A suffix an author took is skipped.
        assert!(ids.explicit("x-2").is_ok());
        assert_eq!(ids.generated("x"), "x");
        assert_eq!(ids.generated("x"), "x-3");
    }
}
