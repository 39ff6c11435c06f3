//! The online assigner: each arriving article joins the best active story or starts one.
//!
//! An article is a TF-IDF vector over its terms, with document frequencies counted as the
//! stream flows. A story keeps the sum of its members' unit vectors, so the article's
//! average-link similarity to the story is one sparse dot product divided by the story's size.
//! Candidate stories come from an inverted index over active stories, read for the article's
//! heaviest terms only and cut to a bounded pool, so the cost per article does not grow with
//! the stream. Stories go quiet and retire; their index entries and vectors are dropped. What
//! still grows is small: the document frequencies (one entry per distinct term) and one
//! union-find slot per story.

use parallax_core::ArticleId;
use parallax_core::fasthash::{FastMap, FastSet};
use serde::{Deserialize, Serialize};

use crate::config::ClusterConfig;
use crate::terms::Terms;

/// Stories kept as candidates because they received one of the latest articles.
const RECENT_STORIES: usize = 16;

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
    /// It joined a story with this score (similarity plus any burst bonus).
    Joined {
        /// The story's index in this stream.
        story: u32,
        /// The winning score.
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
    /// It is a copy of text that keeps coming back across stories (see
    /// [`StoryStream::add`]); it joins the story arriving now instead of its original's.
    Recurring {
        /// The story it joined.
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
            | Placement::Copy { story, .. }
            | Placement::Recurring { story, .. } => Some(*story),
            Placement::Refused { .. } => None,
        }
    }
}

