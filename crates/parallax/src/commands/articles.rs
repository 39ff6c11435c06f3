//! `parallax articles` and `parallax article ID`.

use std::path::Path;

use anyhow::{Context, Result, bail};
use parallax_store::{Lookup, SqliteStore};

use crate::Status;
use crate::cli::{ArticleArgs, ArticlesArgs};
use crate::output::{ArticleJson, article_table, article_text};

/// Lists the stored articles.
pub fn list(data_dir: &Path, args: ArticlesArgs) -> Result<Status> {
    let store = open(data_dir)?;
    let articles = store.articles().context("reading articles")?;
    if crate::cli::json(args.json, args.format) {
        let json: Vec<ArticleJson<'_>> = articles.iter().map(ArticleJson::from).collect();
        println!("{}", serde_json::to_string_pretty(&json)?);
    } else if articles.is_empty() {
        eprintln!("{}", crate::output::empty_store(data_dir));
    } else {
        print!("{}", article_table(&articles));
        eprintln!("{} article(s) in {}", articles.len(), data_dir.display());
    }
    Ok(Status::Ok)
}

/// Shows one article.
pub fn show(data_dir: &Path, args: ArticleArgs) -> Result<Status> {
    let store = open(data_dir)?;
    let article = match store.article(&args.id).context("looking the article up")? {
        Lookup::Found(article) => article,
        Lookup::NotFound => bail!("no article with id {:?} in {}", args.id, data_dir.display()),
        Lookup::Ambiguous(ids) => {
            let ids: Vec<String> = ids.iter().map(ToString::to_string).collect();
            bail!("id {:?} is ambiguous: it starts {} and more", args.id, ids.join(", "))
        }
    };
    if crate::cli::json(args.json, args.format) {
        println!("{}", serde_json::to_string_pretty(&ArticleJson::from(article.as_ref()))?);
    } else {
        print!("{}", article_text(&article));
    }
    Ok(Status::Ok)
}

/// Opens an existing store; reading commands do not create one.
pub fn open(data_dir: &Path) -> Result<SqliteStore> {
    if !data_dir.join(parallax_store::DATABASE_FILE).exists() {
        bail!(
            "no store in {} (run `parallax ingest PATH` first, or set --data-dir)",
            data_dir.display()
        );
    }
    SqliteStore::open(data_dir)
        .with_context(|| format!("opening the store in {}", data_dir.display()))
}
