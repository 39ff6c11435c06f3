//! Duplicates: which articles are copies of one text.
//!
//! [`find_duplicates`] takes articles and returns [`CopyGroup`]s: exact copies (the same words),
//! near copies (most word shingles shared) and contained copies (a trimmed copy inside a longer
//! text). Candidates come from MinHash signatures banded for locality-sensitive hashing, so the
//! cost grows with the number of articles, not pairs; every candidate is then verified on its
//! real shingle sets (Jaccard and containment). Each group names its original (earliest
//! published, then longest) and carries the wire credits found in its members, so a story can
//! count one agency text once.
//!
//! ```
//! use parallax_core::{Article, Paragraph};
//! use parallax_dedup::{CopyKind, DedupConfig, find_duplicates};
//!
//! let text = "Dock workers in Portvale walked out on Tuesday over unpaid overtime, \
//!             leaving forty ships at anchor, the union said.";
//! let make = |source: &str, body: &str| {
//!     let mut article = Article::new(vec![Paragraph::text(body)]);
//!     article.source = Some(source.into());
//!     article.seal();
//!     article
//! };
//! let articles = [make("Herald", text), make("Post", text), make("Ledger", "Rates held.")];
//! let groups = find_duplicates(&articles, &DedupConfig::default());
//! assert_eq!(groups.len(), 1);
//! assert_eq!(groups[0].kind, CopyKind::Exact);
//! ```

mod align;
#[cfg(feature = "embeddings")]
mod embed;
mod keys;
mod minhash;
mod shingles;
mod tokens;
mod wire;

#[cfg(feature = "embeddings")]
pub use embed::{EmbedError, Embedder, cosine};
pub use keys::{
    COPY_KEYS_VERSION, CopyKeys, batch_candidates, copy_candidates, copy_keys, copy_keys_of,
    postings_limit,
};
pub use minhash::{MinHasher, band_keys, candidate_pairs};
pub use wire::{WireCredit, wire_credits};

use parallax_core::fasthash::FastMap;

pub use parallax_core::CopyKind;
use parallax_core::{Article, ArticleId};
use serde::Serialize;

use crate::shingles::{intersection, shingles};
use crate::tokens::{Token, tokenize};

/// Settings of duplicate detection.
#[derive(Debug, Clone)]
pub struct DedupConfig {
    /// Words per shingle.
    pub shingle_words: usize,
    /// MinHash functions per signature (a multiple of `band_rows`).
    pub permutations: usize,
    /// Signature values per LSH band: fewer rows find less similar pairs, at more cost.
    pub band_rows: usize,
    /// Seed of the hash functions.
    pub seed: u64,
    /// Shingle Jaccard similarity from which two texts are near copies.
    pub near_jaccard: f64,
    /// Share of the shorter text's shingles found in the longer one from which it is a copy.
    pub containment: f64,
    /// Shingles the shorter text needs before containment alone counts (short texts share
    /// phrases by chance).
    pub min_contained_shingles: usize,
    /// Share of one text's narration shingles (words outside quotation marks) found in the
    /// other text, from which a near or contained pair is a copy: two reports quoting one
    /// statement at length share its words, not their own. Not applied when either text has
    /// fewer than `min_contained_shingles` shingles of narration.
    pub narration_containment: f64,
    /// Look for rewritten and translated copies by sentence alignment.
    pub rewritten: bool,
    /// Rare names and numbers two texts must share to be compared sentence by sentence.
    pub min_shared_anchors: u32,
    /// Anchors found in more texts than this are too common to propose a pair.
    pub max_anchor_texts: usize,
    /// Share of the smaller anchor set two texts must share to be compared.
    pub min_anchor_share: f32,
    /// Content words a sentence needs to take part in alignment.
    pub min_sentence_terms: usize,
    /// Weighted word overlap (Dice) from which two sentences say the same thing.
    pub sentence_similarity: f32,
    /// Share of the shorter text's sentences that must align, in order.
    pub rewritten_share: f32,
    /// Aligned sentences needed, however short the text.
    pub rewritten_min_sentences: usize,
    /// Aligned sentences over the stretch of the longer text their counterparts span, from
    /// which they are a copy's (one after another) rather than facts two reports share
    /// (scattered).
    pub rewritten_density: f32,
    /// With embeddings: cosine similarity from which two sentences say the same thing.
    pub semantic_similarity: f32,
}

