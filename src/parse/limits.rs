//! Limits on one Markdown file, checked on pulldown-cmark's events before conversion.
//!
//! Conversion, the model, both backends and page layout walk nested quotes, lists and emphasis
//! recursively, and the print half sets words and headings as wholes. Real books need little of
//! either, and an input far beyond them (8,500 nested quotes, a word of a megabyte) would overflow
//! the stack or take quadratic time. So this pass runs first, over the same events the converter
//! will see: each limit broken is an error at its place, and a file nested too deeply is not
//! converted at all, so that nothing deeper than [`MAX_NESTING`] ever reaches a recursive stage.
//! The README lists the limits.

use std::path::Path;

use pulldown_cmark::{Event, Parser, Tag};

use crate::diag::{excerpt, Diagnostic, Diagnostics};
use crate::parse::text::LineIndex;

/// The deepest nesting of block quotes, lists, footnote definitions and inline spans (emphasis,
/// strong, links, images) inside each other. Real books nest three or four levels; 100 leaves
/// room for any of them while every recursive stage stays far inside a thread's stack, even
/// unoptimised.
pub const MAX_NESTING: usize = 100;
/// The longest word, in characters. The longest words of real text (chemical names, URLs) run to
/// a few hundred; anything longer is pasted data, and the print half sets a word as one whole.
pub const MAX_WORD_CHARS: usize = 10_000;
/// The longest heading, in characters: a long title runs to a few hundred; a heading is also set
/// in the contents, running heads, the outline and the e-book's navigation.
pub const MAX_HEADING_CHARS: usize = 2_000;

/// The most chapters a book may have. Each chapter opens a page (a recto, perhaps after a blank
/// verso), so a chapter is one or two pages however short: 5,000 chapters make a book of up to
/// 10,000 pages, set in seconds. Real books of essays have tens; a file of a million `# C`
/// headings would otherwise become half a million empty pages.
pub const MAX_CHAPTERS: usize = 5_000;

/// The longest footnote label, in characters: CommonMark's limit on link labels. Conversion copies
/// the label into every reference and every message about it, so 20,000 references each inside
/// the next (`[^n[^n[^n…]]]`), each with a label as long as the rest, would take gigabytes.
pub const MAX_LABEL_CHARS: usize = 999;

/// Whether a file may go on to conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Within the limits that conversion depends on (other limits may still be errors).
    Convert,
    /// Nested too deeply (converting it would overflow the stack), or with a footnote label too
    /// long (converting it could take memory quadratic in its size).
    Skip,
}

/// Checks the Markdown `source` of `file` against the limits; every limit broken is an error.
pub fn check(source: &str, file: &Path, diags: &mut Diagnostics) -> Verdict {
    let mut scan = Scan {
        index: LineIndex::new(source),
        file,
        diags,
        depth: 0,
        too_deep: false,
        long_label: false,
        labels: Labels::default(),
        word: Word::default(),
        heading: None,
    };
    let parser = Parser::new_ext(source, super::markdown::options()).into_offset_iter();
    for (event, range) in parser {
        scan.event(&event, range.start, source.get(range));
    }
    scan.end_word();
    if scan.too_deep || scan.long_label {
        Verdict::Skip
    } else {
        Verdict::Convert
    }
}

/// The word being read: where it started, its length and its first characters.
#[derive(Debug, Default)]
struct Word {
    start: usize,
    chars: usize,
    head: String,
}

/// A `[^label]` being read in text: the offset of a `[` just before, and the start and length of
/// an open label.
#[derive(Debug, Default)]
struct Labels {
    bracket: Option<usize>,
    open: Option<(usize, usize)>,
}

/// The heading being read: where it started and its length so far.
#[derive(Debug)]
struct Heading {
    start: usize,
    chars: usize,
    reported: bool,
}

struct Scan<'s, 'd> {
    index: LineIndex<'s>,
    file: &'d Path,
    diags: &'d mut Diagnostics,
    depth: usize,
    too_deep: bool,
    /// A footnote label over the limit was met (and reported).
    long_label: bool,
    labels: Labels,
    word: Word,
    heading: Option<Heading>,
}

impl Scan<'_, '_> {
    fn error(&mut self, offset: usize, message: String, hint: &str) {
        let at = Some(self.index.pos(offset));
        self.diags
            .push(Diagnostic::error(self.file, at, message).with_hint(hint));
    }

