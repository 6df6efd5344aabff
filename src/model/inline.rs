//! Inline content: runs of text with emphasis, links and note references.

use serde::{Deserialize, Serialize};

/// A piece of running text. Text is already typographically final: curly quotes, dashes and
/// ellipses come out of the parser, so backends never touch punctuation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Inline {
    Text {
        text: String,
    },
    Emphasis {
        content: Vec<Inline>,
    },
    Strong {
        content: Vec<Inline>,
    },
    /// Inline code, set in the monospaced or body face as the style decides.
    Code {
        text: String,
    },
    /// A hard line break (verse, letters, signatures).
    LineBreak,
    Link {
        target: LinkTarget,
        content: Vec<Inline>,
    },
    /// The mark of a footnote. `note` is the note's id in the same chapter.
    NoteRef {
        /// The id of this reference (the note links back to it).
        id: String,
        note: String,
        number: u32,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LinkTarget {
    /// A resolved cross-reference: `id` is an anchor of `Book::anchors`, in chapter `chapter`.
    Internal {
        id: String,
        chapter: usize,
    },
    External {
        url: String,
    },
}

/// The text of inlines without markup or note marks, as a reader would say it.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Link { content, .. } => push_plain(content, out),
            Inline::LineBreak => out.push(' '),
            Inline::NoteRef { .. } => {}
        }
    }
}
