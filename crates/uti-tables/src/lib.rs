//! The dataset as tables, for the researchers' own analysis in a
//! spreadsheet, R, SPSS or pandas: one table per kind of record
//! (initiatives, sessions, chains, plots, themes, challenges) and link
//! tables (partners, chain → theme, chain → challenge), written as one XLSX
//! workbook ([`xlsx`], a sheet per table) or as CSV files ([`csv`], a file
//! per table).
//!
//! Every row carries the keys to join on: the initiative's id (and, for
//! reading, its name), the session's index in the initiative's `sessions`
//! (from 0, as in the dataset) and its date, the chain's index in the
//! session's `cimo` (from 0) and its level. Lists become a table of their
//! own where a researcher would pivot on them (partners, the themes and
//! challenges of a chain); other lists (sectors, target groups,
//! interventions, mechanisms, outcomes, lessons, sources) are joined in one
//! cell with `"; "`. Values are the dataset's own: codes such as
//! `beoogd-ontwerp` or `doelgroep` are not translated; only the table and
//! column names follow the language.
//!
//! # Formulas
//!
//! No cell can run as a formula. In XLSX every text is a string cell (the
//! file holds no formulas at all), so `=1+1` shows as `=1+1`. In CSV a
//! spreadsheet decides by the text itself, so a text that a spreadsheet
//! could take for a formula (see [`formula_like`]) gets a single quote `'`
//! in front, as OWASP advises against CSV injection: `=1+1` is written as
//! `'=1+1`. The quote is visible when the file is opened; a script that
//! wants the exact text removes one leading `'` from such cells, or reads
//! the XLSX, which keeps the text exactly.
//!
//! # Limits of XLSX
//!
//! A cell holds at most 32,767 characters (UTF-16 units): a longer text
//! (a long transcript in `notes`) is cut there, ending in `…`, and
//! [`Workbook::truncated`] names the cells; the CSV files keep the whole
//! text. Excel has no dates before 1900: such a date is written as the text
//! `YYYY-MM-DD`.

mod coverage;
pub use coverage::coverage_tables;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatBorder, XlsxError};
use std::borrow::Cow;
use uti_core::Lang;
use uti_core::model::{Chain, Dataset, Initiative, LloType, Session, Term, TermKind};
use uti_core::values::IsoDate;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Nothing (an optional key that was absent).
    Empty,
    /// Text, written as text whatever it starts with.
    Text(String),
    /// A whole number: an index, a count, a score.
    Number(i64),
    /// A calendar date.
    Date(IsoDate),
    /// Yes or no.
    Bool(bool),
}

impl Cell {
    fn text(value: &str) -> Cell {
        Cell::Text(value.to_owned())
    }

    fn opt(value: Option<&str>) -> Cell {
        value.map_or(Cell::Empty, Cell::text)
    }

    fn list(values: Option<&[String]>) -> Cell {
        match values {
            Some(v) if !v.is_empty() => Cell::Text(v.join("; ")),
            _ => Cell::Empty,
        }
    }

    fn number(value: usize) -> Cell {
        Cell::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// One table: a name (the sheet, or the CSV file without `.csv`), a header
/// row and the rows, each as long as the header.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The name of the sheet or file, e.g. `sessies` or `sessions`.
    pub name: Cow<'static, str>,
    /// The column names.
    pub columns: Vec<Cow<'static, str>>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    fn new(
        lang: Lang,
        name: (&'static str, &'static str),
        columns: &[(&'static str, &'static str)],
    ) -> Table {
        Table {
            name: Cow::Borrowed(lang.pick(name.0, name.1)),
            columns: columns
                .iter()
                .map(|c| Cow::Borrowed(lang.pick(c.0, c.1)))
                .collect(),
            rows: Vec::new(),
        }
    }

    fn push(&mut self, row: Vec<Cell>) {
        debug_assert_eq!(row.len(), self.columns.len(), "row of {}", self.name);
        self.rows.push(row);
    }
}

/// The columns that locate a session: initiative id and name, session index and date.
const SESSION_KEYS: [(&str, &str); 4] = [
    ("initiatief_id", "initiative_id"),
    ("initiatief", "initiative"),
    ("sessie", "session"),
    ("datum", "date"),
];

/// The columns that locate a chain: those of its session, its index and level.
const CHAIN_KEYS: [(&str, &str); 6] = [
    SESSION_KEYS[0],
    SESSION_KEYS[1],
    SESSION_KEYS[2],
    SESSION_KEYS[3],
    ("keten", "chain"),
    ("niveau", "level"),
];

