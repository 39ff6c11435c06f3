//! A dossier as terminal text (100 columns) and as Markdown.

use std::fmt::Write;

use crate::dossier::{Claim, Dossier, Fact, QuantityClaims};

/// The width terminal text is wrapped to.
const WIDTH: usize = 100;
/// How many agreed facts, quote groups and figures the short formats list.
const LIST: usize = 12;

/// A dossier as plain text for a terminal, wrapped at 100 columns.
pub fn to_text(dossier: &Dossier) -> String {
    let mut out = String::new();
    line(&mut out, &dossier.headline, "", "");
    let _ = writeln!(out, "{}", "=".repeat(dossier.headline.chars().count().min(WIDTH)));
    line(&mut out, &format!("story {}: {}", dossier.story, dossier.outlets_line()), "", "");
    if dossier.articles_left_out > 0 {
        let left_out = dossier.articles_left_out;
        line(
            &mut out,
            &format!("(read from a selection: {left_out} more article(s) not read)"),
            "",
            "",
        );
    }
    heading(&mut out, "What happened");
    for fact in &dossier.summary {
        line(&mut out, &format!("{} [{}]", fact.text, fact.outlets.join(", ")), "- ", "  ");
    }
    if !dossier.agreement.is_empty() {
        heading(&mut out, "Agreed by two or more independent reports");
        for fact in dossier.agreement.iter().take(LIST) {
            line(&mut out, &format!("{} [{}]", fact.text, fact.outlets.join(", ")), "- ", "  ");
        }
    }
    if !dossier.differences.is_empty() {
        heading(&mut out, "Figures that may differ");
        for fact in &dossier.differences {
            line(&mut out, &format!("{} [{}]", fact.text, fact.outlets.join(", ")), "- ", "  ");
            for credit in fact.credits.iter().filter(|c| c.differs) {
                let evidence = &credit.text;
                line(&mut out, &format!("{}: {evidence}", credit.outlet), "  ≠ ", "    ");
            }
        }
    }
    if !dossier.only_in.is_empty() {
        heading(&mut out, "Only in one outlet");
        for only in &dossier.only_in {
            line(&mut out, &format!("{}:", only.outlet), "", "");
            for fact in only.facts.iter().take(3) {
                line(&mut out, &fact.text, "  - ", "    ");
            }
        }
    }
    if !dossier.quotes.is_empty() {
        heading(&mut out, "Who said what");
        for group in dossier.quotes.iter().take(LIST) {
            let who = if group.anonymous {
                format!("{} (unnamed)", group.speaker)
            } else {
                group.speaker.clone()
            };
            line(&mut out, &format!("{who} [{}]", group.outlets.join(", ")), "", "");
            for wording in &group.wordings {
                let outlets: Vec<&str> = wording.from.iter().map(|p| p.outlet.as_str()).collect();
                line(
                    &mut out,
                    &format!("{} ({})", quoted(&wording.text, wording.direct), outlets.join(", ")),
                    "  - ",
                    "    ",
                );
            }
        }
    }
    if !dossier.quantities.is_empty() {
        heading(&mut out, "Figures");
        for claims in dossier.quantities.iter().take(LIST) {
            let flag = if claims.disagreement { "  (the figures differ)" } else { "" };
            line(&mut out, &format!("{}{flag}", claims.counts), "", "");
            for claim in &claims.claims {
                line(&mut out, &claim_line(claim), "  - ", "    ");
            }
        }
    }
    if !dossier.timeline.is_empty() {
        heading(&mut out, "Timeline");
        for event in &dossier.timeline {
            let when = event_date(event.date, event.until, event.time_utc.as_deref());
            line(
                &mut out,
                &format!("{when}  {} [{}]", event.text, event.outlets.join(", ")),
                "",
                "    ",
            );
        }
    }
    if !dossier.entities.is_empty() {
        heading(&mut out, "Names");
        let names: Vec<String> =
            dossier.entities.iter().map(|e| format!("{} ({})", e.name, e.kind)).collect();
        line(&mut out, &names.join(", "), "", "");
    }
    heading(&mut out, "Sources");
    for source in &dossier.sources {
        for article in &source.articles {
            let copy = article
                .copy_group
                .map(|g| format!("  [copy group {}: {}]", g + 1, dossier.copy_groups[g].kind))
                .unwrap_or_default();
            let date =
                article.published.map(|d| d.to_string()).unwrap_or_else(|| "undated".to_string());
            let title = article.title.as_deref().unwrap_or("(no headline)");
            line(
                &mut out,
                &format!("{}  {date}  {title}  ({}){copy}", source.outlet, article.id),
                "- ",
                "  ",
            );
        }
    }
    out
}

