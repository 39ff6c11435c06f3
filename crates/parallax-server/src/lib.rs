//! `parallax serve`: the JSON API (described at `/openapi.json`) and the server-rendered web UI
//! over one data folder.
//!
//! The server takes an [`Engine`] over the data folder and a [`SearchIndex`], and lists what the
//! engine stored (articles, stories, their dossiers, outlets) in a [`Snapshot`], so a request
//! only reads and renders. `POST /api/ingest` (with the bearer token) goes through the engine's
//! one write path: the articles are stored, indexed, analysed, placed in stories and the touched
//! dossiers rebuilt before it answers; the snapshot is then re-read in the background. Articles
//! another process stores are found through the store's change log.
//!
//! Pages are HTML rendered on the server with `maud`, which escapes every value; they need no
//! JavaScript. Every response carries a Content-Security-Policy that allows nothing but this
//! server's own stylesheet, request bodies are capped, and requests time out.

mod api;
mod background;
mod error;
mod following;
mod highlight;
mod ingest;
mod listener;
mod pages;
mod snapshot;
mod svg;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use parallax_engine::Engine;
use parallax_search::SearchIndex;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

pub use error::ServerError;
pub use listener::Limits;
pub use snapshot::{ArticleEntry, DayCount, OutletCount, OutletEntry, Snapshot, StoryEntry};

/// Bytes a request body may have (an ingest of many articles fits; a runaway upload does not).
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// How long a request may take before it is answered with 408.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// The policy every response carries: this server's stylesheet, inline SVG, nothing else.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/// What the server is started with.
#[derive(Debug, Default)]
pub struct ServerConfig {
    /// The token `POST` requests must bear (`Authorization: Bearer TOKEN`). Without one, the
    /// write endpoints answer 403.
    pub token: Option<String>,
    /// Limits on connections: timeouts, the cap, the stopping grace.
    pub limits: Limits,
}

/// The state every request shares.
pub struct AppState {
    snapshot: RwLock<Arc<Snapshot>>,
    /// The engine that writes: ingests and derives.
    writer: Mutex<Engine>,
    /// A second connection for reads requests make (an article's stored analysis), so they do
    /// not wait for a write.
    reader: Mutex<Engine>,
    index: SearchIndex,
    /// The change-log cursor the current snapshot was read at.
    seen_change: std::sync::atomic::AtomicI64,
    token: Option<String>,
    limits: Limits,
    /// A rebuild of the snapshot is running.
    rebuilding: AtomicBool,
    /// Articles were stored since the running rebuild read them.
    dirty: AtomicBool,
    /// The thread that stores API ingests, at a lower priority than the readers.
    background: background::Background,
    /// The thread that builds new snapshots, at a lower priority than the readers.
    refresher: background::Background,
    /// The outlets the engine knows: their kind, country and lean for a story's perspective.
    outlets: parallax_outlets::Outlets,
    /// The followed stories by id, read again with each snapshot and each check of the store
    /// (another process may follow one), so that a story page needs no query.
    follows: RwLock<std::collections::HashMap<String, parallax_store::Follow>>,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").field("index", &self.index).finish_non_exhaustive()
    }
}

