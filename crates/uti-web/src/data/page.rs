//! Import and export in the browser (`/gegevens`) and through the API
//! (`POST /api/dataset`). Every logged-in role downloads the whole dataset
//! (YAML or JSON, from `GET /api/dataset`, or its tables as an XLSX
//! workbook with `format=xlsx`); researchers and admins upload
//! a file, which is checked as a whole by [`uti_core::file::parse`] and
//! stored all or nothing by [`uti_store::Store::import`]. Every error is
//! listed with its file and place; nothing is stored when there is one.

use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::dataset_schema::DatasetDoc;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::Json;
use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{FromRequest, Multipart, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;
use std::path::Path;
use std::pin::Pin;
use uti_core::Lang;
use uti_core::error::{DatasetError, Place, Problem, path_text};
use uti_core::file::Syntax;
use uti_store::{Actor, Conflict, ImportOptions, ImportSummary, Origins, StoreError, Via};

/// The path of the page.
pub const PATH: &str = "/gegevens";

/// The largest dataset file accepted from the browser or the API: 64 MiB.
pub const UPLOAD_LIMIT: usize = 64 << 20;

/// The largest request body of the import routes: the file and the form
/// around it. Set per route (`DefaultBodyLimit`) over the global limit.
pub const UPLOAD_BODY_LIMIT: usize = UPLOAD_LIMIT + (1 << 20);

/// A body announced as larger than the limit is read and thrown away up to
/// this size, so that the browser gets to see the message instead of a
/// broken connection; beyond it the connection is simply closed.
const DRAIN_LIMIT: u64 = 512 << 20;

/// The media type of an XLSX workbook (`GET /api/dataset?format=xlsx`).
pub const XLSX_MIME: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The name of a download: the network's name as a slug and the date,
/// e.g. `leernetwerk-voorbeeldregio-fictief-2026-11-22.yaml`.
pub fn download_name(network: Option<&str>, date: time::Date, syntax: Syntax) -> String {
    let mut slug = String::new();
    for c in uti_core::prose::collation_key(network.unwrap_or("")).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= 60 {
            break;
        }
    }
    let slug = slug.trim_end_matches('-');
    let slug = if slug.is_empty() { "dataset" } else { slug };
    let ext = match syntax {
        Syntax::Yaml => "yaml",
        Syntax::Json => "json",
    };
    format!(
        "{slug}-{:04}-{:02}-{:02}.{ext}",
        date.year(),
        u8::from(date.month()),
        date.day()
    )
}

/// Where in the file a row of the result is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Spot {
    /// The file as a whole.
    File,
    /// A line and column (syntax errors).
    Line(usize, usize),
    /// A path such as `initiatives[3].sessions[0].llo.opleiden`.
    Path(String),
}

impl Spot {
    fn of(place: &Place) -> Spot {
        match place {
            Place::File => Spot::File,
            Place::LineColumn { line, column } => Spot::Line(*line, *column),
            Place::Path(steps) if steps.is_empty() => Spot::File,
            Place::Path(steps) => Spot::Path(path_text(steps)),
        }
    }

    /// For the API: empty, `3:5` or the path.
    fn text(&self) -> String {
        match self {
            Spot::File => String::new(),
            Spot::Line(line, column) => format!("{line}:{column}"),
            Spot::Path(path) => path.clone(),
        }
    }

    fn markup(&self, lang: Lang) -> Markup {
        match self {
            Spot::File => html! { (lang.pick("het hele bestand", "the whole file")) },
            Spot::Line(line, column) => match lang {
                Lang::Nl => html! { "regel " (line) ", kolom " (column) },
                Lang::En => html! { "line " (line) ", column " (column) },
            },
            Spot::Path(path) => html! { code { (path) } },
        }
    }
}

/// One error or conflict, with its place.
#[derive(Debug, Clone)]
struct Row {
    file: String,
    spot: Spot,
    message: String,
}

/// What became of an upload.
#[derive(Debug)]
enum Outcome {
    /// Checked and stored (or, on a dry run, checked and rolled back).
    Stored {
        file: String,
        summary: ImportSummary,
        dry_run: bool,
    },
    /// The file breaks the format: every error, and how many more there are.
    Invalid {
        file: String,
        rows: Vec<Row>,
        more: usize,
    },
    /// The file clashes with what is stored.
    Conflicts { file: String, rows: Vec<Row> },
    /// Refused before reading the file: none chosen, a wrong name, empty, too large.
    Refused { status: StatusCode, message: String },
}

