//! `parallax story ID` and `parallax analyze PATH...`: story dossiers.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use parallax_cluster::ClusterConfig;
use parallax_core::{Article, ArticleId, Story};
use parallax_dedup::{DedupConfig, find_duplicates};
use parallax_dossier::{CopyGroup, Dossier, DossierConfig, StoryArticle, StoryInput};
use parallax_ingest::{Sources, SourcesConfig};
use parallax_store::SqliteStore;

use crate::Status;
use crate::cli::{AnalyzeArgs, DossierFormat, StoryArgs};
use crate::commands::analysis::analysed_text;
use crate::commands::articles::open;
use crate::commands::ingest;
use crate::commands::stories::stories_of;

/// Runs `parallax story ID`: the dossier of one story of the stored articles.
pub fn story(data_dir: &Path, args: StoryArgs) -> Result<Status> {
    let articles = open(data_dir)?.articles().context("reading articles")?;
    let config = DossierConfig { summary_words: args.words, ..DossierConfig::default() };
    let dossiers = dossiers(&articles, &config, Some(&args.id));
    match dossiers.as_slice() {
        [] => bail!(
            "no story {:?} among {} stored article(s) (see `parallax stories`)",
            args.id,
            articles.len()
        ),
        [one] => print!("{}", render(one, args.format)?),
        many => {
            let ids: Vec<&str> = many.iter().map(|d| d.story.as_str()).collect();
            bail!("{:?} is the start of several stories' ids: {}", args.id, ids.join(", "));
        }
    }
    Ok(Status::Ok)
}

/// Runs `parallax analyze PATH...`: the paths ingested into a throwaway store, then every
/// story's dossier.
pub fn analyze(args: AnalyzeArgs) -> Result<Status> {
    let folder = tempfile::tempdir().context("creating a throwaway store")?;
    let mut store = SqliteStore::open(folder.path())?;
    let sources_config = SourcesConfig { source: args.source.clone(), ..SourcesConfig::default() };
    let summary = ingest::ingest(
        &mut store,
        Sources::open(&args.paths, &sources_config),
        &ProgressBar::hidden(),
    )?;
    let articles = store.articles()?;
    if articles.is_empty() {
        bail!("no articles could be read from the given paths");
    }
    let config = DossierConfig { summary_words: args.words, ..DossierConfig::default() };
    let dossiers = dossiers(&articles, &config, None);
    match args.format {
        DossierFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "stories": dossiers }))?
        ),
        format => {
            for (i, dossier) in dossiers.iter().enumerate() {
                if i > 0 && format == DossierFormat::Text {
                    println!("\n{}\n", "#".repeat(100));
                }
                print!("{}", render(dossier, format)?);
            }
        }
    }
    eprintln!("{} story(ies) from {} article(s)", dossiers.len(), articles.len());
    Ok(if summary.failed.is_empty() { Status::Ok } else { Status::SomeFailed })
}

fn render(dossier: &Dossier, format: DossierFormat) -> Result<String> {
    Ok(match format {
        DossierFormat::Text => parallax_dossier::to_text(dossier),
        DossierFormat::Json => format!("{}\n", serde_json::to_string_pretty(dossier)?),
        DossierFormat::Markdown => parallax_dossier::to_markdown(dossier),
        DossierFormat::Html => parallax_dossier::to_html(dossier),
    })
}

/// The dossiers of the stories among `articles` (only the story whose id starts with `only`,
/// when given), in the order the stories started.
pub fn dossiers(articles: &[Article], config: &DossierConfig, only: Option<&str>) -> Vec<Dossier> {
    let clustering = stories_of(articles, &ClusterConfig::default());
    let groups = find_duplicates(articles, &DedupConfig::default());
    let by_id: HashMap<&ArticleId, &Article> = articles.iter().map(|a| (&a.id, a)).collect();
    clustering
        .stories
        .iter()
        .filter(|story| only.is_none_or(|prefix| story.id.as_str().starts_with(prefix)))
        .map(|story| parallax_dossier::build(&story_input(story, &by_id, &groups), config))
        .collect()
}

/// A story's articles analysed, each anchored at its own date or, undated, at the story's
/// earliest; with the copy groups among them.
fn story_input(
    story: &Story,
    by_id: &HashMap<&ArticleId, &Article>,
    groups: &[parallax_dedup::CopyGroup],
) -> StoryInput {
    let members: Vec<&Article> =
        story.articles.iter().filter_map(|id| by_id.get(id).copied()).collect();
    let earliest = members.iter().filter_map(|a| a.published.as_ref().map(|p| p.date())).min();
    let articles: Vec<StoryArticle> = members
        .iter()
        .map(|article| {
            let text = analysed_text(article);
            let published = article.published.as_ref().map(|p| p.date());
            let analysis = parallax_analyze::analyze(&text, published.or(earliest));
            StoryArticle {
                id: article.id.as_str().to_string(),
                outlet: outlet_of(article),
                title: article.title.clone(),
                url: article.url.clone(),
                published,
                text,
                analysis,
            }
        })
        .collect();
    let index: HashMap<&str, usize> =
        members.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let copy_groups = groups
        .iter()
        .filter_map(|group| {
            let inside: Vec<usize> =
                group.articles.iter().filter_map(|id| index.get(id.as_str()).copied()).collect();
            (inside.len() > 1).then(|| {
                let mut wire: Vec<String> =
                    group.wire.iter().map(|(_, credit)| credit.agency.clone()).collect();
                wire.dedup();
                CopyGroup { articles: inside, kind: group.kind.as_str().to_string(), wire }
            })
        })
        .collect();
    StoryInput { id: story.id.as_str().to_string(), articles, copy_groups }
}

/// The outlet an article is from: its source, else its site, else the article itself.
fn outlet_of(article: &Article) -> String {
    if let Some(source) = &article.source {
        return source.clone();
    }
    let host = article
        .canonical_url
        .as_deref()
        .or(article.url.as_deref())
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
    host.unwrap_or_else(|| {
        format!("article {}", &article.id.as_str()[..8.min(article.id.as_str().len())])
    })
}
