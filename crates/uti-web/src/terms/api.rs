//! The API of themes and challenges (`/api/terms`).

use crate::kernel::AppState;
use crate::kernel::auth::{Viewer, csrf_header};
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use uti_store::terms::check_term;
use uti_store::{StoreError, StoredTerm, TermError};

use super::pages::{api_kind, app_error, readable, readable_lists};

// ---------------------------------------------------------------- API ---

/// A stored term as JSON; with every chain that names it when `uses`.
fn term_json(s: &StoredTerm, uses: bool) -> Value {
    let mut out = json!({
        "kind": s.kind.as_str(),
        "term": s.term,
        "version": s.version,
        "chains": s.chains(),
        "initiatives": s.initiatives().iter().map(|(id, name)| json!({"id": id, "name": name})).collect::<Vec<_>>(),
    });
    if uses {
        out["uses"] = s
            .uses
            .iter()
            .map(|u| {
                json!({
                    "initiative": {"id": u.initiative_id, "name": u.initiative_name},
                    "date": u.date,
                    "session_kind": u.session_kind,
                    "level": u.level,
                })
            })
            .collect();
    }
    out
}

/// `GET /api/terms`.
pub async fn api_list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    match state.store.term_lists().await {
        Ok(mut lists) => {
            readable_lists(&viewer, &mut lists);
            Json(json!({
                "themes": lists.themes.iter().map(|s| term_json(s, false)).collect::<Vec<_>>(),
                "challenges": lists.challenges.iter().map(|s| term_json(s, false)).collect::<Vec<_>>(),
            }))
            .into_response()
        }
        Err(e) => app_error(e, lang).json(lang),
    }
}

/// `GET /api/terms/{kind}/{id}`.
pub async fn api_get(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    match state.store.term(kind, &id).await {
        Ok(Some(mut s)) => {
            readable(&viewer, &mut s);
            Json(term_json(&s, true)).into_response()
        }
        Ok(None) => AppError::NotFound.json(lang),
        Err(e) => app_error(e, lang).json(lang),
    }
}

/// `POST /api/terms/{kind}`: body a term `{id, name, description?, sources?}`.
pub async fn api_create(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path(kind): Path<String>,
    body: Bytes,
) -> Response {
    if let Err(e) = viewer.authorize_change(csrf_header(&headers)) {
        return AppError::from(e).json(lang);
    }
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    let result = async {
        let term = check_term(&crate::kernel::json::json_body(&body, lang)?)
            .map_err(|e| app_error(e.into(), lang))?;
        let id = term.id.to_string();
        state
            .store
            .create_term(kind, term)
            .await
            .map_err(|e| app_error(e, lang))?;
        let stored = state
            .store
            .term(kind, &id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok::<_, AppError>(
            (
                StatusCode::CREATED,
                [(
                    header::LOCATION,
                    format!("/api/terms/{}/{id}", kind.as_str()),
                )],
                Json(term_json(&stored, true)),
            )
                .into_response(),
        )
    };
    result.await.unwrap_or_else(|e| e.json(lang))
}

/// `PUT /api/terms/{kind}/{id}`: body `{"version": N, "term": {...}}`.
pub async fn api_update(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path((kind, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(e) = viewer.authorize_change(csrf_header(&headers)) {
        return AppError::from(e).json(lang);
    }
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    let result = async {
        let bad = |nl: &str, en: &str| AppError::BadRequest(lang.pick(nl, en).to_owned());
        let Value::Object(mut wrapper) = crate::kernel::json::json_body(&body, lang)? else {
            return Err(bad(
                "Verwacht een object {\"version\": ..., \"term\": {...}}.",
                "Expected an object {\"version\": ..., \"term\": {...}}.",
            ));
        };
        if let Some(key) = wrapper
            .keys()
            .find(|k| !matches!(k.as_str(), "version" | "term"))
        {
            return Err(AppError::BadRequest(format!(
                "{} `{key}`; {}",
                lang.pick("Onbekende sleutel", "Unknown key"),
                lang.pick(
                    "toegestaan zijn `version` en `term`",
                    "allowed are `version` and `term`"
                )
            )));
        }
        let Some(version) = wrapper.get("version").and_then(Value::as_i64) else {
            return Err(bad(
                "`version` ontbreekt of is geen geheel getal: geef de versie waarvan de wijziging uitgaat.",
                "`version` is missing or not an integer: give the version the change starts from.",
            ));
        };
        let Some(Value::Object(mut term)) = wrapper.remove("term") else {
            return Err(bad(
                "`term` ontbreekt of is geen object {id?, name, description?, sources?}.",
                "`term` is missing or not an object {id?, name, description?, sources?}.",
            ));
        };
        match term.get("id") {
            None => {
                term.insert("id".into(), json!(id));
            }
            Some(Value::String(given)) if *given == id => {}
            Some(_) => {
                return Err(bad(
                    "De id kan niet veranderen; `term.id` moet gelijk zijn aan de id in het pad (of weglaten).",
                    "The id cannot change; `term.id` must equal the id in the path (or be left out).",
                ));
            }
        }
        let term = check_term(&Value::Object(term)).map_err(|e| app_error(e.into(), lang))?;
        let version = state
            .store
            .update_term(kind, term.clone(), version)
            .await
            .map_err(|e| app_error(e, lang))?;
        Ok(Json(json!({"kind": kind.as_str(), "term": term, "version": version})).into_response())
    };
    result.await.unwrap_or_else(|e| e.json(lang))
}

/// `POST /api/terms/{kind}/{id}/merge`: body `{"into": "other-id"}`.
pub async fn api_merge(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path((kind, id)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    if let Err(e) = viewer.authorize_change(csrf_header(&headers)) {
        return AppError::from(e).json(lang);
    }
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    let result = async {
        let value = crate::kernel::json::json_body(&body, lang)?;
        let into = match value.as_object().map(|o| (o.len(), o.get("into"))) {
            Some((1, Some(Value::String(into)))) => into.clone(),
            _ => {
                return Err(AppError::BadRequest(
                    lang.pick(
                        "Verwacht {\"into\": \"id\"}: de id van de term die blijft.",
                        "Expected {\"into\": \"id\"}: the id of the term that remains.",
                    )
                    .into(),
                ));
            }
        };
        match state.store.merge_terms(kind, &id, &into).await {
            Ok(summary) => Ok(Json(json!({
                "kind": kind.as_str(),
                "into": summary.into,
                "version": summary.version,
                "chains": summary.chains,
                "sessions": summary.sessions,
            }))
            .into_response()),
            // The term of the path is unknown: 404; the one named in the body: bad input.
            Err(StoreError::Term(TermError::Unknown { id: missing, .. })) if missing == id => {
                Err(AppError::NotFound)
            }
            Err(StoreError::Term(e @ TermError::Unknown { .. })) => {
                Err(AppError::BadRequest(e.message(lang)))
            }
            Err(e) => Err(app_error(e, lang)),
        }
    };
    result.await.unwrap_or_else(|e| e.json(lang))
}

/// `DELETE /api/terms/{kind}/{id}`: only a term no chain names.
pub async fn api_delete(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    headers: HeaderMap,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    if let Err(e) = viewer.authorize_change(csrf_header(&headers)) {
        return AppError::from(e).json(lang);
    }
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    match state.store.delete_term(kind, &id).await {
        Ok(()) => Json(json!({"deleted": {"kind": kind.as_str(), "id": id}})).into_response(),
        Err(e) => app_error(e, lang).json(lang),
    }
}
