//! Deriving stored articles: analyses, copy links and story placements, one transaction per
//! batch; then the dossiers of the stories that changed.

use std::collections::HashMap;
use std::time::Instant;

use parallax_analyze::Analysis;
use parallax_cluster::{Assigner, arrival_order, publication_time};
use parallax_core::{Article, ArticleId, StoryId};
use parallax_dedup::{
    CopyKeys, DedupConfig, Fingerprint, batch_candidates, copies_among_printed, copy_keys,
    copy_keys_of, postings_limit,
};
use parallax_store::{CopyRow, DerivedBatch, PlacementRow, Sequenced, StoreError, StoryLookup};

use crate::compose::{analyse_all, story_input, story_inputs};
use crate::{ANALYSIS_VERSION, DOSSIER_VERSION, Engine, EngineError, Observer, Result, checkpoint};

/// A fingerprint of grouping settings: two settings that place articles differently differ.
fn grouping_fingerprint(config: &parallax_cluster::ClusterConfig) -> i64 {
    fingerprint(&serde_json::to_string(config).unwrap_or_default())
}

/// A fingerprint of what copy keys are made with: the duplicate settings and the keys' recipe.
fn copy_keys_fingerprint(config: &DedupConfig) -> i64 {
    fingerprint(&format!("{config:?} keys v{}", parallax_dedup::COPY_KEYS_VERSION))
}

/// FNV-1a of a text: stable across releases and platforms, unlike the standard hasher.
fn fingerprint(text: &str) -> i64 {
    let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    });
    hash as i64
}

/// Stories whose dossiers are rebuilt together (inputs held in memory at once).
const DOSSIER_GROUP: usize = 64;

impl Engine {
    /// Derives every stored article that has no derived data yet (left by this run, by an
    /// interrupted one, or by an older release), then rebuilds the dossiers of the stories that
    /// changed. Returns `(articles derived, dossiers rebuilt)`.
    pub fn derive(&mut self, observer: &mut dyn Observer) -> Result<(u64, u64)> {
        self.regroup_if_settings_changed()?;
        self.backfill_copy_keys()?;
        let total = self.store.count_pending()?;
        let mut done = 0u64;
        if total > 0 {
            observer.derived(0, total);
            loop {
                let position = self.store.derived_position()?;
                self.catch_up(position)?;
                let pending = self.store.articles_after(position, self.config.derive_batch)?;
                if pending.is_empty() {
                    break;
                }
                // The assigner is out of the engine while its placements are not stored: if
                // anything fails (or panics) before the write commits, the engine has none and
                // the next derive rebuilds it from the checkpoint and the stored batches.
                let Some((mut assigner, _)) = self.assigner.take() else {
                    continue;
                };
                let batch = self.derive_batch(position, &pending, &mut assigner)?;
                let writing = Instant::now();
                let written = self.store.write_derived(&batch);
                self.seconds.write += writing.elapsed().as_secs_f64();
                match written {
                    Ok(()) => {
                        self.assigner = Some((assigner, batch.position));
                        done += pending.len() as u64;
                        observer.derived(done.min(total), total);
                    }
                    // Another process placed articles meanwhile: this assigner's state is
                    // ahead of the store; it is dropped and the next round catches up.
                    Err(StoreError::Moved { .. }) => {}
                    Err(error) => return Err(error.into()),
                }
            }
            if let Some((assigner, position)) = self.assigner.take() {
                let generation = self.store.generation()?;
                let assigner = checkpoint::save(&self.folder, assigner, position, generation)?;
                self.assigner = Some((assigner, position));
            }
        }
        let building = Instant::now();
        let dossiers = self.rebuild_dossiers(observer)?;
        self.seconds.dossiers += building.elapsed().as_secs_f64();
        Ok((done, dossiers))
    }

    /// Forgets every story and places every stored article again with the engine's current
    /// settings (analyses made by this version are kept), then rebuilds every dossier.
    /// Returns `(articles placed, dossiers built)`.
    pub fn regroup(&mut self, observer: &mut dyn Observer) -> Result<(u64, u64)> {
        self.forget_stories()?;
        self.derive(observer)
    }

    /// Whether every stored article is derived, with the engine's grouping settings: if not,
    /// [`Engine::derive`] has work to do.
    pub fn is_current(&self) -> Result<bool> {
        let same_settings =
            self.store.grouping()? == Some(grouping_fingerprint(&self.config.cluster));
        Ok(self.store.count_pending()? == 0
            && (same_settings || self.store.derived_position()? == 0))
    }

