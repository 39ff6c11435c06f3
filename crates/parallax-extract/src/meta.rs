//! Metadata written into the text itself: date lines, bylines, datelines, addresses.

use std::sync::LazyLock;

use chrono::{DateTime, NaiveDate};
use parallax_core::Published;
use regex::Regex;

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A month name or abbreviation ("Dec", "Dec.", "December", "Sept") as 1..=12.
pub(crate) fn month_number(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.').to_lowercase();
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| word.starts_with(m))?;
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ][index];
    (full.starts_with(&word) || word == "sept").then_some(index as u32 + 1)
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(published|posted|updated|last updated|modified|date)\s*(?:on|at)?\s*:?\s*)",
    )
    .expect("valid regex")
});
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+")
        .expect("valid regex")
});
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z]{3,9}\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b(.*)$")
        .expect("valid regex")
});
static DAY_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9}\.?),?\s+(\d{4})\b(.*)$")
        .expect("valid regex")
});
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\b(.*)$").expect("valid regex")
});
/// What may follow a date on a date line: a time and a zone, nothing that reads as words.
static TIME_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[\s,|\-–—@at]*(?:\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?\s*(?:[A-Z]{2,5}|GMT[+-]?\d*|UTC[+-]?\d*)?)?\s*$",
    )
    .expect("valid regex")
});

/// A date line as a whole: "December 04, 2021", "Published: 4 Dec 2021 10:30 GMT", "2021-12-04".
/// Returns the date and whether the line says it is an update (which is not the publish date).
pub(crate) fn parse_date_line(line: &str) -> Option<(Published, bool)> {
    let line = line.trim();
    if line.len() > 80 {
        return None;
    }
    let mut rest = line;
    let mut updated = false;
    if let Some(label) = LABEL.captures(rest) {
        updated =
            label[1].to_lowercase().contains("update") || label[1].eq_ignore_ascii_case("modified");
        rest = &rest[label[0].len()..];
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(rest) {
        return Some((Published::DateTime(instant), updated));
    }
    if let Some(weekday) = WEEKDAY.find(rest) {
        rest = &rest[weekday.end()..];
    }
    let (year, month, day, tail) = if let Some(c) = MONTH_FIRST.captures(rest) {
        (c[3].parse().ok()?, month_number(&c[1])?, c[2].parse().ok()?, c.get(4)?.as_str())
    } else if let Some(c) = DAY_FIRST.captures(rest) {
        (c[3].parse().ok()?, month_number(&c[2])?, c[1].parse().ok()?, c.get(4)?.as_str())
    } else if let Some(c) = NUMERIC.captures(rest) {
        (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?, c.get(4)?.as_str())
    } else {
        return None;
    };
    if !TIME_TAIL.is_match(tail) || !(1900..=2200).contains(&year) {
        return None;
    }
    // The time, when given without a trustworthy offset, is dropped: no date beats a wrong one.
    NaiveDate::from_ymd_opt(year, month, day).map(|date| (Published::Date(date), updated))
}

/// A published date from a data field: any date line form, or `YYYY-MM-DD HH:MM:SS`.
pub(crate) fn parse_date_field(text: &str) -> Option<Published> {
    if let Ok(published) = Published::parse(text) {
        return Some(published);
    }
    let text = text.trim();
    if let Some((date, _)) = text.split_once([' ', 'T'])
        && let Ok(date) = NaiveDate::parse_from_str(date, "%Y-%m-%d")
    {
        return Some(Published::Date(date));
    }
    parse_date_line(text).map(|(published, _)| published)
}

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:written\s+|reported\s+|words\s+)?by\b\s*:?\s*(.*)$").expect("valid regex")
});

/// What a byline line says: `Some(Some(names))`, `Some(None)` for an empty "by", `None` when the
/// block is not a byline at all.
pub(crate) fn parse_byline(text: &str) -> Option<Option<String>> {
    let captures = BYLINE.captures(text.trim())?;
    let names = captures[1].trim().trim_end_matches(['|', '-', '–', ',']).trim();
    let words = names.split_whitespace().count();
    // "By the time the ships docked, ..." is a sentence, not a byline.
    if words > 8 || names.ends_with(['.', '!', '?', '"', '”']) && !names.ends_with(" Jr.") {
        return None;
    }
    // "By March 2026, ..." or "by the numbers" are not names.
    let first = names.split_whitespace().next().unwrap_or("");
    if names.chars().next().is_some_and(|c| c.is_lowercase())
        || names.chars().any(|c| c.is_ascii_digit())
        || month_number(first).is_some()
        || ["the", "a", "an"].contains(&first.to_lowercase().as_str())
    {
        return None;
    }
    Some((!names.is_empty()).then(|| names.to_string()))
}

static DATELINE: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        // PORTVALE, March 14 (CPA) - / WASHINGTON (AP) — / ALBUQUERQUE, N.M. (AP) —
        r"^(\p{Lu}{2}[\p{Lu}.' -]{0,40}(?:, [A-Z][\p{L}.' -]{1,30})?(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?\s*\(\p{L}[\p{L}&. ]{0,30}\))\s*[-–—:]+\s*",
        // MOSCOW — / NEW YORK, March 3 -
        r"^(\p{Lu}{4}[\p{Lu}.' -]{0,40}(?:, [A-Z][\p{L}.' ]{1,30})?(?:,? [A-Z][a-z]{2,8}\.? \d{1,2})?)\s*[-–—]+\s+",
        // Outlet or desk labels glued to the lead: "Harbour Press/Europe: ", at least two words
        // or a slash, so a speaker ("Lind: ...") is not taken for one.
        r"^((?:\p{Lu}[\p{L}&.-]*(?:/\p{Lu}[\p{L}&.-]*)?\s){1,2}\p{Lu}[\p{L}/&.-]*):\s+",
    ]
    .iter()
    .map(|pattern| Regex::new(pattern).expect("valid regex"))
    .collect()
});

