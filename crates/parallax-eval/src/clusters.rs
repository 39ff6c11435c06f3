//! Clustering metrics: B-cubed and pairwise precision, recall and F1 of a predicted partition
//! against the gold one.

use std::collections::HashMap;
use std::hash::Hash;

use serde::Serialize;

/// Precision, recall and their harmonic mean.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    /// Precision.
    pub precision: f64,
    /// Recall.
    pub recall: f64,
    /// F1.
    pub f1: f64,
}

impl Prf {
    /// From precision and recall.
    pub fn new(precision: f64, recall: f64) -> Prf {
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        Prf { precision, recall, f1 }
    }
}

/// B-cubed (Bagga and Baldwin): per item, the share of its predicted cluster that is in its
/// gold cluster (precision) and the share of its gold cluster that is in its predicted cluster
/// (recall), averaged over items. `items` pairs each item's predicted and gold cluster.
pub fn bcubed<P: Hash + Eq, G: Hash + Eq>(items: &[(P, G)]) -> Prf {
    if items.is_empty() {
        return Prf::default();
    }
    let (predicted_size, gold_size, both) = sizes(items);
    let (mut precision, mut recall) = (0.0, 0.0);
    for (predicted, gold) in items {
        let shared = both[&(predicted, gold)];
        precision += shared / predicted_size[predicted];
        recall += shared / gold_size[gold];
    }
    let n = items.len() as f64;
    Prf::new(precision / n, recall / n)
}

/// Pairwise: of the item pairs placed together, the share that the gold places together
/// (precision), and of the gold pairs, the share placed together (recall).
pub fn pairwise<P: Hash + Eq, G: Hash + Eq>(items: &[(P, G)]) -> Prf {
    if items.is_empty() {
        return Prf::default();
    }
    let (predicted_size, gold_size, both) = sizes(items);
    let together = pairs(&both);
    let (predicted, gold) = (pairs(&predicted_size), pairs(&gold_size));
    let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 1.0 };
    Prf::new(ratio(together, predicted), ratio(together, gold))
}

/// Cluster sizes: predicted, gold, and of each (predicted, gold) intersection.
type Sizes<'a, P, G> = (HashMap<&'a P, f64>, HashMap<&'a G, f64>, HashMap<(&'a P, &'a G), f64>);

fn sizes<P: Hash + Eq, G: Hash + Eq>(items: &[(P, G)]) -> Sizes<'_, P, G> {
    let mut sizes: Sizes<'_, P, G> = Default::default();
    for (predicted, gold) in items {
        *sizes.0.entry(predicted).or_default() += 1.0;
        *sizes.1.entry(gold).or_default() += 1.0;
        *sizes.2.entry((predicted, gold)).or_default() += 1.0;
    }
    sizes
}

/// Pairs of items inside clusters of these sizes.
fn pairs<K>(sizes: &HashMap<K, f64>) -> f64 {
    sizes.values().map(|n| n * (n - 1.0) / 2.0).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(predicted: &[u8], gold: &[u8]) -> Vec<(u8, u8)> {
        predicted.iter().copied().zip(gold.iter().copied()).collect()
    }

    #[test]
    fn perfect_partition_scores_one() {
        let scores = bcubed(&items(&[1, 1, 2], &[7, 7, 9]));
        assert_eq!(scores, Prf::new(1.0, 1.0));
        assert_eq!(pairwise(&items(&[1, 1, 2], &[7, 7, 9])), Prf::new(1.0, 1.0));
    }

    #[test]
    fn bcubed_matches_a_hand_computation() {
        // Predicted {a b c} {d}; gold {a b} {c d}.
        // Precision: a 2/3, b 2/3, c 1/3, d 1 -> 8/3 / 4 = 2/3.
        // Recall: a 1, b 1, c 1/2, d 1/2 -> 3 / 4.
        let scores = bcubed(&items(&[1, 1, 1, 2], &[7, 7, 9, 9]));
        assert!((scores.precision - 2.0 / 3.0).abs() < 1e-12);
        assert!((scores.recall - 0.75).abs() < 1e-12);
    }

    #[test]
    fn pairwise_matches_a_hand_computation() {
        // Predicted pairs ab ac bc; gold pairs ab cd: one shared.
        let scores = pairwise(&items(&[1, 1, 1, 2], &[7, 7, 9, 9]));
        assert!((scores.precision - 1.0 / 3.0).abs() < 1e-12);
        assert!((scores.recall - 0.5).abs() < 1e-12);
    }

    #[test]
    fn everything_in_one_cluster_has_full_recall_and_low_precision() {
        let scores = bcubed(&items(&[1, 1, 1, 1], &[1, 2, 3, 4]));
        assert_eq!((scores.precision, scores.recall), (0.25, 1.0));
    }
}
