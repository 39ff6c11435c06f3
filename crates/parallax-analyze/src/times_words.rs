//! Words, zones and calendar rules for time expressions: month and weekday names, number and
//! unit words, the words that tell which way a clause points, time zones with their
//! summer-time rules, and the calendar arithmetic that lands "last Friday", "early next year"
//! or "the weekend" on days. Written for parallax.

use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime, Timelike, Weekday};

/// Which way an expression points from the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Direction {
    /// Before the anchor, or told as past ("said on Monday", "last week").
    Past,
    /// After the anchor, or announced ("will meet Tuesday", "is scheduled for").
    Future,
    /// The anchor's own day or period with nothing in the clause to tell, or no clue at all.
    Unknown,
}

/// Month names, lowercase, with their number.
#[rustfmt::skip]
const MONTHS: &[(&str, u32)] = &[
    ("january", 1), ("february", 2), ("march", 3), ("april", 4), ("may", 5), ("june", 6),
    ("july", 7), ("august", 8), ("september", 9), ("october", 10), ("november", 11),
    ("december", 12),
];

/// Month abbreviations, lowercase; accepted only next to a day number or a year.
#[rustfmt::skip]
const MONTH_ABBREVIATIONS: &[(&str, u32)] = &[
    ("jan", 1), ("feb", 2), ("mar", 3), ("apr", 4), ("jun", 6), ("jul", 7), ("aug", 8),
    ("sep", 9), ("sept", 9), ("oct", 10), ("nov", 11), ("dec", 12),
];

#[rustfmt::skip]
const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon), ("tuesday", Weekday::Tue), ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu), ("friday", Weekday::Fri), ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Weekday abbreviations, lowercase; accepted only before a date ("Wed, Dec 8").
#[rustfmt::skip]
const WEEKDAY_ABBREVIATIONS: &[(&str, Weekday)] = &[
    ("mon", Weekday::Mon), ("tue", Weekday::Tue), ("tues", Weekday::Tue), ("wed", Weekday::Wed),
    ("thu", Weekday::Thu), ("thur", Weekday::Thu), ("thurs", Weekday::Thu), ("fri", Weekday::Fri),
    ("sat", Weekday::Sat), ("sun", Weekday::Sun),
];

#[rustfmt::skip]
const NUMBERS: &[(&str, i64)] = &[
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
    ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13),
    ("fourteen", 14), ("fifteen", 15), ("sixteen", 16), ("seventeen", 17), ("eighteen", 18),
    ("nineteen", 19), ("twenty", 20), ("thirty", 30),
];

/// Parts of a day that may follow a day ("Tuesday evening", "yesterday morning").
pub(crate) const DAY_PARTS: &[&str] = &["morning", "afternoon", "evening", "night"];

/// Words before a weekday that make it a name or a recurrence, not a date ("Black Friday").
#[rustfmt::skip]
pub(crate) const NOT_BEFORE_WEEKDAY: &[&str] = &[
    "good", "black", "super", "ash", "cyber", "bloody", "easter", "palm", "holy", "maundy",
    "giving", "shrove", "girl", "every", "man",
];

/// Words before a weekday that make it a date even when a capitalised word follows.
#[rustfmt::skip]
pub(crate) const WEEKDAY_PREPOSITIONS: &[&str] = &[
    "on", "by", "until", "till", "since", "from", "before", "after", "through", "for", "and",
    "or", "between", "late", "early",
];

/// Words before a month name that make it the month ("in June"), not a verb or a name.
#[rustfmt::skip]
pub(crate) const MONTH_PREPOSITIONS: &[&str] = &[
    "in", "since", "until", "till", "by", "from", "through", "during", "before", "after", "of",
    "between", "throughout", "last", "next", "this",
];

/// Words before a four-digit number that make it a year ("in 2014", "since 1954").
#[rustfmt::skip]
pub(crate) const YEAR_PREPOSITIONS: &[&str] = &[
    "in", "since", "from", "until", "till", "by", "during", "before", "after", "through",
    "throughout",
];

/// Words before "15:00" that make it a clock time rather than a score or a ratio.
#[rustfmt::skip]
pub(crate) const CLOCK_PREPOSITIONS: &[&str] = &[
    "at", "around", "about", "by", "until", "till", "from", "before", "after", "since", "to",
    "approximately", "circa", "starting",
];

