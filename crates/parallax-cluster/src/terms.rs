//! The words an article is compared by: stems of its title and body, hashed, with sublinear
//! term frequencies. Building them is the enrichment step; the stream only does arithmetic.

use std::collections::HashMap;

use parallax_core::Article;
use parallax_core::words::{Filter, Pipeline, Stemmer, is_stopword, prefix};
use xxhash_rust::xxh3::xxh3_64;

/// An article's terms: hashed stems with weights `1 + ln(count)`, where a title word counts
/// [`TermsConfig::title_weight`] times; and apart from them, the stems of the title alone and
/// the names in the body, which the pair model weighs as signals of their own. Each list is
/// sorted by hash, each hash once.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Terms {
    entries: Vec<(u64, f32)>,
    title: Vec<(u64, f32)>,
    names: Vec<(u64, f32)>,
    lead: Vec<(u64, f32)>,
    numbers: Vec<(u64, f32)>,
}

/// Mixed into a title stem's hash so that a word's frequency in titles is counted apart
/// from its frequency in bodies.
const TITLE_SALT: u64 = 0x7469_746c_655f_7465;

/// Letters of a name kept when names are compared: spelling variants of transliterated
/// names differ at the end ("Zelenskyy" / "Zelenski", "Dmitry" / "Dmitri").
const NAME_PREFIX: usize = 5;

/// Mixed into a lead stem's hash, as [`TITLE_SALT`] for titles.
const LEAD_SALT: u64 = 0x6c65_6164_5f73_616c;

/// Words of the body that make its lead: the first sentences, where a report says what
/// happened.
const LEAD_WORDS: usize = 50;

/// How terms are counted.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TermsConfig {
    /// How many times a title word counts against a body word: headlines name the event.
    pub title_weight: f32,
    /// Weight of name terms: capitalised words inside a sentence, counted again as terms of
    /// their own (the named-entity sub-vector of news-stream clustering). Off by default: on
    /// the labelled sets it helps multinews and costs NeuS, and a spelling variant ("Port
    /// Vale" / "Portvale") pulls apart what the words alone keep together (see docs/guide.md).
    pub entity_weight: f32,
}

impl Default for TermsConfig {
    fn default() -> TermsConfig {
        TermsConfig { title_weight: 2.0, entity_weight: 0.0 }
    }
}

impl Terms {
    /// The terms of an article's title and body, stemmed for its language when a stemmer
    /// exists for it (English when no language was detected; unstemmed for a language
    /// Snowball does not cover).
    pub fn from_article(article: &Article, config: &TermsConfig) -> Terms {
        let pipeline = pipeline(article.language.as_deref());
        let paragraphs: Vec<&str> = article.body.iter().map(|p| p.text.as_str()).collect();
        Terms::build(article.title.as_deref().unwrap_or_default(), &paragraphs, &pipeline, config)
    }

    /// The terms of a title and a body given as text.
    pub fn from_text(title: &str, body: &str, config: &TermsConfig) -> Terms {
        Terms::build(title, &[body], &pipeline(None), config)
    }

    fn build(title: &str, body: &[&str], pipeline: &Pipeline, config: &TermsConfig) -> Terms {
        let mut counts: HashMap<u64, f32> = HashMap::new();
        let mut title_counts: HashMap<u64, f32> = HashMap::new();
        let mut name_counts: HashMap<u64, f32> = HashMap::new();
        count_words(title, pipeline, config.title_weight, &mut counts);
        count_words(title, pipeline, 1.0, &mut title_counts);
        let mut number_counts: HashMap<u64, f32> = HashMap::new();
        count_numbers(title, &mut number_counts);
        for text in body {
            count_words(text, pipeline, 1.0, &mut counts);
            count_names(text, 1.0, &mut name_counts);
            count_numbers(text, &mut number_counts);
            if config.entity_weight > 0.0 {
                count_names(text, config.entity_weight, &mut counts);
            }
        }
        let mut lead_counts: HashMap<u64, f32> = HashMap::new();
        let lead: Vec<&str> =
            body.iter().flat_map(|text| text.split_whitespace()).take(LEAD_WORDS).collect();
        count_words(&lead.join(" "), pipeline, 1.0, &mut lead_counts);
        let salted = |counts: HashMap<u64, f32>, salt: u64| {
            weighted(counts.into_iter().map(|(term, count)| (term ^ salt, count)).collect())
        };
        Terms {
            entries: weighted(counts),
            title: salted(title_counts, TITLE_SALT),
            names: weighted(name_counts),
            lead: salted(lead_counts, LEAD_SALT),
            numbers: weighted(number_counts),
        }
    }

