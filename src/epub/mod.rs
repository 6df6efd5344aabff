//! The EPUB 3 backend: the model into an e-book.
//!
//! [`write_epub`] renders every chapter to XHTML itself, lets epub-builder assemble the
//! package (manifest, spine, navigation document and NCX), then finishes the package in
//! `package`: metadata epub-builder cannot express, languages, landmarks, and a reproducible
//! zip. The result passes EPUBCheck with no errors and no warnings, and two builds of the same
//! book are byte-identical.

mod a11y;
mod fonts;
mod package;
mod pagelist;
mod pages;
mod xhtml;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Datelike, NaiveDateTime, Timelike, Utc};
use epub_builder::{EpubBuilder, EpubContent, EpubVersion, ReferenceType, TocElement, ZipLibrary};
use rayon::prelude::*;
use sha2::{Digest, Sha256};

use crate::model::{Book, Image, ImageFormat, Matter, PrintedPage};
use crate::style::{LoadedStyle, StyleError};

use pagelist::PageMarks;
use xhtml::{document, Renderer};

/// What epub-builder is handed as the bytes of a document or resource: see `finish`.
const NOTHING: &[u8] = &[];
/// The stylesheet's path inside `OEBPS/` (epub-builder's fixed name).
const STYLESHEET: &str = "stylesheet.css";
const COVER_FILE: &str = "cover.xhtml";
const TITLE_FILE: &str = "title.xhtml";
const CONTENTS_FILE: &str = "contents.xhtml";
const CREDITS_FILE: &str = "credits.xhtml";
const COLOPHON_FILE: &str = "colophon.xhtml";

/// Why an e-book could not be written.
#[derive(Debug)]
pub enum EpubError {
    /// A file the style names (the CSS or a font) could not be read.
    Style { file: String, error: StyleError },
    /// A figure's image could not be read.
    Image {
        path: PathBuf,
        error: std::io::Error,
    },
    /// A link points at an id that is in no chapter.
    UnknownAnchor { id: String },
    /// `metadata.modified` is not `YYYY-MM-DDThh:mm:ssZ`.
    InvalidModified { value: String },
    /// epub-builder failed.
    Builder { message: String },
    /// Reading or writing the archive failed.
    Zip { message: String },
    /// A bug in this backend or an unexpected change in epub-builder's output.
    Internal { what: String },
}

impl fmt::Display for EpubError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EpubError::Style { file, error } => {
                write!(f, "cannot read `{file}` of the style: {error}")
            }
            EpubError::Image { path, error } => {
                write!(f, "cannot read image {}: {error}", path.display())
            }
            EpubError::UnknownAnchor { id } => {
                write!(f, "a link points at `#{id}`, which is in no chapter")
            }
            EpubError::InvalidModified { value } => write!(
                f,
                "modification time `{value}` is not of the form YYYY-MM-DDThh:mm:ssZ"
            ),
            EpubError::Builder { message } => write!(f, "cannot assemble the EPUB: {message}"),
            EpubError::Zip { message } => write!(f, "cannot write the EPUB archive: {message}"),
            EpubError::Internal { what } => write!(f, "internal error in the EPUB backend: {what}"),
        }
    }
}

impl std::error::Error for EpubError {}

impl From<epub_builder::Error> for EpubError {
    fn from(error: epub_builder::Error) -> Self {
        EpubError::Builder {
            message: error.to_string(),
        }
    }
}

impl From<zip::result::ZipError> for EpubError {
    fn from(error: zip::result::ZipError) -> Self {
        EpubError::Zip {
            message: error.to_string(),
        }
    }
}

impl From<std::io::Error> for EpubError {
    fn from(error: std::io::Error) -> Self {
        EpubError::Zip {
            message: error.to_string(),
        }
    }
}

/// Where everything lives inside `OEBPS/`: one XHTML file per chapter, one image file per
/// distinct picture. Names come from positions and content, never from the clock.
pub struct Layout<'a> {
    book: &'a Book,
    /// Absolute image path -> `images/image-N.ext`, N counting distinct files in reading order.
    images: BTreeMap<&'a Path, String>,
    /// The same, in reading order (the order of the manifest).
    image_order: Vec<(&'a Path, String)>,
    /// The generated words, in the book's language.
    pub labels: &'static crate::labels::Labels,
}

