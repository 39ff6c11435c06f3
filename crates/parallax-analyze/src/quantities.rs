//! Quantities in news text: numbers with what they count, their unit and qualifier.
//!
//! Numerals are digits ("70,000", "2.5", "10bn", "$5m", "70,000-plus", "10-mile") or words
//! ("seven", "twenty-five", "three hundred and fifty", "two dozen", "a million", "half a
//! million", "seven and a half", "tens of thousands", "hundreds"). A glued "m" is a million
//! ("$5m"), a separate one a metre ("8,611 m"). A range ("5,000 to 10,000") gives two
//! quantities, the first without the noun the second counts; a range written as one word
//! ("5,000-10,000", "2021-22") gives none. Negative numbers and fractions ("two-thirds",
//! "1/2") are not read.
//!
//! Numbers that are not counts are skipped: clock times, years (also before a capitalised
//! word, "2020 Democratic hopefuls", or a year noun, "2005 levels"), the days of dates,
//! numbers glued to letters or marks ("COVID-19", "G7", "21st", "10^400", URLs), numbers
//! after a capitalised name ("Article 5", "H.R. 1"), runs of digits (phone numbers, tables),
//! street numbers, ages after a name ("Ruslan Lapuk, 28,"), numbers alone on a line, and
//! "one" where it is a pronoun or an idiom ("no one", "one of the", "one day").

use std::ops::Range;

// Defined beside the qualifier words that map to it; lib.rs and stored.rs import it from here.
pub use crate::quantities_words::Qualifier;
use crate::quantities_words::{
    DETERMINERS, MARKS_AFTER, MARKS_BEFORE, QUALIFIERS_AFTER, QUALIFIERS_BEFORE, approximate,
    currency_code, currency_symbol, ends_phrase, glued_scale, is_address_word, is_clock_word,
    is_dollar_prefix, is_nominal_adjective, is_not_before_one, is_one_idiom, is_year_neighbour,
    is_year_noun, looks_plural, scale, small_number, two_word_unit, unit,
};
use crate::times_words::{month_abbreviation, month_name, weekday_name, zone_abbreviation};
use crate::tokens::{Kind, Token, tokenize};

/// One number the text gives, with what it counts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quantity {
    /// The whole mention as a byte range of the text: qualifier, currency, number, unit and
    /// counted noun ("about 70,000 troops", "more than 13,000", "$2.5 billion", "40 percent").
    /// When the counted noun comes before the number ("the number of troops is 94,300") it is
    /// left out of the span.
    pub span: Range<usize>,
    /// Just the numeral: "70,000", "2.5 billion", "two dozen", "10bn".
    pub number: Range<usize>,
    /// What the numeral says, always finite: 70000.0, 2.5e9, 24.0; percentages as written
    /// (40.0 for "40%"); the least a vague numeral says (10000.0 for "tens of thousands").
    pub value: f64,
    /// How exact the text says the number is.
    pub qualifier: Qualifier,
    /// The normal form of the unit, when there is one: "%", "USD", "EUR", "GBP", "RUB", "km",
    /// "miles", "kg", "tonnes", "barrels".
    pub unit: Option<&'static str>,
    /// What it counts, as a byte range: "troops" in "70,000 troops", "Russian troops" in
    /// "94,000 Russian troops", "vote" in "40 percent of the vote", "troops" in "the number
    /// of troops is estimated at 94,300". `None` when the text does not say.
    pub counted: Option<Range<usize>>,
}

/// The longest digit word read as a number; longer ones are ids, hashes or noise.
const MAX_NUMERAL_BYTES: usize = 24;
/// The most words in a counted noun phrase: the noun and two modifiers.
const MAX_COUNTED_WORDS: usize = 3;
/// How many tokens back "the number of ..." may be from the number it gets.
const NUMBER_OF_WINDOW: usize = 24;

/// The quantities in the text, in text order. Linear in the length of the text.
pub fn quantities(text: &str) -> Vec<Quantity> {
    quantities_in(text, &tokenize(text))
}

/// [`quantities`] over the text's tokens, made once for every step of an analysis.
pub(crate) fn quantities_in(text: &str, tokens: &[Token]) -> Vec<Quantity> {
    let scanner = Scanner { text, tokens };
    let mut found: Vec<Quantity> = Vec::new();
    let mut i = 0;
    while i < scanner.tokens.len() {
        let floor = found.last().map_or(0, |q| q.span.end);
        let (quantity, next) = scanner.quantity_at(i, floor);
        found.extend(quantity);
        i = next.max(i + 1);
    }
    found
}

/// A numeral and what is glued to it.
struct Numeral {
    /// Its tokens.
    tokens: Range<usize>,
    /// The numeral alone, in bytes ("70,000" of "70,000-plus").
    number: Range<usize>,
    /// Where the numeral and what is glued to it end, in bytes.
    end: usize,
    value: f64,
    form: Form,
    /// Whether a scale multiplies it ("2.5 billion", "10bn", "three million").
    scaled: bool,
    /// A qualifier it carries itself ("tens of thousands", "70,000-plus").
    qualifier: Option<Qualifier>,
    /// A unit glued to it ("5km", "10-mile").
    unit: Option<&'static str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    /// Plain ASCII digits with nothing else: the form of years, days, ids and clock times.
    Bare,
    /// Digits with separators, a decimal point, a scale or a suffix.
    Digits,
    /// Number words ("two dozen", "a million").
    Words,
    /// The word "one" alone, which is a count only before a noun it counts.
    One,
    /// A vague plural ("thousands", "tens of thousands").
    Vague,
}

