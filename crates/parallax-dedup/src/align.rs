//! Rewritten and translated copies: texts that tell the same sentences in other words.
//!
//! Shingles miss a wire report that an outlet rewrote or translated back, because few runs of
//! three words survive. What survives is the skeleton: the same names, numbers and rare words,
//! sentence by sentence, in the same order. Candidates are pairs sharing several rare anchor
//! terms (names, numbers); a pair is a copy when enough sentences of the shorter text find a
//! counterpart in the longer one, in order.

use crate::DedupConfig;
use crate::tokens::{CAPITAL, NUMBER, SENTENCE_END, STOP, Token};
use parallax_core::fasthash::FastMap;

/// What alignment needs of one article.
pub(crate) struct AlignProfile {
    /// Per sentence, its distinct content stems, sorted.
    pub(crate) sentences: Vec<Vec<u64>>,
    /// Distinct names and numbers: capitalised words not opening a sentence, and digit runs.
    pub(crate) anchors: Vec<u64>,
}

/// A sentence ready for comparison: its stems with their weights, and their total.
pub(crate) struct WeightedSentence {
    stems: Vec<(u64, f32)>,
    total: f32,
}

/// Sentences of content stems, and anchors, from an article's words.
pub(crate) fn profile(tokens: &[Token]) -> AlignProfile {
    let mut sentences = Vec::new();
    let mut anchors = Vec::new();
    let mut stems = Vec::new();
    let mut position = 0;
    for token in tokens {
        // Quoted words stay: a translated copy translates its quotes too (leaving them out lost
        // the seeds' translated wire copy); the density rule keeps shared quotes scattered
        // through two reports from making a copy.
        if token.flags & STOP == 0 {
            stems.push(token.stem);
            if (token.flags & CAPITAL != 0 && position > 0) || token.flags & NUMBER != 0 {
                anchors.push(token.stem);
            }
        }
        position += 1;
        if token.flags & SENTENCE_END != 0 {
            stems.sort_unstable();
            stems.dedup();
            if !stems.is_empty() {
                sentences.push(std::mem::take(&mut stems));
            }
            position = 0;
        }
    }
    anchors.sort_unstable();
    anchors.dedup();
    AlignProfile { sentences, anchors }
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
        .filter(|&((a, b), count)| {
            // Copies share most of their names and numbers, not just a handful of a long list.
            let fewer = profiles[a].anchors.len().min(profiles[b].anchors.len()).max(1);
            count >= config.min_shared_anchors
                && count as f32 >= config.min_anchor_share * fewer as f32
        })
        .map(|(pair, _)| pair)
        .collect();
    pairs.sort_unstable();
    pairs
}

/// How two texts' sentences align.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Alignment {
    /// Share of the shorter text's sentences with a counterpart in the longer one, in order.
    pub share: f32,
    /// How many sentences that is.
    pub count: usize,
    /// Those sentences over the stretch of the longer text their counterparts span: a copy
    /// follows its original's sentences one after another; two reports sharing facts match
    /// sentences scattered through it.
    pub density: f32,
}

/// How the shorter text's sentences align with the longer one's.
pub(crate) fn alignment(
    a: &[WeightedSentence],
    b: &[WeightedSentence],
    config: &DedupConfig,
) -> Alignment {
    let none = Alignment { share: 0.0, count: 0, density: 0.0 };
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let eligible: Vec<&WeightedSentence> =
        short.iter().filter(|s| s.stems.len() >= config.min_sentence_terms).collect();
    if eligible.len() < config.rewritten_min_sentences {
        return none;
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
    // The stretch is that of the in-order run: a stray match elsewhere does not widen it.
    let run = increasing_run(&matched);
    let (Some(&first), Some(&last)) = (run.first(), run.last()) else {
        return none;
    };
    Alignment {
        share: run.len() as f32 / eligible.len() as f32,
        count: run.len(),
        density: run.len() as f32 / (last - first + 1) as f32,
    }
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

/// A longest strictly increasing subsequence of `values` (the first found), in order.
pub(crate) fn increasing_run(values: &[usize]) -> Vec<usize> {
    // Patience sorting: `tails[k]` is the position of the smallest value ending a run of k + 1;
    // `before[i]` the position preceding values[i] in its run.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; values.len()];
    for (i, &value) in values.iter().enumerate() {
        let at = tails.partition_point(|&t| values[t] < value);
        if at > 0 {
            before[i] = Some(tails[at - 1]);
        }
        if at == tails.len() {
            tails.push(i);
        } else {
            tails[at] = i;
        }
    }
    let mut run = Vec::with_capacity(tails.len());
    let mut next = tails.last().copied();
    while let Some(i) = next {
        run.push(values[i]);
        next = before[i];
    }
    run.reverse();
    run
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_increasing_subsequence() {
        assert_eq!(increasing_run(&[0, 5, 1, 2, 9, 3]), [0, 1, 2, 3]);
        assert_eq!(increasing_run(&[38, 1, 2, 3, 4, 5]), [1, 2, 3, 4, 5], "a stray first match");
        assert_eq!(increasing_run(&[3, 3, 3]), [3]);
        assert!(increasing_run(&[]).is_empty());
    }
}
