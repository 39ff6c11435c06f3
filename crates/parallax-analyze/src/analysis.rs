//! One article's analysis: its entities, its quotes with speakers resolved to entities, its
//! figures with the source each is given on, and its time expressions.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::ops::Range;

use chrono::NaiveDate;

use crate::entities::{Entities, entities_in};
use crate::names::EntityKind;
use crate::quantities::{Quantity, quantities_in};
use crate::quotes::{Attribution, attributions_in};
use crate::times::{TimeExpression, time_expressions_in};
use crate::tokens::tokenize;

/// Who a statement or a figure is attributed to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Quote {
    /// The statement, its cue and its source as written.
    pub attribution: Attribution,
    /// Who said it.
    pub speaker: Speaker,
}

/// A figure with the source the text gives for it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
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
    // One tokenization for names, statements, figures and times (which read it through their
    // own view: "15:00" one number, "mid-December" two words).
    let tokens = tokenize(text);
    link(
        text,
        entities_in(text, &tokens),
        attributions_in(text, &tokens),
        quantities_in(text, &tokens),
        time_expressions_in(text, &tokens, anchor),
    )
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
    let mentions = Mentions::new(text, &entities);
    let quotes: Vec<Quote> = attributions
        .into_iter()
        .map(|attribution| {
            let speaker = speaker(text, &entities, &mentions, &attribution);
            Quote { attribution, speaker }
        })
        .collect();
    let mut time_spans: Vec<Range<usize>> = times.iter().map(|t| t.span.clone()).collect();
    time_spans.sort_by_key(|span| span.start);
    let quantities: Vec<Quantity> =
        quantities.into_iter().filter(|q| !overlaps_any(&time_spans, &q.number)).collect();
    let sources = outermost(&quotes, &quantities);
    let figures = quantities
        .into_iter()
        .zip(sources)
        .map(|(quantity, quote)| {
            let speaker = quote.map_or(Speaker::Unknown, |i| quotes[i].speaker.clone());
            Figure { quantity, quote, speaker }
        })
        .collect();
    Analysis { entities, quotes, figures, times }
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// Whether `span` overlaps any of `sorted` (ranges sorted by start, not overlapping each other).
fn overlaps_any(sorted: &[Range<usize>], span: &Range<usize>) -> bool {
    let after = sorted.partition_point(|r| r.start < span.end);
    after > 0 && overlaps(&sorted[after - 1], span)
}

/// For each quantity (in text order), the statement with a source and the widest content that
/// holds its number: one sweep with the open statements in a heap by length, so the cost stays
/// near linear however many statements and figures a text has.
fn outermost(quotes: &[Quote], quantities: &[Quantity]) -> Vec<Option<usize>> {
    let mut order: Vec<usize> =
        (0..quotes.len()).filter(|&i| quotes[i].attribution.source.is_some()).collect();
    order.sort_by_key(|&i| quotes[i].attribution.content.start);
    let mut open: BinaryHeap<(usize, Reverse<usize>)> = BinaryHeap::new();
    let mut next = 0;
    let mut found = Vec::with_capacity(quantities.len());
    for quantity in quantities {
        let span = &quantity.number;
        while next < order.len() && quotes[order[next]].attribution.content.start <= span.start {
            let content = &quotes[order[next]].attribution.content;
            open.push((content.len(), Reverse(order[next])));
            next += 1;
        }
        // A statement ending before this number ends before every later one too.
        while open
            .peek()
            .is_some_and(|&(_, Reverse(i))| quotes[i].attribution.content.end < span.end)
        {
            open.pop();
        }
        found.push(open.peek().map(|&(_, Reverse(i))| i));
    }
    found
}

/// The article's entity mentions, sorted for lookups by where they end and where they start.
struct Mentions {
    /// (end, start, entity) of every mention, by end.
    by_end: Vec<(usize, usize, usize)>,
    /// (start, end) of person mentions that open a sentence, by start.
    subjects: Vec<(usize, usize)>,
}

impl Mentions {
    fn new(text: &str, entities: &Entities) -> Mentions {
        let mut by_end = Vec::new();
        let mut subjects = Vec::new();
        for (index, entity) in entities.entities.iter().enumerate() {
            for mention in &entity.mentions {
                by_end.push((mention.end, mention.start, index));
                if entity.kind == EntityKind::Person && opens_sentence(text, mention.start) {
                    subjects.push((mention.start, mention.end));
                }
            }
        }
        by_end.sort_unstable();
        subjects.sort_unstable();
        Mentions { by_end, subjects }
    }

    /// Entities with a mention inside `span` that ends where the span's words end (give or
    /// take a possessive): the head of the source.
    fn heads(&self, span: &Range<usize>, head_end: usize) -> impl Iterator<Item = usize> + '_ {
        let from = self.by_end.partition_point(|&(end, ..)| end + 3 < head_end);
        let to = self.by_end.partition_point(|&(end, ..)| end <= head_end);
        let span = span.clone();
        self.by_end[from..to]
            .iter()
            .filter(move |&&(end, start, _)| start < span.end && span.start < end)
            .map(|&(_, _, entity)| entity)
    }

    /// The last mention of a person before `before` that opens a sentence: who "he" most likely
    /// is ("Bartender Ruslan Lapuk, 28, sees little chance. “...,” he said").
    fn last_subject(&self, before: usize) -> Option<Range<usize>> {
        let upto = self.subjects.partition_point(|&(start, _)| start < before);
        self.subjects[..upto]
            .iter()
            .rev()
            .find(|&&(_, end)| end <= before)
            .map(|&(start, end)| start..end)
    }
}

