//! `uti report`: the report of the network, or one initiative's portrait,
//! as Markdown (charts as SVG files beside it) or standalone HTML.

use super::{Context, Failure, write_failure};
use crate::cli::{ReportArgs, ReportFormat};
use crate::output::write_output;
use std::io::Read;
use std::path::{Path, PathBuf};
use uti_core::Lang;
use uti_core::analysis::analyse;
use uti_core::report::{self, Options, markdown};
use uti_core::values::IsoDate;

/// Largest introduction or perspective file read: 1 MiB.
const MAX_WRITTEN: u64 = 1 << 20;

pub async fn run(context: &Context, args: ReportArgs) -> Result<(), Failure> {
    let lang = context.lang;
    let format = match args.format.or_else(|| format_of(&args.out)) {
        Some(f) => f,
        None => {
            return Err(Failure::line(lang.pick(
                "geef --format md, html, pdf of docx (of een --out die eindigt op .md, .html, .pdf of .docx)",
                "give --format md, html, pdf or docx (or an --out ending in .md, .html, .pdf or .docx)",
            )));
        }
    };
    let date = match &args.date {
        Some(text) => IsoDate::parse(text).ok_or_else(|| {
            Failure::line(match lang {
                Lang::Nl => format!("--date {text}: geen geldige datum (JJJJ-MM-DD)"),
                Lang::En => format!("--date {text}: not a valid date (YYYY-MM-DD)"),
            })
        })?,
        None => today(),
    };
    let mut options = Options::new(lang, date);
    options.title = args.title.clone();
    options.version = args.version.clone();
    options.intro = args
        .intro
        .as_deref()
        .map(|p| read_written(lang, p))
        .transpose()?;
    options.perspective = args
        .perspective
        .as_deref()
        .map(|p| read_written(lang, p))
        .transpose()?;

    let store = context.open().await?;
    // Without --intro/--perspective, the texts written in the browser (/rapport).
    if args.initiative.is_none() {
        store
            .report_texts()
            .await
            .map_err(|e| context.store_failure(e))?
            .fill(&mut options);
    }
    let dataset = store
        .dataset()
        .await
        .map_err(|e| context.store_failure(e))?;
    store.close().await;

    let report = match &args.initiative {
        Some(id) => report::portrait(&dataset, id, &options).ok_or_else(|| {
            Failure::line(match lang {
                Lang::Nl => format!(
                    "onbekend initiatief ‘{id}’: er is geen initiatief met dit id (`uti export` toont de ids)"
                ),
                Lang::En => format!(
                    "unknown initiative ‘{id}’: no initiative has this id (`uti export` shows the ids)"
                ),
            })
        })?,
        None => report::network_report(&dataset, &analyse(&dataset), &options),
    };

    let out = args.out.as_path();
    match format {
        ReportFormat::Pdf => {
            let pdf = uti_pdf::render(&report).map_err(|e| Failure::line(e.to_string()))?;
            write_output(Some(out), &pdf).map_err(|e| write_failure(lang, Some(out), e))
        }
        ReportFormat::Docx => {
            let docx = uti_docx::render(&report).map_err(|e| Failure::line(e.to_string()))?;
            write_output(Some(out), &docx).map_err(|e| write_failure(lang, Some(out), e))
        }
        ReportFormat::Html => {
            let html = report::html::render(&report);
            write_output(Some(out), html.as_bytes()).map_err(|e| write_failure(lang, Some(out), e))
        }
        ReportFormat::Md => {
            let stem = out
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "report".to_owned());
            let rendered = markdown::render(&report, &stem);
            let dir = out
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            // The figures first, so the document never links to a missing file.
            for figure in &rendered.figures {
                let path = dir.join(&figure.name);
                write_output(Some(&path), figure.svg.as_bytes())
                    .map_err(|e| write_failure(lang, Some(&path), e))?;
            }
            write_output(Some(out), rendered.text.as_bytes())
                .map_err(|e| write_failure(lang, Some(out), e))?;
            remove_stale_figures(dir, &stem, rendered.figures.len());
            Ok(())
        }
    }
}

/// The format from the extension of `--out`.
fn format_of(out: &Path) -> Option<ReportFormat> {
    let ext = out.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(ReportFormat::Md),
        "html" | "htm" => Some(ReportFormat::Html),
        "pdf" => Some(ReportFormat::Pdf),
        "docx" => Some(ReportFormat::Docx),
        _ => None,
    }
}

/// Today's date (UTC).
fn today() -> IsoDate {
    let date = time::OffsetDateTime::now_utc().date();
    IsoDate::from_ymd(date.year(), u8::from(date.month()), date.day())
        .expect("today is a real date")
}

/// A file the researchers wrote: UTF-8 text, at most [`MAX_WRITTEN`].
fn read_written(lang: Lang, path: &Path) -> Result<String, Failure> {
    let cannot = |e: std::io::Error| {
        Failure::line(match lang {
            Lang::Nl => format!("kan {} niet lezen: {e}", path.display()),
            Lang::En => format!("cannot read {}: {e}", path.display()),
        })
    };
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::new();
    file.take(MAX_WRITTEN + 1)
        .read_to_end(&mut bytes)
        .map_err(cannot)?;
    if bytes.len() as u64 > MAX_WRITTEN {
        return Err(Failure::line(match lang {
            Lang::Nl => format!("{} is groter dan 1 MiB", path.display()),
            Lang::En => format!("{} is larger than 1 MiB", path.display()),
        }));
    }
    String::from_utf8(bytes).map_err(|_| {
        Failure::line(match lang {
            Lang::Nl => format!("{} is geen UTF-8-tekst", path.display()),
            Lang::En => format!("{} is not UTF-8 text", path.display()),
        })
    })
}

/// Removes chart files of an earlier, longer report of the same name
/// (`{stem}-fig-{n}.svg` past the last one written now).
fn remove_stale_figures(dir: &Path, stem: &str, written: usize) {
    let mut n = written + 1;
    loop {
        let path: PathBuf = dir.join(markdown::figure_name(stem, n));
        if std::fs::remove_file(&path).is_err() {
            break;
        }
        n += 1;
    }
}
