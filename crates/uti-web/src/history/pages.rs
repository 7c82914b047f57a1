//! The history pages: every change of an initiative (its own fields and
//! all its sessions), and of one session with a button per earlier state
//! to put it back. For researchers and admins; a restore is a guarded
//! change like a save in the session editor.

use super::describe::{action_word, changes, moment, subject};
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::form::Fields;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome, csrf_field};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use uti_core::Lang;
use uti_core::model::Session;
use uti_store::history::Record;
use uti_store::{Entry, HistoryPage, Restored, Side, Via};

/// Entries per page.
pub const PAGE: usize = 50;

/// The address of an initiative's history.
pub fn initiative_href(id: &str) -> String {
    format!("/initiatieven/{id}/geschiedenis")
}

/// The address of a session's history.
pub fn session_href(id: &str, n: usize) -> String {
    format!("/initiatieven/{id}/sessies/{n}/geschiedenis")
}

/// The query of a history page: older entries, a status message.
#[derive(Debug, Default, serde::Deserialize)]
pub struct HistoryQuery {
    /// Show the entries older than this one.
    pub voor: Option<String>,
    /// What was just done (`teruggezet`).
    pub melding: Option<String>,
}

impl HistoryQuery {
    fn before(&self) -> Option<i64> {
        self.voor.as_deref().and_then(|v| v.parse().ok())
    }
}

