//! Charts as inline SVG, drawn on the server: activity over time and (a story's timeline is drawn by the dossier's renderer). Text
//! inside them goes through `maud`, so it is escaped like the rest of the page.

use maud::{Markup, html};

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

/// A coordinate with one decimal.
fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> chrono::NaiveDate {
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
}
