//! Time expressions as TimeML writes them: a TIMEX3 type (DATE, TIME, DURATION, SET) and a
//! normalised value ("2021-12-07", "2021-12", "2021-W49", "1989-Q3", "P3Y", "PAST_REF"), so
//! the resolver can be measured on the field's benchmarks (TempEval-3's TBAQ-cleaned).
//!
//! The expressions parallax resolves for its timelines ([`crate::time_expressions`]) are read
//! with the granularity their wording gives ("last week" is a week, "in June" a month); to them
//! this view adds what a timeline has no use for but TimeML tags: durations ("three years",
//! "the first nine months"), recurrences ("daily", "each July"), vague references ("now",
//! "recently", "the future"), quarters and halves of a year, decades, seasons and bare years.

use std::ops::Range;

use chrono::{Datelike, NaiveDate};

use crate::times::{Kind, Mention, Raw, Spotted, TimeValue, Token, TokenReader, spot};
use crate::times_words::{
    Direction, Part, Unit, month_interval, month_name, number_word, weekday_name,
};
use crate::tokens;

/// The TIMEX3 type of an expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date or period: "Friday", "last year", "1989-Q3".
    Date,
    /// A time of day: "10 p.m. Wednesday", "this morning".
    Time,
    /// A length of time: "three years", "the past two months".
    Duration,
    /// A recurrence: "daily", "each July".
    Set,
}

impl TimexType {
    /// The name TimeML gives the type.
    pub fn as_str(self) -> &'static str {
        match self {
            TimexType::Date => "DATE",
            TimexType::Time => "TIME",
            TimexType::Duration => "DURATION",
            TimexType::Set => "SET",
        }
    }
}

/// One time expression as TimeML tags it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Timex {
    /// The expression as a byte range of the text.
    pub span: Range<usize>,
    /// Its TIMEX3 type.
    #[serde(rename = "type")]
    pub kind: TimexType,
    /// Its TIMEX3 value; unknown parts are `X` ("XXXX-07", "PXY").
    pub value: String,
}

/// Every time expression of `text` with its TIMEX3 type and value, resolved against `dct`
/// (the document's creation date; without it, relative expressions keep `X` for what they
/// cannot know).
///
/// ```
/// use chrono::NaiveDate;
/// use parallax_analyze::{TimexType, timex3};
///
/// let text = "Profit rose in the third quarter, and the company expects growth for three years.";
/// let found = timex3(text, NaiveDate::from_ymd_opt(1989, 11, 2));
/// assert_eq!((found[0].kind, found[0].value.as_str()), (TimexType::Date, "1989-Q3"));
/// assert_eq!((found[1].kind, found[1].value.as_str()), (TimexType::Duration, "P3Y"));
/// ```
pub fn timex3(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    let shared = tokens::tokenize(text);
    let Spotted { tokens, mentions } = spot(text, &shared, dct);
    let view = View { tokens: &tokens, dct, quarterly: mentions_quarters(&tokens) };
    let mut found: Vec<(usize, usize, TimexType, String)> = Vec::new();
    let mut covered = vec![false; tokens.len()];
    let mut index = 0;
    while index < mentions.len() {
        let mention = &mentions[index];
        index += 1;
        // "10 p.m. Wednesday", "noon Saturday": one time.
        if let Some((end, value)) = mentions.get(index).and_then(|day| view.clock_on(mention, day))
        {
            found.push((mention.first, end, TimexType::Time, value));
            covered[mention.first..end].fill(true);
            index += 1;
            continue;
        }
        if let Some((kind, value)) = view.of_mention(mention) {
            found.push((mention.first, mention.end, kind, value));
            covered[mention.first..mention.end].fill(true);
        }
    }
    let mut i = 0;
    while i < tokens.len() {
        if covered[i] {
            i += 1;
            continue;
        }
        match view.extra(i) {
            Some((end, kind, value)) if end > i && !covered[i..end].contains(&true) => {
                found.push((i, end, kind, value));
                i = end;
            }
            _ => i += 1,
        }
    }
    found.sort_by_key(|&(first, ..)| first);
    found
        .into_iter()
        .map(|(first, end, kind, value)| Timex {
            span: tokens[first].range.start..tokens[end - 1].range.end,
            kind,
            value,
        })
        .collect()
}

