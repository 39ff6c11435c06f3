//! The web UI: pages rendered on the server, readable without JavaScript. `maud` escapes every
//! value put into the markup; the only pre-escaped pieces are the highlighted article text
//! (escaped by [`crate::highlight`]) and the charts (built with `maud` too).

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use maud::{DOCTYPE, Markup, PreEscaped, html};
use serde::Deserialize;

use crate::api::{SearchParams, annotated, run_search};
use crate::snapshot::{Snapshot, StoryEntry};
use crate::svg;
use crate::{AppState, following};

/// Stories per page of the list.
const STORIES_PER_PAGE: usize = 50;

/// The web UI's own rules; the story page's come with the dossier's renderer.
const UI_STYLE: &str = include_str!("../assets/style.css");

static STYLE: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| format!("{UI_STYLE}{}", parallax_dossier::DOSSIER_STYLE));

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(story_list))
        .route("/stories/{id}", get(story_page))
        .route("/stories/{id}/feed.xml", get(following::story_feed))
        .route("/stories/{id}/follow", axum::routing::post(following::follow_form))
        .route("/feed.xml", get(following::site_feed))
        .route("/stories/{id}/sources.csv", get(story_csv))
        .route("/stories/{id}/citations.txt", get(story_citations))
        .route("/articles/{id}", get(article_page))
        .route("/search", get(search_page))
        .route("/outlets", get(outlets_page))
        .route("/assets/style.css", get(style))
        .fallback(not_found)
}

async fn style() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "max-age=3600"),
        ],
        STYLE.as_str(),
    )
        .into_response()
}

/// A whole page around `body`.
fn page(title: &str, query: &str, body: Markup) -> Markup {
    page_with_feed(title, query, None, body)
}

/// A whole page around `body` that names an Atom feed of its own (the site's otherwise).
fn page_with_feed(title: &str, query: &str, feed: Option<&str>, body: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · parallax" }
                link rel="stylesheet" href="/assets/style.css";
                link rel="alternate" type="application/atom+xml" title="New and updated stories" href="/feed.xml";
                @if let Some(feed) = feed {
                    link rel="alternate" type="application/atom+xml" title="This story" href=(feed);
                }
            }
            body {
                header.top {
                    a.brand href="/" { "parallax" }
                    nav { a href="/" { "Stories" } a href="/outlets" { "Outlets" } }
                    form.search action="/search" method="get" role="search" {
                        input type="search" name="q" value=(query) placeholder="Search articles" aria-label="Search articles";
                        button type="submit" { "Search" }
                    }
                }
                main { (body) }
                footer { "parallax · " a href="/openapi.json" { "API (OpenAPI)" } }
            }
        }
    }
}

fn html_response(status: StatusCode, markup: Markup) -> Response {
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], markup.into_string())
        .into_response()
}

async fn not_found() -> Response {
    missing("page")
}

pub(crate) fn missing(what: &str) -> Response {
    html_response(
        StatusCode::NOT_FOUND,
        page(
            "Not found",
            "",
            html! { h1 { "Not found" } p { "There is no such " (what) " here. " a href="/" { "Back to the stories" } "." } },
        ),
    )
}

/// The warning of a story covered from one side only (see `parallax_dossier::perspective`).
fn one_sided(snapshot: &Snapshot, state: &AppState, id: &str) -> Option<String> {
    let (_, dossier) = snapshot.story(id)?;
    parallax_dossier::perspective(dossier, state.outlets()).one_sided
}

/// Query of the story list.
#[derive(Debug, Deserialize)]
struct ListQuery {
    page: Option<usize>,
    outlet: Option<String>,
}

