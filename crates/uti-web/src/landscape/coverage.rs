//! Coverage and gaps: `/landschap/dekking` (the four matrices, empty cells
//! marked, the gaps in words), their downloads (`/landschap/dekking.xlsx`,
//! `/landschap/dekking/{matrix}.csv`) and `GET /api/landscape/coverage`.
//! The matrices are worked out once per revision, language and readership.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use crate::kernel::snapshot::Snapshot;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use uti_core::Lang;
use uti_core::landscape::coverage::{Matrix, MatrixKind, matrix};
use utoipa::{IntoParams, ToSchema};

/// The four matrices for `viewer` at this revision.
pub fn matrices(snapshot: &Snapshot, viewer: &Viewer, lang: Lang) -> Arc<Vec<Matrix>> {
    let readable = snapshot.readable(viewer);
    let key = format!(
        "coverage:{}:{}",
        crate::kernel::i18n::code(lang),
        readable.drafts_hidden
    );
    snapshot.derived(&key, || {
        MatrixKind::ALL
            .iter()
            .map(|k| matrix(readable.dataset, *k, lang))
            .collect()
    })
}

/// Rows of a matrix shown per page (themes × initiatives has a row per
/// initiative), and columns at most.
const ROWS: usize = 100;
const COLUMNS: usize = 40;
/// Initiatives named in a cell, and gaps named per matrix.
const NAMED: usize = 12;
const GAPS_NAMED: usize = 40;

/// `?pagina=N` for the rows of themes × initiatives.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The page.
    pub pagina: Option<String>,
}

/// `/landschap/dekking`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap/dekking");
    let result = async {
        let snapshot = state.snapshot.get(&state.store).await?;
        let all = matrices(&snapshot, &viewer, lang);
        let dataset = snapshot.readable(&viewer).dataset;
        let names: HashMap<&str, &str> = dataset
            .initiatives()
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()))
            .collect();
        let pages = all[0].rows.len().div_ceil(ROWS).max(1);
        let page = q
            .pagina
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        let t = |nl, en| lang.pick(nl, en);
        let body = html! {
            (super::nav::subnav("/landschap/dekking", lang))
            h1 { (t("Dekking en gaten", "Coverage and gaps")) }
            p.lead { (t("Wat het netwerk afdekt en wat ontbreekt. Elke cel telt; lege cellen (0) zijn gaten en vallen op. Klik op een aantal voor de initiatieven erachter.", "What the network covers and what is missing. Each cell counts; empty cells (0) are gaps and stand out. Open a count for the initiatives behind it.")) }
            p.downloads {
                a href="/landschap/dekking.xlsx" { (t("Alle matrices als Excel (XLSX)", "All matrices as Excel (XLSX)")) }
                @for m in all.iter() {
                    " · " a href=(format!("/landschap/dekking/{}.csv", m.kind)) { (m.kind.title(lang)) " (CSV)" }
                }
            }
            nav aria-label=(t("Op deze pagina", "On this page")) {
                ul.toc { @for m in all.iter() { li { a href=(format!("#{}", m.kind)) { (m.kind.title(lang)) } } } }
            }
            @for m in all.iter() {
                (section(m, &names, page, pages, lang))
            }
        };
        Ok::<_, AppError>(layout::page_around(
            &chrome,
            t("Dekking en gaten", "Coverage and gaps"),
            Arc::new(body.into_string()),
        ))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

