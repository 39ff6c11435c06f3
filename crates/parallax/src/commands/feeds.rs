//! `parallax ingest --feed` and `parallax watch`: feeds fetched through the polite fetcher, the
//! pages their items link to fetched, extracted, filled in from the feed and stored.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use parallax_core::{ContentType, Document, Origin};
use parallax_engine::{Engine, Outcome, Quiet};
use parallax_fetch::{FetchConfig, FetchReason, Fetched, Fetcher, Page, Validators};
use parallax_ingest::{FeedItem, read_feed};
use parallax_store::{FeedRecord, SqliteStore};
use serde::Deserialize;

use crate::Status;
use crate::cli::{FetchArgs, IngestArgs, WatchArgs};
use crate::commands::ingest::{Summary, open_engine, report_summary};

/// How often a feed is polled when its entry does not say.
const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// The shortest interval accepted: polling faster is rude and rarely finds more.
const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// The longest wait after repeated failures.
const MAX_BACKOFF: Duration = Duration::from_secs(24 * 60 * 60);
/// A page that failed this many times is not asked for again while the process runs.
const MAX_ATTEMPTS: u32 = 3;

/// One feed to follow.
#[derive(Debug, Clone)]
pub struct FeedSpec {
    /// The feed's URL.
    pub url: String,
    /// The outlet its articles are stored under; the page's own site name when `None`.
    pub outlet: Option<String>,
    /// Time between polls.
    pub interval: Duration,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedList {
    #[serde(default)]
    feed: Vec<FeedEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeedEntry {
    url: String,
    outlet: Option<String>,
    interval: Option<String>,
}

/// Reads a feed list (`[[feed]]` tables with `url`, `outlet`, `interval`).
pub fn read_feed_list(path: &Path) -> Result<Vec<FeedSpec>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let list: FeedList =
        toml::from_str(&text).with_context(|| format!("reading {}", path.display()))?;
    if list.feed.is_empty() {
        bail!("{}: no [[feed]] entries", path.display());
    }
    list.feed
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let at = || format!("{}: feed {} ({})", path.display(), index + 1, entry.url);
            let interval = match &entry.interval {
                None => DEFAULT_INTERVAL,
                Some(text) => humantime::parse_duration(text).with_context(at)?,
            };
            if interval < MIN_INTERVAL {
                bail!(
                    "{}: interval {:?} is under the minimum of 1m",
                    at(),
                    entry.interval.unwrap_or_default()
                );
            }
            url::Url::parse(&entry.url).with_context(at)?;
            Ok(FeedSpec { url: entry.url, outlet: entry.outlet, interval })
        })
        .collect()
}

/// The fetcher's settings from the command line.
pub fn fetch_config(args: &FetchArgs, max_bytes: u64) -> FetchConfig {
    FetchConfig {
        user_agent: args.user_agent.clone(),
        host_delay: args.delay,
        timeout: args.timeout,
        max_bytes,
        allow_private: args.allow_private,
        ..FetchConfig::default()
    }
}

/// Runs `parallax watch`.
pub fn watch(data_dir: &Path, args: WatchArgs) -> Result<Status> {
    let specs = read_feed_list(&args.file)?;
    let engine = open_engine(data_dir)?;
    let poller = poller(engine, &args.fetch, args.max_bytes)?;
    let runtime = runtime()?;
    if args.once {
        let mut summary = Summary::default();
        runtime.block_on(poll_once(&poller, &specs, &mut summary))?;
        return report_summary(&summary, args.json);
    }
    eprintln!("watch: following {} feed(s); Ctrl-C stops", specs.len());
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for spec in specs {
            tasks.spawn(follow(Arc::clone(&poller), spec));
        }
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                eprintln!("watch: stopped; every page stored so far is kept");
                Ok(Status::Ok)
            }
            // A follower ends only when the store fails.
            Some(ended) = tasks.join_next() => match ended {
                Ok(Err(error)) => Err(error),
                Ok(Ok(())) => Ok(Status::Ok),
                Err(panic) => Err(anyhow::anyhow!("a feed follower stopped: {panic}")),
            },
        }
    })
}

/// `parallax ingest --feed URL...`: each feed polled once and its pages stored, under the
/// `--source` outlet when one is given.
pub fn ingest(engine: Engine, args: &IngestArgs, summary: &mut Summary) -> Result<()> {
    let specs: Vec<FeedSpec> = args
        .feeds
        .iter()
        .map(|url| FeedSpec {
            url: url.clone(),
            outlet: args.source.clone(),
            interval: DEFAULT_INTERVAL,
        })
        .collect();
    let poller = poller(engine, &args.fetch, args.max_bytes)?;
    runtime()?.block_on(poll_once(&poller, &specs, summary))
}

/// A poller storing through `engine`.
fn poller(engine: Engine, fetch: &FetchArgs, max_bytes: u64) -> Result<Arc<Poller>> {
    let config = fetch_config(fetch, max_bytes);
    Ok(Arc::new(Poller::new(engine, config, fetch.max_items)?))
}

