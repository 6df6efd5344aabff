//! Batch builds of a generated catalogue (`common::catalogue`): shards, the manifest and its
//! merge, the cache (warm runs, a changed chapter, a changed style, tampered outputs, a restored
//! output folder), `--jobs`, exit codes and `--fail-fast`.
//!
//! The catalogue has [`DEFAULT_BOOKS`] books so that `cargo test` stays quick on a debug build;
//! `SAMIZDAT_CATALOGUE_BOOKS=200 cargo test -- batch::` runs the same tests on 200 books.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

use samizdat::build::manifest::{BookEntry, BookStatus, Manifest};

use crate::common::{self, catalogue, Scratch};

crate::tests![
    shards_cover_the_catalogue_once_and_merge_into_the_unsharded_manifest: [STALIN_50_YEARS],
    the_cache_rebuilds_exactly_what_changed: [STALIN_50_YEARS],
    a_saved_cache_fills_an_empty_output_folder: [STALIN_50_YEARS],
    json_messages_exit_codes_and_fail_fast,
    github_annotations_name_the_lines,
    books_sharing_a_folder_name_are_refused_before_anything_is_written,
];

/// Books in the catalogue by default: enough for every shard of three to hold some, few enough
/// for a debug build (a small book takes most of a second there).
const DEFAULT_BOOKS: usize = 9;

fn books() -> usize {
    std::env::var("SAMIZDAT_CATALOGUE_BOOKS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_BOOKS)
}

pub fn samizdat(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(args)
        .current_dir(cwd)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run samizdat")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A catalogue in a fresh folder; its book folders' names, as arguments.
fn catalogue(name: &str) -> (Scratch, Vec<String>) {
    let root = Scratch::new(name);
    let dirs = catalogue::write(&root, books()).expect("write the catalogue");
    let names = dirs
        .iter()
        .map(|d| d.file_name().expect("name").to_string_lossy().into_owned())
        .collect();
    (root, names)
}

/// Builds `books` in `root` into `out` with `extra` arguments; the manifest.
fn build(root: &Path, books: &[String], out: &str, extra: &[&str]) -> Manifest {
    let mut args = vec!["build", "--out", out];
    args.extend(extra);
    args.extend(books.iter().map(String::as_str));
    let built = samizdat(&args, root);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    Manifest::read(&root.join(out).join("manifest.json")).expect("the manifest")
}

/// The books by name with their status.
fn statuses(manifest: &Manifest) -> BTreeMap<String, BookStatus> {
    manifest
        .books
        .iter()
        .map(|b| (b.name.clone(), b.status))
        .collect()
}

/// A manifest entry without what may differ between two runs of the same book (timings).
fn timeless(book: &BookEntry) -> BookEntry {
    BookEntry {
        timings: Default::default(),
        ..book.clone()
    }
}

fn shards_cover_the_catalogue_once_and_merge_into_the_unsharded_manifest() {
    let (root, names) = catalogue("batch-shards");
    let whole = build(&root, &names, "all", &["--jobs", "1"]);
    assert_eq!(whole.books.len(), names.len());
    let mut seen = Vec::new();
    let mut files = Vec::new();
    for i in 1..=3 {
        let out = format!("shard-{i}");
        let shard = format!("{i}/3");
        let part = build(&root, &names, &out, &["--jobs", "2", "--shard", &shard]);
        assert_eq!(part.shards, vec![shard.clone()]);
        seen.extend(part.books.iter().map(|b| b.name.clone()));
        files.push(root.join(&out).join("manifest.json"));
        // The same bytes whatever the threads and the shard.
        for book in &part.books {
            for output in &book.outputs {
                let a = std::fs::read(root.join("all").join(&output.path)).expect("output");
                let b = std::fs::read(root.join(&out).join(&output.path)).expect("output");
                assert!(a == b, "{} differs between --jobs 1 and 2", output.path);
            }
        }
    }
    seen.sort();
    assert_eq!(seen, names, "the shards are disjoint and cover every book");
    let merged_path = root.join("merged.json");
    let mut args = vec!["manifest".to_owned(), "merge".to_owned()];
    args.extend(files.iter().map(|f| f.to_string_lossy().into_owned()));
    args.extend([
        "--out".to_owned(),
        merged_path.to_string_lossy().into_owned(),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let merging = samizdat(&args, &root);
    assert_eq!(merging.status.code(), Some(0), "{}", stderr(&merging));
    let merged = Manifest::read(&merged_path).expect("the merged manifest");
    assert_eq!(merged.shards, ["1/3", "2/3", "3/3"]);
    let merged: Vec<BookEntry> = merged.books.iter().map(timeless).collect();
    let whole: Vec<BookEntry> = whole.books.iter().map(timeless).collect();
    assert_eq!(merged, whole);
    // Merging a shard twice is refused (when it has books).
    let first = Manifest::read(&files[0]).expect("the first shard's manifest");
    let path = files[0].to_string_lossy();
    let twice = samizdat(&["manifest", "merge", &path, &path], &root);
    let expected = if first.books.is_empty() { 0 } else { 2 };
    assert_eq!(twice.status.code(), Some(expected), "{}", stderr(&twice));
}

/// Every file under `dir` with its modification time.
fn times(dir: &Path) -> BTreeMap<PathBuf, SystemTime> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("list").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = entry.metadata().and_then(|m| m.modified()).expect("mtime");
                out.insert(path, modified);
            }
        }
    }
    out
}

