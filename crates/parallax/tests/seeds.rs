//! The reference story in `../shared/seeds`: five outlets, one Putin–Biden call, with web
//! boilerplate left in. Skips when `../shared` is absent.

mod common;

use common::{articles, check_lines, duplicate_groups, parallax, shared, stderr};

/// Per seed (by file-name prefix): the start of each line that must leave the body (headline
/// and metadata lines included, since they become fields), then the expected byline, date and
/// canonical URL.
struct Expectation {
    prefix: &'static str,
    must_go: &'static [&'static str],
    byline: Option<&'static str>,
    published: Option<&'static str>,
    canonical_url: Option<&'static str>,
}

const EXPECTATIONS: &[Expectation] = &[
    Expectation {
        prefix: "000_",
        must_go: &[
            "Russian and US presidents will head", // headline
            "Related News:",
            "Russia to expand military in defiance", // related-link title
            "214",                                   // stray counter
            "Read More:",
            "Russia will act if NATO crosses", // related-link title
            "Putin slams US, NATO military",   // related-link title
        ],
        byline: None,
        published: None,
        canonical_url: None,
    },
    Expectation {
        prefix: "001_",
        must_go: &["Kremlin says the presidents will hold talks"], // headline
        byline: None,
        published: None,
        canonical_url: None,
    },
    Expectation {
        prefix: "002_",
        must_go: &[
            "News   /   Russia",                  // section label
            "Kremlin expects ‘no breakthroughs’", // headline
            "US Rep. Ilhan Omar",                 // a wrong photo caption
            "Kremlin spokesperson Dmitry Peskov", // the name under the photo
            "Press TV’s website can also be accessed",
            "Press TV News Roku",
        ],
        byline: None,
        published: None,
        canonical_url: None,
    },
    Expectation {
        prefix: "003_",
        must_go: &[
            "Putin-Biden Talks Set for Tuesday", // headline
            "By AFP",
            "December 04, 2021",
            "Russia has denied any bellicose intentions and accused the West of provocation. Mikhail", // caption
            "Related article:",
            "Original url:",
            "<https://www.themoscowtimes.com/",
        ],
        byline: Some("AFP"),
        published: Some("2021-12-04"),
        canonical_url: Some(
            "https://www.themoscowtimes.com/2021/12/04/putin-biden-talks-set-for-tuesday-amid-ukraine-tension-a75734",
        ),
    },
    Expectation {
        prefix: "004_",
        must_go: &[
            "Russia calls US relations deplorable", // headline
            "by",
            ".",
            "You May Also Like",
            "Recommended for you",
            "Immediate Peak",
        ],
        byline: None,
        published: None,
        canonical_url: None,
    },
];

#[test]
fn seeds_come_out_clean_with_their_metadata() {
    let Some(seeds) = shared("seeds") else { return };
    let data = tempfile::tempdir().expect("temp dir");
    let output = parallax(data.path(), &["ingest", seeds.to_str().expect("utf-8 path")]);
    assert!(output.status.success(), "ingest failed: {}", stderr(&output));
    let stored = articles(data.path());
    assert_eq!(stored.len(), 5, "five seeds, five articles");

    let mut files: Vec<_> = std::fs::read_dir(&seeds)
        .expect("read seeds")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    let mut seed_of: Vec<(serde_json::Value, &str)> = Vec::new();
    for expectation in EXPECTATIONS {
        let path = files
            .iter()
            .find(|path| {
                path.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.starts_with(expectation.prefix))
            })
            .unwrap_or_else(|| panic!("no seed {}*", expectation.prefix));
        let source = std::fs::read_to_string(path).expect("read seed");
        let title = plain_first_line(&source);
        let article = stored
            .iter()
            .find(|article| article["title"].as_str() == Some(title.as_str()))
            .unwrap_or_else(|| panic!("{}: no article titled {title:?}", expectation.prefix));
        check_lines(expectation.prefix, &source, article, expectation.must_go);
        seed_of.push((article["id"].clone(), expectation.prefix));
        assert_eq!(article["byline"].as_str(), expectation.byline, "{} byline", expectation.prefix);
        assert_eq!(
            article["published"].as_str(),
            expectation.published,
            "{} date",
            expectation.prefix
        );
        assert_eq!(
            article["canonical_url"].as_str(),
            expectation.canonical_url,
            "{} url",
            expectation.prefix
        );
    }

    // 000 and 004 carry one wire report, 004 rewritten in translation; no other pair is a copy.
    let groups = duplicate_groups(data.path());
    assert_eq!(groups.len(), 1, "{groups:?}");
    let (group, ids) = &groups[0];
    let prefixes: Vec<&str> = ids
        .iter()
        .map(|id| {
            seed_of.iter().find(|(seed_id, _)| seed_id == id).map_or("?", |(_, prefix)| *prefix)
        })
        .collect();
    let mut sorted = prefixes.clone();
    sorted.sort();
    assert_eq!(sorted, ["000_", "004_"], "{group}");
    assert_ne!(group["kind"], "exact");

    // The same files again add nothing.
    let again = parallax(data.path(), &["ingest", seeds.to_str().expect("utf-8 path")]);
    assert!(stderr(&again).contains("0 added, 5 already present"), "{}", stderr(&again));
}

/// The headline: the first line that is not a section label (`A / B`).
fn plain_first_line(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.contains(" / "))
        .map(common::plain)
        .next()
        .unwrap_or_default()
}
