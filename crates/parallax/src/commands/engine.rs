//! What the commands that write share: opening the engine over the data folder, showing an
//! ingest's progress, and summing up what it did.

use std::io::IsTerminal;
use std::path::Path;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use parallax_engine::{Engine, EngineConfig, IngestReport, Observer};
use serde::Serialize;

use crate::Status;

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
    /// Stored articles analysed, checked for copies and placed in stories.
    pub derived: u64,
    /// Story dossiers rebuilt.
    pub dossiers: u64,
    /// Wall time.
    pub seconds: f64,
    /// Wall time per stage.
    pub stages: parallax_engine::StageSeconds,
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
        if self.derived > 0 || self.dossiers > 0 {
            line.push_str(&format!(
                "; {} article(s) analysed and placed, {} dossier(s) built",
                self.derived, self.dossiers
            ));
        }
        line.push_str(&format!(" in {:.2}s ({rate:.0} items/s)", self.seconds));
        line
    }
}

impl Summary {
    /// Adds what an engine ingest did.
    pub fn add_report(&mut self, report: &IngestReport) {
        self.added += report.added();
        self.already_present += report.already_present();
        self.kept_raw += report.kept_raw();
        self.failed.extend(report.failures());
        self.derived += report.derived;
        self.dossiers += report.dossiers;
        self.stages.add(&report.seconds);
    }

    /// Adds what one poll of one feed did.
    pub fn add_poll(&mut self, poll: &parallax_feeds::Poll) {
        self.feeds += 1;
        self.feeds_unchanged += u64::from(poll.unchanged);
        self.items_dropped += poll.dropped;
        self.items_given_up += poll.given_up;
        self.added += poll.added;
        self.already_present += poll.already_present;
        self.kept_raw += poll.kept_raw;
        self.derived += poll.derived;
        self.dossiers += poll.dossiers;
        self.failed.extend(poll.failed.iter().cloned());
    }
}

/// Opens the engine over the data folder. `PARALLAX_DERIVE_BATCH` sets how many stored
/// articles are derived per transaction (default 4096).
pub fn open_engine(data_dir: &Path) -> Result<Engine> {
    let mut config = EngineConfig::default();
    if let Ok(value) = std::env::var("PARALLAX_DERIVE_BATCH") {
        config.derive_batch =
            value.parse::<usize>().ok().filter(|&n| n > 0).with_context(|| {
                format!("PARALLAX_DERIVE_BATCH={value:?}: expected a positive number")
            })?;
    }
    Engine::open(data_dir, config)
        .with_context(|| format!("opening the store in {}", data_dir.display()))
}

/// Opens the engine and derives what the store holds underived (articles stored by an older
/// release or an interrupted run), with progress on a terminal: readers then find everything.
pub fn open_current(data_dir: &Path) -> Result<Engine> {
    let mut engine = open_engine(data_dir)?;
    if !engine.is_current()? {
        let bar = progress_bar(0);
        eprintln!("bringing the store up to date: analysing and placing stored articles");
        engine.derive(&mut Progress::new(&bar)).context("deriving stored articles")?;
        bar.finish_and_clear();
    }
    Ok(engine)
}

/// Prints the summary (and the failures) and says how the command ended.
pub fn report_summary(summary: &Summary, json: bool) -> Result<Status> {
    if json {
        println!("{}", serde_json::to_string_pretty(summary)?);
    }
    eprintln!("ingest: {}", summary.line());
    Ok(if summary.failed.is_empty() { Status::Ok } else { Status::SomeFailed })
}

/// Shows an ingest on a progress bar: bytes read, then articles derived and dossiers built;
/// failures and warnings printed above the bar.
pub struct Progress<'a> {
    bar: &'a ProgressBar,
    stage: &'static str,
}

impl<'a> Progress<'a> {
    /// Reports onto `bar` (hidden when standard error is not a terminal).
    pub fn new(bar: &'a ProgressBar) -> Progress<'a> {
        Progress { bar, stage: "read" }
    }

    fn count(&mut self, stage: &'static str, done: u64, total: u64) {
        if self.stage != stage {
            self.stage = stage;
            self.bar.set_style(count_style(stage));
            self.bar.set_length(total);
        }
        self.bar.set_position(done);
    }
}

impl Observer for Progress<'_> {
    fn read(&mut self, bytes: u64) {
        self.bar.inc(bytes);
    }

    fn failed(&mut self, item: &str, reason: &str) {
        self.bar.suspend(|| eprintln!("error: {item}: {reason}"));
    }

    fn derived(&mut self, done: u64, total: u64) {
        self.count("analysed and placed", done, total);
    }

    fn dossiers(&mut self, done: u64, total: u64) {
        self.count("dossiers", done, total);
    }

    fn warning(&mut self, message: &str) {
        self.bar.suspend(|| eprintln!("warning: {message}"));
    }
}

fn count_style(stage: &str) -> ProgressStyle {
    ProgressStyle::with_template(&format!(
        "{{spinner}} [{{elapsed_precise}}] {{wide_bar}} {{pos}}/{{len}} {stage} ({{per_sec}}, {{eta}})"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_bar())
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
