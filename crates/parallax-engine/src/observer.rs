//! What an ingest tells its caller while it runs, and what it reports at the end.

use parallax_core::ArticleId;
use serde::Serialize;

/// Told about an ingest's progress. Every method has a default that does nothing, so an
/// adapter implements only what it shows (a progress bar, log lines, an HTTP answer).
pub trait Observer {
    /// An entry was read; `bytes` is the input it accounts for.
    fn read(&mut self, bytes: u64) {
        let _ = bytes;
    }

    /// An item failed; the ingest goes on with the next.
    fn failed(&mut self, item: &str, reason: &str) {
        let _ = (item, reason);
    }

    /// Stored articles were derived (analysed, checked for copies, placed): `done` of `total`.
    fn derived(&mut self, done: u64, total: u64) {
        let _ = (done, total);
    }

    /// Dossiers were rebuilt: `done` of `total`.
    fn dossiers(&mut self, done: u64, total: u64) {
        let _ = (done, total);
    }

    /// A warning that does not fail any item (the search index could not be updated).
    fn warning(&mut self, message: &str) {
        let _ = message;
    }
}

/// An observer that shows nothing.
#[derive(Debug, Default, Clone, Copy)]
pub struct Quiet;

impl Observer for Quiet {}

/// What became of one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    /// A new article.
    Added {
        /// Its id.
        article: ArticleId,
    },
    /// The same document or article was stored before.
    AlreadyPresent {
        /// The stored article, when the stored document has one.
        article: Option<ArticleId>,
    },
    /// A new document stored without an article: its format is not extracted yet.
    KeptRaw,
    /// It could not be read or extracted.
    Failed {
        /// Why.
        reason: String,
    },
}

/// One item and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemOutcome {
    /// The item, as its origin names it (a path, `file.jsonl:12`, a URL).
    pub item: String,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What an ingest did: every item's outcome, in input order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct IngestReport {
    /// Per item.
    pub items: Vec<ItemOutcome>,
    /// Stored articles derived by this run (its own and any left by an earlier run).
    pub derived: u64,
    /// Dossiers rebuilt.
    pub dossiers: u64,
    /// Where the time went.
    pub seconds: StageSeconds,
}

/// Wall time per stage of an ingest, in seconds (analysis and dossiers run on every core).
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct StageSeconds {
    /// Reading, extracting, storing and indexing.
    pub store: f64,
    /// Analysing stored articles.
    pub analyse: f64,
    /// Finding copies.
    pub copies: f64,
    /// Placing articles in stories.
    pub place: f64,
    /// Writing what was derived.
    pub write: f64,
    /// Rebuilding dossiers.
    pub dossiers: f64,
}

impl StageSeconds {
    /// Adds another run's times.
    pub fn add(&mut self, other: &StageSeconds) {
        self.store += other.store;
        self.analyse += other.analyse;
        self.copies += other.copies;
        self.place += other.place;
        self.write += other.write;
        self.dossiers += other.dossiers;
    }
}

impl IngestReport {
    /// New articles.
    pub fn added(&self) -> u64 {
        self.count(|o| matches!(o, Outcome::Added { .. }))
    }

    /// Items stored before.
    pub fn already_present(&self) -> u64 {
        self.count(|o| matches!(o, Outcome::AlreadyPresent { .. }))
    }

    /// Documents kept without an article.
    pub fn kept_raw(&self) -> u64 {
        self.count(|o| matches!(o, Outcome::KeptRaw))
    }

    /// Failed items, each `item: reason`.
    pub fn failures(&self) -> Vec<String> {
        self.items
            .iter()
            .filter_map(|item| match &item.outcome {
                Outcome::Failed { reason } => Some(format!("{}: {reason}", item.item)),
                _ => None,
            })
            .collect()
    }

    /// The ids of the new articles, in input order.
    pub fn added_articles(&self) -> Vec<ArticleId> {
        self.items
            .iter()
            .filter_map(|item| match &item.outcome {
                Outcome::Added { article } => Some(article.clone()),
                _ => None,
            })
            .collect()
    }

    fn count(&self, wanted: impl Fn(&Outcome) -> bool) -> u64 {
        self.items.iter().filter(|item| wanted(&item.outcome)).count() as u64
    }
}
