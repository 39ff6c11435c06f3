//! Following stories on the web: what changed in a story since a moment (a section of its
//! page and `GET /api/stories/{id}/changes`), its Atom feed, the whole site's feed of new and
//! updated stories, and the form that follows or unfollows a story.

use std::collections::HashMap;
use std::sync::Arc;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use maud::{Markup, html};
use parallax_dossier::{Changes, Dossier, changes};
use parallax_store::Follow;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppState;
use crate::error::{ApiError, ApiQuery};
use crate::snapshot::{Snapshot, StoryEntry};

/// Entries a feed holds at most.
const FEED_ENTRIES: usize = 50;

/// New statements a "what changed" section lists at most; the dossier below has them all.
const SHOWN_QUOTES: usize = 5;

/// How far back "what changed" looks on a story nobody follows.
const UNFOLLOWED_SPAN_HOURS: i64 = 24;

/// What the store says of a story for its followers.
pub(crate) struct Watch {
    /// Its follow, when it is followed.
    pub follow: Option<Follow>,
    /// When each article joined it.
    pub arrivals: HashMap<String, DateTime<Utc>>,
}

impl Watch {
    /// The moment "what changed" starts from when the reader names none: the last look at a
    /// followed story, else a day ago.
    pub fn default_since(&self, now: DateTime<Utc>) -> DateTime<Utc> {
        self.follow
            .as_ref()
            .map_or(now - Duration::hours(UNFOLLOWED_SPAN_HOURS), |follow| follow.seen_at)
    }

    /// What the articles that joined after `since` brought to `dossier`.
    pub fn changes(&self, dossier: &Dossier, since: DateTime<Utc>) -> Changes {
        changes(dossier, |id| self.arrivals.get(id).is_some_and(|at| *at > since))
    }
}

/// A story's follow and arrivals: from the snapshot and the follows the server keeps; from
/// the store (off the threads that answer requests) only for a follow made before a merge,
/// whose reader saw the story from the merged one's side.
pub(crate) async fn watch(
    state: &Arc<AppState>,
    snapshot: &Snapshot,
    story: &StoryEntry,
) -> Result<Watch, ApiError> {
    let follow = state.follow_of(&story.id);
    if let Some(follow) = follow.clone().filter(|f| f.followed.as_str() != story.id) {
        let state = Arc::clone(state);
        return tokio::task::spawn_blocking(move || {
            state.with_reader(|engine| {
                let arrivals = engine.arrivals(&follow.story, &follow.followed)?;
                let arrivals = arrivals.into_iter().map(|(id, at)| (id.as_str().to_string(), at));
                Ok::<_, parallax_engine::EngineError>(Watch {
                    follow: Some(follow),
                    arrivals: arrivals.collect(),
                })
            })
        })
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal);
    }
    let arrivals = story
        .articles
        .iter()
        .filter_map(|id| snapshot.arrivals.get(id).map(|at| (id.clone(), *at)))
        .collect();
    Ok(Watch { follow, arrivals })
}

