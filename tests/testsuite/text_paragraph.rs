//! Layout dumps of typeset paragraphs: exact lines, positions and breaks, and what the engine
//! does with styles, note marks, ligatures, missing glyphs and overlong words.

use std::path::Path;
use std::sync::OnceLock;

use samizdat::model::{Inline, LinkTarget};
use samizdat::style;
use samizdat::text::shape::Features;
use samizdat::text::{
    typeset_paragraph, Align, FaceId, FontBook, Hyphenator, LineEnd, ParagraphSpec, RunLink,
    TextEngine, TypesetParagraph,
};
use samizdat::units::Pt;

use crate::common;
use crate::tools::{self, DEJAVU_DIR, DEJAVU_SERIF};

crate::tests![
    justified_paragraph_layout,
    ragged_right_paragraph_layout,
    styles_links_and_note_marks,
    oldstyle_figures_when_asked,
    missing_glyph_is_reported_with_its_place,
    overlong_word_is_an_overfull_warning,
    hard_line_break_and_no_indent,
    headings_are_never_hyphenated,
    compounds_break_after_their_hyphen,
    words_are_shaped_once,
    fallback_face_sets_what_the_body_face_lacks: [DEJAVU_SERIF],
    an_empty_paragraph_has_no_lines,
    russian_paragraph,
    style_faces_for_emphasis_and_strong,
    note_marks_without_superiors_are_scaled_and_raised: [DEJAVU_SERIF],
    addresses_break_at_slashes,
    long_numerals_break_only_when_nothing_else_sets,
    a_line_stretched_beyond_tex_hbadness_is_a_warning,
    glyphs_take_a_lines_room_before_its_spaces,
];

fn fonts() -> &'static FontBook {
    static FONTS: OnceLock<FontBook> = OnceLock::new();
    FONTS.get_or_init(|| {
        let style = style::load("default", Path::new("/nonexistent")).expect("built-in style");
        FontBook::load(&style).expect("fonts")
    })
}

fn english() -> &'static Hyphenator {
    static HYPHENATOR: OnceLock<Hyphenator> = OnceLock::new();
    HYPHENATOR
        .get_or_init(|| Hyphenator::for_language(&samizdat::model::Lang::parse("en").expect("tag")))
}

fn text(s: &str) -> Inline {
    Inline::Text { text: s.to_owned() }
}

fn spec(measure: f64) -> ParagraphSpec {
    ParagraphSpec {
        measure: Pt(measure),
        size: Pt(10.0),
        leading: Pt(13.5),
        first_indent: Pt(10.0),
        align: Align::Justified,
        hyphenate: true,
        base_face: FaceId::Regular,
        oldstyle_figures: true,
        max_consecutive_hyphens: 2,
        spacing: samizdat::text::paragraph::Spacing::default(),
        link_addresses: samizdat::style::LinkAddresses::After,
        looseness: 0,
    }
}

/// No line is wider than the measure (a narrow one may still be loose, and warned of).
fn no_overfull(set: &TypesetParagraph) -> bool {
    !set.warnings
        .iter()
        .any(|w| w.message.starts_with("overfull"))
}

fn dump(set: &TypesetParagraph) -> String {
    set.lines
        .iter()
        .zip(set.ends())
        .map(|(line, end)| format!("{} {end:?}\n", line.dump()))
        .collect()
}

const BUREAUCRACY: &str = "The revolutionary bureaucracy of the Soviet state grew out of the \
exhaustion of the working class after years of civil war, famine and isolation; the \
Bolsheviks, who had expected the international revolution to come to their aid, found \
themselves administering a backward and ruined country.";

/// The exact layout of a justified paragraph: runs, positions, ratios and how lines end.
fn justified_paragraph_layout() {
    let set = typeset_paragraph(&[text(BUREAUCRACY)], fonts(), english(), &spec(220.0), None);
    common::snapshot("text_paragraph/justified.txt", &dump(&set));
    assert!(set.warnings.is_empty());
}

