//! Extractive multi-document summary: the sentences that say what happened, with their support.
//!
//! A news story offers what a single document does not: several outlets reporting the same
//! event. A sentence whose content other outlets also carry is a fact of the story, not one
//! outlet's angle; copies of one wire text are one voice, not several. News also puts the key
//! facts first. So a candidate scores by
//!
//! `(centrality + support) × lead`
//!
//! - centrality: TF-IDF cosine to the story's centroid, where each voice (copy group, outlet,
//!   or article when neither is known) weighs the same however many copies it has;
//! - support: over the other voices, the mean of the closest cosine each has to the
//!   sentence (0 when no other voice reports it, 1 when every other voice says it verbatim);
//! - lead: `1 / (1 + position)^lead`, position 0 being the title or the first sentence.
//!
//! Sentences are then taken best first, skipping one too close to a sentence already taken
//! ([`SummaryConfig::redundancy`]) or shorter than [`SummaryConfig::min_words`].
//!
//! ```
//! use parallax_dossier::summary::{Candidate, SummaryConfig, summarize};
//!
//! let sentence = |article: usize, position: usize, text: &str| Candidate {
//!     article,
//!     outlet: Some(format!("Outlet {article}")),
//!     copy_group: None,
//!     position,
//!     text: text.to_string(),
//! };
//! let candidates = [
//!     sentence(0, 0, "Floods closed the harbour road in Portvale on Monday morning."),
//!     sentence(0, 1, "A bakery near the square sold out of bread by noon."),
//!     sentence(1, 0, "The harbour road in Portvale was closed by floods on Monday."),
//! ];
//! let config = SummaryConfig { words: 12, ..SummaryConfig::default() };
//! let chosen = summarize(&candidates, &config);
//! assert_eq!(chosen[0].candidate, 0);
//! assert_eq!(chosen[0].support, [2]);
//! ```

use std::collections::HashMap;

use crate::similarity::{Space, dot, word_count};

pub use crate::sentences::candidates;

/// One candidate sentence of a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// Index of its article among the story's articles.
    pub article: usize,
    /// The outlet that published the article, when known.
    pub outlet: Option<String>,
    /// The copy group of the article (from the duplicates stage): the articles of one group
    /// are one text and count as one voice.
    pub copy_group: Option<usize>,
    /// Its place in its article: 0 is the title, or the first sentence when there is none.
    pub position: usize,
    /// The sentence.
    pub text: String,
}

/// Settings of [`summarize`].
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryConfig {
    /// The word budget (words counted by whitespace).
    pub words: usize,
    /// How fast the lead bonus falls with a sentence's position: the score is multiplied by
    /// `1 / (1 + position)^lead`; 0 ignores position.
    pub lead: f64,
    /// TF-IDF cosine at which a sentence of another article carries the same fact: the
    /// threshold of [`Chosen::support`].
    pub support_threshold: f64,
    /// TF-IDF cosine above which a sentence repeats one already chosen and is skipped.
    pub redundancy: f64,
    /// Fewest words a chosen sentence has: shorter ones are labels and fragments.
    pub min_words: usize,
}

impl Default for SummaryConfig {
    fn default() -> SummaryConfig {
        SummaryConfig {
            words: 250,
            lead: 0.5,
            support_threshold: 0.3,
            redundancy: 0.5,
            min_words: 6,
        }
    }
}

/// A setting that [`SummaryConfig::set`] refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidSetting {
    /// What was wrong.
    pub reason: String,
}

impl std::fmt::Display for InvalidSetting {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.reason)
    }
}

impl std::error::Error for InvalidSetting {}

impl SummaryConfig {
    /// Sets one setting by its field name (`lead=0.5`), for experiments from the command line.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), InvalidSetting> {
        let invalid = |reason: &str| InvalidSetting { reason: format!("{key}={value}: {reason}") };
        let number = || {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| invalid("not a number of 0 or more"))
        };
        let count = || value.parse::<usize>().map_err(|_| invalid("not a whole number"));
        match key {
            "words" => self.words = count()?,
            "lead" => self.lead = number()?,
            "support_threshold" => self.support_threshold = number()?,
            "redundancy" => self.redundancy = number()?,
            "min_words" => self.min_words = count()?,
            _ => return Err(invalid("no such setting")),
        }
        Ok(())
    }
}

/// One chosen sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chosen {
    /// Its index among the candidates.
    pub candidate: usize,
    /// The candidates of other articles that carry the same fact: TF-IDF cosine over stemmed
    /// content words of at least [`SummaryConfig::support_threshold`], in candidate order.
    pub support: Vec<usize>,
}

