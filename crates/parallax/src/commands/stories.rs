//! `parallax stories`, `parallax eval clustering` and `parallax bench clustering`.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use parallax_cluster::{ClusterConfig, Clustering, cluster};
use parallax_core::{Article, ArticleId};
use parallax_dedup::{CopyGroup, DedupConfig, find_duplicates};
use parallax_eval::clusters::{bcubed, pairwise};
use parallax_eval::labels::read_labels;
use serde_json::json;

use crate::Status;
use crate::cli::{EvalClusteringArgs, StoriesArgs};
use crate::commands::articles::open;
use crate::commands::duplicates::load_articles;
use crate::output::truncate;

/// Runs `parallax stories` over the stored articles.
pub fn run(data_dir: &Path, args: StoriesArgs) -> Result<Status> {
    let articles = open(data_dir)?.articles().context("reading articles")?;
    let clustering = stories_of(&articles, &ClusterConfig::default());
    let by_id: HashMap<&ArticleId, &Article> = articles.iter().map(|a| (&a.id, a)).collect();
    if args.json {
        let stories: Vec<_> = clustering
            .stories
            .iter()
            .map(|story| {
                let articles: Vec<_> = story
                    .articles
                    .iter()
                    .filter_map(|id| by_id.get(id))
                    .map(|article| {
                        json!({
                            "id": article.id,
                            "source": article.source,
                            "title": article.title,
                            "published": article.published,
                        })
                    })
                    .collect();
                json!({
                    "id": story.id,
                    "label": story.label,
                    "first_seen": story.first_seen,
                    "last_seen": story.last_seen,
                    "articles": articles,
                })
            })
            .collect();
        let refused: Vec<_> = clustering
            .refused
            .iter()
            .map(|(id, reason)| json!({"article": id, "reason": reason}))
            .collect();
        let report = json!({"stories": stories, "refused": refused});
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(Status::Ok);
    }
    for story in &clustering.stories {
        let outlets = story
            .articles
            .iter()
            .filter_map(|id| by_id.get(id).and_then(|a| a.source.as_deref()))
            .collect::<std::collections::BTreeSet<_>>();
        println!(
            "{}  {} article(s), {} outlet(s)  {}",
            story.id,
            story.articles.len(),
            outlets.len(),
            truncate(story.label.as_deref().unwrap_or("(untitled)"), 60)
        );
        for id in &story.articles {
            let article = by_id.get(id);
            let source = article.and_then(|a| a.source.as_deref()).unwrap_or("-");
            let title = article.and_then(|a| a.title.as_deref()).unwrap_or("(untitled)");
            println!("    {id}  {:<20}  {}", truncate(source, 20), truncate(title, 60));
        }
    }
    for (id, reason) in &clustering.refused {
        eprintln!("not placed: {id}: {reason}");
    }
    for (id, note) in &clustering.notes {
        eprintln!("note: {id}: {note}");
    }
    eprintln!("{} story(ies) from {} article(s)", clustering.stories.len(), articles.len());
    Ok(Status::Ok)
}

/// Copy groups, then stories.
fn stories_of(articles: &[Article], config: &ClusterConfig) -> Clustering {
    let copies = copy_links(&find_duplicates(articles, &DedupConfig::default()));
    cluster(articles, &copies, config, chrono::Utc::now())
}

/// The default settings with `KEY=VALUE` changes.
fn config_with(settings: &[String]) -> Result<ClusterConfig> {
    let mut config = ClusterConfig::default();
    for setting in settings {
        let (key, value) = setting
            .split_once('=')
            .with_context(|| format!("--set {setting}: expected KEY=VALUE"))?;
        config.set(key.trim(), value.trim()).map_err(|error| anyhow::anyhow!("--set {error}"))?;
    }
    Ok(config)
}

/// `(copy, original)` for every copy in the groups.
fn copy_links(groups: &[CopyGroup]) -> Vec<(ArticleId, ArticleId)> {
    groups
        .iter()
        .flat_map(|group| {
            group
                .articles
                .iter()
                .filter(|id| **id != group.original)
                .map(|id| (id.clone(), group.original.clone()))
        })
        .collect()
}

/// Reads every file as one stream, in file order, optionally shuffled.
fn load_stream(args: &EvalClusteringArgs) -> Result<(Vec<Article>, HashMap<String, String>)> {
    let mut articles = Vec::new();
    let mut gold = HashMap::new();
    for path in &args.articles {
        for label in read_labels(path)? {
            if let Some(story) = label.story {
                gold.insert(label.id, story);
            }
        }
        articles.extend(load_articles(path)?);
    }
    if let Some(seed) = args.shuffle {
        fastrand::Rng::with_seed(seed).shuffle(&mut articles);
    }
    Ok((articles, gold))
}

/// Runs `parallax eval clustering`.
pub fn eval(args: EvalClusteringArgs) -> Result<Status> {
    let config = config_with(&args.settings)?;
    let (articles, gold) = load_stream(&args)?;
    let started = Instant::now();
    let clustering = stories_of(&articles, &config);
    let seconds = started.elapsed().as_secs_f64();

    let mut story_of: HashMap<&ArticleId, usize> = HashMap::new();
    for (index, story) in clustering.stories.iter().enumerate() {
        for id in &story.articles {
            story_of.insert(id, index);
        }
    }
    // A refused article is a story of its own; records without a gold story are left out.
    let mut items: Vec<(usize, &str)> = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let Some(story) = article.external_id.as_ref().and_then(|id| gold.get(id)) else {
            continue;
        };
        let predicted = story_of.get(&article.id).copied().unwrap_or(usize::MAX / 2 + index);
        items.push((predicted, story.as_str()));
    }
    let gold_stories = items.iter().map(|(_, g)| *g).collect::<std::collections::HashSet<_>>();
    let predicted_stories =
        items.iter().map(|(p, _)| *p).collect::<std::collections::HashSet<_>>().len();
    let b = bcubed(&items);
    let p = pairwise(&items);
    if args.json {
        let report = json!({
            "articles": items.len(),
            "gold_stories": gold_stories.len(),
            "stories": predicted_stories,
            "bcubed": b,
            "pairwise": p,
            "refused": clustering.refused.len(),
            "order": match args.shuffle { Some(seed) => format!("shuffled (seed {seed})"), None => "file".into() },
            "seconds": seconds,
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} articles, {} gold stories, {} stories: B-cubed P {:.4} R {:.4} F1 {:.4}; pairwise P {:.4} R {:.4} F1 {:.4}",
            items.len(),
            gold_stories.len(),
            predicted_stories,
            b.precision,
            b.recall,
            b.f1,
            p.precision,
            p.recall,
            p.f1
        );
    }
    Ok(Status::Ok)
}
