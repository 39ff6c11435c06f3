//! `parallax watch --once` and `parallax ingest --feed` against real HTTP servers on loopback
//! addresses: feeds read, pages fetched at each host's pace and stored once, and bad feeds and
//! pages reported by URL while the rest goes in.

mod common;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Redirect, Response};
use common::{articles, parallax, stderr};

/// One invented news site: its request log and how many stories each feed lists.
struct Site {
    log: Mutex<Vec<(String, Instant)>>,
    items: usize,
}

impl Site {
    fn paths(&self) -> Vec<String> {
        self.log.lock().expect("log").iter().map(|(path, _)| path.clone()).collect()
    }
}

fn feed(feed: &str, items: usize) -> String {
    let mut rss =
        format!("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed {feed}</title>");
    for item in 0..items {
        rss.push_str(&format!(
            "<item><title>Item {item} of feed {feed}</title><link>/story/{feed}/{item}</link>\
             <pubDate>Tue, 07 Dec 2021 1{}:00:00 GMT</pubDate><author>desk@site.example (Ola Brandt)</author></item>",
            item % 10
        ));
    }
    rss + "</channel></rss>"
}

/// A page with no date and no byline of its own, so the feed's fill in.
fn story(feed: &str, item: &str) -> String {
    format!(
        "<html><head><title>Harbour vote {feed}-{item}</title></head><body><nav><a href='/'>Home</a></nav>\
         <article><h1>Harbour vote {feed}-{item}</h1><p>Councillors in district {feed} voted {item} to \
         one on Tuesday to rebuild the harbour wall before the winter storms, after a survey found \
         cracks along {item}0 metres of the old stone.</p><p>The work will close the fish market for \
         {item} weeks, the harbour master said, and traders in district {feed} asked for help with \
         rent while the quay is shut.</p></article></body></html>"
    )
}

async fn handle(State(site): State<Arc<Site>>, uri: Uri, headers: HeaderMap) -> Response {
    let path = uri.path().to_string();
    site.log.lock().expect("log").push((path.clone(), Instant::now()));
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    match parts.as_slice() {
        ["robots.txt"] => "User-agent: *\nDisallow: /private/\n".into_response(),
        ["feed", name] => {
            let etag = format!("\"{name}-1\"");
            if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v.as_bytes() == etag.as_bytes()) {
                return StatusCode::NOT_MODIFIED.into_response();
            }
            let body = feed(name, site.items);
            ([(header::CONTENT_TYPE, "application/rss+xml"), (header::ETAG, etag.as_str())], body)
                .into_response()
        }
        ["story", feed, item] => {
            ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], story(feed, item)).into_response()
        }
        ["bad", "feed.xml"] => bad_feed().into_response(),
        ["bad", "broken.xml"] => "<rss><channel><item><title>cut off".into_response(),
        ["bad", "laughs.xml"] => concat!(
            "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"lol\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">",
            "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><rss version=\"2.0\"><channel><title>&c;</title>",
            "</channel></rss>"
        )
        .into_response(),
        ["bad", "endless.xml"] => {
            let items = futures_util::stream::repeat_with(|| {
                Ok::<_, std::io::Error>(b"<item><title>x</title><link>/story/x/1</link></item>".to_vec())
            });
            let head = futures_util::stream::iter([Ok(b"<rss version=\"2.0\"><channel>".to_vec())]);
            Body::from_stream(futures_util::StreamExt::chain(head, items)).into_response()
        }
        ["bad", "loop"] => Redirect::to("/bad/loop2").into_response(),
        ["bad", "loop2"] => Redirect::to("/bad/loop").into_response(),
        ["bad", "huge"] => vec![b'a'; 400_000].into_response(),
        ["bad", "pdf"] => ([(header::CONTENT_TYPE, "text/html")], b"%PDF-1.7\n%\xe2\xe3".to_vec()).into_response(),
        ["bad", "stall"] => {
            let first = futures_util::stream::iter([Ok::<_, std::io::Error>(b"<html><p>".to_vec())]);
            Body::from_stream(futures_util::StreamExt::chain(first, futures_util::stream::pending()))
                .into_response()
        }
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

