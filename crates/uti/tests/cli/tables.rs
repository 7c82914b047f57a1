//! Tables for the researchers' own analysis: `uti export --format xlsx`
//! and `--format csv`, read back with calamine and the csv crate and
//! compared, cell by cell, with what the tables must hold according to the
//! dataset itself (`uti export --format json`); no text runs as a formula;
//! a CSV export never overwrites without `--force`; the XLSX download in
//! the browser, without other initiatives' drafts for a contact.

use crate::http::Client;
use crate::support::{Env, data};
use crate::web::Site;
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use serde_json::{Value, json};
use std::io::{Cursor, Read, Write};
use std::path::Path;

/// A cell as it must read back.
#[derive(Debug, Clone, PartialEq)]
enum V {
    Empty,
    Text(String),
    Num(f64),
    /// `YYYY-MM-DD`.
    Date(String),
    Bool(bool),
}

/// A table as it must read back: its name, column names and rows.
#[derive(Debug)]
struct Expected {
    name: String,
    columns: Vec<String>,
    rows: Vec<Vec<V>>,
}

/// A Dutch and an English name.
type Names = (&'static str, &'static str);

/// The names of the tables and their columns, in order, Dutch and English:
/// the contract of the export.
fn layout() -> Vec<(Names, Vec<Names>)> {
    let session = vec![
        ("initiatief_id", "initiative_id"),
        ("initiatief", "initiative"),
        ("sessie", "session"),
        ("datum", "date"),
    ];
    let mut chain = session.clone();
    chain.extend([("keten", "chain"), ("niveau", "level")]);
    let with = |base: &Vec<(&'static str, &'static str)>, more: &[(&'static str, &'static str)]| {
        let mut v = base.clone();
        v.extend_from_slice(more);
        v
    };
    let scores = [
        ("opleiden", "opleiden"),
        ("community", "community"),
        ("waarderen_certificeren", "waarderen_certificeren"),
        ("matching", "matching"),
        ("loopbaanbegeleiding", "loopbaanbegeleiding"),
        ("actueel", "current"),
        ("toelichting_opleiden", "notes_opleiden"),
        ("toelichting_community", "notes_community"),
        (
            "toelichting_waarderen_certificeren",
            "notes_waarderen_certificeren",
        ),
        ("toelichting_matching", "notes_matching"),
        (
            "toelichting_loopbaanbegeleiding",
            "notes_loopbaanbegeleiding",
        ),
    ];
    vec![
        (
            ("initiatieven", "initiatives"),
            vec![
                ("initiatief_id", "initiative_id"),
                ("naam", "name"),
                ("korte_naam", "short_name"),
                ("sectoren", "sectors"),
                ("doelgroepen", "target_groups"),
                ("vraagstuk", "problem"),
                ("website", "website"),
            ],
        ),
        (
            ("sessies", "sessions"),
            with(
                &session,
                &[
                    ("soort", "kind"),
                    ("deelnemers", "participants"),
                    ("werkplekleren", "workplace_learning"),
                    ("werkplekleren_toelichting", "workplace_learning_notes"),
                    ("notities", "notes"),
                    ("lessen", "lessons"),
                    ("concept", "draft"),
                ],
            ),
        ),
        (
            ("ketens", "chains"),
            with(
                &chain,
                &[
                    ("context", "context"),
                    ("interventies", "interventions"),
                    ("mechanismen", "mechanisms"),
                    ("uitkomsten", "outcomes"),
                ],
            ),
        ),
        (("plots", "plots"), with(&session, &scores)),
        (
            ("themas", "themes"),
            vec![
                ("thema_id", "theme_id"),
                ("naam", "name"),
                ("beschrijving", "description"),
                ("bronnen", "sources"),
            ],
        ),
        (
            ("uitdagingen", "challenges"),
            vec![
                ("uitdaging_id", "challenge_id"),
                ("naam", "name"),
                ("beschrijving", "description"),
                ("bronnen", "sources"),
            ],
        ),
        (
            ("partners", "partners"),
            vec![
                ("initiatief_id", "initiative_id"),
                ("initiatief", "initiative"),
                ("partner", "partner"),
                ("soort", "kind"),
            ],
        ),
        (
            ("keten_themas", "chain_themes"),
            with(&chain, &[("thema_id", "theme_id"), ("thema", "theme")]),
        ),
        (
            ("keten_uitdagingen", "chain_challenges"),
            with(
                &chain,
                &[("uitdaging_id", "challenge_id"), ("uitdaging", "challenge")],
            ),
        ),
    ]
}