/// Whether the text speaks of quarters: then "a year ago" in it is the year-ago quarter.
fn mentions_quarters(tokens: &[Token]) -> bool {
    tokens.iter().any(|t| t.kind == Kind::Word && t.lower == "quarter")
}

struct View<'a> {
    tokens: &'a [Token],
    dct: Option<NaiveDate>,
    /// The text reports quarterly results.
    quarterly: bool,
}

/// A date's value at a unit's granularity.
fn at_granularity(day: NaiveDate, unit: Unit) -> String {
    match unit {
        Unit::Day => day.format("%Y-%m-%d").to_string(),
        Unit::Week => {
            let week = day.iso_week();
            format!("{:04}-W{:02}", week.year(), week.week())
        }
        Unit::Month => day.format("%Y-%m").to_string(),
        Unit::Year => format!("{:04}", day.year()),
    }
}

fn unit_letter(unit: Unit) -> char {
    match unit {
        Unit::Day => 'D',
        Unit::Week => 'W',
        Unit::Month => 'M',
        Unit::Year => 'Y',
    }
}

/// TimeML's code for a part of the day.
fn day_part(word: &str) -> Option<&'static str> {
    Some(match word {
        "morning" => "MO",
        "afternoon" | "mid-afternoon" => "AF",
        "evening" => "EV",
        "night" | "tonight" | "overnight" => "NI",
        _ => return None,
    })
}

/// A unit TimeML durations use: the letter, whether it is a time (`PT`), and how many of the
/// letter one of it is (a decade is ten years).
fn duration_unit(word: &str) -> Option<(char, bool, i64, bool)> {
    let (letter, time, times) = match word.trim_end_matches('s') {
        "second" => ('S', true, 1),
        "minute" => ('M', true, 1),
        "hour" => ('H', true, 1),
        "day" => ('D', false, 1),
        "week" => ('W', false, 1),
        "month" => ('M', false, 1),
        "quarter" => ('Q', false, 1),
        "year" => ('Y', false, 1),
        "decade" => ('Y', false, 10),
        "century" | "centurie" => ('Y', false, 100),
        _ => return None,
    };
    Some((letter, time, times, word.ends_with('s')))
}

fn duration(count: Option<i64>, (letter, time, times): (char, bool, i64)) -> String {
    let amount = count.map_or("X".to_string(), |n| (n * times).to_string());
    if time { format!("PT{amount}{letter}") } else { format!("P{amount}{letter}") }
}

/// "twenty" to "ninety".
fn tens_word(word: &str) -> Option<i32> {
    Some(match word {
        "twenty" => 20,
        "thirty" => 30,
        "forty" => 40,
        "fifty" => 50,
        "sixty" => 60,
        "seventy" => 70,
        "eighty" => 80,
        "ninety" => 90,
        _ => return None,
    })
}

fn ordinal(word: &str) -> Option<u32> {
    Some(match word {
        "first" | "1st" => 1,
        "second" | "2nd" => 2,
        "third" | "3rd" => 3,
        "fourth" | "4th" => 4,
        _ => return None,
    })
}

fn season(word: &str) -> Option<&'static str> {
    Some(match word {
        "spring" => "SP",
        "summer" => "SU",
        "fall" | "autumn" => "FA",
        "winter" => "WI",
        _ => return None,
    })
}

/// Quarter of a date, 1 to 4.
fn quarter_of(day: NaiveDate) -> u32 {
    (day.month() - 1) / 3 + 1
}

impl TokenReader for View<'_> {
    fn tokens(&self) -> &[Token] {
        self.tokens
    }
}