/// The plot's columns: the five scores, whether it is the initiative's
/// current plot, then the notes per type.
fn plot_columns() -> Vec<(&'static str, &'static str)> {
    let mut columns: Vec<(&str, &str)> = SESSION_KEYS.to_vec();
    columns.extend(LloType::ALL.iter().map(|t| {
        let name = score_column(*t);
        (name, name)
    }));
    columns.push(("actueel", "current"));
    columns.extend(LloType::ALL.iter().map(|t| notes_column(*t)));
    columns
}

/// The column of a type's score: the dataset's key, with `_` for `-`.
fn score_column(kind: LloType) -> &'static str {
    match kind {
        LloType::Opleiden => "opleiden",
        LloType::Community => "community",
        LloType::WaarderenCertificeren => "waarderen_certificeren",
        LloType::Matching => "matching",
        LloType::Loopbaanbegeleiding => "loopbaanbegeleiding",
    }
}

/// The column of a type's notes (`llo_notes`).
fn notes_column(kind: LloType) -> (&'static str, &'static str) {
    match kind {
        LloType::Opleiden => ("toelichting_opleiden", "notes_opleiden"),
        LloType::Community => ("toelichting_community", "notes_community"),
        LloType::WaarderenCertificeren => (
            "toelichting_waarderen_certificeren",
            "notes_waarderen_certificeren",
        ),
        LloType::Matching => ("toelichting_matching", "notes_matching"),
        LloType::Loopbaanbegeleiding => (
            "toelichting_loopbaanbegeleiding",
            "notes_loopbaanbegeleiding",
        ),
    }
}

fn session_keys(initiative: &Initiative, index: usize, session: &Session) -> Vec<Cell> {
    vec![
        Cell::text(initiative.id.as_str()),
        Cell::text(&initiative.name),
        Cell::number(index),
        Cell::Date(session.date),
    ]
}

fn chain_keys(
    initiative: &Initiative,
    s: usize,
    session: &Session,
    c: usize,
    chain: &Chain,
) -> Vec<Cell> {
    let mut row = session_keys(initiative, s, session);
    row.push(Cell::number(c));
    row.push(Cell::text(chain.level.as_str()));
    row
}

