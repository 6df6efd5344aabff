//! Resolving what needs the whole book: chapter numbers, ids and anchors, footnote numbers, figure
//! ids, cross-references and the credits list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use super::markdown::Definition;
use super::text::slug;
use crate::diag::{nearest, Diagnostic, Diagnostics};
use crate::model::{
    plain_text, Anchor, AnchorKind, Block, Book, Chapter, Credit, Footnote, Inline, LinkTarget,
    SourcePos,
};

/// A converted file's footnote definitions and internal links, by file.
pub type FileNotes = (
    PathBuf,
    BTreeMap<String, Definition>,
    Vec<(String, SourcePos)>,
);

pub fn resolve(
    book: &mut Book,
    files_of_chapters: &[usize],
    docs: Vec<FileNotes>,
    diags: &mut Diagnostics,
) {
    number_chapters(book);
    assign_ids(book, &docs, files_of_chapters, diags);
    let mut used: Vec<BTreeSet<String>> = vec![BTreeSet::new(); docs.len()];
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let file = files_of_chapters.get(index).copied().unwrap_or(0);
        number_notes(chapter, file, &docs, &mut used, diags);
    }
    for ((path, definitions, _), used) in docs.iter().zip(&used) {
        for (label, definition) in definitions {
            if !used.contains(label) {
                diags.push(
                    Diagnostic::warning(
                        path,
                        Some(definition.at),
                        format!("footnote `[^{label}]` is never referenced"),
                    )
                    .with_hint(format!(
                        "mark its place in the text with [^{label}], or delete the definition"
                    )),
                );
            }
        }
    }
    link_figures(book);
    resolve_links(book, &docs, diags);
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

