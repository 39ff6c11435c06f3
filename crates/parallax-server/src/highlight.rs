//! An article's text with its quotes and named entities marked: the annotations as data (for
//! the API) and as escaped HTML (for the article page).

use parallax_analyze::{Analysis, Speaker};
use parallax_dossier::escape;
use serde::Serialize;
use utoipa::ToSchema;

/// A named entity of one article and where the text mentions it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntityMarks {
    /// Its name.
    pub name: String,
    /// person, organisation, place or other.
    pub kind: String,
    /// Byte spans of its mentions in the article's text.
    pub mentions: Vec<[usize; 2]>,
}

/// A quote or reported statement of one article.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuoteMark {
    /// What was said.
    pub text: String,
    /// Who said it: a name, an unnamed source's description, or "unknown".
    pub speaker: String,
    /// Whether the words are quoted directly.
    pub direct: bool,
    /// Byte span of the content in the article's text.
    pub span: [usize; 2],
}

/// What the article page marks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Annotations {
    /// Named entities.
    pub entities: Vec<EntityMarks>,
    /// Quotes and reported statements.
    pub quotes: Vec<QuoteMark>,
}

/// The annotations of `text` from its analysis.
pub fn annotations(text: &str, analysis: &Analysis) -> Annotations {
    let entities = &analysis.entities.entities;
    let quotes = analysis
        .quotes
        .iter()
        .filter_map(|quote| {
            let content = quote.attribution.content.clone();
            let words = text.get(content.clone())?;
            let speaker = match &quote.speaker {
                Speaker::Entity(i) => entities.get(*i).map_or("unknown", |e| e.name.as_str()),
                Speaker::Anonymous(description) => description.as_str(),
                Speaker::Unknown => "unknown",
            };
            Some(QuoteMark {
                text: words.to_string(),
                speaker: speaker.to_string(),
                direct: quote.attribution.direct,
                span: [content.start, content.end],
            })
        })
        .collect();
    let entities = entities
        .iter()
        .map(|entity| EntityMarks {
            name: entity.name.clone(),
            kind: entity.kind.as_str().to_string(),
            mentions: entity.mentions.iter().map(|m| [m.start, m.end]).collect(),
        })
        .collect();
    Annotations { entities, quotes }
}

/// One marked span: where, and the opening tag to put there (already escaped).
struct Mark {
    start: usize,
    end: usize,
    open: String,
    close: &'static str,
}

/// `text` as HTML paragraphs with quotes in `<q>` (speaker in the title) and entity mentions in
/// `<span>` (name and kind in the title); with `headline`, the first paragraph is an `<h1>`.
/// Every piece of text is escaped; spans that cross each other are dropped rather than
/// producing broken markup.
pub fn to_html(text: &str, annotations: &Annotations, headline: bool) -> String {
    let mut marks: Vec<Mark> = Vec::new();
    for quote in &annotations.quotes {
        let class = if quote.direct { "quote direct" } else { "quote reported" };
        marks.push(Mark {
            start: quote.span[0],
            end: quote.span[1],
            open: format!(
                "<q class=\"{class}\" title=\"{}\">",
                escape(&format!("said by {}", quote.speaker))
            ),
            close: "</q>",
        });
    }
    for entity in &annotations.entities {
        for mention in &entity.mentions {
            marks.push(Mark {
                start: mention[0],
                end: mention[1],
                open: format!(
                    "<span class=\"entity {}\" title=\"{}\">",
                    escape(&entity.kind),
                    escape(&format!("{} ({})", entity.name, entity.kind))
                ),
                close: "</span>",
            });
        }
    }
    marks.retain(|m| {
        m.start < m.end
            && m.end <= text.len()
            && text.is_char_boundary(m.start)
            && text.is_char_boundary(m.end)
    });
    // Outer spans first at one start, so inner ones nest inside them.
    marks.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));

    let mut out = String::with_capacity(text.len() * 2);
    let mut writer = Paragraphs { out: &mut out, headline, started: false };
    writer.out.push_str(if headline { "<h1 class=\"headline\">" } else { "<p>" });
    let mut open: Vec<&Mark> = Vec::new();
    let mut at = 0;
    let mut next = marks.iter().peekable();
    loop {
        let close_at = open.last().map(|m| m.end);
        let open_at = next.peek().map(|m| m.start);
        let target = match (close_at, open_at) {
            (Some(c), Some(o)) => c.min(o),
            (Some(c), None) => c,
            (None, Some(o)) => o,
            (None, None) => text.len(),
        };
        writer.plain(&text[at..target], !open.is_empty());
        at = target;
        if close_at == Some(at) {
            if let Some(mark) = open.pop() {
                writer.out.push_str(mark.close);
            }
            continue;
        }
        match next.next() {
            Some(mark) if mark.start == at => {
                // A span that ends past the one it starts inside would cross it: skip it.
                if open.last().is_some_and(|outer| mark.end > outer.end) {
                    continue;
                }
                writer.out.push_str(&mark.open);
                open.push(mark);
            }
            Some(_) => {}
            None => break,
        }
    }
    let last = if writer.headline && !writer.started { "</h1>" } else { "</p>" };
    out.push_str(last);
    out
}

