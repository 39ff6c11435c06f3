//! `parallax eval summaries` end to end on a tiny invented set: the JSON has every system with
//! scores in 0..1, stories without a human summary are skipped, and the summariser finds the
//! fact both outlets report.

mod common;

use common::{parallax, stderr};

const ARTICLES: &str = r#"{"id": "a1", "story": "s1", "source": null, "title": "Floods shut Portvale harbour", "text": "Floods closed the harbour road in Portvale on Monday after a storm. A local bakery sold out of bread before noon.", "published": null, "url": null}
{"id": "a2", "story": "s1", "source": null, "title": "Storm floods Portvale", "text": "A storm brought floods that closed the Portvale harbour road on Monday. Tickets for the autumn concert series go on sale next week.", "published": null, "url": null}
{"id": "b1", "story": "s2", "source": null, "title": "Eastholm ferry line", "text": "A new ferry line will link Portvale and Eastholm from June. The mayor welcomed the plan.", "published": null, "url": null}
"#;

const SUMMARIES: &str = r#"{"story": "s1", "headline": "Floods", "summary": "Floods closed the Portvale harbour road on Monday after a storm."}
{"story": "s2", "summary": null}
"#;

#[test]
fn eval_summaries_scores_every_system_and_skips_stories_without_gold() {
    let folder = tempfile::tempdir().expect("tempdir");
    let articles = folder.path().join("set.articles.jsonl");
    let summaries = folder.path().join("set.summaries.jsonl");
    std::fs::write(&articles, ARTICLES).expect("write articles");
    std::fs::write(&summaries, SUMMARIES).expect("write summaries");
    let output = parallax(
        folder.path(),
        &[
            "eval",
            "summaries",
            "--articles",
            articles.to_str().expect("utf-8"),
            "--summaries",
            summaries.to_str().expect("utf-8"),
            "--words",
            "12",
            "--json",
        ],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(report["stories"], 1, "{report}");
    assert_eq!(report["words"], 12, "{report}");
    for system in ["parallax", "lexrank", "textrank", "centroid", "mmr"] {
        for key in ["rouge1", "rouge2", "rougeL"] {
            let score = report["systems"][system][key].as_f64();
            assert!(score.is_some_and(|x| (0.0..=1.0).contains(&x)), "{system}.{key}: {report}");
        }
    }
    // The flood sentence both outlets carry is the summary: most of its bigrams are the gold's.
    assert!(report["systems"]["parallax"]["rouge2"].as_f64().is_some_and(|x| x > 0.5), "{report}");
    assert!(
        stderr(&output).contains("1 story(ies) without a human summary"),
        "{}",
        stderr(&output)
    );
}
