//! Finding names in text: runs of capitalised words, cut from sentence openers, titles and
//! headlines, classified by the gazetteer and by the words around them, with the roles the
//! text gives them ("Kremlin spokesman Dmitry Peskov", "Andrey Kortunov, head of ...").

use std::collections::HashSet;
use std::ops::Range;

use crate::entity_words::{is_courtesy, is_given_name, is_not_name, is_role_noun, is_title};
use crate::gazetteer::{ADJECTIVES, EVENT_WORDS, ORGANISATION_WORDS, PLACE_WORDS};
use crate::lexicon::is_cue;
use crate::names::{EntityKind, Known, country_of, demonym, known, strip_possessive};
use crate::times_words::{month_name, weekday_name, zone_abbreviation};
use crate::tokens::{Kind, Token};

/// Small words that may sit inside a name ("Council on Foreign Relations", "Bank of England").
const CONNECTORS: &[&str] =
    &["of", "on", "for", "de", "del", "da", "van", "von", "der", "al", "bin"];
/// Verbs that make words after a comma a clause rather than a role.
const VERBS: &[&str] = &[
    "is", "are", "was", "were", "will", "would", "has", "have", "had", "can", "could", "should",
    "may", "might", "must", "did", "does", "do", "be", "been",
];
/// The most words read for a role set off by commas.
const MAX_ROLE_WORDS: usize = 14;

/// A role the text gives a person, with the noun that heads it and the country it points to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Role {
    /// The role as written: "Kremlin spokesman", "head of the Russian International Affairs
    /// Council".
    pub text: String,
    /// Its head noun, lowercase and singular: "spokesman", "head".
    pub head: String,
    /// The country its words point to ("Kremlin spokesman" -> Russia), if any.
    pub country: Option<&'static str>,
}

/// A name found in the text, before names are merged into entities.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// The name, without a title before it or a possessive after it.
    pub(crate) span: Range<usize>,
    pub(crate) known: Option<Known>,
    /// What the words say it is; `None` when nothing does.
    pub(crate) kind: Option<EntityKind>,
    /// The role and where it is written.
    pub(crate) role: Option<(Range<usize>, Role)>,
    /// How many words the name has.
    pub(crate) words: usize,
}

/// One word, or one part of a hyphenated word ("Putin" in "Putin-Biden").
#[derive(Debug, Clone)]
struct Piece {
    range: Range<usize>,
    /// The token it comes from.
    token: usize,
    capital: bool,
    possessive: bool,
    /// Whether it may join the pieces next to it into one name.
    joins: bool,
}

/// Reads names out of tokenised text.
pub(crate) struct Spotter<'a> {
    text: &'a str,
    tokens: &'a [Token],
    /// Per token: whether it opens a sentence (its capital says nothing).
    opens: Vec<bool>,
    /// Per token: whether its line is a headline in title case.
    headline: Vec<bool>,
    /// Capitalised words seen inside sentences of ordinary lines, lowercase.
    trusted: HashSet<String>,
}

