//! The print settings of a style: page geometry and typesetting of text.

mod page;
mod text;

use serde::Deserialize;

pub use page::{Length, PageStyle, TrimSize};
pub use text::{
    FaceName, Faces, HyphenationStyle, Justification, LinkAddresses, Sizes, SpacingStyle, TextStyle,
};

/// `[print]` in a style file: `[print.page]` is read by page layout, `[print.text]` by the text engine.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrintStyle {
    #[serde(default)]
    pub page: PageStyle,
    #[serde(default)]
    pub text: TextStyle,
}