/// The speaker of a statement: the entity named at the head of its source ("Kremlin
/// spokesman Dmitry Peskov", "the Kremlin", "Ukraine’s defence minister" set off beside a
/// name), else the source's words as an unnamed source ("a Biden administration official" is
/// not Biden, "US officials" are not the United States).
fn speaker(
    text: &str,
    entities: &Entities,
    mentions: &Mentions,
    attribution: &Attribution,
) -> Speaker {
    let Some(mut span) = attribution.speaker.clone().or_else(|| attribution.source.clone()) else {
        return Speaker::Unknown;
    };
    if let Some(source) = &attribution.source
        && matches!(text[source.clone()].trim().to_lowercase().as_str(), "he" | "she")
        && let Some(subject) = mentions.last_subject(attribution.content.start)
        && (subject.start > span.start || is_pronoun(&text[span.clone()]))
    {
        span = subject;
    }
    let span = trim_source(text, span);
    let words = text[span.clone()].trim();
    let head_end = span.start + text[span.clone()].trim_end().len();
    // "It" and "they" are institutions and groups more often than people.
    let impersonal = attribution.source.as_ref().is_some_and(|s| {
        matches!(text[s.clone()].trim().to_lowercase().as_str(), "it" | "they" | "we")
    });
    let kind = |index: usize| entities.entities[index].kind;
    let mut heads: Vec<usize> = mentions.heads(&span, head_end).collect();
    heads.sort_by_key(|&i| (kind(i) != EntityKind::Person, i));
    if let Some(&index) = heads.first()
        && !(impersonal && kind(index) == EntityKind::Person)
    {
        return Speaker::Entity(index);
    }
    if is_pronoun(words) || words.is_empty() || !names_someone(words) {
        Speaker::Unknown
    } else {
        Speaker::Anonymous(words.to_string())
    }
}

/// Words a source read too far can run into: a verb or adverb of its clause ("The Biden
/// government has already"), a preposition or a time ("Sergei Lavrov on Thursday", "The
/// United States last week"). The source ends before the first of them.
#[rustfmt::skip]
const PAST_A_SOURCE: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "be", "been", "will", "would", "could",
    "should", "may", "might", "can", "already", "also", "still", "to", "on", "in", "at", "over",
    "during", "last", "this", "next", "earlier", "later", "yesterday", "today", "tomorrow",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Weekday names, which end a source though capitalised ("officials on Thursday").
const WEEKDAYS: &[&str] =
    &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/// `span` up to the first word past a source ([`PAST_A_SOURCE`]), never empty.
fn trim_source(text: &str, span: Range<usize>) -> Range<usize> {
    let piece = &text[span.clone()];
    let mut previous_end = None;
    let mut offset = 0;
    for word in piece.split_inclusive(char::is_whitespace) {
        let bare = word.trim().trim_matches(|c: char| !c.is_alphanumeric());
        let lower = bare.to_lowercase();
        // Only a word written in lowercase (or a weekday) goes past a source: "May" in
        // "Theresa May" and "on" in "The Mail on Sunday"'s capitalised run are the name's.
        let past = PAST_A_SOURCE.contains(&lower.as_str())
            && (bare.starts_with(char::is_lowercase) || WEEKDAYS.contains(&lower.as_str()));
        if let Some(end) = previous_end
            && past
        {
            return span.start..span.start + end;
        }
        if !word.trim().is_empty() {
            previous_end = Some(offset + word.trim_end().len());
        }
        offset += word.len();
    }
    span
}

/// Whether the words of an unnamed source can name someone: a noun phrase ("US officials", "a
/// group of Russians"), not a piece of a clause ending in a function word ("Kiev to end the").
fn names_someone(words: &str) -> bool {
    let last = words.split_whitespace().last().unwrap_or_default().to_lowercase();
    let last = last.trim_matches(|c: char| !c.is_alphanumeric());
    !matches!(
        last,
        "the" | "a" | "an" | "of" | "and" | "or" | "to" | "for" | "its" | "their" | "his" | "her"
    ) && !words.split_whitespace().skip(1).any(|w| {
        // The first word is never cut ("Yesterday officials said"); the others are, unless a
        // name's ("Theresa May").
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        bare.starts_with(char::is_lowercase) && PAST_A_SOURCE.contains(&bare)
    })
}

fn is_pronoun(words: &str) -> bool {
    matches!(
        words.trim().to_lowercase().as_str(),
        "he" | "she" | "they" | "it" | "we" | "i" | "you" | "who" | "which"
    )
}

fn opens_sentence(text: &str, at: usize) -> bool {
    text[..at]
        .trim_end_matches([' ', '\t'])
        .chars()
        .next_back()
        .is_none_or(|c| matches!(c, '.' | '!' | '?' | '\n' | '"' | '”' | '“'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unnamed_source_ends_where_its_clause_goes_on() {
        let text = "The harbour board has already said it will reopen the port. Kelmouth \
                    officials on Thursday said the strike was over. Prime Minister Theresa May \
                    said the port would reopen.";
        let analysis = analyze(text, None);
        let theresa_may = analysis
            .entities
            .entities
            .iter()
            .position(|e| e.name == "Theresa May")
            .unwrap_or_else(|| panic!("{:#?}", analysis.entities));
        let speakers: Vec<&Speaker> = analysis.quotes.iter().map(|q| &q.speaker).collect();
        assert_eq!(
            speakers,
            [
                &Speaker::Anonymous("The harbour board".into()),
                &Speaker::Anonymous("Kelmouth officials".into()),
                &Speaker::Entity(theresa_may)
            ],
            "{:#?}",
            analysis.quotes
        );
    }
}
