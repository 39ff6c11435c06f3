//! Direct quotes and reported speech, with their cues and sources.

use std::ops::Range;

use crate::lexicon::{ABBREVIATIONS, is_between, is_breaker, is_cue};

/// One attribution: something the text reports a source as saying (or finding, or showing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// What was said, as a byte range of the text (quotation marks included for quotes).
    pub content: Range<usize>,
    /// The words that attribute it ("said", "told reporters", "according to").
    pub cue: Option<Range<usize>>,
    /// Who said it, as the text names them here ("he", "the spokesman", "Dmitry Peskov").
    pub source: Option<Range<usize>>,
    /// Whether the content is a quotation in quotation marks.
    pub direct: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Word,
    Punct,
    Open,
    Close,
}

#[derive(Debug, Clone)]
struct Token {
    range: Range<usize>,
    kind: Kind,
    lower: String,
}

/// The longest quotation accepted, in bytes; an opening mark with no close within this is not
/// a quotation.
const MAX_QUOTE: usize = 6000;
/// The fewest words a quotation must hold to be reported speech rather than a scare quote.
const MIN_QUOTE_WORDS: usize = 4;
/// The most words a source may have.
const MAX_SOURCE_WORDS: usize = 7;

/// Every attribution in `text`, in text order.
pub fn attributions(text: &str) -> Vec<Attribution> {
    let tokens = tokenize(text);
    let mut found = Vec::new();
    for (open, close) in quotations(text, &tokens) {
        if words_between(&tokens, open, close) < MIN_QUOTE_WORDS {
            continue;
        }
        found.push(direct(&tokens, open, close, text));
    }
    merge_split_quotes(&mut found, text);
    // A quotation nobody is said to have said is a title, a term or a scare quote.
    found.retain(|a| a.source.is_some());
    let quoted: Vec<Range<usize>> = found.iter().map(|a| a.content.clone()).collect();
    for sentence in parallax_core::sentences(text) {
        if quoted.iter().any(|q| q.start < sentence.end && sentence.start < q.end) {
            continue;
        }
        let first = tokens.partition_point(|t| t.range.start < sentence.start);
        let last = tokens.partition_point(|t| t.range.end <= sentence.end);
        if let Some(indirect) = indirect(&tokens, first, last) {
            found.push(indirect);
        }
    }
    found.sort_by_key(|a| a.content.start);
    found
}

fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                let joins = matches!(next, '\'' | '’' | '-' | '.' | '&' | ',')
                    && text[next_at + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                    && (next != ',' || c.is_ascii_digit());
                if next.is_alphanumeric() || joins {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[at..end];
            let lower = word.to_lowercase();
            // "Mr." keeps its full stop.
            if ABBREVIATIONS.contains(&lower.as_str())
                && chars.peek().is_some_and(|&(_, n)| n == '.')
            {
                chars.next();
                end += 1;
            }
            tokens.push(Token { range: at..end, kind: Kind::Word, lower });
            previous = text[..end].chars().next_back();
            continue;
        }
        // Two apostrophes or backticks: a double quotation mark in some archives' typesetting.
        if matches!(c, '\'' | '`') && chars.peek().is_some_and(|&(_, n)| n == c) {
            chars.next();
            let opening = c == '`'
                || previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–'));
            let kind = if opening { Kind::Open } else { Kind::Close };
            tokens.push(Token { range: at..at + 2, kind, lower: "\"".to_string() });
            previous = Some(c);
            continue;
        }
        if !c.is_whitespace() {
            let kind = match c {
                '“' | '«' | '„' => Kind::Open,
                '”' | '»' => Kind::Close,
                '"' if previous
                    .is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–')) =>
                {
                    Kind::Open
                }
                '"' => Kind::Close,
                _ => Kind::Punct,
            };
            tokens.push(Token { range: at..at + c.len_utf8(), kind, lower: c.to_string() });
        }
        previous = Some(c);
    }
    tokens
}

/// Pairs of (opening, closing) mark token indices. A quotation left open at the end of a
/// paragraph continues when the next paragraph opens with a mark (the convention for quotes
/// running over paragraphs); otherwise it was never closed and is dropped.
fn quotations(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    for (index, token) in tokens.iter().enumerate() {
        let paragraph_break =
            index > 0 && text[tokens[index - 1].range.end..token.range.start].contains('\n');
        if paragraph_break && open.is_some() && token.kind != Kind::Open {
            open = None;
        }
        if let Some(start) = open
            && token.range.end - tokens[start].range.start > MAX_QUOTE
        {
            open = None;
        }
        match token.kind {
            Kind::Open if open.is_none() => open = Some(index),
            Kind::Close => {
                if let Some(start) = open.take() {
                    pairs.push((start, index));
                }
            }
            _ => {}
        }
    }
    pairs
}

