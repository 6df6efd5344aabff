//! Nasty Markdown: snippets that have broken Markdown tools before (deep nesting, huge words,
//! odd Unicode, raw HTML, broken footnotes, weird links and pictures, BOMs, CRs, invalid UTF-8),
//! spliced into real chapters or strung together into small synthetic ones.

use super::rng::Rng;

/// The largest chapter generated: the issue's bound on inputs ("inputs under 1 MB").
pub const MAX_CHAPTER_BYTES: usize = 1 << 20;

/// Depths around the parser's limit (100) and far beyond it.
const DEPTHS: &[usize] = &[2, 10, 50, 99, 100, 101, 150, 1_000, 8_500, 20_000];
/// Word lengths around the limits (the 60-character quote, the 10,000-character word).
const WORD_LENGTHS: &[usize] = &[30, 60, 61, 200, 1_000, 9_999, 10_000, 10_001, 50_000];

/// Strings that are hard on text handling.
const ODD_TEXT: &[&str] = &[
    "\u{202E}reversed\u{202C}",
    "a\u{200D}b\u{200C}c",
    "\u{FEFF}",
    "\u{0}",
    "\u{1}\u{7}\u{1B}[31m",
    "\u{FFFD}\u{FFFE}\u{FFFF}",
    "\u{10FFFF}\u{E000}",
    "e\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}\u{307}\u{308}",
    "🏳️‍🌈👩‍👩‍👧‍👦🙂",
    "line\u{2028}separator\u{2029}paragraph\u{85}next",
    "tab\there",
    "no\u{A0}break\u{202F}thin\u{3000}ideographic",
    "soft\u{AD}hy\u{AD}phen\u{AD}",
    "ﬃ ﬂ ﬅ Ǆ ǅ ß ẞ İ ı",
    "שלום עולם مرحبا بالعالم",
    "汉字かなカナ한국어",
    "हिन्दी தமிழ் ไทย",
    "Z̷̛̙a̸͎͝l̵̰̈g̶̱̏o̴̞͐",
    "&amp; &#0; &#x110000; &#xD800; &nbsp; &bogus;",
    "1\u{2044}2 x\u{2062}y",
    "--- -- ... \"'quoted'\" ''' \"\"\"",
];

const HTML: &[&str] = &[
    "<div>block</div>",
    "<script>alert(1)</script>",
    "<!-- unclosed comment",
    "<!-- comment -->",
    "a <b>bold</b> word",
    "<br/>",
    "<?php echo 1; ?>",
    "<![CDATA[ x ]]>",
    "<img src=x onerror=alert(1)>",
    "</p></body></html>",
];

const FOOTNOTES: &[&str] = &[
    "text[^a]",
    "[^a]: a note",
    "[^a]: again the same label",
    "[^]",
    "[^a]: note quoting itself[^a]",
    "[^b]:\n    > - nested\n    > > deeper",
    "[^ x]",
    "[^n]: ![figure in a note](images/lamp.png)",
    "[^h]: # heading in a note",
    "undefined[^nowhere]",
    "[^long]: note\n\n    second paragraph\n\n    third",
    "[^a][^a][^a][^b]",
];

const LINKS: &[&str] = &[
    "[x](#)",
    "[x](#nowhere)",
    "[x](#a b)",
    "[x](javascript:alert(1))",
    "[x](../../../../etc/passwd)",
    "<http://example.com>",
    "[x][ref]\n\n[ref]: http://example.com \"title\"",
    "[x](<> \"t\")",
    "[](#)",
    "[x](#opening)",
    "[x](mailto:a@b)",
    "[x](file:///etc/passwd)",
    "[x](data:text/html,hi)",
    "[x](#fig-1-1)",
    "[*a*[b](c)](d)",
];

const PICTURES: &[&str] = &[
    "![A lamp](images/lamp.png \"Credit\")",
    "![Missing](images/missing.jpg \"Credit\")",
    "![](images/none.png)",
    "![Outside](../secret.png)",
    "![Host](/etc/hostname)",
    "![Folder](images/)",
    "![Crafted](images/crafted.png)",
    "![Crafted](images/crafted.jpg)",
    "![Link](images/link.png)",
    "![Fifo](images/fifo.png)",
    "![a ![b](images/lamp.png)](images/lamp.png)",
    "![Text](one.md)",
    "![Dev](/dev/zero)",
];

const BYTES: &[&[u8]] = &[
    b"\xEF\xBB\xBF",
    b"\r",
    b"\r\n",
    b"\xFF\xFE",
    b"\xC0\xAF",
    b"\xED\xA0\x80",
    b"\xE2\x82",
    b"\x00",
    b"\xF4\x90\x80\x80",
];

