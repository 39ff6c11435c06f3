//! `parallax eval quotes` on the PolNeAR dev split (skipped when `../shared` is absent): the
//! JSON has the documented keys and the scores stay above floors set below today's figures, so
//! a change that breaks attribution shows here.

mod common;

use common::{parallax, shared, stderr};

#[test]
fn polnear_dev_scores_have_their_keys_and_stay_above_floors() {
    let Some(dev) = shared("data/polnear/dev") else { return };
    let data = tempfile::tempdir().expect("tempdir");
    let output = parallax(
        data.path(),
        &["eval", "quotes", "--polnear", dev.to_str().expect("utf-8"), "--json"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let scores: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for key in ["content", "content_and_source", "direct", "indirect"] {
        for part in ["precision", "recall", "f1"] {
            assert!(
                scores[key][part].as_f64().is_some_and(|x| (0.0..=1.0).contains(&x)),
                "{key}.{part}: {scores}"
            );
        }
    }
    assert!(scores["gold"].as_u64().is_some_and(|n| n > 2000), "{scores}");
    assert!(scores["content_and_source"]["f1"].as_f64().is_some_and(|f| f > 0.45), "{scores}");
    assert!(scores["direct"]["precision"].as_f64().is_some_and(|p| p > 0.75), "{scores}");
}
