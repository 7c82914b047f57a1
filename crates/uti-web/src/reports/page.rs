//! The report of the network (`/rapport`): downloads in every format of
//! [`crate::reports::format::Format`], in Dutch or English, and the texts the
//! researchers write for it (introduction and perspective, in Markdown),
//! edited here by researchers and admins and read by everyone else. A save
//! names the versions it was based on; a stale one is refused with what is
//! stored now, and the user's input stays in the form. Also the portrait
//! of one initiative (`/initiatieven/{id}/portret`) and the API's
//! counterparts (`/api/report`, `/api/initiatives/{id}/portrait`,
//! `/api/report/texts`).
//!
//! A download is made from what the viewer may read
//! ([`crate::kernel::snapshot::Snapshot::readable`]): an initiative contact gets
//! no draft sessions of other initiatives.
#![allow(clippy::result_large_err)]

use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery};
use crate::kernel::form::{self, FieldErrors, Fields};
use crate::kernel::i18n::{PageLang, code};
use crate::kernel::layout::{self, Chrome, csrf_field};
use crate::reports::format::{Format, file_stem};
use axum::Form;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::{Value, json};
use uti_core::Lang;
use uti_core::report::{self, Options};
use uti_core::values::IsoDate;
use uti_store::report_versions::{self, FrozenReport, VersionComparison};
use uti_store::{ReportTexts, ReportVersion, Role, Saved, TextKey, Via};

/// The path of the page.
pub const PATH: &str = "/rapport";

/// Largest text accepted: 1 MiB, as `uti report --intro FILE`.
pub const MAX_TEXT: usize = 1 << 20;

/// The query of a download.
#[derive(Debug, Default, Deserialize)]
pub struct DownloadQuery {
    /// One of [`Format::ALL`] by its code; HTML when not given.
    pub format: Option<String>,
    /// `nl` or `en`; the page's language when not given.
    pub lang: Option<String>,
}

/// The query of the page.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// `opgeslagen` after a save.
    pub melding: Option<String>,
    /// The number of the version just saved.
    pub versie: Option<i64>,
}

fn text_label(key: TextKey, lang: Lang) -> &'static str {
    match key {
        TextKey::Intro => lang.pick("Inleiding", "Introduction"),
        TextKey::Perspective => lang.pick("Perspectief", "Perspective"),
    }
}

fn lang_name(lang: Lang, in_lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => in_lang.pick("Nederlands", "Dutch"),
        Lang::En => in_lang.pick("Engels", "English"),
    }
}

/// Today as an [`IsoDate`].
fn today() -> IsoDate {
    let d = crate::kernel::widgets::today();
    IsoDate::from_ymd(d.year(), u8::from(d.month()), d.day()).expect("today is a real date")
}

/// The format and language asked for, or a 400 naming what is allowed.
fn choice(q: &DownloadQuery, page_lang: Lang) -> Result<(Format, Lang), AppError> {
    let format = match q.format.as_deref().filter(|f| !f.is_empty()) {
        None => Format::Html,
        Some(f) => Format::parse(f).ok_or_else(|| {
            AppError::BadRequest(match page_lang {
                Lang::Nl => format!("onbekend formaat ‘{f}’; kies uit {}", Format::codes()),
                Lang::En => format!("unknown format ‘{f}’; choose from {}", Format::codes()),
            })
        })?,
    };
    let lang = match q.lang.as_deref().filter(|l| !l.is_empty()) {
        None => page_lang,
        Some("nl") => Lang::Nl,
        Some("en") => Lang::En,
        Some(_) => {
            return Err(AppError::BadRequest(
                page_lang
                    .pick("lang is nl of en", "lang is nl or en")
                    .to_owned(),
            ));
        }
    };
    Ok((format, lang))
}

/// A rendered file as a download.
fn attachment(format: Format, stem: &str, bytes: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.mime().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{stem}.{}\"", format.extension()),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response()
}

/// Renders on a blocking thread (typesetting a PDF takes a while) and
/// answers with the file.
pub async fn rendered(
    format: Format,
    report: report::Report,
    stem: String,
) -> Result<Response, AppError> {
    let failed = |e: String| {
        AppError::Store(uti_store::StoreError::Corrupt(format!(
            "rendering a {} report failed: {e}",
            format.code()
        )))
    };
    let (bytes, stem) = tokio::task::spawn_blocking(move || (format.render(&report, &stem), stem))
        .await
        .map_err(|e| failed(e.to_string()))?;
    Ok(attachment(format, &stem, bytes.map_err(failed)?))
}

/// The report of the network as `viewer` may read it.
async fn network_file(
    state: &AppState,
    viewer: &Viewer,
    q: &DownloadQuery,
    page_lang: Lang,
) -> Result<Response, AppError> {
    let (format, lang) = choice(q, page_lang)?;
    let snapshot = state.snapshot.get(&state.store).await?;
    let texts = state.store.report_texts().await?;
    let readable = snapshot.readable(viewer);
    let mut options = Options::new(lang, today());
    texts.fill(&mut options);
    let report = report::network_report(readable.dataset, readable.analysis, &options);
    let stem = file_stem(
        lang.pick("rapport", "report"),
        readable.dataset.network.as_deref(),
        crate::kernel::widgets::today(),
    );
    rendered(format, report, stem).await
}

