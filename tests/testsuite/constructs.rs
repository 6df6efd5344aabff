//! Tables, code and every inline construct in the PDF: the technical test book
//! (`tests/books/technical/`) through the whole pipeline and the validators, and each construct's
//! typesetting on its own.

use std::path::{Path, PathBuf};

use samizdat::build::{build, BuildOptions, Format, Status};
use samizdat::layout::{Item, Layout};
use samizdat::model::{Block, Inline, SourcePos};
use samizdat::text::code::CONTINUATION_MARK;
use samizdat::text::{CodeSpec, FaceId, FontBook, Hyphenator, TextEngine};
use samizdat::units::Pt;

use crate::common::model_books::{self as book, chapter};
use crate::common::{self, epubcheck, pdf_tools};

crate::tests![
    technical_book_builds_without_errors_or_warnings,
    technical_book_passes_the_validators_and_reads_back: [EPUBCHECK, QPDF, PDFFONTS, PDFTOTEXT],
    code_keeps_indentation_and_tabs_and_wraps_with_a_mark,
    a_long_table_repeats_its_header_on_each_page,
    headings_of_levels_three_to_six_differ,
    strikethrough_is_a_rule_through_its_words,
    a_chapter_of_code_has_no_ratio,
    a_character_no_face_has_names_its_script,
    inline_code_is_never_hyphenated,
    every_glyph_copies_out_as_its_own_text: [QPDF, PDFTOTEXT],
];

fn technical_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/technical")
}

/// The technical book's EPUB and PDF, with the build's diagnostics.
fn build_technical() -> samizdat::build::BookBuild {
    let options = BuildOptions {
        formats: vec![Format::Epub, Format::Pdf],
        ..BuildOptions::default()
    };
    build(&technical_dir(), &options)
}

fn output<'b>(built: &'b samizdat::build::BookBuild, extension: &str) -> &'b [u8] {
    &built
        .outputs
        .iter()
        .find(|o| o.file_name.ends_with(extension))
        .unwrap_or_else(|| panic!("no {extension} output"))
        .bytes
}

/// The technical book laid out, as the PDF writer receives it.
fn technical_layout() -> Layout {
    let dir = technical_dir();
    let parsed = common::parse(&dir);
    let book = parsed.book.expect("the technical book");
    let style = samizdat::style::load(&book.style, &dir).expect("its style");
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_book(&book, &style.style.print.text);
    samizdat::layout::paginate(&book, &style, &fonts, &hyphenator).layout
}

