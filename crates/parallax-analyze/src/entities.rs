//! Named entities: people, organisations and places, with roles, merged across spellings.
//!
//! Within an article, "Peskov" joins "Kremlin spokesman Dmitry Peskov", "Mr Putin" joins
//! "Vladimir Putin", "Kiev" is Kyiv, and "the US president" joins the president the article
//! names whose role does not point to another country. Across articles ([`merge_entities`])
//! names join by their spelling-folded key, so "Dmitri Peskov" and "Dmitry Peskov", or
//! "Zelenski" and "Zelenskyy", are one person.

use std::collections::HashMap;
use std::ops::Range;

use crate::entity_spans::{Candidate, Role, Spotter, singular};
use crate::entity_words::{is_role_noun, is_title};
use crate::names::{EntityKind, country_of, fold, last_word};
use crate::tokens::{Kind, Token, tokenize};

/// One person, organisation or place an article names, with every mention of it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entity {
    /// The fullest form of the name ("Dmitry Peskov"; the gazetteer's form for places and
    /// organisations: "Kyiv" for "Kiev").
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// The spelling-folded key names are merged by ("dmitri peskov").
    pub key: String,
    /// Every spelling the text uses for it, in order of first use.
    pub variants: Vec<String>,
    /// The roles the text gives it ("Kremlin spokesman").
    pub roles: Vec<Role>,
    /// Byte ranges of its mentions: names, surnames, roles set off beside them and
    /// descriptions ("the US president") that resolve to it.
    pub mentions: Vec<Range<usize>>,
}

/// A description of a person by role ("the US president", "the spokesman") that the article
/// does not resolve to a name it gives.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Description {
    /// Where it is written.
    pub span: Range<usize>,
    /// The role noun, lowercase and singular ("president").
    pub head: String,
    /// The country the description names ("US" -> United States), if any.
    pub country: Option<&'static str>,
}

/// The entities of one article.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entities {
    /// Entities in order of first mention.
    pub entities: Vec<Entity>,
    /// Descriptions no named person in the article fits.
    pub unresolved: Vec<Description>,
}

impl Entities {
    /// The entity a span of the text refers to: a person mentioned inside it first (the last
    /// one, the head of "Ukraine’s defence minister, Oleksii Reznikov"), then anything else.
    pub fn at(&self, span: &Range<usize>) -> Option<usize> {
        let overlapping = |entity: &Entity| {
            entity
                .mentions
                .iter()
                .filter(|m| m.start < span.end && span.start < m.end)
                .map(|m| m.start)
                .max()
        };
        let best = |kinds: &[EntityKind]| {
            self.entities
                .iter()
                .enumerate()
                .filter(|(_, e)| kinds.contains(&e.kind))
                .filter_map(|(i, e)| overlapping(e).map(|at| (at, i)))
                .max()
                .map(|(_, i)| i)
        };
        best(&[EntityKind::Person])
            .or_else(|| best(&[EntityKind::Organisation, EntityKind::Place, EntityKind::Other]))
    }
}

/// The people, organisations and places `text` names, merged within the text.
///
/// ```
/// let text = "Kremlin spokesman Dmitry Peskov spoke in Kiev. Peskov said the talks would go on.";
/// let found = parallax_analyze::entities(text);
/// let peskov = found.entities.iter().find(|e| e.name == "Dmitry Peskov").unwrap();
/// assert_eq!(peskov.mentions.len(), 3); // the name, the role, the surname
/// assert_eq!(peskov.roles[0].text, "Kremlin spokesman");
/// assert!(found.entities.iter().any(|e| e.name == "Kyiv"));
/// ```
pub fn entities(text: &str) -> Entities {
    entities_in(text, &tokenize(text))
}

/// [`entities`] over the text's tokens, made once for every step of an analysis.
pub(crate) fn entities_in(text: &str, tokens: &[Token]) -> Entities {
    let spotter = Spotter::new(text, tokens);
    let mut builder = Builder { text, entities: Vec::new(), by_key: HashMap::new() };
    let candidates = spotter.candidates();
    // Full names first, so a surname anywhere in the text finds its person.
    for candidate in candidates.iter().filter(|c| c.known.is_some() || c.words > 1) {
        builder.add(candidate);
    }
    for candidate in candidates.iter().filter(|c| c.known.is_none() && c.words == 1) {
        builder.add(candidate);
    }
    let mut unresolved = Vec::new();
    for description in descriptions(text, tokens) {
        match builder.fitting(&description) {
            Some(index) => builder.entities[index].mentions.push(description.span),
            None => unresolved.push(description),
        }
    }
    let mut entities = builder.entities;
    for entity in &mut entities {
        entity.mentions.sort_by_key(|m| (m.start, m.end));
        entity.mentions.dedup();
    }
    entities.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    Entities { entities, unresolved }
}

