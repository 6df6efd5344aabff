//! The generated pages of the e-book: title page, contents, picture credits and colophon.

use std::fmt::Write as _;

use crate::model::{plain_text, Book};

use super::xhtml::{escape, Renderer};
use super::{EpubError, Layout};
use crate::labels::{self, Labels, Particular};

/// The cover page: the cover image alone, described by the title and the authors (the
/// `cover` type and `doc-cover` role belong on the image itself).
pub fn cover_page(book: &Book, image: &str, labels: &Labels) -> String {
    let meta = &book.metadata;
    let mut alt = meta.full_title();
    if !meta.authors.is_empty() {
        alt.push_str(". ");
        alt.push_str(&labels::names(&meta.authors, labels));
    }
    format!(
        "<section class=\"cover\">\n\
         <img epub:type=\"cover\" role=\"doc-cover\" src=\"{}\" alt=\"{}\"/>\n</section>\n",
        escape(image),
        escape(&alt)
    )
}

/// The title page: title, subtitle, authors and publisher.
pub fn title_page(book: &Book, labels: &Labels) -> String {
    let meta = &book.metadata;
    let mut out = String::from("<section epub:type=\"titlepage\" class=\"titlepage\">\n");
    let _ = writeln!(out, "<h1 class=\"title\">{}</h1>", escape(&meta.title));
    if let Some(subtitle) = &meta.subtitle {
        let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(subtitle));
    }
    if !meta.authors.is_empty() {
        let _ = writeln!(
            out,
            "<p class=\"authors\">{}</p>",
            escape(&labels::names(&meta.authors, labels))
        );
    }
    if let Some(publisher) = &meta.publisher {
        let _ = writeln!(out, "<p class=\"publisher\">{}</p>", escape(publisher));
    }
    out.push_str("</section>\n");
    out
}

/// The visible table of contents: every titled chapter with its `##` sections, then the back
/// matter. (The navigation document, `nav.xhtml`, is the machine-readable one.)
pub fn contents_page(book: &Book, layout: &Layout<'_>) -> Result<String, EpubError> {
    let renderer = Renderer { layout };
    let labels = layout.labels;
    let mut out = format!(
        "<section epub:type=\"toc\" role=\"doc-toc\" class=\"contents\" \
         aria-labelledby=\"contents-heading\">\n\
         <h1 id=\"contents-heading\">{}</h1>\n<ol class=\"contents\">\n",
        escape(labels.contents)
    );
    for (index, chapter) in book.titled_chapters() {
        let Some(title) = &chapter.title else {
            continue;
        };
        let file = layout.chapter_file(index);
        let number = match chapter.number {
            Some(n) => format!("<span class=\"chapter-number\">{n}</span> "),
            None => String::new(),
        };
        let _ = write!(
            out,
            "<li><a href=\"{file}#{}\">{number}{}</a>",
            escape(&chapter.id),
            strip_links(&renderer.inlines(title)?)
        );
        let sections: Vec<_> = chapter.sections.iter().filter(|s| s.level == 2).collect();
        if !sections.is_empty() {
            out.push_str("\n<ol>\n");
            for section in sections {
                let _ = writeln!(
                    out,
                    "<li><a href=\"{file}#{}\">{}</a></li>",
                    escape(&section.id),
                    strip_links(&renderer.inlines(&section.title)?)
                );
            }
            out.push_str("</ol>\n");
        }
        out.push_str("</li>\n");
    }
    if !book.credits.is_empty() {
        let _ = writeln!(
            out,
            "<li class=\"backmatter\"><a href=\"{}\">{}</a></li>",
            super::CREDITS_FILE,
            escape(labels.picture_credits)
        );
    }
    let _ = writeln!(
        out,
        "<li class=\"backmatter\"><a href=\"{}\">{}</a></li>",
        super::COLOPHON_FILE,
        escape(labels.colophon)
    );
    out.push_str("</ol>\n</section>\n");
    Ok(out)
}

/// Removes `<a ...>` and `</a>` tags (and note references entirely) from rendered inline markup,
/// so that a heading can be the content of a link: links may not nest.
fn strip_links(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(start) = rest.find("<a ") {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let open_end = tail.find('>').map_or(tail.len(), |i| i + 1);
        let is_noteref = tail[..open_end].contains("epub:type=\"noteref\"");
        let inner = &tail[open_end..];
        let close = inner.find("</a>").unwrap_or(inner.len());
        if !is_noteref {
            out.push_str(&inner[..close]);
        }
        rest = inner.get(close + "</a>".len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// The picture credits: every figure's caption, linked to the figure, and its credit.
pub fn credits_page(book: &Book, layout: &Layout<'_>) -> Result<String, EpubError> {
    let renderer = Renderer { layout };
    let mut out = format!(
        "<section epub:type=\"credits\" role=\"doc-credits\" class=\"credits\" \
         aria-labelledby=\"credits-heading\">\n\
         <h1 id=\"credits-heading\">{}</h1>\n<ul class=\"credits\">\n",
        escape(layout.labels.picture_credits)
    );
    for credit in &book.credits {
        let href = layout.anchor_href(&credit.figure_id, credit.chapter)?;
        let mut caption = strip_links(&renderer.inlines(&credit.caption)?);
        if caption.trim().is_empty() {
            caption = escape(&credit.figure_id);
        }
        let _ = write!(out, "<li><a href=\"{}\">{caption}</a>", escape(&href));
        if let Some(text) = &credit.credit {
            let _ = write!(
                out,
                " <span class=\"credit\">{}</span>",
                renderer.inlines(text)?
            );
        }
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
    Ok(out)
}

/// The colophon: the book's particulars (see [`labels::colophon`], which the printed colophon
/// gives too), then how the e-book was made.
pub fn colophon_page(book: &Book, labels: &Labels) -> String {
    let mut out = format!(
        "<section epub:type=\"colophon\" role=\"doc-colophon\" class=\"colophon\" \
         aria-labelledby=\"colophon-heading\">\n\
         <h1 id=\"colophon-heading\">{}</h1>\n",
        escape(labels.colophon)
    );
    for (particular, line) in labels::colophon(&book.metadata) {
        let line = escape(&line);
        let _ = match particular {
            Particular::Title => writeln!(out, "<p class=\"book-title\"><i>{line}</i></p>"),
            Particular::Rights => writeln!(out, "<p class=\"rights\">{line}</p>"),
            Particular::Identifier => writeln!(out, "<p class=\"identifier\">{line}</p>"),
            Particular::Authors | Particular::Publisher | Particular::Date => {
                writeln!(out, "<p>{line}</p>")
            }
        };
    }
    let _ = writeln!(
        out,
        "<p class=\"made-with\">{}</p>",
        escape(labels.made_with)
    );
    out.push_str("</section>\n");
    out
}

/// The text a chapter shows in the navigation document: "3. Title" or the title alone.
pub fn nav_label(number: Option<u32>, title: &[crate::model::Inline]) -> String {
    let title = plain_text(title);
    match number {
        Some(n) => format!("{n}. {}", title.trim()),
        None => title.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_stripped_but_not_their_text() {
        assert_eq!(
            strip_links(
                "x <a href=\"#a\">y</a> z<a epub:type=\"noteref\" href=\"#n\" id=\"r\">1</a>."
            ),
            "x y z."
        );
    }
}
