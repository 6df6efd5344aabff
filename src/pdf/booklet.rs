//! The booklet: the reading pages (and the cover's) imposed two-up on sheets, from the parts
//! the reading PDF was made of.
//!
//! [`write_booklet`] asks [`crate::impose`] where every page goes, chooses the sheet, and places
//! each page as a Form XObject ([`super::sheets`]): pages at 100 %, side by side, the gutter at
//! the fold in the middle of the sheet. On a long-edge duplex printer every back side is turned
//! half a turn, so that it comes out upright. The pages of the k-th sheet from the outside of a
//! signature move k × caliper toward the fold (creep), so that the fore-edge trims straight.
//! A page keeps its bleed on its three outer sides; at the fold it is cut.
//!
//! Marks: with crop marks (`--marks`), eight hairlines on the outside of every sheet mark the
//! outer corners of the two pages' trim, and two more in the slug mark the fold. Without them,
//! on a sheet the pages fill (two A5 pages on A4 for an office printer, which leaves its own
//! unprinted edge), the fold is marked by two short lines at the sheet's edges on the inside
//! of the fold, in the margins, where the finished booklet never shows them.

use super::document::{Prepared, MARK_OFFSET};
use super::sheets::{write_sheets, Area, Mark, Placement, SheetSide, Turn};
use super::PdfError;
use crate::impose::{impose, Blanks, CoverPage, CoverSheet, LastPage, Scheme, Sheet, Side, Slot};
use crate::layout::{Layout, CREDITS_ANCHOR};
use crate::model::Metadata;
use crate::style::{BlankPlacement, BookletStyle, CoverMode, Duplex, SheetSize};
use crate::units::Pt;

/// How long a crop or fold mark is in the slug of a booklet's sheet: 9 pt (1/8 in), so that two
/// A5 pages with a 3 mm bleed and their marks (3 pt beyond the bleed) fit an SRA4 sheet, whose
/// short side leaves 7.5 mm above and below them.
const MARK_LENGTH: f64 = 9.0;

/// How far a fold mark reaches into a sheet the pages fill: 8 mm, past the 4 to 5 mm an office
/// printer leaves unprinted at the paper's edge, and well inside any top or bottom margin.
const FOLD_MARK_MM: f64 = 8.0;

/// The slack allowed when a sheet is checked against what it must hold: a hundredth of a point,
/// far below any printer's precision (so that two A5 pages fit A4's 210 mm exactly).
const FIT: f64 = 0.01;

/// What the booklet gives: the sheets, and the cover's sheet when it is printed apart.
#[derive(Debug)]
pub struct Booklet {
    pub sheets: Vec<u8>,
    pub cover: Option<Vec<u8>>,
}

/// The reading pages and the cover's, with their prepared parts.
pub struct BookletParts<'a> {
    pub reading: (&'a Layout, &'a Prepared),
    /// The cover's four pages (front, inside front, inside back, back), when there is a cover.
    pub cover: Option<(&'a Layout, &'a Prepared)>,
}

