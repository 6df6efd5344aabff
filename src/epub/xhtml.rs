//! XHTML for the e-book: escaping, the document frame, and the model's blocks and inlines as markup.

use std::fmt::Write as _;

use crate::model::{
    Alignment, Block, Chapter, DefinitionItem, Figure, Footnote, Image, Inline, LinkTarget,
    ListItem, ListKind, Step, TableRow, Task,
};

use super::pagelist::{ChapterMarks, Marker};
use super::{EpubError, Layout};

/// Escapes text for XHTML element content and double-quoted attribute values.
///
/// Characters that XML 1.0 forbids (C0 controls other than tab, newline and carriage return,
/// lone surrogates cannot occur in a `str`, U+FFFE and U+FFFF) are dropped: one stray control
/// character in a manuscript must not make the whole book unreadable.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The kind of the `<body>` of a document, for `epub:type` (front, body or back matter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matter {
    Front,
    Body,
    Back,
}

impl Matter {
    fn epub_type(self) -> &'static str {
        match self {
            Matter::Front => "frontmatter",
            Matter::Body => "bodymatter",
            Matter::Back => "backmatter",
        }
    }
}

/// Wraps `body` (already markup) into a complete XHTML5 document in the book's language.
pub fn document(language: &str, title: &str, matter: Matter, body: &str) -> String {
    let lang = escape(language);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <!DOCTYPE html>\n\
         <html xmlns=\"http://www.w3.org/1999/xhtml\" xmlns:epub=\"http://www.idpf.org/2007/ops\" \
         lang=\"{lang}\" xml:lang=\"{lang}\">\n\
         <head>\n\
         <meta charset=\"utf-8\"/>\n\
         <title>{title}</title>\n\
         <link rel=\"stylesheet\" type=\"text/css\" href=\"{css}\"/>\n\
         </head>\n\
         <body epub:type=\"{matter}\">\n{body}</body>\n\
         </html>\n",
        title = escape(title),
        css = super::STYLESHEET,
        matter = matter.epub_type(),
    )
}

/// Renders the model's content of one chapter file: it knows where every file and anchor lives.
pub struct Renderer<'a> {
    pub layout: &'a Layout<'a>,
}

/// Where the renderer is in a chapter (the path of [`crate::model::Place`]), to find the page
/// markers of the block it writes.
pub struct Trail<'m> {
    steps: Vec<Step>,
    marks: Option<&'m ChapterMarks>,
}

impl<'m> Trail<'m> {
    /// At the top of a chapter whose markers are `marks` (none: no page-list, or a note).
    pub fn new(marks: Option<&'m ChapterMarks>) -> Trail<'m> {
        Trail {
            steps: Vec::new(),
            marks,
        }
    }

    fn down(&mut self, step: Step) {
        self.steps.push(step);
    }

    fn up(&mut self) {
        self.steps.pop();
    }

    /// The markers of the block reached.
    fn here(&self) -> &'m [Marker] {
        self.marks
            .and_then(|marks| marks.get(&self.steps))
            .map_or(&[], Vec::as_slice)
    }

    /// The markers of the block reached, all before it (a heading, a figure, a break).
    fn before(&self) -> String {
        self.here().iter().map(Marker::markup).collect()
    }
}

/// The page markers still to write in one block's text, and how much of its plain text (see
/// [`crate::model::Inline::own_text`]) has been written.
struct Cursor<'m> {
    plain: usize,
    marks: &'m [Marker],
}