impl Outcome {
    fn status(&self) -> StatusCode {
        match self {
            Outcome::Stored { .. } => StatusCode::OK,
            Outcome::Invalid { .. } => StatusCode::BAD_REQUEST,
            Outcome::Conflicts { .. } => StatusCode::CONFLICT,
            Outcome::Refused { status, .. } => *status,
        }
    }

    fn refused(message: String) -> Outcome {
        Outcome::Refused {
            status: StatusCode::BAD_REQUEST,
            message,
        }
    }

    fn too_large(lang: Lang) -> Outcome {
        Outcome::Refused {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            message: match lang {
                Lang::Nl => format!(
                    "Het bestand is te groot: hier kan hoogstens {} MiB per keer. Splits de dataset in kleinere bestanden, of importeer hem met de opdrachtregel (uti import).",
                    UPLOAD_LIMIT >> 20
                ),
                Lang::En => format!(
                    "The file is too large: at most {} MiB can be uploaded at a time. Split the dataset into smaller files, or import it with the command line (uti import).",
                    UPLOAD_LIMIT >> 20
                ),
            },
        }
    }

    /// The outcome as the API answers it.
    fn json(&self, lang: Lang) -> Response {
        let status = self.status();
        let body = match self {
            Outcome::Stored {
                summary, dry_run, ..
            } => json!({
                "dry_run": dry_run,
                "stored": !dry_run,
                "initiatives_added": summary.initiatives_added,
                "initiatives_replaced": summary.initiatives_replaced,
                "sessions": summary.sessions,
                "terms_added": summary.terms_added,
                "terms_replaced": summary.terms_replaced,
                "terms_unchanged": summary.terms_unchanged,
                "network_set": summary.network_set,
                "network_kept": summary.network_kept.as_ref().map(|(stored, file)| json!({"stored": stored, "file": file})),
            }),
            Outcome::Invalid { rows, more, .. } => error_json(
                status,
                &invalid_sentence(rows.len() + more, lang),
                rows,
                *more,
            ),
            Outcome::Conflicts { rows, .. } => error_json(
                status,
                lang.pick(
                    "Het bestand botst met de opgeslagen gegevens; geef replace=true om bestaande initiatieven, thema's en uitdagingen te vervangen. Er is niets opgeslagen.",
                    "The file clashes with the stored data; pass replace=true to replace existing initiatives, themes and challenges. Nothing has been stored.",
                ),
                rows,
                0,
            ),
            Outcome::Refused { message, .. } => {
                json!({"error": {"status": status.as_u16(), "message": message}})
            }
        };
        (status, Json(body)).into_response()
    }
}

fn error_json(status: StatusCode, message: &str, rows: &[Row], more: usize) -> serde_json::Value {
    json!({"error": {
        "status": status.as_u16(),
        "message": message,
        "errors": rows.iter().map(|r| json!({"file": r.file, "place": r.spot.text(), "message": r.message})).collect::<Vec<_>>(),
        "more": more,
    }})
}

/// `1 fout gevonden; er is niets opgeslagen.`
fn invalid_sentence(count: usize, lang: Lang) -> String {
    match (lang, count) {
        (Lang::Nl, 1) => "Het bestand bevat 1 fout. Er is niets opgeslagen.".to_owned(),
        (Lang::Nl, n) => format!("Het bestand bevat {n} fouten. Er is niets opgeslagen."),
        (Lang::En, 1) => "The file has 1 error. Nothing has been stored.".to_owned(),
        (Lang::En, n) => format!("The file has {n} errors. Nothing has been stored."),
    }
}