impl Default for DedupConfig {
    fn default() -> DedupConfig {
        DedupConfig {
            shingle_words: 3,
            permutations: 126,
            band_rows: 3,
            seed: 0x7061_7261_6c6c_6178,
            near_jaccard: 0.6,
            containment: 0.7,
            min_contained_shingles: 8,
            narration_containment: 0.5,
            rewritten: true,
            min_shared_anchors: 8,
            max_anchor_texts: 30,
            min_anchor_share: 0.2,
            min_sentence_terms: 4,
            sentence_similarity: 0.5,
            rewritten_share: 0.35,
            rewritten_min_sentences: 5,
            rewritten_density: 0.5,
            semantic_similarity: 0.6,
        }
    }
}

/// One copy and what it copies.
#[derive(Debug, Clone, Serialize)]
pub struct CopyLink {
    /// The copy.
    pub copy: ArticleId,
    /// The article it is a copy of (the group's original).
    pub copy_of: ArticleId,
    /// How close the copy is.
    pub kind: CopyKind,
    /// Jaccard similarity of their shingle sets.
    pub jaccard: f32,
    /// Share of the shorter one's shingles inside the longer one.
    pub containment: f32,
    /// For rewritten copies, the share of the shorter one's sentences aligned, in order.
    pub aligned: f32,
}

/// Articles that are copies of one text.
#[derive(Debug, Clone, Serialize)]
pub struct CopyGroup {
    /// Every member, the original first.
    pub articles: Vec<ArticleId>,
    /// The member taken as the original: earliest published, then longest, then first seen.
    pub original: ArticleId,
    /// The loosest link in the group.
    pub kind: CopyKind,
    /// One link per member other than the original.
    pub links: Vec<CopyLink>,
    /// Wire credits found in members: (article, credit).
    pub wire: Vec<(ArticleId, WireCredit)>,
}

/// `(copy, original)` for every copy in the groups: what the story assigner takes.
pub fn copy_links(groups: &[CopyGroup]) -> Vec<(ArticleId, ArticleId)> {
    groups
        .iter()
        .flat_map(|group| {
            group
                .articles
                .iter()
                .filter(|id| **id != group.original)
                .map(|id| (id.clone(), group.original.clone()))
        })
        .collect()
}

/// What copy detection derives from one article's words: made once, it gives the article's
/// copy keys ([`copy_keys_of`]) and compares it ([`copies_among_printed`]).
pub struct Fingerprint {
    profile: Profile,
    /// Sentences for the alignment of rewritten copies, when `config.rewritten`.
    align: Option<align::AlignProfile>,
}

/// The [`Fingerprint`] of an article under `config`.
pub fn fingerprint(article: &Article, config: &DedupConfig) -> Fingerprint {
    let tokens = tokenize(article);
    Fingerprint {
        profile: profile(&tokens, config),
        align: config.rewritten.then(|| align::profile(&tokens)),
    }
}

/// What the detector keeps per article.
struct Profile {
    exact_key: Option<u64>,
    shingles: Vec<u32>,
    /// Shingles of the words outside quotation marks (each within one unquoted run).
    narration: Vec<u32>,
    tokens: usize,
}

fn profile(tokens: &[Token], config: &DedupConfig) -> Profile {
    let hashes: Vec<u64> = tokens.iter().map(|t| t.hash).collect();
    let exact_key = (!hashes.is_empty()).then(|| {
        let bytes: Vec<u8> = hashes.iter().flat_map(|t| t.to_le_bytes()).collect();
        xxhash_rust::xxh3::xxh3_64(&bytes)
    });
    let k = config.shingle_words.max(1);
    let mut narration: Vec<u32> = Vec::new();
    for run in tokens.split(|t| t.flags & tokens::QUOTED != 0) {
        if run.len() >= k {
            let run: Vec<u64> = run.iter().map(|t| t.hash).collect();
            narration.extend(shingles(&run, k));
        }
    }
    narration.sort_unstable();
    narration.dedup();
    Profile {
        exact_key,
        shingles: shingles(&hashes, config.shingle_words),
        narration,
        tokens: hashes.len(),
    }
}

