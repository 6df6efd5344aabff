//! `fuzz`: generated books through the whole command line, each in a child process under a
//! memory limit and a timeout, on stable Rust.
//!
//! ```sh
//! cargo run --release --bin fuzz -- --seconds 600 [--seed S] [--jobs 2]
//! cargo run --release --bin fuzz -- --replay SEED     # one failing input again, kept
//! ```
//!
//! Each input is a book folder made from a seed (`case`): a bundled or test book with chapters
//! mutated, or small synthetic chapters (`markdown`), a mutated `book.toml` and style
//! (`settings`), crafted pictures (`images`), and traps around it (a secret file outside the
//! book, links to it, a named pipe). It runs as `samizdat build|check|model` in a child process
//! (`run`) limited to 1 GB of address space and killed after 10 s. A panic, a signal, a stack
//! overflow, running out of memory, a timeout, an exit code other than 0, 1 or 2, or an e-book
//! holding the secret is a failure: its seed is printed and the input kept. The child is this
//! very binary running samizdat's command line (`fuzz samizdat ...`), so what is fuzzed is always
//! the code this binary was built from; `--samizdat PATH` tests another binary.
#![forbid(unsafe_code)]

mod case;
mod corpus;
mod images;
mod markdown;
mod rng;
mod run;
mod settings;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::Parser;

/// The argument that makes this binary run samizdat's command line instead (the child).
const CHILD: &str = "samizdat";
/// How often a long run prints how far it got.
const PROGRESS_EVERY: Duration = Duration::from_secs(60);

#[derive(Debug, Parser)]
#[command(
    name = "fuzz",
    about = "Generated books through samizdat, each in a child process"
)]
struct Args {
    /// Run for this many seconds (the default budget is 60 s).
    #[arg(long)]
    seconds: Option<u64>,
    /// Run this many inputs (instead of, or as well as, --seconds).
    #[arg(long)]
    inputs: Option<u64>,
    /// The run's seed, decimal or 0x-hex (default: from the clock, printed).
    #[arg(long, value_parser = parse_seed)]
    seed: Option<u64>,
    /// Run only the input of this seed (as printed for a failure), keep it, print its outcome.
    #[arg(long, value_parser = parse_seed)]
    replay: Option<u64>,
    /// Children run at once.
    #[arg(long, default_value_t = 1)]
    jobs: usize,
    /// Seconds before a child is killed (a hang).
    #[arg(long, default_value_t = 10)]
    timeout: u64,
    /// Address space of a child, in MB (a blowup).
    #[arg(long, default_value_t = 1024)]
    memory_mb: u64,
    /// Where failing inputs are kept (default: samizdat-fuzz-failures in the temp folder).
    #[arg(long)]
    keep: Option<PathBuf>,
    /// The samizdat binary to run (default: this binary, running samizdat's command line).
    #[arg(long)]
    samizdat: Option<PathBuf>,
}

/// Prints a line on stdout; a closed pipe (`| head`) ends printing, never the run.
fn say(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

/// Prints a line on stderr, as [`say`].
fn say_err(line: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{line}");
}

fn parse_seed(text: &str) -> Result<u64, String> {
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    parsed.map_err(|err| format!("`{text}` is not a seed: {err}"))
}

fn main() {
    let mut args = std::env::args_os();
    if args.nth(1).is_some_and(|a| a == CHILD) {
        std::process::exit(samizdat::cli::run_from(std::env::args_os().skip(1)));
    }
    let code = match fuzz(&Args::parse()) {
        Ok(code) => code,
        Err(message) => {
            say_err(format_args!("fuzz: {message}"));
            2
        }
    };
    std::process::exit(code);
}

/// Everything a worker needs, shared.
struct Run {
    program: Vec<PathBuf>,
    corpus: corpus::Corpus,
    limits: run::Limits,
    work: PathBuf,
    keep: PathBuf,
    seed: u64,
}

fn fuzz(args: &Args) -> Result<i32, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = Run {
        program: match &args.samizdat {
            Some(path) => vec![path.clone()],
            None => {
                let me = std::env::current_exe().map_err(|e| format!("no own path: {e}"))?;
                vec![me, CHILD.into()]
            }
        },
        corpus: corpus::load(root)?,
        limits: run::Limits {
            memory: args.memory_mb << 20,
            timeout: Duration::from_secs(args.timeout),
        },
        work: std::env::temp_dir().join(format!("samizdat-fuzz-{}", std::process::id())),
        keep: args
            .keep
            .clone()
            .unwrap_or_else(|| std::env::temp_dir().join("samizdat-fuzz-failures")),
        seed: args.seed.unwrap_or_else(clock_seed),
    };
    std::fs::create_dir_all(&run.work).map_err(|e| format!("{}: {e}", run.work.display()))?;
    let result = match args.replay {
        Some(seed) => Ok(replay(&run, seed)),
        None => Ok(campaign(&run, args)),
    };
    let _ = std::fs::remove_dir_all(&run.work);
    result
}

