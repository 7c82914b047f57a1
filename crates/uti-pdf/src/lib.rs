//! A report as PDF, typeset by typst used as a library.
//!
//! The typst source is a fixed template ([`TEMPLATE`]); the report itself
//! reaches it only as data: [`render`] writes the model as JSON into a
//! virtual file that the template reads with `json()`, so no text from
//! the dataset is ever parsed as typst markup. Charts are the model's SVG
//! documents, placed with `image(bytes(..), format: "svg")` and so kept as
//! vectors.
//!
//! The [`World`] is minimal: the template as the one source, the JSON as
//! the one file, the fonts of `typst-assets` (built into the binary) and
//! the report's date as today. Nothing is read from the system and no
//! package is fetched.
//!
//! The layout: A4, a title page and a table of contents for the report of
//! the network, numbered chapters and sections, a page break before each
//! chapter and portrait, tables with header rows that repeat across pages,
//! page numbers in the footer, PDF bookmarks from the headings, the text
//! language (hyphenation, quotes) from the report's language.

use serde_json::{Value, json};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use uti_core::report::{Block, Field, Report, ReportKind, Span, Table, written};

/// The typst template: reads the report from `/report.json`.
pub const TEMPLATE: &str = include_str!("report.typ");

/// Where the template finds the report.
const DATA_PATH: &str = "/report.json";
/// The template's own path.
const MAIN_PATH: &str = "/main.typ";

/// Typesetting failed: typst's messages (a bug in the template, never in
/// the data).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError(pub String);

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PDF: {}", self.0)
    }
}

impl std::error::Error for PdfError {}

/// Renders a report as a PDF document.
pub fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    let data = serde_json::to_vec(&report_json(report)).map_err(|e| PdfError(e.to_string()))?;
    let date = report.date.date();
    let world = ReportWorld {
        assets: assets(),
        main: Source::new(file_id(MAIN_PATH), TEMPLATE.to_owned()),
        data_id: file_id(DATA_PATH),
        data: Bytes::new(data),
        today: Datetime::from_ymd(date.year(), u8::from(date.month()), date.day()),
    };
    let document = typst::compile(&world).output.map_err(|d| messages(&d))?;
    let options = typst_pdf::PdfOptions::default();
    let pdf = typst_pdf::pdf(&document, &options).map_err(|d| messages(&d));
    // typst memoizes across compilations; keep a long-running server's
    // memory bounded (what typst's own watch mode does).
    typst::comemo::evict(10);
    pdf.map(without_suspects_false)
}

/// typst-pdf writes `/MarkInfo << /Marked true /Suspects false >>`, which
/// is valid PDF (`Suspects` is an optional boolean, false by default;
/// `qpdf --check` finds nothing), but poppler up to at least 22.12 (Debian
/// 12's `pdfinfo`, `pdftotext`, evince) prints "Syntax Error: Suspects
/// object is wrong type (boolean)" for a false one. The entry says nothing
/// the default does not, so it is blanked out with spaces of the same
/// length: every byte offset in the cross-reference table stays right.
fn without_suspects_false(mut pdf: Vec<u8>) -> Vec<u8> {
    const ENTRY: &[u8] = b"/Suspects false";
    let found: Vec<usize> = pdf
        .windows(ENTRY.len())
        .enumerate()
        .filter(|(_, w)| *w == ENTRY)
        .map(|(at, _)| at)
        .collect();
    // Only the one entry of the catalogue, never text that happens to match.
    if let [at] = found.as_slice() {
        let next = pdf.get(at + ENTRY.len()).copied();
        if next.is_some_and(|b| b.is_ascii_whitespace() || b == b'/' || b == b'>') {
            pdf[*at..at + ENTRY.len()].fill(b' ');
        }
    }
    pdf
}

fn messages(diagnostics: &[SourceDiagnostic]) -> PdfError {
    PdfError(
        diagnostics
            .iter()
            .map(|d| d.message.to_string())
            .collect::<Vec<_>>()
            .join("; "),
    )
}

fn file_id(path: &str) -> FileId {
    FileId::new(typst::syntax::RootedPath::new(
        VirtualRoot::Project,
        VirtualPath::new(path).expect("a valid virtual path"),
    ))
}

