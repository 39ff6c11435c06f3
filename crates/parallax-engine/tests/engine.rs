//! The engine end to end on a real store: what an ingest stores and derives, what a later
//! ingest touches, and that the assigner's state survives a restart.

use parallax_core::{ContentType, Document, Origin};
use parallax_engine::{Engine, EngineConfig, Outcome, Quiet};
use parallax_ingest::Entry;

/// An invented JSON record as a document.
fn record(id: &str, source: &str, title: &str, text: &str, day: &str) -> Entry {
    let json = serde_json::json!({
        "id": id, "source": source, "title": title, "text": text, "published": day,
    });
    let origin = Origin::Line { path: "invented.jsonl".into(), line: id.len() as u64 };
    let document = Document::new(origin, ContentType::JsonRecord, json.to_string().into_bytes());
    Entry { item: Ok(document), bytes: 0 }
}

fn bridge(id: &str, source: &str, day: &str) -> Entry {
    record(
        id,
        source,
        "Portvale harbour bridge closed for cable repairs",
        "The Portvale harbour bridge closed on Monday for urgent repairs to its suspension \
         cables, the city council said. Engineers found corrosion on two of the main cables \
         during an inspection last week, council engineer Tomas Berg told reporters.",
        day,
    )
}

fn festival(id: &str, source: &str, day: &str) -> Entry {
    record(
        id,
        source,
        "Greenmoor orchard festival draws record crowds",
        "Thousands of visitors came to the apple orchard festival in Greenmoor on Saturday, \
         organisers said. The festival's cider tent ran out of stock by noon, festival director \
         Lena Vos said, and the village car parks were full by ten.",
        day,
    )
}

fn config() -> EngineConfig {
    EngineConfig { search: false, ..EngineConfig::default() }
}

#[test]
fn an_article_that_joins_a_story_rebuilds_only_that_dossier() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    let first = engine
        .ingest(
            [
                bridge("a", "Harbour Herald", "2025-03-10"),
                festival("b", "Valley Courier", "2025-03-09"),
            ],
            &mut Quiet,
        )
        .expect("ingest");
    assert_eq!((first.added(), first.derived, first.dossiers), (2, 2, 2));
    assert_eq!(engine.stories().expect("stories").len(), 2);

    let second =
        engine.ingest([bridge("c", "Coastal Post", "2025-03-10")], &mut Quiet).expect("ingest");
    assert_eq!((second.added(), second.derived, second.dossiers), (1, 1, 1));
    let stories = engine.stories().expect("stories");
    assert_eq!(stories.len(), 2);
    let bridge_story = stories.iter().find(|s| s.articles == 2).expect("the bridge story grew");
    let view =
        engine.story(&bridge_story.id.as_str()[..6]).expect("read").expect("found by prefix");
    assert_eq!(view.dossier.sources.len(), 2, "both outlets in the stored dossier");

    // The article reads back with its stored analysis and story.
    let Outcome::Added { article } = &second.items[0].outcome else { panic!("added") };
    let read = engine.article(article.as_str()).expect("read").expect("found");
    assert_eq!(read.story.as_ref(), Some(&bridge_story.id));
    assert!(read.analysis.entities.entities.iter().any(|e| e.name == "Tomas Berg"));

    // The same input again changes nothing.
    let again =
        engine.ingest([bridge("c", "Coastal Post", "2025-03-10")], &mut Quiet).expect("ingest");
    assert_eq!((again.added(), again.already_present(), again.dossiers), (0, 1, 0));
}

