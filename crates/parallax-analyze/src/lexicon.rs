//! Words that mark reported speech, and words that end a speaker's name. Written for parallax.

/// Verbs and phrases that attribute what comes with them to a source, lowercase.
#[rustfmt::skip]
pub(crate) const CUES: &[&str] = &[
    "said", "says", "say", "saying", "told", "tells", "tell", "added", "adds", "adding", "noted",
    "notes", "wrote", "writes", "explained", "explains", "stated", "states", "argued", "argues",
    "arguing", "asked", "asks", "warned", "warns", "claimed", "claims", "insisted", "insists",
    "declared", "declares", "announced", "announces", "replied", "tweeted", "tweets",
    "acknowledged", "acknowledges", "admitted", "admits", "suggested", "suggests", "believes",
    "believe", "thinks", "reported", "reports", "recalled", "recalls", "continued", "concluded",
    "testified", "predicted", "predicts", "promised", "vowed", "urged", "countered", "conceded",
    "confirmed", "confirms", "stressed", "emphasized", "observed", "remarked", "complained",
    "contended", "contends", "maintained", "maintains", "agreed", "cautioned", "boasted", "joked",
    "found", "finds", "shows", "showed", "show", "estimated", "estimates", "alleged", "alleges",
    "charged", "responded", "lamented", "quipped", "mused", "posted", "wondered", "accused",
    "denied", "denies", "called", "describes", "described", "echoed", "cited", "cites",
    "indicated", "indicates", "revealed", "reveals", "commented", "comments", "shouted", "yelled",
    "yells", "chanted", "sang", "sings", "demanded", "demands", "asking", "asserting", "asserted",
    "asserts",
];

/// Words allowed between a speaker and the cue ("he also said", "Trump has repeatedly said").
#[rustfmt::skip]
pub(crate) const BETWEEN: &[&str] = &[
    "also", "later", "then", "previously", "recently", "once", "repeatedly", "has", "had", "have",
    "would", "will", "reportedly", "further", "again", "often", "publicly", "flatly", "simply",
    "is", "was", "were", "are", "been", "quickly", "frequently",
];

/// Words that end a speaker's name when reading away from the cue.
#[rustfmt::skip]
pub(crate) const BREAKERS: &[&str] = &[
    "that", "would", "will", "could", "can", "should", "may", "might", "must", "did", "does", "do",
    "and", "but", "because", "which", "while", "when", "as", "if", "so", "then", "in", "on", "at",
    "during", "after", "before", "to", "for", "from", "with", "about", "last", "this", "since",
    "until", "than", "where", "why", "how", "what", "whether", "or", "nor", "yet", "of", "by",
    "into", "over", "under", "through", "said", "says", "told", "is", "was", "are", "were", "be",
    "not", "it’s", "it's", "there", "here", "now", "today", "yesterday", "tuesday", "monday",
    "wednesday", "thursday", "friday", "saturday", "sunday",
];

/// Abbreviations whose full stop belongs to the word.
#[rustfmt::skip]
pub(crate) const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "st", "jr", "sr", "prof", "lt", "col",
    "sgt", "u.s", "u.n", "u.k", "d.c",
];

pub(crate) fn is_cue(word: &str) -> bool {
    CUES.contains(&word)
}

pub(crate) fn is_between(word: &str) -> bool {
    BETWEEN.contains(&word)
}

pub(crate) fn is_breaker(word: &str) -> bool {
    BREAKERS.contains(&word)
}
