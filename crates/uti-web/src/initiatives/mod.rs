//! Initiatives: the overview, one initiative's page, its form, the session
//! editor, the comparison of two sessions, and their API operations.

/// The API's reads of initiatives and the comparison.
pub mod api;
/// The API's changes of initiatives and sessions.
pub mod api_edit;
/// Two sessions of one initiative side by side.
pub mod compare;
/// Creating and editing an initiative's own fields.
pub mod form;
/// The network at a glance: key figures and the list of initiatives.
pub mod overview;
/// One initiative.
pub mod page;
/// The session editor.
pub mod session;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::initiatives,
        api::initiative,
        api_edit::create_initiative,
        api_edit::update_initiative,
        api_edit::add_session,
        api_edit::update_session,
        api_edit::delete_session,
        api::compare,
    ),
    components(schemas(
        api::InitiativeEntry,
        api::StoredInitiative,
        api::SessionComparisonDoc,
        api::DiffDoc,
        api_edit::InitiativeChange,
        api_edit::SessionChange,
        api_edit::SavedInitiative,
        api_edit::SavedSession,
    ))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::{get, post, put};

/// The pages and API operations of initiatives and sessions.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(overview::page))
        .route(
            "/initiatieven/nieuw",
            get(form::new_form).post(form::submit),
        )
        .route("/initiatieven/{id}", get(page::page))
        .route("/initiatieven/{id}/vergelijk", get(compare::page))
        .route(
            "/initiatieven/{id}/bewerken",
            get(form::edit_form).post(form::submit),
        )
        .route(
            "/initiatieven/{id}/sessies/{n}",
            get(session::edit).post(session::submit),
        )
        .route(
            "/initiatieven/{id}/sessies/{n}/verwijderen",
            post(session::remove),
        )
        .route(
            "/api/initiatives",
            get(api::initiatives).post(api_edit::create_initiative),
        )
        .route(
            "/api/initiatives/{id}",
            get(api::initiative).put(api_edit::update_initiative),
        )
        .route(
            "/api/initiatives/{id}/sessions",
            post(api_edit::add_session),
        )
        .route(
            "/api/initiatives/{id}/sessions/{n}",
            put(api_edit::update_session).delete(api_edit::delete_session),
        )
        .route("/api/initiatives/{id}/compare", get(api::compare))
}
