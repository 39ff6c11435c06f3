//! Words for the quantity spotter: number words and scales, qualifiers, units and currencies,
//! and the words that end or cannot be a counted noun. Written for parallax.

/// How exact the text says a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Qualifier {
    /// As written: "70,000 troops", "exactly 12".
    Exact,
    /// About, around, roughly, approximately, some, an estimated, "or so", "40-odd".
    About,
    /// Nearly, almost, close to, just under.
    Nearly,
    /// More than, over, above, upwards of, "or more", "-plus", "tens of thousands".
    MoreThan,
    /// At least, no fewer than.
    AtLeast,
    /// Less than, fewer than, under, below.
    LessThan,
    /// Up to, as many as, at most, "or fewer".
    UpTo,
}

/// Number words below a hundred that stand alone, lowercase.
#[rustfmt::skip]
const SMALL_NUMBERS: &[(&str, f64)] = &[
    ("one", 1.0), ("two", 2.0), ("three", 3.0), ("four", 4.0), ("five", 5.0), ("six", 6.0),
    ("seven", 7.0), ("eight", 8.0), ("nine", 9.0), ("ten", 10.0), ("eleven", 11.0),
    ("twelve", 12.0), ("thirteen", 13.0), ("fourteen", 14.0), ("fifteen", 15.0),
    ("sixteen", 16.0), ("seventeen", 17.0), ("eighteen", 18.0), ("nineteen", 19.0),
    ("twenty", 20.0), ("thirty", 30.0), ("forty", 40.0), ("fifty", 50.0), ("sixty", 60.0),
    ("seventy", 70.0), ("eighty", 80.0), ("ninety", 90.0),
];

/// Words that multiply what comes before them ("three million"), lowercase.
#[rustfmt::skip]
const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3), ("million", 1e6), ("billion", 1e9), ("trillion", 1e12),
    ("mn", 1e6), ("mln", 1e6), ("bn", 1e9), ("bln", 1e9), ("tn", 1e12), ("trn", 1e12),
];

/// Scale letters glued to digits ("10bn", "$5m", "40k").
#[rustfmt::skip]
const GLUED_SCALES: &[(&str, f64)] = &[
    ("k", 1e3), ("m", 1e6), ("mn", 1e6), ("mln", 1e6), ("bn", 1e9), ("b", 1e9), ("bln", 1e9),
    ("tn", 1e12), ("trn", 1e12),
];

/// Plural words that give a vague size ("thousands", "tens of thousands"): the least the
/// text says.
#[rustfmt::skip]
const APPROXIMATE: &[(&str, f64)] = &[
    ("tens", 10.0), ("dozens", 12.0), ("scores", 20.0), ("hundreds", 100.0),
    ("thousands", 1e3), ("millions", 1e6), ("billions", 1e9), ("trillions", 1e12),
];

/// Qualifiers before a number, lowercase word by word; the longest that matches wins.
#[rustfmt::skip]
pub(crate) const QUALIFIERS_BEFORE: &[(&[&str], Qualifier)] = &[
    (&["about"], Qualifier::About), (&["around"], Qualifier::About),
    (&["roughly"], Qualifier::About), (&["approximately"], Qualifier::About),
    (&["some"], Qualifier::About), (&["an", "estimated"], Qualifier::About),
    (&["estimated"], Qualifier::About), (&["circa"], Qualifier::About),
    (&["in", "the", "region", "of"], Qualifier::About),
    (&["nearly"], Qualifier::Nearly), (&["almost"], Qualifier::Nearly),
    (&["close", "to"], Qualifier::Nearly), (&["just", "under"], Qualifier::Nearly),
    (&["just", "below"], Qualifier::Nearly), (&["just", "shy", "of"], Qualifier::Nearly),
    (&["more", "than"], Qualifier::MoreThan), (&["over"], Qualifier::MoreThan),
    (&["above"], Qualifier::MoreThan), (&["upwards", "of"], Qualifier::MoreThan),
    (&["upward", "of"], Qualifier::MoreThan), (&["in", "excess", "of"], Qualifier::MoreThan),
    (&["just", "over"], Qualifier::MoreThan), (&["well", "over"], Qualifier::MoreThan),
    (&["just", "above"], Qualifier::MoreThan), (&["well", "above"], Qualifier::MoreThan),
    (&["at", "least"], Qualifier::AtLeast), (&["no", "fewer", "than"], Qualifier::AtLeast),
    (&["no", "less", "than"], Qualifier::AtLeast), (&["not", "less", "than"], Qualifier::AtLeast),
    (&["less", "than"], Qualifier::LessThan), (&["fewer", "than"], Qualifier::LessThan),
    (&["under"], Qualifier::LessThan), (&["below"], Qualifier::LessThan),
    (&["well", "under"], Qualifier::LessThan), (&["well", "below"], Qualifier::LessThan),
    (&["up", "to"], Qualifier::UpTo), (&["as", "many", "as"], Qualifier::UpTo),
    (&["as", "much", "as"], Qualifier::UpTo), (&["at", "most"], Qualifier::UpTo),
    (&["no", "more", "than"], Qualifier::UpTo), (&["not", "more", "than"], Qualifier::UpTo),
    (&["exactly"], Qualifier::Exact), (&["precisely"], Qualifier::Exact),
];

