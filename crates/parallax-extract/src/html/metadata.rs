//! A page's metadata, read before the main-text pass changes the tree: JSON-LD, OpenGraph and
//! other `<meta>` tags, `<link rel=canonical>`, microdata, `<time>`, bylines in the markup,
//! the URL's date, `<html lang>`. Each field takes the first source that gives a clean value,
//! most explicit first; a date is only ever one the page states.

use dom_query::Document;
use parallax_core::{Published, normalize_whitespace, repair_mojibake, strip_control};

use crate::html::{authors, dates, header};
use crate::jsonld::{JsonLdArticle, decode_references, from_blocks};

/// What a page says about its article.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct HtmlMetadata {
    /// The headline.
    pub title: Option<String>,
    /// Author names, cleaned.
    pub authors: Vec<String>,
    /// When it was first published.
    pub published: Option<Published>,
    /// When it was last changed, kept apart from `published`.
    pub modified: Option<Published>,
    /// The page's canonical address.
    pub canonical_url: Option<String>,
    /// The outlet's name.
    pub site: Option<String>,
    /// The language the page declares (`en`, `de-AT`), as declared.
    pub language: Option<String>,
    /// The date printed by the headline, and whether it is labelled as an update.
    pub displayed: Option<(Published, bool)>,
    /// The day the page's address names (`/2025/03/14/`).
    pub url_date: Option<Published>,
    /// The article's text as its JSON-LD gives it (`articleBody`).
    pub jsonld_body: Option<String>,
}

/// `<meta>` tags by their `property`, `name` or `itemprop` (lower case), first value kept.
struct MetaTags(Vec<(String, String)>);

impl MetaTags {
    fn read(document: &Document) -> MetaTags {
        let mut tags = Vec::new();
        for node in document.select("meta").nodes() {
            let Some(content) = node.attr("content") else { continue };
            let content = clean_text(&content);
            if content.is_empty() {
                continue;
            }
            for key in ["property", "name", "itemprop"] {
                if let Some(name) = node.attr(key) {
                    tags.push((name.trim().to_ascii_lowercase(), content.clone()));
                }
            }
        }
        MetaTags(tags)
    }

    /// The first value under any of `names`, in the order of `names`.
    fn first(&self, names: &[&str]) -> Option<&str> {
        names.iter().find_map(|name| {
            self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str())
        })
    }

    fn all(&self, name: &str) -> impl Iterator<Item = &str> {
        self.0.iter().filter(move |(key, _)| key == name).map(|(_, value)| value.as_str())
    }
}

const PUBLISHED_TAGS: &[&str] = &[
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "publishdate",
    "published",
    "published-date",
    "date-published",
    "publication-date",
    "publication_date",
    "article:published_date",
    "publish-date",
    "publish_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "citation_publication_date",
    "citation_date",
    "article:published",
    "cxenseparse:recs:publishtime",
];
const MODIFIED_TAGS: &[&str] = &[
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "article.updated",
    "last-modified",
    "dcterms.modified",
];
const AUTHOR_TAGS: &[&str] = &[
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
];
/// Markup that holds a byline, most specific first.
const BYLINE_SELECTORS: &[&str] = &[
    "[itemprop=author] [itemprop=name]",
    "[itemprop=author]",
    "a[rel=author]",
    "[rel=author]",
    ".byline__name, .byline-name, .author-name, .author__name, .authorName, .article-author",
    ".byline, .by-line, [class*=byline]",
    ".author, [class*=author-name], [class*=AuthorName]",
    "[class*=author], [class*=Author]",
];