/// A seed for a run that names none: different every run, printed so it can be given again.
fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
}

/// One input, kept whatever its outcome.
fn replay(run: &Run, seed: u64) -> i32 {
    let case = case::generate(seed, &run.corpus);
    let dir = run.keep.join(format!("replay-{seed:#018x}"));
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(err) = std::fs::create_dir_all(&dir).and_then(|()| case::write(&case, &dir)) {
        say_err(format_args!(
            "fuzz: cannot write the input into {}: {err}",
            dir.display()
        ));
        return 2;
    }
    let ran = run::run(&run.program, &case, &dir, &run.limits);
    describe(run, &case, &ran, &dir);
    say(format_args!(
        "{}: {} in {:.2} s",
        dir.display(),
        ran.outcome.label(),
        ran.took.as_secs_f64()
    ));
    i32::from(ran.outcome.is_failure())
}

/// Counts of a campaign.
#[derive(Debug, Default)]
struct Tally {
    inputs: u64,
    outcomes: BTreeMap<String, u64>,
    kinds: BTreeMap<&'static str, u64>,
    failures: Vec<(u64, String, PathBuf)>,
}

fn campaign(run: &Run, args: &Args) -> i32 {
    let started = Instant::now();
    let budget = match (args.seconds, args.inputs) {
        (None, None) => Some(Duration::from_secs(60)),
        (seconds, _) => seconds.map(Duration::from_secs),
    };
    say(format_args!(
        "fuzz: seed {:#018x}, {} job(s), budget {}{}, limits {} MB and {} s a child",
        run.seed,
        args.jobs.max(1),
        budget.map_or("-".to_owned(), |b| format!("{} s", b.as_secs())),
        args.inputs
            .map_or(String::new(), |n| format!(", at most {n} inputs")),
        run.limits.memory >> 20,
        run.limits.timeout.as_secs()
    ));
    let next = AtomicU64::new(0);
    let tally = Mutex::new(Tally::default());
    let last_progress = Mutex::new(Instant::now());
    std::thread::scope(|scope| {
        for _ in 0..args.jobs.max(1) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                let over_time = budget.is_some_and(|b| started.elapsed() >= b);
                if over_time || args.inputs.is_some_and(|n| index >= n) {
                    break;
                }
                one(run, rng::input_seed(run.seed, index), &tally);
                progress(&tally, &last_progress, started);
            });
        }
    });
    let tally = tally.into_inner().unwrap_or_else(|e| e.into_inner());
    summary(run, &tally, started.elapsed());
    i32::from(!tally.failures.is_empty())
}