/// Checks a file and stores it, all or nothing.
async fn import_file(
    state: &AppState,
    lang: Lang,
    file: &str,
    bytes: &[u8],
    syntax: Syntax,
    options: ImportOptions,
    actor: &Actor,
) -> Result<Outcome, AppError> {
    if bytes.len() > UPLOAD_LIMIT {
        return Ok(Outcome::too_large(lang));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Outcome::refused(match lang {
            Lang::Nl => format!("Het bestand ‘{file}’ is leeg. Er is niets opgeslagen."),
            Lang::En => format!("The file ‘{file}’ is empty. Nothing has been stored."),
        }));
    }
    let dataset = match uti_core::file::parse(file, bytes, syntax) {
        Ok(d) => d,
        Err(e) => {
            return Ok(Outcome::Invalid {
                file: file.to_owned(),
                rows: e.errors.iter().map(|x| error_row(x, lang)).collect(),
                more: e.more,
            });
        }
    };
    let origins = Origins::of([(file.to_owned(), &dataset)]);
    match state
        .store
        .import(vec![dataset], options, actor, &|_, _| {})
        .await
    {
        Ok(summary) => Ok(Outcome::Stored {
            file: file.to_owned(),
            summary,
            dry_run: options.dry_run,
        }),
        Err(StoreError::Conflicts(conflicts)) => Ok(Outcome::Conflicts {
            file: file.to_owned(),
            rows: conflicts
                .iter()
                .map(|c| conflict_row(c, &origins, file, lang))
                .collect(),
        }),
        Err(e) => Err(AppError::Store(e)),
    }
}

fn error_row(error: &DatasetError, lang: Lang) -> Row {
    Row {
        file: error.file.clone(),
        spot: Spot::of(&error.place),
        message: error.problem_message(lang),
    }
}

fn conflict_row(conflict: &Conflict, origins: &Origins, file: &str, lang: Lang) -> Row {
    let (file, spot) = match origins.place(conflict) {
        Some((file, place)) => (file.to_owned(), Spot::Path(place)),
        None => (file.to_owned(), Spot::File),
    };
    Row {
        file,
        spot,
        message: conflict.fact(lang),
    }
}

/// The file's own name, without any folders a browser may send.
fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Whether a request announces a body larger than `limit`.
fn announced_over(headers: &HeaderMap, limit: usize) -> Option<u64> {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|n| *n > limit as u64)
}

/// Reads and discards a body (up to [`DRAIN_LIMIT`]), so the client
/// finishes sending and then reads the answer.
async fn drain(mut body: Body) {
    let mut read: u64 = 0;
    while let Some(frame) = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await {
        match frame {
            Ok(frame) => {
                read += frame.data_ref().map_or(0, |d| d.len() as u64);
                if read > DRAIN_LIMIT {
                    break;
                }
            }
            Err(_) => break,
        }
    }
}

// ------------------------------------------------------------- the page ---

/// `GET /gegevens`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    crate::kernel::error::respond(render(&state, &chrome, None).await, &chrome)
}

/// The upload form's fields.
#[derive(Debug, Default)]
struct UploadForm {
    csrf: Option<String>,
    replace: bool,
    dry_run: bool,
    file: Option<(String, Bytes)>,
}

/// Reads the multipart form; an outcome when it cannot be read.
async fn read_form(state: &AppState, lang: Lang, request: Request) -> Result<UploadForm, Outcome> {
    let unreadable = || {
        Outcome::refused(
            lang.pick(
                "Het formulier kon niet worden gelezen. Kies een bestand en probeer het opnieuw.",
                "The form could not be read. Choose a file and try again.",
            )
            .to_owned(),
        )
    };
    let mut multipart = Multipart::from_request(request, state)
        .await
        .map_err(|_| unreadable())?;
    let mut form = UploadForm::default();
    let failed = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Outcome::too_large(lang)
        } else {
            unreadable()
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or("").to_owned();
        match name.as_str() {
            "bestand" => {
                let file_name = base_name(field.file_name().unwrap_or("")).to_owned();
                let bytes = field.bytes().await.map_err(failed)?;
                form.file = Some((file_name, bytes));
            }
            "csrf" => form.csrf = Some(field.text().await.map_err(failed)?),
            "replace" => form.replace = !field.text().await.map_err(failed)?.is_empty(),
            "dry_run" => form.dry_run = !field.text().await.map_err(failed)?.is_empty(),
            _ => {}
        }
    }
    Ok(form)
}

/// `POST /gegevens`: a `multipart/form-data` form with the file
/// (`bestand`), the checkboxes `replace` and `dry_run`, and `csrf`.
pub async fn upload(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    request: Request,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    if !viewer.can_edit() {
        return AppError::Forbidden.page(&chrome);
    }
    let outcome = if announced_over(request.headers(), UPLOAD_BODY_LIMIT).is_some() {
        drain(request.into_body()).await;
        Outcome::too_large(lang)
    } else {
        match read_form(&state, lang, request).await {
            Err(outcome) => outcome,
            Ok(form) => {
                if let Err(e) = viewer.authorize_change(form.csrf.as_deref()) {
                    return AppError::from(e).page(&chrome);
                }
                match checked_upload(&state, lang, form, &viewer.actor(Via::Import)).await {
                    Ok(outcome) => outcome,
                    Err(e) => return e.page(&chrome),
                }
            }
        }
    };
    match render(&state, &chrome, Some(&outcome)).await {
        Ok(markup) => (outcome.status(), markup).into_response(),
        Err(e) => e.page(&chrome),
    }
}