/// Reads a page's metadata. `url` is where the page was fetched from, when known.
pub(crate) fn read(document: &Document, url: Option<&str>) -> HtmlMetadata {
    let tags = MetaTags::read(document);
    let blocks: Vec<String> = document
        .select("script[type='application/ld+json']")
        .nodes()
        .iter()
        .map(|node| node.text().to_string())
        .collect();
    let jsonld = from_blocks(blocks.iter().map(String::as_str)).unwrap_or_default();
    let canonical_url = document
        .select("link[rel=canonical]")
        .attr("href")
        .map(|href| clean_text(&href))
        .filter(|href| href.starts_with("http"))
        .or_else(|| tags.first(&["og:url"]).map(str::to_string))
        .or_else(|| jsonld.url.clone().filter(|u| u.starts_with("http")));
    let address = url.or(canonical_url.as_deref());
    let title = title(document, &tags, &jsonld);
    let header = header::read(document, title.as_deref());
    let displayed = header.date;
    HtmlMetadata {
        authors: page_authors(document, &tags, &jsonld, header.byline),
        published: published(document, &tags, &jsonld)
            .or_else(|| displayed.filter(|(_, updated)| !updated).map(|(date, _)| date)),
        // A printed "Updated" date is the one readers see; stated metadata is often the time
        // the page was last rebuilt.
        modified: displayed.filter(|(_, updated)| *updated).map(|(date, _)| date).or_else(|| {
            jsonld.modified.as_deref().and_then(dates::parse).or_else(|| {
                MODIFIED_TAGS.iter().find_map(|t| tags.first(&[t]).and_then(dates::parse))
            })
        }),
        url_date: address.and_then(dates::from_url),
        site: tags
            .first(&["og:site_name", "application-name", "twitter:site"])
            .map(|site| site.trim_start_matches('@').to_string())
            .or_else(|| jsonld.publisher.clone()),
        language: document
            .select("html")
            .attr("lang")
            .map(|lang| clean_text(&lang))
            .filter(|lang| !lang.is_empty())
            .or_else(|| {
                tags.first(&["content-language", "og:locale", "language"]).map(str::to_string)
            })
            .or_else(|| jsonld.language.clone()),
        canonical_url,
        title: title.clone(),
        displayed,
        jsonld_body: jsonld.body.clone(),
    }
}

/// Metadata text as shown: mojibake repaired, references a page escaped twice ("&amp;#038;")
/// decoded, no control characters, whitespace normalised.
fn clean_text(text: &str) -> String {
    let text = repair_mojibake(text);
    normalize_whitespace(&strip_control(&decode_references(&text)))
}

/// Titles longer than this are not headlines and are not cut up.
const MAX_TITLE_BYTES: usize = 1000;

/// The headline as the page prints it: the `<h1>` whose words the stated titles (JSON-LD,
/// OpenGraph, `<title>`) confirm, or the only `<h1>` that is not the site's name; else the
/// first stated title without its site suffix.
fn title(document: &Document, tags: &MetaTags, jsonld: &JsonLdArticle) -> Option<String> {
    let declared: Vec<String> = [
        jsonld.headline.clone(),
        tags.first(&["og:title"]).map(str::to_string),
        tags.first(&["twitter:title"]).map(str::to_string),
        document.select("head title").nodes().first().map(|n| n.text().to_string()),
    ]
    .into_iter()
    .flatten()
    .map(|t| clean_text(&t))
    .filter(|t| !t.is_empty())
    .collect();
    let site = tags.first(&["og:site_name", "application-name"]).map(|s| s.to_lowercase());
    let headings: Vec<String> = document
        .select("h1")
        .nodes()
        .iter()
        .take(header::MAX_HEADINGS)
        .map(|node| without_leading_date(&clean_text(&node.text())))
        .filter(|text| !text.is_empty() && text.len() < 400)
        .filter(|text| site.as_deref() != Some(text.to_lowercase().as_str()))
        .collect();
    let stated: Vec<String> =
        declared.iter().map(|t| strip_site_suffix(t, site.as_deref())).collect();
    // Support is measured against the stated titles without their site suffix, so a heading
    // holding the site's name is not confirmed by "Headline | Site".
    let best = headings
        .iter()
        .map(|heading| {
            let support = stated.iter().map(|d| word_support(heading, d)).fold(0.0, f64::max);
            (support, heading)
        })
        .fold(None::<(f64, &String)>, |best, next| match best {
            Some(b) if b.0 >= next.0 => Some(b),
            _ => Some(next),
        });
    let chosen = match best {
        Some((support, heading)) if support >= 0.6 => Some(heading),
        _ if headings.len() == 1 && headings[0].split_whitespace().count() >= 3 => {
            Some(&headings[0])
        }
        _ => None,
    };
    match chosen {
        // A heading set in capitals is styling; the stated title it stands for has the case.
        Some(heading) if !heading.chars().any(char::is_lowercase) => {
            Some(stated.iter().find(|t| word_support(heading, t) >= 0.6).unwrap_or(heading).clone())
        }
        // A heading that is a stated title plus a tagline after a dash or bar
        // ("Gym Workouts for Beginners — Strength Training") is the stated title.
        Some(heading) => Some(
            stated
                .iter()
                .find(|t| {
                    t.split_whitespace().count() >= 3
                        && heading.strip_prefix(t.as_str()).is_some_and(|rest| {
                            [" – ", " - ", " — ", " | "].iter().any(|sep| rest.starts_with(sep))
                        })
                })
                .unwrap_or(heading)
                .clone(),
        ),
        None => stated.into_iter().next().or_else(|| headings.first().cloned()),
    }
}

