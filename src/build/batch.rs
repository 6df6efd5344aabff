//! Many books in one run: in parallel on one rayon pool, through the cache, reported in order.
//!
//! [`run`] installs one pool of `jobs` threads and builds the books on it; inside each book, the
//! print half's paragraphs and pages run on the same pool (rayon's current pool), so `jobs` bounds
//! every thread samizdat uses and `--jobs 1` is one thread. Outputs never depend on `jobs`: each
//! book is built alone, reproducibly. Each book's outcome is handed to the observer twice: when it
//! is done ([`Observer::done`], for a progress bar) and in the order the books were given
//! ([`Observer::report`], so that what is printed is the same whatever the number of threads, a
//! book's lines together).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime};

use rayon::prelude::*;

use super::cache::{Cache, Lookup, Record};
use super::manifest::{BookEntry, BookStatus, Counts, OutputEntry, ReportSummary};
use super::{BookBuild, BuildOptions, Status, Timings};
use crate::diag::{Diagnostic, Diagnostics};

/// One book of a batch.
#[derive(Debug, Clone)]
pub enum Job {
    Build {
        dir: PathBuf,
    },
    /// A book refused before the run (its folder name clashes with another's): it fails with
    /// this diagnostic, nothing of it is built or written.
    Refuse {
        dir: PathBuf,
        diagnostic: Diagnostic,
    },
}

/// Where built outputs go.
#[derive(Debug, Clone, Copy)]
pub enum Destination<'a> {
    /// Written into `out` (all of a book's or none), through the cache.
    Folder {
        out: &'a Path,
        cache: &'a Cache,
        rebuild: Rebuild,
    },
    /// Kept in memory and dropped (`samizdat check`).
    Discard,
}

/// Whether an up-to-date book is built again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rebuild {
    WhenStale,
    /// `--force`.
    Always,
}

/// What one failed book does to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Failure {
    /// The other books are built (`--keep-going`, the default).
    #[default]
    KeepGoing,
    /// No book starts after one failed (`--fail-fast`); those are skipped.
    FailFast,
}

/// How a batch runs.
#[derive(Debug, Clone, Copy)]
pub struct Batch<'a> {
    pub options: &'a BuildOptions,
    pub destination: Destination<'a>,
    pub failure: Failure,
    /// Threads, at least one.
    pub jobs: usize,
}

/// What became of one book.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub name: String,
    pub dir: PathBuf,
    pub status: BookStatus,
    /// 0, 1 (content errors) or 2 (a file could not be read or written).
    pub exit_code: u8,
    pub key: Option<String>,
    pub outputs: Vec<OutputEntry>,
    /// The files written, for the console (none when up to date).
    pub written: Vec<PathBuf>,
    pub report: Option<ReportSummary>,
    /// The report's console line, when the PDF was made in this run.
    pub report_line: Option<String>,
    /// Sorted; for an up-to-date book, those of its last build.
    pub diagnostics: Vec<Diagnostic>,
    pub timings: Timings,
    /// Why the book was built, or where its outputs came from.
    pub note: Option<String>,
}

impl Outcome {
    fn new(dir: &Path, name: String, status: BookStatus) -> Outcome {
        Outcome {
            name,
            dir: dir.to_path_buf(),
            status,
            exit_code: 0,
            key: None,
            outputs: Vec::new(),
            written: Vec::new(),
            report: None,
            report_line: None,
            diagnostics: Vec::new(),
            timings: Timings::default(),
            note: None,
        }
    }

    /// The book's entry in the manifest.
    pub fn entry(&self) -> BookEntry {
        BookEntry {
            name: self.name.clone(),
            dir: crate::diag::display_path(&self.dir).display().to_string(),
            status: self.status,
            exit_code: self.exit_code,
            key: self.key.clone(),
            outputs: self.outputs.clone(),
            timings: (&self.timings).into(),
            report: self.report.clone(),
            diagnostics: Counts::of(&self.diagnostics),
        }
    }
}

/// Who hears of the books as they finish.
pub trait Observer: Sync {
    /// A book's build or check begins.
    fn started(&self, name: &str);
    /// A book is done (in whatever order the books finish).
    fn done(&self, outcome: &Outcome);
    /// A book is done and so are all the books before it (in the order given).
    fn report(&self, outcome: &Outcome);
}

/// Builds every job on one pool of `batch.jobs` threads; the outcomes in the order of `jobs`.
pub fn run(
    jobs: &[Job],
    batch: &Batch<'_>,
    observer: &dyn Observer,
) -> Result<Vec<Outcome>, Diagnostic> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(batch.jobs.max(1))
        .thread_name(|n| format!("samizdat-{n}"))
        .build()
        .map_err(|err| {
            Diagnostic::error("samizdat", None, format!("cannot start threads: {err}"))
        })?;
    let sequencer = Sequencer {
        state: Mutex::new((0, vec![None; jobs.len()])),
        observer,
    };
    let stop = AtomicBool::new(false);
    pool.install(|| {
        jobs.par_iter().enumerate().for_each(|(index, job)| {
            let outcome = one(job, batch, &stop, observer);
            if outcome.exit_code != 0 && batch.failure == Failure::FailFast {
                stop.store(true, Ordering::SeqCst);
            }
            observer.done(&outcome);
            sequencer.finish(index, outcome);
        });
    });
    let (_, done) = sequencer
        .state
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    Ok(done.into_iter().flatten().collect())
}

