//! Reported speech: statements attributed to a source without quotation marks.

use std::ops::Range;

use crate::lexicon::{is_breaker, is_cue, is_reporting};
use crate::quotes::{Attribution, MAX_SOURCE_WORDS, source_before, speaker_after};
use crate::tokens::{Kind, Token};

/// Reported speech in one sentence (`tokens[first..last]`): `According to NP, ...`,
/// `..., according to NP.`, `..., NP said.`, `NP said (that) ...`.
pub(crate) fn indirect(
    tokens: &[Token],
    first: usize,
    mut last: usize,
    skip: impl Fn(usize) -> bool,
) -> Vec<Attribution> {
    while last > first && tokens[last - 1].kind == Kind::Punct {
        last -= 1;
    }
    if last - first < 5 {
        return Vec::new();
    }
    let words = |range: Range<usize>| tokens[range].iter().filter(|t| t.kind == Kind::Word).count();
    let span = |from: usize, to: usize| tokens[from].range.start..tokens[to - 1].range.end;
    // According to NP, content.
    if tokens[first].lower == "according" && tokens.get(first + 1).is_some_and(|t| t.lower == "to")
    {
        let Some(comma) = (first + 2..last).find(|&i| tokens[i].lower == ",") else {
            return Vec::new();
        };
        if comma > first + 2 && words(comma + 1..last) >= 4 {
            return vec![Attribution {
                content: span(comma + 1, last),
                cue: Some(span(first, first + 2)),
                source: Some(span(first + 2, comma)),
                direct: false,
                speaker: None,
            }];
        }
    }
    let mut found = Vec::new();
    // Content, according to NP (however long). / Content, according to NP, more content.
    let according = (first + 2..last.saturating_sub(1)).rev().find(|&i| {
        tokens[i].lower == "according" && tokens[i + 1].lower == "to" && tokens[i - 1].lower == ","
    });
    if let Some(at) = according
        && words(first..at - 1) >= 4
    {
        let source_end = (at + 2..last).find(|&i| tokens[i].lower == ",").unwrap_or(last);
        if source_end > at + 2 && source_end - at < 30 {
            let content_end = if source_end == last { at - 1 } else { last };
            found.push(Attribution {
                content: span(first, content_end),
                cue: Some(span(at, at + 2)),
                source: Some(span(at + 2, source_end)),
                direct: false,
                speaker: None,
            });
        }
    }
    // Content, NP said. / Content, said NP, a title.
    let commas = (first + 1..last)
        .rev()
        .filter(|&i| tokens[i].lower == ",")
        .take(usize::from(found.is_empty()));
    for comma in commas {
        if words(first..comma) < 4 || last - comma > MAX_SOURCE_WORDS + 4 {
            continue;
        }
        if let Some((cue, source)) = speaker_after(tokens, comma + 1) {
            // The attribution closes the sentence ("..., she said on Monday."); a clause that
            // goes on is a new statement, not a speaker.
            let end = source.as_ref().map_or(cue.end, |s| s.end.max(cue.end));
            let after = tokens.partition_point(|t| t.range.end <= end);
            let cue_first = source.as_ref().is_some_and(|s| cue.start < s.start);
            let trailing = if cue_first { &TRAILING[..TRAILING_AFTER_NAME] } else { TRAILING };
            // A speaker read past the sentence's end is not this sentence's speaker.
            if after <= last
                && last - after <= 4
                && tokens[after..last].first().is_none_or(|t| trailing.contains(&t.lower.as_str()))
            {
                found.push(Attribution {
                    content: span(first, comma),
                    cue: Some(cue),
                    source,
                    direct: false,
                    speaker: None,
                });
                break;
            }
        }
    }
    // Content, NP said, more content.
    if found.is_empty()
        && let Some(parenthetical) = parenthetical(tokens, first, last)
    {
        return vec![parenthetical];
    }
    // NP said (that) content, wherever in the sentence the clause starts; several per sentence.
    let closing: Vec<Range<usize>> = found.iter().filter_map(|a| a.cue.clone()).collect();
    for cue in first + 1..last {
        let used = closing
            .iter()
            .any(|c| c.start <= tokens[cue].range.start && tokens[cue].range.end <= c.end);
        let next = tokens.get(cue + 1).map(|t| t.lower.as_str());
        if tokens[cue].kind != Kind::Word
            || !is_reporting(&tokens[cue].lower, next)
            || skip(cue)
            || used
        {
            continue;
        }
        let Some((source, cue_start)) = clause_source(tokens, first, cue) else { continue };
        let Some(content_start) = content_start(tokens, cue, last) else { continue };
        if words(content_start..last) < 4 {
            continue;
        }
        found.push(Attribution {
            content: span(content_start, last),
            cue: Some(tokens[cue_start].range.start..tokens[cue].range.end),
            source: Some(source),
            direct: false,
            speaker: None,
        });
    }
    found
}

