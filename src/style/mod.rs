//! Styles: how a book looks, in `styles/<name>.toml` (typed, unknown keys are errors).
//!
//! A style names its fonts, the CSS of the e-book and everything the print backend needs. The
//! styles and fonts in the repository are also compiled into the binary, so `samizdat` works from
//! any folder; a `styles/<name>.toml` in the working directory, or a path, takes precedence.

pub mod check;
mod locate;
mod print;

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::config::{key_pos, pos_of};
use crate::diag::{display_path, nearest, Diagnostic, Diagnostics};
use crate::files::{read_inside, resolve_inside, ReadError, MAX_BINARY_FILE};

pub use print::{
    BlankPlacement, BookletStyle, Caliper, ChapterOpening, CoverMode, Duplex, FaceName, Faces,
    HyphenationStyle, Justification, Length, LinkAddresses, Looseness, PageStyle, PdfStandard,
    PrintStyle, SheetLength, SheetSize, Signature, Sizes, SpacingStyle, TextStyle, WidowControl,
    CALIPER_MM, SHEET_SIDE_MM, SIGNATURE_SHEETS,
};

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    pub fonts: FontSet,
    pub epub: EpubStyle,
    #[serde(default)]
    pub print: PrintStyle,
}

/// The four faces of the body family, the face of code and the fallback faces, as file names in
/// `fonts/`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FontSet {
    /// The family name, as CSS and the PDF will call it.
    pub family: String,
    pub regular: String,
    pub italic: String,
    pub bold: String,
    pub bold_italic: String,
    /// The monospaced face of code; DejaVu Sans Mono (built in) when the style names none.
    #[serde(default = "bundled_mono")]
    pub mono: String,
    /// Faces for characters the family lacks, asked in order before the built-in DejaVu Serif.
    #[serde(default)]
    pub fallback: Fallbacks,
}

fn bundled_mono() -> String {
    crate::text::fonts::BUNDLED_MONO.to_owned()
}

/// `fallback = "A.ttf"` or `fallback = ["A.ttf", "B.ttf"]`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Fallbacks {
    #[default]
    None,
    One(String),
    Many(Vec<String>),
}

