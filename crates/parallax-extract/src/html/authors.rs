//! Author names out of the strings pages put in bylines and metadata: "By Ana Lind and Tom
//! Berg, Senior Reporters", "Ana Lind | Email the author", "https://a.example/author/lind".
//! Roles, contact prompts, addresses and placeholders are not names.

use std::sync::LazyLock;

use regex::Regex;

/// The most names one byline is trusted to list.
const MAX_NAMES: usize = 12;

static PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^\s*(?:(?:written|posted|published|reported|words|story|reporting|text|article)\s+)?",
        r"(?:by|von|par|por|door|di|av|author|authors|autor|written by)\s*[:\-–]?\s+"
    ))
    .expect("a valid pattern")
});
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\S+@\S+\.\S+").expect("a valid pattern"));
/// Where a byline's names end and its furniture starts.
static FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)\s*(?:\b(?:email|e-mail|contact|follow|view (?:all )?(?:posts|articles|stories)|",
        r"more (?:from|by|articles)|twitter|facebook|linkedin|instagram|updated|published|posted|",
        r"last updated|read more|bio)\b|\|\s*(?:reporter|editor|staff)|[\d]{1,2}:\d{2}|",
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|",
        r"\b\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\d{4}-\d{2}-\d{2}|",
        r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,).*$"
    ))
    .expect("a valid pattern")
});
/// A role that follows a name: "Ana Lind, Senior Reporter".
static ROLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:(?:senior|chief|deputy|managing|associate|assistant|contributing|staff|special|",
        r"political|foreign|business|news|sports|digital|executive|editor-at-large|lead|former|",
        r"freelance|guest)\s+)*(?:reporter|writer|editor|correspondent|columnist|contributor|",
        r"journalist|producer|analyst|photographer|author|critic|director|intern|editors|",
        r"reporters|writers|correspondents|staff)s?\b"
    ))
    .expect("a valid pattern")
});
/// Strings that stand where a name should and are none.
const PLACEHOLDERS: &[&str] = &[
    "admin",
    "administrator",
    "author",
    "staff",
    "editor",
    "editors",
    "guest",
    "unknown",
    "anonymous",
    "user",
    "webmaster",
    "null",
    "none",
    "by",
    "handle",
    "written by",
    "posted by",
    "contributor",
];

/// The names a printed byline lists, cleaned, each once. Printed names are capitalised.
pub(crate) fn names(raw: &str) -> Vec<String> {
    names_with(raw, true)
}

/// The names of a printed line that starts as a byline ("By Ana Lind, Dec 17, 2025"), or none.
pub(crate) fn byline_names(text: &str) -> Vec<String> {
    let lower = text.trim_start().to_lowercase();
    let labelled =
        ["by ", "by:", "written by", "words by", "story by"].iter().any(|l| lower.starts_with(l));
    // "By the time the ships docked." is a sentence, not a byline.
    if !labelled || text.split_whitespace().count() > 10 || text.trim_end().ends_with('.') {
        return Vec::new();
    }
    names(text)
}

/// The names a metadata field (JSON-LD, `<meta name=author>`) lists: as [`names`], but a
/// field may hold a lower-case handle ("kirstin boatto", "mixmasterfred").
pub(crate) fn stated_names(raw: &str) -> Vec<String> {
    names_with(raw, false)
}

fn names_with(raw: &str, printed: bool) -> Vec<String> {
    let text = parallax_core::repair_mojibake(raw);
    let text = parallax_core::normalize_whitespace(&parallax_core::strip_control(&text));
    if text.contains("://") || text.starts_with("www.") || text.len() > 300 {
        return Vec::new();
    }
    let text = EMAIL.replace_all(&text, " ");
    let text = PREFIX.replace(&text, "");
    let text = FURNITURE.replace(&text, "");
    let mut found: Vec<String> = Vec::new();
    for part in split_names(&text) {
        let name = clean_name(part);
        if is_name(&name, printed) && !found.iter().any(|f| f.eq_ignore_ascii_case(&name)) {
            found.push(name);
        }
        if found.len() == MAX_NAMES {
            break;
        }
    }
    found
}

/// Splits "A, B and C" into names, stopping at a role ("A, Senior Reporter").
fn split_names(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    for piece in text.split([',', ';', '|', '/', '·', '•']) {
        let piece = piece.trim();
        if ROLE.is_match(piece) {
            break;
        }
        for name in piece.split(" and ").flat_map(|p| p.split(" & ")).flat_map(|p| p.split(" und "))
        {
            parts.push(name);
        }
    }
    parts
}

fn clean_name(part: &str) -> String {
    let name = PREFIX.replace(part.trim(), "");
    name.trim_matches(|c: char| !c.is_alphanumeric() && c != '.' && c != ')').trim().to_string()
}

/// One to six words, with letters, capitalised when printed, not a placeholder.
fn is_name(name: &str, printed: bool) -> bool {
    let words = name.split_whitespace().count();
    if words == 0 || words > 6 || name.chars().filter(|c| c.is_alphabetic()).count() < 2 {
        return false;
    }
    if printed && name.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    // "content: Ana Lind", "Ana Lind 2010": labels and dates are not part of a name.
    if name.contains([':', '@']) || name.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    !PLACEHOLDERS.contains(&name.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_become_names() {
        assert_eq!(names("By Ana Lind"), ["Ana Lind"]);
        assert_eq!(names("By Ana Lind and Tom Berg"), ["Ana Lind", "Tom Berg"]);
        assert_eq!(names("Ana Lind, Tom Berg & Li Wei"), ["Ana Lind", "Tom Berg", "Li Wei"]);
        assert_eq!(names("Written by: Ana Lind, Senior Reporter"), ["Ana Lind"]);
        assert_eq!(names("Ana Lind | Email the author"), ["Ana Lind"]);
        assert_eq!(names("Ana Lind ana.lind@herald.example"), ["Ana Lind"]);
        assert_eq!(names("By Ana Lind Updated March 3, 2025 10:00"), ["Ana Lind"]);
        assert_eq!(names("Associated Press"), ["Associated Press"]);
        assert_eq!(names("Ana Lind 4 August 2010"), ["Ana Lind"]);
        assert_eq!(names("Ana Lind Sat, 20 Dec"), ["Ana Lind"]);
    }

    #[test]
    fn stated_handles_are_names_printed_lower_case_words_are_not() {
        assert_eq!(stated_names("kirstin boatto"), ["kirstin boatto"]);
        assert!(names("kirstin boatto").is_empty());
        assert!(stated_names("admin").is_empty());
    }

    #[test]
    fn printed_bylines_need_their_label() {
        assert_eq!(byline_names("by: Ana Lind, Dec 17, 2025"), ["Ana Lind"]);
        assert!(byline_names("Ana Lind").is_empty());
        assert!(byline_names("Byelection called").is_empty());
    }

    #[test]
    fn furniture_is_not_a_name() {
        assert!(names("https://herald.example/author/ana-lind").is_empty());
        assert!(names("admin").is_empty());
        assert!(names("By").is_empty());
        assert!(names("Written by").is_empty());
        assert!(names("content: Ana Lind").is_empty());
        assert!(names("Staff Writer").is_empty());
        assert!(names("the editorial board of this paper writes about many things").is_empty());
    }
}