/// Polls every feed once, all at the same time (the fetcher keeps each host's pace), and adds
/// what they did to `summary`.
async fn poll_once(poller: &Arc<Poller>, specs: &[FeedSpec], summary: &mut Summary) -> Result<()> {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for spec in specs {
        let (poller, spec) = (Arc::clone(poller), spec.clone());
        tasks.spawn(async move { poller.poll(&spec).await });
    }
    while let Some(ended) = tasks.join_next().await {
        let poll = ended.context("a feed poll stopped")??;
        for problem in &poll.failed {
            eprintln!("error: {problem}");
        }
        eprintln!("{}", poll.line(&poll.url));
        summary.add_poll(&poll);
    }
    summary.seconds += started.elapsed().as_secs_f64();
    Ok(())
}

/// Polls one feed for as long as the process runs: at its interval while it answers, backing
/// off (doubling, up to a day, or as long as the server asks) while it fails.
async fn follow(poller: Arc<Poller>, spec: FeedSpec) -> Result<()> {
    let mut failures = 0u32;
    loop {
        let poll = poller.poll(&spec).await?;
        for problem in &poll.failed {
            eprintln!("error: {problem}");
        }
        eprintln!("{}", poll.line(&spec.url));
        let wait = if poll.feed_failed {
            failures = failures.saturating_add(1);
            backoff(spec.interval, failures).max(poll.retry_after.unwrap_or_default())
        } else {
            failures = 0;
            spec.interval
        };
        tokio::time::sleep(wait).await;
    }
}

/// The wait after `failures` failed polls in a row.
fn backoff(interval: Duration, failures: u32) -> Duration {
    let factor = 1u32 << failures.min(16);
    interval.saturating_mul(factor).min(MAX_BACKOFF.max(interval))
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")
}

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
    fn line(&self, url: &str) -> String {
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
        f(engine.store_mut()).context("the store failed")
    }

    /// Runs `f` on the engine, off the async threads (storing and deriving are CPU work).
    fn with_engine<T>(
        &self,
        f: impl FnOnce(&mut Engine) -> parallax_engine::Result<T>,
    ) -> Result<T> {
        tokio::task::block_in_place(|| {
            let mut engine = self.engine.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut engine).context("the store failed")
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
        let extracted = tokio::task::spawn_blocking(move || {
            let result = parallax_extract::extract(&document).map(|mut article| {
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
        .context("extraction stopped")?;
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
    fn backoff_doubles_and_stops_at_a_day() {
        let minute = Duration::from_secs(60);
        assert_eq!(backoff(minute, 1), 2 * minute);
        assert_eq!(backoff(minute, 3), 8 * minute);
        assert_eq!(backoff(minute, 40), MAX_BACKOFF);
        let two_days = Duration::from_secs(2 * 86_400);
        assert_eq!(backoff(two_days, 2), two_days, "never shorter than the interval");
    }

    #[test]
    fn only_failures_that_may_pass_are_retried() {
        let status = |code| FetchReason::Status { code, retry_after: None };
        assert!(passing(&status(503)) && passing(&status(429)));
        assert!(passing(&FetchReason::Timeout { after: Duration::from_secs(1) }));
        assert!(!passing(&status(404)) && !passing(&status(410)));
        assert!(!passing(&FetchReason::Robots("disallowed by robots.txt".into())));
        assert!(!passing(&FetchReason::RedirectLoop("x".into())));
    }

    #[test]
    fn feed_lists_are_checked() {
        let dir = tempfile::tempdir().expect("folder");
        let path = dir.path().join("feeds.toml");
        let write = |text: &str| std::fs::write(&path, text).expect("write");
        write(
            "[[feed]]\nurl = \"https://a.example/rss\"\noutlet = \"A\"\ninterval = \"5m\"\n\n[[feed]]\nurl = \"https://b.example/atom\"\n",
        );
        let specs = read_feed_list(&path).expect("reads");
        assert_eq!(specs.len(), 2);
        assert_eq!(
            (specs[0].outlet.as_deref(), specs[0].interval),
            (Some("A"), Duration::from_secs(300))
        );
        assert_eq!(specs[1].interval, DEFAULT_INTERVAL);
        for (bad, says) in [
            ("[[feed]]\nurl = \"https://a.example\"\ninterval = \"5s\"\n", "minimum"),
            ("[[feed]]\nurl = \"not a url\"\n", "feed 1"),
            ("[[feed]]\nurl = \"https://a.example\"\ncolour = \"red\"\n", "colour"),
            ("", "no [[feed]]"),
        ] {
            write(bad);
            let error = format!("{:#}", read_feed_list(&path).expect_err(bad));
            assert!(error.contains(says), "{bad:?} gave {error}");
        }
    }
}
