//! What came in, before any interpretation.

use std::fmt;
use std::path::PathBuf;

use chrono::{DateTime, Utc};

/// Where a document came from, precise enough to find it again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A whole file.
    File {
        /// The path as given or found while walking a folder.
        path: PathBuf,
    },
    /// One line of a JSON Lines file (1-based).
    Line {
        /// The file.
        path: PathBuf,
        /// The 1-based line number.
        line: u64,
    },
    /// Standard input, whole.
    Stdin,
    /// One line of JSON Lines read from standard input (1-based).
    StdinLine {
        /// The 1-based line number.
        line: u64,
    },
    /// A page fetched over the web (a feed item's link, a feed itself).
    Web {
        /// The URL asked for, before redirects (the page's own is in [`Document::url`]).
        url: String,
    },
    /// One item of a request to the HTTP API's ingest endpoint (0-based).
    Api {
        /// The item's place in the request.
        item: u64,
    },
    /// One record of a WARC file, at its offset in the uncompressed stream.
    WarcRecord {
        /// The WARC file.
        path: PathBuf,
        /// Where the record starts, in bytes of the uncompressed stream.
        offset: u64,
    },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { path } => f.write_str(&shown_path(path)),
            Origin::Line { path, line } => write!(f, "{}:{line}", shown_path(path)),
            Origin::Stdin => f.write_str("<stdin>"),
            Origin::StdinLine { line } => write!(f, "<stdin>:{line}"),
            Origin::WarcRecord { path, offset } => write!(f, "{}@{offset}", shown_path(path)),
            Origin::Web { url } => f.write_str(url),
            Origin::Api { item } => write!(f, "<api>:{item}"),
        }
    }
}

/// A path as it may be printed: control characters (a newline in a file name would forge an
/// output line) and the invisible marks that reorder text shown escaped, as `\n` or `\u{202e}`;
/// bytes that are not UTF-8 shown as U+FFFD.
pub fn shown_path(path: &std::path::Path) -> String {
    let text = path.to_string_lossy();
    if !text.chars().any(needs_escape) {
        return text.into_owned();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if needs_escape(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// Control characters and the bidirectional and zero-width marks.
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// How a document's bytes are to be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContentType {
    /// Plain text as copied from a web page: paragraphs separated by blank lines.
    PlainText,
    /// Markdown; read like plain text, with links and emphasis turned into text.
    Markdown,
    /// An HTML page.
    Html,
    /// One JSON object with `title`, `text` and optional `id`, `source`, `published`, `url`.
    JsonRecord,
}

impl ContentType {
    /// A stable name, as stored.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentType::PlainText => "text/plain",
            ContentType::Markdown => "text/markdown",
            ContentType::Html => "text/html",
            ContentType::JsonRecord => "application/json",
        }
    }

    /// The inverse of [`ContentType::as_str`].
    pub fn from_name(name: &str) -> Option<ContentType> {
        [ContentType::PlainText, ContentType::Markdown, ContentType::Html, ContentType::JsonRecord]
            .into_iter()
            .find(|kind| kind.as_str() == name)
    }
}

/// Exactly what came in: bytes, where from, and when.
#[derive(Debug, Clone)]
pub struct Document {
    /// Where the bytes came from.
    pub origin: Origin,
    /// How to read them.
    pub content_type: ContentType,
    /// When they were read.
    pub fetched_at: DateTime<Utc>,
    /// The outlet, when the user or the source names it (`--source`).
    pub source: Option<String>,
    /// The address the bytes were fetched from, when they came over the web (a WARC record's
    /// target URI, a feed item's link).
    pub url: Option<String>,
    /// The charset the HTTP response declared, when there was one.
    pub charset: Option<String>,
    /// The raw bytes, undecoded.
    pub bytes: Vec<u8>,
}

impl Document {
    /// A document read now.
    pub fn new(origin: Origin, content_type: ContentType, bytes: Vec<u8>) -> Document {
        Document {
            origin,
            content_type,
            fetched_at: Utc::now(),
            source: None,
            url: None,
            charset: None,
            bytes,
        }
    }

    /// The BLAKE3 hash of the bytes, in hex: the same bytes are the same document.
    pub fn hash(&self) -> String {
        blake3::hash(&self.bytes).to_hex().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_with_control_and_reordering_marks_escaped() {
        let path = std::path::Path::new("news/a\nb\tc\u{202e}d\u{1b}[31m é.txt");
        assert_eq!(shown_path(path), "news/a\\nb\\tc\\u{202e}d\\u{1b}[31m é.txt");
        let origin = Origin::Line { path: "x\ry.jsonl".into(), line: 3 };
        assert_eq!(origin.to_string(), "x\\ry.jsonl:3");
    }
}