impl AppState {
    /// State over a data folder and its index: stored articles not yet derived (stored by an
    /// older release, or by an interrupted run) are derived, the index catches up with the
    /// store, and the first snapshot is read.
    pub fn new(
        writer: Engine,
        reader: Engine,
        index: SearchIndex,
        config: ServerConfig,
    ) -> Result<AppState, ServerError> {
        let mut writer = writer;
        let (derived, dossiers) = writer.derive(&mut parallax_engine::Quiet)?;
        if derived > 0 || dossiers > 0 {
            tracing::info!(derived, dossiers, "stored articles derived");
        }
        let articles = writer.store().articles()?;
        let added = index.add(&articles)?;
        if added > 0 {
            tracing::info!(added, "search index caught up with the store");
        }
        // Merging only makes searching faster: a failure is not a reason not to serve.
        match index.compact() {
            Ok(0) => {}
            Ok(merged) => tracing::info!(segments = merged, "search index merged into one segment"),
            Err(error) => tracing::warn!(%error, "search index not merged"),
        }
        release(&index);
        let seen = writer.store().latest_change()?;
        let outlets = writer.outlets().clone();
        let follows = RwLock::new(follows_by_story(writer.follows()?));
        let snapshot = snapshot_of(&writer)?;
        Ok(AppState {
            snapshot: RwLock::new(Arc::new(snapshot)),
            writer: Mutex::new(writer),
            reader: Mutex::new(reader),
            index,
            seen_change: std::sync::atomic::AtomicI64::new(seen),
            token: config.token.filter(|t| !t.is_empty()),
            limits: config.limits,
            rebuilding: AtomicBool::new(false),
            dirty: AtomicBool::new(false),
            background: background::Background::start("parallax-writer")
                .map_err(|source| ServerError::Io { source })?,
            refresher: background::Background::start("parallax-snapshot")
                .map_err(|source| ServerError::Io { source })?,
            outlets,
            follows,
        })
    }

    /// The current snapshot.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }

    /// The follow of a story, if it is followed.
    pub(crate) fn follow_of(&self, story: &str) -> Option<parallax_store::Follow> {
        let follows = self.follows.read().unwrap_or_else(|poisoned| poisoned.into_inner());
        follows.get(story).cloned()
    }

    /// Reads the followed stories again through `engine`.
    pub(crate) fn refresh_follows(&self, engine: &Engine) {
        match engine.follows() {
            Ok(list) => {
                *self.follows.write().unwrap_or_else(|poisoned| poisoned.into_inner()) =
                    follows_by_story(list);
            }
            Err(error) => tracing::warn!(%error, "reading the followed stories"),
        }
    }

    /// The outlets the server knows.
    pub fn outlets(&self) -> &parallax_outlets::Outlets {
        &self.outlets
    }

    /// Whether a newer snapshot is being built.
    pub fn rebuilding(&self) -> bool {
        self.rebuilding.load(Ordering::SeqCst)
    }

    fn with_writer<T>(&self, f: impl FnOnce(&mut Engine) -> T) -> T {
        let mut engine = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut engine)
    }

    fn with_reader<T>(&self, f: impl FnOnce(&Engine) -> T) -> T {
        let engine = self.reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&engine)
    }

    /// The reading connection for a small write a reader makes (following a story), so it
    /// does not wait behind an ingest.
    fn with_reader_mut<T>(&self, f: impl FnOnce(&mut Engine) -> T) -> T {
        let mut engine = self.reader.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut engine)
    }

    /// Where a story id the snapshot does not hold points: a story it was merged into
    /// (`Moved` permanently: the id will always mean that story) or the one story a prefix
    /// names (`Named`: a longer id may share the prefix later); else why it names none.
    fn resolve_story(&self, id: &str) -> StoryAddress {
        let found = self.with_reader(|engine| engine.lookup_story(id));
        match found {
            // Permanent only for the full id: a prefix may come to name another story.
            Ok(parallax_store::StoryLookup::Merged { gone, into }) if gone.as_str() == id => {
                StoryAddress::Moved(into.id.as_str().to_string())
            }
            Ok(parallax_store::StoryLookup::Merged { into, .. }) => {
                StoryAddress::Named(into.id.as_str().to_string())
            }
            Ok(parallax_store::StoryLookup::Found(record)) if record.id.as_str() != id => {
                StoryAddress::Named(record.id.as_str().to_string())
            }
            Ok(parallax_store::StoryLookup::Ambiguous(ids)) => StoryAddress::Missing(format!(
                "story: the prefix {id:?} names several ({})",
                ids.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
            )),
            Ok(_) => StoryAddress::Missing("such story".to_string()),
            Err(error) => {
                tracing::warn!("looking up story {id:?}: {error}");
                StoryAddress::Missing("such story".to_string())
            }
        }
    }
}

fn follows_by_story(
    list: Vec<parallax_store::Follow>,
) -> std::collections::HashMap<String, parallax_store::Follow> {
    list.into_iter().map(|follow| (follow.story.as_str().to_string(), follow)).collect()
}

