//! Direct quotes and reported speech, with their cues and sources.

use std::ops::Range;

// Attribution is shared with reported speech; lib.rs re-exports it from here.
pub use crate::attribution::Attribution;
use crate::attribution::{MAX_SOURCE_WORDS, source_before, speaker_after};
use crate::lexicon::is_cue;
use crate::reported::{indirect, labelled};
use crate::tokens::{Kind, Token, tokenize};

/// The longest quotation accepted, in bytes; an opening mark with no close within this is not
/// a quotation.
const MAX_QUOTE: usize = 6000;
/// The fewest words a quotation must hold to be reported speech rather than a scare quote.
const MIN_QUOTE_WORDS: usize = 4;

/// Every attribution in `text`, in text order.
pub fn attributions(text: &str) -> Vec<Attribution> {
    attributions_in(text, &tokenize(text))
}

/// [`attributions`] over the text's tokens, made once for every step of an analysis.
pub(crate) fn attributions_in(text: &str, tokens: &[Token]) -> Vec<Attribution> {
    // Each quotation with whether it may stand alone: a short one only with a speaker right after
    // it, though any may go on a quotation before it.
    let mut candidates = Vec::new();
    for (open, close) in quotations(text, tokens) {
        let words = words_between(tokens, open, close);
        if words > 0 {
            let alone = words >= MIN_QUOTE_WORDS || said_right_after(tokens, close);
            candidates.push((direct(tokens, open, close, text), alone));
        }
    }
    merge_split_quotes(&mut candidates, text);
    // A quotation nobody is said to have said is a title, a term or a scare quote.
    let (mut found, orphans): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .filter(|(_, alone)| *alone)
        .map(|(attribution, _)| attribution)
        .partition(|attribution| attribution.source.is_some());
    // Reported speech is read sentence by sentence, within paragraphs, outside quotations and
    // away from the cues already used by them.
    let quoted: Vec<Range<usize>> =
        found.iter().flat_map(|a| [Some(a.content.clone()), a.cue.clone()]).flatten().collect();
    let inside =
        |range: &Range<usize>| quoted.iter().any(|q| q.start <= range.start && range.end <= q.end);
    let mut reported = Vec::new();
    for paragraph in paragraphs(text) {
        let first = tokens.partition_point(|t| t.range.start < paragraph.start);
        let last = tokens.partition_point(|t| t.range.end <= paragraph.end);
        if let Some(label) = labelled(text, tokens, first, last)
            && !inside(&label.content)
        {
            reported.push(label);
            continue;
        }
        for sentence in parallax_core::sentences(&text[paragraph.clone()]) {
            let sentence = paragraph.start + sentence.start..paragraph.start + sentence.end;
            let first = tokens.partition_point(|t| t.range.start < sentence.start);
            let last = tokens.partition_point(|t| t.range.end <= sentence.end);
            let skip = |i: usize| inside(&tokens[i].range);
            for attribution in indirect(tokens, first, last, skip) {
                // A statement that is mostly a quotation already found is that quotation.
                let overlap: usize = quoted
                    .iter()
                    .map(|q| {
                        q.end
                            .min(attribution.content.end)
                            .saturating_sub(q.start.max(attribution.content.start))
                    })
                    .sum();
                if 2 * overlap < attribution.content.len() {
                    reported.push(attribution);
                }
            }
        }
    }
    found.extend(reported);
    found.sort_by_key(|a| a.content.start);
    let orphans = extend_over_orphans(&mut found, orphans, text);
    let continued = orphans
        .into_iter()
        .filter_map(|orphan| continued(&found, orphan, text))
        .collect::<Vec<_>>();
    found.extend(continued);
    found.sort_by_key(|a| a.content.start);
    resolve_pronouns(&mut found, text);
    found.sort_by_key(|a| a.content.start);
    found
}

