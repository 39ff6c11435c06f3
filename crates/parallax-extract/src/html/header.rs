//! What is printed around the headline: the date ("Updated March 3, 2025", `<time>`) and the
//! byline ("By Ana Lind", "Written by" + a name). Read from the text nodes nearest the
//! headline's element, so dates and names in sidebars, comments and footers stay out.

use dom_query::{Document, NodeId, NodeRef};
use parallax_core::{Published, normalize_whitespace};

use crate::html::{authors, dates};
use crate::meta;

/// How far (in nodes, document order) from the headline a date or byline may stand.
const REACH: usize = 600;
/// Headings looked at: a hostile page can nest thousands, each holding all the others' text.
pub(crate) const MAX_HEADINGS: usize = 50;

/// The date and the byline printed by the headline.
#[derive(Debug, Default)]
pub(crate) struct Header {
    /// The date, and whether it is labelled as an update.
    pub date: Option<(Published, bool)>,
    /// The names of the byline.
    pub byline: Vec<String>,
}

/// A find and how far from the headline it stood.
struct Nearest<T> {
    found: Option<(usize, T)>,
}

impl<T> Nearest<T> {
    fn offer(&mut self, index: usize, anchor: Option<usize>, value: T) {
        // Before the headline is reached, a later find is nearer to it.
        let closer = match (&self.found, anchor) {
            (None, _) | (Some(_), None) => true,
            (Some((at, _)), Some(h)) => index.abs_diff(h) < at.abs_diff(h),
        };
        if closer {
            self.found = Some((index, value));
        }
    }

    fn within(self, anchor: usize) -> Option<T> {
        let (index, value) = self.found?;
        (index.abs_diff(anchor) <= REACH).then_some(value)
    }
}

/// Reads the date and byline printed by the headline. Without a headline element, nothing.
pub(crate) fn read(document: &Document, title: Option<&str>) -> Header {
    let Some(body) = document.body() else { return Header::default() };
    let anchor = headline_element(document, title);
    let mut anchor_index: Option<usize> = None;
    let mut date = Nearest { found: None };
    let mut byline = Nearest { found: None };
    let mut previous = String::new();
    for (index, node) in body.descendants_it().enumerate() {
        if anchor_index.is_none() && anchor.is_some_and(|id| id == node.id) {
            anchor_index = Some(index);
        }
        if anchor_index.is_some_and(|at| index > at + REACH) {
            break;
        }
        let Some(text) = visible_text(&node) else { continue };
        if let Some((found, updated)) = date_in_text(&text, node.parent().as_ref()) {
            date.offer(index, anchor_index, (found, updated || is_update_label(&previous)));
        }
        let names = if is_byline_label(&previous) {
            authors::names(&text)
        } else {
            authors::byline_names(&text)
        };
        if !names.is_empty() {
            byline.offer(index, anchor_index, names);
        }
        previous = text.chars().take(40).collect();
    }
    let Some(anchor_index) = anchor_index else { return Header::default() };
    Header {
        date: date.within(anchor_index),
        byline: byline.within(anchor_index).unwrap_or_default(),
    }
}

/// A text node's trimmed text, unless it is empty or inside a script or style.
fn visible_text(node: &NodeRef<'_>) -> Option<String> {
    if !node.is_text() {
        return None;
    }
    let text = node.text();
    let text = text.trim();
    if text.is_empty() || text.len() > 200 {
        return None;
    }
    let parent = node.parent()?;
    if parent.has_name("script") || parent.has_name("style") || parent.has_name("noscript") {
        return None;
    }
    Some(normalize_whitespace(text))
}

/// The element holding the headline: an `<h1>` or `<h2>` whose text is the title, else the
/// first `<h1>`.
fn headline_element(document: &Document, title: Option<&str>) -> Option<NodeId> {
    let headings = document.select("h1, h2");
    let nodes = &headings.nodes()[..headings.nodes().len().min(MAX_HEADINGS)];
    let titled = title.and_then(|title| {
        nodes.iter().find(|node| normalize_whitespace(&node.text()).eq_ignore_ascii_case(title))
    });
    titled.or_else(|| nodes.iter().find(|node| node.has_name("h1"))).map(|node| node.id)
}

/// A date in a short run of text: a date line ("Updated: March 3, 2025"), or a date after a
/// byline or before a reading time ("By Ana Lind - Mar 27, 2024", "Jun 8, 2023 • 11 min
/// read"); a `<time>` element's `datetime` when its text is not a plain date.
fn date_in_text(text: &str, parent: Option<&NodeRef<'_>>) -> Option<(Published, bool)> {
    if text.len() > 100 || !text.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if let Some(found) = meta::parse_date_line(text) {
        return Some(found);
    }
    if let Some(found) = text
        .split(['•', '·', '|', '—', '–'])
        .chain(text.rsplit_once(" - ").map(|(_, tail)| tail))
        .find_map(|piece| meta::parse_date_line(piece.trim()))
    {
        return Some((found.0, found.1 || is_update_label(text)));
    }
    let label = LABEL.find(text).map_or(0, |m| m.end());
    if let Some(date) = dates::numeric_day(&text[label..]).or_else(|| {
        // An ISO time stamp printed as text: "2022-11-23T08:10+02:00".
        let rest = text[label..].trim();
        rest.starts_with(|c: char| c.is_ascii_digit()).then(|| dates::parse(rest)).flatten()
    }) {
        return Some((date, is_update_label(text)));
    }
    let parent = parent.filter(|p| p.has_name("time"))?;
    let date = dates::parse(&parent.attr("datetime")?)?;
    Some((date, is_update_label(text)))
}

/// A label before a printed date: "Updated:", "Published on".
static LABEL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)^\s*(?:last\s+)?(?:updated|published|posted|modified|date)\s*(?:on|at)?\s*:?\s*",
    )
    .expect("a valid pattern")
});

fn is_update_label(text: &str) -> bool {
    let text = text.trim().to_lowercase();
    ["updated", "last updated", "modified", "last modified", "page last", "reviewed"]
        .iter()
        .any(|label| text.starts_with(label))
}

/// A label that stands alone before the author's name: "By", "Written by", "Author:".
fn is_byline_label(text: &str) -> bool {
    let text = text.trim().trim_end_matches(':').trim().to_lowercase();
    matches!(
        text.as_str(),
        "by" | "written by"
            | "author"
            | "authors"
            | "words by"
            | "posted by"
            | "story by"
            | "reporting by"
            | "von"
            | "par"
            | "por"
    )
}
