//! Hyphenation: where a word may break, from patterns, the book's exceptions and hard hyphens.
//!
//! Patterns come from the `hyphenation` crate (Liang's algorithm over the TeX hyph-utf8
//! patterns). The book's language picks them:
//! - English (`en`, `en-US`, `en-GB`, ...) uses the en-US patterns embedded by the crate's
//!   `embed_en-us` feature, for every variety: the crate's en-GB patterns miss common breaks.
//! - Russian, German (reformed spelling, `de-1996`) and French use dictionaries copied verbatim
//!   from the `.bincode` files that hyphenation 0.8.4 ships (`src/text/dictionaries/`) and are
//!   compiled in with `include_bytes!`. They are small (ru 42 KB, fr 7 KB, de 204 KB: together
//!   about half of one embedded Vollkorn face), and compiling them in keeps the binary working
//!   from any folder with no files to install; loading them at run time would make a German book
//!   depend on where the crate's sources happen to be. (The crate's `embed_all` feature would add
//!   2.9 MB for ~80 languages we do not need.)
//! - Any other language: no patterns. [`Hyphenator::missing_patterns`] says so, for a warning;
//!   hard hyphens and the book's exceptions still apply.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use hyphenation::{Hyphenator as _, Language, Load, Standard};

use crate::model::{Book, Lang};
use crate::style::TextStyle;

const RUSSIAN: &[u8] = include_bytes!("dictionaries/ru.standard.bincode");
const GERMAN: &[u8] = include_bytes!("dictionaries/de-1996.standard.bincode");
const FRENCH: &[u8] = include_bytes!("dictionaries/fr.standard.bincode");

/// How a word may break at one place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakKind {
    /// Inside a run of letters: the line gets a hyphen that is not in the text.
    Soft,
    /// After a hyphen that is in the text (`anti-Soviet`): nothing is added.
    AfterHyphen,
    /// After an en or em dash between words (`war—and`), or after a slash inside a web or mail
    /// address: nothing is added, and it is no hyphen.
    AfterDash,
    /// After a thousands separator inside a long numeral (`1,000,000,|000,000`): nothing is
    /// added. A last resort: the line breaker takes it only when the paragraph has no setting
    /// without a line stretched beyond TeX's `\hbadness` (see `number_breaks`).
    InNumber,
    /// Between two characters of a web or mail address (`marxists.o|rg`), as LaTeX's `xurl`
    /// allows: nothing is added. A last resort, as inside a numeral.
    InAddress,
}

/// A place a word may break: before byte `at` of the word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WordBreak {
    pub at: usize,
    pub kind: BreakKind,
}

/// Finds the places where words may break.
#[derive(Debug)]
pub struct Hyphenator {
    patterns: Option<Standard>,
    /// The language asked for when there are no patterns for it.
    missing: Option<String>,
    /// Lowercase word without hyphens -> char indices of its breaks.
    exceptions: HashMap<String, Vec<usize>>,
    min_before: usize,
    min_after: usize,
    max_consecutive: usize,
    /// Breaks found so far, by word and whether soft breaks were asked for: a book repeats its
    /// words, and pattern matching is half the cost of setting a paragraph without this.
    /// Breaks found, by whether soft breaks were asked for, then by word (two levels, so that a
    /// lookup borrows the word instead of allocating a key).
    cache: Mutex<[HashMap<Box<str>, Vec<WordBreak>>; 2]>,
}

impl Hyphenator {
    /// A hyphenator that only breaks at hard hyphens and dashes.
    pub fn none() -> Hyphenator {
        Hyphenator {
            patterns: None,
            missing: None,
            exceptions: HashMap::new(),
            min_before: 2,
            min_after: 3,
            max_consecutive: 2,
            cache: Mutex::default(),
        }
    }

    /// Patterns for a BCP 47 language tag (see the module documentation for which ones exist).
    /// Unknown languages give a hyphenator without patterns, with [`Self::missing_patterns`] set.
    pub fn for_language(lang: &Lang) -> Hyphenator {
        let loaded = match lang.primary().as_str() {
            "en" => Standard::from_embedded(Language::EnglishUS).ok(),
            "ru" => Standard::from_reader(Language::Russian, &mut &RUSSIAN[..]).ok(),
            "de" => Standard::from_reader(Language::German1996, &mut &GERMAN[..]).ok(),
            "fr" => Standard::from_reader(Language::French, &mut &FRENCH[..]).ok(),
            _ => None,
        };
        Hyphenator {
            missing: loaded.is_none().then(|| lang.to_string()),
            patterns: loaded,
            ..Hyphenator::none()
        }
    }

