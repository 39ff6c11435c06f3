//! Prints what parallax reads from HTML pages: the encoding, the metadata (title, authors,
//! dates, canonical address, site, language) and the first paragraphs, one JSON line per file.
//!
//! `cargo run -p parallax-extract --example html_metadata -- page.html...`

fn main() {
    for path in std::env::args().skip(1) {
        let line = match read(&path) {
            Err(error) => serde_json::json!({"file": path, "error": error}),
            Ok(line) => line,
        };
        println!("{line}");
    }
}

fn read(path: &str) -> Result<serde_json::Value, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let page = parallax_extract::decode_html(&bytes, None).map_err(|e| e.to_string())?;
    let extracted = parallax_extract::extract_html(&page.text, None).map_err(|e| e.to_string())?;
    let metadata = &extracted.metadata;
    let date = |d: Option<parallax_core::Published>| d.map(|d| d.to_string());
    let opening: Vec<&str> =
        extracted.article.body.iter().take(3).map(|p| p.text.as_str()).collect();
    let warnings = [page.warnings.clone(), extracted.article.warnings.clone()].concat();
    Ok(serde_json::json!({
        "file": path,
        "encoding": page.encoding,
        "title": metadata.title,
        "authors": metadata.authors,
        "published": date(extracted.article.published),
        "modified": date(extracted.article.modified),
        "displayed": metadata.displayed.map(|(d, updated)| (d.to_string(), updated)),
        "canonical_url": metadata.canonical_url,
        "site": metadata.site,
        "language": metadata.language,
        "paragraphs": extracted.article.body.len(),
        "opening": opening,
        "warnings": warnings,
    }))
}
