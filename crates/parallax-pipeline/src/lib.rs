//! The stages composed over a set of articles: copy groups ([`parallax_dedup`]), stories
//! ([`parallax_cluster`]) and each story's dossier ([`parallax_analyze`] then
//! [`parallax_dossier`]).
//!
//! The command line and the server both start from stored articles and want the same things
//! from them; this crate is the one place that wiring lives. It takes `&[Article]` and returns
//! plain values; no IO.

use std::collections::HashMap;

use parallax_cluster::{ClusterConfig, Clustering, cluster};
use parallax_core::{Article, ArticleId, Story};
use parallax_dedup::{CopyGroup, DedupConfig, find_duplicates};
use parallax_dossier::{Dossier, DossierConfig, StoryArticle, StoryInput};

/// Everything derived from one set of articles.
#[derive(Debug)]
pub struct Digest {
    /// Copies of one text among the articles.
    pub copies: Vec<CopyGroup>,
    /// The stories, in the order they started, with refusals and notes.
    pub clustering: Clustering,
    /// One dossier per story, in the order of `clustering.stories`.
    pub dossiers: Vec<Dossier>,
}

/// Copy groups, stories and every story's dossier.
pub fn digest(
    articles: &[Article],
    cluster_config: &ClusterConfig,
    dossier_config: &DossierConfig,
) -> Digest {
    let copies = find_duplicates(articles, &DedupConfig::default());
    let clustering = cluster(articles, &copy_links(&copies), cluster_config, chrono::Utc::now());
    let dossiers = dossiers_of(articles, &clustering.stories, &copies, dossier_config, None);
    Digest { copies, clustering, dossiers }
}

/// Copy groups, then stories (no dossiers).
pub fn stories_of(articles: &[Article], config: &ClusterConfig) -> Clustering {
    let copies = find_duplicates(articles, &DedupConfig::default());
    cluster(articles, &copy_links(&copies), config, chrono::Utc::now())
}

/// The dossiers of the stories among `articles` (only the stories whose id starts with `only`,
/// when given), in the order the stories started.
pub fn dossiers(articles: &[Article], config: &DossierConfig, only: Option<&str>) -> Vec<Dossier> {
    let copies = find_duplicates(articles, &DedupConfig::default());
    let clustering =
        cluster(articles, &copy_links(&copies), &ClusterConfig::default(), chrono::Utc::now());
    dossiers_of(articles, &clustering.stories, &copies, config, only)
}

