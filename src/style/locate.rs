//! Where things are in a style file, so that every problem reads `style.toml:line:col`.
//!
//! The typed `Style` keeps no positions (the text engine and layout read plain values), so the
//! file is parsed a second time into toml's spanned document, and a key is found by its path
//! (`["print", "text", "size"]`). Errors of the typed parse (wrong types, unknown keys, bad
//! lengths) carry their own span; unknown keys and values get a "did you mean".

use std::path::Path;

use toml::de::DeTable;
use toml::Spanned;

use crate::config::pos_of;
use crate::diag::{nearest, Diagnostic};
use crate::model::SourcePos;

/// A style file's text and its spanned document (when the text is valid TOML).
pub(super) struct Locator<'t> {
    text: &'t str,
    doc: Option<Spanned<DeTable<'t>>>,
}

impl<'t> Locator<'t> {
    pub fn new(text: &'t str) -> Self {
        Locator {
            text,
            doc: DeTable::parse(text).ok(),
        }
    }

    /// The position of the value at `path`, if the file writes it.
    pub fn value(&self, path: &[&str]) -> Option<SourcePos> {
        let doc = self.doc.as_ref()?;
        let mut table = doc.get_ref();
        let (last, parents) = path.split_last()?;
        for key in parents {
            table = table.get(*key)?.get_ref().as_table()?;
        }
        let value = table.get(*last)?;
        Some(pos_of(self.text, value.span().start))
    }

    /// The position of the first of `paths` that the file writes (the value most to blame for a
    /// problem that several settings make together).
    pub fn first(&self, paths: &[&[&str]]) -> Option<SourcePos> {
        paths.iter().find_map(|path| self.value(path))
    }

    /// Whether the file writes the value at `path` (else it is a default).
    pub fn writes(&self, path: &[&str]) -> bool {
        self.value(path).is_some()
    }
}

/// A typed-parse error of a style file as a located diagnostic; unknown keys and values get the
/// nearest known one as a hint.
pub(super) fn toml_error(path: &Path, text: &str, err: &toml::de::Error) -> Diagnostic {
    let pos = err.span().map(|span| pos_of(text, span.start));
    let message = err.message().trim().to_owned();
    let d = Diagnostic::error(path, pos, message.clone());
    for (prefix, what) in [("unknown field `", "key"), ("unknown variant `", "value")] {
        let Some(rest) = message.strip_prefix(prefix) else {
            continue;
        };
        let unknown = rest.split('`').next().unwrap_or_default();
        let d = Diagnostic::error(
            path,
            pos,
            format!("unknown {what} `{unknown}` in the style"),
        );
        let expected = backticked(rest.split_once("expected").map_or("", |(_, e)| e));
        return match nearest(unknown, expected.iter().copied()) {
            Some(near) => d.with_hint(format!("did you mean `{near}`?")),
            None if !expected.is_empty() => {
                d.with_hint(format!("expected one of `{}`", expected.join("`, `")))
            }
            None => d,
        };
    }
    d.with_hint("see styles/default.toml for every key, its type and its default")
}

/// The names between backticks in serde's "expected one of `a`, `b`".
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_values_by_path() {
        let text = "[fonts]\nfamily = \"V\"\n\n[print.page.margins]\ninner = \"3mm\"\n";
        let at = Locator::new(text);
        assert_eq!(
            at.value(&["print", "page", "margins", "inner"]),
            Some(SourcePos { line: 5, column: 9 })
        );
        assert_eq!(at.value(&["print", "page", "margins", "outer"]), None);
        assert_eq!(
            at.first(&[&["print", "text"], &["fonts", "family"]]),
            Some(SourcePos {
                line: 2,
                column: 10
            })
        );
    }

    #[test]
    fn unknown_keys_get_the_nearest_known_one() {
        let text = "sise = 11.0\n";
        let err = toml::from_str::<super::super::print::TextStyle>(text).expect_err("unknown key");
        let d = toml_error(Path::new("s.toml"), text, &err);
        assert_eq!(d.message, "unknown key `sise` in the style");
        assert_eq!(d.hint.as_deref(), Some("did you mean `size`?"));
    }
}
