//! A small seeded random generator (SplitMix64): a seed gives the same inputs on every machine
//! and every run, so a failure is replayed from its seed alone.

/// SplitMix64 (Steele, Lea and Flood, 2014): tiny, fast, and good enough to draw test inputs.
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
}

/// The increment of SplitMix64: the odd integer nearest to 2^64 / φ.
const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng { state: seed }
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// A number in `low..=high`.
    pub fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high.saturating_sub(low) + 1)
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A size up to `max`, spread evenly over the orders of magnitude: mostly small, sometimes
    /// huge, as bugs hide at both ends.
    pub fn size(&mut self, max: usize) -> usize {
        let bits = usize::BITS - max.leading_zeros();
        let top = 1usize << self.below(bits as usize + 1).min(usize::BITS as usize - 1);
        self.below(top.min(max) + 1)
    }

    /// A float in `low..high`.
    pub fn float(&mut self, low: f64, high: f64) -> f64 {
        let unit = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        low + unit * (high - low)
    }
}

/// The seed of input `index` of a run whose seed is `run`: each input can be replayed alone.
pub fn input_seed(run: u64, index: u64) -> u64 {
    Rng::new(run ^ index.wrapping_mul(GOLDEN)).next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_numbers() {
        let a: Vec<u64> = (0..5).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut rng = Rng::new(7);
        for _ in 0..1000 {
            assert!(rng.below(3) < 3);
            assert!(rng.size(100) <= 100);
            let x = rng.float(1.0, 2.0);
            assert!((1.0..2.0).contains(&x));
        }
        assert_ne!(input_seed(1, 0), input_seed(1, 1));
    }
}
