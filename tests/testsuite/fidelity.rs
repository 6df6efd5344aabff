//! Fidelity: every bundled book says the words of its `source.txt`, in order, and differs from it
//! only where its `fidelity.txt` says so, with a reason.
//!
//! For every folder under `manuscript/` that holds a `source.txt`, the book is parsed into the model
//! and read back as a reader would meet it ([`book_words`]); the source is read as plain text
//! ([`text_words`]); the two word sequences are diffed ([`diff`]) and every difference (a *hunk*)
//! must be the next entry of `fidelity.txt` ([`check`]).
//!
//! `fidelity.txt`: `#` comments and blank lines are ignored; every other line is
//! `- words | reason` (words of the source that the book leaves out) or `+ words | reason` (words of
//! the book that are not in the source). A `+` line on the line right after a `-` line is one
//! replaced stretch; to list a removal and a separate insertion that follow each other, put a
//! blank line between them. Entries are in reading order, and an entry that no difference uses is
//! a failure too, so the list can never go stale.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use samizdat::model::{Block, Book, Chapter, Inline, ListKind};

// Unit tests of the reader, the diff, the list and the check, on small hand-made cases.
mod unit;

crate::tests![every_bundled_book_says_the_words_of_its_source; unit];

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// A sequence of words, each with the place it comes from (an index into `places`), so that a
/// failure can say where to look.
#[derive(Debug, Default)]
struct Words {
    words: Vec<String>,
    at: Vec<usize>,
    places: Vec<String>,
}

impl Words {
    fn place_of(&self, index: usize) -> &str {
        self.at
            .get(index)
            .or(self.at.last())
            .map_or("(empty)", |&p| self.places[p].as_str())
    }
}

/// Splits text into words: maximal runs of Unicode alphanumeric characters, lowercased. Everything
/// else (punctuation, quotation marks, dashes, markup) only separates words.
fn text_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// The words of a plain text file, each placed at `name:line`.
fn file_words(name: &str, text: &str) -> Words {
    let mut out = Words::default();
    for (n, line) in text.lines().enumerate() {
        let words = text_words(line);
        if words.is_empty() {
            continue;
        }
        out.places.push(format!("{name}:{}", n + 1));
        let place = out.places.len() - 1;
        out.at.extend(std::iter::repeat_n(place, words.len()));
        out.words.extend(words);
    }
    out
}

/// Reads a book's words from the model in reading order.
///
/// Per chapter: its number (digits) when it has one, its title, its blocks, then each section's
/// title and blocks. A footnote is read where it is first referenced (later references read
/// nothing); a figure reads its caption then its credit; a quote its blocks then its attribution;
/// an ordered list each item's number (start + index) then the item's blocks.
///
/// Inline text is gathered into one string per paragraph (or title) before it is split, so a word
/// split by markup (`*emph*asis`) is still one word; a line break or a note reference ends a word.
fn book_words(book: &Book) -> Words {
    let mut reader = Reader::default();
    for chapter in &book.chapters {
        reader.chapter(chapter);
    }
    reader.out
}

#[derive(Default)]
struct Reader {
    out: Words,
    /// Text of the current paragraph or title not yet split into words.
    pending: String,
    /// Notes already read, as (chapter id, note id).
    notes_read: HashSet<(String, String)>,
}

impl Reader {
    fn chapter(&mut self, chapter: &Chapter) {
        let file = chapter.source.display().to_string();
        self.place(&file, chapter.at.line);
        if let Some(number) = chapter.number {
            self.pending.push_str(&number.to_string());
            self.flush();
        }
        if let Some(title) = &chapter.title {
            self.inlines(chapter, title);
            self.flush();
        }
        self.blocks(chapter, &file, &chapter.blocks);
        for section in &chapter.sections {
            self.place(&file, section.at.line);
            self.inlines(chapter, &section.title);
            self.flush();
            self.blocks(chapter, &file, &section.blocks);
        }
    }

