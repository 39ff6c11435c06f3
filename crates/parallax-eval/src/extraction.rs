//! Body-text extraction scored as the article-extraction benchmark scores it: word 4-gram
//! shingles (tokens are `\w+` runs, case kept) counted as multisets; per page, true positives,
//! false positives and false negatives normalised to sum 1, so long pages weigh no more than
//! short ones; precision averaged over pages with any output, recall over pages with any
//! gold text, F1 from the two averages.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use crate::clusters::Prf;
use crate::{EvalError, Result};

/// Shingle length of the benchmark.
const SHINGLE_WORDS: usize = 4;

/// One page's shares of matched, extra and missed shingles (summing to 1, or all 0).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageCounts {
    /// Shingles in both texts.
    pub matched: f64,
    /// Shingles only in the extracted text.
    pub extra: f64,
    /// Shingles only in the gold text.
    pub missed: f64,
}

impl PageCounts {
    /// Compares an extracted body with the gold body.
    pub fn compare(gold: &str, extracted: &str) -> PageCounts {
        let gold = shingles(gold);
        let extracted = shingles(extracted);
        let mut counts = PageCounts::default();
        for (shingle, &gold_count) in &gold {
            let extracted_count = extracted.get(shingle).copied().unwrap_or(0);
            counts.matched += gold_count.min(extracted_count) as f64;
            counts.missed += gold_count.saturating_sub(extracted_count) as f64;
        }
        for (shingle, &extracted_count) in &extracted {
            let gold_count = gold.get(shingle).copied().unwrap_or(0);
            counts.extra += extracted_count.saturating_sub(gold_count) as f64;
        }
        let total = counts.matched + counts.extra + counts.missed;
        if total > 0.0 {
            counts.matched /= total;
            counts.extra /= total;
            counts.missed /= total;
        }
        counts
    }

    /// This page's precision, or `None` when nothing was extracted: the benchmark leaves pages
    /// without output out of the precision average.
    fn precision(&self) -> Option<f64> {
        self.share_matched(self.extra)
    }

    /// This page's recall, or `None` when the page has no gold text.
    fn recall(&self) -> Option<f64> {
        self.share_matched(self.missed)
    }

    /// `matched / (matched + wrong)`, 1 for a perfect page, `None` when both are 0.
    fn share_matched(&self, wrong: f64) -> Option<f64> {
        if self.matched + wrong == 0.0 {
            return None;
        }
        Some(if self.extra == 0.0 && self.missed == 0.0 {
            1.0
        } else {
            self.matched / (self.matched + wrong)
        })
    }
}

/// Precision, recall and F1 over pages, as the benchmark averages them.
pub fn body_scores(pages: &[PageCounts]) -> Prf {
    let mean = |values: Vec<f64>| {
        if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 }
    };
    let precision = mean(pages.iter().filter_map(PageCounts::precision).collect());
    let recall = mean(pages.iter().filter_map(PageCounts::recall).collect());
    Prf::new(precision, recall)
}

/// The text's `\w+` tokens as overlapping 4-word shingles with their counts; a text of fewer
/// words is one shingle of all of them.
fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let tokens: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|token| !token.is_empty())
        .collect();
    let mut counts = HashMap::new();
    if tokens.is_empty() {
        return counts;
    }
    let windows = tokens.len().saturating_sub(SHINGLE_WORDS) + 1;
    for start in 0..windows {
        let end = (start + SHINGLE_WORDS).min(tokens.len());
        *counts.entry(tokens[start..end].to_vec()).or_insert(0) += 1;
    }
    counts
}

/// Reads an article-extraction-benchmark JSON file (`{id: {"articleBody": text, ...}}`, the
/// format of both its ground truth and extractor outputs) into bodies by page id.
pub fn read_bodies(path: &Path) -> Result<BTreeMap<String, String>> {
    Ok(read_predictions(path)?.into_iter().map(|(id, page)| (id, page.body)).collect())
}

/// What an extractor wrote for one page: its body and, when it gives them, its title,
/// authors and date (`YYYY-MM-DD...`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SavedPrediction {
    /// `articleBody`.
    pub body: String,
    /// `title`.
    pub title: Option<String>,
    /// `authors` (a list) or `author` (one string).
    pub authors: Vec<String>,
    /// `date`.
    pub date: Option<String>,
    /// Whether the page's record had any metadata key at all.
    pub has_metadata: bool,
}

/// Reads an extractor's output in the benchmark's format, with the optional metadata keys
/// `title`, `authors` (or `author`) and `date` that `parallax eval extraction
/// --write-predictions` writes too.
pub fn read_predictions(path: &Path) -> Result<BTreeMap<String, SavedPrediction>> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|source| EvalError::Io { path: name.clone(), source })?;
    let pages: BTreeMap<String, serde_json::Value> =
        serde_json::from_str(&text).map_err(|error| EvalError::BadLine {
            path: name.clone(),
            line: error.line(),
            reason: error.to_string(),
        })?;
    let text_of = |value: Option<&serde_json::Value>| {
        value.and_then(|v| v.as_str()).map(str::to_string).filter(|v| !v.trim().is_empty())
    };
    Ok(pages
        .into_iter()
        .map(|(id, page)| {
            let authors = match page.get("authors").or(page.get("author")) {
                Some(serde_json::Value::Array(list)) => {
                    list.iter().filter_map(|a| a.as_str()).map(str::to_string).collect()
                }
                Some(serde_json::Value::String(one)) => vec![one.clone()],
                _ => Vec::new(),
            };
            let prediction = SavedPrediction {
                body: text_of(page.get("articleBody")).unwrap_or_default(),
                title: text_of(page.get("title")),
                date: text_of(page.get("date")),
                has_metadata: ["title", "authors", "author", "date"]
                    .iter()
                    .any(|k| page.get(k).is_some()),
                authors,
            };
            (id, prediction)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_text_scores_one_and_case_counts() {
        let text = "The harbour bridge closed on Monday for repairs.";
        assert_eq!(body_scores(&[PageCounts::compare(text, text)]), Prf::new(1.0, 1.0));
        let shouted = PageCounts::compare(text, &text.to_uppercase());
        assert_eq!(shouted.matched, 0.0, "tokens keep their case, as in the benchmark");
    }

    #[test]
    fn counts_match_a_hand_computation() {
        // Gold: a b c d e -> shingles abcd, bcde. Extracted: a b c d x -> abcd, bcdx.
        // Matched 1, extra 1, missed 1, each a third.
        let counts = PageCounts::compare("a b c d e", "a b c d x");
        let third = 1.0 / 3.0;
        assert!((counts.matched - third).abs() < 1e-12 && (counts.extra - third).abs() < 1e-12);
        assert!((counts.missed - third).abs() < 1e-12);
        let scores = body_scores(&[counts]);
        assert!((scores.precision - 0.5).abs() < 1e-12 && (scores.recall - 0.5).abs() < 1e-12);
    }

    #[test]
    fn a_page_without_output_lowers_recall_but_not_precision() {
        let pages = [
            PageCounts::compare("one two three four five", "one two three four five"),
            PageCounts::compare("six seven eight nine", ""),
        ];
        let scores = body_scores(&pages);
        assert_eq!(scores.precision, 1.0);
        assert_eq!(scores.recall, 0.5);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        assert_eq!(shingles("Rain fell").len(), 1);
        assert_eq!(shingles("").len(), 0);
        assert_eq!(shingles("a b c d e f").len(), 3);
    }
}
