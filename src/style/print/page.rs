//! `[print.page]`: trim size, margins and everything page layout needs.
//!
//! Every key has a default, so a style without the section (or with only some keys) works. Lengths
//! are strings with a unit (`"15mm"`, `"0.75in"`, `"12pt"`), so a margin can never be read in the
//! wrong unit.

use serde::{Deserialize, Deserializer};

use crate::units::Pt;

/// A length written with its unit in a style file: `mm`, `cm`, `in` or `pt`.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub struct Length(pub Pt);

/// The longest length a style or the command line may write: a metre is beyond any page, so a
/// larger value is a slip (`"1e308mm"`), and arithmetic on it would overflow to infinity.
pub const MAX_LENGTH_MM: f64 = 1000.0;

impl Length {
    pub fn mm(mm: f64) -> Length {
        Length(Pt::from_mm(mm))
    }

    /// Parses `"15mm"`, `"1.5cm"`, `"0.75in"`, `"12pt"`.
    pub fn parse(text: &str) -> Result<Length, String> {
        let text = text.trim();
        let units: [(&str, f64); 4] = [
            ("mm", 72.0 / 25.4),
            ("cm", 720.0 / 25.4),
            ("in", 72.0),
            ("pt", 1.0),
        ];
        for (suffix, factor) in units {
            if let Some(number) = text.strip_suffix(suffix) {
                let value: f64 = number.trim().parse().map_err(|_| {
                    format!("`{text}` is not a length (write a number and a unit: \"15mm\")")
                })?;
                if !value.is_finite() || value < 0.0 {
                    return Err(format!("`{text}` must be a positive length"));
                }
                let length = Pt(value * factor);
                // (The tolerance absorbs the rounding of the unit conversion.)
                if length.to_mm() > MAX_LENGTH_MM + 1e-9 {
                    return Err(format!(
                        "`{text}` is longer than any page (at most {MAX_LENGTH_MM} mm)"
                    ));
                }
                return Ok(Length(length));
            }
        }
        Err(format!(
            "`{text}` has no unit (write mm, cm, in or pt: \"15mm\")"
        ))
    }
}

impl<'de> Deserialize<'de> for Length {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Length::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// The trimmed page size.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum TrimSize {
    /// 148 × 210 mm, the pamphlet default.
    A5,
    A6,
    A4,
    Letter,
    /// 5.5 × 8.5 in (US digest).
    #[serde(rename = "5.5x8.5in")]
    Digest,
    /// 6 × 9 in (US trade).
    #[serde(rename = "6x9in")]
    Trade,
    /// `trim = { custom = { width = "130mm", height = "200mm" } }`.
    #[serde(rename = "custom")]
    Custom {
        width: Length,
        height: Length,
    },
}

impl TrimSize {
    /// Width and height in points.
    pub fn size(self) -> (Pt, Pt) {
        match self {
            TrimSize::A5 => (Pt::from_mm(148.0), Pt::from_mm(210.0)),
            TrimSize::A6 => (Pt::from_mm(105.0), Pt::from_mm(148.0)),
            TrimSize::A4 => (Pt::from_mm(210.0), Pt::from_mm(297.0)),
            TrimSize::Letter => (Pt(612.0), Pt(792.0)),
            TrimSize::Digest => (Pt(396.0), Pt(612.0)),
            TrimSize::Trade => (Pt(432.0), Pt(648.0)),
            TrimSize::Custom { width, height } => (width.0, height.0),
        }
    }
}

/// Where chapters open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChapterOpening {
    /// On the next page, recto or verso (pamphlets, where every page counts).
    #[default]
    Any,
    /// On a right-hand page, with a blank verso before it when needed (books).
    Recto,
}

/// Whether the page breaker may set a paragraph a line longer or shorter than its best setting
/// to mend a page (TeX's `\looseness`, as a compositor asks for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Looseness {
    /// Where a chapter has a hole, a runt or a paragraph's lone line at a page's head or foot,
    /// paragraphs on that page and the one before may be set a line longer or shorter, their
    /// lines within the line breaker's tolerance, when that costs the chapter's pages less.
    #[default]
    Mend,
    /// Every paragraph at its best setting.
    Never,
}

/// Whether widow and orphan control (`widows`, `orphans`) ever gives way: the choice between a
/// paragraph's lone line at a page's head or foot and a page that ends a hole short. (Word
/// processors call both rules "widow control"; TeX weighs them as penalties against the page's
/// badness, so its flush-bottom pages take the lone line.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WidowControl {
    /// The rules hold unless keeping a paragraph's lines together leaves a page two or more
    /// lines short while its chapter goes on, and nothing else (a spread a line long or short,
    /// a paragraph set a line longer or shorter) mends it: then one lone line (a table's row
    /// never) stands at the page's foot or head, and the build names it.
    #[default]
    UnlessAHole,
    /// The rules always hold, whatever hole that leaves.
    Always,
}

/// The standard the reading PDF is written to, beyond tagged PDF (which it always is).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub enum PdfStandard {
    /// A PDF 1.7 for screens and office printers.
    #[default]
    #[serde(rename = "none")]
    Plain,
    /// PDF/X-4 (ISO 15930-7) for print shops: an output intent, PDF 1.6, no device RGB.
    #[serde(rename = "pdf-x-4")]
    PdfX4,
}

/// The four margins around the text block. With facing pages, `inner` is at the spine.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    pub inner: Length,
    pub outer: Length,
    pub top: Length,
    pub bottom: Length,
}

