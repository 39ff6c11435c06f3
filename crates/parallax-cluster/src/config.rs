//! The assigner's settings, with the defaults that every measured figure uses.

use crate::terms::TermsConfig;

/// Settings of the assigner. One configuration serves every stream.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterConfig {
    /// Lowest score with which an article joins a story rather than starting one, in a stream
    /// whose stories do not arrive in bursts.
    pub threshold: f32,
    /// The same in a stream whose stories arrive in bursts: there an article far from the
    /// latest stories more likely starts a new one. The stream's burstiness moves the
    /// threshold between the two.
    pub bursty_threshold: f32,
    /// Bonus for the story that received the latest articles, when the article has no date
    /// and the stream is bursty: without dates the arrival order is the only clock.
    pub burst_bonus: f32,
    /// Arrivals after which the burst bonus halves.
    pub burst_half_life: f32,
    /// A join counts as bursty when the story received an article at most this many
    /// arrivals before.
    pub burst_span: u64,
    /// Weight of each new join in the running burstiness estimate.
    pub burst_rate: f32,
    /// Hours after which the similarity of two dated articles halves (news about one event
    /// clusters in time).
    pub time_half_life_hours: f32,
    /// A dated story is no candidate for an article more than this many days away from it.
    pub window_days: f32,
    /// A story that received nothing for this many arrivals retires.
    pub active_arrivals: u64,
    /// The article's heaviest terms that look up candidates in the index.
    pub query_terms: usize,
    /// Candidate stories scored exactly, the best by index overlap.
    pub max_candidates: usize,
    /// Posting lists longer than this are skipped at lookup: their term is everywhere.
    pub max_posting: usize,
    /// Two stories merge when the article that joined one is this similar to the other and the
    /// two stories are this similar to each other (average link).
    pub merge_threshold: f32,
    /// Share of the similarity given to sentence embeddings, when articles carry them.
    pub embedding_weight: f32,
    /// Embedding cosine that unrelated news articles reach anyway; the scale starts there.
    pub embedding_floor: f32,
    /// How articles are turned into terms.
    pub terms: TermsConfig,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            threshold: 0.27,
            bursty_threshold: 0.45,
            burst_bonus: 0.40,
            burst_half_life: 6.0,
            burst_span: 4,
            burst_rate: 0.1,
            time_half_life_hours: 168.0,
            window_days: 14.0,
            active_arrivals: 50_000,
            query_terms: 30,
            max_candidates: 32,
            max_posting: 5_000,
            merge_threshold: 0.55,
            embedding_weight: 0.5,
            embedding_floor: 0.35,
            terms: TermsConfig::default(),
        }
    }
}

impl ClusterConfig {
    /// Sets one setting by its field name, for experiments from the command line.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        fn parse<T: std::str::FromStr>(key: &str, value: &str) -> Result<T, String> {
            value.parse().map_err(|_| format!("{key}: not a valid value: {value:?}"))
        }
        match key {
            "threshold" => self.threshold = parse(key, value)?,
            "bursty_threshold" => self.bursty_threshold = parse(key, value)?,
            "burst_bonus" => self.burst_bonus = parse(key, value)?,
            "burst_half_life" => self.burst_half_life = parse(key, value)?,
            "burst_span" => self.burst_span = parse(key, value)?,
            "burst_rate" => self.burst_rate = parse(key, value)?,
            "time_half_life_hours" => self.time_half_life_hours = parse(key, value)?,
            "window_days" => self.window_days = parse(key, value)?,
            "active_arrivals" => self.active_arrivals = parse(key, value)?,
            "query_terms" => self.query_terms = parse(key, value)?,
            "max_candidates" => self.max_candidates = parse(key, value)?,
            "max_posting" => self.max_posting = parse(key, value)?,
            "merge_threshold" => self.merge_threshold = parse(key, value)?,
            "embedding_weight" => self.embedding_weight = parse(key, value)?,
            "embedding_floor" => self.embedding_floor = parse(key, value)?,
            "title_weight" => self.terms.title_weight = parse(key, value)?,
            "entity_weight" => self.terms.entity_weight = parse(key, value)?,
            _ => return Err(format!("no setting named {key:?}")),
        }
        Ok(())
    }
}
