//! The test harness: every module's `tests()` list becomes libtest-mimic trials.
//!
//! What it adds to libtest-mimic:
//!
//! - **Registration**: [`tests!`](crate::tests) in each module names its test functions (and the
//!   outside tools each needs); `main.rs` lists the modules.
//! - **Tools**: before the run, every tool a selected test needs is probed once. A test whose tool
//!   is missing is *ignored* with the reason (`ignored (needs qpdf: ...)`), and the list of such
//!   tests is printed first; with `CI` set it fails instead.
//! - **Output**: libtest-mimic captures nothing, so a test writes through [`log!`](crate::log),
//!   which keeps its lines and shows them with the failure (or always with `--nocapture`). A
//!   panic's message and place become the failure message instead of going to stderr.

use std::any::Any;
use std::backtrace::{Backtrace, BacktraceStatus};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::panic::{self, PanicHookInfo};
use std::process::ExitCode;

use libtest_mimic::{Arguments, Completion, Failed, FormatSetting, Trial};

use crate::tools::Tool;

/// One test: its name (`module::function`), its body and the outside tools it needs.
pub struct Test {
    pub name: String,
    pub run: fn(),
    pub needs: &'static [Tool],
}

impl Test {
    /// A test named after its function in the module at `module_path` (`testsuite::cli`).
    pub fn new(module_path: &str, function: &str, run: fn(), needs: &'static [Tool]) -> Test {
        let module = module_path
            .split_once("::")
            .map_or(module_path, |(_, rest)| rest);
        Test {
            name: format!("{module}::{function}"),
            run,
            needs,
        }
    }
}

/// A module's list of tests: `pub fn tests()` returning one [`Test`] per function named.
///
/// ```ignore
/// crate::tests![
///     a_test_without_tools,
///     a_test_that_runs_qpdf: [QPDF],
///     a_test_that_runs_more: [QPDF, GS],
/// ];
/// ```
///
/// Tools are constants of [`crate::tools`]. After a `;`, submodules whose own lists follow
/// (`...; unit`). A function left out of the list is dead code, which the crate denies, so a
/// test cannot be forgotten.
#[macro_export]
macro_rules! tests {
    (
        $($name:ident $(: [$($tool:ident),* $(,)?])?),* $(,)?
        $(; $($submodule:ident),+ $(,)?)?
    ) => {
        /// This module's tests, for the harness (then those of its submodules).
        pub fn tests() -> Vec<$crate::harness::Test> {
            let tests = vec![$(
                $crate::harness::Test::new(
                    module_path!(),
                    stringify!($name),
                    $name,
                    &[$($($crate::tools::$tool),*)?],
                )
            ),*];
            $(let tests = {
                let mut tests = tests;
                $(tests.extend($submodule::tests());)+
                tests
            };)?
            tests
        }
    };
}

/// Writes a line to the running test's output: shown when it fails, or with `--nocapture`.
#[macro_export]
macro_rules! log {
    ($($arg:tt)*) => {
        $crate::harness::log(format_args!($($arg)*))
    };
}

/// What the harness knows about the test running on this thread.
struct Running {
    needs: &'static [Tool],
    output: String,
    /// The last panic's message and place, and its backtrace (resolved only if the test fails).
    panic: Option<(String, Backtrace)>,
}

thread_local! {
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
}

/// Adds a line to the running test's output (printed at once outside a test).
pub fn log(line: std::fmt::Arguments<'_>) {
    let kept = RUNNING.with(|running| match running.borrow_mut().as_mut() {
        Some(running) => {
            let _ = writeln!(running.output, "{line}");
            true
        }
        None => false,
    });
    if !kept {
        println!("{line}");
    }
}

/// Whether the running test declared `tool`; `None` outside a test.
pub fn declared(tool: &Tool) -> Option<bool> {
    RUNNING.with(|running| {
        running
            .borrow()
            .as_ref()
            .map(|r| r.needs.iter().any(|t| t.name == tool.name))
    })
}