fn starts_a_sentence(quote: &str) -> bool {
    quote.chars().find(|c| c.is_alphanumeric()).is_some_and(|c| !c.is_lowercase())
}

fn words_between(tokens: &[Token], open: usize, close: usize) -> usize {
    tokens[open..close].iter().filter(|t| t.kind == Kind::Word).count()
}

/// A quotation and the speaker named after it (`,” the mayor said`, `,” said Peskov`) or
/// before it (`Peskov said: “`, `according to Peskov, “`). A quotation that starts
/// mid-sentence right after its cue (`said Trump “may not have paid a dime”`) is part of
/// reported speech: the content runs from the cue to the closing mark.
fn direct(tokens: &[Token], open: usize, close: usize, text: &str) -> Attribution {
    let content = tokens[open].range.start..tokens[close].range.end;
    if let Some((cue, source)) = speaker_after(tokens, close + 1) {
        let source = source.filter(|_| starts_a_sentence(&text[content.clone()]));
        return Attribution { content, cue: Some(cue), source, direct: true };
    }
    let Some((cue, source)) = speaker_before(tokens, open) else {
        return Attribution { content, cue: None, source: None, direct: true };
    };
    let flows = tokens[open - 1].kind == Kind::Word && tokens[open - 1].lower != "that";
    if !starts_a_sentence(&text[content.clone()]) {
        // A fragment inside reported speech: the sentence pass reads the whole statement.
        return Attribution { content, cue: None, source: None, direct: true };
    }
    if flows {
        let from = if flows { cue.end } else { content.start };
        let start = tokens.partition_point(|t| t.range.start < from);
        let start = tokens[start..open]
            .iter()
            .position(|t| t.kind == Kind::Word)
            .map_or(open, |i| start + i);
        let content = tokens[start].range.start..content.end;
        return Attribution { content, cue: Some(cue), source, direct: false };
    }
    Attribution { content, cue: Some(cue), source, direct: true }
}

