//! `parallax eval fidelity`: whether the outlets a dossier credits with a fact state it.

use std::collections::HashMap;

use anyhow::{Context, Result};
use parallax_dossier::{Dossier, Fact};
use parallax_engine::{Engine, EngineConfig};
use parallax_ingest::{Sources, SourcesConfig};
use serde_json::json;

use crate::Status;
use crate::cli::EvalFidelityArgs;
use crate::commands::corpus::Failures;

/// One checked credit.
struct Checked {
    story: String,
    fact: String,
    outlet: String,
    evidence: String,
    differs: bool,
    /// The credit is the outlet whose wording the fact is.
    own: bool,
    /// Figures of the fact the credited article does not give.
    missing: Vec<String>,
}

/// Runs `parallax eval fidelity`.
pub fn eval(args: EvalFidelityArgs) -> Result<Status> {
    let folder = tempfile::tempdir().context("creating a throwaway store")?;
    let config = EngineConfig { search: false, ..EngineConfig::default() };
    let mut engine = Engine::open(folder.path(), config)?;
    let mut failed = Failures::default();
    engine.ingest(
        Sources::open(std::slice::from_ref(&args.articles), &SourcesConfig::default()),
        &mut failed,
    )?;
    anyhow::ensure!(
        engine.store().count_articles()? > 0,
        "{}: no articles could be read ({} failed)",
        args.articles.display(),
        failed.0
    );
    let mut checked: Vec<Checked> = Vec::new();
    let mut facts = 0usize;
    // A fact in both the summary and the agreement is checked once.
    let mut seen = std::collections::HashSet::new();
    for story in engine.stories()? {
        let Some(dossier) = engine.dossier(&story.id)? else { continue };
        let texts: HashMap<String, String> = engine
            .story_articles(&story.id)?
            .into_iter()
            .map(|article| (article.id.to_string(), article.analysed_text()))
            .collect();
        for fact in credited_facts(&dossier) {
            if !seen.insert((fact.from.article.clone(), fact.from.span)) {
                continue;
            }
            facts += 1;
            checked.extend(check(&dossier, fact, &texts));
        }
    }
    anyhow::ensure!(!checked.is_empty(), "{}: no credited facts", args.articles.display());
    // A fact's own outlet is right by construction: only the other outlets' credits count.
    let agreeing: Vec<&Checked> = checked.iter().filter(|c| !c.differs && !c.own).collect();
    let consistent = agreeing.iter().filter(|c| c.missing.is_empty()).count();
    let share = consistent as f64 / agreeing.len().max(1) as f64;
    let differs = checked.iter().filter(|c| c.differs).count();
    let mut rng = fastrand::Rng::with_seed(args.seed);
    // The sample leaves out the credits of a fact's own wording: those are right by construction.
    let mut order: Vec<usize> = (0..checked.len()).filter(|&i| !checked[i].own).collect();
    rng.shuffle(&mut order);
    let sample: Vec<&Checked> = order.iter().take(args.sample).map(|&i| &checked[i]).collect();
    let failures: Vec<&Checked> =
        agreeing.iter().copied().filter(|c| !c.missing.is_empty()).collect();
    if crate::cli::json(args.json, args.format) {
        let item = |c: &Checked| {
            json!({"story": c.story, "fact": c.fact, "outlet": c.outlet, "evidence": c.evidence,
                   "differs": c.differs, "missing": c.missing})
        };
        let report = json!({
            "facts": facts,
            "credits": checked.len(),
            "differs": differs,
            "agreeing": agreeing.len(),
            "number_consistent": consistent,
            "number_consistency": share,
            "unreadable_items": failed.0,
            "sample": sample.iter().map(|c| item(c)).collect::<Vec<_>>(),
            "inconsistent": failures.iter().take(20).map(|c| item(c)).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Status::Ok);
    }
    println!(
        "{facts} facts, {} credits: {} of other outlets agreeing, {differs} flagged as giving \
         another figure",
        checked.len(),
        agreeing.len()
    );
    println!(
        "number consistency: {share:.4} ({consistent} of {} agreeing credits of other outlets: \
         every figure of the fact is in the credited outlet's article)",
        agreeing.len()
    );
    for (title, list) in [("sample", &sample), ("inconsistent", &failures)] {
        if list.is_empty() {
            continue;
        }
        println!("\n{title}:");
        for c in list.iter().take(args.sample) {
            let flag = if c.differs { " (gives another figure)" } else { "" };
            println!("- [{}] {}{flag}", c.outlet, c.fact);
            if c.evidence != c.fact {
                println!("    evidence: {}", c.evidence);
            }
            if !c.missing.is_empty() {
                println!("    not in its article: {}", c.missing.join(", "));
            }
        }
    }
    Ok(Status::Ok)
}

/// The facts of a dossier that credit outlets: summary, agreement and what only one reported.
fn credited_facts(dossier: &Dossier) -> impl Iterator<Item = &Fact> {
    dossier
        .summary
        .iter()
        .chain(&dossier.agreement)
        .chain(dossier.only_in.iter().flat_map(|only| &only.facts))
}

/// Each credit of a fact against its article's text.
fn check(dossier: &Dossier, fact: &Fact, texts: &HashMap<String, String>) -> Vec<Checked> {
    let wanted = figures(&fact.text);
    fact.credits
        .iter()
        .map(|credit| {
            let text = texts.get(&credit.from.article).map_or("", String::as_str);
            let [start, end] = credit.from.span;
            let evidence = text.get(start..end).unwrap_or_default().trim().to_string();
            let given = figures(text);
            let missing = wanted.iter().filter(|n| !given.contains(n)).cloned().collect();
            Checked {
                story: dossier.story.clone(),
                fact: fact.text.clone(),
                outlet: credit.outlet.clone(),
                evidence,
                differs: credit.differs,
                own: credit.from == fact.from,
                missing,
            }
        })
        .collect()
}

/// The figures of a text written in digits, with thousands separators dropped; digits glued to
/// a name ("COVID-19") are not figures. Written here apart from the dossier's own reading, so
/// the check does not share its mistakes.
fn figures(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    let mut previous = ' ';
    let mut in_name = false;
    while let Some(c) = chars.next() {
        let joins = matches!(c, ',' | '.') && !current.is_empty();
        if current.is_empty() && c.is_ascii_digit() {
            in_name = previous.is_alphabetic() || previous == '-';
        }
        previous = c;
        if c.is_ascii_digit() {
            current.push(c);
        } else if joins && chars.peek().is_some_and(char::is_ascii_digit) {
            if c == '.' {
                current.push('.');
            }
        } else if !current.is_empty() {
            let figure = std::mem::take(&mut current);
            if !in_name {
                found.push(figure);
            }
        }
    }
    if !current.is_empty() && !in_name {
        found.push(current);
    }
    found.sort_unstable();
    found.dedup();
    found
}

#[cfg(test)]
mod tests {
    use super::figures;

    #[test]
    fn figures_drop_thousands_separators_and_keep_decimals() {
        assert_eq!(
            figures("94,000 troops, 1.5 million, (6) and 175000."),
            ["1.5", "175000", "6", "94000"]
        );
        assert_eq!(figures("no figures here"), Vec::<String>::new());
        assert_eq!(figures("COVID-19 cases rose by 19"), ["19"]);
    }
}
