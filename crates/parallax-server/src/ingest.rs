//! `POST /api/ingest`: articles stored and indexed at once, stories regrouped in the background.

use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Json;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use parallax_core::{ContentType, Document, Origin};
use parallax_engine::{Outcome, Quiet};
use parallax_ingest::Entry;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::{AppState, schedule_rebuild};

/// Items one request may carry.
pub(crate) const MAX_ITEMS: usize = 1000;

/// How long the extraction of one request's articles may run, waiting for the writer
/// included: an item not extracted by then fails ("out of time") and is not stored.
const EXTRACTION_TIME: Duration = Duration::from_secs(20);

/// Articles to add.
#[derive(Debug, Deserialize, ToSchema)]
pub struct IngestRequest {
    /// The articles, each as text or as an HTML page.
    pub articles: Vec<IngestItem>,
}

/// One article: `text` (paragraphs separated by blank lines) with its headline, or a whole
/// `html` page (headline, byline and date are read from it).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct IngestItem {
    /// The headline (with `text`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The body as plain text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// A whole HTML page instead of `title` and `text`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<String>,
    /// The outlet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where it was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When (RFC 3339 or YYYY-MM-DD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// What became of each article.
#[derive(Debug, Serialize, ToSchema)]
pub struct IngestReport {
    /// Articles stored for the first time.
    pub added: usize,
    /// Articles that were stored already.
    pub already_present: usize,
    /// Articles refused (see their `error`).
    pub failed: usize,
    /// Per article, in request order.
    pub items: Vec<ItemOutcome>,
    /// The server's listing is being re-read; the new articles' stories and dossiers are
    /// stored already and their pages answer.
    pub regrouping: bool,
    /// Story dossiers rebuilt because of these articles.
    pub dossiers_rebuilt: u64,
}

/// One article's fate.
#[derive(Debug, Serialize, ToSchema)]
pub struct ItemOutcome {
    /// Its place in the request (from 0).
    pub item: usize,
    /// Its article id, when it was read.
    pub id: Option<String>,
    /// added, already_present, kept_raw or failed.
    pub outcome: &'static str,
    /// Why it failed.
    pub error: Option<String>,
}

/// Adds articles (bearer token required).
#[utoipa::path(post, path = "/api/ingest", request_body = IngestRequest,
    security(("token" = [])),
    responses((status = 200, body = IngestReport),
              (status = 400, body = ErrorBody, description = "the body is not an ingest request"),
              (status = 401, body = ErrorBody, description = "missing or wrong token"),
              (status = 403, body = ErrorBody, description = "the server was started without a token"),
              (status = 413, description = "the body is larger than 16 MiB")))]
pub async fn ingest(
    State(state): State<Arc<AppState>>,
    body: Bytes,
) -> Result<Json<IngestReport>, ApiError> {
    let request: IngestRequest = serde_json::from_slice(&body)
        .map_err(|e| ApiError::bad_request(format!("the body is not an ingest request: {e}")))?;
    if request.articles.len() > MAX_ITEMS {
        return Err(ApiError::bad_request(format!(
            "{} articles in one request; at most {MAX_ITEMS}",
            request.articles.len()
        )));
    }
    let worker = Arc::clone(&state);
    // The extraction's time runs from when the writing thread takes the job, not from when it
    // was queued behind others.
    let report = state
        .background
        .run(move || store_items(&worker, request.articles, Instant::now() + EXTRACTION_TIME))
        .await
        .map_err(ApiError::internal)??;
    if report.regrouping {
        schedule_rebuild(&state);
    }
    Ok(Json(report))
}

/// Lets the request through when it bears the server's token; answers 403 when the server has
/// none and 401 when the token is missing or wrong. Runs before the body is read.
pub async fn authorise(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let Some(token) = &state.token else {
        return ApiError {
            status: StatusCode::FORBIDDEN,
            message: "writes are disabled: start the server with --token or PARALLAX_TOKEN".into(),
        }
        .into_response();
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    // Hashes compared in constant time: neither the token nor its length leaks through timing.
    let same = given.is_some_and(|g| blake3::hash(g.as_bytes()) == blake3::hash(token.as_bytes()));
    if !same {
        let mut refused = ApiError {
            status: StatusCode::UNAUTHORIZED,
            message: "a valid `Authorization: Bearer TOKEN` header is needed".into(),
        }
        .into_response();
        refused.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return refused;
    }
    next.run(request).await
}

/// Stores the items through the engine's write path (extract, store, index, analyse, place,
/// rebuild the touched dossiers) and reports each item's outcome.
/// Items whose extraction has not ended by `deadline` fail and are not stored.
fn store_items(
    state: &AppState,
    items: Vec<IngestItem>,
    deadline: Instant,
) -> Result<IngestReport, ApiError> {
    let mut outcomes: Vec<ItemOutcome> = Vec::with_capacity(items.len());
    let mut documents = Vec::new();
    let mut places = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let error = match document(i, item) {
            Ok(document) => {
                places.push(outcomes.len());
                documents.push(document);
                None
            }
            Err(error) => Some(format!("article {i}: {error}")),
        };
        outcomes.push(ItemOutcome { item: i, id: None, outcome: "failed", error });
    }
    let entries = documents.into_iter().map(|document| Entry { item: Ok(document), bytes: 0 });
    let report = state
        .with_writer(|engine| engine.ingest_until(entries, &mut Quiet, Some(deadline)))
        .map_err(ApiError::internal)?;
    for (place, item) in places.iter().zip(&report.items) {
        let outcome = &mut outcomes[*place];
        match &item.outcome {
            Outcome::Added { article } => {
                outcome.outcome = "added";
                outcome.id = Some(article.as_str().to_string());
            }
            Outcome::AlreadyPresent { article } => {
                outcome.outcome = "already_present";
                outcome.id = article.as_ref().map(|id| id.as_str().to_string());
            }
            Outcome::KeptRaw => outcome.outcome = "kept_raw",
            Outcome::Failed { reason } => {
                outcome.error = Some(format!("article {}: {reason}", outcome.item));
            }
        }
    }
    // The engine indexed through its own handle: this one sees the new articles now.
    if let Err(error) = state.index.reload() {
        tracing::warn!(%error, "search index not reloaded");
    }
    tracing::info!(
        added = report.added(),
        derived = report.derived,
        dossiers = report.dossiers,
        "ingest stored and derived"
    );
    let count = |what: &str| outcomes.iter().filter(|o| o.outcome == what).count();
    Ok(IngestReport {
        added: count("added"),
        already_present: count("already_present"),
        failed: count("failed"),
        regrouping: report.added() > 0,
        dossiers_rebuilt: report.dossiers,
        items: outcomes,
    })
}

/// The document an item describes.
fn document(i: usize, item: IngestItem) -> Result<Document, String> {
    let origin = Origin::Api { item: i as u64 };
    let mut document = if let Some(html) = &item.html {
        let mut document = Document::new(origin, ContentType::Html, html.as_bytes().to_vec());
        document.url = item.url.clone();
        document
    } else if item.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
        let bytes = serde_json::to_vec(&item).map_err(|e| e.to_string())?;
        Document::new(origin, ContentType::JsonRecord, bytes)
    } else {
        return Err("neither `text` nor `html` was given".into());
    };
    document.source = item.source;
    Ok(document)
}
