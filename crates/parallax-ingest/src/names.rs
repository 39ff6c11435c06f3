//! Which outlet files came from, by path: `--source PATH=NAME` on the command line and
//! `sources.toml` files in the folders read.
//!
//! A `sources.toml` maps globs, relative to its own folder, to outlet names; a pattern ending
//! in `/` names everything under that folder:
//!
//! ```toml
//! [outlets]
//! "reuters/" = "Reuters"
//! "downloads/*-bbc-*.html" = "BBC News"
//! ```

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

/// The file a folder names its files' outlets in.
pub const SOURCES_FILE: &str = "sources.toml";

/// Outlet names by path. A path named on the command line wins over a `sources.toml`; among
/// each, the rule added last (the deeper folder's) wins.
#[derive(Debug, Clone, Default)]
pub struct SourceNames {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone)]
struct Rule {
    /// Patterns are relative to this folder (or this is the one file named).
    base: PathBuf,
    /// Named on the command line.
    given: bool,
    globs: Option<GlobSet>,
    /// The outlet of each glob, in order; one name when `globs` is `None`.
    outlets: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    outlets: std::collections::BTreeMap<String, String>,
}

impl SourceNames {
    /// No names.
    pub fn new() -> SourceNames {
        SourceNames::default()
    }

    /// Names the outlet of `path` and, when it is a folder, of everything under it.
    pub fn add_path(&mut self, path: &Path, outlet: &str) {
        self.rules.push(Rule {
            base: path.to_path_buf(),
            given: true,
            globs: None,
            outlets: vec![outlet.into()],
        });
    }

    /// Adds the rules of a `sources.toml`; its patterns are relative to its folder. The error
    /// says what is wrong, with the line where TOML says.
    pub fn add_file(&mut self, file: &Path) -> Result<(), String> {
        let text = std::fs::read_to_string(file).map_err(|error| error.to_string())?;
        let parsed: File = toml::from_str(&text).map_err(|error| error.to_string())?;
        let mut builder = GlobSetBuilder::new();
        let mut outlets = Vec::new();
        for (pattern, outlet) in parsed.outlets {
            let outlet = outlet.trim();
            if outlet.is_empty() {
                return Err(format!("{pattern:?} names no outlet"));
            }
            let pattern = pattern.trim_start_matches("./");
            let pattern =
                if pattern.ends_with('/') { format!("{pattern}**") } else { pattern.to_string() };
            let glob = Glob::new(&pattern).map_err(|error| format!("{pattern:?}: {error}"))?;
            builder.add(glob);
            outlets.push(outlet.to_string());
        }
        let globs = builder.build().map_err(|error| error.to_string())?;
        let base = file.parent().unwrap_or(Path::new("")).to_path_buf();
        self.rules.push(Rule { base, given: false, globs: Some(globs), outlets });
        Ok(())
    }

    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The outlet named for the file at `path`, if any.
    pub fn outlet_of(&self, path: &Path) -> Option<&str> {
        let given = self.rules.iter().rev().filter(|rule| rule.given);
        let found = self.rules.iter().rev().filter(|rule| !rule.given);
        given.chain(found).find_map(|rule| {
            let relative = path.strip_prefix(&rule.base).ok()?;
            match &rule.globs {
                None => Some(rule.outlets[0].as_str()),
                Some(globs) => {
                    let first = globs.matches(relative).into_iter().min()?;
                    Some(rule.outlets[first].as_str())
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_and_folders_name_outlets_and_the_last_rule_wins() {
        let dir = tempfile::tempdir().expect("a folder");
        let file = dir.path().join(SOURCES_FILE);
        std::fs::write(
            &file,
            "[outlets]\n\"herald/\" = \"Harbour Herald\"\n\"*-voice.txt\" = \"Valley Voice\"\n",
        )
        .expect("written");
        let mut names = SourceNames::new();
        names.add_file(&file).expect("reads");
        let root = dir.path();
        assert_eq!(names.outlet_of(&root.join("herald/2025/a.html")), Some("Harbour Herald"));
        assert_eq!(names.outlet_of(&root.join("strike-voice.txt")), Some("Valley Voice"));
        assert_eq!(names.outlet_of(&root.join("other.txt")), None);
        assert_eq!(names.outlet_of(Path::new("/elsewhere/herald/a.html")), None);
        names.add_path(&root.join("strike-voice.txt"), "Port Post");
        assert_eq!(names.outlet_of(&root.join("strike-voice.txt")), Some("Port Post"));
    }

    #[test]
    fn a_bad_sources_file_says_why() {
        let dir = tempfile::tempdir().expect("a folder");
        let file = dir.path().join(SOURCES_FILE);
        for (text, reason) in [
            ("[outlets]\n\"a/\" = \" \"\n", "names no outlet"),
            ("[outlets]\n\"a[\" = \"A\"\n", "a["),
            ("[outlet]\n\"a\" = \"A\"\n", "unknown field"),
        ] {
            std::fs::write(&file, text).expect("written");
            let error = SourceNames::new().add_file(&file).expect_err(text);
            assert!(error.contains(reason), "{error}");
        }
    }
}
