//! Model specs: small Markdown inputs and the exact model they must give, one feature at a time.

use samizdat::model::{
    Anchor, AnchorKind, Block, Book, Footnote, Image, ImageFormat, Inline, LinkTarget, ListItem,
    ListKind, SourcePos,
};

use crate::common::{self, book, parse, png};

crate::tests![
    footnotes_are_numbered_per_chapter_in_order_of_first_reference,
    figures_with_credit_without_credit_and_fpo,
    cross_references_resolve_to_their_chapter,
    headings_give_chapters_and_sections_with_ids_and_numbers,
    text_before_the_first_heading_is_an_opening_section,
    lists_quotes_line_breaks_breaks_and_code,
    chapters_come_from_listed_files_or_sorted_names,
    metadata_is_resolved_reproducibly,
    the_model_round_trips_through_json,
];

fn text(s: &str) -> Inline {
    Inline::Text { text: s.to_owned() }
}

fn at(line: u32, column: u32) -> SourcePos {
    SourcePos { line, column }
}

fn para(content: Vec<Inline>, line: u32) -> Block {
    Block::Paragraph {
        content,
        at: at(line, 1),
    }
}

/// Parses a one-file book and insists on no diagnostics at all.
fn model_of(name: &str, markdown: &str) -> Book {
    let dir = book(name, &[("text.md", markdown)]);
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        common::messages(&dir, &parsed)
    );
    parsed.book.expect("a model")
}

fn footnotes_are_numbered_per_chapter_in_order_of_first_reference() {
    let book = model_of(
        "notes",
        "[^b]: Defined before use.\n\n# One\n\nFirst[^a] and second[^b], first again[^a].\n\n\
         [^a]: Para one.\n\n    Para two.\n\n# Two\n\nAgain[^b].\n",
    );
    let one = &book.chapters[0];
    assert_eq!(
        one.blocks,
        vec![para(
            vec![
                text("First"),
                Inline::NoteRef {
                    id: "one-fnref-1".into(),
                    note: "one-fn-1".into(),
                    number: 1
                },
                text(" and second"),
                Inline::NoteRef {
                    id: "one-fnref-2".into(),
                    note: "one-fn-2".into(),
                    number: 2
                },
                text(", first again"),
                Inline::NoteRef {
                    id: "one-fnref-1-2".into(),
                    note: "one-fn-1".into(),
                    number: 1
                },
                text("."),
            ],
            5
        )]
    );
    assert_eq!(
        one.footnotes,
        vec![
            Footnote {
                id: "one-fn-1".into(),
                number: 1,
                label: "a".into(),
                blocks: vec![
                    Block::Paragraph {
                        content: vec![text("Para one.")],
                        at: at(7, 7)
                    },
                    Block::Paragraph {
                        content: vec![text("Para two.")],
                        at: at(9, 5)
                    },
                ],
                references: vec!["one-fnref-1".into(), "one-fnref-1-2".into()],
            },
            Footnote {
                id: "one-fn-2".into(),
                number: 2,
                label: "b".into(),
                blocks: vec![Block::Paragraph {
                    content: vec![text("Defined before use.")],
                    at: at(1, 7)
                }],
                references: vec!["one-fnref-2".into()],
            },
        ]
    );
    // The second chapter numbers from 1 again and gets its own copy of the shared note.
    let two = &book.chapters[1];
    assert_eq!(two.footnotes.len(), 1);
    assert_eq!(
        (two.footnotes[0].number, two.footnotes[0].id.as_str()),
        (1, "two-fn-1")
    );
}

