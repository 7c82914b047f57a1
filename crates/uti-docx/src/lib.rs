//! A [`Report`] as a Word document (DOCX, Office Open XML), written part
//! by part with `quick-xml` into a `zip` package.
//!
//! - Headings are paragraphs in the styles `Heading1` ... `Heading6`,
//!   defined in `styles.xml` with outline levels, so Word's navigation
//!   pane, LibreOffice's navigator and a PDF export see them as headings;
//!   each carries a bookmark the contents link to.
//! - A report of the network opens with a title page and a table of
//!   contents: a `TOC \o "1-2" \h` field (the two levels the report's own
//!   contents list) whose entries are already filled in (linked to the
//!   headings' bookmarks, without page numbers), so it is not empty before
//!   Word or LibreOffice updates it; the document asks Word to on opening.
//! - Tables are tables, their header row repeated on every page; lists are
//!   numbered or bulleted paragraphs; a heading that starts a new page has
//!   `pageBreakBefore`; A4 with margins, page numbers in the footer, the
//!   language `nl-NL` or `en-GB`.
//! - Charts are PNG pictures rendered with `resvg` (with the SVG beside
//!   them as `asvg:svgBlip`, which newer Word versions show instead), with
//!   the chart's text alternative as their description.
//!
//! Every text from the report is written as XML text or an attribute value
//! through `quick-xml`, after characters XML 1.0 forbids are replaced
//! ([`xml::clean`]).

mod raster;
mod xml;

use std::collections::HashMap;
use std::io::{Cursor, Write};
use uti_core::report::{Block, Chart, Field, Report, ReportKind, Span, Table, Text, written};
use xml::Xml;
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// Writing the package failed.
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write the DOCX package: {}", self.0)
    }
}

impl std::error::Error for Error {}

impl From<zip::result::ZipError> for Error {
    fn from(e: zip::result::ZipError) -> Error {
        Error(e.to_string())
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Error {
        Error(e.to_string())
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
const ASVG: &str = "http://schemas.microsoft.com/office/drawing/2016/SVG/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PACKAGE_RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A4 in twips (1/1440 inch), and the margins.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
const MARGIN_SIDE: u32 = 1134; // 2 cm
const MARGIN_TOP: u32 = 1134;
const MARGIN_BOTTOM: u32 = 1418; // 2.5 cm
/// The width of the text, in twips.
const TEXT_WIDTH: u32 = PAGE_WIDTH - 2 * MARGIN_SIDE;
/// English Metric Units per twip, and per CSS pixel.
const EMU_PER_TWIP: u64 = 635;
const EMU_PER_PX: f64 = 9525.0;

/// Renders a report as the bytes of a `.docx` file.
pub fn render(report: &Report) -> Result<Vec<u8>, Error> {
    let lang = report.lang.pick("nl-NL", "en-GB");
    let charts: Vec<&Chart> = report.charts().collect();
    let rasters = rasterize_all(&charts);

    let mut body = Body::new(report, rasters);
    body.write();
    let Body {
        xml,
        rels,
        media,
        lists,
        ..
    } = body;
    let document = xml.finish();

    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let deflated = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(6));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let mut part = |name: &str, bytes: &[u8], options: SimpleFileOptions| -> Result<(), Error> {
        zip.start_file(name, options)?;
        zip.write_all(bytes)?;
        Ok(())
    };
    part("[Content_Types].xml", &content_types(), deflated)?;
    part("_rels/.rels", &package_rels(), deflated)?;
    part("docProps/core.xml", &core(report, lang), deflated)?;
    part("docProps/app.xml", &app(), deflated)?;
    part("word/document.xml", &document, deflated)?;
    part("word/styles.xml", &styles(lang), deflated)?;
    part("word/numbering.xml", &numbering(&lists), deflated)?;
    part("word/settings.xml", &settings(lang), deflated)?;
    part("word/footer1.xml", &footer(), deflated)?;
    part(
        "word/_rels/document.xml.rels",
        &document_rels(&rels),
        deflated,
    )?;
    for (name, bytes) in &media {
        let options = if name.ends_with(".png") {
            stored
        } else {
            deflated
        };
        part(&format!("word/media/{name}"), bytes, options)?;
    }
    Ok(zip.finish()?.into_inner())
}

/// The charts as PNG, drawn on the machine's cores.
fn rasterize_all(charts: &[&Chart]) -> Vec<Option<raster::Raster>> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8);
    if threads == 1 || charts.len() < 2 {
        return charts.iter().map(|c| raster::rasterize(&c.svg)).collect();
    }
    let chunk = charts.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = charts
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|c| raster::rasterize(&c.svg))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    })
}

/// A relationship of the main document.
struct Rel {
    id: String,
    kind: &'static str,
    target: String,
    external: bool,
}

/// How a paragraph is set.
#[derive(Default)]
struct Para<'a> {
    style: Option<&'a str>,
    keep_next: bool,
    page_break: bool,
    list: Option<usize>,
    align: Option<&'a str>,
}

/// The body of `word/document.xml` being written.
struct Body<'r> {
    report: &'r Report,
    xml: Xml,
    rels: Vec<Rel>,
    media: Vec<(String, Vec<u8>)>,
    /// Per list: numbered or not. List `n` is numbering instance `n + 1`.
    lists: Vec<bool>,
    /// Heading anchor to bookmark name.
    bookmarks: HashMap<&'r str, String>,
    rasters: std::vec::IntoIter<Option<raster::Raster>>,
    /// The next id for bookmarks and drawing objects.
    next_id: u32,
}