/// Hands outcomes to the observer in the order of the jobs, each as soon as those before it are.
struct Sequencer<'a> {
    /// The next index to report, and the outcomes so far.
    state: Mutex<(usize, Vec<Option<Outcome>>)>,
    observer: &'a dyn Observer,
}

impl Sequencer<'_> {
    fn finish(&self, index: usize, outcome: Outcome) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (next, done) = &mut *state;
        done[index] = Some(outcome);
        while let Some(Some(outcome)) = done.get(*next) {
            self.observer.report(outcome);
            *next += 1;
        }
    }
}

fn one(job: &Job, batch: &Batch<'_>, stop: &AtomicBool, observer: &dyn Observer) -> Outcome {
    match job {
        Job::Refuse { dir, diagnostic } => {
            let mut outcome = Outcome::new(dir, super::output_name(dir), BookStatus::Failed);
            outcome.exit_code = 1;
            outcome.diagnostics = vec![diagnostic.clone()];
            outcome
        }
        Job::Build { dir } => {
            let name = super::output_name(dir);
            if stop.load(Ordering::SeqCst) {
                let mut outcome = Outcome::new(dir, name, BookStatus::Skipped);
                outcome.note = Some("skipped: an earlier book failed (--fail-fast)".to_owned());
                return outcome;
            }
            observer.started(&name);
            build_one(dir, name, batch)
        }
    }
}

fn build_one(dir: &Path, name: String, batch: &Batch<'_>) -> Outcome {
    let started = Instant::now();
    let Destination::Folder {
        out,
        cache,
        rebuild,
    } = batch.destination
    else {
        let built = super::build(dir, batch.options);
        return built_outcome(dir, built, Vec::new());
    };
    let mut note = None;
    if rebuild == Rebuild::WhenStale {
        match cache.lookup(&name, batch.options, out) {
            Lookup::UpToDate { record } => {
                return cached(dir, name, record, started, "up to date");
            }
            Lookup::Restored { record } => {
                return cached(dir, name, record, started, "restored from the cache");
            }
            Lookup::Stale { reason } => note = Some(reason),
        }
    }
    let began = SystemTime::now();
    let built = super::build(dir, batch.options);
    if built.status != Status::Built {
        return built_outcome(dir, built, Vec::new());
    }
    let written = match super::write_outputs(&built.outputs, out) {
        Ok(written) => written,
        Err(error) => {
            let mut outcome = built_outcome(dir, built, Vec::new());
            outcome.fail(2, error);
            return outcome;
        }
    };
    let config = cache.config(&name, batch.options);
    let saved = cache.save(&built, &config, &written, began);
    let mut outcome = built_outcome(dir, built, written);
    outcome.note = note;
    match saved {
        Ok((key, _)) => outcome.key = Some(key),
        Err(error) => outcome.fail(2, error),
    }
    outcome
}

impl Outcome {
    fn fail(&mut self, exit_code: u8, error: Diagnostic) {
        self.status = BookStatus::Failed;
        self.exit_code = self.exit_code.max(exit_code);
        self.diagnostics.push(error);
        self.key = None;
        self.outputs.clear();
    }
}

/// The outcome of a book found in the cache.
fn cached(dir: &Path, name: String, record: Record, started: Instant, note: &str) -> Outcome {
    let mut outcome = Outcome::new(dir, name, BookStatus::UpToDate);
    outcome.key = Some(record.key);
    outcome.outputs = record.outputs.iter().map(|o| o.entry()).collect();
    outcome.report = record.report;
    outcome.diagnostics = record.diagnostics.iter().map(Diagnostic::from).collect();
    outcome.timings.total = started.elapsed();
    outcome.note = Some(note.to_owned());
    outcome
}

/// The outcome of a book built in this run.
fn built_outcome(dir: &Path, built: BookBuild, written: Vec<PathBuf>) -> Outcome {
    let BookBuild {
        name,
        status,
        outputs,
        report,
        diagnostics,
        timings,
        ..
    } = built;
    let (book_status, exit_code) = match status {
        Status::Built => (BookStatus::Built, 0),
        Status::ContentErrors => (BookStatus::Failed, 1),
        Status::IoError => (BookStatus::Failed, 2),
    };
    let mut outcome = Outcome::new(dir, name, book_status);
    outcome.exit_code = exit_code;
    outcome.outputs = outputs
        .iter()
        .map(|output| OutputEntry {
            path: output.file_name.clone(),
            size: output.bytes.len() as u64,
            sha256: super::identity::sha256(&output.bytes),
        })
        .collect();
    outcome.written = written;
    outcome.report = report.as_ref().map(ReportSummary::from);
    outcome.report_line = report.as_ref().map(|r| r.summary());
    outcome.diagnostics = sorted(diagnostics);
    outcome.timings = timings;
    outcome
}

fn sorted(diagnostics: Diagnostics) -> Vec<Diagnostic> {
    diagnostics.sorted()
}