fn text(v: &Value) -> V {
    v.as_str().map_or(V::Empty, |s| V::Text(s.to_owned()))
}

fn joined(v: &Value) -> V {
    match v.as_array() {
        Some(items) if !items.is_empty() => V::Text(
            items
                .iter()
                .map(|i| i.as_str().unwrap())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        _ => V::Empty,
    }
}

fn number(v: &Value) -> V {
    v.as_f64().map_or(V::Empty, V::Num)
}

fn list(v: &Value) -> &[Value] {
    v.as_array().map_or(&[], Vec::as_slice)
}

/// What every table must hold, derived from the dataset (its JSON export).
fn expected(dataset: &Value, en: bool) -> Vec<Expected> {
    let pick = |(nl, e): (&str, &str)| if en { e } else { nl }.to_owned();
    let mut rows: Vec<Vec<Vec<V>>> = vec![Vec::new(); 9];
    let term_name = |list_key: &str, id: &str| {
        list(&dataset[list_key])
            .iter()
            .find(|t| t["id"] == id)
            .map_or(V::Empty, |t| text(&t["name"]))
    };
    for i in list(&dataset["initiatives"]) {
        let id = text(&i["id"]);
        let name = text(&i["name"]);
        rows[0].push(vec![
            id.clone(),
            name.clone(),
            text(&i["short_name"]),
            joined(&i["sectors"]),
            joined(&i["target_groups"]),
            text(&i["problem"]),
            text(&i["website"]),
        ]);
        for p in list(&i["partners"]) {
            rows[6].push(vec![
                id.clone(),
                name.clone(),
                text(&p["name"]),
                text(&p["kind"]),
            ]);
        }
        // The current plot: the latest session with one; the later in the
        // file wins a tie.
        let mut current: Option<(usize, &str)> = None;
        for (s, session) in list(&i["sessions"]).iter().enumerate() {
            let date = session["date"].as_str().unwrap();
            if !session["llo"].is_null() && current.is_none_or(|(_, d)| date >= d) {
                current = Some((s, date));
            }
        }
        for (s, session) in list(&i["sessions"]).iter().enumerate() {
            let keys = vec![
                id.clone(),
                name.clone(),
                V::Num(s as f64),
                V::Date(session["date"].as_str().unwrap().to_owned()),
            ];
            let mut row = keys.clone();
            row.extend([
                text(&session["kind"]),
                number(&session["participants"]),
                text(&session["werkplekleren"]),
                text(&session["werkplekleren_notes"]),
                text(&session["notes"]),
                joined(&session["lessons"]),
                V::Bool(session["draft"].as_bool().unwrap_or(false)),
            ]);
            rows[1].push(row);
            let notes = session["llo_notes"].as_object();
            if !session["llo"].is_null() || notes.is_some_and(|n| !n.is_empty()) {
                let types = [
                    "opleiden",
                    "community",
                    "waarderen-certificeren",
                    "matching",
                    "loopbaanbegeleiding",
                ];
                let mut row = keys.clone();
                row.extend(types.iter().map(|t| number(&session["llo"][t])));
                row.push(V::Bool(current.is_some_and(|(c, _)| c == s)));
                row.extend(types.iter().map(|t| text(&session["llo_notes"][t])));
                rows[3].push(row);
            }
            for (c, chain) in list(&session["cimo"]).iter().enumerate() {
                let mut keys = keys.clone();
                keys.extend([V::Num(c as f64), text(&chain["level"])]);
                let mut row = keys.clone();
                row.extend([
                    text(&chain["context"]),
                    joined(&chain["interventions"]),
                    joined(&chain["mechanisms"]),
                    joined(&chain["outcomes"]),
                ]);
                rows[2].push(row);
                for (table, key, terms) in
                    [(7, "themes", "themes"), (8, "challenges", "challenges")]
                {
                    for term in list(&chain[key]) {
                        let mut row = keys.clone();
                        row.push(text(term));
                        row.push(term_name(terms, term.as_str().unwrap()));
                        rows[table].push(row);
                    }
                }
            }
        }
    }
    for (table, key) in [(4, "themes"), (5, "challenges")] {
        for t in list(&dataset[key]) {
            rows[table].push(vec![
                text(&t["id"]),
                text(&t["name"]),
                text(&t["description"]),
                joined(&t["sources"]),
            ]);
        }
    }
    layout()
        .into_iter()
        .zip(rows)
        .map(|((name, columns), rows)| Expected {
            name: pick(name),
            columns: columns.into_iter().map(pick).collect(),
            rows,
        })
        .collect()
}

/// Days since 1970-01-01 to `YYYY-MM-DD` (H. Hinnant's civil_from_days).
fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A cell of the workbook as a value; a date only when the cell has a
/// date format (calamine reads those as `DateTime`).
fn read_cell(cell: &Data) -> V {
    match cell {
        Data::Empty => V::Empty,
        Data::String(s) => V::Text(s.clone()),
        Data::Float(f) => V::Num(*f),
        Data::Int(i) => V::Num(*i as f64),
        Data::Bool(b) => V::Bool(*b),
        Data::DateTime(dt) => {
            assert!(dt.is_datetime(), "{dt:?}");
            let serial = dt.as_f64();
            assert_eq!(serial.fract(), 0.0, "a date without a time");
            // Excel's day 25569 is 1970-01-01 (for dates after 1900-02-28).
            V::Date(civil(serial as i64 - 25_569))
        }
        other => panic!("unexpected cell {other:?}"),
    }
}

/// Each sheet of the workbook: name and rows (the header first).
fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<V>>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            assert_eq!(range.start(), Some((0, 0)), "{name} starts at A1");
            let formulas = book.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{name} holds a formula"
            );
            let rows = range
                .rows()
                .map(|r| r.iter().map(read_cell).collect())
                .collect();
            (name, rows)
        })
        .collect()
}