impl<'r> Body<'r> {
    fn new(report: &'r Report, rasters: Vec<Option<raster::Raster>>) -> Body<'r> {
        let mut rels = vec![
            rel("rIdStyles", "styles", "styles.xml"),
            rel("rIdNumbering", "numbering", "numbering.xml"),
            rel("rIdSettings", "settings", "settings.xml"),
            rel("rIdFooter", "footer", "footer1.xml"),
        ];
        rels.shrink_to_fit();
        // Word keeps bookmark names to 40 characters: numbered ones.
        let bookmarks = report
            .headings()
            .enumerate()
            .map(|(n, h)| (h.id.as_str(), format!("_Toc{:08}", n + 1)))
            .collect();
        Body {
            report,
            xml: Xml::new(),
            rels,
            media: Vec::new(),
            lists: Vec::new(),
            bookmarks,
            rasters: rasters.into_iter(),
            next_id: 1,
        }
    }

    fn id(&mut self) -> u32 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    fn write(&mut self) {
        self.xml.open(
            "w:document",
            &[
                ("xmlns:w", W),
                ("xmlns:r", R),
                ("xmlns:wp", WP),
                ("xmlns:a", A),
                ("xmlns:pic", PIC),
            ],
        );
        self.xml.open("w:body", &[]);
        self.title_page();
        self.contents();
        let report = self.report;
        for block in &report.blocks {
            self.block(block);
        }
        self.section();
        self.xml.close("w:body");
        self.xml.close("w:document");
    }

    fn open_paragraph(&mut self, para: &Para<'_>) {
        self.xml.open("w:p", &[]);
        let any = para.style.is_some()
            || para.keep_next
            || para.page_break
            || para.list.is_some()
            || para.align.is_some();
        if !any {
            return;
        }
        self.xml.open("w:pPr", &[]);
        if let Some(style) = para.style {
            self.xml.empty("w:pStyle", &[("w:val", style)]);
        }
        if para.keep_next {
            self.xml.empty("w:keepNext", &[]);
        }
        if para.page_break {
            self.xml.empty("w:pageBreakBefore", &[]);
        }
        if let Some(list) = para.list {
            self.xml.open("w:numPr", &[]);
            self.xml.empty("w:ilvl", &[("w:val", "0")]);
            self.xml
                .empty("w:numId", &[("w:val", &(list + 1).to_string())]);
            self.xml.close("w:numPr");
        }
        if let Some(align) = para.align {
            self.xml.empty("w:jc", &[("w:val", align)]);
        }
        self.xml.close("w:pPr");
    }

    /// A run of text; line feeds become breaks, tabs tabs.
    fn run(&mut self, text: &str, properties: &[&str]) {
        self.xml.open("w:r", &[]);
        if !properties.is_empty() {
            self.xml.open("w:rPr", &[]);
            for p in properties {
                if let Some(style) = p.strip_prefix("style:") {
                    self.xml.empty("w:rStyle", &[("w:val", style)]);
                } else {
                    self.xml.empty(p, &[]);
                }
            }
            self.xml.close("w:rPr");
        }
        for (n, line) in text.split('\n').enumerate() {
            if n > 0 {
                self.xml.empty("w:br", &[]);
            }
            for (m, piece) in line.split('\t').enumerate() {
                if m > 0 {
                    self.xml.empty("w:tab", &[]);
                }
                if !piece.is_empty() {
                    self.xml.leaf("w:t", &[("xml:space", "preserve")], piece);
                }
            }
        }
        self.xml.close("w:r");
    }

    fn paragraph(&mut self, para: &Para<'_>, text: &str) {
        self.open_paragraph(para);
        self.run(text, &[]);
        self.xml.close("w:p");
    }

    fn spans(&mut self, text: &Text) {
        for span in text {
            self.span(span);
        }
    }

    fn span(&mut self, span: &Span) {
        let mut properties = Vec::new();
        let link = span
            .link
            .as_deref()
            .map(str::trim)
            .filter(|l| written::safe_link(l));
        if link.is_some() {
            properties.push("style:Hyperlink");
        }
        if span.code {
            properties.push("style:CodeChar");
        }
        if span.strong {
            properties.push("w:b");
        }
        if span.emphasis {
            properties.push("w:i");
        }
        match link {
            Some(target) => {
                let id = format!("rIdLink{}", self.rels.len() + 1);
                self.rels.push(Rel {
                    id: id.clone(),
                    kind: "hyperlink",
                    target: target.to_owned(),
                    external: true,
                });
                self.xml
                    .open("w:hyperlink", &[("r:id", &id), ("w:history", "1")]);
                self.run(&span.text, &properties);
                self.xml.close("w:hyperlink");
            }
            None => self.run(&span.text, &properties),
        }
    }

    fn title_page(&mut self) {
        let report = self.report;
        let network = report.kind == ReportKind::Network;
        if let Some(label) = &report.label {
            self.paragraph(
                &Para {
                    style: Some("Label"),
                    keep_next: true,
                    ..Para::default()
                },
                label,
            );
        }
        self.paragraph(
            &Para {
                style: Some(if network { "TitlePage" } else { "Title" }),
                keep_next: true,
                ..Para::default()
            },
            &report.title,
        );
        for field in &report.meta {
            self.open_paragraph(&Para {
                style: Some("Meta"),
                ..Para::default()
            });
            self.run(&format!("{}: ", field.label), &["w:b"]);
            self.run(&field.values.join(", "), &[]);
            self.xml.close("w:p");
        }
    }

    fn contents(&mut self) {
        let Some(toc) = &self.report.toc else {
            return;
        };
        self.paragraph(
            &Para {
                style: Some("TOCHeading"),
                keep_next: true,
                page_break: true,
                ..Para::default()
            },
            &toc.title,
        );
        let field = |xml: &mut Xml, kind: &str| {
            xml.open("w:r", &[]);
            if kind == "begin" {
                xml.empty("w:fldChar", &[("w:fldCharType", kind), ("w:dirty", "true")]);
            } else {
                xml.empty("w:fldChar", &[("w:fldCharType", kind)]);
            }
            xml.close("w:r");
        };
        let instruction = |xml: &mut Xml, text: &str| {
            xml.open("w:r", &[]);
            xml.leaf("w:instrText", &[("xml:space", "preserve")], text);
            xml.close("w:r");
        };
        let mut first = true;
        for entry in &toc.entries {
            let style = if entry.level <= 1 { "TOC1" } else { "TOC2" };
            self.open_paragraph(&Para {
                style: Some(style),
                ..Para::default()
            });
            if first {
                field(&mut self.xml, "begin");
                instruction(&mut self.xml, " TOC \\o \"1-2\" \\h \\z \\u ");
                field(&mut self.xml, "separate");
                first = false;
            }
            match self.bookmarks.get(entry.id.as_str()).cloned() {
                Some(bookmark) => {
                    self.xml.open(
                        "w:hyperlink",
                        &[("w:anchor", &bookmark), ("w:history", "1")],
                    );
                    // The page numbers come when Word or LibreOffice
                    // updates the field: until then, links without them.
                    self.run(&entry.text, &[]);
                    self.xml.close("w:hyperlink");
                }
                None => self.run(&entry.text, &[]),
            }
            self.xml.close("w:p");
        }
        self.xml.open("w:p", &[]);
        if first {
            field(&mut self.xml, "begin");
            instruction(&mut self.xml, " TOC \\o \"1-2\" \\h \\z \\u ");
            field(&mut self.xml, "separate");
        }
        field(&mut self.xml, "end");
        self.xml.close("w:p");
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading(h) => {
                let style = format!("Heading{}", h.level.clamp(1, 6));
                self.open_paragraph(&Para {
                    style: Some(&style),
                    page_break: h.page_break,
                    ..Para::default()
                });
                let id = self.id().to_string();
                let name = self.bookmarks.get(h.id.as_str()).cloned();
                if let Some(name) = &name {
                    self.xml
                        .empty("w:bookmarkStart", &[("w:id", &id), ("w:name", name)]);
                }
                self.run(&h.text, &[]);
                if name.is_some() {
                    self.xml.empty("w:bookmarkEnd", &[("w:id", &id)]);
                }
                self.xml.close("w:p");
            }
            Block::Paragraph(text) => {
                self.open_paragraph(&Para::default());
                self.spans(text);
                self.xml.close("w:p");
            }
            Block::Placeholder(text) => {
                self.paragraph(
                    &Para {
                        style: Some("Placeholder"),
                        ..Para::default()
                    },
                    text,
                );
            }
            Block::List(list) => {
                let n = self.list(list.ordered);
                for item in &list.items {
                    self.open_paragraph(&Para {
                        style: Some("ListParagraph"),
                        list: Some(n),
                        ..Para::default()
                    });
                    self.spans(item);
                    self.xml.close("w:p");
                }
            }
            Block::Fields(fields) => self.fields(fields),
            Block::Table(table) => self.table(table),
            Block::Chart(chart) => self.chart(chart),
            Block::Code(code) => {
                self.paragraph(
                    &Para {
                        style: Some("Code"),
                        ..Para::default()
                    },
                    code.trim_end_matches('\n'),
                );
            }
        }
    }

