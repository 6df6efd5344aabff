//! The structure tree of the reading PDF (tagged PDF, PDF/UA-1), written once from the layout's
//! [`Structure`] and the marks each page's content left ([`Mark`]): no content stream is read.
//!
//! Each node becomes a structure element of its standard type. Its kids are its own content in
//! drawing order (marked-content sequences by MCID, link annotations by `OBJR`) with its inline
//! children (links, labels) placed where they were first drawn, then its block children in
//! reading order (see `layout::structure`). Pages get `/StructParents` and annotations
//! `/StructParent`, the keys of the parent tree that maps each MCID and each annotation back to
//! its element. A note's element carries its id (`/ID`, listed in the `/IDTree`), a figure its
//! `/Alt`, a list its `/ListNumbering`.

use std::collections::BTreeMap;

use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, StringFormat};
use rayon::prelude::*;

use super::content::Mark;
use super::fonts::text_string;
use crate::layout::{ListNumbering, NodeId, Role, Structure};

/// What the pages of the document hold, for the tree.
pub struct Tagged<'a> {
    /// The page objects, in order.
    pub pages: &'a [ObjectId],
    /// Each page's marks.
    pub marks: &'a [Vec<Mark>],
    /// Each page's link annotations: (the link item's index, the annotation).
    pub annotations: &'a [Vec<(usize, ObjectId)>],
}

/// A kid of an element, before it is written.
#[derive(Debug, Clone, Copy)]
enum Kid {
    /// A marked-content sequence: its page (index) and MCID.
    Content {
        page: usize,
        mcid: i64,
    },
    /// A link annotation on a page.
    Annotation {
        page: usize,
        annotation: ObjectId,
    },
    Node {
        id: NodeId,
    },
}

/// Writes the structure tree; sets `/StructParents` on the pages and `/StructParent` on the
/// annotations; returns the `/StructTreeRoot`'s id.
pub fn write_structure(doc: &mut Document, structure: &Structure, tagged: &Tagged<'_>) -> ObjectId {
    let count = structure.nodes.len();
    let mut own: Vec<Vec<Kid>> = vec![Vec::new(); count];
    let mut placed = vec![false; count];
    // The parent tree: each page's MCIDs' nodes, and each annotation's node by its key.
    let mut page_entries: Vec<(usize, Vec<NodeId>)> = Vec::new();
    let mut annotation_entries: Vec<(ObjectId, NodeId)> = Vec::new();
    for (page, marks) in tagged.marks.iter().enumerate() {
        let annotations = tagged
            .annotations
            .get(page)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let mut mcids: Vec<NodeId> = Vec::new();
        for mark in marks {
            let (node, kid) = match *mark {
                Mark::Content { node } => {
                    let mcid = i64::try_from(mcids.len()).unwrap_or(i64::MAX);
                    mcids.push(node);
                    (node, Kid::Content { page, mcid })
                }
                Mark::Annotation { node, item } => {
                    // A link to an anchor no page holds has no annotation.
                    let Some(&(_, annotation)) = annotations.iter().find(|(i, _)| *i == item)
                    else {
                        continue;
                    };
                    annotation_entries.push((annotation, node));
                    (node, Kid::Annotation { page, annotation })
                }
            };
            if let Some(list) = own.get_mut(node.index()) {
                list.push(kid);
                place(structure, node, &mut own, &mut placed);
            }
        }
        if !mcids.is_empty() {
            page_entries.push((page, mcids));
        }
    }

    // Ids for every element that is written: every block node, and the inline ones drawn.
    let written = |id: NodeId| {
        structure
            .get(id)
            .is_some_and(|node| !node.role.is_inline() || placed[id.index()])
    };
    let ids: Vec<Option<ObjectId>> = (0..count)
        .map(|index| {
            let id = NodeId(u32::try_from(index).unwrap_or(u32::MAX));
            written(id).then(|| doc.new_object_id())
        })
        .collect();
    let root_id = doc.new_object_id();

    // The elements are made on every core (a book has one for each paragraph), then added.
    let elements = Elements {
        structure,
        tagged,
        own: &own,
        ids: &ids,
        root_id,
    };
    let made: Vec<(ObjectId, Dictionary, Option<Vec<u8>>)> = (0..structure.nodes.len())
        .into_par_iter()
        .filter_map(|index| elements.element(index))
        .collect();
    let mut notes: BTreeMap<Vec<u8>, ObjectId> = BTreeMap::new();
    for (object, element, note) in made {
        if let Some(note) = note {
            notes.insert(note, object);
        }
        doc.objects.insert(object, Object::Dictionary(element));
    }

    // The parent tree: pages first (key = the page's index), then the annotations.
    let mut nums: Vec<Object> = Vec::new();
    for (page, mcids) in &page_entries {
        let key = i64::try_from(*page).unwrap_or(i64::MAX);
        let array: Vec<Object> = mcids
            .iter()
            .map(|node| elements.reference_or_null(*node))
            .collect();
        nums.push(Object::Integer(key));
        nums.push(Object::Array(array));
        if let Some(&page_id) = tagged.pages.get(*page) {
            set(doc, page_id, "StructParents", Object::Integer(key));
        }
    }
    let mut next_key = i64::try_from(tagged.pages.len()).unwrap_or(i64::MAX);
    for (annotation, node) in &annotation_entries {
        nums.push(Object::Integer(next_key));
        nums.push(elements.reference_or_null(*node));
        set(doc, *annotation, "StructParent", Object::Integer(next_key));
        next_key += 1;
    }
    let document = elements.reference_or_null(Structure::ROOT);
    let mut root = dictionary! {
        "Type" => "StructTreeRoot",
        "K" => document,
        "ParentTree" => dictionary! { "Nums" => nums },
        "ParentTreeNextKey" => next_key,
    };
    if !notes.is_empty() {
        let mut names = Vec::new();
        for (id, object) in notes {
            names.push(Object::String(id, StringFormat::Literal));
            names.push(Object::Reference(object));
        }
        root.set("IDTree", dictionary! { "Names" => names });
    }
    doc.objects.insert(root_id, Object::Dictionary(root));
    root_id
}

