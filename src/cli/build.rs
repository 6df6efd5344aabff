//! `samizdat build [BOOK...]`: books into `out/<folder>.epub` (and `.pdf`), all or nothing.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::ExitCode;
use crate::build::{BookBuild, BuildOptions, Status, Strictness};
use crate::diag::display_path;

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

/// The formats as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    Epub,
    Pdf,
}

impl From<Format> for crate::build::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Epub => crate::build::Format::Epub,
            Format::Pdf => crate::build::Format::Pdf,
        }
    }
}

/// What happens to a built book's outputs: written into a folder, or kept in memory (`check`).
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    Folder { out: &'a Path },
    Discard,
}

/// How much to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Normal,
    /// Errors only (`--quiet`).
    Quiet,
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let dirs = match super::book_dirs(&args.books) {
        Ok(dirs) => dirs,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::UsageOrIo;
        }
    };
    let mut formats: Vec<crate::build::Format> = args.format.iter().map(|&f| f.into()).collect();
    formats.sort();
    formats.dedup();
    let options = BuildOptions {
        formats,
        strictness: if args.strict {
            Strictness::Strict
        } else {
            Strictness::Lenient
        },
        pdf: crate::pdf::PdfOptions {
            bleed: args.bleed.unwrap_or(crate::units::Pt::ZERO),
            marks: args.marks,
        },
        parse: crate::parse::ParseOptions::from_env(),
    };
    let verbosity = if args.quiet {
        Verbosity::Quiet
    } else {
        Verbosity::Normal
    };
    dirs.iter()
        .map(|dir| {
            let built = crate::build::build(dir, &options);
            finish(built, Destination::Folder { out: &args.out }, verbosity)
        })
        .max()
        .unwrap_or(ExitCode::Ok)
}

fn parse_bleed(text: &str) -> Result<crate::units::Pt, String> {
    crate::style::PrintStyle::parse_length(text)
}

/// Prints a built book's diagnostics and report line, writes its outputs (all or none) to the
/// destination, and gives the book's exit code.
pub fn finish(built: BookBuild, destination: Destination<'_>, verbosity: Verbosity) -> ExitCode {
    let BookBuild {
        name,
        status,
        outputs,
        report,
        diagnostics,
        timings,
    } = built;
    super::report(diagnostics, verbosity == Verbosity::Quiet);
    match status {
        Status::Built => {}
        Status::ContentErrors => return ExitCode::ContentErrors,
        Status::IoError => return ExitCode::UsageOrIo,
    }
    if let (Some(report), Verbosity::Normal) = (&report, verbosity) {
        eprintln!("{name}.pdf: {}", report.summary());
    }
    let Destination::Folder { out } = destination else {
        return ExitCode::Ok;
    };
    match crate::build::write_outputs(&outputs, out) {
        Ok(paths) => {
            if verbosity == Verbosity::Normal {
                for (path, output) in paths.iter().zip(&outputs) {
                    if output.file_name.ends_with(".report.json") {
                        continue;
                    }
                    eprintln!(
                        "wrote {} ({} KB)",
                        display_path(path).display(),
                        output.bytes.len().div_ceil(1024)
                    );
                }
                eprintln!("{name}: built in {:.2} s", timings.total.as_secs_f64());
            }
            ExitCode::Ok
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::UsageOrIo
        }
    }
}
