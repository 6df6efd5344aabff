//! The print settings of a style: page geometry and typesetting of text.

mod booklet;
mod page;
mod text;

use serde::Deserialize;

pub use booklet::{
    BlankPlacement, BookletStyle, Caliper, CoverMode, Duplex, SheetLength, SheetSize, Signature,
    CALIPER_MM, SHEET_SIDE_MM, SIGNATURE_SHEETS,
};
pub use page::{ChapterOpening, Length, Looseness, PageStyle, PdfStandard, TrimSize, WidowControl};
pub use text::{
    FaceName, Faces, HyphenationStyle, Justification, LinkAddresses, Sizes, SpacingStyle, TextStyle,
};

/// `[print]` in a style file: `[print.page]` is read by page layout, `[print.text]` by the text engine,
/// `[print.booklet]` by imposition (`samizdat build --booklet`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintStyle {
    #[serde(default)]
    pub page: PageStyle,
    #[serde(default)]
    pub text: TextStyle,
    #[serde(default)]
    pub booklet: BookletStyle,
}
