//! "Since when", as a person writes it: a span back from now or a moment.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// Reads `N` and a unit (`h`, `d`, `w`) back from `now`, a date (midnight UTC) or an RFC 3339
/// time; the error says what was expected.
pub fn parse_since(text: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_time(NaiveTime::MIN).and_utc());
    }
    if let Ok(moment) = DateTime::parse_from_rfc3339(text) {
        return Ok(moment.with_timezone(&Utc));
    }
    let units = [("h", 1), ("d", 24), ("w", 24 * 7)];
    let found =
        units.iter().find_map(|&(unit, hours)| Some((text.strip_suffix(unit)?, unit, hours)));
    let Some((number, unit, hours)) = found else {
        return Err(format!(
            "{text:?}: expected a span like 24h, 7d, 2w, a date like 2025-03-10 or a time like \
             2025-03-10T08:00:00Z"
        ));
    };
    let count: i64 = number
        .parse()
        .ok()
        .filter(|&n| (0..=100_000).contains(&n))
        .ok_or_else(|| format!("{text:?}: expected a number before {unit:?}"))?;
    Ok(now - chrono::Duration::hours(count * hours))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_dates_and_times_are_read_and_anything_else_is_refused() {
        let now = DateTime::parse_from_rfc3339("2025-03-10T12:00:00Z").expect("a time").to_utc();
        let read = |text| parse_since(text, now).map(|t| t.to_rfc3339());
        assert_eq!(read("24h").as_deref(), Ok("2025-03-09T12:00:00+00:00"));
        assert_eq!(read("2w").as_deref(), Ok("2025-02-24T12:00:00+00:00"));
        assert_eq!(read("2025-03-01").as_deref(), Ok("2025-03-01T00:00:00+00:00"));
        assert_eq!(read("2025-03-10T08:00:00+02:00").as_deref(), Ok("2025-03-10T06:00:00+00:00"));
        for bad in ["yesterday", "xh", "-3d", "999999d"] {
            assert!(read(bad).is_err(), "{bad}");
        }
    }
}