/// [`AppState::resolve_story`] off the threads that answer requests (it reads the database).
async fn story_address(state: &Arc<AppState>, id: &str) -> StoryAddress {
    let (state, id) = (Arc::clone(state), id.to_string());
    tokio::task::spawn_blocking(move || state.resolve_story(&id))
        .await
        .unwrap_or_else(|_| StoryAddress::Missing("such story".to_string()))
}

/// What a story id the snapshot does not hold answers with.
enum StoryAddress {
    /// The story this id was merged into.
    Moved(String),
    /// The one story this prefix names.
    Named(String),
    /// Nothing: why.
    Missing(String),
}

impl StoryAddress {
    /// A redirect to the story's address built by `path`, or `None` with the reason.
    fn redirect(self, path: impl Fn(&str) -> String) -> Result<axum::response::Response, String> {
        use axum::http::{StatusCode, header};
        use axum::response::IntoResponse;
        let (status, to) = match self {
            StoryAddress::Moved(to) => (StatusCode::PERMANENT_REDIRECT, to),
            StoryAddress::Named(to) => (StatusCode::TEMPORARY_REDIRECT, to),
            StoryAddress::Missing(reason) => return Err(reason),
        };
        // Story ids are `s` and hex digits (the store's own): safe in a Location header.
        Ok((status, [(header::LOCATION, path(&to))]).into_response())
    }
}

/// Builds a fresh snapshot in the background unless one is being built; a build that started
/// before the latest change runs again.
fn schedule_rebuild(state: &Arc<AppState>) {
    state.dirty.store(true, Ordering::SeqCst);
    if state.rebuilding.swap(true, Ordering::SeqCst) {
        return;
    }
    let queued = Arc::clone(state);
    let work = move || {
        let state = queued;
        loop {
            state.dirty.store(false, Ordering::SeqCst);
            // A panic in grouping or analysis must not leave `rebuilding` set for good.
            let rebuilt =
                std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rebuild(&state)));
            if rebuilt.is_err() {
                tracing::error!("building a new snapshot panicked; the previous one stays");
            }
            if !state.dirty.load(Ordering::SeqCst) {
                state.rebuilding.store(false, Ordering::SeqCst);
                // A change that came between the check and the flag is picked up here.
                if !state.dirty.load(Ordering::SeqCst)
                    || state.rebuilding.swap(true, Ordering::SeqCst)
                {
                    break;
                }
            }
        }
    };
    if state.refresher.spawn(work).is_err() {
        state.rebuilding.store(false, Ordering::SeqCst);
        tracing::error!("the writing thread is gone: no new snapshot");
    }
}

/// Changes after which the server reads the whole store again rather than updating its
/// listing story by story.
const MAX_INCREMENTAL: usize = 20_000;

