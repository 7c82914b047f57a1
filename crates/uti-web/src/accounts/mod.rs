//! Accounts in the browser: logging in and out, the language switch, and
//! `GET /api/me`.

/// Who is logged in, as JSON.
pub mod api;
/// Logging in and out, and the language switch.
pub mod login;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The API operations of accounts, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(paths(api::me), components(schemas(api::Me, api::RoleName)))]
pub struct ApiDoc;

/// `/login`, `/logout`, `/taal` and `/api/me`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/taal", get(login::switch))
        .route("/api/me", get(api::me))
}
