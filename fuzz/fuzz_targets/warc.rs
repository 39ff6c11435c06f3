//! Any bytes as a WARC file, plain and gzip-compressed (the bytes as a gzip stream too): the
//! reader yields documents or errors naming the record, never panics or hangs.
#![no_main]

use std::io::Write;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use parallax_ingest::{Sources, SourcesConfig};

static FOLDER: OnceLock<tempfile::TempDir> = OnceLock::new();

fn read(name: &str, bytes: &[u8]) {
    let folder = FOLDER.get_or_init(|| tempfile::tempdir().expect("a temporary folder"));
    let path = folder.path().join(name);
    std::fs::write(&path, bytes).expect("written");
    let config = SourcesConfig { max_bytes: 1 << 20, ..SourcesConfig::default() };
    for entry in Sources::open(&[path], &config) {
        let _ = entry.item.map(|document| document.bytes.len());
    }
}

fuzz_target!(|bytes: &[u8]| {
    read("input.warc", bytes);
    read("raw.warc.gz", bytes);
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gzip.write_all(bytes).expect("compressed");
    read("input.warc.gz", &gzip.finish().expect("compressed"));
});
