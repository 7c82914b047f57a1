//! The action agenda (*doe-agenda*): `/landschap/agenda`, the activities
//! by goal (`?per=doel`, the default) or by status (`?per=status`), and
//! for researchers the status of each activity changed in place (`POST
//! /landschap/agenda/{id}/status`, `PUT
//! /api/landscape/activities/{id}/status`), refused when someone else
//! changed it since the page was loaded.

use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer};
use crate::kernel::dataset_schema::{ActivityDoc, ActivityStatusDoc};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::Form;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;
use std::sync::Arc;
use uti_core::Lang;
use uti_core::model::{Activity, ActivityStatus, Dataset};
use uti_core::prose::{activity_status_name as status_name, scope_name};
use uti_store::{LandscapeError, StoreError, Via};
use utoipa::{IntoParams, ToSchema};

/// Where the session's CSRF token goes in a cached page: put in per request.
const CSRF_MARK: &str = "\u{0}uti-csrf\u{0}";

/// How the agenda is grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Per {
    Goal,
    Status,
}

impl Per {
    fn read(text: &str) -> Per {
        if text == "status" {
            Per::Status
        } else {
            Per::Goal
        }
    }
    fn as_str(self) -> &'static str {
        match self {
            Per::Goal => "doel",
            Per::Status => "status",
        }
    }
}

/// `?per=doel|status`.
#[derive(Debug, Default, Deserialize)]
pub struct AgendaQuery {
    /// The grouping.
    #[serde(default)]
    pub per: String,
}

/// The names of initiatives and organisations, for the tables.
pub struct Names<'a> {
    initiatives: HashMap<&'a str, &'a str>,
    organisations: HashMap<&'a str, &'a str>,
    goals: HashMap<&'a str, &'a str>,
}

impl<'a> Names<'a> {
    /// The names in a dataset.
    pub fn of(dataset: &'a Dataset) -> Names<'a> {
        Names {
            initiatives: dataset
                .initiatives()
                .iter()
                .map(|i| (i.id.as_str(), i.name.as_str()))
                .collect(),
            organisations: dataset
                .organisations()
                .iter()
                .map(|o| (o.id.as_str(), o.name.as_str()))
                .collect(),
            goals: dataset
                .goals()
                .iter()
                .map(|g| (g.id.as_str(), g.name.as_str()))
                .collect(),
        }
    }
}

/// A table of activities. With `edit` (the grouping to return to) each
/// status is a small form; `show_goal` adds the goal's column.
pub fn activity_table(
    list: &[&Activity],
    names: &Names<'_>,
    lang: Lang,
    show_goal: bool,
    edit: Option<&str>,
) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        div.table-scroll { table {
            thead { tr {
                th scope="col" { (t("Activiteit", "Activity")) }
                @if show_goal { th scope="col" { (t("Doel", "Goal")) } }
                th scope="col" { (t("Status", "Status")) }
                th scope="col" { (t("Trekker", "Owner")) }
                th scope="col" { (t("Niveau", "Level")) }
                th scope="col" { (t("Wanneer", "When")) }
                th scope="col" { (t("Betrokken", "Involved")) }
            } }
            tbody { @for a in list { tr id=(format!("activiteit-{}", a.id)) {
                th scope="row" { (a.name) @if let Some(n) = &a.note { br; small { (n) } } }
                @if show_goal {
                    td { (a.goal.as_ref().map_or("–", |g| names.goals.get(g.as_str()).copied().unwrap_or(g.as_str()))) }
                }
                td {
                    @if let Some(per) = edit {
                        form.inline method="post" action=(format!("/landschap/agenda/{}/status", a.id)) {
                            input type="hidden" name="csrf" value=(PreEscaped(CSRF_MARK));
                            input type="hidden" name="was" value=(a.status.as_str());
                            input type="hidden" name="per" value=(per);
                            label.sr-only for=(format!("status-{}", a.id)) { (t("Status van", "Status of")) " " (a.name) }
                            select id=(format!("status-{}", a.id)) name="status" {
                                @for s in ActivityStatus::ALL.iter().copied() {
                                    option value=(s.as_str()) selected[s == a.status] { (status_name(s, lang)) }
                                }
                            }
                            " " button.secondary type="submit" { (t("Opslaan", "Save")) }
                        }
                    } @else {
                        (status_name(a.status, lang))
                    }
                }
                td { (a.owner.as_deref().unwrap_or("–")) }
                td { (scope_name(a.scope, lang)) }
                td { (a.start.map(|d| d.to_string()).unwrap_or_default()) @if a.end.is_some() { " – " (a.end.map(|d| d.to_string()).unwrap_or_default()) } }
                td {
                    @for (n, id) in a.initiatives.iter().flatten().enumerate() {
                        @if n > 0 { ", " }
                        a href=(format!("/initiatieven/{id}")) { (names.initiatives.get(id.as_str()).copied().unwrap_or(id.as_str())) }
                    }
                    @for id in a.organisations.iter().flatten() {
                        " · " a href=(super::organisations::href(id.as_str())) { (names.organisations.get(id.as_str()).copied().unwrap_or(id.as_str())) }
                    }
                }
            } } }
        } }
    }
}

