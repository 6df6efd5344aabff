//! The command line: one file per subcommand, exit codes fixed (see [`ExitCode`]).

mod booklet;
mod build;
mod calibrate;
mod check;
mod console;
mod manifest;
mod messages;
mod model;
mod progress;
mod runner;

use std::path::{Path, PathBuf};

use clap::{CommandFactory, Parser, Subcommand};

use crate::diag::{display_path, Diagnostic, Diagnostics, Severity};

/// The exit codes, as ripgrep and most Unix tools have them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ExitCode {
    Ok = 0,
    /// The content has errors (or warnings under `--strict`).
    ContentErrors = 1,
    /// The command line was wrong, or a file could not be read or written.
    UsageOrIo = 2,
}

#[derive(Debug, Parser)]
#[command(
    name = "samizdat",
    version,
    about = "Turns a manuscript of essays into an EPUB 3 e-book and a print-ready PDF"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build books into out/ (every book folder under manuscript/ when none is named).
    Build(build::BuildArgs),
    /// Print a book's typeset model as JSON.
    Model(model::ModelArgs),
    /// Check a book without writing anything.
    Check(check::CheckArgs),
    /// Write calibration.pdf: one sheet to print on both sides, which shows the --duplex
    /// setting your printer needs for booklets.
    Calibrate(calibrate::CalibrateArgs),
    /// Work with the manifests of batch builds (out/manifest.json).
    Manifest(manifest::ManifestArgs),
}

/// The command line's definition, for tests and tools that ask what it accepts.
pub fn command() -> clap::Command {
    Cli::command()
}

/// Runs the command line and returns the exit code: 0 ok, 1 content errors, 2 usage or I/O errors.
pub fn run() -> i32 {
    run_from(std::env::args_os())
}

/// [`run`] with the command line given (the program name first), for a harness that runs the
/// command line in a child process of its own binary (the fuzzer).
pub fn run_from<I, T>(args: I) -> i32
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                ExitCode::UsageOrIo
            } else {
                ExitCode::Ok
            };
            let _ = err.print();
            return code as i32;
        }
    };
    let code = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Model(args) => model::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Calibrate(args) => calibrate::run(&args),
        Command::Manifest(args) => manifest::run(&args),
    };
    code as i32
}

/// The book folders to work on: those named, else every folder under `manuscript/` that is a
/// book (a `book.toml`, or front matter with a title: [`crate::parse::is_book`]), sorted by name.
/// (The benchmark lists the bundled books with it too.)
pub fn book_dirs(named: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    if !named.is_empty() {
        return Ok(named.to_vec());
    }
    let root = Path::new("manuscript");
    let entries = std::fs::read_dir(root).map_err(|err| {
        Diagnostic::error(root, None, format!("cannot list books: {err}"))
            .with_hint("run samizdat from the project folder, or name the book folders to build")
    })?;
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| crate::parse::is_book(p))
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(Diagnostic::error(
            root,
            None,
            "no book folders (with a book.toml) here",
        ));
    }
    Ok(dirs)
}

/// The books of a run as jobs of a batch. Books whose folders share a name (`a/mybook`,
/// `b/mybook`) would overwrite each other's outputs: each of them is refused, with an error naming
/// the others, before anything is built; the other books go on. A folder named twice is built once.
///
/// (The rule of the hardening issue and of the batch issue, in one place.)
pub fn unique_books(dirs: Vec<PathBuf>) -> Vec<crate::build::batch::Job> {
    use crate::build::batch::Job;
    let mut named: Vec<(String, PathBuf, PathBuf)> = Vec::new();
    for dir in dirs {
        let real = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        if named.iter().any(|(_, _, known)| *known == real) {
            continue;
        }
        named.push((crate::build::output_name(&dir), dir, real));
    }
    let mut jobs = Vec::new();
    for (name, dir, _) in &named {
        let sharing: Vec<String> = named
            .iter()
            .filter(|(other, _, _)| other == name)
            .map(|(_, other_dir, _)| display_path(other_dir).display().to_string())
            .collect();
        if sharing.len() == 1 {
            jobs.push(Job::Build { dir: dir.clone() });
            continue;
        }
        let diagnostic = Diagnostic::error(
            display_path(dir),
            None,
            format!(
                "the books {} share the folder name `{name}`, so their outputs ({name}.epub, \
                 {name}.pdf) would overwrite each other: none of them is built",
                sharing.join(" and ")
            ),
        )
        .with_hint(
            "rename one of the folders, or build them in separate runs with different --out",
        );
        jobs.push(Job::Refuse {
            dir: dir.clone(),
            diagnostic,
        });
    }
    jobs
}

/// How a run treats and prints its diagnostics.
#[derive(Debug, Clone, Copy)]
struct Reporting {
    /// Warnings count as errors.
    strict: bool,
    /// Only errors are printed.
    quiet: bool,
}

/// Prints diagnostics to stderr (warnings only when not quiet); returns the worst severity.
fn report(diags: Diagnostics, quiet: bool) -> Option<Severity> {
    let mut worst = None;
    for mut d in diags.sorted() {
        worst = worst.max(Some(d.severity));
        if quiet && d.severity < Severity::Error {
            continue;
        }
        d.file = display_path(&d.file);
        console::say(d);
    }
    worst
}

/// Parses a book and prints what was found; `Err` holds the exit code of a book that cannot go on.
fn parse_book(dir: &Path, reporting: Reporting) -> Result<crate::Book, ExitCode> {
    let (book, diags) = read_book(dir)?;
    conclude(book, diags, reporting)
}

/// Parses the book in `dir`: its model (if it could be read at all) and every problem found.
fn read_book(dir: &Path) -> Result<(Option<crate::Book>, Diagnostics), ExitCode> {
    if !dir.is_dir() {
        let d = Diagnostic::error(display_path(dir), None, "no such book folder")
            .with_hint("a book is a folder holding a book.toml and Markdown files");
        console::say(d);
        return Err(ExitCode::UsageOrIo);
    }
    if !crate::parse::is_book(dir) {
        let d = Diagnostic::error(display_path(dir), None, crate::build::NOT_A_BOOK)
            .with_hint(crate::build::NOT_A_BOOK_HINT);
        console::say(d);
        return Err(ExitCode::UsageOrIo);
    }
    let parsed = crate::parse(dir);
    Ok((parsed.book, parsed.diagnostics))
}

/// Promotes warnings under `--strict`, prints the diagnostics, and gives the book if it has no
/// errors.
fn conclude(
    book: Option<crate::Book>,
    mut diags: Diagnostics,
    reporting: Reporting,
) -> Result<crate::Book, ExitCode> {
    if reporting.strict {
        diags.promote_warnings();
    }
    let worst = report(diags, reporting.quiet);
    match (book, worst) {
        (Some(book), None | Some(Severity::Note | Severity::Warning)) => Ok(book),
        _ => Err(ExitCode::ContentErrors),
    }
}
