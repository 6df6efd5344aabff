//! Unit tests of the fidelity check (`fidelity.rs`): the reader, the diff, the list and the
//! check itself, on small hand-made cases, passing and failing.

use super::*;
use proptest::prelude::*;
use samizdat::model::{
    Figure, Footnote, Hyphenation, Image, LinkTarget, ListItem, Metadata, Section, SourcePos,
};
use std::collections::BTreeMap;

crate::tests![
    words_are_runs_of_letters_and_digits_lowercased,
    source_words_know_their_line,
    the_model_is_read_in_reading_order,
    diff_finds_removals_insertions_and_replacements,
    diff_keeps_a_moved_stretch_whole,
    compaction_slides_one_sided_hunks_back_or_into_their_neighbour,
    diff_gives_up_beyond_its_limit,
    diff_handles_a_book_sized_text,
    diff_is_minimal_and_rebuilds_the_new_words,
    the_list_pairs_a_removal_with_the_insertion_on_the_next_line,
    the_list_rejects_lines_without_reason_or_sign,
    the_check_passes_when_every_difference_is_listed_in_order,
    the_check_fails_on_an_unlisted_difference_and_shows_where,
    the_check_fails_on_a_wrong_entry_and_names_it,
    the_check_fails_on_an_unused_entry,
    the_check_reports_texts_too_different_to_diff,
];

fn words(text: &str) -> Vec<String> {
    text_words(text)
}

/// Words without places, as the check sees them.
fn plain(text: &str) -> Words {
    let words = text_words(text);
    Words {
        at: vec![0; words.len()],
        words,
        places: vec!["test:1".to_string()],
    }
}

fn t(text: &str) -> Inline {
    Inline::Text {
        text: text.to_string(),
    }
}

fn at(line: u32) -> SourcePos {
    SourcePos { line, column: 1 }
}

fn p(content: Vec<Inline>) -> Block {
    Block::Paragraph { content, at: at(1) }
}

fn note_ref(note: &str) -> Inline {
    Inline::NoteRef {
        id: format!("{note}-ref"),
        note: note.to_string(),
        number: 1,
    }
}

fn chapter(id: &str, number: Option<u32>, title: Option<Vec<Inline>>) -> Chapter {
    Chapter {
        id: id.to_string(),
        number,
        title,
        source: PathBuf::from("a.md"),
        continued: Vec::new(),
        at: at(1),
        blocks: Vec::new(),
        sections: Vec::new(),
        footnotes: Vec::new(),
    }
}

fn book(chapters: Vec<Chapter>) -> Book {
    Book {
        metadata: Metadata {
            title: "Never read".to_string(),
            subtitle: None,
            authors: vec!["Nor this".to_string()],
            language: samizdat::model::Lang::english(),
            identifier: "urn:uuid:0".to_string(),
            date: None,
            publisher: None,
            rights: None,
            description: Some("Metadata is not text".to_string()),
            subjects: Vec::new(),
            modified: "1970-01-01T00:00:00Z".to_string(),
            cover: None,
        },
        style: "default".to_string(),
        hyphenation: Hyphenation::default(),
        chapters,
        credits: Vec::new(),
        anchors: BTreeMap::new(),
    }
}

fn words_are_runs_of_letters_and_digits_lowercased() {
    assert_eq!(
        words("Stalin’s “practico”—a T[rotsky], 15,325 Émigré d'accompli…end 1917."),
        [
            "stalin", "s", "practico", "a", "t", "rotsky", "15", "325", "émigré", "d", "accompli",
            "end", "1917"
        ]
    );
    assert!(words(" — … “” ").is_empty());
}

fn source_words_know_their_line() {
    let source = file_words("source.txt", "Title\n\nFirst line.\nSecond, line\n");
    assert_eq!(source.words, ["title", "first", "line", "second", "line"]);
    assert_eq!(source.place_of(0), "source.txt:1");
    assert_eq!(source.place_of(3), "source.txt:4");
}

