//! The bundled books through the whole print pipeline: the "done when" of issues 4 and 5 that
//! page layout and the PDF writer answer for.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::common::pdf_tools::build_pdf;
use samizdat::diag::{Code, Diagnostic, Severity};
use samizdat::layout::{Depth, Report};
use samizdat::pdf::PdfOptions;
use samizdat::style::{PageStyle, WidowControl};

use crate::common::{self, pdf_tools};

crate::tests![
    russia_bureaucracy: [RUSSIA_BUREAUCRACY],
    russia_bureaucracy_passes_the_validators: [RUSSIA_BUREAUCRACY, QPDF, PDFFONTS, PDFTOTEXT, GS],
    stalin_50_years: [STALIN_50_YEARS],
    stalin_50_years_passes_the_validators: [STALIN_50_YEARS, QPDF, PDFFONTS, PDFTOTEXT, GS],
    long_and_short_pages_come_in_spreads: [RUSSIA_BUREAUCRACY, STALIN_50_YEARS],
    each_page_to_mend_is_a_note_at_the_text_to_edit: [RUSSIA_BUREAUCRACY],
];

const BOOKS: [&str; 2] = ["russia-bureaucracy", "stalin-50-years"];

/// A bundled book's PDF, written under `target/tmp/pdf_bundled/`, and its report.
struct Built {
    path: PathBuf,
    report: Report,
    /// Paths relative to the book folder.
    warnings: Vec<Diagnostic>,
}

/// Builds a bundled book once for both of its tests.
fn built(name: &str) -> &'static Built {
    static BUILT: [OnceLock<Built>; 2] = [OnceLock::new(), OnceLock::new()];
    let index = BOOKS
        .iter()
        .position(|b| *b == name)
        .expect("a bundled book");
    BUILT[index].get_or_init(|| {
        let dir = Path::new("manuscript").join(name);
        let parsed = samizdat::parse(&dir);
        let book = parsed.book.expect("the bundled book parses");
        let built = build_pdf(&book, &dir, &PdfOptions::default()).expect("build");
        let path = common::output_dir(&format!("pdf_bundled-{name}")).join(format!("{name}.pdf"));
        std::fs::write(&path, &built.bytes).expect("write");
        Built {
            path,
            report: built.report,
            warnings: built.warnings,
        }
    })
}

/// The print-quality report: no overfull or loose line, issue 15's even spacing with few hyphens,
/// no hole, stranded heading or note off its page.
fn check_report(name: &str) {
    let r = &built(name).report;
    crate::log!("{name}: {}", r.summary());
    assert_eq!(r.overfull_lines, 0, "{name}: {}", r.summary());
    // Not one line stretched beyond TeX's \hbadness (book 1 had one before a long numeral).
    assert_eq!(r.loose_lines, 0, "{name}: {}", r.summary());
    // At most 5 % of line ends hyphenated, two in a row, and word spaces whose 95th percentile is
    // at most 1.36 times their median (the report reads them from inside as pdfstats.py does
    // from the PDF: 1.34 and 1.32 here against its 1.33 and 1.28).
    assert!(r.hyphenated_percent <= 5.0, "{name}: {}", r.summary());
    assert!(r.longest_hyphen_run <= 2, "{name}: {}", r.summary());
    assert!(r.space_spread <= 1.36, "{name}: {}", r.summary());
    assert_eq!(
        (r.stranded_headings, r.notes_off_page),
        (0, 0),
        "{name}: {}",
        r.summary()
    );
    // No hole, and so no widow or orphan: widow control gives way only to fill a page (see
    // `russia_bureaucracy` for the one place it does).
    assert_eq!(r.pages_with_holes, 0, "{name}: {}", r.summary());
}

