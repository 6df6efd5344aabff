//! The duplex calibration sheet (`samizdat calibrate`): one sheet, printed on both sides with the
//! printer setting meant for booklets, that shows which `--duplex` that setting needs.
//!
//! The sheet is made like a booklet's: four half-sheet pages set by the text engine in the
//! built-in style, placed two-up as Form XObjects ([`crate::pdf::write_sheets`]). Its front
//! says how to use it. Its back carries two messages: the left one upright, naming `--duplex
//! short`; the right one turned half a turn, naming `--duplex long`. Turned over like the page
//! of a book, a sheet from a printer that flips on the short edge shows the first one upright;
//! one from a printer that flips on the long edge turns the whole back over, and shows the
//! second one upright. The message that can be read is the setting to use.

use std::path::Path;

use crate::layout::text_pages;
use crate::model::Metadata;
use crate::pdf::{Area, Placement, SheetSide, Turn};
use crate::text::{FaceId, FontBook};
use crate::units::Pt;

/// The paper the sheet is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalibrationPaper {
    /// A4, for A5 booklets.
    A4,
    /// US Letter, for 5.5 × 8.5 in booklets.
    Letter,
}

impl CalibrationPaper {
    /// The sheet's long and short side, and the page (half the sheet).
    fn sizes(self) -> ((Pt, Pt), (Pt, Pt)) {
        match self {
            CalibrationPaper::A4 => (
                (Pt::from_mm(297.0), Pt::from_mm(210.0)),
                (Pt::from_mm(148.5), Pt::from_mm(210.0)),
            ),
            CalibrationPaper::Letter => ((Pt(792.0), Pt(612.0)), (Pt(396.0), Pt(612.0))),
        }
    }
}

/// The file name `samizdat calibrate` writes.
pub const FILE_NAME: &str = "calibration.pdf";

/// The words of the sheet's four half pages: each paragraph's size (as a multiple of the body
/// size), face and text.
type Words = Vec<(f64, FaceId, String)>;

fn words() -> [Words; 4] {
    let p = |scale: f64, face: FaceId, text: &str| (scale, face, text.to_owned());
    [
        vec![
            p(1.6, FaceId::Bold, "How to use this sheet"),
            p(1.0, FaceId::Regular, "1. Print this file on both sides of one sheet, with the printer setting you mean to use for booklets."),
            p(1.0, FaceId::Regular, "2. Hold the sheet with this side towards you, the word FRONT the right way up."),
            p(1.0, FaceId::Regular, "3. Turn it over like the page of a book, from right to left."),
            p(1.0, FaceId::Regular, "4. One half of the back reads the right way up. It names the --duplex option that setting needs."),
        ],
        vec![
            p(3.0, FaceId::Bold, "FRONT"),
            p(1.2, FaceId::Italic, "this way up"),
        ],
        vec![
            p(2.4, FaceId::Bold, "SHORT EDGE"),
            p(1.0, FaceId::Regular, "This half reads the right way up: with the setting you used, build booklets with"),
            p(1.2, FaceId::Bold, "samizdat build --booklet --duplex short"),
            p(1.0, FaceId::Italic, "(the default; the printer turns the sheet on its short edge)"),
        ],
        vec![
            p(2.4, FaceId::Bold, "LONG EDGE"),
            p(1.0, FaceId::Regular, "This half reads the right way up: with the setting you used, build booklets with"),
            p(1.2, FaceId::Bold, "samizdat build --booklet --duplex long"),
            p(1.0, FaceId::Italic, "(the printer turns the sheet on its long edge; samizdat turns every back)"),
        ],
    ]
}

/// Why the sheet could not be made.
#[derive(Debug)]
pub enum CalibrationError {
    Style(crate::style::StyleError),
    Fonts(crate::text::TextError),
    Pdf(crate::pdf::PdfError),
}

impl std::fmt::Display for CalibrationError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CalibrationError::Style(err) => write!(f, "{err}"),
            CalibrationError::Fonts(err) => write!(f, "{err}"),
            CalibrationError::Pdf(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for CalibrationError {}

/// The calibration sheet's PDF.
pub fn calibration_sheet(paper: CalibrationPaper) -> Result<Vec<u8>, CalibrationError> {
    let style = crate::style::load("default", Path::new(".")).map_err(CalibrationError::Style)?;
    let fonts = FontBook::load(&style).map_err(CalibrationError::Fonts)?;
    let (sheet, page) = paper.sizes();
    let layout = text_pages(&style, &fonts, page, &words());
    let options = crate::pdf::PdfOptions::default();
    let prepared =
        crate::pdf::prepare(&layout, &fonts, &[], &options).map_err(CalibrationError::Pdf)?;
    let (left, right) = (sheet.0 / 2.0 - page.0, sheet.0 / 2.0);
    let half = |page_index: usize, x: Pt, turn: Turn| Placement {
        source: 0,
        page: page_index,
        x,
        y: Pt::ZERO,
        turn,
        clip: Area {
            left: x,
            bottom: Pt::ZERO,
            right: x + page.0,
            top: page.1,
        },
    };
    let sides = [
        SheetSide {
            placements: vec![half(0, left, Turn::Upright), half(1, right, Turn::Upright)],
            marks: Vec::new(),
            turn: Turn::Upright,
            label: "front".to_owned(),
        },
        SheetSide {
            placements: vec![
                half(2, left, Turn::Upright),
                half(3, right, Turn::UpsideDown),
            ],
            marks: Vec::new(),
            turn: Turn::Upright,
            label: "back".to_owned(),
        },
    ];
    crate::pdf::write_sheets(&[&prepared], &sides, sheet, &metadata())
        .map_err(CalibrationError::Pdf)
}

/// The sheet's own metadata: fixed, so that the file is the same on every machine.
fn metadata() -> Metadata {
    Metadata {
        description: Some(
            "Printed on both sides, shows the --duplex setting a printer needs for booklets."
                .to_owned(),
        ),
        ..Metadata::new("Duplex calibration", "urn:samizdat:duplex-calibration")
    }
}