impl<'a> Layout<'a> {
    fn new(book: &'a Book) -> Self {
        let mut images = BTreeMap::new();
        let mut image_order = Vec::new();
        for (path, format) in book.pictures() {
            let href = format!("images/image-{}.{}", images.len() + 1, format.extension());
            images.insert(path, href.clone());
            image_order.push((path, href));
        }
        Layout {
            book,
            images,
            image_order,
            labels: crate::labels::for_lang(&book.metadata.language),
        }
    }

    /// The file of chapter `index` (the opening section, if any, is chapter 0).
    pub fn chapter_file(&self, index: usize) -> String {
        format!("chapter-{index:03}.xhtml")
    }

    pub fn image_href(&self, path: &Path) -> Option<&str> {
        self.images.get(path).map(String::as_str)
    }

    /// `file#id` for an anchor: the chapter comes from `Book::anchors`, else from the link.
    pub fn anchor_href(&self, id: &str, chapter: usize) -> Result<String, EpubError> {
        let chapter = self.book.anchors.get(id).map_or(chapter, |a| a.chapter);
        if chapter >= self.book.chapters.len() {
            return Err(EpubError::UnknownAnchor { id: id.to_owned() });
        }
        Ok(format!("{}#{id}", self.chapter_file(chapter)))
    }
}

/// The e-book's cover image: a JPEG or PNG (stores take no SVG cover), from the same design as
/// the printed cover (see `crate::raster`), or the picture `book.toml` names.
#[derive(Debug, Clone)]
pub struct EpubCover {
    pub bytes: Vec<u8>,
    pub format: ImageFormat,
}

/// What an e-book is made from, besides the book and its style.
#[derive(Debug, Clone, Copy, Default)]
pub struct EpubInputs<'a> {
    /// The printed book's pages, for the page-list (`None`: the e-book has none).
    pub pages: Option<&'a [PrintedPage]>,
    /// The cover image: the manifest's `cover-image` (with the legacy `<meta name="cover">`)
    /// and the first page, the cover landmark (`None`: the e-book has no cover).
    pub cover: Option<&'a EpubCover>,
}

/// Writes `book` as an EPUB 3 file (without a page-list) and returns its bytes.
pub fn write_epub(book: &Book, style: &LoadedStyle) -> Result<Vec<u8>, EpubError> {
    write_epub_with(book, style, EpubInputs::default())
}

