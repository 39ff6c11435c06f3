//! Feed lists: `[[feed]]` tables with `url`, `outlet` and `interval`.

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use crate::{DEFAULT_INTERVAL, FeedsError, MIN_INTERVAL, Result};

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

/// Reads a feed list (`[[feed]]` tables with `url`, `outlet`, `interval`). Errors name the
/// file and, for one entry, its number and URL.
pub fn read_feed_list(path: &Path) -> Result<Vec<FeedSpec>> {
    let wrong = |reason: String| FeedsError::List { path: path.to_path_buf(), reason };
    let text = std::fs::read_to_string(path).map_err(|error| wrong(error.to_string()))?;
    let list: FeedList = toml::from_str(&text).map_err(|error| wrong(error.to_string()))?;
    if list.feed.is_empty() {
        return Err(wrong("no [[feed]] entries".to_string()));
    }
    list.feed
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let at =
                |reason: String| wrong(format!("feed {} ({}): {reason}", index + 1, entry.url));
            let interval = match &entry.interval {
                None => DEFAULT_INTERVAL,
                Some(text) => {
                    humantime::parse_duration(text).map_err(|error| at(error.to_string()))?
                }
            };
            if interval < MIN_INTERVAL {
                let given = entry.interval.clone().unwrap_or_default();
                return Err(at(format!("interval {given:?} is under the minimum of 1m")));
            }
            url::Url::parse(&entry.url).map_err(|error| at(error.to_string()))?;
            Ok(FeedSpec { url: entry.url, outlet: entry.outlet, interval })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let error = read_feed_list(&path).expect_err(bad).to_string();
            assert!(error.contains(says), "{bad:?} gave {error}");
        }
    }
}