/// Whether one text's narration is found in the other (anywhere: a copy whose editor dropped
/// a quotation mark still holds it), or either has too little narration to tell.
fn narration_shared(a: &Profile, b: &Profile, config: &DedupConfig) -> bool {
    let found_in = |x: &Profile, y: &Profile| {
        intersection(&x.narration, &y.shingles) as f64 / x.narration.len().max(1) as f64
    };
    a.narration.len().min(b.narration.len()) < config.min_contained_shingles
        || found_in(a, b).max(found_in(b, a)) >= config.narration_containment
}

/// Compares two profiles: the kind of copy, with Jaccard and containment, or `None`.
fn classify(a: &Profile, b: &Profile, config: &DedupConfig) -> Option<(CopyKind, f32, f32)> {
    let shared = intersection(&a.shingles, &b.shingles);
    let union = a.shingles.len() + b.shingles.len() - shared;
    let smaller = a.shingles.len().min(b.shingles.len());
    if union == 0 || smaller == 0 {
        return None;
    }
    let jaccard = shared as f64 / union as f64;
    let containment = shared as f64 / smaller as f64;
    let kind = if a.exact_key.is_some() && a.exact_key == b.exact_key {
        CopyKind::Exact
    } else if jaccard >= config.near_jaccard && narration_shared(a, b, config) {
        CopyKind::Near
    } else if containment >= config.containment
        && smaller >= config.min_contained_shingles
        && narration_shared(a, b, config)
    {
        CopyKind::Contained
    } else {
        return None;
    };
    Some((kind, jaccard as f32, containment as f32))
}

/// A second opinion on whether two articles (by index) are rewritten copies: the aligned share.
type Semantic<'a> = &'a dyn Fn(usize, usize) -> Option<f32>;

/// Finds the groups of copies among `articles`.
pub fn find_duplicates(articles: &[Article], config: &DedupConfig) -> Vec<CopyGroup> {
    let articles: Vec<&Article> = articles.iter().collect();
    detect(&articles, config, None)
}

/// Copy links of `new` articles, among themselves and to `known` ones: articles checked
/// before, each with the original of its copy group when it is a copy. A new article in a
/// group with known ones links to the known group's original (the earliest known member's
/// original), so the links stored before stay true; links between known articles are not
/// reported. This is how a store finds the copies of what arrives against what it holds.
pub fn copies_among(
    new: &[&Article],
    known: &[(&Article, Option<&ArticleId>)],
    config: &DedupConfig,
) -> Vec<CopyLink> {
    let prints = new.iter().map(|article| fingerprint(article, config)).collect();
    copies_among_printed(new, prints, known, config)
}

/// [`copies_among`] with the new articles' fingerprints made already (for their copy keys).
pub fn copies_among_printed(
    new: &[&Article],
    new_prints: Vec<Fingerprint>,
    known: &[(&Article, Option<&ArticleId>)],
    config: &DedupConfig,
) -> Vec<CopyLink> {
    assert_eq!(new.len(), new_prints.len(), "one fingerprint per new article");
    let all: Vec<&Article> =
        known.iter().map(|(article, _)| *article).chain(new.iter().copied()).collect();
    let position: FastMap<&ArticleId, usize> =
        known.iter().enumerate().map(|(index, (article, _))| (&article.id, index)).collect();
    let prints: Vec<Fingerprint> =
        known.iter().map(|(article, _)| fingerprint(article, config)).chain(new_prints).collect();
    let found = find_groups(&all, prints, known.len(), config, None);
    let new_ids: std::collections::HashSet<&ArticleId> = new.iter().map(|a| &a.id).collect();
    let mut links = Vec::new();
    for mut group in found.groups {
        if group.iter().all(|&index| index < known.len()) {
            continue;
        }
        sort_group(&all, &found.profiles, &mut group);
        let original = group.iter().find(|&&index| index < known.len()).map(|&first_known| {
            known[first_known].1.and_then(|id| position.get(id).copied()).unwrap_or(first_known)
        });
        let built = build_group(
            &all,
            &found.profiles,
            found.aligner.as_ref(),
            None,
            group,
            original,
            config,
        );
        links.extend(built.links.into_iter().filter(|link| new_ids.contains(&link.copy)));
    }
    links.sort_by(|a, b| a.copy.cmp(&b.copy));
    links
}

