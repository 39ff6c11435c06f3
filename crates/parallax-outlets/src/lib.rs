//! Who published an article.
//!
//! An [`Outlets`] table knows news outlets by name, the names they are credited by, and their
//! web domains, with what is known of each (country, language, kind, and a lean only when the
//! user gives one). The table ships with a few hundred outlets (`data/outlets.toml`, each
//! entry public fact) and a user extends or overrides it with an `outlets.toml` of the same
//! form in the data folder.
//!
//! [`Outlets::name`] settles the outlet of one article from what it carries, in order: the
//! name its record or page states (or the user gave), its address's domain, a dateline or
//! credit that names a known outlet. What names nothing is an unknown outlet (`None`), which is
//! never counted as an outlet of its own.
//!
//! ```
//! use parallax_outlets::{Clues, How, Outlets};
//!
//! let outlets = Outlets::shipped();
//! let clues = Clues { url: Some("https://www.reuters.com/world/a-story"), ..Clues::default() };
//! let named = outlets.name(&clues).expect("a known domain");
//! assert_eq!((named.name.as_str(), named.how), ("Reuters", How::Domain));
//! ```

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

/// The table that ships with parallax.
const SHIPPED: &str = include_str!("../data/outlets.toml");

/// The file in a data folder that adds outlets to the shipped table or overrides them.
pub const USER_FILE: &str = "outlets.toml";

/// What can go wrong reading a table.
#[derive(Debug, thiserror::Error)]
pub enum OutletsError {
    /// The file could not be read.
    #[error("reading {path}: {source}")]
    Read {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not a table of outlets.
    #[error("{path}: {reason}")]
    Invalid {
        /// The file.
        path: String,
        /// What is wrong, with the line where TOML says.
        reason: String,
    },
}

/// What sort of outlet it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A news agency whose copy other outlets print.
    Wire,
    /// A public-service broadcaster or publicly funded, editorially independent outlet.
    Public,
    /// Owned or controlled by a state.
    State,
    /// Privately owned.
    Private,
}

impl Kind {
    /// How a reader says it: "wire agency", "public broadcaster", "state-owned", "private".
    pub fn label(self) -> &'static str {
        match self {
            Kind::Wire => "wire agency",
            Kind::Public => "public broadcaster",
            Kind::State => "state-owned",
            Kind::Private => "private",
        }
    }
}

/// One outlet and what is known of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outlet {
    /// The name readers know it by.
    pub name: String,
    /// Other names it is credited by ("AP", "The Associated Press").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// Its registered web domains, without `www.`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Where it is based: ISO 3166-1 alpha-2 ("GB").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// The language it mainly publishes in: ISO 639-1 ("en").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// What sort of outlet it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// A lean the user gives it ("left", "centre", "right", or their own words). The shipped
    /// table gives none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lean: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    outlet: Vec<Outlet>,
}

/// How an article's outlet was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum How {
    /// The record, the page's site name or the user named it.
    Stated,
    /// Its address's domain.
    Domain,
    /// A dateline or credit in its text names a known outlet.
    Credit,
}

/// What an article carries that may name its outlet.
#[derive(Debug, Clone, Copy, Default)]
pub struct Clues<'a> {
    /// The outlet the record, the page or the user states.
    pub stated: Option<&'a str>,
    /// The article's address (canonical first).
    pub url: Option<&'a str>,
    /// Its dateline ("LONDON", "Iran Press/Europe").
    pub dateline: Option<&'a str>,
    /// The start of its first paragraph, where a credit like "(CNN) —" sits.
    pub lead: Option<&'a str>,
    /// The end of the page as it came, boilerplate and all, where an outlet credits itself
    /// ("© 2021 Reuters", "Press TV's website can also be accessed at...").
    pub footer: Option<&'a str>,
}

/// The outlet an article is from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// Its name: the table's when the table knows it.
    pub name: String,
    /// How it was found.
    pub how: How,
}

/// The outlets parallax knows.
#[derive(Debug, Clone)]
pub struct Outlets {
    list: Vec<Outlet>,
    /// Lower-cased names and aliases -> index in `list`.
    by_name: HashMap<String, usize>,
    /// Domains -> index in `list`.
    by_domain: HashMap<String, usize>,
    /// The longest name or alias, in words: how far a credit is looked for.
    longest_name: usize,
}

