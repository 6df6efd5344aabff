//! The `samizdat` command line.
#![forbid(unsafe_code)]

fn main() {
    std::process::exit(samizdat::cli::run());
}
