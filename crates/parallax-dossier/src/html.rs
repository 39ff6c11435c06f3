//! A dossier as a standalone HTML report: no scripts, no external assets, every piece of
//! article text escaped.

use std::fmt::Write;

use crate::dossier::{Dossier, Fact, QuantityClaims};
use crate::render::{event_date, value_text};

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:72rem;margin:2rem auto;padding:0 1rem;color:#1d1d1f}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{margin-top:2rem;border-bottom:1px solid #ddd}\
.meta{color:#666}.badge{display:inline-block;background:#eef2f7;border-radius:.6rem;padding:0 .5rem;margin:0 .2rem;font-size:.8rem;color:#234}\
.cols{display:grid;grid-template-columns:repeat(auto-fit,minmax(16rem,1fr));gap:1rem}\
.col{border:1px solid #ddd;border-radius:.4rem;padding:.6rem}.col h3{margin:.2rem 0;font-size:1rem}\
blockquote{margin:.3rem 0 .3rem 1rem;border-left:3px solid #bbb;padding-left:.6rem}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;text-align:left}\
.differ{color:#a33;font-weight:600}svg text{font:12px system-ui,sans-serif}";

/// A dossier as one HTML page that a browser shows without fetching anything.
pub fn to_html(dossier: &Dossier) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head><body>\n",
        escape(&dossier.headline)
    );
    let _ = writeln!(out, "<h1>{}</h1>", escape(&dossier.headline));
    let outlets: Vec<String> = dossier.sources.iter().map(|s| escape(&s.outlet)).collect();
    let _ = writeln!(
        out,
        "<p class=\"meta\">Story {} &middot; {} outlet(s): {}</p>",
        escape(&dossier.story),
        outlets.len(),
        outlets.join(", ")
    );
    let _ = writeln!(out, "<h2>What happened</h2><ul>");
    for fact in &dossier.summary {
        let _ = writeln!(out, "<li>{}</li>", fact_html(fact));
    }
    let _ = writeln!(out, "</ul><h2>Agreed by two or more independent reports</h2><ul>");
    for fact in dossier.agreement.iter().take(20) {
        let _ = writeln!(out, "<li>{}</li>", fact_html(fact));
    }
    let _ = writeln!(out, "</ul><h2>Outlets side by side</h2><div class=\"cols\">");
    side_by_side(&mut out, dossier);
    let _ = writeln!(out, "</div><h2>Who said what</h2>");
    for group in &dossier.quotes {
        let unnamed =
            if group.anonymous { " <span class=\"meta\">(unnamed source)</span>" } else { "" };
        let _ = writeln!(out, "<h3>{}{unnamed}</h3>", escape(&group.speaker));
        for wording in &group.wordings {
            let outlets: Vec<String> = wording.from.iter().map(|p| badge(&p.outlet)).collect();
            let _ = writeln!(
                out,
                "<blockquote>{} {}</blockquote>",
                escape(&wording.text),
                outlets.join("")
            );
        }
    }
    if !dossier.quantities.is_empty() {
        let _ = writeln!(out, "<h2>Figures</h2>");
        for claims in &dossier.quantities {
            figures(&mut out, claims);
        }
    }
    if !dossier.timeline.is_empty() {
        let _ = writeln!(out, "<h2>Timeline</h2><ul>");
        for event in &dossier.timeline {
            let when = event_date(event.date, event.until, event.time_utc.as_deref());
            let outlets: Vec<String> = event.outlets.iter().map(|o| badge(o)).collect();
            let _ = writeln!(
                out,
                "<li><strong>{}</strong> {} {}</li>",
                escape(&when),
                escape(&event.text),
                outlets.join("")
            );
        }
        let _ = writeln!(out, "</ul>");
    }
    let _ = writeln!(out, "<h2>Names</h2><p>");
    let names: Vec<String> = dossier
        .entities
        .iter()
        .map(|e| format!("{} <span class=\"meta\">{}</span>", escape(&e.name), escape(&e.kind)))
        .collect();
    let _ = writeln!(out, "{}</p>", names.join(", "));
    sources(&mut out, dossier);
    out.push_str("</body></html>\n");
    out
}

/// One column per outlet: its articles and what only it reported.
fn side_by_side(out: &mut String, dossier: &Dossier) {
    for source in &dossier.sources {
        let _ = writeln!(out, "<div class=\"col\"><h3>{}</h3>", escape(&source.outlet));
        for article in &source.articles {
            let title = article.title.as_deref().unwrap_or("(no headline)");
            let copy = article
                .copy_group
                .map(|g| {
                    format!(
                        " <span class=\"badge\">copy group {}: {}</span>",
                        g + 1,
                        escape(dossier.copy_groups[g].kind.as_str())
                    )
                })
                .unwrap_or_default();
            let _ = writeln!(out, "<p><em>{}</em>{copy}</p>", escape(title));
        }
        if let Some(only) = dossier.only_in.iter().find(|o| o.outlet == source.outlet) {
            let _ = writeln!(out, "<p class=\"meta\">Only here:</p><ul>");
            for fact in only.facts.iter().take(4) {
                let _ = writeln!(out, "<li>{}</li>", escape(&fact.text));
            }
            let _ = writeln!(out, "</ul>");
        }
        let _ = writeln!(out, "</div>");
    }
}

/// A table of one thing's figures and a bar chart of their values as inline SVG.
fn figures(out: &mut String, claims: &QuantityClaims) {
    let flag =
        if claims.disagreement { " <span class=\"differ\">the figures differ</span>" } else { "" };
    let _ = writeln!(out, "<h3>{}{flag}</h3>", escape(&claims.counts));
    let largest =
        claims.claims.iter().map(|c| c.value).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    let height = 22 * claims.claims.len() + 4;
    let _ = writeln!(
        out,
        "<svg width=\"560\" height=\"{height}\" role=\"img\" aria-label=\"figures for {}\">",
        escape(&claims.counts)
    );
    for (i, claim) in claims.claims.iter().enumerate() {
        let width = (claim.value / largest * 300.0).clamp(1.0, 300.0);
        let y = 22 * i + 2;
        let label = format!(
            "{} — {}",
            value_text(claim),
            claim.source.as_deref().unwrap_or("no source given")
        );
        let _ = writeln!(
            out,
            "<rect x=\"0\" y=\"{y}\" width=\"{width:.1}\" height=\"16\" fill=\"#5b84b1\"></rect><text x=\"{:.1}\" y=\"{}\">{}</text>",
            width + 6.0,
            y + 13,
            escape(&label)
        );
    }
    let _ = writeln!(
        out,
        "</svg><table><tr><th>figure</th><th>as written</th><th>source</th><th>outlets</th></tr>"
    );
    for claim in &claims.claims {
        let outlets: Vec<String> = claim.outlets.iter().map(|o| badge(o)).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&value_text(claim)),
            escape(&claim.text),
            escape(claim.source.as_deref().unwrap_or("-")),
            outlets.join("")
        );
    }
    let _ = writeln!(out, "</table>");
}

fn sources(out: &mut String, dossier: &Dossier) {
    let _ = writeln!(out, "<h2>Sources</h2><ul>");
    for source in &dossier.sources {
        for article in &source.articles {
            let title = escape(article.title.as_deref().unwrap_or("(no headline)"));
            // Only web addresses become links; anything else ("javascript:") stays text.
            let linked = match article.url.as_deref() {
                Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
                    format!("<a href=\"{}\" rel=\"noreferrer noopener\">{title}</a>", escape(url))
                }
                _ => title,
            };
            let date =
                article.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".to_string());
            let _ = writeln!(
                out,
                "<li>{} &middot; {date} &middot; {linked} <code>{}</code></li>",
                escape(&source.outlet),
                escape(&article.id)
            );
        }
    }
    let _ = writeln!(out, "</ul>");
}

fn fact_html(fact: &Fact) -> String {
    let outlets: Vec<String> = fact.outlets.iter().map(|o| badge(o)).collect();
    format!("{} {}", escape(&fact.text), outlets.join(""))
}

fn badge(outlet: &str) -> String {
    format!("<span class=\"badge\">{}</span>", escape(outlet))
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
