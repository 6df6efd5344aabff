//! Shards of a catalogue for CI matrices: `--shard I/N` builds the books whose stable hash falls in
//! shard I.
//!
//! A book's shard depends only on its folder name and N: the first eight bytes of the SHA-256 of
//! the name, as a number, modulo N. So the N shards are disjoint and together hold every book, the
//! same book lands in the same shard on every machine and every run, and adding or removing a book
//! moves no other book to another shard (only changing N does).

use std::fmt;
use std::str::FromStr;

use sha2::{Digest, Sha256};

/// One shard of N, numbered from 1 as CI matrices number their jobs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    /// From 1 to `count`.
    pub index: u32,
    pub count: u32,
}

impl Shard {
    /// The shard (1 to `count`) that the book whose folder is named `name` belongs to.
    pub fn of(name: &str, count: u32) -> u32 {
        let digest = Sha256::digest(name.as_bytes());
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        let spread = u64::from_be_bytes(first) % u64::from(count.max(1));
        // `spread` is below `count`, a u32: the conversion cannot fail.
        u32::try_from(spread).unwrap_or(0) + 1
    }

    /// Whether the book whose folder is named `name` is built by this shard.
    pub fn holds(&self, name: &str) -> bool {
        Shard::of(name, self.count) == self.index
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    /// `I/N` with 1 ≤ I ≤ N.
    fn from_str(text: &str) -> Result<Shard, String> {
        let usage = || format!("`{text}` is not a shard: write I/N, such as 1/3 (I from 1 to N)");
        let (index, count) = text.split_once('/').ok_or_else(usage)?;
        let index: u32 = index.trim().parse().map_err(|_| usage())?;
        let count: u32 = count.trim().parse().map_err(|_| usage())?;
        if count == 0 || index == 0 || index > count {
            return Err(usage());
        }
        Ok(Shard { index, count })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_i_of_n_and_refuses_the_rest() {
        assert_eq!("2/3".parse(), Ok(Shard { index: 2, count: 3 }));
        for bad in ["0/3", "4/3", "1/0", "3", "a/b", "1/3/5", ""] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }

    #[test]
    fn shards_are_disjoint_cover_everything_and_stay_put() {
        let names: Vec<String> = (0..300).map(|n| format!("book-{n:03}")).collect();
        let shards: Vec<Shard> = (1..=3).map(|index| Shard { index, count: 3 }).collect();
        for name in &names {
            let holders = shards.iter().filter(|s| s.holds(name)).count();
            assert_eq!(holders, 1, "{name}");
        }
        // Every shard gets a fair share (a hash, not a list: no shard is empty).
        for shard in &shards {
            let held = names.iter().filter(|n| shard.holds(n)).count();
            assert!(held > 60, "shard {shard} holds {held} of 300");
        }
        // Fixed across releases: CI caches and matrices rely on it.
        assert_eq!(
            Shard::of("russia-bureaucracy", 3),
            Shard::of("russia-bureaucracy", 3)
        );
        assert_eq!(Shard::of("anything", 1), 1);
    }
}
