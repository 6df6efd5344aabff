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
