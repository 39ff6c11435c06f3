//! The JSON API and its OpenAPI document.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::NaiveDate;
use parallax_search::{SearchQuery, SearchResults};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use crate::error::{ApiError, ApiQuery, ErrorBody};
use crate::highlight::{Annotations, EntityMarks, QuoteMark, annotations};
use crate::ingest::{IngestItem, IngestReport, IngestRequest, ItemOutcome};
use crate::snapshot::{ArticleEntry, DayCount, OutletCount, OutletEntry, Snapshot, StoryEntry};
use crate::{AppState, following, ingest};

/// Items a list answer holds at most.
const MAX_PAGE: usize = 200;

pub(crate) fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/stories", get(stories))
        .route("/api/stories/{id}", get(story))
        .route("/api/stories/{id}/changes", get(following::changes_api))
        .route("/api/stories/{id}/perspective", get(perspective))
        .route("/api/articles", get(articles))
        .route("/api/articles/{id}", get(article))
        .route("/api/search", get(search))
        .route("/api/outlets", get(outlets))
        .route("/openapi.json", get(openapi))
        .route("/healthz", get(healthz))
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "parallax",
        description = "One story, every outlet: stories, dossiers, articles and search over the \
                       stored news. Dossiers are described in docs/dossier-json.md."
    ),
    paths(stories, story, following::changes_api, perspective, articles, article, search, outlets, ingest::ingest, healthz),
    components(schemas(
        StoryList, StoryEntry, OutletCount, DayCount, ArticleList, ArticleEntry, ArticleDetail,
        Annotations, EntityMarks, QuoteMark, OutletEntry, ErrorBody, Health, IngestRequest,
        IngestItem, IngestReport, ItemOutcome, SearchAnswer, SearchHit, following::ChangesAnswer
    )),
    modifiers(&BearerToken)
)]
struct ApiDoc;

struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document of this API.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}

/// Paging and the outlet filter of the story list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StoryParams {
    /// Only stories this outlet covered.
    outlet: Option<String>,
    /// Items to return (default 50, at most 200; 0 is taken as 1).
    #[param(minimum = 0, maximum = 200)]
    limit: Option<usize>,
    /// Items to skip.
    #[param(minimum = 0, maximum = 1_000_000_000)]
    offset: Option<usize>,
}

/// Paging and filters of the article list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleParams {
    /// Only articles of this outlet.
    outlet: Option<String>,
    /// Only articles of this story.
    story: Option<String>,
    /// Items to return (default 50, at most 200; 0 is taken as 1).
    #[param(minimum = 0, maximum = 200)]
    limit: Option<usize>,
    /// Items to skip.
    #[param(minimum = 0, maximum = 1_000_000_000)]
    offset: Option<usize>,
}

/// The page `limit` and `offset` ask for, and how many there are in all.
fn page<T: Clone>(items: Vec<&T>, limit: Option<usize>, offset: Option<usize>) -> (usize, Vec<T>) {
    let limit = limit.unwrap_or(50).clamp(1, MAX_PAGE);
    let total = items.len();
    let page = items.into_iter().skip(offset.unwrap_or(0)).take(limit).cloned().collect();
    (total, page)
}

/// A filter value; an empty one is no filter, as an HTML form sends it.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.is_empty())
}

/// A page of stories.
#[derive(Debug, Serialize, ToSchema)]
pub struct StoryList {
    /// Stories matching the filters.
    total: usize,
    /// This page of them, most recently active first.
    stories: Vec<StoryEntry>,
}

/// Stories, most recently active first, with their coverage per outlet and activity per day.
#[utoipa::path(get, path = "/api/stories", params(StoryParams),
    responses((status = 200, body = StoryList), (status = 400, body = ErrorBody)))]
async fn stories(
    State(state): State<Arc<AppState>>,
    ApiQuery(params): ApiQuery<StoryParams>,
) -> Json<StoryList> {
    let snapshot = state.snapshot();
    let chosen: Vec<&StoryEntry> = snapshot
        .stories
        .iter()
        .filter(|s| given(&params.outlet).is_none_or(|o| s.coverage.iter().any(|c| c.outlet == o)))
        .collect();
    let (total, stories) = page(chosen, params.limit, params.offset);
    Json(StoryList { total, stories })
}

/// The answer for a story the snapshot does not hold: a redirect to
/// `/api/stories/{the story's id}{rest}` for a merged id or a unique prefix, else 404.
pub(crate) async fn elsewhere(
    state: &Arc<AppState>,
    id: &str,
    rest: &str,
) -> Result<Response, ApiError> {
    crate::story_address(state, id)
        .await
        .redirect(|to| format!("/api/stories/{to}{rest}"))
        .map_err(ApiError::not_found)
}

