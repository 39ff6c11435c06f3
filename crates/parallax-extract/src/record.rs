//! One JSON object (a JSON Lines record) to article parts.

use serde::Deserialize;
use serde_json::Value;

use crate::{ExtractError, Result};

/// The fields parallax reads from a record; others (such as a gold `story` label) are ignored.
#[derive(Debug, Deserialize)]
pub(crate) struct Record {
    pub id: Option<Value>,
    pub source: Option<String>,
    pub title: Option<String>,
    pub text: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
}

impl Record {
    /// Parses a record, refusing anything that is not an object with some text.
    pub fn parse(text: &str) -> Result<Record> {
        let value: Value = serde_json::from_str(text).map_err(ExtractError::NotJson)?;
        if !value.is_object() {
            return Err(ExtractError::NotAnObject);
        }
        let record: Record = serde_json::from_value(value).map_err(ExtractError::NotJson)?;
        if record.text.as_deref().is_none_or(|text| text.trim().is_empty()) {
            return Err(ExtractError::NoText);
        }
        Ok(record)
    }

    /// The record's own id as text, whether it was given as a string or a number.
    pub fn external_id(&self) -> Option<String> {
        match &self.id {
            Some(Value::String(id)) => Some(id.clone()),
            Some(Value::Number(id)) => Some(id.to_string()),
            _ => None,
        }
    }
}
