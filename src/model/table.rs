//! Tables and definition lists: blocks made of cells and terms.

use serde::{Deserialize, Serialize};

use super::{Block, Inline};

/// How a table column's cells are aligned (`:--`, `:-:`, `--:`); `Default` when the delimiter row
/// says nothing (text starts at the left).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Alignment {
    #[default]
    Default,
    Left,
    Center,
    Right,
}

/// One row of a table: a cell per column.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableRow {
    pub cells: Vec<TableCell>,
}

/// One cell: a line of inline content (GFM cells hold no blocks).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TableCell {
    pub content: Vec<Inline>,
}

/// A term and its definitions. A term directly followed by another term has none.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DefinitionItem {
    pub term: Vec<Inline>,
    /// Each definition's blocks, in order.
    pub definitions: Vec<Vec<Block>>,
}
