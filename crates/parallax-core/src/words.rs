//! Words for comparing texts. Story grouping, copy detection, summaries, fact matching and
//! search snippets split words, drop function words and stem the same way: one splitter, one
//! stopword list and the stemmers live here, put together as named filters in a [`Pipeline`]
//! (the shape of tantivy's text analyzers).

use std::collections::HashSet;
use std::sync::LazyLock;

use rust_stemmers::Algorithm;

/// Function words and reporting verbs: they say nothing about which event a text reports or
/// which fact a sentence states. English only, as the stemmer's default.
#[rustfmt::skip]
pub const STOPWORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "among", "an", "and",
    "another", "any", "are", "around", "as", "at", "be", "became", "because", "been", "before",
    "being", "below", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "don", "down", "during", "each", "either", "even", "ever", "every", "few", "for", "from",
    "further", "get", "got", "had", "has", "have", "having", "he", "her", "here", "hers",
    "herself", "him", "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "least", "less", "like", "many", "may", "me", "might", "more", "most",
    "mr", "mrs", "ms", "much", "must", "my", "myself", "neither", "never", "no", "nor", "not",
    "now", "of", "off", "on", "once", "only", "or", "other", "others", "our", "ours", "ourselves",
    "out", "over", "own", "per", "s", "said", "same", "say", "says", "she", "should", "since",
    "so", "some", "still", "such", "t", "than", "that", "the", "their", "theirs", "them",
    "themselves", "then", "there", "these", "they", "this", "those", "though", "through", "thus",
    "to", "told", "too", "under", "until", "up", "upon", "us", "very", "was", "we", "were", "what",
    "whatever", "when", "where", "whether", "which", "while", "who", "whom", "whose", "why",
    "will", "with", "within", "without", "would", "yet", "you", "your", "yours", "yourself",
    "yourselves",
];

static STOPWORD_SET: LazyLock<HashSet<&'static str>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

/// Whether a lowercased word is in [`STOPWORDS`].
pub fn is_stopword(lower: &str) -> bool {
    STOPWORD_SET.contains(lower)
}

/// The words of a text with their byte offsets: maximal runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(move |word| {
        // `split` hands out subslices of `text`: the offset is their distance from its start.
        (word.as_ptr() as usize - text.as_ptr() as usize, word)
    })
}

/// The first `letters` characters of a word: the truncation stem, which holds across
/// inflections ("deploy", "deploying") and transliterations ("Zelenskyy", "Zelenski") at
/// the cost of no lookup at all. Copy detection and name matching use it; where meaning
/// matters more than speed, [`Stemmer`] is the stem.
pub fn prefix(word: &str, letters: usize) -> &str {
    word.char_indices().nth(letters).map_or(word, |(end, _)| &word[..end])
}

/// A Snowball stemmer for one language.
pub struct Stemmer {
    inner: rust_stemmers::Stemmer,
    algorithm: Algorithm,
}

impl Clone for Stemmer {
    fn clone(&self) -> Stemmer {
        Stemmer::with(self.algorithm)
    }
}

impl std::fmt::Debug for Stemmer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Stemmer({:?})", self.algorithm)
    }
}

impl Stemmer {
    fn with(algorithm: Algorithm) -> Stemmer {
        Stemmer { inner: rust_stemmers::Stemmer::create(algorithm), algorithm }
    }

    /// The English stemmer (Snowball English, as tantivy's `en_stem`).
    pub fn english() -> Stemmer {
        Stemmer::with(Algorithm::English)
    }

    /// The stemmer of a language given by its ISO 639-1 or 639-3 code, or `None` when
    /// Snowball has none for it (or no language is known: then words are compared as they are).
    pub fn for_language(language: Option<&str>) -> Option<Stemmer> {
        let code = language?.trim().to_ascii_lowercase();
        let algorithm = match code.split(['-', '_']).next().unwrap_or_default() {
            "ar" | "ara" => Algorithm::Arabic,
            "da" | "dan" => Algorithm::Danish,
            "nl" | "nld" | "dut" => Algorithm::Dutch,
            "en" | "eng" => Algorithm::English,
            "fi" | "fin" => Algorithm::Finnish,
            "fr" | "fra" | "fre" => Algorithm::French,
            "de" | "deu" | "ger" => Algorithm::German,
            "el" | "ell" | "gre" => Algorithm::Greek,
            "hu" | "hun" => Algorithm::Hungarian,
            "it" | "ita" => Algorithm::Italian,
            "no" | "nb" | "nn" | "nor" | "nob" | "nno" => Algorithm::Norwegian,
            "pt" | "por" => Algorithm::Portuguese,
            "ro" | "ron" | "rum" => Algorithm::Romanian,
            "ru" | "rus" => Algorithm::Russian,
            "es" | "spa" => Algorithm::Spanish,
            "sv" | "swe" => Algorithm::Swedish,
            "ta" | "tam" => Algorithm::Tamil,
            "tr" | "tur" => Algorithm::Turkish,
            _ => return None,
        };
        Some(Stemmer::with(algorithm))
    }

