//! The e-book's accessibility metadata, and the conformance claim it earns.
//!
//! The schema.org statements claim only what the backend guarantees for every book: text in
//! reading order under structural headings, a table of contents, reflowable CSS without flashing
//! or sound, footnotes that link both ways. What depends on the book is found in it: whether it
//! has pictures (then `accessMode` `visual`, and `accessModeSufficient` `textual` only when every
//! picture has a text alternative), and whether it has the printed pages.
//!
//! The claim of conformance to EPUB Accessibility 1.1 at WCAG 2.2 Level AA
//! (`dcterms:conformsTo`, with `a11y:certifiedBy`) is written only when the book's own checks
//! ([`Checks`]) hold on the documents as written: every image has a text alternative, the
//! language is set, and the headings of every document go down one level at a time. The rest of
//! what the claim stands on is the backend's for every book, and DAISY Ace checks it in the tests.

use std::fmt::Write as _;

/// The claim, as EPUB Accessibility 1.1 spells it.
const CONFORMS_TO: &str = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA";

/// Who made the checks the claim stands on.
const CERTIFIED_BY: &str = "samizdat (the publisher's own automated checks)";

/// The checks a conformance claim stands on, made on the documents as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checks {
    /// Every `<img>` has a non-empty `alt`.
    pub images_described: bool,
    /// The book's language is set (every document carries it).
    pub language_set: bool,
    /// In every document, each heading is at most one level below the heading before it (the
    /// first at most `h2`).
    pub headings_in_order: bool,
}

impl Checks {
    /// The checks of `documents`, the e-book's XHTML documents, in a book in `language`.
    pub fn of(documents: &[String], language: &str) -> Checks {
        Checks {
            images_described: documents.iter().all(|doc| images_described(doc)),
            language_set: !language.trim().is_empty(),
            headings_in_order: documents.iter().all(|doc| headings_in_order(doc)),
        }
    }

    /// Whether the book earns the conformance claim.
    pub fn hold(&self) -> bool {
        self.images_described && self.language_set && self.headings_in_order
    }

    /// What keeps the claim from being made, for the summary.
    fn failures(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.images_described {
            out.push("an image has no text alternative");
        }
        if !self.language_set {
            out.push("the language is not set");
        }
        if !self.headings_in_order {
            out.push("a heading skips a level");
        }
        out
    }
}

/// What the accessibility metadata says, learnt from the content.
#[derive(Debug, Clone, Copy)]
pub struct Accessibility {
    /// The book holds this many real pictures (not FPO placeholders).
    pub pictures: usize,
    /// Every picture has a non-empty text alternative (its caption).
    pub all_images_described: bool,
    /// The book has a cover image (whose text alternative is the title and the authors).
    pub cover: bool,
    /// The number of printed pages in the page-list (0: the e-book has none).
    pub pages: usize,
    /// Chapters with a title, and footnotes.
    pub chapters: usize,
    pub footnotes: usize,
    pub checks: Checks,
}

impl Accessibility {
    /// The `<meta>` elements (without indentation): the claim when it is earned, then the
    /// schema.org statements.
    pub fn metadata(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.checks.hold() {
            out.push(format!(
                "<meta property=\"dcterms:conformsTo\">{CONFORMS_TO}</meta>"
            ));
            out.push(format!(
                "<meta property=\"a11y:certifiedBy\">{CERTIFIED_BY}</meta>"
            ));
        }
        for (property, value) in self.statements() {
            out.push(format!(
                "<meta property=\"schema:{property}\">{}</meta>",
                super::xhtml::escape(&value)
            ));
        }
        out
    }

    fn statements(&self) -> Vec<(&'static str, String)> {
        let has_images = self.pictures > 0 || self.cover;
        let mut out = vec![("accessMode", "textual".to_owned())];
        if has_images {
            out.push(("accessMode", "visual".into()));
            if self.all_images_described {
                out.push(("accessModeSufficient", "textual".into()));
            }
            out.push(("accessModeSufficient", "textual,visual".into()));
        } else {
            out.push(("accessModeSufficient", "textual".into()));
        }
        for feature in [
            "structuralNavigation",
            "tableOfContents",
            "readingOrder",
            "displayTransformability",
        ] {
            out.push(("accessibilityFeature", feature.into()));
        }
        if has_images && self.all_images_described {
            out.push(("accessibilityFeature", "alternativeText".into()));
        }
        if self.pages > 0 {
            for feature in ["printPageNumbers", "pageBreakMarkers", "pageNavigation"] {
                out.push(("accessibilityFeature", feature.into()));
            }
        }
        out.push(("accessibilityHazard", "none".into()));
        out.push(("accessibilitySummary", self.summary()));
        out
    }

