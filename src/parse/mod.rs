//! Parsing: a book folder (`book.toml` and Markdown files) into the typeset model.
//!
//! `parse` reads the configuration, converts each Markdown file (`markdown`), cuts the result into
//! chapters at `#` headings, then resolves what needs the whole book (`resolve`): footnote numbers,
//! anchors, cross-references, figure ids, the credits list and the metadata.

mod constructs;
mod cover;
mod figure;
mod frontmatter;
mod html;
mod htmlblock;
mod inlines;
mod limits;
pub mod links;
mod markdown;
mod metadata;
mod resolve;
mod source;
mod text;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::config::{self, BookToml};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Block, Book, Chapter, Continued, Section, SourcePos, Step};

pub use limits::{MAX_HEADING_CHARS, MAX_LABEL_CHARS, MAX_NESTING, MAX_WORD_CHARS};
pub use metadata::{SourceDate, SOURCE_DATE_RANGE};
pub use text::slug;

/// What parsing gives: the model when the book could be read at all, and every problem found.
#[derive(Debug)]
pub struct Parsed {
    pub book: Option<Book>,
    pub diagnostics: Diagnostics,
}

/// Settings of a parse that do not come from the book itself.
#[derive(Debug, Clone, Default)]
pub struct ParseOptions {
    /// `SOURCE_DATE_EPOCH`, the time of the build for reproducible outputs.
    pub source_date: SourceDate,
}

impl ParseOptions {
    /// The options the environment asks for (`SOURCE_DATE_EPOCH`).
    pub fn from_env() -> Self {
        ParseOptions {
            source_date: SourceDate::from_env(),
        }
    }
}

/// Reads the book in `dir` into the model, with options from the environment.
pub fn parse(dir: &Path) -> Parsed {
    parse_with(dir, &ParseOptions::from_env())
}

/// Reads the book in `dir` into the model.
pub fn parse_with(dir: &Path, options: &ParseOptions) -> Parsed {
    let mut diags = Diagnostics::new();
    let book = read_book(dir, options, &mut diags);
    Parsed {
        book,
        diagnostics: diags,
    }
}

fn read_book(dir: &Path, options: &ParseOptions, diags: &mut Diagnostics) -> Option<Book> {
    if !dir.is_dir() {
        diags.push(
            Diagnostic::error(dir, None, "no such book folder")
                .with_hint("a book is a folder holding a book.toml and Markdown files"),
        );
        return None;
    }
    let toml_path = dir.join("book.toml");
    let config = if toml_path.exists() {
        let (config, problems) = config::load(&toml_path);
        for problem in problems {
            diags.push(problem);
        }
        config?
    } else {
        BookToml::empty()
    };
    let files = chapter_files(dir, &config, &toml_path, diags);
    if files.is_empty() {
        if !diags.has_errors() {
            diags.push(
                Diagnostic::error(dir, None, "the book has no Markdown files").with_hint(
                    "add chapters as *.md files, or list them in book.toml as chapters = [...]",
                ),
            );
        }
        return None;
    }
    let (docs, unread) = convert_files(dir, &files, &toml_path, diags);
    let Cut {
        chapters,
        files_of_chapters,
        notes,
        front_matters,
    } = cut_files(docs, &files);
    if chapters.is_empty() {
        // (A file that could not be read or converted has said so already.)
        if unread == 0 {
            let first = dir.join(&files[0]);
            let start = Some(SourcePos { line: 1, column: 1 });
            diags.push(
                Diagnostic::error(
                    first,
                    start,
                    "the book is empty: its Markdown files hold no text",
                )
                .with_hint("write some Markdown"),
            );
        }
        return None;
    }
    if let Some(chapter) = chapters.get(limits::MAX_CHAPTERS) {
        diags.push(
            Diagnostic::error(
                dir.join(&chapter.source),
                Some(chapter.at),
                format!(
                    "a book of more than {} chapters: this heading opens one too many",
                    limits::MAX_CHAPTERS
                ),
            )
            .with_hint("make the deeper headings sections (`##`), or split the book in several"),
        );
        return None;
    }
    let mut metadata = metadata::resolve(&config, &toml_path, &front_matters, options, diags)?;
    metadata.cover = cover::locate(&config, dir, &toml_path, diags);
    let mut book = Book {
        metadata,
        style: config.book.style.clone(),
        hyphenation: crate::model::Hyphenation {
            exceptions: config.hyphenation.exceptions.clone(),
        },
        chapters,
        credits: Vec::new(),
        anchors: Default::default(),
    };
    resolve::resolve(&mut book, &files_of_chapters, notes, diags);
    Some(book)
}