/// Derives what another process stored without deriving, then swaps in the next snapshot: the
/// current one updated with the stories and articles the change log names, or, after a very
/// large change, one read whole. Articles the change names that the index lacks are indexed.
fn rebuild(state: &AppState) {
    let previous = state.snapshot();
    let seen = state.seen_change.load(Ordering::SeqCst);
    let read = state.with_writer(|engine| {
        engine.derive(&mut parallax_engine::Quiet)?;
        // Merges move follows: read them with the stories.
        state.refresh_follows(engine);
        let changes = engine.changes_since(seen, MAX_INCREMENTAL + 1)?;
        // After `stories --regroup` every story may be gone: read the store whole.
        let regrouped = changes.iter().any(|change| change.kind == "regrouped");
        if changes.len() <= MAX_INCREMENTAL && !regrouped {
            let cursor = changes.last().map_or(seen, |change| change.seq);
            let snapshot = previous.update(engine, &changes)?;
            // The articles the changes name, for the index to take any it lacks (another
            // process stored them while the index was busy).
            let mut named = Vec::new();
            for id in changes.iter().filter_map(|change| change.article.as_ref()) {
                if let parallax_store::Lookup::Found(article) =
                    engine.store().article(id.as_str())?
                {
                    named.push(*article);
                }
            }
            return Ok::<_, ServerError>((cursor, named, snapshot));
        }
        let cursor = engine.store().latest_change()?;
        let articles = engine.store().articles()?;
        Ok((cursor, articles, snapshot_of(engine)?))
    });
    let (cursor, whole, snapshot) = match read {
        Ok(read) => read,
        Err(error) => {
            tracing::error!(%error, "reading the store for a new snapshot");
            return;
        }
    };
    // Articles another process indexed become searchable here.
    if let Err(error) = state.index.reload() {
        tracing::warn!(%error, "search index not reloaded");
    }
    if !whole.is_empty() {
        match state.index.add(&whole) {
            Ok(0) => {}
            Ok(added) => tracing::info!(added, "articles stored by another process indexed"),
            Err(error) => tracing::warn!(%error, "search index not brought up to date"),
        }
        release(&state.index);
    }
    tracing::info!(
        articles = snapshot.articles.len(),
        stories = snapshot.stories.len(),
        seconds = snapshot.build_seconds,
        "snapshot updated"
    );
    state.seen_change.store(cursor, Ordering::SeqCst);
    *state.snapshot.write().unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(snapshot);
}

/// Lets go of the index's write lock between the server's rare writes, so that `parallax
/// ingest` and `watch` can index while the server runs.
fn release(index: &SearchIndex) {
    if let Err(error) = index.release_writer() {
        tracing::warn!(%error, "search index writer");
    }
}

/// A snapshot of what the engine stored, logged with its size and the time it took.
fn snapshot_of(engine: &Engine) -> Result<Snapshot, ServerError> {
    let snapshot = Snapshot::build(engine)?;
    tracing::info!(
        articles = snapshot.articles.len(),
        stories = snapshot.stories.len(),
        seconds = snapshot.build_seconds,
        "snapshot built"
    );
    Ok(snapshot)
}

/// How often the server looks for articles another process (`parallax ingest`, `watch`) stored.
const STORE_CHECK: Duration = Duration::from_secs(10);

/// Re-reads the store when its change log moved past the snapshot's cursor, or when articles
/// are waiting to be derived (stored by a process that does not derive).
async fn watch_store(state: Arc<AppState>) {
    let mut ticks = tokio::time::interval(STORE_CHECK);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        if state.rebuilding() {
            continue;
        }
        let checked = Arc::clone(&state);
        let moved = tokio::task::spawn_blocking(move || {
            checked.with_reader(|engine| {
                checked.refresh_follows(engine);
                let changed =
                    engine.store().latest_change()? != checked.seen_change.load(Ordering::SeqCst);
                Ok::<_, parallax_store::StoreError>(changed || engine.store().count_pending()? > 0)
            })
        })
        .await;
        if let Ok(Ok(true)) = moved {
            tracing::info!("the store changed: reading it again");
            schedule_rebuild(&state);
        }
    }
}

/// The whole application: API, pages, assets, with logging and the security layers.
pub fn router(state: Arc<AppState>) -> Router {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    // The token is checked before the body is read, so strangers cannot make the server
    // buffer uploads.
    let ingest = Router::new().route(
        "/api/ingest",
        axum::routing::post(ingest::ingest).route_layer(axum::middleware::from_fn_with_state(
            Arc::clone(&state),
            ingest::authorise,
        )),
    );
    // Reads are cut at the request timeout. An ingest is not (a client told "timed out" must
    // not find its article stored): its body must arrive within the timeout, and extraction
    // stops at a deadline inside it, so its answer always says what was stored.
    let reads = Router::new().merge(api::routes()).merge(pages::routes()).layer(
        TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT),
    );
    let ingest = ingest.layer(RequestBodyTimeoutLayer::new(REQUEST_TIMEOUT));
    Router::new()
        .merge(reads)
        .merge(ingest)
        .with_state(state)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(axum::middleware::from_fn(log_request))
}

