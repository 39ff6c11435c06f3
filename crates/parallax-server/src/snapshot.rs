//! What the server shows, computed once per change of the stored articles: the stories, their
//! dossiers, the outlets and each article's place. Requests read a snapshot and never wait for
//! clustering or analysis; an ingest builds the next snapshot in the background.

use std::collections::{BTreeMap, HashMap};
use std::time::Instant;

use chrono::NaiveDate;
use parallax_core::Article;
use parallax_dossier::Dossier;
use parallax_engine::Engine;
use serde::Serialize;
use utoipa::ToSchema;

/// One article as the server lists and shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ArticleEntry {
    /// The article's id.
    pub id: String,
    /// Its outlet.
    pub outlet: String,
    /// Its headline.
    pub title: Option<String>,
    /// Where it was published on the web.
    pub url: Option<String>,
    /// Its byline.
    pub byline: Option<String>,
    /// Its publication day.
    pub published: Option<NaiveDate>,
    /// The story it belongs to.
    pub story: Option<String>,
    /// Words in its body.
    pub words: usize,
}

impl ArticleEntry {
    /// The entry of an article in the given story.
    pub fn of(article: &Article, story: Option<String>) -> ArticleEntry {
        ArticleEntry {
            id: article.id.as_str().to_string(),
            outlet: article.outlet(),
            title: article.title.clone(),
            url: article.url.clone(),
            byline: article.byline.clone(),
            published: article.published.as_ref().map(|p| p.date()),
            story,
            words: article.body_text().split_whitespace().count(),
        }
    }
}

/// A story in the list: what it is, who covered it and when.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StoryEntry {
    /// The story's id.
    pub id: String,
    /// Its headline (the most representative article headline).
    pub headline: String,
    /// The earliest publication day among its articles.
    pub first_seen: Option<NaiveDate>,
    /// The latest.
    pub last_seen: Option<NaiveDate>,
    /// Its articles' ids, in arrival order.
    pub articles: Vec<String>,
    /// Articles per outlet, most first.
    pub coverage: Vec<OutletCount>,
    /// Articles per publication day, in date order.
    pub activity: Vec<DayCount>,
}

/// How many articles an outlet gave.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutletCount {
    /// The outlet.
    pub outlet: String,
    /// Its articles.
    pub articles: usize,
}

/// How many articles appeared on a day.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
pub struct DayCount {
    /// The day.
    pub day: NaiveDate,
    /// Articles published that day.
    pub articles: usize,
}

/// An outlet and what it covered.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutletEntry {
    /// Its name.
    pub name: String,
    /// Its stored articles.
    pub articles: usize,
    /// The stories it covered.
    pub stories: usize,
    /// Its earliest publication day.
    pub first_seen: Option<NaiveDate>,
    /// Its latest.
    pub last_seen: Option<NaiveDate>,
}

/// Everything the server shows, for one state of the store.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Articles, newest first (undated last).
    pub articles: Vec<ArticleEntry>,
    /// Each article's text as analysed (headline, blank line, body), by article position.
    pub texts: Vec<String>,
    /// Article position by id.
    pub article_index: HashMap<String, usize>,
    /// Stories, most recently active first.
    pub stories: Vec<StoryEntry>,
    /// Each story's dossier, by story position.
    pub dossiers: Vec<Dossier>,
    /// Story position by id.
    pub story_index: HashMap<String, usize>,
    /// Outlets, most articles first.
    pub outlets: Vec<OutletEntry>,
    /// Articles per publication day over the whole store.
    pub activity: Vec<DayCount>,
    /// How long the snapshot took to build, in seconds.
    pub build_seconds: f64,
}

