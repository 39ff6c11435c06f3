//! `parallax demo`: the built-in example corpus through the pipeline, in a throwaway store.
//!
//! The corpus (`examples/demo/` in the repository) is invented: ten articles by seven outlets
//! about three stories, with the problems real pages have (boilerplate, a republished wire copy,
//! one quote in several wordings, differing figures, relative dates).

use std::path::PathBuf;

use anyhow::{Context, Result};
use parallax_core::{ContentType, Document, Origin};
use parallax_dedup::{DedupConfig, find_duplicates};
use parallax_engine::Quiet;
use parallax_ingest::Entry;

use crate::Status;
use crate::cli::DemoArgs;
use crate::commands::engine::{Summary, open_engine, report_summary};
use crate::output::{ArticleJson, article_table, truncate};

/// (file name, outlet, text) of each article in the corpus.
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "01-harbour-herald.md",
        "Harbour Herald",
        include_str!("../../../../examples/demo/01-harbour-herald.md"),
    ),
    (
        "02-northline-news.txt",
        "Northline News",
        include_str!("../../../../examples/demo/02-northline-news.txt"),
    ),
    (
        "03-coastal-post.md",
        "The Coastal Post",
        include_str!("../../../../examples/demo/03-coastal-post.md"),
    ),
    (
        "04-daily-meridian.txt",
        "Daily Meridian",
        include_str!("../../../../examples/demo/04-daily-meridian.txt"),
    ),
    (
        "05-valley-courier.txt",
        "Valley Courier",
        include_str!("../../../../examples/demo/05-valley-courier.txt"),
    ),
    (
        "06-eastgate-times.md",
        "Eastgate Times",
        include_str!("../../../../examples/demo/06-eastgate-times.md"),
    ),
    (
        "07-northline-news.txt",
        "Northline News",
        include_str!("../../../../examples/demo/07-northline-news.txt"),
    ),
    (
        "08-continental-ledger.md",
        "The Continental Ledger",
        include_str!("../../../../examples/demo/08-continental-ledger.md"),
    ),
    (
        "09-daily-meridian.txt",
        "Daily Meridian",
        include_str!("../../../../examples/demo/09-daily-meridian.txt"),
    ),
    (
        "10-coastal-post.md",
        "The Coastal Post",
        include_str!("../../../../examples/demo/10-coastal-post.md"),
    ),
];

/// The corpus as documents, as `parallax ingest --source OUTLET FILE` would read them.
pub fn corpus() -> impl Iterator<Item = Entry> {
    CORPUS.iter().map(|(name, outlet, text)| {
        let content_type =
            if name.ends_with(".md") { ContentType::Markdown } else { ContentType::PlainText };
        let origin = Origin::File { path: PathBuf::from("examples/demo").join(name) };
        let mut document = Document::new(origin, content_type, text.as_bytes().to_vec());
        document.source = Some((*outlet).to_string());
        Entry { item: Ok(document), bytes: text.len() as u64 }
    })
}

/// The invented outlets' profiles (country, kind, lean), as a user gives them in the data
/// folder.
const OUTLETS: &str = include_str!("../../../../examples/demo/outlets.toml");

/// Runs `parallax demo`.
pub fn run(args: DemoArgs) -> Result<Status> {
    let folder = tempfile::tempdir().context("creating a throwaway store")?;
    std::fs::write(folder.path().join(parallax_outlets::USER_FILE), OUTLETS)
        .context("writing the demo's outlets.toml")?;
    let mut engine = open_engine(folder.path())?;
    let started = std::time::Instant::now();
    let report = engine.ingest(corpus(), &mut Quiet)?;
    let mut summary = Summary::default();
    summary.add_report(&report);
    summary.seconds = started.elapsed().as_secs_f64();
    let articles = engine.store().articles()?;
    if crate::cli::json(args.json, args.format) {
        let json: Vec<ArticleJson<'_>> = articles.iter().map(ArticleJson::from).collect();
        println!("{}", serde_json::to_string_pretty(&json)?);
        return report_summary(&summary, false);
    }
    println!("parallax demo: {} invented articles from the built-in corpus\n", CORPUS.len());
    print!("{}", article_table(&articles));
    println!("\nWhat extraction kept and lifted out of each text:\n");
    println!("{:<26} {:>5}  {:<22}  DATELINE", "FILE", "PARAS", "BYLINE");
    for (article, (name, _, _)) in articles.iter().zip(CORPUS) {
        println!(
            "{name:<26} {:>5}  {:<22}  {}",
            article.body.len(),
            article.byline.as_deref().unwrap_or("-"),
            article.dateline.as_deref().unwrap_or("-"),
        );
    }
    println!("\nCopies of one text (duplicates):\n");
    let titles: std::collections::HashMap<&str, &str> =
        articles.iter().map(|a| (a.id.as_str(), a.source.as_deref().unwrap_or("-"))).collect();
    for group in find_duplicates(&articles, &DedupConfig::default()) {
        let members: Vec<String> = group
            .articles
            .iter()
            .map(|id| {
                format!("{} ({})", titles.get(id.as_str()).unwrap_or(&"-"), &id.as_str()[..8])
            })
            .collect();
        let agencies: Vec<&str> =
            group.wire.iter().map(|(_, credit)| credit.agency.as_str()).collect();
        println!("  {} copy: {}", group.kind.as_str(), members.join(" <- "));
        if let Some(agency) = agencies.first() {
            println!("  wire: {agency}, credited {} time(s)", agencies.len());
        }
    }
    println!("\nStories (articles from any outlet that report one event):\n");
    let mut dossiers = Vec::new();
    for story in engine.stories()? {
        let members = engine.story_articles(&story.id)?;
        let label = members.first().and_then(|a| a.title.as_deref());
        println!("  {}  {}", story.id, label.map_or("(untitled)".to_string(), |l| truncate(l, 70)));
        for article in &members {
            let outlet = article.source.as_deref().unwrap_or("-");
            let date = article.published.map(|p| p.to_string());
            println!(
                "    {:<24} {:<12} {}",
                truncate(outlet, 24),
                date.as_deref().unwrap_or("-"),
                &article.id.as_str()[..8]
            );
        }
        dossiers.extend(engine.dossier(&story.id)?);
    }
    // The dossier of the story most outlets covered: what the tool is for.
    if let Some(dossier) =
        dossiers.iter().max_by_key(|d| (d.sources.len(), std::cmp::Reverse(d.story.clone())))
    {
        println!(
            "\nThe dossier of the story most outlets covered (`parallax story {}`):\n",
            dossier.story
        );
        print!("{}", parallax_dossier::to_text(dossier));
        let perspective = parallax_dossier::perspective(dossier, engine.outlets());
        print!("\n{}", parallax_dossier::perspective_text(&perspective));
    }
    println!(
        "\nTo keep them: `parallax ingest examples/demo`, then `parallax stories`, `parallax story ID` or \
         `parallax article ID`; `parallax analyze examples/demo --format html > report.html` writes \
         every story's dossier as a standalone page."
    );
    if args.serve {
        drop(engine);
        println!("\nThe web UI: http://{} (Ctrl-C stops it)", crate::cli::DEFAULT_ADDR);
        return crate::commands::serve::serve_folder(folder.path(), crate::cli::DEFAULT_ADDR, None);
    }
    report_summary(&summary, false)
}
