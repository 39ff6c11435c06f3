//! The online assigner: each arriving article joins the best active story or starts one.
//!
//! An article is three TF-IDF vectors (title and body words, title words alone, names), with
//! document frequencies counted as the stream flows. A story keeps the sum of its members'
//! unit vectors, so the article's average-link similarity to the story is one sparse dot
//! product divided by the story's size. The [`PairModel`] turns these similarities, the time
//! between the article and the story, and the story's size into the probability that the
//! article belongs to the story. Candidate stories come from an inverted index over active
//! stories, read for the article's heaviest terms only and cut to a bounded pool, so the cost
//! per article does not grow with the stream. Nothing depends on which article arrived just
//! before: an undated article is scored by its words alone. Stories go quiet and retire;
//! their index entries and vectors are dropped. What still grows is small: the document
//! frequencies (one entry per distinct term) and one union-find slot per story.

use parallax_core::ArticleId;
use parallax_core::fasthash::{FastMap, FastSet};
use serde::{Deserialize, Serialize};

use crate::config::ClusterConfig;
use crate::model::{Features, PairModel, PairSignals};
use crate::terms::Terms;

/// One article as the assigner sees it.
#[derive(Debug, Clone)]
pub struct StreamArticle {
    /// The article's id.
    pub id: ArticleId,
    /// When it was published, in seconds since 1970, if known and plausible.
    pub time: Option<i64>,
    /// Its terms.
    pub terms: Terms,
    /// The copy group it belongs to, from the duplicates stage: the id of the group's
    /// original, the same for every member (the original included).
    pub copy_group: Option<ArticleId>,
    /// A unit-length sentence embedding of its title and lead, when a model is in use.
    pub embedding: Option<Vec<f32>>,
}

/// Where an article went, and why.
#[derive(Debug, Clone, PartialEq)]
pub enum Placement {
    /// It joined a story with this probability.
    Joined {
        /// The story's index in this stream.
        story: u32,
        /// The pair model's probability.
        score: f32,
    },
    /// Nothing was close enough: it starts a story.
    Started {
        /// The new story's index.
        story: u32,
    },
    /// Another copy of its text was placed already: it joins that copy's story.
    Copy {
        /// The story of the earlier copy.
        story: u32,
        /// The copy group (its original's id).
        of: ArticleId,
    },
    /// It could not be placed.
    Refused {
        /// Why.
        reason: String,
    },
}

impl Placement {
    /// The story the article is in, if it was placed.
    pub fn story(&self) -> Option<u32> {
        match self {
            Placement::Joined { story, .. }
            | Placement::Started { story }
            | Placement::Copy { story, .. } => Some(*story),
            Placement::Refused { .. } => None,
        }
    }
}

/// An article's unit vectors, weighted by inverse document frequency.
#[derive(Debug, Default)]
pub(crate) struct Vectors {
    words: Vec<(u64, f32)>,
    title: Vec<(u64, f32)>,
    names: Vec<(u64, f32)>,
    lead: Vec<(u64, f32)>,
    numbers: Vec<(u64, f32)>,
}

/// A story while it is active.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Live {
    /// Sum of the members' unit word vectors, and its squared length.
    sum: FastMap<u64, f32>,
    norm2: f32,
    /// Sums of the members' unit title and name vectors.
    title_sum: FastMap<u64, f32>,
    names_sum: FastMap<u64, f32>,
    #[serde(default)]
    lead_sum: FastMap<u64, f32>,
    #[serde(default)]
    numbers_sum: FastMap<u64, f32>,
    /// Terms under which the index lists this story.
    indexed: FastSet<u64>,
    size: u32,
    last_arrival: u64,
    /// Earliest and latest publication time of dated members.
    span: Option<(i64, i64)>,
    /// Sum of the members' embeddings, and how many members had one.
    embedding_sum: Vec<f32>,
    embedded: u32,
}

/// Runner-up stories of an arriving article considered for re-placement.
const RECHECKED: usize = 1;

/// One candidate story of an arriving article, scored.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub(crate) probability: f32,
    pub(crate) story: u32,
    pub(crate) features: Features,
}

