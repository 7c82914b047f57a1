//! The API's reads of initiatives and the comparison of two sessions.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// `GET /api/initiatives`.
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
            .map(|i| {
                let sessions = snapshot
                    .initiative(&viewer, i.id.as_str())
                    .map_or(0, |i| i.sessions().len());
                json!({"id": i.id.as_str(), "name": i.name, "sessions": sessions})
            })
            .collect::<Vec<_>>(),
    )
    .into_response()
}

/// `GET /api/initiatives/{id}`.
pub async fn initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
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

/// `GET /api/initiatives/{id}/compare`.
pub async fn compare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<crate::initiatives::compare::CompareQuery>,
) -> Response {
    match crate::initiatives::compare::api_body(&state, &viewer, &id, &query, lang).await {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.json(lang),
    }
}
