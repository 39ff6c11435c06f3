//! Readers: what is stored, looked up, never recomputed (but for a dossier with settings other
//! than the stored one's, built from the stored analyses).

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use parallax_analyze::Analysis;
use parallax_core::{Article, ArticleId, StoryId};
use parallax_dossier::{Changes, Dossier, DossierConfig, changes};
use parallax_store::{Change, Follow, Lookup, StoryLookup, StoryRecord};

use crate::compose::story_inputs;
use crate::{DOSSIER_VERSION, Engine, EngineError, Result};

/// A story and its dossier, as a reader asks for it by id or prefix.
#[derive(Debug, Clone)]
pub struct StoryView {
    /// The story.
    pub record: StoryRecord,
    /// Its dossier.
    pub dossier: Dossier,
    /// When the id asked for is of a story merged into this one: that id.
    pub merged_from: Option<StoryId>,
}

/// An article with what was derived from it.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// The article.
    pub article: Article,
    /// Its analysis (spans index into [`Article::analysed_text`]).
    pub analysis: Analysis,
    /// The story it is in, once placed.
    pub story: Option<StoryId>,
}

impl Engine {
    /// Every story, in the order they started (merged ones left out).
    pub fn stories(&self) -> Result<Vec<StoryRecord>> {
        Ok(self.store.stories()?)
    }

    /// A story's articles in arrival order (by publication time; an undated one after the
    /// article stored before it).
    pub fn story_articles(&self, story: &StoryId) -> Result<Vec<Article>> {
        let stored = self.store.story_articles(story)?;
        Ok(crate::compose::in_arrival_order(stored, |article| article))
    }

    /// A story looked up by id or unique prefix; a merged story's id answers with the story it
    /// went into.
    pub fn lookup_story(&self, id_or_prefix: &str) -> Result<StoryLookup> {
        Ok(self.store.story(id_or_prefix)?)
    }

    /// A story's stored dossier; built from the stored analyses when the stored one is missing
    /// or was made by another version of the code.
    pub fn dossier(&self, story: &StoryId) -> Result<Option<Dossier>> {
        match self.store.dossier(story)? {
            Some((DOSSIER_VERSION, json)) => {
                serde_json::from_str(&json).map(Some).map_err(|error| EngineError::Damaged {
                    what: "dossier",
                    id: story.to_string(),
                    detail: error.to_string(),
                })
            }
            _ => self.dossier_with(story, &self.config.dossier),
        }
    }

    /// A story's dossier built now with other settings (a longer summary), from what is stored.
    pub fn dossier_with(&self, story: &StoryId, config: &DossierConfig) -> Result<Option<Dossier>> {
        let (input, left_out) = self.stored_input(story)?;
        if input.articles.is_empty() {
            return Ok(None);
        }
        let mut dossier = story_inputs(std::slice::from_ref(&input), config).pop();
        if let Some(dossier) = &mut dossier {
            dossier.articles_left_out = left_out;
        }
        Ok(dossier)
    }

    /// A story with its dossier, looked up by id or unique prefix. `Ok(Err(lookup))` tells a
    /// reader why there is no single story (none, or several for a prefix).
    pub fn story(&self, id_or_prefix: &str) -> Result<std::result::Result<StoryView, StoryLookup>> {
        let (record, merged_from) = match self.store.story(id_or_prefix)? {
            StoryLookup::Found(record) => (record, None),
            StoryLookup::Merged { gone, into } => (into, Some(gone)),
            other => return Ok(Err(other)),
        };
        match self.dossier(&record.id)? {
            Some(dossier) => Ok(Ok(StoryView { record, dossier, merged_from })),
            None => Ok(Err(StoryLookup::NotFound)),
        }
    }

    /// An article by id or unique prefix, with its stored analysis and story.
    pub fn article(&self, id_or_prefix: &str) -> Result<std::result::Result<ArticleView, Lookup>> {
        let article = match self.store.article(id_or_prefix)? {
            Lookup::Found(article) => *article,
            other => return Ok(Err(other)),
        };
        let analysis = self.stored_analysis(&article)?;
        let story = self.store.story_of(&article.id)?;
        Ok(Ok(ArticleView { article, analysis, story }))
    }