/// The "what changed" section of a story page.
pub(crate) fn section(
    story: &str,
    watch: &Watch,
    since: DateTime<Utc>,
    dossier: &Dossier,
) -> Markup {
    let changed = watch.changes(dossier, since);
    let followed = watch.follow.is_some();
    // The latest arrival shown: "seen" reaches that far, not past what the reader saw.
    let shown_until = changed
        .articles
        .iter()
        .filter_map(|a| watch.arrivals.get(&a.id))
        .max()
        .map(|at| at.to_rfc3339());
    html! {
        section.changes id="changes" {
            h2 { "What changed since " (since.format("%Y-%m-%d %H:%M UTC")) }
            form.follow method="post" action=(format!("/stories/{story}/follow")) {
                @if followed {
                    input type="hidden" name="action" value="unfollow";
                    "You follow this story · " button type="submit" { "Unfollow" }
                } @else {
                    input type="hidden" name="action" value="follow";
                    button type="submit" { "Follow" }
                }
                " · " a href=(format!("/stories/{story}/feed.xml")) { "Atom feed" }
            }
            @if changed.is_empty() {
                p.quiet { "Nothing new." }
            } @else {
                p {
                    (changed.articles.len()) " new article(s)"
                    @if !changed.new_outlets.is_empty() {
                        " · new outlet(s): " (changed.new_outlets.join(", "))
                    }
                }
                @if let (true, Some(until)) = (followed, &shown_until) {
                    form.seen method="post" action=(format!("/stories/{story}/follow")) {
                        input type="hidden" name="action" value="seen";
                        input type="hidden" name="until" value=(until);
                        button type="submit" { "Mark as seen" }
                    }
                }
                ul.new-articles {
                    @for article in &changed.articles {
                        li {
                            strong { (article.outlet) }
                            @if article.new_outlet { " " span.badge.new { "new outlet" } }
                            ": " a href=(format!("/articles/{}", article.id)) {
                                (article.title.as_deref().unwrap_or("(untitled)"))
                            }
                        }
                    }
                }
                @if !changed.figures.is_empty() {
                    h3 { "New or changed figures" }
                    ul {
                        @for figure in &changed.figures {
                            li {
                                strong { (figure.text) } " (" (figure.from.outlet) ")"
                                @if !figure.before.is_empty() { " — before: " (figure.before.join("; ")) }
                            }
                        }
                    }
                }
                @if !changed.quotes.is_empty() {
                    h3 { "New statements" }
                    ul {
                        @for quote in changed.quotes.iter().take(SHOWN_QUOTES) {
                            li { strong { (quote.speaker) } " (" (quote.from.outlet) "): " q { (quote.text) } }
                        }
                    }
                    @if changed.quotes.len() > SHOWN_QUOTES {
                        p.quiet { "and " (changed.quotes.len() - SHOWN_QUOTES) " more below, under \u{201c}Who said what\u{201d}" }
                    }
                }
            }
        }
    }
}

/// The moment a `since` parameter names, or the watch's default.
fn since_of(given: Option<&str>, watch: &Watch) -> Result<DateTime<Utc>, ApiError> {
    let now = Utc::now();
    match given.map(str::trim).filter(|s| !s.is_empty()) {
        Some(text) => parallax_core::parse_since(text, now).map_err(ApiError::bad_request),
        None => Ok(watch.default_since(now)),
    }
}

/// The `since` of a story page or the changes API.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct SinceParams {
    /// From when: a span back from now (`24h`, `7d`), a date (`2025-03-10`) or an RFC 3339
    /// time. Default: the last look at a followed story, else 24 hours ago.
    pub since: Option<String>,
}

/// What changed in a story since a moment.
#[derive(Debug, Serialize, ToSchema)]
pub(crate) struct ChangesAnswer {
    /// The story.
    story: String,
    /// The moment the changes are counted from (RFC 3339).
    since: String,
    /// Whether the story is followed.
    followed: bool,
    /// `{articles, new_outlets, figures, quotes}`: the articles that joined after `since` (with
    /// `new_outlet` when their outlet had not covered the story), the figures they give that
    /// the story did not (`before`: what it gave for the same thing), the statements no earlier
    /// article carried.
    #[schema(value_type = Object)]
    changes: Changes,
}

/// What changed in a story since a moment: new articles and outlets, new or changed figures,
/// new statements.
#[utoipa::path(get, path = "/api/stories/{id}/changes",
    params(("id" = String, Path, description = "story id"), SinceParams),
    responses((status = 200, body = ChangesAnswer),
              (status = 307, description = "a unique id prefix: the story's own address"),
              (status = 308, description = "a story merged into another: the other's address"),
              (status = 400, body = crate::error::ErrorBody),
              (status = 404, body = crate::error::ErrorBody)))]
pub(crate) async fn changes_api(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<SinceParams>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let Some((story, dossier)) = snapshot.story(&id) else {
        return crate::api::elsewhere(&state, &id, "/changes").await;
    };
    let watch = watch(&state, &snapshot, story).await?;
    let since = since_of(params.since.as_deref(), &watch)?;
    let answer = ChangesAnswer {
        story: story.id.clone(),
        since: since.to_rfc3339(),
        followed: watch.follow.is_some(),
        changes: watch.changes(dossier, since),
    };
    Ok(axum::Json(answer).into_response())
}

