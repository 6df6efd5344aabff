//! What a batch prints for each book, in each `--message-format`:
//!
//! - `human` (the default): on stderr, the book's diagnostics (`path:line:col: error: ...`), its
//!   report line, the files written and how it ended;
//! - `json`: on stdout, one JSON object per line, in the manner of cargo's `--message-format
//!   json`: `{"reason":"diagnostic",...}` per diagnostic (book, severity, code, message, file,
//!   line, column, hint), `{"reason":"book",...}` per book, `{"reason":"finished",...}` last;
//! - `github`: on stdout, a GitHub Actions annotation per diagnostic (`::error file=…,line=…::…`),
//!   so that problems show on the pull request's lines; the rest as `human`, on stderr.
//!
//! A book's lines are written together, never mixed with another book's.

use std::fmt::Write as _;
use std::io::Write as _;

use clap::ValueEnum;
use serde::Serialize;

use crate::build::batch::Outcome;
use crate::build::manifest::{BookStatus, DiagnosticEntry, Level, OutputEntry};
use crate::diag::{display_path, Severity};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, ValueEnum)]
pub enum MessageFormat {
    #[default]
    Human,
    Json,
    Github,
}

/// How much the human format prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Normal,
    /// Errors only (`--quiet`).
    Quiet,
}

/// A book's text for stderr and for stdout.
#[derive(Debug, Default)]
pub struct Block {
    pub stderr: String,
    pub stdout: String,
}

impl Block {
    /// Writes both parts, each in one write. A closed stream is not an error of the run: what
    /// cannot be printed is dropped.
    pub fn print(&self) {
        if !self.stderr.is_empty() {
            let _ = std::io::stderr().lock().write_all(self.stderr.as_bytes());
        }
        if !self.stdout.is_empty() {
            let mut out = std::io::stdout().lock();
            let _ = out
                .write_all(self.stdout.as_bytes())
                .and_then(|()| out.flush());
        }
    }
}

/// The block of one book.
pub fn book(outcome: &Outcome, format: MessageFormat, verbosity: Verbosity) -> Block {
    let mut block = Block::default();
    match format {
        MessageFormat::Human => {
            human_diagnostics(outcome, verbosity, &mut block.stderr);
            human_ending(outcome, verbosity, &mut block.stderr);
        }
        MessageFormat::Github => {
            for d in &outcome.diagnostics {
                if verbosity == Verbosity::Quiet && d.severity < Severity::Error {
                    continue;
                }
                let _ = writeln!(block.stdout, "{}", annotation(&DiagnosticEntry::from(d)));
            }
            human_ending(outcome, verbosity, &mut block.stderr);
        }
        MessageFormat::Json => {
            for d in &outcome.diagnostics {
                let line = JsonDiagnostic {
                    reason: "diagnostic",
                    book: &outcome.name,
                    entry: DiagnosticEntry::from(d),
                };
                push_json(&mut block.stdout, &line);
            }
            let line = JsonBook {
                reason: "book",
                book: &outcome.name,
                dir: display_path(&outcome.dir).display().to_string(),
                status: outcome.status,
                exit_code: outcome.exit_code,
                outputs: &outcome.outputs,
            };
            push_json(&mut block.stdout, &line);
        }
    }
    block
}

/// The last line of a run.
pub fn finished(outcomes: &[Outcome], exit_code: u8, format: MessageFormat) -> Block {
    let count = |status| outcomes.iter().filter(|o| o.status == status).count();
    let mut block = Block::default();
    if format == MessageFormat::Json {
        let line = JsonFinished {
            reason: "finished",
            exit_code,
            books: outcomes.len(),
            built: count(BookStatus::Built),
            up_to_date: count(BookStatus::UpToDate),
            failed: count(BookStatus::Failed),
            skipped: count(BookStatus::Skipped),
        };
        push_json(&mut block.stdout, &line);
    } else if outcomes.len() > 1 {
        let _ = writeln!(
            block.stderr,
            "{} books: {} built, {} up to date, {} failed, {} skipped",
            outcomes.len(),
            count(BookStatus::Built),
            count(BookStatus::UpToDate),
            count(BookStatus::Failed),
            count(BookStatus::Skipped),
        );
    }
    block
}