impl<'a> Spotter<'a> {
    pub(crate) fn new(text: &'a str, tokens: &'a [Token]) -> Spotter<'a> {
        let opens = sentence_openers(text, tokens);
        let headline = headline_tokens(text, tokens);
        let trusted = tokens
            .iter()
            .enumerate()
            .filter(|&(i, t)| t.kind == Kind::Word && !opens[i] && !headline[i])
            .map(|(_, t)| &text[t.range.clone()])
            .filter(|word| word.starts_with(char::is_uppercase))
            .map(|word| strip_possessive(word).to_lowercase())
            .filter(|word| !crate::entity_words::NOT_NAMES.contains(&word.as_str()))
            .collect();
        Spotter { text, tokens, opens, headline, trusted }
    }

    /// Every name in the text, in order.
    pub(crate) fn candidates(&self) -> Vec<Candidate> {
        let pieces = self.pieces();
        let mut found = Vec::new();
        let mut i = 0;
        while i < pieces.len() {
            if !pieces[i].capital {
                i += 1;
                continue;
            }
            let end = self.run_end(&pieces, i);
            for run in self.trim(&pieces[i..end]) {
                if let Some(candidate) = self.classify(run) {
                    found.push(candidate);
                }
            }
            i = end;
        }
        found
    }

    /// Words, with hyphenated names split ("Putin-Biden" is two names, "Russia-annexed" one).
    fn pieces(&self) -> Vec<Piece> {
        let mut pieces = Vec::new();
        for (index, token) in self.tokens.iter().enumerate() {
            if token.kind != Kind::Word {
                continue;
            }
            let word = &self.text[token.range.clone()];
            let possessive = strip_possessive(word).len() < word.len();
            let capital = word.starts_with(char::is_uppercase) && !self.not_a_name(index, word);
            let parts: Vec<&str> = word.split('-').collect();
            let capital_parts = parts.iter().filter(|p| p.starts_with(char::is_uppercase)).count();
            if parts.len() > 1 && capital_parts >= 1 && known(word).is_none() && capital {
                let mut at = token.range.start;
                for part in parts {
                    if part.starts_with(char::is_uppercase) && part.len() >= 2 {
                        let piece_possessive = strip_possessive(part).len() < part.len();
                        let range = at..at + part.len();
                        pieces.push(Piece {
                            range,
                            token: index,
                            capital: true,
                            possessive: piece_possessive,
                            joins: false,
                        });
                    }
                    at += part.len() + 1;
                }
                continue;
            }
            pieces.push(Piece {
                range: token.range.clone(),
                token: index,
                capital,
                possessive,
                joins: true,
            });
        }
        pieces
    }

    /// Capitalised words that are never names: days, months, time zones, "I", and adjectives
    /// ("Soviet", "Western"). "May" is a month only after a lowercase word ("in May").
    fn not_a_name(&self, index: usize, word: &str) -> bool {
        let lower = word.to_lowercase();
        if lower == "may" {
            return index.checked_sub(1).is_some_and(|p| {
                self.text[self.tokens[p].range.clone()].starts_with(char::is_lowercase)
            });
        }
        let function_word = index > 0
            && !self.opens[index]
            && is_not_name(word)
            && !matches!(word, "The" | "A" | "An");
        function_word
            || weekday_name(&lower).is_some()
            || month_name(&lower).is_some()
            || zone_abbreviation(word).is_some()
            || word == "I"
    }

    /// Where the run of capitalised pieces starting at `start` ends (exclusive).
    fn run_end(&self, pieces: &[Piece], start: usize) -> usize {
        let mut end = start + 1;
        if !pieces[start].joins || pieces[start].possessive {
            return end;
        }
        loop {
            let next = end;
            let Some(piece) = pieces.get(next) else { return end };
            if piece.capital && piece.joins && self.adjacent(&pieces[next - 1], piece) {
                end += 1;
                if piece.possessive {
                    return end;
                }
                continue;
            }
            let connector = CONNECTORS
                .contains(&self.text[piece.range.clone()].to_lowercase().as_str())
                || (self.word(piece) == "the" && self.word(&pieces[next - 1]) == "of");
            let resumes = pieces
                .get(next + 1)
                .is_some_and(|p| p.capital && p.joins && self.adjacent(piece, p));
            if connector && piece.joins && self.adjacent(&pieces[next - 1], piece) && resumes {
                end += 1;
                continue;
            }
            // "of the" inside a name: both connectors.
            let two = self.word(piece) == "of"
                && pieces.get(next + 1).is_some_and(|p| self.word(p) == "the")
                && pieces.get(next + 2).is_some_and(|p| p.capital && p.joins);
            if two {
                end += 2;
                continue;
            }
            return end;
        }
    }

    fn word(&self, piece: &Piece) -> String {
        self.text[piece.range.clone()].to_lowercase()
    }

    /// Whether two pieces are next to each other with nothing but spaces between.
    fn adjacent(&self, left: &Piece, right: &Piece) -> bool {
        right.token == left.token + 1
            && self.text[left.range.end..right.range.start]
                .chars()
                .all(|c| c == ' ' || c == '\u{a0}')
    }

    /// A run without its sentence-opening word, split in headlines to the words known from
    /// elsewhere, and dropped when it is one unknown word opening a sentence.
    fn trim<'p>(&self, run: &'p [Piece]) -> Vec<&'p [Piece]> {
        let mut run = run;
        let opener = run.first().is_some_and(|p| self.opens[p.token] || self.headline[p.token]);
        while let Some(first) = run.first() {
            let word = &self.text[first.range.clone()];
            let determiner = matches!(word, "The" | "A" | "An");
            if opener && is_not_name(strip_possessive(word)) || determiner || is_connector(word) {
                run = &run[1..];
            } else {
                break;
            }
        }
        if run.is_empty() {
            return Vec::new();
        }
        if self.headline[run[0].token] {
            return run.split(|p| !self.vouched(p)).filter(|r| !r.is_empty()).collect();
        }
        let word = &self.text[run[0].range.clone()];
        if run.len() == 1
            && (is_not_name(strip_possessive(word))
                || word.contains(['\'', '’']) && strip_possessive(word) == word)
        {
            return Vec::new(); // "Our", "Yes", "I've"
        }
        if run.len() == 1 && (self.opens[run[0].token] || opener) && !self.vouched(&run[0]) {
            return Vec::new();
        }
        vec![run]
    }

    /// Whether a piece is a name for reasons other than its capital: the gazetteer, a given
    /// name, a title, or the same word capitalised inside a sentence elsewhere.
    fn vouched(&self, piece: &Piece) -> bool {
        let word = strip_possessive(&self.text[piece.range.clone()]);
        self.trusted.contains(&word.to_lowercase())
            || known(word).is_some()
            || demonym(word).is_some()
            || is_given_name(word)
    }

    /// What a run of capitalised pieces names.
    fn classify(&self, run: &[Piece]) -> Option<Candidate> {
        let start = run[0].range.start;
        let last = &run[run.len() - 1];
        let end = if last.possessive {
            last.range.start + strip_possessive(&self.text[last.range.clone()]).len()
        } else {
            last.range.end
        };
        let whole = &self.text[start..end];
        if let Some(found) = known(whole) {
            return Some(self.candidate(start..end, Some(found), run.len(), None));
        }
        let words: Vec<String> = run.iter().map(|p| self.word(p)).collect();
        if words
            .iter()
            .all(|w| demonym(w).is_some() || is_title(w) || ADJECTIVES.contains(&w.as_str()))
        {
            return None; // "Russian", "Ukrainians", "Foreign Minister": adjectives and titles
        }
        // A title before a name ("Vermont Sen. Bernie Sanders", "Supreme Court Justice Ann
        // Ek") wins over the organisation and place words in front of it.
        let titled = self.title_prefix(run, &words);
        let rest = &words[titled..];
        if titled == 0 {
            if EVENT_WORDS.contains(&words[words.len() - 1].as_str()) {
                return Some(self.candidate(start..end, None, run.len(), Some(EntityKind::Other)));
            }
            if words.iter().any(|w| ORGANISATION_WORDS.contains(&w.as_str())) {
                let kind = Some(EntityKind::Organisation);
                return Some(self.candidate(start..end, None, run.len(), kind));
            }
            if PLACE_WORDS.contains(&words[words.len() - 1].as_str()) {
                return Some(self.candidate(start..end, None, run.len(), Some(EntityKind::Place)));
            }
        }
        let name_start = run[titled].range.start;
        let known_name = known(&self.text[name_start..end]);
        let mut candidate = self.candidate(name_start..end, known_name, rest.len(), None);
        let initial = rest.iter().any(|w| w.len() == 2 && w.ends_with('.'));
        if known_name.is_none() && rest.len() > 1 && (is_given_name(&rest[0]) || initial) {
            candidate.kind = Some(EntityKind::Person);
        }
        let whole_word = run[0].range.start == self.tokens[run[0].token].range.start;
        if known_name.is_none()
            && rest.len() == 1
            && whole_word
            && self.after_place_preposition(run[0].token)
        {
            candidate.kind = Some(EntityKind::Place);
        }
        let courtesy = titled == 1 && is_courtesy(&self.text[run[0].range.clone()]);
        if titled > 0 && !courtesy {
            let role_range = start..run[titled - 1].range.end;
            candidate.role = Some((role_range.clone(), self.role(role_range)));
            candidate.kind = Some(EntityKind::Person);
        } else if courtesy {
            candidate.kind = Some(EntityKind::Person);
        } else if let Some(role) = self.role_around(run, end) {
            candidate.role = Some(role);
            candidate.kind = Some(EntityKind::Person);
        }
        Some(candidate)
    }

    fn candidate(
        &self,
        span: Range<usize>,
        known: Option<Known>,
        words: usize,
        kind: Option<EntityKind>,
    ) -> Candidate {
        let kind = known.map(|k| k.kind).or(kind);
        Candidate { span, known, kind, role: None, words }
    }

    /// How many pieces at the start of a run are a title ("Russian Foreign Minister" in
    /// "Russian Foreign Minister Sergei Lavrov", "Pleasant Hill Mayor" in "Pleasant Hill Mayor
    /// Tim Ek"); 0 when no name would be left or what is left is no person's name.
    fn title_prefix(&self, run: &[Piece], words: &[String]) -> usize {
        let mut best = 0;
        for i in 0..words.len().saturating_sub(1) {
            let word = &words[i];
            let next = &words[i + 1];
            let rest = &words[i + 1..];
            let suffix_only = rest
                .iter()
                .all(|w| matches!(w.trim_end_matches('.'), "jr" | "sr" | "ii" | "iii" | "iv"));
            let name_like = !rest.iter().any(|w| {
                ORGANISATION_WORDS.contains(&w.as_str())
                    || EVENT_WORDS.contains(&w.as_str())
                    || PLACE_WORDS.contains(&w.as_str())
            });
            let titled = (is_title(word) || is_role_noun(word))
                && !is_title(next)
                && !suffix_only
                && name_like;
            // A title word inside a name ("General Motors") counts only at the start or after
            // other title words, places and organisations.
            let placed = i == 0
                || words[..i].iter().all(|w| {
                    is_title(w)
                        || is_role_noun(w)
                        || country_of(w).is_some()
                        || is_connector(w)
                        || w == "the"
                })
                || run[i].capital && !is_given_name(&self.text[run[0].range.clone()]);
            if titled && placed {
                best = i + 1;
            }
        }
        best
    }

    /// Whether the token before `first` is a preposition of place ("in Atlanta").
    fn after_place_preposition(&self, first: usize) -> bool {
        first.checked_sub(1).is_some_and(|p| {
            matches!(
                self.tokens[p].lower.as_str(),
                "in" | "near" | "outside" | "across" | "throughout"
            )
        })
    }

    /// A role written next to a name: lowercase before it ("Kremlin spokesman Dmitry Peskov"),
    /// set off by commas after it ("Andrey Kortunov, head of ...,") or before it ("Ukraine’s
    /// defence minister, Oleksii Reznikov, said").
    fn role_around(&self, run: &[Piece], end: usize) -> Option<(Range<usize>, Role)> {
        let first = run[0].token;
        let last = run[run.len() - 1].token;
        self.role_before(first)
            .or_else(|| self.role_after(last, end))
            .or_else(|| self.role_set_off_before(first, last))
            .map(|range| (range.clone(), self.role(range)))
    }

    fn role_before(&self, first: usize) -> Option<Range<usize>> {
        let next = first.checked_sub(1)?;
        let noun = &self.tokens[next];
        let noun_word = &self.text[noun.range.clone()];
        if noun.kind != Kind::Word
            || noun_word.starts_with(char::is_uppercase) && !self.opens[next]
            || !is_role_noun(noun_word)
        {
            return None;
        }
        let mut start = next;
        while start > 0 && next - start < 5 {
            let token = &self.tokens[start - 1];
            let word = &self.text[token.range.clone()];
            let modifier = token.kind == Kind::Word
                && (is_title(word)
                    || is_role_noun(word)
                    || ORGANISATION_WORDS.contains(&word.to_lowercase().as_str())
                    || word.starts_with(char::is_uppercase)
                        && !is_not_name(strip_possessive(word)));
            if !modifier || self.line_break_between(start - 1, start) {
                break;
            }
            start -= 1;
        }
        Some(self.tokens[start].range.start..noun.range.end)
    }

    fn role_after(&self, last: usize, name_end: usize) -> Option<Range<usize>> {
        let comma = self.tokens.get(last + 1)?;
        if self.text[comma.range.clone()] != *"," || comma.range.start != name_end {
            return None;
        }
        let mut i = last + 2;
        if self.tokens.get(i).is_some_and(|t| matches!(t.lower.as_str(), "a" | "an" | "the")) {
            i += 1;
        }
        let first = self.tokens.get(i)?;
        let first_word = &self.text[first.range.clone()];
        let named = first_word.starts_with(char::is_uppercase)
            && strip_possessive(first_word) == first_word
            && country_of(first_word).is_none()
            && !is_title(first_word);
        if first.kind != Kind::Word
            || first_word.starts_with(|c: char| c.is_ascii_digit())
            || is_cue(&first.lower)
            || named
        {
            return None;
        }
        let mut end = i;
        let mut has_role = false;
        while end < self.tokens.len() && end - i < MAX_ROLE_WORDS {
            let token = &self.tokens[end];
            let stop = token.kind != Kind::Word && token.lower != "’" && token.lower != "'"
                || matches!(
                    token.lower.as_str(),
                    "who" | "which" | "said" | "says" | "told" | "that"
                )
                || self.line_break_between(end.saturating_sub(1), end);
            if stop {
                break;
            }
            if VERBS.contains(&token.lower.as_str()) {
                return None; // "1500 GMT, the two leaders are expected to ...": a clause
            }
            has_role |= end - i < 6 && is_role_noun(&self.text[token.range.clone()]);
            end += 1;
        }
        let closes = self.tokens.get(end).is_none_or(|t| {
            matches!(
                t.lower.as_str(),
                "," | "." | ";" | "who" | "which" | "said" | "says" | "told" | ")"
            )
        });
        (has_role && closes && end > i).then(|| first.range.start..self.tokens[end - 1].range.end)
    }

    fn role_set_off_before(&self, first: usize, last: usize) -> Option<Range<usize>> {
        let comma = first.checked_sub(1)?;
        if self.tokens[comma].lower != "," {
            return None;
        }
        let after = self.tokens.get(last + 1)?;
        if !(after.lower == "," || is_cue(&after.lower)) {
            return None;
        }
        let noun = comma.checked_sub(1)?;
        if !is_role_noun(&self.text[self.tokens[noun].range.clone()])
            || self.tokens[noun].kind != Kind::Word
        {
            return None;
        }
        let mut start = noun;
        while start > 0 && noun - start < 8 {
            let token = &self.tokens[start - 1];
            let word = &self.text[token.range.clone()];
            let part = token.kind == Kind::Word
                && !matches!(token.lower.as_str(), "the" | "a" | "an")
                && (word.starts_with(char::is_lowercase)
                    && !is_cue(&token.lower)
                    && !crate::lexicon::is_breaker(&token.lower)
                    || country_of(word).is_some()
                    || strip_possessive(word).len() < word.len()
                    || is_title(word));
            if !part || self.opens[start] {
                break;
            }
            start -= 1;
        }
        Some(self.tokens[start].range.start..self.tokens[noun].range.end)
    }

    fn line_break_between(&self, left: usize, right: usize) -> bool {
        self.text[self.tokens[left].range.end..self.tokens[right].range.start].contains('\n')
    }

    /// A role's head noun (its last role noun before "of") and the country its words name.
    pub(crate) fn role(&self, range: Range<usize>) -> Role {
        let text = &self.text[range];
        let words: Vec<&str> = text.split_whitespace().collect();
        let before_of = words
            .iter()
            .position(|w| *w == "of" || *w == "in" || *w == "at" || *w == "and")
            .unwrap_or(words.len());
        let head = words[..before_of]
            .iter()
            .rev()
            .find(|w| is_role_noun(w))
            .or_else(|| words.iter().rev().find(|w| is_role_noun(w)))
            .map_or_else(|| words.last().unwrap_or(&"").to_lowercase(), |w| singular(w));
        let country = words.iter().find_map(|w| {
            country_of(w.trim_matches(|c: char| !c.is_alphanumeric() && c != '’' && c != '\''))
        });
        Role { text: text.to_string(), head, country }
    }
}

