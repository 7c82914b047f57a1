//! What every request passes on its way in and out: the security headers
//! and cache rule, the check that a change comes from our own pages, and
//! the metrics. `lib.rs` stacks these (with compression, request ids,
//! tracing and timeouts from `tower-http`) around the feature routers.

use crate::kernel::AppState;
use crate::kernel::error::AppError;
use crate::kernel::i18n::lang_of;
use crate::kernel::layout::Chrome;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

/// The Content-Security-Policy of every answer: only our own scripts,
/// styles and images (and `data:` images), no plugins, no framing, forms
/// only to ourselves.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// Browser features no page of ours uses.
const PERMISSIONS: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()";

/// HSTS for a year, when the server is reached over HTTPS.
const HSTS: &str = "max-age=31536000; includeSubDomains";

/// Adds the security headers to every answer, and `Cache-Control:
/// no-store` to every answer that does not say otherwise (pages and API
/// answers depend on who is logged in; only static files are cacheable,
/// and they set their own).
pub async fn security_headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let https = state.settings.https() || forwarded_https(&state, &request);
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(headers, header::CONTENT_SECURITY_POLICY, CSP);
    set(headers, header::X_FRAME_OPTIONS, "DENY");
    set(headers, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(headers, header::REFERRER_POLICY, "same-origin");
    set(
        headers,
        header::HeaderName::from_static("permissions-policy"),
        PERMISSIONS,
    );
    set(
        headers,
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        headers,
        header::HeaderName::from_static("cross-origin-resource-policy"),
        "same-origin",
    );
    set(headers, header::CACHE_CONTROL, "no-store");
    if https {
        set(headers, header::STRICT_TRANSPORT_SECURITY, HSTS);
    }
    response
}

/// Whether a trusted proxy in front says the client used HTTPS.
fn forwarded_https(state: &AppState, request: &Request) -> bool {
    state.settings.trust_forwarded()
        && request
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.eq_ignore_ascii_case("https"))
}

/// Refuses a change (POST, PUT, PATCH, DELETE) whose `Origin` (or, when a
/// browser sends none, `Referer`) names another site, before any handler
/// runs: a second line of defence beside the CSRF token. Calls from
/// scripts send neither header and pass (they authenticate with a token).
pub async fn same_origin_changes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let changes = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if changes && !state.settings.same_origin(request.headers()) {
        let lang = lang_of(request.uri().query(), request.headers());
        tracing::warn!(path = %request.uri().path(), "change from another origin refused");
        return if request.uri().path().starts_with("/api/") {
            AppError::Csrf.json(lang)
        } else {
            AppError::Csrf.page(&Chrome::anonymous(lang))
        };
    }
    next.run(request).await
}

/// Counts each request by its route pattern, method and status, with the
/// time until its answer's head.
pub async fn metrics(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request.extensions().get::<MatchedPath>().cloned();
    let method = request.method().clone();
    let response = next.run(request).await;
    state.metrics.observe(
        route.as_ref().map_or("unmatched", MatchedPath::as_str),
        &method,
        response.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    response
}

/// How long a request that changed the dataset waits for the snapshot to
/// hold its change.
const CATCH_UP_LIMIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Read-your-own-writes: a request that changed the dataset answers only
/// once this server's snapshot holds the change, so the page it leads to
/// (or the script's next call) shows it. Other requests never wait: they
/// are served from the snapshot held while it catches up.
pub async fn read_your_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        return next.run(request).await;
    }
    let before = state.store.local_changes();
    let response = next.run(request).await;
    let after = state.store.local_changes();
    if after != before {
        state
            .snapshot
            .wait_for(&state.store, after, CATCH_UP_LIMIT)
            .await;
    }
    response
}

/// Request ids: a random prefix for this process and a counter, so that an
/// id is unique across servers and restarts without a random draw per
/// request.
#[derive(Clone, Debug)]
pub struct RequestIds {
    prefix: std::sync::Arc<str>,
    next: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Default for RequestIds {
    fn default() -> Self {
        let mut seed = [0u8; 6];
        // Without randomness the ids are still unique within the process.
        let _ = getrandom::fill(&mut seed);
        RequestIds {
            prefix: seed
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
                .into(),
            next: std::sync::Arc::default(),
        }
    }
}

impl tower_http::request_id::MakeRequestId for RequestIds {
    fn make_request_id<B>(
        &mut self,
        _request: &axum::http::Request<B>,
    ) -> Option<tower_http::request_id::RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        HeaderValue::from_str(&format!("{}-{n}", self.prefix))
            .ok()
            .map(tower_http::request_id::RequestId::new)
    }
}
