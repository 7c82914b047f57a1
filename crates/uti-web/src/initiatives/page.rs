//! One initiative: problem in context, target groups, sectors, partners;
//! its sessions as a timeline; its current plot as a radar chart with the
//! numbers as a table; its CIMO chains by level; workplace learning;
//! lessons learned.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use uti_core::Lang;
use uti_core::model::{Chain, Dataset, Level, LloType, Session, TermKind};
use uti_core::prose::{
    date_text, kind_name, level_name, partner_kind_name, type_name, werkplekleren_sentence,
};
use uti_core::values::Slug;

/// The query of the initiative page: a status message after a change.
#[derive(Debug, serde::Deserialize)]
pub struct PageQuery {
    /// Which change was just made (`sessie-opgeslagen`, ...).
    pub melding: Option<String>,
}

/// The status message after a change, in the page's language.
fn notice_text(code: &str, lang: Lang) -> Option<&'static str> {
    Some(match code {
        "sessie-opgeslagen" => lang.pick("De sessie is opgeslagen.", "The session has been saved."),
        "sessie-toegevoegd" => lang.pick("De sessie is toegevoegd.", "The session has been added."),
        "sessie-verwijderd" => {
            lang.pick("De sessie is verwijderd.", "The session has been removed.")
        }
        "initiatief-aangemaakt" => lang.pick(
            "Het initiatief is aangemaakt. Voeg nu de eerste sessie toe.",
            "The initiative has been created. Now add its first session.",
        ),
        "initiatief-opgeslagen" => lang.pick(
            "Het initiatief is opgeslagen.",
            "The initiative has been saved.",
        ),
        _ => return None,
    })
}

/// `GET /initiatieven/{id}`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(q): Query<PageQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}"));
    let notice = q.melding.as_deref().and_then(|m| notice_text(m, lang));
    crate::kernel::error::respond(render(&state, &chrome, &id, notice).await, &chrome)
}

/// The radar chart of a plot. There are only 3⁵ plots and two languages,
/// so each chart is drawn once and kept.
fn radar(plot: &uti_core::model::Plot, lang: Lang) -> std::sync::Arc<String> {
    type Charts = std::collections::HashMap<(uti_core::model::Plot, Lang), std::sync::Arc<String>>;
    static CHARTS: std::sync::OnceLock<std::sync::Mutex<Charts>> = std::sync::OnceLock::new();
    let charts = CHARTS.get_or_init(Default::default);
    if let Some(svg) = charts.lock().expect("charts").get(&(*plot, lang)) {
        return svg.clone();
    }
    let svg = std::sync::Arc::new(uti_core::charts::radar(plot, lang, "plot"));
    charts
        .lock()
        .expect("charts")
        .insert((*plot, lang), svg.clone());
    svg
}

/// The name of a theme or challenge, or its id when the vocabulary lacks it.
fn term_name(dataset: &Dataset, kind: TermKind, id: &Slug) -> String {
    let terms = match kind {
        TermKind::Theme => dataset.themes(),
        TermKind::Challenge => dataset.challenges(),
    };
    terms
        .iter()
        .find(|t| t.id == *id)
        .map_or_else(|| id.as_str().to_owned(), |t| t.name.clone())
}

/// A CIMO chain as a definition list, its themes and challenges by their
/// ids (see [`chain_named`] for their names).
pub fn chain(chain: &Chain, lang: Lang) -> Markup {
    chain_named(chain, lang, &Dataset::empty())
}