/// What every rendering shares: the standard library and the fonts.
struct Assets {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

fn assets() -> &'static Assets {
    static ASSETS: OnceLock<Assets> = OnceLock::new();
    ASSETS.get_or_init(|| {
        let fonts: Vec<Font> = typst_assets::fonts()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        Assets {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    })
}

/// The one-document world typst compiles in.
struct ReportWorld {
    assets: &'static Assets,
    main: Source,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.assets.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.assets.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(not_found(id))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.assets.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}

/// The report as the data the template reads.
fn report_json(report: &Report) -> Value {
    let date = report.date.date();
    json!({
        "lang": report.lang.pick("nl", "en"),
        "kind": match report.kind {
            ReportKind::Network => "network",
            ReportKind::Portrait => "portrait",
        },
        "title": report.title,
        "label": report.label,
        "date": { "year": date.year(), "month": u8::from(date.month()), "day": date.day() },
        "meta": report.meta.iter().map(field_json).collect::<Vec<_>>(),
        "toc": report.toc.as_ref().map(|toc| json!({ "title": toc.title })),
        "blocks": report.blocks.iter().map(|b| block_json(report, b)).collect::<Vec<_>>(),
    })
}

fn field_json(field: &Field) -> Value {
    json!({ "label": field.label, "values": field.values })
}

fn spans_json(text: &[Span]) -> Value {
    Value::Array(
        text.iter()
            .map(|span| {
                json!({
                    "text": span.text,
                    "strong": span.strong,
                    "emphasis": span.emphasis,
                    "code": span.code,
                    "link": span.link.as_deref().filter(|l| written::safe_link(l)).map(str::trim),
                })
            })
            .collect(),
    )
}

fn table_json(table: &Table) -> Value {
    let columns = table.header.len();
    let numeric: Vec<bool> = (0..columns)
        .map(|c| table.numeric.get(c).copied().unwrap_or(false))
        .collect();
    // Every row exactly as long as the header, so no cell shifts.
    let fit = |row: &Vec<String>| -> Vec<String> {
        let mut row = row.clone();
        row.resize(columns, String::new());
        row
    };
    json!({
        "type": "table",
        "caption": table.caption,
        "header": table.header,
        "rows": table.rows.iter().map(fit).collect::<Vec<_>>(),
        "footer": table.footer.as_ref().map(fit),
        "row_headers": table.row_headers,
        "numeric": numeric,
    })
}

fn block_json(report: &Report, block: &Block) -> Value {
    match block {
        Block::Heading(h) => json!({
            "type": "heading",
            "level": h.level.clamp(1, 6),
            "text": h.text,
            "page_break": h.page_break,
        }),
        Block::Paragraph(text) => json!({ "type": "paragraph", "spans": spans_json(text) }),
        Block::Placeholder(text) => json!({ "type": "placeholder", "text": text }),
        Block::List(list) => json!({
            "type": "list",
            "ordered": list.ordered,
            "items": list.items.iter().map(|i| spans_json(i)).collect::<Vec<_>>(),
        }),
        Block::Fields(fields) => json!({
            "type": "fields",
            "fields": fields.iter().map(field_json).collect::<Vec<_>>(),
        }),
        Block::Table(table) if !table.header.is_empty() => table_json(table),
        Block::Table(_) => Value::Null,
        Block::Chart(chart) => json!({
            "type": "chart",
            "caption": format!("{} {}. {}", report.figure_word(), chart.number, chart.caption),
            "alt": chart.alt,
            "svg": chart.svg,
        }),
        Block::Code(code) => json!({ "type": "code", "text": code }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uti_core::Lang;
    use uti_core::report::Heading;
    use uti_core::values::IsoDate;

    #[test]
    fn data_never_becomes_markup() {
        let hostile = "#set page(width: 1cm) ] [ *b* $x$ \\\" @ref // c <x>";
        let report = Report {
            lang: Lang::Nl,
            kind: ReportKind::Portrait,
            title: hostile.to_owned(),
            label: Some("Portret".to_owned()),
            network: None,
            date: IsoDate::from_ymd(2025, 1, 31).unwrap(),
            version: None,
            meta: vec![Field::one(hostile, hostile)],
            toc: None,
            blocks: vec![
                Block::Heading(Heading {
                    level: 1,
                    id: "a".to_owned(),
                    text: hostile.to_owned(),
                    page_break: false,
                }),
                Block::Paragraph(vec![Span::plain(hostile)]),
                Block::Table(Table {
                    caption: hostile.to_owned(),
                    header: vec![hostile.to_owned(), "n".to_owned()],
                    rows: vec![vec![hostile.to_owned()]],
                    footer: None,
                    row_headers: true,
                    numeric: vec![false, true],
                }),
            ],
        };
        let pdf = render(&report).expect("typeset");
        assert!(pdf.starts_with(b"%PDF-"));
        // No `/Suspects false` for old poppler to complain about; still marked.
        let text = String::from_utf8_lossy(&pdf);
        assert!(!text.contains("/Suspects"), "the entry is blanked out");
        assert!(text.contains("/Marked true"), "still a tagged PDF");
        // The template compiled with the data as data: the JSON holds the
        // text as a JSON string, and the row was padded to the header.
        let json = report_json(&report);
        assert_eq!(json["title"], hostile);
        assert_eq!(json["blocks"][2]["rows"][0][1], "");
    }
}
