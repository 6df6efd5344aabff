//! The baseline grid: every line of body text stands on one of the text block's lines, so the
//! lines of facing pages line up across the spread and those of a leaf back each other up.
//!
//! A page's body lines are one leading apart, and the text block is a whole number of them.
//! What is set in another leading (a quote, a heading, a caption) or with space around it (a
//! list, a figure, a thematic break) would push the text after it off those lines for the rest
//! of the page. The grid gives that text back its line: the first body line after such a block
//! moves to the nearest line of the text block, up or down by at most half a leading, the
//! difference taken from or given to the space around the block (as the `grid` package and
//! InDesign's "align to baseline grid" do; TeX itself leaves the lines where the spaces put
//! them). The space is not squeezed below half of what the style gives it: the line then moves
//! down instead.
//!
//! The page builder and the renderer both walk a page with [`Grid`], so the page the builder
//! fills and the page the renderer draws have their lines in the same places.

use super::flow::Element;
use crate::units::Pt;

/// The most of a space above a body line the grid may take back to set that line on a line of
/// the text block: half, so a block keeps at least half the space its style gives it.
const SPACE_GIVE: f64 = 0.5;

/// A line off the grid by less than this is on it (heights summed in floating point).
const ON_GRID: Pt = Pt(0.01);

/// Where the text of a page stands against the text block's lines, walked from its top.
#[derive(Debug, Clone, Copy, Default)]
pub struct Grid {
    leading: Pt,
    /// What the spaces since the last body line may give up.
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
    /// ends `used` below it: a body line or a figure's block (whole lines) on the line of the
    /// grid `snap` asks for; anything else where it falls (a space is counted for what it may
    /// give up).
    pub fn top(&mut self, element: &Element, used: Pt, snap: Snap) -> Pt {
        match element {
            Element::Line(line) if body_leading(line.height, self.leading) => {
                let top = to_line(used, self.give, self.leading, snap);
                self.give = Pt::ZERO;
                top
            }
            Element::Space(h) | Element::Sink(h) => {
                self.give += *h * SPACE_GIVE;
                used
            }
            // A figure's block is whole lines, its own space around it: set on the grid
            // itself, it keeps the text after it there.
            Element::Figure(_) => {
                let top = to_line(used, self.give, self.leading, snap);
                self.give = Pt::ZERO;
                top
            }
            Element::Line(_) => used,
        }
    }
}

/// The height the elements of a page take, set one after the other from its top with their body
/// lines on the grid as `snap` says for each.
pub fn extent<'e>(elements: impl Iterator<Item = (&'e Element, Snap)>, leading: Pt) -> Pt {
    let mut grid = Grid::new(leading);
    elements.fold(Pt::ZERO, |used, (element, snap)| {
        grid.top(element, used, snap) + element.height()
    })
}

/// Whether a line `height` high, its top `top` below the text block's, is a body line off the
/// grid: what the report counts (see [`Grid`]).
pub fn off_grid(height: Pt, top: Pt, leading: Pt) -> bool {
    let lines = top.0 / leading.0.max(1.0);
    body_leading(height, leading) && (lines - lines.round()).abs() * leading.0 >= ON_GRID.0
}

/// Whether a line `height` high is set in the body's `leading`.
fn body_leading(height: Pt, leading: Pt) -> bool {
    (height - leading).0.abs() < ON_GRID.0
}

/// Which line of the grid a body line off it goes to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Snap {
    /// The nearest.
    #[default]
    Nearest,
    /// The one above, within what the space above it may give: the page builder sets a page so
    /// where at the nearest it would end a line or more short (its next line, or the heading
    /// and the lines kept with it, turned over for want of half a line).
    Above,
}

/// The line of the grid (a multiple of `leading`) nearest to `used` (or the one above it, as
/// `snap` asks), but not more than `give` above it: a body line set there takes at most `give`
/// from the space above it.
fn to_line(used: Pt, give: Pt, leading: Pt, snap: Snap) -> Pt {
    if leading <= Pt::ZERO {
        return used;
    }
    let lines = used.0 / leading.0;
    let below = leading * lines.floor();
    let above = leading * lines.ceil();
    if used - below < ON_GRID || above - used < ON_GRID {
        return used; // On a line already.
    }
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

    #[test]
    fn a_line_goes_to_the_nearest_line_of_the_grid() {
        // 0.3 of a line past a grid line: back up, taking 3.6 pt of the space above.
        assert_eq!(to_line(Pt(27.6), Pt(6.0), L, Snap::Nearest), Pt(24.0));
        // 0.7 past: on to the next line.
        assert_eq!(to_line(Pt(32.4), Pt(6.0), L, Snap::Nearest), Pt(36.0));
    }

    #[test]
    fn a_space_keeps_half_of_itself() {
        // Backing up 3.6 pt would take more than the 3 pt the space above may give: down.
        assert_eq!(to_line(Pt(27.6), Pt(3.0), L, Snap::Nearest), Pt(36.0));
    }

    #[test]
    fn a_body_line_between_the_grids_lines_is_off_it() {
        assert!(off_grid(L, Pt(18.0), L));
        assert!(!off_grid(L, Pt(36.0), L));
        // A quote's line, in its own leading, is not a body line.
        assert!(!off_grid(Pt(10.0), Pt(18.0), L));
    }

    #[test]
    fn a_line_on_the_grid_stays() {
        assert_eq!(to_line(Pt(36.0), Pt::ZERO, L, Snap::Nearest), Pt(36.0));
        assert_eq!(to_line(Pt(36.004), Pt::ZERO, L, Snap::Nearest), Pt(36.004));
    }

    #[test]
    fn spaces_give_up_to_half_and_a_body_line_takes_it() {
        let mut grid = Grid::new(L);
        assert_eq!(
            grid.top(&Element::Space(Pt(8.0)), Pt(20.0), Snap::Nearest),
            Pt(20.0)
        );
        // 28 pt: 4 past the line at 24, within the 4 pt the space may give.
        let body = crate::layout::spreads::tests::chapter(&[1]).remove(0);
        let Element::Line(mut line) = body else {
            unreachable!("a chapter of paragraphs is all lines");
        };
        line.height = L;
        assert_eq!(
            grid.top(&Element::Line(line.clone()), Pt(28.0), Snap::Nearest),
            Pt(24.0)
        );
        // The give is spent: the next line off the grid goes down.
        assert_eq!(
            grid.top(&Element::Line(line), Pt(28.0), Snap::Nearest),
            Pt(36.0)
        );
    }
}
