//! Metadata: `book.toml`'s `[book]` resolved into the model, with a derived identifier and a
//! reproducible modification time.

use std::path::Path;

use sha2::{Digest, Sha256};

use crate::config::BookToml;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Lang, Metadata};

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

pub fn resolve(
    config: &BookToml,
    toml_path: &Path,
    options: &super::ParseOptions,
    diags: &mut Diagnostics,
) -> Metadata {
    let book = &config.book;
    let identifier = book
        .identifier
        .clone()
        .unwrap_or_else(|| derived_identifier(&book.title, &book.authors));
    let modified = match &options.source_date {
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
    .unwrap_or_else(|| date_as_timestamp(book.date.as_deref()));
    Metadata {
        title: book.title.trim().to_owned(),
        subtitle: book.subtitle.clone(),
        authors: book.authors.clone(),
        // An invalid tag is an error of `book.toml` already; the model still needs a language.
        language: Lang::parse(&book.language).unwrap_or_else(Lang::english),
        identifier,
        date: book.date.clone(),
        publisher: book.publisher.clone(),
        rights: book.rights.clone(),
        description: book.description.clone(),
        subjects: book.subjects.clone(),
        modified,
        // Read from the book folder by `parse` (see `cover`).
        cover: None,
    }
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
