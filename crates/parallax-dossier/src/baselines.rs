//! Unsupervised summarisers parallax is measured against: LexRank, TextRank, centroid, MMR.
//!
//! Written from the papers. Each takes a story's candidate sentences and returns the indices
//! of the sentences it picks, in reading order (index order). Sentences are taken best first
//! until the picked ones hold at least `words` words, so the last one may run past the budget:
//! the caller cuts the joined text at `words` words, as the evaluation does for every system.
//! All four see the same vectors (stemmed content words, TF-IDF over the story's sentences).
//!
//! ```
//! use parallax_dossier::baselines::lexrank;
//!
//! let sentences = [
//!     "Tickets for the autumn concert go on sale next week.",
//!     "Floods closed the harbour road in Portvale and the mayor opened a shelter.",
//!     "Floods also hit the old town.",
//!     "The mayor visited the shelter.",
//!     "The harbour road in Portvale carries most freight.",
//! ];
//! assert_eq!(lexrank(&sentences, 5), [1]);
//! ```

use crate::similarity::{Space, dot, overlap, pagerank, word_count};

/// A sentence this close (TF-IDF cosine) to one already picked says the same thing and is
/// skipped by the ranking baselines, as MEAD's reranker does.
pub const REDUNDANT: f64 = 0.5;

/// LexRank's edge threshold: sentences closer than this (cosine) are linked (Erkan & Radev's
/// best setting).
pub const LEXRANK_THRESHOLD: f64 = 0.1;

/// The damping factor of the random walks in LexRank and TextRank.
pub const DAMPING: f64 = 0.85;

/// MMR's trade-off between relevance and novelty.
pub const MMR_LAMBDA: f64 = 0.7;

/// LexRank (Erkan & Radev 2004): a graph linking sentences whose TF-IDF cosine reaches
/// [`LEXRANK_THRESHOLD`], ranked by its stationary distribution (power iteration, damping
/// [`DAMPING`]); sentences taken by rank, redundant ones skipped.
pub fn lexrank(sentences: &[&str], words: usize) -> Vec<usize> {
    let space = Space::new(sentences);
    let n = sentences.len();
    let weights: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            (0..n)
                .map(|j| if space.cosine(i, j) >= LEXRANK_THRESHOLD { 1.0 } else { 0.0 })
                .collect()
        })
        .collect();
    let scores = pagerank(&weights, DAMPING);
    take_ranked(&space, sentences, &scores, words)
}

/// TextRank (Mihalcea & Tarau 2004): sentences linked by the content words they share,
/// `|Si ∩ Sj| / (ln |Si| + ln |Sj|)`, ranked by weighted PageRank with damping [`DAMPING`];
/// sentences taken by rank, redundant ones skipped.
pub fn textrank(sentences: &[&str], words: usize) -> Vec<usize> {
    let space = Space::new(sentences);
    let n = sentences.len();
    let weights: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 0.0 } else { word_overlap(&space, i, j) }).collect())
        .collect();
    let scores = pagerank(&weights, DAMPING);
    take_ranked(&space, sentences, &scores, words)
}

/// Mihalcea & Tarau's sentence similarity. Two one-word sentences have no length to
/// normalise by; their shared word counts once.
fn word_overlap(space: &Space, first: usize, second: usize) -> f64 {
    let shared = overlap(&space.terms[first], &space.terms[second]) as f64;
    if shared == 0.0 {
        return 0.0;
    }
    let norm = (space.terms[first].len() as f64).ln() + (space.terms[second].len() as f64).ln();
    if norm > 0.0 { shared / norm } else { shared }
}

/// The centroid method of MEAD (Radev et al. 2004): the story's centroid holds each term's
/// TF-IDF summed over the story (a pseudo-document of its most telling words); a sentence
/// scores the sum of the centroid values of its words. Sentences taken by score, redundant
/// ones skipped.
pub fn centroid(sentences: &[&str], words: usize) -> Vec<usize> {
    let space = Space::new(sentences);
    let mut values = vec![0.0; space.idf.len()];
    for terms in &space.terms {
        for &term in terms {
            values[term] += space.idf[term];
        }
    }
    // Only words that come back in the story belong to its centroid; a word of one sentence
    // would reward length, not content.
    for (term, value) in values.iter_mut().enumerate() {
        if *value <= space.idf[term] {
            *value = 0.0;
        }
    }
    let scores: Vec<f64> =
        space.terms.iter().map(|terms| terms.iter().map(|&term| values[term]).sum()).collect();
    take_ranked(&space, sentences, &scores, words)
}

