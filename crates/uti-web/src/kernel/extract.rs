//! The extractors of API requests, with axum's refusals in our own words:
//! a JSON body ([`ApiJson`]), a query ([`ApiQuery`]) and path parameters
//! ([`ApiPath`]). Whatever they cannot read comes back in the error shape
//! of the API ([`super::error::ErrorBody`]) in the request's language,
//! naming the field (`version`, `session.date`, `n`), and never with a
//! parser's English in a Dutch message; under any other path than `/api/`
//! the same refusal is the error page.
//!
//! | what | status |
//! |---|---|
//! | a body with another `Content-Type` than JSON | 415 |
//! | a body over the route's limit | 413 |
//! | not JSON, or JSON of the wrong shape | 400 |
//! | a query or path value that cannot be read | 400 |

use super::error::AppError;
use super::i18n::lang_of;
use super::layout::Chrome;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::Response;
use serde::de::DeserializeOwned;
use uti_core::Lang;

/// The largest request body of an API change, for its message: the
/// router's limit (`crate::BODY_LIMIT`, 2 MiB), in MiB.
const LIMIT_MIB: usize = 2;

/// A refusal as the request wants it: JSON under `/api/`, else a page.
fn refuse(uri: &Uri, headers: &HeaderMap, error: AppError) -> Response {
    let lang = lang_of(uri.query(), headers);
    error.answer(uri.path().starts_with("/api/"), &Chrome::anonymous(lang))
}

/// Whether a `Content-Type` is JSON: `application/json` or
/// `application/*+json`, with any parameters (`; charset=utf-8`).
pub fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || essence
            .strip_prefix("application/")
            .is_some_and(|sub| sub.ends_with("+json"))
}

/// A 415 for a body that is not sent as JSON.
pub fn not_json(lang: Lang) -> AppError {
    AppError::Refused(
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        lang.pick(
            "Stuur de inhoud als JSON, met Content-Type: application/json.",
            "Send the body as JSON, with Content-Type: application/json.",
        )
        .to_owned(),
    )
}

/// A 413 for a body over the limit of an API change.
pub fn too_large(lang: Lang) -> AppError {
    AppError::Refused(
        StatusCode::PAYLOAD_TOO_LARGE,
        match lang {
            Lang::Nl => format!(
                "De inhoud is te groot: hier kan hoogstens {LIMIT_MIB} MiB per verzoek. Stuur minder tegelijk."
            ),
            Lang::En => format!(
                "The body is too large: at most {LIMIT_MIB} MiB per request. Send less at a time."
            ),
        },
    )
}

/// Reads `bytes` as JSON into `T`, or says in `lang` what is wrong and
/// where, naming the field whose value does not fit. An empty body is
/// refused as such.
pub fn read_json<T: DeserializeOwned>(bytes: &[u8], lang: Lang) -> Result<T, AppError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::BadRequest(
            lang.pick(
                "De inhoud is leeg; stuur een JSON-document.",
                "The body is empty; send a JSON document.",
            )
            .to_owned(),
        ));
    }
    // Syntax first, with line and column.
    let mut value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| AppError::BadRequest(uti_core::parse_error::json_body_message(&e, lang)))?;
    whole_numbers(&mut value);
    let value = serde_path_to_error::deserialize(value).map_err(|e| {
        let field = e.path().to_string();
        AppError::BadRequest(uti_core::parse_error::json_field_message(
            e.inner(),
            &field,
            lang,
        ))
    })?;
    Ok(value)
}

/// Writes every number without a fraction (`2.0`, `-5e3`) as the whole
/// number it is: JSON does not tell them apart, and neither does JSON
/// Schema (`2.0` is an integer), so a version or a score may come as
/// either.
pub fn whole_numbers(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Number(n) if !(n.is_i64() || n.is_u64()) => {
            if let Some(f) = n.as_f64().filter(|f| f.fract() == 0.0) {
                // Only what fits exactly; larger ones stay as they are.
                if f.abs() < 9.0e15 {
                    *value = Value::from(f as i64);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers),
        _ => {}
    }
}

/// The body of an API change, read as JSON into `T`: 415 when it is sent
/// as anything but JSON (a body without `Content-Type` is read as JSON,
/// as it always was), 413 over the route's limit, 400 with the field
/// named when it is not JSON or not of `T`'s shape.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let (uri, headers) = (req.uri().clone(), req.headers().clone());
        let lang = lang_of(uri.query(), &headers);
        let bytes = json_bytes(req, state).await?;
        read_json(&bytes, lang)
            .map(ApiJson)
            .map_err(|e| refuse(&uri, &headers, e))
    }
}

