//! Extraction: a [`Document`] in, a clean [`Article`] out.
//!
//! Owns everything between raw bytes and reporting text: decoding (byte-order marks, UTF-16,
//! invalid UTF-8, binary refusal), reading plain text and Markdown into blocks, removing the web
//! page around the article (related-link blocks, "You May Also Like" tails, captions and photo
//! credits, site notices, counters, section labels) and lifting the metadata the text carries
//! (headline, byline, date line, dateline, "Original url"). JSON records (one line of JSON
//! Lines) are read the same way, with their fields as metadata.
//!
//! HTML pages are not extracted yet: [`extract`] answers [`ExtractError::Unsupported`] and the
//! caller keeps the document to extract later. Two pieces exist: [`decode_html`] finds a page's
//! character encoding (byte-order mark, HTTP header, `<meta>`, then a guess), and
//! [`article_from_jsonld`] reads the article node of its JSON-LD.
//!
//! ```
//! use parallax_core::{ContentType, Document, Origin};
//!
//! let page = "Strike shuts port\n\nBy [Ana Lind](#)\n\nDock workers walked out on Tuesday.\n\n\
//!             Read More:\n\nUnions vow to fight on\n";
//! let document = Document::new(Origin::Stdin, ContentType::Markdown, page.as_bytes().to_vec());
//! let article = parallax_extract::extract(&document)?;
//! assert_eq!(article.title.as_deref(), Some("Strike shuts port"));
//! assert_eq!(article.byline.as_deref(), Some("Ana Lind"));
//! assert_eq!(article.body_text(), "Dock workers walked out on Tuesday.");
//! # Ok::<(), parallax_extract::ExtractError>(())
//! ```

mod blocks;
mod charset;
mod clean;
mod decode;
mod furniture;
mod html;
mod jsonld;
mod meta;
mod record;

use std::time::Instant;

use parallax_core::{Article, ContentType, Document, normalize_whitespace, strip_control};

pub use crate::charset::{HtmlText, decode_html};
pub use crate::html::{
    HtmlArticle, HtmlMetadata, MAX_HTML_BYTES, extract_html, extract_html_until, read_html_metadata,
};
pub use crate::jsonld::{JsonLdArticle, article_from_jsonld};

use crate::clean::{Cleaned, Layout};
use crate::record::Record;

