//! Extracts the article from each text or Markdown file named on the command line and prints
//! its metadata and paragraphs: `cargo run -p parallax-extract --example extract_file -- FILE...`

use parallax_core::{ContentType, Document, Origin};

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("{path}: {error}");
                continue;
            }
        };
        let kind =
            if path.ends_with(".md") { ContentType::Markdown } else { ContentType::PlainText };
        let document = Document::new(Origin::File { path: path.clone().into() }, kind, bytes);
        match parallax_extract::extract(&document) {
            Ok(article) => {
                println!("== {path}");
                println!("title:     {:?}", article.title);
                println!("byline:    {:?}", article.byline);
                println!("published: {:?}", article.published.map(|p| p.to_string()));
                println!("dateline:  {:?}", article.dateline);
                println!("canonical: {:?}", article.canonical_url);
                println!("language:  {:?}", article.language);
                for paragraph in &article.body {
                    println!("  [{:?}] {}", paragraph.kind, paragraph.text);
                }
            }
            Err(error) => eprintln!("{path}: {error}"),
        }
    }
}