/// Imposes the pages as `settings` says and writes the booklet (and its separate cover).
pub fn write_booklet(
    parts: &BookletParts<'_>,
    settings: &BookletStyle,
    metadata: &Metadata,
) -> Result<Booklet, PdfError> {
    let (layout, prepared) = parts.reading;
    let page = (layout.width, layout.height);
    let g = &prepared.geometry;
    let reach = if g.marks {
        g.bleed + MARK_OFFSET + MARK_LENGTH
    } else {
        g.bleed
    };
    let sheet = choose_sheet(page, settings.sheet, Pt(reach))?;
    let frame = Frame {
        sheet,
        page,
        bleed: Pt(g.bleed),
        marks: g.marks,
        caliper: settings.caliper.0,
        duplex: settings.duplex,
    };
    let cover = match (settings.cover, parts.cover.is_some()) {
        (CoverMode::SelfCover, true) => CoverSheet::Wrapped,
        (CoverMode::Separate, true) => CoverSheet::Apart,
        _ => CoverSheet::Without,
    };
    let imposition = impose(&Scheme {
        pages: layout.pages.len(),
        sheets_per_signature: settings.signature.map(|s| s.0 as usize),
        blanks: match settings.blanks {
            BlankPlacement::BeforeLastPage => Blanks::BeforeLastPage,
            BlankPlacement::End => Blanks::AtEnd,
        },
        last_page: last_page(layout),
        cover,
    });
    let mut sources = vec![prepared];
    if let Some((_, cover)) = parts.cover {
        sources.push(cover);
    }
    let sides: Vec<SheetSide> = imposition
        .sheets
        .iter()
        .enumerate()
        .flat_map(|(n, sheet)| frame.sides(sheet, n + 1))
        .collect();
    let sheets = write_sheets(&sources, &sides, sheet, metadata)?;
    let cover = match imposition.cover {
        Some(sheet) => Some(write_sheets(
            &sources,
            &frame.sides(&sheet, 1),
            frame.sheet,
            metadata,
        )?),
        None => None,
    };
    Ok(Booklet { sheets, cover })
}

/// Whether the last page stands alone (a chapter opening or the picture credits' first page),
/// so that blanks may go before it.
fn last_page(layout: &Layout) -> LastPage {
    match layout.pages.last() {
        Some(page) if page.opening || page.anchors.iter().any(|(id, _)| id == CREDITS_ANCHOR) => {
            LastPage::StandsAlone
        }
        _ => LastPage::ContinuesText,
    }
}

/// The sheet (long side, short side) that holds two `page`s side by side with `reach` (bleed
/// and marks) around them: the one asked for, or for `auto` the smallest standard sheet.
pub fn choose_sheet(page: (Pt, Pt), asked: SheetSize, reach: Pt) -> Result<(Pt, Pt), PdfError> {
    let need = (page.0 * 2.0 + reach * 2.0, page.1 + reach * 2.0);
    let holds = |(long, short): (Pt, Pt)| long.0 + FIT >= need.0 .0 && short.0 + FIT >= need.1 .0;
    let mm = |v: Pt| v.to_mm().round();
    let found = match asked {
        SheetSize::Auto => SheetSize::STANDARD
            .iter()
            .filter_map(|sheet| sheet.sides())
            .find(|sides| holds(*sides)),
        sheet => sheet.sides().filter(|sides| holds(*sides)),
    };
    found.ok_or_else(|| PdfError::Impose {
        message: format!(
            "two {} × {} mm pages side by side{} need a sheet of {} × {} mm, larger than {}",
            mm(page.0),
            mm(page.1),
            if reach > Pt::ZERO {
                ", with their bleed and marks,"
            } else {
                ""
            },
            mm(need.0),
            mm(need.1),
            match asked {
                SheetSize::Auto => "any standard sheet".to_owned(),
                sheet => sheet.name(),
            }
        ),
    })
}

/// Which page goes where on a sheet side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hand {
    Left,
    Right,
}

/// The geometry every sheet of a booklet shares.
struct Frame {
    /// Long side (across, the fold in its middle) and short side.
    sheet: (Pt, Pt),
    page: (Pt, Pt),
    bleed: Pt,
    marks: bool,
    caliper: Pt,
    duplex: Duplex,
}

impl Frame {
    /// A sheet's two sides, labelled with its number.
    fn sides(&self, sheet: &Sheet, number: usize) -> Vec<SheetSide> {
        let back_turn = match self.duplex {
            Duplex::Short => Turn::Upright,
            Duplex::Long => Turn::UpsideDown,
        };
        vec![
            SheetSide {
                placements: self.placements(&sheet.front, sheet.depth),
                marks: self.outside_marks(),
                turn: Turn::Upright,
                label: format!("{number} front"),
            },
            SheetSide {
                placements: self.placements(&sheet.back, sheet.depth),
                marks: self.inside_marks(),
                turn: back_turn,
                label: format!("{number} back"),
            },
        ]
    }

