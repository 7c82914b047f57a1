//! One organisation: `/landschap/organisaties/{id}` (its fields, the
//! initiatives it takes part in with the role there, the activities and
//! coalitions that name it) and, for researchers, merging a duplicate
//! into another (`POST /landschap/organisaties/{id}/samenvoegen`, `POST
//! /api/landscape/organisations/{id}/merge`): every link moves, the
//! duplicate is deleted.

use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome, csrf_field};
use crate::kernel::snapshot::Snapshot;
use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use uti_core::Lang;
use uti_core::landscape::index::{Part, participation};
use uti_core::prose::{partner_kind_name, partner_role_name};
use uti_store::{LandscapeError, StoreError, Via};
use utoipa::{IntoParams, ToSchema};

/// Where each organisation is in the dataset's list and where it takes
/// part, by id: made once per revision.
struct Index {
    at: HashMap<String, usize>,
    parts: HashMap<String, Vec<Part>>,
}

fn index(snapshot: &Snapshot, viewer: &Viewer) -> Arc<Index> {
    let dataset = snapshot.readable(viewer).dataset;
    snapshot.derived("landscape:organisation-index", || Index {
        at: dataset
            .organisations()
            .iter()
            .enumerate()
            .map(|(n, o)| (o.id.to_string(), n))
            .collect(),
        parts: participation(dataset)
            .into_iter()
            .map(|(o, parts)| (o.id.to_string(), parts))
            .collect(),
    })
}

/// The page of an organisation, for links from other pages.
pub fn href(id: &str) -> String {
    format!("/landschap/organisaties/{id}")
}

/// `?melding=samengevoegd&van=ID` after a merge.
#[derive(Debug, Default, Deserialize)]
pub struct Notice {
    /// What happened.
    #[serde(default)]
    pub melding: String,
    /// The organisation merged into this one.
    #[serde(default)]
    pub van: String,
    /// How many initiatives moved.
    #[serde(default)]
    pub initiatieven: String,
}

/// The merge form.
#[derive(Debug, Default, Deserialize)]
pub struct MergeForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The id of the organisation that remains.
    #[serde(default)]
    pub met: String,
}

/// `GET /landschap/organisaties/{id}`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(notice): Query<Notice>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &href(&id));
    match state.snapshot.get(&state.store).await {
        Ok(snapshot) => render(&snapshot, &chrome, &id, &notice, None, StatusCode::OK),
        Err(e) => AppError::from(e).page(&chrome),
    }
}

fn render(
    snapshot: &Snapshot,
    chrome: &Chrome,
    id: &str,
    notice: &Notice,
    problem: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let Some(viewer) = chrome.viewer.as_ref() else {
        return AppError::Forbidden.page(chrome);
    };
    let dataset = snapshot.readable(viewer).dataset;
    let index = index(snapshot, viewer);
    let Some(org) = index.at.get(id).map(|&n| &dataset.organisations()[n]) else {
        return AppError::NotFound.page(chrome);
    };
    let parts = index.parts.get(id).map(Vec::as_slice).unwrap_or_default();
    let name_of = |initiative: &str| {
        snapshot
            .initiative(viewer, initiative)
            .map_or(initiative.to_owned(), |i| i.name.clone())
    };
    let names = |ids: &Option<Vec<uti_core::values::Slug>>| {
        ids.as_deref()
            .unwrap_or_default()
            .iter()
            .any(|o| o.as_str() == id)
    };
    let activities: Vec<_> = dataset
        .activities()
        .iter()
        .filter(|a| names(&a.organisations))
        .collect();
    let coalitions: Vec<_> = dataset
        .coalitions()
        .iter()
        .filter(|c| names(&c.organisations))
        .collect();
    // Others to merge into: the same kind first, then by name.
    let mut others: Vec<_> = dataset
        .organisations()
        .iter()
        .filter(|o| o.id.as_str() != id)
        .collect();
    others.sort_by(|a, b| (a.kind != org.kind, &a.name).cmp(&(b.kind != org.kind, &b.name)));
    let body = html! {
        p { a href="/landschap" { "← " (t("Regionaal landschap", "Regional landscape")) } }
        h1 { (org.name) }
        @if notice.melding == "samengevoegd" && !notice.van.is_empty() {
            p.notice role="status" {
                (match lang {
                    Lang::Nl => format!("De organisatie ‘{}’ is hiermee samengevoegd en verwijderd; {} initiatieven noemen nu deze organisatie.", notice.van, notice.initiatieven),
                    Lang::En => format!("The organisation ‘{}’ was merged into this one and deleted; {} initiatives now name this organisation.", notice.van, notice.initiatieven),
                })
            }
        }
        dl {
            dt { (t("Soort", "Kind")) } dd { (partner_kind_name(org.kind, lang)) }
            @if let Some(s) = &org.sector { dt { (t("Sector", "Sector")) } dd { (s) } }
            @if let Some(p) = &org.place { dt { (t("Plaats", "Place")) } dd { (p) } }
            @if let Some(w) = &org.website {
                dt { (t("Website", "Website")) }
                dd { @if w.starts_with("https://") || w.starts_with("http://") { a href=(w) rel="noopener" { (w) } } @else { (w) } }
            }
            dt { "Id" } dd { code { (org.id) } }
        }
        section aria-labelledby="deelname" {
            h2 id="deelname" { (t("Neemt deel aan", "Takes part in")) }
            @if parts.is_empty() {
                p.empty { (t("Geen initiatief noemt deze organisatie als partner.", "No initiative names this organisation as a partner.")) }
            } @else {
                table {
                    thead { tr { th scope="col" { (t("Initiatief", "Initiative")) } th scope="col" { (t("Rol", "Role")) } } }
                    tbody {
                        @for p in parts {
                            tr {
                                td { a href=(format!("/initiatieven/{}", p.initiative)) { (name_of(p.initiative.as_str())) } }
                                td { (partner_role_name(p.role, lang)) }
                            }
                        }
                    }
                }
            }
        }
        @if !activities.is_empty() || !coalitions.is_empty() {
            section aria-labelledby="agenda-coalities" {
                h2 id="agenda-coalities" { (t("Doe-agenda en coalities", "Action agenda and coalitions")) }
                ul {
                    @for a in &activities { li { (t("Activiteit", "Activity")) ": " a href="/landschap#agenda" { (a.name) } } }
                    @for c in &coalitions { li { (t("Ontwikkelcoalitie", "Development coalition")) ": " a href="/landschap#coalities" { (c.name) } } }
                }
            }
        }
        @if viewer.can_edit() && !others.is_empty() {
            section aria-labelledby="samenvoegen" {
                h2 id="samenvoegen" { (t("Samenvoegen", "Merge")) }
                p.hint { (t("Is dit dezelfde organisatie als een andere? Voeg haar dan samen: elk initiatief, elke activiteit en elke coalitie die deze organisatie noemt, noemt daarna de gekozen organisatie, en deze wordt verwijderd.", "Is this the same organisation as another? Then merge it: every initiative, activity and coalition that names this organisation names the chosen one instead, and this one is deleted.")) }
                @if let Some(problem) = &problem {
                    div.notice role="alert" id="samenvoegen-fout" { (problem) }
                }
                form method="post" action=(format!("{}/samenvoegen", href(id))) {
                    (csrf_field(chrome))
                    div.field {
                        label for="samenvoegen-met" { (t("Samenvoegen met (blijft bestaan)", "Merge into (remains)")) }
                        select id="samenvoegen-met" name="met" required
                            aria-describedby=[problem.as_ref().map(|_| "samenvoegen-fout")] {
                            @for o in &others {
                                option value=(o.id) { (o.name) " (" (partner_kind_name(o.kind, lang)) ")" }
                            }
                        }
                    }
                    button type="submit" { (t("Samenvoegen", "Merge")) }
                }
            }
        }
    };
    (
        status,
        layout::page_around(chrome, &org.name, Arc::new(body.into_string())),
    )
        .into_response()
}

