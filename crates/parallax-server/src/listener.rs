//! Accepting connections. axum's own `serve` sets no timeout, so a client that never finishes
//! its headers held a connection (and a file descriptor) for ever: 20,000 of them exhausted the
//! process's files and `/healthz` failed. Each connection is served by hyper here, with:
//!
//! - a header-read timeout, which hyper also starts while a kept-alive connection waits for its
//!   next request (the idle timeout);
//! - a cap on connections served in full ([`Limits::max_connections`]): past it, a connection is
//!   answered once, `/healthz` as usual and everything else with 503, with a short header
//!   timeout, so a flood of stalled clients cycles out fast and health checks still answer;
//! - on stop, connections are asked to finish what they are answering, and the server exits
//!   after [`Limits::shutdown_grace`] whatever a stalled client does.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// Limits on connections. The defaults suit a server on the open network.
#[derive(Debug, Clone)]
pub struct Limits {
    /// How long a client has to send a request's headers, and how long a kept-alive
    /// connection may wait for its next request (10 s).
    pub header_timeout: Duration,
    /// The header timeout of connections past the cap (2 s).
    pub overflow_header_timeout: Duration,
    /// Connections served in full at once (1,024).
    pub max_connections: usize,
    /// How long a stopping server waits for the requests under way (3 s).
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_timeout: Duration::from_secs(10),
            overflow_header_timeout: Duration::from_secs(2),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(3),
        }
    }
}

/// The most a connection buffers while reading headers (hyper's default is ~400 KB).
const MAX_BUFFER: usize = 64 * 1024;

/// After a flood of at least this many connections, memory is handed back once it is over.
const FLOOD: usize = 256;

/// The routers connections are served with: the application, and what answers connections
/// past the cap. Replaced once when a starting server is ready; a connection keeps the pair it
/// was accepted with.
pub(crate) type Routers = tokio::sync::watch::Receiver<(Router, Router)>;

/// Serves `routers` on `listener` until `stop` resolves.
pub(crate) async fn serve(
    listener: TcpListener,
    limits: &Limits,
    routers: Routers,
    stop: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let served = Arc::new(Semaphore::new(limits.max_connections));
    let open = Arc::new(Counter::default());
    let mut accept_errors = 0_u64;
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors, or a connection gone before it was taken:
                    // wait for connections to close rather than spin.
                    accept_errors += 1;
                    if accept_errors.is_power_of_two() {
                        tracing::warn!(%error, times = accept_errors, "a connection could not be accepted");
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let permit = Arc::clone(&served).try_acquire_owned().ok();
        let mut builder = http1::Builder::new();
        builder.timer(TokioTimer::new()).max_buf_size(MAX_BUFFER);
        let service = if permit.is_some() {
            builder.header_read_timeout(limits.header_timeout);
            routers.borrow().0.clone()
        } else {
            builder.header_read_timeout(limits.overflow_header_timeout).keep_alive(false);
            routers.borrow().1.clone()
        };
        let connection =
            builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        open.opened();
        let open = Arc::clone(&open);
        tokio::spawn(async move {
            // An error here is a client that went away or timed out: nothing to report.
            let _ = connection.await;
            drop(permit);
            open.closed();
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown_grace) => {
            tracing::warn!(
                connections = open.now.load(Ordering::Relaxed),
                "stopped with connections still open after {:?}", limits.shutdown_grace
            );
        }
    }
}

/// Open connections, and the most since memory was last handed back.
#[derive(Default)]
struct Counter {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl Counter {
    fn opened(&self) {
        let now = self.now.fetch_add(1, Ordering::Relaxed) + 1;
        self.peak.fetch_max(now, Ordering::Relaxed);
    }

    fn closed(&self) {
        let now = self.now.fetch_sub(1, Ordering::Relaxed) - 1;
        if now == 0 && self.peak.load(Ordering::Relaxed) >= FLOOD {
            self.peak.store(0, Ordering::Relaxed);
            release_memory();
        }
    }
}

/// Hands freed memory back to the system. glibc keeps what thousands of connection buffers
/// freed in its arenas, so after a flood the process stayed at its peak size.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn release_memory() {
    #[expect(unsafe_code, reason = "malloc_trim takes a size and touches only the allocator")]
    // SAFETY: malloc_trim has no preconditions; it only returns free heap pages to the system.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn release_memory() {}
