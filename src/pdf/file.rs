//! The file: a document's objects written once, in the order of their numbers, the small ones
//! packed into deflated object streams, then a cross-reference stream whose `/ID` is a hash of
//! everything before it.
//!
//! A tagged book has a structure element for every paragraph: the ten-times book holds 18,000
//! small dictionaries beside 1,200 content streams. lopdf can pack them (`SaveOptions`), but it
//! serializes every packed object three times, one allocation each, on one core: that was a
//! sixth of the whole build. Here each object is serialized once, and the object streams are
//! made and deflated on every core ([`write_file`]). The syntax is PDF's (ISO 32000-1 §7.3); the
//! layout is §7.5.7 (object streams) and §7.5.8 (cross-reference streams).

use std::io::Write as _;

use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::{deflate, PdfError};

/// Objects per object stream: small enough that a reader finds one without inflating much,
/// large enough that the stream's own overhead (its dictionary, a cross-reference entry, the
/// deflate header) is paid rarely. lopdf and qpdf pack 100.
const OBJECTS_PER_STREAM: usize = 100;

/// The second line of the file: four bytes above 127, so that a transfer program takes the file
/// for binary (§7.5.2).
const BINARY_MARK: &[u8] = b"%\xE2\xE3\xCF\xD3\n";

/// Writes `doc` (its trailer's `/Root` and `/Info`, every object) as a PDF file with object
/// streams and a cross-reference stream, and the trailer `/ID` a hash of the file before the
/// cross-reference stream: the file is written once, and the /ID identifies its content.
pub fn write_file(doc: &Document) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::new();
    out.extend_from_slice(format!("%PDF-{}\n", doc.version).as_bytes());
    out.extend_from_slice(BINARY_MARK);
    let (streams, small): (Vec<_>, Vec<_>) = doc
        .objects
        .iter()
        .filter(|((_, generation), _)| *generation == 0)
        .partition(|(_, object)| matches!(object, Object::Stream(_)));
    let last_id = doc.objects.keys().map(|(id, _)| *id).max().unwrap_or(0);
    let first_packed_id = last_id.max(doc.max_id) + 1;
    let packed: Vec<Vec<u8>> = small
        .par_chunks(OBJECTS_PER_STREAM)
        .map(object_stream)
        .collect();
    let xref_id = first_packed_id + packed.len() as u32;
    let mut entries = vec![Entry::Free; xref_id as usize + 1];
    for (&(id, _), object) in &streams {
        entries[id as usize] = Entry::At(out.len());
        numbered(&mut out, id, |out| serialize(out, object));
    }
    for (index, chunk) in small.chunks(OBJECTS_PER_STREAM).enumerate() {
        let container = first_packed_id + index as u32;
        for (position, ((id, _), _)) in chunk.iter().enumerate() {
            entries[*id as usize] = Entry::Packed {
                container,
                index: position as u16,
            };
        }
    }
    for (index, stream) in packed.iter().enumerate() {
        let id = first_packed_id + index as u32;
        entries[id as usize] = Entry::At(out.len());
        numbered(&mut out, id, |out| out.extend_from_slice(stream));
    }
    let digest = Sha256::digest(&out);
    let at = out.len();
    entries[xref_id as usize] = Entry::At(at);
    cross_reference(&mut out, doc, xref_id, &entries, &digest[..16])?;
    out.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
    Ok(out)
}

/// Where an object is, as the cross-reference stream tells it.
#[derive(Debug, Clone, Copy)]
enum Entry {
    Free,
    /// At a byte offset in the file.
    At(usize),
    /// The `index`-th object of object stream `container`.
    Packed {
        container: u32,
        index: u16,
    },
}

/// `id 0 obj … endobj`, the object written by `write`.
fn numbered(out: &mut Vec<u8>, id: u32, write: impl FnOnce(&mut Vec<u8>)) {
    out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    write(out);
    out.extend_from_slice(b"\nendobj\n");
}

