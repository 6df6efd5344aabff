//! The progress bar of a batch (indicatif), on stderr, only when a person watches: stderr is a
//! terminal, `CI` is not set, and `--quiet` was not given. In CI and when piped nothing of it is
//! written.
//!
//! One bar counts the books done and names those being built. It is redrawn when a book starts
//! or ends, never by a timer: no thread of its own, so `--jobs` still bounds every thread.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bar of a running batch.
pub struct Progress {
    multi: MultiProgress,
    bar: ProgressBar,
    /// The books being built now, in the order they started.
    running: Mutex<Vec<String>>,
}

/// Whether a bar is wanted at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bars {
    /// Only when stderr is a terminal and `CI` is not set.
    WhenInteractive,
    Never,
}

/// The most book names the bar shows at once; more are counted ("and 3 more").
const NAMES_SHOWN: usize = 3;

impl Progress {
    /// A bar for `total` books, or `None` when nobody watches.
    pub fn start(total: usize, bars: Bars) -> Option<Progress> {
        let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        if bars == Bars::Never || !interactive || total == 0 {
            return None;
        }
        let multi = MultiProgress::with_draw_target(ProgressDrawTarget::stderr());
        let bar = multi.add(ProgressBar::new(total as u64));
        let style = ProgressStyle::with_template("{bar:30} {pos}/{len} books  {elapsed}  {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar());
        bar.set_style(style);
        Some(Progress {
            multi,
            bar,
            running: Mutex::new(Vec::new()),
        })
    }

    pub fn started(&self, name: &str) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.push(name.to_owned());
        self.bar.set_message(describe(&running));
    }

    pub fn done(&self, name: &str) {
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running.retain(|n| n != name);
        self.bar.set_message(describe(&running));
        self.bar.inc(1);
    }

    /// Prints with the bar out of the way.
    pub fn suspend<R>(&self, print: impl FnOnce() -> R) -> R {
        self.multi.suspend(print)
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

fn describe(running: &[String]) -> String {
    if running.is_empty() {
        return String::new();
    }
    let shown: Vec<&str> = running
        .iter()
        .take(NAMES_SHOWN)
        .map(String::as_str)
        .collect();
    let more = running.len().saturating_sub(NAMES_SHOWN);
    if more > 0 {
        format!("building {} and {more} more", shown.join(", "))
    } else {
        format!("building {}", shown.join(", "))
    }
}
