//! `parallax ingest`: sources -> extraction -> store, in batches.

use std::io::IsTerminal;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_core::{Article, Document};
use parallax_extract::ExtractError;
use parallax_ingest::{Entry, Format, Sources, SourcesConfig};
use parallax_search::SearchIndex;
use parallax_store::{Outcome, SqliteStore};
use serde::Serialize;

use crate::Status;
use crate::cli::{BenchWarcArgs, FormatArg, IngestArgs};
use crate::commands::{feeds, search};

/// Items per transaction: small enough that a crash loses little, large enough to be fast.
const BATCH_ITEMS: usize = 512;
/// A batch is also written when it has waited this long, so a slow source still saves progress.
const BATCH_WAIT: Duration = Duration::from_millis(500);

/// What an ingest did.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    /// New articles.
    pub added: u64,
    /// Items stored before (same document bytes or same article).
    pub already_present: u64,
    /// Documents stored without an article (a format not extracted yet).
    pub kept_raw: u64,
    /// Items that failed, each `item: reason`.
    pub failed: Vec<String>,
    /// Files in folders skipped because parallax does not read their type.
    pub skipped_files: u64,
    /// WARC records passed over (requests, metadata, responses that are not HTML pages).
    pub skipped_records: u64,
    /// Feeds polled.
    pub feeds: u64,
    /// Feeds that answered "not modified".
    pub feeds_unchanged: u64,
    /// Feed items past the per-feed limit, not read.
    pub items_dropped: u64,
    /// Feed items whose page failed too often to be asked for again.
    pub items_given_up: u64,
    /// Wall time.
    pub seconds: f64,
}

impl Summary {
    /// The one-line account printed at the end.
    pub fn line(&self) -> String {
        let mut line = format!(
            "{} added, {} already present, {} kept raw, {} failed",
            self.added,
            self.already_present,
            self.kept_raw,
            self.failed.len()
        );
        if self.skipped_files > 0 {
            line.push_str(&format!(", {} file(s) of other types skipped", self.skipped_files));
        }
        if self.skipped_records > 0 {
            let skipped = self.skipped_records;
            line.push_str(&format!(", {skipped} WARC record(s) not HTML pages skipped"));
        }
        if self.feeds > 0 {
            line.push_str(&format!(
                ", {} feed(s) polled ({} not modified)",
                self.feeds, self.feeds_unchanged
            ));
        }
        if self.items_dropped > 0 {
            line.push_str(&format!(", {} feed item(s) past --max-items left", self.items_dropped));
        }
        if self.items_given_up > 0 {
            line.push_str(&format!(
                ", {} page(s) given up after repeated failures",
                self.items_given_up
            ));
        }
        let items = self.added + self.already_present + self.kept_raw + self.failed.len() as u64;
        let rate = items as f64 / self.seconds.max(1e-9);
        line.push_str(&format!(" in {:.2}s ({rate:.0} items/s)", self.seconds));
        line
    }
}

impl Summary {
    /// Adds what one poll of one feed did.
    pub fn add_poll(&mut self, poll: &crate::commands::feeds::Poll) {
        self.feeds += 1;
        self.feeds_unchanged += u64::from(poll.unchanged);
        self.items_dropped += poll.dropped;
        self.items_given_up += poll.given_up;
        self.added += poll.added;
        self.already_present += poll.already_present;
        self.failed.extend(poll.failed.iter().cloned());
    }
}

/// Runs `parallax ingest`.
pub fn run(data_dir: &Path, args: IngestArgs) -> Result<Status> {
    let config = SourcesConfig {
        max_bytes: args.max_bytes,
        format: args.warc.then_some(Format::Warc).or(args.format.map(|format| match format {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Warc => Format::Warc,
        })),
        source: args.source.clone(),
    };
    let mut store = SqliteStore::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))?;
    let mut sources = Sources::open(&args.paths, &config);
    let progress = progress_bar(sources.total_bytes());
    let index = search::open_for_ingest(data_dir);
    let mut summary = ingest(&mut store, index.as_ref(), &mut sources, &progress)?;
    if let Some(index) = &index {
        search::compact(index);
    }
    summary.skipped_files = sources.skipped();
    summary.skipped_records = sources.skipped_records();
    progress.finish_and_clear();
    if !args.feeds.is_empty() {
        feeds::ingest(data_dir, store, &args, &mut summary)?;
    }
    report(&summary, args.json)
}

