//! RSS, Atom and JSON Feed documents read into items: what each item links to and what the feed
//! says about it (title, date, authors), which fills what the page itself leaves out.

use chrono::{DateTime, Utc};
use parallax_core::{Article, Published, normalize_whitespace};

/// What a feed lists, in the feed's order.
#[derive(Debug, Clone)]
pub struct Feed {
    /// The feed's own title, usually the outlet's name.
    pub title: Option<String>,
    /// The items kept (at most the limit given to [`read_feed`]).
    pub items: Vec<FeedItem>,
    /// Items past the limit, not kept.
    pub dropped: usize,
}

/// One item of a feed.
#[derive(Debug, Clone, PartialEq)]
pub struct FeedItem {
    /// The item's id (`guid`, Atom `id`), or its link when it has none.
    pub id: String,
    /// The page it points to, absolute; `None` when the item has no usable HTTP(S) link.
    pub link: Option<String>,
    /// Its headline.
    pub title: Option<String>,
    /// When the feed says it was published (else updated).
    pub published: Option<DateTime<Utc>>,
    /// Its authors' names.
    pub authors: Vec<String>,
}

/// Why a feed could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a readable RSS, Atom or JSON feed: {0}")]
pub struct FeedError(String);

/// Reads a feed fetched from `url` (which resolves relative links), keeping the first
/// `max_items` items. XML entities declared in the document are not expanded and nothing
/// external is fetched, so entity bombs and external-entity payloads go nowhere.
pub fn read_feed(bytes: &[u8], url: &str, max_items: usize) -> Result<Feed, FeedError> {
    let parser = feed_rs::parser::Builder::new().base_uri(Some(url)).build();
    let parsed = parser.parse(bytes).map_err(|error| FeedError(error.to_string()))?;
    let base = url::Url::parse(url).ok();
    let total = parsed.entries.len();
    let items = parsed
        .entries
        .into_iter()
        .take(max_items)
        .map(|entry| item(entry, base.as_ref()))
        .collect();
    Ok(Feed {
        title: parsed.title.map(|t| clean(&t.content)).filter(|t| !t.is_empty()),
        items,
        dropped: total.saturating_sub(max_items),
    })
}

fn item(entry: feed_rs::model::Entry, base: Option<&url::Url>) -> FeedItem {
    // Atom: the `alternate` link is the page; RSS: the only link. `guid` is a permalink only
    // when the feed says so, which feed-rs reports as a link too.
    let link = entry
        .links
        .iter()
        .find(|l| l.rel.as_deref().is_none_or(|rel| rel == "alternate"))
        .or_else(|| entry.links.first())
        .and_then(|l| absolute(&l.href, base));
    let authors: Vec<String> = entry
        .authors
        .iter()
        .filter_map(|person| person.name.as_deref().and_then(author_name))
        .collect();
    let id = if entry.id.trim().is_empty() { link.clone().unwrap_or_default() } else { entry.id };
    FeedItem {
        id,
        link,
        title: entry.title.map(|t| clean(&t.content)).filter(|t| !t.is_empty()),
        published: entry.published.or(entry.updated),
        authors,
    }
}

/// A person's name from an author field: RSS writes `desk@site.example (Name)`, some feeds
/// `By Name`; a bare address is no name.
fn author_name(text: &str) -> Option<String> {
    let text = clean(text);
    let inside = text
        .find('(')
        .and_then(|open| Some(&text[open + 1..open + 1 + text[open + 1..].find(')')?]));
    let name = inside.unwrap_or(&text).trim();
    let name = name.strip_prefix("By ").or_else(|| name.strip_prefix("by ")).unwrap_or(name).trim();
    (!name.is_empty() && !name.contains('@')).then(|| name.to_string())
}

/// An HTTP(S) URL, resolved against the feed's own.
fn absolute(href: &str, base: Option<&url::Url>) -> Option<String> {
    let href = href.trim();
    let parsed = match base {
        Some(base) => base.join(href).ok()?,
        None => url::Url::parse(href).ok()?,
    };
    matches!(parsed.scheme(), "http" | "https").then(|| parsed.to_string())
}

/// Feed titles often carry markup or entities as text; keep words only.
fn clean(text: &str) -> String {
    let text = if text.contains('<') {
        let mut plain = String::with_capacity(text.len());
        let mut in_tag = false;
        for c in text.chars() {
            match c {
                '<' => in_tag = true,
                '>' if in_tag => in_tag = false,
                _ if !in_tag => plain.push(c),
                _ => {}
            }
        }
        plain
    } else {
        text.to_string()
    };
    normalize_whitespace(&parallax_core::strip_control(&text))
}

