//! `[print.text]`: body size, leading, faces, hyphenation and everything the text engine needs.
//!
//! Every key has a default, so a style without the section (or with only some keys) works.
//! Lengths are in PostScript points.

use serde::Deserialize;

use crate::text::paragraph;
use crate::units::Pt;

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TextStyle {
    /// Body text size. 10 pt suits Vollkorn, whose large x-height reads like 11 pt of most faces.
    pub size: Pt,
    /// Baseline to baseline in body text: 1.35 × size, a usual book leading for 60–65 characters
    /// a line.
    pub leading: Pt,
    /// First-line indent of a paragraph that follows another paragraph (one em).
    pub indent: Pt,
    pub justification: Justification,
    pub hyphenation: HyphenationStyle,
    pub spacing: SpacingStyle,
    /// Whether an external link's address is printed after its text (paper cannot be clicked).
    pub link_addresses: LinkAddresses,
    pub sizes: Sizes,
    pub faces: Faces,
    /// Old-style (text) figures (`onum`) in running text, when the font has them.
    pub oldstyle_figures: bool,
}

impl Default for TextStyle {
    fn default() -> Self {
        TextStyle {
            size: Pt(10.0),
            leading: Pt(13.5),
            indent: Pt(10.0),
            justification: Justification::Justified,
            hyphenation: HyphenationStyle::default(),
            spacing: SpacingStyle::default(),
            link_addresses: LinkAddresses::After,
            sizes: Sizes::default(),
            faces: Faces::default(),
            oldstyle_figures: true,
        }
    }
}

/// How lines fill the measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Justification {
    /// Both edges straight (the default for books).
    Justified,
    /// Fixed word spaces, a ragged right edge.
    RaggedRight,
}

/// `link_addresses`: what print does with the address of a link out of the book.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkAddresses {
    /// After the link's text, in a smaller size (`"after"`, the default); a link whose text is
    /// its address already is left as it is.
    After,
    /// Not printed (`"none"`): only the PDF's link knows it.
    #[serde(rename = "none")]
    Omitted,
}

/// `[print.text.hyphenation]`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct HyphenationStyle {
    pub enabled: bool,
    /// Letters a hyphen leaves on the line, at least (TeX's `\lefthyphenmin` = 2).
    pub min_before: usize,
    /// Letters a hyphen carries to the next line, at least (TeX's `\righthyphenmin` = 3).
    pub min_after: usize,
    /// The most lines in a row that may end in a hyphen (a printer's rule: never more than two).
    pub max_consecutive: usize,
    /// What a hyphen costs the line breaker (TeX's `\hyphenpenalty`, 50 in TeX): the higher, the
    /// looser a line may be set to avoid one. 10000 never hyphenates (hard hyphens still break).
    pub penalty: f64,
}

impl Default for HyphenationStyle {
    fn default() -> Self {
        HyphenationStyle {
            enabled: true,
            min_before: 2,
            min_after: 3,
            max_consecutive: 2,
            penalty: paragraph::HYPHEN_PENALTY,
        }
    }
}

/// `[print.text.spacing]`: how justified lines fill the measure. The defaults, and the
/// measurements behind them, are the constants of [`crate::text::paragraph`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SpacingStyle {
    /// How much a word space may grow, as a fraction of the font's space (TeX's is 1/2).
    pub stretch: f64,
    /// How much a word space may shrink, as a fraction of the font's space (TeX's is 1/3).
    pub shrink: f64,
    /// Font expansion (pdfTeX's hz, microtype's `expansion`): how much the glyphs of a justified
    /// line may widen or narrow, as a fraction (0.02 is ±2 %); 0 turns it off.
    pub expansion: f64,
    /// Letter spacing (InDesign's): how far the letters of a justified line may move apart or
    /// together, in ems between two letters (0.005 is ±0.5 % of the size); 0 turns it off.
    pub letter_spacing: f64,
    /// Margin kerning (microtype's `protrusion`): punctuation at the edges of justified lines
    /// hangs into the margin by its optical amount.
    pub protrusion: bool,
}

impl Default for SpacingStyle {
    fn default() -> Self {
        SpacingStyle {
            stretch: paragraph::SPACE_STRETCH,
            shrink: paragraph::SPACE_SHRINK,
            expansion: paragraph::FONT_EXPANSION,
            letter_spacing: paragraph::LETTER_SPACING,
            protrusion: true,
        }
    }
}

/// Sizes of text other than the body, in points.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sizes {
    /// `#` headings.
    pub chapter: Pt,
    /// `##` headings.
    pub section: Pt,
    /// `###` and deeper.
    pub subsection: Pt,
    /// Block quotations (set narrower and smaller than the body).
    pub quote: Pt,
    /// Footnotes and endnotes.
    pub note: Pt,
    /// Figure captions and credits.
    pub caption: Pt,
}

impl Default for Sizes {
    fn default() -> Self {
        Sizes {
            chapter: Pt(18.0),
            section: Pt(13.0),
            subsection: Pt(11.0),
            quote: Pt(9.5),
            note: Pt(8.5),
            caption: Pt(8.5),
        }
    }
}

/// One of the four faces of the style's `[fonts]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaceName {
    Regular,
    Italic,
    Bold,
    BoldItalic,
}

/// Which face sets what.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Faces {
    pub body: FaceName,
    /// Emphasis (`*text*`) in regular text; emphasis inside italic text is set upright.
    pub italic: FaceName,
    /// Strong (`**text**`) in regular text; strong inside italic text is bold italic.
    pub bold: FaceName,
    /// Small capitals are this face with the `smcp` feature (when the font has it).
    pub small_caps: FaceName,
    pub headings: FaceName,
}

impl Default for Faces {
    fn default() -> Self {
        Faces {
            body: FaceName::Regular,
            italic: FaceName::Italic,
            bold: FaceName::Bold,
            small_caps: FaceName::Regular,
            headings: FaceName::Bold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_keys_take_defaults() {
        let style: TextStyle =
            toml::from_str("size = 11.0\n[hyphenation]\nmin_after = 2\n").unwrap();
        assert_eq!(style.size, Pt(11.0));
        assert_eq!(style.leading, Pt(13.5));
        assert_eq!(style.hyphenation.min_after, 2);
        assert_eq!(style.hyphenation.min_before, 2);
    }

    #[test]
    fn default_style_states_the_defaults() {
        let loaded = crate::style::load("default", std::path::Path::new(".")).expect("default");
        assert_eq!(loaded.style.print.text, TextStyle::default());
    }

    #[test]
    fn unknown_keys_are_errors() {
        let err = toml::from_str::<TextStyle>("sise = 11.0\n").unwrap_err();
        assert!(err.to_string().contains("sise"), "{err}");
        let style: TextStyle = toml::from_str("justification = \"ragged_right\"\n").unwrap();
        assert_eq!(style.justification, Justification::RaggedRight);
    }
}
