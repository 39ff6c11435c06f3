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
    /// The story as it was followed: what the reader had seen is what was in it.
    pub followed: StoryId,
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
            "INSERT OR IGNORE INTO follows (story_id, followed_id, followed_at, seen_at)
             VALUES (?1, ?1, ?2, ?2)",
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
            "SELECT story_id, followed_id, followed_at, seen_at FROM follows
             ORDER BY followed_at, story_id",
        )?;
        let rows = statement.query_map([], |row| {
            Ok(Follow {
                story: StoryId::from_stored(row.get::<_, String>(0)?),
                followed: StoryId::from_stored(row.get::<_, String>(1)?),
                followed_at: time(&row.get::<_, String>(2)?)?,
                seen_at: time(&row.get::<_, String>(3)?)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// When each of a story's articles joined it: the time it was placed, or, for an article
    /// placed in a story that merged into this one later, the time of that merge. Articles
    /// placed before the change log existed are left out.
    pub fn arrivals(&self, story: &StoryId) -> Result<Vec<(ArticleId, DateTime<Utc>)>> {
        self.arrivals_seen_from(story, story)
    }

    /// [`SqliteStore::arrivals`] as the reader of `viewpoint` sees them: `viewpoint` is the
    /// story itself or one merged into it (the story a reader followed before a merge). An
    /// article reaches the viewpoint when it was placed and every merge between its story and
    /// the viewpoint's had happened.
    pub fn arrivals_seen_from(
        &self,
        story: &StoryId,
        viewpoint: &StoryId,
    ) -> Result<Vec<(ArticleId, DateTime<Utc>)>> {
        // The tree of stories merged into this one: each with its parent and when it merged.
        let mut parent: HashMap<String, (String, DateTime<Utc>)> = HashMap::new();
        let mut members = vec![story.as_str().to_string()];
        let mut merges = self.connection.prepare_cached(
            "SELECT article_id, at FROM changes WHERE kind = 'merged' AND story_id = ?1",
        )?;
        let mut next = 0;
        while next < members.len() {
            let into = members[next].clone();
            next += 1;
            let rows = merges.query_map([&into], |row| {
                Ok((row.get::<_, Option<String>>(0)?, row.get::<_, String>(1)?))
            })?;
            for row in rows {
                let (Some(gone), at) = row? else { continue };
                if gone != story.as_str() && !parent.contains_key(&gone) {
                    parent.insert(gone.clone(), (into.clone(), time(&at)?));
                    members.push(gone);
                }
            }
        }
        // The path from a story up to the root, each step with when it was taken.
        let path = |from: &str| {
            let mut steps: Vec<(String, Option<DateTime<Utc>>)> = vec![(from.to_string(), None)];
            let mut at = from.to_string();
            while let Some((up, when)) = parent.get(&at) {
                steps.push((up.clone(), Some(*when)));
                at = up.clone();
            }
            steps
        };
        let view = path(if parent.contains_key(viewpoint.as_str()) {
            viewpoint.as_str()
        } else {
            story.as_str()
        });
        // When each member's articles reached the viewpoint: the latest merge on the way up
        // from the member and down to the viewpoint, meeting where their paths meet.
        let mut reached: HashMap<String, Option<DateTime<Utc>>> = HashMap::new();
        for member in &members {
            let up = path(member);
            let meet = up.iter().position(|(s, _)| view.iter().any(|(v, _)| v == s)).unwrap_or(0);
            let meet_story = &up[meet].0;
            let down = view.iter().position(|(v, _)| v == meet_story).unwrap_or(0);
            let latest =
                up[1..=meet].iter().chain(&view[1..=down]).filter_map(|(_, when)| *when).max();
            reached.insert(member.clone(), latest);
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
        // The first placement of each article in this tree counts: a regroup logs every
        // placement again, and its articles did not arrive then.
        let mut by_article: HashMap<String, DateTime<Utc>> = HashMap::new();
        let mut order: Vec<String> = Vec::new();
        for row in rows {
            let (article, placed_in, at) = row?;
            let Some(merged) = reached.get(&placed_in) else { continue };
            if by_article.contains_key(&article) {
                continue;
            }
            let placed = time(&at)?;
            by_article.insert(article.clone(), merged.map_or(placed, |merged| merged.max(placed)));
            order.push(article);
        }
        Ok(order
            .into_iter()
            .map(|article| {
                let at = by_article[&article];
                (ArticleId::from_stored(article), at)
            })
            .collect())
    }

    /// When every placed article joined the story it is in now, as that story's readers saw it
    /// (see [`SqliteStore::arrivals`]), in one pass over the change log: for a server's listing.
    pub fn all_arrivals(&self) -> Result<HashMap<ArticleId, DateTime<Utc>>> {
        let mut merges = self
            .connection
            .prepare_cached("SELECT article_id, story_id, at FROM changes WHERE kind = 'merged'")?;
        let rows = merges.query_map([], |row| {
            Ok((
                row.get::<_, Option<String>>(0)?,
                row.get::<_, String>(1)?,
                row.get::<_, String>(2)?,
            ))
        })?;
        // Each merged story's parent, and when it merged into it.
        let mut parent: HashMap<String, (String, DateTime<Utc>)> = HashMap::new();
        for row in rows {
            let (Some(gone), kept, at) = row? else { continue };
            parent.insert(gone, (kept, time(&at)?));
        }
        // Each article's first and latest placement (a regroup logs placements again): the
        // first counts when it was in this story's tree, else the latest.
        let mut statement = self.connection.prepare_cached(
            "SELECT p.article_id, p.story_id, first.story_id, first.at, last.story_id, last.at
             FROM placements p
             JOIN changes first ON first.seq = (
                 SELECT min(seq) FROM changes
                 WHERE article_id = p.article_id AND kind IN ('started', 'grew'))
             JOIN changes last ON last.seq = (
                 SELECT max(seq) FROM changes
                 WHERE article_id = p.article_id AND kind IN ('started', 'grew'))
             WHERE p.story_id IS NOT NULL",
        )?;
        let rows = statement.query_map([], |row| {
            Ok((
                row.get::<_, String>(0)?,
                row.get::<_, String>(1)?,
                [(row.get::<_, String>(2)?, row.get::<_, String>(3)?), (row.get(4)?, row.get(5)?)],
            ))
        })?;
        // When a story placed in `from` reached `now_in`: the merge into `now_in` on the way
        // up, or `None` when `from` is not in its tree (bounded: a damaged log must not loop).
        let reached = |from: &str, now_in: &str| -> Option<Option<DateTime<Utc>>> {
            let mut at_story = from.to_string();
            for _ in 0..64 {
                if at_story == now_in {
                    return Some(None);
                }
                let (up, when) = parent.get(&at_story)?;
                if up == now_in {
                    return Some(Some(*when));
                }
                at_story = up.clone();
            }
            None
        };
        let mut arrivals = HashMap::new();
        for row in rows {
            let (article, now_in, placements) = row?;
            for (placed_in, at) in placements {
                if let Some(merged) = reached(&placed_in, &now_in) {
                    let placed = time(&at)?;
                    let joined = merged.map_or(placed, |merged| merged.max(placed));
                    arrivals.insert(ArticleId::from_stored(article), joined);
                    break;
                }
            }
        }
        Ok(arrivals)
    }

    /// The stories (not merged away) that changed last, newest first, each with when: they
    /// started, grew or absorbed another.
    pub fn recent_updates(&self, limit: usize) -> Result<Vec<(StoryId, DateTime<Utc>)>> {
        // A story's `updated` is the change-log position of its last start, growth or merge.
        let mut statement = self.connection.prepare_cached(
            "SELECT s.id, c.at FROM stories s JOIN changes c ON c.seq = s.updated
             WHERE s.merged_into IS NULL AND s.articles > 0
             ORDER BY s.updated DESC, s.id LIMIT ?1",
        )?;
        let rows = statement.query_map([limit as i64], |row| {
            Ok((StoryId::from_stored(row.get::<_, String>(0)?), time(&row.get::<_, String>(1)?)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stops following a story by the id it is followed under (now or when followed), for a
    /// follow whose story no longer exists (after a regroup); `false` when none matched.
    pub fn unfollow_id(&mut self, id: &str) -> Result<bool> {
        let removed = self
            .connection
            .execute("DELETE FROM follows WHERE story_id = ?1 OR followed_id = ?1", [id])?;
        Ok(removed > 0)
    }

    /// Moves the follow of a story that merged into another to that story, keeping the id
    /// followed (what its reader had seen).
    pub(crate) fn move_follows(
        transaction: &rusqlite::Transaction<'_>,
        gone: &StoryId,
        kept: &StoryId,
    ) -> Result<()> {
        let moved: Option<(String, String, String)> = transaction
            .query_row(
                "SELECT followed_id, followed_at, seen_at FROM follows WHERE story_id = ?1",
                [gone.as_str()],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .optional()?;
        if let Some((followed_id, followed_at, seen_at)) = moved {
            transaction.execute("DELETE FROM follows WHERE story_id = ?1", [gone.as_str()])?;
            // Followed both: the follow of the kept story stands, from the earlier look.
            transaction.execute(
                "INSERT INTO follows (story_id, followed_id, followed_at, seen_at)
                 VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (story_id) DO UPDATE SET
                     followed_at = min(followed_at, excluded.followed_at),
                     seen_at = min(seen_at, excluded.seen_at)",
                params![kept.as_str(), followed_id, followed_at, seen_at],
            )?;
        }
        Ok(())
    }
}