    fn blocks(&mut self, chapter: &Chapter, file: &str, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Paragraph { content, at } => {
                    self.place(file, at.line);
                    self.inlines(chapter, content);
                }
                Block::Quote {
                    blocks,
                    attribution,
                } => {
                    self.blocks(chapter, file, blocks);
                    if let Some(attribution) = attribution {
                        self.inlines(chapter, attribution);
                    }
                }
                Block::List { kind, items } => {
                    for (index, item) in items.iter().enumerate() {
                        if let ListKind::Ordered { start } = kind {
                            let number = u64::from(*start) + index as u64;
                            self.pending.push_str(&number.to_string());
                            self.flush();
                        }
                        self.blocks(chapter, file, &item.blocks);
                    }
                }
                Block::Figure(figure) => {
                    self.place(file, figure.at.line);
                    self.inlines(chapter, &figure.caption);
                    self.flush();
                    if let Some(credit) = &figure.credit {
                        self.inlines(chapter, credit);
                    }
                }
                Block::CodeBlock { text, .. } => self.pending.push_str(text),
                Block::Heading { content, .. } => self.inlines(chapter, content),
                Block::ThematicBreak => {}
                Block::Table { head, rows, at, .. } => {
                    self.place(file, at.line);
                    for row in std::iter::once(head).chain(rows) {
                        for cell in &row.cells {
                            self.inlines(chapter, &cell.content);
                            self.flush();
                        }
                    }
                }
                Block::DefinitionList { items } => {
                    for item in items {
                        self.inlines(chapter, &item.term);
                        self.flush();
                        for definition in &item.definitions {
                            self.blocks(chapter, file, definition);
                        }
                    }
                }
            }
            self.flush();
        }
    }

    fn inlines(&mut self, chapter: &Chapter, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text { text } | Inline::Code { text } => self.pending.push_str(text),
                Inline::Image { alt, .. } => self.pending.push_str(alt),
                Inline::LineBreak => self.pending.push(' '),
                Inline::NoteRef { note, .. } => {
                    self.flush();
                    if self.notes_read.insert((chapter.id.clone(), note.clone())) {
                        let footnote = chapter.footnotes.iter().find(|f| &f.id == note);
                        let footnote = footnote.unwrap_or_else(|| {
                            panic!("chapter {}: a reference to unknown note {note}", chapter.id)
                        });
                        let file = chapter.source.display().to_string();
                        self.blocks(chapter, &file, &footnote.blocks);
                    }
                }
                // Emphasis, links and the like: their content; anchors: nothing.
                other => self.inlines(chapter, other.children().unwrap_or_default()),
            }
        }
    }

    /// Words gathered from now on come from `file:line`.
    fn place(&mut self, file: &str, line: u32) {
        self.flush();
        self.out.places.push(format!("{file}:{line}"));
    }

    fn flush(&mut self) {
        let words = text_words(&self.pending);
        self.pending.clear();
        if self.out.places.is_empty() {
            self.out.places.push("(book)".to_string());
        }
        let place = self.out.places.len() - 1;
        self.out.at.extend(std::iter::repeat_n(place, words.len()));
        self.out.words.extend(words);
    }
}

// ---------------------------------------------------------------------------------------------
// Diff
// ---------------------------------------------------------------------------------------------

/// One place where the two word sequences differ: `old` words of the source stand where the book
/// has its `new` words (either range may be empty, not both).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Hunk {
    old: Range<usize>,
    new: Range<usize>,
}

/// The most differing words [`diff`] looks for before it gives up. Two books that differ by more
/// than this are not an edition of one another; the bound keeps the diff's trace, which grows with
/// the square of the number of differing words, under about 32 MB.
const MAX_EDITS: usize = 2_000;

