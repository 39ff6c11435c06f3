//! `parallax stories`, `parallax eval clustering` and `parallax bench clustering`.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use parallax_cluster::{
    ClusterConfig, Clustering, Placement, StoryStream, StreamArticle, Terms, arrival_order,
    cluster, cluster_with_embeddings, publication_time,
};
use parallax_core::{Article, ArticleId, Story, StoryId};
use parallax_dedup::{DedupConfig, copy_links, find_duplicates};
use parallax_engine::Engine;
use parallax_eval::clusters::{bcubed, pairwise};
use parallax_eval::labels::read_labels;
use parallax_store::ArticleHead;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::Write;

use crate::Status;
use crate::cli::{BenchClusteringArgs, EvalClusteringArgs, StoriesArgs};
use crate::commands::articles::open;
use crate::commands::duplicates::load_articles;
use crate::commands::ingest::{Progress, open_current, progress_bar};
use crate::output::truncate;

/// Runs `parallax stories`: the stored stories (with `--embeddings`, the stored articles
/// regrouped in memory with sentence embeddings, an experiment that stores nothing).
pub fn run(data_dir: &Path, args: StoriesArgs) -> Result<Status> {
    let (clustering, heads) = match args.embeddings.as_deref() {
        Some(folder) => {
            let articles = open(data_dir)?.articles().context("reading articles")?;
            let clustering = stories_with(&articles, &ClusterConfig::default(), Some(folder))?;
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
    if args.json {
        write_stories_json(&clustering, &heads)?;
        return Ok(Status::Ok);
    }
    print_stories(&clustering, &heads);
    eprintln!("{} story(ies) from {} article(s)", clustering.stories.len(), heads.len());
    Ok(Status::Ok)
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
}

/// `(copy, original)` for every copy the duplicates stage finds among the articles.
fn copies_among(articles: &[Article]) -> Vec<(ArticleId, ArticleId)> {
    copy_links(&find_duplicates(articles, &DedupConfig::default()))
}

/// Copies, then stories of a batch, with sentence embeddings from the model in `embeddings` when given.
fn stories_with(
    articles: &[Article],
    config: &ClusterConfig,
    embeddings: Option<&Path>,
) -> Result<Clustering> {
    let Some(folder) = embeddings else {
        return Ok(cluster(articles, &copies_among(articles), config, chrono::Utc::now()));
    };
    let vectors = embed_articles(articles, folder)?;
    let copies = copies_among(articles);
    Ok(cluster_with_embeddings(articles, Some(&vectors), &copies, config, chrono::Utc::now()))
}

/// Words of each article's lead given to the embedding model, with its title.
#[cfg(feature = "embeddings")]
const EMBEDDED_WORDS: usize = 120;

/// One embedding per article, of its title and lead.
#[cfg(feature = "embeddings")]
fn embed_articles(articles: &[Article], folder: &Path) -> Result<Vec<Vec<f32>>> {
    let embedder = parallax_dedup::Embedder::load(folder)?;
    let texts: Vec<String> = articles
        .iter()
        .map(|article| {
            let body = article.body_text();
            let lead: Vec<&str> = body.split_whitespace().take(EMBEDDED_WORDS).collect();
            format!("{}\n{}", article.title.as_deref().unwrap_or_default(), lead.join(" "))
        })
        .collect();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    Ok(embedder.embed(&texts)?)
}

#[cfg(not(feature = "embeddings"))]
fn embed_articles(_: &[Article], _: &Path) -> Result<Vec<Vec<f32>>> {
    anyhow::bail!(
        "--embeddings needs a parallax built with the `embeddings` feature \
         (cargo build --release --features embeddings)"
    )
}

/// The default settings with `KEY=VALUE` changes.
fn config_with(settings: &[String]) -> Result<ClusterConfig> {
    let mut config = ClusterConfig::default();
    for setting in settings {
        let (key, value) = setting
            .split_once('=')
            .with_context(|| format!("--set {setting}: expected KEY=VALUE"))?;
        config.set(key.trim(), value.trim()).with_context(|| format!("--set {setting}"))?;
    }
    Ok(config)
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
    let clustering = stories_with(&articles, &config, args.embeddings.as_deref())?;
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
    let gold_stories = items.iter().map(|(_, g)| *g).collect::<HashSet<_>>();
    let predicted_stories = items.iter().map(|(p, _)| *p).collect::<HashSet<_>>().len();
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

/// Runs `parallax bench clustering`: the file's articles repeated into a stream of
/// `--stream` articles, each repetition a month later than the last with a share of its
/// words changed (so later rounds are new stories with new names, not copies); only the time
/// spent placing articles counts.
pub fn bench(args: BenchClusteringArgs) -> Result<Status> {
    let articles = load_articles(&args.articles)?;
    let config = config_with(&args.settings)?;
    let base: Vec<Terms> = articles.iter().map(|a| Terms::from_article(a, &config.terms)).collect();
    let per_day = args.per_day.max(1) as i64;
    let spacing = 86_400 / per_day;
    // A month between repetitions: a round's stories are over before the next round's begin.
    let round_days = (base.len() as i64 / per_day) + 30;
    let start = 1_600_000_000i64;
    let mut stream = StoryStream::new(config);
    let mut placing = Duration::ZERO;
    let mut blocks = Vec::new();
    let block = (args.stream / 10).max(1);
    let mut block_time = Duration::ZERO;
    let mut started = 0usize;
    for index in 0..args.stream {
        let (round, item) = (index / base.len(), index % base.len());
        let article = StreamArticle {
            id: ArticleId::from_stored(format!("{round}-{item}")),
            time: Some(start + round as i64 * round_days * 86_400 + item as i64 * spacing),
            terms: base[item].perturbed(round as u64, PERTURBED_SHARE),
            copy_group: None,
            embedding: None,
        };
        let clock = Instant::now();
        let placement = stream.add(&article);
        let spent = clock.elapsed();
        placing += spent;
        block_time += spent;
        started += usize::from(matches!(placement, Placement::Started { .. }));
        if (index + 1) % block == 0 {
            blocks.push(block as f64 / block_time.as_secs_f64());
            block_time = Duration::ZERO;
        }
    }
    let rate = args.stream as f64 / placing.as_secs_f64();
    let peak = crate::output::memory_kib("VmHWM");
    let report = json!({
        "stream": args.stream,
        "base_articles": base.len(),
        "seconds_placing": placing.as_secs_f64(),
        "articles_per_second": rate,
        "per_tenth_articles_per_second": blocks,
        "stories_started": started,
        "active_stories_at_end": stream.active_stories(),
        "peak_memory_kib": peak,
    });
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        let tenths: Vec<String> = blocks.iter().map(|r| format!("{r:.0}")).collect();
        println!(
            "parallax: {} articles placed in {:.3}s: {rate:.0} articles/s; {started} stories, {} active at the end; peak memory {} MiB",
            args.stream,
            placing.as_secs_f64(),
            stream.active_stories(),
            peak.map_or("?".to_string(), |kib| (kib / 1024).to_string())
        );
        println!("  articles/s per tenth of the stream: {}", tenths.join(" "));
    }
    Ok(Status::Ok)
}

/// Share of an article's terms changed in each repetition of the corpus.
const PERTURBED_SHARE: f32 = 0.3;
