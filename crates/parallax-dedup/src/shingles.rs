//! Text to word shingles: lowercase `\w+` tokens, hashed, in overlapping runs of `k`.

/// The distinct shingles of `k` consecutive tokens, as sorted 32-bit hashes. A text shorter
/// than `k` tokens is one shingle of all its tokens.
pub(crate) fn shingles(tokens: &[u64], k: usize) -> Vec<u32> {
    let k = k.max(1);
    let mut shingles: Vec<u32> = if tokens.len() < k {
        if tokens.is_empty() { Vec::new() } else { vec![combine(tokens)] }
    } else {
        tokens.windows(k).map(combine).collect()
    };
    shingles.sort_unstable();
    shingles.dedup();
    shingles
}

/// Mixes token hashes into one 32-bit shingle hash; order matters.
fn combine(tokens: &[u64]) -> u32 {
    let mut hash = 0x9e37_79b9_7f4a_7c15u64;
    for &token in tokens {
        hash = (hash.rotate_left(23) ^ token).wrapping_mul(0xff51_afd7_ed55_8ccd);
    }
    (hash ^ (hash >> 32)) as u32
}

/// Size of the intersection of two sorted, deduplicated lists.
pub(crate) use parallax_core::sparse::overlap as intersection;

#[cfg(test)]
mod tests {
    use super::*;

    fn token_hashes(text: &str) -> Vec<u64> {
        let mut tokens = Vec::new();
        crate::tokens::tokenize_text(text, &mut tokens);
        tokens.iter().map(|t| t.hash).collect()
    }

    #[test]
    fn shingles_overlap_and_short_texts_still_have_one() {
        let tokens = token_hashes("a b c d");
        assert_eq!(shingles(&tokens, 3).len(), 2);
        assert_eq!(shingles(&token_hashes("a b"), 3).len(), 1);
        assert!(shingles(&[], 3).is_empty());
        assert_ne!(shingles(&token_hashes("a b c"), 3), shingles(&token_hashes("c b a"), 3));
    }

    #[test]
    fn intersections_count_shared_items() {
        assert_eq!(intersection(&[1, 3, 5, 7], &[3, 4, 5]), 2);
        assert_eq!(intersection(&[], &[1]), 0);
    }
}
