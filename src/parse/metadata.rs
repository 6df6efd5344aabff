//! Metadata: `book.toml`'s `[book]` and the chapters' front matter resolved into the model, with
//! a derived identifier and a reproducible modification time.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::frontmatter::{Entry, Field, FrontMatter};
use crate::config::BookToml;
use crate::diag::{display_path, Diagnostic, Diagnostics};
use crate::model::{Lang, Metadata, SourcePos};

/// The build time for reproducible outputs: `SOURCE_DATE_EPOCH` (seconds since 1970) when set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum SourceDate {
    /// Not set: the book's own date stands in.
    #[default]
    Unset,
    Epoch {
        seconds: i64,
    },
    /// Set, but not a whole number of seconds: reported, then treated as unset.
    Invalid {
        value: String,
    },
}

impl SourceDate {
    pub fn from_env() -> Self {
        match std::env::var("SOURCE_DATE_EPOCH") {
            Err(_) => SourceDate::Unset,
            Ok(value) => match value.trim().parse::<i64>() {
                Ok(seconds) => SourceDate::Epoch { seconds },
                Err(_) => SourceDate::Invalid { value },
            },
        }
    }
}

/// The times `SOURCE_DATE_EPOCH` may give, in seconds: from the Unix epoch to the last second of
/// the year 9999 (253402300799), because EPUB and PDF dates have four-digit years (a later one
/// makes EPUBCheck fail with RSC-005).
pub const SOURCE_DATE_RANGE: std::ops::RangeInclusive<i64> = 0..=253_402_300_799;

/// A metadata value and where it was written.
struct Chosen {
    values: Vec<String>,
    file: PathBuf,
    at: Option<SourcePos>,
}

/// The book's metadata: `book.toml` first, then each file's front matter where `book.toml` says
/// nothing (a front matter that disagrees is a warning naming both places). `None` (after an
/// error) when no title is given anywhere.
pub fn resolve(
    config: &BookToml,
    toml_path: &Path,
    front_matters: &[FrontMatter],
    options: &super::ParseOptions,
    diags: &mut Diagnostics,
) -> Option<Metadata> {
    let toml_text = std::fs::read_to_string(toml_path).unwrap_or_default();
    let get = |field: Field, diags: &mut Diagnostics| -> Option<Vec<String>> {
        let mut chosen = toml_values(config, field).map(|values| Chosen {
            values,
            file: toml_path.to_path_buf(),
            at: crate::config::key_pos(&toml_text, field.toml_key()),
        });
        for entry in front_matters.iter().filter_map(|fm| fm.get(&field)) {
            if !usable(field, entry, diags) {
                continue;
            }
            match &chosen {
                None => {
                    chosen = Some(Chosen {
                        values: entry.values.clone(),
                        file: entry.file.clone(),
                        at: Some(entry.at),
                    })
                }
                Some(first) if first.values != entry.values => {
                    diags.push(conflict(field, first, entry));
                }
                Some(_) => {}
            }
        }
        chosen.map(|c| c.values)
    };
    let single = |values: Option<Vec<String>>| values.and_then(|v| v.into_iter().next());
    let Some(title) = single(get(Field::Title, diags)) else {
        diags.push(
            Diagnostic::error(toml_path, None, "the book has no title")
                .with_hint("give one in book.toml ([book] title = \"...\") or in the first chapter's front matter (title: ...)"),
        );
        return None;
    };
    let authors = get(Field::Authors, diags).unwrap_or_default();
    let date = single(get(Field::Date, diags));
    let identifier = single(get(Field::Identifier, diags))
        .unwrap_or_else(|| derived_identifier(&title, &authors));
    let modified = modified(options, date.as_deref(), toml_path, diags);
    let language = single(get(Field::Language, diags));
    Some(Metadata {
        title: title.trim().to_owned(),
        subtitle: single(get(Field::Subtitle, diags)),
        authors,
        // An invalid tag is an error of `book.toml` already; the model still needs a language.
        language: language
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_else(Lang::english),
        identifier,
        date,
        publisher: single(get(Field::Publisher, diags)),
        rights: single(get(Field::Rights, diags)),
        description: single(get(Field::Description, diags)),
        subjects: get(Field::Subjects, diags).unwrap_or_default(),
        modified,
        // Read from the book folder by `parse` (see `cover`).
        cover: None,
    })
}

/// `book.toml`'s value of a field, when it gives one.
fn toml_values(config: &BookToml, field: Field) -> Option<Vec<String>> {
    let book = &config.book;
    let one = |v: &Option<String>| v.clone().map(|v| vec![v]);
    let many = |v: &Vec<String>| Some(v.clone()).filter(|v| !v.is_empty());
    match field {
        Field::Title => one(&book.title),
        Field::Subtitle => one(&book.subtitle),
        Field::Authors => many(&book.authors),
        Field::Language => one(&book.language),
        Field::Date => one(&book.date),
        Field::Publisher => one(&book.publisher),
        Field::Rights => one(&book.rights),
        Field::Description => one(&book.description),
        Field::Subjects => many(&book.subjects),
        Field::Identifier => one(&book.identifier),
    }
}