async fn checked_upload(
    state: &AppState,
    lang: Lang,
    form: UploadForm,
    actor: &Actor,
) -> Result<Outcome, AppError> {
    let Some((file, bytes)) = form.file.filter(|(name, _)| !name.is_empty()) else {
        return Ok(Outcome::refused(
            lang.pick(
                "Er is geen bestand gekozen. Kies een bestand (.yaml, .yml of .json) en probeer het opnieuw.",
                "No file was chosen. Choose a file (.yaml, .yml or .json) and try again.",
            )
            .to_owned(),
        ));
    };
    let Some(syntax) = Syntax::of_path(Path::new(&file)) else {
        return Ok(Outcome::refused(format!(
            "{file}: {}",
            Problem::UnknownExtension.message(lang)
        )));
    };
    import_file(
        state,
        lang,
        &file,
        &bytes,
        syntax,
        ImportOptions {
            replace: form.replace,
            dry_run: form.dry_run,
        },
        actor,
    )
    .await
}

async fn render(
    state: &AppState,
    chrome: &Chrome,
    outcome: Option<&Outcome>,
) -> Result<Markup, AppError> {
    let t = |nl, en| chrome.t(nl, en);
    let lang = chrome.lang;
    // Right after an import, the page counts what it stored.
    let snapshot = state.snapshot.get_own(&state.store).await?;
    let viewer = chrome.viewer.as_ref().ok_or(AppError::Forbidden)?;
    let dataset = snapshot.readable(viewer).dataset;
    let sessions: usize = dataset
        .initiatives()
        .iter()
        .map(|i| i.sessions().len())
        .sum();
    let today = crate::kernel::widgets::today();
    let title = t(
        "Gegevens importeren en exporteren",
        "Import and export data",
    );
    let can_edit = chrome.viewer.as_ref().is_some_and(Viewer::can_edit);
    let result = outcome.map(|o| result(o, lang));
    let full_title = match &result {
        Some((heading, _)) => format!("{heading} – {title}"),
        None => title.to_owned(),
    };
    let body = html! {
        h1 { (title) }
        @if let Some((_, markup)) = &result {
            (markup)
        }
        section aria-labelledby="exporteren" {
            h2 id="exporteren" { (t("Exporteren", "Export")) }
            p {
                (t("De hele dataset als één bestand in het formaat ", "The whole dataset as one file in the format "))
                code { "uti-dataset/1" }
                (t(", om te bewaren, te bewerken of in een ander systeem te laden.", ", to keep, to edit or to load into another system."))
            }
            table {
                caption { (t("Wat de dataset nu bevat", "What the dataset holds now")) }
                tbody {
                    tr { th scope="row" { (t("Netwerk", "Network")) } td { (dataset.network.as_deref().unwrap_or("–")) } }
                    tr { th scope="row" { (t("Initiatieven", "Initiatives")) } td.num { (dataset.initiatives().len()) } }
                    tr { th scope="row" { (t("Sessies", "Sessions")) } td.num { (sessions) } }
                    tr { th scope="row" { (t("Thema's", "Themes")) } td.num { (dataset.themes().len()) } }
                    tr { th scope="row" { (t("Gedeelde uitdagingen", "Shared challenges")) } td.num { (dataset.challenges().len()) } }
                }
            }
            ul.downloads {
                @for (syntax, label) in [(Syntax::Yaml, "YAML"), (Syntax::Json, "JSON")] {
                    @let name = download_name(dataset.network.as_deref(), today, syntax);
                    li {
                        a.button href=(format!("/api/dataset?format={}", label.to_lowercase())) download=(name) {
                            (t("Downloaden als ", "Download as ")) (label)
                        }
                        " " span.muted { "(" (name) ")" }
                    }
                }
                @let name = format!("{}.xlsx", download_name(dataset.network.as_deref(), today, Syntax::Json).trim_end_matches(".json"));
                li {
                    a.button href="/api/dataset?format=xlsx" download=(name) {
                        (t("Downloaden als spreadsheet (XLSX)", "Download as spreadsheet (XLSX)"))
                    }
                    " " span.muted { "(" (name) ")" }
                    br;
                    span.muted {
                        (t("Een tabblad per soort gegeven (initiatieven, sessies, ketens, plots, thema's, uitdagingen en koppeltabellen), voor eigen analyse.", "A sheet per kind of record (initiatives, sessions, chains, plots, themes, challenges and link tables), for your own analysis."))
                    }
                }
                @let csv_name = format!("{}-csv.zip", download_name(dataset.network.as_deref(), today, Syntax::Json).trim_end_matches(".json"));
                li {
                    a.button href="/api/dataset?format=csv" download=(csv_name) {
                        (t("Downloaden als CSV-bestanden (ZIP)", "Download as CSV files (ZIP)"))
                    }
                    " " span.muted { "(" (csv_name) ")" }
                    br;
                    span.muted {
                        (t("Dezelfde tabellen als losse CSV-bestanden (UTF-8), in een ZIP-map. Op de opdrachtregel: ", "The same tables as separate CSV files (UTF-8), in a ZIP folder. On the command line: "))
                        code { (t("uti export --format csv --out MAP", "uti export --format csv --out DIR")) }
                    }
                }
            }
        }
        section aria-labelledby="importeren" {
            h2 id="importeren" { (t("Importeren", "Import")) }
            @if can_edit {
                (form(chrome))
            } @else {
                p.notice {
                    (t("Alleen onderzoekers en beheerders kunnen gegevens importeren. Uw rol is ", "Only researchers and administrators can import data. Your role is "))
                    (chrome.viewer.as_ref().map_or("", |v| v.user.role.label(lang)))
                    (t("; u kunt de dataset wel downloaden.", "; you can download the dataset."))
                }
            }
        }
    };
    Ok(layout::page(chrome, &full_title, body))
}

