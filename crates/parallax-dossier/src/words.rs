//! Content words, stemmed: what two wordings of one fact or one statement share.

use rust_stemmers::{Algorithm, Stemmer};

use crate::similarity::{overlap, words};

/// Function words that say nothing of a sentence's content.
#[rustfmt::skip]
const STOP_WORDS: &[&str] = &[
    "a", "an", "the", "and", "or", "but", "of", "to", "in", "on", "at", "for", "from", "by",
    "with", "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that",
    "these", "those", "he", "she", "they", "we", "i", "you", "his", "her", "their", "our", "my",
    "your", "him", "them", "us", "me", "has", "have", "had", "do", "does", "did", "will",
    "would", "could", "should", "can", "may", "might", "must", "not", "no", "so", "if", "than",
    "then", "there", "here", "which", "who", "whom", "what", "when", "where", "why", "how",
    "all", "any", "some", "more", "most", "also", "said", "says", "say", "told", "about",
    "into", "over", "after", "before", "up", "out", "just", "only", "very", "s", "t", "don",
];

/// The stemmed content words of a text, sorted and without repeats.
pub(crate) fn content_words(stemmer: &Stemmer, text: &str) -> Vec<String> {
    let mut words: Vec<String> = words(text)
        .filter(|w| !STOP_WORDS.contains(&w.as_str()))
        .map(|w| stemmer.stem(&w).into_owned())
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// An English stemmer.
pub(crate) fn stemmer() -> Stemmer {
    Stemmer::create(Algorithm::English)
}

/// Whether two word lists say the same thing: at least `least` words shared, covering at least
/// half of the shorter list.
pub(crate) fn same_content(a: &[String], b: &[String], least: usize) -> bool {
    let common = overlap(a, b);
    common >= least && 2 * common >= a.len().min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wordings_of_one_statement_share_their_content() {
        let stemmer = stemmer();
        let one = content_words(&stemmer, "I don't accept anybody's red lines");
        let two = content_words(&stemmer, "I don’t accept anyone’s red line");
        let three = content_words(&stemmer, "I don't take red lines from anyone");
        let other = content_words(&stemmer, "The harbour will close on Monday");
        assert!(same_content(&one, &two, 2));
        assert!(same_content(&two, &three, 2));
        assert!(!same_content(&one, &other, 2));
    }
}
