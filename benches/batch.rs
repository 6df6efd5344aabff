//! Benchmark of batch builds: a generated catalogue of small books (200 by default, from the
//! bundled essay, as the batch tests make it), built by the `samizdat` binary with `--jobs 1` and
//! `--jobs 2`, cold (empty output folder and cache) and warm (nothing changed).
//!
//! ```sh
//! cargo bench --bench batch                              # 200 books
//! SAMIZDAT_BENCH_BOOKS=50 cargo bench --bench batch      # fewer
//! ```
//!
//! It prints each mode's median wall time over [`RUNS`] runs (the modes alternate, so that a noisy
//! machine weighs on all alike), the speed-up of two threads over one, the warm run as a share of
//! the cold one, whether every mode made the same bytes, and the machine's load average. It
//! asserts nothing: speed is measured, never tested.

// The tests' catalogue, of which the benchmark needs only `write`.
#[allow(dead_code)]
#[path = "../tests/testsuite/common/catalogue.rs"]
mod catalogue;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// Runs per mode; the median is printed.
const RUNS: usize = 3;

/// Books in the catalogue unless `SAMIZDAT_BENCH_BOOKS` says otherwise (the issue's figure).
const BOOKS: usize = 200;

fn main() {
    let books = std::env::var("SAMIZDAT_BENCH_BOOKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(BOOKS);
    let root = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-catalogue");
    let _ = std::fs::remove_dir_all(&root);
    if let Err(err) = catalogue::write(&root, books) {
        eprintln!("cannot write the catalogue: {err}");
        return;
    }
    println!(
        "a catalogue of {books} books; load average before: {}",
        load()
    );
    let mut cold: [Vec<Duration>; 2] = Default::default();
    let mut warm: [Vec<Duration>; 2] = Default::default();
    let mut manifests: Vec<String> = Vec::new();
    for _ in 0..RUNS {
        for (slot, jobs) in [1, 2].into_iter().enumerate() {
            let out = root.join(format!("out-{jobs}"));
            let _ = std::fs::remove_dir_all(&out);
            let Some(took) = run(&root, &out, jobs) else {
                return;
            };
            cold[slot].push(took);
            manifests.push(outputs_of(&out));
            let Some(took) = run(&root, &out, jobs) else {
                return;
            };
            warm[slot].push(took);
        }
    }
    let [cold1, cold2] = cold.map(median);
    let [warm1, warm2] = warm.map(median);
    let s = |d: Duration| d.as_secs_f64();
    println!(
        "--jobs 1: cold {:>7.2} s   warm {:>6.3} s",
        s(cold1),
        s(warm1)
    );
    println!(
        "--jobs 2: cold {:>7.2} s   warm {:>6.3} s",
        s(cold2),
        s(warm2)
    );
    println!(
        "speed-up of --jobs 2 over --jobs 1 (cold): {:.2}x",
        s(cold1) / s(cold2)
    );
    println!(
        "warm as a share of cold: {:.1} % (--jobs 1), {:.1} % (--jobs 2)",
        100.0 * s(warm1) / s(cold1),
        100.0 * s(warm2) / s(cold2)
    );
    let same = manifests.windows(2).all(|pair| pair[0] == pair[1]);
    println!("outputs byte-identical in every mode: {same}");
    println!("load average after: {}", load());
}

/// One build of the whole catalogue into `out`; its wall time.
fn run(root: &Path, out: &Path, jobs: usize) -> Option<Duration> {
    let started = Instant::now();
    let status = Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .current_dir(root)
        .arg("build")
        .arg("--out")
        .arg(out)
        .args(["--quiet", "--jobs", &jobs.to_string()])
        .args(book_dirs(root))
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .status();
    let took = started.elapsed();
    match status {
        Ok(status) if status.success() => Some(took),
        other => {
            eprintln!("the build failed: {other:?}");
            None
        }
    }
}

fn book_dirs(root: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("book.toml").is_file())
        .map(|p| PathBuf::from(p.file_name().unwrap_or_default()))
        .collect();
    dirs.sort();
    dirs
}

/// Every book's outputs with their digests, from the manifest (the bytes of every mode compared).
fn outputs_of(out: &Path) -> String {
    let text = std::fs::read_to_string(out.join("manifest.json")).unwrap_or_default();
    text.lines()
        .filter(|line| line.contains("\"path\"") || line.contains("\"sha256\""))
        .collect::<Vec<_>>()
        .join("\n")
}

fn median(mut runs: Vec<Duration>) -> Duration {
    runs.sort();
    runs.get(runs.len() / 2).copied().unwrap_or_default()
}

/// The one-, five- and fifteen-minute load averages, when the system tells.
fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_owned())
}
