//! Who said what in the reference story, `../shared/seeds`. Skips when `../shared` is absent.

use std::path::PathBuf;

use parallax_analyze::{Attribution, attributions};

/// The text of the seed whose file name starts with `prefix`, or `None` without `../shared`.
fn seed(prefix: &str) -> Option<String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let entry = std::fs::read_dir(&dir)
        .ok()?
        .flatten()
        .find(|e| e.file_name().to_string_lossy().starts_with(prefix))?;
    Some(std::fs::read_to_string(entry.path()).expect("a readable seed"))
}

/// The speaker of the first attribution whose content contains `words`, as text.
fn speaker_of(text: &str, found: &[Attribution], words: &str) -> Option<String> {
    let attribution = found.iter().find(|a| text[a.content.clone()].contains(words))?;
    attribution.speaker.clone().map(|s| text[s].to_string())
}

#[test]
fn the_seed_quotes_have_their_speakers() {
    let Some(first) = seed("000_") else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    // (seed, words of the statement, a word of the speaker's name)
    let cases = [
        ("000_", "red lines", "Biden"),
        ("001_", "red line", "Biden"),
        ("004_", "red lines", "Biden"),
        ("002_", "breakthroughs", "Peskov"),
        ("002_", "escalation of tensions in Europe", "Peskov"),
        ("004_", "sorry state", "Peskov"),
        ("004_", "tension around Ukraine", "Peskov"),
        ("000_", "The only thing they can probably agree on", "Kortunov"),
        ("004_", "The only thing they can probably agree on", "Kortunov"),
        ("000_", "positions were unlikely to be reconciled", "Kortunov"),
    ];
    let mut failures = Vec::new();
    for (prefix, words, name) in cases {
        let text = if prefix == "000_" { first.clone() } else { seed(prefix).expect("the seed") };
        let found = attributions(&text);
        match speaker_of(&text, &found, words) {
            Some(speaker) if speaker.contains(name) => {}
            other => failures.push(format!("{prefix} {words:?}: speaker {other:?}, want {name}")),
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
