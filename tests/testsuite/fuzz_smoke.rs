//! A short fixed-budget run of the fuzzer (`src/bin/fuzz/`): a fixed seed and a fixed number of
//! inputs, so the same inputs run every time. It takes some twenty seconds unoptimised, so it runs
//! only under CI (`CI` set) or when `SAMIZDAT_FUZZ_SMOKE` is set (the `FUZZ_SMOKE` tool); a plain
//! `cargo test` shows it as ignored, with the reason.

use std::process::Command;

crate::tests![fuzz_smoke_run_finds_no_failure: [FUZZ_SMOKE]];

/// The inputs of the smoke run: enough to pass through most generators.
const INPUTS: &str = "10";
/// The run's seed (any fixed one would do).
const SEED: &str = "1917";
/// Seconds before a child counts as hung: far above the 10 s of a release run, because the
/// smoke run is unoptimised and shares the machine with the other tests.
const TIMEOUT: &str = "120";

fn fuzz_smoke_run_finds_no_failure() {
    crate::tools::require(&crate::tools::FUZZ_SMOKE);
    let keep = crate::common::Scratch::new("fuzz-smoke");
    let output = Command::new(env!("CARGO_BIN_EXE_fuzz"))
        .args(["--seed", SEED, "--inputs", INPUTS, "--timeout", TIMEOUT])
        .arg("--keep")
        .arg(&*keep)
        .output()
        .expect("run the fuzzer");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains(&format!(": {INPUTS} inputs in ")),
        "{stdout}"
    );
    assert!(stdout.contains("no failures"), "{stdout}");
}
