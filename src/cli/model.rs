//! `samizdat model BOOK`: the typeset model as JSON on stdout.

use std::path::PathBuf;

use clap::Args;

use super::console::{emit, say, Delivered};
use super::ExitCode;

#[derive(Debug, Args)]
pub struct ModelArgs {
    /// The book folder.
    book: PathBuf,
}

pub fn run(args: &ModelArgs) -> ExitCode {
    let reporting = super::Reporting {
        strict: false,
        quiet: false,
    };
    let book = match super::parse_book(&args.book, reporting) {
        Ok(book) => book,
        Err(code) => return code,
    };
    let json = match serde_json::to_string_pretty(&book) {
        Ok(json) => json,
        Err(err) => {
            say(format_args!("error: cannot serialise the model: {err}"));
            return ExitCode::UsageOrIo;
        }
    };
    match emit(format!("{json}\n").as_bytes()) {
        // A reader that stops early (`| head -c 10`) is not an error of the run.
        Delivered::Whole | Delivered::ReaderLeft => ExitCode::Ok,
        Delivered::Failed { error } => {
            say(format_args!(
                "error: cannot write the model to stdout: {error}"
            ));
            ExitCode::UsageOrIo
        }
    }
}