/// The books a run built (not up to date).
fn rebuilt(manifest: &Manifest) -> Vec<String> {
    statuses(manifest)
        .into_iter()
        .filter(|(_, status)| *status == BookStatus::Built)
        .map(|(name, _)| name)
        .collect()
}

fn the_cache_rebuilds_exactly_what_changed() {
    let (root, names) = catalogue("batch-cache");
    let cold = build(&root, &names, "out", &[]);
    assert_eq!(rebuilt(&cold), names, "a cold run builds everything");
    let out = root.join("out");
    let before = times(&out);

    // Nothing changed: nothing rebuilt, no file but the manifest touched.
    let warm = build(&root, &names, "out", &[]);
    assert!(rebuilt(&warm).is_empty(), "{:?}", rebuilt(&warm));
    let after = times(&out);
    let touched: Vec<&PathBuf> = after
        .iter()
        .filter(|(path, time)| before.get(*path) != Some(time))
        .map(|(path, _)| path)
        .collect();
    assert_eq!(touched, [&out.join("manifest.json")]);
    let strip = |m: &Manifest| {
        m.books
            .iter()
            .map(|b| (b.key.clone(), b.outputs.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&warm), strip(&cold), "the same keys and outputs");

    // One chapter changed: that book alone.
    let one = &names[1];
    let chapter = root.join(one).join("two.md");
    let text = std::fs::read_to_string(&chapter).expect("chapter");
    std::fs::write(&chapter, format!("{text}\nOne more paragraph.\n")).expect("write");
    assert_eq!(
        rebuilt(&build(&root, &names, "out", &[])),
        std::slice::from_ref(one)
    );

    // The house style changed: the books that use it, no other.
    let style = root.join("styles/house.toml");
    let changed = format!("{}\n[print.text]\nsize = 11.0\n", catalogue::HOUSE_STYLE);
    std::fs::write(&style, changed).expect("write the style");
    let styled: Vec<String> = (0..names.len())
        .filter(|n| n % catalogue::STYLED == 0)
        .map(catalogue::name)
        .collect();
    assert_eq!(rebuilt(&build(&root, &names, "out", &[])), styled);

    // An output cut short is noticed by its size; one changed in place and given its old time
    // back only by its hash, under --verify.
    let pdf = out.join(format!("{}.pdf", names[2]));
    let bytes = std::fs::read(&pdf).expect("pdf");
    std::fs::write(&pdf, &bytes[..bytes.len() / 2]).expect("cut");
    assert_eq!(
        rebuilt(&build(&root, &names, "out", &[])),
        [names[2].clone()]
    );
    assert_eq!(
        std::fs::read(&pdf).expect("pdf"),
        bytes,
        "rebuilt as it was"
    );
    let time = std::fs::metadata(&pdf)
        .and_then(|m| m.modified())
        .expect("time");
    let mut tampered = bytes.clone();
    tampered[bytes.len() / 2] ^= 0xFF;
    std::fs::write(&pdf, &tampered).expect("tamper");
    let file = std::fs::File::options()
        .write(true)
        .open(&pdf)
        .expect("open");
    file.set_modified(time).expect("set the time back");
    drop(file);
    assert!(rebuilt(&build(&root, &names, "out", &[])).is_empty());
    let verified = build(&root, &names, "out", &["--verify"]);
    assert_eq!(rebuilt(&verified), [names[2].clone()]);
    assert_eq!(std::fs::read(&pdf).expect("pdf"), bytes);

    // --force builds everything, to the same bytes.
    let forced = build(&root, &names, "out", &["--force"]);
    assert_eq!(rebuilt(&forced), names);
    assert_eq!(strip(&forced), strip(&verified));
}

fn a_saved_cache_fills_an_empty_output_folder() {
    let (root, names) = catalogue("batch-restore");
    let names = &names[..2.min(names.len())];
    let cold = build(
        &root,
        names,
        "out",
        &["--cache", "saved", "--format", "epub"],
    );
    std::fs::remove_dir_all(root.join("out")).expect("remove out");
    let restored = build(
        &root,
        names,
        "out",
        &["--cache", "saved", "--format", "epub"],
    );
    assert!(rebuilt(&restored).is_empty(), "{:?}", rebuilt(&restored));
    for (a, b) in cold.books.iter().zip(&restored.books) {
        assert_eq!(a.outputs, b.outputs);
        for output in &b.outputs {
            let bytes = std::fs::read(root.join("out").join(&output.path)).expect("restored");
            assert_eq!(bytes.len() as u64, output.size);
        }
    }
    // A damaged copy in the cache is never used: the book is built again.
    let copy = root
        .join("saved/files")
        .join(&names[0])
        .join(format!("{}.epub", names[0]));
    std::fs::write(&copy, b"not an epub").expect("damage the copy");
    std::fs::remove_dir_all(root.join("out")).expect("remove out");
    let again = build(
        &root,
        names,
        "out",
        &["--cache", "saved", "--format", "epub"],
    );
    assert_eq!(rebuilt(&again), [names[0].clone()]);
}

fn json_messages_exit_codes_and_fail_fast() {
    let root = Scratch::new("batch-json");
    common::write(&root, "good/book.toml", "[book]\ntitle = \"Good\"\n");
    common::write(
        &root,
        "good/a.md",
        "# A\n\n![A picture](images/later.jpg)\n\n[^x]: unused\n",
    );
    common::write(&root, "bad/book.toml", "[book]\ntitle = \"Bad\"\n");
    common::write(&root, "bad/a.md", "# A\n\nA note[^missing].\n");
    let args = [
        "build",
        "bad",
        "good",
        "--format",
        "epub",
        "--message-format",
        "json",
    ];
    let run = samizdat(&args, &root);
    assert_eq!(run.status.code(), Some(1), "the worst book's code");
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&run.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per line"))
        .collect();
    let codes: Vec<(&str, &str, &str)> = lines
        .iter()
        .filter(|l| l["reason"] == "diagnostic")
        .map(|l| {
            let s = |k: &str| l[k].as_str().unwrap_or("");
            (s("book"), s("severity"), s("code"))
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("bad", "error", "footnote-undefined"),
            ("good", "warning", "figure-missing"),
            ("good", "warning", "footnote-unused"),
        ]
    );
    let first = lines
        .iter()
        .find(|l| l["reason"] == "diagnostic")
        .expect("one");
    assert_eq!(first["file"], "bad/a.md");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(3), Some(7))
    );
    assert!(first["hint"].is_string());
    let finished = lines.last().expect("a last line");
    assert_eq!(finished["reason"], "finished");
    assert_eq!(finished["exit_code"], 1);
    assert_eq!(
        (finished["built"].as_u64(), finished["failed"].as_u64()),
        (Some(1), Some(1))
    );
    // Under --fail-fast on one thread, the book after the failed one is not started.
    let fast = samizdat(
        &[
            "build",
            "bad",
            "good",
            "--format",
            "epub",
            "--fail-fast",
            "-j",
            "1",
        ],
        &root,
    );
    assert_eq!(fast.status.code(), Some(1));
    let manifest = Manifest::read(&root.join("out/manifest.json")).expect("manifest");
    assert_eq!(
        statuses(&manifest).into_values().collect::<Vec<_>>(),
        [BookStatus::Failed, BookStatus::Skipped]
    );
}

