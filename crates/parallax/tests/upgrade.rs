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
    assert_eq!(version, 6);
    let analysed: i64 =
        database.query_row("SELECT count(*) FROM analyses", [], |row| row.get(0)).expect("count");
    assert_eq!(analysed, 10);

    // The second reader finds everything stored and derives nothing.
    let story = parallax(data.path(), &["story", &found[0].0[..8]]);
    assert!(story.status.success(), "{}", stderr(&story));
    assert!(!stderr(&story).contains("bringing the store up to date"), "{}", stderr(&story));
    assert!(String::from_utf8_lossy(&story.stdout).contains("outlet(s)"));
}

/// A store written by the release before copy keys (schema 4, everything derived;
/// `tests/fixtures/store-v4` holds the demo corpus without `02-northline-news.txt`, ingested
/// by commit c9a4617): its articles get their keys on first open, and an article arriving
/// after the upgrade is linked to the stored text it copies.
#[test]
fn a_copy_arriving_after_the_upgrade_finds_the_original_stored_before_it() {
    let data = tempfile::tempdir().expect("temp dir");
    let fixture = common::repo_root().join("crates/parallax/tests/fixtures/store-v4/parallax.db");
    std::fs::copy(&fixture, data.path().join(parallax_store::DATABASE_FILE)).expect("copy");
    let copy = common::repo_root().join("examples/demo/02-northline-news.txt");
    let output = parallax(data.path(), &["ingest", copy.to_str().expect("a path")]);
    assert!(output.status.success(), "{}", stderr(&output));

    let database = rusqlite::Connection::open(data.path().join(parallax_store::DATABASE_FILE))
        .expect("open the store");
    let count = |sql: &str| -> i64 { database.query_row(sql, [], |row| row.get(0)).expect(sql) };
    assert_eq!(count("PRAGMA user_version"), 6);
    assert_eq!(count("SELECT count(DISTINCT seq) FROM copy_keys"), 10, "every article has keys");
    let missing = "SELECT count(*) FROM engine_state WHERE key = 'copy_keys_missing_through'";
    assert_eq!(count(missing), 0, "none missing");
    let settings = "SELECT count(*) FROM engine_state WHERE key = 'copy_keys_settings'";
    assert_eq!(count(settings), 1, "the keys' settings recorded");
    let link: (String, String, String) = database
        .query_row(
            "SELECT c.kind, a.source, o.source FROM copies c
             JOIN articles a ON a.id = c.article_id JOIN articles o ON o.id = c.original_id",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .expect("one copy link");
    assert_eq!(link.0, "near");
    assert_eq!(
        (link.1.as_str(), link.2.as_str()),
        ("northline-news.example", "coastal-post.example")
    );
}