/// Ragged right: natural word spaces (no line is stretched to the measure), lines of
/// unequal length, still broken as a whole paragraph.
fn ragged_right_paragraph_layout() {
    let ragged = ParagraphSpec {
        align: Align::RaggedRight,
        ..spec(220.0)
    };
    let set = typeset_paragraph(&[text(BUREAUCRACY)], fonts(), english(), &ragged, None);
    common::snapshot("text_paragraph/ragged_right.txt", &dump(&set));
}

fn styled() -> Vec<Inline> {
    vec![
        text("Lenin called it a "),
        Inline::Emphasis {
            content: vec![text("workers’ state with bureaucratic distortions")],
        },
        text(", and "),
        Inline::Strong {
            content: vec![text("warned")],
        },
        text(" the party"),
        Inline::NoteRef {
            id: "ch1-ref-1".into(),
            note: "ch1-fn-1".into(),
            number: 1,
        },
        text(" in 1922 against the "),
        Inline::Link {
            target: LinkTarget::External {
                url: "https://example.org".into(),
            },
            content: vec![text("office of the General Secretary")],
        },
        text("."),
    ]
}

fn styles_links_and_note_marks() {
    let set = typeset_paragraph(&styled(), fonts(), english(), &spec(200.0), None);
    assert_eq!(
        set.text(),
        "Lenin called it a workers’ state with bureaucratic distortions, and warned the party1 \
         in 1922 against the office of the General Secretary https://example.org."
    );
    let runs: Vec<_> = set.lines.iter().flat_map(|l| &l.runs).collect();
    let face_of = |word: &str| runs.iter().find(|r| r.text() == word).map(|r| r.face);
    assert_eq!(face_of("workers’"), Some(FaceId::Italic));
    assert_eq!(face_of("distortions"), Some(FaceId::Italic));
    assert_eq!(face_of(","), Some(FaceId::Regular));
    assert_eq!(face_of("warned"), Some(FaceId::Bold));
    // The comma after the emphasis joins its word: no space before it.
    let comma = runs.iter().find(|r| r.text() == ",").expect("comma run");
    assert!(!comma.space_before);
    // The note mark: its own run, linked to the note, on a line that lists the note.
    let mark = runs.iter().find(|r| r.text() == "1").expect("mark run");
    assert_eq!(
        mark.link.as_deref(),
        Some(&RunLink::NoteRef {
            note: "ch1-fn-1".into(),
            reference: "ch1-ref-1".into()
        })
    );
    assert!(!mark.space_before);
    let mark_line = set
        .lines
        .iter()
        .find(|l| l.runs.iter().any(|r| r.text() == "1"))
        .expect("line with the mark");
    assert_eq!(mark_line.notes, vec!["ch1-fn-1".to_owned()]);
    // Vollkorn has superior figures: the mark is the `sups` glyph at full size, not raised.
    let mut engine = TextEngine::new(fonts(), english());
    let plain = engine.shape_run("1", FaceId::Regular, Pt(10.0), Features::default());
    assert_ne!(
        mark.glyphs.iter().next().expect("a glyph").id,
        plain.glyphs.iter().next().expect("a glyph").id
    );
    assert_eq!(mark.rise, Pt::ZERO);
    // Every run of the link carries it; "office" is set with the ffi ligature, one glyph that
    // stands for three letters.
    let office = runs.iter().find(|r| r.text() == "office").expect("office");
    assert_eq!(
        office.link.as_deref(),
        Some(&RunLink::External {
            url: "https://example.org".into()
        })
    );
    let texts: Vec<&str> = office.glyphs.iter().map(|g| g.text).collect();
    assert_eq!(texts, vec!["o", "ffi", "c", "e"]);
}

fn oldstyle_figures_when_asked() {
    let mut engine = TextEngine::new(fonts(), english());
    let lining = engine.shape_run("1917", FaceId::Regular, Pt(10.0), Features::default());
    let oldstyle = Features {
        oldstyle_figures: true,
        ..Features::default()
    };
    let text_figures = engine.shape_run("1917", FaceId::Regular, Pt(10.0), oldstyle);
    assert_ne!(
        lining.glyphs.iter().next().expect("a glyph").id,
        text_figures.glyphs.iter().next().expect("a glyph").id
    );
    assert_eq!(text_figures.text(), "1917");
}

