//! Real manuscripts (issue 9): every construct a writer brings from pandoc, mdBook, Obsidian or a
//! GitHub repository, one regression test each, named after it. E-books built here pass EPUBCheck.

use std::io::Read;
use std::path::Path;

use crate::common::{self, book, messages, parse, Scratch};
use samizdat::model::{Block, Image, ImageFormat, Inline};

crate::tests![
    the_corpus_books_build_without_errors_and_pass_epubcheck: [CORPUS_BOOKS, EPUBCHECK],
    raw_html_elements_of_prose_map_to_the_model: [EPUBCHECK],
    html_blocks_details_figure_and_headings_map_to_the_model: [EPUBCHECK],
    other_html_elements_are_dropped_with_one_warning_per_file_keeping_their_text,
    html_comments_of_any_length_are_ignored,
    links_between_chapter_files_are_internal_links: [EPUBCHECK],
    mailto_links_and_autolinks_are_kept,
    link_addresses_are_percent_encoded: [EPUBCHECK],
    unresolvable_links_are_located_warnings_keeping_their_text,
    unresolvable_links_are_errors_under_strict,
    an_unknown_id_stays_an_error_with_its_hint,
    an_empty_heading_leaves_no_empty_list_in_the_nav: [EPUBCHECK],
    ids_with_a_backtick_or_an_en_space_are_made_valid: [EPUBCHECK],
    a_heading_slug_never_collides_with_a_generated_id: [EPUBCHECK],
    an_fpo_figure_inside_a_footnote_gets_an_id: [EPUBCHECK],
    an_existing_image_alone_in_a_footnote_builds: [EPUBCHECK],
    yaml_front_matter_fills_the_metadata,
    toml_front_matter_fills_the_metadata,
    a_front_matter_conflict_is_a_warning_naming_both_places,
    a_metadata_block_written_as_headings_is_no_chapter,
    a_folder_without_book_toml_whose_first_file_has_a_titled_front_matter_is_a_book,
    a_folder_with_neither_book_toml_nor_front_matter_exits_2_naming_it,
    images_are_found_relative_to_the_chapter_file_first,
    images_inside_a_sentence_and_inside_a_link_reach_both_outputs: [EPUBCHECK],
    svg_stays_svg_in_the_ebook_and_gif_is_kept_and_both_print: [EPUBCHECK],
    svg_is_rasterised_at_300_dpi_and_gif_gives_its_first_frame,
    an_interlaced_png_is_decoded,
    a_png_header_lying_about_its_size_is_an_error,
    only_regular_files_are_read_as_pictures,
    headings_inside_quotes_and_lists_stay_in_place: [EPUBCHECK],
    a_byte_order_mark_is_skipped,
    lone_carriage_returns_end_lines,
    a_file_that_is_not_utf8_is_an_error_at_its_line_and_byte,
    note_labels_match_case_insensitively,
    a_note_referenced_twice_on_one_line_is_printed_once_at_the_page_foot,
    an_overfull_warning_quotes_at_most_60_characters,
    layout_warnings_of_a_later_file_name_that_file,
    a_code_block_warning_has_its_line,
    a_picture_that_fails_in_print_is_an_error_at_its_figure,
    text_in_an_svg_is_a_warning_as_print_does_not_draw_it,
];

/// The default style without embedded fonts (they would only make each e-book 1 MB larger).
fn style() -> samizdat::style::LoadedStyle {
    let mut style = samizdat::style::load("default", Path::new(".")).expect("the default style");
    style.style.epub.embed_fonts = false;
    style
}

/// The e-book of a parsed book; panics when the parse found errors.
fn epub(dir: &Path) -> Vec<u8> {
    let parsed = parse(dir);
    let book = parsed
        .book
        .unwrap_or_else(|| panic!("no book: {:?}", messages(dir, &parse(dir))));
    samizdat::write_epub(&book, &style()).expect("an e-book")
}

/// The text of one entry of an e-book.
fn entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .unwrap_or_else(|_| panic!("no {name}"))
        .read_to_string(&mut text)
        .expect("UTF-8");
    text
}

/// The body of the first chapter document.
fn chapter_body(bytes: &[u8]) -> String {
    let doc = entry(bytes, "OEBPS/chapter-000.xhtml");
    doc.split_once("<body")
        .map(|(_, b)| b.to_owned())
        .unwrap_or(doc)
}

fn book_of(name: &str, markdown: &str) -> Scratch {
    book(name, &[("text.md", markdown)])
}

// ---------------------------------------------------------------------------------------------
// Raw HTML.

