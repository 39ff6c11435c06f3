//! The assigner's settings, with the defaults that every measured figure uses.

use crate::ClusterError;
use crate::terms::TermsConfig;

/// Settings of the assigner. One configuration serves every stream.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClusterConfig {
    /// Lowest score with which an article joins a story rather than starting one, in a stream
    /// whose stories do not arrive in bursts.
    pub threshold: f32,
    /// The same in a stream whose stories arrive in bursts: there an article far from the
    /// latest stories more likely starts a new one. The stream's burstiness moves the
    /// threshold between the two.
    pub bursty_threshold: f32,
    /// Bonus for a story that received an article lately, halving every `burst_half_life`
    /// arrivals and scaled by the stream's burstiness; only for undated articles, whose only
    /// clock is the arrival order.
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
    /// A story that received nothing for this many arrivals retires (checked every quarter
    /// of this; a dated story also retires when it falls out of the time window).
    pub active_arrivals: u64,
    /// The article's heaviest terms that look up candidates in the index.
    pub query_terms: usize,
    /// Candidate stories scored exactly, the best by index overlap (undated articles are also
    /// scored against the 16 stories that received the latest articles).
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
    /// Sets one setting by its field name, for experiments from the command line. Values
    /// outside a setting's range (a zero half-life, a share above 1) are refused.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), ClusterError> {
        let invalid = |reason: &str| ClusterError::InvalidValue {
            key: key.to_string(),
            value: value.to_string(),
            reason: reason.to_string(),
        };
        let number = || -> Result<f32, ClusterError> {
            value
                .parse::<f32>()
                .ok()
                .filter(|v| v.is_finite())
                .ok_or_else(|| invalid("not a number"))
        };
        let share = || {
            number().and_then(|v| {
                if (0.0..=1.0).contains(&v) {
                    Ok(v)
                } else {
                    Err(invalid("must be between 0 and 1"))
                }
            })
        };
        let positive =
            || number().and_then(|v| if v > 0.0 { Ok(v) } else { Err(invalid("must be above 0")) });
        let non_negative = || {
            number()
                .and_then(|v| if v >= 0.0 { Ok(v) } else { Err(invalid("must not be negative")) })
        };
        let count = || {
            value
                .parse::<usize>()
                .ok()
                .filter(|&v| v > 0)
                .ok_or_else(|| invalid("must be a whole number above 0"))
        };
        match key {
            "threshold" => self.threshold = non_negative()?,
            "bursty_threshold" => self.bursty_threshold = non_negative()?,
            "burst_bonus" => self.burst_bonus = non_negative()?,
            "burst_half_life" => self.burst_half_life = positive()?,
            "burst_span" => self.burst_span = count()? as u64,
            "burst_rate" => self.burst_rate = share()?,
            "time_half_life_hours" => self.time_half_life_hours = positive()?,
            "window_days" => self.window_days = positive()?,
            "active_arrivals" => self.active_arrivals = count()? as u64,
            "query_terms" => self.query_terms = count()?,
            "max_candidates" => self.max_candidates = count()?,
            "max_posting" => self.max_posting = count()?,
            "merge_threshold" => self.merge_threshold = non_negative()?,
            "embedding_weight" => self.embedding_weight = share()?,
            "embedding_floor" => {
                self.embedding_floor = share()
                    .and_then(|v| if v < 1.0 { Ok(v) } else { Err(invalid("must be below 1")) })?
            }
            "title_weight" => self.terms.title_weight = non_negative()?,
            "entity_weight" => self.terms.entity_weight = non_negative()?,
            _ => return Err(ClusterError::UnknownSetting(key.to_string())),
        }
        Ok(())
    }
}
