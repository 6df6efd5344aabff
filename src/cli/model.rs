//! `samizdat model BOOK`: the typeset model as JSON on stdout.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::ExitCode;

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The book folder.
    book: PathBuf,
}

pub fn run(args: &ModelArgs) -> ExitCode {
    let (book, code) = super::parse_book(&args.book, false, false);
    let Some(book) = book else { return code };
    let json = match serde_json::to_string_pretty(&book) {
        Ok(json) => json,
        Err(err) => {
            eprintln!("error: cannot serialise the model: {err}");
            return ExitCode::UsageOrIo;
        }
    };
    let mut out = std::io::stdout().lock();
    if writeln!(out, "{json}").is_err() {
        return ExitCode::UsageOrIo;
    }
    ExitCode::Ok
}
