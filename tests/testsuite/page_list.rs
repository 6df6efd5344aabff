//! The e-book's page-list against the printed PDF: every page of the PDF has one marker in the
//! e-book, listed in order in the `page-list` navigation, and the text after each marker starts
//! with the first words of that page as pdftotext reads them back.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

use samizdat::build::{build, BookBuild, BuildOptions, Format};

use crate::common::{self, Scratch};
use crate::tools;

crate::tests![
    every_page_of_the_bundled_books_starts_at_its_marker: [PDFTOTEXT, RUSSIA_BUREAUCRACY, STALIN_50_YEARS],
    every_page_of_the_sample_book_starts_at_its_marker: [PDFTOTEXT],
    the_sample_book_with_its_page_list_passes_epubcheck: [EPUBCHECK],
    the_bundled_books_with_their_page_lists_pass_epubcheck: [EPUBCHECK, RUSSIA_BUREAUCRACY, STALIN_50_YEARS],
    the_page_list_has_every_page_once_in_order,
    an_epub_alone_still_has_the_page_list,
    the_style_can_turn_the_page_list_off,
];

/// How many words after a marker must be the page's first words.
const WORDS: usize = 4;

fn options(formats: &[Format]) -> BuildOptions {
    BuildOptions {
        formats: formats.to_vec(),
        ..BuildOptions::default()
    }
}

fn built(dir: &Path, formats: &[Format]) -> BookBuild {
    let result = build(dir, &options(formats));
    assert!(
        result
            .outputs
            .iter()
            .any(|o| o.file_name.ends_with(".epub")),
        "no e-book: {:?}",
        result.diagnostics
    );
    result
}

fn output<'a>(result: &'a BookBuild, extension: &str) -> &'a [u8] {
    result
        .outputs
        .iter()
        .find(|o| o.file_name.ends_with(extension))
        .map(|o| o.bytes.as_slice())
        .unwrap_or_else(|| panic!("no {extension} output"))
}

/// The text of one entry of an EPUB.
fn entry(epub: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("zip");
    let mut file = archive.by_name(name).expect(name);
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8");
    text
}

/// The page-list's entries: (label, document, id), in order.
fn page_list(epub: &[u8]) -> Vec<(String, String, String)> {
    let nav = entry(epub, "OEBPS/nav.xhtml");
    let Some(start) = nav.find("epub:type=\"page-list\"") else {
        return Vec::new();
    };
    let list = &nav[start
        ..nav[start..]
            .find("</nav>")
            .map_or(nav.len(), |end| start + end)];
    list.split("<li><a href=\"")
        .skip(1)
        .filter_map(|item| {
            let (href, rest) = item.split_once("\">")?;
            let (file, id) = href.split_once('#')?;
            let label = rest.split("</a>").next()?;
            Some((label.to_owned(), file.to_owned(), id.to_owned()))
        })
        .collect()
}

