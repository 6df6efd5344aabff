//! The build driver: the one place that runs a book through the pipeline.
//!
//! [`build`] parses the book once, loads its style once, then makes every requested output in
//! memory: the print half typesets the book and cuts it into pages (fonts and hyphenation loaded
//! once), then the e-book is made, with the printed pages' page-list, while the PDF is written
//! with its quality report, at the same time on rayon's pool. Only
//! when everything succeeded (and, under `--strict`, nothing warned) does the caller write the
//! outputs, all of them or none ([`write_outputs`]): a failed build leaves every earlier output as
//! it was. The command line's `build` and `check` both come through here; `check` simply keeps
//! the outputs in memory.

pub mod batch;
pub mod cache;
mod identity;
pub mod inputs;
pub mod manifest;
mod print;
pub mod shard;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::{display_path, Diagnostic, Diagnostics, Severity};
use crate::epub::EpubInputs;
use crate::layout::Report;
use crate::model::Book;
use crate::parse::ParseOptions;
use crate::pdf::PdfOptions;
use crate::style::LoadedStyle;

pub use print::{lay_out, print, LaidOut, Print, PrintError};

/// An output format a build can make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Epub,
    Pdf,
}

/// Whether warnings fail the build (`--strict`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// Warnings are printed; the outputs are written.
    #[default]
    Lenient,
    /// Every warning is an error: nothing is written.
    Strict,
}

/// What every book of a run is built with.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The formats to make (each once, in this order).
    pub formats: Vec<Format>,
    pub strictness: Strictness,
    /// Bleed and crop marks asked for on the command line (the style's own apply otherwise).
    pub pdf: PdfOptions,
    pub parse: ParseOptions,
}

/// One file a build makes, in memory.
#[derive(Debug, Clone)]
pub struct Output {
    /// The file name in the output folder (`russia-bureaucracy.epub`).
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// How a build ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Built,
    /// The content has errors (or warnings under `--strict`): nothing to write.
    ContentErrors,
    /// A file could not be read: nothing to write.
    IoError,
}

/// How long each stage took. The e-book is made while the print half runs, so the stages overlap.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Timings {
    pub parse: Duration,
    pub epub: Duration,
    /// Fonts, typesetting and page layout.
    pub layout: Duration,
    /// The PDF writer.
    pub pdf: Duration,
    pub total: Duration,
}

/// Everything one book's build gives.
#[derive(Debug, Clone)]
pub struct BookBuild {
    /// The book's output name: its folder's name.
    pub name: String,
    pub status: Status,
    /// Every output, when the status is [`Status::Built`]; none otherwise.
    pub outputs: Vec<Output>,
    /// The print-quality report, when a PDF was made.
    pub report: Option<Report>,
    /// Every problem found, sorted, warnings promoted under `--strict`.
    pub diagnostics: Diagnostics,
    pub timings: Timings,
    /// What the build read (for the cache): empty when the book could not be parsed or styled.
    pub inputs: Vec<inputs::Input>,
}

/// The name a book's outputs take: its folder's name (`manuscript/russia-bureaucracy` gives
/// `russia-bureaucracy.epub`).
pub fn output_name(dir: &Path) -> String {
    dir.canonicalize()
        .ok()
        .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "book".to_owned())
}

/// The error for a folder that is no book (exit code 2), and its hint.
pub const NOT_A_BOOK: &str =
    "this folder is not a book: it has no book.toml, and its first Markdown file has no front matter with a title";
pub const NOT_A_BOOK_HINT: &str = "add a book.toml with [book] title = \"...\", or open the first chapter with front matter: ---, title: ..., ---";

/// Builds the book in `dir`: every output of `options.formats` in memory, or none.
pub fn build(dir: &Path, options: &BuildOptions) -> BookBuild {
    let started = Instant::now();
    let mut result = BookBuild {
        name: output_name(dir),
        status: Status::Built,
        outputs: Vec::new(),
        report: None,
        diagnostics: Diagnostics::new(),
        timings: Timings::default(),
        inputs: Vec::new(),
    };
    if !dir.is_dir() {
        result.diagnostics.push(
            Diagnostic::error(display_path(dir), None, "no such book folder")
                .with_hint("a book is a folder holding a book.toml and Markdown files"),
        );
        return result.failed(Status::IoError, started);
    }
    if !crate::parse::is_book(dir) {
        result.diagnostics.push(
            Diagnostic::error(display_path(dir), None, NOT_A_BOOK).with_hint(NOT_A_BOOK_HINT),
        );
        return result.failed(Status::IoError, started);
    }
    let parsed = crate::parse::parse_with(dir, &options.parse);
    result.timings.parse = started.elapsed();
    result.diagnostics.extend(parsed.diagnostics);
    let Some(book) = parsed.book else {
        return result.failed(Status::ContentErrors, started);
    };
    // The style's problems join the book's, located in the style file (or at `style =` in
    // book.toml), so that they sort, promote and count alike.
    let style = crate::style::load_for_book(&book.style, dir, &mut result.diagnostics);
    if result.settle(options.strictness) {
        return result.failed(Status::ContentErrors, started);
    }
    let Some(style) = style else {
        return result.failed(Status::ContentErrors, started);
    };
    result.inputs = inputs::read_by(dir, &book, &style);
    let mut status = result.make_outputs(&book, &style, dir, options);
    if result.settle(options.strictness) {
        status = status.max(Status::ContentErrors);
    }
    if status != Status::Built {
        return result.failed(status, started);
    }
    result.timings.total = started.elapsed();
    result
}

