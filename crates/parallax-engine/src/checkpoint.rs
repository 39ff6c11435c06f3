//! The assigner's checkpoint: its whole state at a store position, in a file beside the
//! database. The store is the truth: a checkpoint behind the store is caught up by replaying the
//! batches stored after it; one that is missing, damaged, made with other settings or ahead of
//! the store is set aside and the assigner rebuilt by replaying every batch.

use std::io::Write;
use std::path::{Path, PathBuf};

use parallax_cluster::{Assigner, ClusterConfig};
use serde::{Deserialize, Serialize};

use crate::{EngineError, Result};

/// The checkpoint file's name in the data folder.
pub(crate) const FILE: &str = "assigner.checkpoint";

/// Bumped when the assigner's state changes shape: older checkpoints are then rebuilt.
const FORMAT: u32 = 2;

#[derive(Serialize, Deserialize)]
struct Checkpoint {
    format: u32,
    config: ClusterConfig,
    /// The store's story generation it belongs to.
    generation: i64,
    position: i64,
    assigner: Assigner,
}

/// The checkpoint in `folder` made with `config` for the story `generation`, as `(assigner,
/// position)`, if there is a usable one.
pub(crate) fn load(
    folder: &Path,
    config: &ClusterConfig,
    generation: i64,
) -> Option<(Assigner, i64)> {
    let bytes = std::fs::read(folder.join(FILE)).ok()?;
    let checkpoint: Checkpoint = postcard::from_bytes(&bytes).ok()?;
    let same = checkpoint.format == FORMAT
        && checkpoint.config == *config
        && checkpoint.generation == generation;
    same.then_some((checkpoint.assigner, checkpoint.position))
}

/// Writes the checkpoint atomically: a temporary file, flushed, then renamed over the old one.
pub(crate) fn save(
    folder: &Path,
    assigner: Assigner,
    position: i64,
    generation: i64,
) -> Result<Assigner> {
    let config = assigner.config().clone();
    let checkpoint = Checkpoint { format: FORMAT, config, generation, position, assigner };
    let path = folder.join(FILE);
    let failed = |source: std::io::Error| EngineError::Checkpoint { path: path.clone(), source };
    let bytes = postcard::to_stdvec(&checkpoint)
        .map_err(|error| failed(std::io::Error::other(error.to_string())))?;
    // A name of its own per process: two processes saving at once never share a file.
    let temporary: PathBuf = folder.join(format!("{FILE}.{}.tmp", std::process::id()));
    let mut file = std::fs::File::create(&temporary).map_err(failed)?;
    file.write_all(&bytes).map_err(failed)?;
    file.sync_all().map_err(failed)?;
    std::fs::rename(&temporary, &path).map_err(failed)?;
    Ok(checkpoint.assigner)
}