/// Why a document gave no article.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    /// Nothing but whitespace.
    #[error("empty: no text in it")]
    Empty,
    /// NUL bytes or mostly control bytes.
    #[error("binary data, not text")]
    Binary,
    /// A JSON Lines record that does not parse.
    #[error("not valid JSON: {0}")]
    NotJson(serde_json::Error),
    /// A JSON Lines record that is not an object.
    #[error("not a JSON object")]
    NotAnObject,
    /// A JSON Lines record with neither a `text` nor a `title`, or with both empty.
    #[error("record has no \"text\" and no \"title\"")]
    NoText,
    /// A text of one line or block: a headline at most, no article.
    #[error("too short to be an article: one line of {words} word(s)")]
    TooShort {
        /// Its words.
        words: usize,
    },
    /// Everything in the text was boilerplate.
    #[error("no reporting text left after removing boilerplate")]
    NothingLeft,
    /// Bytes served as HTML that are something else.
    #[error("not an HTML page: {0}")]
    NotHtml(&'static str),
    /// An HTML page that cannot be read as an article page.
    #[error("HTML page: {0}")]
    Html(String),
    /// The time allowed for extraction ran out (see [`extract_until`]).
    #[error("out of time: extraction stopped {0}")]
    OutOfTime(&'static str),
    /// A content type this version cannot extract yet.
    #[error("{} extraction is not available yet; the document is kept raw", .0.as_str())]
    Unsupported(ContentType),
}

/// `Result` with [`ExtractError`].
pub type Result<T> = std::result::Result<T, ExtractError>;

/// Texts shorter than this are not trusted for language identification.
const LANGUAGE_MIN_CHARS: usize = 40;

/// Extracts the article a document holds.
pub fn extract(document: &Document) -> Result<Article> {
    extract_until(document, None)
}

/// Extracts the article a document holds, giving up with [`ExtractError::OutOfTime`] once
/// `deadline` has passed. The deadline is checked between stages (decoding, parsing, metadata,
/// main text), so the time taken past it is at most one stage's, and every stage is linear in
/// the page.
pub fn extract_until(document: &Document, deadline: Option<Instant>) -> Result<Article> {
    if document.content_type == ContentType::Html {
        let page = decode_html(&document.bytes, document.charset.as_deref())?;
        in_time(deadline, "after decoding")?;
        let mut article =
            extract_html_until(&page.text, document.url.as_deref(), deadline)?.article;
        article.warnings.splice(0..0, page.warnings);
        return Ok(finish(article, document));
    }
    let decoded = decode::decode(&document.bytes)?;
    in_time(deadline, "after decoding")?;
    let mut article = match document.content_type {
        ContentType::PlainText | ContentType::Markdown => {
            let markdown = document.content_type == ContentType::Markdown;
            let blocks = blocks::split_blocks(&decoded.text, markdown);
            let single = blocks.len() < 2;
            match article_of(clean::clean(blocks, Layout { title_first: true })) {
                // One line read as a headline: say so, not "boilerplate".
                Err(ExtractError::NothingLeft) if single => {
                    let words = decoded.text.split_whitespace().count();
                    return Err(ExtractError::TooShort { words });
                }
                other => other?,
            }
        }
        ContentType::JsonRecord => from_record(Record::parse(&decoded.text)?)?,
        ContentType::Html => return Err(ExtractError::Unsupported(ContentType::Html)),
    };
    article.warnings.extend(decoded.warnings);
    Ok(finish(article, document))
}

/// `Err(OutOfTime(stage))` once `deadline` has passed.
pub(crate) fn in_time(deadline: Option<Instant>, stage: &'static str) -> Result<()> {
    match deadline {
        Some(deadline) if Instant::now() >= deadline => Err(ExtractError::OutOfTime(stage)),
        _ => Ok(()),
    }
}

/// Settles the stated outlet and the language, then seals the article. A record's own
/// `source` comes first, then the outlet the user named for the document, then the page's
/// site name. The address's domain and the datelines are read later, with the outlet table
/// (`parallax-outlets`).
fn finish(mut article: Article, document: &Document) -> Article {
    let from_record = document.content_type == ContentType::JsonRecord;
    if document.source.is_some() && !(from_record && article.source.is_some()) {
        article.source = document.source.clone();
    }
    article.language = detect_language(&article.body_text());
    article.seal();
    article
}

fn article_of(cleaned: Cleaned) -> Result<Article> {
    if cleaned.paragraphs.is_empty() {
        return Err(ExtractError::NothingLeft);
    }
    let mut article = Article::new(cleaned.paragraphs);
    article.title = cleaned.title;
    article.byline = cleaned.byline;
    article.published = cleaned.published;
    article.canonical_url = cleaned.canonical_url;
    article.dateline = cleaned.dateline;
    Ok(article)
}

fn from_record(record: Record) -> Result<Article> {
    let text = record.text.as_deref().unwrap_or_default();
    let blocks = blocks::split_blocks(text, false);
    // Record fields are untrusted text like the body: no control characters get through.
    let field = |value: &Option<String>| {
        value.as_deref().map(|v| normalize_whitespace(&strip_control(v))).filter(|v| !v.is_empty())
    };
    let title = field(&record.title);
    let mut article = match article_of(clean::clean(blocks, Layout { title_first: false })) {
        Ok(article) => article,
        // Record::parse made sure a title is there.
        Err(ExtractError::NothingLeft) if title.is_some() => {
            let mut article = Article::new(Vec::new());
            article.warnings.push("headline only: the record has no body text".to_string());
            article
        }
        Err(error) => return Err(error),
    };
    article.title = title.or(article.title);
    article.source = field(&record.source);
    article.url = field(&record.url);
    article.external_id = record.external_id();
    if let Some(published) = record.published.as_deref().filter(|p| !p.trim().is_empty()) {
        match meta::parse_date_field(published) {
            Some(date) => article.published = Some(date),
            None => article.warnings.push(format!("unreadable \"published\": {published:?}")),
        }
    }
    Ok(article)
}

fn detect_language(text: &str) -> Option<String> {
    if text.chars().count() < LANGUAGE_MIN_CHARS {
        return None;
    }
    let sample: String = text.chars().take(2000).collect();
    let info = whatlang::detect(&sample)?;
    info.is_reliable().then(|| info.lang().code().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::Origin;

    fn record(json: &str) -> Result<Article> {
        extract(&Document::new(Origin::Stdin, ContentType::JsonRecord, json.as_bytes().to_vec()))
    }

    #[test]
    fn a_one_line_text_is_too_short_not_boilerplate() {
        let text = Document::new(Origin::Stdin, ContentType::PlainText, b"Port reopens".to_vec());
        let error = extract(&text).expect_err("one line");
        assert_eq!(error.to_string(), "too short to be an article: one line of 2 word(s)");
        let two = b"Port reopens\n\nShips moved again on Friday, the harbour master said.";
        let document = Document::new(Origin::Stdin, ContentType::PlainText, two.to_vec());
        assert!(extract(&document).is_ok(), "a headline and a paragraph are an article");
    }

    #[test]
    fn a_page_with_nothing_but_its_headline_says_so() {
        let page = "<html><head><title>Dock strike ends</title></head><body>\
                    <h1>Dock strike ends</h1><div class=\"x\"></div></body></html>";
        let article = extract_html(page, None).expect("kept").article;
        assert!(article.body.is_empty());
        assert_eq!(article.title.as_deref(), Some("Dock strike ends"));
        // One warning, and not also "the page's text kept": there was none to keep.
        assert_eq!(article.warnings, ["no body text found: only the headline is kept"]);
    }

    #[test]
    fn a_deadline_that_has_passed_stops_extraction_with_a_reason() {
        let page = "<html><head><title>Port strike</title></head><body><article><p>Dock workers \
                    walked out on Tuesday after talks broke down over pay.</p></article></body></html>";
        let document = Document::new(Origin::Stdin, ContentType::Html, page.as_bytes().to_vec());
        let later = Instant::now() + std::time::Duration::from_secs(60);
        assert!(extract_until(&document, Some(later)).is_ok(), "in time, it extracts");
        let error = extract_until(&document, Some(Instant::now())).expect_err("out of time");
        assert!(matches!(error, ExtractError::OutOfTime(_)), "{error}");
        assert_eq!(error.to_string(), "out of time: extraction stopped after decoding");
        let html = extract_html_until(page, None, Some(Instant::now())).expect_err("out of time");
        assert_eq!(html.to_string(), "out of time: extraction stopped before parsing");
        let text = Document::new(Origin::Stdin, ContentType::PlainText, b"Rain fell.".to_vec());
        assert!(matches!(
            extract_until(&text, Some(Instant::now())),
            Err(ExtractError::OutOfTime(_))
        ));
    }

    #[test]
    fn records_keep_their_fields() {
        let article = record(
            r#"{"id": 7, "story": "s1", "source": "Harbour Herald", "title": "Strike",
                "text": "Dock workers in Portvale walked out on Tuesday over unpaid overtime and pensions. The union said the strike would last until the ministry made a new offer.",
                "published": "2025-03-11", "url": "https://herald.example/a"}"#,
        );
        let article = article.as_ref().ok();
        assert_eq!(article.and_then(|a| a.external_id.as_deref()), Some("7"));
        assert_eq!(article.and_then(|a| a.source.as_deref()), Some("Harbour Herald"));
        assert_eq!(
            article.and_then(|a| a.published).map(|p| p.to_string()).as_deref(),
            Some("2025-03-11")
        );
        assert_eq!(article.and_then(|a| a.language.as_deref()), Some("eng"));
    }

    #[test]
    fn record_fields_lose_control_characters() {
        let article = record(
            "{\"title\": \"A\\u001b[2J\\u202eB\", \"source\": \"S\\u0000\", \"text\": \"Rain fell.\"}",
        );
        let article = article.as_ref().ok();
        assert_eq!(article.and_then(|a| a.title.as_deref()), Some("A[2JB"));
        assert_eq!(article.and_then(|a| a.source.as_deref()), Some("S"));
    }

    #[test]
    fn bad_records_say_why() {
        assert!(matches!(record("{not json"), Err(ExtractError::NotJson(_))));
        assert!(matches!(record("[1, 2]"), Err(ExtractError::NotAnObject)));
        assert!(matches!(record(r#"{"url": "https://a.example/"}"#), Err(ExtractError::NoText)));
        assert!(matches!(record(r#"{"text": "  ", "title": ""}"#), Err(ExtractError::NoText)));
    }

    #[test]
    fn a_headline_without_a_body_is_kept_with_a_warning() {
        let article = record(r#"{"title": "Shutdown begins", "text": ""}"#);
        let article = article.as_ref().ok();
        assert_eq!(article.map(|a| a.body.len()), Some(0));
        assert_eq!(article.and_then(|a| a.title.as_deref()), Some("Shutdown begins"));
        assert_eq!(article.map(|a| a.warnings.len()), Some(1));
    }

    #[test]
    fn unreadable_dates_are_warnings_not_guesses() {
        let article = record(r#"{"text": "Rain fell.", "published": "last week"}"#);
        let article = article.as_ref().ok();
        assert_eq!(article.and_then(|a| a.published), None);
        assert_eq!(article.map(|a| a.warnings.len()), Some(1));
    }
}