/// `GET /initiatieven/{id}/geschiedenis`.
pub async fn initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<HistoryQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &initiative_href(&id));
    let result = async {
        if !viewer.can_edit() {
            return Err(AppError::Forbidden);
        }
        let snapshot = state.snapshot.get(&state.store).await?;
        let name = snapshot
            .initiative(&viewer, &id)
            .ok_or(AppError::NotFound)?
            .name
            .clone();
        let page = state
            .store
            .initiative_history(&id, q.before(), PAGE)
            .await?;
        let uids = state.store.session_uids(&id).await?;
        let t = |nl, en| lang.pick(nl, en);
        let title = format!("{} – {name}", t("Geschiedenis", "History"));
        let body = html! {
            p { a href={ "/initiatieven/" (id) } { "← " (name) } }
            h1 { (title) }
            p { (t("Elke wijziging van dit initiatief en zijn sessies, de nieuwste eerst: wie, wanneer, waarlangs en wat er veranderde. Een eerdere versie van een sessie zet u terug vanuit de geschiedenis van die sessie.", "Every change of this initiative and its sessions, newest first: who, when, through what and what changed. An earlier version of a session is restored from that session's history.")) }
            (table(&page, lang, |e| {
                let at = e.session_uid.as_deref().and_then(|u| uids.iter().position(|x| x == u));
                let text = subject(e, lang);
                match at {
                    Some(n) if e.record == Record::Session => html! { a href=(session_href(&id, n)) { (text) } },
                    _ => html! { (text) },
                }
            }, |_| None))
            (older(&page, &initiative_href(&id), lang))
        };
        Ok(layout::page(&chrome, &title, body))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `GET /initiatieven/{id}/sessies/{n}/geschiedenis`.
pub async fn session(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((id, n)): Path<(String, String)>,
    Query(q): Query<HistoryQuery>,
) -> Response {
    let chrome = Chrome::new(
        lang,
        &viewer,
        &format!("/initiatieven/{id}/sessies/{n}/geschiedenis"),
    );
    let result = async {
        if !viewer.can_edit() {
            return Err(AppError::Forbidden);
        }
        let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
        let notice = (q.melding.as_deref() == Some("teruggezet")).then(|| {
            lang.pick(
                "De sessie is teruggezet naar de gekozen versie. Ook dat staat nu in de geschiedenis.",
                "The session has been restored to the chosen version. That too is now in the history.",
            )
        });
        session_page(&state, &chrome, &id, n, q.before(), notice, None).await
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// The session history page, with a status message or a refusal on top.
async fn session_page(
    state: &AppState,
    chrome: &Chrome,
    id: &str,
    n: usize,
    before: Option<i64>,
    notice: Option<&str>,
    refusal: Option<Markup>,
) -> Result<Markup, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let viewer = chrome.viewer.as_ref().ok_or(AppError::Forbidden)?;
    let snapshot = state.snapshot.get(&state.store).await?;
    let name = snapshot
        .initiative(viewer, id)
        .ok_or(AppError::NotFound)?
        .name
        .clone();
    let current = state
        .store
        .session_state(id, n)
        .await?
        .ok_or(AppError::NotFound)?;
    let session: Option<Session> = serde_json::from_str(&current.doc).ok();
    let page = state
        .store
        .session_history(&current.uid, before, PAGE)
        .await?;
    let label = session
        .as_ref()
        .map(|s| super::describe::session_name(s, lang))
        .unwrap_or_default();
    let title = format!(
        "{} {label} – {name}",
        t(
            "Geschiedenis van de sessie van",
            "History of the session of"
        )
    );
    let body = html! {
        p {
            a href={ "/initiatieven/" (id) "/sessies/" (n) } { "← " (t("Sessie bewerken", "Edit the session")) }
            " · "
            a href=(initiative_href(id)) { (t("Geschiedenis van het initiatief", "History of the initiative")) }
        }
        h1 { (title) }
        @if let Some(text) = notice { p.notice role="status" { (text) } }
        @if let Some(r) = &refusal { (r) }
        p { (t("Elke wijziging van deze sessie, de nieuwste eerst. Met „Deze versie terugzetten” wordt de sessie weer zoals ze na die wijziging was; dat is zelf een nieuwe wijziging, die u ook weer kunt terugdraaien. Wijzigingen door een import van het hele initiatief staan in de geschiedenis van het initiatief.", "Every change of this session, newest first. “Restore this version” makes the session again as it was after that change; that is itself a new change, which can be undone in turn. Changes by an import of the whole initiative are in the initiative's history.")) }
        (table(&page, lang, |e| html! { (subject(e, lang)) }, |e| {
            let after = e.after.as_deref()?;
            if after == current.doc {
                return Some(html! { span.muted { (t("huidige versie", "current version")) } });
            }
            Some(html! {
                form method="post" action={ (session_href(id, n)) "/" (e.id) "/terugzetten" } {
                    (csrf_field(chrome))
                    input type="hidden" name="version" value=(current.version);
                    button.secondary type="submit" {
                        (t("Deze versie terugzetten", "Restore this version"))
                        span.sr-only { " (" (t("na wijziging", "after change")) " " (e.id) ", " (moment(e.at, lang)) ")" }
                    }
                }
            })
        }))
        @if let (false, Some(first)) = (page.more, page.entries.last()) {
            @if first.before.as_deref().is_some_and(|b| b != current.doc) {
                section aria-labelledby="oorspronkelijk" {
                    h2 id="oorspronkelijk" { (t("De versie waarmee de geschiedenis begint", "The version the history starts from")) }
                    p { (match lang {
                        Lang::Nl => format!("Zoals de sessie was vóór wijziging {} (bijvoorbeeld zoals ze met een import binnenkwam).", first.id),
                        Lang::En => format!("As the session was before change {} (for instance as it came in by an import).", first.id),
                    }) }
                    form method="post" action={ (session_href(id, n)) "/" (first.id) "/terugzetten" } {
                        (csrf_field(chrome))
                        input type="hidden" name="version" value=(current.version);
                        input type="hidden" name="staat" value="voor";
                        button.secondary type="submit" {
                            (t("Deze versie terugzetten", "Restore this version"))
                            span.sr-only { " (" (t("vóór wijziging", "before change")) " " (first.id) ")" }
                        }
                    }
                }
            }
        }
        (older(&page, &session_href(id, n), lang))
    };
    Ok(layout::page(chrome, &title, body))
}

/// `POST /initiatieven/{id}/sessies/{n}/geschiedenis/{entry}/terugzetten`.
pub async fn restore(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((id, n, entry)): Path<(String, String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(
        lang,
        &viewer,
        &format!("/initiatieven/{id}/sessies/{n}/geschiedenis"),
    );
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
        let entry: i64 = entry.parse().map_err(|_| AppError::NotFound)?;
        let version: i64 = fields.get("version").parse().unwrap_or(0);
        let side = if fields.get("staat") == "voor" {
            Side::Before
        } else {
            Side::After
        };
        let t = |nl, en| lang.pick(nl, en);
        let refusal = match state
            .store
            .restore_session(&id, n, entry, side, version, &viewer.actor(Via::Web))
            .await?
        {
            Restored::Done { .. } => {
                return Ok(Redirect::to(&format!("{}?melding=teruggezet", session_href(&id, n))).into_response());
            }
            Restored::NotFound => return Err(AppError::NotFound),
            Restored::Stale { current: (_, now) } => (
                StatusCode::CONFLICT,
                html! {
                    div.conflict role="alert" tabindex="-1" id="conflict" {
                        h2 { (t("Niet teruggezet: iemand anders heeft deze sessie intussen gewijzigd", "Not restored: someone else changed this session in the meantime")) }
                        p { (match lang {
                            Lang::Nl => format!("De sessie staat nu op versie {now}; de nieuwste wijziging staat bovenaan de lijst hieronder. Bekijk die en kies dan opnieuw welke versie u wilt terugzetten."),
                            Lang::En => format!("The session is now at version {now}; the newest change is at the top of the list below. Look at it, then choose again which version to restore."),
                        }) }
                    }
                },
            ),
            Restored::Invalid(errors) => (
                StatusCode::BAD_REQUEST,
                html! {
                    div.conflict role="alert" tabindex="-1" id="conflict" {
                        h2 { (t("Niet teruggezet: deze versie voldoet niet meer aan de regels", "Not restored: this version no longer meets the rules")) }
                        p { (t("Een thema of uitdaging die deze versie noemt, bestaat niet meer (bijvoorbeeld na samenvoegen). Bewerk de sessie zelf.", "A theme or challenge this version names no longer exists (for example after a merge). Edit the session itself.")) }
                        ul { @for e in &errors.errors { li { (e.place.to_string()) ": " (e.problem.message(lang)) } } }
                    }
                },
            ),
        };
        let (status, markup) = refusal;
        let page = session_page(&state, &chrome, &id, n, None, None, Some(markup)).await?;
        Ok((status, page).into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// The entries as a table: when, who, through what, what, the changes,
/// and (on a session's page) the restore button.
fn table(
    page: &HistoryPage,
    lang: Lang,
    what: impl Fn(&Entry) -> Markup,
    action: impl Fn(&Entry) -> Option<Markup>,
) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let actions: Vec<Option<Markup>> = page.entries.iter().map(&action).collect();
    let with_actions = actions.iter().any(Option::is_some);
    html! {
        @if page.entries.is_empty() {
            p.muted { (t("Nog geen wijzigingen vastgelegd.", "No changes recorded yet.")) }
        } @else {
            table.history {
                caption.sr-only { (t("Wijzigingen, de nieuwste eerst", "Changes, newest first")) }
                thead {
                    tr {
                        th scope="col" { (t("Wanneer", "When")) }
                        th scope="col" { (t("Wie", "Who")) }
                        th scope="col" { (t("Via", "Through")) }
                        th scope="col" { (t("Wat", "What")) }
                        th scope="col" { (t("Wijzigingen", "Changes")) }
                        @if with_actions { th scope="col" { (t("Terugzetten", "Restore")) } }
                    }
                }
                tbody {
                    @for (e, act) in page.entries.iter().zip(&actions) {
                        tr id={ "wijziging-" (e.id) } {
                            td { (moment(e.at, lang)) br; span.muted { (t("wijziging", "change")) " " (e.id) } }
                            td { (e.actor) }
                            td { (e.via.label(lang)) }
                            td { (what(e)) ", " (action_word(e.action, lang)) }
                            td { ul { @for c in changes(e, lang) { li { (c) } } } }
                            @if with_actions { td { @if let Some(a) = act { (a) } } }
                        }
                    }
                }
            }
        }
    }
}

/// The link to older entries, when there are more.
fn older(page: &HistoryPage, href: &str, lang: Lang) -> Markup {
    html! {
        @if let (true, Some(last)) = (page.more, page.entries.last()) {
            p { a href={ (href) "?voor=" (last.id) } { (lang.pick("Oudere wijzigingen", "Older changes")) " →" } }
        }
    }
}