/// One object stream of `objects` (their numbers and offsets, then the objects), deflated: the
/// stream object's dictionary and content, without its `obj` line.
fn object_stream(objects: &[(&ObjectId, &Object)]) -> Vec<u8> {
    let mut header = Vec::new();
    let mut body = Vec::new();
    for ((id, _), object) in objects {
        header.extend_from_slice(format!("{id} {} ", body.len()).as_bytes());
        serialize(&mut body, object);
        body.push(b'\n');
    }
    let first = header.len();
    header.extend_from_slice(&body);
    let dict = Dictionary::from_iter([
        ("Type", Object::Name(b"ObjStm".to_vec())),
        ("N", Object::Integer(objects.len() as i64)),
        ("First", Object::Integer(first as i64)),
    ]);
    let deflated = deflate(&header);
    let mut out = Vec::with_capacity(deflated.len() + 80);
    serialize_deflated(&mut out, dict, &deflated);
    out
}

/// A deflated stream: its dictionary (given `/Filter`, and `/Length`) and its content.
fn serialize_deflated(out: &mut Vec<u8>, mut dict: Dictionary, deflated: &[u8]) {
    dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    serialize_stream(out, dict, deflated);
}

/// A stream: its dictionary (given `/Length`) and its content.
fn serialize_stream(out: &mut Vec<u8>, mut dict: Dictionary, content: &[u8]) {
    dict.set("Length", Object::Integer(content.len() as i64));
    serialize_dictionary(out, &dict);
    out.extend_from_slice(b"stream\n");
    out.extend_from_slice(content);
    out.extend_from_slice(b"\nendstream");
}

/// The cross-reference stream (object `id`, the last in the file), which is also the trailer:
/// `/Root`, `/Info`, and `/ID` twice `id_bytes` (the file is new, so both halves are the same).
fn cross_reference(
    out: &mut Vec<u8>,
    doc: &Document,
    id: u32,
    entries: &[Entry],
    id_bytes: &[u8],
) -> Result<(), PdfError> {
    // Type, then an offset or container of 4 bytes, then a generation or index of 2.
    let mut table = Vec::with_capacity(entries.len() * 7);
    for entry in entries {
        let (kind, field, last) = match *entry {
            Entry::Free => (0u8, 0u32, 0u16),
            Entry::At(offset) => (
                1,
                u32::try_from(offset).map_err(|_| PdfError::Write {
                    message: "the PDF would be larger than 4 GB".to_owned(),
                })?,
                0,
            ),
            Entry::Packed { container, index } => (2, container, index),
        };
        table.push(kind);
        table.extend_from_slice(&field.to_be_bytes());
        table.extend_from_slice(&last.to_be_bytes());
    }
    if let Some(first) = table.get_mut(5..7) {
        // Object 0 heads the list of free objects with the greatest generation (§7.5.4).
        first.copy_from_slice(&u16::MAX.to_be_bytes());
    }
    let id_string = Object::String(id_bytes.to_vec(), StringFormat::Hexadecimal);
    let mut dict = Dictionary::from_iter([
        ("Type", Object::Name(b"XRef".to_vec())),
        ("Size", Object::Integer(entries.len() as i64)),
        ("W", Object::Array(vec![1.into(), 4.into(), 2.into()])),
        ("ID", Object::Array(vec![id_string.clone(), id_string])),
    ]);
    for key in [&b"Root"[..], b"Info"] {
        if let Ok(value) = doc.trailer.get(key) {
            dict.set(key, value.clone());
        }
    }
    numbered(out, id, |out| {
        serialize_deflated(out, dict, &deflate(&table))
    });
    Ok(())
}

/// Whether `object`, written after another, needs a space before it (a number, a keyword or a
/// reference would run into what precedes it; names, strings, arrays and dictionaries begin
/// with a delimiter).
fn needs_space(object: &Object) -> bool {
    matches!(
        object,
        Object::Null
            | Object::Boolean(_)
            | Object::Integer(_)
            | Object::Real(_)
            | Object::Reference(_)
    )
}

