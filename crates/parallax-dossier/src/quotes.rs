//! Quote groups: one statement in all its wordings across outlets, with its speaker.

use std::collections::HashMap;

use parallax_analyze::{MergedEntity, Speaker};
use parallax_core::words::Pipeline;

use crate::dossier::{QuoteGroup, StoryInput, Wording};
use crate::facts::provenance;
use crate::words::{content_words, same_content};

/// Fewest content words two wordings must share to be one statement.
const MIN_SHARED: usize = 2;

/// Who a statement is from, the same across the story's articles.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum SpeakerKey {
    /// An entity of the story (an index into the merged entities).
    Entity(usize),
    /// An unnamed source, by its description in lowercase.
    Unnamed(String),
}

/// The story-wide speaker of an article's speaker.
pub(crate) fn speaker_key(
    members: &HashMap<(usize, usize), usize>,
    article: usize,
    speaker: &Speaker,
) -> Option<SpeakerKey> {
    match speaker {
        Speaker::Entity(entity) => members.get(&(article, *entity)).map(|&m| SpeakerKey::Entity(m)),
        Speaker::Anonymous(words) => Some(SpeakerKey::Unnamed(words.to_lowercase())),
        Speaker::Unknown => None,
    }
}

/// A speaker's name as the dossier prints it.
pub(crate) fn speaker_name(entities: &[MergedEntity], key: &SpeakerKey, fallback: &str) -> String {
    match key {
        SpeakerKey::Entity(m) => entities[*m].name.clone(),
        SpeakerKey::Unnamed(_) => fallback.to_string(),
    }
}

struct Statement {
    article: usize,
    quote: usize,
    key: SpeakerKey,
    words: Vec<String>,
}

/// Statements grouped by speaker and content, most widely carried first.
pub(crate) fn quote_groups(
    input: &StoryInput,
    entities: &[MergedEntity],
    members: &HashMap<(usize, usize), usize>,
    content: &Pipeline,
) -> Vec<QuoteGroup> {
    let mut statements = Vec::new();
    for (article, story_article) in input.articles.iter().enumerate() {
        for (quote, found) in story_article.analysis.quotes.iter().enumerate() {
            let Some(key) = speaker_key(members, article, &found.speaker) else { continue };
            let text = &story_article.text[found.attribution.content.clone()];
            let words = content_words(content, text);
            if !words.is_empty() {
                statements.push(Statement { article, quote, key, words });
            }
        }
    }
    // Each statement joins the first group of its speaker holding a wording like it.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (i, statement) in statements.iter().enumerate() {
        let home = groups.iter_mut().find(|group| {
            group.iter().any(|&j| {
                statements[j].key == statement.key
                    && same_content(&statements[j].words, &statement.words, MIN_SHARED)
            })
        });
        match home {
            Some(group) => group.push(i),
            None => groups.push(vec![i]),
        }
    }
    let mut built: Vec<(usize, usize, QuoteGroup)> = groups
        .iter()
        .map(|group| {
            let (independent, built) = build_group(input, entities, &statements, group);
            (independent, place(input, &statements, group), built)
        })
        .collect();
    // Most widely carried first; among equals, a named speaker before an unnamed one, a
    // quotation before reported speech, and what an outlet put highest (headline, lead) first.
    built.sort_by_key(|(independent, place, group)| {
        let quoted = group.wordings.iter().any(|w| w.direct);
        (std::cmp::Reverse(*independent), group.anonymous, !quoted, *place)
    });
    built.into_iter().map(|(_, _, group)| group).collect()
}

/// How high its outlets carry a statement: the lowest paragraph number any of its wordings
/// starts in (0 is the headline).
fn place(input: &StoryInput, statements: &[Statement], group: &[usize]) -> usize {
    group
        .iter()
        .map(|&i| {
            let statement = &statements[i];
            let article = &input.articles[statement.article];
            let start = article.analysis.quotes[statement.quote].attribution.content.start;
            article.text.get(..start).map_or(usize::MAX, |before| before.matches("\n\n").count())
        })
        .min()
        .unwrap_or(usize::MAX)
}

fn build_group(
    input: &StoryInput,
    entities: &[MergedEntity],
    statements: &[Statement],
    group: &[usize],
) -> (usize, QuoteGroup) {
    let mut wordings: Vec<Wording> = Vec::new();
    for &i in group {
        let statement = &statements[i];
        let found = &input.articles[statement.article].analysis.quotes[statement.quote];
        let span = found.attribution.content.clone();
        let text = clean_quote(&input.articles[statement.article].text[span.clone()]);
        let from = provenance(input, statement.article, &span);
        match wordings.iter_mut().find(|w| w.text == text) {
            Some(wording) => wording.from.push(from),
            None => {
                wordings.push(Wording { text, direct: found.attribution.direct, from: vec![from] })
            }
        }
    }
    wordings.sort_by_key(|w| std::cmp::Reverse(w.from.len()));
    let articles: Vec<usize> = group.iter().map(|&i| statements[i].article).collect();
    let first = &statements[group[0]];
    let first_quote = &input.articles[first.article].analysis.quotes[first.quote];
    // An unnamed source is named as analysis read it (its noun phrase, without the words of
    // its clause that the source's span ran into).
    let source_words = match &first_quote.speaker {
        Speaker::Anonymous(words) => words.clone(),
        _ => first_quote
            .attribution
            .source
            .clone()
            .map(|s| input.articles[first.article].text[s].trim().to_string())
            .unwrap_or_default(),
    };
    let quote_group = QuoteGroup {
        speaker: speaker_name(entities, &first.key, &source_words),
        anonymous: matches!(first.key, SpeakerKey::Unnamed(_)),
        wordings,
        outlets: input.outlets(articles.iter().copied()),
        first_seen: articles.iter().filter_map(|&a| input.articles[a].published).min(),
    };
    (input.independent(articles), quote_group)
}

/// A statement without the quotation marks and punctuation around it.
fn clean_quote(text: &str) -> String {
    let trimmed = text.trim().trim_matches(|c: char| {
        matches!(c, '"' | '“' | '”' | '«' | '»' | '„' | '\'' | '‘' | '’' | ',' | ' ')
    });
    trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
}
