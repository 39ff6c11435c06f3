//! Bounds on what the HTML parser is given. html5ever's tree builder takes time that grows with
//! the square of the nesting depth (each tag looks through the stack of open elements) and of
//! the attributes on one element (each is checked against the ones before it for a duplicate):
//! a 1 MB page of 100,000 nested `<div>`s took 31 s, 8 MB of attributes on one element over two
//! minutes. One linear pass over the tags, before parsing, keeps a page within limits no article
//! page comes near: start tags nested deeper than [`MAX_DEPTH`] and the attributes of an element
//! past [`MAX_ATTRIBUTES`] are dropped. Text is never dropped.
//!
//! The depth is the tokenizer's view, tracked as the tree builder would for the cases that
//! matter: void elements and raw-text elements (`<script>`, `<textarea>`, …) open nothing, an
//! end tag closes back to its open element, and `<p>`, `<li>`, `<td>` and the other elements
//! whose end tag may be left out close an open one of their kind. Where the estimate is off it
//! errs deep, so a tag may be dropped early, never the parser left unbounded.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::html::inert::find_closing;

/// Start tags nested deeper than this are dropped. News pages nest under 100 deep.
pub(crate) const MAX_DEPTH: usize = 512;

/// Attributes of one element past this many are dropped. Article markup carries a handful.
pub(crate) const MAX_ATTRIBUTES: usize = 64;

/// Elements that open nothing.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param",
    "source", "track", "wbr",
];

/// Elements whose content is text up to their end tag, not markup.
const RAW_TEXT: &[&str] =
    &["iframe", "noembed", "noframes", "noscript", "script", "style", "textarea", "title", "xmp"];

/// Elements whose end tag may be left out, each with the open elements a new one closes: an
/// open one of its kind, reached through phrasing elements and the other names listed.
const OPTIONAL_END: &[(&str, &[&str])] = &[
    ("dd", &["dd", "dt"]),
    ("dt", &["dd", "dt"]),
    ("li", &["li"]),
    ("option", &["option"]),
    ("optgroup", &["optgroup", "option"]),
    ("p", &["p"]),
    ("rb", &["rb", "rp", "rt", "rtc"]),
    ("rp", &["rb", "rp", "rt"]),
    ("rt", &["rb", "rp", "rt"]),
    ("rtc", &["rb", "rp", "rt", "rtc"]),
    ("td", &["td", "th"]),
    ("th", &["td", "th"]),
    ("tr", &["tr", "td", "th"]),
];

/// Inline elements an implied end tag reaches through (`<li><a>one<li>` closes the first li).
const PHRASING: &[&str] = &[
    "a", "abbr", "b", "big", "cite", "code", "em", "font", "i", "label", "mark", "nobr", "q", "s",
    "small", "span", "strike", "strong", "sub", "sup", "tt", "u",
];

/// How far down the stack an element with an optional end tag looks for one of its kind.
const OPTIONAL_END_REACH: usize = 4;

/// A page within the bounds, and what was dropped to get there.
pub(crate) struct Bounded<'a> {
    /// The page, borrowed when nothing was dropped.
    pub text: Cow<'a, str>,
    /// One line per kind of thing dropped, for the article's warnings.
    pub warnings: Vec<String>,
}

/// The page with tags past [`MAX_DEPTH`] and attributes past [`MAX_ATTRIBUTES`] dropped.
/// Linear in the page.
pub(crate) fn bound(html: &str) -> Bounded<'_> {
    let mut pass = Pass::new(html);
    pass.run();
    let mut warnings = Vec::new();
    if pass.deep_tags > 0 {
        warnings.push(format!(
            "nested more than {MAX_DEPTH} elements deep: {} deeper tag(s) dropped, their text kept",
            pass.deep_tags
        ));
    }
    if pass.attribute_runs > 0 {
        warnings.push(format!(
            "{} element(s) with more than {MAX_ATTRIBUTES} attributes: the rest dropped",
            pass.attribute_runs
        ));
    }
    let text = match pass.out {
        None => Cow::Borrowed(html),
        Some(mut out) => {
            out.push_str(&html[pass.kept_to..]);
            Cow::Owned(out)
        }
    };
    Bounded { text, warnings }
}

