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
/// The API's changes of initiatives and sessions.
pub mod api_edit;
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
/// The formats a report is downloaded in.
pub mod report_format;
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
    /// Logins checked a moment ago.
    pub logins: auth::LoginCache,
}

/// The application's routes.
pub fn router(store: Store) -> Router {
    let state = AppState {
        store,
        snapshot: snapshot::SnapshotCache::default(),
        logins: auth::LoginCache::default(),
    };
    Router::new()
        .route("/", get(pages::overview::page))
        .route(
            "/initiatieven/nieuw",
            get(pages::initiative_form::new_form).post(pages::initiative_form::submit),
        )
        .route("/initiatieven/{id}", get(pages::initiative::page))
        .route("/initiatieven/{id}/vergelijk", get(pages::compare::page))
        .route(
            "/initiatieven/{id}/bewerken",
            get(pages::initiative_form::edit_form).post(pages::initiative_form::submit),
        )
        .route(
            "/initiatieven/{id}/sessies/{n}",
            get(pages::session::edit).post(pages::session::submit),
        )
        .route(
            "/initiatieven/{id}/sessies/{n}/verwijderen",
            post(pages::session::remove),
        )
        .route("/analyse", get(pages::analysis::page))
        .route(
            pages::report::PATH,
            get(pages::report::page).post(pages::report::submit),
        )
        .route("/rapport/download", get(pages::report::download))
        .route(
            pages::report::VERSIONS,
            axum::routing::post(pages::report::submit_version),
        )
        .route(
            "/rapport/versies/{n}/download",
            get(pages::report::version_download),
        )
        .route(
            "/rapport/versies/vergelijk",
            get(pages::report::compare_page),
        )
        .route(
            "/api/report/versions",
            get(pages::report::api_versions).post(pages::report::api_save_version),
        )
        .route(
            "/api/report/versions/compare",
            get(pages::report::api_compare),
        )
        .route("/api/report/versions/{n}", get(pages::report::api_version))
        .route("/initiatieven/{id}/portret", get(pages::report::portrait))
        .route("/api/report", get(pages::report::api_report))
        .route("/api/report/texts", get(pages::report::api_texts))
        .route(
            "/api/report/texts/{key}",
            axum::routing::put(pages::report::api_save_text),
        )
        .route(
            "/api/initiatives/{id}/portrait",
            get(pages::report::api_portrait),
        )
        .route("/themas", get(pages::terms::list))
        .route("/themas/{kind}", post(pages::terms::create))
        .route(
            "/themas/{kind}/{id}",
            get(pages::terms::detail).post(pages::terms::update),
        )
        .route("/themas/{kind}/{id}/samenvoegen", post(pages::terms::merge))
        .route(
            "/themas/{kind}/{id}/verwijderen",
            post(pages::terms::delete),
        )
        .route("/api/terms", get(pages::terms::api_list))
        .route("/api/terms/{kind}", post(pages::terms::api_create))
        .route(
            "/api/terms/{kind}/{id}",
            get(pages::terms::api_get)
                .put(pages::terms::api_update)
                .delete(pages::terms::api_delete),
        )
        .route(
            "/api/terms/{kind}/{id}/merge",
            post(pages::terms::api_merge),
        )
        .route(
            pages::data::PATH,
            get(pages::data::page)
                .post(pages::data::upload)
                .layer(DefaultBodyLimit::max(pages::data::UPLOAD_BODY_LIMIT)),
        )
        .route("/login", get(pages::login::form).post(pages::login::submit))
        .route("/logout", post(pages::login::logout))
        .route("/taal", get(pages::login::switch))
        .route("/api/me", get(api::me))
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
            axum::routing::put(api_edit::update_session).delete(api_edit::delete_session),
        )
        .route("/api/initiatives/{id}/compare", get(api::compare))
        .route("/api/analysis", get(api::analysis))
        .route(
            "/api/dataset",
            get(api::dataset)
                .post(pages::data::api_import)
                .layer(DefaultBodyLimit::max(pages::data::UPLOAD_BODY_LIMIT)),
        )
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
