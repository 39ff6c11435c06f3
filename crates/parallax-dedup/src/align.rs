//! Rewritten and translated copies: texts that tell the same sentences in other words.
//!
//! Shingles miss a wire report that an outlet rewrote or translated back, because few runs of
//! three words survive. What survives is the skeleton: the same names, numbers and rare words,
//! sentence by sentence, in the same order. Candidates are pairs sharing several rare anchor
//! terms (names, numbers); a pair is a copy when enough sentences of the shorter text find a
//! counterpart in the longer one, in order.

use std::collections::HashSet;
use std::sync::LazyLock;

use parallax_core::{Article, sentences};
use xxhash_rust::xxh3::xxh3_64;

use crate::DedupConfig;
use crate::fasthash::FastMap;

/// Words too common to say anything about a sentence.
const STOPWORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "to", "in", "on", "at", "for", "with", "by",
    "from", "as", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it",
    "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you", "his", "her",
    "their", "our", "not", "no", "will", "would", "can", "could", "should", "may", "might", "must",
    "do", "does", "did", "said", "says", "say", "told", "also", "than", "then", "there", "which",
    "who", "whom", "what", "when", "where", "while", "if", "so", "about", "into", "over", "after",
    "before", "more", "most", "such", "any", "all", "some", "one", "two", "him", "them", "us",
];

type FastSet<T> = HashSet<T, std::hash::BuildHasherDefault<crate::fasthash::FastHasher>>;

static STOPWORD_SET: LazyLock<FastSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Letters kept of each word: a crude stem that holds across inflections ("deploy", "deploying").
const STEM_CHARS: usize = 6;

/// What alignment needs of one article.
pub(crate) struct AlignProfile {
    /// Per sentence, its distinct content stems, sorted.
    sentences: Vec<Vec<u64>>,
    /// Distinct names and numbers: capitalised words not opening a sentence, and digit runs.
    anchors: Vec<u64>,
}

/// A sentence ready for comparison: its stems with their weights, and their total.
pub(crate) struct WeightedSentence {
    stems: Vec<(u64, f32)>,
    total: f32,
}

fn stem(lower: &str) -> u64 {
    let end = lower.char_indices().nth(STEM_CHARS).map_or(lower.len(), |(i, _)| i);
    xxh3_64(&lower.as_bytes()[..end])
}

pub(crate) fn profile(article: &Article) -> AlignProfile {
    let mut all_sentences = Vec::new();
    let mut anchors = Vec::new();
    let mut lower = String::new();
    for paragraph in &article.body {
        let text = paragraph.text.as_str();
        for range in sentences(text) {
            let mut stems = Vec::new();
            let words = text[range].split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty());
            for (position, word) in words.enumerate() {
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                if STOPWORD_SET.contains(lower.as_str()) {
                    continue;
                }
                let stemmed = stem(&lower);
                stems.push(stemmed);
                let capitalised = word.chars().next().is_some_and(char::is_uppercase);
                let numeric = word.len() >= 2 && word.chars().any(|c| c.is_ascii_digit());
                if (capitalised && position > 0) || numeric {
                    anchors.push(stemmed);
                }
            }
            stems.sort_unstable();
            stems.dedup();
            if !stems.is_empty() {
                all_sentences.push(stems);
            }
        }
    }
    anchors.sort_unstable();
    anchors.dedup();
    AlignProfile { sentences: all_sentences, anchors }
}

/// Inverse document frequency weights of stems over a set of profiles.
pub(crate) struct Weights {
    idf: FastMap<u64, f32>,
    unseen: f32,
}

impl Weights {
    pub fn new(profiles: &[AlignProfile]) -> Weights {
        let mut frequency: FastMap<u64, u32> = FastMap::default();
        let mut stems: Vec<u64> = Vec::new();
        for profile in profiles {
            stems.clear();
            stems.extend(profile.sentences.iter().flatten().copied());
            stems.sort_unstable();
            stems.dedup();
            for &stem in &stems {
                *frequency.entry(stem).or_default() += 1;
            }
        }
        let documents = profiles.len().max(1) as f32;
        let idf = frequency
            .into_iter()
            .map(|(stem, df)| (stem, (1.0 + documents / df as f32).ln()))
            .collect();
        Weights { idf, unseen: (1.0 + documents).ln() }
    }

