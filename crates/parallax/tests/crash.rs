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

/// Invented records of many small stories: five reports of each event, told in varied words,
/// a day apart at most.
fn write_stories(path: &std::path::Path, records: usize) {
    const PLACES: [&str; 8] = [
        "Portvale",
        "Greenmoor",
        "Kelmouth",
        "Eastquay",
        "Millpoint",
        "Northline",
        "Westbrook",
        "Ashford",
    ];
    const EVENTS: [&str; 6] = ["strike", "flood", "election", "fire", "bridge closure", "festival"];
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("create jsonl"));
    for i in 0..records {
        let story = i / 5;
        let (place, event) = (PLACES[story % PLACES.len()], EVENTS[(story / 8) % EVENTS.len()]);
        let day = 1 + (story % 27);
        let record = serde_json::json!({
            "id": format!("s{story}-{}", i % 5),
            "source": format!("Outlet {}", i % 5),
            "title": format!("{place} {event} number {story} draws reaction"),
            "text": format!(
                "The {event} in {place} (case {story}) drew crowds on Tuesday, officials said. \
                 About {} people were affected, according to Mayor Ana Ruiz of {place}. \
                 \"We are doing what we can,\" Ruiz told reporters in report {}.",
                100 + story, i % 5
            ),
            "published": format!("2025-03-{day:02}"),
        });
        writeln!(file, "{record}").expect("write record");
    }
}

/// What the engine derived, as rows to compare: placements, stories, copies and analyses.
fn derived(data: &std::path::Path) -> Vec<String> {
    let database = data.join(parallax_store::DATABASE_FILE);
    let connection = rusqlite::Connection::open(&database).expect("open the store");
    let mut rows = Vec::new();
    for sql in [
        "SELECT article_id || ' ' || coalesce(story_id, '-') || ' ' || kind FROM placements ORDER BY article_id",
        "SELECT id || ' ' || coalesce(merged_into, '-') || ' ' || articles || ' ' || coalesce(first_seen, '-') FROM stories ORDER BY id",
        "SELECT article_id || ' ' || original_id || ' ' || kind FROM copies ORDER BY article_id",
        "SELECT article_id || ' ' || version || ' ' || length(analysis) FROM analyses ORDER BY article_id",
        "SELECT story_id || ' ' || length(dossier) FROM dossiers ORDER BY story_id",
    ] {
        let mut statement = connection.prepare(sql).expect("a query");
        let found: Vec<String> = statement
            .query_map([], |row| row.get::<_, String>(0))
            .expect("rows")
            .map(|row| row.expect("a row"))
            .collect();
        rows.push(format!("{} rows", found.len()));
        rows.extend(found);
    }
    rows
}

#[test]
fn an_ingest_killed_while_deriving_ends_with_what_a_clean_run_derives() {
    const STORIES_RECORDS: usize = 3_000;
    let inputs = tempfile::tempdir().expect("temp dir");
    let records = inputs.path().join("stories.jsonl");
    write_stories(&records, STORIES_RECORDS);
    let path = records.to_str().expect("utf-8 path");

    // Every run derives in batches of 500, so a rerun makes the batches a clean run makes.
    let ingest = |data: &std::path::Path| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_parallax"));
        command.arg("--data-dir").arg(data).args(["ingest", path]);
        command.env("PARALLAX_DERIVE_BATCH", "500");
        command
    };
    let clean = tempfile::tempdir().expect("temp dir");
    let run = ingest(clean.path()).output().expect("run parallax");
    assert!(run.status.success(), "{}", stderr(&run));

    let data = tempfile::tempdir().expect("temp dir");
    let mut child = ingest(data.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start parallax");
    let started = Instant::now();
    // Killed once the first derived batch is committed, while later ones are being made.
    while count(data.path(), "placements") == 0 && started.elapsed() < Duration::from_secs(300) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL the ingest");
    child.wait().expect("reap");
    let placed = count(data.path(), "placements") as usize;
    assert!(placed > 0 && placed < STORIES_RECORDS, "killed mid-way: {placed} placed");

    let rerun = ingest(data.path()).output().expect("rerun parallax");
    assert!(rerun.status.success(), "{}", stderr(&rerun));
    let clean_rows = derived(clean.path());
    assert!(clean_rows.len() > 2 * STORIES_RECORDS, "the clean run derived everything");
    assert_eq!(derived(data.path()), clean_rows);
}
