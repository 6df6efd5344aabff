//! Front and back matter: half title, title page, colophon, contents, and the picture credits.
//!
//! They are laid out after the body, because the contents and the credits print body page numbers.
//! Front matter pages are numbered in roman (i, ii, ...) and always come in an even number, so the
//! body's first page is a recto.

use std::path::Path;

use super::flow::{Flow, Setting};
use super::page::{Item, LinkTarget, Page};
use super::place::push_runs;
use super::render::{Geometry, Out, Tagger};
use super::structure::{NodeId, Role, Structure, Tag};
use super::Typography;
use crate::model::{plain_text, Book, Inline, Matter, PageStart};
use crate::text::{Align, FaceId, FontBook, Hyphenator, Line};
use crate::units::Pt;

/// Roman numerals in lower case, as page labels show them.
pub fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (value, letters) in TABLE {
        while n >= value {
            out.push_str(letters);
            n -= value;
        }
    }
    out
}

fn text(t: &str) -> Vec<Inline> {
    vec![Inline::Text { text: t.to_owned() }]
}

struct Composer<'a> {
    flow: Flow<'a>,
    geo: &'a Geometry,
    typo: &'a Typography,
}

impl Composer<'_> {
    fn setting(&self, size: Pt, face: FaceId, centred: bool) -> Setting {
        Setting {
            size,
            leading: size * (self.typo.leading.0 / self.typo.size.0),
            face,
            align: Align::RaggedRight,
            hyphenate: false,
            centred,
            indent: Pt::ZERO,
        }
    }

    /// A new page of back or front matter (`matter`, for the page-list) with its centred title
    /// (and `anchor`, for the outline), the title an `H1` of `sect`; returns the page and the `y`
    /// where its list begins.
    fn titled_page(
        &mut self,
        tagger: &mut Tagger<'_>,
        sect: NodeId,
        physical: usize,
        (anchor, title): (&str, &str),
        matter: Matter,
    ) -> (Page, Pt) {
        let (geo, typo) = (self.geo, self.typo);
        let mut page = matter_page(matter);
        page.anchors.push((anchor.to_owned(), geo.top));
        let heading = self.setting(typo.section, typo.heading_face, true);
        let tag = Tag::node(tagger.structure.add(Some(sect), Role::Heading { level: 1 }));
        let y = self.block(
            &mut page,
            tagger,
            physical,
            &text(title),
            heading,
            (geo.top + geo.sink / 2.0, tag),
        );
        (page, y + typo.leading * 1.5)
    }

    /// Sets `content` centred (or flush left) from `y` down, as content of `tag`; returns the `y`
    /// below it.
    fn block(
        &mut self,
        page: &mut Page,
        tagger: &mut Tagger<'_>,
        physical: usize,
        content: &[Inline],
        setting: Setting,
        (y, tag): (Pt, Tag),
    ) -> Pt {
        let left = self.geo.left(physical);
        let mut y = y;
        for line in self.flow.set(content, setting, self.geo.measure, None) {
            y += setting.leading;
            push_runs(page, tagger, &line, left, y, tag);
        }
        y
    }

    /// A paragraph of `sect` set from `y` down (see [`Composer::block`]).
    fn paragraph(
        &mut self,
        page: &mut Page,
        tagger: &mut Tagger<'_>,
        (physical, sect): (usize, NodeId),
        content: &[Inline],
        setting: Setting,
        y: Pt,
    ) -> Pt {
        let tag = Tag::node(tagger.structure.add(Some(sect), Role::Paragraph));
        self.block(page, tagger, physical, content, setting, (y, tag))
    }

    fn line(&mut self, content: &[Inline], setting: Setting, measure: Pt) -> Option<Line> {
        self.flow
            .set(content, setting, measure, None)
            .into_iter()
            .next()
    }

    /// A folio centred at the foot, as on chapter openings.
    fn folio(&mut self, page: &mut Page, tagger: &mut Tagger<'_>, physical: usize) {
        let setting = self.setting(self.typo.caption, FaceId::Regular, true);
        let label = text(&page.label);
        if let Some(line) = self.line(&label, setting, self.geo.measure) {
            let baseline = self.geo.top + self.geo.text_height + self.typo.leading * 1.5;
            let left = self.geo.left(physical);
            push_runs(page, tagger, &line, left, baseline, Tag::PAGINATION);
        }
    }
}