fn raw_html_elements_of_prose_map_to_the_model() {
    let dir = book_of(
        "html-inline",
        "# One\n\nH<sub>2</sub>O, x<sup>2</sup>, <em>a</em> <i>b</i> <strong>c</strong> <b>d</b>,\n\
         <kbd>Ctrl</kbd>, <abbr title=\"World Health Organization\">WHO</abbr>,\n\
         <span lang=\"de\">Schadenfreude</span>, <a id=\"here\"></a>line<br>break,\n\
         <a href=\"https://example.org\">a site</a> and <a href=\"#here\">back</a>.\n",
    );
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let bytes = epub(&dir);
    let body = chapter_body(&bytes);
    for markup in [
        "H<sub>2</sub>O",
        "x<sup>2</sup>",
        "<em>a</em> <em>b</em> <strong>c</strong> <strong>d</strong>",
        "<code>Ctrl</code>",
        "<abbr title=\"World Health Organization\">WHO</abbr>",
        "<span lang=\"de\" xml:lang=\"de\">Schadenfreude</span>",
        "<span id=\"here\"></span>line<br/>break",
        "<a href=\"https://example.org\">a site</a>",
        "<a href=\"chapter-000.xhtml#here\">back</a>",
    ] {
        assert!(body.contains(markup), "{markup} not in {body}");
    }
    common::epubcheck::assert_clean(&bytes, "html-inline");
}

fn html_blocks_details_figure_and_headings_map_to_the_model() {
    let dir = book_of(
        "html-blocks",
        "# One\n\n<details>\n<summary>More</summary>\n\nHidden *text*.\n\n</details>\n\n\
         <figure>\n<img src=\"pic.png\" alt=\"A lamp\">\n<figcaption>The <em>lamp</em></figcaption>\n</figure>\n\n\
         <h3>Aside</h3>\n<p>A paragraph &amp; more.</p>\n",
    );
    std::fs::write(dir.join("pic.png"), common::png(4, 3)).expect("png");
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let book = parsed.book.expect("a book");
    let blocks = &book.chapters[0].blocks;
    assert!(matches!(&blocks[0], Block::Paragraph { content, .. }
        if matches!(content.as_slice(), [Inline::Strong { .. }])));
    let Block::Figure(figure) = &blocks[2] else {
        panic!("a figure: {blocks:?}");
    };
    assert!(matches!(figure.image, Image::Present { .. }));
    assert_eq!(samizdat::model::plain_text(&figure.caption), "The lamp");
    assert!(matches!(&blocks[3], Block::Heading { level: 3, .. }));
    assert!(matches!(&blocks[4], Block::Paragraph { content, .. }
        if samizdat::model::plain_text(content) == "A paragraph & more."));
    common::epubcheck::assert_clean(&epub(&dir), "html-blocks");
}

fn other_html_elements_are_dropped_with_one_warning_per_file_keeping_their_text() {
    let dir = book_of(
        "html-dropped",
        "# One\n\n<div class=\"note\">\n<table><tr><td>cell</td></tr></table>\n</div>\n\n\
         Some <u>underlined</u> text.\n\n<script>alert('x')</script>\n\n<style>p { color: red }</style>\n",
    );
    let parsed = parse(&dir);
    assert_eq!(
        messages(&dir, &parsed),
        ["text.md:3:1: warning: 5 HTML elements dropped, their text kept (<div>, <table>, <td>, <tr>, <u>); the first is here\n  hint: samizdat maps br, sup, sub, del, s, em, i, strong, b, a, span lang, kbd, code, abbr, img, p, h1-h6, pre, hr, details, summary, figure and figcaption; write the rest in Markdown"]
    );
    let body = chapter_body(&epub(&dir));
    assert!(
        body.contains("cell") && body.contains("Some underlined text."),
        "{body}"
    );
    assert!(!body.contains("alert") && !body.contains("color"), "{body}");
}

