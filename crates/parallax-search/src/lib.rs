//! A full-text index of articles: BM25 ranking over headline and body (English stems), phrase
//! queries (`"red lines"`), and filters by outlet, publication date range and story.
//!
//! [`SearchIndex`] lives in a folder beside the database (or in memory for tests). Articles are
//! added as they are stored ([`SearchIndex::add`] skips ones already indexed), so an index that
//! fell behind, say after an ingest that could not take the index's lock, catches up with
//! [`SearchIndex::add`] over all stored articles; [`SearchIndex::rebuild`] starts it afresh. The
//! index holds no story ids: stories are regrouped as articles arrive, so a story filter is
//! given as the story's article ids ([`SearchQuery::articles`]) at query time.
//!
//! ```
//! use parallax_core::{Article, Paragraph};
//! use parallax_search::{SearchIndex, SearchQuery};
//!
//! let index = SearchIndex::in_memory()?;
//! let mut article = Article::new(vec![Paragraph::text("The council drew red lines on the bridge.")]);
//! article.source = Some("Harbour Herald".into());
//! article.seal();
//! assert_eq!(index.add(&[article])?, 1);
//! let found = index.search(&SearchQuery::new("\"red lines\""))?;
//! assert_eq!(found.total, 1);
//! assert_eq!(found.hits[0].outlet, "Harbour Herald");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::ops::{Bound, Range};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::NaiveDate;
use parallax_core::Article;

mod snippet;
use serde::Serialize;
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermSetQuery};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term, doc};

/// How long a writer waits for another process to let go of the index's lock.
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

/// The index's folder name inside the data folder.
pub const INDEX_FOLDER: &str = "index";

/// Memory the writer may use before it flushes a segment.
const WRITER_BYTES: usize = 64 * 1024 * 1024;

/// Characters of body text around the matches shown with each hit.
const SNIPPET_CHARS: usize = 220;

/// Decompressed blocks of stored text kept per segment (16 KiB of text each at most): enough to
/// hold a few tens of thousands of articles, so showing hits rarely decompresses anything.
const DOCSTORE_CACHE_BLOCKS: usize = 2048;

/// Hits a query may ask for at once.
pub const MAX_LIMIT: usize = 100;

/// Hits a query may skip.
pub const MAX_OFFSET: usize = 10_000;

/// Bytes of query text.
const MAX_QUERY_BYTES: usize = 1_000;

/// Brackets inside brackets in query text.
const MAX_NESTING: usize = 8;

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The index folder could not be created or read.
    #[error("search index folder {path}: {source}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The query's syntax is wrong.
    #[error("query {query:?}: {reason}")]
    Query {
        /// The query as given.
        query: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Another process is writing to the index (a running `parallax serve`, say).
    #[error(
        "the search index is being written by another process; the articles are stored and \
         will be indexed when the index is next opened for writing ({0})"
    )]
    Locked(String),
    /// tantivy refused.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
}

/// `Result` with [`SearchError`].
pub type Result<T> = std::result::Result<T, SearchError>;

/// A query: words and phrases, with optional filters.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    /// The query text: words (all must match), `"phrases"`, `-excluded`, `title:word`.
    pub text: String,
    /// Only these outlets (any of them), when not empty.
    pub outlets: Vec<String>,
    /// Only articles published on or after this day.
    pub from: Option<NaiveDate>,
    /// Only articles published on or before this day.
    pub to: Option<NaiveDate>,
    /// Only these articles (a story's), when given.
    pub articles: Option<Vec<String>>,
    /// Hits to return (1 to [`MAX_LIMIT`]; other values are brought into that range).
    pub limit: usize,
    /// Hits to skip, for paging (at most [`MAX_OFFSET`]).
    pub offset: usize,
}

impl Default for SearchQuery {
    fn default() -> SearchQuery {
        SearchQuery {
            text: String::new(),
            outlets: Vec::new(),
            from: None,
            to: None,
            articles: None,
            limit: 10,
            offset: 0,
        }
    }
}

