//! Figures aligned by what they count: each value with its source and the outlets that report
//! it, and whether the story's figures for one thing disagree.

use std::collections::HashMap;

use parallax_analyze::{MergedEntity, Qualifier};
use parallax_core::words::Stemmer;

use crate::dossier::{Claim, QuantityClaims, StoryInput};
use crate::facts::provenance;
use crate::quotes::{SpeakerKey, speaker_key, speaker_name};

/// Small counts in words ("two leaders", "three topics") are not figures worth comparing.
const MIN_BARE_COUNT: f64 = 10.0;

/// The figures of one counted thing: its stem, the claims, and every spelling of the counted
/// word with how often it is used.
struct Counted {
    stem: String,
    claims: Vec<Claim>,
    words: Vec<(String, usize)>,
}

/// The story's figures, grouped by the stem of what they count, most reported first; each
/// group is labelled with the word as most of its figures write it ("troops", not "troop").
pub(crate) fn quantity_claims(
    input: &StoryInput,
    entities: &[MergedEntity],
    members: &HashMap<(usize, usize), usize>,
    stemmer: &Stemmer,
) -> Vec<QuantityClaims> {
    let mut by_counts: Vec<Counted> = Vec::new();
    for (article, story_article) in input.articles.iter().enumerate() {
        let text = &story_article.text;
        for figure in &story_article.analysis.figures {
            let quantity = &figure.quantity;
            let Some(counted) = quantity.counted.clone() else { continue };
            if quantity.unit.is_none() && quantity.value < MIN_BARE_COUNT {
                continue;
            }
            let head = text[counted].split_whitespace().last().unwrap_or_default().to_lowercase();
            let word = head.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
            let counts = stemmer.stem(&word).into_owned();
            let key = speaker_key(members, article, &figure.speaker);
            let source = key.as_ref().map(|k| match k {
                SpeakerKey::Entity(_) => speaker_name(entities, k, ""),
                SpeakerKey::Unnamed(_) => source_words(input, article, figure.quote),
            });
            let claim = Claim {
                value: quantity.value,
                qualifier: qualifier_name(quantity.qualifier).to_string(),
                unit: quantity.unit.map(str::to_string),
                text: text[quantity.span.clone()].to_string(),
                source,
                outlets: vec![story_article.outlet.clone()],
                from: vec![provenance(input, article, &quantity.span)],
            };
            match by_counts.iter_mut().find(|group| group.stem == counts) {
                Some(group) => {
                    add_claim(&mut group.claims, claim);
                    match group.words.iter_mut().find(|(w, _)| *w == word) {
                        Some((_, uses)) => *uses += 1,
                        None => group.words.push((word, 1)),
                    }
                }
                None => by_counts.push(Counted {
                    stem: counts,
                    claims: vec![claim],
                    words: vec![(word, 1)],
                }),
            }
        }
    }
    let mut aligned: Vec<QuantityClaims> = by_counts
        .into_iter()
        .map(|Counted { stem, mut claims, words }| {
            claims.sort_by(|a, b| a.value.total_cmp(&b.value));
            let first = claims[0].value;
            let disagreement = claims.iter().any(|c| c.value != first);
            // The most used spelling; among equals the shortest, then the first in order.
            let counts = words
                .into_iter()
                .max_by(|(a, uses_a), (b, uses_b)| {
                    uses_a.cmp(uses_b).then(b.len().cmp(&a.len())).then(b.cmp(a))
                })
                .map_or(stem, |(word, _)| word);
            QuantityClaims { counts, claims, disagreement }
        })
        .collect();
    aligned
        .sort_by_key(|q| std::cmp::Reverse(q.claims.iter().map(|c| c.from.len()).sum::<usize>()));
    aligned
}

/// The same value from the same source is one claim, reported by several outlets.
fn add_claim(claims: &mut Vec<Claim>, claim: Claim) {
    let same = claims.iter_mut().find(|c| {
        c.value == claim.value && c.qualifier == claim.qualifier && c.source == claim.source
    });
    match same {
        Some(existing) => {
            for outlet in claim.outlets {
                if !existing.outlets.contains(&outlet) {
                    existing.outlets.push(outlet);
                }
            }
            existing.from.extend(claim.from);
        }
        None => claims.push(claim),
    }
}

fn source_words(input: &StoryInput, article: usize, quote: Option<usize>) -> String {
    let story_article = &input.articles[article];
    quote
        .and_then(|q| story_article.analysis.quotes[q].attribution.source.clone())
        .map(|s| story_article.text[s].trim().to_string())
        .unwrap_or_default()
}

/// A qualifier as the dossier prints it.
pub(crate) fn qualifier_name(qualifier: Qualifier) -> &'static str {
    match qualifier {
        Qualifier::Exact => "exact",
        Qualifier::About => "about",
        Qualifier::Nearly => "nearly",
        Qualifier::MoreThan => "more than",
        Qualifier::AtLeast => "at least",
        Qualifier::LessThan => "less than",
        Qualifier::UpTo => "up to",
    }
}
