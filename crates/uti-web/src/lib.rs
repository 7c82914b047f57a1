//! The web application of uti: server-rendered pages (maud) and a JSON API
//! on the same data, behind login. [`router`] builds the app and [`serve`]
//! runs it on a listener, so tests start the real server.
//!
//! The crate is made of feature modules, each a folder that owns its
//! pages, its API handlers, its forms and its `router()`:
//! [`initiatives`], [`analysis`], [`terms`], [`data`], [`reports`],
//! [`history`], [`accounts`], [`api_docs`] and [`system`]. They all stand on the shared
//! [`kernel`] (who is asking, errors, layout, the snapshot), which imports
//! none of them. This file only composes the features and adds the
//! [`layers`] every request passes; [`server`] is the connection loop.

/// Accounts: login, logout, language switch, `/api/me`.
pub mod accounts;
/// The analysis across initiatives.
pub mod analysis;
/// The OpenAPI document and the browsable API page.
pub mod api_docs;
/// The fact-check round: portraits put to their initiatives.
pub mod checks;
/// Import and export of the dataset.
pub mod data;
/// The history of the data: who changed what, restoring a session.
pub mod history;
/// Initiatives, sessions and the comparison.
pub mod initiatives;
/// The shared kernel below every feature.
pub mod kernel;
/// The regional landscape: organisations, relations, agenda, coalitions.
pub mod landscape;
/// What every request passes: security headers, origin check, metrics.
pub mod layers;
/// The public part: what was published, for anyone.
pub mod public;
/// Reports and portraits.
pub mod reports;
/// Search across everything, matching Dutch word forms.
pub mod search;
/// The connection loop: header deadline, graceful stop.
pub mod server;
/// Static files, health, readiness, metrics, the unknown address.
pub mod system;
/// Themes and challenges.
pub mod terms;

pub use kernel::AppState;
pub use kernel::mail::MailSettings;
pub use kernel::state::Settings;
pub use server::Limits;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel, DefaultPredicate};
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use uti_store::Store;

/// Largest request body accepted (forms, API calls): 2 MiB.
pub const BODY_LIMIT: usize = 2 << 20;

/// Longest a request may take until its answer starts (a report of the
/// whole network as PDF is the slowest).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

/// The application with default settings.
pub fn router(store: Store) -> Router {
    app(store, Settings::default())
}

/// The application's routes and layers.
pub fn app(store: Store, settings: Settings) -> Router {
    let metrics = kernel::metrics::Metrics::default();
    let state = AppState {
        store,
        snapshot: kernel::snapshot::SnapshotCache::new(&metrics),
        logins: kernel::logins::LoginCache::default(),
        metrics,
        settings: Arc::new(settings),
    };
    // Already compressed formats (PDF, ZIP, XLSX, DOCX) are sent as they are.
    let compressible = DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new("application/zip"))
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ));
    // The published portraits are the public's most read pages and are
    // served from ready bytes: they pass only the security headers (the
    // handler counts them in the metrics itself), not the layers for work,
    // which would halve how many the server can send (docs/benchmarks.md).
    let published = public::portrait_router()
        .layer(from_fn_with_state(state.clone(), layers::security_headers))
        .with_state(state.clone());
    let work = Router::new()
        .merge(initiatives::router())
        .merge(analysis::router())
        .merge(terms::router())
        .merge(data::router())
        .merge(reports::router())
        .merge(checks::router())
        .merge(public::router())
        .merge(history::router())
        .merge(landscape::router())
        .merge(search::router())
        .merge(accounts::router())
        .merge(api_docs::router())
        .merge(system::router())
        .fallback(system::not_found)
        .method_not_allowed_fallback(system::method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), layers::read_your_writes))
        .layer(from_fn_with_state(state.clone(), layers::same_origin_changes))
        .layer(from_fn_with_state(state.clone(), layers::metrics))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(from_fn_with_state(state.clone(), layers::security_headers))
        .layer(
            CompressionLayer::new()
                .br(true)
                .gzip(true)
                .quality(CompressionLevel::Fastest)
                .compress_when(compressible),
        )
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|request: &axum::http::Request<_>| {
                    let id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or("");
                    tracing::info_span!("request", request_id = id, method = %request.method(), path = %request.uri().path())
                })
                .on_response(DefaultOnResponse::new().level(tracing::Level::INFO)),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(layers::RequestIds::default()))
        .with_state(state);
    published.merge(work)
}

/// Serves the app on a bound listener until `shutdown` completes, then
/// lets the requests under way finish (see [`server`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    store: Store,
    settings: Settings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, store, settings, Limits::default(), shutdown).await
}

/// [`serve`] with the settings and limits of `uti serve`'s options.
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    store: Store,
    settings: Settings,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let closing = store.clone();
    let result = server::run(listener, app(store, settings), limits, shutdown).await;
    closing.close().await;
    result
}
