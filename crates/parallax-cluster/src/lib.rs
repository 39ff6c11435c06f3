//! Streaming story clustering: articles from many outlets about one event become one story,
//! as they arrive.
//!
//! [`StoryStream`] is the online assigner: it takes one [`StreamArticle`] at a time (the
//! article's [`Terms`], its publication time, and its copy group, if the duplicates stage
//! found one) and returns a [`Placement`]. [`cluster`] runs a whole batch through it in arrival
//! order and returns a [`Clustering`]: the [`Story`] values and what was refused. The stage
//! does no IO and never sees the store.
//!
//! ```
//! use parallax_cluster::{ClusterConfig, cluster};
//! use parallax_core::{Article, Paragraph};
//!
//! let article = |title: &str, body: &str| {
//!     let mut article = Article::new(vec![Paragraph::text(body)]);
//!     article.title = Some(title.into());
//!     article.seal();
//!     article
//! };
//! let articles = vec![
//!     article("Harbour bridge closes for repairs", "The Portvale harbour bridge closed on Monday for repairs to its cables."),
//!     article("Portvale bridge shut", "Engineers shut the harbour bridge in Portvale to repair cables."),
//!     article("Orchard festival draws crowds", "Thousands came to the apple orchard festival in Greenmoor."),
//! ];
//! let clustering = cluster(&articles, &[], &ClusterConfig::default(), chrono::Utc::now());
//! assert_eq!(clustering.stories.len(), 2);
//! assert_eq!(clustering.stories[0].articles.len(), 2);
//! ```

mod assigner;
mod config;
mod model;
mod stream;
mod terms;
mod train;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Datelike, Duration, Utc};
use parallax_core::{Article, ArticleId, Published, Story, StoryId};

pub use assigner::{Assigner, Assignment, PlacementKind};
pub use config::ClusterConfig;
pub use model::{FEATURE_NAMES, FEATURES, Features, PairModel, PairSignals, fit};
pub use stream::{Placement, StoryStream, StreamArticle};

pub use terms::{Terms, TermsConfig};
pub use train::pair_rows;

/// What can go wrong: a setting that does not exist or does not fit, or a publication date
/// that cannot be true (the article is then placed by arrival, with the error as its note).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClusterError {
    /// `--set` named no setting.
    #[error("no setting named {0:?}")]
    UnknownSetting(String),
    /// A setting's value out of its range or not a number.
    #[error("{key}={value}: {reason}")]
    InvalidValue {
        /// The setting.
        key: String,
        /// The value given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A publication date after now (by more than a day).
    #[error("publication date {0} is in the future; placed by arrival")]
    FutureDate(String),
    /// A publication date before [`EARLIEST_YEAR`].
    #[error("publication date {0} is before 1900; placed by arrival")]
    AncientDate(String),
}

/// Stories of a batch, and what could not be placed.
#[derive(Debug, Clone, Default)]
pub struct Clustering {
    /// Stories, in the order they started.
    pub stories: Vec<Story>,
    /// Articles that went into no story, with the reason.
    pub refused: Vec<(ArticleId, String)>,
    /// Articles placed with a caveat (a date that was set aside), with the note.
    pub notes: Vec<(ArticleId, String)>,
}

/// Earliest publication date taken at face value: older dates are parse errors or placeholders.
const EARLIEST_YEAR: i32 = 1900;

/// The article's publication time in seconds since 1970 (a bare day counts as its noon, UTC),
/// or the reason it is set aside: a date after `now` by more than a day, or before 1900.
pub fn publication_time(published: &Published, now: DateTime<Utc>) -> Result<i64, ClusterError> {
    let instant = instant(published);
    if instant > now + Duration::days(1) {
        return Err(ClusterError::FutureDate(published.to_string()));
    }
    if instant.year() < EARLIEST_YEAR {
        return Err(ClusterError::AncientDate(published.to_string()));
    }
    Ok(instant.timestamp())
}

/// A publication date as an instant; a bare day counts as its noon, UTC.
fn instant(published: &Published) -> DateTime<Utc> {
    published.instant()
}

/// The order articles arrive in: by publication time, and an undated article right after the
/// article before it in the input (so an undated stream keeps its input order).
pub fn arrival_order(times: &[Option<i64>]) -> Vec<usize> {
    let mut key = i64::MIN;
    let mut keyed: Vec<(i64, usize)> = times
        .iter()
        .enumerate()
        .map(|(index, time)| {
            if let Some(time) = time {
                key = *time;
            }
            (key, index)
        })
        .collect();
    keyed.sort_by_key(|&(key, index)| (key, index));
    keyed.into_iter().map(|(_, index)| index).collect()
}

/// Clusters a batch: orders it with [`arrival_order`], runs it through a [`StoryStream`], and
/// gathers the stories. `copies` are `(copy, original)` pairs from the duplicates stage.
pub fn cluster(
    articles: &[Article],
    copies: &[(ArticleId, ArticleId)],
    config: &ClusterConfig,
    now: DateTime<Utc>,
) -> Clustering {
    cluster_with_embeddings(articles, None, copies, config, now)
}

