//! Relations between initiatives, entered by researchers: the list and
//! the form on `/initiatieven/{id}/landschap` (`POST
//! /initiatieven/{id}/relaties`, `.../relaties/verwijderen`) and the same
//! in the API (`POST /api/landscape/relations`, `DELETE
//! /api/landscape/relations/{from}/{kind}/{to}`). Every change is checked
//! on the server: role, CSRF token, both initiatives stored, not the same,
//! not there already.

use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::dataset_schema::RelationDoc;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{Chrome, csrf_field};
use axum::Form;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;
use serde_json::json;
use uti_core::Lang;
use uti_core::model::{Dataset, Relation, RelationKind};
use uti_core::values::Slug;
use uti_store::{LandscapeError, StoreError, Via};
use utoipa::IntoParams;

/// What the relation form sent, kept to show it again with its problem.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RelationForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The kind (`werkt-samen-met`, ...).
    #[serde(default)]
    pub soort: String,
    /// The other initiative: its id or its name.
    #[serde(default)]
    pub naar: String,
    /// Why or how.
    #[serde(default)]
    pub notitie: String,
}

/// The remove button's form.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RemoveForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The relation's key.
    #[serde(default)]
    pub sleutel: String,
}

/// The relation form's state on the page: what was sent and what was wrong.
#[derive(Debug, Default)]
pub struct FormState {
    /// The input, kept.
    pub input: RelationForm,
    /// The problem, in the page's language.
    pub problem: Option<String>,
}

/// The other initiative named in the form: an id, or a name that only
/// one initiative has (without case).
pub fn resolve<'a>(dataset: &'a Dataset, text: &str, lang: Lang) -> Result<&'a str, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(lang
            .pick(
                "Vul het andere initiatief in: de naam of de id.",
                "Fill in the other initiative: its name or id.",
            )
            .into());
    }
    if let Some(i) = dataset.initiatives().iter().find(|i| i.id.as_str() == text) {
        return Ok(i.id.as_str());
    }
    let lower = text.to_lowercase();
    let named: Vec<&str> = dataset
        .initiatives()
        .iter()
        .filter(|i| i.name.trim().to_lowercase() == lower)
        .map(|i| i.id.as_str())
        .take(2)
        .collect();
    match named.as_slice() {
        [one] => Ok(one),
        [] => Err(match lang {
            Lang::Nl => format!("Er is geen initiatief met de naam of id ‘{text}’."),
            Lang::En => format!("There is no initiative with the name or id ‘{text}’."),
        }),
        _ => Err(match lang {
            Lang::Nl => format!("Meer dan één initiatief heet ‘{text}’; vul de id in."),
            Lang::En => format!("More than one initiative is called ‘{text}’; fill in the id."),
        }),
    }
}

/// The relations of one initiative (from and to it), with a remove
/// button each and the form to add one for those who may change data.
pub fn section(dataset: &Dataset, id: &str, chrome: &Chrome, form: &FormState) -> Markup {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let can_edit = chrome.viewer.as_ref().is_some_and(|v| v.can_edit());
    let name_of = |other: &str| {
        dataset
            .initiatives()
            .iter()
            .find(|i| i.id.as_str() == other)
            .map_or(other.to_owned(), |i| i.name.clone())
    };
    let mine: Vec<&Relation> = dataset
        .relations()
        .iter()
        .filter(|r| r.from.as_str() == id || r.to.as_str() == id)
        .collect();
    let action = format!("/initiatieven/{id}/relaties");
    html! {
        section aria-labelledby="relaties" {
            h2 id="relaties" { (t("Relaties met andere initiatieven", "Relations with other initiatives")) }
            @if mine.is_empty() {
                p.empty { (t("Nog geen relaties vastgelegd.", "No relations recorded yet.")) }
            } @else {
                ul.relations {
                    @for r in &mine {
                        li {
                            @if r.from.as_str() == id {
                                (super::page::relation_words(r.kind, lang)) " "
                                a href=(format!("/initiatieven/{}", r.to)) { (name_of(r.to.as_str())) }
                            } @else {
                                a href=(format!("/initiatieven/{}", r.from)) { (name_of(r.from.as_str())) }
                                " " (super::page::relation_words(r.kind, lang)) " " (t("dit initiatief", "this initiative"))
                            }
                            @if let Some(note) = &r.note { span.hint { " — " (note) } }
                            @if can_edit {
                                form.inline method="post" action=(format!("{action}/verwijderen")) {
                                    (csrf_field(chrome))
                                    input type="hidden" name="sleutel" value=(r.key());
                                    button.secondary type="submit" { (t("Verwijderen", "Remove")) }
                                }
                            }
                        }
                    }
                }
            }
            @if can_edit {
                h3 { (t("Relatie toevoegen", "Add a relation")) }
                @if let Some(problem) = &form.problem {
                    div.notice role="alert" id="relatie-fout" { (problem) }
                }
                form.relation-form method="post" action=(action) {
                    (csrf_field(chrome))
                    div.field {
                        label for="relatie-soort" { (t("Dit initiatief", "This initiative")) }
                        select id="relatie-soort" name="soort" {
                            @for kind in RelationKind::ALL.iter().copied() {
                                option value=(kind.as_str()) selected[form.input.soort == kind.as_str()] { (super::page::relation_words(kind, lang)) }
                            }
                        }
                    }
                    div.field {
                        label for="relatie-naar" { (t("Ander initiatief (naam of id)", "Other initiative (name or id)")) }
                        input id="relatie-naar" name="naar" type="text" required value=(form.input.naar)
                            aria-invalid=[form.problem.as_ref().map(|_| "true")]
                            aria-describedby=[form.problem.as_ref().map(|_| "relatie-fout")];
                    }
                    div.field {
                        label for="relatie-notitie" { (t("Toelichting (optioneel)", "Note (optional)")) }
                        textarea id="relatie-notitie" name="notitie" rows="2" { (form.input.notitie) }
                    }
                    button type="submit" { (t("Relatie toevoegen", "Add relation")) }
                }
            }
        }
    }
}

