//! `parallax eval clustering` (with the batch baseline beside it), `parallax train
//! clustering` and `parallax bench clustering`.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use parallax_cluster::{
    ClusterConfig, Clustering, FEATURE_NAMES, Features, PairModel, Placement, StoryStream,
    StreamArticle, Terms, arrival_order, cluster, cluster_with_embeddings, fit, pair_rows,
    publication_time,
};
use parallax_core::{Article, ArticleId};
use parallax_dedup::{DedupConfig, copy_links, find_duplicates};
use parallax_eval::baseline::{average_link, cut};
use parallax_eval::clusters::{Prf, bcubed, pairwise};
use parallax_eval::labels::read_labels;
use serde_json::json;

use crate::Status;
use crate::cli::{BenchClusteringArgs, EvalClusteringArgs, TrainClusteringArgs};
use crate::commands::corpus::load_articles;

/// `(copy, original)` for every copy the duplicates stage finds among the articles.
fn copies_among(articles: &[Article]) -> Vec<(ArticleId, ArticleId)> {
    copy_links(&find_duplicates(articles, &DedupConfig::default()))
}

/// Copies, then stories of a batch, with sentence embeddings from the model in `embeddings` when given.
pub fn stories_with(
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

/// The default settings, with the pair model from `model` when given, and `KEY=VALUE` changes.
fn config_with(settings: &[String], model: Option<&Path>) -> Result<ClusterConfig> {
    let mut config = ClusterConfig::default();
    if let Some(path) = model {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        config.model = serde_json::from_str(&text)
            .with_context(|| format!("{}: not a pair model", path.display()))?;
        anyhow::ensure!(
            config.model.weights.len() == FEATURE_NAMES.len(),
            "{}: {} weights, expected {}",
            path.display(),
            config.model.weights.len(),
            FEATURE_NAMES.len()
        );
    }
    for setting in settings {
        let (key, value) = setting
            .split_once('=')
            .with_context(|| format!("--set {setting}: expected KEY=VALUE"))?;
        config.set(key.trim(), value.trim()).with_context(|| format!("--set {setting}"))?;
    }
    Ok(config)
}

/// A labelled stream: the articles in the order they arrive, and each record's gold story.
struct Labelled {
    articles: Vec<Article>,
    gold: HashMap<String, String>,
}

/// Reads every file as one stream, in file order; optionally without dates, and shuffled.
fn load_stream(
    paths: &[std::path::PathBuf],
    undated: bool,
    shuffle: Option<u64>,
) -> Result<Labelled> {
    let mut articles = Vec::new();
    let mut gold = HashMap::new();
    for path in paths {
        for label in read_labels(path)? {
            if let Some(story) = label.story {
                gold.insert(label.id, story);
            }
        }
        articles.extend(load_articles(path)?);
    }
    if undated {
        articles.iter_mut().for_each(|article| article.published = None);
    }
    if let Some(seed) = shuffle {
        fastrand::Rng::with_seed(seed).shuffle(&mut articles);
    }
    Ok(Labelled { articles, gold })
}

/// B-cubed and pairwise scores of a labelling of the articles (one label per article, in
/// order) against the gold stories; records without a gold story are left out.
fn score<L: std::hash::Hash + Eq + Copy>(labelled: &Labelled, labels: &[L]) -> (Prf, Prf, usize) {
    let items: Vec<(L, &str)> = labelled
        .articles
        .iter()
        .zip(labels)
        .filter_map(|(article, &label)| {
            let story = article.external_id.as_ref().and_then(|id| labelled.gold.get(id))?;
            Some((label, story.as_str()))
        })
        .collect();
    let stories = items.iter().map(|(label, _)| *label).collect::<HashSet<_>>().len();
    (bcubed(&items), pairwise(&items), stories)
}

/// The story of each article (a refused article is a story of its own).
fn labels_of(articles: &[Article], clustering: &Clustering) -> Vec<usize> {
    let mut story_of: HashMap<&ArticleId, usize> = HashMap::new();
    for (index, story) in clustering.stories.iter().enumerate() {
        for id in &story.articles {
            story_of.insert(id, index);
        }
    }
    articles
        .iter()
        .enumerate()
        .map(|(index, article)| {
            story_of.get(&article.id).copied().unwrap_or(usize::MAX / 2 + index)
        })
        .collect()
}

/// Runs `parallax eval clustering`.
pub fn eval(args: EvalClusteringArgs) -> Result<Status> {
    let config = config_with(&args.settings, args.model.as_deref())?;
    let labelled = load_stream(&args.articles, args.undated, args.shuffle)?;
    let started = Instant::now();
    let clustering = stories_with(&labelled.articles, &config, args.embeddings.as_deref())?;
    let seconds = started.elapsed().as_secs_f64();
    let labels = labels_of(&labelled.articles, &clustering);
    let (b, p, stories) = score(&labelled, &labels);
    if let Some(path) = &args.write_stories {
        write_stories(path, &labelled.articles, &labels)?;
    }
    let against = match &args.against {
        Some(path) => Some(agreement(path, &labelled.articles, &labels)?),
        None => None,
    };
    let gold_stories = labelled.gold.values().collect::<HashSet<_>>().len();
    let baselines = if args.baseline { baselines(&labelled, &config) } else { Vec::new() };
    let order = match (args.shuffle, args.undated) {
        (Some(seed), true) => format!("shuffled (seed {seed}), dates removed"),
        (Some(seed), false) => format!("shuffled (seed {seed})"),
        (None, true) => "file, dates removed".to_string(),
        (None, false) => "file".to_string(),
    };
    if crate::cli::json(args.json, args.format) {
        let report = json!({
            "articles": labelled.articles.len(),
            "gold_stories": gold_stories,
            "stories": stories,
            "bcubed": b,
            "pairwise": p,
            "refused": clustering.refused.len(),
            "order": order,
            "seconds": seconds,
            "against_earlier_run": against,
            "baselines": baselines.iter().map(|baseline| json!({
                "name": baseline.name,
                "threshold": baseline.threshold,
                "bcubed": baseline.bcubed,
            })).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!(
            "{} articles, {gold_stories} gold stories, {stories} stories: B-cubed P {:.4} R {:.4} F1 {:.4}; pairwise P {:.4} R {:.4} F1 {:.4}",
            labelled.articles.len(),
            b.precision,
            b.recall,
            b.f1,
            p.precision,
            p.recall,
            p.f1
        );
        if let Some(against) = against {
            println!(
                "against the earlier run: B-cubed P {:.4} R {:.4} F1 {:.4}",
                against.precision, against.recall, against.f1
            );
        }
        for baseline in &baselines {
            println!(
                "baseline {}: B-cubed P {:.4} R {:.4} F1 {:.4} (best threshold {:.2}, chosen with the labels)",
                baseline.name,
                baseline.bcubed.precision,
                baseline.bcubed.recall,
                baseline.bcubed.f1,
                baseline.threshold
            );
        }
    }
    Ok(Status::Ok)
}

/// Writes one `{"id", "story"}` line per record with an id.
fn write_stories(path: &Path, articles: &[Article], labels: &[usize]) -> Result<()> {
    let mut text = String::new();
    for (article, label) in articles.iter().zip(labels) {
        if let Some(id) = &article.external_id {
            text += &json!({"id": id, "story": label}).to_string();
            text.push('\n');
        }
    }
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// B-cubed of this run's stories against an earlier run's, over the records both have.
fn agreement(path: &Path, articles: &[Article], labels: &[usize]) -> Result<Prf> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut earlier: HashMap<String, u64> = HashMap::new();
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let record: serde_json::Value = serde_json::from_str(line)
            .with_context(|| format!("{}:{}: not JSON", path.display(), number + 1))?;
        let (Some(id), Some(story)) = (record["id"].as_str(), record["story"].as_u64()) else {
            anyhow::bail!("{}:{}: expected {{\"id\", \"story\"}}", path.display(), number + 1);
        };
        earlier.insert(id.to_string(), story);
    }
    let items: Vec<(usize, u64)> = articles
        .iter()
        .zip(labels)
        .filter_map(|(article, &label)| Some((label, *earlier.get(article.external_id.as_ref()?)?)))
        .collect();
    anyhow::ensure!(!items.is_empty(), "{}: no record in common with this run", path.display());
    Ok(bcubed(&items))
}

/// One baseline's best figures.
struct Baseline {
    name: &'static str,
    threshold: f32,
    bcubed: Prf,
}

/// The batch TF-IDF average-link baseline, on all pairs and with pairs more than 72 hours
/// apart never linked, each at the threshold the gold labels like best.
fn baselines(labelled: &Labelled, config: &ClusterConfig) -> Vec<Baseline> {
    let terms: Vec<Terms> =
        labelled.articles.iter().map(|a| Terms::from_article(a, &config.terms)).collect();
    let mut frequency: HashMap<u64, u32> = HashMap::new();
    for entry in terms.iter().flat_map(|t| t.entries()) {
        *frequency.entry(entry.0).or_insert(0) += 1;
    }
    let documents = terms.len() as f32;
    let vectors: Vec<Vec<(u64, f32)>> = terms
        .iter()
        .map(|t| {
            let mut vector: Vec<(u64, f32)> = t
                .entries()
                .iter()
                .map(|&(term, weight)| {
                    let seen = frequency.get(&term).copied().unwrap_or(1) as f32;
                    (term, weight * (((documents + 1.0) / (seen + 1.0)).ln() + 1.0))
                })
                .collect();
            let norm = vector.iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(f32::EPSILON);
            vector.iter_mut().for_each(|(_, w)| *w /= norm);
            vector
        })
        .collect();
    let now = chrono::Utc::now();
    let times: Vec<Option<i64>> = labelled
        .articles
        .iter()
        .map(|a| publication_time(a.published.as_ref()?, now).ok())
        .collect();
    let mut results = Vec::new();
    let windows: [(&'static str, Option<i64>); 2] = [
        ("TF-IDF average link", None),
        ("TF-IDF average link, pairs > 72 h apart never linked", Some(72 * 3600)),
    ];
    for (name, window) in windows {
        if window.is_some() && times.iter().all(Option::is_none) {
            continue;
        }
        let merges = average_link(&vectors, &times, window);
        let best = (1..100)
            .map(|step| {
                let threshold = step as f32 / 100.0;
                let (b, _, _) = score(labelled, &cut(vectors.len(), &merges, threshold));
                (threshold, b)
            })
            .max_by(|a, b| a.1.f1.total_cmp(&b.1.f1));
        if let Some((threshold, bcubed)) = best {
            results.push(Baseline { name, threshold, bcubed });
        }
    }
    results
}

/// The stream the assigner would see: each article's terms, time and copy group, in arrival
/// order, paired with its gold story.
fn training_stream(labelled: &Labelled, config: &ClusterConfig) -> Vec<(StreamArticle, String)> {
    let now = chrono::Utc::now();
    let mut group_of: HashMap<ArticleId, ArticleId> = HashMap::new();
    for (copy, original) in copies_among(&labelled.articles) {
        group_of.insert(copy, original.clone());
        group_of.insert(original.clone(), original);
    }
    let times: Vec<Option<i64>> = labelled
        .articles
        .iter()
        .map(|a| publication_time(a.published.as_ref()?, now).ok())
        .collect();
    arrival_order(&times)
        .into_iter()
        .filter_map(|index| {
            let article = &labelled.articles[index];
            let gold = labelled.gold.get(article.external_id.as_ref()?)?;
            let item = StreamArticle {
                id: article.id.clone(),
                time: times[index],
                terms: Terms::from_article(article, &config.terms),
                copy_group: group_of.get(&article.id).cloned(),
                embedding: None,
            };
            Some((item, gold.clone()))
        })
        .collect()
}

/// B-cubed F1 of a prepared labelled stream placed by a fresh assigner with `config`.
fn replay_f1(config: &ClusterConfig, items: &[(StreamArticle, String)]) -> f64 {
    let mut stream = StoryStream::new(config.clone());
    let placed: Vec<Option<u32>> =
        items.iter().map(|(article, _)| stream.add(article).story()).collect();
    let labelled: Vec<(u64, &str)> = placed
        .iter()
        .zip(items)
        .enumerate()
        .map(|(index, (story, (_, gold)))| {
            let label = match story {
                Some(story) => u64::from(stream.find(*story)),
                None => u64::MAX - index as u64,
            };
            (label, gold.as_str())
        })
        .collect();
    bcubed(&labelled).f1
}

/// Runs `parallax train clustering`: pair rows from each labelled stream (and, with
/// `--undated-shuffle`, from each again without dates in a shuffled order), a logistic
/// regression over them, then the join and merge probabilities that give the best mean
/// B-cubed F1 over the same streams. Writes the model as JSON.
pub fn train(args: TrainClusteringArgs) -> Result<Status> {
    let base = config_with(&[], None)?;
    let mut streams = Vec::new();
    for path in &args.articles {
        streams.push(load_stream(std::slice::from_ref(path), false, None)?);
        if let Some(seed) = args.undated_shuffle {
            streams.push(load_stream(std::slice::from_ref(path), true, Some(seed))?);
        }
    }
    let dropped: Vec<usize> = args
        .without
        .iter()
        .map(|name| {
            FEATURE_NAMES.iter().position(|feature| feature == name).with_context(|| {
                format!("--without {name}: the features are {}", FEATURE_NAMES.join(", "))
            })
        })
        .collect::<Result<_>>()?;
    let mut rows: Vec<(Features, bool)> = Vec::new();
    let prepared: Vec<Vec<(StreamArticle, String)>> =
        streams.iter().map(|stream| training_stream(stream, &base)).collect();
    for items in &prepared {
        rows.extend(pair_rows(&base, items));
    }
    for (features, _) in &mut rows {
        dropped.iter().for_each(|&index| features[index] = 0.0);
    }
    let positives = rows.iter().filter(|(_, own)| *own).count();
    eprintln!(
        "{} pairs ({positives} of an article with its own story) from {} streams",
        rows.len(),
        streams.len()
    );
    let mut model = fit(&rows, args.l2);
    let mut best = (f64::MIN, 0.5, 0.5);
    for join in (6..=16).map(|step| step as f32 * 0.05) {
        for merge in (10..=20).step_by(2).map(|step| step as f32 * 0.05) {
            let candidate = PairModel { join, merge, ..model.clone() };
            let config = ClusterConfig { model: candidate, ..base.clone() };
            let total: f64 = prepared.iter().map(|items| replay_f1(&config, items)).sum();
            let mean = total / prepared.len() as f64;
            if mean > best.0 {
                best = (mean, join, merge);
            }
        }
    }
    (model.join, model.merge) = (best.1, best.2.min(1.0 - f32::EPSILON));
    let report = json!({
        "bias": model.bias,
        "weights": model.weights,
        "join": model.join,
        "merge": model.merge,
        "features": FEATURE_NAMES,
        "trained_on": args.articles.iter().map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned())).collect::<Vec<_>>(),
        "undated_shuffle": args.undated_shuffle,
        "without": args.without,
        "l2": args.l2,
        "pairs": rows.len(),
        "positive_pairs": positives,
        "mean_bcubed_f1_on_training_streams": best.0,
    });
    let text = serde_json::to_string_pretty(&report)? + "\n";
    std::fs::write(&args.out, text).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!(
        "wrote {}: join {:.2}, merge {:.2}, mean B-cubed F1 {:.4} on the training streams",
        args.out.display(),
        model.join,
        model.merge,
        best.0
    );
    for (name, weight) in FEATURE_NAMES.iter().zip(&model.weights) {
        eprintln!("  {name:<14} {weight:+.4}");
    }
    eprintln!("  {:<14} {:+.4}", "bias", model.bias);
    Ok(Status::Ok)
}

/// Runs `parallax bench clustering`: the file's articles repeated into a stream of
/// `--stream` articles, each repetition a month later than the last with a share of its
/// words changed (so later rounds are new stories with new names, not copies); only the time
/// spent placing articles counts.
pub fn bench(args: BenchClusteringArgs) -> Result<Status> {
    let articles = load_articles(&args.articles)?;
    let config = config_with(&args.settings, None)?;
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
    if crate::cli::json(args.json, args.format) {
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