/// What follows the digits inside a digit word.
enum Suffix {
    Nothing,
    Scale(f64),
    Unit(&'static str),
    Qualifier(Qualifier),
    /// A suffix that changes nothing ("70,000-strong").
    Plain,
}

/// How a counted noun phrase ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Head {
    /// At the first plural noun ("94,000 Russian troops").
    Plural,
    /// At the last word before a stop ("one soldier", "of its value").
    Last,
}

struct Scanner<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl Scanner<'_> {
    /// The quantity whose numeral starts at token `i`, if any, and the token to go on from.
    fn quantity_at(&self, i: usize, floor: usize) -> (Option<Quantity>, usize) {
        let Some(numeral) = self.numeral(i) else { return (None, i + 1) };
        let next = numeral.tokens.end;
        if self.is_not_a_count(&numeral) {
            return (None, next);
        }
        match self.measure(&numeral, floor) {
            Some((quantity, next)) => (Some(quantity), next),
            None => (None, next),
        }
    }

    /// Reads the qualifier, currency, unit and counted noun around a numeral.
    fn measure(&self, numeral: &Numeral, floor: usize) -> Option<(Quantity, usize)> {
        let first = numeral.tokens.start;
        let currency = self.currency_before(first).filter(|&(_, at)| self.start(at) >= floor);
        let lead = currency.map_or(first, |(_, at)| at);
        let before = self.qualifier_before(lead).filter(|&(_, at)| self.start(at) >= floor);
        let mut span = self.start(before.map_or(lead, |(_, at)| at))..numeral.end;
        let mut next = numeral.tokens.end;
        let mut unit = currency.map(|(unit, _)| unit).or(numeral.unit);
        if unit.is_none()
            && let Some((found, after)) = self.unit_after(next, numeral)
        {
            unit = Some(found);
            next = after;
        }
        let mut after = self.qualifier_after(next);
        next = after.map_or(next, |(_, at)| at);
        let counted = self.counted_after(numeral, unit, next);
        next = counted.as_ref().map_or(next, |(_, at)| *at);
        if after.is_none() {
            after = self.qualifier_after(next);
            next = after.map_or(next, |(_, at)| at);
        }
        let counted = counted.map(|(range, _)| range);
        if !self.keeps(numeral, counted.as_ref(), before.is_some()) {
            return None;
        }
        span.end = span.end.max(self.end(next));
        let counted = match (counted, unit) {
            (None, None) => self.counted_by_number_of(lead),
            (counted, _) => counted,
        };
        let qualifier = before.or(after).map(|(q, _)| q).or(numeral.qualifier);
        let quantity = Quantity {
            span,
            number: numeral.number.clone(),
            value: numeral.value,
            qualifier: qualifier.unwrap_or(Qualifier::Exact),
            unit,
            counted,
        };
        Some((quantity, next))
    }

    // Token access.

    fn lower(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| t.lower.as_str())
    }

    fn original(&self, i: usize) -> &str {
        self.tokens.get(i).map_or("", |t| &self.text[t.range.clone()])
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.kind == Kind::Word)
    }

    fn start(&self, i: usize) -> usize {
        self.tokens.get(i).map_or(self.text.len(), |t| t.range.start)
    }

    /// Where the token before `i` ends.
    fn end(&self, i: usize) -> usize {
        i.checked_sub(1).and_then(|k| self.tokens.get(k)).map_or(0, |t| t.range.end)
    }

    /// Whether token `i` follows the token before it with no space.
    fn glued(&self, i: usize) -> bool {
        i > 0 && self.start(i) == self.end(i)
    }

    /// The text between token `i - 1` and token `i`.
    fn gap_before(&self, i: usize) -> &str {
        &self.text[self.end(i)..self.start(i)]
    }

    fn starts_digit(&self, i: usize) -> bool {
        self.is_word(i) && self.lower(i).starts_with(|c: char| c.is_ascii_digit())
    }

    fn starts_sentence(&self, i: usize) -> bool {
        i == 0
            || self.gap_before(i).contains('\n')
            || matches!(self.lower(i - 1), "." | "!" | "?" | ":" | "“" | "\"" | "(" | "—" | "‘")
    }

    fn is_month(&self, i: usize) -> bool {
        let lower = self.lower(i);
        month_name(lower).or_else(|| month_abbreviation(lower)).is_some()
    }

    // Numerals.

    fn numeral(&self, i: usize) -> Option<Numeral> {
        if !self.is_word(i) {
            return None;
        }
        if self.starts_digit(i) { self.digit_numeral(i) } else { self.word_numeral(i) }
    }

    /// Digits, with a glued suffix ("10bn", "70,000-plus") or a scale word after them.
    fn digit_numeral(&self, i: usize) -> Option<Numeral> {
        let token = &self.tokens[i];
        let word = self.original(i);
        let (length, value, suffix) = parse_digits(word)?;
        let start = token.range.start;
        let mut numeral = Numeral {
            tokens: i..i + 1,
            number: start..start + length,
            end: token.range.end,
            value,
            form: if length == word.len() && !word.contains([',', '.']) {
                Form::Bare
            } else {
                Form::Digits
            },
            scaled: false,
            qualifier: None,
            unit: None,
        };
        match suffix {
            Suffix::Nothing | Suffix::Plain => {}
            Suffix::Scale(by) => {
                numeral.value *= by;
                numeral.scaled = true;
                numeral.number.end = token.range.end;
            }
            Suffix::Unit(unit) => numeral.unit = Some(unit),
            Suffix::Qualifier(qualifier) => numeral.qualifier = Some(qualifier),
        }
        if !numeral.scaled
            && self.is_word(i + 1)
            && let Some(by) = scale(self.lower(i + 1))
        {
            numeral.value *= by;
            numeral.scaled = true;
            numeral.form = Form::Digits;
            numeral.tokens.end = i + 2;
            numeral.number.end = self.tokens[i + 1].range.end;
            numeral.end = numeral.number.end;
        }
        numeral.value.is_finite().then_some(numeral)
    }

    /// Number words: vague plurals, "half a million", cardinals. A capitalised number word
    /// inside a sentence is a name ("the Group of Seven").
    fn word_numeral(&self, i: usize) -> Option<Numeral> {
        if self.tokens[i].capital && !self.starts_sentence(i) {
            return None;
        }
        if let Some(numeral) = self.vague(i) {
            return Some(numeral);
        }
        let half = self.lower(i) == "half" && matches!(self.lower(i + 1), "a" | "an");
        let from = if half { i + 1 } else { i };
        let (mut value, mut end, mut scaled) = self.cardinal(from)?;
        if half {
            value /= 2.0;
        }
        // "seven and a half years", "two and a half million"
        let words = [self.lower(end), self.lower(end + 1), self.lower(end + 2)];
        if !scaled && words == ["and", "a", "half"] {
            value += 0.5;
            end += 3;
            if let Some(by) = scale(self.lower(end)) {
                value *= by;
                scaled = true;
                end += 1;
            }
        }
        let form = if end == i + 1 && self.lower(i) == "one" { Form::One } else { Form::Words };
        let range = self.start(i)..self.end(end);
        Some(Numeral {
            tokens: i..end,
            number: range.clone(),
            end: range.end,
            value,
            form,
            scaled,
            qualifier: None,
            unit: None,
        })
    }

    /// "thousands", "tens of thousands", "several hundred", "a few thousand": the least they
    /// say, as more than that.
    fn vague(&self, i: usize) -> Option<Numeral> {
        let few = usize::from(self.lower(i) == "a" && self.lower(i + 1) == "few");
        let (base, mut end) = if self.lower(i) == "several" || few == 1 {
            let word = self.lower(i + 1 + few);
            let base = scale(word).or_else(|| (word == "hundred").then_some(100.0))?;
            (base, i + 2 + few)
        } else {
            (approximate(self.lower(i))?, i + 1)
        };
        let mut value = base;
        let larger = approximate(self.lower(i + 2)).filter(|&m| m >= 1e3 && m > base);
        if end == i + 1
            && self.lower(i + 1) == "of"
            && let Some(by) = larger
        {
            value *= by;
            end = i + 3;
        }
        // "tens" and "scores" alone are other words ("test scores").
        if matches!(self.lower(i), "tens" | "scores") && end == i + 1 && self.lower(end) != "of" {
            return None;
        }
        let range = self.start(i)..self.end(end);
        Some(Numeral {
            tokens: i..end,
            number: range.clone(),
            end: range.end,
            value,
            form: Form::Vague,
            scaled: true,
            qualifier: Some(Qualifier::MoreThan),
            unit: None,
        })
    }

    /// A cardinal in words from token `i`: its value, the token after it, and whether a
    /// scale word is in it. Each scale must be smaller than the one before, so a cardinal
    /// is a few words long at most.
    fn cardinal(&self, i: usize) -> Option<(f64, usize, bool)> {
        let mut total = 0.0;
        let mut current = 0.0;
        let mut previous = Step::Start;
        let mut last_scale = f64::INFINITY;
        let mut j = i;
        while let Some(step) = Step::of(self.lower(j), previous, current, last_scale) {
            let and_then = Step::of(self.lower(j + 1), step, current, last_scale);
            if step == Step::And && !matches!(and_then, Some(Step::Small(_))) {
                break;
            }
            match step {
                Step::Small(n) => current += n,
                Step::Hundred => current *= 100.0,
                Step::Dozen => current *= 12.0,
                Step::Scale(by) => {
                    total += current * by;
                    current = 0.0;
                    last_scale = by;
                }
                Step::Start | Step::Article | Step::And => {}
            }
            if step == Step::Article {
                current = 1.0;
            }
            previous = step;
            j += 1;
        }
        // An article alone, or one before something that is not a number, is no numeral.
        if j == i || (j == i + 1 && previous == Step::Article) {
            return None;
        }
        Some((total + current, j, last_scale.is_finite()))
    }
}

