//! Mutated `book.toml` and style files: values replaced by NaN, infinities, zero, negatives,
//! huge numbers, wrong types, absurd lengths and paths out of the book; unknown keys; broken
//! TOML. Some styles are valid but extreme (tiny pages, huge type), to reach layout.

use toml::{Table, Value};

use super::markdown::Mix;
use super::rng::Rng;

/// Values of any key: wrong types and extremes.
fn nasty_value(rng: &mut Rng) -> Value {
    match rng.below(16) {
        0 => Value::Float(f64::NAN),
        1 => Value::Float(f64::INFINITY),
        2 => Value::Float(f64::NEG_INFINITY),
        3 => Value::Float(*rng.pick(&[0.0, -0.0, -1.0, 1e308, 5e-324, 1e-9, 0.5, 1e6])),
        4 => Value::Integer(*rng.pick(&[0, -1, 1, 4_294_967_296, i64::MAX, i64::MIN])),
        5 => Value::Boolean(rng.chance(50)),
        6 => Value::String(String::new()),
        7 => Value::String((*rng.pick(LENGTHS)).to_owned()),
        8 => Value::String("x".repeat(rng.size(100_000))),
        9 => Value::Array(vec![Value::Integer(1), Value::String("a".into())]),
        10 => Value::Table(Table::new()),
        11 => Value::String((*rng.pick(PATHS)).to_owned()),
        12 => Value::String((*rng.pick(NAMES)).to_owned()),
        13 => Value::String("\u{0}\u{202E}\u{FEFF}".to_owned()),
        14 => Value::Datetime("1979-05-27T07:32:00Z".parse().expect("a TOML date")),
        _ => Value::Float(rng.float(-10.0, 300.0)),
    }
}

/// Lengths around the limits and beyond any.
const LENGTHS: &[&str] = &[
    "1e308mm", "-3mm", "0mm", "nanmm", "infpt", "3", "3 mm", "", "mm", "999mm", "1000mm", "1001mm",
    "0.0001mm", "74mm", "73.9mm", "500mm", "20mm", "21mm", "1e-300in", "5e-324pt",
];

/// Paths a style or book may name: out of the book, special files, nothing.
const PATHS: &[&str] = &[
    "../../../../etc/hostname",
    "/etc/hostname",
    "../secret.txt",
    "../secret.css",
    "secret-link.css",
    "images/lamp.png",
    "default.css",
    "Vollkorn-Regular.ttf",
    "missing.ttf",
    "one.md",
    "/dev/zero",
    "images",
    "fifo.css",
];

/// Names: languages, dates, identifiers, styles, enum values.
const NAMES: &[&str] = &[
    "en",
    "ru",
    "de-1996",
    "x-klingon",
    "zz",
    "",
    "en-",
    "0000",
    "9999-12-31",
    "0000-00-00",
    "2024-02-30",
    "urn:isbn:",
    "urn:uuid:x",
    "default",
    "nope",
    "A5",
    "A7",
    "Letter",
    "6x9in",
    "ragged_right",
    "justified",
    "recto",
    "any",
    "bold_italic",
    "fuzz.toml",
    "../style.toml",
];

/// The base `book.toml`, naming `style` when given.
pub fn book_toml_with_style(base: &str, style: Option<&str>) -> Vec<u8> {
    let Some(style) = style else {
        return base.as_bytes().to_vec();
    };
    let mut table: Table = toml::from_str(base).unwrap_or_default();
    set(
        &mut table,
        &["book", "style"],
        Value::String(style.to_owned()),
    );
    toml::to_string(&table).unwrap_or_default().into_bytes()
}

