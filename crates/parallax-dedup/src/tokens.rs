//! One pass over an article's words, for both shingles and sentence alignment: each word's hash,
//! its stem's hash, and what it is (capitalised, a number, a stopword, the last of a sentence).

use std::collections::HashSet;
use std::hash::BuildHasherDefault;
use std::sync::LazyLock;

use parallax_core::Article;
use parallax_core::words::{STOPWORDS, prefix};
use xxhash_rust::xxh3::xxh3_64;

use parallax_core::fasthash::FastHasher;

/// The word starts with a capital letter.
pub(crate) const CAPITAL: u8 = 1;
/// The word has a digit and at least two characters ("94", "2014", "1500GMT").
pub(crate) const NUMBER: u8 = 2;
/// The word is too common to say anything about a sentence.
pub(crate) const STOP: u8 = 4;
/// A sentence ends after this word.
pub(crate) const SENTENCE_END: u8 = 8;
/// The word stands inside quotation marks: the words of someone quoted, which independent
/// reports share when they quote the same statement.
pub(crate) const QUOTED: u8 = 16;

/// Letters kept of each word: the truncation stem ([`prefix`]), which holds across
/// inflections ("deploy", "deploying") at no cost.
const STEM_CHARS: usize = 6;

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr",
    "sr", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "inc", "corp", "co", "ltd", "etc", "u", "s",
];

type HashSet64 = HashSet<u64, BuildHasherDefault<FastHasher>>;

fn hashed(words: &[&str]) -> HashSet64 {
    words.iter().map(|word| xxh3_64(word.as_bytes())).collect()
}

// The one stopword list, hashed as the tokenizer hashes words.
static STOP_HASHES: LazyLock<HashSet64> = LazyLock::new(|| hashed(STOPWORDS));
static ABBREVIATION_HASHES: LazyLock<HashSet64> = LazyLock::new(|| hashed(ABBREVIATIONS));

/// One word.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    /// xxh3 of the lowercased word.
    pub hash: u64,
    /// xxh3 of its first letters.
    pub stem: u64,
    /// [`CAPITAL`], [`NUMBER`], [`STOP`], [`SENTENCE_END`].
    pub flags: u8,
}

/// The words of the text compared: the body, or the headline of a headline-only article.
pub(crate) fn tokenize(article: &Article) -> Vec<Token> {
    let mut tokens = Vec::new();
    if article.body.is_empty() {
        tokenize_text(article.title.as_deref().unwrap_or_default(), &mut tokens);
    }
    for paragraph in &article.body {
        tokenize_text(&paragraph.text, &mut tokens);
    }
    tokens
}

