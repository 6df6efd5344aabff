//! No input makes the parser panic, and every diagnostic points inside its file.

use proptest::prelude::*;

use crate::common;

crate::tests![parsing_never_panics_and_positions_are_real];

/// Markdown made of the characters that matter to the parser, in any order.
fn markdown() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "# ",
        "## ",
        "\n",
        "\n\n",
        "[^a]",
        "[^b]: note",
        "[^",
        "]",
        "(",
        ")",
        "![cap](x.png \"c\")",
        "![",
        "[link](#a)",
        "](#",
        "{#a}",
        "{.unnumbered}",
        "> ",
        "--- ",
        "1. ",
        "- ",
        "*",
        "**",
        "`",
        "\\",
        "<b>",
        "<!-- c -->",
        "    ",
        "word ",
        "сл",
        "é",
        "\"",
        "'",
        "...",
        "***\n",
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(common::proptest_config(256))]

    fn parsing_never_panics_and_positions_are_real(a in markdown(), b in markdown()) {
        let dir = common::book("robust", &[("a.md", a.as_str()), ("b.md", b.as_str())]);
        let parsed = common::parse(&dir);
        for d in parsed.diagnostics.iter() {
            let Some(pos) = d.pos else { continue };
            let text = std::fs::read_to_string(&d.file).unwrap_or_default();
            let lines = text.split('\n').count() as u32;
            prop_assert!(pos.line >= 1 && pos.line <= lines.max(1), "{d} in a file of {lines} lines");
        }
        if let Some(book) = parsed.book {
            prop_assert!(serde_json::to_string(&book).is_ok());
        }
    }
}
