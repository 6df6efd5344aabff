//! Link addresses and ids: what a link points at, addresses percent-encoded, ids made valid.
//!
//! A link in a manuscript points at a heading (`#id`), at another chapter file of the book
//! (`part-2.md`, `part-2.md#id`, relative to the file the link is in), at the web or a mail box
//! (any address with a scheme: `https:`, `mailto:`), or at something the book cannot reach
//! (a site-relative `/path`, a file that is not a chapter): [`classify`] tells them apart.

use std::path::{Component, Path, PathBuf};

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};

/// Where a link's address leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dest {
    /// `#id` in the book.
    Anchor { id: String },
    /// A chapter file of the book (an index into the book's files), optionally at `#id`.
    File { index: usize, id: Option<String> },
    /// An address with a scheme, percent-encoded.
    External { url: String },
    /// `[text]()`.
    Empty,
    /// Nothing the book holds: the reason, for the warning.
    Unresolvable { reason: &'static str },
}

/// What `dest` (as pulldown-cmark gives it: entities and escapes already decoded) points at, for
/// a link in `from` (a chapter file, relative to the book folder) of a book of `files`.
pub fn classify(dest: &str, from: &str, files: &[String]) -> Dest {
    let dest = dest.trim();
    if dest.is_empty() {
        return Dest::Empty;
    }
    if let Some(id) = dest.strip_prefix('#') {
        return Dest::Anchor {
            id: decode(id).into_owned(),
        };
    }
    if let Some(scheme) = scheme(dest) {
        if !REGISTERED_SCHEMES.contains(&scheme.to_ascii_lowercase().as_str()) {
            return Dest::Unresolvable {
                reason: "an address of a scheme no reading system opens",
            };
        }
        if !host_is_valid(dest) {
            return Dest::Unresolvable {
                reason: "a web address whose host name is not valid",
            };
        }
        return Dest::External {
            url: encode_url(dest),
        };
    }
    if dest.starts_with('/') || dest.starts_with('\\') {
        return Dest::Unresolvable {
            reason: "a site-relative address, which only a web site can resolve",
        };
    }
    let (path, fragment) = match dest.split_once('#') {
        Some((path, fragment)) => (path, Some(decode(fragment).into_owned())),
        None => (dest.split('?').next().unwrap_or(dest), None),
    };
    let from_dir = Path::new(from).parent().unwrap_or(Path::new(""));
    let Some(target) = normalize(&from_dir.join(decode(path).as_ref())) else {
        return Dest::Unresolvable {
            reason: "a file outside the book folder",
        };
    };
    match files.iter().position(|f| Path::new(f) == target) {
        Some(index) => Dest::File {
            index,
            id: fragment.filter(|f| !f.is_empty()),
        },
        None => Dest::Unresolvable {
            reason: "a file that is not a chapter of the book",
        },
    }
}

fn decode(text: &str) -> std::borrow::Cow<'_, str> {
    percent_decode_str(text).decode_utf8_lossy()
}

/// `a/./b/../c` as `a/c`; `None` when it climbs out of its root.
pub fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(out)
}

/// The schemes a link may use: registered ones that reading systems hand to another program
/// (EPUBCheck warns about any other).
const REGISTERED_SCHEMES: &[&str] = &[
    "http", "https", "mailto", "ftp", "tel", "sms", "news", "nntp", "irc", "xmpp", "geo", "urn",
    "telnet", "gopher",
];

/// The scheme of an address, as RFC 3986 has it: a letter, then letters, digits, `+`, `-` or `.`,
/// before a colon.
fn scheme(dest: &str) -> Option<&str> {
    dest.split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// Whether the host of an address with an authority (`scheme://host/...`) is a host name: labels
/// of letters, digits and hyphens separated by single dots. Addresses without `//` pass.
fn host_is_valid(dest: &str) -> bool {
    let Some((_, rest)) = dest.split_once("://") else {
        return true;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.chars().all(|c| c.is_ascii_digit()) => host,
        _ => host_port,
    };
    let host = host.strip_suffix('.').unwrap_or(host);
    !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && label
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '-' || !c.is_ascii())
        })
}

/// The characters a URL may not hold as they are: controls, space, non-ASCII and
/// `" < > \ ^ ` { | } [ ]` (and `%` when it starts no escape, see [`encode_url`]).
const NOT_IN_URL: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b'[')
    .add(b']');