/// The converted files cut into chapters, with what `resolve` and `metadata` need of each file.
struct Cut {
    chapters: Vec<Chapter>,
    /// The index in the book's files of each chapter's file.
    files_of_chapters: Vec<usize>,
    notes: Vec<resolve::FileNotes>,
    front_matters: Vec<frontmatter::FrontMatter>,
}

/// Cuts the converted files into chapters at the book's highest heading level.
fn cut_files(docs: Vec<(usize, PathBuf, markdown::FileDoc)>, files: &[String]) -> Cut {
    let top = docs
        .iter()
        .flat_map(|(_, _, doc)| doc.items.iter())
        .filter_map(|item| match item {
            markdown::Item::Heading(h) => Some(h.level),
            markdown::Item::Block(_) => None,
        })
        .min()
        .unwrap_or(1);
    let mut cut = Cut {
        chapters: Vec::new(),
        files_of_chapters: Vec::new(),
        notes: Vec::new(),
        front_matters: Vec::new(),
    };
    for (file_index, path, doc) in docs {
        cut_chapters(
            doc.items,
            top,
            &files[file_index],
            &mut cut.chapters,
            &mut cut.files_of_chapters,
            file_index,
        );
        cut.notes.push(resolve::FileNotes {
            path,
            file_index,
            definitions: doc.definitions,
            links: doc.links,
            anchors: doc.anchors,
        });
        cut.front_matters.push(doc.front_matter);
    }
    cut
}

/// Reads and converts every chapter file: (index in `files`, path, converted file), and how many
/// files were left out (unreadable, or beyond the limits conversion depends on).
fn convert_files(
    dir: &Path,
    files: &[String],
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> (Vec<(usize, PathBuf, markdown::FileDoc)>, usize) {
    // Each file is read, checked and converted on its own (on every core); their diagnostics
    // are joined in the files' order, so the result does not depend on the threads.
    let converted: Vec<(Diagnostics, Option<(PathBuf, markdown::FileDoc)>)> = files
        .par_iter()
        .map(|name| {
            let mut own = Diagnostics::new();
            let doc = convert_file(dir, name, files, toml_path, &mut own);
            (own, doc)
        })
        .collect();
    let mut docs = Vec::new();
    let mut unread = 0;
    for (file_index, (own, doc)) in converted.into_iter().enumerate() {
        diags.extend(own);
        match doc {
            Some((path, doc)) => docs.push((file_index, path, doc)),
            None => unread += 1,
        }
    }
    (docs, unread)
}

/// Reads, checks and converts the file `name` of `files`: its path and its document; `None`
/// when it could not be read or is past the limits (and says so in `diags`).
fn convert_file(
    dir: &Path,
    name: &str,
    files: &[String],
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Option<(PathBuf, markdown::FileDoc)> {
    let path = dir.join(name);
    let source = match source::read_chapter(&path, dir) {
        Ok(source) => source,
        Err(mut d) => {
            // A chapter that book.toml lists and that cannot be read is reported at its entry.
            if let (None, Some(at)) = (d.pos, find_in(toml_path, name)) {
                d.message = format!("chapter `{name}`: {}", d.message);
                (d.file, d.pos) = (toml_path.to_path_buf(), Some(at));
            }
            diags.push(d);
            return None;
        }
    };
    if limits::check(&source, &path, diags) == limits::Verdict::Skip {
        return None;
    }
    let context = markdown::FileContext {
        path: &path,
        name,
        dir,
        files,
    };
    let doc = markdown::convert(&source, context, diags);
    Some((path, doc))
}

/// Whether `dir` is a book: it holds a `book.toml`, or its first Markdown file opens with front
/// matter that gives a title.
pub fn is_book(dir: &Path) -> bool {
    if dir.join("book.toml").is_file() {
        return true;
    }
    let Some(first) = markdown_files(dir).into_iter().next() else {
        return false;
    };
    let path = dir.join(&first);
    let Ok(source) = source::read_chapter(&path, dir) else {
        return false;
    };
    let mut quiet = Diagnostics::new();
    if limits::check(&source, &path, &mut quiet) == limits::Verdict::Skip {
        return false;
    }
    let files = [first.clone()];
    let context = markdown::FileContext {
        path: &path,
        name: &first,
        dir,
        files: &files,
    };
    markdown::convert(&source, context, &mut quiet)
        .front_matter
        .contains_key(&frontmatter::Field::Title)
}

/// The Markdown files in reading order: those `book.toml` lists, else every `*.md` by name.
fn chapter_files(
    dir: &Path,
    config: &BookToml,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Vec<String> {
    if let Some(listed) = &config.book.chapters {
        let mut files = Vec::new();
        for name in listed {
            let ok = Path::new(name)
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_)));
            if !ok || !dir.join(name).is_file() {
                let at = find_in(toml_path, name);
                let d = if ok {
                    Diagnostic::error(
                        toml_path,
                        at,
                        format!("chapter file `{name}` does not exist"),
                    )
                } else {
                    Diagnostic::error(
                        toml_path,
                        at,
                        format!("chapter file `{name}` is not inside the book folder"),
                    )
                };
                let candidates: Vec<String> = markdown_files(dir)
                    .into_iter()
                    .filter(|c| !listed.contains(c))
                    .collect();
                let near = crate::diag::nearest(name, candidates.iter().map(String::as_str))
                    .map(str::to_owned);
                diags.push(match near {
                    Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                    None => d,
                });
                continue;
            }
            files.push(name.clone());
        }
        return files;
    }
    markdown_files(dir)
}