fn figures_with_credit_without_credit_and_fpo() {
    let dir = book(
        "figures",
        &[(
            "text.md",
            "# Pictures\n\n![A *lamp*](images/lamp.png \"Photo: the author's\")\n\n\
             ![No credit](images/lamp.png)\n\n![Not yet taken](images/later.jpg \"Archive\")\n",
        )],
    );
    std::fs::create_dir_all(dir.join("images")).expect("images dir");
    std::fs::write(dir.join("images/lamp.png"), png(30, 20)).expect("png");
    let parsed = parse(&dir);
    assert_eq!(
        common::messages(&dir, &parsed),
        vec![
            "text.md:7:1: warning: picture `images/later.jpg` does not exist: set as an FPO placeholder\n  \
             hint: add the image file to print the picture; --strict makes this an error"
        ]
    );
    let book = parsed.book.expect("model");
    let figures = book.figures();
    assert_eq!(figures.len(), 3);
    let (_, lamp) = figures[0];
    assert_eq!(lamp.id, "fig-pictures-1");
    assert_eq!(
        lamp.caption,
        vec![
            text("A "),
            Inline::Emphasis {
                content: vec![text("lamp")]
            }
        ]
    );
    assert_eq!(lamp.credit, Some(vec![text("Photo: the author’s")]));
    let real = dir
        .join("images/lamp.png")
        .canonicalize()
        .expect("canonical");
    assert_eq!(
        lamp.image,
        Image::Present {
            path: real,
            format: ImageFormat::Png,
            width_px: 30,
            height_px: 20
        }
    );
    assert_eq!(figures[1].1.credit, None);
    assert_eq!(
        figures[2].1.image,
        Image::Missing {
            path: "images/later.jpg".into()
        }
    );
    assert_eq!(figures[2].1.at, at(7, 1));
    // The credits list follows the figures, and every figure is an anchor.
    let credit_ids: Vec<_> = book.credits.iter().map(|c| c.figure_id.as_str()).collect();
    assert_eq!(
        credit_ids,
        ["fig-pictures-1", "fig-pictures-2", "fig-pictures-3"]
    );
    assert_eq!(
        book.anchors["fig-pictures-3"],
        Anchor {
            chapter: 0,
            kind: AnchorKind::Figure
        }
    );
}

fn cross_references_resolve_to_their_chapter() {
    let book = model_of(
        "links",
        "# One\n\n[see Section 2](#permanent-revolution), [the web](https://example.org).\n\n\
         # Two {#permanent-revolution}\n\n## Part {#part}\n\n[back](#one)\n",
    );
    let Block::Paragraph { content, .. } = &book.chapters[0].blocks[0] else {
        panic!("a paragraph")
    };
    assert_eq!(
        content[0],
        Inline::Link {
            target: LinkTarget::Internal {
                id: "permanent-revolution".into(),
                chapter: 1
            },
            content: vec![text("see Section 2")],
        }
    );
    assert_eq!(
        content[2],
        Inline::Link {
            target: LinkTarget::External {
                url: "https://example.org".into()
            },
            content: vec![text("the web")]
        }
    );
    let Block::Paragraph { content, .. } = &book.chapters[1].sections[0].blocks[0] else {
        panic!("a paragraph")
    };
    assert_eq!(
        content[0],
        Inline::Link {
            target: LinkTarget::Internal {
                id: "one".into(),
                chapter: 0
            },
            content: vec![text("back")]
        }
    );
}