fn github_annotations_name_the_lines() {
    let root = Scratch::new("batch-github");
    common::write(&root, "b/book.toml", "[book]\ntitle = \"B\"\n");
    common::write(&root, "b/a.md", "# A\n\nText[^gone].\n");
    let run = samizdat(&["check", "b", "--message-format", "github"], &root);
    assert_eq!(run.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(
        stdout.starts_with(
            "::error file=b/a.md,line=3,col=5,title=samizdat footnote-undefined::footnote `[^gone]` has no definition%0Ahint: "
        ),
        "{stdout}"
    );
}

fn books_sharing_a_folder_name_are_refused_before_anything_is_written() {
    let root = Scratch::new("batch-clash");
    for dir in ["a/mybook", "b/mybook", "c/other"] {
        common::write(
            &root,
            &format!("{dir}/book.toml"),
            "[book]\ntitle = \"T\"\n",
        );
        common::write(&root, &format!("{dir}/x.md"), "# X\n\nText.\n");
    }
    let run = samizdat(
        &[
            "build", "a/mybook", "b/mybook", "c/other", "--format", "epub",
        ],
        &root,
    );
    assert_eq!(run.status.code(), Some(1), "{}", stderr(&run));
    assert!(
        stderr(&run).contains(
            "a/mybook: error: the books a/mybook and b/mybook share the folder name `mybook`"
        ),
        "{}",
        stderr(&run)
    );
    assert!(!root.join("out/mybook.epub").exists());
    assert!(
        root.join("out/other.epub").exists(),
        "the other books are built"
    );
    let manifest = Manifest::read(&root.join("out/manifest.json")).expect("manifest");
    let failed = manifest
        .books
        .iter()
        .filter(|b| b.status == BookStatus::Failed)
        .count();
    assert_eq!(failed, 2);
}
