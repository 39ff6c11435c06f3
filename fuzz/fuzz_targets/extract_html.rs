//! Any bytes as an HTML page: charset detection, parsing, metadata and main text must return
//! an article or an error, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(page) = parallax_extract::decode_html(bytes, None) {
        let _ =
            parallax_extract::extract_html(&page.text, Some("https://fuzz.example/2025/03/11/a"));
    }
});
