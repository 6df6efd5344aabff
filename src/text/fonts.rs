//! Fonts: the faces a style names, loaded once per book and checked with ttf-parser.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use super::shape::{Features, Shaped};

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

/// One loaded face: its bytes, the face parsed for shaping and the metrics needed often.
#[derive(Clone)]
struct FaceData {
    file: String,
    data: &'static [u8],
    face: rustybuzz::Face<'static>,
    units_per_em: u16,
    ascender: i16,
    descender: i16,
    postscript_name: String,
}

impl fmt::Debug for FaceData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FaceData")
            .field("file", &self.file)
            .field("bytes", &self.data.len())
            .field("postscript_name", &self.postscript_name)
            .finish()
    }
}

/// What the shaping cache keeps: shaped text by face and features, then by text, in font units.
/// Two levels so that a lookup borrows the text instead of allocating a key.
pub(super) type ShapeCache = HashMap<(FaceId, Features), HashMap<Box<str>, Arc<Shaped>>>;

/// The faces of a style: bytes (for embedding), metrics, the faces parsed for shaping, and a
/// cache of shaped words shared by every paragraph (and every clone of the book).
///
/// Parsing a face for shaping takes about 0.7 ms (rustybuzz prepares its layout tables), far
/// more than setting a paragraph, so it happens once here, not per paragraph. That needs the
/// font bytes to outlive the parsed face: each distinct font file is kept for the life of the
/// process (interned by content), as a font cache would. A process loads a few
/// fonts, so this costs a few megabytes at most, once.
#[derive(Debug, Clone)]
pub struct FontBook {
    family: String,
    /// Indexed by [`FaceId`]; the fallback slot repeats the regular face when the style names none.
    faces: Vec<FaceData>,
    has_fallback: bool,
    /// `[print.text] oldstyle_figures`: running text asks for `onum`.
    oldstyle_figures: bool,
    /// `[print.text.faces] italic` and `bold`: the faces of emphasis and strong in regular text.
    emphasis: FaceId,
    strong: FaceId,
    cache: Arc<Mutex<ShapeCache>>,
    /// rustybuzz's shaping plans, one per face, features and script: making a plan costs more
    /// than shaping a word, so each is made once per book.
    plans: Arc<Plans>,
}

/// Shaping plans by face, features and script.
#[derive(Default)]
struct Plans(Mutex<PlanCache>);

type PlanCache = HashMap<(FaceId, Features, Option<rustybuzz::Script>), Arc<rustybuzz::ShapePlan>>;

impl fmt::Debug for Plans {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.lock().map_or(0, |plans| plans.len());
        write!(f, "{count} shaping plans")
    }
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
            emphasis: super::paragraph::face_of(style.style.print.text.faces.italic),
            strong: super::paragraph::face_of(style.style.print.text.faces.bold),
            cache: Arc::default(),
            plans: Arc::default(),
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

    /// The face of emphasis in regular text (the style's `faces.italic`).
    pub fn emphasis_face(&self) -> FaceId {
        self.emphasis
    }

    /// The face of strong text in regular text (the style's `faces.bold`).
    pub fn strong_face(&self) -> FaceId {
        self.strong
    }

    /// The font file's bytes (to embed or subset).
    pub fn data(&self, face: FaceId) -> &[u8] {
        self.faces[face.index()].data
    }

    /// The face parsed for shaping.
    pub(super) fn shaping_face(&self, face: FaceId) -> &rustybuzz::Face<'static> {
        &self.faces[face.index()].face
    }

    /// The shared cache of shaped text (never poisoned for good: a panic elsewhere leaves
    /// only complete entries).
    pub(super) fn cache(&self) -> std::sync::MutexGuard<'_, ShapeCache> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The shaping plan for `face` with `features` in `script`, made on first use.
    pub(super) fn plan(
        &self,
        face: FaceId,
        features: Features,
        script: Option<rustybuzz::Script>,
    ) -> Arc<rustybuzz::ShapePlan> {
        let key = (face, features, script);
        let plans = || self.plans.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(plan) = plans().get(&key) {
            return Arc::clone(plan);
        }
        let plan = Arc::new(rustybuzz::ShapePlan::new(
            self.shaping_face(face),
            rustybuzz::Direction::LeftToRight,
            script,
            None,
            &features.list(),
        ));
        plans().insert(key, Arc::clone(&plan));
        plan
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
    let bytes = style.file(file).map_err(|err| TextError::Missing {
        file: file.to_owned(),
        message: err.to_string(),
    })?;
    let invalid = |message: String| TextError::Invalid {
        file: file.to_owned(),
        message,
    };
    // Check before interning, so a bad file is not kept.
    ttf_parser::Face::parse(&bytes, 0).map_err(|err| invalid(err.to_string()))?;
    let data = intern(bytes);
    let face = rustybuzz::Face::from_slice(data, 0)
        .ok_or_else(|| invalid("rustybuzz cannot read its tables".to_owned()))?;
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
    Ok(FaceData {
        file: file.to_owned(),
        data,
        units_per_em: ttf_parser::Face::units_per_em(&face),
        ascender: ttf_parser::Face::ascender(&face),
        descender: ttf_parser::Face::descender(&face),
        face,
        postscript_name,
    })
}

/// Keeps a font file for the rest of the process and returns it; the same bytes loaded again
/// give the same slice, so reloading a style (a benchmark, a watch loop) keeps nothing new.
fn intern(bytes: Vec<u8>) -> &'static [u8] {
    static FONTS: OnceLock<Mutex<Vec<&'static [u8]>>> = OnceLock::new();
    let mut fonts = FONTS
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    if let Some(&known) = fonts.iter().find(|known| ***known == bytes[..]) {
        return known;
    }
    let kept: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    fonts.push(kept);
    kept
}
