//! The inline builder: model inlines collected with a pending text run (adjacent text merges into
//! one `Text`) and a stack of open HTML elements (`<sup>` ... `</sup>` arrive as separate events
//! around Markdown text, so their content is gathered in a frame until the end tag closes it).
//! An element left open closes where its paragraph ends; an end tag that matches no open element
//! is ignored.

use std::ops::Range;

use crate::model::{plain_text, Inline, Lang, LinkTarget};

/// The name of an inline note's frame: no HTML element's end tag can match it.
const NOTE_FRAME: &str = "\u{1}note";

/// What an open element becomes when it closes.
#[derive(Debug, Clone, PartialEq)]
pub enum FrameKind {
    Emphasis,
    Strong,
    Superscript,
    Subscript,
    Strikethrough,
    /// A pandoc inline note (`^[...]`), open until its closing bracket: `depth` counts the
    /// brackets opened inside it. Closed by the converter (it becomes a footnote); an inline note
    /// left open where its paragraph ends is text again.
    InlineNote {
        depth: usize,
    },
    Language {
        lang: Lang,
    },
    Abbreviation {
        title: Option<String>,
    },
    Link {
        target: LinkTarget,
    },
    /// Text set as code (`kbd`, `code`, `samp`).
    Code,
    /// Content kept as it is (`span` without a language, `a` without an address the book can
    /// resolve).
    Transparent,
    /// Content dropped (`script`, `style`).
    Hidden,
}

#[derive(Debug)]
pub struct Frame {
    /// The element's name, which its end tag must match.
    pub name: String,
    pub kind: FrameKind,
    pub content: Vec<Inline>,
}

impl Frame {
    /// What the frame becomes in its parent.
    fn close(self) -> Vec<Inline> {
        let content = self.content;
        let one = match self.kind {
            FrameKind::Emphasis => Inline::Emphasis { content },
            FrameKind::Strong => Inline::Strong { content },
            FrameKind::Superscript => Inline::Superscript { content },
            FrameKind::Subscript => Inline::Subscript { content },
            FrameKind::Strikethrough => Inline::Strikethrough { content },
            FrameKind::InlineNote { .. } => {
                let mut text = vec![Inline::Text {
                    text: "^[".to_owned(),
                }];
                text.extend(content);
                return text;
            }
            FrameKind::Language { lang } => Inline::Language { lang, content },
            FrameKind::Abbreviation { title } => Inline::Abbreviation { title, content },
            FrameKind::Link { target } => Inline::Link { target, content },
            FrameKind::Code => Inline::Code {
                text: plain_text(&content),
            },
            FrameKind::Transparent => return content,
            FrameKind::Hidden => return Vec::new(),
        };
        vec![one]
    }
}

/// Inline output: finished inlines in frames, and a pending run of text with its source range.
#[derive(Debug)]
pub struct Inlines {
    /// `frames[0]` is the paragraph itself.
    frames: Vec<Frame>,
    pending: Option<(String, Range<usize>)>,
}

impl Default for Inlines {
    fn default() -> Self {
        Inlines {
            frames: vec![Frame {
                name: String::new(),
                kind: FrameKind::Transparent,
                content: Vec::new(),
            }],
            pending: None,
        }
    }
}

impl Inlines {
    /// Adds text to the pending run. A U+FEFF inside the text (a byte-order mark left where files
    /// were joined, or the deprecated zero-width no-break space) is dropped: it has no glyph.
    pub fn push_text(&mut self, text: &str, range: Range<usize>) {
        let text = &text.replace('\u{FEFF}', "");
        match &mut self.pending {
            Some((pending, r)) => {
                pending.push_str(text);
                r.end = r.end.max(range.end);
            }
            None => self.pending = Some((text.to_owned(), range)),
        }
    }

    /// Whether the pending text ends with `c`.
    pub fn pending_ends_with(&self, c: char) -> bool {
        self.pending.as_ref().is_some_and(|(t, _)| t.ends_with(c))
    }

    /// Drops `suffix` from the end of the pending text, if it ends with it.
    pub fn drop_pending_suffix(&mut self, suffix: &str) {
        if let Some((text, _)) = self.pending.as_mut() {
            if text.ends_with(suffix) {
                text.truncate(text.len() - suffix.len());
            }
        }
    }

    /// The pending run, for the caller to check and [`push`](Self::push) as text.
    pub fn take_pending(&mut self) -> Option<(String, Range<usize>)> {
        self.pending.take()
    }

    /// Adds a finished inline to the innermost open element (flush the pending text first).
    pub fn push(&mut self, inline: Inline) {
        self.top().push(inline);
    }

    pub fn extend(&mut self, inlines: Vec<Inline>) {
        self.top().extend(inlines);
    }

    fn top(&mut self) -> &mut Vec<Inline> {
        let last = self.frames.len() - 1;
        &mut self.frames[last].content
    }

    /// Opens an element (flush the pending text first).
    pub fn open(&mut self, name: &str, kind: FrameKind) {
        self.frames.push(Frame {
            name: name.to_owned(),
            kind,
            content: Vec::new(),
        });
    }

    /// Closes the innermost open element named `name`, and any opened inside it (flush first).
    pub fn close(&mut self, name: &str) {
        let Some(index) = self.frames[1..].iter().rposition(|f| f.name == name) else {
            return;
        };
        while self.frames.len() > index + 1 {
            self.close_top();
        }
    }

    fn close_top(&mut self) {
        if self.frames.len() > 1 {
            if let Some(frame) = self.frames.pop() {
                let inlines = frame.close();
                self.top().extend(inlines);
            }
        }
    }

    /// Opens a pandoc inline note (`^[`): its content gathers until [`Inlines::close_note`].
    pub fn open_note(&mut self) {
        self.open(NOTE_FRAME, FrameKind::InlineNote { depth: 0 });
    }

    /// The bracket depth inside the innermost open inline note, if one is open.
    pub fn note_depth(&mut self) -> Option<&mut usize> {
        self.frames
            .iter_mut()
            .rev()
            .find_map(|f| match &mut f.kind {
                FrameKind::InlineNote { depth } => Some(depth),
                _ => None,
            })
    }

    /// Closes the innermost inline note (and the elements opened inside it) and returns its
    /// content (flush first).
    pub fn close_note(&mut self) -> Option<Vec<Inline>> {
        let index = self.frames[1..]
            .iter()
            .rposition(|f| f.name == NOTE_FRAME)?
            + 1;
        while self.frames.len() > index + 1 {
            self.close_top();
        }
        self.frames.pop().map(|f| f.content)
    }

    /// Whether text now would be dropped (inside `script` or `style`).
    pub fn hidden(&self) -> bool {
        self.frames.iter().any(|f| f.kind == FrameKind::Hidden)
    }

    /// Closes every open element and returns the content (flush first).
    pub fn close_all(mut self) -> Vec<Inline> {
        while self.frames.len() > 1 {
            self.close_top();
        }
        self.frames.pop().map(|f| f.content).unwrap_or_default()
    }

    /// Whether nothing but white space has been collected.
    pub fn is_blank(&self) -> bool {
        self.pending
            .as_ref()
            .is_none_or(|(t, _)| t.trim().is_empty())
            && self.frames.iter().all(|f| {
                f.content
                    .iter()
                    .all(|i| matches!(i, Inline::Text { text } if text.trim().is_empty()))
            })
    }
}
