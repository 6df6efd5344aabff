//! `book.toml`: the typed configuration of a book.
//!
//! Unknown keys are errors (`deny_unknown_fields`), reported with their position and the nearest
//! known key, because a misspelt `subtitel` silently ignored is a bug the author finds in print.

use std::path::Path;

use serde::Deserialize;

use crate::diag::{nearest, Diagnostic};
use crate::model::SourcePos;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookToml {
    pub book: BookSection,
    #[serde(default)]
    pub hyphenation: HyphenationSection,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookSection {
    /// Required unless a chapter's front matter gives it.
    pub title: Option<String>,
    pub subtitle: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    /// BCP 47; front matter's, else "en", when absent.
    pub language: Option<String>,
    pub identifier: Option<String>,
    pub date: Option<String>,
    pub publisher: Option<String>,
    pub rights: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub subjects: Vec<String>,
    /// The Markdown files in reading order; default: every `*.md` of the folder, by file name.
    pub chapters: Option<Vec<String>>,
    #[serde(default = "default_style")]
    pub style: String,
    /// A JPEG or PNG in the book folder for the front cover; without it the cover is set from
    /// the metadata.
    pub cover: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HyphenationSection {
    #[serde(default)]
    pub exceptions: Vec<String>,
}

fn default_style() -> String {
    "default".to_owned()
}

impl BookToml {
    /// The configuration of a book without `book.toml` (its front matter gives the metadata).
    pub fn empty() -> BookToml {
        BookToml {
            book: BookSection {
                title: None,
                subtitle: None,
                authors: Vec::new(),
                language: None,
                identifier: None,
                date: None,
                publisher: None,
                rights: None,
                description: None,
                subjects: Vec::new(),
                chapters: None,
                style: default_style(),
                cover: None,
            },
            hyphenation: HyphenationSection::default(),
        }
    }
}

/// Every key `book.toml` knows, for "did you mean" hints.
const KNOWN_KEYS: &[&str] = &[
    "book",
    "hyphenation",
    "title",
    "subtitle",
    "authors",
    "language",
    "identifier",
    "date",
    "publisher",
    "rights",
    "description",
    "subjects",
    "chapters",
    "style",
    "cover",
    "exceptions",
];

/// The largest `book.toml` read: a page of metadata; a megabyte is a mistaken file.
pub const MAX_BOOK_TOML: u64 = 1 << 20;

/// Reads and checks `book.toml` (a regular file really inside the book folder). Every problem found is returned; `None` means the file is unusable.
pub fn load(path: &Path) -> (Option<BookToml>, Vec<Diagnostic>) {
    let root = path.parent().unwrap_or(Path::new("."));
    let text = match crate::files::read_inside(path, &[root], MAX_BOOK_TOML)
        .map_err(|err| err.to_string())
        .and_then(|bytes| String::from_utf8(bytes).map_err(|err| err.utf8_error().to_string()))
    {
        Ok(text) => text,
        Err(err) => {
            let d = Diagnostic::error(path, None, format!("cannot read book.toml: {err}"))
                .with_hint(
                    "every book folder needs a book.toml with at least [book] title = \"...\"",
                );
            return (None, vec![d]);
        }
    };
    match toml::from_str::<BookToml>(&text) {
        Ok(config) => {
            let problems = validate(&config, &text, path);
            (Some(config), problems)
        }
        Err(err) => {
            let pos = err.span().map(|span| pos_of(&text, span.start));
            let message = err.message().trim().to_owned();
            let mut d = Diagnostic::error(path, pos, message.clone());
            if let Some(unknown) = unknown_field(&message) {
                d.message = format!("unknown key `{unknown}` in book.toml");
                if let Some(hint) = key_hint(unknown) {
                    d = d.with_hint(hint);
                }
            }
            (None, vec![d])
        }
    }
}

/// What to say of an unknown key: a known key in the wrong place (`style` above `[book]`) is
/// told where it goes; another is given the nearest known key.
fn key_hint(unknown: &str) -> Option<String> {
    let table = match unknown {
        "book" | "hyphenation" => {
            return Some(format!(
                "`{unknown}` is a table of its own: a `[{unknown}]` line"
            ))
        }
        "exceptions" => "hyphenation",
        known if KNOWN_KEYS.contains(&known) => "book",
        _ => {
            return nearest(unknown, KNOWN_KEYS.iter().copied())
                .map(|near| format!("did you mean `{near}`?"))
        }
    };
    Some(format!(
        "`{unknown}` belongs in the [{table}] table: put it below the `[{table}]` line"
    ))
}

/// The key named by toml's "unknown field `x`, expected ..." message.
fn unknown_field(message: &str) -> Option<&str> {
    let rest = message.strip_prefix("unknown field `")?;
    rest.split('`').next()
}

fn validate(config: &BookToml, text: &str, path: &Path) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |key: &str| key_pos(text, key);
    let book = &config.book;
    if book.title.as_deref().is_some_and(|t| t.trim().is_empty()) {
        out.push(Diagnostic::error(path, at("title"), "the title is empty"));
    }
    // The title and subtitle are set like a heading (title page, running heads, contents).
    let limit = crate::parse::MAX_HEADING_CHARS;
    for (key, value) in [
        ("title", book.title.as_ref()),
        ("subtitle", book.subtitle.as_ref()),
    ] {
        if value.is_some_and(|v| v.chars().nth(limit).is_some()) {
            out.push(
                Diagnostic::error(
                    path,
                    at(key),
                    format!("the {key} is longer than {limit} characters"),
                )
                .with_hint("a title is a line or two; put the rest in description = \"...\""),
            );
        }
    }
    if let Some(language) = book.language.as_deref() {
        if crate::model::Lang::parse(language).is_none() {
            out.push(
                Diagnostic::error(
                    path,
                    at("language"),
                    format!("`{language}` is not a BCP 47 language tag"),
                )
                .with_hint("write a tag such as \"en\", \"en-GB\", \"ru\" or \"de\""),
            );
        }
    }
    if let Some(date) = &book.date {
        if !is_date(date) {
            out.push(
                Diagnostic::error(path, at("date"), format!("`{date}` is not a date"))
                    .with_hint("write a year (\"1987\") or a full date (\"2003-03-05\")"),
            );
        }
    }
    if let Some(id) = &book.identifier {
        if !id.contains(':') {
            out.push(
                Diagnostic::error(path, at("identifier"), format!("`{id}` is not a URN"))
                    .with_hint("write urn:isbn:9780000000000 or urn:uuid:..., or leave it out"),
            );
        }
    }
    out
}

/// `YYYY` or `YYYY-MM-DD` with a real month and day.
pub fn is_date(date: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    match date.split('-').collect::<Vec<_>>().as_slice() {
        [year] => year.len() == 4 && digits(year),
        [year, month, day] => {
            year.len() == 4
                && digits(year)
                && month.len() == 2
                && day.len() == 2
                && digits(month)
                && digits(day)
                && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
        }
        _ => false,
    }
}

/// The position of `key = ` in the text, for messages about a value.
pub(crate) fn key_pos(text: &str, key: &str) -> Option<SourcePos> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(pos_of(text, offset + (line.len() - trimmed.len())));
            }
        }
        offset += line.len();
    }
    None
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn pos_of(text: &str, offset: usize) -> SourcePos {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    SourcePos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    }
}
