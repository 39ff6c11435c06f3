//! Finding the copies of an arriving article among stored ones without holding them all: the
//! keys a store indexes per article, and the rule that turns the articles found under an
//! arriving article's keys into candidates for [`crate::copies_among`].
//!
//! Two kinds of key. A *shingle key* (the exact text's, and one per MinHash band) shared by two
//! articles makes them a candidate pair, as [`crate::candidate_pairs`] pairs articles held
//! together. An *anchor key* is one of a sample of an article's anchors (names and numbers): a
//! rewritten or translated copy shares few shingles but most anchors, and two anchor sets that
//! overlap mostly share much of their smallest-hash samples too (a bottom-k sketch). Shingle
//! keys are even and anchor keys odd, so one index holds both.

use parallax_core::Article;
use parallax_core::fasthash::FastMap;

use crate::minhash::{MinHasher, band_keys};
use crate::{DedupConfig, Fingerprint, fingerprint};

/// The version of the keys' recipe: raised whenever the same article and settings would give
/// other keys (tokens, hashing, the sample), so that a store computes its keys again.
pub const COPY_KEYS_VERSION: u32 = 2;

/// Anchors kept per article: the ones with the smallest hashes.
const ANCHOR_SAMPLE: usize = 24;
/// Sampled anchors a stored article must share with an arriving one to be compared.
const MIN_SHARED_ANCHORS: usize = 3;
/// Stored articles read per shingle key, latest first (a crowded bucket is templated text; the
/// latest of its members are the ones a copy joins).
const BUCKET: usize = 32;
/// Stored articles compared with one arriving article at most: those sharing most keys.
const MAX_CANDIDATES: usize = 64;

/// The most stored articles [`copy_candidates`] asks for under one key: a store can fetch
/// every key of a batch at once with this limit.
pub fn postings_limit(config: &DedupConfig) -> usize {
    BUCKET.max(config.max_anchor_texts.max(2) + 1)
}

/// What a store keeps of an article so that articles arriving later find it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CopyKeys {
    /// The exact text's key and one key per MinHash band (even numbers).
    pub shingles: Vec<u64>,
    /// A sample of the article's names and numbers (odd numbers); none for a text too short to
    /// be compared sentence by sentence.
    pub anchors: Vec<u64>,
}

impl CopyKeys {
    /// Every key, shingle keys first.
    pub fn all(&self) -> impl Iterator<Item = u64> + '_ {
        self.shingles.iter().chain(&self.anchors).copied()
    }
}

/// Mixes a hash so that its low bits are as good as its high ones (SplitMix64's finaliser).
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The keys of an article under `config` (the same settings find the same keys).
pub fn copy_keys(article: &Article, config: &DedupConfig) -> CopyKeys {
    copy_keys_of(&fingerprint(article, config), config)
}

/// The keys of an article's [`Fingerprint`], made with the same `config`.
pub fn copy_keys_of(print: &Fingerprint, config: &DedupConfig) -> CopyKeys {
    let profile = &print.profile;
    let hasher = MinHasher::new(config.permutations, config.seed);
    let mut shingles = band_keys(&hasher.signature(&profile.shingles), config.band_rows);
    // The exact key is a hash of the words, the band keys of a band number and values: apart.
    shingles.extend(profile.exact_key.map(|key| mix(key ^ 0x6578_6163_7400_0000)));
    for key in &mut shingles {
        *key &= !1;
    }
    let mut anchors = Vec::new();
    if let Some(align) = &print.align
        && align.sentences.len() >= config.rewritten_min_sentences
    {
        anchors = align.anchors.iter().map(|&anchor| mix(anchor) | 1).collect();
        anchors.sort_unstable();
        anchors.dedup();
        anchors.truncate(ANCHOR_SAMPLE);
    }
    CopyKeys { shingles, anchors }
}

/// The stored articles (by the store's number for each) an arriving article with `keys` is to
/// be compared with. `postings(key, limit)` gives up to `limit` stored articles filed under a
/// key, latest first. A stored article is a candidate when it shares a shingle key, or
/// [`MIN_SHARED_ANCHORS`] sampled anchors none of which is common to more than
/// `config.max_anchor_texts` stored articles; at most [`MAX_CANDIDATES`], those sharing most
/// keys (then the latest). Sorted by number.
pub fn copy_candidates<E>(
    keys: &CopyKeys,
    config: &DedupConfig,
    mut postings: impl FnMut(u64, usize) -> Result<Vec<i64>, E>,
) -> Result<Vec<i64>, E> {
    let mut shingle_hits: FastMap<i64, usize> = FastMap::default();
    for &key in &keys.shingles {
        for stored in postings(key, BUCKET)? {
            *shingle_hits.entry(stored).or_default() += 1;
        }
    }
    let cap = config.max_anchor_texts.max(2);
    let mut anchor_hits: FastMap<i64, usize> = FastMap::default();
    for &key in &keys.anchors {
        let found = postings(key, cap + 1)?;
        if found.len() > cap {
            continue;
        }
        for stored in found {
            *anchor_hits.entry(stored).or_default() += 1;
        }
    }
    let mut score = shingle_hits.clone();
    for (stored, count) in anchor_hits {
        if count >= MIN_SHARED_ANCHORS || shingle_hits.contains_key(&stored) {
            *score.entry(stored).or_default() += count;
        }
    }
    let mut scored: Vec<(usize, i64)> = score.into_iter().map(|(s, c)| (c, s)).collect();
    scored.sort_unstable_by(|a, b| b.cmp(a));
    scored.truncate(MAX_CANDIDATES);
    let mut chosen: Vec<i64> = scored.into_iter().map(|(_, stored)| stored).collect();
    chosen.sort_unstable();
    Ok(chosen)
}

