//! Styles: how a book looks, in `styles/<name>.toml` (typed, unknown keys are errors).
//!
//! A style names its fonts, the CSS of the e-book and everything the print backend needs. The
//! styles and fonts in the repository are also compiled into the binary, so `samizdat` works from
//! any folder; a `styles/<name>.toml` in the working directory, or a path, takes precedence.

mod print;

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub use print::{
    BlankPlacement, BookletStyle, Caliper, CoverMode, Duplex, FaceName, Faces, HyphenationStyle,
    Justification, PrintStyle, SheetLength, SheetSize, Signature, Sizes, TextStyle, CALIPER_MM,
    SHEET_SIDE_MM, SIGNATURE_SHEETS,
};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub fonts: FontSet,
    pub epub: EpubStyle,
    #[serde(default)]
    pub print: PrintStyle,
}

/// The four faces of the body family, as file names in `fonts/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontSet {
    /// The family name, as CSS and the PDF will call it.
    pub family: String,
    pub regular: String,
    pub italic: String,
    pub bold: String,
    pub bold_italic: String,
    /// A face for characters the body family lacks, if any.
    pub fallback: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpubStyle {
    /// A CSS file in `styles/`.
    pub css: String,
    /// Whether the four faces go into the EPUB (else readers use their own serif).
    #[serde(default)]
    pub embed_fonts: bool,
}

/// A style after loading: the typed settings and where its files come from.
#[derive(Debug, Clone)]
pub struct LoadedStyle {
    pub name: String,
    pub style: Style,
    /// The folder the style file was read from; `None` for a built-in style.
    pub dir: Option<PathBuf>,
}

/// The styles and fonts of the repository, compiled in.
const BUILTIN_STYLES: &[(&str, &str)] = &[("default", include_str!("../../styles/default.toml"))];
const BUILTIN_FILES: &[(&str, &[u8])] = &[
    ("default.css", include_bytes!("../../styles/default.css")),
    (
        "Vollkorn-Regular.ttf",
        include_bytes!("../../fonts/Vollkorn-Regular.ttf"),
    ),
    (
        "Vollkorn-Italic.ttf",
        include_bytes!("../../fonts/Vollkorn-Italic.ttf"),
    ),
    (
        "Vollkorn-Bold.ttf",
        include_bytes!("../../fonts/Vollkorn-Bold.ttf"),
    ),
    (
        "Vollkorn-BoldItalic.ttf",
        include_bytes!("../../fonts/Vollkorn-BoldItalic.ttf"),
    ),
];

#[derive(Debug)]
pub enum StyleError {
    NotFound {
        name: String,
        tried: Vec<PathBuf>,
    },
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    Invalid {
        path: PathBuf,
        message: String,
    },
}

impl std::fmt::Display for StyleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StyleError::NotFound { name, tried } => {
                write!(f, "no style named `{name}` (looked for")?;
                for path in tried {
                    write!(f, " {}", path.display())?;
                }
                write!(f, "; built in: ")?;
                let names: Vec<_> = BUILTIN_STYLES.iter().map(|(n, _)| *n).collect();
                write!(f, "{})", names.join(", "))
            }
            StyleError::Io { path, error } => write!(f, "cannot read {}: {error}", path.display()),
            StyleError::Invalid { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

/// Finds and reads a style: a path (relative to the book folder) when `name` ends in `.toml`,
/// else `styles/<name>.toml` in the working directory, else a built-in style.
pub fn load(name: &str, book_dir: &Path) -> Result<LoadedStyle, StyleError> {
    let mut tried = Vec::new();
    let candidate = if name.ends_with(".toml") {
        book_dir.join(name)
    } else {
        Path::new("styles").join(format!("{name}.toml"))
    };
    if candidate.is_file() {
        let text = std::fs::read_to_string(&candidate).map_err(|error| StyleError::Io {
            path: candidate.clone(),
            error,
        })?;
        let style = parse_style(&text, &candidate)?;
        let dir = candidate.parent().map(Path::to_path_buf);
        return Ok(LoadedStyle {
            name: name.to_owned(),
            style,
            dir,
        });
    }
    tried.push(candidate);
    if let Some((_, text)) = BUILTIN_STYLES.iter().find(|(n, _)| *n == name) {
        let style = parse_style(text, Path::new("<built-in style>"))?;
        return Ok(LoadedStyle {
            name: name.to_owned(),
            style,
            dir: None,
        });
    }
    Err(StyleError::NotFound {
        name: name.to_owned(),
        tried,
    })
}

fn parse_style(text: &str, path: &Path) -> Result<Style, StyleError> {
    toml::from_str(text).map_err(|err| StyleError::Invalid {
        path: path.to_path_buf(),
        message: err.to_string(),
    })
}

impl LoadedStyle {
    /// Reads a file the style names (CSS in the style's folder, fonts in `../fonts/`), falling back
    /// to the built-in copy.
    pub fn file(&self, name: &str) -> Result<Vec<u8>, StyleError> {
        if let Some(dir) = &self.dir {
            for path in [dir.join(name), dir.join("..").join("fonts").join(name)] {
                if path.is_file() {
                    return std::fs::read(&path).map_err(|error| StyleError::Io { path, error });
                }
            }
        }
        BUILTIN_FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes.to_vec())
            .ok_or_else(|| StyleError::NotFound {
                name: name.to_owned(),
                tried: self.dir.iter().cloned().collect(),
            })
    }
}
