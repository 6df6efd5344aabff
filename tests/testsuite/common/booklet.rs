//! Helpers of the booklet tests: books long enough to need several sheets, builds with a
//! booklet, the placements a sheet side's content makes, and the words of each half-sheet as a
//! reader meets them once the sheets are printed, folded and nested.

use std::path::Path;

use samizdat::build::{build, BookBuild, BookletRequest, BuildOptions, Format, Status};
use samizdat::pdf::PdfOptions;
use samizdat::style::Duplex;

use super::model_books::prose;
use super::pdf_tools::{bbox_words, PageWords, Word};
use super::Scratch;

/// A book of `chapters` chapters of a few paragraphs each, with `extra` files (a style, a
/// picture) and `toml` appended to its `[book]`.
pub fn book(name: &str, chapters: usize, toml: &str, extra: &[(&str, &str)]) -> Scratch {
    let mut files: Vec<(String, String)> = (0..chapters)
        .map(|n| {
            let paragraphs: Vec<String> = (0..6).map(|p| prose(n * 7 + p, 9)).collect();
            (
                format!("{n:02}.md"),
                format!("# Chapter {}\n\n{}\n", n + 1, paragraphs.join("\n\n")),
            )
        })
        .collect();
    files.push((
        "book.toml".to_owned(),
        format!(
            "[book]\ntitle = \"Fold Me\"\nsubtitle = \"A pamphlet\"\nauthors = [\"A. Folder\"]\n\
             description = \"Words on the back cover.\"\nidentifier = \"urn:isbn:9780000000002\"\n{toml}"
        ),
    ));
    for (path, content) in extra {
        files.push(((*path).to_owned(), (*content).to_owned()));
    }
    let borrowed: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, c)| (p.as_str(), c.as_str()))
        .collect();
    super::book(name, &borrowed)
}

/// The default style with `booklet` as its `[print.booklet]` section, as a file of the book
/// (`style = "style.toml"`).
pub fn style(booklet: &str) -> String {
    let default = include_str!("../../../styles/default.toml");
    let section = "\n[print.booklet]\n";
    let before = default.find(section).map_or(default, |at| &default[..at]);
    format!("{before}{section}{booklet}\n")
}

/// Builds the book in `dir` with a booklet (and `formats`).
pub fn build_booklet(
    dir: &Path,
    formats: &[Format],
    request: BookletRequest,
    pdf: PdfOptions,
) -> BookBuild {
    build(
        dir,
        &BuildOptions {
            formats: formats.to_vec(),
            pdf,
            booklet: Some(request),
            ..BuildOptions::default()
        },
    )
}

/// The bytes of the reading PDF.
pub fn reading_pdf(built: &BookBuild) -> &[u8] {
    output(built, &format!("{}.pdf", built.name))
}

/// The bytes of the output whose file name ends in `suffix`.
pub fn output<'a>(built: &'a BookBuild, suffix: &str) -> &'a [u8] {
    assert_eq!(built.status, Status::Built, "{:?}", built.diagnostics);
    built
        .outputs
        .iter()
        .find(|o| o.file_name.ends_with(suffix))
        .map(|o| o.bytes.as_slice())
        .unwrap_or_else(|| panic!("no output ending in {suffix}"))
}

/// A form drawn on a sheet side: its resource name and the matrices (`cm`) set for it after its
/// clip, in order.
#[derive(Debug, Clone)]
pub struct Drawn {
    pub form: String,
    /// The clip: x, y, width, height.
    pub clip: [f64; 4],
    pub matrices: Vec<[f64; 6]>,
}

/// A sheet side's content, read back: the matrix set for the whole side before any page (a
/// turned back), and each form drawn.
#[derive(Debug, Clone)]
pub struct SideContent {
    pub turn: Option<[f64; 6]>,
    pub drawn: Vec<Drawn>,
}

fn number(object: &lopdf::Object) -> f64 {
    match object {
        lopdf::Object::Integer(i) => *i as f64,
        lopdf::Object::Real(r) => f64::from(*r),
        other => panic!("not a number: {other:?}"),
    }
}

