//! Knuth–Plass line breaking over boxes, glue and penalties (stub; the algorithm follows).

use crate::units::Pt;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Item {
    Box {
        width: Pt,
    },
    Glue {
        width: Pt,
        stretch: Pt,
        shrink: Pt,
    },
    Penalty {
        width: Pt,
        penalty: f64,
        flagged: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakParams {
    pub tolerance: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Break {
    pub position: usize,
    pub ratio: f64,
    pub flagged: bool,
}

pub fn linebreak(items: &[Item], measures: &[Pt], params: &BreakParams) -> Vec<Break> {
    let _ = (measures, params);
    vec![Break {
        position: items.len().saturating_sub(1),
        ratio: 0.0,
        flagged: false,
    }]
}
