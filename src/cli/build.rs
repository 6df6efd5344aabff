//! `samizdat build [BOOK...]`: books into `out/<folder>.epub` (and `.pdf`), written atomically.

use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::console::say;
use super::{ExitCode, Reporting};
use crate::output::write_atomic;

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Book folders (default: every folder under manuscript/ with a book.toml).
    books: Vec<PathBuf>,
    /// Where outputs go.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Output formats, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "epub,pdf")]
    format: Vec<Format>,
    /// Bleed around the PDF's trim box for a print shop, with its unit (`3mm`).
    #[arg(long, value_parser = parse_bleed)]
    bleed: Option<crate::units::Pt>,
    /// Crop marks outside the trim (and bleed) area of the PDF.
    #[arg(long)]
    marks: bool,
    /// Treat warnings (FPO figures, unused notes) as errors.
    #[arg(long)]
    strict: bool,
    /// Print errors only.
    #[arg(long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    Epub,
    Pdf,
}

/// Where a built book goes: into a folder, or nowhere (`check`).
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    Folder { out: &'a Path },
    Discard,
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let dirs = match super::book_dirs(&args.books) {
        Ok(dirs) => dirs,
        Err(d) => {
            say(d);
            return ExitCode::UsageOrIo;
        }
    };
    let (dirs, refused) = super::unique_books(dirs);
    let mut formats = args.format.clone();
    formats.sort();
    formats.dedup();
    let settings = Settings {
        formats: &formats,
        strict: args.strict,
        quiet: args.quiet,
        pdf: crate::pdf::PdfOptions {
            bleed: args.bleed.unwrap_or(crate::units::Pt::ZERO),
            marks: args.marks,
        },
    };
    dirs.iter()
        .map(|dir| build_book(dir, Destination::Folder { out: &args.out }, &settings))
        .fold(refused, ExitCode::max)
}

/// What every book of a run is built with.
#[derive(Debug)]
pub struct Settings<'a> {
    pub formats: &'a [Format],
    pub strict: bool,
    pub quiet: bool,
    /// Bleed and crop marks for the PDF.
    pub pdf: crate::pdf::PdfOptions,
}

fn parse_bleed(text: &str) -> Result<crate::units::Pt, String> {
    crate::style::PrintStyle::parse_bleed(text)
}

/// Parses one book and writes each format. A book with content errors writes nothing, so earlier
/// outputs stay as they were.
pub fn build_book(dir: &Path, destination: Destination<'_>, settings: &Settings<'_>) -> ExitCode {
    let started = Instant::now();
    let reporting = Reporting {
        strict: settings.strict,
        quiet: settings.quiet,
    };
    let (book, style) = match super::parse_styled_book(dir, reporting) {
        Ok(loaded) => loaded,
        Err(code) => return code,
    };
    let name = super::output_name(dir);
    let mut code = ExitCode::Ok;
    for format in settings.formats {
        let bytes = match format {
            Format::Epub => crate::write_epub(&book, &style)
                .map_err(|err| (ExitCode::ContentErrors, err.to_string())),
            Format::Pdf => pdf_bytes(&book, &style, dir, &name, destination, settings),
        };
        let extension = match format {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
        };
        let bytes = match bytes {
            Ok(bytes) => bytes,
            Err((failure, message)) => {
                say(format_args!("{}: error: {message}", dir.display()));
                code = code.max(failure);
                continue;
            }
        };
        if let Destination::Folder { out } = destination {
            let path = out.join(format!("{name}.{extension}"));
            if let Err(err) = write_atomic(&path, &bytes) {
                say(format_args!(
                    "{}: error: cannot write: {err}",
                    path.display()
                ));
                code = code.max(ExitCode::UsageOrIo);
                continue;
            }
            if !settings.quiet {
                say(format_args!(
                    "wrote {} ({} KB) in {:.2} s",
                    path.display(),
                    bytes.len().div_ceil(1024),
                    started.elapsed().as_secs_f64()
                ));
            }
        }
    }
    code
}

/// Typesets the PDF, prints its warnings and report line, and writes `<name>.report.json` beside it.
fn pdf_bytes(
    book: &crate::model::Book,
    style: &crate::style::LoadedStyle,
    dir: &Path,
    name: &str,
    destination: Destination<'_>,
    settings: &Settings<'_>,
) -> Result<Vec<u8>, (ExitCode, String)> {
    let built = crate::pdf::typeset_pdf(book, style, &settings.pdf)
        .map_err(|err| (ExitCode::ContentErrors, err.to_string()))?;
    let mut warnings = crate::diag::Diagnostics::new();
    for warning in built.warnings {
        let file = dir.join(&warning.file);
        warnings.push(crate::diag::Diagnostic { file, ..warning });
    }
    if settings.strict {
        warnings.promote_warnings();
    }
    if super::report(warnings, settings.quiet) == Some(crate::diag::Severity::Error) {
        return Err((
            ExitCode::ContentErrors,
            "the PDF has warnings and --strict is set".to_owned(),
        ));
    }
    if !settings.quiet {
        say(format_args!("{name}.pdf: {}", built.report.summary()));
    }
    if let Destination::Folder { out } = destination {
        let path = out.join(format!("{name}.report.json"));
        let json = serde_json::to_string_pretty(&built.report).unwrap_or_default();
        if let Err(err) = write_atomic(&path, format!("{json}\n").as_bytes()) {
            return Err((
                ExitCode::UsageOrIo,
                format!("cannot write {}: {err}", path.display()),
            ));
        }
    }
    Ok(built.bytes)
}