impl Scanner<'_> {
    // What is not a count.

    fn is_not_a_count(&self, numeral: &Numeral) -> bool {
        self.glued_to_marks(numeral)
            || self.is_clock(numeral)
            || self.alone_on_line(numeral)
            || self.in_digit_run(numeral)
            || (numeral.form == Form::Bare
                && (self.is_day(numeral)
                    || self.is_identifier(numeral)
                    || self.is_age(numeral)
                    || self.is_address(numeral)))
    }

    /// Whether the numeral is glued to a mark that makes it part of something else: a URL,
    /// a clock ("10:30"), a power ("10^400"), a phone number ("+44"), a date ("12/04").
    fn glued_to_marks(&self, numeral: &Numeral) -> bool {
        let before = self.text[..numeral.number.start].chars().next_back();
        let mut after = self.text[numeral.end..].chars();
        let (next, then) = (after.next(), after.next());
        let bad_before = before.is_some_and(|c| !c.is_whitespace() && !MARKS_BEFORE.contains(&c));
        let bad_after = next.is_some_and(|c| {
            let loose = matches!(c, ':' | '-') && !then.is_some_and(char::is_alphanumeric);
            !c.is_whitespace() && !MARKS_AFTER.contains(&c) && !loose
        });
        bad_before || bad_after
    }

    /// "1500 GMT", "10 a.m.", "three o'clock", "0800 hours", "9 local time".
    fn is_clock(&self, numeral: &Numeral) -> bool {
        let next = numeral.tokens.end;
        let lower = self.lower(next);
        let military = numeral.form == Form::Bare
            && (3..=4).contains(&numeral.number.len())
            && numeral.value < 2400.0
            && matches!(lower, "hours" | "hrs" | "h");
        is_clock_word(lower)
            || zone_abbreviation(self.original(next)).is_some()
            || (lower == "local" && self.lower(next + 1) == "time")
            || military
    }

    /// A line that holds the numeral and nothing else: a page number, an id, a stray figure.
    fn alone_on_line(&self, numeral: &Numeral) -> bool {
        let Range { start: first, end: next } = numeral.tokens;
        let before = first == 0 || self.gap_before(first).contains('\n');
        let after = next >= self.tokens.len() || self.gap_before(next).contains('\n');
        before && after
    }

    /// Digits next to other digits with only space between: phone numbers, ids, tables.
    fn in_digit_run(&self, numeral: &Numeral) -> bool {
        let Range { start: first, end: next } = numeral.tokens;
        let digits = matches!(numeral.form, Form::Bare | Form::Digits)
            && !numeral.scaled
            && numeral.unit.is_none();
        digits && ((first > 0 && self.starts_digit(first - 1)) || self.starts_digit(next))
    }

    /// A street number: "3415 Neptune Ave.", "3099 N. State Road", "the 3700 block of".
    fn is_address(&self, numeral: &Numeral) -> bool {
        let next = numeral.tokens.end;
        if self.lower(next) == "block" {
            return true;
        }
        let mut k = next;
        while k < next + 4 && self.is_word(k) && self.tokens[k].capital && !self.starts_digit(k) {
            if k > next && is_address_word(self.lower(k)) {
                return true;
            }
            k += 1;
            // The full stop of an initial: "N. State Road".
            if self.lower(k) == "." && self.glued(k) {
                k += 1;
            }
        }
        false
    }

    /// The day of a date: "December 4", "Dec. 4", "4 December", "Monday (6)".
    fn is_day(&self, numeral: &Numeral) -> bool {
        let Range { start: first, end: next } = numeral.tokens;
        let day = numeral.number.len() <= 2 && (1.0..=31.0).contains(&numeral.value);
        let month_before = (first >= 1 && self.is_month(first - 1))
            || (first >= 2 && self.lower(first - 1) == "." && self.is_month(first - 2));
        let after_weekday = first >= 2
            && self.lower(first - 1) == "("
            && self.lower(next) == ")"
            && weekday_name(self.lower(first - 2)).is_some();
        (day && (month_before || self.is_month(next))) || after_weekday
    }

    /// A number after a capitalised name or an abbreviation: "Article 5", "H.R. 1", "No. 10".
    fn is_identifier(&self, numeral: &Numeral) -> bool {
        let Some(previous) = numeral.tokens.start.checked_sub(1) else { return false };
        if self.lower(previous) == "." && previous >= 1 && self.glued(previous) {
            let word = self.original(previous - 1);
            return self.is_word(previous - 1)
                && self.tokens[previous - 1].capital
                && (word.contains('.') || word.chars().count() <= 3);
        }
        let lower = self.lower(previous);
        self.is_word(previous)
            && self.tokens[previous].capital
            && !self.starts_digit(previous)
            && !ends_phrase(lower)
            && !QUALIFIERS_BEFORE.iter().any(|(words, _)| words.last() == Some(&lower))
            && !self.is_month(previous)
            && currency_code(self.original(previous)).is_none()
    }

    /// An age after a name: "Ruslan Lapuk, 28, said".
    fn is_age(&self, numeral: &Numeral) -> bool {
        let Range { start: first, end: next } = numeral.tokens;
        first >= 2
            && numeral.value < 130.0
            && self.lower(first - 1) == ","
            && self.is_word(first - 2)
            && self.tokens[first - 2].capital
            && !self.starts_digit(first - 2)
            && matches!(self.lower(next), "," | "." | ";" | ")" | "—" | "―" | "–" | "")
    }

    /// The checks that need the counted noun: years, and "one" as a pronoun.
    fn keeps(&self, numeral: &Numeral, counted: Option<&Range<usize>>, qualified: bool) -> bool {
        match numeral.form {
            Form::One => {
                let first = numeral.tokens.start;
                let pronoun = first > 0 && is_not_before_one(self.lower(first - 1));
                !pronoun && counted.is_some() && !is_one_idiom(self.lower(numeral.tokens.end))
            }
            Form::Bare => !self.is_year(numeral, counted, qualified),
            _ => true,
        }
    }

    /// A year: four digits from 1000 to 2100 that count nothing, or that follow "in", "since",
    /// a month or a possessive ("Russia's 2014 annexation").
    fn is_year(&self, numeral: &Numeral, counted: Option<&Range<usize>>, qualified: bool) -> bool {
        if numeral.number.len() != 4 || !(1000.0..=2100.0).contains(&numeral.value) {
            return false;
        }
        let Range { start: first, end: next } = numeral.tokens;
        let after_year_word = first.checked_sub(1).is_some_and(|previous| {
            let lower = self.lower(previous);
            // "September 11, 2001 attacks"
            let after_day = lower == "," && previous >= 1 && self.starts_digit(previous - 1);
            after_day
                || self.is_month(previous)
                || lower.ends_with("'s")
                || lower.ends_with("’s")
                || (!qualified && is_year_neighbour(lower))
        });
        // "2005 levels", "the 2020 Democratic hopefuls"
        let year_noun = counted.is_some_and(|range| {
            let phrase = &self.text[range.clone()];
            numeral.value >= 1900.0
                && (is_year_noun(phrase) || phrase.starts_with(char::is_uppercase))
        });
        counted.is_none() || year_noun || self.is_month(next) || after_year_word
    }

    // What is around the numeral.

    /// A currency symbol or code just before the numeral, and the token it starts at.
    fn currency_before(&self, first: usize) -> Option<(&'static str, usize)> {
        let symbol = first.checked_sub(1)?;
        if self.is_word(symbol) {
            return currency_code(self.original(symbol)).map(|code| (code, symbol));
        }
        let prefix = symbol.checked_sub(1).filter(|&p| {
            self.lower(symbol) == "$"
                && self.glued(symbol)
                && self.is_word(p)
                && is_dollar_prefix(self.original(p))
        });
        let unit = currency_symbol(self.lower(symbol), prefix.map(|p| self.original(p)))?;
        Some((unit, prefix.unwrap_or(symbol)))
    }

    /// The longest qualifier that ends just before token `lead`, and the token it starts at.
    fn qualifier_before(&self, lead: usize) -> Option<(Qualifier, usize)> {
        QUALIFIERS_BEFORE
            .iter()
            .filter(|(words, _)| {
                words.len() <= lead
                    && words.iter().enumerate().all(|(n, word)| {
                        let k = lead - words.len() + n;
                        self.is_word(k) && self.lower(k) == *word
                    })
            })
            .max_by_key(|(words, _)| words.len())
            .map(|&(words, qualifier)| (qualifier, lead - words.len()))
    }

    /// A qualifier from token `next` on ("or more", a glued "+"), and the token after it.
    fn qualifier_after(&self, next: usize) -> Option<(Qualifier, usize)> {
        if self.lower(next) == "+" && self.glued(next) {
            return Some((Qualifier::MoreThan, next + 1));
        }
        QUALIFIERS_AFTER
            .iter()
            .find(|(words, _)| {
                words
                    .iter()
                    .enumerate()
                    .all(|(n, word)| self.is_word(next + n) && self.lower(next + n) == *word)
            })
            .map(|&(words, qualifier)| (qualifier, next + words.len()))
    }

    /// A unit from token `next` on ("%", "percent", "per cent", "km", "millions of dollars"),
    /// and the token after it.
    fn unit_after(&self, next: usize, numeral: &Numeral) -> Option<(&'static str, usize)> {
        let lower = self.lower(next);
        if lower == "%" {
            return Some(("%", next + 1));
        }
        if !self.is_word(next) {
            return None;
        }
        if lower == "of" && numeral.form == Form::Vague {
            let found = unit(self.lower(next + 1), self.original(next + 1));
            return found.map(|found| (found, next + 2));
        }
        if let Some(found) = two_word_unit(lower, self.lower(next + 1)) {
            return Some((found, next + 2));
        }
        // Pounds of money come in millions in the news; pounds of weight rarely do.
        if lower == "pounds" {
            return Some((if numeral.scaled { "GBP" } else { "lb" }, next + 1));
        }
        unit(lower, self.original(next)).map(|found| (found, next + 1))
    }

    /// What the numeral counts, from token `next` on, and the token after it. After a unit or
    /// a vague plural, only an "of" phrase counts ("40 percent of voters", "thousands of
    /// troops").
    fn counted_after(
        &self,
        numeral: &Numeral,
        unit: Option<&str>,
        next: usize,
    ) -> Option<(Range<usize>, usize)> {
        let plural = approximate(self.lower(numeral.tokens.end - 1)).is_some();
        if unit.is_some() || (numeral.form == Form::Vague && plural) {
            if self.lower(next) != "of" {
                return None;
            }
            let from = next + 1 + usize::from(DETERMINERS.contains(&self.lower(next + 1)));
            let head = if numeral.form == Form::Vague { Head::Plural } else { Head::Last };
            return self.noun_phrase(from, head);
        }
        let head = if numeral.value == 1.0 { Head::Last } else { Head::Plural };
        // "25 million more people"
        let more = usize::from(self.lower(next) == "more" && self.is_candidate(next + 1));
        self.noun_phrase(next + more, head)
    }

    /// "the number of Russian troops near Ukraine is estimated at 94,300": the noun after
    /// "the number of", earlier in the sentence, when the number is what it is said to be.
    fn counted_by_number_of(&self, lead: usize) -> Option<Range<usize>> {
        let low = lead.saturating_sub(NUMBER_OF_WINDOW);
        for j in (low..lead).rev() {
            match self.lower(j) {
                "." | "!" | "?" | ";" => return None,
                "number" if self.lower(j + 1) == "of" => {
                    let from = j + 2 + usize::from(DETERMINERS.contains(&self.lower(j + 2)));
                    let (range, _) = self.noun_phrase(from, Head::Plural)?;
                    return (range.end <= self.start(lead)).then_some(range);
                }
                _ if self.gap_before(j).contains('\n') => return None,
                _ => {}
            }
        }
        None
    }

    /// A counted noun phrase from token `from`: up to two modifiers and the noun, and the
    /// token after it.
    fn noun_phrase(&self, from: usize, head: Head) -> Option<(Range<usize>, usize)> {
        let limit = from + MAX_COUNTED_WORDS;
        let mut last = None;
        let mut j = from;
        while self.continues_phrase(j) {
            if j == limit {
                // A longer phrase would be cut in the middle ("of presumptive Democratic
                // presidential nominee"); better to say nothing.
                return None;
            }
            let lower = self.lower(j);
            // A possessive ends the phrase: "two men's positions" counts men.
            if let Some(stem) = lower.strip_suffix("'s").or_else(|| lower.strip_suffix("’s")) {
                let cut = self.tokens[j].range.end - (lower.len() - stem.len());
                let counts = looks_plural(stem) && self.text.is_char_boundary(cut);
                return counts.then(|| (self.start(from)..cut, j + 1));
            }
            let more = j + 1 < limit && self.continues_phrase(j + 1);
            if is_nominal_adjective(lower) && !more || looks_plural(lower) {
                last = Some(j);
                break;
            }
            if head == Head::Last {
                if ["ed", "ing", "ly"].iter().any(|ending| lower.ends_with(ending)) {
                    break;
                }
                last = Some(j);
            }
            j += 1;
        }
        let last = last?;
        Some((self.start(from)..self.tokens[last].range.end, last + 1))
    }

    /// Whether token `j` may go on a noun phrase: a candidate word on the same line.
    fn continues_phrase(&self, j: usize) -> bool {
        self.is_candidate(j) && !self.gap_before(j).contains('\n')
    }

    /// Whether token `j` may be part of a counted noun phrase.
    fn is_candidate(&self, j: usize) -> bool {
        let lower = self.lower(j);
        // Contractions end a phrase ("one Democrat wasn't"); possessives are read by the caller.
        let possessive = lower.ends_with("'s") || lower.ends_with("’s");
        let contraction = lower.contains(['\'', '’']) && !possessive;
        self.is_word(j)
            && !contraction
            && lower.starts_with(char::is_alphabetic)
            && !ends_phrase(lower)
            && small_number(lower).is_none()
            && scale(lower).is_none()
            && approximate(lower).is_none()
            && !matches!(lower, "hundred" | "dozen")
            && !self.is_month(j)
            && weekday_name(lower).is_none()
            && !is_clock_word(lower)
    }
}

