//! A polite HTTP fetcher: what parallax uses to read feeds and the pages they point to.
//!
//! [`Fetcher::fetch`] GETs one URL and returns [`Fetched`]: a [`Page`] (final URL, media type,
//! charset, validators, bytes) or `NotModified` when the [`Validators`] of an earlier fetch still
//! hold. On the way it:
//!
//! - reads each origin's robots.txt once a day and obeys it for its user-agent token, with the
//!   Crawl-delay it asks for (up to a cap);
//! - sends one request at a time per host, with at least [`FetchConfig::host_delay`] between the
//!   end of one and the start of the next;
//! - follows redirects itself, up to a limit, refusing loops, and checks every hop;
//! - refuses schemes other than HTTP(S) and hosts on loopback, private, link-local and other
//!   non-public addresses — literal ones, and names after they resolve — unless
//!   [`FetchConfig::allow_private`] is set;
//! - bounds connect time, total time and stalls, and the body size after decompression, so a
//!   slow, endless or compressed-bomb body ends with an error, not a hang.
//!
//! Every failure is a [`FetchError`] naming the URL and the reason.
//!
//! ```no_run
//! use parallax_fetch::{FetchConfig, Fetched, Fetcher, Validators};
//!
//! # async fn run() -> Result<(), parallax_fetch::FetchError> {
//! let fetcher = Fetcher::new(FetchConfig::default())?;
//! match fetcher.fetch("https://news.example/feed.xml", &Validators::default()).await? {
//!     Fetched::Fresh(page) => println!("{} bytes of {:?}", page.bytes.len(), page.media_type),
//!     Fetched::NotModified { url } => println!("{url} unchanged"),
//! }
//! # Ok(()) }
//! ```

mod address;
mod fetcher;
mod hosts;
mod robots;

use std::time::Duration;

use chrono::{DateTime, Utc};

pub use address::is_public;
pub use fetcher::Fetcher;

/// How the fetcher behaves.
#[derive(Debug, Clone)]
pub struct FetchConfig {
    /// The User-Agent header; its first word (before `/`) is the token matched in robots.txt.
    pub user_agent: String,
    /// The least time between the end of one request to a host and the start of the next.
    pub host_delay: Duration,
    /// The longest Crawl-delay from a robots.txt that is honoured; longer ones are cut to this.
    pub max_crawl_delay: Duration,
    /// Time allowed to connect.
    pub connect_timeout: Duration,
    /// Time allowed for one request, body included.
    pub timeout: Duration,
    /// Time allowed without receiving a byte.
    pub read_timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// The largest body accepted, counted after decompression.
    pub max_bytes: u64,
    /// Whether loopback, private and link-local addresses may be fetched (tests, intranets).
    pub allow_private: bool,
    /// Whether robots.txt is read and obeyed.
    pub obey_robots: bool,
}

impl Default for FetchConfig {
    fn default() -> FetchConfig {
        FetchConfig {
            user_agent: concat!("parallax/", env!("CARGO_PKG_VERSION")).to_string(),
            host_delay: Duration::from_secs(1),
            max_crawl_delay: Duration::from_secs(30),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            read_timeout: Duration::from_secs(15),
            max_redirects: 5,
            max_bytes: 16 * 1024 * 1024,
            allow_private: false,
            obey_robots: true,
        }
    }
}

impl FetchConfig {
    /// The token matched against robots.txt `User-agent` lines.
    pub fn agent(&self) -> String {
        let token = self.user_agent.split(['/', ' ']).next().unwrap_or_default();
        if token.is_empty() { "parallax".to_string() } else { token.to_ascii_lowercase() }
    }
}

/// What lets a server answer "not modified": the ETag and Last-Modified of an earlier fetch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// A body that was fetched.
#[derive(Debug, Clone)]
pub struct Page {
    /// The URL it came from, after redirects.
    pub url: String,
    /// The media type the server declared (`text/html`), lowercase, without parameters.
    pub media_type: Option<String>,
    /// The charset the server declared.
    pub charset: Option<String>,
    /// What to send next time to be told it has not changed.
    pub validators: Validators,
    /// When it arrived.
    pub fetched_at: DateTime<Utc>,
    /// The body, decompressed.
    pub bytes: Vec<u8>,
}

/// The outcome of a successful fetch.
#[derive(Debug, Clone)]
pub enum Fetched {
    /// A new body.
    Fresh(Page),
    /// The server says the body has not changed since the validators were given.
    NotModified {
        /// The URL that answered.
        url: String,
    },
}

