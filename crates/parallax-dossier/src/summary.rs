//! Extractive multi-document summary: the sentences that say what happened, with their support.
//!
//! A news story offers what a single document does not: several outlets reporting the same
//! event. A sentence whose content the other outlets also carry is a fact of the story, not one
//! outlet's angle; copies of one wire text are one voice, not several. News also puts the key
//! facts first. So a candidate scores
//!
//! `(centrality + support_weight · support) × lead`
//!
//! - centrality: TF-IDF cosine to the centroid of the *other* voices (a voice is a copy group,
//!   else an outlet, else an article; a voice of several articles weighs as one), so an
//!   outlet's long article does not make its own sentences central; with one voice, the
//!   story's centroid;
//! - support: over the other voices, the mean of the closest cosine each has to the sentence
//!   (0 when no other voice reports it, 1 when every other voice says it verbatim);
//! - lead: `1 / (1 + position)^lead`, position 0 being an article's first sentence after its
//!   headline.
//!
//! Sentences are then taken best first, skipping one too close to a sentence already taken
//! ([`SummaryConfig::redundancy`]), shorter than [`SummaryConfig::min_words`], or a headline.
//! Headlines are candidates (they count in the centroid and as support) but are not prose.
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
//! let config = SummaryConfig { words: 10, ..SummaryConfig::default() };
//! let chosen = summarize(&candidates, &config);
//! assert_eq!(chosen.len(), 1);
//! assert_eq!(chosen[0].support, [if chosen[0].candidate == 0 { 2 } else { 0 }]);
//! assert_ne!(chosen[0].candidate, 1);
//! ```

use std::collections::HashMap;

use crate::similarity::{Space, Sparse, dot, word_count};

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
    /// How fast the lead bonus falls with a sentence's position after the headline: the score
    /// is multiplied by `1 / (1 + position)^lead`; 0 ignores position.
    pub lead: f64,
    /// Weight of cross-outlet support against centrality in the score.
    pub support_weight: f64,
    /// TF-IDF cosine at which a sentence of another article carries the same fact: the
    /// threshold of [`Chosen::support`] (it does not change which sentences are chosen).
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
            lead: 0.25,
            support_weight: 0.5,
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
            "support_weight" => self.support_weight = number()?,
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

/// The sentences that summarise a story.
///
/// Sentences are taken best first (headlines never: they are not prose) until they hold at
/// least `config.words` words. All but the last are whole sentences within the budget, in
/// reading order (candidate order). The last is the sentence that crossed the budget, when one
/// did, and it comes last whatever its place, so that cutting the joined text at
/// `config.words` words shortens the least important sentence rather than whichever came last
/// in reading order; a caller that wants whole sentences only drops it.
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
        let repeats = picked.iter().any(|&other| space.cosine(index, other) > config.redundancy);
        let usable = words >= config.min_words && !space.vectors[index].is_empty();
        if !usable || repeats || is_headline(&candidates[index]) {
            continue;
        }
        picked.push(index);
        total += words;
    }
    let crossing = if total > config.words { picked.pop() } else { None };
    picked.sort_unstable();
    picked.extend(crossing);
    picked
        .into_iter()
        .map(|candidate| Chosen {
            candidate,
            support: support(candidates, &space, candidate, config),
        })
        .collect()
}