fn html_comments_of_any_length_are_ignored() {
    let parsed = parse(&book_of(
        "comments",
        "# One\n\n<!--\nA comment\nover four\nlines\n-->\n\nText <!-- inline\ncomment --> here.\n",
    ));
    assert!(parsed.diagnostics.is_empty());
    let book = parsed.book.expect("a book");
    assert_eq!(book.chapters[0].blocks.len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Links and ids.

fn links_between_chapter_files_are_internal_links() {
    let dir = book(
        "files",
        &[
            (
                "a.md",
                "# First\n\nSee [the second](b.md) and [its part](b.md#part).\n",
            ),
            (
                "b.md",
                "# Second\n\n## Part {#part}\n\nBack to [the first](./a.md).\n",
            ),
        ],
    );
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let bytes = epub(&dir);
    let first = entry(&bytes, "OEBPS/chapter-000.xhtml");
    assert!(
        first.contains("<a href=\"chapter-001.xhtml#second\">the second</a>"),
        "{first}"
    );
    assert!(
        first.contains("<a href=\"chapter-001.xhtml#part\">its part</a>"),
        "{first}"
    );
    let second = entry(&bytes, "OEBPS/chapter-001.xhtml");
    assert!(second.contains("<a href=\"chapter-000.xhtml#first\">the first</a>"));
    common::epubcheck::assert_clean(&bytes, "files");
}

fn mailto_links_and_autolinks_are_kept() {
    let body = chapter_body(&epub(&book_of(
        "mailto",
        "# One\n\nWrite to <mailto:editor@example.org> or [me](mailto:me@example.org).\n",
    )));
    assert!(body.contains("<a href=\"mailto:editor@example.org\">mailto:editor@example.org</a>"));
    assert!(body.contains("<a href=\"mailto:me@example.org\">me</a>"));
}

fn link_addresses_are_percent_encoded() {
    let dir = book_of(
        "encoded",
        "# One\n\n[a](<https://example.org/a b>) [b](https://example.org/a\\\\b) [c](https://example.org/`c`)\n",
    );
    let bytes = epub(&dir);
    let body = chapter_body(&bytes);
    assert!(
        body.contains("href=\"https://example.org/a%20b\""),
        "{body}"
    );
    assert!(
        body.contains("href=\"https://example.org/a%5Cb\""),
        "{body}"
    );
    assert!(
        body.contains("href=\"https://example.org/%60c%60\""),
        "{body}"
    );
    common::epubcheck::assert_clean(&bytes, "encoded");
}

fn unresolvable_links_are_located_warnings_keeping_their_text() {
    let dir = book_of(
        "unresolvable",
        "# One\n\nA [site link](/about) and [a file](../notes.md) and [nothing]().\n",
    );
    let parsed = parse(&dir);
    let found = messages(&dir, &parsed);
    assert_eq!(found.len(), 3, "{found:?}");
    assert!(found[0].starts_with("text.md:3:3: warning: link to `/about`, a site-relative address"));
    assert!(found[1].starts_with(
        "text.md:3:27: warning: link to `../notes.md`, a file outside the book folder"
    ));
    assert!(found[2].starts_with("text.md:3:53: warning: a link without an address"));
    let body = chapter_body(&epub(&dir));
    assert!(
        body.contains("<p>A site link and a file and nothing.</p>"),
        "{body}"
    );
}

fn unresolvable_links_are_errors_under_strict() {
    let dir = book_of("strict-links", "# One\n\nA [site link](/about).\n");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(["check", "--strict"])
        .arg(&*dir)
        .output()
        .expect("run samizdat");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("text.md:3:3: error: link to `/about`"),
        "{stderr}"
    );
}

fn an_unknown_id_stays_an_error_with_its_hint() {
    let dir = book_of("unknown-id", "# One {#one}\n\n[x](#onne)\n");
    assert_eq!(
        messages(&dir, &parse(&dir)),
        ["text.md:3:1: error: link to `#onne`, which no heading or figure has\n  hint: did you mean `#one`?"]
    );
}

fn an_empty_heading_leaves_no_empty_list_in_the_nav() {
    let dir = book_of("empty-heading", "# One\n\n##\n\nText.\n\n## Two\n");
    let bytes = epub(&dir);
    let nav = entry(&bytes, "OEBPS/nav.xhtml");
    assert!(
        !nav.contains("<ol>\n</ol>") && !nav.contains("<ol></ol>"),
        "{nav}"
    );
    common::epubcheck::assert_clean(&bytes, "empty-heading");
}

fn ids_with_a_backtick_or_an_en_space_are_made_valid() {
    let dir = book_of(
        "odd-ids",
        "# One {#a`b}\n\n## Two {#c\u{2002}d}\n\nSee [one](#a`b) and [two](#c\u{2002}d).\n",
    );
    let parsed = parse(&dir);
    let found = messages(&dir, &parsed);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].contains("warning: the id `a`b` is not a valid id: `a-b` is used"));
    let bytes = epub(&dir);
    let body = chapter_body(&bytes);
    assert!(body.contains("href=\"chapter-000.xhtml#a-b\""), "{body}");
    assert!(body.contains("href=\"chapter-000.xhtml#c-d\""), "{body}");
    common::epubcheck::assert_clean(&bytes, "odd-ids");
}

fn a_heading_slug_never_collides_with_a_generated_id() {
    let dir = book_of(
        "collide",
        "# Intro\n\nText.[^a]\n\n## Intro fn 1\n\n## Intro fnref 1\n\n## Intro heading\n\n[^a]: A note.\n",
    );
    let book = parse(&dir).book.expect("a book");
    let note = &book.chapters[0].footnotes[0];
    let sections: Vec<&str> = book.chapters[0]
        .sections
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert!(
        !sections.contains(&note.id.as_str()),
        "{sections:?} {}",
        note.id
    );
    assert!(!sections.contains(&note.references[0].as_str()));
    common::epubcheck::assert_clean(&epub(&dir), "collide");
}

