//! Story summaries: the human summaries of a `*.summaries.jsonl` file (`{story, headline?,
//! summary}` per line) and ROUGE-1, ROUGE-2 and ROUGE-L F1 against them, computed as Google's
//! `rouge-score` does with `use_stemmer=True` (through `rougers`, which reproduces it exactly:
//! lowercased `[a-z0-9]` tokens, Porter stems, whole-text LCS for ROUGE-L).

use std::io::{BufRead, BufReader};
use std::path::Path;

use rougers::{RougeScorer, RougeType, Tokenizer};
use serde::{Deserialize, Serialize};

use crate::{EvalError, Result};

/// The human summary of one story.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GoldSummary {
    /// The story it summarises (the `story` of its articles).
    pub story: String,
    /// The summary's headline, when the set has one.
    #[serde(default)]
    pub headline: Option<String>,
    /// The summary; `None` when the line has none.
    #[serde(default)]
    pub summary: Option<String>,
}

/// Reads every line of a summaries JSON Lines file.
pub fn read_summaries(path: &Path) -> Result<Vec<GoldSummary>> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|source| EvalError::Io { path: name.clone(), source })?;
    let mut summaries = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io { path: name.clone(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let record: GoldSummary = serde_json::from_str(&line).map_err(|error| {
            EvalError::BadLine { path: name.clone(), line: index + 1, reason: error.to_string() }
        })?;
        summaries.push(record);
    }
    Ok(summaries)
}

/// ROUGE F1 of one summary, or their mean over stories, each in 0..=1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct RougeF1 {
    /// Unigram overlap.
    pub rouge1: f64,
    /// Bigram overlap.
    pub rouge2: f64,
    /// Longest common subsequence over the whole text.
    #[serde(rename = "rougeL")]
    pub rouge_l: f64,
}

impl RougeF1 {
    /// The mean of each score over `scores`; zeros when there are none.
    pub fn mean(scores: &[RougeF1]) -> RougeF1 {
        if scores.is_empty() {
            return RougeF1::default();
        }
        let n = scores.len() as f64;
        RougeF1 {
            rouge1: scores.iter().map(|s| s.rouge1).sum::<f64>() / n,
            rouge2: scores.iter().map(|s| s.rouge2).sum::<f64>() / n,
            rouge_l: scores.iter().map(|s| s.rouge_l).sum::<f64>() / n,
        }
    }
}

/// A ROUGE-1/2/L scorer configured as `rouge_scorer.RougeScorer(["rouge1", "rouge2",
/// "rougeL"], use_stemmer=True)`.
#[derive(Debug, Clone)]
pub struct Rouge {
    scorer: RougeScorer,
}

impl Rouge {
    /// The scorer. Fails only if `rougers` refuses its own variants.
    pub fn new() -> std::result::Result<Rouge, rougers::Error> {
        let types = vec![RougeType::N(1), RougeType::N(2), RougeType::L];
        Ok(Rouge { scorer: RougeScorer::with_tokenizer(types, Tokenizer::new(true))? })
    }

    /// F1 of `prediction` against the human `reference`.
    pub fn score(&self, reference: &str, prediction: &str) -> RougeF1 {
        let scores = self.scorer.score(reference, prediction);
        let f1 = |kind| scores.get(kind).map_or(0.0, |score| score.fmeasure);
        RougeF1 {
            rouge1: f1(RougeType::N(1)),
            rouge2: f1(RougeType::N(2)),
            rouge_l: f1(RougeType::L),
        }
    }
}

/// The first `words` whitespace-separated words of the sentences, joined by spaces: a system's
/// summary as it is scored.
pub fn cut_to_words<S: AsRef<str>>(sentences: &[S], words: usize) -> String {
    let kept: Vec<&str> =
        sentences.iter().flat_map(|s| s.as_ref().split_whitespace()).take(words).collect();
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rouge_matches_rouge_score_on_a_known_pair() {
        // rouge-score with use_stemmer=True gives rouge1 F 0.7058823529411765 on this pair.
        let rouge = Rouge::new().expect("scorer");
        let scores = rouge.score(
            "The quick brown fox jumps over the lazy dog",
            "The quick brown dog jumps on the log.",
        );
        assert!((scores.rouge1 - 0.7058823529411765).abs() < 1e-12, "{scores:?}");
        assert!(scores.rouge2 > 0.0 && scores.rouge2 < scores.rouge1);
        assert_eq!(rouge.score("Rain fell.", "").rouge1, 0.0);
    }

    #[test]
    fn stemming_counts_inflections_as_one_word() {
        let rouge = Rouge::new().expect("scorer");
        assert_eq!(rouge.score("floods closed roads", "flooding closes road").rouge1, 1.0);
    }

    #[test]
    fn means_and_cuts() {
        let mean = RougeF1::mean(&[
            RougeF1 { rouge1: 0.5, rouge2: 0.2, rouge_l: 0.4 },
            RougeF1 { rouge1: 0.3, rouge2: 0.0, rouge_l: 0.2 },
        ]);
        assert!((mean.rouge1 - 0.4).abs() < 1e-12 && (mean.rouge2 - 0.1).abs() < 1e-12);
        assert_eq!(RougeF1::mean(&[]), RougeF1::default());
        assert_eq!(
            cut_to_words(&["Rain fell on Portvale.", "Roads closed."], 5),
            "Rain fell on Portvale. Roads"
        );
    }

    #[test]
    fn summaries_are_read_with_and_without_headlines() {
        let folder = tempfile::tempdir().expect("tempdir");
        let path = folder.path().join("set.summaries.jsonl");
        std::fs::write(
            &path,
            "{\"story\": \"s1\", \"headline\": \"Rain\", \"summary\": \"Rain fell.\"}\n\n{\"story\": \"s2\", \"summary\": null}\n",
        )
        .expect("write");
        let read = read_summaries(&path).expect("read");
        assert_eq!(read.len(), 2);
        assert_eq!(read[0].headline.as_deref(), Some("Rain"));
        assert_eq!(read[1].summary, None);
        std::fs::write(&path, "not json\n").expect("write");
        assert!(matches!(read_summaries(&path), Err(EvalError::BadLine { line: 1, .. })));
    }
}
