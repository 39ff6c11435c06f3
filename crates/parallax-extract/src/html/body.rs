//! The main text: dom_smoothie's Readability finds the article's container in the parsed page;
//! its markup is then read block by block (paragraphs, subheadings, quotes, list items, with
//! how much of each is link text) and passed through the same boilerplate rules as text
//! articles ("Read more" lists, captions, notices, short runs of links).

use dom_query::{Document, NodeRef};
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};
use parallax_core::{ParagraphKind, normalize_whitespace, repair_mojibake, strip_control};

use crate::blocks::Block;
use crate::clean::{self, Cleaned, Layout};
use crate::{ExtractError, Result};

/// Pages with more elements than this are refused rather than scored (a hostile or broken
/// page; real articles have a few thousand).
pub(crate) const MAX_ELEMENTS: usize = 200_000;

/// The element dom_smoothie puts the article in.
const CONTAINER: &str = "#readability-page-1";

/// Elements whose text is never article text.
const SKIPPED: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "figcaption",
    "figure",
    "button",
    "form",
    "nav",
    "aside",
    "footer",
    "iframe",
    "svg",
    "select",
    "textarea",
    "input",
    "label",
    "menu",
    "dialog",
    "object",
    "video",
    "audio",
    "canvas",
    "math",
];

/// Elements that start a block of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "dd",
    "dt",
    "blockquote",
    "pre",
    "table",
    "tr",
    "td",
    "th",
    "ul",
    "ol",
    "dl",
    "hr",
    "address",
    "details",
    "summary",
    "center",
    "caption",
];

/// Pages nested deeper than this skip main-text scoring, whose cost grows with the square of
/// the depth: their whole text is kept instead. Real article pages stay well under 100.
pub(crate) const MAX_DEPTH: usize = 256;

/// Finds the main text in a parsed page and cleans it; the warning says when the page was
/// too deeply nested to score and all its text was kept.
pub(crate) fn main_text(document: Document) -> Result<(Cleaned, Option<String>)> {
    let depth = depth_of(document.root());
    if depth > MAX_DEPTH {
        let cleaned = all_blocks(&document);
        let warning = format!(
            "nested {depth} levels deep (more than {MAX_DEPTH}): main-text scoring skipped, all text kept"
        );
        return Ok((cleaned, Some(warning)));
    }
    scored_text(document).map(|cleaned| (cleaned, None))
}

/// The whole page's text, cleaned, for pages where no container holds the article.
pub(crate) fn whole_text(document: &Document) -> Result<Cleaned> {
    let cleaned = all_blocks(document);
    if cleaned.paragraphs.is_empty() { Err(ExtractError::NothingLeft) } else { Ok(cleaned) }
}

fn all_blocks(document: &Document) -> Cleaned {
    let body = document.body().unwrap_or_else(|| document.root());
    clean::clean(blocks_of(body), Layout { title_first: false })
}

/// The deepest element nesting under `root`, found without recursion.
fn depth_of(root: NodeRef<'_>) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(root, 0usize)];
    while let Some((node, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        stack.extend(node.children_it(false).filter(NodeRef::is_element).map(|c| (c, depth + 1)));
    }
    deepest
}

/// The main text as dom_smoothie's Readability scores it.
fn scored_text(document: Document) -> Result<Cleaned> {
    let config = Config {
        disable_json_ld: true,
        text_mode: TextMode::Raw,
        max_elements_to_parse: MAX_ELEMENTS,
        min_score_to_adjust: 10.0,
        ..Config::default()
    };
    let mut readability = Readability::with_document(document, None, Some(config))
        .map_err(|error| ExtractError::Html(error.to_string()))?;
    let article = match readability.parse() {
        Ok(article) => article,
        Err(ReadabilityError::TooManyElements(count, limit)) => {
            return Err(ExtractError::Html(format!(
                "{count} elements, more than the {limit} an article page is allowed"
            )));
        }
        Err(_) => return Err(ExtractError::NothingLeft),
    };
    // The article's container stays in the parsed tree under dom_smoothie's id: walking it
    // there saves parsing the serialised content again.
    let container = readability.doc.select_single(CONTAINER);
    let blocks = match container.nodes().first() {
        Some(node) => blocks_of(*node),
        None => blocks_of(Document::fragment(article.content).root()),
    };
    Ok(clean::clean(blocks, Layout { title_first: false }))
}

/// The open block elements while walking, innermost last.
struct Walk {
    blocks: Vec<Block>,
    current: Block,
    kinds: Vec<ParagraphKind>,
    links: usize,
}

impl Walk {
    fn flush(&mut self) {
        let text = normalize_whitespace(&strip_control(&repair_mojibake(&self.current.text)));
        if !text.is_empty() {
            let mut block = std::mem::take(&mut self.current);
            // Link characters were counted before whitespace was squeezed.
            block.link_chars = block.link_chars.min(text.chars().count());
            block.text = text;
            block.kind = Some(*self.kinds.last().unwrap_or(&ParagraphKind::Text));
            self.blocks.push(block);
        }
        self.current = Block::default();
    }

    fn push_text(&mut self, text: &str) {
        if self.links > 0 {
            self.current.link_chars +=
                text.split_whitespace().map(|w| w.chars().count() + 1).sum::<usize>();
        }
        self.current.text.push_str(text);
    }
}

enum Step<'a> {
    Enter(NodeRef<'a>),
    LeaveBlock,
    LeaveLink,
}

/// Reads a subtree into blocks without recursion (pages nest arbitrarily deep).
fn blocks_of(root: NodeRef<'_>) -> Vec<Block> {
    let mut walk =
        Walk { blocks: Vec::new(), current: Block::default(), kinds: Vec::new(), links: 0 };
    let mut stack = vec![Step::Enter(root)];
    while let Some(step) = stack.pop() {
        let node = match step {
            Step::Enter(node) => node,
            Step::LeaveBlock => {
                walk.flush();
                walk.kinds.pop();
                continue;
            }
            Step::LeaveLink => {
                walk.links -= 1;
                continue;
            }
        };
        if node.is_text() {
            walk.push_text(&node.text());
            continue;
        }
        let Some(name) = node.node_name() else {
            push_children(&mut stack, node);
            continue;
        };
        let name = name.to_ascii_lowercase();
        if SKIPPED.contains(&name.as_str()) {
            continue;
        }
        if name == "br" {
            walk.current.text.push(' ');
            continue;
        }
        if BLOCKS.contains(&name.as_str()) {
            walk.flush();
            let inherited = walk.kinds.last().copied().unwrap_or(ParagraphKind::Text);
            walk.kinds.push(kind_of(&name, inherited));
            stack.push(Step::LeaveBlock);
        } else if name == "a" {
            if let Some(href) = node.attr("href") {
                walk.current.urls.push(href.to_string());
            }
            walk.links += 1;
            stack.push(Step::LeaveLink);
        }
        push_children(&mut stack, node);
    }
    walk.flush();
    walk.blocks
}

fn push_children<'a>(stack: &mut Vec<Step<'a>>, node: NodeRef<'a>) {
    stack.extend(node.children_it(true).map(Step::Enter));
}

fn kind_of(name: &str, inherited: ParagraphKind) -> ParagraphKind {
    match name {
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => ParagraphKind::Heading,
        "li" | "dd" | "dt" => ParagraphKind::ListItem,
        "blockquote" => ParagraphKind::Quote,
        _ => inherited,
    }
}
