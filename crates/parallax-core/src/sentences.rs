//! Sentence boundaries in running text.

/// Words after which a full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "st", "jr",
    "sr", "vs", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "inc", "corp", "co", "ltd", "etc", "approx", "est", "dept", "univ", "ft", "mt",
];

/// Splits text into sentences, as byte ranges into `text`, trimmed.
///
/// A sentence ends at `.`, `!` or `?` (with any closing quotes or brackets) followed by
/// whitespace and a capital letter, a digit or an opening quote, unless the full stop closes an
/// abbreviation ("Mr.", "Jan.") or an initial ("U.S.", "J.").
pub fn sentences(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (position, c) = chars[i];
        if matches!(c, '.' | '!' | '?') {
            let mut end = i + 1;
            while end < chars.len()
                && matches!(chars[end].1, '"' | '\'' | '”' | '’' | ')' | '»' | '.' | '!' | '?')
            {
                end += 1;
            }
            let mut next = end;
            while next < chars.len() && chars[next].1.is_whitespace() {
                next += 1;
            }
            let spaced = next > end;
            let starts = next < chars.len()
                && (chars[next].1.is_uppercase()
                    || chars[next].1.is_ascii_digit()
                    || matches!(chars[next].1, '"' | '“' | '‘' | '\'' | '«'));
            if spaced && starts && !(c == '.' && is_abbreviation(&text[start..position])) {
                let end_byte = chars.get(end).map_or(text.len(), |&(b, _)| b);
                push_trimmed(&mut ranges, text, start, end_byte);
                start = chars[next].0;
                i = next;
                continue;
            }
            i = end;
            continue;
        }
        i += 1;
    }
    push_trimmed(&mut ranges, text, start, text.len());
    ranges
}

fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
    let bare = word.trim_start_matches(['"', '“', '(']);
    // Initials: "J." or "U.S."
    if bare.chars().count() == 1 && bare.chars().all(char::is_uppercase) {
        return true;
    }
    if bare.contains('.') && bare.split('.').all(|part| part.chars().count() <= 1) {
        return true;
    }
    ABBREVIATIONS.contains(&bare.to_lowercase().as_str())
}

fn push_trimmed(ranges: &mut Vec<std::ops::Range<usize>>, text: &str, start: usize, end: usize) {
    let slice = &text[start..end];
    let leading = slice.len() - slice.trim_start().len();
    let trailing = slice.len() - slice.trim_end().len();
    if start + leading < end - trailing {
        ranges.push(start + leading..end - trailing);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<&str> {
        sentences(text).into_iter().map(|range| &text[range]).collect()
    }

    #[test]
    fn sentences_end_at_stops_before_capitals() {
        assert_eq!(
            split("The port closed. \"We will not go back,\" he said! Talks resume Monday."),
            ["The port closed.", "\"We will not go back,\" he said!", "Talks resume Monday."]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            split("Mr. Voronin met U.S. officials on Jan. 4 in Portvale. J. Ekberg reported it."),
            ["Mr. Voronin met U.S. officials on Jan. 4 in Portvale.", "J. Ekberg reported it."]
        );
    }

    #[test]
    fn quotes_close_sentences_and_lowercase_continues_them() {
        assert_eq!(
            split("He said it was “deplorable.” Others agreed."),
            ["He said it was “deplorable.”", "Others agreed."]
        );
        assert_eq!(
            split("Prices rose 4.5 percent. e.g. more"),
            ["Prices rose 4.5 percent. e.g. more"]
        );
        assert!(split("  ").is_empty());
    }
}
