//! The dossier's input (a story's analysed articles) and its output type.

use chrono::NaiveDate;
use parallax_analyze::Analysis;
use parallax_core::CopyKind;
use serde::{Deserialize, Serialize};

/// One article of a story, analysed.
#[derive(Debug, Clone)]
pub struct StoryArticle {
    /// The article's id.
    pub id: String,
    /// The outlet's name (its site when nothing better is known).
    pub outlet: String,
    /// The headline.
    pub title: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// The day it was published, when known.
    pub published: Option<NaiveDate>,
    /// The text analysed: the headline, a blank line, then the body. Spans index into it.
    pub text: String,
    /// What analysis read out of `text`.
    pub analysis: Analysis,
}

/// A group of articles that are copies of one text.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CopyGroup {
    /// Indices into the story's articles, the original first.
    pub articles: Vec<usize>,
    /// How the copies relate: the loosest link in the group.
    pub kind: CopyKind,
    /// Wire agencies the copies credit.
    pub wire: Vec<String>,
}

/// A story to build a dossier for.
#[derive(Debug, Clone)]
pub struct StoryInput {
    /// The story's id.
    pub id: String,
    /// Its articles, in arrival order.
    pub articles: Vec<StoryArticle>,
    /// Copies among them.
    pub copy_groups: Vec<CopyGroup>,
}

impl StoryInput {
    /// The unit a fact is counted in: copies of one text count once, so an article's unit is
    /// its copy group's original, else itself.
    pub fn unit(&self, article: usize) -> usize {
        self.copy_groups
            .iter()
            .find(|group| group.articles.contains(&article))
            .map_or(article, |group| group.articles[0])
    }

    /// The distinct outlets of some articles, in first-seen order.
    pub fn outlets(&self, articles: impl IntoIterator<Item = usize>) -> Vec<String> {
        let mut outlets: Vec<String> = Vec::new();
        for article in articles {
            let outlet = &self.articles[article].outlet;
            if !outlets.contains(outlet) {
                outlets.push(outlet.clone());
            }
        }
        outlets
    }

    /// How many independent reports some articles make (copies of one text count once).
    pub fn independent(&self, articles: impl IntoIterator<Item = usize>) -> usize {
        let mut units: Vec<usize> = articles.into_iter().map(|a| self.unit(a)).collect();
        units.sort_unstable();
        units.dedup();
        units.len()
    }
}

/// Where a piece of a dossier comes from: an article and a byte range of its analysed text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provenance {
    /// The article's id.
    pub article: String,
    /// Its outlet.
    pub outlet: String,
    /// Start and end byte offsets into the article's analysed text (headline, blank line, body).
    pub span: [usize; 2],
}

/// An outlet credited with a fact, with the sentence of its own article that states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credit {
    /// The outlet.
    pub outlet: String,
    /// Its sentence that states the fact (the fact's own wording for the outlet that wrote it).
    pub from: Provenance,
    /// That sentence.
    #[serde(default)]
    pub text: String,
    /// Its sentence states the fact with another figure: a disagreement, not an agreement.
    pub differs: bool,
}

/// A sentence of the dossier with the outlets that carry its fact.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Fact {
    /// The sentence as one outlet wrote it.
    pub text: String,
    /// Where that wording is.
    pub from: Provenance,
    /// Every outlet whose article states the fact with the same figures and the same polarity,
    /// in first-seen order.
    pub outlets: Vec<String>,
    /// Every outlet credited, each with its evidence: those of `outlets`, then those that give
    /// another figure for it (`differs`).
    #[serde(default)]
    pub credits: Vec<Credit>,
    /// How many independent reports carry it (copies of one text count once).
    pub independent: usize,
}

/// What only one outlet reported.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct OutletOnly {
    /// The outlet.
    pub outlet: String,
    /// The facts no other independent report states.
    pub facts: Vec<Fact>,
}

/// One wording of a statement.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Wording {
    /// The statement as quoted or reported.
    pub text: String,
    /// Whether it is a direct quotation.
    pub direct: bool,
    /// Every place this wording appears.
    pub from: Vec<Provenance>,
}

/// One statement across outlets, in all its wordings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuoteGroup {
    /// Who said it: an entity's name, or an unnamed source's description.
    pub speaker: String,
    /// Whether the speaker is an unnamed source ("a senior US administration official").
    pub anonymous: bool,
    /// Its wordings, most carried first.
    pub wordings: Vec<Wording>,
    /// The outlets that carry it, in first-seen order.
    pub outlets: Vec<String>,
    /// The earliest publication day among them, when known.
    pub first_seen: Option<NaiveDate>,
}