/// Writes `book` as an EPUB 3 file, with a page-list when `inputs` has the printed pages.
pub fn write_epub_with(
    book: &Book,
    style: &LoadedStyle,
    inputs: EpubInputs<'_>,
) -> Result<Vec<u8>, EpubError> {
    let meta = &book.metadata;
    let modified = parse_modified(&meta.modified)?;
    let layout = Layout::new(book);
    let lang = meta.language.as_str();
    let marks = inputs
        .pages
        .map(|pages| PageMarks::new(book, pages))
        .filter(|marks| !marks.is_empty());
    let matter_marks = |matter| {
        marks
            .as_ref()
            .map(|marks| marks.matter(matter))
            .unwrap_or_default()
    };

    // Every document first, so the fonts can be cut down to the characters they hold.
    let mut docs: Vec<EpubContent<&[u8]>> = Vec::new();
    let mut texts: Vec<String> = Vec::new();
    let cover_href = inputs
        .cover
        .map(|cover| format!("images/cover.{}", cover.format.extension()));
    if let Some(href) = &cover_href {
        texts.push(document(
            lang,
            layout.labels.cover,
            xhtml::Matter::Front,
            &pages::cover_page(book, href, layout.labels),
        ));
    }
    let title_doc = document(
        lang,
        &meta.title,
        xhtml::Matter::Front,
        &(matter_marks(Matter::TitlePage) + &pages::title_page(book, layout.labels)),
    );
    let contents = matter_marks(Matter::Contents) + &pages::contents_page(book, &layout)?;
    let contents_doc = document(
        lang,
        layout.labels.contents,
        xhtml::Matter::Front,
        &contents,
    );
    texts.push(title_doc);
    texts.push(contents_doc);

    let renderer = Renderer { layout: &layout };
    let mut tocs = Vec::with_capacity(book.chapters.len());
    for (index, chapter) in book.chapters.iter().enumerate() {
        let file = layout.chapter_file(index);
        let label = chapter
            .title
            .as_deref()
            .map(|title| pages::nav_label(chapter.number, title))
            .unwrap_or_default();
        let doc_title = if label.is_empty() {
            meta.title.clone()
        } else {
            label.clone()
        };
        let chapter_marks = marks.as_ref().and_then(|marks| marks.chapter(index));
        let body = renderer.chapter(chapter, chapter_marks)?;
        texts.push(document(lang, &doc_title, xhtml::Matter::Body, &body));
        // epub-builder takes the file name from the entry's URL, so the chapter entry points at
        // the file itself (whose first element is the chapter).
        let mut toc = TocElement::new(file.as_str(), label.as_str());
        if !label.is_empty() {
            for section in &chapter.sections {
                let title = crate::model::plain_text(&section.title);
                if title.trim().is_empty() {
                    // An entry without text is an empty list in the navigation document.
                    continue;
                }
                toc.add(
                    TocElement::new(format!("{file}#{}", section.id), title.trim())
                        .level(i32::from(section.level)),
                );
            }
        }
        tocs.push((file, toc));
    }

    if !book.credits.is_empty() {
        let credits = matter_marks(Matter::PictureCredits) + &pages::credits_page(book, &layout)?;
        texts.push(document(
            lang,
            layout.labels.picture_credits,
            xhtml::Matter::Back,
            &credits,
        ));
    }
    texts.push(document(
        lang,
        layout.labels.colophon,
        xhtml::Matter::Back,
        &(matter_marks(Matter::Colophon) + &pages::colophon_page(book, layout.labels)),
    ));

    let checks = a11y::Checks::of(&texts, lang);
    let stylesheet = stylesheet(style)?;
    let mut builder = EpubBuilder::new(ZipLibrary::new()?)?;
    builder.epub_version(EpubVersion::V30);
    builder.set_title(meta.title.as_str());
    builder.set_authors(meta.authors.clone());
    builder.set_lang(lang);
    builder.set_generator("samizdat");
    builder.set_toc_name(layout.labels.contents);
    builder.set_uuid(uuid_from(&meta.identifier));
    builder.set_modified_date(modified);
    builder.stylesheet(stylesheet.as_bytes())?;

    // epub-builder writes the package documents; it is handed every file empty, and the files
    // themselves go straight into the final archive (`finish`), compressed once.
    let mut files = package::Entries::new();
    // Fonts and images: resources in a fixed order.
    if style.style.epub.embed_fonts {
        let mut used = fonts::UsedChars::default();
        used.add(&stylesheet);
        used.add(layout.labels.pages);
        for text in &texts {
            used.add(text);
        }
        // The faces are subset in parallel (the most work of a small e-book), added in order.
        let faces: Vec<(&str, Vec<u8>)> = font_files(style)
            .into_par_iter()
            .map(|file| {
                let whole = style_file(style, file)?;
                Ok((file, fonts::subset_font(&whole, &used).unwrap_or(whole)))
            })
            .collect::<Result<_, EpubError>>()?;
        for (file, bytes) in faces {
            let name = format!("fonts/{}", base_name(file));
            builder.add_resource(&name, NOTHING, font_media_type(file))?;
            files.insert(format!("OEBPS/{name}"), bytes);
        }
    }
    for (path, href) in &layout.image_order {
        let bytes = std::fs::read(path).map_err(|error| EpubError::Image {
            path: path.to_path_buf(),
            error,
        })?;
        builder.add_resource(href, NOTHING, media_type_of(href))?;
        files.insert(format!("OEBPS/{href}"), bytes);
    }

    if let (Some(cover), Some(href)) = (inputs.cover, &cover_href) {
        builder.add_cover_image(href, NOTHING, cover.format.media_type())?;
        files.insert(format!("OEBPS/{href}"), cover.bytes.clone());
    }

    let mut texts = texts.into_iter();
    let mut files_of_texts = Vec::new();
    let mut next = |name: &str| {
        let text = texts.next().map(String::into_bytes).unwrap_or_default();
        files_of_texts.push((format!("OEBPS/{name}"), text));
        NOTHING
    };
    if cover_href.is_some() {
        docs.push(
            EpubContent::new(COVER_FILE, next(COVER_FILE))
                .title(layout.labels.cover)
                .reftype(ReferenceType::Cover),
        );
    }
    docs.push(
        EpubContent::new(TITLE_FILE, next(TITLE_FILE))
            .title(layout.labels.title_page)
            .reftype(ReferenceType::TitlePage),
    );
    docs.push(
        EpubContent::new(CONTENTS_FILE, next(CONTENTS_FILE))
            .title(layout.labels.contents)
            .reftype(ReferenceType::Toc),
    );
    for (index, (file, toc)) in tocs.into_iter().enumerate() {
        let mut content = EpubContent::new(file.as_str(), next(&file));
        content.toc = toc;
        if index == 0 {
            content = content.reftype(ReferenceType::Text);
        }
        docs.push(content);
    }
    if !book.credits.is_empty() {
        docs.push(
            EpubContent::new(CREDITS_FILE, next(CREDITS_FILE)).title(layout.labels.picture_credits),
        );
    }
    docs.push(
        EpubContent::new(COLOPHON_FILE, next(COLOPHON_FILE))
            .title(layout.labels.colophon)
            .reftype(ReferenceType::Colophon),
    );
    for content in docs {
        builder.add_content(content)?;
    }
    files.extend(files_of_texts);

    let mut raw = Vec::new();
    builder.generate(&mut raw)?;
    finish(
        book,
        &layout,
        marks.as_ref(),
        (&raw, files),
        modified,
        (checks, inputs.cover.is_some()),
    )
}

