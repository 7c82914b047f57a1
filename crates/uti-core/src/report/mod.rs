//! Portraits and reports as a document model, independent of any format.
//!
//! [`network_report`] and [`portrait`] turn a dataset (and its analysis)
//! into a [`Report`]: title-page data, a table of contents and a flat list
//! of [`Block`]s (headings with levels, paragraphs, lists, label/value
//! fields, tables, charts). Every figure in it is computed from the data;
//! the sentences across initiatives are those of [`crate::prose`], which
//! say "alle" only when there is no exception.
//!
//! Text in the model is plain text: a renderer escapes it for its format
//! ([`markdown`], [`html`]; later DOCX and PDF), so nothing in a field can
//! turn into markup. The only styled text comes from what researchers
//! write themselves (the introduction and the perspective, in Markdown):
//! [`written`] parses it with `pulldown-cmark` into the same blocks, with
//! bold, italic, code and http(s)/mailto links as [`Span`] styles; raw HTML
//! in it stays literal text.

mod content;
pub mod html;
pub mod markdown;
pub mod written;

pub use content::{Options, network_report, portrait};

use crate::lang::Lang;
use crate::values::IsoDate;

/// A whole document: a report of the network or one initiative's portrait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The language it is written in.
    pub lang: Lang,
    /// A report of the network (title page and contents on their own
    /// pages) or a single portrait.
    pub kind: ReportKind,
    /// The title (the initiative's name, for a portrait).
    pub title: String,
    /// A line above the title that says what the document is (`Portret`).
    pub label: Option<String>,
    /// The learning network, when the dataset names it.
    pub network: Option<String>,
    /// The date it was made.
    pub date: IsoDate,
    /// The version label, when one was given.
    pub version: Option<String>,
    /// Title-page lines (network, date, version) with their labels.
    pub meta: Vec<Field>,
    /// The table of contents (empty for a portrait): its heading and the
    /// headings of levels 1 and 2, in order.
    pub toc: Option<Toc>,
    /// The body.
    pub blocks: Vec<Block>,
}

/// A report of the whole network, or the portrait of one initiative.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportKind {
    /// The report of the network.
    Network,
    /// One initiative's portrait.
    Portrait,
}

/// The table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Toc {
    /// Its heading (`Inhoud`).
    pub title: String,
    /// The headings it lists.
    pub entries: Vec<TocEntry>,
}

/// One line of the table of contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// 1 (a chapter) or 2.
    pub level: u8,
    /// The heading's anchor.
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading; level 1 is a chapter, deeper levels are below it. The
    /// document title sits above level 1.
    Heading(Heading),
    /// A paragraph.
    Paragraph(Text),
    /// Text the researchers still have to write: shown marked as such,
    /// never passed off as content.
    Placeholder(String),
    /// A bulleted or numbered list.
    List(List),
    /// Labels with their values (`Doelgroep: ...`), a definition list.
    Fields(Vec<Field>),
    /// A table.
    Table(Table),
    /// A chart.
    Chart(Chart),
    /// Preformatted text (only from researchers' Markdown).
    Code(String),
}

/// A heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 (chapter) to 6.
    pub level: u8,
    /// Its anchor: `[a-z0-9-]`, unique in the report.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Whether a printed document starts a new page here.
    pub page_break: bool,
}

/// Inline text: a run of spans.
pub type Text = Vec<Span>;

/// A piece of inline text with one style.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Span {
    /// The text, plain.
    pub text: String,
    /// Bold.
    pub strong: bool,
    /// Italic.
    pub emphasis: bool,
    /// Code (monospace).
    pub code: bool,
    /// A link target: only `http:`, `https:` or `mailto:` ever gets here.
    pub link: Option<String>,
}

impl Span {
    /// Plain text.
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            ..Span::default()
        }
    }
}

/// A paragraph of one plain span.
pub fn plain(text: impl Into<String>) -> Block {
    Block::Paragraph(vec![Span::plain(text)])
}

/// A list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// Numbered rather than bulleted.
    pub ordered: bool,
    /// The items.
    pub items: Vec<Text>,
}

/// A label with one or more values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The label, without a colon.
    pub label: String,
    /// One value is shown inline; more are shown as a list.
    pub values: Vec<String>,
}

impl Field {
    /// A label with one value.
    pub fn one(label: impl Into<String>, value: impl Into<String>) -> Field {
        Field {
            label: label.into(),
            values: vec![value.into()],
        }
    }
}

/// A table of plain-text cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// What it shows.
    pub caption: String,
    /// The header row.
    pub header: Vec<String>,
    /// The body rows, each as long as the header.
    pub rows: Vec<Vec<String>>,
    /// A closing row (totals), as long as the header.
    pub footer: Option<Vec<String>>,
    /// Whether the first cell of each row is that row's header.
    pub row_headers: bool,
    /// Per column: figures, aligned right.
    pub numeric: Vec<bool>,
}

/// A chart: a complete SVG document from [`crate::charts`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chart {
    /// Its number in the report, from 1.
    pub number: usize,
    /// Its anchor, unique in the report; also the prefix of the ids in the SVG.
    pub id: String,
    /// The caption.
    pub caption: String,
    /// A text alternative that carries every figure of the chart.
    pub alt: String,
    /// The SVG document (`<svg ...>...</svg>`), safe as it is.
    pub svg: String,
}

impl Report {
    /// Every chart, in order.
    pub fn charts(&self) -> impl Iterator<Item = &Chart> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        })
    }

    /// Every heading, in order.
    pub fn headings(&self) -> impl Iterator<Item = &Heading> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
    }

    /// The word for a figure (`Figuur`), for captions.
    pub fn figure_word(&self) -> &'static str {
        self.lang.pick("Figuur", "Figure")
    }
}