fn form(chrome: &Chrome) -> Markup {
    let t = |nl, en| chrome.t(nl, en);
    html! {
        p {
            (t("Een bestand in het formaat ", "A file in the format "))
            code { "uti-dataset/1" }
            (t(
                " (YAML of JSON). Het hele bestand wordt eerst gecontroleerd: bevat het een fout, of botst het met wat er al is, dan wordt er niets opgeslagen en ziet u elke fout met de plaats waar hij staat.",
                " (YAML or JSON). The whole file is checked first: when it has an error, or clashes with what is there, nothing is stored and you see each error with its place.",
            ))
        }
        // The page's language goes along, also when it came from `?lang=`.
        form method="post" action=(format!("{PATH}?lang={}", crate::kernel::i18n::code(chrome.lang))) enctype="multipart/form-data" {
            (layout::csrf_field(chrome))
            div.field {
                label for="bestand" { (t("Bestand", "File")) }
                input type="file" id="bestand" name="bestand" accept=".yaml,.yml,.json" required aria-describedby="bestand-uitleg";
                p.muted id="bestand-uitleg" {
                    (t("YAML (.yaml, .yml) of JSON (.json), hoogstens ", "YAML (.yaml, .yml) or JSON (.json), at most "))
                    (UPLOAD_LIMIT >> 20) " MiB."
                }
            }
            div.field {
                input type="checkbox" id="vervangen" name="replace" value="ja" aria-describedby="vervangen-uitleg";
                " "
                label for="vervangen" { (t("Bestaande initiatieven vervangen", "Replace existing initiatives")) }
                p.muted id="vervangen-uitleg" {
                    (t(
                        "Initiatieven, thema's en uitdagingen waarvan de id al bestaat, worden als geheel vervangen door die uit het bestand; ook de netwerknaam uit het bestand wordt overgenomen. Zonder dit vinkje wordt zo'n bestand geweigerd.",
                        "Initiatives, themes and challenges whose id exists already are replaced as a whole by those in the file; the file's network name is applied too. Without this tick such a file is refused.",
                    ))
                }
            }
            div.field {
                input type="checkbox" id="controleren" name="dry_run" value="ja" aria-describedby="controleren-uitleg";
                " "
                label for="controleren" { (t("Alleen controleren", "Only check")) }
                p.muted id="controleren-uitleg" {
                    (t(
                        "Het bestand wordt gecontroleerd, ook tegen de opgeslagen gegevens, en u ziet wat een import zou doen; er wordt niets opgeslagen.",
                        "The file is checked, also against the stored data, and you see what an import would do; nothing is stored.",
                    ))
                }
            }
            button type="submit" { (t("Bestand uploaden", "Upload file")) }
        }
    }
}

