//! Helpers shared by the PDF tests: running the outside validators.

#![allow(dead_code)]

use std::path::Path;
use std::process::Command;

/// Runs `tool args`, returning its stdout, or `None` (with a printed reason) when the tool is not
/// installed. Under `CI` a missing tool is a failure, not a skip.
pub fn run_tool(tool: &str, args: &[&str], file: &Path) -> Option<(bool, String, String)> {
    run_tool_with(tool, args, file, &[])
}

/// Like [`run_tool`], with arguments after the file too.
pub fn run_tool_with(
    tool: &str,
    args: &[&str],
    file: &Path,
    after: &[&str],
) -> Option<(bool, String, String)> {
    match Command::new(tool).args(args).arg(file).args(after).output() {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Err(err) => {
            if std::env::var_os("CI").is_some() {
                panic!("{tool} is required in CI but cannot run: {err}");
            }
            eprintln!("skipping the {tool} check: {tool} cannot run ({err})");
            None
        }
    }
}

/// `qpdf --check` passes without warnings.
pub fn assert_qpdf_clean(file: &Path) {
    if let Some((ok, out, err)) = run_tool("qpdf", &["--check"], file) {
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
}

/// Every font is embedded and subset; returns the number of fonts (None when pdffonts is absent).
pub fn assert_fonts_embedded_and_subset(file: &Path) -> Option<usize> {
    let (ok, out, err) = run_tool("pdffonts", &[], file)?;
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
    Some(rows.len())
}

/// The text of the PDF as pdftotext reads it (None when pdftotext is absent).
pub fn pdftotext(file: &Path) -> Option<String> {
    let (ok, out, err) = run_tool_with("pdftotext", &["-enc", "UTF-8"], file, &["-"])?;
    assert!(ok, "pdftotext failed: {err}");
    Some(out)
}

/// Words of a text with whitespace collapsed, for order-insensitive-to-layout comparisons.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_owned).collect()
}
pub mod book;

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