    /// Stories placed with other grouping settings (an older release's pair model, say) are
    /// not mixed with new placements: when the recorded settings differ from the engine's, the
    /// stories are forgotten and every stored article is placed again by this derive.
    fn regroup_if_settings_changed(&mut self) -> Result<()> {
        let fingerprint = grouping_fingerprint(&self.config.cluster);
        let recorded = self.store.grouping()?;
        if recorded == Some(fingerprint) {
            return Ok(());
        }
        if self.store.derived_position()? > 0 {
            self.forget_stories()?;
        }
        self.store.set_grouping(fingerprint)?;
        Ok(())
    }

    /// Forgets every story and the assigner's state, in the store and the checkpoint.
    fn forget_stories(&mut self) -> Result<()> {
        self.store.clear_stories()?;
        self.assigner = None;
        match std::fs::remove_file(self.folder.join(checkpoint::FILE)) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                let path = self.folder.join(checkpoint::FILE);
                return Err(EngineError::Checkpoint { path, source });
            }
        }
        Ok(())
    }

    /// Brings the assigner to the store's position: from the checkpoint, else from nothing,
    /// replaying the stored batches after it in the order they were first placed.
    fn catch_up(&mut self, position: i64) -> Result<()> {
        // A state is usable only if it stands at a batch end of the store's current history
        // (a regroup starts a new generation of stories).
        let generation = self.store.generation()?;
        if self.assigner_generation != generation {
            self.assigner = None;
            self.assigner_generation = generation;
        }
        let usable = |at: i64| -> Result<bool> {
            Ok(at <= position && (at == 0 || self.store.is_batch_end(at)?))
        };
        let kept = match self.assigner.take() {
            Some((assigner, at)) if usable(at)? => Some((assigner, at)),
            _ => match checkpoint::load(&self.folder, &self.config.cluster, generation) {
                Some((assigner, at)) if usable(at)? => Some((assigner, at)),
                _ => None,
            },
        };
        let (mut assigner, mut at) =
            kept.unwrap_or_else(|| (Assigner::new(self.config.cluster.clone()), 0));
        for (end, placed_at) in self.store.derive_batches(at, position)? {
            let articles = self.store.articles_between(at, end)?;
            let ids: Vec<ArticleId> = articles.iter().map(|s| s.article.id.clone()).collect();
            let copies = self.store.copies_of(&ids)?;
            let now =
                chrono::DateTime::from_timestamp(placed_at, 0).unwrap_or_else(chrono::Utc::now);
            place_all(&mut assigner, &articles, &copies, now);
            at = end;
        }
        self.assigner = Some((assigner, at));
        Ok(())
    }

    /// Analyses, copy links and placements of one batch of stored articles.
    fn derive_batch(
        &mut self,
        position: i64,
        pending: &[Sequenced],
        assigner: &mut Assigner,
    ) -> Result<DerivedBatch> {
        let articles: Vec<&Article> = pending.iter().map(|s| &s.article).collect();
        let clock = Instant::now();
        // An article analysed by this version already (a regroup, a replayed batch) keeps it.
        let ids: Vec<ArticleId> = articles.iter().map(|a| a.id.clone()).collect();
        let done = self.store.analysed(&ids, ANALYSIS_VERSION)?;
        let missing: Vec<&Article> =
            articles.iter().zip(&done).filter(|(_, done)| !**done).map(|(a, _)| *a).collect();
        let analyses = analyse_all(&missing)
            .into_iter()
            .zip(&missing)
            .map(|(analysis, article)| {
                let json = serde_json::to_string(&analysis).unwrap_or_default();
                (article.id.clone(), ANALYSIS_VERSION, json)
            })
            .collect();
        self.seconds.analyse += clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        let config = DedupConfig::default();
        // One fingerprint per arriving article: its keys and its comparisons both come from it.
        let prints: Vec<Fingerprint> =
            articles.iter().map(|a| parallax_dedup::fingerprint(a, &config)).collect();
        let keys: Vec<CopyKeys> = prints.iter().map(|p| copy_keys_of(p, &config)).collect();
        let known = self.copy_candidates(&keys, &config, position)?;
        let known_pairs: Vec<(&Article, Option<&ArticleId>)> =
            known.iter().map(|(article, original)| (article, original.as_ref())).collect();
        let copies: Vec<CopyRow> = copies_among_printed(&articles, prints, &known_pairs, &config)
            .into_iter()
            .map(|link| CopyRow {
                article: link.copy,
                original: link.copy_of,
                kind: link.kind,
                jaccard: link.jaccard,
                containment: link.containment,
                aligned: link.aligned,
            })
            .collect();
        let copy_keys = pending
            .iter()
            .zip(&keys)
            .map(|(stored, keys)| (stored.seq, keys.all().map(|key| key as i64).collect()))
            .collect();
        self.seconds.copies += clock.elapsed().as_secs_f64();
        let clock = Instant::now();
        // Whole seconds, as stored, so a replay sees exactly this clock.
        let now = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0)
            .unwrap_or_else(chrono::Utc::now);
        let (placements, merges) = place_all(assigner, pending, &copies, now);
        self.seconds.place += clock.elapsed().as_secs_f64();
        let last = pending.last().map_or(position, |s| s.seq);
        Ok(DerivedBatch {
            analyses,
            copies,
            placements,
            merges,
            copy_keys,
            previous: position,
            position: last,
            placed_at: now.timestamp(),
        })
    }

    /// The derived articles the batch with these copy keys is compared with, each with the
    /// original of its copy group when it is a copy (that original is among them too).
    fn copy_candidates(
        &self,
        keys: &[CopyKeys],
        config: &DedupConfig,
        position: i64,
    ) -> Result<Vec<(Article, Option<ArticleId>)>> {
        let all: Vec<i64> = keys.iter().flat_map(CopyKeys::all).map(|key| key as i64).collect();
        let postings = self.store.copy_key_postings(&all, postings_limit(config))?;
        let lookup = |key: u64, limit: usize| {
            let found = postings.get(&(key as i64)).map_or(&[][..], Vec::as_slice);
            Ok::<_, std::convert::Infallible>(found[..found.len().min(limit)].to_vec())
        };
        let Ok(mut wanted) = batch_candidates(keys, config, lookup);
        // Only articles derived before this batch (keys of others would be a race with a
        // regroup in another process).
        wanted.retain(|&seq| seq <= position);
        let mut known: Vec<Article> =
            self.store.articles_at(&wanted)?.into_iter().map(|s| s.article).collect();
        let ids: Vec<ArticleId> = known.iter().map(|a| a.id.clone()).collect();
        let original_of: HashMap<ArticleId, ArticleId> = self
            .store
            .copies_of(&ids)?
            .into_iter()
            .map(|copy| (copy.article, copy.original))
            .collect();
        let mut absent: Vec<ArticleId> =
            original_of.values().filter(|id| !ids.contains(id)).cloned().collect();
        absent.sort();
        absent.dedup();
        let seqs = self.store.seqs_of(&absent)?;
        known.extend(self.store.articles_at(&seqs)?.into_iter().map(|s| s.article));
        Ok(known
            .into_iter()
            .map(|article| {
                let original = original_of.get(&article.id).cloned();
                (article, original)
            })
            .collect())
    }

    /// Stores the copy keys of articles derived by a release that kept none, so that articles
    /// arriving from now on find them as copies.
    pub(crate) fn backfill_copy_keys(&mut self) -> Result<()> {
        let config = DedupConfig::default();
        // Keys made with other settings would never match again: they are made anew.
        let settings = copy_keys_fingerprint(&config);
        if self.store.copy_keys_settings()? != Some(settings) {
            self.store.reset_copy_keys(settings)?;
        }
        let through = self.store.copy_keys_missing_through()?;
        if through == 0 {
            return Ok(());
        }
        let mut after = 0;
        loop {
            let articles = self.store.articles_after(after, self.config.derive_batch)?;
            let articles: Vec<Sequenced> =
                articles.into_iter().take_while(|stored| stored.seq <= through).collect();
            let Some(last) = articles.last().map(|stored| stored.seq) else {
                self.store.backfill_copy_keys(&[], through)?;
                return Ok(());
            };
            let keys: Vec<(i64, Vec<i64>)> = articles
                .iter()
                .map(|stored| {
                    let keys = copy_keys(&stored.article, &config);
                    (stored.seq, keys.all().map(|key| key as i64).collect())
                })
                .collect();
            self.store.backfill_copy_keys(&keys, last)?;
            after = last;
        }
    }

    /// Rebuilds the dossier of every story marked stale, a group at a time.
    fn rebuild_dossiers(&mut self, observer: &mut dyn Observer) -> Result<u64> {
        let stale = self.store.stale_stories()?;
        let total = stale.len() as u64;
        let mut done = 0u64;
        for group in stale.chunks(DOSSIER_GROUP) {
            let mut inputs = Vec::with_capacity(group.len());
            let mut seen = Vec::with_capacity(group.len());
            for story in group {
                let StoryLookup::Found(record) = self.store.story(story.as_str())? else {
                    continue;
                };
                let (input, left_out) = self.stored_input(story)?;
                inputs.push(input);
                seen.push((story.clone(), record.updated, left_out));
            }
            for ((story, updated, left_out), mut dossier) in
                seen.iter().zip(story_inputs(&inputs, &self.config.dossier))
            {
                dossier.articles_left_out = *left_out;
                let json = serde_json::to_string(&dossier).unwrap_or_default();
                self.store.write_dossier(story, DOSSIER_VERSION, &json, *updated)?;
            }
            done += group.len() as u64;
            observer.dossiers(done, total);
        }
        Ok(done)
    }

    /// A story's dossier input from what is stored: its articles, their analyses (redone when
    /// missing or made by another version of the code) and the copy links among them.
    pub(crate) fn stored_input(
        &self,
        story: &StoryId,
    ) -> Result<(parallax_dossier::StoryInput, usize)> {
        let (articles, left_out) = selection(self.store.story_articles(story)?);
        let ids: Vec<ArticleId> = articles.iter().map(|a| a.id.clone()).collect();
        let copies = self.store.copies_of(&ids)?;
        let mut members = Vec::with_capacity(articles.len());
        for article in articles {
            let analysis = self.stored_analysis(&article)?;
            members.push((article, analysis));
        }
        Ok((story_input(story.as_str(), members, &copies), left_out))
    }

    /// An article's stored analysis, or a fresh one when none of this version is stored.
    pub(crate) fn stored_analysis(&self, article: &Article) -> Result<Analysis> {
        if let Some((ANALYSIS_VERSION, json)) = self.store.analysis(&article.id)? {
            return serde_json::from_str(&json).map_err(|error| EngineError::Damaged {
                what: "analysis",
                id: article.id.to_string(),
                detail: error.to_string(),
            });
        }
        Ok(parallax_analyze::analyze(&article.analysed_text(), article.published.map(|p| p.date())))
    }
}

