//! MinHash signatures and banded locality-sensitive hashing to find candidate pairs.

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
        const LANES: usize = 8;
        let mut minimums = vec![u32::MAX; self.a.len()];
        // Eight functions at a time over all shingles, so their state stays in registers.
        for ((out, a), b) in
            minimums.chunks_mut(LANES).zip(self.a.chunks(LANES)).zip(self.b.chunks(LANES))
        {
            let (mut lane_a, mut lane_b, mut lane_min) =
                ([0u32; LANES], [0u32; LANES], [u32::MAX; LANES]);
            lane_a[..a.len()].copy_from_slice(a);
            lane_b[..b.len()].copy_from_slice(b);
            for &shingle in shingles {
                for lane in 0..LANES {
                    lane_min[lane] = lane_min[lane]
                        .min(lane_a[lane].wrapping_mul(shingle).wrapping_add(lane_b[lane]));
                }
            }
            out.copy_from_slice(&lane_min[..out.len()]);
        }
        minimums
    }
}

/// Whether a signature is that of no shingles at all (it then proposes no pairs).
fn is_empty(signature: &[u32]) -> bool {
    signature.iter().all(|&v| v == u32::MAX)
}

/// The key of band `band` (of `rows` values) of a signature: equal keys, equal bands (the band's
/// number is part of the key, so two bands never share one).
fn band_key(signature: &[u32], band: usize, rows: usize) -> u64 {
    let mut key = band as u64;
    for &value in &signature[band * rows..(band + 1) * rows] {
        key = (key.rotate_left(29) ^ u64::from(value)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    key
}

/// Every band key of one signature: two signatures that share one are a candidate pair, as
/// [`candidate_pairs`] finds among signatures held together.
pub fn band_keys(signature: &[u32], rows: usize) -> Vec<u64> {
    let rows = rows.max(1);
    if is_empty(signature) {
        return Vec::new();
    }
    (0..signature.len() / rows).map(|band| band_key(signature, band, rows)).collect()
}

/// Items of one band bucket each item is paired with, at most.
const MAX_BUCKET_NEIGHBOURS: usize = 32;

/// Pairs of items whose signatures agree on at least one whole band of `rows` values (in a
/// crowded bucket, each item with its next 32 only).
pub fn candidate_pairs(signatures: &[Vec<u32>], rows: usize) -> Vec<(usize, usize)> {
    let rows = rows.max(1);
    let bands = signatures.first().map_or(0, |s| s.len() / rows);
    let mut pairs = Vec::new();
    let mut keyed: Vec<(u64, usize)> = Vec::with_capacity(signatures.len());
    for band in 0..bands {
        keyed.clear();
        for (item, signature) in signatures.iter().enumerate() {
            if is_empty(signature) {
                continue;
            }
            keyed.push((band_key(signature, band, rows), item));
        }
        // Sorting groups equal band keys into runs, without a map of buckets.
        keyed.sort_unstable();
        for run in keyed.chunk_by(|x, y| x.0 == y.0).filter(|run| run.len() > 1) {
            // A crowded bucket (templated text, one story republished everywhere) pairs each
            // item with its next few neighbours only: the groups are connected components, so
            // a chain through the bucket finds them without the quadratic count of pairs.
            for (position, &(_, first)) in run.iter().enumerate() {
                let end = run.len().min(position + 1 + MAX_BUCKET_NEIGHBOURS);
                pairs.extend(run[position + 1..end].iter().map(|&(_, second)| (first, second)));
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
