//! The build driver: the one place that runs a book through the pipeline.
//!
//! [`build`] parses the book once, loads its style once, then makes every requested output in
//! memory. The fonts are loaded once, the cover set once and the book typeset and cut into pages
//! once; then the e-book (with the printed pages' page-list, and a cover image drawn from the
//! cover) is made on one side while, at the same time on rayon's pool, the PDF is written with its
//! quality report and imposed as a booklet when asked. Only
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
use crate::layout::{Cover, Report};
use crate::model::{Book, PrintedPage};
use crate::parse::ParseOptions;
use crate::pdf::PdfOptions;
use crate::style::{BookletStyle, CoverMode, Duplex, LoadedStyle, Signature};
use crate::text::FontBook;

pub use print::{
    lay_out, pdf_options, print, print_with, LaidOut, Print, PrintError, PrintRequest,
};

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
    /// A booklet (`--booklet`), with what the command line says over the style's settings.
    pub booklet: Option<BookletRequest>,
}

/// `--booklet` and its options; what is not given comes from the style's `[print.booklet]`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BookletRequest {
    pub duplex: Option<Duplex>,
    pub signature: Option<Signature>,
    pub cover: Option<CoverMode>,
}

impl BookletRequest {
    /// The style's settings with the request's over them.
    pub fn settle(&self, style: &BookletStyle) -> BookletStyle {
        BookletStyle {
            duplex: self.duplex.unwrap_or(style.duplex),
            signature: self.signature.or(style.signature),
            cover: self.cover.unwrap_or(style.cover),
            ..style.clone()
        }
    }
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
    let fonts = match FontBook::load(&style) {
        Ok(fonts) => fonts,
        Err(err) => {
            result
                .diagnostics
                .push(PrintError::Fonts(err).into_diagnostic(dir, &book));
            return result.failed(Status::ContentErrors, started);
        }
    };
    let mut status = result.make_outputs(&book, &style, &fonts, dir, options);
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
    /// Promotes warnings under `--strict`; returns whether there are errors.
    fn settle(&mut self, strictness: Strictness) -> bool {
        if strictness == Strictness::Strict {
            self.diagnostics.promote_warnings();
        }
        self.diagnostics.has_errors()
    }

    /// Makes every output `options` asks for: the cover once, then the e-book beside the print
    /// half. Returns how it went.
    fn make_outputs(
        &mut self,
        book: &Book,
        style: &LoadedStyle,
        fonts: &FontBook,
        dir: &Path,
        options: &BuildOptions,
    ) -> Status {
        let wants = |format| options.formats.contains(&format);
        let booklet = options
            .booklet
            .map(|request| request.settle(&style.style.print.booklet));
        let pdf = pdf_options(&options.pdf, style);
        let cover = (wants(Format::Epub) || booklet.is_some())
            .then(|| crate::layout::cover(book, style, fonts, pdf.bleed));
        let request = PrintRequest {
            pdf,
            booklet: booklet.as_ref(),
            cover: cover.as_ref(),
        };
        // The pages are laid out once: for the print half, and for the e-book's page-list even
        // when no PDF is made.
        let page_list = wants(Format::Epub) && style.style.epub.page_list;
        let printing = wants(Format::Pdf) || booklet.is_some();
        let laid = (printing || page_list).then(|| print::lay_out(book, style, fonts));
        self.timings.layout = laid.as_ref().map(|laid| laid.time).unwrap_or_default();
        let pages = laid
            .as_ref()
            .filter(|_| page_list)
            .map(|laid| laid.paginated.layout.printed_pages());
        let (epub, print) = rayon::join(
            || {
                wants(Format::Epub).then(|| {
                    let started = Instant::now();
                    let parts = EpubParts {
                        cover: cover.as_ref(),
                        pages: pages.as_deref(),
                    };
                    let epub = epub(book, style, fonts, parts, dir);
                    (epub, started.elapsed())
                })
            },
            // Without a PDF, the pages (and the layout's warnings, which are the PDF's) go.
            || {
                laid.filter(|_| printing)
                    .map(|laid| print::write(laid, book, dir, fonts, &request))
            },
        );
        let mut status = Status::Built;
        if let Some((epub, took)) = epub {
            self.timings.epub = took;
            status = status.max(self.take_epub(epub));
        }
        if let Some(print) = print {
            status = status.max(self.take_print(print, dir, book, &options.formats));
        }
        // The cover repeats the title page's words: a problem with them is reported once.
        if let Some(cover) = &cover {
            self.take_new_warnings(&cover.warnings, dir);
        }
        status
    }