    /// A summary of what this book holds and what a reader can rely on.
    fn summary(&self) -> String {
        let mut out = String::from("A reflowable e-book");
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                format!("1 {one}")
            } else {
                format!("{n} {many}")
            }
        };
        if self.chapters > 0 {
            let _ = write!(out, " of {}", plural(self.chapters, "chapter", "chapters"));
        }
        out.push_str(", with a table of contents, structured headings and a logical reading order");
        match self.footnotes {
            0 => {}
            1 => out.push_str("; its footnote links to and from its reference"),
            n => {
                let _ = write!(out, "; its {n} footnotes link to and from their references");
            }
        }
        out.push('.');
        if self.pictures == 0 && self.cover {
            out.push_str(" Its only picture is the cover, described by its title and authors.");
        } else if self.pictures == 0 {
            out.push_str(" It has no pictures.");
        } else if self.all_images_described {
            let _ = write!(
                out,
                " It has {}, each described by its caption.",
                plural(self.pictures, "picture", "pictures")
            );
        } else {
            let _ = write!(
                out,
                " It has {}, not all with a text alternative.",
                plural(self.pictures, "picture", "pictures")
            );
        }
        if self.pages > 0 {
            let _ = write!(
                out,
                " Page-break markers and a page list give the {} of the print edition.",
                plural(self.pages, "page", "pages")
            );
        }
        let failures = self.checks.failures();
        if failures.is_empty() {
            out.push_str(" It meets EPUB Accessibility 1.1 at WCAG 2.2 Level AA.");
        } else {
            let _ = write!(out, " It claims no conformance: {}.", failures.join(", "));
        }
        out
    }
}

/// Whether every `<img>` of `doc` has a non-empty `alt`.
fn images_described(doc: &str) -> bool {
    doc.split("<img ").skip(1).all(|rest| {
        let tag = rest.split('>').next().unwrap_or_default();
        tag.split_once(" alt=\"")
            .and_then(|(_, value)| value.split('"').next())
            .is_some_and(|alt| !alt.trim().is_empty())
    })
}

/// Whether each heading of `doc` is at most one level below the one before (the first at most
/// `h2`, as if an `h1` came before it).
fn headings_in_order(doc: &str) -> bool {
    let mut previous = 1;
    for (at, _) in doc.match_indices("<h") {
        let Some(level) = doc[at + 2..]
            .chars()
            .next()
            .and_then(|c| c.to_digit(10))
            .filter(|level| (1..=6).contains(level))
        else {
            continue;
        };
        // `<h2 ` or `<h2>`, not `<head>` or `<hr/>` (no digit) or a longer name.
        if !doc[at + 3..].starts_with([' ', '>']) {
            continue;
        }
        if level > previous + 1 {
            return false;
        }
        previous = level;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_may_not_skip_a_level_down() {
        assert!(headings_in_order(
            "<head></head><h1>a</h1><h2 id=\"x\">b</h2><h3>c</h3><h2>d</h2><hr/><h1>e</h1>"
        ));
        assert!(headings_in_order("<h2>opening</h2>"));
        assert!(!headings_in_order("<h1>a</h1><h3>c</h3>"));
        assert!(!headings_in_order("<h3>c</h3>"));
    }

    #[test]
    fn every_image_needs_a_text_alternative() {
        assert!(images_described("<img src=\"a.png\" alt=\"A lamp\"/>"));
        assert!(!images_described("<img src=\"a.png\" alt=\"\"/>"));
        assert!(!images_described(
            "<p><img src=\"a.png\"/></p><img alt=\"x\"/>"
        ));
    }

    fn checks(hold: bool) -> Checks {
        Checks {
            images_described: true,
            language_set: true,
            headings_in_order: hold,
        }
    }

    fn book(checks: Checks) -> Accessibility {
        Accessibility {
            pictures: 2,
            all_images_described: true,
            cover: false,
            pages: 12,
            chapters: 3,
            footnotes: 1,
            checks,
        }
    }

    #[test]
    fn access_modes_follow_the_pictures() {
        let text_only = Accessibility {
            pictures: 0,
            ..book(checks(true))
        }
        .metadata()
        .join("\n");
        assert!(!text_only.contains(">visual<"));
        assert!(!text_only.contains("alternativeText"));
        assert!(text_only.contains("It has no pictures."));
        let undescribed = Accessibility {
            all_images_described: false,
            ..book(checks(true))
        }
        .metadata()
        .join("\n");
        assert!(!undescribed.contains("accessModeSufficient\">textual<"));
        assert!(undescribed.contains("accessModeSufficient\">textual,visual<"));
        assert!(undescribed.contains("accessibilityHazard\">none<"));
    }

    #[test]
    fn the_claim_is_made_only_when_the_checks_hold() {
        let earned = book(checks(true)).metadata().join("\n");
        assert!(earned.contains(
            "<meta property=\"dcterms:conformsTo\">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>"
        ));
        assert!(earned.contains("<meta property=\"a11y:certifiedBy\">"));
        assert!(earned.contains(
            "A reflowable e-book of 3 chapters, with a table of contents, structured headings \
             and a logical reading order; its footnote links to and from its reference. It \
             has 2 pictures, each described by its caption. Page-break markers and a page list \
             give the 12 pages of the print edition. It meets"
        ));
        assert!(earned.contains("<meta property=\"schema:accessMode\">visual</meta>"));
        let refused = book(checks(false)).metadata().join("\n");
        assert!(!refused.contains("conformsTo"));
        assert!(!refused.contains("certifiedBy"));
        assert!(refused.contains("It claims no conformance: a heading skips a level."));
    }
}