    /// A new list (numbering restarts), returning its number.
    fn list(&mut self, ordered: bool) -> usize {
        self.lists.push(ordered);
        self.lists.len() - 1
    }

    fn fields(&mut self, fields: &[Field]) {
        for field in fields {
            match field.values.as_slice() {
                [one] => {
                    self.open_paragraph(&Para {
                        style: Some("Field"),
                        ..Para::default()
                    });
                    self.run(&format!("{}: ", field.label), &["w:b"]);
                    self.run(one, &[]);
                    self.xml.close("w:p");
                }
                values => {
                    self.open_paragraph(&Para {
                        style: Some("Field"),
                        keep_next: true,
                        ..Para::default()
                    });
                    self.run(&format!("{}:", field.label), &["w:b"]);
                    self.xml.close("w:p");
                    let n = self.list(false);
                    for value in values {
                        self.paragraph(
                            &Para {
                                style: Some("ListParagraph"),
                                list: Some(n),
                                ..Para::default()
                            },
                            value,
                        );
                    }
                }
            }
        }
    }

    fn table(&mut self, table: &Table) {
        self.paragraph(
            &Para {
                style: Some("TableCaption"),
                keep_next: true,
                ..Para::default()
            },
            &table.caption,
        );
        let columns = table.header.len().max(1);
        // A row header's column counts double.
        let shares: Vec<u32> = (0..columns)
            .map(|c| if c == 0 && table.row_headers { 2 } else { 1 })
            .collect();
        let total: u32 = shares.iter().sum();
        let widths: Vec<String> = shares
            .iter()
            .map(|s| (TEXT_WIDTH * s / total).to_string())
            .collect();
        let x = &mut self.xml;
        x.open("w:tbl", &[]);
        x.open("w:tblPr", &[]);
        x.empty("w:tblStyle", &[("w:val", "ReportTable")]);
        x.empty("w:tblW", &[("w:w", "5000"), ("w:type", "pct")]);
        x.empty("w:tblLayout", &[("w:type", "fixed")]);
        x.empty(
            "w:tblLook",
            &[
                ("w:val", "04A0"),
                ("w:firstRow", "1"),
                ("w:lastRow", if table.footer.is_some() { "1" } else { "0" }),
                ("w:firstColumn", if table.row_headers { "1" } else { "0" }),
                ("w:lastColumn", "0"),
                ("w:noHBand", "1"),
                ("w:noVBand", "1"),
            ],
        );
        x.empty("w:tblCaption", &[("w:val", &table.caption)]);
        x.close("w:tblPr");
        x.open("w:tblGrid", &[]);
        for w in &widths {
            x.empty("w:gridCol", &[("w:w", w)]);
        }
        x.close("w:tblGrid");
        self.row(table, &table.header, &widths, Row::Header);
        for cells in &table.rows {
            self.row(table, cells, &widths, Row::Body);
        }
        if let Some(footer) = &table.footer {
            self.row(table, footer, &widths, Row::Footer);
        }
        self.xml.close("w:tbl");
        // Word needs a paragraph between two tables, and it spaces the text.
        self.paragraph(
            &Para {
                style: Some("AfterTable"),
                ..Para::default()
            },
            "",
        );
    }

