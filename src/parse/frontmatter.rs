//! Front matter: a YAML (`---`, pandoc's metadata block) or TOML (`+++`) block at the top of a
//! Markdown file, read for the book's metadata where `book.toml` says nothing.
//!
//! Keys read (others are ignored, as pandoc's many template variables must be): `title`,
//! `subtitle`, `author`/`authors` (a name, a list of names, or pandoc's `{name: ...}` maps),
//! `lang`/`language`, `date`, `publisher`, `rights`/`copyright`, `description`/`abstract`,
//! `subject`/`subjects`/`keywords`, `identifier`/`isbn`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use yaml_rust2::{Yaml, YamlLoader};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::SourcePos;

/// A metadata field front matter can set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title,
    Subtitle,
    Authors,
    Language,
    Date,
    Publisher,
    Rights,
    Description,
    Subjects,
    Identifier,
}

impl Field {
    /// The field a key names, in either dialect.
    fn of(key: &str) -> Option<Field> {
        Some(match key.to_ascii_lowercase().as_str() {
            "title" => Field::Title,
            "subtitle" => Field::Subtitle,
            "author" | "authors" => Field::Authors,
            "lang" | "language" => Field::Language,
            "date" => Field::Date,
            "publisher" => Field::Publisher,
            "rights" | "copyright" => Field::Rights,
            "description" | "abstract" => Field::Description,
            "subject" | "subjects" | "keywords" => Field::Subjects,
            "identifier" | "isbn" => Field::Identifier,
            _ => return None,
        })
    }

    /// The key of `book.toml` for this field.
    pub fn toml_key(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Subtitle => "subtitle",
            Field::Authors => "authors",
            Field::Language => "language",
            Field::Date => "date",
            Field::Publisher => "publisher",
            Field::Rights => "rights",
            Field::Description => "description",
            Field::Subjects => "subjects",
            Field::Identifier => "identifier",
        }
    }
}

/// One value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub values: Vec<String>,
    pub file: PathBuf,
    pub at: SourcePos,
}

/// The fields of one file's front matter.
pub type FrontMatter = BTreeMap<Field, Entry>;

/// The dialect of a metadata block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Yaml,
    Toml,
}

/// Reads a metadata block's text; `first_line` is the line of its first key (after `---`).
pub fn read(
    text: &str,
    dialect: Dialect,
    file: &Path,
    first_line: u32,
    diags: &mut Diagnostics,
) -> FrontMatter {
    let at_block = SourcePos {
        line: first_line,
        column: 1,
    };
    let pairs = match dialect {
        Dialect::Yaml => yaml_pairs(text),
        Dialect::Toml => toml_pairs(text),
    };
    let pairs = match pairs {
        Ok(pairs) => pairs,
        Err(message) => {
            diags.push(
                Diagnostic::warning(
                    file,
                    Some(at_block),
                    format!("the front matter cannot be read, so it is ignored: {message}"),
                )
                .with_hint(
                    "front matter is `key: value` lines between two `---` lines at the very top",
                ),
            );
            return FrontMatter::new();
        }
    };
    let mut out = FrontMatter::new();
    for (key, values) in pairs {
        let Some(field) = Field::of(&key) else {
            continue;
        };
        let values: Vec<String> = values
            .into_iter()
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            continue;
        }
        let line = key_line(text, &key).map_or(first_line, |l| first_line + l - 1);
        out.entry(field).or_insert(Entry {
            values,
            file: file.to_path_buf(),
            at: SourcePos { line, column: 1 },
        });
    }
    out
}

/// The 1-based line (within the block's text, after the opening fence) where `key` is set.
fn key_line(text: &str, key: &str) -> Option<u32> {
    text.lines()
        .position(|line| {
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with([':', '=']))
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

type Pairs = Vec<(String, Vec<String>)>;

fn yaml_pairs(text: &str) -> Result<Pairs, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let Some(Yaml::Hash(hash)) = docs.into_iter().next() else {
        return Err("it is not a list of `key: value` lines".to_owned());
    };
    Ok(hash
        .into_iter()
        .filter_map(|(k, v)| Some((yaml_scalar(&k)?, yaml_values(&v))))
        .collect())
}

fn yaml_scalar(value: &Yaml) -> Option<String> {
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A scalar, a list of scalars, or maps with a `name` (pandoc's authors).
fn yaml_values(value: &Yaml) -> Vec<String> {
    match value {
        Yaml::Array(items) => items.iter().flat_map(yaml_values).collect(),
        Yaml::Hash(map) => map
            .get(&Yaml::String("name".to_owned()))
            .and_then(yaml_scalar)
            .into_iter()
            .collect(),
        other => yaml_scalar(other).into_iter().collect(),
    }
}

fn toml_pairs(text: &str) -> Result<Pairs, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.message().to_owned())?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, toml_values(&v)))
        .collect())
}

fn toml_values(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::String(s) => vec![s.clone()],
        toml::Value::Integer(n) => vec![n.to_string()],
        toml::Value::Float(f) => vec![f.to_string()],
        toml::Value::Boolean(b) => vec![b.to_string()],
        toml::Value::Datetime(d) => vec![d.to_string()],
        toml::Value::Array(items) => items.iter().flat_map(toml_values).collect(),
        toml::Value::Table(t) => t.get("name").map(toml_values).unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(fm: &FrontMatter, field: Field) -> Vec<String> {
        fm.get(&field).map(|e| e.values.clone()).unwrap_or_default()
    }

    #[test]
    fn pandoc_yaml() {
        let mut diags = Diagnostics::new();
        let text = "title: On Liberty\nauthor:\n  - name: John Stuart Mill\n  - Harriet Taylor\ndate: 1859\nlang: en-GB\ntoc: true\n";
        let fm = read(text, Dialect::Yaml, Path::new("a.md"), 1, &mut diags);
        assert!(diags.is_empty());
        assert_eq!(values(&fm, Field::Title), ["On Liberty"]);
        assert_eq!(
            values(&fm, Field::Authors),
            ["John Stuart Mill", "Harriet Taylor"]
        );
        assert_eq!(values(&fm, Field::Date), ["1859"]);
        assert_eq!(values(&fm, Field::Language), ["en-GB"]);
        assert_eq!(fm.get(&Field::Date).map(|e| e.at.line), Some(5));
    }

    #[test]
    fn toml_block() {
        let mut diags = Diagnostics::new();
        let text = "title = \"Walden\"\nauthors = [\"H. D. Thoreau\"]\n";
        let fm = read(text, Dialect::Toml, Path::new("a.md"), 1, &mut diags);
        assert_eq!(values(&fm, Field::Title), ["Walden"]);
        assert_eq!(values(&fm, Field::Authors), ["H. D. Thoreau"]);
    }

    #[test]
    fn unreadable_yaml_is_a_warning() {
        let mut diags = Diagnostics::new();
        let fm = read(
            "title: [unclosed\n",
            Dialect::Yaml,
            Path::new("a.md"),
            1,
            &mut diags,
        );
        assert!(fm.is_empty());
        assert_eq!(diags.len(), 1);
    }
}
