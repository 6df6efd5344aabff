//! The logical structure of the pages, for tagged PDF: a tree of structure nodes in reading
//! order, and a [`Tag`] on every drawn item saying which node it belongs to (or that it is an
//! artifact: running heads, folios, rules, frames).
//!
//! The tree is made where the model's structure is known: the flow makes a node for each block
//! it sets (a paragraph, a heading, a quote, a list and its items, a figure and its caption, a
//! note), rendering makes the chapter's `Sect` and the `Link` of each linked run, the front
//! matter its contents (`TOC`, `TOCI`). Nodes are an arena of indices, so the items stay small
//! (a tag is eight bytes) and pieces set in parallel are joined by an offset.
//!
//! Two kinds of children: a **block** node's place among its siblings is fixed when it is made
//! (reading order, whatever the page it lands on: a figure floated to the next page stays
//! between the paragraphs it was written between); an **inline** node (a link, a label) takes
//! its place in its parent's content where it is first drawn, between the parent's own runs.
//! The PDF writer turns this into the structure tree (`pdf::structure`).

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::{Book, Inline, Lang};

/// The language of a whole block's text when it is one span in another language
/// (`<span lang="de">…</span>` as the whole paragraph), spaces around it aside.
pub fn block_lang(content: &[Inline]) -> Option<Lang> {
    let mut found = None;
    for inline in content {
        match inline {
            Inline::Language { lang, .. } if found.is_none() => found = Some(lang.clone()),
            Inline::Text { text } if text.trim().is_empty() => {}
            _ => return None,
        }
    }
    found
}

/// The index of a node in [`Structure::nodes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NodeId(pub u32);

impl NodeId {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// What a drawn item is, for tagged PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Content of a structure node.
    Node { id: NodeId },
    /// Not content: what a reader of the text would not miss.
    Artifact { kind: ArtifactKind },
}

impl Tag {
    pub const PAGINATION: Tag = Tag::Artifact {
        kind: ArtifactKind::Pagination,
    };
    pub const DECORATION: Tag = Tag::Artifact {
        kind: ArtifactKind::Layout,
    };

    pub fn node(id: NodeId) -> Tag {
        Tag::Node { id }
    }

    /// The node, for content.
    pub fn id(self) -> Option<NodeId> {
        match self {
            Tag::Node { id } => Some(id),
            Tag::Artifact { .. } => None,
        }
    }
}

/// The kinds of artifact (PDF 32000-1, 14.8.2.2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArtifactKind {
    /// Running heads and folios.
    Pagination,
    /// Rules, placeholder frames, scene-break ornaments.
    Layout,
    /// Production aids outside the page: crop marks.
    Page,
}

/// A structure node: its role and where it hangs.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    /// `None` for the root (and, while a piece is being set, for its top-level nodes).
    pub parent: Option<NodeId>,
    /// Every child in the order made.
    pub children: Vec<NodeId>,
    /// The node's language, when it is not the book's (a paragraph in another language).
    pub lang: Option<Lang>,
}

/// How a list numbers its items (the `/ListNumbering` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListNumbering {
    Bullet,
    Decimal,
}

/// The standard structure types samizdat uses (PDF 32000-1, 14.8.4).
#[derive(Debug, Clone, PartialEq)]
pub enum Role {
    Document,
    /// A chapter, the title pages, the colophon, the contents, the picture credits.
    Sect,
    Heading {
        /// 1 to 6.
        level: u8,
    },
    Paragraph,
    BlockQuote,
    List {
        numbering: ListNumbering,
    },
    ListItem,
    /// A list item's bullet or number, a note's number.
    Label,
    ListBody,
    Figure {
        /// The text alternative (the caption, or the picture's alt text).
        alt: String,
    },
    Caption,
    Note {
        /// The note's id in the book, unique (the element's `/ID`).
        id: String,
    },
    Link,
    Contents,
    ContentsItem,
    Code,
}

impl Role {
    /// The standard structure type.
    pub fn name(&self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::Sect => "Sect",
            Role::Heading { level } => match level {
                0 | 1 => "H1",
                2 => "H2",
                3 => "H3",
                4 => "H4",
                5 => "H5",
                _ => "H6",
            },
            Role::Paragraph => "P",
            Role::BlockQuote => "BlockQuote",
            Role::List { .. } => "L",
            Role::ListItem => "LI",
            Role::Label => "Lbl",
            Role::ListBody => "LBody",
            Role::Figure { .. } => "Figure",
            Role::Caption => "Caption",
            Role::Note { .. } => "Note",
            Role::Link => "Link",
            Role::Contents => "TOC",
            Role::ContentsItem => "TOCI",
            Role::Code => "Code",
        }
    }

    /// Whether the node takes its place in its parent where it is first drawn (see the module).
    pub fn is_inline(&self) -> bool {
        matches!(self, Role::Link | Role::Label)
    }
}

