//! A story seen through who covered it: coverage by kind of outlet, country and lean (where
//! the outlet table or the user gives them), who reported first, which reports only repeat
//! another's copy, and whether only one side covered it. Computed when read, from the dossier
//! and the outlet table, so that a user's `outlets.toml` changes it at once.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use parallax_outlets::Outlets;
use serde::{Deserialize, Serialize};

use crate::dossier::Dossier;

/// Outlets that share a trait.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    /// The trait: "wire agency", "GB", "left", or "not known".
    pub label: String,
    /// The outlets, in the dossier's order.
    pub outlets: Vec<String>,
}

/// A report that repeats another's copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repeat {
    /// The outlet that repeats.
    pub outlet: String,
    /// Its article.
    pub article: String,
    /// The outlet whose copy it repeats (the copy group's first).
    pub of: String,
    /// The wire agencies the copy credits.
    pub wire: Vec<String>,
    /// How close the copy is: "exact", "near", "contained", "rewritten", "translated".
    pub kind: String,
}

/// Who covered a story.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Perspective {
    /// Outlets by kind (wire agency, public broadcaster, state-owned, private, not known).
    pub by_kind: Vec<Group>,
    /// Outlets by country (ISO 3166-1 alpha-2, or "not known").
    pub by_country: Vec<Group>,
    /// Outlets by the lean the user gave them; empty when no outlet has one.
    pub by_lean: Vec<Group>,
    /// The outlets with the earliest report, and its day.
    pub first: Option<(NaiveDate, Vec<String>)>,
    /// Reports that only repeat another's copy.
    pub repeats: Vec<Repeat>,
    /// A warning when the story is covered from one side only: every outlet with a lean has
    /// the same one (two outlets at least), or every outlet is state-owned.
    pub one_sided: Option<String>,
}

/// What is not known of an outlet.
const NOT_KNOWN: &str = "not known";

fn grouped(pairs: Vec<(String, String)>) -> Vec<Group> {
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (label, outlet) in pairs {
        let outlets = groups.entry(label).or_default();
        if !outlets.contains(&outlet) {
            outlets.push(outlet);
        }
    }
    let mut list: Vec<Group> =
        groups.into_iter().map(|(label, outlets)| Group { label, outlets }).collect();
    // Most outlets first; what is not known last.
    list.sort_by(|a, b| {
        (a.label == NOT_KNOWN, std::cmp::Reverse(a.outlets.len()), &a.label).cmp(&(
            b.label == NOT_KNOWN,
            std::cmp::Reverse(b.outlets.len()),
            &b.label,
        ))
    });
    list
}

/// Who covered the story of `dossier`, with what `outlets` knows of each.
pub fn perspective(dossier: &Dossier, outlets: &Outlets) -> Perspective {
    let named = dossier.named_outlets();
    let profile = |name: &str| outlets.by_name(name);
    let by_kind = grouped(
        named
            .iter()
            .map(|&name| {
                let kind = profile(name).and_then(|o| o.kind).map_or(NOT_KNOWN, |k| k.label());
                (kind.to_string(), name.to_string())
            })
            .collect(),
    );
    let by_country = grouped(
        named
            .iter()
            .map(|&name| {
                let country = profile(name).and_then(|o| o.country.clone());
                (country.unwrap_or_else(|| NOT_KNOWN.to_string()), name.to_string())
            })
            .collect(),
    );
    let leans: Vec<(String, String)> = named
        .iter()
        .filter_map(|&name| Some((profile(name)?.lean.clone()?, name.to_string())))
        .collect();
    let by_lean = grouped(leans.clone());
    // Among named outlets: an unknown one is no outlet to credit with the first report.
    let named_sources =
        || dossier.sources.iter().filter(|s| !parallax_core::is_unknown_outlet(&s.outlet));
    let first = named_sources()
        .flat_map(|s| s.articles.iter().map(move |a| (a.published, s.outlet.as_str())))
        .filter_map(|(day, outlet)| Some((day?, outlet)))
        .min_by_key(|(day, _)| *day)
        .map(|(day, _)| {
            let outlets = named_sources()
                .filter(|s| s.articles.iter().any(|a| a.published == Some(day)))
                .map(|s| s.outlet.clone())
                .collect();
            (day, outlets)
        });
    let outlet_of = |article: &str| {
        dossier
            .sources
            .iter()
            .find(|s| s.articles.iter().any(|a| a.id == article))
            .map(|s| s.outlet.clone())
    };
    let mut repeats = Vec::new();
    for group in &dossier.copy_groups {
        let Some(of) = group.articles.first().and_then(|first| outlet_of(first)) else {
            continue;
        };
        for article in group.articles.iter().skip(1) {
            let Some(outlet) = outlet_of(article) else { continue };
            repeats.push(Repeat {
                outlet,
                article: article.clone(),
                of: of.clone(),
                wire: group.wire.clone(),
                kind: group.kind.as_str().to_string(),
            });
        }
    }
    let one_sided = if by_lean.len() == 1 && by_lean[0].outlets.len() >= 2 {
        let lean = &by_lean[0];
        let all = if lean.outlets.len() == named.len() {
            "every outlet"
        } else {
            "every outlet with a lean"
        };
        Some(format!("covered from one side only: {all} leans {}", lean.label))
    } else if named.len() >= 2
        && by_kind.len() == 1
        && by_kind[0].label == parallax_outlets::Kind::State.label()
    {
        Some("covered by state-owned outlets only".to_string())
    } else {
        None
    };
    Perspective { by_kind, by_country, by_lean, first, repeats, one_sided }
}
