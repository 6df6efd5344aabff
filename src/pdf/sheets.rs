//! Sheets: documents whose pages are sheet sides, each drawing pages of prepared documents as
//! Form XObjects (the booklet, its separate cover, the duplex calibration sheet).
//!
//! A page of a [`Prepared`] document becomes a Form XObject whose stream is the page's content
//! stream, the very same deflated bytes as in the reading PDF, with the prepared document's
//! shared resources; its `/Matrix` moves the page's trim box to the origin, its `/BBox` is the
//! trim box and the bleed. A sheet side is then a small content stream of our own, written as
//! lopdf operations: for each page a clip (its trim and bleed, cut at the fold), a
//! transformation (where it sits, turned 180° where asked) and `Do`, then the marks.

use std::collections::BTreeMap;

use lopdf::content::{Content, Operation};
use lopdf::{dictionary, Dictionary, Document, Object, ObjectId, Stream};

use super::catalog::{add_catalog, Claim};
use super::document::Prepared;
use super::file::write_file;
use super::fonts::text_string;
use super::{deflate, PdfError};
use crate::model::Metadata;
use crate::units::Pt;

/// Whether something is drawn as it is or turned half a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Turn {
    Upright,
    /// Turned 180° about its own centre (a long-edge duplex back, an upside-down message).
    UpsideDown,
}

/// An axis-aligned rectangle in points: lower-left and upper-right corners.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub left: Pt,
    pub bottom: Pt,
    pub right: Pt,
    pub top: Pt,
}

/// One page drawn on a sheet side.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Placement {
    /// Which prepared document (an index into the sources of [`write_sheets`]) and its page.
    pub source: usize,
    pub page: usize,
    /// Where the page's trim box lands on the sheet: its lower-left corner.
    pub x: Pt,
    pub y: Pt,
    pub turn: Turn,
    /// What of the page shows, on the sheet: its trim and bleed, cut at the fold.
    pub clip: Area,
}

/// A straight hairline on a sheet (crop and fold marks), from one point to another.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mark {
    pub from: (Pt, Pt),
    pub to: (Pt, Pt),
}

/// One side of a sheet: the pages drawn on it, its marks, and its label in viewers.
#[derive(Debug, Clone, PartialEq)]
pub struct SheetSide {
    pub placements: Vec<Placement>,
    pub marks: Vec<Mark>,
    /// Everything on the side is turned half a turn about the sheet's centre (a long-edge
    /// duplex back), after it is placed.
    pub turn: Turn,
    pub label: String,
}

/// The width of a mark: 0.25 pt, the hairline print shops expect (and the reading PDF's).
const MARK_WIDTH: f64 = 0.25;

/// Writes a document of sheet sides `width` × `height`, drawing pages of `sources`.
pub fn write_sheets(
    sources: &[&Prepared],
    sides: &[SheetSide],
    (width, height): (Pt, Pt),
    metadata: &Metadata,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let resources: Vec<ObjectId> = sources.iter().map(|_| doc.new_object_id()).collect();
    let mut forms: BTreeMap<(usize, usize), ObjectId> = BTreeMap::new();
    let mut page_ids = Vec::new();
    for side in sides {
        let mut xobjects = Dictionary::new();
        for placement in &side.placements {
            let key = (placement.source, placement.page);
            let id = match forms.get(&key) {
                Some(id) => *id,
                None => {
                    let form = form(sources, &resources, key)?;
                    let id = doc.add_object(form);
                    forms.insert(key, id);
                    id
                }
            };
            xobjects.set(form_name(key), id);
        }
        let content = side_content(sources, side, (width, height));
        let mut stream = Stream::new(dictionary! { "Filter" => "FlateDecode" }, deflate(&content));
        stream.allows_compression = false;
        let content_id = doc.add_object(stream);
        let page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), real(width.0), real(height.0)],
            "Contents" => content_id,
            "Resources" => dictionary! { "XObject" => xobjects },
        };
        page_ids.push(doc.add_object(page));
    }
    for (prepared, id) in sources.iter().zip(&resources) {
        prepared.add_resources(&mut doc, *id);
    }
    let kids: Vec<Object> = page_ids.iter().map(|id| (*id).into()).collect();
    let count = i64::try_from(kids.len()).unwrap_or(i64::MAX);
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "Lang" => text_string(metadata.language.as_str()),
        "ViewerPreferences" => dictionary! { "DisplayDocTitle" => true },
        "PageLabels" => labels(sides),
    };
    add_catalog(&mut doc, catalog, metadata, Claim::Nothing);
    write_file(&doc)
}

