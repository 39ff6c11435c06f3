//! Command-line arguments. Every doc comment here is `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  parallax demo                                  run everything on the built-in example
  parallax ingest ./articles news.jsonl          add a folder of .txt/.md/.html and a JSONL file
  cat page.md | parallax ingest - --source 'Harbour Herald'
  parallax ingest --feed https://news.example/rss.xml    read a feed and the pages it lists
  parallax watch feeds.toml                      poll a list of feeds until stopped
  parallax articles                              list what is stored
  parallax articles --json | jq '.[].title'
  parallax article 3f2a                          one article, by id or id prefix
  parallax duplicates                            copies of one text among stored articles
  parallax stories                               stories among stored articles
  parallax search '\"red lines\" troops' --from 2021-12-01   full-text search
  parallax serve                                 the web UI and JSON API on http://127.0.0.1:8080
  parallax eval duplicates --articles corpus.jsonl   copy detection against labels
  parallax eval clustering --articles a.jsonl --shuffle 7   story grouping against labels";

/// parallax reads the news from many outlets and turns it into stories.
#[derive(Debug, Parser)]
#[command(name = "parallax", version, about, after_help = EXAMPLES)]
pub struct Cli {
    /// Folder holding the store.
    #[arg(long, global = true, env = "PARALLAX_DATA", default_value = "./parallax-data")]
    pub data_dir: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Add articles from files, folders (recursively), JSON Lines or standard input (`-`).
    Ingest(IngestArgs),
    /// Poll the feeds listed in a TOML file, each at its interval, until stopped (Ctrl-C).
    Watch(WatchArgs),
    /// List stored articles.
    Articles(ArticlesArgs),
    /// Show one article, by id or id prefix.
    Article(ArticleArgs),
    /// Show which stored articles are copies of one text (exact, near, trimmed), with wire credits.
    Duplicates(DuplicatesArgs),
    /// Group stored articles into stories: the articles from any outlet that report one event.
    Stories(StoriesArgs),
    /// Show one story's dossier: what happened, who agrees, who differs, who said what, which
    /// figures came from whom, and when.
    Story(StoryArgs),
    /// Follow a story: `parallax following` then shows what changed in it since you last looked.
    Follow(FollowArgs),
    /// Stop following a story.
    Unfollow(FollowArgs),
    /// The stories you follow, each with what changed since you last looked (new articles and
    /// outlets, new or changed figures, new statements); then marks them seen.
    Following(FollowingArgs),
    /// Search the stored articles: words (all must match), "phrases", -excluded, title:word;
    /// filters by outlet, dates and story.
    Search(SearchArgs),
    /// Serve the web UI and the JSON API (OpenAPI at /openapi.json) over the stored articles.
    Serve(ServeArgs),
    /// Read files, folders, JSON Lines or archives into a throwaway store and print every
    /// story's dossier (nothing is kept).
    Analyze(AnalyzeArgs),
    /// Measure quality on labelled data.
    #[command(subcommand)]
    Eval(EvalCommand),
    /// Measure speed on a file of articles.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Learn model weights from labelled data.
    #[command(subcommand)]
    Train(TrainCommand),
    /// Run the pipeline on the built-in example corpus, in a throwaway store.
    Demo(DemoArgs),
}

/// `parallax eval ...`.
#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Copy detection: pairwise precision and recall against `copy_of` labels, and false
    /// positives among articles of one `story` that are not copies.
    Duplicates(EvalFileArgs),
    /// Story clustering: B-cubed and pairwise precision, recall and F1 against the `story`
    /// labels. Articles arrive by publication date when they have one, else in file order.
    Clustering(EvalClusteringArgs),
    /// Body-text extraction with the article-extraction benchmark's metric (word 4-gram
    /// shingles, per-page normalised, precision and recall averaged over pages), on the
    /// bodies another extractor wrote in the benchmark's output format.
    Extraction(EvalExtractionArgs),
    /// Quotes and reported speech against PolNeAR: span-overlap precision, recall and F1 of
    /// content, and of content with its source, overall and for direct quotes.
    Quotes(EvalQuotesArgs),
    /// Story summaries: parallax's summariser and four baselines (LexRank, TextRank, centroid,
    /// MMR), each choosing from the same sentences of a story's articles, cut at `--words`
    /// words and scored with ROUGE-1/2/L F1 (stemmed) against the human summaries.
    Summaries(EvalSummariesArgs),
    /// Dossier credits: the articles ingested into a throwaway store, then every outlet credited
    /// with a fact (summary, agreement, only-here) checked against its own article: every
    /// figure of the fact in that article, or the credit flagged as a disagreement. Prints the
    /// share that passes and a random sample of credits with their evidence, for reading.
    Fidelity(EvalFidelityArgs),
    /// Time expressions against TimeML gold (TempEval-3's TBAQ-cleaned): relaxed and strict
    /// span F1, and TIMEX3 type and value F1 over the relaxed matches, overall and per
    /// subcorpus, each document resolved against its creation date.
    Times(EvalTimesArgs),
}

