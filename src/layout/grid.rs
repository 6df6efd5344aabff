//! The baseline grid: every line of body text stands on one of the text block's lines, so the
//! lines of facing pages line up across the spread and those of a leaf back each other up.
//!
//! A page's body lines are one leading apart, and the text block is a whole number of them.
//! What is set in another leading (a quote, a heading, a caption) or with space around it (a
//! list, a figure, a thematic break) would push the text after it off those lines for the rest
//! of the page. The grid gives that text back its line, the difference taken from or given to
//! the space around the block (as the `grid` package and InDesign's "align to baseline grid" do;
//! TeX itself leaves the lines where the spaces put them). Two steps keep it:
//!
//! - [`fit_spaces`], where a chapter's flow is made: the spaces between two body lines grow or
//!   shrink, each by its share, until they and what stands between them are whole lines. They
//!   shrink to the line above where that takes at most half of them, and grow to the line below
//!   otherwise: a quote keeps between a quarter and three quarters of a line above and below it
//!   (half a line each is the style's), the same above as below.
//! - [`Grid`], where a page is made: a run cut by a page break (a space dropped at a page top, a
//!   quote carried over) leaves the text after it off the grid on the next page, and the next
//!   body line (or figure) goes to the nearest line of the text block, taking at most half of
//!   the space just above it. The page builder and the renderer both walk a page with it, so
//!   the page the builder fills and the page the renderer draws have their lines in the same
//!   places.

use super::flow::Element;
use crate::units::Pt;

/// The most of a space the grid may take back to set the body line after it on a line of the
/// text block: half, so a block keeps at least half the space its style gives it.
const SPACE_GIVE: f64 = 0.5;

/// A line off the grid by less than this is on it (heights summed in floating point).
const ON_GRID: Pt = Pt(0.01);

/// Makes each run of `elements` between two body lines (`leading` high) whole lines high, by
/// growing or shrinking its spaces in proportion (see the module's documentation). A run with no
/// space, or whole already, is left as it is; so is what follows the last body line.
pub fn fit_spaces(elements: &mut [Element], leading: Pt) {
    let mut start = 0;
    for i in 0..elements.len() {
        if let Element::Line(line) = &elements[i] {
            if body_leading(line.height, leading) {
                fit_run(&mut elements[start..i], leading);
                start = i + 1;
            }
        }
    }
}

/// Makes the run `elements` whole lines high by its spaces (see [`fit_spaces`]).
fn fit_run(elements: &mut [Element], leading: Pt) {
    let total: Pt = elements.iter().map(Element::height).sum();
    let spaces: Pt = (elements.iter())
        .map(|e| match e {
            Element::Space(h) | Element::Sink(h) => *h,
            Element::Line(_) | Element::Figure(_) => Pt::ZERO,
        })
        .sum();
    if spaces <= Pt::ZERO || leading <= Pt::ZERO {
        return;
    }
    let fitted = to_line(total, spaces * SPACE_GIVE, leading, Snap::Above);
    let scale = 1.0 + (fitted - total).0 / spaces.0;
    for element in elements {
        if let Element::Space(h) | Element::Sink(h) = element {
            *h = *h * scale;
        }
    }
}

/// Where the text of a page stands against the text block's lines, walked from its top.
#[derive(Debug, Clone, Copy, Default)]
pub struct Grid {
    leading: Pt,
    /// What the spaces just above the next element may give up.
    give: Pt,
}

impl Grid {
    /// A page's grid, body lines `leading` apart from the text block's top.
    pub fn new(leading: Pt) -> Grid {
        Grid {
            leading,
            give: Pt::ZERO,
        }
    }