    fn take_epub(&mut self, epub: Result<Vec<u8>, Diagnostic>) -> Status {
        match epub {
            Ok(bytes) => {
                self.outputs.push(Output {
                    file_name: format!("{}.epub", self.name),
                    bytes,
                });
                Status::Built
            }
            Err(diagnostic) => {
                self.diagnostics.push(diagnostic);
                Status::ContentErrors
            }
        }
    }

    /// Adds `warnings` (paths relative to the book folder) that are not there yet.
    fn take_new_warnings(&mut self, warnings: &[Diagnostic], dir: &Path) {
        for warning in warnings {
            let warning = Diagnostic {
                file: dir.join(&warning.file),
                ..warning.clone()
            };
            let known = self.diagnostics.iter().any(|d| {
                (&d.file, d.pos, &d.message) == (&warning.file, warning.pos, &warning.message)
            });
            if !known {
                self.diagnostics.push(warning);
            }
        }
    }

    /// Takes the print half's PDF and report (when `formats` has the PDF), booklet and
    /// warnings; returns how it went.
    fn take_print(
        &mut self,
        print: Result<Print, PrintError>,
        dir: &Path,
        book: &Book,
        formats: &[Format],
    ) -> Status {
        let print = match print {
            Ok(print) => print,
            Err(err) => {
                let status = match err {
                    PrintError::Read { .. } => Status::IoError,
                    _ => Status::ContentErrors,
                };
                self.diagnostics.push(err.into_diagnostic(dir, book));
                return status;
            }
        };
        for warning in print.warnings {
            let file = dir.join(&warning.file);
            self.diagnostics.push(Diagnostic { file, ..warning });
        }
        self.timings.layout = print.layout_time;
        self.timings.pdf = print.write_time;
        if formats.contains(&Format::Pdf) {
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
        }
        if let Some(booklet) = print.booklet {
            self.outputs.push(Output {
                file_name: format!("{}.booklet.pdf", self.name),
                bytes: booklet.sheets,
            });
            if let Some(cover) = booklet.cover {
                self.outputs.push(Output {
                    file_name: format!("{}.cover.pdf", self.name),
                    bytes: cover,
                });
            }
        }
        Status::Built
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

/// What the e-book takes from the print half: the typeset cover and the printed pages.
#[derive(Clone, Copy)]
struct EpubParts<'a> {
    cover: Option<&'a Cover>,
    /// For the page-list.
    pages: Option<&'a [PrintedPage]>,
}

/// The e-book with its cover image (the book's own cover picture as it is, else the typeset
/// cover's front drawn [`crate::raster::COVER_HEIGHT_PX`] pixels tall) and its page-list.
fn epub(
    book: &Book,
    style: &LoadedStyle,
    fonts: &FontBook,
    EpubParts { cover, pages }: EpubParts<'_>,
    dir: &Path,
) -> Result<Vec<u8>, Diagnostic> {
    let failed = |message: String| Diagnostic::error(dir, None, message);
    let image = match (&book.metadata.cover, cover) {
        (Some(picture), _) => {
            let bytes =
                crate::files::read_inside(&picture.path, &[dir], crate::files::MAX_BINARY_FILE)
                    .map_err(|err| {
                        Diagnostic::error(
                            display_path(&picture.path),
                            None,
                            format!("cannot read the cover picture: {err}"),
                        )
                    })?;
            Some(crate::epub::EpubCover {
                bytes,
                format: picture.format,
            })
        }
        (None, Some(cover)) => {
            let png =
                crate::raster::page_png(&cover.layout, 0, fonts, crate::raster::COVER_HEIGHT_PX)
                    .map_err(|err| failed(format!("the e-book's cover image: {err}")))?;
            Some(crate::epub::EpubCover {
                bytes: png,
                format: crate::model::ImageFormat::Png,
            })
        }
        (None, None) => None,
    };
    let inputs = crate::epub::EpubInputs {
        pages,
        cover: image.as_ref(),
    };
    crate::epub::write_epub_with(book, style, inputs).map_err(|err| failed(err.to_string()))
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
