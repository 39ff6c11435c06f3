//! Assembling a story's dossier from its analysed articles.

use std::collections::HashMap;

use parallax_analyze::{Entities, MergedEntity, merge_entities};

use crate::dossier::{
    CopyGroupView, Dossier, Fact, Source, SourceArticle, StoryEntity, StoryInput,
};
use crate::facts::{Sentence, agreement, credit, differences, fact, only_in, sentences, support};
use crate::figures::quantity_claims;
use crate::quotes::quote_groups;
use crate::similarity::overlap;
use crate::summary::{Candidate, SummaryConfig, summarize};
use crate::timeline::timeline;
use crate::words::content_words;
use parallax_core::words::{Pipeline, Stemmer};

/// Settings of a dossier.
#[derive(Debug, Clone)]
pub struct DossierConfig {
    /// How many words the summary may have.
    pub summary_words: usize,
    /// The most entities listed.
    pub max_entities: usize,
}

impl Default for DossierConfig {
    fn default() -> DossierConfig {
        DossierConfig { summary_words: 120, max_entities: 30 }
    }
}

/// Builds the dossier of a story.
pub fn build(input: &StoryInput, config: &DossierConfig) -> Dossier {
    let content = Pipeline::english_content();
    let stemmer = Stemmer::english();
    let sentences = sentences(input);
    let support = support(input, &sentences);
    let lists: Vec<&Entities> = input.articles.iter().map(|a| &a.analysis.entities).collect();
    let entities = merge_entities(&lists);
    let members: HashMap<(usize, usize), usize> = entities
        .iter()
        .enumerate()
        .flat_map(|(m, entity)| entity.members.iter().map(move |&member| (member, m)))
        .collect();
    Dossier {
        story: input.id.clone(),
        headline: headline(input, &content),
        summary: summary(input, &sentences, &support, config),
        agreement: agreement(input, &sentences, &support),
        differences: differences(input, &sentences, &support),
        only_in: only_in(input, &sentences, &support),
        quotes: quote_groups(input, &entities, &members, &content),
        quantities: quantity_claims(input, &entities, &members, &stemmer),
        timeline: timeline(input),
        entities: story_entities(input, &entities, config.max_entities),
        sources: sources(input),
        copy_groups: input
            .copy_groups
            .iter()
            .map(|group| CopyGroupView {
                articles: group.articles.iter().map(|&a| input.articles[a].id.clone()).collect(),
                kind: group.kind,
                wire: group.wire.clone(),
            })
            .collect(),
        articles_left_out: 0,
    }
}

/// The summary's sentences, in reading order, each with the outlets that carry its fact.
fn summary(
    input: &StoryInput,
    sentences: &[Sentence],
    support: &[Vec<usize>],
    config: &DossierConfig,
) -> Vec<Fact> {
    // Headlines are the dossier's own line; the summary is told in body sentences.
    let body: Vec<usize> = (0..sentences.len()).filter(|&i| sentences[i].position > 0).collect();
    let candidates: Vec<Candidate> = body
        .iter()
        .map(|&i| {
            let sentence = &sentences[i];
            Candidate {
                article: sentence.article,
                outlet: Some(input.articles[sentence.article].outlet.clone()),
                copy_group: input
                    .copy_groups
                    .iter()
                    .position(|g| g.articles.contains(&sentence.article)),
                position: sentence.position - 1,
                text: input.articles[sentence.article].text[sentence.span.clone()]
                    .trim()
                    .to_string(),
            }
        })
        .collect();
    let summary_config = SummaryConfig { words: config.summary_words, ..SummaryConfig::default() };
    let mut kept: Vec<usize> = Vec::new();
    let mut facts = Vec::new();
    for chosen in summarize(&candidates, &summary_config) {
        let index = body[chosen.candidate];
        // A sentence that states a fact already in the summary, in other words, is left out:
        // the summary's sentences are distinct facts.
        let repeats = kept.iter().any(|&earlier| {
            let close = support[earlier].contains(&index) || support[index].contains(&earlier);
            close && credit(input, &sentences[earlier], &sentences[index]) == Some(false)
        });
        if repeats {
            continue;
        }
        kept.push(index);
        let mut carried = support[index].clone();
        carried.extend(chosen.support.iter().map(|&j| body[j]));
        carried.sort_unstable();
        carried.dedup();
        facts.push(fact(input, sentences, index, &carried));
    }
    facts
}

