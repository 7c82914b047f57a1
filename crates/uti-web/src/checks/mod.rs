//! The fact-check round: researchers put portraits to their initiatives
//! (one, or all of a report version) with a closing date and a message;
//! the contacts (logged in, or through a personal link without an account)
//! read the portrait exactly as it will be published, comment on a
//! section, suggest a replacement text, and answer *akkoord*, *akkoord met
//! wijzigingen* or *wijzigingen nodig*; the researchers answer comments,
//! accept suggestions into the data (a guarded edit) or reject them with
//! a reason, put a new version to the contact, and publish.
//!
//! Who sees a check: researchers and admins every one; a contact only
//! those of their own initiatives (others are "not found"); a personal
//! link only its own check, and a link that is expired, revoked or made up
//! gets one and the same refusal page. Readers see none.

/// The JSON API of the round.
pub mod api;
/// The page of one portrait in a round and what is done on it.
pub mod review;
/// Rounds: starting one, the list, a round's dashboard, bulk actions.
pub mod rounds;
/// A portrait cut into sections, and the texts a suggestion may replace.
pub mod sections;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::rounds,
        api::start_round,
        api::round,
        api::check,
        api::add_note,
        api::set_verdict,
        api::decide,
        api::create_link,
        api::publish_portrait,
        api::unpublish_portrait,
    ),
    components(schemas(
        api::RoundDoc,
        api::NewRoundDoc,
        api::RoundDetail,
        api::CheckDoc,
        api::NoteDoc,
        api::NewNoteDoc,
        api::VerdictDoc,
        api::VerdictCode,
        api::DecisionDoc,
        api::CheckDetail,
        api::LinkRequest,
        api::LinkDoc,
        api::PublishDoc,
        api::PublishedDoc,
    ))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use axum::Router;
use axum::routing::{get, post};
use uti_core::Lang;
use uti_core::model::Dataset;
use uti_store::Role;
use uti_store::checks::Check;

/// The round's pages, the personal links' pages and `/api/checks/...`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/checks", get(rounds::list).post(rounds::start))
        .route("/checks/nieuw", get(rounds::new_form))
        .route("/checks/ronde/{round}", get(rounds::dashboard))
        .route("/checks/ronde/{round}/herinneren", post(rounds::remind))
        .route(
            "/checks/ronde/{round}/publiceren",
            post(rounds::publish_approved),
        )
        .route(
            "/checks/rapportversie/{n}/{action}",
            post(rounds::version_action),
        )
        .route("/checks/portret/{check}", get(review::page))
        .route("/checks/portret/{check}/{action}", post(review::act))
        .route("/controle/{token}", get(review::link_page))
        .route("/controle/{token}/{action}", post(review::link_act))
        .route(
            "/api/checks/rounds",
            get(api::rounds).post(api::start_round),
        )
        .route("/api/checks/rounds/{round}", get(api::round))
        .route("/api/checks/{check}", get(api::check))
        .route("/api/checks/{check}/notes", post(api::add_note))
        .route("/api/checks/{check}/verdict", post(api::set_verdict))
        .route("/api/checks/notes/{note}/decision", post(api::decide))
        .route("/api/checks/{check}/links", post(api::create_link))
        .route(
            "/api/initiatives/{id}/publication",
            post(api::publish_portrait).delete(api::unpublish_portrait),
        )
}

/// How someone reads a check.
#[derive(Debug, Clone)]
pub enum Access {
    /// A researcher or admin: everything, with the actions.
    Staff(Viewer),
    /// The initiative's contact, logged in.
    Contact(Viewer),
    /// Through a personal link (the token).
    Link(String),
}

impl Access {
    /// Whether this is the researchers' side.
    pub fn is_staff(&self) -> bool {
        matches!(self, Access::Staff(_))
    }

    /// The name a note or answer is recorded under.
    pub fn author(&self, lang: Lang) -> String {
        match self {
            Access::Staff(v) | Access::Contact(v) => v.user.name.clone(),
            Access::Link(token) => format!(
                "{} {}",
                lang.pick("persoonlijke link", "personal link"),
                &token[..8.min(token.len())]
            ),
        }
    }
}