/// A feed whose items point at pages that fail in every way, and one good page.
fn bad_feed() -> String {
    let links = [
        "/bad/missing",
        "/bad/loop",
        "/bad/huge",
        "/private/secret",
        "/bad/pdf",
        "/bad/stall",
        "/story/ok/1",
    ];
    let mut rss = String::from("<rss version=\"2.0\"><channel><title>Trouble</title>");
    for link in links {
        rss.push_str(&format!("<item><title>{link}</title><link>{link}</link></item>"));
    }
    rss + "<item><title>No link</title></item></channel></rss>"
}

/// Starts one site on each address; returns their addresses and state. The runtime is returned
/// so the servers live as long as the test holds it.
fn serve(ips: &[&str], items: usize) -> (tokio::runtime::Runtime, Vec<(SocketAddr, Arc<Site>)>) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sites = ips
        .iter()
        .map(|ip| {
            let site = Arc::new(Site { log: Mutex::new(Vec::new()), items });
            let app = Router::new().fallback(handle).with_state(Arc::clone(&site));
            let listener = runtime
                .block_on(tokio::net::TcpListener::bind((*ip, 0)))
                .expect("bind a loopback address");
            let address = listener.local_addr().expect("address");
            runtime.spawn(async move { axum::serve(listener, app).await });
            (address, site)
        })
        .collect();
    (runtime, sites)
}

#[test]
fn feeds_are_polled_pages_stored_once_and_each_host_paced() {
    let (_runtime, sites) = serve(&["127.0.0.4", "127.0.0.5", "127.0.0.6"], 5);
    let data = tempfile::tempdir().expect("tempdir");
    let list = data.path().join("feeds.toml");
    let mut toml = String::new();
    for (index, (address, _)) in sites.iter().enumerate() {
        for feed in ["a", "b"] {
            toml.push_str(&format!(
                "[[feed]]\nurl = \"http://{address}/feed/{index}{feed}\"\noutlet = \"Site {index}\"\n\n"
            ));
        }
    }
    std::fs::write(&list, toml).expect("write the feed list");
    let watch =
        ["watch", list.to_str().expect("utf-8"), "--once", "--allow-private", "--delay", "150ms"];
    let output = parallax(data.path(), &watch);
    assert!(output.status.success(), "{}", stderr(&output));

    let stored = articles(data.path());
    assert_eq!(stored.len(), 30, "3 sites x 2 feeds x 5 items: {}", stderr(&output));
    for article in &stored {
        let source = article["source"].as_str().unwrap_or_default();
        assert!(source.starts_with("Site "), "outlet from the feed list: {article}");
        assert!(
            article["published"].as_str().is_some_and(|p| p.starts_with("2021-12-07")),
            "{article}"
        );
        assert_eq!(article["byline"], "Ola Brandt", "byline from the feed: {article}");
    }
    for (address, site) in &sites {
        let log = site.log.lock().expect("log").clone();
        assert_eq!(log.iter().filter(|(path, _)| path == "/robots.txt").count(), 1, "{address}");
        for pair in log.windows(2) {
            let gap = pair[1].1 - pair[0].1;
            assert!(
                gap >= Duration::from_millis(150),
                "{address}: {} then {} after {gap:?}",
                pair[0].0,
                pair[1].0
            );
        }
    }

    // The second poll asks each feed "changed since?" and fetches no page again.
    let before: Vec<usize> = sites.iter().map(|(_, site)| site.paths().len()).collect();
    let again = parallax(data.path(), &watch);
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains("6 feed(s) polled (6 not modified)"), "{}", stderr(&again));
    for ((_, site), before) in sites.iter().zip(before) {
        let new: Vec<String> = site.paths().split_off(before);
        // A new process reads robots.txt again; no story page is asked for.
        assert!(new.iter().all(|path| !path.starts_with("/story/")), "fetched again: {new:?}");
    }
    assert_eq!(articles(data.path()).len(), 30);
}

