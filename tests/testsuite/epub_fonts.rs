//! The e-book's embedded fonts: subsets of the style's faces that still map every character the
//! book's documents hold, keep their licence notice, and make an e-book of the size of its text.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

use samizdat::build::{build, BuildOptions, Format};

crate::tests![
    the_bundled_books_fonts_are_working_subsets: [STALIN_50_YEARS, RUSSIA_BUREAUCRACY],
];

/// The size the e-book of stalin-50-years must stay under (38 KB of XHTML; it was 795 KB with
/// four whole faces).
const STALIN_MAX_BYTES: usize = 150 * 1024;

/// Every entry of an EPUB, by name.
fn entries(epub: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(Cursor::new(epub)).expect("zip");
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).expect("an entry");
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).expect("readable");
            (file.name().to_owned(), bytes)
        })
        .collect()
}

fn epub_of(name: &str) -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("manuscript")
        .join(name);
    let options = BuildOptions {
        formats: vec![Format::Epub],
        ..BuildOptions::default()
    };
    let result = build(&dir, &options);
    result
        .outputs
        .into_iter()
        .find(|o| o.file_name.ends_with(".epub"))
        .map(|o| o.bytes)
        .unwrap_or_else(|| panic!("no e-book of {name}: {:?}", result.diagnostics))
}

fn the_bundled_books_fonts_are_working_subsets() {
    for name in ["stalin-50-years", "russia-bureaucracy"] {
        let epub = epub_of(name);
        if name == "stalin-50-years" {
            assert!(
                epub.len() <= STALIN_MAX_BYTES,
                "{name}: {} bytes",
                epub.len()
            );
        }
        let entries = entries(&epub);
        // The characters of the documents' text (tags and attributes too: a superset).
        let used: BTreeSet<char> = entries
            .iter()
            .filter(|(file, _)| file.ends_with(".xhtml"))
            .flat_map(|(_, bytes)| String::from_utf8_lossy(bytes).chars().collect::<Vec<_>>())
            .filter(|c| !c.is_whitespace() && !c.is_control())
            .collect();
        let fonts: Vec<&(String, Vec<u8>)> = entries
            .iter()
            .filter(|(file, _)| file.ends_with(".ttf"))
            .collect();
        assert_eq!(fonts.len(), 4, "{name}: four faces");
        for (file, bytes) in fonts {
            let whole = std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join("fonts")
                    .join(file.rsplit('/').next().unwrap_or_default()),
            )
            .expect("the style's face");
            assert!(bytes.len() * 5 < whole.len(), "{name} {file}: a subset");
            let face = ttf_parser::Face::parse(bytes, 0).expect("a font");
            let original = ttf_parser::Face::parse(&whole, 0).expect("a font");
            for c in &used {
                if original.glyph_index(*c).is_some() {
                    assert!(face.glyph_index(*c).is_some(), "{name} {file}: {c:?}");
                }
            }
            let licence = face
                .names()
                .into_iter()
                .filter(|n| n.name_id == ttf_parser::name_id::LICENSE)
                .find_map(|n| n.to_string());
            assert!(
                licence.is_some_and(|l| l.contains("SIL Open Font License")),
                "{name} {file}: the licence notice"
            );
        }
    }
}