/// [`ApiJson`] for a body that may also be empty or `null` (`None`).
#[derive(Debug, Clone)]
pub struct ApiJsonOrEmpty<T>(pub Option<T>);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJsonOrEmpty<T> {
    type Rejection = Response;

    async fn from_request(req: Request, state: &S) -> Result<Self, Response> {
        let (uri, headers) = (req.uri().clone(), req.headers().clone());
        let lang = lang_of(uri.query(), &headers);
        let bytes = json_bytes(req, state).await?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(ApiJsonOrEmpty(None));
        }
        read_json::<Option<T>>(&bytes, lang)
            .map(ApiJsonOrEmpty)
            .map_err(|e| refuse(&uri, &headers, e))
    }
}

/// The bytes of a JSON body: 415 for another type, 413 over the limit.
async fn json_bytes<S: Send + Sync>(req: Request, state: &S) -> Result<Bytes, Response> {
    let (uri, headers) = (req.uri().clone(), req.headers().clone());
    let lang = lang_of(uri.query(), &headers);
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("?"));
    if content_type.is_some_and(|c| !is_json(c)) {
        return Err(refuse(&uri, &headers, not_json(lang)));
    }
    let bytes = Bytes::from_request(req, state).await.map_err(|e| {
        let error = if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large(lang)
        } else {
            AppError::BadRequest(
                lang.pick(
                    "De inhoud van het verzoek kon niet worden gelezen.",
                    "The request body could not be read.",
                )
                .to_owned(),
            )
        };
        refuse(&uri, &headers, error)
    })?;
    Ok(bytes)
}

/// The query of an API request, read into `T`; a value that cannot be read
/// is a 400 naming the parameter: "Parameter `version`: ongeldige waarde
/// `abc`; verwacht een geheel getal". Parameters `T` does not know are
/// ignored (`lang` is read by every request).
#[derive(Debug, Clone)]
pub struct ApiQuery<T>(pub T);

/// Reads a query string into `T`, or says in `lang` which parameter is
/// wrong and why.
pub fn read_query<T: DeserializeOwned>(query: &str, lang: Lang) -> Result<T, AppError> {
    let pairs = form_urlencoded::parse(query.as_bytes());
    serde_path_to_error::deserialize(serde_urlencoded::Deserializer::new(pairs)).map_err(|e| {
        let field = e.path().to_string();
        let detail = e.into_inner().to_string();
        let named = !field.is_empty() && field != ".";
        let value = named
            .then(|| {
                form_urlencoded::parse(query.as_bytes())
                    .find(|(k, _)| *k == field)
                    .map(|(_, v)| v.into_owned())
            })
            .flatten();
        let message = uti_core::parse_error::value_message(&detail, value.as_deref(), None, lang);
        AppError::BadRequest(if named {
            format!("Parameter ‘{field}’: {message}")
        } else {
            format!(
                "{}: {message}",
                lang.pick("De parameters kloppen niet", "The parameters are not right")
            )
        })
    })
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Response> {
        let lang = lang_of(parts.uri.query(), &parts.headers);
        read_query(parts.uri.query().unwrap_or(""), lang)
            .map(ApiQuery)
            .map_err(|e| refuse(&parts.uri, &parts.headers, e))
    }
}

/// The path parameters of a request, read into `T` (as axum's `Path`); a
/// value that cannot be read is a 400 naming the parameter: "`n` in het
/// pad: ongeldige waarde `abc`; verwacht een geheel getal van 0 of meer".
#[derive(Debug, Clone)]
pub struct ApiPath<T>(pub T);