/// A dossier as Markdown.
pub fn to_markdown(dossier: &Dossier) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", markdown(&dossier.headline));
    let _ = writeln!(out, "Story `{}`, {}\n", dossier.story, markdown(&dossier.outlets_line()));
    let _ = writeln!(out, "## What happened\n");
    for fact in &dossier.summary {
        let _ = writeln!(out, "- {} {}", markdown(&fact.text), badges(fact));
    }
    let _ = writeln!(out, "\n## Agreed by two or more independent reports\n");
    for fact in dossier.agreement.iter().take(LIST) {
        let _ = writeln!(out, "- {} {}", markdown(&fact.text), badges(fact));
    }
    if !dossier.differences.is_empty() {
        let _ = writeln!(out, "\n## Figures that may differ\n");
        for fact in &dossier.differences {
            let _ = writeln!(out, "- {} {}", markdown(&fact.text), badges(fact));
            for credit in fact.credits.iter().filter(|c| c.differs) {
                let evidence = &credit.text;
                let _ = writeln!(
                    out,
                    "  - ≠ `{}`: {}",
                    credit.outlet.replace('`', "'"),
                    markdown(evidence)
                );
            }
        }
    }
    let _ = writeln!(out, "\n## Only in one outlet\n");
    for only in &dossier.only_in {
        let _ = writeln!(out, "**{}**\n", markdown(&only.outlet));
        for fact in only.facts.iter().take(3) {
            let _ = writeln!(out, "- {}", markdown(&fact.text));
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Who said what\n");
    for group in dossier.quotes.iter().take(LIST) {
        let unnamed = if group.anonymous { " (unnamed source)" } else { "" };
        let _ = writeln!(out, "**{}**{unnamed}\n", markdown(&group.speaker));
        for wording in &group.wordings {
            let outlets: Vec<String> = wording.from.iter().map(|p| markdown(&p.outlet)).collect();
            let _ = writeln!(
                out,
                "- {} — {}",
                markdown(&quoted(&wording.text, wording.direct)),
                outlets.join(", ")
            );
        }
        out.push('\n');
    }
    if !dossier.quantities.is_empty() {
        let _ = writeln!(out, "## Figures\n");
        for claims in dossier.quantities.iter().take(LIST) {
            figures_table(&mut out, claims);
        }
    }
    if !dossier.timeline.is_empty() {
        let _ = writeln!(out, "## Timeline\n");
        for event in &dossier.timeline {
            let when = event_date(event.date, event.until, event.time_utc.as_deref());
            let _ = writeln!(
                out,
                "- **{when}** {} ({})",
                markdown(&event.text),
                event.outlets.iter().map(|o| markdown(o)).collect::<Vec<_>>().join(", ")
            );
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Sources\n");
    for source in &dossier.sources {
        for article in &source.articles {
            let copy = article
                .copy_group
                .map(|g| format!(" — copy group {} ({})", g + 1, dossier.copy_groups[g].kind))
                .unwrap_or_default();
            let title = markdown(article.title.as_deref().unwrap_or("(no headline)"));
            let _ =
                writeln!(out, "- {}: {title} (`{}`){copy}", markdown(&source.outlet), article.id);
        }
    }
    out
}

fn figures_table(out: &mut String, claims: &QuantityClaims) {
    let flag = if claims.disagreement { " — the figures differ" } else { "" };
    let _ = writeln!(out, "**{}**{flag}\n", markdown(&claims.counts));
    let _ = writeln!(out, "| figure | as written | source | outlets |\n|---|---|---|---|");
    for claim in &claims.claims {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            value_text(claim),
            markdown(&claim.text),
            markdown(claim.source.as_deref().unwrap_or("-")),
            claim.outlets.iter().map(|o| markdown(o)).collect::<Vec<_>>().join(", ")
        );
    }
    out.push('\n');
}

/// A claim on one line: qualifier, value, unit, then source and outlets.
pub(crate) fn claim_line(claim: &Claim) -> String {
    let source = claim.source.as_deref().map(|s| format!(", according to {s}")).unwrap_or_default();
    format!("{} (\"{}\"){source} [{}]", value_text(claim), claim.text, claim.outlets.join(", "))
}

/// A value as a reader writes it: "about 70,000", "12.5 %".
/// A figure as a reader writes it: qualifier, value with thousands separators, unit
/// ("about 94,000 troops").
pub fn value_text(claim: &Claim) -> String {
    let qualifier =
        if claim.qualifier == "exact" { String::new() } else { format!("{} ", claim.qualifier) };
    let unit = claim.unit.as_deref().map(|u| format!(" {u}")).unwrap_or_default();
    format!("{qualifier}{}{unit}", group_digits(claim.value))
}

/// A number with thousands separators and at most two decimals.
pub(crate) fn group_digits(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value:.2}").trim_end_matches('0').trim_end_matches('.').to_string();
    }
    let digits = format!("{}", value.abs() as u64);
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if value < 0.0 { format!("-{grouped}") } else { grouped }
}

