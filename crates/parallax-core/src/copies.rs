//! What the duplicates stage finds and every later stage reads: how a copy relates to its
//! original.

use serde::{Deserialize, Serialize};

/// How a copy relates to its original, from closest to loosest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CopyKind {
    /// The same words (case and punctuation aside).
    Exact,
    /// Most shingles shared both ways: light edits.
    Near,
    /// The shorter text is (mostly) inside the longer one: a trimmed or extended copy.
    Contained,
    /// The same sentences in the same order, in other words: a rewritten copy.
    Rewritten,
    /// A rewritten copy in another language.
    Translated,
}

impl CopyKind {
    /// Every kind, from closest to loosest.
    pub const ALL: [CopyKind; 5] = [
        CopyKind::Exact,
        CopyKind::Near,
        CopyKind::Contained,
        CopyKind::Rewritten,
        CopyKind::Translated,
    ];

    /// The name used in JSON, text output and storage.
    pub fn as_str(self) -> &'static str {
        match self {
            CopyKind::Exact => "exact",
            CopyKind::Near => "near",
            CopyKind::Contained => "contained",
            CopyKind::Rewritten => "rewritten",
            CopyKind::Translated => "translated",
        }
    }

    /// The kind named by [`CopyKind::as_str`].
    pub fn parse(name: &str) -> Option<CopyKind> {
        CopyKind::ALL.into_iter().find(|kind| kind.as_str() == name)
    }
}

impl std::fmt::Display for CopyKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_read_back_by_name_and_order_from_closest() {
        for kind in CopyKind::ALL {
            assert_eq!(CopyKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(CopyKind::parse("similar"), None);
        assert!(CopyKind::Exact < CopyKind::Translated);
    }
}