impl Fallbacks {
    /// The files, in order.
    pub fn files(&self) -> Vec<String> {
        match self {
            Fallbacks::None => Vec::new(),
            Fallbacks::One(file) => vec![file.clone()],
            Fallbacks::Many(files) => files.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EpubStyle {
    /// A CSS file in `styles/`.
    pub css: String,
    /// Whether the four faces go into the EPUB (else readers use their own serif).
    #[serde(default)]
    pub embed_fonts: bool,
    /// Whether the e-book marks where each printed page starts and lists the pages (the page
    /// layout runs for it even when no PDF is made).
    #[serde(default = "page_list_by_default")]
    pub page_list: bool,
}

/// The e-book has a page-list unless the style turns it off.
fn page_list_by_default() -> bool {
    true
}

/// A style after loading: the typed settings and where its files come from.
#[derive(Debug, Clone)]
pub struct LoadedStyle {
    pub name: String,
    pub style: Style,
    /// The folder the style file was read from; `None` for a built-in style.
    pub dir: Option<PathBuf>,
    /// The book folder the style was loaded for (its files may come from there too).
    book_dir: PathBuf,
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
    // Code, and what the fallback chain asks last (see `text::fonts`): 343 KB.
    (
        "DejaVuSansMono.ttf",
        include_bytes!("../../fonts/DejaVuSansMono.ttf"),
    ),
    // The built-in fallback face (Greek, Cyrillic, symbols): 381 KB.
    (
        "DejaVuSerif.ttf",
        include_bytes!("../../fonts/DejaVuSerif.ttf"),
    ),
];

#[derive(Debug)]
pub enum StyleError {
    /// No style of that name: not in `styles/` of the working directory, not built in.
    NotFound { name: String, tried: Vec<PathBuf> },
    /// A file the style names (its CSS, a font) is neither on disk nor built in.
    FileMissing { file: String, tried: Vec<PathBuf> },
    /// The style file, or a file it names, cannot be read or is refused (outside the folders a
    /// style may use, not a regular file, too large).
    Unreadable { path: PathBuf, error: ReadError },
    /// The style file has problems, each located in it.
    Invalid { problems: Vec<Diagnostic> },
}

impl std::fmt::Display for StyleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StyleError::NotFound { name, tried } => {
                write!(f, "no style named `{name}` (")?;
                if !tried.is_empty() {
                    let tried: Vec<String> = tried
                        .iter()
                        .map(|path| display_path(path).display().to_string())
                        .collect();
                    write!(f, "looked for {}; ", tried.join(", "))?;
                }
                write!(f, "built in: {})", builtin_names().join(", "))
            }
            StyleError::FileMissing { file, tried } => {
                write!(f, "the style names `{file}`, which is not in")?;
                for path in tried {
                    write!(f, " {}", display_path(path).display())?;
                }
                write!(f, " nor built in")
            }
            StyleError::Unreadable { path, error } => {
                write!(f, "cannot read {}: {error}", display_path(path).display())
            }
            StyleError::Invalid { problems } => {
                let lines: Vec<String> = problems.iter().map(ToString::to_string).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

impl std::error::Error for StyleError {}

/// The largest style file read: a style is a page of settings; a megabyte is a mistaken file.
pub const MAX_STYLE_FILE: u64 = 1 << 20;

fn builtin_names() -> Vec<&'static str> {
    BUILTIN_STYLES.iter().map(|(n, _)| *n).collect()
}

/// Finds and reads a style: a path (relative to the book folder) when `name` ends in `.toml`,
/// else `styles/<name>.toml` in the working directory, else a built-in style. Every value is
/// checked (see `check`); the files the style names must be inside the book folder, the style's
/// folder or the `fonts/` folder beside it, or built in.
pub fn load(name: &str, book_dir: &Path) -> Result<LoadedStyle, StyleError> {
    let candidate = if name.ends_with(".toml") {
        book_dir.join(name)
    } else {
        Path::new("styles").join(format!("{name}.toml"))
    };
    // A name is a name: `style = "../../x"` would reach out of `styles/`.
    let plain = name.ends_with(".toml") || (!name.contains(['/', '\\']) && name != "..");
    if !plain || name.is_empty() {
        return Err(StyleError::NotFound {
            name: name.to_owned(),
            tried: Vec::new(),
        });
    }
    let dir = candidate.parent().map(Path::to_path_buf);
    // The style file must really be in the folder its path names (a link out of it is refused).
    let roots: Vec<&Path> = dir.iter().map(PathBuf::as_path).collect();
    let (text, path, dir) = match read_inside(&candidate, &roots, MAX_STYLE_FILE) {
        Ok(bytes) => (style_text(bytes, &candidate)?, candidate, dir),
        Err(ReadError::Missing) => match BUILTIN_STYLES.iter().find(|(n, _)| *n == name) {
            Some((_, text)) => ((*text).to_owned(), PathBuf::from("<built-in style>"), None),
            None => {
                return Err(StyleError::NotFound {
                    name: name.to_owned(),
                    tried: vec![candidate],
                })
            }
        },
        Err(error) => {
            return Err(StyleError::Unreadable {
                path: candidate,
                error,
            })
        }
    };
    let style: Style = toml::from_str(&text).map_err(|err| StyleError::Invalid {
        problems: vec![locate::toml_error(&path, &text, &err)],
    })?;
    let loaded = LoadedStyle {
        name: name.to_owned(),
        style,
        dir,
        book_dir: book_dir.to_path_buf(),
    };
    let mut problems = check::check(&loaded.style, &text, &path);
    problems.extend(loaded.check_files(&text, &path));
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(StyleError::Invalid { problems })
    }
}

/// A style file's bytes as text; not UTF-8 is an error at the first bad byte.
fn style_text(bytes: Vec<u8>, path: &Path) -> Result<String, StyleError> {
    String::from_utf8(bytes).map_err(|err| {
        let valid = err.utf8_error().valid_up_to();
        let text = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
        let d = Diagnostic::error(
            path,
            Some(pos_of(&text, valid)),
            "the style file is not UTF-8",
        )
        .with_hint("save it as UTF-8");
        StyleError::Invalid { problems: vec![d] }
    })
}

/// Loads the style a book names, pushing every problem as a located diagnostic: problems of the
/// style file at their place in it, an unknown or unreadable style at `style = ...` in the
/// book's `book.toml`.
pub fn load_for_book(name: &str, book_dir: &Path, diags: &mut Diagnostics) -> Option<LoadedStyle> {
    let err = match load(name, book_dir) {
        Ok(style) => return Some(style),
        Err(err) => err,
    };
    let toml_path = book_dir.join("book.toml");
    let at = read_inside(&toml_path, &[book_dir], MAX_STYLE_FILE)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| key_pos(&text, "style"));
    match err {
        StyleError::Invalid { problems } => {
            for problem in problems {
                diags.push(problem);
            }
        }
        StyleError::NotFound { .. } => {
            let d = Diagnostic::error(&toml_path, at, err.to_string());
            let near = nearest(name, builtin_names());
            diags.push(match near {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d.with_hint(
                    "name a style in styles/ or a built-in one, or a .toml file in the book folder",
                ),
            });
        }
        StyleError::Unreadable { .. } | StyleError::FileMissing { .. } => {
            diags.push(Diagnostic::error(&toml_path, at, err.to_string()));
        }
    }
    None
}

impl LoadedStyle {
    /// The folders the style's files may come from: the book folder, the style's folder and the
    /// `fonts/` folder beside it.
    fn roots(&self) -> Vec<PathBuf> {
        let mut roots = vec![self.book_dir.clone()];
        if let Some(dir) = &self.dir {
            roots.push(dir.clone());
            roots.push(dir.join("..").join("fonts"));
        }
        roots
    }

