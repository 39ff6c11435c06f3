//! `parallax eval times`: TIMEX3 expressions found by `parallax-analyze` scored against TimeML
//! gold, as TempEval-3 scores them.

use std::collections::BTreeMap;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use parallax_eval::timex::{
    TimexDocument, TimexLabel, TimexScores, read_timeml, relaxed_matches, score,
};

use crate::Status;
use crate::cli::EvalTimesArgs;

/// Runs `parallax eval times`.
pub fn eval(args: EvalTimesArgs) -> Result<Status> {
    let documents = read_timeml(&args.timeml)
        .with_context(|| format!("reading TimeML gold from {}", args.timeml.display()))?;
    let predictions: Vec<Vec<TimexLabel>> = documents.iter().map(predict).collect();
    if let Some(path) = &args.write_predictions {
        let mut out = String::new();
        for (document, predicted) in documents.iter().zip(&predictions) {
            out.push_str(&serde_json::json!({"id": document.id, "timexes": predicted}).to_string());
            out.push('\n');
        }
        std::fs::write(path, out).with_context(|| format!("writing {}", path.display()))?;
    }
    let all = score(&documents, &predictions);
    let mut parts: BTreeMap<String, (Vec<TimexDocument>, Vec<Vec<TimexLabel>>)> = BTreeMap::new();
    for (document, predicted) in documents.iter().zip(&predictions) {
        if let Some(name) = &document.subcorpus {
            let part = parts.entry(name.clone()).or_default();
            part.0.push(document.clone());
            part.1.push(predicted.clone());
        }
    }
    let subcorpora: BTreeMap<String, TimexScores> = parts
        .iter()
        .map(|(name, (docs, predicted))| (name.clone(), score(docs, predicted)))
        .collect();
    if crate::cli::json(args.json, args.format) {
        let out = serde_json::json!({"all": all, "subcorpora": subcorpora});
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(Status::Ok);
    }
    print_scores("all", &all);
    for (name, scores) in &subcorpora {
        print_scores(name, scores);
    }
    if args.errors > 0 {
        print_errors(&documents, &predictions, args.errors);
    }
    Ok(Status::Ok)
}

/// The expressions parallax finds in a document, resolved against its creation date.
fn predict(document: &TimexDocument) -> Vec<TimexLabel> {
    let dct = document.dct.as_deref().and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    parallax_analyze::timex3(&document.text, dct)
        .into_iter()
        .map(|timex| TimexLabel {
            start_byte: timex.span.start,
            end_byte: timex.span.end,
            kind: timex.kind.as_str().to_string(),
            value: timex.value,
        })
        .collect()
}

fn print_scores(name: &str, scores: &TimexScores) {
    println!(
        "{name}: {} documents, {} gold expressions, {} found",
        scores.documents, scores.gold, scores.predicted
    );
    for (label, prf) in [
        ("span, relaxed", scores.relaxed),
        ("span, strict", scores.strict),
        ("type", scores.kind),
        ("value", scores.value),
    ] {
        println!("  {label:<14} P {:.4}  R {:.4}  F1 {:.4}", prf.precision, prf.recall, prf.f1);
    }
}

/// A random sample of gold expressions whose value was missed or wrong, with what was found.
fn print_errors(documents: &[TimexDocument], predictions: &[Vec<TimexLabel>], count: usize) {
    let mut errors: Vec<String> = Vec::new();
    for (document, predicted) in documents.iter().zip(predictions) {
        let matches = relaxed_matches(&document.timexes, predicted);
        let dct = document.dct.as_deref().unwrap_or("?");
        for (g, gold) in document.timexes.iter().enumerate() {
            let text = &document.text[gold.start_byte..gold.end_byte];
            let found = matches.iter().find(|(mg, _)| *mg == g).map(|&(_, p)| &predicted[p]);
            match found {
                Some(found) if found.value == gold.value && found.kind == gold.kind => {}
                Some(found) => errors.push(format!(
                    "{dct} {text:?}: gold {} {}, found {:?} {} {}",
                    gold.kind,
                    gold.value,
                    &document.text[found.start_byte..found.end_byte],
                    found.kind,
                    found.value
                )),
                None => errors
                    .push(format!("{dct} {text:?}: gold {} {}, missed", gold.kind, gold.value)),
            }
        }
        for (p, found) in predicted.iter().enumerate() {
            if !matches.iter().any(|(_, mp)| *mp == p) {
                let text = &document.text[found.start_byte..found.end_byte];
                errors.push(format!(
                    "{dct} {text:?}: found {} {}, not in gold",
                    found.kind, found.value
                ));
            }
        }
    }
    let mut rng = fastrand::Rng::with_seed(7);
    rng.shuffle(&mut errors);
    println!("{} errors; {} of them:", errors.len(), count.min(errors.len()));
    for error in errors.iter().take(count) {
        println!("  {error}");
    }
}