    /// The stem of a lowercased word.
    pub fn stem<'a>(&self, lower: &'a str) -> std::borrow::Cow<'a, str> {
        self.inner.stem(lower)
    }
}

/// One step of a [`Pipeline`], applied to each lowercased word in the order added.
#[derive(Debug, Clone)]
pub enum Filter {
    /// Drops words of fewer characters.
    MinChars(usize),
    /// Drops words made of digits only (a year or a count is not a topic).
    NoBareNumbers,
    /// Drops [`STOPWORDS`].
    NoStopwords,
    /// Replaces the word by its Snowball stem.
    Stem(Stemmer),
    /// Cuts the word to its first characters ([`prefix`]).
    Prefix(usize),
}

/// Words made into terms: each word of a text lowercased, then passed through the filters.
#[derive(Debug, Clone, Default)]
pub struct Pipeline {
    filters: Vec<Filter>,
}

impl Pipeline {
    /// A pipeline that only lowercases.
    pub fn new() -> Pipeline {
        Pipeline::default()
    }

    /// The pipeline with one more filter at its end.
    pub fn filter(mut self, filter: Filter) -> Pipeline {
        self.filters.push(filter);
        self
    }

    /// The content words of English text, stemmed: lowercase, no stopwords, Snowball English.
    pub fn english_content() -> Pipeline {
        Pipeline::new().filter(Filter::NoStopwords).filter(Filter::Stem(Stemmer::english()))
    }

    /// Calls `each` with every term of `text`, in text order.
    pub fn for_each(&self, text: &str, mut each: impl FnMut(&str)) {
        let mut lower = String::new();
        'words: for (_, word) in words(text) {
            lower.clear();
            lower.extend(word.chars().flat_map(char::to_lowercase));
            let mut term = std::borrow::Cow::Borrowed(lower.as_str());
            for filter in &self.filters {
                match filter {
                    Filter::MinChars(least)
                        if *least > 0 && term.chars().nth(least - 1).is_none() =>
                    {
                        continue 'words;
                    }
                    Filter::NoBareNumbers if term.chars().all(|c| c.is_ascii_digit()) => {
                        continue 'words;
                    }
                    Filter::NoStopwords if is_stopword(&term) => continue 'words,
                    Filter::Stem(stemmer) => {
                        term = std::borrow::Cow::Owned(stemmer.stem(&term).into_owned());
                    }
                    Filter::Prefix(letters) => {
                        term = std::borrow::Cow::Owned(prefix(&term, *letters).to_owned());
                    }
                    _ => {}
                }
            }
            each(&term);
        }
    }

    /// The terms of `text`, in text order.
    pub fn terms(&self, text: &str) -> Vec<String> {
        let mut terms = Vec::new();
        self.for_each(text, |term| terms.push(term.to_owned()));
        terms
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_carry_their_offsets() {
        let text = "Kyiv's 94,300 troops—said Peskov.";
        let found: Vec<(usize, &str)> = words(text).collect();
        assert_eq!(
            found,
            [
                (0, "Kyiv"),
                (5, "s"),
                (7, "94"),
                (10, "300"),
                (14, "troops"),
                (23, "said"),
                (28, "Peskov")
            ]
        );
        for (at, word) in found {
            assert_eq!(&text[at..at + word.len()], word);
        }
    }

    #[test]
    fn the_pipeline_applies_its_filters_in_order() {
        let pipeline = Pipeline::new()
            .filter(Filter::MinChars(2))
            .filter(Filter::NoBareNumbers)
            .filter(Filter::NoStopwords)
            .filter(Filter::Stem(Stemmer::english()));
        assert_eq!(
            pipeline.terms("The Troops were deploying in 2021, a year of 3 calls"),
            ["troop", "deploy", "year", "call"]
        );
        let names = Pipeline::new().filter(Filter::Prefix(5));
        assert_eq!(names.terms("Zelenskyy Zelenski Ó"), ["zelen", "zelen", "ó"]);
        assert_eq!(prefix("Zelenskyy", 5), "Zelen");
        assert_eq!(prefix("Kyiv", 5), "Kyiv");
    }

    #[test]
    fn stemmers_are_found_by_language_code() {
        assert!(Stemmer::for_language(Some("en-GB")).is_some());
        assert!(Stemmer::for_language(Some("deu")).is_some());
        assert!(Stemmer::for_language(Some("xx")).is_none());
        assert!(Stemmer::for_language(None).is_none());
        let german = Stemmer::for_language(Some("de")).map(|s| s.stem("häuser").into_owned());
        assert_eq!(german.as_deref(), Some("haus"));
    }
}