/// Appends the words of one paragraph; its last word ends a sentence.
pub(crate) fn tokenize_text(text: &str, tokens: &mut Vec<Token>) {
    let mut word = String::new();
    let mut letters = 0;
    let (mut capital, mut digit) = (false, false);
    // Whether the gap since the last word held a sentence-ending mark followed by a space
    // ("4.5" and "U.S" have no space after their full stops).
    let mut stop_mark = false;
    let mut mark = false;
    // The mark that opened the quote we are in; a quote left open ends with its paragraph.
    let mut opened: Option<char> = None;
    let start = tokens.len();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_alphanumeric() {
            if word.is_empty() {
                // A new word: the previous one ended a sentence if a mark stood between them
                // and this one opens like a sentence.
                if stop_mark && (c.is_uppercase() || c.is_ascii_digit()) {
                    let own = tokens.len() > start;
                    if let Some(last) = tokens.last_mut().filter(|_| own)
                        && !ABBREVIATION_HASHES.contains(&last.hash)
                    {
                        last.flags |= SENTENCE_END;
                    }
                }
                stop_mark = false;
                mark = false;
                capital = c.is_uppercase();
            }
            digit |= c.is_ascii_digit();
            if c.is_ascii() {
                word.push(c.to_ascii_lowercase());
            } else {
                word.extend(c.to_lowercase());
            }
            letters += 1;
        } else {
            if !word.is_empty() {
                let hash = xxh3_64(word.as_bytes());
                let stem_bytes = prefix(&word, STEM_CHARS).as_bytes();
                let mut flags = 0;
                if capital {
                    flags |= CAPITAL;
                }
                if digit && letters >= 2 {
                    flags |= NUMBER;
                }
                if STOP_HASHES.contains(&hash) {
                    flags |= STOP;
                }
                if opened.is_some() {
                    flags |= QUOTED;
                }
                tokens.push(Token { hash, stem: xxh3_64(stem_bytes), flags });
                word.clear();
                letters = 0;
                capital = false;
                digit = false;
            }
            // Double quotes in the world's styles ("…", “…”, „…“, „…”, ”…”, «…», »…«, »…»):
            // each opening mark closes with its partners. Single quotes are left alone: they
            // are apostrophes too.
            opened = match (opened, c) {
                (None, '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '\u{ab}' | '\u{bb}') => Some(c),
                (Some('"'), '"')
                | (Some('\u{201c}'), '\u{201d}' | '\u{201c}')
                | (Some('\u{201d}'), '\u{201d}')
                | (Some('\u{201e}'), '\u{201c}' | '\u{201d}')
                | (Some('\u{ab}'), '\u{bb}')
                | (Some('\u{bb}'), '\u{ab}' | '\u{bb}') => None,
                (state, _) => state,
            };
            mark |= matches!(c, '.' | '!' | '?');
            stop_mark |= mark && c.is_whitespace();
        }
    }
    let own = tokens.len() > start;
    if let Some(last) = tokens.last_mut().filter(|_| own) {
        last.flags |= SENTENCE_END;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentence_ends(text: &str) -> Vec<usize> {
        let mut tokens = Vec::new();
        tokenize_text(text, &mut tokens);
        tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| t.flags & SENTENCE_END != 0)
            .map(|(i, _)| i)
            .collect()
    }

    #[test]
    fn words_are_case_blind_and_flagged() {
        let mut tokens = Vec::new();
        tokenize_text("The PORT said 94,300", &mut tokens);
        let mut again = Vec::new();
        tokenize_text("the port SAID 94 300", &mut again);
        let hashes = |t: &[Token]| t.iter().map(|t| t.hash).collect::<Vec<_>>();
        assert_eq!(hashes(&tokens), hashes(&again));
        assert_eq!(tokens[0].flags & (CAPITAL | STOP), CAPITAL | STOP);
        assert_eq!(tokens[3].flags & NUMBER, NUMBER);
    }

    #[test]
    fn sentences_end_at_marks_before_capitals_but_not_after_abbreviations() {
        assert_eq!(sentence_ends("Mr. Lind met U.S. officials. They agreed. e.g. not"), [5, 10]);
        assert_eq!(sentence_ends("Prices rose 4.5 percent."), [4]);
    }

    #[test]
    fn quoted_words_are_flagged_in_every_quoting_style() {
        let quoted = |text: &str| -> Vec<bool> {
            let mut tokens = Vec::new();
            tokenize_text(text, &mut tokens);
            tokens.iter().map(|t| t.flags & QUOTED != 0).collect()
        };
        assert_eq!(quoted("He said \"we stay\" today"), [false, false, true, true, false]);
        assert_eq!(
            quoted("He said \u{201c}we stay,\u{201d} today"),
            [false, false, true, true, false]
        );
        assert_eq!(
            quoted("Er sagte \u{201e}wir bleiben\u{201c} heute"),
            [false, false, true, true, false]
        );
        assert_eq!(
            quoted("Il a dit \u{ab} nous restons \u{bb} hier"),
            [false, false, false, true, true, false]
        );
        assert_eq!(
            quoted("Er sagte \u{bb}wir bleiben\u{ab} heute"),
            [false, false, true, true, false]
        );
        assert_eq!(
            quoted("Han sa \u{bb}vi stannar\u{bb} i dag"),
            [false, false, true, true, false, false]
        );
        assert_eq!(
            quoted("Paul\u{2019}s staff"),
            [false, false, false],
            "apostrophes are not quotes"
        );
        let mut tokens = Vec::new();
        tokenize_text("\"An open quote", &mut tokens);
        tokenize_text("ends with its paragraph", &mut tokens);
        assert!(tokens[3..].iter().all(|t| t.flags & QUOTED == 0));
    }

    #[test]
    fn stems_join_inflections() {
        let mut tokens = Vec::new();
        tokenize_text("deploying deployed", &mut tokens);
        assert_eq!(tokens[0].stem, tokens[1].stem);
        assert_ne!(tokens[0].hash, tokens[1].hash);
    }
}
