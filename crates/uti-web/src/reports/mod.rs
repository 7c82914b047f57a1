//! The network report and the portraits: downloads in every format, the
//! texts researchers write, frozen report versions, and their API.

/// The formats a report is downloaded in.
pub mod format;
/// The report page, downloads, versions and the report API.
pub mod page;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        page::api_report,
        page::api_portrait,
        page::api_texts,
        page::api_save_text,
        page::api_versions,
        page::api_save_version,
        page::api_compare,
        page::api_version,
    ),
    components(schemas(
        page::FormatParam,
        page::LangParam,
        page::TextDoc,
        page::TextsDoc,
        page::TextKeyParam,
        page::TextChange,
        page::SavedTextDoc,
        page::VersionDoc,
        page::VersionLabel,
        page::VersionComparisonDoc,
    ))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::{get, post, put};

/// The pages under `/rapport`, the portrait download and `/api/report`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(page::PATH, get(page::page).post(page::submit))
        .route("/rapport/download", get(page::download))
        .route(page::VERSIONS, post(page::submit_version))
        .route("/rapport/versies/{n}/download", get(page::version_download))
        .route("/rapport/versies/vergelijk", get(page::compare_page))
        .route("/initiatieven/{id}/portret", get(page::portrait))
        .route(
            "/api/report/versions",
            get(page::api_versions).post(page::api_save_version),
        )
        .route("/api/report/versions/compare", get(page::api_compare))
        .route("/api/report/versions/{n}", get(page::api_version))
        .route("/api/report", get(page::api_report))
        .route("/api/report/texts", get(page::api_texts))
        .route("/api/report/texts/{key}", put(page::api_save_text))
        .route("/api/initiatives/{id}/portrait", get(page::api_portrait))
}
