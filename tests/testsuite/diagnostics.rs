//! Every bad input gives its diagnostic, with the right message, line and column.

use crate::common::{self, book, messages, parse};

crate::tests![
    an_unknown_key_in_book_toml_is_named_with_the_nearest_known_one,
    a_known_key_in_the_wrong_table_is_told_where_it_goes,
    bad_values_in_book_toml_are_all_reported,
    an_undefined_footnote_is_an_error_at_its_place,
    an_unreferenced_footnote_is_a_warning,
    a_link_to_an_unknown_id_names_the_nearest_one,
    figure_paths_must_stay_inside_the_book,
    damaged_pictures_are_errors_in_figures_and_in_running_text,
    duplicate_ids_are_errors_dropped_html_and_unresolvable_links_warnings,
    a_book_without_title_and_an_empty_book_are_errors,
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

/// A known key in the wrong table (here above `[book]`) is told where it goes, not offered
/// itself as the nearest known key.
fn a_known_key_in_the_wrong_table_is_told_where_it_goes() {
    let dir = book(
        "misplaced-key",
        &[
            ("book.toml", "style = \"default\"\n[book]\ntitle = \"T\"\n"),
            ("a.md", "# A\n"),
        ],
    );
    let parsed = parse(&dir);
    assert!(parsed.book.is_none());
    assert_eq!(
        messages(&dir, &parsed),
        ["book.toml:1:1: error: unknown key `style` in book.toml\n  hint: `style` belongs in the [book] table: put it below the `[book]` line"]
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
            "text.md:3:1: error: picture path `../secret.png` leaves the book folder\n  hint: give a path relative to the chapter file or the book folder, such as images/photo.jpg",
            "text.md:5:1: warning: picture `/etc/passwd` is a site-relative address, not a file of the book: set as an FPO placeholder\n  hint: copy the picture into the book folder and give its path; --strict makes this an error",
            "text.md:7:1: warning: picture `https://example.org/a.jpg` is not a file in the book (no build fetches from the network): set as an FPO placeholder\n  hint: copy the picture into the book folder and give its path; --strict makes this an error",
            "text.md:9:1: error: picture `images/link.png` is a link to a file outside the book folder\n  hint: copy the image into the book folder instead of linking to it",
        ]
    );
}

fn damaged_pictures_are_errors_in_figures_and_in_running_text() {
    let dir = book(
        "formats",
        &[(
            "text.md",
            "# One\n\n![A GIF](a.gif)\n\nText with ![inline](a.gif) image.\n\n![WebP](b.png)\n",
        )],
    );
    common::write(&dir, "a.gif", "GIF89a....");
    common::write(&dir, "b.png", "RIFF\0\0\0\0WEBPVP8 ");
    assert_eq!(
        messages(&dir, &parse(&dir)),
        [
            "text.md:3:1: error: picture `a.gif` is damaged: Unexpected End of File\n  hint: export it again from an image editor",
            "text.md:5:11: error: picture `a.gif` is damaged: Unexpected End of File\n  hint: export it again from an image editor",
            "text.md:7:1: error: picture `b.png` is a WebP image, which samizdat does not read\n  hint: convert it to JPEG (photographs), PNG (drawings, transparency), GIF or SVG",
        ]
    );
}

fn duplicate_ids_are_errors_dropped_html_and_unresolvable_links_warnings() {
    assert_eq!(
        problems("dupes", "# One {#same}\n\n# Two {#same}\n\n<div>raw</div>\n\n[file](other.md)\n\n<!-- a comment is fine -->\n"),
        [
            "text.md:3:1: error: the id `same` is used twice\n  hint: ids of headings and anchors must be unique in the whole book",
            "text.md:5:1: warning: 1 HTML element dropped, its text kept (<div>); the first is here\n  hint: samizdat maps br, sup, sub, del, s, em, i, strong, b, a, span lang, kbd, code, abbr, img, p, h1-h6, pre, hr, details, summary, figure and figcaption; write the rest in Markdown",
            "text.md:7:1: warning: link to `other.md`, a file that is not a chapter of the book: its text is kept as text\n  hint: link to a chapter (file.md or file.md#id), a heading (#id) or a full address (https://...); --strict makes this an error",
        ]
    );
}

fn a_book_without_title_and_an_empty_book_are_errors() {
    let dir = book("no-toml", &[("a.md", "# A\n")]);
    std::fs::remove_file(dir.join("book.toml")).expect("remove");
    let found = messages(&dir, &parse(&dir));
    assert_eq!(
        found,
        ["book.toml: error: the book has no title\n  hint: give one in book.toml ([book] title = \"...\") or in the first chapter's front matter (title: ...)"]
    );
    let empty = book("empty", &[]);
    let found = messages(&empty, &parse(&empty));
    assert_eq!(found.len(), 1);
    assert!(found[0].ends_with("error: the book has no Markdown files\n  hint: add chapters as *.md files, or list them in book.toml as chapters = [...]"), "{found:?}");
}
