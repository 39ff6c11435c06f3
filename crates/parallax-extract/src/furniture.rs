//! Page furniture that reads like text: gallery controls ("Image 1 of 8", "Close"), time
//! stamps ("Published 4:00 am CST, Wednesday, November 20, 2019"), newsletter prompts, tag
//! lists, citation and copyright lines, "contributed to this report" credits. Each rule is a
//! pattern of the web, not of a site; each has invented examples in the tests.

use std::sync::LazyLock;

use regex::Regex;

use crate::meta;

/// Controls and labels of galleries, players and share bars, as whole blocks.
static CONTROL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:(?:image|photo|picture|slide|video)\s+)?\d{1,3}\s+(?:of|/)\s+\d{1,3}$|",
        r"^(?:close|caption|hide caption|toggle caption|enlarge this image|expand|print|",
        r"print (?:this )?(?:article|page|story)|advertisement|sponsored|iklan|anzeige|",
        r"sharing is caring!?|share (?:this|on \w+)|tweet|email|comments?|advert|text size|",
        r"highlights|getty images|more:|this slideshow requires javascript\.?|",
        r"skip advertisement|story continues below|\d+\s*min(?:ute)?s?\s*read)$|",
        r"^(?:tempo de leitura|reading time|lesezeit|temps de lecture|lettura)\b"
    ))
    .expect("a valid pattern")
});
/// How lines that are never reporting begin.
static PROMPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:tags?\s*:|tagged\s*:|tags\s+\S|citation\s*:|copyright\b|",
        r"(?:get|receive|sign up for|subscribe to)\b.{0,60}\b(?:newsletter|inbox|alerts|updates)|",
        r"subscribe\b.{0,80}$|there was a problem subscribing|filed under\s*:|",
        r"(?:additional )?(?:reporting|writing|editing|compiled) by\b|",
        r"(?:follow|more|see|read|listen|watch)\b.{0,120}https?://\S+$)"
    ))
    .expect("a valid pattern")
});
/// Phrases that mark a line as a prompt or a notice wherever they stand in it (lower case).
const PROMPT_PHRASES: &[&str] = &[
    "your inbox",
    "affiliate link",
    "affiliate commission",
    "subject to copyright",
    "contributed reporting",
    "contributed to this report",
    "contributed to this story",
    "contributed to this article",
    "share it with a friend",
    "share this with a friend",
];

/// Words a time stamp is made of, besides numbers and month names.
const STAMP_WORDS: &[&str] = &[
    "published",
    "updated",
    "posted",
    "last",
    "modified",
    "on",
    "at",
    "am",
    "pm",
    "a.m.",
    "p.m.",
    "gmt",
    "utc",
    "est",
    "edt",
    "cst",
    "cdt",
    "mst",
    "mdt",
    "pst",
    "pdt",
    "bst",
    "cet",
    "cest",
    "ist",
    "aest",
    "jst",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "|",
    "-",
    "–",
    "•",
    "·",
    "and",
    "first",
    "original",
    "et",
    "pt",
    "ct",
    "mt",
    "/",
    "@",
];

/// Whether a block is page furniture wherever it stands (time stamps are the caller's: below
/// the lead a date line is a timeline heading).
pub(crate) fn is_furniture(text: &str, words: usize) -> bool {
    if words <= 8 && CONTROL.is_match(text.trim()) {
        return true;
    }
    if words > 40 {
        return false;
    }
    let text = text.trim();
    if PROMPT.is_match(text) {
        return true;
    }
    let lower = text.to_lowercase();
    PROMPT_PHRASES.iter().any(|phrase| lower.contains(phrase))
}

/// "Published 4:00 am CST, Wednesday, November 20, 2019", "Nov. 20, 2019Updated: Nov. 20,
/// 2019 1:35 a.m.": only date and time words, with a year.
pub(crate) fn is_time_stamp(text: &str) -> bool {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || ",:;()@".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() || words.len() > 20 {
        return false;
    }
    let has_year = words.iter().any(|w| {
        let digits: String = w.chars().filter(char::is_ascii_digit).collect();
        digits.len() >= 4 && (digits.starts_with("19") || digits.starts_with("20"))
    });
    // "Updated Nov 19, 9:41 AM": without a year, a month and a clock time make a stamp.
    let has_clock = lower.contains(['a', 'p']) && lower.chars().filter(|c| *c == ':').count() >= 1;
    let has_month = words.iter().any(|w| meta::month_number(w).is_some());
    (has_year || has_clock && has_month)
        && words.iter().all(|word| {
            let word = word.trim_end_matches('.');
            word.chars().all(|c| c.is_ascii_digit() || "./-:".contains(c))
                || STAMP_WORDS.contains(&word)
                || meta::month_number(word).is_some()
                || STAMP_WORDS.contains(&format!("{word}.").as_str())
                || is_glued_stamp(word)
        })
}

/// "2019updated" in "Nov. 20, 2019Updated: ...": a number glued to a stamp word.
fn is_glued_stamp(word: &str) -> bool {
    let letters = word.trim_start_matches(|c: char| c.is_ascii_digit());
    letters.len() < word.len()
        && (STAMP_WORDS.contains(&letters) || meta::month_number(letters).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn furniture(text: &str) -> bool {
        is_furniture(text, text.split_whitespace().count())
    }

    #[test]
    fn gallery_and_share_controls() {
        for text in
            ["Image 1 of 8", "3 of 12", "Close", "Caption", "Print Article", "Sharing is caring!"]
        {
            assert!(furniture(text), "{text}");
        }
        assert!(!furniture("Close to 3,000 dock workers walked out."));
    }

    #[test]
    fn time_stamps() {
        for text in [
            "Published 4:00 am CST, Wednesday, November 20, 2019",
            "Updated 11:21 pm CST, Tuesday, November 19, 2019",
            "PUBLISHED: 00:01, Tue, Nov 19, 2019",
            "Posted: Fri 6:45 PM, Feb 16, 2018 |",
            "Nov. 20, 2019Updated: Nov. 20, 2019 1:35 a.m.",
            "November 20, 2019",
            "Updated Nov 19, 9:41 AM;Posted Nov 18, 8:19 PM",
            "Nov 18, 2019 @17:19 PM · Updated: Nov 18, 2019 @17:26 PM",
            "Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET",
            "First Published: Tuesday, November 19, 2019 08:38 AM",
        ] {
            assert!(is_time_stamp(text), "{text}");
        }
        assert!(!is_time_stamp("On November 20, 2019 the port closed."));
        assert!(!is_time_stamp("At 4:00 am"), "no year, no stamp");
    }

    #[test]
    fn prompts_credits_and_tags() {
        for text in [
            "Get the latest updates right in your inbox. Subscribe to the Herald's newsletters.",
            "Subscribe to the Valley Courier and stay informed.",
            "Tags: strike, port, unions",
            "Citation: Dock strike ends (2025, March 3) retrieved 4 March 2025",
            "Copyright @ 2025 The Valley Courier.",
            "Ana Lind contributed to this report.",
            "Tom Berg contributed reporting from Portvale.",
            "Reporting by Ana Lind; editing by Tom Berg",
            "Follow the Courier's full coverage of the strike at https://courier.example/strike",
            "This post may contain affiliate links. Please see my disclosure page.",
            "Like this story? Share it with a friend!",
            "5 min read",
            "Reading time: 4 minutes",
        ] {
            assert!(furniture(text), "{text}");
        }
        assert!(!furniture("The union said members would get the new offer by email on Friday."));
        assert!(!furniture(
            "Subscribers to the port's cargo service were told to expect delays of up to a week as the strike continued into its second month."
        ));
    }
}