/// Compares a workbook with the expectations, every cell.
fn assert_workbook(bytes: &[u8], expected: &[Expected]) {
    let sheets = read_xlsx(bytes);
    assert_eq!(
        sheets.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        expected.iter().map(|e| e.name.as_str()).collect::<Vec<_>>(),
        "the sheets"
    );
    for ((name, rows), e) in sheets.iter().zip(expected) {
        let header: Vec<V> = e.columns.iter().map(|c| V::Text(c.clone())).collect();
        assert_eq!(rows[0], header, "header of {name}");
        assert_eq!(rows.len() - 1, e.rows.len(), "rows of {name}");
        for (r, (got, want)) in rows[1..].iter().zip(&e.rows).enumerate() {
            assert_eq!(got, want, "{name}, row {}", r + 2);
        }
    }
}

/// The rule the export promises for CSV: a text a spreadsheet could take
/// for a formula gets a leading `'`.
fn formula_like(t: &str) -> bool {
    t.starts_with(['\t', '\r'])
        || t.trim_start_matches([' ', '\t', '\r', '\n'])
            .starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
}

/// A value as the CSV file must hold it.
fn csv_text(v: &V) -> String {
    match v {
        V::Empty => String::new(),
        V::Text(t) if formula_like(t) => format!("'{t}"),
        V::Text(t) => t.clone(),
        V::Num(n) => format!("{n}"),
        V::Date(d) => d.clone(),
        V::Bool(b) => b.to_string(),
    }
}

/// The records of a CSV file (header first), after checking its BOM.
fn read_csv(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let rest = bytes
        .strip_prefix("\u{feff}".as_bytes())
        .unwrap_or_else(|| panic!("{} has no BOM", path.display()));
    assert!(std::str::from_utf8(rest).is_ok(), "UTF-8");
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(rest)
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect()
}

/// Compares a CSV folder with the expectations: exactly one file per
/// table, every cell.
fn assert_csv_folder(dir: &Path, expected: &[Expected]) {
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    files.sort();
    let mut want: Vec<String> = expected.iter().map(|e| format!("{}.csv", e.name)).collect();
    want.sort();
    assert_eq!(files, want, "one file per table");
    for e in expected {
        let records = read_csv(&dir.join(format!("{}.csv", e.name)));
        assert_eq!(records[0], e.columns, "header of {}", e.name);
        assert_eq!(records.len() - 1, e.rows.len(), "rows of {}", e.name);
        for (r, (got, want)) in records[1..].iter().zip(&e.rows).enumerate() {
            let want: Vec<String> = want.iter().map(csv_text).collect();
            assert_eq!(got, &want, "{}.csv, record {}", e.name, r + 2);
        }
    }
}

/// An example network in a fresh database, and its JSON export.
fn example() -> (Env, Value) {
    let env = Env::sqlite();
    env.ok(&["import", data("voorbeeldnetwerk.yaml").to_str().unwrap()]);
    let json = serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    (env, json)
}

