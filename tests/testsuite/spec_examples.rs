//! Every example of the CommonMark spec and of pulldown-cmark's extension specs, built as a book
//! of its own (`tests/fixtures/specs/`, copied from the shared corpus with their licences).
//!
//! Each example must parse with no error, or only with located errors for a reason the README
//! documents ([`DOCUMENTED_ERRORS`]); every e-book built must hold the words of the example's
//! expected HTML (less comments, `script` and `style`) in their order, and pass EPUBCheck with 0
//! fatal errors, 0 errors and 0 warnings. EPUBCheck runs once, in one JVM, over all of them.
//! Every PDF built must hold the same words, as pdftotext reads them back.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use samizdat::style::LoadedStyle;

use crate::common::{self, Scratch};

crate::tests![
    every_spec_example_builds_a_valid_ebook_with_its_text: [EPUBCHECK, JAVAC],
    every_spec_example_has_its_text_in_the_pdf: [PDFTOTEXT],
];

/// What an example's PDF may lack of its expected HTML, each for a reason the README documents:
/// a note never referenced has no page to stand on (the e-book sets it after the chapter).
const PDF_LEAVES_OUT: &[&str] = &["is never referenced"];

/// The errors an example may end with: each a reason the README documents.
const DOCUMENTED_ERRORS: &[&str] = &[
    // `[x](#id)` to an id no heading, figure or anchor has.
    "link to `#",
    // `[^x]` with no `[^x]: ...` anywhere in the file.
    "has no definition",
    // A note whose text holds another note's mark.
    "has a footnote of its own",
    // Nothing but white space, link reference definitions or comments: no book to make.
    "the book is empty",
    // Two headings (or anchors) given the same `{#id}`.
    "is used twice",
    // A second `[^x]: ...` for the same label.
    "is defined twice",
];

/// One example: where it is, its Markdown and its expected HTML.
struct Example {
    name: String,
    markdown: String,
    html: String,
}

fn examples() -> Vec<Example> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/specs");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/fixtures/specs")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    let fence = "`".repeat(32);
    let mut out = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("spec text");
        let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned());
        let stem = stem.unwrap_or_default();
        let mut lines = text.lines().enumerate();
        while let Some((number, line)) = lines.next() {
            let is_example = line.starts_with(&fence)
                && line.trim_start_matches('`').trim().starts_with("example");
            if !is_example {
                continue;
            }
            let mut markdown = String::new();
            let mut html = String::new();
            let mut in_html = false;
            for (_, line) in lines.by_ref() {
                if line.starts_with(&fence) {
                    break;
                }
                if line == "." && !in_html {
                    in_html = true;
                    continue;
                }
                let target = if in_html { &mut html } else { &mut markdown };
                target.push_str(&line.replace('→', "\t"));
                target.push('\n');
            }
            out.push(Example {
                name: format!("{stem}-line-{}", number + 1),
                markdown,
                html,
            });
        }
    }
    out
}

/// The words (runs of letters and digits) of some text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The text of HTML: comments, `script` and `style` content and tags removed, entities decoded.
fn html_text(html: &str) -> String {
    // CDATA sections are text: only their delimiters go.
    let mut text = html.replace("<![CDATA[", " ").replace("]]>", " ");
    for (open, close) in [
        ("<!E", ">"),
        ("<!A", ">"),
        ("<!--", "-->"),
        ("<script", "</script>"),
        ("<style", "</style>"),
        ("<?", "?>"),
        ("<!DOCTYPE", ">"),
        ("<!doctype", ">"),
    ] {
        while let Some(start) = text.find(open) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |i| start + i + close.len());
            text.replace_range(start..end, " ");
        }
    }
    // Tags go, quoted attribute values and all; those of inline elements leave nothing, the
    // others a space.
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let tag = &rest[start..];
        let name: String = tag[1..]
            .trim_start_matches('/')
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if name.is_empty() {
            out.push('<');
            rest = &tag[1..];
            continue;
        }
        let mut quote = None;
        let mut end = tag.len();
        for (i, c) in tag.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '>') => {
                    end = i + 1;
                    break;
                }
                _ => {}
            }
        }
        let inline = [
            "a", "em", "strong", "code", "span", "sup", "sub", "abbr", "kbd", "del", "s", "b", "i",
            "u", "img",
        ];
        if !inline.contains(&name.to_ascii_lowercase().as_str()) {
            out.push(' ');
        }
        rest = &tag[end..];
    }
    out.push_str(rest);
    decode_entities(&out)
}

