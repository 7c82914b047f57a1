//! Text the researchers write themselves (the introduction, the
//! perspective), in Markdown, read into report blocks with `pulldown-cmark`
//! (CommonMark, no extensions).
//!
//! Kept: headings (their level as written; the report places them below
//! the chapter), paragraphs, bulleted and numbered lists (nested lists are
//! flattened into their outer list), code blocks, and inline bold, italic,
//! code and links. A link keeps its target only when it is `http:`,
//! `https:` or `mailto:`; images become their alternative text, so a report
//! never loads anything from elsewhere. Raw HTML is not interpreted: it
//! stays literal text, which every renderer escapes. Block quotes and rules
//! are reduced to their contents.

use super::{Block, Heading, List, Span, Text};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Whether a link target may be kept.
pub fn safe_link(target: &str) -> bool {
    let lower = target.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
        && !target.chars().any(char::is_control)
}

#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    /// The inline text being gathered.
    text: Text,
    strong: usize,
    emphasis: usize,
    links: Vec<Option<String>>,
    /// Inside an image: its text is the alternative text.
    image: usize,
    heading: Option<u8>,
    list: Option<List>,
    depth: usize,
    code: Option<String>,
    html: Option<String>,
}

impl Reader {
    fn span(&mut self, text: &str, code: bool) {
        let span = Span {
            text: text.to_owned(),
            strong: self.strong > 0,
            emphasis: self.emphasis > 0,
            code,
            link: if self.image > 0 {
                None
            } else {
                self.links.last().cloned().flatten()
            },
        };
        match self.text.last_mut() {
            Some(last)
                if last.strong == span.strong
                    && last.emphasis == span.emphasis
                    && last.code == span.code
                    && last.link == span.link =>
            {
                last.text.push_str(&span.text);
            }
            _ => self.text.push(span),
        }
    }

    /// Ends the text being gathered: trimmed, empty spans dropped.
    fn take(&mut self) -> Text {
        let mut text = std::mem::take(&mut self.text);
        if let Some(first) = text.first_mut() {
            first.text = first.text.trim_start().to_owned();
        }
        if let Some(last) = text.last_mut() {
            last.text = last.text.trim_end().to_owned();
        }
        text.retain(|s| !s.text.is_empty());
        text
    }

    /// Ends a list item: its text becomes an item of the outer list.
    fn end_item(&mut self) {
        let item = self.take();
        if !item.is_empty()
            && let Some(list) = &mut self.list
        {
            list.items.push(item);
        }
    }

    fn start(&mut self, tag: Tag) {
        match tag {
            Tag::Paragraph if self.depth > 0 && !self.text.is_empty() => self.span(" ", false),
            Tag::Heading { level, .. } => {
                self.heading = Some(match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    HeadingLevel::H4 => 4,
                    HeadingLevel::H5 => 5,
                    HeadingLevel::H6 => 6,
                });
            }
            Tag::CodeBlock(_) => self.code = Some(String::new()),
            Tag::HtmlBlock => self.html = Some(String::new()),
            Tag::List(start) => {
                if self.depth == 0 {
                    self.list = Some(List {
                        ordered: start.is_some(),
                        items: Vec::new(),
                    });
                }
                self.depth += 1;
            }
            Tag::Item => self.end_item(),
            Tag::Emphasis => self.emphasis += 1,
            Tag::Strong => self.strong += 1,
            Tag::Link { dest_url, .. } => {
                let target = dest_url.to_string();
                self.links
                    .push(safe_link(&target).then(|| target.trim().to_owned()));
            }
            Tag::Image { .. } => self.image += 1,
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Paragraph if self.depth == 0 => {
                let text = self.take();
                if !text.is_empty() {
                    self.blocks.push(Block::Paragraph(text));
                }
            }
            TagEnd::Heading(_) => {
                let text: String = self.take().into_iter().map(|s| s.text).collect();
                let level = self.heading.take().unwrap_or(1);
                if !text.is_empty() {
                    self.blocks.push(Block::Heading(Heading {
                        level,
                        id: String::new(),
                        text,
                        page_break: false,
                    }));
                }
            }
            TagEnd::CodeBlock => {
                let code = self.code.take().unwrap_or_default();
                let code = code.trim_end_matches('\n').to_owned();
                if self.depth > 0 {
                    self.span(&code, true);
                } else if !code.is_empty() {
                    self.blocks.push(Block::Code(code));
                }
            }
            TagEnd::HtmlBlock => {
                let html = self.html.take().unwrap_or_default();
                if self.depth > 0 {
                    self.span(&html, false);
                } else if !html.trim().is_empty() {
                    self.blocks
                        .push(Block::Paragraph(vec![Span::plain(html.trim().to_owned())]));
                }
            }
            TagEnd::List(_) => {
                self.depth = self.depth.saturating_sub(1);
                if self.depth == 0 {
                    self.end_item();
                    if let Some(list) = self.list.take().filter(|l| !l.items.is_empty()) {
                        self.blocks.push(Block::List(list));
                    }
                }
            }
            TagEnd::Item => self.end_item(),
            TagEnd::Emphasis => self.emphasis = self.emphasis.saturating_sub(1),
            TagEnd::Strong => self.strong = self.strong.saturating_sub(1),
            TagEnd::Link => {
                self.links.pop();
            }
            TagEnd::Image => self.image = self.image.saturating_sub(1),
            _ => {}
        }
    }

    fn event(&mut self, event: Event) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(text) => {
                if let Some(code) = &mut self.code {
                    code.push_str(&text);
                } else {
                    self.span(&text, false);
                }
            }
            Event::Code(text) => self.span(&text, true),
            Event::Html(text) => match &mut self.html {
                Some(html) => html.push_str(&text),
                None => self.span(&text, false),
            },
            Event::InlineHtml(text) => self.span(&text, false),
            Event::SoftBreak | Event::HardBreak => self.span(" ", false),
            Event::FootnoteReference(text) => self.span(&format!("[^{text}]"), false),
            Event::TaskListMarker(done) => self.span(if done { "[x] " } else { "[ ] " }, false),
            Event::InlineMath(text) | Event::DisplayMath(text) => self.span(&text, true),
            Event::Rule => {}
        }
    }
}