/// Words that point a clause at the future. Modal verbs, "plans", "set", "due" and "to" are
/// judged with their neighbours in `times.rs`.
#[rustfmt::skip]
pub(crate) const FUTURE_CUES: &[&str] = &[
    "will", "ll", "shall", "expects", "expect", "expected", "expecting", "scheduled",
    "schedule", "slated", "planned", "upcoming", "forthcoming",
    "coming", "intends", "intend", "aims", "ahead", "be", "next", "tomorrow",
];

/// Irregular past forms and words that point a clause at the past. Regular "-ed" forms are
/// recognised by their ending.
#[rustfmt::skip]
pub(crate) const PAST_CUES: &[&str] = &[
    "said", "told", "was", "were", "had", "did", "met", "made", "took", "came", "went", "saw",
    "spoke", "left", "held", "gave", "got", "began", "begun", "sent", "wrote", "written", "lost",
    "fell", "rose", "led", "ran", "found", "thought", "brought", "bought", "became", "kept",
    "struck", "been", "done", "gone", "seen", "taken", "given", "spoken", "fought", "sought",
    "caught", "felt", "heard", "meant", "paid", "sold", "stood", "shot", "broke", "broken",
    "chose", "chosen", "drew", "drove", "flew", "grew", "knew", "sat", "shook", "spent",
    "threw", "woke", "won", "ago", "earlier", "previously", "recently", "since", "yesterday", "last",
];

/// Present-tense words: the clause is about now, which says nothing either way.
pub(crate) const PRESENT_CUES: &[&str] = &["is", "are", "am", "says", "say"];

/// Words ending in "-ed" that are not past verbs.
#[rustfmt::skip]
pub(crate) const NOT_PAST: &[&str] = &[
    "need", "indeed", "proceed", "succeed", "exceed", "speed", "hundred", "naked", "sacred",
    "wicked", "kindred", "wretched", "rugged", "ragged", "beloved", "based", "related",
    "limited", "united", "armed", "detailed", "advanced", "skilled", "concerned", "interested",
    "supposed", "embed", "breed", "greed", "creed", "steed", "aged",
];

/// A unit of relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Month,
    Year,
}

/// A time zone as the text names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Zone {
    /// A fixed offset, in seconds east of UTC.
    Fixed(i32),
    /// A US zone named without its season ("ET"): standard offset in hours, plus one in summer.
    Us(i32),
    /// A European zone named without its season ("UK time"): standard offset in hours.
    Eu(i32),
    /// "local time": the offset is wherever the event is.
    Local,
}

/// Zone abbreviations, exactly as written (capitals). IST is India's.
#[rustfmt::skip]
const ZONES: &[(&str, Zone)] = &[
    ("GMT", Zone::Fixed(0)), ("UTC", Zone::Fixed(0)), ("WET", Zone::Fixed(0)),
    ("WEST", Zone::Fixed(3600)), ("BST", Zone::Fixed(3600)), ("CET", Zone::Fixed(3600)),
    ("CEST", Zone::Fixed(7200)), ("EET", Zone::Fixed(7200)), ("EEST", Zone::Fixed(10800)),
    ("MSK", Zone::Fixed(10800)), ("IST", Zone::Fixed(19800)), ("PKT", Zone::Fixed(18000)),
    ("HKT", Zone::Fixed(28800)), ("SGT", Zone::Fixed(28800)), ("JST", Zone::Fixed(32400)),
    ("KST", Zone::Fixed(32400)), ("AEST", Zone::Fixed(36000)), ("AEDT", Zone::Fixed(39600)),
    ("NZST", Zone::Fixed(43200)), ("NZDT", Zone::Fixed(46800)), ("BRT", Zone::Fixed(-10800)),
    ("EST", Zone::Fixed(-18000)), ("EDT", Zone::Fixed(-14400)), ("CST", Zone::Fixed(-21600)),
    ("CDT", Zone::Fixed(-18000)), ("MST", Zone::Fixed(-25200)), ("MDT", Zone::Fixed(-21600)),
    ("PST", Zone::Fixed(-28800)), ("PDT", Zone::Fixed(-25200)), ("AKST", Zone::Fixed(-32400)),
    ("AKDT", Zone::Fixed(-28800)), ("HST", Zone::Fixed(-36000)), ("ET", Zone::Us(-5)),
    ("CT", Zone::Us(-6)), ("MT", Zone::Us(-7)), ("PT", Zone::Us(-8)),
];

