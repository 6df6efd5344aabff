//! `samizdat check [BOOK...]`: everything a build does, the PDF's typesetting included, without
//! writing the outputs (and without the cache: every book is checked).

use std::path::PathBuf;

use clap::Args;

use super::build::RunArgs;
use super::runner::{self, Run};
use super::ExitCode;
use crate::build::batch::{Destination, Failure};
use crate::build::{BuildOptions, Format, Strictness};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Book folders (default: every folder under manuscript/ with a book.toml).
    books: Vec<PathBuf>,
    /// Treat warnings (FPO figures, unused notes) as errors.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    run: RunArgs,
}

pub fn run(args: &CheckArgs) -> ExitCode {
    let Some(jobs) = runner::jobs(&args.books, None) else {
        return ExitCode::UsageOrIo;
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
    let run = Run {
        options: &options,
        destination: Destination::Discard,
        failure: Failure::KeepGoing,
        args: &args.run,
    };
    let Some(outcomes) = runner::run(&jobs, &run) else {
        return ExitCode::UsageOrIo;
    };
    let worst = outcomes.iter().map(|o| o.exit_code).max().unwrap_or(0);
    let code = runner::exit_code(worst);
    runner::finish(&outcomes, code, &run);
    code
}
