//! `uti export`: the whole dataset as one file (YAML, JSON), or as tables
//! for the researchers' own analysis: one XLSX workbook, or a folder of
//! CSV files (see [`uti_tables`] for the tables, the encoding and how a
//! text never runs as a formula), or the landscape as a graph (GraphML,
//! GEXF; see [`uti_graph`]).

use super::{Context, Failure, output_syntax, write_failure};
use crate::cli::{DataFormat, ExportArgs, ExportFormat};
use crate::output::write_output;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use uti_core::Lang;
use uti_core::file::Syntax;
use uti_core::model::Dataset;

pub async fn run(context: &Context, args: ExportArgs) -> Result<(), Failure> {
    let lang = context.lang;
    let format = args
        .format
        .unwrap_or_else(|| format_of(args.out.as_deref()));
    match (format, args.out.as_deref()) {
        (ExportFormat::Csv, None) => {
            return Err(Failure::line(lang.pick(
                "--format csv schrijft een map met bestanden: geef die met --out MAP",
                "--format csv writes a folder of files: name it with --out DIR",
            )));
        }
        (ExportFormat::Kumu, None) => {
            return Err(Failure::line(lang.pick(
                "--format kumu schrijft een map met bestanden: geef die met --out MAP",
                "--format kumu writes a folder of files: name it with --out DIR",
            )));
        }
        (ExportFormat::Xlsx, None) if std::io::stdout().is_terminal() => {
            return Err(Failure::line(lang.pick(
                "een XLSX-bestand is binair: geef een bestand met --out BESTAND.xlsx",
                "an XLSX file is binary: name a file with --out FILE.xlsx",
            )));
        }
        _ => {}
    }
    let store = context.open().await?;
    let dataset = store
        .dataset()
        .await
        .map_err(|e| context.store_failure(e))?;
    store.close().await;
    let out = args.out.as_deref();
    match format {
        ExportFormat::Yaml | ExportFormat::Json => {
            let data_format = if format == ExportFormat::Json {
                DataFormat::Json
            } else {
                DataFormat::Yaml
            };
            let syntax = output_syntax(Some(data_format), out);
            let text = uti_core::file::write(&dataset, syntax);
            write_output(out, text.as_bytes()).map_err(|e| write_failure(lang, out, e))
        }
        ExportFormat::Xlsx => write_xlsx(lang, &dataset, out),
        ExportFormat::Csv => {
            let files = uti_tables::tables(&dataset, lang)
                .iter()
                .map(|t| (format!("{}.csv", t.name), uti_tables::csv(t)))
                .collect();
            write_files(lang, files, out.unwrap_or(Path::new(".")), args.force)
        }
        ExportFormat::Kumu => {
            let files = vec![
                (
                    "kumu-elements.csv".to_owned(),
                    uti_graph::kumu::elements_csv(&dataset),
                ),
                (
                    "kumu-connections.csv".to_owned(),
                    uti_graph::kumu::connections_csv(&dataset),
                ),
                (
                    "kumu.json".to_owned(),
                    uti_graph::kumu::json(&dataset).into_bytes(),
                ),
            ];
            write_files(lang, files, out.unwrap_or(Path::new(".")), args.force)
        }
        ExportFormat::Graphml | ExportFormat::Gexf => {
            let text = if format == ExportFormat::Graphml {
                uti_graph::graphml(&dataset)
            } else {
                uti_graph::gexf(&dataset, dataset.network.as_deref().unwrap_or("uti"))
            };
            write_output(out, text.as_bytes()).map_err(|e| write_failure(lang, out, e))
        }
    }
}

/// The format from `--out`'s extension: `.xlsx`, else the dataset syntax, else YAML.
fn format_of(out: Option<&Path>) -> ExportFormat {
    let xlsx = out
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if xlsx {
        return ExportFormat::Xlsx;
    }
    match out
        .and_then(Path::extension)
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("graphml") => return ExportFormat::Graphml,
        Some("gexf") => return ExportFormat::Gexf,
        _ => {}
    }
    match out.and_then(Syntax::of_path) {
        Some(Syntax::Json) => ExportFormat::Json,
        _ => ExportFormat::Yaml,
    }
}

/// One workbook, replaced safely like the other formats.
fn write_xlsx(lang: Lang, dataset: &Dataset, out: Option<&Path>) -> Result<(), Failure> {
    let tables = uti_tables::tables(dataset, lang);
    let book = uti_tables::xlsx(&tables, dataset.network.as_deref()).map_err(|e| {
        Failure::line(match lang {
            Lang::Nl => format!("kan het XLSX-bestand niet maken: {e}"),
            Lang::En => format!("cannot make the XLSX file: {e}"),
        })
    })?;
    write_output(out, &book.bytes).map_err(|e| write_failure(lang, out, e))?;
    if !book.truncated.is_empty() {
        let cells = book.truncated.join(", ");
        eprintln!(
            "{}",
            match lang {
                Lang::Nl => format!(
                    "let op: tekst ingekort tot 32.767 tekens (de grens van Excel) in {cells}; de CSV-export bevat de hele tekst"
                ),
                Lang::En => format!(
                    "note: text cut to 32,767 characters (Excel's limit) in {cells}; the CSV export holds the whole text"
                ),
            }
        );
    }
    Ok(())
}

/// The named files in `dir` (made when missing). Without `force`
/// nothing is written when any of the files exists.
fn write_files(
    lang: Lang,
    contents: Vec<(String, Vec<u8>)>,
    dir: &Path,
    force: bool,
) -> Result<(), Failure> {
    let files: Vec<PathBuf> = contents.iter().map(|(name, _)| dir.join(name)).collect();
    if !force {
        let existing: Vec<String> = files
            .iter()
            .filter(|f| f.symlink_metadata().is_ok())
            .map(|f| f.display().to_string())
            .collect();
        if let Some(first) = existing.first() {
            let others = existing.len() - 1;
            return Err(Failure::line(match (lang, others) {
                (Lang::Nl, 0) => format!(
                    "{first} bestaat al; niets geschreven. Kies een andere map of geef --force om de bestanden te vervangen"
                ),
                (Lang::Nl, n) => format!(
                    "{first} en {n} andere bestanden bestaan al; niets geschreven. Kies een andere map of geef --force om de bestanden te vervangen"
                ),
                (Lang::En, 0) => format!(
                    "{first} already exists; nothing written. Choose another folder or give --force to replace the files"
                ),
                (Lang::En, 1) => format!(
                    "{first} and 1 other file already exist; nothing written. Choose another folder or give --force to replace the files"
                ),
                (Lang::En, n) => format!(
                    "{first} and {n} other files already exist; nothing written. Choose another folder or give --force to replace the files"
                ),
            }));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| write_failure(lang, Some(dir), e))?;
    for ((_, bytes), file) in contents.iter().zip(&files) {
        write_output(Some(file), bytes).map_err(|e| write_failure(lang, Some(file), e))?;
    }
    let csv = files
        .iter()
        .all(|f| f.extension().is_some_and(|e| e == "csv"));
    let (nl, en) = if csv {
        ("CSV-bestanden", "CSV files")
    } else {
        ("bestanden", "files")
    };
    eprintln!(
        "{}",
        match lang {
            Lang::Nl => format!("{} {nl} geschreven in {}.", files.len(), dir.display()),
            Lang::En => format!("{} {en} written in {}.", files.len(), dir.display()),
        }
    );
    Ok(())
}