fn the_model_is_read_in_reading_order() {
    let mut opening = chapter("opening", None, None);
    opening.blocks = vec![Block::Quote {
        blocks: vec![p(vec![t("The revolution")])],
        attribution: Some(vec![t("— Trotsky")]),
    }];
    let mut one = chapter(
        "one",
        Some(1),
        Some(vec![
            t("Chapter "),
            Inline::Strong {
                content: vec![t("one")],
            },
        ]),
    );
    one.blocks = vec![
        p(vec![
            t("Before"),
            note_ref("one-fn-1"),
            t(" after "),
            Inline::Emphasis {
                content: vec![t("emph")],
            },
            t("asis"),
            Inline::LineBreak,
            t("next "),
            Inline::Link {
                target: LinkTarget::Internal {
                    id: "two".to_string(),
                    chapter: 2,
                },
                content: vec![t("link")],
            },
        ]),
        Block::List {
            kind: ListKind::Ordered { start: 3 },
            items: vec![
                ListItem {
                    task: None,
                    blocks: vec![p(vec![t("three")])],
                },
                ListItem {
                    task: None,
                    blocks: vec![p(vec![t("four")])],
                },
            ],
        },
        Block::List {
            kind: ListKind::Bullet,
            items: vec![ListItem {
                task: None,
                blocks: vec![p(vec![t("dot")])],
            }],
        },
        Block::ThematicBreak,
        Block::Figure(Figure {
            id: "fig-1-1".to_string(),
            image: Image::Missing {
                path: PathBuf::from("images/x.jpg"),
            },
            caption: vec![t("Caption")],
            credit: Some(vec![t("Credit")]),
            at: at(9),
        }),
    ];
    one.sections = vec![Section {
        id: "sec".to_string(),
        level: 2,
        title: vec![t("Section")],
        at: at(12),
        blocks: vec![p(vec![t("again"), note_ref("one-fn-1"), t(" end")])],
    }];
    one.footnotes = vec![Footnote {
        id: "one-fn-1".to_string(),
        number: 1,
        label: "label".to_string(),
        blocks: vec![p(vec![
            t("the "),
            Inline::Emphasis {
                content: vec![t("note")],
            },
        ])],
        references: vec!["a".to_string(), "b".to_string()],
    }];
    let mut two = chapter("two", None, Some(vec![t("Unnumbered")]));
    two.blocks = vec![p(vec![t("x"), note_ref("two-fn-1")])];
    two.footnotes = vec![Footnote {
        id: "two-fn-1".to_string(),
        number: 1,
        label: "label".to_string(),
        blocks: vec![p(vec![t("other note")])],
        references: vec!["c".to_string()],
    }];
    let read = book_words(&book(vec![opening, one, two]));
    assert_eq!(
        read.words.join(" "),
        "the revolution trotsky 1 chapter one before the note after emphasis next link \
         3 three 4 four dot caption credit section again end unnumbered x other note"
    );
    let caption = read.words.iter().position(|w| w == "caption").unwrap();
    assert_eq!(read.place_of(caption), "a.md:9");
    assert_eq!(read.place_of(caption + 2), "a.md:12");
}

fn hunk(old: Range<usize>, new: Range<usize>) -> Hunk {
    Hunk { old, new }
}

fn diff_finds_removals_insertions_and_replacements() {
    let d = |a: &str, b: &str| diff(&words(a), &words(b), MAX_EDITS).unwrap();
    assert_eq!(
        d("a b c d e f", "a x c d f g"),
        [hunk(1..2, 1..2), hunk(4..5, 4..4), hunk(6..6, 5..6)]
    );
    assert_eq!(d("same words", "same words"), []);
    assert_eq!(d("", ""), []);
    assert_eq!(d("", "new"), [hunk(0..0, 0..1)]);
    assert_eq!(d("old text", ""), [hunk(0..2, 0..0)]);
    // A moved title: taken out at the start, put back after the epigraph.
    assert_eq!(
        d(
            "title words quote of ten words and more text",
            "quote of ten words and more title words text"
        ),
        [hunk(0..2, 0..0), hunk(8..8, 6..8)]
    );
}