impl View<'_> {
    fn glued(&self, i: usize) -> bool {
        self.tokens.get(i).is_some_and(|t| t.glued)
    }

    /// A year written as four digits, 1800 to 2199, not a part of a larger number.
    fn year(&self, i: usize) -> Option<i32> {
        let s = self.number(i)?;
        if s.len() != 4 {
            return None;
        }
        s.parse().ok().filter(|y| (1800..=2199).contains(y))
    }

    /// A year in digits or in words ("nineteen ninety-six", "two thousand"), and where it
    /// ends.
    fn year_at(&self, i: usize) -> Option<(i32, usize)> {
        if let Some(year) = self.year(i) {
            return Some((year, i + 1));
        }
        match self.word(i)? {
            "nineteen" | "eighteen" => {
                let century = if self.is(i, "nineteen") { 1900 } else { 1800 };
                if self.is(i + 1, "hundred") {
                    return Some((century, i + 2));
                }
                let tens = self.word(i + 1).and_then(tens_word)?;
                let k = if self.punct(i + 2, "-") { i + 3 } else { i + 2 };
                match self.word(k).and_then(number_word).filter(|n| (1..10).contains(n)) {
                    Some(ones) => Some((century + tens + ones as i32, k + 1)),
                    None => Some((century + tens, i + 2)),
                }
            }
            "two" if self.is(i + 1, "thousand") => {
                let k = if self.is(i + 2, "and") { i + 3 } else { i + 2 };
                match self.word(k).and_then(number_word).filter(|n| (1..20).contains(n)) {
                    Some(ones) => Some((2000 + ones as i32, k + 1)),
                    None => Some((2000, i + 2)),
                }
            }
            _ => None,
        }
    }

    /// A count: digits, a number word ("twenty four" too), "a"/"an"; `None` inside for a
    /// vague one ("a few", "several"). Returns where it ends.
    fn count(&self, i: usize) -> Option<(Option<i64>, usize)> {
        if let Some(s) = self.number(i) {
            let n = (s.len() <= 4).then(|| s.parse::<i64>().ok()).flatten()?;
            return Some((Some(n), i + 1));
        }
        let word = self.word(i)?;
        match word {
            "a" | "an" if self.is(i + 1, "few") => return Some((None, i + 2)),
            "a" | "an" if self.is(i + 1, "couple") && self.is(i + 2, "of") => {
                return Some((Some(2), i + 3));
            }
            "a" | "an" | "one" => return Some((Some(1), i + 1)),
            "several" | "few" | "many" => return Some((None, i + 1)),
            _ => {}
        }
        let tens = number_word(word).or_else(|| tens_word(word).map(i64::from))?;
        // "twenty four", "twenty-four"
        let k = if self.punct(i + 1, "-") { i + 2 } else { i + 1 };
        if tens >= 20
            && let Some(ones) = self.word(k).and_then(number_word).filter(|n| *n < 10)
        {
            return Some((Some(tens + ones), k + 1));
        }
        Some((Some(tens), i + 1))
    }

    /// A clock time followed at once by the day it is on ("10 p.m. Wednesday", "5 p.m. EST,
    /// Nov. 6"): where the pair ends and its value.
    fn clock_on(&self, clock: &Mention, day: &Mention) -> Option<(usize, String)> {
        let Raw::Clock { time, .. } = clock.raw else {
            return None;
        };
        let adjacent =
            day.first == clock.end || day.first == clock.end + 1 && self.punct(clock.end, ",");
        if !adjacent || !matches!(day.raw, Raw::Weekday { .. } | Raw::Offset(_) | Raw::Date { .. })
        {
            return None;
        }
        let TimeValue::Day(date) = day.value else {
            return None;
        };
        Some((day.end, format!("{}T{}", date.format("%Y-%m-%d"), time.format("%H:%M"))))
    }

    /// The value of an expression the timeline resolver found, at the granularity its wording
    /// gives.
    fn of_mention(&self, m: &Mention) -> Option<(TimexType, String)> {
        let words: Vec<&str> = self.tokens[m.first..m.end]
            .iter()
            .filter(|t| t.kind == Kind::Word)
            .map(|t| t.lower.as_str())
            .collect();
        let part = words.iter().find_map(|w| day_part(w));
        let day_value = |value: TimeValue| match value {
            TimeValue::Day(day) => Some(day),
            TimeValue::Interval { start, .. } => Some(start),
            _ => None,
        };
        let date = |unit: Unit| {
            let value = day_value(m.value).map_or_else(
                || match unit {
                    Unit::Day => "XXXX-XX-XX".to_string(),
                    Unit::Week => "XXXX-WXX".to_string(),
                    Unit::Month => "XXXX-XX".to_string(),
                    Unit::Year => "XXXX".to_string(),
                },
                |day| at_granularity(day, unit),
            );
            Some((TimexType::Date, value))
        };
        match m.raw {
            Raw::Clock { .. } => {
                let value = match m.value {
                    TimeValue::Instant(at) => at.naive_local().format("%Y-%m-%dT%H:%M").to_string(),
                    TimeValue::Local(at) => at.format("%Y-%m-%dT%H:%M").to_string(),
                    TimeValue::Clock { time, .. } => format!("XXXX-XX-XXT{}", time.format("%H:%M")),
                    _ => return None,
                };
                Some((TimexType::Time, value))
            }
            Raw::Vague => {
                let day =
                    self.dct.map_or("XXXX-XX-XX".to_string(), |d| at_granularity(d, Unit::Day));
                Some((TimexType::Time, format!("{day}T{}", part?)))
            }
            Raw::Window { unit, .. } => {
                let count = self.tokens[m.first..m.end].iter().enumerate().find_map(|(k, t)| {
                    let at = m.first + k;
                    match t.kind {
                        Kind::Number => t.lower.parse::<i64>().ok(),
                        Kind::Word if number_word(&t.lower).is_some() => {
                            self.count(at).and_then(|(n, _)| n)
                        }
                        _ => None,
                    }
                });
                let plural = words.last().is_some_and(|w| w.ends_with('s'));
                // "in recent years": a reference to the past, not a length.
                if count.is_none() && plural && words.contains(&"recent") {
                    return Some((TimexType::Date, "PAST_REF".to_string()));
                }
                let count = count.or((!plural).then_some(1));
                Some((TimexType::Duration, duration(count, (unit_letter(unit), false, 1))))
            }
            Raw::Period { unit, .. } => date(unit),
            Raw::Shift { unit, .. } => {
                if self.quarterly && unit == Unit::Year && words.contains(&"a") {
                    // "a year ago" among quarterly results: the year-ago quarter.
                    return self.dct.map(|dct| {
                        let (year, quarter) = last_quarter(dct);
                        (TimexType::Date, format!("{}-Q{quarter}", year - 1))
                    });
                }
                date(unit)
            }
            Raw::Month { .. } => date(Unit::Month),
            Raw::Year { year, .. } => Some((TimexType::Date, format!("{year:04}"))),
            Raw::Weekend(_) => {
                let value = day_value(m.value).map_or("XXXX-WXX-WE".to_string(), |d| {
                    format!("{}-WE", at_granularity(d, Unit::Week))
                });
                Some((TimexType::Date, value))
            }
            Raw::Weekday { day, .. } if day_value(m.value).is_none() => {
                let number = day.number_from_monday();
                Some((TimexType::Date, format!("XXXX-WXX-{number}")))
            }
            Raw::Date { .. } | Raw::DayRange { .. } | Raw::Weekday { .. } | Raw::Offset(_) => {
                let (kind, value) = date(Unit::Day)?;
                match part {
                    Some(part) => Some((TimexType::Time, format!("{value}T{part}"))),
                    None => Some((kind, value)),
                }
            }
        }
    }

    /// Expressions TimeML tags that the timeline resolver leaves alone, starting at token `i`:
    /// where they end, their type and value.
    fn extra(&self, i: usize) -> Option<(usize, TimexType, String)> {
        self.set(i)
            .or_else(|| self.year_back(i))
            .or_else(|| self.quarter(i))
            .or_else(|| self.decade(i))
            .or_else(|| self.season(i))
            .or_else(|| self.reference(i))
            .or_else(|| self.duration(i))
            .or_else(|| self.bare_year(i))
            .or_else(|| self.bare_month(i))
            .or_else(|| self.day_time(i))
    }

    /// "year-earlier", "year-ago" (as in "year-earlier profit"), "a year-earlier": the year
    /// before, or its quarter in a text of quarterly results.
    fn year_back(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let k = if self.is(i, "a") { i + 1 } else { i };
        if !(self.is(k, "year")
            && self.punct(k + 1, "-")
            && matches!(self.word(k + 2), Some("earlier" | "ago")))
        {
            return None;
        }
        // "the year-earlier quarter" is the quarter's business.
        if matches!(self.word(k + 3), Some("quarter" | "period" | "half")) {
            return None;
        }
        let value = match self.dct {
            Some(dct) if self.quarterly => {
                let (year, quarter) = last_quarter(dct);
                format!("{}-Q{quarter}", year - 1)
            }
            Some(dct) => format!("{:04}", dct.year() - 1),
            None => "XXXX".to_string(),
        };
        Some((k + 3, TimexType::Date, value))
    }

    /// "daily", "every week", "each July", "each Thursday".
    fn set(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let word = self.word(i)?;
        let set = |end: usize, value: &str| Some((end, TimexType::Set, value.to_string()));
        match word {
            // "quarterly" and "annually" mostly qualify figures ("quarterly profit") and
            // TimeML leaves them untagged there.
            "daily" | "nightly" => return set(i + 1, "P1D"),
            "weekly" => return set(i + 1, "P1W"),
            "monthly" => return set(i + 1, "P1M"),
            "hourly" => return set(i + 1, "PT1H"),
            "every" | "each" => {}
            _ => return None,
        }
        let next = self.word(i + 1)?;
        if let Some((letter, time, times, false)) = duration_unit(next) {
            return Some((i + 2, TimexType::Set, duration(Some(1), (letter, time, times))));
        }
        if let Some(month) = month_name(next) {
            return set(i + 2, &format!("XXXX-{month:02}"));
        }
        let day = weekday_name(next)?;
        set(i + 2, &format!("XXXX-WXX-{}", day.number_from_monday()))
    }

    /// "the third quarter", "third-quarter", "the fourth quarter of 1988", "the 1988 third
    /// quarter", "the latest quarter", "the year-earlier quarter", "the first half".
    fn quarter(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let mut k = i;
        if self.is(k, "the") {
            k += 1;
        }
        let mut year = None;
        let mut number = None;
        let mut year_back = false;
        let mut this = false;
        loop {
            if let Some(y) = self.year(k) {
                year = Some(y);
            } else if let Some(n) = self.word(k).and_then(ordinal) {
                number = Some(n);
            } else if self.is(k, "year")
                && self.punct(k + 1, "-")
                && matches!(self.word(k + 2), Some("earlier" | "ago"))
            {
                year_back = true;
                k += 2;
            } else if matches!(
                self.word(k),
                Some("latest" | "current" | "fiscal" | "same" | "recent")
            ) {
            } else if self.is(k, "this") {
                this = true;
            } else if self.punct(k, "-") && self.glued(k) {
            } else {
                break;
            }
            k += 1;
        }
        let half = match self.word(k)? {
            "quarter" => false,
            "half" => true,
            "period" if year_back || year.is_some() => false,
            _ => return None,
        };
        // "quarter" and "the half" alone say too little; "the quarter" is the latest one.
        if k == i || k == i + 1 && self.is(i, "the") && half {
            return None;
        }
        let mut end = k + 1;
        if self.is(end, "of")
            && let Some(y) = self.year(end + 1)
        {
            year = Some(y);
            end += 2;
        }
        if half {
            let number = number.filter(|n| *n <= 2)?;
            let year = year.or(self.dct.map(|d| d.year()));
            let year = year.map_or("XXXX".to_string(), |y| format!("{y:04}"));
            return Some((end, TimexType::Date, format!("{year}-H{number}")));
        }
        let (year, number) = match (year, number, self.dct) {
            (Some(year), Some(number), _) => (Some(year), number),
            (None, Some(number), Some(dct)) => {
                // The latest such quarter that has begun.
                let year = if number > quarter_of(dct) { dct.year() - 1 } else { dct.year() };
                (Some(year), number)
            }
            (year, None, Some(dct)) => {
                let (latest_year, latest) =
                    if this { (dct.year(), quarter_of(dct)) } else { last_quarter(dct) };
                (Some(year.unwrap_or(latest_year)), latest)
            }
            (year, Some(number), None) => (year, number),
            (_, None, None) => return Some((end, TimexType::Date, "XXXX-QX".to_string())),
        };
        let year = year.map(|y| if year_back { y - 1 } else { y });
        let year = year.map_or("XXXX".to_string(), |y| format!("{y:04}"));
        Some((end, TimexType::Date, format!("{year}-Q{number}")))
    }

    /// "the 1990s", "the '80s", "mid-1980s".
    fn decade(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let k = if self.punct(i, "'") || self.punct(i, "’") { i + 1 } else { i };
        let s = self.number(k)?;
        if !(self.is(k + 1, "s") && self.glued(k + 1)) {
            return None;
        }
        let value = match s.len() {
            4 if s.ends_with('0') => s[..3].to_string(),
            2 if k > i && s.ends_with('0') => format!("19{}", &s[..1]),
            _ => return None,
        };
        Some((k + 2, TimexType::Date, value))
    }

    /// "this summer", "last spring", "the fall of 1998".
    fn season(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let (offset, k) = match self.word(i)? {
            "this" | "the" => (0, i + 1),
            "last" => (-1, i + 1),
            "next" => (1, i + 1),
            _ => return None,
        };
        let code = season(self.word(k)?)?;
        let mut end = k + 1;
        let at = if self.is(end, "of") { end + 1 } else { end };
        let stated = self.year_at(at).map(|(year, year_end)| {
            end = year_end;
            year
        });
        let year = stated.or(self.dct.map(|d| d.year() + offset));
        let year = year.map_or("XXXX".to_string(), |y| format!("{y:04}"));
        Some((end, TimexType::Date, format!("{year}-{code}")))
    }

    /// "now", "currently", "recently", "the past", "the future", "soon".
    fn reference(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let word = self.word(i)?;
        let value = |end: usize, value: &str| Some((end, TimexType::Date, value.to_string()));
        match word {
            "now" | "currently" | "nowadays" => value(i + 1, "PRESENT_REF"),
            "right" if self.is(i + 1, "now") => value(i + 2, "PRESENT_REF"),
            "these" if self.is(i + 1, "days") => value(i + 2, "PRESENT_REF"),
            "recently" | "lately" => value(i + 1, "PAST_REF"),
            // "current" as a time, not "the current quarter" (a quarter) or "current account".
            "current"
                if !matches!(
                    self.word(i + 1),
                    Some(
                        "quarter"
                            | "year"
                            | "fiscal"
                            | "period"
                            | "month"
                            | "week"
                            | "account"
                            | "accounts"
                            | "affairs"
                            | "events"
                            | "law"
                            | "rules"
                            | "system"
                    )
                ) =>
            {
                value(i + 1, "PRESENT_REF")
            }
            "the" => {
                let k =
                    if self.is(i + 1, "near") || self.is(i + 1, "distant") { i + 2 } else { i + 1 };
                let reference = match self.word(k)? {
                    "past" => "PAST_REF",
                    "future" => "FUTURE_REF",
                    _ => return None,
                };
                // "the past two weeks" is a duration, read there.
                let next = k + 1;
                if self.count(next).is_some() && self.word(next) != Some("a")
                    || self.word(next).and_then(duration_unit).is_some()
                {
                    return None;
                }
                value(next, reference)
            }
            _ => None,
        }
    }

    /// "three years", "the first nine months", "two-year", "a few days", "for years".
    fn duration(&self, i: usize) -> Option<(usize, TimexType, String)> {
        if let Some((count, k)) = self.count(i) {
            let k = if self.punct(k, "-") && self.glued(k) { k + 1 } else { k };
            let (letter, time, times, plural) = self.word(k).and_then(duration_unit)?;
            // "a second" is an ordinal's business; "one day" may be a day some time.
            if letter == 'S' && count.is_some_and(|n| n == 1) && !plural && !self.is(i, "one") {
                return None;
            }
            let after = if self.punct(k + 1, "-") && self.glued(k + 1) { k + 2 } else { k + 1 };
            // "two years ago" is a date; "two years later" is a length, as TimeML has it.
            if matches!(self.word(after), Some("ago" | "earlier")) {
                return None;
            }
            // "three-quarters of", "a quarter of": fractions.
            if letter == 'Q' && (self.is(k + 1, "of") || plural && self.punct(k - 1, "-")) {
                return None;
            }
            let mut end = k + 1;
            if self.punct(end, "-")
                && self.glued(end)
                && matches!(self.word(end + 1), Some("long" | "old"))
            {
                end += 2;
            }
            return Some((end, TimexType::Duration, duration(count, (letter, time, times))));
        }
        // Bare plurals after a preposition: "for years", "within weeks".
        let word = self.word(i)?;
        if matches!(word, "for" | "within" | "over")
            && let Some((letter, time, times, true)) = self.word(i + 1).and_then(duration_unit)
        {
            return Some((i + 2, TimexType::Duration, duration(None, (letter, time, times))));
        }
        None
    }

    /// A year standing alone: "1974", "fiscal 1989", "nineteen ninety-six", "the year two
    /// thousand"; "the year" itself is the document's year, or a year's length after "for".
    fn bare_year(&self, i: usize) -> Option<(usize, TimexType, String)> {
        if self.is(i, "the") && self.is(i + 1, "year") {
            if let Some((year, end)) = self.year_at(i + 2) {
                return Some((end, TimexType::Date, format!("{year:04}")));
            }
            let duration = i.checked_sub(1).is_some_and(|p| self.is(p, "for"));
            if duration {
                return Some((i + 2, TimexType::Duration, "P1Y".to_string()));
            }
            let year = self.dct.map_or("XXXX".to_string(), |d| format!("{:04}", d.year()));
            return Some((i + 2, TimexType::Date, year));
        }
        let k = if self.is(i, "fiscal") { i + 1 } else { i };
        let (year, end) = self.year_at(k)?;
        // A year in words stands alone only where a year is expected ("in nineteen
        // ninety-six"): "two thousand people" is a count.
        let in_words = self.year(k).is_none();
        let expected = k > i
            || i.checked_sub(1).and_then(|p| self.word(p)).is_some_and(|w| {
                matches!(w, "in" | "of" | "since" | "until" | "by" | "year" | "from")
            });
        if in_words && !expected {
            return None;
        }
        let next = self.tokens.get(end);
        // "1990s" (a decade, read there), "1500GMT", "12%" and "$1989" are not years.
        if next.is_some_and(|t| t.glued && t.kind != Kind::Punct)
            || self.punct(end, "%")
            || k.checked_sub(1).is_some_and(|p| self.punct(p, "$"))
        {
            return None;
        }
        Some((end, TimexType::Date, format!("{year:04}")))
    }

    /// A month's full name standing alone ("January"), except "May" and "March", which are
    /// words too.
    fn bare_month(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let token = self.tokens.get(i).filter(|t| t.kind == Kind::Word && t.capital)?;
        let month = month_name(&token.lower)?;
        if let Some((year, end)) = self.year_at(i + 1) {
            return Some((end, TimexType::Date, format!("{year:04}-{month:02}")));
        }
        if month == 5 || month == 3 {
            return None;
        }
        let value = match self.dct {
            Some(dct) => {
                let (start, _) =
                    month_interval(Some(dct), month, None, None, Part::Whole, Direction::Past)?;
                at_granularity(start, Unit::Month)
            }
            None => format!("XXXX-{month:02}"),
        };
        Some((i + 1, TimexType::Date, value))
    }

    /// "overnight", "the morning": a part of the document's day.
    fn day_time(&self, i: usize) -> Option<(usize, TimexType, String)> {
        let (k, part) = match self.word(i)? {
            "overnight" => (i + 1, "NI"),
            "the" => (i + 2, day_part(self.word(i + 1)?).filter(|p| *p != "NI")?),
            _ => return None,
        };
        let day = self.dct.map_or("XXXX-XX-XX".to_string(), |d| at_granularity(d, Unit::Day));
        Some((k, TimexType::Time, format!("{day}T{part}")))
    }
}

