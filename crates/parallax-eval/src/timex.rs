//! Time expressions scored as TempEval-3 scores them: relaxed span matching (any overlap, one
//! gold expression to at most one predicted), strict matching (the same span), and the TIMEX3
//! type and value over the relaxed matches, as attribute F1 (a prediction counts for the
//! attribute when it matches a gold expression and carries the same attribute).
//!
//! The labelled file is one JSON document a line: `{id, dct, text, timexes: [{start_byte,
//! end_byte, type, value}]}` (`dct` the document's creation date, `YYYY-MM-DD`), as
//! `../shared/data/timex/tbaq.jsonl` holds TempEval-3's TBAQ-cleaned.

use std::io::BufRead;
use std::ops::Range;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::clusters::Prf;
use crate::{EvalError, Result};

/// One labelled document.
#[derive(Debug, Clone, Deserialize)]
pub struct TimexDocument {
    /// The document's name.
    pub id: String,
    /// Its creation date, `YYYY-MM-DD`, the anchor of relative expressions.
    pub dct: Option<String>,
    /// The subcorpus it comes from, when the file says ("TimeBank", "AQUAINT").
    #[serde(default)]
    pub subcorpus: Option<String>,
    /// Its text.
    pub text: String,
    /// Its gold expressions.
    pub timexes: Vec<TimexLabel>,
}

/// One time expression, gold or predicted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimexLabel {
    /// Where it starts in the text, in bytes.
    pub start_byte: usize,
    /// Where it ends, in bytes (exclusive).
    pub end_byte: usize,
    /// Its TIMEX3 type: DATE, TIME, DURATION or SET.
    #[serde(rename = "type")]
    pub kind: String,
    /// Its TIMEX3 value.
    pub value: String,
}

impl TimexLabel {
    fn span(&self) -> Range<usize> {
        self.start_byte..self.end_byte
    }
}

/// The scores `parallax eval times --timeml` prints.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct TimexScores {
    /// Documents scored.
    pub documents: usize,
    /// Gold expressions.
    pub gold: usize,
    /// Predicted expressions.
    pub predicted: usize,
    /// Spans that overlap, one to one.
    pub relaxed: Prf,
    /// Spans that are the same.
    pub strict: Prf,
    /// The type, over the relaxed matches.
    pub kind: Prf,
    /// The value, over the relaxed matches.
    pub value: Prf,
}

/// Reads a labelled file, one document a line.
pub fn read_timeml(path: &Path) -> Result<Vec<TimexDocument>> {
    let name = path.display().to_string();
    let file =
        std::fs::File::open(path).map_err(|source| EvalError::Io { path: name.clone(), source })?;
    let mut documents = Vec::new();
    for (index, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| EvalError::Io { path: name.clone(), source })?;
        if line.trim().is_empty() {
            continue;
        }
        let bad =
            |reason: String| EvalError::BadLine { path: name.clone(), line: index + 1, reason };
        let document: TimexDocument =
            serde_json::from_str(&line).map_err(|error| bad(error.to_string()))?;
        for timex in &document.timexes {
            let span = timex.span();
            if span.start >= span.end || document.text.get(span.clone()).is_none() {
                return Err(bad(format!(
                    "expression at bytes {}..{} is not a piece of the text",
                    span.start, span.end
                )));
            }
        }
        documents.push(document);
    }
    Ok(documents)
}

/// The one-to-one relaxed matches of a document: pairs `(gold, predicted)` whose spans
/// overlap, the largest overlaps first, each expression in one pair at most.
pub fn relaxed_matches(gold: &[TimexLabel], predicted: &[TimexLabel]) -> Vec<(usize, usize)> {
    let mut candidates: Vec<(usize, usize, usize)> = Vec::new();
    for (g, gold) in gold.iter().enumerate() {
        for (p, predicted) in predicted.iter().enumerate() {
            let start = gold.start_byte.max(predicted.start_byte);
            let end = gold.end_byte.min(predicted.end_byte);
            if start < end {
                candidates.push((end - start, g, p));
            }
        }
    }
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut gold_used, mut predicted_used) =
        (vec![false; gold.len()], vec![false; predicted.len()]);
    let mut matches = Vec::new();
    for (_, g, p) in candidates {
        if !gold_used[g] && !predicted_used[p] {
            gold_used[g] = true;
            predicted_used[p] = true;
            matches.push((g, p));
        }
    }
    matches.sort_unstable();
    matches
}

/// Scores predictions (one list per document, in the documents' order).
pub fn score(documents: &[TimexDocument], predictions: &[Vec<TimexLabel>]) -> TimexScores {
    let (mut gold, mut predicted) = (0, 0);
    let (mut relaxed, mut strict, mut kind, mut value) = (0, 0, 0, 0);
    for (document, predicted_here) in documents.iter().zip(predictions) {
        gold += document.timexes.len();
        predicted += predicted_here.len();
        for (g, p) in relaxed_matches(&document.timexes, predicted_here) {
            let (gold_timex, predicted_timex) = (&document.timexes[g], &predicted_here[p]);
            relaxed += 1;
            strict += usize::from(gold_timex.span() == predicted_timex.span());
            kind += usize::from(gold_timex.kind == predicted_timex.kind);
            value += usize::from(gold_timex.value == predicted_timex.value);
        }
    }
    let prf = |right: usize| {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        Prf::new(ratio(right, predicted), ratio(right, gold))
    };
    TimexScores {
        documents: documents.len(),
        gold,
        predicted,
        relaxed: prf(relaxed),
        strict: prf(strict),
        kind: prf(kind),
        value: prf(value),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(start: usize, end: usize, kind: &str, value: &str) -> TimexLabel {
        TimexLabel { start_byte: start, end_byte: end, kind: kind.into(), value: value.into() }
    }

    fn document(timexes: Vec<TimexLabel>) -> TimexDocument {
        TimexDocument {
            id: "d".into(),
            dct: Some("1989-11-02".into()),
            subcorpus: None,
            text: "x".repeat(100),
            timexes,
        }
    }

    #[test]
    fn overlapping_spans_match_once_and_attributes_count_over_the_matches() {
        let gold =
            document(vec![label(0, 10, "DATE", "1989-Q3"), label(20, 25, "DURATION", "P3Y")]);
        // Two predictions overlap the first gold expression: one of them matches it.
        let predicted = vec![
            label(4, 10, "DATE", "1989-Q3"),
            label(0, 3, "DATE", "1989"),
            label(20, 25, "DATE", "P3Y"),
            label(50, 55, "SET", "P1D"),
        ];
        let scores = score(&[gold], &[predicted]);
        assert_eq!((scores.gold, scores.predicted), (2, 4));
        assert_eq!(scores.relaxed.recall, 1.0);
        assert_eq!(scores.relaxed.precision, 0.5);
        assert_eq!(scores.strict.recall, 0.5);
        assert_eq!(scores.kind.recall, 0.5);
        assert_eq!(scores.value.recall, 1.0);
        assert_eq!(scores.value.precision, 0.5);
    }

    #[test]
    fn a_span_outside_the_text_is_a_bad_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("bad.jsonl");
        let line = r#"{"id":"a","dct":"1989-11-02","text":"today","timexes":[{"start_byte":0,"end_byte":9,"type":"DATE","value":"1989-11-02"}]}"#;
        std::fs::write(&path, format!("{line}\n")).expect("write");
        let error = read_timeml(&path).expect_err("the span is past the text");
        assert!(error.to_string().contains(":1:"), "{error}");
    }
}