    /// The book's language, exceptions and the style's minimums. With hyphenation off in the
    /// style, only hard hyphens and dashes break.
    pub fn for_book(book: &Book, style: &TextStyle) -> Hyphenator {
        let base = if style.hyphenation.enabled {
            Hyphenator::for_language(&book.metadata.language)
        } else {
            Hyphenator::none()
        };
        base.with_minimums(style.hyphenation.min_before, style.hyphenation.min_after)
            .with_max_consecutive(style.hyphenation.max_consecutive)
            .with_exceptions(&book.hyphenation.exceptions)
    }

    /// Sets the fewest letters before and after a soft hyphen (at least 1 each).
    pub fn with_minimums(mut self, before: usize, after: usize) -> Hyphenator {
        self.cache = Mutex::default();
        self.min_before = before.max(1);
        self.min_after = after.max(1);
        if let Some(patterns) = &mut self.patterns {
            patterns.minima = (self.min_before, self.min_after);
        }
        self
    }

    /// The most lines in a row that may end in a hyphen (0: no limit; 2 by default).
    pub fn with_max_consecutive(mut self, lines: usize) -> Hyphenator {
        self.max_consecutive = lines;
        self
    }

    pub fn max_consecutive(&self) -> usize {
        self.max_consecutive
    }

    /// Words with their breaks marked by hyphens (`Bol-she-viks`): for these words (in any
    /// case) exactly those breaks are used, whatever the patterns and minimums say.
    pub fn with_exceptions(mut self, exceptions: &[String]) -> Hyphenator {
        self.cache = Mutex::default();
        for marked in exceptions {
            let mut word = String::new();
            let mut breaks = Vec::new();
            for c in marked.chars() {
                if c == '-' {
                    breaks.push(word.chars().count());
                } else {
                    word.extend(c.to_lowercase());
                }
            }
            breaks.retain(|&b| b > 0 && b < word.chars().count());
            self.exceptions.insert(word, breaks);
        }
        self
    }

    /// The language tag that had no patterns, if that is why this hyphenator has none.
    pub fn missing_patterns(&self) -> Option<&str> {
        self.missing.as_deref()
    }

    /// Every place `word` (a space-free piece of text, punctuation included) may break, in
    /// order: after hard hyphens and dashes between letters, and at soft breaks inside each run
    /// of letters when `soft` is true. A word that already has soft hyphens (U+00AD) breaks only
    /// there (the caller removes them before shaping).
    pub fn breaks(&self, word: &str, soft: bool) -> Vec<WordBreak> {
        let kind = usize::from(soft);
        if let Some(known) = self.lock_cache()[kind].get(word) {
            return known.clone();
        }
        let found = self.find_breaks(word, soft);
        self.lock_cache()[kind].insert(word.into(), found.clone());
        found
    }

