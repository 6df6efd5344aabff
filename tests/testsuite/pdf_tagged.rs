//! Tagged PDF (PDF/UA-1): the structure tree read back by poppler (`pdfinfo -struct`, its text
//! with `-struct-text`) against the model, and the catalog's declarations read with lopdf.

use std::path::Path;

use lopdf::{Document, Object};
use samizdat::model::{Block, Book, Inline, LinkTarget, ListKind};
use samizdat::pdf::PdfOptions;

use crate::common::pdf_tools::{self, build_pdf, run_tool};
use crate::common::{self, model_books};
use crate::tools::PDFINFO;

crate::tests![
    the_catalog_declares_a_tagged_pdf_ua_document,
    every_element_type_reads_back_where_it_belongs: [PDFINFO, QPDF],
    the_tagged_text_of_a_small_book_is_its_text: [PDFINFO],
    the_tagged_text_of_russia_bureaucracy_is_its_text: [PDFINFO, RUSSIA_BUREAUCRACY],
    the_tagged_text_of_stalin_50_years_is_its_text: [PDFINFO, STALIN_50_YEARS],
];

/// A book with one of each construct the structure tree knows.
const CHAPTER: &str = r#"# Every element {#every}

A paragraph with [a link](https://example.org) and a note.[^one]

## A section

> A quoted paragraph.
>
> --- Someone

1. First
2. Second

- A bullet

### A subsection

    let code = 1;
    let archive = "https://example.org/releases/download/v1.2.3/archive-linux-x86_64.tar.gz";

![A missing picture](missing.png "Archive")

***

After the break.

<span lang="de">Ein ganzer Absatz auf Deutsch.</span>

[^one]: The note's text.
"#;

const TOML: &str = r#"[book]
title = "Tags"
authors = ["T. Ester"]
language = "en"
date = "2024-05-01"
chapters = ["every.md"]
"#;

/// The small book, built: its folder (kept alive), model and PDF.
fn small_book(name: &str) -> (common::Scratch, Book, std::path::PathBuf) {
    let dir = common::book(name, &[("book.toml", TOML), ("every.md", CHAPTER)]);
    let book = samizdat::parse(&dir).book.expect("the book parses");
    let built = build_pdf(&book, &dir, &PdfOptions::default()).expect("build");
    let path = common::output_dir(name).join("tags.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    (dir, book, path)
}

fn the_catalog_declares_a_tagged_pdf_ua_document() {
    let book = model_books::sample();
    let built = build_pdf(&book, Path::new("."), &PdfOptions::default()).expect("build");
    let doc = Document::load_mem(&built.bytes).expect("lopdf reads it");
    let catalog = doc.catalog().expect("catalog");
    let mark_info = catalog
        .get(b"MarkInfo")
        .and_then(Object::as_dict)
        .expect("MarkInfo");
    assert_eq!(
        mark_info.get(b"Marked").and_then(Object::as_bool).ok(),
        Some(true)
    );
    let tree = catalog
        .get(b"StructTreeRoot")
        .and_then(Object::as_reference)
        .and_then(|id| doc.get_dictionary(id))
        .expect("StructTreeRoot");
    assert!(tree.get(b"ParentTree").is_ok(), "a parent tree");
    assert!(tree.get(b"IDTree").is_ok(), "the notes' ids");
    let preferences = catalog
        .get(b"ViewerPreferences")
        .and_then(Object::as_dict)
        .expect("ViewerPreferences");
    assert_eq!(
        preferences
            .get(b"DisplayDocTitle")
            .and_then(Object::as_bool)
            .ok(),
        Some(true)
    );
    assert!(catalog.get(b"Lang").is_ok());
    // Every page tabs in structure order; every page with content has its parent-tree key.
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).expect("page");
        assert_eq!(
            page.get(b"Tabs").and_then(Object::as_name).ok(),
            Some(&b"S"[..])
        );
    }
    let keyed = doc
        .get_pages()
        .values()
        .filter(|id| {
            doc.get_dictionary(**id)
                .is_ok_and(|page| page.get(b"StructParents").is_ok())
        })
        .count();
    assert!(keyed > 5, "{keyed} pages with structure parents");
    // PDF/UA identification in the XMP packet.
    let xmp = pdf_tools::xmp_of(&doc);
    assert!(xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), "{xmp}");
    // Every link annotation hangs in the tree and says what it is.
    for object in doc.objects.values() {
        if let Ok(dict) = object.as_dict() {
            if dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link") {
                assert!(dict.get(b"StructParent").is_ok(), "{dict:?}");
                assert!(dict.get(b"Contents").is_ok(), "a description: {dict:?}");
            }
        }
    }
}