/// The PDF passes qpdf, embeds subset fonts, reads back as text and renders in Ghostscript.
fn check_validators(name: &str) {
    let path = &built(name).path;
    pdf_tools::assert_qpdf_clean(path);
    pdf_tools::assert_fonts_embedded_and_subset(path);
    let text = pdf_tools::pdftotext(path);
    assert!(pdf_tools::words(&text).len() > 1000, "{name}: little text");
    // Ligatures copy as their letters, never as presentation forms or U+FFFD.
    assert!(!text.contains(['\u{FB00}', '\u{FB01}', '\u{FB02}', '\u{FB03}', '\u{FFFD}']));
    pdf_tools::assert_gs_renders_silently(path);
}

fn russia_bureaucracy() {
    check_report("russia-bureaucracy");
    // Where the book's floats and page feet stand (issue 15 asks for at most 3 and no hole): a
    // ratchet, so a change to the page breaker cannot quietly lose ground.
    let r = &built("russia-bureaucracy").report;
    assert!(r.figures_deferred <= 3, "{}", r.summary());
    // The opening page of chapter 18 (folio 84) has no hole only because widow control gives
    // way: the paragraph after it needs a line more for its note than the page has, and no
    // paragraph there can be set a line longer or shorter. Folio 85 begins with its last line.
    assert_eq!((r.widows, r.orphans), (1, 0), "{}", r.summary());
    // Chapter 12's last page had two lines: a paragraph before it set a line longer (`mend`)
    // gives it four.
    assert_eq!(r.runt_pages, 0, "{}", r.summary());
    // Facing pages whose feet are apart, a ratchet too: folios 22 (widow control) and 84 (a
    // line short, before its widow).
    assert!(r.spreads_feet_apart <= 2, "{}", r.summary());
    // Paragraphs set a line longer or shorter: few, and only where they mend a page (folio 62,
    // which gives chapter 12's last page its four lines).
    assert!(r.paragraphs_loosened <= 1, "{}", r.summary());
    // Every line of running text on the baseline grid (42 % of them were off it before it).
    assert_eq!(r.lines_off_grid, 0, "{}", r.summary());
    // The remedy used sparingly: about one spread in five.
    assert!(r.pages_long + r.pages_short <= 24, "{}", r.summary());
}

fn russia_bureaucracy_passes_the_validators() {
    check_validators("russia-bureaucracy");
    // Its 23 entries of contents close up onto page v, rather than run three onto page vi.
    let text = pdf_tools::pdftotext(&built("russia-bureaucracy").path);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    assert!(pages[4].contains("Contents") && pages[4].contains("Conclusion"));
    assert!(pages[5].trim().is_empty(), "page vi: {}", pages[5]);
}

fn stalin_50_years() {
    check_report("stalin-50-years");
    let r = &built("stalin-50-years").report;
    assert_eq!((r.widows, r.orphans), (0, 0), "{}", r.summary());
    assert_eq!(r.runt_pages, 0, "{}", r.summary());
    assert!(r.spreads_feet_apart <= 1, "{}", r.summary());
    assert_eq!(r.lines_off_grid, 0, "{}", r.summary());
}

fn stalin_50_years_passes_the_validators() {
    check_validators("stalin-50-years");
}

/// Pages off the text block's depth come in spreads: a verso a line long or short faces a recto
/// of the same depth, and so does such a recto its verso, unless it opens a chapter (it faces the
/// end of the chapter before, whose length is free).
fn long_and_short_pages_come_in_spreads() {
    let mut spreads = 0;
    for name in ["russia-bureaucracy", "stalin-50-years"] {
        let dir = Path::new("manuscript").join(name);
        let book = samizdat::parse(&dir).book.expect("parses");
        let style = samizdat::style::load(&book.style, &dir).expect("style");
        let fonts = samizdat::text::FontBook::load(&style).expect("fonts");
        let hyphenator = samizdat::text::Hyphenator::for_book(&book, &style.style.print.text);
        let pages = samizdat::layout::paginate(&book, &style, &fonts, &hyphenator)
            .layout
            .pages;
        for (i, page) in pages.iter().enumerate() {
            if page.depth == Depth::Full {
                continue;
            }
            let depth = page.depth;
            if i % 2 == 1 {
                assert!(
                    pages.get(i + 1).is_some_and(|p| p.depth == depth),
                    "{name}: {depth:?} verso {i} faces a recto of another depth"
                );
                spreads += 1;
            } else if !page.opening {
                assert_eq!(pages[i - 1].depth, depth, "{name}: {depth:?} recto {i}");
            }
        }
    }
    // The bundled books hold such spreads, or the test tests nothing. (Since the spreads' search
    // weighs a page with notes as ending at their foot, they hold only long ones; short spreads
    // are checked on random chapters by the unit tests of `layout::spreads`.)
    assert!(spreads > 0, "no spread off the block's depth");
}

