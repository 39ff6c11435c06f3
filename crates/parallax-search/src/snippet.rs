//! The passage of a hit's body shown under it, with the matched words marked.
//!
//! tantivy's snippet generator stems every word of every hit's body; under load that was a
//! third of a search's time. Here a word is stemmed only when its first letters could start a
//! query stem, which leaves a few words per body; the stems are the index's own (Snowball
//! English, as tantivy's `en_stem`), so what is marked is what matched.

use std::collections::HashSet;
use std::ops::Range;

use parallax_core::words::{Stemmer, words};

/// The query's stems, and their two-letter starts for a quick rejection.
pub(crate) struct Highlighter {
    stems: HashSet<String>,
    starts: HashSet<[char; 2]>,
    stemmer: Stemmer,
}

impl Highlighter {
    /// A highlighter for these stems (as the index holds them: lowercase).
    pub(crate) fn new(stems: impl IntoIterator<Item = String>) -> Highlighter {
        let stems: HashSet<String> = stems.into_iter().collect();
        let starts = stems.iter().map(|s| start(s)).collect();
        Highlighter { stems, starts, stemmer: Stemmer::english() }
    }

    /// Byte ranges of the words of `text` whose stem is a query stem.
    fn matches(&self, text: &str) -> Vec<Range<usize>> {
        let mut found = Vec::new();
        let mut lower = String::new();
        for (at, word) in words(text) {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            if !self.starts.contains(&start(&lower)) {
                continue;
            }
            if self.stems.contains(self.stemmer.stem(&lower).as_ref()) {
                found.push(at..at + word.len());
            }
        }
        found
    }

    /// A passage of about `chars` characters of `text` around the most matches, cut at word
    /// ends, with the matches' byte ranges inside it. Without matches: the start of the text.
    pub(crate) fn snippet(&self, text: &str, chars: usize) -> (String, Vec<Range<usize>>) {
        let matches = self.matches(text);
        if text.chars().nth(chars).is_none() {
            return (text.to_string(), matches);
        }
        // The window starting at a match that holds the most matches.
        let mut best = (0, 0usize);
        for (i, first) in matches.iter().enumerate() {
            let end = first.start + byte_budget(&text[first.start..], chars);
            let held = matches[i..].iter().take_while(|m| m.end <= end).count();
            if held > best.1 {
                best = (i, held);
            }
        }
        let (from, to) = match matches.get(best.0) {
            None => (0, word_end(text, 0, byte_budget(text, chars))),
            Some(first) => {
                // Some words before the first match, so it is read in context.
                let before = &text[..first.start];
                let lead_chars = chars / 5;
                let back = before.char_indices().rev().nth(lead_chars).map_or(0, |(i, _)| i);
                let from = word_start(text, back, first.start);
                let end = from + byte_budget(&text[from..], chars);
                (from, word_end(text, first.end, end))
            }
        };
        let passage = text[from..to].to_string();
        let inside = matches
            .into_iter()
            .filter(|m| m.start >= from && m.end <= to)
            .map(|m| m.start - from..m.end - from)
            .collect();
        (passage, inside)
    }
}

fn start(word: &str) -> [char; 2] {
    let mut chars = word.chars();
    [chars.next().unwrap_or(' '), chars.next().unwrap_or(' ')]
}

/// Bytes taken by the first `chars` characters.
fn byte_budget(text: &str, chars: usize) -> usize {
    text.char_indices().nth(chars).map_or(text.len(), |(i, _)| i)
}

/// The start of the first word that begins at or after `at`, never past `limit`.
fn word_start(text: &str, at: usize, limit: usize) -> usize {
    if at == 0 || text[..at].ends_with(char::is_whitespace) {
        return at;
    }
    text[at..limit]
        .char_indices()
        .find(|(_, c)| c.is_whitespace())
        .map_or(limit, |(i, c)| at + i + c.len_utf8())
}

/// The end of the last word that ends at or before `at`, never before `floor`.
fn word_end(text: &str, floor: usize, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    let at = floor_boundary(text, at).max(floor);
    match text[floor..at].rfind(char::is_whitespace) {
        Some(space) => floor + space,
        None => at,
    }
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(words: &[&str]) -> Highlighter {
        Highlighter::new(words.iter().map(|w| w.to_string()))
    }

    #[test]
    fn stemmed_words_are_marked_in_the_passage() {
        let text = "The harbour bridge closed. Engineers found cracks in the bridges.";
        let (passage, marks) = stems(&["bridg", "crack"]).snippet(text, 500);
        assert_eq!(passage, text);
        let marked: Vec<&str> = marks.iter().map(|r| &passage[r.clone()]).collect();
        assert_eq!(marked, ["bridge", "cracks", "bridges"]);
    }

    #[test]
    fn a_long_text_is_cut_around_the_matches_at_word_ends() {
        let filler = "Rain fell on the valley farms all week long. ".repeat(12);
        let text = format!("{filler}Then the old dam at Varrow cracked; the dam held. {filler}");
        let (passage, marks) = stems(&["dam"]).snippet(&text, 120);
        assert!(passage.chars().count() <= 121, "{passage}");
        assert_eq!(marks.len(), 2, "{passage}");
        for mark in &marks {
            assert_eq!(&passage[mark.clone()], "dam");
        }
        assert!(!passage.starts_with(' ') && !passage.ends_with(' '), "{passage:?}");
        let (lead, none) = stems(&["zebra"]).snippet(&text, 120);
        assert!(none.is_empty());
        assert!(text.starts_with(&lead), "{lead}");
    }

    #[test]
    fn accents_and_wide_characters_do_not_break_the_cut() {
        let text = "Zelenskyy – «Ukraïna» — spoke. ".repeat(20);
        let (passage, marks) = stems(&["ukraïna"]).snippet(&text, 50);
        assert!(!marks.is_empty());
        for mark in &marks {
            assert_eq!(&passage[mark.clone()], "Ukraïna");
        }
    }

    #[test]
    fn long_runs_without_spaces_are_cut_without_losing_the_match() {
        let text = format!(
            "Sources: https://news.example.com/2025/03/18/dam-inspection-report?utm=feed https://cdn.example.com/{} end.",
            "assets/".repeat(40)
        );
        let (passage, marks) = stems(&["dam"]).snippet(&text, 120);
        assert_eq!(marks.len(), 1, "{passage}");
        assert_eq!(&passage[marks[0].clone()], "dam");
        let unbroken = "x".repeat(300) + "dam" + &"y".repeat(300);
        let (passage, marks) = stems(&["dam"]).snippet(&unbroken, 50);
        assert!(marks.is_empty() || &passage[marks[0].clone()] == "dam");
        for size in [0, 1, 5, 40] {
            let _ = stems(&["dam"]).snippet(&format!("a{}dam b", " ".repeat(size)), 3);
        }
    }
}
