//! The public part of the site, for anyone, without logging in
//! (`/openbaar`): the published portraits (page and PDF), the published
//! report versions and the network's published figures. Nothing else:
//! every page is made only from what was published (a portrait's data as
//! frozen at publication; a report version's frozen dataset without its
//! draft sessions), never from the live dataset, so no draft, note,
//! comment, suggestion, answer or contact's name can reach it.
//!
//! A published portrait's page is rendered once per revision and language
//! and kept with its gzip form, so that reading it costs little more than
//! sending bytes.
#![allow(clippy::result_large_err)]

use crate::kernel::AppState;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use crate::reports::format::{Format, file_stem};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use bytes::Bytes;
use maud::{Markup, PreEscaped, html};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use uti_core::Lang;
use uti_core::report::{self, Block, Options};
use uti_store::publications::{self, Publication};

/// The public pages (but the portrait pages: [`portrait_router`]).
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/openbaar", get(index))
        .route("/openbaar/portretten/{id}/pdf", get(portrait_pdf))
        .route("/openbaar/rapporten/{n}", get(report_version))
        .route("/openbaar/cijfers", get(figures))
}

/// The published portrait pages, served from ready bytes; `lib.rs` gives
/// them only the layers they need.
pub fn portrait_router() -> Router<AppState> {
    Router::new().route("/openbaar/portretten/{id}", get(portrait))
}

fn chrome(lang: Lang, path: &str) -> Chrome {
    let mut c = Chrome::anonymous(lang);
    c.path = path.to_owned();
    c
}

fn public_nav(lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        nav.public aria-label=(t("Openbaar deel", "Public part")) {
            ul {
                li { a href="/openbaar" { (t("Gepubliceerd", "Published")) } }
                li { a href="/openbaar/cijfers" { (t("Cijfers van het netwerk", "Figures of the network")) } }
                li { a href="/login" { (t("Inloggen voor onderzoekers", "Log in for researchers")) } }
            }
        }
    }
}

fn page(lang: Lang, path: &str, title: &str, body: Markup) -> Response {
    let c = chrome(lang, path);
    layout::page(&c, title, html! { (public_nav(lang)) (body) }).into_response()
}

fn respond(result: Result<Response, AppError>, lang: Lang, path: &str) -> Response {
    crate::kernel::error::respond(result, &chrome(lang, path))
}

/// `GET /openbaar`.
pub async fn index(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    let result = async {
        let t = |nl, en| lang.pick(nl, en);
        let all = state.store.publications().await?;
        let portraits: Vec<&Publication> = all.iter().filter(|p| p.initiative_id.is_some()).collect();
        let versions: Vec<&Publication> = all.iter().filter(|p| p.report_version.is_some()).collect();
        let network = state.store.network_name().await?;
        let title = t("Gepubliceerde portretten en rapporten", "Published portraits and reports");
        let body = html! {
            h1 { (title) }
            @if let Some(n) = &network { p.lead { (n) } }
            p { (t("Hier staan de portretten van initiatieven die de initiatieven zelf hebben gecontroleerd, en de rapporten die het netwerk heeft vrijgegeven.", "Here are the portraits of initiatives, checked by the initiatives themselves, and the reports the network has released.")) }
            h2 { (t("Portretten", "Portraits")) }
            @if portraits.is_empty() {
                p { (t("Er is nog geen portret gepubliceerd.", "No portrait has been published yet.")) }
            } @else {
                ul {
                    @for p in &portraits {
                        li {
                            a href={ "/openbaar/portretten/" (p.initiative_id.as_deref().unwrap_or("")) } { (p.name) }
                            " (" (t("gepubliceerd", "published")) " " (super::checks::when(p.published_at, lang)) ")"
                        }
                    }
                }
            }
            h2 { (t("Rapporten", "Reports")) }
            @if versions.is_empty() {
                p { (t("Er is nog geen rapport gepubliceerd.", "No report has been published yet.")) }
            } @else {
                ul {
                    @for v in versions.iter().rev() {
                        li { a href={ "/openbaar/rapporten/" (v.report_version.unwrap_or(0)) } { (v.name) } }
                    }
                }
            }
        };
        Ok(page(lang, "/openbaar", title, body))
    }
    .await;
    respond(result, lang, "/openbaar")
}