    fn row(&mut self, table: &Table, cells: &[String], widths: &[String], row: Row) {
        self.xml.open("w:tr", &[]);
        self.xml.open("w:trPr", &[]);
        self.xml.empty("w:cantSplit", &[]);
        if row == Row::Header {
            self.xml.empty("w:tblHeader", &[]);
        }
        self.xml.close("w:trPr");
        for (column, text) in cells.iter().enumerate() {
            let width = widths.get(column).map_or("0", String::as_str);
            self.xml.open("w:tc", &[]);
            self.xml.open("w:tcPr", &[]);
            self.xml
                .empty("w:tcW", &[("w:w", width), ("w:type", "dxa")]);
            if row != Row::Body {
                self.xml.empty(
                    "w:shd",
                    &[
                        ("w:val", "clear"),
                        ("w:color", "auto"),
                        ("w:fill", "F2F2F2"),
                    ],
                );
            }
            self.xml.close("w:tcPr");
            let numeric = table.numeric.get(column).copied().unwrap_or(false);
            self.open_paragraph(&Para {
                style: Some("TableText"),
                align: numeric.then_some("right"),
                ..Para::default()
            });
            let bold = row != Row::Body || (column == 0 && table.row_headers);
            self.run(text, if bold { &["w:b"] } else { &[] });
            self.xml.close("w:p");
            self.xml.close("w:tc");
        }
        self.xml.close("w:tr");
    }

    fn chart(&mut self, chart: &Chart) {
        let caption = format!(
            "{} {}. {}",
            self.report.figure_word(),
            chart.number,
            chart.caption
        );
        match self.rasters.next().flatten() {
            Some(raster) => {
                let n = chart.number;
                let png = format!("chart{n}.png");
                let svg = format!("chart{n}.svg");
                let png_rel = format!("rIdChart{n}");
                let svg_rel = format!("rIdChart{n}Svg");
                self.rels
                    .push(rel(&png_rel, "image", &format!("media/{png}")));
                self.rels
                    .push(rel(&svg_rel, "image", &format!("media/{svg}")));
                self.media.push((png.clone(), raster.png));
                self.media.push((svg, chart.svg.as_bytes().to_vec()));
                // At its own size, or the width of the text when wider.
                let (mut cx, mut cy) = (
                    f64::from(raster.width) * EMU_PER_PX,
                    f64::from(raster.height) * EMU_PER_PX,
                );
                let max = (u64::from(TEXT_WIDTH) * EMU_PER_TWIP) as f64;
                if cx > max {
                    cy *= max / cx;
                    cx = max;
                }
                let (cx, cy) = ((cx as u64).to_string(), (cy as u64).to_string());
                let id = self.id().to_string();
                self.open_paragraph(&Para {
                    style: Some("Figure"),
                    keep_next: true,
                    ..Para::default()
                });
                let x = &mut self.xml;
                x.open("w:r", &[]);
                x.open("w:drawing", &[]);
                x.open(
                    "wp:inline",
                    &[
                        ("distT", "0"),
                        ("distB", "0"),
                        ("distL", "0"),
                        ("distR", "0"),
                    ],
                );
                x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
                x.empty(
                    "wp:effectExtent",
                    &[("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")],
                );
                x.empty(
                    "wp:docPr",
                    &[("id", &id), ("name", &caption), ("descr", &chart.alt)],
                );
                x.open("wp:cNvGraphicFramePr", &[]);
                x.empty(
                    "a:graphicFrameLocks",
                    &[("xmlns:a", A), ("noChangeAspect", "1")],
                );
                x.close("wp:cNvGraphicFramePr");
                x.open("a:graphic", &[("xmlns:a", A)]);
                x.open("a:graphicData", &[("uri", PIC)]);
                x.open("pic:pic", &[("xmlns:pic", PIC)]);
                x.open("pic:nvPicPr", &[]);
                x.empty(
                    "pic:cNvPr",
                    &[("id", &id), ("name", &png), ("descr", &chart.alt)],
                );
                x.empty("pic:cNvPicPr", &[]);
                x.close("pic:nvPicPr");
                x.open("pic:blipFill", &[]);
                x.open("a:blip", &[("r:embed", &png_rel)]);
                x.open("a:extLst", &[]);
                x.open(
                    "a:ext",
                    &[("uri", "{96DAC541-7B7A-43D3-8B79-37D633B846F1}")],
                );
                x.empty(
                    "asvg:svgBlip",
                    &[("xmlns:asvg", ASVG), ("r:embed", &svg_rel)],
                );
                x.close("a:ext");
                x.close("a:extLst");
                x.close("a:blip");
                x.open("a:stretch", &[]);
                x.empty("a:fillRect", &[]);
                x.close("a:stretch");
                x.close("pic:blipFill");
                x.open("pic:spPr", &[]);
                x.open("a:xfrm", &[]);
                x.empty("a:off", &[("x", "0"), ("y", "0")]);
                x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
                x.close("a:xfrm");
                x.open("a:prstGeom", &[("prst", "rect")]);
                x.empty("a:avLst", &[]);
                x.close("a:prstGeom");
                x.close("pic:spPr");
                x.close("pic:pic");
                x.close("a:graphicData");
                x.close("a:graphic");
                x.close("wp:inline");
                x.close("w:drawing");
                x.close("w:r");
                x.close("w:p");
            }
            // A chart that cannot be drawn still says what it shows.
            None => self.paragraph(
                &Para {
                    style: Some("Figure"),
                    keep_next: true,
                    ..Para::default()
                },
                &chart.alt,
            ),
        }
        self.paragraph(
            &Para {
                style: Some("Caption"),
                ..Para::default()
            },
            &caption,
        );
    }

