//! An exact layout dump of a tiny book's first body page: where the title, the text, the folio and
//! the note land, to the tenth of a point. The numbers follow from the default style: top margin
//! 20 mm (56.7 pt) + sink 30 mm (85 pt) + number line (27) + title line (22.5) + two lines of
//! space (27), then the first baseline 0.8 of a 13.5 pt line lower (229); the note's line sits
//! at the foot of the 34-line text block (515.7) with the rule half a note line above it.
//! The dump is the snapshot `tests/snapshots/pdf_dump/first_body_page.txt`.

use std::path::Path;

use samizdat::model::{Block, Inline, SourcePos};
use samizdat::text::{FontBook, Hyphenator};

use crate::common;
use crate::common::model_books::{self as book, chapter};

crate::tests![first_body_page_dump];

fn first_body_page_dump() {
    let content = vec![
        Inline::Text {
            text: "Short.".to_owned(),
        },
        Inline::NoteRef {
            id: "c-fnref-1".to_owned(),
            note: "c-fn-1".to_owned(),
            number: 1,
        },
    ];
    let mut c = chapter(
        "c",
        1,
        "One",
        vec![Block::Paragraph {
            content,
            at: SourcePos { line: 3, column: 1 },
        }],
    );
    c.footnotes = vec![samizdat::model::Footnote {
        id: "c-fn-1".to_owned(),
        number: 1,
        label: "a".to_owned(),
        blocks: vec![Block::Paragraph {
            content: vec![Inline::Text {
                text: "A note.".to_owned(),
            }],
            at: SourcePos { line: 5, column: 1 },
        }],
        references: vec!["c-fnref-1".to_owned()],
    }];
    let b = book::book("Dump", vec![c]);
    let style = samizdat::style::load("default", Path::new(".")).expect("style");
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_book(&b, &style.style.print.text);
    let out = samizdat::layout::paginate(&b, &style, &fonts, &hyphenator);
    let dump = out.layout.dump();
    let body: Vec<&str> = dump
        .lines()
        .skip_while(|l| !l.starts_with("page 7 [1]"))
        .collect();
    common::snapshot("pdf_dump/first_body_page.txt", &(body.join("\n") + "\n"));
}
