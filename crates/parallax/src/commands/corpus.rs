//! Labelled files read into articles without a store, for `parallax eval` and `parallax bench`:
//! the engine's extraction, with problems printed as an ingest prints them.

use std::path::Path;

use anyhow::Result;
use parallax_core::Article;
use parallax_engine::{EngineConfig, Observer, extract_entries};
use parallax_ingest::{Sources, SourcesConfig};

/// Prints each failed item and counts them.
#[derive(Default)]
pub(crate) struct Failures(pub(crate) usize);

impl Observer for Failures {
    fn failed(&mut self, item: &str, reason: &str) {
        eprintln!("error: {item}: {reason}");
        self.0 += 1;
    }
}

/// Reads a file (or folder) of article records into articles. Bad items are reported and
/// skipped; none readable is an error.
pub fn load_articles(path: &Path) -> Result<Vec<Article>> {
    let entries = Sources::open(&[path.to_path_buf()], &SourcesConfig::default());
    let mut failures = Failures::default();
    let budget = EngineConfig::default().extraction_budget;
    let articles = extract_entries(entries, budget, &mut failures);
    if articles.is_empty() {
        anyhow::bail!("{}: no articles could be read ({} failed)", path.display(), failures.0);
    }
    Ok(articles)
}