/// One initiative's portrait as `viewer` may read it (a contact reads the
/// drafts of their own initiatives only).
async fn portrait_file(
    state: &AppState,
    viewer: &Viewer,
    id: &str,
    q: &DownloadQuery,
    page_lang: Lang,
) -> Result<Response, AppError> {
    let (format, lang) = choice(q, page_lang)?;
    let snapshot = state.snapshot.get(&state.store).await?;
    let initiative = snapshot.initiative(viewer, id).ok_or(AppError::NotFound)?;
    let readable = snapshot.readable(viewer);
    let own;
    let dataset = if readable.drafts_hidden && initiative.has_drafts() {
        // Their own initiative, with its drafts, in the published dataset.
        let mut d = readable.dataset.clone();
        for i in d.initiatives.iter_mut().flatten() {
            if i.id.as_str() == id {
                *i = initiative.clone();
            }
        }
        own = d;
        &own
    } else {
        readable.dataset
    };
    let options = Options::new(lang, today());
    let report = report::portrait(dataset, id, &options).ok_or(AppError::NotFound)?;
    let stem = file_stem(
        lang.pick("portret", "portrait"),
        Some(&initiative.name),
        crate::kernel::widgets::today(),
    );
    rendered(format, report, stem).await
}

/// Download buttons: one per format, for `href` (a path that takes
/// `format` and `lang`), labelled `what` and the format's name, in `lang`.
pub fn download_buttons(href: &str, what: &str, lang: Lang, report_lang: Lang) -> Markup {
    html! {
        @for f in Format::ALL {
            a.button href=(format!("{href}?format={}&lang={}", f.code(), code(report_lang)))
                download
                title=(f.description(lang)) {
                (what) ": " (f.label())
                @if report_lang != lang { " (" (lang_name(report_lang, lang)) ")" }
            }
            " "
        }
    }
}

/// The "download" block of an initiative's page: its portrait in every format.
pub fn portrait_downloads(id: &str, lang: Lang) -> Markup {
    let what = lang.pick("Portret downloaden", "Download portrait");
    html! {
        p.actions.downloads {
            (download_buttons(&format!("/initiatieven/{id}/portret"), what, lang, lang))
        }
    }
}

/// The "download" block of the analysis page: the network report.
pub fn report_downloads(lang: Lang) -> Markup {
    let what = lang.pick("Rapport downloaden", "Download report");
    html! {
        p.actions.downloads {
            (download_buttons("/rapport/download", what, lang, lang))
            a href=(PATH) { (lang.pick("Meer over het rapport", "More about the report")) }
        }
    }
}

/// `GET /rapport`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    let saved = q.melding.as_deref() == Some("opgeslagen");
    let loaded = async {
        Ok::<_, uti_store::StoreError>((
            state.store.report_texts().await?,
            state.store.report_versions().await?,
        ))
    };
    match loaded.await {
        Ok((texts, versions)) => {
            let draft = [texts.intro.text.clone(), texts.perspective.text.clone()];
            render(
                &chrome,
                &texts,
                &draft,
                &FieldErrors::default(),
                None,
                saved,
                versions_section(&chrome, &versions, q.versie),
            )
            .into_response()
        }
        Err(e) => AppError::Store(e).page(&chrome),
    }
}

/// Line ends as the store keeps them (browsers send CRLF).
fn normalise(text: &str) -> String {
    text.replace("\r\n", "\n")
}

/// `POST /rapport`: saves the texts that changed.
pub async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let draft: [String; 2] = TextKey::ALL.map(|k| normalise(fields.get(k.as_str())));
        let mut errors = FieldErrors::default();
        for (key, text) in TextKey::ALL.iter().zip(&draft) {
            if text.len() > MAX_TEXT {
                errors.add(key.as_str(), too_long(lang));
            }
        }
        let stored = state.store.report_texts().await?;
        let versions = versions_section(&chrome, &state.store.report_versions().await?, None);
        if !errors.is_empty() {
            return Ok((
                StatusCode::BAD_REQUEST,
                render(&chrome, &stored, &draft, &errors, None, false, versions),
            )
                .into_response());
        }
        let mut stale = Vec::new();
        for (key, text) in TextKey::ALL.iter().zip(&draft) {
            if *text == stored.get(*key).text {
                continue;
            }
            let version = fields
                .get(&format!("{}.version", key.as_str()))
                .parse()
                .unwrap_or(0);
            if let Saved::Stale { current } = state
                .store
                .save_report_text(*key, text, version, &viewer.actor(Via::Web))
                .await?
            {
                stale.push((*key, current.map(|(t, _)| t).unwrap_or_default()));
            }
        }
        if stale.is_empty() {
            return Ok::<Response, AppError>(
                Redirect::to(&format!("{PATH}?melding=opgeslagen&lang={}", code(lang)))
                    .into_response(),
            );
        }
        // What is stored now, with its versions: saving again replaces it.
        let now = state.store.report_texts().await?;
        let notice = conflict(&stale, lang);
        Ok((
            StatusCode::CONFLICT,
            render(
                &chrome,
                &now,
                &draft,
                &FieldErrors::default(),
                Some(notice),
                false,
                versions,
            ),
        )
            .into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

fn too_long(lang: Lang) -> String {
    lang.pick(
        "Deze tekst is langer dan 1 MiB; kort hem in.",
        "This text is longer than 1 MiB; shorten it.",
    )
    .to_owned()
}

/// The notice of a stale save: what is stored now of each text that clashed.
fn conflict(stale: &[(TextKey, String)], lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        div.conflict role="alert" tabindex="-1" id="conflict" {
            h2 { (t("Niet opgeslagen: iemand anders heeft deze tekst intussen gewijzigd", "Not saved: someone else changed this text in the meantime")) }
            p { (t("Zo staat het er nu:", "This is what is stored now:")) }
            dl {
                @for (key, text) in stale {
                    dt { (text_label(*key, lang)) }
                    dd {
                        @if text.trim().is_empty() { (t("(leeg)", "(empty)")) }
                        @else { pre.written { (text) } }
                    }
                }
            }
            p { (t("Uw invoer staat nog in het formulier. Sla opnieuw op om die vast te leggen; daarmee vervangt u de versie van de ander.", "Your input is still in the form. Save again to store it; that replaces the other version.")) }
        }
    }
}

