//! The SQLite implementation of the store.

use std::path::Path;

use chrono::Utc;
use parallax_core::{Article, ArticleId, Document, Paragraph, Published};
use rusqlite::{Connection, OptionalExtension, Row, params};

use crate::schema;
use crate::{DATABASE_FILE, Result, StoreError};

/// What writing one item did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// A new article.
    Added,
    /// The document or the article was stored before.
    AlreadyPresent,
    /// A new document stored without an article (its format is not extracted yet).
    KeptRaw,
}

/// The answer to looking an article up by id or id prefix.
#[derive(Debug)]
pub enum Lookup {
    /// Exactly one article matches.
    Found(Box<Article>),
    /// None does.
    NotFound,
    /// The prefix matches several; here are some of them.
    Ambiguous(Vec<ArticleId>),
}

/// Documents and articles in one SQLite database file (WAL mode) inside a data folder.
pub struct SqliteStore {
    pub(crate) connection: Connection,
}

pub(crate) const ARTICLE_COLUMNS: &str = "id, source, url, canonical_url, title, byline, published, \
    dateline, language, body, content_hash, external_id, warnings, modified";

impl SqliteStore {
    /// Opens (creating if needed) the store in `folder`, migrating its schema.
    pub fn open(folder: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(folder)
            .map_err(|source| StoreError::Folder { path: folder.to_path_buf(), source })?;
        let mut connection = Connection::open(folder.join(DATABASE_FILE))?;
        connection.busy_timeout(std::time::Duration::from_secs(10))?;
        set_wal(&connection)?;
        // In WAL mode NORMAL keeps every committed batch through a crash of the process.
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.pragma_update(None, "foreign_keys", "ON")?;
        // 64 MiB of page cache (the default is 2 MiB): copy-key lookups and story reads touch
        // pages all over a large store.
        connection.pragma_update(None, "cache_size", -65_536)?;
        // `rarray(?)`: a list bound as one parameter (copy-key lookups of a whole batch).
        rusqlite::vtab::array::load_module(&connection)?;
        schema::migrate(&mut connection)?;
        Ok(SqliteStore { connection })
    }

    /// Whether a document with these bytes (by hash) is stored.
    pub fn has_document(&self, hash: &str) -> Result<bool> {
        let mut statement =
            self.connection.prepare_cached("SELECT 1 FROM documents WHERE hash = ?1")?;
        Ok(statement.exists([hash])?)
    }

    /// Whether an article was extracted from the document with this hash (documents kept raw
    /// by an older version have none yet).
    pub fn document_has_article(&self, hash: &str) -> Result<bool> {
        let mut statement =
            self.connection.prepare_cached("SELECT 1 FROM articles WHERE document_hash = ?1")?;
        Ok(statement.exists([hash])?)
    }

    /// The article extracted from the document with this hash, if one was.
    pub fn article_of_document(&self, hash: &str) -> Result<Option<ArticleId>> {
        let mut statement = self
            .connection
            .prepare_cached("SELECT id FROM articles WHERE document_hash = ?1 LIMIT 1")?;
        let id: Option<String> = statement.query_row([hash], |row| row.get(0)).optional()?;
        Ok(id.map(ArticleId::from_stored))
    }

