//! A story's candidate sentences: each article's title and body sentences, without the
//! fragments that are not reporting (headings, captions, credits, prompts) and without
//! datelines in front of a lead.

use parallax_core::{Article, ParagraphKind};

use crate::similarity::word_count;
use crate::summary::Candidate;

/// Fewest words a body sentence needs to be a candidate: shorter ones are headings, labels
/// and fragments of lists.
const MIN_WORDS: usize = 4;

/// Most words a candidate may have: longer "sentences" are lists or text whose stops were lost.
const MAX_WORDS: usize = 80;

/// Phrases of page furniture that survive extraction as sentences.
const FURNITURE: &[&str] = &[
    "click here",
    "sign up",
    "subscribe",
    "all rights reserved",
    "photo:",
    "photo by",
    "photograph:",
    "getty images",
    "ap photo",
    "file photo",
    "image copyright",
    "image caption",
    "follow us",
    "follow him",
    "follow her",
    "read more",
    "related:",
    "advertisement",
    "newsletter",
    "http://",
    "https://",
    "www.",
    "@",
    "copyright",
    "this material may not be published",
    "contributed to this report",
    "is loading",
    "javascript",
    "cookies",
];

/// The candidate sentences of a story's articles, article by article in the given order: the
/// title first (position 0) when there is one, then the body's sentences. `copy_groups[i]` is
/// the copy group of `articles[i]` (from the duplicates stage), `None` for an article that
/// copies nothing; a missing entry counts as `None`.
pub fn candidates(articles: &[&Article], copy_groups: &[Option<usize>]) -> Vec<Candidate> {
    let mut candidates = Vec::new();
    for (index, article) in articles.iter().enumerate() {
        let copy_group = copy_groups.get(index).copied().flatten();
        let mut texts: Vec<String> = Vec::new();
        if let Some(title) = article.title.as_deref().map(str::trim).filter(|t| word_count(t) >= 3)
        {
            texts.push(title.to_string());
        }
        for paragraph in &article.body {
            if matches!(paragraph.kind, ParagraphKind::Heading | ParagraphKind::ListItem) {
                continue;
            }
            for range in parallax_core::sentences(&paragraph.text) {
                let sentence = strip_dateline(&paragraph.text[range]);
                if is_reporting(sentence) {
                    texts.push(sentence.to_string());
                }
            }
        }
        for (position, text) in texts.into_iter().enumerate() {
            candidates.push(Candidate {
                article: index,
                outlet: article.source.clone(),
                copy_group,
                position,
                text,
            });
        }
    }
    candidates
}

/// Whether a body sentence reads as reporting: long enough, not too long, ends like a
/// sentence, has lowercase letters (not a shouted label) and no page furniture.
fn is_reporting(sentence: &str) -> bool {
    let words = word_count(sentence);
    if !(MIN_WORDS..=MAX_WORDS).contains(&words) {
        return false;
    }
    let ends = sentence.trim_end_matches(['"', '\'', '”', '’', ')']).ends_with(['.', '!', '?']);
    if !ends || !sentence.chars().any(char::is_lowercase) {
        return false;
    }
    let lowered = sentence.to_lowercase();
    !FURNITURE.iter().any(|phrase| lowered.contains(phrase))
}

/// A lead without its dateline: `PORTVALE, Norland (Wire) — Floods...` → `Floods...`. A
/// dateline is capitals (and an optional place and agency) before a dash, within the first
/// eight words.
fn strip_dateline(sentence: &str) -> &str {
    for dash in [" — ", " – ", " -- ", " - "] {
        let Some(at) = sentence.find(dash) else { continue };
        let head = &sentence[..at];
        let capitals = head.split_whitespace().next().is_some_and(|first| {
            first.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && first.chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase)
        });
        if capitals && word_count(head) <= 8 {
            return sentence[at + dash.len()..].trim_start();
        }
    }
    sentence
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::Paragraph;

    fn article(title: Option<&str>, paragraphs: &[&str]) -> Article {
        let mut article = Article::new(paragraphs.iter().map(|p| Paragraph::text(*p)).collect());
        article.title = title.map(String::from);
        article
    }

    #[test]
    fn titles_come_first_and_furniture_is_dropped() {
        let first = article(
            Some("Floods close Portvale harbour"),
            &[
                "PORTVALE (Wire) — Floods closed the harbour on Monday. Photo: Jan Ekberg for the Herald. Sign up for our newsletter today.",
            ],
        );
        let second = article(None, &["Trending Now", "The mayor said the road would reopen soon."]);
        let found = candidates(&[&first, &second], &[Some(0)]);
        let texts: Vec<(usize, usize, &str)> =
            found.iter().map(|c| (c.article, c.position, c.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (0, 0, "Floods close Portvale harbour"),
                (0, 1, "Floods closed the harbour on Monday."),
                (1, 0, "The mayor said the road would reopen soon."),
            ]
        );
        assert_eq!(found[0].copy_group, Some(0));
        assert_eq!(found[2].copy_group, None);
    }

    #[test]
    fn datelines_are_cut_only_when_they_are_capitals() {
        assert_eq!(strip_dateline("PORTVALE, Norland — Rain fell."), "Rain fell.");
        assert_eq!(
            strip_dateline("Rain fell — and kept falling."),
            "Rain fell — and kept falling."
        );
    }
}