    /// A variant for synthetic streams: about `share` of the terms (chosen by hash) replaced by
    /// terms of their own for `round`, as if names and details changed; round 0 is unchanged.
    pub fn perturbed(&self, round: u64, share: f32) -> Terms {
        if round == 0 {
            return self.clone();
        }
        let cut = (f64::from(share) * u64::MAX as f64) as u64;
        let salt = round.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let perturb = |list: &[(u64, f32)]| {
            let mut entries: Vec<(u64, f32)> = list
                .iter()
                .map(|&(term, weight)| {
                    let pick = xxh3_64(&(term ^ salt).to_le_bytes());
                    (if pick < cut { term ^ salt } else { term }, weight)
                })
                .collect();
            entries.sort_unstable_by_key(|&(term, _)| term);
            entries.dedup_by_key(|&mut (term, _)| term);
            entries
        };
        Terms {
            entries: perturb(&self.entries),
            title: perturb(&self.title),
            names: perturb(&self.names),
            lead: perturb(&self.lead),
            numbers: perturb(&self.numbers),
        }
    }

    /// `(term hash, weight)` pairs of the title and body, sorted by hash.
    pub fn entries(&self) -> &[(u64, f32)] {
        &self.entries
    }

    /// The same for the title's stems alone.
    pub fn title(&self) -> &[(u64, f32)] {
        &self.title
    }

    /// The same for the names in the body.
    pub fn names(&self) -> &[(u64, f32)] {
        &self.names
    }

    /// The same for the stems of the lead (the body's first words).
    pub fn lead(&self) -> &[(u64, f32)] {
        &self.lead
    }

    /// The same for the numbers in the title and body ("94,000", "9/11", "$484").
    pub fn numbers(&self) -> &[(u64, f32)] {
        &self.numbers
    }