fn an_fpo_figure_inside_a_footnote_gets_an_id() {
    let dir = book_of(
        "note-fpo",
        "# One\n\nText.[^a]\n\n[^a]: A note.\n\n    ![Not yet](later.jpg)\n",
    );
    let book = parse(&dir).book.expect("a book");
    let Block::Figure(figure) = &book.chapters[0].footnotes[0].blocks[1] else {
        panic!("a figure in the note");
    };
    assert_eq!(figure.id, "fig-one-1");
    common::epubcheck::assert_clean(&epub(&dir), "note-fpo");
}

fn an_existing_image_alone_in_a_footnote_builds() {
    let dir = book_of(
        "note-image",
        "# One\n\nText.[^a]\n\n[^a]: ![A lamp](lamp.png)\n",
    );
    std::fs::write(dir.join("lamp.png"), common::png(4, 4)).expect("png");
    let bytes = epub(&dir);
    assert!(entry(&bytes, "OEBPS/chapter-000.xhtml").contains("images/image-1.png"));
    common::epubcheck::assert_clean(&bytes, "note-image");
}

// ---------------------------------------------------------------------------------------------
// Front matter.

fn yaml_front_matter_fills_the_metadata() {
    let dir = book(
        "yaml",
        &[
            ("book.toml", "[book]\nsubtitle = \"From book.toml\"\n"),
            (
                "text.md",
                "---\ntitle: On Liberty\nauthor:\n  - John Stuart Mill\ndate: 1859\nlang: en-GB\n---\n\n# Introductory\n\nText.\n",
            ),
        ],
    );
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let book = parsed.book.expect("a book");
    let meta = &book.metadata;
    assert_eq!(meta.title, "On Liberty");
    assert_eq!(meta.subtitle.as_deref(), Some("From book.toml"));
    assert_eq!(meta.authors, ["John Stuart Mill"]);
    assert_eq!(meta.date.as_deref(), Some("1859"));
    assert_eq!(meta.language.as_str(), "en-GB");
    assert_eq!(book.chapters.len(), 1, "the front matter is no chapter");
}

fn toml_front_matter_fills_the_metadata() {
    let dir = book(
        "toml-fm",
        &[
            ("book.toml", "[book]\n"),
            (
                "text.md",
                "+++\ntitle = \"Walden\"\nauthors = [\"H. D. Thoreau\"]\n+++\n\n# Economy\n",
            ),
        ],
    );
    let book = parse(&dir).book.expect("a book");
    assert_eq!(book.metadata.title, "Walden");
    assert_eq!(book.metadata.authors, ["H. D. Thoreau"]);
}

fn a_front_matter_conflict_is_a_warning_naming_both_places() {
    let dir = book(
        "conflict",
        &[
            ("book.toml", "[book]\ntitle = \"The Title\"\n"),
            ("text.md", "---\ntitle: Another Title\n---\n\n# One\n"),
        ],
    );
    let parsed = parse(&dir);
    let found = messages(&dir, &parsed);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "text.md:2:1: warning: the title here (“Another Title”) differs from the one at "
        ),
        "{found:?}"
    );
    assert!(
        found[0].contains("book.toml:2 (“The Title”), which is used"),
        "{found:?}"
    );
    assert_eq!(parsed.book.expect("a book").metadata.title, "The Title");
}

fn a_metadata_block_written_as_headings_is_no_chapter() {
    let dir = book(
        "headings-meta",
        &[
            ("book.toml", "[book]\n"),
            ("text.md", "# Title: On Liberty\n\n## Author: John Stuart Mill\n\n## Year: 1859\n\n-------\n\n## I - Introductory\n\nText.\n"),
        ],
    );
    let book = parse(&dir).book.expect("a book");
    assert_eq!(book.metadata.title, "On Liberty");
    assert_eq!(book.metadata.authors, ["John Stuart Mill"]);
    assert_eq!(book.metadata.date.as_deref(), Some("1859"));
    let titles: Vec<String> = book
        .chapters
        .iter()
        .filter_map(|c| c.title.as_deref().map(samizdat::model::plain_text))
        .collect();
    assert_eq!(titles, ["I - Introductory"]);
}

fn samizdat_build(dir: &Path, out: &Path) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(["build", "--format", "epub", "--out"])
        .arg(out)
        .arg(dir)
        .output()
        .expect("run samizdat")
}

