//! The API of accounts: who is logged in.

use crate::kernel::auth::Viewer;
use axum::Json;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `GET /api/me`.
pub async fn me(viewer: Viewer) -> Response {
    Json(json!({
        "name": viewer.user.name,
        "role": viewer.user.role.as_str(),
        "initiatives": viewer.user.initiatives,
        "csrf_token": viewer.csrf,
    }))
    .into_response()
}