async fn story_list(
    State(state): State<Arc<AppState>>,
    Query(query): Query<ListQuery>,
) -> Response {
    let snapshot = state.snapshot();
    let outlet = query.outlet.as_deref().filter(|o| !o.is_empty());
    let chosen: Vec<&StoryEntry> = snapshot
        .stories
        .iter()
        .filter(|s| outlet.is_none_or(|o| s.coverage.iter().any(|c| c.outlet == o)))
        .collect();
    let pages = chosen.len().div_ceil(STORIES_PER_PAGE).max(1);
    let current = query.page.unwrap_or(1).clamp(1, pages);
    let shown = chosen.iter().skip((current - 1) * STORIES_PER_PAGE).take(STORIES_PER_PAGE);
    let link = |n: usize| match outlet {
        Some(o) => format!("/?page={n}&outlet={}", encode(o)),
        None => format!("/?page={n}"),
    };
    let body = html! {
        h1 { "Stories" @if let Some(o) = outlet { " covered by " (o) } }
        p.meta {
            (snapshot.articles.len()) " articles · " (snapshot.stories.len()) " stories · "
            (snapshot.outlets.len()) " outlets"
            @if state.rebuilding() { " · new articles are being grouped" }
        }
        @if snapshot.articles.is_empty() {
            section.empty {
                h2 { "No articles yet" }
                p { "Add some from a shell, then reload this page (the server picks them up within 10 seconds):" }
                pre { code { "parallax ingest ./articles news.jsonl crawl.warc.gz\nparallax ingest --feed https://news.example/rss.xml" } }
                p { "or post them to " code { "POST /api/ingest" } " with the token the server was started with ("
                    a href="/openapi.json" { "the API's description" } ")." }
            }
        } @else {
            section.activity-all {
                h2 { "Activity over time" }
                (svg::activity(&snapshot.activity, 900, 90, "all stored articles"))
            }
        }
        table.stories {
            thead { tr { th { "Story" } th { "Articles" } th { "Coverage by outlet" } th { "Dates" } th { "Activity" } } }
            tbody {
                @for story in shown {
                    tr {
                        td {
                            a href=(format!("/stories/{}", story.id)) { (story.headline) }
                            @if let Some(warning) = one_sided(&snapshot, &state, &story.id) {
                                " " span.badge.warning title=(warning) { "one side only" }
                            }
                        }
                        td.num { (story.articles.len()) }
                        td {
                            @for count in story.coverage.iter().take(8) {
                                span.badge { (count.outlet) @if count.articles > 1 { " ×" (count.articles) } }
                            }
                            @if story.coverage.len() > 8 { span.meta { " +" (story.coverage.len() - 8) " more" } }
                        }
                        td.dates { (dates(story.first_seen, story.last_seen)) }
                        td { (svg::activity(&story.activity, 120, 30, "this story")) }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pages {
                @if current > 1 { a rel="prev" href=(link(current - 1)) { "← newer" } }
                span { "page " (current) " of " (pages) }
                @if current < pages { a rel="next" href=(link(current + 1)) { "older →" } }
            }
        }
    };
    html_response(StatusCode::OK, page("Stories", "", body))
}

fn dates(first: Option<chrono::NaiveDate>, last: Option<chrono::NaiveDate>) -> String {
    match (first, last) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.to_string(),
        _ => "undated".to_string(),
    }
}

/// For a story id the snapshot lacks: a redirect to `/stories/ID/{rest}` of the story it
/// names (merged into, or a unique prefix of), else the not-found page.
pub(crate) async fn redirect_or_missing(state: &Arc<AppState>, id: &str, rest: &str) -> Response {
    let path = |to: &str| {
        if rest.is_empty() { format!("/stories/{to}") } else { format!("/stories/{to}/{rest}") }
    };
    crate::story_address(state, id).await.redirect(path).unwrap_or_else(|_| missing("story"))
}

/// A story's sources as CSV, to download (`parallax story ID --format csv`).
async fn story_csv(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let snapshot = state.snapshot();
    let Some((story, dossier)) = snapshot.story(&id) else {
        return redirect_or_missing(&state, &id, "sources.csv").await;
    };
    let disposition = format!("attachment; filename=\"{}-sources.csv\"", story.id);
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        parallax_dossier::to_csv(dossier),
    )
        .into_response()
}

/// A story's sources as a numbered citation list (`parallax story ID --format citations`).
async fn story_citations(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let snapshot = state.snapshot();
    let Some((_, dossier)) = snapshot.story(&id) else {
        return redirect_or_missing(&state, &id, "citations.txt").await;
    };
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], parallax_dossier::to_citations(dossier))
        .into_response()
}

