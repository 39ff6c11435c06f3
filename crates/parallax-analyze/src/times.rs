//! Time expressions in news text ("on Tuesday", "December 4, 2021", "early next year",
//! "1500 GMT"), resolved against the article's date.

use std::ops::Range;

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Weekday,
};

// Defined beside the calendar rules that take it; lib.rs re-exports it from here.
pub use crate::times_words::Direction;
use crate::times_words::{
    CLOCK_PREPOSITIONS, DAY_PARTS, FUTURE_CUES, MONTH_PREPOSITIONS, Modifier, NOT_BEFORE_WEEKDAY,
    NOT_PAST, PAST_CUES, PRESENT_CUES, Part, Unit, WEEKDAY_PREPOSITIONS, YEAR_PREPOSITIONS,
    YearSpec, Zone, add_days, month_abbreviation, month_interval, month_name, narrow, nearest_date,
    number_word, period, place_zone, shift, unit, weekday_abbreviation, weekday_date, weekday_name,
    weekday_with_day, weekend, ymd, zone_abbreviation, zone_offset,
};
use crate::tokens;

/// One time expression and what it resolves to.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TimeExpression {
    /// The expression as a byte range of the text ("last Friday", "1500 GMT", "early next
    /// year"); a plain preposition before it ("on", "in") is left out.
    pub span: Range<usize>,
    /// What it resolves to.
    pub value: TimeValue,
    /// Which way it points from the anchor.
    pub direction: Direction,
}

/// What a time expression stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TimeValue {
    /// One calendar day: "Tuesday", "on Monday (6)", "December 4, 2021", "yesterday".
    Day(NaiveDate),
    /// A day and a clock time in a named zone, with the zone's offset: "1500 GMT" in a
    /// sentence about Tuesday.
    Instant(DateTime<FixedOffset>),
    /// A day and a clock time with no zone named ("noon", "0800 local time"): wall-clock time
    /// wherever the event is.
    Local(NaiveDateTime),
    /// A span of days, both ends included: "next month", "early next year", "in 2014".
    Interval {
        /// The first day.
        start: NaiveDate,
        /// The last day.
        end: NaiveDate,
    },
    /// A clock time with no day to attach to (no anchor and no day nearby).
    Clock {
        /// The time of day.
        time: NaiveTime,
        /// The offset from UTC, when the text names a zone whose offset does not depend on
        /// the day.
        #[serde(with = "crate::stored::offset_seconds")]
        offset: Option<FixedOffset>,
    },
    /// Recognised but not resolved: a weekday with no anchor, "February 30", "in the evening".
    Unresolved,
}

/// How far, in tokens, the clause is read either side of an expression for its tense.
const CUE_WINDOW: usize = 12;
/// The count read for "the past weeks", "a few days": a handful.
const FEW: i64 = 3;

/// Every time expression in `text`, in text order, resolved against `anchor` (the article's
/// publication or dateline date; without it only explicit dates resolve).
///
/// ```
/// use chrono::NaiveDate;
/// use parallax_analyze::{Direction, TimeValue, time_expressions};
///
/// let text = "The leaders will hold a video call on Tuesday. It should start at 1500 GMT.";
/// let found = time_expressions(text, NaiveDate::from_ymd_opt(2031, 3, 8));
/// assert_eq!(&text[found[0].span.clone()], "Tuesday");
/// assert_eq!(found[0].value, TimeValue::Day(NaiveDate::from_ymd_opt(2031, 3, 11).unwrap()));
/// assert_eq!(found[0].direction, Direction::Future);
/// let TimeValue::Instant(at) = found[1].value else { panic!() };
/// assert_eq!(at.to_rfc3339(), "2031-03-11T15:00:00+00:00");
/// ```
pub fn time_expressions(text: &str, anchor: Option<NaiveDate>) -> Vec<TimeExpression> {
    time_expressions_in(text, &tokens::tokenize(text), anchor)
}

/// [`time_expressions`] over the article's tokens, as `analyze` has them.
pub(crate) fn time_expressions_in(
    text: &str,
    shared: &[tokens::Token],
    anchor: Option<NaiveDate>,
) -> Vec<TimeExpression> {
    let Spotted { tokens, mentions } = spot(text, shared, anchor);
    mentions
        .iter()
        .map(|m| TimeExpression {
            span: tokens[m.first].range.start..tokens[m.end - 1].range.end,
            value: m.value,
            direction: direction(m, anchor),
        })
        .collect()
}

/// The time tokens of a text and the expressions found among them, resolved.
pub(crate) struct Spotted {
    pub(crate) tokens: Vec<Token>,
    pub(crate) mentions: Vec<Mention>,
}

/// Finds and resolves the time expressions of `text` (the TimeML view reads them too).
pub(crate) fn spot(text: &str, shared: &[tokens::Token], anchor: Option<NaiveDate>) -> Spotted {
    let tokens = time_tokens(text, shared);
    let sentence = sentence_of(text, &tokens);
    let spotter = Spotter { text, tokens: &tokens };
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        match spotter.at(i) {
            Some(found) if found.end > i => {
                let cue = spotter.cue(i, found.end, &sentence);
                let value = resolve(found.raw, anchor, cue);
                mentions.push(Mention { first: i, end: found.end, raw: found.raw, cue, value });
                i = found.end;
            }
            _ => i += 1,
        }
    }
    attach_clocks(&mut mentions, &sentence, anchor);
    Spotted { tokens, mentions }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Number,
    Punct,
}

#[derive(Debug)]
pub(crate) struct Token {
    pub(crate) range: Range<usize>,
    pub(crate) kind: Kind,
    /// Lowercase, with the full stops of "a.m." dropped.
    pub(crate) lower: String,
    pub(crate) capital: bool,
    /// No space before it.
    pub(crate) glued: bool,
}

/// What a character is to the time lexer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Other,
}

fn class_of(c: char) -> Class {
    if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Letter
    } else {
        Class::Other
    }
}

/// The time expressions' view of the article's one tokenization (`tokens`): each token cut
/// into atoms (runs of letters, runs of ASCII digits, single other characters), then glued
/// back where times read one unit: numbers with `, . : / -` inside them ("94,300", "15:00",
/// "2021-12-04", which the shared tokens split at `:` and `/`) and "a.m." as one word. Words
/// joined by hyphens or apostrophes in the shared tokens ("mid-December") are apart here.
fn time_tokens(text: &str, shared: &[tokens::Token]) -> Vec<Token> {
    let mut atoms: Vec<(Range<usize>, Class)> = Vec::new();
    for token in shared {
        let piece = &text[token.range.clone()];
        let mut chars = piece.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let class = class_of(c);
            let start = token.range.start + i;
            let mut end = start + c.len_utf8();
            while class != Class::Other
                && let Some(&(j, next)) = chars.peek().filter(|&&(_, n)| class_of(n) == class)
            {
                end = token.range.start + j + next.len_utf8();
                chars.next();
            }
            atoms.push((start..end, class));
        }
    }
    let is = |k: usize, class: Class, at: usize| {
        atoms.get(k).is_some_and(|(range, c)| *c == class && range.start == at)
    };
    let mark = |k: usize, at: usize, marks: &[u8]| {
        is(k, Class::Other, at) && marks.contains(&text.as_bytes()[at]) && atoms[k].0.len() == 1
    };
    let mut tokens = Vec::with_capacity(atoms.len());
    let mut previous_end = usize::MAX;
    let mut k = 0;
    while k < atoms.len() {
        let (range, class) = atoms[k].clone();
        let (start, mut end) = (range.start, range.end);
        k += 1;
        let kind = match class {
            Class::Digit => {
                while mark(k, end, b",.:/-") && is(k + 1, Class::Digit, end + 1) {
                    end = atoms[k + 1].0.end;
                    k += 2;
                }
                Kind::Number
            }
            Class::Letter => {
                let single = end - start == 1 && matches!(&text[start..end], "a" | "p" | "A" | "P");
                if single
                    && mark(k, end, b".")
                    && is(k + 1, Class::Letter, end + 1)
                    && matches!(&text[end + 1..atoms[k + 1].0.end], "m" | "M")
                {
                    end += 2;
                    k += 2;
                    if mark(k, end, b".") {
                        end += 1;
                        k += 1;
                    }
                }
                Kind::Word
            }
            Class::Other => Kind::Punct,
        };
        let raw = &text[start..end];
        let lower = if kind == Kind::Word {
            raw.chars().filter(|&c| c != '.').flat_map(char::to_lowercase).collect()
        } else {
            raw.to_string()
        };
        let capital = raw.starts_with(char::is_uppercase);
        tokens.push(Token {
            range: start..end,
            kind,
            lower,
            capital,
            glued: start == previous_end,
        });
        previous_end = end;
    }
    tokens
}