/// One step of a cardinal in words.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Step {
    Start,
    /// "a" or "an" before a scale ("a million").
    Article,
    /// A number below a hundred.
    Small(f64),
    Hundred,
    Dozen,
    Scale(f64),
    /// "and" between parts ("three hundred and fifty").
    And,
}

impl Step {
    /// The step a word makes after `previous`, if it may follow it.
    fn of(word: &str, previous: Step, current: f64, last_scale: f64) -> Option<Step> {
        let step = match word {
            "a" | "an" => Step::Article,
            "hundred" => Step::Hundred,
            "dozen" => Step::Dozen,
            "and" => Step::And,
            _ => scale(word).map(Step::Scale).or_else(|| small_number(word).map(Step::Small))?,
        };
        let fits = match (previous, step) {
            (Step::Start, Step::Article | Step::Small(_)) => true,
            (Step::Hundred | Step::Scale(_) | Step::And, Step::Small(_)) => true,
            // "twenty five", "three hundred twenty five"
            (Step::Small(tens), Step::Small(units)) => {
                tens >= 20.0 && tens % 10.0 == 0.0 && units < 10.0 && current % 10.0 == 0.0
            }
            (Step::Small(_) | Step::Article, Step::Hundred) => current < 100.0,
            (Step::Small(_) | Step::Hundred | Step::Article, Step::Dozen) => true,
            (Step::Small(_) | Step::Hundred | Step::Dozen | Step::Article, Step::Scale(by)) => {
                by < last_scale
            }
            (Step::Hundred | Step::Scale(_), Step::And) => true,
            _ => false,
        };
        fits.then_some(step)
    }
}

