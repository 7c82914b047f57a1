//! Reading the JSON body of an API change that is not read by
//! [`super::extract::ApiJson`].

use super::error::AppError;

/// Reads the JSON body of a change, or says in the user's language why it
/// is not JSON, with line and column and never in the parser's English
/// ([`super::extract::read_json`]).
pub fn json_body(body: &[u8], lang: uti_core::Lang) -> Result<serde_json::Value, AppError> {
    super::extract::read_json(body, lang)
}

/// The parts of a guarded change `{"version": N, "<key>": ...}`, or a 400
/// saying what was expected.
pub fn versioned(
    value: &serde_json::Value,
    key: &str,
    lang: uti_core::Lang,
) -> Result<(i64, serde_json::Value), AppError> {
    match (
        value.get("version").and_then(serde_json::Value::as_i64),
        value.get(key),
    ) {
        (Some(version), Some(record)) => Ok((version, record.clone())),
        _ => Err(AppError::BadRequest(format!(
            "{} {{\"version\": N, \"{key}\": ...}}",
            lang.pick("verwacht", "expected")
        ))),
    }
}
