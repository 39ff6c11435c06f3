//! A real server on loopback over a store holding the built-in example corpus
//! (`examples/demo`, ten invented articles by seven outlets).

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use parallax_core::{ContentType, Document, Origin};
use parallax_engine::{Engine, EngineConfig};
use parallax_search::SearchIndex;
use parallax_server::{AppState, ServerConfig};
use parallax_store::SqliteStore;

/// The token the test servers accept.
pub const TOKEN: &str = "test-token-3f9a";

/// A running server and the folder its data lives in.
pub struct Server {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Kept so the data outlives the server.
    pub folder: tempfile::TempDir,
}

impl Server {
    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// The outlet of a corpus file: its name without the number and extension, in title case
/// ("03-coastal-post.md" -> "Coastal Post").
fn outlet(name: &str) -> String {
    let stem = name.split_once('-').map_or(name, |(_, rest)| rest);
    let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
    stem.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The corpus files, in name order.
pub fn corpus_files() -> Vec<PathBuf> {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/demo");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("examples/demo is in the repository")
        .map(|e| e.expect("a folder entry").path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("md" | "txt")))
        .collect();
    files.sort();
    files
}

/// A store in a fresh folder holding the corpus.
pub fn demo_store() -> (tempfile::TempDir, SqliteStore) {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut store = SqliteStore::open(folder.path()).expect("a store");
    let mut batch = Vec::new();
    for path in corpus_files() {
        let name = path.file_name().and_then(|n| n.to_str()).expect("a file name").to_string();
        let content_type =
            if name.ends_with(".md") { ContentType::Markdown } else { ContentType::PlainText };
        let bytes = std::fs::read(&path).expect("a corpus file");
        let mut document = Document::new(Origin::File { path: path.clone() }, content_type, bytes);
        document.source = Some(outlet(&name));
        let article = parallax_extract::extract(&document).expect("the corpus extracts");
        batch.push((document, Some(article)));
    }
    store.write_batch(&batch).expect("stored");
    (folder, store)
}

/// Starts a server over the demo corpus, on a free loopback port.
pub async fn start(token: Option<&str>) -> Server {
    let (folder, store) = demo_store();
    drop(store);
    start_over(folder, token).await
}

/// Starts a server over a folder that holds a store, on a free loopback port.
pub async fn start_over(folder: tempfile::TempDir, token: Option<&str>) -> Server {
    let config = ServerConfig { token: token.map(str::to_string), ..ServerConfig::default() };
    start_with(folder, config, std::future::pending()).await.0
}

/// Starts a server over a folder that holds a store, with `config`, until `stop` resolves;
/// the handle resolves when the server has stopped.
pub async fn start_with(
    folder: tempfile::TempDir,
    config: ServerConfig,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> (Server, tokio::task::JoinHandle<()>) {
    let open = |path: &std::path::Path| {
        Engine::open(path, EngineConfig::default()).expect("an engine over the store")
    };
    let (writer, reader) = (open(folder.path()), open(folder.path()));
    let index = SearchIndex::open(folder.path()).expect("an index");
    let state = tokio::task::spawn_blocking(move || AppState::new(writer, reader, index, config))
        .await
        .expect("the snapshot task")
        .expect("the state");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = listener.local_addr().expect("an address");
    let served = tokio::spawn(async move {
        parallax_server::serve_until(listener, Arc::new(state), stop).await.expect("served");
    });
    (Server { addr, folder }, served)
}

/// An HTTP client (rustls needs its crypto chosen once per process).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder().build().expect("a client")
}

/// An invented article that tries every trick to run code in a reader's browser.
pub fn hostile_article() -> serde_json::Value {
    serde_json::json!({
        "title": "Harbour <script>alert('title')</script> vote",
        "text": "The <script>alert(1)</script> council met on the harbour.\n\n\
                 An image <img src=x onerror=alert(2)> was posted, with a \
                 <a href=\"javascript:alert(3)\">link</a> and \"<b onmouseover=alert(4)>bold</b>\" words.\n\n\
                 \"We will not <iframe src=javascript:alert(5)>,\" said Mayor Ana Ruiz.",
        "source": "Night <Owl> Gazette",
        "url": "javascript:alert(6)",
        "published": "2025-03-14"
    })
}
