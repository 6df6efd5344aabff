//! Margin kerning (character protrusion): punctuation at the edge of a justified line hangs a
//! little into the margin, so that the edge looks straight to the eye.
//!
//! A full stop or a hyphen at the end of a line covers less ink than a letter, so a column whose
//! lines end in them looks dented; pdfTeX's protrusion (LaTeX's microtype) moves such characters
//! part of their width past the edge. The factors here are fractions of the character's own
//! advance, after microtype's default set for text fonts (`microtype.cfg`, "default"): the small
//! marks (full stop, comma, hyphen) hang furthest, quotes and dashes less, brackets and other
//! punctuation a little. Letters do not protrude.

/// How much of `c`'s advance may hang past the right edge of a line (0 for none).
pub fn right(c: char) -> f64 {
    match c {
        '.' | ',' | '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}' => 0.7,
        '\u{2019}' | '\u{201D}' | '\'' | '"' => 0.5,
        ':' | ';' => 0.5,
        '\u{2013}' => 0.3,
        '\u{2014}' | '\u{2026}' => 0.2,
        '!' | '?' => 0.2,
        ')' | ']' | '\u{00BB}' | '\u{203A}' => 0.1,
        _ => 0.0,
    }
}

/// How much of `c`'s advance may hang past the left edge of a line (0 for none).
pub fn left(c: char) -> f64 {
    match c {
        '\u{2018}' | '\u{201C}' | '\u{201E}' | '\'' | '"' => 0.5,
        '\u{2013}' => 0.3,
        '\u{2014}' => 0.2,
        '(' | '[' | '\u{00AB}' | '\u{2039}' => 0.1,
        _ => 0.0,
    }
}