fn a_folder_without_book_toml_whose_first_file_has_a_titled_front_matter_is_a_book() {
    let dir = book(
        "no-toml",
        &[("a.md", "---\ntitle: Front\n---\n\n# One\n\nText.\n")],
    );
    std::fs::remove_file(dir.join("book.toml")).expect("remove book.toml");
    let out = dir.join("out");
    let built = samizdat_build(&dir, &out);
    assert_eq!(
        built.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
}

fn a_folder_with_neither_book_toml_nor_front_matter_exits_2_naming_it() {
    let dir = book("neither", &[("a.md", "# One\n\nText.\n")]);
    std::fs::remove_file(dir.join("book.toml")).expect("remove book.toml");
    let built = samizdat_build(&dir, &dir.join("out"));
    assert_eq!(built.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&built.stderr);
    assert!(
        stderr.contains("samizdat-test-")
            && stderr.contains("neither: error: this folder is not a book"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Images.

fn images_are_found_relative_to_the_chapter_file_first() {
    let dir = book(
        "relative",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nchapters = [\"src/a.md\"]\n",
            ),
            (
                "src/a.md",
                "# One\n\n![Near](pic.png)\n\n![Far](images/far.png)\n",
            ),
        ],
    );
    std::fs::write(dir.join("src/pic.png"), common::png(3, 3)).expect("png");
    std::fs::write(dir.join("pic.png"), common::png(5, 5)).expect("png");
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    std::fs::write(dir.join("images/far.png"), common::png(7, 7)).expect("png");
    let book = parse(&dir).book.expect("a book");
    let sizes: Vec<u32> = book
        .figures()
        .iter()
        .filter_map(|(_, f)| match f.image {
            Image::Present { width_px, .. } => Some(width_px),
            Image::Missing { .. } => None,
        })
        .collect();
    assert_eq!(sizes, [3, 7]);
}

fn images_inside_a_sentence_and_inside_a_link_reach_both_outputs() {
    let dir = book_of(
        "inline-images",
        "# One\n\nA lamp ![lamp](lamp.png) in a sentence, and [![badge](lamp.png)](https://example.org).\n",
    );
    std::fs::write(dir.join("lamp.png"), common::png(8, 8)).expect("png");
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let bytes = epub(&dir);
    let body = chapter_body(&bytes);
    assert!(
        body.contains(
            "A lamp <img class=\"inline\" src=\"images/image-1.png\" alt=\"lamp\"/> in a sentence"
        ),
        "{body}"
    );
    assert!(
        body.contains("<a href=\"https://example.org\"><img class=\"inline\""),
        "{body}"
    );
    common::epubcheck::assert_clean(&bytes, "inline-images");
    let book = parsed.book.expect("a book");
    // In print: twice the same picture (one image of the layout), 7 pt high in 10 pt text, with a
    // link over the second.
    let style = samizdat::style::load("default", &dir).expect("style");
    let fonts = samizdat::text::FontBook::load(&style).expect("fonts");
    let hyphenator = samizdat::text::Hyphenator::for_book(&book, &style.style.print.text);
    let layout = samizdat::layout::paginate(&book, &style, &fonts, &hyphenator).layout;
    assert_eq!(layout.images.len(), 1);
    let dump = layout.dump();
    let pictures: Vec<&str> = dump.lines().filter(|l| l.contains("image #0")).collect();
    assert_eq!(pictures.len(), 2, "{dump}");
    assert!(pictures.iter().all(|l| l.ends_with("7x7")), "{pictures:?}");
    assert!(dump.contains("-> https://example.org"), "{dump}");
    let built =
        crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default()).expect("a PDF");
    assert!(built.bytes.starts_with(b"%PDF"));
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect width="40" height="20" fill="#336"/></svg>"##;

/// A GIF of 2 × 1 pixels, red then blue, in one frame (a global colour table of two entries).
const GIF: &[u8] = &[
    b'G', b'I', b'F', b'8', b'9', b'a', 2, 0, 1, 0, 0x80, 0, 0, 255, 0, 0, 0, 0, 255, b',', 0, 0,
    0, 0, 2, 0, 1, 0, 0, 2, 2, 0x44, 0x0A, 0, b';',
];

fn svg_stays_svg_in_the_ebook_and_gif_is_kept_and_both_print() {
    let dir = book_of(
        "svg-gif",
        "# One\n\n![A drawing](d.svg)\n\n![An animation](a.gif)\n",
    );
    common::write(&dir, "d.svg", SVG);
    std::fs::write(dir.join("a.gif"), GIF).expect("gif");
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let book = parsed.book.expect("a book");
    let formats: Vec<ImageFormat> = book.pictures().iter().map(|(_, f)| *f).collect();
    assert_eq!(formats, [ImageFormat::Svg, ImageFormat::Gif]);
    let bytes = samizdat::write_epub(&book, &style()).expect("an e-book");
    let opf = entry(&bytes, "OEBPS/content.opf");
    assert!(
        opf.contains("image/svg+xml") && opf.contains("image/gif"),
        "{opf}"
    );
    assert!(entry(&bytes, "OEBPS/images/image-1.svg").contains("<svg"));
    common::epubcheck::assert_clean(&bytes, "svg-gif");
    let built =
        crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default()).expect("a PDF");
    assert!(built.bytes.starts_with(b"%PDF"));
}

fn svg_is_rasterised_at_300_dpi_and_gif_gives_its_first_frame() {
    let picture = samizdat::images::rasterise_svg(SVG.as_bytes(), 500).expect("an SVG");
    assert_eq!((picture.width_px, picture.height_px), (500, 250));
    let gif = samizdat::images::decode(GIF, ImageFormat::Gif).expect("a GIF");
    let samizdat::images::PictureData::Raw { pixels, .. } = gif.data else {
        panic!("raw pixels");
    };
    assert_eq!(pixels, [255, 0, 0, 0, 0, 255]);
}

/// A 2 × 2 RGB PNG stored with Adam7 interlacing: passes 1, 6 and 7 hold its pixels.
fn interlaced_png() -> Vec<u8> {
    let plain = common::png_rgb(2, 2, [10, 20, 30]);
    // Rebuild the IHDR (interlace method 1) and the IDAT of the three passes.
    let raw: Vec<u8> = [
        vec![0, 10, 20, 30],
        vec![0, 10, 20, 30],
        vec![0, 10, 20, 30, 10, 20, 30],
    ]
    .concat();
    let mut z = vec![0x78, 0x01, 1];
    let len = raw.len() as u16;
    z.extend(len.to_le_bytes());
    z.extend((!len).to_le_bytes());
    z.extend(&raw);
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65521;
        b = (b + a) % 65521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = plain[..8].to_vec();
    let chunk = |out: &mut Vec<u8>, kind: &[u8], data: &[u8]| {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let crc = common::crc32(&out[start..]);
        out.extend(crc.to_be_bytes());
    };
    chunk(&mut out, b"IHDR", &[0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 1]);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

fn an_interlaced_png_is_decoded() {
    let picture = samizdat::images::decode(&interlaced_png(), ImageFormat::Png).expect("a PNG");
    let samizdat::images::PictureData::Raw { pixels, alpha, .. } = picture.data else {
        panic!("raw pixels");
    };
    assert_eq!(pixels, [10, 20, 30].repeat(4));
    assert_eq!(alpha, None);
    let dir = book_of("interlaced", "# One\n\n![Interlaced](i.png)\n");
    std::fs::write(dir.join("i.png"), interlaced_png()).expect("png");
    let book = parse(&dir).book.expect("a book");
    crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default())
        .expect("a PDF with the picture");
}

fn a_png_header_lying_about_its_size_is_an_error() {
    let mut png = common::png(2, 2);
    // IHDR's width and height (bytes 16..24) claim 60000 × 60000 pixels (3.6 gigapixels in a
    // file of 70 bytes), with its CRC made right again.
    png[16..20].copy_from_slice(&60000u32.to_be_bytes());
    png[20..24].copy_from_slice(&60000u32.to_be_bytes());
    let crc = common::crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    let dir = book_of("lying", "# One\n\n![Big](big.png)\n");
    std::fs::write(dir.join("big.png"), png).expect("png");
    let found = messages(&dir, &parse(&dir));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with("text.md:3:1: error: picture `big.png` "),
        "{found:?}"
    );
}

fn only_regular_files_are_read_as_pictures() {
    let dir = book_of("fifo", "# One\n\n![Pipe](pipe.png)\n");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.png"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        crate::log!("mkfifo is not available: nothing to check");
        return;
    }
    let found = messages(&dir, &parse(&dir));
    assert_eq!(
        found,
        ["text.md:3:1: error: cannot read picture `pipe.png`: not a regular file\n  hint: give the path of a regular image file"]
    );
}

