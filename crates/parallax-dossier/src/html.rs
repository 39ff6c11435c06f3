//! A dossier as HTML, rendered in one place: the web UI's story page embeds [`sections`], and
//! [`to_html`] wraps the same sections in a standalone report (no scripts, no external
//! assets). maud escapes every piece of article text.

use std::collections::HashMap;

use chrono::NaiveDate;
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::dossier::{Dossier, Fact, QuantityClaims, TimelineEvent};
use crate::render::{event_date, value_text};

/// The stylesheet of a dossier's sections, for the web UI and the standalone report alike.
pub const DOSSIER_STYLE: &str = include_str!("../assets/dossier.css");

/// What the standalone report adds to [`DOSSIER_STYLE`]: the page itself.
const REPORT_STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;\
margin:2rem auto;padding:0 1rem;color:#1d1d1f}";

/// Where a dossier links an article by its id: the web UI's page of it. `None` for a
/// standalone report, which links only the articles' own web addresses.
pub type ArticleHref<'a> = Option<&'a dyn Fn(&str) -> String>;

/// A dossier as one HTML page that a browser shows without fetching anything.
pub fn to_html(dossier: &Dossier) -> String {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (dossier.headline) }
                style { (PreEscaped(REPORT_STYLE)) (PreEscaped(DOSSIER_STYLE)) }
            }
            body {
                h1 { (dossier.headline) }
                p.meta {
                    "Story " (dossier.story) " · " (dossier.outlets_line())
                }
                (sections(dossier, None))
            }
        }
    }
    .into_string()
}

