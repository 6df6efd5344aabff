//! Small books built directly in the model, for page-level tests.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use samizdat::model::{
    Block, Book, Chapter, Credit, Figure, Footnote, Hyphenation, Image, ImageFormat, Inline,
    Metadata, Section, SourcePos,
};

/// Sentences of plain prose (written for these tests) to cut paragraphs from.
const SENTENCES: &[&str] = &[
    "The congress met in a cold hall where the delegates kept their coats on through the night.",
    "Every resolution was read twice, once for the record and once for those who had arrived late.",
    "The bureaucracy grew not by decree but by a thousand small conveniences that nobody opposed.",
    "Revolutionary committees in the provinces wrote long reports that the centre rarely answered.",
    "A shortage of paper meant that newspapers shrank to a single sheet printed on both sides.",
    "The workers of the factory district elected their delegates by a show of hands in the yard.",
    "Nobody at the time imagined that the temporary measures would outlast the people who made them.",
    "The archives of the period are uneven, with whole months missing and others recorded hour by hour.",
];

pub fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text { text: t.to_owned() }]
}

/// A paragraph of `sentences` sentences starting at `seed`.
pub fn prose(seed: usize, sentences: usize) -> String {
    (0..sentences)
        .map(|i| SENTENCES[(seed + i) % SENTENCES.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn para(seed: usize, sentences: usize) -> Block {
    Block::Paragraph {
        content: text(&prose(seed, sentences)),
        at: SourcePos { line: 1, column: 1 },
    }
}

/// A paragraph with a note mark after its first sentence.
pub fn para_with_note(seed: usize, sentences: usize, chapter: &str, number: u32) -> Block {
    let mut content = text(SENTENCES[seed % SENTENCES.len()]);
    content.push(Inline::NoteRef {
        id: format!("{chapter}-fnref-{number}"),
        note: format!("{chapter}-fn-{number}"),
        number,
    });
    content.push(Inline::Text {
        text: format!(" {}", prose(seed + 1, sentences.saturating_sub(1))),
    });
    Block::Paragraph {
        content,
        at: SourcePos { line: 2, column: 1 },
    }
}

pub fn note(chapter: &str, number: u32, sentences: usize) -> Footnote {
    Footnote {
        id: format!("{chapter}-fn-{number}"),
        number,
        label: format!("n{number}"),
        blocks: vec![para(number as usize + 3, sentences)],
        references: vec![format!("{chapter}-fnref-{number}")],
    }
}

pub fn metadata(title: &str) -> Metadata {
    Metadata {
        title: title.to_owned(),
        subtitle: Some("A test of pages".to_owned()),
        authors: vec!["Test Author".to_owned()],
        language: samizdat::model::Lang::english(),
        identifier: "urn:uuid:12345678-1234-1234-1234-123456789abc".to_owned(),
        date: Some("2024".to_owned()),
        publisher: None,
        rights: Some("Public domain".to_owned()),
        description: None,
        subjects: Vec::new(),
        modified: "2024-01-01T00:00:00Z".to_owned(),
        cover: None,
    }
}

pub fn chapter(id: &str, number: u32, title: &str, blocks: Vec<Block>) -> Chapter {
    Chapter {
        id: id.to_owned(),
        number: Some(number),
        title: Some(text(title)),
        source: PathBuf::from(format!("{id}.md")),
        continued: Vec::new(),
        at: SourcePos { line: 1, column: 1 },
        blocks,
        sections: Vec::new(),
        footnotes: Vec::new(),
    }
}

pub fn section(id: &str, title: &str, blocks: Vec<Block>) -> Section {
    Section {
        id: id.to_owned(),
        level: 2,
        title: text(title),
        at: SourcePos { line: 5, column: 1 },
        blocks,
    }
}

/// A figure whose picture is there: `path`, of `width` by `height` pixels.
pub fn present_figure(id: &str, path: &Path, format: ImageFormat, (w, h): (u32, u32)) -> Figure {
    Figure {
        id: id.to_owned(),
        image: Image::Present {
            path: path.to_path_buf(),
            format,
            width_px: w,
            height_px: h,
        },
        caption: text("A picture"),
        credit: None,
        at: SourcePos { line: 4, column: 1 },
    }
}

pub fn missing_figure(id: &str, caption: &str) -> Figure {
    Figure {
        id: id.to_owned(),
        image: Image::Missing {
            path: PathBuf::from("images/missing.jpg"),
        },
        caption: text(caption),
        credit: Some(text("Photograph: unknown")),
        at: SourcePos { line: 9, column: 1 },
    }
}

pub fn book(title: &str, chapters: Vec<Chapter>) -> Book {
    let mut credits = Vec::new();
    let mut anchors = BTreeMap::new();
    let mut b = Book {
        metadata: metadata(title),
        style: "default".to_owned(),
        hyphenation: Hyphenation::default(),
        chapters,
        credits: Vec::new(),
        anchors: BTreeMap::new(),
    };
    for (chapter, figure) in b.figures() {
        credits.push(Credit {
            figure_id: figure.id.clone(),
            chapter,
            caption: figure.caption.clone(),
            credit: figure.credit.clone(),
        });
    }
    for (index, chapter) in b.chapters.iter().enumerate() {
        anchors.insert(
            chapter.id.clone(),
            samizdat::model::Anchor {
                chapter: index,
                kind: samizdat::model::AnchorKind::Chapter,
            },
        );
    }
    b.credits = credits;
    b.anchors = anchors;
    b
}

/// A three-chapter book with sections, notes (one long) and a figure.
pub fn sample() -> Book {
    let mut one = chapter(
        "one",
        1,
        "The Congress",
        vec![
            para(0, 4),
            para_with_note(1, 5, "one", 1),
            para(2, 3),
            Block::Figure(missing_figure("fig-1-1", "The hall of the congress, 1921")),
            para(3, 6),
            para_with_note(4, 4, "one", 2),
        ],
    );
    one.sections.push(section(
        "one-provinces",
        "In the provinces",
        vec![para(5, 5), para(6, 7), para(7, 3), para(0, 6)],
    ));
    one.footnotes = vec![note("one", 1, 2), note("one", 2, 12)];
    let two = chapter(
        "two",
        2,
        "Paper and Print",
        (0..12).map(|i| para(i, 3 + i % 4)).collect(),
    );
    book("Pages Under Test", vec![one, two])
}