/// Writes `object` in PDF syntax (§7.3).
fn serialize(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Null => out.extend_from_slice(b"null"),
        Object::Boolean(value) => out.extend_from_slice(if *value { b"true" } else { b"false" }),
        Object::Integer(value) => {
            let _ = write!(out, "{value}");
        }
        // Rust writes a float without an exponent, as PDF requires.
        Object::Real(value) => {
            let _ = write!(out, "{value}");
        }
        Object::Name(name) => serialize_name(out, name),
        Object::String(bytes, StringFormat::Literal) => serialize_literal(out, bytes),
        Object::String(bytes, StringFormat::Hexadecimal) => {
            out.push(b'<');
            for byte in bytes {
                out.extend_from_slice(&hex_pair(*byte));
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 && needs_space(item) {
                    out.push(b' ');
                }
                serialize(out, item);
            }
            out.push(b']');
        }
        Object::Dictionary(dict) => serialize_dictionary(out, dict),
        Object::Stream(stream) => serialize_stream(out, stream.dict.clone(), &stream.content),
        Object::Reference((id, generation)) => {
            let _ = write!(out, "{id} {generation} R");
        }
    }
}

fn serialize_dictionary(out: &mut Vec<u8>, dict: &Dictionary) {
    out.extend_from_slice(b"<<");
    for (key, value) in dict.iter() {
        serialize_name(out, key);
        if needs_space(value) {
            out.push(b' ');
        }
        serialize(out, value);
    }
    out.extend_from_slice(b">>");
}

/// `/Name`, with whitespace, delimiters, `#` and bytes outside `!`…`~` written as `#xx`
/// (§7.3.5).
fn serialize_name(out: &mut Vec<u8>, name: &[u8]) {
    out.push(b'/');
    for &byte in name {
        if b"()<>[]{}/%#".contains(&byte) || !(b'!'..=b'~').contains(&byte) {
            out.push(b'#');
            out.extend_from_slice(&hex_pair(byte));
        } else {
            out.push(byte);
        }
    }
}

/// `(…)`, with every parenthesis and backslash escaped, and a carriage return written as `\r`
/// (a bare one would be read as a line end, §7.3.4.2).
fn serialize_literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &byte in bytes {
        match byte {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', byte]),
            b'\r' => out.extend_from_slice(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b')');
}

fn hex_pair(byte: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [
        DIGITS[usize::from(byte >> 4)],
        DIGITS[usize::from(byte & 0xF)],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(object: &Object) -> String {
        let mut out = Vec::new();
        serialize(&mut out, object);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn objects_are_written_in_pdf_syntax() {
        assert_eq!(written(&Object::Real(0.1)), "0.1");
        assert_eq!(written(&Object::Real(1e-7)), "0.0000001");
        assert_eq!(written(&Object::Name(b"A b#(".to_vec())), "/A#20b#23#28");
        assert_eq!(
            written(&Object::String(b"a(b)\\\r".to_vec(), StringFormat::Literal)),
            "(a\\(b\\)\\\\\\r)"
        );
        assert_eq!(
            written(&Object::String(vec![0, 0xAB], StringFormat::Hexadecimal)),
            "<00AB>"
        );
        let array = Object::Array(vec![
            Object::Integer(1),
            Object::Reference((2, 0)),
            Object::Name(b"N".to_vec()),
            Object::Boolean(true),
        ]);
        assert_eq!(written(&array), "[1 2 0 R/N true]");
        let dict = Dictionary::from_iter([
            ("K", Object::Integer(3)),
            ("S", Object::Name(b"P".to_vec())),
        ]);
        assert_eq!(written(&Object::Dictionary(dict)), "<</K 3/S/P>>");
    }
}