async fn story_page(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    Query(params): Query<following::SinceParams>,
) -> Response {
    let snapshot = state.snapshot();
    let Some((story, dossier)) = snapshot.story(&id) else {
        return redirect_or_missing(&state, &id, "").await;
    };
    let changes = match following::watch(&state, &snapshot, story).await {
        Ok(watch) => {
            let since = params
                .since
                .as_deref()
                .and_then(|text| parallax_core::parse_since(text, chrono::Utc::now()).ok())
                .unwrap_or_else(|| watch.default_since(chrono::Utc::now()));
            Some(following::section(&story.id, &watch, since, dossier))
        }
        Err(_) => None,
    };
    let body = html! {
        article.story {
            h1 { (dossier.headline) }
            p.meta {
                (story.articles.len()) " articles · " (dossier.outlets_line()) " · "
                (dates(story.first_seen, story.last_seen)) " · "
                a href=(format!("/api/stories/{}", story.id)) { "JSON" } " · "
                a href=(format!("/search?story={}", story.id)) { "search within" } " · "
                a href=(format!("/stories/{}/sources.csv", story.id)) { "sources as CSV" } " · "
                a href=(format!("/stories/{}/citations.txt", story.id)) { "citations" }
            }
            (parallax_dossier::perspective_section(&parallax_dossier::perspective(dossier, state.outlets())))
            @if let Some(changes) = changes { (changes) }
            (parallax_dossier::sections(dossier, Some(&|id: &str| format!("/articles/{id}"))))
        }
    };
    let feed = format!("/stories/{}/feed.xml", story.id);
    html_response(StatusCode::OK, page_with_feed(&dossier.headline, "", Some(&feed), body))
}

async fn article_page(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let snapshot = state.snapshot();
    let analysed = Arc::clone(&snapshot);
    let reading = Arc::clone(&state);
    // The stored analysis is read from the database: off the threads that answer requests.
    let annotations = tokio::task::spawn_blocking(move || {
        annotated(&reading, &analysed, &id).map(|(article, text, annotations)| {
            let highlighted =
                crate::highlight::to_html(&text, &annotations, article.title.is_some());
            (article, highlighted, annotations)
        })
    })
    .await;
    let Ok(Some((article, highlighted, annotations))) = annotations else {
        return missing("article");
    };
    let body = html! {
        article.article {
            p.meta {
                a href=(format!("/?outlet={}", encode(&article.outlet))) { (article.outlet) }
                @if let Some(day) = article.published { " · " (day) }
                @if let Some(byline) = &article.byline { " · " (byline) }
                @if let Some(story) = &article.story { " · " a href=(format!("/stories/{story}")) { "the story" } }
                " · " a href=(format!("/api/articles/{}", article.id)) { "JSON" }
            }
            @if let Some(url) = safe_url(article.url.as_deref()) {
                p.meta { "Published at " a href=(url) rel="noreferrer noopener" { (url) } }
            }
            p.legend {
                q.quote.direct { "direct quote" } " " q.quote.reported { "reported speech" } " "
                span.entity.person { "person" } " " span.entity.organisation { "organisation" } " "
                span.entity.place { "place" }
            }
            div.text { (PreEscaped(highlighted)) }
            @if !annotations.quotes.is_empty() {
                h2 { "Quotes" }
                ul { @for quote in &annotations.quotes { li { strong { (quote.speaker) } ": " (quote.text) } } }
            }
        }
    };
    html_response(StatusCode::OK, page(article.title.as_deref().unwrap_or("Article"), "", body))
}

/// Only web addresses become links; anything else (`javascript:`, `data:`) stays text.
fn safe_url(url: Option<&str>) -> Option<&str> {
    url.filter(|u| {
        let lower = u.trim_start().to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    })
}