impl SearchQuery {
    /// A query for `text`, no filters, the first ten hits.
    pub fn new(text: &str) -> SearchQuery {
        SearchQuery { text: text.to_string(), ..SearchQuery::default() }
    }

    /// The query refused before it costs anything: paging too deep (tantivy keeps every
    /// skipped hit in memory), text too long or nested too deep (the query grammar's time
    /// grows with nesting).
    fn check(&self) -> Result<()> {
        let refuse = |reason: String| SearchError::Query { query: self.text.clone(), reason };
        if self.offset > MAX_OFFSET {
            return Err(refuse(format!(
                "offset {} is past the deepest page ({MAX_OFFSET})",
                self.offset
            )));
        }
        if self.text.len() > MAX_QUERY_BYTES {
            return Err(refuse(format!("longer than {MAX_QUERY_BYTES} bytes")));
        }
        let (mut depth, mut deepest, mut quoted) = (0usize, 0usize, false);
        for c in self.text.chars() {
            match c {
                '"' => quoted = !quoted,
                '(' | '[' | '{' if !quoted => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                ')' | ']' | '}' if !quoted => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if deepest > MAX_NESTING {
            return Err(refuse(format!("brackets nested {deepest} deep; at most {MAX_NESTING}")));
        }
        Ok(())
    }
}

/// The hits of a query, best first.
#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    /// How many articles match in all.
    pub total: usize,
    /// The requested page of them.
    pub hits: Vec<Hit>,
}

/// One matching article.
#[derive(Debug, Clone, Serialize)]
pub struct Hit {
    /// The article's id.
    pub id: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its outlet.
    pub outlet: String,
    /// Its publication day.
    pub published: Option<NaiveDate>,
    /// BM25 score.
    pub score: f32,
    /// A passage of the body around the matches.
    pub snippet: String,
    /// Byte ranges of the matched words in `snippet`.
    pub highlights: Vec<Range<usize>>,
}

#[derive(Debug, Clone, Copy)]
struct Fields {
    id: Field,
    outlet: Field,
    title: Field,
    body: Field,
    day: Field,
    published: Field,
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING | STORED),
        outlet: builder.add_text_field("outlet", STRING | STORED),
        title: builder.add_text_field("title", text.clone()),
        body: builder.add_text_field("body", text),
        day: builder.add_i64_field("day", INDEXED | FAST),
        published: builder.add_text_field("published", STORED),
    };
    (builder.build(), fields)
}

/// The full-text index of articles.
pub struct SearchIndex {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    parser: QueryParser,
    writer: Mutex<Option<IndexWriter>>,
}

impl std::fmt::Debug for SearchIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SearchIndex").field("documents", &self.len()).finish()
    }
}

impl SearchIndex {
    /// Opens the index in `data_dir`'s [`INDEX_FOLDER`], creating it when missing.
    pub fn open(data_dir: &Path) -> Result<SearchIndex> {
        let path = data_dir.join(INDEX_FOLDER);
        std::fs::create_dir_all(&path)
            .map_err(|source| SearchError::Folder { path: path.clone(), source })?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(&path).map_err(|e| {
            SearchError::Folder { path: path.clone(), source: std::io::Error::other(e) }
        })?;
        let index = Index::open_or_create(directory, schema)?;
        SearchIndex::with(index, fields)
    }

    /// An index that lives in memory only.
    pub fn in_memory() -> Result<SearchIndex> {
        let (schema, fields) = schema();
        SearchIndex::with(Index::create_in_ram(schema), fields)
    }