/// Diffs two word sequences with Myers' O((N+M)·D) algorithm ("An O(ND) Difference Algorithm and
/// Its Variations", 1986), after taking off their common prefix and suffix.
///
/// The forward pass walks diagonals `k = x - y` of the edit graph: for each number of edits `d`
/// it keeps, per diagonal, the furthest `x` reached with `d` edits, each step being one deletion
/// (right) or insertion (down) followed by as many equal words as match (a "snake"). The window
/// `-d..=d` of that array is saved after every `d`, so the path can be walked back from the end.
/// Where both moves reach equally far, a deletion is preferred, which makes the result
/// deterministic. Consecutive edits are merged into hunks.
///
/// Returns `None` when more than `max_edits` edits are needed.
fn diff(old: &[String], new: &[String], max_edits: usize) -> Option<Vec<Hunk>> {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let (a, b) = (&old[prefix..], &new[prefix..]);
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suffix], &b[..b.len() - suffix]);
    let (n, m) = (a.len() as isize, b.len() as isize);
    let offset = max_edits as isize + 1;
    let mut v = vec![0isize; 2 * offset as usize + 1];
    let mut trace: Vec<Vec<isize>> = Vec::new();
    let mut found = None;
    for d in 0..=(max_edits as isize).min(n + m) {
        for k in (-d..=d).step_by(2) {
            let i = (k + offset) as usize;
            let mut x = if k == -d || (k != d && v[i - 1] < v[i + 1]) {
                v[i + 1]
            } else {
                v[i - 1] + 1
            };
            let mut y = x - k;
            while x < n && y < m && a[x as usize] == b[y as usize] {
                x += 1;
                y += 1;
            }
            v[i] = x;
        }
        trace.push(v[(offset - d) as usize..=(offset + d) as usize].to_vec());
        let end = (n - m + offset) as usize;
        if (-d..=d).contains(&(n - m)) && (n - m + d) % 2 == 0 && v[end] >= n {
            found = Some(d);
            break;
        }
    }
    let edits = found?;
    // Walk back: each edit as (old index, new index, is a deletion).
    let mut steps = Vec::new();
    let (mut x, mut y) = (n, m);
    for d in (1..=edits).rev() {
        let prev = &trace[d as usize - 1];
        let at = |k: isize| prev[(k + d - 1) as usize];
        let k = x - y;
        let down = k == -d || (k != d && at(k - 1) < at(k + 1));
        let prev_k = if down { k + 1 } else { k - 1 };
        let prev_x = at(prev_k);
        let prev_y = prev_x - prev_k;
        steps.push((prev_x, prev_y, !down));
        x = prev_x;
        y = prev_y;
    }
    steps.reverse();
    let mut hunks: Vec<Hunk> = Vec::new();
    for (x, y, deletion) in steps {
        let (x, y) = (x as usize + prefix, y as usize + prefix);
        let (old_end, new_end) = if deletion { (x + 1, y) } else { (x, y + 1) };
        match hunks.last_mut() {
            Some(h) if h.old.end == x && h.new.end == y => {
                h.old.end = old_end;
                h.new.end = new_end;
            }
            _ => hunks.push(Hunk {
                old: x..old_end,
                new: y..new_end,
            }),
        }
    }
    Some(compact(old, new, hunks))
}

