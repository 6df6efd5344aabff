//! The booklet's options of `samizdat build`: `--booklet`, `--duplex`, `--signature`, `--cover`.
//! What is not given comes from the style's `[print.booklet]`.

use clap::{Args, ValueEnum};

use crate::build::BookletRequest;
use crate::style::{CoverMode, Duplex, Signature};

#[derive(Debug, Args)]
pub struct BookletArgs {
    /// Also write out/<book>.booklet.pdf: the pages two-up on sheets to print on both sides,
    /// fold and staple.
    #[arg(long)]
    booklet: bool,
    /// The edge your duplex printer turns the sheet on (`samizdat calibrate` tells); default:
    /// the style's, else short.
    #[arg(long, value_enum, requires = "booklet")]
    duplex: Option<DuplexArg>,
    /// Sheets per signature, for sewing or stacking (default: one signature of every sheet).
    #[arg(long, value_parser = parse_signature, requires = "booklet")]
    signature: Option<Signature>,
    /// The cover as the booklet's outer sheet (self), in out/<book>.cover.pdf for heavier
    /// paper (separate), or none; default: the style's, else self.
    #[arg(long, value_enum, requires = "booklet")]
    cover: Option<CoverArg>,
}

/// `--duplex`, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DuplexArg {
    /// Flip on the short edge (the usual booklet setting).
    Short,
    /// Flip on the long edge: every back side is turned 180°.
    Long,
}

/// `--cover`, as the command line names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CoverArg {
    #[value(name = "self")]
    SelfCover,
    Separate,
    None,
}

impl BookletArgs {
    /// The booklet asked for, if any.
    pub fn request(&self) -> Option<BookletRequest> {
        self.booklet.then_some(BookletRequest {
            duplex: self.duplex.map(|duplex| match duplex {
                DuplexArg::Short => Duplex::Short,
                DuplexArg::Long => Duplex::Long,
            }),
            signature: self.signature,
            cover: self.cover.map(|cover| match cover {
                CoverArg::SelfCover => CoverMode::SelfCover,
                CoverArg::Separate => CoverMode::Separate,
                CoverArg::None => CoverMode::None,
            }),
        })
    }
}

fn parse_signature(text: &str) -> Result<Signature, String> {
    let sheets: u32 = text
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a number of sheets"))?;
    Signature::new(sheets)
}