struct Builder<'a> {
    text: &'a str,
    entities: Vec<Entity>,
    by_key: HashMap<String, usize>,
}

impl Builder<'_> {
    fn add(&mut self, candidate: &Candidate) {
        let surface = self.text[candidate.span.clone()].to_string();
        let (key, name, kind) = match candidate.known {
            Some(known) => {
                (format!("={}", known.canonical), known.canonical.to_string(), known.kind)
            }
            None => (fold(&surface), surface.clone(), candidate.kind.unwrap_or(EntityKind::Other)),
        };
        let found =
            self.by_key.get(&key).copied().or_else(|| self.same_person(candidate, &key, kind));
        let index = match found {
            Some(index) => index,
            None => {
                self.entities.push(Entity {
                    name,
                    kind,
                    key: key.clone(),
                    variants: Vec::new(),
                    roles: Vec::new(),
                    mentions: Vec::new(),
                });
                self.by_key.insert(key, self.entities.len() - 1);
                self.entities.len() - 1
            }
        };
        let entity = &mut self.entities[index];
        if !entity.variants.contains(&surface) {
            entity.variants.push(surface.clone());
        }
        if candidate.known.is_none()
            && surface.split_whitespace().count() > entity.name.split_whitespace().count()
        {
            entity.name = surface;
        }
        if entity.kind == EntityKind::Other && candidate.words == 1 && entity.key.contains(' ') {
            entity.kind = EntityKind::Person; // a surname used alone: "Ada Lind" ... "Lind"
        }
        if entity.kind == EntityKind::Other
            && candidate.kind.is_some_and(|k| k != EntityKind::Other)
        {
            entity.kind = candidate.kind.unwrap_or(EntityKind::Other);
        }
        entity.mentions.push(candidate.span.clone());
        if let Some((range, role)) = &candidate.role {
            entity.mentions.push(range.clone());
            if !entity.roles.iter().any(|r| r.text == role.text) {
                entity.roles.push(role.clone());
            }
        }
    }

    /// The person a name is another form of: the same surname and a first name that agrees
    /// ("Joe Biden" and "Biden"; "Vladimir Putin" and "Vladimir Vladimirovich Putin"), or, for
    /// a single word no surname matches, the one person with that first name ("Paula").
    fn same_person(&self, candidate: &Candidate, key: &str, kind: EntityKind) -> Option<usize> {
        // A place read from "in X" alone is a guess a person's surname overrides.
        let guessed_place = kind == EntityKind::Place && candidate.words == 1;
        if candidate.known.is_some()
            || !(guessed_place || matches!(kind, EntityKind::Person | EntityKind::Other))
        {
            return None;
        }
        let surname = last_word(key);
        let first = key.split(' ').next().unwrap_or(key);
        let could_be_person = |entity: &Entity| {
            entity.kind == EntityKind::Person
                || entity.kind == EntityKind::Other && looks_like_person(&entity.name)
        };
        let people: Vec<usize> = (0..self.entities.len())
            .filter(|&i| {
                let entity = &self.entities[i];
                could_be_person(entity)
                    && entity.key.contains(' ')
                    && last_word(&entity.key) == surname
                    && (candidate.words == 1 || entity.key.split(' ').next() == Some(first))
            })
            .collect();
        // A surname shared by two people is the one mentioned last before it.
        let by_surname = people
            .iter()
            .copied()
            .filter_map(|i| self.last_mention_before(i, candidate.span.start).map(|at| (at, i)))
            .max()
            .map(|(_, i)| i)
            .or_else(|| people.first().copied());
        if by_surname.is_some() || candidate.words > 1 {
            return by_surname;
        }
        let by_first_name: Vec<usize> = (0..self.entities.len())
            .filter(|&i| {
                let entity = &self.entities[i];
                entity.kind == EntityKind::Person && entity.key.split(' ').next() == Some(key)
            })
            .collect();
        (by_first_name.len() == 1).then(|| by_first_name[0])
    }

    /// The person a description fits: one whose roles share its head noun and name its
    /// country, else one whose roles name no other country; among them the last named before
    /// it, or the only one anywhere.
    fn fitting(&self, description: &Description) -> Option<usize> {
        let exact = |i: &usize| fits(&self.entities[*i].roles, description, true);
        let loose = |i: &usize| fits(&self.entities[*i].roles, description, false);
        let exact: Vec<usize> = (0..self.entities.len()).filter(exact).collect();
        let loose: Vec<usize> = (0..self.entities.len()).filter(loose).collect();
        [exact, loose].into_iter().find_map(|fitting| {
            let before = fitting
                .iter()
                .filter_map(|&i| {
                    self.last_mention_before(i, description.span.start).map(|at| (at, i))
                })
                .max()
                .map(|(_, i)| i);
            before.or_else(|| (fitting.len() == 1).then(|| fitting[0]))
        })
    }

    fn last_mention_before(&self, entity: usize, at: usize) -> Option<usize> {
        self.entities[entity].mentions.iter().filter(|m| m.start < at).map(|m| m.start).max()
    }
}

