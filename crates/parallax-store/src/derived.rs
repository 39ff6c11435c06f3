//! What is derived from articles, stored beside them: analyses, copy links, story placements,
//! stories with their merges and dossiers, the change log and the engine's position.
//!
//! The store does not know what an analysis or a dossier holds: it keeps them as JSON text
//! with the version of the code that made them, and the engine reads them back. Everything a
//! batch of articles derives goes in one transaction with the position it reaches, so a
//! process killed mid-way leaves the store at the end of the last whole batch.

use chrono::Utc;
use parallax_core::{Article, ArticleId, CopyKind, Published, StoryId};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::sqlite::{ARTICLE_COLUMNS, read_row};
use crate::{Result, SqliteStore, StoreError};

/// The key of the engine's position in `engine_state`: the `seq` of the last article whose
/// derived data is stored.
const POSITION: &str = "derived_seq";

/// A stored article with its place in the store's order.
#[derive(Debug, Clone)]
pub struct Sequenced {
    /// Its position in the order articles were stored.
    pub seq: i64,
    /// The article.
    pub article: Article,
}

/// A copy link as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyRow {
    /// The copy.
    pub article: ArticleId,
    /// The original of its group.
    pub original: ArticleId,
    /// How close a copy it is.
    pub kind: CopyKind,
    /// Jaccard similarity of their shingles.
    pub jaccard: f32,
    /// Share of the shorter text's shingles in the longer.
    pub containment: f32,
    /// For rewritten copies, the share of sentences aligned.
    pub aligned: f32,
}

/// Where one article went, as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacementRow {
    /// The article.
    pub article: ArticleId,
    /// Its story, `None` when it was refused.
    pub story: Option<StoryId>,
    /// How it was placed (`joined`, `started`, `copy`, `recurring`, `refused`).
    pub kind: String,
    /// A refusal's reason or a caveat about its date.
    pub note: Option<String>,
}

/// What a story listing shows of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleHead {
    /// Its outlet as the input named it.
    pub source: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
}

/// Everything one batch of articles derived, written in one transaction.
#[derive(Debug, Default)]
pub struct DerivedBatch {
    /// `(article, code version, analysis as JSON)`.
    pub analyses: Vec<(ArticleId, i64, String)>,
    /// Copy links found for the batch's articles.
    pub copies: Vec<CopyRow>,
    /// Placements, in the order they were made.
    pub placements: Vec<PlacementRow>,
    /// Merges the placements caused, `(gone, kept)`, in the order they were made.
    pub merges: Vec<(StoryId, StoryId)>,
    /// The keys later articles find the batch's articles by as copies: `(seq, keys)`.
    pub copy_keys: Vec<(i64, Vec<i64>)>,
    /// The engine's position the batch was derived from: the write is refused when another
    /// process moved it meanwhile.
    pub previous: i64,
    /// The `seq` of the last article the batch covers: the engine's new position.
    pub position: i64,
    /// The clock the placements were made against (seconds since 1970): a replay uses it, so
    /// a date that was in the future then is set aside again.
    pub placed_at: i64,
}

/// One story as the store lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoryRecord {
    /// Its id, kept for the story's life.
    pub id: StoryId,
    /// The headline of its first article.
    pub label: Option<String>,
    /// Earliest and latest publication date among its articles.
    pub first_seen: Option<Published>,
    /// The latest.
    pub last_seen: Option<Published>,
    /// How many articles it has.
    pub articles: u64,
    /// The change-log cursor of its last change.
    pub updated: i64,
}

/// The answer to looking a story up by id or id prefix.
#[derive(Debug, Clone, PartialEq)]
pub enum StoryLookup {
    /// Exactly one story matches.
    Found(StoryRecord),
    /// The id is of a story merged into another: here is the one it went into.
    Merged {
        /// The id asked for.
        gone: StoryId,
        /// The story that holds its articles now.
        into: StoryRecord,
    },
    /// No story matches.
    NotFound,
    /// The prefix matches several stories; here are some.
    Ambiguous(Vec<StoryId>),
}

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Its cursor: changes after a cursor are the ones with a greater `seq`.
    pub seq: i64,
    /// The story it concerns.
    pub story: StoryId,
    /// `started`, `grew`, `merged` (the story absorbed another: `article` is empty and the
    /// other's id is in `other`) or `dossier` (its dossier was rebuilt).
    pub kind: String,
    /// The article that caused it, if one did.
    pub article: Option<ArticleId>,
    /// For a merge, the story that was absorbed.
    pub other: Option<StoryId>,
}

impl SqliteStore {
    /// The `seq` of the last article whose derived data is stored (0 for none).
    pub fn derived_position(&self) -> Result<i64> {
        let position: Option<i64> = self
            .connection
            .query_row("SELECT value FROM engine_state WHERE key = ?1", [POSITION], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(position.unwrap_or(0))
    }

    /// Up to `limit` stored articles after `seq`, in the order they were stored.
    pub fn articles_after(&self, seq: i64, limit: usize) -> Result<Vec<Sequenced>> {
        let sql = format!(
            "SELECT seq, {ARTICLE_COLUMNS} FROM articles WHERE seq > ?1 ORDER BY seq LIMIT ?2"
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(params![seq, limit as i64], |row| {
            let seq: i64 = row.get(0)?;
            Ok(read_row_at(row, 1)?.map(|article| Sequenced { seq, article }))
        })?;
        rows.map(|row| row?).collect()
    }

    /// The derived batches after `seq` and up to `until`, in order, as `(end, placed_at)`: a
    /// replay places articles in the same batches, against the same clock, as the first run.
    pub fn derive_batches(&self, seq: i64, until: i64) -> Result<Vec<(i64, i64)>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT end_seq, placed_at FROM derive_batches WHERE end_seq > ?1 AND end_seq <= ?2
             ORDER BY end_seq",
        )?;
        let ends = statement.query_map([seq, until], |row| Ok((row.get(0)?, row.get(1)?)))?;
        Ok(ends.collect::<rusqlite::Result<_>>()?)
    }

