//! Article metadata from a page's JSON-LD blocks (`<script type="application/ld+json">`):
//! the `NewsArticle` (or `Article`, `ReportageNewsArticle`, `BlogPosting`, ...) node, found at
//! the top level, in an array or in an `@graph`, with its headline, authors, dates, publisher
//! and body. Publishers write these by hand, so a block that does not parse is skipped and the
//! next one read.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// Script blocks declared as JSON-LD.
static BLOCK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?is)<script[^>]*type\s*=\s*["']?application/ld\+json["']?[^>]*>(.*?)</script>"#)
        .expect("a valid pattern")
});

/// Schema.org types that describe one article.
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "Article",
    "BlogPosting",
    "LiveBlogPosting",
    "Report",
];

/// Schema.org types that describe the page holding the article.
const PAGE_TYPES: &[&str] = &["WebPage", "ItemPage", "MedicalWebPage", "AboutPage", "FAQPage"];

/// What a page's JSON-LD says about its article. Fields are as the page wrote them (trimmed);
/// parsing dates and cleaning names is the caller's.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JsonLdArticle {
    /// `headline` (or `name`).
    pub headline: Option<String>,
    /// Names from `author`: a string, a `Person` object, or a list of them.
    pub authors: Vec<String>,
    /// Names of `author` objects typed `Organization` (a site crediting itself).
    pub author_organizations: Vec<String>,
    /// `datePublished`.
    pub published: Option<String>,
    /// `dateModified`.
    pub modified: Option<String>,
    /// `publisher.name`.
    pub publisher: Option<String>,
    /// `articleBody`, when the page gives it.
    pub body: Option<String>,
    /// `inLanguage`.
    pub language: Option<String>,
    /// `url` or `mainEntityOfPage`.
    pub url: Option<String>,
}

/// The first article node in the page's JSON-LD blocks, if any.
pub fn article_from_jsonld(html: &str) -> Option<JsonLdArticle> {
    from_blocks(
        BLOCK.captures_iter(html).filter_map(|captures| captures.get(1)).map(|m| m.as_str()),
    )
}

/// The first article node in JSON-LD blocks already cut out of a page.
/// The node for the page itself (`WebPage` and kin, which WordPress SEO plugins give the
/// dates) fills in the dates an article node lacks.
pub(crate) fn from_blocks<'a>(blocks: impl Iterator<Item = &'a str>) -> Option<JsonLdArticle> {
    let values: Vec<Value> = blocks.filter_map(parse_block).collect();
    let article = values.iter().find_map(|value| find_node(value, ARTICLE_TYPES));
    let page = values.iter().find_map(|value| find_node(value, PAGE_TYPES));
    match (article, page) {
        (Some(mut article), Some(page)) => {
            article.published = article.published.or(page.published);
            article.modified = article.modified.or(page.modified);
            Some(article)
        }
        // A page node alone describes any page, article or not: its dates are not trusted.
        (article, _) => article,
    }
}

/// A block as JSON; CDATA wrappers and HTML comments around it are tolerated.
fn parse_block(block: &str) -> Option<Value> {
    let trimmed = block
        .trim()
        .trim_start_matches("//<![CDATA[")
        .trim_start_matches("<![CDATA[")
        .trim_end_matches("//]]>")
        .trim_end_matches("]]>")
        .trim_start_matches("<!--")
        .trim_end_matches("-->")
        .trim();
    serde_json::from_str(trimmed).ok()
}

/// Depth-first search for the first node whose `@type` is one of `types`.
fn find_node(value: &Value, types: &[&str]) -> Option<JsonLdArticle> {
    match value {
        Value::Array(items) => items.iter().find_map(|item| find_node(item, types)),
        Value::Object(node) => {
            if is_one_of(node.get("@type"), types) {
                return Some(read_article(node));
            }
            node.get("@graph").and_then(|graph| find_node(graph, types))
        }
        _ => None,
    }
}

fn is_one_of(kind: Option<&Value>, types: &[&str]) -> bool {
    match kind {
        Some(Value::String(kind)) => types.contains(&kind.as_str()),
        Some(Value::Array(kinds)) => kinds.iter().any(|kind| is_one_of(Some(kind), types)),
        _ => false,
    }
}

fn read_article(node: &serde_json::Map<String, Value>) -> JsonLdArticle {
    let text = |key: &str| node.get(key).and_then(plain_text);
    JsonLdArticle {
        headline: text("headline").or_else(|| text("name")),
        authors: node.get("author").map(|a| names(a, false)).unwrap_or_default(),
        author_organizations: node.get("author").map(|a| names(a, true)).unwrap_or_default(),
        published: text("datePublished"),
        modified: text("dateModified"),
        publisher: node.get("publisher").and_then(|p| p.get("name")).and_then(plain_text),
        body: text("articleBody"),
        language: text("inLanguage"),
        url: text("url").or_else(|| {
            let page = node.get("mainEntityOfPage")?;
            plain_text(page).or_else(|| page.get("@id").and_then(plain_text))
        }),
    }
}

/// A non-empty trimmed string value, HTML character references decoded (publishers often
/// write `&#8217;` and `&amp;` into JSON-LD).
fn plain_text(value: &Value) -> Option<String> {
    let text = value.as_str()?.trim();
    (!text.is_empty()).then(|| decode_references(text))
}

