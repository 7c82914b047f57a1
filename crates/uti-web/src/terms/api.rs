//! The API of themes and challenges (`/api/terms`).

use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::dataset_schema::{SlugDoc, TermDoc};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use uti_store::terms::check_term;
use uti_store::{StoreError, StoredTerm, TermError, Via};
use utoipa::{IntoParams, ToSchema};

use super::pages::{api_kind, app_error, readable, readable_lists};

// ---------------------------------------------------------------- API ---

/// `theme` or `challenge` (the Dutch words of the pages, `thema` and
/// `uitdaging`, are read too).
#[derive(Debug, ToSchema)]
#[schema(rename_all = "lowercase", example = "theme")]
pub enum KindParam {
    /// A theme.
    Theme,
    /// A shared challenge.
    Challenge,
    /// A theme (the page's word).
    Thema,
    /// A shared challenge (the page's word).
    Uitdaging,
}

/// The `{kind}` of a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct KindPath {
    /// `theme` or `challenge`.
    #[param(value_type = KindParam)]
    pub kind: String,
}

/// The `{kind}/{id}` of a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct TermPath {
    /// `theme` or `challenge`.
    #[param(value_type = KindParam)]
    pub kind: String,
    /// The theme's or challenge's id (a slug).
    #[param(value_type = SlugDoc, example = "samenwerking")]
    pub id: String,
}

/// An initiative named by its id and name.
#[derive(Debug, ToSchema)]
pub struct NamedInitiative {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// A chain that names a term.
#[derive(Debug, ToSchema)]
pub struct TermUseDoc {
    /// The chain's initiative.
    pub initiative: NamedInitiative,
    /// The session's date.
    #[schema(format = Date)]
    pub date: String,
    /// The session's kind.
    pub session_kind: String,
    /// The chain's level.
    pub level: String,
}

/// A stored theme or challenge with its usage.
#[derive(Debug, ToSchema)]
pub struct StoredTermDoc {
    /// `theme` or `challenge`.
    pub kind: String,
    /// The term in the dataset format.
    pub term: TermDoc,
    /// Its version, for updateTerm.
    pub version: i64,
    /// How many chains name it.
    pub chains: u64,
    /// The initiatives of those chains.
    pub initiatives: Vec<NamedInitiative>,
    /// getTerm and createTerm: every chain that names it.
    #[schema(nullable = false)]
    pub uses: Option<Vec<TermUseDoc>>,
}

/// Both lists.
#[derive(Debug, ToSchema)]
pub struct TermListsDoc {
    /// The themes.
    pub themes: Vec<StoredTermDoc>,
    /// The shared challenges.
    pub challenges: Vec<StoredTermDoc>,
}

/// A term's fields for a change; its id is the path's (it may be given,
/// and then must be the path's).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermFieldsDoc {
    /// The name, not empty.
    #[schema(value_type = crate::kernel::dataset_schema::NonBlank)]
    pub name: String,
    /// What it means.
    pub description: Option<String>,
    /// Literature references.
    pub sources: Option<Vec<String>>,
}

/// The body of updateTerm.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermChangeDoc {
    /// The version the change starts from (from listTerms or getTerm).
    pub version: i64,
    /// The term.
    pub term: TermFieldsDoc,
}

/// A changed term.
#[derive(Debug, ToSchema)]
pub struct ChangedTermDoc {
    /// `theme` or `challenge`.
    pub kind: String,
    /// The term as stored now.
    pub term: TermDoc,
    /// Its new version.
    pub version: i64,
}

/// The body of mergeTerm.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeDoc {
    /// The id of the term that remains: another of the same kind.
    #[schema(value_type = SlugDoc)]
    pub into: String,
}

/// What a merge did.
#[derive(Debug, ToSchema)]
pub struct MergedDoc {
    /// `theme` or `challenge`.
    pub kind: String,
    /// The term that remains, with the sources joined.
    pub into: TermDoc,
    /// Its new version.
    pub version: i64,
    /// Chains whose reference moved.
    pub chains: u64,
    /// Sessions rewritten.
    pub sessions: u64,
}

/// What a deletion did.
#[derive(Debug, ToSchema)]
pub struct DeletedDoc {
    /// `{"kind", "id"}` of the deleted term.
    pub deleted: DeletedTerm,
}

/// The deleted term.
#[derive(Debug, ToSchema)]
pub struct DeletedTerm {
    /// `theme` or `challenge`.
    pub kind: String,
    /// Its id.
    pub id: String,
}

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
#[utoipa::path(
    get,
    path = "/api/terms",
    tag = "terms",
    operation_id = "listTerms",
    summary = "Themes and shared challenges: each with its version, the number of chains that name it and those chains' initiatives.",
    description = "Allowed for: every role.",
    responses(
        (status = 200, description = "Both lists.", body = TermListsDoc),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    match super::usage::term_lists(&state).await {
        Ok(mut lists) => {
            readable_lists(&viewer, &mut lists);
            Json(json!({
                "themes": lists.themes.iter().map(|s| term_json(s, false)).collect::<Vec<_>>(),
                "challenges": lists.challenges.iter().map(|s| term_json(s, false)).collect::<Vec<_>>(),
            }))
            .into_response()
        }
        Err(e) => e.json(lang),
    }
}

