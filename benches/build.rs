//! Benchmark of whole builds (EPUB and PDF): the bundled books, the bundled books ten times over
//! as one book (1,250 pages), a novel-length book (61 chapters, about 330 pages) made from
//! the bundled text, and the first bundled book five times over as one chapter (about 430 pages:
//! the page breaker weighs a chapter's spreads together, so its cost must grow with the chapter's
//! length, not faster).
//!
//! ```sh
//! cargo bench --bench build                                # this build, in process and as a CLI
//! SAMIZDAT_BASELINE=/path/to/old/samizdat cargo bench --bench build   # and an older binary
//! ```
//!
//! In process it prints, per book, the best of [`RUNS`] builds: wall time, time per stage
//! (parse, e-book, typesetting and layout, PDF writer; the e-book runs beside the print half),
//! pages and pages per second. Then it runs the `samizdat` binary (and the baseline, runs
//! alternating so that a noisy machine weighs on both alike) and prints the median wall time
//! and the peak resident memory (from `/usr/bin/time`, when installed). It asserts nothing:
//! speed is measured, never tested.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use samizdat::build::{build, BuildOptions, Format};

/// Runs per measurement: the best (in process) or the median (CLI) of five.
const RUNS: usize = 5;

fn main() {
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-books");
    let books = match make_books(&root) {
        Ok(books) => books,
        Err(err) => {
            eprintln!("cannot make the benchmark books: {err} (run from the repository root)");
            return;
        }
    };
    println!("in process, best of {RUNS}:");
    for (name, dir) in &books {
        in_process(name, dir);
    }
    let current = PathBuf::from(env!("CARGO_BIN_EXE_samizdat"));
    let baseline = std::env::var_os("SAMIZDAT_BASELINE").map(PathBuf::from);
    println!("\nthe command line, median of {RUNS} (peak RSS from /usr/bin/time):");
    for (name, dir) in &books {
        let mut binaries = vec![("this", current.as_path())];
        if let Some(baseline) = &baseline {
            binaries.push(("baseline", baseline.as_path()));
        }
        command_line(name, dir, &binaries);
    }
}

fn in_process(name: &str, dir: &Path) {
    let options = BuildOptions {
        formats: vec![Format::Epub, Format::Pdf],
        ..BuildOptions::default()
    };
    let mut best: Option<samizdat::build::BookBuild> = None;
    for _ in 0..RUNS {
        let built = build(dir, &options);
        if best
            .as_ref()
            .is_none_or(|b| built.timings.total < b.timings.total)
        {
            best = Some(built);
        }
    }
    let Some(built) = best else { return };
    let t = built.timings;
    let pages = built.report.as_ref().map_or(0, |r| r.pages);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<20} {pages:>5} pages  total {:>7.1} ms  ({:>6.0} pages/s)  parse {:>6.1}  epub {:>6.1}  layout {:>7.1}  pdf {:>7.1}",
        ms(t.total),
        pages as f64 / t.total.as_secs_f64().max(1e-9),
        ms(t.parse),
        ms(t.epub),
        ms(t.layout),
        ms(t.pdf),
    );
}

fn command_line(name: &str, dir: &Path, binaries: &[(&str, &Path)]) {
    let out = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-out");
    let mut samples: Vec<Vec<(Duration, Option<u64>)>> = vec![Vec::new(); binaries.len()];
    for _ in 0..RUNS {
        for (i, (_, binary)) in binaries.iter().enumerate() {
            if let Some(sample) = run_once(binary, dir, &out) {
                samples[i].push(sample);
            }
        }
    }
    for ((label, _), runs) in binaries.iter().zip(&mut samples) {
        if runs.is_empty() {
            println!("{name:<20} {label:<9} failed");
            continue;
        }
        runs.sort();
        let (wall, _) = runs[runs.len() / 2];
        let rss = runs.iter().filter_map(|(_, rss)| *rss).max();
        println!(
            "{name:<20} {label:<9} {:>7.3} s  peak RSS {}",
            wall.as_secs_f64(),
            rss.map_or("–".to_owned(), |kb| format!("{} MB", kb / 1024)),
        );
    }
}

/// One build by `binary`: its wall time and, when `/usr/bin/time` is there, its peak RSS in KB.
/// The output folder is emptied first, so that no build finds its outputs up to date in the
/// cache (which lives in the output folder). Each binary runs from the benchmark's own folder,
/// so that both take their built-in styles (an older binary would refuse this repository's
/// `styles/default.toml`, whose keys are newer than it).
fn run_once(binary: &Path, dir: &Path, out: &Path) -> Option<(Duration, Option<u64>)> {
    let _ = std::fs::remove_dir_all(out);
    let dir = std::path::absolute(dir).ok()?;
    let neutral = out.parent()?;
    let timed = Path::new("/usr/bin/time").is_file();
    let mut command = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M"]).arg(binary);
        c
    } else {
        Command::new(binary)
    };
    command
        .current_dir(neutral)
        .arg("build")
        .arg(dir)
        .arg("--out")
        .arg(out)
        .arg("--quiet");
    let started = Instant::now();
    let output = command.output().ok()?;
    let wall = started.elapsed();
    if !output.status.success() {
        return None;
    }
    let rss = String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok());
    Some((wall, rss))
}

