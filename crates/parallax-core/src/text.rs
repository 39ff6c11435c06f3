//! Text basics shared by every stage.

/// Collapses runs of whitespace (including non-breaking spaces) into one space and trims the ends.
pub fn normalize_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| c.is_whitespace() || c == '\u{a0}').filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Removes control characters other than newline and tab.
///
/// Article text is untrusted: a stray escape sequence must not reach a terminal, and a NUL must
/// not reach the store or a report.
pub fn strip_control(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !(c.is_control() || is_bidi_override(c)))
        .collect()
}

/// Bidirectional overrides can make text read differently from what it is.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_runs_collapse() {
        assert_eq!(normalize_whitespace("  News \u{a0}  /\tRussia \n"), "News / Russia");
        assert_eq!(normalize_whitespace(" \n\t "), "");
    }

    #[test]
    fn control_characters_go() {
        assert_eq!(strip_control("a\u{1b}[31mb\u{0}c\nd\u{202e}e"), "a[31mbc\nde");
    }
}
