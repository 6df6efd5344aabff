//! Stable codes for the kinds of diagnostics (`--message-format json|github`), such as
//! `figure-missing` or `link-unknown-id`.
//!
//! A code names a kind of problem, not a message: messages may be reworded, codes are what CI
//! scripts match on, and they never change once released. The stages create diagnostics with
//! their messages only; [`classify`] maps each message to its kind with one table ([`RULES`]), so
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
    Style,
    Font,
    GlyphMissing,
    HyphenationUnavailable,
    LineOverfull,
    Epub,
    Pdf,
    OutputWriteFailed,
    /// An error the table does not know yet.
    Error,
    /// A warning the table does not know yet.
    Warning,
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
    rule(Code::BookFolderMissing, &["no such book folder"]),
    any(
        Code::BookListFailed,
        &["cannot list books", "no book folders"],
    ),
    rule(Code::BookNameClash, &["share the folder name"]),
    rule(Code::BookTomlUnreadable, &["cannot read book.toml"]),
    rule(Code::ConfigUnknownKey, &["unknown key `"]),
    rule(Code::TitleEmpty, &["the title is empty"]),
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
    rule(Code::RawHtml, &["raw HTML"]),
    rule(Code::HeadingNested, &["a heading inside"]),
    rule(Code::ImageInline, &["image inside running text"]),
    rule(
        Code::MarkdownUnsupported,
        &["Markdown construct is not supported"],
    ),
    rule(Code::FigureMissing, &["figure `", "FPO placeholder"]),
    rule(Code::FigureNoCaption, &["a figure needs a caption"]),
    rule(
        Code::FigureNotLocal,
        &["figure `", "is not a file in the book"],
    ),
    any(
        Code::FigureOutside,
        &["leaves the book folder", "a link to a file outside"],
    ),
    any(
        Code::FigureUnreadable,
        &["cannot read figure", "cannot resolve figure"],
    ),
    rule(
        Code::FigureFormat,
        &["figure `", "neither a JPEG nor a PNG"],
    ),
    rule(Code::FigureDamaged, &["figure `", "damaged image"]),
    rule(Code::PictureLowResolution, &["the picture ", " dpi"]),
    rule(Code::PictureUnreadable, &["cannot read the picture"]),
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
    rule(
        Code::LinkUnknownId,
        &["link to `#", "which no heading or figure has"],
    ),
    rule(
        Code::LinkInvalid,
        &["link to `", "neither a heading id nor a web address"],
    ),
    rule(Code::GlyphMissing, &["has no glyph for"]),
    rule(Code::HyphenationUnavailable, &["no hyphenation patterns"]),
    rule(Code::LineOverfull, &["overfull line"]),
    rule(Code::Style, &["style"]),
    rule(Code::Font, &["font"]),
    rule(Code::OutputWriteFailed, &["cannot write"]),
    rule(Code::FileUnreadable, &["cannot read"]),
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
    Code::Style,
    Code::Font,
    Code::GlyphMissing,
    Code::HyphenationUnavailable,
    Code::LineOverfull,
    Code::Epub,
    Code::Pdf,
    Code::OutputWriteFailed,
    Code::Error,
    Code::Warning,
];