    /// Where a file the style names is looked for on disk, in order.
    fn candidates(&self, name: &str) -> Vec<PathBuf> {
        match &self.dir {
            Some(dir) => vec![dir.join(name), dir.join("..").join("fonts").join(name)],
            None => Vec::new(),
        }
    }

    /// Reads a file the style names (CSS in the style's folder, fonts in `../fonts/`), falling back
    /// to the built-in copy. A file outside the book folder, the style's folder and the fonts
    /// folder beside it is refused, whatever its path says.
    pub fn file(&self, name: &str) -> Result<Vec<u8>, StyleError> {
        let roots = self.roots();
        let roots: Vec<&Path> = roots.iter().map(PathBuf::as_path).collect();
        for path in self.candidates(name) {
            match read_inside(&path, &roots, MAX_BINARY_FILE) {
                Ok(bytes) => return Ok(bytes),
                Err(ReadError::Missing) => continue,
                Err(error) => return Err(StyleError::Unreadable { path, error }),
            }
        }
        BUILTIN_FILES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bytes)| bytes.to_vec())
            .ok_or_else(|| StyleError::FileMissing {
                file: name.to_owned(),
                tried: self.candidates(name),
            })
    }

    /// Whether every file the style names can be found, each problem at its key in the style.
    fn check_files(&self, text: &str, path: &Path) -> Vec<Diagnostic> {
        let at = locate::Locator::new(text);
        let fonts = &self.style.fonts;
        let fallbacks = fonts.fallback.files();
        let mut keys = vec![
            (["epub", "css"], &self.style.epub.css),
            (["fonts", "regular"], &fonts.regular),
            (["fonts", "italic"], &fonts.italic),
            (["fonts", "bold"], &fonts.bold),
            (["fonts", "bold_italic"], &fonts.bold_italic),
            (["fonts", "mono"], &fonts.mono),
        ];
        keys.extend(fallbacks.iter().map(|file| (["fonts", "fallback"], file)));
        let roots = self.roots();
        let roots: Vec<&Path> = roots.iter().map(PathBuf::as_path).collect();
        let mut out = Vec::new();
        for (key, file) in keys {
            let problem = self
                .candidates(file)
                .into_iter()
                .map(|candidate| resolve_inside(&candidate, &roots).map_err(|e| (candidate, e)))
                .find(|found| !matches!(found, Err((_, ReadError::Missing))));
            let message = match problem {
                Some(Ok(_)) => continue,
                Some(Err((_, ReadError::Outside { real }))) => format!(
                    "`{file}` leads outside the book folder and the style's folders (to {})",
                    display_path(&real).display()
                ),
                Some(Err((candidate, error))) => format!(
                    "`{file}` cannot be used: {}",
                    StyleError::Unreadable {
                        path: candidate,
                        error
                    }
                ),
                None if BUILTIN_FILES.iter().any(|(n, _)| *n == file.as_str()) => continue,
                None => StyleError::FileMissing {
                    file: file.clone(),
                    tried: self.candidates(file),
                }
                .to_string(),
            };
            out.push(Diagnostic::error(path, at.value(&key), message).with_hint(
                "a style's files are read from its folder (fonts also from fonts/ beside it) \
                     or the book folder, and may not lead out of them",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_name_is_a_name_not_a_path() {
        for name in ["../../etc/x", "a/b", "..", ""] {
            let err = load(name, Path::new(".")).expect_err(name);
            assert!(matches!(err, StyleError::NotFound { ref tried, .. } if tried.is_empty()));
            assert_eq!(
                err.to_string(),
                format!("no style named `{name}` (built in: default)")
            );
        }
    }

    #[test]
    fn the_default_style_loads_and_finds_its_files() {
        let style = load("default", Path::new("/nonexistent")).expect("the default style");
        assert!(style.file("default.css").is_ok());
        assert!(style.file("Vollkorn-Italic.ttf").is_ok());
        assert!(matches!(
            style.file("../../etc/hostname"),
            Err(StyleError::FileMissing { .. })
        ));
    }
}
