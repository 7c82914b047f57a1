//! A report as Markdown (CommonMark with GitHub's tables), its charts as
//! SVG files beside it.
//!
//! Every text from the data is escaped ([`escape`]) so that it reads as
//! literal text in any CommonMark renderer: markup characters get a
//! backslash, a line never starts with something that opens a block (a
//! list marker, a number and a dot, four spaces), and line breaks inside a
//! field become spaces. The table of contents links to the anchors GitHub
//! (and most previewers) derive from the heading text.

use super::{Block, Field, Report, Span, Table, Text};
use std::collections::HashMap;
use std::fmt::Write;

/// The Markdown text and the chart files it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markdown {
    /// The document.
    pub text: String,
    /// The charts, to be written beside the document under their names.
    pub figures: Vec<Figure>,
}

/// A chart file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The file name (`report-fig-1.svg`), linked relatively.
    pub name: String,
    /// The SVG document.
    pub svg: String,
}

/// The file name of chart `number` for a document whose file stem is `stem`.
pub fn figure_name(stem: &str, number: usize) -> String {
    format!("{stem}-fig-{number}.svg")
}

/// Escapes plain text for Markdown: it reads back as exactly this text
/// (whitespace at its ends trimmed, line breaks as spaces). Characters
/// that are markup anywhere get a backslash (backslash, backtick, `*`,
/// `_`, `[`, `]`, `<`, `>`, `#`, `|`, `~`, `&`, `$`); so do those that are
/// markup only where a line starts (a list marker, a setext underline, the
/// dot or parenthesis after a number). The rest stays as it is, so the
/// Markdown remains readable as text.
pub fn escape(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| match c {
            '\n' | '\r' | '\t' => ' ',
            c if c.is_control() => '\u{fffd}',
            c => c,
        })
        .collect();
    let flat = flat.trim();
    let mut out = String::with_capacity(flat.len() + 8);
    let chars: Vec<char> = flat.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    // `1.` or `1)` followed by a space or nothing opens an ordered list.
    let number = digits > 0
        && matches!(chars.get(digits), Some('.' | ')'))
        && chars.get(digits + 1).is_none_or(|c| *c == ' ');
    for (n, &c) in chars.iter().enumerate() {
        let always = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&' | '$'
        );
        let at_start = (n == 0 && matches!(c, '-' | '+' | '=')) || (n == digits && number);
        if always || at_start {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A link target made safe inside `<...>`: spaces, angle brackets,
/// backslashes and control characters percent-encoded.
fn destination(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for c in target.chars() {
        match c {
            ' ' | '<' | '>' | '\\' | '`' => {
                let _ = write!(out, "%{:02X}", c as u32);
            }
            c if c.is_control() => {}
            c if !c.is_ascii() => {
                let mut buf = [0u8; 4];
                for b in c.encode_utf8(&mut buf).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// A code span whose fence is longer than any run of backticks inside.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    format!("{fence} {} {fence}", text.replace(['\n', '\r'], " "))
}

/// Inline text.
fn spans(text: &Text) -> String {
    let mut out = String::new();
    for (n, span) in text.iter().enumerate() {
        out.push_str(&span_markdown(span, n == 0));
    }
    out
}

fn span_markdown(span: &Span, first: bool) -> String {
    let lead = if first {
        ""
    } else {
        &span.text[..span.text.len() - span.text.trim_start().len()]
    };
    let trail = &span.text[span.text.trim_end().len()..];
    let core = span.text.trim();
    if core.is_empty() {
        return if first { String::new() } else { " ".to_owned() };
    }
    let mut inner = if span.code {
        code_span(core)
    } else {
        escape(core)
    };
    if span.emphasis {
        inner = format!("*{inner}*");
    }
    if span.strong {
        inner = format!("**{inner}**");
    }
    if let Some(link) = span
        .link
        .as_deref()
        .filter(|l| super::written::safe_link(l))
    {
        inner = format!("[{inner}](<{}>)", destination(link));
    }
    let space = |s: &str| if s.is_empty() { "" } else { " " };
    format!("{}{inner}{}", space(lead), space(trail))
}

/// GitHub's heading anchors: lowercase; letters, digits, `-` and `_` kept,
/// spaces become `-`, the rest dropped; repeats get `-1`, `-2`, ...
struct Slugger(HashMap<String, usize>);

impl Slugger {
    fn slug(&mut self, text: &str) -> String {
        let base: String = text
            .chars()
            .flat_map(char::to_lowercase)
            .filter_map(|c| match c {
                ' ' => Some('-'),
                c if c.is_alphanumeric() || c == '-' || c == '_' => Some(c),
                _ => None,
            })
            .collect();
        let count = self.0.entry(base.clone()).or_insert(0);
        let slug = if *count == 0 {
            base.clone()
        } else {
            format!("{base}-{count}")
        };
        *count += 1;
        slug
    }
}

struct Writer {
    out: String,
    /// The marker of the list just written, if the last block was a list:
    /// a list right after it takes the other marker, so it stays a list
    /// of its own.
    list: Option<&'static str>,
}

impl Writer {
    fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn block(&mut self, text: &str) {
        self.line(text);
        self.out.push('\n');
        self.list = None;
    }

    /// The marker for a new bulleted list.
    fn bullet(&mut self) -> &'static str {
        let marker = if self.list == Some("-") { "*" } else { "-" };
        self.list = Some(marker);
        marker
    }

    fn fields(&mut self, fields: &[Field]) {
        for field in fields {
            let label = format!("**{}:**", escape(&field.label));
            match field.values.as_slice() {
                [one] => self.block(&format!("{label} {}", escape(one))),
                values => {
                    self.block(&label);
                    let marker = self.bullet();
                    for value in values {
                        self.line(&format!("{marker} {}", escape(value)));
                    }
                    self.out.push('\n');
                }
            }
        }
    }

    fn table(&mut self, table: &Table) {
        self.block(&format!("*{}*", escape(&table.caption)));
        let row = |cells: &[String], strong: bool| -> String {
            let mut line = String::from("|");
            for cell in cells {
                let text = escape(cell);
                if text.is_empty() {
                    line.push_str("  |");
                } else if strong {
                    let _ = write!(line, " **{text}** |");
                } else {
                    let _ = write!(line, " {text} |");
                }
            }
            line
        };
        self.line(&row(&table.header, false));
        let mut rule = String::from("|");
        for column in 0..table.header.len() {
            let numeric = table.numeric.get(column).copied().unwrap_or(false);
            rule.push_str(if numeric { " ---: |" } else { " --- |" });
        }
        self.line(&rule);
        for cells in &table.rows {
            self.line(&row(cells, false));
        }
        if let Some(footer) = &table.footer {
            self.line(&row(footer, true));
        }
        self.out.push('\n');
    }
}

/// Renders a report. `stem` names the chart files (`{stem}-fig-1.svg`),
/// which the document links relatively: write them beside it.
pub fn render(report: &Report, stem: &str) -> Markdown {
    let mut w = Writer {
        out: String::new(),
        list: None,
    };
    let mut slugger = Slugger(HashMap::new());
    let mut figures = Vec::new();

    if let Some(label) = &report.label {
        w.block(&format!("*{}*", escape(label)));
    }
    w.block(&format!("# {}", escape(&report.title)));
    slugger.slug(&report.title);
    for field in &report.meta {
        w.block(&format!(
            "**{}:** {}",
            escape(&field.label),
            escape(&field.values.join(", "))
        ));
    }

    // The anchors, in the order the headings come, as GitHub makes them.
    let mut anchors: HashMap<&str, String> = HashMap::new();
    if let Some(toc) = &report.toc {
        slugger.slug(&toc.title);
    }
    for heading in report.headings() {
        anchors.insert(heading.id.as_str(), slugger.slug(&heading.text));
    }

    if let Some(toc) = &report.toc {
        w.block(&format!("## {}", escape(&toc.title)));
        let marker = w.bullet();
        for entry in &toc.entries {
            let indent = if entry.level > 1 { "  " } else { "" };
            let anchor = anchors.get(entry.id.as_str()).cloned().unwrap_or_default();
            w.line(&format!(
                "{indent}{marker} [{}](#{})",
                escape(&entry.text),
                destination(&anchor)
            ));
        }
        w.out.push('\n');
    }

    for block in &report.blocks {
        match block {
            Block::Heading(h) => {
                let hashes = "#".repeat(usize::from(h.level.clamp(1, 5)) + 1);
                w.block(&format!("{hashes} {}", escape(&h.text)));
            }
            Block::Paragraph(text) => w.block(&spans(text)),
            Block::Placeholder(text) => w.block(&format!("> *{}*", escape(text))),
            Block::List(list) => {
                let marker = w.bullet();
                for (n, item) in list.items.iter().enumerate() {
                    if list.ordered {
                        w.line(&format!("{}. {}", n + 1, spans(item)));
                    } else {
                        w.line(&format!("{marker} {}", spans(item)));
                    }
                }
                w.out.push('\n');
            }
            Block::Fields(fields) => w.fields(fields),
            Block::Table(table) => w.table(table),
            Block::Chart(chart) => {
                let name = figure_name(stem, chart.number);
                w.block(&format!(
                    "![{}](<{}>)",
                    escape(&chart.alt),
                    destination(&name)
                ));
                w.block(&format!(
                    "*{} {}. {}*",
                    report.figure_word(),
                    chart.number,
                    escape(&chart.caption)
                ));
                figures.push(Figure {
                    name,
                    svg: chart.svg.clone(),
                });
            }
            Block::Code(code) => {
                let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
                let fence = "`".repeat(longest.max(2) + 1);
                w.line(&fence);
                w.line(code);
                w.block(&fence);
            }
        }
    }
    let text = w.out.trim_end().to_owned() + "\n";
    Markdown { text, figures }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_that_would_open_a_block_are_escaped() {
        assert_eq!(escape("- geen lijst"), "\\- geen lijst");
        assert_eq!(escape("2024. Een jaar"), "2024\\. Een jaar");
        assert_eq!(escape("    code?"), "code?");
        assert_eq!(escape("=== x"), "\\=== x");
        assert_eq!(escape("#kop"), "\\#kop");
        assert_eq!(escape("a\nb"), "a b");
        assert_eq!(escape("10 euro."), "10 euro.");
        assert_eq!(escape("1) eerst"), "1\\) eerst");
        assert_eq!(escape("+ plus"), "\\+ plus");
        assert_eq!(escape("(fictief) a-b 1.0"), "(fictief) a-b 1.0");
        assert_eq!(escape("1.0"), "1.0");
        assert_eq!(escape("7."), "7\\.");
        assert_eq!(
            escape("a & b <c> *d* [e](f)"),
            "a \\& b \\<c\\> \\*d\\* \\[e\\](f)"
        );
    }

    #[test]
    fn github_anchors() {
        let mut s = Slugger(HashMap::new());
        assert_eq!(
            s.slug("Zorgpioniers Voorbeeldregio (ZPV)"),
            "zorgpioniers-voorbeeldregio-zpv"
        );
        assert_eq!(s.slug("Schoonmaak & Facilitair"), "schoonmaak--facilitair");
        assert_eq!(s.slug("Werkplekleren"), "werkplekleren");
        assert_eq!(s.slug("Werkplekleren"), "werkplekleren-1");
        assert_eq!(s.slug("Één"), "één");
    }

    #[test]
    fn code_spans_and_links() {
        assert_eq!(code_span("a`b"), "`` a`b ``");
        assert_eq!(
            destination("https://x.nl/a b<c>"),
            "https://x.nl/a%20b%3Cc%3E"
        );
        let span = Span {
            text: " zie site ".to_owned(),
            link: Some("https://example.org".to_owned()),
            ..Span::default()
        };
        assert_eq!(
            span_markdown(&span, false),
            " [zie site](<https://example.org>) "
        );
        let bad = Span {
            text: "x".to_owned(),
            link: Some("javascript:alert(1)".to_owned()),
            ..Span::default()
        };
        assert_eq!(span_markdown(&bad, true), "x");
    }
}
