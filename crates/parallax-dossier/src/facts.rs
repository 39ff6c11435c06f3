//! The story's sentences and which of them state the same fact in different articles: what
//! outlets agree on, and what only one of them reported.

use std::collections::HashMap;
use std::ops::Range;

use crate::dossier::{Fact, OutletOnly, Provenance, StoryInput};
use crate::similarity::Space;

/// Fewest words a body sentence needs to state a fact.
const MIN_WORDS: usize = 4;
/// The TF-IDF cosine at which two sentences state one fact (the summary's support threshold).
const SAME_FACT: f64 = 0.3;
/// The most facts listed as one outlet's own.
const MAX_ONLY: usize = 6;

/// One sentence of one article.
#[derive(Debug, Clone)]
pub(crate) struct Sentence {
    pub(crate) article: usize,
    /// Its place in the article: 0 for the headline, then body order.
    pub(crate) position: usize,
    pub(crate) span: Range<usize>,
}

/// Every sentence of every article with its content words: the headline (the first paragraph
/// when the article has one) at position 0, then the body's sentences from 1, paragraph by
/// paragraph so no sentence runs over a paragraph break.
pub(crate) fn sentences(input: &StoryInput) -> Vec<Sentence> {
    let mut found = Vec::new();
    for (article, story_article) in input.articles.iter().enumerate() {
        let text = &story_article.text;
        let mut position = usize::from(story_article.title.is_none());
        for paragraph in paragraphs(text) {
            for span in parallax_core::sentences(&text[paragraph.clone()]) {
                let span = paragraph.start + span.start..paragraph.start + span.end;
                let sentence = &text[span.clone()];
                let words = sentence.split_whitespace().count();
                let headline = position == 0;
                if headline || (words >= MIN_WORDS && ends_like_a_sentence(sentence)) {
                    found.push(Sentence { article, position, span });
                }
                position += 1;
            }
        }
    }
    found
}

/// The paragraphs of an analysed text (headline, then body paragraphs, blank lines between).
fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split("\n\n").filter_map(move |part| {
        let range = start..start + part.len();
        start += part.len() + 2;
        (!part.trim().is_empty()).then_some(range)
    })
}

/// Whether a body sentence ends like one: a full stop, question or exclamation mark, perhaps
/// inside a closing quotation mark. Headings, labels and cut-off captions do not.
fn ends_like_a_sentence(sentence: &str) -> bool {
    sentence.trim_end().trim_end_matches(['"', '\'', '”', '’', ')']).ends_with(['.', '!', '?'])
}

/// For each sentence, the sentences of other articles that state the same fact: TF-IDF cosine
/// over the story's sentences of at least [`SAME_FACT`] (the summary's support threshold),
/// compared only with sentences sharing a term, so the cost follows the overlap.
pub(crate) fn support(input: &StoryInput, sentences: &[Sentence]) -> Vec<Vec<usize>> {
    let texts: Vec<&str> =
        sentences.iter().map(|s| &input.articles[s.article].text[s.span.clone()]).collect();
    let space = Space::new(&texts);
    let mut index: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, terms) in space.terms.iter().enumerate() {
        for &term in terms {
            index.entry(term).or_default().push(i);
        }
    }
    sentences
        .iter()
        .enumerate()
        .map(|(i, sentence)| {
            let mut candidates: Vec<usize> = space.terms[i]
                .iter()
                .filter_map(|term| index.get(term))
                .flatten()
                .copied()
                .filter(|&j| sentences[j].article != sentence.article)
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates.retain(|&j| space.cosine(i, j) >= SAME_FACT);
            candidates
        })
        .collect()
}

/// A sentence as a [`Fact`], with the outlets of its article and its support.
pub(crate) fn fact(
    input: &StoryInput,
    sentences: &[Sentence],
    index: usize,
    support: &[usize],
) -> Fact {
    let sentence = &sentences[index];
    let articles: Vec<usize> = std::iter::once(sentence.article)
        .chain(support.iter().map(|&j| sentences[j].article))
        .collect();
    Fact {
        text: input.articles[sentence.article].text[sentence.span.clone()].trim().to_string(),
        from: provenance(input, sentence.article, &sentence.span),
        outlets: input.outlets(articles.iter().copied()),
        independent: input.independent(articles),
    }
}

/// Where a span of an article is.
pub(crate) fn provenance(input: &StoryInput, article: usize, span: &Range<usize>) -> Provenance {
    let story_article = &input.articles[article];
    Provenance {
        article: story_article.id.clone(),
        outlet: story_article.outlet.clone(),
        span: [span.start, span.end],
    }
}

/// Facts that two or more independent reports state, each once, best supported first.
pub(crate) fn agreement(
    input: &StoryInput,
    sentences: &[Sentence],
    support: &[Vec<usize>],
) -> Vec<Fact> {
    let mut order: Vec<usize> = (0..sentences.len())
        .filter(|&i| sentences[i].position > 0)
        .filter(|&i| independent_reports(input, sentences, i, &support[i]) >= 2)
        .collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(independent_reports(input, sentences, i, &support[i])),
            sentences[i].position,
            i,
        )
    });
    let mut covered = vec![false; sentences.len()];
    let mut facts = Vec::new();
    for i in order {
        if covered[i] {
            continue;
        }
        covered[i] = true;
        support[i].iter().for_each(|&j| covered[j] = true);
        facts.push(fact(input, sentences, i, &support[i]));
    }
    facts
}

fn independent_reports(
    input: &StoryInput,
    sentences: &[Sentence],
    index: usize,
    support: &[usize],
) -> usize {
    input.independent(
        std::iter::once(sentences[index].article)
            .chain(support.iter().map(|&j| sentences[j].article)),
    )
}

/// Per outlet, the facts no other independent report states, earliest in the article first.
pub(crate) fn only_in(
    input: &StoryInput,
    sentences: &[Sentence],
    support: &[Vec<usize>],
) -> Vec<OutletOnly> {
    let mut by_outlet: Vec<OutletOnly> = Vec::new();
    for (i, sentence) in sentences.iter().enumerate() {
        if sentence.position == 0 || independent_reports(input, sentences, i, &support[i]) > 1 {
            continue;
        }
        // A copy's sentence is its original's: listed once, under the original's outlet.
        if input.unit(sentence.article) != sentence.article {
            continue;
        }
        let outlet = &input.articles[sentence.article].outlet;
        let entry = match by_outlet.iter().position(|o| &o.outlet == outlet) {
            Some(at) => &mut by_outlet[at],
            None => {
                by_outlet.push(OutletOnly { outlet: outlet.clone(), facts: Vec::new() });
                by_outlet.last_mut().expect("just pushed")
            }
        };
        if entry.facts.len() < MAX_ONLY {
            entry.facts.push(fact(input, sentences, i, &support[i]));
        }
    }
    by_outlet
}
