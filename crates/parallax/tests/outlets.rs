//! Outlets named from what an article carries (a folder's `sources.toml`, a domain, a dateline
//! credit, a footer), unknown outlets left uncounted, a user's `outlets.toml` read into "who
//! covered it"; and following a story from the command line.

mod common;

use std::path::Path;

use common::{articles, parallax, stderr};
use serde_json::Value;

/// Four invented reports of one ferry strike.
const REPORTS: [(&str, &str); 4] = [
    (
        "herald-strike.txt",
        "Ferry crews strike at Portvale over rosters\n\n\
         Ferry crews at Portvale walked off the job on Monday in a dispute over rosters, halting \
         the harbour crossings, the crews' union said. About 300 crew members joined the strike, \
         union secretary Lena Holt told reporters at the ferry terminal.",
    ),
    (
        "wire-strike.txt",
        "Portvale ferries halted as crews strike\n\n\
         PORTVALE (AP) — Ferry crews in Portvale went on strike on Monday over new rosters, \
         stopping every harbour crossing, their union said. Union secretary Lena Holt said about \
         300 crew members had joined the strike at the ferry terminal.",
    ),
    (
        "site-strike.md",
        "# Harbour crossings stop as Portvale ferry crews strike\n\n\
         Portvale ferry crews began a strike on Monday over rosters and the harbour crossings \
         stopped, the union said. Lena Holt, the union secretary, said about 300 crew members \
         were on strike at the ferry terminal.\n\n\
         © 2025 Reuters. All rights reserved.\n",
    ),
    (
        "anonymous-strike.txt",
        "Portvale ferry strike stops harbour crossings\n\n\
         The harbour crossings at Portvale stopped on Monday as ferry crews went on strike over \
         rosters, the union said. About 300 crew members joined, union secretary Lena Holt said \
         at the ferry terminal.",
    ),
];

fn write_reports(folder: &Path) {
    std::fs::create_dir_all(folder).expect("a folder");
    for (name, text) in REPORTS {
        std::fs::write(folder.join(name), text).expect("written");
    }
    std::fs::write(folder.join("sources.toml"), "[outlets]\n\"herald-*\" = \"Harbour Herald\"\n")
        .expect("written");
}

fn json(data: &Path, args: &[&str]) -> Value {
    let output = parallax(data, args);
    assert!(output.status.success(), "{args:?}: {}", stderr(&output));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn outlets_are_named_from_what_articles_carry_and_unknown_ones_are_not_counted() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (reports, data) = (dir.path().join("reports"), dir.path().join("data"));
    write_reports(&reports);
    std::fs::create_dir_all(&data).expect("a data folder");
    std::fs::write(
        data.join("outlets.toml"),
        "[[outlet]]\nname = \"Harbour Herald\"\ncountry = \"XV\"\nkind = \"private\"\nlean = \"left\"\n",
    )
    .expect("written");
    let output = parallax(&data, &["ingest", reports.to_str().expect("a path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("4 added"),
        "sources.toml is not an article: {}",
        stderr(&output)
    );

    let mut named: Vec<(String, String)> = articles(&data)
        .iter()
        .map(|a| {
            let title = a["title"].as_str().unwrap_or_default().to_string();
            (a["source"].as_str().unwrap_or("-").to_string(), title)
        })
        .collect();
    named.sort();
    let outlets: Vec<&str> = named.iter().map(|(o, _)| o.as_str()).collect();
    assert_eq!(outlets, ["-", "Associated Press", "Harbour Herald", "Reuters"], "{named:?}");

    // One story, three outlets: the unknown one is listed as such, never counted.
    let stories = json(&data, &["stories", "--json"]);
    let stories = stories["stories"].as_array().expect("stories");
    assert_eq!(stories.len(), 1, "{stories:?}");
    let id = stories[0]["id"].as_str().expect("an id");
    let output = parallax(&data, &["story", id]);
    assert!(output.status.success(), "{}", stderr(&output));
    // Words as a reader sees them, whatever the wrapping.
    let text =
        String::from_utf8_lossy(&output.stdout).split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(text.contains("3 outlet(s): "), "{text}");
    assert!(text.contains("and 1 article(s) of unknown outlet"), "{text}");
    // Who covered it: the shipped table's kinds and countries, the user's lean.
    assert!(text.contains("Who covered it"), "{text}");
    assert!(text.contains("wire agency 2 (Reuters, Associated Press)"), "{text}");
    assert!(text.contains("lean: left 1 (Harbour Herald)"), "{text}");
    assert!(text.contains("US 1 (Associated Press)") && text.contains("XV 1"), "{text}");
    let listing = parallax(&data, &["stories"]);
    let listing = String::from_utf8_lossy(&listing.stdout).to_string();
    assert!(listing.contains("4 article(s), 3 outlet(s)"), "{listing}");
    assert!(listing.contains("unknown outlet"), "{listing}");
    assert!(!listing.contains("article "), "no article is its own outlet: {listing}");
}

#[test]
fn a_source_for_a_path_that_does_not_exist_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (reports, data) = (dir.path().join("reports"), dir.path().join("data"));
    write_reports(&reports);
    let missing = format!("{}=Reuters", reports.join("no-such-file.txt").display());
    let output =
        parallax(&data, &["ingest", reports.to_str().expect("a path"), "--source", &missing]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("a path that exists"), "{}", stderr(&output));
    // Named as `./reports/...`, the path still matches the files found under `reports`.
    let relative = format!("{}/./{}=Valley Voice", reports.display(), REPORTS[3].0);
    let output =
        parallax(&data, &["ingest", reports.to_str().expect("a path"), "--source", &relative]);
    assert!(output.status.success(), "{}", stderr(&output));
    let named: Vec<Value> =
        articles(&data).into_iter().filter(|a| a["source"] == "Valley Voice").collect();
    assert_eq!(named.len(), 1, "{named:?}");
}

#[test]
fn a_bad_outlets_file_is_named_with_the_reason() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("outlets.toml"),
        "[[outlet]]\nname = \"A\"\nkind = \"tabloid\"\n",
    )
    .expect("written");
    let output = parallax(dir.path(), &["stories"]);
    assert_eq!(output.status.code(), Some(1));
    let error = stderr(&output);
    assert!(error.contains("outlets.toml") && error.contains("tabloid"), "{error}");
}