/// The books: the bundled ones where they are, the long ones written under `root`.
fn make_books(root: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    let bundled = ["russia-bureaucracy", "stalin-50-years"];
    let mut books: Vec<(String, PathBuf)> = bundled
        .iter()
        .map(|name| (name.to_string(), Path::new("manuscript").join(name)))
        .collect();
    let chapters: Vec<Vec<(String, String)>> = bundled
        .iter()
        .map(|name| chapter_files(&Path::new("manuscript").join(name)))
        .collect::<std::io::Result<_>>()?;
    books.push(("ten times".to_owned(), ten_times(root, &chapters)?));
    books.push(("novel".to_owned(), novel(root, &chapters)?));
    books.push(("one chapter".to_owned(), one_chapter(root, &chapters[0])?));
    Ok(books)
}

/// A book's chapter files in reading order, as (file name, text).
fn chapter_files(dir: &Path) -> std::io::Result<Vec<(String, String)>> {
    let toml = std::fs::read_to_string(dir.join("book.toml"))?;
    let listed = toml.split("chapters").nth(1).unwrap_or_default();
    let names: Vec<&str> = listed
        .split('"')
        .filter(|part| part.ends_with(".md"))
        .collect();
    names
        .iter()
        .map(|name| Ok((name.to_string(), std::fs::read_to_string(dir.join(name))?)))
        .collect()
}

fn write_book(dir: &Path, title: &str, files: &[(String, String)]) -> std::io::Result<()> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir)?;
    let list: Vec<String> = files.iter().map(|(name, _)| format!("{name:?}")).collect();
    std::fs::write(
        dir.join("book.toml"),
        format!(
            "[book]\ntitle = {title:?}\nauthors = [\"Benchmark\"]\ndate = \"2000\"\nchapters = [{}]\n",
            list.join(", ")
        ),
    )?;
    for (name, text) in files {
        std::fs::write(dir.join(name), text)?;
    }
    Ok(())
}

/// Both bundled books ten times over, as one book; ids get the copy's number so they stay unique.
fn ten_times(root: &Path, books: &[Vec<(String, String)>]) -> std::io::Result<PathBuf> {
    let mut files = Vec::new();
    for copy in 0..10 {
        for (b, chapters) in books.iter().enumerate() {
            for (name, text) in chapters {
                let text = text
                    .replace("{#", &format!("{{#c{copy}-"))
                    .replace("](#", &format!("](#c{copy}-"));
                files.push((format!("{copy:02}{b}-{name}"), text));
            }
        }
    }
    let dir = root.join("ten-times");
    write_book(&dir, "Ten Times", &files)?;
    Ok(dir)
}

/// A book's chapters five times over as one chapter, their titles made sections; ids and note
/// labels get the copy's (and the chapter's) number so they stay unique.
fn one_chapter(root: &Path, chapters: &[(String, String)]) -> std::io::Result<PathBuf> {
    let mut text = String::from("# One Long Chapter\n\n");
    for copy in 0..5 {
        for (n, (_, chapter)) in chapters.iter().enumerate() {
            let chapter = chapter
                .replace("{#", &format!("{{#c{copy}-"))
                .replace("](#", &format!("](#c{copy}-"))
                .replace("[^", &format!("[^c{copy}n{n}-"));
            for line in chapter.lines() {
                if line.starts_with('#') {
                    text.push('#');
                }
                text.push_str(line);
                text.push('\n');
            }
            text.push('\n');
        }
    }
    let dir = root.join("one-chapter");
    write_book(&dir, "One Chapter", &[("one.md".to_owned(), text)])?;
    Ok(dir)
}

/// A novel: the bundled books' plain paragraphs (no notes, links or figures), 34 to a chapter,
/// in 61 numbered chapters, taking every seventh paragraph round and round.
fn novel(root: &Path, books: &[Vec<(String, String)>]) -> std::io::Result<PathBuf> {
    let mut paragraphs: Vec<String> = Vec::new();
    for (_, text) in books.iter().flatten() {
        for block in text.split("\n\n") {
            let block = block.trim();
            if block.is_empty() || block.starts_with(['#', '!', '>', '[', '*', '-']) {
                continue;
            }
            paragraphs.push(plain(block));
        }
    }
    let mut files = Vec::new();
    let mut next = 0;
    for chapter in 1..=61 {
        let mut text = format!("# Chapter {chapter}\n");
        for _ in 0..34 {
            text.push('\n');
            text.push_str(&paragraphs[next % paragraphs.len()]);
            text.push('\n');
            next += 7;
        }
        files.push((format!("ch{chapter:02}.md"), text));
    }
    let dir = root.join("novel");
    write_book(&dir, "Novel", &files)?;
    Ok(dir)
}

/// A paragraph without note marks and link targets: `text[^1]` and `[text](#id)` become `text`.
fn plain(block: &str) -> String {
    let mut out = String::new();
    let mut rest = block;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            rest = after;
            break;
        };
        let inner = &after[..close];
        if !inner.starts_with('^') {
            out.push_str(inner);
        }
        rest = &after[close + 1..];
        if rest.starts_with('(') {
            rest = rest.find(')').map_or("", |end| &rest[end + 1..]);
        }
    }
    out.push_str(rest);
    out
}
