//! `parallax duplicates`, `parallax eval duplicates` and `parallax bench duplicates`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use parallax_core::{Article, ArticleId};
use parallax_dedup::{
    CopyGroup, CopyKeys, DedupConfig, batch_candidates, copies_among, copy_keys, find_duplicates,
};
use parallax_eval::labels::{copy_groups, read_labels};
use parallax_eval::pairs::{PairScores, group_pairs};
use serde::Serialize;
use serde_json::json;

use crate::Status;
use crate::cli::{DuplicatesArgs, EvalFileArgs};
use crate::commands::articles::open;
use crate::commands::corpus::load_articles;
use crate::output::truncate;

/// Runs `parallax duplicates` over the stored articles.
pub fn run(data_dir: &Path, args: DuplicatesArgs) -> Result<Status> {
    let articles = open(data_dir)?.articles().context("reading articles")?;
    let groups = detect(&articles, args.embeddings.as_deref())?;
    if crate::cli::json(args.json, args.format) {
        let groups: Vec<_> = groups.iter().map(group_json).collect();
        println!("{}", serde_json::to_string_pretty(&json!({ "groups": groups }))?);
        return Ok(Status::Ok);
    }
    let titles: HashMap<&str, &Article> = articles.iter().map(|a| (a.id.as_str(), a)).collect();
    for group in &groups {
        println!("{} copies of one text ({}):", group.articles.len(), group.kind.as_str());
        for id in &group.articles {
            let article = titles.get(id.as_str());
            let source = article.and_then(|a| a.source.as_deref()).unwrap_or("-");
            let title = article.and_then(|a| a.title.as_deref()).unwrap_or("(untitled)");
            let role = match group.links.iter().find(|link| &link.copy == id) {
                Some(link) => format!("{} copy, Jaccard {:.2}", link.kind.as_str(), link.jaccard),
                None => "original".to_string(),
            };
            println!("  {id}  {:<20}  {:<28}  {}", truncate(source, 20), role, truncate(title, 40));
        }
        for (id, credit) in &group.wire {
            println!(
                "  wire: {} ({}: {:?}) in {id}",
                credit.agency,
                credit.how,
                truncate(&credit.evidence, 40)
            );
        }
        println!();
    }
    eprintln!("{} group(s) of copies among {} article(s)", groups.len(), articles.len());
    Ok(Status::Ok)
}

/// Copy groups among the articles, with the semantic signal when a model folder is given.
fn detect(articles: &[Article], embeddings: Option<&Path>) -> Result<Vec<CopyGroup>> {
    let config = DedupConfig::default();
    match embeddings {
        None => Ok(find_duplicates(articles, &config)),
        #[cfg(feature = "embeddings")]
        Some(folder) => {
            let embedder = parallax_dedup::Embedder::load(folder)?;
            Ok(parallax_dedup::find_duplicates_with_embeddings(articles, &config, &embedder)?)
        }
        #[cfg(not(feature = "embeddings"))]
        Some(_) => anyhow::bail!(
            "--embeddings needs a parallax built with the `embeddings` feature \
             (cargo build --release --features embeddings)"
        ),
    }
}

/// Copy groups found as a store finds them: articles arrive `batch` at a time in publication
/// order, each batch compared among itself and with the earlier articles that share its copy
/// keys (an index in memory here, a table in the store). Groups of article ids.
fn streamed(articles: &[Article], batch: usize) -> Vec<Vec<ArticleId>> {
    let config = DedupConfig::default();
    let times: Vec<Option<i64>> =
        articles.iter().map(|a| a.published.map(|p| p.instant().timestamp())).collect();
    let order = parallax_cluster::arrival_order(&times);
    let index_of: HashMap<&ArticleId, usize> =
        articles.iter().enumerate().map(|(index, article)| (&article.id, index)).collect();
    let mut postings: HashMap<u64, Vec<i64>> = HashMap::new();
    let mut original_of: HashMap<usize, usize> = HashMap::new();
    let mut links = Vec::new();
    // Postings hold arrival positions, so "latest first" means what it means in a store.
    for (number, chunk) in order.chunks(batch.max(1)).enumerate() {
        let arriving: Vec<&Article> = chunk.iter().map(|&i| &articles[i]).collect();
        let keys: Vec<CopyKeys> = arriving.iter().map(|a| copy_keys(a, &config)).collect();
        let lookup = |key: u64, limit: usize| {
            let found = postings.get(&key).map_or(&[][..], Vec::as_slice);
            Ok::<_, std::convert::Infallible>(found.iter().rev().take(limit).copied().collect())
        };
        let Ok(found) = batch_candidates(&keys, &config, lookup);
        let mut wanted: Vec<usize> =
            found.into_iter().map(|position| order[position as usize]).collect();
        let originals: Vec<usize> =
            wanted.iter().filter_map(|n| original_of.get(n)).copied().collect();
        wanted.extend(originals);
        wanted.sort_unstable();
        wanted.dedup();
        let known: Vec<(&Article, Option<&ArticleId>)> = wanted
            .iter()
            .map(|&n| (&articles[n], original_of.get(&n).map(|&o| &articles[o].id)))
            .collect();
        for link in copies_among(&arriving, &known, &config) {
            original_of.insert(index_of[&link.copy], index_of[&link.copy_of]);
            links.push((link.copy, link.copy_of));
        }
        let first = (number * batch.max(1)) as i64;
        for (position, keys) in (first..).zip(&keys) {
            for key in keys.all() {
                postings.entry(key).or_default().push(position);
            }
        }
    }
    let mut groups: BTreeMap<ArticleId, Vec<ArticleId>> = BTreeMap::new();
    for (copy, original) in links {
        groups.entry(original.clone()).or_insert_with(|| vec![original]).push(copy);
    }
    groups.into_values().collect()
}