/// An empty page of `matter`.
fn matter_page(matter: Matter) -> Page {
    Page {
        start: PageStart::Matter { matter },
        ..Page::default()
    }
}

/// The anchors of the contents and the picture credits, for the outline.
pub const CONTENTS_ANCHOR: &str = "samizdat-contents";
pub const CREDITS_ANCHOR: &str = "samizdat-credits";

/// Half title, title page, colophon and contents, padded to an even number of pages.
pub fn front_matter(
    book: &Book,
    fonts: &FontBook,
    hyphenator: &Hyphenator,
    typo: &Typography,
    geo: &Geometry,
    enabled: bool,
    out: &mut Out,
) -> Vec<Page> {
    if !enabled {
        return Vec::new();
    }
    // Its nodes go before the chapters' (the front matter is made after them).
    let chapters = out.layout.structure.nodes[0].children.len();
    let anchor_pages = out.anchor_pages.clone();
    let tagger = &mut out.tagger();
    let sect = |tagger: &mut Tagger<'_>| tagger.structure.add(Some(Structure::ROOT), Role::Sect);
    let source = Path::new("book.toml");
    let mut c = Composer {
        flow: Flow::new(fonts, hyphenator, typo, geo.measure, source),
        geo,
        typo,
    };
    let meta = &book.metadata;
    let labels = crate::labels::for_lang(&meta.language);
    let mut pages = Vec::new();

    // i: half title, a third of the way down.
    let mut half = matter_page(Matter::TitlePage);
    let s = c.setting(typo.section, FaceId::Regular, true);
    let at = (0, sect(tagger));
    c.paragraph(
        &mut half,
        tagger,
        at,
        &text(&meta.title),
        s,
        geo.top + geo.text_height / 4.0,
    );
    pages.push(half);
    // ii: blank.
    pages.push(Page::default());

    // iii: title page.
    let mut title = matter_page(Matter::TitlePage);
    let mut y = geo.top + geo.text_height / 5.0;
    let s = c.setting(typo.chapter * 1.2, typo.heading_face, true);
    let at = (2, sect(tagger));
    y = c.paragraph(&mut title, tagger, at, &text(&meta.title), s, y);
    if let Some(subtitle) = &meta.subtitle {
        let s = c.setting(typo.section, FaceId::Italic, true);
        let y_sub = y + typo.leading * 0.5;
        y = c.paragraph(&mut title, tagger, at, &text(subtitle), s, y_sub);
    }
    if !meta.authors.is_empty() {
        let s = c.setting(typo.section, FaceId::Regular, true);
        let authors = text(&crate::labels::names(&meta.authors, labels));
        c.paragraph(&mut title, tagger, at, &authors, s, y + typo.leading * 3.0);
    }
    if let Some(publisher) = &meta.publisher {
        let s = c.setting(typo.size, FaceId::Regular, true);
        let y = geo.top + geo.text_height - typo.leading * 2.0;
        c.paragraph(&mut title, tagger, at, &text(publisher), s, y);
    }
    pages.push(title);

    // iv: colophon, at the foot of the title's verso.
    let mut colophon = matter_page(Matter::Colophon);
    let mut lines: Vec<String> = (crate::labels::colophon(meta).into_iter())
        .map(|(_, line)| line)
        .collect();
    lines.push(format!("{} {}.", labels.typeset_with, fonts.family()));
    let s = c.setting(typo.caption, FaceId::Regular, false);
    let s = Setting {
        align: Align::RaggedRight,
        ..s
    };
    let height = s.leading * (lines.len() as f64 + 2.0);
    let mut y = geo.top + geo.text_height - height;
    let at = (3, sect(tagger));
    for line in &lines {
        y = c.paragraph(&mut colophon, tagger, at, &text(line), s, y);
        y += s.leading * 0.3;
    }
    pages.push(colophon);

    // v...: contents: chapters, and their sections down to the style's depth, indented.
    let mut entries = Vec::new();
    for (_, chapter) in book.titled_chapters() {
        let Some(title) = chapter.title.as_ref() else {
            continue;
        };
        let label = match chapter.number {
            Some(n) => format!("{n}. {}", plain_text(title)),
            None => plain_text(title),
        };
        let sections = chapter
            .sections
            .iter()
            .filter(|s| s.level <= c.typo.contents_depth)
            .map(|s| {
                let level = ContentsLevel::Section { level: s.level };
                (s.id.as_str(), plain_text(&s.title), level)
            });
        for (id, label, level) in
            std::iter::once((chapter.id.as_str(), label, ContentsLevel::Chapter)).chain(sections)
        {
            if let Some(page) = anchor_pages.get(id) {
                entries.push(ContentsEntry {
                    id: id.to_owned(),
                    label,
                    page: (page + 1).to_string(),
                    level,
                });
            }
        }
    }
    let contents_start = pages.len();
    if !entries.is_empty() {
        let at = (pages.len(), sect(tagger));
        let mut extra = contents_pages(&mut c, tagger, book, &entries, at);
        pages.append(&mut extra);
    }
    let contents_end = pages.len();
    if pages.len() % 2 == 1 {
        pages.push(Page::default());
    }
    for (n, page) in pages.iter_mut().enumerate() {
        page.label = roman(n + 1);
        if (contents_start..contents_end).contains(&n) {
            c.folio(page, tagger, n);
        }
    }
    let root = &mut tagger.structure.nodes[0].children;
    let made = root.len() - chapters;
    root.rotate_right(made);
    pages
}