/// The heading and the section that tell what became of an upload.
fn result(outcome: &Outcome, lang: Lang) -> (String, Markup) {
    let t = |nl, en| lang.pick(nl, en);
    let nothing = t("Er is niets opgeslagen.", "Nothing has been stored.");
    let heading = match outcome {
        Outcome::Stored { dry_run: false, .. } => t("Import geslaagd", "Import succeeded"),
        Outcome::Stored { dry_run: true, .. } => t(
            "Controle geslaagd: niets opgeslagen",
            "Check passed: nothing stored",
        ),
        Outcome::Invalid { .. } => t("Het bestand bevat fouten", "The file has errors"),
        Outcome::Conflicts { .. } => t(
            "Botsing met opgeslagen gegevens",
            "Clashes with stored data",
        ),
        Outcome::Refused { .. } => t("Niet geïmporteerd", "Not imported"),
    }
    .to_owned();
    let body = match outcome {
        Outcome::Stored {
            file,
            summary,
            dry_run,
        } => {
            let verdict = match (lang, dry_run) {
                (Lang::Nl, false) => format!("Het bestand ‘{file}’ is geïmporteerd en opgeslagen."),
                (Lang::En, false) => format!("The file ‘{file}’ has been imported and stored."),
                (Lang::Nl, true) => format!(
                    "Het bestand ‘{file}’ is in orde, ook tegen de opgeslagen gegevens. Er is niets opgeslagen: u koos ‘Alleen controleren’."
                ),
                (Lang::En, true) => format!(
                    "The file ‘{file}’ is in order, also against the stored data. Nothing has been stored: you chose ‘Only check’."
                ),
            };
            let network = match (&summary.network_set, &summary.network_kept, lang) {
                (Some(name), _, Lang::Nl) => Some(format!("De netwerknaam wordt ‘{name}’.")),
                (Some(name), _, Lang::En) => Some(format!("The network name becomes ‘{name}’.")),
                (None, Some((old, new)), Lang::Nl) => Some(format!(
                    "De netwerknaam blijft ‘{old}’ (het bestand noemt ‘{new}’; met ‘Bestaande initiatieven vervangen’ wordt die overgenomen)."
                )),
                (None, Some((old, new)), Lang::En) => Some(format!(
                    "The network name stays ‘{old}’ (the file says ‘{new}’; ‘Replace existing initiatives’ applies it)."
                )),
                (None, None, _) => None,
            };
            html! {
                p role="status" { strong { (verdict) } }
                table.summary {
                    caption {
                        @if *dry_run { (t("Wat een import zou doen", "What an import would do")) }
                        @else { (t("Wat er is opgeslagen", "What has been stored")) }
                    }
                    tbody {
                        tr { th scope="row" { (t("Nieuwe initiatieven", "New initiatives")) } td.num { (summary.initiatives_added) } }
                        tr { th scope="row" { (t("Vervangen initiatieven", "Replaced initiatives")) } td.num { (summary.initiatives_replaced) } }
                        tr { th scope="row" { (t("Sessies", "Sessions")) } td.num { (summary.sessions) } }
                        tr { th scope="row" { (t("Nieuwe thema's en uitdagingen", "New themes and challenges")) } td.num { (summary.terms_added) } }
                        tr { th scope="row" { (t("Vervangen thema's en uitdagingen", "Replaced themes and challenges")) } td.num { (summary.terms_replaced) } }
                        tr { th scope="row" { (t("Ongewijzigde thema's en uitdagingen", "Unchanged themes and challenges")) } td.num { (summary.terms_unchanged) } }
                    }
                }
                @if let Some(n) = network { p { (n) } }
                @if !dry_run { p { a href="/" { (t("Naar het overzicht", "To the overview")) } } }
            }
        }
        Outcome::Invalid { file, rows, more } => html! {
            p role="status" { strong { (invalid_sentence(rows.len() + more, lang)) } }
            (table(rows, file, lang, t("Fouten in ", "Errors in ")))
            @if *more > 0 {
                p {
                    @match lang {
                        Lang::Nl => { "En nog " (more) " fouten die hier niet getoond worden. Verbeter eerst deze." }
                        Lang::En => { "And " (more) " more errors not shown here. Correct these first." }
                    }
                }
            }
        },
        Outcome::Conflicts { file, rows } => html! {
            p role="status" { strong {
                (t("Het bestand botst met de opgeslagen gegevens. ", "The file clashes with the stored data. "))
                (nothing)
            } }
            (table(rows, file, lang, t("Botsingen van ", "Clashes of ")))
            p {
                (t(
                    "Wilt u de bestaande initiatieven, thema's en uitdagingen vervangen door die uit het bestand? Vink dan ‘Bestaande initiatieven vervangen’ aan en upload het bestand opnieuw.",
                    "Do you want to replace the existing initiatives, themes and challenges by those in the file? Then tick ‘Replace existing initiatives’ and upload the file again.",
                ))
            }
        },
        Outcome::Refused { message, .. } => html! {
            p role="status" { strong { (message) } }
            @if !message.ends_with(nothing) { p { (nothing) } }
        },
    };
    let section = html! {
        section.result aria-labelledby="resultaat" {
            h2 id="resultaat" { (heading) }
            (body)
        }
    };
    (heading, section)
}