/// One pass over the tags of a page.
struct Pass<'a> {
    html: &'a str,
    bytes: &'a [u8],
    /// The page so far with cuts applied, once there is a cut.
    out: Option<String>,
    /// Bytes before this are in `out` (or untouched, with no cut yet).
    kept_to: usize,
    /// Interned lower-case tag names, and the names by id.
    names: HashMap<Box<str>, u32>,
    name_of: Vec<Box<str>>,
    /// Open elements, as interned names.
    stack: Vec<u32>,
    /// How many of each name are on the stack, so an end tag with nothing open is O(1).
    open: Vec<u32>,
    /// How many start tags of each name were dropped and await their end tag.
    dropped: Vec<u32>,
    deep_tags: usize,
    attribute_runs: usize,
}

/// A tag as read: where it ends and what it is.
struct Tag<'a> {
    name: &'a str,
    /// Just past its `>`.
    end: usize,
    /// The byte span of attributes past [`MAX_ATTRIBUTES`], if any.
    extra_attributes: Option<(usize, usize)>,
}

impl<'a> Pass<'a> {
    fn new(html: &'a str) -> Self {
        Pass {
            html,
            bytes: html.as_bytes(),
            out: None,
            kept_to: 0,
            names: HashMap::new(),
            name_of: Vec::new(),
            stack: Vec::new(),
            open: Vec::new(),
            dropped: Vec::new(),
            deep_tags: 0,
            attribute_runs: 0,
        }
    }

    fn run(&mut self) {
        let mut at = 0;
        while let Some(offset) = self.bytes[at..].iter().position(|b| *b == b'<') {
            let start = at + offset;
            let next = match self.bytes.get(start + 1) {
                Some(b'/') if self.bytes.get(start + 2).is_some_and(u8::is_ascii_alphabetic) => {
                    read_tag(self.bytes, self.html, start + 2).map(|tag| self.end_tag(start, &tag))
                }
                Some(byte) if byte.is_ascii_alphabetic() => {
                    read_tag(self.bytes, self.html, start + 1)
                        .map(|tag| self.start_tag(start, &tag))
                }
                Some(b'!' | b'?') => {
                    self.bytes[start..].iter().position(|b| *b == b'>').map(|end| start + end + 1)
                }
                _ => Some(start + 1),
            };
            match next {
                Some(next) => at = next,
                None => {
                    // The page ends inside a tag, which the tokenizer drops, after reading
                    // every attribute in it (slowly: an 8 MB tag took minutes).
                    self.cut(start, self.bytes.len());
                    return;
                }
            }
        }
    }

    fn intern(&mut self, name: &str) -> u32 {
        let lower = name.to_ascii_lowercase();
        if let Some(id) = self.names.get(lower.as_str()) {
            return *id;
        }
        let id = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.names.insert(lower.clone().into_boxed_str(), id);
        self.name_of.push(lower.into_boxed_str());
        self.open.push(0);
        self.dropped.push(0);
        id
    }

    /// Handles a start tag at `start`; answers where scanning goes on.
    fn start_tag(&mut self, start: usize, tag: &Tag<'_>) -> usize {
        self.cut_extra_attributes(tag);
        let lower = tag.name.to_ascii_lowercase();
        if RAW_TEXT.contains(&lower.as_str()) {
            // Its content is text: go on at its end tag, or nowhere if it has none.
            return find_closing(self.bytes, tag.end, &lower).unwrap_or(self.bytes.len());
        }
        if lower == "plaintext" {
            return self.bytes.len();
        }
        // `<div/>` opens a div as `<div>` does: only void elements close themselves.
        if VOID.contains(&lower.as_str()) {
            return tag.end;
        }
        let id = self.intern(&lower);
        if let Some((_, closes)) = OPTIONAL_END.iter().find(|(name, _)| *name == lower) {
            self.close_implied(&lower, closes);
        }
        if self.stack.len() >= MAX_DEPTH {
            self.cut(start, tag.end);
            self.dropped[id as usize] += 1;
            self.deep_tags += 1;
        } else {
            self.stack.push(id);
            self.open[id as usize] += 1;
        }
        tag.end
    }

