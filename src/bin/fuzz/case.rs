//! One generated input: a book folder (chapters, `book.toml`, a style, pictures), traps around it
//! (a secret file outside the book, links to it, a named pipe), the command line to run on it and
//! its environment. Everything comes from the input's seed.

use std::path::{Path, PathBuf};

use super::corpus::Corpus;
use super::markdown::Mix;
use super::rng::Rng;
use super::{images, markdown, settings};

/// A marker in the files outside the book: an output that contains it read a file it must not.
pub const SECRET: &str = "SAMIZDAT-FUZZ-SECRET-7f3a";

/// The folder of the book inside a case folder, and where outputs go.
pub const BOOK: &str = "book";
pub const OUT: &str = "out";

#[derive(Debug, Clone)]
pub struct Case {
    pub seed: u64,
    /// What the input started from, for the summary: `bundled`, `small`.
    pub kind: &'static str,
    /// Files, relative to the case folder.
    pub files: Vec<(PathBuf, Vec<u8>)>,
    /// Symbolic links (link, target), relative to the case folder.
    pub links: Vec<(PathBuf, PathBuf)>,
    /// Named pipes to make, relative to the case folder.
    pub fifos: Vec<PathBuf>,
    /// The command line after the program name, run in the case folder.
    pub args: Vec<String>,
    /// `SOURCE_DATE_EPOCH`, when set.
    pub source_date: Option<String>,
}

/// The input of `seed`.
pub fn generate(seed: u64, corpus: &Corpus) -> Case {
    let mut rng = Rng::new(seed);
    let mut case = Case {
        seed,
        kind: "small",
        files: traps(),
        links: Vec::new(),
        fifos: Vec::new(),
        args: Vec::new(),
        source_date: None,
    };
    let book = Path::new(BOOK);
    let mix = if rng.chance(50) {
        Mix::Gentle
    } else {
        Mix::Nasty
    };
    let style = rng
        .chance(40)
        .then(|| settings::style(&mut rng, &corpus.style, mix));
    let style_name = match &style {
        Some(text) if rng.chance(50) => {
            case.files.push((book.join("style.toml"), text.clone()));
            Some("style.toml")
        }
        Some(text) => {
            case.files.push(("styles/fuzz.toml".into(), text.clone()));
            case.files
                .push(("styles/default.css".into(), corpus.css.clone()));
            Some("fuzz")
        }
        None => None,
    };
    let (toml, chapters) = chapters(&mut rng, corpus, &mut case, mix);
    let toml = if mix == Mix::Nasty && rng.chance(40) {
        settings::book_toml(&mut rng, &toml, style_name)
    } else {
        settings::book_toml_with_style(&toml, style_name)
    };
    case.files.push((book.join("book.toml"), toml));
    for (name, text) in chapters {
        case.files.push((book.join(name), text));
    }
    if mix == Mix::Nasty {
        pictures(&mut rng, &mut case);
    }
    if mix == Mix::Nasty && rng.chance(10) {
        case.links
            .push((book.join("link.md"), "../secret.txt".into()));
    }
    if rng.chance(2) {
        // A named pipe blocks whoever opens it: it must be refused, never read.
        case.fifos.push(book.join("images/fifo.png"));
    }
    case.args = command_line(&mut rng);
    case.source_date = source_date(&mut rng);
    case
}

/// Files outside the book that nothing may read, each holding [`SECRET`].
fn traps() -> Vec<(PathBuf, Vec<u8>)> {
    let text = format!("{SECRET}\n");
    vec![
        ("secret.txt".into(), text.clone().into_bytes()),
        (
            "secret.css".into(),
            format!("/* {SECRET} */\n").into_bytes(),
        ),
        ("secret.md".into(), format!("# {SECRET}\n").into_bytes()),
    ]
}

