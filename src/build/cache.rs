//! The content-addressed cache: a book is not built again when nothing that can change its
//! outputs changed and its outputs are intact.
//!
//! A book's **key** is the SHA-256 of samizdat's build identity (version and binary digest, see
//! `identity`), the book's name, the build options (formats, `--strict`, bleed and marks,
//! `SOURCE_DATE_EPOCH`) and every input with its digest ([`super::inputs`]: the files the build
//! read, and those it looked for and did not find). After a book is built and written, a
//! **record** (`<cache>/books/<name>.json`) keeps the key, the inputs with their digests, and each
//! output's size, SHA-256 and modification time, with the book's report and diagnostics.
//!
//! Next run, [`Cache::lookup`] reads the record, checks the identity and options, digests the
//! recorded inputs again (each file once per run, however many books share it) and, when all
//! match, checks the outputs in the output folder: size and modification time by default (cheap),
//! size and SHA-256 with `--verify`. All intact: the book is up to date and nothing is written.
//! With `--cache DIR`, copies of the outputs are kept in `DIR/files/<name>/` too, so that a CI job
//! with an empty output folder restores them from a saved cache (each copy's SHA-256 checked).
//! The cache holds one version per book (the latest): its size is that of the outputs.
//!
//! The cache never returns outputs made from other inputs: a changed input changes the key; an
//! input changed while its book was being built (modified after the build began) is not recorded,
//! so the next run builds again.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock, PoisonError};
use std::thread::JoinHandle;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::identity::{sha256, sha256_file};
use super::inputs::{listing, Input};
use super::manifest::{DiagnosticEntry, OutputEntry, ReportSummary};
use super::{BookBuild, BuildOptions};
use crate::diag::{display_path, Diagnostic};

/// Where the cache is and how it is used.
#[derive(Debug, Clone)]
pub struct Settings {
    pub dir: PathBuf,
    pub store: Store,
    pub check: Check,
}

/// Whether the cache keeps copies of the outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Store {
    /// The outputs are only in the output folder (the default cache, `out/.cache`).
    Records,
    /// Copies are kept in the cache folder (`--cache DIR`), to fill an empty output folder.
    Copies,
}

/// How intact outputs are recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Size and modification time as recorded.
    SizeAndTime,
    /// Size and SHA-256 as recorded (`--verify`).
    Hash,
}

/// A modification time, in seconds and nanoseconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stamp {
    pub seconds: u64,
    pub nanos: u32,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        let since = meta.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH);
        let since = since.ok()?;
        Some(Stamp {
            seconds: since.as_secs(),
            nanos: since.subsec_nanos(),
        })
    }
}