/// Decodes numeric character references and the common named ones; anything else stays.
pub(crate) fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let decoded = rest.get(1..rest.floor_char_boundary(12)).and_then(|window| {
            let end = window.find(';')?;
            Some((reference(&window[..end])?, end + 2))
        });
        match decoded {
            Some((character, length)) => {
                out.push(character);
                rest = &rest[length..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| !c.is_control() || c.is_whitespace());
    }
    Some(match name {
        "amp" => '&',
        "quot" => '"',
        "apos" => '\'',
        "lt" => '<',
        "gt" => '>',
        "nbsp" => ' ',
        "rsquo" => '’',
        "lsquo" => '‘',
        "rdquo" => '”',
        "ldquo" => '“',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        _ => return None,
    })
}

/// Author names: a string, an object with `name`, or a list of either; each name once.
/// `organizations` picks the objects typed `Organization` (and only those).
fn names(value: &Value, organizations: bool) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut push = |name: Option<String>| {
        if let Some(name) = name
            && !found.contains(&name)
        {
            found.push(name);
        }
    };
    match value {
        Value::Array(items) => {
            for item in items {
                for name in names(item, organizations) {
                    push(Some(name));
                }
            }
        }
        Value::Object(author) => {
            let kind = author.get("@type").and_then(Value::as_str).unwrap_or("Person");
            if (kind == "Organization" || kind == "NewsMediaOrganization") == organizations {
                push(author.get("name").and_then(plain_text));
            }
        }
        other if !organizations => push(plain_text(other)),
        _ => {}
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(blocks: &[&str]) -> String {
        let scripts: String = blocks
            .iter()
            .map(|block| format!("<script type=\"application/ld+json\">{block}</script>"))
            .collect();
        format!("<html><head>{scripts}</head><body><p>Text.</p></body></html>")
    }

    #[test]
    fn a_news_article_node_gives_its_fields() {
        let html = page(&[r#"{"@context": "https://schema.org", "@type": "NewsArticle",
            "headline": " Dockworkers walk out at Portvale ", "datePublished": "2025-03-11T08:30:00+01:00",
            "dateModified": "2025-03-11T12:00:00+01:00",
            "author": [{"@type": "Person", "name": "Maria Olsen"}, "Tomas Ekberg", {"@type": "Person", "name": "Maria Olsen"}],
            "publisher": {"@type": "Organization", "name": "Harbour Herald"},
            "mainEntityOfPage": {"@id": "https://herald.example/portvale-strike"}}"#]);
        let article = article_from_jsonld(&html).expect("an article");
        assert_eq!(article.headline.as_deref(), Some("Dockworkers walk out at Portvale"));
        assert_eq!(article.authors, ["Maria Olsen", "Tomas Ekberg"]);
        assert_eq!(article.published.as_deref(), Some("2025-03-11T08:30:00+01:00"));
        assert_eq!(article.modified.as_deref(), Some("2025-03-11T12:00:00+01:00"));
        assert_eq!(article.publisher.as_deref(), Some("Harbour Herald"));
        assert_eq!(article.url.as_deref(), Some("https://herald.example/portvale-strike"));
    }

    #[test]
    fn the_article_is_found_in_a_graph_after_a_broken_block() {
        let html = page(&[
            r#"{"@type": "NewsArticle", "headline": "broken", }"#,
            r#"<!--{"@context": "https://schema.org", "@graph": [
                {"@type": "WebSite", "name": "Valley Courier"},
                {"@type": ["Article", "NewsArticle"], "headline": "Elsen River rises", "author": {"name": "Hanna Lind"}}
            ]}-->"#,
        ]);
        let article = article_from_jsonld(&html).expect("an article");
        assert_eq!(article.headline.as_deref(), Some("Elsen River rises"));
        assert_eq!(article.authors, ["Hanna Lind"]);
        assert_eq!(article.published, None, "no date is invented");
    }

    #[test]
    fn character_references_are_decoded() {
        assert_eq!(
            decode_references("Fish &amp; chips &#8211; a &#x2019;story&#8217;"),
            "Fish & chips – a ’story’"
        );
        assert_eq!(decode_references("AT&T & co &bogus; &#xZZ;"), "AT&T & co &bogus; &#xZZ;");
        assert_eq!(decode_references("&#0;"), "&#0;");
    }

    #[test]
    fn the_page_node_gives_the_dates_an_article_node_lacks() {
        let html = page(&[r#"{"@graph": [
            {"@type": "WebPage", "name": "Strike ends", "datePublished": "2025-03-11T08:00:00+00:00"},
            {"@type": "Article", "headline": "Strike ends", "author": {"name": "Ana Lind"}}]}"#]);
        let article = article_from_jsonld(&html).expect("an article");
        assert_eq!(article.published.as_deref(), Some("2025-03-11T08:00:00+00:00"));
        assert_eq!(article.authors, ["Ana Lind"]);
    }

    #[test]
    fn pages_without_an_article_node_give_nothing() {
        assert_eq!(article_from_jsonld(&page(&[r#"{"@type": "WebSite", "name": "x"}"#])), None);
        let only_page = page(&[r#"{"@type": "WebPage", "datePublished": "2025-03-11"}"#]);
        assert_eq!(article_from_jsonld(&only_page), None, "a page node alone is any page");
        assert_eq!(article_from_jsonld("<html><body>No scripts</body></html>"), None);
        assert_eq!(article_from_jsonld(&page(&["not json at all"])), None);
    }
}
