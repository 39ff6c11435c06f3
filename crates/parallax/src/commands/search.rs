//! `parallax search QUERY`: the stored articles that match, from the full-text index.

use std::path::Path;

use anyhow::{Context, Result, bail};
use parallax_search::{SearchIndex, SearchQuery};
use parallax_store::{SqliteStore, StoryLookup};

use crate::Status;
use crate::cli::SearchArgs;
use crate::commands::articles::open;
use crate::output::truncate;

/// Merges the index's segments after an ingest; a failure is a warning (the index still
/// answers, only slower).
pub fn compact(index: &SearchIndex) {
    if let Err(error) = index.compact() {
        eprintln!("warning: the search index could not be merged: {error}");
    }
}

/// The index of the store in `data_dir`, brought up to date with it (or rebuilt).
pub fn up_to_date(data_dir: &Path, store: &SqliteStore, rebuild: bool) -> Result<SearchIndex> {
    let index = SearchIndex::open(data_dir).context("opening the search index")?;
    let stored = store.count_articles()?;
    if rebuild || index.len() != stored {
        let articles = store.articles().context("reading articles")?;
        let added = if rebuild { index.rebuild(&articles) } else { index.add(&articles) };
        match added {
            Ok(0) => {}
            Ok(added) => {
                eprintln!("search index: {added} article(s) indexed");
                compact(&index);
            }
            // A running server holds the index: search what it has (it indexes the rest).
            Err(error @ parallax_search::SearchError::Locked(_)) if !rebuild => {
                eprintln!("warning: {error}; searching the index as it is");
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(index)
}

/// Runs `parallax search`.
pub fn run(data_dir: &Path, args: SearchArgs) -> Result<Status> {
    let store = open(data_dir)?;
    let index = up_to_date(data_dir, &store, args.reindex)?;
    let text = args.query.join(" ");
    if text.trim().is_empty() && !args.reindex {
        bail!("give words to search for (or --reindex alone to rebuild the index)");
    }
    if text.trim().is_empty() {
        return Ok(Status::Ok);
    }
    let articles = match &args.story {
        None => None,
        Some(prefix) => Some(story_articles(&store, prefix)?),
    };
    let query = SearchQuery {
        text,
        outlets: args.outlet.clone(),
        from: args.from,
        to: args.to,
        articles,
        limit: args.limit,
        offset: args.offset,
    };
    let results = index.search(&query)?;
    if crate::cli::json(args.json, args.format) {
        println!("{}", serde_json::to_string_pretty(&results)?);
        return Ok(Status::Ok);
    }
    for hit in &results.hits {
        let date = hit.published.map_or_else(|| "undated".to_string(), |d| d.to_string());
        println!(
            "{}  {:>6.2}  {:<10}  {:<20}  {}",
            &hit.id[..hit.id.len().min(12)],
            hit.score,
            date,
            truncate(&hit.outlet, 20),
            truncate(hit.title.as_deref().unwrap_or("(untitled)"), 70)
        );
        println!("    {}", marked(&hit.snippet, &hit.highlights).replace('\n', " "));
    }
    eprintln!(
        "{} of {} match(es) shown ({} article(s) indexed)",
        results.hits.len(),
        results.total,
        index.len()
    );
    Ok(Status::Ok)
}

/// The ids of the articles of the one story whose id is or starts with `prefix`, as stored.
fn story_articles(store: &SqliteStore, prefix: &str) -> Result<Vec<String>> {
    let story = match store.story(prefix)? {
        StoryLookup::Found(story) => story,
        StoryLookup::Merged { gone, into } => {
            eprintln!("note: story {gone} was merged into {}", into.id);
            into
        }
        StoryLookup::NotFound => bail!("no story {prefix:?} (see `parallax stories`)"),
        StoryLookup::Ambiguous(ids) => {
            bail!("{prefix:?} is the start of {} stories' ids", ids.len())
        }
    };
    let ids = store.story_article_ids(&story.id)?;
    Ok(ids.into_iter().map(|id| id.as_str().to_string()).collect())
}

/// The snippet with each matched word in `**`.
fn marked(snippet: &str, highlights: &[std::ops::Range<usize>]) -> String {
    let mut out = String::with_capacity(snippet.len() + 4 * highlights.len());
    let mut at = 0;
    for range in highlights {
        if range.start < at || range.end > snippet.len() {
            continue;
        }
        out.push_str(&snippet[at..range.start]);
        out.push_str("**");
        out.push_str(&snippet[range.clone()]);
        out.push_str("**");
        at = range.end;
    }
    out.push_str(&snippet[at..]);
    out
}
