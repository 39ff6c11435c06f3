//! The web UI in headless Chromium (Debian's `chromium` and `chromium-driver`), driven over
//! WebDriver: the story list of the example corpus, a story, an outlet's article, a search, and
//! a hostile article. Screenshots go to `target/tmp/browser/`.
//!
//! Without `/usr/bin/chromedriver` the tests skip, unless `PARALLAX_REQUIRE_BROWSER=1` (set by
//! `.ci/run`, which installs the packages) makes a missing browser a failure.

mod common;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{TOKEN, client, hostile_article, start};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";

/// A chromedriver process, stopped when dropped.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts chromedriver, or says why the test skips.
fn driver() -> Option<Driver> {
    if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
        assert!(
            std::env::var_os("PARALLAX_REQUIRE_BROWSER").is_none(),
            "PARALLAX_REQUIRE_BROWSER is set but {CHROMEDRIVER} or {CHROMIUM} is missing"
        );
        eprintln!("skipped: install Debian's chromium and chromium-driver to run browser tests");
        return None;
    }
    let port =
        TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a port").port();
    let child = Command::new(CHROMEDRIVER)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    Some(Driver { child, port })
}

/// A headless browser session through `driver`.
async fn browser(driver: &Driver) -> Client {
    let profile = tempfile::tempdir().expect("a profile folder").keep();
    let capabilities = json!({
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1600",
                format!("--user-data-dir={}", profile.display()),
            ]
        }
    });
    let capabilities = capabilities.as_object().expect("an object").clone();
    let url = format!("http://127.0.0.1:{}", driver.port);
    for _ in 0..100 {
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        match ClientBuilder::new(connector).capabilities(capabilities.clone()).connect(&url).await {
            Ok(client) => return client,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("chromedriver did not accept a session");
}

/// Saves what the browser shows as `target/tmp/browser/NAME.png`.
async fn screenshot(client: &Client, name: &str) {
    let folder = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&folder).expect("the screenshot folder");
    let png = client.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "a PNG");
    std::fs::write(folder.join(format!("{name}.png")), png).expect("the screenshot is saved");
}