    fn event(&mut self, event: &Event<'_>, offset: usize, source: Option<&str>) {
        if !matches!(event, Event::Text(_)) {
            self.labels = Labels::default();
        }
        match event {
            Event::Start(tag) => {
                if !is_inline(tag) {
                    self.end_word();
                }
                if let Tag::Heading { .. } = tag {
                    self.heading = Some(Heading {
                        start: offset,
                        chars: 0,
                        reported: false,
                    });
                }
                if nests(tag) {
                    self.enter(offset);
                }
                if let Tag::FootnoteDefinition(label) = tag {
                    self.label(label, offset);
                }
            }
            Event::End(tag) => {
                if !is_inline_end(tag) {
                    self.end_word();
                }
                if matches!(tag, pulldown_cmark::TagEnd::Heading(_)) {
                    self.heading = None;
                }
                if nests_end(tag) {
                    self.depth = self.depth.saturating_sub(1);
                }
            }
            Event::Text(text) => {
                // Where the text is in the source, when it is written there as it is.
                let verbatim = source.is_some_and(|s| s == text.as_ref());
                self.text(text, offset, verbatim);
                self.literal_labels(source.unwrap_or_default(), offset);
            }
            Event::Code(text) => {
                self.labels = Labels::default();
                let verbatim = source.is_some_and(|s| s == text.as_ref());
                self.text(text, offset, verbatim);
            }
            Event::FootnoteReference(label) => self.label(label, offset),
            Event::InlineHtml(_) | Event::Html(_) => {}
            _ => self.end_word(),
        }
    }

    fn enter(&mut self, offset: usize) {
        self.depth += 1;
        if self.depth > MAX_NESTING && !self.too_deep {
            self.too_deep = true;
            self.error(
                offset,
                format!(
                    "quotes, lists and emphasis are nested more than {MAX_NESTING} deep here: \
                     the file is not read further"
                ),
                "no book needs this; close some of the quotes, lists or emphasis",
            );
        }
    }

    /// Checks a footnote label's length.
    fn label(&mut self, label: &str, offset: usize) {
        if label.chars().nth(MAX_LABEL_CHARS).is_some() {
            self.label_error(offset);
        }
    }

    /// Reports the first footnote label that is too long or holds another.
    fn label_error(&mut self, offset: usize) {
        if self.long_label {
            return;
        }
        self.long_label = true;
        self.error(
            offset,
            format!(
                "a footnote label of more than {MAX_LABEL_CHARS} characters, or holding another \
                 `[^`: the file is not read further"
            ),
            "a label names a note: [^1], [^trotsky-1937]",
        );
    }

    /// Checks the `[^label]` written in text that pulldown-cmark left as text (undefined notes,
    /// which conversion reports with their labels): a label may not hold another `[^` nor run
    /// past [`MAX_LABEL_CHARS`], so that the labels conversion cuts out never overlap and each
    /// is short (`[^n[^n[^n…]]]` would give 20,000 labels of 60,000 characters each). A run of
    /// text comes as several events (pulldown-cmark splits it at brackets), so the state carries
    /// from one text event to the next and ends at any other event.
    fn literal_labels(&mut self, source: &str, offset: usize) {
        for (i, c) in source.char_indices() {
            let at = offset + i;
            let starts = c == '^' && self.labels.bracket == Some(at.wrapping_sub(1));
            let too_long = self.labels.open.is_some_and(|(_, n)| n > MAX_LABEL_CHARS);
            if (starts && self.labels.open.is_some()) || too_long {
                let start = self.labels.open.map_or(at, |(start, _)| start);
                self.label_error(start);
                self.labels = Labels::default();
                return;
            }
            self.labels.bracket = (c == '[').then_some(at);
            match &mut self.labels.open {
                _ if starts => self.labels.open = Some((at - 1, 0)),
                Some(_) if c == ']' => self.labels.open = None,
                Some((_, n)) => *n += 1,
                None => {}
            }
        }
    }

    /// Counts the words of a text event; `verbatim` says whether offsets in `text` are offsets
    /// in the source from `offset` on.
    fn text(&mut self, text: &str, offset: usize, verbatim: bool) {
        if let Some(heading) = &mut self.heading {
            heading.chars += text.chars().count();
            if heading.chars > MAX_HEADING_CHARS && !heading.reported {
                heading.reported = true;
                let start = heading.start;
                self.error(
                    start,
                    format!("a heading of more than {MAX_HEADING_CHARS} characters"),
                    "a heading is a title: put the text in a paragraph below it",
                );
            }
        }
        for (i, c) in text.char_indices() {
            if c.is_whitespace() {
                self.end_word();
                continue;
            }
            if self.word.chars == 0 {
                self.word.start = if verbatim { offset + i } else { offset };
            }
            self.word.chars += 1;
            if self.word.head.len() < EXCERPT_BYTES {
                self.word.head.push(c);
            }
        }
    }

