//! What the command line prints: diagnostics and progress on stderr, data on stdout.
//!
//! `println!` and `eprintln!` panic when the stream is closed (`samizdat build | head -2`). Here a
//! closed stream ends printing quietly instead: once a write fails, nothing more is written to
//! that stream and the run goes on (outputs are still written, the exit code is still the
//! content's). Every line the command line prints goes through this module.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once stderr could not be written (a closed pipe): later messages are dropped.
static STDERR_CLOSED: AtomicBool = AtomicBool::new(false);

/// Prints one message (a diagnostic, a progress line) on stderr, unless stderr is closed.
pub fn say(message: impl std::fmt::Display) {
    if STDERR_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut err = std::io::stderr().lock();
    if writeln!(err, "{message}")
        .and_then(|()| err.flush())
        .is_err()
    {
        STDERR_CLOSED.store(true, Ordering::Relaxed);
    }
}

/// What became of data written to stdout.
#[derive(Debug)]
pub enum Delivered {
    /// All of it was written.
    Whole,
    /// The reader closed the pipe early (`| head -c 10`): not an error of the run.
    ReaderLeft,
    /// Stdout could not be written (a full disk, a bad descriptor).
    Failed { error: std::io::Error },
}

/// Writes `bytes` to stdout.
pub fn emit(bytes: &[u8]) -> Delivered {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Delivered::Whole,
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Delivered::ReaderLeft,
        Err(error) => Delivered::Failed { error },
    }
}
