//! Versioned schema migrations, applied in order; `PRAGMA user_version` records the version.

use rusqlite::Connection;

use crate::{Result, StoreError};

/// Each entry moves the schema one version up. Never edit a released entry: add a new one.
const MIGRATIONS: &[&str] = &[
    // 1: documents as they came in, and the articles extracted from them.
    "CREATE TABLE documents (
        hash TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        content_type TEXT NOT NULL,
        source TEXT,
        fetched_at TEXT NOT NULL,
        bytes BLOB NOT NULL
    );
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        document_hash TEXT NOT NULL REFERENCES documents(hash),
        source TEXT,
        url TEXT,
        canonical_url TEXT,
        title TEXT,
        byline TEXT,
        published TEXT,
        dateline TEXT,
        language TEXT,
        body TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        external_id TEXT,
        warnings TEXT NOT NULL DEFAULT '[]',
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_content_hash ON articles(content_hash);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_document ON articles(document_hash);",
    // 2: the last-modified date HTML pages state, kept apart from the publication date.
    "ALTER TABLE articles ADD COLUMN modified TEXT;",
    // 3: the web addresses documents were fetched from, and what each feed said last time.
    "CREATE TABLE fetched_urls (
        url TEXT PRIMARY KEY,
        document_hash TEXT NOT NULL REFERENCES documents(hash)
    );
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        checked_at TEXT NOT NULL
    );",
    // 4: what is derived from each article, stored when it arrives: its analysis (with the
    // version of the code that made it), its copy link, where it was placed; the stories with
    // their merges and dossiers; a change log readers follow by cursor; the engine's position.
    "CREATE TABLE analyses (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version INTEGER NOT NULL,
        analysis TEXT NOT NULL
    );
    CREATE TABLE copies (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        original_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        jaccard REAL NOT NULL,
        containment REAL NOT NULL,
        aligned REAL NOT NULL
    );
    CREATE INDEX copies_original ON copies(original_id);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        started_seq INTEGER NOT NULL,
        merged_into TEXT,
        label TEXT,
        first_seen TEXT,
        last_seen TEXT,
        articles INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL,
        dossier_stale INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX stories_stale ON stories(dossier_stale) WHERE dossier_stale = 1;
    CREATE TABLE placements (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        story_id TEXT,
        kind TEXT NOT NULL,
        note TEXT
    );
    CREATE INDEX placements_story ON placements(story_id);
    CREATE TABLE dossiers (
        story_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        dossier TEXT NOT NULL
    );
    CREATE TABLE changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        story_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        article_id TEXT,
        at TEXT NOT NULL
    );
    CREATE TABLE engine_state (
        key TEXT PRIMARY KEY,
        value INTEGER NOT NULL
    );
    CREATE TABLE derive_batches (
        end_seq INTEGER PRIMARY KEY,
        placed_at INTEGER NOT NULL
    );",
    // 5: the keys an arriving article's copies are found by among stored articles (MinHash
    // bands, the exact text, sampled names and numbers), per article number. Articles derived
    // before this version have none: the engine computes theirs on first open.
    "CREATE TABLE copy_keys (
        key INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (key, seq)
    ) WITHOUT ROWID;
    INSERT INTO engine_state (key, value)
        SELECT 'copy_keys_missing_through', value FROM engine_state WHERE key = 'derived_seq';",
    // 6: the stories a reader follows (the id followed, and the story it is now after merges),
    // with when they last looked; the change log by article
    // and by story, for "what changed since" (when each article joined its story).
    "CREATE TABLE follows (
        story_id TEXT PRIMARY KEY,
        followed_id TEXT NOT NULL,
        followed_at TEXT NOT NULL,
        seen_at TEXT NOT NULL
    );
    CREATE INDEX changes_article ON changes(article_id);
    CREATE INDEX changes_story ON changes(story_id, kind);
    CREATE INDEX stories_updated ON stories(updated);",
];

/// The schema version this build writes.
pub(crate) const CURRENT_VERSION: i64 = MIGRATIONS.len() as i64;

/// Brings the database up to [`CURRENT_VERSION`], one transaction per step. Each step takes
/// the write lock first (an immediate transaction, waiting out the busy timeout) and reads the
/// version inside it, so processes opening a new store at once run each step exactly once:
/// the second finds the first's work done.
pub(crate) fn migrate(connection: &mut Connection) -> Result<()> {
    loop {
        let transaction =
            connection.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let found: i64 = transaction.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        if !(0..=CURRENT_VERSION).contains(&found) {
            return Err(StoreError::NewerSchema { found, known: CURRENT_VERSION });
        }
        let Some(sql) = MIGRATIONS.get(found as usize) else {
            transaction.commit()?;
            return Ok(());
        };
        transaction.execute_batch(sql)?;
        transaction.pragma_update(None, "user_version", found + 1)?;
        transaction.commit()?;
    }
}

#[cfg(test)]
pub(crate) fn migrate_to(connection: &mut Connection, version: usize) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate().take(version) {
        connection.execute_batch(sql)?;
        connection.pragma_update(None, "user_version", index as i64 + 1)?;
    }
    Ok(())
}