/// The activities counted per status, as a sentence part.
pub fn status_counts(activities: &[Activity], lang: Lang) -> Markup {
    html! {
        @for (n, s) in ActivityStatus::ALL.iter().enumerate() {
            @if n > 0 { ", " }
            (status_name(*s, lang)) " " (activities.iter().filter(|a| a.status == *s).count())
        }
    }
}

/// `GET /landschap/agenda`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<AgendaQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap/agenda");
    render(&state, &chrome, Per::read(&q.per), None, StatusCode::OK).await
}

async fn render(
    state: &AppState,
    chrome: &Chrome,
    per: Per,
    problem: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = chrome.lang;
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::from(e).page(chrome),
    };
    let Some(viewer) = chrome.viewer.as_ref() else {
        return AppError::Forbidden.page(chrome);
    };
    let edit = viewer.can_edit();
    let dataset = snapshot.readable(viewer).dataset;
    let key = format!(
        "agenda:{}:{}:{edit}",
        crate::kernel::i18n::code(lang),
        per.as_str()
    );
    let cached = snapshot.fragment(&key, || body(dataset, lang, per, edit).into_string());
    let mut text = String::with_capacity(cached.len() + 200);
    if let Some(problem) = problem {
        text.push_str(
            &html! { div.notice role="alert" id="agenda-fout" { (problem) } }.into_string(),
        );
    }
    text.push_str(&cached.replace(CSRF_MARK, chrome.csrf()));
    let title = chrome.t("Doe-agenda", "Action agenda");
    (status, layout::page_around(chrome, title, Arc::new(text))).into_response()
}

fn body(dataset: &Dataset, lang: Lang, per: Per, edit: bool) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let names = Names::of(dataset);
    let activities = dataset.activities();
    let goals = dataset.goals();
    let back = edit.then_some(per.as_str());
    html! {
        (super::nav::subnav("/landschap/agenda", lang))
        h1 { (t("Doe-agenda", "Action agenda")) }
        p.lead { (t("De gedeelde agenda van het netwerk: doelen, de activiteiten ernaartoe, wie ze trekt en waar ze staan.", "The network's shared agenda: goals, the activities towards them, who leads them and where they stand.")) }
        @if activities.is_empty() && goals.is_empty() {
            p.empty { (t("Nog geen doe-agenda. Doelen en activiteiten komen uit de sleutel agenda van een datasetbestand (zie docs/dataset-landscape.md); daarna is hier per activiteit de status bij te houden.", "No action agenda yet. Goals and activities come from the agenda key of a dataset file (see docs/dataset-landscape.md); then each activity's status can be kept up to date here.")) }
        } @else {
            nav.subnav aria-label=(t("Indeling", "Grouping")) { ul {
                li { a href="/landschap/agenda?per=doel" aria-current=[(per == Per::Goal).then_some("page")] { (t("Per doel", "By goal")) } }
                li { a href="/landschap/agenda?per=status" aria-current=[(per == Per::Status).then_some("page")] { (t("Per status", "By status")) } }
            } }
            p { (activities.len()) " " (t("activiteiten:", "activities:")) " " (status_counts(activities, lang)) "." }
            @match per {
                Per::Goal => {
                    @for goal in goals.iter().map(Some).chain(std::iter::once(None)) {
                        @let list: Vec<&Activity> = activities.iter().filter(|a| a.goal.as_ref().map(|g| g.as_str()) == goal.map(|g| g.id.as_str())).collect();
                        @if goal.is_some() || !list.is_empty() {
                            h2 { @if let Some(g) = goal { (g.name) } @else { (t("Zonder doel", "Without a goal")) } }
                            @if let Some(d) = goal.and_then(|g| g.description.as_ref()) { p { (d) } }
                            @if list.is_empty() {
                                p.empty { (t("Nog geen activiteiten voor dit doel.", "No activities for this goal yet.")) }
                            } @else { (activity_table(&list, &names, lang, false, back)) }
                        }
                    }
                }
                Per::Status => {
                    @for s in ActivityStatus::ALL.iter().copied() {
                        @let list: Vec<&Activity> = activities.iter().filter(|a| a.status == s).collect();
                        h2 { (status_name(s, lang)) " (" (list.len()) ")" }
                        @if list.is_empty() {
                            p.empty { (t("Geen activiteiten met deze status.", "No activities with this status.")) }
                        } @else { (activity_table(&list, &names, lang, true, back)) }
                    }
                }
            }
        }
    }
}