/// The streaming assigner. Feed it articles in arrival order with [`StoryStream::add`]. Its
/// whole state serializes, so a caller can checkpoint it and carry on after a restart.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoryStream {
    config: ClusterConfig,
    /// Documents seen per term, and documents seen.
    document_frequency: FastMap<u64, u32>,
    documents: u64,
    /// Active stories by index; retired and merged ones are gone from here.
    live: FastMap<u32, Live>,
    /// Union-find parent of every story, for merges.
    parent: Vec<u32>,
    /// Per term, the active stories indexed under it with the term's weight in the article
    /// that put it there: an estimate of the story's weight, to rank candidates.
    postings: FastMap<u64, Vec<(u32, f32)>>,
    /// The story of the first placed member of each copy group.
    group_story: FastMap<ArticleId, u32>,
    arrivals: u64,
    next_sweep: u64,
    /// The latest publication time seen, for retiring dated stories.
    latest_time: Option<i64>,
    /// Merges since the caller last asked, `(gone, kept)`.
    #[serde(default)]
    merges: Vec<(u32, u32)>,
    /// One-report stories to re-place at the next repair pass.
    #[serde(default)]
    recheck: Vec<u32>,
    /// Scratch space for candidate lookup, kept to avoid growing a map per article.
    #[serde(skip)]
    overlap: FastMap<u32, f32>,
}

impl StoryStream {
    /// An empty stream.
    pub fn new(config: ClusterConfig) -> StoryStream {
        let next_sweep = config.active_arrivals.max(1024) / 4;
        StoryStream {
            config,
            document_frequency: FastMap::default(),
            documents: 0,
            live: FastMap::default(),
            parent: Vec::new(),
            postings: FastMap::default(),
            group_story: FastMap::default(),
            arrivals: 0,
            next_sweep,
            latest_time: None,
            merges: Vec::new(),
            recheck: Vec::new(),
            overlap: FastMap::default(),
        }
    }

    /// Places one article. A copy joins its original's story; an article without words is
    /// refused; any other joins the candidate story the pair model rates most likely, if the
    /// probability clears [`PairModel::join`], or starts a story. When the runner-up clears
    /// it too and the two stories are alike, the article bridges them and they merge.
    pub fn add(&mut self, article: &StreamArticle) -> Placement {
        if let Some(placement) = self.arrive(article) {
            return placement;
        }
        let vectors = self.vectors(&article.terms);
        let scored = self.score(&vectors, article.time, article.embedding.as_deref());
        let model = &self.config.model;
        let placement = match scored.first() {
            Some(best) if best.probability >= model.join => {
                let bridged = scored.get(1).filter(|second| second.probability >= model.join);
                let (story, second) = (best.story, bridged.map(|second| second.story));
                self.absorb(story, article, &vectors);
                if let Some(other) = second {
                    self.maybe_merge(story, other, 0.0);
                }
                Placement::Joined { story: self.find(story), score: best.probability }
            }
            _ => Placement::Started { story: self.start(article, &vectors) },
        };
        self.remember_group(article, &placement);
        if let Placement::Joined { story, .. } = placement {
            // Stories of one report that this article found close but did not join: now that
            // the story it joined has grown, the repair pass sees whether they belong to it.
            // (An article that started a story changed nothing for them.)
            let chosen = self.find(story);
            let close = scored.iter().filter(|s| s.story != chosen).take(RECHECKED);
            let singles: Vec<u32> = close
                .filter(|s| self.live.get(&s.story).is_some_and(|live| live.size == 1))
                .map(|s| s.story)
                .collect();
            self.recheck.extend(singles);
        }
        if self.arrivals.is_multiple_of(self.config.repair_every) {
            self.repair();
        }
        placement
    }

    /// The repair pass: local re-clustering of what changed since the last pass. A one-report
    /// story that a later article found close but did not join is placed again as if its
    /// report arrived now, among the stories as they stand; it joins the most likely one if
    /// the pair model clears [`PairModel::join`]. This mends what a single pass gets wrong
    /// when a story's first reports share few words and a later one bridges them, whatever
    /// order they came in. (Comparing every touched story with its neighbours as a whole was
    /// tried too: it merged nothing the model would not, at twice the cost.)
    fn repair(&mut self) {
        self.replace_singles();
    }

    /// Re-places the one-report stories that later articles found close.
    fn replace_singles(&mut self) {
        let mut singles: Vec<u32> =
            std::mem::take(&mut self.recheck).into_iter().map(|story| self.find(story)).collect();
        singles.sort_unstable();
        singles.dedup();
        for story in singles {
            let Some(live) = self.live.get(&story).filter(|live| live.size == 1) else {
                continue;
            };
            let vectors = Vectors {
                words: sorted(&live.sum),
                title: sorted(&live.title_sum),
                names: sorted(&live.names_sum),
                lead: sorted(&live.lead_sum),
                numbers: sorted(&live.numbers_sum),
            };
            let time = live.span.map(|(first, _)| first);
            let scored = self.score_except(&vectors, time, None, Some(story));
            if let Some(best) =
                scored.first().filter(|best| best.probability >= self.config.model.join)
            {
                let (keep, gone) = (best.story.min(story), best.story.max(story));
                if let Some(gone_live) = self.live.remove(&gone) {
                    self.parent[gone as usize] = keep;
                    self.merges.push((gone, keep));
                    self.absorb_story(keep, gone, gone_live);
                }
            }
        }
    }

