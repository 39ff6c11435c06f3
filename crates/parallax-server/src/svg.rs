//! Charts as inline SVG, drawn on the server: activity over time and a story's timeline. Text
//! inside them goes through `maud`, so it is escaped like the rest of the page.

use chrono::NaiveDate;
use maud::{Markup, html};
use parallax_dossier::TimelineEvent;

use crate::snapshot::DayCount;

/// Days at most drawn one bar each; longer spans are drawn a bar per week.
const DAILY_SPAN: i64 = 120;

/// Articles per day (or per week over long spans) as a bar chart.
pub fn activity(days: &[DayCount], width: u32, height: u32, label: &str) -> Markup {
    let (Some(first), Some(last)) = (days.first(), days.last()) else {
        return html! { p.meta { "No dated articles." } };
    };
    let span = (last.day - first.day).num_days() + 1;
    // At most a bar per two pixels, whatever dates an article claims.
    let widest = i64::from(width / 2).max(1);
    let bucket_days = if span > DAILY_SPAN { 7 } else { 1 }.max((span + widest - 1) / widest);
    let buckets = ((span + bucket_days - 1) / bucket_days).max(1) as usize;
    let mut counts = vec![0usize; buckets];
    for day in days {
        counts[((day.day - first.day).num_days() / bucket_days) as usize] += day.articles;
    }
    let highest = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let bar = f64::from(width) / buckets as f64;
    let plot = f64::from(height) - if width >= 300 { 14.0 } else { 2.0 };
    let unit = match bucket_days {
        1 => "day".to_string(),
        7 => "week".to_string(),
        n => format!("{n} days"),
    };
    html! {
        svg.activity width=(width) height=(height) viewBox=(format!("0 0 {width} {height}"))
            role="img" aria-label=(format!("{label}: articles per {unit}, {} to {}", first.day, last.day)) {
            @for (i, count) in counts.iter().enumerate() {
                @if *count > 0 {
                    @let h = (*count as f64 / highest * plot).max(1.0);
                    @let start = first.day + chrono::Duration::days(i as i64 * bucket_days);
                    rect x=(fmt(i as f64 * bar)) y=(fmt(plot - h)) width=(fmt((bar - 1.0).max(1.0))) height=(fmt(h)) {
                        title { (count) " article(s), " (unit) " of " (start) }
                    }
                }
            }
            // Small charts (a story's row) leave the dates to the table.
            @if width >= 300 {
                text x="0" y=(height - 2) { (first.day) }
                text x=(width) y=(height - 2) text-anchor="end" { (last.day) }
            }
        }
    }
}

/// A story's dated events on one axis, numbered; the numbers refer to the list the page prints
/// under it, so the timeline reads without the picture too.
pub fn timeline(events: &[TimelineEvent], width: u32) -> Markup {
    let (Some(first), Some(last)) = (
        events.iter().map(|e| e.date).min(),
        events.iter().map(|e| e.until.unwrap_or(e.date)).max(),
    ) else {
        return html! {};
    };
    let span = ((last - first).num_days()).max(1) as f64;
    let left = 20.0;
    let right = f64::from(width) - 20.0;
    let x = |day: NaiveDate| left + (day - first).num_days() as f64 / span * (right - left);
    // Events closer than a marker's width stack upwards.
    let mut rows: Vec<f64> = Vec::new();
    let placed: Vec<(f64, f64, usize)> = events
        .iter()
        .enumerate()
        .map(|(i, event)| {
            let cx = x(event.date);
            let row = match rows.iter().position(|&end| end + 20.0 <= cx) {
                Some(row) => row,
                None => {
                    rows.push(f64::MIN);
                    rows.len() - 1
                }
            };
            rows[row] = cx;
            (cx, row as f64, i)
        })
        .collect();
    let tallest = rows.len().saturating_sub(1).min(8) as f64;
    let height = 60.0 + tallest * 22.0;
    let axis = height - 28.0;
    html! {
        svg.timeline width=(width) height=(fmt(height)) viewBox=(format!("0 0 {width} {}", fmt(height)))
            role="img" aria-label=(format!("timeline of {} event(s), {first} to {last}", events.len())) {
            line x1=(fmt(left)) y1=(fmt(axis)) x2=(fmt(right)) y2=(fmt(axis)) class="axis" {}
            @for (cx, row, i) in &placed {
                @let event = &events[*i];
                @if let Some(until) = event.until {
                    line x1=(fmt(*cx)) y1=(fmt(axis)) x2=(fmt(x(until))) y2=(fmt(axis)) class="span" {}
                }
                @let cy = axis - 12.0 - row.min(8.0) * 22.0;
                g {
                    title { (event.date) ": " (event.text) }
                    circle cx=(fmt(*cx)) cy=(fmt(cy)) r="9" {}
                    text x=(fmt(*cx)) y=(fmt(cy + 4.0)) text-anchor="middle" class="n" { (i + 1) }
                }
            }
            text x=(fmt(left)) y=(fmt(height - 6.0)) { (first) }
            @if last != first {
                text x=(fmt(right)) y=(fmt(height - 6.0)) text-anchor="end" { (last) }
            }
        }
    }
}

/// A coordinate with one decimal.
fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_dossier::Provenance;

    fn day(text: &str) -> NaiveDate {
        text.parse().expect("a test day")
    }

    #[test]
    fn activity_draws_one_bar_per_day_with_articles() {
        let days = [
            DayCount { day: day("2026-01-01"), articles: 2 },
            DayCount { day: day("2026-01-03"), articles: 4 },
        ];
        let svg = activity(&days, 300, 60, "all").into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "{svg}");
        assert!(svg.contains("4 article(s), day of 2026-01-03"), "{svg}");
        let long = [
            DayCount { day: day("2025-01-01"), articles: 1 },
            DayCount { day: day("2025-01-02"), articles: 1 },
            DayCount { day: day("2026-01-01"), articles: 1 },
        ];
        let svg = activity(&long, 300, 60, "all").into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "one week holds two days: {svg}");
        // A date far in the past does not make a bar per week since then.
        let odd = [
            DayCount { day: day("0001-01-01"), articles: 1 },
            DayCount { day: day("2026-01-01"), articles: 1 },
        ];
        let svg = activity(&odd, 300, 60, "all").into_string();
        assert_eq!(svg.matches("<rect").count(), 2, "{}", svg.len());
    }

    #[test]
    fn timeline_numbers_events_and_escapes_their_text() {
        let event = |d: &str, text: &str| TimelineEvent {
            date: day(d),
            until: None,
            time_utc: None,
            text: text.to_string(),
            from: Provenance { article: "a".into(), outlet: "o".into(), span: [0, 1] },
            outlets: vec!["o".into()],
        };
        let events = [
            event("2026-01-01", "<script>x</script>"),
            event("2026-01-01", "b"),
            event("2026-01-05", "c"),
        ];
        let svg = timeline(&events, 600).into_string();
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
