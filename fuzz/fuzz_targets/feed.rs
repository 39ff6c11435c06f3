//! Any bytes as an RSS, Atom or JSON feed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(feed) = parallax_ingest::read_feed(bytes, "https://fuzz.example/news/feed.xml", 50)
    {
        for item in &feed.items {
            let _ = item.link.as_deref().map(str::len);
        }
    }
});
