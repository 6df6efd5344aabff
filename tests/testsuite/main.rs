//! samizdat's integration tests: one binary (linked once), one module per subject.
//!
//! `cargo test` runs them all; `cargo test -- pdf_` the ones whose name holds `pdf_`. How to add a
//! test, declare a tool it needs, or update a snapshot: `tests/README.md`.

#![forbid(unsafe_code)]
// A test function left out of its module's `tests!` list would never run: make it an error.
#![deny(dead_code)]

mod common;
mod harness;
mod suite;
mod tools;

mod accessibility;
mod batch;
mod batch_inputs;
mod booklet_impose;
mod booklet_pdf;
mod booklet_read;
mod build_driver;
mod ci_examples;
mod cli;
mod constructs;
mod diagnostics;
mod epub;
mod epub_fonts;
mod epub_pipeline;
mod fidelity;
mod fuzz_smoke;
mod hardening;
mod manuscripts;
mod model;
mod page_list;
mod pdf_book;
mod pdf_bundled;
mod pdf_cli;
mod pdf_dump;
mod pdf_images;
mod pdf_pages;
mod pdf_robustness;
mod pdf_tagged;
mod pdf_writer;
mod pdf_x;
mod robustness;
mod spec_examples;
mod text_books;
mod text_hyphenation;
mod text_linebreak;
mod text_paragraph;
mod visual;

/// Every module with tests, in the order they are listed.
const MODULES: &[fn() -> Vec<harness::Test>] = &[
    suite::tests,
    accessibility::tests,
    batch::tests,
    batch_inputs::tests,
    booklet_impose::tests,
    booklet_pdf::tests,
    booklet_read::tests,
    build_driver::tests,
    ci_examples::tests,
    constructs::tests,
    cli::tests,
    diagnostics::tests,
    epub::tests,
    epub_fonts::tests,
    epub_pipeline::tests,
    fidelity::tests,
    fuzz_smoke::tests,
    hardening::tests,
    manuscripts::tests,
    model::tests,
    page_list::tests,
    pdf_book::tests,
    pdf_bundled::tests,
    pdf_cli::tests,
    pdf_dump::tests,
    pdf_images::tests,
    pdf_pages::tests,
    pdf_robustness::tests,
    pdf_tagged::tests,
    pdf_writer::tests,
    pdf_x::tests,
    robustness::tests,
    spec_examples::tests,
    text_books::tests,
    text_hyphenation::tests,
    text_linebreak::tests,
    text_paragraph::tests,
    visual::tests,
];

fn main() -> std::process::ExitCode {
    harness::main(MODULES)
}