fn section(
    m: &Matrix,
    names: &HashMap<&str, &str>,
    page: usize,
    pages: usize,
    lang: Lang,
) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let (row_axis, _) = m.kind.axes(lang);
    let paged = m.kind == MatrixKind::ThemesInitiatives;
    let first = if paged { (page - 1) * ROWS } else { 0 };
    let rows: Vec<usize> = (first..m.rows.len()).take(ROWS).collect();
    let columns: Vec<usize> = (0..m.columns.len()).take(COLUMNS).collect();
    let initiative = |id: &str| html! { a href=(format!("/initiatieven/{id}")) { (names.get(id).copied().unwrap_or(id)) } };
    html! {
        section aria-labelledby=(m.kind) {
            h2 id=(m.kind) { (m.kind.title(lang)) }
            p.hint { (m.kind.counts(lang)) }
            @if m.rows.is_empty() || m.columns.is_empty() {
                p.empty { (empty_text(m.kind, lang)) }
            } @else {
                div.table-scroll {
                    table.coverage {
                        caption { (m.kind.title(lang)) }
                        thead { tr {
                            th scope="col" { (row_axis) }
                            @for &c in &columns { th scope="col" { (m.columns[c].name) } }
                        } }
                        tbody {
                            @for &r in &rows {
                                tr {
                                    th scope="row" {
                                        @if paged { (initiative(&m.rows[r].id)) } @else { (m.rows[r].name) }
                                    }
                                    @for &c in &columns {
                                        @let cell = &m.cells[r][c];
                                        @if cell.count == 0 {
                                            td.gap { "0" span.sr-only { " (" (t("gat", "gap")) ")" } }
                                        } @else if paged {
                                            td.num { (cell.count) }
                                        } @else {
                                            td.num {
                                                details {
                                                    summary { (cell.count) }
                                                    ul { @for id in cell.initiatives.iter().take(NAMED) { li { (initiative(id.as_str())) } } }
                                                    @if cell.initiatives.len() > NAMED {
                                                        p.hint { (match lang {
                                                            Lang::Nl => format!("en {} andere", cell.initiatives.len() - NAMED),
                                                            Lang::En => format!("and {} others", cell.initiatives.len() - NAMED),
                                                        }) }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if m.columns.len() > COLUMNS {
                    p.hint { (match lang {
                        Lang::Nl => format!("De eerste {COLUMNS} van {} kolommen; alle staan in de download.", m.columns.len()),
                        Lang::En => format!("The first {COLUMNS} of {} columns; all are in the download.", m.columns.len()),
                    }) }
                }
                @if paged { (crate::kernel::widgets::pager("/landschap/dekking", page, pages, lang)) }
                (gaps(m, lang))
            }
        }
    }
}

fn empty_text(kind: MatrixKind, lang: Lang) -> &'static str {
    match kind {
        MatrixKind::ThemesInitiatives => lang.pick(
            "Nog geen thema's of initiatieven.",
            "No themes or initiatives yet.",
        ),
        MatrixKind::SectorsTargetGroups => lang.pick(
            "Nog geen initiatief noemt een sector en een doelgroep.",
            "No initiative names a sector and a target group yet.",
        ),
        MatrixKind::LloTypesSectors => lang.pick(
            "Nog geen initiatief noemt een sector.",
            "No initiative names a sector yet.",
        ),
        MatrixKind::ChallengesLevels => lang.pick("Nog geen uitdagingen.", "No challenges yet."),
    }
}

/// The gaps in words.
fn gaps(m: &Matrix, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let list = |items: Vec<String>| {
        let total = items.len();
        html! {
            ul.gaps { @for g in items.iter().take(GAPS_NAMED) { li { (g) } } }
            @if total > GAPS_NAMED {
                p.hint { (match lang {
                    Lang::Nl => format!("En nog {} gaten; alle staan in de download (kolom gat).", total - GAPS_NAMED),
                    Lang::En => format!("And {} more gaps; all are in the download (column gap).", total - GAPS_NAMED),
                }) }
            }
        }
    };
    if m.kind == MatrixKind::ThemesInitiatives {
        let themes: Vec<String> = m
            .empty_columns()
            .iter()
            .map(|&c| m.columns[c].name.clone())
            .collect();
        let without = m.empty_rows().len();
        return html! {
            h3 { (t("Gaten", "Gaps")) }
            @if themes.is_empty() {
                p { (t("Aan elk thema werkt minstens één initiatief.", "Every theme has at least one initiative working on it.")) }
            } @else {
                p { (t("Thema's waar geen initiatief aan werkt:", "Themes no initiative works on:")) }
                (list(themes))
            }
            @if without > 0 {
                p { (match lang {
                    Lang::Nl => format!("{without} initiatieven hebben nog geen keten over een thema."),
                    Lang::En => format!("{without} initiatives have no chain on a theme yet."),
                }) }
            }
        };
    }
    let words: Vec<String> = m
        .gaps()
        .into_iter()
        .map(|(r, c)| {
            let (row, col) = (&m.rows[r].name, &m.columns[c].name);
            match (m.kind, lang) {
                (MatrixKind::SectorsTargetGroups, Lang::Nl) => {
                    format!("Geen initiatief voor {col} in de sector {row}")
                }
                (MatrixKind::SectorsTargetGroups, Lang::En) => {
                    format!("No initiative for {col} in the sector {row}")
                }
                (MatrixKind::LloTypesSectors, Lang::Nl) => {
                    format!("Geen initiatief in de sector {col} zet {row} in")
                }
                (MatrixKind::LloTypesSectors, Lang::En) => {
                    format!("No initiative in the sector {col} uses {row}")
                }
                (_, Lang::Nl) => format!("Geen keten op niveau {col} over ‘{row}’"),
                (_, Lang::En) => format!("No chain at the level {col} on ‘{row}’"),
            }
        })
        .collect();
    html! {
        h3 { (t("Gaten", "Gaps")) }
        @if words.is_empty() { p { (t("Geen lege cellen.", "No empty cells.")) } } @else { (list(words)) }
    }
}

fn download(bytes: Vec<u8>, mime: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response()
}

/// `/landschap/dekking.xlsx`: every matrix as a sheet, with a sheet of
/// its cells (the initiatives behind each, and whether it is a gap).
pub async fn xlsx(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap/dekking");
    let result = async {
        let snapshot = state.snapshot.get(&state.store).await?;
        let all = matrices(&snapshot, &viewer, lang);
        let tables: Vec<uti_tables::Table> = all
            .iter()
            .flat_map(|m| uti_tables::coverage_tables(m, lang))
            .collect();
        let title = lang.pick("Dekking en gaten", "Coverage and gaps");
        let book = uti_tables::xlsx(&tables, Some(title)).map_err(|e| {
            tracing::error!(error = %e.0, "coverage xlsx failed");
            AppError::Refused(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                lang.pick(
                    "De matrices passen niet in een XLSX-bestand; gebruik de CSV-bestanden.",
                    "The matrices do not fit in an XLSX file; use the CSV files.",
                )
                .into(),
            )
        })?;
        Ok::<_, AppError>(download(
            book.bytes,
            crate::data::page::XLSX_MIME,
            "dekking.xlsx",
        ))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `/landschap/dekking/{matrix}.csv` (the grid) and
/// `/landschap/dekking/{matrix}-cellen.csv` (a cell per line).
pub async fn csv(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(file): Path<String>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap/dekking");
    let result = async {
        let stem = file.strip_suffix(".csv").ok_or(AppError::NotFound)?;
        let (name, cells) = match stem.strip_suffix("-cellen") {
            Some(name) => (name, true),
            None => (stem, false),
        };
        let kind = MatrixKind::parse(name).ok_or(AppError::NotFound)?;
        let snapshot = state.snapshot.get(&state.store).await?;
        let all = matrices(&snapshot, &viewer, lang);
        let m = &all[kind.index()];
        let [grid, list] = uti_tables::coverage_tables(m, lang);
        let table = if cells { list } else { grid };
        Ok::<_, AppError>(download(
            uti_tables::csv(&table),
            "text/csv; charset=utf-8",
            &file,
        ))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// Which matrix the API gives.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CoverageQuery {
    /// One matrix only: `themas-initiatieven`, `sectoren-doelgroepen`,
    /// `llo-typen-sectoren` or `uitdagingen-niveaus` (all by default).
    #[param(inline, value_type = Option<MatrixParam>, example = "sectoren-doelgroepen")]
    pub matrix: Option<String>,
}

/// The matrices of `GET /api/landscape/coverage` (for the OpenAPI
/// document: the names `MatrixKind::parse` reads).
#[derive(Debug)]
pub struct MatrixParam;
impl utoipa::PartialSchema for MatrixParam {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::kernel::dataset_schema::one_of(MatrixKind::NAMES.iter().copied(), "A matrix.")
    }
}
impl ToSchema for MatrixParam {}

/// The coverage matrices.
#[derive(Debug, Serialize, ToSchema)]
pub struct CoverageDoc {
    /// The matrices asked for.
    pub matrices: Vec<MatrixDoc>,
}

/// One matrix.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatrixDoc {
    /// Which one.
    #[schema(example = "sectoren-doelgroepen")]
    pub kind: String,
    /// Its title, in the asked language.
    pub title: String,
    /// What a cell counts.
    pub counts: String,
    /// Its rows.
    pub rows: Vec<LabelDoc>,
    /// Its columns.
    pub columns: Vec<LabelDoc>,
    /// `cells[row][column]`.
    pub cells: Vec<Vec<CellDoc>>,
    /// The empty cells as `[row, column]`.
    pub gaps: Vec<[usize; 2]>,
}

/// A row or column.
#[derive(Debug, Serialize, ToSchema)]
pub struct LabelDoc {
    /// Its id (record id, type, level, or the value compared: trimmed, lower case).
    pub id: String,
    /// As shown.
    pub name: String,
}

/// One cell.
#[derive(Debug, Serialize, ToSchema)]
pub struct CellDoc {
    /// The count (0: a gap).
    pub count: usize,
    /// The initiatives behind it.
    #[schema(value_type = Vec<crate::kernel::dataset_schema::SlugDoc>)]
    pub initiatives: Vec<String>,
}

/// `GET /api/landscape/coverage`.
#[utoipa::path(
    get,
    path = "/api/landscape/coverage",
    tag = "landscape",
    operation_id = "getCoverage",
    summary = "The coverage matrices (themes × initiatives, sectors × target groups, LLO types × sectors, challenges × levels): each cell a count with the initiatives behind it, and the gaps.",
    description = "Allowed for: every role (contacts: without draft sessions). The same as XLSX at /landschap/dekking.xlsx and as CSV at /landschap/dekking/{matrix}.csv.",
    params(CoverageQuery),
    responses(
        (status = 200, description = "The matrices.", body = CoverageDoc),
        (status = 400, description = "No such matrix.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<CoverageQuery>,
) -> Response {
    let result = async {
        let only = match q.matrix.as_deref() {
            None => None,
            Some(name) => Some(MatrixKind::parse(name).ok_or_else(|| {
                AppError::BadRequest(match lang {
                    Lang::Nl => format!("Parameter matrix: kies themas-initiatieven, sectoren-doelgroepen, llo-typen-sectoren of uitdagingen-niveaus, niet ‘{name}’."),
                    Lang::En => format!("Parameter matrix: choose themas-initiatieven, sectoren-doelgroepen, llo-typen-sectoren or uitdagingen-niveaus, not ‘{name}’."),
                })
            })?),
        };
        let snapshot = state.snapshot.get(&state.store).await?;
        let all = matrices(&snapshot, &viewer, lang);
        let label = |l: &uti_core::landscape::coverage::Label| LabelDoc {
            id: l.id.clone(),
            name: l.name.clone(),
        };
        let docs = all
            .iter()
            .filter(|m| only.is_none_or(|k| k == m.kind))
            .map(|m| MatrixDoc {
                kind: m.kind.to_string(),
                title: m.kind.title(lang).into(),
                counts: m.kind.counts(lang).into(),
                rows: m.rows.iter().map(label).collect(),
                columns: m.columns.iter().map(label).collect(),
                cells: m
                    .cells
                    .iter()
                    .map(|row| {
                        row.iter()
                            .map(|c| CellDoc {
                                count: c.count,
                                initiatives: c.initiatives.iter().map(|i| i.to_string()).collect(),
                            })
                            .collect()
                    })
                    .collect(),
                gaps: m.gaps().into_iter().map(|(r, c)| [r, c]).collect(),
            })
            .collect();
        Ok::<_, AppError>(Json(CoverageDoc { matrices: docs }).into_response())
    }
    .await;
    result.unwrap_or_else(|e| e.json(lang))
}