/// Whether `viewer` may see the round pages at all (researchers, admins,
/// contacts), else 403.
pub fn may_use(viewer: &Viewer) -> Result<(), AppError> {
    match viewer.user.role {
        Role::Reader => Err(AppError::Forbidden),
        _ => Ok(()),
    }
}

/// How `viewer` reads `check`, or "not found" when it is not theirs.
pub fn access(viewer: &Viewer, check: &Check) -> Result<Access, AppError> {
    match viewer.user.role {
        Role::Researcher | Role::Admin => Ok(Access::Staff(viewer.clone())),
        Role::Contact if viewer.user.initiatives.contains(&check.initiative_id) => {
            Ok(Access::Contact(viewer.clone()))
        }
        Role::Contact => Err(AppError::NotFound),
        Role::Reader => Err(AppError::Forbidden),
    }
}

/// The data behind the portrait of `id` as it would be sent or published
/// now: from the whole dataset (drafts are left out by
/// [`uti_store::publications::portrait_data`]).
pub fn current_data(dataset: &Dataset, id: &str) -> Option<(String, String)> {
    uti_store::publications::portrait_data(dataset, id)
}

/// A time (seconds since 1970) as `3 december 2026, 14:05` (UTC).
pub fn when(at: i64, lang: Lang) -> String {
    let Ok(t) = time::OffsetDateTime::from_unix_timestamp(at) else {
        return String::new();
    };
    let date = uti_core::values::IsoDate::from_ymd(t.year(), u8::from(t.month()), t.day())
        .map(|d| uti_core::prose::date_text(d, lang))
        .unwrap_or_default();
    format!("{date}, {:02}:{:02}", t.hour(), t.minute())
}

/// A date `YYYY-MM-DD` in words, or as given when it is not one.
pub fn date_words(date: &str, lang: Lang) -> String {
    uti_core::values::IsoDate::parse(date)
        .map(|d| uti_core::prose::date_text(d, lang))
        .unwrap_or_else(|| date.to_owned())
}

/// The portrait's place in the fact check, for the initiative's page:
/// its status with who and when, a link to its check, and for researchers
/// a button to put it to the initiative. Nothing for readers; a contact
/// of another initiative sees nothing either.
pub async fn status_block(
    state: &AppState,
    chrome: &crate::kernel::layout::Chrome,
    id: &str,
) -> Result<maud::Markup, AppError> {
    use maud::html;
    let Some(viewer) = chrome.viewer.as_ref() else {
        return Ok(html! {});
    };
    let own_contact =
        viewer.user.role == Role::Contact && viewer.user.initiatives.iter().any(|i| i == id);
    if !(viewer.can_edit() || own_contact) {
        return Ok(html! {});
    }
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let latest = state.store.latest_check(id).await?;
    let events = match &latest {
        Some(c) => state.store.check_events(c.id).await?,
        None => Vec::new(),
    };
    let published = state.store.published_portrait(id).await?;
    let status = latest
        .as_ref()
        .map_or(uti_store::checks::Status::Concept, |c| c.status);
    Ok(html! {
        section.check-status aria-labelledby="factcheck" {
            h2 id="factcheck" { (t("Factcheck en publicatie", "Fact check and publication")) }
            p {
                (t("Status van het portret", "Status of the portrait")) ": " span.badge { (status.label(lang)) }
                @if let Some(e) = events.last() { " — " (when(e.at, lang)) ", " (e.actor) }
                @if let Some(c) = &latest { " · " a href={ "/checks/portret/" (c.id) } { (t("naar de controle", "to the check")) } }
                @if published.is_some() { " · " a href={ "/openbaar/portretten/" (id) } { (t("openbare pagina", "public page")) } }
            }
            @if viewer.can_edit() {
                form method="post" action="/checks" {
                    (crate::kernel::layout::csrf_field(chrome))
                    input type="hidden" name="what" value="portret";
                    input type="hidden" name="initiative" value=(id);
                    @let d = crate::kernel::widgets::today() + time::Duration::days(14);
                    input type="hidden" name="closes_on" value=(format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day()));
                    button.secondary type="submit" { (t("Portret ter controle voorleggen (reageren binnen 14 dagen)", "Put the portrait to the initiative (respond within 14 days)")) }
                }
            }
        }
    })
}
