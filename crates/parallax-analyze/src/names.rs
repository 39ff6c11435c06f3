//! Spelling-folded keys for names, and the gazetteer as a lookup table.
//!
//! Transliterated names come in many spellings (Zelenskyy / Zelenski / Zelensky, Dmitry /
//! Dmitri, Alexei / Aleksey); a key folds the differences that do not tell two people apart:
//! case, accents, full stops, y/i, w/v, x/ks, kh/h, ph/f and doubled letters.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::gazetteer::{COUNTRIES, ORGANISATIONS, PLACES};

/// What kind of thing a name names.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum EntityKind {
    /// A person: "Dmitry Peskov", "Biden".
    Person,
    /// An organisation, an institution or a news agency: "NATO", "the Kremlin", "Reuters".
    Organisation,
    /// A country, city, region or feature: "Ukraine", "Kyiv", "the Black Sea".
    Place,
    /// A capitalised name the rules cannot place.
    Other,
}

impl EntityKind {
    /// The kind as a lowercase word, for output.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Organisation => "organisation",
            EntityKind::Place => "place",
            EntityKind::Other => "other",
        }
    }
}

/// A gazetteer entry found for a name.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Known {
    pub(crate) canonical: &'static str,
    pub(crate) kind: EntityKind,
    /// The country a place is, or an organisation speaks for ("Kremlin" -> Russia).
    pub(crate) country: Option<&'static str>,
}

/// Everything the gazetteer knows, by folded key, with whether every spelling under the key
/// is an acronym; demonyms apart, as they are adjectives.
struct Index {
    names: HashMap<String, (Known, bool)>,
    demonyms: HashMap<String, &'static str>,
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = Index { names: HashMap::new(), demonyms: HashMap::new() };
        for &(canonical, others, adjectives) in COUNTRIES {
            let known = Known { canonical, kind: EntityKind::Place, country: Some(canonical) };
            index.insert(canonical, others, known);
            for adjective in adjectives {
                index.demonyms.insert(fold(adjective), canonical);
            }
        }
        for &(canonical, others) in PLACES {
            index.insert(
                canonical,
                others,
                Known { canonical, kind: EntityKind::Place, country: None },
            );
        }
        for &(canonical, others, country) in ORGANISATIONS {
            let known = Known { canonical, kind: EntityKind::Organisation, country };
            index.insert(canonical, others, known);
        }
        index
    })
}

impl Index {
    fn insert(&mut self, canonical: &'static str, others: &[&'static str], known: Known) {
        for name in std::iter::once(&canonical).chain(others) {
            let name = name.strip_prefix("the ").unwrap_or(name);
            let acronym = is_acronym(name);
            self.names
                .entry(fold(name))
                .and_modify(|(_, all_acronyms)| *all_acronyms &= acronym)
                .or_insert((known, acronym));
        }
    }
}

/// Whether a name is written as an acronym: a few letters, all capitals ("US", "WHO", "U.N.").
fn is_acronym(name: &str) -> bool {
    let letters: Vec<char> = name.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() <= 5 && letters.iter().all(|c| c.is_uppercase())
}

/// The gazetteer entry for a name, if any. A name known only as an acronym ("US", "WHO")
/// matches only in capitals, so "Who" or "us" never do.
pub(crate) fn known(name: &str) -> Option<Known> {
    let name = name.strip_prefix("the ").unwrap_or(name);
    let &(found, acronym) = index().names.get(&fold(name))?;
    (!acronym || is_acronym(name)).then_some(found)
}

/// The country a demonym or adjective points to ("Russian" -> Russia, "Ukrainians" ->
/// Ukraine), if it is one.
pub(crate) fn demonym(word: &str) -> Option<&'static str> {
    let key = fold(word);
    let index = index();
    index
        .demonyms
        .get(&key)
        .or_else(|| key.strip_suffix('s').and_then(|singular| index.demonyms.get(singular)))
        .copied()
}