fn human_diagnostics(outcome: &Outcome, verbosity: Verbosity, out: &mut String) {
    for d in &outcome.diagnostics {
        if verbosity == Verbosity::Quiet && d.severity < Severity::Error {
            continue;
        }
        let mut d = d.clone();
        d.file = display_path(&d.file);
        let _ = writeln!(out, "{d}");
    }
}

fn human_ending(outcome: &Outcome, verbosity: Verbosity, out: &mut String) {
    if verbosity == Verbosity::Quiet {
        return;
    }
    let name = &outcome.name;
    if let Some(line) = &outcome.report_line {
        let _ = writeln!(out, "{name}.pdf: {line}");
    }
    for (path, output) in outcome.written.iter().zip(&outcome.outputs) {
        if output.path.ends_with(".report.json") {
            continue;
        }
        let kb = output.size.div_ceil(1024);
        let _ = writeln!(out, "wrote {} ({kb} KB)", display_path(path).display());
    }
    let seconds = outcome.timings.total.as_secs_f64();
    let _ = match (outcome.status, &outcome.note) {
        (BookStatus::Built, Some(why)) => {
            writeln!(out, "{name}: built in {seconds:.2} s ({why})")
        }
        (BookStatus::Built, None) => writeln!(out, "{name}: built in {seconds:.2} s"),
        (BookStatus::UpToDate, note) => {
            writeln!(out, "{name}: {}", note.as_deref().unwrap_or("up to date"))
        }
        (BookStatus::Failed, _) => writeln!(out, "{name}: failed"),
        (BookStatus::Skipped, note) => {
            writeln!(out, "{name}: {}", note.as_deref().unwrap_or("skipped"))
        }
    };
}

/// A GitHub Actions workflow command for one diagnostic.
pub fn annotation(d: &DiagnosticEntry) -> String {
    let command = match d.severity {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note => "notice",
    };
    let mut properties = vec![format!("file={}", escape_property(&d.file))];
    if let Some(line) = d.line {
        properties.push(format!("line={line}"));
    }
    if let Some(column) = d.column {
        properties.push(format!("col={column}"));
    }
    let title = format!("samizdat {}", d.code.as_str());
    properties.push(format!("title={}", escape_property(&title)));
    let mut message = d.message.clone();
    if let Some(hint) = &d.hint {
        message.push_str("\nhint: ");
        message.push_str(hint);
    }
    format!(
        "::{command} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a workflow command's message as the runner expects (`%`, CR and LF).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value (also `:` and `,`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    reason: &'static str,
    book: &'a str,
    #[serde(flatten)]
    entry: DiagnosticEntry,
}

#[derive(Serialize)]
struct JsonBook<'a> {
    reason: &'static str,
    book: &'a str,
    dir: String,
    status: BookStatus,
    exit_code: u8,
    outputs: &'a [OutputEntry],
}

#[derive(Serialize)]
struct JsonFinished {
    reason: &'static str,
    exit_code: u8,
    books: usize,
    built: usize,
    up_to_date: usize,
    failed: usize,
    skipped: usize,
}

fn push_json(out: &mut String, value: &impl Serialize) {
    if let Ok(line) = serde_json::to_string(value) {
        out.push_str(&line);
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Code;

    #[test]
    fn annotations_escape_what_the_runner_reads() {
        let entry = DiagnosticEntry {
            severity: Level::Warning,
            code: Code::FigureMissing,
            message: "figure `a,b.jpg` does not exist: 100%".to_owned(),
            file: "books/a:b/ch1.md".to_owned(),
            line: Some(3),
            column: Some(1),
            hint: Some("add it".to_owned()),
        };
        assert_eq!(
            annotation(&entry),
            "::warning file=books/a%3Ab/ch1.md,line=3,col=1,title=samizdat figure-missing::\
             figure `a,b.jpg` does not exist: 100%25%0Ahint: add it"
        );
        let note = DiagnosticEntry {
            severity: Level::Note,
            code: Code::PageHole,
            hint: None,
            ..entry
        };
        assert!(annotation(&note).starts_with("::notice file="));
    }
}
