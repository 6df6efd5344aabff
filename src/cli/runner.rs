//! Running a batch from the command line (`build`, `check`): the books to work on, the console
//! that prints each book's block and drives the progress bar, the exit code.

use std::path::PathBuf;

use super::build::RunArgs;
use super::messages::{self, MessageFormat, Verbosity};
use super::progress::{Bars, Progress};
use super::ExitCode;
use crate::build::batch::{Batch, Destination, Failure, Job, Observer, Outcome};
use crate::build::shard::Shard;
use crate::build::BuildOptions;

/// A batch as the command line asked for it.
pub struct Run<'a> {
    pub options: &'a BuildOptions,
    pub destination: Destination<'a>,
    pub failure: Failure,
    pub args: &'a RunArgs,
}

/// The books of the run: those named or found ([`super::book_dirs`]), those of the shard, with
/// books sharing a folder name refused ([`super::unique_books`]). `None` (after printing why)
/// when there are none to look at.
pub fn jobs(named: &[PathBuf], shard: Option<Shard>) -> Option<Vec<Job>> {
    let dirs = match super::book_dirs(named) {
        Ok(dirs) => dirs,
        Err(d) => {
            print_error(&d);
            return None;
        }
    };
    let dirs: Vec<PathBuf> = match shard {
        Some(shard) => dirs
            .into_iter()
            .filter(|dir| shard.holds(&crate::build::output_name(dir)))
            .collect(),
        None => dirs,
    };
    Some(super::unique_books(dirs))
}

/// Runs the batch, printing as books finish; `None` when it could not start.
pub fn run(jobs: &[Job], run: &Run<'_>) -> Option<Vec<Outcome>> {
    let verbosity = if run.args.quiet {
        Verbosity::Quiet
    } else {
        Verbosity::Normal
    };
    let bars = if run.args.quiet {
        Bars::Never
    } else {
        Bars::WhenInteractive
    };
    let console = Console {
        format: run.args.message_format,
        verbosity,
        progress: Progress::start(jobs.len(), bars),
    };
    let threads = run
        .args
        .jobs
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let batch = Batch {
        options: run.options,
        destination: run.destination,
        failure: run.failure,
        jobs: threads,
    };
    let outcomes = crate::build::batch::run(jobs, &batch, &console);
    if let Some(progress) = &console.progress {
        progress.finish();
    }
    match outcomes {
        Ok(outcomes) => Some(outcomes),
        Err(d) => {
            print_error(&d);
            None
        }
    }
}

/// Prints the run's last line.
pub fn finish(outcomes: &[Outcome], code: ExitCode, run: &Run<'_>) {
    if run.args.quiet && run.args.message_format != MessageFormat::Json {
        return;
    }
    messages::finished(outcomes, code as u8, run.args.message_format).print();
}

/// The exit code of a book or a run (0, 1, 2).
pub fn exit_code(code: u8) -> ExitCode {
    match code {
        0 => ExitCode::Ok,
        1 => ExitCode::ContentErrors,
        _ => ExitCode::UsageOrIo,
    }
}

fn print_error(d: &crate::diag::Diagnostic) {
    messages::Block {
        stderr: format!("{d}\n"),
        stdout: String::new(),
    }
    .print();
}

/// Prints each book's block in the books' order and moves the bar.
struct Console {
    format: MessageFormat,
    verbosity: Verbosity,
    progress: Option<Progress>,
}

impl Observer for Console {
    fn started(&self, name: &str) {
        if let Some(progress) = &self.progress {
            progress.started(name);
        }
    }

    fn done(&self, outcome: &Outcome) {
        if let Some(progress) = &self.progress {
            progress.done(&outcome.name);
        }
    }

    fn report(&self, outcome: &Outcome) {
        let block = messages::book(outcome, self.format, self.verbosity);
        match &self.progress {
            Some(progress) => progress.suspend(|| block.print()),
            None => block.print(),
        }
    }
}