/// Whether a person with these roles fits a description.
/// With `exact`, a role must name the description's country; without, it may name none.
pub(crate) fn fits(roles: &[Role], description: &Description, exact: bool) -> bool {
    roles.iter().filter(|r| r.head == description.head).any(|r| {
        match (description.country, r.country) {
            (Some(wanted), Some(given)) => wanted == given,
            (Some(_), None) | (None, _) => !exact,
        }
    })
}

/// Whether a capitalised span with no other clue reads as a person's name: two or three words,
/// each a capital and lowercase letters.
fn looks_like_person(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.iter().all(|w| {
            let mut chars = w.chars();
            chars.next().is_some_and(char::is_uppercase)
                && chars.all(|c| c.is_lowercase() || c == '’' || c == '\'' || c == '-')
        })
}

/// Descriptions of a person by role: "the" (or "The"), up to three modifiers (a country or
/// organisation, a possessive, a title word), and a singular role noun not followed by a name.
fn descriptions(text: &str, tokens: &[Token]) -> Vec<Description> {
    let mut found = Vec::new();
    for (i, token) in tokens.iter().enumerate() {
        if token.lower != "the" {
            continue;
        }
        let mut country = None;
        let mut j = i + 1;
        while j < tokens.len() && j - i <= 4 {
            let word = &text[tokens[j].range.clone()];
            if tokens[j].kind != Kind::Word {
                break;
            }
            if is_role_noun(word)
                && word.starts_with(char::is_lowercase)
                && singular(word) == word.to_lowercase()
            {
                let named_next = tokens.get(j + 1).is_some_and(|t| {
                    t.kind == Kind::Word && text[t.range.clone()].starts_with(char::is_uppercase)
                });
                let of_next = tokens.get(j + 1).is_some_and(|t| t.lower == "of");
                if !named_next && !of_next {
                    found.push(Description {
                        span: token.range.start..tokens[j].range.end,
                        head: singular(word),
                        country,
                    });
                }
                break;
            }
            match country_of(word) {
                Some(c) => country = Some(c),
                None if is_title(word) && word.starts_with(char::is_lowercase) => {}
                None => break,
            }
            j += 1;
        }
    }
    found
}

/// Entities of several articles merged into one list: the same key (gazetteer names, folded
/// spellings) is one entity, and a surname alone joins the one person of the story who has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergedEntity {
    /// The fullest name any article gives.
    pub name: String,
    /// What it is.
    pub kind: EntityKind,
    /// Every spelling used, in order of first use.
    pub variants: Vec<String>,
    /// Every role given, once per wording.
    pub roles: Vec<Role>,
    /// (article index, entity index within that article's list) of each merged entity.
    pub members: Vec<(usize, usize)>,
    /// (article index, span) of descriptions ("the US president") its article left
    /// unresolved and the story's roles resolve to it.
    pub described: Vec<(usize, Range<usize>)>,
}