fn diff_keeps_a_moved_stretch_whole() {
    // The title, moved past an epigraph that starts with the title's own word "the", is one
    // removal and one insertion, not `- stalin after`, a matched `the`, `- death ... the`.
    let d = |a: &str, b: &str| diff(&words(a), &words(b), MAX_EDITS).unwrap();
    assert_eq!(
        d(
            "stalin after the death of a tyrant the revolution is true and it begins by calling things fifty",
            "the revolution is true and it begins by calling things stalin after the death of a tyrant fifty"
        ),
        [hunk(0..7, 0..0), hunk(17..17, 10..17)]
    );
}

fn compaction_slides_one_sided_hunks_back_or_into_their_neighbour() {
    // `b a` removed from `p a b a c` is the same edit as `a b`: the earliest one is kept.
    let (old, new) = (words("p a b a c"), words("p a c"));
    assert_eq!(
        compact(&old, &new, vec![hunk(2..4, 2..2)]),
        [hunk(1..3, 1..1)]
    );
    // A removed `a` before a matched `a` slides forward to join the replacement after it.
    let (old, new) = (words("p a a b"), words("p a c"));
    assert_eq!(
        compact(&old, &new, vec![hunk(1..2, 1..1), hunk(3..4, 2..3)]),
        [hunk(2..4, 2..3)]
    );
    // A hunk with nothing to join stays whole and in place.
    let (old, new) = (words("p x q"), words("p q"));
    assert_eq!(
        compact(&old, &new, vec![hunk(1..2, 1..1)]),
        [hunk(1..2, 1..1)]
    );
}

fn diff_gives_up_beyond_its_limit() {
    let (a, b) = (words("a b c d"), words("w x y z"));
    assert_eq!(diff(&a, &b, 7), None);
    assert_eq!(diff(&a, &b, 8), Some(vec![hunk(0..4, 0..4)]));
}

fn diff_handles_a_book_sized_text() {
    let source: Vec<String> = (0..25_000).map(|i| format!("w{}", i % 997)).collect();
    let mut book = source.clone();
    book.remove(20_000);
    book.insert(12_000, "inserted".to_string());
    book[3] = "changed".to_string();
    assert_eq!(
        diff(&source, &book, MAX_EDITS).unwrap(),
        [
            hunk(3..4, 3..4),
            hunk(12_000..12_000, 12_000..12_001),
            hunk(20_000..20_001, 20_001..20_001)
        ]
    );
}

/// The length of the longest common subsequence, by dynamic programming.
fn lcs(a: &[String], b: &[String]) -> usize {
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut diagonal = 0;
        for (j, y) in b.iter().enumerate() {
            let up = row[j + 1];
            row[j + 1] = if x == y { diagonal + 1 } else { up.max(row[j]) };
            diagonal = up;
        }
    }
    row[b.len()]
}

proptest! {
    #![proptest_config(crate::common::proptest_config(256))]

    /// Applying the hunks to the old words gives the new ones, with the fewest edits possible.
    fn diff_is_minimal_and_rebuilds_the_new_words(
        a in prop::collection::vec("[abc]", 0..24),
        b in prop::collection::vec("[abc]", 0..24),
    ) {
        let hunks = diff(&a, &b, MAX_EDITS).unwrap();
        let mut rebuilt = Vec::new();
        let mut next = 0;
        for h in &hunks {
            prop_assert!(!(h.old.is_empty() && h.new.is_empty()));
            prop_assert!(h.old.start >= next);
            rebuilt.extend_from_slice(&a[next..h.old.start]);
            rebuilt.extend_from_slice(&b[h.new.clone()]);
            next = h.old.end;
        }
        rebuilt.extend_from_slice(&a[next..]);
        prop_assert_eq!(&rebuilt, &b);
        let edits: usize = hunks.iter().map(|h| h.old.len() + h.new.len()).sum();
        prop_assert_eq!(edits, a.len() + b.len() - 2 * lcs(&a, &b));
    }
}

const LIST: &str = "# comment\n\
    - old title | moved to book.toml\n\
    \n\
    + old title | heads the essay\n\
    - gone | replaced\n\
    + new words | replacement\n\
    + 1 | list number\n";

