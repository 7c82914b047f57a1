//! Rounds: the list (`/checks`; for a contact their inbox), starting one
//! (`/checks/nieuw`: one portrait, or all portraits of a report version,
//! with a closing date and a message), a round's dashboard
//! (`/checks/ronde/{round}`: every portrait, its status, who still has to
//! answer) and its bulk actions (remind those who have not answered,
//! publish all approved).
#![allow(clippy::result_large_err)]

use super::review::{self, Outcome};
use super::{date_words, may_use, when};
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::form::Fields;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::html;
use serde::Deserialize;
use uti_core::Lang;
use uti_core::values::IsoDate;
use uti_store::Role;
use uti_store::checks::{NewRound, Portrait, Status};

/// The query of the list and the dashboard: a notice after an action.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// What was just done, as a code.
    pub melding: Option<String>,
    /// A count that goes with it.
    pub aantal: Option<usize>,
    /// The page of the dashboard's table (from 1).
    pub pagina: Option<usize>,
}

/// Portraits per page of a round's dashboard.
const PAGE: i64 = 200;

fn staff(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.can_edit() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// `GET /checks`.
pub async fn list(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/checks");
    let result = async {
        may_use(&viewer)?;
        if viewer.user.role == Role::Contact {
            return inbox(&state, &chrome, &viewer).await;
        }
        let t = |nl, en| lang.pick(nl, en);
        let rounds = state.store.rounds().await?;
        let counts = state.store.round_counts().await?;
        let versions = state.store.report_versions().await?;
        let published: Vec<i64> = state
            .store
            .publications()
            .await?
            .iter()
            .filter_map(|p| p.report_version)
            .collect();
        let version_notice = match q.melding.as_deref() {
            Some("versie-gepubliceerd") => Some((true, t("De rapportversie is gepubliceerd.", "The report version has been published."))),
            Some("versie-teruggetrokken") => Some((true, t("De publicatie van de rapportversie is teruggetrokken.", "The report version's publication has been withdrawn."))),
            Some("versie-reden") => Some((false, t("Niet gepubliceerd: niet elk portret in deze versie is door het initiatief goedgekeurd. Geef een reden om toch te publiceren.", "Not published: not every portrait in this version was approved by its initiative. Give a reason to publish anyway."))),
            _ => None,
        };
        let title = t("Factcheck van portretten", "Fact check of portraits");
        let body = html! {
            h1 { (title) }
            @if q.melding.as_deref() == Some("gestart") {
                p.notice role="status" { (t("De ronde is gestart: de portretten zijn aan de initiatieven voorgelegd.", "The round has started: the portraits have been put to the initiatives.")) }
            }
            p { (t("Voor publicatie legt u elk portret aan het initiatief voor. Contactpersonen met een account vinden het in hun overzicht; anderen krijgen een persoonlijke link.", "Before publication, each portrait is put to its initiative. Contacts with an account find it in their overview; others get a personal link.")) }
            p { a.button href="/checks/nieuw" { (t("Portretten voorleggen", "Put portraits to the initiatives")) } }
            @if rounds.is_empty() {
                p { (t("Er is nog geen ronde gestart.", "No round has been started yet.")) }
            } @else {
                div.table-wrap {
                    table {
                        caption { (t("Rondes, nieuwste eerst", "Rounds, newest first")) }
                        thead { tr {
                            th scope="col" { (t("Ronde", "Round")) }
                            th scope="col" { (t("Sluit op", "Closes on")) }
                            @for s in &Status::ALL[1..] { th scope="col" { (s.label(lang)) } }
                        } }
                        tbody {
                            @for r in &rounds {
                                tr {
                                    td { a href={ "/checks/ronde/" (r.id) } { (r.title) } }
                                    td { (date_words(&r.closes_on, lang)) }
                                    @for s in &Status::ALL[1..] {
                                        td { (counts.iter().find(|(id, st, _)| *id == r.id && st == s).map_or(0, |c| c.2)) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            h2 id="rapportversies" { (t("Rapportversies publiceren", "Publish report versions")) }
            @if let Some((good, text)) = version_notice {
                @if good { p.notice role="status" { (text) } } @else { div.error-summary role="alert" tabindex="-1" { p { (text) } } }
            }
            @if versions.is_empty() {
                p { (t("Er is nog geen rapportversie opgeslagen; dat doet u op de pagina Rapportage.", "No report version has been saved yet; you do that on the Reports page.")) }
            } @else {
                p { (t("Een rapportversie wordt gepubliceerd zonder draft-sessies en sessienotities. Zonder akkoord van elk initiatief op zijn portret is een reden verplicht.", "A report version is published without draft sessions and session notes. Without every initiative's approval of its portrait a reason is required.")) }
                ul.versions {
                    @for v in versions.iter().rev() {
                        li {
                            strong { (t("Versie", "Version")) " " (v.number) } @if let Some(l) = &v.label { ": " (l) }
                            " (" (v.date.to_string()) ")"
                            @if published.contains(&v.number) {
                                " — " span.badge { (t("gepubliceerd", "published")) } " "
                                a href={ "/openbaar/rapporten/" (v.number) } { (t("bekijk", "view")) }
                                form.inline method="post" action={ "/checks/rapportversie/" (v.number) "/terugtrekken" } {
                                    (layout::csrf_field(&chrome))
                                    button.danger type="submit" { (t("Terugtrekken", "Withdraw")) }
                                }
                            } @else {
                                form.inline method="post" action={ "/checks/rapportversie/" (v.number) "/publiceren" } {
                                    (layout::csrf_field(&chrome))
                                    label for={ "vreden-" (v.number) } { (t("Reden (verplicht zonder akkoord van allen)", "Reason (required without everyone's approval)")) }
                                    input id={ "vreden-" (v.number) } name="reason" type="text" maxlength="2000";
                                    button type="submit" { (t("Publiceren", "Publish")) }
                                }
                            }
                        }
                    }
                }
            }
        };
        Ok(layout::page(&chrome, title, body).into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// Publishes a report version: only when every portrait in it was
/// approved by its initiative on that very version, or with a reason.
pub async fn publish_version(
    state: &AppState,
    number: i64,
    reason: &str,
    by: &str,
) -> Result<Result<(), Vec<String>>, AppError> {
    let (subject, missing) = state
        .store
        .version_now(number)
        .await?
        .ok_or(AppError::NotFound)?;
    if !missing.is_empty() && reason.trim().is_empty() {
        return Ok(Err(missing));
    }
    state
        .store
        .publish(
            &subject,
            missing.is_empty(),
            (!missing.is_empty()).then_some(reason),
            by,
        )
        .await?;
    Ok(Ok(()))
}

/// `POST /checks/rapportversie/{n}/{publiceren|terugtrekken}`.
pub async fn version_action(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((n, action)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/checks");
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let n: i64 = n.parse().map_err(|_| AppError::NotFound)?;
        let code = match action.as_str() {
            "publiceren" => {
                match publish_version(&state, n, fields.get("reason"), &viewer.user.name).await? {
                    Ok(()) => "versie-gepubliceerd",
                    Err(_) => "versie-reden",
                }
            }
            "terugtrekken" => {
                let subject = uti_store::publications::Subject::ReportVersion {
                    number: n,
                    name: String::new(),
                };
                if !state.store.unpublish(&subject, &viewer.user.name).await? {
                    return Err(AppError::NotFound);
                }
                "versie-teruggetrokken"
            }
            _ => return Err(AppError::NotFound),
        };
        Ok(Redirect::to(&format!("/checks?melding={code}#rapportversies")).into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

async fn inbox(state: &AppState, chrome: &Chrome, viewer: &Viewer) -> Result<Response, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let checks = state.store.checks_of(&viewer.user.initiatives).await?;
    let snapshot = state.snapshot.get(&state.store).await?;
    let name = |id: &str| {
        snapshot
            .initiative(viewer, id)
            .map_or(id.to_owned(), |i| i.name.clone())
    };
    let mut rows = Vec::new();
    for c in &checks {
        let round = state.store.round(c.round_id).await?;
        rows.push((c, round));
    }
    let title = t("Mijn portretten ter controle", "My portraits for checking");
    let body = html! {
        h1 { (title) }
        @if rows.is_empty() {
            p { (t("Er staat nu geen portret voor u klaar. Zodra de onderzoekers een portret van uw initiatief voorleggen, vindt u het hier.", "There is no portrait waiting for you. As soon as the researchers put a portrait of your initiative to you, you will find it here.")) }
        } @else {
            ul.inbox {
                @for (c, round) in &rows {
                    li {
                        a href={ "/checks/portret/" (c.id) } { (name(&c.initiative_id)) }
                        " — " span.badge { (c.status.label(lang)) }
                        @if let Some(r) = round { " · " (t("reageren kan tot en met", "respond by")) " " (date_words(&r.closes_on, lang)) }
                        @if c.reminded_at.is_some() && c.verdict.is_none() { " · " strong { (t("herinnering: uw antwoord wordt nog verwacht", "reminder: your answer is still expected")) } }
                    }
                }
            }
        }
    };
    Ok(layout::page(chrome, title, body).into_response())
}

/// `GET /checks/nieuw`.
pub async fn new_form(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/checks/nieuw");
    let result = async {
        staff(&viewer)?;
        form_page(&state, &chrome, &Fields(Vec::new()), None).await
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

async fn form_page(
    state: &AppState,
    chrome: &Chrome,
    fields: &Fields,
    error: Option<String>,
) -> Result<Response, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let snapshot = state.snapshot.get(&state.store).await?;
    let mut initiatives: Vec<(&str, &str)> = snapshot
        .dataset_with_drafts()
        .initiatives()
        .iter()
        .map(|i| (i.id.as_str(), i.name.as_str()))
        .collect();
    initiatives.sort_by_key(|(_, n)| n.to_lowercase());
    let versions = state.store.report_versions().await?;
    let closes = {
        let d = crate::kernel::widgets::today() + time::Duration::days(14);
        format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
    };
    let value = |name: &str, default: &str| {
        let v = fields.get(name);
        if v.is_empty() {
            default.to_owned()
        } else {
            v.to_owned()
        }
    };
    let title = t("Portretten voorleggen", "Put portraits to the initiatives");
    let body = html! {
        p.crumbs { a href="/checks" { "← " (t("Factcheck", "Fact check")) } }
        h1 { (title) }
        @if let Some(e) = &error {
            div.error-summary role="alert" tabindex="-1" id="fouten" {
                h2 { (t("Er is iets niet in orde", "Something needs fixing")) }
                p { (e) }
            }
        }
        form method="post" action="/checks" {
            (layout::csrf_field(chrome))
            fieldset {
                legend { (t("Wat legt u voor?", "What do you put to them?")) }
                div {
                    input type="radio" name="what" id="wat-een" value="portret" checked[fields.get("what") != "versie"];
                    label for="wat-een" { (t("Eén portret", "One portrait")) }
                }
                label for="initiative" { (t("Initiatief", "Initiative")) }
                select id="initiative" name="initiative" {
                    @for (id, name) in &initiatives {
                        option value=(id) selected[fields.get("initiative") == *id] { (name) }
                    }
                }
                div {
                    input type="radio" name="what" id="wat-versie" value="versie" checked[fields.get("what") == "versie"] disabled[versions.is_empty()];
                    label for="wat-versie" { (t("Alle portretten van een rapportversie", "Every portrait of a report version")) }
                }
                @if versions.is_empty() {
                    p.small { (t("Er is nog geen rapportversie opgeslagen (zie Rapportage).", "No report version has been saved yet (see Reports).")) }
                } @else {
                    label for="version" { (t("Rapportversie", "Report version")) }
                    select id="version" name="version" {
                        @for v in versions.iter().rev() {
                            option value=(v.number) selected[fields.get("version") == v.number.to_string()] {
                                (t("Versie", "Version")) " " (v.number) @if let Some(l) = &v.label { ": " (l) } " (" (v.initiatives) " " (t("initiatieven", "initiatives")) ")"
                            }
                        }
                    }
                }
            }
            label for="title" { (t("Naam van de ronde", "Name of the round")) }
            input id="title" name="title" type="text" maxlength="200" value=(value("title", t("Factcheck portretten", "Fact check of portraits")));
            label for="closes_on" { (t("Reageren kan tot en met (jjjj-mm-dd)", "Respond by (yyyy-mm-dd)")) " " abbr title=(t("verplicht", "required")) { "*" } }
            input id="closes_on" name="closes_on" type="date" required value=(value("closes_on", &closes));
            label for="message" { (t("Bericht aan de initiatieven (Markdown)", "Message to the initiatives (Markdown)")) }
            textarea id="message" name="message" rows="5" maxlength="20000" { (fields.get("message")) }
            p.small { (t("Draft-sessies en sessienotities komen niet in het portret; de initiatieven zien het portret zoals het gepubliceerd wordt.", "Draft sessions and session notes are not in the portrait; the initiatives see it as it will be published.")) }
            button type="submit" { (t("Voorleggen", "Send")) }
        }
    };
    Ok(layout::page(chrome, title, body).into_response())
}

/// Why a round cannot be made: bad input, or what it names does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unmade {
    /// A date, text or choice that is not right, with the message.
    Invalid(String),
    /// No such initiative or report version, with the message.
    Missing(String),
}

impl Unmade {
    /// The message.
    pub fn message(&self) -> &str {
        match self {
            Unmade::Invalid(m) | Unmade::Missing(m) => m,
        }
    }
}

/// A round as asked for, from the form or the API.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    /// `portret` (one initiative) or `versie` (a report version).
    pub what: &'a str,
    /// The initiative's id, for one portrait.
    pub initiative: &'a str,
    /// The report version's number, as typed.
    pub version: &'a str,
    /// The round's name.
    pub title: &'a str,
    /// The closing date.
    pub closes_on: &'a str,
    /// The message (Markdown).
    pub message: &'a str,
    /// Who asks.
    pub by: &'a str,
}

/// What a round is made of, checked: the round and its portraits.
pub async fn prepare(
    state: &AppState,
    asked: Asked<'_>,
    lang: Lang,
) -> Result<Result<(NewRound, Vec<Portrait>), Unmade>, AppError> {
    let Asked {
        what,
        initiative,
        version,
        title,
        closes_on,
        message,
        by,
    } = asked;
    let t = |nl: &str, en: &str| lang.pick(nl, en).to_owned();
    let Some(closes) = IsoDate::parse(closes_on.trim()) else {
        return Ok(Err(Unmade::Invalid(t(
            "Vul een sluitingsdatum in, bijvoorbeeld 2027-01-15.",
            "Fill in a closing date, for example 2027-01-15.",
        ))));
    };
    if message.chars().count() > 20_000 || title.chars().count() > 200 {
        return Ok(Err(Unmade::Invalid(t(
            "De naam of het bericht is te lang.",
            "The name or the message is too long.",
        ))));
    }
    let snapshot = state.snapshot.get_own(&state.store).await?;
    let dataset = snapshot.dataset_with_drafts();
    let by_id: std::collections::HashMap<&str, &uti_core::model::Initiative> = dataset
        .initiatives()
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let (ids, report_version): (Vec<String>, Option<i64>) = match what {
        "versie" => {
            let Some(n) = version.trim().parse::<i64>().ok() else {
                return Ok(Err(Unmade::Invalid(t(
                    "Kies een rapportversie.",
                    "Choose a report version.",
                ))));
            };
            let Some(frozen) = state.store.report_version(n).await? else {
                return Ok(Err(Unmade::Missing(t(
                    "Deze rapportversie bestaat niet.",
                    "This report version does not exist.",
                ))));
            };
            // The portraits of the version's initiatives that still exist, as they are now.
            let ids = frozen
                .dataset
                .initiatives()
                .iter()
                .map(|i| i.id.to_string())
                .filter(|id| by_id.contains_key(id.as_str()))
                .collect();
            (ids, Some(n))
        }
        _ => (vec![initiative.trim().to_owned()], None),
    };
    let mut portraits = Vec::with_capacity(ids.len());
    for id in &ids {
        let Some(found) = by_id.get(id.as_str()) else {
            return Ok(Err(Unmade::Missing(match lang {
                Lang::Nl => format!("Er is geen initiatief ‘{id}’."),
                Lang::En => format!("There is no initiative ‘{id}’."),
            })));
        };
        let (data, fingerprint) = uti_store::publications::portrait_data_of(dataset, found);
        portraits.push(Portrait {
            initiative_id: id.clone(),
            data,
            fingerprint,
        });
    }
    if portraits.is_empty() {
        return Ok(Err(Unmade::Missing(t(
            "Er is geen portret om voor te leggen.",
            "There is no portrait to send.",
        ))));
    }
    let title = Some(title.trim()).filter(|t| !t.is_empty()).map_or_else(
        || t("Factcheck portretten", "Fact check of portraits"),
        str::to_owned,
    );
    Ok(Ok((
        NewRound {
            title,
            message: message.to_owned(),
            closes_on: closes.to_string(),
            report_version,
            by: by.to_owned(),
        },
        portraits,
    )))
}

/// `POST /checks`: starts a round.
pub async fn start(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/checks/nieuw");
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let asked = Asked {
            what: fields.get("what"),
            initiative: fields.get("initiative"),
            version: fields.get("version"),
            title: fields.get("title"),
            closes_on: fields.get("closes_on"),
            message: fields.get("message"),
            by: &viewer.user.name,
        };
        let prepared = prepare(&state, asked, lang).await?;
        match prepared {
            Err(unmade) => {
                form_page(&state, &chrome, &fields, Some(unmade.message().to_owned())).await
            }
            Ok((round, portraits)) => {
                let (id, _) = state.store.start_round(&round, &portraits).await?;
                Ok(Redirect::to(&format!("/checks/ronde/{id}?melding=gestart")).into_response())
            }
        }
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `GET /checks/ronde/{round}`: the dashboard.
pub async fn dashboard(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(round): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let path = format!("/checks/ronde/{round}");
    let chrome = Chrome::new(lang, &viewer, &path);
    let result = async {
        staff(&viewer)?;
        let n: i64 = round.parse().map_err(|_| AppError::NotFound)?;
        let round = state.store.round(n).await?.ok_or(AppError::NotFound)?;
        let page = q.pagina.unwrap_or(1).max(1);
        let checks = state.store.round_checks(n, (page as i64 - 1) * PAGE, PAGE).await?;
        let (total, waiting, approved_now) = state.store.round_tally(n).await?;
        let snapshot = state.snapshot.get(&state.store).await?;
        let users = state.store.users().await?;
        let t = |nl, en| lang.pick(nl, en);
        let today = crate::kernel::widgets::today();
        let overdue = IsoDate::parse(&round.closes_on).is_some_and(|d| {
            d < IsoDate::from_ymd(today.year(), u8::from(today.month()), today.day()).expect("today")
        });
        let pages = (total + PAGE - 1) / PAGE;
        let notice = match q.melding.as_deref() {
            Some("gestart") => Some(t("De ronde is gestart: de portretten zijn aan de initiatieven voorgelegd.", "The round has started: the portraits have been put to the initiatives.").to_owned()),
            Some("herinnerd") => Some(match (lang, state.settings.mail.is_some()) {
                (Lang::Nl, false) => format!("Herinnering gezet voor {} portret(ten); de contactpersonen zien die in hun overzicht. Er is geen e-mailserver ingesteld: stuur wie een persoonlijke link heeft zelf een bericht.", q.aantal.unwrap_or(0)),
                (Lang::En, false) => format!("Reminder set for {} portrait(s); the contacts see it in their overview. No mail server is set up: message those with a personal link yourself.", q.aantal.unwrap_or(0)),
                (Lang::Nl, true) => format!("Herinnering gezet voor {} portret(ten); de contactpersonen zien die in hun overzicht. Herinneringen gaan niet per e-mail (uti bewaart geen e-mailadressen): stuur wie een persoonlijke link heeft zelf een bericht.", q.aantal.unwrap_or(0)),
                (Lang::En, true) => format!("Reminder set for {} portrait(s); the contacts see it in their overview. Reminders are not sent by e-mail (uti keeps no e-mail addresses): message those with a personal link yourself.", q.aantal.unwrap_or(0)),
            }),
            Some("gepubliceerd") => Some(match lang {
                Lang::Nl => format!("{} goedgekeurde portret(ten) gepubliceerd.", q.aantal.unwrap_or(0)),
                Lang::En => format!("{} approved portrait(s) published.", q.aantal.unwrap_or(0)),
            }),
            _ => None,
        };
        let body = html! {
            p.crumbs { a href="/checks" { "← " (t("Factcheck", "Fact check")) } }
            h1 { (round.title) }
            @if let Some(n) = &notice { p.notice role="status" { (n) } }
            dl.meta {
                dt { (t("Reageren kan tot en met", "Respond by")) }
                dd { (date_words(&round.closes_on, lang)) @if overdue { " " span.badge { (t("gesloten", "closed")) } } }
                dt { (t("Gestart", "Started")) } dd { (when(round.created_at, lang)) " " (t("door", "by")) " " (round.created_by) }
                @if let Some(v) = round.report_version { dt { (t("Rapportversie", "Report version")) } dd { (v) } }
                dt { (t("Wacht nog op antwoord", "Still waiting for an answer")) } dd { (waiting) " " (t("van", "of")) " " (total) }
            }
            div.actions {
                form method="post" action={ (path) "/herinneren" } {
                    (layout::csrf_field(&chrome))
                    button.secondary type="submit" disabled[waiting == 0] { (t("Herinnering sturen aan wie nog niet antwoordde", "Remind those who have not answered")) }
                }
                form method="post" action={ (path) "/publiceren" } {
                    (layout::csrf_field(&chrome))
                    button type="submit" disabled[approved_now == 0] { (t("Alle goedgekeurde portretten publiceren", "Publish all approved portraits")) " (" (approved_now) ")" }
                }
            }
            div.table-wrap {
                table {
                    caption { (t("Portretten in deze ronde", "Portraits in this round")) }
                    thead { tr {
                        th scope="col" { (t("Initiatief", "Initiative")) }
                        th scope="col" { (t("Status", "Status")) }
                        th scope="col" { (t("Antwoord", "Answer")) }
                        th scope="col" { (t("Wie moet nog antwoorden", "Who still has to answer")) }
                        th scope="col" { (t("Laatste stap", "Last step")) }
                    } }
                    tbody {
                        @for c in &checks {
                            @let name = snapshot.initiative(&viewer, &c.initiative_id).map_or(c.initiative_id.clone(), |i| i.name.clone());
                            @let contacts: Vec<&str> = users.iter().filter(|u| u.role == Role::Contact && u.initiatives.contains(&c.initiative_id)).map(|u| u.name.as_str()).collect();
                            tr {
                                td { a href={ "/checks/portret/" (c.id) } { (name) } }
                                td { span.badge { (c.status.label(lang)) } }
                                td { @match c.verdict { Some(v) => (v.label(lang)), None => "—" } }
                                td {
                                    @if c.verdict.is_some() || c.status == Status::Gepubliceerd { "—" }
                                    @else if contacts.is_empty() { (t("het initiatief (persoonlijke link)", "the initiative (personal link)")) }
                                    @else { (contacts.join(", ")) }
                                    @if c.reminded_at.is_some() && c.verdict.is_none() { " · " (t("herinnerd", "reminded")) }
                                }
                                td { (when(c.verdict_at.unwrap_or(c.sent_at).max(c.sent_at), lang)) }
                            }
                        }
                    }
                }
            }
            (crate::kernel::widgets::pager(&path, page, pages as usize, lang))
        };
        Ok(layout::page(&chrome, &round.title, body).into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `POST /checks/ronde/{round}/herinneren`.
pub async fn remind(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(round): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/checks");
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let n: i64 = round.parse().map_err(|_| AppError::NotFound)?;
        state.store.round(n).await?.ok_or(AppError::NotFound)?;
        let ids: Vec<i64> = state
            .store
            .round_checks(n, 0, i64::MAX)
            .await?
            .iter()
            .map(|c| c.id)
            .collect();
        let count = state.store.remind(&ids, &viewer.user.name).await?;
        Ok(Redirect::to(&format!(
            "/checks/ronde/{n}?melding=herinnerd&aantal={count}"
        ))
        .into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// Publishes every portrait of a round that is approved on its current
/// version; gives how many.
pub async fn publish_round(
    state: &AppState,
    round: i64,
    by: &str,
    lang: Lang,
) -> Result<usize, AppError> {
    let mut n = 0;
    for c in state.store.round_checks(round, 0, i64::MAX).await? {
        if c.status != Status::Akkoord {
            continue;
        }
        // Only the round's latest check of the initiative decides.
        if state
            .store
            .latest_check(&c.initiative_id)
            .await?
            .map(|l| l.id)
            != Some(c.id)
        {
            continue;
        }
        if let Outcome::Done(_) = review::publish(state, &c.initiative_id, "", by, lang).await? {
            n += 1;
        }
    }
    Ok(n)
}

/// `POST /checks/ronde/{round}/publiceren`.
pub async fn publish_approved(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(round): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/checks");
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let n: i64 = round.parse().map_err(|_| AppError::NotFound)?;
        state.store.round(n).await?.ok_or(AppError::NotFound)?;
        let count = publish_round(&state, n, &viewer.user.name, lang).await?;
        Ok(Redirect::to(&format!(
            "/checks/ronde/{n}?melding=gepubliceerd&aantal={count}"
        ))
        .into_response())
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}