/// The base `book.toml` and the chapters: a bundled book with some chapters mutated, or a few
/// small synthetic chapters.
fn chapters(
    rng: &mut Rng,
    corpus: &Corpus,
    case: &mut Case,
    mix: Mix,
) -> (String, Vec<(String, Vec<u8>)>) {
    if rng.chance(20) {
        case.kind = "bundled";
        let base = rng.pick(&corpus.books);
        let mut chapters = base.chapters.clone();
        for _ in 0..rng.between(0, 3) {
            if chapters.is_empty() {
                break;
            }
            let index = rng.below(chapters.len());
            markdown::mutate(rng, &mut chapters[index].1, mix);
        }
        for (name, bytes) in &base.files {
            case.files.push((Path::new(BOOK).join(name), bytes.clone()));
        }
        return (base.toml.clone(), chapters);
    }
    let toml = "[book]\ntitle = \"Fuzz\"\nauthors = [\"F. Uzz\"]\n".to_owned();
    let chapters = (0..rng.between(1, 3))
        .map(|i| (format!("{i:02}.md"), markdown::small_chapter(rng, mix)))
        .collect();
    if let Some(sample) = corpus.books.iter().find(|b| b.name == "sample") {
        for (name, bytes) in &sample.files {
            case.files.push((Path::new(BOOK).join(name), bytes.clone()));
        }
    }
    (toml, chapters)
}

/// Crafted pictures, named as the snippets name them, and links to pictures outside the book.
fn pictures(rng: &mut Rng, case: &mut Case) {
    let images = Path::new(BOOK).join("images");
    if rng.chance(40) {
        let picture = images::picture(rng);
        let name = format!("crafted.{}", picture.extension);
        case.files.push((images.join(&name), picture.bytes));
        // Make sure some chapter shows it.
        if let Some((_, text)) = case.files.iter_mut().rev().find(|(p, _)| is_chapter(p)) {
            text.extend(format!("\n\n![Crafted](images/{name} \"Credit\")\n").as_bytes());
        }
    }
    if rng.chance(10) {
        case.links
            .push((images.join("link.png"), "../../secret.txt".into()));
    }
}

fn is_chapter(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "md") && path.starts_with(BOOK)
}

fn command_line(rng: &mut Rng) -> Vec<String> {
    let mut args: Vec<&str> = match rng.below(20) {
        0..=14 => vec!["build", BOOK, "--out", OUT],
        15..=17 => vec!["check", BOOK],
        _ => return vec!["model".into(), BOOK.into()],
    };
    if args[0] == "build" {
        if rng.chance(30) {
            args.extend(["--format", *rng.pick(&["epub", "pdf", "pdf,epub"])]);
        }
        for (flag, percent) in [("--marks", 10), ("--quiet", 10)] {
            if rng.chance(percent) {
                args.push(flag);
            }
        }
        if rng.chance(20) {
            args.push("--booklet");
            for (flag, values) in [
                ("--duplex", &["short", "long"][..]),
                ("--signature", &["1", "2", "3", "0", "100000"][..]),
                ("--cover", &["self", "separate", "none"][..]),
            ] {
                if rng.chance(40) {
                    args.extend([flag, *rng.pick(values)]);
                }
            }
        }
        if rng.chance(10) {
            args.extend([
                "--bleed",
                *rng.pick(&["3mm", "0mm", "20mm", "1e308mm", "nanmm"]),
            ]);
        }
    }
    if rng.chance(20) {
        args.push("--strict");
    }
    args.into_iter().map(str::to_owned).collect()
}

fn source_date(rng: &mut Rng) -> Option<String> {
    if rng.chance(70) {
        return None;
    }
    let values = [
        "1700000000",
        "0",
        "-1",
        "253402300799",
        "253402300800",
        "9223372036854775807",
        "garbage",
        "",
        " 17 ",
    ];
    Some((*rng.pick(&values)).to_owned())
}

/// Writes `case` into the (new, empty) folder `dir`.
pub fn write(case: &Case, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir.join(BOOK).join("images"))?;
    for (path, bytes) in &case.files {
        let path = dir.join(path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)?;
    }
    #[cfg(unix)]
    for (link, target) in &case.links {
        let _ = std::fs::remove_file(dir.join(link));
        std::os::unix::fs::symlink(target, dir.join(link))?;
    }
    for fifo in &case.fifos {
        // Without `mkfifo` the trap is simply not set.
        let _ = std::process::Command::new("mkfifo")
            .arg(dir.join(fifo))
            .status();
    }
    Ok(())
}