// ---------------------------------------------------------------------------------------------
// Headings inside quotes and lists.

fn headings_inside_quotes_and_lists_stay_in_place() {
    let dir = book_of(
        "inner-headings",
        "# One\n\n> ## Quoted heading\n>\n> Quoted text.\n\n- ### Listed heading\n\n  Item text.\n",
    );
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let book = parsed.book.expect("a book");
    assert!(book.chapters[0].sections.is_empty());
    let bytes = samizdat::write_epub(&book, &style()).expect("an e-book");
    let body = chapter_body(&bytes);
    assert!(
        body.contains("<blockquote>\n<h2 class=\"inner-heading\">Quoted heading</h2>"),
        "{body}"
    );
    assert!(
        body.contains("<h3 class=\"inner-heading\">Listed heading</h3>"),
        "{body}"
    );
    assert!(!entry(&bytes, "OEBPS/nav.xhtml").contains("Quoted heading"));
    common::epubcheck::assert_clean(&bytes, "inner-headings");
    let built =
        crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default()).expect("a PDF");
    assert!(built.warnings.is_empty(), "{:?}", built.warnings);
}

// ---------------------------------------------------------------------------------------------
// Encodings.

fn a_byte_order_mark_is_skipped() {
    // One at the start of the file, and one where two files were joined.
    let dir = book_of("bom", "\u{FEFF}# One\n\nText.\u{FEFF}Joined.\n");
    let book = parse(&dir).book.expect("a book");
    assert_eq!(book.chapters.len(), 1);
    assert!(
        book.chapters[0].title.is_some(),
        "the first line is a heading"
    );
    let Block::Paragraph { content, .. } = &book.chapters[0].blocks[0] else {
        panic!("a paragraph");
    };
    assert_eq!(samizdat::model::plain_text(content), "Text.Joined.");
}

