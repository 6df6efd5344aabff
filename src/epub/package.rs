//! Finishing epub-builder's output: the package metadata it cannot write, the languages and
//! landmarks of the navigation document, and a reproducible zip.
//!
//! epub-builder 0.8.2 writes a sound manifest, spine, NCX and table of contents, but its
//! `<metadata>` has no ISBN, publisher, date as written, subtitle or accessibility metadata, its
//! `nav.xhtml` has no language, and its zip entries carry the current time. So the backend lets it
//! build the book, then replaces the `<metadata>` element of `content.opf` wholesale, patches
//! `nav.xhtml` and `toc.ncx`, and writes the archive again itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use crate::model::Metadata;

use super::a11y::Accessibility;
use super::xhtml::escape;
use super::EpubError;

/// The id epub-builder gives `<dc:identifier>` and names in `unique-identifier`.
const IDENTIFIER_ID: &str = "epub-id-1";
/// The id of `<dc:source>`, the print edition the page-list follows.
const PAGE_SOURCE_ID: &str = "print-source";

/// The manifest id epub-builder gives the cover image, which `<meta name="cover">` names.
const COVER_IMAGE_ID: &str = "cover-image";

/// The complete `<metadata>` element of the package document.
pub fn metadata_element(meta: &Metadata, a11y: &Accessibility) -> String {
    let mut out = String::from(
        "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:opf=\"http://www.idpf.org/2007/opf\">\n",
    );
    let mut line = |s: String| {
        out.push_str("    ");
        out.push_str(&s);
        out.push('\n');
    };
    line(format!(
        "<dc:identifier id=\"{IDENTIFIER_ID}\">{}</dc:identifier>",
        escape(&meta.identifier)
    ));
    line(format!(
        "<dc:title id=\"title\">{}</dc:title>",
        escape(&meta.title)
    ));
    line("<meta refines=\"#title\" property=\"title-type\">main</meta>".into());
    if let Some(subtitle) = &meta.subtitle {
        line(format!(
            "<dc:title id=\"subtitle\">{}</dc:title>",
            escape(subtitle)
        ));
        line("<meta refines=\"#subtitle\" property=\"title-type\">subtitle</meta>".into());
    }
    for (i, author) in meta.authors.iter().enumerate() {
        let id = format!("creator-{}", i + 1);
        line(format!(
            "<dc:creator id=\"{id}\">{}</dc:creator>",
            escape(author)
        ));
        line(format!(
            "<meta refines=\"#{id}\" property=\"role\" scheme=\"marc:relators\">aut</meta>"
        ));
    }
    line(format!(
        "<dc:language>{}</dc:language>",
        escape(meta.language.as_str())
    ));
    if let Some(date) = &meta.date {
        line(format!("<dc:date>{}</dc:date>", escape(date)));
    }
    if let Some(publisher) = &meta.publisher {
        line(format!(
            "<dc:publisher>{}</dc:publisher>",
            escape(publisher)
        ));
    }
    if let Some(rights) = &meta.rights {
        line(format!("<dc:rights>{}</dc:rights>", escape(rights)));
    }
    if let Some(description) = &meta.description {
        line(format!(
            "<dc:description>{}</dc:description>",
            escape(description)
        ));
    }
    for subject in &meta.subjects {
        line(format!("<dc:subject>{}</dc:subject>", escape(subject)));
    }
    line(format!(
        "<meta property=\"dcterms:modified\">{}</meta>",
        escape(&meta.modified)
    ));
    if a11y.cover {
        // For reading systems of EPUB 2 (and file managers' thumbnails): the cover image's id.
        line(format!(
            "<meta name=\"cover\" content=\"{COVER_IMAGE_ID}\"/>"
        ));
    }
    if a11y.pages > 0 {
        // The print edition the page breaks come from: the book's own PDF, made from the same
        // source under the same identifier. EPUB 3.2's way (`dc:source`, the source of the
        // pagination) rather than EPUB Accessibility 1.1's `a11y:pageBreakSource`, which
        // EPUBCheck 4.2.6 and 5.3.0 both refuse as an undefined property (OPF-027).
        line(format!(
            "<dc:source id=\"{PAGE_SOURCE_ID}\">{}</dc:source>",
            escape(&meta.identifier)
        ));
        line(format!(
            "<meta refines=\"#{PAGE_SOURCE_ID}\" property=\"source-of\">pagination</meta>"
        ));
    }
    for meta in a11y.metadata() {
        line(meta);
    }
    out.push_str("  </metadata>");
    out
}

/// Replaces epub-builder's `<metadata>` element and gives the package the book's language.
pub fn rewrite_opf(opf: &str, metadata: &str, language: &str) -> Result<String, EpubError> {
    let start = find(opf, "<metadata", "content.opf <metadata>")?;
    let end = find(opf, "</metadata>", "content.opf </metadata>")? + "</metadata>".len();
    if end < start {
        return Err(unexpected("content.opf metadata order"));
    }
    let mut out = String::with_capacity(opf.len() + metadata.len());
    out.push_str(&opf[..start]);
    out.push_str(metadata);
    out.push_str(&opf[end..]);
    let package = "<package ";
    let at = find(&out, package, "content.opf <package>")? + package.len();
    out.insert_str(at, &format!("xml:lang=\"{}\" ", escape(language)));
    Ok(out)
}

