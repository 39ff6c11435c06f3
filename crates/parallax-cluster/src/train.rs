//! Training rows for the pair model, from a labelled stream.

use std::collections::HashMap;

use crate::config::ClusterConfig;
use crate::model::Features;
use crate::stream::{StoryStream, StreamArticle};

/// The candidate pairs of a labelled stream, as the assigner would see them if every earlier
/// article had gone to its gold story: for each article (in the order given), the features of
/// each candidate story the index finds, with whether that story is the article's own.
/// `stream` pairs each article with its gold story's name.
pub fn pair_rows(
    config: &ClusterConfig,
    stream: &[(StreamArticle, String)],
) -> Vec<(Features, bool)> {
    let mut assigner = StoryStream::new(config.clone());
    let mut story_of: HashMap<&str, u32> = HashMap::new();
    let mut rows = Vec::new();
    for (article, gold) in stream {
        let known = story_of.get(gold.as_str()).copied();
        let (pairs, placed) = assigner.add_labelled(article, known);
        rows.extend(pairs);
        if let (None, Some(story)) = (known, placed) {
            story_of.insert(gold.as_str(), story);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terms::{Terms, TermsConfig};
    use parallax_core::ArticleId;

    fn item(id: &str, text: &str, time: i64) -> StreamArticle {
        StreamArticle {
            id: ArticleId::from_stored(id),
            time: Some(time),
            terms: Terms::from_text("", text, &TermsConfig::default()),
            copy_group: None,
            embedding: None,
        }
    }

    #[test]
    fn each_candidate_is_labelled_by_the_gold_story() {
        let stream = vec![
            (item("a", "Portvale dock workers strike over pay", 0), "strike".to_string()),
            (item("b", "Greenmoor orchard festival crowds", 60), "festival".to_string()),
            (
                item("c", "Portvale dock strike enters second day over pay", 120),
                "strike".to_string(),
            ),
            (item("d", "Portvale dock workers accept pay offer", 180), "offer".to_string()),
        ];
        let rows = pair_rows(&ClusterConfig::default(), &stream);
        // c finds the strike story (its own); d finds it too, and it is not d's.
        let positives = rows.iter().filter(|(_, own)| *own).count();
        let negatives = rows.iter().filter(|(_, own)| !*own).count();
        assert_eq!(positives, 1, "{rows:?}");
        assert!(negatives >= 1, "{rows:?}");
    }
}
