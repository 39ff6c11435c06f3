//! Following news feeds: a list of feeds, each polled at its interval through the polite
//! fetcher, the pages their items link to fetched and stored through the engine's write path.
//!
//! [`read_feed_list`] reads `[[feed]]` tables (`url`, `outlet`, `interval`) into [`FeedSpec`]s.
//! [`Poller::poll`] polls one feed once: it asks whether the feed changed (ETag and
//! Last-Modified kept in the store), reads its items, fetches each page not stored yet,
//! completes the article from the feed item and hands it to [`Engine::store_extracted`], then
//! derives what was stored. [`follow`] polls one feed for as long as it runs, backing off while
//! it fails. Problems with a feed or an item are in the returned [`Poll`]; only a store failure
//! is an error.

mod list;
mod poller;

use std::sync::Arc;
use std::time::Duration;

pub use list::{FeedSpec, read_feed_list};
pub use poller::{Poll, Poller};

use parallax_engine::Engine;

/// What can go wrong beyond one feed or one item.
#[derive(Debug, thiserror::Error)]
pub enum FeedsError {
    /// A feed list that cannot be read or is wrong.
    #[error("{path}: {reason}")]
    List {
        /// The list's file.
        path: std::path::PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The fetcher could not be set up.
    #[error(transparent)]
    Fetch(#[from] parallax_fetch::FetchError),
    /// The store failed.
    #[error("the store failed: {0}")]
    Store(#[from] parallax_store::StoreError),
    /// The engine failed.
    #[error("the store failed: {0}")]
    Engine(#[from] parallax_engine::EngineError),
    /// A blocking task stopped.
    #[error("a task stopped: {0}")]
    Task(String),
}

/// `Result` with [`FeedsError`].
pub type Result<T> = std::result::Result<T, FeedsError>;

/// How often a feed is polled when its entry does not say.
pub const DEFAULT_INTERVAL: Duration = Duration::from_secs(15 * 60);
/// The shortest interval accepted: polling faster is rude and rarely finds more.
pub const MIN_INTERVAL: Duration = Duration::from_secs(60);
/// The longest wait after repeated failures.
pub const MAX_BACKOFF: Duration = Duration::from_secs(24 * 60 * 60);
/// A page that failed this many times is not asked for again while the process runs.
pub const MAX_ATTEMPTS: u32 = 3;

/// Polls one feed for as long as the process runs: at its interval while it answers, backing
/// off (doubling, up to a day, or as long as the server asks) while it fails.
pub async fn follow(poller: Arc<Poller>, spec: FeedSpec, report: impl Fn(&Poll)) -> Result<()> {
    let mut failures = 0u32;
    loop {
        let poll = poller.poll(&spec).await?;
        report(&poll);
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

/// A poller over `engine` with the fetcher's settings, shared by the tasks of one run.
pub fn poller(
    engine: Engine,
    config: parallax_fetch::FetchConfig,
    max_items: usize,
) -> Result<Arc<Poller>> {
    Ok(Arc::new(Poller::new(engine, config, max_items)?))
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
}
