//! `parallax ingest`: sources -> extraction -> store, in batches.

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use parallax_ingest::{Format, SourceNames, Sources, SourcesConfig};

use crate::Status;
use crate::cli::{BenchWarcArgs, FormatArg, IngestArgs};
use crate::commands::engine::{Progress, Summary, open_engine, progress_bar, report_summary};
use crate::commands::feeds;

/// Runs `parallax ingest`.
pub fn run(data_dir: &Path, args: IngestArgs) -> Result<Status> {
    let (source, names) = source_names(&args.source)?;
    let config = SourcesConfig {
        max_bytes: args.max_bytes,
        format: args.warc.then_some(Format::Warc).or(args.format.map(|format| match format {
            FormatArg::Text => Format::Text,
            FormatArg::Markdown => Format::Markdown,
            FormatArg::Html => Format::Html,
            FormatArg::Jsonl => Format::Jsonl,
            FormatArg::Warc => Format::Warc,
        })),
        source: source.clone(),
        names,
    };
    let mut engine = open_engine(data_dir)?;
    let mut sources = Sources::open(&args.paths, &config);
    let progress = progress_bar(sources.total_bytes());
    let started = Instant::now();
    let report = engine
        .ingest(sources.by_ref(), &mut Progress::new(&progress))
        .context("writing to the store")?;
    let mut summary = Summary::default();
    summary.add_report(&report);
    summary.seconds = started.elapsed().as_secs_f64();
    summary.skipped_files = sources.skipped();
    summary.skipped_records = sources.skipped_records();
    progress.finish_and_clear();
    if !args.feeds.is_empty() {
        feeds::ingest(engine, &args, &mut summary)?;
    }
    report_summary(&summary, args.json)
}

/// Reads `--source` values: `PATH=NAME` names that path's outlet (the path must exist); any
/// other value is the outlet of every input (one at most).
pub fn source_names(values: &[String]) -> Result<(Option<String>, SourceNames)> {
    let mut names = SourceNames::new();
    let mut every: Option<String> = None;
    for value in values {
        match value.split_once('=') {
            Some((path, name)) => {
                anyhow::ensure!(
                    Path::new(path).exists() && !name.trim().is_empty(),
                    "--source {value:?}: expected PATH=NAME with a path that exists and a name \
                     (an outlet name of every input has no \"=\")"
                );
                names.add_path(Path::new(path), name.trim());
            }
            None if every.is_some() => anyhow::bail!(
                "--source {value:?}: one outlet for every input is given already; name a path's \
                 outlet with --source PATH=NAME"
            ),
            None => every = Some(value.trim().to_string()),
        }
    }
    Ok((every, names))
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
    if crate::cli::json(args.json, args.format) {
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