    /// Up to `limit` changes after the cursor `after`, oldest first; a reader keeps the last
    /// `seq` it saw and asks again from there.
    pub fn changes_since(&self, after: i64, limit: usize) -> Result<Vec<Change>> {
        Ok(self.store.changes_since(after, limit)?)
    }

    /// What changed in a story since `since`: the articles that joined it after (placed, or
    /// brought by a merge), with the outlets, figures and statements new to it.
    pub fn changes_in(&self, story: &StoryId, since: DateTime<Utc>) -> Result<Changes> {
        self.changes_seen_from(story, story, since)
    }

    /// What changed in a followed story since `since`, as its reader sees it: when the story
    /// they followed merged into another, what the other held was new to them.
    pub fn follow_changes(&self, follow: &Follow, since: DateTime<Utc>) -> Result<Changes> {
        self.changes_seen_from(&follow.story, &follow.followed, since)
    }

    fn changes_seen_from(
        &self,
        story: &StoryId,
        viewpoint: &StoryId,
        since: DateTime<Utc>,
    ) -> Result<Changes> {
        let new: HashSet<String> = self
            .store
            .arrivals_seen_from(story, viewpoint)?
            .into_iter()
            .filter(|(_, at)| *at > since)
            .map(|(article, _)| article.as_str().to_string())
            .collect();
        if new.is_empty() {
            return Ok(Changes::default());
        }
        Ok(match self.dossier(story)? {
            Some(dossier) => changes(&dossier, |id| new.contains(id)),
            None => Changes::default(),
        })
    }

    /// When each of a story's articles joined it (placed, or brought by a merge), as the
    /// reader of `viewpoint` (the story, or one merged into it) saw them arrive.
    pub fn arrivals(
        &self,
        story: &StoryId,
        viewpoint: &StoryId,
    ) -> Result<Vec<(ArticleId, DateTime<Utc>)>> {
        Ok(self.store.arrivals_seen_from(story, viewpoint)?)
    }

    /// When every placed article joined its story (see
    /// [`parallax_store::SqliteStore::all_arrivals`]).
    pub fn all_arrivals(&self) -> Result<std::collections::HashMap<ArticleId, DateTime<Utc>>> {
        Ok(self.store.all_arrivals()?)
    }

    /// Every followed story.
    pub fn follows(&self) -> Result<Vec<Follow>> {
        Ok(self.store.follows()?)
    }

    /// The stories that changed last, newest first, with when (see
    /// [`parallax_store::SqliteStore::recent_updates`]).
    pub fn recent_updates(&self, limit: usize) -> Result<Vec<(StoryId, DateTime<Utc>)>> {
        Ok(self.store.recent_updates(limit)?)
    }
}

impl Engine {
    /// Follows a story (by id or unique prefix; a merged id follows the story it went into).
    /// `Ok(Err(lookup))` says why no single story answers.
    pub fn follow(
        &mut self,
        id_or_prefix: &str,
    ) -> Result<std::result::Result<(StoryRecord, bool), StoryLookup>> {
        let record = match self.story_record(id_or_prefix)? {
            Ok(record) => record,
            Err(lookup) => return Ok(Err(lookup)),
        };
        let added = self.store.follow(&record.id, Utc::now())?;
        Ok(Ok((record, added)))
    }

    /// Stops following a story; `Ok(Err(lookup))` when no single story answers.
    pub fn unfollow(
        &mut self,
        id_or_prefix: &str,
    ) -> Result<std::result::Result<(StoryRecord, bool), StoryLookup>> {
        let record = match self.story_record(id_or_prefix)? {
            Ok(record) => record,
            Err(lookup) => return Ok(Err(lookup)),
        };
        let removed = self.store.unfollow(&record.id)?;
        Ok(Ok((record, removed)))
    }

    /// The story an id or unique prefix names now (a merged id names the story it went into).
    fn story_record(
        &self,
        id_or_prefix: &str,
    ) -> Result<std::result::Result<StoryRecord, StoryLookup>> {
        Ok(match self.store.story(id_or_prefix)? {
            StoryLookup::Found(record) | StoryLookup::Merged { into: record, .. } => Ok(record),
            other => Err(other),
        })
    }

    /// Records that the reader saw a followed story's changes up to `at`.
    pub fn mark_seen(&mut self, story: &StoryId, at: DateTime<Utc>) -> Result<()> {
        Ok(self.store.mark_seen(story, at)?)
    }
}