/// `GET /api/terms/{kind}/{id}`.
#[utoipa::path(
    get,
    path = "/api/terms/{kind}/{id}",
    tag = "terms",
    operation_id = "getTerm",
    summary = "One theme or challenge with its version and every chain that names it (initiative, session date and kind, level).",
    description = "Allowed for: every role.",
    params(TermPath),
    responses(
        (status = 200, description = "The term.", body = StoredTermDoc),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No such kind, or no term of it has this id.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn api_get(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(TermPath { kind, id }): ApiPath<TermPath>,
) -> Response {
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    match super::usage::term(&state, kind, &id).await {
        Ok(Some(mut s)) => {
            readable(&viewer, &mut s);
            Json(term_json(&s, true)).into_response()
        }
        Ok(None) => AppError::NotFound.json(lang),
        Err(e) => e.json(lang),
    }
}

/// `POST /api/terms/{kind}`: body a term `{id, name, description?, sources?}`.
#[utoipa::path(
    post,
    path = "/api/terms/{kind}",
    tag = "terms",
    operation_id = "createTerm",
    summary = "Adds a theme or challenge at the end of its list.",
    description = "Allowed for: researcher, admin.",
    params(KindPath),
    request_body(content = TermDoc, description = "A term as in the dataset format.", content_type = "application/json"),
    responses(
        (status = 201, description = "Added: the stored term; `Location` is its address.", body = StoredTermDoc,
            headers(("Location" = String, description = "The term's address in the API."))),
        (status = 400, description = "Not JSON, or the term breaks the dataset rules (same messages as an import).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such kind.", body = ErrorBody),
        (status = 409, description = "A term of this kind has this id.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_create(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(KindPath { kind }): ApiPath<KindPath>,
    ApiJson(body): ApiJson<Value>,
) -> Response {
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    let result = async {
        let term = check_term(&body).map_err(|e| app_error(e.into(), lang))?;
        let id = term.id.to_string();
        state
            .store
            .create_term(kind, term, &viewer.actor(Via::Api))
            .await
            .map_err(|e| app_error(e, lang))?;
        // A new term: no chain can name it yet.
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
#[utoipa::path(
    put,
    path = "/api/terms/{kind}/{id}",
    tag = "terms",
    operation_id = "updateTerm",
    summary = "Changes a term's name, description and sources; the id stays.",
    description = "Allowed for: researcher, admin.",
    params(TermPath),
    request_body(content = TermChangeDoc, description = "The version the change starts from and the term (its id may be left out).", content_type = "application/json"),
    responses(
        (status = 200, description = "Saved.", body = ChangedTermDoc),
        (status = 400, description = "Not JSON, not `{\"version\": N, \"term\": {...}}`, another id, or the term breaks the dataset rules.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such kind, or no term of it has this id.", body = ErrorBody),
        (status = 409, description = "The version sent is not the stored one; the message names what is stored now.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_update(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(TermPath { kind, id }): ApiPath<TermPath>,
    ApiJson(body): ApiJson<Value>,
) -> Response {
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    let result = async {
        let bad = |nl: &str, en: &str| AppError::BadRequest(lang.pick(nl, en).to_owned());
        let Value::Object(mut wrapper) = body else {
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
            .update_term(kind, term.clone(), version, &viewer.actor(Via::Api))
            .await
            .map_err(|e| app_error(e, lang))?;
        Ok(Json(json!({"kind": kind.as_str(), "term": term, "version": version})).into_response())
    };
    result.await.unwrap_or_else(|e| e.json(lang))
}

/// `POST /api/terms/{kind}/{id}/merge`: body `{"into": "other-id"}`.
#[utoipa::path(
    post,
    path = "/api/terms/{kind}/{id}/merge",
    tag = "terms",
    operation_id = "mergeTerm",
    summary = "Merges this term into another of the same kind in one transaction.",
    description = "Allowed for: researcher, admin. Every chain that names it names the other instead (once, order kept), its sources are added, and it is deleted.",
    params(TermPath),
    request_body(content = MergeDoc, description = "The id of the term that remains.", content_type = "application/json"),
    responses(
        (status = 200, description = "Merged.", body = MergedDoc),
        (status = 400, description = "Not JSON, not `{\"into\": \"id\"}`, `into` is this term or no term of this kind.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such kind, or no term of it has this id.", body = ErrorBody),
        (status = 409, description = "Another change was under way; try again.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_merge(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(TermPath { kind, id }): ApiPath<TermPath>,
    ApiJson(value): ApiJson<Value>,
) -> Response {
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    let result = async {
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
        // The term of the path first: an unknown one is a 404, whatever
        // the body names.
        if state.store.term(kind, &id).await?.is_none() {
            return Err(AppError::NotFound);
        }
        match state
            .store
            .merge_terms(kind, &id, &into, &viewer.actor(Via::Api))
            .await
        {
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
#[utoipa::path(
    delete,
    path = "/api/terms/{kind}/{id}",
    tag = "terms",
    operation_id = "deleteTerm",
    summary = "Deletes a term that no chain names.",
    description = "Allowed for: researcher, admin. A term that chains still name is merged instead (mergeTerm).",
    params(TermPath),
    responses(
        (status = 200, description = "Deleted.", body = DeletedDoc),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such kind, or no term of it has this id.", body = ErrorBody),
        (status = 409, description = "Chains still name it (merge it instead).", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_delete(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(TermPath { kind, id }): ApiPath<TermPath>,
) -> Response {
    let Some(kind) = api_kind(&kind) else {
        return AppError::NotFound.json(lang);
    };
    match state
        .store
        .delete_term(kind, &id, &viewer.actor(Via::Api))
        .await
    {
        Ok(()) => Json(json!({"deleted": {"kind": kind.as_str(), "id": id}})).into_response(),
        Err(e) => app_error(e, lang).json(lang),
    }
}