#[test]
fn bad_feeds_and_pages_are_named_and_the_rest_is_stored() {
    let (_runtime, sites) = serve(&["127.0.0.7"], 3);
    let address = sites[0].0;
    let data = tempfile::tempdir().expect("tempdir");
    let feeds = [
        "/bad/feed.xml",
        "/bad/broken.xml",
        "/bad/laughs.xml",
        "/bad/endless.xml",
        "/nothing.xml",
        "/feed/g",
    ];
    let mut args = vec!["ingest".to_string()];
    for feed in feeds {
        args.extend(["--feed".to_string(), format!("http://{address}{feed}")]);
    }
    let flags = ["--allow-private", "--delay", "10ms", "--timeout", "2s", "--max-bytes", "300000"];
    args.extend(flags.map(str::to_string));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let started = Instant::now();
    let output = parallax(data.path(), &args);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "some items failed: {text}");
    assert!(started.elapsed() < Duration::from_secs(60), "a bad peer held the run: {text}");
    for (url, says) in [
        ("/bad/missing", "HTTP status 404"),
        ("/bad/loop", "redirect loop"),
        ("/bad/huge", "over the limit of 300000 bytes"),
        ("/private/secret", "robots.txt"),
        ("/bad/pdf", "PDF"),
        ("/bad/stall", "timed out"),
        ("/bad/broken.xml", "not a readable"),
        ("/bad/endless.xml", "over the limit"),
        ("/nothing.xml", "HTTP status 404"),
    ] {
        let line = text.lines().find(|line| line.contains(url) && line.starts_with("error:"));
        assert!(line.is_some_and(|line| line.contains(says)), "{url} should say {says:?}:\n{text}");
    }
    assert!(text.contains("no http(s) link"), "{text}");
    let stored = articles(data.path());
    let titles: Vec<&str> = stored.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        stored.len(),
        4,
        "3 good items and the good page of the bad feed: {titles:?}\n{text}"
    );
    assert!(!format!("{stored:?}").contains("lollol"), "an entity was expanded");
    // The feed path indexes what it stores (it once warned "not indexed" on every run).
    assert!(!text.contains("not indexed") && !text.contains("not updated"), "{text}");
    let search = parallax(data.path(), &["search", "--json", titles[0]]);
    let found: serde_json::Value = serde_json::from_slice(&search.stdout).expect("search --json");
    assert!(found.to_string().contains(stored[0]["id"].as_str().expect("id")), "{found}");

    // Without --allow-private, loopback is refused before anything is sent.
    let sent = sites[0].1.paths().len();
    let refused = parallax(data.path(), &["ingest", "--feed", &format!("http://{address}/feed/g")]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("not a public address"), "{}", stderr(&refused));
    assert_eq!(sites[0].1.paths().len(), sent, "a request reached the server");
}

#[test]
fn watch_follows_feeds_until_interrupted_and_keeps_what_it_stored() {
    let (_runtime, sites) = serve(&["127.0.0.8"], 4);
    let address = sites[0].0;
    let data = tempfile::tempdir().expect("tempdir");
    let list = data.path().join("feeds.toml");
    let toml = format!(
        "[[feed]]\nurl = \"http://{address}/feed/w\"\noutlet = \"Watch Post\"\ninterval = \"1m\"\n"
    );
    std::fs::write(&list, toml).expect("write the feed list");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("--data-dir")
        .arg(data.path())
        .args(["watch", list.to_str().expect("utf-8"), "--allow-private", "--delay", "10ms"])
        .env_remove("PARALLAX_DATA")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start parallax watch");
    let started = Instant::now();
    while site_pages(&sites[0].1) < 4 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "watch fetched {:?}",
            sites[0].1.paths()
        );
        assert!(child.try_wait().expect("poll the child").is_none(), "watch stopped by itself");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Give the last page time to be stored, then interrupt as Ctrl-C would.
    std::thread::sleep(Duration::from_millis(500));
    let interrupted = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("send SIGINT");
    assert!(interrupted.success());
    let output = child.wait_with_output().expect("wait for watch");
    let text = stderr(&output);
    assert!(output.status.success(), "{text}");
    assert!(text.contains("stopped"), "{text}");
    let stored = articles(data.path());
    assert_eq!(stored.len(), 4, "{text}");
    assert!(stored.iter().all(|article| article["source"] == "Watch Post"));
}

fn site_pages(site: &Site) -> usize {
    site.paths().iter().filter(|path| path.starts_with("/story/")).count()
}