/// A date printed inside the headline's element ("Dec 18 2025 Preparing a transition") is
/// not part of the headline.
fn without_leading_date(heading: &str) -> String {
    static LEADING_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^(?:([A-Za-z]{3,9})\.? \d{1,2},? \d{4}|\d{1,2} ([A-Za-z]{3,9})\.? \d{4}|\d{4}-\d{2}-\d{2})\s+(\S.*)$")
            .expect("a valid pattern")
    });
    let Some(captures) = LEADING_DATE.captures(heading) else { return heading.to_string() };
    let month = captures.get(1).or(captures.get(2));
    let rest = &captures[3];
    let is_date = month.is_none_or(|m| crate::meta::month_number(m.as_str()).is_some());
    if is_date && rest.split_whitespace().count() >= 2 {
        rest.to_string()
    } else {
        heading.to_string()
    }
}

/// Share of the heading's words found in the stated title.
fn word_support(heading: &str, declared: &str) -> f64 {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let heading = words(heading);
    let declared = words(declared);
    if heading.is_empty() {
        return 0.0;
    }
    let found = heading.iter().filter(|w| declared.contains(w)).count();
    found as f64 / heading.len() as f64
}

/// "Strike ends | Harbour Herald" -> "Strike ends"; "Strike ends | Live | Herald" -> "Strike
/// ends". A tail is cut when it is the site's name or short beside the head.
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    let mut title = title.trim();
    if title.len() > MAX_TITLE_BYTES {
        return title.to_string();
    }
    'cut: loop {
        for separator in [" | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " • "] {
            if let Some((head, tail)) = title.rsplit_once(separator) {
                let tail = tail.trim();
                let is_site = site.is_some_and(|site| tail.eq_ignore_ascii_case(site));
                // "Newegg.com": a bare domain is the site, whatever the head's length.
                let is_domain =
                    !tail.contains(' ') && tail.contains('.') && !head.trim().is_empty();
                let short = tail.split_whitespace().count() <= 4;
                if is_domain || head.split_whitespace().count() >= 3 && (is_site || short) {
                    title = head.trim();
                    continue 'cut;
                }
            }
        }
        return title.to_string();
    }
}

