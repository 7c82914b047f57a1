//! History: who changed what and when, in words, for an initiative and
//! for a session, and restoring a session to an earlier state; pages and
//! `/api/initiatives/{id}/.../history`. The store records every change
//! (`uti_store::history`); this feature only reads it and restores.

/// The history in the API.
pub mod api;
/// History entries in words, and moments in Dutch time.
pub mod describe;
/// The history pages and the restore button.
pub mod pages;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(api::initiative_history, api::session_history, api::restore),
    components(schemas(
        api::EntryDoc,
        api::ViaDoc,
        api::RecordDoc,
        api::ActionDoc,
        api::HistoryDoc,
        api::SessionHistoryDoc,
        api::RestoreRequest,
        api::SideDoc,
        api::RestoredSession,
    ))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The history pages and API operations.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/initiatieven/{id}/geschiedenis", get(pages::initiative))
        .route(
            "/initiatieven/{id}/sessies/{n}/geschiedenis",
            get(pages::session),
        )
        .route(
            "/initiatieven/{id}/sessies/{n}/geschiedenis/{entry}/terugzetten",
            post(pages::restore),
        )
        .route(
            "/api/initiatives/{id}/history",
            get(api::initiative_history),
        )
        .route(
            "/api/initiatives/{id}/sessions/{n}/history",
            get(api::session_history),
        )
        .route(
            "/api/initiatives/{id}/sessions/{n}/history/{entry}/restore",
            post(api::restore),
        )
}