fn missing_glyph_is_reported_with_its_place() {
    let at = samizdat::model::SourcePos { line: 7, column: 3 };
    let set = typeset_paragraph(
        &[text("The character 中 is not in Vollkorn.")],
        fonts(),
        english(),
        &spec(300.0),
        Some(at),
    );
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    assert_eq!(set.warnings[0].at, Some(at));
    assert!(
        set.warnings[0].message.contains("U+4E2D"),
        "{:?}",
        set.warnings
    );
    // Not dropped: the text keeps it.
    assert!(set.text().contains('中'));
}

fn overlong_word_is_an_overfull_warning() {
    let at = samizdat::model::SourcePos { line: 3, column: 1 };
    let set = typeset_paragraph(
        &[text(
            "It is pneumonoultramicroscopicsilicovolcanoconiosis, they said.",
        )],
        fonts(),
        english(),
        &ParagraphSpec {
            hyphenate: false,
            ..spec(120.0)
        },
        Some(at),
    );
    // The word overflows its line; the line before it, left with "It is", is loose.
    let kinds: Vec<_> = set
        .warnings
        .iter()
        .map(|w| w.message.split(',').next().unwrap_or_default())
        .collect();
    assert_eq!(kinds, ["loose line", "overfull line"], "{:?}", set.warnings);
    assert!(set.warnings.iter().all(|w| w.at == Some(at)));
}

fn hard_line_break_and_no_indent() {
    let content = vec![
        text("Workers of the world,"),
        Inline::LineBreak,
        text("unite!"),
    ];
    let spec = ParagraphSpec {
        first_indent: Pt::ZERO,
        ..spec(300.0)
    };
    let set = typeset_paragraph(&content, fonts(), english(), &spec, None);
    assert_eq!(set.ends(), vec![LineEnd::LineBreak, LineEnd::End]);
    assert_eq!(set.lines[0].text(), "Workers of the world,");
    assert_eq!(set.lines[0].runs[0].x, Pt::ZERO);
    assert_eq!(set.lines[1].text(), "unite!");
}

fn headings_are_never_hyphenated() {
    let style = style::load("default", Path::new("/nonexistent")).expect("style");
    let heading = ParagraphSpec::heading(&style.style.print.text, 1, Pt(120.0));
    let set = typeset_paragraph(
        &[text(
            "Revolutionary internationalism and the bureaucratisation",
        )],
        fonts(),
        english(),
        &heading,
        None,
    );
    assert!(set.lines.len() > 1);
    assert!(
        set.ends().iter().all(|e| *e != LineEnd::SoftHyphen),
        "{:?}",
        set.ends()
    );
    assert!(set.lines.iter().all(|l| !l.hyphenated));
}

fn compounds_break_after_their_hyphen() {
    // At this measure "counter-revolutionary" must break; with hyphenation off it still
    // breaks after its own hyphen, which stays in the text.
    let set = typeset_paragraph(
        &[text("a counter-revolutionary")],
        fonts(),
        english(),
        &ParagraphSpec {
            first_indent: Pt::ZERO,
            hyphenate: false,
            ..spec(80.0)
        },
        None,
    );
    assert_eq!(
        set.ends(),
        vec![LineEnd::HardHyphen, LineEnd::End],
        "{}",
        dump(&set)
    );
    assert_eq!(set.lines[0].text(), "a counter-");
    assert_eq!(set.text(), "a counter-revolutionary");
}

fn words_are_shaped_once() {
    // A book of its own: the shared one's cache fills from tests running alongside.
    let style = style::load("default", Path::new("/nonexistent")).expect("style");
    let fonts = FontBook::load(&style).expect("fonts");
    let mut engine = TextEngine::new(&fonts, english());
    let _ = engine.typeset(&[text(BUREAUCRACY)], &spec(220.0), None);
    let cached = engine.cached_shapes();
    let _ = engine.typeset(&[text(BUREAUCRACY)], &spec(220.0), None);
    assert_eq!(engine.cached_shapes(), cached);
}

