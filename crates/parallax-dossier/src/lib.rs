//! The story dossier: what a story's outlets agree on, where they differ, who said what and
//! which figures each gave, as one value that renders to text, JSON, Markdown and HTML.
//!
//! [`summary`] picks the sentences that say what happened (extractive, each sentence with the
//! outlets that carry its fact); [`baselines`] holds the unsupervised summarisers it is
//! measured against (LexRank, TextRank, centroid, MMR).
//!
//! [`build`] takes a [`StoryInput`] (the story's articles with their [`parallax_analyze`]
//! analysis and copy groups) and returns a [`Dossier`]: the attributed summary, what two or
//! more independent reports agree on, what only one outlet reported, quote groups (one
//! statement in all its wordings), figures aligned by what they count with disagreements
//! flagged, a timeline, the story's entities and its sources with copies marked. Every item
//! keeps its provenance (article and byte span). [`to_text`], [`to_markdown`], [`to_html`]
//! render it; JSON is its `serde` form. No IO.

pub mod baselines;
mod sentences;
mod similarity;
pub mod summary;

mod build;
mod changes;
mod dossier;
mod export;
mod facts;
mod figures;
mod html;
mod perspective;
mod quotes;
mod render;
mod timeline;
mod words;

pub use build::{DossierConfig, build};
pub use changes::{Changes, NewArticle, NewFigure, NewQuote, changes};
pub use dossier::{
    Claim, CopyGroup, CopyGroupView, Credit, Dossier, Fact, OutletOnly, Provenance, QuantityClaims,
    QuoteGroup, Source, SourceArticle, StoryArticle, StoryEntity, StoryInput, TimelineEvent,
    Wording,
};
pub use export::{to_citations, to_csv};
pub use html::{
    ArticleHref, DOSSIER_STYLE, escape, perspective_section, sections, timeline_svg, to_html,
};
pub use perspective::{Group, Perspective, Repeat, perspective};
pub use render::{event_date, perspective_text, to_markdown, to_text, value_text};
