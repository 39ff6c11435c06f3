//! Pairwise precision and recall of groupings (copy groups, stories).

use std::collections::HashSet;

/// Every unordered pair within each group, as (smaller id, larger id).
pub fn group_pairs<S: AsRef<str>>(groups: &[Vec<S>]) -> HashSet<(String, String)> {
    let mut pairs = HashSet::new();
    for group in groups {
        for (position, a) in group.iter().enumerate() {
            for b in &group[position + 1..] {
                let (a, b) = (a.as_ref().to_string(), b.as_ref().to_string());
                if a == b {
                    continue;
                }
                pairs.insert(if a < b { (a, b) } else { (b, a) });
            }
        }
    }
    pairs
}

/// Counts and rates of predicted pairs against gold pairs.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct PairScores {
    /// Predicted pairs that are gold.
    pub true_positives: usize,
    /// Predicted pairs.
    pub predicted: usize,
    /// Gold pairs.
    pub gold: usize,
    /// true positives / predicted (1 when nothing is predicted).
    pub precision: f64,
    /// true positives / gold (1 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl PairScores {
    /// Scores predicted pairs against gold pairs.
    pub fn score(
        predicted: &HashSet<(String, String)>,
        gold: &HashSet<(String, String)>,
    ) -> PairScores {
        let true_positives = predicted.intersection(gold).count();
        let ratio =
            |part: usize, whole: usize| if whole == 0 { 1.0 } else { part as f64 / whole as f64 };
        let precision = ratio(true_positives, predicted.len());
        let recall = ratio(true_positives, gold.len());
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        PairScores {
            true_positives,
            predicted: predicted.len(),
            gold: gold.len(),
            precision,
            recall,
            f1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_unordered_and_scores_are_rates() {
        let gold = group_pairs(&[vec!["b", "a"], vec!["c", "d", "e"]]);
        assert_eq!(gold.len(), 4);
        let predicted = group_pairs(&[vec!["a", "b"], vec!["c", "x"]]);
        let scores = PairScores::score(&predicted, &gold);
        assert_eq!((scores.true_positives, scores.precision, scores.recall), (1, 0.5, 0.25));
        assert!((scores.f1 - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn empty_predictions_are_precise_and_recall_nothing() {
        let gold = group_pairs(&[vec!["a", "b"]]);
        let scores = PairScores::score(&HashSet::new(), &gold);
        assert_eq!((scores.precision, scores.recall, scores.f1), (1.0, 0.0, 0.0));
    }
}
