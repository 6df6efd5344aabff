//! The print-quality targets of issue 4 on the bundled books: no overfull line, at most 5 % of
//! lines ending in a hyphen, never more than two in a row.
//!
//! Every paragraph of every book in `manuscript/` (or the folder named by `SAMIZDAT_BOOKS`) is
//! set at the default style's A5 measure: body paragraphs at the body size, quotations narrower
//! and smaller, notes smaller. Skipped with a reason when there is no books folder.

use std::path::{Path, PathBuf};

use samizdat::model::{Block, Inline};
use samizdat::style::{self, TextStyle};
use samizdat::text::{FontBook, Hyphenator, Line, ParagraphSpec, TextEngine};
use samizdat::units::Pt;

crate::tests![bundled_books_meet_the_print_quality_targets];

/// The default style's text block on A5: 148 mm less margins of 16 mm and 22 mm.
fn measure() -> Pt {
    Pt::from_mm(110.0)
}

#[derive(Debug, Default)]
struct Report {
    lines: usize,
    hyphenated: usize,
    longest_run: usize,
    overfull: Vec<String>,
    ratios: Vec<f64>,
}

impl Report {
    fn add(&mut self, lines: &[Line], measure: Pt) {
        let mut run = 0;
        for line in lines {
            self.lines += 1;
            if line.hyphenated {
                self.hyphenated += 1;
                run += 1;
                self.longest_run = self.longest_run.max(run);
            } else {
                run = 0;
            }
            if line.width.0 > measure.0 + 0.1 {
                self.overfull.push(line.text());
            }
            self.ratios.push(line.ratio);
        }
    }

    fn percent(&self) -> f64 {
        100.0 * self.hyphenated as f64 / self.lines.max(1) as f64
    }
}

fn books_dir() -> PathBuf {
    std::env::var_os("SAMIZDAT_BOOKS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript"))
}

struct Setter<'a> {
    engine: TextEngine<'a>,
    text: &'a TextStyle,
}

impl Setter<'_> {
    fn blocks(&mut self, blocks: &[Block], spec: &ParagraphSpec, report: &mut Report) {
        for block in blocks {
            match block {
                Block::Paragraph { content, at } | Block::Heading { content, at, .. } => {
                    self.paragraph(content, spec, *at, report)
                }
                Block::Quote {
                    blocks,
                    attribution,
                } => {
                    let quote = ParagraphSpec {
                        measure: spec.measure - self.text.size * 3.0,
                        size: self.text.sizes.quote,
                        leading: self.text.sizes.quote * 1.3,
                        ..spec.clone()
                    };
                    self.blocks(blocks, &quote, report);
                    if let Some(content) = attribution {
                        self.paragraph(content, &quote, Default::default(), report);
                    }
                }
                Block::List { items, .. } => {
                    let item = ParagraphSpec {
                        measure: spec.measure - self.text.size * 1.5,
                        first_indent: Pt::ZERO,
                        ..spec.clone()
                    };
                    for entry in items {
                        self.blocks(&entry.blocks, &item, report);
                    }
                }
                Block::Figure(figure) => {
                    let caption = ParagraphSpec {
                        size: self.text.sizes.caption,
                        first_indent: Pt::ZERO,
                        ..spec.clone()
                    };
                    self.paragraph(&figure.caption, &caption, figure.at, report);
                }
                Block::ThematicBreak
                | Block::CodeBlock { .. }
                | Block::Table { .. }
                | Block::DefinitionList { .. } => {}
            }
        }
    }

    fn paragraph(
        &mut self,
        content: &[Inline],
        spec: &ParagraphSpec,
        at: samizdat::model::SourcePos,
        report: &mut Report,
    ) {
        let set = self.engine.typeset(content, spec, Some(at));
        report.add(&set.lines, spec.measure);
        if std::env::var_os("SAMIZDAT_DUMP").is_some() {
            crate::log!("--- {:?} {:?}", set.pass, at);
            for (line, end) in set.lines.iter().zip(set.ends()) {
                crate::log!("{:6.3} {:?} {}", line.ratio, end, line.text());
            }
        }
    }
}

fn bundled_books_meet_the_print_quality_targets() {
    let dir = books_dir();
    let entries = std::fs::read_dir(&dir).expect("the bundled books are part of the repository");
    let mut books: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("book.toml").is_file())
        .collect();
    books.sort();
    assert!(
        !books.is_empty(),
        "no book folder (with book.toml) in {}",
        dir.display()
    );
    let loaded = style::load("default", &dir).expect("default style");
    let text = &loaded.style.print.text;
    let fonts = FontBook::load(&loaded).expect("fonts");
    for path in books {
        let parsed = samizdat::parse(&path);
        let Some(book) = parsed.book else {
            let problems: Vec<String> = parsed.diagnostics.iter().map(|d| d.to_string()).collect();
            panic!("{} does not parse: {problems:#?}", path.display());
        };
        let hyphenator = Hyphenator::for_book(&book, text);
        let mut setter = Setter {
            engine: TextEngine::new(&fonts, &hyphenator),
            text,
        };
        let body = ParagraphSpec::body(text, measure());
        let note = ParagraphSpec {
            size: text.sizes.note,
            leading: text.sizes.note * 1.3,
            ..body.clone()
        };
        let mut report = Report::default();
        for chapter in &book.chapters {
            setter.blocks(&chapter.blocks, &body, &mut report);
            for section in &chapter.sections {
                setter.blocks(&section.blocks, &body, &mut report);
            }
            for footnote in &chapter.footnotes {
                setter.blocks(&footnote.blocks, &note, &mut report);
            }
        }
        let mut ratios = report.ratios.clone();
        ratios.retain(|r| r.is_finite());
        ratios.sort_by(f64::total_cmp);
        let mean = ratios.iter().sum::<f64>() / ratios.len().max(1) as f64;
        let p95 = ratios.get(ratios.len() * 95 / 100).copied().unwrap_or(0.0);
        crate::log!(
            "{}: {} lines, {} overfull, {} hyphenated ({:.1} %), longest run {}, ratio mean {:.3} p95 {:.3}",
            path.file_name().unwrap_or_default().to_string_lossy(),
            report.lines,
            report.overfull.len(),
            report.hyphenated,
            report.percent(),
            report.longest_run,
            mean,
            p95
        );
        assert!(
            report.overfull.is_empty(),
            "overfull: {:#?}",
            report.overfull
        );
        assert!(
            report.percent() <= 5.0,
            "{:.1} % hyphenated",
            report.percent()
        );
        assert!(
            report.longest_run <= 2,
            "{} hyphens in a row",
            report.longest_run
        );
    }
}