/// An address as a valid URL: every character a URL may not hold percent-encoded, existing
/// `%XX` escapes kept, a `%` that starts none encoded as `%25`.
pub fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let bytes = url.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if b != b'%' {
            continue;
        }
        let escape = bytes
            .get(i + 1..i + 3)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if !escape {
            out.extend(utf8_percent_encode(&url[start..i], NOT_IN_URL));
            out.push_str("%25");
            start = i + 1;
        }
    }
    out.extend(utf8_percent_encode(&url[start..], NOT_IN_URL));
    out
}

/// A path inside the e-book (an image's file name) as a URL path.
pub fn encode_path(path: &str) -> String {
    const PATH: &AsciiSet = &NOT_IN_URL.add(b'#').add(b'?').add(b'%');
    utf8_percent_encode(path, PATH).to_string()
}

/// `id` as a valid XML id (an NCName, which EPUB and PDF destinations both accept): every
/// character that may not be in a name becomes `-`, and a name that may not start as it does
/// gets `id-` before it. A valid id comes back unchanged.
pub fn valid_id(id: &str) -> String {
    let mut out: String = id
        .chars()
        .map(|c| if is_name_char(c) { c } else { '-' })
        .collect();
    if !out.starts_with(is_name_start) {
        out.insert_str(0, "id-");
    }
    out
}

/// XML 1.0 (fifth edition) NameStartChar, without `:` (ids are NCNames).
fn is_name_start(c: char) -> bool {
    matches!(c,
        'A'..='Z' | '_' | 'a'..='z'
        | '\u{C0}'..='\u{D6}' | '\u{D8}'..='\u{F6}' | '\u{F8}'..='\u{2FF}'
        | '\u{370}'..='\u{37D}' | '\u{37F}'..='\u{1FFF}' | '\u{200C}'..='\u{200D}'
        | '\u{2070}'..='\u{218F}' | '\u{2C00}'..='\u{2FEF}' | '\u{3001}'..='\u{D7FF}'
        | '\u{F900}'..='\u{FDCF}' | '\u{FDF0}'..='\u{FFFD}' | '\u{10000}'..='\u{EFFFF}')
}

/// XML 1.0 NameChar, without `:`.
fn is_name_char(c: char) -> bool {
    is_name_start(c)
        || matches!(c, '-' | '.' | '0'..='9' | '\u{B7}' | '\u{300}'..='\u{36F}' | '\u{203F}'..='\u{2040}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<String> {
        vec!["intro.md".into(), "part 2.md".into(), "sub/three.md".into()]
    }

    #[test]
    fn chapter_files_with_and_without_ids() {
        assert_eq!(
            classify("part%202.md#the-end", "intro.md", &files()),
            Dest::File {
                index: 1,
                id: Some("the-end".into())
            }
        );
        assert_eq!(
            classify("../intro.md", "sub/three.md", &files()),
            Dest::File { index: 0, id: None }
        );
        assert!(matches!(
            classify("../../etc/passwd", "sub/three.md", &files()),
            Dest::Unresolvable { .. }
        ));
        assert!(matches!(
            classify("/url", "intro.md", &files()),
            Dest::Unresolvable { .. }
        ));
        assert!(matches!(
            classify("notes.txt", "intro.md", &files()),
            Dest::Unresolvable { .. }
        ));
    }

    #[test]
    fn addresses_with_a_scheme_are_external_and_encoded() {
        assert_eq!(
            classify("mailto:a@b.org", "intro.md", &files()),
            Dest::External {
                url: "mailto:a@b.org".into()
            }
        );
        assert_eq!(
            encode_url("https://x.org/a b\\c`d%20e%zz/ü[1]"),
            "https://x.org/a%20b%5Cc%60d%20e%25zz/%C3%BC%5B1%5D"
        );
        for bad in [
            "https://foo.bar.`baz",
            "https://../",
            "made-up-scheme://foo",
            "a+b+c:d",
        ] {
            assert!(
                matches!(
                    classify(bad, "intro.md", &files()),
                    Dest::Unresolvable { .. }
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn ids_become_valid() {
        assert_eq!(valid_id("permanent-revolution"), "permanent-revolution");
        assert_eq!(valid_id("a`b\u{2002}c"), "a-b-c");
        assert_eq!(valid_id("1917"), "id-1917");
        assert_eq!(valid_id("s²"), "s-");
        assert_eq!(valid_id("рус"), "рус");
    }
}
