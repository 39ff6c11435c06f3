//! Attribution (quote) extraction against PolNeAR: brat annotations read into gold
//! attributions, and span-overlap precision / recall.
//!
//! A predicted attribution matches a gold one when its content covers at least half of the gold
//! content's word tokens (`\w+` runs); each is matched at most once. Its source is right when
//! the predicted source span overlaps the gold source span (or both have none). "Direct" gold
//! attributions are those whose content is inside quotation marks.

use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::clusters::Prf;

/// One annotated text.
#[derive(Debug, Clone)]
pub struct AnnotatedText {
    /// The file's name without extension.
    pub name: String,
    /// The text.
    pub text: String,
    /// Its attributions.
    pub gold: Vec<GoldAttribution>,
}

/// One gold attribution, as byte ranges of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GoldAttribution {
    /// The content's fragments.
    pub content: Vec<Range<usize>>,
    /// The source's fragments; empty when the annotation names no source.
    pub source: Vec<Range<usize>>,
    /// Whether the content is a quotation in quotation marks.
    pub direct: bool,
}

/// One predicted attribution, as byte ranges of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PredictedAttribution {
    /// What was said.
    pub content: Range<usize>,
    /// Who said it.
    pub source: Option<Range<usize>>,
    /// Whether the system calls it a direct quotation.
    pub direct: bool,
}

/// Precision over predictions and recall over gold items, from counts.
fn prf(right_predicted: usize, predicted: usize, found_gold: usize, gold: usize) -> Prf {
    let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
    Prf::new(ratio(right_predicted, predicted), ratio(found_gold, gold))
}

/// The scores `parallax eval quotes` prints.
#[derive(Debug, Clone, Serialize)]
pub struct AttributionScores {
    /// Gold attributions.
    pub gold: usize,
    /// Predicted attributions.
    pub predicted: usize,
    /// Content matched, source ignored.
    pub content: Prf,
    /// Content matched and source right.
    pub content_and_source: Prf,
    /// Content and source, over direct quotations only (gold in quotation marks; predicted
    /// direct).
    pub direct: Prf,
    /// Content and source, over the rest.
    pub indirect: Prf,
}

/// Why a PolNeAR folder could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PolnearError {
    /// A file could not be read.
    #[error("{path}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// An annotation line that does not parse.
    #[error("{path}:{line}: {reason}")]
    Annotation {
        /// The file.
        path: PathBuf,
        /// The 1-based line.
        line: usize,
        /// What is wrong.
        reason: String,
    },
}

/// Reads `DIR/text/*.txt` with their annotations `DIR/attributions/<name>_<annotator>.ann`. A
/// text annotated twice is read with its first annotator's file (in name order).
pub fn read_polnear(dir: &Path) -> Result<Vec<AnnotatedText>, PolnearError> {
    let io = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PolnearError::Io { path, source }
    };
    let text_dir = dir.join("text");
    let mut names: Vec<String> = std::fs::read_dir(&text_dir)
        .map_err(io(&text_dir))?
        .filter_map(|entry| {
            entry.ok()?.file_name().to_str()?.strip_suffix(".txt").map(str::to_string)
        })
        .collect();
    names.sort();
    let ann_dir = dir.join("attributions");
    let mut annotations: Vec<String> = std::fs::read_dir(&ann_dir)
        .map_err(io(&ann_dir))?
        .filter_map(|entry| entry.ok()?.file_name().to_str().map(str::to_string))
        .filter(|name| name.ends_with(".ann"))
        .collect();
    annotations.sort();
    let mut texts = Vec::new();
    for name in names {
        let Some(ann) = annotations
            .iter()
            .find(|a| a.strip_prefix(name.as_str()).is_some_and(|rest| rest.starts_with('_')))
        else {
            continue;
        };
        let text_path = text_dir.join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path).map_err(io(&text_path))?;
        let ann_path = ann_dir.join(ann);
        let brat = std::fs::read_to_string(&ann_path).map_err(io(&ann_path))?;
        let gold = parse_brat(&text, &brat).map_err(|(line, reason)| PolnearError::Annotation {
            path: ann_path.clone(),
            line,
            reason,
        })?;
        texts.push(AnnotatedText { name, text, gold });
    }
    Ok(texts)
}

