//! Who is asking: a login session (cookie, with a CSRF token for every
//! change) or a personal API token (`Authorization: Bearer`). Checked on
//! the server for every page and API route through the [`Viewer`]
//! extractor. Every role reads; only researchers and admins change data
//! ([`Viewer::authorize_change`]).

use super::error::AppError;
use super::i18n::PageLang;
use super::state::AppState;
pub use super::viewer::Viewer;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};

/// Name of the login-session cookie.
pub const SESSION_COOKIE: &str = "uti_sessie";

/// The header that carries the CSRF token on API changes made with the
/// session cookie (`GET /api/me` tells the token).
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The CSRF token sent in [`CSRF_HEADER`], if any.
pub fn csrf_header(headers: &HeaderMap) -> Option<&str> {
    headers.get(CSRF_HEADER).and_then(|v| v.to_str().ok())
}

/// Finds the user of a request, if any.
pub async fn identify(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<Viewer>, uti_store::StoreError> {
    if let Some(value) = headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        let Some(token) = token else {
            return Ok(None);
        };
        let key = format!("t{token}");
        if let Some(v) = state.logins.get(&key) {
            return Ok(Some(v));
        }
        let viewer = state
            .store
            .token_user(token)
            .await?
            .map(|user| Viewer { user, csrf: None });
        if let Some(v) = &viewer {
            state.logins.put(key, v);
        }
        return Ok(viewer);
    }
    let jar = CookieJar::from_headers(headers);
    let Some(session) = jar.get(SESSION_COOKIE) else {
        return Ok(None);
    };
    let key = format!("c{}", session.value());
    if let Some(v) = state.logins.get(&key) {
        return Ok(Some(v));
    }
    let viewer = state
        .store
        .session_user(session.value())
        .await?
        .map(|(user, csrf)| Viewer {
            user,
            csrf: Some(csrf),
        });
    if let Some(v) = &viewer {
        state.logins.put(key, v);
    }
    Ok(viewer)
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let api = parts.uri.path().starts_with("/api/");
        let PageLang(lang) = PageLang::from_request_parts(parts, state)
            .await
            .unwrap_or(PageLang(uti_core::Lang::Nl));
        let chrome = super::layout::Chrome::anonymous(lang);
        let fail = |e: AppError| {
            if api { e.json(lang) } else { e.page(&chrome) }
        };
        match identify(state, &parts.headers).await {
            Ok(Some(viewer)) => Ok(viewer),
            Ok(None) => {
                let next = parts
                    .uri
                    .path_and_query()
                    .map_or("/".to_owned(), |p| p.to_string());
                Err(fail(AppError::Unauthenticated { next, api }))
            }
            Err(e) => Err(fail(AppError::Store(e))),
        }
    }
}

/// A user who may change data, for the API's changes: logged in (else
/// 401), of a role that changes data and, with the session cookie, with
/// the CSRF token in [`CSRF_HEADER`] (else 403). Checked before the path
/// and the body are read, so a reader learns nothing from a change.
#[derive(Debug, Clone)]
pub struct Changer(pub Viewer);

impl FromRequestParts<AppState> for Changer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let lang = super::i18n::lang_of(parts.uri.query(), &parts.headers);
        match viewer.authorize_change(csrf_header(&parts.headers)) {
            Ok(()) => Ok(Changer(viewer)),
            Err(refusal) => Err(AppError::from(refusal).answer(
                parts.uri.path().starts_with("/api/"),
                &super::layout::Chrome::anonymous(lang),
            )),
        }
    }
}

/// The user if logged in; for pages anyone may see (login, errors).
#[derive(Debug, Clone)]
pub struct MaybeViewer(pub Option<Viewer>);

impl FromRequestParts<AppState> for MaybeViewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        match identify(state, &parts.headers).await {
            Ok(v) => Ok(MaybeViewer(v)),
            Err(e) => Err(AppError::Store(e).json(uti_core::Lang::Nl).into_response()),
        }
    }
}

/// Whether cookies may carry the `Secure` flag: over HTTPS (also behind a
/// proxy that says so), and on localhost, which browsers treat as secure.
pub fn secure_context(headers: &HeaderMap) -> bool {
    let forwarded_https = headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("https"));
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let name = host.rsplit_once(':').map_or(host, |(h, _)| h);
    forwarded_https || matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

/// The login-session cookie: HttpOnly, SameSite=Lax, Secure where possible.
pub fn session_cookie(value: String, secure: bool) -> Cookie<'static> {
    let mut cookie = Cookie::new(SESSION_COOKIE, value);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Lax);
    cookie.set_path("/");
    cookie.set_secure(secure);
    cookie
}