/// Splits a dateline off the lead paragraph: `(dateline, rest)`.
pub(crate) fn split_dateline(lead: &str) -> Option<(String, String)> {
    for pattern in DATELINE.iter() {
        let Some(captures) = pattern.captures(lead) else { continue };
        let rest = &lead[captures[0].len()..];
        // The rest must still be a paragraph of reporting that starts a sentence, not a quote.
        let starts_sentence = rest.chars().next().is_some_and(char::is_uppercase);
        if starts_sentence && rest.split_whitespace().count() >= 8 {
            return Some((captures[1].trim().to_string(), rest.to_string()));
        }
    }
    None
}

static ADDRESS_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:original|canonical|source|article)\s+(?:url|link|address)\s*:?\s*(.*)$")
        .expect("valid regex")
});

/// "Original url: <...>": `Some(address)` (maybe empty when it is on the next line).
pub(crate) fn parse_address_label(text: &str) -> Option<String> {
    ADDRESS_LABEL.captures(text.trim()).map(|c| c[1].trim_matches(['<', '>', ' ']).to_string())
}

/// Whether the text is nothing but a web address.
pub(crate) fn is_bare_url(text: &str) -> bool {
    let text = text.trim().trim_matches(['<', '>']);
    (text.starts_with("http://") || text.starts_with("https://") || text.starts_with("www."))
        && !text.contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(line: &str) -> Option<String> {
        parse_date_line(line).map(|(published, _)| published.to_string())
    }

    #[test]
    fn date_lines() {
        for line in [
            "December 04, 2021",
            "Dec. 4, 2021",
            "4 December 2021",
            "Saturday, December 4, 2021",
            "Published: 4 Dec 2021 10:30 GMT",
            "2021-12-04",
            "December 4th, 2021 | 10:30 AM EST",
        ] {
            assert_eq!(date(line).as_deref(), Some("2021-12-04"), "{line}");
        }
        assert_eq!(parse_date_line("Updated March 3, 2025").map(|d| d.1), Some(true));
    }

    #[test]
    fn sentences_with_dates_are_not_date_lines() {
        for line in [
            "December 4, 2021 was a cold day",
            "Talks resumed on Tuesday",
            "Mayday 4, 2021",
            "February 30, 2021",
            "214",
        ] {
            assert_eq!(date(line), None, "{line}");
        }
    }

    #[test]
    fn date_fields() {
        let field = |text| parse_date_field(text).map(|p| p.to_string());
        assert_eq!(field("2025-03-14 08:00:00").as_deref(), Some("2025-03-14"));
        assert_eq!(field("2025-03-14T08:00:00Z").as_deref(), Some("2025-03-14T08:00:00+00:00"));
        assert_eq!(field("March 14, 2025").as_deref(), Some("2025-03-14"));
        assert_eq!(field("soon"), None);
    }

    #[test]
    fn bylines() {
        assert_eq!(parse_byline("By AFP"), Some(Some("AFP".into())));
        assert_eq!(parse_byline("by"), Some(None));
        assert_eq!(
            parse_byline("Written by Ana Lind and Tom Berg"),
            Some(Some("Ana Lind and Tom Berg".into()))
        );
        assert_eq!(parse_byline("By the time the ships docked, the strike was over."), None);
        assert_eq!(parse_byline("Byelection called"), None);
        assert_eq!(parse_byline("BYD Overtakes Tesla"), None);
        assert_eq!(parse_byline("By March 2026, close three coal plants"), None);
        assert_eq!(parse_byline("By The Numbers"), None);
    }

    #[test]
    fn datelines() {
        let split = |lead: &str| split_dateline(lead).map(|(d, _)| d);
        let tail = " Dock workers walked out at dawn over unpaid overtime and pensions.";
        assert_eq!(
            split(&format!("PORTVALE, March 14 (CPA) -{tail}")).as_deref(),
            Some("PORTVALE, March 14 (CPA)")
        );
        assert_eq!(split(&format!("WASHINGTON (AP) —{tail}")).as_deref(), Some("WASHINGTON (AP)"));
        assert_eq!(split(&format!("GENEVA (dpa) -{tail}")).as_deref(), Some("GENEVA (dpa)"));
        assert_eq!(
            split(&format!("Harbour Press/Europe:{tail}")).as_deref(),
            Some("Harbour Press/Europe")
        );
        assert_eq!(split(&format!("The union said:{tail}")), None);
        assert_eq!(split(&format!("Lind:{tail}")), None);
        assert_eq!(split(&format!("EU - UK{tail}")), None);
        assert_eq!(split(&format!("Shares in Harbour Holdings (HHL) -{tail}")), None);
        assert_eq!(split("MOSCOW — Short."), None);
    }

    #[test]
    fn addresses() {
        assert_eq!(parse_address_label("Original url:").as_deref(), Some(""));
        assert_eq!(
            parse_address_label("Original URL: <https://a.example/x>").as_deref(),
            Some("https://a.example/x")
        );
        assert!(is_bare_url("<https://a.example/x>"));
        assert!(!is_bare_url("See https://a.example/x for more"));
    }
}