/// The message for a path that could not be read.
fn path_message(rejection: &PathRejection, lang: Lang) -> AppError {
    use axum::extract::path::ErrorKind as K;
    let PathRejection::FailedToDeserializePathParams(e) = rejection else {
        return AppError::Store(uti_store::StoreError::Corrupt(rejection.body_text()));
    };
    let value = |key: &str, message: String| {
        AppError::BadRequest(format!(
            "‘{key}’ {}: {message}",
            lang.pick("in het pad", "in the path")
        ))
    };
    let plain = |message: String| {
        AppError::BadRequest(format!(
            "{}: {message}",
            lang.pick("Het pad klopt niet", "The path is not right")
        ))
    };
    let message = |detail: &str, v: &str, expected: Option<&str>| {
        uti_core::parse_error::value_message(detail, Some(v), expected, lang)
    };
    match e.kind() {
        K::ParseErrorAtKey {
            key,
            value: v,
            expected_type,
        } => value(key, message("", v, Some(expected_type))),
        K::DeserializeError {
            key,
            value: v,
            message: detail,
        } => value(key, message(detail, v, None)),
        K::ParseErrorAtIndex {
            value: v,
            expected_type,
            ..
        }
        | K::ParseError {
            value: v,
            expected_type,
        } => plain(message("", v, Some(expected_type))),
        K::InvalidUtf8InPathParam { key } => value(
            key,
            lang.pick("geen geldige UTF-8", "not valid UTF-8")
                .to_owned(),
        ),
        _ => AppError::Store(uti_store::StoreError::Corrupt(e.body_text())),
    }
}

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let lang = lang_of(parts.uri.query(), &parts.headers);
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(ApiPath(value)),
            Err(rejection) => Err(refuse(
                &parts.uri,
                &parts.headers,
                path_message(&rejection, lang),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Change {
        version: i64,
        session: serde_json::Map<String, serde_json::Value>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Removal {
        version: Option<i64>,
        flag: Option<bool>,
    }

    fn bad(e: AppError) -> String {
        match e {
            AppError::BadRequest(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn json_content_types() {
        assert!(is_json("application/json"));
        assert!(is_json("Application/JSON; charset=utf-8"));
        assert!(is_json("application/merge-patch+json"));
        assert!(!is_json("text/plain"));
        assert!(!is_json("application/x-www-form-urlencoded"));
        assert!(!is_json("application/jsonx"));
    }

    #[test]
    fn a_body_names_the_field_that_does_not_fit() {
        let m =
            bad(read_json::<Change>(br#"{"version": "1", "session": {}}"#, Lang::Nl).unwrap_err());
        assert!(m.contains("bij ‘version’"), "{m}");
        assert!(m.contains("hier hoort een geheel getal"), "{m}");
        let m = bad(read_json::<Change>(br#"{"session": {}}"#, Lang::Nl).unwrap_err());
        assert!(m.contains("verplicht veld ‘version’ ontbreekt"), "{m}");
        let m =
            bad(read_json::<Change>(b"{\"version\": 1,\n  \"session\": [}", Lang::Nl).unwrap_err());
        assert!(m.contains("regel 2, kolom"), "{m}");
        let m = bad(read_json::<Change>(b"  ", Lang::En).unwrap_err());
        assert_eq!(m, "The body is empty; send a JSON document.");
        assert!(
            read_json::<Option<Change>>(b"null", Lang::Nl)
                .unwrap()
                .is_none()
        );
        let m =
            bad(read_json::<Change>(br#"{"version": 1, "session": {}} x"#, Lang::Nl).unwrap_err());
        assert!(m.contains("na het einde"), "{m}");
    }

    #[test]
    fn a_query_names_the_parameter() {
        let m = bad(read_query::<Removal>("version=abc", Lang::Nl).unwrap_err());
        assert_eq!(
            m,
            "Parameter ‘version’: ‘abc’ past hier niet; hier hoort een geheel getal"
        );
        let m = bad(read_query::<Removal>("flag=misschien&lang=en", Lang::En).unwrap_err());
        assert_eq!(
            m,
            "Parameter ‘flag’: ‘misschien’ does not fit here; this should be a yes/no value (true or false)"
        );
        let ok = read_query::<Removal>("version=3&lang=nl&other=1", Lang::Nl).unwrap();
        assert_eq!(ok.version, Some(3));
    }
}