/// The structure tree of a layout: node 0 is the `Document`.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub nodes: Vec<Node>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                children: Vec::new(),
                lang: None,
            }],
        }
    }
}

impl Structure {
    pub const ROOT: NodeId = NodeId(0);

    /// A tree for a piece being set on its own: no root; top-level nodes have no parent until
    /// the piece is [`Structure::graft`]ed.
    pub fn piece() -> Structure {
        Structure { nodes: Vec::new() }
    }

    /// Adds a node under `parent` (`None`: a top-level node of a piece), after its siblings.
    pub fn add(&mut self, parent: Option<NodeId>, role: Role) -> NodeId {
        let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
        if let Some(parent) = parent {
            if let Some(node) = self.nodes.get_mut(parent.index()) {
                node.children.push(id);
            }
        }
        self.nodes.push(Node {
            role,
            parent,
            children: Vec::new(),
            lang: None,
        });
        id
    }

    /// Says that `id`'s text is in `lang`.
    pub fn set_lang(&mut self, id: NodeId, lang: Lang) {
        if let Some(node) = self.nodes.get_mut(id.index()) {
            node.lang = Some(lang);
        }
    }

    /// Moves the nodes of `piece` in, its top-level nodes under `parent` (`None`: they stay
    /// top-level, pieces joined into a bigger piece); returns the offset to add to the piece's
    /// ids.
    pub fn graft(&mut self, piece: Structure, parent: Option<NodeId>) -> u32 {
        let offset = u32::try_from(self.nodes.len()).unwrap_or(u32::MAX);
        let shift = |id: NodeId| NodeId(id.0 + offset);
        for node in piece.nodes {
            let new_parent = match node.parent {
                Some(p) => Some(shift(p)),
                None => {
                    let id = NodeId(u32::try_from(self.nodes.len()).unwrap_or(u32::MAX));
                    if let Some(parent_node) = parent.and_then(|p| self.nodes.get_mut(p.index())) {
                        parent_node.children.push(id);
                    }
                    parent
                }
            };
            self.nodes.push(Node {
                role: node.role,
                parent: new_parent,
                children: node.children.into_iter().map(shift).collect(),
                lang: node.lang,
            });
        }
        offset
    }

    pub fn get(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(id.index())
    }
}

/// `tag` moved by `offset` (a piece's tag once its piece is grafted).
pub fn shifted(tag: Tag, offset: u32) -> Tag {
    match tag {
        Tag::Node { id } => Tag::Node {
            id: NodeId(id.0 + offset),
        },
        artifact => artifact,
    }
}

/// The text alternative of every picture in running text, by file (the first alt text given).
pub fn picture_alts(book: &Book) -> BTreeMap<PathBuf, String> {
    fn walk(inlines: &[Inline], out: &mut BTreeMap<PathBuf, String>) {
        for inline in inlines {
            if let Inline::Image { image, alt } = inline {
                let path = match image {
                    crate::model::Image::Present { path, .. }
                    | crate::model::Image::Missing { path } => path,
                };
                out.entry(path.clone()).or_insert_with(|| alt.clone());
            }
            if let Some(children) = inline.children() {
                walk(children, out);
            }
        }
    }
    fn blocks(list: &[crate::model::Block], out: &mut BTreeMap<PathBuf, String>) {
        for part in list.iter().flat_map(crate::model::Block::parts) {
            match part {
                crate::model::Part::Inlines { inlines } => walk(inlines, out),
                crate::model::Part::Blocks { blocks: inner } => blocks(inner, out),
            }
        }
    }
    let mut out = BTreeMap::new();
    for chapter in &book.chapters {
        if let Some(title) = &chapter.title {
            walk(title, &mut out);
        }
        for section in &chapter.sections {
            walk(&section.title, &mut out);
        }
        for list in chapter.all_blocks() {
            blocks(list, &mut out);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_piece_is_grafted_in_order() {
        let mut tree = Structure::default();
        let sect = tree.add(Some(Structure::ROOT), Role::Sect);
        let mut piece = Structure::piece();
        let quote = piece.add(None, Role::BlockQuote);
        let para = piece.add(Some(quote), Role::Paragraph);
        let after = piece.add(None, Role::Paragraph);
        let offset = tree.graft(piece, Some(sect));
        let id = |n: NodeId| NodeId(n.0 + offset);
        assert_eq!(
            tree.nodes[sect.index()].children,
            vec![id(quote), id(after)]
        );
        assert_eq!(tree.nodes[id(quote).index()].children, vec![id(para)]);
        assert_eq!(tree.nodes[id(para).index()].parent, Some(id(quote)));
        assert_eq!(shifted(Tag::node(para), offset), Tag::node(id(para)));
    }
}