/// Places whose name, followed by "time", names a zone ("Moscow time").
#[rustfmt::skip]
const PLACE_ZONES: &[(&str, Zone)] = &[
    ("local", Zone::Local), ("moscow", Zone::Fixed(10800)), ("kyiv", Zone::Eu(2)),
    ("kiev", Zone::Eu(2)), ("london", Zone::Eu(0)), ("uk", Zone::Eu(0)), ("british", Zone::Eu(0)),
    ("paris", Zone::Eu(1)), ("brussels", Zone::Eu(1)), ("berlin", Zone::Eu(1)),
    ("washington", Zone::Us(-5)), ("beijing", Zone::Fixed(28800)),
    ("tokyo", Zone::Fixed(32400)),
];

fn find<T: Copy>(table: &[(&str, T)], key: &str) -> Option<T> {
    table.iter().find(|(name, _)| *name == key).map(|&(_, value)| value)
}

pub(crate) fn month_name(lower: &str) -> Option<u32> {
    find(MONTHS, lower)
}

pub(crate) fn month_abbreviation(lower: &str) -> Option<u32> {
    find(MONTH_ABBREVIATIONS, lower)
}

pub(crate) fn weekday_name(lower: &str) -> Option<Weekday> {
    find(WEEKDAYS, lower)
}

pub(crate) fn weekday_abbreviation(lower: &str) -> Option<Weekday> {
    find(WEEKDAY_ABBREVIATIONS, lower)
}

pub(crate) fn number_word(lower: &str) -> Option<i64> {
    find(NUMBERS, lower)
}

/// The unit a word names, and whether it is plural.
pub(crate) fn unit(lower: &str) -> Option<(Unit, bool)> {
    Some(match lower {
        "day" => (Unit::Day, false),
        "days" => (Unit::Day, true),
        "week" => (Unit::Week, false),
        "weeks" => (Unit::Week, true),
        "month" => (Unit::Month, false),
        "months" => (Unit::Month, true),
        "year" => (Unit::Year, false),
        "years" => (Unit::Year, true),
        _ => return None,
    })
}

/// The zone a capitalised abbreviation names ("GMT", "ET").
pub(crate) fn zone_abbreviation(original: &str) -> Option<Zone> {
    find(ZONES, original)
}

/// The zone of "<place> time" ("Moscow time", "local time").
pub(crate) fn place_zone(lower: &str) -> Option<Zone> {
    find(PLACE_ZONES, lower)
}

/// The offset of `zone`, in seconds east of UTC, at the wall-clock time `local`; `None` for
/// local time.
pub(crate) fn zone_offset(zone: Zone, local: NaiveDateTime) -> Option<i32> {
    match zone {
        Zone::Fixed(seconds) => Some(seconds),
        Zone::Us(hours) => Some((hours + i32::from(us_summer(local))) * 3600),
        Zone::Eu(hours) => Some((hours + i32::from(eu_summer(local, hours))) * 3600),
        Zone::Local => None,
    }
}

/// US daylight saving time: from 2 a.m. on the second Sunday of March to 2 a.m. on the first
/// Sunday of November (since 2007; the first Sunday of April to the last of October before).
fn us_summer(local: NaiveDateTime) -> bool {
    let year = local.year();
    let (start, end) = if year >= 2007 {
        (nth_sunday(year, 3, 2), nth_sunday(year, 11, 1))
    } else {
        (nth_sunday(year, 4, 1), last_sunday(year, 10))
    };
    let (Some(start), Some(end)) = (start, end) else { return false };
    let now = (local.date(), local.hour());
    now >= (start, 2) && now < (end, 2)
}