    fn lock_cache(&self) -> std::sync::MutexGuard<'_, [HashMap<Box<str>, Vec<WordBreak>>; 2]> {
        self.cache.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn find_breaks(&self, word: &str, soft: bool) -> Vec<WordBreak> {
        if is_address(word) {
            return address_breaks(word);
        }
        let mut out = Vec::new();
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        let has_shy = word.contains('\u{ad}');
        let mut run_start: Option<usize> = None;
        for (i, &(at, c)) in chars.iter().enumerate() {
            let letter = c.is_alphabetic() || c == '\u{ad}';
            if letter {
                run_start.get_or_insert(at);
            } else if let Some(start) = run_start.take() {
                if soft && !has_shy {
                    self.soft_breaks(word, start, at, &mut out);
                }
            }
            if has_shy && c == '\u{ad}' && soft {
                out.push(WordBreak {
                    at: at + c.len_utf8(),
                    kind: BreakKind::Soft,
                });
            }
            let before = i.checked_sub(1).map(|j| chars[j].1);
            let after = chars.get(i + 1).map(|&(_, c)| c);
            let between = before.is_some_and(char::is_alphanumeric)
                && after.is_some_and(char::is_alphanumeric);
            // A dash may follow punctuation (`attempts,—among`, `said.—The`): the break is after
            // it all the same, unless the dash opens something (`(—and`) or is a long dash's
            // second half.
            let opens =
                |b: char| matches!(b, '(' | '[' | '“' | '‘' | '«' | '\u{2013}' | '\u{2014}');
            let after_dash =
                before.is_some_and(|b| !opens(b)) && after.is_some_and(char::is_alphanumeric);
            let kind = match c {
                '-' | '\u{2010}' if between => Some(BreakKind::AfterHyphen),
                '\u{2013}' | '\u{2014}' if after_dash => Some(BreakKind::AfterDash),
                _ => None,
            };
            if let Some(kind) = kind {
                out.push(WordBreak {
                    at: at + c.len_utf8(),
                    kind,
                });
            }
        }
        if let Some(start) = run_start {
            if soft && !has_shy {
                self.soft_breaks(word, start, word.len(), &mut out);
            }
        }
        out.extend(number_breaks(word));
        out.sort_by_key(|b| b.at);
        out
    }

    /// Soft breaks inside the run of letters `word[start..end]`.
    fn soft_breaks(&self, word: &str, start: usize, end: usize, out: &mut Vec<WordBreak>) {
        let letters = &word[start..end];
        let count = letters.chars().count();
        let lower: String = letters.chars().flat_map(char::to_lowercase).collect();
        let offsets: Vec<usize> = letters.char_indices().map(|(i, _)| i).collect();
        if let Some(known) = self.exceptions.get(&lower) {
            out.extend(
                known
                    .iter()
                    .filter_map(|&k| offsets.get(k))
                    .map(|&i| WordBreak {
                        at: start + i,
                        kind: BreakKind::Soft,
                    }),
            );
            return;
        }
        // All-capital words are abbreviations and names (USSR, NKVD): never broken.
        let capitals = letters.chars().filter(|c| c.is_uppercase()).count();
        if capitals > 1 && capitals == count {
            return;
        }
        let Some(patterns) = &self.patterns else {
            return;
        };
        if count < self.min_before + self.min_after {
            return;
        }
        for at in patterns.hyphenate(letters).breaks {
            let before = letters[..at].chars().count();
            if before >= self.min_before && count - before >= self.min_after {
                out.push(WordBreak {
                    at: start + at,
                    kind: BreakKind::Soft,
                });
            }
        }
    }

    /// The word with `-` at every break (soft or hard), for tests and debugging:
    /// `rev-o-lu-tion-ary`. Hard hyphens stay single; other breaks are `|`, and last resorts
    /// (inside a numeral or an address) `¦`.
    pub fn mark(&self, word: &str) -> String {
        let mut out = String::new();
        let mut last = 0;
        for b in self.breaks(word, true) {
            out.push_str(&word[last..b.at]);
            out.push(match b.kind {
                BreakKind::Soft => '-',
                BreakKind::AfterHyphen | BreakKind::AfterDash => '|',
                BreakKind::InNumber | BreakKind::InAddress => '¦',
            });
            last = b.at;
        }
        out.push_str(&word[last..]);
        out.replace('\u{ad}', "")
    }
}

/// Whether a word is a web or mail address: never hyphenated (a hyphen would read as part of
/// it), broken after its slashes, and between any two of its characters as a last resort.
fn is_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.") || (word.contains('@') && word.contains('.'))
}

/// An address breaks as a last resort only this many characters or more from either end of the
/// piece it breaks (its host, a path segment), so that no line holds a stray `h` or `g/`.
const ADDRESS_END_CHARS: usize = 3;