    /// The page: A4, margins, the footer with the page number (not on a
    /// report's title page).
    fn section(&mut self) {
        let x = &mut self.xml;
        x.open("w:sectPr", &[]);
        x.empty(
            "w:footerReference",
            &[("w:type", "default"), ("r:id", "rIdFooter")],
        );
        x.empty(
            "w:pgSz",
            &[
                ("w:w", &PAGE_WIDTH.to_string()),
                ("w:h", &PAGE_HEIGHT.to_string()),
            ],
        );
        x.empty(
            "w:pgMar",
            &[
                ("w:top", &MARGIN_TOP.to_string()),
                ("w:right", &MARGIN_SIDE.to_string()),
                ("w:bottom", &MARGIN_BOTTOM.to_string()),
                ("w:left", &MARGIN_SIDE.to_string()),
                ("w:header", "567"),
                ("w:footer", "567"),
                ("w:gutter", "0"),
            ],
        );
        if self.report.kind == ReportKind::Network {
            x.empty("w:titlePg", &[]);
        }
        x.close("w:sectPr");
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Row {
    Header,
    Body,
    Footer,
}

fn rel(id: &str, kind: &'static str, target: &str) -> Rel {
    Rel {
        id: id.to_owned(),
        kind,
        target: target.to_owned(),
        external: false,
    }
}

fn content_types() -> Vec<u8> {
    const MAIN: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml";
    let mut x = Xml::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    );
    for (ext, kind) in [
        (
            "rels",
            "application/vnd.openxmlformats-package.relationships+xml",
        ),
        ("xml", "application/xml"),
        ("png", "image/png"),
        ("svg", "image/svg+xml"),
    ] {
        x.empty("Default", &[("Extension", ext), ("ContentType", kind)]);
    }
    for (part, kind) in [
        ("/word/document.xml", format!("{MAIN}.document.main+xml")),
        ("/word/styles.xml", format!("{MAIN}.styles+xml")),
        ("/word/numbering.xml", format!("{MAIN}.numbering+xml")),
        ("/word/settings.xml", format!("{MAIN}.settings+xml")),
        ("/word/footer1.xml", format!("{MAIN}.footer+xml")),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_owned(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_owned(),
        ),
    ] {
        x.empty("Override", &[("PartName", part), ("ContentType", &kind)]);
    }
    x.close("Types");
    x.finish()
}

fn package_rels() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PACKAGE_RELS)]);
    for (id, kind, target) in [
        ("rId1", format!("{REL}/officeDocument"), "word/document.xml"),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_owned(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{REL}/extended-properties"),
            "docProps/app.xml",
        ),
    ] {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", &kind), ("Target", target)],
        );
    }
    x.close("Relationships");
    x.finish()
}

fn document_rels(rels: &[Rel]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", PACKAGE_RELS)]);
    for r in rels {
        let kind = format!("{REL}/{}", r.kind);
        if r.external {
            x.empty(
                "Relationship",
                &[
                    ("Id", &r.id),
                    ("Type", &kind),
                    ("Target", &r.target),
                    ("TargetMode", "External"),
                ],
            );
        } else {
            x.empty(
                "Relationship",
                &[("Id", &r.id), ("Type", &kind), ("Target", &r.target)],
            );
        }
    }
    x.close("Relationships");
    x.finish()
}

