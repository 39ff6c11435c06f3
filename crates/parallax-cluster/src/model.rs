//! The pair model: how likely an article belongs to a story, from what the two share.
//!
//! Each signal a news article carries becomes one feature of the pair (article, story): the
//! similarity of their words, of their titles and of the names they mention, how far apart in
//! time they are, and how large the story is. A logistic regression over these features,
//! trained on `neus-train` streams with `parallax train clustering` (see
//! `scripts/train-clustering.sh`), turns them into a probability. The trained weights ship in
//! `pair-model.json`, beside this file.

use serde::{Deserialize, Serialize};

/// How many features a pair has.
pub const FEATURES: usize = 13;

/// The features' names, in order, as the weights file and the ablation report name them.
pub const FEATURE_NAMES: [&str; FEATURES] = [
    "words",
    "centroid",
    "title",
    "names",
    "near_days",
    "far_days",
    "undated",
    "log_size",
    "words_recent",
    "margin",
    "lead",
    "numbers",
    "rival",
];

/// Days within which two reports of one event usually fall; beyond them a gap counts apart.
pub const NEAR_DAYS: f32 = 3.0;

/// The features of one pair, in the order of [`FEATURE_NAMES`].
pub type Features = [f32; FEATURES];

/// What one pair's features are computed from.
#[derive(Debug, Clone, Copy, Default)]
pub struct PairSignals {
    /// Average-link cosine of the TF-IDF vectors of title and body.
    pub words: f32,
    /// Cosine of the article's vector with the story's centroid.
    pub centroid: f32,
    /// Average-link cosine of the title vectors.
    pub title: f32,
    /// Average-link cosine of the name vectors.
    pub names: f32,
    /// Days between the article and the story's time span; `None` when either is undated.
    pub gap_days: Option<f32>,
    /// Articles in the story.
    pub size: u32,
    /// How far the story's centroid cosine is ahead of the best other candidate's (negative
    /// when behind): in a dense stream, a story only a little better than another is no
    /// proof.
    pub margin: f32,
    /// Average-link cosine of the lead vectors.
    pub lead: f32,
    /// Average-link cosine of the number vectors.
    pub numbers: f32,
    /// The best centroid cosine among the other candidates: how crowded the stream is around
    /// the article.
    pub rival: f32,
}

impl PairSignals {
    /// The pair's features.
    pub fn features(&self) -> Features {
        let (near, far, undated, recent) = match self.gap_days {
            Some(gap) => (
                gap.min(NEAR_DAYS),
                (gap - NEAR_DAYS).clamp(0.0, 11.0),
                0.0,
                self.words * 0.5f32.powf(gap),
            ),
            None => (0.0, 0.0, 1.0, self.words),
        };
        [
            self.words,
            self.centroid,
            self.title,
            self.names,
            near,
            far,
            undated,
            (self.size.max(1) as f32).ln(),
            recent,
            self.margin,
            self.lead,
            self.numbers,
            self.rival,
        ]
    }
}

/// A logistic regression over [`Features`], with the probability an article needs to join a
/// story and the one two stories need to merge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairModel {
    /// The intercept.
    pub bias: f32,
    /// One weight per feature, in the order of [`FEATURE_NAMES`].
    pub weights: Vec<f32>,
    /// Lowest probability with which an article joins its best story rather than starting one.
    pub join: f32,
    /// Lowest probability with which two stories that one article bridges merge.
    pub merge: f32,
}

impl Default for PairModel {
    /// The trained model shipped with parallax.
    fn default() -> PairModel {
        PairModel::trained()
    }
}

/// The weights file written by `parallax train clustering`.
const TRAINED: &str = include_str!("pair-model.json");

impl PairModel {
    /// The model in `pair-model.json`.
    pub fn trained() -> PairModel {
        // The file is part of the source and checked by a unit test; a broken one is a bug.
        serde_json::from_str(TRAINED).expect("pair-model.json is a valid model")
    }

    /// The probability that the pair belongs together.
    pub fn probability(&self, features: &Features) -> f32 {
        let z = self.bias
            + self.weights.iter().zip(features).map(|(weight, value)| weight * value).sum::<f32>();
        1.0 / (1.0 + (-z).exp())
    }
}