/// A rendered public page, plain and gzipped.
struct Prepared {
    plain: Bytes,
    gzip: Bytes,
}

type Cache = HashMap<(String, Lang), Arc<Prepared>>;

/// The rendered portrait pages of one revision.
fn cache() -> &'static Mutex<(i64, Cache)> {
    static CACHE: OnceLock<Mutex<(i64, Cache)>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new((i64::MIN, HashMap::new())))
}

fn gzip(bytes: &[u8]) -> Bytes {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).expect("writing to memory");
    Bytes::from(e.finish().expect("writing to memory"))
}

fn send(prepared: &Prepared, headers: &HeaderMap) -> Response {
    let gzip_ok = headers
        .get(header::ACCEPT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|e| e.trim().split(';').next() == Some("gzip"))
        });
    let mut response = if gzip_ok {
        let mut r = prepared.gzip.clone().into_response();
        r.headers_mut()
            .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        r
    } else {
        prepared.plain.clone().into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    response
}

/// The report of a published portrait, from its frozen data.
fn published_report(p: &Publication, lang: Lang) -> Result<report::Report, AppError> {
    let data = publications::read_data(p.data.as_deref().unwrap_or(""))?;
    let id = p.initiative_id.as_deref().unwrap_or("");
    let date = super::checks::review::day_of(p.published_at);
    report::portrait(&data, id, &Options::new(lang, date)).ok_or(AppError::NotFound)
}

/// `GET /openbaar/portretten/{id}`.
pub async fn portrait(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    state.metrics.public_portraits.inc();
    let path = format!("/openbaar/portretten/{id}");
    let result = async {
        let revision = state.snapshot.get(&state.store).await?.revision;
        {
            let held = cache().lock().expect("cache");
            if held.0 == revision
                && let Some(p) = held.1.get(&(id.clone(), lang))
            {
                return Ok(send(p, &headers));
            }
        }
        let p = state
            .store
            .published_portrait(&id)
            .await?
            .ok_or(AppError::NotFound)?;
        let report = published_report(&p, lang)?;
        let t = |nl, en| lang.pick(nl, en);
        let body = html! {
            article.portrait {
                p.label { (report.label.clone().unwrap_or_default()) }
                h1 { (report.title) }
                p.meta { (t("Gepubliceerd op", "Published on")) " " (super::checks::when(p.published_at, lang)) }
                (PreEscaped(uti_core::report::html::blocks_html(&report, &report.blocks)))
                p { a.button href={ (path) "/pdf" } download { (t("Portret als PDF", "Portrait as PDF")) } }
            }
        };
        let html = page(lang, &path, &report.title, body);
        let bytes = axum::body::to_bytes(html.into_body(), usize::MAX)
            .await
            .map_err(|e| AppError::Store(uti_store::StoreError::Corrupt(e.to_string())))?;
        let prepared = Arc::new(Prepared {
            gzip: gzip(&bytes),
            plain: bytes,
        });
        let mut held = cache().lock().expect("cache");
        if held.0 != revision {
            *held = (revision, HashMap::new());
        }
        held.1.insert((id.clone(), lang), prepared.clone());
        Ok(send(&prepared, &headers))
    }
    .await;
    respond(result, lang, &path)
}

/// `GET /openbaar/portretten/{id}/pdf`.
pub async fn portrait_pdf(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(id): Path<String>,
) -> Response {
    let path = format!("/openbaar/portretten/{id}");
    let result = async {
        let p = state
            .store
            .published_portrait(&id)
            .await?
            .ok_or(AppError::NotFound)?;
        let report = published_report(&p, lang)?;
        let stem = file_stem(
            lang.pick("portret", "portrait"),
            Some(&p.name),
            crate::kernel::widgets::today(),
        );
        crate::reports::page::rendered(Format::Pdf, report, stem).await
    }
    .await;
    respond(result, lang, &path)
}