/// A `book.toml`: the base one (naming `style` when given), mutated.
pub fn book_toml(rng: &mut Rng, base: &str, style: Option<&str>) -> Vec<u8> {
    let mut table: Table = toml::from_str(base).unwrap_or_default();
    if let Some(style) = style {
        set(
            &mut table,
            &["book", "style"],
            Value::String(style.to_owned()),
        );
    }
    if rng.chance(10) {
        // Chapters out of the book, linked out of it, missing, twice.
        let names = [
            "00.md",
            "../secret.md",
            "link.md",
            "/etc/hostname",
            "00.md",
            "none.md",
        ];
        let listed = (0..rng.between(1, 4))
            .map(|_| Value::String((*rng.pick(&names)).to_owned()))
            .collect();
        set(&mut table, &["book", "chapters"], Value::Array(listed));
    }
    if rng.chance(60) {
        let keys = [
            "title",
            "subtitle",
            "authors",
            "language",
            "identifier",
            "date",
            "publisher",
            "rights",
            "description",
            "subjects",
            "chapters",
            "style",
            "cover",
        ];
        for _ in 0..rng.between(1, 3) {
            let key = *rng.pick(&keys);
            let value = nasty_value(rng);
            set(&mut table, &["book", key], value);
        }
    }
    if rng.chance(15) {
        let words = Value::Array(vec![Value::String("Bol-she-viks".into()), nasty_value(rng)]);
        set(&mut table, &["hyphenation", "exceptions"], words);
    }
    if rng.chance(10) {
        set(&mut table, &["book", "titel"], Value::String("typo".into()));
    }
    if rng.chance(5) {
        table.remove("book");
    }
    finish(rng, &table)
}

/// A style: the default one with values mutated, or (always for a gentle mix) valid but extreme.
pub fn style(rng: &mut Rng, base: &str, mix: Mix) -> Vec<u8> {
    let mut table: Table = toml::from_str(base).unwrap_or_default();
    if mix == Mix::Gentle {
        extreme_but_valid(rng, &mut table);
        return toml::to_string(&table).unwrap_or_default().into_bytes();
    }
    if rng.chance(40) {
        extreme_but_valid(rng, &mut table);
    } else {
        let leaves = leaf_paths(&table);
        for _ in 0..rng.between(1, 4) {
            let Some(path) = leaves.get(rng.below(leaves.len())) else {
                break;
            };
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            let value = nasty_value(rng);
            set(&mut table, &path, value);
        }
    }
    if rng.chance(10) {
        set(&mut table, &["print", "text", "sise"], Value::Float(11.0));
    }
    finish(rng, &table)
}

/// Values within the validator's ranges, often at their edges, consistent with each other (the
/// body fits the measure and the text block), so that the input reaches layout.
fn extreme_but_valid(rng: &mut Rng, table: &mut Table) {
    const PT_PER_MM: f64 = 72.0 / 25.4;
    let mm = |v: f64| Value::String(format!("{v:.3}mm"));
    let (width, height) = if rng.chance(50) {
        (rng.float(74.0, 500.0), rng.float(74.0, 500.0))
    } else {
        (148.0, 210.0)
    };
    let mut custom = Table::new();
    custom.insert("width".into(), mm(width));
    custom.insert("height".into(), mm(height));
    let mut trim = Table::new();
    trim.insert("custom".into(), Value::Table(custom));
    set(table, &["print", "page", "trim"], Value::Table(trim));
    let mut margins = [0.0; 4];
    for (i, side) in ["inner", "outer", "top", "bottom"].into_iter().enumerate() {
        let along = if i < 2 { width } else { height };
        margins[i] = rng.float(0.0, 0.2 * along);
        set(table, &["print", "page", "margins", side], mm(margins[i]));
    }
    let measure = (width - margins[0] - margins[1]) * PT_PER_MM;
    let text_height = (height - margins[2] - margins[3]) * PT_PER_MM;
    // The body must fit 10 ems a line and 10 lines a page (the validator's rules).
    let size = rng.float(
        4.0,
        (measure / 10.0).min(text_height / 10.0).clamp(4.0, 144.0),
    );
    let leading = size * rng.float(1.0, 3.0).min(text_height / 10.0 / size).max(1.0);
    set(table, &["print", "text", "size"], Value::Float(size));
    set(table, &["print", "text", "leading"], Value::Float(leading));
    let indent = rng.float(0.0, measure / 2.0);
    set(table, &["print", "text", "indent"], Value::Float(indent));
    for key in [
        "chapter",
        "section",
        "subsection",
        "quote",
        "note",
        "caption",
    ] {
        if rng.chance(30) {
            let value = Value::Float(rng.float(4.0, 144.0));
            set(table, &["print", "text", "sizes", key], value);
        }
    }
    let text_height_mm = text_height / PT_PER_MM;
    let sink = rng.float(0.0, text_height_mm / 2.0);
    set(table, &["print", "page", "chapter_sink"], mm(sink));
    let figure = rng.float(10.0, height);
    set(table, &["print", "page", "figure_max_height"], mm(figure));
    switches(rng, table);
}