/// One story's dossier: summary with outlets, agreement, what only one outlet said, quote
/// groups, figures, timeline, entities and sources (see docs/dossier-json.md).
#[utoipa::path(get, path = "/api/stories/{id}", params(("id" = String, Path, description = "story id")),
    responses((status = 200, body = serde_json::Value, description = "the dossier"),
              (status = 307, description = "a unique id prefix: the story's own address"),
              (status = 308, description = "a story merged into another: the other's address"),
              (status = 404, body = ErrorBody)))]
async fn story(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let Some((_, dossier)) = snapshot.story(&id) else {
        return elsewhere(&state, &id, "").await;
    };
    let body = serde_json::to_vec(dossier).map_err(ApiError::internal)?;
    Ok(([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response())
}

/// Who covered a story: by kind, country and lean (as the outlet table and the data folder's
/// `outlets.toml` give them), who reported first, which reports only repeat another's copy,
/// and a warning when one side only covered it.
#[utoipa::path(get, path = "/api/stories/{id}/perspective", params(("id" = String, Path, description = "story id")),
    responses((status = 200, body = serde_json::Value, description = "`{by_kind, by_country, by_lean: [{label, outlets}], first: [day, [outlet]], repeats: [{outlet, article, of, wire, kind}], one_sided}`"),
              (status = 307, description = "a unique id prefix: the story's own address"),
              (status = 308, description = "a story merged into another: the other's address"),
              (status = 404, body = ErrorBody)))]
async fn perspective(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let snapshot = state.snapshot();
    let Some((_, dossier)) = snapshot.story(&id) else {
        return elsewhere(&state, &id, "/perspective").await;
    };
    Ok(Json(parallax_dossier::perspective(dossier, state.outlets())).into_response())
}

/// A page of articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleList {
    /// Articles matching the filters.
    total: usize,
    /// This page of them, newest first.
    articles: Vec<ArticleEntry>,
}

/// Articles, newest first, optionally of one outlet or story.
#[utoipa::path(get, path = "/api/articles", params(ArticleParams),
    responses((status = 200, body = ArticleList), (status = 400, body = ErrorBody)))]
async fn articles(
    State(state): State<Arc<AppState>>,
    ApiQuery(params): ApiQuery<ArticleParams>,
) -> Json<ArticleList> {
    let snapshot = state.snapshot();
    let chosen: Vec<&ArticleEntry> = snapshot
        .articles
        .iter()
        .map(|a| &**a)
        .filter(|a| given(&params.outlet).is_none_or(|o| a.outlet == o))
        .filter(|a| given(&params.story).is_none_or(|s| a.story.as_deref() == Some(s)))
        .collect();
    let (total, articles) = page(chosen, params.limit, params.offset);
    Json(ArticleList { total, articles })
}

/// One article with its text and what analysis marks in it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticleDetail {
    /// The article.
    #[serde(flatten)]
    article: ArticleEntry,
    /// Its text as analysed: the headline, a blank line, the body. Spans are byte offsets
    /// into it.
    text: String,
    /// Its quotes and entities.
    annotations: Annotations,
}

/// The article with its text, quotes and named entities (spans into the text).
#[utoipa::path(get, path = "/api/articles/{id}", params(("id" = String, Path, description = "article id")),
    responses((status = 200, body = ArticleDetail), (status = 404, body = ErrorBody)))]
async fn article(
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> Result<Json<ArticleDetail>, ApiError> {
    let snapshot = state.snapshot();
    // The stored analysis is read from the database: off the threads that answer requests.
    let detail = tokio::task::spawn_blocking(move || {
        annotated(&state, &snapshot, &id).map(|(article, text, annotations)| ArticleDetail {
            article,
            text,
            annotations,
        })
    })
    .await
    .map_err(ApiError::internal)?;
    detail.map(Json).ok_or_else(|| ApiError::not_found("such article"))
}

/// An article, its text and the annotations of its stored analysis. An article stored after
/// the snapshot was read is read from the store, so it answers as soon as it is stored.
pub(crate) fn annotated(
    state: &AppState,
    snapshot: &Snapshot,
    id: &str,
) -> Option<(ArticleEntry, String, Annotations)> {
    let wanted = snapshot.article(id).map_or(id, |(entry, _)| entry.id.as_str());
    let view = match state.with_reader(|engine| engine.article(wanted)) {
        Ok(Ok(view)) => view,
        Ok(Err(_)) => return None,
        Err(error) => {
            tracing::error!(%error, article = %id, "reading a stored article");
            return None;
        }
    };
    let (entry, text) = match snapshot.article(view.article.id.as_str()) {
        Some((entry, text)) => (entry.clone(), text.to_string()),
        None => {
            let entry = ArticleEntry::of(&view.article, view.story.as_ref().map(|s| s.to_string()));
            (entry, view.article.analysed_text())
        }
    };
    let marks = annotations(&text, &view.analysis);
    Some((entry, text, marks))
}

/// A search: the words, then filters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words (all must match), "phrases", -excluded, title:word.
    pub q: Option<String>,
    /// Only this outlet.
    pub outlet: Option<String>,
    /// Only articles published on or after this day (YYYY-MM-DD).
    #[param(format = Date)]
    pub from: Option<String>,
    /// Only articles published on or before this day (YYYY-MM-DD).
    #[param(format = Date)]
    pub to: Option<String>,
    /// Only articles of this story.
    pub story: Option<String>,
    /// Hits to return (default 10, at most 100; 0 is taken as 1).
    #[param(minimum = 0, maximum = 100)]
    pub limit: Option<usize>,
    /// Hits to skip (at most 10,000).
    #[param(minimum = 0, maximum = 10000)]
    pub offset: Option<usize>,
}

