//! The PDF writer: walks the pages of a [`Layout`](crate::layout::Layout) and writes a print-ready PDF.
//!
//! Two passes. printpdf writes the document (`document`, `content`): every page and its content
//! stream as printpdf operations (text as shaped glyph ids with TJ offsets, rules, placeholder
//! frames, pictures, crop marks, all in DeviceGray), the fonts embedded whole from `ParsedFont`,
//! JPEG passed through and PNG with its alpha as an SMask (`images`, as printpdf external image
//! objects), and the link annotations. `to_lopdf_doc` hands that document over as `lopdf` objects.
//!
//! A `lopdf` finishing pass (`finish`) then does what printpdf 0.12.8 without its default features
//! does wrong or not at all (see `shared/notes/crates.md`):
//! - it subsets only with its `text_layout` feature (allsorts and a whole layout stack); without
//!   it the whole font file goes in. The pass puts a `subsetter` subset in place of each font and
//!   rewrites what depends on it: `/W`, ToUnicode, the `ABCDEF+` name, and the glyph ids in the
//!   content streams (`fonts`, `finish`);
//! - it writes page boxes as `[x y w h]` and has no BleedBox; its outline is flat, its
//!   `/PageMode` a string, its link annotations inline with a `Real` border, its Info dictionary
//!   carries an empty `GTS_PDFXVersion`, its resource names are random and its trailer `/ID`
//!   comes from a process-global counter. The pass writes the boxes, indirect borderless links
//!   with `/Dest`, a nested outline shown on open, page labels, `/Lang`, Info and XMP metadata,
//!   stable names and object numbers, and an `/ID` that is a hash of the document itself: two
//!   builds of the same book are byte-identical and different books never share one.

mod content;
mod document;
mod finish;
mod fonts;
mod images;

use std::fmt;
use std::path::PathBuf;

pub use document::{write_pdf, PdfOptions};

/// Why a PDF could not be written.
#[derive(Debug)]
pub enum PdfError {
    Font { name: String, message: String },
    Image { path: PathBuf, message: String },
    Write { message: String },
}

impl fmt::Display for PdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PdfError::Font { name, message } => write!(f, "font {name}: {message}"),
            PdfError::Image { path, message } => {
                write!(
                    f,
                    "image {}: {message}",
                    crate::diag::display_path(path).display()
                )
            }
            PdfError::Write { message } => write!(f, "cannot write the PDF: {message}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// Everything a PDF build gives: the file's bytes, the print-quality report, and the warnings.
#[derive(Debug)]
pub struct PdfBuild {
    pub bytes: Vec<u8>,
    pub report: crate::layout::Report,
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// How long each stage took (typesetting and pagination, then writing), for the benchmark.
    pub timings: (std::time::Duration, std::time::Duration),
}

/// Why a book could not be typeset at all.
#[derive(Debug)]
pub enum BuildError {
    Style(crate::style::StyleError),
    Fonts(crate::text::TextError),
    Pdf(PdfError),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Style(e) => write!(f, "{e}"),
            BuildError::Fonts(e) => write!(f, "{e}"),
            BuildError::Pdf(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for BuildError {}

/// The whole print pipeline for a parsed book: style and fonts, text engine, page layout, PDF.
/// `book_dir` is where the book's `style` path (if it is one) is resolved.
pub fn build_pdf(
    book: &crate::model::Book,
    book_dir: &std::path::Path,
    options: &PdfOptions,
) -> Result<PdfBuild, BuildError> {
    let style = crate::style::load(&book.style, book_dir).map_err(BuildError::Style)?;
    typeset_pdf(book, &style, options)
}

/// [`build_pdf`] with the style already loaded (the command line loads it once for all formats).
pub fn typeset_pdf(
    book: &crate::model::Book,
    style: &crate::style::LoadedStyle,
    options: &PdfOptions,
) -> Result<PdfBuild, BuildError> {
    let fonts = crate::text::FontBook::load(style).map_err(BuildError::Fonts)?;
    let hyphenator = crate::text::Hyphenator::for_book(book, &style.style.print.text);
    let started = std::time::Instant::now();
    let mut paginated = crate::layout::paginate(book, style, &fonts, &hyphenator);
    if let Some(language) = hyphenator.missing_patterns() {
        paginated.warnings.push(
            crate::diag::Diagnostic::warning(
                "book.toml",
                None,
                format!("no hyphenation patterns for language `{language}`: the PDF is set without hyphenation"),
            )
            .with_hint("English, Russian, German and French have patterns; or turn hyphenation off in the style's [print.text.hyphenation]"),
        );
    }
    let laid_out = started.elapsed();
    let page = &style.style.print.page;
    // Command-line options win over the style's.
    let options = PdfOptions {
        bleed: if options.bleed > crate::units::Pt::ZERO {
            options.bleed
        } else {
            page.bleed.0
        },
        marks: options.marks || page.marks,
    };
    let bytes =
        write_pdf(&paginated.layout, &fonts, &book.metadata, &options).map_err(BuildError::Pdf)?;
    Ok(PdfBuild {
        bytes,
        report: paginated.report,
        warnings: paginated.warnings,
        timings: (laid_out, started.elapsed() - laid_out),
    })
}