fn table(rows: &[Row], file: &str, lang: Lang, caption: &str) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        table.errors {
            caption { (caption) "‘" (file) "’" }
            thead {
                tr {
                    th scope="col" { (t("Bestand", "File")) }
                    th scope="col" { (t("Plaats", "Place")) }
                    th scope="col" { (t("Melding", "Message")) }
                }
            }
            tbody {
                @for row in rows {
                    tr {
                        td { (row.file) }
                        td { (row.spot.markup(lang)) }
                        td { (row.message) }
                    }
                }
            }
        }
    }
}

// -------------------------------------------------------------- the API ---

/// The import's query.
#[derive(Debug, Default, Deserialize)]
pub struct ImportQuery {
    /// `true` to replace existing initiatives, themes and challenges.
    pub replace: Option<String>,
    /// `true` to check against the stored data and store nothing.
    pub dry_run: Option<String>,
}

/// `true`/`false` (also `1`/`0`, `ja`/`nee`); `None` for anything else.
fn flag(value: Option<&str>) -> Option<bool> {
    match value.map(str::to_ascii_lowercase).as_deref() {
        None | Some("" | "false" | "0" | "nee" | "no") => Some(false),
        Some("true" | "1" | "ja" | "yes") => Some(true),
        Some(_) => None,
    }
}

/// The import's query, for the document (read as [`ImportQuery`]).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// `true`: replace existing initiatives, themes and challenges (and the
    /// network name) as a whole.
    #[param(inline)]
    pub replace: Option<Flag>,
    /// `true`: check the file, also against the stored data, and store
    /// nothing.
    #[param(inline)]
    pub dry_run: Option<Flag>,
}

/// Yes or no: `true`, `1`, `ja`, `yes` or `false`, `0`, `nee`, `no`
/// (case ignored); empty is no.
#[derive(Debug)]
pub struct Flag;

impl utoipa::PartialSchema for Flag {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::kernel::dataset_schema::text_enum(
            &["true", "false", "1", "0", "ja", "nee", "yes", "no", ""],
            "Yes or no; empty is no.",
        )
    }
}

impl utoipa::ToSchema for Flag {}

/// What an import stored (or, on a dry run, would have stored).
#[derive(Debug, utoipa::ToSchema)]
pub struct ImportSummaryDoc {
    /// Whether it was a dry run.
    pub dry_run: bool,
    /// Whether anything was stored (not on a dry run).
    pub stored: bool,
    /// New initiatives.
    pub initiatives_added: u64,
    /// Initiatives replaced (`replace=true`).
    pub initiatives_replaced: u64,
    /// Sessions in the file.
    pub sessions: u64,
    /// New themes and challenges.
    pub terms_added: u64,
    /// Themes and challenges replaced.
    pub terms_replaced: u64,
    /// Themes and challenges that were already stored as they are.
    pub terms_unchanged: u64,
    /// The network's name, when the file set it.
    pub network_set: Option<String>,
    /// The stored name that was kept over the file's (`{"stored", "file"}`).
    #[schema(value_type = Option<Object>)]
    pub network_kept: Option<serde_json::Value>,
}

