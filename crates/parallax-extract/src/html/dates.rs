//! Dates as pages write them in metadata: ISO 8601 in its many spellings, RFC 2822, compact
//! `YYYYMMDD`, written-out dates, and dates in a URL's path. A date that does not read cleanly,
//! or falls outside a plausible range, is no date: a wrong date is worse than none.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use parallax_core::Published;
use regex::Regex;

use crate::meta;

/// The earliest year a news page is trusted to carry.
const EARLIEST_YEAR: i32 = 1995;

/// `/2025/09/04/`, `/2025-09-04-`, `/20250904/` in a URL's path.
static URL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:[/_.-]|$)")
        .expect("a valid pattern")
});
static URL_COMPACT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[/_-]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[/_.-]")
        .expect("a valid pattern")
});

/// Parses a date from a metadata field (`content`, `datetime`, JSON-LD).
pub(crate) fn parse(text: &str) -> Option<Published> {
    let text = text.trim();
    if text.is_empty() || text.len() > 80 {
        return None;
    }
    parse_any(text).filter(plausible)
}

fn parse_any(text: &str) -> Option<Published> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(Published::DateTime(instant));
    }
    // "2025-09-04T10:00:00.000+0000", "2025-09-04 10:00:00 +02:00"
    for format in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(instant) = DateTime::parse_from_str(text, format) {
            return Some(Published::DateTime(instant));
        }
    }
    if let Ok(instant) = DateTime::parse_from_rfc2822(text) {
        return Some(Published::DateTime(instant));
    }
    // Without an offset the day is still the day the page gives.
    for format in
        ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
    {
        if let Ok(local) = NaiveDateTime::parse_from_str(text, format) {
            return Some(Published::Date(local.date()));
        }
    }
    for format in ["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d"] {
        if let Ok(date) = NaiveDate::parse_from_str(text, format) {
            return Some(Published::Date(date));
        }
    }
    // "2025-09-04T10:00:00 EDT" and similar: the leading day is unambiguous.
    if let Some(head) = text.get(..10)
        && text.as_bytes().get(10).is_some_and(|b| *b == b'T' || *b == b' ')
        && let Ok(date) = NaiveDate::parse_from_str(head, "%Y-%m-%d")
    {
        return Some(Published::Date(date));
    }
    meta::parse_date_line(text).map(|(published, _)| published)
}

/// A day printed with numbers only: "17.05.2021" (day first, as written with dots),
/// "10/31/2024" (month first, as written with slashes on English pages, unless the first number
/// cannot be a month). Nothing else may stand around it.
pub(crate) fn numeric_day(text: &str) -> Option<Published> {
    let captures = NUMERIC_DAY.captures(text.trim())?;
    let number = |index: usize| captures.get(index)?.as_str().parse::<u32>().ok();
    let (first, second) = (number(1)?, number(3)?);
    let year = i32::try_from(number(4)?).ok()?;
    let (month, day) = match &captures[2] {
        "." => (second, first),
        _ if first > 12 => (second, first),
        _ => (first, second),
    };
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(Published::Date(date)).filter(plausible)
}

static NUMERIC_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})([./])(\d{1,2})[./]((?:19|20)\d{2})$").expect("a valid pattern")
});

/// A date in a URL's path, as a day.
pub(crate) fn from_url(url: &str) -> Option<Published> {
    let path = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = &path[path.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let captures = URL_DATE.captures(path).or_else(|| URL_COMPACT_DATE.captures(path))?;
    let number = |index: usize| captures.get(index)?.as_str().parse::<u32>().ok();
    let year = i32::try_from(number(1)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(2)?, number(3)?)?;
    Some(Published::Date(date)).filter(plausible)
}

/// Not before the web carried news, not after tomorrow.
fn plausible(published: &Published) -> bool {
    let date = published.date();
    let tomorrow = Utc::now().date_naive().succ_opt().unwrap_or(NaiveDate::MAX);
    date.year() >= EARLIEST_YEAR && date <= tomorrow
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<String> {
        parse(text).map(|p| p.date().to_string())
    }

    #[test]
    fn metadata_spellings() {
        assert_eq!(day("2025-09-04T10:00:00+02:00").as_deref(), Some("2025-09-04"));
        assert_eq!(day("2025-09-04T23:30:00.000-0400").as_deref(), Some("2025-09-04"));
        assert_eq!(day("2025-09-04 10:00:00").as_deref(), Some("2025-09-04"));
        assert_eq!(day("2025-09-04T10:00:00 EDT").as_deref(), Some("2025-09-04"));
        assert_eq!(day("Thu, 04 Sep 2025 10:00:00 GMT").as_deref(), Some("2025-09-04"));
        assert_eq!(day("20250904").as_deref(), Some("2025-09-04"));
        assert_eq!(day("September 4, 2025").as_deref(), Some("2025-09-04"));
        assert_eq!(day("4 Sep 2025").as_deref(), Some("2025-09-04"));
    }

    #[test]
    fn no_date_is_better_than_a_wrong_one() {
        assert_eq!(day("yesterday"), None);
        assert_eq!(day("2025-13-04"), None);
        assert_eq!(day("0001-01-01T00:00:00Z"), None);
        assert_eq!(day("2999-01-01"), None);
        assert_eq!(day(""), None);
    }

    #[test]
    fn numeric_days() {
        let day = |t: &str| numeric_day(t).map(|p| p.date().to_string());
        assert_eq!(day("17.05.2021").as_deref(), Some("2021-05-17"));
        assert_eq!(day("10/31/2024").as_deref(), Some("2024-10-31"));
        assert_eq!(day("31/10/2024").as_deref(), Some("2024-10-31"));
        assert_eq!(day("3.4.2025 and more"), None);
        assert_eq!(day("1.2.3"), None);
    }

    #[test]
    fn url_paths() {
        let url = |u: &str| from_url(u).map(|p| p.date().to_string());
        assert_eq!(url("https://a.example/2025/09/04/strike-ends/").as_deref(), Some("2025-09-04"));
        assert_eq!(url("https://a.example/news/2025-9-4-strike").as_deref(), Some("2025-09-04"));
        assert_eq!(url("https://a.example/a/20250904/strike.html").as_deref(), Some("2025-09-04"));
        assert_eq!(url("https://a.example/2025/09/strike"), None, "a month is not a day");
        assert_eq!(url("https://a.example/item/2025091234567"), None);
        assert_eq!(url("https://2025.example/09/04"), None, "the host is not a path");
    }
}