/// The latest quarter that has ended by `day`: its year and number.
fn last_quarter(day: NaiveDate) -> (i32, u32) {
    match quarter_of(day) {
        1 => (day.year() - 1, 4),
        quarter => (day.year(), quarter - 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, dct: (i32, u32, u32)) -> Vec<(String, &'static str, String)> {
        let dct = NaiveDate::from_ymd_opt(dct.0, dct.1, dct.2);
        timex3(text, dct)
            .into_iter()
            .map(|t| (text[t.span].to_string(), t.kind.as_str(), t.value))
            .collect()
    }

    #[test]
    fn dates_take_the_granularity_of_their_wording() {
        let found = values(
            "Sales fell last week and last month, rose last year, and the board met on Friday.",
            (1989, 11, 2),
        );
        let got: Vec<(&str, &str)> =
            found.iter().map(|(_, kind, value)| (*kind, value.as_str())).collect();
        assert_eq!(
            got,
            vec![
                ("DATE", "1989-W43"),
                ("DATE", "1989-10"),
                ("DATE", "1988"),
                ("DATE", "1989-10-27")
            ]
        );
    }

    #[test]
    fn durations_sets_and_references_are_tagged() {
        let found = values(
            "The plant ran daily for the past two months and will close for three years; \
             prices are now lower than they were recently.",
            (1998, 3, 4),
        );
        let got: Vec<(&str, &str, &str)> = found
            .iter()
            .map(|(text, kind, value)| (text.as_str(), *kind, value.as_str()))
            .collect();
        assert!(got.contains(&("daily", "SET", "P1D")), "{got:?}");
        assert!(
            got.iter().any(|(_, kind, value)| *kind == "DURATION" && *value == "P2M"),
            "{got:?}"
        );
        assert!(got.contains(&("three years", "DURATION", "P3Y")), "{got:?}");
        assert!(got.contains(&("now", "DATE", "PRESENT_REF")), "{got:?}");
        assert!(got.contains(&("recently", "DATE", "PAST_REF")), "{got:?}");
    }

    #[test]
    fn quarters_resolve_against_the_document_date() {
        let found = values(
            "Third-quarter profit rose from the year-earlier quarter; the fourth quarter of 1988 \
             was weak.",
            (1989, 11, 2),
        );
        let got: Vec<&str> = found.iter().map(|(_, _, value)| value.as_str()).collect();
        assert_eq!(got, vec!["1989-Q3", "1988-Q3", "1988-Q4"]);
    }

    #[test]
    fn times_of_day_are_times() {
        let found = values(
            "The talks ended at 10:35 a.m. today. They had run through Friday night.",
            (1998, 8, 8),
        );
        let got: Vec<(&str, &str)> =
            found.iter().map(|(_, kind, value)| (*kind, value.as_str())).collect();
        assert_eq!(got, vec![("TIME", "1998-08-08T10:35"), ("TIME", "1998-08-07TNI")]);
    }
}
