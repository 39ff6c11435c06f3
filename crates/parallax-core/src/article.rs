//! The clean article every later stage works on.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};

use crate::text::normalize_whitespace;
use crate::{Error, Result};

/// What an article whose outlet nothing names is shown as; never counted as an outlet.
pub const UNKNOWN_OUTLET: &str = "unknown outlet";

/// Whether an outlet label stands for an unknown outlet: [`UNKNOWN_OUTLET`], alone or with the
/// article it marks ("unknown outlet (a00a8523)", as a dossier tells its reports apart).
pub fn is_unknown_outlet(label: &str) -> bool {
    label.starts_with(UNKNOWN_OUTLET)
}

/// A stable article id: 16 hex digits of a hash over source, URL, title and body.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ArticleId(String);

impl ArticleId {
    /// Wraps a stored id as it is.
    pub fn from_stored(id: impl Into<String>) -> ArticleId {
        ArticleId(id.into())
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ArticleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// When an article was published, as precisely as the input says: a day, or an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum Published {
    /// Only the day is known.
    Date(NaiveDate),
    /// The instant is known, with the offset it was given in.
    DateTime(DateTime<FixedOffset>),
}

impl Published {
    /// The calendar day.
    pub fn date(&self) -> NaiveDate {
        match self {
            Published::Date(date) => *date,
            Published::DateTime(instant) => instant.date_naive(),
        }
    }

    /// The moment it stands for, in UTC: a bare day counts as its noon.
    pub fn instant(&self) -> DateTime<Utc> {
        match self {
            Published::Date(date) => {
                date.and_time(NaiveTime::MIN).and_utc() + chrono::Duration::hours(12)
            }
            Published::DateTime(instant) => instant.with_timezone(&Utc),
        }
    }

    /// Parses `YYYY-MM-DD` or an RFC 3339 timestamp, as written by [`Published`]'s `Display`.
    pub fn parse(text: &str) -> Result<Published> {
        let text = text.trim();
        if let Ok(date) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
            return Ok(Published::Date(date));
        }
        DateTime::parse_from_rfc3339(text)
            .map(Published::DateTime)
            .map_err(|_| Error::BadDate(text.to_string()))
    }
}

impl fmt::Display for Published {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Published::Date(date) => write!(f, "{}", date.format("%Y-%m-%d")),
            Published::DateTime(instant) => f.write_str(&instant.to_rfc3339()),
        }
    }
}

impl From<Published> for String {
    fn from(published: Published) -> String {
        published.to_string()
    }
}

impl TryFrom<String> for Published {
    type Error = Error;
    fn try_from(text: String) -> Result<Published> {
        Published::parse(&text)
    }
}

/// What role a paragraph plays in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParagraphKind {
    /// Running text.
    Text,
    /// A subheading inside the article.
    Heading,
    /// A block quotation.
    Quote,
    /// An item of a list.
    ListItem,
}

/// One paragraph of an article's body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paragraph {
    /// Its role.
    pub kind: ParagraphKind,
    /// Its text, whitespace normalised, one line.
    pub text: String,
}

impl Paragraph {
    /// A paragraph of running text.
    pub fn text(text: impl Into<String>) -> Paragraph {
        Paragraph { kind: ParagraphKind::Text, text: text.into() }
    }
}

/// A clean article: the reporting text of one document, with its metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable id derived from source, URL, title and body (see [`Article::seal`]).
    pub id: ArticleId,
    /// The outlet that published it, when known.
    pub source: Option<String>,
    /// The URL it was read from.
    pub url: Option<String>,
    /// The URL the page names as its own.
    pub canonical_url: Option<String>,
    /// The headline.
    pub title: Option<String>,
    /// The byline as printed, without "By".
    pub byline: Option<String>,
    /// When it was published.
    pub published: Option<Published>,
    /// When it was last changed, as the page says; never stands in for `published`.
    pub modified: Option<Published>,
    /// The dateline that opened the text ("PORTVALE, March 14 (CPA)").
    pub dateline: Option<String>,
    /// ISO 639-3 language code, when the text is long enough to tell.
    pub language: Option<String>,
    /// The reporting, paragraph by paragraph.
    pub body: Vec<Paragraph>,
    /// BLAKE3 of the body text: equal bodies, equal hashes.
    pub content_hash: String,
    /// The id the input gave it (a JSON Lines `id`), kept for tracing back.
    pub external_id: Option<String>,
    /// What went wrong but did not stop extraction ("invalid UTF-8 replaced").
    pub warnings: Vec<String>,
}