/// The dataset as tables, in this order: initiatives, sessions, chains,
/// plots, themes, challenges, partners, chain → theme, chain → challenge.
/// Table and column names are Dutch, or English with [`Lang::En`].
pub fn tables(dataset: &Dataset, lang: Lang) -> Vec<Table> {
    let mut initiatives = Table::new(
        lang,
        ("initiatieven", "initiatives"),
        &[
            ("initiatief_id", "initiative_id"),
            ("naam", "name"),
            ("korte_naam", "short_name"),
            ("sectoren", "sectors"),
            ("doelgroepen", "target_groups"),
            ("vraagstuk", "problem"),
            ("website", "website"),
        ],
    );
    let mut sessions = Table::new(
        lang,
        ("sessies", "sessions"),
        &[
            SESSION_KEYS[0],
            SESSION_KEYS[1],
            SESSION_KEYS[2],
            SESSION_KEYS[3],
            ("soort", "kind"),
            ("deelnemers", "participants"),
            ("werkplekleren", "workplace_learning"),
            ("werkplekleren_toelichting", "workplace_learning_notes"),
            ("notities", "notes"),
            ("lessen", "lessons"),
            ("concept", "draft"),
        ],
    );
    let mut chains = Table::new(
        lang,
        ("ketens", "chains"),
        &[
            CHAIN_KEYS[0],
            CHAIN_KEYS[1],
            CHAIN_KEYS[2],
            CHAIN_KEYS[3],
            CHAIN_KEYS[4],
            CHAIN_KEYS[5],
            ("context", "context"),
            ("interventies", "interventions"),
            ("mechanismen", "mechanisms"),
            ("uitkomsten", "outcomes"),
        ],
    );
    let mut plots = Table::new(lang, ("plots", "plots"), &plot_columns());
    let mut partners = Table::new(
        lang,
        ("partners", "partners"),
        &[
            ("initiatief_id", "initiative_id"),
            ("initiatief", "initiative"),
            ("partner", "partner"),
            ("soort", "kind"),
        ],
    );
    let link = |kind: TermKind| {
        let (name, id, term) = match kind {
            TermKind::Theme => (
                ("keten_themas", "chain_themes"),
                ("thema_id", "theme_id"),
                ("thema", "theme"),
            ),
            TermKind::Challenge => (
                ("keten_uitdagingen", "chain_challenges"),
                ("uitdaging_id", "challenge_id"),
                ("uitdaging", "challenge"),
            ),
        };
        let mut columns = CHAIN_KEYS.to_vec();
        columns.push(id);
        columns.push(term);
        Table::new(lang, name, &columns)
    };
    let mut chain_themes = link(TermKind::Theme);
    let mut chain_challenges = link(TermKind::Challenge);
    let term_name = |kind: TermKind, id: &str| {
        let list = match kind {
            TermKind::Theme => dataset.themes(),
            TermKind::Challenge => dataset.challenges(),
        };
        Cell::opt(
            list.iter()
                .find(|t| t.id.as_str() == id)
                .map(|t| t.name.as_str()),
        )
    };

    for initiative in dataset.initiatives() {
        initiatives.push(vec![
            Cell::text(initiative.id.as_str()),
            Cell::text(&initiative.name),
            Cell::opt(initiative.short_name.as_deref()),
            Cell::list(initiative.sectors.as_deref()),
            Cell::list(initiative.target_groups.as_deref()),
            Cell::opt(initiative.problem.as_deref()),
            Cell::opt(initiative.website.as_deref()),
        ]);
        for partner in initiative.partners.iter().flatten() {
            partners.push(vec![
                Cell::text(initiative.id.as_str()),
                Cell::text(&initiative.name),
                Cell::text(&partner.name),
                Cell::text(partner.kind.as_str()),
            ]);
        }
        // The session of the current plot (the latest with one).
        let current = initiative.plotted_sessions().last().copied();
        for (s, session) in initiative.sessions().iter().enumerate() {
            let mut row = session_keys(initiative, s, session);
            row.extend([
                Cell::text(session.kind.as_str()),
                session
                    .participants
                    .map_or(Cell::Empty, |n| Cell::Number(n.into())),
                Cell::opt(session.werkplekleren.map(|w| w.as_str())),
                Cell::opt(session.werkplekleren_notes.as_deref()),
                Cell::opt(session.notes.as_deref()),
                Cell::list(session.lessons.as_deref()),
                Cell::Bool(session.draft),
            ]);
            sessions.push(row);

            let notes = session.llo_notes.as_ref();
            if session.llo.is_some() || notes.is_some_and(|n| !n.is_empty()) {
                let mut row = session_keys(initiative, s, session);
                for kind in LloType::ALL {
                    row.push(
                        session
                            .llo
                            .map_or(Cell::Empty, |p| Cell::Number(p.get(*kind).value().into())),
                    );
                }
                row.push(Cell::Bool(
                    current.is_some_and(|c| std::ptr::eq(c, session)),
                ));
                for kind in LloType::ALL {
                    row.push(Cell::opt(
                        notes.and_then(|n| n.get(kind)).map(String::as_str),
                    ));
                }
                plots.push(row);
            }

            for (c, chain) in session.chains().iter().enumerate() {
                let mut row = chain_keys(initiative, s, session, c, chain);
                row.extend([
                    Cell::text(&chain.context),
                    Cell::list(Some(&chain.interventions)),
                    Cell::list(chain.mechanisms.as_deref()),
                    Cell::list(chain.outcomes.as_deref()),
                ]);
                chains.push(row);
                for (kind, table) in [
                    (TermKind::Theme, &mut chain_themes),
                    (TermKind::Challenge, &mut chain_challenges),
                ] {
                    for id in chain.terms(kind) {
                        let mut row = chain_keys(initiative, s, session, c, chain);
                        row.push(Cell::text(id.as_str()));
                        row.push(term_name(kind, id.as_str()));
                        table.push(row);
                    }
                }
            }
        }
    }

    let terms = |kind: TermKind, list: &[Term]| {
        let (name, id) = match kind {
            TermKind::Theme => (("themas", "themes"), ("thema_id", "theme_id")),
            TermKind::Challenge => (
                ("uitdagingen", "challenges"),
                ("uitdaging_id", "challenge_id"),
            ),
        };
        let mut table = Table::new(
            lang,
            name,
            &[
                id,
                ("naam", "name"),
                ("beschrijving", "description"),
                ("bronnen", "sources"),
            ],
        );
        for term in list {
            table.push(vec![
                Cell::text(term.id.as_str()),
                Cell::text(&term.name),
                Cell::opt(term.description.as_deref()),
                Cell::list(term.sources.as_deref()),
            ]);
        }
        table
    };

    vec![
        initiatives,
        sessions,
        chains,
        plots,
        terms(TermKind::Theme, dataset.themes()),
        terms(TermKind::Challenge, dataset.challenges()),
        partners,
        chain_themes,
        chain_challenges,
    ]
}

