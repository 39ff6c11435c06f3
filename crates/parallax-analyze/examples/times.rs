//! Prints the time expressions of a text file and what they resolve to.
//!
//! `cargo run -p parallax-analyze --example times -- article.txt [YYYY-MM-DD]`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: times FILE [ANCHOR]")?;
    let text = std::fs::read_to_string(path)?;
    let anchor = args.next().map(|a| a.parse()).transpose()?;
    for found in parallax_analyze::time_expressions(&text, anchor) {
        println!("{:?} {:?} | {}", found.direction, found.value, &text[found.span]);
    }
    Ok(())
}