#[test]
fn the_assigner_carries_on_after_a_restart_with_or_without_its_checkpoint() {
    let batches = || {
        [
            [
                bridge("a", "Harbour Herald", "2025-03-10"),
                festival("b", "Valley Courier", "2025-03-09"),
            ],
            [
                bridge("c", "Coastal Post", "2025-03-10"),
                festival("d", "Daily Meridian", "2025-03-09"),
            ],
            [
                bridge("e", "Eastgate Times", "2025-03-11"),
                festival("f", "Northline News", "2025-03-10"),
            ],
        ]
    };
    let run = |drop_checkpoint: bool| {
        let dir = tempfile::tempdir().expect("temp dir");
        for batch in batches() {
            // A new engine per batch: a process per ingest, as on the command line.
            let mut engine = Engine::open(dir.path(), config()).expect("engine");
            engine.ingest(batch, &mut Quiet).expect("ingest");
            if drop_checkpoint {
                std::fs::remove_file(dir.path().join("assigner.checkpoint")).expect("a checkpoint");
            }
        }
        let engine = Engine::open(dir.path(), config()).expect("engine");
        let mut stories: Vec<(String, u64)> = engine
            .stories()
            .expect("stories")
            .into_iter()
            .map(|s| (s.id.as_str().to_string(), s.articles))
            .collect();
        stories.sort();
        stories
    };
    let kept = run(false);
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert_eq!(kept.iter().map(|s| s.1).sum::<u64>(), 6);
    assert_eq!(run(true), kept, "replaying the store gives the same stories");
}

#[test]
fn bad_items_are_outcomes_and_the_rest_is_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    let binary = Document::new(
        Origin::File { path: "noise.txt".into() },
        ContentType::PlainText,
        vec![0, 159, 146, 150, 0, 0, 1, 2, 3, 0, 0, 255],
    );
    let report = engine
        .ingest(
            [Entry { item: Ok(binary), bytes: 12 }, bridge("a", "Harbour Herald", "2025-03-10")],
            &mut Quiet,
        )
        .expect("ingest");
    assert!(matches!(report.items[0].outcome, Outcome::Failed { .. }), "{:?}", report.items[0]);
    assert!(report.failures()[0].starts_with("noise.txt: "), "{:?}", report.failures());
    assert_eq!(report.added(), 1);
    assert_eq!(engine.stories().expect("stories").len(), 1);
}

#[test]
fn stories_made_with_other_grouping_settings_are_placed_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    engine
        .ingest(
            [
                bridge("a", "Harbour Herald", "2025-03-10"),
                record(
                    "c",
                    "Coastal Post",
                    "Portvale harbour bridge shut as cables corrode",
                    "Engineers shut the Portvale harbour bridge on Monday after an inspection \
                     found corrosion on its suspension cables, council engineer Tomas Berg said.",
                    "2025-03-10",
                ),
                festival("b", "Valley Courier", "2025-03-09"),
            ],
            &mut Quiet,
        )
        .expect("ingest");
    assert_eq!(engine.stories().expect("stories").len(), 2);
    drop(engine);
    // A release whose model joins nothing: every article is a story of its own.
    let mut strict = config();
    strict.cluster.set("join", "1").expect("a setting");
    let mut engine = Engine::open(dir.path(), strict).expect("engine");
    assert!(!engine.is_current().expect("state"), "settings changed: work to do");
    engine.derive(&mut Quiet).expect("derive");
    assert!(engine.is_current().expect("state"));
    assert_eq!(engine.stories().expect("stories").len(), 3);
    // Back to the first settings: the first stories again.
    drop(engine);
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    engine.derive(&mut Quiet).expect("derive");
    assert_eq!(engine.stories().expect("stories").len(), 2);
}

#[test]
fn a_document_not_extracted_by_the_deadline_fails_and_is_not_stored() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    let past = std::time::Instant::now();
    let report = engine
        .ingest_until([bridge("a", "Harbour Herald", "2025-03-10")], &mut Quiet, Some(past))
        .expect("ingest");
    match &report.items[0].outcome {
        Outcome::Failed { reason } => assert!(reason.contains("out of time"), "{reason}"),
        other => panic!("stored although out of time: {other:?}"),
    }
    assert_eq!(report.added(), 0);
    assert!(engine.store().articles().expect("articles").is_empty(), "nothing stored");

    // A budget of nothing refuses every document, whatever the caller's deadline.
    let config = EngineConfig { extraction_budget: std::time::Duration::ZERO, ..config() };
    let mut strict = Engine::open(dir.path(), config).expect("engine");
    let report = strict.ingest([festival("b", "Valley Courier", "2025-03-09")], &mut Quiet);
    assert_eq!(report.expect("ingest").added(), 0);
    let later = std::time::Instant::now() + std::time::Duration::from_secs(60);
    let report = engine
        .ingest_until([bridge("a", "Harbour Herald", "2025-03-10")], &mut Quiet, Some(later))
        .expect("ingest");
    assert_eq!(report.added(), 1, "in time, it is stored");
}

