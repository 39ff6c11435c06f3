//! Boilerplate removal over blocks: what a web page wraps around the reporting.
//!
//! Every rule is about patterns and layout (markers, link density, position, length), never
//! about a particular site. Each rule comes with its own invented examples in the tests.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use parallax_core::{Paragraph, ParagraphKind, Published};
use regex::Regex;

use crate::blocks::Block;
use crate::{furniture, meta};

/// What cleaning found: the reporting and the metadata written in the text.
#[derive(Debug, Default)]
pub(crate) struct Cleaned {
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<Published>,
    pub canonical_url: Option<String>,
    pub dateline: Option<String>,
    pub paragraphs: Vec<Paragraph>,
}

/// How the text is laid out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    /// The first line is the headline (a page copied as text), rather than the record
    /// carrying its title apart.
    pub title_first: bool,
}

static LIST_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:read more|read also|also read|more reading|further reading|see also|",
        r"related(?: news| articles?| stories| story| content| coverage| links?| reading)?|",
        r"more on this(?: story| topic)?|more from [^:]{1,40}|watch|listen|",
        r"click here to read more)\s*(?::\s*(.*)|)$"
    ))
    .expect("valid regex")
});
static TAIL_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:you may also like|you might also like|recommended for you|recommended|",
        r"more stories|most read|most popular|most viewed|trending(?: now| stories| news)?|",
        r"sponsored(?: content| stories| links)?|from around the web|popular (?:now|stories)|",
        r"latest (?:news|stories)|(?:comments|leave a comment|share this(?: article| story)?))\s*[:.…]*$"
    ))
    .expect("valid regex")
});
/// Site notices that are never reporting, wherever they stand in a block.
static NOTICE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:website (?:can|may) also be accessed|all rights reserved|",
        r"(?:we|this (?:site|website)) uses? cookies|enable javascript|",
        r"^(?:follow us on|subscribe to our|sign up for our|download our app|click here|",
        r"join (?:us|our channel) on (?:facebook|twitter|telegram|whatsapp|instagram)|©|copyright \d{4}))"
    ))
    .expect("valid regex")
});
/// A photo credit closing a caption: "(AFP photo)", "(Photo: Ana Lind)", or a caption label.
static CAPTION_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:\((?:[\w.'&/ -]{0,30}\s)?(?:photo|image|picture|file photo|photograph|credit)s?",
        r"(?:\s*(?::|by)[^()]{0,40})?\)$|",
        r"^(?:photo|image|picture|file photo|caption|credit|photograph)s?\s*(?:by)?\s*:)"
    ))
    .expect("valid regex")
});
/// "Jana Vik/POOL/CPA", "Ana Lind / Getty Images": a photographer and an agency in capitals.
static SLASH_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\p{Lu}[\p{L}.'-]*(?: \p{Lu}[\p{L}.'-]*){0,3}\s?/\s?",
        r"(?:\p{Lu}{2,}|Getty Images|Reuters|Pool|Shutterstock|Bloomberg)",
        r"(?:\s?/\s?(?:\p{Lu}{2,}|Getty Images|Reuters|Pool))*$"
    ))
    .expect("valid regex")
});
static BREADCRUMB_SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s+[/>»›|]\s+").expect("valid regex"));

/// Whether a block reads as a paragraph of reporting: a sentence, or long enough to be one.
fn is_reporting(block: &Block) -> bool {
    let words = block.words();
    block.link_density() < 0.5 && (words >= 16 || (words >= 4 && ends_sentence(&block.text)))
}

fn ends_sentence(text: &str) -> bool {
    let text = text.trim_end_matches(['"', '”', '’', '\'', ')', '»']);
    text.ends_with(['.', '!', '?', ':', ';', '…'])
}

/// A short line with no sentence ending: a link title, a label, a name.
fn is_title_like(block: &Block) -> bool {
    block.words() <= 16 && !ends_sentence(&block.text)
}