/// When a timeline event happened: a day, a period or a day and time.
pub fn event_date(
    date: chrono::NaiveDate,
    until: Option<chrono::NaiveDate>,
    time: Option<&str>,
) -> String {
    match (until, time) {
        (Some(end), _) => format!("{date} to {end}"),
        (None, Some(time)) => format!("{date} {time} UTC"),
        (None, None) => date.to_string(),
    }
}

fn quoted(text: &str, direct: bool) -> String {
    if direct { format!("\u{201c}{text}\u{201d}") } else { text.to_string() }
}

fn heading(out: &mut String, title: &str) {
    let _ = writeln!(out, "\n{title}\n{}", "-".repeat(title.chars().count()));
}

/// Appends `text` wrapped at [`WIDTH`], the first line after `first`, the rest after `rest`.
fn line(out: &mut String, text: &str, first: &str, rest: &str) {
    let options = textwrap::Options::new(WIDTH).initial_indent(first).subsequent_indent(rest);
    for wrapped in textwrap::wrap(&parallax_core::strip_control(text), options) {
        let _ = writeln!(out, "{wrapped}");
    }
}

fn badges(fact: &Fact) -> String {
    let outlets: Vec<String> =
        fact.outlets.iter().map(|o| format!("`{}`", o.replace('`', "'"))).collect();
    outlets.join(" ")
}

/// Text made inert in Markdown: characters that would start markup are escaped, and HTML tags
/// can never form.
pub(crate) fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in parallax_core::strip_control(text).chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '(' | ')' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Who covered a story, as text for a terminal (see [`crate::perspective`]).
pub fn perspective_text(perspective: &crate::Perspective) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "Who covered it\n--------------");
    if let Some(warning) = &perspective.one_sided {
        let _ = writeln!(out, "! {warning}");
    }
    for (title, groups) in [
        ("kind", &perspective.by_kind),
        ("country", &perspective.by_country),
        ("lean", &perspective.by_lean),
    ] {
        if groups.is_empty() {
            continue;
        }
        let parts: Vec<String> = groups
            .iter()
            .map(|g| format!("{} {} ({})", g.label, g.outlets.len(), g.outlets.join(", ")))
            .collect();
        line(&mut out, &format!("{title}: {}", parts.join("; ")), "", "  ");
    }
    if let Some((day, outlets)) = &perspective.first {
        line(&mut out, &format!("first: {} on {day}", outlets.join(", ")), "", "  ");
    }
    for repeat in &perspective.repeats {
        let wire = if repeat.wire.is_empty() {
            String::new()
        } else {
            format!(", credits {}", repeat.wire.join(", "))
        };
        let text = format!("{} repeats {} ({} copy{wire})", repeat.outlet, repeat.of, repeat.kind);
        line(&mut out, &text, "repeat: ", "  ");
    }
    out
}
