//! Import and export of the dataset: the page `/gegevens` and `/api/dataset`.

/// The dataset export of the API.
pub mod api;
/// The import and export page and the API's import.
pub mod page;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::dataset, page::api_import),
    components(schemas(api::ExportFormat, page::Flag, page::ImportSummaryDoc))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;

/// `/gegevens` and `/api/dataset`, with the larger upload limit.
pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            page::PATH,
            get(page::page)
                .post(page::upload)
                .layer(DefaultBodyLimit::max(page::UPLOAD_BODY_LIMIT)),
        )
        .route(
            "/api/dataset",
            get(api::dataset)
                .post(page::api_import)
                .layer(DefaultBodyLimit::max(page::UPLOAD_BODY_LIMIT)),
        )
}
