//! The assigner's settings, with the defaults that every measured figure uses.

use crate::ClusterError;
use crate::model::{FEATURE_NAMES, PairModel};
use crate::terms::TermsConfig;

/// Settings of the assigner. One configuration serves every stream.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ClusterConfig {
    /// The pair model that scores an article against a story, with its join and merge
    /// probabilities.
    pub model: PairModel,
    /// A dated story is no candidate for an article more than this many days away from it.
    pub window_days: f32,
    /// A story that received nothing for this many arrivals retires (checked every quarter
    /// of this; a dated story also retires when it falls out of the time window).
    pub active_arrivals: u64,
    /// The article's heaviest terms that look up candidates in the index.
    pub query_terms: usize,
    /// Candidate stories scored exactly, the best by index overlap.
    pub max_candidates: usize,
    /// Arrivals between two repair passes over the stories touched meanwhile.
    pub repair_every: u64,
    /// Posting lists longer than this are skipped at lookup: their term is everywhere.
    pub max_posting: usize,
    /// Share of the word similarity given to sentence embeddings, when articles carry them.
    pub embedding_weight: f32,
    /// Embedding cosine that unrelated news articles reach anyway; the scale starts there.
    pub embedding_floor: f32,
    /// How articles are turned into terms.
    pub terms: TermsConfig,
}

impl Default for ClusterConfig {
    fn default() -> ClusterConfig {
        ClusterConfig {
            model: PairModel::trained(),
            window_days: 14.0,
            active_arrivals: 50_000,
            query_terms: 30,
            max_candidates: 32,
            repair_every: 32,
            max_posting: 1_000,
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
            "threshold" | "join" => self.model.join = share()?,
            "merge_threshold" | "merge" => self.model.merge = share()?,
            "window_days" => self.window_days = positive()?,
            "active_arrivals" => self.active_arrivals = count()? as u64,
            "query_terms" => self.query_terms = count()?,
            "max_candidates" => self.max_candidates = count()?,
            "repair_every" => self.repair_every = count()? as u64,
            "max_posting" => self.max_posting = count()?,
            "embedding_weight" => self.embedding_weight = share()?,
            "embedding_floor" => {
                self.embedding_floor = share()
                    .and_then(|v| if v < 1.0 { Ok(v) } else { Err(invalid("must be below 1")) })?
            }
            "title_weight" => self.terms.title_weight = non_negative()?,
            "entity_weight" => self.terms.entity_weight = non_negative()?,
            _ => match key
                .strip_prefix("weight.")
                .and_then(|name| FEATURE_NAMES.iter().position(|feature| *feature == name))
            {
                Some(index) => self.model.weights[index] = number()?,
                None if key == "bias" => self.model.bias = number()?,
                None => return Err(ClusterError::UnknownSetting(key.to_string())),
            },
        }
        Ok(())
    }
}