/// Gives every chapter and section an id (its `{#id}`, else a slug of its title, made unique) and
/// records the anchors. Two headings with the same explicit id are an error.
fn assign_ids(
    book: &mut Book,
    docs: &[FileNotes],
    files_of_chapters: &[usize],
    diags: &mut Diagnostics,
) {
    let mut anchors = BTreeMap::new();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let reserved = ["opening", "title-page", "contents", "colophon", "credits"];
    taken.extend(reserved.iter().map(|s| (*s).to_owned()));
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let path = docs
            .get(files_of_chapters.get(index).copied().unwrap_or(0))
            .map(|d| d.0.clone())
            .unwrap_or_default();
        if chapter.title.is_some() {
            let title = chapter.title.as_deref().map(plain_text).unwrap_or_default();
            chapter.id = unique_id(&chapter.id, &title, chapter.at, &path, &mut taken, diags);
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
            section.id = unique_id(&section.id, &title, section.at, &path, &mut taken, diags);
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

fn unique_id(
    explicit: &str,
    title: &str,
    at: SourcePos,
    path: &PathBuf,
    taken: &mut BTreeSet<String>,
    diags: &mut Diagnostics,
) -> String {
    if !explicit.is_empty() {
        if !taken.insert(explicit.to_owned()) {
            diags.push(
                Diagnostic::error(path, Some(at), format!("the id `{explicit}` is used twice"))
                    .with_hint("ids of headings must be unique in the whole book"),
            );
        }
        return explicit.to_owned();
    }
    let base = slug(title);
    let mut id = base.clone();
    let mut n = 2;
    while !taken.insert(id.clone()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Numbers a chapter's notes in order of first reference and gives every reference its id.
fn number_notes(
    chapter: &mut Chapter,
    file: usize,
    docs: &[FileNotes],
    used: &mut [BTreeSet<String>],
    diags: &mut Diagnostics,
) {
    let prefix = chapter.id.clone();
    let mut order: Vec<String> = Vec::new();
    let mut references: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut visit = |inline: &mut Inline| {
        if let Inline::NoteRef { id, note, number } = inline {
            let label = note.clone();
            let n = match order.iter().position(|l| *l == label) {
                Some(i) => i + 1,
                None => {
                    order.push(label.clone());
                    order.len()
                }
            };
            let refs = references.entry(label).or_default();
            *id = if refs.is_empty() {
                format!("{prefix}-fnref-{n}")
            } else {
                format!("{prefix}-fnref-{n}-{}", refs.len() + 1)
            };
            refs.push(id.clone());
            *note = format!("{prefix}-fn-{n}");
            *number = u32::try_from(n).unwrap_or(u32::MAX);
        }
    };
    walk_chapter(chapter, &mut visit);

    for (i, label) in order.iter().enumerate() {
        // The chapter's own file first; text continued from an earlier file may define it there.
        let found = std::iter::once(file)
            .chain(0..docs.len())
            .find_map(|f| docs.get(f).and_then(|d| d.1.get(label)).map(|def| (f, def)));
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
                    &docs[f].0,
                    Some(definition.at),
                    format!("footnote `[^{label}]` has a footnote of its own"),
                )
                .with_hint("notes cannot nest: fold the inner note into the text of the outer one"),
            );
        }
        let number = i + 1;
        chapter.footnotes.push(Footnote {
            id: format!("{prefix}-fn-{number}"),
            number: u32::try_from(number).unwrap_or(u32::MAX),
            label: label.clone(),
            blocks,
            references: references.remove(label).unwrap_or_default(),
        });
    }
}

/// Gives figures their ids (`fig-<chapter id>-<n>`), adds them to the anchors and the credits.
fn link_figures(book: &mut Book) {
    for (index, chapter) in book.chapters.iter_mut().enumerate() {
        let mut n = 0;
        let prefix = chapter.id.clone();
        let mut ids = Vec::new();
        let mut visit = |blocks: &mut Vec<Block>| {
            each_figure(blocks, &mut |figure| {
                n += 1;
                figure.id = format!("fig-{prefix}-{n}");
                ids.push(figure.id.clone());
            });
        };
        visit(&mut chapter.blocks);
        for section in &mut chapter.sections {
            visit(&mut section.blocks);
        }
        for id in ids {
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
        match block {
            Block::Figure(figure) => f(figure),
            Block::Quote { blocks, .. } => each_figure(blocks, f),
            Block::List { items, .. } => {
                for item in items {
                    each_figure(&mut item.blocks, f);
                }
            }
            Block::Paragraph { .. } | Block::ThematicBreak | Block::CodeBlock { .. } => {}
        }
    }
}

/// Points internal links at their chapters; an unknown target is an error at the link.
fn resolve_links(book: &mut Book, docs: &[FileNotes], diags: &mut Diagnostics) {
    for (path, _, links) in docs {
        for (id, at) in links {
            if !book.anchors.contains_key(id) {
                let d = Diagnostic::error(
                    path,
                    Some(*at),
                    format!("link to `#{id}`, which no heading or figure has"),
                );
                let near = nearest(id, book.anchors.keys().map(String::as_str));
                diags.push(match near {
                    Some(near) => d.with_hint(format!("did you mean `#{near}`?")),
                    None => d.with_hint("give the target heading an id: # Its title {#its-id}"),
                });
            }
        }
    }
    let anchors = book.anchors.clone();
    let mut visit = |inline: &mut Inline| {
        if let Inline::Link {
            target: LinkTarget::Internal { id, chapter },
            ..
        } = inline
        {
            if let Some(anchor) = anchors.get(id) {
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
        match block {
            Block::Paragraph { content, .. } => walk_inlines(content, f),
            Block::Quote {
                blocks,
                attribution,
            } => {
                walk_blocks(blocks, f);
                if let Some(attribution) = attribution {
                    walk_inlines(attribution, f);
                }
            }
            Block::List { items, .. } => {
                for item in items {
                    walk_blocks(&mut item.blocks, f);
                }
            }
            Block::Figure(figure) => {
                walk_inlines(&mut figure.caption, f);
                if let Some(credit) = &mut figure.credit {
                    walk_inlines(credit, f);
                }
            }
            Block::ThematicBreak | Block::CodeBlock { .. } => {}
        }
    }
}

fn walk_inlines(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        match inline {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => walk_inlines(content, f),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak
            | Inline::NoteRef { .. } => {}
        }
    }
}
