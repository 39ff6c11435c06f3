//! One poll of one feed: the feed asked for, its items read, their pages fetched and stored.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use parallax_core::{ContentType, Document, Origin};
use parallax_engine::{Engine, Outcome, Quiet};
use parallax_fetch::{FetchConfig, FetchReason, Fetched, Fetcher, Page, Validators};
use parallax_ingest::{FeedItem, read_feed};
use parallax_store::{FeedRecord, SqliteStore};

use crate::{FeedSpec, FeedsError, MAX_ATTEMPTS, Result};

/// What one poll of one feed did.
#[derive(Debug, Default)]
pub struct Poll {
    /// The feed's URL.
    pub url: String,
    /// The server said the feed had not changed.
    pub unchanged: bool,
    /// The feed could not be fetched or read.
    pub feed_failed: bool,
    /// How long the server asked us to wait.
    pub retry_after: Option<Duration>,
    /// Items read.
    pub items: u64,
    /// Items past the limit.
    pub dropped: u64,
    /// Pages stored as new articles.
    pub added: u64,
    /// Items whose page was stored before.
    pub already_present: u64,
    /// Pages stored without an article (a type not extracted).
    pub kept_raw: u64,
    /// Items whose page failed too often to be asked for again.
    pub given_up: u64,
    /// Stored articles analysed and placed after the poll.
    pub derived: u64,
    /// Dossiers rebuilt after the poll.
    pub dossiers: u64,
    /// Problems, each `item: reason`.
    pub failed: Vec<String>,
    /// An item failed in a way that may pass (a timeout, a 5xx): the feed must be read in full
    /// next time, not answered "not modified".
    pub retry_items: bool,
}

impl Poll {
    /// The one-line account of the poll.
    pub fn line(&self, url: &str) -> String {
        let url = parallax_fetch::redact_credentials(url);
        if self.unchanged {
            return format!("{url}: not modified");
        }
        format!(
            "{url}: {} item(s), {} added, {} stored before, {} failed",
            self.items,
            self.added,
            self.already_present,
            self.failed.len()
        )
    }
}

/// Fetches feeds and their pages and stores what they hold through the engine. Shared by the
/// tasks of one run.
pub struct Poller {
    fetcher: Fetcher,
    engine: Mutex<Engine>,
    max_items: usize,
    /// Failed attempts per page URL, so a broken page is not asked for at every poll.
    attempts: Mutex<HashMap<String, u32>>,
}

impl Poller {
    /// A poller storing through `engine`.
    pub fn new(engine: Engine, config: FetchConfig, max_items: usize) -> Result<Poller> {
        Ok(Poller {
            fetcher: Fetcher::new(config)?,
            engine: Mutex::new(engine),
            max_items,
            attempts: Mutex::new(HashMap::new()),
        })
    }

    /// Runs `f` on the store. A poisoned lock means a task panicked mid-call; SQLite's own
    /// transactions keep the database whole, so the store is still usable.
    fn with_store<T>(
        &self,
        f: impl FnOnce(&mut SqliteStore) -> parallax_store::Result<T>,
    ) -> Result<T> {
        let mut engine = self.engine.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        Ok(f(engine.store_mut())?)
    }

    /// Runs `f` on the engine, off the async threads (storing and deriving are CPU work).
    fn with_engine<T>(
        &self,
        f: impl FnOnce(&mut Engine) -> parallax_engine::Result<T>,
    ) -> Result<T> {
        tokio::task::block_in_place(|| {
            let mut engine = self.engine.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Ok(f(&mut engine)?)
        })
    }

    /// Polls one feed: asks whether it changed, reads its items and fetches the pages not
    /// stored yet. Problems with the feed or an item are in the returned [`Poll`]; only a store
    /// failure is an error.
    pub async fn poll(&self, spec: &FeedSpec) -> Result<Poll> {
        let mut poll = Poll { url: spec.url.clone(), ..Poll::default() };
        let known = self.with_store(|store| store.feed(&spec.url))?.unwrap_or_default();
        let validators = Validators { etag: known.etag, last_modified: known.last_modified };
        let page = match self.fetcher.fetch(&spec.url, &validators).await {
            Ok(Fetched::Fresh(page)) => page,
            Ok(Fetched::NotModified { .. }) => {
                poll.unchanged = true;
                let record = FeedRecord {
                    etag: validators.etag,
                    last_modified: validators.last_modified,
                    ..FeedRecord::default()
                };
                self.with_store(|store| store.save_feed(&spec.url, &record))?;
                return Ok(poll);
            }
            Err(error) => {
                poll.feed_failed = true;
                if let FetchReason::Status { retry_after, .. } = &error.reason {
                    poll.retry_after = *retry_after;
                }
                poll.failed.push(format!("feed {error}"));
                return Ok(poll);
            }
        };
        let feed = match read_feed(&page.bytes, &page.url, self.max_items) {
            Ok(feed) => feed,
            Err(error) => {
                poll.feed_failed = true;
                poll.failed.push(format!("feed {}: {error}", spec.url));
                return Ok(poll);
            }
        };
        poll.items = feed.items.len() as u64;
        poll.dropped = feed.dropped as u64;
        let outlet = spec.outlet.clone();
        for item in &feed.items {
            self.item(item, outlet.as_deref(), feed.title.as_deref(), &mut poll).await?;
        }
        let (derived, dossiers) = self.with_engine(|engine| engine.derive(&mut Quiet))?;
        poll.derived = derived;
        poll.dossiers = dossiers;
        // Validators are kept unless a page failed in a way that may pass, so such a page is
        // asked for again next time instead of hiding behind "not modified".
        let complete = !poll.retry_items;
        let record = FeedRecord {
            title: feed.title,
            etag: page.validators.etag.filter(|_| complete),
            last_modified: page.validators.last_modified.filter(|_| complete),
            checked_at: None,
        };
        self.with_store(|store| store.save_feed(&spec.url, &record))?;
        Ok(poll)
    }

