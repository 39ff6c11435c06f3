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

/// Repairs text that was UTF-8 read as Windows-1252 or Latin-1 somewhere upstream ("Itâ€™s",
/// "cafÃ©"): when the text shows that pattern and every character maps back to one byte that
/// way, and those bytes are valid UTF-8, the UTF-8 reading is returned. Anything else is
/// returned as it was: text that merely contains "Ã" or "â" is left alone.
pub fn repair_mojibake(text: &str) -> std::borrow::Cow<'_, str> {
    use std::borrow::Cow;
    let mut chars = text.chars().peekable();
    let mut suspicious = false;
    while let Some(c) = chars.next() {
        if matches!(c, 'Ã' | 'Â' | 'â')
            && chars
                .peek()
                .is_some_and(|next| single_byte(*next).is_some_and(|b| (0x80..0xC0).contains(&b)))
        {
            suspicious = true;
            break;
        }
    }
    if !suspicious {
        return Cow::Borrowed(text);
    }
    let bytes: Option<Vec<u8>> = text.chars().map(single_byte).collect();
    match bytes.map(String::from_utf8) {
        Some(Ok(repaired)) => Cow::Owned(repaired),
        _ => Cow::Borrowed(text),
    }
}

/// The one byte a character was in Windows-1252 (Latin-1 for the C1 range it leaves out).
fn single_byte(c: char) -> Option<u8> {
    const HIGH: [(char, u8); 27] = [
        ('€', 0x80),
        ('‚', 0x82),
        ('ƒ', 0x83),
        ('„', 0x84),
        ('…', 0x85),
        ('†', 0x86),
        ('‡', 0x87),
        ('ˆ', 0x88),
        ('‰', 0x89),
        ('Š', 0x8A),
        ('‹', 0x8B),
        ('Œ', 0x8C),
        ('Ž', 0x8E),
        ('‘', 0x91),
        ('’', 0x92),
        ('“', 0x93),
        ('”', 0x94),
        ('•', 0x95),
        ('–', 0x96),
        ('—', 0x97),
        ('˜', 0x98),
        ('™', 0x99),
        ('š', 0x9A),
        ('›', 0x9B),
        ('œ', 0x9C),
        ('ž', 0x9E),
        ('Ÿ', 0x9F),
    ];
    match u8::try_from(u32::from(c)) {
        Ok(byte) => Some(byte),
        Err(_) => HIGH.iter().find(|(high, _)| *high == c).map(|(_, byte)| *byte),
    }
}

/// Bidirectional overrides can make text read differently from what it is.
fn is_bidi_override(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mojibake_is_repaired_and_real_text_left_alone() {
        assert_eq!(repair_mojibake("Itâ€™s the cafÃ© by the quay"), "It’s the café by the quay");
        assert_eq!(repair_mojibake("Investorâ\u{80}\u{99}s guide"), "Investor’s guide");
        assert_eq!(
            repair_mojibake("Ãlesund – a café"),
            "Ãlesund – a café",
            "not UTF-8 read wrongly"
        );
        assert_eq!(repair_mojibake("Plain text"), "Plain text");
        assert!(matches!(repair_mojibake("naïve"), std::borrow::Cow::Borrowed(_)));
    }

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
