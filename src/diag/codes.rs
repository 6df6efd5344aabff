//! Stable codes for the kinds of diagnostics (`--message-format json|github`), such as
//! `figure-missing` or `link-unknown-id`.
//!
//! A code names a kind of problem, not a message: messages may be reworded, codes are what CI
//! scripts match on, and they never change once released. The stages create diagnostics with
//! their messages only; [`classify`] maps each message to its kind with one table (`RULES`), so
//! that no stage depends on this module. A message the table does not know is `error` or
//! `warning` (its severity): a unit test and a test over the test books keep the table up to date.
//! The README lists every code.

use serde::{Deserialize, Serialize};

use super::{Diagnostic, Severity};

/// The kinds of diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Code {
    BookFolderMissing,
    BookListFailed,
    BookNameClash,
    BookTomlUnreadable,
    ConfigInvalid,
    ConfigUnknownKey,
    TitleEmpty,
    LanguageInvalid,
    DateInvalid,
    IdentifierInvalid,
    SourceDateInvalid,
    ChapterMissing,
    ChapterOutside,
    NoMarkdown,
    BookEmpty,
    FileUnreadable,
    MarkdownUnsupported,
    RawHtml,
    HeadingNested,
    ImageInline,
    FigureMissing,
    FigureNoCaption,
    FigureNotLocal,
    FigureOutside,
    FigureUnreadable,
    FigureFormat,
    FigureDamaged,
    PictureLowResolution,
    PictureUnreadable,
    FootnoteUndefined,
    FootnoteDuplicate,
    FootnoteUnused,
    FootnoteNested,
    IdDuplicate,
    LinkUnknownId,
    LinkInvalid,
    IdInvalid,
    FrontMatterInvalid,
    MetadataConflict,
    PictureText,
    Style,
    Font,
    GlyphMissing,
    HyphenationUnavailable,
    LineOverfull,
    LineLoose,
    PageHole,
    FigureDeferred,
    PageRunt,
    PageWidow,
    PageOrphan,
    Epub,
    Pdf,
    OutputWriteFailed,
    /// An error the table does not know yet.
    Error,
    /// A warning the table does not know yet.
    Warning,
    /// A note the table does not know yet.
    Note,
}

impl Code {
    /// The code as printed (`figure-missing`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|value| value.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

/// How a rule recognises its messages.
enum Fragments {
    /// The message contains every one of these, in this order.
    All(&'static [&'static str]),
    /// The message contains one of these.
    Any(&'static [&'static str]),
}

struct Rule {
    code: Code,
    fragments: Fragments,
}

const fn rule(code: Code, fragments: &'static [&'static str]) -> Rule {
    Rule {
        code,
        fragments: Fragments::All(fragments),
    }
}

const fn any(code: Code, fragments: &'static [&'static str]) -> Rule {
    Rule {
        code,
        fragments: Fragments::Any(fragments),
    }
}