fn core(report: &Report, lang: &str) -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.leaf("dc:title", &[], &report.title);
    x.leaf("dc:creator", &[], "uti");
    x.leaf("dc:language", &[], lang);
    let created = format!("{}T00:00:00Z", report.date);
    x.leaf(
        "dcterms:created",
        &[("xsi:type", "dcterms:W3CDTF")],
        &created,
    );
    x.leaf(
        "dcterms:modified",
        &[("xsi:type", "dcterms:W3CDTF")],
        &created,
    );
    if let Some(version) = &report.version {
        x.leaf("cp:version", &[], version);
    }
    x.close("cp:coreProperties");
    x.finish()
}

fn app() -> Vec<u8> {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        )],
    );
    x.leaf("Application", &[], "uti");
    x.close("Properties");
    x.finish()
}

fn settings(lang: &str) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:settings", &[("xmlns:w", W)]);
    // Word and LibreOffice update the contents and page references on opening.
    x.empty("w:updateFields", &[("w:val", "true")]);
    x.empty("w:defaultTabStop", &[("w:val", "709")]);
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")]);
    x.empty("w:themeFontLang", &[("w:val", lang)]);
    x.empty(
        "w:decimalSymbol",
        &[("w:val", if lang == "nl-NL" { "," } else { "." })],
    );
    x.empty("w:listSeparator", &[("w:val", ";")]);
    x.close("w:settings");
    x.finish()
}

fn footer() -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:ftr", &[("xmlns:w", W), ("xmlns:r", R)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Footer")]);
    x.empty("w:jc", &[("w:val", "center")]);
    x.close("w:pPr");
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", "begin")]);
    x.close("w:r");
    x.open("w:r", &[]);
    x.leaf("w:instrText", &[("xml:space", "preserve")], " PAGE ");
    x.close("w:r");
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", "separate")]);
    x.close("w:r");
    x.open("w:r", &[]);
    x.leaf("w:t", &[], "1");
    x.close("w:r");
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", "end")]);
    x.close("w:r");
    x.close("w:p");
    x.close("w:ftr");
    x.finish()
}

fn numbering(lists: &[bool]) -> Vec<u8> {
    let mut x = Xml::new();
    x.open("w:numbering", &[("xmlns:w", W)]);
    // 0: bullets, 1: numbers.
    for (abstract_id, ordered) in [("0", false), ("1", true)] {
        x.open("w:abstractNum", &[("w:abstractNumId", abstract_id)]);
        x.empty("w:multiLevelType", &[("w:val", "singleLevel")]);
        x.open("w:lvl", &[("w:ilvl", "0")]);
        x.empty("w:start", &[("w:val", "1")]);
        x.empty(
            "w:numFmt",
            &[("w:val", if ordered { "decimal" } else { "bullet" })],
        );
        x.empty("w:lvlText", &[("w:val", if ordered { "%1." } else { "•" })]);
        x.empty("w:lvlJc", &[("w:val", "left")]);
        x.open("w:pPr", &[]);
        x.empty("w:ind", &[("w:left", "567"), ("w:hanging", "283")]);
        x.close("w:pPr");
        x.close("w:lvl");
        x.close("w:abstractNum");
    }
    for (n, ordered) in lists.iter().enumerate() {
        let id = (n + 1).to_string();
        x.open("w:num", &[("w:numId", &id)]);
        x.empty(
            "w:abstractNumId",
            &[("w:val", if *ordered { "1" } else { "0" })],
        );
        if *ordered {
            // Each numbered list counts from 1.
            x.open("w:lvlOverride", &[("w:ilvl", "0")]);
            x.empty("w:startOverride", &[("w:val", "1")]);
            x.close("w:lvlOverride");
        }
        x.close("w:num");
    }
    x.close("w:numbering");
    x.finish()
}

/// A paragraph style.
struct Style<'a> {
    id: &'a str,
    name: &'a str,
    based_on: Option<&'a str>,
    next: Option<&'a str>,
    /// Extra paragraph properties, in schema order.
    para: &'a [(&'a str, &'a [(&'a str, &'a str)])],
    /// Run properties, in schema order.
    run: &'a [(&'a str, &'a [(&'a str, &'a str)])],
}

