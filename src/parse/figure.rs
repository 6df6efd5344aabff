//! Figure images: paths kept inside the book folder, formats sniffed, sizes read, FPO when missing.

use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Image, ImageFormat, SourcePos};

/// Finds the image a figure names. A path that leaves the book folder (`../`, an absolute path, a
/// symlink pointing out) or names a web address is an error; a file that does not exist is a
/// "for position only" placeholder and a warning.
pub fn locate(
    dest: &str,
    dir: &Path,
    file: &Path,
    at: SourcePos,
    diags: &mut Diagnostics,
) -> Image {
    let missing = Image::Missing {
        path: PathBuf::from(dest),
    };
    let mut error = |message: String, hint: &str| {
        diags.push(Diagnostic::error(file, Some(at), message).with_hint(hint));
    };
    if dest.contains("://") || dest.starts_with("data:") {
        error(
            format!("figure `{dest}` is not a file in the book"),
            "images must be files inside the book folder: no build ever fetches from the network",
        );
        return missing;
    }
    let relative = Path::new(dest);
    if !stays_inside(relative) {
        error(
            format!("figure path `{dest}` leaves the book folder"),
            "give a path relative to the book folder, such as images/photo.jpg",
        );
        return missing;
    }
    let path = dir.join(relative);
    if !path.exists() {
        diags.push(
            Diagnostic::warning(
                file,
                Some(at),
                format!("figure `{dest}` does not exist: set as an FPO placeholder"),
            )
            .with_hint("add the image file to print the picture; --strict makes this an error"),
        );
        return missing;
    }
    let (Ok(real), Ok(root)) = (path.canonicalize(), dir.canonicalize()) else {
        error(
            format!("cannot resolve figure path `{dest}`"),
            "check the file's permissions",
        );
        return missing;
    };
    if !real.starts_with(&root) {
        error(
            format!("figure `{dest}` is a link to a file outside the book folder"),
            "copy the image into the book folder instead of linking to it",
        );
        return missing;
    }
    let bytes = match std::fs::read(&real) {
        Ok(bytes) => bytes,
        Err(err) => {
            error(
                format!("cannot read figure `{dest}`: {err}"),
                "check the file's permissions",
            );
            return missing;
        }
    };
    let format = match sniff(&bytes) {
        Some(format) => format,
        None => {
            error(
                format!("figure `{dest}` is neither a JPEG nor a PNG image"),
                "convert it to JPEG (photographs) or PNG (drawings, images with transparency)",
            );
            return missing;
        }
    };
    match imagesize::blob_size(&bytes) {
        Ok(size) if size.width > 0 && size.height > 0 => Image::Present {
            path: real,
            format,
            width_px: u32::try_from(size.width).unwrap_or(u32::MAX),
            height_px: u32::try_from(size.height).unwrap_or(u32::MAX),
        },
        _ => {
            error(
                format!("figure `{dest}` is a damaged image"),
                "export it again from an image editor",
            );
            missing
        }
    }
}

/// True when a relative path never climbs above its starting folder.
fn stays_inside(path: &Path) -> bool {
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return false,
            },
            Component::RootDir | Component::Prefix(_) => return false,
        }
    }
    depth > 0
}

/// The format from the file's first bytes, whatever its name says.
pub(super) fn sniff(bytes: &[u8]) -> Option<ImageFormat> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(ImageFormat::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImageFormat::Png)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        assert!(stays_inside(Path::new("images/a.jpg")));
        assert!(stays_inside(Path::new("images/../a.jpg")));
        assert!(!stays_inside(Path::new("../a.jpg")));
        assert!(!stays_inside(Path::new("images/../../a.jpg")));
        assert!(!stays_inside(Path::new("/etc/passwd")));
    }
}
