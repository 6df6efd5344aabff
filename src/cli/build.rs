//! `samizdat build [BOOK...]`: books into `out/<folder>.epub` (and `.pdf`), all or nothing per
//! book, many books in parallel, through the cache, with `out/manifest.json`.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::messages::MessageFormat;
use super::runner::{self, Run};
use super::ExitCode;
use crate::build::batch::{Destination, Failure, Rebuild};
use crate::build::cache::{Cache, Check, Settings, Store};
use crate::build::manifest::{self, Manifest};
use crate::build::shard::Shard;
use crate::build::{BuildOptions, Strictness};

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Book folders (default: every folder under manuscript/ with a book.toml).
    books: Vec<PathBuf>,
    /// Where outputs go.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// Output formats, comma-separated.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "epub,pdf")]
    format: Vec<Format>,
    /// Bleed around the PDF's trim box for a print shop, with its unit (`3mm`).
    #[arg(long, value_parser = parse_bleed)]
    bleed: Option<crate::units::Pt>,
    /// Crop marks outside the trim (and bleed) area of the PDF.
    #[arg(long)]
    marks: bool,
    /// Write the PDF as PDF/X-4 for a print shop (an output intent, PDF 1.6, no device RGB).
    #[arg(long)]
    pdf_x: bool,
    /// Treat warnings (FPO figures, unused notes) as errors.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    run: RunArgs,
    /// The cache folder (default: OUT/.cache). It then also keeps copies of the outputs, so that
    /// a CI job can save it and restore it into an empty output folder.
    #[arg(long, value_name = "DIR")]
    cache: Option<PathBuf>,
    /// Build every book, even those up to date.
    #[arg(long)]
    force: bool,
    /// Check up-to-date outputs by their SHA-256 (default: size and modification time).
    #[arg(long)]
    verify: bool,
    /// Build only the books of shard I of N (by a stable hash of the folder name), as 2/3.
    #[arg(long, value_name = "I/N")]
    shard: Option<Shard>,
    /// Build the other books when one fails (the default).
    #[arg(long, overrides_with = "fail_fast")]
    keep_going: bool,
    /// Start no book after one failed.
    #[arg(long, overrides_with = "keep_going")]
    fail_fast: bool,
    #[command(flatten)]
    booklet: super::booklet::BookletArgs,
}

/// What `build` and `check` share.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Threads for all the work, books in parallel and paragraphs inside each (default: the
    /// machine's cores). Outputs do not depend on it.
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// How diagnostics are printed: human (stderr), json (a JSON object per line on stdout),
    /// github (GitHub Actions annotations on stdout).
    #[arg(long, value_enum, default_value = "human")]
    pub message_format: MessageFormat,
    /// Print errors only, and no progress bar.
    #[arg(long)]
    pub quiet: bool,
}

/// The formats as the command line names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, ValueEnum)]
pub enum Format {
    Epub,
    Pdf,
}

impl From<Format> for crate::build::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Epub => crate::build::Format::Epub,
            Format::Pdf => crate::build::Format::Pdf,
        }
    }
}

pub fn run(args: &BuildArgs) -> ExitCode {
    let Some(jobs) = runner::jobs(&args.books, args.shard) else {
        return ExitCode::UsageOrIo;
    };
    let mut formats: Vec<crate::build::Format> = args.format.iter().map(|&f| f.into()).collect();
    formats.sort();
    formats.dedup();
    let options = BuildOptions {
        formats,
        strictness: if args.strict {
            Strictness::Strict
        } else {
            Strictness::Lenient
        },
        pdf: crate::pdf::PdfOptions {
            bleed: args.bleed.unwrap_or(crate::units::Pt::ZERO),
            marks: args.marks,
            standard: if args.pdf_x {
                crate::style::PdfStandard::PdfX4
            } else {
                crate::style::PdfStandard::Plain
            },
        },
        parse: crate::parse::ParseOptions::from_env(),
        booklet: args.booklet.request(),
    };
    let cache = Cache::open(cache_settings(args));
    let rebuild = if args.force {
        Rebuild::Always
    } else {
        Rebuild::WhenStale
    };
    let failure = if args.fail_fast {
        Failure::FailFast
    } else {
        Failure::KeepGoing
    };
    let run = Run {
        options: &options,
        destination: Destination::Folder {
            out: &args.out,
            cache: &cache,
            rebuild,
        },
        failure,
        args: &args.run,
    };
    let Some(outcomes) = runner::run(&jobs, &run) else {
        return ExitCode::UsageOrIo;
    };
    let shards = args.shard.iter().map(ToString::to_string).collect();
    let entries = outcomes.iter().map(|o| o.entry()).collect();
    let manifest = Manifest::new(cache.identity().to_owned(), shards, entries);
    let mut code = runner::exit_code(manifest.exit_code);
    if let Err(d) = write_manifest(&manifest, &args.out) {
        super::messages::Block {
            stderr: format!("{d}\n"),
            stdout: String::new(),
        }
        .print();
        code = code.max(ExitCode::UsageOrIo);
    }
    runner::finish(&outcomes, code, &run);
    code
}

fn cache_settings(args: &BuildArgs) -> Settings {
    let (dir, store) = match &args.cache {
        Some(dir) => (dir.clone(), Store::Copies),
        None => (args.out.join(".cache"), Store::Records),
    };
    Settings {
        dir,
        store,
        check: if args.verify {
            Check::Hash
        } else {
            Check::SizeAndTime
        },
    }
}

fn write_manifest(manifest: &Manifest, out: &Path) -> Result<(), crate::diag::Diagnostic> {
    let path = out.join(manifest::FILE_NAME);
    crate::output::write_atomic(&path, &manifest.to_bytes()).map_err(|err| {
        crate::diag::Diagnostic::error(
            crate::diag::display_path(&path),
            None,
            format!("cannot write the manifest: {err}"),
        )
    })
}

fn parse_bleed(text: &str) -> Result<crate::units::Pt, String> {
    crate::style::PrintStyle::parse_bleed(text)
}