/// Markup as text: tags dropped, the entities the backend writes decoded.
fn text_of(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut in_tag = false;
    for c in markup.chars() {
        match c {
            '<' => {
                in_tag = true;
                out.push(' ');
            }
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Words as both outputs can be compared: dashes split words (a line may break after one), and
/// so do stops and commas (pdftotext reads a note's mark after `Stalin.` as `Stalin.4`, the
/// e-book as `Stalin.` and `4`); hyphens go (a broken word is joined, `anti-Soviet` and
/// `antiSoviet` agree), and punctuation at a word's ends goes.
fn words(text: &str) -> Vec<String> {
    text.replace(['\u{2014}', '\u{2013}', '.', ',', ';', ':', '!', '?'], " ")
        .split_whitespace()
        .map(|w| {
            w.replace(['-', '\u{ad}'], "")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_owned()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// The words of one page of pdftotext's output, a word broken at a line end joined again.
fn page_words(page: &str) -> Vec<String> {
    let mut joined = String::new();
    for line in page.lines() {
        let line = line.trim();
        joined.push_str(line);
        if !line.ends_with('-') {
            joined.push(' ');
        }
    }
    words(&joined)
}

/// Checks every page of `dir`'s book: its marker is there once, and the words after it are the
/// first words of the PDF's page, after the running head, the folio and figures floated to the
/// page's top.
fn check_pages(dir: &Path, name: &str) {
    let result = built(dir, &[Format::Epub, Format::Pdf]);
    let epub = output(&result, ".epub");
    let scratch = Scratch::new(&format!("page-list-{name}"));
    let pdf = scratch.join("book.pdf");
    std::fs::write(&pdf, output(&result, ".pdf")).expect("write the PDF");
    let out = tools::command(&tools::PDFTOTEXT)
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("run pdftotext");
    let text = String::from_utf8_lossy(&out.stdout);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let list = page_list(epub);
    let parsed = common::parse(dir);
    let book = parsed.book.expect("the book parses");
    let allowed = head_and_float_words(&book);
    assert_eq!(list.len() + 1, pages.len(), "one entry per page of {name}");
    for (index, (label, file, id)) in list.iter().enumerate() {
        let doc = entry(epub, &format!("OEBPS/{file}"));
        let marker = format!("id=\"{id}\"");
        assert_eq!(doc.matches(&marker).count(), 1, "{name} page {label}");
        let at = doc.find(&marker).unwrap_or_default();
        let end = at + doc[at..].find("/>").expect("an empty marker") + 2;
        let after = words(&text_of(&doc[end..]));
        let before = words(&text_of(&doc[..at]));
        let page = page_words(pages[index]);
        let body: Vec<&String> = page.iter().filter(|w| !allowed.contains(*w)).collect();
        let rest = doc[end..].trim_start();
        if rest.starts_with("<span epub:type=\"pagebreak\"") {
            // A page without text of its own in the e-book (a blank verso, a page of figures, the
            // printed colophon, which is the e-book's last document) goes just before the next
            // page's marker.
            let next = list.get(index + 1).map(|(_, _, id)| format!("id=\"{id}\""));
            assert!(
                next.is_some_and(|next| rest[..rest.find("/>").unwrap_or_default()].contains(&next)),
                "{name} page {label}: the marker after it is not the next page's"
            );
            continue;
        }
        if body.is_empty() {
            // A page of generated matter or with nothing of its own: at its document's start.
            let opening = doc.find("<body").map_or(0, |b| b);
            assert!(
                words(&text_of(&doc[opening..at])).is_empty(),
                "{name} page {label} ({file}#{id}): not at the start of its document"
            );
            continue;
        }
        assert!(
            starts_at(&page, &after, &before, &allowed),
            "{name} page {label} ({file}#{id}): the e-book goes on with {:?}, the page reads {:?}",
            &after[..after.len().min(8)],
            &page[..page.len().min(40)]
        );
    }
}

/// Whether `page` holds `after`'s first words at a place before which there is only running
/// head, folio and float material (`allowed`), or the end of a word the page before broke
/// (the end of `before`'s last word). Figures brought up below a chapter's heading on its
/// opening page stand between the heading's words and the text: one run of float material may
/// interrupt the words.
fn starts_at(
    page: &[String],
    after: &[String],
    before: &[String],
    allowed: &BTreeSet<String>,
) -> bool {
    let wanted = after.len().min(WORDS);
    (0..page.len()).any(|j| {
        let prefix_ok = page[..j].iter().enumerate().all(|(k, w)| {
            allowed.contains(w)
                || (k + 1 == j && before.last().is_some_and(|last| last.ends_with(w.as_str())))
        });
        prefix_ok && reads(&page[j..], &after[..wanted], allowed)
    })
}

/// Whether `page` begins with `wanted` (or all of `page` is a beginning of it), allowing one run
/// of `allowed` words (a figure's caption) between two of its words.
fn reads(page: &[String], wanted: &[String], allowed: &BTreeSet<String>) -> bool {
    let direct = |page: &[String], wanted: &[String]| {
        let m = wanted.len().min(page.len());
        m > 0 && page[..m] == wanted[..m] && (m == wanted.len() || m == page.len())
    };
    if wanted.is_empty() || direct(page, wanted) {
        return !wanted.is_empty();
    }
    (1..wanted.len()).any(|split| {
        page.len() > split
            && page[..split] == wanted[..split]
            && (split + 1..page.len()).any(|resume| {
                page[split..resume].iter().all(|w| allowed.contains(w))
                    && direct(&page[resume..], &wanted[split..])
            })
    })
}

/// The words a page may show before its body text: its running head (the book's title or a
/// chapter's, maybe cut with an ellipsis), its folio, the FPO mark, and the captions and credits
/// of figures floated to its top.
fn head_and_float_words(book: &samizdat::model::Book) -> BTreeSet<String> {
    let mut texts = vec![book.metadata.title.clone(), "FPO".to_owned()];
    for chapter in &book.chapters {
        if let Some(title) = &chapter.title {
            texts.push(samizdat::model::plain_text(title));
        }
    }
    for (_, figure) in book.figures() {
        texts.push(samizdat::model::plain_text(&figure.caption));
        if let Some(credit) = &figure.credit {
            texts.push(samizdat::model::plain_text(credit));
        }
    }
    let mut allowed: BTreeSet<String> = texts.iter().flat_map(|t| words(t)).collect();
    // Folios (arabic and roman), list numbers and bullets.
    allowed.extend((1..=999).map(|n| n.to_string()));
    allowed
        .extend(["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"].map(str::to_owned));
    allowed
}

fn every_page_of_the_bundled_books_starts_at_its_marker() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript");
    check_pages(&root.join("stalin-50-years"), "stalin-50-years");
    check_pages(&root.join("russia-bureaucracy"), "russia-bureaucracy");
}

fn sample_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/books/sample")
}

fn every_page_of_the_sample_book_starts_at_its_marker() {
    check_pages(&sample_dir(), "sample");
}

fn the_sample_book_with_its_page_list_passes_epubcheck() {
    let result = built(&sample_dir(), &[Format::Epub, Format::Pdf]);
    common::epubcheck::assert_clean(output(&result, ".epub"), "sample-page-list");
}

fn the_bundled_books_with_their_page_lists_pass_epubcheck() {
    for name in ["stalin-50-years", "russia-bureaucracy"] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("manuscript")
            .join(name);
        let result = built(&dir, &[Format::Epub]);
        let epub = output(&result, ".epub");
        assert!(!page_list(epub).is_empty(), "{name} has a page-list");
        common::epubcheck::assert_clean(epub, &format!("{name}-page-list"));
    }
}

fn the_page_list_has_every_page_once_in_order() {
    let result = built(&sample_dir(), &[Format::Epub, Format::Pdf]);
    let epub = output(&result, ".epub");
    let report = result.report.as_ref().expect("a report");
    let list = page_list(epub);
    assert_eq!(list.len(), report.pages);
    let labels: Vec<&str> = list.iter().map(|(label, _, _)| label.as_str()).collect();
    assert_eq!(&labels[..4], ["i", "ii", "iii", "iv"]);
    let first_arabic = labels.iter().position(|l| *l == "1").expect("page 1");
    let arabic: Vec<String> = (1..=labels.len() - first_arabic)
        .map(|n| n.to_string())
        .collect();
    assert_eq!(labels[first_arabic..], arabic);
    // The title page's documents hold the half title and the title page.
    assert_eq!(list[0].1, "title.xhtml");
    let opf = entry(epub, "OEBPS/content.opf");
    for expected in [
        "<meta refines=\"#print-source\" property=\"source-of\">pagination</meta>",
        "<meta property=\"schema:accessibilityFeature\">printPageNumbers</meta>",
        "<meta property=\"schema:accessibilityFeature\">pageBreakMarkers</meta>",
        "<meta property=\"schema:accessibilityFeature\">pageNavigation</meta>",
    ] {
        assert!(opf.contains(expected), "{expected}");
    }
    let nav = entry(epub, "OEBPS/nav.xhtml");
    assert!(nav.contains(
        "<nav epub:type=\"page-list\" role=\"doc-pagelist\" id=\"page-list\" \
         aria-labelledby=\"page-list-title\" hidden=\"hidden\">"
    ));
}

fn an_epub_alone_still_has_the_page_list() {
    let both = built(&sample_dir(), &[Format::Epub, Format::Pdf]);
    let alone = built(&sample_dir(), &[Format::Epub]);
    assert_eq!(alone.outputs.len(), 1, "the e-book only");
    assert_eq!(output(&alone, ".epub"), output(&both, ".epub"));
    // The layout's warnings are the PDF's: without a PDF, none.
    assert!(alone
        .diagnostics
        .iter()
        .all(|d| !d.message.contains("overfull")));
}

fn the_style_can_turn_the_page_list_off() {
    let dir = Scratch::new("page-list-off");
    common::write(
        &dir,
        "book.toml",
        "[book]\ntitle = \"Off\"\nstyle = \"plain.toml\"\n",
    );
    common::write(&dir, "one.md", "# One\n\nSome text.\n");
    let default_style = include_str!("../../styles/default.toml");
    let style = default_style.replace(
        "embed_fonts = true",
        "embed_fonts = true\npage_list = false",
    );
    common::write(&dir, "plain.toml", &style);
    common::write(&dir, "default.css", "p { margin: 0; }\n");
    let result = built(&dir, &[Format::Epub]);
    let epub = output(&result, ".epub");
    assert!(page_list(epub).is_empty());
    assert!(!entry(epub, "OEBPS/chapter-000.xhtml").contains("pagebreak"));
    let opf = entry(epub, "OEBPS/content.opf");
    assert!(!opf.contains("dc:source"));
    assert!(!opf.contains("printPageNumbers"));
}
