//! Helpers shared by the tests: throwaway folders, book folders, readable diagnostics, PNG bytes,
//! property-test settings and file snapshots.

pub mod catalogue;
pub mod epubcheck;
pub mod model_books;
pub mod pdf_tools;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use samizdat::parse::{parse_with, ParseOptions, Parsed};

/// A fresh folder under the system's temp dir, removed when dropped. Its name holds the process
/// id, a number no other folder of this run has, and `name`, so tests running side by side (in
/// threads of one process, or in two runs) never share one.
pub struct Scratch(PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("samizdat-test-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Scratch(dir)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.0
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A fresh book folder (see [`Scratch`]) holding `files` (path, content); `book.toml` gets a
/// minimal default unless `files` has one.
pub fn book(name: &str, files: &[(&str, &str)]) -> Scratch {
    let dir = Scratch::new(name);
    if !files.iter().any(|(p, _)| *p == "book.toml") {
        write(
            &dir,
            "book.toml",
            "[book]\ntitle = \"Test\"\nauthors = [\"T. Ester\"]\n",
        );
    }
    for (path, content) in files {
        write(&dir, path, content);
    }
    dir
}

/// A folder under the build's `target/tmp/` for files worth a look after the run (PDFs), emptied
/// first; `name` must be the test's own.
pub fn output_dir(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("tmp dir");
    dir
}

pub fn write(dir: &Path, path: &str, content: &str) {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("parent dir");
    }
    std::fs::write(path, content).expect("write test file");
}

/// The seed property tests use when `PROPTEST_RNG_SEED` is not set: the same cases on every run, so
/// `cargo test` passes or fails for a change in the code, never for a draw.
pub const PROPTEST_DEFAULT_SEED: u64 = 1917;

/// A property-test configuration of `cases` cases that cannot flake and writes nothing: a fixed
/// seed unless `PROPTEST_RNG_SEED` names another (to explore), and no failure file (a case found
/// becomes a named regression test instead of a change to a tracked file).
pub fn proptest_config(cases: u32) -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let from_env = Config::default();
    Config {
        cases,
        failure_persistence: None,
        rng_seed: match from_env.rng_seed {
            RngSeed::Random => RngSeed::Fixed(PROPTEST_DEFAULT_SEED),
            seed => seed,
        },
        ..from_env
    }
}

/// Parses with no `SOURCE_DATE_EPOCH`, whatever the environment says.
pub fn parse(dir: &Path) -> Parsed {
    parse_with(dir, &ParseOptions::default())
}

/// The diagnostics as printed, with the book folder cut from paths: `one.md:3:5: error: ...`.
pub fn messages(dir: &Path, parsed: &Parsed) -> Vec<String> {
    let prefix = format!("{}/", dir.display());
    parsed
        .diagnostics
        .clone()
        .sorted()
        .iter()
        .map(|d| d.to_string().replace(&prefix, ""))
        .collect()
}

/// A tiny valid PNG of `width` by `height` grey pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    png_rgb(width, height, [128, 128, 128])
}

/// A valid RGB PNG of `width` by `height` pixels of one colour, written byte by byte (a zlib
/// stream of stored deflate blocks), so the tests need no image library.
pub fn png_rgb(width: u32, height: u32, rgb: [u8; 3]) -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    }
    fn adler32(bytes: &[u8]) -> u32 {
        let (mut a, mut b) = (1u32, 0u32);
        for &x in bytes {
            a = (a + u32::from(x)) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    }
    // Each row: filter type 0, then the pixels.
    let row: Vec<u8> = std::iter::once(0)
        .chain(rgb.into_iter().cycle().take(3 * width as usize))
        .collect();
    let raw = row.repeat(height as usize);
    // A zlib stream of stored (uncompressed) deflate blocks.
    let mut z = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = raw.chunks(65535).collect();
    for (i, block) in blocks.iter().enumerate() {
        z.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        z.extend(len.to_le_bytes());
        z.extend((!len).to_le_bytes());
        z.extend(*block);
    }
    z.extend(adler32(&raw).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(width.to_be_bytes());
    ihdr.extend(height.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

/// The CRC-32 (ISO-HDLC) of PNG chunks.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// Compares `actual` with the file `tests/snapshots/<name>`. With `SNAPSHOTS=overwrite` (snapbox's
/// convention) a file that differs, or is missing, is rewritten instead; without it nothing is
/// ever written.
#[track_caller]
pub fn snapshot(name: &str, actual: &str) {
    use snapbox::assert::Action;
    use snapbox::data::DataFormat;
    use snapbox::{Assert, Data};
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    let overwrite =
        std::env::var_os(snapbox::assert::DEFAULT_ACTION_ENV).is_some_and(|v| v == "overwrite");
    // `raw`: no wildcards (`...`, `[..]`) in the file, only newlines normalized.
    let expected = Data::read_from(&path, Some(DataFormat::Text)).raw();
    let result = Assert::new()
        .action(if overwrite {
            Action::Overwrite
        } else {
            Action::Verify
        })
        .normalize_paths(false)
        .try_eq(Some(&"this run"), Data::text(actual), expected);
    if let Err(err) = result {
        panic!(
            "{err}\nsnapshot tests/snapshots/{name} differs; if the new output is right, \
             rewrite it with SNAPSHOTS=overwrite cargo test and review the diff"
        );
    }
}