/// The resource name of a source's page.
fn form_name((source, page): (usize, usize)) -> String {
    format!("S{source}P{page}")
}

/// A page of a prepared document as a Form XObject: its own deflated content stream, its
/// document's shared resources, the trim box moved to the origin.
fn form(
    sources: &[&Prepared],
    resources: &[ObjectId],
    (source, page): (usize, usize),
) -> Result<Stream, PdfError> {
    let missing = || PdfError::Write {
        message: format!("no page {page} in document {source} to place on a sheet"),
    };
    let prepared = sources.get(source).ok_or_else(missing)?;
    let content = prepared.contents.get(page).ok_or_else(missing)?;
    let g = &prepared.geometry;
    let (o, b) = (g.origin, g.bleed);
    let mut stream = Stream::new(
        dictionary! {
            "Type" => "XObject",
            "Subtype" => "Form",
            "FormType" => 1,
            "BBox" => vec![real(o - b), real(o - b), real(o + g.width + b), real(o + g.height + b)],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), real(-o), real(-o)],
            "Resources" => resources[source],
            "Filter" => "FlateDecode",
        },
        content.clone(),
    );
    stream.allows_compression = false;
    Ok(stream)
}

/// A number as the PDF writes it, rounded to a thousandth of a point.
fn real(value: f64) -> Object {
    Object::Real(((value * 1000.0).round() / 1000.0) as f32)
}

/// The sheet side's own content: each page clipped and placed, then the marks.
fn side_content(sources: &[&Prepared], side: &SheetSide, (width, height): (Pt, Pt)) -> Vec<u8> {
    let op = |name: &str, operands: Vec<Object>| Operation::new(name, operands);
    let mut ops = vec![op("q", vec![])];
    if side.turn == Turn::UpsideDown {
        ops.push(turned(width, height));
    }
    for placement in &side.placements {
        let c = placement.clip;
        ops.push(op("q", vec![]));
        ops.push(op(
            "re",
            vec![
                real(c.left.0),
                real(c.bottom.0),
                real((c.right - c.left).0),
                real((c.top - c.bottom).0),
            ],
        ));
        ops.push(op("W", vec![]));
        ops.push(op("n", vec![]));
        ops.push(op(
            "cm",
            vec![
                1.into(),
                0.into(),
                0.into(),
                1.into(),
                real(placement.x.0),
                real(placement.y.0),
            ],
        ));
        if placement.turn == Turn::UpsideDown {
            if let Some(g) = sources.get(placement.source).map(|p| &p.geometry) {
                ops.push(turned(Pt(g.width), Pt(g.height)));
            }
        }
        let name = form_name((placement.source, placement.page));
        ops.push(op("Do", vec![Object::Name(name.into_bytes())]));
        ops.push(op("Q", vec![]));
    }
    if !side.marks.is_empty() {
        ops.push(op("G", vec![0.into()]));
        ops.push(op("w", vec![real(MARK_WIDTH)]));
        for mark in &side.marks {
            ops.push(op("m", vec![real(mark.from.0 .0), real(mark.from.1 .0)]));
            ops.push(op("l", vec![real(mark.to.0 .0), real(mark.to.1 .0)]));
        }
        ops.push(op("S", vec![]));
    }
    ops.push(op("Q", vec![]));
    Content { operations: ops }.encode().unwrap_or_default()
}

/// `-1 0 0 -1 w h cm`: a half turn of a `w` × `h` area about its centre.
fn turned(width: Pt, height: Pt) -> Operation {
    Operation::new(
        "cm",
        vec![
            (-1).into(),
            0.into(),
            0.into(),
            (-1).into(),
            real(width.0),
            real(height.0),
        ],
    )
}

/// Page labels naming each sheet side (`1 front`), shown by viewers instead of page numbers.
fn labels(sides: &[SheetSide]) -> Dictionary {
    let mut nums = Vec::new();
    for (index, side) in sides.iter().enumerate() {
        nums.push(Object::Integer(i64::try_from(index).unwrap_or(0)));
        nums.push(dictionary! { "P" => text_string(&side.label) }.into());
    }
    dictionary! { "Nums" => nums }
}
