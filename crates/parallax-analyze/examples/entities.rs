//! Prints the entities of text files, then the entities of all of them merged as one story.
//!
//! `cargo run -p parallax-analyze --example entities -- a.txt b.txt ...`

fn main() -> std::io::Result<()> {
    let mut all = Vec::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path)?;
        let found = parallax_analyze::entities(&text);
        println!("== {path}");
        for entity in &found.entities {
            let roles: Vec<&str> = entity.roles.iter().map(|r| r.text.as_str()).collect();
            println!(
                "{:<12} {:<30} x{:<2} {:?} {:?}",
                entity.kind.as_str(),
                entity.name,
                entity.mentions.len(),
                entity.variants,
                roles
            );
        }
        for description in &found.unresolved {
            println!("unresolved   {:?}", &text[description.span.clone()]);
        }
        all.push(found);
    }
    println!("== merged");
    let lists: Vec<&parallax_analyze::Entities> = all.iter().collect();
    for entity in parallax_analyze::merge_entities(&lists) {
        println!(
            "{:<12} {:<30} {:?} in {} articles",
            entity.kind.as_str(),
            entity.name,
            entity.variants,
            entity.members.len()
        );
    }
    Ok(())
}
