//! The design comparison, `/initiatieven/{id}/vergelijk?a=N&b=N`: two
//! sessions of one initiative side by side (by default the intended design
//! and the latest design in action): both plots on one radar, the scores
//! with their change, workplace learning, and per level what was added and
//! what was dropped. The same comparison as JSON is
//! `/api/initiatives/{id}/compare` ([`api_body`]).

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::extract::{Path, Query, State};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use serde::Serialize;
use uti_core::Lang;
use uti_core::compare::{Diff, LevelComparison, SessionComparison, compare_sessions, default_pair};
use uti_core::model::{Dataset, Initiative, Level, Session, TermKind, Werkplekleren};
use uti_core::prose::level_name;
use uti_core::prose::{date_text, kind_name, type_name, werkplekleren_text};
use uti_core::values::Slug;

/// The query of the comparison: every `name=value` pair, so that a
/// repeated or odd parameter never fails before the page can explain.
pub type CompareQuery = Vec<(String, String)>;

/// The path of the comparison of an initiative.
pub fn href(id: &str) -> String {
    format!("/initiatieven/{id}/vergelijk")
}

/// The message when an initiative has fewer than two sessions.
fn too_few(sessions: usize, lang: Lang) -> &'static str {
    if sessions == 0 {
        lang.pick(
            "Er zijn nog geen sessies; een vergelijking heeft er twee nodig.",
            "There are no sessions yet; a comparison needs two.",
        )
    } else {
        lang.pick(
            "Er is maar één sessie; een vergelijking heeft er twee nodig.",
            "There is only one session; a comparison needs two.",
        )
    }
}

/// Reads parameter `name` (`a` or `b`) as the index of a session; an empty
/// or absent parameter is `None`.
fn index(
    query: &CompareQuery,
    name: &str,
    sessions: usize,
    lang: Lang,
) -> Result<Option<usize>, AppError> {
    let Some(text) = query
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .filter(|v| !v.is_empty())
    else {
        return Ok(None);
    };
    let digits = text.bytes().all(|b| b.is_ascii_digit());
    match text.parse::<usize>() {
        Ok(n) if digits && n < sessions => Ok(Some(n)),
        _ => {
            let which = name.to_uppercase();
            let message = match (lang, sessions) {
                (Lang::Nl, 0) => format!(
                    "Sessie {which}: “{text}” bestaat niet; dit initiatief heeft nog geen sessies."
                ),
                (Lang::Nl, n) => format!(
                    "Sessie {which}: “{text}” is geen sessie van dit initiatief; kies een nummer van 0 tot en met {}.",
                    n - 1
                ),
                (Lang::En, 0) => format!(
                    "Session {which}: “{text}” does not exist; this initiative has no sessions yet."
                ),
                (Lang::En, n) => format!(
                    "Session {which}: “{text}” is not a session of this initiative; choose a number from 0 to {}.",
                    n - 1
                ),
            };
            Err(AppError::BadRequest(message))
        }
    }
}

/// The two sessions to compare, as indexes: those asked for (`a`, `b`),
/// the default pair for what is not asked. `Ok(None)` when the initiative
/// has fewer than two sessions; a bad index is a [`AppError::BadRequest`].
pub fn resolve(
    initiative: &Initiative,
    query: &CompareQuery,
    lang: Lang,
) -> Result<Option<(usize, usize)>, AppError> {
    let n = initiative.sessions().len();
    let a = index(query, "a", n, lang)?;
    let b = index(query, "b", n, lang)?;
    let Some((da, db)) = default_pair(initiative) else {
        return Ok(None);
    };
    Ok(Some((a.unwrap_or(da), b.unwrap_or(db))))
}

/// The comparison as the API gives it.
#[derive(Debug, Serialize)]
struct ApiComparison<'a> {
    initiative: &'a str,
    a: usize,
    b: usize,
    #[serde(flatten)]
    comparison: SessionComparison,
}