/// Gives the navigation document the book's language, a title, and the landmarks.
pub fn rewrite_nav(nav: &str, language: &str, landmarks: &str) -> Result<String, EpubError> {
    let html = "<html ";
    let at = find(nav, html, "nav.xhtml <html>")? + html.len();
    let lang = escape(language);
    let mut out = nav.to_owned();
    out.insert_str(at, &format!("lang=\"{lang}\" xml:lang=\"{lang}\" "));
    // The table of contents gets the ARIA role matching its epub:type and the name of its
    // heading, so that assistive technology can tell it from the landmarks.
    let toc = "<nav epub:type = \"toc\" id=\"toc\">";
    find(&out, toc, "nav.xhtml toc")?;
    out = out.replacen(
        toc,
        "<nav epub:type=\"toc\" role=\"doc-toc\" id=\"toc\" aria-labelledby=\"toc-title\">",
        1,
    );
    let open = "<nav epub:type = \"landmarks\">";
    let start = find(&out, open, "nav.xhtml landmarks")?;
    let end = out[start..]
        .find("</nav>")
        .map(|i| start + i + "</nav>".len())
        .ok_or_else(|| unexpected("nav.xhtml landmarks end"))?;
    out.replace_range(start..end, landmarks);
    Ok(out)
}

/// The landmarks `<nav>` from `(epub:type, href, label)` triples.
pub fn landmarks_nav(entries: &[(&str, String, &str)], heading: &str) -> String {
    let mut out = format!(
        "<nav epub:type=\"landmarks\" id=\"landmarks\" aria-labelledby=\"landmarks-title\" \
         hidden=\"hidden\">\n    <h2 id=\"landmarks-title\">{}</h2>\n    <ol>\n",
        escape(heading)
    );
    for (kind, href, label) in entries {
        let _ = writeln!(
            out,
            "      <li><a epub:type=\"{kind}\" href=\"{}\">{}</a></li>",
            escape(href),
            escape(label)
        );
    }
    out.push_str("    </ol>\n  </nav>");
    out
}

/// Gives the NCX the book's identifier (`dtb:uid`, as reading systems of EPUB 2 expect), the
/// depth of its table of contents, and the book's title as its title.
pub fn rewrite_ncx(
    ncx: &str,
    identifier: &str,
    title: &str,
    depth: usize,
) -> Result<String, EpubError> {
    let depth_meta = "<meta name=\"dtb:depth\" content=\"1\" />";
    find(ncx, depth_meta, "toc.ncx dtb:depth")?;
    let doc_title = "<docTitle>";
    let start = find(ncx, doc_title, "toc.ncx <docTitle>")?;
    let end = ncx[start..]
        .find("</docTitle>")
        .map(|i| start + i + "</docTitle>".len())
        .ok_or_else(|| unexpected("toc.ncx </docTitle>"))?;
    let mut out = String::with_capacity(ncx.len() + 200);
    out.push_str(&ncx[..start]);
    let _ = write!(
        out,
        "<docTitle>\n    <text>{}</text>\n  </docTitle>",
        escape(title)
    );
    out.push_str(&ncx[end..]);
    Ok(out.replacen(
        depth_meta,
        &format!(
            "<meta name=\"dtb:uid\" content=\"{}\" />\n    <meta name=\"dtb:depth\" content=\"{depth}\" />",
            escape(identifier)
        ),
        1,
    ))
}

fn find(haystack: &str, needle: &str, what: &str) -> Result<usize, EpubError> {
    haystack.find(needle).ok_or_else(|| unexpected(what))
}

fn unexpected(what: &str) -> EpubError {
    EpubError::Internal {
        what: format!("epub-builder wrote something unexpected ({what})"),
    }
}

/// The entries of an EPUB archive, by path.
pub type Entries = BTreeMap<String, Vec<u8>>;

/// Reads every entry of epub-builder's archive.
pub fn unzip(bytes: &[u8]) -> Result<Entries, EpubError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes))?;
    let mut entries = Entries::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index)?;
        let mut data = Vec::new();
        file.read_to_end(&mut data)?;
        entries.insert(file.name().to_owned(), data);
    }
    Ok(entries)
}

/// Entries that come first, in this order: `mimetype` (which the OCF requires first and
/// uncompressed), then the container and the package documents, then everything else by path.
const FIRST: &[&str] = &[
    "mimetype",
    "META-INF/container.xml",
    "META-INF/com.apple.ibooks.display-options.xml",
    "OEBPS/content.opf",
    "OEBPS/nav.xhtml",
    "OEBPS/toc.ncx",
];

/// Writes the archive reproducibly: fixed entry order, every entry stamped with `time`, fixed
/// permissions and compression level, `mimetype` first and stored.
pub fn zip(mut entries: Entries, time: zip::DateTime) -> Result<Vec<u8>, EpubError> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(time)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    // Level 6 is zlib's default: a good ratio at a fraction of the time of level 9.
    let deflated = base
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    writer.start_file("mimetype", stored)?;
    writer.write_all(b"application/epub+zip")?;
    entries.remove("mimetype");
    let mut ordered: Vec<(String, Vec<u8>)> = Vec::with_capacity(entries.len());
    for name in &FIRST[1..] {
        if let Some(data) = entries.remove(*name) {
            ordered.push(((*name).to_owned(), data));
        }
    }
    ordered.extend(entries);
    for (name, data) in ordered {
        writer.start_file(name, deflated)?;
        writer.write_all(&data)?;
    }
    Ok(writer.finish()?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opf_rewrite_replaces_metadata_and_sets_language() {
        let opf = "<package version=\"3.0\" x=\"y\">\n  <metadata a=\"b\">old</metadata>\n<manifest/></package>";
        let out = rewrite_opf(opf, "<metadata>new</metadata>", "de").unwrap_or_default();
        assert_eq!(
            out,
            "<package xml:lang=\"de\" version=\"3.0\" x=\"y\">\n  <metadata>new</metadata>\n<manifest/></package>"
        );
    }
}