    /// Where `element` begins, below the text block's top, when what comes before it on the page
    /// ends `used` below it: a body line or a figure's block (whole lines) on the nearest line of
    /// the grid; anything else where it falls (a space is counted for what it may give up).
    pub fn top(&mut self, element: &Element, used: Pt) -> Pt {
        match element {
            Element::Line(line) if body_leading(line.height, self.leading) => self.snap(used),
            // A figure's block is whole lines, its own space around it: set on the grid
            // itself, it keeps the text after it there.
            Element::Figure(_) => self.snap(used),
            Element::Space(h) | Element::Sink(h) => {
                self.give += *h * SPACE_GIVE;
                used
            }
            // Only the spaces just above a line are its to take.
            Element::Line(_) => {
                self.give = Pt::ZERO;
                used
            }
        }
    }

    /// The nearest line of the grid to `used` that the spaces above may give.
    fn snap(&mut self, used: Pt) -> Pt {
        let top = to_line(used, self.give, self.leading, Snap::Nearest);
        self.give = Pt::ZERO;
        top
    }
}

/// The height the elements of a page take, set one after the other from its top with their body
/// lines on the grid.
pub fn extent<'e>(elements: impl Iterator<Item = &'e Element>, leading: Pt) -> Pt {
    let mut grid = Grid::new(leading);
    elements.fold(Pt::ZERO, |used, element| {
        grid.top(element, used) + element.height()
    })
}

/// Whether a line `height` high, its top `top` below the text block's, is a body line off the
/// grid: what the report counts (see [`Grid`]).
pub fn off_grid(height: Pt, top: Pt, leading: Pt) -> bool {
    body_leading(height, leading) && !on_line(top, leading)
}

/// Whether `used` is on a line of the grid (a multiple of `leading`, within [`ON_GRID`]).
fn on_line(used: Pt, leading: Pt) -> bool {
    let lines = used.0 / leading.0.max(1.0);
    (lines - lines.round()).abs() * leading.0 < ON_GRID.0
}

/// Whether a line `height` high is set in the body's `leading`.
fn body_leading(height: Pt, leading: Pt) -> bool {
    (height - leading).0.abs() < ON_GRID.0
}

/// Which line of the grid a height off it goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Snap {
    /// The nearest: on a page, where the text after a break only has to find its line again.
    Nearest,
    /// The one above where the spaces may give that much: in the flow, where a run's spaces
    /// are fitted once for every page it may fall on, the tighter setting keeps a book from
    /// growing by the grid.
    Above,
}