/// Qualifiers after a number ("10 or more"), lowercase word by word.
#[rustfmt::skip]
pub(crate) const QUALIFIERS_AFTER: &[(&[&str], Qualifier)] = &[
    (&["or", "more"], Qualifier::MoreThan), (&["or", "so"], Qualifier::About),
    (&["or", "fewer"], Qualifier::UpTo), (&["or", "less"], Qualifier::UpTo),
];

/// Units written as one word after a number, lowercase, with their normal form.
#[rustfmt::skip]
const UNITS: &[(&str, &str)] = &[
    ("percent", "%"), ("pct", "%"), ("dollars", "USD"), ("dollar", "USD"), ("euros", "EUR"),
    ("euro", "EUR"), ("sterling", "GBP"), ("rubles", "RUB"), ("roubles", "RUB"),
    ("ruble", "RUB"), ("rouble", "RUB"), ("yuan", "CNY"), ("renminbi", "CNY"), ("yen", "JPY"),
    ("hryvnias", "UAH"), ("hryvnia", "UAH"), ("hryvnas", "UAH"), ("rupees", "INR"),
    ("km", "km"), ("kilometres", "km"), ("kilometers", "km"), ("kilometre", "km"),
    ("kilometer", "km"), ("miles", "miles"), ("mile", "miles"), ("metres", "m"),
    ("meters", "m"), ("metre", "m"), ("meter", "m"), ("m", "m"), ("centimetres", "cm"),
    ("centimeters", "cm"), ("cm", "cm"), ("millimetres", "mm"), ("millimeters", "mm"),
    ("mm", "mm"), ("feet", "ft"), ("foot", "ft"), ("ft", "ft"), ("inches", "in"),
    ("inch", "in"), ("kg", "kg"), ("kilograms", "kg"), ("kilogram", "kg"), ("kilos", "kg"),
    ("lb", "lb"), ("lbs", "lb"), ("tonnes", "tonnes"), ("tonne", "tonnes"), ("tons", "tonnes"),
    ("ton", "tonnes"), ("barrels", "barrels"), ("barrel", "barrels"), ("bpd", "barrels/day"),
    ("litres", "litres"), ("liters", "litres"), ("gallons", "gallons"), ("hectares", "hectares"),
    ("acres", "acres"), ("mph", "mph"), ("kph", "km/h"), ("degrees", "degrees"),
    ("megawatts", "MW"), ("mw", "MW"), ("gigawatts", "GW"), ("gw", "GW"),
];

/// Units written as two words, lowercase.
#[rustfmt::skip]
const TWO_WORD_UNITS: &[(&str, &str, &str)] = &[
    ("per", "cent", "%"), ("percentage", "points", "percentage points"),
    ("square", "kilometres", "km²"), ("square", "kilometers", "km²"),
    ("square", "miles", "square miles"), ("metric", "tons", "tonnes"),
    ("cubic", "metres", "m³"), ("cubic", "meters", "m³"),
    ("nautical", "miles", "nautical miles"),
];

/// Currency codes written after or before a number, exactly as written.
const CURRENCY_CODES: &[&str] = &["USD", "EUR", "GBP", "RUB", "CNY", "JPY", "UAH", "INR", "CHF"];

/// Letters glued before "$" that name the dollar ("US$5", "A$3").
#[rustfmt::skip]
const DOLLAR_PREFIXES: &[(&str, &str)] = &[
    ("US", "USD"), ("A", "AUD"), ("AU", "AUD"), ("C", "CAD"), ("CA", "CAD"), ("HK", "HKD"),
    ("NZ", "NZD"), ("S", "SGD"),
];

/// Marks that may be glued before a numeral; any other makes it part of something else
/// (a URL, a clock, a power, a phone number).
#[rustfmt::skip]
pub(crate) const MARKS_BEFORE: &[char] = &[
    '(', '[', '"', '“', '‘', '~', '≈', '—', '–', '$', '€', '£', '¥', '₽', '₹', '₴',
];