fn render(
    chrome: &Chrome,
    stored: &ReportTexts,
    draft: &[String; 2],
    errors: &FieldErrors,
    conflict: Option<Markup>,
    saved: bool,
    versions: Markup,
) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let viewer = chrome.viewer.as_ref();
    let can_edit = viewer.is_some_and(Viewer::can_edit);
    let contact = viewer.is_some_and(|v| v.user.role == uti_store::Role::Contact);
    let title = t("Rapportage", "Reports");
    let hint = t(
        "Markdown is toegestaan: **vet**, *cursief*, kopjes (## Kop), lijsten (- punt) en koppelingen ([tekst](https://...)). HTML wordt niet uitgevoerd maar letterlijk getoond. Leeg laten: het rapport meldt dat de tekst nog geschreven moet worden.",
        "Markdown is allowed: **bold**, *italic*, headings (## Heading), lists (- item) and links ([text](https://...)). HTML is not run but shown literally. Left empty, the report says the text is still to be written.",
    );
    let body = html! {
        h1 { (title) }
        @if saved { p.notice role="status" { (t("De teksten zijn opgeslagen.", "The texts have been saved.")) } }
        @if let Some(c) = conflict { (c) }
        section aria-labelledby="downloaden" {
            h2 id="downloaden" { (t("Rapport van het netwerk downloaden", "Download the report of the network")) }
            p {
                (t(
                    "Het rapport wordt gemaakt uit de gegevens van dit moment: titelpagina, inhoud, inleiding, perspectief, aanpak, de portretten van alle initiatieven en de conclusies over de initiatieven heen.",
                    "The report is made from the data as it is now: title page, contents, introduction, perspective, approach, the portraits of all initiatives and the conclusions across initiatives.",
                ))
                @if contact {
                    " " (t("Conceptsessies staan er niet in.", "Draft sessions are left out."))
                }
            }
            dl.formats {
                @for f in Format::ALL {
                    dt { (f.label()) }
                    dd { (f.description(lang)) }
                }
            }
            @for report_lang in [Lang::Nl, Lang::En] {
                h3 { (t("In het ", "In ")) (lang_name(report_lang, lang)) }
                p.actions {
                    (download_buttons("/rapport/download", t("Rapport downloaden", "Download report"), lang, report_lang))
                }
            }
            p.muted { (t("Het portret van één initiatief downloadt u op de pagina van dat initiatief.", "The portrait of one initiative is downloaded on that initiative's page.")) }
        }
        (versions)
        section aria-labelledby="teksten" {
            h2 id="teksten" { (t("Inleiding en perspectief", "Introduction and perspective")) }
            @if can_edit {
                (errors.summary(lang, |f| TextKey::parse(f).map_or(f.to_owned(), |k| text_label(k, lang).to_owned())))
                form method="post" action=(format!("{PATH}?lang={}", code(lang))) novalidate {
                    (csrf_field(chrome))
                    @for (n, key) in TextKey::ALL.iter().enumerate() {
                        input type="hidden" name=(format!("{}.version", key.as_str())) value=(stored.get(*key).version);
                        (form::textarea(errors, key.as_str(), text_label(*key, lang), &draft[n], Some(hint), 10))
                    }
                    div.buttons {
                        button type="submit" { (t("Teksten opslaan", "Save the texts")) }
                    }
                }
            } @else {
                p.muted { (t("Alleen onderzoekers en beheerders kunnen deze teksten wijzigen.", "Only researchers and administrators can change these texts.")) }
                @for key in TextKey::ALL {
                    h3 { (text_label(key, lang)) }
                    @let text = &stored.get(key).text;
                    @if text.trim().is_empty() {
                        p.muted { (t("Nog niet geschreven.", "Not written yet.")) }
                    } @else {
                        pre.written { (text) }
                    }
                }
            }
        }
    };
    layout::page(chrome, title, body)
}