/// Pairs of (opening, closing) mark token indices. A quotation left open at the end of a
/// paragraph continues when the next paragraph opens with a mark (the convention for quotes
/// running over paragraphs); otherwise it was never closed and is dropped.
fn quotations(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut open: Option<usize> = None;
    // Marks of another style inside an open quotation (`"... “inner” ..."`) nest.
    let mut nested = 0usize;
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
        if open.is_none() {
            nested = 0;
        }
        let other_style = open.is_some_and(|start| style(&tokens[start]) != style(token));
        match token.kind {
            Kind::Open | Kind::Either if open.is_none() => open = Some(index),
            Kind::Open if other_style && !paragraph_break => nested += 1,
            Kind::Close if other_style && nested > 0 => nested -= 1,
            Kind::Close | Kind::Either => {
                if let Some(start) = open.take() {
                    pairs.push((start, index));
                }
            }
            _ => {}
        }
    }
    pairs
}

/// The typographic style of a quotation mark: straight, curly or angle.
fn style(token: &Token) -> u8 {
    match token.lower.as_str() {
        "“" | "”" | "„" => 1,
        "«" | "»" => 2,
        _ => 0,
    }
}

/// Paragraphs: byte ranges between line breaks, without the breaks.
fn paragraphs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split('\n')
        .map(move |line| {
            let range = start..start + line.len();
            start += line.len() + 1;
            range
        })
        .filter(|range| !text[range.clone()].trim().is_empty())
}

/// A short quotation still counts when its speaker follows at once (`“I would,” she said`):
/// scare quotes are not closed by a comma and a speaker.
fn said_right_after(tokens: &[Token], close: usize) -> bool {
    close > 0
        && matches!(tokens[close - 1].lower.as_str(), "," | "?" | "!")
        && speaker_after(tokens, close + 1).is_some_and(|(_, source)| source.is_some())
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
    // A speaker is looked for in the quotation's own paragraph only.
    let breaks_after =
        tokens.get(close + 1).is_none_or(|next| text[content.end..next.range.start].contains('\n'));
    let breaks_before = open == 0 || text[tokens[open - 1].range.end..content.start].contains('\n');
    if let Some((cue, source)) = speaker_after(tokens, close + 1).filter(|_| !breaks_after) {
        let source = source.filter(|_| starts_a_sentence(&text[content.clone()]));
        return Attribution { content, cue: Some(cue), source, direct: true, speaker: None };
    }
    if let Some((cue, source)) = dash_speaker(tokens, close + 1, text) {
        return Attribution {
            content,
            cue: Some(cue),
            source: Some(source),
            direct: true,
            speaker: None,
        };
    }
    let Some((cue, source)) = speaker_before(tokens, open).filter(|_| !breaks_before) else {
        return Attribution { content, cue: None, source: None, direct: true, speaker: None };
    };
    let flows = tokens[open - 1].kind == Kind::Word && tokens[open - 1].lower != "that";
    if !starts_a_sentence(&text[content.clone()]) {
        // A fragment inside reported speech: the sentence pass reads the whole statement.
        return Attribution { content, cue: None, source: None, direct: true, speaker: None };
    }
    if flows {
        let from = if flows { cue.end } else { content.start };
        let start = tokens.partition_point(|t| t.range.start < from);
        let start = tokens[start..open]
            .iter()
            .position(|t| t.kind == Kind::Word)
            .map_or(open, |i| start + i);
        let content = tokens[start].range.start..content.end;
        return Attribution { content, cue: Some(cue), source, direct: false, speaker: None };
    }
    Attribution { content, cue: Some(cue), source, direct: true, speaker: None }
}

