//! Assembling a story's dossier from its analysed articles.

use std::collections::HashMap;

use parallax_analyze::{Entities, MergedEntity, merge_entities};

use crate::dossier::{
    CopyGroupView, Dossier, Fact, Source, SourceArticle, StoryEntity, StoryInput,
};
use crate::facts::{Sentence, agreement, fact, only_in, sentences, support};
use crate::figures::quantity_claims;
use crate::quotes::quote_groups;
use crate::summary::{Candidate, SummaryConfig, summarize};
use crate::timeline::timeline;
use crate::words::{content_words, shared, stemmer};

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
    let stemmer = stemmer();
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
        headline: headline(input, &stemmer),
        summary: summary(input, &sentences, &support, config),
        agreement: agreement(input, &sentences, &support),
        only_in: only_in(input, &sentences, &support),
        quotes: quote_groups(input, &entities, &members, &stemmer),
        quantities: quantity_claims(input, &entities, &members, &stemmer),
        timeline: timeline(input),
        entities: story_entities(input, &entities, config.max_entities),
        sources: sources(input),
        copy_groups: input
            .copy_groups
            .iter()
            .map(|group| CopyGroupView {
                articles: group.articles.iter().map(|&a| input.articles[a].id.clone()).collect(),
                kind: group.kind.clone(),
                wire: group.wire.clone(),
            })
            .collect(),
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
    summarize(&candidates, &summary_config)
        .into_iter()
        .map(|chosen| {
            let index = body[chosen.candidate];
            let mut carried = support[index].clone();
            carried.extend(chosen.support.iter().map(|&j| body[j]));
            carried.sort_unstable();
            carried.dedup();
            fact(input, sentences, index, &carried)
        })
        .collect()
}

/// The headline that shares the most words with the story's other headlines.
fn headline(input: &StoryInput, stemmer: &rust_stemmers::Stemmer) -> String {
    let titles: Vec<(&str, Vec<String>)> = input
        .articles
        .iter()
        .filter_map(|a| a.title.as_deref())
        .map(|t| (t, content_words(stemmer, t)))
        .collect();
    titles
        .iter()
        .enumerate()
        .max_by_key(|(i, (_, words))| {
            let overlap: usize = titles
                .iter()
                .enumerate()
                .filter(|(j, _)| j != i)
                .map(|(_, (_, other))| shared(words, other))
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