/// The country a word or name points to: a demonym, a country, or an organisation that speaks
/// for one ("Kremlin" -> Russia).
pub(crate) fn country_of(name: &str) -> Option<&'static str> {
    let bare = strip_possessive(name);
    demonym(bare).or_else(|| known(bare).and_then(|k| k.country))
}

/// A name without a possessive ending ("Ukraine’s" -> "Ukraine").
pub(crate) fn strip_possessive(word: &str) -> &str {
    ["’s", "'s", "’", "'"].iter().find_map(|suffix| word.strip_suffix(suffix)).unwrap_or(word)
}

/// The spelling-folded key of a name: lowercase ASCII letters and digits, words separated by
/// one space, with the spelling differences of transliteration folded away.
pub fn fold(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace() || c == '-') {
        let word = strip_possessive(word);
        let mut folded = String::with_capacity(word.len());
        for c in word.chars().flat_map(char::to_lowercase) {
            match ascii_letter(c) {
                Some(letters) => folded.push_str(letters),
                None if c.is_ascii_alphanumeric() => folded.push(c),
                None => {}
            }
        }
        let folded = phonetic(&folded);
        if !folded.is_empty() {
            if !key.is_empty() {
                key.push(' ');
            }
            key.push_str(&folded);
        }
    }
    key
}

/// The last word of a folded key: a person's surname.
pub(crate) fn last_word(key: &str) -> &str {
    key.rsplit(' ').next().unwrap_or(key)
}

/// Spelling variants of transliteration folded to one form.
fn phonetic(word: &str) -> String {
    let replaced = word
        .replace("kh", "h")
        .replace("ph", "f")
        .replace("ck", "k")
        .replace('x', "ks")
        .replace('w', "v")
        .replace('y', "i");
    let mut out = String::with_capacity(replaced.len());
    for c in replaced.chars() {
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

/// The plain letters of an accented Latin or Cyrillic-transliterated letter.
fn ascii_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'ç' | 'ć' | 'č' => "c",
        'ď' | 'đ' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ė' | 'ę' | 'ě' => "e",
        'ğ' => "g",
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'ı' => "i",
        'ł' | 'ľ' => "l",
        'ñ' | 'ń' | 'ň' => "n",
        'ò' | 'ó' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' | 'ő' => "o",
        'ř' => "r",
        'ś' | 'š' | 'ş' => "s",
        'ť' | 'ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' => "u",
        'ý' | 'ÿ' => "y",
        'ź' | 'ż' | 'ž' => "z",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterations_fold_to_one_key() {
        for group in [
            &["Zelenskyy", "Zelenski", "Zelensky", "Zelenskiy"][..],
            &["Dmitry Peskov", "Dmitri Peskov", "Dmitriy Peskov"],
            &["Volodymyr", "Volodimir", "Wolodymyr"],
            &["Alexei", "Aleksei", "Alexey"],
            &["Ukraine’s", "Ukraine"],
            &["Zürich", "Zurich"],
        ] {
            let keys: Vec<String> = group.iter().map(|name| fold(name)).collect();
            assert!(keys.iter().all(|k| k == &keys[0]), "{group:?} -> {keys:?}");
        }
        assert_ne!(fold("Putin"), fold("Peskov"));
        assert_ne!(fold("Ivan"), fold("Iran"));
    }

    #[test]
    fn the_gazetteer_knows_variants_and_refuses_lowercase_acronyms() {
        assert_eq!(known("Kiev").map(|k| k.canonical), Some("Kyiv"));
        assert_eq!(known("U.S.").map(|k| k.canonical), Some("United States"));
        assert_eq!(known("the Kremlin").map(|k| k.country), Some(Some("Russia")));
        assert!(known("Who").is_none());
        assert!(known("Us").is_none());
        assert_eq!(known("WHO").map(|k| k.kind), Some(EntityKind::Organisation));
        assert_eq!(demonym("Ukrainians"), Some("Ukraine"));
        assert_eq!(country_of("Kremlin"), Some("Russia"));
        assert_eq!(country_of("Russia’s"), Some("Russia"));
    }
}