/// Finds the groups of copies among `articles`, with sentence embeddings as a second signal
/// for rewritten and translated copies that share too few words to align lexically.
#[cfg(feature = "embeddings")]
pub fn find_duplicates_with_embeddings(
    articles: &[Article],
    config: &DedupConfig,
    embedder: &Embedder,
) -> Result<Vec<CopyGroup>, EmbedError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    let cache: RefCell<FastMap<usize, Rc<Vec<Vec<f32>>>>> = RefCell::default();
    let failure: RefCell<Option<EmbedError>> = RefCell::default();
    let vectors = |index: usize| -> Option<Rc<Vec<Vec<f32>>>> {
        if let Some(found) = cache.borrow().get(&index) {
            return Some(found.clone());
        }
        match embedder.embed(&article_sentences(&articles[index])) {
            Ok(vectors) => {
                let vectors = Rc::new(vectors);
                cache.borrow_mut().insert(index, vectors.clone());
                Some(vectors)
            }
            Err(error) => {
                failure.borrow_mut().get_or_insert(error);
                None
            }
        }
    };
    let semantic = |a: usize, b: usize| semantic_alignment(&vectors(a)?, &vectors(b)?, config);
    let refs: Vec<&Article> = articles.iter().collect();
    let groups = detect(&refs, config, Some(&semantic));
    match failure.into_inner() {
        Some(error) => Err(error),
        None => Ok(groups),
    }
}

/// The sentences of an article that carry enough words to compare.
#[cfg(feature = "embeddings")]
fn article_sentences(article: &Article) -> Vec<&str> {
    article
        .body
        .iter()
        .flat_map(|p| parallax_core::sentences(&p.text).into_iter().map(move |r| &p.text[r]))
        .filter(|sentence| sentence.split_whitespace().count() >= 4)
        .collect()
}

/// Sentence alignment by embeddings: the share of the shorter text's sentences with a close
/// counterpart in the longer one, in order, when it makes a copy.
#[cfg(feature = "embeddings")]
fn semantic_alignment(a: &[Vec<f32>], b: &[Vec<f32>], config: &DedupConfig) -> Option<f32> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < config.rewritten_min_sentences {
        return None;
    }
    let matched: Vec<usize> = short
        .iter()
        .filter_map(|sentence| {
            let (index, score) = long
                .iter()
                .enumerate()
                .map(|(i, other)| (i, cosine(sentence, other)))
                .max_by(|x, y| x.1.total_cmp(&y.1))?;
            (score >= config.semantic_similarity).then_some(index)
        })
        .collect();
    let in_order = align::increasing_run(&matched).len();
    let share = in_order as f32 / short.len() as f32;
    (share >= config.rewritten_share && in_order >= config.rewritten_min_sentences).then_some(share)
}

/// Copy groups over a set of articles, by index, with what building them needs.
struct Found<'a> {
    profiles: Vec<Profile>,
    aligner: Option<Aligner<'a>>,
    /// Groups of two or more, each by index into the articles.
    groups: Vec<Vec<usize>>,
}

fn detect(
    articles: &[&Article],
    config: &DedupConfig,
    semantic: Option<Semantic<'_>>,
) -> Vec<CopyGroup> {
    let prints = articles.iter().map(|article| fingerprint(article, config)).collect();
    let found = find_groups(articles, prints, 0, config, semantic);
    let mut groups: Vec<CopyGroup> = found
        .groups
        .into_iter()
        .map(|mut group| {
            sort_group(articles, &found.profiles, &mut group);
            let (profiles, aligner) = (&found.profiles, found.aligner.as_ref());
            build_group(articles, profiles, aligner, semantic, group, None, config)
        })
        .collect();
    groups.sort_by(|a, b| a.original.cmp(&b.original));
    groups
}