/// EU summer time: from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday
/// of October, read on the wall clock of a zone `standard` hours east of UTC.
fn eu_summer(local: NaiveDateTime, standard: i32) -> bool {
    let year = local.year();
    let (Some(start), Some(end)) = (last_sunday(year, 3), last_sunday(year, 10)) else {
        return false;
    };
    let hour = i64::from(local.hour());
    let now = (local.date(), hour);
    now >= (start, i64::from(1 + standard)) && now < (end, i64::from(2 + standard))
}

/// The `n`th Sunday of a month.
fn nth_sunday(year: i32, month: u32, n: u32) -> Option<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let to_sunday = (7 - first.weekday().num_days_from_sunday()) % 7;
    NaiveDate::from_ymd_opt(year, month, 1 + to_sunday + 7 * (n.checked_sub(1)?))
}

/// The last Sunday of a month.
fn last_sunday(year: i32, month: u32) -> Option<NaiveDate> {
    let last = last_of_month(NaiveDate::from_ymd_opt(year, month, 1)?)?;
    last.checked_sub_days(Days::new(u64::from(last.weekday().num_days_from_sunday())))
}

/// The last day of the month `date` falls in.
pub(crate) fn last_of_month(date: NaiveDate) -> Option<NaiveDate> {
    let first = date.with_day(1)?;
    first.checked_add_months(Months::new(1))?.pred_opt()
}

// The calendar: how a stated expression lands on days, given the anchor.

/// How far, in days, a weekday with its day of month ("Monday (6)") is looked for.
const DAY_OF_MONTH_REACH: i64 = 21;

/// A part of a period: "early", "mid-", "late", "the end of", and "earlier"/"later" (this
/// week, before or after the anchor).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Whole,
    Early,
    Mid,
    Late,
    Earlier,
    Later,
}

/// "last", "next", "this" before a weekday, month or period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Modifier {
    Last,
    Next,
    This,
    /// "this coming": the first one after the anchor.
    Coming,
}

/// The year given with a month: "May 2029", "June this year".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum YearSpec {
    Stated(i32),
    /// "this year" (0), "next year" (1), "last year" (-1).
    Relative(i32),
}

