//! `parallax eval summaries`: parallax's summariser and four baselines on the same candidate
//! sentences of each gold story, cut at the same word budget, scored with ROUGE against the
//! human summaries.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use anyhow::{Context, Result};
use parallax_core::Article;
use parallax_dedup::{DedupConfig, find_duplicates};
use parallax_dossier::baselines;
use parallax_dossier::summary::{Candidate, SummaryConfig, candidates, summarize};
use parallax_eval::labels::read_labels;
use parallax_eval::summaries::{Rouge, RougeF1, cut_to_words, read_summaries};
use serde_json::json;

use crate::Status;
use crate::cli::EvalSummariesArgs;
use crate::commands::corpus::load_articles;

/// The systems, in the order they are reported.
const SYSTEMS: [&str; 5] = ["parallax", "lexrank", "textrank", "centroid", "mmr"];

/// Runs `parallax eval summaries`.
pub fn eval(args: EvalSummariesArgs) -> Result<Status> {
    let mut config = SummaryConfig { words: args.words, ..SummaryConfig::default() };
    for setting in &args.settings {
        let (key, value) = setting
            .split_once('=')
            .with_context(|| format!("--set {setting}: expected KEY=VALUE"))?;
        config.set(key.trim(), value.trim()).with_context(|| format!("--set {setting}"))?;
    }
    let stories = stories_of(&args)?;
    let gold = read_summaries(&args.summaries)
        .with_context(|| format!("reading {}", args.summaries.display()))?;
    let gold: HashMap<String, String> = gold
        .into_iter()
        .filter_map(|record| Some((record.story, record.summary?)))
        .filter(|(_, summary)| !summary.trim().is_empty())
        .collect();
    let rouge = Rouge::new()?;
    let started = Instant::now();
    let mut scores: Vec<Vec<RougeF1>> = vec![Vec::new(); SYSTEMS.len()];
    let mut without_gold = 0usize;
    for (story, articles) in &stories {
        let Some(reference) = gold.get(story) else {
            without_gold += 1;
            continue;
        };
        for (system, summary) in summaries_of(articles, &config).iter().enumerate() {
            scores[system].push(rouge.score(reference, &cut_to_words(summary, args.words)));
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    let scored = scores[0].len();
    if without_gold > 0 {
        eprintln!("note: {without_gold} story(ies) without a human summary skipped");
    }
    let means: Vec<RougeF1> = scores.iter().map(|s| RougeF1::mean(s)).collect();
    if crate::cli::json(args.json, args.format) {
        let systems: serde_json::Map<String, serde_json::Value> = SYSTEMS
            .iter()
            .zip(&means)
            .map(|(name, mean)| Ok(((*name).to_string(), serde_json::to_value(mean)?)))
            .collect::<Result<_>>()?;
        let report = json!({"stories": scored, "words": args.words, "systems": systems});
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{scored} stories, summaries cut at {} words ({seconds:.1} s)", args.words);
        println!("{:<10} {:>8} {:>8} {:>8}", "system", "ROUGE-1", "ROUGE-2", "ROUGE-L");
        for (name, mean) in SYSTEMS.iter().zip(&means) {
            println!(
                "{name:<10} {:>8.2} {:>8.2} {:>8.2}",
                100.0 * mean.rouge1,
                100.0 * mean.rouge2,
                100.0 * mean.rouge_l
            );
        }
    }
    Ok(Status::Ok)
}

/// The articles of each gold story, in file order, by story label; articles without a label
/// are left out.
fn stories_of(args: &EvalSummariesArgs) -> Result<BTreeMap<String, Vec<Article>>> {
    let labels: HashMap<String, String> = read_labels(&args.articles)?
        .into_iter()
        .filter_map(|label| Some((label.id, label.story?)))
        .collect();
    let mut stories: BTreeMap<String, Vec<Article>> = BTreeMap::new();
    for article in load_articles(&args.articles)? {
        let Some(story) = article.external_id.as_ref().and_then(|id| labels.get(id)) else {
            continue;
        };
        stories.entry(story.clone()).or_default().push(article);
    }
    Ok(stories)
}

/// Each system's summary of one story (in [`SYSTEMS`] order), as its sentences in order.
fn summaries_of(articles: &[Article], config: &SummaryConfig) -> Vec<Vec<String>> {
    let groups = copy_groups(articles);
    let references: Vec<&Article> = articles.iter().collect();
    let candidates = candidates(&references, &groups);
    let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
    let parallax: Vec<usize> =
        summarize(&candidates, config).into_iter().map(|chosen| chosen.candidate).collect();
    let words = config.words;
    let picks = [
        parallax,
        baselines::lexrank(&texts, words),
        baselines::textrank(&texts, words),
        baselines::centroid(&texts, words),
        baselines::mmr(&texts, words),
    ];
    picks.iter().map(|picked| sentences(&candidates, picked)).collect()
}

/// The copy group of each article, from the duplicates stage; `None` for an article that
/// copies nothing and nothing copies.
fn copy_groups(articles: &[Article]) -> Vec<Option<usize>> {
    let mut group_of = vec![None; articles.len()];
    for (number, group) in find_duplicates(articles, &DedupConfig::default()).iter().enumerate() {
        for (index, article) in articles.iter().enumerate() {
            if group.articles.contains(&article.id) {
                group_of[index] = Some(number);
            }
        }
    }
    group_of
}

fn sentences(candidates: &[Candidate], picked: &[usize]) -> Vec<String> {
    picked.iter().map(|&index| candidates[index].text.clone()).collect()
}
