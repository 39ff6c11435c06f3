//! A story's dossier input put together from stored articles, their stored analyses and the
//! copy links among them; and dossiers built on every core.

use std::collections::HashMap;

use parallax_analyze::Analysis;
use parallax_cluster::{arrival_order, publication_time};
use parallax_core::{Article, CopyKind};
use parallax_dedup::wire_credits;
use parallax_dossier::{CopyGroup, Dossier, DossierConfig, StoryArticle, StoryInput};
use parallax_store::CopyRow;

/// `items` (each holding an article, in the order stored) in arrival order: by publication
/// time, an undated article right after the one stored before it.
pub(crate) fn in_arrival_order<T>(items: Vec<T>, article: impl Fn(&T) -> &Article) -> Vec<T> {
    let now = chrono::Utc::now();
    let times: Vec<Option<i64>> = items
        .iter()
        .map(|item| publication_time(article(item).published.as_ref()?, now).ok())
        .collect();
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    arrival_order(&times).into_iter().filter_map(|i| slots[i].take()).collect()
}

/// The dossier input of one story: its articles in arrival order (by publication time, an
/// undated one after the article stored before it), each with its analysis, and the copy
/// groups among them. `members` are in the order they were stored.
pub fn story_input(id: &str, members: Vec<(Article, Analysis)>, copies: &[CopyRow]) -> StoryInput {
    let ordered = in_arrival_order(members, |(article, _)| article);
    let index: HashMap<&str, usize> =
        ordered.iter().enumerate().map(|(i, (a, _))| (a.id.as_str(), i)).collect();
    let copy_groups = copy_groups(&ordered, &index, copies);
    let articles = ordered
        .iter()
        .map(|(article, analysis)| StoryArticle {
            id: article.id.as_str().to_string(),
            outlet: article.report_label(),
            title: article.title.clone(),
            url: article.url.clone(),
            published: article.published.as_ref().map(|p| p.date()),
            text: article.analysed_text(),
            analysis: analysis.clone(),
        })
        .collect();
    StoryInput { id: id.to_string(), articles, copy_groups }
}

/// The copy groups among a story's articles: members linked to one original, the original
/// (or, when it is in another story, the first member) first; the kind is the loosest link.
fn copy_groups(
    ordered: &[(Article, Analysis)],
    index: &HashMap<&str, usize>,
    copies: &[CopyRow],
) -> Vec<CopyGroup> {
    let mut by_original: Vec<(&str, Vec<usize>, CopyKind)> = Vec::new();
    for copy in copies {
        let Some(&member) = index.get(copy.article.as_str()) else {
            continue;
        };
        match by_original.iter_mut().find(|(original, _, _)| *original == copy.original.as_str()) {
            Some((_, members, loosest)) => {
                members.push(member);
                *loosest = (*loosest).max(copy.kind);
            }
            None => by_original.push((copy.original.as_str(), vec![member], copy.kind)),
        }
    }
    by_original
        .into_iter()
        .filter_map(|(original, mut members, loosest)| {
            members.sort_unstable();
            if let Some(&original) = index.get(original) {
                members.insert(0, original);
            }
            (members.len() > 1).then(|| {
                let mut wire: Vec<String> = members
                    .iter()
                    .flat_map(|&i| {
                        let article = &ordered[i].0;
                        wire_credits(
                            article.byline.as_deref(),
                            article.dateline.as_deref(),
                            &article.body_text(),
                        )
                    })
                    .map(|credit| credit.agency)
                    .collect();
                wire.dedup();
                CopyGroup { articles: members, kind: loosest, wire }
            })
        })
        .collect()
}

/// Builds the dossiers of `inputs` on every core, in order.
pub fn story_inputs(inputs: &[StoryInput], config: &DossierConfig) -> Vec<Dossier> {
    parallel_map(inputs, |input| parallax_dossier::build(input, config))
}

/// Analyses articles on every core, in order: each against its own publication day only (a
/// date borrowed from another article would resolve "Tuesday" against the wrong week).
pub fn analyse_all(articles: &[&Article]) -> Vec<Analysis> {
    parallel_map(articles, |article| {
        parallax_analyze::analyze(&article.analysed_text(), article.published.map(|p| p.date()))
    })
}

/// `work` over `items` on as many threads as the machine has cores, results in input order.
/// Items are handed out in turn so large and small ones spread over the threads.
fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len());
    if threads <= 1 {
        return items.iter().map(&work).collect();
    }
    let mut done: Vec<Option<R>> = Vec::new();
    done.resize_with(items.len(), || None);
    std::thread::scope(|scope| {
        let work = &work;
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                scope.spawn(move || {
                    (t..items.len())
                        .step_by(threads)
                        .map(|i| (i, work(&items[i])))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for handle in handles {
            match handle.join() {
                Ok(list) => list.into_iter().for_each(|(i, result)| done[i] = Some(result)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    done.into_iter().flatten().collect()
}
