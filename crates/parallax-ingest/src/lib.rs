//! Sources: files, folders, JSON Lines and standard input, read into [`Document`]s.
//!
//! [`Sources`] walks the paths it is given (folders recursively, in name order, hidden entries
//! skipped) and yields one [`Entry`] per document: a whole `.txt`, `.md` or `.html` file, or one
//! line of a `.jsonl` file. Nothing is interpreted here; extraction comes next. A problem with
//! one item (unreadable, too large, a line too long) is an [`Entry`] holding a [`SourceError`]
//! that names the item, and the walk goes on.
//!
//! ```no_run
//! use parallax_ingest::{Sources, SourcesConfig};
//!
//! let sources = Sources::open(&["articles/".into()], &SourcesConfig::default());
//! for entry in sources {
//!     match entry.item {
//!         Ok(document) => println!("{} ({} bytes)", document.origin, document.bytes.len()),
//!         Err(problem) => eprintln!("{problem}"),
//!     }
//! }
//! ```

mod feed;
mod http;
mod inflate;
mod lines;
mod members;
mod names;
mod sources;
mod warc;

pub use feed::{Feed, FeedError, FeedItem, read_feed};
pub use names::{SOURCES_FILE, SourceNames};
pub use sources::{Entry, Format, Sources, SourcesConfig};

/// Why one item could not be read. Displays as `item: reason`.
#[derive(Debug, thiserror::Error)]
#[error("{item}: {reason}")]
pub struct SourceError {
    /// The item: a path, `path:line`, or `<stdin>`.
    pub item: String,
    /// What went wrong.
    pub reason: Reason,
}

/// What went wrong with one item.
#[derive(Debug, thiserror::Error)]
pub enum Reason {
    /// The operating system refused (missing file, no permission, read error).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// A file larger than the limit.
    #[error("{size} bytes, over the limit of {limit} bytes (raise it with --max-bytes)")]
    TooLarge {
        /// The file's size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A JSON Lines line longer than the limit.
    #[error("line longer than the limit of {limit} bytes (raise it with --max-bytes)")]
    LineTooLong {
        /// The limit.
        limit: u64,
    },
    /// A WARC record that cannot be read, or whose HTTP response cannot.
    #[error("WARC record: {0}")]
    Warc(String),
    /// A gzip-compressed file whose stream is broken or truncated.
    #[error("gzip stream broken: {0}")]
    Gzip(std::io::Error),
    /// A path that is neither a file nor a folder (a socket, a device).
    #[error("not a regular file or folder")]
    NotAFile,
    /// A `sources.toml` that cannot be read.
    #[error("not read, so its files keep the outlets they state: {0}")]
    SourcesFile(String),
    /// A JSON Lines file or stream with no line in it that is not blank.
    #[error("empty: no records in it")]
    NoRecords,
}

impl SourceError {
    fn new(item: impl Into<String>, reason: impl Into<Reason>) -> SourceError {
        SourceError { item: item.into(), reason: reason.into() }
    }

    fn at(path: &std::path::Path, reason: impl Into<Reason>) -> SourceError {
        SourceError::new(parallax_core::shown_path(path), reason)
    }
}

/// The path that means standard input.
pub fn is_stdin(path: &std::path::Path) -> bool {
    path == "-"
}
