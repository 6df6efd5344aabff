//! Hyphenation: where a word may break (stub).

#[derive(Debug)]
pub struct Hyphenator {}

impl Hyphenator {
    pub fn none() -> Hyphenator {
        Hyphenator {}
    }
}