impl Article {
    /// An article with this body and no metadata yet; call [`Article::seal`] once it is filled.
    pub fn new(body: Vec<Paragraph>) -> Article {
        Article {
            id: ArticleId(String::new()),
            source: None,
            url: None,
            canonical_url: None,
            title: None,
            byline: None,
            published: None,
            modified: None,
            dateline: None,
            language: None,
            body,
            content_hash: String::new(),
            external_id: None,
            warnings: Vec::new(),
        }
    }

    /// The body as text, paragraphs separated by a blank line.
    pub fn body_text(&self) -> String {
        let paragraphs: Vec<&str> = self.body.iter().map(|p| p.text.as_str()).collect();
        paragraphs.join("\n\n")
    }

    /// The text parallax analyses: the headline, a blank line, then the body. Every span of
    /// an analysis and every provenance of a dossier indexes into this text.
    pub fn analysed_text(&self) -> String {
        match &self.title {
            Some(title) => format!("{title}\n\n{}", self.body_text()),
            None => self.body_text(),
        }
    }

    /// The outlet the article is from, when its record, its page, the user or the outlet
    /// table named one (`parallax-outlets` settles it at ingest).
    pub fn outlet(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// The outlet as a reader sees it: its name, or [`UNKNOWN_OUTLET`].
    pub fn outlet_label(&self) -> &str {
        self.outlet().unwrap_or(UNKNOWN_OUTLET)
    }

    /// The outlet as a dossier keys its reports: its name, or [`UNKNOWN_OUTLET`] with the start
    /// of the article's id, so that two articles nothing names stay two reports (neither is
    /// counted as an outlet: see [`is_unknown_outlet`]).
    pub fn report_label(&self) -> String {
        match self.outlet() {
            Some(name) => name.to_string(),
            None => format!("{UNKNOWN_OUTLET} ({})", &self.id.0[..8.min(self.id.0.len())]),
        }
    }

    /// Computes the content hash and the id from the current fields.
    ///
    /// Identity is what the reader sees: the same text from the same outlet and address is the
    /// same article however it arrived; the same text from two outlets is two articles (copies,
    /// for the duplicates stage to group). Without a URL, a record's own id is its address.
    pub fn seal(&mut self) {
        let body = self.body_text();
        self.content_hash = blake3::hash(body.as_bytes()).to_hex().to_string();
        let mut hasher = blake3::Hasher::new();
        let record = self.external_id.as_deref().map(|id| format!("record:{id}"));
        let address = self.canonical_url.as_deref().or(self.url.as_deref()).or(record.as_deref());
        for field in [self.source.as_deref(), address, self.title.as_deref()] {
            let field = field.map(normalize_whitespace).unwrap_or_default();
            hasher.update(field.as_bytes());
            hasher.update(&[0]);
        }
        hasher.update(body.as_bytes());
        self.id = ArticleId(hasher.finalize().to_hex()[..16].to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sealed(source: Option<&str>, title: &str, body: &str) -> Article {
        let mut article = Article::new(vec![Paragraph::text(body)]);
        article.source = source.map(str::to_string);
        article.title = Some(title.to_string());
        article.seal();
        article
    }

    #[test]
    fn ids_are_stable_and_depend_on_content() {
        let a = sealed(None, "Flood", "Water rose.");
        assert_eq!(a.id, sealed(None, "Flood", "Water rose.").id);
        assert_ne!(a.id, sealed(None, "Flood", "Water fell.").id);
        assert_ne!(a.id, sealed(Some("Harbour Herald"), "Flood", "Water rose.").id);
        assert_eq!(a.content_hash, sealed(Some("Herald"), "Other", "Water rose.").content_hash);
    }

    #[test]
    fn field_boundaries_matter() {
        // "ab" + "c" must not hash like "a" + "bc".
        assert_ne!(sealed(Some("ab"), "c", "x").id, sealed(Some("a"), "bc", "x").id);
    }

    #[test]
    fn published_round_trips() {
        for text in ["2021-12-04", "2021-12-04T15:00:00+03:00"] {
            assert_eq!(Published::parse(text).map(|p| p.to_string()).ok().as_deref(), Some(text));
        }
        assert!(Published::parse("Tuesday").is_err());
    }
}