/// Breaks after each `/` of an address that is followed by more of it (not inside `://`), and,
/// as last resorts ([`BreakKind::InAddress`]), inside the pieces between those breaks (past the
/// scheme), at least [`ADDRESS_END_CHARS`] from either end of the piece. A long path segment or
/// host name would otherwise leave the line before it with huge word spaces in a narrow measure.
fn address_breaks(word: &str) -> Vec<WordBreak> {
    let bytes = word.as_bytes();
    let mut slashes = Vec::new();
    for (at, c) in word.char_indices() {
        let next = bytes.get(at + 1).copied();
        let after_scheme = at > 0 && matches!(bytes[at - 1], b':' | b'/');
        if c == '/' && next.is_some_and(|n| n != b'/') && !after_scheme {
            slashes.push(at + 1);
        }
    }
    let scheme = word.find("://").map_or(0, |at| at + 3);
    let mut bounds = vec![scheme];
    bounds.extend(slashes.iter().copied().filter(|&at| at > scheme));
    bounds.push(word.len());
    let mut out: Vec<WordBreak> = slashes
        .iter()
        .map(|&at| WordBreak {
            at,
            kind: BreakKind::AfterDash,
        })
        .collect();
    for piece in bounds.windows(2) {
        let starts: Vec<usize> = word[piece[0]..piece[1]]
            .char_indices()
            .map(|(at, _)| piece[0] + at)
            .collect();
        let inner = ADDRESS_END_CHARS..(starts.len() + 1).saturating_sub(ADDRESS_END_CHARS);
        out.extend(
            starts
                .get(inner)
                .unwrap_or_default()
                .iter()
                .map(|&at| WordBreak {
                    at,
                    kind: BreakKind::InAddress,
                }),
        );
    }
    out.sort_by_key(|b| b.at);
    out
}

/// A numeral this many groups long or longer may break (`1,000,000,000`): a shorter one is
/// narrow enough for any measure to take whole.
const NUMBER_BREAK_GROUPS: usize = 4;

/// Breaks after the thousands separators (`,`) of each long numeral in `word`, keeping at least
/// two groups on either side, so that neither line holds a stray `1,` or `,000`. No style guide
/// likes a broken number, and the line breaker takes such a break only as a last resort
/// ([`BreakKind::InNumber`]); but an unbreakable `1,000,000,000,000,000` in a narrow measure
/// otherwise leaves the line before it with word spaces three or four times their width.
fn number_breaks(word: &str) -> Vec<WordBreak> {
    let mut out = Vec::new();
    // The separators of the numeral being read: where each group after one starts.
    let mut groups: Vec<usize> = Vec::new();
    let mut digits = 0;
    let flush = |groups: &mut Vec<usize>, out: &mut Vec<WordBreak>| {
        if groups.len() + 1 >= NUMBER_BREAK_GROUPS {
            let inner = &groups[1..groups.len() - 1];
            out.extend(inner.iter().map(|&at| WordBreak {
                at,
                kind: BreakKind::InNumber,
            }));
        }
        groups.clear();
    };
    let bytes = word.as_bytes();
    for (at, c) in word.char_indices() {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        let group_ends = c == ','
            && if groups.is_empty() {
                (1..=3).contains(&digits)
            } else {
                digits == 3
            };
        let next_group = bytes
            .get(at + 1..at + 4)
            .is_some_and(|g| g.iter().all(u8::is_ascii_digit))
            && !bytes.get(at + 4).is_some_and(u8::is_ascii_digit);
        if group_ends && next_group {
            groups.push(at + 1);
        } else {
            flush(&mut groups, &mut out);
        }
        digits = 0;
    }
    flush(&mut groups, &mut out);
    out
}

/// A text engine's own memory of the breaks it asked for, before the hyphenator's: that one is
/// shared by every thread behind one lock, and asking it for every word kept the threads
/// waiting on each other.
#[derive(Debug, Default)]
pub struct LocalBreaks([HashMap<Box<str>, Vec<WordBreak>>; 2]);

