//! Paragraphs: model inlines to typeset lines (stub).

use super::{FaceId, FontBook, Hyphenator, Line};
use crate::model::{Inline, SourcePos};
use crate::units::Pt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Justified,
    RaggedRight,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ParagraphSpec {
    pub measure: Pt,
    pub size: Pt,
    pub leading: Pt,
    pub first_indent: Pt,
    pub align: Align,
    pub hyphenate: bool,
    pub base_face: FaceId,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TextWarning {
    pub at: Option<SourcePos>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct TypesetParagraph {
    pub lines: Vec<Line>,
    pub warnings: Vec<TextWarning>,
}

pub struct TextEngine<'a> {
    pub fonts: &'a FontBook,
}

pub fn typeset_paragraph(
    content: &[Inline],
    fonts: &FontBook,
    hyphenator: &Hyphenator,
    spec: &ParagraphSpec,
    at: Option<SourcePos>,
) -> TypesetParagraph {
    let _ = (content, fonts, hyphenator, spec, at);
    TypesetParagraph::default()
}