    /// How many distinct terms.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// No terms at all: nothing to compare the article by.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// Sublinear weights `1 + ln(count)`, sorted by term. A weighted count under 1 (a light name
/// term) still weighs 1, never less.
fn weighted(counts: HashMap<u64, f32>) -> Vec<(u64, f32)> {
    let mut entries: Vec<(u64, f32)> = counts
        .into_iter()
        .filter(|&(_, count)| count > 0.0)
        .map(|(term, count)| (term, 1.0 + count.max(1.0).ln()))
        .collect();
    entries.sort_unstable_by_key(|&(term, _)| term);
    entries
}

/// The words a story is told by: lowercased, without stopwords, single characters and bare
/// numbers, stemmed for the article's language (English when none was detected; unstemmed
/// for a language Snowball does not cover).
fn pipeline(language: Option<&str>) -> Pipeline {
    let pipeline = Pipeline::new()
        .filter(Filter::MinChars(2))
        .filter(Filter::NoBareNumbers)
        .filter(Filter::NoStopwords);
    match Stemmer::for_language(Some(language.unwrap_or("eng"))) {
        Some(stemmer) => pipeline.filter(Filter::Stem(stemmer)),
        None => pipeline,
    }
}

/// Adds each term of `text` with `weight`.
fn count_words(text: &str, pipeline: &Pipeline, weight: f32, counts: &mut HashMap<u64, f32>) {
    pipeline
        .for_each(text, |term| *counts.entry(xxh3_64(term.as_bytes())).or_insert(0.0) += weight);
}

/// Adds each token that holds a digit, as a number term of its own: separators of
/// thousands dropped ("94,000" and "94000" are one number), the rest kept ("9/11", "1.5").
fn count_numbers(text: &str, counts: &mut HashMap<u64, f32>) {
    for token in text.split_whitespace() {
        let token = token.trim_matches(|c: char| !c.is_alphanumeric());
        if !token.chars().any(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut key = b"num:".to_vec();
        key.extend(token.bytes().filter(|&b| b != b','));
        *counts.entry(xxh3_64(&key)).or_insert(0.0) += 1.0;
    }
}

/// Adds each capitalised word that does not open a sentence, as a name term (its own hash
/// space, so "Bush" the name and "bush" the plant differ).
fn count_names(text: &str, weight: f32, counts: &mut HashMap<u64, f32>) {
    let mut sentence_start = true;
    let mut word_start: Option<usize> = None;
    for (index, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        if c.is_alphanumeric() {
            word_start.get_or_insert(index);
            continue;
        }
        if let Some(start) = word_start.take() {
            let word = &text[start..index];
            let capitalised = word.chars().next().is_some_and(char::is_uppercase);
            let lowered = word.to_lowercase();
            if capitalised
                && !sentence_start
                && word.chars().nth(1).is_some()
                && !is_stopword(&lowered)
            {
                let mut key = b"name:".to_vec();
                key.extend(prefix(&lowered, NAME_PREFIX).bytes());
                *counts.entry(xxh3_64(&key)).or_insert(0.0) += weight;
            }
            sentence_start = false;
        }
        if matches!(c, '.' | '!' | '?' | '"' | '“' | '”' | ':' | '\n') {
            sentence_start = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hash(word: &str) -> u64 {
        xxh3_64(word.as_bytes())
    }

    #[test]
    fn inflections_share_a_term_and_stopwords_and_numbers_are_dropped() {
        let terms = Terms::from_text(
            "",
            "The troops deployed; troop deployment of 94,000.",
            &TermsConfig::default(),
        );
        let hashes: Vec<u64> = terms.entries().iter().map(|&(h, _)| h).collect();
        assert!(hashes.contains(&hash("troop")));
        assert!(!hashes.contains(&hash("the")));
        assert!(!hashes.contains(&hash("94")));
        let troop = terms.entries().iter().find(|&&(h, _)| h == hash("troop")).map(|&(_, w)| w);
        assert_eq!(troop, Some(1.0 + 2f32.ln()));
    }

    #[test]
    fn title_words_weigh_more() {
        let config = TermsConfig { title_weight: 3.0, ..TermsConfig::default() };
        let terms = Terms::from_text("Harbour closes", "harbour", &config);
        let harbour = terms.entries().iter().find(|&&(h, _)| h == hash("harbour")).map(|&(_, w)| w);
        assert_eq!(harbour, Some(1.0 + 4f32.ln()));
    }

    #[test]
    fn names_inside_sentences_become_terms_of_their_own() {
        let mut counts = HashMap::new();
        count_names("Talks began. Then Peskov spoke to Biden in Moscow.", 1.0, &mut counts);
        let name = |word: &str| xxh3_64(format!("name:{word}").as_bytes());
        assert!(counts.contains_key(&name("pesko")) && counts.contains_key(&name("mosco")));
        assert!(!counts.contains_key(&name("talks")) && !counts.contains_key(&name("then")));
        assert_eq!(counts.len(), 3, "peskov, biden, moscow");
    }

    #[test]
    fn spelling_variants_of_a_name_are_one_name_term() {
        let first = Terms::from_text(
            "",
            "Talks with Zelenskyy and Dmitry Peskov.",
            &TermsConfig::default(),
        );
        let second =
            Terms::from_text("", "Talks with Zelenski and Dmitri Peskov.", &TermsConfig::default());
        assert_eq!(first.names().len(), 3);
        assert_eq!(first.names(), second.names());
    }

    #[test]
    fn numbers_are_terms_of_their_own_whatever_their_separators() {
        let first =
            Terms::from_text("", "About 94,000 troops, said on 9/11.", &TermsConfig::default());
        let second = Terms::from_text("", "Some 94000 troops; 9/11", &TermsConfig::default());
        assert_eq!(first.numbers().len(), 2);
        assert_eq!(first.numbers(), second.numbers());
    }

    #[test]
    fn empty_text_has_no_terms() {
        assert!(Terms::from_text("", "  the a 12 ", &TermsConfig::default()).is_empty());
    }
}
