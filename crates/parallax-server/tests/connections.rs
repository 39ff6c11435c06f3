//! Connection limits on a real server on loopback: stalled clients are dropped, a flood past
//! the cap still gets health checks answered, and stopping never waits on a stalled client.

mod common;

use std::time::Duration;

use parallax_server::{Limits, ServerConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Long enough for any answer on a loaded machine; a wait past it means the server never acts.
const PATIENCE: Duration = Duration::from_secs(30);

fn config(limits: Limits) -> ServerConfig {
    ServerConfig { limits, ..ServerConfig::default() }
}

async fn start(limits: Limits) -> common::Server {
    let (folder, store) = common::demo_store();
    drop(store);
    common::start_with(folder, config(limits), std::future::pending()).await.0
}

/// A connection that sent the start of a request and then nothing.
async fn stalled(server: &common::Server) -> TcpStream {
    let mut stream = TcpStream::connect(server.addr).await.expect("connected");
    stream.write_all(b"GET /stories HTTP/1.1\r\nHost: x\r\nX-Slow: ").await.expect("sent");
    stream
}

/// Reads until the server closes the connection; what it sent.
async fn until_closed(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    let read = tokio::time::timeout(PATIENCE, stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "the server left the connection open");
    String::from_utf8_lossy(&answer).into_owned()
}

/// One whole request on a fresh connection; the raw answer.
async fn get(server: &common::Server, path: &str) -> String {
    let mut stream = TcpStream::connect(server.addr).await.expect("connected");
    let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.expect("sent");
    until_closed(&mut stream).await
}

#[tokio::test]
async fn a_client_stalled_in_its_headers_is_dropped() {
    let server =
        start(Limits { header_timeout: Duration::from_millis(500), ..Limits::default() }).await;
    let mut stream = stalled(&server).await;
    let answer = until_closed(&mut stream).await;
    assert!(!answer.contains("200 OK"), "no page for half a request: {answer}");
}

#[tokio::test]
async fn an_idle_kept_alive_connection_is_closed() {
    let server =
        start(Limits { header_timeout: Duration::from_millis(500), ..Limits::default() }).await;
    let mut stream = TcpStream::connect(server.addr).await.expect("connected");
    stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n").await.expect("sent");
    let answer = until_closed(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
}

#[tokio::test]
async fn past_the_cap_health_checks_answer_and_the_rest_is_refused() {
    let server = start(Limits {
        max_connections: 3,
        header_timeout: Duration::from_secs(60),
        ..Limits::default()
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..3 {
        held.push(stalled(&server).await);
    }
    // The server counts a connection once it has accepted it: wait until the cap is reached.
    let mut refused = String::new();
    for _ in 0..100 {
        refused = get(&server, "/").await;
        if refused.starts_with("HTTP/1.1 503") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(refused.starts_with("HTTP/1.1 503"), "{refused}");
    assert!(refused.to_ascii_lowercase().contains("retry-after: 1"), "{refused}");
    assert!(refused.contains("too many open connections"), "{refused}");
    let health = get(&server, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.contains("\"status\":\"ok\""), "{health}");
    drop(held);
    let mut page = String::new();
    for _ in 0..100 {
        page = get(&server, "/").await;
        if page.starts_with("HTTP/1.1 200") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(page.starts_with("HTTP/1.1 200"), "served again once they left: {page}");
}

#[tokio::test]
async fn stopping_does_not_wait_for_stalled_clients() {
    let (folder, store) = common::demo_store();
    drop(store);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = Limits {
        header_timeout: Duration::from_secs(600),
        shutdown_grace: Duration::from_millis(300),
        ..Limits::default()
    };
    let (server, served) = common::start_with(folder, config(limits), async {
        let _ = stopped.await;
    })
    .await;
    let mut held = Vec::new();
    for _ in 0..20 {
        held.push(stalled(&server).await);
    }
    let health = get(&server, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    stop.send(()).expect("the server is running");
    let finished = tokio::time::timeout(PATIENCE, served).await;
    assert!(finished.is_ok(), "the server waited on clients that send nothing");
    assert!(TcpStream::connect(server.addr).await.is_err(), "no longer listening");
}

/// The parts of a server over the demo corpus, for a build the test controls.
fn parts(folder: &std::path::Path) -> impl FnOnce() -> parallax_server::AppState + Send + 'static {
    let open = |path: &std::path::Path| {
        parallax_engine::Engine::open(path, parallax_engine::EngineConfig::default())
            .expect("an engine")
    };
    let (writer, reader) = (open(folder), open(folder));
    let index = parallax_search::SearchIndex::open(folder).expect("an index");
    move || {
        parallax_server::AppState::new(writer, reader, index, ServerConfig::default())
            .expect("the state")
    }
}

#[tokio::test]
async fn a_starting_server_listens_at_once_and_answers_when_ready() {
    let (folder, store) = common::demo_store();
    drop(store);
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = free.local_addr().expect("an address");
    drop(free);
    let (release, released) = std::sync::mpsc::channel::<()>();
    let build = parts(folder.path());
    tokio::spawn(parallax_server::serve(addr, Limits::default(), move || {
        released.recv().expect("released");
        Ok(build())
    }));
    let server = common::Server { addr, folder };
    let mut starting = String::new();
    for _ in 0..100 {
        if TcpStream::connect(addr).await.is_ok() {
            starting = get(&server, "/").await;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(starting.starts_with("HTTP/1.1 503"), "{starting}");
    assert!(starting.contains("starting: reading the store"), "{starting}");
    let health = get(&server, "/healthz").await;
    assert!(health.starts_with("HTTP/1.1 503") && health.contains("starting"), "{health}");
    release.send(()).expect("the build waits");
    let mut ready = String::new();
    for _ in 0..200 {
        ready = get(&server, "/healthz").await;
        if ready.starts_with("HTTP/1.1 200") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ready.contains("\"status\":\"ok\""), "{ready}");
}

#[tokio::test]
async fn a_busy_port_fails_before_the_store_is_read() {
    let (folder, store) = common::demo_store();
    drop(store);
    let taken = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let addr = taken.local_addr().expect("an address");
    let built = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = std::sync::Arc::clone(&built);
    let build = parts(folder.path());
    let result = parallax_server::serve(addr, Limits::default(), move || {
        flag.store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(build())
    })
    .await;
    let error = result.expect_err("the port is taken");
    assert_eq!(error.to_string(), format!("cannot listen on {addr}"));
    let cause = std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default();
    assert!(cause.contains("in use"), "the cause, once: {cause}");
    assert!(!built.load(std::sync::atomic::Ordering::SeqCst), "the store was not read");
}

#[tokio::test]
async fn a_store_that_cannot_be_read_stops_the_starting_server_with_its_error() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let addr = free.local_addr().expect("an address");
    drop(free);
    let served = parallax_server::serve(addr, Limits::default(), || {
        Err(parallax_server::ServerError::Io { source: std::io::Error::other("disk on fire") })
    });
    let result = tokio::time::timeout(PATIENCE, served).await.expect("it stops");
    assert!(result.expect_err("the error").to_string().contains("disk on fire"));
}
