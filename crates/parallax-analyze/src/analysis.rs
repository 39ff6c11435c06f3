//! One article's analysis: its entities, its quotes with speakers resolved to entities, its
//! figures with the source each is given on, and its time expressions.

use std::ops::Range;

use chrono::NaiveDate;

use crate::entities::{Entities, entities};
use crate::names::EntityKind;
use crate::quantities::{Quantity, quantities};
use crate::quotes::{Attribution, attributions};
use crate::times::{TimeExpression, time_expressions};

/// Who a statement or a figure is attributed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Speaker {
    /// An entity of the article (an index into [`Analysis::entities`]): a name, a surname, a
    /// pronoun that goes back to one, or a description that fits one ("the spokesman").
    Entity(usize),
    /// A source the text leaves unnamed, with the words that describe it ("a senior US
    /// administration official", "US intelligence officials").
    Anonymous(String),
    /// No source the text gives, or one that could not be resolved ("he" with nobody before).
    Unknown,
}

/// A statement with its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The statement, its cue and its source as written.
    pub attribution: Attribution,
    /// Who said it.
    pub speaker: Speaker,
}

/// A figure with the source the text gives for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// The number, what it counts, its unit and qualifier.
    pub quantity: Quantity,
    /// The statement it is part of (an index into [`Analysis::quotes`]): the outermost one,
    /// so "X found N, according to Y" is on Y's word.
    pub quote: Option<usize>,
    /// Who gives it.
    pub speaker: Speaker,
}

/// Everything parallax reads out of one article's text.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// People, organisations and places, merged within the article.
    pub entities: Entities,
    /// Direct quotes and reported speech, in text order.
    pub quotes: Vec<Quote>,
    /// Figures, in text order (numbers inside time expressions left out).
    pub figures: Vec<Figure>,
    /// Time expressions resolved against the anchor date.
    pub times: Vec<TimeExpression>,
}

/// Analyses an article's text; `anchor` is its publication or dateline date, which relative
/// dates ("Tuesday", "next month") are resolved against.
///
/// ```
/// let text = "About 7,000 troops were near the border, according to Defence Minister Ada Lind. \
///             \u{201c}We are ready,\u{201d} Lind said on Tuesday.";
/// let analysis = parallax_analyze::analyze(text, chrono::NaiveDate::from_ymd_opt(2030, 5, 2));
/// let lind = analysis.entities.entities.iter().position(|e| e.name == "Ada Lind");
/// assert_eq!(analysis.figures[0].quantity.value, 7000.0);
/// assert_eq!(analysis.figures[0].speaker, parallax_analyze::Speaker::Entity(lind.unwrap()));
/// assert_eq!(analysis.quotes[1].speaker, parallax_analyze::Speaker::Entity(lind.unwrap()));
/// ```
pub fn analyze(text: &str, anchor: Option<NaiveDate>) -> Analysis {
    link(text, entities(text), attributions(text), quantities(text), time_expressions(text, anchor))
}

/// Joins the output of each step into an [`Analysis`]: speakers resolved to entities, figures
/// given their sources, numbers that belong to time expressions dropped. The steps can be run
/// (and timed) apart and handed in here.
pub fn link(
    text: &str,
    entities: Entities,
    attributions: Vec<Attribution>,
    quantities: Vec<Quantity>,
    times: Vec<TimeExpression>,
) -> Analysis {
    let quotes: Vec<Quote> = attributions
        .into_iter()
        .map(|attribution| {
            let speaker = speaker(text, &entities, &attribution);
            Quote { attribution, speaker }
        })
        .collect();
    let figures = quantities
        .into_iter()
        .filter(|q| !times.iter().any(|t| overlaps(&t.span, &q.number)))
        .map(|quantity| {
            let quote = outermost(&quotes, &quantity.number);
            let speaker = quote.map_or(Speaker::Unknown, |i| quotes[i].speaker.clone());
            Figure { quantity, quote, speaker }
        })
        .collect();
    Analysis { entities, quotes, figures, times }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// The statement with the widest content that holds `span`.
fn outermost(quotes: &[Quote], span: &Range<usize>) -> Option<usize> {
    quotes
        .iter()
        .enumerate()
        .filter(|(_, q)| {
            let content = &q.attribution.content;
            content.start <= span.start && span.end <= content.end && q.attribution.source.is_some()
        })
        .max_by_key(|(_, q)| q.attribution.content.len())
        .map(|(i, _)| i)
}

/// The speaker of a statement: the entity named at the head of its source ("Kremlin
/// spokesman Dmitry Peskov", "the Kremlin", "Ukraine’s defence minister" set off beside a
/// name), else the source's words as an unnamed source ("a Biden administration official" is
/// not Biden, "US officials" are not the United States).
fn speaker(text: &str, entities: &Entities, attribution: &Attribution) -> Speaker {
    let Some(mut span) = attribution.speaker.clone().or_else(|| attribution.source.clone()) else {
        return Speaker::Unknown;
    };
    if let Some(source) = &attribution.source
        && matches!(text[source.clone()].trim().to_lowercase().as_str(), "he" | "she")
        && let Some(subject) = last_subject(text, entities, attribution.content.start)
        && (subject.start > span.start || is_pronoun(&text[span.clone()]))
    {
        span = subject;
    }
    let words = text[span.clone()].trim();
    let head_end = span.start + text[span.clone()].trim_end().len();
    let heads = |entity: &crate::entities::Entity| {
        entity
            .mentions
            .iter()
            .any(|m| overlaps(m, &span) && m.end <= head_end && m.end + 3 >= head_end)
    };
    let people = entities.entities.iter().enumerate().filter(|(_, e)| e.kind == EntityKind::Person);
    let others = entities.entities.iter().enumerate().filter(|(_, e)| e.kind != EntityKind::Person);
    // "It" and "they" are institutions and groups more often than people.
    let impersonal = attribution.source.as_ref().is_some_and(|s| {
        matches!(text[s.clone()].trim().to_lowercase().as_str(), "it" | "they" | "we")
    });
    if let Some((index, entity)) = people.chain(others).find(|(_, entity)| heads(entity))
        && !(impersonal && entity.kind == EntityKind::Person)
    {
        return Speaker::Entity(index);
    }
    if is_pronoun(words) || words.is_empty() {
        Speaker::Unknown
    } else {
        Speaker::Anonymous(words.to_string())
    }
}

fn is_pronoun(words: &str) -> bool {
    matches!(
        words.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you" | "who" | "which"
    )
}

/// The last mention of a person before `before` that opens a sentence: who "he" most likely
/// is ("Bartender Ruslan Lapuk, 28, sees little chance. “...,” he said").
fn last_subject(text: &str, entities: &Entities, before: usize) -> Option<Range<usize>> {
    entities
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Person)
        .flat_map(|e| e.mentions.iter())
        .filter(|m| m.end <= before && opens_sentence(text, m.start))
        .max_by_key(|m| m.start)
        .cloned()
}

fn opens_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '”' | '“'))
}
