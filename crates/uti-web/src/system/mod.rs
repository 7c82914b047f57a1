//! What the server needs besides the features: static files, health and
//! readiness, the metrics, and the answers for an unknown address or method.

use crate::kernel::assets;
use crate::kernel::auth::MaybeViewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::{AppState, auth, i18n, layout};
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::time::Duration;
use uti_store::Role;

/// How long `/readyz` waits for the database.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// Static files, `/healthz`, `/readyz` and `/metrics`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/static/{name}", get(static_file))
        .route("/favicon.ico", get(favicon))
        .route("/healthz", get(health))
        .route("/readyz", get(ready))
        .route("/metrics", get(metrics))
}

/// A static file: under its hashed name cacheable for a year; under its
/// plain name revalidated by ETag (304 when unchanged).
async fn static_file(Path(name): Path<String>, headers: HeaderMap) -> Response {
    let Some(asset) = assets::all()
        .into_iter()
        .find(|a| a.hashed == name || a.name == name)
    else {
        return (StatusCode::NOT_FOUND, "").into_response();
    };
    let immutable = asset.hashed == name;
    let cache = if immutable {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    };
    let matches = headers
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .any(|t| t.trim() == asset.etag || t.trim() == "*")
        });
    let common = [
        (header::CACHE_CONTROL, cache.to_owned()),
        (header::ETAG, asset.etag.clone()),
    ];
    if matches {
        return (StatusCode::NOT_MODIFIED, common).into_response();
    }
    (
        common,
        [(header::CONTENT_TYPE, asset.content_type)],
        asset.body,
    )
        .into_response()
}

/// `/favicon.ico`, which browsers ask for by themselves: the icon the
/// pages name, revalidated by its ETag.
async fn favicon(headers: HeaderMap) -> Response {
    static_file(Path(assets::FAVICON.name.to_owned()), headers).await
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

/// `/healthz`: the process lives and answers (the database is not asked:
/// that is `/readyz`).
async fn health() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "ok\n",
    )
}

/// `/readyz`: 200 when the database answers within two seconds, else 503
/// with the reason, so a load balancer sends no users here meanwhile.
async fn ready(State(state): State<AppState>) -> Response {
    let reason = match tokio::time::timeout(READY_TIMEOUT, state.store.revision()).await {
        Ok(Ok(_)) => {
            return (
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                "ready\n",
            )
                .into_response();
        }
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "not ready: the database does not answer");
            "the database does not answer"
        }
        Err(_) => "the database did not answer within 2 seconds",
    };
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("not ready: {reason}\n"),
    )
        .into_response()
}

/// `/metrics` in Prometheus' text format, for administrators (a scraper
/// uses an administrator's API token).
async fn metrics(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    MaybeViewer(viewer): MaybeViewer,
) -> Response {
    match viewer {
        None => {
            let next = "/metrics".to_owned();
            return AppError::Unauthenticated { next, api: true }.json(lang);
        }
        Some(v) if v.user.role != Role::Admin => return AppError::Forbidden.json(lang),
        Some(_) => {}
    }
    let pool = state.store.pool();
    state.metrics.pool_connections.set(i64::from(pool.size()));
    state.metrics.pool_idle.set(pool.num_idle() as i64);
    (
        [(
            header::CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.metrics.encode(),
    )
        .into_response()
}