    /// Writes documents with their articles (or none, for a document kept raw) in one
    /// transaction: all of the batch is stored, or none of it.
    pub fn write_batch(&mut self, items: &[(Document, Option<Article>)]) -> Result<Vec<Outcome>> {
        let transaction = self.connection.transaction()?;
        let mut outcomes = Vec::with_capacity(items.len());
        {
            let mut insert_document = transaction.prepare_cached(
                "INSERT OR IGNORE INTO documents (hash, origin, content_type, source, fetched_at, bytes)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            let mut insert_article = transaction.prepare_cached(
                "INSERT OR IGNORE INTO articles (id, document_hash, source, url, canonical_url,
                    title, byline, published, dateline, language, body, content_hash,
                    external_id, warnings, ingested_at, modified)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
            )?;
            let mut insert_url = transaction.prepare_cached(
                "INSERT OR IGNORE INTO fetched_urls (url, document_hash) VALUES (?1, ?2)",
            )?;
            let now = Utc::now().to_rfc3339();
            for (document, article) in items {
                let hash = document.hash();
                let new_document = insert_document.execute(params![
                    hash,
                    document.origin.to_string(),
                    document.content_type.as_str(),
                    document.source,
                    document.fetched_at.to_rfc3339(),
                    document.bytes,
                ])? == 1;
                for url in web_addresses(document) {
                    insert_url.execute(params![url, hash])?;
                }
                let outcome = match article {
                    Some(article) => {
                        let new_article = insert_article.execute(params![
                            article.id.as_str(),
                            hash,
                            article.source,
                            article.url,
                            article.canonical_url,
                            article.title,
                            article.byline,
                            article.published.map(|p| p.to_string()),
                            article.dateline,
                            article.language,
                            to_json(&article.body),
                            article.content_hash,
                            article.external_id,
                            to_json(&article.warnings),
                            now,
                            article.modified.map(|p| p.to_string()),
                        ])? == 1;
                        if new_article { Outcome::Added } else { Outcome::AlreadyPresent }
                    }
                    None if new_document => Outcome::KeptRaw,
                    None => Outcome::AlreadyPresent,
                };
                outcomes.push(outcome);
            }
        }
        transaction.commit()?;
        Ok(outcomes)
    }

    /// How many articles are stored.
    pub fn count_articles(&self) -> Result<u64> {
        Ok(self.connection.query_row("SELECT count(*) FROM articles", [], |row| row.get(0))?)
    }

    /// How many documents are stored, with or without an article.
    pub fn count_documents(&self) -> Result<u64> {
        Ok(self.connection.query_row("SELECT count(*) FROM documents", [], |row| row.get(0))?)
    }

    /// Every article, in the order they were stored.
    pub fn articles(&self) -> Result<Vec<Article>> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles ORDER BY seq");
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], read_row)?;
        rows.map(|row| row?).collect()
    }

    /// The article with this id, or the only one whose id starts with this prefix.
    pub fn article(&self, id_or_prefix: &str) -> Result<Lookup> {
        let sql = format!("SELECT {ARTICLE_COLUMNS} FROM articles WHERE id = ?1");
        let exact = self.connection.query_row(&sql, [id_or_prefix], read_row).optional()?;
        if let Some(article) = exact {
            return Ok(Lookup::Found(Box::new(article?)));
        }
        // Ids are lowercase hex: anything else cannot be a prefix (and keeps LIKE wildcards out).
        if id_or_prefix.is_empty() || !id_or_prefix.chars().all(|c| c.is_ascii_hexdigit()) {
            return Ok(Lookup::NotFound);
        }
        let prefix = id_or_prefix.to_ascii_lowercase();
        let mut statement = self.connection.prepare(
            "SELECT id FROM articles WHERE id >= ?1 AND id < ?1 || 'g' ORDER BY id LIMIT 5",
        )?;
        let ids: Vec<String> =
            statement.query_map([&prefix], |row| row.get(0))?.collect::<rusqlite::Result<_>>()?;
        match ids.as_slice() {
            [] => Ok(Lookup::NotFound),
            [only] => match self.article(only)? {
                Lookup::Found(article) => Ok(Lookup::Found(article)),
                _ => Ok(Lookup::NotFound),
            },
            _ => Ok(Lookup::Ambiguous(ids.into_iter().map(ArticleId::from_stored).collect())),
        }
    }
}

/// The addresses a document was fetched from: the one asked for and the one that answered.
fn web_addresses(document: &Document) -> impl Iterator<Item = &str> {
    let asked = match &document.origin {
        parallax_core::Origin::Web { url } => Some(url.as_str()),
        _ => None,
    };
    let answered = document.url.as_deref().filter(|url| Some(*url) != asked);
    asked.into_iter().chain(answered)
}

fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "[]".to_string())
}

/// Reads one article row; the outer result is SQLite's, the inner one says whether the stored
/// values read back.
pub(crate) fn read_row(row: &Row<'_>) -> rusqlite::Result<Result<Article>> {
    read_row_from(row, 0)
}

/// [`read_row`] for a row whose article columns start at column `at`.
pub(crate) fn read_row_from(row: &Row<'_>, at: usize) -> rusqlite::Result<Result<Article>> {
    let id: String = row.get(at)?;
    let body: String = row.get(at + 9)?;
    let warnings: String = row.get(at + 12)?;
    let published: Option<String> = row.get(at + 6)?;
    let body: Vec<Paragraph> = match serde_json::from_str(&body) {
        Ok(body) => body,
        Err(error) => return Ok(Err(damaged(&id, "body", error))),
    };
    let published = match published.as_deref().map(Published::parse).transpose() {
        Ok(published) => published,
        Err(error) => return Ok(Err(damaged(&id, "publication date", error))),
    };
    let modified: Option<String> = row.get(at + 13)?;
    let modified = match modified.as_deref().map(Published::parse).transpose() {
        Ok(modified) => modified,
        Err(error) => return Ok(Err(damaged(&id, "modification date", error))),
    };
    let mut article = Article::new(body);
    article.id = ArticleId::from_stored(id);
    article.source = row.get(at + 1)?;
    article.url = row.get(at + 2)?;
    article.canonical_url = row.get(at + 3)?;
    article.title = row.get(at + 4)?;
    article.byline = row.get(at + 5)?;
    article.published = published;
    article.modified = modified;
    article.dateline = row.get(at + 7)?;
    article.language = row.get(at + 8)?;
    article.content_hash = row.get(at + 10)?;
    article.external_id = row.get(at + 11)?;
    article.warnings = serde_json::from_str(&warnings).unwrap_or_default();
    Ok(Ok(article))
}