fn the_list_pairs_a_removal_with_the_insertion_on_the_next_line() {
    let entries = parse_entries("f", LIST).unwrap();
    let e = |line, removed: &str, added: &str| Entry {
        line,
        removed: words(removed),
        added: words(added),
    };
    assert_eq!(
        entries,
        [
            e(2, "old title", ""),
            e(4, "", "old title"),
            e(5, "gone", "new words"),
            e(7, "", "1")
        ]
    );
}

fn the_list_rejects_lines_without_reason_or_sign() {
    let err = |text: &str| parse_entries("f", text).unwrap_err();
    assert!(err("# ok\n- words\n").starts_with("f:2: no `| reason`"));
    assert!(err("- words |  \n").starts_with("f:1: the reason after `|` is empty"));
    assert!(err("+ | reason\n").starts_with("f:1: no words before"));
    assert!(err("words | reason\n").starts_with("f:1: a line must start with"));
}

fn the_check_passes_when_every_difference_is_listed_in_order() {
    let entries = parse_entries("f", LIST).unwrap();
    let source = plain("old title q1 q2 q3 sep gone mid end");
    let book = plain("q1 q2 q3 old title sep new words mid 1 end");
    assert_eq!(check(&source, &book, &entries, "f"), Ok(()));
}

fn the_check_fails_on_an_unlisted_difference_and_shows_where() {
    let entries = parse_entries("f", LIST).unwrap();
    let source = plain("w1 w2 w3 w4 old title q1 q2 q3 sep gone mid end lost");
    let book = plain("w1 w2 w3 w4 q1 q2 q3 old title sep new words mid 1 end");
    let report = check(&source, &book, &entries, "f").unwrap_err();
    assert!(report.starts_with("difference 5 of 5 "), "{report}");
    assert!(
        report.contains("source test:1: … w2 w3 w4 old title q1 q2 q3 sep gone mid end ⟦lost⟧\n"),
        "{report}"
    );
    assert!(
        report.contains("book   test:1: … w4 q1 q2 q3 old title sep new words mid 1 end ⟦⟧\n"),
        "{report}"
    );
    assert!(
        report.contains("expected here: nothing (f has no entry left)"),
        "{report}"
    );
    assert!(report.contains("\n- lost | REASON\n"), "{report}");
}

fn the_check_fails_on_a_wrong_entry_and_names_it() {
    let entries = parse_entries("f", LIST).unwrap();
    let source = plain("old title q1 q2 q3 sep gone mid end");
    let book = plain("q1 q2 q3 old title sep new word mid 1 end");
    let report = check(&source, &book, &entries, "f").unwrap_err();
    assert!(report.starts_with("difference 3 of 4 "), "{report}");
    assert!(
        report.contains("expected here: f:5: - gone + new words"),
        "{report}"
    );
    assert!(
        report.contains(
            "with its reason:\n- gone | REASON\n+ new word | REASON\n\n  \
             the differences after it (1), in the same form:\n+ 1 | REASON\n"
        ),
        "{report}"
    );
}

fn the_check_fails_on_an_unused_entry() {
    let entries = parse_entries("f", LIST).unwrap();
    let source = plain("old title q1 q2 q3 sep gone mid end");
    let book = plain("q1 q2 q3 old title sep new words mid end");
    let report = check(&source, &book, &entries, "f").unwrap_err();
    assert!(report.contains("no longer has: f:7: + 1"), "{report}");
}

fn the_check_reports_texts_too_different_to_diff() {
    let source = Words {
        words: (0..3_000).map(|i| format!("s{i}")).collect(),
        ..plain("")
    };
    let book = Words {
        words: (0..3_000).map(|i| format!("b{i}")).collect(),
        ..plain("")
    };
    let report = check(&source, &book, &[], "f").unwrap_err();
    assert!(
        report.starts_with("the book and its source differ in more than 2000 words"),
        "{report}"
    );
    assert!(report.contains("⟦s0⟧ s1 s2"), "{report}");
}