/// The most articles a dossier is built from: its cost grows faster than the story.
const MAX_DOSSIER_ARTICLES: usize = 300;

/// A story's articles (in stored order) cut to [`MAX_DOSSIER_ARTICLES`]: every outlet's first
/// report, then the latest others; with how many were left out.
fn selection(articles: Vec<Article>) -> (Vec<Article>, usize) {
    if articles.len() <= MAX_DOSSIER_ARTICLES {
        return (articles, 0);
    }
    let total = articles.len();
    let mut keep = vec![false; total];
    let mut outlets = std::collections::HashSet::new();
    let mut kept = 0;
    for (i, article) in articles.iter().enumerate() {
        if kept < MAX_DOSSIER_ARTICLES
            && outlets.insert(article.outlet().unwrap_or(article.id.as_str()))
        {
            keep[i] = true;
            kept += 1;
        }
    }
    for i in (0..total).rev() {
        if kept == MAX_DOSSIER_ARTICLES {
            break;
        }
        if !keep[i] {
            keep[i] = true;
            kept += 1;
        }
    }
    let chosen = articles.into_iter().zip(keep).filter(|(_, k)| *k).map(|(a, _)| a).collect();
    (chosen, total - MAX_DOSSIER_ARTICLES)
}

/// Places a batch of stored articles, in arrival order (by publication time; an undated article
/// right after the one stored before it), each copy with its group, dates after `now` set
/// aside. Returns the placements in
/// the order made and the merges they caused.
fn place_all(
    assigner: &mut Assigner,
    batch: &[Sequenced],
    copies: &[CopyRow],
    now: chrono::DateTime<chrono::Utc>,
) -> (Vec<PlacementRow>, Vec<(StoryId, StoryId)>) {
    let mut group_of: HashMap<&ArticleId, &ArticleId> = HashMap::new();
    for copy in copies {
        group_of.insert(&copy.article, &copy.original);
        group_of.insert(&copy.original, &copy.original);
    }
    let times: Vec<Option<i64>> =
        batch.iter().map(|s| publication_time(s.article.published.as_ref()?, now).ok()).collect();
    let mut placements = Vec::with_capacity(batch.len());
    let mut merges = Vec::new();
    for index in arrival_order(&times) {
        let article = &batch[index].article;
        let assignment = assigner.place(article, group_of.get(&article.id).copied(), None, now);
        merges.extend(assignment.merged);
        placements.push(PlacementRow {
            article: article.id.clone(),
            story: assignment.story,
            kind: assignment.kind.as_str().to_string(),
            note: assignment.note,
        });
    }
    (placements, merges)
}