/// The sections of a dossier, from "What happened" to the list of sources. Outlet badges link
/// to the outlet's first article of the story when `href` is given.
pub fn sections(dossier: &Dossier, href: ArticleHref) -> Markup {
    let links: HashMap<&str, String> = match href {
        Some(href) => dossier
            .sources
            .iter()
            .filter_map(|s| s.articles.first().map(|a| (s.outlet.as_str(), href(&a.id))))
            .collect(),
        None => HashMap::new(),
    };
    let badges = |outlets: &[String]| badges(outlets, &links);
    html! {
        section {
            h2 { "What happened" }
            ul.summary { @for f in &dossier.summary { li { (fact(f, &links)) } } }
        }
        @if !dossier.timeline.is_empty() {
            section {
                h2 { "Timeline" }
                (timeline_svg(&dossier.timeline, 900))
                ol.timeline {
                    @for event in &dossier.timeline {
                        li {
                            strong { (event_date(event.date, event.until, event.time_utc.as_deref())) }
                            " " (event.text) " " (badges(&event.outlets))
                        }
                    }
                }
            }
        }
        section {
            h2 { "Outlets side by side" }
            div.cols {
                @for source in &dossier.sources {
                    div.col {
                        h3 { (source.outlet) }
                        @for article in &source.articles {
                            @let title = article.title.as_deref().unwrap_or("(no headline)");
                            p {
                                @match href {
                                    Some(href) => a href=(href(&article.id)) { (title) },
                                    None => em { (title) },
                                }
                                @if let Some(day) = article.published { " " span.meta { (day) } }
                                @if let Some(group) = article.copy_group {
                                    " " span.badge.copy { "copy group " (group + 1) ": " (dossier.copy_groups.get(group).map_or("", |g| g.kind.as_str())) }
                                }
                            }
                        }
                        @if let Some(only) = dossier.only_in.iter().find(|o| o.outlet == source.outlet) {
                            p.meta { "Only here:" }
                            ul { @for f in only.facts.iter().take(4) { li { (f.text) } } }
                        }
                    }
                }
            }
        }
        @if !dossier.agreement.is_empty() {
            section {
                h2 { "Agreed by two or more independent reports" }
                ul { @for f in dossier.agreement.iter().take(20) { li { (fact(f, &links)) } } }
            }
        }
        @if !dossier.differences.is_empty() {
            section {
                h2 { "Figures that may differ" }
                ul.differences {
                    @for f in &dossier.differences {
                        li {
                            (fact(f, &links))
                            ul {
                                @for credit in f.credits.iter().filter(|c| c.differs) {
                                    li.differ { (credit.outlet) ": " span { (credit.text) } }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if !dossier.quotes.is_empty() {
            section {
                h2 { "Who said what" }
                @for group in &dossier.quotes {
                    div.quote-group {
                        h3 { (group.speaker) @if group.anonymous { " " span.meta { "(unnamed source)" } } }
                        @for wording in &group.wordings {
                            @let outlets: Vec<String> = wording.from.iter().map(|p| p.outlet.clone()).collect();
                            blockquote.(if wording.direct { "direct" } else { "reported" }) {
                                (wording.text) " " (badges(&outlets))
                            }
                        }
                    }
                }
            }
        }
        @if !dossier.quantities.is_empty() {
            section {
                h2 { "Figures" }
                table.figures {
                    thead { tr { th { "What is counted" } th { "Figure" } th { "As written" } th { "Source" } th { "Outlets" } } }
                    tbody {
                        @for claims in &dossier.quantities { (figure_rows(claims, &links)) }
                    }
                }
            }
        }
        @if !dossier.entities.is_empty() {
            section {
                h2 { "Names" }
                p.names {
                    @for entity in dossier.entities.iter().take(40) {
                        span.entity.(entity.kind.as_str()) title=(entity.variants.join(" / ")) { (entity.name) }
                        " "
                    }
                }
            }
        }
        section {
            h2 { "Sources" }
            ul.sources {
                @for source in &dossier.sources {
                    @for article in &source.articles {
                        @let title = article.title.as_deref().unwrap_or("(no headline)");
                        li {
                            (source.outlet) " · "
                            (article.published.map_or_else(|| "undated".to_string(), |d| d.to_string())) " · "
                            // Only web addresses become links; anything else ("javascript:") stays text.
                            @match article.url.as_deref().filter(|u| u.starts_with("https://") || u.starts_with("http://")) {
                                Some(url) => a href=(url) rel="noreferrer noopener" { (title) },
                                None => (title),
                            }
                            " " code { (article.id) }
                        }
                    }
                }
            }
        }
    }
}

fn badges(outlets: &[String], links: &HashMap<&str, String>) -> Markup {
    html! {
        @for outlet in outlets {
            @match links.get(outlet.as_str()) {
                Some(href) => a.badge href=(href) { (outlet) },
                None => span.badge { (outlet) },
            }
        }
    }
}

fn fact(fact: &Fact, links: &HashMap<&str, String>) -> Markup {
    html! { (fact.text) " " (badges(&fact.outlets, links)) }
}

fn figure_rows(claims: &QuantityClaims, links: &HashMap<&str, String>) -> Markup {
    html! {
        @for (i, claim) in claims.claims.iter().enumerate() {
            tr.(if claims.disagreement { "differ" } else { "same" }) {
                @if i == 0 {
                    th rowspan=(claims.claims.len()) {
                        (claims.counts)
                        @if claims.disagreement { br; span.differ { "the figures differ" } }
                    }
                }
                td.num { (value_text(claim)) }
                td { (claim.text) }
                td { (claim.source.as_deref().unwrap_or("no source given")) }
                td { (badges(&claim.outlets, links)) }
            }
        }
    }
}

/// A story's dated events on one axis, numbered; the numbers refer to the list printed under
/// it, so the timeline reads without the picture too.
pub fn timeline_svg(events: &[TimelineEvent], width: u32) -> Markup {
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

/// Text made safe anywhere in HTML: in element content and in quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in parallax_core::strip_control(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Who covered a story (see [`crate::perspective`]): by kind, country and lean, who was first,
/// which reports repeat another's copy; a warning when one side only covered it.
pub fn perspective_section(perspective: &crate::Perspective) -> Markup {
    let groups = |title: &str, groups: &[crate::Group]| {
        html! {
            @if !groups.is_empty() {
                tr {
                    th { (title) }
                    td {
                        @for (i, group) in groups.iter().enumerate() {
                            @if i > 0 { " · " }
                            strong { (group.label) } " " (group.outlets.len())
                            span.quiet { " (" (group.outlets.join(", ")) ")" }
                        }
                    }
                }
            }
        }
    };
    html! {
        section.perspective {
            h2 { "Who covered it" }
            @if let Some(warning) = &perspective.one_sided {
                p.warning { (warning) }
            }
            table.perspective {
                (groups("Kind", &perspective.by_kind))
                (groups("Country", &perspective.by_country))
                (groups("Lean", &perspective.by_lean))
                @if let Some((day, outlets)) = &perspective.first {
                    tr { th { "First" } td { (outlets.join(", ")) " on " (day.to_string()) } }
                }
                @if !perspective.repeats.is_empty() {
                    tr {
                        th { "Repeats" }
                        td {
                            @for (i, repeat) in perspective.repeats.iter().enumerate() {
                                @if i > 0 { " · " }
                                (repeat.outlet) " repeats " (repeat.of) " (" (repeat.kind) " copy"
                                @if !repeat.wire.is_empty() { ", credits " (repeat.wire.join(", ")) }
                                ")"
                            }
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::Provenance;

    #[test]
    fn timeline_numbers_events_and_escapes_their_text() {
        let event = |d: &str, text: &str| TimelineEvent {
            date: d.parse().expect("a test day"),
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
        let svg = timeline_svg(&events, 600).into_string();
        assert_eq!(svg.matches("<circle").count(), 3);
        assert!(svg.contains("&lt;script&gt;"), "{svg}");
        assert!(!svg.contains("<script>"), "{svg}");
    }
}