fn has_letters(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

fn is_breadcrumb(block: &Block) -> bool {
    let parts: Vec<&str> = BREADCRUMB_SEPARATOR.split(&block.text).collect();
    parts.len() >= 2
        && parts.len() <= 6
        && parts.iter().all(|part| (1..=3).contains(&part.split_whitespace().count()))
        && !ends_sentence(&block.text)
}

fn is_caption(block: &Block) -> bool {
    if block.words() > 80 {
        return false;
    }
    if CAPTION_CREDIT.is_match(&block.text) || SLASH_CREDIT.is_match(&block.text) {
        return true;
    }
    // A credit set in bold or italics at the end: "... **Jana Vik/POOL/CPA**".
    block.emphasis.last().is_some_and(|run| {
        block.text.ends_with(run.as_str())
            && run.split_whitespace().count() <= 6
            && !ends_sentence(run)
            && (SLASH_CREDIT.is_match(run) || CAPTION_CREDIT.is_match(&format!("({run})")))
    })
}

/// What the block-by-block pass decided about one block.
enum Verdict {
    Keep,
    Drop,
    /// Drop this block and the link titles that follow it.
    DropList,
    /// Drop this block and everything after it.
    DropRest,
}

/// Where the pass stands in the article.
#[derive(Default)]
struct State {
    in_list: bool,
    awaiting_address: bool,
    after_caption: bool,
    /// Whether a paragraph of reporting has been kept: metadata lines (byline, date) only
    /// stand above it.
    seen_reporting: bool,
}

/// Removes boilerplate and lifts the metadata out of the text.
pub(crate) fn clean(blocks: Vec<Block>, layout: Layout) -> Cleaned {
    let mut cleaned = Cleaned::default();
    let mut kept: Vec<Block> = Vec::new();
    let mut state = State::default();
    let blocks: Vec<Block> =
        blocks.into_iter().filter(|b| !b.text.is_empty() || !b.urls.is_empty()).collect();
    for (index, block) in blocks.iter().enumerate() {
        if state.awaiting_address && meta::is_bare_url(&block.text) {
            cleaned.canonical_url = Some(block.text.trim_matches(['<', '>']).to_string());
            state.awaiting_address = false;
            continue;
        }
        state.awaiting_address = false;
        if state.in_list {
            if is_title_like(block) || block.link_density() >= 0.5 {
                continue;
            }
            state.in_list = false;
        }
        let was_after_caption = std::mem::take(&mut state.after_caption);
        // The headline comes first: only what stands above a headline (labels, bylines, dates,
        // pictures) is judged before it, so a headline is never mistaken for furniture.
        let title_due = layout.title_first && cleaned.title.is_none() && kept.is_empty();
        if title_due && block.words() <= 40 && !is_above_headline(block) {
            cleaned.title = Some(block.text.clone());
            continue;
        }
        match judge(block, &mut cleaned, &mut state) {
            Verdict::Keep => {}
            Verdict::Drop => {
                state.after_caption = is_caption(block);
                continue;
            }
            Verdict::DropList => {
                state.in_list = true;
                continue;
            }
            Verdict::DropRest => {
                // A tail marker ends the article unless reporting follows it (then it was a
                // subheading that happens to read like one).
                let reporting_after =
                    blocks[index + 1..].iter().filter(|b| is_reporting(b)).count();
                if reporting_after < 2 {
                    break;
                }
            }
        }
        // A name line under a picture caption ("Kremlin spokesperson Ana Lind") labels the
        // picture: short, no sentence ending, before any reporting.
        if was_after_caption && !state.seen_reporting && is_title_like(block) && block.words() <= 8
        {
            state.after_caption = true;
            continue;
        }
        state.seen_reporting |= is_reporting(block);
        kept.push(block.clone());
    }
    drop_author_notes(&mut kept);
    cleaned.paragraphs = join_broken(drop_repeated(kept));
    if let Some(lead) = cleaned.paragraphs.iter_mut().find(|p| p.kind == ParagraphKind::Text)
        && let Some((dateline, rest)) = meta::split_dateline(&lead.text)
    {
        cleaned.dateline = Some(dateline);
        lead.text = rest;
    }
    cleaned
}

/// What may stand above a headline: section labels, counters, bylines, dates, pictures.
fn is_above_headline(block: &Block) -> bool {
    !has_letters(&block.text)
        || meta::is_bare_url(&block.text)
        || is_breadcrumb(block)
        || meta::parse_byline(&block.text).is_some()
        || meta::parse_date_line(&block.text).is_some()
        || CAPTION_CREDIT.is_match(&block.text)
}

/// Judges one block on its own: boilerplate, metadata, or reporting to keep.
fn judge(block: &Block, cleaned: &mut Cleaned, state: &mut State) -> Verdict {
    let text = block.text.as_str();
    if !has_letters(text) {
        // Counters, separators and lone punctuation: "214", ".", "* * *".
        return if meta::is_bare_url(text) { Verdict::Keep } else { Verdict::Drop };
    }
    if meta::is_bare_url(text) {
        return Verdict::Drop;
    }
    if let Some(address) = meta::parse_address_label(text) {
        if address.is_empty() {
            state.awaiting_address = true;
        } else {
            cleaned.canonical_url = Some(address);
        }
        return Verdict::Drop;
    }
    if TAIL_MARKER.is_match(text) {
        return Verdict::DropRest;
    }
    if let Some(captures) = LIST_MARKER.captures(text) {
        // "Read More:" alone heads a list of link titles; "Related: [Title](#)" is the list.
        let inline = captures.get(1).map_or("", |m| m.as_str());
        if inline.is_empty() {
            return Verdict::DropList;
        }
        if block.link_density() >= 0.5 || !ends_sentence(inline) {
            return Verdict::Drop;
        }
    }
    if NOTICE.is_match(text) && block.words() <= 40 {
        return if text.ends_with(':') { Verdict::DropList } else { Verdict::Drop };
    }
    // Bylines and date lines stand above the reporting; below it, "By March 2026, ..." and
    // "March 3, 2025" are a list item and a timeline heading.
    let header = !state.seen_reporting && block.kind() != ParagraphKind::ListItem;
    if let Some(names) = meta::parse_byline(text).filter(|_| header) {
        if cleaned.byline.is_none() {
            cleaned.byline = names;
        }
        return Verdict::Drop;
    }
    if let Some((published, updated)) = meta::parse_date_line(text).filter(|_| header) {
        if !updated && cleaned.published.is_none() {
            cleaned.published = Some(published);
        }
        return Verdict::Drop;
    }
    if header && furniture::is_time_stamp(text) {
        return Verdict::Drop;
    }
    if is_breadcrumb(block) || is_caption(block) || furniture::is_furniture(text, block.words()) {
        return Verdict::Drop;
    }
    // Navigation: a short run of links.
    if block.link_density() >= 0.6 && block.words() <= 20 {
        return Verdict::Drop;
    }
    Verdict::Keep
}

/// "Ana Lind is a senior reporter at the Courier ...": a note about the author closing the
/// page, which is not the article.
static AUTHOR_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^\p{Lu}[\p{L}.'-]+(?: \p{Lu}[\p{L}.'-]+){1,3} (?:is|was|has been) (?:a|an|the|\p{Lu}\S*)\b",
        r".{0,160}\b(?:writer|editor|reporter|journalist|correspondent|author|curator|columnist|",
        r"contributor|producer|critic)s?\b"
    ))
    .expect("valid regex")
});