/// One figure as one source gives it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claim {
    /// The number.
    pub value: f64,
    /// "exact", "about", "nearly", "more than", "at least", "less than" or "up to".
    pub qualifier: String,
    /// The unit, when there is one ("%", "USD", "km").
    pub unit: Option<String>,
    /// The figure as written ("about 70,000 troops").
    pub text: String,
    /// The source the text gives for it, if any.
    pub source: Option<String>,
    /// Every outlet that reports this value from this source.
    pub outlets: Vec<String>,
    /// Where each report is.
    pub from: Vec<Provenance>,
}

/// The figures a story gives for one thing, side by side.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct QuantityClaims {
    /// What is counted, as most of its figures write it ("troops"); figures are grouped by the
    /// word's stem, so "troop" and "troops" are one thing.
    pub counts: String,
    /// Each distinct value with its source and outlets, smallest first.
    pub claims: Vec<Claim>,
    /// Whether the claims give different values.
    pub disagreement: bool,
}

/// A dated event of the story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TimelineEvent {
    /// The day (`YYYY-MM-DD`), or the first day of a period.
    pub date: NaiveDate,
    /// The last day of a period, when the event spans more than a day.
    pub until: Option<NaiveDate>,
    /// A time in UTC (`HH:MM`), when a text states one.
    pub time_utc: Option<String>,
    /// The sentence that dates it, as one outlet wrote it.
    pub text: String,
    /// Where that sentence is.
    pub from: Provenance,
    /// The outlets that date something to this day.
    pub outlets: Vec<String>,
}

/// A person, organisation or place the story names.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoryEntity {
    /// The fullest name given.
    pub name: String,
    /// "person", "organisation", "place" or "other".
    pub kind: String,
    /// Every spelling used.
    pub variants: Vec<String>,
    /// Every role given.
    pub roles: Vec<String>,
    /// The outlets that name it.
    pub outlets: Vec<String>,
    /// How often the story mentions it.
    pub mentions: usize,
}

/// One outlet's articles in the story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Source {
    /// The outlet.
    pub outlet: String,
    /// Its articles.
    pub articles: Vec<SourceArticle>,
}

/// One article as the dossier lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SourceArticle {
    /// Its id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its address.
    pub url: Option<String>,
    /// Its publication day.
    pub published: Option<NaiveDate>,
    /// The copy group it belongs to (an index into [`Dossier::copy_groups`]), if any.
    pub copy_group: Option<usize>,
}

/// A copy group as the dossier lists it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CopyGroupView {
    /// The articles' ids, the original first.
    pub articles: Vec<String>,
    /// How the copies relate: "exact", "near", "contained", "rewritten" or "translated".
    pub kind: CopyKind,
    /// Wire agencies credited.
    pub wire: Vec<String>,
}

/// Everything a reader needs about one story.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Dossier {
    /// The story's id.
    pub story: String,
    /// A headline: the most representative article headline.
    pub headline: String,
    /// What happened, sentence by sentence, each with the outlets that carry it.
    pub summary: Vec<Fact>,
    /// Facts two or more independent reports state.
    pub agreement: Vec<Fact>,
    /// Facts another outlet reports with other figures: each with its credits, those flagged
    /// `differs` giving the other outlet's sentence.
    #[serde(default)]
    pub differences: Vec<Fact>,
    /// Per outlet, what only it reported.
    pub only_in: Vec<OutletOnly>,
    /// Statements across outlets, grouped.
    pub quotes: Vec<QuoteGroup>,
    /// Figures, aligned by what they count.
    pub quantities: Vec<QuantityClaims>,
    /// Dated events, in date order.
    pub timeline: Vec<TimelineEvent>,
    /// People, organisations and places, most mentioned first.
    pub entities: Vec<StoryEntity>,
    /// The outlets and their articles.
    pub sources: Vec<Source>,
    /// Copies of one text among the articles.
    pub copy_groups: Vec<CopyGroupView>,
    /// Articles of the story the dossier was not built from: a very large story is read
    /// through a bounded selection (every outlet's first report, then the latest).
    #[serde(default)]
    pub articles_left_out: usize,
}

impl Dossier {
    /// The named outlets it lists, in order; an unknown outlet is not one.
    pub fn named_outlets(&self) -> Vec<&str> {
        self.sources
            .iter()
            .map(|s| s.outlet.as_str())
            .filter(|o| !parallax_core::is_unknown_outlet(o))
            .collect()
    }

    /// "3 outlet(s): A, B, C", with "and 2 article(s) of unknown outlet" when there are some.
    pub fn outlets_line(&self) -> String {
        let named = self.named_outlets();
        let unknown: usize = self
            .sources
            .iter()
            .filter(|s| parallax_core::is_unknown_outlet(&s.outlet))
            .map(|s| s.articles.len())
            .sum();
        let mut line = format!("{} outlet(s)", named.len());
        if !named.is_empty() {
            line.push_str(": ");
            line.push_str(&named.join(", "));
        }
        if unknown > 0 {
            line.push_str(&format!(", and {unknown} article(s) of unknown outlet"));
        }
        line
    }
}
