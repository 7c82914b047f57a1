//! `/landschap`: who works with whom. Depends only on the revision and the
//! language (no session data, so no drafts): rendered once per revision.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::extract::{Query, State};
use axum::response::Response;
use maud::{Markup, html};
use std::collections::HashMap;
use uti_core::Lang;
use uti_core::landscape::index::participation;
use uti_core::model::{Dataset, RelationKind};
use uti_core::prose::{partner_kind_name, partner_role_name};

/// Organisations per page; the lists beside them show at most this many too.
pub const PAGE: usize = 100;

/// Initiatives named per organisation (the rest are counted).
const SHARED_SHOWN: usize = 12;

/// `?pagina=N`, the page of the organisations (from 1); anything else is page 1.
#[derive(Debug, Default, serde::Deserialize)]
pub struct PageQuery {
    /// The page.
    pub pagina: Option<String>,
}

/// The landscape page.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/landschap");
    let page = q
        .pagina
        .and_then(|p| p.trim().parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    crate::kernel::error::respond(render(&state, &chrome, page).await, &chrome)
}

async fn render(state: &AppState, chrome: &Chrome, page: usize) -> Result<Response, AppError> {
    let lang = chrome.lang;
    let snapshot = state.snapshot.get(&state.store).await?;
    let viewer = chrome.viewer.as_ref().ok_or(AppError::Forbidden)?;
    let readable = snapshot.readable(viewer);
    let pages = readable.dataset.organisations().len().div_ceil(PAGE).max(1);
    let page = page.min(pages);
    let key = format!("landschap:{}:{page}", crate::kernel::i18n::code(lang));
    let body = snapshot.fragment(&key, || {
        body(readable.dataset, lang, page, pages).into_string()
    });
    Ok(layout::page_around(
        chrome,
        chrome.t("Regionaal landschap", "Regional landscape"),
        body,
    ))
}

/// How a relation reads in a sentence.
pub fn relation_words(kind: RelationKind, lang: Lang) -> &'static str {
    match kind {
        RelationKind::WerktSamenMet => lang.pick("werkt samen met", "works together with"),
        RelationKind::VerwijstNaar => {
            lang.pick("verwijst deelnemers naar", "refers participants to")
        }
        RelationKind::BouwtVoortOp => lang.pick("bouwt voort op", "builds on"),
    }
}

