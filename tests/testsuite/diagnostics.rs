//! Every bad input gives its diagnostic, with the right message, line and column.

use crate::common::{self, book, messages, parse};

crate::tests![
    an_unknown_key_in_book_toml_is_named_with_the_nearest_known_one,
    bad_values_in_book_toml_are_all_reported,
    an_undefined_footnote_is_an_error_at_its_place,
    an_unreferenced_footnote_is_a_warning,
    a_link_to_an_unknown_id_names_the_nearest_one,
    figure_paths_must_stay_inside_the_book,
    figures_must_be_jpeg_or_png_and_stand_alone,
    duplicate_ids_raw_html_and_relative_links_are_errors,
    a_missing_book_toml_and_an_empty_book_are_errors,
];

/// The diagnostics of a one-file book.
fn problems(name: &str, markdown: &str) -> Vec<String> {
    let dir = book(name, &[("text.md", markdown)]);
    messages(&dir, &parse(&dir))
}

fn an_unknown_key_in_book_toml_is_named_with_the_nearest_known_one() {
    let dir = book(
        "unknown-key",
        &[
            ("book.toml", "[book]\ntitle = \"T\"\nsubtitel = \"S\"\n"),
            ("a.md", "# A\n"),
        ],
    );
    let parsed = parse(&dir);
    assert!(parsed.book.is_none());
    assert_eq!(
        messages(&dir, &parsed),
        ["book.toml:3:1: error: unknown key `subtitel` in book.toml\n  hint: did you mean `subtitle`?"]
    );
}

fn bad_values_in_book_toml_are_all_reported() {
    let dir = book(
        "bad-values",
        &[
            ("book.toml", "[book]\ntitle = \"T\"\nlanguage = \"English\"\ndate = \"1987-13-01\"\nchapters = [\"a.md\", \"b.md\"]\n"),
            ("a.md", "# A\n"),
            ("c.md", "# C\n"),
        ],
    );
    assert_eq!(
        messages(&dir, &parse(&dir)),
        [
            "book.toml:3:1: error: `English` is not a BCP 47 language tag\n  hint: write a tag such as \"en\", \"en-GB\", \"ru\" or \"de\"",
            "book.toml:4:1: error: `1987-13-01` is not a date\n  hint: write a year (\"1987\") or a full date (\"2003-03-05\")",
            "book.toml:5:22: error: chapter file `b.md` does not exist\n  hint: did you mean `c.md`?",
        ]
    );
}

fn an_undefined_footnote_is_an_error_at_its_place() {
    assert_eq!(
        problems("undefined-note", "# One\n\nSome text,\nand a note[^missing] here.\n"),
        ["text.md:4:11: error: footnote `[^missing]` has no definition\n  hint: define it in the same file: [^missing]: The note’s text."]
    );
}

fn an_unreferenced_footnote_is_a_warning() {
    assert_eq!(
        problems("unused-note", "# One\n\nText.\n\n[^lonely]: Nobody cites me.\n"),
        ["text.md:5:1: warning: footnote `[^lonely]` is never referenced\n  hint: mark its place in the text with [^lonely], or delete the definition"]
    );
}

fn a_link_to_an_unknown_id_names_the_nearest_one() {
    assert_eq!(
        problems("bad-link", "# One {#permanent-revolution}\n\n(see [Section 11](#permanent-revolutoin))\n"),
        ["text.md:3:6: error: link to `#permanent-revolutoin`, which no heading or figure has\n  hint: did you mean `#permanent-revolution`?"]
    );
}

fn figure_paths_must_stay_inside_the_book() {
    let elsewhere = common::Scratch::new("outside");
    let outside = elsewhere.join("secret.png");
    std::fs::write(&outside, common::png(2, 2)).expect("outside file");
    let dir = book(
        "escape",
        &[(
            "text.md",
            "# One\n\n![Up](../secret.png)\n\n![Root](/etc/passwd)\n\n![Web](https://example.org/a.jpg)\n\n![Link](images/link.png)\n",
        )],
    );
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, dir.join("images/link.png")).expect("symlink");
    let found = messages(&dir, &parse(&dir));
    assert_eq!(
        found,
        [
            "text.md:3:1: error: figure path `../secret.png` leaves the book folder\n  hint: give a path relative to the book folder, such as images/photo.jpg",
            "text.md:5:1: error: figure path `/etc/passwd` leaves the book folder\n  hint: give a path relative to the book folder, such as images/photo.jpg",
            "text.md:7:1: error: figure `https://example.org/a.jpg` is not a file in the book\n  hint: images must be files inside the book folder: no build ever fetches from the network",
            "text.md:9:1: error: figure `images/link.png` is a link to a file outside the book folder\n  hint: copy the image into the book folder instead of linking to it",
        ]
    );
}

fn figures_must_be_jpeg_or_png_and_stand_alone() {
    let dir = book(
        "formats",
        &[(
            "text.md",
            "# One\n\n![A GIF](a.gif)\n\nText with ![inline](a.gif) image.\n",
        )],
    );
    common::write(&dir, "a.gif", "GIF89a....");
    assert_eq!(
        messages(&dir, &parse(&dir)),
        [
            "text.md:3:1: error: figure `a.gif` is neither a JPEG nor a PNG image\n  hint: convert it to JPEG (photographs) or PNG (drawings, images with transparency)",
            "text.md:5:11: error: an image inside running text is not supported\n  hint: a figure is an image alone in its paragraph: put a blank line before and after it",
        ]
    );
}

fn duplicate_ids_raw_html_and_relative_links_are_errors() {
    assert_eq!(
        problems("dupes", "# One {#same}\n\n# Two {#same}\n\n<div>raw</div>\n\n[file](other.md)\n\n<!-- a comment is fine -->\n"),
        [
            "text.md:3:1: error: the id `same` is used twice\n  hint: ids of headings must be unique in the whole book",
            "text.md:5:1: error: raw HTML is not supported\n  hint: it would reach neither the PDF nor a valid EPUB: write it in Markdown, or in an HTML comment <!-- --> to keep it out of the book",
            "text.md:7:1: error: link to `other.md` is neither a heading id nor a web address\n  hint: link to a chapter or section as [text](#its-id), or give a full address such as https://...",
        ]
    );
}

fn a_missing_book_toml_and_an_empty_book_are_errors() {
    let dir = book("no-toml", &[("a.md", "# A\n")]);
    std::fs::remove_file(dir.join("book.toml")).expect("remove");
    let found = messages(&dir, &parse(&dir));
    assert_eq!(found.len(), 1);
    assert!(
        found[0].starts_with("book.toml: error: cannot read book.toml:"),
        "{found:?}"
    );
    let empty = book("empty", &[]);
    let found = messages(&empty, &parse(&empty));
    assert_eq!(found.len(), 1);
    assert!(found[0].ends_with("error: the book has no Markdown files\n  hint: add chapters as *.md files, or list them in book.toml as chapters = [...]"), "{found:?}");
}