/// Reads researchers' Markdown into blocks. Headings keep the level they
/// were written at (1 for `#`) and have no anchor yet.
pub fn parse(markdown: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    for event in Parser::new_ext(markdown, Options::empty()) {
        reader.event(event);
    }
    // Whatever is left (a document cut short cannot leave much).
    let rest = reader.take();
    if !rest.is_empty() {
        reader.blocks.push(Block::Paragraph(rest));
    }
    reader.blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(blocks: &[Block]) -> Vec<String> {
        blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph(t) => t.iter().map(|s| s.text.as_str()).collect(),
                Block::Heading(h) => format!("#{} {}", h.level, h.text),
                Block::List(l) => l
                    .items
                    .iter()
                    .map(|i| i.iter().map(|s| s.text.as_str()).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" | "),
                Block::Code(c) => format!("code {c}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn headings_paragraphs_and_lists() {
        let blocks = parse(
            "# Achtergrond\n\nEen *eerste* alinea\nover twee regels.\n\n## Doel\n\n- een\n- twee\n  - genest\n\n1. a\n2. b\n",
        );
        assert_eq!(
            texts(&blocks),
            [
                "#1 Achtergrond",
                "Een eerste alinea over twee regels.",
                "#2 Doel",
                "een | twee | genest",
                "a | b",
            ]
        );
        let Block::List(numbered) = &blocks[4] else {
            panic!()
        };
        assert!(numbered.ordered);
        let Block::Paragraph(spans) = &blocks[1] else {
            panic!()
        };
        assert!(spans[1].emphasis && spans[1].text == "eerste");
    }

    #[test]
    fn raw_html_stays_text_and_unsafe_links_lose_their_target() {
        let blocks = parse(
            "<script>alert(1)</script>\n\nZie [hier](javascript:alert(1)) en [site](https://example.org) en ![x](http://elders/beeld.png) <b>vet</b>.",
        );
        let all = texts(&blocks).join("\n");
        assert!(all.contains("<script>alert(1)</script>"), "{all}");
        assert!(all.contains("<b>vet</b>"), "{all}");
        let Block::Paragraph(spans) = &blocks[1] else {
            panic!()
        };
        let links: Vec<&str> = spans.iter().filter_map(|s| s.link.as_deref()).collect();
        assert_eq!(links, ["https://example.org"]);
        assert!(
            spans
                .iter()
                .any(|s| s.text.contains("hier") && s.link.is_none())
        );
        assert!(safe_link("MAILTO:a@b.nl"));
        assert!(!safe_link("javascript:x") && !safe_link("data:text/html,x"));
    }

    #[test]
    fn loose_list_items_and_code() {
        let blocks = parse("- een\n\n  nog meer\n\n- twee\n\n```\nlet x = 1;\n```\n");
        assert_eq!(texts(&blocks), ["een nog meer | twee", "code let x = 1;"]);
    }
}
