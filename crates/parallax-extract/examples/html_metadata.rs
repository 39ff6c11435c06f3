//! Prints what parallax reads from HTML pages so far: the encoding, and the article node of
//! the page's JSON-LD, one JSON line per file.
//!
//! `cargo run -p parallax-extract --example html_metadata -- page.html...`

fn main() {
    for path in std::env::args().skip(1) {
        let line = match std::fs::read(&path) {
            Err(error) => serde_json::json!({"file": path, "error": error.to_string()}),
            Ok(bytes) => match parallax_extract::decode_html(&bytes, None) {
                Err(error) => serde_json::json!({"file": path, "error": error.to_string()}),
                Ok(page) => {
                    let article = parallax_extract::article_from_jsonld(&page.text);
                    serde_json::json!({
                        "file": path,
                        "encoding": page.encoding,
                        "warnings": page.warnings,
                        "headline": article.as_ref().and_then(|a| a.headline.clone()),
                        "authors": article.as_ref().map(|a| a.authors.clone()),
                        "published": article.as_ref().and_then(|a| a.published.clone()),
                    })
                }
            },
        };
        println!("{line}");
    }
}
