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
        // A headline without a body is still an article (datasets of titles and leads have
        // them); a record with neither is not.
        let blank = |field: &Option<String>| field.as_deref().is_none_or(|t| t.trim().is_empty());
        if blank(&record.text) && blank(&record.title) {
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