const MISC: &[&str] = &[
    "***",
    "---",
    "line\\\nbreak",
    "trailing  \nspaces",
    "```\nunclosed fence",
    "`code`",
    "    indented code",
    "~~~rust\nfn main() {}\n~~~",
    "1) paren list",
    "1234567890. big start",
    "+ plus\n+ list",
    "|a|b|\n|-|-|\n|1|2|",
    "~~strike~~ ^sup^ ~sub~",
    "> quote\n>\n> --- Author, 1937",
    "> --- only an attribution",
    "# Chapter {#dup}\n\n# Again {#dup}",
    "# Unnumbered {.unnumbered}",
    "## Section {#}",
    "###### Deep heading",
    "# {#empty}",
    "Setext\n======",
    "- a\n\n  b\n- c",
    "* * *",
];

/// How rough the snippets of an input are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mix {
    /// Anything, errors included: most such books stop at their diagnostics.
    Nasty,
    /// Only what a book may hold without errors (odd, extreme, but valid), so that the input
    /// reaches both backends and page layout.
    Gentle,
}

/// One snippet of the given mix.
pub fn snippet(rng: &mut Rng, mix: Mix) -> Vec<u8> {
    match mix {
        Mix::Nasty => nasty(rng),
        Mix::Gentle => gentle(rng),
    }
}

/// Odd but valid Markdown: nesting and words within the limits, notes with their definitions,
/// pictures that exist (or are missing: a warning), links to a heading that exists.
fn gentle(rng: &mut Rng) -> Vec<u8> {
    match rng.below(9) {
        0 => {
            let depth = rng.between(1, 100);
            let (open, close) = *rng.pick(&[("> ", ""), ("- ", ""), ("1. ", ""), ("*a ", "*")]);
            format!("{}x{}", open.repeat(depth), close.repeat(depth)).into_bytes()
        }
        1 => {
            let length = rng.size(10_000).max(1);
            let c = *rng.pick(&['x', 'й', '-', '/', '\u{AD}', 'ﬃ']);
            std::iter::repeat_n(c, length)
                .collect::<String>()
                .into_bytes()
        }
        2 => {
            let n = rng.next_u64();
            format!(
                "a note[^g{n}] here\n\n[^g{n}]: {}",
                String::from_utf8_lossy(&words(rng, 200))
            )
            .into_bytes()
        }
        3 => {
            let picture = *rng.pick(&[
                "![A lamp](images/lamp.png \"Credit\")",
                "![Missing](images/missing.jpg)",
            ]);
            format!("\n\n{picture}\n\n").into_bytes()
        }
        4 => b"a [link](https://example.com) and <https://example.org>".to_vec(),
        5 => rng.pick(ODD_TEXT).as_bytes().to_vec(),
        6 => rng.pick(&MISC[..6]).as_bytes().to_vec(),
        7 => repeated(rng),
        _ => words(rng, 300),
    }
}

/// One nasty snippet.
fn nasty(rng: &mut Rng) -> Vec<u8> {
    match rng.below(12) {
        0 => nesting(rng),
        1 => huge_word(rng),
        2 => long_heading(rng),
        3 => rng.pick(ODD_TEXT).as_bytes().to_vec(),
        4 => rng.pick(HTML).as_bytes().to_vec(),
        5 => rng.pick(FOOTNOTES).as_bytes().to_vec(),
        6 => rng.pick(LINKS).as_bytes().to_vec(),
        7 => rng.pick(PICTURES).as_bytes().to_vec(),
        8 => rng.pick(BYTES).to_vec(),
        9 => rng.pick(MISC).as_bytes().to_vec(),
        10 => repeated(rng),
        _ => words(rng, 20),
    }
}

/// Quotes, lists, emphasis or pictures inside each other.
fn nesting(rng: &mut Rng) -> Vec<u8> {
    let depth = *rng.pick(DEPTHS);
    let (open, close) = *rng.pick(&[
        ("> ", ""),
        ("- ", ""),
        ("1. ", ""),
        ("> - ", ""),
        ("*a ", "*"),
        ("**a ", "**"),
        ("_a ", "_"),
        ("[", "](#x)"),
        ("![", "](images/lamp.png)"),
        ("[^n", "]"),
    ]);
    let mut out = open.repeat(depth);
    out.push('x');
    out.push_str(&close.repeat(depth));
    out.into_bytes()
}

