//! `parallax eval quotes`: attributions found by `parallax-analyze` scored against PolNeAR.

use anyhow::{Context, Result};
use parallax_eval::attribution::{AttributionScores, PredictedAttribution, read_polnear, score};

use crate::Status;
use crate::cli::EvalQuotesArgs;

/// Runs `parallax eval quotes`.
pub fn eval(args: EvalQuotesArgs) -> Result<Status> {
    let texts = read_polnear(&args.polnear)
        .with_context(|| format!("reading PolNeAR from {}", args.polnear.display()))?;
    let predictions: Vec<Vec<PredictedAttribution>> = texts
        .iter()
        .map(|text| {
            parallax_analyze::attributions(&text.text)
                .into_iter()
                .map(|found| PredictedAttribution {
                    content: found.content,
                    source: found.source,
                    direct: found.direct,
                })
                .collect()
        })
        .collect();
    if let Some(path) = &args.write_predictions {
        let mut out = String::new();
        for (text, predicted) in texts.iter().zip(&predictions) {
            for p in predicted {
                let source = p.source.clone().map(|s| &text.text[s]);
                out.push_str(&serde_json::json!({"name": text.name, "content": &text.text[p.content.clone()], "source": source, "direct": p.direct}).to_string());
                out.push('\n');
            }
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let scores = score(&texts, &predictions);
    if crate::cli::json(args.json, args.format) {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    } else {
        print_scores(texts.len(), &scores);
    }
    Ok(Status::Ok)
}

fn print_scores(texts: usize, scores: &AttributionScores) {
    println!("{texts} texts, {} gold attributions, {} predicted", scores.gold, scores.predicted);
    for (name, prf) in [
        ("content", scores.content),
        ("content and source", scores.content_and_source),
        ("direct (with source)", scores.direct),
        ("indirect (with source)", scores.indirect),
    ] {
        println!("{name:<24} P {:.4}  R {:.4}  F1 {:.4}", prf.precision, prf.recall, prf.f1);
    }
}
