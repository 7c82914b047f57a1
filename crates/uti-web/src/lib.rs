//! The web application of uti: server-rendered pages (maud) and a JSON API
//! on the same data, behind login. [`router`] builds the app and [`serve`]
//! runs it on a listener, so tests start the real server.
//!
//! - [`auth`]: who is asking (session cookie or API token), roles, CSRF;
//! - [`layout`]: the frame of every page; [`pages`]: one module per page;
//! - [`api`]: the JSON API and its OpenAPI document;
//! - [`snapshot`]: the parsed dataset and analysis, reloaded when the
//!   database's revision moves; [`error`]: error pages and JSON errors.

/// The JSON API and its OpenAPI document.
pub mod api;
/// Who is asking: login sessions, API tokens, roles, CSRF.
pub mod auth;
/// Error pages and JSON errors.
pub mod error;
/// The page language.
pub mod i18n;
/// The frame of every page.
pub mod layout;
/// The HTML pages.
pub mod pages;
/// The dataset and its analysis, cached per revision.
pub mod snapshot;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use uti_store::Store;

/// Largest request body accepted (forms, API calls): 2 MiB.
pub const BODY_LIMIT: usize = 2 << 20;

/// What every handler gets.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// The dataset and analysis of the current revision.
    pub snapshot: snapshot::SnapshotCache,
}

/// The application's routes.
pub fn router(store: Store) -> Router {
    let state = AppState {
        store,
        snapshot: snapshot::SnapshotCache::default(),
    };
    Router::new()
        .route("/", get(pages::overview::page))
        .route("/initiatieven/{id}", get(pages::initiative::page))
        .route("/analyse", get(pages::analysis::page))
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/taal", get(pages::login::switch))
        .route("/api/me", get(api::me))
        .route("/api/initiatives", get(api::initiatives))
        .route("/api/initiatives/{id}", get(api::initiative))
        .route("/api/analysis", get(api::analysis))
        .route("/api/dataset", get(api::dataset))
        .route("/api/openapi.json", get(api::openapi))
        .route("/api/docs", get(api::docs))
        .route("/static/uti.css", get(stylesheet))
        .route("/healthz", get(health))
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// Serves the app on a bound listener until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(store))
        .with_graceful_shutdown(shutdown)
        .await
}

async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../assets/uti.css"),
    )
        .into_response()
}

async fn not_found(State(state): State<AppState>, headers: HeaderMap, uri: Uri) -> Response {
    let lang = i18n::lang_of(uri.query(), &headers);
    if uri.path().starts_with("/api/") {
        return error::AppError::NotFound.json(lang);
    }
    let viewer = auth::identify(&state, &headers).await.ok().flatten();
    let chrome = layout::Chrome {
        lang,
        viewer,
        path: uri.path().to_owned(),
    };
    error::AppError::NotFound.page(&chrome)
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.revision().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
