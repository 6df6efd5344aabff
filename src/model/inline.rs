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
    /// Struck-through text (`~~gone~~`, `<del>`, `<s>`): a line through it in both outputs.
    Strikethrough {
        content: Vec<Inline>,
    },
    /// Raised text (`<sup>`, `^2^`): ordinals, exponents.
    Superscript {
        content: Vec<Inline>,
    },
    /// Lowered text (`<sub>`, `~2~`): chemical formulae, indices.
    Subscript {
        content: Vec<Inline>,
    },
    /// Text in another language than the book's (`<span lang="de">`), for hyphenation and speech.
    Language {
        lang: super::Lang,
        content: Vec<Inline>,
    },
    /// An abbreviation (`<abbr title="...">`), with its expansion when the author gave one.
    Abbreviation {
        title: Option<String>,
        content: Vec<Inline>,
    },
    /// A link target inside running text (`<a id="x">`); `id` is in `Book::anchors`.
    Anchor {
        id: String,
    },
    /// A picture inside running text, set at the height of the text around it.
    Image {
        image: super::Image,
        /// The text alternative (Markdown's alt text).
        alt: String,
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

impl Inline {
    /// The inlines nested in this one, for walks over the whole tree.
    pub fn children_mut(&mut self) -> Option<&mut Vec<Inline>> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Language { content, .. }
            | Inline::Abbreviation { content, .. }
            | Inline::Link { content, .. } => Some(content),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak
            | Inline::Anchor { .. }
            | Inline::Image { .. }
            | Inline::NoteRef { .. } => None,
        }
    }

    /// The inlines nested in this one.
    pub fn children(&self) -> Option<&[Inline]> {
        match self {
            Inline::Emphasis { content }
            | Inline::Strong { content }
            | Inline::Strikethrough { content }
            | Inline::Superscript { content }
            | Inline::Subscript { content }
            | Inline::Language { content, .. }
            | Inline::Abbreviation { content, .. }
            | Inline::Link { content, .. } => Some(content),
            Inline::Text { .. }
            | Inline::Code { .. }
            | Inline::LineBreak
            | Inline::Anchor { .. }
            | Inline::Image { .. }
            | Inline::NoteRef { .. } => None,
        }
    }
}

impl Inline {
    /// The text this inline itself adds to [`plain_text`] (its children's aside): a text's or
    /// code's text, a picture's alternative, a space for a line break, nothing for the rest.
    /// Offsets into the plain text (where a printed page starts inside a paragraph, see
    /// [`super::Place`]) count these, so every walk over inlines measures them alike.
    pub fn own_text(&self) -> &str {
        match self {
            Inline::Text { text } | Inline::Code { text } => text,
            Inline::Image { alt, .. } => alt,
            Inline::LineBreak => " ",
            _ => "",
        }
    }
}

/// The text of inlines without markup or note marks, as a reader would say it.
pub fn plain_text(inlines: &[Inline]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        out.push_str(inline.own_text());
        push_plain(inline.children().unwrap_or_default(), out);
    }
}
