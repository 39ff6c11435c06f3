//! The story's sentences and which of them state the same fact in different articles: what
//! outlets agree on, and what only one of them reported.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use crate::dossier::{Credit, Fact, OutletOnly, Provenance, StoryInput};
use crate::similarity::{Space, claim_stems, words_at};
use chrono::NaiveDate;
use parallax_analyze::{Speaker, TimeValue};

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
    /// Its claim: stemmed content words outside names and speakers ([`claim_terms`]).
    pub(crate) claim: BTreeSet<String>,
    /// Who speaks in it ([`actors`]).
    pub(crate) actors: BTreeSet<String>,
    /// The names it opens with ([`leading_names`]).
    pub(crate) subject: BTreeSet<String>,
    /// Its words, lowercased.
    pub(crate) words: BTreeSet<String>,
}

/// Every sentence of every article with its content words: the headline (the first paragraph
/// when the article has one) at position 0, then the body's sentences from 1, paragraph by
/// paragraph so no sentence runs over a paragraph break.
pub(crate) fn sentences(input: &StoryInput) -> Vec<Sentence> {
    let mut found = Vec::new();
    for (article, story_article) in input.articles.iter().enumerate() {
        let text = &story_article.text;
        let named = named_words(story_article);
        let mut position = usize::from(story_article.title.is_none());
        for paragraph in paragraphs(text) {
            for span in parallax_core::sentences(&text[paragraph.clone()]) {
                let span = paragraph.start + span.start..paragraph.start + span.end;
                let sentence = &text[span.clone()];
                let words = sentence.split_whitespace().count();
                let headline = position == 0;
                if headline || (words >= MIN_WORDS && ends_like_a_sentence(sentence)) {
                    found.push(Sentence {
                        article,
                        position,
                        claim: claim_terms(story_article, &span),
                        actors: actors(story_article, &span),
                        subject: leading_names(&named, sentence),
                        words: words_at(sentence)
                            .into_iter()
                            .map(|(_, w)| w.to_lowercase())
                            .collect(),
                        span,
                    });
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

/// A sentence as a [`Fact`]: credited to its own outlet and to those of the sentences in its
/// support that state it ([`credit`]), each with its evidence.
pub(crate) fn fact(
    input: &StoryInput,
    sentences: &[Sentence],
    index: usize,
    support: &[usize],
) -> Fact {
    let sentence = &sentences[index];
    let text = &input.articles[sentence.article].text[sentence.span.clone()];
    let mut credits = vec![Credit {
        outlet: input.articles[sentence.article].outlet.clone(),
        from: provenance(input, sentence.article, &sentence.span),
        text: text.trim().to_string(),
        differs: false,
    }];
    let mut agreeing = vec![sentence.article];
    for &j in support {
        let other = &sentences[j];
        let Some(differs) = credit(input, sentence, other) else { continue };
        if !differs {
            agreeing.push(other.article);
        }
        let outlet = &input.articles[other.article].outlet;
        let evidence = Credit {
            outlet: outlet.clone(),
            from: provenance(input, other.article, &other.span),
            text: input.articles[other.article].text[other.span.clone()].trim().to_string(),
            differs,
        };
        match credits.iter().position(|c| &c.outlet == outlet) {
            // One credit per outlet: a sentence that states the fact wins over one that
            // gives another figure.
            Some(at) if credits[at].differs && !differs => credits[at] = evidence,
            Some(_) => {}
            None => credits.push(evidence),
        }
    }
    credits.sort_by_key(|c| c.differs);
    Fact {
        text: text.trim().to_string(),
        from: provenance(input, sentence.article, &sentence.span),
        outlets: input.outlets(agreeing.iter().copied()),
        credits,
        independent: input.independent(agreeing),
    }
}

/// The sentences of `support` whose articles state the fact of sentence `index`
/// (`credit(...) == Some(false)`).
pub(crate) fn agreeing(
    input: &StoryInput,
    sentences: &[Sentence],
    index: usize,
    support: &[usize],
) -> Vec<usize> {
    let sentence = &sentences[index];
    support
        .iter()
        .copied()
        .filter(|&j| credit(input, sentence, &sentences[j]) == Some(false))
        .collect()
}

/// Whether `other` (a sentence close in words to the fact, `sentence`) credits its outlet with
/// the fact: `Some(false)` when it states it (the same actor, the same claim, no opposite
/// polarity, and every figure of the fact in the sentence or elsewhere in its article),
/// `Some(true)` when it gives other figures for it (a disagreement), `None` when it only
/// shares the topic (another speaker, another claim about the same people, opposite polarity)
/// or states part of it (some of the fact's figures and no other).
pub(crate) fn credit(input: &StoryInput, sentence: &Sentence, other: &Sentence) -> Option<bool> {
    let text = &input.articles[sentence.article].text[sentence.span.clone()];
    let article = &input.articles[other.article].text;
    let evidence = &article[other.span.clone()];
    if opposite(text, evidence) {
        return None;
    }
    let (actors, other_actors) = (&sentence.actors, &other.actors);
    // Two sentences that say who speaks must name one speaker ("the Kremlin" and "Kremlin
    // spokesman Dmitry Peskov" do; "the Kremlin" and "analysts" do not).
    if !actors.is_empty() && !other_actors.is_empty() && actors.is_disjoint(other_actors) {
        return None;
    }
    if !same_claim(sentence, other)
        || !same_subject(sentence, other)
        || !same_time(input, sentence, other)
    {
        return None;
    }
    let wanted = numbers(text);
    if wanted.is_empty() {
        return Some(false);
    }
    let given = numbers(evidence);
    let missing: Vec<&String> = wanted.iter().filter(|n| !given.contains(n)).collect();
    if missing.is_empty() {
        return Some(false);
    }
    // Another figure of the same sort where the fact has one is a disagreement ("about 250"
    // against "more than 240"), whatever the rest of the article says.
    let other = given.iter().filter(|n| !wanted.contains(n) && in_digits(evidence, n));
    // An ordinal ("20th anniversary") ranks something; it is no count to disagree with.
    let counts = |figure: &str, within: &str| !ordinal_in(within, figure);
    if other
        .into_iter()
        .any(|n| counts(n, evidence) && missing.iter().any(|m| counts(m, text) && rival(m, n)))
    {
        return Some(true);
    }
    // A figure of three digits or more ("94,000", "2019") elsewhere in the article still
    // vouches for it; a small one ("5", "fifth") says too little on its own. Fewer figures,
    // or figures of other things ("two leaders" beside "Monday (6)"), state only part of the
    // fact or another one: no credit.
    let anywhere = numbers(article);
    missing.iter().all(|n| n.len() >= 3 && anywhere.contains(n)).then_some(false)
}

/// The words that name who speaks in a sentence: the sources of the statements attributed in
/// it, lowercased, without function words ("Kremlin spokesman Dmitry Peskov" gives kremlin,
/// spokesman, dmitry, peskov).
fn actors(article: &crate::StoryArticle, span: &Range<usize>) -> BTreeSet<String> {
    let text = &article.text[span.clone()];
    let mut names: Vec<&str> = Vec::new();
    for quote in &article.analysis.quotes {
        let Some(source) = &quote.attribution.source else { continue };
        if source.start < span.start || source.end > span.end {
            continue;
        }
        names.extend(article.text.get(source.clone()));
        // A pronoun or a short name speaks for whom the article resolved it to.
        match &quote.speaker {
            Speaker::Entity(entity) => names
                .extend(article.analysis.entities.entities.get(*entity).map(|e| e.key.as_str())),
            Speaker::Anonymous(described) => names.push(described),
            Speaker::Unknown => {}
        }
    }
    // The article's reading can miss a statement its neighbours confused; the sentence alone
    // says who speaks in it.
    let alone;
    if names.is_empty() {
        alone = parallax_analyze::attributions(text);
        names = alone.iter().filter_map(|found| text.get(found.source.clone()?)).collect();
    }
    let mut words = BTreeSet::new();
    for name in names {
        for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            let lower = word.to_lowercase();
            if !parallax_core::words::is_stopword(&lower) && !PRONOUNS.contains(&lower.as_str()) {
                words.insert(lower);
            }
        }
    }
    words
}

/// Pronouns a source may be: they say who speaks only through what they refer to.
const PRONOUNS: [&str; 8] = ["he", "she", "it", "they", "we", "i", "you", "who"];

/// Whether two sentences make one claim, not only name the same people: the words that are
/// neither names nor the speaker's (the claim: "hold talks by video conference", "no
/// breakthroughs expected") overlap in at least [`CLAIM_WORDS`] stems and [`CLAIM_SHARE`] of
/// the fewer. Names alone are the story's topic; every sentence of it shares them.
fn same_claim(first: &Sentence, second: &Sentence) -> bool {
    let (a, b) = (&first.claim, &second.claim);
    let shared = a.intersection(b).count();
    let fewer = a.len().min(b.len());
    fewer == 0 || shared >= CLAIM_WORDS.min(fewer) && shared as f64 >= CLAIM_SHARE * fewer as f64
}

/// Whether two sentences can be about one subject: the names each opens with ("Speaker Nancy
/// Pelosi", "The Senate"), unless one of them is mentioned in the other sentence. "The House
/// passed the bill" and "The Senate passed the bill" are two facts; "Rand Paul was suspended
/// by YouTube" and "YouTube suspends Rand Paul" are one.
fn same_subject(first: &Sentence, second: &Sentence) -> bool {
    let (a, b) = (&first.subject, &second.subject);
    a.is_empty() || b.is_empty() || !a.is_disjoint(&second.words) || !b.is_disjoint(&first.words)
}

/// The words of every name an article gives (lowercased): a capitalised word is a name when
/// the article names someone or something with it.
fn named_words(article: &crate::StoryArticle) -> BTreeSet<String> {
    article
        .analysis
        .entities
        .entities
        .iter()
        .flat_map(|entity| entity.variants.iter().chain([&entity.name]))
        .flat_map(|name| words_at(name).into_iter().map(|(_, w)| w.to_lowercase()))
        .collect()
}

/// The words of the run of capitalised words a sentence opens with ("Former Vice President
/// Joe Biden", "The Senate", "Putin and Biden"), lowercased, without function words and titles;
/// empty when it opens otherwise ("After initially denying...").
fn leading_names(named: &BTreeSet<String>, text: &str) -> BTreeSet<String> {
    // Only the article's names count (`named`): the first word of a sentence is capitalised
    // whatever it is ("Shipping analysts said").
    let mut names = BTreeSet::new();
    let mut words = words_at(text).into_iter().map(|(_, w)| w).peekable();
    while let Some(word) = words.next() {
        let capital = word.starts_with(char::is_uppercase);
        let joins =
            word == "and" && words.peek().is_some_and(|w| w.starts_with(char::is_uppercase));
        if !capital && !joins {
            break;
        }
        let lower = word.trim_end_matches("'s").trim_end_matches("’s").to_lowercase();
        if capital && named.contains(&lower) && !TITLES.contains(&lower.as_str()) {
            names.insert(lower);
        }
    }
    names
}

/// Titles and words before names that name no one by themselves.
const TITLES: [&str; 16] = [
    "president",
    "former",
    "vice",
    "sen",
    "rep",
    "gov",
    "mr",
    "mrs",
    "ms",
    "dr",
    "speaker",
    "senator",
    "governor",
    "minister",
    "prime",
    "secretary",
];

/// Whether two sentences can be about one moment: when both date what they say (days or
/// spans resolved from their article's date) and no two of the dates meet, they are two
/// moments ("6.6 million in the week ended April 4", "4.4 million last week" a week later),
/// neither an agreement nor a disagreement.
fn same_time(input: &StoryInput, first: &Sentence, second: &Sentence) -> bool {
    let days = |sentence: &Sentence| -> Vec<(NaiveDate, NaiveDate)> {
        input.articles[sentence.article]
            .analysis
            .times
            .iter()
            .filter(|t| t.span.start >= sentence.span.start && t.span.end <= sentence.span.end)
            .filter_map(|t| match t.value {
                TimeValue::Day(day) => Some((day, day)),
                TimeValue::Interval { start, end } => Some((start, end)),
                _ => None,
            })
            .collect()
    };
    let (a, b) = (days(first), days(second));
    a.is_empty()
        || b.is_empty()
        || a.iter().any(|&(a0, a1)| b.iter().any(|&(b0, b1)| a0 <= b1 && b0 <= a1))
}

/// Claim stems two sentences must share (or all of the shorter's).
const CLAIM_WORDS: usize = 2;
/// Share of the shorter claim's stems the other must have.
const CLAIM_SHARE: f64 = 0.25;

/// The stemmed content words of a sentence outside its speakers' names and other capitalised
/// words (names), the first word of the sentence read as any other.
fn claim_terms(article: &crate::StoryArticle, span: &Range<usize>) -> BTreeSet<String> {
    let sources: Vec<Range<usize>> = article
        .analysis
        .quotes
        .iter()
        .filter_map(|quote| quote.attribution.source.clone())
        .filter(|source| source.start >= span.start && source.end <= span.end)
        .collect();
    let text = &article.text[span.clone()];
    claim_stems(text, |offset| sources.iter().any(|s| s.contains(&(span.start + offset))))
}

/// The figures of a text: those written in digits, thousands separators dropped ("94,000" and
/// "94000" are one figure), and the small numbers and ordinals written as words ("eleven",
/// "fifth"), sorted and each once.
pub(crate) fn numbers(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for token in text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '/' | '–' | '—'))
    {
        let digits = token.trim_matches(|c: char| !c.is_ascii_digit());
        // Digits after letters are part of a name ("COVID-19", "MS-13", "F-35").
        if token.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with(char::is_alphabetic)
            && !digits.is_empty()
        {
            continue;
        }
        if !digits.is_empty() {
            found.push(digits.chars().filter(|&c| c != ',').collect());
            continue;
        }
        let word = token.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        if let Some(value) = number_word(&word) {
            found.push(value.to_string());
        }
    }
    found.sort_unstable();
    found.dedup();
    found
}

/// Whether a figure is written in the text as an ordinal in digits ("20th", "3rd").
fn ordinal_in(text: &str, figure: &str) -> bool {
    ["st", "nd", "rd", "th"].iter().any(|ending| {
        text.match_indices(&format!("{figure}{ending}")).any(|(at, _)| {
            !text[..at].ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        })
    })
}

/// Whether a figure is written in digits in the text (not only as a word).
fn in_digits(text: &str, figure: &str) -> bool {
    text.split(|c: char| !c.is_ascii_digit() && c != '.' && c != ',')
        .any(|token| token.trim_matches(['.', ',']).replace(',', "") == figure)
}

/// Whether two figures can be two outlets' values for one thing: neither a year (years date a
/// fact more often than they are its figure) and within half of each other ("more than 240" /
/// "about 250", "19,350 feet" / "19,356 feet", "100" / "98"; not "13.3 billion gallons" / "800
/// gallons").
fn rival(first: &str, second: &str) -> bool {
    let value = |figure: &str| figure.parse::<f64>().ok().filter(|v| *v > 0.0);
    let year = |figure: &str, v: f64| figure.len() == 4 && (1900.0..2100.0).contains(&v);
    let (Some(a), Some(b)) = (value(first), value(second)) else { return false };
    !year(first, a) && !year(second, b) && a.max(b) / a.min(b) <= 1.5
}

/// The value of a number or ordinal word up to twelve ("one" and "second" are left out: they
/// are as often a pronoun or a unit as a count).
fn number_word(word: &str) -> Option<u32> {
    const WORDS: [(&str, &str); 11] = [
        // "second" is as often a unit of time or "another" as an ordinal.
        ("two", "two"),
        ("three", "third"),
        ("four", "fourth"),
        ("five", "fifth"),
        ("six", "sixth"),
        ("seven", "seventh"),
        ("eight", "eighth"),
        ("nine", "ninth"),
        ("ten", "tenth"),
        ("eleven", "eleventh"),
        ("twelve", "twelfth"),
    ];
    WORDS
        .iter()
        .position(|&(count, ordinal)| word == count || word == ordinal)
        .map(|at| at as u32 + 2)
}

/// Words that negate what follows them, or report a denial of it.
fn is_negation(word: &str) -> bool {
    matches!(
        word,
        "not" | "no" | "never" | "none" | "nor" | "deny" | "denies" | "denied" | "denying"
    ) || word.ends_with("n't")
        || word.ends_with("n’t")
}

/// Whether two sentences state one thing with opposite polarity: one negates (or denies) a
/// word that the other states without any negation ("the talks were not cancelled" / "the
/// talks were cancelled"). A negation about something the other does not mention is no
/// conflict.
fn opposite(first: &str, second: &str) -> bool {
    // Words by clause: a negation reaches only to the end of its clause ("who was not armed,
    // was arrested" negates "armed", not "arrested").
    let words = |text: &str| -> Vec<Vec<String>> {
        text.split([',', ';', ':', '.', '—', '–', '(', ')'])
            .map(|clause| {
                clause
                    .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            })
            .collect()
    };
    let (first, second) = (words(first), words(second));
    let negates = |clauses: &[Vec<String>]| clauses.iter().flatten().any(|w| is_negation(w));
    // The content words right after each negation in its clause, cut to a stem of five letters.
    let negated = |clauses: &[Vec<String>]| -> Vec<String> {
        let mut found = Vec::new();
        for words in clauses {
            for (at, word) in words.iter().enumerate() {
                if is_negation(word) {
                    found.extend(
                        words[at + 1..]
                            .iter()
                            .filter(|w| !parallax_core::words::is_stopword(w))
                            .take(2)
                            .map(|w| parallax_core::words::prefix(w, 5).to_string()),
                    );
                }
            }
        }
        found
    };
    let mentions = |clauses: &[Vec<String>], stems: &[String]| {
        clauses
            .iter()
            .flatten()
            .any(|w| stems.iter().any(|s| parallax_core::words::prefix(w, 5) == s))
    };
    (!negates(&second) && mentions(&second, &negated(&first)))
        || (!negates(&first) && mentions(&first, &negated(&second)))
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
    // Only the sentences that state a fact count for it, not those on its topic.
    let agreed: Vec<Vec<usize>> =
        (0..sentences.len()).map(|i| agreeing(input, sentences, i, &support[i])).collect();
    let mut order: Vec<usize> = (0..sentences.len())
        .filter(|&i| sentences[i].position > 0)
        .filter(|&i| independent_reports(input, sentences, i, &agreed[i]) >= 2)
        .collect();
    order.sort_by_key(|&i| {
        (
            std::cmp::Reverse(independent_reports(input, sentences, i, &agreed[i])),
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
        agreed[i].iter().for_each(|&j| covered[j] = true);
        facts.push(fact(input, sentences, i, &support[i]));
    }
    facts
}

/// The most facts listed where outlets differ.
const MAX_DIFFERENCES: usize = 12;

/// Facts that another outlet states with other figures, each once (a fact and the sentences
/// that differ from it are one difference), earliest in their articles first.
pub(crate) fn differences(
    input: &StoryInput,
    sentences: &[Sentence],
    support: &[Vec<usize>],
) -> Vec<Fact> {
    let mut order: Vec<usize> =
        (0..sentences.len()).filter(|&i| sentences[i].position > 0).collect();
    order.sort_by_key(|&i| (sentences[i].position, i));
    let mut covered = vec![false; sentences.len()];
    let mut found = Vec::new();
    for i in order {
        if covered[i] || found.len() == MAX_DIFFERENCES {
            continue;
        }
        let fact = fact(input, sentences, i, &support[i]);
        if fact.credits.iter().any(|c| c.differs) {
            covered[i] = true;
            support[i].iter().for_each(|&j| covered[j] = true);
            found.push(fact);
        }
    }
    found
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
        // Another report on the topic that does not state the fact (its figures) leaves the
        // fact this outlet's own.
        let agreed = agreeing(input, sentences, i, &support[i]);
        if sentence.position == 0 || independent_reports(input, sentences, i, &agreed) > 1 {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_in_digits_and_in_small_number_words() {
        assert_eq!(numbers("About 94,000 troops, 1.5 million doses (6)"), ["1.5", "6", "94000"]);
        assert_eq!(numbers("its fifth day, eleven days in 2019"), ["11", "2019", "5"]);
        assert!(numbers("one of the talks").is_empty(), "'one' is not counted");
        assert!(numbers("COVID-19 and MS-13").is_empty(), "names, not figures");
    }

    #[test]
    fn a_negated_statement_opposes_the_same_statement_only() {
        assert!(opposite("The talks were not cancelled.", "The talks were cancelled on Monday."));
        assert!(opposite(
            "Moscow denied plans to invade.",
            "Moscow plans to invade, officials said."
        ));
        // A negation about something the other sentence does not mention is no conflict.
        assert!(!opposite(
            "The 2019 stoppage ended with a deal the operators have not fully honoured.",
            "The 2019 stoppage ended after eleven days with a mediated deal."
        ));
        assert!(!opposite("The talks were not cancelled.", "The talks were not cancelled."));
        assert!(!opposite(
            "The suspect, who was not armed, was arrested at 5 pm.",
            "The suspect was arrested at 5 pm."
        ));
    }

    fn input(texts: &[(&str, &str)]) -> StoryInput {
        StoryInput {
            id: "s".into(),
            articles: texts
                .iter()
                .enumerate()
                .map(|(i, (outlet, text))| crate::StoryArticle {
                    id: format!("a{i}"),
                    outlet: outlet.to_string(),
                    title: None,
                    url: None,
                    published: None,
                    text: text.to_string(),
                    analysis: parallax_analyze::analyze(text, None),
                })
                .collect(),
            copy_groups: Vec::new(),
        }
    }

    #[test]
    fn an_outlet_is_credited_only_with_what_it_states_and_another_figure_is_flagged() {
        let story = input(&[
            ("Coastal Post", "More than 240 parishioners attended the mass on Sunday evening."),
            ("Island Times", "About 250 parishioners attended the mass on Sunday evening."),
            ("Harbour Herald", "Parishioners attended the mass on Sunday evening in the rain."),
            ("Daily Meridian", "Parishioners did not attend the mass on Sunday evening."),
        ]);
        let sentences = sentences(&story);
        let first = sentences.iter().position(|s| s.article == 0).expect("a sentence");
        let others: Vec<usize> = (0..sentences.len()).filter(|&i| i != first).collect();
        let fact = fact(&story, &sentences, first, &others);
        let credit_of = |outlet: &str| fact.credits.iter().find(|c| c.outlet == outlet);
        assert_eq!(fact.outlets, ["Coastal Post"], "{fact:#?}");
        assert!(credit_of("Island Times").is_some_and(|c| c.differs), "{fact:#?}");
        // No figure at all is not the fact; the opposite statement is not the fact.
        assert!(credit_of("Harbour Herald").is_none(), "{fact:#?}");
        assert!(credit_of("Daily Meridian").is_none(), "{fact:#?}");
        let evidence = credit_of("Island Times").map(|c| c.from.article.as_str());
        assert_eq!(evidence, Some("a1"));
        assert_eq!(fact.independent, 1);
    }

    #[test]
    fn another_speaker_another_statement_or_another_subject_is_no_credit() {
        let story = input(&[
            (
                "Coastal Post",
                "The port authority said the talks between the Portvale dockworkers and the operators will resume next week.",
            ),
            (
                "Island Times",
                "Shipping analysts said the talks between the Portvale dockworkers and the operators will resume next week.",
            ),
            (
                "Harbour Herald",
                "The port authority said the harbour will reopen to container ships in March.",
            ),
            (
                "Daily Meridian",
                "The talks between the Portvale dockworkers and the operators will resume next week, the port authority said.",
            ),
        ]);
        let sentences = sentences(&story);
        let first = sentences.iter().position(|s| s.article == 0).expect("a sentence");
        let others: Vec<usize> = (0..sentences.len()).filter(|&i| i != first).collect();
        let fact = fact(&story, &sentences, first, &others);
        let credited: Vec<&str> = fact.credits.iter().map(|c| c.outlet.as_str()).collect();
        // The same claim by the same speaker in other words is credited; analysts saying the
        // same, or the authority saying something else, are not.
        assert_eq!(credited, ["Coastal Post", "Daily Meridian"], "{fact:#?}");

        let story = input(&[
            ("Coastal Post", "Ada Lind approved the new harbour budget on Monday."),
            ("Island Times", "Tom Brack approved the new harbour budget on Monday."),
            ("Harbour Herald", "The new harbour budget was approved by Ada Lind on Monday."),
        ]);
        let all = super::sentences(&story);
        let first = all.iter().position(|s| s.article == 0).expect("a sentence");
        let others: Vec<usize> = (0..all.len()).filter(|&i| i != first).collect();
        let council = super::fact(&story, &all, first, &others);
        let credited: Vec<&str> = council.credits.iter().map(|c| c.outlet.as_str()).collect();
        // Another person's approval is another fact; the same one in the passive is this one.
        assert_eq!(credited, ["Coastal Post", "Harbour Herald"], "{council:#?}");
    }

    #[test]
    fn figures_of_two_different_moments_are_no_disagreement() {
        let story = input(&[
            ("Coastal Post", "About 6,600 workers filed claims in the week ended April 4, 2020."),
            ("Island Times", "About 4,400 workers filed claims in the week ended April 11, 2020."),
            ("Harbour Herald", "About 4,900 workers filed claims in the week ended April 4, 2020."),
        ]);
        let all = sentences(&story);
        let first = all.iter().position(|s| s.article == 0).expect("a sentence");
        let others: Vec<usize> = (0..all.len()).filter(|&i| i != first).collect();
        let claims = fact(&story, &all, first, &others);
        let credited: Vec<(&str, bool)> =
            claims.credits.iter().map(|c| (c.outlet.as_str(), c.differs)).collect();
        // Another week's figure is another fact; the same week's other figure disagrees.
        assert_eq!(credited, [("Coastal Post", false), ("Harbour Herald", true)], "{claims:#?}");
    }

    #[test]
    fn an_ordinal_is_no_rival_figure() {
        let story = input(&[
            ("Coastal Post", "The council released a 16-page report on the harbour fire."),
            (
                "Island Times",
                "The council released its report on the harbour fire on the fire's 20th anniversary.",
            ),
        ]);
        let all = sentences(&story);
        let first = all.iter().position(|s| s.article == 0).expect("a sentence");
        let others: Vec<usize> = (0..all.len()).filter(|&i| i != first).collect();
        let report = fact(&story, &all, first, &others);
        assert!(report.credits.iter().all(|c| !c.differs), "{report:#?}");
    }
}
