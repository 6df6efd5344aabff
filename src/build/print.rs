//! The print half of a build: the book typeset and laid out ([`lay_out`], which the e-book's
//! page-list needs too), the pictures read, the PDF's parts prepared once, then assembled into
//! the reading PDF and, when asked, the booklet (and its separate cover) from the same parts
//! ([`write`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::layout::{Cover, Layout, Paginated, Report};
use crate::model::Book;
use crate::pdf::{Booklet, BookletParts, PdfError, PdfOptions};
use crate::style::{BookletStyle, CoverMode, LoadedStyle, PdfStandard, StyleError};
use crate::text::{FontBook, Hyphenator, TextError};
use crate::units::Pt;

/// What the print half gives: the PDF, its quality report, the warnings met.
#[derive(Debug)]
pub struct Print {
    pub bytes: Vec<u8>,
    /// The booklet, when one was asked for.
    pub booklet: Option<Booklet>,
    pub report: Report,
    /// Paths relative to the book folder.
    pub warnings: Vec<Diagnostic>,
    /// Fonts, typesetting and layout; then the writer.
    pub layout_time: Duration,
    pub write_time: Duration,
}

/// Why the print half could not make a PDF.
#[derive(Debug)]
pub enum PrintError {
    Style(StyleError),
    Fonts(TextError),
    /// A picture could not be read.
    Read {
        path: PathBuf,
        error: crate::files::ReadError,
    },
    Pdf(PdfError),
}

impl PrintError {
    /// The error as a diagnostic of `book` in `dir`; a picture's error is placed at the first
    /// figure that shows it (the cover picture's, in `book.toml`).
    pub fn into_diagnostic(self, dir: &Path, book: &Book) -> Diagnostic {
        let figure_of = |path: &Path| {
            book.figures()
                .into_iter()
                .find_map(|(chapter, figure)| match &figure.image {
                    crate::model::Image::Present { path: p, .. } if p == path => {
                        Some((dir.join(&book.chapters[chapter].source), figure.at))
                    }
                    _ => None,
                })
        };
        if let PrintError::Pdf(PdfError::Image { path, message }) = &self {
            if let Some((file, at)) = figure_of(path) {
                let shown = crate::diag::display_path(path);
                return Diagnostic::error(
                    file,
                    Some(at),
                    format!("picture {}: {message}", shown.display()),
                )
                .with_hint("export it again from an image editor");
            }
            if book
                .metadata
                .cover
                .as_ref()
                .is_some_and(|c| &c.path == path)
            {
                let shown = crate::diag::display_path(path);
                return Diagnostic::error(
                    dir.join("book.toml"),
                    None,
                    format!("the cover picture {}: {message}", shown.display()),
                )
                .with_hint("export it again from an image editor");
            }
        }
        match self {
            PrintError::Style(err) => {
                Diagnostic::error(dir.join("book.toml"), None, err.to_string())
            }
            PrintError::Fonts(err) => {
                Diagnostic::error(dir.join("book.toml"), None, err.to_string())
                    .with_hint("check the font files the style names under [fonts]")
            }
            PrintError::Read { path, error } => Diagnostic::error(
                crate::diag::display_path(&path),
                None,
                format!("cannot read the picture: {error}"),
            ),
            PrintError::Pdf(err @ PdfError::Impose { .. }) => Diagnostic::error(
                dir,
                None,
                err.to_string(),
            )
            .with_hint(
                "name a larger sheet in the style's [print.booklet] (sheet = \"SRA4\", \"A3\"), \
                     or leave out the marks and the bleed",
            ),
            PrintError::Pdf(err) => Diagnostic::error(dir, None, err.to_string()),
        }
    }
}

/// What the print half makes besides the reading PDF.
#[derive(Debug, Clone, Copy, Default)]
pub struct PrintRequest<'a> {
    /// Bleed and crop marks, as the command line and the style settle them ([`pdf_options`]).
    pub pdf: PdfOptions,
    /// The booklet's settings, when a booklet is asked for.
    pub booklet: Option<&'a BookletStyle>,
    /// The cover, set once by the driver (for the booklet and the e-book alike).
    pub cover: Option<&'a Cover>,
}

/// The PDF options of a build: the command line's bleed and marks win over the style's.
pub fn pdf_options(options: &PdfOptions, style: &LoadedStyle) -> PdfOptions {
    let page = &style.style.print.page;
    PdfOptions {
        bleed: if options.bleed > Pt::ZERO {
            options.bleed
        } else {
            page.bleed.0
        },
        marks: options.marks || page.marks,
        standard: match options.standard {
            PdfStandard::Plain => page.standard,
            asked => asked,
        },
    }
}

