//! `parallax ingest --feed` and `parallax watch`: adapters over `parallax-feeds`, which polls
//! the feeds and stores their pages through the engine.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::{Context, Result};
use parallax_engine::Engine;
use parallax_feeds::{FeedSpec, Poll, Poller, follow, read_feed_list};
use parallax_fetch::FetchConfig;

use crate::Status;
use crate::cli::{FetchArgs, IngestArgs, WatchArgs};
use crate::commands::engine::{Summary, open_engine, report_summary};

/// The fetcher's settings from the command line.
pub fn fetch_config(args: &FetchArgs, max_bytes: u64) -> FetchConfig {
    FetchConfig {
        user_agent: args.user_agent.clone(),
        host_delay: args.delay,
        timeout: args.timeout,
        max_bytes,
        allow_private: args.allow_private,
        ..FetchConfig::default()
    }
}

/// Runs `parallax watch`.
pub fn watch(data_dir: &Path, args: WatchArgs) -> Result<Status> {
    let specs = read_feed_list(&args.file)?;
    let engine = open_engine(data_dir)?;
    let poller = poller(engine, &args.fetch, args.max_bytes)?;
    let runtime = runtime()?;
    if args.once {
        let mut summary = Summary::default();
        runtime.block_on(poll_once(&poller, &specs, &mut summary))?;
        return report_summary(&summary, crate::cli::json(args.json, args.format));
    }
    eprintln!("watch: following {} feed(s); Ctrl-C stops", specs.len());
    runtime.block_on(async {
        let mut tasks = tokio::task::JoinSet::new();
        for spec in specs {
            tasks.spawn(follow(Arc::clone(&poller), spec, print_poll));
        }
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {
                eprintln!("watch: stopped; every page stored so far is kept");
                Ok(Status::Ok)
            }
            // A follower ends only when the store fails.
            Some(ended) = tasks.join_next() => match ended {
                Ok(Err(error)) => Err(error.into()),
                Ok(Ok(())) => Ok(Status::Ok),
                Err(panic) => Err(anyhow::anyhow!("a feed follower stopped: {panic}")),
            },
        }
    })
}

/// `parallax ingest --feed URL...`: each feed polled once and its pages stored, under the
/// `--source` outlet when one is given.
pub fn ingest(engine: Engine, args: &IngestArgs, summary: &mut Summary) -> Result<()> {
    let (outlet, _) = crate::commands::ingest::source_names(&args.source)?;
    let specs: Vec<FeedSpec> = args
        .feeds
        .iter()
        .map(|url| FeedSpec {
            url: url.clone(),
            outlet: outlet.clone(),
            interval: parallax_feeds::DEFAULT_INTERVAL,
        })
        .collect();
    let poller = poller(engine, &args.fetch, args.max_bytes)?;
    runtime()?.block_on(poll_once(&poller, &specs, summary))
}

/// A poller storing through `engine`.
fn poller(engine: Engine, fetch: &FetchArgs, max_bytes: u64) -> Result<Arc<Poller>> {
    Ok(parallax_feeds::poller(engine, fetch_config(fetch, max_bytes), fetch.max_items)?)
}

/// Prints what one poll did: its problems, then a line.
fn print_poll(poll: &Poll) {
    for problem in &poll.failed {
        eprintln!("error: {problem}");
    }
    eprintln!("{}", poll.line(&poll.url));
}

/// Polls every feed once, all at the same time (the fetcher keeps each host's pace), and adds
/// what they did to `summary`.
async fn poll_once(poller: &Arc<Poller>, specs: &[FeedSpec], summary: &mut Summary) -> Result<()> {
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for spec in specs {
        let (poller, spec) = (Arc::clone(poller), spec.clone());
        tasks.spawn(async move { poller.poll(&spec).await });
    }
    while let Some(ended) = tasks.join_next().await {
        let poll = ended.context("a feed poll stopped")??;
        print_poll(&poll);
        summary.add_poll(&poll);
    }
    summary.seconds += started.elapsed().as_secs_f64();
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the runtime")
}