/// Message fragments to codes, the first match wins (so the more particular rules come first).
const RULES: &[Rule] = &[
    any(
        Code::BookFolderMissing,
        &["no such book folder", "this folder is not a book"],
    ),
    any(
        Code::BookListFailed,
        &["cannot list books", "no book folders"],
    ),
    rule(Code::BookNameClash, &["share the folder name"]),
    rule(Code::BookTomlUnreadable, &["cannot read book.toml"]),
    rule(Code::ConfigUnknownKey, &["unknown key `"]),
    any(
        Code::TitleEmpty,
        &["the title is empty", "the book has no title"],
    ),
    rule(Code::FrontMatterInvalid, &["front matter"]),
    rule(Code::MetadataConflict, &["differs from the one at"]),
    rule(Code::LanguageInvalid, &["is not a BCP 47 language tag"]),
    rule(Code::DateInvalid, &["` is not a date"]),
    rule(Code::IdentifierInvalid, &["` is not a URN"]),
    rule(Code::SourceDateInvalid, &["SOURCE_DATE_EPOCH"]),
    rule(Code::ChapterMissing, &["chapter file `", "does not exist"]),
    rule(
        Code::ChapterOutside,
        &["chapter file `", "not inside the book"],
    ),
    rule(Code::NoMarkdown, &["has no Markdown files"]),
    rule(Code::BookEmpty, &["the book is empty"]),
    any(Code::RawHtml, &["raw HTML", "HTML element"]),
    rule(Code::HeadingNested, &["a heading inside"]),
    rule(Code::ImageInline, &["image inside running text"]),
    rule(
        Code::MarkdownUnsupported,
        &["Markdown construct is not supported"],
    ),
    any(
        Code::FigureNotLocal,
        &[
            "is not a file in the book",
            "is a site-relative address, not a file",
        ],
    ),
    rule(
        Code::FigureMissing,
        &["does not exist: set as an FPO placeholder"],
    ),
    any(
        Code::FigureNoCaption,
        &["a figure needs a caption", "a figure without a caption"],
    ),
    any(
        Code::FigureOutside,
        &["leaves the book folder", "a link to a file outside"],
    ),
    any(
        Code::FigureUnreadable,
        &[
            "cannot read figure",
            "cannot resolve figure",
            "cannot read picture `",
        ],
    ),
    any(
        Code::FigureFormat,
        &[
            "neither a JPEG nor a PNG",
            "which samizdat does not read",
            "is not an image samizdat reads",
        ],
    ),
    any(
        Code::FigureDamaged,
        &[
            "damaged image",
            "` is damaged",
            "megapixels",
            "that its data cannot hold",
        ],
    ),
    rule(
        Code::PictureText,
        &["holds text, which the PDF does not draw"],
    ),
    rule(Code::PictureLowResolution, &["the picture ", " dpi"]),
    any(
        Code::PictureUnreadable,
        &["cannot read the picture", ": the picture "],
    ),
    rule(
        Code::FootnoteUndefined,
        &["footnote `", "has no definition"],
    ),
    rule(Code::FootnoteDuplicate, &["footnote `", "is defined twice"]),
    rule(Code::FootnoteUnused, &["footnote `", "is never referenced"]),
    rule(
        Code::FootnoteNested,
        &["footnote `", "has a footnote of its own"],
    ),
    rule(Code::IdDuplicate, &["the id `", "is used twice"]),
    rule(Code::IdInvalid, &["the id `", "is not a valid id"]),
    rule(
        Code::LinkUnknownId,
        &["link to `#", "which no heading or figure has"],
    ),
    any(
        Code::LinkInvalid,
        &[
            "neither a heading id nor a web address",
            "its text is kept as text",
        ],
    ),
    rule(Code::GlyphMissing, &["has no glyph for"]),
    rule(Code::HyphenationUnavailable, &["no hyphenation patterns"]),
    any(
        Code::LineOverfull,
        &[
            "overfull line",
            "is too wide for the page",
            "wider than the measure even wrapped",
        ],
    ),
    rule(Code::LineLoose, &["loose line"]),
    rule(Code::PageHole, &["ends ", "short of its text block"]),
    rule(Code::FigureDeferred, &["the figure stands on page"]),
    rule(Code::PageRunt, &["ends its chapter with"]),
    rule(Code::PageWidow, &["(a widow)"]),
    rule(Code::PageOrphan, &["(an orphan)"]),
    rule(Code::Style, &["style"]),
    rule(Code::Font, &["font"]),
    rule(Code::OutputWriteFailed, &["cannot write"]),
    any(Code::FileUnreadable, &["cannot read", "is not UTF-8"]),
    any(Code::Epub, &["EPUB", "epub"]),
    any(Code::Pdf, &["PDF", "printpdf"]),
];

