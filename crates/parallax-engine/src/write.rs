//! The write path: source entries -> extraction -> store (and search index), in batches; then
//! everything derived.

use std::time::{Duration, Instant};

use parallax_core::{Article, ContentType, Document};
use parallax_extract::ExtractError;
use parallax_ingest::Entry;
use parallax_outlets::{Clues, Outlets};
use parallax_search::SearchIndex;
use parallax_store::Outcome as Stored;

use crate::observer::{IngestReport, ItemOutcome, Observer, Outcome};
use crate::{Engine, Result};

/// Items per transaction: small enough that a crash loses little, large enough to be fast.
const BATCH_ITEMS: usize = 512;
/// A batch is also written when it has waited this long, so a slow source still saves progress.
const BATCH_WAIT: Duration = Duration::from_millis(500);

/// An item read from a source, before the store.
enum Prepared {
    /// The source could not give a document.
    Failed { item: String, reason: String, bytes: u64 },
    /// A document, extracted by the caller already or not, and the input bytes it accounts for.
    Document(Box<Document>, Option<Box<std::result::Result<Article, ExtractError>>>, u64),
}

impl Prepared {
    fn of(entry: Entry) -> Prepared {
        match entry.item {
            Err(error) => Prepared::Failed {
                item: error.item,
                reason: error.reason.to_string(),
                bytes: entry.bytes,
            },
            Ok(document) => Prepared::Document(Box::new(document), None, entry.bytes),
        }
    }
}

/// Articles read from `entries` without a store, each document extracted within `budget` as
/// an ingest extracts it (but for the outlet table, which only an engine reads): how `parallax eval` and `parallax bench` read labelled files. An item
/// that cannot be read or extracted is told to the observer and left out.
pub fn extract_entries(
    entries: impl IntoIterator<Item = Entry>,
    budget: Duration,
    observer: &mut dyn Observer,
) -> Vec<Article> {
    let mut articles = Vec::new();
    for item in entries.into_iter().map(Prepared::of) {
        match item {
            Prepared::Failed { item, reason, bytes } => {
                observer.read(bytes);
                observer.failed(&item, &reason);
            }
            Prepared::Document(document, _, bytes) => {
                observer.read(bytes);
                match extract_within(&document, Instant::now() + budget) {
                    Ok(article) => articles.push(article),
                    Err(error) => observer.failed(&document.origin.to_string(), &error.to_string()),
                }
            }
        }
    }
    articles
}

/// Bytes at the end of a document read for an outlet's credit of itself.
const FOOTER_BYTES: usize = 4096;

/// Settles an article's outlet with the table (see [`Outlets::name`]) from what it and its
/// document carry, and seals it again when that changed its name: an article's id covers
/// its outlet.
pub fn name_outlet(outlets: &Outlets, article: &mut Article, document: &Document) {
    let lead = article.body.first().map(|p| p.text.as_str());
    // The page's own end, before boilerplate was removed: plain text and Markdown only (an
    // HTML page names its site in its metadata).
    let footer = matches!(document.content_type, ContentType::PlainText | ContentType::Markdown)
        .then(|| {
            let tail = &document.bytes[document.bytes.len().saturating_sub(FOOTER_BYTES)..];
            String::from_utf8_lossy(tail).into_owned()
        });
    let clues = Clues {
        stated: article.source.as_deref(),
        url: article.canonical_url.as_deref().or(article.url.as_deref()),
        dateline: article.dateline.as_deref(),
        lead,
        footer: footer.as_deref(),
    };
    let named = outlets.name(&clues).map(|named| named.name);
    if named != article.source {
        article.source = named;
        article.seal();
    }
}

/// One document's extraction, stopped (as failed) at `until`.
fn extract_within(
    document: &Document,
    until: Instant,
) -> std::result::Result<Article, ExtractError> {
    parallax_extract::extract_until(document, Some(until))
}

/// Articles added by one ingest after which the search index is merged into one segment.
const MERGE_AFTER_ARTICLES: u64 = 512;
/// Segments after which small ingests' segments are merged, so a search looks in two places.
const MERGE_AFTER_SEGMENTS: usize = 2;

/// A document waiting to be written, with its place in the report.
struct Pending {
    slot: usize,
    document: Document,
    article: Option<Article>,
}

impl Engine {
    /// Reads every entry, extracts what can be extracted and stores it, then derives
    /// everything from the new articles (see [`Engine::derive`]). Problems with single items
    /// are outcomes in the report; only a store failure stops the run, and batches committed
    /// before it stay.
    pub fn ingest(
        &mut self,
        entries: impl IntoIterator<Item = Entry>,
        observer: &mut dyn Observer,
    ) -> Result<IngestReport> {
        self.ingest_until(entries, observer, None)
    }

    /// [`Engine::ingest`] for a caller with a deadline (an API request): a document whose
    /// extraction is still running at `deadline` fails ("out of time") and is not stored, so
    /// what the report says is what the store holds.
    pub fn ingest_until(
        &mut self,
        entries: impl IntoIterator<Item = Entry>,
        observer: &mut dyn Observer,
        deadline: Option<Instant>,
    ) -> Result<IngestReport> {
        let started = Instant::now();
        let prepared = entries.into_iter().map(Prepared::of);
        let mut report = self.store_prepared(prepared, observer, deadline)?;
        self.seconds.store += started.elapsed().as_secs_f64();
        let (derived, dossiers) = self.derive(observer)?;
        report.derived = derived;
        report.dossiers = dossiers;
        report.seconds = self.take_seconds();
        Ok(report)
    }

