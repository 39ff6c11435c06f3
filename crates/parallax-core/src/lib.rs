//! Shared types of parallax, the pieces every stage passes along.
//!
//! Data flows one way: a source reads a [`Document`] (exactly the bytes that came in, with their
//! [`Origin`]); extraction turns it into an [`Article`] (clean paragraphs and metadata). Ids are
//! derived from content, so the same article gets the same [`ArticleId`] in every run.
//!
//! ```
//! use parallax_core::{Article, Paragraph};
//!
//! let mut article = Article::new(vec![Paragraph::text("Rain fell on Portvale.")]);
//! article.title = Some("Rain in Portvale".into());
//! article.seal();
//! assert_eq!(article.id.as_str().len(), 16);
//! assert_eq!(article.body_text(), "Rain fell on Portvale.");
//! ```

mod article;
mod copies;
mod document;
pub mod fasthash;
mod sentences;
mod since;
pub mod sparse;
mod story;
mod text;
pub mod words;

pub use article::{
    Article, ArticleId, Paragraph, ParagraphKind, Published, UNKNOWN_OUTLET, is_unknown_outlet,
};
pub use copies::CopyKind;
pub use document::{ContentType, Document, Origin, shown_path};
pub use sentences::sentences;
pub use since::parse_since;
pub use story::{Story, StoryId};
pub use text::{normalize_whitespace, repair_mojibake, strip_control};

/// Errors of the core types.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A date or timestamp that is neither `YYYY-MM-DD` nor RFC 3339.
    #[error("not a date or RFC 3339 timestamp: {0:?}")]
    BadDate(String),
}

/// `Result` with the core [`Error`].
pub type Result<T> = std::result::Result<T, Error>;