/// A name after a dash that closes the paragraph (`“...” ― Jane Roe` or `― Jane Roe, 34`), the
/// way collected reader comments and epigraphs are signed.
fn dash_speaker(tokens: &[Token], at: usize, text: &str) -> Option<(Range<usize>, Range<usize>)> {
    let dash = tokens.get(at).filter(|t| matches!(t.lower.as_str(), "―" | "—" | "–"))?;
    let first = tokens.get(at + 1).filter(|t| t.kind == Kind::Word)?;
    if !text[first.range.clone()].starts_with(char::is_uppercase) {
        return None;
    }
    let mut end = at + 1;
    while end < tokens.len()
        && end - at <= MAX_SOURCE_WORDS
        && tokens[end].kind == Kind::Word
        && !text[tokens[end - 1].range.end..tokens[end].range.start].contains('\n')
    {
        end += 1;
    }
    let last = &tokens[end - 1];
    let closes = tokens.get(end).is_none_or(|next| {
        let gap_end = tokens.get(end + 1).map_or(text.len(), |after| after.range.start);
        next.lower == ","
            || text[last.range.end..next.range.start].contains('\n')
            || next.lower == "." && text[next.range.end..gap_end].contains('\n')
            || next.lower == "." && end + 1 == tokens.len()
    });
    closes.then(|| (dash.range.clone(), first.range.start..last.range.end))
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
    let cue = (at.saturating_sub(6)..=at)
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

/// Sets each attribution's speaker: its source, or for "he" and "she" the named source of the
/// nearest attribution before it, the way a report keeps quoting the person it last named.
fn resolve_pronouns(found: &mut [Attribution], text: &str) {
    let mut last_named: Option<Range<usize>> = None;
    for attribution in found.iter_mut() {
        let Some(source) = attribution.source.clone() else { continue };
        let pronoun = matches!(text[source.clone()].to_lowercase().as_str(), "he" | "she");
        if pronoun {
            attribution.speaker = last_named.clone();
        } else {
            attribution.speaker = Some(source.clone());
            last_named = Some(source);
        }
    }
}

/// A quotation with no speaker of its own that opens the sentence after an attribution's
/// closing tag (`“A,” she said. “B.”`) goes on with that statement: the statement's content is
/// extended over it. Returns the quotations left over.
fn extend_over_orphans(
    found: &mut [Attribution],
    orphans: Vec<Attribution>,
    text: &str,
) -> Vec<Attribution> {
    let mut left = Vec::new();
    for orphan in orphans {
        let before = found.partition_point(|a| a.content.start < orphan.content.start);
        let Some(previous) = before.checked_sub(1).map(|i| &mut found[i]) else {
            left.push(orphan);
            continue;
        };
        if tag_closes_before(previous, &orphan, text) {
            previous.content.end = orphan.content.end;
        } else {
            left.push(orphan);
        }
    }
    left
}

/// Whether only `previous`'s closing tag (`she said on Monday.`) lies between its content and
/// the quotation `next`, within one paragraph.
fn tag_closes_before(previous: &Attribution, next: &Attribution, text: &str) -> bool {
    let (Some(cue), Some(_)) = (&previous.cue, &previous.source) else { return false };
    if next.content.start < previous.content.end || cue.start < previous.content.end {
        return false;
    }
    let between = &text[previous.content.end..next.content.start];
    let tag = between.trim_end();
    let sentence_end = tag.trim_end_matches(['"', '”', '’', '\'']).ends_with(['.', '!', '?']);
    cue.end <= next.content.start
        && between.len() < 200
        && !between.contains('\n')
        && sentence_end
        && tag.matches(". ").count() == 0
}

/// A paragraph that is nothing but a quotation, right after a paragraph that ends with an
/// attribution, goes on in the same voice.
fn continued(found: &[Attribution], mut orphan: Attribution, text: &str) -> Option<Attribution> {
    let previous = found[..found.partition_point(|a| a.content.start < orphan.content.start)]
        .iter()
        .rfind(|a| a.content.end <= orphan.content.start)?;
    let between = &text[previous.content.end..orphan.content.start];
    let tag_end = between.find('\n')?;
    let tag = &between[..tag_end];
    let opens_paragraph = between[tag_end..].trim().is_empty();
    let paragraph_end =
        text[orphan.content.end..].find('\n').map_or(text.len(), |n| orphan.content.end + n);
    let closes_paragraph = text[orphan.content.end..paragraph_end].trim().is_empty();
    let one_sentence = tag.len() < 200 && !tag.trim_end_matches('.').contains(". ");
    (opens_paragraph && closes_paragraph && one_sentence).then(|| {
        orphan.source = previous.source.clone();
        orphan.cue = previous.cue.clone();
        orphan
    })
}

/// A quotation split around its speaker (`“First part,” she said, “second part.”`) is one
/// statement: the second part joins the first. A title quoted inside the speaker's tag
/// (`she told NBC’s “Today” on Monday. “...”`) is skipped, and what follows may still join.
fn merge_split_quotes(found: &mut Vec<(Attribution, bool)>, text: &str) {
    let mut merged: Vec<(Attribution, bool)> = Vec::with_capacity(found.len());
    // The statement later quotations may go on with.
    let mut anchor: Option<usize> = None;
    for after in found.drain(..) {
        if let Some((before, _)) = anchor.and_then(|i| merged.get_mut(i)) {
            match joins(before, &after.0, text) {
                Join::Continues => {
                    before.content.end = after.0.content.end;
                    continue;
                }
                Join::InTag => {
                    merged.push((after.0, false));
                    continue;
                }
                Join::No => {}
            }
        }
        anchor = after.1.then_some(merged.len());
        merged.push(after);
    }
    *found = merged;
}

/// How a quotation stands to the statement before it.
enum Join {
    /// It goes on with the statement.
    Continues,
    /// It is a title or a term inside the statement's tag.
    InTag,
    No,
}

fn joins(before: &Attribution, after: &Attribution, text: &str) -> Join {
    if after.content.start < before.content.end || before.source.is_none() {
        return Join::No;
    }
    let between = &text[before.content.end..after.content.start];
    let same_speaker = after.source.is_none() || after.cue == before.cue;
    let adjacent = between.chars().all(|c| c == ' ' || c.is_ascii_punctuation());
    let tag_between = before
        .cue
        .as_ref()
        .is_some_and(|cue| cue.start >= before.content.end && cue.end <= after.content.start);
    if !same_speaker || between.len() >= 300 || between.contains('\n') {
        return Join::No;
    }
    // Read from the same tag (`told Harbour Radio’s “Morning Tide”`), it is the tag's own object.
    if !after.direct && after.cue.is_some() && after.cue == before.cue {
        return Join::InTag;
    }
    // A tag ends with punctuation or "that" before the quote goes on (`she said, “`, `said X.
    // “`); a quotation right after another word of the tag's sentence is a title in it.
    // A title may close the tag (`he said on “Meet the Press.” “...”`), and a tag may end at
    // its cue with the comma left out (`she said “...”`).
    let tag = between.trim_end().trim_end_matches(['"', '”', '’', '\'']).trim_end();
    let ends_at_cue =
        before.cue.as_ref().is_some_and(|cue| cue.end == before.content.end + tag.len());
    let tag_closed = ends_at_cue
        || tag.ends_with([',', ':', ';', '.', '!', '?', '—', '–', '-'])
        || tag.ends_with(", but")
        || tag.ends_with(", and");
    // A quoted fragment in the sentence after the tag goes on with the statement, unless that
    // sentence has a cue of its own (`After all, she added, Republicans “...”`).
    if let Some((_, last)) = tag.rsplit_once(". ")
        && tag_between
        && !tag_closed
    {
        let own_cue = last.split(|c: char| !c.is_alphanumeric()).any(|w| is_cue(&w.to_lowercase()));
        return if own_cue { Join::No } else { Join::Continues };
    }
    match (tag_between, tag_closed) {
        (true, true) => Join::Continues,
        (true, false) => Join::InTag,
        _ if adjacent && after.source.is_none() => Join::Continues,
        _ => Join::No,
    }
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
    fn short_quotes_with_a_speaker_and_signed_comments() {
        let (content, source, _) = one("“I would,” Marta said to the radio.");
        assert_eq!((content.as_str(), source.as_deref()), ("“I would,”", Some("Marta")));
        let (_, source, _) = one("”The ferry is late every single day.” ― Olu Brandt\n\nNext.");
        assert_eq!(source.as_deref(), Some("Olu Brandt"));
    }

    #[test]
    fn a_speaker_is_not_taken_from_the_next_paragraph() {
        let all = found(
            "“We will rebuild the pier by spring, whatever it costs.”\n\nKamin said the cost would be shared with the county.",
        );
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].1.as_deref(), Some("Kamin"));
        assert!(!all[0].2);
    }

    #[test]
    fn reported_speech_anywhere_in_the_sentence() {
        let all = found(
            "Tolan Ree, head of the harbour board, which runs the docks, said the cranes were unsafe.",
        );
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].1.as_deref(), Some("Tolan Ree"));
        let (content, source, _) =
            one("To see the old quay at its best, the mayor said, visitors should come at dawn.");
        assert!(content.starts_with("To see") && content.ends_with("at dawn"), "{content}");
        assert_eq!(source.as_deref(), Some("the mayor"));
        let (content, source, _) = one(
            "The council is defending its new parking fees, saying they will pay for the ferry.",
        );
        assert_eq!(
            (content.as_str(), source.as_deref()),
            ("they will pay for the ferry", Some("The council"))
        );
        let all = found(
            "On Monday the pilots said the runway was too short, and the airline said it would appeal the ruling.",
        );
        let sources: Vec<_> = all.iter().filter_map(|a| a.1.clone()).collect();
        assert_eq!(sources, ["the pilots", "the airline"], "{all:?}");
    }

    #[test]
    fn speaker_labels_open_transcripts_but_section_labels_do_not() {
        let (content, source, _) = one("BRANDT: Well, the ferry will run on Sunday as usual.");
        assert_eq!(source.as_deref(), Some("BRANDT"));
        assert!(content.starts_with("Well"), "{content}");
        assert!(found("Read More: The ferry will run on Sunday as usual").is_empty());
    }

    #[test]
    fn a_title_quoted_in_the_tag_does_not_stop_the_quote_going_on() {
        let cases = [
            "“The ferry will run all winter,” the captain told Harbour Radio’s “Morning Tide” on Monday. “Nobody should worry about the crossing.”",
            "“The ferry will run all winter,” the captain said on “The Late Show With Ada Brook” last week. “Nobody should worry about the crossing.”",
        ];
        for text in cases {
            let (content, source, direct) = one(text);
            assert!(
                content.starts_with("“The ferry") && content.ends_with("crossing.”"),
                "{content}"
            );
            assert_eq!((source.as_deref(), direct), (Some("the captain"), true));
        }
    }

    #[test]
    fn a_fragment_after_the_tag_goes_on_unless_its_sentence_has_a_cue() {
        let (content, _, _) =
            one("“The pier is safe for now,” she says. It is “the best pier on the whole coast.”");
        assert!(content.ends_with("whole coast.”"), "{content}");
        let all = found(
            "“The pier is safe for now,” she said. Later, Kamin added that it was “the best pier on the coast.”",
        );
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(all[0].0.ends_with("for now,”"), "{all:?}");
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

// Reported speech is tested through `attributions`, which reads it around the quotations.
#[cfg(test)]
mod reported_tests {
    use super::attributions;

    /// (content, source) of each attribution, as text.
    fn found(text: &str) -> Vec<(String, Option<String>)> {
        attributions(text)
            .into_iter()
            .map(|a| (text[a.content].to_string(), a.source.map(|s| text[s].to_string())))
            .collect()
    }

    #[test]
    fn two_names_joined_by_and_speak_together() {
        let found = found("Portvale and Kelmouth say the strike has cost them 40 sailings.");
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].1.as_deref(), Some("Portvale and Kelmouth"), "{found:?}");
    }

    #[test]
    fn a_reporting_verb_after_and_speaks_for_the_earlier_one_not_a_clause_between() {
        let text = "A senior port official told reporters on Monday that the mayor would warn the \
                    council if the union struck, and stressed that the city was not seeking a lockout.";
        let found = found(text);
        let stressed = found
            .iter()
            .find(|(content, _)| content.starts_with("the city was not seeking"))
            .unwrap_or_else(|| panic!("{found:?}"));
        assert_eq!(stressed.1.as_deref(), Some("A senior port official"), "{found:?}");
    }

    /// Each case: a sentence, then the content and the source it must yield (among others).
    fn check(cases: &[(&str, &str, Option<&str>)]) {
        for &(text, content, source) in cases {
            let all = found(text);
            let hit = all.iter().any(|(c, s)| c == content && s.as_deref() == source);
            assert!(hit, "{text:?}: wanted {content:?} from {source:?}, got {all:?}");
        }
    }

    #[test]
    fn a_cue_coordinated_with_an_earlier_verb_shares_its_subject() {
        check(&[
            (
                "The engineer toured the docks and said the cranes would be replaced.",
                "the cranes would be replaced",
                Some("The engineer"),
            ),
            (
                "Some cheered when Ada Lind thanked the crowd and said she would run again.",
                "she would run again",
                Some("Ada Lind"),
            ),
            (
                "The board met on Friday but told its staff that no jobs would be cut.",
                "no jobs would be cut",
                Some("The board"),
            ),
        ]);
    }

    #[test]
    fn a_participle_belongs_to_the_speaker_named_before_it() {
        check(&[
            (
                "“The ferry will run,” the mayor said, adding that fares would not rise this year.",
                "fares would not rise this year",
                Some("the mayor"),
            ),
            (
                "Ms. Kamin pitched the new bridge to the council, noting that it would halve the trip.",
                "it would halve the trip",
                Some("Ms. Kamin"),
            ),
        ]);
    }

    #[test]
    fn a_speaker_after_the_content_may_carry_a_long_title() {
        check(&[(
            "The pier will not survive another storm, said Olu Brandt, a retired engineer who built the old sea wall.",
            "The pier will not survive another storm",
            Some("Olu Brandt"),
        )]);
    }

    #[test]
    fn told_with_a_named_listener_and_no_that() {
        check(&[
            (
                "Lind told The Harbour Gazette last week she would not seek a third term.",
                "she would not seek a third term",
                Some("Lind"),
            ),
            (
                "The captain told his crew they would sail before dawn on Sunday.",
                "they would sail before dawn on Sunday",
                Some("The captain"),
            ),
        ]);
    }

    #[test]
    fn passive_questions_are_reported_without_an_asker() {
        check(&[
            (
                "Asked whether the bridge was safe, the engineer said it was.",
                "whether the bridge was safe",
                None,
            ),
            (
                "The mayor smiled when asked about the harbour budget for next year.",
                "the harbour budget for next year",
                None,
            ),
        ]);
    }

    #[test]
    fn thought_verbs_report_a_clause_without_that() {
        check(&[(
            "I think the ferry will be late again tomorrow.",
            "the ferry will be late again tomorrow",
            Some("I"),
        )]);
        assert!(found("I think so.").is_empty());
    }

    #[test]
    fn according_to_after_a_connective_and_findings_of_polls() {
        check(&[
            (
                "But, according to the port authority, the quay will reopen in May.",
                "the quay will reopen in May",
                Some("the port authority"),
            ),
            (
                "In a new Harbour Herald poll, most residents back the new ferry line.",
                "most residents back the new ferry line",
                Some("a new Harbour Herald poll"),
            ),
            (
                "Lind leads Brandt by nine points in the latest Herald poll.",
                "Lind leads Brandt by nine points",
                Some("the latest Herald poll"),
            ),
        ]);
        assert!(found("Lind has been rising steadily in the polls.").is_empty());
    }

    #[test]
    fn possessive_and_percent_marks_stay_in_the_subject() {
        check(&[
            (
                "The pilots’ union says it will strike on Monday.",
                "it will strike on Monday",
                Some("The pilots’ union"),
            ),
            ("Only 26% say the ferry runs on time.", "the ferry runs on time", Some("Only 26%")),
        ]);
    }

    #[test]
    fn headline_cues_and_subjects_after_connectives() {
        check(&[
            (
                "Mayor Ada Lind Says The Ferry Will Run On Sunday",
                "The Ferry Will Run On Sunday",
                Some("Mayor Ada Lind"),
            ),
            (
                "Yet the port board says it will keep the old cranes.",
                "it will keep the old cranes",
                Some("the port board"),
            ),
        ]);
        // Outside a headline a capitalised cue word is a name.
        assert!(found("The harbour of Says Bay will close for the winter.").is_empty());
    }

    #[test]
    fn a_relative_pronoun_stands_for_the_speaker() {
        check(&[(
            "Half backed the plan, against a third who said the ferry should be sold.",
            "the ferry should be sold",
            Some("who"),
        )]);
    }

    #[test]
    fn a_quotation_after_the_closing_tag_goes_on_with_the_statement() {
        let text =
            "The pier is “a hazard,” Lind said. “We cannot wait for another storm to prove it.”";
        let all = found(text);
        assert_eq!(all.len(), 1, "{all:?}");
        assert!(all[0].0.starts_with("The pier") && all[0].0.ends_with("prove it.”"), "{all:?}");
        assert_eq!(all[0].1.as_deref(), Some("Lind"));
    }

    #[test]
    fn short_statements_are_reported_too() {
        check(&[(
            "Most of the dock workers said they were angry.",
            "they were angry",
            Some("Most of the dock workers"),
        )]);
    }

    #[test]
    fn what_seems_so_is_a_view_with_no_source() {
        check(&[(
            "The new ferry timetable seems doomed to fail.",
            "The new ferry timetable seems doomed to fail",
            None,
        )]);
        assert!(found("The mayor appeared on the radio on Monday with her aides.").is_empty());
    }

    #[test]
    fn a_verb_of_thought_may_report_a_clause_opening_with_a_name() {
        check(&[(
            "Some council members think Lind will resign before the vote.",
            "Lind will resign before the vote",
            Some("Some council members"),
        )]);
    }

    #[test]
    fn a_subject_may_run_from_the_sentence_start_to_the_cue() {
        check(&[
            (
                "About four in ten harbour workers say they want a new contract.",
                "they want a new contract",
                Some("About four in ten harbour workers"),
            ),
            (
                "Ferry pilots and even some harbour clerks say the new pier is unsafe.",
                "the new pier is unsafe",
                Some("Ferry pilots and even some harbour clerks"),
            ),
            (
                "In each of the three towns, about half of the voters say the ferry is too slow.",
                "the ferry is too slow",
                Some("about half of the voters"),
            ),
        ]);
    }

    #[test]
    fn cues_used_as_plural_nouns_report_nothing() {
        assert!(
            found("Lind won two states on Tuesday and the party was thrilled by it.").is_empty()
        );
        assert!(
            found("Her comments on the ferry fares were made at a rally in the port.").is_empty()
        );
        check(&[(
            "The harbour report states that the pier is unsafe for heavy trucks.",
            "the pier is unsafe for heavy trucks",
            Some("The harbour report"),
        )]);
    }

    #[test]
    fn new_rules_stay_quiet_on_broken_input() {
        for text in ["1,2,3,4", "asked asked asked whether", "and said and said, told he", ""] {
            let _ = found(text);
        }
        let long = "and said asked whether in a poll according to ".repeat(5000);
        assert!(found(&long).len() < 10_000);
    }
}
