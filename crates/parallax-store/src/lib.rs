//! The embedded store: documents and articles in one SQLite database.
//!
//! [`SqliteStore`] keeps every [`Document`] exactly as it came in (so articles can be extracted
//! again when extraction improves) and the [`Article`] extracted from it. Writes go in batches,
//! one transaction each, in WAL mode: a process killed mid-ingest loses at most the batch in
//! flight, and a rerun adds exactly what is missing because documents and articles are keyed by
//! their content. The schema carries a version; [`SqliteStore::open`] migrates older databases
//! and refuses newer ones.
//!
//! ```
//! use parallax_core::{Article, ContentType, Document, Origin, Paragraph};
//! use parallax_store::{Outcome, SqliteStore};
//!
//! let dir = tempfile::tempdir()?;
//! let mut store = SqliteStore::open(dir.path())?;
//! let document = Document::new(Origin::Stdin, ContentType::PlainText, b"Rain.".to_vec());
//! let mut article = Article::new(vec![Paragraph::text("Rain.")]);
//! article.seal();
//! let outcomes = store.write_batch(&[(document.clone(), Some(article.clone()))])?;
//! assert_eq!(outcomes, [Outcome::Added]);
//! assert_eq!(store.write_batch(&[(document, Some(article))])?, [Outcome::AlreadyPresent]);
//! assert_eq!(store.count_articles()?, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod derived;
mod feeds;
mod follows;
mod schema;
mod sqlite;

pub use derived::{
    ArticleHead, Change, CopyRow, DerivedBatch, PlacementRow, Sequenced, StoryLookup, StoryRecord,
};
pub use feeds::FeedRecord;
pub use follows::Follow;
pub use sqlite::{Lookup, Outcome, SqliteStore};

/// The database file's name inside the data folder.
pub const DATABASE_FILE: &str = "parallax.db";

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The data folder could not be created or read.
    #[error("data folder {path}")]
    Folder {
        /// The folder.
        path: std::path::PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// SQLite refused.
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database was written by a newer parallax.
    #[error(
        "database schema version {found} is newer than this parallax knows ({known}); upgrade parallax"
    )]
    NewerSchema {
        /// The version found.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
    /// Another process derived articles since this one read the engine's position.
    #[error("the store's derived data moved from position {expected} to {found} meanwhile")]
    Moved {
        /// The position the batch was derived from.
        expected: i64,
        /// The position found.
        found: i64,
    },
    /// A stored row that does not read back (edited by hand, or damaged).
    #[error("stored {what} of article {article} is damaged: {detail}")]
    Damaged {
        /// The article's id.
        article: String,
        /// Which value.
        what: &'static str,
        /// Why it does not read.
        detail: String,
    },
}

/// `Result` with [`StoreError`].
pub type Result<T> = std::result::Result<T, StoreError>;