async fn text_of(client: &Client, css: &str) -> String {
    // A page that is being replaced (a form just posted) can drop the element between finding
    // it and reading it: find it again.
    for _ in 0..20 {
        let element = client.wait().for_element(Locator::Css(css)).await.expect(css);
        match element.text().await {
            Ok(text) => return text,
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
    panic!("{css}: the element kept going stale");
}

/// The text of `css` once it holds `needle` (after a form post the old page may still be
/// read first); the last text read when it never does, for the assertion to show.
async fn text_with(client: &Client, css: &str, needle: &str) -> String {
    let mut text = String::new();
    for _ in 0..50 {
        text = text_of(client, css).await;
        if text.contains(needle) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_goes_from_the_story_list_to_an_article_and_searches() {
    let Some(driver) = driver() else { return };
    let server = start(None).await;
    let client = browser(&driver).await;

    // The story list: every story with its coverage, and activity drawn as SVG.
    client.goto(&server.url("/")).await.expect("the story list");
    assert_eq!(text_of(&client, "h1").await, "Stories");
    let rows = client.find_all(Locator::Css("table.stories tbody tr")).await.expect("rows");
    assert!(rows.len() >= 3, "three stories at least, got {}", rows.len());
    client.find(Locator::Css("section.activity-all svg rect")).await.expect("an activity chart");
    screenshot(&client, "1-story-list").await;

    // The story covered by most outlets.
    let mut best = (0, String::new(), String::new());
    for row in &rows {
        let outlets = row.find_all(Locator::Css("span.badge")).await.expect("badges").len();
        let link = row.find(Locator::Css("a")).await.expect("a story link");
        let headline = link.text().await.expect("a headline");
        let href = link.attr("href").await.expect("an href").expect("a link");
        if outlets > best.0 {
            best = (outlets, headline, href);
        }
    }
    client.goto(&server.url(&best.2)).await.expect("the story page");
    assert_eq!(text_of(&client, "h1").await, best.1);
    let columns = client.find_all(Locator::Css(".cols .col")).await.expect("outlet columns");
    assert_eq!(columns.len(), best.0, "one column per outlet");
    client.find(Locator::Css("svg.timeline circle")).await.expect("a timeline");
    client.find(Locator::Css("ul.summary li a.badge")).await.expect("outlet badges on the summary");
    screenshot(&client, "2-story").await;

    // Follow an outlet to its article.
    let column = &columns[0];
    let outlet = column.find(Locator::Css("h3")).await.expect("a name").text().await.expect("text");
    let link = column.find(Locator::Css("a")).await.expect("an article link");
    let title = link.text().await.expect("a title");
    link.click().await.expect("clicked");
    assert_eq!(text_of(&client, "h1.headline").await, title);
    let meta = text_of(&client, "p.meta").await;
    assert!(meta.starts_with(&outlet), "{meta:?} names {outlet:?}");
    client.find(Locator::Css(".text span.entity")).await.expect("entities marked");
    screenshot(&client, "3-article").await;

    // Search from the header.
    let field = client.find(Locator::Css("form.search input[name=q]")).await.expect("a field");
    field.send_keys("dam").await.expect("typed");
    client
        .find(Locator::Css("form.search button"))
        .await
        .expect("a button")
        .click()
        .await
        .expect("sent");
    let hits = client.wait().for_element(Locator::Css("ol.hits li")).await.expect("hits");
    hits.find(Locator::Css("mark")).await.expect("the match marked");
    assert!(client.current_url().await.expect("a url").as_str().contains("/search?q=dam"));
    screenshot(&client, "4-search").await;
    client.close().await.expect("closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_article_renders_as_text_and_runs_nothing() {
    let Some(driver) = driver() else { return };
    let server = start(Some(TOKEN)).await;
    let response = client()
        .post(server.url("/api/ingest"))
        .bearer_auth(TOKEN)
        .json(&json!({"articles": [hostile_article()]}))
        .send()
        .await
        .expect("ingested");
    let report: serde_json::Value = response.json().await.expect("a report");
    let id = report["items"][0]["id"].as_str().expect("an id").to_string();
    let client = browser(&driver).await;
    client.goto(&server.url(&format!("/articles/{id}"))).await.expect("the article");
    let heading = text_of(&client, "h1.headline").await;
    assert_eq!(heading, "Harbour <script>alert('title')</script> vote");
    let body = text_of(&client, ".text").await;
    assert!(body.contains("<script>alert(1)</script>"), "{body}");
    assert!(body.contains("<img src=x onerror=alert(2)>"), "{body}");
    assert!(body.contains("<a href=\"javascript:alert(3)\">link</a>"), "{body}");
    // Nothing ran: no dialog is open, and the page has no element the text tried to make.
    assert!(client.get_alert_text().await.is_err(), "an alert opened");
    for tag in ["script", "img", "iframe", "b"] {
        let found = client.find_all(Locator::Css(&format!("main {tag}"))).await.expect("a query");
        assert!(found.is_empty(), "a <{tag}> element was made from article text");
    }
    // The javascript: address is shown, not linked.
    let links = client.find_all(Locator::Css("main a")).await.expect("links");
    for link in links {
        let href = link.attr("href").await.expect("an attribute").unwrap_or_default();
        assert!(!href.to_lowercase().starts_with("javascript:"), "{href}");
    }
    screenshot(&client, "5-hostile-article").await;
    client.close().await.expect("closed");
}

/// An invented report of the demo's flood story by an outlet the corpus does not have.
fn new_outlet_report() -> serde_json::Value {
    json!({
        "title": "Varrow Dam spillway gates closed as Elsen River falls at Dunmere",
        "text": "The Lannet Water Authority closed the last emergency spillway gate at the Varrow Dam \
                 on Sunday as the Elsen River fell below flood level at Dunmere, ending the \
                 emergency in Lannet province.\n\n\
                 The provincial emergency office said 1,300 residents had been moved from homes \
                 along the riverbank to the shelter at the Dunmere sports centre at the height of \
                 the flood, more than it had said before.\n\n\
                 \"The dam held, and the town held with it,\" said Pia Norberg, the authority's \
                 chief engineer, at a briefing in the Dunmere town hall.\n\n\
                 Governor Ruth Aasen said the independent inquiry into the spillway gates would \
                 publish its findings next month.",
        "source": "Riverside Record",
        "published": "2025-03-16"
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_follows_a_story_and_sees_a_new_outlet_in_what_changed_and_the_feed() {
    let Some(driver) = driver() else { return };
    let server = start(Some(TOKEN)).await;
    let http = client();
    // The flood story, found through the API.
    let list: serde_json::Value = http
        .get(server.url("/api/stories"))
        .send()
        .await
        .expect("stories")
        .json()
        .await
        .expect("json");
    let story = list["stories"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|s| {
            s["headline"].as_str().is_some_and(|h| h.contains("Elsen") || h.contains("Dunmere"))
        })
        .expect("the flood story")["id"]
        .as_str()
        .expect("an id")
        .to_string();

    // Follow it from its page.
    let client = browser(&driver).await;
    client.goto(&server.url(&format!("/stories/{story}"))).await.expect("the story page");
    let button = client.find(Locator::Css("form.follow button")).await.expect("a follow button");
    assert_eq!(button.text().await.expect("text"), "Follow");
    button.click().await.expect("followed");
    let form = text_of(&client, "form.follow").await;
    assert!(form.contains("You follow this story"), "{form}");
    assert!(text_with(&client, "section.changes", "Nothing new.").await.contains("Nothing new."));
    screenshot(&client, "6-followed").await;

    // A new outlet reports on the story.
    let report: serde_json::Value = http
        .post(server.url("/api/ingest"))
        .bearer_auth(TOKEN)
        .json(&json!({"articles": [new_outlet_report()]}))
        .send()
        .await
        .expect("ingested")
        .json()
        .await
        .expect("a report");
    let article = report["items"][0]["id"].as_str().expect("stored").to_string();
    // The server swaps in a new snapshot in the background: wait for the story to show it.
    let changes_url = server.url(&format!("/api/stories/{story}/changes"));
    let mut changes = serde_json::Value::Null;
    for _ in 0..100 {
        changes = http.get(&changes_url).send().await.expect("changes").json().await.expect("json");
        if changes["changes"]["articles"].as_array().is_some_and(|a| !a.is_empty()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(changes["followed"], true, "{changes}");
    assert_eq!(changes["changes"]["new_outlets"], json!(["Riverside Record"]), "{changes}");
    assert_eq!(changes["changes"]["articles"][0]["id"], article.as_str(), "{changes}");

    // The page's "what changed" section shows it.
    client.refresh().await.expect("reloaded");
    let section = text_of(&client, "section.changes").await;
    assert!(section.contains("Riverside Record") && section.contains("new outlet"), "{section}");
    assert!(section.contains("1,300"), "the new figure: {section}");
    let link =
        client.find(Locator::Css("section.changes ul.new-articles a")).await.expect("a link");
    assert_eq!(
        link.attr("href").await.expect("href").as_deref(),
        Some(&*format!("/articles/{article}"))
    );
    screenshot(&client, "7-what-changed").await;
    // Read: marked as seen, the section has nothing new until the next article.
    client
        .find(Locator::Css("form.seen button"))
        .await
        .expect("a mark-as-seen button")
        .click()
        .await
        .expect("marked");
    assert!(text_of(&client, "section.changes").await.contains("Nothing new."));
    let (status, after) = (
        http.get(&changes_url).send().await.expect("changes").status(),
        http.get(&changes_url)
            .send()
            .await
            .expect("changes")
            .json::<serde_json::Value>()
            .await
            .expect("json"),
    );
    assert_eq!(status, 200);
    assert_eq!(after["changes"]["articles"], json!([]), "{after}");

    // So does its Atom feed, which a feed parser reads.
    let feed_url = client
        .find(Locator::Css("section.changes a[href$='feed.xml']"))
        .await
        .expect("the feed link")
        .attr("href")
        .await
        .expect("href")
        .expect("a feed address");
    let response = http.get(server.url(&feed_url)).send().await.expect("the feed");
    assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let xml = response.bytes().await.expect("a body");
    let feed = feed_rs::parser::parse(&xml[..]).expect("a valid Atom feed");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    let first = &feed.entries[0];
    let title = first.title.as_ref().expect("a title").content.clone();
    assert_eq!(
        title,
        format!(
            "New outlet, Riverside Record: {}",
            new_outlet_report()["title"].as_str().unwrap_or_default()
        )
    );
    assert!(first.links[0].href.ends_with(&format!("/articles/{article}")), "{:?}", first.links);
    client.close().await.expect("closed");
}