/// What the cache knows of a book's last build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    pub key: String,
    /// The digest of the identity, name and options (what is not a file).
    pub config: String,
    pub inputs: Vec<InputDigest>,
    pub outputs: Vec<OutputRecord>,
    pub report: Option<ReportSummary>,
    pub diagnostics: Vec<DiagnosticEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputDigest {
    pub input: Input,
    /// `None`: the file did not exist.
    pub sha256: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutputRecord {
    pub file_name: String,
    pub size: u64,
    pub sha256: String,
    pub modified: Stamp,
}

impl OutputRecord {
    pub fn entry(&self) -> OutputEntry {
        OutputEntry {
            path: self.file_name.clone(),
            size: self.size,
            sha256: self.sha256.clone(),
        }
    }
}

/// What the cache says of a book.
#[derive(Debug)]
pub enum Lookup {
    /// Its outputs are in the output folder and current.
    UpToDate { record: Record },
    /// Its outputs were copied from the cache into the output folder.
    Restored { record: Record },
    /// It must be built; why.
    Stale { reason: String },
}

/// The cache of a run.
#[derive(Debug)]
pub struct Cache {
    settings: Settings,
    /// samizdat's build identity, once known.
    identity: OnceLock<String>,
    /// The identity being worked out on a thread of its own from [`Cache::open`]: hashing the
    /// binary takes a while, and a book seen for the first time is read and built meanwhile
    /// (its key is needed only to save it).
    hashing: Mutex<Option<JoinHandle<String>>>,
    /// Input digests already computed in this run (the style's fonts are shared by every book).
    digests: Mutex<BTreeMap<Input, Option<String>>>,
}

impl Cache {
    pub fn open(settings: Settings) -> Cache {
        let dir = settings.dir.clone();
        let hashing = std::thread::Builder::new()
            .name("samizdat identity".to_owned())
            .spawn(move || super::identity::current(Some(&dir)))
            .ok();
        Cache {
            settings,
            identity: OnceLock::new(),
            hashing: Mutex::new(hashing),
            digests: Mutex::new(BTreeMap::new()),
        }
    }

    /// samizdat's build identity, as in every key (waiting for the hash when it is not done).
    pub fn identity(&self) -> &str {
        self.identity.get_or_init(|| {
            let hashing = self
                .hashing
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            hashing
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(|| super::identity::current(Some(&self.settings.dir)))
        })
    }

    /// The digest of what is not a file: identity, book name, options.
    pub fn config(&self, name: &str, options: &BuildOptions) -> String {
        // The options' Debug text holds every field, so an option added later is keyed at once.
        sha256(
            format!(
                "samizdat cache 1\n{}\n{name}\n{options:?}\n",
                self.identity()
            )
            .as_bytes(),
        )
    }

    fn record_path(&self, name: &str) -> PathBuf {
        self.settings.dir.join("books").join(format!("{name}.json"))
    }

    fn copy_path(&self, name: &str, file_name: &str) -> PathBuf {
        self.settings.dir.join("files").join(name).join(file_name)
    }

    /// Whether the book `name`, built with `options`, must be built. (A book never built is
    /// known to be without samizdat's identity.)
    pub fn lookup(&self, name: &str, options: &BuildOptions, out: &Path) -> Lookup {
        let stale = |reason: String| Lookup::Stale { reason };
        let Some(record) = std::fs::read(self.record_path(name))
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Record>(&bytes).ok())
        else {
            return stale("not built before".to_owned());
        };
        if record.config != self.config(name, options) {
            return stale("samizdat, the options or SOURCE_DATE_EPOCH changed".to_owned());
        }
        if let Some(changed) = record
            .inputs
            .iter()
            .find(|recorded| self.digest(&recorded.input) != recorded.sha256)
        {
            return stale(format!("{} changed", describe(&changed.input)));
        }
        let damaged: Vec<&OutputRecord> = record
            .outputs
            .iter()
            .filter(|output| !self.intact(&out.join(&output.file_name), output))
            .collect();
        if damaged.is_empty() {
            return Lookup::UpToDate { record };
        }
        let first = display_path(&out.join(&damaged[0].file_name));
        if self.settings.store == Store::Copies {
            if let Some(record) = self.restore(name, record.clone(), out) {
                return Lookup::Restored { record };
            }
        }
        stale(format!("{} was changed or removed", first.display()))
    }

    /// Whether an output file is as recorded.
    fn intact(&self, path: &Path, output: &OutputRecord) -> bool {
        let Ok(meta) = std::fs::metadata(path) else {
            return false;
        };
        if meta.len() != output.size {
            return false;
        }
        match self.settings.check {
            Check::SizeAndTime => Stamp::of(&meta) == Some(output.modified),
            Check::Hash => sha256_file(path).is_ok_and(|digest| digest == output.sha256),
        }
    }

    /// Copies the book's outputs from the cache into `out`, each checked against its digest;
    /// gives the record with the new files' times, or `None` when a copy is missing or damaged.
    fn restore(&self, name: &str, mut record: Record, out: &Path) -> Option<Record> {
        let mut copies = Vec::new();
        for output in &record.outputs {
            let bytes = std::fs::read(self.copy_path(name, &output.file_name)).ok()?;
            if bytes.len() as u64 != output.size || sha256(&bytes) != output.sha256 {
                return None;
            }
            copies.push(super::Output {
                file_name: output.file_name.clone(),
                bytes,
            });
        }
        let written = super::write_outputs(&copies, out).ok()?;
        for (output, path) in record.outputs.iter_mut().zip(&written) {
            output.modified = std::fs::metadata(path).ok().as_ref().and_then(Stamp::of)?;
        }
        self.write_record(name, &record).ok()?;
        Some(record)
    }

    /// The digest of an input now: a file's SHA-256 (`None` when it does not exist), a listing's
    /// SHA-256 of its names. Computed once per run.
    fn digest(&self, input: &Input) -> Option<String> {
        if let Some(known) = self.lock().get(input) {
            return known.clone();
        }
        let digest = match input {
            Input::File { path } => sha256_file(path).ok(),
            Input::Listing { dir, suffix } => {
                let names: Vec<String> = listing(dir, suffix)
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect();
                Some(sha256(names.join("\n").as_bytes()))
            }
        };
        self.lock().insert(input.clone(), digest.clone());
        digest
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<Input, Option<String>>> {
        // A poisoned memo only means another book's thread panicked: its digests are still right.
        self.digests.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The key of a build from its configuration digest and its inputs' digests.
    fn key(config: &str, inputs: &[InputDigest]) -> String {
        let mut hasher = Sha256::new();
        hasher.update(config.as_bytes());
        for input in inputs {
            let line = serde_json::to_string(input).unwrap_or_default();
            hasher.update(line.as_bytes());
            hasher.update(b"\n");
        }
        hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }

    /// Records a book just built and written into `out` (`written` are the paths, in the order
    /// of `built.outputs`); `began` is when its build began. Gives the key, and whether the
    /// record was kept (not when an input changed during the build).
    pub fn save(
        &self,
        built: &BookBuild,
        config: &str,
        written: &[PathBuf],
        began: SystemTime,
    ) -> Result<(String, Keeping), Diagnostic> {
        let inputs: Vec<InputDigest> = built
            .inputs
            .iter()
            .map(|input| InputDigest {
                input: input.clone(),
                sha256: self.digest(input),
            })
            .collect();
        let key = Cache::key(config, &inputs);
        if built.inputs.iter().any(|input| changed_since(input, began)) {
            return Ok((key, Keeping::Dropped));
        }
        let mut outputs = Vec::new();
        for (output, path) in built.outputs.iter().zip(written) {
            let modified = std::fs::metadata(path).ok().as_ref().and_then(Stamp::of);
            let Some(modified) = modified else {
                return Ok((key, Keeping::Dropped));
            };
            outputs.push(OutputRecord {
                file_name: output.file_name.clone(),
                size: output.bytes.len() as u64,
                sha256: sha256(&output.bytes),
                modified,
            });
            if self.settings.store == Store::Copies {
                let copy = self.copy_path(&built.name, &output.file_name);
                crate::output::write_atomic(&copy, &output.bytes)
                    .map_err(|err| cache_error(&copy, &err))?;
            }
        }
        let record = Record {
            key: key.clone(),
            config: config.to_owned(),
            inputs,
            outputs,
            report: built.report.as_ref().map(ReportSummary::from),
            diagnostics: built
                .diagnostics
                .iter()
                .map(DiagnosticEntry::from)
                .collect(),
        };
        self.write_record(&built.name, &record)?;
        Ok((key, Keeping::Kept))
    }

    fn write_record(&self, name: &str, record: &Record) -> Result<(), Diagnostic> {
        let path = self.record_path(name);
        let json = serde_json::to_vec_pretty(record).unwrap_or_default();
        crate::output::write_atomic(&path, &json).map_err(|err| cache_error(&path, &err))
    }
}

/// Whether a record of a build was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keeping {
    Kept,
    /// An input changed while the book was built: the next run builds it again.
    Dropped,
}

fn cache_error(path: &Path, err: &std::io::Error) -> Diagnostic {
    Diagnostic::error(
        display_path(path),
        None,
        format!("cannot write the cache: {err}"),
    )
    .with_hint("check that the cache folder (--cache) is writable and the disk has room")
}

/// Whether a file input was modified after `began` (a listing is re-read from its files).
fn changed_since(input: &Input, began: SystemTime) -> bool {
    let Input::File { path } = input else {
        return false;
    };
    std::fs::metadata(path)
        .and_then(|meta| meta.modified())
        .is_ok_and(|modified| modified >= began)
}

/// An input for a message: `manuscript/a/ch1.md`, `the *.md files of manuscript/a`.
fn describe(input: &Input) -> String {
    match input {
        Input::File { path } => display_path(path).display().to_string(),
        Input::Listing { dir, suffix } => {
            format!("the *{suffix} files of {}", display_path(dir).display())
        }
    }
}