async fn search_page(
    State(state): State<Arc<AppState>>,
    Query(params): Query<SearchParams>,
) -> Response {
    let snapshot = state.snapshot();
    let text = params.q.clone().unwrap_or_default();
    let filled = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.trim().is_empty());
    let asked = !text.trim().is_empty()
        || [&params.story, &params.outlet, &params.from, &params.to].into_iter().any(filled);
    let answer = asked.then(|| run_search(&state, &snapshot, &params));
    let shown = params.limit.unwrap_or(10).clamp(1, parallax_search::MAX_LIMIT);
    let offset = params.offset.unwrap_or(0);
    let page_link = |offset: usize| {
        let mut link = format!("/search?q={}&offset={offset}", encode(&text));
        for (name, value) in [
            ("outlet", &params.outlet),
            ("from", &params.from),
            ("to", &params.to),
            ("story", &params.story),
        ] {
            if let Some(value) = value.as_deref().filter(|v| !v.is_empty()) {
                link.push_str(&format!("&{name}={}", encode(value)));
            }
        }
        link
    };
    let story_name =
        params.story.as_deref().and_then(|s| snapshot.story(s)).map(|(s, _)| s.headline.clone());
    let body = html! {
        h1 { "Search" }
        form.filters action="/search" method="get" {
            label { "Words " input type="search" name="q" value=(text) placeholder="\"red lines\" troops"; }
            label { "Outlet " select name="outlet" {
                option value="" { "any" }
                @for outlet in &snapshot.outlets {
                    option value=(outlet.name) selected[params.outlet.as_deref() == Some(outlet.name.as_str())] { (outlet.name) }
                }
            } }
            label { "From " input type="date" name="from" value=(params.from.as_deref().unwrap_or("")); }
            label { "To " input type="date" name="to" value=(params.to.as_deref().unwrap_or("")); }
            @if let Some(story) = params.story.as_deref().filter(|s| !s.is_empty()) {
                input type="hidden" name="story" value=(story);
            }
            button type="submit" { "Search" }
        }
        @if let Some(name) = &story_name { p.meta { "Within the story: " (name) } }
        @match answer {
            None => p.meta { "Words must all match; put a phrase in quotes; -word leaves it out; title:word looks in headlines." },
            Some(Err(error)) => p.error { (error.message) },
            Some(Ok(answer)) => {
                p.meta { (answer.total) " matching article(s)" }
                ol.hits start=(offset + 1) {
                    @for hit in &answer.hits {
                        li {
                            a href=(format!("/articles/{}", hit.id)) { (hit.title.as_deref().unwrap_or("(no headline)")) }
                            " " span.badge { (hit.outlet) }
                            @if let Some(day) = hit.published { " " span.meta { (day) } }
                            @if let Some(story) = &hit.story { " · " a.meta href=(format!("/stories/{story}")) { "story" } }
                            p.snippet { (marked(&hit.snippet, &hit.highlights)) }
                        }
                    }
                }
                nav.pages {
                    @if offset > 0 { a rel="prev" href=(page_link(offset.saturating_sub(shown))) { "← better matches" } }
                    @if offset + shown < answer.total.min(parallax_search::MAX_OFFSET) { a rel="next" href=(page_link(offset + shown)) { "more →" } }
                }
            }
        }
    };
    html_response(StatusCode::OK, page("Search", &text, body))
}

/// A snippet with the matched words in `<mark>`, every piece escaped.
fn marked(snippet: &str, highlights: &[[usize; 2]]) -> Markup {
    let mut pieces: Vec<(&str, bool)> = Vec::new();
    let mut at = 0;
    for &[start, end] in highlights {
        if start < at
            || end > snippet.len()
            || !snippet.is_char_boundary(start)
            || !snippet.is_char_boundary(end)
        {
            continue;
        }
        pieces.push((&snippet[at..start], false));
        pieces.push((&snippet[start..end], true));
        at = end;
    }
    pieces.push((&snippet[at..], false));
    html! { @for (piece, hit) in pieces { @if hit { mark { (piece) } } @else { (piece) } } }
}

async fn outlets_page(State(state): State<Arc<AppState>>) -> Response {
    let snapshot: Arc<Snapshot> = state.snapshot();
    let body = html! {
        h1 { "Outlets" }
        table.outlets {
            thead { tr { th { "Outlet" } th { "Articles" } th { "Stories" } th { "Dates" } } }
            tbody {
                @for outlet in &snapshot.outlets {
                    tr {
                        td { a href=(format!("/?outlet={}", encode(&outlet.name))) { (outlet.name) } }
                        td.num { (outlet.articles) }
                        td.num { (outlet.stories) }
                        td.dates { (dates(outlet.first_seen, outlet.last_seen)) }
                    }
                }
            }
        }
    };
    html_response(StatusCode::OK, page("Outlets", "", body))
}

/// `text` percent-encoded for a query value.
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
