//! Reading a chapter file's text: through [`crate::files::read_inside`] (regular files inside the
//! book folder only), a UTF-8 byte-order mark skipped, lone carriage returns read as line ends,
//! and anything that is not UTF-8 an error at its line and byte.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::files::{read_inside, ReadError, MAX_TEXT_FILE};
use crate::model::SourcePos;

/// The text of the Markdown file `path` of the book in `dir`, or the error that stops it.
pub fn read_chapter(path: &Path, dir: &Path) -> Result<String, Diagnostic> {
    let bytes = read_inside(path, &[dir], MAX_TEXT_FILE).map_err(|err| {
        let d = Diagnostic::error(path, None, format!("cannot read the chapter: {err}"));
        match err {
            ReadError::Outside { .. } => d.with_hint(
                "a book reads only files inside its folder: copy the file in instead of linking it",
            ),
            _ => d,
        }
    })?;
    decode(bytes, path)
}

/// UTF-8 text from a file's bytes: the BOM dropped, `\r` alone turned into `\n` (a `\r\n` is
/// kept: pulldown-cmark reads it as one line end). Byte offsets stay those of the file after
/// the BOM, so positions are unchanged. Not UTF-8: an error at the line and byte.
pub fn decode(mut bytes: Vec<u8>, path: &Path) -> Result<String, Diagnostic> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(lone_cr_to_lf(text)),
        Err(err) => Err(not_utf8(
            err.as_bytes(),
            err.utf8_error().valid_up_to(),
            path,
        )),
    }
}

/// The error for bytes that stop being UTF-8 at `at`.
fn not_utf8(bytes: &[u8], at: usize, path: &Path) -> Diagnostic {
    let before = &bytes[..at];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    let pos = SourcePos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
    };
    Diagnostic::error(
        path,
        Some(pos),
        format!(
            "the file is not UTF-8: byte 0x{:02X} (byte {} of line {line}) cannot start or continue a character",
            bytes[at],
            at - line_start + 1
        ),
    )
    .with_hint("save the file as UTF-8 (in most editors: Save as…, Encoding: UTF-8)")
}

/// `\r` not followed by `\n` becomes `\n` (old Mac line ends); one byte for one, so offsets hold.
fn lone_cr_to_lf(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Only ASCII bytes were replaced by ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> (Option<String>, Vec<String>) {
        match decode(bytes.to_vec(), Path::new("a.md")) {
            Ok(text) => (Some(text), Vec::new()),
            Err(d) => (None, vec![d.to_string()]),
        }
    }

    #[test]
    fn bom_is_skipped() {
        assert_eq!(
            read(b"\xEF\xBB\xBF# Title\n").0.as_deref(),
            Some("# Title\n")
        );
    }

    #[test]
    fn lone_cr_ends_lines() {
        assert_eq!(
            read(b"# A\rtext\r\nmore\r").0.as_deref(),
            Some("# A\ntext\r\nmore\n")
        );
    }

    #[test]
    fn latin1_is_an_error_at_its_line_and_byte() {
        let (text, messages) = read(b"# Title\n\nCaf\xE9 au lait\n");
        assert_eq!(text, None);
        assert_eq!(messages.len(), 1);
        assert!(
            messages[0].starts_with(
                "a.md:3:4: error: the file is not UTF-8: byte 0xE9 (byte 4 of line 3)"
            ),
            "{messages:?}"
        );
    }
}
