//! The analysis of the reference story, `../shared/seeds`, read the way parallax reads any
//! text file (extraction first). Skips when `../shared` is absent.

use std::path::PathBuf;

use chrono::NaiveDate;
use parallax_analyze::{Analysis, Entities, Speaker, TimeValue, analyze, merge_entities};
use parallax_core::{ContentType, Document, Origin};

/// Each seed as (file-name prefix, analysed text, analysis), anchored at its own date or, for
/// an undated one, at the earliest date another article of the story gives.
fn seeds() -> Option<Vec<(String, String, Analysis)>> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/seeds");
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).ok()?.flatten().map(|e| e.path()).collect();
    paths.sort();
    let articles: Vec<(String, parallax_core::Article)> = paths
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path).expect("a readable seed");
            let document = Document::new(Origin::Stdin, ContentType::PlainText, bytes);
            let name = path.file_name().expect("a name").to_string_lossy()[..4].to_string();
            (name, parallax_extract::extract(&document).expect("an article"))
        })
        .collect();
    let story_date =
        articles.iter().filter_map(|(_, a)| a.published.as_ref().map(|p| p.date())).min();
    Some(
        articles
            .into_iter()
            .map(|(name, article)| {
                let text = format!(
                    "{}\n\n{}",
                    article.title.clone().unwrap_or_default(),
                    article.body_text()
                );
                let anchor = article.published.as_ref().map(|p| p.date()).or(story_date);
                let analysis = analyze(&text, anchor);
                (name, text, analysis)
            })
            .collect(),
    )
}

fn speaker_name(analysis: &Analysis, speaker: &Speaker) -> String {
    match speaker {
        Speaker::Entity(i) => analysis.entities.entities[*i].name.clone(),
        Speaker::Anonymous(words) => words.clone(),
        Speaker::Unknown => String::new(),
    }
}

#[test]
fn the_troop_figures_come_with_the_source_the_text_gives() {
    let Some(seeds) = seeds() else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    // (seed, value, what it counts, words of its source)
    let cases = [
        ("001_", 70_000.0, "troops", "Biden administration official"),
        ("001_", 94_300.0, "troops", "Reznikov"),
        ("004_", 94_000.0, "troops", "US officials"),
        ("004_", 175_000.0, "troops", "US officials"),
    ];
    let mut failures = Vec::new();
    for (prefix, value, counted, source) in cases {
        let (_, text, analysis) = seeds.iter().find(|(name, ..)| name == prefix).expect("the seed");
        let figure = analysis.figures.iter().find(|f| f.quantity.value == value);
        let Some(figure) = figure else {
            failures.push(format!("{prefix} {value}: not found"));
            continue;
        };
        let counts =
            figure.quantity.counted.clone().map(|c| text[c].to_string()).unwrap_or_default();
        let speaker = speaker_name(analysis, &figure.speaker);
        if !counts.contains(counted) || !speaker.contains(source) {
            failures.push(format!("{prefix} {value}: counts {counts:?}, source {speaker:?}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_call_is_dated_and_timed() {
    let Some(seeds) = seeds() else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    let tuesday = NaiveDate::from_ymd_opt(2021, 12, 7).expect("a date");
    for prefix in ["000_", "001_", "003_", "004_"] {
        let (_, text, analysis) = seeds.iter().find(|(name, ..)| name == prefix).expect("the seed");
        let days: Vec<String> = analysis
            .times
            .iter()
            .filter(|t| match t.value {
                TimeValue::Day(day) => day == tuesday,
                TimeValue::Instant(at) => at.date_naive() == tuesday,
                TimeValue::Local(at) => at.date() == tuesday,
                _ => false,
            })
            .map(|t| text[t.span.clone()].to_string())
            .collect();
        assert!(days.iter().any(|d| d.contains("Tuesday")), "{prefix}: {:?}", analysis.times);
    }
    let (_, _, first) = seeds.iter().find(|(name, ..)| name == "000_").expect("the seed");
    let instants: Vec<String> = first
        .times
        .iter()
        .filter_map(|t| match t.value {
            TimeValue::Instant(at) => Some(at.with_timezone(&chrono::Utc).to_rfc3339()),
            _ => None,
        })
        .collect();
    assert!(instants.contains(&"2021-12-07T15:00:00+00:00".to_string()), "{instants:?}");
}

#[test]
fn statements_are_given_to_the_people_who_made_them() {
    let Some(seeds) = seeds() else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    // (seed, words of the statement, the speaker's entity name)
    let cases = [
        ("000_", "red lines", "Joe Biden"),
        ("001_", "red line", "Joe Biden"),
        ("004_", "red lines", "Joe Biden"),
        ("002_", "breakthroughs", "Dmitry Peskov"),
        ("004_", "sorry state", "Dmitri Peskov"),
        ("004_", "tension around Ukraine", "Dmitri Peskov"),
        ("000_", "The only thing they can probably agree on", "Andrey Kortunov"),
        ("004_", "The only thing they can probably agree on", "Andrey Kortunov"),
        ("004_", "no one to rely on", "Ruslan Lapuk"),
    ];
    let mut failures = Vec::new();
    for (prefix, words, name) in cases {
        let (_, text, analysis) = seeds.iter().find(|(n, ..)| n == prefix).expect("the seed");
        let quote =
            analysis.quotes.iter().find(|q| text[q.attribution.content.clone()].contains(words));
        let speaker = quote.map(|q| speaker_name(analysis, &q.speaker));
        if speaker.as_deref() != Some(name) {
            failures.push(format!("{prefix} {words:?}: {speaker:?}, want {name}"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn spellings_of_one_name_are_one_entity_across_the_story() {
    let Some(seeds) = seeds() else {
        eprintln!("skipped: ../shared/seeds is absent");
        return;
    };
    let lists: Vec<&Entities> = seeds.iter().map(|(_, _, a)| &a.entities).collect();
    let merged = merge_entities(&lists);
    for variants in [
        &["Dmitry Peskov", "Dmitri Peskov", "Peskov"][..],
        &["Volodymyr Zelenskyy", "Volodimir Zelenski", "Zelenskyy"],
        &["Joe Biden", "Biden"],
        &["Kiev"],
    ] {
        let holders: Vec<&str> = merged
            .iter()
            .filter(|m| m.variants.iter().any(|v| variants.contains(&v.as_str())))
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(holders.len(), 1, "{variants:?} are in {holders:?}: {merged:#?}");
        let entity = merged.iter().find(|m| m.name == holders[0]).expect("the entity");
        for variant in variants {
            assert!(
                entity.variants.iter().any(|v| v == variant),
                "{variant} not in {:?}",
                entity.variants
            );
        }
    }
    let kyiv = merged.iter().find(|m| m.variants.contains(&"Kiev".to_string())).expect("Kiev");
    assert_eq!(kyiv.name, "Kyiv");
}
