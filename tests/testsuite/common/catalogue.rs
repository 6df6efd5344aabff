//! A generated catalogue of small books for batch builds, made from the bundled essay's text.
//!
//! Shared by the batch tests and the batch benchmark (`benches/batch.rs` includes this file), so
//! it uses nothing but std. Book `n` is the folder `book-NNN` with a `book.toml` listing two
//! chapters, `one.md` and `two.md`, each a `#` heading and a few paragraphs of the essay taken
//! from a place that depends on `n` (so books differ). Every third book uses the catalogue's own
//! style `house` (`styles/house.toml` in the catalogue folder, run samizdat from there); the
//! others use the built-in default.

use std::path::{Path, PathBuf};

/// Paragraphs per chapter: two short chapters make a book of three or four pages.
const PARAGRAPHS: usize = 3;

/// Every `STYLED`-th book uses the `house` style.
pub const STYLED: usize = 3;

/// The catalogue's style: the default one, set a little larger.
pub const HOUSE_STYLE: &str =
    "[fonts]\nfamily = \"Vollkorn\"\nregular = \"Vollkorn-Regular.ttf\"\n\
    italic = \"Vollkorn-Italic.ttf\"\nbold = \"Vollkorn-Bold.ttf\"\n\
    bold_italic = \"Vollkorn-BoldItalic.ttf\"\n\n[epub]\ncss = \"default.css\"\n";

/// The folder name of book `n`.
pub fn name(n: usize) -> String {
    format!("book-{n:03}")
}

/// Writes `count` books (and `styles/house.toml`) into `root`; returns their folders in order.
pub fn write(root: &Path, count: usize) -> std::io::Result<Vec<PathBuf>> {
    let essay = Path::new(env!("CARGO_MANIFEST_DIR")).join("manuscript/stalin-50-years/essay.md");
    let paragraphs = plain_paragraphs(&std::fs::read_to_string(essay)?);
    if paragraphs.is_empty() {
        return Err(std::io::Error::other("the essay has no plain paragraphs"));
    }
    std::fs::create_dir_all(root.join("styles"))?;
    std::fs::write(root.join("styles/house.toml"), HOUSE_STYLE)?;
    let mut dirs = Vec::new();
    for n in 0..count {
        let dir = root.join(name(n));
        std::fs::create_dir_all(&dir)?;
        let style = if n % STYLED == 0 { "house" } else { "default" };
        std::fs::write(
            dir.join("book.toml"),
            format!(
                "[book]\ntitle = \"Catalogue Book {n}\"\nauthors = [\"A. Writer\"]\ndate = \"2003\"\n\
                 chapters = [\"one.md\", \"two.md\"]\nstyle = \"{style}\"\n"
            ),
        )?;
        for (c, file) in ["one.md", "two.md"].iter().enumerate() {
            let mut text = format!("# Part {} of book {n}\n", c + 1);
            for p in 0..PARAGRAPHS {
                let at = (n * 7 + c * PARAGRAPHS + p) % paragraphs.len();
                text.push('\n');
                text.push_str(&paragraphs[at]);
                text.push('\n');
            }
            std::fs::write(dir.join(file), text)?;
        }
        dirs.push(dir);
    }
    Ok(dirs)
}

/// The essay's paragraphs without headings, quotes, lists, notes or links.
fn plain_paragraphs(text: &str) -> Vec<String> {
    text.split("\n\n")
        .map(str::trim)
        .filter(|block| !block.is_empty())
        .filter(|block| !block.starts_with(['#', '!', '>', '[', '*', '-', '<']))
        .filter(|block| !block.contains('[') && !block.contains('{'))
        .map(|block| block.replace('\n', " "))
        .collect()
}
