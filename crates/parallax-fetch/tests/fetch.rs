//! The fetcher against a real HTTP server on loopback: politeness, robots.txt, conditional GET,
//! redirects, and servers that misbehave.

use std::io::Write;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use futures_util::stream;
use parallax_fetch::{FetchConfig, FetchReason, Fetched, Fetcher, Validators};
use tokio::time::Instant;

/// Arrival times of requests, by path.
#[derive(Clone, Default)]
struct Log(Arc<Mutex<Vec<(String, Instant)>>>);

impl Log {
    fn record(&self, path: &str) {
        self.0.lock().expect("log").push((path.to_string(), Instant::now()));
    }

    fn arrivals(&self) -> Vec<(String, Instant)> {
        self.0.lock().expect("log").clone()
    }
}

const ROBOTS: &str = "User-agent: *\nDisallow: /private/\n";

async fn robots(State(log): State<Log>) -> &'static str {
    log.record("/robots.txt");
    ROBOTS
}

async fn page(State(log): State<Log>, Path(name): Path<String>, headers: HeaderMap) -> Response {
    log.record(&format!("/page/{name}"));
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == "\"v1\"") {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let body = format!("<html><body><p>Page {name}.</p></body></html>");
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::ETAG, "\"v1\"")], body)
        .into_response()
}

async fn hop(Path(left): Path<u32>) -> Redirect {
    if left == 0 { Redirect::to("/page/end") } else { Redirect::to(&format!("/hop/{}", left - 1)) }
}

async fn slow() -> Response {
    let first = stream::iter([Ok::<_, std::io::Error>(vec![b'x'; 100])]);
    Body::from_stream(futures_util::StreamExt::chain(first, stream::pending())).into_response()
}

async fn endless() -> Response {
    let chunks = stream::repeat_with(|| Ok::<_, std::io::Error>(vec![b'a'; 64 * 1024]));
    Body::from_stream(chunks).into_response()
}

async fn bomb() -> Response {
    // 64 MiB of zeros compress to about 64 KiB.
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..64 {
        encoder.write_all(&zeros).expect("compress");
    }
    let body = encoder.finish().expect("compress");
    ([(header::CONTENT_ENCODING, "gzip"), (header::CONTENT_TYPE, "text/html")], body)
        .into_response()
}

async fn busy() -> Response {
    (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "7")], "busy").into_response()
}

/// Starts the server on `ip` (any port) and returns its address and request log.
async fn serve(ip: &str) -> (SocketAddr, Log) {
    let log = Log::default();
    let app = Router::new()
        .route("/robots.txt", get(robots))
        .route("/page/{name}", get(page))
        .route("/private/{name}", get(page))
        .route("/hop/{left}", get(hop))
        .route("/loop/a", get(|| async { Redirect::to("/loop/b") }))
        .route("/loop/b", get(|| async { Redirect::to("/loop/a") }))
        .route("/to-file", get(|| async { Redirect::to("file:///etc/passwd") }))
        .route("/slow", get(slow))
        .route("/endless", get(endless))
        .route("/bomb", get(bomb))
        .route("/busy", get(busy))
        .with_state(log.clone());
    let listener = tokio::net::TcpListener::bind((ip, 0)).await.expect("bind a loopback port");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move { axum::serve(listener, app).await });
    (address, log)
}

fn config(delay_ms: u64) -> FetchConfig {
    FetchConfig {
        host_delay: Duration::from_millis(delay_ms),
        allow_private: true,
        timeout: Duration::from_secs(3),
        read_timeout: Duration::from_secs(1),
        max_bytes: 1024 * 1024,
        ..FetchConfig::default()
    }
}

async fn fetch(fetcher: &Fetcher, url: &str) -> Result<Fetched, parallax_fetch::FetchError> {
    fetcher.fetch(url, &Validators::default()).await
}

fn fresh(result: Result<Fetched, parallax_fetch::FetchError>) -> parallax_fetch::Page {
    match result {
        Ok(Fetched::Fresh(page)) => page,
        other => panic!("expected a page, got {other:?}"),
    }
}

fn reason(result: Result<Fetched, parallax_fetch::FetchError>) -> FetchReason {
    match result {
        Err(error) => error.reason,
        Ok(fetched) => panic!("expected an error, got {fetched:?}"),
    }
}

#[tokio::test]
async fn requests_to_one_host_are_spaced_by_the_delay() {
    let (address, log) = serve("127.0.0.1").await;
    let fetcher = Arc::new(Fetcher::new(config(150)).expect("fetcher"));
    let tasks: Vec<_> = (0..6)
        .map(|n| {
            let fetcher = Arc::clone(&fetcher);
            tokio::spawn(
                async move { fetch(&fetcher, &format!("http://{address}/page/{n}")).await },
            )
        })
        .collect();
    for task in tasks {
        fresh(task.await.expect("task"));
    }
    let arrivals = log.arrivals();
    assert_eq!(arrivals.len(), 7, "robots.txt once, then six pages: {arrivals:?}");
    assert_eq!(arrivals[0].0, "/robots.txt");
    for pair in arrivals.windows(2) {
        let gap = pair[1].1 - pair[0].1;
        assert!(
            gap >= Duration::from_millis(150),
            "{} then {} after {gap:?}",
            pair[0].0,
            pair[1].0
        );
    }
}

