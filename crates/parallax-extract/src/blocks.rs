//! Plain text and Markdown to blocks: the paragraphs as laid out, with the layout signals
//! (link text, emphasis) that tell reporting from web furniture.

use parallax_core::{ParagraphKind, normalize_whitespace, strip_control};
use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};

/// Lines longer than this are not hard-wrapped prose: each is a paragraph of its own.
const WRAPPED_LINE_MAX: usize = 100;

/// One block of the input as laid out, before cleaning.
#[derive(Debug, Clone, Default)]
pub(crate) struct Block {
    /// Paragraph, heading, quote or list item.
    pub kind: Option<ParagraphKind>,
    /// The visible text, whitespace normalised, links and emphasis rendered as text.
    pub text: String,
    /// How many characters of `text` sit inside links.
    pub link_chars: usize,
    /// The emphasised (bold or italic) runs, in order.
    pub emphasis: Vec<String>,
    /// Link targets, autolinks included.
    pub urls: Vec<String>,
}

impl Block {
    pub fn kind(&self) -> ParagraphKind {
        self.kind.unwrap_or(ParagraphKind::Text)
    }

    pub fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }

    /// Share of the text that is link text.
    pub fn link_density(&self) -> f64 {
        let chars = self.text.chars().count();
        if chars == 0 { 0.0 } else { (self.link_chars as f64 / chars as f64).min(1.0) }
    }
}

/// A line being built inside a block.
#[derive(Default)]
struct Line {
    text: String,
    link_chars: usize,
    emphasis: Vec<String>,
    urls: Vec<String>,
}

/// Splits text into blocks. `markdown` decides what raw HTML is: markup to drop in Markdown,
/// literal text in a plain-text file.
pub(crate) fn split_blocks(text: &str, markdown: bool) -> Vec<Block> {
    let mut builder = Builder { markdown, ..Builder::default() };
    let text = if markdown { std::borrow::Cow::Borrowed(text) } else { plain_layout(text).into() };
    for event in Parser::new(&text) {
        builder.event(event);
    }
    builder.finish_block();
    builder.blocks
}

