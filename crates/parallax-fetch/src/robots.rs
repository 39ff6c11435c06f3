//! robots.txt, fetched once per origin and kept for a day (RFC 9309).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use texting_robots::Robot;
use tokio::sync::Mutex as AsyncMutex;
use tokio::time::Instant;
use url::Url;

use crate::FetchReason;

/// How long a robots.txt is trusted before it is fetched again (RFC 9309, 2.4).
pub(crate) const ROBOTS_LIFETIME: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a robots.txt that could not be read holds an origin back before it is tried again.
pub(crate) const UNAVAILABLE_LIFETIME: Duration = Duration::from_secs(10 * 60);
/// The most of a robots.txt that is read; the rest is ignored (RFC 9309 asks parsers to read
/// at least 500 KiB).
pub(crate) const MAX_ROBOTS_BYTES: u64 = 512 * 1024;

/// What one origin's robots.txt allows.
pub(crate) enum Rules {
    /// No robots.txt (a 4xx answer): everything may be fetched.
    AllowAll,
    /// The server failed to answer (5xx, network error): nothing may be fetched for now.
    Unavailable(FetchReason),
    /// The parsed file.
    Parsed(Box<Robot>),
}

impl Rules {
    /// Whether `url` may be fetched; the reason when not. An address refused for robots.txt is
    /// refused for the page too, and said so.
    pub(crate) fn check(&self, url: &Url) -> Result<(), FetchReason> {
        match self {
            Rules::AllowAll => Ok(()),
            Rules::Unavailable(FetchReason::PrivateAddress(address)) => {
                Err(FetchReason::PrivateAddress(address.clone()))
            }
            Rules::Unavailable(why) => {
                Err(FetchReason::Robots(format!("robots.txt unavailable ({why})")))
            }
            Rules::Parsed(robot) if robot.allowed(url.as_str()) => Ok(()),
            Rules::Parsed(_) => Err(FetchReason::Robots("disallowed by robots.txt".to_string())),
        }
    }

    /// How long these rules are trusted: a day, or a few minutes when the file could not be read
    /// (a passing 5xx or timeout should not stop a site for a day).
    fn lifetime(&self) -> Duration {
        match self {
            Rules::Unavailable(_) => UNAVAILABLE_LIFETIME,
            _ => ROBOTS_LIFETIME,
        }
    }

    /// The Crawl-delay the file asks of us, if any.
    pub(crate) fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(robot) => robot
                .delay
                .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
                .map(|seconds| Duration::from_secs_f32(seconds.min(3600.0))),
            _ => None,
        }
    }
}

struct Cached {
    rules: Arc<Rules>,
    fetched: Instant,
}

/// robots.txt rules by origin (`scheme://host:port`).
#[derive(Default)]
pub(crate) struct RobotsCache {
    entries: Mutex<HashMap<String, Arc<AsyncMutex<Option<Cached>>>>>,
}

impl RobotsCache {
    /// The rules for `url`'s origin, fetched with `load` when missing or older than a day. One
    /// fetch per origin even when many tasks ask at once.
    pub(crate) async fn rules<F, Fut>(&self, url: &Url, load: F) -> Arc<Rules>
    where
        F: FnOnce(Url) -> Fut,
        Fut: Future<Output = Rules>,
    {
        let origin = url.origin().ascii_serialization();
        let entry = {
            let mut entries = self.entries.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            Arc::clone(entries.entry(origin).or_default())
        };
        let mut cached = entry.lock().await;
        if let Some(found) = cached.as_ref().filter(|c| c.fetched.elapsed() < c.rules.lifetime()) {
            return Arc::clone(&found.rules);
        }
        let mut robots_url = url.clone();
        robots_url.set_path("/robots.txt");
        robots_url.set_query(None);
        robots_url.set_fragment(None);
        let rules = Arc::new(load(robots_url).await);
        *cached = Some(Cached { rules: Arc::clone(&rules), fetched: Instant::now() });
        rules
    }
}

/// Reads a robots.txt body for the agent token; a file that does not parse allows everything,
/// as RFC 9309 treats unparseable lines.
pub(crate) fn parse(agent: &str, body: &[u8]) -> Rules {
    match Robot::new(agent, body) {
        Ok(robot) => Rules::Parsed(Box::new(robot)),
        Err(_) => Rules::AllowAll,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("a URL")
    }

    #[test]
    fn rules_for_our_agent_apply() {
        let body = b"User-agent: *\nDisallow: /private/\n\nUser-agent: parallax\nDisallow: /drafts/\nCrawl-delay: 2\n";
        let rules = parse("parallax", body);
        assert!(rules.check(&url("http://a.example/news/1")).is_ok());
        assert!(rules.check(&url("http://a.example/drafts/1")).is_err());
        assert_eq!(rules.crawl_delay(), Some(Duration::from_secs(2)));
        let others = parse("otherbot", body);
        assert!(others.check(&url("http://a.example/private/x")).is_err());
        assert!(others.check(&url("http://a.example/drafts/1")).is_ok());
    }

    #[test]
    fn an_unavailable_file_refuses_everything() {
        let rules = Rules::Unavailable(FetchReason::Status { code: 503, retry_after: None });
        let refusal = rules.check(&url("http://a.example/")).expect_err("refused");
        assert!(refusal.to_string().contains("503"), "{refusal}");
    }
}
