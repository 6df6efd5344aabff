//! The PDF writer: walks the pages of a [`Layout`](crate::layout::Layout) once and writes a
//! print-ready PDF, and in the same build, from the same parts, the booklet.
//!
//! One pass, every stream written once. Layout is complete before the writer starts, so the
//! glyphs each face draws are known first: each face gets its subset numbering (`fonts`), and
//! the page content is written with the subset's glyph ids and the document's resource names
//! from the start. printpdf (a required crate) writes the page content: each page's operations
//! (`content`: text as shaped glyph ids with TJ offsets, rules, placeholder frames, pictures,
//! crop marks, all in DeviceGray) are serialized by printpdf, and the stream it returns is
//! deflated once as it is handed over, never parsed or changed again. Pages are made on every
//! core, and the fonts are subset meanwhile. These parts are made once ([`prepare`]:
//! `document`) and assembled into documents: the rest of each document is dictionaries and
//! small streams built once by this module as `lopdf` objects (`document`, `catalog`): page
//! objects with their boxes, shared resources, link annotations, the fonts (`fonts`), the
//! pictures (`images`), the outline, page labels, Info and XMP. `file` writes the file: each
//! object serialized once, the small ones packed into object streams on every core, and a
//! cross-reference stream with the trailer `/ID`, a hash of the file before it.
//!
//! The reading PDF is tagged (PDF/UA-1) in the same pass: each item of a page carries its
//! structure node (`layout::Tag`), `content` wraps it in marked content as it writes it and hands
//! back the page's marks, and `structure` writes the structure tree and the parent tree from the
//! layout's nodes and those marks. With `--pdf-x` the assembly is PDF/X-4: PDF 1.6, an output
//! intent with a profile of our own (`icc`), the boxes, Info and XMP entries, no device RGB.
//!
//! The booklet (`booklet`, `sheets`) is another assembly of the same parts, not a pass over the
//! reading PDF: each page becomes a Form XObject whose stream is the page's own deflated bytes,
//! and each sheet side is a small content stream of our own (a clip, a matrix and `Do` per page,
//! the fold and crop marks), written as lopdf operations. Where the pages go is
//! [`crate::impose`]'s answer.
//!
//! What printpdf 0.12.8 (without its default features) cannot do, and is therefore written here
//! (see `shared/notes/crates.md`):
//! - it has no per-page serialization in its API, only a whole document: each page is handed to
//!   it as a one-page document, and only that page's content stream is taken from the result;
//! - its `ShowText` writes every glyph id as a hex string of its own (a `TJ` array of a line is
//!   some seventy objects to allocate and format): a line's `TJ` array, its glyphs between two
//!   adjustments as one string, is handed to it as a generic operator (`Op::Unknown`), which it
//!   writes as given;
//! - it subsets fonts only with its `text_layout` feature (allsorts and a whole layout stack), and
//!   then renumbers the glyphs itself; the fonts are written here, from a `subsetter` subset
//!   whose numbering the content already uses;
//! - it writes page boxes as `[x y w h]` and has no BleedBox; its outline is flat, its
//!   `/PageMode` a string, its link annotations bordered; its Info dictionary carries an empty
//!   `GTS_PDFXVersion`; its resource names are random and its trailer `/ID` comes from a
//!   process-global counter. Boxes, links, outline, page labels, `/Lang`, metadata, stable names
//!   and an `/ID` that is a hash of the document are written here instead;
//! - its Form XObject has no `/BBox` (which the specification requires), writes `/FormType` as
//!   a name, and takes its content uncompressed (to deflate it itself): the booklet's forms are
//!   written here, each carrying its page's deflated stream as it is.

mod booklet;
mod catalog;
mod content;
mod document;
mod file;
mod fonts;
mod icc;
mod images;
mod sheets;
mod structure;

use std::fmt;
use std::path::PathBuf;

pub use crate::style::PdfStandard;
pub use booklet::{choose_sheet, write_booklet, Booklet, BookletParts};
pub use document::{prepare, write_pdf, write_reading, PdfOptions, Prepared};
pub use sheets::{write_sheets, Area, Mark, Placement, SheetSide, Turn};

/// Why a PDF could not be written.
#[derive(Debug)]
pub enum PdfError {
    Font {
        name: String,
        message: String,
    },
    Image {
        path: PathBuf,
        message: String,
    },
    Write {
        message: String,
    },
    /// The pages cannot be imposed as asked (a sheet too small for them).
    Impose {
        message: String,
    },
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
            PdfError::Impose { message } => write!(f, "cannot impose the booklet: {message}"),
        }
    }
}

impl std::error::Error for PdfError {}

/// The zlib level of every stream the writer deflates (content, fonts, maps). Measured on the
/// bundled books ten times over (1,250 pages, PDF only, one thread, CPU seconds of the whole
/// build, mean of two runs on a loaded machine): level 1 gives a 5.4 MB file in 0.73 s, level 2
/// 4.0 MB in 0.82 s, level 3 3.7 MB in 0.90 s, level 4 3.5 MB in 0.84 s, level 6 3.3 MB in
/// 0.84 s, level 9 3.3 MB in 0.97 s. Level 6 (zlib's default) is as fast as any level but the
/// first, whose file is 60 % larger; above it nothing is gained.
const DEFLATE_LEVEL: u32 = 6;

/// `bytes` deflated at [`DEFLATE_LEVEL`], as a `/FlateDecode` stream's content. Each thread
/// keeps one compressor and resets it for the next stream: a new one allocates and clears its
/// window and tables (some 300 KB) for every page, which cost more than deflating a page. A
/// reset compressor writes what a new one writes.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSOR: std::cell::RefCell<Compress> =
            std::cell::RefCell::new(Compress::new(Compression::new(DEFLATE_LEVEL), true));
    }
    COMPRESSOR.with_borrow_mut(|compressor| {
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).unwrap_or(bytes.len());
            let rest = bytes.get(read..).unwrap_or_default();
            match compressor.compress_vec(rest, &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                // The output is full: room for more, and on.
                Ok(Status::Ok | Status::BufError) => out.reserve(out.capacity().max(1024)),
                // Deflating into memory cannot fail but for a bug; the stream is then empty.
                Err(_) => return Vec::new(),
            }
        }
    })
}