/// The index of the sentence each token is in.
fn sentence_of(text: &str, tokens: &[Token]) -> Vec<usize> {
    let sentences = parallax_core::sentences(text);
    let mut s = 0;
    tokens
        .iter()
        .map(|t| {
            while s + 1 < sentences.len() && sentences[s].end <= t.range.start {
                s += 1;
            }
            s
        })
        .collect()
}

/// An expression as the text states it, before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Raw {
    Weekday {
        day: Weekday,
        modifier: Option<Modifier>,
        day_of_month: Option<u32>,
    },
    Date {
        year: Option<i32>,
        month: u32,
        day: u32,
    },
    DayRange {
        year: Option<i32>,
        month: u32,
        from: u32,
        to: u32,
    },
    Month {
        month: u32,
        modifier: Option<Modifier>,
        year: Option<YearSpec>,
        part: Part,
    },
    Year {
        year: i32,
        part: Part,
    },
    /// Days from the anchor: "today" (0), "yesterday" (-1).
    Offset(i64),
    /// "two weeks ago" (-2 weeks), "in three days" (3 days).
    Shift {
        count: i64,
        unit: Unit,
    },
    /// The calendar week, month or year `offset` from the anchor's.
    Period {
        unit: Unit,
        offset: i64,
        part: Part,
    },
    Weekend(Option<Modifier>),
    /// "the past two weeks", "the coming days": up to or from the anchor.
    Window {
        count: i64,
        unit: Unit,
        forward: bool,
    },
    Clock {
        time: NaiveTime,
        zone: Option<Zone>,
    },
    /// Recognised with no value: "in the evening", a slashed date that reads two ways.
    Vague,
}

struct Found {
    end: usize,
    raw: Raw,
}

pub(crate) struct Mention {
    pub(crate) first: usize,
    pub(crate) end: usize,
    pub(crate) raw: Raw,
    pub(crate) cue: Direction,
    pub(crate) value: TimeValue,
}

/// Reading the time tokens by position: a word (lowercase), a mark, a number, or nothing.
pub(crate) trait TokenReader {
    /// The tokens read.
    fn tokens(&self) -> &[Token];

    fn word(&self, i: usize) -> Option<&str> {
        self.tokens().get(i).filter(|t| t.kind == Kind::Word).map(|t| t.lower.as_str())
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.word(i) == Some(word)
    }

    fn punct(&self, i: usize, mark: &str) -> bool {
        self.tokens().get(i).is_some_and(|t| t.kind == Kind::Punct && t.lower == mark)
    }

    fn number(&self, i: usize) -> Option<&str> {
        self.tokens().get(i).filter(|t| t.kind == Kind::Number).map(|t| t.lower.as_str())
    }
}

struct Spotter<'a> {
    text: &'a str,
    tokens: &'a [Token],
}

impl TokenReader for Spotter<'_> {
    fn tokens(&self) -> &[Token] {
        self.tokens
    }
}

