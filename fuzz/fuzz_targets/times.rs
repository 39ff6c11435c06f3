//! Any text through the time-expression finder, with and without a date to resolve against.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let anchor = chrono::NaiveDate::from_ymd_opt(2021, 12, 7);
    let _ = parallax_analyze::time_expressions(text, anchor);
    let _ = parallax_analyze::time_expressions(text, None);
});