/// Each page the report counts as one to mend (a figure after its call's page, a hole, a runt,
/// a widow or an orphan) is also a note at the place in the manuscript to edit, on the page the
/// report names: the figure's own line for a figure, the paragraph the next page begins in for a
/// hole, the paragraph of the lone line for a widow. Book 1 as built has figures and a widow to
/// note; with widow control always kept (`widow_control = "always"`) it has the hole instead.
fn each_page_to_mend_is_a_note_at_the_text_to_edit() {
    let built = built("russia-bureaucracy");
    let notes = check_notes(built);
    assert!(
        notes.deferred > 0 && notes.widows > 0,
        "{}",
        built.report.summary()
    );
    assert_eq!(notes.holes, 0, "{}", built.report.summary());
    let strict = russia_with(|page| page.widow_control = WidowControl::Always);
    let notes = check_notes(&strict);
    let summary = strict.report.summary();
    assert!(notes.deferred > 0 && notes.holes > 0, "{summary}");
    assert_eq!(notes.widows + notes.orphans, 0, "{summary}");
    // Lone lines the style allows (one line is enough) are counted, but they are the style's
    // choice, not a page to mend: no note.
    let allowed = russia_with(|page| (page.widows, page.orphans) = (1, 1));
    let lone = |code: Code| allowed.warnings.iter().filter(|d| d.code() == code).count();
    assert!(allowed.report.widows > 1, "{}", allowed.report.summary());
    assert_eq!(lone(Code::PageWidow) + lone(Code::PageOrphan), 0);
}

/// Book 1 built with its page style changed by `change`.
fn russia_with(change: fn(&mut PageStyle)) -> Built {
    let dir = Path::new("manuscript").join("russia-bureaucracy");
    let book = samizdat::parse(&dir).book.expect("the bundled book parses");
    let mut style = samizdat::style::load(&book.style, &dir).expect("style");
    change(&mut style.style.print.page);
    let built = samizdat::build::print(&book, &style, &dir, &PdfOptions::default());
    let built = built.expect("build");
    Built {
        path: PathBuf::new(),
        report: built.report,
        warnings: built.warnings,
    }
}

/// How many notes of each kind [`check_notes`] found.
struct NotesFound {
    deferred: usize,
    holes: usize,
    widows: usize,
    orphans: usize,
}

