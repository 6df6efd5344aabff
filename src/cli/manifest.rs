//! `samizdat manifest merge FILE... [--out FILE]`: the manifests of a catalogue's shards joined
//! into one, as one unsharded build would have written it (timings aside). The exit code is the
//! worst of the books' (so a CI merge job fails when a book failed in any shard), or 2 when a
//! manifest cannot be read or two list the same book.

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::ExitCode;
use crate::build::manifest::{merge, Manifest};

#[derive(Debug, Args)]
pub struct ManifestArgs {
    #[command(subcommand)]
    command: ManifestCommand,
}

#[derive(Debug, Subcommand)]
enum ManifestCommand {
    /// Join the manifests of shards into one.
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
struct MergeArgs {
    /// The shards' manifest.json files.
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Where to write the merged manifest (default: stdout).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: &ManifestArgs) -> ExitCode {
    let ManifestCommand::Merge(args) = &args.command;
    let mut manifests = Vec::new();
    for file in &args.files {
        match Manifest::read(file) {
            Ok(manifest) => manifests.push(manifest),
            Err(message) => {
                super::console::say(format_args!("{}: error: {message}", file.display()));
                return ExitCode::UsageOrIo;
            }
        }
    }
    let merged = match merge(manifests) {
        Ok(merged) => merged,
        Err(message) => {
            super::console::say(format_args!("error: {message}"));
            return ExitCode::UsageOrIo;
        }
    };
    let bytes = merged.to_bytes();
    let written = match &args.out {
        Some(path) => crate::output::write_atomic(path, &bytes)
            .map_err(|err| format!("{}: error: cannot write: {err}", path.display())),
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            // A reader that leaves early (`| head`) is not an error of the merge.
            match out.write_all(&bytes).and_then(|()| out.flush()) {
                Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => {
                    Err(format!("error: cannot write the manifest: {err}"))
                }
                _ => Ok(()),
            }
        }
    };
    if let Err(message) = written {
        super::console::say(message);
        return ExitCode::UsageOrIo;
    }
    super::runner::exit_code(merged.exit_code)
}