/// Why a URL could not be fetched. Displays as `url: reason`, with any user name and password
/// in a URL replaced by `***`.
#[derive(Debug, thiserror::Error)]
#[error("{}: {}", redact_credentials(url), redact_credentials(&reason.to_string()))]
pub struct FetchError {
    /// The URL asked for.
    pub url: String,
    /// What went wrong.
    pub reason: FetchReason,
}

/// What went wrong with one fetch.
#[derive(Debug, Clone, thiserror::Error)]
pub enum FetchReason {
    /// Not a URL, or a redirect to something that is not one.
    #[error("invalid URL: {0}")]
    InvalidUrl(String),
    /// A scheme other than http and https.
    #[error("scheme {0:?} is not fetched (only http and https)")]
    Scheme(String),
    /// The host is, or resolves to, a non-public address.
    #[error("refused: {0} is not a public address (allow it with --allow-private)")]
    PrivateAddress(String),
    /// robots.txt says no.
    #[error("{0}")]
    Robots(String),
    /// robots.txt could not be read (5xx, network error): the site is not fetched for a while.
    #[error("robots.txt unavailable ({0})")]
    RobotsUnavailable(String),
    /// A redirect back to a URL already visited.
    #[error("redirect loop at {0}")]
    RedirectLoop(String),
    /// More redirects than allowed.
    #[error("more than {limit} redirects")]
    TooManyRedirects {
        /// The limit.
        limit: usize,
    },
    /// An HTTP status other than success, redirect or not-modified.
    #[error("HTTP status {code}{}", retry_after.map(|d| format!(" (retry after {} s)", d.as_secs())).unwrap_or_default())]
    Status {
        /// The status code.
        code: u16,
        /// How long the server asked us to wait (429, 503).
        retry_after: Option<Duration>,
    },
    /// The body (after decompression) is over the limit.
    #[error("body over the limit of {limit} bytes")]
    TooLarge {
        /// The limit.
        limit: u64,
    },
    /// The request took longer than allowed, or the server stalled.
    #[error("timed out (limit {} s)", after.as_secs_f64())]
    Timeout {
        /// The total-time limit.
        after: Duration,
    },
    /// The server sent nothing for longer than the limit on a silence.
    #[error("stalled: nothing received for {} s", after.as_secs_f64())]
    Stalled {
        /// The limit on a silence.
        after: Duration,
    },
    /// Connecting, sending or receiving failed.
    #[error("{0}")]
    Network(String),
    /// The HTTP client could not be built.
    #[error("HTTP client: {0}")]
    Client(String),
}

/// Whether a robots.txt `body` lets `agent` fetch `url`, as the fetcher decides it (RFC 9309:
/// a file that does not parse allows everything). For tools and fuzzing; the fetcher keeps
/// each origin's rules itself.
pub fn robots_allows(agent: &str, body: &[u8], url: &url::Url) -> bool {
    robots::parse(agent, body).check(url).is_ok()
}

/// `text` with the user information of every URL in it (`https://user:secret@host/`) replaced
/// by `***`, so an error message never repeats a password.
pub fn redact_credentials(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(found) = rest.find("://") {
        let (before, after) = rest.split_at(found + 3);
        out.push_str(before);
        let authority_end =
            after.find(['/', '?', '#', ' ', ')', '"', '\'', '>']).unwrap_or(after.len());
        match after[..authority_end].rfind('@') {
            Some(at) => {
                out.push_str("***");
                out.push_str(&after[at..authority_end]);
            }
            None => out.push_str(&after[..authority_end]),
        }
        rest = &after[authority_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_in_urls_never_reach_a_message() {
        assert_eq!(
            redact_credentials("https://editor:s3cret@news.example/feed.xml: HTTP status 401"),
            "https://***@news.example/feed.xml: HTTP status 401"
        );
        assert_eq!(
            redact_credentials("error sending request for url (http://u:p@127.0.0.1:9/x)"),
            "error sending request for url (http://***@127.0.0.1:9/x)"
        );
        let plain = "https://news.example/a@b: timed out (limit 30 s)";
        assert_eq!(redact_credentials(plain), plain, "an @ in the path is not user information");
        let error = FetchError {
            url: "https://editor:s3cret@news.example/".into(),
            reason: FetchReason::Network("connect to https://editor:s3cret@news.example/".into()),
        };
        assert!(!error.to_string().contains("s3cret"), "{error}");
    }
}