/// Runs the tests of `modules` as libtest does (same arguments) and returns the exit code.
pub fn main(modules: &[fn() -> Vec<Test>]) -> ExitCode {
    let (args, filters) = arguments();
    let mut tests: Vec<Test> = modules.iter().flat_map(|tests| tests()).collect();
    let mut names = BTreeSet::new();
    for test in &tests {
        assert!(
            names.insert(&test.name),
            "{} is registered twice",
            test.name
        );
    }
    if !filters.is_empty() {
        tests.retain(|t| {
            filters.iter().any(|f| {
                if args.exact {
                    t.name == *f
                } else {
                    t.name.contains(f.as_str())
                }
            })
        });
    }
    let show_output = args.nocapture || args.show_output;
    let ci = std::env::var_os("CI").is_some();
    let mut probed: BTreeMap<&'static str, Result<(), String>> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut trials = Vec::new();
    for test in tests {
        let selected = !args.list && !args.is_filtered_out(&Trial::test(&test.name, || Ok(())));
        let missing: Vec<String> = if selected {
            test.needs
                .iter()
                .filter_map(|tool| {
                    let found = probed.entry(tool.name).or_insert_with(|| tool.probe());
                    found
                        .as_ref()
                        .err()
                        .map(|why| format!("needs {}: {why}", tool.name))
                })
                .collect()
        } else {
            Vec::new()
        };
        let Test { name, run, needs } = test;
        let trial = if missing.is_empty() {
            Trial::test(name, move || run_one(run, needs, show_output))
        } else if ci {
            let why = format!(
                "{}; with CI set, every tool must be here",
                missing.join("; ")
            );
            Trial::test(name, move || Err(why.into()))
        } else {
            let why = missing.join("; ");
            skipped.push((name.clone(), why.clone()));
            Trial::ignorable_test(name, move || Ok(Completion::ignored_with(why)))
        };
        trials.push(trial);
    }
    if !skipped.is_empty() {
        report_skips(&args, &skipped);
    }
    install_panic_hook();
    libtest_mimic::run(&args, trials).exit_code()
}

/// The command line, as libtest reads it. libtest-mimic takes one filter; libtest takes several
/// (`cargo test -- cli epub`) and runs the tests that match any: with more than one, they are
/// returned apart and applied here.
fn arguments() -> (Arguments, Vec<String>) {
    /// libtest-mimic's options that take a value as the next argument.
    const WITH_VALUE: &[&str] = &[
        "--test-threads",
        "--logfile",
        "--skip",
        "--color",
        "--format",
        "-Z",
    ];
    let mut all = std::env::args_os();
    let mut kept = all.next().into_iter().collect::<Vec<_>>();
    let mut filters = Vec::new();
    while let Some(arg) = all.next() {
        let text = arg.to_string_lossy();
        if text.starts_with('-') {
            let takes_value = WITH_VALUE.contains(&text.as_ref());
            kept.push(arg);
            if takes_value {
                kept.extend(all.next());
            }
        } else {
            filters.push(text.into_owned());
        }
    }
    if filters.len() < 2 {
        kept.extend(filters.drain(..).map(Into::into));
    }
    (Arguments::from_iter(kept), filters)
}

/// Lists the tests skipped for a missing tool, before the run: on stdout, unless the output is
/// JSON (then on stderr, to keep stdout parseable).
fn report_skips(args: &Arguments, skipped: &[(String, String)]) {
    let mut text = format!(
        "\nskipping {} test{}: an outside tool is missing (with CI set, this is a failure)\n",
        skipped.len(),
        if skipped.len() == 1 { "" } else { "s" }
    );
    for (name, why) in skipped {
        let _ = writeln!(text, "    {name}: {why}");
    }
    if args.format == Some(FormatSetting::Json) {
        eprint!("{text}");
    } else {
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(text.as_bytes());
        let _ = out.flush();
    }
}

/// Runs one test body on this thread, catching its panic and keeping its output.
fn run_one(run: fn(), needs: &'static [Tool], show_output: bool) -> Result<(), Failed> {
    RUNNING.with(|running| {
        *running.borrow_mut() = Some(Running {
            needs,
            output: String::new(),
            panic: None,
        })
    });
    let result = panic::catch_unwind(run);
    let finished = RUNNING
        .with(|running| running.borrow_mut().take())
        .expect("the running test's record");
    match result {
        Ok(()) => {
            if show_output && !finished.output.is_empty() {
                print!("{}", finished.output);
            }
            Ok(())
        }
        Err(payload) => {
            let mut message = match finished.panic {
                Some((message, backtrace)) => match backtrace.status() {
                    BacktraceStatus::Captured => {
                        format!("{message}\nstack backtrace:\n{backtrace}")
                    }
                    _ => message,
                },
                None => format!("panicked: {}", payload_text(payload.as_ref())),
            };
            if !finished.output.is_empty() {
                let _ = write!(message, "\n\n---- output ----\n{}", finished.output);
            }
            Err(message.into())
        }
    }
}

fn payload_text(payload: &(dyn Any + Send)) -> &str {
    payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or("(a panic without a message)")
}

/// Panics inside a test are kept for its failure message (with a backtrace when
/// `RUST_BACKTRACE` asks for one) instead of being printed where they happen; others are
/// printed as usual.
fn install_panic_hook() {
    let default = panic::take_hook();
    panic::set_hook(Box::new(move |info: &PanicHookInfo<'_>| {
        let kept = RUNNING.with(|running| match running.try_borrow_mut() {
            Ok(mut running) => match running.as_mut() {
                Some(running) => {
                    running.panic = Some((info.to_string(), Backtrace::capture()));
                    true
                }
                None => false,
            },
            Err(_) => false,
        });
        if !kept {
            default(info);
        }
    }));
}