fn is_connector(word: &str) -> bool {
    CONNECTORS.contains(&word)
}

/// A role noun in its singular, lowercase form ("Presidents" -> "president").
pub(crate) fn singular(word: &str) -> String {
    let lower = word.trim_end_matches('.').to_lowercase();
    if crate::entity_words::ROLE_NOUNS.contains(&lower.as_str()) {
        return lower;
    }
    if let Some(stem) = lower.strip_suffix("men") {
        return format!("{stem}man");
    }
    lower.strip_suffix('s').map_or(lower.clone(), str::to_string)
}

/// Per token, whether it opens a sentence, a line or a quotation.
fn sentence_openers(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut opens = Vec::with_capacity(tokens.len());
    for (i, token) in tokens.iter().enumerate() {
        let open = match i.checked_sub(1).map(|p| &tokens[p]) {
            None => true,
            Some(previous) => {
                text[previous.range.end..token.range.start].contains('\n')
                    || matches!(
                        previous.lower.as_str(),
                        "." | "!" | "?" | ":" | "—" | "–" | "-" | "|" | "(" | "["
                    )
                    || previous.kind == Kind::Open
                    || previous.kind == Kind::Close
                        && i >= 2
                        && matches!(tokens[i - 2].lower.as_str(), "." | "!" | "?" | ",")
            }
        };
        opens.push(open);
    }
    opens
}

