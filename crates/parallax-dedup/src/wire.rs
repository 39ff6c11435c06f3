//! Wire credits: the signs in a text that it is an agency's copy ("(AP)", "By AFP",
//! "Reuters reported").

use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// News agencies whose copy outlets republish, as (name, pattern of how they are credited).
const AGENCIES: &[(&str, &str)] = &[
    ("AP", r"AP|Associated Press"),
    ("Reuters", r"Reuters"),
    ("AFP", r"AFP|Agence France[- ]Presse"),
    ("Bloomberg", r"Bloomberg"),
    ("dpa", r"dpa|DPA"),
    ("EFE", r"EFE"),
    ("ANSA", r"ANSA"),
    ("Xinhua", r"Xinhua"),
    ("TASS", r"TASS"),
    ("RIA Novosti", r"RIA Novosti"),
    ("Interfax", r"Interfax"),
    ("UPI", r"UPI"),
    ("PA", r"PA Media|Press Association"),
    ("Kyodo", r"Kyodo"),
    ("Yonhap", r"Yonhap"),
    ("ANI", r"ANI"),
    ("PTI", r"PTI"),
];

/// One piece of evidence that a text is (or quotes) agency copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WireCredit {
    /// The agency, by its usual short name.
    pub agency: String,
    /// How the text credits it: "dateline", "byline", "reported", "according to", "credit".
    pub how: &'static str,
    /// The words that credit it, as written.
    pub evidence: String,
}

struct Pattern {
    agency: &'static str,
    how: &'static str,
    regex: Regex,
}

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let mut patterns = Vec::new();
    for &(agency, names) in AGENCIES {
        let forms: [(&'static str, String); 4] = [
            ("dateline", format!(r"^[^.]{{0,60}}\((?:{names})\)\s*[-–—:]")),
            ("credit", format!(r"\((?:{names})\)|\b(?:{names})\s*/\s*(?:\w+\s*)?$")),
            ("reported", format!(r"\b(?:{names})\s+(?:reported|said|reports|news agency)\b")),
            ("according to", format!(r"\baccording to (?:the )?(?:{names})\b")),
        ];
        for (how, pattern) in forms {
            if let Ok(regex) = Regex::new(&pattern) {
                patterns.push(Pattern { agency, how, regex });
            }
        }
    }
    patterns
});

/// Any agency name at all: most texts name none, and then no per-agency pattern need run.
static ANY_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = AGENCIES.iter().map(|(_, names)| *names).collect();
    Regex::new(&format!(r"\b(?:{})\b", names.join("|"))).expect("valid regex")
});

static BYLINE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = AGENCIES.iter().map(|(_, names)| *names).collect();
    Regex::new(&format!(r"^(?:{})$", names.join("|"))).expect("valid regex")
});

fn is_acronym(text: &str) -> bool {
    (2..=6).contains(&text.len()) && text.chars().all(|c| c.is_ascii_uppercase())
}

/// The agency in a dateline's closing parentheses, if it is an acronym: "PORTVALE (CPA)".
fn dateline_agency(dateline: &str) -> Option<String> {
    let inside = dateline.trim_end().strip_suffix(')')?.rsplit_once('(')?.1.trim();
    is_acronym(inside).then(|| inside.to_string())
}

/// The wire credits in an article's byline, dateline and text, at most one per agency and kind.
pub fn wire_credits(byline: Option<&str>, dateline: Option<&str>, text: &str) -> Vec<WireCredit> {
    let mut credits: Vec<WireCredit> = Vec::new();
    let mut add = |agency: &str, how: &'static str, evidence: &str| {
        if !credits.iter().any(|c| c.agency == agency && c.how == how) {
            credits.push(WireCredit {
                agency: agency.to_string(),
                how,
                evidence: evidence.to_string(),
            });
        }
    };
    // By convention a dateline's parentheses and an all-capitals byline name an agency, known
    // or not: "PORTVALE (CPA) -", "By CPA".
    if let Some(agency) = dateline.and_then(dateline_agency) {
        add(&agency, "dateline", dateline.unwrap_or_default());
    }
    if let Some(agency) = byline.filter(|b| is_acronym(b)) {
        add(agency, "byline", agency);
    }
    if let Some(byline) = byline {
        for part in byline.split([',', '/', '&']).map(str::trim) {
            if BYLINE_AGENCY.is_match(part)
                && let Some(pattern) =
                    PATTERNS.iter().find(|p| p.regex.is_match(&format!("({part})")))
            {
                add(pattern.agency, "byline", byline);
            }
        }
    }
    for (source, lead_only) in
        [(dateline.map(|d| format!("{d} -")), true), (Some(text.to_string()), false)]
    {
        let Some(source) = source else { continue };
        if !ANY_AGENCY.is_match(&source) {
            continue;
        }
        for pattern in PATTERNS.iter() {
            if lead_only && pattern.how != "dateline" {
                continue;
            }
            if let Some(found) = pattern.regex.find(&source) {
                add(pattern.agency, pattern.how, found.as_str().trim());
            }
        }
    }
    credits
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agencies(
        byline: Option<&str>,
        dateline: Option<&str>,
        text: &str,
    ) -> Vec<(String, &'static str)> {
        wire_credits(byline, dateline, text).into_iter().map(|c| (c.agency, c.how)).collect()
    }

    #[test]
    fn credits_are_found_where_outlets_put_them() {
        assert_eq!(agencies(Some("AFP"), None, "Talks began."), [("AFP".to_string(), "byline")]);
        assert_eq!(
            agencies(None, Some("PORTVALE (Reuters)"), "Talks began."),
            [("Reuters".to_string(), "dateline")]
        );
        assert_eq!(
            agencies(None, None, "The West is ready with sanctions, Reuters reported."),
            [("Reuters".to_string(), "reported")]
        );
        assert_eq!(
            agencies(None, None, "Cranes stand idle. (AP Photo)"),
            Vec::<(String, &str)>::new()
        );
        assert_eq!(agencies(None, None, "Crowds gathered (AP)."), [("AP".to_string(), "credit")]);
    }

    #[test]
    fn unknown_agencies_are_credited_by_convention() {
        assert_eq!(
            agencies(Some("CPA"), Some("PORTVALE, March 12 (CPA)"), "Talks began."),
            [("CPA".to_string(), "dateline"), ("CPA".to_string(), "byline"),]
        );
        assert!(agencies(Some("Ana Lind"), Some("PORTVALE (Port Desk)"), "Talks.").is_empty());
    }

    #[test]
    fn words_that_merely_contain_agency_letters_are_not_credits() {
        assert!(
            agencies(Some("Ana Lind"), None, "The APEC summit opened; a TAPAS bar closed.")
                .is_empty()
        );
    }
}
