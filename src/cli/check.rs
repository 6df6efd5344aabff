//! `samizdat check [BOOK...]`: everything a build does but writing the outputs.

use std::path::PathBuf;

use clap::Args;

use super::build::{build_book, Destination, Format, Settings};
use super::ExitCode;

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
            super::console::say(d);
            return ExitCode::UsageOrIo;
        }
    };
    let (dirs, refused) = super::unique_books(dirs);
    let settings = Settings {
        formats: &[Format::Epub],
        strict: args.strict,
        quiet: false,
        pdf: crate::pdf::PdfOptions::default(),
    };
    dirs.iter()
        .map(|dir| build_book(dir, Destination::Discard, &settings))
        .fold(refused, ExitCode::max)
}
