//! Imposition as a pure function: every page count from 1 to 64, signatures of 1, 2, 4 and 8
//! sheets (and one of every sheet), every placement of blanks and of the cover, against
//! psbook's classic order computed on the padded sequence, and against a model of the folded
//! sheets read page by page.

use samizdat::impose::{
    impose, signature_sizes, Blanks, CoverPage, CoverSheet, Imposition, LastPage, Scheme, Sheet,
    Side, Slot,
};

crate::tests![
    every_page_count_and_signature_follows_psbook,
    folded_sheets_read_in_order,
    signatures_are_even_with_the_larger_first_and_no_lone_sheet,
    blanks_come_before_a_last_page_that_stands_alone,
    a_cover_apart_leaves_the_signatures_as_without_one,
];

const SIGNATURES: [Option<usize>; 5] = [None, Some(1), Some(2), Some(4), Some(8)];
const COVERS: [CoverSheet; 3] = [CoverSheet::Without, CoverSheet::Wrapped, CoverSheet::Apart];
const BLANKS: [(Blanks, LastPage); 3] = [
    (Blanks::BeforeLastPage, LastPage::StandsAlone),
    (Blanks::BeforeLastPage, LastPage::ContinuesText),
    (Blanks::AtEnd, LastPage::StandsAlone),
];

/// Every scheme the tests try: 64 page counts × 5 signatures × 3 covers × 3 blank rules.
fn schemes() -> Vec<Scheme> {
    let mut out = Vec::new();
    for pages in 1..=64 {
        for sheets_per_signature in SIGNATURES {
            for cover in COVERS {
                for (blanks, last_page) in BLANKS {
                    out.push(Scheme {
                        pages,
                        sheets_per_signature,
                        blanks,
                        last_page,
                        cover,
                    });
                }
            }
        }
    }
    out
}

fn page(index: usize) -> Slot {
    Slot::Page { index }
}

fn cover(page: CoverPage) -> Slot {
    Slot::Cover { page }
}

/// The reading pages padded as the issue puts the blanks, written out independently.
fn padded(scheme: &Scheme) -> Vec<Slot> {
    let n = scheme.pages;
    let blanks = vec![Slot::Blank; (4 - n % 4) % 4];
    let before_last = scheme.blanks == Blanks::BeforeLastPage
        && scheme.last_page == LastPage::StandsAlone
        && n >= 2;
    let mut out: Vec<Slot> = (0..n).map(page).collect();
    if before_last {
        let last = out.pop().expect("a last page");
        out.extend(blanks);
        out.push(last);
    } else {
        out.extend(blanks);
    }
    out
}

/// psbook: for P pages and sheet s, front P−2s | 2s+1, back 2s+2 | P−2s−1 (1-based).
fn psbook(pages: &[Slot], signature: usize) -> Vec<Sheet> {
    let p = pages.len();
    assert_eq!(p % 4, 0, "a signature of {p} pages");
    (0..p / 4)
        .map(|s| Sheet {
            signature,
            depth: s,
            front: Side {
                left: pages[p - 2 * s - 1],
                right: pages[2 * s],
            },
            back: Side {
                left: pages[2 * s + 1],
                right: pages[p - 2 * s - 2],
            },
        })
        .collect()
}

const COVER_PAGES: [CoverPage; 4] = [
    CoverPage::Front,
    CoverPage::InsideFront,
    CoverPage::InsideBack,
    CoverPage::Back,
];

/// What the issue says the sheets are, with psbook's order applied per signature.
fn expected(scheme: &Scheme) -> Imposition {
    let reading = padded(scheme);
    let blanks = reading.len() - scheme.pages;
    let sizes = signature_sizes(reading.len() / 4, scheme.sheets_per_signature);
    let covers: Vec<Slot> = COVER_PAGES.iter().map(|p| cover(*p)).collect();
    if scheme.cover == CoverSheet::Wrapped && sizes.len() == 1 {
        let mut whole = covers[..2].to_vec();
        whole.extend(&reading);
        whole.extend(&covers[2..]);
        return Imposition {
            sheets: psbook(&whole, 0),
            cover: None,
            blanks,
        };
    }
    let mut sheets = Vec::new();
    let first = match scheme.cover {
        CoverSheet::Wrapped => {
            sheets.extend(psbook(&covers, 0));
            1
        }
        _ => 0,
    };
    let mut start = 0;
    for (n, size) in sizes.iter().enumerate() {
        sheets.extend(psbook(&reading[start..start + 4 * size], first + n));
        start += 4 * size;
    }
    Imposition {
        sheets,
        cover: (scheme.cover == CoverSheet::Apart).then(|| psbook(&covers, 0)[0]),
        blanks,
    }
}

fn every_page_count_and_signature_follows_psbook() {
    let schemes = schemes();
    assert_eq!(schemes.len(), 64 * 5 * 3 * 3);
    for scheme in &schemes {
        assert_eq!(impose(scheme), expected(scheme), "{scheme:?}");
    }
}

/// The pages of the sheets of one signature, nested (sheet 0 outside) and folded, as a reader
/// turns them: down the right-hand pages of the fronts, then back up.
fn read_signature(sheets: &[Sheet]) -> Vec<Slot> {
    let mut first_half = Vec::new();
    let mut second_half = Vec::new();
    for sheet in sheets {
        first_half.push(sheet.front.right);
        first_half.push(sheet.back.left);
        second_half.push(sheet.front.left);
        second_half.push(sheet.back.right);
    }
    second_half.reverse();
    first_half.extend(second_half);
    first_half
}