    fn placements(&self, side: &Side, depth: usize) -> Vec<Placement> {
        [(side.left, Hand::Left), (side.right, Hand::Right)]
            .into_iter()
            .filter_map(|(slot, hand)| {
                let (source, page) = source_of(slot)?;
                Some(self.place(source, page, hand, depth))
            })
            .collect()
    }

    /// The fold's x, and the bottom of the pages' trim.
    fn fold_and_foot(&self) -> (Pt, Pt) {
        (self.sheet.0 / 2.0, (self.sheet.1 - self.page.1) / 2.0)
    }

    /// A page on the `hand` side of the fold of a sheet `depth` sheets in from the outside.
    fn place(&self, source: usize, page: usize, hand: Hand, depth: usize) -> Placement {
        let (fold, y) = self.fold_and_foot();
        let creep = self.caliper * depth as f64;
        let (w, h, b) = (self.page.0, self.page.1, self.bleed);
        let (x, left, right) = match hand {
            Hand::Left => {
                let x = fold - w + creep;
                (x, x - b, fold)
            }
            Hand::Right => {
                let x = fold - creep;
                (x, fold, x + w + b)
            }
        };
        Placement {
            source,
            page,
            x,
            y,
            turn: Turn::Upright,
            clip: Area {
                left,
                bottom: y - b,
                right,
                top: y + h + b,
            },
        }
    }

    /// Whether the sheet leaves room for marks outside the trim and bleed, above and below.
    fn has_slug(&self) -> bool {
        let (_, foot) = self.fold_and_foot();
        foot.0 + FIT >= self.bleed.0 + MARK_OFFSET + MARK_LENGTH
    }

    /// Crop marks at the pages' outer corners and fold marks in the slug (with `--marks`, or
    /// fold marks alone when the sheet has a slug).
    fn outside_marks(&self) -> Vec<Mark> {
        if !self.has_slug() {
            return Vec::new();
        }
        let (fold, bottom) = self.fold_and_foot();
        let top = bottom + self.page.1;
        let gap = self.bleed + Pt(MARK_OFFSET);
        let len = Pt(MARK_LENGTH);
        let vertical = |x: Pt, from: Pt, to: Pt| Mark {
            from: (x, from),
            to: (x, to),
        };
        let mut marks = vec![
            vertical(fold, top + gap, top + gap + len),
            vertical(fold, bottom - gap - len, bottom - gap),
        ];
        if self.marks {
            let (left, right) = (fold - self.page.0, fold + self.page.0);
            for y in [bottom, top] {
                marks.push(Mark {
                    from: (left - gap - len, y),
                    to: (left - gap, y),
                });
                marks.push(Mark {
                    from: (right + gap, y),
                    to: (right + gap + len, y),
                });
            }
            for x in [left, right] {
                marks.push(vertical(x, bottom - gap - len, bottom - gap));
                marks.push(vertical(x, top + gap, top + gap + len));
            }
        }
        marks
    }

    /// On a sheet without a slug, short fold marks from its edges, inside the fold.
    fn inside_marks(&self) -> Vec<Mark> {
        if self.has_slug() {
            return Vec::new();
        }
        let (fold, _) = self.fold_and_foot();
        let (height, reach) = (self.sheet.1, Pt::from_mm(FOLD_MARK_MM));
        vec![
            Mark {
                from: (fold, height - reach),
                to: (fold, height),
            },
            Mark {
                from: (fold, Pt::ZERO),
                to: (fold, reach),
            },
        ]
    }
}

/// The prepared document (0: the reading pages, 1: the cover) and page a slot shows.
fn source_of(slot: Slot) -> Option<(usize, usize)> {
    match slot {
        Slot::Page { index } => Some((0, index)),
        Slot::Cover { page } => Some((
            1,
            match page {
                CoverPage::Front => 0,
                CoverPage::InsideFront => 1,
                CoverPage::InsideBack => 2,
                CoverPage::Back => 3,
            },
        )),
        Slot::Blank => None,
    }
}