/// The note as typed, or none when it is blank.
pub fn note_of(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// How the store's refusal is answered.
pub fn refusal(e: StoreError, lang: Lang) -> AppError {
    match e {
        StoreError::Landscape(e @ LandscapeError::RelationExists(_)) => {
            AppError::Conflict(e.message(lang))
        }
        StoreError::Landscape(LandscapeError::UnknownRelation(_)) => AppError::NotFound,
        StoreError::Landscape(e) => AppError::BadRequest(e.message(lang)),
        other => AppError::Store(other),
    }
}

/// `POST /initiatieven/{id}/relaties/verwijderen`: removes one relation.
pub async fn remove(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<RemoveForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/landschap"));
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    match state
        .store
        .remove_relation(form.sleutel.trim(), &viewer.actor(Via::Web))
        .await
    {
        Ok(_) => Redirect::to(&format!("/initiatieven/{id}/landschap#relaties")).into_response(),
        Err(StoreError::Landscape(e @ LandscapeError::UnknownRelation(_))) => {
            AppError::Conflict(e.message(lang)).page(&chrome)
        }
        Err(e) => refusal(e, lang).page(&chrome),
    }
}

/// `POST /api/landscape/relations`.
#[utoipa::path(
    post,
    path = "/api/landscape/relations",
    tag = "landscape",
    operation_id = "addRelation",
    summary = "Adds a relation between two initiatives.",
    description = "Allowed for: researcher, admin. Both initiatives must be stored and differ; the same from, kind and to only once.",
    request_body = RelationDoc,
    responses(
        (status = 201, description = "Added; the relation as stored, with its key.", body = AddedRelationDoc),
        (status = 400, description = "Not a relation body (the message says where and what).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "`from` or `to` names no stored initiative.", body = ErrorBody),
        (status = 409, description = "An initiative related to itself, or this relation is there already.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_add(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiJson(doc): ApiJson<RelationDoc>,
) -> Response {
    let unknown = |id: &str| {
        super::api_refusal(
            StoreError::Landscape(LandscapeError::UnknownInitiative(id.to_owned())),
            lang,
        )
    };
    let (Ok(from), Ok(to)) = (Slug::parse(&doc.from), Slug::parse(&doc.to)) else {
        let bad = if Slug::parse(&doc.from).is_err() {
            &doc.from
        } else {
            &doc.to
        };
        return unknown(bad).json(lang);
    };
    let relation = Relation {
        from,
        to,
        kind: doc.kind.into(),
        note: doc.note.as_deref().and_then(note_of),
    };
    match state
        .store
        .add_relation(&relation, &viewer.actor(Via::Api))
        .await
    {
        Ok(()) => (
            StatusCode::CREATED,
            Json(json!({"key": relation.key(), "relation": relation})),
        )
            .into_response(),
        Err(e) => super::api_refusal(e, lang).json(lang),
    }
}

/// A relation just added.
#[derive(Debug, utoipa::ToSchema)]
pub struct AddedRelationDoc {
    /// `from>kind>to`: what identifies it.
    pub key: String,
    /// The relation as stored.
    pub relation: RelationDoc,
}

/// The relation in a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RelationPath {
    /// The initiative it starts from.
    #[param(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub from: String,
    /// The kind.
    #[param(value_type = crate::kernel::dataset_schema::RelationKindDoc)]
    pub kind: String,
    /// The initiative it points to.
    #[param(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub to: String,
}

/// `DELETE /api/landscape/relations/{from}/{kind}/{to}`.
#[utoipa::path(
    delete,
    path = "/api/landscape/relations/{from}/{kind}/{to}",
    tag = "landscape",
    operation_id = "removeRelation",
    summary = "Removes a relation between two initiatives.",
    description = "Allowed for: researcher, admin.",
    params(RelationPath),
    responses(
        (status = 200, description = "Removed; the relation as it was.", body = RemovedRelationDoc),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such relation.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_remove(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(RelationPath { from, kind, to }): ApiPath<RelationPath>,
) -> Response {
    match state
        .store
        .remove_relation(&format!("{from}>{kind}>{to}"), &viewer.actor(Via::Api))
        .await
    {
        Ok(relation) => Json(json!({"removed": relation})).into_response(),
        Err(e) => super::api_refusal(e, lang).json(lang),
    }
}

/// A relation just removed.
#[derive(Debug, utoipa::ToSchema)]
pub struct RemovedRelationDoc {
    /// The relation as it was.
    pub removed: RelationDoc,
}
