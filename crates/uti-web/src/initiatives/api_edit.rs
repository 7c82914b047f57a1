//! The API's changes of initiatives and sessions: the same checks, rules
//! and version guards as the pages (`pages::session`,
//! `pages::initiative_form`). Bodies are JSON in the dataset format; a
//! change names the version it was based on, and a stale one gets 409 with
//! what is stored now.
//!
//! The helpers return the finished error answer as their `Err`: it is made
//! once per failed request and sent at once, so its size does not matter.
#![allow(clippy::result_large_err)]

use crate::initiatives::api::InitiativeId;
use crate::initiatives::session::{self, Outcome};
use crate::kernel::AppState;
use crate::kernel::auth::Changer;
use crate::kernel::dataset_schema::{InitiativeFieldsDoc, NewInitiativeDoc, SessionDoc};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiPath, ApiQuery};
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use uti_core::Lang;
use uti_core::decode::DecodeErrors;
use uti_store::{Actor, Saved, StoreError, Via};
use utoipa::{IntoParams, ToSchema};

/// A 400 answer listing every broken rule with its place.
fn invalid(errors: &DecodeErrors, lang: Lang) -> Response {
    let list: Vec<Value> = errors
        .errors
        .iter()
        .map(|e| json!({"place": e.place.to_string(), "message": e.problem_message(lang)}))
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

/// The rules of the editors beyond the dataset format (the website is a
/// web address), as a 400 answer of the same shape.
fn web_rules(initiative: &uti_core::model::Initiative, lang: Lang) -> Result<(), Response> {
    use uti_core::error::{DatasetError, Place, Step};
    match crate::initiatives::form::website_error(initiative) {
        None => Ok(()),
        Some(problem) => Err(invalid(
            &DecodeErrors {
                errors: vec![DatasetError {
                    file: String::new(),
                    place: Place::Path(vec![Step::Key("website".into())]),
                    problem,
                }],
                more: 0,
            },
            lang,
        )),
    }
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

/// The path of one session: the initiative's id and the session's index.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct SessionPath {
    /// The initiative's id (a slug).
    #[param(
        example = "zorgpioniers",
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length = 64
    )]
    pub id: String,
    /// The session's index in the initiative's list of sessions (from 0),
    /// as in getInitiative.
    #[param(example = 0, minimum = 0, maximum = 4294967295_u64)]
    pub n: usize,
}

/// A change of an initiative's own fields.
#[derive(Debug, Deserialize, ToSchema)]
pub struct InitiativeChange {
    /// The version it is based on (from getInitiative).
    pub version: i64,
    /// The initiative in the dataset format; its id and sessions are
    /// ignored.
    #[schema(value_type = InitiativeFieldsDoc)]
    pub initiative: Map<String, Value>,
}

/// A change of one session.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SessionChange {
    /// The version it is based on (from getInitiative's
    /// `session_versions`).
    pub version: i64,
    /// The session in the dataset format.
    #[schema(value_type = SessionDoc)]
    pub session: Map<String, Value>,
}

/// A stored initiative's id and version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedInitiative {
    /// Its id.
    #[schema(example = "zorgpioniers")]
    pub id: String,
    /// Its version now.
    pub version: i64,
}

/// A stored session's place and version.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedSession {
    /// Its index in the initiative's list of sessions.
    pub index: usize,
    /// Its version now.
    pub version: i64,
}

fn done(result: Result<Response, Response>) -> Response {
    result.unwrap_or_else(|r| r)
}

