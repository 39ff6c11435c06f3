//! `parallax story ID` and `parallax analyze PATH...`: story dossiers.

use std::path::Path;

use anyhow::{Context, Result, bail};
use indicatif::ProgressBar;
use parallax_dossier::{Dossier, DossierConfig};
use parallax_ingest::{Sources, SourcesConfig};
use parallax_pipeline::dossiers;
use parallax_store::SqliteStore;

use crate::Status;
use crate::cli::{AnalyzeArgs, DossierFormat, StoryArgs};
use crate::commands::articles::open;
use crate::commands::ingest;

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
        None,
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
