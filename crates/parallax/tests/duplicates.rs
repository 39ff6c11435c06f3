//! `parallax eval duplicates` end to end on an invented labelled file: the copies a store finds
//! while articles arrive one at a time or in batches (`--stream N`) are the copies found with
//! every article at hand.

mod common;

use common::{parallax, stderr};
use serde_json::{Value, json};

const WIRE: [&str; 6] = [
    "Dock workers in Portvale extended their strike for a third day on Wednesday, leaving 41 container ships waiting at anchor off Kelmouth Point.",
    "The Harbour Workers Federation said 4,310 of its members had walked off the job since Monday, demanding a 9 percent pay rise from Maris Shipping.",
    "Transport minister Odile Varga told reporters in Brenholt that the government could not afford a settlement above 5 percent this year.",
    "Shipping agents said Oskar Lindqvist Lines and Teramar had begun diverting vessels to the smaller harbour at Kelmouth, about 90 km north.",
    "Federation leader Ana Petrov warned that the walkout could spread to the Ostrava rail yards by Friday if talks stayed frozen.",
    "Maris Shipping said its losses had reached 12 million crowns and that it would meet the federation in Brenholt on Thursday.",
];

const RETOLD: [&str; 6] = [
    "For a third day on Wednesday the Portvale dock strike went on, and 41 container ships lay waiting at anchor off Kelmouth Point.",
    "According to the Harbour Workers Federation, 4,310 members have left work since Monday, seeking a 9 percent pay increase from Maris Shipping.",
    "In Brenholt, transport minister Odile Varga said the government was unable to afford any settlement above 5 percent this year.",
    "Oskar Lindqvist Lines and Teramar have started sending vessels to the smaller Kelmouth harbour, some 90 km north, agents reported.",
    "Ana Petrov, the federation leader, cautioned that by Friday the walkout might reach the Ostrava rail yards if talks remained frozen.",
    "Losses at Maris Shipping have hit 12 million crowns, the company said, adding it would see the federation in Brenholt on Thursday.",
];

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
        record("retold", "Valley Ledger", "2025-03-13", RETOLD.join(" "), Some("wire")),
        record("trimmed", "Coastal Post", "2025-03-13", WIRE[1..].join(" "), Some("wire")),
        record("other", "Daily Meridian", "2025-03-12", OTHER.to_string(), None),
        record("wire", "Harbour Herald", "2025-03-12", WIRE.join(" "), None),
        record("again", "Eastgate Times", "2025-03-14", WIRE.join(" "), Some("wire")),
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