/// `POST /api/dataset`: the file as the body, its syntax by `Content-Type`
/// (`application/json` or `application/yaml`).
#[utoipa::path(
    post,
    path = "/api/dataset",
    tag = "data",
    operation_id = "importDataset",
    summary = "Imports a dataset file (uti-dataset/1), all or nothing.",
    description = "Allowed for: researcher, admin. Send JSON as `application/json`, YAML as `application/yaml` (also `application/x-yaml`, `text/yaml`).",
    params(ImportParams),
    request_body(description = "The dataset file.", content(
        (DatasetDoc = "application/json"),
        (DatasetDoc = "application/yaml"),
    )),
    responses(
        (status = 200, description = "What was stored.", body = ImportSummaryDoc),
        (status = 400, description = "The file breaks the format, or is empty, or the query is wrong: `errors` lists every error with its file and place, `more` how many more there are.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 409, description = "Existing ids (without replace=true), listed as `errors`.", body = ErrorBody),
        (status = 413, description = "The file is over 64 MiB.", body = ErrorBody),
        (status = 415, description = "Another Content-Type.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_import(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiQuery(q): ApiQuery<ImportQuery>,
    request: Request,
) -> Response {
    let bad = |message: &str| AppError::BadRequest(message.to_owned()).json(lang);
    let (Some(replace), Some(dry_run)) = (flag(q.replace.as_deref()), flag(q.dry_run.as_deref()))
    else {
        return bad(lang.pick(
            "replace en dry_run zijn true of false",
            "replace and dry_run are true or false",
        ));
    };
    let mime = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let syntax = match mime.as_str() {
        "application/json" => Syntax::Json,
        "application/yaml" | "application/x-yaml" | "text/yaml" | "text/x-yaml" => Syntax::Yaml,
        _ => {
            return Outcome::Refused {
                status: StatusCode::UNSUPPORTED_MEDIA_TYPE,
                message: lang
                    .pick(
                        "stuur het bestand met Content-Type: application/json of application/yaml",
                        "send the file with Content-Type: application/json or application/yaml",
                    )
                    .to_owned(),
            }
            .json(lang);
        }
    };
    if announced_over(request.headers(), UPLOAD_LIMIT).is_some() {
        return Outcome::too_large(lang).json(lang);
    }
    let bytes = match Bytes::from_request(request, &state).await {
        Ok(bytes) => bytes,
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
            return Outcome::too_large(lang).json(lang);
        }
        Err(_) => {
            return bad(lang.pick(
                "de inhoud van het verzoek kon niet worden gelezen",
                "the request body could not be read",
            ));
        }
    };
    let file = match syntax {
        Syntax::Json => "body.json",
        Syntax::Yaml => "body.yaml",
    };
    match import_file(
        &state,
        lang,
        file,
        &bytes,
        syntax,
        ImportOptions { replace, dry_run },
        &viewer.actor(Via::Import),
    )
    .await
    {
        Ok(outcome) => outcome.json(lang),
        Err(e) => e.json(lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_download_is_named_after_the_network_and_the_date() {
        let date = time::Date::from_calendar_date(2026, time::Month::November, 2).unwrap();
        assert_eq!(
            download_name(
                Some("Leernetwerk Voorbeeldregio (fictief)"),
                date,
                Syntax::Yaml
            ),
            "leernetwerk-voorbeeldregio-fictief-2026-11-02.yaml"
        );
        assert_eq!(
            download_name(Some("Café Één / <b>"), date, Syntax::Json),
            "cafe-een-b-2026-11-02.json"
        );
        assert_eq!(
            download_name(None, date, Syntax::Json),
            "dataset-2026-11-02.json"
        );
        assert_eq!(
            download_name(Some("%%%"), date, Syntax::Json),
            "dataset-2026-11-02.json"
        );
    }

    #[test]
    fn flags_are_true_or_false() {
        assert_eq!(flag(None), Some(false));
        assert_eq!(flag(Some("true")), Some(true));
        assert_eq!(flag(Some("FALSE")), Some(false));
        assert_eq!(flag(Some("misschien")), None);
    }

    #[test]
    fn a_browser_path_is_reduced_to_the_file_name() {
        assert_eq!(base_name("C:\\fakepath\\x.yaml"), "x.yaml");
        assert_eq!(base_name("a/b.json"), "b.json");
        assert_eq!(base_name("c.yml"), "c.yml");
    }
}
