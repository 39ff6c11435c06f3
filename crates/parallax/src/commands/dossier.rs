//! `parallax story ID` and `parallax analyze PATH...`: story dossiers.

use std::path::Path;

use anyhow::{Context, Result, bail};
use parallax_dossier::{Dossier, DossierConfig};
use parallax_engine::{Engine, EngineConfig, Observer};
use parallax_ingest::{Sources, SourcesConfig};
use parallax_store::StoryLookup;

use crate::Status;
use crate::cli::{AnalyzeArgs, DossierFormat, StoryArgs};
use crate::commands::engine::open_current;

/// Runs `parallax story ID`: the stored dossier of one story (built now from the stored
/// analyses when `--words` asks for another summary length).
pub fn story(data_dir: &Path, args: StoryArgs) -> Result<Status> {
    let engine = open_current(data_dir)?;
    let view = match engine.story(&args.id)? {
        Ok(view) => view,
        Err(StoryLookup::Ambiguous(ids)) => {
            let ids: Vec<&str> = ids.iter().map(|id| id.as_str()).collect();
            bail!("{:?} is the start of several stories' ids: {}", args.id, ids.join(", "));
        }
        Err(_) => bail!(
            "no story {:?} among {} stored article(s) (see `parallax stories`)",
            args.id,
            engine.store().count_articles()?
        ),
    };
    if let Some(gone) = &view.merged_from {
        eprintln!("note: story {gone} was merged into {}; showing that story", view.record.id);
    }
    let config = DossierConfig { summary_words: args.words, ..engine.config().dossier.clone() };
    let dossier = if config.summary_words == engine.config().dossier.summary_words {
        view.dossier
    } else {
        engine.dossier_with(&view.record.id, &config)?.unwrap_or(view.dossier)
    };
    print!("{}", render(&dossier, args.output())?);
    if args.output() == DossierFormat::Text {
        let perspective = parallax_dossier::perspective(&dossier, engine.outlets());
        print!("\n{}", parallax_dossier::perspective_text(&perspective));
    }
    Ok(Status::Ok)
}

/// Runs `parallax analyze PATH...`: the paths ingested into a throwaway store, then every
/// story's dossier.
pub fn analyze(args: AnalyzeArgs) -> Result<Status> {
    let folder = tempfile::tempdir().context("creating a throwaway store")?;
    let config = EngineConfig { search: false, ..EngineConfig::default() };
    let mut engine = Engine::open(folder.path(), config)?;
    let (source, names) = crate::commands::ingest::source_names(&args.source)?;
    let sources_config = SourcesConfig { source, names, ..SourcesConfig::default() };
    let report = engine.ingest(Sources::open(&args.paths, &sources_config), &mut Failures)?;
    let stories = engine.stories()?;
    if stories.is_empty() {
        bail!("no articles could be read from the given paths");
    }
    let config = DossierConfig { summary_words: args.words, ..DossierConfig::default() };
    let mut dossiers = Vec::with_capacity(stories.len());
    for story in &stories {
        let dossier = if config.summary_words == engine.config().dossier.summary_words {
            engine.dossier(&story.id)?
        } else {
            engine.dossier_with(&story.id, &config)?
        };
        dossiers.extend(dossier);
    }
    match args.output() {
        DossierFormat::Csv if dossiers.len() > 1 => bail!(
            "{} stories: CSV holds one story's articles; use `parallax story ID --format csv` \
             after `parallax ingest`",
            dossiers.len()
        ),
        DossierFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "stories": dossiers }))?
        ),
        format => {
            for (i, dossier) in dossiers.iter().enumerate() {
                if i > 0 && format == DossierFormat::Text {
                    println!("\n{}\n", "#".repeat(100));
                } else if i > 0 && format == DossierFormat::Citations {
                    println!();
                }
                print!("{}", render(dossier, format)?);
            }
        }
    }
    eprintln!("{} story(ies) from {} article(s)", dossiers.len(), engine.store().count_articles()?);
    Ok(if report.failures().is_empty() { Status::Ok } else { Status::SomeFailed })
}

/// Prints each failed item as it happens.
struct Failures;

impl Observer for Failures {
    fn failed(&mut self, item: &str, reason: &str) {
        eprintln!("error: {item}: {reason}");
    }

    fn warning(&mut self, message: &str) {
        eprintln!("warning: {message}");
    }
}

fn render(dossier: &Dossier, format: DossierFormat) -> Result<String> {
    Ok(match format {
        DossierFormat::Text => parallax_dossier::to_text(dossier),
        DossierFormat::Json => format!("{}\n", serde_json::to_string_pretty(dossier)?),
        DossierFormat::Markdown => parallax_dossier::to_markdown(dossier),
        DossierFormat::Html => parallax_dossier::to_html(dossier),
        DossierFormat::Csv => parallax_dossier::to_csv(dossier),
        DossierFormat::Citations => parallax_dossier::to_citations(dossier),
    })
}
