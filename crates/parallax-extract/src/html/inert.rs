//! Cutting what a parser would read and the extractor throw away: the bodies of `<script>`
//! (JSON-LD excepted), `<style>` and inline `<svg>`, and comments. They are over half the
//! bytes of a typical news page, and html5ever's tokenizer would walk every one of them.
//! The cut is textual and conservative: an element's tags stay, only what is between goes.

use std::borrow::Cow;

/// Elements whose content is dropped, as lower-case names.
const INERT: &[&str] = &["script", "style", "svg"];

/// What to do at a `<`.
enum Step {
    /// Cut this byte span.
    Cut(usize, usize),
    /// Keep everything up to here (a JSON-LD script, left whole) and go on after it.
    Keep(usize),
    /// Nothing to do here.
    Next,
}

/// The page without inert content; unchanged (borrowed) when there is none. Linear in the
/// page: an element name whose closing tag is missing is not looked for again.
pub(crate) fn strip(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut unclosed = [false; INERT.len()];
    let mut kept_to = 0;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        match inert_span(html, bytes, start, &mut unclosed) {
            Step::Next => at = start + 1,
            Step::Keep(end) => at = end.max(start + 1),
            Step::Cut(cut_from, cut_to) => {
                let out = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
                out.push_str(&html[kept_to..cut_from]);
                kept_to = cut_to;
                at = cut_to.max(start + 1);
            }
        }
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[kept_to..]);
            Cow::Owned(out)
        }
    }
}

/// What to do with a comment or an inert element starting at `start` (a `<`).
fn inert_span(html: &str, bytes: &[u8], start: usize, unclosed: &mut [bool]) -> Step {
    if bytes[start..].starts_with(b"<!--") {
        let end = html[start + 4..].find("-->").map_or(html.len(), |e| start + 4 + e + 3);
        return Step::Cut(start, end);
    }
    let Some(index) = INERT.iter().position(|name| {
        let after = start + 1 + name.len();
        bytes.len() > after
            && bytes[start + 1..after].eq_ignore_ascii_case(name.as_bytes())
            && matches!(bytes[after], b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
    }) else {
        return Step::Next;
    };
    if unclosed[index] {
        return Step::Next;
    }
    let name = INERT[index];
    let Some(open_end) = html[start..].find('>').map(|end| start + end + 1) else {
        return Step::Next;
    };
    let Some(close) = find_closing(bytes, open_end, name) else {
        unclosed[index] = true;
        return Step::Next;
    };
    if name == "script" && is_json_ld(&html[start..open_end]) {
        // Kept whole, and not scanned: a "<!--" inside it is text, not a comment.
        return Step::Keep(close);
    }
    Step::Cut(open_end, close)
}

fn is_json_ld(open_tag: &str) -> bool {
    open_tag.to_ascii_lowercase().contains("ld+json")
}

/// Where `</name` starts after `from`, case-insensitively.
pub(crate) fn find_closing(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
    let mut at = from;
    while let Some(offset) = bytes[at..].iter().position(|b| *b == b'<') {
        let start = at + offset;
        let after = start + 2 + name.len();
        if bytes.len() >= after
            && bytes[start + 1] == b'/'
            && bytes[start + 2..after].eq_ignore_ascii_case(name.as_bytes())
        {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_styles_svgs_and_comments_lose_their_content() {
        let page = "<head><SCRIPT src=a.js>var a = '<p>x</p>';</script><style>p{}</style></head>\
                    <body><!-- <script>hidden</script> --><p>Rain <svg viewBox='0 0 1 1'><path d='M0'/></svg>fell.</p></body>";
        assert_eq!(
            strip(page),
            "<head><SCRIPT src=a.js></script><style></style></head><body><p>Rain <svg viewBox='0 0 1 1'></svg>fell.</p></body>"
        );
    }

    #[test]
    fn json_ld_stays_and_clean_pages_are_borrowed() {
        let page =
            r#"<script type="application/ld+json">{"@type": "NewsArticle"}</script><p>a</p>"#;
        assert!(matches!(strip(page), Cow::Borrowed(_)));
        let unclosed = "<p>a</p><script>never closed";
        assert_eq!(strip(unclosed), unclosed, "an unclosed script is left to the parser");
        assert_eq!(strip("<p>a <!-- open"), "<p>a ");
        assert_eq!(strip("<scripture>text</scripture>"), "<scripture>text</scripture>");
        let commented_json =
            r#"<script type="application/ld+json">{"a": "write <!-- here"}</script><p>kept</p>"#;
        assert_eq!(
            strip(commented_json),
            commented_json,
            "a comment opener inside JSON-LD is text"
        );
    }

    #[test]
    fn many_unclosed_scripts_take_linear_time() {
        let page = "<script>".repeat(200_000);
        // Quadratic scanning took minutes here; linear, it is instant.
        assert_eq!(strip(&page).len(), page.len());
    }
}