/// Every sheet side of a PDF, read back with lopdf.
pub fn sides(pdf: &[u8]) -> Vec<SideContent> {
    let doc = lopdf::Document::load_mem(pdf).expect("the PDF reads back");
    doc.get_pages()
        .values()
        .map(|id| {
            let bytes = doc.get_page_content(*id);
            let content = lopdf::content::Content::decode(&bytes).expect("operators");
            let mut side = SideContent {
                turn: None,
                drawn: Vec::new(),
            };
            let mut matrices = Vec::new();
            let mut clip = [0.0; 4];
            let mut clipped = false;
            for op in content.operations {
                match op.operator.as_str() {
                    "cm" => {
                        let m: Vec<f64> = op.operands.iter().map(number).collect();
                        let m = [m[0], m[1], m[2], m[3], m[4], m[5]];
                        if clipped {
                            matrices.push(m);
                        } else {
                            side.turn = Some(m);
                        }
                    }
                    "re" => {
                        let r: Vec<f64> = op.operands.iter().map(number).collect();
                        clip = [r[0], r[1], r[2], r[3]];
                    }
                    "n" => clipped = true,
                    "Do" => {
                        let name = op.operands[0].as_name().expect("a name");
                        side.drawn.push(Drawn {
                            form: String::from_utf8_lossy(name).into_owned(),
                            clip,
                            matrices: std::mem::take(&mut matrices),
                        });
                        clipped = false;
                    }
                    _ => {}
                }
            }
            side
        })
        .collect()
}

/// The words of a half-sheet, as its reader meets them.
pub type Half = Vec<String>;

/// Each sheet side's two halves (left, right) as they come out of a printer that turns the
/// sheet on `printer`'s edge, seen after turning it over like a page of a book: a long-edge
/// printer turns every back half a turn.
pub fn halves(pdf_path: &Path, printer: Duplex) -> Vec<(Half, Half)> {
    bbox_words(pdf_path)
        .into_iter()
        .enumerate()
        .map(|(index, page)| {
            let back = index % 2 == 1;
            let page = if back && printer == Duplex::Long {
                turned(page)
            } else {
                page
            };
            let middle = page.width / 2.0;
            let (left, right): (Vec<&Word>, Vec<&Word>) = page
                .words
                .iter()
                .partition(|w| (w.x_min + w.x_max) / 2.0 < middle);
            (half(left), half(right))
        })
        .collect()
}

/// A half-sheet's words, checked upright, sorted.
fn half(mut words: Vec<&Word>) -> Half {
    assert_upright(&words);
    words.sort_by(|a, b| a.text.cmp(&b.text));
    words.into_iter().map(|w| w.text.clone()).collect()
}

/// The page as seen after half a turn.
pub fn turned(page: PageWords) -> PageWords {
    let (w, h) = (page.width, page.height);
    PageWords {
        words: page
            .words
            .into_iter()
            .map(|word| Word {
                x_min: w - word.x_max,
                x_max: w - word.x_min,
                y_min: h - word.y_max,
                y_max: h - word.y_min,
                text: word.text,
            })
            .collect(),
        ..page
    }
}

/// Whether the words read the right way up: of the words that follow each other on a line
/// (in pdftotext's reading order, sharing a baseline), most start to the right of the one
/// before. (Most, not all: pdftotext may read a column of folios before the entries they
/// close, as on a contents page; upside-down text reads right to left throughout.)
pub fn upright(words: &[&Word]) -> bool {
    let (mut forward, mut backward) = (0, 0);
    for pair in words.windows(2) {
        if (pair[0].y_max - pair[1].y_max).abs() < 0.5 {
            if pair[1].x_min > pair[0].x_min {
                forward += 1;
            } else {
                backward += 1;
            }
        }
    }
    forward >= backward
}

fn assert_upright(words: &[&Word]) {
    let text: Vec<&str> = words.iter().map(|w| w.text.as_str()).collect();
    assert!(upright(words), "upside down: {}", text.join(" "));
}

/// The words of every page of a PDF, each page sorted (to compare with a half-sheet).
pub fn page_words(pdf_path: &Path) -> Vec<Half> {
    bbox_words(pdf_path)
        .into_iter()
        .map(|page| {
            let mut words: Vec<String> = page.words.into_iter().map(|w| w.text).collect();
            words.sort();
            words
        })
        .collect()
}

/// The pages of nested sheets (one signature) as a reader turns them: the right halves of the
/// fronts and the left halves of the backs going in, then back out.
pub fn read_signature(sides: &[(Half, Half)]) -> Vec<Half> {
    let sheets = sides.len() / 2;
    let mut out = Vec::new();
    for k in 0..sheets {
        out.push(sides[2 * k].1.clone());
        out.push(sides[2 * k + 1].0.clone());
    }
    for k in (0..sheets).rev() {
        out.push(sides[2 * k + 1].1.clone());
        out.push(sides[2 * k].0.clone());
    }
    out
}