/// A character the body face lacks is set in the style's fallback face, with no warning.
fn fallback_face_sets_what_the_body_face_lacks() {
    tools::require(&DEJAVU_SERIF);
    let dir = Path::new(DEJAVU_DIR);
    let mut loaded = style::load("default", Path::new("/nonexistent")).expect("style");
    loaded.style.fonts.fallback = samizdat::style::Fallbacks::One("DejaVuSerif.ttf".to_owned());
    loaded.dir = Some(dir.to_path_buf());
    let fonts = FontBook::load(&loaded).expect("fonts with a fallback");
    let fallback = FaceId::Fallback { index: 0 };
    assert_eq!(fonts.file_name(fallback), "DejaVuSerif.ttf");
    let mut shaper = samizdat::text::shape::Shaper::new(&fonts);
    let lacking = ['♞', '∮', '⇶', 'Ꙩ', '☭']
        .into_iter()
        .find(|&c| !shaper.covers(FaceId::Regular, c) && shaper.covers(fallback, c))
        .expect("a character DejaVu Serif has and Vollkorn lacks");
    let words = format!("The sign {lacking} was everywhere.");
    let set = typeset_paragraph(&[text(&words)], &fonts, english(), &spec(300.0), None);
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    let runs: Vec<_> = set.lines.iter().flat_map(|l| &l.runs).collect();
    let sign = runs
        .iter()
        .find(|r| r.text() == lacking.to_string())
        .expect("a run of its own");
    assert_eq!(sign.face, fallback);
    assert_ne!(sign.glyphs.iter().next().expect("a glyph").id, 0);
    assert_eq!(set.text(), words);
}

fn an_empty_paragraph_has_no_lines() {
    for content in [vec![], vec![text("  ")], vec![Inline::LineBreak]] {
        let set = typeset_paragraph(&content, fonts(), english(), &spec(200.0), None);
        assert!(set.lines.is_empty() && set.ends().is_empty() && set.warnings.is_empty());
    }
    let trailing = vec![text("Signed, "), Inline::LineBreak];
    let set = typeset_paragraph(&trailing, fonts(), english(), &spec(200.0), None);
    assert_eq!(set.ends(), vec![LineEnd::End]);
    assert_eq!(set.text(), "Signed,");
}

/// Russian in Vollkorn's Cyrillic with Russian patterns: nothing missing, words come back whole,
/// and a narrow measure is met by hyphenating.
fn russian_paragraph() {
    let russian = Hyphenator::for_language(&samizdat::model::Lang::parse("ru").expect("tag"));
    let words = "Бюрократия захватила власть в государстве, которое революция создала \
                 для освобождения трудящихся, и превратила его в орудие собственного господства.";
    let set = typeset_paragraph(&[text(words)], fonts(), &russian, &spec(150.0), None);
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
    assert_eq!(set.text(), words);
    assert!(set.lines.len() >= 4, "{}", dump(&set));
    assert!(set.ends().contains(&LineEnd::SoftHyphen), "{}", dump(&set));
    assert!(set.lines[..set.lines.len() - 1]
        .iter()
        .all(|l| (l.width.0 - 150.0).abs() < 0.01));
}

/// The style chooses the faces of emphasis and strong; nested emphasis turns upright.
fn style_faces_for_emphasis_and_strong() {
    let mut loaded = style::load("default", Path::new("/nonexistent")).expect("style");
    loaded.style.print.text.faces.italic = style::FaceName::BoldItalic;
    let fonts = FontBook::load(&loaded).expect("fonts");
    let content = vec![
        Inline::Emphasis {
            content: vec![
                text("loud "),
                Inline::Emphasis {
                    content: vec![text("quiet")],
                },
            ],
        },
        text(" "),
        Inline::Strong {
            content: vec![text("strong")],
        },
    ];
    let set = typeset_paragraph(&content, &fonts, english(), &spec(300.0), None);
    let faces: Vec<(String, FaceId)> = set.lines[0]
        .runs
        .iter()
        .map(|r| (r.text(), r.face))
        .collect();
    assert_eq!(
        faces,
        vec![
            ("loud".to_owned(), FaceId::BoldItalic),
            ("quiet".to_owned(), FaceId::Bold),
            ("strong".to_owned(), FaceId::Bold),
        ]
    );
}