fn styles(lang: &str) -> Vec<u8> {
    const SANS: &[(&str, &str)] = &[
        ("w:ascii", "Liberation Sans"),
        ("w:hAnsi", "Liberation Sans"),
        ("w:cs", "Liberation Sans"),
        ("w:eastAsia", "Liberation Sans"),
    ];
    const MONO: &[(&str, &str)] = &[
        ("w:ascii", "Liberation Mono"),
        ("w:hAnsi", "Liberation Mono"),
        ("w:cs", "Liberation Mono"),
    ];
    const ACCENT: &[(&str, &str)] = &[("w:val", "1F4E79")];
    const GREY: &[(&str, &str)] = &[("w:val", "595959")];
    const NONE: &[(&str, &str)] = &[];

    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", W)]);
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    x.open("w:rPr", &[]);
    x.empty("w:rFonts", SANS);
    x.empty("w:sz", &[("w:val", "21")]);
    x.empty("w:szCs", &[("w:val", "21")]);
    x.empty(
        "w:lang",
        &[("w:val", lang), ("w:eastAsia", lang), ("w:bidi", "ar-SA")],
    );
    x.close("w:rPr");
    x.close("w:rPrDefault");
    x.open("w:pPrDefault", &[]);
    x.open("w:pPr", &[]);
    x.empty(
        "w:spacing",
        &[
            ("w:after", "120"),
            ("w:line", "276"),
            ("w:lineRule", "auto"),
        ],
    );
    x.close("w:pPr");
    x.close("w:pPrDefault");
    x.close("w:docDefaults");

    let sizes = ["36", "30", "26", "23", "21", "21"];
    let heading_ids: Vec<String> = (1..=6).map(|n| format!("Heading{n}")).collect();
    let heading_names: Vec<String> = (1..=6).map(|n| format!("heading {n}")).collect();
    let levels: Vec<String> = (0..6).map(|n| n.to_string()).collect();
    let before = ["480", "360", "240", "200", "200", "200"];
    write_style(
        &mut x,
        &Style {
            id: "Normal",
            name: "Normal",
            based_on: None,
            next: None,
            para: &[],
            run: &[],
        },
        true,
    );
    for n in 0..6 {
        let spacing: [(&str, &str); 2] = [("w:before", before[n]), ("w:after", "120")];
        let outline: [(&str, &str); 1] = [("w:val", &levels[n])];
        let size: [(&str, &str); 1] = [("w:val", sizes[n])];
        let para: [(&str, &[(&str, &str)]); 4] = [
            ("w:keepNext", NONE),
            ("w:keepLines", NONE),
            ("w:spacing", &spacing),
            ("w:outlineLvl", &outline),
        ];
        let run: [(&str, &[(&str, &str)]); 5] = [
            ("w:b", NONE),
            ("w:bCs", NONE),
            ("w:color", if n < 2 { ACCENT } else { NONE }),
            ("w:sz", &size),
            ("w:szCs", &size),
        ];
        write_style(
            &mut x,
            &Style {
                id: &heading_ids[n],
                name: &heading_names[n],
                based_on: Some("Normal"),
                next: Some("Normal"),
                para: &para,
                run: &run,
            },
            false,
        );
    }
    let right_tab: &[(&str, &str)] = &[("w:val", "right"), ("w:leader", "dot"), ("w:pos", "9628")];
    let others: Vec<Style<'_>> = vec![
        Style {
            id: "Title",
            name: "Title",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[("w:spacing", &[("w:after", "240")])],
            run: &[
                ("w:b", NONE),
                ("w:color", ACCENT),
                ("w:sz", &[("w:val", "48")]),
            ],
        },
        Style {
            id: "TitlePage",
            name: "Title page",
            based_on: Some("Title"),
            next: Some("Normal"),
            para: &[("w:spacing", &[("w:before", "4800"), ("w:after", "480")])],
            run: &[("w:sz", &[("w:val", "56")])],
        },
        Style {
            id: "Label",
            name: "Document label",
            based_on: Some("Normal"),
            next: Some("Title"),
            para: &[],
            run: &[
                ("w:caps", NONE),
                ("w:color", GREY),
                ("w:spacing", &[("w:val", "20")]),
            ],
        },
        Style {
            id: "Meta",
            name: "Title page line",
            based_on: Some("Normal"),
            next: None,
            para: &[("w:spacing", &[("w:after", "60")])],
            run: &[("w:color", GREY), ("w:sz", &[("w:val", "24")])],
        },
        Style {
            id: "TOCHeading",
            name: "TOC Heading",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[
                ("w:keepNext", NONE),
                ("w:spacing", &[("w:before", "0"), ("w:after", "240")]),
            ],
            run: &[
                ("w:b", NONE),
                ("w:color", ACCENT),
                ("w:sz", &[("w:val", "36")]),
            ],
        },
        Style {
            id: "TOC1",
            name: "toc 1",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[
                ("w:tabs", &[]),
                ("w:spacing", &[("w:before", "120"), ("w:after", "40")]),
            ],
            run: &[("w:b", NONE)],
        },
        Style {
            id: "TOC2",
            name: "toc 2",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[
                ("w:tabs", &[]),
                ("w:spacing", &[("w:after", "40")]),
                ("w:ind", &[("w:left", "284")]),
            ],
            run: &[],
        },
        Style {
            id: "Placeholder",
            name: "Placeholder",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[
                ("w:pBdr", &[]),
                (
                    "w:shd",
                    &[
                        ("w:val", "clear"),
                        ("w:color", "auto"),
                        ("w:fill", "FFF4E5"),
                    ],
                ),
                ("w:ind", &[("w:left", "170"), ("w:right", "170")]),
            ],
            run: &[("w:i", NONE)],
        },
        Style {
            id: "ListParagraph",
            name: "List Paragraph",
            based_on: Some("Normal"),
            next: None,
            para: &[
                ("w:spacing", &[("w:after", "60")]),
                ("w:ind", &[("w:left", "567")]),
            ],
            run: &[],
        },
        Style {
            id: "Field",
            name: "Field",
            based_on: Some("Normal"),
            next: None,
            para: &[("w:spacing", &[("w:after", "60")])],
            run: &[],
        },
        Style {
            id: "Code",
            name: "Code",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[
                (
                    "w:shd",
                    &[
                        ("w:val", "clear"),
                        ("w:color", "auto"),
                        ("w:fill", "F6F6F6"),
                    ],
                ),
                (
                    "w:spacing",
                    &[
                        ("w:after", "120"),
                        ("w:line", "240"),
                        ("w:lineRule", "auto"),
                    ],
                ),
            ],
            run: &[("w:rFonts", MONO), ("w:sz", &[("w:val", "19")])],
        },
        Style {
            id: "TableCaption",
            name: "Table caption",
            based_on: Some("Normal"),
            next: None,
            para: &[
                ("w:keepNext", NONE),
                ("w:spacing", &[("w:before", "240"), ("w:after", "80")]),
            ],
            run: &[("w:color", GREY), ("w:sz", &[("w:val", "19")])],
        },
        Style {
            id: "TableText",
            name: "Table text",
            based_on: Some("Normal"),
            next: None,
            para: &[(
                "w:spacing",
                &[("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")],
            )],
            run: &[("w:sz", &[("w:val", "19")])],
        },
        Style {
            id: "AfterTable",
            name: "After table",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[(
                "w:spacing",
                &[("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")],
            )],
            run: &[("w:sz", &[("w:val", "8")])],
        },
        Style {
            id: "Figure",
            name: "Figure",
            based_on: Some("Normal"),
            next: Some("Caption"),
            para: &[
                ("w:keepNext", NONE),
                ("w:spacing", &[("w:before", "240"), ("w:after", "80")]),
                ("w:jc", &[("w:val", "center")]),
            ],
            run: &[],
        },
        Style {
            id: "Caption",
            name: "caption",
            based_on: Some("Normal"),
            next: Some("Normal"),
            para: &[("w:spacing", &[("w:after", "240")])],
            run: &[
                ("w:i", NONE),
                ("w:color", GREY),
                ("w:sz", &[("w:val", "19")]),
            ],
        },
        Style {
            id: "Footer",
            name: "footer",
            based_on: Some("Normal"),
            next: None,
            para: &[("w:spacing", &[("w:after", "0")])],
            run: &[("w:color", GREY), ("w:sz", &[("w:val", "18")])],
        },
    ];
    for style in &others {
        write_style_with(&mut x, style, right_tab);
    }
    // Character styles.
    for (id, name, run) in [
        (
            "Hyperlink",
            "Hyperlink",
            &[
                ("w:color", &[("w:val", "1F5FA8")][..]),
                ("w:u", &[("w:val", "single")][..]),
            ][..],
        ),
        ("CodeChar", "Code character", &[("w:rFonts", MONO)][..]),
    ] {
        x.open("w:style", &[("w:type", "character"), ("w:styleId", id)]);
        x.empty("w:name", &[("w:val", name)]);
        x.empty("w:uiPriority", &[("w:val", "99")]);
        x.open("w:rPr", &[]);
        for (element, attrs) in run {
            x.empty(element, attrs);
        }
        x.close("w:rPr");
        x.close("w:style");
    }
    // The tables' style: thin grey borders, some cell padding.
    x.open(
        "w:style",
        &[("w:type", "table"), ("w:styleId", "ReportTable")],
    );
    x.empty("w:name", &[("w:val", "Report table")]);
    x.empty("w:basedOn", &[("w:val", "TableNormal")]);
    x.open("w:tblPr", &[]);
    x.open("w:tblBorders", &[]);
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "BFBFBF"),
            ],
        );
    }
    x.close("w:tblBorders");
    x.open("w:tblCellMar", &[]);
    for (side, w) in [
        ("w:top", "40"),
        ("w:left", "85"),
        ("w:bottom", "40"),
        ("w:right", "85"),
    ] {
        x.empty(side, &[("w:w", w), ("w:type", "dxa")]);
    }
    x.close("w:tblCellMar");
    x.close("w:tblPr");
    x.close("w:style");
    x.open(
        "w:style",
        &[
            ("w:type", "table"),
            ("w:default", "1"),
            ("w:styleId", "TableNormal"),
        ],
    );
    x.empty("w:name", &[("w:val", "Normal Table")]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
    x.close("w:tblPr");
    x.close("w:style");
    x.close("w:styles");
    x.finish()
}