    /// Handles an end tag at `start`; answers where scanning goes on.
    fn end_tag(&mut self, start: usize, tag: &Tag<'_>) -> usize {
        // The tokenizer reads (and checks for duplicates) an end tag's attributes too.
        self.cut_extra_attributes(tag);
        let Some(id) = self.names.get(tag.name.to_ascii_lowercase().as_str()).copied() else {
            return tag.end;
        };
        if self.open[id as usize] > 0 {
            if let Some(position) = self.stack.iter().rposition(|open| *open == id) {
                self.close_to(position);
            }
        } else if self.dropped[id as usize] > 0 {
            self.dropped[id as usize] -= 1;
            self.cut(start, tag.end);
        }
        tag.end
    }

    fn cut_extra_attributes(&mut self, tag: &Tag<'_>) {
        if let Some((from, to)) = tag.extra_attributes {
            self.cut(from, to);
            self.attribute_runs += 1;
        }
    }

    /// Closes the open element of kind `name` that a new one implies the end of, if it is
    /// near the top with only phrasing elements and `closes` above it. Anything else in the
    /// way (a nested list, a table) leaves it open: the estimate errs deep.
    fn close_implied(&mut self, name: &str, closes: &[&str]) {
        let mut found = None;
        for (position, open) in self.stack.iter().enumerate().rev().take(OPTIONAL_END_REACH) {
            let open_name = self.name_of[*open as usize].as_ref();
            if open_name == name {
                found = Some(position);
            } else if !closes.contains(&open_name) && !PHRASING.contains(&open_name) {
                break;
            }
        }
        if let Some(position) = found {
            self.close_to(position);
        }
    }

    /// Pops the stack down to (and including) `position`.
    fn close_to(&mut self, position: usize) {
        for id in self.stack.drain(position..) {
            self.open[id as usize] -= 1;
        }
    }

    /// Leaves the bytes `from..to` out of the page.
    fn cut(&mut self, from: usize, to: usize) {
        let out = self.out.get_or_insert_with(|| String::with_capacity(self.html.len()));
        out.push_str(&self.html[self.kept_to..from]);
        self.kept_to = to;
    }
}

