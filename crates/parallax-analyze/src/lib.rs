//! Analysis of an article's text: who said what.
//!
//! [`attributions`] finds direct quotes (straight, curly and angle quotation marks, quotes that
//! run over paragraphs, quotes split around their speaker) and reported speech ("X said that
//! ...", "..., X said", "according to X, ..."), each as byte ranges into the text: the content,
//! the cue ("said", "told", "according to") and the source, when the text names one. Pure
//! functions over `&str`; linear in the length of the text.
//!
//! [`time_expressions`] finds time expressions (weekdays, dates, months, years, "yesterday",
//! "early next year", "two weeks ago", "1500 GMT") and resolves them against the article's
//! date, with the way each one points (past or future) read from the clause around it.
//!
//! ```
//! let text = "\u{201c}We will not back down,\u{201d} the mayor said on Tuesday.";
//! let found = parallax_analyze::attributions(text);
//! assert_eq!(&text[found[0].source.clone().unwrap()], "the mayor");
//! assert!(found[0].direct);
//! ```

mod analysis;
mod attribution;
mod entities;
mod entity_spans;
mod entity_words;
mod gazetteer;
mod lexicon;
mod names;
mod quantities;
mod quantities_words;
mod quotes;
mod reported;
mod stored;
mod timeml;
mod times;
mod times_words;
mod tokens;

pub use analysis::{Analysis, Figure, Quote, Speaker, analyze, link};
pub use entities::{Description, Entities, Entity, MergedEntity, entities, merge_entities};
pub use entity_spans::Role;
pub use names::{EntityKind, fold};
pub use quantities::{Qualifier, Quantity, quantities};
pub use quotes::{Attribution, attributions};
pub use timeml::{Timex, TimexType, timex3};
pub use times::{Direction, TimeExpression, TimeValue, time_expressions};