/// `NP cue` or `cue NP` right after a closing mark (a comma or full stop may come between).
fn speaker_after(tokens: &[Token], mut at: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
    while tokens
        .get(at)
        .is_some_and(|t| t.kind == Kind::Punct && matches!(t.lower.as_str(), "," | "—" | "–"))
    {
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
    // A speaker, perhaps a word or two, then the cue.
    let mut end = at;
    while end < tokens.len() && end - at <= MAX_SOURCE_WORDS + 2 && tokens[end].kind == Kind::Word {
        if is_cue(&tokens[end].lower) {
            let mut source_end = end;
            while source_end > at && is_between(&tokens[source_end - 1].lower) {
                source_end -= 1;
            }
            if source_end == at
                || tokens[at..source_end].iter().any(|t| is_breaker(&t.lower) && t.lower != "the")
            {
                return None;
            }
            let source = tokens[at].range.start..tokens[source_end - 1].range.end;
            return Some((tokens[source_end].range.start..tokens[end].range.end, Some(source)));
        }
        end += 1;
    }
    None
}

/// `NP cue:` / `NP cue,` / `NP cue that` right before an opening mark.
fn speaker_before(tokens: &[Token], open: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let mut at = open.checked_sub(1)?;
    if matches!(tokens[at].lower.as_str(), "," | ":") {
        at = at.checked_sub(1)?;
    }
    if tokens[at].lower == "that" {
        at = at.checked_sub(1)?;
    }
    // The cue, perhaps with its object ("told reporters:", "said in a statement:").
    let cue = (at.saturating_sub(4)..=at)
        .rev()
        .take_while(|&i| tokens[i].kind == Kind::Word)
        .find(|&i| is_cue(&tokens[i].lower));
    let Some(cue) = cue else { return according_before(tokens, at) };
    let (source, cue_start) = source_before(tokens, cue);
    Some((tokens[cue_start].range.start..tokens[cue].range.end, source))
}

/// `according to NP,` ending at `last`.
fn according_before(tokens: &[Token], last: usize) -> Option<(Range<usize>, Option<Range<usize>>)> {
    let window = last.saturating_sub(MAX_SOURCE_WORDS + 2)..=last;
    let to = window
        .rev()
        .find(|&i| tokens[i].lower == "to" && i > 0 && tokens[i - 1].lower == "according")?;
    let source = (to < last).then(|| tokens[to + 1].range.start..tokens[last].range.end);
    Some((tokens[to - 1].range.start..tokens[to].range.end, source))
}

/// The speaker before the cue at `cue`, reading left over "also", "has" and the like, over a
/// parenthesis (`Sen. David Perdue (R-Ga.) said`) and over an appositive between commas
/// (`Rendell, a Clinton surrogate, said`); returns it and where the cue phrase starts.
fn source_before(tokens: &[Token], cue: usize) -> (Option<Range<usize>>, usize) {
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
        && tokens[start - 1].kind == Kind::Word
        && !is_breaker(&tokens[start - 1].lower)
    {
        start -= 1;
    }
    let source = (start < end).then(|| tokens[start].range.start..tokens[end - 1].range.end);
    (source, cue_start)
}

/// The speaker after a cue (`said the mayor`), up to a preposition or punctuation.
fn source_after(tokens: &[Token], at: usize) -> Option<Range<usize>> {
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

/// A quotation split around its speaker (`“First part,” she said, “second part.”`) is one
/// statement: the second part joins the first.
fn merge_split_quotes(found: &mut Vec<Attribution>, text: &str) {
    let mut merged: Vec<Attribution> = Vec::with_capacity(found.len());
    for after in found.drain(..) {
        if let Some(before) = merged.last_mut()
            && joins(before, &after, text)
        {
            before.content.end = after.content.end;
            continue;
        }
        merged.push(after);
    }
    *found = merged;
}

fn joins(before: &Attribution, after: &Attribution, text: &str) -> bool {
    if after.content.start < before.content.end || before.source.is_none() {
        return false;
    }
    let between = &text[before.content.end..after.content.start];
    let same_speaker = after.source.is_none() || after.cue == before.cue;
    same_speaker
        && between.len() < 80
        && !between.contains('\n')
        && before
            .cue
            .as_ref()
            .is_some_and(|cue| cue.start >= before.content.end && cue.end <= after.content.start)
}

/// Reported speech in one sentence (`tokens[first..last]`): `According to NP, ...`,
/// `..., according to NP.`, `..., NP said.`, `NP said (that) ...`.
fn indirect(tokens: &[Token], first: usize, mut last: usize) -> Option<Attribution> {
    while last > first && tokens[last - 1].kind == Kind::Punct {
        last -= 1;
    }
    if last - first < 5 {
        return None;
    }
    let words = |range: Range<usize>| tokens[range].iter().filter(|t| t.kind == Kind::Word).count();
    let span = |from: usize, to: usize| tokens[from].range.start..tokens[to - 1].range.end;
    // According to NP, content.
    if tokens[first].lower == "according" && tokens.get(first + 1).is_some_and(|t| t.lower == "to")
    {
        let comma = (first + 2..last).find(|&i| tokens[i].lower == ",")?;
        if comma > first + 2 && words(comma + 1..last) >= 4 {
            return Some(Attribution {
                content: span(comma + 1, last),
                cue: Some(span(first, first + 2)),
                source: Some(span(first + 2, comma)),
                direct: false,
            });
        }
    }
    // Content, according to NP. / Content, NP said. / Content, said NP, a title.
    let commas = (first + 1..last).rev().filter(|&i| tokens[i].lower == ",").take(1);
    for comma in commas {
        if words(first..comma) < 4 || last - comma > MAX_SOURCE_WORDS + 4 {
            continue;
        }
        if tokens[comma + 1].lower == "according"
            && tokens.get(comma + 2).is_some_and(|t| t.lower == "to")
            && comma + 3 < last
        {
            let source_end =
                (comma + 3..last).find(|&i| tokens[i].kind != Kind::Word).unwrap_or(last);
            return Some(Attribution {
                content: span(first, comma),
                cue: Some(span(comma + 1, comma + 3)),
                source: Some(span(comma + 3, source_end.max(comma + 4))),
                direct: false,
            });
        }
        if let Some((cue, source)) = speaker_after(tokens, comma + 1) {
            // The attribution closes the sentence ("..., she said on Monday."); a clause that
            // goes on is a new statement, not a speaker.
            let end = source.as_ref().map_or(cue.end, |s| s.end.max(cue.end));
            let after = tokens.partition_point(|t| t.range.end <= end);
            if last.saturating_sub(after) <= 4 {
                return Some(Attribution {
                    content: span(first, comma),
                    cue: Some(cue),
                    source,
                    direct: false,
                });
            }
        }
    }
    // NP said (that) content.
    let cue = (first + 1..last.min(first + 14))
        .find(|&i| tokens[i].kind == Kind::Word && is_cue(&tokens[i].lower))?;
    let (source, cue_start) = source_before(tokens, cue);
    let source = source?;
    let mut content_start = cue + 1;
    while content_start < last && matches!(tokens[content_start].lower.as_str(), "that" | "," | ":")
    {
        content_start += 1;
    }
    if words(content_start..last) < 4 {
        return None;
    }
    Some(Attribution {
        content: span(content_start, last),
        cue: Some(tokens[cue_start].range.start..tokens[cue].range.end),
        source: Some(source),
        direct: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (content, source, direct) of each attribution, as text.
    fn found(text: &str) -> Vec<(String, Option<String>, bool)> {
        attributions(text)
            .into_iter()
            .map(|a| (text[a.content].to_string(), a.source.map(|s| text[s].to_string()), a.direct))
            .collect()
    }

    fn one(text: &str) -> (String, Option<String>, bool) {
        let all = found(text);
        assert_eq!(all.len(), 1, "{all:?}");
        all[0].clone()
    }

    #[test]
    fn quotes_with_the_speaker_after_or_before() {
        let (content, source, direct) =
            one("“We will not back down from this fight,” the harbour master said on Tuesday.");
        assert_eq!(
            (content.as_str(), source.as_deref(), direct),
            ("“We will not back down from this fight,”", Some("the harbour master"), true)
        );
        let (_, source, _) = one(
            "\"The talks produced no breakthroughs at all,\" said Mara Quill, the council spokeswoman.",
        );
        assert_eq!(source.as_deref(), Some("Mara Quill"));
        let (_, source, _) = one(
            "Mayor Ines Brook told reporters: «Nothing will change for the ferry crews this year.»",
        );
        assert_eq!(source.as_deref(), Some("Mayor Ines Brook"));
        let (_, source, _) =
            one("“The dam is safe for now and inspectors will return,” she also said.");
        assert_eq!(source.as_deref(), Some("she"));
    }

    #[test]
    fn quotes_set_with_two_apostrophes_and_speakers_with_titles() {
        let (_, source, _) = one("''The harbour vote was far too close to call,'' Mr. Kamin said.");
        assert_eq!(source.as_deref(), Some("Mr. Kamin"));
        let (_, source, _) =
            one("Rendell, a former mayor of the town, said the wall would hold for years to come.");
        assert_eq!(source.as_deref(), Some("Rendell"));
        let (_, source, _) =
            one("Sen. Ada Lind (R-Ga.) said the ferry fares would stay frozen until spring.");
        assert_eq!(source.as_deref(), Some("Sen. Ada Lind"));
    }

    #[test]
    fn a_fragment_quoted_inside_reported_speech_is_not_a_quote_of_its_own() {
        let all = found(
            "The mayor said the plan was “a little desperate” and would fail within the year.",
        );
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(!all[0].2 && all[0].0.starts_with("the plan"), "{all:?}");
    }

    #[test]
    fn a_quote_split_around_its_speaker_is_one_statement() {
        let text =
            "“The wall will hold this winter,” the engineer said, “but not another one after it.”";
        let (content, source, _) = one(text);
        assert!(content.starts_with("“The wall") && content.ends_with("after it.”"), "{content}");
        assert_eq!(source.as_deref(), Some("the engineer"));
    }

    #[test]
    fn a_quote_running_over_paragraphs_is_one_quote() {
        let text = "The minister said: “Fares will rise in spring for every route we run.\n\n“Nobody in the department wanted this outcome.”";
        let (content, source, _) = one(text);
        assert!(content.ends_with("this outcome.”"), "{content}");
        assert_eq!(source.as_deref(), Some("The minister"));
    }

    #[test]
    fn reported_speech() {
        let (content, source, direct) =
            one("The port authority said that ships would wait at anchor until talks resume.");
        assert_eq!(
            (content.as_str(), source.as_deref(), direct),
            ("ships would wait at anchor until talks resume", Some("The port authority"), false)
        );
        let (content, source, _) =
            one("Ships will wait at anchor until the talks resume, officials said.");
        assert_eq!(
            (content.as_str(), source.as_deref()),
            ("Ships will wait at anchor until the talks resume", Some("officials"))
        );
        let (content, source, _) =
            one("According to the harbour master, the quay will stay shut for two weeks.");
        assert_eq!(
            (content.as_str(), source.as_deref()),
            ("the quay will stay shut for two weeks", Some("the harbour master"))
        );
        let (_, source, _) =
            one("The quay will stay shut for two more weeks, according to a senior port official.");
        assert_eq!(source.as_deref(), Some("a senior port official"));
    }

    #[test]
    fn scare_quotes_and_plain_sentences_are_not_attributions() {
        assert!(found("The so-called “reform” passed on Monday with a large majority.").is_empty());
        assert!(found("The ferry left at noon and arrived in Eastmere before dark.").is_empty());
    }

    #[test]
    fn broken_input_stays_linear_and_quiet() {
        let unbalanced = "“This quote never closes and runs on. ".repeat(2000);
        assert!(found(&unbalanced).len() < 5);
        let no_punctuation = "word ".repeat(20_000);
        assert!(found(&no_punctuation).is_empty());
        let marks = "”“\"«»„".repeat(5000);
        let _ = found(&marks);
    }
}
