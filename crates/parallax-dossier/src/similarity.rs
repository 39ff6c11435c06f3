//! Sentence vectors shared by the summarisers: stemmed content words, TF-IDF weights, cosine.
//!
//! Every summariser of a story sees the same vectors, so the comparison between them is about
//! how they choose, not how they count words.

use std::collections::{BTreeSet, HashMap};

use parallax_core::words::Pipeline;

/// How many words a text has, counted by whitespace as the word budgets are.
pub(crate) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// A sparse vector: `(term, weight)` sorted by term.
pub(crate) type Sparse = Vec<(usize, f64)>;

/// The sentences of one story as term ids and TF-IDF vectors.
pub(crate) struct Space {
    /// Each sentence's distinct content terms, sorted.
    pub terms: Vec<Vec<usize>>,
    /// Each sentence's TF-IDF vector, scaled to length 1 (empty when it has no content word).
    pub vectors: Vec<Sparse>,
    /// Inverse sentence frequency of each term.
    pub idf: Vec<f64>,
}

impl Space {
    /// Builds the vectors of `sentences`: stemmed content words counted per sentence, each
    /// weighted by `ln((1 + n) / (1 + df)) + 1` over the story's `n` sentences.
    pub fn new(sentences: &[&str]) -> Space {
        let content = Pipeline::english_content();
        let mut ids: HashMap<String, usize> = HashMap::new();
        let counts: Vec<Vec<(usize, f64)>> = sentences
            .iter()
            .map(|sentence| {
                let mut counts: HashMap<usize, f64> = HashMap::new();
                content.for_each(sentence, |stem| {
                    let next = ids.len();
                    let id = *ids.entry(stem.to_owned()).or_insert(next);
                    *counts.entry(id).or_insert(0.0) += 1.0;
                });
                let mut counts: Vec<(usize, f64)> = counts.into_iter().collect();
                counts.sort_unstable_by_key(|&(term, _)| term);
                counts
            })
            .collect();
        let mut frequency = vec![0usize; ids.len()];
        for sentence in &counts {
            for &(term, _) in sentence {
                frequency[term] += 1;
            }
        }
        let n = sentences.len() as f64;
        let idf: Vec<f64> =
            frequency.iter().map(|&df| ((1.0 + n) / (1.0 + df as f64)).ln() + 1.0).collect();
        let vectors = counts
            .iter()
            .map(|sentence| {
                unit(sentence.iter().map(|&(term, tf)| (term, tf * idf[term])).collect())
            })
            .collect();
        let terms = counts
            .iter()
            .map(|sentence| sentence.iter().map(|&(term, _)| term).collect())
            .collect();
        Space { terms, vectors, idf }
    }

    /// The cosine of two sentences' TF-IDF vectors.
    pub fn cosine(&self, first: usize, second: usize) -> f64 {
        dot(&self.vectors[first], &self.vectors[second])
    }

    /// The mean of the sentence vectors of `members`, scaled to length 1: the story's centroid.
    pub fn centroid(&self, members: impl Iterator<Item = usize>) -> Sparse {
        let mut sum: HashMap<usize, f64> = HashMap::new();
        for member in members {
            for &(term, weight) in &self.vectors[member] {
                *sum.entry(term).or_insert(0.0) += weight;
            }
        }
        let mut entries: Sparse = sum.into_iter().collect();
        entries.sort_unstable_by_key(|&(term, _)| term);
        unit(entries)
    }
}

/// `vector` scaled to length 1; an empty or zero vector stays empty.
pub(crate) fn unit(mut vector: Sparse) -> Sparse {
    let norm = vector.iter().map(|(_, weight)| weight * weight).sum::<f64>().sqrt();
    if norm == 0.0 {
        return Vec::new();
    }
    for (_, weight) in &mut vector {
        *weight /= norm;
    }
    vector
}

/// The dot product of two sparse vectors sorted by term.
pub(crate) fn dot(first: &[(usize, f64)], second: &[(usize, f64)]) -> f64 {
    parallax_core::sparse::dot(first, second)
}

pub(crate) use parallax_core::sparse::overlap;

/// PageRank over a weighted graph given as rows of outgoing weights: `(1 - d) / n + d ·
/// Σ_j w_ji / Σ_k w_jk · r_j`, iterated until no score moves by more than 1e-8 (or 200 rounds).
/// A node without edges spreads its score evenly.
pub(crate) fn pagerank(weights: &[Vec<f64>], damping: f64) -> Vec<f64> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let totals: Vec<f64> = weights.iter().map(|row| row.iter().sum()).collect();
    let mut rank = vec![1.0 / n as f64; n];
    for _ in 0..200 {
        let dangling: f64 =
            (0..n).filter(|&j| totals[j] == 0.0).map(|j| rank[j]).sum::<f64>() / n as f64;
        let next: Vec<f64> = (0..n)
            .map(|i| {
                let inflow: f64 = (0..n)
                    .filter(|&j| totals[j] > 0.0)
                    .map(|j| weights[j][i] / totals[j] * rank[j])
                    .sum();
                (1.0 - damping) / n as f64 + damping * (inflow + dangling)
            })
            .collect();
        let moved = next.iter().zip(&rank).map(|(a, b)| (a - b).abs()).fold(0.0, f64::max);
        rank = next;
        if moved < 1e-8 {
            break;
        }
    }
    rank
}

/// The words of a text (runs of letters, digits, apostrophes and hyphens) with their byte
/// offsets.
pub(crate) fn words_at(text: &str) -> Vec<(usize, &str)> {
    let mut found = Vec::new();
    let mut start = None;
    let part = |c: char| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-');
    for (at, c) in text.char_indices() {
        match (start, part(c)) {
            (None, true) => start = Some(at),
            (Some(from), false) => {
                found.push((from, &text[from..at]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        found.push((from, &text[from..]));
    }
    found
}

/// A sentence's claim: the stems of its content words that are neither names (capitalised
/// words, the sentence's first word read as any other) nor figures nor words `skip`s (by byte
/// offset: the speaker's). Names are a story's topic, shared by its every sentence; what a
/// sentence says of them is in the rest.
pub(crate) fn claim_stems(text: &str, skip: impl Fn(usize) -> bool) -> BTreeSet<String> {
    let mut kept = String::new();
    let mut first = true;
    for (offset, word) in words_at(text) {
        let capital = word.starts_with(char::is_uppercase);
        let figure = word.chars().any(|c| c.is_ascii_digit());
        if !word.chars().any(char::is_alphanumeric) {
            continue;
        }
        if !skip(offset) && (!capital || first) && !figure {
            kept.push_str(word);
            kept.push(' ');
        }
        first = false;
    }
    let mut stems = BTreeSet::new();
    Pipeline::english_content().for_each(&kept, |stem| {
        stems.insert(stem.to_string());
    });
    stems
}