/// How the store's refusal is answered.
fn refusal(e: StoreError, id: &str, lang: Lang) -> AppError {
    match e {
        // The organisation of the path is unknown: 404; the one it merges into: bad input.
        StoreError::Landscape(LandscapeError::UnknownOrganisation(missing)) if missing == id => {
            AppError::NotFound
        }
        StoreError::Landscape(e) => AppError::BadRequest(e.message(lang)),
        other => AppError::Store(other),
    }
}

/// `POST /landschap/organisaties/{id}/samenvoegen`.
pub async fn merge(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<MergeForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &href(&id));
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    let into = form.met.trim();
    match state
        .store
        .merge_organisations(&id, into, &viewer.actor(Via::Web))
        .await
    {
        Ok(done) => Redirect::to(&format!(
            "{}?melding=samengevoegd&van={}&initiatieven={}",
            href(into),
            crate::kernel::error::encode(&id),
            done.initiatives
        ))
        .into_response(),
        Err(e) => match refusal(e, &id, lang) {
            AppError::BadRequest(problem) => match state.snapshot.get(&state.store).await {
                Ok(snapshot) => render(
                    &snapshot,
                    &chrome,
                    &id,
                    &Notice::default(),
                    Some(problem),
                    StatusCode::BAD_REQUEST,
                ),
                Err(e) => AppError::from(e).page(&chrome),
            },
            other => other.page(&chrome),
        },
    }
}

/// The organisation in a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct OrganisationPath {
    /// The organisation's id.
    #[param(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub id: String,
}

/// The body of a merge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// The id of the organisation that remains.
    #[schema(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub into: String,
}

/// What a merge did.
#[derive(Debug, ToSchema)]
pub struct MergedDoc {
    /// The organisation that remains, as stored now.
    pub into: crate::kernel::dataset_schema::OrganisationDoc,
    /// Initiatives whose partners now name it.
    pub initiatives: usize,
    /// Activities and coalitions that now name it.
    pub records: usize,
}

/// `POST /api/landscape/organisations/{id}/merge`.
#[utoipa::path(
    post,
    path = "/api/landscape/organisations/{id}/merge",
    tag = "landscape",
    operation_id = "mergeOrganisation",
    summary = "Merges a duplicate organisation into another: every partner, activity and coalition that names it names the other, and it is deleted.",
    description = "Allowed for: researcher, admin. The remaining organisation keeps its fields and takes the sector, place and website of the merged one where it has none.",
    params(OrganisationPath),
    request_body = MergeBody,
    responses(
        (status = 200, description = "Merged.", body = MergedDoc),
        (status = 400, description = "Not a merge body (the message says where and what).", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No organisation has the id of the path, or the one of `into`; the message says which.", body = ErrorBody),
        (status = 409, description = "An organisation merged into itself.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_merge(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(OrganisationPath { id }): ApiPath<OrganisationPath>,
    ApiJson(body): ApiJson<MergeBody>,
) -> Response {
    match state
        .store
        .merge_organisations(&id, &body.into, &viewer.actor(Via::Api))
        .await
    {
        Ok(done) => Json(json!({
            "into": done.into,
            "initiatives": done.initiatives,
            "records": done.records,
        }))
        .into_response(),
        Err(e) => super::api_refusal(e, lang).json(lang),
    }
}
