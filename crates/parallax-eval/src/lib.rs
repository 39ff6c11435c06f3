//! Measuring quality on labelled data: loaders for the labelled formats and the metrics.
//!
//! Pure functions over ids and labels; running the pipeline on the data is the caller's job.
//!
//! ```
//! use parallax_eval::pairs::{PairScores, group_pairs};
//!
//! let gold = group_pairs(&[vec!["a", "b", "c"]]);
//! let predicted = group_pairs(&[vec!["a", "b"], vec!["c", "d"]]);
//! let scores = PairScores::score(&predicted, &gold);
//! assert_eq!((scores.true_positives, scores.predicted, scores.gold), (1, 2, 3));
//! ```

pub mod attribution;
pub mod baseline;
pub mod clusters;
pub mod extraction;
pub mod labels;
pub mod metadata;
pub mod pages;
pub mod pairs;
pub mod summaries;
pub mod timex;

/// What can go wrong reading labelled data.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    /// The file could not be read.
    #[error("{path}")]
    Io {
        /// The file.
        path: String,
        /// The cause.
        source: std::io::Error,
    },
    /// A line that is not a labelled record.
    #[error("{path}:{line}: {reason}")]
    BadLine {
        /// The file.
        path: String,
        /// 1-based line number.
        line: usize,
        /// Why.
        reason: String,
    },
}

/// `Result` with [`EvalError`].
pub type Result<T> = std::result::Result<T, EvalError>;
