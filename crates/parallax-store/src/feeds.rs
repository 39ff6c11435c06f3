//! What the store remembers for fetching from the web: addresses already fetched, and what each
//! feed answered last time (so the next poll can ask "changed since?").

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};

use crate::{Result, SqliteStore};

/// What a feed answered when it was last polled.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FeedRecord {
    /// The feed's title.
    pub title: Option<String>,
    /// Its `ETag` header.
    pub etag: Option<String>,
    /// Its `Last-Modified` header.
    pub last_modified: Option<String>,
    /// When it was polled.
    pub checked_at: Option<DateTime<Utc>>,
}

impl SqliteStore {
    /// Whether a document fetched from `url` (asked for, or answering after redirects) is stored.
    pub fn has_url(&self, url: &str) -> Result<bool> {
        let mut statement =
            self.connection.prepare_cached("SELECT 1 FROM fetched_urls WHERE url = ?1")?;
        Ok(statement.exists([url])?)
    }

    /// What the feed at `url` answered last time, if it was polled before.
    pub fn feed(&self, url: &str) -> Result<Option<FeedRecord>> {
        let mut statement = self.connection.prepare_cached(
            "SELECT title, etag, last_modified, checked_at FROM feeds WHERE url = ?1",
        )?;
        let record = statement
            .query_row([url], |row| {
                let checked_at: String = row.get(3)?;
                Ok(FeedRecord {
                    title: row.get(0)?,
                    etag: row.get(1)?,
                    last_modified: row.get(2)?,
                    checked_at: DateTime::parse_from_rfc3339(&checked_at)
                        .ok()
                        .map(|when| when.with_timezone(&Utc)),
                })
            })
            .optional()?;
        Ok(record)
    }

    /// Records what the feed at `url` answered now.
    pub fn save_feed(&mut self, url: &str, record: &FeedRecord) -> Result<()> {
        let checked_at = record.checked_at.unwrap_or_else(Utc::now).to_rfc3339();
        self.connection.execute(
            "INSERT INTO feeds (url, title, etag, last_modified, checked_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(url) DO UPDATE SET title = coalesce(excluded.title, title),
                etag = excluded.etag, last_modified = excluded.last_modified,
                checked_at = excluded.checked_at",
            params![url, record.title, record.etag, record.last_modified, checked_at],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use parallax_core::{Article, ContentType, Document, Origin, Paragraph};

    use super::*;

    #[test]
    fn fetched_addresses_are_remembered_with_their_document() -> Result<()> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut store = SqliteStore::open(dir.path())?;
        let origin = Origin::Web { url: "https://a.example/short".to_string() };
        let mut document = Document::new(origin, ContentType::Html, b"<p>Tide.</p>".to_vec());
        document.url = Some("https://a.example/news/tide".to_string());
        let mut article = Article::new(vec![Paragraph::text("Tide.")]);
        article.seal();
        assert!(!store.has_url("https://a.example/short")?);
        store.write_batch(&[(document, Some(article))])?;
        assert!(store.has_url("https://a.example/short")?, "the address asked for");
        assert!(store.has_url("https://a.example/news/tide")?, "the address that answered");
        assert!(!store.has_url("https://a.example/other")?);
        Ok(())
    }

    #[test]
    fn feed_answers_are_kept_and_replaced() -> Result<()> {
        let dir = tempfile::tempdir().expect("temporary folder");
        let mut store = SqliteStore::open(dir.path())?;
        let url = "https://a.example/feed";
        assert_eq!(store.feed(url)?, None);
        let first = FeedRecord {
            title: Some("A".into()),
            etag: Some("\"1\"".into()),
            checked_at: Some(Utc::now()),
            ..FeedRecord::default()
        };
        store.save_feed(url, &first)?;
        let second = FeedRecord { etag: Some("\"2\"".into()), ..FeedRecord::default() };
        store.save_feed(url, &second)?;
        let kept = store.feed(url)?.expect("stored");
        assert_eq!((kept.title.as_deref(), kept.etag.as_deref()), (Some("A"), Some("\"2\"")));
        Ok(())
    }
}