/// Reads the tag whose name starts at `from` (just after `<` or `</`), as the tokenizer does:
/// the name, then attributes (values quoted or not) up to the `>` outside quotes. `None` when
/// the page ends inside it.
fn read_tag<'a>(bytes: &[u8], html: &'a str, from: usize) -> Option<Tag<'a>> {
    let name_end = from
        + bytes[from..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b'/' || *b == b'>')
            .unwrap_or(bytes.len() - from);
    let name = &html[from..name_end];
    let mut at = name_end;
    let mut count = 0;
    let mut extra_from = None;
    let mut last_attribute_end = name_end;
    loop {
        while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
            at += 1;
        }
        match bytes.get(at)? {
            b'>' => {
                let extra_attributes = extra_from.map(|from| (from, last_attribute_end));
                return Some(Tag { name, end: at + 1, extra_attributes });
            }
            b'/' if bytes.get(at + 1) == Some(&b'>') => {
                let extra_attributes = extra_from.map(|from| (from, last_attribute_end));
                return Some(Tag { name, end: at + 2, extra_attributes });
            }
            b'/' => at += 1,
            _ => {
                let attribute_start = at;
                // The name: its first byte may be '=', the rest stops at '='.
                at += 1;
                while bytes
                    .get(at)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'/' | b'>' | b'='))
                {
                    at += 1;
                }
                let mut look = at;
                while bytes.get(look).is_some_and(|b| b.is_ascii_whitespace()) {
                    look += 1;
                }
                if bytes.get(look) == Some(&b'=') {
                    at = look + 1;
                    while bytes.get(at).is_some_and(|b| b.is_ascii_whitespace()) {
                        at += 1;
                    }
                    match bytes.get(at)? {
                        quote @ (b'"' | b'\'') => {
                            let close = bytes[at + 1..].iter().position(|b| b == quote)?;
                            at += close + 2;
                        }
                        b'>' => {}
                        _ => {
                            while bytes
                                .get(at)
                                .is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>')
                            {
                                at += 1;
                            }
                        }
                    }
                }
                count += 1;
                if count == MAX_ATTRIBUTES + 1 {
                    extra_from = Some(attribute_start);
                }
                last_attribute_end = at;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth_of(html: &str) -> usize {
        let document = dom_query::Document::from(html);
        let mut deepest = 0;
        let mut stack = vec![(document.root(), 0)];
        while let Some((node, depth)) = stack.pop() {
            deepest = deepest.max(depth);
            stack.extend(node.children_it(false).map(|child| (child, depth + 1)));
        }
        deepest
    }

    #[test]
    fn ordinary_pages_pass_untouched() {
        let page = "<!doctype html><html><head><title>A <b> title</title>\
                    <script>if (a < b) { x = '<div>'; }</script></head><body>\
                    <ul><li>one<li>two</ul><p>First<p>Second <img src=a.png alt='a > b'>\
                    <table><tr><td>1<td>2<tr><td>3</table><div/><br/></body></html>";
        let bounded = bound(page);
        assert!(matches!(bounded.text, Cow::Borrowed(_)));
        assert!(bounded.warnings.is_empty());
    }

    #[test]
    fn deep_nesting_is_cut_at_the_limit_and_keeps_its_text() {
        let n = 5_000;
        let page =
            format!("<body>{}<p>deep text</p>{}</body>", "<div>".repeat(n), "</div>".repeat(n));
        let bounded = bound(&page);
        assert!(bounded.text.contains("deep text"));
        assert_eq!(bounded.text.matches("<div>").count(), MAX_DEPTH - 1);
        assert_eq!(bounded.text.matches("</div>").count(), MAX_DEPTH - 1);
        assert!(depth_of(&bounded.text) <= MAX_DEPTH + 4, "the parsed tree is bounded too");
        assert!(bounded.warnings[0].contains("deeper tag(s) dropped"));
    }

    #[test]
    fn unclosed_and_self_closed_containers_count_as_open() {
        for unit in ["<div><span><b>", "<div/>", "<section >", "<DIV class=a>"] {
            let page = format!("<body>{}text", unit.repeat(3_000));
            let bounded = bound(&page);
            assert!(depth_of(&bounded.text) <= MAX_DEPTH + 8, "{unit}");
            assert!(bounded.text.ends_with("text"));
        }
    }

    #[test]
    fn siblings_with_optional_end_tags_do_not_add_depth() {
        for unit in ["<li>item", "<li><a href=x>item", "<tr><td>1<td>2", "<dt>a<dd>b", "<p>para"] {
            let page = format!("<body><ul><table>{}</table></ul>", unit.repeat(5_000));
            assert!(matches!(bound(&page).text, Cow::Borrowed(_)), "{unit}");
        }
    }

    #[test]
    fn nested_lists_count_as_nested() {
        for unit in ["<ul><li>", "<table><tr><td>", "<dl><dd><div>"] {
            let page = format!("<body>{}text", unit.repeat(3_000));
            let bounded = bound(&page);
            // The parser adds a tbody to each table: bounded, if not by the limit itself.
            assert!(depth_of(&bounded.text) <= MAX_DEPTH * 3 / 2, "{unit}");
            assert!(bounded.text.ends_with("text"));
        }
    }

    #[test]
    fn attributes_past_the_limit_are_dropped() {
        let attributes: String = (0..1_000).map(|i| format!(" a{i}=\"v>{i}\"")).collect();
        let page = format!("<body><div id=x{attributes} class='keep'>text</div></body>");
        let bounded = bound(&page);
        let kept = bounded.text.matches("=\"v>").count();
        assert_eq!(kept, MAX_ATTRIBUTES - 1, "the id and the first attributes stay");
        assert!(bounded.text.contains(">text</div>"));
        assert!(!bounded.text.contains("keep"));
        assert!(bounded.warnings[0].contains("more than 64 attributes"));
        let end_tag = format!("<div>text</div{attributes}>");
        assert_eq!(bound(&end_tag).text.matches("=\"v>").count(), MAX_ATTRIBUTES);
    }

    #[test]
    fn a_page_ending_inside_a_tag_loses_that_tag_as_the_parser_would() {
        for page in ["<p>a<div class=\"open", "<p>a</di", "<p>a<!doctype", "<p>a<div a=1 b c"] {
            assert_eq!(bound(page).text, "<p>a", "{page}");
        }
        assert_eq!(bound("<p>a<script>x").text, "<p>a<script>x", "raw text is text");
        let endless = format!("<p>a</p><div {}", "b=c ".repeat(100_000));
        assert_eq!(bound(&endless).text, "<p>a</p>");
    }
}