/// A group as `--json` prints it.
fn group_json(group: &CopyGroup) -> serde_json::Value {
    json!({
        "articles": group.articles,
        "original": group.original,
        "kind": group.kind.as_str(),
        "links": group.links,
        "wire": group.wire.iter().map(|(id, credit)| json!({"article": id, "credit": credit})).collect::<Vec<_>>(),
    })
}

/// The id an evaluation knows an article by: the record's own id.
fn label_id(article: &Article) -> String {
    article.external_id.clone().unwrap_or_else(|| article.id.to_string())
}

/// False positives among articles of one story that are not copies, per data set.
#[derive(Debug, Default, Serialize)]
struct SameStory {
    pairs: usize,
    false_positives: usize,
    rate: f64,
}

/// Runs `parallax eval duplicates`.
pub fn eval(args: EvalFileArgs) -> Result<Status> {
    let labels = read_labels(&args.articles)?;
    let articles = load_articles(&args.articles)?;
    let started = Instant::now();
    let groups: Vec<Vec<ArticleId>> = if args.stream > 0 {
        anyhow::ensure!(args.embeddings.is_none(), "--stream compares words only: no --embeddings");
        streamed(&articles, args.stream)
    } else {
        detect(&articles, args.embeddings.as_deref())?.into_iter().map(|g| g.articles).collect()
    };
    let seconds = started.elapsed().as_secs_f64();

    // Records with the same outlet, address, title and body are one article (one id): they
    // are exact copies, so each id stands for all its records.
    let mut records_of: HashMap<&str, Vec<String>> = HashMap::new();
    for article in &articles {
        records_of.entry(article.id.as_str()).or_default().push(label_id(article));
    }
    let mut predicted_groups: Vec<Vec<String>> = groups
        .iter()
        .map(|group| {
            let ids: HashSet<&str> = group.iter().map(|id| id.as_str()).collect();
            ids.into_iter().flat_map(|id| records_of[id].clone()).collect()
        })
        .collect();
    let grouped: HashSet<&str> =
        groups.iter().flat_map(|g| g.iter().map(|id| id.as_str())).collect();
    predicted_groups.extend(
        records_of
            .iter()
            .filter(|(id, records)| records.len() > 1 && !grouped.contains(*id))
            .map(|(_, r)| r.clone()),
    );
    let predicted = group_pairs(&predicted_groups);
    let gold = group_pairs(&copy_groups(&labels));
    let scores = PairScores::score(&predicted, &gold);

    // Same story, different outlets, not labelled copies: every predicted pair there is wrong.
    let mut stories: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for label in &labels {
        if let (Some(story), None) = (&label.story, &label.copy_of) {
            let set = label.set.clone().unwrap_or_default();
            stories.entry((set, story.clone())).or_default().push(label.id.clone());
        }
    }
    let mut same_story: BTreeMap<String, SameStory> = BTreeMap::new();
    for ((set, _), members) in &stories {
        let pairs: HashSet<(String, String)> = group_pairs(std::slice::from_ref(members));
        let entry = same_story.entry(set.clone()).or_default();
        for pair in pairs.difference(&gold) {
            entry.pairs += 1;
            entry.false_positives += usize::from(predicted.contains(pair));
        }
    }
    for entry in same_story.values_mut() {
        entry.rate = entry.false_positives as f64 / entry.pairs.max(1) as f64;
    }
    let report = json!({
        "articles": articles.len(),
        "gold_pairs": scores.gold,
        "predicted_pairs": scores.predicted,
        "true_positives": scores.true_positives,
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "same_story": same_story,
        "seconds": seconds,
        "examples": {
            "missed": sample(gold.difference(&predicted)),
            "wrong": sample(predicted.difference(&gold)),
        },
    });
    if crate::cli::json(args.json, args.format) {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} articles: precision {:.4}, recall {:.4}, F1 {:.4} ({} of {} predicted pairs right, {} gold pairs)",
            articles.len(),
            scores.precision,
            scores.recall,
            scores.f1,
            scores.true_positives,
            scores.predicted,
            scores.gold
        );
        for (set, entry) in &same_story {
            println!(
                "  {set}: {} of {} same-story pairs that are not copies grouped (rate {:.4})",
                entry.false_positives, entry.pairs, entry.rate
            );
        }
    }
    Ok(Status::Ok)
}

/// A few pairs, sorted, for a person to look at.
fn sample<'a>(pairs: impl Iterator<Item = &'a (String, String)>) -> Vec<&'a (String, String)> {
    let mut pairs: Vec<_> = pairs.collect();
    pairs.sort();
    pairs.truncate(20);
    pairs
}

/// Runs `parallax bench duplicates`: documents per second through detection, one core.
pub fn bench(args: EvalFileArgs) -> Result<Status> {
    let articles = load_articles(&args.articles)?;
    let config = DedupConfig::default();
    let runs = 5;
    let mut best = f64::MAX;
    let mut groups = 0;
    for _ in 0..runs {
        let started = Instant::now();
        groups = find_duplicates(&articles, &config).len();
        best = best.min(started.elapsed().as_secs_f64());
    }
    let rate = articles.len() as f64 / best;
    let report = json!({
        "articles": articles.len(),
        "groups": groups,
        "seconds": best,
        "docs_per_second": rate,
        "shingle_words": config.shingle_words,
        "permutations": config.permutations,
        "band_rows": config.band_rows,
    });
    if crate::cli::json(args.json, args.format) {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "parallax: {} articles in {best:.3}s (best of {runs}): {rate:.0} docs/s, {groups} groups",
            articles.len()
        );
    }
    Ok(Status::Ok)
}