/// Groups of copies among `articles` (with their fingerprints, in the same order); pairs of
/// two of the first `known` (compared before) are not compared again.
fn find_groups<'a>(
    articles: &[&Article],
    prints: Vec<Fingerprint>,
    known: usize,
    config: &'a DedupConfig,
    semantic: Option<Semantic<'_>>,
) -> Found<'a> {
    assert!(
        prints.iter().all(|print| print.align.is_some() == config.rewritten),
        "fingerprints made with the settings they are compared under"
    );
    let hasher = MinHasher::new(config.permutations, config.seed);
    let mut profiles = Vec::with_capacity(articles.len());
    let mut align_profiles = Vec::with_capacity(if config.rewritten { articles.len() } else { 0 });
    for print in prints {
        profiles.push(print.profile);
        align_profiles.extend(print.align);
    }
    let signatures: Vec<Vec<u32>> =
        profiles.iter().map(|p| hasher.signature(&p.shingles)).collect();

    let mut sets = DisjointSets::new(articles.len());
    let mut by_key: FastMap<u64, usize> = FastMap::default();
    for (index, profile) in profiles.iter().enumerate() {
        if let Some(key) = profile.exact_key {
            let first = *by_key.entry(key).or_insert(index);
            sets.union(first, index);
        }
    }
    // Pairs come as (a, b) with a < b: both known when b is.
    let new_pair = |b: usize| b >= known;
    for (a, b) in candidate_pairs(&signatures, config.band_rows) {
        if new_pair(b) && classify(&profiles[a], &profiles[b], config).is_some() {
            sets.union(a, b);
        }
    }
    let aligner = config.rewritten.then(|| Aligner::new(align_profiles, config));
    if let Some(aligner) = &aligner {
        for (a, b) in aligner.candidates() {
            let rewritten = || aligner.rewritten(a, b).or_else(|| semantic.and_then(|s| s(a, b)));
            if new_pair(b) && sets.find(a) != sets.find(b) && rewritten().is_some() {
                sets.union(a, b);
            }
        }
    }
    let mut members: FastMap<usize, Vec<usize>> = FastMap::default();
    for index in 0..articles.len() {
        members.entry(sets.find(index)).or_default().push(index);
    }
    let mut groups: Vec<Vec<usize>> =
        members.into_values().filter(|group| group.len() > 1).collect();
    groups.sort_unstable();
    Found { profiles, aligner, groups }
}

/// Orders a group as its original is chosen: earliest published first (undated last), then
/// the longest, then the first seen.
fn sort_group(articles: &[&Article], profiles: &[Profile], group: &mut [usize]) {
    group.sort_by_key(|&i| {
        let day = articles[i].published.map(|p| p.date());
        (day.is_none(), day, std::cmp::Reverse(profiles[i].tokens), i)
    });
}

/// A sorted group as a [`CopyGroup`]; its original is its first member unless one is named
/// (which then leads it, joined to the group if it was not in it).
fn build_group(
    articles: &[&Article],
    profiles: &[Profile],
    aligner: Option<&Aligner>,
    semantic: Option<Semantic<'_>>,
    mut group: Vec<usize>,
    original: Option<usize>,
    config: &DedupConfig,
) -> CopyGroup {
    let original = original.unwrap_or(group[0]);
    group.retain(|&index| index != original);
    group.insert(0, original);
    let mut links = Vec::new();
    for &member in &group[1..] {
        let (kind, jaccard, containment, aligned) =
            match classify(&profiles[member], &profiles[original], config) {
                Some((kind, jaccard, containment)) => (kind, jaccard, containment, 0.0),
                None => {
                    // A rewritten copy, or a member joined through another copy: the loosest
                    // kind stands for the link.
                    let aligned = aligner
                        .and_then(|a| a.rewritten(member, original))
                        .or_else(|| semantic.and_then(|s| s(member, original)))
                        .unwrap_or(0.0);
                    let languages = (&articles[member].language, &articles[original].language);
                    let translated = matches!(languages, (Some(x), Some(y)) if x != y);
                    let kind = if translated { CopyKind::Translated } else { CopyKind::Rewritten };
                    (kind, 0.0, 0.0, aligned)
                }
            };
        links.push(CopyLink {
            copy: articles[member].id.clone(),
            copy_of: articles[original].id.clone(),
            kind,
            jaccard,
            containment,
            aligned,
        });
    }
    let kind = links.iter().map(|link| link.kind).max().unwrap_or(CopyKind::Exact);
    let wire = group
        .iter()
        .flat_map(|&i| {
            let article = &articles[i];
            wire_credits(
                article.byline.as_deref(),
                article.dateline.as_deref(),
                &article.body_text(),
            )
            .into_iter()
            .map(move |credit| (article.id.clone(), credit))
        })
        .collect();
    CopyGroup {
        articles: group.iter().map(|&i| articles[i].id.clone()).collect(),
        original: articles[original].id.clone(),
        kind,
        links,
        wire,
    }
}

