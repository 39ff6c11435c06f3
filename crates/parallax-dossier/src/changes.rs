//! What changed in a story since a moment: the articles that joined it after, the outlets new
//! to it, the figures they give that it did not have, the statements it did not carry.

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::dossier::{Dossier, Provenance};

/// An article that joined the story.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewArticle {
    /// Its id.
    pub id: String,
    /// Its outlet.
    pub outlet: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// Its publication day.
    pub published: Option<NaiveDate>,
    /// Its outlet had not covered the story before.
    pub new_outlet: bool,
}

/// A figure the story did not give before.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NewFigure {
    /// What it counts.
    pub counts: String,
    /// The figure as written.
    pub text: String,
    /// The number.
    pub value: f64,
    /// Where it is.
    pub from: Provenance,
    /// The figures given for the same thing before, as written: a changed figure when there
    /// are some, a new one when there are none.
    pub before: Vec<String>,
}

/// A statement the story did not carry before.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewQuote {
    /// Who said it.
    pub speaker: String,
    /// The statement as the new article words it.
    pub text: String,
    /// Where it is.
    pub from: Provenance,
}

/// What the articles that joined a story after a moment brought.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Changes {
    /// The articles that joined, in the dossier's order.
    pub articles: Vec<NewArticle>,
    /// The outlets that had not covered the story before, in order.
    pub new_outlets: Vec<String>,
    /// Figures for something the story counted differently before, or did not count.
    pub figures: Vec<NewFigure>,
    /// Statements no earlier article carried.
    pub quotes: Vec<NewQuote>,
}

impl Changes {
    /// Whether nothing joined.
    pub fn is_empty(&self) -> bool {
        self.articles.is_empty()
    }
}

/// What the articles `is_new` picks brought to `dossier` (the articles of its selection, see
/// `Dossier::articles_left_out`).
pub fn changes(dossier: &Dossier, is_new: impl Fn(&str) -> bool) -> Changes {
    let old_outlets: HashSet<&str> = dossier
        .sources
        .iter()
        .filter(|source| source.articles.iter().any(|a| !is_new(&a.id)))
        .map(|source| source.outlet.as_str())
        .collect();
    let mut changes = Changes::default();
    for source in &dossier.sources {
        let named = !parallax_core::is_unknown_outlet(&source.outlet);
        let new_outlet = named && !old_outlets.contains(source.outlet.as_str());
        for article in source.articles.iter().filter(|a| is_new(&a.id)) {
            changes.articles.push(NewArticle {
                id: article.id.clone(),
                outlet: source.outlet.clone(),
                title: article.title.clone(),
                url: article.url.clone(),
                published: article.published,
                new_outlet,
            });
        }
        if new_outlet && source.articles.iter().any(|a| is_new(&a.id)) {
            changes.new_outlets.push(source.outlet.clone());
        }
    }
    if changes.articles.is_empty() {
        return changes;
    }
    let new_from = |from: &[Provenance]| from.iter().find(|p| is_new(&p.article)).cloned();
    for quantity in &dossier.quantities {
        let before: Vec<String> = quantity
            .claims
            .iter()
            .filter(|claim| claim.from.iter().any(|p| !is_new(&p.article)))
            .map(|claim| claim.text.clone())
            .collect();
        for claim in &quantity.claims {
            let only_new = claim.from.iter().all(|p| is_new(&p.article));
            if let Some(from) = new_from(&claim.from).filter(|_| only_new) {
                changes.figures.push(NewFigure {
                    counts: quantity.counts.clone(),
                    text: claim.text.clone(),
                    value: claim.value,
                    from,
                    before: before.clone(),
                });
            }
        }
    }
    for group in &dossier.quotes {
        let carried_before =
            group.wordings.iter().any(|w| w.from.iter().any(|p| !is_new(&p.article)));
        if carried_before {
            continue;
        }
        if let Some((wording, from)) =
            group.wordings.iter().find_map(|w| new_from(&w.from).map(|from| (w, from)))
        {
            changes.quotes.push(NewQuote {
                speaker: group.speaker.clone(),
                text: wording.text.clone(),
                from,
            });
        }
    }
    changes
}
