//! Range checks of a style's numbers and lengths, each problem located in the style file.
//!
//! The typed parse already refuses unknown keys, wrong types and lengths without a unit; this
//! stage refuses values that parse but cannot be typeset: sizes that are zero, negative, NaN or
//! infinite (invisible text, NaN in the PDF, a line breaker that never ends), absurd lengths, a
//! trim too small to hold a page of text, and margins that leave no room for the measure. Every
//! limit is a named constant with the reason for its value; the README lists them.

use std::ops::RangeInclusive;
use std::path::Path;

use super::locate::Locator;
use super::print::{PageStyle, SpacingStyle, TextStyle, TrimSize};
use super::Style;
use crate::diag::Diagnostic;
use crate::units::Pt;

/// Type sizes, in points. 4 pt is the smallest type printed legibly (the fine print of contracts);
/// below it text vanishes and the line breaker works on vanishing widths. 144 pt (two inches) is
/// beyond any heading a book page carries.
pub const SIZE_PT: RangeInclusive<f64> = 4.0..=144.0;
/// Leading as a multiple of the body size: at least solid (1, lines would overlap below it), at
/// most triple spacing (beyond it lines no longer read as one text).
pub const LEADING_RATIO: RangeInclusive<f64> = 1.0..=3.0;
/// The sides of a custom trim, in millimetres: 74 mm is the short side of A7, the smallest
/// format printers bind routinely; 500 mm is beyond the largest atlas.
pub const TRIM_SIDE_MM: RangeInclusive<f64> = 74.0..=500.0;
/// The measure must hold at least this many ems of body text (about 20 characters): narrower,
/// every line is a hyphenated word or two.
pub const MIN_MEASURE_EMS: f64 = 10.0;
/// The text block must hold at least this many lines of body text: fewer, and a heading kept with
/// two lines, widows and orphans cannot all be honoured on one page.
pub const MIN_LINES_PER_PAGE: f64 = 10.0;
/// The bleed, in millimetres: print shops ask for 3 to 5 mm; 20 mm is far beyond any of them.
pub const BLEED_MM: RangeInclusive<f64> = 0.0..=20.0;
/// The tallest picture, in millimetres: at least 10 mm (smaller is a mark, not a figure), at most
/// the trim height (checked separately).
pub const MIN_FIGURE_HEIGHT_MM: f64 = 10.0;
/// Letters before and after a hyphen: TeX's minima are 2 and 3; one letter is the least a break
/// can leave, and beyond 10 no word would ever break.
pub const HYPHEN_LETTERS: RangeInclusive<usize> = 1..=10;
/// Lines in a row ending in a hyphen (0: no limit); printers allow two or three.
pub const HYPHENS_IN_A_ROW: RangeInclusive<usize> = 0..=20;
/// Interword stretch, as a fraction of the font's space: a justified line needs some (else only
/// pass 3's emergency stretch fills it), and beyond 2 a space may triple: rivers.
pub const SPACE_STRETCH: RangeInclusive<f64> = 0.1..=2.0;
/// Interword shrink, as a fraction of the font's space: beyond a half, words run together.
pub const SPACE_SHRINK: RangeInclusive<f64> = 0.0..=0.5;
/// Font expansion, as a fraction of the glyphs' width: 0 turns it off; beyond 5 % the letters
/// visibly change shape (microtype's default is 2 %).
pub const FONT_EXPANSION: RangeInclusive<f64> = 0.0..=0.05;
/// Letter spacing, in ems between two letters: 0 turns it off; beyond 2 % of the size a word's
/// letters visibly drift apart (a tracked line reads as emphasis).
pub const LETTER_SPACING: RangeInclusive<f64> = 0.0..=0.02;
/// The hyphen penalty: 0 makes hyphens free, 10000 forbids them (TeX's `\@M`); a negative
/// penalty would seek hyphens out.
pub const HYPHEN_PENALTY: RangeInclusive<f64> = 0.0..=10_000.0;
/// Widows and orphans, in lines: one is no control at all; beyond 10 no paragraph could break.
pub const WIDOW_LINES: RangeInclusive<u32> = 1..=10;

/// Fallback faces a style may name: each is asked in turn for every character the body lacks, and
/// a PDF font dictionary is written per face used; four scripts beyond the body's are already a
/// polyglot book, 16 leave room for any.
pub const FALLBACK_FACES: RangeInclusive<usize> = 0..=16;

