//! Page layout: the model's chapters, typeset by the text engine, cut into pages of positioned items.

mod page;

pub use page::{ImageSource, Item, Layout, LinkTarget, OutlineEntry, Page, TextRun};
