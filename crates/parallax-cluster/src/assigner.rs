//! The assigner as the rest of parallax sees it: articles in, stories with stable ids out.
//!
//! [`StoryStream`] numbers stories by the order they started; [`Assigner`] gives each the id
//! of the article that started it and keeps it for the story's life: a merge keeps the older
//! story's id and reports the younger one's as gone into it. The batch [`crate::cluster`]
//! and the engine's ingest both place articles through [`Assigner::place`], so a stored
//! store's stories and an evaluation's come from one code path.

use chrono::{DateTime, Utc};
use parallax_core::{Article, ArticleId, StoryId};
use serde::{Deserialize, Serialize};

use crate::stream::{Placement, StoryStream, StreamArticle};
use crate::terms::Terms;
use crate::{ClusterConfig, publication_time};

/// How an article was placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlacementKind {
    /// It joined a story by similarity.
    Joined,
    /// It started a story.
    Started,
    /// It joined the story of an earlier copy of its text.
    Copy,
    /// A copy of recurring text, placed with the story arriving now (stores written before
    /// the pair model; no longer made).
    Recurring,
    /// It went into no story.
    Refused,
}

impl PlacementKind {
    /// The name used in storage and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PlacementKind::Joined => "joined",
            PlacementKind::Started => "started",
            PlacementKind::Copy => "copy",
            PlacementKind::Recurring => "recurring",
            PlacementKind::Refused => "refused",
        }
    }

    /// The kind named by [`PlacementKind::as_str`].
    pub fn parse(name: &str) -> Option<PlacementKind> {
        [
            PlacementKind::Joined,
            PlacementKind::Started,
            PlacementKind::Copy,
            PlacementKind::Recurring,
            PlacementKind::Refused,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == name)
    }
}

/// Where one article went.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// The story it is in now (after any merge this placement caused); `None` when refused.
    pub story: Option<StoryId>,
    /// How it got there.
    pub kind: PlacementKind,
    /// Why it was refused, or a caveat about its date.
    pub note: Option<String>,
    /// Stories merged by this placement, `(gone, kept)`: the gone story's articles now belong
    /// to the kept one, which is the older.
    pub merged: Vec<(StoryId, StoryId)>,
}

/// The online assigner with stable story ids. Serializes whole, for checkpoints.
#[derive(Debug, Serialize, Deserialize)]
pub struct Assigner {
    stream: StoryStream,
    /// The id of each story the stream has numbered.
    ids: Vec<StoryId>,
    /// Articles placed so far.
    placed: u64,
}

impl Assigner {
    /// An assigner with no stories.
    pub fn new(config: ClusterConfig) -> Assigner {
        Assigner { stream: StoryStream::new(config), ids: Vec::new(), placed: 0 }
    }

    /// How many articles went through [`Assigner::place`].
    pub fn placed(&self) -> u64 {
        self.placed
    }

    /// The settings it runs with.
    pub fn config(&self) -> &ClusterConfig {
        self.stream.config()
    }

    /// Stories currently active.
    pub fn active_stories(&self) -> usize {
        self.stream.active_stories()
    }

    /// Places one article. `copy_group` is the id of the original of the article's copy
    /// group, if the duplicates stage found one; `embedding` a unit-length sentence embedding
    /// of its title and lead, when a model is in use. A date after `now` (or before 1900) is
    /// set aside with a note and the article placed as undated.
    pub fn place(
        &mut self,
        article: &Article,
        copy_group: Option<&ArticleId>,
        embedding: Option<Vec<f32>>,
        now: DateTime<Utc>,
    ) -> Assignment {
        let (time, date_note) = match article.published.as_ref().map(|p| publication_time(p, now)) {
            Some(Ok(time)) => (Some(time), None),
            Some(Err(note)) => (None, Some(note.to_string())),
            None => (None, None),
        };
        let item = StreamArticle {
            id: article.id.clone(),
            time,
            terms: Terms::from_article(article, &self.stream.config().terms),
            copy_group: copy_group.cloned(),
            embedding,
        };
        self.placed += 1;
        let placement = self.stream.add(&item);
        let merged = self
            .stream
            .take_merges()
            .into_iter()
            .filter_map(|(gone, kept)| {
                Some((self.ids.get(gone as usize)?.clone(), self.ids.get(kept as usize)?.clone()))
            })
            .collect();
        let kind = match &placement {
            Placement::Joined { .. } => PlacementKind::Joined,
            Placement::Started { .. } => PlacementKind::Started,
            Placement::Copy { .. } => PlacementKind::Copy,
            Placement::Refused { .. } => PlacementKind::Refused,
        };
        if let Placement::Started { story } = placement {
            debug_assert_eq!(story as usize, self.ids.len());
            self.ids.push(StoryId::started_by(&article.id));
        }
        let story = placement
            .story()
            .and_then(|index| self.ids.get(self.stream.find(index) as usize).cloned());
        let note = match placement {
            Placement::Refused { reason } => Some(reason),
            _ => date_note,
        };
        Assignment { story, kind, note, merged }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use parallax_core::{Paragraph, Published};

    fn article(title: &str, body: &str, day: &str) -> Article {
        let mut article = Article::new(vec![Paragraph::text(body)]);
        article.title = Some(title.into());
        article.published = Published::parse(day).ok();
        article.seal();
        article
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).single().expect("instant")
    }

    #[test]
    fn a_story_keeps_the_id_of_the_article_that_started_it() {
        let first = article(
            "Harbour bridge closes for repairs",
            "The Portvale harbour bridge closed on Monday for cable repairs.",
            "2025-03-10",
        );
        let second = article(
            "Portvale harbour bridge shut for cable repairs",
            "Engineers shut the harbour bridge in Portvale to repair cables.",
            "2025-03-10",
        );
        let mut assigner = Assigner::new(ClusterConfig::default());
        let a = assigner.place(&first, None, None, now());
        let b = assigner.place(&second, None, None, now());
        assert_eq!(a.kind, PlacementKind::Started);
        assert_eq!(b.kind, PlacementKind::Joined);
        assert_eq!(a.story, Some(StoryId::started_by(&first.id)));
        assert_eq!(b.story, a.story);
    }

    #[test]
    fn a_checkpoint_carries_on_where_the_assigner_stopped() {
        let items = [
            article(
                "Dock strike enters third day",
                "Dock workers in Portvale stayed out.",
                "2025-03-12",
            ),
            article(
                "Orchard festival draws crowds",
                "Thousands visited Greenmoor orchards.",
                "2025-03-12",
            ),
            article(
                "Portvale dock strike goes on",
                "The Portvale dock workers' strike went on.",
                "2025-03-13",
            ),
        ];
        let mut straight = Assigner::new(ClusterConfig::default());
        let expected: Vec<Assignment> =
            items.iter().map(|a| straight.place(a, None, None, now())).collect();
        let mut first = Assigner::new(ClusterConfig::default());
        first.place(&items[0], None, None, now());
        let saved = serde_json::to_string(&first).expect("serializes");
        let mut resumed: Assigner = serde_json::from_str(&saved).expect("reads back");
        let rest: Vec<Assignment> =
            items[1..].iter().map(|a| resumed.place(a, None, None, now())).collect();
        assert_eq!(rest, expected[1..]);
        assert_eq!(resumed.placed(), 3);
    }

    #[test]
    fn kinds_read_back_by_name() {
        for kind in [PlacementKind::Joined, PlacementKind::Copy, PlacementKind::Refused] {
            assert_eq!(PlacementKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(PlacementKind::parse("moved"), None);
    }
}