/// Words that may follow a closing `..., NP said` (`on Monday`, `in a statement`, `Friday`).
#[rustfmt::skip]
const TRAILING: &[&str] = &[
    // These may follow a name (`..., said Ada Lind on Monday`).
    ",", "on", "in", "at", "during", "last", "yesterday", "today", "earlier", "later", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "(", "—", "–", "―",
    "tonight",
    // These only follow a cue (`..., she said to reporters`).
    "to", "this", "after", "before", "recently", "when", "while", "as", "adding", "via", "from",
    "of", "by", "told", "according", "late", "early",
];
/// How many of [`TRAILING`] may follow a name.
const TRAILING_AFTER_NAME: usize = 22;

/// Lowercase words a subject may start with.
#[rustfmt::skip]
const SUBJECT_STARTS: &[&str] = &[
    "he", "she", "they", "it", "we", "i", "you", "who", "one", "the", "a", "an", "some", "many",
    "most", "several", "few", "all", "both", "each", "every", "any", "no", "his", "her", "their",
    "its", "our", "my", "your", "this", "that", "these", "those", "nearly", "almost", "about",
    "more", "less", "as", "only", "just", "at", "two", "three", "four", "five", "six", "seven",
    "eight", "nine", "ten", "other", "another", "officials", "analysts", "experts", "critics",
    "sources", "aides", "advisers", "advisors", "residents", "voters", "lawmakers", "officers",
    "police", "investigators", "prosecutors", "researchers", "scientists", "economists",
    "supporters", "opponents", "democrats", "republicans", "people", "witnesses", "members",
    "leaders", "diplomats", "authorities", "activists", "protesters", "doctors", "polls",
    "studies", "reports", "documents", "records", "data", "surveys", "former", "senior", "top",
];

/// Words a subject never reads back over.
const CLAUSE_WORDS: &[&str] =
    &["that", "which", "who", "and", "but", "because", "when", "while", "if", "as"];

/// Words that may open a clause whose subject is a speaker (`..., and the mayor said ...`).
#[rustfmt::skip]
const CLAUSE_OPENERS: &[&str] = &[
    ",", ";", "and", "but", "when", "while", "as", "after", "because", "though", "although",
    "since", "(", "—", "–", "―", "so", "if", "where", "before", "meanwhile", "also", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
    "earlier", "later", "then", "now", "however", "instead", "still", "which", "that", "what",
    "whom",
];

/// The speaker of the cue at `cue` and where the cue phrase starts. The speaker must open a
/// clause: start the sentence, or follow a comma or a conjunction. A participle after a comma
/// (`..., saying ...`) belongs to the sentence's subject.
fn clause_source(tokens: &[Token], first: usize, cue: usize) -> Option<(Range<usize>, usize)> {
    if tokens[cue].lower.ends_with("ing") {
        if tokens[cue - 1].lower != "," {
            return None;
        }
        let mut end = first;
        while end < cue
            && end - first < MAX_SOURCE_WORDS
            && tokens[end].kind == Kind::Word
            && !is_breaker(&tokens[end].lower)
        {
            end += 1;
        }
        return (end > first).then(|| (tokens[first].range.start..tokens[end - 1].range.end, cue));
    }
    let (source, cue_start) = source_before(tokens, cue);
    if let Some(found) = source.clone().and_then(|s| opening_source(tokens, first, s, cue_start)) {
        return Some(found);
    }
    // `Ree, head of the board, which runs the docks, said`: the subject before a chain of
    // appositives, each set off by commas.
    let after_comma = cue_start > 0 && tokens[cue_start - 1].lower == ",";
    let window = cue_start.saturating_sub(40).max(first)..cue_start.saturating_sub(1);
    let chain = window.rev().filter(|_| after_comma).filter(|&i| tokens[i].lower == ",").find_map(
        |comma| {
            let mut start = comma;
            while start > first
                && comma - start < MAX_SOURCE_WORDS
                && tokens[start - 1].kind == Kind::Word
                && !is_breaker(&tokens[start - 1].lower)
            {
                start -= 1;
            }
            let source =
                (start < comma).then(|| tokens[start].range.start..tokens[comma - 1].range.end)?;
            opening_source(tokens, first, source, cue_start)
        },
    );
    if chain.is_some() {
        return chain;
    }
    // `40 percent of the voters said`, `a spokesman for the council said`: the subject goes on
    // over a preposition.
    if let Some(source) = source {
        let mut start = tokens.partition_point(|t| t.range.start < source.start);
        while start > first && cue_start - start < MAX_SOURCE_WORDS + 5 {
            start -= 1;
            let word = &tokens[start];
            if word.kind != Kind::Word
                || is_cue(&word.lower)
                || CLAUSE_WORDS.contains(&word.lower.as_str())
            {
                break;
            }
            let longer = word.range.start..source.end;
            if !is_breaker(&word.lower)
                && let Some(found) = opening_source(tokens, first, longer, cue_start)
            {
                return Some(found);
            }
        }
    }
    None
}