/// Arguments of `parallax eval times`.
#[derive(Debug, Args)]
pub struct EvalTimesArgs {
    /// TimeML gold as JSON Lines, one document a line: {id, dct, text, timexes: [{start_byte,
    /// end_byte, type, value}]}.
    #[arg(long, value_name = "FILE")]
    pub timeml: PathBuf,

    /// Also write what was found, one document a line: {"id", "timexes": [{"start_byte",
    /// "end_byte", "type", "value"}]}.
    #[arg(long, value_name = "FILE")]
    pub write_predictions: Option<PathBuf>,

    /// Print this many value errors (gold beside found), drawn at random, for reading.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub errors: usize,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print `{"all": {"documents", "gold", "predicted", "relaxed", "strict",
    /// "kind", "value"}, "subcorpora": {...}}`, each score `{"precision", "recall", "f1"}`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax eval fidelity`.
#[derive(Debug, Args)]
pub struct EvalFidelityArgs {
    /// Articles: a JSON Lines file (or anything `parallax ingest` reads).
    #[arg(long, value_name = "FILE")]
    pub articles: PathBuf,

    /// How many credits to print for reading, drawn at random.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub sample: usize,

    /// The seed of the sample.
    #[arg(long, value_name = "N", default_value_t = 7)]
    pub seed: u64,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the figures as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax eval summaries`.
#[derive(Debug, Args)]
pub struct EvalSummariesArgs {
    /// Articles, one JSON record a line: {id, story, source, title, text, ...}; the `story`
    /// label groups them.
    #[arg(long, value_name = "FILE")]
    pub articles: PathBuf,

    /// The human summaries, one JSON record a line: {story, headline?, summary}.
    #[arg(long, value_name = "FILE")]
    pub summaries: PathBuf,

    /// Each system's summary is cut at this many words.
    #[arg(long, value_name = "N", default_value_t = 250)]
    pub words: usize,

    /// Change one summariser setting, e.g. `--set lead=0.5` (the names are the fields of
    /// `SummaryConfig`); repeatable. For experiments: the defaults are what is measured.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub settings: Vec<String>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print `{"stories", "words", "systems": {"parallax": {"rouge1", "rouge2", "rougeL"},
    /// "lexrank", "textrank", "centroid", "mmr"}}`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax eval quotes`.
#[derive(Debug, Args)]
pub struct EvalQuotesArgs {
    /// A PolNeAR split: `text/<name>.txt` and brat `attributions/<name>_<annotator>.ann`.
    #[arg(long, value_name = "DIR")]
    pub polnear: PathBuf,

    /// Also write what was found, one JSON object a line: `{name, content, source, direct}`.
    #[arg(long, value_name = "FILE")]
    pub write_predictions: Option<PathBuf>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the scores as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax eval extraction`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("benchmark").required(true).args(["aeb", "wcxb"]))]
pub struct EvalExtractionArgs {
    /// An article-extraction-benchmark folder: `ground-truth.json` ({id: {"articleBody",
    /// "url"}}) and `html/<id>.html.gz`. Scores the body text.
    #[arg(long, value_name = "DIR")]
    pub aeb: Option<PathBuf>,

    /// A WCXB folder: `ground-truth/<id>.json` and `html/<id>.html.gz`. Scores body, title,
    /// author and date.
    #[arg(long, value_name = "DIR")]
    pub wcxb: Option<PathBuf>,

    /// Score these extracted bodies ({id: {"articleBody": text}}, from any extractor) instead
    /// of running parallax's extractor.
    #[arg(long, value_name = "FILE")]
    pub predictions: Option<PathBuf>,

    /// Also write what parallax extracted, page by page, to this file: {id: {"articleBody",
    /// "title", "authors", "date"}}.
    #[arg(long, value_name = "FILE")]
    pub write_predictions: Option<PathBuf>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print `{"pages", "body": {"precision", "recall", "f1"}, "title_exact", "author", "date",
    /// "date_invented"}` (null where the benchmark has no gold).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// `parallax bench ...`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Copy detection throughput (documents per second, one core), extraction excluded.
    Duplicates(EvalFileArgs),
    /// Story assignment throughput and memory on a synthetic stream: the file's articles
    /// repeated with shifted dates and perturbed words, terms computed before timing.
    Clustering(BenchClusteringArgs),
    /// HTML extraction throughput (pages per second, one core) and memory, over a folder of
    /// pages read into memory first.
    Extraction(BenchExtractionArgs),
    /// WARC reading throughput (MB/s, records/s, one core) and peak memory: every record read
    /// and every HTTP response decoded, no extraction.
    Warc(BenchWarcArgs),
    /// Article analysis throughput (articles/s, one core) and each step's share of the time:
    /// entities, quotes, quantities, time expressions, and linking them.
    Analysis(BenchAnalysisArgs),
}

/// Arguments of `parallax bench analysis`.
#[derive(Debug, Args)]
pub struct BenchAnalysisArgs {
    /// Articles to analyse: JSON Lines, text, Markdown or HTML files, or folders of them.
    #[arg(long, value_name = "PATH")]
    pub articles: PathBuf,

    /// How many times to go over the articles.
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub rounds: usize,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the figures as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax bench warc`.
#[derive(Debug, Args)]
pub struct BenchWarcArgs {
    /// A `.warc` or `.warc.gz` file.
    #[arg(long, value_name = "FILE")]
    pub file: PathBuf,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the figures as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax bench extraction`.
#[derive(Debug, Args)]
pub struct BenchExtractionArgs {
    /// A folder of pages: `*.html` or `*.html.gz` in it or in its `html/` folder.
    #[arg(long, value_name = "DIR")]
    pub pages: PathBuf,

    /// How many pages to extract, going round the folder's pages as often as needed.
    #[arg(long, value_name = "N")]
    pub count: Option<usize>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the figures as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax bench clustering`.
#[derive(Debug, Args)]
pub struct BenchClusteringArgs {
    /// Articles to build the stream from, one JSON record a line.
    #[arg(long, value_name = "FILE")]
    pub articles: PathBuf,

    /// How many articles the stream has.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    pub stream: usize,

    /// Articles published per simulated day.
    #[arg(long, value_name = "N", default_value_t = 2_000)]
    pub per_day: usize,

    /// Change one clustering setting (see `eval clustering --set`); repeatable.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub settings: Vec<String>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the figures as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// A labelled JSON Lines file to measure on.
#[derive(Debug, Args)]
pub struct EvalFileArgs {
    /// Articles, one JSON record a line: {id, story, title, text, ..., copy_of?}.
    #[arg(long, value_name = "FILE")]
    pub articles: PathBuf,

    /// Also compare sentences by meaning with the all-MiniLM-L6-v2 model in this folder
    /// (needs a build with `--features embeddings`; fetch it with scripts/fetch-embeddings.sh).
    #[arg(long, value_name = "DIR", env = "PARALLAX_EMBEDDINGS")]
    pub embeddings: Option<PathBuf>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the figures as one JSON object.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Articles arrive N at a time (by publication date, undated in file order), each batch
    /// compared with the articles before it through their stored copy keys, as a store finds
    /// copies while articles come in; 0 compares them all at once.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub stream: usize,
}

/// `parallax train ...`.
#[derive(Debug, Subcommand)]
pub enum TrainCommand {
    /// The pair model of story grouping: a logistic regression over pair features from
    /// labelled streams, then the join and merge probabilities (see scripts/train-clustering.sh).
    Clustering(TrainClusteringArgs),
}

/// Arguments of `parallax train clustering`.
#[derive(Debug, Args)]
pub struct TrainClusteringArgs {
    /// A labelled stream, one JSON record a line: {id, story, title, text, published, ...};
    /// each file given is a stream of its own. Repeatable.
    #[arg(long, value_name = "FILE", required = true)]
    pub articles: Vec<PathBuf>,

    /// Also train on each stream with its dates removed and its order shuffled with this seed.
    #[arg(long, value_name = "SEED")]
    pub undated_shuffle: Option<u64>,

    /// Leave a feature out (its column set to 0), for ablations; repeatable.
    #[arg(long, value_name = "FEATURE")]
    pub without: Vec<String>,

    /// L2 penalty on the weights.
    #[arg(long, value_name = "L2", default_value_t = 1.0)]
    pub l2: f64,

    /// Where to write the model (JSON).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// Arguments of `parallax eval clustering`.
#[derive(Debug, Args)]
pub struct EvalClusteringArgs {
    /// Articles, one JSON record a line: {id, story, title, text, published, ...}. Given more
    /// than once, the files form one stream, in the order given.
    #[arg(long, value_name = "FILE", required = true)]
    pub articles: Vec<PathBuf>,

    /// Shuffle the input order with this seed before the articles arrive.
    #[arg(long, value_name = "SEED")]
    pub shuffle: Option<u64>,

    /// Remove every publication date first: no clock at all.
    #[arg(long)]
    pub undated: bool,

    /// Also run the batch baseline (TF-IDF average link, on all pairs and with pairs more than
    /// 72 h apart never linked, each at its best threshold chosen with the labels) and print it.
    #[arg(long)]
    pub baseline: bool,

    /// Use the pair model in this JSON file (as `train clustering` writes) instead of the
    /// shipped one.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,

    /// Write the stories found, one `{"id", "story"}` line per record, to this file.
    #[arg(long, value_name = "FILE")]
    pub write_stories: Option<PathBuf>,

    /// Also score the stories found against those of an earlier run (a `--write-stories`
    /// file) instead of the gold: how much the grouping depends on the input's order.
    #[arg(long, value_name = "FILE")]
    pub against: Option<PathBuf>,

    /// Also compare articles by meaning with the all-MiniLM-L6-v2 model in this folder
    /// (needs a build with `--features embeddings`; fetch it with scripts/fetch-embeddings.sh).
    #[arg(long, value_name = "DIR", env = "PARALLAX_EMBEDDINGS")]
    pub embeddings: Option<PathBuf>,

    /// Change one clustering setting, e.g. `--set threshold=0.3` (the names are the fields of
    /// `ClusterConfig`); repeatable. For experiments: the defaults are what is measured.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub settings: Vec<String>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print `{"articles", "gold_stories", "stories", "bcubed": {...}, "pairwise": {...}}`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// How a dossier is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DossierFormat {
    /// Text for a terminal, 100 columns wide.
    Text,
    /// JSON (the schema is in docs/dossier-json.md).
    Json,
    /// Markdown.
    Markdown,
    /// A standalone HTML report (no scripts, no external assets).
    Html,
    /// CSV, one row per article: outlet, headline, url, published, copy group, article id
    /// (for one story: `parallax story`).
    Csv,
    /// A copy-ready numbered list of the story's sources.
    Citations,
}

impl StoryArgs {
    /// The format asked for, `--json` included.
    pub fn output(&self) -> DossierFormat {
        if self.json { DossierFormat::Json } else { self.format }
    }
}

impl AnalyzeArgs {
    /// The format asked for, `--json` included.
    pub fn output(&self) -> DossierFormat {
        if self.json { DossierFormat::Json } else { self.format }
    }
}

/// The formats of a command that prints data for a person or a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TextOrJson {
    /// Text for a terminal.
    Text,
    /// JSON.
    Json,
}

/// Whether a command prints JSON: `--json`, or `--format json`.
pub fn json(flag: bool, format: TextOrJson) -> bool {
    flag || format == TextOrJson::Json
}

/// Arguments of `parallax story`.
#[derive(Debug, Args)]
pub struct StoryArgs {
    /// The story's id, or the start of it (as `parallax stories` lists them).
    pub id: String,

    /// How to print the dossier.
    #[arg(long, value_enum, default_value_t = DossierFormat::Text)]
    pub format: DossierFormat,

    /// The same as `--format json`, as the other commands spell it.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// How many words the summary may have.
    #[arg(long, value_name = "N", default_value_t = 120)]
    pub words: usize,
}

/// Arguments of `parallax follow` and `parallax unfollow`.
#[derive(Debug, Args)]
pub struct FollowArgs {
    /// The story's id, or the start of it (as `parallax stories` lists them).
    pub id: String,
}

/// Arguments of `parallax following`.
#[derive(Debug, Args)]
pub struct FollowingArgs {
    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: `[{story, headline, followed_at, seen_at, changes}]`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Show what changed since then (`24h`, `7d`, a date or a time) instead of since your last
    /// look; nothing is marked seen.
    #[arg(long, value_name = "SPAN|DATE", value_parser = parse_since)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,

    /// Show the changes without marking them seen.
    #[arg(long)]
    pub peek: bool,
}

/// Arguments of `parallax serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on. The default serves this machine only; give 0.0.0.0:PORT to serve
    /// the network.
    #[arg(long, value_name = "IP:PORT", default_value_t = DEFAULT_ADDR)]
    pub addr: std::net::SocketAddr,

    /// The token `POST /api/ingest` must bear (`Authorization: Bearer TOKEN`); without one,
    /// writes are disabled.
    #[arg(long, env = "PARALLAX_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub token: Option<String>,
}

/// Arguments of `parallax search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to look for, e.g. `"red lines" troops -Kiev`.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// Only articles from this outlet (repeat for several).
    #[arg(long, value_name = "NAME")]
    pub outlet: Vec<String>,

    /// Only articles published on or after this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub from: Option<chrono::NaiveDate>,

    /// Only articles published on or before this day (YYYY-MM-DD).
    #[arg(long, value_name = "DAY")]
    pub to: Option<chrono::NaiveDate>,

    /// Only articles of this story (id or the start of it).
    #[arg(long, value_name = "ID")]
    pub story: Option<String>,

    /// How many hits to show (at most 100).
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub limit: usize,

    /// Hits to skip, for the next page.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub offset: usize,

    /// Rebuild the index from the stored articles first.
    #[arg(long)]
    pub reindex: bool,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the hits as JSON: `{"total", "hits": [{"id", "title", "outlet", "published",
    /// "score", "snippet", "highlights"}]}`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax analyze`.
#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// Files or folders to read (text, Markdown, HTML, JSON Lines, WARC; `-` for standard input).
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// How to print the dossiers (JSON: `{"stories": [dossier, ...]}`).
    #[arg(long, value_enum, default_value_t = DossierFormat::Text)]
    pub format: DossierFormat,

    /// The same as `--format json`, as the other commands spell it.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// The outlet of every input (`NAME`) or of one path (`PATH=NAME`, repeatable); a
    /// `sources.toml` in a folder names its files' outlets by glob.
    #[arg(long, value_name = "NAME|PATH=NAME")]
    pub source: Vec<String>,

    /// How many words each summary may have.
    #[arg(long, value_name = "N", default_value_t = 120)]
    pub words: usize,
}

/// Arguments of `parallax stories`.
#[derive(Debug, Args)]
pub struct StoriesArgs {
    /// Also compare articles by meaning with the all-MiniLM-L6-v2 model in this folder
    /// (needs a build with `--features embeddings`; fetch it with scripts/fetch-embeddings.sh).
    #[arg(long, value_name = "DIR", env = "PARALLAX_EMBEDDINGS")]
    pub embeddings: Option<PathBuf>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print `{"stories": [{"id", "label", "first_seen", "last_seen", "articles"}], "refused",
    /// "notes"}`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Forget the stored stories and place every stored article again, in batches in the
    /// order they were stored, then rebuild every dossier: after a change of settings, or to
    /// regroup articles that were ingested one at a time. Story ids may change.
    #[arg(long)]
    pub regroup: bool,

    /// Only stories with an article published since then: a span back from now (`24h`,
    /// `7d`, `2w`) or a date (`2025-03-10`).
    #[arg(long, value_name = "SPAN|DATE", value_parser = parse_since)]
    pub since: Option<chrono::DateTime<chrono::Utc>>,

    /// Only stories an outlet of this name (any case) reported.
    #[arg(long, value_name = "NAME")]
    pub outlet: Option<String>,

    /// Order: `updated` (latest article first), `size` (most articles first), `first-seen`
    /// (newest story first); stored order when not given.
    #[arg(long, value_enum)]
    pub sort: Option<StorySort>,

    /// At most N stories (after filtering and sorting).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
}

/// How `parallax stories --sort` orders stories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StorySort {
    /// Latest article first.
    Updated,
    /// Most articles first.
    Size,
    /// Newest story (by its first article) first.
    FirstSeen,
}

/// `--since`: `N` and a unit (`h`, `d`, `w`) back from now, a date (midnight UTC) or a time.
fn parse_since(text: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    parallax_core::parse_since(text, chrono::Utc::now())
}

/// Arguments of `parallax duplicates`.
#[derive(Debug, Args)]
pub struct DuplicatesArgs {
    /// Also compare sentences by meaning with the all-MiniLM-L6-v2 model in this folder
    /// (needs a build with `--features embeddings`; fetch it with scripts/fetch-embeddings.sh).
    #[arg(long, value_name = "DIR", env = "PARALLAX_EMBEDDINGS")]
    pub embeddings: Option<PathBuf>,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print `{"groups": [{"articles", "original", "kind", "links", "wire"}]}`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Input formats a user can force.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    /// Plain text.
    Text,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// JSON Lines, one article a line: {id, source, title, text, published, url}.
    Jsonl,
    /// A WARC web archive (`.warc`, `.warc.gz`): each HTML response an article.
    Warc,
}

/// Arguments of `parallax ingest`.
#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Files and folders to read; `-` reads standard input.
    #[arg(required_unless_present = "feeds", value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// An RSS, Atom or JSON feed to read, with the pages its items link to (repeatable).
    #[arg(long = "feed", value_name = "URL")]
    pub feeds: Vec<String>,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Read every input as this format instead of guessing from its name (or content, for stdin).
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,

    /// Read every input as a WARC web archive (`.warc` or `.warc.gz`), as `--format warc`.
    #[arg(long, conflicts_with = "format")]
    pub warc: bool,

    /// The outlet of every input (`NAME`) or of one path (`PATH=NAME`, repeatable); a
    /// `sources.toml` in a folder names its files' outlets by glob. With `--feed`, `NAME` is
    /// the outlet of every article the feeds list.
    #[arg(long, value_name = "NAME|PATH=NAME")]
    pub source: Vec<String>,

    /// Largest document accepted, in bytes: a file, one line of JSON Lines, or a fetched page.
    #[arg(long, value_name = "BYTES", default_value_t = parallax_ingest_default_max())]
    pub max_bytes: u64,

    /// Print the summary as JSON on standard output (`--format` here names the input's).
    #[arg(long)]
    pub json: bool,
}

/// How pages are fetched from the web.
#[derive(Debug, Clone, Args)]
pub struct FetchArgs {
    /// Least time between two requests to one host (`500ms`, `2s`); a longer Crawl-delay in
    /// robots.txt wins, up to 30 s.
    #[arg(long, value_name = "DURATION", default_value = "1s", value_parser = humantime::parse_duration)]
    pub delay: std::time::Duration,

    /// Time allowed for one request, body included.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = humantime::parse_duration)]
    pub timeout: std::time::Duration,

    /// The User-Agent header; its first word is the name matched in robots.txt.
    #[arg(long, value_name = "TEXT", default_value_t = parallax_fetch::FetchConfig::default().user_agent)]
    pub user_agent: String,

    /// Most items read from one feed; the rest are counted and left.
    #[arg(long, value_name = "N", default_value_t = 1000)]
    pub max_items: usize,

    /// Fetch from loopback, private and link-local addresses too (tests, intranets).
    #[arg(long)]
    pub allow_private: bool,
}

/// Arguments of `parallax watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// A TOML file listing feeds: `[[feed]]` tables with `url`, optional `outlet` (the outlet's
    /// name for its articles) and optional `interval` (`15m`, the default; at least `1m`).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,

    /// Poll every feed once, fetch what it lists, and stop.
    #[arg(long)]
    pub once: bool,

    #[command(flatten)]
    pub fetch: FetchArgs,

    /// Largest page or feed accepted, in bytes (after decompression).
    #[arg(long, value_name = "BYTES", default_value_t = parallax_fetch::FetchConfig::default().max_bytes)]
    pub max_bytes: u64,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the summary as JSON on standard output (with `--once`).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

fn parallax_ingest_default_max() -> u64 {
    parallax_ingest::SourcesConfig::default().max_bytes
}

/// Arguments of `parallax articles`.
#[derive(Debug, Args)]
pub struct ArticlesArgs {
    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print a JSON array of articles (with their bodies) instead of a table.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax article`.
#[derive(Debug, Args)]
pub struct ArticleArgs {
    /// The article's id, or enough of its start to tell it apart.
    pub id: String,

    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the article as JSON.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

/// Arguments of `parallax demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How to print: `text` for a person, `json` for a program (`--json` for short).
    #[arg(long, value_enum, default_value_t = TextOrJson::Text)]
    pub format: TextOrJson,

    /// `--format json`: print the stored articles as JSON instead of text.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// Then show the example in the web UI on http://127.0.0.1:8080 until Ctrl-C.
    #[arg(long)]
    pub serve: bool,
}

/// The address `--addr` defaults to: this machine only.
pub const DEFAULT_ADDR: std::net::SocketAddr =
    std::net::SocketAddr::V4(std::net::SocketAddrV4::new(std::net::Ipv4Addr::LOCALHOST, 8080));
