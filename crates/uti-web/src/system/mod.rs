//! What the server needs besides the features: static files, health,
//! and the answer for an unknown address.

use crate::kernel::error::AppError;
use crate::kernel::{AppState, auth, i18n, layout};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

/// The stylesheet, `/healthz`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/uti.css", get(stylesheet))
        .route("/healthz", get(health))
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../assets/uti.css"),
    )
        .into_response()
}

/// The answer for an address no route knows: JSON under `/api/`, else the
/// 404 page in the frame of whoever is logged in.
pub async fn not_found(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = i18n::lang_of(uri.query(), &headers);
    if uri.path().starts_with("/api/") {
        return AppError::NotFound.json(lang);
    }
    let viewer = auth::identify(&state, &headers).await.ok().flatten();
    let chrome = layout::Chrome {
        lang,
        viewer,
        path: uri.path().to_owned(),
    };
    AppError::NotFound.page(&chrome)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.revision().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