#[test]
fn a_followed_story_shows_what_a_new_outlet_brought_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (reports, data) = (dir.path().join("reports"), dir.path().join("data"));
    write_reports(&reports);
    let first = reports.join(REPORTS[0].0);
    let output = parallax(&data, &["ingest", first.to_str().expect("a path")]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stories = json(&data, &["stories", "--json"]);
    let id = stories["stories"][0]["id"].as_str().expect("an id").to_string();

    let output = parallax(&data, &["follow", &id[..6]]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).starts_with(&format!("following {id}")));
    let quiet = json(&data, &["following", "--json"]);
    assert_eq!(quiet[0]["story"], id.as_str());
    assert_eq!(quiet[0]["changes"]["articles"], serde_json::json!([]), "{quiet}");

    // Another outlet's report, with a figure the story did not have.
    let text = "Portvale ferries stay in port\n\n\
                PORTVALE (AP) — Portvale ferries stayed in port on Tuesday as the crews' strike \
                over rosters went on, union secretary Lena Holt said at the ferry terminal. The \
                harbour authority said 12,000 passengers a day had lost their crossing.";
    let second = reports.join("wire-second.txt");
    std::fs::write(&second, text).expect("written");
    let output = parallax(&data, &["ingest", second.to_str().expect("a path")]);
    assert!(output.status.success(), "{}", stderr(&output));

    let peeked = json(&data, &["following", "--json", "--peek"]);
    let changes = &peeked[0]["changes"];
    assert_eq!(changes["new_outlets"], serde_json::json!(["Associated Press"]), "{peeked}");
    assert_eq!(changes["articles"].as_array().map(Vec::len), Some(1), "{peeked}");
    let figures: Vec<&str> = changes["figures"]
        .as_array()
        .expect("figures")
        .iter()
        .filter_map(|f| f["text"].as_str())
        .collect();
    assert!(figures.iter().any(|f| f.contains("12,000")), "{peeked}");
    // Shown once, then seen.
    let output = parallax(&data, &["following"]);
    let shown = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(shown.contains("1 new article(s), new outlet(s): Associated Press"), "{shown}");
    let again = parallax(&data, &["following"]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("nothing new since"));
    // A span shows it again without marking anything.
    let week = json(&data, &["following", "--json", "--since", "7d"]);
    assert_eq!(week[0]["changes"]["articles"].as_array().map(Vec::len), Some(2), "{week}");

    let output = parallax(&data, &["unfollow", &id]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(json(&data, &["following", "--json"]), serde_json::json!([]));
    let output = parallax(&data, &["unfollow", &id]);
    assert_eq!(output.status.code(), Some(1), "not followed any more");
    let output = parallax(&data, &["follow", "sffffffff"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no story"), "{}", stderr(&output));
}

#[test]
fn listing_an_empty_store_says_what_to_run_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    for command in ["stories", "articles"] {
        let output = parallax(dir.path(), &[command]);
        assert!(output.status.success(), "{}", stderr(&output));
        assert!(output.stdout.is_empty(), "no empty table");
        let said = stderr(&output);
        assert!(said.contains("no articles in") && said.contains("parallax ingest PATH"), "{said}");
    }
}