    fn of(&self, stem: u64) -> f32 {
        self.idf.get(&stem).copied().unwrap_or(self.unseen)
    }

    /// The sentences of a profile with their weights, for comparison.
    pub fn weigh(&self, profile: &AlignProfile) -> Vec<WeightedSentence> {
        profile
            .sentences
            .iter()
            .map(|stems| {
                let stems: Vec<(u64, f32)> = stems.iter().map(|&s| (s, self.of(s))).collect();
                let total = stems.iter().map(|(_, w)| w).sum();
                WeightedSentence { stems, total }
            })
            .collect()
    }
}

/// Pairs (i < j) sharing at least `min_shared_anchors` anchors that are not common to many texts.
pub(crate) fn candidates(profiles: &[AlignProfile], config: &DedupConfig) -> Vec<(usize, usize)> {
    let mut postings: FastMap<u64, Vec<usize>> = FastMap::default();
    for (index, profile) in profiles.iter().enumerate() {
        for &anchor in &profile.anchors {
            postings.entry(anchor).or_default().push(index);
        }
    }
    // Texts too short to ever align stay in the counts (an anchor common among them is still
    // common) but propose no pairs.
    let long_enough =
        |index: &usize| profiles[*index].sentences.len() >= config.rewritten_min_sentences;
    // An anchor in very many texts ("Trump", "2020") tells nothing and would make the pair
    // count quadratic.
    let cap = config.max_anchor_texts.max(2);
    let mut shared: FastMap<(usize, usize), u32> = FastMap::default();
    for members in postings.values().filter(|m| m.len() >= 2 && m.len() <= cap) {
        let members: Vec<usize> = members.iter().copied().filter(long_enough).collect();
        for (position, &a) in members.iter().enumerate() {
            for &b in &members[position + 1..] {
                *shared.entry((a, b)).or_default() += 1;
            }
        }
    }
    let mut pairs: Vec<(usize, usize)> = shared
        .into_iter()
        .filter(|&(_, count)| count >= config.min_shared_anchors)
        .map(|(pair, _)| pair)
        .collect();
    pairs.sort_unstable();
    pairs
}

/// The share of the shorter text's sentences that have a counterpart in the longer one, in
/// order, and how many that is.
pub(crate) fn alignment(
    a: &[WeightedSentence],
    b: &[WeightedSentence],
    config: &DedupConfig,
) -> (f32, usize) {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let eligible: Vec<&WeightedSentence> =
        short.iter().filter(|s| s.stems.len() >= config.min_sentence_terms).collect();
    if eligible.len() < config.rewritten_min_sentences {
        return (0.0, 0);
    }
    let mut matched: Vec<usize> = Vec::new();
    for sentence in &eligible {
        let best = long
            .iter()
            .enumerate()
            .map(|(index, other)| (index, dice(sentence, other)))
            .max_by(|x, y| x.1.total_cmp(&y.1));
        if let Some((index, score)) = best
            && score >= config.sentence_similarity
        {
            matched.push(index);
        }
    }
    let in_order = longest_increasing(&matched);
    (in_order as f32 / eligible.len() as f32, in_order)
}

/// Weighted Dice overlap of two sentences.
fn dice(a: &WeightedSentence, b: &WeightedSentence) -> f32 {
    let (mut i, mut j, mut shared) = (0, 0, 0.0f32);
    while i < a.stems.len() && j < b.stems.len() {
        match a.stems[i].0.cmp(&b.stems[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += a.stems[i].1;
                i += 1;
                j += 1;
            }
        }
    }
    let total = a.total + b.total;
    if total == 0.0 { 0.0 } else { 2.0 * shared / total }
}

/// Length of the longest strictly increasing subsequence.
fn longest_increasing(values: &[usize]) -> usize {
    let mut tails: Vec<usize> = Vec::new();
    for &value in values {
        match tails.binary_search(&value) {
            Ok(_) => {}
            Err(position) if position == tails.len() => tails.push(value),
            Err(position) => tails[position] = value,
        }
    }
    tails.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_subsequence() {
        assert_eq!(longest_increasing(&[0, 5, 1, 2, 9, 3]), 4);
        assert_eq!(longest_increasing(&[3, 3, 3]), 1);
        assert_eq!(longest_increasing(&[]), 0);
    }
}
