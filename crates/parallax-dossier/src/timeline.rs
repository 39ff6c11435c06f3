//! The story's timeline: days and times its articles give, each with the sentence that dates
//! it and the outlets that date something to it.

use chrono::{NaiveDate, Timelike, Utc};
use parallax_analyze::TimeValue;

use crate::dossier::{StoryInput, TimelineEvent};
use crate::facts::provenance;

/// Periods longer than this (a year, "the past decade") are background, not events.
const MAX_PERIOD_DAYS: i64 = 31;
/// Days further than this from the story's publication dates are background ("eight years
/// ago", "in 2014"), not the story's events.
const MAX_DAYS_AWAY: i64 = 90;

struct Dated {
    date: NaiveDate,
    until: Option<NaiveDate>,
    time_utc: Option<String>,
    article: usize,
    sentence: std::ops::Range<usize>,
}

/// Dated events in date order; one event per day (or period), told by the sentence of the
/// article that gives a time for it, else of the earliest article.
pub(crate) fn timeline(input: &StoryInput) -> Vec<TimelineEvent> {
    let mut dated = Vec::new();
    for (article, story_article) in input.articles.iter().enumerate() {
        let sentences = parallax_core::sentences(&story_article.text);
        for time in &story_article.analysis.times {
            let Some((date, until, time_utc)) = when(&time.value) else { continue };
            let Some(sentence) =
                sentences.iter().find(|s| s.start <= time.span.start && time.span.end <= s.end)
            else {
                continue;
            };
            dated.push(Dated { date, until, time_utc, article, sentence: sentence.clone() });
        }
    }
    let published: Vec<NaiveDate> = input.articles.iter().filter_map(|a| a.published).collect();
    if let (Some(&first), Some(&last)) = (published.iter().min(), published.iter().max()) {
        dated.retain(|d| {
            (first - d.date).num_days() <= MAX_DAYS_AWAY
                && (d.date - last).num_days() <= MAX_DAYS_AWAY
        });
    }
    dated.sort_by_key(|d| (d.date, d.until, d.article));
    let mut events: Vec<TimelineEvent> = Vec::new();
    let mut start = 0;
    while start < dated.len() {
        let end = (start..dated.len())
            .find(|&i| (dated[i].date, dated[i].until) != (dated[start].date, dated[start].until))
            .unwrap_or(dated.len());
        events.push(event(input, &dated[start..end]));
        start = end;
    }
    events
}

fn event(input: &StoryInput, same_day: &[Dated]) -> TimelineEvent {
    let told = same_day.iter().find(|d| d.time_utc.is_some()).unwrap_or(&same_day[0]);
    let text = input.articles[told.article].text[told.sentence.clone()].trim().to_string();
    TimelineEvent {
        date: told.date,
        until: told.until,
        time_utc: told.time_utc.clone(),
        text,
        from: provenance(input, told.article, &told.sentence),
        outlets: input.outlets(same_day.iter().map(|d| d.article)),
    }
}

/// The day, the period's last day and the UTC time a value stands for.
fn when(value: &TimeValue) -> Option<(NaiveDate, Option<NaiveDate>, Option<String>)> {
    match *value {
        TimeValue::Day(day) => Some((day, None, None)),
        TimeValue::Instant(at) => {
            let utc = at.with_timezone(&Utc);
            Some((utc.date_naive(), None, Some(format!("{:02}:{:02}", utc.hour(), utc.minute()))))
        }
        TimeValue::Local(at) => Some((at.date(), None, None)),
        TimeValue::Interval { start, end } if (end - start).num_days() < MAX_PERIOD_DAYS => {
            Some((start, Some(end), None))
        }
        _ => None,
    }
}
