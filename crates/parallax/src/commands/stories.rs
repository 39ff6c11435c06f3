//! `parallax stories`.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use anyhow::{Context, Result};
use parallax_cluster::{ClusterConfig, Clustering, arrival_order, publication_time};
use parallax_core::{ArticleId, Story, StoryId};
use parallax_engine::Engine;
use parallax_store::ArticleHead;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::Write;

use crate::Status;
use crate::cli::{StoriesArgs, StorySort};
use crate::commands::articles::open;
use crate::commands::engine::{Progress, open_current, progress_bar};
use crate::output::truncate;

/// Runs `parallax stories`: the stored stories (with `--embeddings`, the stored articles
/// regrouped in memory with sentence embeddings, an experiment that stores nothing).
pub fn run(data_dir: &Path, args: StoriesArgs) -> Result<Status> {
    let (clustering, heads) = match args.embeddings.as_deref() {
        Some(folder) => {
            let articles = open(data_dir)?.articles().context("reading articles")?;
            let clustering = crate::commands::clustering::stories_with(
                &articles,
                &ClusterConfig::default(),
                Some(folder),
            )?;
            let heads = articles
                .iter()
                .map(|a| {
                    let head = ArticleHead {
                        source: a.source.clone(),
                        title: a.title.clone(),
                        published: a.published,
                    };
                    (a.id.clone(), head)
                })
                .collect();
            (clustering, heads)
        }
        None => {
            let mut engine = open_current(data_dir)?;
            if args.regroup {
                let bar = progress_bar(0);
                let (placed, dossiers) = engine.regroup(&mut Progress::new(&bar))?;
                bar.finish_and_clear();
                eprintln!("regrouped: {placed} article(s) placed, {dossiers} dossier(s) built");
            }
            stored_stories(&engine)?
        }
    };
    let mut clustering = clustering;
    choose(&mut clustering.stories, &heads, &args);
    if crate::cli::json(args.json, args.format) {
        write_stories_json(&clustering, &heads)?;
        return Ok(Status::Ok);
    }
    if heads.is_empty() {
        eprintln!("{}", crate::output::empty_store(data_dir));
        return Ok(Status::Ok);
    }
    print_stories(&clustering, &heads);
    eprintln!("{} story(ies) from {} article(s)", clustering.stories.len(), heads.len());
    Ok(Status::Ok)
}

/// Keeps the stories `--since` and `--outlet` ask for, in the `--sort` order, at most
/// `--limit` of them.
fn choose(stories: &mut Vec<Story>, heads: &HashMap<ArticleId, ArticleHead>, args: &StoriesArgs) {
    let instant = |published: &Option<parallax_core::Published>| published.map(|p| p.instant());
    if let Some(since) = args.since {
        stories.retain(|story| instant(&story.last_seen).is_some_and(|last| last >= since));
    }
    if let Some(outlet) = &args.outlet {
        let outlet = outlet.to_lowercase();
        stories.retain(|story| {
            story.articles.iter().any(|id| {
                heads
                    .get(id)
                    .and_then(|head| head.source.as_deref())
                    .is_some_and(|source| source.to_lowercase() == outlet)
            })
        });
    }
    match args.sort {
        // Stable sorts: ties keep the stored order. Undated stories go last.
        Some(StorySort::Updated) => {
            stories.sort_by_key(|story| std::cmp::Reverse(instant(&story.last_seen)))
        }
        Some(StorySort::Size) => {
            stories.sort_by_key(|story| std::cmp::Reverse(story.articles.len()))
        }
        Some(StorySort::FirstSeen) => {
            stories.sort_by_key(|story| std::cmp::Reverse(instant(&story.first_seen)))
        }
        None => {}
    }
    if let Some(limit) = args.limit {
        stories.truncate(limit);
    }
}

