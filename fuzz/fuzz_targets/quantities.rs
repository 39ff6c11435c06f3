//! Any text through the quantity finder (numbers, money, units, ranges).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = parallax_analyze::quantities(text);
});
