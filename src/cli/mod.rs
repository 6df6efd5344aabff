//! The command line: one file per subcommand, exit codes fixed (see [`ExitCode`]).

mod build;
mod check;
mod model;

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

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
}

/// Runs the command line and returns the exit code: 0 ok, 1 content errors, 2 usage or I/O errors.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
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

/// Prints diagnostics to stderr (warnings only when not quiet); returns the worst severity.
fn report(diags: Diagnostics, quiet: bool) -> Option<Severity> {
    let mut worst = None;
    for mut d in diags.sorted() {
        worst = worst.max(Some(d.severity));
        if quiet && d.severity == Severity::Warning {
            continue;
        }
        d.file = display_path(&d.file);
        eprintln!("{d}");
    }
    worst
}

/// Parses a book, promoting warnings under `--strict`; prints what was found.
fn parse_book(dir: &Path, strict: bool, quiet: bool) -> (Option<crate::Book>, ExitCode) {
    if !dir.is_dir() {
        let d = Diagnostic::error(display_path(dir), None, "no such book folder")
            .with_hint("a book is a folder holding a book.toml and Markdown files");
        eprintln!("{d}");
        return (None, ExitCode::UsageOrIo);
    }
    if !crate::parse::is_book(dir) {
        let d = Diagnostic::error(display_path(dir), None, crate::build::NOT_A_BOOK)
            .with_hint(crate::build::NOT_A_BOOK_HINT);
        eprintln!("{d}");
        return (None, ExitCode::UsageOrIo);
    }
    let parsed = crate::parse(dir);
    let mut diags = parsed.diagnostics;
    if strict {
        diags.promote_warnings();
    }
    let worst = report(diags, quiet);
    match (parsed.book, worst) {
        (Some(book), None | Some(Severity::Warning)) => (Some(book), ExitCode::Ok),
        _ => (None, ExitCode::ContentErrors),
    }
}
