//! `out/manifest.json`: what a batch build made, for CI to collect and for people to read.
//!
//! One entry per book of the run, sorted by name: its outputs (path in the output folder, size,
//! SHA-256), its cache key, its status (built, up to date, failed, skipped), its exit code, the
//! time it took, the print-quality report's main figures and how many errors and warnings it had.
//! It is the one file a warm run rewrites. `samizdat manifest merge` joins the manifests of the
//! shards of one catalogue ([`merge`]); the merged manifest has the same books as one unsharded
//! build's, timings aside.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{display_path, Code, Diagnostic, Severity};
use crate::layout::Report;

/// The format of the manifest; a reader refuses another.
pub const FORMAT: u32 = 1;

/// The manifest's file name in the output folder.
pub const FILE_NAME: &str = "manifest.json";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: u32,
    /// The samizdat builds that made it (version and binary digest): one, or one per shard.
    pub identity: Vec<String>,
    /// The shards it covers (`1/3`); empty for an unsharded run.
    pub shards: Vec<String>,
    /// The worst exit code of its books: 0, 1 or 2.
    pub exit_code: u8,
    pub books: Vec<BookEntry>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BookEntry {
    /// The book folder's name, which its outputs take.
    pub name: String,
    /// The book folder, as it was named.
    pub dir: String,
    pub status: BookStatus,
    /// 0 built or up to date, 1 content errors, 2 a file could not be read or written.
    pub exit_code: u8,
    /// The cache key of the outputs; none when the book failed.
    pub key: Option<String>,
    pub outputs: Vec<OutputEntry>,
    pub timings: TimingsEntry,
    pub report: Option<ReportSummary>,
    pub diagnostics: Counts,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookStatus {
    Built,
    UpToDate,
    Failed,
    /// Not attempted: an earlier book failed under `--fail-fast`.
    Skipped,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputEntry {
    /// Relative to the output folder.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// Milliseconds. An up-to-date book's total is the time its check took.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimingsEntry {
    pub total_ms: u64,
    pub parse_ms: u64,
    pub epub_ms: u64,
    pub layout_ms: u64,
    pub pdf_ms: u64,
}

impl From<&super::Timings> for TimingsEntry {
    fn from(t: &super::Timings) -> Self {
        let ms = |d: std::time::Duration| u64::try_from(d.as_millis()).unwrap_or(u64::MAX);
        TimingsEntry {
            total_ms: ms(t.total),
            parse_ms: ms(t.parse),
            epub_ms: ms(t.epub),
            layout_ms: ms(t.layout),
            pdf_ms: ms(t.pdf),
        }
    }
}

/// The print-quality report's main figures (the whole report is `<book>.report.json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSummary {
    pub pages: usize,
    pub lines: usize,
    pub overfull_lines: usize,
    pub hyphenated_percent: f64,
    pub widows: usize,
    pub orphans: usize,
    pub stranded_headings: usize,
    pub notes_off_page: usize,
    pub figures_deferred: usize,
    pub pages_with_holes: usize,
}

impl From<&Report> for ReportSummary {
    fn from(r: &Report) -> Self {
        ReportSummary {
            pages: r.pages,
            lines: r.lines,
            overfull_lines: r.overfull_lines,
            hyphenated_percent: r.hyphenated_percent,
            widows: r.widows,
            orphans: r.orphans,
            stranded_headings: r.stranded_headings,
            notes_off_page: r.notes_off_page,
            figures_deferred: r.figures_deferred,
            pages_with_holes: r.pages_with_holes,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
    /// Where the print layout asks an editor to look (see `Severity::Note`).
    #[serde(default)]
    pub notes: usize,
}

impl Counts {
    pub fn of(diagnostics: &[Diagnostic]) -> Counts {
        let count = |severity: Severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        Counts {
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
            notes: count(Severity::Note),
        }
    }
}

/// A diagnostic as data: kept in the cache (to print again for an up-to-date book) and printed
/// by `--message-format json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiagnosticEntry {
    pub severity: Level,
    pub code: Code,
    pub message: String,
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Error,
    Warning,
    Note,
}

impl From<&Diagnostic> for DiagnosticEntry {
    fn from(d: &Diagnostic) -> Self {
        DiagnosticEntry {
            severity: match d.severity {
                Severity::Error => Level::Error,
                Severity::Warning => Level::Warning,
                Severity::Note => Level::Note,
            },
            code: d.code(),
            message: d.message.clone(),
            file: display_path(&d.file).display().to_string(),
            line: d.pos.map(|p| p.line),
            column: d.pos.map(|p| p.column),
            hint: d.hint.clone(),
        }
    }
}

impl From<&DiagnosticEntry> for Diagnostic {
    fn from(e: &DiagnosticEntry) -> Self {
        let pos = match (e.line, e.column) {
            (Some(line), Some(column)) => Some(crate::model::SourcePos { line, column }),
            _ => None,
        };
        Diagnostic {
            severity: match e.severity {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
                Level::Note => Severity::Note,
            },
            file: e.file.clone().into(),
            pos,
            message: e.message.clone(),
            hint: e.hint.clone(),
        }
    }
}

impl Manifest {
    /// A manifest of `books` (sorted here by name, then folder).
    pub fn new(identity: String, shards: Vec<String>, mut books: Vec<BookEntry>) -> Manifest {
        books.sort_by(|a, b| (&a.name, &a.dir).cmp(&(&b.name, &b.dir)));
        Manifest {
            format: FORMAT,
            identity: vec![identity],
            shards,
            exit_code: books.iter().map(|b| b.exit_code).max().unwrap_or(0),
            books,
        }
    }

    /// Reads a manifest; the message says what is wrong with it.
    pub fn read(path: &Path) -> Result<Manifest, String> {
        let bytes = crate::files::read_inside(path, &[Path::new("/")], MAX_MANIFEST)
            .map_err(|err| format!("cannot read: {err}"))?;
        let manifest: Manifest = serde_json::from_slice(&bytes)
            .map_err(|err| format!("not a samizdat manifest: {err}"))?;
        if manifest.format != FORMAT {
            return Err(format!(
                "a manifest of format {}, this samizdat reads format {FORMAT}",
                manifest.format
            ));
        }
        Ok(manifest)
    }

    /// The manifest as written: pretty JSON with a final newline.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json.into_bytes()
    }
}

/// The largest manifest read: a catalogue of 10,000 books makes about 10 MB.
const MAX_MANIFEST: u64 = 256 << 20;

/// Joins the manifests of a catalogue's shards. Two of them listing the same book (the same
/// folder name) is an error: shards are disjoint, so those were not the shards of one run.
pub fn merge(manifests: Vec<Manifest>) -> Result<Manifest, String> {
    let mut identity = Vec::new();
    let mut shards = Vec::new();
    let mut books: Vec<(usize, BookEntry)> = Vec::new();
    for (origin, manifest) in manifests.into_iter().enumerate() {
        identity.extend(manifest.identity);
        shards.extend(manifest.shards);
        books.extend(manifest.books.into_iter().map(|book| (origin, book)));
    }
    books.sort_by(|(_, a), (_, b)| (&a.name, &a.dir).cmp(&(&b.name, &b.dir)));
    // Two books of one run may share a name (both failed, refused); two manifests may not.
    let twice = books
        .windows(2)
        .find(|pair| pair[0].1.name == pair[1].1.name && pair[0].0 != pair[1].0);
    if let Some(pair) = twice {
        return Err(format!(
            "the book `{}` is in two of the manifests ({} and {}): merge the manifests of the \
             shards of one run",
            pair[0].1.name, pair[0].1.dir, pair[1].1.dir
        ));
    }
    let books: Vec<BookEntry> = books.into_iter().map(|(_, book)| book).collect();
    identity.sort();
    identity.dedup();
    shards.sort();
    shards.dedup();
    Ok(Manifest {
        format: FORMAT,
        identity,
        shards,
        exit_code: books.iter().map(|b| b.exit_code).max().unwrap_or(0),
        books,
    })
}
