//! The cover picture `book.toml` names (`[book] cover = "images/cover.jpg"`): a JPEG or PNG
//! inside the book folder, read through [`crate::files`] and checked here, once, so that every
//! backend can rely on it. Unlike a figure's picture, a missing cover is an error: the author
//! asked for that picture on the front of the book.

use std::path::Path;

use crate::config::{key_pos, BookToml};
use crate::diag::{Diagnostic, Diagnostics};
use crate::files::{read_inside, MAX_BINARY_FILE};
use crate::images::{dimensions, sniff, ImageFormat};
use crate::model::CoverPicture;

/// The cover picture of the book in `dir`, or `None` (with an error pushed when it is unusable).
pub fn locate(
    config: &BookToml,
    dir: &Path,
    toml_path: &Path,
    diags: &mut Diagnostics,
) -> Option<CoverPicture> {
    let name = config.book.cover.as_deref()?;
    let at = std::fs::read_to_string(toml_path)
        .ok()
        .and_then(|text| key_pos(&text, "cover"));
    let mut error = |message: String, hint: &str| {
        diags.push(Diagnostic::error(toml_path, at, message).with_hint(hint));
    };
    let bytes = match read_inside(&dir.join(name), &[dir], MAX_BINARY_FILE) {
        Ok(bytes) => bytes,
        Err(err) => {
            error(
                format!("cannot use the cover picture `{name}`: {err}"),
                "name a JPEG or PNG file inside the book folder, such as images/cover.jpg",
            );
            return None;
        }
    };
    let Some(format) = sniff(&bytes).filter(|f| matches!(f, ImageFormat::Jpeg | ImageFormat::Png))
    else {
        error(
            format!("the cover picture `{name}` is neither a JPEG nor a PNG image"),
            "e-book stores and printers take JPEG (photographs) or PNG (drawings)",
        );
        return None;
    };
    let size = dimensions(&bytes, format);
    let (Ok((width_px, height_px)), Ok(path)) = (size, dir.join(name).canonicalize()) else {
        error(
            format!("the cover picture `{name}` is a damaged image"),
            "export it again from an image editor",
        );
        return None;
    };
    Some(CoverPicture {
        path,
        format,
        width_px,
        height_px,
    })
}
