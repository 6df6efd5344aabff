//! Raw HTML in Markdown: a small tokenizer for tags, text, comments and the like, entity
//! decoding, and what each element means to the model.
//!
//! pulldown-cmark hands over raw HTML unparsed: each inline tag as its own event, an HTML block
//! as its lines. This module cuts that text into [`Token`]s; `markdown` and `htmlblock` map the
//! elements writers use in prose ([`Element`]) to the model and drop every other one, keeping its
//! text (except the content of `script` and `style`).

/// One piece of raw HTML. Offsets are byte offsets into the text that was tokenized.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token {
    Start {
        /// Lowercase.
        name: String,
        attrs: Vec<(String, String)>,
        /// `<br/>`: written self-closing.
        self_closing: bool,
        offset: usize,
    },
    End {
        name: String,
        offset: usize,
    },
    /// Text between tags, entities already decoded.
    Text {
        text: String,
        offset: usize,
    },
    /// `<![CDATA[...]]>`: its content is text, taken literally.
    Cdata {
        text: String,
        offset: usize,
    },
    /// A comment, a processing instruction (`<?...?>`) or a declaration (`<!DOCTYPE ...>`): never
    /// part of the book.
    Comment,
}

/// Cuts raw HTML into tokens. Text that only looks like a tag (`a < b`) stays text.
pub fn tokenize(html: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let Some((token, end)) = markup_at(html, i) else {
            i += 1;
            continue;
        };
        if text_start < i {
            push_text(&mut out, &html[text_start..i], text_start);
        }
        out.push(token);
        i = end;
        text_start = end;
    }
    if text_start < html.len() {
        push_text(&mut out, &html[text_start..], text_start);
    }
    out
}

fn push_text(out: &mut Vec<Token>, raw: &str, offset: usize) {
    out.push(Token::Text {
        text: decode_entities(raw),
        offset,
    });
}

/// The markup starting at `<` at `start`, and where it ends; `None` when it is not markup.
fn markup_at(html: &str, start: usize) -> Option<(Token, usize)> {
    let rest = &html[start..];
    let until = |close: &str, from: usize| {
        rest[from..]
            .find(close)
            .map_or(html.len(), |i| start + from + i + close.len())
    };
    if rest.starts_with("<!--") {
        return Some((Token::Comment, until("-->", 4)));
    }
    if let Some(body) = rest.strip_prefix("<![CDATA[") {
        let len = body.find("]]>").unwrap_or(body.len());
        let end = (start + 9 + len + 3).min(html.len());
        let text = body[..len].to_owned();
        return Some((
            Token::Cdata {
                text,
                offset: start,
            },
            end,
        ));
    }
    if rest.starts_with("<?") {
        return Some((Token::Comment, until("?>", 2)));
    }
    if rest.starts_with("<!") && rest[2..].starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Some((Token::Comment, until(">", 2)));
    }
    if let Some(after) = rest.strip_prefix("</") {
        let name_len = tag_name_len(after)?;
        let close = after[name_len..].trim_start();
        if !close.starts_with('>') {
            return None;
        }
        let end = start + rest.len() - close.len() + 1;
        let name = after[..name_len].to_ascii_lowercase();
        return Some((
            Token::End {
                name,
                offset: start,
            },
            end,
        ));
    }
    start_tag(html, start)
}

fn tag_name_len(text: &str) -> Option<usize> {
    if !text.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(
        text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(text.len()),
    )
}

/// `<name attr="value" ...>` or `<name .../>` at `start`.
fn start_tag(html: &str, start: usize) -> Option<(Token, usize)> {
    let after = &html[start + 1..];
    let name_len = tag_name_len(after)?;
    let name = after[..name_len].to_ascii_lowercase();
    let mut attrs = Vec::new();
    let mut rest = &after[name_len..];
    loop {
        let trimmed = rest.trim_start();
        let had_space = trimmed.len() < rest.len();
        rest = trimmed;
        if let Some(tail) = rest.strip_prefix("/>") {
            let end = html.len() - tail.len();
            let token = Token::Start {
                name,
                attrs,
                self_closing: true,
                offset: start,
            };
            return Some((token, end));
        }
        if let Some(tail) = rest.strip_prefix('>') {
            let end = html.len() - tail.len();
            let token = Token::Start {
                name,
                attrs,
                self_closing: false,
                offset: start,
            };
            return Some((token, end));
        }
        if !had_space {
            return None;
        }
        let (attr, tail) = attribute(rest)?;
        attrs.push(attr);
        rest = tail;
    }
}