/// `GET /rapport/download?format=&lang=`.
pub async fn download(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    crate::kernel::error::respond(network_file(&state, &viewer, &q, lang).await, &chrome)
}

/// `GET /initiatieven/{id}/portret?format=&lang=`.
pub async fn portrait(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(id): ApiPath<String>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}"));
    crate::kernel::error::respond(portrait_file(&state, &viewer, &id, &q, lang).await, &chrome)
}

// -------------------------------------------------------------- the API ---

/// The query of a download, for the document (read as [`DownloadQuery`]).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DownloadParams {
    /// The file's format, as `uti report --format`: `html` (also when
    /// absent or empty), `pdf`, `docx`, or `md` (a ZIP archive of the
    /// Markdown and its SVG charts); an unknown one gets 400 listing them.
    #[param(inline)]
    pub format: Option<FormatParam>,
    /// The report's language (also that of the messages): `nl` or `en`;
    /// absent or empty: the request's language (Dutch unless the language
    /// cookie says English).
    #[param(inline)]
    pub lang: Option<LangParam>,
}

/// A format of a download, or empty for HTML.
#[derive(Debug)]
pub struct FormatParam;

impl utoipa::PartialSchema for FormatParam {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::kernel::dataset_schema::text_enum(
            &["pdf", "docx", "html", "md", ""],
            "The format, or empty for HTML.",
        )
    }
}

impl utoipa::ToSchema for FormatParam {}

/// `nl` or `en`, or empty for the request's language.
#[derive(Debug)]
pub struct LangParam;

impl utoipa::PartialSchema for LangParam {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::kernel::dataset_schema::text_enum(
            &["nl", "en", ""],
            "The language, or empty for the request's.",
        )
    }
}

impl utoipa::ToSchema for LangParam {}

