//! Reading the JSON body of an API change.

use super::error::AppError;

/// Reads the JSON body of a change, or says in the user's language why it
/// is not JSON. Every API change reads its body through this.
pub fn json_body(body: &[u8], lang: uti_core::Lang) -> Result<serde_json::Value, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::BadRequest(format!(
            "{}: {e}",
            lang.pick(
                "De inhoud is geen geldige JSON",
                "The body is not valid JSON"
            )
        ))
    })
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
