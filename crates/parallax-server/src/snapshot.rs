//! What the server shows, computed once per change of the stored articles: the stories, their
//! dossiers, the outlets and each article's place. Requests read a snapshot and never wait for
//! clustering or analysis; an ingest builds the next snapshot in the background.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use chrono::{DateTime, NaiveDate, Utc};
use parallax_core::{Article, ArticleId, StoryId};
use parallax_dossier::Dossier;
use parallax_engine::Engine;
use parallax_store::Change;
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
            outlet: article.outlet_label().to_string(),
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
    pub articles: Vec<Arc<ArticleEntry>>,
    /// Each article's text as analysed (headline, blank line, body), by article position;
    /// shared with the next snapshot, which changes only what the store changed.
    pub texts: Vec<Arc<str>>,
    /// Article position by id.
    pub article_index: HashMap<String, usize>,
    /// Stories, most recently active first.
    pub stories: Vec<StoryEntry>,
    /// Each story's dossier, by story position.
    pub dossiers: Vec<Arc<Dossier>>,
    /// Story position by id.
    pub story_index: HashMap<String, usize>,
    /// Outlets, most articles first.
    pub outlets: Vec<OutletEntry>,
    /// Articles per publication day over the whole store.
    pub activity: Vec<DayCount>,
    /// When each listed article joined its story (for "what changed"), by article id.
    pub arrivals: HashMap<String, DateTime<Utc>>,
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
        let entries: Vec<Arc<ArticleEntry>> = order
            .iter()
            .map(|article| {
                let story = story_of.get(article.id.as_str()).map(|s| s.to_string());
                Arc::new(ArticleEntry::of(article, story))
            })
            .collect();
        let texts: Vec<Arc<str>> = order.iter().map(|a| Arc::from(a.analysed_text())).collect();
        let article_index: HashMap<String, usize> =
            entries.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();

        let stories: Vec<(StoryEntry, Arc<Dossier>)> = stored_stories
            .into_iter()
            .map(|(story, members, dossier)| {
                let members: Vec<&ArticleEntry> = members
                    .iter()
                    .filter_map(|id| article_index.get(id.as_str()).map(|&i| &*entries[i]))
                    .collect();
                (story_entry(story.as_str(), &members, &dossier), Arc::new(dossier))
            })
            .collect();
        let arrivals = engine
            .all_arrivals()?
            .into_iter()
            .map(|(id, at)| (id.as_str().to_string(), at))
            .collect();
        Ok(Snapshot::assemble(entries, texts, stories, arrivals, started))
    }

    /// The next snapshot from this one and the store's changes since it was read: new articles
    /// are read and listed, the stories the changes name are read again (their members, their
    /// stored dossiers), merged stories leave; everything else is shared with this snapshot.
    pub fn update(&self, engine: &Engine, changes: &[Change]) -> parallax_engine::Result<Snapshot> {
        let started = Instant::now();
        let mut touched: Vec<&StoryId> = Vec::new();
        let mut gone: HashSet<&str> = HashSet::new();
        let mut added: Vec<&ArticleId> = Vec::new();
        for change in changes {
            touched.push(&change.story);
            gone.extend(change.other.as_ref().map(StoryId::as_str));
            if let Some(article) = &change.article
                && !self.article_index.contains_key(article.as_str())
            {
                added.push(article);
            }
        }
        touched.sort();
        touched.dedup();
        added.sort();
        added.dedup();
        // Entries are shared with this snapshot; only those the changes touch are copied.
        let mut entries: Vec<(Arc<ArticleEntry>, Arc<str>)> =
            self.articles.iter().cloned().zip(self.texts.iter().cloned()).collect();
        for id in added {
            if let parallax_store::Lookup::Found(article) = engine.store().article(id.as_str())? {
                entries.push((
                    Arc::new(ArticleEntry::of(&article, None)),
                    Arc::from(article.analysed_text()),
                ));
            }
        }
        let position: HashMap<String, usize> =
            entries.iter().enumerate().map(|(i, (a, _))| (a.id.clone(), i)).collect();
        let mut refreshed: HashMap<String, (Vec<ArticleId>, Arc<Dossier>)> = HashMap::new();
        let mut arrivals = self.arrivals.clone();
        for story in touched {
            if gone.contains(story.as_str()) {
                continue;
            }
            let Some(dossier) = engine.dossier(story)? else {
                continue;
            };
            for (id, at) in engine.arrivals(story, story)? {
                arrivals.insert(id.as_str().to_string(), at);
            }
            let members = engine.store().story_article_ids(story)?;
            for member in members.iter().filter_map(|id| position.get(id.as_str())) {
                let entry = &mut entries[*member].0;
                if entry.story.as_deref() != Some(story.as_str()) {
                    Arc::make_mut(entry).story = Some(story.as_str().to_string());
                }
            }
            refreshed.insert(story.as_str().to_string(), (members, Arc::new(dossier)));
        }
        let (mut articles, mut texts): (Vec<Arc<ArticleEntry>>, Vec<Arc<str>>) =
            entries.into_iter().unzip();
        sort_articles(&mut articles, &mut texts);
        let index: HashMap<&str, usize> =
            articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
        let mut stories: Vec<(StoryEntry, Arc<Dossier>)> = self
            .stories
            .iter()
            .zip(&self.dossiers)
            .filter(|(story, _)| {
                !gone.contains(story.id.as_str()) && !refreshed.contains_key(&story.id)
            })
            .map(|(story, dossier)| (story.clone(), Arc::clone(dossier)))
            .collect();
        for (id, (members, dossier)) in &refreshed {
            let members: Vec<&ArticleEntry> = members
                .iter()
                .filter_map(|member| index.get(member.as_str()).map(|&i| &*articles[i]))
                .collect();
            stories.push((story_entry(id, &members, dossier), Arc::clone(dossier)));
        }
        Ok(Snapshot::assemble(articles, texts, stories, arrivals, started))
    }

    /// Indices, outlets and activity over listed articles and stories.
    fn assemble(
        articles: Vec<Arc<ArticleEntry>>,
        texts: Vec<Arc<str>>,
        mut stories: Vec<(StoryEntry, Arc<Dossier>)>,
        arrivals: HashMap<String, DateTime<Utc>>,
        started: Instant,
    ) -> Snapshot {
        stories.sort_by(|(a, _), (b, _)| {
            b.last_seen
                .cmp(&a.last_seen)
                .then_with(|| b.articles.len().cmp(&a.articles.len()))
                .then_with(|| a.id.cmp(&b.id))
        });
        let (stories, dossiers): (Vec<StoryEntry>, Vec<Arc<Dossier>>) = stories.into_iter().unzip();
        let story_index = stories.iter().enumerate().map(|(i, s)| (s.id.clone(), i)).collect();
        let article_index = articles.iter().enumerate().map(|(i, a)| (a.id.clone(), i)).collect();
        let outlets = outlets(&articles);
        let activity = activity(articles.iter().filter_map(|a| a.published));
        Snapshot {
            articles,
            texts,
            article_index,
            stories,
            dossiers,
            story_index,
            outlets,
            activity,
            arrivals,
            build_seconds: started.elapsed().as_secs_f64(),
        }
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

/// A story's list entry from its members and dossier.
fn story_entry(id: &str, members: &[&ArticleEntry], dossier: &Dossier) -> StoryEntry {
    StoryEntry {
        id: id.to_string(),
        headline: dossier.headline.clone(),
        first_seen: members.iter().filter_map(|a| a.published).min(),
        last_seen: members.iter().filter_map(|a| a.published).max(),
        articles: members.iter().map(|a| a.id.clone()).collect(),
        coverage: coverage(members.iter().map(|a| a.outlet.as_str())),
        activity: activity(members.iter().filter_map(|a| a.published)),
    }
}

/// Articles newest first (undated last), then by id; their texts kept beside them.
fn sort_articles(articles: &mut Vec<Arc<ArticleEntry>>, texts: &mut Vec<Arc<str>>) {
    let mut order: Vec<usize> = (0..articles.len()).collect();
    order.sort_by(|&a, &b| {
        let (a, b) = (&articles[a], &articles[b]);
        b.published.cmp(&a.published).then_with(|| a.id.cmp(&b.id))
    });
    let mut listed: Vec<Option<(Arc<ArticleEntry>, Arc<str>)>> =
        std::mem::take(articles).into_iter().zip(std::mem::take(texts)).map(Some).collect();
    for i in order {
        if let Some((article, text)) = listed[i].take() {
            articles.push(article);
            texts.push(text);
        }
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

fn outlets(articles: &[Arc<ArticleEntry>]) -> Vec<OutletEntry> {
    let mut by_name: BTreeMap<&str, (usize, Vec<&str>, Vec<NaiveDate>)> = BTreeMap::new();
    // An unknown outlet is no outlet: it is not listed, nor counted.
    for article in articles.iter().filter(|a| a.outlet != parallax_core::UNKNOWN_OUTLET) {
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
