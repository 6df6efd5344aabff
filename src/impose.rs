//! Imposition: where each page of a pamphlet goes on the sheets that are printed on both sides,
//! folded once and stapled through the fold (saddle stitch), or folded in signatures and sewn.
//!
//! This is a pure function of a few numbers ([`impose`]): it knows nothing of PDF, sizes or
//! paper. The PDF writer places the pages where it says (`crate::pdf`), and the tests compare it
//! with psbook's classic order for every page count from 1 to 64 and signatures of 1, 2, 4 and 8
//! sheets.
//!
//! The rules, in the order they apply:
//! 1. **Blanks.** The reading pages are padded to a multiple of four with blank pages, never
//!    inside the text: before the last page when that page stands alone (it opens something of
//!    its own, such as a chapter or the picture credits, so a back page stays at the back), else
//!    after it; [`Blanks::AtEnd`] always puts them after it.
//! 2. **Signatures.** The sheets are cut into signatures of at most the sheets asked for, as
//!    few as can be, sizes differing by one at most, the larger first (so when the sheets do not
//!    divide evenly, the last signatures are a sheet smaller). A signature of one lone sheet is
//!    never made unless one-sheet signatures were asked for: with two-sheet signatures and an odd
//!    number of sheets, the first signature takes three.
//! 3. **Order.** Within a signature of `P` pages, sheet `s` (0 is the outermost) carries pages
//!    `P − 2s` (left) and `2s + 1` (right) on its front, the outside of the fold, and `2s + 2`
//!    (left) and `P − 2s − 1` (right) on its back, counting from 1 in the signature's own pages.
//! 4. **Cover.** The cover's four pages (front, two blank insides, back) make one more sheet,
//!    kept out of the signatures: wrapped around them ([`CoverSheet::Wrapped`], a self-cover,
//!    first among the sheets; with a single signature it is that signature's outermost sheet),
//!    printed apart on heavier paper ([`CoverSheet::Apart`]), or left out.

/// What one page place of a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    /// The reading PDF's page at this index (0-based): it keeps its own folio.
    Page { index: usize },
    /// One of the cover's four pages.
    Cover { page: CoverPage },
    /// A page left white to make up the sheets.
    Blank,
}

/// The four pages of a cover, as they are met from outside to inside and back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CoverPage {
    Front,
    InsideFront,
    InsideBack,
    Back,
}

/// One side of a sheet: two pages side by side, the fold between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    pub left: Slot,
    pub right: Slot,
}

/// A sheet, printed on both sides and folded once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sheet {
    /// The signature it belongs to, counting from 0 in the order they are gathered.
    pub signature: usize,
    /// Its place in its signature's nest: 0 for the outermost sheet. Creep grows with it.
    pub depth: usize,
    /// The side that is outside once folded (it carries the signature's last and first pages
    /// on its outermost sheet).
    pub front: Side,
    /// The side inside the fold.
    pub back: Side,
}

/// Where the blanks that make up the last sheet go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Blanks {
    /// Before the last page when it stands alone ([`LastPage::StandsAlone`]), else at the end.
    #[default]
    BeforeLastPage,
    /// After the last page, always.
    AtEnd,
}

/// What the reading PDF's last page is, which decides whether blanks may come before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LastPage {
    /// It starts something of its own (a chapter opening, the picture credits): a blank before
    /// it falls between two parts, not inside the text.
    StandsAlone,
    /// It carries on from the page before it: a blank before it would fall inside the text.
    ContinuesText,
}

/// What becomes of the cover's sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoverSheet {
    /// A self-cover: the cover's sheet wraps the pages, on the same paper.
    Wrapped,
    /// Printed apart (on heavier paper) and wrapped around the booklet by hand.
    Apart,
    /// No cover: the reading pages alone.
    Without,
}

/// What to impose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scheme {
    /// The reading PDF's page count.
    pub pages: usize,
    /// The most sheets a signature may have; `None` for one signature of every sheet.
    pub sheets_per_signature: Option<usize>,
    pub blanks: Blanks,
    pub last_page: LastPage,
    pub cover: CoverSheet,
}

/// The sheets to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imposition {
    /// Every sheet of the booklet in printing order: the wrapped cover first, then each
    /// signature's sheets from the outermost in.
    pub sheets: Vec<Sheet>,
    /// The cover's sheet, when it is printed apart.
    pub cover: Option<Sheet>,
    /// How many blank pages were added to the reading pages.
    pub blanks: usize,
}