/// The address this server is reached at, from the request's `Host` (kept to the characters
/// a host and port have; anything else reads as `localhost`).
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() < 256
                && h.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("localhost");
    format!("http://{host}")
}

fn atom_time(at: DateTime<Utc>) -> FixedDateTime {
    at.fixed_offset()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link { href, rel: rel.to_string(), mime_type: mime.map(str::to_string), ..Link::default() }
}

fn atom_response(feed: &Feed) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response()
}

/// A story's Atom feed: one entry per article that joined it, newest first, saying what it
/// brought (a new outlet, figures, statements).
pub(crate) async fn story_feed(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Response {
    let snapshot = state.snapshot();
    let Some((story, dossier)) = snapshot.story(&id) else {
        return crate::pages::redirect_or_missing(&state, &id, "feed.xml").await;
    };
    let watch = match watch(&state, &snapshot, story).await {
        Ok(watch) => watch,
        Err(error) => return error.into_response(),
    };
    let base = base_url(&headers);
    let mut arrived: Vec<(&str, DateTime<Utc>)> =
        watch.arrivals.iter().map(|(id, at)| (id.as_str(), *at)).collect();
    arrived.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let by_id: HashMap<&str, (&str, Option<&str>)> = dossier
        .sources
        .iter()
        .flat_map(|s| {
            s.articles.iter().map(move |a| (a.id.as_str(), (s.outlet.as_str(), a.title.as_deref())))
        })
        .collect();
    let mut entries = Vec::new();
    let listed =
        arrived.iter().filter_map(|&(article, at)| Some((article, at, by_id.get(article)?)));
    for (article, at, &(outlet, title)) in listed.take(FEED_ENTRIES) {
        // What this article brought when it came: the changes of everything from it on, kept
        // to its own.
        let brought = changes(dossier, |id| watch.arrivals.get(id).is_some_and(|t| *t >= at));
        let new_outlet = brought.articles.iter().any(|a| a.id == article && a.new_outlet);
        let mut lines = Vec::new();
        if new_outlet {
            lines.push(format!("{outlet} covers the story for the first time."));
        }
        for figure in brought.figures.iter().filter(|f| f.from.article == article) {
            let before = if figure.before.is_empty() {
                String::new()
            } else {
                format!(" (before: {})", figure.before.join("; "))
            };
            lines.push(format!("Figure: {}{before}", figure.text));
        }
        for quote in brought.quotes.iter().filter(|q| q.from.article == article) {
            lines.push(format!("{}: \u{201c}{}\u{201d}", quote.speaker, quote.text));
        }
        let heading = title.unwrap_or("(untitled)");
        entries.push(Entry {
            id: format!("urn:parallax:story:{}:article:{article}", story.id),
            title: Text::plain(if new_outlet {
                format!("New outlet, {outlet}: {heading}")
            } else {
                format!("{outlet}: {heading}")
            }),
            updated: atom_time(at),
            links: vec![link(format!("{base}/articles/{article}"), "alternate", Some("text/html"))],
            summary: (!lines.is_empty()).then(|| Text::plain(lines.join("\n"))),
            ..Entry::default()
        });
    }
    let updated = arrived.first().map_or_else(Utc::now, |(_, at)| *at);
    let feed = Feed {
        id: format!("urn:parallax:story:{}", story.id),
        title: Text::plain(format!("{} · parallax", dossier.headline)),
        updated: atom_time(updated),
        authors: vec![Person { name: "parallax".to_string(), ..Person::default() }],
        links: vec![
            link(
                format!("{base}/stories/{}/feed.xml", story.id),
                "self",
                Some("application/atom+xml"),
            ),
            link(format!("{base}/stories/{}", story.id), "alternate", Some("text/html")),
        ],
        entries,
        ..Feed::default()
    };
    atom_response(&feed)
}

/// The site's Atom feed: the stories that started or grew last, newest first.
pub(crate) async fn site_feed(State(state): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let snapshot = state.snapshot();
    let reading = Arc::clone(&state);
    let updates = tokio::task::spawn_blocking(move || {
        reading.with_reader(|engine| engine.recent_updates(FEED_ENTRIES))
    })
    .await;
    let updates = match updates {
        Ok(Ok(updates)) => updates,
        Ok(Err(error)) => return ApiError::internal(error).into_response(),
        Err(error) => return ApiError::internal(error).into_response(),
    };
    let base = base_url(&headers);
    let mut entries = Vec::new();
    for (id, at) in &updates {
        let Some((story, dossier)) = snapshot.story(id.as_str()) else { continue };
        let summary = format!("{} article(s) · {}", story.articles.len(), dossier.outlets_line());
        entries.push(Entry {
            id: format!("urn:parallax:story:{}", story.id),
            title: Text::plain(dossier.headline.clone()),
            updated: atom_time(*at),
            links: vec![link(
                format!("{base}/stories/{}", story.id),
                "alternate",
                Some("text/html"),
            )],
            summary: Some(Text::plain(summary)),
            content: None::<Content>,
            ..Entry::default()
        });
    }
    let updated = updates.first().map_or_else(Utc::now, |(_, at)| *at);
    let feed = Feed {
        id: "urn:parallax:stories".to_string(),
        title: Text::plain("New and updated stories · parallax"),
        updated: atom_time(updated),
        authors: vec![Person { name: "parallax".to_string(), ..Person::default() }],
        links: vec![
            link(format!("{base}/feed.xml"), "self", Some("application/atom+xml")),
            link(format!("{base}/"), "alternate", Some("text/html")),
        ],
        entries,
        ..Feed::default()
    };
    atom_response(&feed)
}

/// The follow form's fields.
#[derive(Debug, Deserialize)]
pub(crate) struct FollowForm {
    /// `follow`, `unfollow`, or `seen` (what changed was read up to `until`).
    action: String,
    /// For `seen`: the latest arrival the page showed (RFC 3339).
    until: Option<String>,
}

/// Whether a form post comes from this site's own pages: browsers say where a request comes
/// from (`Sec-Fetch-Site`, `Origin`); a post from another site is refused.
fn same_site(headers: &HeaderMap) -> bool {
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = text("sec-fetch-site") {
        return matches!(site, "same-origin" | "none");
    }
    match (text("origin"), text("host")) {
        (Some(origin), Some(host)) => {
            origin.split_once("://").is_some_and(|(_, rest)| rest == host)
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}

/// What the follow form asks.
enum Action {
    Follow,
    Unfollow,
    Seen(DateTime<Utc>),
}

/// `POST /stories/{id}/follow`: follows or unfollows the story, or records what the reader
/// saw, then shows its page.
pub(crate) async fn follow_form(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    axum::Form(form): axum::Form<FollowForm>,
) -> Response {
    if !same_site(&headers) {
        return (StatusCode::FORBIDDEN, "a story is followed from its own page\n").into_response();
    }
    let seen_until = form.until.as_deref().and_then(|t| DateTime::parse_from_rfc3339(t).ok());
    let action = match (form.action.as_str(), seen_until) {
        ("follow", _) => Action::Follow,
        ("unfollow", _) => Action::Unfollow,
        ("seen", Some(until)) => Action::Seen(until.with_timezone(&Utc)),
        _ => {
            return (StatusCode::BAD_REQUEST, "action: follow, unfollow, or seen with until\n")
                .into_response();
        }
    };
    let writing = Arc::clone(&state);
    let done = tokio::task::spawn_blocking(move || {
        writing.with_reader_mut(|engine| {
            let found = match action {
                Action::Follow => engine.follow(&id)?.ok().map(|(record, _)| record.id),
                Action::Unfollow => engine.unfollow(&id)?.ok().map(|(record, _)| record.id),
                Action::Seen(until) => match engine.lookup_story(&id)? {
                    parallax_store::StoryLookup::Found(record) => {
                        engine.mark_seen(&record.id, until)?;
                        Some(record.id)
                    }
                    _ => None,
                },
            };
            writing.refresh_follows(engine);
            Ok::<_, parallax_engine::EngineError>(found)
        })
    })
    .await;
    match done {
        Ok(Ok(Some(story))) => Redirect::to(&format!("/stories/{story}#changes")).into_response(),
        Ok(Ok(None)) => crate::pages::missing("story"),
        Ok(Err(error)) => ApiError::internal(error).into_response(),
        Err(error) => ApiError::internal(error).into_response(),
    }
}
