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

/// Verbs that report a stance or an intention when a clause follows them (`wants to ...`,
/// `pledged that ...`): cues of reported speech only before "to" or "that".
#[rustfmt::skip]
pub(crate) const INTENT_CUES: &[&str] = &[
    "wants", "want", "wanted", "plans", "planned", "plan", "pledged", "pledges", "promised",
    "promises", "promising", "vowed", "vows", "refuses", "refused", "declined", "declines",
    "decided", "decides", "hopes", "hoped", "intends", "intended", "threatened", "threatens",
    "agreed", "agrees", "proposed", "proposes", "sought", "seeks", "expects", "expected",
    "offered", "offers", "pushed", "urges", "demanding", "refusing", "declining", "hoping",
    "planning", "vowing", "pledging", "threatening", "seeking", "seemed", "seems", "knew",
    "knows", "know", "thought", "think", "felt", "feels", "feel", "heard", "hears", "saw", "sees",
    "understood", "understands", "realized", "realizes", "learned", "learns", "believed",
    "noticed", "recognized", "recognizes", "wrote", "insist", "argue", "claim", "suggest",
    "fear", "feared", "fears", "worry", "worries", "worried", "hope", "expect",
];

/// Verbs that report a stance on what follows them (`criticized the plan as ...`): cues of
/// reported speech, though not of quotations.
#[rustfmt::skip]
pub(crate) const STANCE_CUES: &[&str] = &[
    "criticized", "criticised", "criticizes", "attacked", "attacks", "blasted", "blasts",
    "condemned", "condemns", "praised", "praises", "rejected", "rejects", "questioned",
    "questions", "mentioned", "mentions", "citing", "claiming", "called", "calls", "calling",
    "slammed", "slams", "accused", "accuses", "defended", "defends", "defending", "endorsed",
    "endorses", "supports", "supported", "opposes", "opposed", "dismissed", "dismisses",
    "highlighted", "highlights", "touted", "touts", "hailed", "hails", "lauded", "decried",
    "denounced", "denounces", "blamed", "blames", "unveiled", "unveils", "outlined", "outlines",
];

/// Participles that go on a sentence with what its subject said (`..., noting that ...`,
/// `..., telling reporters ...`): cues of reported speech, though not of quotations.
#[rustfmt::skip]
pub(crate) const PARTICIPLE_CUES: &[&str] = &[
    "noting", "suggesting", "telling", "explaining", "warning", "insisting", "stating",
    "declaring", "acknowledging", "admitting", "predicting", "recalling", "stressing",
    "emphasizing", "contending", "maintaining", "complaining", "urging", "promising", "vowing",
    "pledging", "conceding", "countering", "announcing", "charging", "alleging", "writing",
    "tweeting", "arguing", "claiming", "asserting", "confirming", "observing", "reminding",
    "describing", "accusing", "questioning", "denying", "indicating", "signaling", "hinting",
];

/// Verbs of thought that report a clause even without "that" (`I think we can win`).
#[rustfmt::skip]
pub(crate) const THOUGHT_CUES: &[&str] = &[
    "think", "thinks", "thought", "believe", "believes", "believed", "guess", "suspect",
    "suspects", "doubt", "doubts", "hope", "hopes", "hoped", "fear", "fears", "feared", "worry",
    "worries", "worried", "expect", "expects", "suppose", "assume", "assumes", "bet", "figure",
    "figured", "predict", "insist", "argue", "claim", "say", "said", "says",
];

/// Whether `word` is a verb of thought, which may report a clause opening with a name
/// (`officials think Lind will run`).
pub(crate) fn is_thought(word: &str) -> bool {
    THOUGHT_CUES.contains(&word)
}

/// Words that open a clause after a verb of thought (`think the vote will ...`).
#[rustfmt::skip]
const CLAUSE_SUBJECTS: &[&str] = &[
    "he", "she", "they", "we", "i", "it", "there", "you", "the", "this", "these", "those",
    "most", "many", "some", "nobody", "everyone", "everybody", "people",
];

/// Verbs before "that" which do not report anything (`so that`, `means that`).
#[rustfmt::skip]
pub(crate) const NOT_REPORTING: &[&str] = &[
    "is", "was", "has", "does", "means", "meant", "ensures", "ensured", "requires", "required",
    "assumes", "assumed", "given", "provided", "except", "such", "so", "now", "was", "proves",
    "proved", "implies", "implied", "happens", "happened", "matters", "mattered", "seemed", "seems",
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
    "wednesday", "thursday", "friday", "saturday", "sunday", "cannot", "can't", "can’t", "won't",
    "won’t", "didn't", "didn’t", "doesn't", "doesn’t", "don't", "don’t",
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

/// Whether the word at `index` reports speech or a stance, given the word after it.
pub(crate) fn is_reporting(word: &str, next: Option<&str>) -> bool {
    if is_cue(word) {
        return true;
    }
    if STANCE_CUES.contains(&word) || PARTICIPLE_CUES.contains(&word) {
        return true;
    }
    if THOUGHT_CUES.contains(&word) && next.is_some_and(|n| CLAUSE_SUBJECTS.contains(&n)) {
        return true;
    }
    if INTENT_CUES.contains(&word) {
        return matches!(next, Some("to" | "that"));
    }
    // Any past-tense or present verb that takes a "that" clause: "complained that", "insists that".
    next == Some("that")
        && word.len() >= 5
        && (word.ends_with("ed") || word.ends_with("es") || word.ends_with("ts"))
        && word.chars().all(|c| c.is_ascii_lowercase())
        && !NOT_REPORTING.contains(&word)
}
