//! Any text through quote and reported-speech attribution, then the whole analysis that links
//! speakers to entities.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = parallax_analyze::attributions(text);
    let _ = parallax_analyze::analyze(text, None);
});