impl Snapshot {
    /// Lists what the engine stored: articles, stories with their stored dossiers, outlets.
    /// Nothing is grouped or analysed here.
    pub fn build(engine: &Engine) -> parallax_engine::Result<Snapshot> {
        let started = Instant::now();
        let articles = engine.store().articles()?;
        let mut stored_stories = Vec::new();
        for record in engine.stories()? {
            let Some(dossier) = engine.dossier(&record.id)? else {
                continue;
            };
            let members = engine.store().story_article_ids(&record.id)?;
            stored_stories.push((record.id, members, dossier));
        }
        let mut story_of: HashMap<&str, &str> = HashMap::new();
        for (story, members, _) in &stored_stories {
            for id in members {
                story_of.insert(id.as_str(), story.as_str());
            }
        }
        let mut order: Vec<&Article> = articles.iter().collect();
        order.sort_by(|a, b| {
            let day = |x: &Article| x.published.as_ref().map(|p| p.date());
            day(b).cmp(&day(a)).then_with(|| a.id.as_str().cmp(b.id.as_str()))
        });
        let entries: Vec<ArticleEntry> = order
            .iter()
            .map(|article| {
                let story = story_of.get(article.id.as_str()).map(|s| s.to_string());
                ArticleEntry::of(article, story)
            })
            .collect();
        let texts: Vec<String> = order.iter().map(|a| a.analysed_text()).collect();
        let article_index: HashMap<String, usize> =
            entries.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();

        let mut stories: Vec<(StoryEntry, Dossier)> = stored_stories
            .into_iter()
            .map(|(story, members, dossier)| {
                let members: Vec<&ArticleEntry> = members
                    .iter()
                    .filter_map(|id| article_index.get(id.as_str()).map(|&i| &entries[i]))
                    .collect();
                let entry = StoryEntry {
                    id: story.as_str().to_string(),
                    headline: dossier.headline.clone(),
                    first_seen: members.iter().filter_map(|a| a.published).min(),
                    last_seen: members.iter().filter_map(|a| a.published).max(),
                    articles: members.iter().map(|a| a.id.clone()).collect(),
                    coverage: coverage(members.iter().map(|a| a.outlet.as_str())),
                    activity: activity(members.iter().filter_map(|a| a.published)),
                };
                (entry, dossier)
            })
            .collect();
        stories.sort_by(|(a, _), (b, _)| {
            b.last_seen
                .cmp(&a.last_seen)
                .then_with(|| b.articles.len().cmp(&a.articles.len()))
                .then_with(|| a.id.cmp(&b.id))
        });
        let (stories, dossiers): (Vec<StoryEntry>, Vec<Dossier>) = stories.into_iter().unzip();
        let story_index = stories.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let outlets = outlets(&entries);
        let activity = activity(entries.iter().filter_map(|a| a.published));
        Ok(Snapshot {
            articles: entries,
            texts,
            article_index,
            stories,
            dossiers,
            story_index,
            outlets,
            activity,
            build_seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// The article with this id.
    pub fn article(&self, id: &str) -> Option<(&ArticleEntry, &str)> {
        let &i = self.article_index.get(id)?;
        Some((&self.articles[i], &self.texts[i]))
    }

    /// The story with this id, and its dossier.
    pub fn story(&self, id: &str) -> Option<(&StoryEntry, &Dossier)> {
        let &i = self.story_index.get(id)?;
        Some((&self.stories[i], &self.dossiers[i]))
    }
}

fn coverage<'a>(outlets: impl Iterator<Item = &'a str>) -> Vec<OutletCount> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for outlet in outlets {
        *counts.entry(outlet).or_default() += 1;
    }
    let mut list: Vec<OutletCount> = counts
        .into_iter()
        .map(|(outlet, articles)| OutletCount { outlet: outlet.to_string(), articles })
        .collect();
    list.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.outlet.cmp(&b.outlet)));
    list
}

fn activity(days: impl Iterator<Item = NaiveDate>) -> Vec<DayCount> {
    let mut counts: BTreeMap<NaiveDate, usize> = BTreeMap::new();
    for day in days {
        *counts.entry(day).or_default() += 1;
    }
    counts.into_iter().map(|(day, articles)| DayCount { day, articles }).collect()
}

fn outlets(articles: &[ArticleEntry]) -> Vec<OutletEntry> {
    let mut by_name: BTreeMap<&str, (usize, Vec<&str>, Vec<NaiveDate>)> = BTreeMap::new();
    for article in articles {
        let entry = by_name.entry(article.outlet.as_str()).or_default();
        entry.0 += 1;
        entry.1.extend(article.story.as_deref());
        entry.2.extend(article.published);
    }
    let mut list: Vec<OutletEntry> = by_name
        .into_iter()
        .map(|(name, (count, mut stories, days))| {
            stories.sort_unstable();
            stories.dedup();
            OutletEntry {
                name: name.to_string(),
                articles: count,
                stories: stories.len(),
                first_seen: days.iter().min().copied(),
                last_seen: days.iter().max().copied(),
            }
        })
        .collect();
    list.sort_by(|a, b| b.articles.cmp(&a.articles).then_with(|| a.name.cmp(&b.name)));
    list
}