/// Authors, most explicit first: JSON-LD persons, `<meta>` author fields that are not the
/// site's own name, the byline printed by the headline, byline markup, and last the
/// organisations JSON-LD credits.
fn page_authors(
    document: &Document,
    tags: &MetaTags,
    jsonld: &JsonLdArticle,
    printed: Vec<String>,
) -> Vec<String> {
    let persons: Vec<String> =
        jsonld.authors.iter().flat_map(|a| authors::stated_names(a)).collect();
    if !persons.is_empty() {
        return persons;
    }
    let own_names: Vec<String> = [tags.first(&["og:site_name"]), jsonld.publisher.as_deref()]
        .into_iter()
        .flatten()
        .map(str::to_lowercase)
        .collect();
    for tag in AUTHOR_TAGS {
        let found: Vec<String> = tags
            .all(tag)
            .flat_map(authors::stated_names)
            .filter(|name| !own_names.contains(&name.to_lowercase()))
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    if !printed.is_empty() {
        return printed;
    }
    for selector in BYLINE_SELECTORS {
        let Some(selection) = document.try_select(selector) else { continue };
        for node in selection.nodes().iter().take(3) {
            let text = node.text();
            if text.len() > 200 {
                continue;
            }
            let found = authors::names(&text);
            if !found.is_empty() {
                return found;
            }
        }
    }
    jsonld.author_organizations.iter().flat_map(|a| authors::stated_names(a)).collect()
}

/// The publication date the page's metadata states.
fn published(document: &Document, tags: &MetaTags, jsonld: &JsonLdArticle) -> Option<Published> {
    if let Some(date) = jsonld.published.as_deref().and_then(dates::parse) {
        return Some(date);
    }
    if let Some(date) = PUBLISHED_TAGS.iter().find_map(|t| tags.first(&[t]).and_then(dates::parse))
    {
        return Some(date);
    }
    for selector in ["[itemprop=datePublished]", "time[pubdate]", "time.published, time.entry-date"]
    {
        for node in document.select(selector).nodes().iter().take(2) {
            let value = node.attr("datetime").or_else(|| node.attr("content"));
            let value = value.map(|v| v.to_string()).unwrap_or_else(|| node.text().to_string());
            if let Some(date) = dates::parse(&value) {
                return Some(date);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(head: &str, body: &str) -> HtmlMetadata {
        let page = format!("<html><head>{head}</head><body>{body}</body></html>");
        read(&Document::from(page.as_str()), Some("https://herald.example/news/strike"))
    }

    #[test]
    fn the_headline_is_the_confirmed_heading_or_the_stated_title() {
        let head = "<title>Strike shuts Portvale port | Harbour Herald</title>";
        let confirmed =
            metadata(head, "<h1>Harbour Herald</h1><h1>Strike shuts Portvale port</h1>");
        assert_eq!(confirmed.title.as_deref(), Some("Strike shuts Portvale port"));
        let tagline = metadata(head, "<h1>Strike shuts Portvale port – what it means for you</h1>");
        assert_eq!(tagline.title.as_deref(), Some("Strike shuts Portvale port"));
        let capitals = metadata(head, "<h1>STRIKE SHUTS PORTVALE PORT</h1>");
        assert_eq!(capitals.title.as_deref(), Some("Strike shuts Portvale port"));
        let shouted = metadata(head, "<h1>STRIKE SHUTS THE PORTVALE PORT</h1>");
        assert_eq!(shouted.title.as_deref(), Some("Strike shuts Portvale port"));
        let domain = metadata("<title>Game changer | Herald.example</title>", "<p>Text</p>");
        assert_eq!(domain.title.as_deref(), Some("Game changer"), "a domain is the site");
        let dated = metadata("", "<h1>Mar 11 2025 Strike shuts Portvale port</h1>");
        assert_eq!(dated.title.as_deref(), Some("Strike shuts Portvale port"));
        let years = metadata("", "<h1>March 1944 Ration Books Return</h1>");
        assert_eq!(
            years.title.as_deref(),
            Some("March 1944 Ration Books Return"),
            "no day, no date"
        );
        let no_heading = metadata(head, "<p>Text</p>");
        assert_eq!(no_heading.title.as_deref(), Some("Strike shuts Portvale port"));
    }

    #[test]
    fn authors_come_from_the_most_explicit_source() {
        let jsonld = r#"<script type="application/ld+json">{"@type": "NewsArticle",
            "author": [{"@type": "Organization", "name": "Harbour Herald"}]}</script>
            <meta name="author" content="Harbour Herald"><meta property="og:site_name" content="Harbour Herald">"#;
        let printed = metadata(jsonld, "<h1>Strike ends</h1><p>By Ana Lind and Tom Berg</p>");
        assert_eq!(printed.authors, ["Ana Lind", "Tom Berg"], "the site's own name is no byline");
        let only_site = metadata(jsonld, "<h1>Strike ends</h1><p>Dock workers went home.</p>");
        assert_eq!(only_site.authors, ["Harbour Herald"], "the organisation, as a last resort");
        let labelled = metadata(
            "",
            "<h1>Strike ends</h1><div><span>Written by</span><span>Ana Lind</span></div>",
        );
        assert_eq!(labelled.authors, ["Ana Lind"]);
    }

    #[test]
    fn dates_stated_printed_and_updated_are_kept_apart() {
        let head = r#"<meta property="article:published_time" content="2025-03-11T08:30:00+01:00">
            <meta property="article:modified_time" content="2025-03-12T10:00:00+01:00">"#;
        let stated = metadata(head, "<h1>Strike ends</h1><p>Updated March 14, 2025</p>");
        assert_eq!(stated.published.map(|p| p.date().to_string()).as_deref(), Some("2025-03-11"));
        assert_eq!(
            stated.modified.map(|p| p.date().to_string()).as_deref(),
            Some("2025-03-14"),
            "the printed update wins"
        );
        let printed = metadata("", "<h1>Strike ends</h1><p>March 11, 2025 • 4 min read</p>");
        assert_eq!(printed.published.map(|p| p.date().to_string()).as_deref(), Some("2025-03-11"));
        let sidebar = format!(
            "<h1>Strike ends</h1>{}<aside><p>March 1, 2025</p></aside>",
            "<p>Dock workers went home.</p>".repeat(700)
        );
        let far = metadata("", &sidebar);
        assert_eq!(far.published, None, "a date far from the headline is not its date");
        assert_eq!(far.modified, None);
    }
}