fn huge_word(rng: &mut Rng) -> Vec<u8> {
    let length = *rng.pick(WORD_LENGTHS);
    let c = *rng.pick(&['x', 'й', '字', '\u{301}', '🙂', '\u{AD}', '-', '/', '—']);
    let mut word: String = std::iter::repeat_n(c, length).collect();
    if rng.chance(30) {
        // Emphasis inside a word keeps it one word.
        let at = word.char_indices().nth(length / 2).map_or(0, |(i, _)| i);
        word.insert_str(at, "*y*");
    }
    word.into_bytes()
}

fn long_heading(rng: &mut Rng) -> Vec<u8> {
    let level = "#".repeat(rng.between(1, 7));
    let chars = *rng.pick(&[100, 1_999, 2_000, 2_001, 20_000, 100_000]);
    let mut title = String::new();
    while title.len() < chars {
        title.push_str(rng.pick::<&str>(&["word ", "alpha ", "revolution ", "*em* "]));
    }
    format!("{level} {title}\n").into_bytes()
}

/// A snippet many times: many paragraphs, notes or figures.
fn repeated(rng: &mut Rng) -> Vec<u8> {
    let times = rng.size(5_000).max(2);
    let unit = match rng.below(4) {
        0 => "![Same picture](images/lamp.png)\n\n".to_owned(),
        1 => format!("{}\n\n", String::from_utf8_lossy(&words(rng, 100))),
        2 => "Note[^r].\n\n[^r]: Again.\n\n".to_owned(),
        _ => "# Chapter\n\n".to_owned(),
    };
    let times = times.min(MAX_CHAPTER_BYTES / 2 / unit.len().max(1));
    unit.repeat(times).into_bytes()
}

/// Plain words, some long.
fn words(rng: &mut Rng, count: usize) -> Vec<u8> {
    const WORDS: &[&str] = &[
        "the",
        "workers",
        "state",
        "bureaucracy",
        "revolution",
        "Soviet",
        "democracy",
        "counter-revolutionary",
        "internationalism",
        "1917",
        "Trotsky",
        "Bolsheviks",
        "a",
        "of",
        "and",
        "nationalisation",
        "«quoted»",
        "“curly”",
        "—",
        "…",
    ];
    let mut out = String::new();
    for i in 0..rng.between(1, count) {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(rng.pick::<&str>(WORDS));
    }
    out.into_bytes()
}

/// A small chapter strung together from plain text and snippets.
pub fn small_chapter(rng: &mut Rng, mix: Mix) -> Vec<u8> {
    let mut out = Vec::new();
    if rng.chance(80) {
        out.extend_from_slice(b"# A chapter\n\n");
    }
    for _ in 0..rng.between(1, 12) {
        if rng.chance(50) {
            out.extend(words(rng, 80));
        } else {
            out.extend(snippet(rng, mix));
        }
        out.extend_from_slice(if rng.chance(70) { b"\n\n" } else { b" " });
    }
    out.truncate(MAX_CHAPTER_BYTES);
    out
}

/// Applies one to four mutations to a chapter.
pub fn mutate(rng: &mut Rng, text: &mut Vec<u8>, mix: Mix) {
    for _ in 0..rng.between(1, 4) {
        let at = position(rng, text);
        match rng.below(8) {
            0..=3 => {
                let piece = snippet(rng, mix);
                text.splice(at..at, piece);
            }
            4 => {
                let end = (at + rng.size(4_096)).min(text.len());
                text.drain(at..end);
            }
            5 => {
                let end = (at + rng.size(4_096)).min(text.len());
                let copy = text[at..end].to_vec();
                text.splice(at..at, copy);
            }
            6 if mix == Mix::Nasty => text.truncate(at),
            7 if mix == Mix::Nasty => newlines(rng, text),
            _ => {}
        }
    }
    text.truncate(MAX_CHAPTER_BYTES);
}

/// Where to splice: mostly at a line start, sometimes inside a character.
fn position(rng: &mut Rng, text: &[u8]) -> usize {
    if text.is_empty() {
        return 0;
    }
    let at = rng.below(text.len() + 1);
    if rng.chance(85) {
        // The start of the line `at` is on (a character boundary).
        text[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    } else {
        at
    }
}

/// Line endings changed throughout, or a BOM put in front.
fn newlines(rng: &mut Rng, text: &mut Vec<u8>) {
    match rng.below(3) {
        0 => text
            .splice(0..0, b"\xEF\xBB\xBF".iter().copied())
            .for_each(drop),
        1 => *text = replace_newlines(text, b"\r\n"),
        _ => *text = replace_newlines(text, b"\r"),
    }
}

fn replace_newlines(text: &[u8], with: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 20);
    for &b in text {
        if b == b'\n' {
            out.extend_from_slice(with);
        } else {
            out.push(b);
        }
    }
    out
}