/// Merges the entities of several articles (in the order given) into the story's entities,
/// most mentioned first; descriptions an article left unresolved are resolved against the
/// roles every article gives and added as members.
pub fn merge_entities(articles: &[&Entities]) -> Vec<MergedEntity> {
    let mut merged: Vec<MergedEntity> = Vec::new();
    let mut keys: Vec<String> = Vec::new();
    let mut pending = Vec::new();
    for (article, found) in articles.iter().enumerate() {
        for (index, entity) in found.entities.iter().enumerate() {
            if matches!(entity.kind, EntityKind::Person | EntityKind::Other)
                && !entity.key.contains(' ')
            {
                pending.push((article, index));
                continue;
            }
            join(&mut merged, &mut keys, entity, (article, index), |k| k == entity.key);
        }
    }
    for (article, index) in pending {
        let entity = &articles[article].entities[index];
        let people: Vec<usize> = (0..merged.len())
            .filter(|&m| merged[m].kind == EntityKind::Person && last_word(&keys[m]) == entity.key)
            .collect();
        let target = if people.len() == 1 {
            Some(people[0])
        } else {
            keys.iter().position(|k| *k == entity.key)
        };
        match target {
            Some(m) => absorb(&mut merged[m], entity, (article, index)),
            None => join(&mut merged, &mut keys, entity, (article, index), |_| false),
        }
    }
    for (article, found) in articles.iter().enumerate() {
        for description in &found.unresolved {
            let exact: Vec<usize> =
                (0..merged.len()).filter(|&m| fits(&merged[m].roles, description, true)).collect();
            let loose: Vec<usize> =
                (0..merged.len()).filter(|&m| fits(&merged[m].roles, description, false)).collect();
            if let Some(&[only]) = [exact, loose].iter().map(Vec::as_slice).find(|f| !f.is_empty())
            {
                merged[only].described.push((article, description.span.clone()));
            }
        }
    }
    let mentions = |m: &MergedEntity| {
        m.described.len()
            + m.members.iter().map(|&(a, i)| articles[a].entities[i].mentions.len()).sum::<usize>()
    };
    merged.sort_by_key(|m| std::cmp::Reverse(mentions(m)));
    merged
}

fn join(
    merged: &mut Vec<MergedEntity>,
    keys: &mut Vec<String>,
    entity: &Entity,
    member: (usize, usize),
    same: impl Fn(&str) -> bool,
) {
    match keys.iter().position(|k| same(k)) {
        Some(m) => absorb(&mut merged[m], entity, member),
        None => {
            keys.push(entity.key.clone());
            merged.push(MergedEntity {
                name: entity.name.clone(),
                kind: entity.kind,
                variants: Vec::new(),
                roles: Vec::new(),
                members: Vec::new(),
                described: Vec::new(),
            });
            let last = merged.len() - 1;
            absorb(&mut merged[last], entity, member);
        }
    }
}

