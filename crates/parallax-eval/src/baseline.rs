//! The batch baseline story grouping is compared with: TF-IDF vectors, average-link
//! agglomerative clustering over the whole set, and optionally a time window beyond which two
//! articles are never linked (their similarity counts as 0).
//!
//! The whole dendrogram is built once with the nearest-neighbour chain algorithm (exact for
//! average link, O(n²) time and memory), so every threshold can be cut from it and the best
//! one, chosen with the gold labels, reported: an upper bound for the method.

/// One merge of the dendrogram: two clusters (by the index of a representative item) and the
/// average-link similarity at which they merged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Merge {
    /// A representative of the first cluster.
    pub first: usize,
    /// A representative of the second cluster.
    pub second: usize,
    /// The average similarity between their members.
    pub similarity: f32,
}

/// Builds the average-link dendrogram of unit sparse vectors (sorted by term). With `window`
/// (seconds) set, two items whose times are both known and further apart than it have
/// similarity 0. Returns the merges, most similar first.
pub fn average_link(
    vectors: &[Vec<(u64, f32)>],
    times: &[Option<i64>],
    window: Option<i64>,
) -> Vec<Merge> {
    let n = vectors.len();
    if n < 2 {
        return Vec::new();
    }
    let mut similarity = vec![0.0f32; n * n];
    for i in 0..n {
        for j in i + 1..n {
            let far =
                match (window, times.get(i).copied().flatten(), times.get(j).copied().flatten()) {
                    (Some(window), Some(a), Some(b)) => a.abs_diff(b) > window.unsigned_abs(),
                    _ => false,
                };
            let value =
                if far { 0.0 } else { parallax_core::sparse::dot(&vectors[i], &vectors[j]) };
            similarity[i * n + j] = value;
            similarity[j * n + i] = value;
        }
    }
    let mut size = vec![1u32; n];
    let mut active = vec![true; n];
    let mut chain: Vec<usize> = Vec::new();
    let mut merges = Vec::with_capacity(n - 1);
    let mut remaining = n;
    while remaining > 1 {
        if chain.is_empty() {
            chain.push(active.iter().position(|&a| a).unwrap_or(0));
        }
        let top = chain[chain.len() - 1];
        let previous = chain.len().checked_sub(2).map(|i| chain[i]);
        // The most similar active cluster; on a tie the previous link of the chain wins, so
        // the chain always ends in a reciprocal pair.
        let mut best: Option<(usize, f32)> = previous.map(|p| (p, similarity[top * n + p]));
        for other in 0..n {
            if other == top || !active[other] || Some(other) == previous {
                continue;
            }
            let value = similarity[top * n + other];
            if best.is_none_or(|(_, b)| value > b) {
                best = Some((other, value));
            }
        }
        let Some((next, value)) = best else {
            break;
        };
        if Some(next) == previous {
            chain.pop();
            chain.pop();
            let (keep, gone) = (top.min(next), top.max(next));
            merges.push(Merge { first: keep, second: gone, similarity: value });
            let (a, b) = (size[keep] as f32, size[gone] as f32);
            for other in 0..n {
                if active[other] && other != keep && other != gone {
                    let merged = (a * similarity[keep * n + other]
                        + b * similarity[gone * n + other])
                        / (a + b);
                    similarity[keep * n + other] = merged;
                    similarity[other * n + keep] = merged;
                }
            }
            size[keep] += size[gone];
            active[gone] = false;
            remaining -= 1;
        } else {
            chain.push(next);
        }
    }
    merges.sort_by(|a, b| b.similarity.total_cmp(&a.similarity));
    merges
}

/// The clusters at `threshold`: every merge at or above it applied. Returns a cluster label
/// (the smallest member's index) per item.
pub fn cut(items: usize, merges: &[Merge], threshold: f32) -> Vec<usize> {
    let mut parent: Vec<usize> = (0..items).collect();
    fn root(parent: &mut [usize], mut item: usize) -> usize {
        while parent[item] != item {
            parent[item] = parent[parent[item]];
            item = parent[item];
        }
        item
    }
    for merge in merges.iter().take_while(|m| m.similarity >= threshold) {
        let (a, b) = (root(&mut parent, merge.first), root(&mut parent, merge.second));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    (0..items).map(|item| root(&mut parent, item)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(terms: &[u64]) -> Vec<(u64, f32)> {
        let weight = 1.0 / (terms.len() as f32).sqrt();
        terms.iter().map(|&t| (t, weight)).collect()
    }

    #[test]
    fn like_items_merge_first_and_a_cut_separates_the_groups() {
        let vectors = vec![unit(&[1, 2, 3]), unit(&[7, 8, 9]), unit(&[1, 2, 4]), unit(&[7, 8])];
        let merges = average_link(&vectors, &[None; 4], None);
        assert_eq!(merges.len(), 3);
        assert!(merges[0].similarity >= merges[1].similarity);
        let labels = cut(4, &merges, 0.5);
        assert_eq!(labels, vec![0, 1, 0, 1]);
        assert_eq!(cut(4, &merges, 1.1), vec![0, 1, 2, 3]);
    }

    #[test]
    fn items_further_apart_than_the_window_are_never_linked() {
        let vectors = vec![unit(&[1, 2]), unit(&[1, 2]), unit(&[1, 2])];
        let times = [Some(0), Some(3600), Some(30 * 86_400)];
        let merges = average_link(&vectors, &times, Some(3 * 86_400));
        assert_eq!(cut(3, &merges, 0.5), vec![0, 0, 2]);
        let merges = average_link(&vectors, &times, None);
        assert_eq!(cut(3, &merges, 0.5), vec![0, 0, 0]);
    }
}
