//! `parallax follow`, `unfollow` and `following`: stories a reader follows, and what changed
//! in them since the last look.

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Result, bail};
use parallax_dossier::Changes;
use parallax_store::StoryLookup;

use crate::Status;
use crate::cli::{FollowArgs, FollowingArgs, TextOrJson};
use crate::commands::engine::{open_current, open_engine};

/// Why no single story answers `id`.
fn missing(id: &str, lookup: StoryLookup) -> anyhow::Error {
    match lookup {
        StoryLookup::Ambiguous(ids) => {
            let ids: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
            anyhow::anyhow!("{id:?} is the start of several stories' ids: {}", ids.join(", "))
        }
        _ => anyhow::anyhow!("no story {id:?} (see `parallax stories`)"),
    }
}

/// Runs `parallax follow ID`.
pub fn follow(data_dir: &Path, args: FollowArgs) -> Result<Status> {
    let mut engine = open_current(data_dir)?;
    let (record, added) = engine.follow(&args.id)?.map_err(|lookup| missing(&args.id, lookup))?;
    if record.id.as_str() != args.id && !record.id.as_str().starts_with(&args.id) {
        eprintln!("note: story {} was merged into {}; following that story", args.id, record.id);
    }
    let label = record.label.as_deref().unwrap_or("(untitled)");
    if added {
        println!("following {}  {label}", record.id);
    } else {
        println!("already following {}  {label}", record.id);
    }
    Ok(Status::Ok)
}

/// Runs `parallax unfollow ID`.
pub fn unfollow(data_dir: &Path, args: FollowArgs) -> Result<Status> {
    let mut engine = open_engine(data_dir)?;
    let (record, removed) = match engine.unfollow(&args.id)? {
        Ok(found) => found,
        // A followed story a regroup did not form again is unfollowed by its id.
        Err(StoryLookup::NotFound) if engine.store_mut().unfollow_id(&args.id)? => {
            println!("no longer following {} (the story is gone)", args.id);
            return Ok(Status::Ok);
        }
        Err(lookup) => return Err(missing(&args.id, lookup)),
    };
    if !removed {
        bail!("story {} is not followed (see `parallax following`)", record.id);
    }
    println!("no longer following {}", record.id);
    Ok(Status::Ok)
}

/// Runs `parallax following`.
pub fn following(data_dir: &Path, args: FollowingArgs) -> Result<Status> {
    let mut engine = open_current(data_dir)?;
    let follows = engine.store().follows()?;
    let mut list = Vec::with_capacity(follows.len());
    // How far each look reached: the latest arrival shown (an arrival is stamped before its
    // batch commits, so "now" could pass over a batch committing during the read).
    let mut seen_until = Vec::with_capacity(follows.len());
    for follow in follows {
        let since = args.since.unwrap_or(follow.seen_at);
        let changes = engine.follow_changes(&follow, since)?;
        let shown: std::collections::HashSet<&str> =
            changes.articles.iter().map(|a| a.id.as_str()).collect();
        let latest = engine
            .arrivals(&follow.story, &follow.followed)?
            .into_iter()
            .filter(|(id, _)| shown.contains(id.as_str()))
            .map(|(_, at)| at)
            .max();
        seen_until.push(latest);
        let headline = engine.dossier(&follow.story)?.map(|d| d.headline);
        list.push((follow, since, headline, changes));
    }
    let json = args.json || args.format == TextOrJson::Json;
    if json {
        let rows: Vec<serde_json::Value> = list
            .iter()
            .map(|(follow, since, headline, changes)| {
                serde_json::json!({
                    "story": follow.story.as_str(),
                    "headline": headline,
                    "followed_at": follow.followed_at.to_rfc3339(),
                    "seen_at": follow.seen_at.to_rfc3339(),
                    "since": since.to_rfc3339(),
                    "changes": changes,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
    } else if list.is_empty() {
        eprintln!(
            "no story followed: follow one with `parallax follow ID` (see `parallax stories`)"
        );
    } else {
        for (follow, since, headline, changes) in &list {
            let headline = headline.as_deref().unwrap_or("(untitled)");
            println!("{}  {headline}", follow.story);
            print!("{}", changes_text(changes, &since.format("%Y-%m-%d %H:%M UTC").to_string()));
        }
    }
    if args.since.is_none() && !args.peek {
        for ((follow, ..), latest) in list.iter().zip(seen_until) {
            if let Some(latest) = latest.filter(|latest| *latest > follow.seen_at) {
                engine.mark_seen(&follow.story, latest)?;
            }
        }
    }
    Ok(Status::Ok)
}

/// New statements listed at most; the dossier has the rest.
const SHOWN_QUOTES: usize = 5;

/// What changed, as indented lines for a terminal.
pub fn changes_text(changes: &Changes, since: &str) -> String {
    let mut out = String::new();
    if changes.is_empty() {
        let _ = writeln!(out, "    nothing new since {since}");
        return out;
    }
    let _ = write!(out, "    since {since}: {} new article(s)", changes.articles.len());
    if !changes.new_outlets.is_empty() {
        let _ = write!(out, ", new outlet(s): {}", changes.new_outlets.join(", "));
    }
    out.push('\n');
    for article in &changes.articles {
        let title = article.title.as_deref().unwrap_or("(untitled)");
        let new = if article.new_outlet { " (new outlet)" } else { "" };
        let _ = writeln!(out, "      + {}{new}: {title}  [{}]", article.outlet, article.id);
    }
    for figure in &changes.figures {
        let before = if figure.before.is_empty() {
            "new".to_string()
        } else {
            format!("before: {}", figure.before.join("; "))
        };
        let _ =
            writeln!(out, "      figure: {} from {} ({before})", figure.text, figure.from.outlet);
    }
    for quote in changes.quotes.iter().take(SHOWN_QUOTES) {
        let _ =
            writeln!(out, "      {} ({}): \"{}\"", quote.speaker, quote.from.outlet, quote.text);
    }
    if changes.quotes.len() > SHOWN_QUOTES {
        let more = changes.quotes.len() - SHOWN_QUOTES;
        let _ =
            writeln!(out, "      and {more} more statement(s): `parallax story ID` has them all");
    }
    out
}