/// Reads brat `T` (spans, in characters) and `E` (attribution events) lines into gold
/// attributions with byte ranges.
pub fn parse_brat(text: &str, brat: &str) -> Result<Vec<GoldAttribution>, (usize, String)> {
    let bytes_at: Vec<usize> = text.char_indices().map(|(b, _)| b).chain([text.len()]).collect();
    let mut spans: std::collections::HashMap<&str, Vec<Range<usize>>> = Default::default();
    let mut events = Vec::new();
    for (index, line) in brat.lines().enumerate() {
        let mut fields = line.split('\t');
        let (Some(id), Some(body)) = (fields.next(), fields.next()) else { continue };
        if id.starts_with('T') {
            let (_, ranges) =
                body.split_once(' ').ok_or((index + 1, "a span without offsets".to_string()))?;
            let mut fragments = Vec::new();
            for fragment in ranges.split(';') {
                let (start, end) = fragment
                    .split_once(' ')
                    .and_then(|(s, e)| {
                        Some((s.trim().parse::<usize>().ok()?, e.trim().parse::<usize>().ok()?))
                    })
                    .ok_or((index + 1, format!("bad offsets {fragment:?}")))?;
                let byte = |c: usize| {
                    bytes_at.get(c).copied().ok_or((index + 1, format!("offset {c} past the text")))
                };
                fragments.push(byte(start)?..byte(end)?);
            }
            spans.insert(id, fragments);
        } else if id.starts_with('E') {
            events.push(body);
        }
    }
    let mut gold = Vec::new();
    for event in events {
        let role = |name: &str| -> Vec<Range<usize>> {
            event
                .split_whitespace()
                .filter_map(|arg| arg.split_once(':'))
                .filter(|(role, _)| role.trim_end_matches(char::is_numeric) == name)
                .flat_map(|(_, id)| spans.get(id).cloned().unwrap_or_default())
                .collect()
        };
        let mut content = role("Content");
        content.sort_by_key(|range| (range.start, range.end));
        if content.is_empty() {
            continue;
        }
        let direct = is_quoted(text, &content);
        gold.push(GoldAttribution { content, source: role("Source"), direct });
    }
    Ok(gold)
}

// Single marks count too: some archives set double quotes as two apostrophes or backticks.
const OPENING: &[char] = &['"', '“', '«', '„', '‘', '\'', '`'];
const CLOSING: &[char] = &['"', '”', '»', '’', '\''];

fn is_quoted(text: &str, content: &[Range<usize>]) -> bool {
    let start = content.iter().map(|r| r.start).min().unwrap_or(0);
    let end = content.iter().map(|r| r.end).max().unwrap_or(0).max(start);
    let inside = text[start..end].trim();
    let opens = inside.starts_with(OPENING) || text[..start].trim_end().ends_with(OPENING);
    let closes = inside.ends_with(CLOSING) || text[end..].trim_start().starts_with(CLOSING);
    opens && closes
}

/// `\w+` runs of the text, as byte ranges.
fn word_tokens(text: &str) -> Vec<Range<usize>> {
    let mut tokens = Vec::new();
    let mut start = None;
    for (at, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() || c == '_', start) {
            (true, None) => start = Some(at),
            (false, Some(s)) => {
                tokens.push(s..at);
                start = None;
            }
            _ => {}
        }
    }
    tokens
}

fn tokens_in(tokens: &[Range<usize>], spans: &[Range<usize>]) -> Vec<usize> {
    (0..tokens.len())
        .filter(|&i| spans.iter().any(|s| tokens[i].start < s.end && s.start < tokens[i].end))
        .collect()
}

fn overlaps(a: &[Range<usize>], b: &[Range<usize>]) -> bool {
    a.iter().any(|x| b.iter().any(|y| x.start < y.end && y.start < x.end))
}

