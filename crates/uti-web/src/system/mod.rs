//! What the server needs besides the features: static files, health,
//! and the answers for an unknown address or method.

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

/// The answer for a method a known address does not take: 405 in the
/// API's error shape under `/api/`, else the error page; axum adds the
/// `Allow` header with the methods the address takes.
pub async fn method_not_allowed(
    State(state): State<AppState>,
    method: axum::http::Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let lang = i18n::lang_of(uri.query(), &headers);
    let error = AppError::Refused(
        StatusCode::METHOD_NOT_ALLOWED,
        match lang {
            uti_core::Lang::Nl => format!(
                "Dit adres kent de methode {method} niet; de header Allow noemt de methoden die het wel kent."
            ),
            uti_core::Lang::En => format!(
                "This address does not take the method {method}; the Allow header names the methods it takes."
            ),
        },
    );
    if uri.path().starts_with("/api/") {
        return error.json(lang);
    }
    let viewer = auth::identify(&state, &headers).await.ok().flatten();
    let chrome = layout::Chrome {
        lang,
        viewer,
        path: uri.path().to_owned(),
    };
    error.page(&chrome)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.revision().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
