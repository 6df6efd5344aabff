//! The cover: four pages the size of the book's (front, two blank insides, back), set by the
//! text engine in the style's faces, the same design for the printed booklet and the e-book's
//! cover image.
//!
//! The front carries the title, subtitle and authors between two heavy rules, the publisher at
//! the foot; or, when `book.toml` names a picture (`[book] cover`), that picture over the whole
//! page and its bleed. The back carries the description and, when the identifier is an ISBN,
//! the ISBN. Cover text is never hyphenated. A title too long for its share of the page is set
//! smaller, step by step, until it fits (as Standard Ebooks does for its covers).
//!
//! [`text_pages`] sets pages of centred paragraphs with the same machinery, for sheets samizdat
//! prints about itself (the duplex calibration sheet).

use std::path::Path;

use super::flow::{Flow, Setting};
use super::page::{ImageSource, Item, Layout, Page};
use super::place::push_runs;
use super::render::Tagger;
use super::structure::{Structure, Tag};
use super::Typography;
use crate::diag::Diagnostic;
use crate::model::{Book, CoverPicture, Inline};
use crate::style::LoadedStyle;
use crate::text::{Align, FaceId, FontBook, Hyphenator};
use crate::units::Pt;

/// The title's size on the front, as a multiple of the chapter titles' size: twice, so that it
/// reads from across a room, as a pamphlet's title must.
const TITLE_SCALE: f64 = 2.0;
/// The most of the text block's height the title may take before it is set smaller: a third,
/// leaving room for the subtitle and the authors.
const TITLE_SHARE: f64 = 0.34;
/// Each smaller try is this much of the size before: ten steps from twice the chapter size reach
/// about the section size, small enough for any title a book can have.
const TITLE_STEP: f64 = 0.92;
/// The heavy rules above and below the front's text, in points: as heavy as a title's stems.
const RULE: f64 = 3.0;
/// The short rule between title and subtitle: a quarter of the measure, a point thick (as
/// heavy as the subtitle's hairlines are light, it parts them without a fence).
const SHORT_RULE_SHARE: f64 = 0.25;
const SHORT_RULE: f64 = 1.0;
/// Where the title's first line starts, as a share of the text block's height below its top.
const TITLE_DROP: f64 = 0.12;
/// Where the authors stand, as a share of the text block's height below its top.
const AUTHORS_DROP: f64 = 0.78;
/// Baseline to baseline on the cover, as a multiple of the size: display lines, few and large,
/// set tighter than the body's 1.35.
const COVER_LEADING: f64 = 1.2;
/// The subtitle's and the authors' sizes, as multiples of the section headings' size: a step
/// below the title, a step above the body, the subtitle (in italic) a little larger.
const SUBTITLE_SCALE: f64 = 1.3;
const AUTHORS_SCALE: f64 = 1.2;
/// The back's description, as a multiple of the body size: a blurb read at arm's length.
const BLURB_SCALE: f64 = 1.1;
/// The margin of a page of [`text_pages`], as a share of its width on each side: a tenth, the
/// usual margin of a printed notice.
const NOTICE_MARGIN: f64 = 0.1;

/// The cover's four pages, in the order front, inside front, inside back, back.
#[derive(Debug, Clone)]
pub struct Cover {
    pub layout: Layout,
    /// Problems met while setting it (a character no face has).
    pub warnings: Vec<Diagnostic>,
}

/// Sets the cover of `book`. `bleed` is how far a picture on the front reaches beyond the trim.
pub fn cover(book: &Book, style: &LoadedStyle, fonts: &FontBook, bleed: Pt) -> Cover {
    let typo = Typography::from_style(style);
    let (width, height) = style.style.print.page.trim_size();
    let margins = &style.style.print.page.margins;
    let hyphenator = Hyphenator::none();
    let mut setter = Setter {
        flow: Flow::new(fonts, &hyphenator, &typo, width, Path::new("book.toml")),
        typo: &typo,
        left: margins.outer.0,
        measure: width - margins.outer.0 * 2.0,
    };
    let top = margins.top.0;
    let block = height - margins.top.0 - margins.bottom.0;
    let mut layout = Layout {
        width,
        height,
        pages: Vec::new(),
        outline: Vec::new(),
        images: Vec::new(),
        first_arabic_page: 0,
        structure: Structure::default(),
    };
    let front = match &book.metadata.cover {
        Some(picture) => picture_page(&mut layout, picture, bleed),
        None => setter.front(book, top, block),
    };
    let back = setter.back(book, top, block);
    layout.pages = vec![front, Page::default(), Page::default(), back];
    Cover {
        layout,
        warnings: setter.flow.warnings,
    }
}

/// Pages of centred paragraphs (`pages[n]` holds page n's paragraphs, each with its size as a
/// multiple of the body's and its face), each page's text block centred in its height.
pub fn text_pages(
    style: &LoadedStyle,
    fonts: &FontBook,
    size: (Pt, Pt),
    pages: &[Vec<(f64, FaceId, String)>],
) -> Layout {
    let typo = Typography::from_style(style);
    let (width, height) = size;
    let margin = width * NOTICE_MARGIN;
    let hyphenator = Hyphenator::none();
    let mut setter = Setter {
        flow: Flow::new(fonts, &hyphenator, &typo, width, Path::new("")),
        typo: &typo,
        left: margin,
        measure: width - margin * 2.0,
    };
    let pages = pages
        .iter()
        .map(|paragraphs| {
            let mut page = Page::default();
            let set = |s: &mut Setter<'_, '_>, page: &mut Page, y: Pt| {
                paragraphs.iter().fold(y, |y, (scale, face, text)| {
                    let setting = s.setting(s.typo.size * *scale, *face);
                    s.block(page, text, setting, y) + s.typo.leading
                })
            };
            // Set once to measure, then again centred in the page's height.
            let depth = set(&mut setter, &mut Page::default(), Pt::ZERO);
            set(&mut setter, &mut page, (height - depth) / 2.0);
            page
        })
        .collect();
    Layout {
        width,
        height,
        pages,
        outline: Vec::new(),
        images: Vec::new(),
        first_arabic_page: 0,
        structure: Structure::default(),
    }
}