pub(crate) fn add_days(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        date.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

pub(crate) fn add_months(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    let months = Months::new(u32::try_from(n.unsigned_abs()).ok()?);
    if n >= 0 { date.checked_add_months(months) } else { date.checked_sub_months(months) }
}

pub(crate) fn shift(date: NaiveDate, count: i64, unit: Unit) -> Option<NaiveDate> {
    match unit {
        Unit::Day => add_days(date, count),
        Unit::Week => add_days(date, count.checked_mul(7)?),
        Unit::Month => add_months(date, count),
        Unit::Year => add_months(date, count.checked_mul(12)?),
    }
}

pub(crate) fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

/// The weekday on or before the anchor (told events), on or after it (announced ones), or
/// the nearest ("this Tuesday" with no tense); strictly before for "last", after for "next".
pub(crate) fn weekday_date(
    anchor: NaiveDate,
    day: Weekday,
    modifier: Option<Modifier>,
    cue: Direction,
) -> Option<NaiveDate> {
    let back = i64::from(anchor.weekday().days_since(day));
    let ahead = (7 - back) % 7;
    let offset = match (modifier, cue) {
        (Some(Modifier::Last), _) => -(if back == 0 { 7 } else { back }),
        (Some(Modifier::Next), _) => {
            if ahead == 0 {
                7
            } else {
                ahead
            }
        }
        (Some(Modifier::Coming), _) | (_, Direction::Future) => ahead,
        (Some(Modifier::This), Direction::Unknown) if ahead < back => ahead,
        _ => -back,
    };
    add_days(anchor, offset)
}

/// The date nearest the anchor, within three weeks, that is both `day` and the `dom`th of
/// its month; ties go the way the clause points.
pub(crate) fn weekday_with_day(
    anchor: NaiveDate,
    day: Weekday,
    dom: u32,
    cue: Direction,
) -> Option<NaiveDate> {
    let sign = if cue == Direction::Future { 1 } else { -1 };
    (0..=DAY_OF_MONTH_REACH)
        .flat_map(|d| [sign * d, -sign * d])
        .filter_map(|d| add_days(anchor, d))
        .find(|date| date.weekday() == day && date.day() == dom)
}

/// `month`/`day` in the year that puts it nearest the anchor.
pub(crate) fn nearest_date(
    anchor: NaiveDate,
    month: u32,
    day: u32,
    cue: Direction,
) -> Option<NaiveDate> {
    let year = anchor.year();
    [year - 1, year, year + 1].into_iter().filter_map(|y| ymd(y, month, day)).min_by_key(|date| {
        let days = (*date - anchor).num_days();
        (days.abs(), (days > 0) != (cue == Direction::Future))
    })
}

/// The days of `month` in the year stated, or the one the modifier or the clause picks.
pub(crate) fn month_interval(
    anchor: Option<NaiveDate>,
    month: u32,
    modifier: Option<Modifier>,
    year: Option<YearSpec>,
    part: Part,
    cue: Direction,
) -> Option<(NaiveDate, NaiveDate)> {
    let year = match year {
        Some(YearSpec::Stated(y)) => y,
        Some(YearSpec::Relative(k)) => anchor?.year() + k,
        None => {
            let a = anchor?;
            let (y, now) = (a.year(), a.month());
            match (modifier, cue) {
                (Some(Modifier::Last), _) => y - i32::from(month >= now),
                (Some(Modifier::Next), _) => y + i32::from(month <= now),
                (Some(Modifier::This), _) => y,
                (Some(Modifier::Coming), _) | (None, Direction::Future) => {
                    y + i32::from(month < now)
                }
                (None, Direction::Past) => y - i32::from(month > now),
                // Nearest; six months either way stays in the anchor's year.
                (None, Direction::Unknown) => match i64::from(month) - i64::from(now) {
                    d if d > 6 => y - 1,
                    d if d < -6 => y + 1,
                    _ => y,
                },
            }
        }
    };
    let start = ymd(year, month, 1)?;
    Some(narrow(start, last_of_month(start)?, Unit::Month, part, anchor))
}

/// The calendar week (Monday to Sunday), month or year `offset` from the anchor's.
pub(crate) fn period(
    anchor: NaiveDate,
    unit: Unit,
    offset: i64,
    part: Part,
) -> Option<(NaiveDate, NaiveDate)> {
    let (start, end) = match unit {
        Unit::Week => {
            let monday = add_days(anchor, -i64::from(anchor.weekday().num_days_from_monday()))?;
            let start = add_days(monday, offset.checked_mul(7)?)?;
            (start, add_days(start, 6)?)
        }
        Unit::Month => {
            let start = add_months(anchor.with_day(1)?, offset)?;
            (start, last_of_month(start)?)
        }
        Unit::Year => {
            let year = anchor.year().checked_add(i32::try_from(offset).ok()?)?;
            (ymd(year, 1, 1)?, ymd(year, 12, 31)?)
        }
        Unit::Day => return None,
    };
    Some(narrow(start, end, unit, part, Some(anchor)))
}

/// The part of `start..=end` that "early", "mid-", "late", "earlier" or "later" picks: a third
/// of a month (days 1-10, 11-20, 21-end), of a year (January-April, May-August,
/// September-December) or of a week; "earlier"/"later" cut it at the anchor.
pub(crate) fn narrow(
    start: NaiveDate,
    end: NaiveDate,
    unit: Unit,
    part: Part,
    anchor: Option<NaiveDate>,
) -> (NaiveDate, NaiveDate) {
    let pick = |from: Option<NaiveDate>, to: Option<NaiveDate>| match (from, to) {
        (Some(from), Some(to)) if start <= from && from <= to && to <= end => (from, to),
        _ => (start, end),
    };
    let in_year = |month, day| ymd(start.year(), month, day);
    let in_month = |day| start.with_day(day);
    let in_week = |n| add_days(start, n);
    match (part, unit) {
        (Part::Whole, _) | (_, Unit::Day) => (start, end),
        (Part::Early, Unit::Year) => pick(Some(start), in_year(4, 30)),
        (Part::Mid, Unit::Year) => pick(in_year(5, 1), in_year(8, 31)),
        (Part::Late, Unit::Year) => pick(in_year(9, 1), Some(end)),
        (Part::Early, Unit::Month) => pick(Some(start), in_month(10)),
        (Part::Mid, Unit::Month) => pick(in_month(11), in_month(20)),
        (Part::Late, Unit::Month) => pick(in_month(21), Some(end)),
        (Part::Early, Unit::Week) => pick(Some(start), in_week(2)),
        (Part::Mid, Unit::Week) => pick(in_week(1), in_week(3)),
        (Part::Late, Unit::Week) => pick(in_week(3), Some(end)),
        (Part::Earlier, _) => pick(Some(start), anchor.and_then(|a| add_days(a, -1))),
        (Part::Later, _) => pick(anchor.and_then(|a| add_days(a, 1)), Some(end)),
    }
}

/// Saturday and Sunday: of the anchor's week ("this"), the one before ("last"), the first to
/// start after the anchor ("next"), or for "the weekend" the one the clause points at.
pub(crate) fn weekend(
    anchor: NaiveDate,
    modifier: Option<Modifier>,
    cue: Direction,
) -> Option<(NaiveDate, NaiveDate)> {
    let saturday = add_days(anchor, 5 - i64::from(anchor.weekday().num_days_from_monday()))?;
    let before = add_days(saturday, -7)?;
    let after = add_days(saturday, 7)?;
    let begun = anchor >= saturday;
    let chosen = match (modifier, cue) {
        (Some(Modifier::This), _) => saturday,
        (Some(Modifier::Last), _) => before,
        (Some(Modifier::Next | Modifier::Coming), _) => {
            if begun {
                after
            } else {
                saturday
            }
        }
        (None, Direction::Past) => {
            if begun {
                saturday
            } else {
                before
            }
        }
        (None, Direction::Future) => saturday,
        // Nearest: the one just gone early in the week, the coming one late in it.
        (None, Direction::Unknown) => {
            let since = (anchor - before).num_days() - 1;
            let until = (saturday - anchor).num_days();
            if begun || until < since { saturday } else { before }
        }
    };
    Some((chosen, add_days(chosen, 1)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(date: &str, hour: u32) -> NaiveDateTime {
        let day: NaiveDate = date.parse().expect("a date");
        day.and_hms_opt(hour, 0, 0).expect("a time")
    }

    #[test]
    fn summer_time_rules() {
        // 2031: US switches on 9 March and 2 November; the EU on 30 March and 26 October.
        assert_eq!(zone_offset(Zone::Us(-5), at("2031-03-08", 15)), Some(-5 * 3600));
        assert_eq!(zone_offset(Zone::Us(-5), at("2031-03-09", 3)), Some(-4 * 3600));
        assert_eq!(zone_offset(Zone::Us(-5), at("2031-11-02", 1)), Some(-4 * 3600));
        assert_eq!(zone_offset(Zone::Us(-5), at("2031-11-02", 3)), Some(-5 * 3600));
        assert_eq!(zone_offset(Zone::Us(-8), at("2005-04-01", 12)), Some(-8 * 3600));
        assert_eq!(zone_offset(Zone::Us(-8), at("2005-04-04", 12)), Some(-7 * 3600));
        assert_eq!(zone_offset(Zone::Eu(0), at("2031-03-29", 12)), Some(0));
        assert_eq!(zone_offset(Zone::Eu(0), at("2031-03-30", 12)), Some(3600));
        assert_eq!(zone_offset(Zone::Eu(1), at("2031-10-26", 2)), Some(7200));
        assert_eq!(zone_offset(Zone::Eu(1), at("2031-10-26", 4)), Some(3600));
        assert_eq!(zone_offset(Zone::Local, at("2031-10-26", 4)), None);
    }

    #[test]
    fn names_and_numbers() {
        assert_eq!(month_name("may"), Some(5));
        assert_eq!(month_abbreviation("sept"), Some(9));
        assert_eq!(weekday_abbreviation("thurs"), Some(Weekday::Thu));
        assert_eq!(number_word("twelve"), Some(12));
        assert_eq!(unit("weeks"), Some((Unit::Week, true)));
        assert_eq!(zone_abbreviation("ET"), Some(Zone::Us(-5)));
        assert_eq!(zone_abbreviation("et"), None);
        let feb: NaiveDate = "2032-02-10".parse().expect("a date");
        assert_eq!(last_of_month(feb), "2032-02-29".parse().ok());
    }
}
