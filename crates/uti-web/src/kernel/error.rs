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
    /// Refused with another status of its own (405, 413, 415), with a
    /// message for the user.
    Refused(StatusCode, String),
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
            AppError::Refused(status, message) => (*status, message.clone()),
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
            StatusCode::METHOD_NOT_ALLOWED => lang.pick("Niet toegestaan", "Not allowed"),
            StatusCode::PAYLOAD_TOO_LARGE => lang.pick("Te groot", "Too large"),
            _ => lang.pick("Fout", "Error"),
        };
        let body = html! {
            h1 { (title) }
            p { (message) }
            p { a href="/" { (lang.pick("Naar het overzicht", "To the overview")) } }
        };
        retry_later((status, layout::page(chrome, title, body)).into_response())
    }

    /// The error as JSON: `{"error": {"status": 404, "message": "..."}}`
    /// ([`ErrorBody`]).
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

    /// The error as JSON under `/api/`, else as a page in the frame of
    /// `chrome`.
    pub fn answer(self, api: bool, chrome: &Chrome) -> Response {
        if api {
            self.json(chrome.lang)
        } else {
            self.page(chrome)
        }
    }
}

/// The one shape of every error answer of the API:
/// `{"error": {"status": 404, "message": "..."}}`, with more fields for
/// some errors. Described for the OpenAPI document; the answers are made
/// by [`AppError::json`] and the few handlers that add fields.
#[derive(Debug, utoipa::ToSchema)]
#[schema(example = json!({"error": {"status": 404, "message": "Deze pagina bestaat niet."}}))]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The inside of [`ErrorBody`].
#[derive(Debug, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// The HTTP status, again.
    #[schema(minimum = 400, maximum = 599, example = 400)]
    pub status: u16,
    /// What went wrong, for people, in the request's language (Dutch
    /// unless `?lang=en` or the language cookie says English).
    pub message: String,
    /// 400 of a document in the dataset format, 400 and 409 of an import:
    /// every broken rule or clash, with its place.
    #[schema(nullable = false)]
    pub errors: Option<Vec<ErrorRow>>,
    /// With `errors`: how many more there were than listed.
    #[schema(nullable = false, minimum = 0)]
    pub more: Option<u64>,
    /// 409 of a stale change: the record as it is stored now (an
    /// initiative or session in the dataset format, or a report text).
    pub current: Option<serde_json::Value>,
    /// 409 of a stale change: the version stored now; send it with the
    /// change to overwrite.
    #[schema(nullable = false)]
    pub version: Option<i64>,
    /// 409 of a stale session: how the stored session differs from the
    /// one sent, in words.
    #[schema(nullable = false)]
    pub differs_from_yours: Option<Vec<String>>,
}

/// One broken rule or clash in [`ErrorDetail::errors`].
#[derive(Debug, utoipa::ToSchema)]
pub struct ErrorRow {
    /// The file (imports only: `body.json` or `body.yaml`).
    #[schema(nullable = false)]
    pub file: Option<String>,
    /// Where: a path such as `cimo[0].interventions`, `line:column` for a
    /// syntax error, or empty for the whole document.
    pub place: String,
    /// What is wrong.
    pub message: String,
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

/// `(offset, limit)` of a page of a list in the API: `offset` 0 or more
/// (0 when absent), `limit` from 1 to `max` (`default` when absent), or
/// the reason they are refused.
pub fn window(
    offset: Option<i64>,
    limit: Option<i64>,
    default: usize,
    max: usize,
    lang: uti_core::Lang,
) -> Result<(usize, usize), AppError> {
    let offset = offset.unwrap_or(0);
    let limit = limit.unwrap_or(default as i64);
    if offset < 0 {
        return Err(AppError::BadRequest(
            lang.pick(
                "Parameter offset: geef 0 of meer.",
                "Parameter offset: give 0 or more.",
            )
            .into(),
        ));
    }
    if !(1..=max as i64).contains(&limit) {
        return Err(AppError::BadRequest(match lang {
            uti_core::Lang::Nl => {
                format!("Parameter limit: geef een aantal van 1 tot en met {max}.")
            }
            uti_core::Lang::En => format!("Parameter limit: give a number from 1 to {max}."),
        }));
    }
    Ok((offset as usize, limit as usize))
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
