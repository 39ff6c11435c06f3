//! The stories a reader follows, and when each of a story's articles joined it: what "what
//! changed since" is computed from.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use parallax_core::{ArticleId, StoryId};
use rusqlite::{OptionalExtension, params};

use crate::{Result, SqliteStore};

/// A followed story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Follow {
    /// The story (after merges, the story that absorbed the one followed).
    pub story: StoryId,
    /// When the reader started following it.
    pub followed_at: DateTime<Utc>,
    /// When the reader last looked at what changed.
    pub seen_at: DateTime<Utc>,
}

fn time(text: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text).map(|t| t.with_timezone(&Utc)).map_err(|error| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error))
    })
}

impl SqliteStore {
    /// Follows a story from `now` on; following it again changes nothing. `false` when it
    /// was followed already.
    pub fn follow(&mut self, story: &StoryId, now: DateTime<Utc>) -> Result<bool> {
        let now = now.to_rfc3339();
        let added = self.connection.execute(
            "INSERT OR IGNORE INTO follows (story_id, followed_at, seen_at) VALUES (?1, ?2, ?2)",
            params![story.as_str(), now],
        )?;
        Ok(added == 1)
    }

    /// Stops following a story; `false` when it was not followed.
    pub fn unfollow(&mut self, story: &StoryId) -> Result<bool> {
        let removed =
            self.connection.execute("DELETE FROM follows WHERE story_id = ?1", [story.as_str()])?;
        Ok(removed == 1)
    }

    /// Records that the reader looked at a followed story's changes at `at`.
    pub fn mark_seen(&mut self, story: &StoryId, at: DateTime<Utc>) -> Result<()> {
        self.connection.execute(
            "UPDATE follows SET seen_at = ?2 WHERE story_id = ?1",
            params![story.as_str(), at.to_rfc3339()],
        )?;
        Ok(())
    }

    /// Every followed story, in the order followed.
    pub fn follows(&self) -> Result<Vec<Follow>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT story_id, followed_at, seen_at FROM follows ORDER BY followed_at, story_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Follow {
                story: StoryId::from_stored(row.get::<_, String>(0)?),
                followed_at: time(&row.get::<_, String>(1)?)?,
                seen_at: time(&row.get::<_, String>(2)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The follow of one story, if it is followed.
    pub fn follow_of(&self, story: &StoryId) -> Result<Option<Follow>> {
        Ok(self.follows()?.into_iter().find(|follow| &follow.story == story))
    }

    /// When each of a story's articles joined it: the time it was placed, or, for an article
    /// placed in a story that merged into this one later, the time of that merge. Articles
    /// placed before the change log existed are left out.
    pub fn arrivals(&self, story: &StoryId) -> Result<Vec<(ArticleId, DateTime<Utc>)>> {
        // The stories merged into this one (at any depth), each with when its line joined.
        let mut joined: HashMap<String, Option<DateTime<Utc>>> = HashMap::new();
        joined.insert(story.as_str().to_string(), None);
        let mut queue = vec![(story.as_str().to_string(), None)];
        let mut merges = self.connection.prepare_cached(
            "SELECT article_id, at FROM changes WHERE kind = 'merged' AND story_id = ?1",
        )?;
        while let Some((into, at)) = queue.pop() {
            let rows = merges.query_map([&into], |row| {
                Ok((row.get::<_, Option<String>>(0)?, row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (Some(gone), merged_at) = row? else { continue };
                let merged_at = time(&merged_at).ok();
                // A line joins when its top story merged in; deeper merges came before.
                let line_at = at.or(merged_at);
                if !joined.contains_key(&gone) {
                    joined.insert(gone.clone(), line_at);
                    queue.push((gone, line_at));
                }
            }
        }
        let mut statement = self.connection.prepare_cached(
            "SELECT c.article_id, c.story_id, c.at FROM changes c
             JOIN placements p ON p.article_id = c.article_id
             WHERE p.story_id = ?1 AND c.kind IN ('started', 'grew')
             ORDER BY c.seq",
        )?;
        let rows = statement.query_map([story.as_str()], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?, row.get::<_, String>(2)?))
        })?;
        // The latest placement of each article wins (a regroup places every article again).
        let mut by_article: HashMap<String, DateTime<Utc>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for row in rows {
            let (article, placed_in, at) = row?;
            let Some(line) = joined.get(&placed_in) else { continue };
            let placed = time(&at)?;
            let at = line.map_or(placed, |merged| merged.max(placed));
            if by_article.insert(article.clone(), at).is_none() {
                order.push(article);
            }
        }
        Ok(order
            .into_iter()
            .map(|article| {
                let at = by_article[&article];
                (ArticleId::from_stored(article), at)
            })
            .collect())
    }

    /// The stories (not merged away) that changed last, newest first, each with when: they
    /// started, grew or absorbed another.
    pub fn recent_updates(&self, limit: usize) -> Result<Vec<(StoryId, DateTime<Utc>)>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT c.story_id, max(c.at) AS last FROM changes c JOIN stories s ON s.id = c.story_id
             WHERE s.merged_into IS NULL AND c.kind IN ('started', 'grew', 'merged')
             GROUP BY c.story_id ORDER BY last DESC, c.story_id LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |row| {
            Ok((StoryId::from_stored(row.get::<_, String>(0)?), time(&row.get::<_, String>(1)?)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The story a followed id stands for now (a follow moves with merges; this also
    /// answers for ids followed before the move).
    pub(crate) fn move_follows(
        transaction: &rusqlite::Transaction<'_>,
        gone: &StoryId,
        kept: &StoryId,
    ) -> Result<()> {
        let moved: Option<(String, String)> = transaction
            .query_row(
                "SELECT followed_at, seen_at FROM follows WHERE story_id = ?1",
                [gone.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        if let Some((followed_at, seen_at)) = moved {
            transaction.execute("DELETE FROM follows WHERE story_id = ?1", [gone.as_str()])?;
            // Followed both: the earlier follow and look stand.
            transaction.execute(
                "INSERT INTO follows (story_id, followed_at, seen_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (story_id) DO UPDATE SET
                     followed_at = min(followed_at, excluded.followed_at),
                     seen_at = min(seen_at, excluded.seen_at)",
                params![kept.as_str(), followed_at, seen_at],
            )?;
        }
        Ok(())
    }
}
