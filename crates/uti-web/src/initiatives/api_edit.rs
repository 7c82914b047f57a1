//! The API's changes of initiatives and sessions: the same checks, rules
//! and version guards as the pages (`pages::session`,
//! `pages::initiative_form`). Bodies are JSON in the dataset format; a
//! change names the version it was based on, and a stale one gets 409 with
//! what is stored now.
//!
//! The helpers return the finished error answer as their `Err`: it is made
//! once per failed request and sent at once, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::initiatives::session::{self, Outcome};
use crate::kernel::AppState;
use crate::kernel::auth::{Viewer, csrf_header};
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use uti_core::Lang;
use uti_core::decode::DecodeErrors;
use uti_store::{Saved, StoreError};

/// A 400 answer listing every broken rule with its place.
fn invalid(errors: &DecodeErrors, lang: Lang) -> Response {
    let list: Vec<Value> = errors
        .errors
        .iter()
        .map(|e| json!({"place": e.place.to_string(), "message": e.problem.message(lang)}))
        .collect();
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": {
            "status": 400,
            "message": lang.pick("De invoer houdt zich niet aan het datasetformaat; er is niets opgeslagen.", "The input breaks the dataset format; nothing was stored."),
            "errors": list,
            "more": errors.more,
        }})),
    )
        .into_response()
}

/// A 409 answer with the stored record and its version.
fn stale<T: serde::Serialize>(current: Option<(T, i64)>, extra: Value, lang: Lang) -> Response {
    let mut body = json!({"error": {
        "status": 409,
        "message": lang.pick(
            "Niet opgeslagen: iemand anders heeft dit intussen gewijzigd of verwijderd. Bekijk `current` en stuur uw wijziging opnieuw met de nieuwe versie.",
            "Not saved: someone else changed or removed this in the meantime. See `current` and send your change again with the new version.",
        ),
    }});
    if let Some((record, version)) = current {
        body["error"]["current"] = json!(record);
        body["error"]["version"] = json!(version);
    }
    if let Value::Object(extra) = extra {
        for (k, v) in extra {
            body["error"][k] = v;
        }
    }
    (StatusCode::CONFLICT, Json(body)).into_response()
}

/// [`crate::kernel::json::json_body`], answered as JSON.
fn body_json(body: &Bytes, lang: Lang) -> Result<Value, Response> {
    crate::kernel::json::json_body(body, lang).map_err(|e| e.json(lang))
}

/// [`crate::kernel::json::versioned`], answered as JSON.
fn versioned(value: &Value, key: &str, lang: Lang) -> Result<(i64, Value), Response> {
    crate::kernel::json::versioned(value, key, lang).map_err(|e| e.json(lang))
}

/// Checks role and CSRF of a change.
fn authorize(viewer: &Viewer, headers: &HeaderMap, lang: Lang) -> Result<(), Response> {
    viewer
        .authorize_change(csrf_header(headers))
        .map_err(|e| AppError::from(e).json(lang))
}

/// A session index from the path; anything else is an unknown session.
fn index(raw: &str, lang: Lang) -> Result<usize, Response> {
    raw.parse().map_err(|_| AppError::NotFound.json(lang))
}

fn done(result: Result<Response, Response>) -> Response {
    result.unwrap_or_else(|r| r)
}

/// `POST /api/initiatives`: a new initiative (with sessions, if given).
pub async fn create_initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    done(
        async {
            authorize(&viewer, &headers, lang)?;
            let value = body_json(&body, lang)?;
            let terms = state
                .store
                .term_ids()
                .await
                .map_err(|e| AppError::from(e).json(lang))?;
            let initiative =
                uti_core::decode::initiative("", &value, terms.themes, terms.challenges)
                    .map_err(|e| invalid(&e, lang))?;
            match state.store.create_initiative(&initiative).await {
                Ok(()) => Ok((
                    StatusCode::CREATED,
                    Json(json!({"id": initiative.id.as_str(), "version": 1})),
                )
                    .into_response()),
                Err(StoreError::Conflicts(c)) => Err(AppError::Conflict(
                    c.iter()
                        .map(|c| c.fact(lang))
                        .collect::<Vec<_>>()
                        .join("; "),
                )
                .json(lang)),
                Err(e) => Err(AppError::from(e).json(lang)),
            }
        }
        .await,
    )
}