/// `source` if it opens a clause of the sentence starting at `first` and is more than an article.
fn opening_source(
    tokens: &[Token],
    first: usize,
    source: Range<usize>,
    cue_start: usize,
) -> Option<(Range<usize>, usize)> {
    let source_first = tokens.partition_point(|t| t.range.start < source.start);
    if source_first < first {
        return None;
    }
    let opens = source_first == first
        || CLAUSE_OPENERS.contains(&tokens[source_first - 1].lower.as_str())
        || tokens[first..source_first].iter().all(|t| t.kind != Kind::Word);
    if tokens[source_first..cue_start].iter().any(|t| is_cue(&t.lower)) {
        return None;
    }
    let lone_article = source_first + 1 == cue_start
        && matches!(tokens[source_first].lower.as_str(), "the" | "a" | "an" | "this" | "that");
    // A subject starts with a name, a pronoun, a determiner or a number.
    let head = &tokens[source_first];
    let subject_like = head.capital || SUBJECT_STARTS.contains(&head.lower.as_str());
    (opens && !lone_article && subject_like).then_some((source, cue_start))
}

/// Where the content starts after a cue: past "that", a colon or a comma, and past the listener
/// of "told" (`told reporters that`, `told The Herald on Monday that`).
fn content_start(tokens: &[Token], cue: usize, last: usize) -> Option<usize> {
    let mut at = cue + 1;
    if matches!(tokens[cue].lower.as_str(), "told" | "tells" | "tell") {
        let that = (at..last.min(at + 10)).find(|&i| tokens[i].lower == "that");
        at = match that {
            Some(that) => that,
            None if matches!(
                tokens.get(at).map(|t| t.lower.as_str()),
                Some("reporters" | "journalists" | "me" | "us" | "him" | "her" | "them")
            ) =>
            {
                at + 1
            }
            None => return None,
        };
    }
    while at < last && matches!(tokens[at].lower.as_str(), "that" | "," | ":") {
        at += 1;
    }
    // `was announced by ...` is a passive, not a statement.
    Some(at)
}

/// `Content, NP said, more content.`: the speaker set off by commas inside the statement.
fn parenthetical(tokens: &[Token], first: usize, last: usize) -> Option<Attribution> {
    let commas: Vec<usize> = (first + 2..last).filter(|&i| tokens[i].lower == ",").collect();
    for pair in commas.windows(2) {
        let (open, close) = (pair[0], pair[1]);
        let quoted =
            tokens[first..open].iter().any(|t| t.kind != Kind::Word && t.kind != Kind::Punct);
        if close - open > MAX_SOURCE_WORDS + 3 || last - close < 4 || quoted {
            continue;
        }
        let Some((cue, Some(source))) = speaker_after(tokens, open + 1) else { continue };
        if cue.end.max(source.end) != tokens[close - 1].range.end {
            continue;
        }
        return Some(Attribution {
            content: tokens[first].range.start..tokens[last - 1].range.end,
            cue: Some(cue),
            source: Some(source),
            direct: false,
            speaker: None,
        });
    }
    None
}

/// A paragraph that opens with a speaker's label (`SMITH: We will ...`, `Poll: Voters ...`), as
/// interview transcripts and headlines are set.
pub(crate) fn labelled(
    text: &str,
    tokens: &[Token],
    first: usize,
    last: usize,
) -> Option<Attribution> {
    let mut at = first;
    if tokens.get(at).is_some_and(|t| matches!(t.kind, Kind::Open | Kind::Either)) {
        at += 1;
    }
    let colon = (at..last.min(at + 4)).find(|&i| tokens[i].lower == ":")?;
    let label = &tokens[at..colon];
    let named = !label.is_empty()
        && label.iter().all(|t| {
            t.kind == Kind::Word
                && text[t.range.clone()].starts_with(char::is_uppercase)
                && !NOT_SPEAKERS.contains(&t.lower.as_str())
        });
    let body = tokens[colon + 1..last].iter().filter(|t| t.kind == Kind::Word).count();
    // A transcript's speaker is set in capitals; a headline's source heads a short line. Other
    // `Name: text` paragraphs are datelines and section names.
    let shouted = label.iter().all(|t| !text[t.range.clone()].chars().any(char::is_lowercase));
    let paragraph = tokens[first].range.start..tokens[last - 1].range.end;
    let headline = paragraph.len() < 120;
    (named && body >= 3 && (shouted || headline)).then(|| Attribution {
        content: tokens[colon + 1].range.start..tokens[last - 1].range.end,
        cue: Some(tokens[colon].range.clone()),
        source: Some(label[0].range.start..label[label.len() - 1].range.end),
        direct: false,
        speaker: None,
    })
}

/// Labels before a colon that name a section, not a speaker.
#[rustfmt::skip]
const NOT_SPEAKERS: &[&str] = &[
    "related", "read", "more", "photo", "photos", "watch", "video", "update", "updated", "news",
    "source", "sources", "note", "editor", "editor's", "image", "credit", "listen", "also", "see",
    "advertisement", "press", "breaking", "live", "opinion", "analysis", "original", "url", "by",
    "tags", "topics", "share", "comments", "recommended", "like", "follow", "subscribe", "q", "a",
    "posted", "published", "copyright", "contact", "email", "tel", "phone", "warning", "caption",
];
