//! Small text utilities of the parser: positions, slugs and typographic punctuation.

use crate::model::SourcePos;

/// Byte offsets to 1-based lines and columns (columns counted in characters).
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    pub fn pos(&self, offset: usize) -> SourcePos {
        let offset = offset.min(self.text.len());
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        SourcePos {
            line: u32::try_from(line + 1).unwrap_or(u32::MAX),
            column: u32::try_from(column + 1).unwrap_or(u32::MAX),
        }
    }
}

/// An id from a title: lowercase letters and digits, words joined by hyphens (`The October
/// Revolution` gives `the-october-revolution`). Non-ASCII letters are kept (ids are IRIs in EPUB).
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    let mut pending_hyphen = false;
    for c in title.chars() {
        if c.is_alphanumeric() {
            if pending_hyphen && !out.is_empty() {
                out.push('-');
            }
            pending_hyphen = false;
            out.extend(c.to_lowercase());
        } else if c.is_whitespace() || c == '-' || c == '_' || c == '—' || c == '–' {
            pending_hyphen = true;
        }
    }
    // An XML id may not start with a digit.
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert_str(0, "s-");
    }
    out
}

/// Typographic punctuation for text that pulldown-cmark does not smarten (image titles, which
/// carry figure credits): `--`/`---` to dashes, `...` to an ellipsis, straight quotes to curly ones
/// (opening after a space or an opening bracket, closing elsewhere).
pub fn smarten(text: &str) -> String {
    let text = text
        .replace("---", "\u{2014}")
        .replace("--", "\u{2013}")
        .replace("...", "\u{2026}");
    let mut out = String::with_capacity(text.len());
    let mut previous: Option<char> = None;
    for c in text.chars() {
        let opening =
            previous.is_none_or(|p| p.is_whitespace() || "([{\u{2014}\u{2013}".contains(p));
        let replaced = match (c, opening) {
            ('"', true) => '\u{201C}',
            ('"', false) => '\u{201D}',
            ('\'', true) => '\u{2018}',
            ('\'', false) => '\u{2019}',
            _ => c,
        };
        out.push(replaced);
        previous = Some(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters() {
        let index = LineIndex::new("ab\nсд e\n");
        assert_eq!(index.pos(0), SourcePos { line: 1, column: 1 });
        assert_eq!(index.pos(3), SourcePos { line: 2, column: 1 });
        // "сд " is 5 bytes: the 'e' is the 4th character of line 2.
        assert_eq!(index.pos(8), SourcePos { line: 2, column: 4 });
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("The October Revolution"), "the-october-revolution");
        assert_eq!(slug("From the “Third Period”…"), "from-the-third-period");
        assert_eq!(slug("1917"), "s-1917");
        assert_eq!(slug("  "), "s-");
    }

    #[test]
    fn smartens_credits() {
        assert_eq!(
            smarten("Trotsky's \"own\" -- photo..."),
            "Trotsky’s “own” – photo…"
        );
        assert_eq!(smarten("'quoted'"), "‘quoted’");
    }
}