/// The headline that shares the most words with the story's other headlines.
fn headline(input: &StoryInput, content: &Pipeline) -> String {
    let titles: Vec<(&str, Vec<String>)> = input
        .articles
        .iter()
        .filter_map(|a| a.title.as_deref())
        .map(|t| (t, content_words(content, t)))
        .collect();
    titles
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, words))| {
            let overlap: usize = titles
                .iter()
                .enumerate()
                .filter(|(j, _)| j != i)
                .map(|(_, (_, other))| overlap(words, other))
                .sum();
            (overlap, std::cmp::Reverse(*i))
        })
        .map_or_else(|| format!("Story {}", input.id), |(_, (title, _))| title.to_string())
}

fn story_entities(input: &StoryInput, entities: &[MergedEntity], most: usize) -> Vec<StoryEntity> {
    entities
        .iter()
        .take(most)
        .map(|entity| {
            let mentions = entity
                .members
                .iter()
                .map(|&(a, i)| input.articles[a].analysis.entities.entities[i].mentions.len())
                .sum::<usize>()
                + entity.described.len();
            StoryEntity {
                name: entity.name.clone(),
                kind: entity.kind.as_str().to_string(),
                variants: entity.variants.clone(),
                roles: entity.roles.iter().map(|r| r.text.clone()).collect(),
                outlets: input.outlets(entity.members.iter().map(|&(a, _)| a)),
                mentions,
            }
        })
        .collect()
}