/// The document of the e-book that holds generated `matter`.
fn matter_file(matter: Matter) -> &'static str {
    match matter {
        Matter::TitlePage => TITLE_FILE,
        Matter::Colophon => COLOPHON_FILE,
        Matter::Contents => CONTENTS_FILE,
        Matter::PictureCredits => CREDITS_FILE,
    }
}

/// Rewrites the package documents epub-builder wrote (`raw`, its archive of empty files), puts
/// the `files` in, and zips the book again, reproducibly.
fn finish(
    book: &Book,
    layout: &Layout<'_>,
    marks: Option<&PageMarks>,
    (raw, files): (&[u8], package::Entries),
    modified: DateTime<Utc>,
    (checks, cover): (a11y::Checks, bool),
) -> Result<Vec<u8>, EpubError> {
    let meta = &book.metadata;
    let mut entries = package::unzip(raw)?;
    entries.extend(files);
    let text = |entries: &package::Entries, name: &str| -> Result<String, EpubError> {
        let bytes = entries.get(name).ok_or_else(|| EpubError::Internal {
            what: format!("epub-builder wrote no {name}"),
        })?;
        String::from_utf8(bytes.clone()).map_err(|_| EpubError::Internal {
            what: format!("{name} is not UTF-8"),
        })
    };

    let figures = book.figures();
    let all_images_described = figures.iter().all(|(_, f)| {
        !matches!(f.image, Image::Present { .. })
            || !crate::model::plain_text(&f.caption).trim().is_empty()
    });
    let metadata = package::metadata_element(
        meta,
        &a11y::Accessibility {
            pictures: book.pictures().len(),
            all_images_described,
            cover,
            pages: marks.map_or(0, PageMarks::len),
            chapters: book.chapters.iter().filter(|c| c.title.is_some()).count(),
            footnotes: book.chapters.iter().map(|c| c.footnotes.len()).sum(),
            checks,
        },
    );
    let opf = package::rewrite_opf(
        &text(&entries, "OEBPS/content.opf")?,
        &metadata,
        meta.language.as_str(),
    )?;
    entries.insert("OEBPS/content.opf".into(), opf.into_bytes());

    let mut landmarks = Vec::new();
    if cover {
        landmarks.push(("cover", COVER_FILE.to_owned(), layout.labels.cover));
    }
    landmarks.extend([
        ("titlepage", TITLE_FILE.to_owned(), layout.labels.title_page),
        ("toc", CONTENTS_FILE.to_owned(), layout.labels.contents),
    ]);
    if !book.chapters.is_empty() {
        landmarks.push((
            "bodymatter",
            layout.chapter_file(0),
            layout.labels.start_of_text,
        ));
    }
    if !book.credits.is_empty() {
        landmarks.push((
            "credits",
            CREDITS_FILE.to_owned(),
            layout.labels.picture_credits,
        ));
    }
    landmarks.push(("colophon", COLOPHON_FILE.to_owned(), layout.labels.colophon));
    let mut navs = package::landmarks_nav(&landmarks, layout.labels.landmarks);
    if let Some(marks) = marks {
        navs.push_str("\n  ");
        navs.push_str(&marks.nav(
            layout.labels.pages,
            |chapter| layout.chapter_file(chapter),
            matter_file,
        ));
    }
    let nav = package::rewrite_nav(
        &text(&entries, "OEBPS/nav.xhtml")?,
        meta.language.as_str(),
        &navs,
    )?;
    entries.insert("OEBPS/nav.xhtml".into(), nav.into_bytes());
    let depth = book
        .chapters
        .iter()
        .filter(|c| c.title.is_some())
        .flat_map(|c| c.sections.iter().map(|s| usize::from(s.level)))
        .max()
        .unwrap_or(1);
    let ncx = package::rewrite_ncx(
        &text(&entries, "OEBPS/toc.ncx")?,
        &meta.identifier,
        &meta.title,
        depth,
    )?;
    entries.insert("OEBPS/toc.ncx".into(), ncx.into_bytes());

    package::zip(entries, zip_time(modified))
}

