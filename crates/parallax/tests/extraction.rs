//! `parallax eval extraction` on an invented benchmark folder.

mod common;

use common::{parallax, stderr};
use serde_json::{Value, json};

#[test]
fn eval_extraction_scores_predictions_with_the_benchmark_metric() {
    let folder = tempfile::tempdir().expect("tempdir");
    let truth = json!({
        "page-a": {"articleBody": "Dockworkers at Portvale walked out on Monday over pay.", "url": "https://a.example/1"},
        "page-b": {"articleBody": "The Elsen River rose behind the Varrow Dam overnight.", "url": "https://b.example/2"},
    });
    std::fs::write(folder.path().join("ground-truth.json"), truth.to_string()).expect("truth");
    // Page a exactly; page b missing: precision counts only page a, recall both.
    let predictions = json!({"page-a": {"articleBody": "Dockworkers at Portvale walked out on Monday over pay."}});
    let predicted = folder.path().join("predicted.json");
    std::fs::write(&predicted, predictions.to_string()).expect("predictions");

    let aeb = folder.path().to_str().expect("utf-8");
    let file = predicted.to_str().expect("utf-8");
    let output = parallax(
        folder.path(),
        &["eval", "extraction", "--aeb", aeb, "--predictions", file, "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["pages"], 2);
    assert_eq!(report["missing_predictions"], 1);
    assert_eq!(report["body"]["precision"], 1.0);
    assert_eq!(report["body"]["recall"], 0.5);
    let f1 = report["body"]["f1"].as_f64().expect("f1");
    assert!((f1 - 2.0 / 3.0).abs() < 1e-12, "{f1}");
    for key in ["title_exact", "author", "date", "date_invented"] {
        assert!(report[key].is_null(), "{key}: the benchmark has no gold for it");
    }

    let output = parallax(
        folder.path(),
        &["eval", "extraction", "--aeb", aeb, "--predictions", "nowhere.json"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("nowhere.json"), "{}", stderr(&output));
}

#[test]
fn the_benchmark_ground_truth_scores_itself_perfectly() {
    let Some(aeb) = common::shared("data/aeb") else {
        return;
    };
    let truth = aeb.join("ground-truth.json");
    let folder = tempfile::tempdir().expect("tempdir");
    let args = [
        "eval",
        "extraction",
        "--aeb",
        aeb.to_str().expect("utf-8"),
        "--predictions",
        truth.to_str().expect("utf-8"),
        "--json",
    ];
    let output = parallax(folder.path(), &args);
    assert!(output.status.success(), "{}", stderr(&output));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["body"]["f1"], 1.0, "{report}");
    assert!(report["pages"].as_u64().is_some_and(|pages| pages > 0), "{report}");
    assert_eq!(report["missing_predictions"], 0);
}
