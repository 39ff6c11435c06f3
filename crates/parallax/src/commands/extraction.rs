//! `parallax eval extraction`: body-text extraction scored with the article-extraction
//! benchmark's metric.

use anyhow::{Context, Result};
use parallax_eval::extraction::{PageCounts, body_scores, read_bodies};
use serde_json::json;

use crate::Status;
use crate::cli::EvalExtractionArgs;

/// Runs `parallax eval extraction`: scores the bodies in `--predictions` (the benchmark's
/// output format, from any extractor) against the benchmark's ground truth.
pub fn eval(args: EvalExtractionArgs) -> Result<Status> {
    let truth_path = args.aeb.join("ground-truth.json");
    let truth =
        read_bodies(&truth_path).with_context(|| format!("reading {}", truth_path.display()))?;
    let predictions = read_bodies(&args.predictions)?;
    let missing = truth.keys().filter(|id| !predictions.contains_key(*id)).count();
    let pages: Vec<PageCounts> = truth
        .iter()
        .map(|(id, gold)| {
            PageCounts::compare(gold, predictions.get(id).map(String::as_str).unwrap_or_default())
        })
        .collect();
    let body = body_scores(&pages);
    if args.json {
        let report = json!({
            "pages": pages.len(),
            "body": body,
            "title_exact": null,
            "author": null,
            "date": null,
            "date_invented": null,
            "missing_predictions": missing,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} pages ({missing} without a prediction): body precision {:.4}, recall {:.4}, F1 {:.4}",
            pages.len(),
            body.precision,
            body.recall,
            body.f1
        );
    }
    Ok(Status::Ok)
}
