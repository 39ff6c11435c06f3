//! Cutting what a parser would read and the extractor throw away: the bodies of `<script>`
//! (JSON-LD excepted), `<style>` and inline `<svg>`, and comments. They are over half the
//! bytes of a typical news page, and html5ever's tokenizer would walk every one of them.
//! The cut is textual and conservative: an element's tags stay, only what is between goes.

use std::borrow::Cow;

/// Elements whose content is dropped, as lower-case names.
const INERT: &[&str] = &["script", "style", "svg"];

/// The page without inert content; unchanged (borrowed) when there is none.
pub(crate) fn strip(html: &str) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut out: Option<String> = None;
    let mut kept_to = 0;
    let mut at = 0;
    while let Some(offset) = html[at..].find('<') {
        let start = at + offset;
        let Some((cut_from, cut_to)) = inert_span(html, bytes, start) else {
            at = start + 1;
            continue;
        };
        let out = out.get_or_insert_with(|| String::with_capacity(html.len() / 2));
        out.push_str(&html[kept_to..cut_from]);
        kept_to = cut_to;
        at = cut_to.max(start + 1);
    }
    match out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[kept_to..]);
            Cow::Owned(out)
        }
    }
}

/// The byte span to cut for a comment or an inert element starting at `start` (a `<`).
fn inert_span(html: &str, bytes: &[u8], start: usize) -> Option<(usize, usize)> {
    if bytes[start..].starts_with(b"<!--") {
        let end = html[start + 4..].find("-->").map_or(html.len(), |e| start + 4 + e + 3);
        return Some((start, end));
    }
    let name = INERT.iter().find(|name| {
        let after = start + 1 + name.len();
        bytes.len() > after
            && bytes[start + 1..after].eq_ignore_ascii_case(name.as_bytes())
            && matches!(bytes[after], b' ' | b'\t' | b'\n' | b'\r' | b'>' | b'/')
    })?;
    let open_end = start + html[start..].find('>')? + 1;
    if *name == "script" && is_json_ld(&html[start..open_end]) {
        return None;
    }
    let close = find_closing(bytes, open_end, name)?;
    Some((open_end, close))
}

fn is_json_ld(open_tag: &str) -> bool {
    open_tag.to_ascii_lowercase().contains("ld+json")
}

/// Where `</name` starts after `from`, case-insensitively.
fn find_closing(bytes: &[u8], from: usize, name: &str) -> Option<usize> {
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
    }
}