/// One line of the contents.
struct ContentsEntry {
    id: String,
    label: String,
    /// The folio printed for it.
    page: String,
    level: ContentsLevel,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ContentsLevel {
    Chapter,
    /// A section (`level` 2 for `##` ... 6), indented under its chapter or section.
    Section {
        level: u8,
    },
}

/// The contents: a heading, then one entry per chapter (and per section, indented) with its page
/// number flush right, each a link to its place.
fn contents_pages(
    c: &mut Composer<'_>,
    tagger: &mut Tagger<'_>,
    book: &Book,
    entries: &[ContentsEntry],
    (first_physical, sect): (usize, NodeId),
) -> Vec<Page> {
    let geo = c.geo;
    let typo = c.typo;
    let mut physical = first_physical;
    let title = crate::labels::for_lang(&book.metadata.language).contents;
    let (first, mut y) = c.titled_page(
        tagger,
        sect,
        physical,
        (CONTENTS_ANCHOR, title),
        Matter::Contents,
    );
    let toc = tagger.structure.add(Some(sect), Role::Contents);
    let mut pages = vec![first];
    let entry = c.setting(typo.size, FaceId::Regular, false);
    let number_room = typo.size * 3.0;
    let set: Vec<(Pt, Vec<Line>)> = entries
        .iter()
        .map(|e| {
            // Each level is indented by two paragraph indents more, so it hangs under the one
            // above.
            let indent = match e.level {
                ContentsLevel::Chapter => Pt::ZERO,
                ContentsLevel::Section { level } => {
                    typo.indent * 2.0 * f64::from(level.saturating_sub(1).max(1))
                }
            };
            let measure = geo.measure - number_room - indent;
            (indent, c.flow.set(&text(&e.label), entry, measure, None))
        })
        .collect();
    let counts: Vec<usize> = set.iter().map(|(_, lines)| lines.len()).collect();
    let room = (geo.top + geo.text_height - y, geo.text_height);
    let gap = list_gap(&counts, room, entry.leading, CONTENTS_GAP);
    for (
        ContentsEntry {
            id, page: number, ..
        },
        (indent, lines),
    ) in entries.iter().zip(set)
    {
        let needed = entry.leading * (lines.len() as f64 + gap);
        if y + needed > geo.top + geo.text_height {
            pages.push(matter_page(Matter::Contents));
            physical += 1;
            y = geo.top;
        }
        let left = geo.left(physical);
        let Some(page) = pages.last_mut() else {
            continue;
        };
        let top = y;
        let text_left = left + indent;
        // An item of the contents: a link, its text and its page number.
        let item = tagger.structure.add(Some(toc), Role::ContentsItem);
        let link = Tag::node(tagger.structure.add(Some(item), Role::Link));
        for line in &lines {
            y += entry.leading;
            push_runs(page, tagger, line, text_left, y, link);
        }
        let folio = c
            .line(&text(number), entry, number_room)
            .map(|num| (num, y));
        let Some(page) = pages.last_mut() else {
            continue;
        };
        let target = LinkTarget::Internal { id: id.clone() };
        let span = top..y + typo.size * 0.3;
        finish_entry(page, tagger, (geo, left), folio, span, (target, link));
        y += entry.leading * gap;
    }
    pages
}

/// The space after an entry of the contents, in leadings: enough to tell the entries apart.
const CONTENTS_GAP: f64 = 0.4;
/// ... and after a picture credit, which often runs to two lines.
const CREDITS_GAP: f64 = 0.5;
/// The least space a list's entries close up to (see [`list_gap`]): a fifth of a line still
/// tells one entry from the next.
const MIN_LIST_GAP: f64 = 0.2;
/// The steps the space closes up by.
const LIST_GAP_STEP: f64 = 0.05;

/// The space after each entry of a list set `leading` apart (the contents, the picture
/// credits), whose entries take `counts` lines, on pages with `room` (the first page's, below its
/// title, then every other's): `gap`, or the widest space down to [`MIN_LIST_GAP`] that sets the
/// list on one page fewer. A contents that runs three entries onto a page of their own closes up
/// instead, as a designer would set it.
fn list_gap(counts: &[usize], (first, other): (Pt, Pt), leading: Pt, gap: f64) -> f64 {
    let pages = |gap: f64| {
        let (mut pages, mut used, mut room) = (1, Pt::ZERO, first);
        for &n in counts {
            if used + leading * (n as f64 + gap) > room {
                (pages, used, room) = (pages + 1, Pt::ZERO, other);
            }
            used += leading * (n as f64 + gap);
        }
        pages
    };
    let at_gap = pages(gap);
    let steps = ((gap - MIN_LIST_GAP) / LIST_GAP_STEP).round() as usize;
    (1..=steps)
        .map(|k| gap - k as f64 * LIST_GAP_STEP)
        .find(|&closer| pages(closer) < at_gap)
        .unwrap_or(gap)
}

/// Ends an entry of the contents or the credits: its page number flush right on `baseline`, and
/// a link over the whole entry, across the measure, from `span.start` down to `span.end`.
fn finish_entry(
    page: &mut Page,
    tagger: &mut Tagger<'_>,
    (geo, left): (&Geometry, Pt),
    folio: Option<(Line, Pt)>,
    span: std::ops::Range<Pt>,
    (target, tag): (LinkTarget, Tag),
) {
    if let Some((num, baseline)) = folio {
        let x = left + geo.measure - num.width;
        push_runs(page, tagger, &num, x, baseline, tag);
    }
    page.items.push(Item::Link {
        x: left,
        y: span.start,
        width: geo.measure,
        height: span.end - span.start,
        target,
        tag,
    });
}

/// The picture credits: every figure's caption and credit with its page number, each a link.
pub fn credits_page(
    book: &Book,
    fonts: &FontBook,
    hyphenator: &Hyphenator,
    typo: &Typography,
    geo: &Geometry,
    out: &mut Out,
) -> Vec<Page> {
    if book.credits.is_empty() {
        return Vec::new();
    }
    let anchor_pages = out.anchor_pages.clone();
    let body_pages = out.layout.pages.len();
    let tagger = &mut out.tagger();
    let sect = tagger.structure.add(Some(Structure::ROOT), Role::Sect);
    let mut c = Composer {
        flow: Flow::new(fonts, hyphenator, typo, geo.measure, Path::new("book.toml")),
        geo,
        typo,
    };
    let mut physical = body_pages;
    let title = crate::labels::for_lang(&book.metadata.language).picture_credits;
    let (first, mut y) = c.titled_page(
        tagger,
        sect,
        physical,
        (CREDITS_ANCHOR, title),
        Matter::PictureCredits,
    );
    let mut pages = vec![first];
    let entry = Setting {
        size: typo.caption,
        leading: typo.caption_leading,
        face: FaceId::Regular,
        align: Align::RaggedRight,
        // A list: ragged, and no word broken at its ragged edge.
        hyphenate: false,
        centred: false,
        indent: Pt::ZERO,
    };
    let number_room = typo.size * 3.0;
    let set: Vec<Vec<Line>> = book
        .credits
        .iter()
        .map(|credit| {
            let mut content = credit.caption.clone();
            if let Some(by) = &credit.credit {
                let ends_sentence = plain_text(&content).trim_end().ends_with(['.', '!', '?']);
                content.push(Inline::Text {
                    text: if ends_sentence { " " } else { ". " }.to_owned(),
                });
                content.push(Inline::Emphasis {
                    content: by.clone(),
                });
            }
            c.flow.set(&content, entry, geo.measure - number_room, None)
        })
        .collect();
    let counts: Vec<usize> = set.iter().map(Vec::len).collect();
    let room = (geo.top + geo.text_height - y, geo.text_height);
    let gap = list_gap(&counts, room, entry.leading, CREDITS_GAP);
    for (credit, lines) in book.credits.iter().zip(set) {
        let page_number = anchor_pages
            .get(&credit.figure_id)
            .map(|p| (p + 1).to_string())
            .unwrap_or_default();
        let needed = entry.leading * (lines.len() as f64 + gap);
        if y + needed > geo.top + geo.text_height {
            pages.push(matter_page(Matter::PictureCredits));
            physical += 1;
            y = geo.top;
        }
        let left = geo.left(physical);
        let top = y;
        let Some(page) = pages.last_mut() else {
            continue;
        };
        let mut first_baseline = None;
        // A paragraph that is one link: the caption, the credit and the page number.
        let paragraph = tagger.structure.add(Some(sect), Role::Paragraph);
        let link = Tag::node(tagger.structure.add(Some(paragraph), Role::Link));
        for line in &lines {
            y += entry.leading;
            first_baseline.get_or_insert(y);
            push_runs(page, tagger, line, left, y, link);
        }
        let folio = c
            .line(&text(&page_number), entry, number_room)
            .zip(first_baseline);
        let Some(page) = pages.last_mut() else {
            continue;
        };
        let target = LinkTarget::Internal {
            id: credit.figure_id.clone(),
        };
        let span = top..y + typo.size * 0.3;
        finish_entry(page, tagger, (geo, left), folio, span, (target, link));
        y += entry.leading * gap;
    }
    for (n, page) in pages.iter_mut().enumerate() {
        page.label = (body_pages + n + 1).to_string();
        c.folio(page, tagger, body_pages + n);
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::{list_gap, roman, CONTENTS_GAP};
    use crate::units::Pt;

    #[test]
    fn a_list_closes_up_rather_than_run_a_few_entries_onto_a_page() {
        // 23 one-line entries, 28 lines below the title, 40 on later pages: at 0.4 lines apart,
        // 20 fit and 3 go over; at 0.2, all 23 fit (27.6 lines).
        let entries = [1; 23];
        let gap = list_gap(&entries, (Pt(28.0), Pt(40.0)), Pt(1.0), CONTENTS_GAP);
        assert!((gap - 0.2).abs() < 1e-9, "{gap}");
        // A list that fits keeps its space; one that even closed up would not save a page too.
        let fits = list_gap(&[1; 19], (Pt(28.0), Pt(40.0)), Pt(1.0), CONTENTS_GAP);
        assert_eq!(fits, CONTENTS_GAP);
        let long = list_gap(&[1; 40], (Pt(28.0), Pt(40.0)), Pt(1.0), CONTENTS_GAP);
        assert_eq!(long, CONTENTS_GAP);
        // The widest space that saves the page: 22 entries fit at 0.25 (27.5 lines), not 0.3.
        let widest = list_gap(&[1; 22], (Pt(28.0), Pt(40.0)), Pt(1.0), CONTENTS_GAP);
        assert!((widest - 0.25).abs() < 1e-9, "{widest}");
        // Never closer than the least space: 24 entries would need 0.15.
        let tight = list_gap(&[1; 24], (Pt(28.0), Pt(40.0)), Pt(1.0), CONTENTS_GAP);
        assert_eq!(tight, CONTENTS_GAP);
    }

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 4, 9, 14, 40, 1999].iter().map(|n| roman(*n)).collect();
        assert_eq!(got, ["i", "iv", "ix", "xiv", "xl", "mcmxcix"]);
    }
}
