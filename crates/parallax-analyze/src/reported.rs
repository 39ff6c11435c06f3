//! Reported speech: statements attributed to a source without quotation marks.

use std::ops::Range;

use crate::attribution::{
    Attribution, MAX_SOURCE_WORDS, source_after, source_before, speaker_after,
};
use crate::lexicon::{is_breaker, is_cue, is_reporting, is_thought};
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
    if last - first < 4 {
        return Vec::new();
    }
    let words = |range: Range<usize>| tokens[range].iter().filter(|t| t.kind == Kind::Word).count();
    let span = |from: usize, to: usize| tokens[from].range.start..tokens[to - 1].range.end;
    // According to NP, content. / But, according to NP, content.
    if let Some(at) = leading_according(tokens, first, last) {
        let Some(comma) = (at + 2..last).find(|&i| tokens[i].lower == ",") else {
            return Vec::new();
        };
        if comma > at + 2 && words(comma + 1..last) >= 4 {
            return vec![Attribution {
                content: span(comma + 1, last),
                cue: Some(span(at, at + 2)),
                source: Some(span(at + 2, comma)),
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
    if found.is_empty()
        && let Some(closing) = closing_speaker(tokens, first, last)
    {
        found.push(closing);
    }
    // In a new poll, content. / Content in a new poll.
    if found.is_empty()
        && let Some(poll) = poll_finding(tokens, first, last)
    {
        found.push(poll);
    }
    // Content, NP said, more content.
    if found.is_empty()
        && let Some(parenthetical) = parenthetical(tokens, first, last)
    {
        return vec![parenthetical];
    }
    // Asked whether ..., NP said: the question is reported, its asker unnamed.
    found.extend(asked_questions(tokens, first, last));
    // NP said (that) content, wherever in the sentence the clause starts; several per sentence.
    let mut closing: Vec<Range<usize>> = found.iter().filter_map(|a| a.cue.clone()).collect();
    closing.sort_by_key(|c| c.start);
    let headline = title_case(tokens, first, last);
    for cue in first + 1..last {
        // The cues used so far, searched by position: a sentence may hold many.
        let before = closing.partition_point(|c| c.start <= tokens[cue].range.start);
        let used = before > 0 && tokens[cue].range.end <= closing[before - 1].end;
        let next = tokens.get(cue + 1).map(|t| t.lower.as_str());
        // A headline capitalises its cue (`Mayor Says Ferry Will Run`), which is read as a name
        // elsewhere.
        let headline_cue = headline && is_cue(&tokens[cue].lower.to_lowercase());
        let thought_of_name = is_thought(&tokens[cue].lower)
            && tokens.get(cue + 1).is_some_and(|t| {
                t.kind == Kind::Word && t.capital && !is_breaker(&t.lower) && !is_cue(&t.lower)
            });
        if tokens[cue].kind != Kind::Word
            || plural_noun(tokens, cue, first)
            || !(is_reporting(&tokens[cue].lower, next) || headline_cue || thought_of_name)
            || skip(cue)
            || used
        {
            continue;
        }
        let Some((source, cue_start)) = clause_source(tokens, first, cue) else { continue };
        let Some(content_start) = content_start(tokens, cue, last) else { continue };
        // Counting stops at four so that a long sentence's many cues stay linear.
        let content_words =
            tokens[content_start..last].iter().filter(|t| t.kind == Kind::Word).take(2).count();
        if content_words < 2 {
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
    // A view that seems so, only where nobody in the sentence is said to hold it.
    if found.is_empty() {
        found.extend(impression(tokens, first, last, &skip));
    }
    found
}

/// Verbs of impression: what seems so is a view the text reports, though it names no holder.
const IMPRESSIONS: &[&str] = &["seems", "seemed", "seem", "appears", "appeared", "appear"];

/// Words after "appeared" that make it a verb of showing up (`appeared on Fox`).
#[rustfmt::skip]
const SHOWING_UP: &[&str] = &[
    "on", "in", "at", "with", "before", "alongside", "onstage", "together", "as", "for", "during",
    "later", "from", "briefly", "live", "via", "by",
];

/// `The plan seems doomed.`, `It appears that ...`: the sentence is the view, with no source.
fn impression(
    tokens: &[Token],
    first: usize,
    last: usize,
    skip: impl Fn(usize) -> bool,
) -> Option<Attribution> {
    let at = (first + 1..last).find(|&i| IMPRESSIONS.contains(&tokens[i].lower.as_str()))?;
    let next = tokens.get(at + 1).filter(|t| t.kind == Kind::Word || t.lower == ",")?;
    if skip(at) || SHOWING_UP.contains(&next.lower.as_str()) {
        return None;
    }
    Some(Attribution {
        content: tokens[first].range.start..tokens[last - 1].range.end,
        cue: Some(tokens[at].range.clone()),
        source: None,
        direct: false,
        speaker: None,
    })
}

/// `Content, NP said.` / `Content, said NP, a title.`: the speaker after one of the last commas,
/// closing the sentence or followed only by an appositive.
fn closing_speaker(tokens: &[Token], first: usize, last: usize) -> Option<Attribution> {
    let words = |range: Range<usize>| tokens[range].iter().filter(|t| t.kind == Kind::Word).count();
    let commas = (first + 1..last).rev().filter(|&i| tokens[i].lower == ",").take(3);
    for (nth, comma) in commas.enumerate() {
        if last - comma > 40 || words(first..comma) < 3 {
            continue;
        }
        let Some((cue, source)) = speaker_after(tokens, comma + 1) else { continue };
        // The attribution closes the sentence ("..., she said on Monday."); a clause that
        // goes on is a new statement, not a speaker.
        let end = source.as_ref().map_or(cue.end, |s| s.end.max(cue.end));
        let after = tokens.partition_point(|t| t.range.end <= end);
        let cue_first = source.as_ref().is_some_and(|s| cue.start < s.start);
        let trailing = if cue_first { &TRAILING[..TRAILING_AFTER_NAME] } else { TRAILING };
        // A speaker read past the sentence's end is not this sentence's speaker.
        let closes = nth == 0
            && after <= last
            && last - comma <= MAX_SOURCE_WORDS + 4
            && last - after <= 4
            && tokens[after..last].first().is_none_or(|t| trailing.contains(&t.lower.as_str()));
        // `..., said Ada Lind, head of the port board.`
        let appositive = cue_first && after < last && tokens[after].lower == ",";
        if closes || appositive {
            return Some(Attribution {
                content: tokens[first].range.start..tokens[comma - 1].range.end,
                cue: Some(cue),
                source,
                direct: false,
                speaker: None,
            });
        }
    }
    None
}

/// Where "according to" opens the sentence, perhaps after a connective (`But, according to`,
/// `And according to`).
fn leading_according(tokens: &[Token], first: usize, last: usize) -> Option<usize> {
    let at = (first..last.min(first + 3)).find(|&i| tokens[i].lower == "according")?;
    let lead_ok = tokens[first..at].iter().all(|t| {
        matches!(
            t.lower.as_str(),
            "," | "but" | "and" | "yet" | "so" | "still" | "however" | "also"
        )
    });
    (lead_ok && tokens.get(at + 1).is_some_and(|t| t.lower == "to")).then_some(at)
}

/// Nouns for the studies that findings are reported from (`in a new poll`).
/// Plurals are left out: `in the polls` is where a candidate stands, not a source.
const FINDINGS: &[&str] = &["poll", "survey", "study"];

/// Words that may open a study's name after "in" (`in the latest Gallup poll`).
#[rustfmt::skip]
const FINDING_STARTS: &[&str] = &[
    "a", "an", "the", "this", "that", "our", "its", "their", "his", "her", "latest", "new",
    "recent", "last", "one",
];

/// A finding reported from a poll or a study named by "in": `In a new poll, ...` opening the
/// sentence or `... in the latest Gallup survey.` closing it. The study is the source.
fn poll_finding(tokens: &[Token], first: usize, last: usize) -> Option<Attribution> {
    let words = |range: Range<usize>| tokens[range].iter().filter(|t| t.kind == Kind::Word).count();
    let study = |from: usize, to: usize| {
        FINDING_STARTS.contains(&tokens[from].lower.as_str())
            && tokens[from..to].iter().any(|t| FINDINGS.contains(&t.lower.as_str()))
    };
    let attribution = |content: Range<usize>, source: Range<usize>| Attribution {
        content: tokens[content.start].range.start..tokens[content.end - 1].range.end,
        cue: Some(tokens[source.start - 1].range.clone()),
        source: Some(tokens[source.start].range.start..tokens[source.end - 1].range.end),
        direct: false,
        speaker: None,
    };
    let window = first + 1..last.min(first + 16);
    if tokens[first].lower == "in"
        && let Some(comma) = window.clone().find(|&i| tokens[i].lower == ",")
        && comma > first + 1
        && study(first + 1, comma)
        && words(comma + 1..last) >= 4
        && !tokens[comma + 1..last].iter().any(|t| is_cue(&t.lower))
    {
        return Some(attribution(comma + 1..last, first + 1..comma));
    }
    let tail = last.saturating_sub(10).max(first + 4)..last.saturating_sub(1);
    let at = tail.rev().find(|&i| tokens[i].lower == "in" || tokens[i].lower == ",")?;
    (tokens[at].lower == "in" && study(at + 1, last) && words(first..at) >= 4)
        .then(|| attribution(first..at, at + 1..last))
}

/// Whether the sentence is set in title case, as headlines are: most of its words capitalised.
fn title_case(tokens: &[Token], first: usize, last: usize) -> bool {
    let words = tokens[first..last].iter().filter(|t| t.kind == Kind::Word);
    let (all, capital) =
        words.fold((0, 0), |(all, capital), t| (all + 1, capital + usize::from(t.capital)));
    all >= 4 && 5 * capital >= 4 * all
}

/// Words that open a reported question after "asked".
#[rustfmt::skip]
const QUESTION_WORDS: &[&str] = &[
    "if", "whether", "about", "why", "what", "how", "who", "whom", "which", "when", "where",
];

/// The most tokens a reported question may run to.
const MAX_QUESTION: usize = 80;

/// Words before a passive "asked" (`When asked whether ...`, `He was asked about ...`).
const BEFORE_ASKED: &[&str] =
    &["when", "after", "once", "if", "being", "was", "were", "is", "been"];

/// Questions put to someone with no asker named (`Asked whether the dam is safe, ...`): the
/// question up to the next comma, with no source.
fn asked_questions(tokens: &[Token], first: usize, last: usize) -> Vec<Attribution> {
    let mut found = Vec::new();
    for asked in first..last {
        let passive = asked == first || BEFORE_ASKED.contains(&tokens[asked - 1].lower.as_str());
        if tokens[asked].lower != "asked" || !passive {
            continue;
        }
        // `Asked on Fox News whether ...`: a short aside may come first.
        let Some(question) = (asked + 1..last.min(asked + 7))
            .take_while(|&i| tokens[i].kind == Kind::Word)
            .find(|&i| QUESTION_WORDS.contains(&tokens[i].lower.as_str()))
        else {
            continue;
        };
        let start = if tokens[question].lower == "about" { question + 1 } else { question };
        // A question runs to the next comma; one that runs on for long is not a question.
        let limit = last.min(start + MAX_QUESTION);
        let end = (start..limit).find(|&i| tokens[i].lower == ",").unwrap_or(last);
        if end > start + 1 && end <= limit {
            found.push(Attribution {
                content: tokens[start].range.start..tokens[end - 1].range.end,
                cue: Some(tokens[asked].range.clone()),
                source: None,
                direct: false,
                speaker: None,
            });
        }
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
    "whom", "yet", "even", "thus", "indeed", "nevertheless", "or", "nor", "besides", "likewise",
];

/// The speaker of the cue at `cue` and where the cue phrase starts. The speaker must open a
/// clause: start the sentence, or follow a comma or a conjunction. A participle after a comma
/// (`..., saying ...`) belongs to the sentence's subject.
fn clause_source(tokens: &[Token], first: usize, cue: usize) -> Option<(Range<usize>, usize)> {
    if tokens[cue].lower.ends_with("ing") {
        return participle_source(tokens, first, cue);
    }
    let (source, cue_start) = source_before(tokens, cue);
    if let Some(found) = source.clone().and_then(|s| opening_source(tokens, first, s, cue_start)) {
        return Some(found);
    }
    // `... 40 percent who said ...`: the relative pronoun stands for the speaker.
    let relative =
        cue_start > first && matches!(tokens[cue_start - 1].lower.as_str(), "who" | "which");
    if relative && is_cue(&tokens[cue].lower) {
        return Some((tokens[cue_start - 1].range.clone(), cue_start));
    }
    // `Lind thanked the crowd and said ...`: the cue shares the subject of the verb before it;
    // `An official told reporters that ... if Russia invaded, and stressed ...`: a reporting
    // verb coordinated with an earlier one shares that one's speaker, not the subject of a
    // clause between them.
    if cue_start > first && matches!(tokens[cue_start - 1].lower.as_str(), "and" | "but") {
        // Only ", and": without the comma the verb belongs to the clause right before it
        // ("Police said the gunman entered the bank and told staff that ...").
        let after_comma = cue_start > first + 1 && tokens[cue_start - 2].lower == ",";
        if let Some(source) =
            earlier_cue_source(tokens, first, cue_start - 1).filter(|_| after_comma)
        {
            return Some((source, cue_start));
        }
        return coordinated_subject(tokens, first, cue_start - 1).map(|s| (s, cue_start));
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
    sentence_subject(tokens, first, cue_start).map(|s| (s, cue_start))
}

/// Cues that are also plural nouns (`the early states`, `his comments`).
#[rustfmt::skip]
const PLURAL_NOUNS: &[&str] = &[
    "states", "attacks", "comments", "questions", "reports", "claims", "calls", "demands",
    "charges", "answers", "posts",
];

/// Whether the cue at `cue` is a plural noun: after a determiner, a number or a possessive, or
/// after a lowercase noun with no "that" to follow (`battleground states`).
fn plural_noun(tokens: &[Token], cue: usize, first: usize) -> bool {
    if cue <= first || !PLURAL_NOUNS.contains(&tokens[cue].lower.as_str()) {
        return false;
    }
    let before = &tokens[cue - 1];
    let that_follows = tokens.get(cue + 1).is_some_and(|t| t.lower == "that");
    let determiner = DETERMINERS.contains(&before.lower.as_str())
        || SUBJECT_STARTS[..].contains(&before.lower.as_str()) && !is_pronoun(&before.lower)
        || before.lower.chars().all(|c| c.is_ascii_digit())
        || before.lower.ends_with("’s")
        || before.lower.ends_with("'s")
        || matches!(before.lower.as_str(), "’" | "'");
    let modifier = before.kind == Kind::Word && !before.capital && !is_pronoun(&before.lower);
    determiner || modifier && !that_follows
}

fn is_pronoun(word: &str) -> bool {
    matches!(word, "he" | "she" | "it" | "they" | "who" | "which" | "that" | "this")
}

/// The most words a subject read from the sentence's start may have.
const MAX_SUBJECT_WORDS: usize = 16;

/// Words that show a sentence's opening words are more than a subject.
#[rustfmt::skip]
const NOT_IN_SUBJECT: &[&str] = &[
    "that", "which", "who", "whom", "because", "when", "while", "if", "as", "but", "not", "is",
    "was", "are", "were", "has", "had", "have", "will", "would", "it", "he", "she", "they", "we",
    "i", "you", "what", "where", "how", "why", "after", "before", "since", "than", "to", "by",
];

/// `About four in 10 voters say`, `Politicians and even some technologists say`: a subject
/// that runs from the sentence's start to the cue, words only, with no clause in it.
fn sentence_subject(tokens: &[Token], first: usize, cue_start: usize) -> Option<Range<usize>> {
    // After an opening phrase (`In each of the five states, about half of voters say`).
    // Only the last few tokens are searched, so that many cues in one sentence stay linear.
    let window = first.max(cue_start.saturating_sub(MAX_SUBJECT_WORDS + 1))..cue_start;
    let comma = window.rev().find(|&i| tokens.get(i).is_some_and(|t| t.lower == ","));
    let first = comma.map_or(first, |comma| comma + 1);
    // Short subjects are the ordinary reading's to judge; this one is for longer ones.
    let words =
        tokens.get(first..cue_start).filter(|w| (3..=MAX_SUBJECT_WORDS).contains(&w.len()))?;
    // There, it must read as a subject: a name, a pronoun, a determiner or a number.
    let head = words.first()?;
    if comma.is_some() && !head.capital && !SUBJECT_STARTS.contains(&head.lower.as_str()) {
        return None;
    }
    let plain = words.iter().all(|t| {
        t.kind == Kind::Word
            && !is_cue(&t.lower)
            && !NOT_IN_SUBJECT.contains(&t.lower.as_str())
            && !t.lower.ends_with("ing")
    });
    plain.then(|| tokens[first].range.start..tokens[cue_start - 1].range.end)
}

/// The speaker of a participle after a comma (`..., saying ...`): the speaker of the cue before
/// it in the sentence (`“...,” the mayor said, adding ...`), else the sentence's subject.
fn participle_source(tokens: &[Token], first: usize, cue: usize) -> Option<(Range<usize>, usize)> {
    if tokens[cue - 1].lower != "," {
        return None;
    }
    let window = cue.saturating_sub(60).max(first)..cue - 1;
    let said = window.rev().find(|&i| {
        tokens[i].kind == Kind::Word
            && is_cue(&tokens[i].lower)
            && !tokens[i].lower.ends_with("ing")
    });
    if let Some(said) = said {
        let (source, _) = source_before(tokens, said);
        if let Some(source) = source.or_else(|| source_after(tokens, said + 1)) {
            return Some((source, cue));
        }
    }
    let head = &tokens[first];
    let opens = head.kind == Kind::Word && !is_breaker(&head.lower);
    opens.then(|| (subject_head(tokens, first, cue), cue))
}

/// Words after which a clause, and so a subject, may start (`..., when Lind ...`).
#[rustfmt::skip]
const SUBJECT_OPENERS: &[&str] = &[
    ",", ";", "—", "–", "-", "(", "when", "while", "after", "because", "since", "though",
    "although", "as", "if", "but", "before", "once",
];

/// Determiners a subject's head noun may follow (`the senator`, `his campaign`).
const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our", "my"];

/// The subject of the clause whose verb is coordinated at `conj` (`Lind thanked the crowd and
/// said ...`): the nearest clause start before it that reads as a subject, up to its head.
fn coordinated_subject(tokens: &[Token], first: usize, conj: usize) -> Option<Range<usize>> {
    let window = conj.saturating_sub(40).max(first)..conj;
    let start = window.rev().find(|&i| {
        let head = &tokens[i];
        let opens = i == first || SUBJECT_OPENERS.contains(&tokens[i - 1].lower.as_str());
        let subject_like = head.capital || SUBJECT_STARTS.contains(&head.lower.as_str());
        let word = head.kind == Kind::Word && !is_breaker(&head.lower) && !is_cue(&head.lower);
        opens && word && subject_like
    })?;
    Some(subject_head(tokens, start, conj))
}

/// The source of the nearest reporting verb before `conj` in the sentence (`told`, `said`; not
/// a participle), when the text names one before it.
fn earlier_cue_source(tokens: &[Token], first: usize, conj: usize) -> Option<Range<usize>> {
    let window = conj.saturating_sub(40).max(first)..conj;
    let said = window.rev().find(|&i| {
        tokens[i].kind == Kind::Word
            && is_cue(&tokens[i].lower)
            && !tokens[i].lower.ends_with("ing")
    })?;
    let (source, cue_start) = source_before(tokens, said);
    let source = source?;
    opening_source(tokens, first, source, cue_start).map(|(source, _)| source)
}

/// A subject's words from `start`, up to its head: names run on over capitalised words, a
/// determiner takes the noun after it (`Ada Lind`, `the senator`, `his campaign`).
fn subject_head(tokens: &[Token], start: usize, limit: usize) -> Range<usize> {
    let mut end = start + 1;
    while end < limit
        && end - start < MAX_SOURCE_WORDS
        && tokens[end].kind == Kind::Word
        && !is_breaker(&tokens[end].lower)
        && (tokens[end].capital || DETERMINERS.contains(&tokens[end - 1].lower.as_str()))
    {
        end += 1;
    }
    tokens[start].range.start..tokens[end - 1].range.end
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
            // `told The Herald last week she would run`: the statement opens with its subject.
            None => listener_end(tokens, at, last)?,
        };
    }
    while at < last && matches!(tokens[at].lower.as_str(), "that" | "," | ":") {
        at += 1;
    }
    // `was announced by ...` is a passive, not a statement.
    Some(at)
}

/// Pronouns that open the statement after a listener (`told POLITICO he ...`).
const STATEMENT_SUBJECTS: &[&str] = &["he", "she", "they", "we", "i", "it", "there", "you"];

/// Where a statement starts after the listener of "told", when no "that" marks it: at the first
/// subject pronoun after a short listener, before any punctuation.
fn listener_end(tokens: &[Token], at: usize, last: usize) -> Option<usize> {
    (at + 1..last.min(at + 8))
        .take_while(|&i| tokens[i - 1].kind == Kind::Word)
        .find(|&i| STATEMENT_SUBJECTS.contains(&tokens[i].lower.as_str()))
}

/// `Content, NP said, more content.`: the speaker set off by commas inside the statement.
fn parenthetical(tokens: &[Token], first: usize, last: usize) -> Option<Attribution> {
    let commas: Vec<usize> = (first + 2..last).filter(|&i| tokens[i].lower == ",").collect();
    let first_mark = (first..last)
        .find(|&i| tokens[i].kind != Kind::Word && tokens[i].kind != Kind::Punct)
        .unwrap_or(last);
    for pair in commas.windows(2) {
        let (open, close) = (pair[0], pair[1]);
        let quoted = first_mark < open;
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

// Tested in quotes.rs, through `attributions`, which reads reported speech in context.