/// One attribute `name`, `name=value`, `name='value'` or `name="value"`, and what follows it.
fn attribute(text: &str) -> Option<((String, String), &str)> {
    let first_ok = text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == ':');
    if !first_ok {
        return None;
    }
    let name_len = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_.:-".contains(c)))
        .unwrap_or(text.len());
    let name = text[..name_len].to_ascii_lowercase();
    let rest = &text[name_len..];
    let after_space = rest.trim_start();
    let Some(value_part) = after_space.strip_prefix('=') else {
        return Some(((name, String::new()), rest));
    };
    let value_part = value_part.trim_start();
    let (raw, tail) = match value_part.chars().next()? {
        quote @ ('"' | '\'') => {
            let inner = &value_part[1..];
            let close = inner.find(quote)?;
            (&inner[..close], &inner[close + 1..])
        }
        _ => {
            let len = value_part
                .find(|c: char| c.is_ascii_whitespace() || "\"'=<>`".contains(c))
                .unwrap_or(value_part.len());
            if len == 0 {
                return None;
            }
            (&value_part[..len], &value_part[len..])
        }
    };
    Some(((name, decode_entities(raw)), tail))
}

/// Character references (`&amp;`, `&#233;`, `&#x2014;`, every HTML5 name) decoded. pulldown-cmark
/// knows all of them: each candidate `&...;` is parsed alone as a Markdown document.
pub fn decode_entities(raw: &str) -> String {
    if !raw.contains('&') {
        return raw.to_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let candidate = tail[1..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
            .map(|len| len + 1)
            .filter(|&len| len > 1 && len <= 40 && tail[len..].starts_with(';'))
            .map(|len| &tail[..=len]);
        match candidate.and_then(entity) {
            Some((decoded, len)) => {
                out.push_str(&decoded);
                rest = &tail[len..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character a reference stands for, if pulldown-cmark reads it as one.
fn entity(candidate: &str) -> Option<(String, usize)> {
    use pulldown_cmark::{Event, Parser};
    let mut text = String::new();
    for event in Parser::new(candidate) {
        if let Event::Text(t) = event {
            text.push_str(&t);
        }
    }
    let len = candidate.len();
    (text != candidate && !text.is_empty()).then_some((text, len))
}

/// What an element means to the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Element {
    Emphasis,
    Strong,
    Superscript,
    Subscript,
    /// `del`, `s`, `strike`: struck-through text.
    Strikethrough,
    /// `span`: `Language` with a `lang`, else nothing but its content.
    Span,
    /// `a`: a link with `href`, an anchor with `id` (or the old `name`).
    Anchor,
    Abbreviation,
    /// `kbd`, `code`, `samp`: text set as code.
    Code,
    LineBreak,
    Image,
    /// `p`, `div` and the like end a paragraph; only the listed ones are known.
    Paragraph,
    Heading {
        level: u8,
    },
    Preformatted,
    Rule,
    /// `details`: a plain block; its `summary` is set as a bold line.
    Details,
    Summary,
    Figure,
    FigureCaption,
    /// `script` and `style`: dropped with their content.
    Hidden,
    /// Anything else: dropped, its text kept, reported once per file.
    Unknown,
}

impl Element {
    pub fn of(name: &str) -> Element {
        match name {
            "em" | "i" => Element::Emphasis,
            "strong" | "b" => Element::Strong,
            "sup" => Element::Superscript,
            "sub" => Element::Subscript,
            "del" | "s" | "strike" => Element::Strikethrough,
            "span" => Element::Span,
            "a" => Element::Anchor,
            "abbr" => Element::Abbreviation,
            "kbd" | "code" | "samp" => Element::Code,
            "br" => Element::LineBreak,
            "img" => Element::Image,
            "p" => Element::Paragraph,
            "h1" => Element::Heading { level: 1 },
            "h2" => Element::Heading { level: 2 },
            "h3" => Element::Heading { level: 3 },
            "h4" => Element::Heading { level: 4 },
            "h5" => Element::Heading { level: 5 },
            "h6" => Element::Heading { level: 6 },
            "pre" => Element::Preformatted,
            "hr" => Element::Rule,
            "details" => Element::Details,
            "summary" => Element::Summary,
            "figure" => Element::Figure,
            "figcaption" => Element::FigureCaption,
            "script" | "style" => Element::Hidden,
            _ => Element::Unknown,
        }
    }

    /// Elements that never have content or an end tag.
    pub fn is_void(name: &str) -> bool {
        matches!(
            name,
            "br" | "img"
                | "hr"
                | "wbr"
                | "input"
                | "meta"
                | "link"
                | "col"
                | "area"
                | "base"
                | "embed"
                | "source"
                | "track"
                | "param"
        )
    }

    /// Elements that live inside a paragraph (the rest end one).
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            Element::Emphasis
                | Element::Strong
                | Element::Superscript
                | Element::Subscript
                | Element::Strikethrough
                | Element::Span
                | Element::Anchor
                | Element::Abbreviation
                | Element::Code
                | Element::LineBreak
                | Element::Image
        )
    }
}

/// The value of attribute `name`.
pub fn attr<'a>(attrs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attrs
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// The elements of a file that were dropped: how many, which names, the first place.
#[derive(Debug, Default)]
pub struct Dropped {
    pub count: usize,
    pub names: std::collections::BTreeSet<String>,
    pub first: Option<crate::model::SourcePos>,
}

impl Dropped {
    pub fn add(&mut self, name: &str, at: crate::model::SourcePos) {
        self.count += 1;
        self.names.insert(name.to_owned());
        self.first.get_or_insert(at);
    }

    /// The one warning of a file, if anything was dropped.
    pub fn warning(&self, file: &std::path::Path) -> Option<crate::diag::Diagnostic> {
        let first = self.first?;
        let names: Vec<String> = self.names.iter().map(|n| format!("<{n}>")).collect();
        let (noun, its) = if self.count == 1 {
            ("HTML element", "its")
        } else {
            ("HTML elements", "their")
        };
        Some(
            crate::diag::Diagnostic::warning(
                file,
                Some(first),
                format!(
                    "{} {noun} dropped, {its} text kept ({}); the first is here",
                    self.count,
                    names.join(", ")
                ),
            )
            .with_hint(
                "samizdat maps br, sup, sub, del, s, em, i, strong, b, a, span lang, kbd, code, abbr, img, \
                 p, h1-h6, pre, hr, details, summary, figure and figcaption; write the rest in Markdown",
            ),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_text_and_comments() {
        let tokens = tokenize("a <b class=\"x\">bold</b><br/> <!-- a\ncomment --> &amp; c < d");
        assert_eq!(
            tokens,
            vec![
                Token::Text {
                    text: "a ".into(),
                    offset: 0
                },
                Token::Start {
                    name: "b".into(),
                    attrs: vec![("class".into(), "x".into())],
                    self_closing: false,
                    offset: 2
                },
                Token::Text {
                    text: "bold".into(),
                    offset: 15
                },
                Token::End {
                    name: "b".into(),
                    offset: 19
                },
                Token::Start {
                    name: "br".into(),
                    attrs: vec![],
                    self_closing: true,
                    offset: 23
                },
                Token::Text {
                    text: " ".into(),
                    offset: 28
                },
                Token::Comment,
                Token::Text {
                    text: " & c < d".into(),
                    offset: 47
                },
            ]
        );
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            decode_entities("&copy; &#233;&#x2014; &nosuch; & &amp"),
            "© é— &nosuch; & &amp"
        );
    }

    #[test]
    fn attributes_in_every_form() {
        let tokens = tokenize("<img src=a.png alt='A &amp; B' hidden>");
        let Some(Token::Start { attrs, .. }) = tokens.first() else {
            panic!("a start tag");
        };
        assert_eq!(attr(attrs, "src"), Some("a.png"));
        assert_eq!(attr(attrs, "alt"), Some("A & B"));
        assert_eq!(attr(attrs, "hidden"), Some(""));
    }
}