#[tokio::test]
async fn different_hosts_do_not_wait_for_each_other() {
    let (first, first_log) = serve("127.0.0.2").await;
    let (second, second_log) = serve("127.0.0.3").await;
    let fetcher = Arc::new(Fetcher::new(config(300)).expect("fetcher"));
    let a = {
        let fetcher = Arc::clone(&fetcher);
        tokio::spawn(async move { fetch(&fetcher, &format!("http://{first}/page/a")).await })
    };
    fresh(fetch(&fetcher, &format!("http://{second}/page/b")).await);
    fresh(a.await.expect("task"));
    let (a_page, b_page) = (first_log.arrivals()[1].1, second_log.arrivals()[1].1);
    let apart = if a_page > b_page { a_page - b_page } else { b_page - a_page };
    assert!(apart < Duration::from_millis(250), "hosts were serialised: {apart:?} apart");
}

#[tokio::test]
async fn robots_txt_is_obeyed() {
    let (address, log) = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(config(0)).expect("fetcher");
    let refused = reason(fetch(&fetcher, &format!("http://{address}/private/x")).await);
    assert!(
        matches!(refused, FetchReason::Robots(ref why) if why.contains("disallowed")),
        "{refused}"
    );
    assert!(log.arrivals().iter().all(|(path, _)| path != "/private/x"), "the page was requested");
}

#[tokio::test]
async fn an_unchanged_page_is_not_sent_again() {
    let (address, _) = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(config(0)).expect("fetcher");
    let url = format!("http://{address}/page/same");
    let page = fresh(fetch(&fetcher, &url).await);
    assert_eq!(page.media_type.as_deref(), Some("text/html"));
    assert_eq!(page.charset.as_deref(), Some("utf-8"));
    assert_eq!(page.validators.etag.as_deref(), Some("\"v1\""));
    let again = fetcher.fetch(&url, &page.validators).await.expect("second fetch");
    assert!(matches!(again, Fetched::NotModified { .. }), "{again:?}");
}

#[tokio::test]
async fn redirects_are_followed_within_the_limit_and_loops_refused() {
    let (address, _) = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(config(0)).expect("fetcher");
    let page = fresh(fetch(&fetcher, &format!("http://{address}/hop/3")).await);
    assert_eq!(page.url, format!("http://{address}/page/end"));
    let too_many = reason(fetch(&fetcher, &format!("http://{address}/hop/9")).await);
    assert!(matches!(too_many, FetchReason::TooManyRedirects { limit: 5 }), "{too_many}");
    let looped = reason(fetch(&fetcher, &format!("http://{address}/loop/a")).await);
    assert!(matches!(looped, FetchReason::RedirectLoop(_)), "{looped}");
    let file = reason(fetch(&fetcher, &format!("http://{address}/to-file")).await);
    assert!(matches!(file, FetchReason::Scheme(ref s) if s == "file"), "{file}");
}

#[tokio::test]
async fn misbehaving_bodies_end_with_an_error_not_a_hang() {
    let (address, _) = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(config(0)).expect("fetcher");
    let stalled = reason(fetch(&fetcher, &format!("http://{address}/slow")).await);
    // Silent for longer than the 1 s limit on a silence, well before the 3 s total limit: said
    // as a stall, not as the total limit it never reached.
    assert!(
        matches!(stalled, FetchReason::Stalled { after } if after == Duration::from_secs(1)),
        "{stalled}"
    );
    assert_eq!(stalled.to_string(), "stalled: nothing received for 1 s");
    let endless = reason(fetch(&fetcher, &format!("http://{address}/endless")).await);
    assert!(matches!(endless, FetchReason::TooLarge { limit: 1_048_576 }), "{endless}");
    let bomb = reason(fetch(&fetcher, &format!("http://{address}/bomb")).await);
    assert!(matches!(bomb, FetchReason::TooLarge { .. }), "{bomb}");
    let busy = reason(fetch(&fetcher, &format!("http://{address}/busy")).await);
    assert!(
        matches!(busy, FetchReason::Status { code: 503, retry_after: Some(d) } if d.as_secs() == 7),
        "{busy}"
    );
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    let (address, log) = serve("127.0.0.1").await;
    let fetcher = Fetcher::new(FetchConfig { allow_private: false, ..config(0) }).expect("fetcher");
    let literal = reason(fetch(&fetcher, &format!("http://{address}/page/x")).await);
    assert!(matches!(literal, FetchReason::PrivateAddress(_)), "{literal}");
    let named =
        reason(fetch(&fetcher, &format!("http://localhost:{}/page/x", address.port())).await);
    assert!(
        matches!(named, FetchReason::PrivateAddress(ref a) if a.contains("localhost")),
        "{named}"
    );
    assert!(log.arrivals().is_empty(), "a request reached the server: {:?}", log.arrivals());
}