/// The stored stories as a [`Clustering`], each story's articles in arrival order, with what
/// the listing shows of every article.
fn stored_stories(engine: &Engine) -> Result<(Clustering, HashMap<ArticleId, ArticleHead>)> {
    let placements = engine.store().placements()?;
    let mut clustering = Clustering::default();
    let mut members: HashMap<StoryId, Vec<usize>> = HashMap::new();
    for (index, (placement, _)) in placements.iter().enumerate() {
        match (&placement.story, &placement.note) {
            (None, reason) => clustering
                .refused
                .push((placement.article.clone(), reason.clone().unwrap_or_default())),
            (Some(story), note) => {
                members.entry(story.clone()).or_default().push(index);
                if let Some(note) = note {
                    clustering.notes.push((placement.article.clone(), note.clone()));
                }
            }
        }
    }
    let now = chrono::Utc::now();
    for record in engine.stories()? {
        let Some(indices) = members.get(&record.id) else {
            continue;
        };
        let times: Vec<Option<i64>> = indices
            .iter()
            .map(|&i| publication_time(placements[i].1.published.as_ref()?, now).ok())
            .collect();
        let articles: Vec<ArticleId> = arrival_order(&times)
            .into_iter()
            .map(|k| placements[indices[k]].0.article.clone())
            .collect();
        clustering.stories.push(Story {
            id: record.id,
            articles,
            first_seen: record.first_seen,
            last_seen: record.last_seen,
            label: record.label,
        });
    }
    let heads = placements.into_iter().map(|(p, head)| (p.article, head)).collect();
    Ok((clustering, heads))
}

/// One story as `stories --json` prints it.
#[derive(Serialize)]
struct StoryJson<'a> {
    id: &'a StoryId,
    label: &'a Option<String>,
    first_seen: &'a Option<parallax_core::Published>,
    last_seen: &'a Option<parallax_core::Published>,
    articles: Vec<ArticleJson<'a>>,
}

/// One article of a story as `stories --json` prints it.
#[derive(Serialize)]
struct ArticleJson<'a> {
    id: &'a ArticleId,
    source: &'a Option<String>,
    title: &'a Option<String>,
    published: &'a Option<parallax_core::Published>,
}

/// Writes `{"stories": [{"id", "label", "first_seen", "last_seen", "articles"}], "refused",
/// "notes"}` to standard output, typed and buffered (a large store's list is tens of MB).
fn write_stories_json(
    clustering: &Clustering,
    by_id: &HashMap<ArticleId, ArticleHead>,
) -> Result<()> {
    let stories: Vec<StoryJson<'_>> = clustering
        .stories
        .iter()
        .map(|story| StoryJson {
            id: &story.id,
            label: &story.label,
            first_seen: &story.first_seen,
            last_seen: &story.last_seen,
            articles: story
                .articles
                .iter()
                .filter_map(|id| {
                    let head = by_id.get(id)?;
                    Some(ArticleJson {
                        id,
                        source: &head.source,
                        title: &head.title,
                        published: &head.published,
                    })
                })
                .collect(),
        })
        .collect();
    let listed = |items: &[(ArticleId, String)], key: &str| -> Vec<Value> {
        items.iter().map(|(id, text)| json!({"article": id, key: text})).collect()
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    #[derive(Serialize)]
    struct Listing<'a> {
        stories: Vec<StoryJson<'a>>,
        refused: Vec<Value>,
        notes: Vec<Value>,
    }
    let listing = Listing {
        stories,
        refused: listed(&clustering.refused, "reason"),
        notes: listed(&clustering.notes, "note"),
    };
    serde_json::to_writer_pretty(&mut out, &listing)?;
    writeln!(out)?;
    out.flush()?;
    Ok(())
}

/// Each story with its articles on standard output; refusals and notes on standard error.
fn print_stories(clustering: &Clustering, by_id: &HashMap<ArticleId, ArticleHead>) {
    for story in &clustering.stories {
        let outlets: BTreeSet<&str> = story
            .articles
            .iter()
            .filter_map(|id| by_id.get(id).and_then(|a| a.source.as_deref()))
            .collect();
        println!(
            "{}  {} article(s), {} outlet(s)  {}",
            story.id,
            story.articles.len(),
            outlets.len(),
            truncate(story.label.as_deref().unwrap_or("(untitled)"), 60)
        );
        for id in &story.articles {
            let article = by_id.get(id);
            let source =
                article.and_then(|a| a.source.as_deref()).unwrap_or(parallax_core::UNKNOWN_OUTLET);
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
}