/// The network report of a published version, without its drafts.
async fn published_version_report(
    state: &AppState,
    n: i64,
    lang: Lang,
) -> Result<(Publication, report::Report), AppError> {
    let p = state
        .store
        .published_version(n)
        .await?
        .ok_or(AppError::NotFound)?;
    let frozen = state
        .store
        .report_version(n)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut dataset = frozen.dataset.without_drafts(&[]);
    for i in dataset.initiatives.iter_mut().flatten() {
        for s in i.sessions.iter_mut().flatten() {
            s.notes = None;
        }
    }
    let analysis = uti_core::analysis::analyse(&dataset);
    let mut options = Options::new(lang, frozen.version.date);
    frozen.fill(&mut options);
    options.version = Some(
        frozen
            .version
            .label
            .clone()
            .unwrap_or_else(|| format!("{} {n}", lang.pick("versie", "version"))),
    );
    Ok((p, report::network_report(&dataset, &analysis, &options)))
}

/// `GET /openbaar/rapporten/{n}`: the report version as a page, with its
/// PDF as `?format=pdf`.
pub async fn report_version(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Path(n): Path<String>,
    axum::extract::Query(q): axum::extract::Query<HashMap<String, String>>,
) -> Response {
    let path = format!("/openbaar/rapporten/{n}");
    let result = async {
        let n: i64 = n.parse().map_err(|_| AppError::NotFound)?;
        let (p, report) = published_version_report(&state, n, lang).await?;
        if q.get("format").map(String::as_str) == Some("pdf") {
            let stem = file_stem(lang.pick("rapportage", "report"), None, crate::kernel::widgets::today());
            return crate::reports::page::rendered(Format::Pdf, report, stem).await;
        }
        let t = |nl, en| lang.pick(nl, en);
        let body = html! {
            article.report {
                h1 { (report.title) }
                p.meta { (p.name) " · " (t("gepubliceerd op", "published on")) " " (super::checks::when(p.published_at, lang)) }
                p { a.button href={ (path) "?format=pdf" } download { (t("Rapport als PDF", "Report as PDF")) } }
                (PreEscaped(uti_core::report::html::blocks_html(&report, &report.blocks)))
            }
        };
        Ok(page(lang, &path, &report.title, body))
    }
    .await;
    respond(result, lang, &path)
}

/// `GET /openbaar/cijfers`: the figures of the latest published report
/// version.
pub async fn figures(State(state): State<AppState>, PageLang(lang): PageLang) -> Response {
    let result = async {
        let t = |nl, en| lang.pick(nl, en);
        let title = t("Cijfers van het netwerk", "Figures of the network");
        let latest = state
            .store
            .publications()
            .await?
            .into_iter()
            .filter_map(|p| p.report_version)
            .max();
        let Some(n) = latest else {
            return Ok(page(
                lang,
                "/openbaar/cijfers",
                title,
                html! {
                    h1 { (title) }
                    p { (t("Er zijn nog geen cijfers gepubliceerd. Ze verschijnen hier zodra het netwerk een rapport publiceert.", "No figures have been published yet. They appear here once the network publishes a report.")) }
                },
            ));
        };
        let (p, report) = published_version_report(&state, n, lang).await?;
        let charts: Vec<Block> = report
            .blocks
            .iter()
            .filter(|b| matches!(b, Block::Chart(_) | Block::Table(_)))
            .cloned()
            .collect();
        let body = html! {
            h1 { (title) }
            p { (t("Uit het gepubliceerde rapport", "From the published report")) " " a href={ "/openbaar/rapporten/" (n) } { (p.name) } "." }
            (PreEscaped(uti_core::report::html::blocks_html(&report, &charts)))
        };
        Ok(page(lang, "/openbaar/cijfers", title, body))
    }
    .await;
    respond(result, lang, "/openbaar/cijfers")
}
