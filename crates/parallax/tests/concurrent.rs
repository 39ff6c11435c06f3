//! Processes sharing one data folder: each lands its work.

mod common;

use std::process::{Command, Stdio};

use common::{articles, stderr};

/// Invented records for one outlet's day, each different.
fn write_records(path: &std::path::Path, prefix: &str) {
    let lines: Vec<String> = (0..40)
        .map(|i| {
            serde_json::json!({
                "id": format!("{prefix}{i}"),
                "title": format!("{prefix} council vote {i} on harbour fees"),
                "text": format!(
                    "The {prefix} council voted {i} times on the harbour fees on Tuesday, the \
                     clerk said. Members argued about the budget for the new quay {i} until late."
                ),
                "published": "2025-03-10",
            })
            .to_string()
        })
        .collect();
    std::fs::write(path, lines.join("\n") + "\n").expect("write records");
}

#[test]
fn two_first_ingests_into_a_new_store_both_land() {
    let inputs = tempfile::tempdir().expect("temp dir");
    let (first, second) = (inputs.path().join("a.jsonl"), inputs.path().join("b.jsonl"));
    write_records(&first, "alpha");
    write_records(&second, "beta");
    for trial in 0..5 {
        let data = tempfile::tempdir().expect("temp dir");
        let spawn = |file: &std::path::Path| {
            Command::new(env!("CARGO_BIN_EXE_parallax"))
                .arg("--data-dir")
                .arg(data.path())
                .arg("ingest")
                .arg(file)
                .env_remove("PARALLAX_DATA")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("start parallax")
        };
        let children = [spawn(&first), spawn(&second)];
        for child in children {
            let output = child.wait_with_output().expect("wait");
            assert!(output.status.success(), "trial {trial}: {}", stderr(&output));
        }
        assert_eq!(articles(data.path()).len(), 80, "trial {trial}: every article landed");
    }
}