/// The deepest heading level the contents may list: chapters (1) to `######` (6).
pub const CONTENTS_DEPTH: RangeInclusive<u8> = 1..=6;

/// The unit a number is shown and written in.
#[derive(Debug, Clone, Copy)]
enum Unit {
    Points,
    Millimetres,
}

impl Unit {
    fn show(self, value: Pt) -> String {
        if !value.0.is_finite() {
            return value.0.to_string();
        }
        match self {
            Unit::Points => format!("{} pt", round(value.0)),
            Unit::Millimetres => format!("{} mm", round(value.to_mm())),
        }
    }
}

/// A number for a message: at most two decimals, no trailing zeros.
fn round(value: f64) -> String {
    if value.abs() >= 1e9 {
        return format!("{value:e}");
    }
    let text = format!("{value:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// What a length or size must be: its range, the unit it is shown in, and why.
struct Bound {
    range: RangeInclusive<Pt>,
    unit: Unit,
    why: &'static str,
}

impl Bound {
    fn points(range: &RangeInclusive<f64>, why: &'static str) -> Bound {
        let range = Pt(*range.start())..=Pt(*range.end());
        Bound {
            range,
            unit: Unit::Points,
            why,
        }
    }

    fn mm(range: &RangeInclusive<f64>, why: &'static str) -> Bound {
        let range = Pt::from_mm(*range.start())..=Pt::from_mm(*range.end());
        Bound {
            range,
            unit: Unit::Millimetres,
            why,
        }
    }

    fn contains(&self, value: Pt) -> bool {
        self.range.contains(&value)
    }
}

/// A key of the style file, as a path of table names.
type Key<'k> = &'k [&'k str];

/// Collects the problems of one style file.
struct Checker<'a> {
    file: &'a Path,
    at: &'a Locator<'a>,
    out: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// An error at the first of `keys` that the file writes; for a default value, at the nearest
    /// table around it that the file writes.
    fn error(&mut self, keys: &[Key<'_>], message: String, hint: String) {
        let pos = self.at.first(keys).or_else(|| {
            let key = keys.first()?;
            (1..key.len()).rev().find_map(|n| self.at.value(&key[..n]))
        });
        self.out
            .push(Diagnostic::error(self.file, pos, message).with_hint(hint));
    }

    /// `value` (a length or size) must be within `bound`; returns whether it is.
    fn length(&mut self, key: Key<'_>, value: Pt, bound: &Bound) -> bool {
        if bound.contains(value) {
            return true;
        }
        let show = |v| bound.unit.show(v);
        let written = if self.at.writes(key) {
            ""
        } else {
            " (the default)"
        };
        self.error(
            &[key],
            format!(
                "`{}` is {}{written}: out of range",
                key.join("."),
                show(value)
            ),
            format!(
                "write a value from {} to {}: {}",
                show(*bound.range.start()),
                show(*bound.range.end()),
                bound.why
            ),
        );
        false
    }

    /// A whole number in `range`; `why` says why the range is what it is.
    fn count<T>(&mut self, key: Key<'_>, value: T, range: RangeInclusive<T>, why: &str)
    where
        T: PartialOrd + std::fmt::Display,
    {
        if range.contains(&value) {
            return;
        }
        self.error(
            &[key],
            format!("`{}` is {value}: out of range", key.join(".")),
            format!(
                "write a number from {} to {}: {why}",
                range.start(),
                range.end()
            ),
        );
    }
}

/// Every range problem of `style`, located in `text` (the file at `file`).
pub(super) fn check(style: &Style, text: &str, file: &Path) -> Vec<Diagnostic> {
    let at = Locator::new(text);
    let mut checker = Checker {
        file,
        at: &at,
        out: Vec::new(),
    };
    if style.fonts.family.trim().is_empty() {
        checker.error(
            &[&["fonts", "family"]],
            "the font family name is empty".to_owned(),
            "write the family's name, as CSS and the PDF will call it".to_owned(),
        );
    }
    checker.count(
        &["fonts", "fallback"],
        style.fonts.fallback.files().len(),
        FALLBACK_FACES,
        "each face is asked for every character the body lacks",
    );
    checker.count(
        &["print", "page", "contents_depth"],
        style.print.page.contents_depth,
        CONTENTS_DEPTH,
        "1 lists chapters only, 6 every heading Markdown has",
    );
    let body = text_sizes(&mut checker, &style.print.text);
    let page_style = &style.print.page;
    page_numbers(&mut checker, page_style);
    let page = trim_and_margins(&mut checker, page_style);
    if let (Some(body), Some(page)) = (body, &page) {
        text_block(&mut checker, &body, page, style);
    }
    if let Some(page) = &page {
        booklet_sheet(&mut checker, page, style);
    }
    checker.out
}

/// A booklet's sheet, when the style names one, must hold two pages side by side (the marks
/// and the bleed, which the command line may add, are checked when the booklet is made).
fn booklet_sheet(c: &mut Checker<'_>, page: &PageBox, style: &Style) {
    let sheet = style.print.booklet.sheet;
    let Some((long, short)) = sheet.sides() else {
        return;
    };
    // A hundredth of a point of slack: two A5 pages fill A4's 210 mm exactly.
    let fits = long.0 + 0.01 >= page.width.0 * 2.0 && short.0 + 0.01 >= page.height.0;
    if !fits {
        let mm = |v: Pt| v.to_mm().round();
        c.error(
            &[&["print", "booklet", "sheet"]],
            format!(
                "the booklet's sheet ({}) cannot hold two {} × {} mm pages side by side",
                sheet.name(),
                mm(page.width),
                mm(page.height)
            ),
            "name a larger sheet, or sheet = \"auto\" for the smallest that holds them".to_owned(),
        );
    }
}

/// The body's size and leading, when both are in range.
struct Body {
    size: Pt,
    leading: Pt,
}

/// The page and its text block, when trim and margins are in range.
struct PageBox {
    width: Pt,
    height: Pt,
    measure: Pt,
    text_height: Pt,
}

const SIZE_WHY: &str = "smaller type cannot be read, larger is no book's";

fn text_sizes(c: &mut Checker<'_>, text: &TextStyle) -> Option<Body> {
    let sizes = Bound::points(&SIZE_PT, SIZE_WHY);
    let s = &text.sizes;
    for (key, value) in [
        ("chapter", s.chapter),
        ("section", s.section),
        ("subsection", s.subsection),
        ("quote", s.quote),
        ("note", s.note),
        ("caption", s.caption),
    ] {
        c.length(&["print", "text", "sizes", key], value, &sizes);
    }
    let h = &text.hyphenation;
    let key = |name| ["print", "text", "hyphenation", name];
    let why = "a break leaves at least one letter, and beyond 10 no word breaks";
    c.count(&key("min_before"), h.min_before, HYPHEN_LETTERS, why);
    c.count(&key("min_after"), h.min_after, HYPHEN_LETTERS, why);
    let why = "0 for no limit; printers allow two or three";
    c.count(
        &key("max_consecutive"),
        h.max_consecutive,
        HYPHENS_IN_A_ROW,
        why,
    );
    let why = "0 makes hyphens free, 10000 forbids them";
    c.count(&key("penalty"), h.penalty, HYPHEN_PENALTY, why);
    spacing(c, &text.spacing);
    if !c.length(&["print", "text", "size"], text.size, &sizes) {
        return None;
    }
    let leading = Bound {
        range: (text.size * *LEADING_RATIO.start())..=(text.size * *LEADING_RATIO.end()),
        unit: Unit::Points,
        why: "from the size (set solid) to three times the size",
    };
    c.length(&["print", "text", "leading"], text.leading, &leading)
        .then_some(Body {
            size: text.size,
            leading: text.leading,
        })
}

fn spacing(c: &mut Checker<'_>, spacing: &SpacingStyle) {
    let key = |name| ["print", "text", "spacing", name];
    let why = "a justified line needs some stretch; beyond 2 a space may triple";
    c.count(&key("stretch"), spacing.stretch, SPACE_STRETCH, why);
    let why = "beyond half the space, words run together";
    c.count(&key("shrink"), spacing.shrink, SPACE_SHRINK, why);
    let why = "0 turns it off; beyond 5 % the letters visibly change shape";
    c.count(&key("expansion"), spacing.expansion, FONT_EXPANSION, why);
    let why = "0 turns it off; beyond 2 % of the size the letters drift apart";
    c.count(
        &key("letter_spacing"),
        spacing.letter_spacing,
        LETTER_SPACING,
        why,
    );
}

const PAGE: [&str; 2] = ["print", "page"];

fn page_key(name: &str) -> [&str; 3] {
    [PAGE[0], PAGE[1], name]
}

fn page_numbers(c: &mut Checker<'_>, page: &PageStyle) {
    let why = "one line is no control, and beyond 10 no paragraph could break";
    c.count(&page_key("widows"), page.widows, WIDOW_LINES, why);
    c.count(&page_key("orphans"), page.orphans, WIDOW_LINES, why);
    let bleed = Bound::mm(&BLEED_MM, "print shops ask for 3 to 5 mm");
    c.length(&page_key("bleed"), page.bleed.0, &bleed);
}

fn trim_and_margins(c: &mut Checker<'_>, page: &PageStyle) -> Option<PageBox> {
    if let TrimSize::Custom { width, height } = page.trim {
        let why = "74 mm is the short side of A7, the smallest format bound routinely";
        let sides = Bound::mm(&TRIM_SIDE_MM, why);
        let custom = |side| [PAGE[0], PAGE[1], "trim", "custom", side];
        let width_ok = c.length(&custom("width"), width.0, &sides);
        if !(c.length(&custom("height"), height.0, &sides) && width_ok) {
            return None;
        }
    }
    let (width, height) = page.trim.size();
    let m = &page.margins;
    let mut fit = true;
    for (side, value, limit) in [
        ("inner", m.inner, width),
        ("outer", m.outer, width),
        ("top", m.top, height),
        ("bottom", m.bottom, height),
    ] {
        let bound = Bound {
            range: Pt::ZERO..=limit,
            unit: Unit::Millimetres,
            why: "a margin is no wider than the page",
        };
        fit &= c.length(&[PAGE[0], PAGE[1], "margins", side], value.0, &bound);
    }
    fit.then_some(PageBox {
        width,
        height,
        measure: width - m.inner.0 - m.outer.0,
        text_height: height - m.top.0 - m.bottom.0,
    })
}

/// The text block must hold the body text; the sink, the pictures and the indent must fit it.
fn text_block(c: &mut Checker<'_>, body: &Body, page: &PageBox, style: &Style) {
    let margin = |side| [PAGE[0], PAGE[1], "margins", side];
    let show = |v| Unit::Millimetres.show(v);
    let least_measure = body.size * MIN_MEASURE_EMS;
    if page.measure < least_measure {
        c.error(
            &[
                &margin("outer"),
                &margin("inner"),
                &page_key("trim"),
                &["print", "text", "size"],
            ],
            format!(
                "the margins leave a measure of {} on a page {} wide",
                show(page.measure),
                show(page.width)
            ),
            format!(
                "the measure (width - inner - outer) must hold {MIN_MEASURE_EMS} ems of body \
                 text: at least {}",
                show(least_measure)
            ),
        );
        return;
    }
    let least_height = body.leading * MIN_LINES_PER_PAGE;
    if page.text_height < least_height {
        c.error(
            &[
                &margin("bottom"),
                &margin("top"),
                &page_key("trim"),
                &["print", "text", "leading"],
            ],
            format!(
                "the margins leave a text block {} high on a page {} high",
                show(page.text_height),
                show(page.height)
            ),
            format!(
                "the text block (height - top - bottom) must hold {MIN_LINES_PER_PAGE} lines of \
                 body text: at least {}",
                show(least_height)
            ),
        );
        return;
    }
    let p = &style.print.page;
    let sink = Bound {
        range: Pt::ZERO..=page.text_height / 2.0,
        unit: Unit::Millimetres,
        why: "at most half the text block, so that a title and its first lines fit under it",
    };
    c.length(&page_key("chapter_sink"), p.chapter_sink.0, &sink);
    let figure = Bound {
        range: Pt::from_mm(MIN_FIGURE_HEIGHT_MM)..=page.height,
        unit: Unit::Millimetres,
        why: "smaller is a mark, not a figure; taller than the page cannot print",
    };
    c.length(
        &page_key("figure_max_height"),
        p.figure_max_height.0,
        &figure,
    );
    if let Some(placeholder) = p.placeholder_height {
        let bound = Bound {
            range: Pt::from_mm(MIN_FIGURE_HEIGHT_MM)..=page.text_height,
            unit: Unit::Millimetres,
            why: "smaller is a mark, not a figure; a frame taller than the text block cannot print",
        };
        c.length(&page_key("placeholder_height"), placeholder.0, &bound);
    }
    let indent = Bound {
        range: Pt::ZERO..=page.measure / 2.0,
        unit: Unit::Points,
        why: "at most half the measure",
    };
    c.length(
        &["print", "text", "indent"],
        style.print.text.indent,
        &indent,
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The problems of the default style with `key_line` replaced by `with`.
    fn replace(key_line: &str, with: &str) -> Vec<String> {
        let base = super::super::BUILTIN_STYLES[0].1;
        assert!(base.contains(key_line), "{key_line}");
        let text = base.replacen(key_line, with, 1);
        let style: Style = match toml::from_str(&text) {
            Ok(style) => style,
            Err(err) => return vec![format!("parse: {}", err.message())],
        };
        check(&style, &text, Path::new("s.toml"))
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn the_default_style_is_within_every_range() {
        assert_eq!(replace("", ""), Vec::<String>::new());
    }

    #[test]
    fn zero_negative_nan_and_infinite_sizes_are_errors() {
        for value in ["0.0", "-3.0", "nan", "inf", "-inf", "1e308"] {
            let found = replace("section = 13.0", &format!("section = {value}"));
            assert_eq!(found.len(), 1, "{value}: {found:?}");
            assert!(
                found[0].starts_with("s.toml:40:11: error: `print.text.sizes.section` is"),
                "{found:?}"
            );
            assert!(
                found[0].contains("write a value from 4 pt to 144 pt"),
                "{found:?}"
            );
        }
        let found = replace("size = 10.0 ", "size = nan ");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`print.text.size` is NaN: out of range"));
    }

    #[test]
    fn leading_is_at_least_the_size() {
        let found = replace("leading = 13.5", "leading = 9.0");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("`print.text.leading` is 9 pt: out of range"),
            "{found:?}"
        );
        assert!(found[0].contains("from 10 pt to 30 pt"), "{found:?}");
    }

    #[test]
    fn a_trim_of_40_by_60_mm_is_too_small() {
        let found = replace(
            "trim = \"A5\"",
            "trim = { custom = { width = \"40mm\", height = \"60mm\" } }",
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].contains("`print.page.trim.custom.width` is 40 mm"));
        assert!(found[1].contains("`print.page.trim.custom.height` is 60 mm"));
    }

    #[test]
    fn margins_wider_than_the_page_are_errors() {
        let found = replace("outer = \"22mm\"", "outer = \"200mm\"");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].contains("`print.page.margins.outer` is 200 mm"));
        let found = replace("outer = \"22mm\"", "outer = \"120mm\"");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("the margins leave a measure of 12 mm on a page 148 mm wide"),
            "{found:?}"
        );
        let found = replace("top = \"20mm\"", "top = \"150mm\"");
        assert!(
            found[0].contains("the margins leave a text block 34 mm high"),
            "{found:?}"
        );
    }

    #[test]
    fn counts_out_of_range_are_errors() {
        let found = replace("letter_spacing = 0.008", "letter_spacing = 0.05");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("`print.text.spacing.letter_spacing` is 0.05: out of range")
                && found[0].contains("from 0 to 0.02: 0 turns it off"),
            "{found:?}"
        );
        let found = replace("expansion = 0.02 ", "expansion = -0.01 ");
        assert!(
            found[0].contains("`print.text.spacing.expansion` is -0.01"),
            "{found:?}"
        );
        let found = replace("widows = 2", "widows = 0");
        assert!(found[0].contains("`print.page.widows` is 0"), "{found:?}");
        let found = replace("min_before = 2", "min_before = 4000000000");
        assert!(
            found[0].contains("`print.text.hyphenation.min_before`"),
            "{found:?}"
        );
        let found = replace("min_after = 3", "min_after = -1");
        assert!(found[0].starts_with("parse: "), "{found:?}");
    }

    #[test]
    fn a_default_out_of_range_is_located_at_its_table() {
        let found = replace("chapter_sink = \"30mm\"", "");
        assert_eq!(found, Vec::<String>::new());
        let base = super::super::BUILTIN_STYLES[0].1;
        let text = base.replacen("chapter_sink = \"30mm\"", "", 1).replacen(
            "top = \"20mm\"",
            "top = \"130mm\"",
            1,
        );
        let style: Style = toml::from_str(&text).expect("parses");
        let found = check(&style, &text, Path::new("s.toml"));
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("(the default)"));
        assert!(found[0].pos.is_some());
    }
}