impl Spotter<'_> {
    fn previous(&self, i: usize) -> Option<&str> {
        self.word(i.checked_sub(1)?)
    }

    fn at(&self, i: usize) -> Option<Found> {
        self.numeric_date(i)
            .or_else(|| self.clock(i))
            .or_else(|| self.day_first(i))
            .or_else(|| self.named(i))
            .or_else(|| self.relative(i))
    }

    /// "2021-12-04", "25/12/2021", "04.12.2021". A slashed date that reads as two different
    /// days is vague; one that reads as none ("13/45/2021") is kept and left unresolved.
    fn numeric_date(&self, i: usize) -> Option<Found> {
        let s = self.number(i)?;
        let separator = s.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
        let parts: Vec<&str> = s.split(separator).collect();
        let digits =
            |p: &&str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
        if parts.len() != 3 || !parts.iter().all(digits) {
            return None;
        }
        let n = |p: &str| p.parse::<u32>().ok();
        let year = |p: &str| p.parse::<i32>().ok();
        let raw = if parts[0].len() == 4 && separator == '-' {
            Raw::Date { year: year(parts[0]), month: n(parts[1])?, day: n(parts[2])? }
        } else if parts[2].len() == 4 {
            let (y, a, b) = (year(parts[2])?, n(parts[0])?, n(parts[1])?);
            let valid = |month, day| NaiveDate::from_ymd_opt(y, month, day).is_some();
            // Dotted dates are day first; slashed ones are read both ways.
            let day_first = valid(b, a);
            let month_first = separator != '.' && valid(a, b);
            match (month_first, day_first) {
                (true, true) if a != b => Raw::Vague,
                (true, _) => Raw::Date { year: Some(y), month: a, day: b },
                _ => Raw::Date { year: Some(y), month: b, day: a },
            }
        } else {
            return None;
        };
        Some(Found { end: i + 1, raw })
    }

    /// "1500 GMT", "15:00", "3 p.m. ET", "10:00 a.m. EST", "1000 a.m. ET", "noon". A bare
    /// four-digit number is a time only with a zone or a.m./p.m. after it.
    fn clock(&self, i: usize) -> Option<Found> {
        let token = self.tokens.get(i)?;
        if token.kind == Kind::Word {
            let hour = match token.lower.as_str() {
                "noon" | "midday" => 12,
                "midnight" => 0,
                _ => return None,
            };
            let (zone, end) = self.zone(i + 1).map_or((None, i + 1), |(z, e)| (Some(z), e));
            let time = NaiveTime::from_hms_opt(hour, 0, 0)?;
            return Some(Found { end, raw: Raw::Clock { time, zone } });
        }
        let s = self.number(i)?;
        let meridiem = self.word(i + 1).and_then(|w| match w {
            "am" => Some(false),
            "pm" => Some(true),
            _ => None,
        });
        let after = if meridiem.is_some() { i + 2 } else { i + 1 };
        let zone = self.zone(after);
        let end = zone.map_or(after, |(_, e)| e);
        let parse = |p: &str| p.parse::<u32>().ok();
        let (hour, minute, second) = if s.contains(':') {
            let parts: Vec<&str> = s.split(':').collect();
            let shaped = (2..=3).contains(&parts.len())
                && (1..=2).contains(&parts[0].len())
                && parts[1..].iter().all(|p| p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()));
            let introduced = self.previous(i).is_some_and(|w| CLOCK_PREPOSITIONS.contains(&w));
            if !shaped || !(meridiem.is_some() || zone.is_some() || introduced) {
                return None;
            }
            (parse(parts[0])?, parse(parts[1])?, parts.get(2).map_or(Some(0), |p| parse(p))?)
        } else if let Some((h, m)) = s.split_once('.') {
            // "5.30 pm"; without a.m./p.m. it is a decimal.
            if meridiem.is_none() || h.len() > 2 || m.len() != 2 {
                return None;
            }
            (parse(h)?, parse(m)?, 0)
        } else if s.bytes().all(|b| b.is_ascii_digit()) {
            match s.len() {
                1 | 2 if meridiem.is_some() => (parse(s)?, 0, 0),
                3 | 4 if meridiem.is_some() || zone.is_some() => {
                    (parse(&s[..s.len() - 2])?, parse(&s[s.len() - 2..])?, 0)
                }
                _ => return None,
            }
        } else {
            return None;
        };
        let hour = match meridiem {
            Some(_) if !(1..=12).contains(&hour) => return None,
            Some(pm) => hour % 12 + if pm { 12 } else { 0 },
            None => hour,
        };
        let time = NaiveTime::from_hms_opt(hour, minute, second)?;
        Some(Found { end, raw: Raw::Clock { time, zone: zone.map(|(z, _)| z) } })
    }

    /// A zone after a clock time, perhaps after "hours": "GMT", "GMT+3", "ET", "1500Z",
    /// "local time", "Moscow time".
    fn zone(&self, k: usize) -> Option<(Zone, usize)> {
        let k = if matches!(self.word(k), Some("hours" | "hrs")) { k + 1 } else { k };
        let token = self.tokens.get(k)?;
        if token.kind != Kind::Word {
            return None;
        }
        let original = &self.text[token.range.clone()];
        if matches!(token.lower.as_str(), "gmt" | "utc") {
            return Some(self.stated_offset(k + 1).unwrap_or((Zone::Fixed(0), k + 1)));
        }
        if original == "Z" && token.glued {
            return Some((Zone::Fixed(0), k + 1));
        }
        if let Some(zone) = zone_abbreviation(original) {
            return Some((zone, k + 1));
        }
        if self.is(k + 1, "time")
            && let Some(zone) = place_zone(&token.lower)
        {
            return Some((zone, k + 2));
        }
        None
    }

    /// "+3", "-05:00", "+5:30" glued after "GMT"/"UTC".
    fn stated_offset(&self, k: usize) -> Option<(Zone, usize)> {
        let sign = match self.tokens.get(k)? {
            t if t.glued && t.lower == "+" => 1,
            t if t.glued && (t.lower == "-" || t.lower == "−") => -1,
            _ => return None,
        };
        self.tokens.get(k + 1).filter(|t| t.glued)?;
        let s = self.number(k + 1)?;
        let (hours, minutes) = s.split_once(':').unwrap_or((s, "0"));
        let (hours, minutes) = (hours.parse::<i32>().ok()?, minutes.parse::<i32>().ok()?);
        if hours > 14 || minutes > 59 || s.len() > 5 {
            return None;
        }
        Some((Zone::Fixed(sign * (hours * 3600 + minutes * 60)), k + 2))
    }

    /// A day of the month, or two joined by a hyphen ("4-5"), with any ordinal ending.
    fn day_number(&self, k: usize) -> Option<((u32, u32), usize)> {
        let s = self.number(k)?;
        let day = |p: &str| {
            let n = (p.len() <= 2).then(|| p.parse::<u32>().ok()).flatten()?;
            (1..=31).contains(&n).then_some(n)
        };
        let days = match s.split_once('-') {
            Some((a, b)) => Some((day(a)?, day(b)?)).filter(|(a, b)| a < b)?,
            None => (day(s)?, day(s)?),
        };
        let ordinal = self
            .tokens
            .get(k + 1)
            .is_some_and(|t| t.glued && matches!(t.lower.as_str(), "st" | "nd" | "rd" | "th"));
        Some((days, if ordinal { k + 2 } else { k + 1 }))
    }

    /// A four-digit year that is not a clock time ("1500 GMT") or a decade ("1990s").
    fn year_number(&self, k: usize) -> Option<i32> {
        let s = self.number(k)?;
        if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let next_glued = self.tokens.get(k + 1).is_some_and(|t| t.glued && t.kind == Kind::Word);
        if next_glued || self.zone(k + 1).is_some() || matches!(self.word(k + 1), Some("am" | "pm"))
        {
            return None;
        }
        s.parse().ok().filter(|y| (1000..=2999).contains(y))
    }

    /// A month name (or abbreviation) at `k`, capitalised: its number and whether abbreviated,
    /// and where it ends (past an abbreviation's full stop).
    fn month_at(&self, k: usize) -> Option<(u32, bool, usize)> {
        let token = self.tokens.get(k).filter(|t| t.kind == Kind::Word && t.capital)?;
        if let Some(month) = month_name(&token.lower) {
            return Some((month, false, k + 1));
        }
        let month = month_abbreviation(&token.lower)?;
        let stop = self.punct(k + 1, ".") && self.tokens[k + 1].glued;
        Some((month, true, if stop { k + 2 } else { k + 1 }))
    }

    /// "December 4, 2021", "Dec. 4", "December 4-5".
    fn month_first(&self, k: usize) -> Option<Found> {
        let (month, _, at) = self.month_at(k)?;
        let (days, mut end) = self.day_number(at)?;
        let y_at = if self.punct(end, ",") { end + 1 } else { end };
        let year = self.year_number(y_at);
        if year.is_some() {
            end = y_at + 1;
        }
        Some(Found { end, raw: days_raw(year, month, days) })
    }

    /// "4 December 2021", "4th of July", "4 Dec".
    fn day_first(&self, k: usize) -> Option<Found> {
        let (days, mut at) = self.day_number(k)?;
        if self.is(at, "of") {
            at += 1;
        }
        let (month, _, mut end) = self.month_at(at)?;
        let year = self.year_number(end);
        if year.is_some() {
            end += 1;
        }
        Some(Found { end, raw: days_raw(year, month, days) })
    }

    /// "early", "mid-", "late", "the end of", then "last"/"next"/"this": where they end.
    fn prefix(&self, i: usize) -> (Part, Option<Modifier>, usize) {
        let mut j = i;
        let mut part = Part::Whole;
        let mut of_phrase = false;
        match self.word(j) {
            Some("early") => part = Part::Early,
            Some("mid") => part = Part::Mid,
            Some("late") => part = Part::Late,
            Some("earlier") => part = Part::Earlier,
            Some("later") => part = Part::Later,
            Some(w) => {
                let k = if w == "the" { j + 1 } else { j };
                let edge = match self.word(k) {
                    Some("end") => Some(Part::Late),
                    Some("beginning" | "start") => Some(Part::Early),
                    Some("middle") => Some(Part::Mid),
                    _ => None,
                };
                if let Some(edge) = edge
                    && self.is(k + 1, "of")
                {
                    part = edge;
                    j = k + 1;
                    of_phrase = true;
                }
            }
            None => {}
        }
        if part != Part::Whole {
            j += 1;
            if part == Part::Mid && self.punct(j, "-") {
                j += 1;
            }
        }
        let modifier = match self.word(j) {
            Some("last") => Some((Modifier::Last, 1)),
            Some("next") => Some((Modifier::Next, 1)),
            Some("this") if self.is(j + 1, "past") => Some((Modifier::Last, 2)),
            Some("this") if self.is(j + 1, "coming") => Some((Modifier::Coming, 2)),
            Some("this") => Some((Modifier::This, 1)),
            Some("the") if of_phrase => Some((Modifier::This, 1)),
            _ => None,
        };
        let modifier = modifier.map(|(m, n)| {
            j += n;
            m
        });
        (part, modifier, j)
    }

    /// Weekday, month, period ("next week") or year, after any prefix.
    fn named(&self, i: usize) -> Option<Found> {
        let (part, modifier, j) = self.prefix(i);
        if let Some(found) = self.weekday(j, part, modifier) {
            return Some(found);
        }
        if let Some(found) = self.month_first(j).or_else(|| self.month(i, j, part, modifier)) {
            return Some(found);
        }
        match modifier {
            Some(modifier) => self.period(j, part, modifier),
            None => self.year(i, j, part),
        }
    }

    fn weekday(&self, j: usize, part: Part, modifier: Option<Modifier>) -> Option<Found> {
        if !matches!(part, Part::Whole | Part::Early | Part::Late) {
            return None;
        }
        let token = self.tokens.get(j).filter(|t| t.kind == Kind::Word && t.capital)?;
        let (day, full) = match weekday_name(&token.lower) {
            Some(day) => (day, true),
            None => (weekday_abbreviation(&token.lower)?, false),
        };
        let mut k = j + 1;
        if !full && self.punct(k, ".") {
            k += 1;
        }
        // "Tuesday, December 7, 2021": the date says which Tuesday.
        let date_at = if self.punct(k, ",") { k + 1 } else { k };
        if let Some(found) = self.month_first(date_at).or_else(|| self.day_first(date_at)) {
            return Some(found);
        }
        if !full || modifier.is_none() && part == Part::Whole && !self.weekday_in_context(j) {
            return None;
        }
        // "on Monday (6)": the day of the month in brackets.
        if self.punct(k, "(")
            && self.punct(k + 2, ")")
            && let Some(((dom, to), _)) = self.day_number(k + 1)
            && dom == to
        {
            let raw = Raw::Weekday { day, modifier, day_of_month: Some(dom) };
            return Some(Found { end: k + 3, raw });
        }
        let end = if self.word(k).is_some_and(|w| DAY_PARTS.contains(&w)) { k + 1 } else { k };
        Some(Found { end, raw: Raw::Weekday { day, modifier, day_of_month: None } })
    }

    /// A bare weekday is a day unless a name is built on it ("Black Friday", "the Sunday
    /// Times") or it recurs ("every Monday").
    fn weekday_in_context(&self, j: usize) -> bool {
        let before = self.previous(j);
        if before.is_some_and(|w| NOT_BEFORE_WEEKDAY.contains(&w)) {
            return false;
        }
        if before.is_some_and(|w| WEEKDAY_PREPOSITIONS.contains(&w)) {
            return true;
        }
        !self
            .tokens
            .get(j + 1)
            .is_some_and(|t| t.kind == Kind::Word && t.capital && self.month_at(j + 1).is_none())
    }

    /// "in June", "June this year", "December 2021", "early March", "last May". A month name
    /// with none of these around it is a verb or a name ("may", "March", "August").
    fn month(&self, i: usize, j: usize, part: Part, modifier: Option<Modifier>) -> Option<Found> {
        let (month, abbreviated, mut end) = self.month_at(j)?;
        let mut year = None;
        if let Some(y) = self.year_number(end) {
            year = Some(YearSpec::Stated(y));
            end += 1;
        } else if self.is(end + 1, "year") {
            let relative = match self.word(end) {
                Some("last") => Some(-1),
                Some("this") => Some(0),
                Some("next") => Some(1),
                _ => None,
            };
            if let Some(relative) = relative {
                year = Some(YearSpec::Relative(relative));
                end += 2;
            }
        }
        let introduced = self.previous(i).is_some_and(|w| MONTH_PREPOSITIONS.contains(&w));
        let context = year.is_some()
            || !abbreviated && (part != Part::Whole || modifier.is_some() || introduced);
        if !context || matches!(part, Part::Earlier | Part::Later) {
            return None;
        }
        Some(Found { end, raw: Raw::Month { month, modifier, year, part } })
    }

    /// "last week", "next month", "early next year", "later this week", "this weekend".
    fn period(&self, j: usize, part: Part, modifier: Modifier) -> Option<Found> {
        let word = self.word(j)?;
        if word == "weekend" {
            return (part == Part::Whole)
                .then_some(Found { end: j + 1, raw: Raw::Weekend(Some(modifier)) });
        }
        let (unit, plural) = unit(word)?;
        if plural || unit == Unit::Day {
            return None;
        }
        if matches!(part, Part::Earlier | Part::Later) && modifier != Modifier::This {
            return None;
        }
        let offset = match modifier {
            Modifier::Last => -1,
            Modifier::This => 0,
            Modifier::Next | Modifier::Coming => 1,
        };
        Some(Found { end: j + 1, raw: Raw::Period { unit, offset, part } })
    }

    /// "in 2014", "since 1954", "late 2014". A bare year ("Moscow's 2014 playbook") is left
    /// out.
    fn year(&self, i: usize, j: usize, part: Part) -> Option<Found> {
        let year = self.year_number(j).filter(|y| (1800..=2199).contains(y))?;
        let introduced = self.previous(i).is_some_and(|w| YEAR_PREPOSITIONS.contains(&w));
        (part != Part::Whole && j > i || introduced)
            .then_some(Found { end: j + 1, raw: Raw::Year { year, part } })
    }

    /// A count: digits, a number word, "a", "a couple of", and "a few"/"several" (vague).
    fn count(&self, i: usize) -> Option<(i64, bool, usize)> {
        if let Some(s) = self.number(i) {
            let n = (s.len() <= 3).then(|| s.parse::<i64>().ok()).flatten()?;
            return Some((n, false, i + 1));
        }
        let couple = |k: usize| self.is(k, "couple") && self.is(k + 1, "of");
        match self.word(i)? {
            "a" | "an" if couple(i + 1) => Some((2, false, i + 3)),
            "a" if self.is(i + 1, "few") => Some((FEW, true, i + 2)),
            "a" | "an" => Some((1, false, i + 1)),
            "couple" if self.is(i + 1, "of") => Some((2, false, i + 2)),
            "few" | "several" => Some((FEW, true, i + 1)),
            word => Some((number_word(word)?, false, i + 1)),
        }
    }

    /// Days and spans counted from the anchor: "yesterday", "tonight", "a day earlier", "two
    /// weeks ago", "in three days", "the past weeks", "in the evening".
    fn relative(&self, i: usize) -> Option<Found> {
        let word = self.word(i)?;
        let found = |end: usize, raw: Raw| Some(Found { end, raw });
        let with_part = |k: usize| {
            if self.word(k).is_some_and(|w| DAY_PARTS.contains(&w)) { k + 1 } else { k }
        };
        match word {
            "today" | "tonight" => return found(i + 1, Raw::Offset(0)),
            "yesterday" => return found(with_part(i + 1), Raw::Offset(-1)),
            "tomorrow" => return found(with_part(i + 1), Raw::Offset(1)),
            "last" if self.is(i + 1, "night") => return found(i + 2, Raw::Offset(-1)),
            "this" if matches!(self.word(i + 1), Some("morning" | "afternoon" | "evening")) => {
                return found(i + 2, Raw::Offset(0));
            }
            "the" => return self.after_the(i),
            "in" | "within" => return self.after_in(i),
            _ => {}
        }
        let (count, vague, k) = self.count(i)?;
        let (unit, _) = unit(self.word(k)?)?;
        if vague {
            return None;
        }
        match self.word(k + 1)? {
            "ago" | "earlier" => found(k + 2, Raw::Shift { count: -count, unit }),
            "from" if self.is(k + 2, "now") => found(k + 3, Raw::Shift { count, unit }),
            _ => None,
        }
    }

    fn after_the(&self, i: usize) -> Option<Found> {
        let found = |end: usize, raw: Raw| Some(Found { end, raw });
        match (self.word(i + 1)?, self.word(i + 2), self.word(i + 3)) {
            ("day", Some("before"), Some("yesterday")) => return found(i + 4, Raw::Offset(-2)),
            ("day", Some("after"), Some("tomorrow")) => return found(i + 4, Raw::Offset(2)),
            ("previous", Some("day"), _) => return found(i + 3, Raw::Offset(-1)),
            ("weekend", _, _) => return found(i + 2, Raw::Weekend(None)),
            _ => {}
        }
        let forward = match self.word(i + 1)? {
            "past" | "last" => false,
            "next" | "coming" => true,
            _ => return None,
        };
        self.window(i + 2, forward)
    }

    /// "[N] units" after "the past", "the coming", "recent", "within".
    fn window(&self, k: usize, forward: bool) -> Option<Found> {
        let (count, k) = self.count(k).map_or((None, k), |(n, _, k)| (Some(n), k));
        let (unit, plural) = unit(self.word(k)?)?;
        // "the last week of March" is part of March; "the next day" counts from some event.
        if self.is(k + 1, "of") || forward && count.is_none() && !plural && unit == Unit::Day {
            return None;
        }
        let count = count.unwrap_or(if plural { FEW } else { 1 });
        Some(Found { end: k + 1, raw: Raw::Window { count, unit, forward } })
    }

    fn after_in(&self, i: usize) -> Option<Found> {
        let within = self.is(i, "within");
        match self.word(i + 1)? {
            "the"
                if !within && matches!(self.word(i + 2)?, "morning" | "afternoon" | "evening") =>
            {
                return Some(Found { end: i + 3, raw: Raw::Vague });
            }
            "recent" if !within => return self.window(i + 2, false),
            "coming" => return self.window(i + 2, true),
            _ => {}
        }
        let (count, vague, k) = self.count(i + 1)?;
        let (unit, _) = unit(self.word(k)?)?;
        if vague || self.is(k + 1, "of") {
            return None;
        }
        if within {
            return Some(Found { end: k + 1, raw: Raw::Window { count, unit, forward: true } });
        }
        // "in two weeks' time"
        let apostrophe = self.punct(k + 1, "'") || self.punct(k + 1, "’");
        let end = if apostrophe && self.is(k + 2, "time") { k + 3 } else { k + 1 };
        Some(Found { end, raw: Raw::Shift { count, unit } })
    }

    /// The tense of the clause around tokens `first..end`: the nearest cue word, reading
    /// outwards, first within the stretch between commas, then within the sentence.
    fn cue(&self, first: usize, end: usize, sentence: &[usize]) -> Direction {
        self.nearest_cue(first, end, sentence, true)
            .or_else(|| self.nearest_cue(first, end, sentence, false))
            .unwrap_or(Direction::Unknown)
    }

    fn nearest_cue(
        &self,
        first: usize,
        end: usize,
        sentence: &[usize],
        within_commas: bool,
    ) -> Option<Direction> {
        let s = sentence[first];
        let open = |k: usize| {
            k < self.tokens.len()
                && sentence[k] == s
                && !(within_commas
                    && self.tokens[k].kind == Kind::Punct
                    && matches!(
                        self.tokens[k].lower.as_str(),
                        "," | ";" | ":" | "—" | "–" | "(" | ")"
                    ))
        };
        let (mut back, mut ahead) = (true, true);
        for d in 1..=CUE_WINDOW {
            if back {
                match first.checked_sub(d).filter(|&k| open(k)) {
                    Some(k) => {
                        if let Some(direction) = self.cue_at(k) {
                            return Some(direction);
                        }
                    }
                    None => back = false,
                }
            }
            let k = end + d - 1;
            if ahead {
                if !open(k) {
                    ahead = false;
                } else if let Some(direction) = self.cue_at(k) {
                    return Some(direction);
                }
            }
        }
        None
    }

    fn cue_at(&self, k: usize) -> Option<Direction> {
        let token = &self.tokens[k];
        if token.kind != Kind::Word {
            return None;
        }
        let word = token.lower.as_str();
        let next = self.word(k + 1);
        let previous = self.previous(k);
        let future = |yes: bool| yes.then_some(Direction::Future);
        match word {
            "set" => future(matches!(next, Some("for" | "to"))),
            "due" => future(next != Some("to")),
            "to" => future(matches!(previous, Some("is" | "are" | "am" | "was" | "were"))),
            "going" | "plan" | "plans" | "planning" => future(next == Some("to")),
            "won" if self.punct(k + 1, "'") || self.punct(k + 1, "’") => Some(Direction::Future),
            "may" if token.capital => None,
            "could" | "may" | "might" | "should" | "would" => {
                Some(if next == Some("have") { Direction::Past } else { Direction::Future })
            }
            _ if FUTURE_CUES.contains(&word) => Some(Direction::Future),
            _ if PRESENT_CUES.contains(&word) => Some(Direction::Unknown),
            _ if PAST_CUES.contains(&word)
                || word.len() >= 5
                    && word.ends_with("ed")
                    && !token.capital
                    && !NOT_PAST.contains(&word) =>
            {
                // "to be held" is still to come; "is armed" is now.
                Some(match previous {
                    Some("be" | "being") => Direction::Future,
                    Some("is" | "are" | "am") => Direction::Unknown,
                    _ => Direction::Past,
                })
            }
            _ => None,
        }
    }
}

