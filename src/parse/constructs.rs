//! The constructs beyond CommonMark: GFM tables, definition lists, task list items, the language
//! of fenced code, and what the converter reads in text itself, the pandoc way: superscripts and
//! subscripts (`x^2^`, `H~2~O`, also inside a word) and inline notes (`^[A note.]`).
//!
//! pulldown-cmark reads tables, strikethrough, task markers, definition lists and subscripts
//! outside words. It has no inline notes, and its superscript would take the `^` of one for its
//! own (and neither of its scripts may stand inside a word, where chemical formulae and
//! exponents are), so those are read from the text events here.

use std::mem;
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};

use super::inlines::Inlines;
use super::markdown::{Converter, Definition};
use crate::model::{
    Alignment, Block, DefinitionItem, Inline, SourcePos, TableCell, TableRow, Task,
};

/// The prefix of the label under which an inline note's text is kept among the file's footnote
/// definitions. `\u{1}` is in no label an author can write, so no `[^label]` can reach it.
const INLINE_NOTE_PREFIX: &str = "\u{1}inline-";

/// The label an inline note's definition carries (messages name it so, not as a `[^label]`).
pub(super) const INLINE_NOTE_LABEL: &str = "^[…]";

impl Converter<'_, '_> {
    /// A code block (its `Start` taken): its text, and the language a fence names.
    pub(super) fn code_block(&mut self, kind: &CodeBlockKind<'_>, at: SourcePos) -> Block {
        let mut text = String::new();
        while let Some((event, _)) = self.take() {
            match event {
                Event::Text(t) => text.push_str(&t),
                Event::End(TagEnd::CodeBlock) => break,
                _ => {}
            }
        }
        let language = match kind {
            CodeBlockKind::Fenced(info) => language_of(info),
            CodeBlockKind::Indented => None,
        };
        Block::CodeBlock { text, language, at }
    }

    /// A table (its `Start` taken): the header row, the body rows, each padded or cut to one
    /// cell per column, as GFM says.
    pub(super) fn table(
        &mut self,
        alignments: &[pulldown_cmark::Alignment],
        at: SourcePos,
    ) -> Block {
        let columns: Vec<Alignment> = alignments.iter().map(|a| alignment(*a)).collect();
        let mut head = TableRow::default();
        let mut rows = Vec::new();
        while let Some((event, _)) = self.take() {
            match event {
                Event::Start(Tag::TableHead) => head = self.row(TagEnd::TableHead, columns.len()),
                Event::Start(Tag::TableRow) => rows.push(self.row(TagEnd::TableRow, columns.len())),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        Block::Table {
            columns,
            head,
            rows,
            at,
        }
    }

    fn row(&mut self, end: TagEnd, columns: usize) -> TableRow {
        let mut cells = Vec::with_capacity(columns);
        while let Some((event, _)) = self.take() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(TableCell {
                    content: self.inlines(TagEnd::TableCell),
                }),
                e if e == Event::End(end) => break,
                _ => {}
            }
        }
        cells.resize_with(columns, TableCell::default);
        TableRow { cells }
    }

    /// A definition list (its `Start` taken) into `out`. A block inside the list that belongs to
    /// no term (pulldown-cmark keeps a paragraph after the last definition inside the list) ends
    /// the list there and follows it.
    pub(super) fn definition_list(&mut self, out: &mut Vec<Block>) {
        let mut items: Vec<DefinitionItem> = Vec::new();
        while let Some((event, _)) = self.peek().cloned() {
            match event {
                Event::End(TagEnd::DefinitionList) => {
                    self.next += 1;
                    break;
                }
                Event::Start(Tag::DefinitionListTitle) => {
                    self.next += 1;
                    let term = self.inlines(TagEnd::DefinitionListTitle);
                    items.push(DefinitionItem {
                        term,
                        definitions: Vec::new(),
                    });
                }
                Event::Start(Tag::DefinitionListDefinition) => {
                    self.next += 1;
                    let blocks = self.blocks(TagEnd::DefinitionListDefinition);
                    match items.last_mut() {
                        Some(item) => item.definitions.push(blocks),
                        None => items.push(DefinitionItem {
                            term: Vec::new(),
                            definitions: vec![blocks],
                        }),
                    }
                }
                _ => {
                    if !items.is_empty() {
                        out.push(Block::DefinitionList {
                            items: mem::take(&mut items),
                        });
                    }
                    self.block(out);
                }
            }
        }
        if !items.is_empty() {
            out.push(Block::DefinitionList { items });
        }
    }

    /// The task box of the list item starting at the next event (`[ ]` or `[x]` first in it,
    /// or first in its first paragraph). The marker event itself is left for the inline
    /// converter, which skips it.
    pub(super) fn task_marker(&self) -> Option<Task> {
        let marker = |i: usize| match self.events.get(i) {
            Some((Event::TaskListMarker(done), _)) => {
                Some(if *done { Task::Done } else { Task::Open })
            }
            _ => None,
        };
        match self.events.get(self.next) {
            Some((Event::Start(Tag::Paragraph), _)) => marker(self.next + 1),
            _ => marker(self.next),
        }
    }