/// The stylesheet: `@font-face` rules for the embedded faces and the body family, then the
/// style's CSS (which may override the family).
fn stylesheet(style: &LoadedStyle) -> Result<String, EpubError> {
    let fonts = &style.style.fonts;
    let family = css_string(&fonts.family);
    let mut out = String::from("@charset \"UTF-8\";\n");
    if style.style.epub.embed_fonts {
        let faces = [
            (&fonts.regular, "normal", "normal"),
            (&fonts.italic, "italic", "normal"),
            (&fonts.bold, "normal", "bold"),
            (&fonts.bold_italic, "italic", "bold"),
        ];
        for (file, font_style, weight) in faces {
            out.push_str(&format!(
                "@font-face {{\n  font-family: \"{family}\";\n  font-style: {font_style};\n  \
                 font-weight: {weight};\n  src: url(\"fonts/{}\");\n}}\n",
                css_string(base_name(file))
            ));
        }
    }
    out.push_str(&format!(
        "body {{\n  font-family: \"{family}\", serif;\n}}\n\n"
    ));
    let css = style_file(style, &style.style.epub.css)?;
    let css = String::from_utf8_lossy(&css);
    // The style's own @charset would be misplaced after the rules above.
    let css = css.trim_start_matches('\u{FEFF}');
    let css = match css.strip_prefix("@charset") {
        Some(rest) => rest.split_once(';').map_or("", |(_, after)| after),
        None => css,
    };
    out.push_str(css.trim_start());
    Ok(out)
}

/// The distinct font files of the style (a family without a bold face may name one file twice),
/// in the order regular, italic, bold, bold italic.
fn font_files(style: &LoadedStyle) -> Vec<&str> {
    let f = &style.style.fonts;
    let mut files: Vec<&str> = Vec::with_capacity(4);
    for file in [&f.regular, &f.italic, &f.bold, &f.bold_italic] {
        if !files
            .iter()
            .any(|known| base_name(known) == base_name(file))
        {
            files.push(file);
        }
    }
    files
}

fn style_file(style: &LoadedStyle, file: &str) -> Result<Vec<u8>, EpubError> {
    style.file(file).map_err(|error| EpubError::Style {
        file: file.to_owned(),
        error,
    })
}

/// The last component of a path written with either separator.
fn base_name(file: &str) -> &str {
    file.rsplit(['/', '\\']).next().unwrap_or(file)
}

/// A value safe inside a double-quoted CSS string.
fn css_string(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '"' | '\\' | '\n' | '\r') && !c.is_control())
        .collect()
}