/// The status form.
#[derive(Debug, Default, Deserialize)]
pub struct StatusForm {
    /// The session's CSRF token.
    #[serde(default)]
    pub csrf: String,
    /// The new status.
    #[serde(default)]
    pub status: String,
    /// The status the page showed.
    #[serde(default)]
    pub was: String,
    /// The grouping to return to.
    #[serde(default)]
    pub per: String,
}

fn refusal(e: StoreError, lang: Lang) -> AppError {
    match e {
        StoreError::Landscape(LandscapeError::UnknownActivity(_)) => AppError::NotFound,
        StoreError::Landscape(e @ LandscapeError::StaleStatus { .. }) => {
            AppError::Conflict(e.message(lang))
        }
        StoreError::Landscape(e) => AppError::BadRequest(e.message(lang)),
        other => AppError::Store(other),
    }
}

/// `POST /landschap/agenda/{id}/status`.
pub async fn set_status(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<StatusForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap/agenda");
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    let per = Per::read(&form.per);
    let Some(status) = ActivityStatus::parse(form.status.trim()) else {
        let problem = lang.pick("Kies een status.", "Choose a status.").to_owned();
        return render(&state, &chrome, per, Some(problem), StatusCode::BAD_REQUEST).await;
    };
    let was = ActivityStatus::parse(form.was.trim());
    match state
        .store
        .set_activity_status(&id, status, was, &viewer.actor(Via::Web))
        .await
    {
        Ok(_) => Redirect::to(&format!(
            "/landschap/agenda?per={}#activiteit-{id}",
            per.as_str()
        ))
        .into_response(),
        Err(e) => match refusal(e, lang) {
            AppError::Conflict(m) => {
                render(&state, &chrome, per, Some(m), StatusCode::CONFLICT).await
            }
            other => other.page(&chrome),
        },
    }
}

/// The activity in a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ActivityPath {
    /// The activity's id.
    #[param(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub id: String,
}

/// The body of a status change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusBody {
    /// The new status.
    pub status: ActivityStatusDoc,
    /// The status the client last saw: the change is refused (409) when
    /// the stored status is another. Without it the status is set as is.
    pub was: Option<ActivityStatusDoc>,
}

/// The activity after a status change.
#[derive(Debug, ToSchema)]
pub struct StatusDoc {
    /// The activity as stored now.
    pub activity: ActivityDoc,
}

fn status_of(doc: ActivityStatusDoc) -> ActivityStatus {
    match doc {
        ActivityStatusDoc::Gepland => ActivityStatus::Gepland,
        ActivityStatusDoc::Lopend => ActivityStatus::Lopend,
        ActivityStatusDoc::Afgerond => ActivityStatus::Afgerond,
        ActivityStatusDoc::Gestopt => ActivityStatus::Gestopt,
    }
}

/// `PUT /api/landscape/activities/{id}/status`.
#[utoipa::path(
    put,
    path = "/api/landscape/activities/{id}/status",
    tag = "landscape",
    operation_id = "setActivityStatus",
    summary = "Sets the status of an activity of the action agenda.",
    description = "Allowed for: researcher, admin. With `was`, refused when the stored status is another (someone changed it since).",
    params(ActivityPath),
    request_body = StatusBody,
    responses(
        (status = 200, description = "Set (or already so).", body = StatusDoc),
        (status = 400, description = "Not a status body.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No activity has this id.", body = ErrorBody),
        (status = 409, description = "The stored status is not `was`: someone else changed it.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn api_set_status(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(ActivityPath { id }): ApiPath<ActivityPath>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Response {
    match state
        .store
        .set_activity_status(
            &id,
            status_of(body.status),
            body.was.map(status_of),
            &viewer.actor(Via::Api),
        )
        .await
    {
        Ok(activity) => Json(json!({ "activity": activity })).into_response(),
        Err(e) => super::api_refusal(e, lang).json(lang),
    }
}
