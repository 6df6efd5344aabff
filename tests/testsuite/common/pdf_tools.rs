//! The outside validators of the PDF tests. Each runs a tool the test must declare
//! (see [`crate::tools`]).

use std::path::Path;

use crate::tools::{self, Tool, GS, PDFFONTS, PDFTOTEXT, QPDF};

/// Runs `tool args file after`, returning (success, stdout, stderr).
pub fn run_tool(tool: &Tool, args: &[&str], file: &Path, after: &[&str]) -> (bool, String, String) {
    let out = tools::command(tool)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|err| panic!("{} cannot run: {err}", tool.name));
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `qpdf --check` passes without warnings.
pub fn assert_qpdf_clean(file: &Path) {
    let (ok, out, err) = run_tool(&QPDF, &["--check"], file, &[]);
    assert!(ok, "qpdf --check failed:\n{out}\n{err}");
    assert!(
        out.contains("No syntax or stream encoding errors found"),
        "qpdf --check:\n{out}\n{err}"
    );
    assert!(
        !out.contains("WARNING") && !err.contains("WARNING"),
        "{out}{err}"
    );
}

/// Every font is embedded and subset; returns the number of fonts.
pub fn assert_fonts_embedded_and_subset(file: &Path) -> usize {
    let (ok, out, err) = run_tool(&PDFFONTS, &[], file, &[]);
    assert!(ok, "pdffonts failed: {err}");
    let rows: Vec<&str> = out.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in the PDF:\n{out}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type [type...] encoding emb sub uni object-id generation
        let n = cols.len();
        assert!(n >= 7, "odd pdffonts row {row}");
        assert_eq!(cols[n - 5], "yes", "not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "not subset: {row}");
        assert_eq!(cols[n - 3], "yes", "no ToUnicode: {row}");
        let name = cols[0];
        let (tag, _) = name.split_once('+').expect("subset tag");
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
    }
    rows.len()
}

/// The text of the PDF as pdftotext reads it.
pub fn pdftotext(file: &Path) -> String {
    let (ok, out, err) = run_tool(&PDFTOTEXT, &["-enc", "UTF-8"], file, &["-"]);
    assert!(ok, "pdftotext failed: {err}");
    out
}

/// A word as `pdftotext -bbox` reads it: its text and box (points, from the top left).
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    pub text: String,
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
}

/// A page's size and words, in pdftotext's reading order.
#[derive(Debug, Clone, PartialEq)]
pub struct PageWords {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

/// Every page's words with their boxes (`pdftotext -bbox`).
pub fn bbox_words(file: &Path) -> Vec<PageWords> {
    let (ok, out, err) = run_tool(&PDFTOTEXT, &["-enc", "UTF-8", "-bbox"], file, &["-"]);
    assert!(ok, "pdftotext failed: {err}");
    let attribute = |line: &str, name: &str| -> f64 {
        let start = line
            .find(&format!("{name}=\""))
            .map(|i| i + name.len() + 2)
            .unwrap_or_else(|| panic!("no {name} in {line}"));
        let rest = &line[start..];
        rest[..rest.find('"').unwrap_or(rest.len())]
            .parse()
            .unwrap_or_else(|_| panic!("{name} in {line}"))
    };
    let unescape = |text: &str| {
        text.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&apos;", "'")
            .replace("&amp;", "&")
    };
    let mut pages = Vec::new();
    for line in out.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(PageWords {
                width: attribute(line, "width"),
                height: attribute(line, "height"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let text = line
                .split_once('>')
                .and_then(|(_, rest)| rest.strip_suffix("</word>"))
                .unwrap_or_default();
            if let Some(page) = pages.last_mut() {
                page.words.push(Word {
                    text: unescape(text),
                    x_min: attribute(line, "xMin"),
                    y_min: attribute(line, "yMin"),
                    x_max: attribute(line, "xMax"),
                    y_max: attribute(line, "yMax"),
                });
            }
        }
    }
    pages
}

/// Ghostscript renders every page without a word on stdout or stderr.
pub fn assert_gs_renders_silently(file: &Path) {
    let (ok, out, err) = run_tool(
        &GS,
        &["-q", "-sDEVICE=nullpage", "-dBATCH", "-dNOPAUSE"],
        file,
        &[],
    );
    assert!(
        ok && out.trim().is_empty() && err.trim().is_empty(),
        "gs: {out}{err}"
    );
}

/// Words of a text with whitespace collapsed, for order-insensitive-to-layout comparisons.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}

/// The print half of the build driver for a parsed book: its style loaded from `dir`, then
/// typeset, laid out and written.
pub fn build_pdf(
    book: &samizdat::model::Book,
    dir: &Path,
    options: &samizdat::pdf::PdfOptions,
) -> Result<samizdat::build::Print, samizdat::build::PrintError> {
    let style =
        samizdat::style::load(&book.style, dir).map_err(samizdat::build::PrintError::Style)?;
    samizdat::build::print(book, &style, dir, options)
}

/// The XMP packet the catalog of `doc` names, as text.
pub fn xmp_of(doc: &lopdf::Document) -> String {
    doc.catalog()
        .and_then(|catalog| catalog.get(b"Metadata"))
        .and_then(lopdf::Object::as_reference)
        .and_then(|id| doc.get_object(id))
        .and_then(lopdf::Object::as_stream)
        .map(|stream| String::from_utf8_lossy(&stream.content).into_owned())
        .expect("XMP")
}