static SHIPPED_TABLE: LazyLock<Outlets> = LazyLock::new(|| {
    let list = parse(SHIPPED, "the shipped outlets.toml").expect("the shipped table parses");
    Outlets::from_list(list)
});

impl Outlets {
    /// The table that ships with parallax.
    pub fn shipped() -> Outlets {
        SHIPPED_TABLE.clone()
    }

    /// The shipped table with a data folder's `outlets.toml` (when there is one) laid over it.
    pub fn load(folder: &Path) -> Result<Outlets, OutletsError> {
        let mut outlets = Outlets::shipped();
        let path = folder.join(USER_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => outlets.extend(parse(&text, &path.display().to_string())?),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => {
                return Err(OutletsError::Read { path: path.display().to_string(), source });
            }
        }
        Ok(outlets)
    }

    /// A table of exactly these outlets.
    pub fn from_list(list: Vec<Outlet>) -> Outlets {
        let mut outlets = Outlets {
            list: Vec::new(),
            by_name: HashMap::new(),
            by_domain: HashMap::new(),
            longest_name: 0,
        };
        outlets.extend(list);
        outlets
    }

    /// Adds outlets; one whose name (or an alias) the table knows replaces what it gives
    /// (a user's entry may give only a `lean`, or add a domain, to a shipped outlet).
    pub fn extend(&mut self, list: Vec<Outlet>) {
        for outlet in list {
            let known = std::iter::once(&outlet.name)
                .chain(&outlet.aliases)
                .find_map(|name| self.by_name.get(&fold(name)).copied());
            let index = match known {
                Some(index) => {
                    let old = &mut self.list[index];
                    old.name = outlet.name;
                    for alias in outlet.aliases {
                        if !old.aliases.contains(&alias) {
                            old.aliases.push(alias);
                        }
                    }
                    for domain in outlet.domains {
                        if !old.domains.contains(&domain) {
                            old.domains.push(domain);
                        }
                    }
                    old.country = outlet.country.or(old.country.take());
                    old.language = outlet.language.or(old.language.take());
                    old.kind = outlet.kind.or(old.kind);
                    old.lean = outlet.lean.or(old.lean.take());
                    index
                }
                None => {
                    self.list.push(outlet);
                    self.list.len() - 1
                }
            };
            let outlet = &self.list[index];
            for name in std::iter::once(&outlet.name).chain(&outlet.aliases) {
                self.by_name.insert(fold(name), index);
                self.longest_name = self.longest_name.max(name.split_whitespace().count());
            }
            for domain in &outlet.domains {
                self.by_domain
                    .insert(domain.trim().trim_start_matches("www.").to_lowercase(), index);
            }
        }
    }

    /// Every outlet, in the order added.
    pub fn iter(&self) -> impl Iterator<Item = &Outlet> {
        self.list.iter()
    }

    /// How many outlets it knows.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// Whether it knows none.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// The outlet with this name or alias (case and spacing aside).
    pub fn by_name(&self, name: &str) -> Option<&Outlet> {
        self.by_name.get(&fold(name)).map(|&i| &self.list[i])
    }

    /// The outlet a web host belongs to: the host or the nearest of its parent domains the
    /// table lists ("edition.cnn.com" -> CNN).
    pub fn by_host(&self, host: &str) -> Option<&Outlet> {
        let host = host.trim_end_matches('.').to_lowercase();
        let mut rest = host.as_str();
        loop {
            if let Some(&index) = self.by_domain.get(rest) {
                return Some(&self.list[index]);
            }
            let (_, parent) = rest.split_once('.')?;
            if !parent.contains('.') {
                return None;
            }
            rest = parent;
        }
    }