/// The body of `GET /api/initiatives/{id}/compare`: the initiative's id,
/// the indexes `a` and `b`, and the [`SessionComparison`]. An index that
/// is not a number is a 400; a number that names no session of the
/// initiative a 404 (as for `/api/initiatives/{id}/sessions/{n}`); fewer
/// than two sessions a 409.
pub async fn api_body(
    state: &AppState,
    viewer: &crate::kernel::auth::Viewer,
    id: &str,
    query: &CompareQuery,
    lang: Lang,
) -> Result<serde_json::Value, AppError> {
    let snapshot = state.snapshot.get(&state.store).await?;
    let initiative = snapshot.initiative(viewer, id).ok_or(AppError::NotFound)?;
    let sessions = initiative.sessions();
    let number = |name: &str| {
        query
            .iter()
            .find(|(k, _)| k == name)
            .is_some_and(|(_, v)| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
    };
    let (a, b) = resolve(initiative, query, lang)
        .map_err(|e| {
            // `a` is read first: the one that failed is `a` if `a` does.
            let failed = if index(query, "a", sessions.len(), lang).is_err() {
                "a"
            } else {
                "b"
            };
            match e {
                AppError::BadRequest(message) if number(failed) => {
                    AppError::Refused(axum::http::StatusCode::NOT_FOUND, message)
                }
                other => other,
            }
        })?
        .ok_or_else(|| AppError::Conflict(too_few(sessions.len(), lang).to_owned()))?;
    let body = ApiComparison {
        initiative: initiative.id.as_str(),
        a,
        b,
        comparison: compare_sessions(&sessions[a], &sessions[b]),
    };
    Ok(serde_json::to_value(body).expect("a comparison serialises"))
}

/// `GET /initiatieven/{id}/vergelijk`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<CompareQuery>,
) -> Response {
    let mut chrome = Chrome::new(lang, &viewer, &href(&id));
    crate::kernel::error::respond(render(&state, &mut chrome, &id, &query).await, &chrome)
}

/// A session for people: `12 maart 2024 — beoogd ontwerp`; when another
/// session has the same date and kind, its number is added.
fn session_label(sessions: &[Session], n: usize, lang: Lang) -> String {
    let s = &sessions[n];
    let text = format!("{} — {}", date_text(s.date, lang), kind_name(s.kind, lang));
    let twin = sessions
        .iter()
        .enumerate()
        .any(|(m, o)| m != n && o.date == s.date && o.kind == s.kind);
    if twin {
        format!("{text} ({} {n})", lang.pick("nr.", "no."))
    } else {
        text
    }
}

/// A score change as text: `+1`, `−1`, `gelijk`; unknown without both plots.
fn change_text(change: Option<i8>, lang: Lang) -> String {
    match change {
        None => lang.pick("onbekend", "unknown").to_owned(),
        Some(0) => lang.pick("gelijk", "same").to_owned(),
        Some(c) if c > 0 => format!("+{c}"),
        Some(c) => format!("−{}", c.unsigned_abs()),
    }
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

/// One list of a level: added, dropped, then kept, each with its word.
fn diff_list(diff: &Diff<String>, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        @if diff.is_empty() {
            span.muted { (t("in geen van beide sessies", "in neither session")) }
        } @else {
            ul.compare {
                @for item in &diff.added {
                    li { strong { (t("toegevoegd", "added")) } ": " ins.added { (item) } }
                }
                @for item in &diff.dropped {
                    li { strong { (t("vervallen", "dropped")) } ": " del.dropped { (item) } }
                }
                @for item in &diff.kept {
                    li { span.muted { (t("gebleven", "kept")) } ": " (item) }
                }
            }
        }
    }
}

/// A [`Diff`] of ids as a diff of names.
fn named(dataset: &Dataset, kind: TermKind, diff: &Diff<Slug>) -> Diff<String> {
    let names = |ids: &[Slug]| ids.iter().map(|i| term_name(dataset, kind, i)).collect();
    Diff {
        added: names(&diff.added),
        dropped: names(&diff.dropped),
        kept: names(&diff.kept),
    }
}