#[test]
fn the_workbook_holds_every_record_of_the_example_network() {
    let (env, dataset) = example();
    env.ok(&["export", "--format", "xlsx", "--out", "netwerk.xlsx"]);
    let bytes = std::fs::read(env.path("netwerk.xlsx")).unwrap();
    let expected = expected(&dataset, false);
    assert_workbook(&bytes, &expected);
    // Not vacuous: every table has rows, and there are dates, numbers and
    // both current and earlier plots.
    for e in &expected {
        assert!(!e.rows.is_empty(), "{} is empty in the example", e.name);
    }
    let plots = &expected[3].rows;
    assert!(plots.iter().any(|r| r[9] == V::Bool(true)));
    assert!(plots.iter().any(|r| r[9] == V::Bool(false)));
    // The extension alone chooses XLSX, too.
    env.ok(&["export", "--out", "ook.xlsx"]);
    assert_workbook(&std::fs::read(env.path("ook.xlsx")).unwrap(), &expected);
}

/// The XML of each sheet in the workbook's zip archive.
fn sheet_xml(bytes: &[u8]) -> Vec<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).unwrap();
    let mut sheets = Vec::new();
    for n in 1.. {
        let Ok(mut file) = archive.by_name(&format!("xl/worksheets/sheet{n}.xml")) else {
            break;
        };
        let mut xml = String::new();
        file.read_to_string(&mut xml).unwrap();
        sheets.push(xml);
    }
    sheets
}

#[test]
fn every_sheet_has_a_frozen_header_an_autofilter_and_column_widths() {
    let (env, dataset) = example();
    env.ok(&["export", "--format", "xlsx", "--out", "n.xlsx"]);
    let sheets = sheet_xml(&std::fs::read(env.path("n.xlsx")).unwrap());
    let expected = expected(&dataset, false);
    assert_eq!(sheets.len(), expected.len());
    for (xml, e) in sheets.iter().zip(&expected) {
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{}: header not frozen",
            e.name
        );
        assert!(
            xml.contains("<autoFilter ref=\"A1:"),
            "{}: no autofilter",
            e.name
        );
        assert!(xml.contains("customWidth=\"1\""), "{}: no widths", e.name);
        assert!(!xml.contains("<f>"), "{}: a formula", e.name);
    }
}

#[test]
fn english_table_and_column_names_with_lang_en() {
    let (env, dataset) = example();
    env.ok(&[
        "--lang", "en", "export", "--format", "xlsx", "--out", "n.xlsx",
    ]);
    let expected = expected(&dataset, true);
    assert_eq!(expected[1].name, "sessions");
    assert_workbook(&std::fs::read(env.path("n.xlsx")).unwrap(), &expected);
    env.ok(&["--lang", "en", "export", "--format", "csv", "--out", "csv"]);
    assert_csv_folder(&env.path("csv"), &expected);
}

#[test]
fn the_csv_folder_holds_the_same_tables_as_the_workbook() {
    let (env, dataset) = example();
    // The folder is made, with its parents.
    let run = env.ok(&["export", "--format", "csv", "--out", "uit/tabellen"]);
    assert!(run.stderr.contains("9 CSV-bestanden"), "{}", run.stderr);
    let expected = expected(&dataset, false);
    assert_csv_folder(&env.path("uit/tabellen"), &expected);
    // Same row counts as the workbook.
    env.ok(&["export", "--format", "xlsx", "--out", "n.xlsx"]);
    let sheets = read_xlsx(&std::fs::read(env.path("n.xlsx")).unwrap());
    for (name, rows) in sheets {
        let records = read_csv(&env.path(&format!("uit/tabellen/{name}.csv")));
        assert_eq!(records.len(), rows.len(), "{name}");
    }
    // CRLF line ends, comma separated.
    let raw = std::fs::read_to_string(env.path("uit/tabellen/themas.csv")).unwrap();
    assert!(raw.starts_with("\u{feff}thema_id,naam,beschrijving,bronnen\r\n"));
}

/// Texts that a spreadsheet could run as a formula, in every kind of record.
const HOSTILE: &str = r#"format: uti-dataset/1
network: "=HYPERLINK(\"x\")"
themes:
  - id: formule
    name: "@SUM(A1)"
    description: "=1+1"
    sources: ["-2", "+A1"]
challenges:
  - id: uitdaging
    name: "  =1+1"
    description: "\t=1+1"