    /// Settles an article's outlet from its `clues` (see the crate's documentation); `None`
    /// when nothing names it.
    pub fn name(&self, clues: &Clues<'_>) -> Option<Named> {
        // A stated name without a letter ("/", "|") names nothing.
        let stated = clues.stated.map(str::trim).filter(|s| s.chars().any(char::is_alphabetic));
        if let Some(stated) = stated {
            let known = self
                .by_name(stated)
                .or_else(|| looks_like_host(stated).then(|| self.by_host(stated)).flatten());
            let name = known.map_or_else(|| stated.to_string(), |o| o.name.clone());
            return Some(Named { name, how: How::Stated });
        }
        if let Some(host) = clues.url.and_then(host_of) {
            let name = self.by_host(&host).map_or(host, |o| o.name.clone());
            return Some(Named { name, how: How::Domain });
        }
        let credited = clues
            .dateline
            .and_then(|d| self.named_at_start(d).or_else(|| self.in_parentheses(d)))
            .or_else(|| clues.lead.and_then(|lead| self.credited_in_lead(lead)))
            .or_else(|| clues.footer.and_then(|footer| self.credited_in_footer(footer)))?;
        Some(Named { name: credited.name.clone(), how: How::Credit })
    }

    /// The known outlet a dateline is or starts with ("CNN", "Iran Press/Europe", "Iran
    /// PressEurope"): the longest name followed by nothing, a separator, or a capital glued to
    /// its last letter. A name followed by another word is a place ("FT LAUDERDALE").
    fn named_at_start(&self, text: &str) -> Option<&Outlet> {
        let words: Vec<&str> = text.split_whitespace().collect();
        for count in (1..=self.longest_name.min(words.len())).rev() {
            let last = words[count - 1];
            let head = words[..count - 1].join(" ");
            // The last word whole when nothing follows it, or its part before a glued capital
            // or a separator.
            let mut cuts: Vec<usize> = Vec::new();
            if count == words.len() {
                cuts.push(last.len());
            }
            cuts.extend(last.char_indices().skip(1).filter_map(|(i, c)| {
                (c.is_uppercase() && last[..i].chars().last().is_some_and(char::is_lowercase)
                    || matches!(c, '/' | '-' | ':' | ',' | '('))
                .then_some(i)
            }));
            for cut in cuts {
                let name = if head.is_empty() {
                    last[..cut].to_string()
                } else {
                    format!("{head} {}", &last[..cut])
                };
                if let Some(outlet) = self.by_name(name.trim_end_matches([':', ',', '.'])) {
                    return Some(outlet);
                }
            }
        }
        None
    }

    /// The known outlet a dateline names in parentheses: "PORTVALE (AP)".
    fn in_parentheses(&self, dateline: &str) -> Option<&Outlet> {
        let open = dateline.find('(')?;
        let close = open + dateline[open..].find(')')?;
        self.by_name(&dateline[open + 1..close])
    }

    /// The known outlet a lead credits in a parenthesis before its first dash or colon,
    /// within its first words: "(CNN) —", "WASHINGTON (AP) —", "MOSCOW, Dec 6 (Reuters) -".
    fn credited_in_lead(&self, lead: &str) -> Option<&Outlet> {
        let head: String = lead.chars().take(80).collect();
        let open = head.find('(')?;
        let close = open + head[open..].find(')')?;
        let before_dash = !head[..open].contains(['—', '–', ':']);
        let dash_after = head[close + 1..].trim_start().starts_with(['—', '–', '-', ':']);
        (before_dash && dash_after).then(|| self.by_name(&head[open + 1..close])).flatten()
    }
}

impl Outlets {
    /// The known outlet a page's footer credits as its own: a copyright line ("© 2021
    /// Reuters", "Copyright (c) Harbour Herald") or "NAME's website"; the last such line wins.
    fn credited_in_footer(&self, footer: &str) -> Option<&Outlet> {
        footer.lines().rev().find_map(|line| {
            let line = line.trim().trim_start_matches(['#', '*', '_', '>', ' ']);
            // ASCII case only: the positions found in it are positions in `line`.
            let lower = line.to_ascii_lowercase();
            if let Some(at) = lower.find("'s website").or_else(|| lower.find("\u{2019}s website")) {
                let words: Vec<&str> = line[..at].split_whitespace().collect();
                let start = words.len().saturating_sub(self.longest_name);
                return (start..words.len()).find_map(|i| self.by_name(&words[i..].join(" ")));
            }
            let rest = ["©", "copyright", "(c)"]
                .iter()
                .find_map(|mark| lower.starts_with(mark).then(|| &line[mark.len()..]))?;
            // "Copyright (c) 2019-2024 Harbour Herald. All rights reserved."
            let rest = rest.trim_start_matches(|c: char| {
                c.is_ascii_digit() || c.is_whitespace() || "©()c-–,.".contains(c)
            });
            let words: Vec<&str> = rest.split_whitespace().collect();
            (1..=self.longest_name.min(words.len())).rev().find_map(|count| {
                let name = words[..count].join(" ");
                self.by_name(name.trim_end_matches(['.', ',', ';', ':', '|']))
            })
        })
    }
}