/// One log line per request, written when it is answered: method, path, status, time taken.
/// (One event and no span per request: under load, spans cost a tenth of the time.)
async fn log_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let started = std::time::Instant::now();
    let method = request.method().clone();
    let uri = request.uri().clone();
    let response = next.run(request).await;
    tracing::info!(
        %method,
        %uri,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        "request"
    );
    response
}

/// Listens on `addr` at once (a busy port fails here, before the store is read), answers 503
/// "starting" while `build` reads the store, then serves the state it built until the process
/// is stopped (Ctrl-C or SIGTERM stop it gracefully: requests under way are answered first).
pub async fn serve(
    addr: SocketAddr,
    limits: Limits,
    build: impl FnOnce() -> Result<AppState, ServerError> + Send + 'static,
) -> Result<(), ServerError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Bind { addr, source })?;
    let bound = listener.local_addr().map_err(|source| ServerError::Bind { addr, source })?;
    tracing::info!("listening on http://{bound}; reading the store");
    let (routers, receiver) = tokio::sync::watch::channel((starting_router(), starting_router()));
    let (failed, failure) = tokio::sync::oneshot::channel::<ServerError>();
    tokio::spawn(async move {
        let built = tokio::task::spawn_blocking(build).await;
        match built {
            Ok(Ok(state)) => {
                let state = Arc::new(state);
                tokio::spawn(watch_store(Arc::clone(&state)));
                let overflow = overflow_router(Arc::clone(&state));
                let _ = routers.send((router(state), overflow));
                tracing::info!("ready on http://{bound}");
            }
            Ok(Err(error)) => {
                let _ = failed.send(error);
            }
            Err(error) => {
                let _ = failed.send(ServerError::Io { source: std::io::Error::other(error) });
            }
        }
    });
    let (stop_failed, mut failed_with) = tokio::sync::oneshot::channel();
    let stop = async move {
        // A build that succeeded drops its sender: that branch is then disabled, not taken.
        tokio::select! {
            () = stopped() => {}
            Ok(error) = failure => {
                let _ = stop_failed.send(error);
            }
        }
    };
    listener::serve(listener, &limits, receiver, stop).await;
    match failed_with.try_recv() {
        Ok(error) => Err(error),
        Err(_) => Ok(()),
    }
}

/// What a server answers while it reads the store: 503 with `Retry-After`, and the
/// connection closed so the client's next try reaches the ready server.
fn starting_router() -> Router {
    let starting = || async {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "2"), (header::CONNECTION, "close")],
            "starting: reading the store; try again in a moment\n",
        )
    };
    let health = || async {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            [(header::CONNECTION, "close")],
            axum::Json(serde_json::json!({ "status": "starting" })),
        )
    };
    Router::new()
        .route("/healthz", axum::routing::get(health))
        .fallback(starting)
        .layer(axum::middleware::from_fn(log_request))
}

/// Resolves when the process is asked to stop.
async fn stopped() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
    tracing::info!("stopping: answering the requests under way");
}

/// Serves `state` on a bound listener (tests bind port 0 and read the port first), until the
/// process is asked to stop.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
) -> Result<(), ServerError> {
    serve_until(listener, state, stopped()).await
}

/// Serves `state` on a bound listener until `stop` resolves.
pub async fn serve_until(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    stop: impl std::future::Future<Output = ()>,
) -> Result<(), ServerError> {
    tokio::spawn(watch_store(Arc::clone(&state)));
    let overflow = overflow_router(Arc::clone(&state));
    let limits = state.limits.clone();
    let (_, routers) = tokio::sync::watch::channel((router(state), overflow));
    listener::serve(listener, &limits, routers, stop).await;
    Ok(())
}

/// What a connection past the cap gets: its health check answered, anything else a 503.
fn overflow_router(state: Arc<AppState>) -> Router {
    let busy = || async {
        (
            axum::http::StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, "1")],
            "busy: too many open connections; try again in a moment\n",
        )
    };
    Router::new()
        .route("/healthz", axum::routing::get(api::healthz))
        .fallback(busy)
        .with_state(state)
        .layer(axum::middleware::from_fn(log_request))
}
