//! `samizdat calibrate [--out DIR] [--paper a4|letter]`: the duplex calibration sheet.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::console::say;
use super::ExitCode;
use crate::build::Output;
use crate::calibrate::{calibration_sheet, CalibrationPaper, FILE_NAME};
use crate::diag::{display_path, Diagnostic};

#[derive(Debug, Args)]
pub struct CalibrateArgs {
    /// Where calibration.pdf goes.
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// The paper in the printer.
    #[arg(long, value_enum, default_value = "a4")]
    paper: PaperArg,
}

/// `--paper`, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperArg {
    A4,
    Letter,
}

pub fn run(args: &CalibrateArgs) -> ExitCode {
    let paper = match args.paper {
        PaperArg::A4 => CalibrationPaper::A4,
        PaperArg::Letter => CalibrationPaper::Letter,
    };
    let bytes = match calibration_sheet(paper) {
        Ok(bytes) => bytes,
        Err(err) => {
            say(Diagnostic::error(FILE_NAME, None, err.to_string()));
            return ExitCode::UsageOrIo;
        }
    };
    let output = Output {
        file_name: FILE_NAME.to_owned(),
        bytes,
    };
    match crate::build::write_outputs(std::slice::from_ref(&output), &args.out) {
        Ok(paths) => {
            for path in paths {
                say(format!("wrote {}", display_path(&path).display()));
            }
            say(
                "Print it on both sides of one sheet with the printer's setting for booklets, \
                 then read the back: the half that is upright names the --duplex to use.",
            );
            ExitCode::Ok
        }
        Err(d) => {
            say(d);
            ExitCode::UsageOrIo
        }
    }
}
