//! `parallax search` end to end: ingest keeps the index up to date, filters narrow, a lagging
//! index catches up, and `--reindex` rebuilds it.

mod common;

use std::path::Path;

use common::{parallax, stderr};
use serde_json::Value;

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).expect("write input");
}

fn search(data: &Path, args: &[&str]) -> Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let output = parallax(data, &all);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON hits")
}

fn titles(found: &Value) -> Vec<String> {
    let hits = found["hits"].as_array().expect("hits");
    hits.iter().map(|h| h["title"].as_str().unwrap_or_default().to_string()).collect()
}

const RECORDS: &str = r#"{"id": "a1", "source": "Harbour Herald", "published": "2025-03-11", "title": "Dock strike shuts Portvale", "text": "Dock workers walked out over unpaid overtime, closing the port of Portvale."}
{"id": "a2", "source": "Northline News", "published": "2025-03-12", "title": "Portvale strike enters second day", "text": "Ships queued offshore as the dock strike went on; the union said talks had failed."}
{"id": "a3", "source": "Valley Courier", "published": "2025-03-15", "title": "River rises behind dam", "text": "Hundreds were evacuated as the Elsen river rose behind the Varrow dam."}
"#;

#[test]
fn ingest_indexes_and_filters_narrow() {
    let data = tempfile::tempdir().expect("temp dir");
    let inputs = tempfile::tempdir().expect("temp dir");
    write(inputs.path(), "news.jsonl", RECORDS);
    let ingest = parallax(data.path(), &["ingest", inputs.path().to_str().expect("utf-8")]);
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    assert!(data.path().join("index").is_dir(), "ingest made the index");

    // The index is current after ingest: the first search has nothing to catch up.
    let first = parallax(data.path(), &["search", "strike"]);
    assert!(!stderr(&first).contains("search index:"), "{}", stderr(&first));
    let strike = search(data.path(), &["strike"]);
    assert_eq!(strike["total"], 2, "{strike}");
    // Both hold the words; only in order do they make the phrase.
    assert_eq!(search(data.path(), &["strike dock"])["total"], 2);
    assert_eq!(search(data.path(), &["\"strike dock\""])["total"], 0);
    assert_eq!(search(data.path(), &["\"dock strike\""])["total"], 2);
    let phrase = search(data.path(), &["\"unpaid overtime\""]);
    assert_eq!(titles(&phrase), ["Dock strike shuts Portvale"]);
    let outlet = search(data.path(), &["strike", "--outlet", "Harbour Herald"]);
    assert_eq!(titles(&outlet), ["Dock strike shuts Portvale"]);
    let dates = search(data.path(), &["portvale", "--from", "2025-03-12", "--to", "2025-03-31"]);
    assert_eq!(titles(&dates), ["Portvale strike enters second day"]);

    // A story filter: the strike's story holds both strike articles and not the dam.
    let stories = parallax(data.path(), &["stories", "--json"]);
    let stories: Value = serde_json::from_slice(&stories.stdout).expect("stories");
    let strike_story = stories["stories"]
        .as_array()
        .expect("stories")
        .iter()
        .find(|s| s["articles"].as_array().is_some_and(|a| a.len() == 2))
        .expect("the strike story")["id"]
        .as_str()
        .expect("an id")
        .to_string();
    let within = search(data.path(), &["the", "--story", &strike_story]);
    assert_eq!(within["total"], 2, "{within}");

    // Text output marks the matches.
    let text = parallax(data.path(), &["search", "dam"]);
    let out = String::from_utf8_lossy(&text.stdout);
    assert!(out.contains("**dam**"), "{out}");
}

#[test]
fn a_deleted_index_is_rebuilt_and_bad_queries_are_named() {
    let data = tempfile::tempdir().expect("temp dir");
    let inputs = tempfile::tempdir().expect("temp dir");
    write(inputs.path(), "news.jsonl", RECORDS);
    assert!(
        parallax(data.path(), &["ingest", inputs.path().to_str().expect("utf-8")]).status.success()
    );
    std::fs::remove_dir_all(data.path().join("index")).expect("index removed");
    let caught_up = parallax(data.path(), &["search", "dam"]);
    assert!(stderr(&caught_up).contains("3 article(s) indexed"), "{}", stderr(&caught_up));
    let reindex = parallax(data.path(), &["search", "--reindex"]);
    assert!(reindex.status.success(), "{}", stderr(&reindex));
    assert!(stderr(&reindex).contains("3 article(s) indexed"), "{}", stderr(&reindex));
    assert_eq!(search(data.path(), &["dam"])["total"], 1);

    let bad = parallax(data.path(), &["search", "nosuchfield:dam"]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(stderr(&bad).contains("nosuchfield"), "{}", stderr(&bad));
    let empty = parallax(data.path(), &["search"]);
    assert_eq!(empty.status.code(), Some(1));
    assert!(stderr(&empty).contains("give words"), "{}", stderr(&empty));
}
