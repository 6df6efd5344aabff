//! `[print.booklet]`: how `samizdat build --booklet` imposes the pages on sheets.
//!
//! Every key has a default, so a style without the section works; the command line's
//! `--duplex`, `--signature` and `--cover` win over it. Every value is range-checked as it is
//! read (a caliper of 5 mm or a signature of 500 sheets is an error at its place in the file),
//! and the sheet is checked against the page when the booklet is made (it must hold two pages
//! side by side, with the marks and bleed asked for).

use serde::{Deserialize, Deserializer};

use super::page::Length;
use crate::units::Pt;

/// The paper a booklet is printed on, two pages side by side (the sheet is used in landscape).
#[derive(Debug, Clone, Copy, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum SheetSize {
    /// The smallest standard sheet that holds two pages (with the marks and bleed asked for):
    /// A4 for A5 pages, A5 for A6, US Letter for 5.5 × 8.5 in; SRA4 for A5 pages with marks.
    #[default]
    #[serde(rename = "auto")]
    Auto,
    A5,
    A4,
    A3,
    /// 225 × 320 mm: A4 with room for bleed and marks (print shops' "supplementary raw" sizes).
    SRA4,
    /// 320 × 450 mm.
    SRA3,
    /// 8.5 × 11 in.
    Letter,
    /// 11 × 17 in.
    Tabloid,
    /// `sheet = { custom = { width = "330mm", height = "480mm" } }`.
    #[serde(rename = "custom")]
    Custom {
        width: SheetLength,
        height: SheetLength,
    },
}

impl SheetSize {
    /// The standard sheets `auto` chooses from, smallest first.
    pub const STANDARD: [SheetSize; 7] = [
        SheetSize::A5,
        SheetSize::Letter,
        SheetSize::A4,
        SheetSize::SRA4,
        SheetSize::Tabloid,
        SheetSize::A3,
        SheetSize::SRA3,
    ];

    /// The long and the short side, or `None` for `auto`.
    pub fn sides(self) -> Option<(Pt, Pt)> {
        let mm = |a: f64, b: f64| Some((Pt::from_mm(a), Pt::from_mm(b)));
        match self {
            SheetSize::Auto => None,
            SheetSize::A5 => mm(210.0, 148.0),
            SheetSize::A4 => mm(297.0, 210.0),
            SheetSize::A3 => mm(420.0, 297.0),
            SheetSize::SRA4 => mm(320.0, 225.0),
            SheetSize::SRA3 => mm(450.0, 320.0),
            SheetSize::Letter => Some((Pt(792.0), Pt(612.0))),
            SheetSize::Tabloid => Some((Pt(1224.0), Pt(792.0))),
            SheetSize::Custom { width, height } => {
                let (a, b) = (width.0 .0, height.0 .0);
                Some((a.max(b), a.min(b)))
            }
        }
    }

    /// How the sheet is named in messages.
    pub fn name(self) -> String {
        match self {
            SheetSize::Auto => "auto".to_owned(),
            SheetSize::A5 => "A5".to_owned(),
            SheetSize::A4 => "A4".to_owned(),
            SheetSize::A3 => "A3".to_owned(),
            SheetSize::SRA4 => "SRA4".to_owned(),
            SheetSize::SRA3 => "SRA3".to_owned(),
            SheetSize::Letter => "US Letter".to_owned(),
            SheetSize::Tabloid => "Tabloid".to_owned(),
            SheetSize::Custom { width, height } => format!(
                "{} × {} mm",
                width.0 .0.to_mm().round(),
                height.0 .0.to_mm().round()
            ),
        }
    }
}

/// The sides of a custom sheet: from 105 mm (the short side of A6, the smallest sheet that
/// holds two pages any style allows) to 1000 mm (beyond B1, the largest sheet of a small press).
pub const SHEET_SIDE_MM: std::ops::RangeInclusive<f64> = 105.0..=1000.0;

/// A side of a custom sheet, checked against [`SHEET_SIDE_MM`] as it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SheetLength(pub Length);

impl<'de> Deserialize<'de> for SheetLength {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let length = Length::deserialize(deserializer)?;
        let mm = length.0.to_mm();
        if SHEET_SIDE_MM.contains(&mm) {
            Ok(SheetLength(length))
        } else {
            Err(serde::de::Error::custom(format!(
                "a sheet's side of {} mm is out of range: write {} to {} mm",
                mm.round(),
                SHEET_SIDE_MM.start(),
                SHEET_SIDE_MM.end()
            )))
        }
    }
}

/// Which edge the printer turns the sheet over for its back side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Duplex {
    /// Flip on the short edge: the usual booklet setting of office printers; backs as they are.
    #[default]
    Short,
    /// Flip on the long edge: every back side is turned 180° so that it comes out upright.
    Long,
}

