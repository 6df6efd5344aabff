//! Diagnostics: content problems collected over a whole run, each with its place in the source.
//!
//! Stages never stop at the first problem in the content: they push a [`Diagnostic`] and go on, so
//! that one run reports everything. Whether a run failed is decided at the end from the severities.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::SourcePos;

pub mod codes;

pub use codes::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Where to look, not a problem: a page of the print layout an editor may want to mend by
    /// editing the text (a hole, a figure after its call's page, a runt). Never fails a build,
    /// not even under `--strict`, and `--quiet` leaves it out.
    Note,
    Warning,
    Error,
}

/// One problem, printed as `path:line:col: error: message` with an optional hint on the next line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    pub file: PathBuf,
    /// `None` for problems with a whole file (an unreadable file, a missing folder).
    pub pos: Option<SourcePos>,
    pub message: String,
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(
        file: impl Into<PathBuf>,
        pos: Option<SourcePos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            pos,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        file: impl Into<PathBuf>,
        pos: Option<SourcePos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn note(
        file: impl Into<PathBuf>,
        pos: Option<SourcePos>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, pos, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// The stable name of this kind of diagnostic (`figure-missing`), see [`codes`].
    pub fn code(&self) -> Code {
        codes::classify(self)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(pos) = self.pos {
            write!(f, ":{}:{}", pos.line, pos.column)?;
        }
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        };
        write!(f, ": {label}: {}", shorten_quotes(&self.message))?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {}", shorten_quotes(hint))?;
        }
        Ok(())
    }
}

/// The problems found so far in a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Under `--strict`, warnings count as errors (notes stay notes).
    pub fn promote_warnings(&mut self) {
        for d in &mut self.items {
            if d.severity == Severity::Warning {
                d.severity = Severity::Error;
            }
        }
    }

    /// Sorted by file and position, so output does not depend on the order stages ran in.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items
            .sort_by(|a, b| (&a.file, a.pos).cmp(&(&b.file, b.pos)));
        self.items
    }
}

/// The most characters of the author's text a message quotes: enough to find the place, few
/// enough that a pasted blob (a word of 9,000 letters in an overfull line) cannot flood the
/// terminal.
pub const MAX_QUOTED_CHARS: usize = 60;

/// `text` cut to at most [`MAX_QUOTED_CHARS`] characters, the last an ellipsis when cut.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    if text.chars().nth(MAX_QUOTED_CHARS).is_none() {
        return Cow::Borrowed(text);
    }
    let mut cut: String = text.chars().take(MAX_QUOTED_CHARS - 1).collect();
    cut.push('…');
    Cow::Owned(cut)
}

/// `message` with every quotation in it (“…” or `…`) cut to [`MAX_QUOTED_CHARS`], so that no
/// stage can print a megabyte of the author's text in one diagnostic.
fn shorten_quotes(message: &str) -> Cow<'_, str> {
    if message.len() <= MAX_QUOTED_CHARS {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len().min(1024));
    let mut rest = message;
    loop {
        let open = rest.find(['“', '`']);
        let Some(open) = open else {
            out.push_str(rest);
            break;
        };
        let quote = rest[open..].chars().next().unwrap_or('`');
        let close = if quote == '“' { '”' } else { '`' };
        let inner_start = open + quote.len_utf8();
        let Some(len) = rest[inner_start..].find(close) else {
            out.push_str(rest);
            break;
        };
        out.push_str(&rest[..inner_start]);
        out.push_str(&excerpt(&rest[inner_start..inner_start + len]));
        out.push(close);
        rest = &rest[inner_start + len + close.len_utf8()..];
    }
    Cow::Owned(out)
}

/// Finds the nearest of `candidates` to `word`, for "did you mean" hints.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(word, c), c))
        .filter(|(distance, c)| *distance <= (c.len().max(word.len()) / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

/// A path shown relative to the working directory when it is below it, for readable messages.
pub fn display_path(path: &Path) -> PathBuf {
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf());
    match relative.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_path_buf(),
        _ => relative,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotations_in_messages_are_cut_to_60_characters() {
        let word = "x".repeat(9_000);
        let d = Diagnostic::warning(
            "a.md",
            None,
            format!("overfull line: “a {word} b” and `{word}`"),
        );
        let shown = d.to_string();
        let cut = format!("{}…", "x".repeat(57));
        assert_eq!(
            shown,
            format!(
                "a.md: warning: overfull line: “a {cut}” and `{}…`",
                "x".repeat(59)
            )
        );
        let short = Diagnostic::error(
            "a.md",
            None,
            "unknown key `sise` in “the style”, which is long enough",
        );
        assert!(short
            .to_string()
            .ends_with("unknown key `sise` in “the style”, which is long enough"));
        assert_eq!(excerpt("short"), "short");
    }

    #[test]
    fn under_strict_warnings_become_errors_and_notes_stay_notes() {
        let mut diagnostics = Diagnostics::new();
        let at = Some(SourcePos { line: 3, column: 1 });
        diagnostics.push(Diagnostic::note("a.md", at, "page 4 ends 2.0 lines short"));
        assert!(!diagnostics.has_errors());
        diagnostics.promote_warnings();
        assert!(!diagnostics.has_errors(), "a note is never a failure");
        diagnostics.push(Diagnostic::warning("a.md", at, "loose line"));
        diagnostics.promote_warnings();
        let shown: Vec<String> = diagnostics.sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "a.md:3:1: note: page 4 ends 2.0 lines short",
                "a.md:3:1: error: loose line"
            ]
        );
    }
}