impl<'m> Cursor<'m> {
    fn new(marks: &'m [Marker]) -> Cursor<'m> {
        Cursor { plain: 0, marks }
    }

    /// Writes the markers due where the text has reached (before a picture or a line break).
    fn due(&mut self, out: &mut String) {
        while let Some((marker, rest)) = self.marks.split_first() {
            if marker.offset > self.plain {
                break;
            }
            out.push_str(&marker.markup());
            self.marks = rest;
        }
    }

    /// Writes `text`, escaped, with the markers whose words start in it.
    fn text(&mut self, text: &str, out: &mut String) {
        let start = self.plain;
        let mut from = 0;
        while let Some((marker, rest)) = self.marks.split_first() {
            if marker.offset >= start + text.len() {
                break;
            }
            let mut at = marker.offset.saturating_sub(start).max(from);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            out.push_str(&escape(&text[from..at]));
            out.push_str(&marker.markup());
            from = at;
            self.marks = rest;
        }
        out.push_str(&escape(&text[from..]));
        self.plain = start + text.len();
    }

    /// Writes the markers left (past the end of the text: never for a place layout gave).
    fn finish(&mut self, out: &mut String) {
        for marker in std::mem::take(&mut self.marks) {
            out.push_str(&marker.markup());
        }
    }
}

impl Renderer<'_> {
    /// The whole `<body>` content of a chapter: its section, its headings and blocks, then its
    /// notes; the markers of the printed pages (`marks`) where each page starts.
    pub fn chapter(
        &self,
        chapter: &Chapter,
        marks: Option<&ChapterMarks>,
    ) -> Result<String, EpubError> {
        let mut out = String::new();
        let mut trail = Trail::new(marks);
        let id = escape(&chapter.id);
        match &chapter.title {
            Some(title) => {
                let _ = writeln!(
                    out,
                    "<section epub:type=\"chapter\" role=\"doc-chapter\" class=\"chapter\" id=\"{id}\" \
                     aria-labelledby=\"{id}-heading\">"
                );
                trail.down(Step::Heading);
                out.push_str(&trail.before());
                trail.up();
                out.push_str(&format!("<h1 id=\"{id}-heading\">"));
                if let Some(number) = chapter.number {
                    let _ = write!(out, "<span class=\"chapter-number\">{number}</span> ");
                }
                let _ = writeln!(
                    out,
                    "<span class=\"chapter-title\">{}</span></h1>",
                    self.inlines(title)?
                );
            }
            None => {
                let _ = writeln!(
                    out,
                    "<section epub:type=\"preamble\" class=\"opening\" id=\"{id}\">"
                );
            }
        }
        self.blocks(&chapter.blocks, &mut trail, &mut out)?;
        // Sections nest by level: a `###` inside the `##` before it. `open` holds the levels of
        // the sections still open.
        let mut open: Vec<u8> = Vec::new();
        for (index, section) in chapter.sections.iter().enumerate() {
            while open.last().is_some_and(|&level| level >= section.level) {
                open.pop();
                out.push_str("</section>\n");
            }
            let level = section.level.clamp(2, 6);
            let sid = escape(&section.id);
            trail.down(Step::Section { index });
            trail.down(Step::Heading);
            let _ = writeln!(
                out,
                "<section id=\"{sid}\" aria-labelledby=\"{sid}-heading\">\n\
                 {}<h{level} id=\"{sid}-heading\">{}</h{level}>",
                trail.before(),
                self.inlines(&section.title)?
            );
            trail.up();
            open.push(section.level);
            self.blocks(&section.blocks, &mut trail, &mut out)?;
            trail.up();
        }
        for _ in open {
            out.push_str("</section>\n");
        }
        out.push_str("</section>\n");
        for note in &chapter.footnotes {
            self.footnote(note, &mut out)?;
        }
        Ok(out)
    }

    /// A note as a pop-up `<aside>`; its number links back to the first reference.
    fn footnote(&self, note: &Footnote, out: &mut String) -> Result<(), EpubError> {
        let _ = writeln!(
            out,
            "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"{}\" class=\"footnote\">",
            escape(&note.id)
        );
        let backlink = match note.references.first() {
            Some(reference) => format!(
                "<a class=\"note-number\" role=\"doc-backlink\" href=\"#{}\">{}.</a> ",
                escape(reference),
                note.number
            ),
            None => format!("<span class=\"note-number\">{}.</span> ", note.number),
        };
        // Notes are not the body of a printed page: no page starts in them.
        let mut trail = Trail::new(None);
        match note.blocks.split_first() {
            Some((Block::Paragraph { content, .. }, rest)) => {
                let _ = writeln!(out, "<p>{backlink}{}</p>", self.inlines(content)?);
                self.blocks(rest, &mut trail, out)?;
            }
            _ => {
                let _ = writeln!(out, "<p class=\"note-head\">{}</p>", backlink.trim_end());
                self.blocks(&note.blocks, &mut trail, out)?;
            }
        }
        out.push_str("</aside>\n");
        Ok(())
    }

