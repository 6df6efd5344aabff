//! The inputs of a book's build: every file whose content (or whose existence) can change its
//! outputs, derived from what the build read, as a build system's dependency file.
//!
//! After a book is parsed and its style loaded, [`read_by`] lists:
//!
//! - `book.toml` (present or not);
//! - the Markdown files: those `book.toml` lists as `chapters`, or else every `*.md` of the folder
//!   together with the folder's listing of `*.md` names (a file added or removed changes the
//!   book);
//! - the image of every figure, or the path where a missing one (an FPO placeholder) was looked
//!   for, so that adding the picture rebuilds the book;
//! - the cover picture `book.toml` names, if any;
//! - the style file where the style was looked for (absent means the built-in style was used);
//! - each file the style names (its CSS, its faces), at every place it is looked for up to the
//!   one found, in the order of [`crate::style::LoadedStyle::file`].
//!
//! Built-in styles, fonts and hyphenation patterns are part of the binary, which is part of every
//! cache key. Everything else a build reads comes from these files: if none of them changed, the
//! build would read the same bytes and, being reproducible, make the same outputs. A test
//! (`tests/testsuite/batch_inputs.rs`) keeps this list true: changing any file of a book that is
//! not an input leaves its outputs as they were, changing any input changes the key.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::files::{resolve_inside, ReadError};
use crate::model::{Book, Image};
use crate::style::LoadedStyle;

/// One thing a build depends on.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum Input {
    /// A file, by its content; a file that does not exist is an input too (it may appear).
    File { path: PathBuf },
    /// The names of a folder's files ending in `suffix` (the default reading order).
    Listing { dir: PathBuf, suffix: String },
}

/// The suffix of the Markdown files that make a book when `book.toml` lists no chapters.
const MARKDOWN_SUFFIX: &str = ".md";

/// Every input of the book in `dir`, which parsed into `book` and loaded `style`: sorted, no
/// input twice.
pub fn read_by(dir: &Path, book: &Book, style: &LoadedStyle) -> Vec<Input> {
    let file = |path: PathBuf| Input::File { path };
    let toml = dir.join("book.toml");
    let mut inputs = vec![file(toml.clone())];
    let listed = crate::config::load(&toml)
        .0
        .and_then(|config| config.book.chapters);
    match listed {
        Some(chapters) => inputs.extend(chapters.iter().map(|name| file(dir.join(name)))),
        None => {
            inputs.push(Input::Listing {
                dir: dir.to_path_buf(),
                suffix: MARKDOWN_SUFFIX.to_owned(),
            });
            inputs.extend(listing(dir, MARKDOWN_SUFFIX).into_iter().map(file));
        }
    }
    let real_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // Pictures carry their canonical path: named from the book folder again, so that the key
    // does not depend on where the checkout is.
    let from_book = |path: &Path| match path.strip_prefix(&real_dir) {
        Ok(inside) => dir.join(inside),
        Err(_) => path.to_path_buf(),
    };
    for (_, figure) in book.figures() {
        let path = match &figure.image {
            Image::Present { path, .. } => from_book(path),
            // A missing picture's path is kept (it may appear later), but only inside the book:
            // `![](/dev/zero)` is not an input to hash.
            Image::Missing { path } => match resolve_inside(&dir.join(path), &[dir]) {
                Ok(_) | Err(ReadError::Missing) => dir.join(path),
                Err(_) => continue,
            },
        };
        inputs.push(file(path));
    }
    if let Some(cover) = &book.metadata.cover {
        inputs.push(file(from_book(&cover.path)));
    }
    inputs.extend(style_inputs(&book.style, dir, style).into_iter().map(file));
    inputs.sort();
    inputs.dedup();
    inputs
}

/// The files of `dir` whose names end in `suffix` (not hidden), sorted by name.
pub fn listing(dir: &Path, suffix: &str) -> Vec<PathBuf> {
    let mut names: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.path().is_file())
        .filter(|entry| {
            entry
                .file_name()
                .to_str()
                .is_some_and(|name| name.ends_with(suffix) && !name.starts_with('.'))
        })
        .map(|entry| entry.path())
        .collect();
    names.sort();
    names
}

/// The style file where it was looked for, then every file it names at each place looked at up
/// to the first that exists (as [`crate::style::load`] and [`LoadedStyle::file`] look).
fn style_inputs(name: &str, dir: &Path, style: &LoadedStyle) -> Vec<PathBuf> {
    let mut paths = vec![if name.ends_with(".toml") {
        dir.join(name)
    } else {
        Path::new("styles").join(format!("{name}.toml"))
    }];
    let Some(style_dir) = &style.dir else {
        return paths;
    };
    let fonts = &style.style.fonts;
    let mut named = vec![
        style.style.epub.css.clone(),
        fonts.regular.clone(),
        fonts.italic.clone(),
        fonts.bold.clone(),
        fonts.bold_italic.clone(),
        fonts.mono.clone(),
    ];
    named.extend(fonts.fallback.files());
    // The built-in fallback face is looked for beside the style first, as every font is.
    named.push(crate::text::fonts::BUNDLED_FALLBACK.to_owned());
    for file in &named {
        for candidate in [
            style_dir.join(file),
            style_dir.join("..").join("fonts").join(file),
        ] {
            let found = candidate.is_file();
            paths.push(candidate);
            if found {
                break;
            }
        }
    }
    paths
}
