//! Any bytes as an HTTP request to the server's router (every API route, page and asset behind
//! the same layers as a served request): `METHOD TARGET` on the first line, then header lines,
//! a blank line and the body. Whatever is asked, the answer is a response, never a panic; no
//! answer is a server error.
#![no_main]

use std::sync::{Arc, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::Request;
use libfuzzer_sys::fuzz_target;
use parallax_core::{ContentType, Document, Origin};
use parallax_engine::{Engine, EngineConfig};
use parallax_search::SearchIndex;
use parallax_server::{AppState, ServerConfig};
use tower::ServiceExt;

struct Server {
    _folder: tempfile::TempDir,
    router: Router,
    runtime: tokio::runtime::Runtime,
}

static SERVER: OnceLock<Server> = OnceLock::new();

/// A server over a store of two small invented reports of one event.
fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let folder = tempfile::tempdir().expect("a temporary folder");
        let texts = [
            ("Harbour Herald", "Strike shuts port\n\nDock workers walked out on Tuesday, the union said. \"We will not go back for less,\" said Ana Lind, its leader. About 1,200 workers joined."),
            ("Valley Courier", "Port strike enters second day\n\nAbout 1,300 dock workers stayed out on Wednesday. The port council said talks would resume on Friday."),
        ];
        let mut store = parallax_store::SqliteStore::open(folder.path()).expect("a store");
        let batch: Vec<_> = texts
            .iter()
            .enumerate()
            .map(|(i, (outlet, text))| {
                let origin = Origin::File { path: format!("{i}.txt").into() };
                let mut document =
                    Document::new(origin, ContentType::PlainText, text.as_bytes().to_vec());
                document.source = Some(outlet.to_string());
                let article = parallax_extract::extract(&document).expect("an article");
                (document, Some(article))
            })
            .collect();
        store.write_batch(&batch).expect("stored");
        drop(store);
        let open = || Engine::open(folder.path(), EngineConfig::default()).expect("an engine");
        let index = SearchIndex::open(folder.path()).expect("an index");
        // Posting needs the token: the fuzzer reaches the authorisation, not a growing store.
        let config = ServerConfig {
            token: Some("fuzz-token-not-guessable".to_string()),
            ..ServerConfig::default()
        };
        let state = AppState::new(open(), open(), index, config).expect("the state");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime");
        Server { _folder: folder, router: parallax_server::router(Arc::new(state)), runtime }
    })
}

/// The request the bytes spell, if they spell one.
fn request(bytes: &[u8]) -> Option<Request<Body>> {
    let head_end = bytes.windows(2).position(|w| w == b"\n\n").unwrap_or(bytes.len());
    let head = std::str::from_utf8(&bytes[..head_end]).ok()?;
    let body = bytes.get(head_end + 2..).unwrap_or_default().to_vec();
    let mut lines = head.lines();
    let (method, target) = lines.next()?.split_once(' ')?;
    let mut builder = Request::builder().method(method).uri(target);
    for line in lines {
        let (name, value) = line.split_once(':')?;
        builder = builder.header(name.trim(), value.trim());
    }
    builder.body(Body::from(body)).ok()
}

fuzz_target!(|bytes: &[u8]| {
    let Some(request) = request(bytes) else { return };
    let server = server();
    let response = server
        .runtime
        .block_on(server.router.clone().oneshot(request))
        .expect("the router is infallible");
    assert!(!response.status().is_server_error() || response.status() == 503, "{}", response.status());
});
