//! The landscape as a graph for other tools, from the web
//! (`/landschap/export/{file}`) and the API (`GET /api/landscape/graph`):
//! GraphML, GEXF 1.3 (Gephi), and Kumu's elements and connections (CSV)
//! and JSON. The same files as `uti export --format graphml|gexf|kumu`.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::Chrome;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::Deserialize;
use uti_core::Lang;
use uti_core::model::Dataset;
use utoipa::IntoParams;

/// The files: name, format key, media type.
const FILES: [(&str, &str, &str); 5] = [
    ("landschap.graphml", "graphml", "application/graphml+xml"),
    ("landschap.gexf", "gexf", "application/gexf+xml"),
    (
        "kumu-elements.csv",
        "kumu-elements",
        "text/csv; charset=utf-8",
    ),
    (
        "kumu-connections.csv",
        "kumu-connections",
        "text/csv; charset=utf-8",
    ),
    ("kumu.json", "kumu-json", "application/json"),
];

fn bytes(dataset: &Dataset, format: &str) -> Option<Vec<u8>> {
    Some(match format {
        "graphml" => uti_graph::graphml(dataset).into_bytes(),
        "gexf" => {
            uti_graph::gexf(dataset, dataset.network.as_deref().unwrap_or("uti")).into_bytes()
        }
        "kumu-elements" => uti_graph::kumu::elements_csv(dataset),
        "kumu-connections" => uti_graph::kumu::connections_csv(dataset),
        "kumu-json" => uti_graph::kumu::json(dataset).into_bytes(),
        _ => return None,
    })
}

async fn answer(state: &AppState, viewer: &Viewer, format: &str) -> Result<Response, AppError> {
    let (name, key, mime) = FILES
        .iter()
        .find(|(_, key, _)| *key == format)
        .ok_or(AppError::NotFound)?;
    let snapshot = state.snapshot.get(&state.store).await?;
    let dataset = snapshot.readable(viewer).dataset;
    let body = bytes(dataset, key).ok_or(AppError::NotFound)?;
    Ok((
        [
            (header::CONTENT_TYPE, (*mime).to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// `/landschap/export/{file}`.
pub async fn download(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(file): Path<String>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap");
    let format = FILES
        .iter()
        .find(|(name, _, _)| *name == file)
        .map(|(_, k, _)| *k);
    let result = match format {
        Some(format) => answer(&state, &viewer, format).await,
        None => Err(AppError::NotFound),
    };
    crate::kernel::error::respond(result, &chrome)
}

/// Which file the API gives.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GraphQuery {
    /// `graphml`, `gexf` (GEXF 1.3), `kumu-elements`, `kumu-connections`
    /// (Kumu's CSV pair) or `kumu-json`.
    #[param(required = true, inline, value_type = GraphFormatParam, example = "graphml")]
    pub format: Option<String>,
}

/// The formats of `GET /api/landscape/graph` (for the OpenAPI document:
/// the keys of `FILES`, which the handler reads).
#[derive(Debug)]
pub struct GraphFormatParam;
impl utoipa::PartialSchema for GraphFormatParam {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::kernel::dataset_schema::one_of(
            FILES.iter().map(|(_, key, _)| *key),
            "A graph format.",
        )
    }
}
impl utoipa::ToSchema for GraphFormatParam {}

/// `GET /api/landscape/graph`.
#[utoipa::path(
    get,
    path = "/api/landscape/graph",
    tag = "landscape",
    operation_id = "getLandscapeGraph",
    summary = "The landscape as a graph file: every initiative and organisation a node with its kind and attributes, partner links and relations as edges.",
    description = "Allowed for: every role. GraphML and GEXF 1.3 for graph tools such as Gephi and networkx; Kumu's elements and connections as CSV, or its JSON. The same as `uti export --format graphml|gexf|kumu`.",
    params(GraphQuery),
    responses(
        (status = 200, description = "The file.", content(
            (String = "application/graphml+xml"),
            (String = "application/gexf+xml"),
            (String = "text/csv"),
            (Object = "application/json"),
        )),
        (status = 400, description = "No `format`, or not one of those.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<GraphQuery>,
) -> Response {
    let format = q.format.unwrap_or_default();
    if !FILES.iter().any(|(_, key, _)| *key == format) {
        let message = match lang {
            Lang::Nl => format!(
                "Parameter format: kies graphml, gexf, kumu-elements, kumu-connections of kumu-json, niet ‘{format}’."
            ),
            Lang::En => format!(
                "Parameter format: choose graphml, gexf, kumu-elements, kumu-connections or kumu-json, not ‘{format}’."
            ),
        };
        return AppError::BadRequest(message).json(lang);
    }
    answer(&state, &viewer, &format)
        .await
        .unwrap_or_else(|e| e.json(lang))
}

/// The download links, for the landscape's pages.
pub fn links(lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        p.downloads {
            (t("Het landschap als netwerk voor andere programma's:", "The landscape as a network for other tools:")) " "
            a href="/landschap/export/landschap.graphml" { "GraphML" } " · "
            a href="/landschap/export/landschap.gexf" { (t("GEXF (voor Gephi)", "GEXF (for Gephi)")) } " · "
            a href="/landschap/export/kumu-elements.csv" { (t("Kumu: elementen (CSV)", "Kumu: elements (CSV)")) } " · "
            a href="/landschap/export/kumu-connections.csv" { (t("Kumu: verbindingen (CSV)", "Kumu: connections (CSV)")) } " · "
            a href="/landschap/export/kumu.json" { (t("Kumu (JSON)", "Kumu (JSON)")) }
        }
    }
}
