//! A store written by the previous release (schema 3: documents and articles, nothing
//! derived; `tests/fixtures/store-v3` holds the demo corpus ingested by it) opens with this
//! one: the schema is migrated and the stored articles are analysed, placed and given dossiers
//! the first time a reader needs them, with the same stories the previous release computed.

mod common;

use common::{parallax, stderr};
use serde_json::Value;

#[test]
fn a_store_written_by_the_previous_release_is_brought_up_to_date() {
    let data = tempfile::tempdir().expect("temp dir");
    let fixture = common::repo_root().join("crates/parallax/tests/fixtures/store-v3/parallax.db");
    std::fs::copy(&fixture, data.path().join(parallax_store::DATABASE_FILE)).expect("copy");

    let output = parallax(data.path(), &["stories", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("bringing the store up to date"), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("stories --json");
    let stories = json["stories"].as_array().expect("stories");
    // The previous release grouped this store into these stories, with these ids.
    let mut found: Vec<(String, usize)> = stories
        .iter()
        .map(|s| {
            let id = s["id"].as_str().expect("an id").to_string();
            (id, s["articles"].as_array().expect("articles").len())
        })
        .collect();
    found.sort();
    let mut expected = vec![
        ("s761d5eb0f373c4c3".to_string(), 4),
        ("s537508c7cfa4e1c6".to_string(), 3),
        ("sbc8287e0df607798".to_string(), 3),
    ];
    expected.sort();
    assert_eq!(found.iter().map(|s| s.1).sum::<usize>(), 10, "{found:?}");
    assert_eq!(found, expected);

    let database = rusqlite::Connection::open(data.path().join(parallax_store::DATABASE_FILE))
        .expect("open the store");
    let version: i64 =
        database.query_row("PRAGMA user_version", [], |row| row.get(0)).expect("a version");
    assert_eq!(version, 4);
    let analysed: i64 =
        database.query_row("SELECT count(*) FROM analyses", [], |row| row.get(0)).expect("count");
    assert_eq!(analysed, 10);

    // The second reader finds everything stored and derives nothing.
    let story = parallax(data.path(), &["story", &found[0].0[..8]]);
    assert!(story.status.success(), "{}", stderr(&story));
    assert!(!stderr(&story).contains("bringing the store up to date"), "{}", stderr(&story));
    assert!(String::from_utf8_lossy(&story.stdout).contains("outlet(s)"));
}
