//! Pictures a chapter names (figures and images in running text): found relative to the chapter
//! file first (as mdBook has it), then to the book folder; read only through
//! [`crate::files::read_inside`]; format sniffed and size read by [`crate::images`]; a missing
//! file is an FPO placeholder.

use std::path::{Path, PathBuf};

use super::links::normalize;
use super::markdown::FileContext;
use crate::diag::{Diagnostic, Diagnostics};
use crate::files::{read_inside, resolve_inside, ReadError, MAX_BINARY_FILE};
use crate::images;
use crate::model::{Image, SourcePos};

/// Finds the picture `dest` names. A web address or a site-relative path cannot be fetched and a
/// file that does not exist yet is a "for position only" placeholder (warnings); a path out of
/// the book folder, a file that is no picture samizdat reads, or a damaged one is an error.
pub fn locate(
    dest: &str,
    context: FileContext<'_>,
    at: SourcePos,
    diags: &mut Diagnostics,
) -> Image {
    let missing = Image::Missing {
        path: PathBuf::from(dest),
    };
    let file = context.path;
    let mut error = |message: String, hint: &str| {
        diags.push(Diagnostic::error(file, Some(at), message).with_hint(hint));
    };
    let decoded = percent_encoding::percent_decode_str(dest.trim()).decode_utf8_lossy();
    let remote = dest.contains("://") || dest.starts_with("data:");
    if remote || decoded.starts_with('/') || decoded.is_empty() {
        let what = if remote {
            "is not a file in the book (no build fetches from the network)"
        } else {
            "is a site-relative address, not a file of the book"
        };
        diags.push(
            Diagnostic::warning(file, Some(at), format!("picture `{dest}` {what}: set as an FPO placeholder"))
                .with_hint("copy the picture into the book folder and give its path; --strict makes this an error"),
        );
        return missing;
    }
    let chapter_dir = Path::new(context.name).parent().unwrap_or(Path::new(""));
    let candidates: Vec<PathBuf> = [
        chapter_dir.join(decoded.as_ref()),
        PathBuf::from(decoded.as_ref()),
    ]
    .iter()
    .filter_map(|p| normalize(p))
    .filter(|p| !p.as_os_str().is_empty())
    .collect();
    if candidates.is_empty() {
        error(
            format!("picture path `{dest}` leaves the book folder"),
            "give a path relative to the chapter file or the book folder, such as images/photo.jpg",
        );
        return missing;
    }
    let Some(path) = candidates
        .iter()
        .map(|p| context.dir.join(p))
        .find(|p| p.symlink_metadata().is_ok())
    else {
        diags.push(
            Diagnostic::warning(
                file,
                Some(at),
                format!("picture `{dest}` does not exist: set as an FPO placeholder"),
            )
            .with_hint("add the image file to print the picture; --strict makes this an error"),
        );
        return missing;
    };
    let read = resolve_inside(&path, &[context.dir]).and_then(|real| {
        read_inside(&real, &[context.dir], MAX_BINARY_FILE).map(|bytes| (real, bytes))
    });
    let (real, bytes) = match read {
        Ok(read) => read,
        Err(ReadError::Outside { .. }) => {
            error(
                format!("picture `{dest}` is a link to a file outside the book folder"),
                "copy the image into the book folder instead of linking to it",
            );
            return missing;
        }
        Err(err) => {
            error(
                format!("cannot read picture `{dest}`: {err}"),
                "give the path of a regular image file",
            );
            return missing;
        }
    };
    let Some(format) = images::sniff(&bytes) else {
        let err = images::ImageError::Unsupported {
            format: images::unsupported_name(&bytes),
        };
        error(
            format!("picture `{dest}` {err}"),
            "convert it to JPEG (photographs), PNG (drawings, transparency), GIF or SVG",
        );
        return missing;
    };
    let (width_px, height_px) = match images::dimensions(&bytes, format) {
        Ok(size) => size,
        Err(err) => {
            error(
                format!("picture `{dest}` {err}"),
                "export it again from an image editor",
            );
            return missing;
        }
    };
    if format == images::ImageFormat::Svg && images::svg_has_text(&bytes) {
        diags.push(
            Diagnostic::warning(
                file,
                Some(at),
                format!("picture `{dest}` holds text, which the PDF does not draw (the e-book does)"),
            )
            .with_hint("convert the SVG's text to paths in a drawing program (Inkscape: Path › Object to Path)"),
        );
    }
    Image::Present {
        path: real,
        format,
        width_px,
        height_px,
    }
}
