//! The history in the API: an initiative's changes and a session's, newest
//! first, a page at a time, each with the record before and after and the
//! changes in words; and restoring a session to an earlier state.
//!
//! The helpers return the finished error answer as their `Err` (as in
//! `initiatives::api_edit`): made once per failed request and sent at once.
#![allow(clippy::result_large_err)]

use super::describe::changes;
use crate::initiatives::api::InitiativeId;
use crate::initiatives::api_edit::SessionPath;
use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiPath, ApiQuery};
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uti_core::Lang;
use uti_store::{Entry, HistoryPage, Restored, Side, Via};
use utoipa::{IntoParams, ToSchema};

/// One entry of a session's history.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct EntryPath {
    /// The initiative's id (a slug).
    #[param(
        example = "zorgpioniers",
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length = 64
    )]
    pub id: String,
    /// The session's index in the initiative's list of sessions (from 0).
    #[param(example = 0, minimum = 0, maximum = 4294967295_u64)]
    pub n: usize,
    /// The number of the history entry whose "after" is put back.
    #[param(example = 1, minimum = 1)]
    pub entry: i64,
}

/// Which page of the history.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Only entries older than this one (the `id` of the last entry of the
    /// previous page).
    #[param(example = 100)]
    pub before: Option<i64>,
    /// How many entries at most (1 to 200; 50 by default).
    #[param(example = 50, minimum = 1, maximum = 200)]
    pub limit: Option<usize>,
}

impl PageQuery {
    fn limit(&self, lang: Lang) -> Result<usize, Response> {
        match self.limit {
            None => Ok(super::pages::PAGE),
            Some(n) if (1..=200).contains(&n) => Ok(n),
            Some(_) => Err(AppError::BadRequest(
                lang.pick("limit is 1 tot en met 200", "limit is 1 to 200")
                    .into(),
            )
            .json(lang)),
        }
    }
}

/// One recorded change.
#[derive(Debug, Serialize, ToSchema)]
pub struct EntryDoc {
    /// Its number; later changes have higher numbers.
    #[schema(example = 12)]
    pub id: i64,
    /// When, in seconds since 1970 (UTC).
    pub at: i64,
    /// Who: the user's login name (or the system user of an import on the
    /// command line).
    #[schema(example = "rik")]
    pub actor: String,
    /// Through what.
    #[schema(example = "web")]
    pub via: ViaDoc,
    /// What kind of record.
    pub record: RecordDoc,
    /// What happened.
    pub action: ActionDoc,
    /// The initiative.
    #[schema(nullable = false)]
    pub initiative_id: Option<String>,
    /// For a session: the key that stays with it when its place changes.
    #[schema(nullable = false)]
    pub session_uid: Option<String>,
    /// For a restore: the entry whose state was put back.
    #[schema(nullable = false)]
    pub restored_from: Option<i64>,
    /// The record before (a session, or an initiative in the dataset
    /// format, with its sessions when recorded whole); null when it did
    /// not exist.
    pub before: Option<Value>,
    /// The record after; null when it was removed.
    pub after: Option<Value>,
    /// What changed, in words, in the request's language.
    pub changes: Vec<String>,
}

/// Through what a change came.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ViaDoc {
    /// A page of the web workspace.
    Web,
    /// The JSON API.
    Api,
    /// An import (command line, upload or API).
    Import,
    /// Another command of the command line.
    Cli,
}

/// What kind of record.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum RecordDoc {
    /// An initiative (own fields, or whole with its sessions).
    Initiative,
    /// One session.
    Session,
    /// A theme or challenge.
    Term,
    /// A text of the report.
    ReportText,
    /// The network's name.
    Network,
}

/// What happened.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum ActionDoc {
    /// New.
    Created,
    /// Changed.
    Changed,
    /// Removed.
    Deleted,
    /// Replaced as a whole by an import.
    Replaced,
    /// Put back to an earlier state.
    Restored,
    /// Merged into another term.
    Merged,
}

/// A page of history, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryDoc {
    /// The entries.
    #[schema(value_type = Vec<EntryDoc>)]
    pub entries: Vec<Value>,
    /// Whether older entries follow: ask again with `before` = the last
    /// entry's `id`.
    pub more: bool,
}

