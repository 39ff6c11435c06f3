//! How articles are shown: text for people, JSON for programs.

use parallax_core::{Article, Paragraph, strip_control};
use serde::Serialize;

/// Width of text output, in columns.
const WIDTH: usize = 100;

/// An article as `--json` prints it.
#[derive(Debug, Serialize)]
pub struct ArticleJson<'a> {
    id: &'a str,
    source: Option<&'a str>,
    title: Option<&'a str>,
    byline: Option<&'a str>,
    published: Option<String>,
    modified: Option<String>,
    dateline: Option<&'a str>,
    url: Option<&'a str>,
    canonical_url: Option<&'a str>,
    language: Option<&'a str>,
    /// The cleaned text, paragraphs separated by a blank line.
    body: String,
    paragraphs: &'a [Paragraph],
    content_hash: &'a str,
    external_id: Option<&'a str>,
    warnings: &'a [String],
}

impl<'a> From<&'a Article> for ArticleJson<'a> {
    fn from(article: &'a Article) -> ArticleJson<'a> {
        ArticleJson {
            id: article.id.as_str(),
            source: article.source.as_deref(),
            title: article.title.as_deref(),
            byline: article.byline.as_deref(),
            published: article.published.map(|p| p.to_string()),
            modified: article.modified.map(|p| p.to_string()),
            dateline: article.dateline.as_deref(),
            url: article.url.as_deref(),
            canonical_url: article.canonical_url.as_deref(),
            language: article.language.as_deref(),
            body: article.body_text(),
            paragraphs: &article.body,
            content_hash: &article.content_hash,
            external_id: article.external_id.as_deref(),
            warnings: &article.warnings,
        }
    }
}

/// Stored text is untrusted: no control characters reach the terminal.
fn clean(text: &str) -> String {
    strip_control(text).replace(['\n', '\t'], " ")
}

/// The text on one line, cut to `width` characters with an ellipsis.
pub fn truncate(text: &str, width: usize) -> String {
    let text = clean(text);
    if text.chars().count() <= width {
        return text;
    }
    let mut cut: String = text.chars().take(width.saturating_sub(1)).collect();
    cut.push('…');
    cut
}

/// One line per article: id, date, outlet, title.
pub fn article_table(articles: &[Article]) -> String {
    let mut out = format!("{:<16}  {:<10}  {:<20}  {}\n", "ID", "PUBLISHED", "SOURCE", "TITLE");
    for article in articles {
        let published = article.published.map(|p| p.date().to_string()).unwrap_or_default();
        let source = truncate(article.source.as_deref().unwrap_or("-"), 20);
        let title = truncate(article.title.as_deref().unwrap_or("(untitled)"), WIDTH - 54);
        out.push_str(&format!(
            "{:<16}  {:<10}  {:<20}  {}\n",
            article.id, published, source, title
        ));
    }
    out
}

/// The whole article, wrapped for reading.
pub fn article_text(article: &Article) -> String {
    let mut out = String::new();
    let title = clean(article.title.as_deref().unwrap_or("(untitled)"));
    out.push_str(&format!("{title}\n{}\n", "=".repeat(title.chars().count().min(WIDTH))));
    let fields = [
        ("id", Some(article.id.to_string())),
        ("source", article.source.clone()),
        ("byline", article.byline.clone()),
        ("published", article.published.map(|p| p.to_string())),
        ("modified", article.modified.map(|p| p.to_string())),
        ("dateline", article.dateline.clone()),
        ("url", article.url.clone()),
        ("canonical", article.canonical_url.clone()),
        ("language", article.language.clone()),
    ];
    for (name, value) in fields {
        if let Some(value) = value {
            out.push_str(&format!("{name:>10}: {}\n", clean(&value)));
        }
    }
    for warning in &article.warnings {
        out.push_str(&format!("{:>10}: {}\n", "warning", clean(warning)));
    }
    for paragraph in &article.body {
        out.push('\n');
        for line in textwrap::wrap(&clean(&paragraph.text), WIDTH) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A memory figure of this process from `/proc/self/status` on Linux, in KiB: `VmHWM` (peak
/// resident) or `VmRSS` (resident now).
pub fn memory_kib(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line =
        status.lines().find(|line| line.strip_prefix(field).is_some_and(|r| r.starts_with(':')))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// What a listing of an empty store says: that it is empty, and what to run next.
pub fn empty_store(data_dir: &std::path::Path) -> String {
    format!(
        "no articles in {}: add some with `parallax ingest PATH` (files, folders, JSON Lines, \
         web archives) or `parallax ingest --feed URL`; `parallax demo` shows the whole \
         pipeline on a built-in example",
        data_dir.display()
    )
}
