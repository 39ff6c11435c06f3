//! Sparse vectors as `(term, weight)` lists sorted by term, the shape every stage that
//! compares texts uses (story grouping, its baseline, sentence alignment in dossiers), and
//! sorted lists of items.

use std::cmp::Ordering;
use std::ops::{Add, Mul};

/// The dot product of two sparse vectors sorted by term, in one merge pass.
pub fn dot<K: Ord, W>(first: &[(K, W)], second: &[(K, W)]) -> W
where
    W: Copy + Default + Add<Output = W> + Mul<Output = W>,
{
    let (mut i, mut j, mut sum) = (0, 0, W::default());
    while i < first.len() && j < second.len() {
        match first[i].0.cmp(&second[j].0) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                sum = sum + first[i].1 * second[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    sum
}

/// How many items two sorted lists share (term ids, stems, shingle hashes), in one merge pass.
pub fn overlap<T: Ord>(first: &[T], second: &[T]) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < first.len() && j < second.len() {
        match first[i].cmp(&second[j]) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_shared_terms_count() {
        let first = [(1u64, 0.5f32), (3, 2.0), (9, 1.0)];
        let second = [(3u64, 1.5f32), (4, 7.0), (9, 2.0)];
        assert_eq!(super::dot(&first, &second), 5.0);
        assert_eq!(super::dot::<u64, f32>(&[], &second), 0.0);
    }

    #[test]
    fn overlap_counts_shared_items_once() {
        assert_eq!(super::overlap(&[1, 3, 5, 9], &[2, 3, 9, 10]), 2);
        assert_eq!(super::overlap(&["a", "b"], &["c"]), 0);
        assert_eq!(super::overlap::<u32>(&[], &[]), 0);
    }
}