impl Default for Margins {
    /// For A5 with a 10.5 pt body: a measure of about 110 mm (60–65 characters), the outer margin
    /// wider than the inner one (the two inner margins of a spread read as one gutter), and the
    /// foot deeper than the head, in the classical proportions.
    fn default() -> Self {
        Margins {
            inner: Length::mm(16.0),
            outer: Length::mm(22.0),
            top: Length::mm(20.0),
            bottom: Length::mm(26.0),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageStyle {
    pub trim: TrimSize,
    pub margins: Margins,
    /// Mirrored margins (inner at the spine); `false` puts `inner` always on the left.
    pub facing: bool,
    pub chapter_opening: ChapterOpening,
    /// The sink: the empty space above a chapter title on its opening page.
    pub chapter_sink: Length,
    /// The tallest a figure's picture may be printed.
    pub figure_max_height: Length,
    /// The height of the frame drawn for a picture that does not exist yet (FPO, "for placement
    /// only"), at full measure; absent, a third of the text block: lower than a 3:2 frame at
    /// full measure (about half an A5 text block), so a placeholder floats no more often than a
    /// typical picture, and two fit a page with their captions.
    pub placeholder_height: Option<Length>,
    /// Bleed around the trim box (0 for office printing; 3mm for most print shops).
    pub bleed: Length,
    /// Crop marks outside the trim area (needs a bleed or gives one of 3 mm... see `effective_bleed`).
    pub marks: bool,
    /// Book title on versos, chapter title on rectos, none on chapter openings.
    pub running_heads: bool,
    /// `"pdf-x-4"` for a print shop (as `--pdf-x`), `"none"` otherwise.
    pub standard: PdfStandard,
    /// The fewest lines of a paragraph left alone at the foot of a page (orphans).
    pub orphans: u32,
    /// The fewest lines of a paragraph carried alone to the top of a page (widows).
    pub widows: u32,
    /// Front matter: half title, title page, colophon, contents.
    pub front_matter: bool,
    /// The deepest heading the contents list: 1 for chapters only, 2 adds `##` sections (the
    /// default), up to 6.
    pub contents_depth: u8,
    /// Whether a paragraph may be set a line longer or shorter to mend a page.
    pub looseness: Looseness,
    /// Whether `widows` and `orphans` give way where keeping them leaves a hole.
    pub widow_control: WidowControl,
}

impl Default for PageStyle {
    fn default() -> Self {
        PageStyle {
            trim: TrimSize::A5,
            margins: Margins::default(),
            facing: true,
            chapter_opening: ChapterOpening::Any,
            chapter_sink: Length::mm(30.0),
            figure_max_height: Length::mm(90.0),
            placeholder_height: None,
            bleed: Length(Pt::ZERO),
            marks: false,
            running_heads: true,
            standard: PdfStandard::Plain,
            orphans: 2,
            widows: 2,
            front_matter: true,
            contents_depth: 2,
            looseness: Looseness::Mend,
            widow_control: WidowControl::UnlessAHole,
        }
    }
}

impl super::PrintStyle {
    /// Reads a length with its unit (`"3mm"`), for command-line options such as `--bleed`.
    pub fn parse_length(text: &str) -> Result<Pt, String> {
        Length::parse(text).map(|l| l.0)
    }

    /// Reads `--bleed`: a length within the range a style's `bleed` may have.
    pub fn parse_bleed(text: &str) -> Result<Pt, String> {
        let bleed = Self::parse_length(text)?;
        let range = crate::style::check::BLEED_MM;
        if (Pt::from_mm(*range.start())..=Pt::from_mm(*range.end())).contains(&bleed) {
            Ok(bleed)
        } else {
            Err(format!(
                "`{text}` is out of range: a bleed is {} to {} mm (print shops ask for 3 to 5 mm)",
                range.start(),
                range.end()
            ))
        }
    }
}

impl PageStyle {
    /// Whether chapters open on right-hand pages only.
    pub fn recto_openings(&self) -> bool {
        self.chapter_opening == ChapterOpening::Recto
    }

    /// The trim width and height.
    pub fn trim_size(&self) -> (Pt, Pt) {
        self.trim.size()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_parse_with_units() {
        assert_eq!(Length::parse("72pt"), Ok(Length(Pt(72.0))));
        assert_eq!(Length::parse("1in"), Ok(Length(Pt(72.0))));
        assert!((Length::parse("25.4mm").map(|l| l.0 .0).unwrap_or(0.0) - 72.0).abs() < 1e-9);
        assert!(Length::parse("15").is_err());
        assert!(Length::parse("-3mm").is_err());
    }

    #[test]
    fn non_finite_and_absurd_lengths_are_refused() {
        for text in ["1e308mm", "infmm", "NaNpt", "1001mm", "1e400in", "-0.1mm"] {
            assert!(Length::parse(text).is_err(), "{text}");
        }
        assert!(Length::parse("1000mm").is_ok());
    }

    #[test]
    fn absent_section_gives_a5() {
        let style: PageStyle = toml::from_str("").expect("empty section");
        assert_eq!(style.trim, TrimSize::A5);
        let custom: PageStyle =
            toml::from_str("trim = { custom = { width = \"130mm\", height = \"200mm\" } }")
                .expect("custom");
        let (w, _) = custom.trim.size();
        assert!((w.to_mm() - 130.0).abs() < 1e-9);
        let trade: PageStyle = toml::from_str("trim = \"6x9in\"").expect("6x9");
        assert_eq!(trade.trim.size(), (Pt(432.0), Pt(648.0)));
        assert!(toml::from_str::<PageStyle>("trimm = \"A5\"").is_err());
    }
}
