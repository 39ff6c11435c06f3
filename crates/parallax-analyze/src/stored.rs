//! Reading an analysis back from storage: the few names the analysis keeps as `&'static str`
//! (units, countries) come from fixed word lists, so a stored copy is interned once per
//! distinct value.

use std::collections::HashSet;
use std::sync::{LazyLock, Mutex};

use std::ops::Range;

use serde::Deserialize;

use crate::entities::Description;
use crate::entity_spans::Role;
use crate::quantities::{Qualifier, Quantity};

/// The distinct names read back so far; bounded by the word lists they come from.
static INTERNED: LazyLock<Mutex<HashSet<&'static str>>> = LazyLock::new(Mutex::default);

/// Names longer than this are not from a word list: a damaged or hostile stored value.
const MAX_NAME_BYTES: usize = 64;

/// A name from a fixed word list as a `&'static str`, interned once per distinct value.
fn intern(name: Option<String>) -> Option<&'static str> {
    let name = name.filter(|name| name.len() <= MAX_NAME_BYTES)?;
    let mut interned = INTERNED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(&known) = interned.get(name.as_str()) {
        return Some(known);
    }
    let leaked: &'static str = Box::leak(name.into_boxed_str());
    interned.insert(leaked);
    Some(leaked)
}

/// A stored [`Quantity`] as read, before its unit is interned.
#[derive(Deserialize)]
pub(crate) struct QuantityRecord {
    span: Range<usize>,
    number: Range<usize>,
    value: f64,
    qualifier: Qualifier,
    unit: Option<String>,
    counted: Option<Range<usize>>,
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Quantity, D::Error> {
        QuantityRecord::deserialize(deserializer).map(Quantity::from)
    }
}

impl From<QuantityRecord> for Quantity {
    fn from(record: QuantityRecord) -> Quantity {
        let QuantityRecord { span, number, value, qualifier, unit, counted } = record;
        Quantity { span, number, value, qualifier, unit: intern(unit), counted }
    }
}

/// A stored [`Role`] as read, before its country is interned.
#[derive(Deserialize)]
pub(crate) struct RoleRecord {
    text: String,
    head: String,
    country: Option<String>,
}

impl<'de> Deserialize<'de> for Role {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Role, D::Error> {
        RoleRecord::deserialize(deserializer).map(Role::from)
    }
}

impl From<RoleRecord> for Role {
    fn from(record: RoleRecord) -> Role {
        Role { text: record.text, head: record.head, country: intern(record.country) }
    }
}

/// A stored [`Description`] as read, before its country is interned.
#[derive(Deserialize)]
pub(crate) struct DescriptionRecord {
    span: Range<usize>,
    head: String,
    country: Option<String>,
}

impl<'de> Deserialize<'de> for Description {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Description, D::Error> {
        DescriptionRecord::deserialize(deserializer).map(Description::from)
    }
}

impl From<DescriptionRecord> for Description {
    fn from(record: DescriptionRecord) -> Description {
        Description { span: record.span, head: record.head, country: intern(record.country) }
    }
}

/// An optional UTC offset stored as seconds east of UTC.
pub(crate) mod offset_seconds {
    use chrono::FixedOffset;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(
        offset: &Option<FixedOffset>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match offset {
            Some(offset) => serializer.serialize_some(&offset.local_minus_utc()),
            None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<FixedOffset>, D::Error> {
        match Option::<i32>::deserialize(deserializer)? {
            None => Ok(None),
            Some(seconds) => FixedOffset::east_opt(seconds)
                .map(Some)
                .ok_or_else(|| serde::de::Error::custom("a UTC offset beyond a day")),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Analysis, analyze};

    #[test]
    fn an_analysis_reads_back_as_it_was_written() {
        let text = "Kremlin spokesman Dmitri Peskov said on Tuesday that about 70,000 Russian \
                    troops were not a threat. \u{201c}We are ready to talk,\u{201d} Peskov told \
                    reporters in Moscow, adding that talks with the US would cost $2.5 billion.";
        let analysis = analyze(text, chrono::NaiveDate::from_ymd_opt(2021, 12, 7));
        assert!(!analysis.figures.is_empty() && !analysis.quotes.is_empty());
        let stored = serde_json::to_string(&analysis).expect("serializes");
        let read: Analysis = serde_json::from_str(&stored).expect("deserializes");
        assert_eq!(read, analysis);
    }

    #[test]
    fn an_overlong_unit_is_dropped() {
        let long = "x".repeat(100);
        let json = format!(
            "{{\"span\":{{\"start\":0,\"end\":2}},\"number\":{{\"start\":0,\"end\":2}},\
             \"value\":12.0,\"qualifier\":\"Exact\",\"unit\":\"{long}\",\"counted\":null}}"
        );
        let quantity: crate::Quantity = serde_json::from_str(&json).expect("reads");
        assert_eq!((quantity.value, quantity.unit), (12.0, None));
    }
}