/// The stored articles a batch of arriving articles is compared with: [`copy_candidates`] of
/// each, together, sorted and each once. A store and an in-memory index (the streamed
/// evaluation) both find candidates through this.
pub fn batch_candidates<E>(
    batch: &[CopyKeys],
    config: &DedupConfig,
    mut postings: impl FnMut(u64, usize) -> Result<Vec<i64>, E>,
) -> Result<Vec<i64>, E> {
    let mut wanted = Vec::new();
    for keys in batch {
        wanted.extend(copy_candidates(keys, config, &mut postings)?);
    }
    wanted.sort_unstable();
    wanted.dedup();
    Ok(wanted)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tests::article;
    use crate::{CopyKind, copies_among};
    use parallax_core::ArticleId;

    /// An invented wire report, a sentence a line, and the same report retold (names and
    /// numbers kept, most other words changed): fixtures shared by the copy tests.
    fn wire() -> Vec<&'static str> {
        include_str!("../tests/fixtures/strike-wire.txt").lines().collect()
    }

    fn retold() -> Vec<&'static str> {
        include_str!("../tests/fixtures/strike-retold.txt").lines().collect()
    }

    /// A store's key index in a map: number → article, key → numbers.
    #[derive(Default)]
    struct Index {
        articles: Vec<Article>,
        postings: FastMap<u64, Vec<i64>>,
    }

    impl Index {
        fn add(&mut self, article: Article) {
            let number = self.articles.len() as i64;
            for key in copy_keys(&article, &DedupConfig::default()).all() {
                self.postings.entry(key).or_default().push(number);
            }
            self.articles.push(article);
        }

        fn candidates(&self, article: &Article) -> Vec<i64> {
            let keys = copy_keys(article, &DedupConfig::default());
            let lookup = |key: u64, limit: usize| -> Result<Vec<i64>, ()> {
                let found = self.postings.get(&key).cloned().unwrap_or_default();
                Ok(found.into_iter().rev().take(limit).collect())
            };
            copy_candidates(&keys, &DedupConfig::default(), lookup).expect("no error")
        }
    }

    #[test]
    fn keys_of_the_two_kinds_never_meet() {
        let keys = copy_keys(&article("A", "2025-03-12", &wire()), &DedupConfig::default());
        assert_eq!(keys.shingles.len(), 43, "42 bands and the exact text");
        assert!(keys.shingles.iter().all(|key| key % 2 == 0));
        assert!(!keys.anchors.is_empty() && keys.anchors.len() <= ANCHOR_SAMPLE);
        assert!(keys.anchors.iter().all(|key| key % 2 == 1));
        let short = copy_keys(&article("A", "2025-03-12", &wire()[..2]), &DedupConfig::default());
        assert!(short.anchors.is_empty(), "too short to align: no anchors kept");
    }

    #[test]
    fn a_copy_and_a_retelling_find_the_stored_original_and_other_news_does_not() {
        let mut index = Index::default();
        index.add(article("Herald", "2025-03-12", &wire()));
        let other = [
            "Rain closed the coastal road near Velden for the second time this month.",
            "Council engineers said repairs to the sea wall would take until April.",
        ];
        index.add(article("Courier", "2025-03-12", &other));
        let copy = article("Post", "2025-03-13", &wire()[1..]);
        assert_eq!(index.candidates(&copy), [0]);
        let retold = article("Ledger", "2025-03-13", &retold());
        assert_eq!(index.candidates(&retold), [0], "found through its names and numbers");
        let news = article("Times", "2025-03-13", &["Rates were held at 4 percent on Monday."]);
        assert!(index.candidates(&news).is_empty());
    }

    #[test]
    fn a_new_copy_links_to_the_original_of_the_known_group() {
        let original = article("Herald", "2025-03-12", &wire());
        let known_copy = article("Post", "2025-03-13", &wire()[..5]);
        let new = article("Ledger", "2025-03-14", &wire()[1..]);
        let unrelated = article("Times", "2025-03-14", &["Rates were held on Monday."]);
        let known = [(&original, None), (&known_copy, Some(&original.id))];
        let links = copies_among(&[&new, &unrelated], &known, &DedupConfig::default());
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!((&links[0].copy, &links[0].copy_of), (&new.id, &original.id));
        assert!(matches!(links[0].kind, CopyKind::Near | CopyKind::Contained));
        // Known with only the copy at hand, the new one still names the group's original.
        let id = ArticleId::from_stored("elsewhere");
        let links = copies_among(&[&new], &[(&known_copy, Some(&id))], &DedupConfig::default());
        assert_eq!(links.len(), 1);
        assert_eq!(
            links[0].copy_of, known_copy.id,
            "the original is not at hand: the copy stands in"
        );
    }

    #[test]
    fn a_retelling_links_as_rewritten_and_links_among_known_ones_are_not_reported() {
        let original = article("Herald", "2025-03-12", &wire());
        let copy = article("Post", "2025-03-12", &wire());
        let retold = article("Ledger", "2025-03-13", &retold());
        let known = [(&original, None), (&copy, None)];
        let links = copies_among(&[&retold], &known, &DedupConfig::default());
        assert_eq!(links.len(), 1, "{links:?}");
        assert_eq!(links[0].copy, retold.id);
        assert_eq!(links[0].kind, CopyKind::Rewritten);
        assert!(links[0].aligned >= 0.35, "{}", links[0].aligned);
    }
}
