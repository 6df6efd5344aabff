//! Benchmark of the print pipeline: typesetting (shaping, hyphenation, line breaking) with page
//! layout, then writing the PDF, on the bundled books and on a 10× concatenation of them.
//!
//! Run with `cargo bench --bench pdf`. Prints wall-clock times (best of three runs) and sizes; it
//! asserts nothing about speed.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use samizdat::model::Book;
use samizdat::pdf::{build_pdf, PdfOptions};

/// Runs per measurement: the best of three hides a cold cache without hiding a real slowdown.
const RUNS: usize = 3;

fn books() -> Vec<(String, PathBuf, Book)> {
    let mut out = Vec::new();
    let Ok(dirs) = samizdat::cli::book_dirs(&[]) else {
        return out;
    };
    for dir in dirs {
        let parsed = samizdat::parse(&dir);
        if let Some(book) = parsed.book {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, dir, book));
        }
    }
    out
}

fn measure(name: &str, book: &Book, dir: &Path) {
    let mut best: Option<(Duration, Duration, usize, usize)> = None;
    for _ in 0..RUNS {
        let built = match build_pdf(book, dir, &PdfOptions::default()) {
            Ok(built) => built,
            Err(err) => {
                eprintln!("{name}: {err}");
                return;
            }
        };
        let (layout, write) = built.timings;
        let total = layout + write;
        if best.is_none_or(|(l, w, _, _)| total < l + w) {
            best = Some((layout, write, built.report.pages, built.bytes.len()));
        }
    }
    if let Some((layout, write, pages, bytes)) = best {
        println!(
            "{name:<28} {pages:>5} pages {:>7} KB  typeset+layout {:>8.1} ms  write {:>7.1} ms  total {:>8.1} ms",
            bytes.div_ceil(1024),
            layout.as_secs_f64() * 1000.0,
            write.as_secs_f64() * 1000.0,
            (layout + write).as_secs_f64() * 1000.0
        );
    }
}

fn main() {
    let books = books();
    if books.is_empty() {
        eprintln!("no books under manuscript/: run from the repository root");
        return;
    }
    let started = Instant::now();
    for (name, dir, book) in &books {
        measure(name, book, dir);
    }
    // Every bundled book's chapters, ten times over, as one book.
    let (_, dir, first) = &books[0];
    let mut big = first.clone();
    big.chapters.clear();
    big.credits.clear();
    for _ in 0..10 {
        for (_, _, book) in &books {
            big.chapters.extend(book.chapters.iter().cloned());
        }
    }
    measure("all books ×10", &big, dir);
    println!("bench total {:.1} s", started.elapsed().as_secs_f64());
}