fn days_raw(year: Option<i32>, month: u32, (from, to): (u32, u32)) -> Raw {
    if from == to {
        Raw::Date { year, month, day: from }
    } else {
        Raw::DayRange { year, month, from, to }
    }
}

fn resolve(raw: Raw, anchor: Option<NaiveDate>, cue: Direction) -> TimeValue {
    let day = |d: Option<NaiveDate>| d.map_or(TimeValue::Unresolved, TimeValue::Day);
    let span = |r: Option<(NaiveDate, NaiveDate)>| {
        r.map_or(TimeValue::Unresolved, |(start, end)| TimeValue::Interval { start, end })
    };
    match raw {
        Raw::Date { year: Some(y), month, day: d } => day(ymd(y, month, d)),
        Raw::Date { year: None, month, day: d } => {
            day(anchor.and_then(|a| nearest_date(a, month, d, cue)))
        }
        Raw::DayRange { year, month, from, to } => span((|| {
            let start = match year {
                Some(y) => ymd(y, month, from)?,
                None => nearest_date(anchor?, month, from, cue)?,
            };
            Some((start, ymd(start.year(), month, to)?))
        })()),
        Raw::Weekday { day: weekday, modifier, day_of_month } => day(anchor.and_then(|a| {
            day_of_month
                .and_then(|dom| weekday_with_day(a, weekday, dom, cue))
                .or_else(|| weekday_date(a, weekday, modifier, cue))
        })),
        Raw::Month { month, modifier, year, part } => {
            span(month_interval(anchor, month, modifier, year, part, cue))
        }
        Raw::Year { year, part } => span(
            ymd(year, 1, 1)
                .zip(ymd(year, 12, 31))
                .map(|(start, end)| narrow(start, end, Unit::Year, part, None)),
        ),
        Raw::Offset(n) => day(anchor.and_then(|a| add_days(a, n))),
        Raw::Shift { count, unit } => day(anchor.and_then(|a| shift(a, count, unit))),
        Raw::Period { unit, offset, part } => {
            span(anchor.and_then(|a| period(a, unit, offset, part)))
        }
        Raw::Weekend(modifier) => span(anchor.and_then(|a| weekend(a, modifier, cue))),
        Raw::Window { count, unit, forward } => span(anchor.and_then(|a| {
            let other = shift(a, if forward { count } else { -count }, unit)?;
            Some(if forward { (a, other) } else { (other, a) })
        })),
        // Clock times are resolved once every day around them is.
        Raw::Clock { .. } | Raw::Vague => TimeValue::Unresolved,
    }
}