/// A CIMO chain as a definition list, its themes and challenges by the
/// names `dataset` gives them.
pub fn chain_named(chain: &Chain, lang: Lang, dataset: &Dataset) -> Markup {
    let list = |items: &[String]| {
        html! {
            @if items.len() == 1 { (items[0]) } @else {
                ul { @for i in items { li { (i) } } }
            }
        }
    };
    let names = |kind: TermKind| {
        chain
            .terms(kind)
            .iter()
            .map(|id| term_name(dataset, kind, id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    html! {
        div.chain {
            dl {
                dt { (lang.pick("Context", "Context")) } dd { (chain.context) }
                dt { (lang.pick("Interventies", "Interventions")) } dd { (list(&chain.interventions)) }
                @if let Some(m) = chain.mechanisms.as_ref().filter(|m| !m.is_empty()) { dt { (lang.pick("Mechanismen", "Mechanisms")) } dd { (list(m)) } }
                @if let Some(o) = chain.outcomes.as_ref().filter(|o| !o.is_empty()) { dt { (lang.pick("Uitkomsten", "Outcomes")) } dd { (list(o)) } }
                @if !chain.terms(TermKind::Challenge).is_empty() {
                    dt { (lang.pick("Gedeelde uitdagingen", "Shared challenges")) }
                    dd { (names(TermKind::Challenge)) }
                }
                @if !chain.terms(TermKind::Theme).is_empty() {
                    dt { (lang.pick("Thema's", "Themes")) }
                    dd { (names(TermKind::Theme)) }
                }
            }
        }
    }
}

/// The chains of a session grouped by level, each level a heading.
pub fn chains_by_level(session: &Session, lang: Lang, heading: u8) -> Markup {
    html! {
        @for level in Level::ALL {
            @let chains: Vec<&Chain> = session.chains().iter().filter(|c| c.level == *level).collect();
            @if !chains.is_empty() {
                @if heading == 3 { h3 { (level_name(*level, lang)) } } @else { h4 { (level_name(*level, lang)) } }
                @for c in chains { (chain(c, lang)) }
            }
        }
    }
}

/// `20 februari 2024 (ontwerp in actie)`.
fn session_words(session: &Session, lang: Lang) -> String {
    format!(
        "{} ({})",
        date_text(session.date, lang),
        kind_name(session.kind, lang)
    )
}

/// Per level the current chains (from the latest session with chains at
/// that level, said which) and, one click away, those of earlier sessions.
fn chains_per_level(sessions: &[&Session], dataset: &Dataset, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let levels: Vec<(Level, Vec<&Session>)> = Level::ALL
        .iter()
        .map(|level| {
            let with: Vec<&Session> = sessions
                .iter()
                .rev()
                .filter(|s| s.chains().iter().any(|c| c.level == *level))
                .copied()
                .collect();
            (*level, with)
        })
        .filter(|(_, with)| !with.is_empty())
        .collect();
    let of = |s: &Session, level: Level| -> Vec<Chain> {
        s.chains()
            .iter()
            .filter(|c| c.level == level)
            .cloned()
            .collect()
    };
    html! {
        @if levels.is_empty() { p.muted { (t("Nog geen ketens vastgelegd.", "No chains recorded yet.")) } }
        @for (level, with) in &levels {
            @let id = format!("cimo-{}", level.as_str());
            section.level aria-labelledby=(id) {
                h3 id=(id) { (level_name(*level, lang)) }
                p { (t("Huidige ketens, uit de sessie van ", "Current chains, from the session of ")) (session_words(with[0], lang)) "." }
                @for c in of(with[0], *level) { (chain_named(&c, lang, dataset)) }
                @if with.len() > 1 {
                    details.earlier {
                        summary {
                            (t("Eerdere ketens op dit niveau", "Earlier chains at this level"))
                            " (" (with.len() - 1) " " (if with.len() == 2 { t("sessie", "session") } else { t("sessies", "sessions") }) ")"
                        }
                        @for s in &with[1..] {
                            h4 { (t("Sessie van ", "Session of ")) (session_words(s, lang)) }
                            @for c in of(s, *level) { (chain_named(&c, lang, dataset)) }
                        }
                    }
                }
            }
        }
    }
}

async fn render(
    state: &AppState,
    chrome: &Chrome,
    id: &str,
    notice: Option<&str>,
) -> Result<Markup, AppError> {
    let editor = chrome.viewer.as_ref().is_some_and(Viewer::can_edit);
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let snapshot = state.snapshot.get(&state.store).await?;
    let viewer = chrome.viewer.as_ref().ok_or(AppError::Forbidden)?;
    let dataset = snapshot.readable(viewer).dataset;
    let i = snapshot.initiative(viewer, id).ok_or(AppError::NotFound)?;
    let plotted = i.plotted_sessions();
    let current = plotted.last().copied();
    let mut by_date: Vec<(usize, &Session)> = i.sessions().iter().enumerate().collect();
    by_date.sort_by_key(|(n, s)| (s.date, *n));
    let sessions: Vec<&Session> = by_date.iter().map(|(_, s)| *s).collect();
    let latest = by_date.last().map(|(n, _)| *n);
    let stated = sessions
        .iter()
        .rev()
        .find_map(|s| s.werkplekleren.map(|w| (*s, w)));
    let check = crate::checks::status_block(state, chrome, id).await?;
    let body = html! {
        p { a href="/" { "← " (t("Overzicht", "Overview")) } }
        h1 { (i.name) @if let Some(short) = &i.short_name { " (" (short) ")" } }
        @if let Some(n) = notice { p.notice role="status" { (n) } }
        // The next step first: without sessions that is adding one.
        @if editor {
            p.actions {
                a.button href={ "/initiatieven/" (id) "/sessies/nieuw" } { (t("Sessie toevoegen", "Add a session")) }
                @if let Some(n) = latest {
                    " "
                    a.button.secondary href={ "/initiatieven/" (id) "/sessies/nieuw?van=" (n) } { (t("Sessie toevoegen vanuit de vorige", "Add a session based on the previous one")) }
                }
                " "
                a.button.secondary href={ "/initiatieven/" (id) "/bewerken" } { (t("Initiatief bewerken", "Edit the initiative")) }
                " "
                a href={ "/initiatieven/" (id) "/geschiedenis" } { (t("Geschiedenis van de wijzigingen", "History of the changes")) }
            }
        }
        (crate::reports::page::portrait_downloads(id, lang))
        p { a href={ "/initiatieven/" (id) "/landschap" } { (t("Overlap met andere initiatieven en wie hiervan kan leren", "Overlap with other initiatives and who can learn from this one")) } }
        (check)
        section aria-labelledby="context" {
            h2 id="context" { (t("Vraagstuk in context en doelgroep", "Problem in context and target group")) }
            @if let Some(p) = &i.problem { p { (p) } } @else { p.muted { (t("Nog niet beschreven.", "Not described yet.")) } }
            dl {
                @if let Some(g) = &i.target_groups { dt { (t("Doelgroepen", "Target groups")) } dd { (g.join(", ")) } }
                @if let Some(s) = &i.sectors { dt { (t("Sectoren", "Sectors")) } dd { (s.join(", ")) } }
                @if let Some(w) = &i.website {
                    dt { (t("Website", "Website")) }
                    dd { @if w.starts_with("https://") || w.starts_with("http://") { a href=(w) rel="noopener" { (w) } } @else { (w) } }
                }
            }
            @if let Some(partners) = &i.partners {
                h3 { (t("Partners", "Partners")) }
                ul { @for p in partners { li { (p.name) " " span.muted { "(" (partner_kind_name(p.kind, lang)) ")" } } } }
            }
        }
        section aria-labelledby="sessies" {
            h2 id="sessies" { (t("Reflexieve sessies", "Reflexive sessions")) }
            @if by_date.is_empty() {
                p.muted { (t("Nog geen sessies.", "No sessions yet.")) }
            } @else {
                ol.timeline {
                    @for (n, s) in &by_date {
                        li {
                            strong { (date_text(s.date, lang)) } ": " (kind_name(s.kind, lang))
                            @if s.draft { " " span.badge { (t("concept", "draft")) } }
                            @if editor {
                                " " a href={ "/initiatieven/" (id) "/sessies/" (n) } {
                                    (t("bewerken", "edit")) span.sr-only { ": " (t("sessie van", "session of")) " " (date_text(s.date, lang)) }
                                }
                            }
                            @if let Some(n) = s.participants { ", " (n) " " (t("deelnemers", "participants")) }
                            @if let Some(notes) = s.notes.as_ref().filter(|_| viewer.sees_notes_of(id)) { br; span.muted { (notes) } }
                        }
                    }
                }
                @if by_date.len() >= 2 {
                    p { a href=(crate::initiatives::compare::href(i.id.as_str())) { (t("Vergelijk ontwerpen", "Compare designs")) } }
                }
            }
        }
        section aria-labelledby="plot" {
            h2 id="plot" { (t("LLO-interventies", "LLO interventions")) }
            @if let Some(session) = current {
                @let plot = session.llo.as_ref().expect("plotted");
                p { (t("Huidige plot, uit de sessie van ", "Current plot, from the session of ")) (date_text(session.date, lang)) " (" (kind_name(session.kind, lang)) ")." }
                figure {
                    (PreEscaped(radar(plot, lang).as_str()))
                    figcaption { (t("Score 0 = niet, 1 = in enige mate, 2 = in ruime mate.", "Score 0 = not, 1 = to some extent, 2 = extensively.")) }
                }
                table {
                    caption { (t("De plot in cijfers", "The plot in numbers")) }
                    thead { tr { th scope="col" { (t("Type", "Type")) } th scope="col" class="num" { (t("Score", "Score")) } th scope="col" { (t("Hoe het initiatief dit vormgeeft", "How the initiative gives it shape")) } } }
                    tbody {
                        @for k in LloType::ALL {
                            tr {
                                th scope="row" { (type_name(*k, lang)) }
                                td.num { (plot.get(*k).value()) }
                                td { (session.llo_notes.as_ref().and_then(|n| n.get(k)).map_or("", String::as_str)) }
                            }
                        }
                    }
                }
            } @else {
                p.muted { (t("Nog geen plot.", "No plot yet.")) }
            }
        }
        section aria-labelledby="werkplekleren" {
            h2 id="werkplekleren" { (t("Werkplekleren", "Workplace learning")) }
            @match stated {
                Some((s, w)) => {
                    p { (werkplekleren_sentence(w, &session_words(s, lang), lang)) }
                    @if let Some(notes) = &s.werkplekleren_notes { p { (notes) } }
                },
                None => p.muted { (t("Nog niet vastgelegd.", "Not recorded yet.")) },
            }
        }
        @if !sessions.is_empty() {
            section aria-labelledby="cimo" {
                h2 id="cimo" { (t("Redeneerketens (CIMO)", "CIMO chains")) }
                (chains_per_level(&sessions, dataset, lang))
            }
        }
        @let taught: Vec<&&Session> = sessions.iter().filter(|s| s.lessons.iter().flatten().next().is_some()).collect();
        @if !taught.is_empty() {
            section aria-labelledby="lessen" {
                h2 id="lessen" { (t("Geleerde lessen", "Lessons learned")) }
                @for s in taught {
                    p { (t("Uit de sessie van ", "From the session of ")) (session_words(s, lang)) ":" }
                    ul { @for l in s.lessons.iter().flatten() { li { (l) } } }
                }
            }
        }
    };
    Ok(layout::page(chrome, &i.name, body))
}
