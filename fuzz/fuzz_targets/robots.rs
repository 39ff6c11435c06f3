//! Any bytes as a robots.txt, asked about a few paths.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    for path in ["/", "/news/2025/a.html", "/private/%E2%82%AC?x=1", "/*$"] {
        let url = url::Url::parse(&format!("https://fuzz.example{path}")).expect("a URL");
        let _ = parallax_fetch::robots_allows("parallax", bytes, &url);
    }
});