/// An invented wire report, a sentence a line, and the same report retold (names and
/// numbers kept, most other words changed): fixtures shared by the copy tests.
fn wire() -> Vec<&'static str> {
    include_str!("../../parallax-dedup/tests/fixtures/strike-wire.txt").lines().collect()
}

fn retold() -> Vec<&'static str> {
    include_str!("../../parallax-dedup/tests/fixtures/strike-retold.txt").lines().collect()
}

#[test]
fn copies_are_found_against_what_was_stored_before_not_only_within_one_ingest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    let strike = "Portvale dock strike enters third day";
    let mut added = Vec::new();
    // One article per ingest, as a feed or the API delivers them.
    for entry in [
        record("a", "Harbour Herald", strike, &wire().join(" "), "2025-03-12"),
        festival("b", "Valley Courier", "2025-03-12"),
        record("c", "Coastal Post", strike, &wire()[..5].join(" "), "2025-03-13"),
        record(
            "d",
            "Valley Ledger",
            "Dock strike drags on in Portvale",
            &retold().join(" "),
            "2025-03-13",
        ),
    ] {
        let run = engine.ingest([entry], &mut Quiet).expect("ingest");
        let Outcome::Added { article } = &run.items[0].outcome else { panic!("added") };
        added.push(article.clone());
    }
    let links = engine.store().copies_of(&added).expect("copies");
    let found: Vec<(&str, &str, &str)> = links
        .iter()
        .map(|link| (link.article.as_str(), link.original.as_str(), link.kind.as_str()))
        .collect();
    let (a, c, d) = (added[0].as_str(), added[2].as_str(), added[3].as_str());
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found.contains(&(c, a, "contained")) || found.contains(&(c, a, "near")), "{found:?}");
    assert!(found.contains(&(d, a, "rewritten")), "{found:?}");
    // The dossier of their story counts them as one text.
    let story = engine.store().story_of(&added[0]).expect("read").expect("placed");
    let dossier = engine.dossier(&story).expect("read").expect("built");
    assert_eq!(dossier.copy_groups.len(), 1);
    assert_eq!(dossier.copy_groups[0].articles.len(), 3);
}

#[test]
fn copy_keys_made_with_other_settings_are_made_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    let strike = "Portvale dock strike enters third day";
    {
        let mut engine = Engine::open(dir.path(), config()).expect("engine");
        let first = record("a", "Harbour Herald", strike, &wire().join(" "), "2025-03-12");
        engine.ingest([first], &mut Quiet).expect("ingest");
    }
    // As a release with another key recipe would have left them: keys that match nothing.
    let database = rusqlite::Connection::open(dir.path().join(parallax_store::DATABASE_FILE))
        .expect("open the store");
    database
        .execute_batch(
            "UPDATE copy_keys SET key = key + 2;
             UPDATE engine_state SET value = value + 1 WHERE key = 'copy_keys_settings';",
        )
        .expect("changed");
    drop(database);
    let mut engine = Engine::open(dir.path(), config()).expect("engine");
    let copy = record("c", "Coastal Post", strike, &wire()[..5].join(" "), "2025-03-13");
    let run = engine.ingest([copy], &mut Quiet).expect("ingest");
    let Outcome::Added { article } = &run.items[0].outcome else { panic!("added") };
    let links = engine.store().copies_of(std::slice::from_ref(article)).expect("copies");
    assert_eq!(links.len(), 1, "the copy finds the original through keys made anew");
}