    pub fn blocks(
        &self,
        blocks: &[Block],
        trail: &mut Trail<'_>,
        out: &mut String,
    ) -> Result<(), EpubError> {
        for (index, block) in blocks.iter().enumerate() {
            trail.down(Step::Block { index });
            self.block(block, trail, out)?;
            trail.up();
        }
        Ok(())
    }

    fn block(
        &self,
        block: &Block,
        trail: &mut Trail<'_>,
        out: &mut String,
    ) -> Result<(), EpubError> {
        match block {
            Block::Paragraph { content, .. } => {
                let _ = writeln!(out, "<p>{}</p>", self.marked(content, trail.here())?);
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                out.push_str("<blockquote>\n");
                self.blocks(blocks, trail, out)?;
                if let Some(attribution) = attribution {
                    // The parser takes the em dash that marks an attribution away; it goes
                    // back in as text, so that it survives reading systems without CSS.
                    let text = crate::model::plain_text(attribution);
                    let dash = if text.trim_start().starts_with('\u{2014}') {
                        ""
                    } else {
                        "\u{2014}\u{a0}"
                    };
                    trail.down(Step::Attribution);
                    let _ = writeln!(
                        out,
                        "<p class=\"attribution\">{dash}{}</p>",
                        self.marked(attribution, trail.here())?
                    );
                    trail.up();
                }
                out.push_str("</blockquote>\n");
            }
            Block::List { kind, items } => {
                let tag = match kind {
                    ListKind::Bullet => {
                        out.push_str("<ul>\n");
                        "ul"
                    }
                    ListKind::Ordered { start: 1 } => {
                        out.push_str("<ol>\n");
                        "ol"
                    }
                    ListKind::Ordered { start } => {
                        let _ = writeln!(out, "<ol start=\"{start}\">");
                        "ol"
                    }
                };
                for (index, item) in items.iter().enumerate() {
                    trail.down(Step::Item { index });
                    self.list_item(item, trail, out)?;
                    trail.up();
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Figure(figure) => {
                out.push_str(&trail.before());
                self.figure(figure, out)?;
            }
            Block::ThematicBreak => {
                out.push_str(&trail.before());
                out.push_str("<hr class=\"break\"/>\n");
            }
            Block::Heading { level, content, .. } => {
                // Inside a quote, list or note: a heading there, below the chapter's `h1`.
                out.push_str(&trail.before());
                let level = (*level).clamp(2, 6);
                let _ = writeln!(
                    out,
                    "<h{level} class=\"inner-heading\">{}</h{level}>",
                    self.inlines(content)?
                );
            }
            Block::CodeBlock { text, language, .. } => {
                let text = text.strip_suffix('\n').unwrap_or(text);
                let class = match language {
                    Some(language) => format!(" class=\"language-{}\"", escape(language)),
                    None => String::new(),
                };
                let mut cursor = Cursor::new(trail.here());
                let _ = write!(out, "<pre><code{class}>");
                cursor.text(text, out);
                cursor.finish(out);
                out.push_str("</code></pre>\n");
            }
            Block::Table {
                columns,
                head,
                rows,
                ..
            } => {
                // No page starts inside a table or a definition list for the page-list: its
                // marker goes before the whole block.
                out.push_str(&trail.before());
                self.table(columns, head, rows, out)?;
            }
            Block::DefinitionList { items } => {
                out.push_str(&trail.before());
                self.definition_list(items, out)?;
            }
        }
        Ok(())
    }

    /// A list item: its task box first when it is a task, its blocks (a tight item of one
    /// paragraph needs no `<p>` of its own).
    fn list_item(
        &self,
        item: &ListItem,
        trail: &mut Trail<'_>,
        out: &mut String,
    ) -> Result<(), EpubError> {
        let labels = self.layout.labels;
        match item.task {
            Some(task) => {
                let label = match task {
                    Task::Done => labels.task_done,
                    Task::Open => labels.task_open,
                };
                let _ = write!(
                    out,
                    "<li class=\"task\"><span class=\"task-box\" role=\"img\" aria-label=\"{}\">{}</span> ",
                    escape(label),
                    task.mark()
                );
            }
            None => out.push_str("<li>"),
        }
        self.flow_content(&item.blocks, trail, out)?;
        out.push_str("</li>\n");
        Ok(())
    }

    /// Blocks inside an item (`li`, `dd`): one paragraph as bare inline content, else blocks.
    fn flow_content(
        &self,
        blocks: &[Block],
        trail: &mut Trail<'_>,
        out: &mut String,
    ) -> Result<(), EpubError> {
        match blocks {
            [Block::Paragraph { content, .. }] => {
                trail.down(Step::Block { index: 0 });
                out.push_str(&self.marked(content, trail.here())?);
                trail.up();
            }
            blocks => {
                out.push('\n');
                self.blocks(blocks, trail, out)?;
            }
        }
        Ok(())
    }

    /// A table: the header row in `<thead>` as `<th scope="col">`, the rows in `<tbody>`, each
    /// cell aligned by its column's class.
    fn table(
        &self,
        columns: &[Alignment],
        head: &TableRow,
        rows: &[TableRow],
        out: &mut String,
    ) -> Result<(), EpubError> {
        out.push_str("<table>\n<thead>\n");
        self.table_row(columns, head, "th scope=\"col\"", "th", out)?;
        out.push_str("</thead>\n");
        if !rows.is_empty() {
            out.push_str("<tbody>\n");
            for row in rows {
                self.table_row(columns, row, "td", "td", out)?;
            }
            out.push_str("</tbody>\n");
        }
        out.push_str("</table>\n");
        Ok(())
    }

    fn table_row(
        &self,
        columns: &[Alignment],
        row: &TableRow,
        open: &str,
        close: &str,
        out: &mut String,
    ) -> Result<(), EpubError> {
        out.push_str("<tr>");
        for (cell, alignment) in row.cells.iter().zip(columns) {
            let class = match alignment {
                Alignment::Default => "",
                Alignment::Left => " class=\"align-left\"",
                Alignment::Center => " class=\"align-center\"",
                Alignment::Right => " class=\"align-right\"",
            };
            let _ = write!(
                out,
                "<{open}{class}>{}</{close}>",
                self.inlines(&cell.content)?
            );
        }
        out.push_str("</tr>\n");
        Ok(())
    }

    /// Terms (`<dt>`) and their definitions (`<dd>`).
    fn definition_list(&self, items: &[DefinitionItem], out: &mut String) -> Result<(), EpubError> {
        out.push_str("<dl>\n");
        for item in items {
            let _ = writeln!(out, "<dt>{}</dt>", self.inlines(&item.term)?);
            for definition in &item.definitions {
                out.push_str("<dd>");
                self.flow_content(definition, &mut Trail::new(None), out)?;
                out.push_str("</dd>\n");
            }
        }
        out.push_str("</dl>\n");
        Ok(())
    }

    /// A figure: the image (or, for a missing one, a framed "FPO" box) and a caption in which the
    /// credit has its own element.
    fn figure(&self, figure: &Figure, out: &mut String) -> Result<(), EpubError> {
        let id = escape(&figure.id);
        let alt = escape(&crate::model::plain_text(&figure.caption));
        match &figure.image {
            Image::Present { path, .. } => {
                let href = self.image_href(path)?;
                let _ = writeln!(
                    out,
                    "<figure id=\"{id}\" class=\"figure\">\n<img src=\"{}\" alt=\"{alt}\"/>",
                    escape(href)
                );
            }
            Image::Missing { .. } => {
                let _ = writeln!(
                    out,
                    "<figure id=\"{id}\" class=\"figure fpo\">\n\
                     <div class=\"fpo-frame\" role=\"img\" aria-label=\"{}{alt}\"><span class=\"fpo-mark\">FPO</span></div>",
                    escape(self.layout.labels.placeholder)
                );
            }
        }
        let caption = self.inlines(&figure.caption)?;
        let credit = match &figure.credit {
            Some(credit) => format!(" <span class=\"credit\">{}</span>", self.inlines(credit)?),
            None => String::new(),
        };
        if !caption.is_empty() || !credit.is_empty() {
            let _ = writeln!(
                out,
                "<figcaption><span class=\"caption\">{caption}</span>{credit}</figcaption>"
            );
        }
        out.push_str("</figure>\n");
        Ok(())
    }

    /// Inline content as markup.
    pub fn inlines(&self, inlines: &[Inline]) -> Result<String, EpubError> {
        self.marked(inlines, &[])
    }

    /// Inline content as markup, with page markers where their words start.
    fn marked(&self, inlines: &[Inline], marks: &[Marker]) -> Result<String, EpubError> {
        let mut out = String::new();
        let mut cursor = Cursor::new(marks);
        self.push_inlines(inlines, &mut cursor, &mut out)?;
        cursor.finish(&mut out);
        Ok(out)
    }

    fn wrap(
        &self,
        tag: &str,
        content: &[Inline],
        cursor: &mut Cursor<'_>,
        out: &mut String,
    ) -> Result<(), EpubError> {
        let _ = write!(out, "<{tag}>");
        self.push_inlines(content, cursor, out)?;
        let _ = write!(out, "</{tag}>");
        Ok(())
    }

    fn image_href(&self, path: &std::path::Path) -> Result<&str, EpubError> {
        self.layout
            .image_href(path)
            .ok_or_else(|| EpubError::Internal {
                what: format!("no resource for image {}", path.display()),
            })
    }

    fn push_inlines(
        &self,
        inlines: &[Inline],
        cursor: &mut Cursor<'_>,
        out: &mut String,
    ) -> Result<(), EpubError> {
        for inline in inlines {
            match inline {
                Inline::Text { text } => cursor.text(text, out),
                Inline::Emphasis { content } => {
                    out.push_str("<em>");
                    self.push_inlines(content, cursor, out)?;
                    out.push_str("</em>");
                }
                Inline::Strong { content } => {
                    out.push_str("<strong>");
                    self.push_inlines(content, cursor, out)?;
                    out.push_str("</strong>");
                }
                Inline::Code { text } => {
                    out.push_str("<code>");
                    cursor.text(text, out);
                    out.push_str("</code>");
                }
                Inline::LineBreak => {
                    cursor.due(out);
                    out.push_str("<br/>");
                    cursor.plain += inline.own_text().len();
                }
                Inline::Link { target, content } => {
                    let href = match target {
                        LinkTarget::Internal { id, chapter } => {
                            self.layout.anchor_href(id, *chapter)?
                        }
                        LinkTarget::External { url } => url.clone(),
                    };
                    // Links may not nest: note marks inside a link follow it.
                    let (inside, marks) = split_links(content);
                    let _ = write!(out, "<a href=\"{}\">", escape(&href));
                    self.push_inlines(&inside, cursor, out)?;
                    out.push_str("</a>");
                    self.push_inlines(&marks, cursor, out)?;
                }
                Inline::Strikethrough { content } => self.wrap("del", content, cursor, out)?,
                Inline::Superscript { content } => self.wrap("sup", content, cursor, out)?,
                Inline::Subscript { content } => self.wrap("sub", content, cursor, out)?,
                Inline::Language { lang, content } => {
                    let lang = escape(lang.as_str());
                    let _ = write!(out, "<span lang=\"{lang}\" xml:lang=\"{lang}\">");
                    self.push_inlines(content, cursor, out)?;
                    out.push_str("</span>");
                }
                Inline::Abbreviation { title, content } => match title {
                    Some(title) => {
                        let _ = write!(out, "<abbr title=\"{}\">", escape(title));
                        self.push_inlines(content, cursor, out)?;
                        out.push_str("</abbr>");
                    }
                    None => self.wrap("abbr", content, cursor, out)?,
                },
                Inline::Anchor { id } => {
                    let _ = write!(out, "<span id=\"{}\"></span>", escape(id));
                }
                Inline::Image { image, alt } => {
                    cursor.due(out);
                    cursor.plain += alt.len();
                    match image {
                        Image::Present { path, .. } => {
                            let href = self.image_href(path)?;
                            let _ = write!(
                                out,
                                "<img class=\"inline\" src=\"{}\" alt=\"{}\"/>",
                                escape(href),
                                escape(alt)
                            );
                        }
                        Image::Missing { .. } => {
                            let _ =
                                write!(out, "<span class=\"fpo-inline\">{}</span>", escape(alt));
                        }
                    }
                }
                Inline::NoteRef { id, note, number } => {
                    let _ = write!(
                        out,
                        "<a epub:type=\"noteref\" role=\"doc-noteref\" class=\"noteref\" \
                         href=\"#{}\" id=\"{}\">{number}</a>",
                        escape(note),
                        escape(id)
                    );
                }
            }
        }
        Ok(())
    }
}

/// A link's content without anything that is a link itself: inner links give their text, note
/// marks (links to their notes) are returned apart, to follow the link.
fn split_links(content: &[Inline]) -> (Vec<Inline>, Vec<Inline>) {
    let mut inside = Vec::with_capacity(content.len());
    let mut marks = Vec::new();
    for inline in content {
        match inline {
            Inline::NoteRef { .. } => marks.push(inline.clone()),
            Inline::Link { content, .. } => {
                let (more, more_marks) = split_links(content);
                inside.extend(more);
                marks.extend(more_marks);
            }
            other => {
                let mut other = other.clone();
                if let Some(children) = other.children_mut() {
                    let (more, more_marks) = split_links(children);
                    *children = more;
                    marks.extend(more_marks);
                }
                inside.push(other);
            }
        }
    }
    (inside, marks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_handles_markup_and_controls() {
        assert_eq!(
            escape("a < b & \"c\" > d\u{1}\te"),
            "a &lt; b &amp; &quot;c&quot; &gt; d\te"
        );
    }

    #[test]
    fn an_attribution_gets_one_dash() {
        let book = crate::model::Book::new(crate::model::Metadata::new("T", "urn:x"));
        let layout = Layout::new(&book);
        let renderer = Renderer { layout: &layout };
        let quote = |who: &str| Block::Quote {
            blocks: Vec::new(),
            attribution: Some(vec![Inline::Text { text: who.into() }]),
        };
        let mut out = String::new();
        renderer
            .blocks(
                &[quote("Lenin"), quote("\u{2014} Trotsky")],
                &mut Trail::new(None),
                &mut out,
            )
            .ok();
        assert_eq!(
            out,
            "<blockquote>\n<p class=\"attribution\">\u{2014}\u{a0}Lenin</p>\n</blockquote>\n\
             <blockquote>\n<p class=\"attribution\">\u{2014} Trotsky</p>\n</blockquote>\n"
        );
    }

    #[test]
    fn document_carries_both_language_attributes() {
        let doc = document("ru", "Т & T", Matter::Back, "<p>x</p>\n");
        assert!(doc.contains("lang=\"ru\" xml:lang=\"ru\""));
        assert!(doc.contains("<title>Т &amp; T</title>"));
        assert!(doc.contains("<body epub:type=\"backmatter\">\n<p>x</p>\n</body>"));
    }
}
