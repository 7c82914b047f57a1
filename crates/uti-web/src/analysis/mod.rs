//! The analysis across initiatives: its page with filters and its API.

/// The analysis as JSON.
pub mod api;
/// The analysis page.
pub mod page;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::analysis),
    components(schemas(api::AnalysisDoc, api::KindFilter))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::get;

/// The analysis page and `GET /api/analysis`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/analyse", get(page::page))
        .route("/api/analysis", get(api::analysis))
}
