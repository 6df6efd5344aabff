//! Books built by hand for the EPUB tests, and a reader of the result.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use samizdat::model::{
    Anchor, AnchorKind, Block, Book, Chapter, Credit, Figure, Footnote, Hyphenation, Image,
    ImageFormat, Inline, LinkTarget, ListItem, ListKind, Metadata, Section, SourcePos,
};
use samizdat::style::{self, LoadedStyle};

use crate::common::{self, Scratch};

pub fn text(s: &str) -> Inline {
    Inline::Text { text: s.into() }
}

pub fn para(content: Vec<Inline>) -> Block {
    Block::Paragraph {
        content,
        at: SourcePos { line: 1, column: 1 },
    }
}

pub fn figure(id: &str, image: Image, caption: &str, credit: Option<&str>) -> Block {
    Block::Figure(Figure {
        id: id.into(),
        image,
        caption: vec![text(caption)],
        credit: credit.map(|c| vec![text(c)]),
        at: SourcePos { line: 1, column: 1 },
    })
}

pub fn chapter(id: &str, number: Option<u32>, title: Option<Vec<Inline>>) -> Chapter {
    Chapter {
        id: id.into(),
        number,
        title,
        source: PathBuf::from("text.md"),
        continued: Vec::new(),
        at: SourcePos { line: 1, column: 1 },
        blocks: Vec::new(),
        sections: Vec::new(),
        footnotes: Vec::new(),
    }
}

/// A fresh folder for one test's files.
pub fn scratch(name: &str) -> Scratch {
    Scratch::new(&format!("epub-{name}"))
}

pub fn present(dir: &Path, name: &str, rgb: [u8; 3]) -> Image {
    let path = dir.join(name);
    std::fs::write(&path, common::png_rgb(1, 1, rgb)).expect("write png");
    Image::Present {
        path,
        format: ImageFormat::Png,
        width_px: 1,
        height_px: 1,
    }
}

/// A book with everything the backend must handle: an opening section, two chapters with
/// sections, a multi-paragraph note referenced twice, a note opening with a quotation, a picture,
/// an FPO figure, a figure without credit, a cross-reference, an external link, a quotation with
/// attribution, lists, line breaks, a scene break, code, and text that needs escaping.
pub fn sample_book(dir: &Path) -> Book {
    let mut opening = chapter("opening", None, None);
    opening.blocks = vec![para(vec![
        text("An "),
        Inline::Emphasis {
            content: vec![text("opening")],
        },
        text(" section,"),
        Inline::LineBreak,
        text("in two lines & more."),
    ])];

    let mut one = chapter(
        "the-soviet-state",
        Some(1),
        Some(vec![text("The Soviet State")]),
    );
    one.blocks = vec![
        para(vec![
            text("The state withers"),
            Inline::NoteRef {
                id: "the-soviet-state-ref-1".into(),
                note: "the-soviet-state-fn-1".into(),
                number: 1,
            },
            text(" away."),
        ]),
        para(vec![
            text("Again"),
            Inline::NoteRef {
                id: "the-soviet-state-ref-1-2".into(),
                note: "the-soviet-state-fn-1".into(),
                number: 1,
            },
            text("."),
        ]),
        figure(
            "fig-1-1",
            present(dir, "red.png", [200, 0, 0]),
            "A red square",
            Some("Photo: A. Rodchenko"),
        ),
        Block::Quote {
            blocks: vec![para(vec![text("Words, words <and> words.")])],
            attribution: Some(vec![text("L. T., 1937")]),
        },
    ];
    one.sections = vec![
        Section {
            id: "permanent-revolution".into(),
            level: 2,
            title: vec![text("Permanent Revolution")],
            at: SourcePos::default(),
            blocks: vec![
                Block::List {
                    kind: ListKind::Bullet,
                    items: vec![
                        ListItem {
                            task: None,
                            blocks: vec![para(vec![text("first")])],
                        },
                        ListItem {
                            task: None,
                            blocks: vec![para(vec![text("second")]), para(vec![text("more")])],
                        },
                    ],
                },
                Block::List {
                    kind: ListKind::Ordered { start: 3 },
                    items: vec![ListItem {
                        task: None,
                        blocks: vec![para(vec![text("third")])],
                    }],
                },
            ],
        },
        Section {
            id: "placeholder".into(),
            level: 3,
            title: vec![text("A Placeholder")],
            at: SourcePos::default(),
            blocks: vec![figure(
                "fig-1-2",
                Image::Missing {
                    path: PathBuf::from("images/missing.jpg"),
                },
                "Not yet drawn",
                Some("Drawing: nobody"),
            )],
        },
    ];
    one.footnotes = vec![Footnote {
        id: "the-soviet-state-fn-1".into(),
        number: 1,
        label: "wither".into(),
        blocks: vec![
            para(vec![text("Engels, first paragraph.")]),
            para(vec![text("Second paragraph of the note.")]),
        ],
        references: vec![
            "the-soviet-state-ref-1".into(),
            "the-soviet-state-ref-1-2".into(),
        ],
    }];

    let mut two = chapter(
        "bureaucracy",
        Some(2),
        Some(vec![
            text("The "),
            Inline::Emphasis {
                content: vec![text("Bureaucracy")],
            },
        ]),
    );
    two.blocks = vec![
        para(vec![
            text("See "),
            Inline::Link {
                target: LinkTarget::Internal {
                    id: "permanent-revolution".into(),
                    chapter: 1,
                },
                content: vec![text("Permanent Revolution")],
            },
            text(" and "),
            Inline::Link {
                target: LinkTarget::External {
                    url: "https://example.org/?a=1&b=2".into(),
                },
                content: vec![text("elsewhere")],
            },
            Inline::NoteRef {
                id: "bureaucracy-ref-1".into(),
                note: "bureaucracy-fn-1".into(),
                number: 1,
            },
            text("."),
        ]),
        figure(
            "fig-2-1",
            present(dir, "blue.png", [0, 0, 200]),
            "A blue square",
            None,
        ),
        Block::ThematicBreak,
        Block::CodeBlock {
            text: "let x = 1 < 2;\n".into(),
            language: None,
            at: SourcePos { line: 1, column: 1 },
        },
        para(vec![
            Inline::Strong {
                content: vec![text("Strong")],
            },
            text(" and "),
            Inline::Code {
                text: "<code>".into(),
            },
        ]),
    ];
    two.footnotes = vec![Footnote {
        id: "bureaucracy-fn-1".into(),
        number: 1,
        label: "quote".into(),
        blocks: vec![Block::Quote {
            blocks: vec![para(vec![text("A quoted note.")])],
            attribution: None,
        }],
        references: vec!["bureaucracy-ref-1".into()],
    }];

    let credits = vec![
        Credit {
            figure_id: "fig-1-1".into(),
            chapter: 1,
            caption: vec![text("A red square")],
            credit: Some(vec![text("Photo: A. Rodchenko")]),
        },
        Credit {
            figure_id: "fig-1-2".into(),
            chapter: 1,
            caption: vec![text("Not yet drawn")],
            credit: Some(vec![text("Drawing: nobody")]),
        },
        Credit {
            figure_id: "fig-2-1".into(),
            chapter: 2,
            caption: vec![text("A blue square")],
            credit: None,
        },
    ];
    let mut anchors = BTreeMap::new();
    for (id, chapter, kind) in [
        ("opening", 0, AnchorKind::Chapter),
        ("the-soviet-state", 1, AnchorKind::Chapter),
        ("permanent-revolution", 1, AnchorKind::Section),
        ("placeholder", 1, AnchorKind::Section),
        ("fig-1-1", 1, AnchorKind::Figure),
        ("fig-1-2", 1, AnchorKind::Figure),
        ("bureaucracy", 2, AnchorKind::Chapter),
        ("fig-2-1", 2, AnchorKind::Figure),
    ] {
        anchors.insert(id.to_owned(), Anchor { chapter, kind });
    }

    Book {
        metadata: Metadata {
            title: "The Revolution Betrayed & <Other> Essays".into(),
            subtitle: Some("What Is the Soviet Union".into()),
            authors: vec!["Leon Trotsky".into(), "A. Translator".into()],
            language: samizdat::model::Lang::parse("en-GB").expect("tag"),
            identifier: "urn:isbn:9780000000002".into(),
            date: Some("1937".into()),
            publisher: Some("Samizdat Press".into()),
            rights: Some("Public domain.".into()),
            description: Some("Two essays.".into()),
            subjects: vec!["History".into(), "Soviet Union".into()],
            modified: "2026-11-22T00:00:00Z".into(),
            cover: None,
        },
        style: "default".into(),
        hyphenation: Hyphenation::default(),
        chapters: vec![opening, one, two],
        credits,
        anchors,
    }
}

