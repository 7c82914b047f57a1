//! The API's reads of initiatives and the comparison of two sessions.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::dataset_schema::InitiativeDoc;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiPath, ApiQuery};
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::json;
use utoipa::{IntoParams, ToSchema};

/// The `{id}` of an initiative in a path.
#[derive(Debug, serde::Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InitiativeId {
    /// The initiative's id (a slug).
    #[param(
        example = "zorgpioniers",
        pattern = "^[a-z0-9]+(-[a-z0-9]+)*$",
        max_length = 64
    )]
    pub id: String,
}

/// One initiative in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct InitiativeEntry {
    /// Its id.
    #[schema(example = "zorgpioniers")]
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many sessions the asker may read.
    pub sessions: usize,
}

/// `GET /api/initiatives`.
#[utoipa::path(
    get,
    path = "/api/initiatives",
    tag = "initiatives",
    operation_id = "listInitiatives",
    summary = "Every initiative: id, name and number of sessions, sorted by name.",
    description = "Allowed for: every role.",
    responses(
        (status = 200, description = "The initiatives.", body = Vec<InitiativeEntry>),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn initiatives(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::Store(e).json(lang),
    };
    let mut list: Vec<&uti_core::model::Initiative> = snapshot
        .readable(&viewer)
        .dataset
        .initiatives()
        .iter()
        .collect();
    list.sort_by(|a, b| (&a.name, a.id.as_str()).cmp(&(&b.name, b.id.as_str())));
    Json(
        list.into_iter()
            .map(|i| InitiativeEntry {
                id: i.id.to_string(),
                name: i.name.clone(),
                sessions: snapshot
                    .initiative(&viewer, i.id.as_str())
                    .map_or(0, |i| i.sessions().len()),
            })
            .collect::<Vec<_>>(),
    )
    .into_response()
}

/// One initiative as `GET /api/initiatives/{id}` answers.
#[derive(Debug, ToSchema)]
pub struct StoredInitiative {
    /// The initiative in the dataset format, with its sessions (an
    /// initiative contact of another initiative reads no drafts).
    pub initiative: InitiativeDoc,
    /// The initiative's version, for `updateInitiative`.
    pub version: i64,
    /// The version of each session, in the order of `initiative.sessions`,
    /// for `updateSession` and `deleteSession`.
    pub session_versions: Vec<i64>,
}

/// `GET /api/initiatives/{id}`.
#[utoipa::path(
    get,
    path = "/api/initiatives/{id}",
    tag = "initiatives",
    operation_id = "getInitiative",
    summary = "One initiative in the dataset format (uti-dataset/1), with the version of the initiative and of each session.",
    description = "Allowed for: every role.",
    params(InitiativeId),
    responses(
        (status = 200, description = "The initiative.", body = StoredInitiative),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No initiative has this id.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(InitiativeId { id }): ApiPath<InitiativeId>,
) -> Response {
    match state.store.initiative(&id).await {
        Ok(Some(mut stored)) => {
            if !viewer.sees_drafts_of(&id) {
                stored.drop_drafts();
            }
            Json(json!({
            "initiative": stored.initiative,
            "version": stored.version,
            "session_versions": stored.session_versions,
            }))
            .into_response()
        }
        Ok(None) => AppError::NotFound.json(lang),
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// The query of the comparison.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CompareParams {
    /// The first session: its index in the initiative's list of sessions
    /// (from 0), as in getInitiative. Absent or empty: the intended
    /// design.
    #[param(pattern = "^[0-9]*$", example = "0")]
    pub a: Option<String>,
    /// The second session, likewise. Absent or empty: the latest design in
    /// action.
    #[param(pattern = "^[0-9]*$", example = "1")]
    pub b: Option<String>,
}

/// Two sets of things in two sessions.
#[derive(Debug, ToSchema)]
pub struct DiffDoc {
    /// In B, not in A.
    pub added: Vec<String>,
    /// In A, not in B.
    pub dropped: Vec<String>,
    /// In both.
    pub kept: Vec<String>,
}

/// The comparison of two sessions, as `compareSessions` answers.
#[derive(Debug, ToSchema)]
pub struct SessionComparisonDoc {
    /// The initiative's id.
    pub initiative: String,
    /// The index of session A.
    pub a: usize,
    /// The index of session B.
    pub b: usize,
    /// Both sessions: `{"a": {"date", "kind", "has_plot"}, "b": {...}}`.
    #[schema(value_type = Object)]
    pub sessions: serde_json::Value,
    /// Per LLO type: `{"type", "a", "b", "change"}` (scores, `null`
    /// without a plot).
    #[schema(value_type = Vec<Object>)]
    pub scores: Vec<serde_json::Value>,
    /// Workplace learning in both: `{"a", "b"}`.
    #[schema(value_type = Object)]
    pub werkplekleren: serde_json::Value,
    /// Per level: `{"level", "chains": {"a", "b"}, "interventions",
    /// "mechanisms", "outcomes", "themes", "challenges"}`, each of the
    /// last a [`DiffDoc`].
    #[schema(value_type = Vec<Object>)]
    pub levels: Vec<serde_json::Value>,
}

/// `GET /api/initiatives/{id}/compare`.
#[utoipa::path(
    get,
    path = "/api/initiatives/{id}/compare",
    tag = "initiatives",
    operation_id = "compareSessions",
    summary = "Two sessions of one initiative side by side.",
    description = "Allowed for: every role. The score of each LLO type in both and its change, workplace learning, and per level the interventions, mechanisms, outcomes, themes and challenges added, dropped and kept. By default the intended design and the latest design in action.",
    params(InitiativeId, CompareParams),
    responses(
        (status = 200, description = "The comparison.", body = SessionComparisonDoc),
        (status = 400, description = "`a` or `b` is not a number.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No initiative has this id, or `a` or `b` names no session of it.", body = ErrorBody),
        (status = 409, description = "The initiative has fewer than two sessions.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn compare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(InitiativeId { id }): ApiPath<InitiativeId>,
    ApiQuery(query): ApiQuery<crate::initiatives::compare::CompareQuery>,
) -> Response {
    match crate::initiatives::compare::api_body(&state, &viewer, &id, &query, lang).await {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.json(lang),
    }
}