/// Sentence alignment over a set of articles, with weights from that set.
struct Aligner<'a> {
    profiles: Vec<align::AlignProfile>,
    sentences: Vec<Vec<align::WeightedSentence>>,
    config: &'a DedupConfig,
}

impl<'a> Aligner<'a> {
    fn new(profiles: Vec<align::AlignProfile>, config: &'a DedupConfig) -> Aligner<'a> {
        let weights = align::Weights::new(&profiles);
        let sentences = profiles.iter().map(|profile| weights.weigh(profile)).collect();
        Aligner { profiles, sentences, config }
    }

    fn candidates(&self) -> Vec<(usize, usize)> {
        align::candidates(&self.profiles, self.config)
    }

    /// The aligned share when `a` and `b` are rewritten copies of one text.
    fn rewritten(&self, a: usize, b: usize) -> Option<f32> {
        let found = align::alignment(&self.sentences[a], &self.sentences[b], self.config);
        (found.share >= self.config.rewritten_share
            && found.count >= self.config.rewritten_min_sentences
            && found.density >= self.config.rewritten_density)
            .then_some(found.share)
    }
}

/// Union-find with path halving.
struct DisjointSets {
    parent: Vec<usize>,
}

impl DisjointSets {
    fn new(size: usize) -> DisjointSets {
        DisjointSets { parent: (0..size).collect() }
    }

    fn find(&mut self, mut item: usize) -> usize {
        while self.parent[item] != item {
            self.parent[item] = self.parent[self.parent[item]];
            item = self.parent[item];
        }
        item
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{Paragraph, Published};

    const WIRE: [&str; 4] = [
        "Dock workers in Portvale extended their strike for a third day on Wednesday, leaving more than 40 container ships waiting at anchor.",
        "The federation said about 4,000 of its members had walked off the job since the stoppage began on Monday, demanding a 9 percent pay rise.",
        "A senior ministry official who spoke on condition of anonymity said nearly 3,000 workers were taking part in the action.",
        "Shipping agents said several lines had begun diverting vessels to the smaller harbour at Kelmouth, about 90 km to the north.",
    ];

    /// An article of these paragraphs from `source`, published on that day.
    pub(crate) fn article(source: &str, published: &str, paragraphs: &[&str]) -> Article {
        let mut article = Article::new(paragraphs.iter().map(|p| Paragraph::text(*p)).collect());
        article.source = Some(source.to_string());
        article.published = Published::parse(published).ok();
        article.seal();
        article
    }

    fn kinds(articles: &[Article]) -> Vec<(usize, &'static str)> {
        find_duplicates(articles, &DedupConfig::default())
            .iter()
            .map(|g| (g.articles.len(), g.kind.as_str()))
            .collect()
    }

    #[test]
    fn exact_copies_ignore_case_and_punctuation() {
        let shouted: Vec<String> =
            WIRE.iter().map(|p| p.to_uppercase().replace('.', "!")).collect();
        let shouted: Vec<&str> = shouted.iter().map(String::as_str).collect();
        let articles = [article("A", "2025-03-12", &WIRE), article("B", "2025-03-12", &shouted)];
        assert_eq!(kinds(&articles), [(2, "exact")]);
    }

    #[test]
    fn edited_and_trimmed_copies_are_found_and_the_original_is_the_earliest() {
        let edited = WIRE.map(|p| p.replace("extended their strike", "prolonged their walkout"));
        let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
        let trimmed = &WIRE[..2];
        let articles = [
            article("Post", "2025-03-13", &edited),
            article("Herald", "2025-03-12", &WIRE),
            article("News", "2025-03-13", trimmed),
        ];
        let groups = find_duplicates(&articles, &DedupConfig::default());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].original, articles[1].id);
        let mut link_kinds: Vec<&str> = groups[0].links.iter().map(|l| l.kind.as_str()).collect();
        link_kinds.sort();
        assert_eq!(link_kinds, ["contained", "near"]);
    }

