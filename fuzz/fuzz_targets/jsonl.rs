//! Any bytes as a JSON Lines file: every line becomes a document or an error naming the line,
//! and every document an article or an extraction error.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{Sources, SourcesConfig};

static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();

fuzz_target!(|bytes: &[u8]| {
    let folder = FOLDER.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
    let path = folder.path().join("input.jsonl");
    std::fs::write(&path, bytes).expect("written");
    let config = SourcesConfig { max_bytes: 1 << 16, ..SourcesConfig::default() };
    for entry in Sources::open(&[path], &config) {
        if let Ok(document) = entry.item {
            let _ = parallax_extract::extract(&document);
        }
    }
});
