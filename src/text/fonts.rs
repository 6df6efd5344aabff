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
    /// The monospaced face of code (`fonts.mono`, DejaVu Sans Mono unless the style names one).
    Mono,
    /// The `index`-th face of the fallback chain: the style's `fonts.fallback` faces in order,
    /// then the bundled [`BUNDLED_FALLBACK`].
    Fallback {
        index: u8,
    },
}

/// The face that sets what a style's faces lack, whatever the style: DejaVu Serif (Bitstream
/// Vera licence, `fonts/LICENSE-DejaVu.txt`) has Greek (polytonic too), Cyrillic, Armenian,
/// Georgian, IPA, arrows, mathematical operators and box drawing, in a serif that sits with book
/// faces. What it lacks, the monospaced face is asked for last (it has the ballot boxes ☐ ☑ of
/// task lists, dingbats and geometric shapes).
pub const BUNDLED_FALLBACK: &str = "DejaVuSerif.ttf";

/// The monospaced face of a style that names none.
pub const BUNDLED_MONO: &str = "DejaVuSansMono.ttf";

/// The faces before the fallback chain, in [`FaceId::index`] order.
const FIXED_FACES: usize = 5;

impl FaceId {
    /// The place of the face in a [`FontBook`]'s list of faces.
    pub fn index(self) -> usize {
        match self {
            FaceId::Regular => 0,
            FaceId::Italic => 1,
            FaceId::Bold => 2,
            FaceId::BoldItalic => 3,
            FaceId::Mono => 4,
            FaceId::Fallback { index } => FIXED_FACES + usize::from(index),
        }
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
    /// Indexed by [`FaceId::index`]: the four faces of the family, the monospaced face, then the
    /// fallback chain.
    faces: Vec<FaceData>,
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
    /// Reads the four faces, the monospaced face and the fallback chain (the style's fallback
    /// faces, then the bundled one) that the style names.
    pub fn load(style: &LoadedStyle) -> Result<FontBook, TextError> {
        let set = &style.style.fonts;
        let mut files: Vec<&str> = vec![
            &set.regular,
            &set.italic,
            &set.bold,
            &set.bold_italic,
            &set.mono,
        ];
        let fallbacks = set.fallback.files();
        files.extend(fallbacks.iter().map(String::as_str));
        if !fallbacks.iter().any(|f| f == BUNDLED_FALLBACK) {
            files.push(BUNDLED_FALLBACK);
        }
        // `style::check` refuses more than `FALLBACK_FACES` fallback faces; a style built in
        // code is cut to what a `FaceId` can number.
        files.truncate(FIXED_FACES + usize::from(u8::MAX));
        let faces = files
            .into_iter()
            .map(|file| load_face(style, file))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(FontBook {
            family: set.family.clone(),
            faces,
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

    /// Every face of the book, in [`FaceId::index`] order.
    pub fn faces(&self) -> impl Iterator<Item = FaceId> {
        let fallbacks = self.faces.len().saturating_sub(FIXED_FACES);
        [
            FaceId::Regular,
            FaceId::Italic,
            FaceId::Bold,
            FaceId::BoldItalic,
            FaceId::Mono,
        ]
        .into_iter()
        .chain(
            (0..fallbacks)
                .filter_map(|i| u8::try_from(i).ok().map(|index| FaceId::Fallback { index })),
        )
    }

    /// The faces asked, in order, for a character `face` lacks: the fallback chain, then the
    /// monospaced face (for text that is not code).
    pub fn fallbacks(&self, face: FaceId) -> impl Iterator<Item = FaceId> + '_ {
        self.faces()
            .filter(|f| matches!(f, FaceId::Fallback { .. }))
            .chain((face != FaceId::Mono).then_some(FaceId::Mono))
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

    /// A face's data (the regular face's for an index out of the list, which no [`FaceId`] made
    /// by [`FontBook::faces`] is).
    fn face_data(&self, face: FaceId) -> &FaceData {
        self.faces
            .get(face.index())
            .or(self.faces.first())
            .expect("a font book holds at least its four faces")
    }

    /// The font file's bytes (to embed or subset).
    pub fn data(&self, face: FaceId) -> &[u8] {
        self.face_data(face).data
    }

    /// The face parsed for shaping.
    pub(super) fn shaping_face(&self, face: FaceId) -> &rustybuzz::Face<'static> {
        &self.face_data(face).face
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
        &self.face_data(face).file
    }

    pub fn units_per_em(&self, face: FaceId) -> u16 {
        self.face_data(face).units_per_em
    }

    /// Font units to points at `size`.
    pub fn scale(&self, face: FaceId, size: Pt) -> f64 {
        size.0 / f64::from(self.units_per_em(face))
    }

    /// The ascender (above the baseline, positive) at `size`.
    pub fn ascender(&self, face: FaceId, size: Pt) -> Pt {
        Pt(f64::from(self.face_data(face).ascender) * self.scale(face, size))
    }

    /// The descender (below the baseline, positive) at `size`.
    pub fn descender(&self, face: FaceId, size: Pt) -> Pt {
        Pt(-f64::from(self.face_data(face).descender) * self.scale(face, size))
    }

    /// The PostScript name from the font's `name` table (id 6), else derived from the file name.
    pub fn postscript_name(&self, face: FaceId) -> String {
        self.face_data(face).postscript_name.clone()
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