fn markdown_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().is_file())
        .filter_map(|e| e.file_name().to_str().map(str::to_owned))
        .filter(|n| n.ends_with(".md") && !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

/// Where `needle` first appears (quoted) in a file, for messages about a value in `book.toml`.
fn find_in(path: &Path, needle: &str) -> Option<SourcePos> {
    let text = std::fs::read_to_string(path).ok()?;
    let offset = text.find(&format!("\"{needle}\""))?;
    Some(config::pos_of(&text, offset + 1))
}

/// Appends a file's headings and blocks to the chapters: a heading of the book's `top` level
/// (`#`, or the highest level a book without `#` uses) opens a chapter, deeper headings open
/// sections (their levels counted from the top level), and blocks go to the latest chapter or section. Blocks before any `#` heading of
/// the book make the opening section.
fn cut_chapters(
    items: Vec<markdown::Item>,
    top: u8,
    file: &str,
    chapters: &mut Vec<Chapter>,
    files_of_chapters: &mut Vec<usize>,
    file_index: usize,
) {
    let mut first = true;
    for item in items {
        // A file that goes on with the chapter before it: where its text starts.
        if std::mem::take(&mut first)
            && !matches!(&item, markdown::Item::Heading(h) if h.level <= top)
        {
            if let Some(chapter) = chapters.last_mut() {
                let from = match (chapter.sections.len(), &item) {
                    (n, markdown::Item::Heading(_)) => vec![Step::Section { index: n }],
                    (0, _) => vec![Step::Block {
                        index: chapter.blocks.len(),
                    }],
                    (n, _) => vec![
                        Step::Section { index: n - 1 },
                        Step::Block {
                            index: chapter.sections[n - 1].blocks.len(),
                        },
                    ],
                };
                chapter.continued.push(Continued {
                    from,
                    source: PathBuf::from(file),
                });
            }
        }
        match item {
            markdown::Item::Heading(mut heading) if heading.level <= top => {
                heading.level = 1;
                files_of_chapters.push(file_index);
                chapters.push(Chapter {
                    id: heading.id.unwrap_or_default(),
                    number: if heading.unnumbered { None } else { Some(0) },
                    title: Some(heading.title),
                    source: PathBuf::from(file),
                    continued: Vec::new(),
                    at: heading.at,
                    blocks: Vec::new(),
                    sections: Vec::new(),
                    footnotes: Vec::new(),
                });
            }
            markdown::Item::Heading(heading) => {
                let chapter = current(chapters, files_of_chapters, file, file_index);
                chapter.sections.push(Section {
                    id: heading.id.unwrap_or_default(),
                    level: heading.level + 1 - top,
                    title: heading.title,
                    at: heading.at,
                    blocks: Vec::new(),
                });
            }
            markdown::Item::Block(block) => {
                let chapter = current(chapters, files_of_chapters, file, file_index);
                target_blocks(chapter).push(block);
            }
        }
    }
}

/// The chapter that text goes into, opening the book's opening section when there is none yet.
fn current<'a>(
    chapters: &'a mut Vec<Chapter>,
    files_of_chapters: &mut Vec<usize>,
    file: &str,
    file_index: usize,
) -> &'a mut Chapter {
    if chapters.is_empty() {
        files_of_chapters.push(file_index);
        chapters.push(Chapter {
            id: "opening".to_owned(),
            number: None,
            title: None,
            source: PathBuf::from(file),
            continued: Vec::new(),
            at: SourcePos { line: 1, column: 1 },
            blocks: Vec::new(),
            sections: Vec::new(),
            footnotes: Vec::new(),
        });
    }
    let last = chapters.len() - 1;
    &mut chapters[last]
}

fn target_blocks(chapter: &mut Chapter) -> &mut Vec<Block> {
    match chapter.sections.last_mut() {
        Some(section) => &mut section.blocks,
        None => &mut chapter.blocks,
    }
}