initiatives:
  - id: formules
    name: "=1+1"
    short_name: "+A1"
    sectors: ["-2", zorg]
    target_groups: ["@SUM(A1)"]
    problem: "-2"
    website: "@SUM(A1)"
    partners:
      - {name: "=cmd|' /C calc'!A0", kind: werkgever}
    sessions:
      - date: 2025-01-02
        kind: beoogd-ontwerp
        notes: " =1+1"
        werkplekleren: geen
        werkplekleren_notes: "\r=1+1"
        lessons: ["@SUM(A1)", gewoon]
        cimo:
          - level: doelgroep
            context: "+A1"
            interventions: ["=1+1"]
            mechanisms: ["-2"]
            outcomes: ["@SUM(A1)"]
            themes: [formule]
            challenges: [uitdaging]
        llo: {opleiden: 2, community: 1, waarderen-certificeren: 0, matching: 0, loopbaanbegeleiding: 0}
        llo_notes:
          opleiden: "=1+1"
          matching: "a=b is geen formule"
"#;

#[test]
fn no_text_runs_as_a_formula_in_xlsx_or_csv() {
    let env = Env::sqlite();
    env.write("formules.yaml", HOSTILE);
    env.ok(&["import", "formules.yaml"]);
    let dataset: Value =
        serde_json::from_str(&env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let expected = expected(&dataset, false);
    env.ok(&["export", "--format", "xlsx", "--out", "f.xlsx"]);
    env.ok(&["export", "--format", "csv", "--out", "csv"]);
    let bytes = std::fs::read(env.path("f.xlsx")).unwrap();
    // Every cell as in the dataset, strings as strings, and no formulas.
    assert_workbook(&bytes, &expected);
    assert_csv_folder(&env.path("csv"), &expected);

    // The cases of the issue, one by one.
    let sheets = read_xlsx(&bytes);
    let cell = |sheet: usize, row: usize, col: usize| sheets[sheet].1[row][col].clone();
    let csv = |file: &str, row: usize, col: usize| {
        read_csv(&env.path(&format!("csv/{file}.csv")))[row][col].clone()
    };
    for ((sheet, file, row, col), text) in [
        ((0, "initiatieven", 1, 1), "=1+1"),
        ((0, "initiatieven", 1, 2), "+A1"),
        ((0, "initiatieven", 1, 5), "-2"),
        ((0, "initiatieven", 1, 6), "@SUM(A1)"),
        ((1, "sessies", 1, 8), " =1+1"),
        ((1, "sessies", 1, 7), "\r=1+1"),
        ((2, "ketens", 1, 6), "+A1"),
        ((3, "plots", 1, 10), "=1+1"),
        ((5, "uitdagingen", 1, 1), "  =1+1"),
        ((5, "uitdagingen", 1, 2), "\t=1+1"),
        ((6, "partners", 1, 2), "=cmd|' /C calc'!A0"),
    ] {
        assert_eq!(cell(sheet, row, col), V::Text(text.to_owned()), "{file}");
        assert_eq!(csv(file, row, col), format!("'{text}"), "{file}");
    }
    // Only such texts get the quote.
    assert_eq!(csv("plots", 1, 13), "a=b is geen formule");
    assert_eq!(csv("initiatieven", 1, 0), "formules");
}

#[test]
fn a_csv_export_overwrites_nothing_without_force() {
    let (env, dataset) = example();
    env.ok(&["export", "--format", "csv", "--out", "csv"]);
    std::fs::write(env.path("csv/sessies.csv"), "van mij").unwrap();

    let run = env.run(&["export", "--format", "csv", "--out", "csv"]);
    assert!(!run.success);
    assert_eq!(run.code, Some(1), "the code of every refusal");
    assert!(
        run.stderr
            .contains("csv/initiatieven.csv en 8 andere bestanden bestaan al")
            && run.stderr.contains("niets geschreven")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(env.path("csv/sessies.csv")).unwrap(),
        "van mij"
    );

    // One clash is enough to write nothing at all.
    std::fs::create_dir(env.path("andere")).unwrap();
    std::fs::write(env.path("andere/plots.csv"), "van mij").unwrap();
    std::fs::write(env.path("andere/notities.txt"), "ook van mij").unwrap();
    let run = env.run(&["export", "--format", "csv", "--out", "andere"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(
        run.stderr.contains("andere/plots.csv bestaat al"),
        "{}",
        run.stderr
    );
    assert!(!env.path("andere/sessies.csv").exists());

    // With --force the files are replaced; other files stay.
    env.ok(&["export", "--format", "csv", "--out", "csv", "--force"]);
    assert_csv_folder(&env.path("csv"), &expected(&dataset, false));
    env.ok(&["export", "--format", "csv", "--out", "andere", "--force"]);
    assert_eq!(
        std::fs::read_to_string(env.path("andere/notities.txt")).unwrap(),
        "ook van mij"
    );

    // A folder is needed.
    let run = env.run(&["export", "--format", "csv"]);
    assert_eq!(run.code, Some(1));
    assert!(run.stderr.contains("--out MAP"), "{}", run.stderr);
}

/// GET with the client's session, the body as bytes.
fn get_bytes(client: &Client, path: &str) -> (u16, String, Vec<u8>) {
    let mut stream = std::net::TcpStream::connect(&client.address).unwrap();
    let mut head = format!(
        "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n",
        client.address
    );
    if let Some(cookie) = &client.cookie {
        head.push_str(&format!("Cookie: {cookie}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let mut body = raw[split + 4..].to_vec();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        let mut out = Vec::new();
        let mut rest = body.as_slice();
        loop {
            let line = rest.windows(2).position(|w| w == b"\r\n").unwrap();
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..line]).unwrap().trim(), 16)
                    .unwrap();
            if size == 0 {
                break;
            }
            out.extend_from_slice(&rest[line + 2..line + 2 + size]);
            rest = &rest[line + 2 + size + 2..];
        }
        body = out;
    }
    (status, head, body)
}

#[test]
fn the_workbook_downloads_in_the_browser_without_others_drafts_for_a_contact() {
    let site = Site::new();
    let dataset: Value =
        serde_json::from_str(&site.env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let lia = site.login("lia");
    let page = lia.get("/gegevens");
    assert!(
        page.body.contains("href=\"/api/dataset?format=xlsx\""),
        "a link on the page"
    );
    let (status, head, body) = get_bytes(&lia, "/api/dataset?format=xlsx");
    assert_eq!(status, 200, "{head}");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains(
            "content-type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
        "{head}"
    );
    assert!(
        head.contains("filename=\"leernetwerk-voorbeeldregio-fictief-20")
            && head.contains(".xlsx\""),
        "{head}"
    );
    assert_workbook(&body, &expected(&dataset, false));
    let (_, _, body) = get_bytes(&lia, "/api/dataset?format=xlsx&lang=en");
    assert_workbook(&body, &expected(&dataset, true));
    // The CSV tables come as a ZIP holding exactly the files that
    // `uti export --format csv` writes.
    let (status, head, body) = get_bytes(&lia, "/api/dataset?format=csv");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/zip"),
        "{head}"
    );
    assert!(page.body.contains("href=\"/api/dataset?format=csv\""));
    let dir = site.env.path("csv-export");
    site.env
        .ok(&["export", "--format", "csv", "--out", dir.to_str().unwrap()]);
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(body)).unwrap();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    on_disk.sort();
    let mut in_zip = Vec::new();
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().rsplit('/').next().unwrap().to_owned();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        assert_eq!(bytes, std::fs::read(dir.join(&name)).unwrap(), "{name}");
        in_zip.push(name);
    }
    in_zip.sort();
    assert_eq!(in_zip, on_disk);
    let r = lia.get("/api/dataset?format=ods");
    assert_eq!(r.status, 400, "{}", r.body);

    // A draft of another initiative: the researcher sees it, the contact
    // of zorgpioniers does not.
    let rik = site.login("rik");
    let r = rik.json(
        "POST",
        "/api/initiatives/atelier-maakkracht/sessions",
        &json!({"date": "2026-09-01", "kind": "ontwerp-in-actie", "notes": "GEHEIM-IN-XLSX", "draft": true}),
    );
    assert_eq!(r.status, 201, "{}", r.body);
    let with_draft: Value =
        serde_json::from_str(&site.env.ok(&["export", "--format", "json"]).stdout).unwrap();
    let (_, _, body) = get_bytes(&rik, "/api/dataset?format=xlsx");
    assert_workbook(&body, &expected(&with_draft, false));
    let sessions = &read_xlsx(&body)[1].1;
    assert!(
        sessions
            .iter()
            .any(|r| r[8] == V::Text("GEHEIM-IN-XLSX".into()) && r[10] == V::Bool(true))
    );
    let cas = site.login("cas");
    let (status, _, body) = get_bytes(&cas, "/api/dataset?format=xlsx");
    assert_eq!(status, 200);
    assert_workbook(&body, &expected(&dataset, false));
}
