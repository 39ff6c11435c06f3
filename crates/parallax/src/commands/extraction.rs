//! `parallax eval extraction`: parallax's HTML extractor (or any extractor's saved output) on
//! labelled pages, scored with the benchmarks' metrics.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use parallax_eval::extraction::{PageCounts, body_scores, read_predictions};
use parallax_eval::metadata::{Gold, MetadataTally, Predicted};
use parallax_eval::pages::{GoldPage, read_aeb, read_page, read_wcxb};
use parallax_extract::ExtractError;
use serde_json::json;

use crate::Status;
use crate::cli::{BenchExtractionArgs, EvalExtractionArgs};

/// What came out of one page.
#[derive(Debug, Default, serde::Serialize)]
struct Extracted {
    #[serde(rename = "articleBody")]
    body: String,
    title: Option<String>,
    authors: Vec<String>,
    date: Option<String>,
    modified: Option<String>,
    displayed: Option<(String, bool)>,
    /// The page gave no article text (its metadata was still read).
    #[serde(skip)]
    body_failed: bool,
}

/// Runs `parallax eval extraction`.
pub fn eval(args: EvalExtractionArgs) -> Result<Status> {
    let pages = match (&args.aeb, &args.wcxb) {
        (Some(dir), _) => read_aeb(dir).with_context(|| format!("reading {}", dir.display()))?,
        (None, Some(dir)) => {
            read_wcxb(dir).with_context(|| format!("reading {}", dir.display()))?
        }
        (None, None) => anyhow::bail!("--aeb or --wcxb is required"),
    };
    let saved = args.predictions.as_deref().map(read_predictions).transpose()?;
    let mut bodies = Vec::with_capacity(pages.len());
    let mut tally = MetadataTally::default();
    let mut failed = 0;
    let mut written = BTreeMap::new();
    for page in &pages {
        let extracted = match &saved {
            Some(saved) => {
                let prediction = saved.get(&page.id).cloned().unwrap_or_default();
                Extracted {
                    body: prediction.body,
                    title: prediction.title,
                    authors: prediction.authors,
                    date: prediction.date,
                    ..Extracted::default()
                }
            }
            None => extract(page).unwrap_or_else(|error| {
                failed += 1;
                eprintln!("page {}: {error:#}", page.id);
                Extracted::default()
            }),
        };
        failed += usize::from(extracted.body_failed);
        bodies.push(PageCounts::compare(&page.body, &extracted.body));
        if args.wcxb.is_none() {
            // The extraction benchmark labels bodies only.
            written.insert(page.id.clone(), extracted);
            continue;
        }
        let gold = Gold {
            title: page.title.as_deref(),
            author: page.author.as_deref(),
            date: page.date.as_deref(),
        };
        let predicted = Predicted {
            title: extracted.title.as_deref(),
            authors: &extracted.authors,
            date: extracted.date.as_deref(),
        };
        tally.add(gold, predicted);
        written.insert(page.id.clone(), extracted);
    }
    if let Some(path) = &args.write_predictions {
        let text = serde_json::to_string_pretty(&written)?;
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let missing =
        saved.as_ref().map(|saved| pages.iter().filter(|p| !saved.contains_key(&p.id)).count());
    // Saved predictions are scored for metadata only when they carry some.
    let metadata_scored = saved.as_ref().is_none_or(|saved| saved.values().any(|p| p.has_metadata));
    let counts = Counts { pages: pages.len(), failed, missing, metadata_scored };
    report(&args, counts, body_scores(&bodies), &tally)
}

/// Runs parallax's extractor on one labelled page.
fn extract(page: &GoldPage) -> Result<Extracted> {
    let bytes = read_page(&page.html)?;
    let html = parallax_extract::decode_html(&bytes, None)?;
    let extracted = match parallax_extract::extract_html(&html.text, page.url.as_deref()) {
        Ok(extracted) => extracted,
        // No article text: the page's metadata is still scored.
        Err(error @ (ExtractError::NothingLeft | ExtractError::Html(_))) => {
            let metadata = parallax_extract::read_html_metadata(&html.text, page.url.as_deref());
            eprintln!("page {}: {error}; metadata only", page.id);
            let published = metadata.published.or(metadata.url_date);
            return Ok(Extracted {
                title: metadata.title.clone(),
                date: shown_day(published, &metadata),
                authors: metadata.authors,
                body_failed: true,
                ..Extracted::default()
            });
        }
        Err(error) => return Err(error.into()),
    };
    Ok(Extracted {
        body: extracted.article.body_text(),
        title: extracted.article.title,
        date: shown_day(extracted.article.published, &extracted.metadata),
        authors: extracted.metadata.authors,
        modified: extracted.article.modified.map(|p| p.date().to_string()),
        displayed: extracted.metadata.displayed.map(|(p, u)| (p.date().to_string(), u)),
        body_failed: false,
    })
}

/// The day the page gives for its article: its publication date, or, on a page that prints
/// only "Updated ...", that date.
fn shown_day(
    published: Option<parallax_core::Published>,
    metadata: &parallax_extract::HtmlMetadata,
) -> Option<String> {
    let updated = metadata.displayed.filter(|(_, updated)| *updated).map(|(day, _)| day);
    published.or(updated).map(|day| day.date().to_string())
}

/// How many pages were scored, how many failed to extract, and how many had no saved
/// prediction (with `--predictions`).
struct Counts {
    pages: usize,
    failed: usize,
    missing: Option<usize>,
    metadata_scored: bool,
}

fn report(
    args: &EvalExtractionArgs,
    counts: Counts,
    body: parallax_eval::clusters::Prf,
    tally: &MetadataTally,
) -> Result<Status> {
    let Counts { pages, failed, missing, metadata_scored } = counts;
    let rate = |value: Option<f64>| value.filter(|_| metadata_scored);
    if crate::cli::json(args.json, args.format) {
        let report = json!({
            "pages": pages,
            "failed": failed,
            "missing_predictions": missing,
            "body": body,
            "title_exact": rate(tally.title_exact()),
            "author": rate(tally.author()),
            "date": rate(tally.date()),
            "date_invented": rate(tally.date_invented()),
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Status::Ok);
    }
    let problems = match missing {
        Some(missing) => format!("{missing} without a prediction"),
        None => format!("{failed} failed"),
    };
    println!(
        "{pages} pages ({problems}): body precision {:.4}, recall {:.4}, F1 {:.4}",
        body.precision, body.recall, body.f1
    );
    let lines: BTreeMap<&str, Option<f64>> = [
        ("title exact", rate(tally.title_exact())),
        ("author", rate(tally.author())),
        ("date (same day)", rate(tally.date())),
        ("date given for an undated page", rate(tally.date_invented())),
    ]
    .into_iter()
    .collect();
    for (name, value) in lines {
        if let Some(value) = value {
            println!("{name}: {value:.4}");
        }
    }
    Ok(Status::Ok)
}

/// Runs `parallax bench extraction`: decode and extract each page (as `parallax ingest`
/// does), timing only that, and report resident memory after the first tenth and at the end.
pub fn bench(args: BenchExtractionArgs) -> Result<Status> {
    let folder =
        if args.pages.join("html").is_dir() { args.pages.join("html") } else { args.pages.clone() };
    let mut paths: Vec<std::path::PathBuf> = std::fs::read_dir(&folder)
        .with_context(|| format!("reading {}", folder.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| {
            let name = path.to_string_lossy();
            name.ends_with(".html") || name.ends_with(".html.gz")
        })
        .collect();
    paths.sort();
    let pages: Vec<Vec<u8>> = paths.iter().map(|path| read_page(path)).collect::<Result<_, _>>()?;
    anyhow::ensure!(!pages.is_empty(), "no .html or .html.gz pages in {}", folder.display());
    let count = args.count.unwrap_or(pages.len());
    let tenth = (count / 10).max(1);
    let mut resident_early = None;
    let mut failed = 0usize;
    let mut characters = 0usize;
    let started = std::time::Instant::now();
    for index in 0..count {
        let bytes = &pages[index % pages.len()];
        match parallax_extract::decode_html(bytes, None)
            .and_then(|page| parallax_extract::extract_html(&page.text, None))
        {
            Ok(extracted) => {
                characters += extracted.article.body.iter().map(|p| p.text.len()).sum::<usize>()
            }
            Err(_) => failed += 1,
        }
        if index + 1 == tenth {
            resident_early = crate::output::memory_kib("VmRSS");
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let resident_end = crate::output::memory_kib("VmRSS");
    let peak = crate::output::memory_kib("VmHWM");
    let rate = count as f64 / seconds.max(1e-9);
    if crate::cli::json(args.json, args.format) {
        let report = json!({
            "pages": count, "distinct_pages": pages.len(), "failed": failed, "seconds": seconds,
            "pages_per_second": rate, "body_bytes": characters,
            "resident_kib_after_first_tenth": resident_early, "resident_kib_at_end": resident_end,
            "peak_kib": peak,
        });
        println!("{}", serde_json::to_string(&report)?);
    } else {
        let mib = |kib: Option<u64>| {
            kib.map_or("?".to_string(), |kib| format!("{:.1}", kib as f64 / 1024.0))
        };
        println!(
            "{count} pages ({} distinct, {failed} without an article) in {seconds:.2} s: {rate:.1} pages/s; \
             resident memory {} MiB after the first tenth, {} MiB at the end (peak {} MiB)",
            pages.len(),
            mib(resident_early),
            mib(resident_end),
            mib(peak)
        );
    }
    Ok(Status::Ok)
}