/// The style's switches and counts, each sometimes away from its default.
fn switches(rng: &mut Rng, table: &mut Table) {
    for (key, value) in [
        (
            "bleed",
            Value::String(format!("{:.1}mm", rng.float(0.0, 20.0))),
        ),
        ("widows", Value::Integer(rng.between(1, 10) as i64)),
        ("orphans", Value::Integer(rng.between(1, 10) as i64)),
        ("chapter_opening", Value::String("recto".into())),
        ("facing", Value::Boolean(false)),
        ("running_heads", Value::Boolean(false)),
        ("front_matter", Value::Boolean(false)),
        ("marks", Value::Boolean(true)),
        ("widow_control", Value::String("always".into())),
        ("looseness", Value::String("never".into())),
    ] {
        if rng.chance(20) {
            set(table, &["print", "page", key], value);
        }
    }
    for (key, value) in [
        ("justification", Value::String("ragged_right".into())),
        ("oldstyle_figures", Value::Boolean(false)),
    ] {
        if rng.chance(20) {
            set(table, &["print", "text", key], value);
        }
    }
    let hyphenation = [
        ("enabled", Value::Boolean(false)),
        ("min_before", Value::Integer(rng.between(1, 10) as i64)),
        ("min_after", Value::Integer(rng.between(1, 10) as i64)),
        ("max_consecutive", Value::Integer(rng.between(0, 20) as i64)),
    ];
    for (key, value) in hyphenation {
        if rng.chance(15) {
            set(table, &["print", "text", "hyphenation", key], value);
        }
    }
}

/// The TOML text of `table`, sometimes with its bytes broken.
fn finish(rng: &mut Rng, table: &Table) -> Vec<u8> {
    let mut text = toml::to_string(table).unwrap_or_default().into_bytes();
    if rng.chance(5) && !text.is_empty() {
        let at = rng.below(text.len());
        let garbage: &[u8] = rng.pick::<&[u8]>(&[&b"[[["[..], b"=", b"\"", b"\xFF", b"\n[book]\n"]);
        text.splice(at..at, garbage.iter().copied());
    }
    text
}

/// Sets `path` in `table`, making tables on the way (replacing non-tables).
fn set(table: &mut Table, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut current = table;
    for key in parents {
        let entry = current
            .entry((*key).to_owned())
            .or_insert_with(|| Value::Table(Table::new()));
        if !entry.is_table() {
            *entry = Value::Table(Table::new());
        }
        let Value::Table(next) = entry else { return };
        current = next;
    }
    current.insert((*last).to_owned(), value);
}

/// Every path to a value that is not a table.
fn leaf_paths(table: &Table) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (key, value) in table {
        match value {
            Value::Table(inner) => {
                for mut path in leaf_paths(inner) {
                    path.insert(0, key.clone());
                    out.push(path);
                }
            }
            _ => out.push(vec![key.clone()]),
        }
    }
    out
}