    /// Ends the word being read, reporting it if it is too long.
    fn end_word(&mut self) {
        let word = std::mem::take(&mut self.word);
        if word.chars > MAX_WORD_CHARS {
            self.error(
                word.start,
                format!(
                    "a word of {} characters (“{}”): the limit is {MAX_WORD_CHARS}",
                    word.chars,
                    excerpt(&word.head)
                ),
                "a word this long is pasted data, not text: break it up or leave it out",
            );
        }
    }
}

/// How much of a long word is kept for its message (enough for the excerpt).
const EXCERPT_BYTES: usize = 256;

/// Tags that nest: each open one is a level of recursion in the later stages.
fn nests(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::FootnoteDefinition(_)
            | Tag::DefinitionListDefinition
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn nests_end(tag: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::FootnoteDefinition
            | TagEnd::DefinitionListDefinition
            | TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Inline tags do not end a word (`un*believ*able` is one word).
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &pulldown_cmark::TagEnd) -> bool {
    use pulldown_cmark::TagEnd;
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(source: &str) -> (Verdict, Vec<String>) {
        let mut diags = Diagnostics::new();
        let verdict = check(source, Path::new("a.md"), &mut diags);
        let found = diags.sorted().iter().map(ToString::to_string).collect();
        (verdict, found)
    }

    #[test]
    fn nesting_up_to_the_limit_is_converted() {
        for source in [
            "> ".repeat(MAX_NESTING) + "x\n",
            "- ".repeat(MAX_NESTING) + "x\n",
            "*a ".repeat(MAX_NESTING) + "x" + &"*".repeat(MAX_NESTING),
        ] {
            assert_eq!(run(&source), (Verdict::Convert, Vec::new()), "{source}");
        }
    }

    #[test]
    fn nesting_beyond_the_limit_is_one_located_error_and_no_conversion() {
        for (source, column) in [
            ("> ".repeat(8_500) + "x\n", 201),
            ("- ".repeat(10_000) + "x\n", 201),
            ("*a ".repeat(20_000) + "x" + &"*".repeat(20_000), 301),
        ] {
            let (verdict, found) = run(&source);
            assert_eq!(verdict, Verdict::Skip);
            assert_eq!(found.len(), 1, "{found:?}");
            assert!(
                found[0].starts_with(&format!("a.md:1:{column}: error: quotes, lists and emphasis are nested more than 100 deep")),
                "{found:?}"
            );
        }
    }

    #[test]
    fn a_word_over_the_limit_is_an_error_quoting_60_characters() {
        let word = "y".repeat(MAX_WORD_CHARS);
        assert_eq!(run(&format!("Some {word} end.\n")).1, Vec::<String>::new());
        let (verdict, found) = run(&format!("Some *{word}*y end.\n"));
        assert_eq!(verdict, Verdict::Convert);
        assert_eq!(
            found,
            [format!(
                "a.md:1:7: error: a word of 10001 characters (“{}…”): the limit is 10000\n  \
                 hint: a word this long is pasted data, not text: break it up or leave it out",
                "y".repeat(59)
            )]
        );
    }

    #[test]
    fn footnote_labels_over_the_limit_are_an_error_and_no_conversion() {
        let label = "n".repeat(MAX_LABEL_CHARS);
        let (verdict, found) = run(&format!("a[^{label}]\n\n[^{label}]: note\n"));
        assert_eq!((verdict, found), (Verdict::Convert, Vec::new()));
        let nested = format!("{}x{}\n", "[^n".repeat(20_000), "]".repeat(20_000));
        let (verdict, found) = run(&nested);
        assert_eq!(verdict, Verdict::Skip);
        assert!(
            found
                .iter()
                .any(|f| f
                    .starts_with("a.md:1:1: error: a footnote label of more than 999 characters")),
            "{found:?}"
        );
    }

    #[test]
    fn a_heading_over_the_limit_is_an_error() {
        let title = "word ".repeat(MAX_HEADING_CHARS / 5);
        assert_eq!(
            run(&format!("# {}\n", title.trim())).1,
            Vec::<String>::new()
        );
        let (_, found) = run(&format!("text\n\n## {title}and more\n"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("a.md:3:1: error: a heading of more than 2000 characters"));
    }
}
