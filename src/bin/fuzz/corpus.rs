//! The starting points of generated inputs: the bundled books, the test books and the default
//! style, read from the repository once per run.

use std::path::{Path, PathBuf};

/// A book to start from: its `book.toml`, its Markdown files and its other files (pictures).
#[derive(Debug, Clone)]
pub struct BaseBook {
    pub name: String,
    pub toml: String,
    pub chapters: Vec<(String, Vec<u8>)>,
    pub files: Vec<(PathBuf, Vec<u8>)>,
}

/// Everything generators start from.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub books: Vec<BaseBook>,
    /// `styles/default.toml`.
    pub style: String,
    /// `styles/default.css`.
    pub css: Vec<u8>,
}

/// Reads the corpus from the repository at `root`.
pub fn load(root: &Path) -> Result<Corpus, String> {
    let mut books = Vec::new();
    for parent in ["manuscript", "tests/books"] {
        let Ok(entries) = std::fs::read_dir(root.join(parent)) else {
            continue;
        };
        let mut dirs: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        dirs.sort();
        for dir in dirs {
            if let Some(book) = read_book(&dir) {
                books.push(book);
            }
        }
    }
    if books.is_empty() {
        return Err(format!("no books under {}/manuscript", root.display()));
    }
    let read = |name: &str| {
        std::fs::read(root.join("styles").join(name))
            .map_err(|err| format!("cannot read styles/{name}: {err}"))
    };
    Ok(Corpus {
        books,
        style: String::from_utf8_lossy(&read("default.toml")?).into_owned(),
        css: read("default.css")?,
    })
}

fn read_book(dir: &Path) -> Option<BaseBook> {
    let toml = std::fs::read_to_string(dir.join("book.toml")).ok()?;
    let listed: Option<Vec<String>> = toml::from_str::<toml::Table>(&toml)
        .ok()
        .and_then(|t| t.get("book")?.get("chapters")?.clone().try_into().ok());
    let names = match listed {
        Some(names) => names,
        None => {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .ok()?
                .flatten()
                .filter_map(|e| e.file_name().to_str().map(str::to_owned))
                .filter(|n| n.ends_with(".md"))
                .collect();
            names.sort();
            names
        }
    };
    let mut chapters = Vec::new();
    for name in names {
        let bytes = std::fs::read(dir.join(&name)).ok()?;
        chapters.push((name, bytes));
    }
    let mut files = Vec::new();
    if let Ok(images) = std::fs::read_dir(dir.join("images")) {
        for entry in images.flatten() {
            let path = entry.path();
            if path.is_file() {
                let name = Path::new("images").join(entry.file_name());
                files.push((name, std::fs::read(&path).ok()?));
            }
        }
    }
    files.sort();
    Some(BaseBook {
        name: dir.file_name()?.to_string_lossy().into_owned(),
        toml,
        chapters,
        files,
    })
}