    /// The stored articles with `after < seq <= until`, in the order they were stored.
    pub fn articles_between(&self, after: i64, until: i64) -> Result<Vec<Sequenced>> {
        let sql = format!(
            "SELECT seq, {ARTICLE_COLUMNS} FROM articles WHERE seq > ?1 AND seq <= ?2 ORDER BY seq"
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map(params![after, until], |row| {
            let seq: i64 = row.get(0)?;
            Ok(read_row_at(row, 1)?.map(|article| Sequenced { seq, article }))
        })?;
        rows.map(|row| row?).collect()
    }

    /// The story generation: 0, then one more after each [`SqliteStore::clear_stories`]. An
    /// assigner's state belongs to one generation.
    pub fn generation(&self) -> Result<i64> {
        let generation: Option<i64> = self
            .connection
            .query_row("SELECT value FROM engine_state WHERE key = 'generation'", [], |row| {
                row.get(0)
            })
            .optional()?;
        Ok(generation.unwrap_or(0))
    }

    /// The fingerprint of the grouping settings the stored stories were made with, if any
    /// was recorded (see [`SqliteStore::set_grouping`]).
    pub fn grouping(&self) -> Result<Option<i64>> {
        Ok(self
            .connection
            .query_row("SELECT value FROM engine_state WHERE key = 'grouping'", [], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Records the fingerprint of the grouping settings that place articles from now on.
    pub fn set_grouping(&self, fingerprint: i64) -> Result<()> {
        self.connection.execute(
            "INSERT INTO engine_state (key, value) VALUES ('grouping', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [fingerprint],
        )?;
        Ok(())
    }

    /// Whether a derived batch ends at `seq`.
    pub fn is_batch_end(&self, seq: i64) -> Result<bool> {
        let mut statement =
            self.connection.prepare_cached("SELECT 1 FROM derive_batches WHERE end_seq = ?1")?;
        Ok(statement.exists([seq])?)
    }

    /// How many stored articles have no derived data yet.
    pub fn count_pending(&self) -> Result<u64> {
        let position = self.derived_position()?;
        Ok(self.connection.query_row(
            "SELECT count(*) FROM articles WHERE seq > ?1",
            [position],
            |row| row.get(0),
        )?)
    }

    /// Writes a batch's derived data and moves the position, in one transaction.
    pub fn write_derived(&mut self, batch: &DerivedBatch) -> Result<()> {
        let transaction =
            self.connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let found: i64 = transaction
            .query_row("SELECT value FROM engine_state WHERE key = ?1", [POSITION], |row| {
                row.get(0)
            })
            .optional()?
            .unwrap_or(0);
        if found != batch.previous {
            return Err(StoreError::Moved { expected: batch.previous, found });
        }
        write_analyses(&transaction, &batch.analyses)?;
        write_copies(&transaction, &batch.copies)?;
        write_copy_keys(&transaction, &batch.copy_keys)?;
        for placement in &batch.placements {
            place(&transaction, placement)?;
        }
        for (gone, kept) in &batch.merges {
            merge(&transaction, gone, kept)?;
        }
        transaction.execute(
            "INSERT INTO engine_state (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![POSITION, batch.position],
        )?;
        transaction.execute(
            "INSERT OR IGNORE INTO derive_batches (end_seq, placed_at) VALUES (?1, ?2)",
            [batch.position, batch.placed_at],
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Forgets every story, placement, copy link, dossier and the engine's position, keeping
    /// the analyses: the next derive places every article again (after a configuration
    /// change). The change log records a `regrouped` entry per story that existed.
    pub fn clear_stories(&mut self) -> Result<()> {
        let transaction = self.connection.transaction()?;
        transaction.execute_batch(
            "INSERT INTO changes (story_id, kind, article_id, at)
                 SELECT id, 'regrouped', NULL, datetime('now') FROM stories
                 WHERE merged_into IS NULL;
             DELETE FROM placements; DELETE FROM stories; DELETE FROM dossiers;
             DELETE FROM copies; DELETE FROM derive_batches; DELETE FROM copy_keys;
             DELETE FROM engine_state WHERE key IN ('derived_seq', 'copy_keys_missing_through');
             INSERT INTO engine_state (key, value) VALUES ('generation', 1)
                 ON CONFLICT (key) DO UPDATE SET value = value + 1;",
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// Which of these articles have an analysis stored by code `version`.
    pub fn analysed(&self, articles: &[ArticleId], version: i64) -> Result<Vec<bool>> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT 1 FROM analyses WHERE article_id = ?1 AND version = ?2")?;
        let mut found = Vec::with_capacity(articles.len());
        for article in articles {
            found.push(statement.exists(params![article.as_str(), version])?);
        }
        Ok(found)
    }

    /// The stored analysis of an article: `(code version, JSON)`.
    pub fn analysis(&self, article: &ArticleId) -> Result<Option<(i64, String)>> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT version, analysis FROM analyses WHERE article_id = ?1")?;
        Ok(statement
            .query_row([article.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Up to `limit` derived articles (by `seq`) filed under each of `keys`, latest first;
    /// keys with none are left out. One query for all the keys: a batch's thousands of
    /// lookups are one walk of the index.
    pub fn copy_key_postings(
        &self,
        keys: &[i64],
        limit: usize,
    ) -> Result<std::collections::HashMap<i64, Vec<i64>>> {
        let mut sorted = keys.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let values: Vec<rusqlite::types::Value> =
            sorted.into_iter().map(rusqlite::types::Value::Integer).collect();
        // Per key, the latest `limit` postings only (read backwards along the index): a key
        // common to much of the store (boilerplate text, a frequent name) costs no more than
        // a rare one.
        let mut statement = self.connection.prepare_cached(
            "SELECT k.value, (SELECT group_concat(seq) FROM
                 (SELECT seq FROM copy_keys WHERE key = k.value ORDER BY seq DESC LIMIT ?2))
             FROM rarray(?1) AS k",
        )?;
        let rows = statement.query_map(params![std::rc::Rc::new(values), limit as i64], |row| {
            Ok((row.get::<_, i64>(0)?, row.get::<_, Option<String>>(1)?))
        })?;
        let mut found = std::collections::HashMap::new();
        for row in rows {
            let (key, listed) = row?;
            let Some(listed) = listed else { continue };
            let mut seqs: Vec<i64> = listed.split(',').filter_map(|seq| seq.parse().ok()).collect();
            // group_concat's order is not promised: latest first, as documented.
            seqs.sort_unstable_by(|a, b| b.cmp(a));
            found.insert(key, seqs);
        }
        Ok(found)
    }

    /// The stored articles with these numbers (those that exist), in the order stored.
    pub fn articles_at(&self, seqs: &[i64]) -> Result<Vec<Sequenced>> {
        let sql = format!("SELECT seq, {ARTICLE_COLUMNS} FROM articles WHERE seq = ?1");
        let mut statement = self.connection.prepare_cached(&sql)?;
        let mut sorted = seqs.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        let mut found = Vec::with_capacity(sorted.len());
        for seq in sorted {
            let row = statement
                .query_row([seq], |row| {
                    Ok(read_row_at(row, 1)?.map(|article| Sequenced { seq, article }))
                })
                .optional()?;
            if let Some(article) = row {
                found.push(article?);
            }
        }
        Ok(found)
    }

    /// The numbers of articles with these ids (those stored).
    pub fn seqs_of(&self, articles: &[ArticleId]) -> Result<Vec<i64>> {
        let mut statement =
            self.connection.prepare_cached("SELECT seq FROM articles WHERE id = ?1")?;
        let mut found = Vec::with_capacity(articles.len());
        for article in articles {
            found.extend(
                statement.query_row([article.as_str()], |row| row.get::<_, i64>(0)).optional()?,
            );
        }
        Ok(found)
    }

    /// The fingerprint of the settings the stored copy keys were made with, if recorded.
    pub fn copy_keys_settings(&self) -> Result<Option<i64>> {
        Ok(self
            .connection
            .query_row(
                "SELECT value FROM engine_state WHERE key = 'copy_keys_settings'",
                [],
                |row| row.get(0),
            )
            .optional()?)
    }

    /// Forgets every stored copy key (made with other settings) and records `fingerprint`: the
    /// derived articles' keys are then missing, to be computed again.
    pub fn reset_copy_keys(&mut self, fingerprint: i64) -> Result<()> {
        let transaction =
            self.connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        transaction.execute_batch(
            "DELETE FROM copy_keys;
             DELETE FROM engine_state WHERE key = 'copy_keys_missing_through';
             INSERT INTO engine_state (key, value)
                 SELECT 'copy_keys_missing_through', value FROM engine_state
                 WHERE key = 'derived_seq' AND value > 0;",
        )?;
        transaction.execute(
            "INSERT INTO engine_state (key, value) VALUES ('copy_keys_settings', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [fingerprint],
        )?;
        transaction.commit()?;
        Ok(())
    }

    /// The last article number whose copy keys are missing: articles derived by a release that
    /// stored none (0 when every derived article has its keys).
    pub fn copy_keys_missing_through(&self) -> Result<i64> {
        let through: Option<i64> = self
            .connection
            .query_row(
                "SELECT value FROM engine_state WHERE key = 'copy_keys_missing_through'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        Ok(through.unwrap_or(0))
    }

    /// Stores copy keys of articles derived before keys were kept, `(seq, keys)`, up to
    /// `through`; the rest stay missing (none once `through` reaches the last missing one).
    pub fn backfill_copy_keys(&mut self, keys: &[(i64, Vec<i64>)], through: i64) -> Result<()> {
        let transaction =
            self.connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let marker: Option<i64> = transaction
            .query_row(
                "SELECT value FROM engine_state WHERE key = 'copy_keys_missing_through'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        // Another process regrouped meanwhile (the marker is gone, articles are pending
        // again): keys are written only with their articles' derived batch then.
        if marker.is_none() {
            return Ok(());
        }
        let position: i64 = transaction
            .query_row("SELECT value FROM engine_state WHERE key = ?1", [POSITION], |row| {
                row.get(0)
            })
            .optional()?
            .unwrap_or(0);
        let derived: Vec<(i64, Vec<i64>)> =
            keys.iter().filter(|(seq, _)| *seq <= position).cloned().collect();
        write_copy_keys(&transaction, &derived)?;
        let missing: Option<i64> = transaction
            .query_row(
                "SELECT value FROM engine_state WHERE key = 'copy_keys_missing_through'",
                [],
                |row| row.get(0),
            )
            .optional()?;
        if missing.is_some_and(|missing| through >= missing) {
            transaction
                .execute("DELETE FROM engine_state WHERE key = 'copy_keys_missing_through'", [])?;
        }
        transaction.commit()?;
        Ok(())
    }

    /// The copy links whose copy is one of `articles`.
    pub fn copies_of(&self, articles: &[ArticleId]) -> Result<Vec<CopyRow>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT article_id, original_id, kind, jaccard, containment, aligned
             FROM copies WHERE article_id = ?1",
        )?;
        let mut found = Vec::new();
        for article in articles {
            let row = statement
                .query_row([article.as_str()], |row| {
                    Ok(CopyRow {
                        article: ArticleId::from_stored(row.get::<_, String>(0)?),
                        original: ArticleId::from_stored(row.get::<_, String>(1)?),
                        // A kind this version does not know reads as the loosest.
                        kind: CopyKind::parse(&row.get::<_, String>(2)?)
                            .unwrap_or(CopyKind::Translated),
                        jaccard: row.get(3)?,
                        containment: row.get(4)?,
                        aligned: row.get(5)?,
                    })
                })
                .optional()?;
            found.extend(row);
        }
        Ok(found)
    }

    /// Stories whose dossier must be rebuilt, oldest change first.
    pub fn stale_stories(&self) -> Result<Vec<StoryId>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id FROM stories WHERE dossier_stale = 1 AND merged_into IS NULL
             ORDER BY updated",
        )?;
        let ids = statement.query_map([], |row| row.get::<_, String>(0))?;
        Ok(ids.map(|id| id.map(StoryId::from_stored)).collect::<rusqlite::Result<_>>()?)
    }

    /// A story's articles, in the order they were stored.
    pub fn story_articles(&self, story: &StoryId) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {} FROM placements p JOIN articles a ON a.id = p.article_id
             WHERE p.story_id = ?1 ORDER BY a.seq",
            ARTICLE_COLUMNS.split(", ").map(|c| format!("a.{c}")).collect::<Vec<_>>().join(", ")
        );
        let mut statement = self.connection.prepare_cached(&sql)?;
        let rows = statement.query_map([story.as_str()], read_row)?;
        rows.map(|row| row?).collect()
    }

    /// The ids of a story's articles, in the order they were stored.
    pub fn story_article_ids(&self, story: &StoryId) -> Result<Vec<ArticleId>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT p.article_id FROM placements p JOIN articles a ON a.id = p.article_id
             WHERE p.story_id = ?1 ORDER BY a.seq",
        )?;
        let ids = statement.query_map([story.as_str()], |row| row.get::<_, String>(0))?;
        Ok(ids.map(|id| id.map(ArticleId::from_stored)).collect::<rusqlite::Result<_>>()?)
    }

    /// Every placement, in the order the articles were stored, with each article's outlet,
    /// headline and date: enough to list stories without reading bodies.
    pub fn placements(&self) -> Result<Vec<(PlacementRow, ArticleHead)>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT p.article_id, p.story_id, p.kind, p.note, a.source, a.title, a.published
             FROM placements p JOIN articles a ON a.id = p.article_id ORDER BY a.seq",
        )?;
        let rows = statement.query_map([], |row| {
            let article = ArticleId::from_stored(row.get::<_, String>(0)?);
            let published: Option<String> = row.get(6)?;
            let head = ArticleHead {
                source: row.get(4)?,
                title: row.get(5)?,
                published: published.and_then(|p| Published::parse(&p).ok()),
            };
            let placement = PlacementRow {
                article,
                story: row.get::<_, Option<String>>(1)?.map(StoryId::from_stored),
                kind: row.get(2)?,
                note: row.get(3)?,
            };
            Ok((placement, head))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The story an article is in, if it was placed.
    pub fn story_of(&self, article: &ArticleId) -> Result<Option<StoryId>> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT story_id FROM placements WHERE article_id = ?1")?;
        let story: Option<Option<String>> =
            statement.query_row([article.as_str()], |row| row.get(0)).optional()?;
        Ok(story.flatten().map(StoryId::from_stored))
    }

    /// Stores a story's dossier (JSON, with the code version that built it) and marks it
    /// fresh, unless the story changed again since `seen` (its `updated` cursor when the
    /// dossier's input was read): then it stays stale for the next rebuild.
    pub fn write_dossier(
        &mut self,
        story: &StoryId,
        version: i64,
        dossier: &str,
        seen: i64,
    ) -> Result<()> {
        let transaction = self.connection.transaction()?;
        transaction.execute(
            "INSERT INTO dossiers (story_id, version, dossier) VALUES (?1, ?2, ?3)
             ON CONFLICT (story_id) DO UPDATE SET version = excluded.version,
                 dossier = excluded.dossier",
            params![story.as_str(), version, dossier],
        )?;
        transaction.execute(
            "UPDATE stories SET dossier_stale = 0 WHERE id = ?1 AND updated <= ?2",
            params![story.as_str(), seen],
        )?;
        log_change(&transaction, story, "dossier", None)?;
        transaction.commit()?;
        Ok(())
    }

    /// A story's stored dossier: `(code version, JSON)`.
    pub fn dossier(&self, story: &StoryId) -> Result<Option<(i64, String)>> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT version, dossier FROM dossiers WHERE story_id = ?1")?;
        Ok(statement
            .query_row([story.as_str()], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    /// Every story that was not merged into another, in the order they started.
    pub fn stories(&self) -> Result<Vec<StoryRecord>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT id, label, first_seen, last_seen, articles, updated FROM stories
             WHERE merged_into IS NULL AND articles > 0 ORDER BY started_seq",
        )?;
        let rows = statement.query_map([], read_story)?;
        rows.map(|row| row?).collect()
    }

    /// The story with this id, or the only one whose id starts with this prefix; a merged
    /// story's id answers with the story it went into.
    pub fn story(&self, id_or_prefix: &str) -> Result<StoryLookup> {
        let ids: Vec<String> = if let Some(exact) = self.story_row(id_or_prefix)? {
            vec![exact.0]
        } else if id_or_prefix.len() > 1
            && id_or_prefix.starts_with('s')
            && id_or_prefix[1..].chars().all(|c| c.is_ascii_hexdigit())
        {
            let prefix = id_or_prefix.to_ascii_lowercase();
            let mut statement = self.connection.prepare_cached(
                "SELECT id FROM stories WHERE id >= ?1 AND id < ?1 || 'g'
                 AND (merged_into IS NOT NULL OR articles > 0) ORDER BY id LIMIT 5",
            )?;
            statement.query_map([&prefix], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?
        } else {
            Vec::new()
        };
        let id = match ids.as_slice() {
            [] => return Ok(StoryLookup::NotFound),
            [only] => only.clone(),
            _ => {
                return Ok(StoryLookup::Ambiguous(
                    ids.into_iter().map(StoryId::from_stored).collect(),
                ));
            }
        };
        // Follow merges to the story that holds the articles now (bounded: merges form chains
        // toward older stories, never cycles, but a damaged store should not loop).
        let mut current = id.clone();
        for _ in 0..64 {
            let Some((_, merged_into)) = self.story_row(&current)? else {
                return Ok(StoryLookup::NotFound);
            };
            match merged_into {
                Some(next) => current = next,
                None => break,
            }
        }
        let mut statement = self.connection.prepare_cached(
            "SELECT id, label, first_seen, last_seen, articles, updated FROM stories WHERE id = ?1",
        )?;
        let record = statement.query_row([&current], read_story)??;
        Ok(if current == id {
            StoryLookup::Found(record)
        } else {
            StoryLookup::Merged { gone: StoryId::from_stored(id), into: record }
        })
    }

    fn story_row(&self, id: &str) -> Result<Option<(String, Option<String>)>> {
        let mut statement =
            self.connection.prepare_cached("SELECT id, merged_into FROM stories WHERE id = ?1")?;
        Ok(statement.query_row([id], |row| Ok((row.get(0)?, row.get(1)?))).optional()?)
    }

    /// Up to `limit` changes after the cursor `after`, oldest first.
    pub fn changes_since(&self, after: i64, limit: usize) -> Result<Vec<Change>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT seq, story_id, kind, article_id FROM changes WHERE seq > ?1
             ORDER BY seq LIMIT ?2",
        )?;
        let rows = statement.query_map(params![after, limit as i64], |row| {
            let kind: String = row.get(2)?;
            let reference: Option<String> = row.get(3)?;
            let merged = kind == "merged";
            Ok(Change {
                seq: row.get(0)?,
                story: StoryId::from_stored(row.get::<_, String>(1)?),
                article: reference.clone().filter(|_| !merged).map(ArticleId::from_stored),
                other: reference.filter(|_| merged).map(StoryId::from_stored),
                kind,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The cursor of the latest change (0 for none).
    pub fn latest_change(&self) -> Result<i64> {
        Ok(self
            .connection
            .query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |row| row.get(0))?)
    }
}

fn write_analyses(
    transaction: &Transaction<'_>,
    analyses: &[(ArticleId, i64, String)],
) -> Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT INTO analyses (article_id, version, analysis) VALUES (?1, ?2, ?3)
         ON CONFLICT (article_id) DO UPDATE SET version = excluded.version,
             analysis = excluded.analysis",
    )?;
    for (article, version, analysis) in analyses {
        insert.execute(params![article.as_str(), version, analysis])?;
    }
    Ok(())
}

fn write_copy_keys(transaction: &Transaction<'_>, keys: &[(i64, Vec<i64>)]) -> Result<()> {
    let mut insert =
        transaction.prepare_cached("INSERT OR IGNORE INTO copy_keys (key, seq) VALUES (?1, ?2)")?;
    // In key order: each insert lands next to the one before in the table's B-tree.
    let mut rows: Vec<(i64, i64)> =
        keys.iter().flat_map(|(seq, keys)| keys.iter().map(move |key| (*key, *seq))).collect();
    rows.sort_unstable();
    for (key, seq) in rows {
        insert.execute([key, seq])?;
    }
    Ok(())
}

fn write_copies(transaction: &Transaction<'_>, copies: &[CopyRow]) -> Result<()> {
    let mut insert = transaction.prepare_cached(
        "INSERT OR IGNORE INTO copies (article_id, original_id, kind, jaccard, containment, aligned)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for copy in copies {
        insert.execute(params![
            copy.article.as_str(),
            copy.original.as_str(),
            copy.kind.as_str(),
            copy.jaccard,
            copy.containment,
            copy.aligned
        ])?;
    }
    Ok(())
}

/// Stores one placement and brings its story's row up to date.
fn place(transaction: &Transaction<'_>, placement: &PlacementRow) -> Result<()> {
    let inserted = transaction.execute(
        "INSERT OR IGNORE INTO placements (article_id, story_id, kind, note) VALUES (?1, ?2, ?3, ?4)",
        params![
            placement.article.as_str(),
            placement.story.as_ref().map(StoryId::as_str),
            placement.kind,
            placement.note
        ],
    )? == 1;
    if !inserted {
        return Ok(());
    }
    let Some(story) = &placement.story else {
        // A refused article is in no story; the log still names it, under no story's id.
        log_change(
            transaction,
            &StoryId::from_stored(""),
            "refused",
            Some(placement.article.as_str()),
        )?;
        return Ok(());
    };
    // Only the headline and date are needed: the body stays on disk.
    let (title, published): (Option<String>, Option<String>) = transaction
        .query_row(
            "SELECT title, published FROM articles WHERE id = ?1",
            [placement.article.as_str()],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?
        .unwrap_or((None, None));
    let published = published.and_then(|p| Published::parse(&p).ok());
    let started = transaction.execute(
        "INSERT OR IGNORE INTO stories (id, started_seq, label, updated) VALUES (?1, 0, ?2, 0)",
        params![story.as_str(), title],
    )? == 1;
    let change = log_change(
        transaction,
        story,
        if started { "started" } else { "grew" },
        Some(placement.article.as_str()),
    )?;
    if started {
        // Stories list in the order they started, which is the order of the change log.
        transaction.execute(
            "UPDATE stories SET started_seq = ?2 WHERE id = ?1",
            params![story.as_str(), change],
        )?;
    }
    let (first, last): (Option<String>, Option<String>) = transaction.query_row(
        "SELECT first_seen, last_seen FROM stories WHERE id = ?1",
        [story.as_str()],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let first = widen(first, published, story, |new, old| new < old)?;
    let last = widen(last, published, story, |new, old| new > old)?;
    transaction.execute(
        "UPDATE stories SET articles = articles + 1, updated = ?2, dossier_stale = 1,
             first_seen = ?3, last_seen = ?4, label = coalesce(label, ?5)
         WHERE id = ?1",
        params![
            story.as_str(),
            change,
            first.map(|p| p.to_string()),
            last.map(|p| p.to_string()),
            title
        ],
    )?;
    Ok(())
}

/// The stored bound, or the new date when it lies beyond it (`beyond(new, old)`).
fn widen(
    stored: Option<String>,
    new: Option<Published>,
    story: &StoryId,
    beyond: impl Fn(chrono::DateTime<Utc>, chrono::DateTime<Utc>) -> bool,
) -> Result<Option<Published>> {
    let stored = stored.map(|text| Published::parse(&text)).transpose().map_err(|error| {
        StoreError::Damaged {
            article: story.to_string(),
            what: "story date",
            detail: error.to_string(),
        }
    })?;
    Ok(match (stored, new) {
        (Some(old), Some(new)) if beyond(new.instant(), old.instant()) => Some(new),
        (Some(old), _) => Some(old),
        (None, new) => new,
    })
}

/// Moves a merged story's articles to the story that absorbed it and records the redirect.
fn merge(transaction: &Transaction<'_>, gone: &StoryId, kept: &StoryId) -> Result<()> {
    if gone == kept {
        return Ok(());
    }
    transaction.execute(
        "UPDATE placements SET story_id = ?2 WHERE story_id = ?1",
        params![gone.as_str(), kept.as_str()],
    )?;
    let (count, first, last): (u64, Option<String>, Option<String>) = transaction.query_row(
        "SELECT articles, first_seen, last_seen FROM stories WHERE id = ?1",
        [gone.as_str()],
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
    )?;
    transaction.execute(
        "UPDATE stories SET merged_into = ?2, articles = 0, dossier_stale = 0 WHERE id = ?1",
        params![gone.as_str(), kept.as_str()],
    )?;
    transaction.execute("DELETE FROM dossiers WHERE story_id = ?1", [gone.as_str()])?;
    SqliteStore::move_follows(transaction, gone, kept)?;
    let change = log_change(transaction, kept, "merged", Some(gone.as_str()))?;
    let (kept_first, kept_last): (Option<String>, Option<String>) = transaction.query_row(
        "SELECT first_seen, last_seen FROM stories WHERE id = ?1",
        [kept.as_str()],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let parse = |text: Option<String>| text.and_then(|t| Published::parse(&t).ok());
    let first = widen(kept_first, parse(first), kept, |new, old| new < old)?;
    let last = widen(kept_last, parse(last), kept, |new, old| new > old)?;
    transaction.execute(
        "UPDATE stories SET articles = articles + ?2, updated = ?3, dossier_stale = 1,
             first_seen = ?4, last_seen = ?5
         WHERE id = ?1",
        params![
            kept.as_str(),
            count,
            change,
            first.map(|p| p.to_string()),
            last.map(|p| p.to_string())
        ],
    )?;
    Ok(())
}

/// Appends to the change log; returns the new cursor.
fn log_change(
    transaction: &Transaction<'_>,
    story: &StoryId,
    kind: &str,
    reference: Option<&str>,
) -> Result<i64> {
    transaction.execute(
        "INSERT INTO changes (story_id, kind, article_id, at) VALUES (?1, ?2, ?3, ?4)",
        params![story.as_str(), kind, reference, Utc::now().to_rfc3339()],
    )?;
    Ok(transaction.last_insert_rowid())
}

fn read_story(row: &rusqlite::Row<'_>) -> rusqlite::Result<Result<StoryRecord>> {
    let id: String = row.get(0)?;
    let date = |index: usize| -> rusqlite::Result<Result<Option<Published>>> {
        let text: Option<String> = row.get(index)?;
        Ok(text.map(|t| Published::parse(&t)).transpose().map_err(|error| StoreError::Damaged {
            article: id.clone(),
            what: "story date",
            detail: error.to_string(),
        }))
    };
    let first_seen = match date(2)? {
        Ok(date) => date,
        Err(error) => return Ok(Err(error)),
    };
    let last_seen = match date(3)? {
        Ok(date) => date,
        Err(error) => return Ok(Err(error)),
    };
    Ok(Ok(StoryRecord {
        id: StoryId::from_stored(id.clone()),
        label: row.get(1)?,
        first_seen,
        last_seen,
        articles: row.get(4)?,
        updated: row.get(5)?,
    }))
}

/// [`read_row`] for a row whose article columns start at `offset`.
fn read_row_at(row: &rusqlite::Row<'_>, offset: usize) -> rusqlite::Result<Result<Article>> {
    crate::sqlite::read_row_from(row, offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{ContentType, Document, Origin, Paragraph};

    fn stored(store: &mut SqliteStore, text: &str, day: &str) -> Result<ArticleId> {
        let document =
            Document::new(Origin::Stdin, ContentType::PlainText, text.as_bytes().to_vec());
        let mut article = Article::new(vec![Paragraph::text(text)]);
        article.title = Some(format!("About {text}"));
        article.published = Published::parse(day).ok();
        article.seal();
        store.write_batch(&[(document, Some(article.clone()))])?;
        Ok(article.id)
    }

    fn placed(article: &ArticleId, story: &StoryId, kind: &str) -> PlacementRow {
        PlacementRow {
            article: article.clone(),
            story: Some(story.clone()),
            kind: kind.into(),
            note: None,
        }
    }

    #[test]
    fn copy_keys_are_written_with_their_batch_read_latest_first_and_forgotten_on_regroup()
    -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::sqlite::damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        for (text, day) in
            [("One.", "2025-03-10"), ("Two.", "2025-03-11"), ("Three.", "2025-03-12")]
        {
            stored(&mut store, text, day)?;
        }
        assert_eq!(store.copy_keys_missing_through()?, 0, "a new store misses none");
        store.write_derived(&DerivedBatch {
            copy_keys: vec![(1, vec![10, 11]), (2, vec![10]), (3, vec![10, 12])],
            position: 3,
            ..DerivedBatch::default()
        })?;
        let found = store.copy_key_postings(&[12, 10, 99], 5)?;
        assert_eq!((&found[&10], &found[&12], found.len()), (&vec![3, 2, 1], &vec![3], 2));
        let found = store.copy_key_postings(&[10], 2)?;
        assert_eq!(found[&10], [3, 2], "the latest, up to the limit");
        let found: Vec<i64> = store.articles_at(&[3, 1, 3, 7])?.iter().map(|s| s.seq).collect();
        assert_eq!(found, [1, 3], "each stored one once, in order");
        store.clear_stories()?;
        assert!(store.copy_key_postings(&[10], 5)?.is_empty());
        Ok(())
    }

    #[test]
    fn a_store_derived_before_copy_keys_knows_which_it_misses() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::sqlite::damaged("-", "temp dir", e))?;
        {
            let mut connection = rusqlite::Connection::open(dir.path().join(crate::DATABASE_FILE))?;
            crate::schema::migrate_to(&mut connection, 4)?;
            connection.execute("INSERT INTO engine_state VALUES ('derived_seq', 40)", [])?;
        }
        let mut store = SqliteStore::open(dir.path())?;
        assert_eq!(store.copy_keys_missing_through()?, 40);
        store.backfill_copy_keys(&[(5, vec![8])], 20)?;
        assert_eq!(store.copy_keys_missing_through()?, 40, "half done");
        store.backfill_copy_keys(&[(30, vec![8])], 40)?;
        assert_eq!(store.copy_keys_missing_through()?, 0);
        assert_eq!(store.copy_key_postings(&[8], 5)?[&8], [30, 5]);
        Ok(())
    }

    #[test]
    fn a_follow_moves_with_a_merge_and_sees_what_the_other_story_held_as_new() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::sqlite::damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        let a = stored(&mut store, "Bridge closes.", "2025-03-10")?;
        let b = stored(&mut store, "Bridge shut.", "2025-03-12")?;
        let c = stored(&mut store, "Bridge still shut.", "2025-03-11")?;
        let (first, second) = (StoryId::started_by(&a), StoryId::started_by(&b));
        store.write_derived(&DerivedBatch {
            placements: vec![placed(&a, &first, "started"), placed(&b, &second, "started")],
            position: 2,
            ..DerivedBatch::default()
        })?;
        std::thread::sleep(std::time::Duration::from_millis(5));
        let followed_at = Utc::now();
        assert!(store.follow(&second, followed_at)?);
        assert!(!store.follow(&second, followed_at)?, "followed once");
        std::thread::sleep(std::time::Duration::from_millis(5));
        store.write_derived(&DerivedBatch {
            placements: vec![placed(&c, &first, "joined")],
            merges: vec![(second.clone(), first.clone())],
            previous: 2,
            position: 3,
            ..DerivedBatch::default()
        })?;
        let follows = store.follows()?;
        assert_eq!(follows.len(), 1);
        assert_eq!((&follows[0].story, &follows[0].followed), (&first, &second));
        let new = |arrivals: Vec<(ArticleId, chrono::DateTime<Utc>)>| {
            let mut new: Vec<ArticleId> = arrivals
                .into_iter()
                .filter(|(_, at)| *at > followed_at)
                .map(|(id, _)| id)
                .collect();
            new.sort();
            new
        };
        let sorted = |mut ids: Vec<ArticleId>| {
            ids.sort();
            ids
        };
        // For the kept story's readers, the merged story's article and the new one arrived.
        assert_eq!(new(store.arrivals(&first)?), sorted(vec![b.clone(), c.clone()]));
        // For the reader who followed the merged story, the kept story's article did.
        assert_eq!(
            new(store.arrivals_seen_from(&first, &second)?),
            sorted(vec![a.clone(), c.clone()])
        );
        // A regroup places every article again: none of them arrived then.
        let before = store.arrivals(&first)?;
        let everything = store.all_arrivals()?;
        assert_eq!(everything.len(), 3);
        for (id, at) in &before {
            assert_eq!(everything.get(id), Some(at), "{id}: one pass or per story, the same");
        }
        store.clear_stories()?;
        store.write_derived(&DerivedBatch {
            placements: vec![
                placed(&a, &first, "started"),
                placed(&b, &first, "joined"),
                placed(&c, &first, "joined"),
            ],
            position: 3,
            ..DerivedBatch::default()
        })?;
        assert_eq!(store.arrivals(&first)?, before);
        assert_eq!(store.all_arrivals()?, everything);
        assert!(store.unfollow(&first)?);
        assert!(store.follows()?.is_empty());
        Ok(())
    }

    #[test]
    fn placements_make_stories_and_a_merge_redirects_the_younger_id() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::sqlite::damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        let a = stored(&mut store, "Bridge closes.", "2025-03-10")?;
        let b = stored(&mut store, "Bridge shut.", "2025-03-12")?;
        let c = stored(&mut store, "Bridge still shut.", "2025-03-11")?;
        assert_eq!(store.count_pending()?, 3);
        let (first, second) = (StoryId::started_by(&a), StoryId::started_by(&b));
        store.write_derived(&DerivedBatch {
            analyses: vec![(a.clone(), 1, "{}".into())],
            placements: vec![placed(&a, &first, "started"), placed(&b, &second, "started")],
            position: 2,
            ..DerivedBatch::default()
        })?;
        assert!(matches!(
            store.write_derived(&DerivedBatch {
                previous: 0,
                position: 3,
                ..DerivedBatch::default()
            }),
            Err(StoreError::Moved { expected: 0, found: 2 })
        ));
        assert_eq!((store.derived_position()?, store.count_pending()?), (2, 1));
        assert_eq!(store.stories()?.len(), 2);
        let cursor = store.latest_change()?;
        store.write_derived(&DerivedBatch {
            placements: vec![placed(&c, &first, "joined")],
            merges: vec![(second.clone(), first.clone())],
            previous: 2,
            position: 3,
            ..DerivedBatch::default()
        })?;
        let stories = store.stories()?;
        assert_eq!(stories.len(), 1);
        assert_eq!((stories[0].id.clone(), stories[0].articles), (first.clone(), 3));
        assert_eq!(stories[0].first_seen, Published::parse("2025-03-10").ok());
        assert_eq!(stories[0].last_seen, Published::parse("2025-03-12").ok());
        assert_eq!(store.story_article_ids(&first)?, vec![a.clone(), b.clone(), c.clone()]);
        assert!(matches!(store.story(second.as_str())?,
            StoryLookup::Merged { gone, into } if gone == second && into.id == first));
        assert!(
            matches!(store.story(&first.as_str()[..6])?, StoryLookup::Found(s) if s.id == first)
        );
        assert_eq!(store.story("s")?, StoryLookup::NotFound);
        let kinds: Vec<String> =
            store.changes_since(cursor, 10)?.into_iter().map(|c| c.kind).collect();
        assert_eq!(kinds, ["grew", "merged"]);
        assert_eq!(store.stale_stories()?, vec![first.clone()]);
        let seen = store.stories()?[0].updated;
        store.write_dossier(&first, 1, "{\"story\":1}", seen)?;
        assert!(store.stale_stories()?.is_empty());
        assert_eq!(store.dossier(&first)?, Some((1, "{\"story\":1}".to_string())));
        assert_eq!(store.analysis(&a)?, Some((1, "{}".to_string())));
        Ok(())
    }

    #[test]
    fn a_dossier_built_from_an_older_state_leaves_the_story_stale() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| crate::sqlite::damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        let a = stored(&mut store, "Rain.", "2025-03-10")?;
        let b = stored(&mut store, "More rain.", "2025-03-10")?;
        let story = StoryId::started_by(&a);
        store.write_derived(&DerivedBatch {
            placements: vec![placed(&a, &story, "started")],
            position: 1,
            ..DerivedBatch::default()
        })?;
        let seen = store.stories()?[0].updated;
        store.write_derived(&DerivedBatch {
            placements: vec![placed(&b, &story, "joined")],
            previous: 1,
            position: 2,
            ..DerivedBatch::default()
        })?;
        store.write_dossier(&story, 1, "{}", seen)?;
        assert_eq!(store.stale_stories()?, vec![story]);
        Ok(())
    }
}
