//! Language tags: one type for the book's language, checked once where it enters.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A BCP 47 language tag (`en`, `en-GB`, `ru`, `de-1996`), checked for its shape when made: a
/// primary subtag of 2 or 3 letters, then subtags of 1 to 8 letters or digits. Every consumer
/// (the EPUB's `xml:lang`, the PDF's `/Lang`, hyphenation patterns, the generated labels) reads
/// this one value instead of re-parsing a string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Lang(String);

impl Lang {
    /// The tag, when `tag` has the shape of one.
    pub fn parse(tag: &str) -> Option<Lang> {
        let mut parts = tag.split('-');
        let primary_ok = parts.next().is_some_and(|p| {
            (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic())
        });
        let rest_ok = parts
            .all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()));
        (primary_ok && rest_ok).then(|| Lang(tag.to_owned()))
    }

    /// English, the default when a book names no language.
    pub fn english() -> Lang {
        Lang("en".to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The primary language subtag, lowercased: `ru` for `ru-RU`, `de` for `DE`.
    pub fn primary(&self) -> String {
        self.0
            .split('-')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Lang {
    type Error = String;

    fn try_from(tag: String) -> Result<Lang, String> {
        Lang::parse(&tag).ok_or_else(|| format!("`{tag}` is not a BCP 47 language tag"))
    }
}

impl From<Lang> for String {
    fn from(lang: Lang) -> String {
        lang.0
    }
}

impl PartialEq<str> for Lang {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Lang {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        assert!(Lang::parse("en").is_some());
        assert!(Lang::parse("en-GB").is_some());
        assert!(Lang::parse("de-1996").is_some());
        assert!(Lang::parse("e").is_none());
        assert!(Lang::parse("english").is_none());
        assert!(Lang::parse("en_GB").is_none());
        assert!(Lang::parse("en-").is_none());
        assert!(Lang::parse("").is_none());
    }

    #[test]
    fn primary_is_lowercase() {
        assert_eq!(Lang::parse("RU-ru").map(|l| l.primary()), Some("ru".into()));
    }

    #[test]
    fn serde_checks_the_shape() {
        assert!(serde_json::from_str::<Lang>("\"en-GB\"").is_ok());
        assert!(serde_json::from_str::<Lang>("\"not a tag\"").is_err());
    }
}