pub(crate) fn damaged(
    article: &str,
    what: &'static str,
    error: impl std::fmt::Display,
) -> StoreError {
    StoreError::Damaged { article: article.to_string(), what, detail: error.to_string() }
}

/// Switches the database to WAL. The switch needs a moment alone with the file and SQLite
/// answers "busy" without waiting when another process holds it (two first opens at once), so
/// it is tried again for as long as the busy timeout.
fn set_wal(connection: &Connection) -> Result<()> {
    let mut attempts = 0;
    loop {
        match connection.pragma_update(None, "journal_mode", "WAL") {
            Err(rusqlite::Error::SqliteFailure(error, _))
                if error.code == rusqlite::ErrorCode::DatabaseBusy && attempts < 200 =>
            {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            result => return Ok(result?),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{ContentType, Origin};

    fn item(text: &str) -> (Document, Option<Article>) {
        let document =
            Document::new(Origin::Stdin, ContentType::PlainText, text.as_bytes().to_vec());
        let mut article = Article::new(vec![Paragraph::text(text)]);
        article.title = Some(format!("About {text}"));
        article.published = Published::parse("2025-03-11").ok();
        article.seal();
        (document, Some(article))
    }

    #[test]
    fn articles_read_back_as_written() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        let (document, article) = item("Rain.");
        store.write_batch(&[(document, article.clone())])?;
        assert_eq!(store.articles()?, vec![article.clone().expect("article")]);
        let id = article.expect("article").id;
        assert!(
            matches!(store.article(&id.as_str()[..6])?, Lookup::Found(found) if found.id == id)
        );
        assert!(matches!(store.article("zz%")?, Lookup::NotFound));
        Ok(())
    }

    #[test]
    fn batches_are_idempotent_and_raw_documents_are_kept() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        let raw = Document::new(Origin::Stdin, ContentType::Html, b"<p>x</p>".to_vec());
        let batch = [item("One."), item("Two."), (raw, None)];
        let first = store.write_batch(&batch)?;
        assert_eq!(first, [Outcome::Added, Outcome::Added, Outcome::KeptRaw]);
        let second = store.write_batch(&batch)?;
        assert_eq!(second, [Outcome::AlreadyPresent; 3]);
        assert_eq!((store.count_articles()?, store.count_documents()?), (2, 3));
        Ok(())
    }

    #[test]
    fn a_database_of_an_older_schema_opens_and_keeps_its_rows() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| damaged("-", "temp dir", e))?;
        {
            let mut connection = Connection::open(dir.path().join(DATABASE_FILE))?;
            schema::migrate_to(&mut connection, 1)?;
            connection.execute(
                "INSERT INTO documents VALUES ('h', 'a.txt', 'text/plain', NULL, '2025-03-11T00:00:00Z', x'00')",
                [],
            )?;
        }
        let store = SqliteStore::open(dir.path())?;
        assert_eq!(store.count_documents()?, 1);
        Ok(())
    }

    #[test]
    fn a_newer_schema_is_refused() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| damaged("-", "temp dir", e))?;
        {
            let connection = Connection::open(dir.path().join(DATABASE_FILE))?;
            connection.pragma_update(None, "user_version", 999)?;
        }
        assert!(matches!(
            SqliteStore::open(dir.path()),
            Err(StoreError::NewerSchema { found: 999, .. })
        ));
        Ok(())
    }

    #[test]
    fn a_failed_batch_stores_nothing() -> Result<()> {
        let dir = tempfile::tempdir().map_err(|e| damaged("-", "temp dir", e))?;
        let mut store = SqliteStore::open(dir.path())?;
        store.write_batch(&[item("Kept.")])?;
        // A trigger makes the second insert of the batch fail, as a full disk would.
        store.connection.execute_batch(
            "CREATE TRIGGER fail BEFORE INSERT ON articles WHEN NEW.title = 'About Two.'
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
        )?;
        assert!(store.write_batch(&[item("One."), item("Two.")]).is_err());
        assert_eq!((store.count_articles()?, store.count_documents()?), (1, 1));
        Ok(())
    }

    #[test]
    fn stores_opened_at_once_for_the_first_time_all_open() {
        // Two first ingests into one new data folder raced in their migrations ("table
        // documents already exists", "duplicate column name"): one lost its run.
        for _ in 0..10 {
            let dir = tempfile::tempdir().expect("temp dir");
            let opened: Vec<Result<()>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..4)
                    .map(|_| scope.spawn(|| SqliteStore::open(dir.path()).map(drop)))
                    .collect();
                handles.into_iter().map(|h| h.join().expect("no panic")).collect()
            });
            for result in opened {
                result.expect("every opener gets the store");
            }
            let store = SqliteStore::open(dir.path()).expect("open");
            let version: i64 = store
                .connection
                .query_row("PRAGMA user_version", [], |row| row.get(0))
                .expect("version");
            assert_eq!(version, schema::CURRENT_VERSION);
        }
    }
}