fn lone_carriage_returns_end_lines() {
    let dir = book_of("cr", "# One\r\rFirst paragraph.\r\r## Two\r\rSecond.\r");
    let book = parse(&dir).book.expect("a book");
    assert_eq!(book.chapters[0].sections.len(), 1);
    assert_eq!(book.chapters[0].blocks.len(), 1);
}

fn a_file_that_is_not_utf8_is_an_error_at_its_line_and_byte() {
    let dir = book_of("latin1", "# One\n\n");
    std::fs::write(dir.join("text.md"), b"# One\n\nCaf\xE9.\n").expect("write");
    let found = messages(&dir, &parse(&dir));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .starts_with("text.md:3:4: error: the file is not UTF-8: byte 0xE9 (byte 4 of line 3)"),
        "{found:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Notes.

fn note_labels_match_case_insensitively() {
    let dir = book_of(
        "note-case",
        "# One\n\nText.[^Note]\n\n[^note]: The note's text.\n",
    );
    let parsed = parse(&dir);
    assert!(
        parsed.diagnostics.is_empty(),
        "{:?}",
        messages(&dir, &parsed)
    );
    let book = parsed.book.expect("a book");
    let note = &book.chapters[0].footnotes[0];
    assert_eq!(
        samizdat::model::plain_text(match &note.blocks[0] {
            Block::Paragraph { content, .. } => content,
            other => panic!("{other:?}"),
        }),
        "The note’s text."
    );
}

fn a_note_referenced_twice_on_one_line_is_printed_once_at_the_page_foot() {
    let dir = book_of(
        "note-twice",
        "# One\n\nOnce[^a] and twice[^a].\n\n[^a]: The note.\n",
    );
    let book = parse(&dir).book.expect("a book");
    let style = samizdat::style::load("default", &dir).expect("style");
    let fonts = samizdat::text::FontBook::load(&style).expect("fonts");
    let hyphenator = samizdat::text::Hyphenator::for_book(&book, &style.style.print.text);
    let dump = samizdat::layout::paginate(&book, &style, &fonts, &hyphenator)
        .layout
        .dump();
    let notes = dump.lines().filter(|l| l.contains("\"note.\"")).count();
    assert_eq!(notes, 1, "{dump}");
}

// ---------------------------------------------------------------------------------------------
// Diagnostics.

fn an_overfull_warning_quotes_at_most_60_characters() {
    let word = "x".repeat(3000);
    let dir = book_of("overfull", &format!("# One\n\n{word}\n"));
    let book = parse(&dir).book.expect("a book");
    let built =
        crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default()).expect("a PDF");
    let overfull: Vec<_> = built
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("overfull line"))
        .collect();
    assert!(!overfull.is_empty());
    for warning in overfull {
        assert!(warning.message.chars().count() < 120, "{}", warning.message);
    }
}