fn font_media_type(file: &str) -> &'static str {
    let lower = file.to_ascii_lowercase();
    if lower.ends_with(".otf") {
        "font/otf"
    } else if lower.ends_with(".woff2") {
        "font/woff2"
    } else if lower.ends_with(".woff") {
        "font/woff"
    } else {
        "font/ttf"
    }
}

fn media_type_of(href: &str) -> &'static str {
    let formats = [
        ImageFormat::Png,
        ImageFormat::Gif,
        ImageFormat::Svg,
        ImageFormat::Jpeg,
    ];
    formats
        .into_iter()
        .find(|f| href.ends_with(f.extension()))
        .unwrap_or(ImageFormat::Jpeg)
        .media_type()
}

fn parse_modified(value: &str) -> Result<DateTime<Utc>, EpubError> {
    NaiveDateTime::parse_from_str(value, "%Y-%m-%dT%H:%M:%SZ")
        .map(|naive| naive.and_utc())
        .map_err(|_| EpubError::InvalidModified {
            value: value.to_owned(),
        })
}

/// The zip time stamp of every entry: the book's modification time, clamped to the range a zip
/// header can hold (1980 to 2107); DOS times have two-second resolution.
fn zip_time(modified: DateTime<Utc>) -> zip::DateTime {
    let year = modified.year().clamp(1980, 2107);
    let stamp = if year == modified.year() {
        zip::DateTime::from_date_and_time(
            year as u16,
            modified.month() as u8,
            modified.day() as u8,
            modified.hour() as u8,
            modified.minute() as u8,
            modified.second() as u8,
        )
        .ok()
    } else {
        None
    };
    stamp.unwrap_or_default()
}

/// A UUID derived from the identifier: the identifier itself when it is `urn:uuid:` (in any
/// case), else the first 128 bits of its SHA-256 as a version 8 (custom) UUID. Never random.
fn uuid_from(identifier: &str) -> uuid::Uuid {
    let given = crate::labels::uuid(identifier).and_then(|u| uuid::Uuid::try_parse(u).ok());
    if let Some(uuid) = given {
        return uuid;
    }
    let digest = Sha256::digest(identifier.as_bytes());
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_custom_bytes(bytes).into_uuid()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_font_named_twice_is_embedded_once() {
        let mut style = crate::style::load("default", Path::new(".")).expect("default style");
        style.style.fonts.bold = style.style.fonts.regular.clone();
        style.style.fonts.bold_italic = format!("../fonts/{}", style.style.fonts.italic);
        assert_eq!(
            font_files(&style),
            ["Vollkorn-Regular.ttf", "Vollkorn-Italic.ttf"]
        );
    }

    #[test]
    fn modified_parses_only_the_opf_form() {
        assert!(parse_modified("2026-11-22T03:00:00Z").is_ok());
        assert!(matches!(
            parse_modified("2026-11-22"),
            Err(EpubError::InvalidModified { .. })
        ));
    }

    #[test]
    fn zip_time_clamps_to_the_dos_range() {
        let epoch = parse_modified("1970-01-01T00:00:00Z").unwrap_or_default();
        assert_eq!(zip_time(epoch), zip::DateTime::default());
        let t = zip_time(parse_modified("2003-03-05T10:20:30Z").unwrap_or_default());
        assert_eq!(
            (t.year(), t.month(), t.day(), t.hour(), t.second()),
            (2003, 3, 5, 10, 30)
        );
    }

    #[test]
    fn uuid_is_derived_not_random() {
        let a = uuid_from("urn:isbn:9780000000002");
        assert_eq!(a, uuid_from("urn:isbn:9780000000002"));
        assert_ne!(a, uuid_from("urn:isbn:9780000000003"));
        let given = "urn:uuid:6f1c2a5e-8d2b-4c8e-9a51-0c6f2b7d9e10";
        assert_eq!(uuid_from(given).to_string(), &given[9..]);
        // A URN's prefix is case-blind: the same UUID, as the colophon already reads it.
        let upper = "URN:UUID:6f1c2a5e-8d2b-4c8e-9a51-0c6f2b7d9e10";
        assert_eq!(uuid_from(upper).to_string(), &given[9..]);
    }
}
