//! A story: the articles, from any number of outlets, that report one event.

use serde::{Deserialize, Serialize};

use crate::{ArticleId, Published};

/// A story's id: `s` and the id of the article that started it, so the same stream gives
/// the same ids in every run.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StoryId(String);

impl StoryId {
    /// The id of the story started by `article`.
    pub fn started_by(article: &ArticleId) -> StoryId {
        StoryId(format!("s{article}"))
    }

    /// An id read back from storage.
    pub fn from_stored(id: impl Into<String>) -> StoryId {
        StoryId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for StoryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The articles that report one event, in arrival order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Story {
    /// Its id.
    pub id: StoryId,
    /// Its articles, in the order they arrived.
    pub articles: Vec<ArticleId>,
    /// The earliest publication date among its articles, if any has one.
    pub first_seen: Option<Published>,
    /// The latest publication date among its articles.
    pub last_seen: Option<Published>,
    /// A short name for readers: the title of its first titled article.
    pub label: Option<String>,
}