/// Whether a spreadsheet opening a CSV file could take this text for a
/// formula: it starts with `=`, `+`, `-` or `@` (or their full-width
/// forms), also after leading spaces, tabs and line breaks, or it starts
/// with a tab or a carriage return (OWASP, "CSV Injection").
pub fn formula_like(text: &str) -> bool {
    if text.starts_with(['\t', '\r']) {
        return true;
    }
    text.trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
}

/// The text as written in a CSV cell: with a `'` in front when it is
/// [`formula_like`], else unchanged.
pub fn csv_text(text: &str) -> Cow<'_, str> {
    if formula_like(text) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// The byte order mark that starts every CSV file.
pub const BOM: &str = "\u{feff}";

/// One table as a CSV file.
///
/// The file is UTF-8 **with** a byte order mark, comma-separated, with
/// `"` quoting where needed and CRLF line ends (RFC 4180). The mark is what
/// makes Excel read UTF-8 (without it, é and ë come out garbled in Excel);
/// LibreOffice, R (readr, or `read.csv(fileEncoding = "UTF-8-BOM")`) and
/// pandas recognise it. A comma is the separator that pandas, R and
/// LibreOffice expect, and Excel's *Data → From Text/CSV* detects it; Excel
/// with a Dutch list separator (`;`) opens a comma file by a double click
/// in a single column, so for Excel the XLSX is the better choice.
///
/// Numbers are plain digits, dates `YYYY-MM-DD`, yes/no `true`/`false`,
/// and texts that could run as a formula get a leading `'` ([`csv_text`]).
pub fn csv(table: &Table) -> Vec<u8> {
    let mut out = BOM.as_bytes().to_vec();
    {
        let mut writer = ::csv::WriterBuilder::new()
            .terminator(::csv::Terminator::CRLF)
            .from_writer(&mut out);
        // Writing into a Vec cannot fail.
        let _ = writer.write_record(table.columns.iter().map(|c| c.as_bytes()));
        for row in &table.rows {
            let record = row.iter().map(|cell| match cell {
                Cell::Empty => Cow::Borrowed(""),
                Cell::Text(text) => csv_text(text),
                Cell::Number(n) => Cow::Owned(n.to_string()),
                Cell::Date(d) => Cow::Owned(d.to_string()),
                Cell::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            });
            let _ = writer.write_record(record.map(|c| c.into_owned()));
        }
        let _ = writer.flush();
    }
    out
}

/// A workbook made by [`xlsx`].
#[derive(Debug)]
pub struct Workbook {
    /// The `.xlsx` file.
    pub bytes: Vec<u8>,
    /// The cells whose text was cut at Excel's limit, as `sheet!A1`.
    pub truncated: Vec<String>,
}

/// Why no workbook could be made: a table too large for a sheet (over
/// 1,048,575 rows), or an internal error of the writer.
#[derive(Debug)]
pub struct XlsxFailure(pub XlsxError);

impl std::fmt::Display for XlsxFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for XlsxFailure {}

impl From<XlsxError> for XlsxFailure {
    fn from(e: XlsxError) -> XlsxFailure {
        XlsxFailure(e)
    }
}

/// Excel's limit for the text of one cell, in UTF-16 units.
const MAX_CELL_TEXT: usize = 32_767;

/// Widest column, in characters: long texts wrap no further than this.
const MAX_WIDTH: usize = 60;

/// `text`, cut so that it fits in a cell (with `…` at the end), or `None`
/// when it fits as it is.
fn cut(text: &str) -> Option<String> {
    if text.encode_utf16().count() <= MAX_CELL_TEXT {
        return None;
    }
    let mut units = 0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        if units + c.len_utf16() > MAX_CELL_TEXT - 1 {
            break;
        }
        units += c.len_utf16();
        end = i + c.len_utf8();
    }
    Some(format!("{}…", &text[..end]))
}

/// The column letters of a 0-based column, e.g. 0 → `A`, 27 → `AB`.
fn column_letters(mut col: usize) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// The width a cell's content asks for, in characters: its longest line.
fn width_of(cell: &Cell) -> usize {
    match cell {
        Cell::Empty => 0,
        Cell::Text(t) => t.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        Cell::Number(n) => n.to_string().len(),
        Cell::Date(_) => 10,
        Cell::Bool(_) => 5,
    }
}

