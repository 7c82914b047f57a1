//! One initiative's place in the landscape (`/initiatieven/{id}/landschap`):
//! its overlaps, its peers and its relations, with the form that adds a
//! relation (`POST /initiatieven/{id}/relaties`).

use super::pairs::{Which, explanation, pair_list, pairs_for};
use super::relations::{self, FormState, RelationForm};
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use crate::kernel::snapshot::Snapshot;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use std::sync::Arc;
use uti_core::Lang;
use uti_core::model::{Relation, RelationKind};
use uti_core::values::Slug;
use uti_store::Via;

/// `/initiatieven/{id}/landschap`: one initiative's overlaps and peers.
pub async fn initiative_page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/landschap"));
    match state.snapshot.get(&state.store).await {
        Ok(snapshot) => initiative_again(
            &snapshot,
            &chrome,
            &id,
            &FormState::default(),
            StatusCode::OK,
        ),
        Err(e) => AppError::from(e).page(&chrome),
    }
}

/// The page of one initiative's overlaps, peers and relations, with the
/// relation form as given (its input and problem after a refused add).
pub fn initiative_again(
    snapshot: &Snapshot,
    chrome: &Chrome,
    id: &str,
    form: &FormState,
    status: StatusCode,
) -> Response {
    let lang = chrome.lang;
    let Some(viewer) = chrome.viewer.as_ref() else {
        return AppError::Forbidden.page(chrome);
    };
    let Some(initiative) = snapshot.initiative(viewer, id) else {
        return AppError::NotFound.page(chrome);
    };
    let overlaps = pairs_for(snapshot, viewer, Which::Overlaps, lang);
    let peers = pairs_for(snapshot, viewer, Which::Peers, lang);
    let t = |nl, en| lang.pick(nl, en);
    let title = match lang {
        Lang::Nl => format!("{}: overlap, peers en relaties", initiative.name),
        Lang::En => format!("{}: overlap, peers and relations", initiative.name),
    };
    let body = html! {
        p { a href=(format!("/initiatieven/{id}")) { "← " (initiative.name) } }
        h1 { (title) }
        section aria-labelledby="overlap" {
            h2 id="overlap" { (t("Overlap", "Overlap")) }
            p.hint { (explanation(Which::Overlaps, lang)) }
            @let list = overlaps.of(id);
            @if list.is_empty() {
                p.empty { (t("Geen initiatief overlapt met dit initiatief.", "No initiative overlaps with this one.")) }
            } @else { (pair_list(&list, Some(id), lang)) }
        }
        section aria-labelledby="peers" {
            h2 id="peers" { (t("Kan leren van", "Can learn from")) }
            p.hint { (explanation(Which::Peers, lang)) }
            @let list = peers.of(id);
            @if list.is_empty() {
                p.empty { (t("Nog geen peersuggesties voor dit initiatief: het deelt geen uitdaging, mechanisme of thema met een initiatief in een andere sector of voor een andere doelgroep.", "No peer suggestions for this initiative yet: it shares no challenge, mechanism or theme with an initiative in another sector or for another target group.")) }
            } @else { (pair_list(&list, Some(id), lang)) }
        }
        (relations::section(snapshot.readable(viewer).dataset, id, chrome, form))
    };
    (
        status,
        layout::page_around(chrome, &title, Arc::new(body.into_string())),
    )
        .into_response()
}

/// `POST /initiatieven/{id}/relaties`: adds a relation from this initiative.
pub async fn add(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Form(form): Form<RelationForm>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/landschap"));
    if let Err(e) = viewer.authorize_change(Some(&form.csrf)) {
        return AppError::from(e).page(&chrome);
    }
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::from(e).page(&chrome),
    };
    let dataset = snapshot.readable(&viewer).dataset;
    let Some(from) = snapshot.initiative(&viewer, &id) else {
        return AppError::NotFound.page(&chrome);
    };
    let again = |problem: String, status: StatusCode| {
        let form = FormState {
            input: form.clone(),
            problem: Some(problem),
        };
        initiative_again(&snapshot, &chrome, &id, &form, status)
    };
    let Some(kind) = RelationKind::parse(form.soort.trim()) else {
        return again(
            lang.pick("Kies een soort relatie.", "Choose a kind of relation.")
                .into(),
            StatusCode::BAD_REQUEST,
        );
    };
    let to = match relations::resolve(dataset, &form.naar, lang) {
        Ok(to) => to,
        Err(problem) => return again(problem, StatusCode::BAD_REQUEST),
    };
    let relation = Relation {
        from: from.id.clone(),
        to: Slug::parse(to).expect("stored ids are slugs"),
        kind,
        note: relations::note_of(&form.notitie),
    };
    match state
        .store
        .add_relation(&relation, &viewer.actor(Via::Web))
        .await
    {
        Ok(()) => Redirect::to(&format!("/initiatieven/{id}/landschap#relaties")).into_response(),
        Err(e) => match relations::refusal(e, lang) {
            AppError::BadRequest(m) => again(m, StatusCode::BAD_REQUEST),
            AppError::Conflict(m) => again(m, StatusCode::CONFLICT),
            other => other.page(&chrome),
        },
    }
}
