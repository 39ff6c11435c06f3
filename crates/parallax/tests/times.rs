//! `parallax eval times --timeml`: scored on a small invented gold file (every score known by
//! hand), the predictions file in its documented shape, a broken gold file refused with its
//! line, and TBAQ-cleaned from `../shared` (skipped when absent) above floors set below
//! today's figures.

mod common;

use common::{parallax, shared, stderr};

/// Two invented documents: five gold expressions, four that parallax finds with the right
/// value and one ("the spring") it finds with another year than the gold's.
const GOLD: &str = r#"{"id":"d1","subcorpus":"Invented","dct":"1989-11-02","text":"Profit rose in the third quarter. The plant will run daily for three years.","timexes":[{"start_byte":15,"end_byte":32,"type":"DATE","value":"1989-Q3"},{"start_byte":53,"end_byte":58,"type":"SET","value":"P1D"},{"start_byte":63,"end_byte":74,"type":"DURATION","value":"P3Y"}]}
{"id":"d2","subcorpus":"Invented","dct":"1998-03-04","text":"Talks ended on Friday and resume in the spring.","timexes":[{"start_byte":15,"end_byte":21,"type":"DATE","value":"1998-02-27"},{"start_byte":36,"end_byte":46,"type":"DATE","value":"1999-SP"}]}
"#;

#[test]
fn scores_and_predictions_follow_tempeval() {
    let data = tempfile::tempdir().expect("tempdir");
    let gold = data.path().join("gold.jsonl");
    std::fs::write(&gold, GOLD).expect("write gold");
    let predictions = data.path().join("predicted.jsonl");
    let output = parallax(
        data.path(),
        &[
            "eval",
            "times",
            "--timeml",
            gold.to_str().expect("utf-8"),
            "--write-predictions",
            predictions.to_str().expect("utf-8"),
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let all = &scores["all"];
    assert_eq!(all["gold"], 5, "{scores}");
    assert_eq!(all["predicted"], 5, "{scores}");
    assert_eq!(all["relaxed"]["f1"], 1.0, "{scores}");
    assert_eq!(all["kind"]["f1"], 1.0, "{scores}");
    // "in the spring" from a March document is this year's spring, where the gold has next
    // year's: four values of five.
    assert_eq!(all["value"]["recall"], 0.8, "{scores}");
    assert_eq!(scores["subcorpora"]["Invented"]["gold"], 5, "{scores}");

    let written = std::fs::read_to_string(&predictions).expect("predictions");
    let lines: Vec<serde_json::Value> =
        written.lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "d1");
    let first = &lines[0]["timexes"][0];
    assert_eq!(first["type"], "DATE");
    assert_eq!(first["value"], "1989-Q3");
    assert!(first["start_byte"].as_u64().is_some() && first["end_byte"].as_u64().is_some());
}

#[test]
fn a_gold_expression_outside_its_text_is_refused_with_its_line() {
    let data = tempfile::tempdir().expect("tempdir");
    let gold = data.path().join("gold.jsonl");
    let bad = r#"{"id":"d3","dct":"1998-03-04","text":"Friday","timexes":[{"start_byte":0,"end_byte":40,"type":"DATE","value":"1998-02-27"}]}"#;
    std::fs::write(&gold, format!("{}{bad}\n", GOLD)).expect("write gold");
    let output =
        parallax(data.path(), &["eval", "times", "--timeml", gold.to_str().expect("utf-8")]);
    assert!(!output.status.success());
    let error = stderr(&output);
    assert!(error.contains("gold.jsonl:3"), "{error}");
}

#[test]
fn tbaq_value_f1_stays_above_its_floor() {
    let Some(tbaq) = shared("data/timex/tbaq.jsonl") else { return };
    let data = tempfile::tempdir().expect("tempdir");
    let output = parallax(
        data.path(),
        &["eval", "times", "--timeml", tbaq.to_str().expect("utf-8"), "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(scores["all"]["gold"], 1822, "{scores}");
    assert!(scores["all"]["relaxed"]["f1"].as_f64().is_some_and(|f| f > 0.88), "{scores}");
    assert!(scores["all"]["value"]["f1"].as_f64().is_some_and(|f| f > 0.75), "{scores}");
}
