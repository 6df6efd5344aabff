//! The cache's inputs are what the build reads (`samizdat::build::inputs`): changing any input
//! rebuilds the book; changing a file of the book folder that is not one leaves it up to date, and
//! a forced rebuild then makes the same bytes (so the cache returned nothing stale).

use std::path::Path;

use samizdat::build::inputs::Input;
use samizdat::build::manifest::{BookStatus, Manifest};
use samizdat::build::{build, BuildOptions, Format};

use crate::batch::samizdat;
use crate::common::{self, Scratch};

crate::tests![the_inputs_are_what_the_build_reads];

/// A change to a book's files.
type Change<'a> = Box<dyn Fn() + 'a>;

/// A book with a style of its own (and its CSS) in its folder, a picture, a missing picture (FPO)
/// and files the build never reads.
fn book(root: &Path) {
    let files: &[(&str, &str)] = &[
        (
            "book/book.toml",
            "[book]\ntitle = \"Inputs\"\nchapters = [\"a.md\", \"b.md\"]\nstyle = \"house.toml\"\n",
        ),
        (
            "book/a.md",
            "# A\n\n![A lamp](images/lamp.png)\n\n![Later](images/later.png)\n",
        ),
        ("book/b.md", "Text that goes on chapter A.\n"),
        ("book/c.md", "# Not listed\n"),
        ("book/EDITING.md", "Notes.\n"),
        ("book/source.txt", "The raw text.\n"),
        (
            "book/house.toml",
            "[fonts]\nfamily = \"Vollkorn\"\nregular = \"Vollkorn-Regular.ttf\"\n\
             italic = \"Vollkorn-Italic.ttf\"\nbold = \"Vollkorn-Bold.ttf\"\n\
             bold_italic = \"Vollkorn-BoldItalic.ttf\"\n[epub]\ncss = \"house.css\"\n",
        ),
        ("book/house.css", "body { margin: 0 }\n"),
    ];
    for (path, text) in files {
        common::write(root, path, text);
    }
    std::fs::create_dir_all(root.join("book/images")).expect("images");
    std::fs::write(root.join("book/images/lamp.png"), common::png(8, 8)).expect("png");
    std::fs::write(root.join("book/images/unused.png"), common::png(4, 4)).expect("png");
}

/// Builds the book through the cache; its status and its outputs' bytes.
fn run(root: &Path, extra: &[&str]) -> (BookStatus, Vec<Vec<u8>>) {
    let mut args = vec!["build", "book", "--out", "out"];
    args.extend(extra);
    let built = samizdat(&args, root);
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert_eq!(built.status.code(), Some(0), "{stderr}");
    let manifest = Manifest::read(&root.join("out/manifest.json")).expect("manifest");
    let book = &manifest.books[0];
    let bytes = book
        .outputs
        .iter()
        .map(|o| std::fs::read(root.join("out").join(&o.path)).expect("output"))
        .collect();
    (book.status, bytes)
}

fn the_inputs_are_what_the_build_reads() {
    let root = Scratch::new("batch-inputs");
    book(&root);
    // The inputs as the driver lists them.
    let options = BuildOptions {
        formats: vec![Format::Epub, Format::Pdf],
        ..BuildOptions::default()
    };
    let built = build(&root.join("book"), &options);
    let file = |p: &str| Input::File { path: root.join(p) };
    let mut expected = vec![
        file("book/book.toml"),
        file("book/a.md"),
        file("book/b.md"),
        file("book/images/lamp.png"),
        file("book/images/later.png"),
        file("book/house.toml"),
        file("book/house.css"),
    ];
    for face in ["Regular", "Italic", "Bold", "BoldItalic"] {
        expected.push(file(&format!("book/Vollkorn-{face}.ttf")));
        expected.push(file(&format!("book/../fonts/Vollkorn-{face}.ttf")));
    }
    // The monospaced face of code and the bundled fallback face, looked for as every font is.
    for face in ["DejaVuSansMono.ttf", "DejaVuSerif.ttf"] {
        expected.push(file(&format!("book/{face}")));
        expected.push(file(&format!("book/../fonts/{face}")));
    }
    expected.sort();
    assert_eq!(built.inputs, expected);

    let (status, first) = run(&root, &[]);
    assert_eq!(status, BookStatus::Built);
    // Files the build does not read: changed, the book stays up to date, and is right to.
    common::write(&root, "book/c.md", "# Changed\n");
    common::write(&root, "book/EDITING.md", "More notes.\n");
    common::write(&root, "book/source.txt", "Changed.\n");
    std::fs::write(root.join("book/images/unused.png"), common::png(5, 5)).expect("png");
    assert_eq!(run(&root, &[]).0, BookStatus::UpToDate);
    assert_eq!(
        run(&root, &["--force"]).1,
        first,
        "not inputs, and rightly so"
    );

    // Each input: changed, the book is built again.
    let appended = |path: &str, text: &str| {
        let old = std::fs::read_to_string(root.join(path)).expect("read");
        common::write(&root, path, &format!("{old}{text}"));
    };
    let changes: Vec<(&str, Change)> = vec![
        (
            "book.toml",
            Box::new(|| appended("book/book.toml", "# a comment\n")),
        ),
        ("a chapter", Box::new(|| appended("book/a.md", "\nMore.\n"))),
        (
            "a chapter without a heading",
            Box::new(|| appended("book/b.md", "More.\n")),
        ),
        (
            "a picture",
            Box::new(|| {
                std::fs::write(root.join("book/images/lamp.png"), common::png(9, 9)).expect("png")
            }),
        ),
        (
            "a missing picture appearing",
            Box::new(|| {
                std::fs::write(root.join("book/images/later.png"), common::png(3, 3)).expect("png")
            }),
        ),
        (
            "the style",
            Box::new(|| appended("book/house.toml", "# a comment\n")),
        ),
        (
            "the style's CSS",
            Box::new(|| appended("book/house.css", "p { margin: 0 }\n")),
        ),
        (
            "a font beside the style",
            Box::new(|| {
                let font = include_bytes!("../../fonts/Vollkorn-Bold.ttf");
                std::fs::write(root.join("book/Vollkorn-Bold.ttf"), font).expect("font");
            }),
        ),
    ];
    for (what, change) in changes {
        change();
        assert_eq!(run(&root, &[]).0, BookStatus::Built, "{what} changed");
    }
    // With no chapter list, every *.md is a chapter: adding one rebuilds the book.
    common::write(
        &root,
        "book/book.toml",
        "[book]\ntitle = \"Inputs\"\nstyle = \"house.toml\"\n",
    );
    std::fs::remove_file(root.join("book/c.md")).expect("remove");
    std::fs::remove_file(root.join("book/EDITING.md")).expect("remove");
    assert_eq!(run(&root, &[]).0, BookStatus::Built);
    assert_eq!(run(&root, &[]).0, BookStatus::UpToDate);
    common::write(&root, "book/z.md", "# Z\n\nThe end.\n");
    assert_eq!(run(&root, &[]).0, BookStatus::Built, "a new chapter file");
}