/// Makes the hunks of a minimal diff canonical and as few as possible, without changing the number
/// of edits. Minimal diffs are not unique: a title moved past a quotation that starts with "the"
/// may come out of Myers' algorithm as `- stalin 50 years after`, a matched `the`, and
/// `- death of a tyrant the`. A hunk that only removes (or only inserts) can slide one word back
/// when the word before it equals its last word, or forward when the word after it equals its
/// first; so each such hunk is slid back as far as it goes, merging with the hunk before when it
/// reaches it, and else forward when that reaches the hunk after (it merges there), the way `git
/// diff` compacts its hunks.
fn compact(old: &[String], new: &[String], hunks: Vec<Hunk>) -> Vec<Hunk> {
    // Slides a one-sided hunk: `words` is its side, `range` its words there, `floor..ceiling` the
    // room it may move in; returns the new start.
    fn slide_back(words: &[String], range: &Range<usize>, floor: usize) -> usize {
        let (mut start, mut end) = (range.start, range.end);
        while start > floor && words[start - 1] == words[end - 1] {
            start -= 1;
            end -= 1;
        }
        start
    }
    fn slide_forward(words: &[String], range: &Range<usize>, ceiling: usize) -> usize {
        let (mut start, mut end) = (range.start, range.end);
        while end < ceiling && words[start] == words[end] {
            start += 1;
            end += 1;
        }
        start
    }
    let mut out: Vec<Hunk> = Vec::new();
    let mut pending = hunks.into_iter().peekable();
    while let Some(mut h) = pending.next() {
        let one_sided = h.old.is_empty() != h.new.is_empty();
        if one_sided {
            let (floor_old, floor_new) = out.last().map_or((0, 0), |p| (p.old.end, p.new.end));
            let next = pending.peek().map(|n| (n.old.start, n.new.start));
            let (ceil_old, ceil_new) = next.unwrap_or((old.len(), new.len()));
            let removal = !h.old.is_empty();
            let (words, range, floor, ceiling) = if removal {
                (old, &h.old, floor_old, ceil_old)
            } else {
                (new, &h.new, floor_new, ceil_new)
            };
            let back = range.start - slide_back(words, range, floor);
            let forward = slide_forward(words, range, ceiling) - range.start;
            let shift = |r: &Range<usize>, by: isize| {
                (r.start as isize + by) as usize..(r.end as isize + by) as usize
            };
            let by = if back > 0 && h.old.start - back == floor_old {
                -(back as isize)
            } else if next.is_some() && forward > 0 && h.old.end + forward == ceil_old {
                forward as isize
            } else {
                -(back as isize)
            };
            h = Hunk {
                old: shift(&h.old, by),
                new: shift(&h.new, by),
            };
        }
        match out.last_mut() {
            Some(p) if p.old.end == h.old.start && p.new.end == h.new.start => {
                p.old.end = h.old.end;
                p.new.end = h.new.end;
            }
            _ => out.push(h),
        }
        if let Some(next) = pending.peek_mut() {
            if out
                .last()
                .is_some_and(|p| p.old.end == next.old.start && p.new.end == next.new.start)
            {
                let p = out.last_mut().expect("just checked");
                p.old.end = next.old.end;
                p.new.end = next.new.end;
                pending.next();
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// fidelity.txt
// ---------------------------------------------------------------------------------------------

/// One listed difference: a removal, an insertion, or (both non-empty) a replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    /// The line of its first (`-` or `+`) line.
    line: usize,
    removed: Vec<String>,
    added: Vec<String>,
}

impl Entry {
    fn describe(&self, file: &str) -> String {
        let mut out = format!("{file}:{}:", self.line);
        if !self.removed.is_empty() {
            write!(out, " - {}", self.removed.join(" ")).ok();
        }
        if !self.added.is_empty() {
            write!(out, " + {}", self.added.join(" ")).ok();
        }
        out
    }
}

/// Reads a `fidelity.txt`; errors name the line.
fn parse_entries(file: &str, text: &str) -> Result<Vec<Entry>, String> {
    let mut entries: Vec<Entry> = Vec::new();
    // The line of the last `-` line when it was the line just before.
    let mut open_removal: Option<usize> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let trimmed = raw.trim();
        let previous_removal = open_removal.take();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let (sign, rest) = trimmed.split_at(1);
        if sign != "-" && sign != "+" {
            return Err(format!(
                "{file}:{line}: a line must start with `-` (words the book leaves out), \
                 `+` (words the book adds) or `#` (a comment): {trimmed}"
            ));
        }
        let Some((words, reason)) = rest.split_once('|') else {
            return Err(format!(
                "{file}:{line}: no `| reason` after the words: {trimmed}"
            ));
        };
        if reason.trim().is_empty() {
            return Err(format!(
                "{file}:{line}: the reason after `|` is empty: {trimmed}"
            ));
        }
        let words = text_words(words);
        if words.is_empty() {
            return Err(format!("{file}:{line}: no words before `|`: {trimmed}"));
        }
        if sign == "-" {
            entries.push(Entry {
                line,
                removed: words,
                added: Vec::new(),
            });
            open_removal = Some(line);
        } else if let (Some(_), Some(last)) = (previous_removal, entries.last_mut()) {
            last.added = words;
        } else {
            entries.push(Entry {
                line,
                removed: Vec::new(),
                added: words,
            });
        }
    }
    Ok(entries)
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// Words of context shown on each side of a difference.
const CONTEXT: usize = 12;

/// Compares the diff of `source` and `book` with the listed `entries`; on failure, a report of the
/// first place where they part, with context from both texts and the lines to paste if the
/// difference is intended.
fn check(source: &Words, book: &Words, entries: &[Entry], list: &str) -> Result<(), String> {
    let Some(hunks) = diff(&source.words, &book.words, MAX_EDITS) else {
        let first = source
            .words
            .iter()
            .zip(&book.words)
            .take_while(|(a, b)| a == b)
            .count();
        let hunk = Hunk {
            old: first..source.words.len().min(first + 1),
            new: first..book.words.len().min(first + 1),
        };
        let mut out = format!(
            "the book and its source differ in more than {MAX_EDITS} words; the first difference:\n"
        );
        out.push_str(&context(source, book, &hunk));
        return Err(out);
    };
    for (index, hunk) in hunks.iter().enumerate() {
        let entry = entries.get(index);
        let matches = entry.is_some_and(|e| {
            e.removed == source.words[hunk.old.clone()] && e.added == book.words[hunk.new.clone()]
        });
        if matches {
            continue;
        }
        let mut out = format!(
            "difference {} of {} between the source and the book is not the next entry of {list}\n",
            index + 1,
            hunks.len()
        );
        out.push_str(&context(source, book, hunk));
        match entry {
            Some(e) => writeln!(out, "  expected here: {}", e.describe(list)).ok(),
            None => writeln!(out, "  expected here: nothing ({list} has no entry left)").ok(),
        };
        writeln!(
            out,
            "  if it is intended, add at this point of {list}, with its reason:"
        )
        .ok();
        out.push_str(&paste(source, book, hunk));
        let rest = &hunks[index + 1..];
        if !rest.is_empty() {
            writeln!(
                out,
                "  the differences after it ({}), in the same form:",
                rest.len()
            )
            .ok();
            for hunk in rest.iter().take(40) {
                out.push_str(&paste(source, book, hunk));
            }
            if rest.len() > 40 {
                writeln!(out, "  ... and {} more", rest.len() - 40).ok();
            }
        }
        return Err(out);
    }
    if let Some(unused) = entries.get(hunks.len()) {
        return Err(format!(
            "{list} lists a difference that the book no longer has: {}\n  \
             (the book and the source have {} differences; remove the entries from here on)",
            unused.describe(list),
            hunks.len()
        ));
    }
    Ok(())
}

/// Both texts around a hunk, the differing words in ⟦brackets⟧.
fn context(source: &Words, book: &Words, hunk: &Hunk) -> String {
    let show = |words: &Words, range: &Range<usize>| {
        let start = range.start.saturating_sub(CONTEXT);
        let end = (range.end + CONTEXT).min(words.words.len());
        let mut parts = Vec::new();
        if start > 0 {
            parts.push("…".to_string());
        }
        parts.extend_from_slice(&words.words[start..range.start]);
        parts.push(format!("⟦{}⟧", words.words[range.clone()].join(" ")));
        parts.extend_from_slice(&words.words[range.end..end]);
        if end < words.words.len() {
            parts.push("…".to_string());
        }
        format!("{}: {}", words.place_of(range.start), parts.join(" "))
    };
    format!(
        "  source {}\n  book   {}\n",
        show(source, &hunk.old),
        show(book, &hunk.new)
    )
}

/// A hunk as `fidelity.txt` lines, followed by a blank line so that a removal and a following
/// insertion pasted together stay two entries.
fn paste(source: &Words, book: &Words, hunk: &Hunk) -> String {
    let mut out = String::new();
    if !hunk.old.is_empty() {
        writeln!(
            out,
            "- {} | REASON",
            source.words[hunk.old.clone()].join(" ")
        )
        .ok();
    }
    if !hunk.new.is_empty() {
        writeln!(out, "+ {} | REASON", book.words[hunk.new.clone()].join(" ")).ok();
    }
    out.push('\n');
    out
}

/// Checks one book folder: it parses without errors and its words match the source but for its list.
fn check_book(dir: &Path) -> Result<(), String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let name = dir.strip_prefix(root).unwrap_or(dir).display();
    let parsed = samizdat::parse(dir);
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == samizdat::Severity::Error)
        .map(|d| format!("  {d}"))
        .collect();
    if !errors.is_empty() {
        return Err(format!("{name} does not parse:\n{}", errors.join("\n")));
    }
    let Some(book) = parsed.book else {
        return Err(format!("{name}: the parser gave no book and no error"));
    };
    let read = |file: &str| {
        std::fs::read_to_string(dir.join(file)).map_err(|e| format!("{name}/{file}: {e}"))
    };
    let source = file_words("source.txt", &read("source.txt")?);
    let list = format!("{name}/fidelity.txt");
    let entries = parse_entries(&list, &read("fidelity.txt")?)?;
    check(&source, &book_words(&book), &entries, &list).map_err(|e| format!("{name}: {e}"))
}

fn every_bundled_book_says_the_words_of_its_source() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    let mut books: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("manuscript/ is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("source.txt").is_file())
        .collect();
    books.sort();
    assert!(
        !books.is_empty(),
        "no book under {} has a source.txt",
        root.display()
    );
    let failures: Vec<String> = books.iter().filter_map(|b| check_book(b).err()).collect();
    assert!(
        failures.is_empty(),
        "{} of {} books fail the fidelity check:\n\n{}",
        failures.len(),
        books.len(),
        failures.join("\n\n")
    );
}