fn absorb(target: &mut MergedEntity, entity: &Entity, member: (usize, usize)) {
    target.members.push(member);
    for variant in &entity.variants {
        if !target.variants.contains(variant) {
            target.variants.push(variant.clone());
        }
    }
    for role in &entity.roles {
        if !target.roles.iter().any(|r| r.text == role.text) {
            target.roles.push(role.clone());
        }
    }
    if entity.name.split_whitespace().count() > target.name.split_whitespace().count() {
        target.name = entity.name.clone();
    }
    if target.kind == EntityKind::Other {
        target.kind = entity.kind;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The entities of `text` as `kind name [variants] {roles} xN`, one per line.
    fn render(text: &str) -> String {
        let found = entities(text);
        let mut lines: Vec<String> = found
            .entities
            .iter()
            .map(|e| {
                let roles: Vec<&str> = e.roles.iter().map(|r| r.text.as_str()).collect();
                format!(
                    "{} {} {:?} {:?} x{}",
                    e.kind.as_str(),
                    e.name,
                    e.variants,
                    roles,
                    e.mentions.len()
                )
            })
            .collect();
        lines.extend(
            found.unresolved.iter().map(|d| format!("unresolved {}", &text[d.span.clone()])),
        );
        lines.join("\n")
    }

    fn check(text: &str, expected: &[&str]) {
        let got = render(text);
        for line in expected {
            assert!(got.lines().any(|l| l == *line), "missing {line:?} in\n{got}");
        }
    }

    #[test]
    fn surnames_titles_and_roles_join_the_full_name() {
        check(
            "Harbour minister Tomas Brandt opened the bridge in Kiev. Mr Brandt said it cost less \
             than planned, and Brandt later left for Moscow.",
            &[
                "person Tomas Brandt [\"Tomas Brandt\", \"Brandt\"] [\"Harbour minister\"] x4",
                "place Kyiv [\"Kiev\"] [] x1",
                "place Moscow [\"Moscow\"] [] x1",
            ],
        );
    }

    #[test]
    fn roles_set_off_by_commas_on_either_side() {
        check(
            "Portvale's fisheries minister, Ada Lindqvist, said the quota would fall. Jonas Ek, \
             head of the Northern Trawler Association, disagreed.",
            &[
                "person Ada Lindqvist [\"Ada Lindqvist\"] [\"Portvale's fisheries minister\"] x2",
                "person Jonas Ek [\"Jonas Ek\"] [\"head of the Northern Trawler Association\"] x2",
                "organisation Northern Trawler Association [\"Northern Trawler Association\"] [] x1",
            ],
        );
    }

    #[test]
    fn descriptions_resolve_to_the_president_of_the_right_country() {
        check(
            "Russian President Ivo Varga called President Lena Horvat on Monday. The US president \
             said little; the Russian president said more.",
            &[
                "person Ivo Varga [\"Ivo Varga\"] [\"Russian President\"] x3",
                "person Lena Horvat [\"Lena Horvat\"] [\"President\"] x3",
            ],
        );
        check("The spokesman declined to comment.", &["unresolved The spokesman"]);
    }

    #[test]
    fn sentence_openers_days_and_headlines_are_not_names() {
        let text = "Storm Warning Issued For Portvale Coast\n\nTensions rose on Tuesday in \
                    Portvale. Meanwhile the Harbour Council met in March.\n\nRead More:\n\nYou May Also Like";
        let got = render(text);
        for absent in
            ["Tensions", "Meanwhile", "Tuesday", "March", "More", "Like", "Warning", "Storm"]
        {
            assert!(!got.lines().any(|l| l.contains(absent)), "{absent} in\n{got}");
        }
        check(text, &["organisation Harbour Council [\"Harbour Council\"] [] x1"]);
        assert!(got.contains("Portvale"), "{got}");
    }

    #[test]
    fn acronyms_match_only_in_capitals_and_hyphenated_names_split() {
        check(
            "The Brandt-Varga talks ended. Officials from the U.S. and NATO said the WHO agreed.",
            &[
                "other Brandt [\"Brandt\"] [] x1",
                "other Varga [\"Varga\"] [] x1",
                "place United States [\"U.S.\"] [] x1",
                "organisation NATO [\"NATO\"] [] x1",
                "organisation WHO [\"WHO\"] [] x1",
            ],
        );
        assert!(!render("Who said us?").contains("WHO"));
    }

    #[test]
    fn spellings_merge_across_articles() {
        let first = entities("Kremlin spokesman Dmitry Ostrov said the talks were useful.");
        let second =
            entities("Spokesman Dmitri Ostrov said so. Ostrov met President Volodymyr Zelenskyy.");
        let third = entities("President Volodimir Zelenski spoke in Kyiv.");
        let merged = merge_entities(&[&first, &second, &third]);
        let ostrov = merged.iter().find(|m| m.name.contains("Ostrov")).expect("Ostrov");
        assert_eq!(ostrov.members.len(), 2, "{merged:#?}");
        assert!(ostrov.variants.contains(&"Dmitri Ostrov".to_string()));
        let president = merged.iter().find(|m| m.name.contains("Zelensk")).expect("Zelenskyy");
        assert_eq!(president.members.len(), 2, "{merged:#?}");
    }

    #[test]
    fn a_description_an_article_leaves_open_resolves_across_the_story() {
        let first = entities("President Lena Horvat and Russian President Ivo Varga spoke.");
        let second = entities("The US president said the call went well.");
        assert_eq!(second.unresolved.len(), 1);
        let merged = merge_entities(&[&first, &second]);
        let horvat = merged.iter().find(|m| m.name == "Lena Horvat").expect("Horvat");
        assert_eq!(horvat.described, vec![(1, 0..16)]);
    }

    #[test]
    fn the_span_of_a_role_finds_its_person() {
        let text = "Portvale's fisheries minister, Ada Lindqvist, said the quota would fall.";
        let found = entities(text);
        let role = 0..text.find(',').expect("a comma");
        let index = found.at(&role).expect("an entity");
        assert_eq!(found.entities[index].name, "Ada Lindqvist");
    }
}