/// Plain text is read for its inline Markdown only (pages copied as text keep `[links](#)` and
/// `**credits**`); block syntax must not fire on prose: indentation is not code, "1984. That
/// was..." is not a list item, "#1 seed" is not a heading, a line of dashes is a separator.
fn plain_layout(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.lines() {
        let line = line.trim_start();
        let rule =
            !line.is_empty() && line.chars().all(|c| matches!(c, '-' | '=' | '_' | '*' | ' '));
        if rule {
            out.push('\n');
            continue;
        }
        let digits = line.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && line[digits..].starts_with(['.', ')']) {
            out.push_str(&line[..digits]);
            out.push('\\');
            out.push_str(&line[digits..]);
        } else if line.starts_with(['#', '>', '+', '|']) {
            out.push('\\');
            out.push_str(line);
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}

/// The text of an HTML fragment, tags dropped.
fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[derive(Default)]
struct Builder {
    markdown: bool,
    blocks: Vec<Block>,
    kind: Option<ParagraphKind>,
    lines: Vec<Line>,
    line: Line,
    link_depth: usize,
    image_depth: usize,
    emphasis_depth: usize,
    emphasis_run: String,
}

impl Builder {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) | Event::Code(text) => self.push_text(&text),
            Event::Html(html) | Event::InlineHtml(html) if !self.markdown => self.push_text(&html),
            // In Markdown, raw HTML is markup: its text is kept, its tags are not.
            Event::Html(html) => self.push_text(&html_text(&html)),
            Event::SoftBreak | Event::HardBreak => self.break_line(),
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock => {
                self.kind.get_or_insert(ParagraphKind::Text);
            }
            Tag::Heading { .. } => self.kind = Some(ParagraphKind::Heading),
            Tag::BlockQuote(_) => self.kind = Some(ParagraphKind::Quote),
            Tag::Item => {
                self.finish_block();
                self.kind = Some(ParagraphKind::ListItem);
            }
            Tag::Link { link_type, dest_url, .. } => {
                self.link_depth += 1;
                if matches!(link_type, LinkType::Autolink | LinkType::Email) || &*dest_url != "#" {
                    self.line.urls.push(dest_url.to_string());
                }
            }
            Tag::Image { .. } => self.image_depth += 1,
            Tag::Emphasis | Tag::Strong => self.emphasis_depth += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::CodeBlock | TagEnd::HtmlBlock => {
                // A paragraph inside a quote or list item belongs to it; finish only top-level.
                if !matches!(self.kind, Some(ParagraphKind::Quote | ParagraphKind::ListItem)) {
                    self.finish_block();
                } else {
                    self.break_line();
                }
            }
            TagEnd::BlockQuote(_) | TagEnd::Item => self.finish_block(),
            TagEnd::Link => self.link_depth = self.link_depth.saturating_sub(1),
            TagEnd::Image => self.image_depth = self.image_depth.saturating_sub(1),
            TagEnd::Emphasis | TagEnd::Strong => {
                self.emphasis_depth = self.emphasis_depth.saturating_sub(1);
                if self.emphasis_depth == 0 {
                    let run = normalize_whitespace(&std::mem::take(&mut self.emphasis_run));
                    if !run.is_empty() {
                        self.line.emphasis.push(run);
                    }
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, text: &str) {
        // Image alt text describes a picture; it is not part of the reporting.
        if self.image_depth > 0 {
            return;
        }
        let text = strip_control(text);
        if self.link_depth > 0 {
            self.line.link_chars += text.chars().count();
        }
        if self.emphasis_depth > 0 {
            self.emphasis_run.push_str(&text);
        }
        self.line.text.push_str(&text);
    }

    fn break_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        if !line.text.trim().is_empty() || !line.urls.is_empty() {
            self.lines.push(line);
        }
    }

    /// Ends the block. Hard-wrapped prose is joined into one block; lines that are too long
    /// to be wrapping were separate paragraphs pasted without blank lines between them.
    fn finish_block(&mut self) {
        self.break_line();
        let lines = std::mem::take(&mut self.lines);
        let kind = self.kind.take();
        if lines.is_empty() {
            return;
        }
        let separate = lines.len() > 1
            && lines.iter().any(|line| line.text.trim().chars().count() > WRAPPED_LINE_MAX);
        if separate {
            for line in lines {
                self.blocks.push(block_of(kind, vec![line]));
            }
        } else {
            self.blocks.push(block_of(kind, lines));
        }
    }
}

fn block_of(kind: Option<ParagraphKind>, lines: Vec<Line>) -> Block {
    let mut block = Block { kind, ..Block::default() };
    let texts: Vec<&str> = lines.iter().map(|line| line.text.as_str()).collect();
    block.text = normalize_whitespace(&texts.join(" "));
    for line in lines {
        block.link_chars += line.link_chars;
        block.emphasis.extend(line.emphasis);
        block.urls.extend(line.urls);
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<&str> {
        blocks.iter().map(|b| b.text.as_str()).collect()
    }

    #[test]
    fn links_and_emphasis_become_text() {
        let blocks = split_blocks("By [Ana Lind](#)\n\nThe **port** is *closed*.", true);
        assert_eq!(texts(&blocks), ["By Ana Lind", "The port is closed."]);
        assert_eq!(blocks[1].emphasis, ["port", "closed"]);
        assert!(blocks[0].link_density() > 0.5);
    }

    #[test]
    fn autolinks_keep_their_address() {
        let blocks = split_blocks("<https://news.example/a>", false);
        assert_eq!(blocks[0].urls, ["https://news.example/a"]);
        assert_eq!(blocks[0].text, "https://news.example/a");
    }

    #[test]
    fn wrapped_prose_joins_and_long_lines_split() {
        let wrapped = "The council met on Monday\nand voted to close the port.";
        assert_eq!(
            texts(&split_blocks(wrapped, false)),
            ["The council met on Monday and voted to close the port."]
        );
        let long = "x".repeat(120);
        let pasted = format!("Related News:\n{long}");
        assert_eq!(split_blocks(&pasted, false).len(), 2);
    }

    #[test]
    fn html_is_text_in_plain_files_and_markup_in_markdown() {
        let input = "Officials said <b>nothing</b> new.";
        assert_eq!(split_blocks(input, false)[0].text, "Officials said <b>nothing</b> new.");
        assert_eq!(split_blocks(input, true)[0].text, "Officials said nothing new.");
    }

    #[test]
    fn plain_text_block_syntax_does_not_fire() {
        let text = "    Indented first paragraph.\n\n    Indented second one.\n\n1984. That was the last strike.\n\n#1 seed wins\n\nA line above a rule\n---\n";
        assert_eq!(
            texts(&split_blocks(text, false)),
            [
                "Indented first paragraph.",
                "Indented second one.",
                "1984. That was the last strike.",
                "#1 seed wins",
                "A line above a rule",
            ]
        );
        assert!(split_blocks(text, false).iter().all(|b| b.kind() == ParagraphKind::Text));
    }

    #[test]
    fn html_blocks_in_markdown_keep_their_text() {
        let blocks = split_blocks("<p>Ships will wait at anchor.</p>\n\nNext.", true);
        assert_eq!(blocks[0].text, "Ships will wait at anchor.");
    }

    #[test]
    fn images_leave_no_alt_text() {
        let blocks = split_blocks("![Crowd at the gate](#) Strikers gathered.", true);
        assert_eq!(texts(&blocks), ["Strikers gathered."]);
    }
}
