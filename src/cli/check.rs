//! `samizdat check [BOOK...]`: everything a build does, the PDF's typesetting included, without
//! writing the outputs.

use std::path::PathBuf;

use clap::Args;

use super::build::{finish, Destination, Verbosity};
use super::ExitCode;
use crate::build::{BuildOptions, Format, Strictness};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Book folders (default: every folder under manuscript/ with a book.toml).
    books: Vec<PathBuf>,
    /// Treat warnings (FPO figures, unused notes) as errors.
    #[arg(long)]
    strict: bool,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let dirs = match super::book_dirs(&args.books) {
        Ok(dirs) => dirs,
        Err(d) => {
            eprintln!("{d}");
            return ExitCode::UsageOrIo;
        }
    };
    let options = BuildOptions {
        formats: vec![Format::Epub, Format::Pdf],
        strictness: if args.strict {
            Strictness::Strict
        } else {
            Strictness::Lenient
        },
        pdf: crate::pdf::PdfOptions::default(),
        parse: crate::parse::ParseOptions::from_env(),
    };
    dirs.iter()
        .map(|dir| {
            let built = crate::build::build(dir, &options);
            finish(built, Destination::Discard, Verbosity::Normal)
        })
        .max()
        .unwrap_or(ExitCode::Ok)
}
