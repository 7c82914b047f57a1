//! What goes wrong in a request, and how it is shown: a page in the
//! user's language for the browser, a JSON object for the API. No stack
//! trace, SQL or internal message ever reaches the user; server errors are
//! logged with their detail and shown as a short apology.

use super::layout::{self, Chrome};
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use uti_core::Lang;

/// A request that cannot be answered normally.
#[derive(Debug)]
pub enum AppError {
    /// Not logged in: the browser goes to the login page, the API says 401.
    Unauthenticated {
        /// Where to return after logging in.
        next: String,
        /// Whether the request was for the API.
        api: bool,
    },
    /// Logged in, but the role does not allow this.
    Forbidden,
    /// The CSRF token was missing or wrong.
    Csrf,
    /// No such page or record.
    NotFound,
    /// Bad input, with a message for the user.
    BadRequest(String),
    /// The record changed since the user loaded it (or already exists),
    /// with a message for the user.
    Conflict(String),
    /// The database failed; the detail goes to the log only.
    Store(uti_store::StoreError),
}

impl From<super::viewer::Refusal> for AppError {
    fn from(r: super::viewer::Refusal) -> Self {
        match r {
            super::viewer::Refusal::Forbidden => AppError::Forbidden,
            super::viewer::Refusal::Csrf => AppError::Csrf,
        }
    }
}

impl From<uti_store::StoreError> for AppError {
    fn from(e: uti_store::StoreError) -> Self {
        AppError::Store(e)
    }
}

impl AppError {
    /// The status code and the message for the user.
    fn parts(&self, lang: Lang) -> (StatusCode, String) {
        match self {
            AppError::Unauthenticated { .. } => (
                StatusCode::UNAUTHORIZED,
                lang.pick("Log eerst in.", "Please log in first.").into(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                lang.pick(
                    "Uw rol geeft geen toegang tot deze handeling.",
                    "Your role does not allow this.",
                )
                .into(),
            ),
            AppError::Csrf => (
                StatusCode::FORBIDDEN,
                lang.pick(
                    "Het formulier is verlopen of kwam niet van deze site. Laad de pagina opnieuw en probeer het nog eens.",
                    "The form has expired or did not come from this site. Reload the page and try again.",
                )
                .into(),
            ),
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                lang.pick("Deze pagina bestaat niet.", "This page does not exist.")
                    .into(),
            ),
            AppError::BadRequest(message) => (StatusCode::BAD_REQUEST, message.clone()),
            AppError::Conflict(message) => (StatusCode::CONFLICT, message.clone()),
            AppError::Store(e) if e.is_unavailable() => {
                tracing::warn!(error = %e, "the database is unavailable");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    lang.pick(
                        "De database is op dit moment niet bereikbaar. Probeer het over een minuut opnieuw; er is niets verloren gegaan.",
                        "The database cannot be reached at the moment. Please try again in a minute; nothing has been lost.",
                    )
                    .into(),
                )
            }
            AppError::Store(e) => {
                tracing::error!(error = %e, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    lang.pick(
                        "Er ging iets mis aan de kant van de server. Probeer het later opnieuw.",
                        "Something went wrong on the server. Please try again later.",
                    )
                    .into(),
                )
            }
        }
    }

    /// The error as a page.
    pub fn page(self, chrome: &Chrome) -> Response {
        if let AppError::Unauthenticated { next, api: false } = &self {
            return Redirect::to(&format!("/login?next={}", encode(next))).into_response();
        }
        let lang = chrome.lang;
        let (status, message) = self.parts(lang);
        let title = match status {
            StatusCode::NOT_FOUND => lang.pick("Niet gevonden", "Not found"),
            StatusCode::FORBIDDEN => lang.pick("Geen toegang", "Access denied"),
            StatusCode::BAD_REQUEST => lang.pick("Ongeldige invoer", "Invalid input"),
            StatusCode::CONFLICT => lang.pick("Intussen gewijzigd", "Changed in the meantime"),
            StatusCode::SERVICE_UNAVAILABLE => {
                lang.pick("Even niet beschikbaar", "Temporarily unavailable")
            }
            _ => lang.pick("Fout", "Error"),
        };
        let body = html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { (lang.pick("Naar het overzicht", "To the overview")) } }
        };
        retry_later((status, layout::page(chrome, title, body)).into_response())
    }

    /// The error as JSON: `{"error": {"status": 404, "message": "..."}}`.
    pub fn json(self, lang: Lang) -> Response {
        let (status, message) = self.parts(lang);
        retry_later(
            (
                status,
                Json(serde_json::json!({"error": {"status": status.as_u16(), "message": message}})),
            )
                .into_response(),
        )
    }
}

/// Tells clients of a 503 when to try again.
fn retry_later(mut response: Response) -> Response {
    if response.status() == StatusCode::SERVICE_UNAVAILABLE {
        response.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            axum::http::HeaderValue::from_static("10"),
        );
    }
    response
}

/// The answer of a page handler: its response, or the error as a page in
/// the frame of `chrome`.
pub fn respond(result: Result<impl IntoResponse, AppError>, chrome: &Chrome) -> Response {
    match result {
        Ok(response) => response.into_response(),
        Err(e) => e.page(chrome),
    }
}

/// Percent-encodes a path for a query parameter.
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