/// A face without superior figures gets note marks scaled and raised.
fn note_marks_without_superiors_are_scaled_and_raised() {
    tools::require(&DEJAVU_SERIF);
    let dir = Path::new(DEJAVU_DIR);
    let mut loaded = style::load("default", Path::new("/nonexistent")).expect("style");
    loaded.style.fonts.regular = "DejaVuSerif.ttf".to_owned();
    loaded.dir = Some(dir.to_path_buf());
    let fonts = FontBook::load(&loaded).expect("fonts");
    let mut shaper = samizdat::text::shape::Shaper::new(&fonts);
    assert!(!shaper.has_superiors(FaceId::Regular));
    assert!(
        shaper.has_superiors(FaceId::Italic),
        "Vollkorn Italic has `sups`"
    );
    let content = vec![
        text("As Lenin wrote"),
        Inline::NoteRef {
            id: "r".into(),
            note: "n".into(),
            number: 12,
        },
        text("."),
    ];
    let set = typeset_paragraph(&content, &fonts, english(), &spec(300.0), None);
    let mark = set.lines[0]
        .runs
        .iter()
        .find(|r| r.text() == "12")
        .expect("mark");
    assert_eq!(mark.size, Pt(7.0));
    assert!((mark.rise.0 - 3.3).abs() < 1e-9, "{:?}", mark.rise);
    assert!(set.lines[0].ascent >= fonts.ascender(FaceId::Regular, Pt(10.0)));
}

/// A web address breaks after its slashes, without a hyphen, and is never hyphenated; in a
/// measure where that would leave a line with huge word spaces, it breaks inside a piece instead
/// (LaTeX's `xurl`), and no line is loose.
fn addresses_break_at_slashes() {
    let address = "https://www.marxists.org/archive/trotsky/works/1936-rev/index.htm";
    let sentence =
        format!("The text of the book, as Trotsky wrote it in 1936, is at {address} for anyone.");
    let set = |measure: f64| {
        let set = typeset_paragraph(&[text(&sentence)], fonts(), english(), &spec(measure), None);
        assert!(
            set.warnings.is_empty(),
            "{:?}\n{}",
            set.warnings,
            dump(&set)
        );
        assert!(!set.ends().contains(&LineEnd::SoftHyphen), "{}", dump(&set));
        assert_eq!(set.text(), sentence);
        set
    };
    let wide = set(220.0);
    assert!(wide.ends().contains(&LineEnd::Dash), "{}", dump(&wide));
    assert!(
        !wide.ends().contains(&LineEnd::InAddress),
        "{}",
        dump(&wide)
    );
    // At 160 the slashes alone leave a line of the address with huge word spaces.
    let narrow = set(160.0);
    assert!(
        narrow.ends().contains(&LineEnd::InAddress),
        "{}",
        dump(&narrow)
    );
}

