//! A report as one standalone HTML file: inline CSS, inline SVG charts,
//! no script and nothing loaded from elsewhere (a Content-Security-Policy
//! says so to the browser too). It prints on A4: the title page and the
//! contents on their own pages, a page break before each chapter and each
//! portrait, headings kept with what follows, page numbers where the
//! browser supports page-margin boxes.
//!
//! Every text from the data is HTML-escaped; the SVG of a chart comes
//! from [`crate::charts`], which escapes what it is given.

use super::{Block, Field, Report, ReportKind, Span, Table, Text};
use std::fmt::Write;

/// The style sheet: screen and print.
const CSS: &str = r#"
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1a1a1a; background: #ffffff; line-height: 1.5; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1, h2, h3, h4, h5, h6 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { font-size: 2.1rem; margin-top: 0; }
h2 { font-size: 1.6rem; border-bottom: 1px solid #d9d9d9; padding-bottom: 0.2em; }
h3 { font-size: 1.3rem; }
h4 { font-size: 1.1rem; }
h5, h6 { font-size: 1rem; }
a { color: #1f5fa8; }
.title-page { margin-bottom: 2rem; }
.title-page .label { text-transform: uppercase; letter-spacing: 0.08em; color: #595959; margin: 0 0 0.3rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
nav.toc ol { list-style: none; padding-left: 0; }
nav.toc ol ol { padding-left: 1.5rem; }
nav.toc li { margin: 0.15rem 0; }
dl.fields { margin: 0.8rem 0; }
dl.fields dt { font-weight: bold; margin-top: 0.4rem; }
dl.fields dd { margin: 0 0 0 1.5rem; }
dl.fields dd ul { margin: 0; padding-left: 1.2rem; }
.placeholder { border-left: 4px solid #b34700; background: #fff4e5; padding: 0.5rem 1rem; font-style: italic; }
figure { margin: 1.5rem 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: #595959; font-size: 0.9rem; margin-top: 0.4rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.92rem; }
caption { text-align: left; color: #595959; font-size: 0.9rem; padding-bottom: 0.4rem; caption-side: top; }
th, td { border: 1px solid #bfbfbf; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
thead th, tfoot th, tfoot td { background: #f2f2f2; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 0.6rem 0.8rem; overflow-x: auto; white-space: pre-wrap; }
@page { size: A4; margin: 20mm 18mm 22mm 18mm;
  @bottom-center { content: counter(page); font-size: 9pt; color: #595959; } }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10.5pt; }
  .network .title-page { break-after: page; padding-top: 30vh; }
  nav.toc { break-after: page; }
  .page-break { break-before: page; }
  h1, h2, h3, h4, h5, h6 { break-after: avoid; }
  figure, tr, dl.fields, .placeholder { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
}
"#;

/// Escapes text for HTML content and attribute values. Characters HTML
/// does not allow become U+FFFD.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            '\r' => out.push('\n'),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

fn spans(text: &Text) -> String {
    let mut out = String::new();
    for span in text {
        out.push_str(&span_html(span));
    }
    out
}

fn span_html(span: &Span) -> String {
    let mut inner = escape(&span.text);
    if span.code {
        inner = format!("<code>{inner}</code>");
    }
    if span.emphasis {
        inner = format!("<em>{inner}</em>");
    }
    if span.strong {
        inner = format!("<strong>{inner}</strong>");
    }
    if let Some(link) = span
        .link
        .as_deref()
        .filter(|l| super::written::safe_link(l))
    {
        inner = format!("<a href=\"{}\">{inner}</a>", escape(link.trim()));
    }
    inner
}

fn heading_tag(level: u8) -> u8 {
    level.clamp(1, 5) + 1
}

fn fields(out: &mut String, fields: &[Field]) {
    out.push_str("<dl class=\"fields\">\n");
    for field in fields {
        let _ = write!(out, "<dt>{}</dt>", escape(&field.label));
        match field.values.as_slice() {
            [one] => {
                let _ = writeln!(out, "<dd>{}</dd>", escape(one));
            }
            values => {
                out.push_str("<dd><ul>");
                for value in values {
                    let _ = write!(out, "<li>{}</li>", escape(value));
                }
                out.push_str("</ul></dd>\n");
            }
        }
    }
    out.push_str("</dl>\n");
}

fn table(out: &mut String, table: &Table) {
    let numeric = |column: usize| table.numeric.get(column).copied().unwrap_or(false);
    let cell = |out: &mut String, tag: &str, scope: Option<&str>, column: usize, text: &str| {
        let class = if numeric(column) {
            " class=\"num\""
        } else {
            ""
        };
        let scope = scope.map(|s| format!(" scope=\"{s}\"")).unwrap_or_default();
        let _ = write!(out, "<{tag}{scope}{class}>{}</{tag}>", escape(text));
    };
    let _ = writeln!(
        out,
        "<table>\n<caption>{}</caption>",
        escape(&table.caption)
    );
    out.push_str("<thead><tr>");
    for (column, text) in table.header.iter().enumerate() {
        if text.is_empty() {
            out.push_str("<td></td>");
        } else {
            cell(out, "th", Some("col"), column, text);
        }
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let row = |out: &mut String, cells: &[String]| {
        out.push_str("<tr>");
        for (column, text) in cells.iter().enumerate() {
            if column == 0 && table.row_headers {
                cell(out, "th", Some("row"), column, text);
            } else {
                cell(out, "td", None, column, text);
            }
        }
        out.push_str("</tr>\n");
    };
    for cells in &table.rows {
        row(out, cells);
    }
    out.push_str("</tbody>\n");
    if let Some(footer) = &table.footer {
        out.push_str("<tfoot>\n");
        row(out, footer);
        out.push_str("</tfoot>\n");
    }
    out.push_str("</table>\n");
}

/// Renders a report as one HTML document.
pub fn render(report: &Report) -> String {
    let lang = report.lang.pick("nl", "en");
    let kind = match report.kind {
        ReportKind::Network => "network",
        ReportKind::Portrait => "portrait",
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"generator\" content=\"uti\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body class=\"{kind}\">\n",
        escape(&report.title)
    );

    out.push_str("<header class=\"title-page\">\n");
    if let Some(label) = &report.label {
        let _ = writeln!(out, "<p class=\"label\">{}</p>", escape(label));
    }
    let _ = writeln!(out, "<h1>{}</h1>", escape(&report.title));
    if !report.meta.is_empty() {
        out.push_str("<dl class=\"meta\">\n");
        for field in &report.meta {
            let _ = writeln!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                escape(&field.label),
                escape(&field.values.join(", "))
            );
        }
        out.push_str("</dl>\n");
    }
    out.push_str("</header>\n");

    if let Some(toc) = &report.toc {
        let _ = writeln!(
            out,
            "<nav class=\"toc\" aria-label=\"{0}\">\n<h2>{0}</h2>\n<ol>",
            escape(&toc.title)
        );
        // An open chapter item, and whether it has an open sub-list.
        let (mut open, mut sub) = (false, false);
        for entry in &toc.entries {
            let link = format!(
                "<a href=\"#{}\">{}</a>",
                escape(&entry.id),
                escape(&entry.text)
            );
            if entry.level > 1 && open {
                if !sub {
                    out.push_str("\n<ol>\n");
                    sub = true;
                }
                let _ = writeln!(out, "<li>{link}</li>");
            } else {
                if sub {
                    out.push_str("</ol>\n");
                    sub = false;
                }
                if open {
                    out.push_str("</li>\n");
                }
                let _ = write!(out, "<li>{link}");
                open = true;
            }
        }
        if sub {
            out.push_str("</ol>\n");
        }
        if open {
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n</nav>\n");
    }

    out.push_str("<main>\n");
    out.push_str(&blocks_html(report, &report.blocks));
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

/// Renders some of a report's blocks (a section of a portrait, say) as
/// HTML without the document around them, exactly as [`render`] does.
pub fn blocks_html(report: &Report, blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Heading(h) => {
                let tag = heading_tag(h.level);
                let class = if h.page_break {
                    " class=\"page-break\""
                } else {
                    ""
                };
                let _ = writeln!(
                    out,
                    "<h{tag} id=\"{}\"{class}>{}</h{tag}>",
                    escape(&h.id),
                    escape(&h.text)
                );
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", spans(text));
            }
            Block::Placeholder(text) => {
                let _ = writeln!(out, "<p class=\"placeholder\">{}</p>", escape(text));
            }
            Block::List(list) => {
                let tag = if list.ordered { "ol" } else { "ul" };
                let _ = writeln!(out, "<{tag}>");
                for item in &list.items {
                    let _ = writeln!(out, "<li>{}</li>", spans(item));
                }
                let _ = writeln!(out, "</{tag}>");
            }
            Block::Fields(f) => fields(&mut out, f),
            Block::Table(t) => table(&mut out, t),
            Block::Chart(chart) => {
                let _ = writeln!(
                    out,
                    "<figure class=\"chart\" id=\"{}\">\n{}<figcaption>{} {}. {}</figcaption>\n</figure>",
                    escape(&chart.id),
                    chart.svg,
                    report.figure_word(),
                    chart.number,
                    escape(&chart.caption)
                );
            }
            Block::Code(code) => {
                let _ = writeln!(out, "<pre><code>{}</code></pre>", escape(code));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everything_is_escaped() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>\u{1}"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;\u{fffd}"
        );
        let span = Span {
            text: "<b>".to_owned(),
            strong: true,
            link: Some("javascript:alert(1)".to_owned()),
            ..Span::default()
        };
        assert_eq!(span_html(&span), "<strong>&lt;b&gt;</strong>");
    }
}