fn headings_give_chapters_and_sections_with_ids_and_numbers() {
    let book = model_of(
        "headings",
        "# The October Revolution\n\n## Dual power\n\n### Details {#details}\n\n# Preface {.unnumbered}\n\n\
         # The October Revolution\n",
    );
    let summary: Vec<_> = book
        .chapters
        .iter()
        .map(|c| {
            (
                c.id.as_str(),
                c.number,
                c.sections
                    .iter()
                    .map(|s| (s.id.as_str(), s.level))
                    .collect::<Vec<_>>(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "the-october-revolution",
                Some(1),
                vec![("dual-power", 2), ("details", 3)]
            ),
            ("preface", None, vec![]),
            ("the-october-revolution-2", Some(2), vec![]),
        ]
    );
    assert_eq!(book.chapters[0].at, at(1, 1));
    assert_eq!(book.chapters[0].sections[1].at, at(5, 1));
}

fn text_before_the_first_heading_is_an_opening_section() {
    let book = model_of("opening", "We republish a pamphlet.\n\n# One\n\nText.\n");
    let opening = &book.chapters[0];
    assert_eq!(
        (opening.id.as_str(), opening.number, &opening.title),
        ("opening", None, &None)
    );
    assert_eq!(
        opening.blocks,
        vec![para(vec![text("We republish a pamphlet.")], 1)]
    );
    assert_eq!(book.chapters[1].number, Some(1));
}

fn lists_quotes_line_breaks_breaks_and_code() {
    let book = model_of(
        "blocks",
        "# One\n\n3. three\n4. four\n\n- a\n- b\n\n> \"Quoted\" text...\n>\n> --- Trotsky, 1937\n\n\
         Dear Sir,\\\nyours.\n\n***\n\nUse `samizdat`.\n",
    );
    let blocks = &book.chapters[0].blocks;
    assert_eq!(
        blocks[0],
        Block::List {
            kind: ListKind::Ordered { start: 3 },
            items: vec![
                ListItem {
                    task: None,
                    blocks: vec![Block::Paragraph {
                        content: vec![text("three")],
                        at: at(3, 4)
                    }]
                },
                ListItem {
                    task: None,
                    blocks: vec![Block::Paragraph {
                        content: vec![text("four")],
                        at: at(4, 4)
                    }]
                },
            ],
        }
    );
    assert!(
        matches!(&blocks[1], Block::List { kind: ListKind::Bullet, items } if items.len() == 2)
    );
    assert_eq!(
        blocks[2],
        Block::Quote {
            blocks: vec![Block::Paragraph {
                content: vec![text("“Quoted” text…")],
                at: at(9, 3)
            }],
            attribution: Some(vec![text("Trotsky, 1937")]),
        }
    );
    assert_eq!(
        blocks[3],
        para(
            vec![text("Dear Sir,"), Inline::LineBreak, text("yours.")],
            13
        )
    );
    assert_eq!(blocks[4], Block::ThematicBreak);
    assert_eq!(
        blocks[5],
        para(
            vec![
                text("Use "),
                Inline::Code {
                    text: "samizdat".into()
                },
                text(".")
            ],
            18
        )
    );
}

fn chapters_come_from_listed_files_or_sorted_names() {
    let dir = book("order", &[("b.md", "# B\n"), ("a.md", "# A\n")]);
    let titles = |dir| {
        let book = parse(dir).book.expect("model");
        book.chapters
            .iter()
            .map(|c| c.id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(titles(&dir), ["a", "b"]);
    common::write(
        &dir,
        "book.toml",
        "[book]\ntitle = \"T\"\nchapters = [\"b.md\", \"a.md\"]\n",
    );
    assert_eq!(titles(&dir), ["b", "a"]);
}

fn metadata_is_resolved_reproducibly() {
    let dir = book(
        "meta",
        &[
            ("book.toml", "[book]\ntitle = \"Russia\"\nauthors = [\"George Collins\"]\ndate = \"1987\"\n[hyphenation]\nexceptions = [\"Bol-she-viks\"]\n"),
            ("a.md", "# A\n"),
        ],
    );
    let book = parse(&dir).book.expect("model");
    assert_eq!(book.metadata.language, "en");
    assert_eq!(book.metadata.modified, "1987-01-01T00:00:00Z");
    assert_eq!(
        book.metadata.identifier,
        parse(&dir).book.expect("model").metadata.identifier
    );
    assert!(book.metadata.identifier.starts_with("urn:uuid:"));
    assert_eq!(book.hyphenation.exceptions, ["Bol-she-viks"]);
    let options = samizdat::parse::ParseOptions {
        source_date: samizdat::parse::SourceDate::Epoch {
            seconds: 1_700_000_000,
        },
    };
    let stamped = samizdat::parse::parse_with(&dir, &options)
        .book
        .expect("model");
    assert_eq!(stamped.metadata.modified, "2023-11-14T22:13:20Z");
}

fn the_model_round_trips_through_json() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample");
    let book = parse(&dir).book.expect("the sample book parses");
    let json = serde_json::to_string(&book).expect("json");
    let back: Book = serde_json::from_str(&json).expect("back");
    assert_eq!(back, book);
    assert_eq!(json, serde_json::to_string(&back).expect("json again"));
}
