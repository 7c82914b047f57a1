//! The regional landscape: organisations and where they take part,
//! relations between initiatives, the action agenda and the development
//! coalitions (`/landschap`, `/api/landscape`).

/// The landscape as JSON.
pub mod api;
/// The landscape page.
pub mod page;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::landscape),
    components(schemas(api::LandscapeDoc, api::OrganisationUseDoc, api::PartDoc))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::get;

/// `/landschap` and `GET /api/landscape`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/landschap", get(page::page))
        .route("/api/landscape", get(api::landscape))
}