/// A numeral too long for the measure breaks after a thousands separator, without a hyphen,
/// rather than overflowing or leaving huge word spaces; where the paragraph sets without it, the
/// numeral stays whole.
fn long_numerals_break_only_when_nothing_else_sets() {
    let sentence = "Prices rose by 1,000,000,000,000,000 percent in a year.";
    let narrow = typeset_paragraph(&[text(sentence)], fonts(), english(), &spec(80.0), None);
    assert!(no_overfull(&narrow), "{:?}", narrow.warnings);
    assert!(
        narrow.ends().contains(&LineEnd::InNumber),
        "{}",
        dump(&narrow)
    );
    assert!(
        narrow.lines.iter().all(|l| !l.text().ends_with('-')),
        "{}",
        dump(&narrow)
    );
    assert_eq!(narrow.text(), sentence);
    let long = "Inflation, already skyrocketing during 1922, became astronomical, probably \
                in the region of 1,000,000,000,000,000 percent during the two years that \
                followed, and the savings of the middle class were wiped out in months.";
    for measure in [200.0, 250.0, 300.0] {
        let set = typeset_paragraph(&[text(long)], fonts(), english(), &spec(measure), None);
        assert!(!set.ends().contains(&LineEnd::InNumber), "{}", dump(&set));
        assert_eq!(set.text(), long);
    }
}

/// A line whose word spaces stretch beyond what TeX would call underfull (nothing near it can
/// break) is a warning that quotes it and says what helps; a paragraph set within the tolerance
/// has none.
fn a_line_stretched_beyond_tex_hbadness_is_a_warning() {
    let sentence = "The price of a loaf rose 123456789012345678901234 times in a year.";
    let set = typeset_paragraph(&[text(sentence)], fonts(), english(), &spec(150.0), None);
    let loose: Vec<_> = set
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("loose line, word spaces"))
        .collect();
    assert_eq!(loose.len(), 1, "{:?}\n{}", set.warnings, dump(&set));
    assert!(
        loose[0].message.contains("“The price of a loaf rose”"),
        "{:?}",
        loose[0]
    );
    assert!(loose[0]
        .hint
        .as_deref()
        .is_some_and(|h| h.contains("soft hyphen")));
    let even = typeset_paragraph(&[text(sentence)], fonts(), english(), &spec(300.0), None);
    assert!(even.warnings.is_empty(), "{:?}", even.warnings);
}

/// A justified line's glyphs take its room before its word spaces: font expansion and letter
/// spacing each take the same share of their most, and the spaces move only when that share is
/// all of it. A tracked run is as wide as its glyphs' advances, and letter spacing off tracks
/// nothing.
fn glyphs_take_a_lines_room_before_its_spaces() {
    let spacing = samizdat::text::paragraph::Spacing::default();
    let set = typeset_paragraph(&[text(BUREAUCRACY)], fonts(), english(), &spec(220.0), None);
    let (mut tracked, mut spread) = (0, 0);
    for line in &set.lines[..set.lines.len() - 1] {
        let mut shares = Vec::new();
        for run in &line.runs {
            let by_expansion = (run.glyphs.expansion() - 1.0) / spacing.expansion;
            let by_tracking = run.glyphs.tracking().0 / (run.size.0 * spacing.letter_spacing);
            assert!((by_expansion - by_tracking).abs() < 1e-9, "{}", line.dump());
            let advances: f64 = run.glyphs.iter().map(|g| g.advance.0).sum();
            assert!((advances - run.width().0).abs() < 1e-9, "{}", line.dump());
            shares.push(by_tracking);
        }
        let share = shares[0];
        assert!(shares.iter().all(|s| (s - share).abs() < 1e-9) && share.abs() <= 1.0);
        if (line.spacing - 1.0).abs() > 1e-9 {
            // The spaces moved: the glyphs gave all they could, the same way.
            assert!((share.abs() - 1.0).abs() < 1e-9, "{}", line.dump());
            assert_eq!(share > 0.0, line.spacing > 1.0, "{}", line.dump());
            spread += 1;
        }
        tracked += usize::from(share != 0.0);
    }
    assert!(tracked >= 3 && spread >= 1, "{}", dump(&set));
    let plain = ParagraphSpec {
        spacing: samizdat::text::paragraph::Spacing {
            letter_spacing: 0.0,
            ..spacing
        },
        ..spec(220.0)
    };
    let set = typeset_paragraph(&[text(BUREAUCRACY)], fonts(), english(), &plain, None);
    let mut runs = set.lines.iter().flat_map(|line| &line.runs);
    assert!(runs.all(|run| run.glyphs.tracking() == Pt::ZERO));
}