/// Typesets `book` in `style` and writes its PDF. `dir` is the book folder (pictures are read
/// only from inside it).
pub fn print(
    book: &Book,
    style: &LoadedStyle,
    dir: &Path,
    options: &PdfOptions,
) -> Result<Print, PrintError> {
    let started = Instant::now();
    let fonts = FontBook::load(style).map_err(PrintError::Fonts)?;
    let request = PrintRequest {
        pdf: pdf_options(options, style),
        ..PrintRequest::default()
    };
    let mut print = print_with(book, style, dir, &fonts, &request)?;
    print.layout_time = started.elapsed().saturating_sub(print.write_time);
    Ok(print)
}

/// Typesets `book` with fonts already loaded and writes what `request` asks for.
pub fn print_with(
    book: &Book,
    style: &LoadedStyle,
    dir: &Path,
    fonts: &FontBook,
    request: &PrintRequest<'_>,
) -> Result<Print, PrintError> {
    write(lay_out(book, style, fonts), book, dir, fonts, request)
}

/// A book typeset and cut into pages.
pub struct LaidOut {
    pub paginated: Paginated,
    /// Hyphenation, typesetting and layout.
    pub time: Duration,
}

/// Loads the hyphenation patterns, typesets `book` in `style` with `fonts` and cuts it into
/// pages (for the PDF, and for the e-book's page-list).
pub fn lay_out(book: &Book, style: &LoadedStyle, fonts: &FontBook) -> LaidOut {
    let started = Instant::now();
    let hyphenator = Hyphenator::for_book(book, &style.style.print.text);
    let mut paginated = crate::layout::paginate(book, style, fonts, &hyphenator);
    if let Some(language) = hyphenator.missing_patterns() {
        paginated.warnings.push(
            Diagnostic::warning(
                "book.toml",
                None,
                format!("no hyphenation patterns for language `{language}`: the PDF is set without hyphenation"),
            )
            .with_hint("English, Russian, German and French have patterns; or turn hyphenation off in the style's [print.text.hyphenation]"),
        );
    }
    LaidOut {
        paginated,
        time: started.elapsed(),
    }
}

/// Reads the pictures of the pages `laid` out and writes what `request` asks for: the reading
/// PDF and, when asked, the booklet.
pub fn write(
    laid: LaidOut,
    book: &Book,
    dir: &Path,
    fonts: &FontBook,
    request: &PrintRequest<'_>,
) -> Result<Print, PrintError> {
    let LaidOut {
        paginated,
        time: layout_time,
    } = laid;
    let written = Instant::now();
    let layout = &paginated.layout;
    // The cover goes into the booklet unless the booklet leaves it out.
    let cover = request
        .booklet
        .filter(|settings| settings.cover != CoverMode::None)
        .and(request.cover);
    let (reading, cover_parts) = rayon::join(
        || prepare(layout, fonts, dir, &request.pdf),
        || cover.map(|cover| prepare(&cover.layout, fonts, dir, &request.pdf)),
    );
    let reading = reading?;
    let cover_parts = cover_parts.transpose()?;
    let bytes =
        crate::pdf::write_reading(layout, &reading, &book.metadata).map_err(PrintError::Pdf)?;
    let booklet = match request.booklet {
        Some(settings) => {
            let parts = BookletParts {
                reading: (layout, &reading),
                cover: cover.zip(cover_parts.as_ref()).map(|(c, p)| (&c.layout, p)),
            };
            Some(
                crate::pdf::write_booklet(&parts, settings, &book.metadata)
                    .map_err(PrintError::Pdf)?,
            )
        }
        None => None,
    };
    Ok(Print {
        bytes,
        booklet,
        report: paginated.report,
        warnings: paginated.warnings,
        layout_time,
        write_time: written.elapsed(),
    })
}

/// The parts of a PDF of `layout`, its pictures read from inside `dir`.
fn prepare(
    layout: &Layout,
    fonts: &FontBook,
    dir: &Path,
    options: &PdfOptions,
) -> Result<crate::pdf::Prepared, PrintError> {
    let pictures: Vec<Vec<u8>> = layout
        .images
        .iter()
        .map(|image| {
            crate::files::read_inside(&image.path, &[dir], crate::files::MAX_BINARY_FILE).map_err(
                |error| PrintError::Read {
                    path: image.path.clone(),
                    error,
                },
            )
        })
        .collect::<Result<_, _>>()?;
    let pictures: Vec<&[u8]> = pictures.iter().map(Vec::as_slice).collect();
    crate::pdf::prepare(layout, fonts, &pictures, options).map_err(PrintError::Pdf)
}
