//! The web application of uti. For now one page lists the initiatives of
//! the network; the full workspace follows. [`router`] builds the app and
//! [`serve`] runs it on a listener, so tests can start the real server.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use std::fmt::Write as _;
use uti_store::Store;

/// What every handler gets.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
}

/// The application's routes.
pub fn router(store: Store) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/healthz", get(health))
        .with_state(AppState { store })
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

/// Escapes text for HTML, so data never becomes markup.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn server_error(error: uti_store::StoreError) -> Response {
    tracing::error!(%error, "request failed");
    (StatusCode::INTERNAL_SERVER_ERROR, Html("<!doctype html><html lang=\"nl\"><title>Fout</title><p>Er ging iets mis aan de kant van de server.</p></html>")).into_response()
}

async fn overview(State(state): State<AppState>) -> Response {
    let (network, initiatives) =
        match tokio::try_join!(state.store.network_name(), state.store.initiative_list()) {
            Ok(found) => found,
            Err(e) => return server_error(e),
        };
    let network = network.unwrap_or_else(|| "Leernetwerk".to_owned());
    let mut body = String::new();
    let _ = write!(
        body,
        "<!doctype html><html lang=\"nl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{n} – uti</title></head><body><header><p>uti · Utrecht Talent Instrument</p><h1>{n}</h1></header><main>",
        n = escape(&network)
    );
    if initiatives.is_empty() {
        body.push_str("<p>Er zijn nog geen initiatieven. Importeer een dataset met <code>uti import BESTAND.yaml</code>.</p>");
    } else {
        let _ = write!(body, "<h2>Initiatieven ({})</h2><ul>", initiatives.len());
        for i in &initiatives {
            let sessions = if i.sessions == 1 {
                "1 sessie".to_owned()
            } else {
                format!("{} sessies", i.sessions)
            };
            let _ = write!(
                body,
                "<li>{} <small>({sessions})</small></li>",
                escape(&i.name)
            );
        }
        body.push_str("</ul>");
    }
    body.push_str("</main></body></html>");
    Html(body).into_response()
}

async fn health(State(state): State<AppState>) -> impl IntoResponse {
    match state.store.is_empty().await {
        Ok(_) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