fn every_element_type_reads_back_where_it_belongs() {
    let (_dir, _book, path) = small_book("pdf_tagged-struct");
    let (ok, info, err) = run_tool(&PDFINFO, &[], &path, &[]);
    assert!(ok, "{err}");
    assert!(info.contains("Tagged:          yes"), "{info}");
    let (ok, tree, err) = run_tool(&PDFINFO, &["-struct"], &path, &[]);
    assert!(ok, "{err}");
    // Object numbers are the writer's business, not the tree's.
    let tree: String = tree
        .lines()
        .map(|line| match line.trim_start().strip_prefix("Object ") {
            Some(_) => format!(
                "{}Object (annotation)",
                &line[..line.len() - line.trim_start().len()]
            ),
            None => line.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    common::snapshot("pdf_tagged/every_element.txt", &tree);
    for element in [
        "Document",
        "Sect",
        "H1",
        "H2",
        "H3",
        "P",
        "BlockQuote",
        "L ",
        "LI",
        "Lbl",
        "LBody",
        "Figure",
        "Caption",
        "Note",
        "Link",
        "TOC",
        "TOCI",
        "Code",
    ] {
        assert!(tree.contains(element), "no {element} in\n{tree}");
    }
    pdf_tools::assert_qpdf_clean(&path);
    // The paragraph in German says so.
    let doc = Document::load(&path).expect("lopdf reads it");
    let german = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .any(|dict| {
            dict.get(b"S").and_then(Object::as_name).ok() == Some(b"P")
                && dict.get(b"Lang").and_then(Object::as_str).ok() == Some(b"de")
        });
    assert!(german, "a P with /Lang (de)");
}

fn the_tagged_text_of_a_small_book_is_its_text() {
    let (_dir, book, path) = small_book("pdf_tagged-text");
    let tagged = assert_text_follows_the_model(&book, &path);
    // A line of code too long for the page is wrapped with a mark, which is no part of the text:
    // the line reads as written.
    let archive = "\"https://example.org/releases/download/v1.2.3/archive-linux-x86_64.tar.gz\";";
    assert!(tagged.contains(archive), "{tagged}");
    assert!(!tagged.contains(samizdat::text::code::CONTINUATION_MARK));
}

fn the_tagged_text_of_russia_bureaucracy_is_its_text() {
    let tagged = bundled("russia-bureaucracy");
    // Lines that end after a dash or inside a numeral join the next with no space between.
    for whole in [
        "in power—why could",
        "region of 1,000,000,000,000,000 percent",
    ] {
        assert!(tagged.contains(whole), "the tagged text has “{whole}”");
    }
}

fn the_tagged_text_of_stalin_50_years_is_its_text() {
    bundled("stalin-50-years");
}

/// Builds a bundled book, checks its tagged text against the model and returns that text.
fn bundled(name: &str) -> String {
    let dir = Path::new("manuscript").join(name);
    let book = samizdat::parse(&dir).book.expect("the bundled book parses");
    let built = build_pdf(&book, &dir, &PdfOptions::default()).expect("build");
    let path = common::output_dir(&format!("pdf_tagged-{name}")).join(format!("{name}.pdf"));
    std::fs::write(&path, &built.bytes).expect("write");
    assert_text_follows_the_model(&book, &path)
}

/// The text of the structure tree, in its order, holds the text of every chapter of the model
/// in reading order (title, blocks, sections, then the notes), letter for letter: spaces and
/// hyphens aside (a word broken at a line end keeps its hyphen in the text layer). Returns the
/// tagged text as `pdfinfo` gives it.
fn assert_text_follows_the_model(book: &Book, path: &Path) -> String {
    let (ok, out, err) = run_tool(&PDFINFO, &["-struct-text"], path, &[]);
    assert!(ok, "{err}");
    let mut tagged = String::new();
    for line in out.lines() {
        let line = line.trim();
        if let (Some(start), Some(end)) = (line.find('"'), line.rfind('"')) {
            if end > start {
                tagged.push_str(&line[start + 1..end]);
            }
        }
    }
    let letters = normalized(&tagged);
    // Each chapter in order, each found after the one before.
    let mut from = 0;
    for (index, chapter) in book.chapters.iter().enumerate() {
        let mut expected = String::new();
        if let Some(title) = &chapter.title {
            if let Some(number) = chapter.number {
                expected.push_str(&number.to_string());
            }
            inlines(title, &mut expected);
        }
        blocks(&chapter.blocks, &mut expected);
        for section in &chapter.sections {
            inlines(&section.title, &mut expected);
            blocks(&section.blocks, &mut expected);
        }
        for note in &chapter.footnotes {
            expected.push_str(&format!("{}.", note.number));
            note_blocks(&note.blocks, &mut expected);
        }
        let expected = normalized(&expected);
        match letters[from..].find(&expected) {
            Some(at) => from += at + expected.len(),
            None => {
                // Where they part, for the failure message.
                let rest = &letters[from..];
                let common = expected
                    .chars()
                    .zip(rest.chars())
                    .take_while(|(a, b)| a == b)
                    .count();
                let show = |s: &str| {
                    s.chars()
                        .skip(common.saturating_sub(40))
                        .take(120)
                        .collect::<String>()
                };
                panic!(
                    "chapter {index} of {}: the tagged text parts from the model after {common} letters\nmodel:  {}\ntagged: {}",
                    path.display(),
                    show(&expected),
                    show(rest)
                );
            }
        }
    }
    tagged
}

/// Letters only: no whitespace, no hyphens.
fn normalized(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{2010}' | '\u{ad}'))
        .collect()
}

/// The text a reader gets of inlines: note marks as their numbers, pictures as nothing (their
/// text is the figure's `/Alt`).
fn inlines(list: &[Inline], out: &mut String) {
    for inline in list {
        match inline {
            Inline::Text { text } | Inline::Code { text } => out.push_str(text),
            Inline::NoteRef { number, .. } => out.push_str(&number.to_string()),
            // A picture not supplied yet is set as its alt text in brackets.
            Inline::Image {
                image: samizdat::model::Image::Missing { .. },
                alt,
            } => out.push_str(&format!("[{alt}]")),
            Inline::Image { .. } | Inline::LineBreak | Inline::Anchor { .. } => {}
            // An external link's address is printed after its text (the default style's
            // `link_addresses = "after"`) unless the text is the address.
            Inline::Link {
                content,
                target: LinkTarget::External { url },
            } => {
                inlines(content, out);
                let bare = |s: &str| {
                    let s = s.trim().trim_end_matches('/');
                    ["https://", "http://", "mailto:"]
                        .iter()
                        .find_map(|scheme| s.strip_prefix(scheme))
                        .unwrap_or(s)
                        .to_owned()
                };
                if bare(&samizdat::model::plain_text(content)) != bare(url) {
                    out.push_str(url);
                }
            }
            other => inlines(other.children().unwrap_or_default(), out),
        }
    }
}

fn blocks(list: &[Block], out: &mut String) {
    for block in list {
        match block {
            Block::Paragraph { content, .. } | Block::Heading { content, .. } => {
                inlines(content, out)
            }
            Block::Quote {
                blocks: inner,
                attribution,
            } => {
                blocks(inner, out);
                if let Some(attribution) = attribution {
                    // Printed after its em dash, as the e-book shows it.
                    out.push('\u{2014}');
                    inlines(attribution, out);
                }
            }
            Block::List { kind, items } => {
                for (n, item) in items.iter().enumerate() {
                    match kind {
                        ListKind::Bullet => out.push('•'),
                        ListKind::Ordered { start } => {
                            out.push_str(&format!("{}.", u64::from(*start) + n as u64))
                        }
                    }
                    blocks(&item.blocks, out);
                }
            }
            Block::Figure(figure) => {
                inlines(&figure.caption, out);
                if let Some(credit) = &figure.credit {
                    inlines(credit, out);
                }
            }
            Block::CodeBlock { text, .. } => out.push_str(text),
            // Cells row by row (one-line cells: a longer cell's lines interleave with its row's).
            Block::Table { head, rows, .. } => {
                for cell in std::iter::once(head).chain(rows).flat_map(|row| &row.cells) {
                    inlines(&cell.content, out);
                }
            }
            Block::DefinitionList { items } => {
                for item in items {
                    inlines(&item.term, out);
                    for definition in &item.definitions {
                        blocks(definition, out);
                    }
                }
            }
            // An ornament, an artifact.
            Block::ThematicBreak => {}
        }
    }
}

/// A note's blocks as the PDF sets them: as the body sets them.
fn note_blocks(list: &[Block], out: &mut String) {
    blocks(list, out);
}
