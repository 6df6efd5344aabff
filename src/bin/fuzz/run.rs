//! Running one input in a child process, under a memory limit and a wall-clock timeout, and
//! telling what became of it.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::case::{Case, BOOK, OUT, SECRET};

/// The limits a child runs under.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Address space, in bytes (`ulimit -v`): the bound on a blowup is 1 GB.
    pub memory: u64,
    /// Wall-clock time before the child is killed: the bound on a hang is 10 s.
    pub timeout: Duration,
}

/// How often a running child is checked on.
const POLL: Duration = Duration::from_millis(5);
/// How much of the start and of the end of a child's stderr is kept for the report.
const STDERR_KEPT: usize = 16 << 10;

/// What became of an input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// An exit code of the README: 0 ok, 1 content errors, 2 usage or I/O.
    Exit {
        code: i32,
    },
    /// A panic (exit 101).
    Panic,
    /// Any other exit code.
    BadExit {
        code: i32,
    },
    /// An allocation failed under the memory limit.
    OutOfMemory,
    StackOverflow,
    /// Killed by a signal for another reason.
    Signal {
        signal: i32,
    },
    /// Still running at the timeout, and killed.
    Timeout,
    /// An output contains the secret from outside the book.
    Leak {
        entry: String,
    },
    /// The harness could not run the input at all.
    Harness {
        message: String,
    },
}

impl Outcome {
    pub fn is_failure(&self) -> bool {
        !matches!(self, Outcome::Exit { .. })
    }

    /// The name the summary counts it under.
    pub fn label(&self) -> String {
        match self {
            Outcome::Exit { code } => format!("exit {code}"),
            Outcome::Panic => "panic".to_owned(),
            Outcome::BadExit { code } => format!("bad exit {code}"),
            Outcome::OutOfMemory => "out of memory".to_owned(),
            Outcome::StackOverflow => "stack overflow".to_owned(),
            Outcome::Signal { signal } => format!("signal {signal}"),
            Outcome::Timeout => "timeout".to_owned(),
            Outcome::Leak { .. } => "leak".to_owned(),
            Outcome::Harness { .. } => "harness error".to_owned(),
        }
    }
}

/// What a run gives: the outcome, the start of stderr and how long it took.
#[derive(Debug)]
pub struct Ran {
    pub outcome: Outcome,
    pub stderr: String,
    pub took: Duration,
}

/// The command that runs `samizdat` with `args` under the memory limit: `sh -c 'ulimit -v'`,
/// then `exec`, so that the limit applies to samizdat itself and a signal reaches it directly.
pub fn command(program: &[PathBuf], case: &Case, limits: &Limits) -> Command {
    let kib = (limits.memory / 1024).to_string();
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -v \"$0\" && exec \"$@\"")
        .arg(kib)
        .args(program)
        .args(&case.args)
        .env("RUST_BACKTRACE", "0")
        // `ulimit -v` limits address space, not memory in use: every thread's malloc arena
        // reserves 64 MB of it. Two arenas and two worker threads keep the limit a measure of
        // what a build really uses, on any number of cores.
        .env("MALLOC_ARENA_MAX", "2")
        .env("RAYON_NUM_THREADS", "2")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(value) = &case.source_date {
        command.env("SOURCE_DATE_EPOCH", value);
    }
    command
}

/// Runs the input written in `dir`.
pub fn run(program: &[PathBuf], case: &Case, dir: &Path, limits: &Limits) -> Ran {
    let started = Instant::now();
    let harness = |message: String| Ran {
        outcome: Outcome::Harness { message },
        stderr: String::new(),
        took: started.elapsed(),
    };
    let stderr_path = dir.join("stderr.txt");
    let Ok(stderr_file) = std::fs::File::create(&stderr_path) else {
        return harness(format!("cannot create {}", stderr_path.display()));
    };
    let spawned = command(program, case, limits)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file)
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(err) => return harness(format!("cannot start the child: {err}")),
    };
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= limits.timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(POLL),
            Err(err) => return harness(format!("cannot wait for the child: {err}")),
        }
    };
    let took = started.elapsed();
    let stderr = read_ends(&stderr_path);
    let outcome = match status {
        None => Outcome::Timeout,
        Some(status) => classify(status, &stderr, dir),
    };
    Ran {
        outcome,
        stderr,
        took,
    }
}

fn classify(status: std::process::ExitStatus, stderr: &str, dir: &Path) -> Outcome {
    match status.code() {
        Some(code @ 0..=2) => match leak(dir) {
            Some(entry) => Outcome::Leak { entry },
            None => Outcome::Exit { code },
        },
        Some(101) => Outcome::Panic,
        Some(code) => Outcome::BadExit { code },
        None if stderr.contains("memory allocation of") => Outcome::OutOfMemory,
        None if stderr.contains("has overflowed its stack") => Outcome::StackOverflow,
        None => Outcome::Signal {
            signal: signal_of(status),
        },
    }
}

#[cfg(unix)]
fn signal_of(status: std::process::ExitStatus) -> i32 {
    use std::os::unix::process::ExitStatusExt;
    status.signal().unwrap_or(0)
}

#[cfg(not(unix))]
fn signal_of(_: std::process::ExitStatus) -> i32 {
    0
}

/// The first entry of the e-book that holds the secret from outside the book, if any.
fn leak(dir: &Path) -> Option<String> {
    let epub = dir.join(OUT).join(format!("{BOOK}.epub"));
    let file = std::fs::File::open(epub).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).ok()?;
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).ok()?;
        if bytes.windows(SECRET.len()).any(|w| w == SECRET.as_bytes()) {
            return Some(entry.name().to_owned());
        }
    }
    None
}

/// The start and the end of a child's stderr (a crash message comes last, after any warnings).
fn read_ends(path: &Path) -> String {
    let Ok(bytes) = std::fs::read(path) else {
        return String::new();
    };
    if bytes.len() <= 2 * STDERR_KEPT {
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    format!(
        "{}\n[... {} bytes ...]\n{}",
        String::from_utf8_lossy(&bytes[..STDERR_KEPT]),
        bytes.len() - 2 * STDERR_KEPT,
        String::from_utf8_lossy(&bytes[bytes.len() - STDERR_KEPT..])
    )
}