/// The tables as one XLSX workbook, a sheet per table: a bold header row
/// that stays in view (frozen) with an autofilter, columns as wide as their
/// content (within limits), numbers as number cells, dates as date cells
/// shown as `yyyy-mm-dd`, yes/no as boolean cells and every text as a text
/// cell, never a formula. `title` (the network's name) becomes the
/// document's title.
pub fn xlsx(tables: &[Table], title: Option<&str>) -> Result<Workbook, XlsxFailure> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    if let Some(title) = title {
        workbook.set_properties(&DocProperties::new().set_title(title));
    }
    let header = Format::new()
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut truncated = Vec::new();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name.as_ref())?;
        let mut widths: Vec<usize> = table.columns.iter().map(|c| c.chars().count()).collect();
        for (c, name) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, col(c)?, name.as_ref(), &header)?;
        }
        for (r, cells) in table.rows.iter().enumerate() {
            let row = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
            for (c, cell) in cells.iter().enumerate() {
                let column = col(c)?;
                if let Some(w) = widths.get_mut(c) {
                    *w = (*w).max(width_of(cell));
                }
                match cell {
                    Cell::Empty => {}
                    Cell::Text(text) => match cut(text) {
                        None => {
                            sheet.write_string(row, column, text)?;
                        }
                        Some(short) => {
                            truncated.push(format!(
                                "{}!{}{}",
                                table.name,
                                column_letters(c),
                                r + 2
                            ));
                            sheet.write_string(row, column, short)?;
                        }
                    },
                    Cell::Number(n) => {
                        // Indices, counts and scores: far below 2^53.
                        sheet.write_number(row, column, *n as f64)?;
                    }
                    Cell::Date(d) => {
                        let day = d.date();
                        match u16::try_from(day.year())
                            .ok()
                            .filter(|y| *y >= 1900)
                            .map(|y| ExcelDateTime::from_ymd(y, day.month().into(), day.day()))
                        {
                            Some(Ok(excel)) => {
                                sheet.write_datetime_with_format(row, column, excel, &date)?;
                            }
                            _ => {
                                sheet.write_string(row, column, d.to_string())?;
                            }
                        }
                    }
                    Cell::Bool(b) => {
                        sheet.write_boolean(row, column, *b)?;
                    }
                }
            }
        }
        for (c, w) in widths.iter().enumerate() {
            sheet.set_column_width(col(c)?, (*w).clamp(6, MAX_WIDTH) as f64 + 2.0)?;
        }
        let last_row =
            u32::try_from(table.rows.len()).map_err(|_| XlsxError::RowColumnLimitError)?;
        let last_col = col(table.columns.len().saturating_sub(1))?;
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, last_row, last_col)?;
    }
    let bytes = workbook.save_to_buffer()?;
    Ok(Workbook { bytes, truncated })
}

fn col(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_like_texts_are_recognised() {
        for text in [
            "=1+1", "+A1", "-2", "@SUM(A1)", "  =1", "\t=1", "\tx", "\rx", "\n=1", "＝1",
        ] {
            assert!(formula_like(text), "{text:?}");
            assert_eq!(csv_text(text), format!("'{text}"));
        }
        for text in ["", "a=b", "Leerhuis", " x", "1-2", "'=1"] {
            assert!(!formula_like(text), "{text:?}");
            assert_eq!(csv_text(text), text);
        }
    }

    #[test]
    fn long_texts_are_cut_at_excels_limit() {
        assert_eq!(cut("kort"), None);
        let long = "é".repeat(40_000);
        let short = cut(&long).unwrap();
        assert_eq!(short.encode_utf16().count(), MAX_CELL_TEXT);
        assert!(short.ends_with('…'));
        // A character outside the BMP takes two units and is never split.
        let emoji = "😀".repeat(20_000);
        let short = cut(&emoji).unwrap();
        assert!(short.encode_utf16().count() <= MAX_CELL_TEXT);
    }

    #[test]
    fn column_letters_follow_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn csv_has_a_bom_crlf_and_quotes() {
        let table = Table {
            name: "t".into(),
            columns: vec!["a".into(), "b".into()],
            rows: vec![vec![Cell::text("x, \"y\""), Cell::Number(3)]],
        };
        let out = String::from_utf8(csv(&table)).unwrap();
        assert_eq!(out, "\u{feff}a,b\r\n\"x, \"\"y\"\"\",3\r\n");
    }

    #[test]
    fn a_long_text_is_cut_and_named() {
        let table = Table {
            name: "t".into(),
            columns: vec!["a".into()],
            rows: vec![vec![Cell::Text("x".repeat(40_000))]],
        };
        let book = xlsx(&[table], None).unwrap();
        assert_eq!(book.truncated, vec!["t!A2"]);
    }
}