fn body(dataset: &Dataset, lang: Lang, page: usize, pages: usize) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let names: HashMap<&str, &str> = dataset
        .initiatives()
        .iter()
        .map(|i| (i.id.as_str(), i.name.as_str()))
        .collect();
    let org_names: HashMap<&str, &str> = dataset
        .organisations()
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    let initiative = |id: &str| -> Markup {
        html! { a href=(format!("/initiatieven/{id}")) { (names.get(id).copied().unwrap_or(id)) } }
    };
    let orgs = participation(dataset);
    // The partners shared most widely first; at most a page of them.
    let mut shared: Vec<_> = orgs.iter().filter(|(_, parts)| parts.len() > 1).collect();
    shared.sort_by_key(|(_, parts)| std::cmp::Reverse(parts.len()));
    let shared_total = shared.len();
    shared.truncate(PAGE);
    let relations = dataset.relations();
    let first = (page - 1) * PAGE;
    let shown_orgs = &orgs[first.min(orgs.len())..(first + PAGE).min(orgs.len())];
    let others = |n: usize| match lang {
        Lang::Nl => format!(" en {n} andere"),
        Lang::En => format!(" and {n} others"),
    };
    let more_note = |shown: usize, total: usize| -> Markup {
        html! {
            @if total > shown {
                p.hint { (match lang {
                    Lang::Nl => format!("De eerste {shown} van {total}; alle staan in GET /api/landscape en in uti export --format graphml."),
                    Lang::En => format!("The first {shown} of {total}; all are in GET /api/landscape and in uti export --format graphml."),
                }) }
            }
        }
    };
    let goals = dataset.goals();
    let activities = dataset.activities();
    html! {
        (super::nav::subnav("/landschap", lang))
        h1 { (t("Regionaal landschap", "Regional landscape")) }
        p.lead { (t("Wie werkt met wie, aan welke doelen: de organisaties achter de initiatieven, hoe initiatieven samenhangen, de doe-agenda en de ontwikkelcoalities.", "Who works with whom, towards which goals: the organisations behind the initiatives, how initiatives relate, the action agenda and the development coalitions.")) }
        (super::exports::links(lang))
        nav aria-label=(t("Op deze pagina", "On this page")) {
            ul.toc {
                li { a href="#organisaties" { (t("Organisaties", "Organisations")) " (" (orgs.len()) ")" } }
                li { a href="#gedeeld" { (t("Gedeelde partners", "Shared partners")) " (" (shared_total) ")" } }
                li { a href="#relaties" { (t("Relaties", "Relations")) " (" (relations.len()) ")" } }
                li { a href="#agenda" { (t("Doe-agenda", "Action agenda")) " (" (activities.len()) ")" } }
                li { a href="#coalities" { (t("Ontwikkelcoalities", "Development coalitions")) " (" (dataset.coalitions().len()) ")" } }
            }
        }
        section aria-labelledby="organisaties" {
            h2 id="organisaties" { (t("Organisaties", "Organisations")) }
            @if orgs.is_empty() {
                p.empty { (t("Nog geen organisaties. Ze ontstaan vanzelf uit de partners van de initiatieven (bij een import of bij het opslaan van een initiatief), of komen uit de lijst organisations van een datasetbestand.", "No organisations yet. They come from the initiatives' partners by themselves (on import or when an initiative is saved), or from the organisations list of a dataset file.")) }
            } @else {
                div.table-scroll {
                    table {
                        caption { (t("Elke organisatie met de initiatieven waarin ze meedoet, en haar rol daar", "Each organisation with the initiatives it takes part in, and its role there")) }
                        thead { tr {
                            th scope="col" { (t("Organisatie", "Organisation")) }
                            th scope="col" { (t("Soort", "Kind")) }
                            th scope="col" { (t("Sector", "Sector")) }
                            th scope="col" { (t("Plaats", "Place")) }
                            th scope="col" { (t("Doet mee in", "Takes part in")) }
                        } }
                        tbody {
                            @for (org, parts) in shown_orgs {
                                tr id=(format!("org-{}", org.id)) {
                                    th scope="row" { a href=(super::organisations::href(org.id.as_str())) { (org.name) } }
                                    td { (partner_kind_name(org.kind, lang)) }
                                    td { (org.sector.as_deref().unwrap_or("–")) }
                                    td { (org.place.as_deref().unwrap_or("–")) }
                                    td {
                                        @if parts.is_empty() { (t("geen initiatief", "no initiative")) }
                                        @for (n, part) in parts.iter().take(SHARED_SHOWN).enumerate() {
                                            @if n > 0 { ", " }
                                            (initiative(part.initiative.as_str())) " (" (partner_role_name(part.role, lang)) ")"
                                        }
                                        @if parts.len() > SHARED_SHOWN {
                                            (others(parts.len() - SHARED_SHOWN))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                (crate::kernel::widgets::pager("/landschap", page, pages, lang))
            }
        }
        section aria-labelledby="gedeeld" {
            h2 id="gedeeld" { (t("Gedeelde partners", "Shared partners")) }
            p.hint { (t("Initiatieven die dezelfde organisatie als partner hebben: ze delen een partner, ook als niemand dat als relatie heeft ingevoerd.", "Initiatives with the same organisation as partner: they share a partner, even when nobody entered it as a relation.")) }
            @if shared.is_empty() {
                p.empty { (t("Geen organisatie doet mee in meer dan één initiatief.", "No organisation takes part in more than one initiative.")) }
            } @else {
                (more_note(shared.len(), shared_total))
                ul {
                    @for (org, parts) in &shared {
                        li {
                            strong { (org.name) } ": "
                            @for (n, part) in parts.iter().take(SHARED_SHOWN).enumerate() {
                                @if n > 0 { ", " }
                                (initiative(part.initiative.as_str()))
                            }
                            @if parts.len() > SHARED_SHOWN {
                                (others(parts.len() - SHARED_SHOWN))
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="relaties" {
            h2 id="relaties" { (t("Relaties tussen initiatieven", "Relations between initiatives")) }
            @if relations.is_empty() {
                p.empty { (t("Nog geen relaties. Ze komen uit de lijst relations van een datasetbestand.", "No relations yet. They come from the relations list of a dataset file.")) }
            } @else {
                (more_note(relations.len().min(PAGE), relations.len()))
                ul {
                    @for r in relations.iter().take(PAGE) {
                        li {
                            (initiative(r.from.as_str())) " " (relation_words(r.kind, lang)) " " (initiative(r.to.as_str()))
                            @if let Some(note) = &r.note { ": " (note) }
                        }
                    }
                }
            }
        }
        section aria-labelledby="agenda" {
            h2 id="agenda" { (t("Doe-agenda", "Action agenda")) }
            @if activities.is_empty() && goals.is_empty() {
                p.empty { (t("Nog geen doe-agenda. Doelen en activiteiten komen uit de sleutel agenda van een datasetbestand.", "No action agenda yet. Goals and activities come from the agenda key of a dataset file.")) }
            } @else {
                p { (activities.len()) " " (t("activiteiten:", "activities:")) " " (super::agenda::status_counts(activities, lang)) ". "
                    a href="/landschap/agenda" { (t("De doe-agenda per doel of per status", "The action agenda by goal or by status")) }
                }
                @let names = super::agenda::Names::of(dataset);
                @for goal in goals.iter().map(Some).chain(std::iter::once(None)) {
                    @let list: Vec<_> = activities.iter().filter(|a| a.goal.as_ref().map(|g| g.as_str()) == goal.map(|g| g.id.as_str())).collect();
                    @if goal.is_some() || !list.is_empty() {
                        h3 { @if let Some(g) = goal { (g.name) } @else { (t("Zonder doel", "Without a goal")) } }
                        @if let Some(d) = goal.and_then(|g| g.description.as_ref()) { p { (d) } }
                        @if list.is_empty() {
                            p.empty { (t("Nog geen activiteiten voor dit doel.", "No activities for this goal yet.")) }
                        } @else { (super::agenda::activity_table(&list, &names, lang, false, None)) }
                    }
                }
            }
        }
        section aria-labelledby="coalities" {
            h2 id="coalities" { (t("Ontwikkelcoalities", "Development coalitions")) }
            @if dataset.coalitions().is_empty() {
                p.empty { (t("Nog geen ontwikkelcoalities. Ze komen uit de lijst coalitions van een datasetbestand.", "No development coalitions yet. They come from the coalitions list of a dataset file.")) }
            }
            @for c in dataset.coalitions() {
                h3 { (c.name) }
                p { strong { (t("Gedeeld doel:", "Shared goal:")) } " " (c.goal) }
                p {
                    (t("Initiatieven:", "Initiatives:")) " "
                    @if c.initiatives.as_ref().is_none_or(Vec::is_empty) { "–" }
                    @for (n, id) in c.initiatives.iter().flatten().enumerate() {
                        @if n > 0 { ", " }
                        (initiative(id.as_str()))
                    }
                    @if let Some(orgs) = c.organisations.as_ref().filter(|o| !o.is_empty()) {
                        br;
                        (t("Organisaties:", "Organisations:")) " "
                        (orgs.iter().map(|id| org_names.get(id.as_str()).copied().unwrap_or(id.as_str())).collect::<Vec<_>>().join(", "))
                    }
                }
                @if let Some(meetings) = c.meetings.as_ref().filter(|m| !m.is_empty()) {
                    h4 { (t("Bijeenkomsten", "Meetings")) }
                    ul { @for m in meetings { li { (m.date.to_string()) @if let Some(n) = &m.note { ": " (n) } } } }
                }
            }
        }
    }
}
