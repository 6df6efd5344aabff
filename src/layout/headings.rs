//! Headings in the flow: a chapter's opening (the sink, its number and title) and the `##` to
//! `######` headings inside it, each kept with the lines that follow it.

use super::flow::{Element, Flow, Setting, Source};
use super::structure::{Role, Tag};
use crate::model::{Chapter, Inline, SourcePos, Step};
use crate::text::{Align, FaceId};
use crate::units::Pt;

impl Flow<'_> {
    /// The opening of a chapter: the sink, its number and title (centred), and space below.
    pub fn chapter_heading(&mut self, chapter: &Chapter, sink: Pt, out: &mut Vec<Element>) {
        out.push(Element::Sink(sink));
        let Some(title) = &chapter.title else {
            return;
        };
        let heading = Setting {
            size: self.typo.chapter,
            leading: self.typo.chapter * 1.25,
            face: self.typo.heading_face,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: true,
            indent: Pt::ZERO,
        };
        let start = out.len();
        // The heading's first line, the number's or the title's, is where its page starts.
        let mut source = Source::before(self.place(Step::Heading));
        let tag = Tag::node(self.structure.add(None, Role::Heading { level: 1 }));
        if let Some(number) = chapter.number {
            let label = vec![Inline::Text {
                text: number.to_string(),
            }];
            let setting = Setting {
                size: self.typo.section,
                leading: self.typo.leading * 2.0,
                face: FaceId::Regular,
                ..heading
            };
            let lines = self.set(&label, setting, self.measure, Some(chapter.at));
            let source = std::mem::replace(&mut source, Source::None);
            self.push_lines(out, lines, Pt::ZERO, setting.leading, true, (source, tag));
        }
        let lines = self.set(title, heading, self.measure, Some(chapter.at));
        self.push_lines(out, lines, Pt::ZERO, heading.leading, true, (source, tag));
        if let Some(Element::Line(first)) = out.get_mut(start) {
            first.anchors.push(chapter.id.clone());
        }
        out.push(Element::Sink(self.typo.leading * 2.0));
    }

    /// A `##` (or deeper) heading: space above, the title, a little space below.
    pub fn section_heading(
        &mut self,
        id: &str,
        level: u8,
        title: &[Inline],
        at: SourcePos,
        out: &mut Vec<Element>,
    ) {
        let (size, face) = self.heading_style(level);
        let setting = Setting {
            size,
            leading: self.typo.leading.max(size * 1.25),
            face,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: false,
            indent: Pt::ZERO,
        };
        out.push(Element::Space(self.typo.leading * 1.5));
        let lines = self.set(title, setting, self.measure, Some(at));
        let start = out.len();
        let source = Source::before(self.place(Step::Heading));
        let tag = Tag::node(self.structure.add(None, Role::Heading { level }));
        self.push_lines(out, lines, Pt::ZERO, setting.leading, true, (source, tag));
        if let Some(Element::Line(first)) = out.get_mut(start) {
            first.anchors.push(id.to_owned());
        }
        out.push(Element::Space(self.typo.leading * 0.5));
    }

    /// The size and face of a heading of `level` (2 for `##` ... 6): `##` at the section size
    /// in the headings' face, `###` at the subsection size in it, `####` at that size in
    /// italic, `#####` and `######` at the body size in bold italic and in italic.
    fn heading_style(&self, level: u8) -> (Pt, FaceId) {
        match level {
            0..=2 => (self.typo.section, self.typo.heading_face),
            3 => (self.typo.subsection, self.typo.heading_face),
            4 => (self.typo.subsection, FaceId::Italic),
            5 => (self.typo.size, FaceId::BoldItalic),
            _ => (self.typo.size, FaceId::Italic),
        }
    }
}