fn folded_sheets_read_in_order() {
    for scheme in schemes() {
        let imposition = impose(&scheme);
        let mut read = Vec::new();
        let mut signature = Vec::new();
        for (n, sheet) in imposition.sheets.iter().enumerate() {
            assert_eq!(sheet.depth, signature.len(), "{scheme:?}: sheet {n}");
            signature.push(*sheet);
            let last = imposition
                .sheets
                .get(n + 1)
                .is_none_or(|next| next.signature != sheet.signature);
            if last {
                read.extend(read_signature(&signature));
                signature.clear();
            }
        }
        let mut expected = padded(&scheme);
        let covers: Vec<Slot> = COVER_PAGES.iter().map(|p| cover(*p)).collect();
        match scheme.cover {
            CoverSheet::Wrapped => {
                let single =
                    signature_sizes(expected.len() / 4, scheme.sheets_per_signature).len() == 1;
                if single {
                    // Nested around the pages.
                    let mut whole = covers[..2].to_vec();
                    whole.extend(expected);
                    whole.extend(&covers[2..]);
                    expected = whole;
                } else {
                    // A sheet of its own, first, folded around the signatures when bound.
                    let mut whole = covers.clone();
                    whole.extend(expected);
                    expected = whole;
                }
            }
            CoverSheet::Apart => {
                let sheet = imposition.cover.expect("the cover's sheet");
                assert_eq!(read_signature(&[sheet]), covers, "{scheme:?}");
            }
            CoverSheet::Without => assert!(imposition.cover.is_none()),
        }
        assert_eq!(read, expected, "{scheme:?}");
        // Every page once, and blanks only to make up the last sheet.
        let pages: Vec<usize> = read
            .iter()
            .filter_map(|slot| match slot {
                Slot::Page { index } => Some(*index),
                _ => None,
            })
            .collect();
        assert_eq!(pages, (0..scheme.pages).collect::<Vec<_>>(), "{scheme:?}");
        assert!(imposition.blanks < 4, "{scheme:?}");
    }
}

fn signatures_are_even_with_the_larger_first_and_no_lone_sheet() {
    for sheets in 1..=16 {
        for most in [1, 2, 4, 8] {
            let sizes = signature_sizes(sheets, Some(most));
            let context = format!("{sheets} sheets, at most {most}: {sizes:?}");
            assert_eq!(sizes.iter().sum::<usize>(), sheets, "{context}");
            assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{context}");
            let (max, min) = (sizes[0], sizes[sizes.len() - 1]);
            assert!(max - min <= 1, "{context}");
            if most == 1 {
                assert!(sizes.iter().all(|s| *s == 1), "{context}");
                continue;
            }
            assert!(min >= 2 || sheets == 1, "a lone sheet: {context}");
            // Only two-sheet signatures over an odd count take a third sheet, in the first.
            if most == 2 && sheets % 2 == 1 && sheets > 1 {
                assert_eq!(sizes[0], 3, "{context}");
                assert!(sizes[1..].iter().all(|s| *s == 2), "{context}");
            } else {
                assert!(max <= most, "{context}");
                assert_eq!(sizes.len(), sheets.div_ceil(most), "{context}");
            }
        }
        assert_eq!(signature_sizes(sheets, None), [sheets]);
    }
    assert_eq!(signature_sizes(10, Some(4)), [4, 3, 3]);
}

fn blanks_come_before_a_last_page_that_stands_alone() {
    let scheme = Scheme {
        pages: 10,
        sheets_per_signature: None,
        blanks: Blanks::BeforeLastPage,
        last_page: LastPage::StandsAlone,
        cover: CoverSheet::Without,
    };
    let imposition = impose(&scheme);
    assert_eq!(imposition.blanks, 2);
    // The outer sheet carries the last page (the back) and the first.
    let outer = imposition.sheets[0];
    assert_eq!((outer.front.left, outer.front.right), (page(9), page(0)));
    // The blanks come after page 9 of the text, before the last page: on the outer sheet's
    // inside and the next sheet's outside.
    assert_eq!(outer.back.right, Slot::Blank);
    assert_eq!(imposition.sheets[1].front.left, Slot::Blank);
    let inner = imposition.sheets[2];
    assert_eq!(
        [
            inner.front.left,
            inner.front.right,
            inner.back.left,
            inner.back.right
        ],
        [page(7), page(4), page(5), page(6)]
    );
    let continued = impose(&Scheme {
        last_page: LastPage::ContinuesText,
        ..scheme
    });
    assert_eq!(continued.sheets[0].front.left, Slot::Blank);
}

fn a_cover_apart_leaves_the_signatures_as_without_one() {
    for pages in [5, 16, 33] {
        let without = Scheme {
            pages,
            sheets_per_signature: Some(4),
            blanks: Blanks::AtEnd,
            last_page: LastPage::ContinuesText,
            cover: CoverSheet::Without,
        };
        let apart = impose(&Scheme {
            cover: CoverSheet::Apart,
            ..without
        });
        assert_eq!(apart.sheets, impose(&without).sheets);
        let sheet = apart.cover.expect("a cover sheet");
        assert_eq!(
            (sheet.front.left, sheet.front.right),
            (cover(CoverPage::Back), cover(CoverPage::Front))
        );
        assert_eq!(
            (sheet.back.left, sheet.back.right),
            (cover(CoverPage::InsideFront), cover(CoverPage::InsideBack))
        );
    }
}