    /// For training the pair model: the features of every candidate story of `article`, each
    /// with whether it is the `gold` story, before the article is placed in `gold` (or, for
    /// `None`, starts a story). Returns the rows and the story it went to.
    pub(crate) fn add_labelled(
        &mut self,
        article: &StreamArticle,
        gold: Option<u32>,
    ) -> (Vec<(Features, bool)>, Option<u32>) {
        if let Some(placement) = self.arrive(article) {
            return (Vec::new(), placement.story());
        }
        let vectors = self.vectors(&article.terms);
        let scored = self.score(&vectors, article.time, article.embedding.as_deref());
        let gold = gold.map(|story| self.find(story)).filter(|story| self.live.contains_key(story));
        // By story, not by the shipped model's ranking: training must not depend on it.
        let mut rows: Vec<(u32, Features, bool)> =
            scored.iter().map(|s| (s.story, s.features, Some(s.story) == gold)).collect();
        rows.sort_unstable_by_key(|&(story, _, _)| story);
        let rows = rows.into_iter().map(|(_, features, own)| (features, own)).collect();
        let story = match gold {
            Some(story) => {
                self.absorb(story, article, &vectors);
                story
            }
            None => self.start(article, &vectors),
        };
        (rows, Some(story))
    }

    /// Counts an arrival; places a copy whose group has a story, and refuses an article
    /// without words. `None` for an article to be scored.
    fn arrive(&mut self, article: &StreamArticle) -> Option<Placement> {
        self.arrivals += 1;
        if let Some(time) = article.time {
            self.latest_time = Some(self.latest_time.map_or(time, |latest| latest.max(time)));
        }
        if self.arrivals >= self.next_sweep {
            self.sweep();
        }
        if let Some(group) = &article.copy_group
            && let Some(&story) = self.group_story.get(group)
            && self.copy_can_join(self.find(story), article.time)
        {
            let story = self.find(story);
            if self.live.contains_key(&story) {
                let vectors = self.vectors(&article.terms);
                self.absorb(story, article, &vectors);
            }
            return Some(Placement::Copy { story, of: group.clone() });
        }
        if article.terms.is_empty() {
            return Some(Placement::Refused {
                reason: "no words to compare: the title and body are empty".to_string(),
            });
        }
        None
    }

    /// Starts a story with the article; returns its index.
    fn start(&mut self, article: &StreamArticle, vectors: &Vectors) -> u32 {
        let story = self.parent.len() as u32;
        self.parent.push(story);
        self.live.insert(story, Live::default());
        self.absorb(story, article, vectors);
        story
    }

    /// Remembers the story of the first placed member of a copy group.
    fn remember_group(&mut self, article: &StreamArticle, placement: &Placement) {
        if let (Some(story), Some(group)) = (placement.story(), &article.copy_group) {
            self.group_story.insert(group.clone(), story);
        }
    }

    /// The story an earlier placement's index belongs to now, after merges.
    pub fn find(&self, mut story: u32) -> u32 {
        while let Some(&parent) = self.parent.get(story as usize) {
            if parent == story {
                break;
            }
            story = parent;
        }
        story
    }

    /// The merges made since the last call, `(gone, kept)` by story index, oldest first: the
    /// younger story is merged into the older one.
    pub fn take_merges(&mut self) -> Vec<(u32, u32)> {
        std::mem::take(&mut self.merges)
    }

    /// The settings it runs with.
    pub fn config(&self) -> &ClusterConfig {
        &self.config
    }

    /// Stories currently active.
    pub fn active_stories(&self) -> usize {
        self.live.len()
    }

    /// A copy joins its group's story unless it is dated and that story is over: gone from
    /// the active set or outside the time window (text republished long after).
    fn copy_can_join(&self, story: u32, time: Option<i64>) -> bool {
        match (self.live.get(&story), time) {
            (_, None) => true,
            (Some(live), Some(_)) => self.gap_days(live, time).is_some(),
            (None, Some(_)) => false,
        }
    }

