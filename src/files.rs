//! Reading the files a book names: only regular files, only inside the folders the book may use.
//!
//! Every file samizdat reads on a book's behalf (chapters, images, a style's CSS and fonts) comes
//! through [`read_inside`]: the path is resolved with its symbolic links, must stay inside one of
//! the allowed roots (the book folder, or the styles folder a book names), must be a regular file
//! (a named pipe would block forever, a device would never end), and may not exceed a size limit.
//! A book can therefore never make samizdat read `/etc/hostname` or hang on a FIFO.

use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// No file at that path.
    Missing,
    /// The path (after following links) leads outside every allowed root.
    Outside {
        real: PathBuf,
    },
    /// Not a regular file: a folder, a named pipe, a device or a socket.
    NotRegular,
    /// Larger than the limit for its kind, in bytes.
    TooLarge {
        size: u64,
        limit: u64,
    },
    Io(std::io::Error),
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Missing => write!(f, "no such file"),
            ReadError::Outside { real } => write!(
                f,
                "it leads outside the book folder (to {})",
                crate::diag::display_path(real).display()
            ),
            ReadError::NotRegular => write!(f, "not a regular file"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "{} MB, more than the limit of {} MB",
                size.div_ceil(1 << 20),
                limit / (1 << 20)
            ),
            ReadError::Io(err) => write!(f, "{err}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The largest chapter file read, in bytes: far beyond any book (the longest bundled chapter is
/// 20 KB, a long novel in one file about 1 MB), small enough that a mistaken file fails at once.
pub const MAX_TEXT_FILE: u64 = 64 << 20;
/// The largest image, font or stylesheet file read, in bytes.
pub const MAX_BINARY_FILE: u64 = 256 << 20;

/// Resolves `path` (relative paths are relative to the working directory) and checks that it is
/// a regular file inside one of `roots`; returns the resolved path.
pub fn resolve_inside(path: &Path, roots: &[&Path]) -> Result<PathBuf, ReadError> {
    let real = match path.canonicalize() {
        Ok(real) => real,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Err(ReadError::Missing),
        Err(err) => return Err(ReadError::Io(err)),
    };
    let inside = roots
        .iter()
        .filter_map(|root| root.canonicalize().ok())
        .any(|root| real.starts_with(root));
    if !inside {
        return Err(ReadError::Outside { real });
    }
    let meta = std::fs::metadata(&real).map_err(ReadError::Io)?;
    if !meta.file_type().is_file() {
        return Err(ReadError::NotRegular);
    }
    Ok(real)
}

/// Reads `path` if it is a regular file inside one of `roots` and at most `limit` bytes long.
/// The size is checked before reading and again while reading (a file that grows meanwhile).
pub fn read_inside(path: &Path, roots: &[&Path], limit: u64) -> Result<Vec<u8>, ReadError> {
    let real = resolve_inside(path, roots)?;
    let file = std::fs::File::open(&real).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > limit {
        return Err(ReadError::TooLarge { size, limit });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("samizdat-files-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn reads_a_file_inside() {
        let dir = temp("inside");
        std::fs::write(dir.join("a.md"), "# A").expect("write");
        let bytes = read_inside(&dir.join("a.md"), &[&dir], 100).expect("read");
        assert_eq!(bytes, b"# A");
    }

    #[test]
    fn refuses_missing_large_and_folders() {
        let dir = temp("refuses");
        std::fs::write(dir.join("big.md"), "0123456789").expect("write");
        assert!(matches!(
            read_inside(&dir.join("big.md"), &[&dir], 5),
            Err(ReadError::TooLarge { size: 10, limit: 5 })
        ));
        assert!(matches!(
            read_inside(&dir.join("nope.md"), &[&dir], 5),
            Err(ReadError::Missing)
        ));
        std::fs::create_dir_all(dir.join("sub")).expect("dir");
        assert!(matches!(
            read_inside(&dir.join("sub"), &[&dir], 5),
            Err(ReadError::NotRegular)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn refuses_links_out_and_pipes() {
        let dir = temp("links");
        let outside = temp("links-outside");
        std::fs::write(outside.join("secret"), "x").expect("write");
        std::os::unix::fs::symlink(outside.join("secret"), dir.join("link.md")).expect("link");
        assert!(matches!(
            read_inside(&dir.join("link.md"), &[&dir], 5),
            Err(ReadError::Outside { .. })
        ));
        let fifo = dir.join("pipe.png");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            assert!(matches!(
                read_inside(&fifo, &[&dir], 5),
                Err(ReadError::NotRegular)
            ));
        }
    }
}