/// The dossiers of `stories`, built on as many threads as the machine has cores.
fn dossiers_of(
    articles: &[Article],
    stories: &[Story],
    copies: &[CopyGroup],
    config: &DossierConfig,
    only: Option<&str>,
) -> Vec<Dossier> {
    let by_id: HashMap<&ArticleId, &Article> = articles.iter().map(|a| (&a.id, a)).collect();
    let chosen: Vec<&Story> = stories
        .iter()
        .filter(|story| only.is_none_or(|prefix| story.id.as_str().starts_with(prefix)))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(chosen.len());
    if threads <= 1 {
        return chosen
            .iter()
            .map(|story| parallax_dossier::build(&story_input(story, &by_id, copies), config))
            .collect();
    }
    // Stories are handed out in turn so large and small ones spread over the threads.
    let mut built: Vec<Option<Dossier>> = Vec::new();
    built.resize_with(chosen.len(), || None);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (chosen, by_id) = (&chosen, &by_id);
                scope.spawn(move || {
                    (t..chosen.len())
                        .step_by(threads)
                        .map(|i| {
                            let input = story_input(chosen[i], by_id, copies);
                            (i, parallax_dossier::build(&input, config))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(done) => done.into_iter().for_each(|(i, dossier)| built[i] = Some(dossier)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    built.into_iter().flatten().collect()
}

/// A story's articles analysed, each anchored at its own date or, undated, at the story's
/// earliest; with the copy groups among them.
fn story_input(
    story: &Story,
    by_id: &HashMap<&ArticleId, &Article>,
    groups: &[CopyGroup],
) -> StoryInput {
    let members: Vec<&Article> =
        story.articles.iter().filter_map(|id| by_id.get(id).copied()).collect();
    let earliest = members.iter().filter_map(|a| a.published.as_ref().map(|p| p.date())).min();
    let articles: Vec<StoryArticle> = members
        .iter()
        .map(|article| {
            let text = analysed_text(article);
            let published = article.published.as_ref().map(|p| p.date());
            let analysis = parallax_analyze::analyze(&text, published.or(earliest));
            StoryArticle {
                id: article.id.as_str().to_string(),
                outlet: outlet_of(article),
                title: article.title.clone(),
                url: article.url.clone(),
                published,
                text,
                analysis,
            }
        })
        .collect();
    let index: HashMap<&str, usize> =
        members.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let copy_groups = groups
        .iter()
        .filter_map(|group| {
            let inside: Vec<usize> =
                group.articles.iter().filter_map(|id| index.get(id.as_str()).copied()).collect();
            (inside.len() > 1).then(|| {
                let mut wire: Vec<String> =
                    group.wire.iter().map(|(_, credit)| credit.agency.clone()).collect();
                wire.dedup();
                parallax_dossier::CopyGroup {
                    articles: inside,
                    kind: group.kind.as_str().to_string(),
                    wire,
                }
            })
        })
        .collect();
    StoryInput { id: story.id.as_str().to_string(), articles, copy_groups }
}

/// `(copy, original)` for every copy in the groups.
pub fn copy_links(groups: &[CopyGroup]) -> Vec<(ArticleId, ArticleId)> {
    groups
        .iter()
        .flat_map(|group| {
            group
                .articles
                .iter()
                .filter(|id| **id != group.original)
                .map(|id| (id.clone(), group.original.clone()))
        })
        .collect()
}

/// The text parallax analyses for an article: its headline, then its body.
pub fn analysed_text(article: &Article) -> String {
    match &article.title {
        Some(title) => format!("{title}\n\n{}", article.body_text()),
        None => article.body_text(),
    }
}

/// The outlet an article is from: its source, else its site, else the article itself.
pub fn outlet_of(article: &Article) -> String {
    if let Some(source) = &article.source {
        return source.clone();
    }
    let host = article
        .canonical_url
        .as_deref()
        .or(article.url.as_deref())
        .and_then(|u| url::Url::parse(u).ok())
        .and_then(|u| u.host_str().map(|h| h.trim_start_matches("www.").to_string()));
    host.unwrap_or_else(|| {
        format!("article {}", &article.id.as_str()[..8.min(article.id.as_str().len())])
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::Paragraph;

    fn article(source: Option<&str>, url: Option<&str>, title: &str, body: &str) -> Article {
        let mut article = Article::new(vec![Paragraph::text(body)]);
        article.source = source.map(str::to_string);
        article.url = url.map(str::to_string);
        article.title = Some(title.to_string());
        article.seal();
        article
    }

    #[test]
    fn outlets_come_from_the_source_then_the_site_then_the_id() {
        let named = article(Some("Harbour Herald"), None, "T", "Body.");
        assert_eq!(outlet_of(&named), "Harbour Herald");
        let site = article(None, Some("https://www.example.org/a/1"), "T", "Body.");
        assert_eq!(outlet_of(&site), "example.org");
        let bare = article(None, Some("not a url"), "T", "Body.");
        assert!(outlet_of(&bare).starts_with("article "), "{}", outlet_of(&bare));
    }

    #[test]
    fn every_story_gets_a_dossier_and_one_can_be_chosen() {
        let text = "The city council voted on Tuesday to close the old harbour bridge. \
                    Mayor Ana Ruiz said the bridge was unsafe.";
        let articles = vec![
            article(Some("A"), None, "Council closes harbour bridge", text),
            article(Some("B"), None, "Harbour bridge closed by council vote", text),
            article(Some("C"), None, "Storm floods valley farms", "Heavy rain flooded farms."),
        ];
        let digest = digest(&articles, &ClusterConfig::default(), &DossierConfig::default());
        assert_eq!(digest.dossiers.len(), digest.clustering.stories.len());
        for (story, dossier) in digest.clustering.stories.iter().zip(&digest.dossiers) {
            assert_eq!(story.id.as_str(), dossier.story);
        }
        let first = &digest.dossiers[0].story;
        let chosen = dossiers(&articles, &DossierConfig::default(), Some(first));
        assert_eq!(chosen.len(), 1);
        assert_eq!(&chosen[0].story, first);
    }
}