/// Prints the summary (and the failures) and says how the command ended.
pub fn report(summary: &Summary, json: bool) -> Result<Status> {
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
    }
    eprintln!("ingest: {}", summary.line());
    Ok(if summary.failed.is_empty() { Status::Ok } else { Status::SomeFailed })
}

/// Reads every entry, extracts what can be extracted and stores it. Problems with single items
/// are reported and counted; only a store failure stops the run (committed batches stay).
pub fn ingest(
    store: &mut SqliteStore,
    index: Option<&SearchIndex>,
    entries: impl Iterator<Item = Entry>,
    progress: &ProgressBar,
) -> Result<Summary> {
    let started = Instant::now();
    let mut summary = Summary::default();
    let mut batch: Vec<(Document, Option<Article>)> = Vec::with_capacity(BATCH_ITEMS);
    let mut batch_started = Instant::now();
    for entry in entries {
        progress.inc(entry.bytes);
        match entry.item {
            Err(error) => fail(&mut summary, progress, error.to_string()),
            Ok(document) => {
                let hash = document.hash();
                // A document kept raw by a version that could not read its type is read now.
                if store.has_document(&hash)? && store.document_has_article(&hash)? {
                    summary.already_present += 1;
                } else {
                    match parallax_extract::extract(&document) {
                        Ok(article) => batch.push((document, Some(article))),
                        Err(ExtractError::Unsupported(_)) => batch.push((document, None)),
                        Err(error) => {
                            fail(&mut summary, progress, format!("{}: {error}", document.origin))
                        }
                    }
                }
            }
        }
        if batch.len() >= BATCH_ITEMS || (!batch.is_empty() && batch_started.elapsed() > BATCH_WAIT)
        {
            write(store, index, &mut batch, &mut summary)?;
            batch_started = Instant::now();
        }
    }
    write(store, index, &mut batch, &mut summary)?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}

fn fail(summary: &mut Summary, progress: &ProgressBar, message: String) {
    progress.suspend(|| eprintln!("error: {message}"));
    summary.failed.push(message);
}

fn write(
    store: &mut SqliteStore,
    index: Option<&SearchIndex>,
    batch: &mut Vec<(Document, Option<Article>)>,
    summary: &mut Summary,
) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let outcomes = store.write_batch(batch).context("writing to the store")?;
    let mut added = Vec::new();
    for (outcome, (_, article)) in outcomes.into_iter().zip(batch.iter()) {
        match outcome {
            Outcome::Added => {
                summary.added += 1;
                added.extend(article.clone());
            }
            Outcome::AlreadyPresent => summary.already_present += 1,
            Outcome::KeptRaw => summary.kept_raw += 1,
        }
    }
    if let Some(index) = index {
        search::index_new(index, &added);
    }
    batch.clear();
    Ok(())
}

/// A byte-based progress bar on a terminal; nothing when standard error is not one.
pub fn progress_bar(total_bytes: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    )
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar
}

/// Runs `parallax bench warc`: reads every record of one WARC file as `ingest` does (HTTP
/// responses decoded, documents made), without extracting or storing.
pub fn bench_warc(args: BenchWarcArgs) -> Result<Status> {
    let size = std::fs::metadata(&args.file)
        .with_context(|| format!("reading {}", args.file.display()))?
        .len();
    let config = SourcesConfig { format: Some(Format::Warc), ..SourcesConfig::default() };
    let started = Instant::now();
    let mut sources = Sources::open(std::slice::from_ref(&args.file), &config);
    let (mut pages, mut problems) = (0u64, 0u64);
    for entry in sources.by_ref() {
        match entry.item {
            Ok(_) => pages += 1,
            Err(_) => problems += 1,
        }
    }
    let seconds = started.elapsed().as_secs_f64().max(1e-9);
    let records = pages + problems + sources.skipped_records();
    let peak = crate::output::memory_kib("VmHWM");
    let mb = size as f64 / 1e6;
    if args.json {
        let report = serde_json::json!({
            "file_bytes": size, "records": records, "html_pages": pages, "problems": problems,
            "seconds": seconds, "mb_per_second": mb / seconds,
            "records_per_second": records as f64 / seconds, "peak_kib": peak,
        });
        println!("{}", serde_json::to_string(&report)?);
    } else {
        println!(
            "{records} records ({pages} HTML pages, {problems} problems) from {mb:.1} MB in {seconds:.2} s: \
             {:.1} MB/s, {:.0} records/s; peak memory {} MiB",
            mb / seconds,
            records as f64 / seconds,
            peak.map_or("?".to_string(), |kib| (kib / 1024).to_string())
        );
    }
    Ok(Status::Ok)
}