/// `GET /api/report?format=&lang=`.
#[utoipa::path(
    get,
    path = "/api/report",
    tag = "reports",
    operation_id = "getReport",
    summary = "The report of the network as a file, made from the data now.",
    description = "Allowed for: every role. Title page, contents, introduction, perspective, approach, portraits, conclusions; an initiative contact's report has no draft sessions of other initiatives.",
    params(DownloadParams),
    responses(
        (status = 200, description = "The file, as an attachment.", content(
            (String = "text/html"),
            (String = "application/pdf"),
            (String = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "application/zip"),
        )),
        (status = 400, description = "An unknown `format` or `lang`.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_report(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<DownloadQuery>,
) -> Response {
    network_file(&state, &viewer, &q, lang)
        .await
        .unwrap_or_else(|e| e.json(lang))
}

/// `GET /api/initiatives/{id}/portrait?format=&lang=`.
#[utoipa::path(
    get,
    path = "/api/initiatives/{id}/portrait",
    tag = "reports",
    operation_id = "getPortrait",
    summary = "The portrait of one initiative as a file, in the formats of getReport.",
    description = "Allowed for: every role.",
    params(crate::initiatives::api::InitiativeId, DownloadParams),
    responses(
        (status = 200, description = "The file, as an attachment.", content(
            (String = "text/html"),
            (String = "application/pdf"),
            (String = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "application/zip"),
        )),
        (status = 400, description = "An unknown `format` or `lang`.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No initiative has this id.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_portrait(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(crate::initiatives::api::InitiativeId { id }): ApiPath<
        crate::initiatives::api::InitiativeId,
    >,
    ApiQuery(q): ApiQuery<DownloadQuery>,
) -> Response {
    portrait_file(&state, &viewer, &id, &q, lang)
        .await
        .unwrap_or_else(|e| e.json(lang))
}

fn texts_json(texts: &ReportTexts) -> Value {
    let mut out = serde_json::Map::new();
    for key in TextKey::ALL {
        let t = texts.get(key);
        out.insert(
            key.as_str().to_owned(),
            json!({"text": t.text, "version": t.version}),
        );
    }
    Value::Object(out)
}

/// One text of the report with its version.
#[derive(Debug, utoipa::ToSchema)]
pub struct TextDoc {
    /// The Markdown; empty when it is not written yet.
    pub text: String,
    /// Its version, for saveReportText.
    pub version: i64,
}

/// The texts of the report.
#[derive(Debug, utoipa::ToSchema)]
pub struct TextsDoc {
    /// The introduction.
    pub intro: TextDoc,
    /// The perspective.
    pub perspective: TextDoc,
}

/// `GET /api/report/texts`.
#[utoipa::path(
    get,
    path = "/api/report/texts",
    tag = "reports",
    operation_id = "getReportTexts",
    summary = "The texts the researchers write for the report, in Markdown.",
    description = "Allowed for: every role.",
    responses(
        (status = 200, description = "Both texts with their versions.", body = TextsDoc),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_texts(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    _viewer: Viewer,
) -> Response {
    match state.store.report_texts().await {
        Ok(texts) => Json(texts_json(&texts)).into_response(),
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// The `{key}` of a report text.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TextPath {
    /// `intro` or `perspective`.
    #[param(inline, value_type = TextKeyParam)]
    pub key: String,
}

/// Which text.
#[derive(Debug, utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum TextKeyParam {
    /// The introduction.
    Intro,
    /// The perspective.
    Perspective,
}

/// The body of saveReportText.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TextChange {
    /// The version it is based on (from getReportTexts).
    pub version: i64,
    /// The Markdown, at most 1 MiB.
    #[schema(max_length = 1048576)]
    pub text: String,
}

/// A saved text.
#[derive(Debug, utoipa::ToSchema)]
pub struct SavedTextDoc {
    /// `intro` or `perspective`.
    pub key: String,
    /// Its new version.
    pub version: i64,
}

/// `PUT /api/report/texts/{key}` with `{"version": N, "text": "..."}`.
#[utoipa::path(
    put,
    path = "/api/report/texts/{key}",
    tag = "reports",
    operation_id = "saveReportText",
    summary = "Replaces one text of the report (Markdown, at most 1 MiB).",
    description = "Allowed for: researcher, admin.",
    params(TextPath),
    request_body(content = TextChange, description = "The version it is based on (from getReportTexts) and the Markdown.", content_type = "application/json"),
    responses(
        (status = 200, description = "Saved.", body = SavedTextDoc),
        (status = 400, description = "Not JSON, not `{\"version\": N, \"text\": \"...\"}`, or the text is over 1 MiB.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such text.", body = ErrorBody),
        (status = 409, description = "The version sent is stale: `current` is the stored text, `version` its version.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_save_text(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(TextPath { key }): ApiPath<TextPath>,
    ApiJson(change): ApiJson<TextChange>,
) -> Response {
    let result = async {
        let key = TextKey::parse(&key).ok_or_else(|| AppError::NotFound.json(lang))?;
        let version = change.version;
        let text = normalise(&change.text);
        if text.len() > MAX_TEXT {
            return Err(AppError::BadRequest(too_long(lang)).json(lang));
        }
        match state
            .store
            .save_report_text(key, &text, version, &viewer.actor(Via::Api))
            .await {
            Ok(Saved::Done { version, .. }) => {
                Ok(Json(json!({"key": key.as_str(), "version": version})).into_response())
            }
            Ok(Saved::Stale { current }) => {
                let (current, now) = current.unwrap_or_default();
                Err((
                    StatusCode::CONFLICT,
                    Json(json!({"error": {
                        "status": 409,
                        "message": lang.pick(
                            "Niet opgeslagen: iemand anders heeft deze tekst intussen gewijzigd. Bekijk `current` en stuur uw wijziging opnieuw met de nieuwe versie.",
                            "Not saved: someone else changed this text in the meantime. See `current` and send your change again with the new version.",
                        ),
                        "current": current,
                        "version": now,
                    }})),
                )
                    .into_response())
            }
            Err(e) => Err(AppError::Store(e).json(lang)),
        }
    }
    .await;
    result.unwrap_or_else(|r| r)
}

// ------------------------------------------------------------ versions ---

/// Where versions are saved (`POST`) and found.
pub const VERSIONS: &str = "/rapport/versies";

/// Longest label of a version, in characters.
pub const MAX_LABEL: usize = 200;

/// A version's counts as `viewer` may see them: a contact reads no drafts.
fn shown(mut version: ReportVersion, viewer: &Viewer) -> ReportVersion {
    if viewer.user.role == Role::Contact {
        version.sessions -= version.drafts;
        version.drafts = 0;
    }
    version
}

/// Version `n` as `viewer` may read it: a contact gets no drafts of other
/// initiatives.
async fn frozen(state: &AppState, viewer: &Viewer, n: i64) -> Result<FrozenReport, AppError> {
    let mut frozen = state
        .store
        .report_version(n)
        .await?
        .ok_or(AppError::NotFound)?;
    if viewer.user.role == Role::Contact {
        frozen.dataset = frozen.dataset.without_drafts(&viewer.user.initiatives);
    }
    Ok(frozen)
}

/// Version `n` of the report, made again from its frozen dataset and texts
/// with the renderers of the live download, dated as the version.
async fn version_file(
    state: &AppState,
    viewer: &Viewer,
    n: i64,
    q: &DownloadQuery,
    page_lang: Lang,
) -> Result<Response, AppError> {
    let (format, lang) = choice(q, page_lang)?;
    let frozen = frozen(state, viewer, n).await?;
    let date = frozen.version.date;
    let mut options = Options::new(lang, date);
    frozen.fill(&mut options);
    let analysis = uti_core::analysis::analyse(&frozen.dataset);
    let report = report::network_report(&frozen.dataset, &analysis, &options);
    let what = format!("{}-{n}", lang.pick("rapport-versie", "report-version"));
    let stem = file_stem(&what, frozen.dataset.network.as_deref(), date.date());
    rendered(format, report, stem).await
}

/// Saves the report as it is now as the next version.
async fn save_version(
    state: &AppState,
    viewer: &Viewer,
    label: Option<&str>,
    lang: Lang,
) -> Result<ReportVersion, AppError> {
    if label.is_some_and(|l| l.chars().count() > MAX_LABEL) {
        return Err(AppError::BadRequest(
            lang.pick(
                "Het label is langer dan 200 tekens.",
                "The label is longer than 200 characters.",
            )
            .to_owned(),
        ));
    }
    Ok(state
        .store
        .save_report_version(label, &viewer.user.name, today())
        .await?)
}

/// The query of a comparison.
#[derive(Debug, Default, Deserialize)]
pub struct CompareQuery {
    /// The earlier version's number.
    pub a: Option<String>,
    /// The later version's number.
    pub b: Option<String>,
}

/// Versions `a` and `b` as `viewer` may read them, and what changed.
async fn comparison(
    state: &AppState,
    viewer: &Viewer,
    q: &CompareQuery,
    lang: Lang,
) -> Result<(ReportVersion, ReportVersion, VersionComparison), AppError> {
    let number = |v: &Option<String>| {
        v.as_deref()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .ok_or_else(|| {
                AppError::BadRequest(
                    lang.pick(
                        "geef twee versienummers: a en b",
                        "give two version numbers: a and b",
                    )
                    .to_owned(),
                )
            })
    };
    let (a, b) = (number(&q.a)?, number(&q.b)?);
    let (fa, fb) = (
        frozen(state, viewer, a).await?,
        frozen(state, viewer, b).await?,
    );
    let changes = report_versions::compare(&fa.dataset, &fb.dataset);
    Ok((
        shown(fa.version, viewer),
        shown(fb.version, viewer),
        changes,
    ))
}

fn version_name(v: &ReportVersion, lang: Lang) -> String {
    match &v.label {
        Some(l) => format!("{} {} ({l})", lang.pick("versie", "version"), v.number),
        None => format!("{} {}", lang.pick("versie", "version"), v.number),
    }
}

/// The "versions" section of `/rapport`: the saved versions with their
/// downloads, the form that saves one and the one that compares two.
fn versions_section(
    chrome: &Chrome,
    versions: &[ReportVersion],
    just_saved: Option<i64>,
) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let Some(viewer) = chrome.viewer.as_ref() else {
        return html! {};
    };
    let shown: Vec<ReportVersion> = versions.iter().cloned().map(|v| shown(v, viewer)).collect();
    html! {
        section aria-labelledby="versies" id="versies-sectie" {
            h2 id="versies" { (t("Versies", "Versions")) }
            @if let Some(n) = just_saved {
                p.notice role="status" { (t("Opgeslagen als versie ", "Saved as version ")) (n) "." }
            }
            p {
                (t(
                    "Een versie legt het rapport vast zoals het nu is: de gegevens en de teksten. U kunt hem later in elk formaat downloaden; dat is dan het rapport van toen.",
                    "A version freezes the report as it is now: the data and the texts. You can download it later in every format; it is then the report as it was.",
                ))
            }
            @if viewer.can_edit() {
                form method="post" action=(format!("{VERSIONS}?lang={}", code(lang))) {
                    (csrf_field(chrome))
                    p {
                        label for="versie-label" { (t("Label (niet verplicht)", "Label (optional)")) }
                        " "
                        input type="text" id="versie-label" name="label" maxlength=(MAX_LABEL);
                    }
                    div.buttons {
                        button type="submit" { (t("Opslaan als versie", "Save as version")) }
                    }
                }
            }
            @if shown.is_empty() {
                p.muted { (t("Er zijn nog geen versies opgeslagen.", "No versions have been saved yet.")) }
            } @else {
                table {
                    caption { (t("Opgeslagen versies van het rapport", "Saved versions of the report")) }
                    thead {
                        tr {
                            th scope="col" { (t("Versie", "Version")) }
                            th scope="col" { (t("Datum", "Date")) }
                            th scope="col" { (t("Label", "Label")) }
                            th scope="col" { (t("Initiatieven", "Initiatives")) }
                            th scope="col" { (t("Sessies", "Sessions")) }
                            th scope="col" { (t("Downloaden", "Download")) }
                        }
                    }
                    tbody {
                        @for v in &shown {
                            tr {
                                th scope="row" { (v.number) }
                                td { (v.date) }
                                td { (v.label.as_deref().unwrap_or("")) }
                                td { (v.initiatives) }
                                td { (v.sessions) }
                                td {
                                    (download_buttons(
                                        &format!("{VERSIONS}/{}/download", v.number),
                                        &format!("{} {}", t("Versie", "Version"), v.number),
                                        lang,
                                        lang,
                                    ))
                                }
                            }
                        }
                    }
                }
                @if shown.len() >= 2 {
                    h3 { (t("Twee versies vergelijken", "Compare two versions")) }
                    form method="get" action=(format!("{VERSIONS}/vergelijk")) {
                        input type="hidden" name="lang" value=(code(lang));
                        p {
                            label for="vergelijk-a" { (t("Eerdere versie", "Earlier version")) }
                            " "
                            select id="vergelijk-a" name="a" {
                                @for (n, v) in shown.iter().enumerate() {
                                    option value=(v.number) selected[n + 2 == shown.len()] { (version_name(v, lang)) }
                                }
                            }
                            " "
                            label for="vergelijk-b" { (t("Latere versie", "Later version")) }
                            " "
                            select id="vergelijk-b" name="b" {
                                @for (n, v) in shown.iter().enumerate() {
                                    option value=(v.number) selected[n + 1 == shown.len()] { (version_name(v, lang)) }
                                }
                            }
                            " "
                            button type="submit" { (t("Vergelijken", "Compare")) }
                        }
                    }
                }
            }
        }
    }
}

/// `POST /rapport/versies` (fields `csrf`, `label`).
pub async fn submit_version(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let saved = save_version(&state, &viewer, Some(fields.get("label")), lang).await?;
        Ok::<_, AppError>(
            Redirect::to(&format!(
                "{PATH}?versie={}&lang={}#versies",
                saved.number,
                code(lang)
            ))
            .into_response(),
        )
    }
    .await;
    result.unwrap_or_else(|e| e.page(&chrome))
}

/// `GET /rapport/versies/{n}/download?format=&lang=`.
pub async fn version_download(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(n): ApiPath<i64>,
    Query(q): Query<DownloadQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    version_file(&state, &viewer, n, &q, lang)
        .await
        .unwrap_or_else(|e| e.page(&chrome))
}

fn named_cell(i: &report_versions::Named) -> Markup {
    html! { a href=(format!("/initiatieven/{}", i.id)) { (i.name) } }
}

/// `GET /rapport/versies/vergelijk?a=&b=`.
pub async fn compare_page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<CompareQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, PATH);
    let (va, vb, c) = match comparison(&state, &viewer, &q, lang).await {
        Ok(found) => found,
        Err(e) => return e.page(&chrome),
    };
    let t = |nl, en| chrome.t(nl, en);
    let title = format!(
        "{} {} {} {}",
        t("Versie", "Version"),
        va.number,
        t("en versie", "and version"),
        vb.number
    ) + t(" vergeleken", " compared");
    let score =
        |s: Option<uti_core::model::Score>| s.map_or("–".to_owned(), |s| s.value().to_string());
    let body = html! {
        h1 { (title) }
        p {
            (version_name(&va, lang)) ", " (va.date) " → " (version_name(&vb, lang)) ", " (vb.date)
        }
        @if c.is_empty() {
            p { (t("Er is niets veranderd aan initiatieven, plots of sessies.", "Nothing changed in initiatives, plots or sessions.")) }
        }
        section aria-labelledby="initiatieven" {
            h2 id="initiatieven" { (t("Initiatieven toegevoegd of verwijderd", "Initiatives added or removed")) }
            @if c.added.is_empty() && c.removed.is_empty() {
                p.muted { (t("Geen.", "None.")) }
            } @else {
                table {
                    caption { (t("Initiatieven toegevoegd of verwijderd", "Initiatives added or removed")) }
                    thead { tr {
                        th scope="col" { (t("Initiatief", "Initiative")) }
                        th scope="col" { (t("Verandering", "Change")) }
                    } }
                    tbody {
                        @for i in &c.added { tr { th scope="row" { (named_cell(i)) } td { (t("toegevoegd", "added")) } } }
                        @for i in &c.removed { tr { th scope="row" { (i.name) } td { (t("verwijderd", "removed")) } } }
                    }
                }
            }
        }
        section aria-labelledby="plots" {
            h2 id="plots" { (t("Huidige plot veranderd", "Current plot changed")) }
            @if c.plots_changed.is_empty() {
                p.muted { (t("Geen.", "None.")) }
            } @else {
                table {
                    caption { (t("Scores van de huidige plot per type", "Scores of the current plot per type")) }
                    thead { tr {
                        th scope="col" { (t("Initiatief", "Initiative")) }
                        th scope="col" { (t("Type", "Type")) }
                        th scope="col" { (t("Oud", "Old")) }
                        th scope="col" { (t("Nieuw", "New")) }
                    } }
                    tbody {
                        @for p in &c.plots_changed {
                            @for s in &p.scores {
                                tr {
                                    th scope="row" { (named_cell(&p.initiative)) }
                                    td { (uti_core::prose::type_name(s.llo_type, lang)) }
                                    td { (score(s.a)) }
                                    td { (score(s.b)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="sessies" {
            h2 id="sessies" { (t("Sessies toegevoegd", "Sessions added")) }
            @if c.sessions_added.is_empty() {
                p.muted { (t("Geen.", "None.")) }
            } @else {
                table {
                    caption { (t("Sessies toegevoegd", "Sessions added")) }
                    thead { tr {
                        th scope="col" { (t("Initiatief", "Initiative")) }
                        th scope="col" { (t("Datum", "Date")) }
                        th scope="col" { (t("Soort", "Kind")) }
                    } }
                    tbody {
                        @for s in &c.sessions_added {
                            tr {
                                th scope="row" { (named_cell(&s.initiative)) }
                                td { (s.date) }
                                td { (uti_core::prose::kind_name(s.kind, lang)) }
                            }
                        }
                    }
                }
            }
        }
        p { a href=(format!("{PATH}?lang={}#versies", code(lang))) { (t("Terug naar de versies", "Back to the versions")) } }
    };
    layout::page(&chrome, &title, body).into_response()
}

/// A saved version of the report.
#[derive(Debug, utoipa::ToSchema)]
pub struct VersionDoc {
    /// 1, 2, 3...
    pub number: i64,
    /// When it was saved, in seconds since 1970 (UTC).
    pub created_at: i64,
    /// The report's date.
    #[schema(format = Date)]
    pub date: String,
    /// What the saver called it.
    pub label: Option<String>,
    /// Who saved it.
    pub author: String,
    /// How many initiatives it holds.
    pub initiatives: i64,
    /// How many sessions (an initiative contact's count leaves drafts out).
    pub sessions: i64,
    /// How many of those are drafts.
    pub drafts: i64,
}

/// `GET /api/report/versions`.
#[utoipa::path(
    get,
    path = "/api/report/versions",
    tag = "reports",
    operation_id = "listReportVersions",
    summary = "The saved versions of the report, oldest first.",
    description = "Allowed for: every role. An initiative contact's counts leave drafts out.",
    responses(
        (status = 200, description = "The versions.", body = Vec<VersionDoc>),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_versions(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    match state.store.report_versions().await {
        Ok(versions) => Json(
            versions
                .into_iter()
                .map(|v| shown(v, &viewer))
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// The body of saveReportVersion (which may also be empty).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct VersionLabel {
    /// An optional label of at most 200 characters.
    #[schema(max_length = 200)]
    pub label: Option<String>,
}

/// `POST /api/report/versions` with `{"label": "..."}` (or no body).
#[utoipa::path(
    post,
    path = "/api/report/versions",
    tag = "reports",
    operation_id = "saveReportVersion",
    summary = "Saves the report as it is now as the next version (1, 2, 3...).",
    description = "Allowed for: researcher, admin. The dataset it is made from and the introduction and perspective are frozen.",
    request_body(content = Option<VersionLabel>, description = "An optional label; the body may be empty.", content_type = "application/json"),
    responses(
        (status = 201, description = "Saved, as listed by listReportVersions.", body = VersionDoc),
        (status = 400, description = "Not JSON, or the label is longer than 200 characters.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_save_version(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<VersionLabel>,
) -> Response {
    let result = async {
        let label = body.as_ref().and_then(|b| b.label.as_deref());
        let saved = save_version(&state, &viewer, label, lang).await?;
        Ok::<_, AppError>((StatusCode::CREATED, Json(saved)).into_response())
    }
    .await;
    result.unwrap_or_else(|e| e.json(lang))
}

/// The `{n}` of a saved version.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Path)]
pub struct VersionPath {
    /// The version's number (1, 2, 3...).
    #[param(example = 1)]
    pub n: i64,
}

/// `GET /api/report/versions/{n}?format=&lang=`.
#[utoipa::path(
    get,
    path = "/api/report/versions/{n}",
    tag = "reports",
    operation_id = "getReportVersion",
    summary = "One saved version of the report as a file, in the formats of getReport.",
    description = "Allowed for: every role. Made again from its frozen data and texts and dated as the version; an initiative contact's has no drafts of other initiatives.",
    params(VersionPath, DownloadParams),
    responses(
        (status = 200, description = "The file, as an attachment.", content(
            (String = "text/html"),
            (String = "application/pdf"),
            (String = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (String = "application/zip"),
        )),
        (status = 400, description = "`n` is not a number, or an unknown `format` or `lang`.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No version has this number.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_version(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(VersionPath { n }): ApiPath<VersionPath>,
    ApiQuery(q): ApiQuery<DownloadQuery>,
) -> Response {
    version_file(&state, &viewer, n, &q, lang)
        .await
        .unwrap_or_else(|e| e.json(lang))
}

/// The query of compareReportVersions, for the document (read as
/// [`CompareQuery`]).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionPair {
    /// The earlier version's number.
    #[param(example = 1)]
    pub a: i64,
    /// The later version's number.
    #[param(example = 2)]
    pub b: i64,
}

/// What changed between two versions.
#[derive(Debug, utoipa::ToSchema)]
pub struct VersionComparisonDoc {
    /// Version `a`.
    pub a: VersionDoc,
    /// Version `b`.
    pub b: VersionDoc,
    /// `{"added", "removed"` (initiatives: id, name), `"plots_changed"`
    /// (initiative and the scores of the current plot that differ, per
    /// type: a → b), `"sessions_added"` (initiative, date, kind)`}`.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

/// `GET /api/report/versions/compare?a=&b=`.
#[utoipa::path(
    get,
    path = "/api/report/versions/compare",
    tag = "reports",
    operation_id = "compareReportVersions",
    summary = "What changed from version `a` to version `b`.",
    description = "Allowed for: every role. An initiative contact's comparison leaves other initiatives' drafts out.",
    params(VersionPair),
    responses(
        (status = 200, description = "Both versions and the changes.", body = VersionComparisonDoc),
        (status = 400, description = "`a` or `b` is missing or not a number.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No version has the number `a` or `b`.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_compare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<CompareQuery>,
) -> Response {
    match comparison(&state, &viewer, &q, lang).await {
        Ok((a, b, changes)) => Json(json!({"a": a, "b": b, "changes": changes})).into_response(),
        Err(e) => e.json(lang),
    }
}