    fn with(index: Index, fields: Fields) -> Result<SearchIndex> {
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOCSTORE_CACHE_BLOCKS)
            .try_into()?;
        let mut parser = QueryParser::for_index(&index, vec![fields.title, fields.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(fields.title, 2.0);
        Ok(SearchIndex { index, reader, fields, parser, writer: Mutex::new(None) })
    }

    /// Sees what another handle or process committed since the last reload.
    pub fn reload(&self) -> Result<()> {
        Ok(self.reader.reload()?)
    }

    /// How many articles are indexed.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Whether no article is indexed.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Indexes the articles not indexed yet; returns how many were added.
    pub fn add(&self, articles: &[Article]) -> Result<usize> {
        let mut added = 0;
        self.write(|writer, fields| {
            // Looked up under the writer's lock, so two callers cannot add one article twice,
            // and after a reload, so what another process committed counts; no article is ever
            // deleted alone, so a document frequency of 0 means absent.
            self.reader.reload()?;
            let searcher = self.reader.searcher();
            let mut seen = HashSet::new();
            for article in articles {
                let id = article.id.as_str();
                if !seen.insert(id) || searcher.doc_freq(&Term::from_field_text(fields.id, id))? > 0
                {
                    continue;
                }
                writer.add_document(document(article, fields))?;
                added += 1;
            }
            Ok(())
        })?;
        Ok(added)
    }

    /// Empties the index and indexes `articles`.
    pub fn rebuild(&self, articles: &[Article]) -> Result<usize> {
        self.write(|writer, fields| {
            writer.delete_all_documents()?;
            for article in articles {
                writer.add_document(document(article, fields))?;
            }
            Ok(())
        })?;
        Ok(articles.len())
    }

    /// Merges the index's segments into one, so a query looks in one place instead of one per
    /// ingest batch (searching gets several times faster); returns how many were merged.
    pub fn compact(&self) -> Result<usize> {
        let mut merged = 0;
        self.write(|writer, _| {
            // The writer's background merges run meanwhile: one may replace segments between
            // reading their ids and merging them ("segments ... could not be found"), so the
            // ids are read again and the merge tried again. A merge that fails leaves the
            // segments as they were: still a whole index.
            let mut attempts = 0;
            loop {
                let segments = self.index.searchable_segment_ids()?;
                if segments.len() <= 1 {
                    return Ok(());
                }
                match writer.merge(&segments).wait() {
                    Ok(_) => {
                        merged = segments.len();
                        return Ok(());
                    }
                    Err(_) if attempts < 3 => attempts += 1,
                    Err(error) => return Err(error),
                }
            }
        })?;
        Ok(merged)
    }

    /// Merges the small segments that small ingests leave (an API post, a feed poll) into one,
    /// leaving the largest alone when it holds most of the index: searching looks in two
    /// places instead of one per ingest, at the cost of the new articles only, not of a
    /// rewrite of the whole index. Returns how many segments were merged.
    pub fn merge_small(&self) -> Result<usize> {
        let mut merged = 0;
        self.write(|writer, _| {
            let searcher = self.reader.searcher();
            let mut sizes: Vec<(tantivy::index::SegmentId, u32)> = searcher
                .segment_readers()
                .iter()
                .map(|segment| (segment.segment_id(), segment.max_doc()))
                .collect();
            sizes.sort_by_key(|&(_, docs)| std::cmp::Reverse(docs));
            let rest: u32 = sizes.iter().skip(1).map(|&(_, docs)| docs).sum();
            // The largest joins in when the others are as big: then a whole merge is due.
            let skip = usize::from(sizes.first().is_some_and(|&(_, docs)| docs > rest));
            let small: Vec<tantivy::index::SegmentId> =
                sizes.iter().skip(skip).map(|&(id, _)| id).collect();
            if small.len() < 2 {
                return Ok(());
            }
            // A background merge may have taken some of them meanwhile: then nothing is merged
            // now and the next call sees the segments as they are.
            if writer.merge(&small).wait().is_ok() {
                merged = small.len();
            }
            Ok(())
        })?;
        Ok(merged)
    }

    /// Lets go of the writer (and the index's write lock), so another process can write; the
    /// next change takes it again. A long-running reader that writes now and then (the server)
    /// calls this after each change.
    pub fn release_writer(&self) -> Result<()> {
        let taken = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).take();
        // Background merges are finished first so that no segment is left half written.
        if let Some(writer) = taken {
            writer.wait_merging_threads()?;
        }
        Ok(())
    }

