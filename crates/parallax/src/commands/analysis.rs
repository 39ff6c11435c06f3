//! `parallax bench analysis`: how fast articles are analysed, and where the time goes.

use std::time::{Duration, Instant};

use anyhow::Result;
use serde_json::json;

use crate::Status;
use crate::cli::BenchAnalysisArgs;
use crate::commands::corpus::load_articles;

/// The steps of an article's analysis, in the order they run.
const STEPS: [&str; 5] = ["entities", "quotes", "quantities", "times", "link"];

/// Runs `parallax bench analysis`: every article analysed step by step (extraction and
/// loading excluded), `--rounds` times over; articles/s, MB/s and each step's share of time.
pub fn bench(args: BenchAnalysisArgs) -> Result<Status> {
    let articles = load_articles(&args.articles)?;
    let texts: Vec<(String, Option<chrono::NaiveDate>)> = articles
        .iter()
        .map(|a| (a.analysed_text(), a.published.as_ref().map(|p| p.date())))
        .collect();
    let bytes: usize = texts.iter().map(|(text, _)| text.len()).sum();
    let mut spent = [Duration::ZERO; STEPS.len()];
    let mut found = [0usize; 4];
    for _ in 0..args.rounds.max(1) {
        for (text, anchor) in &texts {
            let clock = Instant::now();
            let entities = parallax_analyze::entities(text);
            spent[0] += clock.elapsed();
            let clock = Instant::now();
            let attributions = parallax_analyze::attributions(text);
            spent[1] += clock.elapsed();
            let clock = Instant::now();
            let quantities = parallax_analyze::quantities(text);
            spent[2] += clock.elapsed();
            let clock = Instant::now();
            let times = parallax_analyze::time_expressions(text, *anchor);
            spent[3] += clock.elapsed();
            let clock = Instant::now();
            let analysis = parallax_analyze::link(text, entities, attributions, quantities, times);
            spent[4] += clock.elapsed();
            found[0] += analysis.entities.entities.len();
            found[1] += analysis.quotes.len();
            found[2] += analysis.figures.len();
            found[3] += analysis.times.len();
        }
    }
    let rounds = args.rounds.max(1);
    let total: Duration = spent.iter().sum();
    let analysed = texts.len() * rounds;
    let rate = analysed as f64 / total.as_secs_f64();
    let megabytes = (bytes * rounds) as f64 / 1e6 / total.as_secs_f64();
    let shares: Vec<f64> = spent.iter().map(|s| s.as_secs_f64() / total.as_secs_f64()).collect();
    let peak = crate::output::memory_kib("VmHWM");
    let per_article = |n: usize| n as f64 / analysed as f64;
    let report = json!({
        "articles": texts.len(),
        "rounds": rounds,
        "bytes": bytes,
        "seconds": total.as_secs_f64(),
        "articles_per_second": rate,
        "megabytes_per_second": megabytes,
        "share": STEPS.iter().zip(&shares).map(|(step, share)| (step.to_string(), json!(share))).collect::<serde_json::Map<_, _>>(),
        "per_article": {
            "entities": per_article(found[0]),
            "quotes": per_article(found[1]),
            "figures": per_article(found[2]),
            "times": per_article(found[3]),
        },
        "peak_memory_kib": peak,
    });
    if crate::cli::json(args.json, args.format) {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Status::Ok);
    }
    println!(
        "parallax: {analysed} articles ({:.1} MB) analysed in {:.3}s on one core: {rate:.0} articles/s, {megabytes:.2} MB/s; peak memory {} MiB",
        (bytes * rounds) as f64 / 1e6,
        total.as_secs_f64(),
        peak.map_or("?".to_string(), |kib| (kib / 1024).to_string())
    );
    let steps: Vec<String> = STEPS
        .iter()
        .zip(&shares)
        .map(|(step, share)| format!("{step} {:.1}%", share * 100.0))
        .collect();
    println!("  share of time: {}", steps.join(", "));
    println!(
        "  per article: {:.1} entities, {:.1} quotes, {:.1} figures, {:.1} time expressions",
        per_article(found[0]),
        per_article(found[1]),
        per_article(found[2]),
        per_article(found[3])
    );
    Ok(Status::Ok)
}
