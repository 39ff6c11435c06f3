//! The engine: the one place where "an article arrives" turns into everything parallax
//! derives from it, stored; and the readers of what is stored.
//!
//! [`Engine::open`] opens a data folder with an [`EngineConfig`]. [`Engine::ingest`] takes
//! source entries (files, JSON Lines, WARC records, feed items, API posts: every adapter hands
//! over [`parallax_ingest::Entry`] values) and, for each, extracts the article, stores the
//! document and the article in batches, and indexes it for search; then [`Engine::derive`]
//! analyses every stored article not yet derived, finds its copies, places it in a story, and
//! stores all of that in one transaction per batch; last, only the stories those articles
//! touched get their dossier rebuilt. Readers ([`Engine::stories`], [`Engine::story`],
//! [`Engine::article`], [`Engine::changes_since`]) read what is stored and recompute nothing.
//!
//! The story assigner's state is kept in a checkpoint file beside the database and caught up
//! from the store by replaying the batches stored after it, so it survives restarts and sees
//! what other processes placed.
//!
//! ```
//! use parallax_engine::{Engine, EngineConfig, Quiet};
//! use parallax_core::{ContentType, Document, Origin};
//! use parallax_ingest::Entry;
//!
//! let dir = tempfile::tempdir()?;
//! let mut engine = Engine::open(dir.path(), EngineConfig::default())?;
//! let text = "Harbour bridge closes\n\nThe Portvale harbour bridge closed on Monday for repairs \
//!             to its cables, the city council said in a statement.";
//! let document = Document::new(Origin::Stdin, ContentType::PlainText, text.as_bytes().to_vec());
//! let report = engine.ingest([Entry { item: Ok(document), bytes: 0 }], &mut Quiet)?;
//! assert_eq!(report.added(), 1);
//! let stories = engine.stories()?;
//! assert_eq!(stories.len(), 1);
//! let dossier = engine.dossier(&stories[0].id)?.expect("stored at ingest");
//! assert_eq!(dossier.headline, "Harbour bridge closes");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod checkpoint;
mod compose;
mod derive;
mod observer;
mod read;
mod write;

use std::path::{Path, PathBuf};

use parallax_cluster::{Assigner, ClusterConfig};
use parallax_dossier::DossierConfig;
use parallax_outlets::Outlets;
use parallax_search::SearchIndex;
use parallax_store::SqliteStore;

pub use compose::{story_input, story_inputs};
pub use observer::{IngestReport, ItemOutcome, Observer, Outcome, Quiet, StageSeconds};
pub use read::{ArticleView, StoryView};
pub use write::{extract_entries, name_outlet};

/// The version of the analysis code; stored with each analysis, so a newer parallax knows
/// which stored analyses it must redo.
pub const ANALYSIS_VERSION: i64 = 2;
/// The version of the dossier code, stored with each dossier.
pub const DOSSIER_VERSION: i64 = 4;

/// What can go wrong in the engine. Single bad items are not errors: they are outcomes.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    /// The store refused.
    #[error(transparent)]
    Store(#[from] parallax_store::StoreError),
    /// The checkpoint file could not be written.
    #[error("writing the assigner checkpoint {path}: {source}")]
    Checkpoint {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The data folder's `outlets.toml` could not be read.
    #[error(transparent)]
    Outlets(#[from] parallax_outlets::OutletsError),
    /// A stored analysis or dossier that does not read back.
    #[error("stored {what} of {id} is damaged: {detail}")]
    Damaged {
        /// Which kind of value.
        what: &'static str,
        /// Whose.
        id: String,
        /// Why it does not read.
        detail: String,
    },
}

/// `Result` with [`EngineError`].
pub type Result<T> = std::result::Result<T, EngineError>;

/// How the engine runs.
#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// How stories are grouped.
    pub cluster: ClusterConfig,
    /// How dossiers are built.
    pub dossier: DossierConfig,
    /// Keep the full-text index up to date as articles are stored.
    pub search: bool,
    /// Stored articles derived in one transaction (analyses, copies, placements).
    pub derive_batch: usize,
    /// The longest one document's extraction may take; past it, the document fails "out of
    /// time" and the run goes on. Extraction is linear, so only a hostile or enormous page
    /// comes near it.
    pub extraction_budget: std::time::Duration,
}

impl Default for EngineConfig {
    fn default() -> EngineConfig {
        EngineConfig {
            cluster: ClusterConfig::default(),
            dossier: DossierConfig::default(),
            search: true,
            derive_batch: 4096,
            extraction_budget: std::time::Duration::from_secs(10),
        }
    }
}

/// A data folder opened for reading and writing.
pub struct Engine {
    folder: PathBuf,
    store: SqliteStore,
    config: EngineConfig,
    /// The full-text index, opened on first write (a reader never needs its writer).
    index: Option<SearchIndex>,
    index_failed: bool,
    /// Warnings gathered while the observer was not at hand, told at the end of a call.
    warnings: Vec<String>,
    /// Time spent per stage since the engine was opened (or since the caller took them).
    seconds: StageSeconds,
    /// The assigner and the store position its state stands at; loaded on first derive.
    assigner: Option<(Assigner, i64)>,
    /// The store's story generation the assigner belongs to (a regroup starts a new one).
    assigner_generation: i64,
    /// The outlets it knows: the shipped table and the data folder's `outlets.toml`.
    outlets: Outlets,
}

impl Engine {
    /// Opens (creating if needed) the data folder, migrating its store.
    pub fn open(folder: &Path, config: EngineConfig) -> Result<Engine> {
        let outlets = Outlets::load(folder)?;
        let store = SqliteStore::open(folder)?;
        Ok(Engine {
            folder: folder.to_path_buf(),
            store,
            config,
            index: None,
            index_failed: false,
            warnings: Vec::new(),
            seconds: StageSeconds::default(),
            assigner: None,
            assigner_generation: 0,
            outlets,
        })
    }

    /// The store underneath, for reads the engine does not wrap.
    pub fn store(&self) -> &SqliteStore {
        &self.store
    }

    /// The store underneath, for writes that are not articles (feed validators).
    pub fn store_mut(&mut self) -> &mut SqliteStore {
        &mut self.store
    }

    /// The data folder.
    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Time spent per stage since the last call (then reset).
    pub fn take_seconds(&mut self) -> StageSeconds {
        std::mem::take(&mut self.seconds)
    }

    /// The configuration it runs with.
    pub fn config(&self) -> &EngineConfig {
        &self.config
    }

    /// The outlets it knows: what names an arriving article's outlet, and the profiles
    /// (country, kind, lean) readers show.
    pub fn outlets(&self) -> &Outlets {
        &self.outlets
    }
}