/// Marks that may be glued after a numeral (with ':' and '-' when no word follows them).
#[rustfmt::skip]
pub(crate) const MARKS_AFTER: &[char] = &[
    ',', '.', ';', ')', ']', '"', '”', '’', '\'', '!', '?', '%', '—', '–', '+', '…',
];

/// Words after a number that make it a clock time ("10 a.m.", "3 pm"), lowercase.
const CLOCK_WORDS: &[&str] = &["a.m", "p.m", "am", "pm", "o'clock", "o’clock"];

/// Words that end a counted noun phrase or cannot be part of one, lowercase.
#[rustfmt::skip]
const PHRASE_ENDS: &[&str] = &[
    "the", "a", "an", "this", "that", "these", "those", "its", "it", "their", "his", "her",
    "our", "my", "your", "we", "they", "he", "she", "you", "i", "who", "whom", "whose", "which",
    "what", "where", "when", "while", "of", "in", "on", "at", "to", "for", "from", "with", "by",
    "near", "into", "onto", "over", "under", "about", "around", "across", "along", "among",
    "between", "behind", "beyond", "during", "after", "before", "since", "until", "than", "as",
    "and", "or", "but", "nor", "so", "if", "because", "although", "though", "is", "are", "was",
    "were", "be", "been", "being", "has", "have", "had", "will", "would", "shall", "should",
    "can", "could", "may", "might", "must", "do", "does", "did", "not", "no", "also", "only",
    "just", "each", "per", "both", "all", "more", "less", "fewer", "most", "least", "some",
    "any", "many", "much", "several", "few", "other", "such", "very", "said", "says", "say",
    "told", "according", "up", "down", "out", "off", "there", "here", "then", "now", "ago",
    "later", "earlier", "yet", "still", "even", "back", "away", "last", "next", "thus",
    "always", "perhaps", "besides", "whereas", "goes", "seems", "becomes", "against", "via",
    "plus", "minus", "like", "unlike", "within", "without", "toward", "towards", "upon",
    "including", "took", "went", "came", "got", "left", "made", "fell", "rose", "lost", "won",
    "saw", "gave", "died", "fled", "remain", "remained", "remains",
];

/// Plural nouns that do not end in "s", and collective nouns counted as they are.
#[rustfmt::skip]
const IRREGULAR_PLURALS: &[&str] = &[
    "people", "children", "men", "women", "police", "staff", "personnel", "cattle", "sheep",
    "fish", "deer", "livestock", "aircraft", "crew", "feet", "teeth", "geese", "mice",
    "militia", "youth", "infantry", "cavalry",
];

/// Adjectives used as nouns ("13,000 dead"): counted only when no noun follows them.
const NOMINAL_ADJECTIVES: &[&str] = &["dead", "wounded", "injured", "missing", "displaced"];

/// Nouns after "one" that make it an idiom ("one day", "one way"), not a count.
#[rustfmt::skip]
const ONE_IDIOMS: &[&str] = &[
    "day", "time", "way", "thing", "point", "side", "hand", "another", "morning", "night",
    "evening", "afternoon", "moment", "kind", "sort", "part", "piece", "reason", "year",
    "week", "month", "hell", "bit", "single",
];

/// Words before "one" that make it a pronoun ("no one", "the one").
#[rustfmt::skip]
const NOT_BEFORE_ONE: &[&str] = &[
    "no", "any", "every", "the", "this", "that", "which", "each", "someone", "anyone", "every",
    "little", "last", "first", "only", "another", "such",
];

/// Words before a four-digit number that make it a year, beyond the time expressions' own.
#[rustfmt::skip]
const YEAR_NEIGHBOURS: &[&str] = &[
    "of", "the", "this", "that", "year", "early", "late", "mid", "circa", "spring", "summer",
    "autumn", "fall", "winter", "fiscal", "between",
];

/// Plural nouns after a four-digit number that make it a year ("2005 levels").
#[rustfmt::skip]
const YEAR_NOUNS: &[&str] = &[
    "levels", "elections", "figures", "prices", "rates", "standards", "games", "olympics",
    "midterms", "polls", "numbers", "results", "accords", "talks", "protests", "riots",
    "cycles", "guidelines", "attacks", "contenders", "hopefuls", "candidates",
];

