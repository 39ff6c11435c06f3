//! Which outlet files came from, by path: `--source PATH=NAME` on the command line and
//! `sources.toml` files in the folders read.
//!
//! A `sources.toml` maps globs, relative to its own folder, to outlet names; a pattern ending
//! in `/` names everything under that folder, `*` stays within a folder (`**` crosses them),
//! and where several patterns match a file the longest (the most specific) wins:
//!
//! ```toml
//! [outlets]
//! "reuters/" = "Reuters"
//! "downloads/*-bbc-*.html" = "BBC News"
//! ```

use std::path::{Path, PathBuf};

use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
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
    /// The outlet of each glob with the glob's length, in order; one name when `globs` is
    /// `None`.
    outlets: Vec<(String, usize)>,
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
            base: canonical(path),
            given: true,
            globs: None,
            outlets: vec![(outlet.into(), 0)],
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
            let glob = GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|error| format!("{pattern:?}: {error}"))?;
            builder.add(glob);
            outlets.push((outlet.to_string(), pattern.len()));
        }
        let globs = builder.build().map_err(|error| error.to_string())?;
        let base = canonical(file.parent().unwrap_or(Path::new(".")));
        self.rules.push(Rule { base, given: false, globs: Some(globs), outlets });
        Ok(())
    }

    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The outlet named for the file at `path`, if any.
    pub fn outlet_of(&self, path: &Path) -> Option<&str> {
        if self.rules.is_empty() {
            return None;
        }
        let path = canonical(path);
        let given = self.rules.iter().rev().filter(|rule| rule.given);
        let found = self.rules.iter().rev().filter(|rule| !rule.given);
        given.chain(found).find_map(|rule| {
            let relative = path.strip_prefix(&rule.base).ok()?;
            match &rule.globs {
                None => Some(rule.outlets[0].0.as_str()),
                Some(globs) => {
                    // The longest pattern that matches; the first written among equals.
                    let best = globs
                        .matches(relative)
                        .into_iter()
                        .max_by_key(|&i| (rule.outlets[i].1, std::cmp::Reverse(i)))?;
                    Some(rule.outlets[best].0.as_str())
                }
            }
        })
    }
}

/// The path with `.`, `..` and links resolved when it exists (so that `./a` and `a` agree);
/// as given otherwise.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
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
        for name in ["herald/2025", "strike-voice.txt", "other.txt", "sub"] {
            let path = root.join(name);
            if name.contains('.') {
                std::fs::write(&path, "text").expect("a file");
            } else {
                std::fs::create_dir_all(&path).expect("a folder");
            }
        }
        std::fs::write(root.join("herald/2025/a.html"), "text").expect("a file");
        std::fs::write(root.join("sub/x-voice.txt"), "text").expect("a file");
        assert_eq!(names.outlet_of(&root.join("herald/2025/a.html")), Some("Harbour Herald"));
        assert_eq!(names.outlet_of(&root.join("strike-voice.txt")), Some("Valley Voice"));
        assert_eq!(names.outlet_of(&root.join("other.txt")), None);
        assert_eq!(names.outlet_of(&root.join("sub/x-voice.txt")), None, "* stays in a folder");
        assert_eq!(
            names.outlet_of(&root.join("./herald/../herald/2025/a.html")),
            Some("Harbour Herald")
        );
        assert_eq!(names.outlet_of(Path::new("/elsewhere/herald/a.html")), None);
        names.add_path(&root.join("strike-voice.txt"), "Port Post");
        assert_eq!(names.outlet_of(&root.join("strike-voice.txt")), Some("Port Post"));
    }

    #[test]
    fn the_most_specific_pattern_wins_whatever_the_order_written() {
        let dir = tempfile::tempdir().expect("a folder");
        let root = dir.path();
        std::fs::create_dir_all(root.join("bbc")).expect("a folder");
        std::fs::write(root.join("bbc/a.html"), "text").expect("a file");
        for text in [
            "[outlets]\n\"bbc/*.html\" = \"BBC News\"\n\"**/*.html\" = \"Valley Voice\"\n",
            "[outlets]\n\"**/*.html\" = \"Valley Voice\"\n\"bbc/*.html\" = \"BBC News\"\n",
        ] {
            std::fs::write(root.join(SOURCES_FILE), text).expect("written");
            let mut names = SourceNames::new();
            names.add_file(&root.join(SOURCES_FILE)).expect("reads");
            assert_eq!(names.outlet_of(&root.join("bbc/a.html")), Some("BBC News"), "{text}");
        }
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
