//! Hostile and broken text: analysis never panics, keeps every value finite and every range
//! on the text, and stays in proportion to the text's length (checked by counting what it
//! finds, not by timing).

use parallax_analyze::{Analysis, TimeValue, analyze};

/// Every byte range the analysis returns lies on character boundaries of `text`.
fn check_ranges(text: &str, analysis: &Analysis) {
    let mut ranges = Vec::new();
    for entity in &analysis.entities.entities {
        ranges.extend(entity.mentions.iter().cloned());
    }
    for quote in &analysis.quotes {
        let a = &quote.attribution;
        ranges.extend(
            [Some(a.content.clone()), a.cue.clone(), a.source.clone(), a.speaker.clone()]
                .into_iter()
                .flatten(),
        );
    }
    for figure in &analysis.figures {
        assert!(figure.quantity.value.is_finite(), "{figure:?}");
        ranges.push(figure.quantity.span.clone());
    }
    ranges.extend(analysis.times.iter().map(|t| t.span.clone()));
    for range in ranges {
        assert!(text.get(range.clone()).is_some(), "{range:?} is not a slice of the text");
    }
}

fn anchor() -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::from_ymd_opt(2030, 6, 4)
}

#[test]
fn unbalanced_and_unclosed_quotation_marks() {
    for text in [
        "\u{201c}We will stay,\u{201d} the mayor said. \u{201c}And then \u{201c}again, she said \"no\" and left.",
        "\"It never closes, said the harbour master of Portvale",
        "\u{ab} \u{bb} \u{bb} \u{ab} \" \" \" ' ' '' `` \u{201e}",
        &"\u{201c}Quoted, ".repeat(5_000),
    ] {
        check_ranges(text, &analyze(text, anchor()));
    }
}

#[test]
fn odd_numbers_and_impossible_dates() {
    let text = "Officials counted 1,2,3,4 boats and 10^400 fish, 1e999 gulls and 99999999999999999999999999999999 \
                crabs on February 30, 2031, and on 31/02/2031. The vote is on February 30.";
    let analysis = analyze(text, anchor());
    check_ranges(text, &analysis);
    assert!(analysis.figures.iter().all(|f| f.quantity.value < 1e15), "{:?}", analysis.figures);
    let february = analysis.times.iter().filter(|t| text[t.span.clone()].contains("February 30"));
    for time in february {
        assert!(matches!(time.value, TimeValue::Unresolved), "{time:?}");
    }
}

#[test]
fn long_text_without_punctuation_finds_in_proportion() {
    let unit = "the harbour master of Portvale said about 7,000 boats left on Tuesday ";
    let small = unit.repeat(200);
    let large = unit.repeat(1_600);
    let (small, large) = (analyze(&small, anchor()), analyze(&large, anchor()));
    // Eight times the text, eight times the figures: no quadratic pile-up and nothing lost.
    assert_eq!(large.figures.len(), 8 * small.figures.len());
    assert!(small.figures.len() >= 200, "{}", small.figures.len());
    let text = "x".repeat(100_000);
    check_ranges(&text, &analyze(&text, anchor()));
    let text = "9".repeat(100_000);
    check_ranges(&text, &analyze(&text, anchor()));
}

/// A headline ending in "says NAME" over a paragraph that goes on: the speaker read past the
/// sentence's end once sliced the tokens backwards.
#[test]
fn regression_speaker_read_past_the_sentence_end() {
    let text = "Harbour vote 2029: the mayor is a lame duck walking, says Brandt\n\nCouncil leader \
                Ada Lind is \"a lame duck walking\" who will surely face a challenge, former harbour \
                chief Tomas Brandt has said.";
    let analysis = analyze(text, anchor());
    check_ranges(text, &analysis);
    assert!(!analysis.quotes.is_empty());
}
