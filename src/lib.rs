//! samizdat: a manuscript of essays in, an EPUB 3 e-book and a print-ready PDF out.
//!
//! The pipeline, stage by stage (each a module with a verb for its entry point):
//!
//! ```text
//! manuscript (Markdown + book.toml) -> parse -> model -+-> epub::write_epub -> .epub
//!                                                       +-> text engine -> layout::paginate
//!                                                           -> pdf::write_pdf -> .pdf
//! ```
//!
//! [`build::build`] is the driver that runs a book through the stages once, every output in
//! memory; [`build::write_outputs`] writes them all or none. The command line (`cli`) is a thin
//! layer over it.
#![forbid(unsafe_code)]

pub mod build;
pub mod cli;
pub mod config;
pub mod diag;
pub mod epub;
pub mod files;
pub mod images;
pub mod labels;
pub mod layout;
pub mod model;
pub mod output;
pub mod parse;
pub mod pdf;
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