/// Imposes `scheme`: see the module documentation for the rules.
pub fn impose(scheme: &Scheme) -> Imposition {
    let reading = padded(scheme.pages, scheme.blanks, scheme.last_page);
    let blanks = reading.len() - scheme.pages;
    let sizes = signature_sizes(reading.len() / 4, scheme.sheets_per_signature);
    let cover = [
        Slot::Cover {
            page: CoverPage::Front,
        },
        Slot::Cover {
            page: CoverPage::InsideFront,
        },
        Slot::Cover {
            page: CoverPage::InsideBack,
        },
        Slot::Cover {
            page: CoverPage::Back,
        },
    ];
    let mut sheets = Vec::new();
    let mut apart = None;
    let mut first_signature = 0;
    match scheme.cover {
        CoverSheet::Wrapped if sizes.len() == 1 => {
            // One signature: the cover is simply its outermost sheet.
            let mut whole = Vec::with_capacity(reading.len() + 4);
            whole.extend_from_slice(&cover[..2]);
            whole.extend_from_slice(&reading);
            whole.extend_from_slice(&cover[2..]);
            return Imposition {
                sheets: fold(&whole, 0),
                cover: None,
                blanks,
            };
        }
        CoverSheet::Wrapped => {
            sheets.extend(fold(&cover, 0));
            first_signature = 1;
        }
        CoverSheet::Apart => apart = fold(&cover, 0).into_iter().next(),
        CoverSheet::Without => {}
    }
    let mut start = 0;
    for (n, size) in sizes.into_iter().enumerate() {
        let pages = &reading[start..start + 4 * size];
        sheets.extend(fold(pages, first_signature + n));
        start += 4 * size;
    }
    Imposition {
        sheets,
        cover: apart,
        blanks,
    }
}

/// The reading pages as slots, padded with blanks to a multiple of four (see [`Blanks`]).
pub fn padded(pages: usize, blanks: Blanks, last_page: LastPage) -> Vec<Slot> {
    let mut slots: Vec<Slot> = (0..pages).map(|index| Slot::Page { index }).collect();
    let missing = (4 - pages % 4) % 4;
    let before_last =
        blanks == Blanks::BeforeLastPage && last_page == LastPage::StandsAlone && pages >= 2;
    let at = if before_last { pages - 1 } else { pages };
    slots.splice(at..at, std::iter::repeat_n(Slot::Blank, missing));
    slots
}

/// How many sheets each signature has, in order (see the module documentation, rule 2).
pub fn signature_sizes(sheets: usize, most: Option<usize>) -> Vec<usize> {
    let most = most.unwrap_or(sheets).max(1);
    if sheets == 0 {
        return Vec::new();
    }
    let mut count = sheets.div_ceil(most);
    // A lone sheet would be left (only with two-sheet signatures and an odd count): one
    // signature fewer, and the first takes a sheet more.
    if most >= 2 && count > 1 && sheets < 2 * count {
        count -= 1;
    }
    let (base, larger) = (sheets / count, sheets % count);
    (0..count)
        .map(|n| if n < larger { base + 1 } else { base })
        .collect()
}

/// The sheets of one signature whose pages, in reading order, are `pages` (a multiple of four).
fn fold(pages: &[Slot], signature: usize) -> Vec<Sheet> {
    let count = pages.len();
    (0..count / 4)
        .map(|s| Sheet {
            signature,
            depth: s,
            front: Side {
                left: pages[count - 2 * s - 1],
                right: pages[2 * s],
            },
            back: Side {
                left: pages[2 * s + 1],
                right: pages[count - 2 * s - 2],
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(index: usize) -> Slot {
        Slot::Page { index }
    }

    #[test]
    fn eight_pages_fold_into_two_sheets() {
        let imposition = impose(&Scheme {
            pages: 8,
            sheets_per_signature: None,
            blanks: Blanks::BeforeLastPage,
            last_page: LastPage::ContinuesText,
            cover: CoverSheet::Without,
        });
        let sides: Vec<[Slot; 4]> = imposition
            .sheets
            .iter()
            .map(|s| [s.front.left, s.front.right, s.back.left, s.back.right])
            .collect();
        assert_eq!(
            sides,
            [
                [page(7), page(0), page(1), page(6)],
                [page(5), page(2), page(3), page(4)],
            ]
        );
        assert_eq!(imposition.blanks, 0);
    }

    #[test]
    fn blanks_never_fall_inside_the_text() {
        let before = padded(6, Blanks::BeforeLastPage, LastPage::StandsAlone);
        assert_eq!(
            before,
            [
                page(0),
                page(1),
                page(2),
                page(3),
                page(4),
                Slot::Blank,
                Slot::Blank,
                page(5)
            ]
        );
        let after = padded(6, Blanks::BeforeLastPage, LastPage::ContinuesText);
        assert_eq!(&after[6..], [Slot::Blank, Slot::Blank]);
        let end = padded(6, Blanks::AtEnd, LastPage::StandsAlone);
        assert_eq!(&end[6..], [Slot::Blank, Slot::Blank]);
        assert_eq!(
            padded(1, Blanks::BeforeLastPage, LastPage::StandsAlone)[0],
            page(0)
        );
    }

    #[test]
    fn signatures_are_even_and_never_a_lone_sheet() {
        assert_eq!(signature_sizes(10, Some(4)), [4, 3, 3]);
        assert_eq!(signature_sizes(8, Some(4)), [4, 4]);
        assert_eq!(signature_sizes(5, Some(2)), [3, 2]);
        assert_eq!(signature_sizes(3, Some(2)), [3]);
        assert_eq!(signature_sizes(3, Some(1)), [1, 1, 1]);
        assert_eq!(signature_sizes(7, None), [7]);
        assert!(signature_sizes(0, Some(4)).is_empty());
    }
}