/// What the elements are made from.
struct Elements<'a> {
    structure: &'a Structure,
    tagged: &'a Tagged<'a>,
    /// Each node's own kids (its content, and inline children placed where drawn).
    own: &'a [Vec<Kid>],
    /// Each written node's object id.
    ids: &'a [Option<ObjectId>],
    root_id: ObjectId,
}

impl Elements<'_> {
    fn reference(&self, id: NodeId) -> Option<ObjectId> {
        self.ids.get(id.index()).copied().flatten()
    }

    /// A reference to node `id`'s element, or `null` for a node not written.
    fn reference_or_null(&self, id: NodeId) -> Object {
        self.reference(id).map_or(Object::Null, Object::Reference)
    }

    /// The element of node `index` (`None` for a node not written): its object id, its
    /// dictionary, and a note's id for the `/IDTree`.
    fn element(&self, index: usize) -> Option<(ObjectId, Dictionary, Option<Vec<u8>>)> {
        let object = self.ids.get(index).copied().flatten()?;
        let node = self.structure.nodes.get(index)?;
        let mut kids: Vec<Kid> = self.own[index].clone();
        kids.extend(
            node.children
                .iter()
                .filter(|child| {
                    self.structure
                        .get(**child)
                        .is_some_and(|c| !c.role.is_inline())
                })
                .map(|&id| Kid::Node { id }),
        );
        // The element's page: that of its first marked content.
        let first_page = kids.iter().find_map(|kid| match kid {
            Kid::Content { page, .. } => Some(*page),
            _ => None,
        });
        let page_ref = |page: usize| self.tagged.pages.get(page).copied();
        let k: Vec<Object> = kids
            .iter()
            .filter_map(|kid| match *kid {
                Kid::Content { page, mcid } if Some(page) == first_page => {
                    Some(Object::Integer(mcid))
                }
                Kid::Content { page, mcid } => Some(
                    dictionary! {
                        "Type" => "MCR",
                        "Pg" => page_ref(page)?,
                        "MCID" => mcid,
                    }
                    .into(),
                ),
                Kid::Annotation { page, annotation } => Some(
                    dictionary! {
                        "Type" => "OBJR",
                        "Pg" => page_ref(page)?,
                        "Obj" => annotation,
                    }
                    .into(),
                ),
                Kid::Node { id } => self.reference(id).map(Object::Reference),
            })
            .collect();
        let parent = match node.parent {
            Some(parent) => self
                .reference(parent)
                .map_or(Object::Reference(self.root_id), Object::Reference),
            None => Object::Reference(self.root_id),
        };
        let mut element = dictionary! {
            "Type" => "StructElem",
            "S" => node.role.name(),
            "P" => parent,
            "K" => k,
        };
        if let Some(page) = first_page.and_then(page_ref) {
            element.set("Pg", page);
        }
        attributes(&node.role, &mut element);
        if let Some(lang) = &node.lang {
            element.set("Lang", text_string(lang.as_str()));
        }
        let note = match &node.role {
            Role::Note { id } => Some(id.as_bytes().to_vec()),
            _ => None,
        };
        Some((object, element, note))
    }
}

/// Marks `node` drawn; an inline node takes its place in its parent's kids now (and its parent,
/// if inline too, in its own parent's).
fn place(structure: &Structure, node: NodeId, own: &mut [Vec<Kid>], placed: &mut [bool]) {
    let mut current = node;
    loop {
        let index = current.index();
        if placed.get(index).copied().unwrap_or(true) {
            return;
        }
        placed[index] = true;
        let Some(info) = structure.get(current) else {
            return;
        };
        if !info.role.is_inline() {
            return;
        }
        let Some(parent) = info.parent else {
            return;
        };
        if let Some(list) = own.get_mut(parent.index()) {
            list.push(Kid::Node { id: current });
        }
        current = parent;
    }
}

/// The role's own entries: a figure's `/Alt`, a note's `/ID`, a list's numbering.
fn attributes(role: &Role, element: &mut Dictionary) {
    match role {
        Role::Figure { alt } => element.set("Alt", text_string(alt)),
        Role::Note { id } => element.set(
            "ID",
            Object::String(id.as_bytes().to_vec(), StringFormat::Literal),
        ),
        Role::List { numbering } => element.set(
            "A",
            dictionary! {
                "O" => "List",
                "ListNumbering" => match numbering {
                    ListNumbering::Bullet => "Disc",
                    ListNumbering::Decimal => "Decimal",
                },
            },
        ),
        _ => {}
    }
}

/// Sets `key` in the dictionary object `id`.
fn set(doc: &mut Document, id: ObjectId, key: &str, value: Object) {
    if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(id) {
        dict.set(key, value);
    }
}