fn write_style(x: &mut Xml, style: &Style<'_>, default: bool) {
    write_style_inner(x, style, default, &[]);
}

fn write_style_with(x: &mut Xml, style: &Style<'_>, tab: &[(&str, &str)]) {
    write_style_inner(x, style, false, tab);
}

fn write_style_inner(x: &mut Xml, style: &Style<'_>, default: bool, tab: &[(&str, &str)]) {
    if default {
        x.open(
            "w:style",
            &[
                ("w:type", "paragraph"),
                ("w:default", "1"),
                ("w:styleId", style.id),
            ],
        );
    } else {
        x.open(
            "w:style",
            &[("w:type", "paragraph"), ("w:styleId", style.id)],
        );
    }
    x.empty("w:name", &[("w:val", style.name)]);
    if let Some(base) = style.based_on {
        x.empty("w:basedOn", &[("w:val", base)]);
    }
    if let Some(next) = style.next {
        x.empty("w:next", &[("w:val", next)]);
    }
    x.empty("w:qFormat", &[]);
    if !style.para.is_empty() {
        x.open("w:pPr", &[]);
        for (element, attrs) in style.para {
            match *element {
                "w:tabs" => {
                    x.open("w:tabs", &[]);
                    x.empty("w:tab", tab);
                    x.close("w:tabs");
                }
                "w:pBdr" => {
                    x.open("w:pBdr", &[]);
                    x.empty(
                        "w:left",
                        &[
                            ("w:val", "single"),
                            ("w:sz", "24"),
                            ("w:space", "6"),
                            ("w:color", "B34700"),
                        ],
                    );
                    x.close("w:pBdr");
                }
                _ => x.empty(element, attrs),
            }
        }
        x.close("w:pPr");
    }
    if !style.run.is_empty() {
        x.open("w:rPr", &[]);
        for (element, attrs) in style.run {
            if !(*element == "w:color" && attrs.is_empty()) {
                x.empty(element, attrs);
            }
        }
        x.close("w:rPr");
    }
    x.close("w:style");
}
