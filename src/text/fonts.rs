//! Fonts: the faces a style names, loaded once per book and checked with ttf-parser.

use std::fmt;

use crate::style::LoadedStyle;
use crate::units::Pt;

/// Which face of the style's [`FontSet`](crate::style::FontSet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FaceId {
    Regular,
    Italic,
    Bold,
    BoldItalic,
    /// The face for characters the body family lacks (`fonts.fallback`), when the style names one.
    Fallback,
}

impl FaceId {
    pub const ALL: [FaceId; 5] = [
        FaceId::Regular,
        FaceId::Italic,
        FaceId::Bold,
        FaceId::BoldItalic,
        FaceId::Fallback,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// A problem with the fonts themselves (not with the text).
#[derive(Debug)]
pub enum TextError {
    /// A font file the style names cannot be read.
    Missing { file: String, message: String },
    /// A font file that is not a usable TrueType/OpenType font.
    Invalid { file: String, message: String },
}

impl fmt::Display for TextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TextError::Missing { file, message } => write!(f, "cannot load font {file}: {message}"),
            TextError::Invalid { file, message } => {
                write!(f, "font {file} is not a usable OpenType font: {message}")
            }
        }
    }
}

impl std::error::Error for TextError {}

/// One loaded face: its bytes and the metrics the engine needs often.
#[derive(Debug, Clone)]
struct FaceData {
    file: String,
    data: Vec<u8>,
    units_per_em: u16,
    ascender: i16,
    descender: i16,
    postscript_name: String,
}

/// The faces of a style, as bytes (for embedding) and metrics. Shaping parses them with rustybuzz
/// once per [`TextEngine`](super::TextEngine).
#[derive(Debug, Clone)]
pub struct FontBook {
    family: String,
    /// Indexed by [`FaceId`]; the fallback slot repeats the regular face when the style names none.
    faces: Vec<FaceData>,
    has_fallback: bool,
    /// `[print.text] oldstyle_figures`: running text asks for `onum`.
    oldstyle_figures: bool,
}

impl FontBook {
    /// Reads the four faces (and the fallback, if any) that the style names.
    pub fn load(style: &LoadedStyle) -> Result<FontBook, TextError> {
        let set = &style.style.fonts;
        let mut faces = Vec::with_capacity(5);
        for file in [&set.regular, &set.italic, &set.bold, &set.bold_italic] {
            faces.push(load_face(style, file)?);
        }
        let has_fallback = set.fallback.is_some();
        match &set.fallback {
            Some(file) => faces.push(load_face(style, file)?),
            None => faces.push(faces[0].clone()),
        }
        Ok(FontBook {
            family: set.family.clone(),
            faces,
            has_fallback,
            oldstyle_figures: style.style.print.text.oldstyle_figures,
        })
    }

    /// The family name the style gives.
    pub fn family(&self) -> &str {
        &self.family
    }

    /// Whether the style names a fallback face.
    pub fn has_fallback(&self) -> bool {
        self.has_fallback
    }

    /// Whether running text uses old-style figures (the style's `oldstyle_figures`; a no-op
    /// when the font has no `onum`).
    pub fn oldstyle_figures(&self) -> bool {
        self.oldstyle_figures
    }

    /// The font file's bytes (to embed or subset).
    pub fn data(&self, face: FaceId) -> &[u8] {
        &self.faces[face.index()].data
    }

    /// The file name the style gave for the face.
    pub fn file_name(&self, face: FaceId) -> &str {
        &self.faces[face.index()].file
    }

    pub fn units_per_em(&self, face: FaceId) -> u16 {
        self.faces[face.index()].units_per_em
    }

    /// Font units to points at `size`.
    pub fn scale(&self, face: FaceId, size: Pt) -> f64 {
        size.0 / f64::from(self.units_per_em(face))
    }

    /// The ascender (above the baseline, positive) at `size`.
    pub fn ascender(&self, face: FaceId, size: Pt) -> Pt {
        Pt(f64::from(self.faces[face.index()].ascender) * self.scale(face, size))
    }

    /// The descender (below the baseline, positive) at `size`.
    pub fn descender(&self, face: FaceId, size: Pt) -> Pt {
        Pt(-f64::from(self.faces[face.index()].descender) * self.scale(face, size))
    }

    /// The PostScript name from the font's `name` table (id 6), else derived from the file name.
    pub fn postscript_name(&self, face: FaceId) -> String {
        self.faces[face.index()].postscript_name.clone()
    }
}

fn load_face(style: &LoadedStyle, file: &str) -> Result<FaceData, TextError> {
    let data = style.file(file).map_err(|err| TextError::Missing {
        file: file.to_owned(),
        message: err.to_string(),
    })?;
    let face = ttf_parser::Face::parse(&data, 0).map_err(|err| TextError::Invalid {
        file: file.to_owned(),
        message: err.to_string(),
    })?;
    let postscript_name = face
        .names()
        .into_iter()
        .filter(|name| name.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|name| name.to_string())
        .unwrap_or_else(|| {
            file.trim_end_matches(".ttf")
                .trim_end_matches(".otf")
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect()
        });
    let units_per_em = face.units_per_em();
    let ascender = face.ascender();
    let descender = face.descender();
    if rustybuzz::Face::from_slice(&data, 0).is_none() {
        return Err(TextError::Invalid {
            file: file.to_owned(),
            message: "rustybuzz cannot read its tables".to_owned(),
        });
    }
    Ok(FaceData {
        file: file.to_owned(),
        data,
        units_per_em,
        ascender,
        descender,
        postscript_name,
    })
}