/// Generates, writes and runs the input of `seed`; keeps it if it failed.
fn one(run: &Run, seed: u64, tally: &Mutex<Tally>) {
    let case = case::generate(seed, &run.corpus);
    let dir = run.work.join(format!("{seed:016x}"));
    let ran = match std::fs::create_dir_all(&dir).and_then(|()| case::write(&case, &dir)) {
        Ok(()) => run::run(&run.program, &case, &dir, &run.limits),
        Err(err) => run::Ran {
            outcome: run::Outcome::Harness {
                message: format!("cannot write the input: {err}"),
            },
            stderr: String::new(),
            took: Duration::ZERO,
        },
    };
    let label = ran.outcome.label();
    let kept = ran.outcome.is_failure().then(|| {
        let kept = run.keep.join(format!("{seed:#018x}"));
        let _ = std::fs::create_dir_all(&run.keep);
        let _ = std::fs::remove_dir_all(&kept);
        let moved = std::fs::rename(&dir, &kept).is_ok();
        let at = if moved { kept } else { dir.clone() };
        describe(run, &case, &ran, &at);
        say(format_args!(
            "FAIL {label}: seed {seed:#018x} ({}, {:.1} s), kept in {}\n  {}\n  replay: cargo run --release --bin fuzz -- --replay {seed:#018x}",
            case.kind,
            ran.took.as_secs_f64(),
            at.display(),
            last_lines(&ran.stderr, 3).replace('\n', "\n  ")
        ));
        at
    });
    let _ = std::fs::remove_dir_all(&dir);
    let mut tally = tally.lock().unwrap_or_else(|e| e.into_inner());
    tally.inputs += 1;
    *tally.outcomes.entry(label.clone()).or_default() += 1;
    *tally.kinds.entry(case.kind).or_default() += 1;
    if let Some(at) = kept {
        tally.failures.push((seed, label, at));
    }
}

/// Writes `run.txt` beside a kept input: the outcome, the command to run it again by hand, the
/// environment and the child's stderr.
fn describe(run: &Run, case: &case::Case, ran: &run::Ran, dir: &Path) {
    let program: Vec<String> = run
        .program
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let text = format!(
        "outcome: {:?}\nseed: {:#018x}\nstarted from: {}\ntook: {:.2} s\n\
         run in this folder: {}SOURCE_DATE_EPOCH unset unless given here\n  {} {}\n\nstderr:\n{}\n",
        ran.outcome,
        case.seed,
        case.kind,
        ran.took.as_secs_f64(),
        case.source_date
            .as_ref()
            .map_or(String::new(), |v| format!("SOURCE_DATE_EPOCH={v:?}; ")),
        program.join(" "),
        case.args.join(" "),
        ran.stderr
    );
    let _ = std::fs::write(dir.join("run.txt"), text);
}

fn last_lines(text: &str, count: usize) -> String {
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let from = lines.len().saturating_sub(count);
    lines[from..]
        .iter()
        .map(|l| samizdat::diag::excerpt(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

fn progress(tally: &Mutex<Tally>, last: &Mutex<Instant>, started: Instant) {
    let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
    if last.elapsed() < PROGRESS_EVERY {
        return;
    }
    *last = Instant::now();
    let tally = tally.lock().unwrap_or_else(|e| e.into_inner());
    let seconds = started.elapsed().as_secs_f64();
    say(format_args!(
        "fuzz: {} inputs in {seconds:.0} s ({:.2}/s), {} failure(s)",
        tally.inputs,
        tally.inputs as f64 / seconds.max(1e-9),
        tally.failures.len()
    ));
}

fn summary(run: &Run, tally: &Tally, took: Duration) {
    let seconds = took.as_secs_f64();
    say(format_args!(
        "fuzz: seed {:#018x}: {} inputs in {seconds:.1} s ({:.2} inputs/s)",
        run.seed,
        tally.inputs,
        tally.inputs as f64 / seconds.max(1e-9)
    ));
    for (label, count) in &tally.outcomes {
        say(format_args!("  {label}: {count}"));
    }
    let kinds: Vec<String> = tally
        .kinds
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    say(format_args!("  started from: {}", kinds.join(", ")));
    match tally.failures.len() {
        0 => say(format_args!("  no failures")),
        n => {
            say(format_args!(
                "  {n} failure(s), kept in {}:",
                run.keep.display()
            ));
            for (seed, label, at) in &tally.failures {
                say(format_args!("    {seed:#018x} {label} {}", at.display()));
            }
        }
    }
}