    #[test]
    fn different_reports_of_one_event_are_not_copies() {
        let other = [
            "Thousands of dockworkers in Portvale stayed away from the cranes for a third day as ships queued.",
            "Police put the number of strikers at 2,500, well below the union's own count of 4,000 members.",
            "The transport minister said the government could not afford a settlement above five percent.",
        ];
        assert!(
            kinds(&[article("A", "2025-03-12", &WIRE), article("B", "2025-03-12", &other)])
                .is_empty()
        );
    }

    /// A statement two outlets quote whole.
    const STATEMENT: &str = "\u{201c}The federation has decided to suspend the strike from \
        midnight so that talks with Maris Shipping can resume in good faith. Our members will \
        return to the cranes on Friday, but the dispute over the nine percent rise is not over, \
        and we will walk out again if the company does not move by the end of the month.\u{201d}";

    #[test]
    fn two_reports_quoting_one_statement_are_not_copies_but_an_edited_copy_is() {
        let herald = [
            "The dock strike ended on Thursday night when the union leader read a statement.",
            STATEMENT,
        ];
        let post = [
            "Ships moved again in Portvale as the federation's chair told local radio:",
            STATEMENT,
        ];
        let a = article("Herald", "2025-03-13", &herald);
        let b = article("Post", "2025-03-13", &post);
        assert!(kinds(&[a.clone(), b]).is_empty(), "only the quoted words are shared");
        // The same report with its quotation marks lost in editing is still its copy.
        let unquoted: Vec<String> =
            herald.iter().map(|p| p.replace('\u{201d}', "").replace("night", "evening")).collect();
        let unquoted: Vec<&str> = unquoted.iter().map(String::as_str).collect();
        let edited = article("Ledger", "2025-03-14", &unquoted);
        assert_eq!(kinds(&[a, edited]), [(2, "near")]);
    }

    /// Sentence `n` of an invented text: eight made-up names and a number, so that every word
    /// is a rare anchor; `retold` says it in the reverse order (no shingle survives).
    fn invented_sentence(n: usize, retold: bool) -> String {
        let mut words: Vec<String> = (0..8)
            .map(|w| format!("Ka{}{}", ["bel", "dor", "mir", "sut"][w % 4], n * 8 + w))
            .collect();
        words.push(format!("{}", 1000 + n));
        if retold {
            words.reverse();
        }
        format!("{}.", words.join(" "))
    }

    #[test]
    fn a_retelling_follows_its_original_sentence_after_sentence_not_scattered_through_it() {
        let short: Vec<String> = (0..6).map(|n| invented_sentence(n, true)).collect();
        let copied = |stride: usize| -> Vec<String> {
            // The six told sentences, `stride - 1` others between each two.
            let mut long = Vec::new();
            for n in 0..6 {
                long.push(invented_sentence(n, false));
                if n < 5 {
                    long.extend(
                        (0..stride - 1).map(|f| invented_sentence(100 + n * 10 + f, false)),
                    );
                }
            }
            long.extend((0..6).map(|f| invented_sentence(200 + f, false)));
            long
        };
        let retelling = article("Post", "2025-03-13", &[short.join(" ").as_str()]);
        for (stride, expected) in [(1, vec![(2, "rewritten")]), (4, vec![])] {
            let long = copied(stride).join(" ");
            let original = article("Herald", "2025-03-12", &[long.as_str()]);
            assert_eq!(kinds(&[original, retelling.clone()]), expected, "stride {stride}");
        }
    }

    #[test]
    fn wire_credits_of_members_are_collected() {
        let mut credited = article("B", "2025-03-12", &WIRE);
        credited.dateline = Some("PORTVALE, March 12 (CPA)".into());
        credited.byline = Some("Reuters".into());
        let groups = find_duplicates(
            &[article("A", "2025-03-12", &WIRE), credited],
            &DedupConfig::default(),
        );
        let agencies: Vec<&str> = groups[0].wire.iter().map(|(_, c)| c.agency.as_str()).collect();
        assert_eq!(agencies, ["CPA", "Reuters"]);
    }
}
