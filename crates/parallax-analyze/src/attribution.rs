//! The attribution record, and the readers of a source around a cue, that direct quotes
//! (`quotes`) and reported speech (`reported`) both use.

use std::ops::Range;

use crate::lexicon::{is_between, is_breaker, is_cue};
use crate::tokens::{Kind, Token};

/// One attribution: something the text reports a source as saying (or finding, or showing).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Attribution {
    /// What was said, as a byte range of the text (quotation marks included for quotes).
    pub content: Range<usize>,
    /// The words that attribute it ("said", "told reporters", "according to").
    pub cue: Option<Range<usize>>,
    /// Who said it, as the text names them here ("he", "the spokesman", "Dmitry Peskov").
    pub source: Option<Range<usize>>,
    /// Whether the content is a quotation in quotation marks.
    pub direct: bool,
    /// Who the source is, when it is a pronoun ("he said"): the source of the nearest attribution
    /// before it that names one. Equal to `source` otherwise.
    pub speaker: Option<Range<usize>>,
}

/// The most words a source may have.
pub(crate) const MAX_SOURCE_WORDS: usize = 7;

/// `NP cue` or `cue NP` right after a closing mark (a comma or full stop may come between).
pub(crate) fn speaker_after(
    tokens: &[Token],
    mut at: usize,
) -> Option<(Range<usize>, Option<Range<usize>>)> {
    // `..., she said`, `...,” she said`, `... — she said`.
    while tokens.get(at).is_some_and(|t| {
        t.kind == Kind::Punct && matches!(t.lower.as_str(), "," | "—" | "–")
            || t.kind == Kind::Close
    }) {
        at += 1;
    }
    let first = tokens.get(at)?;
    if first.kind != Kind::Word {
        return None;
    }
    if is_cue(&first.lower) {
        let source = source_after(tokens, at + 1);
        return Some((first.range.clone(), source));
    }
    // A speaker, perhaps with a parenthesis or an appositive (`Rep. Ada Lind (R-Ga.), a member
    // of the panel, said`), then the cue.
    let mut head = at;
    while head < tokens.len()
        && head - at <= MAX_SOURCE_WORDS + 2
        && tokens[head].kind == Kind::Word
        && !is_cue(&tokens[head].lower)
    {
        head += 1;
    }
    // Up to two asides: `(R-Ga.)`, `, a member of the panel,`.
    let mut cue_at = head;
    for _ in 0..2 {
        match tokens.get(cue_at).map(|t| t.lower.as_str()) {
            Some("(") => {
                cue_at = (cue_at + 1..tokens.len().min(cue_at + 10))
                    .find(|&i| tokens[i].lower == ")")?
                    + 1
            }
            Some(",") => {
                cue_at = (cue_at + 1..tokens.len().min(cue_at + 30))
                    .take_while(|&i| !matches!(tokens[i].kind, Kind::Open | Kind::Close))
                    .find(|&i| tokens[i].lower == ",")?
                    + 1
            }
            _ => break,
        }
    }
    let mut cue = cue_at;
    while cue < tokens.len() && cue - cue_at < 3 && is_between(&tokens[cue].lower) {
        cue += 1;
    }
    if !tokens.get(cue).is_some_and(|t| t.kind == Kind::Word && is_cue(&t.lower)) {
        return None;
    }
    let mut source_end = head;
    while cue_at == head && source_end > at && is_between(&tokens[source_end - 1].lower) {
        source_end -= 1;
    }
    if source_end == at
        || is_breaker(&tokens[at].lower) && tokens[at].lower != "the"
        || tokens[at + 1..source_end].iter().any(|t| {
            is_breaker(&t.lower)
                && !matches!(t.lower.as_str(), "the" | "of" | "in" | "at" | "for" | "from")
        })
    {
        return None;
    }
    let cue_start = if cue_at == head { source_end } else { cue_at };
    let source = tokens[at].range.start..tokens[source_end - 1].range.end;
    Some((tokens[cue_start].range.start..tokens[cue].range.end, Some(source)))
}

/// The speaker before the cue at `cue`, reading left over "also", "has" and the like, over a
/// parenthesis (`Sen. David Perdue (R-Ga.) said`) and over an appositive between commas
/// (`Rendell, a Clinton surrogate, said`); returns it and where the cue phrase starts.
pub(crate) fn source_before(tokens: &[Token], cue: usize) -> (Option<Range<usize>>, usize) {
    let mut cue_start = cue;
    while cue_start > 0
        && tokens[cue_start - 1].kind == Kind::Word
        && is_between(&tokens[cue_start - 1].lower)
    {
        cue_start -= 1;
    }
    let mut end = cue_start;
    if end > 0 && tokens[end - 1].lower == ")" {
        let open = (end.saturating_sub(12)..end - 1).rev().find(|&i| tokens[i].lower == "(");
        if let Some(open) = open {
            end = open;
        }
    } else if end > 0 && tokens[end - 1].lower == "," {
        let comma = (end.saturating_sub(25)..end - 1).rev().find(|&i| tokens[i].lower == ",");
        if let Some(comma) = comma {
            end = comma;
        }
    }
    let mut start = end;
    while start > 0
        && end - start < MAX_SOURCE_WORDS
        && (tokens[start - 1].kind == Kind::Word && !is_breaker(&tokens[start - 1].lower)
            || attached_mark(tokens, start - 1)
            || joined_names(tokens, start - 1))
    {
        start -= 1;
    }
    // A subject does not start with its possessive mark.
    while start < end && tokens[start].kind != Kind::Word {
        start += 1;
    }
    let source = (start < end).then(|| tokens[start].range.start..tokens[end - 1].range.end);
    (source, cue_start)
}

/// "and" between two names (`Washington and Kiev say`): the speakers are both.
fn joined_names(tokens: &[Token], at: usize) -> bool {
    at > 0
        && tokens[at].lower == "and"
        && tokens.get(at + 1).is_some_and(|t| t.kind == Kind::Word && t.capital)
        && tokens[at - 1].kind == Kind::Word
        && tokens[at - 1].capital
}

/// A possessive apostrophe or a percent sign set right after a word (`the senators’ aides`,
/// `26% say`): part of a subject.
fn attached_mark(tokens: &[Token], at: usize) -> bool {
    at > 0
        && matches!(tokens[at].lower.as_str(), "’" | "'" | "%")
        && tokens[at - 1].kind == Kind::Word
        && tokens[at - 1].range.end == tokens[at].range.start
}

/// The speaker after a cue (`said the mayor`), up to a preposition or punctuation.
pub(crate) fn source_after(tokens: &[Token], at: usize) -> Option<Range<usize>> {
    let mut end = at;
    while end < tokens.len()
        && end - at < MAX_SOURCE_WORDS
        && tokens[end].kind == Kind::Word
        && (end == at && tokens[end].lower == "the" || !is_breaker(&tokens[end].lower))
    {
        end += 1;
    }
    (end > at).then(|| tokens[at].range.start..tokens[end - 1].range.end)
}
