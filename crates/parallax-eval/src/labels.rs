//! The labels of a stories JSON Lines file: `{id, story, copy_of?}` per line.

use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use crate::{EvalError, Result};

/// The labels of one article.
#[derive(Debug, Clone, Deserialize)]
pub struct Labels {
    /// The article's id in the file.
    pub id: String,
    /// The gold story.
    pub story: Option<String>,
    /// For a copy, the id of the article it copies.
    #[serde(default)]
    pub copy_of: Option<String>,
    /// The data set the line came from, when the file mixes several.
    #[serde(default)]
    pub set: Option<String>,
}

/// Reads the labels of every line of a JSON Lines file.
pub fn read_labels(path: &Path) -> Result<Vec<Labels>> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|source| EvalError::Io { path: name.clone(), source })?;
    let mut labels = Vec::new();
    for (index, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io { path: name.clone(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let record: Labels = serde_json::from_str(&line).map_err(|error| EvalError::BadLine {
            path: name.clone(),
            line: index + 1,
            reason: error.to_string(),
        })?;
        labels.push(record);
    }
    Ok(labels)
}

/// Gold copy groups from `copy_of` links, followed to the root original. Groups of one are left out.
pub fn copy_groups(labels: &[Labels]) -> Vec<Vec<String>> {
    use std::collections::{BTreeMap, HashMap};
    let parent: HashMap<&str, &str> = labels
        .iter()
        .filter_map(|l| l.copy_of.as_deref().map(|original| (l.id.as_str(), original)))
        .collect();
    fn root<'a>(parent: &HashMap<&'a str, &'a str>, mut id: &'a str) -> &'a str {
        // Bounded walk: a cycle in hand-made labels must not hang the evaluation.
        for _ in 0..parent.len() + 1 {
            match parent.get(id) {
                Some(next) => id = next,
                None => break,
            }
        }
        id
    }
    let mut groups: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for label in labels {
        groups.entry(root(&parent, &label.id)).or_default().push(label.id.clone());
    }
    groups.into_values().filter(|group| group.len() > 1).collect()
}
