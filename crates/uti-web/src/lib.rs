//! The web application of uti: server-rendered pages (maud) and a JSON API
//! on the same data, behind login. [`router`] builds the app and [`serve`]
//! runs it on a listener, so tests start the real server.
//!
//! The crate is made of feature modules, each a folder that owns its
//! pages, its API handlers, its forms and its `router()`:
//! [`initiatives`], [`analysis`], [`terms`], [`data`], [`reports`],
//! [`accounts`], [`api_docs`] and [`system`]. They all stand on the shared
//! [`kernel`] (who is asking, errors, layout, the snapshot), which imports
//! none of them. This file only composes the features and adds the layers
//! every request passes.

/// Accounts: login, logout, language switch, `/api/me`.
pub mod accounts;
/// The analysis across initiatives.
pub mod analysis;
/// The OpenAPI document and the browsable API page.
pub mod api_docs;
/// Import and export of the dataset.
pub mod data;
/// Initiatives, sessions and the comparison.
pub mod initiatives;
/// The shared kernel below every feature.
pub mod kernel;
/// Reports and portraits.
pub mod reports;
/// Static files, health, the unknown address.
pub mod system;
/// Themes and challenges.
pub mod terms;

pub use kernel::AppState;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use uti_store::Store;

/// Largest request body accepted (forms, API calls): 2 MiB.
pub const BODY_LIMIT: usize = 2 << 20;

/// The application's routes.
pub fn router(store: Store) -> Router {
    let state = AppState {
        store,
        snapshot: kernel::snapshot::SnapshotCache::default(),
        logins: kernel::logins::LoginCache::default(),
    };
    Router::new()
        .merge(initiatives::router())
        .merge(analysis::router())
        .merge(terms::router())
        .merge(data::router())
        .merge(reports::router())
        .merge(accounts::router())
        .merge(api_docs::router())
        .merge(system::router())
        .fallback(system::not_found)
        .method_not_allowed_fallback(system::method_not_allowed)
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