impl BookBuild {
    /// Makes every output `options` asks for: the pages laid out once (for the PDF, and for the
    /// e-book's page-list even when no PDF is made), then the e-book beside the PDF writer.
    /// Returns how it went.
    fn make_outputs(
        &mut self,
        book: &Book,
        style: &LoadedStyle,
        dir: &Path,
        options: &BuildOptions,
    ) -> Status {
        let wants = |format| options.formats.contains(&format);
        let page_list = wants(Format::Epub) && style.style.epub.page_list;
        let laid = match (wants(Format::Pdf) || page_list)
            .then(|| print::lay_out(book, style))
            .transpose()
        {
            Ok(laid) => laid,
            Err(err) => return self.take_print(Err(err), dir, book),
        };
        self.timings.layout = laid.as_ref().map(|laid| laid.time).unwrap_or_default();
        let pages = laid
            .as_ref()
            .filter(|_| page_list)
            .map(|laid| laid.paginated.layout.printed_pages());
        let (epub, print) = rayon::join(
            || {
                wants(Format::Epub).then(|| {
                    let started = Instant::now();
                    let inputs = EpubInputs {
                        pages: pages.as_deref(),
                    };
                    let epub = crate::epub::write_epub_with(book, style, inputs);
                    (epub, started.elapsed())
                })
            },
            // Without a PDF, the pages (and the layout's warnings, which are the PDF's) go.
            || {
                laid.filter(|_| wants(Format::Pdf))
                    .map(|laid| print::write(laid, book, style, dir, &options.pdf))
            },
        );
        let mut status = Status::Built;
        if let Some((epub, took)) = epub {
            self.timings.epub = took;
            match epub {
                Ok(bytes) => self.outputs.push(Output {
                    file_name: format!("{}.epub", self.name),
                    bytes,
                }),
                Err(err) => {
                    self.diagnostics
                        .push(Diagnostic::error(dir, None, err.to_string()));
                    status = status.max(Status::ContentErrors);
                }
            }
        }
        if let Some(print) = print {
            status = status.max(self.take_print(print, dir, book));
        }
        status
    }

    /// Promotes warnings under `--strict`; returns whether there are errors.
    fn settle(&mut self, strictness: Strictness) -> bool {
        if strictness == Strictness::Strict {
            self.diagnostics.promote_warnings();
        }
        self.diagnostics.has_errors()
    }

    /// Takes the print half's PDF, report and warnings; returns how it went.
    fn take_print(&mut self, print: Result<Print, PrintError>, dir: &Path, book: &Book) -> Status {
        match print {
            Ok(print) => {
                for warning in print.warnings {
                    let file = dir.join(&warning.file);
                    self.diagnostics.push(Diagnostic { file, ..warning });
                }
                self.timings.layout = print.layout_time;
                self.timings.pdf = print.write_time;
                self.outputs.push(Output {
                    file_name: format!("{}.pdf", self.name),
                    bytes: print.bytes,
                });
                let json = serde_json::to_string_pretty(&print.report).unwrap_or_default();
                self.outputs.push(Output {
                    file_name: format!("{}.report.json", self.name),
                    bytes: format!("{json}\n").into_bytes(),
                });
                self.report = Some(print.report);
                Status::Built
            }
            Err(err) => {
                let status = match err {
                    PrintError::Read { .. } => Status::IoError,
                    _ => Status::ContentErrors,
                };
                self.diagnostics.push(err.into_diagnostic(dir, book));
                status
            }
        }
    }

    fn failed(mut self, status: Status, started: Instant) -> BookBuild {
        self.status = status;
        self.outputs.clear();
        self.report = None;
        self.timings.total = started.elapsed();
        self
    }

    /// The worst severity among the diagnostics.
    pub fn worst(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// Writes every output into `out`, all or none: each goes to a temporary file beside its target
/// first; only when all are written are they renamed into place. On failure the temporary files
/// are removed and every earlier output is left as it was. Returns the paths written.
pub fn write_outputs(outputs: &[Output], out: &Path) -> Result<Vec<PathBuf>, Diagnostic> {
    let failed = |path: &Path, err: std::io::Error| {
        Diagnostic::error(display_path(path), None, format!("cannot write: {err}"))
            .with_hint("check that the output folder is writable and the disk has room")
    };
    std::fs::create_dir_all(out).map_err(|err| failed(out, err))?;
    let mut staged: Vec<(PathBuf, PathBuf)> = Vec::new();
    for output in outputs {
        let target = out.join(&output.file_name);
        match crate::output::write_temporary(&target, &output.bytes) {
            Ok(temporary) => staged.push((temporary, target)),
            Err(err) => {
                for (temporary, _) in &staged {
                    let _ = std::fs::remove_file(temporary);
                }
                return Err(failed(&target, err));
            }
        }
    }
    let mut written = Vec::new();
    for (temporary, target) in staged {
        std::fs::rename(&temporary, &target).map_err(|err| {
            let _ = std::fs::remove_file(&temporary);
            failed(&target, err)
        })?;
        written.push(target);
    }
    Ok(written)
}
