//! samizdat: a manuscript of essays in, an EPUB 3 e-book and a print-ready PDF out.
//!
//! The pipeline, stage by stage (each a module with a verb for its entry point):
//!
//! ```text
//! manuscript (Markdown + book.toml) -> parse -> model -+-> epub::write_epub -> .epub
//!                                                       +-> text engine -> layout::paginate
//!                                                           -> pdf::write_pdf -> .pdf
//!                                                           -> pdf::write_booklet -> .booklet.pdf
//! ```
//!
//! The cover (`layout::cover`) is set once for the booklet and, drawn by `raster`, for the
//! e-book's cover image; `impose` says where each page goes on a booklet's sheets.
//!
//! [`build::build`] is the driver that runs a book through the stages once, every output in
//! memory; [`build::write_outputs`] writes them all or none. The command line (`cli`) is a thin
//! layer over it.
#![forbid(unsafe_code)]

pub mod build;
pub mod calibrate;
pub mod cli;
pub mod config;
pub mod diag;
pub mod epub;
pub mod files;
pub mod images;
pub mod impose;
pub mod labels;
pub mod layout;
pub mod model;
pub mod output;
pub mod parse;
pub mod pdf;
pub mod raster;
pub mod style;
pub mod text;
pub mod units;

pub use build::build;
pub use diag::{Diagnostic, Diagnostics, Severity};
pub use epub::write_epub;
pub use layout::paginate;
pub use model::Book;
pub use parse::parse;
pub use pdf::write_pdf;
