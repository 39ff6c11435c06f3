//! The three ways articles arrive — files given to `parallax ingest`, a feed's pages, and
//! `POST /api/ingest` on a running server — go through one write path: the same pages,
//! including one the extractor cannot read, give the same outcomes and the same stories.

mod common;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{Uri, header};
use axum::response::{IntoResponse, Response};
use common::{http, parallax, serve, stderr};
use serde_json::{Value, json};

/// An invented page: a headline and two paragraphs.
fn page(title: &str, first: &str, second: &str) -> String {
    format!(
        "<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a></nav>\
         <article><h1>{title}</h1><p>{first}</p><p>{second}</p></article></body></html>"
    )
}

/// Named pages: `(name, bytes)`.
type Pages = Vec<(&'static str, Vec<u8>)>;

/// Two reports of one event, one of another, and a page of binary noise.
fn pages() -> Pages {
    vec![
        (
            "wall",
            page(
                "Harbour wall to be rebuilt before winter storms",
                "Councillors in Portvale voted seven to one on Tuesday to rebuild the harbour \
                 wall before the winter storms, after a survey found cracks along 300 metres \
                 of the old stone.",
                "The work will close the fish market for six weeks, harbour master Ines Duarte \
                 said, and traders asked the council for help with rent while the quay is shut.",
            )
            .into_bytes(),
        ),
        (
            "quay",
            page(
                "Portvale council backs harbour wall rebuild",
                "Portvale's council approved the rebuilding of the cracked harbour wall on \
                 Tuesday by seven votes to one, ahead of the winter storms.",
                "Harbour master Ines Duarte said the fish market would shut for six weeks \
                 while the quay is rebuilt; traders want help with their rent.",
            )
            .into_bytes(),
        ),
        (
            "orchard",
            page(
                "Greenmoor orchard festival draws record crowds",
                "Thousands of visitors came to the apple orchard festival in Greenmoor on \
                 Saturday, organisers said, and the cider tent ran out of stock by noon.",
                "Festival director Lena Vos said the village car parks were full by ten and \
                 promised a park-and-ride bus for next year's festival.",
            )
            .into_bytes(),
        ),
        ("noise", [0u8, 159, 146, 150, 0, 0, 7, 8, 0, 255, 254, 0].repeat(40)),
    ]
}

/// What an ingest summary says: `(added, failed)`.
fn counts(summary: &Value) -> (u64, usize) {
    let failed = summary["failed"].as_array().map_or(0, Vec::len);
    (summary["added"].as_u64().unwrap_or(0), failed)
}

/// The stored stories as sets of headlines, from `parallax stories --json`.
fn stories(data: &std::path::Path) -> Vec<Vec<String>> {
    let output = parallax(data, &["stories", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("stories --json");
    let mut stories: Vec<Vec<String>> = json["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .map(|story| {
            let mut titles: Vec<String> = story["articles"]
                .as_array()
                .expect("articles")
                .iter()
                .filter_map(|a| a["title"].as_str().map(str::to_string))
                .collect();
            titles.sort();
            titles
        })
        .collect();
    stories.sort();
    stories
}

async fn site(State(pages): State<Arc<Pages>>, uri: Uri) -> Response {
    let path = uri.path().trim_start_matches('/');
    if path == "robots.txt" {
        return "User-agent: *\nAllow: /\n".into_response();
    }
    if path == "feed.xml" {
        let items: String = pages
            .iter()
            .map(|(name, _)| format!("<item><title>{name}</title><link>/{name}</link></item>"))
            .collect();
        let rss = format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Site</title>{items}</channel></rss>"
        );
        return ([(header::CONTENT_TYPE, "application/rss+xml")], rss).into_response();
    }
    match pages.iter().find(|(name, _)| *name == path) {
        Some((_, bytes)) => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], bytes.clone()).into_response()
        }
        None => axum::http::StatusCode::NOT_FOUND.into_response(),
    }
}

#[test]
fn files_a_feed_and_the_api_give_the_same_outcomes_and_stories() {
    let pages = pages();

    // Files.
    let folder = tempfile::tempdir().expect("temp dir");
    for (name, bytes) in &pages {
        std::fs::write(folder.path().join(format!("{name}.html")), bytes).expect("write a page");
    }
    let by_files = tempfile::tempdir().expect("temp dir");
    let output =
        parallax(by_files.path(), &["ingest", folder.path().to_str().expect("utf-8"), "--json"]);
    let files: Value = serde_json::from_slice(&output.stdout).expect("a summary");

    // A feed listing the same pages, on loopback.
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let app = Router::new().fallback(site).with_state(Arc::new(pages.clone()));
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("bind a loopback port");
    let site_addr = listener.local_addr().expect("an address");
    runtime.spawn(async move { axum::serve(listener, app).await });
    let by_feed = tempfile::tempdir().expect("temp dir");
    let feed_url = format!("http://{site_addr}/feed.xml");
    let output = parallax(
        by_feed.path(),
        &["ingest", "--feed", &feed_url, "--allow-private", "--delay", "10ms", "--json"],
    );
    let feed: Value = serde_json::from_slice(&output.stdout).expect("a summary");

    // The API of a running server.
    let by_api = tempfile::tempdir().expect("temp dir");
    let (mut server, addr) = serve(by_api.path());
    let items: Vec<Value> = pages
        .iter()
        .map(|(name, bytes)| {
            json!({"html": String::from_utf8_lossy(bytes), "url": format!("https://site.example/{name}")})
        })
        .collect();
    let body = json!({"articles": items}).to_string();
    let request = format!(
        "POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer paths-token\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let (status, answer) = http(addr, &request).expect("an answer");
    assert_eq!(status, 200, "{answer}");
    let api: Value = serde_json::from_str(&answer).expect("a report");
    let api_failures: Vec<&str> = api["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|item| item["error"].as_str())
        .collect();
    server.kill().expect("stop the server");
    server.wait().expect("reap the server");

    assert_eq!(counts(&files), (3, 1), "files: {files}");
    assert_eq!(counts(&feed), (3, 1), "feed: {feed}");
    assert_eq!((api["added"].as_u64(), api["failed"].as_u64()), (Some(3), Some(1)), "api: {api}");
    let reasons = [
        files["failed"][0].as_str().expect("a reason"),
        feed["failed"][0].as_str().expect("a reason"),
        api_failures.first().copied().expect("a reason"),
    ];
    for reason in reasons {
        assert!(reason.contains("binary"), "the noise page is refused as binary: {reasons:?}");
    }
    let expected = stories(by_files.path());
    assert_eq!(expected.len(), 2, "{expected:?}");
    assert_eq!(stories(by_feed.path()), expected);
    assert_eq!(stories(by_api.path()), expected);
}