    /// The first half of [`Engine::ingest`]: entries extracted and stored (and indexed for
    /// search), nothing derived yet.
    pub fn store_entries(
        &mut self,
        entries: impl IntoIterator<Item = Entry>,
        observer: &mut dyn Observer,
    ) -> Result<IngestReport> {
        self.store_prepared(entries.into_iter().map(Prepared::of), observer, None)
    }

    /// Stores documents a caller extracted itself (a feed item's page, completed from the
    /// feed): each with its extraction's result. Known documents are skipped as in
    /// [`Engine::ingest`]; nothing is derived yet (call [`Engine::derive`]).
    pub fn store_extracted(
        &mut self,
        items: Vec<(Document, std::result::Result<Article, ExtractError>)>,
        observer: &mut dyn Observer,
    ) -> Result<IngestReport> {
        let prepared = items.into_iter().map(|(document, extracted)| {
            Prepared::Document(Box::new(document), Some(Box::new(extracted)), 0)
        });
        self.store_prepared(prepared, observer, None)
    }

    fn store_prepared(
        &mut self,
        items: impl Iterator<Item = Prepared>,
        observer: &mut dyn Observer,
        deadline: Option<Instant>,
    ) -> Result<IngestReport> {
        let mut report = IngestReport::default();
        let mut batch: Vec<Pending> = Vec::with_capacity(BATCH_ITEMS);
        let mut batch_started = Instant::now();
        let mut wrote = false;
        for item in items {
            let slot = report.items.len();
            let (document, extracted) = match item {
                Prepared::Failed { item, reason, bytes } => {
                    observer.read(bytes);
                    observer.failed(&item, &reason);
                    report.items.push(ItemOutcome { item, outcome: Outcome::Failed { reason } });
                    continue;
                }
                Prepared::Document(document, extracted, bytes) => {
                    observer.read(bytes);
                    (*document, extracted.map(|extracted| *extracted))
                }
            };
            let hash = document.hash();
            // A document kept raw by a version that could not read its type is read now.
            let known = self.store.article_of_document(&hash)?;
            let outcome = Outcome::AlreadyPresent { article: known.clone() };
            report.items.push(ItemOutcome { item: document.origin.to_string(), outcome });
            if known.is_some() {
                continue;
            }
            let budget = Instant::now() + self.config.extraction_budget;
            let until = deadline.map_or(budget, |deadline| deadline.min(budget));
            match extracted.unwrap_or_else(|| extract_within(&document, until)) {
                Ok(mut article) => {
                    name_outlet(&self.outlets, &mut article, &document);
                    batch.push(Pending { slot, document, article: Some(article) })
                }
                Err(ExtractError::Unsupported(_)) => {
                    batch.push(Pending { slot, document, article: None })
                }
                Err(error) => {
                    let reason = error.to_string();
                    observer.failed(&report.items[slot].item, &reason);
                    report.items[slot].outcome = Outcome::Failed { reason };
                }
            }
            if batch.len() >= BATCH_ITEMS || batch_started.elapsed() > BATCH_WAIT {
                self.write_batch(&mut batch, &mut report)?;
                wrote = true;
                batch_started = Instant::now();
            }
        }
        if !batch.is_empty() {
            self.write_batch(&mut batch, &mut report)?;
            wrote = true;
        }
        for warning in self.warnings.drain(..) {
            observer.warning(&warning);
        }
        let added = report.added();
        if wrote && let Some(index) = &self.index {
            // A large ingest merges the whole index into one segment; the segments small
            // ingests leave (an API post, a feed poll) are merged among themselves once there
            // are a few, so a post costs its own articles, not a rewrite of the index.
            let merged = if added >= MERGE_AFTER_ARTICLES {
                index.compact().map(|_| ())
            } else if index.segments() > MERGE_AFTER_SEGMENTS {
                index.merge_small().map(|_| ())
            } else {
                Ok(())
            };
            if let Err(error) = merged {
                observer.warning(&format!("the search index could not be merged: {error}"));
            }
            // Let go of the writer so a server or another ingest can index meanwhile.
            if let Err(error) = index.release_writer() {
                observer
                    .warning(&format!("the search index writer could not be released: {error}"));
            }
        }
        Ok(report)
    }

    /// Writes one batch in one transaction and indexes its new articles.
    fn write_batch(&mut self, batch: &mut Vec<Pending>, report: &mut IngestReport) -> Result<()> {
        let items: Vec<(Document, Option<Article>)> =
            batch.iter().map(|p| (p.document.clone(), p.article.clone())).collect();
        let stored = self.store.write_batch(&items)?;
        let mut added = Vec::new();
        for (pending, outcome) in batch.iter_mut().zip(stored) {
            report.items[pending.slot].outcome = match (outcome, pending.article.take()) {
                (Stored::Added, Some(article)) => {
                    let id = article.id.clone();
                    added.push(article);
                    Outcome::Added { article: id }
                }
                (Stored::KeptRaw, _) => Outcome::KeptRaw,
                (_, article) => Outcome::AlreadyPresent { article: article.map(|a| a.id) },
            };
        }
        batch.clear();
        if !added.is_empty() && self.config.search {
            self.index_articles(&added);
        }
        Ok(())
    }

    /// Adds articles to the full-text index; a failure is a warning, since the articles are
    /// stored and the index catches up when next opened.
    fn index_articles(&mut self, articles: &[Article]) {
        if self.index.is_none() && !self.index_failed {
            match SearchIndex::open(&self.folder) {
                Ok(index) => self.index = Some(index),
                Err(error) => {
                    self.index_failed = true;
                    self.warnings
                        .push(format!("{error}; the search index is not updated by this run"));
                }
            }
        }
        if let Some(index) = &self.index
            && let Err(error) = index.add(articles)
        {
            let count = articles.len();
            self.warnings.push(format!("{count} article(s) not indexed for search: {error}"));
        }
    }
}