fn level_section(dataset: &Dataset, level: &LevelComparison, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    let id = format!("niveau-{}", level.level.as_str());
    let parts: [(&str, Diff<String>); 5] = [
        (
            t("Interventies", "Interventions"),
            level.interventions.clone(),
        ),
        (t("Mechanismen", "Mechanisms"), level.mechanisms.clone()),
        (t("Uitkomsten", "Outcomes"), level.outcomes.clone()),
        (
            t("Thema's", "Themes"),
            named(dataset, TermKind::Theme, &level.themes),
        ),
        (
            t("Uitdagingen", "Challenges"),
            named(dataset, TermKind::Challenge, &level.challenges),
        ),
    ];
    html! {
        section.level aria-labelledby=(id) {
            h3 id=(id) { (level_name(level.level, lang)) }
            @if level.in_neither() {
                p.muted { (t("Geen ketens op dit niveau, in geen van beide sessies.", "No chains at this level, in neither session.")) }
            } @else {
                p {
                    (t("Ketens: ", "Chains: ")) "A " (level.chains.a) ", B " (level.chains.b) ". "
                    @if level.changed() {
                        (t("Er is iets toegevoegd of vervallen.", "Something was added or dropped."))
                    } @else {
                        (t("Niets toegevoegd of vervallen.", "Nothing added or dropped."))
                    }
                }
                dl.compare {
                    @for (name, diff) in &parts {
                        dt { strong { (name) } }
                        dd { (diff_list(diff, lang)) }
                    }
                }
            }
        }
    }
}