/// Fits a logistic regression to labelled pairs by Newton's method with an L2 penalty of
/// `l2` on the weights (not the bias). Deterministic: the same rows give the same model.
/// `join` and `merge` are left at 0.5 for the caller to choose.
pub fn fit(rows: &[(Features, bool)], l2: f64) -> PairModel {
    const SIZE: usize = FEATURES + 1;
    let mut beta = [0.0f64; SIZE];
    for _ in 0..50 {
        let mut gradient = [0.0f64; SIZE];
        let mut hessian = [[0.0f64; SIZE]; SIZE];
        for (features, label) in rows {
            let mut x = [1.0f64; SIZE];
            for (slot, value) in x[1..].iter_mut().zip(features) {
                *slot = f64::from(*value);
            }
            let z: f64 = x.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            let y = f64::from(u8::from(*label));
            let w = (p * (1.0 - p)).max(1e-9);
            for i in 0..SIZE {
                gradient[i] += (y - p) * x[i];
                for j in 0..SIZE {
                    hessian[i][j] += w * x[i] * x[j];
                }
            }
        }
        for i in 1..SIZE {
            gradient[i] -= l2 * beta[i];
            hessian[i][i] += l2;
        }
        let Some(step) = solve(hessian, gradient) else {
            break;
        };
        let mut largest = 0.0f64;
        for (b, s) in beta.iter_mut().zip(step) {
            *b += s;
            largest = largest.max(s.abs());
        }
        if largest < 1e-7 {
            break;
        }
    }
    PairModel {
        bias: beta[0] as f32,
        weights: beta[1..].iter().map(|&b| b as f32).collect(),
        join: 0.5,
        merge: 0.5,
    }
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting; `None` when singular.
fn solve<const N: usize>(mut a: [[f64; N]; N], mut b: [f64; N]) -> Option<[f64; N]> {
    for column in 0..N {
        let pivot =
            (column..N).max_by(|&i, &j| a[i][column].abs().total_cmp(&a[j][column].abs()))?;
        if a[pivot][column].abs() < 1e-12 {
            return None;
        }
        a.swap(column, pivot);
        b.swap(column, pivot);
        let pivot_row = a[column];
        for row in column + 1..N {
            let factor = a[row][column] / pivot_row[column];
            for (value, pivot) in a[row][column..].iter_mut().zip(&pivot_row[column..]) {
                *value -= factor * pivot;
            }
            b[row] -= factor * b[column];
        }
    }
    let mut x = [0.0f64; N];
    for row in (0..N).rev() {
        let rest: f64 = (row + 1..N).map(|k| a[row][k] * x[k]).sum();
        x[row] = (b[row] - rest) / a[row][row];
    }
    Some(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_reads_and_has_a_weight_per_feature() {
        let model = PairModel::trained();
        assert_eq!(model.weights.len(), FEATURES);
        assert!((0.0..1.0).contains(&model.join) && (0.0..1.0).contains(&model.merge));
    }

    #[test]
    fn fitting_finds_the_feature_that_separates_the_labels() {
        // The label follows the first feature; the second is noise.
        let rows: Vec<(Features, bool)> = (0..400)
            .map(|i| {
                let mut features = [0.0; FEATURES];
                features[0] = (i % 20) as f32 / 20.0;
                features[1] = ((i * 7) % 13) as f32 / 13.0;
                (features, features[0] + 0.1 * ((i % 3) as f32 - 1.0) > 0.5)
            })
            .collect();
        let model = fit(&rows, 1e-3);
        assert!(model.weights[0] > 5.0, "{model:?}");
        assert!(model.weights[1].abs() < model.weights[0] / 5.0, "{model:?}");
        let mut high = [0.0; FEATURES];
        (high[0], high[1]) = (0.9, 0.5);
        let mut low = high;
        low[0] = 0.1;
        let (high, low) = (model.probability(&high), model.probability(&low));
        assert!(high > 0.9 && low < 0.1, "{high} {low}");
    }

    #[test]
    fn a_gap_in_time_splits_into_near_and_far_days() {
        let signals =
            PairSignals { words: 0.5, gap_days: Some(5.0), size: 4, ..Default::default() };
        let features = signals.features();
        assert_eq!(features[4], NEAR_DAYS);
        assert_eq!(features[5], 2.0);
        assert_eq!(features[6], 0.0);
        let undated = PairSignals { words: 0.5, gap_days: None, size: 1, ..Default::default() };
        assert_eq!(undated.features()[6], 1.0);
        assert_eq!(undated.features()[7], 0.0);
    }
}