/// A chapter that goes on in a second file (one with no `#` heading): an overfull line set from
/// that file is reported in it, at its line, and one of the chapter's own file in that file; the
/// model says where the chapter goes on.
fn layout_warnings_of_a_later_file_name_that_file() {
    let long = |c: &str| c.repeat(3000);
    let dir = book(
        "continued",
        &[
            (
                "book.toml",
                "[book]\ntitle = \"T\"\nchapters = [\"a.md\", \"b.md\"]\n",
            ),
            ("a.md", &format!("# One\n\n{}\n", long("a"))),
            ("b.md", &format!("Going on.\n\n## Two\n\n{}\n", long("b"))),
        ],
    );
    let book = parse(&dir).book.expect("a book");
    let chapter = &book.chapters[0];
    let continued: Vec<_> = chapter
        .continued
        .iter()
        .map(|c| (c.from.clone(), c.source.display().to_string()))
        .collect();
    assert_eq!(
        continued,
        [(
            vec![samizdat::model::Step::Block { index: 1 }],
            "b.md".to_owned()
        )]
    );
    let built =
        crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default()).expect("a PDF");
    let overfull: Vec<String> = built
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("overfull line"))
        .map(|w| {
            let line = w.pos.map_or(0, |p| p.line);
            format!("{}:{line}", w.file.display())
        })
        .collect();
    assert_eq!(overfull, ["a.md:3", "b.md:5"]);
}

// ---------------------------------------------------------------------------------------------
// The shared corpus: three public-domain books as a collection on the web writes them, each one
// Markdown file opening with its metadata written as headings, with no book.toml.

fn the_corpus_books_build_without_errors_and_pass_epubcheck() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/books");
    let books = [
        (
            "goldman-anarchism-and-other-essays",
            "Anarchism and Other Essays",
            "Emma Goldman",
            "1910",
            12,
        ),
        (
            "mill-on-liberty",
            "On Liberty",
            "John Stuart Mill",
            "1859",
            5,
        ),
        (
            "thoreau-civil-disobedience",
            "Civil Disobedience",
            "Henry David Thoreau",
            "1849",
            0,
        ),
    ];
    for (name, title, author, year, chapters) in books {
        let text =
            std::fs::read_to_string(corpus.join(format!("{name}.md"))).expect("a corpus book");
        let dir = Scratch::new(name);
        common::write(&dir, &format!("{name}.md"), &text);
        assert!(
            samizdat::parse::is_book(&dir),
            "{name} is a book without book.toml"
        );
        let parsed = parse(&dir);
        let errors: Vec<String> = messages(&dir, &parsed)
            .into_iter()
            .filter(|m| m.contains(": error: "))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let book = parsed.book.expect("a book");
        let meta = &book.metadata;
        assert_eq!(
            (
                meta.title.as_str(),
                meta.authors.as_slice(),
                meta.date.as_deref()
            ),
            (title, &[author.to_owned()][..], Some(year))
        );
        assert_eq!(book.titled_chapters().count(), chapters, "{name}");
        let bytes = samizdat::write_epub(&book, &style()).expect("an e-book");
        common::epubcheck::assert_clean(&bytes, name);
    }
}

fn a_code_block_warning_has_its_line() {
    // A line of 400 characters wraps (with its continuation mark): no warning. A character no
    // face has is one, at the code block's line.
    let long = "y".repeat(400);
    let dir = book_of(
        "code-line",
        &format!("# One\n\nText.\n\n    {long}\n    let sign = \"\u{6F22}\";\n"),
    );
    let book = parse(&dir).book.expect("a book");
    let built =
        crate::common::pdf_tools::build_pdf(&book, &dir, &Default::default()).expect("a PDF");
    assert!(
        !built
            .warnings
            .iter()
            .any(|w| w.message.contains("overfull")),
        "{:?}",
        built.warnings
    );
    let missing: Vec<_> = built
        .warnings
        .iter()
        .filter(|w| w.message.contains("U+6F22"))
        .collect();
    assert_eq!(missing.len(), 1, "{:?}", built.warnings);
    assert_eq!(missing[0].pos.map(|p| p.line), Some(5), "{}", missing[0]);
}

fn a_picture_that_fails_in_print_is_an_error_at_its_figure() {
    let dir = book_of("print-picture", "# One\n\nText.\n\n![A picture](p.png)\n");
    // A whole header (the parser and the e-book take it) over pixel data cut short.
    let mut broken = common::png(30, 20);
    broken.truncate(broken.len() - 20);
    std::fs::write(dir.join("p.png"), broken).expect("png");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_samizdat"))
        .args(["build", "--format", "pdf", "--out"])
        .arg(dir.join("out"))
        .arg(&*dir)
        .output()
        .expect("run samizdat");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("text.md:5:1: error: picture "), "{stderr}");
}

fn text_in_an_svg_is_a_warning_as_print_does_not_draw_it() {
    let dir = book_of("svg-text", "# One\n\n![A chart](c.svg)\n");
    common::write(
        &dir,
        "c.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="1" y="10">42</text></svg>"#,
    );
    let found = messages(&dir, &parse(&dir));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].starts_with(
            "text.md:3:1: warning: picture `c.svg` holds text, which the PDF does not draw"
        ),
        "{found:?}"
    );
}
