//! MinHash signatures and banded locality-sensitive hashing to find candidate pairs.

use crate::fasthash::FastMap;

/// Deterministic pseudo-random numbers for the hash functions (SplitMix64).
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// A family of `permutations` hash functions `h(x) = a * x + b` over 32-bit words.
#[derive(Debug, Clone)]
pub struct MinHasher {
    a: Vec<u32>,
    b: Vec<u32>,
}

impl MinHasher {
    /// A family of `permutations` functions drawn from `seed`: the same seed, the same family.
    pub fn new(permutations: usize, seed: u64) -> MinHasher {
        let mut state = seed;
        let a = (0..permutations).map(|_| (split_mix(&mut state) as u32) | 1).collect();
        let b = (0..permutations).map(|_| split_mix(&mut state) as u32).collect();
        MinHasher { a, b }
    }

    /// The signature of a set of shingle hashes: per function, the smallest value it takes.
    pub fn signature(&self, shingles: &[u32]) -> Vec<u32> {
        let mut minimums = vec![u32::MAX; self.a.len()];
        for &shingle in shingles {
            // Written as a plain loop over equal-length slices so it vectorises.
            for ((minimum, &a), &b) in minimums.iter_mut().zip(&self.a).zip(&self.b) {
                *minimum = (*minimum).min(a.wrapping_mul(shingle).wrapping_add(b));
            }
        }
        minimums
    }
}

/// Pairs of items whose signatures agree on at least one whole band of `rows` values.
pub fn candidate_pairs(signatures: &[Vec<u32>], rows: usize) -> Vec<(usize, usize)> {
    let rows = rows.max(1);
    let bands = signatures.first().map_or(0, |s| s.len() / rows);
    let mut pairs = Vec::new();
    let mut buckets: FastMap<u64, Vec<usize>> = FastMap::default();
    for band in 0..bands {
        buckets.clear();
        for (item, signature) in signatures.iter().enumerate() {
            if signature.iter().all(|&v| v == u32::MAX) {
                continue;
            }
            let slice = &signature[band * rows..(band + 1) * rows];
            let mut key = band as u64;
            for &value in slice {
                key = (key.rotate_left(29) ^ u64::from(value)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            buckets.entry(key).or_default().push(item);
        }
        for members in buckets.values().filter(|members| members.len() > 1) {
            for (position, &first) in members.iter().enumerate() {
                pairs.extend(members[position + 1..].iter().map(|&second| (first, second)));
            }
        }
    }
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similar_sets_have_similar_signatures() {
        let hasher = MinHasher::new(128, 7);
        let a: Vec<u32> = (0..200).collect();
        let b: Vec<u32> = (20..220).collect(); // Jaccard 180/220 = 0.82
        let c: Vec<u32> = (1000..1200).collect();
        let agree = |x: &[u32], y: &[u32]| {
            let (x, y) = (hasher.signature(x), hasher.signature(y));
            x.iter().zip(&y).filter(|(p, q)| p == q).count() as f64 / x.len() as f64
        };
        assert!((agree(&a, &b) - 0.82).abs() < 0.12, "{}", agree(&a, &b));
        assert!(agree(&a, &c) < 0.05);
    }

    #[test]
    fn candidates_come_from_shared_bands() {
        let hasher = MinHasher::new(126, 7);
        let sets: Vec<Vec<u32>> =
            vec![(0..100).collect(), (5..105).collect(), (500..600).collect()];
        let signatures: Vec<Vec<u32>> = sets.iter().map(|s| hasher.signature(s)).collect();
        assert_eq!(candidate_pairs(&signatures, 3), [(0, 1)]);
    }
}
