//! An ingest killed with SIGKILL mid-way, then rerun, ends with exactly the right articles.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{parallax, stderr};

const RECORDS: usize = 30_000;

/// Invented records, each different.
fn write_records(path: &std::path::Path) {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create jsonl"));
    for i in 0..RECORDS {
        let record = serde_json::json!({
            "id": format!("r{i}"),
            "title": format!("Council vote {i}"),
            "text": format!(
                "The council of district {} voted {} to {} on the harbour budget on Tuesday, \
                 officials said. Item {i} passed after a debate of {} minutes.",
                i % 97, i % 13, i % 7, i % 50
            ),
        });
        writeln!(file, "{record}").expect("write record");
    }
}

fn count(data: &std::path::Path, table: &str) -> u64 {
    let database = data.join(parallax_store::DATABASE_FILE);
    let Ok(connection) = rusqlite::Connection::open_with_flags(
        &database,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    ) else {
        return 0;
    };
    connection.busy_timeout(Duration::from_secs(5)).expect("busy timeout");
    connection
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |row| row.get(0))
        .unwrap_or(0)
}

#[test]
fn killed_ingest_resumes_without_loss_or_duplicates() {
    let data = tempfile::tempdir().expect("temp dir");
    let inputs = tempfile::tempdir().expect("temp dir");
    let records = inputs.path().join("records.jsonl");
    write_records(&records);

    let mut child = Command::new(env!("CARGO_BIN_EXE_parallax"))
        .arg("--data-dir")
        .arg(data.path())
        .arg("ingest")
        .arg(&records)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parallax");
    let started = Instant::now();
    while count(data.path(), "articles") == 0 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL the ingest");
    child.wait().expect("reap");
    let at_kill = count(data.path(), "articles") as usize;
    assert!(at_kill > 0 && at_kill < RECORDS, "killed mid-way: {at_kill} of {RECORDS} stored");

    let rerun = parallax(data.path(), &["ingest", records.to_str().expect("utf-8 path")]);
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    assert_eq!(count(data.path(), "articles") as usize, RECORDS);
    assert_eq!(count(data.path(), "documents") as usize, RECORDS);
    let expected = format!("{} added, {at_kill} already present", RECORDS - at_kill);
    assert!(stderr(&rerun).contains(&expected), "expected {expected:?}: {}", stderr(&rerun));
}
