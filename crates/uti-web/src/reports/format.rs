//! The formats a report or portrait is downloaded in from the browser and
//! the API: the one list ([`Format::ALL`]) that the report page, the
//! download buttons, the routes and the API's documentation are made from.
//! A new format is a variant here with its name, media type and renderer;
//! nothing else needs to change.

use std::io::Write;
use uti_core::Lang;
use uti_core::report::{Report, html, markdown};

/// A format of a downloaded report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// PDF, typeset on A4 with page numbers, bookmarks and vector charts.
    Pdf,
    /// DOCX (Word, LibreOffice) with heading styles, tables and charts.
    Docx,
    /// One standalone HTML file (inline style and charts) that prints on A4.
    Html,
    /// Markdown with its charts as SVG files beside it, together in a ZIP
    /// archive (a folder named after the file).
    Md,
}

impl Format {
    /// Every format, in the order the pages offer them.
    pub const ALL: &[Format] = &[Format::Pdf, Format::Docx, Format::Html, Format::Md];

    /// Its name in a query (`format=html`), as `uti report --format`.
    pub fn code(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Md => "md",
        }
    }

    /// The format named in a query (case ignored).
    pub fn parse(code: &str) -> Option<Format> {
        Format::ALL
            .iter()
            .copied()
            .find(|f| f.code().eq_ignore_ascii_case(code))
    }

    /// The codes of every format, for messages: `html, md`.
    pub fn codes() -> String {
        Format::ALL
            .iter()
            .map(|f| f.code())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// A short name for a button (`HTML`).
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "Word (DOCX)",
            Format::Html => "HTML",
            Format::Md => "Markdown",
        }
    }

    /// What the file is, for people.
    pub fn description(self, lang: Lang) -> &'static str {
        match self {
            Format::Pdf => lang.pick(
                "PDF op A4, klaar om te publiceren of af te drukken",
                "PDF on A4, ready to publish or print",
            ),
            Format::Docx => lang.pick(
                "Word-document (DOCX) om verder te bewerken in Word of LibreOffice",
                "Word document (DOCX) to edit further in Word or LibreOffice",
            ),
            Format::Html => lang.pick(
                "één HTML-bestand met de grafieken erin, om te lezen of af te drukken",
                "one HTML file with the charts inside, to read or print",
            ),
            Format::Md => lang.pick(
                "ZIP-archief met het Markdown-bestand en de grafieken als SVG-bestanden ernaast",
                "ZIP archive with the Markdown file and the charts as SVG files beside it",
            ),
        }
    }

    /// The media type of the download.
    pub fn mime(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Html => "text/html; charset=utf-8",
            Format::Md => "application/zip",
        }
    }

    /// The extension of the downloaded file.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Html => "html",
            Format::Md => "zip",
        }
    }

    /// The report as this format's file; `stem` is the file name without
    /// its extension (also the name of the Markdown file and of its
    /// charts inside a ZIP).
    pub fn render(self, report: &Report, stem: &str) -> Result<Vec<u8>, String> {
        match self {
            Format::Pdf => uti_pdf::render(report).map_err(|e| e.to_string()),
            Format::Docx => uti_docx::render(report).map_err(|e| e.to_string()),
            Format::Html => Ok(html::render(report).into_bytes()),
            Format::Md => markdown_zip(report, stem).map_err(|e| e.to_string()),
        }
    }
}

/// The Markdown and its SVG charts in a ZIP archive, in a folder `stem/`.
fn markdown_zip(report: &Report, stem: &str) -> zip::result::ZipResult<Vec<u8>> {
    let rendered = markdown::render(report, stem);
    let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    archive.start_file(format!("{stem}/{stem}.md"), options)?;
    archive.write_all(rendered.text.as_bytes())?;
    for figure in &rendered.figures {
        archive.start_file(format!("{stem}/{}", figure.name), options)?;
        archive.write_all(figure.svg.as_bytes())?;
    }
    Ok(archive.finish()?.into_inner())
}

/// The name of a download without its extension: what it is, the network's
/// or initiative's name as a slug and the date, e.g.
/// `rapport-leernetwerk-voorbeeldregio-fictief-2026-11-22`.
pub fn file_stem(what: &str, name: Option<&str>, date: time::Date) -> String {
    let named = crate::data::page::download_name(name, date, uti_core::file::Syntax::Json);
    let named = named.trim_end_matches(".json");
    let named = named.strip_prefix("dataset-").unwrap_or(named);
    format!("{what}-{named}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_is_found_by_its_code() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.code()), Some(*f));
            assert_eq!(Format::parse(&f.code().to_uppercase()), Some(*f));
        }
        assert_eq!(Format::parse("exe"), None);
    }

    #[test]
    fn a_stem_names_what_it_is_and_the_date() {
        let date = time::Date::from_calendar_date(2026, time::Month::November, 2).unwrap();
        assert_eq!(
            file_stem("rapport", Some("Leernetwerk Één"), date),
            "rapport-leernetwerk-een-2026-11-02"
        );
        assert_eq!(file_stem("report", None, date), "report-2026-11-02");
    }
}