    /// How many segments the index is in (a diagnostic: one after [`SearchIndex::compact`]).
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    /// The index's writer. Another process (an ingest beside a server, a feed watcher) holds it
    /// only while it writes a batch, so a busy lock is tried again for up to [`LOCK_WAIT`]
    /// before [`SearchError::Locked`]: two writers take turns instead of one losing articles.
    fn take_writer(&self) -> Result<IndexWriter> {
        let started = std::time::Instant::now();
        let mut pause = std::time::Duration::from_millis(20);
        loop {
            match self.index.writer_with_num_threads(1, WRITER_BYTES) {
                Ok(writer) => return Ok(writer),
                Err(tantivy::TantivyError::LockFailure(..)) if started.elapsed() < LOCK_WAIT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(std::time::Duration::from_millis(250));
                }
                Err(error @ tantivy::TantivyError::LockFailure(..)) => {
                    return Err(SearchError::Locked(error.to_string()));
                }
                Err(other) => return Err(SearchError::Index(other)),
            }
        }
    }

    /// Runs `change` with the writer (taken on first use, kept), commits, and reloads readers.
    fn write(
        &self,
        change: impl FnOnce(&mut IndexWriter, &Fields) -> tantivy::Result<()>,
    ) -> Result<()> {
        let mut slot = self.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if slot.is_none() {
            *slot = Some(self.take_writer()?);
        }
        let Some(writer) = slot.as_mut() else { unreachable!("the writer was just set") };
        if let Err(error) = change(writer, &self.fields) {
            writer.rollback()?;
            return Err(error.into());
        }
        writer.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    /// The articles matching `query`, best first.
    pub fn search(&self, query: &SearchQuery) -> Result<SearchResults> {
        query.check()?;
        let fields = self.fields;
        let text = query.text.trim();
        let matched: Box<dyn Query> = if text.is_empty() {
            Box::new(tantivy::query::AllQuery)
        } else {
            // A query as people type it ("red lines, an open quotation mark) is read as
            // well as it can be rather than refused; an error only when nothing is left.
            match self.parser.parse_query(text) {
                Ok(parsed) => parsed,
                Err(error) => {
                    let (lenient, _) = self.parser.parse_query_lenient(text);
                    if lenient.is::<tantivy::query::EmptyQuery>() {
                        return Err(SearchError::Query {
                            query: query.text.clone(),
                            reason: error.to_string(),
                        });
                    }
                    lenient
                }
            }
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, matched.box_clone())];
        if !query.outlets.is_empty() {
            let terms = query.outlets.iter().map(|o| Term::from_field_text(fields.outlet, o));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |day: Option<NaiveDate>| match day {
                Some(day) => Bound::Included(Term::from_field_i64(fields.day, day_number(day))),
                None => Bound::Unbounded,
            };
            clauses
                .push((Occur::Must, Box::new(RangeQuery::new(bound(query.from), bound(query.to)))));
        }
        if let Some(ids) = &query.articles {
            let terms = ids.iter().map(|id| Term::from_field_text(fields.id, id));
            clauses.push((Occur::Must, Box::new(TermSetQuery::new(terms))));
        }
        let combined = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let limit = query.limit.clamp(1, MAX_LIMIT);
        let (total, top) = searcher
            .search(&combined, &(Count, TopDocs::with_limit(limit).and_offset(query.offset)))?;
        let mut stems = Vec::new();
        matched.query_terms(&mut |term, _| {
            if term.field() == fields.body {
                stems.extend(term.value().as_str().map(str::to_string));
            }
        });
        let highlighter = snippet::Highlighter::new(stems);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let text_of =
                |field: Field| stored.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let body = text_of(fields.body).unwrap_or_default();
            let (snippet, highlights) = highlighter.snippet(&body, SNIPPET_CHARS);
            hits.push(Hit {
                id: text_of(fields.id).unwrap_or_default(),
                title: text_of(fields.title),
                outlet: text_of(fields.outlet).unwrap_or_default(),
                published: text_of(fields.published).and_then(|d| d.parse().ok()),
                score,
                snippet,
                highlights,
            });
        }
        Ok(SearchResults { total, hits })
    }
}