fn sources(input: &StoryInput) -> Vec<Source> {
    let mut sources: Vec<Source> = Vec::new();
    for (index, article) in input.articles.iter().enumerate() {
        let listed = SourceArticle {
            id: article.id.clone(),
            title: article.title.clone(),
            url: article.url.clone(),
            published: article.published,
            copy_group: input.copy_groups.iter().position(|g| g.articles.contains(&index)),
        };
        match sources.iter_mut().find(|s| s.outlet == article.outlet) {
            Some(source) => source.articles.push(listed),
            None => sources.push(Source { outlet: article.outlet.clone(), articles: vec![listed] }),
        }
    }
    sources
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::dossier::{CopyGroup, StoryArticle};

    fn article(id: &str, outlet: &str, day: u32, text: &str) -> StoryArticle {
        let published = NaiveDate::from_ymd_opt(2031, 3, day);
        StoryArticle {
            id: id.to_string(),
            outlet: outlet.to_string(),
            title: text.split("\n\n").next().map(str::to_string),
            url: None,
            published,
            text: text.to_string(),
            analysis: parallax_analyze::analyze(text, published),
        }
    }

    fn story() -> StoryInput {
        let herald = article(
            "h1",
            "Harbour Herald",
            10,
            "Ferry strike halts Portvale crossings\n\nThe ferry crews of Portvale stopped work on \
             Monday, halting every crossing to the islands. About 1,200 crew members joined the \
             strike, union leader Ada Lind said. \u{201c}We will not sail until the company \
             listens,\u{201d} Lind said. The company said the strike would cost it dearly.",
        );
        let post = article(
            "p1",
            "Coastal Post",
            11,
            "Portvale ferries stay in port\n\nFerry crews in Portvale stopped work on Monday and \
             halted every crossing to the islands. Nearly 900 crew members walked out, according \
             to the ferry company. \u{201c}We won't sail until the company listens to us,\u{201d} \
             union leader Ada Lind told reporters.",
        );
        let copy = article(
            "p2",
            "Island Times",
            11,
            "Portvale ferries stay in port\n\nFerry crews in Portvale stopped work on Monday and \
             halted every crossing to the islands. Nearly 900 crew members walked out, according \
             to the ferry company. \u{201c}We won't sail until the company listens to us,\u{201d} \
             union leader Ada Lind told reporters.",
        );
        let copies = vec![CopyGroup {
            articles: vec![1, 2],
            kind: parallax_core::CopyKind::Exact,
            wire: vec![],
        }];
        StoryInput { id: "s1".into(), articles: vec![herald, post, copy], copy_groups: copies }
    }

    #[test]
    fn a_figure_group_is_labelled_with_the_word_its_figures_use() {
        let first = article(
            "a1",
            "Harbour Herald",
            10,
            "Dock strike grows\n\nAbout 1,200 workers joined the dock strike in Portvale on \
             Monday, the union said.",
        );
        let second = article(
            "a2",
            "Coastal Post",
            10,
            "Portvale dock strike\n\nNearly 900 workers walked out at the Portvale docks on \
             Monday, the port said.",
        );
        let input =
            StoryInput { id: "s2".into(), articles: vec![first, second], copy_groups: vec![] };
        let dossier = build(&input, &DossierConfig::default());
        let labels: Vec<&str> = dossier.quantities.iter().map(|q| q.counts.as_str()).collect();
        assert_eq!(labels, ["workers"], "{:#?}", dossier.quantities);
    }

    #[test]
    fn one_statement_in_two_wordings_is_one_group() {
        let dossier = build(&story(), &DossierConfig::default());
        let lind: Vec<_> = dossier
            .quotes
            .iter()
            .filter(|g| {
                g.speaker == "Ada Lind" && g.wordings.iter().any(|w| w.text.contains("sail"))
            })
            .collect();
        assert_eq!(lind.len(), 1, "{:#?}", dossier.quotes);
        assert_eq!(lind[0].wordings.len(), 2, "{:#?}", lind[0]);
        assert_eq!(lind[0].outlets, ["Harbour Herald", "Coastal Post", "Island Times"]);
        assert_eq!(lind[0].first_seen, NaiveDate::from_ymd_opt(2031, 3, 10));
    }

    #[test]
    fn sections_with_nothing_in_them_print_no_heading() {
        let mut dossier = build(&story(), &DossierConfig::default());
        let text = crate::to_text(&dossier);
        assert!(text.contains("\nFigures\n") && text.contains("\nTimeline\n"), "{text}");
        dossier.quantities.clear();
        dossier.timeline.clear();
        let text = crate::to_text(&dossier);
        assert!(!text.contains("Figures") && !text.contains("Timeline"), "{text}");
        let markdown = crate::to_markdown(&dossier);
        assert!(!markdown.contains("## Figures") && !markdown.contains("## Timeline"));
        assert!(markdown.contains("## Sources"), "{markdown}");
        let html = crate::to_html(&dossier);
        assert!(!html.contains("<h2>Figures") && !html.contains("<h2>Timeline"), "{html}");
        assert!(html.contains("<h2>Names</h2>"));
    }

    #[test]
    fn figures_for_one_thing_are_aligned_and_disagree() {
        let dossier = build(&story(), &DossierConfig::default());
        let crew = dossier.quantities.iter().find(|q| q.counts == "crew");
        let crew = crew.unwrap_or_else(|| panic!("{:#?}", dossier.quantities));
        // Labels are words the figures use, not stems.
        for quantity in &dossier.quantities {
            let used = quantity.claims.iter().any(|claim| {
                let text = claim.text.to_lowercase();
                text.split(|c: char| !c.is_alphanumeric()).any(|word| word == quantity.counts)
            });
            assert!(used, "{:?} is no word of {:?}", quantity.counts, quantity.claims);
        }
        assert!(crew.disagreement);
        let values: Vec<f64> = crew.claims.iter().map(|c| c.value).collect();
        assert_eq!(values, [900.0, 1200.0]);
        assert_eq!(crew.claims[0].qualifier, "nearly");
        assert_eq!(crew.claims[0].source.as_deref(), Some("the ferry company"));
        assert_eq!(crew.claims[0].outlets, ["Coastal Post", "Island Times"]);
        assert_eq!(crew.claims[1].source.as_deref(), Some("Ada Lind"));
    }

    #[test]
    fn copies_count_once_in_agreement() {
        let dossier = build(&story(), &DossierConfig::default());
        let stopped = dossier
            .agreement
            .iter()
            .find(|f| f.text.contains("stopped work"))
            .expect("agreed fact");
        assert_eq!(stopped.independent, 2, "{stopped:#?}");
        assert_eq!(stopped.outlets.len(), 3);
        // A fact only the copies state is one report's, listed under the original's outlet.
        assert!(
            dossier.only_in.iter().all(|o| o.outlet != "Island Times"),
            "{:#?}",
            dossier.only_in
        );
        let day = dossier
            .timeline
            .iter()
            .find(|e| e.date == NaiveDate::from_ymd_opt(2031, 3, 10).expect("day"));
        assert!(day.is_some(), "{:#?}", dossier.timeline);
    }
}