    /// A text event: its text into `out`, with pandoc's inline notes: `^[` opens one (the `^`
    /// and the `[` may come as two events), brackets inside it are counted, and the `]` that
    /// closes it makes it a footnote with its mark here. An escaped `\^` or `\]` is text.
    pub(super) fn text_event(&mut self, text: &str, range: Range<usize>, out: &mut Inlines) {
        let raw = self.source.get(range.clone()).unwrap_or("");
        if raw.starts_with('\\') {
            out.push_text(text, range);
            return;
        }
        let mut start = 0;
        for (i, c) in text.char_indices() {
            let at = range.start + i;
            match c {
                '[' if self.opens_note(text, i, range.start, out) => {
                    let before = text[start..i].strip_suffix('^').unwrap_or("");
                    if i > 0 {
                        out.push_text(before, range.start + start..at);
                    } else {
                        out.drop_pending_suffix("^");
                    }
                    self.flush(out);
                    self.note_starts.push(at.saturating_sub(1));
                    out.open_note();
                    start = i + 1;
                }
                '[' => {
                    if let Some(depth) = out.note_depth() {
                        *depth += 1;
                    }
                }
                ']' => match out.note_depth() {
                    Some(0) => {
                        out.push_text(&text[start..i], range.start + start..at);
                        self.flush(out);
                        self.close_inline_note(out);
                        start = i + 1;
                    }
                    Some(depth) => *depth -= 1,
                    None => {}
                },
                _ => {}
            }
        }
        if start < text.len() {
            out.push_text(&text[start..], range.start + start..range.end);
        }
    }

    /// Whether the `[` at byte `i` of `text` (an event starting at `offset`) follows an
    /// unescaped `^`: in the same text, or as the last character of the text before it.
    fn opens_note(&self, text: &str, i: usize, offset: usize, out: &Inlines) -> bool {
        if i > 0 {
            return text[..i].ends_with('^') && !text[..i].ends_with("\\^");
        }
        let before = self.source.get(..offset).unwrap_or("");
        out.pending_ends_with('^') && before.ends_with('^') && !before.ends_with("\\^")
    }

    /// Ends the innermost inline note: its text becomes a footnote definition of the file, and
    /// its mark takes its place.
    fn close_inline_note(&mut self, out: &mut Inlines) {
        let Some(content) = out.close_note() else {
            return;
        };
        let offset = self.note_starts.pop().unwrap_or(0);
        let at = self.pos(offset);
        let key = format!("{INLINE_NOTE_PREFIX}{offset}");
        let mut content = content;
        trim_inlines(&mut content);
        self.doc.definitions.insert(
            key.clone(),
            Definition {
                label: INLINE_NOTE_LABEL.to_owned(),
                blocks: vec![Block::Paragraph { content, at }],
                at,
            },
        );
        out.push(Inline::NoteRef {
            id: String::new(),
            note: key,
            number: 0,
        });
    }
}

/// The language a fence's info string names: its first word, without pandoc's `{.` and `}`,
/// kept only when it is made of letters, digits and `+`, `-`, `_`, `#`, `.` (a CSS class).
fn language_of(info: &str) -> Option<String> {
    let word = info.split_whitespace().next()?;
    let word = word.trim_start_matches('{').trim_start_matches('.');
    let word = word.trim_end_matches('}');
    let ok = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-_#.".contains(c));
    ok.then(|| word.to_owned())
}

fn alignment(a: pulldown_cmark::Alignment) -> Alignment {
    match a {
        pulldown_cmark::Alignment::None => Alignment::Default,
        pulldown_cmark::Alignment::Left => Alignment::Left,
        pulldown_cmark::Alignment::Center => Alignment::Center,
        pulldown_cmark::Alignment::Right => Alignment::Right,
    }
}

/// White space at the start and end of an inline note's text goes.
fn trim_inlines(content: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = content.first_mut() {
        *text = text.trim_start().to_owned();
    }
    if let Some(Inline::Text { text }) = content.last_mut() {
        *text = text.trim_end().to_owned();
    }
    content.retain(|i| !matches!(i, Inline::Text { text } if text.is_empty()));
}

/// A run of text with pandoc's superscripts and subscripts read: `^...^` raised and `~...~`
/// lowered, when what is between the marks is not empty and holds no white space (`2^10^`,
/// `H~2~O`; `a ^ b ^ c` and `~/bin and ~/lib` stay as they are).
pub(super) fn scripts(text: String) -> Vec<Inline> {
    if !text.contains(['^', '~']) {
        return vec![Inline::Text { text }];
    }
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find(['^', '~']) {
        let mark = &rest[i..=i];
        let after = &rest[i + 1..];
        match after.find(mark) {
            Some(j) if j > 0 && !after[..j].contains(char::is_whitespace) => {
                plain.push_str(&rest[..i]);
                if !plain.is_empty() {
                    out.push(Inline::Text {
                        text: mem::take(&mut plain),
                    });
                }
                let content = vec![Inline::Text {
                    text: after[..j].to_owned(),
                }];
                out.push(if mark == "^" {
                    Inline::Superscript { content }
                } else {
                    Inline::Subscript { content }
                });
                rest = &after[j + 1..];
            }
            _ => {
                plain.push_str(&rest[..=i]);
                rest = after;
            }
        }
    }
    plain.push_str(rest);
    if !plain.is_empty() {
        out.push(Inline::Text { text: plain });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Inline {
        Inline::Text { text: t.into() }
    }

    #[test]
    fn scripts_inside_words() {
        assert_eq!(
            scripts("H~2~O and 2^10^.".into()),
            vec![
                text("H"),
                Inline::Subscript {
                    content: vec![text("2")]
                },
                text("O and 2"),
                Inline::Superscript {
                    content: vec![text("10")]
                },
                text("."),
            ]
        );
        assert_eq!(scripts("a ^ b ^ c".into()), vec![text("a ^ b ^ c")]);
        assert_eq!(scripts("x~~y".into()), vec![text("x~~y")]);
    }

    #[test]
    fn fence_languages() {
        assert_eq!(language_of("rust"), Some("rust".into()));
        assert_eq!(language_of("{.python .numberLines}"), Some("python".into()));
        assert_eq!(language_of("c++ title=x"), Some("c++".into()));
        assert_eq!(language_of("<script>"), None);
        assert_eq!(language_of(""), None);
    }
}