/// A story while it is active.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Live {
    /// Sum of the members' unit vectors.
    sum: FastMap<u64, f32>,
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
    /// Running share of undated joins that went to a story active in the last few arrivals.
    burstiness: f32,
    /// The story of the latest placed article.
    latest_story: Option<u32>,
    /// The stories that received the latest articles, newest first.
    recent: std::collections::VecDeque<u32>,
    /// Merges since the caller last asked, `(gone, kept)`.
    #[serde(default)]
    merges: Vec<(u32, u32)>,
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
            burstiness: 0.5,
            latest_story: None,
            recent: std::collections::VecDeque::new(),
            merges: Vec::new(),
            overlap: FastMap::default(),
        }
    }

    /// Places one article. A copy joins its original's story, except a copy of text that
    /// recurs across an undated bursty stream, which joins the story arriving now; an article
    /// without words is refused; any other joins the best-scoring candidate story if it
    /// clears the threshold, or starts a story.
    pub fn add(&mut self, article: &StreamArticle) -> Placement {
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
            return self.place_copy(article, group, self.find(story));
        }
        if article.terms.is_empty() {
            return Placement::Refused {
                reason: "no words to compare: the title and body are empty".to_string(),
            };
        }
        let vector = self.vector(&article.terms);
        let scored = self.score(&vector, article.time, article.embedding.as_deref());
        let placement = match scored.first() {
            Some(&(score, _, story)) if score >= self.threshold(article.time) => {
                if article.time.is_none() {
                    self.observe_burst(story);
                }
                self.absorb(story, article, &vector);
                if let Some(&(_, similarity, other)) = scored.get(1)
                    && similarity >= self.config.merge_threshold
                {
                    self.maybe_merge(story, other);
                }
                Placement::Joined { story: self.find(story), score }
            }
            _ => {
                let story = self.parent.len() as u32;
                self.parent.push(story);
                self.live.insert(story, Live::default());
                self.absorb(story, article, &vector);
                Placement::Started { story }
            }
        };
        if let Some(story) = placement.story() {
            if let Some(group) = &article.copy_group {
                self.group_story.insert(group.clone(), story);
            }
            self.latest_story = Some(story);
        }
        placement
    }

    /// A copy joins the story of its group's first placed member, or, for recurring text,
    /// the story arriving now.
    fn place_copy(&mut self, article: &StreamArticle, group: &ArticleId, story: u32) -> Placement {
        if let Some(current) = self.recurring_text_home(story, article) {
            self.latest_story = Some(current);
            return Placement::Recurring { story: current, of: group.clone() };
        }
        if self.live.contains_key(&story) {
            let vector = self.vector(&article.terms);
            self.absorb(story, article, &vector);
        }
        self.latest_story = Some(story);
        Placement::Copy { story, of: group.clone() }
    }

    /// The score an article needs to join a story: for an undated article, between the plain
    /// and the bursty threshold as the stream's burstiness says.
    fn threshold(&self, time: Option<i64>) -> f32 {
        let ClusterConfig { threshold, bursty_threshold, .. } = self.config;
        match time {
            Some(_) => threshold,
            None => threshold + (bursty_threshold - threshold) * self.burstiness,
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

    /// The burstiness of the stream so far, between 0 and 1.
    pub fn burstiness(&self) -> f32 {
        self.burstiness
    }

    /// Counts a join into the burstiness estimate.
    fn observe_burst(&mut self, story: u32) {
        let recent = self
            .live
            .get(&story)
            .is_some_and(|live| self.arrivals - live.last_arrival <= self.config.burst_span);
        let rate = self.config.burst_rate;
        self.burstiness = (1.0 - rate) * self.burstiness + rate * f32::from(u8::from(recent));
    }

    /// A copy joins its group's story unless it is dated and that story is over: gone from
    /// the active set or outside the time window (text republished long after).
    fn copy_can_join(&self, story: u32, time: Option<i64>) -> bool {
        match (self.live.get(&story), time) {
            (_, None) => true,
            (Some(live), Some(_)) => self.time_factor(live, time).is_some(),
            (None, Some(_)) => false,
        }
    }

    /// Where a copy goes when its text recurs rather than reports: in an undated bursty stream,
    /// a copy of an article whose story has gone quiet is page furniture that came back (an
    /// archive notice, a sign-up box), not the wire story arriving again; it joins the story
    /// arriving now. `None` for an ordinary copy.
    fn recurring_text_home(&self, story: u32, article: &StreamArticle) -> Option<u32> {
        if article.time.is_some() || self.burstiness < 0.5 {
            return None;
        }
        let quiet = self
            .live
            .get(&story)
            .is_none_or(|live| self.arrivals - live.last_arrival > self.config.burst_span);
        let current = self.find(self.latest_story?);
        (quiet && current != story && self.live.contains_key(&current)).then_some(current)
    }

    /// The article's unit TF-IDF vector, counting it into the document frequencies first.
    fn vector(&mut self, terms: &Terms) -> Vec<(u64, f32)> {
        self.documents += 1;
        let documents = self.documents as f32;
        let mut vector: Vec<(u64, f32)> = terms
            .entries()
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

    /// Candidate stories with `(score, similarity, story)`, best score first.
    fn score(
        &mut self,
        vector: &[(u64, f32)],
        time: Option<i64>,
        embedding: Option<&[f32]>,
    ) -> Vec<(f32, f32, u32)> {
        let pool = self.candidates(vector, time.is_none());
        let mut scored: Vec<(f32, f32, u32)> = pool
            .into_iter()
            .filter_map(|story| {
                let live = self.live.get(&story)?;
                let similarity =
                    self.similarity(live, vector, embedding) * self.time_factor(live, time)?;
                let bonus = if time.is_none() {
                    let since = (self.arrivals - live.last_arrival) as f32;
                    self.burstiness
                        * self.config.burst_bonus
                        * 0.5f32.powf(since / self.config.burst_half_life)
                } else {
                    0.0
                };
                Some((similarity + bonus, similarity, story))
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.0.total_cmp(&a.0).then(a.2.cmp(&b.2)));
        scored
    }

    /// The stories worth scoring: the best by index overlap over the article's heaviest terms,
    /// and, for an undated article, the stories that received the latest articles (the burst
    /// bonus can lift a story the index ranks low).
    fn candidates(&mut self, vector: &[(u64, f32)], undated: bool) -> Vec<u32> {
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
        let mut stories: Vec<u32> = pool.into_iter().map(|(story, _)| story).collect();
        if undated {
            for &story in &self.recent {
                let story = self.find(story);
                if !stories.contains(&story) {
                    stories.push(story);
                }
            }
        }
        stories
    }

    /// Average-link TF-IDF similarity of an article to a story, blended with the embedding
    /// similarity above its floor when both have embeddings.
    fn similarity(&self, live: &Live, vector: &[(u64, f32)], embedding: Option<&[f32]>) -> f32 {
        let dot: f32 = vector
            .iter()
            .map(|(term, weight)| weight * live.sum.get(term).copied().unwrap_or(0.0))
            .sum();
        let lexical = dot / live.size as f32;
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

    /// The time decay between a dated article and a dated story; `None` when they are further
    /// apart than the window. Without a date on either side there is no decay.
    fn time_factor(&self, live: &Live, time: Option<i64>) -> Option<f32> {
        let (Some(time), Some((first, last))) = (time, live.span) else {
            return Some(1.0);
        };
        let distance = if time < first {
            first.abs_diff(time)
        } else if time > last {
            time.abs_diff(last)
        } else {
            0
        };
        let hours = distance as f32 / 3600.0;
        if hours > self.config.window_days * 24.0 {
            return None;
        }
        Some(0.5f32.powf(hours / self.config.time_half_life_hours))
    }

    /// Adds an article's vector to a live story and indexes the story under its heaviest terms.
    fn absorb(&mut self, story: u32, article: &StreamArticle, vector: &[(u64, f32)]) {
        let Some(live) = self.live.get_mut(&story) else {
            return;
        };
        for &(term, weight) in vector {
            *live.sum.entry(term).or_insert(0.0) += weight;
        }
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
        self.recent.retain(|&recent| recent != story);
        self.recent.push_front(story);
        self.recent.truncate(RECENT_STORIES);
        if let Some(time) = article.time {
            live.span = Some(match live.span {
                Some((first, last)) => (first.min(time), last.max(time)),
                None => (time, time),
            });
        }
        let mut heaviest: Vec<(u64, f32)> = vector.to_vec();
        heaviest.sort_unstable_by(|a, b| b.1.total_cmp(&a.1));
        for &(term, weight) in heaviest.iter().take(self.config.query_terms) {
            if live.indexed.insert(term) {
                self.postings.entry(term).or_default().push((story, weight));
            }
        }
    }

    /// Merges the two stories, the younger into the older, when they are as similar to each
    /// other (average link) as one story's members are.
    fn maybe_merge(&mut self, story: u32, other: u32) {
        let (Some(first), Some(second)) = (self.live.get(&story), self.live.get(&other)) else {
            return;
        };
        let (small, large) =
            if first.sum.len() <= second.sum.len() { (first, second) } else { (second, first) };
        let dot: f32 = small
            .sum
            .iter()
            .map(|(term, weight)| weight * large.sum.get(term).copied().unwrap_or(0.0))
            .sum();
        if dot / (first.size as f32 * second.size as f32) < self.config.merge_threshold {
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
        for (term, weight) in gone_live.sum {
            *kept.sum.entry(term).or_insert(0.0) += weight;
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
    fn burstiness_is_high_when_stories_arrive_together_and_low_when_interleaved() {
        // Twelve events, more than a burst spans: interleaved, each story's previous article
        // is eleven arrivals back.
        let events = 12;
        let article = |event: usize, copy: usize| {
            let body =
                format!("e{event}dock e{event}strike e{event}pay e{event}talks n{event}x{copy}");
            item(&format!("{event}-{copy}"), &format!("e{event}harbour"), &body, None)
        };
        let mut together = StoryStream::new(ClusterConfig::default());
        let mut interleaved = StoryStream::new(ClusterConfig::default());
        for round in 0..10 {
            for event in 0..events {
                for copy in 0..3 {
                    together.add(&article(event, round * 3 + copy));
                }
            }
            for copy in 0..3 {
                for event in 0..events {
                    interleaved.add(&article(event, round * 3 + copy));
                }
            }
        }
        assert!(together.burstiness() > 0.6, "together: {}", together.burstiness());
        assert!(interleaved.burstiness() < 0.4, "interleaved: {}", interleaved.burstiness());
    }

    #[test]
    fn settings_are_set_by_name_and_bad_names_or_values_are_errors() {
        let mut config = ClusterConfig::default();
        config.set("threshold", "0.5").expect("known setting");
        assert_eq!(config.threshold, 0.5);
        assert!(config.set("threshold", "high").is_err());
        assert!(config.set("threshold", "NaN").is_err());
        assert!(config.set("burst_half_life", "0").is_err(), "a zero half-life divides by zero");
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
        // Without decay inside the window, two tellings 20 days apart are separate stories
        // (outside each other's window); one 10 days after the first is within both.
        let config = ClusterConfig { time_half_life_hours: 1e6, ..ClusterConfig::default() };
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