/// Scores predictions against gold, text by text (`pairs[i]` is text `i`'s prediction).
pub fn score(
    texts: &[AnnotatedText],
    predictions: &[Vec<PredictedAttribution>],
) -> AttributionScores {
    #[derive(Default)]
    struct Counts {
        predicted: usize,
        gold: usize,
        right_predicted: usize,
        found_gold: usize,
    }
    let (mut content, mut both, mut direct, mut indirect) =
        (Counts::default(), Counts::default(), Counts::default(), Counts::default());
    for (text, predicted) in texts.iter().zip(predictions) {
        let tokens = word_tokens(&text.text);
        let predicted_tokens: Vec<Vec<usize>> = predicted
            .iter()
            .map(|p| tokens_in(&tokens, std::slice::from_ref(&p.content)))
            .collect();
        let mut taken = vec![false; predicted.len()];
        content.predicted += predicted.len();
        both.predicted += predicted.len();
        content.gold += text.gold.len();
        both.gold += text.gold.len();
        for p in predicted {
            if p.direct { direct.predicted += 1 } else { indirect.predicted += 1 }
        }
        for gold in &text.gold {
            if gold.direct {
                direct.gold += 1
            } else {
                indirect.gold += 1
            }
            let gold_tokens = tokens_in(&tokens, &gold.content);
            if gold_tokens.is_empty() {
                continue;
            }
            let best = (0..predicted.len())
                .filter(|&i| !taken[i])
                .map(|i| {
                    (
                        i,
                        predicted_tokens[i]
                            .iter()
                            .filter(|t| gold_tokens.binary_search(t).is_ok())
                            .count(),
                    )
                })
                .filter(|&(_, shared)| 2 * shared >= gold_tokens.len())
                .max_by_key(|&(_, shared)| shared);
            let Some((index, _)) = best else { continue };
            taken[index] = true;
            content.right_predicted += 1;
            content.found_gold += 1;
            let p = &predicted[index];
            let source_right = match &p.source {
                Some(source) => overlaps(std::slice::from_ref(source), &gold.source),
                None => gold.source.is_empty(),
            };
            if source_right {
                both.right_predicted += 1;
                both.found_gold += 1;
                let group = if gold.direct { &mut direct } else { &mut indirect };
                group.found_gold += 1;
                if p.direct == gold.direct {
                    group.right_predicted += 1;
                }
            }
        }
    }
    let prf = |c: &Counts| prf(c.right_predicted, c.predicted, c.found_gold, c.gold);
    AttributionScores {
        gold: content.gold,
        predicted: content.predicted,
        content: prf(&content),
        content_and_source: prf(&both),
        direct: prf(&direct),
        indirect: prf(&indirect),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str =
        "“We will rebuild the wall,” the mayor said. Fares will rise, officials said.";

    fn gold() -> Vec<GoldAttribution> {
        let brat = "T1\tContent 0 27\t“We will rebuild the wall,”\nT2\tSource 28 37\tthe mayor\n\
                    T3\tCue 38 42\tsaid\nE1\tAttribution:T9 Content:T1 Source:T2 Cue:T3\n\
                    T4\tContent 44 59\tFares will rise\nT5\tCue 71 75\tsaid\n\
                    E2\tAttribution:T8 Content:T4 Cue:T5\n";
        parse_brat(TEXT, brat).expect("parses")
    }

    #[test]
    fn brat_character_offsets_become_byte_ranges() {
        let gold = gold();
        assert_eq!(gold.len(), 2);
        assert_eq!(&TEXT[gold[0].content[0].clone()], "“We will rebuild the wall,”");
        assert_eq!(&TEXT[gold[0].source[0].clone()], "the mayor");
        assert!(gold[0].direct && !gold[1].direct);
        assert!(gold[1].source.is_empty());
    }

    #[test]
    fn half_the_gold_words_match_and_sources_must_overlap() {
        let text = AnnotatedText { name: "t".into(), text: TEXT.into(), gold: gold() };
        let byte = |s: &str| TEXT.find(s).expect("in text");
        let mayor = byte("the mayor");
        let predicted = vec![
            PredictedAttribution {
                content: 0..byte(" the wall"),
                source: Some(mayor..mayor + 9),
                direct: true,
            },
            PredictedAttribution {
                content: byte("Fares")..byte(" rise"),
                source: None,
                direct: false,
            },
            PredictedAttribution {
                content: byte("said.")..TEXT.len(),
                source: None,
                direct: false,
            },
        ];
        let scores = score(&[text], &[predicted]);
        assert_eq!((scores.gold, scores.predicted), (2, 3));
        // "We will rebuild" holds 3 of 5 gold words; "Fares will" 2 of 3.
        assert!((scores.content.precision - 2.0 / 3.0).abs() < 1e-9);
        assert!((scores.content.recall - 1.0).abs() < 1e-9);
        assert!(
            (scores.content_and_source.recall - 1.0).abs() < 1e-9,
            "no gold source, none predicted"
        );
        assert!(
            (scores.direct.precision - 1.0).abs() < 1e-9
                && (scores.direct.recall - 1.0).abs() < 1e-9
        );
    }
}