/// `PUT /api/initiatives/{id}`: the initiative's own fields
/// (`{"version": N, "initiative": {...}}`; its sessions are not touched).
pub async fn update_initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    done(
        async {
            authorize(&viewer, &headers, lang)?;
            let (version, mut record) = versioned(&body_json(&body, lang)?, "initiative", lang)?;
            if let Some(m) = record.as_object_mut() {
                // The id comes from the path; sessions are edited one by one.
                m.insert("id".into(), json!(id));
                m.remove("sessions");
            }
            let terms = state
                .store
                .term_ids()
                .await
                .map_err(|e| AppError::from(e).json(lang))?;
            let initiative =
                uti_core::decode::initiative("", &record, terms.themes, terms.challenges)
                    .map_err(|e| invalid(&e, lang))?;
            match state.store.update_initiative(&initiative, version).await {
                Ok(None) => Err(AppError::NotFound.json(lang)),
                Ok(Some(Saved::Done { version, .. })) => {
                    Ok(Json(json!({"id": id, "version": version})).into_response())
                }
                Ok(Some(Saved::Stale { current })) => Err(stale(current, json!({}), lang)),
                Err(e) => Err(AppError::from(e).json(lang)),
            }
        }
        .await,
    )
}

/// Runs a checked session through the store and answers.
async fn save_session(
    state: &AppState,
    id: &str,
    index: Option<usize>,
    record: &Value,
    version: i64,
    lang: Lang,
) -> Result<Response, Response> {
    let checked = session::check(state, record)
        .await
        .map_err(|e| e.json(lang))?;
    let new = checked.map_err(|e| invalid(&e, lang))?;
    match session::store(state, id, index, &new, version)
        .await
        .map_err(|e| e.json(lang))?
    {
        Outcome::Saved { index: at, version } => {
            let status = if index.is_none() {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, Json(json!({"index": at, "version": version}))).into_response())
        }
        Outcome::Stale { current } => {
            let changes: Vec<String> = match &current {
                Some((stored, _)) => uti_core::compare::changes(&new, stored)
                    .iter()
                    .map(|c| c.describe(lang))
                    .collect(),
                None => Vec::new(),
            };
            Err(stale(current, json!({"differs_from_yours": changes}), lang))
        }
    }
}

/// `POST /api/initiatives/{id}/sessions`: a new session at the end.
pub async fn add_session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    done(
        async {
            authorize(&viewer, &headers, lang)?;
            let record = body_json(&body, lang)?;
            save_session(&state, &id, None, &record, 0, lang).await
        }
        .await,
    )
}

/// `PUT /api/initiatives/{id}/sessions/{n}`: `{"version": N, "session": {...}}`.
pub async fn update_session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path((id, n)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    done(
        async {
            authorize(&viewer, &headers, lang)?;
            let n = index(&n, lang)?;
            let (version, record) = versioned(&body_json(&body, lang)?, "session", lang)?;
            save_session(&state, &id, Some(n), &record, version, lang).await
        }
        .await,
    )
}

/// The query of a removal.
#[derive(Debug, Deserialize)]
pub struct VersionQuery {
    /// The version the removal is based on.
    pub version: Option<i64>,
}

/// `DELETE /api/initiatives/{id}/sessions/{n}?version=N`.
pub async fn delete_session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path((id, n)): Path<(String, String)>,
    Query(q): Query<VersionQuery>,
) -> Response {
    done(
        async {
            authorize(&viewer, &headers, lang)?;
            let n = index(&n, lang)?;
            let version = q.version.ok_or_else(|| {
                AppError::BadRequest(lang.pick("geef ?version=N mee", "pass ?version=N").into())
                    .json(lang)
            })?;
            match state.store.delete_session(&id, n, version).await {
                Ok(None) | Ok(Some(Saved::Stale { current: None })) => {
                    Err(AppError::NotFound.json(lang))
                }
                Ok(Some(Saved::Done { .. })) => Ok(StatusCode::NO_CONTENT.into_response()),
                Ok(Some(Saved::Stale { current })) => Err(stale(current, json!({}), lang)),
                Err(e) => Err(AppError::from(e).json(lang)),
            }
        }
        .await,
    )
}