/// Checks that the notes of book 1 as `built` are one for each page its report counts as one to
/// mend, each at the text to edit.
fn check_notes(built: &Built) -> NotesFound {
    let name = "russia-bureaucracy";
    let r = &built.report;
    let notes: Vec<&Diagnostic> = (built.warnings.iter())
        .filter(|d| d.severity == Severity::Note)
        .collect();
    let of = |code: Code| -> Vec<&Diagnostic> {
        notes.iter().copied().filter(|d| d.code() == code).collect()
    };
    let (deferred, holes, runts) = (
        of(Code::FigureDeferred),
        of(Code::PageHole),
        of(Code::PageRunt),
    );
    let (widows, orphans) = (of(Code::PageWidow), of(Code::PageOrphan));
    assert_eq!(
        (deferred.len(), holes.len(), runts.len()),
        (r.figures_deferred, r.pages_with_holes, r.runt_pages),
        "{notes:#?}"
    );
    assert_eq!((widows.len(), orphans.len()), (r.widows, r.orphans));
    let noted = [&deferred, &holes, &runts, &widows, &orphans];
    assert_eq!(notes.len(), noted.iter().map(|n| n.len()).sum::<usize>());
    let source = |d: &Diagnostic| -> Vec<String> {
        let text = std::fs::read_to_string(Path::new("manuscript").join(name).join(&d.file))
            .expect("the note's file is the book's");
        text.lines().map(str::to_owned).collect()
    };
    let line_of = |d: &Diagnostic| -> String {
        let at = d.pos.expect("a note has a position");
        source(d)
            .get(at.line as usize - 1)
            .cloned()
            .unwrap_or_default()
    };
    let names = |note: &Diagnostic, pages: &[String], pattern: fn(&str) -> String| {
        pages
            .iter()
            .any(|page| note.message.contains(&pattern(page)))
    };
    // Line `line` of a note's file is a paragraph's first line, above the note's place: its text.
    let first_line_above = |note: &Diagnostic, line: usize| -> String {
        let lines = source(note);
        assert!(line < note.pos.map_or(0, |at| at.line as usize), "{note}");
        assert!(
            lines[line - 2].trim().is_empty(),
            "{note}: not a paragraph's first line"
        );
        lines[line - 1].clone()
    };
    let mut paragraphs_named = 0;
    for note in &deferred {
        assert!(line_of(note).starts_with("!["), "{note}");
        let pages = &r.pages_with.deferred_figures;
        assert!(
            names(note, pages, |p| format!("stands on page {p},")),
            "{note}"
        );
        // The paragraph the hint would have it set before: one that begins above the figure.
        let hint = note.hint.as_deref().unwrap_or_default();
        if !hint.starts_with("placed before the paragraph at line ") {
            continue;
        }
        let line = paragraph_named(note).expect("a line");
        let text = first_line_above(note, line);
        assert!(text.starts_with(opens_a_paragraph), "{note}");
        paragraphs_named += 1;
    }
    // On book 1 every deferred figure has such a paragraph on its call's page.
    assert_eq!(paragraphs_named, deferred.len());
    for note in &holes {
        let text = line_of(note);
        assert!(text.starts_with(opens_a_paragraph), "{note}: {text}");
        assert!(
            names(note, &r.pages_with.holes, |p| format!("page {p} ends ")),
            "{note}"
        );
        // The paragraph to lengthen: one on the page, so above the text the next page begins in.
        let line = paragraph_named(note).expect("a paragraph named");
        first_line_above(note, line);
    }
    for note in &runts {
        let pages = &r.pages_with.runts;
        assert!(
            names(note, pages, |p| format!("page {p} ends its chapter")),
            "{note}"
        );
    }
    // A widow's note is at its paragraph, and says what keeps its lines together.
    for note in widows.iter().chain(&orphans) {
        assert!(line_of(note).starts_with(opens_a_paragraph), "{note}");
        let hint = note.hint.as_deref().unwrap_or_default();
        assert!(hint.contains("widow_control = \"always\""), "{note}");
    }
    NotesFound {
        deferred: deferred.len(),
        holes: holes.len(),
        widows: widows.len(),
        orphans: orphans.len(),
    }
}

/// Whether `c` may open the first line of a paragraph of text in Markdown: a letter, the
/// quotation mark or bracket before one, or the `>` of a paragraph in a block quote (not the `!`
/// of a picture or the `#` of a heading).
fn opens_a_paragraph(c: char) -> bool {
    c.is_alphabetic() || "\u{201c}\u{2018}\"'(>".contains(c)
}

/// The line of the paragraph a note's hint names (`the paragraph at line 41, …`), if it names one.
fn paragraph_named(note: &Diagnostic) -> Option<usize> {
    let hint = note.hint.as_deref()?;
    let rest = hint.split("the paragraph at line ").nth(1)?;
    rest.split(',').next()?.parse().ok()
}
