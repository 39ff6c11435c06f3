//! End-to-end tests of the `parallax` command on invented inputs and the built-in corpus.

mod common;

use std::path::Path;

use common::{
    articles, check_lines, duplicate_groups, parallax, parallax_with_stdin, repo_root, stderr,
};

const LEAD: &str =
    "Dock workers in Portvale walked out on Tuesday over unpaid overtime, the union said.";

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).expect("write input");
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("utf-8 path")
}

#[test]
fn demo_runs_without_setup() {
    let data = tempfile::tempdir().expect("temp dir");
    let output = parallax(data.path(), &["demo"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("Dockworkers walk out at Portvale"), "{stdout}");
    assert!(stderr(&output).contains("10 added, 0 already present"));
    assert!(stdout.contains("near copy: The Coastal Post"), "{stdout}");
    // The demo leaves no store behind.
    assert!(!data.path().join(parallax_store::DATABASE_FILE).exists());
}

/// The built-in corpus, file by file: what must leave the body, and how many paragraphs stay.
#[test]
fn demo_corpus_comes_out_clean() {
    let corpus = repo_root().join("examples/demo");
    let cases: &[(&str, &[&str], usize)] = &[
        (
            "01-harbour-herald.md",
            &[
                "Dockworkers walk out",
                "By Maria",
                "March 11, 2025",
                "Read More:",
                "Ferry passengers told",
                "Harbour cafe owners",
                "Original url:",
                "<https://",
            ],
            10,
        ),
        (
            "02-northline-news.txt",
            &[
                "Portvale dockworkers extend",
                "By CPA",
                "March 12, 2025",
                "Striking dockworkers gather",
                "187",
                "Read More:",
                "Kelmouth harbour extends",
                "Ferry operators brace",
                "Original url:",
                "<https://",
            ],
            8,
        ),
        (
            "03-coastal-post.md",
            &[
                "News / Economy",
                "Portvale dock strike enters",
                "by",
                "12 March 2025",
                "Related News:",
                "Fishing fleet joins",
                "The Coastal Post's website",
                "coastalpost.example,",
                "Original url:",
                "<https://",
            ],
            10,
        ),
        (
            "04-daily-meridian.txt",
            &[
                "Port Vale strike: what is",
                "By Tomas",
                "14 March 2025",
                "Related article:",
                "Original url:",
                "<https://",
            ],
            11,
        ),
        (
            "05-valley-courier.txt",
            &[
                "Hundreds evacuated as",
                "By Hanna",
                "March 12, 2025",
                ".",
                "You May Also Like",
                "Recommended for you",
                "Sponsored |",
            ],
            8,
        ),
        (
            "06-eastgate-times.md",
            &[
                "Engineers open spillway",
                "By Oskar",
                "13 March 2025",
                "Rescue volunteers help",
                "Related article:",
                "Original url:",
                "<https://",
            ],
            8,
        ),
        (
            "07-northline-news.txt",
            &[
                "Dunmere residents begin",
                "By Northline",
                "March 15, 2025",
                "Read More:",
                "Varrow Dam inspection records",
                "Farmers count the cost",
                "Original url:",
                "<https://",
            ],
            8,
        ),
        (
            "08-continental-ledger.md",
            &[
                "News / Economy",
                "Bank of Vessland holds",
                "By Petra",
                "March 20, 2025",
                "Governor Ilse Brandvold speaks",
                "23",
                "Original url:",
                "<https://",
            ],
            10,
        ),
        (
            "09-daily-meridian.txt",
            &[
                "Central bank keeps key rate",
                "By Tomas",
                "20 March 2025",
                "Related News:",
                "Mortgage lenders hold",
                ".",
            ],
            8,
        ),
        (
            "10-coastal-post.md",
            &[
                "Rate pause leaves borrowers",
                "By Erik",
                "21 March 2025",
                "The Coastal Post's website",
                "coastalpost.example,",
                "You May Also Like",
                "Recommended for you",
                "Promoted by",
            ],
            8,
        ),
    ];
    let data = tempfile::tempdir().expect("temp dir");
    let output = parallax(data.path(), &["ingest", path(&corpus)]);
    assert!(output.status.success(), "{}", stderr(&output));
    let stored = articles(data.path());
    assert_eq!(stored.len(), cases.len());
    for (article, (name, must_go, paragraphs)) in stored.iter().zip(cases) {
        let source = std::fs::read_to_string(corpus.join(name)).expect("read corpus file");
        check_lines(name, &source, article, must_go);
        assert_eq!(article["paragraphs"].as_array().map(Vec::len), Some(*paragraphs), "{name}");
        assert!(article["title"].is_string() && article["published"].is_string(), "{name}");
    }
}

/// The two outlets that carry the invented CPA wire report are one copy group, and no other
/// articles are: same-story reports by other outlets are not copies.
#[test]
fn duplicates_of_the_demo_corpus() {
    let data = tempfile::tempdir().expect("temp dir");
    let corpus = repo_root().join("examples/demo");
    assert!(parallax(data.path(), &["ingest", path(&corpus)]).status.success());
    let stored = articles(data.path());
    let groups = duplicate_groups(data.path());
    assert_eq!(groups.len(), 1, "{groups:?}");
    let (group, ids) = &groups[0];
    let titles: Vec<&str> = ids
        .iter()
        .map(|id| {
            stored
                .iter()
                .find(|a| a["id"] == *id)
                .and_then(|a| a["title"].as_str())
                .expect("stored")
        })
        .collect();
    assert_eq!(
        titles,
        [
            "Portvale dock strike enters third day as ships queue offshore",
            "Portvale dockworkers extend strike as cargo backlog grows",
        ]
    );
    assert_eq!(group["kind"], "near");
    assert!(
        group["wire"].as_array().is_some_and(|w| w.iter().any(|c| c["credit"]["agency"] == "CPA"))
    );
}

#[test]
fn ingest_is_idempotent_whatever_the_path() {
    let data = tempfile::tempdir().expect("temp dir");
    let inputs = tempfile::tempdir().expect("temp dir");
    write(inputs.path(), "a.txt", format!("Strike shuts port\n\n{LEAD}\n").as_bytes());
    assert!(parallax(data.path(), &["ingest", path(inputs.path())]).status.success());
    write(
        inputs.path(),
        "copy-of-a.txt",
        format!("Strike shuts port\n\n{LEAD}\n\n214\n").as_bytes(),
    );
    let again = parallax(data.path(), &["ingest", path(inputs.path())]);
    assert!(stderr(&again).contains("0 added, 2 already present"), "{}", stderr(&again));
    assert_eq!(articles(data.path()).len(), 1);
}

#[test]
fn bad_items_are_named_and_the_rest_goes_in() {
    let data = tempfile::tempdir().expect("temp dir");
    let earlier = tempfile::tempdir().expect("temp dir");
    write(earlier.path(), "earlier.md", format!("Earlier story\n\n{LEAD}\n").as_bytes());
    assert!(parallax(data.path(), &["ingest", path(earlier.path())]).status.success());

    let inputs = tempfile::tempdir().expect("temp dir");
    write(inputs.path(), "binary.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0");
    write(inputs.path(), "empty.md", b"  \n\n");
    write(inputs.path(), "huge.txt", format!("Big\n\n{}", "word ".repeat(1000)).as_bytes());
    write(inputs.path(), "latin1.txt", b"Caf\xe9 strike\n\nWorkers at the caf\xe9 on Quay Street walked out on Monday, the owner said.\n");
    write(inputs.path(), "good.txt", format!("Strike shuts port\n\n{LEAD}\n").as_bytes());
    let records = format!(
        "{}\nnot json at all\n{{\"text\": \"\", \"url\": \"https://a.example/\"}}\n[1, 2]\n{}\n",
        serde_json::json!({"id": "r1", "title": "Record one", "text": "The ferry ran late on Monday, the operator said."}),
        serde_json::json!({"id": "r5", "title": "Record five", "text": "The council met on Tuesday and approved the budget."}),
    );
    write(inputs.path(), "records.jsonl", records.as_bytes());

    let output = parallax(data.path(), &["ingest", "--max-bytes", "2000", path(inputs.path())]);
    let messages = stderr(&output);
    assert_eq!(output.status.code(), Some(1), "some items failed: {messages}");
    let root = inputs.path().display();
    for expected in [
        format!("error: {root}/binary.txt: binary data, not text"),
        format!("error: {root}/empty.md: empty"),
        format!("error: {root}/huge.txt: 5005 bytes, over the limit of 2000 bytes"),
        format!("error: {root}/records.jsonl:2: not valid JSON"),
        format!("error: {root}/records.jsonl:3: record has no \"text\" and no \"title\""),
        format!("error: {root}/records.jsonl:4: not a JSON object"),
        "4 added, 0 already present, 0 kept raw, 6 failed".to_string(),
    ] {
        assert!(messages.contains(&expected), "missing {expected:?} in:\n{messages}");
    }
    let stored = articles(data.path());
    let titles: Vec<&str> = stored.iter().filter_map(|a| a["title"].as_str()).collect();
    assert_eq!(
        titles,
        ["Earlier story", "Strike shuts port", "Caf\u{fffd} strike", "Record one", "Record five"]
    );
    let latin1 = &stored[2];
    assert!(
        latin1["warnings"][0].as_str().is_some_and(|w| w.contains("invalid UTF-8")),
        "{latin1}"
    );
}

#[test]
fn standard_input_text_and_jsonl() {
    let data = tempfile::tempdir().expect("temp dir");
    let page = format!("Strike shuts port\n\nBy Ana Lind\n\n{LEAD}\n");
    let output = parallax_with_stdin(
        data.path(),
        &["ingest", "-", "--source", "Harbour Herald"],
        Some(page.as_bytes()),
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let lines = b"{\"title\": \"Ferry late\", \"text\": \"The ferry ran late on Monday.\", \"source\": \"Northline News\"}\n";
    let output = parallax_with_stdin(data.path(), &["ingest", "-"], Some(lines));
    assert!(output.status.success(), "{}", stderr(&output));
    let stored = articles(data.path());
    let sources: Vec<&str> = stored.iter().filter_map(|a| a["source"].as_str()).collect();
    assert_eq!(sources, ["Harbour Herald", "Northline News"]);
    assert_eq!(stored[0]["byline"], "Ana Lind");
    assert_eq!(stored[0]["body"], LEAD);
}

#[test]
fn one_article_by_id_prefix_as_text_and_json() {
    let data = tempfile::tempdir().expect("temp dir");
    let page = format!("Strike shuts port\n\n{LEAD}\n");
    parallax_with_stdin(data.path(), &["ingest", "-"], Some(page.as_bytes()));
    let id = articles(data.path())[0]["id"].as_str().expect("id").to_string();
    let text = parallax(data.path(), &["article", &id[..6]]);
    assert!(text.status.success(), "{}", stderr(&text));
    assert!(String::from_utf8_lossy(&text.stdout).contains(LEAD));
    let json = parallax(data.path(), &["article", &id, "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json");
    assert_eq!(value["title"], "Strike shuts port");
    let missing = parallax(data.path(), &["article", "ffffffffffffffff"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("no article with id"));
}

#[test]
fn hostile_text_cannot_drive_the_terminal() {
    let data = tempfile::tempdir().expect("temp dir");
    let page = "Strike \u{1b}]0;owned\u{7} shuts port\n\nDock workers \u{1b}[2J walked out on Tuesday, the union said.\n";
    parallax_with_stdin(data.path(), &["ingest", "-"], Some(page.as_bytes()));
    for args in [&["articles"][..], &["articles", "--json"][..]] {
        let output = parallax(data.path(), args);
        assert!(!output.stdout.contains(&0x1b), "escape byte in `{}` output", args.join(" "));
    }
}

#[test]
fn usage_errors_exit_2_and_missing_stores_exit_1() {
    let data = tempfile::tempdir().expect("temp dir");
    assert_eq!(parallax(data.path(), &["ingest"]).status.code(), Some(2));
    assert_eq!(parallax(data.path(), &["frobnicate"]).status.code(), Some(2));
    let output = parallax(&data.path().join("nowhere"), &["articles"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("no store in"));
    let help = parallax(data.path(), &["--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Examples:"));
}

#[test]
fn a_reader_that_closes_the_pipe_early_ends_the_run_quietly() {
    let data = tempfile::tempdir().expect("temp dir");
    let demo = common::repo_root().join("examples/demo");
    let output = common::parallax(data.path(), &["ingest", demo.to_str().expect("utf-8")]);
    assert!(output.status.success(), "{}", common::stderr(&output));
    for command in [&["stories"][..], &["articles"][..], &["search", "--json", "harbour"][..]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_parallax"))
            .arg("--data-dir")
            .arg(data.path())
            .args(command)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start parallax");
        drop(child.stdout.take());
        let output = child.wait_with_output().expect("wait");
        let text = common::stderr(&output);
        assert!(!text.contains("panicked"), "{command:?}: {text}");
    }
}

#[test]
fn every_command_that_prints_data_takes_format_and_json_for_short() {
    let data = tempfile::tempdir().expect("temp dir");
    let commands: [&[&str]; 16] = [
        &["articles"],
        &["article", "x"],
        &["duplicates"],
        &["stories"],
        &["story", "x"],
        &["analyze", "x"],
        &["search", "x"],
        &["eval", "duplicates"],
        &["eval", "clustering"],
        &["eval", "extraction"],
        &["eval", "quotes"],
        &["eval", "summaries"],
        &["bench", "duplicates"],
        &["bench", "clustering"],
        &["bench", "extraction"],
        &["bench", "warc"],
    ];
    for command in commands {
        let mut args = command[..command.len().min(2)].to_vec();
        if args.len() == 2 && args[1] == "x" {
            args.pop();
        }
        args.push("--help");
        let output = parallax(data.path(), &args);
        let help = String::from_utf8_lossy(&output.stdout);
        assert!(help.contains("--format <FORMAT>"), "{args:?} has no --format:\n{help}");
        assert!(help.contains("--json"), "{args:?} has no --json:\n{help}");
    }
    // The two spellings print the same; asking for two formats at once is a usage error.
    let demo = repo_root().join("examples/demo");
    assert!(parallax(data.path(), &["ingest", demo.to_str().expect("utf-8")]).status.success());
    for command in [["articles"].as_slice(), &["stories"], &["duplicates"]] {
        let json = parallax(data.path(), &[command, &["--json"]].concat());
        let format = parallax(data.path(), &[command, &["--format", "json"]].concat());
        assert!(json.status.success() && !json.stdout.is_empty(), "{}", stderr(&json));
        assert_eq!(json.stdout, format.stdout, "{command:?}");
    }
    let both = parallax(data.path(), &["articles", "--json", "--format", "text"]);
    assert_eq!(both.status.code(), Some(2));
}