/// `POST /api/initiatives`: a new initiative (with sessions, if given).
#[utoipa::path(
    post,
    path = "/api/initiatives",
    tag = "initiatives",
    operation_id = "createInitiative",
    summary = "Creates an initiative from its document in the dataset format (sessions optional).",
    description = "Allowed for: researcher, admin. The same rules as an import; the themes and challenges its chains name must exist.",
    request_body(content = NewInitiativeDoc, description = "An initiative in the dataset format (uti-dataset/1); the website a web address.", content_type = "application/json"),
    responses(
        (status = 201, description = "Created: its id and version (1).", body = SavedInitiative),
        (status = 400, description = "Not JSON, or the initiative breaks the dataset format: `errors` lists every broken rule with its place.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 409, description = "An initiative with this id exists.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn create_initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiJson(value): ApiJson<Value>,
) -> Response {
    done(
        async {
            let terms = state
                .store
                .term_ids()
                .await
                .map_err(|e| AppError::from(e).json(lang))?;
            let initiative =
                uti_core::decode::initiative("", &value, terms.themes, terms.challenges)
                    .map_err(|e| invalid(&e, lang))?;
            web_rules(&initiative, lang)?;
            match state
                .store
                .create_initiative(&initiative, &viewer.actor(Via::Api))
                .await
            {
                Ok(()) => Ok((
                    StatusCode::CREATED,
                    Json(SavedInitiative {
                        id: initiative.id.to_string(),
                        version: 1,
                    }),
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
#[utoipa::path(
    put,
    path = "/api/initiatives/{id}",
    tag = "initiatives",
    operation_id = "updateInitiative",
    summary = "Changes an initiative's own fields; its sessions stay.",
    description = "Allowed for: researcher, admin.",
    params(InitiativeId),
    request_body(content = InitiativeChange, description = "The version it is based on (from getInitiative) and the initiative in the dataset format.", content_type = "application/json"),
    responses(
        (status = 200, description = "Saved: its id and new version.", body = SavedInitiative),
        (status = 400, description = "Not JSON, not `{\"version\": N, \"initiative\": {...}}`, or the initiative breaks the dataset format (`errors`).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No initiative has this id.", body = ErrorBody),
        (status = 409, description = "The version sent is stale: `current` is the stored initiative, `version` its version.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn update_initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(InitiativeId { id }): ApiPath<InitiativeId>,
    ApiJson(change): ApiJson<InitiativeChange>,
) -> Response {
    done(
        async {
            let (version, mut record) = (change.version, change.initiative);
            // The id comes from the path; sessions are edited one by one.
            record.insert("id".into(), json!(id));
            record.remove("sessions");
            let record = Value::Object(record);
            let terms = state
                .store
                .term_ids()
                .await
                .map_err(|e| AppError::from(e).json(lang))?;
            let initiative =
                uti_core::decode::initiative("", &record, terms.themes, terms.challenges)
                    .map_err(|e| invalid(&e, lang))?;
            web_rules(&initiative, lang)?;
            match state
                .store
                .update_initiative(&initiative, version, &viewer.actor(Via::Api))
                .await
            {
                Ok(None) => Err(AppError::NotFound.json(lang)),
                Ok(Some(Saved::Done { version, .. })) => {
                    Ok(Json(SavedInitiative { id, version }).into_response())
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
    actor: &Actor,
    lang: Lang,
) -> Result<Response, Response> {
    let checked = session::check(state, record)
        .await
        .map_err(|e| e.json(lang))?;
    let new = checked.map_err(|e| invalid(&e, lang))?;
    match session::store(state, id, index, &new, version, actor)
        .await
        .map_err(|e| e.json(lang))?
    {
        Outcome::Saved { index: at, version } => {
            let status = if index.is_none() {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, Json(SavedSession { index: at, version })).into_response())
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
#[utoipa::path(
    post,
    path = "/api/initiatives/{id}/sessions",
    tag = "initiatives",
    operation_id = "addSession",
    summary = "Adds a session at the end of the initiative's list.",
    description = "Allowed for: researcher, admin. The themes and challenges its chains name must exist.",
    params(InitiativeId),
    request_body(content = SessionDoc, description = "A session in the dataset format.", content_type = "application/json"),
    responses(
        (status = 201, description = "Added: its index and version.", body = SavedSession),
        (status = 400, description = "Not JSON, or the session breaks the dataset format: `errors` lists every broken rule with its place (e.g. `cimo[0].interventions`).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No initiative has this id.", body = ErrorBody),
        (status = 409, description = "The initiative changed while the session was added.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn add_session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(InitiativeId { id }): ApiPath<InitiativeId>,
    ApiJson(record): ApiJson<Value>,
) -> Response {
    done(save_session(&state, &id, None, &record, 0, &viewer.actor(Via::Api), lang).await)
}

/// `PUT /api/initiatives/{id}/sessions/{n}`: `{"version": N, "session": {...}}`.
#[utoipa::path(
    put,
    path = "/api/initiatives/{id}/sessions/{n}",
    tag = "initiatives",
    operation_id = "updateSession",
    summary = "Replaces the session at index n.",
    description = "Allowed for: researcher, admin.",
    params(SessionPath),
    request_body(content = SessionChange, description = "The version it is based on and the session in the dataset format.", content_type = "application/json"),
    responses(
        (status = 200, description = "Saved: its index and new version.", body = SavedSession),
        (status = 400, description = "Not JSON, not `{\"version\": N, \"session\": {...}}`, `n` is not a number, or the session breaks the dataset format (`errors`).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No initiative has this id, or it has no session `n`.", body = ErrorBody),
        (status = 409, description = "Someone changed the session since `version`: `current` is the stored session, `version` its version and `differs_from_yours` the differences.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn update_session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(SessionPath { id, n }): ApiPath<SessionPath>,
    ApiJson(change): ApiJson<SessionChange>,
) -> Response {
    let record = Value::Object(change.session);
    done(
        save_session(
            &state,
            &id,
            Some(n),
            &record,
            change.version,
            &viewer.actor(Via::Api),
            lang,
        )
        .await,
    )
}

/// The query of a removal.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VersionQuery {
    /// The version of the session that is to be removed (from
    /// getInitiative's `session_versions`).
    #[param(required = true, example = 1)]
    pub version: Option<i64>,
}

/// `DELETE /api/initiatives/{id}/sessions/{n}?version=N`.
#[utoipa::path(
    delete,
    path = "/api/initiatives/{id}/sessions/{n}",
    tag = "initiatives",
    operation_id = "deleteSession",
    summary = "Removes the session at index n (the later ones move up).",
    description = "Allowed for: researcher, admin.",
    params(SessionPath, VersionQuery),
    responses(
        (status = 204, description = "Removed."),
        (status = 400, description = "`version` is missing or not a number, or `n` is not a number.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No initiative has this id, or it has no session `n`.", body = ErrorBody),
        (status = 409, description = "The session changed since `version`: `current` is the stored session, `version` its version.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn delete_session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(SessionPath { id, n }): ApiPath<SessionPath>,
    ApiQuery(q): ApiQuery<VersionQuery>,
) -> Response {
    done(
        async {
            let version = q.version.ok_or_else(|| {
                AppError::BadRequest(lang.pick("geef ?version=N mee", "pass ?version=N").into())
                    .json(lang)
            })?;
            match state
                .store
                .delete_session(&id, n, version, &viewer.actor(Via::Api))
                .await
            {
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
