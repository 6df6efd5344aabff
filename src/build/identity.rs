//! samizdat's build identity: its version and the SHA-256 of the running binary.
//!
//! Part of every cache key, so that a changed samizdat (a new release, a local change, another
//! compiler) never reuses outputs made by another: a new binary is a cold cache. The binary is
//! hashed once per run; since a debug binary weighs 200 MB, the digest is remembered in the cache
//! folder (`binary.json`) beside the binary's path, size and modification time, and hashed again
//! only when one of those changed (as `make` trusts a modification time; the outputs' own check is
//! the same, with `--verify` to rehash).

use std::io::Read;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::cache::Stamp;

/// The remembered digest of a binary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BinaryDigest {
    path: PathBuf,
    size: u64,
    modified: Stamp,
    sha256: String,
}

/// The memo's file name in the cache folder.
const MEMO: &str = "binary.json";

/// `samizdat <version> <sha256 of the binary>`; `memo_dir` is the cache folder (when there is one).
/// A binary that cannot be read (deleted while running) gets an identity of its own each run: no
/// output is ever reused for it.
pub fn current(memo_dir: Option<&Path>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    match binary_digest(memo_dir) {
        Some(sha256) => format!("samizdat {version} {sha256}"),
        None => format!("samizdat {version} unknown binary {}", std::process::id()),
    }
}

fn binary_digest(memo_dir: Option<&Path>) -> Option<String> {
    let path = std::env::current_exe().ok()?.canonicalize().ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    let size = meta.len();
    let modified = Stamp::of(&meta)?;
    let memo_path = memo_dir.map(|dir| dir.join(MEMO));
    let remembered: Option<BinaryDigest> = memo_path
        .as_ref()
        .and_then(|memo| std::fs::read(memo).ok())
        .and_then(|bytes| serde_json::from_slice(&bytes).ok());
    if let Some(memo) = &remembered {
        if memo.path == path && memo.size == size && memo.modified == modified {
            return Some(memo.sha256.clone());
        }
    }
    let sha256 = sha256_file(&path).ok()?;
    if let Some(memo_path) = memo_path {
        let memo = BinaryDigest {
            path,
            size,
            modified,
            sha256: sha256.clone(),
        };
        // Only a speed-up: a memo that cannot be written is hashed again next time.
        if let Ok(json) = serde_json::to_vec_pretty(&memo) {
            let _ = crate::output::write_atomic(&memo_path, &json);
        }
    }
    Some(sha256)
}

/// The size of the buffer files are hashed through: large enough that reads cost nothing next to
/// the hashing, small enough not to matter beside a book's outputs in memory.
const HASH_BUFFER: usize = 1 << 20;

/// The SHA-256 of a regular file, in lowercase hex, read through a buffer. Anything else (a
/// named pipe that would block, a device that never ends) is an error, not read.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; HASH_BUFFER];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(hex(&hasher.finalize()))
}

/// The SHA-256 of bytes, in lowercase hex.
pub fn sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