impl LocalBreaks {
    /// [`Hyphenator::breaks`], remembered.
    pub fn breaks(&mut self, hyphenator: &Hyphenator, word: &str, soft: bool) -> Vec<WordBreak> {
        let known = &mut self.0[usize::from(soft)];
        if let Some(breaks) = known.get(word) {
            return breaks.clone();
        }
        let found = hyphenator.breaks(word, soft);
        known.insert(word.into(), found.clone());
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(tag: &str) -> Lang {
        Lang::parse(tag).expect("a language tag")
    }

    fn english() -> Hyphenator {
        Hyphenator::for_language(&lang("en")).with_minimums(2, 3)
    }

    #[test]
    fn english_patterns() {
        let h = english();
        assert_eq!(h.mark("revolutionary"), "rev-o-lu-tion-ary");
        assert_eq!(h.mark("bureaucracy"), "bu-reau-cracy");
        assert_eq!(h.mark("Revolutionary,"), "Rev-o-lu-tion-ary,");
        assert_eq!(h.mark("USSR"), "USSR");
    }

    #[test]
    fn long_numerals_break_after_inner_separators() {
        let h = english();
        assert_eq!(h.mark("1,000,000,000,000,000"), "1,000,¦000,¦000,¦000,000");
        assert_eq!(h.mark("(12,000,000,000)."), "(12,000,¦000,000).");
        // Too short, or not a numeral grouped by thousands: whole.
        for whole in [
            "1,000,000",
            "240,000",
            "1,0000,000,000",
            "1,000,000.50",
            "a,b,c,d",
        ] {
            assert_eq!(h.mark(whole), whole, "{whole}");
        }
    }

    #[test]
    fn minimums_apply() {
        let h = Hyphenator::for_language(&lang("en")).with_minimums(3, 4);
        assert_eq!(h.mark("revolutionary"), "rev-o-lu-tionary");
    }

    #[test]
    fn hard_hyphens_break_after_and_parts_hyphenate() {
        let h = english();
        assert_eq!(h.mark("anti-revolutionary"), "anti-|rev-o-lu-tion-ary");
        assert_eq!(h.mark("war—and"), "war—|and");
        assert_eq!(h.mark("attempts,–among"), "at-tempts,–|among");
        assert_eq!(h.mark("said.—The"), "said.—|The");
        assert_eq!(h.mark("(—and"), "(—and");
        // A leading or trailing hyphen or dash is no break.
        assert_eq!(h.mark("—and"), "—and");
    }

    #[test]
    fn exceptions_override_patterns() {
        let h = english().with_exceptions(&["Bol-she-viks".to_owned(), "table".to_owned()]);
        assert_eq!(h.mark("Bolsheviks"), "Bol-she-viks");
        assert_eq!(h.mark("BOLSHEVIKS"), "BOL-SHE-VIKS");
        assert_eq!(h.mark("tables"), "ta-bles");
        assert_eq!(h.mark("table"), "table");
    }

    #[test]
    fn other_languages() {
        let ru = Hyphenator::for_language(&lang("ru")).with_minimums(2, 2);
        assert_eq!(ru.mark("революционный"), "ре-во-лю-ци-он-ный");
        let de = Hyphenator::for_language(&lang("de-DE")).with_minimums(2, 2);
        assert_eq!(de.mark("Geschichtsschreibung"), "Ge-schichts-schrei-bung");
        let fr = Hyphenator::for_language(&lang("fr")).with_minimums(2, 3);
        assert_eq!(fr.mark("révolutionnaire"), "ré-vo-lu-tion-naire");
        let none = Hyphenator::for_language(&lang("xx"));
        assert_eq!(none.missing_patterns(), Some("xx"));
        assert_eq!(none.mark("revolutionary"), "revolutionary");
    }

    #[test]
    fn addresses_break_after_slashes_and_anywhere_as_a_last_resort() {
        let h = english();
        let marked = h.mark("https://example.org/revolutionary/bureaucracy");
        assert_eq!(
            marked.replace('¦', ""),
            "https://example.org/|revolutionary/|bureaucracy"
        );
        // Last resorts: three characters past the scheme and from the end, none beside a slash.
        assert_eq!(h.mark("https://abcdefg.org"), "https://abc¦d¦e¦f¦g¦.¦org");
        assert!(
            marked.contains("o¦rg/|rev¦o") && marked.contains("r¦acy"),
            "{marked}"
        );
        let mail = h.mark("international@example.org");
        assert_eq!(mail.replace('¦', ""), "international@example.org");
        assert!(
            mail.starts_with("int¦e") && mail.ends_with(".¦org"),
            "{mail}"
        );
    }

    #[test]
    fn soft_hyphens_are_the_only_breaks() {
        let h = english();
        assert_eq!(h.mark("revo\u{ad}lutionary"), "revo-lutionary");
    }
}