/// What becomes of the cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CoverMode {
    /// The cover is the booklet's outer sheet, on the same paper.
    #[default]
    #[serde(rename = "self")]
    SelfCover,
    /// The cover goes to `<book>.cover.pdf`, one sheet for heavier paper.
    Separate,
    /// No cover: the reading pages alone (the title page is the first page).
    None,
}

/// Where blank pages go when the pages do not fill the last sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlankPlacement {
    /// Before the last page when it stands alone (so a back page stays at the back), else at
    /// the end: never inside the text.
    #[default]
    BeforeLastPage,
    /// After the last page.
    End,
}

/// Sheets per signature: from 1 (each sheet folded alone, the sheets stacked) to 32 (a fold
/// through more than 32 sheets, 128 pages or about 3 mm of office paper, neither lies flat nor
/// takes a staple).
pub const SIGNATURE_SHEETS: std::ops::RangeInclusive<u32> = 1..=32;

/// Paper caliper: from 0.03 mm (India paper, the thinnest printed) to 1 mm (board, which no
/// longer folds).
pub const CALIPER_MM: std::ops::RangeInclusive<f64> = 0.03..=1.0;

/// The number of sheets in a signature, checked against [`SIGNATURE_SHEETS`] as it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Signature(pub u32);

impl Signature {
    /// A signature size from the command line or a style.
    pub fn new(sheets: u32) -> Result<Signature, String> {
        if SIGNATURE_SHEETS.contains(&sheets) {
            Ok(Signature(sheets))
        } else {
            Err(format!(
                "a signature of {sheets} sheets is out of range: write {} to {} (sheets folded together)",
                SIGNATURE_SHEETS.start(),
                SIGNATURE_SHEETS.end()
            ))
        }
    }
}

impl<'de> Deserialize<'de> for Signature {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let sheets = i64::deserialize(deserializer)?;
        let sheets = u32::try_from(sheets).unwrap_or(u32::MAX);
        Signature::new(sheets).map_err(serde::de::Error::custom)
    }
}

/// The paper's thickness, checked against [`CALIPER_MM`] as it is read.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Caliper(pub Pt);

impl<'de> Deserialize<'de> for Caliper {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let length = Length::deserialize(deserializer)?;
        let mm = length.0.to_mm();
        if CALIPER_MM.contains(&mm) {
            Ok(Caliper(length.0))
        } else {
            Err(serde::de::Error::custom(format!(
                "a paper caliper of {mm} mm is out of range: write {} to {} mm (office paper is about 0.1 mm)",
                CALIPER_MM.start(),
                CALIPER_MM.end()
            )))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BookletStyle {
    pub sheet: SheetSize,
    pub duplex: Duplex,
    /// Sheets per signature; absent: all the sheets in one signature (a stapled pamphlet).
    pub signature: Option<Signature>,
    pub cover: CoverMode,
    /// The paper's thickness, for creep: the pages of the k-th sheet from the outside of a
    /// signature are moved k × caliper toward the spine.
    pub caliper: Caliper,
    pub blanks: BlankPlacement,
}

impl Default for BookletStyle {
    fn default() -> Self {
        BookletStyle {
            sheet: SheetSize::Auto,
            duplex: Duplex::Short,
            signature: None,
            cover: CoverMode::SelfCover,
            // 80 g/m² office paper is 0.1 mm thick.
            caliper: Caliper(Pt::from_mm(0.1)),
            blanks: BlankPlacement::BeforeLastPage,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_section_reads_with_defaults() {
        let style: BookletStyle = toml::from_str("").expect("empty");
        assert_eq!(style, BookletStyle::default());
        let style: BookletStyle = toml::from_str(
            "sheet = \"SRA4\"\nduplex = \"long\"\nsignature = 4\ncover = \"separate\"\n\
             caliper = \"0.12mm\"\nblanks = \"end\"",
        )
        .expect("full");
        assert_eq!(style.sheet, SheetSize::SRA4);
        assert_eq!(style.signature, Some(Signature(4)));
        assert!((style.caliper.0.to_mm() - 0.12).abs() < 1e-9);
        let custom: BookletStyle =
            toml::from_str("sheet = { custom = { width = \"330mm\", height = \"480mm\" } }")
                .expect("custom");
        let (long, short) = custom.sheet.sides().unwrap_or_default();
        assert!((long.to_mm() - 480.0).abs() < 1e-9 && (short.to_mm() - 330.0).abs() < 1e-9);
    }

    #[test]
    fn values_out_of_range_are_refused_where_they_are() {
        for text in [
            "caliper = \"5mm\"",
            "caliper = \"0mm\"",
            "signature = 0",
            "signature = 33",
            "signature = -1",
            "sheet = { custom = { width = \"50mm\", height = \"480mm\" } }",
            "duplex = \"sideways\"",
            "cover = \"hard\"",
            "sheets = \"A4\"",
        ] {
            let err = toml::from_str::<BookletStyle>(text).expect_err(text);
            assert!(err.span().is_some(), "{text}: {err}");
        }
    }
}
