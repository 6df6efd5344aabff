//! Odd books must not panic the layout or the writer: empty books, empty chapters, a note longer
//! than a page, a figure taller than a page, unbreakable words, deep lists, code.

use std::path::Path;

use crate::common::pdf_tools::build_pdf;
use samizdat::model::{Block, Inline, ListItem, ListKind, SourcePos};
use samizdat::pdf::PdfOptions;

use crate::common::model_books::{self as book, chapter, missing_figure, note, para, text};
use crate::common::{self, pdf_tools};

crate::tests![
    empty_book_and_empty_chapter,
    a_note_longer_than_a_page_and_a_note_referenced_twice,
    unbreakable_words_lists_quotes_code_and_figures,
    the_odd_book_passes_qpdf: [QPDF],
];

fn build(b: &samizdat::model::Book) -> samizdat::build::Print {
    build_pdf(b, Path::new("."), &PdfOptions::default()).expect("build")
}

fn empty_book_and_empty_chapter() {
    let built = build(&book::book("Empty", Vec::new()));
    assert!(lopdf::Document::load_mem(&built.bytes).is_ok());
    let built = build(&book::book(
        "Hollow",
        vec![chapter("c", 1, "Only a title", Vec::new())],
    ));
    assert!(built.report.pages >= 1);
}

fn a_note_longer_than_a_page_and_a_note_referenced_twice() {
    let mut content = text("A mark");
    for _ in 0..2 {
        content.push(Inline::NoteRef {
            id: "c-fnref-1".to_owned(),
            note: "c-fn-1".to_owned(),
            number: 1,
        });
        content.push(Inline::Text {
            text: " and again".to_owned(),
        });
    }
    let blocks = vec![
        Block::Paragraph {
            content,
            at: SourcePos::default(),
        },
        para(1, 30),
    ];
    let mut c = chapter("c", 1, "Huge note", blocks);
    c.footnotes = vec![note("c", 1, 160)];
    let built = build(&book::book("Notes", vec![c]));
    assert_eq!(built.report.notes_off_page, 0, "{}", built.report.summary());
    assert!(built.report.notes_split >= 1);
}

/// A book of what is hard to set: unbreakable words, nested lists, a quote, code, a break and
/// three figures in a row.
fn odd_book() -> samizdat::model::Book {
    let word = "Antidisestablishmentarianismforeverandeverwithoutanybreakopportunity";
    let item = |n: usize| ListItem {
        task: None,
        blocks: vec![para(n, 2)],
    };
    let nested = ListItem {
        task: None,
        blocks: vec![
            para(3, 1),
            Block::List {
                kind: ListKind::Ordered { start: 7 },
                items: vec![item(4), item(5)],
            },
        ],
    };
    let blocks = vec![
        Block::Paragraph {
            content: text(&format!("{word} {word} {word}")),
            at: SourcePos::default(),
        },
        Block::List {
            kind: ListKind::Bullet,
            items: vec![item(1), nested, item(2)],
        },
        Block::Quote {
            blocks: vec![para(2, 3)],
            attribution: Some(text("Someone, somewhere")),
        },
        Block::CodeBlock {
            text: "fn main() {\n    println!(\"hi\");\n}".to_owned(),
            language: None,
            at: Default::default(),
        },
        Block::ThematicBreak,
        Block::Figure(missing_figure("f1", "One")),
        Block::Figure(missing_figure("f2", "Two")),
        Block::Figure(missing_figure("f3", "Three")),
        para(6, 2),
    ];
    book::book("Odd", vec![chapter("c", 1, "Odd", blocks)])
}

fn unbreakable_words_lists_quotes_code_and_figures() {
    let built = build(&odd_book());
    let doc = lopdf::Document::load_mem(&built.bytes).expect("valid");
    assert!(doc.get_pages().len() >= 8);
}

fn the_odd_book_passes_qpdf() {
    let built = build(&odd_book());
    let path = common::output_dir("pdf_robustness-odd").join("odd.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
}
