//! Search across everything (`/zoeken`, `GET /api/search`, the search box
//! in the page header), on the snapshot's index: Dutch word forms match,
//! and each viewer finds only what they may read.

/// The search as JSON.
pub mod api;
/// The results page.
pub mod page;
/// The results for one viewer, grouped by kind.
pub mod results;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::search),
    components(schemas(api::SearchDoc, api::GroupDoc, results::HitDoc))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::get;

/// `/zoeken` and `GET /api/search`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/zoeken", get(page::page))
        .route("/api/search", get(api::search))
}
