//! `parallax eval duplicates` end to end on an invented labelled file: the copies a store finds
//! while articles arrive one at a time or in batches (`--stream N`) are the copies found with
//! every article at hand.

mod common;

use common::{parallax, stderr};
use serde_json::{Value, json};

/// An invented wire report, a sentence a line, and the same report retold (names and
/// numbers kept, most other words changed): fixtures shared by the copy tests.
fn wire() -> Vec<&'static str> {
    include_str!("../../parallax-dedup/tests/fixtures/strike-wire.txt").lines().collect()
}

fn retold() -> Vec<&'static str> {
    include_str!("../../parallax-dedup/tests/fixtures/strike-retold.txt").lines().collect()
}

const OTHER: &str = "Thousands of dockworkers in Portvale stayed away from the cranes for a \
    third day as ships queued. Police put the number of strikers at 2,500, well below the \
    union's own count. The transport minister said the government could not afford more.";

#[test]
fn copies_found_as_articles_arrive_are_those_found_all_at_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = |id: &str, source: &str, day: &str, text: String, copy_of: Option<&str>| {
        json!({"id": id, "story": "strike", "source": source, "title": "Portvale strike",
               "text": text, "published": day, "copy_of": copy_of})
    };
    // The copies arrive before their original in the file; dates put it first.
    let lines = [
        record("retold", "Valley Ledger", "2025-03-13", retold().join(" "), Some("wire")),
        record("trimmed", "Coastal Post", "2025-03-13", wire()[1..].join(" "), Some("wire")),
        record("other", "Daily Meridian", "2025-03-12", OTHER.to_string(), None),
        record("wire", "Harbour Herald", "2025-03-12", wire().join(" "), None),
        record("again", "Eastgate Times", "2025-03-14", wire().join(" "), Some("wire")),
    ];
    let file = dir.path().join("labelled.jsonl");
    let text: Vec<String> = lines.iter().map(Value::to_string).collect();
    std::fs::write(&file, text.join("\n")).expect("write");
    let path = file.to_str().expect("utf-8");
    for stream in ["0", "1", "2"] {
        let output = parallax(
            dir.path(),
            &["eval", "duplicates", "--articles", path, "--json", "--stream", stream],
        );
        assert!(output.status.success(), "{}", stderr(&output));
        let report: Value = serde_json::from_slice(&output.stdout).expect("json");
        let found = (&report["gold_pairs"], &report["true_positives"], &report["predicted_pairs"]);
        assert_eq!(found, (&json!(6), &json!(6), &json!(6)), "--stream {stream}: {report}");
    }
}