/// A session's history, with its version now (for a restore).
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionHistoryDoc {
    /// The session's index.
    pub index: usize,
    /// Its uid.
    pub uid: String,
    /// Its version now: send it with a restore.
    pub version: i64,
    /// The entries, newest first.
    #[schema(value_type = Vec<EntryDoc>)]
    pub entries: Vec<Value>,
    /// Whether older entries follow.
    pub more: bool,
}

/// A restore: the version of the session it is based on, and which state
/// of the entry.
#[derive(Debug, Deserialize, ToSchema)]
pub struct RestoreRequest {
    /// The session's version now (from getSessionHistory or getInitiative).
    pub version: i64,
    /// `after` (the default): the state the change left, "restore this
    /// version"; `before`: the state before it (for the oldest entry, the
    /// version the history starts from).
    #[serde(default)]
    #[schema(value_type = Option<SideDoc>)]
    pub state: Option<Side>,
}

/// Which state of an entry.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
pub enum SideDoc {
    /// What the change left.
    After,
    /// What was there before it.
    Before,
}

/// A restored session.
#[derive(Debug, Serialize, ToSchema)]
pub struct RestoredSession {
    /// Its index.
    pub index: usize,
    /// Its version now.
    pub version: i64,
}

fn entry_json(e: &Entry, lang: Lang) -> Value {
    let doc = |d: &Option<String>| {
        d.as_deref()
            .and_then(|s| serde_json::from_str::<Value>(s).ok())
            .unwrap_or(Value::Null)
    };
    let mut v = json!({
        "id": e.id,
        "at": e.at,
        "actor": e.actor,
        "via": e.via,
        "record": e.record,
        "action": e.action,
        "before": doc(&e.before),
        "after": doc(&e.after),
        "changes": changes(e, lang),
    });
    for (key, value) in [
        ("initiative_id", e.initiative_id.clone().map(Value::from)),
        ("session_uid", e.session_uid.clone().map(Value::from)),
        ("restored_from", e.restored_from.map(Value::from)),
    ] {
        if let Some(value) = value {
            v[key] = value;
        }
    }
    v
}

fn entries(page: &HistoryPage, lang: Lang) -> Vec<Value> {
    page.entries.iter().map(|e| entry_json(e, lang)).collect()
}

/// A reader of the history: a researcher or admin, of an initiative that
/// exists.
async fn check(state: &AppState, viewer: &Viewer, id: &str, lang: Lang) -> Result<(), Response> {
    if !viewer.can_edit() {
        return Err(AppError::Forbidden.json(lang));
    }
    let snapshot = state
        .snapshot
        .get(&state.store)
        .await
        .map_err(|e| AppError::from(e).json(lang))?;
    match snapshot.initiative(viewer, id) {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound.json(lang)),
    }
}