    /// The article's unit TF-IDF vectors, counting its terms into the document frequencies.
    fn vectors(&mut self, terms: &Terms) -> Vectors {
        self.documents += 1;
        Vectors {
            words: self.weigh(terms.entries()),
            title: self.weigh(terms.title()),
            names: self.weigh(terms.names()),
            lead: self.weigh(terms.lead()),
            numbers: self.weigh(terms.numbers()),
        }
    }

    /// One unit TF-IDF vector.
    fn weigh(&mut self, entries: &[(u64, f32)]) -> Vec<(u64, f32)> {
        let documents = self.documents as f32;
        let mut vector: Vec<(u64, f32)> = entries
            .iter()
            .map(|&(term, weight)| {
                let seen = self.document_frequency.entry(term).or_insert(0);
                *seen += 1;
                let idf = ((documents + 1.0) / (*seen as f32 + 1.0)).ln() + 1.0;
                (term, weight * idf)
            })
            .collect();
        let norm = vector.iter().map(|&(_, w)| w * w).sum::<f32>().sqrt();
        if norm > 0.0 {
            vector.iter_mut().for_each(|(_, w)| *w /= norm);
        }
        vector
    }

    /// Candidate stories scored by the pair model, most likely first (ties: the older).
    pub(crate) fn score(
        &mut self,
        vectors: &Vectors,
        time: Option<i64>,
        embedding: Option<&[f32]>,
    ) -> Vec<Scored> {
        self.score_except(vectors, time, embedding, None)
    }

    /// [`StoryStream::score`] without one story (the article's own, when it is re-placed).
    fn score_except(
        &mut self,
        vectors: &Vectors,
        time: Option<i64>,
        embedding: Option<&[f32]>,
        except: Option<u32>,
    ) -> Vec<Scored> {
        let mut pool = self.candidates(&vectors.words);
        pool.retain(|&story| Some(story) != except);
        let model = &self.config.model;
        let candidates: Vec<(u32, PairSignals)> = pool
            .into_iter()
            .filter_map(|story| {
                let live = self.live.get(&story)?;
                let gap_days = match (time, live.span) {
                    (Some(_), Some(_)) => Some(self.gap_days(live, time)?),
                    _ => None,
                };
                let words_dot = dot(&vectors.words, &live.sum);
                let signals = PairSignals {
                    words: self.blend(words_dot / live.size as f32, live, embedding),
                    centroid: words_dot / live.norm2.sqrt().max(f32::EPSILON),
                    title: dot(&vectors.title, &live.title_sum) / live.size as f32,
                    names: dot(&vectors.names, &live.names_sum) / live.size as f32,
                    gap_days,
                    size: live.size,
                    margin: 0.0,
                    lead: dot(&vectors.lead, &live.lead_sum) / live.size as f32,
                    numbers: dot(&vectors.numbers, &live.numbers_sum) / live.size as f32,
                    rival: 0.0,
                };
                Some((story, signals))
            })
            .collect();
        let mut first = f32::MIN;
        let mut second = f32::MIN;
        for (_, signals) in &candidates {
            if signals.centroid > first {
                (first, second) = (signals.centroid, first);
            } else if signals.centroid > second {
                second = signals.centroid;
            }
        }
        let mut scored: Vec<Scored> = candidates
            .into_iter()
            .map(|(story, mut signals)| {
                let other = if signals.centroid >= first { second } else { first };
                signals.rival = other.max(0.0);
                signals.margin = signals.centroid - signals.rival;
                let features = signals.features();
                Scored { probability: model.probability(&features), story, features }
            })
            .collect();
        scored.sort_unstable_by(|a, b| {
            b.probability.total_cmp(&a.probability).then(a.story.cmp(&b.story))
        });
        scored
    }