/// A headline: the first candidate of its article when it does not end like a sentence.
fn is_headline(candidate: &Candidate) -> bool {
    let text = candidate.text.trim_end_matches(['"', '\'', '”', '’', ')']);
    candidate.position == 0 && !text.ends_with(['.', '!', '?'])
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

/// `(centrality + support_weight · support) × lead` of every candidate (see the module
/// documentation).
fn scores(
    candidates: &[Candidate],
    space: &Space,
    voices: &[usize],
    config: &SummaryConfig,
) -> Vec<f64> {
    let voice_count = voices.iter().max().map_or(0, |&v| v + 1);
    let sums = voice_sums(candidates, space, voices, voice_count);
    let total: Sparse = add_all(&sums);
    let total_square = dot(&total, &total);
    (0..candidates.len())
        .map(|index| {
            let vector = &space.vectors[index];
            let own = &sums[voices[index]];
            // The centroid of the other voices is `total - own`; with one voice, the story's.
            let centrality = if voice_count > 1 {
                let norm = (total_square - 2.0 * dot(&total, own) + dot(own, own)).max(0.0).sqrt();
                if norm > 0.0 { (dot(vector, &total) - dot(vector, own)) / norm } else { 0.0 }
            } else if total_square > 0.0 {
                dot(vector, &total) / total_square.sqrt()
            } else {
                0.0
            };
            let support = voice_support(space, voices, index, voice_count);
            let lead = (1.0 + body_position(candidates, index) as f64).powf(-config.lead);
            (centrality + config.support_weight * support) * lead
        })
        .collect()
}

/// Over the other voices, the mean of the closest cosine each has to the candidate.
fn voice_support(space: &Space, voices: &[usize], index: usize, voice_count: usize) -> f64 {
    if voice_count < 2 {
        return 0.0;
    }
    let mut closest = vec![0.0f64; voice_count];
    for (other, &voice) in voices.iter().enumerate() {
        if voice != voices[index] {
            closest[voice] = closest[voice].max(space.cosine(index, other));
        }
    }
    closest.iter().sum::<f64>() / (voice_count - 1) as f64
}

/// A candidate's place among its article's sentences, the headline not counted.
fn body_position(candidates: &[Candidate], index: usize) -> usize {
    let candidate = &candidates[index];
    let headed =
        candidates.iter().any(|other| other.article == candidate.article && is_headline(other));
    candidate.position.saturating_sub(usize::from(headed))
}

/// The sum of each voice's sentence vectors, a voice of several articles (copies, or one
/// outlet's articles) weighing as much as a voice of one.
fn voice_sums(
    candidates: &[Candidate],
    space: &Space,
    voices: &[usize],
    voice_count: usize,
) -> Vec<Sparse> {
    let mut articles: Vec<Vec<usize>> = vec![Vec::new(); voice_count];
    for (candidate, &voice) in candidates.iter().zip(voices) {
        if !articles[voice].contains(&candidate.article) {
            articles[voice].push(candidate.article);
        }
    }
    let mut sums: Vec<HashMap<usize, f64>> = vec![HashMap::new(); voice_count];
    for (index, &voice) in voices.iter().enumerate() {
        let weight = 1.0 / articles[voice].len().max(1) as f64;
        for &(term, value) in &space.vectors[index] {
            *sums[voice].entry(term).or_insert(0.0) += weight * value;
        }
    }
    sums.into_iter().map(sorted).collect()
}

/// The sum of sparse vectors.
fn add_all(vectors: &[Sparse]) -> Sparse {
    let mut sum: HashMap<usize, f64> = HashMap::new();
    for vector in vectors {
        for &(term, value) in vector {
            *sum.entry(term).or_insert(0.0) += value;
        }
    }
    sorted(sum)
}

fn sorted(map: HashMap<usize, f64>) -> Sparse {
    let mut entries: Sparse = map.into_iter().collect();
    entries.sort_unstable_by_key(|&(term, _)| term);
    entries
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

#[cfg(test)]
mod tests {
    use super::*;

    fn candidate(article: usize, position: usize, text: &str) -> Candidate {
        Candidate {
            article,
            outlet: Some(format!("Outlet {article}")),
            copy_group: None,
            position,
            text: text.to_string(),
        }
    }

    /// Three outlets on a harbour flood; only the flood is reported by all of them.
    fn flood_story() -> Vec<Candidate> {
        vec![
            candidate(0, 0, "Floods shut Portvale harbour"),
            candidate(0, 1, "Floods closed the harbour road in Portvale on Monday after a storm."),
            candidate(0, 2, "The mayor of Portvale praised the volunteers who filled sandbags."),
            candidate(
                1,
                0,
                "A storm brought floods that closed the Portvale harbour road on Monday.",
            ),
            candidate(1, 1, "A local bakery sold out of bread before noon."),
            candidate(2, 0, "Portvale's harbour road was closed on Monday by floods."),
            candidate(2, 1, "Tickets for the autumn concert series go on sale next week."),
        ]
    }

    fn words(candidates: &[Candidate], chosen: &[Chosen]) -> usize {
        chosen.iter().map(|c| word_count(&candidates[c.candidate].text)).sum()
    }

    #[test]
    fn the_fact_every_outlet_reports_comes_first_with_its_support() {
        let story = flood_story();
        let chosen = summarize(&story, &SummaryConfig { words: 12, ..SummaryConfig::default() });
        assert_eq!(chosen.len(), 1, "{chosen:?}");
        let first = &chosen[0];
        assert!([1, 3, 5].contains(&first.candidate), "{chosen:?}");
        let others: Vec<usize> = [1, 3, 5].into_iter().filter(|&i| i != first.candidate).collect();
        // The flood sentences of the other two outlets, and the headline that says it too.
        assert!(others.iter().all(|i| first.support.contains(i)), "{first:?}");
        assert!(!first.support.contains(&4) && !first.support.contains(&6), "{first:?}");
    }

    #[test]
    fn a_fact_is_said_once_and_headlines_are_not_chosen() {
        let story = flood_story();
        let chosen = summarize(&story, &SummaryConfig { words: 40, ..SummaryConfig::default() });
        let flood = chosen.iter().filter(|c| [1, 3, 5].contains(&c.candidate)).count();
        assert_eq!(flood, 1, "{chosen:?}");
        assert!(chosen.iter().all(|c| c.candidate != 0), "{chosen:?}");
    }

    #[test]
    fn only_the_last_sentence_crosses_the_budget() {
        let story = flood_story();
        for budget in [5, 12, 20, 30, 45, 500] {
            let chosen = summarize(&story, &SummaryConfig { words: budget, ..Default::default() });
            let whole = &chosen[..chosen.len().saturating_sub(1)];
            assert!(words(&story, whole) <= budget, "{budget}: {chosen:?}");
            let in_order = whole.windows(2).all(|pair| pair[0].candidate < pair[1].candidate);
            assert!(in_order, "{budget}: {chosen:?}");
        }
        let all = summarize(&story, &SummaryConfig { words: 500, ..Default::default() });
        // Every sentence but the headline and the two retellings of the flood.
        assert_eq!(all.len(), 4, "{all:?}");
    }

    #[test]
    fn copies_of_one_text_are_one_voice() {
        // Articles 0 and 1 are one wire text; outlets 2 and 3 report the ferry on their own.
        let mut story = vec![
            candidate(0, 0, "The council approved a new budget for the city library on Tuesday."),
            candidate(1, 0, "The council approved a new budget for the city library on Tuesday."),
            candidate(2, 0, "A new ferry line will link Portvale and Eastholm from June."),
            candidate(3, 0, "From June a ferry line will connect Eastholm with Portvale."),
        ];
        story[0].copy_group = Some(7);
        story[1].copy_group = Some(7);
        let chosen = summarize(&story, &SummaryConfig { words: 10, ..Default::default() });
        assert!([2, 3].contains(&chosen[0].candidate), "{chosen:?}");
    }

    #[test]
    fn empty_and_single_sentence_stories() {
        assert!(summarize(&[], &SummaryConfig::default()).is_empty());
        let one = [candidate(0, 0, "Floods closed the harbour road in Portvale on Monday.")];
        let chosen = summarize(&one, &SummaryConfig::default());
        assert_eq!(chosen, [Chosen { candidate: 0, support: Vec::new() }]);
    }

    #[test]
    fn settings_are_set_by_name_and_checked() {
        let mut config = SummaryConfig::default();
        config.set("lead", "0.5").expect("lead");
        config.set("words", "70").expect("words");
        assert_eq!((config.lead, config.words), (0.5, 70));
        assert!(config.set("lead", "-1").is_err());
        assert!(config.set("colour", "1").is_err());
    }
}