/// Per token, whether its line is a headline in title case (most longer words capitalised).
fn headline_tokens(text: &str, tokens: &[Token]) -> Vec<bool> {
    let mut flags = vec![false; tokens.len()];
    let mut line_start = 0;
    while line_start < tokens.len() {
        let mut line_end = line_start + 1;
        while line_end < tokens.len()
            && !text[tokens[line_end - 1].range.end..tokens[line_end].range.start].contains('\n')
        {
            line_end += 1;
        }
        let long: Vec<&Token> = tokens[line_start..line_end]
            .iter()
            .filter(|t| {
                t.kind == Kind::Word
                    && text[t.range.clone()].chars().filter(|c| c.is_alphabetic()).count() >= 4
            })
            .collect();
        let capitals =
            long.iter().filter(|t| text[t.range.clone()].starts_with(char::is_uppercase)).count();
        let words = tokens[line_start..line_end].iter().filter(|t| t.kind == Kind::Word).count();
        let ends_sentence = tokens[line_end - 1].kind == Kind::Punct
            && matches!(tokens[line_end - 1].lower.as_str(), "." | "!" | "?" | ":");
        let short = words <= 6 && !ends_sentence && !long.is_empty() && capitals == long.len();
        if !ends_sentence && (short || long.len() >= 3 && capitals * 4 >= long.len() * 3) {
            flags[line_start..line_end].iter_mut().for_each(|f| *f = true);
        }
        line_start = line_end;
    }
    flags
}