    /// The stories worth scoring: the best by index overlap over the article's heaviest terms.
    fn candidates(&mut self, vector: &[(u64, f32)]) -> Vec<u32> {
        let mut heaviest: Vec<(u64, f32)> = vector.to_vec();
        heaviest.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        heaviest.truncate(self.config.query_terms);
        let mut overlap = std::mem::take(&mut self.overlap);
        overlap.clear();
        for &(term, weight) in &heaviest {
            if let Some(list) = self.postings.get(&term)
                && list.len() <= self.config.max_posting
            {
                for &(story, story_weight) in list {
                    *overlap.entry(self.find(story)).or_insert(0.0) += weight * story_weight;
                }
            }
        }
        let mut pool: Vec<(u32, f32)> = overlap.drain().collect();
        self.overlap = overlap;
        let by_overlap = |a: &(u32, f32), b: &(u32, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if pool.len() > self.config.max_candidates {
            pool.select_nth_unstable_by(self.config.max_candidates, by_overlap);
            pool.truncate(self.config.max_candidates);
        }
        pool.into_iter().map(|(story, _)| story).collect()
    }

    /// The word similarity blended with the embedding similarity above its floor, when both
    /// the article and the story have embeddings.
    fn blend(&self, lexical: f32, live: &Live, embedding: Option<&[f32]>) -> f32 {
        let Some(embedding) = embedding.filter(|_| live.embedded > 0) else {
            return lexical;
        };
        let mean: f32 = embedding.iter().zip(&live.embedding_sum).map(|(a, b)| a * b).sum::<f32>()
            / live.embedded as f32;
        let floor = self.config.embedding_floor;
        let semantic = ((mean - floor) / (1.0 - floor)).max(0.0);
        let weight = self.config.embedding_weight;
        (1.0 - weight) * lexical + weight * semantic
    }

    /// Days between a dated article and a dated story's span (0 inside it); `Some(0.0)` when
    /// either is undated, and `None` when they are further apart than the window.
    fn gap_days(&self, live: &Live, time: Option<i64>) -> Option<f32> {
        let (Some(time), Some((first, last))) = (time, live.span) else {
            return Some(0.0);
        };
        let distance = if time < first {
            first.abs_diff(time)
        } else if time > last {
            time.abs_diff(last)
        } else {
            0
        };
        let days = distance as f32 / 86_400.0;
        (days <= self.config.window_days).then_some(days)
    }

    /// Adds an article's vectors to a live story and indexes the story under its heaviest terms.
    fn absorb(&mut self, story: u32, article: &StreamArticle, vectors: &Vectors) {
        let Some(live) = self.live.get_mut(&story) else {
            return;
        };
        let cross = dot(&vectors.words, &live.sum);
        let own: f32 = vectors.words.iter().map(|&(_, w)| w * w).sum();
        live.norm2 += 2.0 * cross + own;
        add_into(&mut live.sum, &vectors.words);
        add_into(&mut live.title_sum, &vectors.title);
        add_into(&mut live.names_sum, &vectors.names);
        add_into(&mut live.lead_sum, &vectors.lead);
        add_into(&mut live.numbers_sum, &vectors.numbers);
        live.size += 1;
        live.last_arrival = self.arrivals;
        if let Some(embedding) = &article.embedding {
            if live.embedding_sum.is_empty() {
                live.embedding_sum = vec![0.0; embedding.len()];
            }
            if live.embedding_sum.len() == embedding.len() {
                live.embedding_sum.iter_mut().zip(embedding).for_each(|(sum, x)| *sum += x);
                live.embedded += 1;
            }
        }
        if let Some(time) = article.time {
            live.span = Some(match live.span {
                Some((first, last)) => (first.min(time), last.max(time)),
                None => (time, time),
            });
        }
        let mut heaviest: Vec<(u64, f32)> = vectors.words.clone();
        heaviest.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        for &(term, weight) in heaviest.iter().take(self.config.query_terms) {
            if live.indexed.insert(term) {
                self.postings.entry(term).or_default().push((story, weight));
            }
        }
    }

    /// The pair features of two stories, as if the smaller were one article: average-link
    /// similarities between their sums and the gap between their spans.
    fn story_pair(&self, first: &Live, second: &Live, margin: f32) -> Features {
        let sizes = first.size as f32 * second.size as f32;
        let words_dot = sparse_dot(&first.sum, &second.sum);
        let gap_days = match (first.span, second.span) {
            (Some((a_first, a_last)), Some((b_first, b_last))) => {
                let distance = (b_first - a_last).max(a_first - b_last).max(0);
                Some(distance as f32 / 86_400.0)
            }
            _ => None,
        };
        PairSignals {
            words: words_dot / sizes,
            centroid: words_dot / (first.norm2.sqrt() * second.norm2.sqrt()).max(f32::EPSILON),
            title: sparse_dot(&first.title_sum, &second.title_sum) / sizes,
            names: sparse_dot(&first.names_sum, &second.names_sum) / sizes,
            gap_days,
            size: first.size.max(second.size),
            margin,
            lead: sparse_dot(&first.lead_sum, &second.lead_sum) / sizes,
            numbers: sparse_dot(&first.numbers_sum, &second.numbers_sum) / sizes,
            rival: 0.0,
        }
        .features()
    }

    /// Merges the two stories, the younger into the older, when the pair model rates them one
    /// story with at least [`PairModel::merge`].
    fn maybe_merge(&mut self, story: u32, other: u32, margin: f32) {
        let (Some(first), Some(second)) = (self.live.get(&story), self.live.get(&other)) else {
            return;
        };
        let features = self.story_pair(first, second, margin);
        let PairModel { merge, .. } = self.config.model;
        if self.config.model.probability(&features) < merge {
            return;
        }
        let (keep, gone) = if story < other { (story, other) } else { (other, story) };
        if let Some(gone_live) = self.live.remove(&gone) {
            self.parent[gone as usize] = keep;
            self.merges.push((gone, keep));
            self.absorb_story(keep, gone, gone_live);
        }
    }

    /// Adds a merged story's state to the story that keeps it, and moves its index entries.
    fn absorb_story(&mut self, keep: u32, gone: u32, gone_live: Live) {
        let Some(kept) = self.live.get_mut(&keep) else {
            return;
        };
        kept.norm2 += gone_live.norm2 + 2.0 * sparse_dot(&kept.sum, &gone_live.sum);
        for (term, weight) in gone_live.sum {
            *kept.sum.entry(term).or_insert(0.0) += weight;
        }
        for (term, weight) in gone_live.title_sum {
            *kept.title_sum.entry(term).or_insert(0.0) += weight;
        }
        for (term, weight) in gone_live.names_sum {
            *kept.names_sum.entry(term).or_insert(0.0) += weight;
        }
        for (term, weight) in gone_live.lead_sum {
            *kept.lead_sum.entry(term).or_insert(0.0) += weight;
        }
        for (term, weight) in gone_live.numbers_sum {
            *kept.numbers_sum.entry(term).or_insert(0.0) += weight;
        }
        kept.size += gone_live.size;
        if kept.embedding_sum.is_empty() {
            kept.embedding_sum = gone_live.embedding_sum;
            kept.embedded = gone_live.embedded;
        } else if kept.embedding_sum.len() == gone_live.embedding_sum.len() {
            kept.embedding_sum
                .iter_mut()
                .zip(&gone_live.embedding_sum)
                .for_each(|(sum, x)| *sum += x);
            kept.embedded += gone_live.embedded;
        }
        kept.last_arrival = kept.last_arrival.max(gone_live.last_arrival);
        kept.span = match (kept.span, gone_live.span) {
            (Some((kept_first, kept_last)), Some((gone_first, gone_last))) => {
                Some((kept_first.min(gone_first), kept_last.max(gone_last)))
            }
            (span, None) | (None, span) => span,
        };
        // The gone story's entries become the kept story's, once per term, on the same scale
        // as an article's weight: the story's average.
        let size = kept.size as f32;
        for term in gone_live.indexed {
            let Some(list) = self.postings.get_mut(&term) else {
                continue;
            };
            list.retain(|&(story, _)| story != gone);
            if kept.indexed.insert(term) {
                list.push((keep, kept.sum.get(&term).copied().unwrap_or(0.0) / size));
            }
        }
    }

    /// Retires stories that went quiet and drops them from the index.
    fn sweep(&mut self) {
        let horizon = self.arrivals.saturating_sub(self.config.active_arrivals);
        let window = (self.config.window_days * 86_400.0) as i64;
        let oldest = self.latest_time.map(|latest| latest.saturating_sub(window));
        self.live.retain(|_, live| {
            let recent = match (live.span, oldest) {
                (Some((_, last)), Some(oldest)) => last >= oldest,
                _ => true,
            };
            live.last_arrival >= horizon && recent
        });
        let live = &self.live;
        self.postings.retain(|_, list| {
            list.retain(|(story, _)| live.contains_key(story));
            !list.is_empty()
        });
        for story in 0..self.parent.len() {
            self.parent[story] = self.find(story as u32);
        }
        // A copy group whose story retired places its later copies afresh.
        let parent = &self.parent;
        self.group_story.retain(|_, story| live.contains_key(&parent[*story as usize]));
        self.next_sweep = self.arrivals + self.config.active_arrivals.max(1024) / 4;
    }
}

/// The dot product of a sparse vector with a story's sum.
fn dot(vector: &[(u64, f32)], sum: &FastMap<u64, f32>) -> f32 {
    vector.iter().map(|(term, weight)| weight * sum.get(term).copied().unwrap_or(0.0)).sum()
}

/// The dot product of two sums, iterating the smaller.
fn sparse_dot(first: &FastMap<u64, f32>, second: &FastMap<u64, f32>) -> f32 {
    let (small, large) =
        if first.len() <= second.len() { (first, second) } else { (second, first) };
    small.iter().map(|(term, weight)| weight * large.get(term).copied().unwrap_or(0.0)).sum()
}

/// A sum's entries as a vector sorted by term.
fn sorted(sum: &FastMap<u64, f32>) -> Vec<(u64, f32)> {
    let mut vector: Vec<(u64, f32)> = sum.iter().map(|(&term, &weight)| (term, weight)).collect();
    vector.sort_unstable_by_key(|&(term, _)| term);
    vector
}

/// Adds a vector into a sum.
fn add_into(sum: &mut FastMap<u64, f32>, vector: &[(u64, f32)]) {
    for &(term, weight) in vector {
        *sum.entry(term).or_insert(0.0) += weight;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TermsConfig;

    const DAY: i64 = 86_400;

    fn item(id: &str, title: &str, body: &str, time: Option<i64>) -> StreamArticle {
        StreamArticle {
            id: ArticleId::from_stored(id),
            time,
            terms: Terms::from_text(title, body, &TermsConfig::default()),
            copy_group: None,
            embedding: None,
        }
    }

    fn harbour(id: &str, time: Option<i64>) -> StreamArticle {
        item(
            id,
            "Portvale dockworkers strike over pay",
            "Dockworkers at the Portvale harbour walked out on Monday after pay talks with the \
             port operator collapsed, halting container traffic.",
            time,
        )
    }

    fn orchard(id: &str, time: Option<i64>) -> StreamArticle {
        item(
            id,
            "Greenmoor orchard festival draws record crowds",
            "Thousands of visitors tasted cider and apple pies at the Greenmoor orchard \
             festival, which organisers called the largest in its history.",
            time,
        )
    }

    #[test]
    fn same_event_joins_and_another_event_starts_a_story() {
        let mut stream = StoryStream::new(ClusterConfig::default());
        let first = stream.add(&harbour("a", Some(0)));
        let second = stream.add(&item(
            "b",
            "Portvale port strike halts containers",
            "Container traffic stopped at Portvale harbour as dockworkers went on strike \
             when pay talks with the operator collapsed.",
            Some(DAY / 2),
        ));
        let third = stream.add(&orchard("c", Some(DAY)));
        assert!(matches!(first, Placement::Started { .. }));
        assert!(matches!(second, Placement::Joined { .. }), "{second:?}");
        assert_eq!(second.story(), first.story());
        assert!(matches!(third, Placement::Started { .. }), "{third:?}");
        assert_ne!(third.story(), first.story());
    }

    #[test]
    fn members_of_a_copy_group_share_a_story_whatever_their_words() {
        let mut stream = StoryStream::new(ClusterConfig::default());
        let mut original = harbour("a", Some(0));
        original.copy_group = Some(ArticleId::from_stored("a"));
        let mut copy = orchard("b", Some(DAY));
        copy.copy_group = Some(ArticleId::from_stored("a"));
        let first = stream.add(&original);
        let second = stream.add(&copy);
        assert_eq!(second, Placement::Copy { story: 0, of: ArticleId::from_stored("a") });
        assert_eq!(second.story(), first.story());
    }

    #[test]
    fn an_article_without_words_is_refused_with_a_reason() {
        let mut stream = StoryStream::new(ClusterConfig::default());
        match stream.add(&item("a", "", "The and of 2024.", None)) {
            Placement::Refused { reason } => assert!(reason.contains("no words"), "{reason}"),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn the_same_text_a_month_later_is_a_new_story() {
        let mut stream = StoryStream::new(ClusterConfig::default());
        let first = stream.add(&harbour("a", Some(0)));
        let later = stream.add(&harbour("b", Some(30 * DAY)));
        assert!(matches!(later, Placement::Started { .. }), "{later:?}");
        assert_ne!(later.story(), first.story());
    }

    #[test]
    fn quiet_stories_retire_so_the_active_set_stays_bounded() {
        let config = ClusterConfig { active_arrivals: 1_000, ..ClusterConfig::default() };
        let mut stream = StoryStream::new(config);
        for index in 0..5_000 {
            // Every article its own story: words no other article has.
            let body = format!("zq{index}a zq{index}b zq{index}c zq{index}d");
            stream.add(&item(&index.to_string(), "", &body, None));
        }
        assert!(stream.active_stories() <= 1_300, "{} active", stream.active_stories());
        assert!(stream.postings.len() <= 1_300 * 4, "{} posting lists", stream.postings.len());
    }

    #[test]
    fn stories_arriving_together_or_interleaved_are_grouped_alike() {
        // Twelve undated events of three reports each: one stream has each event's reports
        // side by side, the other interleaves them. Nothing may read the answer from the order.
        let events = 12;
        let article = |event: usize, copy: usize| {
            let body = format!(
                "e{event}dock e{event}strike e{event}pay e{event}talks e{event}port n{event}x{copy}"
            );
            item(&format!("{event}-{copy}"), &format!("e{event}harbour"), &body, None)
        };
        let partition = |order: Vec<(usize, usize)>| {
            let mut stream = StoryStream::new(ClusterConfig::default());
            let placed: Vec<((usize, usize), u32)> = order
                .into_iter()
                .map(|(event, copy)| {
                    ((event, copy), stream.add(&article(event, copy)).story().expect("placed"))
                })
                .collect();
            let mut groups: Vec<Vec<(usize, usize)>> = Vec::new();
            let mut by_story: std::collections::BTreeMap<u32, Vec<(usize, usize)>> =
                Default::default();
            for (key, story) in placed {
                by_story.entry(stream.find(story)).or_default().push(key);
            }
            for mut group in by_story.into_values() {
                group.sort_unstable();
                groups.push(group);
            }
            groups.sort_unstable();
            groups
        };
        let together = partition((0..events).flat_map(|e| (0..3).map(move |c| (e, c))).collect());
        let interleaved =
            partition((0..3).flat_map(|c| (0..events).map(move |e| (e, c))).collect());
        assert_eq!(together.len(), events, "{together:?}");
        assert_eq!(together, interleaved);
    }

    #[test]
    fn settings_are_set_by_name_and_bad_names_or_values_are_errors() {
        let mut config = ClusterConfig::default();
        config.set("threshold", "0.5").expect("known setting");
        assert_eq!(config.model.join, 0.5);
        config.set("weight.names", "2.5").expect("a feature's weight");
        assert_eq!(
            config.model.weights
                [crate::model::FEATURE_NAMES.iter().position(|f| *f == "names").expect("names")],
            2.5
        );
        assert!(config.set("threshold", "high").is_err());
        assert!(config.set("threshold", "NaN").is_err());
        assert!(config.set("threshold", "1.5").is_err(), "a probability is at most 1");
        assert!(config.set("window_days", "0").is_err(), "a window of no time");
        assert!(config.set("weight.colour", "1").is_err());
        assert!(config.set("embedding_weight", "1.5").is_err());
        assert!(config.set("embedding_floor", "1").is_err());
        assert!(config.set("max_candidates", "0").is_err());
        assert_eq!(
            config.set("thresold", "0.5"),
            Err(crate::ClusterError::UnknownSetting("thresold".into()))
        );
    }

    #[test]
    fn an_article_between_two_like_stories_merges_them_and_the_index_forgets_the_younger() {
        // With time counting for nothing inside the window, two tellings 20 days apart are
        // separate stories (outside each other's window); one 10 days after the first is
        // within both.
        let mut config = ClusterConfig::default();
        for feature in ["near_days", "far_days"] {
            config.set(&format!("weight.{feature}"), "0").expect("a feature");
        }
        let mut stream = StoryStream::new(config);
        let older = stream.add(&harbour("a", Some(0))).story();
        let younger = stream.add(&harbour("b", Some(20 * DAY))).story();
        assert_ne!(older, younger);
        let between = stream.add(&harbour("c", Some(10 * DAY)));
        let (Some(older), Some(younger)) = (older, younger) else {
            panic!("both placed");
        };
        assert_eq!(between.story(), Some(older), "{between:?}");
        assert_eq!(stream.find(younger), older, "merged into the older story");
        assert_eq!(stream.active_stories(), 1);
        let stale =
            stream.postings.values().flatten().filter(|(story, _)| *story == younger).count();
        assert_eq!(stale, 0, "no index entry points at the merged story");
    }

    #[test]
    fn extreme_times_do_not_overflow() {
        let mut stream = StoryStream::new(ClusterConfig::default());
        stream.add(&harbour("a", Some(i64::MIN)));
        let placement = stream.add(&harbour("b", Some(i64::MAX)));
        assert!(matches!(placement, Placement::Started { .. }), "{placement:?}");
    }
}
