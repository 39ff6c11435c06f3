//! A story's sources for use elsewhere: a CSV table (one row per article) and a citation list.

use crate::Dossier;

/// Makes a cell safe to open in a spreadsheet: text that starts like a formula (`=`, `+`, `-`,
/// `@`, a tab or a carriage return, after any spaces) gets a leading apostrophe, so it is
/// shown, not run.
fn cell(text: &str) -> String {
    match text.trim_start_matches(' ').chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// The story's articles as CSV with a header row: outlet, headline, url, published, copy
/// group (its number and kind, empty when the article is no copy), article id. Outlets in the
/// dossier's order, each outlet's articles in its order.
pub fn to_csv(dossier: &Dossier) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header = ["outlet", "headline", "url", "published", "copy_group", "article"];
    // Writing to memory fails only on a broken invariant of the csv crate: such rows are left out.
    let _ = writer.write_record(header);
    for source in &dossier.sources {
        for article in &source.articles {
            let group = article.copy_group.and_then(|number| {
                let kind = dossier.copy_groups.get(number)?.kind.as_str();
                Some(format!("{} ({kind})", number + 1))
            });
            let published = article.published.map(|day| day.to_string());
            let _ = writer.write_record([
                cell(&source.outlet),
                cell(article.title.as_deref().unwrap_or("")),
                cell(article.url.as_deref().unwrap_or("")),
                published.unwrap_or_default(),
                group.unwrap_or_default(),
                article.id.clone(),
            ]);
        }
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

/// A copy-ready list of the story's sources, one numbered line per article: outlet, headline in
/// quotes, publication day, address. Articles are listed as the dossier lists its outlets.
pub fn to_citations(dossier: &Dossier) -> String {
    // One line per source, whatever a headline holds.
    let line = |text: &str| text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = format!(
        "Sources for \u{201c}{}\u{201d} (story {}):\n",
        line(&dossier.headline),
        dossier.story
    );
    let mut number = 0;
    for source in &dossier.sources {
        for article in &source.articles {
            number += 1;
            let mut entry = format!("{number}. {}", line(&source.outlet));
            if let Some(title) = &article.title {
                entry.push_str(&format!(", \u{201c}{}\u{201d}", line(title)));
            }
            if let Some(day) = article.published {
                entry.push_str(&format!(", {day}"));
            }
            if let Some(url) = &article.url {
                entry.push_str(&format!(". {}", line(url)));
            }
            out.push_str(&entry);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CopyGroupView, Source, SourceArticle};
    use parallax_core::CopyKind;

    fn dossier() -> Dossier {
        let article =
            |id: &str, title: &str, url: Option<&str>, group: Option<usize>| SourceArticle {
                id: id.into(),
                title: Some(title.into()),
                url: url.map(str::to_string),
                published: chrono::NaiveDate::from_ymd_opt(2025, 3, 12),
                copy_group: group,
            };
        let mut dossier: Dossier = serde_json::from_value(serde_json::json!({
            "story": "s1", "headline": "Dock strike, day three", "summary": [], "agreement": [],
            "only_in": [], "quotes": [], "quantities": [], "timeline": [], "entities": [],
            "sources": [], "copy_groups": [], "articles_left_out": 0
        }))
        .expect("a dossier");
        dossier.sources = vec![
            Source {
                outlet: "Harbour Herald".into(),
                articles: vec![article(
                    "a1",
                    "Strike, \"day three\"",
                    Some("https://h.example/1"),
                    Some(0),
                )],
            },
            Source {
                outlet: "=HYPERLINK(\"evil\")".into(),
                articles: vec![article("b2", "Ships\nwait", None, Some(0))],
            },
        ];
        dossier.copy_groups = vec![CopyGroupView {
            articles: vec!["a1".into(), "b2".into()],
            kind: CopyKind::Near,
            wire: vec![],
        }];
        dossier
    }

    #[test]
    fn csv_quotes_fields_and_defuses_formulas() {
        let csv = to_csv(&dossier());
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("outlet,headline,url,published,copy_group,article"));
        assert_eq!(
            lines.next(),
            Some(
                "Harbour Herald,\"Strike, \"\"day three\"\"\",https://h.example/1,2025-03-12,1 (near),a1"
            )
        );
        assert_eq!(lines.next(), Some("\"'=HYPERLINK(\"\"evil\"\")\",\"Ships"));
        assert_eq!(lines.next(), Some("wait\",,2025-03-12,1 (near),b2"), "a newline stays quoted");
        assert_eq!(lines.next(), None);
        assert_eq!(cell("  =1+1"), "'  =1+1");
    }

    #[test]
    fn citations_number_every_article() {
        let text = to_citations(&dossier());
        assert_eq!(
            text,
            "Sources for \u{201c}Dock strike, day three\u{201d} (story s1):\n\
             1. Harbour Herald, \u{201c}Strike, \"day three\"\u{201d}, 2025-03-12. https://h.example/1\n\
             2. =HYPERLINK(\"evil\"), \u{201c}Ships wait\u{201d}, 2025-03-12\n"
        );
    }
}