impl FeedItem {
    /// Fills what the page left out from what the feed says: title, publication date, byline.
    /// What the page says wins.
    pub fn fill(&self, article: &mut Article) {
        if article.title.is_none() {
            article.title.clone_from(&self.title);
        }
        if article.published.is_none() {
            article.published = self.published.map(|when| Published::DateTime(when.fixed_offset()));
        }
        if article.byline.is_none() && !self.authors.is_empty() {
            article.byline = Some(self.authors.join(", "));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::Paragraph;

    const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Harbour &amp; Hill Herald</title>
<item><title>Ferry fares rise</title><link>/news/ferry-fares</link>
<guid isPermaLink="false">hh-101</guid><pubDate>Tue, 07 Dec 2021 15:00:00 GMT</pubDate>
<author>desk@herald.example (Mara Quill)</author></item>
<item><title>Bridge &lt;b&gt;reopens&lt;/b&gt;</title><link>https://herald.example/news/bridge</link></item>
<item><title>No link here</title><description>text only</description></item>
</channel></rss>"#;

    #[test]
    fn rss_items_with_relative_links_and_dates() {
        let feed =
            read_feed(RSS.as_bytes(), "https://herald.example/feed.xml", 100).expect("reads");
        assert_eq!(feed.title.as_deref(), Some("Harbour & Hill Herald"));
        assert_eq!(feed.items.len(), 3);
        let first = &feed.items[0];
        assert_eq!(first.link.as_deref(), Some("https://herald.example/news/ferry-fares"));
        assert_eq!(first.id, "hh-101");
        assert_eq!(first.authors, ["Mara Quill"]);
        assert_eq!(
            first.published.map(|d| d.to_rfc3339()).as_deref(),
            Some("2021-12-07T15:00:00+00:00")
        );
        assert_eq!(feed.items[1].title.as_deref(), Some("Bridge reopens"));
        assert_eq!(feed.items[2].link, None);
    }

    #[test]
    fn atom_alternate_link_and_authors() {
        let atom = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Valley Post</title><id>urn:vp</id>
<updated>2021-12-07T10:00:00Z</updated>
<entry><id>urn:vp:1</id><title>Dam inspection</title>
<link rel="edit" href="https://valley.example/api/1"/>
<link rel="alternate" href="https://valley.example/dam"/>
<updated>2021-12-07T10:00:00Z</updated><author><name>Ines Brook</name></author></entry></feed>"#;
        let feed = read_feed(atom.as_bytes(), "https://valley.example/atom", 100).expect("reads");
        let entry = &feed.items[0];
        assert_eq!(entry.link.as_deref(), Some("https://valley.example/dam"));
        assert_eq!(entry.authors, ["Ines Brook"]);
        assert!(entry.published.is_some(), "updated stands in for published");
    }

    #[test]
    fn json_feed_is_read() {
        let json = r#"{"version":"https://jsonfeed.org/version/1.1","title":"Coast Wire",
            "items":[{"id":"1","url":"https://coast.example/a","title":"Storm","date_published":"2021-12-06T08:00:00Z"}]}"#;
        let feed =
            read_feed(json.as_bytes(), "https://coast.example/feed.json", 100).expect("reads");
        assert_eq!(feed.items[0].link.as_deref(), Some("https://coast.example/a"));
    }

    #[test]
    fn items_past_the_limit_are_counted_not_kept() {
        let mut rss = String::from("<rss version=\"2.0\"><channel><title>Many</title>");
        for n in 0..50 {
            rss.push_str(&format!(
                "<item><title>{n}</title><link>https://m.example/{n}</link></item>"
            ));
        }
        rss.push_str("</channel></rss>");
        let feed = read_feed(rss.as_bytes(), "https://m.example/feed", 10).expect("reads");
        assert_eq!((feed.items.len(), feed.dropped), (10, 40));
    }

    #[test]
    fn hostile_and_broken_feeds_are_refused_or_inert() {
        let laughs = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss version="2.0"><channel><title>&d;</title><item><title>x</title><link>https://l.example/1</link></item></channel></rss>"#;
        let external = r#"<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><title>&x;</title><item><title>&x;</title><link>https://l.example/1</link></item></channel></rss>"#;
        for hostile in [laughs, external] {
            if let Ok(feed) = read_feed(hostile.as_bytes(), "https://l.example/f", 10) {
                let text = format!("{feed:?}");
                assert!(!text.contains("lollol") && !text.contains("root:"), "expanded: {text}");
            }
        }
        for broken in ["", "<rss><channel><item>", "not xml at all", "{\"version\": 3"] {
            assert!(read_feed(broken.as_bytes(), "https://l.example/f", 10).is_err(), "{broken:?}");
        }
    }

    #[test]
    fn author_fields_give_names() {
        assert_eq!(author_name("news@x.example (Ada Lind)").as_deref(), Some("Ada Lind"));
        assert_eq!(author_name("By Ada Lind").as_deref(), Some("Ada Lind"));
        assert_eq!(author_name("(Ada Lind)").as_deref(), Some("Ada Lind"));
        assert_eq!(author_name("news@x.example"), None);
        assert_eq!(author_name("  "), None);
    }

    #[test]
    fn the_page_wins_and_the_feed_fills_gaps() {
        let feed =
            read_feed(RSS.as_bytes(), "https://herald.example/feed.xml", 100).expect("reads");
        let mut article = Article::new(vec![Paragraph::text("Fares rise.")]);
        article.byline = Some("Page Byline".to_string());
        feed.items[0].fill(&mut article);
        assert_eq!(article.title.as_deref(), Some("Ferry fares rise"));
        assert_eq!(article.byline.as_deref(), Some("Page Byline"));
        assert!(article.published.is_some());
    }
}