/// [`cluster`], with a unit-length sentence embedding per article (in the same order) blended
/// into the similarity with [`ClusterConfig::embedding_weight`].
pub fn cluster_with_embeddings(
    articles: &[Article],
    embeddings: Option<&[Vec<f32>]>,
    copies: &[(ArticleId, ArticleId)],
    config: &ClusterConfig,
    now: DateTime<Utc>,
) -> Clustering {
    let mut group_of: HashMap<&ArticleId, &ArticleId> = HashMap::new();
    for (copy, original) in copies {
        group_of.insert(copy, original);
        group_of.insert(original, original);
    }
    let times: Vec<Option<i64>> = articles
        .iter()
        .map(|article| publication_time(article.published.as_ref()?, now).ok())
        .collect();
    let mut clustering = Clustering::default();
    let mut assigner = Assigner::new(config.clone());
    let mut placed: Vec<(usize, StoryId)> = Vec::with_capacity(articles.len());
    let mut merged_into: HashMap<StoryId, StoryId> = HashMap::new();
    for index in arrival_order(&times) {
        let article = &articles[index];
        let embedding = embeddings.and_then(|vectors| vectors.get(index)).cloned();
        let assignment =
            assigner.place(article, group_of.get(&article.id).copied(), embedding, now);
        merged_into.extend(assignment.merged);
        match (assignment.story, assignment.note) {
            (None, reason) => {
                clustering.refused.push((article.id.clone(), reason.unwrap_or_default()))
            }
            (Some(story), note) => {
                clustering.notes.extend(note.map(|note| (article.id.clone(), note)));
                placed.push((index, story));
            }
        }
    }
    clustering.stories = gather(articles, &placed, &merged_into);
    clustering
}

/// Turns `(article index, story)` placements into stories, following merges.
fn gather(
    articles: &[Article],
    placed: &[(usize, StoryId)],
    merged_into: &HashMap<StoryId, StoryId>,
) -> Vec<Story> {
    let mut position: HashMap<StoryId, usize> = HashMap::new();
    let mut stories: Vec<Story> = Vec::new();
    // An id placed twice (the same article twice in the input) is listed once.
    let mut listed: HashSet<(usize, &ArticleId)> = HashSet::new();
    for (index, story) in placed {
        let article = &articles[*index];
        let mut story = story;
        while let Some(kept) = merged_into.get(story) {
            story = kept;
        }
        let slot = *position.entry(story.clone()).or_insert_with(|| {
            stories.push(Story {
                id: story.clone(),
                articles: Vec::new(),
                first_seen: None,
                last_seen: None,
                label: None,
            });
            stories.len() - 1
        });
        let story = &mut stories[slot];
        if listed.insert((slot, &article.id)) {
            story.articles.push(article.id.clone());
        }
        if story.label.is_none() {
            story.label = article.title.clone();
        }
        if let Some(published) = &article.published {
            let key = instant(published);
            if story.first_seen.as_ref().is_none_or(|first| key < instant(first)) {
                story.first_seen = Some(*published);
            }
            if story.last_seen.as_ref().is_none_or(|last| key > instant(last)) {
                story.last_seen = Some(*published);
            }
        }
    }
    stories
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).single().expect("a valid instant")
    }

    #[test]
    fn plausible_dates_become_times_and_others_are_set_aside() {
        let day = Published::parse("2021-12-07").expect("a date");
        let noon = Utc.with_ymd_and_hms(2021, 12, 7, 12, 0, 0).single().expect("instant");
        assert_eq!(publication_time(&day, now()), Ok(noon.timestamp()));
        let future = Published::parse("2999-01-01").expect("a date");
        let error = publication_time(&future, now()).expect_err("the future is set aside");
        assert_eq!(error, ClusterError::FutureDate("2999-01-01".into()));
        let ancient = Published::parse("1066-10-14").expect("a date");
        let error = publication_time(&ancient, now()).expect_err("1066 is set aside");
        assert!(error.to_string().contains("before 1900"), "{error}");
    }

    #[test]
    fn dated_articles_arrive_by_date_and_undated_ones_keep_their_neighbour() {
        // Input order: a (day 3), b (undated), c (day 1), d (undated), e (day 2).
        let times = [Some(3), None, Some(1), None, Some(2)];
        assert_eq!(arrival_order(&times), vec![2, 3, 4, 0, 1]);
        assert_eq!(arrival_order(&[None, None, None]), vec![0, 1, 2]);
    }

    #[test]
    fn a_batch_of_bad_articles_is_placed_or_refused_without_panicking() {
        let mut empty = Article::new(Vec::new());
        empty.seal();
        let mut future =
            Article::new(vec![parallax_core::Paragraph::text("Rain fell on Portvale.")]);
        future.published = Some(Published::parse("2999-01-01").expect("a date"));
        future.seal();
        let mut unknown = Article::new(vec![parallax_core::Paragraph::text("ᚠᚢᚦᚨᚱᚲ ᚷᚹᚺᚾ ᛁᛃᛇᛈ")]);
        unknown.language = Some("xxx".into());
        unknown.seal();
        let articles = [empty, future, unknown];
        let clustering = cluster(&articles, &[], &ClusterConfig::default(), now());
        assert_eq!(clustering.refused.len(), 1, "{:?}", clustering.refused);
        assert_eq!(clustering.refused[0].0, articles[0].id);
        assert_eq!(clustering.notes.len(), 1, "{:?}", clustering.notes);
        assert_eq!(clustering.notes[0].0, articles[1].id);
        let placed: usize = clustering.stories.iter().map(|s| s.articles.len()).sum();
        assert_eq!(placed, 2);
    }
}