/// Character references decoded: each `&...;` read alone by pulldown-cmark, which knows them all.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let len = tail[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map_or(0, |l| l + 1);
        let decoded: String = if len > 1 && tail[len..].starts_with(';') {
            pulldown_cmark::Parser::new(&tail[..=len])
                .filter_map(|e| match e {
                    pulldown_cmark::Event::Text(t) => Some(t.into_string()),
                    _ => None,
                })
                .collect()
        } else {
            String::new()
        };
        if !decoded.is_empty() && decoded != tail[..=len] {
            out.push_str(&decoded);
            rest = &tail[len + 1..];
        } else {
            out.push('&');
            rest = &tail[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The text of every chapter document of an e-book, in order.
fn epub_text(bytes: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut names: Vec<String> = archive
        .file_names()
        .filter(|n| n.contains("chapter-"))
        .map(str::to_owned)
        .collect();
    names.sort();
    let mut out = String::new();
    for name in names {
        let mut xhtml = String::new();
        archive
            .by_name(&name)
            .expect("an entry")
            .read_to_string(&mut xhtml)
            .expect("UTF-8");
        let body = xhtml.split_once("<body").map_or("", |(_, b)| b);
        out.push_str(&html_text(&format!("<body{body}")));
        out.push(' ');
    }
    out
}

/// Whether every word of `needle` is in `haystack`, as often as in `needle` (notes are in another
/// place in the e-book than in the expected HTML, so the order is not compared).
fn contains_all(needle: &[String], haystack: &[String]) -> bool {
    let mut counts: BTreeMap<&str, i64> = BTreeMap::new();
    for word in haystack {
        *counts.entry(word).or_default() += 1;
    }
    needle.iter().all(|word| {
        let count = counts.entry(word).or_default();
        *count -= 1;
        *count >= 0
    })
}

fn style() -> LoadedStyle {
    let mut style = samizdat::style::load("default", Path::new(".")).expect("the default style");
    // The fonts would only make every one of the 800 e-books 1 MB larger.
    style.style.epub.embed_fonts = false;
    style
}

fn every_spec_example_builds_a_valid_ebook_with_its_text() {
    let examples = examples();
    assert!(examples.len() > 700, "found {} examples", examples.len());
    let scratch = Scratch::new("spec-examples");
    let style = style();
    let mut problems = Vec::new();
    let mut built: BTreeMap<PathBuf, String> = BTreeMap::new();
    let mut refused = 0;
    for example in &examples {
        let dir = scratch.join(&example.name);
        std::fs::create_dir_all(&dir).expect("book folder");
        common::write(&dir, "book.toml", "[book]\ntitle = \"Example\"\n");
        common::write(&dir, "text.md", &example.markdown);
        let parsed = common::parse(&dir);
        let errors: Vec<_> = parsed
            .diagnostics
            .iter()
            .filter(|d| d.severity == samizdat::Severity::Error)
            .collect();
        for error in &errors {
            let documented = DOCUMENTED_ERRORS.iter().any(|r| error.message.contains(r));
            if error.pos.is_none() || !documented {
                problems.push(format!(
                    "{}: undocumented or unlocated error: {error}",
                    example.name
                ));
            }
        }
        if !errors.is_empty() {
            refused += 1;
            continue;
        }
        let Some(book) = parsed.book else {
            problems.push(format!("{}: no book and no error", example.name));
            continue;
        };
        let bytes = match samizdat::write_epub(&book, &style) {
            Ok(bytes) => bytes,
            Err(err) => {
                problems.push(format!("{}: the EPUB backend failed: {err}", example.name));
                continue;
            }
        };
        let expected = words(&html_text(&example.html));
        let got = words(&epub_text(&bytes));
        if !contains_all(&expected, &got) {
            problems.push(format!(
                "{}: the e-book lacks words of the expected HTML\n  expected: {expected:?}\n  e-book:   {got:?}\n  markdown: {:?}",
                example.name, example.markdown
            ));
        }
        let path = scratch.join(format!("{}.epub", example.name));
        std::fs::write(&path, &bytes).expect("write the e-book");
        built.insert(path, example.name.clone());
    }
    crate::log!(
        "{} examples: {} e-books built, {} refused with documented errors",
        examples.len(),
        built.len(),
        refused
    );
    let paths: Vec<PathBuf> = built.keys().cloned().collect();
    for result in common::epubcheck::check_many(&paths, &scratch) {
        if result.counts != (0, 0, 0) {
            problems.push(format!(
                "{}: EPUBCheck (fatal, errors, warnings) = {:?}\n{}",
                built.get(&result.path).map_or("?", String::as_str),
                result.counts,
                result.messages
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The words of a PDF's text, with the words broken across lines also joined again: an added
/// hyphen at a line end, or a code line wrapped with its continuation mark.
fn pdf_words(text: &str) -> Vec<String> {
    let mut joined = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_end();
        if let Some(head) = trimmed.strip_suffix(samizdat::text::code::CONTINUATION_MARK) {
            joined.push_str(head.trim_end());
        } else if let Some(head) = trimmed.strip_suffix('-') {
            joined.push_str(head);
        } else {
            joined.push_str(line);
            joined.push('\n');
        }
    }
    let mut all = words(text);
    all.extend(words(&joined));
    all
}

fn every_spec_example_has_its_text_in_the_pdf() {
    use rayon::prelude::*;
    let examples = examples();
    assert!(examples.len() > 700, "found {} examples", examples.len());
    let scratch = Scratch::new("spec-examples-pdf");
    let style = samizdat::style::load("default", Path::new(".")).expect("the default style");
    let results: Vec<Result<bool, String>> = examples
        .par_iter()
        .map(|example| {
            let dir = scratch.join(&example.name);
            std::fs::create_dir_all(&dir).expect("book folder");
            common::write(&dir, "book.toml", "[book]\ntitle = \"Example\"\n");
            common::write(&dir, "text.md", &example.markdown);
            let parsed = common::parse(&dir);
            let refused = parsed
                .diagnostics
                .iter()
                .any(|d| d.severity == samizdat::Severity::Error);
            let Some(book) = parsed.book.filter(|_| !refused) else {
                return Ok(false);
            };
            let leaves_out = parsed
                .diagnostics
                .iter()
                .any(|d| PDF_LEAVES_OUT.iter().any(|r| d.message.contains(r)));
            let options = samizdat::pdf::PdfOptions::default();
            let print = samizdat::build::print(&book, &style, &dir, &options)
                .map_err(|err| format!("{}: the PDF backend failed: {err:?}", example.name))?;
            let path = scratch.join(format!("{}.pdf", example.name));
            std::fs::write(&path, &print.bytes).expect("write the PDF");
            let text = common::pdf_tools::pdftotext(&path);
            let got = pdf_words(&text);
            let expected = words(&html_text(&example.html));
            // pdftotext finds word spaces from the gaps between glyphs, and joins one-letter
            // words (`a b` reads `ab`): a word it glued to another is still in the text.
            let letters: String = text.chars().filter(|c| c.is_alphanumeric()).collect();
            let glued = || expected.iter().all(|w| letters.contains(w.as_str()));
            if !leaves_out && !contains_all(&expected, &got) && !glued() {
                return Err(format!(
                    "{}: the PDF lacks words of the expected HTML\n  expected: {expected:?}\n  PDF:      {got:?}\n  markdown: {:?}",
                    example.name, example.markdown
                ));
            }
            Ok(true)
        })
        .collect();
    let built = results.iter().filter(|r| matches!(r, Ok(true))).count();
    crate::log!(
        "{} examples: {built} PDFs built and read back",
        examples.len()
    );
    let problems: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(built > 700, "only {built} PDFs built");
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}