/// Each page's text runs, joined.
fn page_texts(layout: &Layout) -> Vec<String> {
    layout
        .pages
        .iter()
        .map(|page| {
            page.items
                .iter()
                .filter_map(|item| match item {
                    Item::Text(run) => Some(run.text()),
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

fn technical_book_builds_without_errors_or_warnings() {
    let built = build_technical();
    let messages: Vec<String> = built.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(built.status, Status::Built, "{messages:#?}");
    assert!(messages.is_empty(), "{messages:#?}");
    let report = built.report.expect("a report");
    crate::log!("{}", report.summary());
    assert_eq!(report.overfull_lines, 0, "{report:?}");
    assert_eq!(report.notes_off_page, 0, "{report:?}");
    assert!(report.mean_ratio.is_some_and(f64::is_finite), "{report:?}");
}

fn technical_book_passes_the_validators_and_reads_back() {
    let built = build_technical();
    assert_eq!(built.status, Status::Built);
    epubcheck::assert_clean(output(&built, ".epub"), "technical");
    let path = common::output_dir("constructs-technical").join("technical.pdf");
    std::fs::write(&path, output(&built, ".pdf")).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
    pdf_tools::assert_fonts_embedded_and_subset(&path);
    let (_, fonts, _) = pdf_tools::run_tool(&crate::tools::PDFFONTS, &[], &path, &[]);
    assert!(
        fonts
            .lines()
            .any(|row| row.contains("+DejaVuSansMono ") && row.contains(" yes yes yes ")),
        "the monospaced face is not embedded and subset:\n{fonts}"
    );
    // Runs of spaces (the code's alignment) read back as one.
    let text = pdf_tools::words(&pdf_tools::pdftotext(&path)).join(" ");
    for expected in [
        "fn count_words(text: &str) -> usize {",
        "def count_words(text):",
        "int main(void) {",
        "☑ Write the parser",
        "☐ Set the tables",
        "ἐν ἀρχῇ ἦν ὁ λόγος",
        "«Государство и революция»",
        "∀x ∈ ℝ",
        "counts[word] = (counts[word] || 0) + 1;",
        "• a text to read;",
        "2. Count each word.",
        "Read the source, not the documentation.",
        "Glyph The shape of a character in a face.",
        "Kerning Space added or removed between two letters.",
        "DejaVu Sans Mono",
        "An inline note, numbered as the others are.",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
    assert!(text.contains(CONTINUATION_MARK), "no continuation mark");
    let heads = text.matches("What it does").count();
    assert!(
        heads >= 2,
        "the long table's header is printed {heads} times"
    );
}

fn code_keeps_indentation_and_tabs_and_wraps_with_a_mark() {
    let style = samizdat::style::load("default", Path::new(".")).expect("style");
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_language(&samizdat::model::Lang::english());
    let mut engine = TextEngine::new(&fonts, &hyphenator);
    let spec = CodeSpec {
        size: Pt(8.5),
        leading: Pt(13.5),
        measure: Pt(200.0),
    };
    let long = "let configuration = load_configuration_from_file(path_to_the_configuration_file)?;";
    let set = engine.set_code(
        &format!("fn main() {{\n\tif x {{\n\t\ty\n  }}\n\n{long}"),
        &spec,
        None,
    );
    let texts: Vec<String> = set.lines.iter().map(|l| l.text()).collect();
    assert_eq!(texts[0], "fn main() {");
    assert_eq!(texts[1], "    if x {", "a tab is four columns");
    assert_eq!(texts[2], "        y");
    assert_eq!(texts[3], "  }");
    assert_eq!(texts[4], "", "a blank line is kept");
    let wrapped = &set.lines[5..];
    assert!(wrapped.len() >= 2, "{texts:?}");
    for line in &wrapped[..wrapped.len() - 1] {
        let mark = line.runs.last().expect("runs");
        assert_eq!(mark.text(), CONTINUATION_MARK.to_string());
        assert!(line.width <= spec.measure + Pt(0.1), "{}", line.text());
    }
    let rejoined: String = wrapped
        .iter()
        .map(|l| l.text().trim_end_matches(CONTINUATION_MARK).to_owned())
        .collect();
    assert_eq!(rejoined.replace(' ', ""), long.replace(' ', ""));
    assert!(set.lines.iter().all(|l| !l.hyphenated));
    assert!(set
        .lines
        .iter()
        .flat_map(|l| &l.runs)
        .all(|r| r.face == FaceId::Mono));
    assert!(set.warnings.is_empty(), "{:?}", set.warnings);
}

fn a_long_table_repeats_its_header_on_each_page() {
    let layout = technical_layout();
    let pages: Vec<usize> = page_texts(&layout)
        .iter()
        .enumerate()
        .filter(|(_, text)| text.contains("module_"))
        .map(|(n, _)| n)
        .collect();
    assert!(
        pages.len() >= 2,
        "the long table is on {} pages",
        pages.len()
    );
    for n in pages {
        let text = &page_texts(&layout)[n];
        assert!(text.contains("Module"), "page {n} has no header: {text}");
        let rules = layout.pages[n]
            .items
            .iter()
            .filter(|item| matches!(item, Item::Rule { .. }))
            .count();
        assert!(rules >= 2, "page {n} has {rules} rules");
    }
}

fn headings_of_levels_three_to_six_differ() {
    let layout = technical_layout();
    let mut styles = Vec::new();
    for title in ["third-level", "fourth-level", "fifth-level", "sixth-level"] {
        let run = layout
            .pages
            .iter()
            .flat_map(|p| &p.items)
            .find_map(|item| match item {
                Item::Text(run) if run.text().contains(title) => Some(run),
                _ => None,
            })
            .unwrap_or_else(|| panic!("no heading {title}"));
        styles.push((run.face, run.size.0.to_bits()));
    }
    let mut distinct = styles.clone();
    distinct.sort_by_key(|(face, size)| (face.index(), *size));
    distinct.dedup();
    assert_eq!(distinct.len(), 4, "{styles:?}");
}

fn strikethrough_is_a_rule_through_its_words() {
    let layout = technical_layout();
    let page = layout
        .pages
        .iter()
        .find(|p| {
            p.items
                .iter()
                .any(|i| matches!(i, Item::Text(run) if run.text() == "struck"))
        })
        .expect("the page with struck text");
    let (word_x, word_y, word_width) = page
        .items
        .iter()
        .find_map(|i| match i {
            Item::Text(run) if run.text() == "struck" => Some((run.x, run.y, run.width())),
            _ => None,
        })
        .expect("the word");
    let through = page.items.iter().any(|i| match i {
        Item::Rule { x, y, width, .. } => {
            (*x - word_x).0.abs() < 0.01
                && (*width - word_width).0.abs() < 0.01
                && *y < word_y
                && *y > word_y - Pt(6.0)
        }
        _ => false,
    });
    assert!(through, "no rule through “struck”");
}

fn a_chapter_of_code_has_no_ratio() {
    let code = Block::CodeBlock {
        text: "fn main() {\n    println!(\"hi\");\n}\n".to_owned(),
        language: Some("rust".to_owned()),
        at: SourcePos::default(),
    };
    let b = book::book("Code", vec![chapter("c", 1, "Only code", vec![code])]);
    let built = pdf_tools::build_pdf(&b, Path::new("."), &samizdat::pdf::PdfOptions::default())
        .expect("build");
    let report = built.report;
    assert_eq!(report.mean_ratio, None, "{report:?}");
    assert_eq!(report.p95_ratio, None, "{report:?}");
    let summary = report.summary();
    assert!(
        !summary.contains("inf") && !summary.contains("NaN"),
        "{summary}"
    );
    let json = serde_json::to_string(&report).expect("json");
    assert!(json.contains("\"mean_ratio\":null"), "{json}");
}

fn a_character_no_face_has_names_its_script() {
    let style = samizdat::style::load("default", Path::new(".")).expect("style");
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_language(&samizdat::model::Lang::english());
    let mut engine = TextEngine::new(&fonts, &hyphenator);
    let content = [Inline::Text {
        text: "Greek λόγος is set; 漢 is not.".to_owned(),
    }];
    let spec = samizdat::text::ParagraphSpec::body(&style.style.print.text, Pt(300.0));
    let set = engine.typeset(&content, &spec, None);
    assert_eq!(set.warnings.len(), 1, "{:?}", set.warnings);
    let warning = &set.warnings[0];
    assert!(warning.message.contains("U+6F22"), "{}", warning.message);
    assert!(
        warning.message.contains("Han script"),
        "{}",
        warning.message
    );
    assert!(
        warning.message.contains("DejaVuSerif.ttf"),
        "{}",
        warning.message
    );
    let hint = warning.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("fallback"), "{hint}");
}

fn inline_code_is_never_hyphenated() {
    let style = samizdat::style::load("default", Path::new(".")).expect("style");
    let fonts = FontBook::load(&style).expect("fonts");
    let hyphenator = Hyphenator::for_language(&samizdat::model::Lang::english());
    let mut engine = TextEngine::new(&fonts, &hyphenator);
    let content = [
        Inline::Text {
            text: "Call the function ".to_owned(),
        },
        Inline::Code {
            text: "internationalization".to_owned(),
        },
        Inline::Text {
            text: " and then the internationalization of everything else follows.".to_owned(),
        },
    ];
    for measure in [60.0, 80.0, 100.0, 120.0] {
        let spec = samizdat::text::ParagraphSpec::body(&style.style.print.text, Pt(measure));
        let set = engine.typeset(&content, &spec, None);
        for line in &set.lines {
            let last = line.runs.last().expect("a run");
            assert!(
                !(line.hyphenated && last.face == FaceId::Mono),
                "code hyphenated at {measure} pt: {}",
                line.text()
            );
        }
        let code: Vec<String> = set
            .lines
            .iter()
            .flat_map(|l| &l.runs)
            .filter(|r| r.face == FaceId::Mono)
            .map(|r| r.text())
            .collect();
        assert_eq!(code, vec!["internationalization"], "at {measure} pt");
    }
}

/// Two characters no face has (both drawn as the box of `.notdef`), and a base letter alone and
/// in a composed cluster: each copies out as itself.
fn every_glyph_copies_out_as_its_own_text() {
    let text = "Boxes \u{D06} and \u{CAB}; \u{3B7} alone and \u{1FC7} composed, \u{1F10}\u{3BD}.";
    let b = book::book(
        "Glyphs",
        vec![chapter(
            "c",
            1,
            "Glyphs",
            vec![Block::Paragraph {
                content: book::text(text),
                at: SourcePos::default(),
            }],
        )],
    );
    let built = pdf_tools::build_pdf(&b, Path::new("."), &samizdat::pdf::PdfOptions::default())
        .expect("build");
    let path = common::output_dir("constructs-glyphs").join("glyphs.pdf");
    std::fs::write(&path, &built.bytes).expect("write");
    pdf_tools::assert_qpdf_clean(&path);
    let read = pdf_tools::words(&pdf_tools::pdftotext(&path)).join(" ");
    assert!(read.contains(text), "{read}");
}
