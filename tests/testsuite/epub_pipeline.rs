//! The whole pipeline into EPUB (parse, load the style, write the e-book) on the test book and on
//! every bundled book: each builds without errors, twice to the same bytes, and passes EPUBCheck
//! with no errors and no warnings.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use samizdat::model::Book;
use samizdat::parse::{parse_with, ParseOptions};

use crate::common::{self, Scratch};

crate::tests![
    the_test_book_builds_reproducibly_with_all_it_exercises,
    the_test_book_passes_epubcheck: [EPUBCHECK],
    every_bundled_book_builds_reproducibly,
    every_bundled_book_passes_epubcheck: [EPUBCHECK],
    a_russian_book_keeps_its_language_and_escapes_markup_characters,
    a_russian_book_with_markup_characters_passes_epubcheck: [EPUBCHECK],
];

/// Parses `dir` (without `SOURCE_DATE_EPOCH`) and writes its e-book.
fn build(dir: &Path) -> (Book, Vec<u8>) {
    let parsed = parse_with(dir, &ParseOptions::default());
    let errors: Vec<String> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == samizdat::Severity::Error)
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", dir.display());
    let book = parsed.book.expect("a book");
    let style = samizdat::style::load(&book.style, dir).expect("the book's style");
    let bytes =
        samizdat::write_epub(&book, &style).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    (book, bytes)
}

/// The text of one entry of the archive.
fn entry(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut file = archive.by_name(name).expect(name);
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8");
    text
}

/// Every book folder under `manuscript/`.
fn bundled_books() -> Vec<PathBuf> {
    let mut books: Vec<PathBuf> = std::fs::read_dir("manuscript")
        .expect("manuscript/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("book.toml").is_file())
        .collect();
    books.sort();
    books
}

fn the_test_book_builds_reproducibly_with_all_it_exercises() {
    let dir = Path::new("tests/books/sample");
    let (book, first) = build(dir);
    let (_, second) = build(dir);
    assert!(first == second, "two builds of the sample book differ");
    // Everything the sample exercises shows up in the e-book.
    let opf = entry(&first, "OEBPS/content.opf");
    assert!(opf.contains("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>"));
    assert!(opf.contains("<dc:publisher>Samizdat Test Press</dc:publisher>"));
    let all_notes: usize = book.chapters.iter().map(|c| c.footnotes.len()).sum();
    let mut asides = 0;
    let mut noterefs = 0;
    for index in 0..book.chapters.len() {
        let file = format!("OEBPS/chapter-{index:03}.xhtml");
        let text = entry(&first, &file);
        asides += text.matches("<aside epub:type=\"footnote\"").count();
        noterefs += text.matches("epub:type=\"noteref\"").count();
    }
    assert_eq!(asides, all_notes);
    assert!(noterefs >= asides);
    if !book.credits.is_empty() {
        let credits = entry(&first, "OEBPS/credits.xhtml");
        assert_eq!(credits.matches("<li>").count(), book.credits.len());
    }
}

fn the_test_book_passes_epubcheck() {
    let (_, bytes) = build(Path::new("tests/books/sample"));
    common::epubcheck::assert_clean(&bytes, "sample");
}

/// The name of a book folder.
fn name_of(dir: &Path) -> String {
    dir.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn every_bundled_book_builds_reproducibly() {
    let books = bundled_books();
    assert!(!books.is_empty(), "no book under manuscript/");
    for dir in books {
        let name = name_of(&dir);
        let (_, first) = build(&dir);
        let (_, second) = build(&dir);
        assert!(first == second, "two builds of {name} differ");
    }
}

fn every_bundled_book_passes_epubcheck() {
    let books = bundled_books();
    assert!(!books.is_empty(), "no book under manuscript/");
    for dir in books {
        let (_, bytes) = build(&dir);
        common::epubcheck::assert_clean(&bytes, &name_of(&dir));
    }
}

/// A book in Russian whose title and text hold `&`, `<` and `>`, with a note, a cross-reference
/// and an FPO figure.
fn russian_book() -> (Scratch, Vec<u8>) {
    let dir = Scratch::new("epub-ru");
    let files = [
        (
            "book.toml",
            "[book]\ntitle = \"Преданная революция & <другие>\"\nsubtitle = \"Что такое СССР\"\n\
             authors = [\"Лев Троцкий\"]\nlanguage = \"ru\"\n\
             identifier = \"urn:uuid:6f1c2a5e-8d2b-4c8e-9a51-0c6f2b7d9e10\"\ndate = \"1936-08-04\"\n",
        ),
        (
            "one.md",
            "Вступление перед первой главой.\n\n# Глава первая: «Итоги»\n\n\
             Текст со ссылкой[^a] и [перекрёстной ссылкой](#вторая-глава) & <тегом>.\n\n\
             ## Раздел один\n\n![Подпись «картинки»](нет.jpg \"Фото: никто\")\n\n\
             # Вторая глава {#вторая-глава}\n\nСнова.\n\n[^a]: Примечание.\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(dir.join(name), text).expect("write book file");
    }
    let (_, bytes) = build(&dir);
    (dir, bytes)
}

fn a_russian_book_keeps_its_language_and_escapes_markup_characters() {
    let (_dir, bytes) = russian_book();
    let opf = entry(&bytes, "OEBPS/content.opf");
    assert!(opf.contains("<package xml:lang=\"ru\""));
    assert!(
        opf.contains("<dc:title id=\"title\">Преданная революция &amp; &lt;другие&gt;</dc:title>")
    );
    let one = entry(&bytes, "OEBPS/chapter-001.xhtml");
    assert!(one.contains("lang=\"ru\" xml:lang=\"ru\""));
    assert!(one.contains("&amp; &lt;тегом&gt;"));
    assert!(one.contains("<a href=\"chapter-002.xhtml#вторая-глава\">"));
    // The backend's own words are in the book's language.
    assert!(entry(&bytes, "OEBPS/contents.xhtml")
        .contains("<h1 id=\"contents-heading\">Содержание</h1>"));
    assert!(entry(&bytes, "OEBPS/nav.xhtml").contains("<h1 id=\"toc-title\">Содержание</h1>"));
    assert!(
        one.contains("aria-label=\"Место для иллюстрации, которой пока нет: Подпись «картинки»\"")
    );
    // The colophon in Russian, and without the UUID, which tells a reader nothing.
    let colophon = entry(&bytes, "OEBPS/colophon.xhtml");
    assert!(
        colophon.contains("<p>Дата издания: 1936-08-04</p>"),
        "{colophon}"
    );
    assert!(!colophon.contains("6f1c2a5e"), "{colophon}");
}

fn a_russian_book_with_markup_characters_passes_epubcheck() {
    let (_dir, bytes) = russian_book();
    common::epubcheck::assert_clean(&bytes, "russian");
}