/// The line of the grid (a multiple of `leading`) `snap` asks for at `used`, but not more than
/// `give` above it: a body line set there takes at most `give` from the space above it.
fn to_line(used: Pt, give: Pt, leading: Pt, snap: Snap) -> Pt {
    if leading <= Pt::ZERO || on_line(used, leading) {
        return used;
    }
    let lines = used.0 / leading.0;
    let below = leading * lines.floor();
    let above = leading * lines.ceil();
    let down = used - below;
    if (down <= above - used || snap == Snap::Above) && down <= give {
        below
    } else {
        above
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Pt = Pt(12.0);

    /// A body line, `L` high.
    fn body_line() -> Element {
        let mut line = crate::layout::spreads::tests::chapter(&[1]).remove(0);
        if let Element::Line(flow_line) = &mut line {
            flow_line.height = L;
        }
        line
    }

    /// A quote's line, in its own leading.
    fn quote_line() -> Element {
        let mut line = body_line();
        if let Element::Line(flow_line) = &mut line {
            flow_line.height = Pt(10.0);
        }
        line
    }

    /// `lines` quote lines between two body lines, `space` above and below them, fitted: the
    /// run's height and the space above the quote.
    fn fitted_quote(lines: usize, space: Pt) -> (Pt, Pt) {
        let mut run = vec![body_line(), Element::Space(space)];
        run.extend((0..lines).map(|_| quote_line()));
        run.extend([Element::Space(space), body_line()]);
        fit_spaces(&mut run, L);
        let inner = &run[1..run.len() - 1];
        let above = match inner.first() {
            Some(Element::Space(h)) => *h,
            _ => Pt::ZERO,
        };
        (inner.iter().map(Element::height).sum(), above)
    }

    #[test]
    fn a_line_goes_to_the_nearest_line_of_the_grid() {
        // 0.3 of a line past a grid line: back up, taking 3.6 pt of the space above.
        assert_eq!(to_line(Pt(27.6), Pt(6.0), L, Snap::Nearest), Pt(24.0));
        // 0.7 past: on to the next line.
        assert_eq!(to_line(Pt(32.4), Pt(6.0), L, Snap::Nearest), Pt(36.0));
        // Above: back up 0.7 of a line where the space may give it.
        assert_eq!(to_line(Pt(32.4), Pt(9.0), L, Snap::Above), Pt(24.0));
    }

    #[test]
    fn a_space_keeps_half_of_itself() {
        // Backing up 3.6 pt would take more than the 3 pt the space above may give: down.
        assert_eq!(to_line(Pt(27.6), Pt(3.0), L, Snap::Nearest), Pt(36.0));
        assert_eq!(to_line(Pt(27.6), Pt(3.0), L, Snap::Above), Pt(36.0));
    }

    #[test]
    fn a_line_on_the_grid_stays() {
        assert_eq!(to_line(Pt(36.0), Pt::ZERO, L, Snap::Nearest), Pt(36.0));
        assert_eq!(to_line(Pt(36.004), Pt::ZERO, L, Snap::Nearest), Pt(36.004));
    }

    #[test]
    fn only_the_space_just_above_a_line_gives() {
        let mut grid = Grid::new(L);
        // A space, a quote's line, a space: only the second may give (2 pt of its 4).
        assert_eq!(grid.top(&Element::Space(Pt(8.0)), Pt(0.0)), Pt(0.0));
        assert_eq!(grid.top(&quote_line(), Pt(8.0)), Pt(8.0));
        assert_eq!(grid.top(&Element::Space(Pt(4.0)), Pt(18.0)), Pt(18.0));
        // 22 pt: 10 past the line at 12, more than the 2 pt the space may give: down to 24.
        assert_eq!(grid.top(&body_line(), Pt(22.0)), Pt(24.0));
        // 26 pt after a space of 6: 2 past the line at 24, within its 3 pt.
        assert_eq!(grid.top(&Element::Space(Pt(6.0)), Pt(20.0)), Pt(20.0));
        assert_eq!(grid.top(&body_line(), Pt(26.0)), Pt(24.0));
    }

    #[test]
    fn a_quote_is_fitted_to_whole_lines_alike_above_and_below() {
        // Half a line above and below three quote lines of 10 pt: 42 pt, 3.5 lines. Shrunk by
        // 6 pt (half of the spaces' 12) to 36 pt, three lines, each space losing 3 pt.
        let (total, above) = fitted_quote(3, Pt(6.0));
        assert!((total.0 - 36.0).abs() < 1e-9, "{total:?}");
        assert_eq!(above, Pt(3.0));
        // Four quote lines (52 pt, 4.33 lines): 4 pt back, 2 from each space.
        let (total, above) = fitted_quote(4, Pt(6.0));
        assert!((total.0 - 48.0).abs() < 1e-9, "{total:?}");
        assert!((above.0 - 4.0).abs() < 1e-9, "{above:?}");
    }

    #[test]
    fn a_run_its_spaces_cannot_shrink_to_a_line_grows_to_the_next() {
        // Two quote lines and 2 pt of space: 22 pt, 10 past a line, where the spaces may give
        // only 1: grown to two lines, each space to 2 pt.
        let (total, above) = fitted_quote(2, Pt(1.0));
        assert!((total.0 - 24.0).abs() < 1e-9, "{total:?}");
        assert!((above.0 - 2.0).abs() < 1e-9, "{above:?}");
    }

    #[test]
    fn a_body_line_between_the_grids_lines_is_off_it() {
        assert!(off_grid(L, Pt(18.0), L));
        assert!(!off_grid(L, Pt(36.0), L));
        // A quote's line, in its own leading, is not a body line.
        assert!(!off_grid(Pt(10.0), Pt(18.0), L));
    }
}
