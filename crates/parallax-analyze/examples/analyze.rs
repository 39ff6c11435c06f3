//! Prints what parallax reads out of a text file: entities, quotes with their speakers,
//! figures with their sources, and time expressions.
//!
//! `cargo run -p parallax-analyze --example analyze -- article.txt [YYYY-MM-DD]`

use parallax_analyze::{Analysis, Speaker};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: analyze FILE [ANCHOR]")?;
    let text = std::fs::read_to_string(path)?;
    let anchor = args.next().map(|a| a.parse()).transpose()?;
    let analysis = parallax_analyze::analyze(&text, anchor);
    for entity in &analysis.entities.entities {
        println!("entity  {} {} {:?}", entity.kind.as_str(), entity.name, entity.variants);
    }
    for quote in &analysis.quotes {
        let content = &text[quote.attribution.content.clone()];
        println!("quote   {} | {}", who(&analysis, &quote.speaker), content);
    }
    for figure in &analysis.figures {
        let quantity = &figure.quantity;
        let counted = quantity.counted.clone().map_or("-", |c| &text[c]);
        println!(
            "figure  {} = {} {:?} {:?} counts {counted:?} | {}",
            &text[quantity.span.clone()],
            quantity.value,
            quantity.qualifier,
            quantity.unit,
            who(&analysis, &figure.speaker)
        );
    }
    for time in &analysis.times {
        println!("time    {} -> {:?} {:?}", &text[time.span.clone()], time.value, time.direction);
    }
    Ok(())
}

fn who(analysis: &Analysis, speaker: &Speaker) -> String {
    match speaker {
        Speaker::Entity(i) => analysis.entities.entities[*i].name.clone(),
        Speaker::Anonymous(words) => format!("(unnamed) {words}"),
        Speaker::Unknown => "?".to_string(),
    }
}