fn document(article: &Article, fields: &Fields) -> TantivyDocument {
    let mut document = doc!(
        fields.id => article.id.as_str(),
        fields.outlet => article.outlet_label(),
        fields.body => article.body_text(),
    );
    if let Some(title) = &article.title {
        document.add_text(fields.title, title);
    }
    if let Some(published) = &article.published {
        let day = published.date();
        document.add_i64(fields.day, day_number(day));
        document.add_text(fields.published, day.to_string());
    }
    document
}

/// Days since 1970-01-01.
fn day_number(day: NaiveDate) -> i64 {
    day.signed_duration_since(NaiveDate::default()).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use parallax_core::{Paragraph, Published};

    fn article(outlet: &str, day: Option<&str>, title: &str, body: &str) -> Article {
        let mut article = Article::new(vec![Paragraph::text(body)]);
        article.source = Some(outlet.to_string());
        article.title = Some(title.to_string());
        article.published = day.map(|d| Published::Date(d.parse().expect("a test date")));
        article.seal();
        article
    }

    fn corpus() -> Vec<Article> {
        vec![
            article(
                "Harbour Herald",
                Some("2026-03-02"),
                "Council closes bridge",
                "The council voted to close the harbour bridge after engineers found cracks.",
            ),
            article(
                "Northline News",
                Some("2026-03-03"),
                "Bridge closed",
                "Engineers found cracks; the bridge over the harbour is closed to traffic.",
            ),
            article(
                "Valley Courier",
                Some("2026-03-09"),
                "Farms flooded",
                "Heavy rain flooded farms along the river. The bridge at Eastford held.",
            ),
            article("Valley Courier", None, "Market day", "Stalls sold apples and bread."),
        ]
    }

    fn ids(results: &SearchResults) -> Vec<&str> {
        results.hits.iter().map(|h| h.title.as_deref().unwrap_or("")).collect()
    }

    #[test]
    fn words_rank_by_bm25_and_phrases_must_be_adjacent() {
        let index = SearchIndex::in_memory().expect("index");
        assert_eq!(index.add(&corpus()).expect("add"), 4);
        let bridge = index.search(&SearchQuery::new("bridge")).expect("search");
        assert_eq!(bridge.total, 3);
        // Stems: "cracked" finds "cracks".
        assert_eq!(index.search(&SearchQuery::new("cracked")).expect("search").total, 2);
        let phrase = index.search(&SearchQuery::new("\"harbour bridge\"")).expect("search");
        assert_eq!(ids(&phrase), ["Council closes bridge"]);
        let hit = &phrase.hits[0];
        let marked: Vec<&str> = hit.highlights.iter().map(|r| &hit.snippet[r.clone()]).collect();
        assert_eq!(marked, ["harbour", "bridge"]);
    }

    #[test]
    fn a_query_with_an_open_quotation_mark_is_read_leniently() {
        let index = SearchIndex::in_memory().expect("index");
        index.add(&corpus()).expect("add");
        let open = index.search(&SearchQuery::new("\"harbour bridge")).expect("searched");
        assert!(open.total >= 1, "{:?}", ids(&open));
        assert!(ids(&open).contains(&"Council closes bridge"), "{:?}", ids(&open));
    }

    #[test]
    fn filters_narrow_by_outlet_dates_and_articles() {
        let index = SearchIndex::in_memory().expect("index");
        let articles = corpus();
        index.add(&articles).expect("add");
        let mut query = SearchQuery::new("bridge");
        query.outlets = vec!["Valley Courier".into()];
        assert_eq!(ids(&index.search(&query).expect("search")), ["Farms flooded"]);
        let mut query = SearchQuery::new("bridge");
        query.from = "2026-03-03".parse().ok();
        query.to = "2026-03-08".parse().ok();
        assert_eq!(ids(&index.search(&query).expect("search")), ["Bridge closed"]);
        let mut query = SearchQuery::new("");
        query.articles = Some(vec![articles[3].id.as_str().to_string()]);
        let market = index.search(&query).expect("search");
        assert_eq!(ids(&market), ["Market day"]);
        assert!(market.hits[0].snippet.starts_with("Stalls"), "{}", market.hits[0].snippet);
    }

    #[test]
    fn adding_twice_indexes_once_and_rebuild_starts_afresh() {
        let folder = tempfile::tempdir().expect("folder");
        let articles = corpus();
        {
            let index = SearchIndex::open(folder.path()).expect("open");
            assert_eq!(index.add(&articles[..2]).expect("add"), 2);
            assert_eq!(index.add(&articles).expect("add"), 2);
            assert_eq!(index.len(), 4);
        }
        let index = SearchIndex::open(folder.path()).expect("reopen");
        assert_eq!(index.len(), 4, "the index is kept on disk");
        assert_eq!(index.rebuild(&articles[..1]).expect("rebuild"), 1);
        assert_eq!(index.len(), 1);
        assert_eq!(index.add(&articles).expect("catch up"), 3, "deleted ones are not present");
        assert_eq!(index.len(), 4);
        assert!(index.segments() > 1, "{} segment(s)", index.segments());
        assert!(index.compact().expect("compact") > 1);
        assert_eq!(index.segments(), 1);
        assert_eq!(index.len(), 4, "merging loses nothing");
        assert_eq!(index.search(&SearchQuery::new("bridge")).expect("search").total, 3);
    }

    #[test]
    fn a_second_writer_is_refused_with_a_clear_error() {
        let folder = tempfile::tempdir().expect("folder");
        let first = SearchIndex::open(folder.path()).expect("open");
        first.add(&corpus()[..1]).expect("add");
        let second = SearchIndex::open(folder.path()).expect("open");
        let error = second.add(&corpus()).expect_err("locked");
        assert!(matches!(error, SearchError::Locked(_)), "{error}");
        // Once the first lets go, the second writes; the first sees it after it writes again.
        first.release_writer().expect("released");
        assert_eq!(second.add(&corpus()).expect("unlocked"), 3);
        second.release_writer().expect("released");
        assert_eq!(first.add(&corpus()).expect("the first writes again"), 0);
        assert_eq!(first.len(), 4);
    }

    #[test]
    fn a_writer_waits_for_one_that_is_about_to_let_go() {
        let folder = tempfile::tempdir().expect("folder");
        let first = SearchIndex::open(folder.path()).expect("open");
        first.add(&corpus()[..1]).expect("add");
        let second = SearchIndex::open(folder.path()).expect("open");
        std::thread::scope(|scope| {
            scope.spawn(|| {
                std::thread::sleep(std::time::Duration::from_millis(200));
                first.release_writer().expect("released");
            });
            assert_eq!(second.add(&corpus()).expect("it waited its turn"), 3);
        });
        assert_eq!(second.len(), 4);
    }

    #[test]
    fn costly_queries_are_refused_before_they_run() {
        let index = SearchIndex::in_memory().expect("index");
        index.add(&corpus()).expect("add");
        let mut deep = SearchQuery::new("bridge");
        deep.offset = MAX_OFFSET + 1;
        assert!(index.search(&deep).expect_err("too deep").to_string().contains("offset"));
        let nested = format!("{}bridge{}", "(".repeat(30), ")".repeat(30));
        let error = index.search(&SearchQuery::new(&nested)).expect_err("nested");
        assert!(error.to_string().contains("nested 30 deep"), "{error}");
        // Brackets inside a phrase are words, not nesting.
        let quoted = format!("\"{}bridge\"", "(".repeat(30));
        assert!(index.search(&SearchQuery::new(&quoted)).is_ok());
        let long = "bridge ".repeat(200);
        assert!(index.search(&SearchQuery::new(&long)).is_err());
        let mut past = SearchQuery::new("bridge");
        past.offset = 50;
        let empty = index.search(&past).expect("a page past the end");
        assert_eq!((empty.total, empty.hits.len()), (3, 0));
    }

    #[test]
    fn bad_syntax_is_an_error_naming_the_query() {
        let index = SearchIndex::in_memory().expect("index");
        index.add(&corpus()).expect("add");
        let error = index.search(&SearchQuery::new("nosuchfield:bridge")).expect_err("bad");
        assert!(error.to_string().contains("nosuchfield"), "{error}");
    }
}
