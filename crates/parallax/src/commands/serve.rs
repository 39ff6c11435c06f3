//! `parallax serve`: the web UI and JSON API over the data folder.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::{Context, Result};
use parallax_search::SearchIndex;
use parallax_server::{AppState, ServerConfig};

use crate::Status;
use crate::cli::ServeArgs;
use crate::commands::engine::open_engine;

/// Runs `parallax serve`.
pub fn run(data_dir: &Path, args: ServeArgs) -> Result<Status> {
    serve_folder(data_dir, args.addr, args.token)
}

/// Serves the data folder until the process is stopped (Ctrl-C or SIGTERM).
pub fn serve_folder(data_dir: &Path, addr: SocketAddr, token: Option<String>) -> Result<Status> {
    let writer = open_engine(data_dir)?;
    let reader = open_engine(data_dir)?;
    let index = SearchIndex::open(data_dir).context("opening the search index")?;
    let filter = tracing_subscriber::EnvFilter::try_from_env("PARALLAX_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    if !addr.ip().is_loopback() {
        tracing::warn!(%addr, "serving beyond this machine: anyone who can reach it can read the stored articles");
    }
    if token.is_none() {
        tracing::info!("no --token given: POST /api/ingest is disabled");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    let config = ServerConfig { token, ..ServerConfig::default() };
    let limits = config.limits.clone();
    runtime.block_on(parallax_server::serve(addr, limits, move || {
        AppState::new(writer, reader, index, config)
    }))?;
    Ok(Status::Ok)
}