/// Sets centred text on cover pages.
struct Setter<'f, 'a> {
    flow: Flow<'f>,
    typo: &'a Typography,
    left: Pt,
    measure: Pt,
}

impl Setter<'_, '_> {
    fn setting(&self, size: Pt, face: FaceId) -> Setting {
        Setting {
            size,
            leading: size * COVER_LEADING,
            face,
            align: Align::RaggedRight,
            hyphenate: false,
            centred: true,
            indent: Pt::ZERO,
        }
    }

    /// Sets `text` from `y` (the top of its first line) down; returns the `y` below it.
    fn block(&mut self, page: &mut Page, text: &str, setting: Setting, y: Pt) -> Pt {
        let content = [Inline::Text {
            text: text.to_owned(),
        }];
        let mut y = y;
        // The cover is not tagged (the booklet that holds it is print only).
        let mut tree = Structure::piece();
        let alts = std::collections::BTreeMap::new();
        let mut tagger = Tagger {
            structure: &mut tree,
            alts: &alts,
        };
        for line in self.flow.set(&content, setting, self.measure, None) {
            y += setting.leading;
            push_runs(page, &mut tagger, &line, self.left, y, Tag::DECORATION);
        }
        y
    }

    fn rule(&self, page: &mut Page, y: Pt, width: Pt, thickness: Pt) {
        page.items.push(Item::Rule {
            x: self.left + (self.measure - width) / 2.0,
            y,
            width,
            thickness,
        });
    }

    /// The typographic front: title, subtitle and authors between two heavy rules.
    fn front(&mut self, book: &Book, top: Pt, block: Pt) -> Page {
        let meta = &book.metadata;
        let typo = self.typo;
        let mut page = Page::default();
        self.rule(&mut page, top, self.measure, Pt(RULE));
        let mut size = typo.chapter * TITLE_SCALE;
        let title = loop {
            let setting = self.setting(size, typo.heading_face);
            let depth = self.block(&mut Page::default(), &meta.title, setting, Pt::ZERO);
            if depth <= block * TITLE_SHARE || size <= typo.section {
                break setting;
            }
            size = (size * TITLE_STEP).max(typo.section);
        };
        let mut y = self.block(&mut page, &meta.title, title, top + block * TITLE_DROP);
        if let Some(subtitle) = &meta.subtitle {
            y += typo.leading;
            let width = self.measure * SHORT_RULE_SHARE;
            self.rule(&mut page, y, width, Pt(SHORT_RULE));
            let setting = self.setting(typo.section * SUBTITLE_SCALE, FaceId::Italic);
            self.block(&mut page, subtitle, setting, y + typo.leading * 0.5);
        }
        if !meta.authors.is_empty() {
            let setting = self.setting(typo.section * AUTHORS_SCALE, FaceId::Regular);
            let labels = crate::labels::for_lang(&meta.language);
            let authors = crate::labels::names(&meta.authors, labels);
            self.block(&mut page, &authors, setting, top + block * AUTHORS_DROP);
        }
        self.rule(&mut page, top + block, self.measure, Pt(RULE));
        if let Some(publisher) = &meta.publisher {
            let setting = self.setting(typo.caption, FaceId::Regular);
            self.block(&mut page, publisher, setting, top + block + typo.leading);
        }
        page
    }

    /// The back: the description, and the ISBN at the foot.
    fn back(&mut self, book: &Book, top: Pt, block: Pt) -> Page {
        let meta = &book.metadata;
        let typo = self.typo;
        let mut page = Page::default();
        if let Some(description) = &meta.description {
            let setting = Setting {
                align: Align::RaggedRight,
                centred: false,
                leading: typo.leading * BLURB_SCALE,
                ..self.setting(typo.size * BLURB_SCALE, FaceId::Regular)
            };
            self.block(&mut page, description, setting, top + typo.leading * 2.0);
        }
        if let Some(isbn) = crate::labels::isbn(&meta.identifier) {
            let setting = self.setting(typo.caption, FaceId::Regular);
            let y = top + block - typo.leading * 2.0;
            self.block(&mut page, &format!("ISBN {isbn}"), setting, y);
        }
        page
    }
}

/// The front as the book's picture, scaled to cover the page and its bleed, centred (what
/// reaches beyond the bleed is clipped where the page is drawn).
fn picture_page(layout: &mut Layout, picture: &CoverPicture, bleed: Pt) -> Page {
    let (w, h) = (layout.width + bleed * 2.0, layout.height + bleed * 2.0);
    let (px_w, px_h) = (
        f64::from(picture.width_px.max(1)),
        f64::from(picture.height_px.max(1)),
    );
    let scale = (w.0 / px_w).max(h.0 / px_h);
    let (width, height) = (Pt(px_w * scale), Pt(px_h * scale));
    let image = layout.image(ImageSource {
        path: picture.path.clone(),
        format: picture.format,
    });
    let mut page = Page::default();
    page.items.push(Item::Image {
        image,
        x: (layout.width - width) / 2.0,
        y: (layout.height - height) / 2.0,
        width,
        height,
        tag: Tag::DECORATION,
    });
    page
}
