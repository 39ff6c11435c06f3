//! Page metadata scored as WCXB labels it: title exact match after whitespace normalisation,
//! author match (case-insensitive, any listed author), publication day match, and how often a
//! date is given for a page that has none.

/// Counts behind the metadata rates.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct MetadataTally {
    /// Pages with a gold title, and those whose title matched.
    pub titles: (usize, usize),
    /// Pages with a gold author, and those where a predicted author matched.
    pub authors: (usize, usize),
    /// Pages with a gold date, and those whose date fell on the same day.
    pub dates: (usize, usize),
    /// Pages without a gold date, and those given a date anyway.
    pub undated: (usize, usize),
}

/// What an extractor said about one page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Predicted<'a> {
    /// The headline.
    pub title: Option<&'a str>,
    /// Author names, one by one.
    pub authors: &'a [String],
    /// The publication day, `YYYY-MM-DD`.
    pub date: Option<&'a str>,
}

/// Gold metadata for one page; `None` where the page has no label.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gold<'a> {
    /// The headline.
    pub title: Option<&'a str>,
    /// The author string.
    pub author: Option<&'a str>,
    /// The publication day (`YYYY-MM-DD`, or `YYYY-MM` when only the month is known).
    pub date: Option<&'a str>,
}

impl MetadataTally {
    /// Adds one page.
    pub fn add(&mut self, gold: Gold<'_>, predicted: Predicted<'_>) {
        if let Some(title) = gold.title {
            count(&mut self.titles, predicted.title.is_some_and(|p| same_title(title, p)));
        }
        if let Some(author) = gold.author {
            count(&mut self.authors, author_matches(author, predicted.authors));
        }
        match gold.date {
            Some(date) => {
                count(&mut self.dates, predicted.date.is_some_and(|p| p.starts_with(date)))
            }
            None => count(&mut self.undated, predicted.date.is_some()),
        }
    }

    /// Share of titled pages whose title matched; `None` without gold titles.
    pub fn title_exact(&self) -> Option<f64> {
        rate(self.titles)
    }
    /// Share of pages with a gold author where one predicted author matched.
    pub fn author(&self) -> Option<f64> {
        rate(self.authors)
    }
    /// Share of dated pages whose predicted day was right.
    pub fn date(&self) -> Option<f64> {
        rate(self.dates)
    }
    /// Share of undated pages that were given a date.
    pub fn date_invented(&self) -> Option<f64> {
        rate(self.undated)
    }
}

fn count(tally: &mut (usize, usize), hit: bool) {
    tally.0 += 1;
    tally.1 += usize::from(hit);
}

fn rate((total, hits): (usize, usize)) -> Option<f64> {
    (total > 0).then(|| hits as f64 / total as f64)
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn same_title(gold: &str, predicted: &str) -> bool {
    normalise(gold) == normalise(predicted)
}

/// Whether a predicted name is the gold author string or one of the names it lists (split at
/// commas, semicolons, bars, "and", "&"), ignoring case and spacing.
pub fn author_matches(gold: &str, predicted: &[String]) -> bool {
    let gold = normalise(gold).to_lowercase();
    let mut listed: Vec<String> = vec![gold.clone()];
    for piece in gold.split([',', ';', '|']) {
        for name in piece.split(" and ").flat_map(|p| p.split(" & ")) {
            listed.push(name.trim().to_string());
        }
    }
    predicted.iter().any(|name| {
        let name = normalise(name).to_lowercase();
        !name.is_empty() && listed.contains(&name)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authors_match_any_listed_name() {
        let names = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(author_matches("Ana Lind, MD, FACP", &names(&["ana  lind"])));
        assert!(author_matches("Ana Lind and Tom Berg", &names(&["Tom Berg"])));
        assert!(author_matches("Ana Lind | The Herald", &names(&["Ana Lind"])));
        assert!(!author_matches("Ana Lind", &names(&["Lind"])));
        assert!(!author_matches("Ana Lind", &[]));
    }

    #[test]
    fn rates_count_what_they_say() {
        let mut tally = MetadataTally::default();
        let authors = vec!["Ana Lind".to_string()];
        let gold = Gold {
            title: Some("Strike  ends"),
            author: Some("Ana Lind"),
            date: Some("2025-03-04"),
        };
        let right =
            Predicted { title: Some("Strike ends"), authors: &authors, date: Some("2025-03-04") };
        tally.add(gold, right);
        tally
            .add(gold, Predicted { title: Some("Strike"), authors: &[], date: Some("2025-03-05") });
        tally.add(Gold::default(), Predicted { date: Some("2025-03-05"), ..Predicted::default() });
        tally.add(Gold::default(), Predicted::default());
        assert_eq!(tally.title_exact(), Some(0.5));
        assert_eq!(tally.author(), Some(0.5));
        assert_eq!(tally.date(), Some(0.5));
        assert_eq!(tally.date_invented(), Some(0.5));
        assert_eq!(MetadataTally::default().date(), None);
    }
}