/// Reads a table of outlets; `path` names it in errors.
pub fn parse(text: &str, path: &str) -> Result<Vec<Outlet>, OutletsError> {
    let invalid = |reason: String| OutletsError::Invalid { path: path.to_string(), reason };
    let file: File = toml::from_str(text).map_err(|error| invalid(error.to_string()))?;
    for outlet in &file.outlet {
        if outlet.name.trim().is_empty() {
            return Err(invalid("an outlet without a name".to_string()));
        }
        if let Some(domain) = outlet.domains.iter().find(|d| !looks_like_host(d)) {
            return Err(invalid(format!("{}: {domain:?} is not a domain", outlet.name)));
        }
    }
    Ok(file.outlet)
}

/// Names compared without case and extra spaces, curly apostrophes as straight ones.
fn fold(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").replace('’', "'").to_lowercase()
}

fn looks_like_host(text: &str) -> bool {
    let text = text.trim();
    text.contains('.')
        && !text.starts_with('.')
        && !text.ends_with('.')
        && text.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '-'))
}

/// The host of an address without `www.`, lower case.
fn host_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest.split(['/', '?', '#']).next()?.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_start_matches("www.").to_ascii_lowercase();
    looks_like_host(&host).then_some(host)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Outlets {
        let list = parse(
            r#"
            [[outlet]]
            name = "Harbour Herald"
            domains = ["harbourherald.example"]
            country = "NZ"
            kind = "private"

            [[outlet]]
            name = "Associated Wire"
            aliases = ["AW", "The Associated Wire"]
            domains = ["assocwire.example"]
            kind = "wire"

            [[outlet]]
            name = "Iran Press"
            kind = "state"
            "#,
            "test",
        )
        .expect("parses");
        Outlets::from_list(list)
    }

    fn named(outlets: &Outlets, clues: Clues<'_>) -> Option<(String, How)> {
        outlets.name(&clues).map(|n| (n.name, n.how))
    }

    #[test]
    fn a_stated_name_wins_and_takes_the_table_spelling() {
        let outlets = table();
        let clues = Clues {
            stated: Some("the associated  wire"),
            url: Some("https://harbourherald.example/x"),
            ..Clues::default()
        };
        assert_eq!(named(&outlets, clues), Some(("Associated Wire".into(), How::Stated)));
        let junk = Clues {
            stated: Some(" / "),
            url: Some("https://harbourherald.example/x"),
            ..Clues::default()
        };
        assert_eq!(named(&outlets, junk), Some(("Harbour Herald".into(), How::Domain)));
        let unknown = Clues { stated: Some("Valley Voice"), ..Clues::default() };
        assert_eq!(named(&outlets, unknown), Some(("Valley Voice".into(), How::Stated)));
        let host = Clues { stated: Some("news.harbourherald.example"), ..Clues::default() };
        assert_eq!(named(&outlets, host), Some(("Harbour Herald".into(), How::Stated)));
    }

    #[test]
    fn a_domain_or_any_of_its_subdomains_names_the_outlet() {
        let outlets = table();
        for url in
            ["https://www.harbourherald.example/a", "http://live.harbourherald.example:8080/b?c"]
        {
            let clues = Clues { url: Some(url), ..Clues::default() };
            assert_eq!(named(&outlets, clues), Some(("Harbour Herald".into(), How::Domain)));
        }
        let other = Clues { url: Some("https://www.valley.example/story"), ..Clues::default() };
        assert_eq!(named(&outlets, other), Some(("valley.example".into(), How::Domain)));
    }

    #[test]
    fn a_dateline_or_a_lead_credit_names_a_known_outlet_only() {
        let outlets = table();
        for dateline in
            ["Iran PressEurope", "Iran Press/Europe", "Iran Press", "TEHRAN (Iran Press)"]
        {
            let clues = Clues { dateline: Some(dateline), ..Clues::default() };
            assert_eq!(
                named(&outlets, clues),
                Some(("Iran Press".into(), How::Credit)),
                "{dateline}"
            );
        }
        let lead =
            Clues { lead: Some("PORT TOWN (AW) — Ships moved again."), ..Clues::default() };
        assert_eq!(named(&outlets, lead), Some(("Associated Wire".into(), How::Credit)));
        for nothing in [
            Clues { dateline: Some("Iranian Press Office"), ..Clues::default() },
            Clues { dateline: Some("AW HARBOUR (Valley Voice)"), ..Clues::default() },
            Clues { lead: Some("Ships (and boats) moved - again (AW)."), ..Clues::default() },
            Clues::default(),
        ] {
            assert_eq!(named(&outlets, nothing), None);
        }
    }

    #[test]
    fn a_footer_that_credits_a_known_outlet_names_it() {
        let outlets = table();
        for footer in [
            "Ships moved.\n\n© 2025 Harbour Herald. All rights reserved.",
            "Ships moved.\nCopyright (c) 2019-2025 Harbour Herald\n",
            "Ships moved.\n\nHarbour Herald\u{2019}s website can also be reached at:\nHH Apps",
            "İzmir Post\u{2019}s website is down.\n© 2025 Harbour Herald",
        ] {
            let clues = Clues { footer: Some(footer), ..Clues::default() };
            assert_eq!(
                named(&outlets, clues),
                Some(("Harbour Herald".into(), How::Credit)),
                "{footer}"
            );
        }
        for footer in [
            "The Harbour Herald reported the strike first.",
            "© 2025 Valley Voice",
            "Read the Valley Voice's website for more.",
            "İİİİ Post\u{2019}s website can be reached at",
            "© İİ Harbour",
        ] {
            let clues = Clues { footer: Some(footer), ..Clues::default() };
            assert_eq!(named(&outlets, clues), None, "{footer}");
        }
    }

    #[test]
    fn a_user_entry_adds_to_a_known_outlet_by_name() {
        let mut outlets = table();
        let user = parse(
            "[[outlet]]\nname = \"AW\"\nlean = \"centre\"\ndomains = [\"aw.example\"]\n",
            "user",
        )
        .expect("parses");
        outlets.extend(user);
        let outlet = outlets.by_host("aw.example").expect("the added domain");
        assert_eq!(outlet.lean.as_deref(), Some("centre"));
        assert_eq!(outlet.kind, Some(Kind::Wire));
        assert_eq!(outlets.by_host("assocwire.example").map(|o| o.name.as_str()), Some("AW"));
    }

    #[test]
    fn a_bad_table_is_refused_with_the_reason() {
        for (text, reason) in [
            ("[[outlet]]\nname = \"A\"\nkind = \"tabloid\"\n", "unknown variant"),
            ("[[outlet]]\nname = \"A\"\ndomains = [\"not a domain\"]\n", "is not a domain"),
            ("[[outlet]]\nname = \"A\"\nowner = \"B\"\n", "unknown field"),
            ("[[outlet]]\nname = \" \"\n", "without a name"),
        ] {
            let error = parse(text, "outlets.toml").expect_err(text).to_string();
            assert!(error.starts_with("outlets.toml: ") && error.contains(reason), "{error}");
        }
    }

    #[test]
    fn the_shipped_table_parses_and_each_name_domain_is_unique() {
        let outlets = Outlets::shipped();
        assert!(outlets.len() >= 200, "{} outlets", outlets.len());
        let mut names = std::collections::HashSet::new();
        let mut domains = std::collections::HashSet::new();
        for outlet in outlets.iter() {
            for name in std::iter::once(&outlet.name).chain(&outlet.aliases) {
                assert!(names.insert(fold(name)), "{name} twice");
            }
            for domain in &outlet.domains {
                assert!(domains.insert(domain.clone()), "{domain} twice");
            }
            assert!(outlet.kind.is_some() && outlet.country.is_some(), "{}", outlet.name);
            assert!(outlet.lean.is_none(), "{}: the shipped table gives no lean", outlet.name);
        }
    }
}