/// A plain book: one chapter, no figures, no notes, no subtitle, a UUID identifier.
pub fn plain_book() -> Book {
    let mut only = chapter("only", Some(1), Some(vec![text("Only Chapter")]));
    only.blocks = vec![para(vec![text("Just text.")])];
    let mut anchors = BTreeMap::new();
    anchors.insert(
        "only".to_owned(),
        Anchor {
            chapter: 0,
            kind: AnchorKind::Chapter,
        },
    );
    Book {
        metadata: Metadata {
            title: "Plain".into(),
            subtitle: None,
            authors: vec!["Nobody".into()],
            language: samizdat::model::Lang::parse("ru").expect("tag"),
            identifier: "urn:uuid:6f1c2a5e-8d2b-4c8e-9a51-0c6f2b7d9e10".into(),
            date: None,
            publisher: None,
            rights: None,
            description: None,
            subjects: Vec::new(),
            modified: "1970-01-01T00:00:00Z".into(),
            cover: None,
        },
        style: "default".into(),
        hyphenation: Hyphenation::default(),
        chapters: vec![only],
        credits: Vec::new(),
        anchors,
    }
}

pub fn default_style() -> LoadedStyle {
    style::load("default", Path::new(".")).expect("the default style loads")
}

// ---------------------------------------------------------------------------------------------
// Reading the result.

pub struct Epub {
    pub names: Vec<String>,
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Epub {
    pub fn open(bytes: &[u8]) -> Epub {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut names = Vec::new();
        let mut files = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).expect("an entry");
            let mut data = Vec::new();
            file.read_to_end(&mut data).expect("readable entry");
            names.push(file.name().to_owned());
            files.insert(file.name().to_owned(), data);
        }
        Epub { names, files }
    }

    pub fn text(&self, name: &str) -> String {
        let bytes = self
            .files
            .get(name)
            .unwrap_or_else(|| panic!("no {name} in {:?}", self.names));
        String::from_utf8(bytes.clone()).expect("UTF-8")
    }
}

pub fn build(book: &Book) -> Vec<u8> {
    samizdat::write_epub(book, &default_style()).expect("the book builds")
}