async fn render(
    state: &AppState,
    chrome: &mut Chrome,
    id: &str,
    query: &CompareQuery,
) -> Result<Markup, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| lang.pick(nl, en);
    let snapshot = state.snapshot.get(&state.store).await?;
    let viewer = chrome.viewer.clone().ok_or(AppError::Forbidden)?;
    let dataset = snapshot.readable(&viewer).dataset;
    let initiative = snapshot.initiative(&viewer, id).ok_or(AppError::NotFound)?;
    let back = format!("/initiatieven/{}", initiative.id);
    let title = format!(
        "{} – {}",
        t("Ontwerpen vergelijken", "Compare designs"),
        initiative.name
    );
    let heading = html! {
        p { a href=(back) { "← " (initiative.name) } }
        h1 { (t("Ontwerpen vergelijken", "Compare designs")) ": " (initiative.name) }
    };
    let sessions = initiative.sessions();
    let Some((a, b)) = resolve(initiative, query, lang)? else {
        let body = html! {
            (heading)
            p { (too_few(sessions.len(), lang)) }
            p { a href=(back) { (t("Terug naar ", "Back to ")) (initiative.name) } }
        };
        return Ok(layout::page(chrome, &title, body));
    };
    chrome.path = format!("{}?a={a}&b={b}", href(initiative.id.as_str()));
    let (sa, sb) = (&sessions[a], &sessions[b]);
    let c = compare_sessions(sa, sb);
    let (label_a, label_b) = (
        session_label(sessions, a, lang),
        session_label(sessions, b, lang),
    );
    let mut by_date: Vec<usize> = (0..sessions.len()).collect();
    by_date.sort_by_key(|n| (sessions[*n].date, *n));
    let select = |name: &str, label: &str, chosen: usize| {
        html! {
            div {
                label for=(name) { (label) }
                select id=(name) name=(name) {
                    @for n in &by_date {
                        option value=(n) selected[*n == chosen] { (session_label(sessions, *n, lang)) }
                    }
                }
            }
        }
    };
    let changed = c.scores.iter().filter(|s| s.changed()).count();
    let clause = |w: Option<Werkplekleren>| match w {
        Some(w) => werkplekleren_text(w, lang),
        None => t("is het niet vastgelegd", "it is not recorded"),
    };
    let body = html! {
        (heading)
        p {
            (t("Twee sessies naast elkaar: wat er aan scores veranderde en wat er per niveau aan interventies, mechanismen en uitkomsten bijkwam of verviel.",
               "Two sessions side by side: which scores changed, and which interventions, mechanisms and outcomes were added or dropped at each level."))
        }
        form.filters method="get" action=(href(initiative.id.as_str())) {
            (select("a", t("Eerste sessie (A)", "First session (A)"), a))
            (select("b", t("Tweede sessie (B)", "Second session (B)"), b))
            @if lang == Lang::En { input type="hidden" name="lang" value="en"; }
            div { button type="submit" { (t("Vergelijk", "Compare")) } }
        }
        @if a == b {
            p.notice { (t("U vergelijkt een sessie met zichzelf; kies twee verschillende sessies.", "You are comparing a session with itself; choose two different sessions.")) }
        }
        dl {
            dt { (t("Sessie A", "Session A")) } dd { (label_a) }
            dt { (t("Sessie B", "Session B")) } dd { (label_b) }
        }
        section aria-labelledby="scores" {
            h2 id="scores" { (t("LLO-interventies", "LLO interventions")) }
            @match (&sa.llo, &sb.llo) {
                (Some(pa), Some(pb)) => {
                    figure {
                        (PreEscaped(uti_core::charts::radar_compare(pa, pb, (&format!("A: {label_a}"), &format!("B: {label_b}")), lang, "vergelijking")))
                        figcaption { (t("A doorgetrokken met rondjes, B gestreept met vierkantjes. Score 0 = niet, 1 = in enige mate, 2 = in ruime mate.", "A solid with dots, B dashed with squares. Score 0 = not, 1 = to some extent, 2 = extensively.")) }
                    }
                    p {
                        @match changed {
                            0 => (t("Geen enkele score is veranderd.", "No score changed.")),
                            1 => (t("1 van de 5 scores is veranderd.", "1 of the 5 scores changed.")),
                            n => { (n) (t(" van de 5 scores zijn veranderd.", " of the 5 scores changed.")) },
                        }
                    }
                },
                (None, None) => p.muted { (t("Geen van beide sessies heeft een plot.", "Neither session has a plot.")) },
                (None, Some(_)) => p.muted { (t("Sessie A heeft geen plot; de verschillen zijn onbekend.", "Session A has no plot; the changes are unknown.")) },
                (Some(_), None) => p.muted { (t("Sessie B heeft geen plot; de verschillen zijn onbekend.", "Session B has no plot; the changes are unknown.")) },
            }
            @if sa.llo.is_some() || sb.llo.is_some() {
                table.compare {
                    caption { (t("Scores per type: A, B en verschil", "Scores per type: A, B and change")) }
                    thead {
                        tr {
                            th scope="col" { (t("Type", "Type")) }
                            th scope="col" class="num" { "A" }
                            th scope="col" class="num" { "B" }
                            th scope="col" class="num" { (t("Verschil", "Change")) }
                        }
                    }
                    tbody {
                        @for s in &c.scores {
                            tr class=[s.changed().then_some("changed")] {
                                th scope="row" { (type_name(s.llo_type, lang)) }
                                td.num { (s.a.map_or("–".to_owned(), |x| x.value().to_string())) }
                                td.num { (s.b.map_or("–".to_owned(), |x| x.value().to_string())) }
                                td.num {
                                    @if s.changed() { strong { (change_text(s.change, lang)) } } @else { (change_text(s.change, lang)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="werkplekleren" {
            h2 id="werkplekleren" { (t("Werkplekleren", "Workplace learning")) }
            p class=[(c.werkplekleren.a != c.werkplekleren.b).then_some("changed")] {
                (t("In A ", "In A, ")) (clause(c.werkplekleren.a)) "; " (t("in B ", "in B, ")) (clause(c.werkplekleren.b)) ". "
                @if c.werkplekleren.a == c.werkplekleren.b {
                    (t("Ongewijzigd.", "Unchanged."))
                } @else {
                    strong { (t("Gewijzigd.", "Changed.")) }
                }
            }
        }
        section aria-labelledby="niveaus" {
            h2 id="niveaus" { (t("Redeneerketens per niveau", "CIMO chains by level")) }
            p { (t("Per niveau wat in B is toegevoegd en wat uit A is vervallen; teksten worden vergeleken zonder op hoofdletters en spaties te letten.", "Per level what B added and what was dropped from A; texts are compared ignoring case and spacing.")) }
            @for level in Level::ALL {
                (level_section(dataset, c.level(*level), lang))
            }
        }
    };
    Ok(layout::page(chrome, &title, body))
}
