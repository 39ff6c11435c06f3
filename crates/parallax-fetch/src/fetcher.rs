//! The fetcher: one GET, with robots.txt, politeness, redirects and bounds.

use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{Client, Response, StatusCode};
use url::{Host, Url};

use crate::address::{GuardedResolver, PrivateOnly, is_public};
use crate::hosts::Hosts;
use crate::robots::{self, MAX_ROBOTS_BYTES, RobotsCache, Rules};
use crate::{FetchConfig, FetchError, FetchReason, Fetched, Page, Validators};

/// A polite HTTP client; cheap to share between tasks behind an `Arc`.
pub struct Fetcher {
    client: Client,
    config: FetchConfig,
    hosts: Hosts,
    robots: RobotsCache,
}

/// What to do with a body over its limit.
#[derive(Clone, Copy)]
enum Body {
    /// Refuse it (pages and feeds).
    Refuse(u64),
    /// Keep the part within the limit (robots.txt).
    Cut(u64),
}

/// One exchange's result before redirects are followed.
enum Answer {
    Page(Page),
    NotModified,
    Redirect(Url),
}

impl Fetcher {
    /// A fetcher with these settings.
    pub fn new(config: FetchConfig) -> Result<Fetcher, FetchError> {
        // One process-wide TLS provider; a second install attempt is harmless.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = Client::builder()
            .user_agent(config.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .read_timeout(config.read_timeout)
            .dns_resolver(Arc::new(GuardedResolver { allow_private: config.allow_private }))
            .build()
            .map_err(|error| FetchError {
                url: String::new(),
                reason: FetchReason::Client(chain(&error)),
            })?;
        Ok(Fetcher { client, config, hosts: Hosts::default(), robots: RobotsCache::default() })
    }

    /// The settings it runs with.
    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GETs `url`, following redirects, asking only for a changed body when `validators` are
    /// given. Each hop is checked against the address rules and its origin's robots.txt, and
    /// waits its host's turn.
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched, FetchError> {
        let fail = |reason| FetchError { url: url.to_string(), reason };
        let mut current =
            Url::parse(url).map_err(|error| fail(FetchReason::InvalidUrl(error.to_string())))?;
        let mut visited = vec![current.clone()];
        loop {
            let answer = self.fetch_hop(&current, validators).await?;
            match answer {
                Answer::Page(page) => return Ok(Fetched::Fresh(page)),
                Answer::NotModified => {
                    return Ok(Fetched::NotModified { url: current.to_string() });
                }
                Answer::Redirect(next) => {
                    if visited.contains(&next) {
                        return Err(fail(FetchReason::RedirectLoop(next.to_string())));
                    }
                    if visited.len() > self.config.max_redirects {
                        let limit = self.config.max_redirects;
                        return Err(fail(FetchReason::TooManyRedirects { limit }));
                    }
                    visited.push(next.clone());
                    current = next;
                }
            }
        }
    }

    /// One request to one URL after its origin's robots.txt allows it.
    async fn fetch_hop(&self, url: &Url, validators: &Validators) -> Result<Answer, FetchError> {
        // A URL that may not be fetched at all does not cost its origin a robots.txt request.
        self.check_address(url).map_err(|reason| FetchError { url: url.to_string(), reason })?;
        let mut delay = self.config.host_delay;
        if self.config.obey_robots {
            let rules = self.robots.rules(url, |robots_url| self.load_robots(robots_url)).await;
            rules.check(url).map_err(|reason| FetchError { url: url.to_string(), reason })?;
            let asked = rules.crawl_delay().unwrap_or_default().min(self.config.max_crawl_delay);
            delay = delay.max(asked);
        }
        self.exchange(url, validators, Body::Refuse(self.config.max_bytes), delay).await
    }

    /// One request: address rules, then the host's turn, then the answer read within bounds.
    async fn exchange(
        &self,
        url: &Url,
        validators: &Validators,
        body: Body,
        delay: Duration,
    ) -> Result<Answer, FetchError> {
        let fail = |reason| FetchError { url: url.to_string(), reason };
        let host = self.check_address(url).map_err(fail)?;
        let _turn = self.hosts.turn(&host, delay).await;
        let started = std::time::Instant::now();
        let response = self
            .client
            .get(url.clone())
            .headers(conditional_headers(validators))
            .send()
            .await
            .map_err(|error| fail(self.classify(&error, started)))?;
        let status = response.status();
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let location = response
                .headers()
                .get(header::LOCATION)
                .and_then(|value| value.to_str().ok())
                .ok_or_else(|| {
                    fail(FetchReason::Status { code: status.as_u16(), retry_after: None })
                })?;
            let next = url.join(location).map_err(|error| {
                fail(FetchReason::InvalidUrl(format!("redirect to {location:?}: {error}")))
            })?;
            return Ok(Answer::Redirect(next));
        }
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Answer::NotModified);
        }
        if !status.is_success() {
            let retry_after = retry_after(response.headers());
            return Err(fail(FetchReason::Status { code: status.as_u16(), retry_after }));
        }
        let page = self.read_page(url, response, body, started).await.map_err(fail)?;
        Ok(Answer::Page(page))
    }

    /// The host to be polite to, after refusing schemes other than HTTP(S) and non-public literal
    /// addresses (names are checked when they resolve).
    fn check_address(&self, url: &Url) -> Result<String, FetchReason> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(FetchReason::Scheme(url.scheme().to_string()));
        }
        let literal = match url.host() {
            None => return Err(FetchReason::InvalidUrl("no host".to_string())),
            Some(Host::Domain(name)) => return Ok(name.to_string()),
            Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
        };
        if !self.config.allow_private && !is_public(literal) {
            return Err(FetchReason::PrivateAddress(literal.to_string()));
        }
        Ok(literal.to_string())
    }

    /// [`classify`] with this fetcher's limits, for a request that started at `started`.
    fn classify(&self, error: &reqwest::Error, started: std::time::Instant) -> FetchReason {
        classify(error, self.config.timeout, self.config.read_timeout, started.elapsed())
    }

    /// Reads the body within its limit (counted after decompression, so a small bomb stays
    /// small).
    async fn read_page(
        &self,
        url: &Url,
        mut response: Response,
        body: Body,
        started: std::time::Instant,
    ) -> Result<Page, FetchReason> {
        let (max_bytes, refuse) = match body {
            Body::Refuse(max) => (max, true),
            Body::Cut(max) => (max, false),
        };
        if refuse && response.content_length().is_some_and(|length| length > max_bytes) {
            return Err(FetchReason::TooLarge { limit: max_bytes });
        }
        let headers = response.headers().clone();
        let mut bytes = Vec::new();
        while let Some(chunk) =
            response.chunk().await.map_err(|error| self.classify(&error, started))?
        {
            let room = (max_bytes as usize).saturating_sub(bytes.len());
            if chunk.len() > room {
                if refuse {
                    return Err(FetchReason::TooLarge { limit: max_bytes });
                }
                bytes.extend_from_slice(&chunk[..room]);
                break;
            }
            bytes.extend_from_slice(&chunk);
        }
        let (media_type, charset) = content_type(&headers);
        Ok(Page {
            url: url.to_string(),
            media_type,
            charset,
            validators: Validators {
                etag: header_text(&headers, header::ETAG),
                last_modified: header_text(&headers, header::LAST_MODIFIED),
            },
            fetched_at: Utc::now(),
            bytes,
        })
    }

    /// Fetches an origin's robots.txt and reads it as RFC 9309 says: 4xx allows all, 5xx and
    /// unreachable allow nothing for now.
    async fn load_robots(&self, robots_url: Url) -> Rules {
        let mut current = robots_url;
        // RFC 9309 asks for at least five redirects to be followed.
        for _ in 0..=5 {
            let (delay, body) = (self.config.host_delay, Body::Cut(MAX_ROBOTS_BYTES));
            match self.exchange(&current, &Validators::default(), body, delay).await {
                Ok(Answer::Page(page)) => return robots::parse(&self.config.agent(), &page.bytes),
                Ok(Answer::Redirect(next)) => current = next,
                Ok(Answer::NotModified) => return Rules::AllowAll,
                Err(FetchError { reason: FetchReason::Status { code, .. }, .. })
                    if (400..500).contains(&code) =>
                {
                    return Rules::AllowAll;
                }
                Err(error) => return Rules::Unavailable(error.reason),
            }
        }
        // RFC 9309, 2.3.1.2: past five redirects, the file counts as unavailable (a 4xx).
        Rules::AllowAll
    }
}