/// Writes escaped text, turning blank lines into paragraph breaks.
struct Paragraphs<'a> {
    out: &'a mut String,
    headline: bool,
    /// A paragraph after the headline has started.
    started: bool,
}

impl Paragraphs<'_> {
    /// Escaped text; a blank line starts a new paragraph (a line break inside a marked span).
    fn plain(&mut self, text: &str, inside: bool) {
        for (i, paragraph) in text.split("\n\n").enumerate() {
            if i > 0 {
                if inside {
                    self.out.push_str("<br><br>");
                } else if self.headline && !self.started {
                    self.out.push_str("</h1>\n<p>");
                    self.started = true;
                } else {
                    self.out.push_str("</p>\n<p>");
                }
            }
            self.out.push_str(&escape(paragraph));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(quotes: &[(usize, usize)], entities: &[(usize, usize)]) -> Annotations {
        Annotations {
            quotes: quotes
                .iter()
                .map(|&(s, e)| QuoteMark {
                    text: String::new(),
                    speaker: "Ana \"Ruiz\"".into(),
                    direct: true,
                    span: [s, e],
                })
                .collect(),
            entities: vec![EntityMarks {
                name: "Ana Ruiz".into(),
                kind: "person".into(),
                mentions: entities.iter().map(|&(s, e)| [s, e]).collect(),
            }],
        }
    }

    #[test]
    fn spans_nest_and_text_is_escaped() {
        let text = "Ana Ruiz said <b>the bridge</b> was unsafe.\n\nIt closed.";
        let html = to_html(text, &marks(&[(14, 42)], &[(0, 8)]), false);
        assert!(html.starts_with("<p><span class=\"entity person\""), "{html}");
        assert!(html.contains("&lt;b&gt;the bridge&lt;/b&gt;"), "{html}");
        assert!(html.contains("title=\"said by Ana &quot;Ruiz&quot;\""), "{html}");
        assert!(html.contains("</q>.</p>\n<p>It closed.</p>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
    }

    #[test]
    fn crossing_and_out_of_range_spans_are_dropped() {
        let text = "One two three four.";
        let html = to_html(text, &marks(&[(0, 7)], &[(4, 13), (15, 99)]), false);
        assert_eq!(html.matches("<q").count(), 1);
        assert_eq!(html.matches("<span").count(), 0, "{html}");
        assert_eq!(html.matches("</q>").count(), 1);
        assert!(html.contains("three four."), "{html}");
    }

    #[test]
    fn the_headline_becomes_the_heading() {
        let text = "Bridge <closed>\n\nThe council voted.\n\nIt rained.";
        let html = to_html(text, &marks(&[], &[]), true);
        assert_eq!(
            html,
            "<h1 class=\"headline\">Bridge &lt;closed&gt;</h1>\n<p>The council voted.</p>\n<p>It rained.</p>"
        );
        assert_eq!(
            to_html("Only a headline", &marks(&[], &[]), true),
            "<h1 class=\"headline\">Only a headline</h1>"
        );
    }
}