/// The sentences that summarise a story, in reading order (candidate order).
///
/// Sentences are taken best first until they hold at least `config.words` words, so the last
/// one taken may run past the budget: a caller that needs the budget exactly cuts the joined
/// text at `config.words` words or drops that sentence.
pub fn summarize(candidates: &[Candidate], config: &SummaryConfig) -> Vec<Chosen> {
    let texts: Vec<&str> = candidates.iter().map(|c| c.text.as_str()).collect();
    let space = Space::new(&texts);
    let voices = voices(candidates);
    let scores = scores(candidates, &space, &voices, config);
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then(a.cmp(&b)));
    let mut picked: Vec<usize> = Vec::new();
    let mut total = 0;
    for index in order {
        if total >= config.words {
            break;
        }
        let words = word_count(&candidates[index].text);
        if std::env::var("FIT").is_ok()
            && total + words
                > config.words
                    + std::env::var("FIT").ok().and_then(|v| v.parse::<usize>().ok()).unwrap_or(0)
        {
            continue;
        }
        let repeats = picked.iter().any(|&other| space.cosine(index, other) > config.redundancy);
        let title = std::env::var("NOTITLE").is_ok()
            && candidates[index].position == 0
            && !candidates[index]
                .text
                .trim_end_matches(['"', '\'', '”', '’', ')'])
                .ends_with(['.', '!', '?']);
        if title || words < config.min_words || space.vectors[index].is_empty() || repeats {
            continue;
        }
        picked.push(index);
        total += words;
    }
    picked.sort_unstable();
    picked
        .into_iter()
        .map(|candidate| Chosen {
            candidate,
            support: support(candidates, &space, candidate, config),
        })
        .collect()
}

/// Each candidate's voice: its copy group, else its outlet, else its article, numbered.
fn voices(candidates: &[Candidate]) -> Vec<usize> {
    let mut numbers: HashMap<(u8, String), usize> = HashMap::new();
    candidates
        .iter()
        .map(|candidate| {
            let key = match (&candidate.copy_group, &candidate.outlet) {
                (Some(group), _) => (0, group.to_string()),
                (None, Some(outlet)) => (1, outlet.clone()),
                (None, None) => (2, candidate.article.to_string()),
            };
            let next = numbers.len();
            *numbers.entry(key).or_insert(next)
        })
        .collect()
}

/// `(centrality + support) × lead` of every candidate (see the module documentation).
fn scores(
    candidates: &[Candidate],
    space: &Space,
    voices: &[usize],
    config: &SummaryConfig,
) -> Vec<f64> {
    let centroid = voice_centroid(candidates, space, voices);
    let voice_count = voices.iter().max().map_or(0, |&v| v + 1);
    (0..candidates.len())
        .map(|index| {
            let centrality = dot(&space.vectors[index], &centroid);
            let mut closest = vec![0.0f64; voice_count];
            for (other, &voice) in voices.iter().enumerate() {
                if voice != voices[index] {
                    closest[voice] = closest[voice].max(space.cosine(index, other));
                }
            }
            let others = voice_count.saturating_sub(1).max(1) as f64;
            let support = closest.iter().sum::<f64>() / others;
            let lead = (1.0 + candidates[index].position as f64).powf(-config.lead);
            let env =
                |k: &str, d: f64| std::env::var(k).ok().and_then(|v| v.parse().ok()).unwrap_or(d);
            let mode = env("MODE", 0.0);
            if mode == 0.0 {
                return (centrality + support) * lead;
            }
            let facts = term_support(space, voices, index, voice_count);
            let length = (space.terms[index].len().max(1) as f64).powf(env("ALPHA", 0.0));
            if mode == 1.0 {
                return facts / length * lead;
            }
            (env("WC", 1.0) * centrality
                + env("WS", 1.0) * support
                + env("WF", 1.0) * facts / length)
                * lead
        })
        .collect()
}

/// The story's centroid with every voice weighing the same: a candidate counts
/// `1 / (articles in its voice)`.
fn voice_centroid(candidates: &[Candidate], space: &Space, voices: &[usize]) -> Vec<(usize, f64)> {
    let mut articles_of: HashMap<usize, Vec<usize>> = HashMap::new();
    for (candidate, &voice) in candidates.iter().zip(voices) {
        let articles = articles_of.entry(voice).or_default();
        if !articles.contains(&candidate.article) {
            articles.push(candidate.article);
        }
    }
    let mut sum: HashMap<usize, f64> = HashMap::new();
    for (index, &voice) in voices.iter().enumerate() {
        let mut weight = 1.0 / articles_of.get(&voice).map_or(1, Vec::len) as f64;
        let c = &candidates[index];
        if c.position == 0
            && !c.text.trim_end_matches(['"', '\'', '”', '’', ')']).ends_with(['.', '!', '?'])
        {
            weight *= std::env::var("TITLEW").ok().and_then(|v| v.parse().ok()).unwrap_or(1.0);
        }
        for &(term, value) in &space.vectors[index] {
            *sum.entry(term).or_insert(0.0) += weight * value;
        }
    }
    let mut entries: Vec<(usize, f64)> = sum.into_iter().collect();
    entries.sort_unstable_by_key(|&(term, _)| term);
    crate::similarity::unit(entries)
}

/// The candidates of other articles close enough to `index` to carry its fact.
fn support(
    candidates: &[Candidate],
    space: &Space,
    index: usize,
    config: &SummaryConfig,
) -> Vec<usize> {
    (0..candidates.len())
        .filter(|&other| candidates[other].article != candidates[index].article)
        .filter(|&other| space.cosine(index, other) >= config.support_threshold)
        .collect()
}

fn term_support(space: &Space, voices: &[usize], index: usize, voice_count: usize) -> f64 {
    let others = voice_count.saturating_sub(1).max(1) as f64;
    space.terms[index]
        .iter()
        .map(|&term| {
            let mut seen: Vec<usize> = Vec::new();
            for (other, terms) in space.terms.iter().enumerate() {
                if voices[other] != voices[index]
                    && !seen.contains(&voices[other])
                    && terms.binary_search(&term).is_ok()
                {
                    seen.push(voices[other]);
                }
            }
            space.idf[term] * seen.len() as f64 / others
        })
        .sum()
}