/// Whether a front-matter value has the shape its field needs (a warning when not).
fn usable(field: Field, entry: &Entry, diags: &mut Diagnostics) -> bool {
    let value = entry.values.first().map(String::as_str).unwrap_or_default();
    let problem = match field {
        Field::Language if Lang::parse(value).is_none() => Some((
            format!("`{value}` is not a BCP 47 language tag"),
            "write a tag such as en, en-GB, ru or de",
        )),
        Field::Date if !crate::config::is_date(value) => Some((
            format!("`{value}` is not a date"),
            "write a year (1987) or a full date (2003-03-05)",
        )),
        _ => None,
    };
    match problem {
        Some((message, hint)) => {
            diags.push(
                Diagnostic::warning(
                    &entry.file,
                    Some(entry.at),
                    format!(
                        "{message}: the front matter's {} is ignored",
                        field.toml_key()
                    ),
                )
                .with_hint(hint),
            );
            false
        }
        None => true,
    }
}

/// The warning for a front matter that disagrees with the value in force, naming both places.
fn conflict(field: Field, first: &Chosen, entry: &Entry) -> Diagnostic {
    let place = match first.at {
        Some(at) => format!("{}:{}", display_path(&first.file).display(), at.line),
        None => display_path(&first.file).display().to_string(),
    };
    Diagnostic::warning(
        &entry.file,
        Some(entry.at),
        format!(
            "the {} here (“{}”) differs from the one at {place} (“{}”), which is used",
            field.toml_key(),
            entry.values.join(", "),
            first.values.join(", ")
        ),
    )
    .with_hint("give it in one place only, or make both the same")
}

/// The modification time: `SOURCE_DATE_EPOCH` when set, else the book's date.
fn modified(
    options: &super::ParseOptions,
    date: Option<&str>,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> String {
    match &options.source_date {
        SourceDate::Epoch { seconds } if SOURCE_DATE_RANGE.contains(seconds) => {
            chrono::DateTime::from_timestamp(*seconds, 0)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        }
        SourceDate::Epoch { seconds } => {
            diags.push(
                Diagnostic::warning(
                    toml_path,
                    None,
                    format!(
                        "SOURCE_DATE_EPOCH `{seconds}` is not a time from 1970 to the year 9999: \
                         ignored"
                    ),
                )
                .with_hint(format!(
                    "set it to a Unix time from 0 to {} (EPUB and PDF dates have four-digit \
                     years), or unset it",
                    SOURCE_DATE_RANGE.end()
                )),
            );
            None
        }
        SourceDate::Invalid { value } => {
            diags.push(
                Diagnostic::warning(
                    toml_path,
                    None,
                    format!("SOURCE_DATE_EPOCH `{value}` is not a number of seconds: ignored"),
                )
                .with_hint("set it to a Unix time such as 1700000000, or unset it"),
            );
            None
        }
        SourceDate::Unset => None,
    }
    .unwrap_or_else(|| date_as_timestamp(date))
}

/// `urn:uuid:` with a UUID made from the title and the authors (a SHA-256 hash, as UUID version 8),
/// so a book keeps its identifier from build to build and no two books share one by chance.
fn derived_identifier(title: &str, authors: &[String]) -> String {
    let mut hash = Sha256::new();
    hash.update(title.trim().as_bytes());
    for author in authors {
        hash.update(b"\n");
        hash.update(author.trim().as_bytes());
    }
    let digest = hash.finalize();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    let uuid = uuid::Builder::from_custom_bytes(bytes).into_uuid();
    format!("urn:uuid:{uuid}")
}

/// The first moment of the book's date, or the Unix epoch when it has none.
fn date_as_timestamp(date: Option<&str>) -> String {
    match date {
        Some(year) if year.len() == 4 => format!("{year}-01-01T00:00:00Z"),
        Some(day) if day.len() == 10 => format!("{day}T00:00:00Z"),
        _ => "1970-01-01T00:00:00Z".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_stable_and_distinct() {
        let a = derived_identifier("Title", &["A. Writer".into()]);
        assert_eq!(a, derived_identifier("Title", &["A. Writer".into()]));
        assert_ne!(a, derived_identifier("Title", &["B. Writer".into()]));
        assert!(a.starts_with("urn:uuid:"));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
    }

    #[test]
    fn timestamps_from_dates() {
        assert_eq!(date_as_timestamp(Some("1987")), "1987-01-01T00:00:00Z");
        assert_eq!(
            date_as_timestamp(Some("2003-03-05")),
            "2003-03-05T00:00:00Z"
        );
        assert_eq!(date_as_timestamp(None), "1970-01-01T00:00:00Z");
    }
}