/// The hits of a search.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchAnswer {
    /// Articles matching.
    pub total: usize,
    /// This page of them, best first.
    pub hits: Vec<SearchHit>,
}

/// One hit.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// Article id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: String,
    /// Publication day.
    pub published: Option<NaiveDate>,
    /// The story it belongs to.
    pub story: Option<String>,
    /// BM25 score.
    pub score: f32,
    /// A passage around the matches.
    pub snippet: String,
    /// Byte spans of the matched words in the snippet.
    pub highlights: Vec<[usize; 2]>,
}

/// Runs a search against the snapshot's stories.
pub(crate) fn run_search(
    state: &AppState,
    snapshot: &Snapshot,
    params: &SearchParams,
) -> Result<SearchAnswer, ApiError> {
    let day = |value: &Option<String>, name: &str| -> Result<Option<NaiveDate>, ApiError> {
        match value.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                ApiError::bad_request(format!("{name}: {v:?} is not a day (YYYY-MM-DD)"))
            }),
        }
    };
    let articles = match given(&params.story) {
        None => None,
        Some(id) => {
            let (story, _) = snapshot.story(id).ok_or_else(|| ApiError::not_found("such story"))?;
            Some(story.articles.clone())
        }
    };
    let query = SearchQuery {
        text: params.q.clone().unwrap_or_default(),
        outlets: given(&params.outlet).map(str::to_string).into_iter().collect(),
        from: day(&params.from, "from")?,
        to: day(&params.to, "to")?,
        articles,
        limit: params.limit.unwrap_or(10),
        offset: params.offset.unwrap_or(0),
    };
    let SearchResults { total, hits } = state.index.search(&query)?;
    let hits = hits
        .into_iter()
        .map(|hit| SearchHit {
            story: snapshot.article(&hit.id).and_then(|(a, _)| a.story.clone()),
            highlights: hit.highlights.iter().map(|r| [r.start, r.end]).collect(),
            id: hit.id,
            title: hit.title,
            outlet: hit.outlet,
            published: hit.published,
            score: hit.score,
            snippet: hit.snippet,
        })
        .collect();
    Ok(SearchAnswer { total, hits })
}

/// Full-text search of the stored articles (BM25), with filters.
#[utoipa::path(get, path = "/api/search", params(SearchParams),
    responses((status = 200, body = SearchAnswer),
              (status = 400, body = ErrorBody, description = "bad query syntax, a bad day, or paging too deep"),
              (status = 404, body = ErrorBody, description = "no such story")))]
async fn search(
    State(state): State<Arc<AppState>>,
    ApiQuery(params): ApiQuery<SearchParams>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let snapshot = state.snapshot();
    Ok(Json(run_search(&state, &snapshot, &params)?))
}

/// The outlets, most articles first.
#[utoipa::path(get, path = "/api/outlets", responses((status = 200, body = Vec<OutletEntry>)))]
async fn outlets(State(state): State<Arc<AppState>>) -> Json<Vec<OutletEntry>> {
    Json(state.snapshot().outlets.clone())
}

/// Whether the server is up, and what it holds.
#[derive(Debug, Serialize, ToSchema)]
pub struct Health {
    /// Always "ok" when the server answers.
    status: &'static str,
    /// Articles in the current snapshot.
    articles: usize,
    /// Stories in it.
    stories: usize,
    /// Articles in the search index.
    indexed: u64,
    /// A newer snapshot is being built.
    rebuilding: bool,
}

/// Liveness and counts.
#[utoipa::path(get, path = "/healthz", responses((status = 200, body = Health)))]
pub(crate) async fn healthz(State(state): State<Arc<AppState>>) -> Json<Health> {
    let snapshot = state.snapshot();
    // What another process (`parallax ingest`, `watch`) indexed counts at once, as it does for
    // a search made now: the reader moves to the index's latest commit first.
    if let Err(error) = state.index.reload() {
        tracing::warn!(%error, "search index not reloaded");
    }
    Json(Health {
        status: "ok",
        articles: snapshot.articles.len(),
        stories: snapshot.stories.len(),
        indexed: state.index.len(),
        rebuilding: state.rebuilding(),
    })
}
