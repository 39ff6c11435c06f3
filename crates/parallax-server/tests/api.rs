//! The JSON API over HTTP, against a real server on loopback holding the example corpus.

mod common;

use std::time::Duration;

use common::{TOKEN, client, hostile_article, start};
use reqwest::StatusCode;
use serde_json::{Value, json};

async fn get(url: &str) -> (StatusCode, Value) {
    let response = client().get(url).send().await.expect("a response");
    let status = response.status();
    (status, response.json().await.expect("a JSON body"))
}

async fn post(url: &str, token: Option<&str>, body: String) -> (StatusCode, String) {
    let mut request = client().post(url).header("content-type", "application/json").body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("a response");
    (response.status(), response.text().await.expect("a body"))
}

/// Waits until the server has regrouped its stories after an ingest.
async fn settled(server: &common::Server, articles: u64) -> Value {
    for _ in 0..200 {
        let (_, health) = get(&server.url("/healthz")).await;
        if health["articles"] == articles && health["rebuilding"] == false {
            return health;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not regroup its stories in time");
}

#[tokio::test]
async fn stories_list_with_coverage_and_each_has_a_dossier() {
    let server = start(None).await;
    let (status, health) = get(&server.url("/healthz")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(health["articles"], 10);
    assert_eq!(health["indexed"], 10);

    let (status, list) = get(&server.url("/api/stories")).await;
    assert_eq!(status, StatusCode::OK);
    let stories = list["stories"].as_array().expect("stories");
    assert_eq!(list["total"].as_u64(), Some(stories.len() as u64));
    assert!(stories.len() >= 3, "the corpus has three stories: {list}");
    let mut seen = 0;
    for story in stories {
        let covered: u64 = story["coverage"]
            .as_array()
            .expect("coverage")
            .iter()
            .map(|c| c["articles"].as_u64().unwrap_or(0))
            .sum();
        let articles = story["articles"].as_array().expect("articles").len() as u64;
        assert_eq!(covered, articles, "coverage counts every article once: {story}");
        seen += articles;
        let id = story["id"].as_str().expect("an id");
        let (status, dossier) = get(&server.url(&format!("/api/stories/{id}"))).await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(dossier["story"], id);
        assert_eq!(dossier["headline"], story["headline"]);
        let sources = dossier["sources"].as_array().expect("sources");
        assert_eq!(sources.len(), story["coverage"].as_array().map_or(0, Vec::len));
    }
    assert_eq!(seen, 10, "every article is in one story");

    let (status, error) = get(&server.url("/api/stories/s-no-such-story")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(error["error"].as_str().is_some_and(|e| e.contains("story")), "{error}");
}

#[tokio::test]
async fn articles_filter_by_outlet_and_carry_marked_spans() {
    let server = start(None).await;
    let (_, outlets) = get(&server.url("/api/outlets")).await;
    let outlets = outlets.as_array().expect("outlets");
    let total: u64 = outlets.iter().map(|o| o["articles"].as_u64().unwrap_or(0)).sum();
    assert_eq!(total, 10);
    let busiest = &outlets[0];
    let name = busiest["name"].as_str().expect("a name");
    let (_, page) =
        get(&server.url(&format!("/api/articles?outlet={}", name.replace(' ', "%20")))).await;
    assert_eq!(page["total"], busiest["articles"]);
    for article in page["articles"].as_array().expect("articles") {
        assert_eq!(article["outlet"], name);
    }
    let (_, page) = get(&server.url("/api/articles?limit=3&offset=2")).await;
    assert_eq!(page["total"], 10);
    assert_eq!(page["articles"].as_array().map(Vec::len), Some(3));

    // Every article: its quote spans hold the quoted words, its mentions are inside the text,
    // and some quotes go to a named person the article names.
    let (_, all) = get(&server.url("/api/articles?limit=200")).await;
    let mut quotes = 0;
    let mut named = 0;
    for article in all["articles"].as_array().expect("articles") {
        let id = article["id"].as_str().expect("an id");
        let (status, detail) = get(&server.url(&format!("/api/articles/{id}"))).await;
        assert_eq!(status, StatusCode::OK);
        let text = detail["text"].as_str().expect("text");
        for quote in detail["annotations"]["quotes"].as_array().expect("quotes") {
            let [start, end] = [quote["span"][0].as_u64(), quote["span"][1].as_u64()]
                .map(|v| v.expect("a span") as usize);
            assert_eq!(&text[start..end], quote["text"].as_str().expect("words"));
            quotes += 1;
            let speaker = quote["speaker"].as_str().expect("a speaker");
            let entities = detail["annotations"]["entities"].as_array().expect("entities");
            if entities.iter().any(|e| e["name"] == speaker && e["kind"] == "person") {
                named += 1;
            }
        }
        for entity in detail["annotations"]["entities"].as_array().expect("entities") {
            for mention in entity["mentions"].as_array().expect("mentions") {
                assert!(mention[1].as_u64().expect("an end") as usize <= text.len());
            }
        }
    }
    assert!(quotes > 5, "the corpus quotes people: {quotes}");
    assert!(named >= 5, "quotes go to people the article names: {named} of {quotes}");
    let (status, _) = get(&server.url("/api/articles/0000")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn search_ranks_filters_and_refuses_bad_input_clearly() {
    let server = start(None).await;
    let (status, found) = get(&server.url("/api/search?q=dam")).await;
    assert_eq!(status, StatusCode::OK);
    let hits = found["hits"].as_array().expect("hits");
    assert!(!hits.is_empty(), "{found}");
    let scores: Vec<f64> = hits.iter().map(|h| h["score"].as_f64().expect("a score")).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "best first: {scores:?}");
    for hit in hits {
        let snippet = hit["snippet"].as_str().expect("a snippet");
        let highlights = hit["highlights"].as_array().expect("highlights");
        assert!(!highlights.is_empty(), "the match is marked: {hit}");
        for range in highlights {
            let (s, e) =
                (range[0].as_u64().expect("s") as usize, range[1].as_u64().expect("e") as usize);
            assert!(snippet[s..e].to_lowercase().starts_with("dam"), "{snippet} {s}..{e}");
        }
    }
    // Filtering by one hit's story keeps only that story's articles.
    let story = hits[0]["story"].as_str().expect("a story");
    let (_, within) = get(&server.url(&format!("/api/search?q=the&story={story}"))).await;
    let (_, everywhere) = get(&server.url("/api/search?q=the")).await;
    let inside = within["total"].as_u64().expect("a total");
    assert!(inside >= 1 && inside < everywhere["total"].as_u64().expect("a total"), "{within}");
    for hit in within["hits"].as_array().expect("hits") {
        assert_eq!(hit["story"], story);
    }
    // Dates: a range around a hit's day keeps it; a range that holds nothing finds nothing.
    let day = hits[0]["published"].as_str().expect("a dated hit");
    let (_, around) = get(&server.url(&format!("/api/search?q=dam&from={day}&to={day}"))).await;
    let days: Vec<&str> = around["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["published"].as_str())
        .collect();
    assert!(days.contains(&day) && days.iter().all(|d| *d == day), "{around}");
    let (_, none) = get(&server.url("/api/search?q=dam&from=1990-01-01&to=1990-12-31")).await;
    assert_eq!(none["total"], 0);
    // An outlet keeps only its own articles.
    let outlet = hits[0]["outlet"].as_str().expect("an outlet");
    let (_, own) =
        get(&server.url(&format!("/api/search?q=the&outlet={}", outlet.replace(' ', "%20")))).await;
    assert!(own["total"].as_u64() >= Some(1), "{own}");
    assert!(own["hits"].as_array().expect("hits").iter().all(|h| h["outlet"] == outlet), "{own}");
    // Paging: past the end is an empty page with the same total; too deep is refused.
    let (_, past) = get(&server.url("/api/search?q=dam&offset=500")).await;
    assert_eq!(
        (past["total"].clone(), past["hits"].as_array().map(Vec::len)),
        (found["total"].clone(), Some(0))
    );
    let (status, _) = get(&server.url("/api/search?q=dam&offset=10000000000")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let nested = format!("{}dam{}", "(".repeat(40), ")".repeat(40));
    let (status, error) = get(&server.url(&format!("/api/search?q={nested}"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{error}");

    let (status, error) = get(&server.url("/api/search?q=dam&from=yesterday")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"].as_str().is_some_and(|e| e.contains("yesterday")), "{error}");
    // Malformed numbers are JSON errors too.
    for path in [
        "/api/search?q=dam&limit=-1",
        "/api/stories?offset=-1",
        "/api/articles?offset=99999999999999999999999",
    ] {
        let (status, error) = get(&server.url(path)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}");
        assert!(error["error"].is_string(), "{path}: {error}");
    }
    let (status, error) = get(&server.url("/api/search?q=nosuchfield:dam")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"].as_str().is_some_and(|e| e.contains("nosuchfield")), "{error}");
}

#[tokio::test]
async fn the_openapi_document_lists_every_endpoint() {
    let server = start(None).await;
    let (status, document) = get(&server.url("/openapi.json")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{document}");
    let paths = document["paths"].as_object().expect("paths");
    for path in [
        "/api/stories",
        "/api/stories/{id}",
        "/api/stories/{id}/changes",
        "/api/articles",
        "/api/articles/{id}",
        "/api/search",
        "/api/outlets",
        "/api/ingest",
        "/healthz",
    ] {
        assert!(paths.contains_key(path), "{path} is documented");
    }
    assert!(document["paths"]["/api/ingest"]["post"]["security"].is_array());
    // Filters are query parameters, none required.
    for path in ["/api/stories", "/api/articles", "/api/search"] {
        let parameters =
            document["paths"][path]["get"]["parameters"].as_array().expect("parameters");
        assert!(!parameters.is_empty(), "{path}");
        for parameter in parameters {
            assert_eq!(parameter["in"], "query", "{path}: {parameter}");
            assert_ne!(parameter["required"], true, "{path}: {parameter}");
        }
    }
    let item = &document["components"]["schemas"]["IngestItem"]["properties"];
    for field in ["title", "text", "html", "source", "url", "published"] {
        assert!(item.get(field).is_some(), "IngestItem documents {field}");
    }
}

#[tokio::test]
async fn ingest_needs_the_token_and_reports_each_article() {
    let closed = start(None).await;
    let body = json!({"articles": [{"title": "T", "text": "Words."}]}).to_string();
    let (status, answer) = post(&closed.url("/api/ingest"), Some(TOKEN), body.clone()).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{answer}");

    let server = start(Some(TOKEN)).await;
    let url = server.url("/api/ingest");
    let refused = client().post(&url).body(body.clone()).send().await.expect("a response");
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(refused.headers()["www-authenticate"], "Bearer");
    // The token is checked before the body is read: a stranger's upload is not buffered.
    let large = "x".repeat(8 * 1024 * 1024);
    assert_eq!(post(&url, None, large).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(post(&url, Some("wrong-token-3f9"), body.clone()).await.0, StatusCode::UNAUTHORIZED);
    // The scheme's name is case-insensitive.
    let lower = client().post(&url).header("authorization", format!("bearer {TOKEN}")).body("{}");
    assert_eq!(lower.send().await.expect("a response").status(), StatusCode::BAD_REQUEST);
    let (status, answer) = post(&url, Some(TOKEN), "{\"articles\": [".to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(answer.contains("not an ingest request"), "{answer}");

    let request = json!({"articles": [
        {"title": "Ferry strike ends", "text": "The ferry crews of Port Alder voted to end their strike on Monday.\n\nThe union said talks had gone well.", "source": "Harbour Herald", "published": "2025-03-20"},
        {"title": "Nothing here"},
        {"html": "<html><head><title>Lighthouse relit</title></head><body><article><h1>Lighthouse relit</h1><p>The old lighthouse at Cape Wren was lit again on Sunday after forty years of darkness, the harbour trust said.</p><p>Volunteers restored the lamp over two winters.</p></article></body></html>", "source": "Valley Courier", "url": "https://valley.example/lighthouse"}
    ]});
    let (status, answer) = post(&url, Some(TOKEN), request.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let report: Value = serde_json::from_str(&answer).expect("a report");
    assert_eq!(report["added"], 2, "{report}");
    assert_eq!(report["failed"], 1, "{report}");
    assert_eq!(report["items"][1]["outcome"], "failed");
    assert!(
        report["items"][1]["error"].as_str().is_some_and(|e| e.contains("article 1")),
        "{report}"
    );

    // Searchable, analysed and in a story at once: its page and API path answer before the
    // listing is re-read.
    let (_, found) = get(&server.url("/api/search?q=lighthouse")).await;
    assert_eq!(found["total"], 1, "{found}");
    let ferry = report["items"][0]["id"].as_str().expect("an id");
    let (status, article) = get(&server.url(&format!("/api/articles/{ferry}"))).await;
    assert_eq!(status, StatusCode::OK, "{article}");
    assert!(article["story"].is_string(), "{article}");
    assert_eq!(article["annotations"]["entities"].as_array().map(|e| e.is_empty()), Some(false));
    let page = client().get(server.url(&format!("/articles/{ferry}"))).send().await.expect("page");
    assert_eq!(page.status(), StatusCode::OK);
    settled(&server, 12).await;

    // The same article again is not stored twice.
    let (_, answer) = post(&url, Some(TOKEN), request.to_string()).await;
    let again: Value = serde_json::from_str(&answer).expect("a report");
    assert_eq!(again["added"], 0, "{again}");
    assert_eq!(again["already_present"], 2, "{again}");
    assert_eq!(again["items"][0]["id"], report["items"][0]["id"], "the stored article's id");

    // A body over the limit is refused before it is read whole.
    let huge = format!(
        "{{\"articles\": [{{\"title\": \"x\", \"text\": \"{}\"}}]}}",
        "a".repeat(17 * 1024 * 1024)
    );
    let (status, _) = post(&url, Some(TOKEN), huge).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    let (_, health) = get(&server.url("/healthz")).await;
    assert_eq!(health["articles"], 12, "nothing stored was lost: {health}");
}

#[tokio::test]
async fn an_article_that_joins_a_story_rebuilds_exactly_that_dossier() {
    let server = start(Some(TOKEN)).await;
    let url = server.url("/api/ingest");
    // A new outlet's report of the demo's dock strike: it joins that story and nothing else.
    let path = common::corpus_files()
        .into_iter()
        .find(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("01-")));
    let text = std::fs::read_to_string(path.expect("the first corpus file")).expect("readable");
    let (title, body) = text.split_once("\n\n").expect("a headline");
    let request = json!({"articles": [{
        "title": format!("{title} (live)"), "text": body, "source": "Gull Island Gazette",
        "published": "2025-03-11"
    }]});
    let (status, answer) = post(&url, Some(TOKEN), request.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let report: Value = serde_json::from_str(&answer).expect("a report");
    assert_eq!(report["added"], 1, "{report}");
    assert_eq!(report["dossiers_rebuilt"], 1, "{report}");
    let id = report["items"][0]["id"].as_str().expect("an id");
    let (_, article) = get(&server.url(&format!("/api/articles/{id}"))).await;
    let story = article["story"].as_str().expect("placed at once").to_string();
    settled(&server, 11).await;
    let (_, dossier) = get(&server.url(&format!("/api/stories/{story}"))).await;
    let outlets: Vec<&str> = dossier["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .filter_map(|s| s["outlet"].as_str())
        .collect();
    assert!(outlets.contains(&"Gull Island Gazette") && outlets.len() > 1, "{outlets:?}");

    // The listing updated story by story equals one read whole from the store.
    let (_, updated) = get(&server.url("/api/stories?limit=100")).await;
    let (_, articles) = get(&server.url("/api/articles?limit=100")).await;
    let whole = common::start_over(server.folder, None).await;
    let (_, fresh) = get(&whole.url("/api/stories?limit=100")).await;
    let (_, fresh_articles) = get(&whole.url("/api/articles?limit=100")).await;
    assert_eq!(updated, fresh);
    assert_eq!(articles, fresh_articles);
}

#[tokio::test]
async fn hostile_article_text_stays_text_on_every_page() {
    let server = start(Some(TOKEN)).await;
    let request = json!({"articles": [hostile_article()]});
    let (status, answer) = post(&server.url("/api/ingest"), Some(TOKEN), request.to_string()).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    let report: Value = serde_json::from_str(&answer).expect("a report");
    let id = report["items"][0]["id"].as_str().expect("an id").to_string();
    settled(&server, 11).await;
    let (_, article) = get(&server.url(&format!("/api/articles/{id}"))).await;
    let story = article["story"].as_str().expect("a story").to_string();

    for path in [
        format!("/articles/{id}"),
        format!("/stories/{story}"),
        "/".to_string(),
        "/outlets".to_string(),
        "/search?q=harbour".to_string(),
        "/search?q=%3Cscript%3Ealert(7)%3C/script%3E".to_string(),
    ] {
        let response = client().get(server.url(&path)).send().await.expect("a response");
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let policy =
            response.headers()["content-security-policy"].to_str().expect("ascii").to_string();
        assert!(
            policy.contains("default-src 'none'") && !policy.contains("unsafe-inline"),
            "{policy}"
        );
        let page = response.text().await.expect("a page").to_lowercase();
        assert!(!page.contains("<script"), "{path}: a script element");
        assert!(!page.contains("<img"), "{path}: an image element");
        assert!(!page.contains("<iframe"), "{path}: a frame");
        assert!(!page.contains("href=\"javascript:"), "{path}: a javascript: link");
        assert!(!page.contains("<b onmouseover"), "{path}: an event handler");
    }
    let page =
        client().get(server.url(&format!("/articles/{id}"))).send().await.expect("a response");
    let page = page.text().await.expect("a page");
    assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the script shows as text");
    assert!(page.contains("onerror=alert(2)"), "the attribute shows as text");

    // The story's exports: CSV to download, citations as plain text, never sniffed as HTML.
    let csv = client().get(server.url(&format!("/stories/{story}/sources.csv"))).send().await;
    let csv = csv.expect("a response");
    assert_eq!(csv.status(), StatusCode::OK);
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    assert!(
        csv.headers()["content-disposition"].to_str().is_ok_and(|d| d.starts_with("attachment"))
    );
    assert_eq!(csv.headers()["x-content-type-options"], "nosniff");
    let csv = csv.text().await.expect("a body");
    assert!(csv.starts_with("outlet,headline,url,published,copy_group,article\n"), "{csv}");
    assert!(csv.contains(&id), "the hostile article is a row: {csv}");
    let cited = client().get(server.url(&format!("/stories/{story}/citations.txt"))).send().await;
    let cited = cited.expect("a response");
    assert_eq!(cited.headers()["content-type"], "text/plain; charset=utf-8");
    assert!(cited.text().await.expect("a body").contains("Night <Owl> Gazette"));
}

#[tokio::test]
async fn health_counts_what_another_process_indexed_as_search_does() {
    let server = start(None).await;
    // Another process's handle on the same index (as `parallax ingest` would open it).
    let other = parallax_search::SearchIndex::open(server.folder.path()).expect("the index");
    let text = "Kellin ferry strike\n\nFerry crews in Kellin walked off the job on Monday, the operator said, and the \
                morning crossings to the islands were cancelled.";
    let document = parallax_core::Document::new(
        parallax_core::Origin::Stdin,
        parallax_core::ContentType::PlainText,
        text.as_bytes().to_vec(),
    );
    let article = parallax_extract::extract(&document).expect("an article");
    assert_eq!(other.add(&[article]).expect("indexed"), 1);
    other.release_writer().expect("released");
    let (_, health) = get(&server.url("/healthz")).await;
    let (_, found) = get(&server.url("/api/search?limit=100")).await;
    assert_eq!(health["indexed"], 11, "{health}");
    assert_eq!(found["total"], health["indexed"], "search and health agree: {found}");
}

#[tokio::test]
async fn articles_another_process_stored_unindexed_are_indexed_by_the_server() {
    let server = start(None).await;
    // Another process stores an article without indexing it (its index writer was busy).
    let config = parallax_engine::EngineConfig { search: false, ..Default::default() };
    let mut other = parallax_engine::Engine::open(server.folder.path(), config).expect("engine");
    let record = json!({
        "title": "Kellin ferry crews strike",
        "text": "Ferry crews in Kellin walked off the job on Monday, the operator said, and the \
                 morning crossings to the islands were cancelled.",
        "source": "Island Times",
        "published": "2025-03-12",
    });
    let document = parallax_core::Document::new(
        parallax_core::Origin::Stdin,
        parallax_core::ContentType::JsonRecord,
        record.to_string().into_bytes(),
    );
    let entry = parallax_ingest::Entry { item: Ok(document), bytes: 0 };
    let report = other.ingest([entry], &mut parallax_engine::Quiet).expect("stored");
    assert_eq!(report.added(), 1);
    // The server notices the change on its next look at the store (every 10 s).
    let mut health = Value::Null;
    for _ in 0..300 {
        (_, health) = get(&server.url("/healthz")).await;
        if health["articles"] == 11 && health["indexed"] == 11 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!((&health["articles"], &health["indexed"]), (&json!(11), &json!(11)), "{health}");
    let (_, found) = get(&server.url("/api/search?q=Kellin")).await;
    assert_eq!(found["total"], 1, "{found}");
}

#[tokio::test]
async fn an_empty_store_tells_the_reader_how_to_add_articles() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let server = common::start_over(folder, None).await;
    let page = client().get(server.url("/")).send().await.expect("a response");
    assert_eq!(page.status(), StatusCode::OK);
    let page = page.text().await.expect("a body");
    assert!(page.contains("No articles yet"), "{page}");
    assert!(page.contains("parallax ingest ./articles"), "{page}");
    assert!(page.contains("POST /api/ingest"), "{page}");
}

#[tokio::test]
async fn a_merged_story_and_an_id_prefix_redirect_to_the_story_on_the_web_and_the_api() {
    let (folder, store) = common::demo_store();
    drop(store);
    let (gone, kept) = tokio::task::spawn_blocking({
        let path = folder.path().to_path_buf();
        move || {
            let config = parallax_engine::EngineConfig::default();
            let mut engine = parallax_engine::Engine::open(&path, config).expect("engine");
            engine.derive(&mut parallax_engine::Quiet).expect("derived");
            let mut ids: Vec<_> =
                engine.stories().expect("stories").into_iter().map(|s| s.id).collect();
            ids.sort();
            let (gone, kept) = (ids[1].clone(), ids[0].clone());
            // The store records a merge as the assigner would after a bridging article.
            let store = engine.store_mut();
            let position = store.derived_position().expect("position");
            let batch = parallax_store::DerivedBatch {
                merges: vec![(gone.clone(), kept.clone())],
                previous: position,
                position,
                ..parallax_store::DerivedBatch::default()
            };
            store.write_derived(&batch).expect("merged");
            (gone.as_str().to_string(), kept.as_str().to_string())
        }
    })
    .await
    .expect("the setup");
    let server = common::start_over(folder, None).await;
    let _ = client(); // installs the crypto provider
    let manual = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let location = |response: &reqwest::Response| {
        response.headers().get("location").and_then(|l| l.to_str().ok()).map(str::to_string)
    };
    for (path, to) in [
        ("/stories/", format!("/stories/{kept}")),
        ("/api/stories/", format!("/api/stories/{kept}")),
    ] {
        let response = manual.get(server.url(&format!("{path}{gone}"))).send().await.expect("sent");
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{path}{gone}");
        assert_eq!(location(&response), Some(to.clone()));
        let response =
            manual.get(server.url(&format!("{path}{}", &kept[..7]))).send().await.expect("sent");
        assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT, "a prefix of {kept}");
        assert_eq!(location(&response), Some(to));
    }
    // A prefix of the merged id is only a temporary redirect: it may come to name another.
    let response = manual.get(server.url(&format!("/stories/{}", &gone[..7]))).send().await;
    let response = response.expect("sent");
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(location(&response), Some(format!("/stories/{kept}")));
    // The story's exports, feed and changes follow it too.
    for (from, to) in [
        (format!("/stories/{gone}/sources.csv"), format!("/stories/{kept}/sources.csv")),
        (format!("/stories/{gone}/feed.xml"), format!("/stories/{kept}/feed.xml")),
        (format!("/api/stories/{gone}/changes"), format!("/api/stories/{kept}/changes")),
    ] {
        let response = manual.get(server.url(&from)).send().await.expect("sent");
        assert_eq!(response.status(), StatusCode::PERMANENT_REDIRECT, "{from}");
        assert_eq!(location(&response), Some(to));
    }
    // Followed, the old id lands on the story it went into.
    let (status, dossier) = get(&server.url(&format!("/api/stories/{gone}"))).await;
    assert_eq!((status, dossier["story"].as_str()), (StatusCode::OK, Some(kept.as_str())));
    let response = manual.get(server.url("/stories/sfffffffffff")).send().await.expect("sent");
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
}

/// Parses an Atom document with a feed parser, or fails the test with the document.
async fn atom(url: &str) -> feed_rs::model::Feed {
    let response = client().get(url).send().await.expect("a response");
    assert_eq!(response.status(), StatusCode::OK, "{url}");
    assert_eq!(response.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let body = response.bytes().await.expect("a body");
    let feed = feed_rs::parser::parse(&body[..])
        .unwrap_or_else(|error| panic!("{url}: {error}: {}", String::from_utf8_lossy(&body)));
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom, "{url}");
    feed
}

#[tokio::test]
async fn the_site_and_every_story_have_an_atom_feed_and_changes_since_a_moment() {
    let server = start(None).await;
    let (_, list) = get(&server.url("/api/stories")).await;
    let stories = list["stories"].as_array().expect("stories").clone();
    let site = atom(&server.url("/feed.xml")).await;
    assert_eq!(site.entries.len(), stories.len(), "one entry per story");
    for story in &stories {
        let id = story["id"].as_str().expect("an id");
        let feed = atom(&server.url(&format!("/stories/{id}/feed.xml"))).await;
        let articles = story["articles"].as_array().expect("articles").len();
        assert_eq!(feed.entries.len(), articles, "one entry per article of {id}");
        assert!(feed.entries.iter().all(|e| e.title.is_some() && !e.links.is_empty()));
        // Every article of the demo store joined after a day ago; none after now.
        let (status, all) = get(&server.url(&format!("/api/stories/{id}/changes?since=1d"))).await;
        assert_eq!(status, StatusCode::OK, "{all}");
        assert_eq!(all["changes"]["articles"].as_array().map(Vec::len), Some(articles), "{all}");
        assert_eq!(all["followed"], false);
        let later = (chrono::Utc::now() + chrono::Duration::minutes(1)).to_rfc3339();
        let url = server.url(&format!("/api/stories/{id}/changes"));
        let none: Value = client()
            .get(&url)
            .query(&[("since", later.as_str())])
            .send()
            .await
            .expect("sent")
            .json()
            .await
            .expect("json");
        assert_eq!(none["changes"]["articles"], json!([]), "{none}");
    }
    let id = stories[0]["id"].as_str().expect("an id");
    let (status, error) = get(&server.url(&format!("/api/stories/{id}/changes?since=soon"))).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["error"].as_str().is_some_and(|e| e.contains("expected a span")), "{error}");
}

#[tokio::test]
async fn a_story_is_followed_from_its_own_pages_only() {
    let server = start(None).await;
    let (_, list) = get(&server.url("/api/stories")).await;
    let id = list["stories"][0]["id"].as_str().expect("an id").to_string();
    let manual = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client");
    let url = server.url(&format!("/stories/{id}/follow"));
    let send = |site: &'static str| {
        manual.post(&url).header("sec-fetch-site", site).form(&[("action", "follow")]).send()
    };
    let refused = send("cross-site").await.expect("sent");
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let (_, changes) = get(&server.url(&format!("/api/stories/{id}/changes"))).await;
    assert_eq!(changes["followed"], false, "a post from another site follows nothing");
    let followed = send("same-origin").await.expect("sent");
    assert_eq!(followed.status(), StatusCode::SEE_OTHER);
    let (_, changes) = get(&server.url(&format!("/api/stories/{id}/changes"))).await;
    assert_eq!(changes["followed"], true);
    let bad = manual.post(&url).form(&[("action", "like")]).send().await.expect("sent");
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let (_, changes) = get(&server.url(&format!("/api/stories/{id}/changes"))).await;
    assert_eq!(changes["followed"], true, "a bad action changes nothing");
}

#[tokio::test]
async fn a_story_shows_who_covered_it_from_the_outlet_profiles() {
    let (folder, store) = common::demo_store();
    drop(store);
    // The demo's invented profiles, as a user puts them in the data folder.
    let profiles =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo/outlets.toml");
    std::fs::copy(profiles, folder.path().join("outlets.toml")).expect("copied");
    let server = common::start_over(folder, None).await;
    let (_, list) = get(&server.url("/api/stories")).await;
    let mut one_sided = Vec::new();
    for story in list["stories"].as_array().expect("stories") {
        let id = story["id"].as_str().expect("an id");
        let (status, view) = get(&server.url(&format!("/api/stories/{id}/perspective"))).await;
        assert_eq!(status, StatusCode::OK, "{view}");
        let counted: usize = view["by_kind"]
            .as_array()
            .expect("kinds")
            .iter()
            .map(|g| g["outlets"].as_array().map_or(0, Vec::len))
            .sum();
        let outlets = story["coverage"].as_array().expect("coverage").len();
        assert_eq!(counted, outlets, "every outlet has a kind: {view}");
        assert!(view["first"][1].as_array().is_some_and(|o| !o.is_empty()), "{view}");
        if let Some(warning) = view["one_sided"].as_str() {
            one_sided.push((
                story["headline"].as_str().unwrap_or_default().to_string(),
                warning.to_string(),
            ));
        }
    }
    // The rate decision is covered by three outlets the profiles call "right", and only them.
    assert_eq!(one_sided.len(), 1, "{one_sided:?}");
    assert!(one_sided[0].1.contains("every outlet leans right"), "{one_sided:?}");
    let page =
        client().get(server.url("/")).send().await.expect("sent").text().await.expect("html");
    assert_eq!(page.matches(">one side only<").count(), 1, "the story list flags it");
}
