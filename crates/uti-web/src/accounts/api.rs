//! The API of accounts: who is logged in.

use crate::kernel::auth::Viewer;
use crate::kernel::error::ErrorBody;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

/// The logged-in user, as `GET /api/me` answers.
#[derive(Debug, Serialize, ToSchema)]
#[schema(example = json!({"name": "rik", "role": "researcher", "initiatives": [], "csrf_token": null}))]
pub struct Me {
    /// The login name.
    pub name: String,
    /// The role.
    #[schema(value_type = RoleName)]
    pub role: &'static str,
    /// For an initiative contact: the ids of their initiatives, sorted.
    pub initiatives: Vec<String>,
    /// With the session cookie: the token to send in `X-CSRF-Token` with
    /// every change; `null` with a Bearer token.
    pub csrf_token: Option<String>,
}

/// A role.
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum RoleName {
    /// Reads only.
    Reader,
    /// Speaks for some initiatives: reads everything except other
    /// initiatives' drafts.
    Contact,
    /// Reads and changes all data.
    Researcher,
    /// Everything, users included.
    Admin,
}

/// `GET /api/me`.
#[utoipa::path(
    get,
    path = "/api/me",
    tag = "accounts",
    operation_id = "me",
    summary = "The logged-in user: name, role and linked initiatives.",
    description = "Allowed for: every role. With the session cookie it also gives the CSRF token that changes send in `X-CSRF-Token`.",
    responses(
        (status = 200, description = "Who is asking.", body = Me),
        (status = 401, description = "Not logged in, or the token is unknown or revoked.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn me(viewer: Viewer) -> Json<Me> {
    Json(Me {
        name: viewer.user.name,
        role: viewer.user.role.as_str(),
        initiatives: viewer.user.initiatives,
        csrf_token: viewer.csrf,
    })
}