    /// Fetches, extracts and stores one item's page unless it is stored already.
    async fn item(
        &self,
        item: &FeedItem,
        outlet: Option<&str>,
        feed_title: Option<&str>,
        poll: &mut Poll,
    ) -> Result<()> {
        let Some(link) = item.link.clone() else {
            poll.failed.push(format!("item {:?}: no http(s) link", item.id));
            return Ok(());
        };
        if self.with_store(|store| store.has_url(&link))? {
            poll.already_present += 1;
            return Ok(());
        }
        if self.attempts(&link) >= MAX_ATTEMPTS {
            poll.given_up += 1;
            return Ok(());
        }
        let page = match self.fetcher.fetch(&link, &Validators::default()).await {
            Ok(Fetched::Fresh(page)) => page,
            Ok(Fetched::NotModified { .. }) => {
                poll.already_present += 1;
                return Ok(());
            }
            Err(error) => {
                poll.retry_items |= passing(&error.reason);
                self.failed(&link, poll, error.to_string());
                return Ok(());
            }
        };
        let document = page_document(&link, page, outlet.or(feed_title));
        let (item, outlet) = (item.clone(), outlet.map(str::to_string));
        // Extraction gets one fetch timeout of its own, counted from when it starts (not from
        // the fetch, which a busy machine or a slow server may have used up): a page built to
        // be slow to parse cannot hold the poll up longer than a slow server could.
        let budget = self.fetcher.config().timeout;
        let extracted = tokio::task::spawn_blocking(move || {
            let deadline = std::time::Instant::now() + budget;
            let result =
                parallax_extract::extract_until(&document, Some(deadline)).map(|mut article| {
                    item.fill(&mut article);
                    if outlet.is_some() {
                        article.source = outlet;
                    }
                    article.seal();
                    article
                });
            (document, result)
        })
        .await
        .map_err(|error| FeedsError::Task(error.to_string()))?;
        let report =
            self.with_engine(|engine| engine.store_extracted(vec![extracted], &mut Quiet))?;
        match report.items.first().map(|item| &item.outcome) {
            Some(Outcome::Added { .. }) => poll.added += 1,
            Some(Outcome::KeptRaw) => poll.kept_raw += 1,
            Some(Outcome::Failed { reason }) => {
                self.failed(&link, poll, format!("{link}: {reason}"))
            }
            _ => poll.already_present += 1,
        }
        Ok(())
    }

    fn attempts(&self, url: &str) -> u32 {
        let attempts = self.attempts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        attempts.get(url).copied().unwrap_or(0)
    }

    fn failed(&self, url: &str, poll: &mut Poll, message: String) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *attempts.entry(url.to_string()).or_default() += 1;
        poll.failed.push(message);
    }
}

/// Whether a failure may pass by itself: worth asking again at the next poll.
fn passing(reason: &FetchReason) -> bool {
    match reason {
        FetchReason::Timeout { .. }
        | FetchReason::Stalled { .. }
        | FetchReason::Network(_)
        | FetchReason::RobotsUnavailable(_) => true,
        FetchReason::Status { code, .. } => *code == 429 || *code >= 500,
        _ => false,
    }
}

/// A fetched page as a document: asked-for URL as origin, answering URL and charset as the
/// server gave them, read by the media type it declared.
fn page_document(link: &str, page: Page, source: Option<&str>) -> Document {
    let content_type = match page.media_type.as_deref() {
        Some("text/plain") => ContentType::PlainText,
        Some("text/markdown") => ContentType::Markdown,
        _ => ContentType::Html,
    };
    let mut document =
        Document::new(Origin::Web { url: link.to_string() }, content_type, page.bytes);
    document.fetched_at = page.fetched_at;
    document.url = Some(page.url);
    document.charset = page.charset;
    document.source = source.map(str::to_string);
    document
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_failures_that_may_pass_are_retried() {
        let status = |code| FetchReason::Status { code, retry_after: None };
        assert!(passing(&status(503)) && passing(&status(429)));
        assert!(passing(&FetchReason::Timeout { after: Duration::from_secs(1) }));
        assert!(!passing(&status(404)) && !passing(&status(410)));
        assert!(!passing(&FetchReason::Robots("disallowed by robots.txt".into())));
        assert!(!passing(&FetchReason::RedirectLoop("x".into())));
    }
}