/// Words of street addresses, lowercase ("3415 Neptune Ave.").
#[rustfmt::skip]
const ADDRESS_WORDS: &[&str] = &[
    "street", "st", "avenue", "ave", "road", "rd", "boulevard", "blvd", "lane", "ln", "drive",
    "dr", "way", "place", "pl", "court", "ct", "highway", "hwy",
];

/// Determiners skipped after "of" before a counted noun ("12 percent of its value").
pub(crate) const DETERMINERS: &[&str] = &["the", "its", "their", "his", "her", "our", "all"];

fn find<T: Copy>(table: &[(&str, T)], key: &str) -> Option<T> {
    table.iter().find(|(name, _)| *name == key).map(|&(_, value)| value)
}

/// The value of a number word below a hundred: "seven", "forty", "twenty-five".
pub(crate) fn small_number(lower: &str) -> Option<f64> {
    if let Some((tens, units)) = lower.split_once(['-', '‐']) {
        let tens = find(SMALL_NUMBERS, tens).filter(|&t| t >= 20.0)?;
        let units = find(SMALL_NUMBERS, units).filter(|&u| u < 10.0)?;
        return Some(tens + units);
    }
    find(SMALL_NUMBERS, lower)
}

pub(crate) fn scale(lower: &str) -> Option<f64> {
    find(SCALES, lower)
}

pub(crate) fn glued_scale(lower: &str) -> Option<f64> {
    find(GLUED_SCALES, lower)
}

pub(crate) fn approximate(lower: &str) -> Option<f64> {
    find(APPROXIMATE, lower)
}

/// The normal form of a one-word unit; `original` keeps the case for currency codes.
pub(crate) fn unit(lower: &str, original: &str) -> Option<&'static str> {
    find(UNITS, lower).or_else(|| currency_code(original))
}

pub(crate) fn two_word_unit(first: &str, second: &str) -> Option<&'static str> {
    TWO_WORD_UNITS.iter().find(|(a, b, _)| *a == first && *b == second).map(|&(_, _, unit)| unit)
}

pub(crate) fn currency_code(original: &str) -> Option<&'static str> {
    CURRENCY_CODES.iter().find(|&&code| code == original).copied()
}

/// The currency of a symbol, with the letters glued before it ("US" in "US$").
pub(crate) fn currency_symbol(symbol: &str, prefix: Option<&str>) -> Option<&'static str> {
    match symbol {
        "$" => Some(prefix.and_then(|p| find(DOLLAR_PREFIXES, p)).unwrap_or("USD")),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        "¥" => Some("JPY"),
        "₽" => Some("RUB"),
        "₹" => Some("INR"),
        "₴" => Some("UAH"),
        _ => None,
    }
}

/// Whether letters glued before "$" name a dollar ("US$").
pub(crate) fn is_dollar_prefix(original: &str) -> bool {
    find(DOLLAR_PREFIXES, original).is_some()
}

pub(crate) fn is_clock_word(lower: &str) -> bool {
    CLOCK_WORDS.contains(&lower)
}

pub(crate) fn ends_phrase(lower: &str) -> bool {
    PHRASE_ENDS.contains(&lower)
}

pub(crate) fn is_nominal_adjective(lower: &str) -> bool {
    NOMINAL_ADJECTIVES.contains(&lower)
}

pub(crate) fn is_one_idiom(lower: &str) -> bool {
    ONE_IDIOMS.contains(&lower)
}

pub(crate) fn is_not_before_one(lower: &str) -> bool {
    NOT_BEFORE_ONE.contains(&lower)
}

pub(crate) fn is_year_neighbour(lower: &str) -> bool {
    YEAR_NEIGHBOURS.contains(&lower) || crate::times_words::YEAR_PREPOSITIONS.contains(&lower)
}

pub(crate) fn is_address_word(lower: &str) -> bool {
    ADDRESS_WORDS.contains(&lower.trim_end_matches('.'))
}

/// Whether a counted phrase is one that follows years ("2005 levels", "2016 elections").
pub(crate) fn is_year_noun(counted: &str) -> bool {
    let head = counted.rsplit(' ').next().unwrap_or(counted);
    YEAR_NOUNS.iter().any(|noun| noun.eq_ignore_ascii_case(head))
}

/// Whether a word looks like a plural noun: "troops", "lives", "people".
pub(crate) fn looks_plural(lower: &str) -> bool {
    if IRREGULAR_PLURALS.contains(&lower) {
        return true;
    }
    lower.len() >= 3
        && lower.chars().all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
        && lower.ends_with('s')
        && !["ss", "us", "is", "'s", "’s"].iter().any(|ending| lower.ends_with(ending))
        && !ends_phrase(lower)
}