impl Rule {
    fn matches(&self, message: &str) -> bool {
        match self.fragments {
            Fragments::Any(fragments) => fragments.iter().any(|f| message.contains(f)),
            Fragments::All(fragments) => {
                let mut rest = message;
                for fragment in fragments {
                    match rest.find(fragment) {
                        Some(at) => rest = &rest[at + fragment.len()..],
                        None => return false,
                    }
                }
                true
            }
        }
    }
}

/// The kind of a diagnostic.
pub fn classify(diagnostic: &Diagnostic) -> Code {
    let message = diagnostic.message.as_str();
    let in_style = diagnostic
        .file
        .extension()
        .is_some_and(|ext| ext == "toml" || ext == "css")
        && !diagnostic.file.ends_with("book.toml");
    if in_style {
        return Code::Style;
    }
    if let Some(rule) = RULES.iter().find(|rule| rule.matches(message)) {
        return rule.code;
    }
    if diagnostic.file.ends_with("book.toml") && diagnostic.severity == Severity::Error {
        return Code::ConfigInvalid;
    }
    match diagnostic.severity {
        Severity::Error => Code::Error,
        Severity::Warning => Code::Warning,
        Severity::Note => Code::Note,
    }
}

/// Every code, for the README's list and its test.
pub const ALL: &[Code] = &[
    Code::BookFolderMissing,
    Code::BookListFailed,
    Code::BookNameClash,
    Code::BookTomlUnreadable,
    Code::ConfigInvalid,
    Code::ConfigUnknownKey,
    Code::TitleEmpty,
    Code::LanguageInvalid,
    Code::DateInvalid,
    Code::IdentifierInvalid,
    Code::SourceDateInvalid,
    Code::ChapterMissing,
    Code::ChapterOutside,
    Code::NoMarkdown,
    Code::BookEmpty,
    Code::FileUnreadable,
    Code::MarkdownUnsupported,
    Code::RawHtml,
    Code::HeadingNested,
    Code::ImageInline,
    Code::FigureMissing,
    Code::FigureNoCaption,
    Code::FigureNotLocal,
    Code::FigureOutside,
    Code::FigureUnreadable,
    Code::FigureFormat,
    Code::FigureDamaged,
    Code::PictureLowResolution,
    Code::PictureUnreadable,
    Code::FootnoteUndefined,
    Code::FootnoteDuplicate,
    Code::FootnoteUnused,
    Code::FootnoteNested,
    Code::IdDuplicate,
    Code::LinkUnknownId,
    Code::LinkInvalid,
    Code::IdInvalid,
    Code::FrontMatterInvalid,
    Code::MetadataConflict,
    Code::PictureText,
    Code::Style,
    Code::Font,
    Code::GlyphMissing,
    Code::HyphenationUnavailable,
    Code::LineOverfull,
    Code::LineLoose,
    Code::PageHole,
    Code::FigureDeferred,
    Code::PageRunt,
    Code::PageWidow,
    Code::PageOrphan,
    Code::Epub,
    Code::Pdf,
    Code::OutputWriteFailed,
    Code::Error,
    Code::Warning,
    Code::Note,
];

#[cfg(test)]
mod tests {
    use super::*;

    fn code(severity: Severity, file: &str, message: &str) -> String {
        let d = Diagnostic {
            severity,
            file: file.into(),
            pos: None,
            message: message.to_owned(),
            hint: None,
        };
        classify(&d).as_str()
    }

