//! The print half of a build: fonts and hyphenation loaded once, the book typeset and laid out
//! ([`lay_out`], which the e-book's page-list needs too), the pictures read, the PDF written
//! ([`write`]).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostic;
use crate::layout::{Paginated, Report};
use crate::model::Book;
use crate::pdf::{PdfError, PdfOptions};
use crate::style::{LoadedStyle, StyleError};
use crate::text::{FontBook, Hyphenator, TextError};
use crate::units::Pt;

/// What the print half gives: the PDF, its quality report, the warnings met.
#[derive(Debug)]
pub struct Print {
    pub bytes: Vec<u8>,
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
    /// figure that shows it.
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
            PrintError::Pdf(err) => Diagnostic::error(dir, None, err.to_string()),
        }
    }
}

/// A book typeset and cut into pages, with the fonts it is set in.
pub struct LaidOut {
    pub paginated: Paginated,
    pub fonts: FontBook,
    /// Fonts, typesetting and layout.
    pub time: Duration,
}

/// Typesets `book` in `style` and writes its PDF. `dir` is the book folder (pictures are read
/// only from inside it).
pub fn print(
    book: &Book,
    style: &LoadedStyle,
    dir: &Path,
    options: &PdfOptions,
) -> Result<Print, PrintError> {
    write(lay_out(book, style)?, book, style, dir, options)
}

/// Loads the fonts and the hyphenation patterns, typesets `book` in `style` and cuts it into
/// pages.
pub fn lay_out(book: &Book, style: &LoadedStyle) -> Result<LaidOut, PrintError> {
    let started = Instant::now();
    let fonts = FontBook::load(style).map_err(PrintError::Fonts)?;
    let hyphenator = Hyphenator::for_book(book, &style.style.print.text);
    let mut paginated = crate::layout::paginate(book, style, &fonts, &hyphenator);
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
    Ok(LaidOut {
        paginated,
        fonts,
        time: started.elapsed(),
    })
}

/// Reads the pictures of the pages `laid` out and writes the PDF.
pub fn write(
    laid: LaidOut,
    book: &Book,
    style: &LoadedStyle,
    dir: &Path,
    options: &PdfOptions,
) -> Result<Print, PrintError> {
    let LaidOut {
        paginated,
        fonts,
        time: layout_time,
    } = laid;
    let pictures: Vec<Vec<u8>> = paginated
        .layout
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
    let page = &style.style.print.page;
    // Command-line options win over the style's.
    let options = PdfOptions {
        bleed: if options.bleed > Pt::ZERO {
            options.bleed
        } else {
            page.bleed.0
        },
        marks: options.marks || page.marks,
    };
    let written = Instant::now();
    let bytes = crate::pdf::write_pdf(
        &paginated.layout,
        &fonts,
        &book.metadata,
        &pictures,
        &options,
    )
    .map_err(PrintError::Pdf)?;
    Ok(Print {
        bytes,
        report: paginated.report,
        warnings: paginated.warnings,
        layout_time,
        write_time: written.elapsed(),
    })
}