/// Gives each clock time a day: a day named in its sentence (the nearest), else the last one
/// named in the two sentences before, else the anchor.
fn attach_clocks(mentions: &mut [Mention], sentence: &[usize], anchor: Option<NaiveDate>) {
    let is_day = |m: &Mention| matches!(m.value, TimeValue::Day(_));
    let mut before = vec![None; mentions.len()];
    let mut last = None;
    for (index, mention) in mentions.iter().enumerate() {
        before[index] = last;
        if is_day(mention) {
            last = Some(index);
        }
    }
    let mut after = vec![None; mentions.len()];
    let mut next = None;
    for (index, mention) in mentions.iter().enumerate().rev() {
        after[index] = next;
        if is_day(mention) {
            next = Some(index);
        }
    }
    for index in 0..mentions.len() {
        let Raw::Clock { time, zone } = mentions[index].raw else { continue };
        let here = sentence[mentions[index].first];
        let sentence_of = |k: usize| sentence[mentions[k].first];
        let same = |k: Option<usize>| k.filter(|&k| sentence_of(k) == here);
        let chosen = match (same(before[index]), same(after[index])) {
            (Some(b), Some(a)) => {
                let to_before = mentions[index].first - mentions[b].end;
                let to_after = mentions[a].first - mentions[index].end;
                Some(if to_after < to_before { a } else { b })
            }
            (Some(k), None) | (None, Some(k)) => Some(k),
            (None, None) => before[index].filter(|&k| here - sentence_of(k) <= 2).filter(|&k| {
                // A day told as past does not fit an announced time, nor the other way round;
                // but a bare weekday whose own clause had no tense takes the time's.
                let cue = mentions[index].cue;
                if !fits(&mentions[k], cue, anchor)
                    && let Raw::Weekday { day_of_month: None, modifier: None, .. } = mentions[k].raw
                    && mentions[k].cue == Direction::Unknown
                {
                    mentions[k].cue = cue;
                    mentions[k].value = resolve(mentions[k].raw, anchor, cue);
                }
                fits(&mentions[k], cue, anchor)
            }),
        };
        let day = chosen
            .and_then(|k| match mentions[k].value {
                TimeValue::Day(day) => Some(day),
                _ => None,
            })
            .or(anchor);
        mentions[index].value = clock_value(time, zone, day);
    }
}

