//! Content words, stemmed: what two wordings of one fact or one statement share.

use parallax_core::sparse::overlap;
use parallax_core::words::Pipeline;

/// The stemmed content words of a text (through `content`, [`Pipeline::english_content`]),
/// sorted and without repeats.
pub(crate) fn content_words(content: &Pipeline, text: &str) -> Vec<String> {
    let mut words = content.terms(text);
    words.sort_unstable();
    words.dedup();
    words
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
        let stemmer = Pipeline::english_content();
        let one = content_words(&stemmer, "I don't accept anybody's red lines");
        let two = content_words(&stemmer, "I don’t accept anyone’s red line");
        let three = content_words(&stemmer, "I don't take red lines from anyone");
        let other = content_words(&stemmer, "The harbour will close on Monday");
        assert!(same_content(&one, &two, 2));
        assert!(same_content(&two, &three, 2));
        assert!(!same_content(&one, &other, 2));
    }
}