fn conditional_headers(validators: &Validators) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let pairs = [
        (header::IF_NONE_MATCH, &validators.etag),
        (header::IF_MODIFIED_SINCE, &validators.last_modified),
    ];
    for (name, value) in pairs {
        if let Some(value) = value.as_deref().and_then(|v| HeaderValue::from_str(v).ok()) {
            headers.insert(name, value);
        }
    }
    headers
}

fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers.get(name).and_then(|value| value.to_str().ok()).map(str::to_string)
}

/// The media type (lowercase, no parameters) and charset of a Content-Type header.
fn content_type(headers: &HeaderMap) -> (Option<String>, Option<String>) {
    let Some(value) = header_text(headers, header::CONTENT_TYPE) else {
        return (None, None);
    };
    let mut parts = value.split(';');
    let media_type = parts.next().map(|m| m.trim().to_ascii_lowercase()).filter(|m| !m.is_empty());
    let charset = parts.find_map(|part| {
        let (name, value) = part.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches('"').to_string())
    });
    (media_type, charset)
}

/// Retry-After in seconds or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = header_text(headers, header::RETRY_AFTER)?;
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    (when.with_timezone(&Utc) - Utc::now()).to_std().ok()
}

/// Turns a client error into a reason a person can act on; `timeout` is the total limit and
/// `stall` the limit on a silence, and `elapsed` how long the request had run.
fn classify(
    error: &reqwest::Error,
    timeout: Duration,
    stall: Duration,
    elapsed: Duration,
) -> FetchReason {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(cause) = source {
        if let Some(private) = cause.downcast_ref::<PrivateOnly>() {
            return FetchReason::PrivateAddress(format!("{} ({})", private.address, private.name));
        }
        source = cause.source();
    }
    if error.is_timeout() {
        // The total limit ends a request at `timeout`; one cut well before it went silent.
        if elapsed + Duration::from_millis(500) < timeout && stall < timeout {
            return FetchReason::Stalled { after: stall };
        }
        return FetchReason::Timeout { after: timeout };
    }
    FetchReason::Network(chain(error))
}

/// An error and its causes on one line.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_parts() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("Text/HTML; Charset=\"ISO-8859-1\""),
        );
        assert_eq!(
            content_type(&headers),
            (Some("text/html".to_string()), Some("ISO-8859-1".to_string()))
        );
    }

    #[test]
    fn retry_after_in_seconds() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(120)));
        headers.insert(header::RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&headers), None);
    }
}