/// `GET /api/initiatives/{id}/history`.
#[utoipa::path(
    get,
    path = "/api/initiatives/{id}/history",
    tag = "history",
    operation_id = "getInitiativeHistory",
    summary = "The changes of an initiative and all its sessions, newest first.",
    description = "Allowed for: researcher, admin. Each entry: who, when, through what, the record before and after, and the changes in words.",
    params(InitiativeId, PageQuery),
    responses(
        (status = 200, description = "A page of entries.", body = HistoryDoc),
        (status = 400, description = "`before` or `limit` is not a number, or `limit` is outside 1 to 200.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not read the history (reader, initiative contact).", body = ErrorBody),
        (status = 404, description = "No initiative has this id.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn initiative_history(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(InitiativeId { id }): ApiPath<InitiativeId>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Response {
    let result = async {
        check(&state, &viewer, &id, lang).await?;
        let limit = q.limit(lang)?;
        let page = state
            .store
            .initiative_history(&id, q.before, limit)
            .await
            .map_err(|e| AppError::from(e).json(lang))?;
        Ok::<_, Response>(
            Json(HistoryDoc {
                entries: entries(&page, lang),
                more: page.more,
            })
            .into_response(),
        )
    };
    result.await.unwrap_or_else(|r| r)
}

/// `GET /api/initiatives/{id}/sessions/{n}/history`.
#[utoipa::path(
    get,
    path = "/api/initiatives/{id}/sessions/{n}/history",
    tag = "history",
    operation_id = "getSessionHistory",
    summary = "The changes of one session, newest first, with its version now.",
    description = "Allowed for: researcher, admin. The session is followed by its uid, so its history stays with it when a session before it is removed.",
    params(SessionPath, PageQuery),
    responses(
        (status = 200, description = "A page of entries.", body = SessionHistoryDoc),
        (status = 400, description = "`n`, `before` or `limit` is not a number, or `limit` is outside 1 to 200.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not read the history (reader, initiative contact).", body = ErrorBody),
        (status = 404, description = "No initiative has this id, or it has no session `n`.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn session_history(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(SessionPath { id, n }): ApiPath<SessionPath>,
    ApiQuery(q): ApiQuery<PageQuery>,
) -> Response {
    let result = async {
        check(&state, &viewer, &id, lang).await?;
        let limit = q.limit(lang)?;
        let fail = |e: uti_store::StoreError| AppError::from(e).json(lang);
        let current = state
            .store
            .session_state(&id, n)
            .await
            .map_err(fail)?
            .ok_or_else(|| AppError::NotFound.json(lang))?;
        let page = state
            .store
            .session_history(&current.uid, q.before, limit)
            .await
            .map_err(fail)?;
        Ok::<_, Response>(
            Json(SessionHistoryDoc {
                index: n,
                uid: current.uid,
                version: current.version,
                entries: entries(&page, lang),
                more: page.more,
            })
            .into_response(),
        )
    };
    result.await.unwrap_or_else(|r| r)
}

/// `POST /api/initiatives/{id}/sessions/{n}/history/{entry}/restore`.
#[utoipa::path(
    post,
    path = "/api/initiatives/{id}/sessions/{n}/history/{entry}/restore",
    tag = "history",
    operation_id = "restoreSession",
    summary = "Puts a session back to the state a change of its history left it in.",
    description = "Allowed for: researcher, admin. The state after entry `entry` (or before it, with `state: before`) becomes the session, if the session is still at `version`; the restore is itself a change in the history (action `restored`).",
    params(EntryPath),
    request_body(content = RestoreRequest, description = "The session's version now.", content_type = "application/json"),
    responses(
        (status = 200, description = "Restored: the session's index and new version.", body = RestoredSession),
        (status = 400, description = "Not JSON, not `{\"version\": N}`, a path value that is not a number, or the earlier state names a theme or challenge that no longer exists (`errors`).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such initiative or session, or the entry is not a state of this session.", body = ErrorBody),
        (status = 409, description = "The session changed since `version`: `current` is the stored session, `version` its version.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn restore(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(EntryPath { id, n, entry }): ApiPath<EntryPath>,
    ApiJson(body): ApiJson<RestoreRequest>,
) -> Response {
    let restored = state
        .store
        .restore_session(
            &id,
            n,
            entry,
            body.state.unwrap_or(Side::After),
            body.version,
            &viewer.actor(Via::Api),
        )
        .await;
    match restored {
        Err(e) => AppError::from(e).json(lang),
        Ok(Restored::Done { version }) => Json(RestoredSession { index: n, version }).into_response(),
        Ok(Restored::NotFound) => AppError::NotFound.json(lang),
        Ok(Restored::Stale {
            current: (session, version),
        }) => (
            StatusCode::CONFLICT,
            Json(json!({"error": {
                "status": 409,
                "message": lang.pick(
                    "Niet teruggezet: iemand anders heeft deze sessie intussen gewijzigd. Bekijk `current` en de geschiedenis, en stuur zo nodig opnieuw met de nieuwe versie.",
                    "Not restored: someone else changed this session in the meantime. See `current` and the history, and send again with the new version if needed.",
                ),
                "current": session,
                "version": version,
            }})),
        )
            .into_response(),
        Ok(Restored::Invalid(errors)) => {
            let rows: Vec<Value> = errors
                .errors
                .iter()
                .map(|e| json!({"place": e.place.to_string(), "message": e.problem.message(lang)}))
                .collect();
            (
                StatusCode::BAD_REQUEST,
                Json(json!({"error": {
                    "status": 400,
                    "message": lang.pick(
                        "Niet teruggezet: deze versie voldoet niet meer aan de regels (een thema of uitdaging die ze noemt bestaat niet meer).",
                        "Not restored: this version no longer meets the rules (a theme or challenge it names no longer exists).",
                    ),
                    "errors": rows,
                    "more": errors.more,
                }})),
            )
                .into_response()
        }
    }
}
