//! Prints the attributions found in a text file (or standard input): content, cue and source.
//!
//! `cargo run -p parallax-analyze --example attributions -- article.txt`

use std::io::Read;

fn main() -> std::io::Result<()> {
    let mut text = String::new();
    match std::env::args().nth(1) {
        Some(path) => text = std::fs::read_to_string(path)?,
        None => _ = std::io::stdin().read_to_string(&mut text)?,
    }
    for found in parallax_analyze::attributions(&text) {
        let part = |range: Option<std::ops::Range<usize>>| range.map_or("-", |r| &text[r]);
        println!(
            "[{}] {} | {} | {}",
            if found.direct { "quote" } else { "reported" },
            part(found.source),
            part(found.cue),
            &text[found.content],
        );
    }
    Ok(())
}