/// Maximal Marginal Relevance (Carbonell & Goldstein 1998): the query is the story itself (the
/// centroid of its sentence vectors); each step picks the sentence maximising `λ · sim(s, q) −
/// (1 − λ) · max sim(s, picked)` with λ = [`MMR_LAMBDA`] and TF-IDF cosine for both.
pub fn mmr(sentences: &[&str], words: usize) -> Vec<usize> {
    let space = Space::new(sentences);
    let query = space.centroid(0..sentences.len());
    let relevance: Vec<f64> = space.vectors.iter().map(|vector| dot(vector, &query)).collect();
    let mut picked: Vec<usize> = Vec::new();
    let mut total = 0;
    while total < words {
        let best = (0..sentences.len())
            .filter(|index| !picked.contains(index) && !space.vectors[*index].is_empty())
            .map(|index| {
                let closest =
                    picked.iter().map(|&other| space.cosine(index, other)).fold(0.0, f64::max);
                (index, MMR_LAMBDA * relevance[index] - (1.0 - MMR_LAMBDA) * closest)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((index, _)) = best else { break };
        picked.push(index);
        total += word_count(sentences[index]);
    }
    picked.sort_unstable();
    picked
}

/// Sentences by descending score (ties to the earlier), skipping empty and redundant ones,
/// until the picked hold at least `words` words; returned in reading order.
fn take_ranked(space: &Space, sentences: &[&str], scores: &[f64], words: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..sentences.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut picked: Vec<usize> = Vec::new();
    let mut total = 0;
    for index in order {
        if total >= words {
            break;
        }
        let empty = space.vectors[index].is_empty();
        if empty || picked.iter().any(|&other| space.cosine(index, other) > REDUNDANT) {
            continue;
        }
        picked.push(index);
        total += word_count(sentences[index]);
    }
    picked.sort_unstable();
    picked
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One sentence shares its words with all the others; the rest share little with each other.
    const STORY: [&str; 6] = [
        "Tickets for the autumn concert series go on sale next week.",
        "Floods closed the harbour road in Portvale and the mayor opened a shelter.",
        "Floods also hit the old town.",
        "The mayor visited the old town shelter.",
        "Portvale harbour reopens tomorrow.",
        "The harbour road in Portvale carries most freight.",
    ];

    type Baseline = fn(&[&str], usize) -> Vec<usize>;
    const BASELINES: [(&str, Baseline); 4] =
        [("lexrank", lexrank), ("textrank", textrank), ("centroid", centroid), ("mmr", mmr)];

    #[test]
    fn each_baseline_picks_the_central_sentence_first() {
        for (name, baseline) in BASELINES {
            assert_eq!(baseline(&STORY, 5), [1], "{name}");
        }
    }

    #[test]
    fn budgets_are_filled_and_the_last_pick_crosses_them() {
        for (name, baseline) in BASELINES {
            let picked = baseline(&STORY, 20);
            let words: Vec<usize> = picked.iter().map(|&i| word_count(STORY[i])).collect();
            let total: usize = words.iter().sum();
            assert!(total >= 20, "{name}: {picked:?}");
            assert!(picked.windows(2).all(|pair| pair[0] < pair[1]), "{name}: {picked:?}");
        }
    }

    #[test]
    fn empty_and_single_sentence_stories() {
        for (name, baseline) in BASELINES {
            assert!(baseline(&[], 10).is_empty(), "{name}");
            assert_eq!(baseline(&["Floods closed the harbour road."], 10), [0], "{name}");
        }
    }

    /// MMR trades novelty against relevance instead of skipping, so only the ranking
    /// baselines are held to this.
    #[test]
    fn repeated_sentences_are_picked_once() {
        let story = [
            "Floods closed the harbour road in Portvale.",
            "Floods closed the harbour road in Portvale.",
            "The mayor opened a shelter for families.",
        ];
        for (name, baseline) in &BASELINES[..3] {
            let picked = baseline(&story, 12);
            assert!(!(picked.contains(&0) && picked.contains(&1)), "{name}: {picked:?}");
        }
    }
}