/// Drops author notes among the last two paragraphs.
fn drop_author_notes(blocks: &mut Vec<Block>) {
    let tail = blocks.len().saturating_sub(2);
    let mut index = blocks.len();
    while index > tail {
        index -= 1;
        if blocks[index].words() <= 80 && AUTHOR_NOTE.is_match(&blocks[index].text) {
            blocks.remove(index);
        }
    }
}

/// A long paragraph of running text that the page prints two or three times is a picture
/// caption repeated by a gallery, not reporting (list items and short lines repeat in real
/// articles: recipes, interview questions, feature lists).
fn drop_repeated(blocks: Vec<Block>) -> Vec<Block> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for block in blocks.iter().filter(|b| b.words() >= 12) {
        *counts.entry(block.text.as_str()).or_default() += 1;
    }
    let repeated: HashSet<String> = counts
        .into_iter()
        .filter(|(_, count)| *count >= 2)
        .map(|(text, _)| text.to_string())
        .collect();
    blocks.into_iter().filter(|block| !repeated.contains(&block.text)).collect()
}

/// Joins a paragraph that a stray line break cut mid-sentence with its continuation.
fn join_broken(blocks: Vec<Block>) -> Vec<Paragraph> {
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    for block in blocks {
        let kind = block.kind();
        if let Some(previous) = paragraphs.last_mut() {
            let cut = previous.kind == ParagraphKind::Text
                && kind == ParagraphKind::Text
                && !ends_sentence(&previous.text)
                && previous.text.ends_with(|c: char| c.is_lowercase() || c == ',');
            let continues = block.text.starts_with(char::is_lowercase)
                || previous.text.split_whitespace().nth(9).is_some();
            if cut && continues {
                previous.text.push(' ');
                previous.text.push_str(&block.text);
                continue;
            }
        }
        paragraphs.push(Paragraph { kind, text: block.text });
    }
    paragraphs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::split_blocks;

    fn check(input: &str, expected_title: Option<&str>, expected_body: &[&str]) -> Cleaned {
        let cleaned = clean(split_blocks(input, true), Layout { title_first: true });
        let body: Vec<&str> = cleaned.paragraphs.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(cleaned.title.as_deref(), expected_title, "title");
        assert_eq!(body, expected_body, "body");
        cleaned
    }

    const LEAD: &str = "Dock workers in Portvale walked out on Tuesday over unpaid overtime.";
    const NEXT: &str = "The port authority said ships would wait at anchor until talks resume.";

    #[test]
    fn an_author_note_closing_the_page_goes() {
        let note = "Ana Lind is a senior reporter at the Courier, covering ports and shipping.";
        check(
            &format!("Strike shuts port\n\n{LEAD}\n\n{NEXT}\n\n{note}"),
            Some("Strike shuts port"),
            &[LEAD, NEXT],
        );
        let early = "Ana Lind is the union's new chair and a former dock reporter.";
        let last = "Talks resume on Monday.";
        check(
            &format!("Strike shuts port\n\n{early}\n\n{LEAD}\n\n{NEXT}\n\n{last}"),
            Some("Strike shuts port"),
            &[early, LEAD, NEXT, last],
        );
    }

    #[test]
    fn read_more_blocks_go_with_their_link_titles() {
        let input = format!(
            "Strike shuts port\n\n{LEAD}\n\nRead More:\n\nUnions vow to fight on\n\nPort fees rise again\n\n{NEXT}"
        );
        check(&input, Some("Strike shuts port"), &[LEAD, NEXT]);
    }

    #[test]
    fn related_lines_with_inline_links_go() {
        let input = format!(
            "Strike shuts port\n\n{LEAD}\n\nRelated article: [Unions vow to fight on](#)\n\nRelated News:\n\n Port fees rise again\n\n{NEXT}"
        );
        check(&input, Some("Strike shuts port"), &[LEAD, NEXT]);
    }

    #[test]
    fn tails_are_cut() {
        let input = format!(
            "Strike shuts port\n\n{LEAD}\n\n.\n\nYou May Also Like\n\nRecommended for you\n\nMiracle Diet Pills"
        );
        check(&input, Some("Strike shuts port"), &[LEAD]);
    }

    #[test]
    fn site_notices_and_their_lists_go() {
        let input = format!(
            "Strike shuts port\n\n{LEAD}\n\nThe Coastal Post's website can also be accessed at the following alternate addresses:\n\nCoastal Post TV Radio"
        );
        check(&input, Some("Strike shuts port"), &[LEAD]);
    }

    #[test]
    fn counters_breadcrumbs_and_empty_bylines_go() {
        let input =
            format!("News  /  Economy\n\nStrike shuts port\n\nby\n\n{LEAD}\n\n187\n\n{NEXT}");
        let cleaned = check(&input, Some("Strike shuts port"), &[LEAD, NEXT]);
        assert_eq!(cleaned.byline, None);
    }

    #[test]
    fn captions_and_credits_go() {
        let input = format!(
            "Strike shuts port\n\nPickets at the north gate on Monday. (CPA photo)\n\nUnion leader Ana Lind\n\n{LEAD}\n\nCranes stand idle at dawn. **Jana Vik/POOL/CPA**\n\n{NEXT}"
        );
        check(&input, Some("Strike shuts port"), &[LEAD, NEXT]);
    }

    #[test]
    fn metadata_lines_are_lifted() {
        let input = format!(
            "\n\nStrike shuts port\n\nBy [CPA](#)\n\nMarch 14, 2025\n\n{LEAD}\n\nOriginal url:\n\n<https://post.example/2025/03/14/strike>"
        );
        let cleaned = check(&input, Some("Strike shuts port"), &[LEAD]);
        assert_eq!(cleaned.byline.as_deref(), Some("CPA"));
        assert_eq!(cleaned.published.map(|p| p.to_string()).as_deref(), Some("2025-03-14"));
        assert_eq!(
            cleaned.canonical_url.as_deref(),
            Some("https://post.example/2025/03/14/strike")
        );
    }

    #[test]
    fn broken_paragraphs_are_joined_and_subheadings_stay() {
        let input = format!(
            "Strike shuts port\n\nThe union and the port authority have met three times this week and\n\nfailed to agree.\n\nTalks expected next week\n\n{NEXT}"
        );
        check(
            &input,
            Some("Strike shuts port"),
            &[
                "The union and the port authority have met three times this week and failed to agree.",
                "Talks expected next week",
                NEXT,
            ],
        );
    }

    #[test]
    fn datelines_are_lifted_from_the_lead() {
        let input = format!("Strike shuts port\n\nPORTVALE, March 14 (CPA) - {LEAD}\n\n{NEXT}");
        let cleaned = check(&input, Some("Strike shuts port"), &[LEAD, NEXT]);
        assert_eq!(cleaned.dateline.as_deref(), Some("PORTVALE, March 14 (CPA)"));
    }

    #[test]
    fn reporting_that_mentions_markers_stays() {
        let reporting = [
            "Read more about the strike in the union's statement, the spokesman said.",
            "By the time the ships docked, the strike was over.",
            "Photographs of the pickets were shared widely on Tuesday.",
            LEAD,
        ];
        let input = format!("Strike shuts port\n\n{}", reporting.join("\n\n"));
        check(&input, Some("Strike shuts port"), &reporting);
    }

    #[test]
    fn sentences_that_resemble_notices_or_credits_stay() {
        let reporting = [
            "More than 2 million people subscribe to the service, the company said.",
            "Commuters must download the app to buy tickets from March, the transit authority said.",
            "The email urged recipients to click here to verify their accounts, police said.",
            "\"Join us on the picket line on Saturday,\" Lind told the crowd.",
            "The spill was reported by the Environmental Protection Agency (EPA).",
            "Officials spoke to the Associated Press (AP).",
            "Workers will file a complaint on Monday.",
        ];
        let input = format!(
            "Port strike ends\n\n{}\n\n**Workers will file a complaint on Monday.**",
            reporting[..6].join("\n\n")
        );
        check(&input, Some("Port strike ends"), &reporting);
    }

    #[test]
    fn headlines_are_not_mistaken_for_furniture() {
        for headline in [
            "Millions sign up for the new pension scheme",
            "Israel/Gaza Truce Holds",
            "BYD Overtakes Tesla",
            "Recommended reading for the summer",
        ] {
            check(&format!("{headline}\n\n{LEAD}"), Some(headline), &[LEAD]);
        }
    }

    #[test]
    fn timelines_lists_and_subheadings_below_the_lead_stay() {
        let input = format!(
            "Port strike ends\n\n{LEAD}\n\nMarch 3, 2025\n\n{NEXT}\n\n- By March 2026, close three berths\n\nRecommended\n\n{LEAD} More.\n\n{NEXT} More."
        );
        let cleaned = check(
            &input,
            Some("Port strike ends"),
            &[
                LEAD,
                "March 3, 2025",
                NEXT,
                "By March 2026, close three berths",
                "Recommended",
                &format!("{LEAD} More."),
                &format!("{NEXT} More."),
            ],
        );
        assert_eq!(cleaned.published, None);
        assert_eq!(cleaned.byline, None);
    }

    #[test]
    fn many_short_blocks_clean_in_linear_time() {
        // Quadratic rules took minutes on this; it must stay well under a second.
        let input =
            "Ab cd 7\n\n".repeat(20_000) + &"Aa bb cc dd ee ff gg hh ii jj kk\n\n".repeat(20_000);
        let started = std::time::Instant::now();
        let cleaned = clean(split_blocks(&input, false), Layout { title_first: true });
        assert!(!cleaned.paragraphs.is_empty());
        assert!(started.elapsed().as_secs() < 30, "took {:?}", started.elapsed());
    }

    #[test]
    fn a_record_without_a_title_line_keeps_its_first_paragraph() {
        let cleaned = clean(split_blocks(LEAD, false), Layout { title_first: false });
        assert_eq!(cleaned.title, None);
        assert_eq!(cleaned.paragraphs.len(), 1);
    }
}