/// Whether a mention's day agrees with a clause pointing `cue` from the anchor.
fn fits(mention: &Mention, cue: Direction, anchor: Option<NaiveDate>) -> bool {
    match (cue, mention.value, anchor) {
        (Direction::Future, TimeValue::Day(day), Some(a)) => day >= a,
        (Direction::Past, TimeValue::Day(day), Some(a)) => day <= a,
        _ => true,
    }
}

fn clock_value(time: NaiveTime, zone: Option<Zone>, day: Option<NaiveDate>) -> TimeValue {
    let Some(day) = day else {
        let offset = match zone {
            Some(Zone::Fixed(seconds)) => FixedOffset::east_opt(seconds),
            _ => None,
        };
        return TimeValue::Clock { time, offset };
    };
    let local = day.and_time(time);
    zone.and_then(|z| zone_offset(z, local))
        .and_then(FixedOffset::east_opt)
        .and_then(|offset| offset.from_local_datetime(&local).single())
        .map_or(TimeValue::Local(local), TimeValue::Instant)
}

/// Which way a mention points: where its days fall against the anchor; on the anchor's own
/// days (or without an anchor) its wording ("last", "ago", "the past weeks"), else its
/// clause's tense.
fn direction(mention: &Mention, anchor: Option<NaiveDate>) -> Direction {
    let days = match mention.value {
        TimeValue::Day(day) => Some((day, day)),
        TimeValue::Interval { start, end } => Some((start, end)),
        TimeValue::Instant(at) => Some((at.naive_local().date(), at.naive_local().date())),
        TimeValue::Local(at) => Some((at.date(), at.date())),
        TimeValue::Clock { .. } | TimeValue::Unresolved => None,
    };
    if let (Some(anchor), Some((start, end))) = (anchor, days) {
        if end < anchor {
            return Direction::Past;
        }
        if start > anchor {
            return Direction::Future;
        }
    }
    let sign = |n: i64| match n.signum() {
        -1 => Some(Direction::Past),
        1 => Some(Direction::Future),
        _ => None,
    };
    let worded = match mention.raw {
        Raw::Weekday { modifier, .. } | Raw::Month { modifier, .. } | Raw::Weekend(modifier) => {
            match modifier {
                Some(Modifier::Last) => Some(Direction::Past),
                Some(Modifier::Next | Modifier::Coming) => Some(Direction::Future),
                _ => None,
            }
        }
        Raw::Offset(n) | Raw::Shift { count: n, .. } | Raw::Period { offset: n, .. } => sign(n),
        Raw::Window { forward, .. } => {
            Some(if forward { Direction::Future } else { Direction::Past })
        }
        _ => None,
    };
    worded.unwrap_or(mention.cue)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().expect("a date")
    }

    /// Each expression as "span = value direction".
    fn found(text: &str, anchor: Option<NaiveDate>) -> Vec<String> {
        let expressions = time_expressions(text, anchor);
        // Spans inside the text, on character boundaries, in order and apart.
        let mut end = 0;
        for e in &expressions {
            assert!(e.span.start >= end && e.span.start < e.span.end && e.span.end <= text.len());
            assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
            end = e.span.end;
        }
        let hm = |t: NaiveTime| t.format("%H:%M").to_string();
        expressions
            .into_iter()
            .map(|e| {
                let value = match e.value {
                    TimeValue::Day(day) => day.to_string(),
                    TimeValue::Interval { start, end } => format!("{start}..{end}"),
                    TimeValue::Instant(at) => at.to_rfc3339(),
                    TimeValue::Local(at) => format!("{}T{} local", at.date(), hm(at.time())),
                    TimeValue::Clock { time, offset: Some(o) } => format!("clock {} {o}", hm(time)),
                    TimeValue::Clock { time, offset: None } => format!("clock {}", hm(time)),
                    TimeValue::Unresolved => "?".to_string(),
                };
                let direction = format!("{:?}", e.direction).to_lowercase();
                format!("{} = {value} {direction}", &text[e.span])
            })
            .collect()
    }

    fn check(text: &str, anchor: Option<NaiveDate>, expected: &[&str]) {
        assert_eq!(found(text, anchor), expected, "{text}");
    }

    /// Runs a table of cases: `anchor | text` (`-` for no anchor), then the expected
    /// expressions indented, one a line, or `(none)`.
    fn table(cases: &str) {
        let mut case: Option<(Option<NaiveDate>, &str, Vec<&str>)> = None;
        for line in cases.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')) {
            if line.starts_with(' ') {
                let expected = line.trim();
                if let Some((_, _, all)) = case.as_mut().filter(|_| expected != "(none)") {
                    all.push(expected);
                }
                continue;
            }
            if let Some((anchor, text, expected)) = case.take() {
                check(text, anchor, &expected);
            }
            let (anchor, text) = line.split_once(" | ").expect("anchor | text");
            case = Some(((anchor != "-").then(|| date(anchor)), text, Vec::new()));
        }
        if let Some((anchor, text, expected)) = case {
            check(text, anchor, &expected);
        }
    }

    // 2031-03-08 is a Saturday; 2031-03-09 is the first day of US summer time.

    #[test]
    fn weekdays_point_back_when_told_and_forward_when_announced() {
        table(
            "
2031-03-08 | The leaders will hold a video call on Tuesday. It is expected to start around 1500 GMT.
    Tuesday = 2031-03-11 future
    1500 GMT = 2031-03-11T15:00:00+00:00 future
2031-03-08 | The mayor said on Friday that the ferry would keep running.
    Friday = 2031-03-07 past
2031-03-08 | Ferry crews met Tuesday evening in Eastmere.
    Tuesday evening = 2031-03-04 past
2031-03-08 | The harbour reopened last Friday and will close next Monday.
    last Friday = 2031-03-07 past
    next Monday = 2031-03-10 future
2031-03-08 | The council will vote this Tuesday.
    this Tuesday = 2031-03-11 future
2031-03-08 | The council voted this Tuesday.
    this Tuesday = 2031-03-04 past
2031-03-08 | Dockers confirmed plans on Saturday and said it will take place Tuesday evening.
    Saturday = 2031-03-08 past
    Tuesday evening = 2031-03-11 future
2031-03-08 | The regatta is to be held Saturday.
    Saturday = 2031-03-08 future
2031-03-08 | A deal had been expected since Friday.
    Friday = 2031-03-07 past
2031-03-08 | Lindqvist Talks Set for Tuesday Amid Dock Strike
    Tuesday = 2031-03-11 future
2031-03-08 | The ministers are scheduled to meet on Thursday, the port office said.
    Thursday = 2031-03-13 future
2031-03-08 | On Thursday, the ministers will meet in Portvale.
    Thursday = 2031-03-13 future
2031-03-08 | Tuesday's timetable for the ferries.
    Tuesday = 2031-03-04 past
- | Ferries will sail on Tuesday.
    Tuesday = ? future
2031-03-08 | The council met on Monday (3), and the mayor will speak this Tuesday (11).
    Monday (3) = 2031-03-03 past
    this Tuesday (11) = 2031-03-11 future
2031-04-01 | The strike began on Sunday (30).
    Sunday (30) = 2031-03-30 past
# No Monday the 5th within three weeks: the plain reading.
2031-03-08 | The port shut on Monday (5).
    Monday (5) = 2031-03-03 past
- | The vote came on Monday (6).
    Monday (6) = ? past
",
        );
    }

    #[test]
    fn explicit_dates_months_and_years() {
        table(
            "
2031-03-08 | The pact was signed on December 4, 2021.
    December 4, 2021 = 2021-12-04 past
2031-03-08 | It was signed December 04, 2021, in Portvale.
    December 04, 2021 = 2021-12-04 past
- | It was signed on 4 December 2021.
    4 December 2021 = 2021-12-04 past
2031-03-08 | The ferry sailed on Dec. 4 and again on Dec 14.
    Dec. 4 = 2030-12-04 past
    Dec 14 = 2030-12-14 past
2031-03-08 | The file is dated 2021-12-04.
    2021-12-04 = 2021-12-04 past
2031-03-08 | The pact was signed on Tuesday, December 7, 2021.
    Tuesday, December 7, 2021 = 2021-12-07 past
2031-03-08 | The fair opens on the 4th of July.
    4th of July = 2031-07-04 future
2031-03-08 | Talks ran on December 4-5, 2030.
    December 4-5, 2030 = 2030-12-04..2030-12-05 past
2031-03-08 | Forms dated 25/12/2030, 12/25/2030 and 12/04/2030 arrived.
    25/12/2030 = 2030-12-25 past
    12/25/2030 = 2030-12-25 past
    12/04/2030 = ? past
2031-03-08 | The vote fell on February 30.
    February 30 = ? past
2031-03-08 | The form says 13/45/2021.
    13/45/2021 = ? unknown
2031-03-08 | A photo from March 08, 2019 in Eastmere.
    March 08, 2019 = 2019-03-08 past
2031-12-07 | The mayors met in June this year.
    June this year = 2031-06-01..2031-06-30 past
2031-03-08 | Elections will be held in June.
    June = 2031-06-01..2031-06-30 future
2031-03-08 | The party won in June.
    June = 2030-06-01..2030-06-30 past
2031-03-08 | In May, the mayor resigned.
    May = 2030-05-01..2030-05-31 past
2031-12-07 | An escalation is possible in January.
    January = 2032-01-01..2032-01-31 future
2031-03-08 | The dam should be finished in mid-June.
    mid-June = 2031-06-11..2031-06-20 future
2031-03-08 | The dam will be done by the end of March.
    the end of March = 2031-03-21..2031-03-31 future
2031-03-08 | Tolls rose in May 2029.
    May 2029 = 2029-05-01..2029-05-31 past
2031-03-08 | Moscow annexed the island in 2014.
    2014 = 2014-01-01..2014-12-31 past
- | The ferry has run since 1954.
    1954 = 1954-01-01..1954-12-31 past
- | Work resumes in late 2032.
    late 2032 = 2032-09-01..2032-12-31 unknown
",
        );
    }

    #[test]
    fn days_and_periods_counted_from_the_anchor() {
        table(
            "
2031-03-08 | The port is shut today, opened yesterday and opens tomorrow.
    today = 2031-03-08 unknown
    yesterday = 2031-03-07 past
    tomorrow = 2031-03-09 future
2031-03-08 | Crews worked last night and will rest tonight.
    last night = 2031-03-07 past
    tonight = 2031-03-08 future
2031-03-08 | Fares rose last week, will rise next week and rose this week.
    last week = 2031-02-24..2031-03-02 past
    next week = 2031-03-10..2031-03-16 future
    this week = 2031-03-03..2031-03-09 past
2031-03-08 | Fares rose last month, rise next month and will rise this month.
    last month = 2031-02-01..2031-02-28 past
    next month = 2031-04-01..2031-04-30 future
    this month = 2031-03-01..2031-03-31 future
2031-03-08 | Fares rise next year.
    next year = 2032-01-01..2032-12-31 future
2031-03-08 | An attack is possible as soon as early next year.
    early next year = 2032-01-01..2032-04-30 future
2031-03-08 | The bridge opens late this year.
    late this year = 2031-09-01..2031-12-31 future
2031-03-08 | A vote comes later this month.
    later this month = 2031-03-09..2031-03-31 future
2031-03-08 | Fares rose earlier this year.
    earlier this year = 2031-01-01..2031-03-07 past
2031-03-08 | The envoy had said a day earlier that talks would fail.
    a day earlier = 2031-03-07 past
2031-03-08 | The ferry sank two weeks ago, and the barge two years ago.
    two weeks ago = 2031-02-22 past
    two years ago = 2029-03-08 past
2031-03-08 | The ferry returns in three days.
    in three days = 2031-03-11 future
2031-03-08 | The ferry returns three days from now.
    three days from now = 2031-03-11 future
2031-03-08 | The ferry returns within two weeks.
    within two weeks = 2031-03-08..2031-03-22 future
2031-03-08 | Allies have over the past weeks accused the port.
    the past weeks = 2031-02-15..2031-03-08 past
2031-03-08 | Prices doubled over the past two weeks.
    the past two weeks = 2031-02-22..2031-03-08 past
2031-03-08 | Prices fell in recent weeks.
    in recent weeks = 2031-02-15..2031-03-08 past
2031-03-08 | Prices may fall in the coming days.
    the coming days = 2031-03-08..2031-03-11 future
2031-03-08 | Rain fell the day before yesterday.
    the day before yesterday = 2031-03-06 past
2031-03-08 | Crowds gathered last weekend and will return next weekend.
    last weekend = 2031-03-01..2031-03-02 past
    next weekend = 2031-03-15..2031-03-16 future
2031-03-10 | Crowds gathered over the weekend.
    the weekend = 2031-03-08..2031-03-09 past
- | Fares rose last week.
    last week = ? past
",
        );
    }

    #[test]
    fn clock_times_zones_and_the_day_they_attach_to() {
        table(
            "
2031-03-08 | The ferry leaves at 3 p.m. ET.
    3 p.m. ET = 2031-03-08T15:00:00-05:00 unknown
2031-03-08 | The vote will open Tuesday at 3 p.m. ET.
    Tuesday = 2031-03-11 future
    3 p.m. ET = 2031-03-11T15:00:00-04:00 future
2031-03-08 | The hearing starts at 10:00 a.m. EST, or 15:00 GMT.
    10:00 a.m. EST = 2031-03-08T10:00:00-05:00 unknown
    15:00 GMT = 2031-03-08T15:00:00+00:00 unknown
2031-03-08 | The briefing began at 0930 MSK.
    0930 MSK = 2031-03-08T09:30:00+03:00 past
2031-03-08 | The count closed at 14:00 UTC+2.
    14:00 UTC+2 = 2031-03-08T14:00:00+02:00 past
2031-03-08 | The market closed at noon.
    noon = 2031-03-08T12:00 local past
2031-03-08 | The curfew starts at 0800 local time.
    0800 local time = 2031-03-08T08:00 local unknown
2031-03-08 | The talks will take place in the evening Portvale time.
    in the evening = ? future
- | Speeches begin at 0900 GMT.
    0900 GMT = clock 09:00 +00:00 unknown
- | The ferry leaves at 3pm ET.
    3pm ET = clock 15:00 unknown
- | The strike began on December 4, 2021, at 0600 GMT.
    December 4, 2021 = 2021-12-04 past
    0600 GMT = 2021-12-04T06:00:00+00:00 past
2031-03-08 | The summit opens on Thursday, March 13. Delegates arrive by boat. Speeches begin at 0900 GMT.
    Thursday, March 13 = 2031-03-13 future
    0900 GMT = 2031-03-13T09:00:00+00:00 future
# Three sentences back is too far: the anchor's day.
2031-03-08 | The summit opens on Thursday, March 13. Delegates arrive by boat. Rooms are cold. Speeches begin at 0900 GMT.
    Thursday, March 13 = 2031-03-13 future
    0900 GMT = 2031-03-08T09:00:00+00:00 unknown
# A weekday with no tense of its own takes the tense of the time that follows it.
2031-03-08 | The leaders hold a video call on Tuesday. It is expected to start around 1500 GMT.
    Tuesday = 2031-03-11 future
    1500 GMT = 2031-03-11T15:00:00+00:00 future
# An announced time does not attach to a day told as past.
2031-03-08 | The envoy had said a day earlier that talks would resume. The call is scheduled for 1500 GMT.
    a day earlier = 2031-03-07 past
    1500 GMT = 2031-03-08T15:00:00+00:00 future
",
        );
    }

    #[test]
    fn words_that_only_look_like_times() {
        table(
            "
2031-03-08 | Russia may invade, officials warned.
    (none)
2031-03-08 | Russia May Invade, Officials Warn
    (none)
2031-03-08 | Dockers will march in protest.
    (none)
2031-03-08 | March organisers said the route was long.
    (none)
2031-03-08 | Sen. August Pfluger and Mark Ekberg spoke.
    (none)
2031-03-08 | The Sunday Times reported it.
    (none)
2031-03-08 | Black Friday sales rose.
    (none)
2031-03-08 | They wed in the sun and sat in the shade.
    (none)
2031-03-08 | About 94,300 troops and 1954 tanks massed.
    (none)
2031-03-08 | It repeats Moscow's 2014 playbook.
    (none)
2031-03-08 | The ferry runs every Monday.
    (none)
2031-03-08 | The score was 2:15 at half-time.
    (none)
2031-03-08 | Jan Novak paid 1500 crowns for 4.5 percent.
    (none)
",
        );
    }

    #[test]
    fn one_moment_in_two_zones_is_one_instant() {
        let text = "The call will start on Tuesday around 1500 GMT (1000 a.m. ET).";
        let found = time_expressions(text, Some(date("2031-12-06")));
        let instants: Vec<DateTime<FixedOffset>> = found
            .iter()
            .filter_map(|e| match e.value {
                TimeValue::Instant(at) => Some(at),
                _ => None,
            })
            .collect();
        assert_eq!(instants.len(), 2, "{found:?}");
        assert_eq!(instants[0].to_rfc3339(), "2031-12-09T15:00:00+00:00");
        assert_eq!(instants[1].to_rfc3339(), "2031-12-09T10:00:00-05:00");
        assert_eq!(instants[0].timestamp(), instants[1].timestamp());
    }

    #[test]
    fn hostile_input_neither_panics_nor_invents() {
        let sat = Some(date("2031-03-08"));
        check(&"word ".repeat(20_000), sat, &[]);
        check("1,2,3,4", sat, &[]);
        check("10^400", sat, &[]);
        check("February 30", sat, &["February 30 = ? unknown"]);
        check(
            "Москва, 12 декабря — Tuesday 東京 ٣ ۱۵۰۰ GMT “Dec. 4” — €5 ’tis 1500 GMT",
            sat,
            &[
                "Tuesday = 2031-03-04 past",
                "Dec. 4 = 2030-12-04 past",
                "1500 GMT = 2030-12-04T15:00:00+00:00 past",
            ],
        );
        let digits = "9".repeat(5000);
        let hostile = [
            "((((Monday (6",
            ")( Tuesday ) ( 7 ) (",
            "Monday (99999999999999999999)",
            "at 99:99 GMT, 2500 GMT, 13 p.m., 0 a.m., 1260 GMT, 12:60 ET, 12:",
            "in 99999999999999 days, 999 years ago, in 999 years, the past 999 years",
            "UTC+99 GMT-: GMT+ 1500 UTC−3 Z1500 1500Z a.m p. mid- the end of",
            "2031-02-29 0000-00-00 31/31/3131 1/1/1 9999-99-99 -1/-1/2020",
            &digits,
        ];
        let extremes = [None, sat, Some(NaiveDate::MAX), Some(NaiveDate::MIN)];
        for text in hostile {
            for anchor in extremes {
                let _ = found(text, anchor);
            }
        }
        let far = time_expressions(
            "Fares rise next year, tomorrow and next Monday.",
            Some(NaiveDate::MAX),
        );
        assert!(far.len() == 3 && far.iter().all(|e| e.value == TimeValue::Unresolved), "{far:?}");
        let clocks = "1500 GMT ".repeat(10_000);
        assert_eq!(time_expressions(&clocks, sat).len(), 10_000);
    }

    #[test]
    fn times_read_the_shared_tokens_as_numbers_words_and_marks() {
        let text = "At 8 a.m. on 12/04, 15:00 GMT: 94,300 troops, mid-December’s 2021-12-04 A.M.";
        let found: Vec<(&str, Kind, bool)> = time_tokens(text, &tokens::tokenize(text))
            .iter()
            .map(|t| (&text[t.range.clone()], t.kind, t.glued))
            .collect();
        let (w, n, p) = (Kind::Word, Kind::Number, Kind::Punct);
        let expected = [
            ("At", w, false),
            ("8", n, false),
            ("a.m.", w, false),
            ("on", w, false),
            ("12/04", n, false),
            (",", p, true),
            ("15:00", n, false),
            ("GMT", w, false),
            (":", p, true),
            ("94,300", n, false),
            ("troops", w, false),
            (",", p, true),
            ("mid", w, false),
            ("-", p, true),
            ("December", w, true),
            ("’", p, true),
            ("s", w, true),
            ("2021-12-04", n, false),
            ("A.M.", w, false),
        ];
        assert_eq!(found, expected);
    }
}