    #[test]
    fn messages_of_each_stage_get_their_code() {
        use Severity::{Error as E, Note as N, Warning as W};
        let cases = [
            (
                W,
                "a.md",
                "figure `images/x.jpg` does not exist: set as an FPO placeholder",
                "figure-missing",
            ),
            (
                E,
                "a.md",
                "footnote `[^x]` has no definition",
                "footnote-undefined",
            ),
            (
                W,
                "a.md",
                "footnote `[^x]` is never referenced",
                "footnote-unused",
            ),
            (
                E,
                "a.md",
                "link to `#nope`, which no heading or figure has",
                "link-unknown-id",
            ),
            (E, "a.md", "raw HTML is not supported", "raw-html"),
            (
                W,
                "a.md",
                "2 HTML elements dropped, their text kept (<div>, <u>); the first is here",
                "raw-html",
            ),
            (
                W,
                "a.md",
                "picture `x.png` does not exist: set as an FPO placeholder",
                "figure-missing",
            ),
            (
                W,
                "a.md",
                "picture `/x.png` is a site-relative address, not a file of the book: set as an FPO placeholder",
                "figure-not-local",
            ),
            (
                W,
                "a.md",
                "link to `/about`, a site-relative address, which only a web site can resolve: its text is kept as text",
                "link-invalid",
            ),
            (
                W,
                "a.md",
                "the title here (“A”) differs from the one at book.toml:2 (“B”), which is used",
                "metadata-conflict",
            ),
            (
                E,
                "a.md",
                "picture p.png: the picture is damaged: bad data",
                "picture-unreadable",
            ),
            (
                E,
                "book.toml",
                "unknown key `titel` in book.toml",
                "config-unknown-key",
            ),
            (
                E,
                "book.toml",
                "TOML parse error at line 1",
                "config-invalid",
            ),
            (
                E,
                "book.toml",
                "chapter file `x.md` does not exist",
                "chapter-missing",
            ),
            (
                W,
                "a.md",
                "overfull line, 2.0 pt too wide: “word”",
                "line-overfull",
            ),
            (
                W,
                "a.md",
                "loose line, word spaces 3.7 times their width: “a b”",
                "line-loose",
            ),
            (
                N,
                "a.md",
                "page 84 ends 2.0 lines short of its text block: the next page begins in the \
                 text here, which could not go on at its foot",
                "page-hole",
            ),
            (
                N,
                "a.md",
                "the figure stands on page 10, a page after its place in the text (page 9), \
                 which had 4.6 lines left below it of the 15.0 it takes",
                "figure-deferred",
            ),
            (
                N,
                "a.md",
                "page 50 ends its chapter with only 2 lines of text, begun in the paragraph here",
                "page-runt",
            ),
            (
                N,
                "a.md",
                "page 85 begins with the last line of the paragraph here (a widow): kept with the \
                 rest of it, the page before would end two or more lines short",
                "page-widow",
            ),
            (
                N,
                "a.md",
                "page 12 ends with the first line of the paragraph that goes on here (an orphan): \
                 kept with the rest of it, the page would end two or more lines short",
                "page-orphan",
            ),
            (N, "a.md", "something new to look at", "note"),
            (
                W,
                "a.md",
                "a table of 40 columns is too wide for the page even at 7.0 pt",
                "line-overfull",
            ),
            (
                W,
                "a.md",
                "a line of code is 3.0 pt wider than the measure even wrapped",
                "line-overfull",
            ),
            (
                W,
                "book.toml",
                "no hyphenation patterns for language `it`: the PDF is set without hyphenation",
                "hyphenation-unavailable",
            ),
            (E, "styles/house.toml", "expected a number", "style"),
            (
                E,
                "book.toml",
                "no style named `x` (looked for styles/x.toml; built in: default)",
                "style",
            ),
            (
                E,
                "x",
                "the books a/x and b/x share the folder name `x`",
                "book-name-clash",
            ),
            (E, "a.md", "something new", "error"),
            (W, "a.md", "something new", "warning"),
        ];
        for (severity, file, message, expected) in cases {
            assert_eq!(code(severity, file, message), expected, "{message}");
        }
    }

    #[test]
    fn every_code_has_a_distinct_name_listed_in_the_readme() {
        let readme = include_str!("../../README.md");
        let mut names: Vec<String> = ALL.iter().map(|c| c.as_str()).collect();
        for name in &names {
            assert!(!name.is_empty());
            assert!(
                readme.contains(&format!("`{name}`")),
                "README lacks `{name}`"
            );
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
        // Every rule's code is in ALL.
        for rule in RULES {
            assert!(ALL.contains(&rule.code));
        }
    }
}
