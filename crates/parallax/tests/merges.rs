//! Stable story ids: two stories that a later article bridges merge, and the merged story's id
//! still answers — a note on the CLI, a permanent redirect on the web and the API.

mod common;

use std::collections::BTreeSet;

use common::{http_with_head, parallax, serve, stderr};
use serde_json::Value;

/// Three reports of one bridge closure, six days apart at the ends: the first two start two
/// stories (too far apart in time to join), the third, between them, joins both.
const REPORTS: [(&str, &str, &str, &str); 3] = [
    (
        "a",
        "2025-03-10",
        "Portvale harbour bridge shut for cable repairs",
        "The Portvale harbour bridge closed on Monday for urgent repairs to its suspension cables, \
         the city council said. Engineers found corrosion on two of the main cables during an \
         inspection last week, council engineer Tomas Berg told reporters. Ferries will carry \
         commuters across the harbour while the bridge is shut, and extra buses will run to the \
         ferry piers. The council said the repairs would cost about 4 million crowns and take at \
         least three weeks.",
    ),
    (
        "b",
        "2025-03-16",
        "Bridge in Portvale stays closed as cable work goes on",
        "Work on the corroded suspension cables of the Portvale harbour bridge went on, council \
         engineer Tomas Berg said, with ferries still carrying commuters across the harbour. The \
         repairs are expected to cost about 4 million crowns.",
    ),
    (
        "c",
        "2025-03-13",
        "Portvale bridge repairs: ferries and buses for commuters",
        "Commuters crossed the Portvale harbour by ferry as the bridge stayed shut for repairs to \
         its corroded suspension cables, council engineer Tomas Berg said. Extra buses ran to the \
         ferry piers; the council put the cost at about 4 million crowns.",
    ),
];

fn story_ids(data: &std::path::Path) -> BTreeSet<String> {
    let output = parallax(data, &["stories", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let json: Value = serde_json::from_slice(&output.stdout).expect("stories --json");
    let stories = json["stories"].as_array().expect("stories");
    stories.iter().map(|s| s["id"].as_str().expect("an id").to_string()).collect()
}

#[test]
fn a_story_merged_by_a_bridging_report_still_answers_on_the_cli_the_web_and_the_api() {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    let mut seen = Vec::new();
    for (id, day, title, text) in REPORTS {
        let record = serde_json::json!({
            "id": id, "source": format!("Outlet {id}"), "title": title, "text": text, "published": day,
        });
        let file = dir.path().join(format!("{id}.jsonl"));
        std::fs::write(&file, record.to_string()).expect("write");
        let output = parallax(&data, &["ingest", file.to_str().expect("utf-8")]);
        assert!(output.status.success(), "{}", stderr(&output));
        seen.push(story_ids(&data));
    }
    assert_eq!(seen[1].len(), 2, "the first two reports are two stories: {seen:?}");
    assert_eq!(seen[2].len(), 1, "the third merged them: {seen:?}");
    let kept = seen[2].iter().next().expect("one story").clone();
    assert!(seen[0].contains(&kept), "the merge keeps the older story's id");
    let gone = seen[1].iter().find(|id| **id != kept).expect("the younger story").clone();

    // The CLI shows the story it went into, with a note.
    let output = parallax(&data, &["story", &gone, "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(&format!("{gone} was merged into {kept}")),
        "{}",
        stderr(&output)
    );
    let dossier: Value = serde_json::from_slice(&output.stdout).expect("a dossier");
    assert_eq!(dossier["story"], kept.as_str());
    assert_eq!(dossier["sources"].as_array().map(Vec::len), Some(3));

    // The web page and the API answer with a permanent redirect to it.
    let (mut server, addr) = serve(&data);
    for (path, to) in [("/stories/", "/stories/"), ("/api/stories/", "/api/stories/")] {
        let request = format!("GET {path}{gone} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let (status, head, _) = http_with_head(addr, &request).expect("an answer");
        assert_eq!(status, 308, "{path}{gone}: {head}");
        let location = format!("location: {to}{kept}");
        assert!(head.to_ascii_lowercase().contains(&location), "{head}");
        let request = format!("GET {path}{kept} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assert_eq!(http_with_head(addr, &request).map(|answer| answer.0), Some(200));
    }
    server.kill().expect("stop the server");
    let _ = server.wait();
}
