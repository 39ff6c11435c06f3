//! Words, punctuation and quotation marks, as byte ranges of the text.

use std::ops::Range;

use crate::lexicon::{ABBREVIATIONS, is_cue};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    Punct,
    Open,
    Close,
    /// A straight mark with space on both sides: it closes an open quotation, else opens one.
    Either,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) range: Range<usize>,
    pub(crate) kind: Kind,
    pub(crate) lower: String,
    /// Whether the word starts with a capital letter or a digit.
    pub(crate) capital: bool,
}

pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            let mut end = at + c.len_utf8();
            while let Some(&(next_at, next)) = chars.peek() {
                let joins = matches!(next, '\'' | '’' | '-' | '.' | '&' | ',')
                    && text[next_at + next.len_utf8()..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric)
                    && (next != ',' || c.is_ascii_digit());
                if next.is_alphanumeric() || joins {
                    end = next_at + next.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let word = &text[at..end];
            let lower = word.to_lowercase();
            // "Mr." and the initial in "Elijah E. Cummings" keep their full stop.
            let initial = word.len() == 1 && word.starts_with(|c: char| c.is_ascii_uppercase());
            if (initial || ABBREVIATIONS.contains(&lower.as_str()))
                && chars.peek().is_some_and(|&(_, n)| n == '.')
            {
                chars.next();
                end += 1;
            }
            // A capitalised cue word inside a sentence is a name ("the United States"), not a
            // cue: it keeps its case.
            let opens_sentence = text[..at]
                .trim_end()
                .chars()
                .next_back()
                .is_none_or(|p| matches!(p, '.' | '!' | '?' | '\n' | '"' | '“' | '”'));
            let lower = if is_cue(&lower) && word.starts_with(char::is_uppercase) && !opens_sentence
            {
                word.to_string()
            } else {
                lower
            };
            let capital = word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            tokens.push(Token { range: at..end, kind: Kind::Word, lower, capital });
            previous = text[..end].chars().next_back();
            continue;
        }
        // Two apostrophes or backticks: a double quotation mark in some archives' typesetting.
        if matches!(c, '\'' | '`') && chars.peek().is_some_and(|&(_, n)| n == c) {
            chars.next();
            let opening = c == '`'
                || previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–'));
            let kind = if opening { Kind::Open } else { Kind::Close };
            tokens.push(Token { range: at..at + 2, kind, lower: "\"".to_string(), capital: false });
            previous = Some(c);
            continue;
        }
        if !c.is_whitespace() {
            let next = chars.peek().map(|&(_, n)| n);
            let kind = match c {
                '“' | '«' | '„' | '”' | '"' => mark_kind(c, previous, next),
                '»' => Kind::Close,
                _ => Kind::Punct,
            };
            tokens.push(Token {
                range: at..at + c.len_utf8(),
                kind,
                lower: c.to_string(),
                capital: false,
            });
        }
        previous = Some(c);
    }
    tokens
}

/// Whether a double quotation mark opens or closes, from what is on either side. Curly marks
/// are usually right, but a mark typed the wrong way round (`”Fear.` at a paragraph's start)
/// is read by its surroundings, as straight marks always are.
fn mark_kind(mark: char, previous: Option<char>, next: Option<char>) -> Kind {
    let open_before =
        previous.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '—' | '–' | '―'));
    let close_after = next.is_none_or(|n| {
        n.is_whitespace() || matches!(n, ',' | '.' | ';' | ':' | ')' | '?' | '!' | '―' | '—')
    });
    match (open_before, close_after) {
        (true, false) => Kind::Open,
        (false, true) => Kind::Close,
        _ if mark == '“' || mark == '«' || mark == '„' => Kind::Open,
        _ if mark == '”' => Kind::Close,
        _ => Kind::Either,
    }
}
