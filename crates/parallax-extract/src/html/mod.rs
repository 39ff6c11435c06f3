//! HTML pages: decoded, parsed once (html5ever through dom_query), read for metadata, then for
//! the main text. Metadata is read first because the main-text pass rewrites the tree.

mod authors;
mod body;
mod dates;
mod guard;
mod header;
mod inert;
mod metadata;

use std::time::Instant;

use dom_query::Document;
use parallax_core::Article;

pub use crate::html::metadata::HtmlMetadata;

use crate::clean::Cleaned;
use crate::{ExtractError, Result, in_time};

/// Pages are cut at this many bytes of decoded text: enough for any article, and a bound on
/// the time and memory one hostile page can take.
pub const MAX_HTML_BYTES: usize = 8 * 1024 * 1024;

/// An HTML page's article and what its metadata said.
#[derive(Debug, Clone)]
pub struct HtmlArticle {
    /// The article, not yet sealed (its id depends on the source the caller settles).
    pub article: Article,
    /// The page's metadata as read, authors listed one by one.
    pub metadata: HtmlMetadata,
}

/// Reads an HTML page already decoded to text. `url` is where it was fetched from, if known.
pub fn extract_html(text: &str, url: Option<&str>) -> Result<HtmlArticle> {
    extract_html_until(text, url, None)
}

/// [`extract_html`], giving up with [`ExtractError::OutOfTime`] at the first stage that ends
/// after `deadline`.
pub fn extract_html_until(
    text: &str,
    url: Option<&str>,
    deadline: Option<Instant>,
) -> Result<HtmlArticle> {
    let mut warnings = Vec::new();
    let text = if text.len() > MAX_HTML_BYTES {
        warnings.push(format!("page of {} bytes cut at {MAX_HTML_BYTES} bytes", text.len()));
        &text[..text.floor_char_boundary(MAX_HTML_BYTES)]
    } else {
        text
    };
    if !looks_like_markup(text) {
        return Err(ExtractError::Html("no HTML markup in it".to_string()));
    }
    let stripped = inert::strip(text);
    let bounded = guard::bound(&stripped);
    warnings.extend(bounded.warnings);
    let stripped = bounded.text;
    in_time(deadline, "before parsing")?;
    let document = Document::from(stripped.as_ref());
    in_time(deadline, "after parsing")?;
    let mut metadata = metadata::read(&document, url);
    in_time(deadline, "after reading the metadata")?;
    let mut whole_page = false;
    let cleaned = match body::main_text(document) {
        Ok((cleaned, warning)) if !cleaned.paragraphs.is_empty() => {
            warnings.extend(warning);
            cleaned
        }
        // No container held the article: its JSON-LD text, else the whole page cleaned.
        Ok(_) | Err(ExtractError::NothingLeft) => match from_jsonld_body(&metadata) {
            Ok(cleaned) => cleaned,
            Err(_) => {
                whole_page = true;
                body::whole_text(&Document::from(stripped.as_ref()))?
            }
        },
        Err(error) => return Err(error),
    };
    in_time(deadline, "after finding the main text")?;
    if metadata.authors.is_empty()
        && let Some(byline) = &cleaned.byline
    {
        metadata.authors = authors::names(byline);
    }
    let paragraphs = drop_repeated_title(cleaned.paragraphs, metadata.title.as_deref());
    if paragraphs.is_empty() {
        // Kept, as a record with only a title is: the headline still places it in a story.
        warnings.push("no body text found: only the headline is kept".into());
    } else if whole_page {
        warnings.push("no article container found: the page's text kept, cleaned".into());
    }
    let mut article = Article::new(paragraphs);
    article.title = metadata.title.clone();
    article.byline = (!metadata.authors.is_empty()).then(|| metadata.authors.join(", "));
    article.published = metadata.published.or(cleaned.published).or(metadata.url_date);
    article.modified = metadata.modified;
    article.canonical_url = metadata.canonical_url.clone();
    article.url = url.map(str::to_string);
    article.source = metadata.site.clone();
    article.dateline = cleaned.dateline;
    article.warnings = warnings;
    if metadata.published.is_none() {
        metadata.published = article.published;
    }
    Ok(HtmlArticle { article, metadata })
}

/// Reads only the metadata of an HTML page already decoded to text (no main text): for pages
/// whose text is not wanted, or gave no article.
pub fn read_html_metadata(text: &str, url: Option<&str>) -> HtmlMetadata {
    let text = &text[..text.floor_char_boundary(MAX_HTML_BYTES)];
    metadata::read(&Document::from(guard::bound(&inert::strip(text)).text.as_ref()), url)
}

/// Some markup near the start: a PDF or an image served as HTML has none.
fn looks_like_markup(text: &str) -> bool {
    let head = &text[..text.floor_char_boundary(4096)];
    head.contains('<') && head.contains('>')
}

/// The article body from JSON-LD, for pages whose markup gave none.
fn from_jsonld_body(metadata: &HtmlMetadata) -> Result<Cleaned> {
    let body = metadata.jsonld_body.as_deref().ok_or(ExtractError::NothingLeft)?;
    let blocks = crate::blocks::split_blocks(body, false);
    let cleaned = crate::clean::clean(blocks, crate::clean::Layout { title_first: false });
    if cleaned.paragraphs.is_empty() { Err(ExtractError::NothingLeft) } else { Ok(cleaned) }
}

/// The headline repeated as the first paragraph is not body text.
fn drop_repeated_title(
    mut paragraphs: Vec<parallax_core::Paragraph>,
    title: Option<&str>,
) -> Vec<parallax_core::Paragraph> {
    if let (Some(first), Some(title)) = (paragraphs.first(), title)
        && first.text.eq_ignore_ascii_case(title)
    {
        paragraphs.remove(0);
    }
    paragraphs
}