/// Reads a digit word: the length of its numeral, its value and its suffix. `None` for
/// malformed numbers ("1,2,3,4", "04"), ordinals ("21st"), codes ("1e999") and words too
/// long to be a figure.
fn parse_digits(word: &str) -> Option<(usize, f64, Suffix)> {
    if word.len() > MAX_NUMERAL_BYTES {
        return None;
    }
    let length =
        word.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(word.len());
    let numeral = word[..length].trim_end_matches([',', '.']);
    let value = numeral_value(numeral)?;
    let suffix = Suffix::of(&word[numeral.len()..].to_lowercase())?;
    Some((numeral.len(), value, suffix))
}

/// The value of digits with thousands separators and a decimal point, when well formed.
fn numeral_value(numeral: &str) -> Option<f64> {
    let (whole, fraction) = numeral.split_once('.').unwrap_or((numeral, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    let mut groups = whole.split(',');
    let lead = groups.next().unwrap_or_default();
    let well_formed = if whole.contains(',') {
        digits(lead) && lead.len() <= 3 && groups.all(|group| group.len() == 3 && digits(group))
    } else {
        digits(whole) && (whole.len() == 1 || !whole.starts_with('0'))
    };
    if !well_formed || !digits(fraction) {
        return None;
    }
    let plain: String = numeral.chars().filter(|&c| c != ',').collect();
    plain.parse::<f64>().ok().filter(|value| value.is_finite())
}

impl Suffix {
    /// The suffix after the digits of a word, lowercase: "bn", "km", "-plus", "-mile".
    fn of(lower: &str) -> Option<Suffix> {
        if lower.is_empty() {
            return Some(Suffix::Nothing);
        }
        if let Some(word) = lower.strip_prefix('-') {
            return match word {
                "plus" => Some(Suffix::Qualifier(Qualifier::MoreThan)),
                "odd" => Some(Suffix::Qualifier(Qualifier::About)),
                "strong" => Some(Suffix::Plain),
                _ => scale(word).map(Suffix::Scale).or_else(|| unit(word, word).map(Suffix::Unit)),
            };
        }
        glued_scale(lower).map(Suffix::Scale).or_else(|| unit(lower, lower).map(Suffix::Unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each quantity as "span | number = value | qualifier | unit | counted", with `-` for
    /// none, after checking the ranges are in the text, on character boundaries and in order.
    fn found(text: &str) -> Vec<String> {
        let all = quantities(text);
        let mut end = 0;
        for q in &all {
            assert!(q.span.start >= end && q.span.start < q.span.end && q.span.end <= text.len());
            assert!(q.span.start <= q.number.start && q.number.end <= q.span.end, "{q:?}");
            for range in [Some(&q.span), Some(&q.number), q.counted.as_ref()].into_iter().flatten()
            {
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
            }
            assert!(q.value.is_finite(), "{q:?}");
            end = q.span.end;
        }
        all.into_iter()
            .map(|q| {
                let counted = q.counted.map_or("-", |range| &text[range]);
                format!(
                    "{} | {} = {} | {:?} | {} | {counted}",
                    &text[q.span],
                    &text[q.number],
                    q.value,
                    q.qualifier,
                    q.unit.unwrap_or("-"),
                )
            })
            .collect()
    }

    fn check(text: &str, expected: &[&str]) {
        assert_eq!(found(text), expected, "{text}");
    }

    #[test]
    fn counts_with_their_nouns_and_qualifiers() {
        check(
            "The ministry said about 70,000 troops were near the border.",
            &["about 70,000 troops | 70,000 = 70000 | About | - | troops"],
        );
        check(
            "The storm killed more than 1,300 people in Portvale.",
            &["more than 1,300 people | 1,300 = 1300 | MoreThan | - | people"],
        );
        check(
            "Observers counted 94,000 Northern troops and 175,000 troops — mostly reservists.",
            &[
                "94,000 Northern troops | 94,000 = 94000 | Exact | - | Northern troops",
                "175,000 troops | 175,000 = 175000 | Exact | - | troops",
            ],
        );
        check(
            "The long dispute has cost more than 14,000 lives. The flood killed more than 3,000.",
            &[
                "more than 14,000 lives | 14,000 = 14000 | MoreThan | - | lives",
                "more than 3,000 | 3,000 = 3000 | MoreThan | - | -",
            ],
        );
        check(
            "At least 12 ships, up to 300 sailors and 40 boats or more were lost.",
            &[
                "At least 12 ships | 12 = 12 | AtLeast | - | ships",
                "up to 300 sailors | 300 = 300 | UpTo | - | sailors",
                "40 boats or more | 40 = 40 | MoreThan | - | boats",
            ],
        );
        check(
            "Fewer than 20 displaced families and just under 500 wounded remained; 10 or more \
             vans and 70,000-plus fans came, as did 2,000+ cyclists and some 800 dead.",
            &[
                "Fewer than 20 displaced families | 20 = 20 | LessThan | - | displaced families",
                "just under 500 wounded | 500 = 500 | Nearly | - | wounded",
                "10 or more vans | 10 = 10 | MoreThan | - | vans",
                "70,000-plus fans | 70,000 = 70000 | MoreThan | - | fans",
                "2,000+ cyclists | 2,000 = 2000 | MoreThan | - | cyclists",
                "some 800 dead | 800 = 800 | About | - | dead",
            ],
        );
    }

    #[test]
    fn money_percentages_and_measures() {
        check(
            "The company lost $2.5 billion, or 12 percent of its value.",
            &[
                "$2.5 billion | 2.5 billion = 2500000000 | Exact | USD | -",
                "12 percent of its value | 12 = 12 | Exact | % | value",
            ],
        );
        check(
            "Fares rose 40% and 3.5 per cent; the port paid €40 million, £3.2bn, US$1.2 billion \
             and 5,000 roubles.",
            &[
                "40% | 40 = 40 | Exact | % | -",
                "3.5 per cent | 3.5 = 3.5 | Exact | % | -",
                "€40 million | 40 million = 40000000 | Exact | EUR | -",
                "£3.2bn | 3.2bn = 3200000000 | Exact | GBP | -",
                "US$1.2 billion | 1.2 billion = 1200000000 | Exact | USD | -",
                "5,000 roubles | 5,000 = 5000 | Exact | RUB | -",
            ],
        );
        check(
            "The pipeline runs 1,200 km, carries 2 million barrels of crude, and a 10-mile \
             spur cost $5m; 40 percent of voters backed 10bn in aid.",
            &[
                "1,200 km | 1,200 = 1200 | Exact | km | -",
                "2 million barrels of crude | 2 million = 2000000 | Exact | barrels | crude",
                "10-mile | 10 = 10 | Exact | miles | -",
                "$5m | 5m = 5000000 | Exact | USD | -",
                "40 percent of voters | 40 = 40 | Exact | % | voters",
                "10bn | 10bn = 10000000000 | Exact | - | -",
            ],
        );
        check(
            "The 8,611 m (28,251-foot) peak; two renowned U.S. climbers.",
            &[
                "8,611 m | 8,611 = 8611 | Exact | m | -",
                "28,251-foot | 28,251 = 28251 | Exact | ft | -",
                "two renowned U.S. climbers | two = 2 | Exact | - | renowned U.S. climbers",
            ],
        );
        check(
            "Thirty percent of presumptive harbour party nominee Ann Vos’s staff left.",
            &["Thirty percent | Thirty = 30 | Exact | % | -"],
        );
        check(
            "It weighed 300 pounds and cost 4 million pounds.",
            &[
                "300 pounds | 300 = 300 | Exact | lb | -",
                "4 million pounds | 4 million = 4000000 | Exact | GBP | -",
            ],
        );
    }

    #[test]
    fn numbers_in_words() {
        check(
            "Nearly two dozen ships waited.",
            &["Nearly two dozen ships | two dozen = 24 | Nearly | - | ships"],
        );
        check(
            "Tens of thousands of people marched, hundreds of thousands watched and thousands \
             of dollars were raised.",
            &[
                "Tens of thousands of people | Tens of thousands = 10000 | MoreThan | - | people",
                "hundreds of thousands | hundreds of thousands = 100000 | MoreThan | - | -",
                "thousands of dollars | thousands = 1000 | MoreThan | USD | -",
            ],
        );
        check(
            "Seven ferries, twenty-five buses, three hundred and fifty cars, a dozen lorries, \
             half a million tickets and a million visitors.",
            &[
                "Seven ferries | Seven = 7 | Exact | - | ferries",
                "twenty-five buses | twenty-five = 25 | Exact | - | buses",
                "three hundred and fifty cars | three hundred and fifty = 350 | Exact | - | cars",
                "a dozen lorries | a dozen = 12 | Exact | - | lorries",
                "half a million tickets | half a million = 500000 | Exact | - | tickets",
                "a million visitors | a million = 1000000 | Exact | - | visitors",
            ],
        );
        check(
            "After seven and a half years, two and a half million more people came.",
            &[
                "seven and a half years | seven and a half = 7.5 | Exact | - | years",
                "two and a half million more people | two and a half million = 2500000 | Exact | - \
                 | people",
            ],
        );
        check(
            "Several hundred workers joined two million others and two men's unions.",
            &[
                "Several hundred workers | Several hundred = 100 | MoreThan | - | workers",
                "two million others | two million = 2000000 | Exact | - | others",
                "two men's | two = 2 | Exact | - | men",
            ],
        );
    }

    #[test]
    fn one_only_when_it_counts() {
        check("One soldier was hurt.", &["One soldier | One = 1 | Exact | - | soldier"]);
        check(
            "No one came. One of the ferries sank one day, and one another blamed the one \
             captain in the Group of Seven.",
            &[],
        );
    }

    #[test]
    fn the_number_of_before_its_figure() {
        check(
            "Officials put the number of displaced families at 12,400.",
            &["12,400 | 12,400 = 12400 | Exact | - | displaced families"],
        );
        let text = "The minister said the number of Northern troops near the river and in the \
                    hills is estimated at 94,300, and warned of more.";
        let all = quantities(text);
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].counted.clone().map(|range| &text[range]), Some("Northern troops"));
        check("The number of ferries rose. It was 40.", &["40 | 40 = 40 | Exact | - | -"]);
    }

    #[test]
    fn times_dates_and_years_are_not_counts() {
        check("The vote is at 1500 GMT on Tuesday, 4 December 2029.", &[]);
        check("It starts around 1500 GMT (1000 a.m. ET) or at 3 p.m., 10:30 or 0800 hours.", &[]);
        check(
            "The pact of 1954 was broken in 2014 and Portvale's 2019 plan, on March 08, 2019 \
             and Dec. 4, since 1990.",
            &[],
        );
        check("The council met on Monday (6) and will meet this Tuesday (7).", &[]);
        check("December 04, 2021\n\nThe fleet grew.", &[]);
        check(
            "In 1999, 1,500 troops and 2000 people came.",
            &[
                "1,500 troops | 1,500 = 1500 | Exact | - | troops",
                "2000 people | 2000 = 2000 | Exact | - | people",
            ],
        );
    }

    #[test]
    fn names_ids_ordinals_and_ages_are_not_counts() {
        check(
            "The G7, COVID-19, F-16 jets, H.R. 1, Article 5, the 21st and fifth rounds, \
             see https://example.invalid/2021/12/04/page-a757 or call +44 20 7946 0958.",
            &[],
        );
        check("Said Anna Berg, 71. Tom Lee, 28, agreed. Ann Vos, 40 ― a baker.", &[]);
        check("Emissions fell below 2005 levels.", &[]);
        check("He warned 2028 Federal hopefuls about a '15 game.", &[]);
        check("June 4th, 2015\n\nDear friends, hello.", &[]);
        check("Page\n\n214\n\nThe end.", &[]);
        check("Police went to 3415 Harbour Rd. and the 3700 block of Elm.", &[]);
        check(
            "He was 89. Lane was 6-foot 7-inch.",
            &[
                "89 | 89 = 89 | Exact | - | -",
                "6-foot | 6 = 6 | Exact | ft | -",
                "7-inch | 7 = 7 | Exact | in | -",
            ],
        );
        check("Rates: 1,200 1,350 1,500 and 9 11 13.", &[]);
        check("Since the September 11, 2001 attacks, 2010 and 2012 election cycles.", &[]);
    }

    #[test]
    fn ranges_give_two_quantities_or_none() {
        check(
            "Between 5,000 and 10,000 troops, 5,000-10,000 more.",
            &[
                "5,000 | 5,000 = 5000 | Exact | - | -",
                "10,000 troops | 10,000 = 10000 | Exact | - | troops",
            ],
        );
    }

    #[test]
    fn hostile_input_neither_panics_nor_invents() {
        for text in ["1,2,3,4", "10^400", "1e999", "(((( $ € £", "a an half a", "one", "$", "%"]
        {
            assert_eq!(found(text), Vec::<String>::new(), "{text}");
        }
        check("We saw 1,2,3,4 boats and 10^400 stars.", &[]);
        let big = format!("{} ships", "9".repeat(400));
        check(&big, &[]);
        check(
            "Москва, 12 кораблей — 東京 ٣ ships €5 ’tis",
            &["12 | 12 = 12 | Exact | - | -", "€5 | 5 = 5 | Exact | EUR | -"],
        );
        let words = "word ".repeat(20_000);
        assert!(found(&words).is_empty());
        assert!(found(&"9".repeat(100_000)).is_empty());
        assert!(found(&"1,".repeat(50_000)).is_empty());
        assert!(found(&"1 ".repeat(50_000)).is_empty());
        let many = "about 70,000 troops and ".repeat(4_000);
        assert_eq!(found(&many).len(), 4_000);
        let numbers = "thousand million billion hundred dozen and one two ".repeat(2_000);
        assert!(found(&numbers).len() <= 2_000 * 8);
        for text in ["((((Monday (6", ")( Tuesday ) ( 7 ) (", "— 5 —", "5", "a million", "’5’"]
        {
            let _ = found(text);
        }
    }
}
