//! The overview: the network at a glance, initiatives searchable and
//! filterable by sector, target group, LLO type used and session kind.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::extract::{Query, State};
use axum::response::Response;
use maud::{Markup, PreEscaped, html};
use serde::Deserialize;
use uti_core::model::{Initiative, LloType, SessionKind};
use uti_core::prose::{kind_name, type_name};

/// Initiatives per page.
const PAGE: usize = 50;

/// The filters, as they come in the query string.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct Filters {
    /// Text in the name, problem, sectors or target groups.
    #[serde(default)]
    pub q: String,
    /// Sector, exactly.
    #[serde(default)]
    pub sector: String,
    /// Target group, exactly.
    #[serde(default)]
    pub doelgroep: String,
    /// An LLO type the current plot uses.
    #[serde(default, rename = "type")]
    pub llo: String,
    /// A session kind the initiative has had.
    #[serde(default)]
    pub soort: String,
    /// Only those due for a session.
    #[serde(default)]
    pub toe: String,
    /// Page number, from 1.
    #[serde(default)]
    pub pagina: Option<usize>,
}

impl Filters {
    /// Whether an initiative passes every filter.
    pub fn keep(&self, i: &Initiative, today: time::Date) -> bool {
        fn lists(l: &Option<Vec<String>>) -> &[String] {
            l.as_deref().unwrap_or_default()
        }
        let q = self.q.trim().to_lowercase();
        let text_ok = q.is_empty()
            || i.name.to_lowercase().contains(&q)
            || i.id.as_str().contains(&q)
            || i.problem
                .as_deref()
                .is_some_and(|p| p.to_lowercase().contains(&q))
            || lists(&i.sectors)
                .iter()
                .chain(lists(&i.target_groups))
                .any(|s| s.to_lowercase().contains(&q));
        let sector_ok = self.sector.is_empty() || lists(&i.sectors).contains(&self.sector);
        let group_ok =
            self.doelgroep.is_empty() || lists(&i.target_groups).contains(&self.doelgroep);
        let type_ok = self.llo.is_empty()
            || LloType::parse(&self.llo)
                .is_some_and(|t| i.current_plot().is_some_and(|p| p.uses(t)));
        let kind_ok = self.soort.is_empty()
            || SessionKind::parse(&self.soort)
                .is_some_and(|k| i.sessions().iter().any(|s| s.kind == k));
        let due_ok = self.toe.is_empty() || crate::kernel::widgets::due(i, today);
        text_ok && sector_ok && group_ok && type_ok && kind_ok && due_ok
    }
}

/// `GET /`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(filters): Query<Filters>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/");
    crate::kernel::error::respond(render(&state, &chrome, &filters).await, &chrome)
}

async fn render(state: &AppState, chrome: &Chrome, filters: &Filters) -> Result<Markup, AppError> {
    let t = |nl, en| chrome.t(nl, en);
    let lang = chrome.lang;
    let snapshot = state.snapshot.get(&state.store).await?;
    let viewer = chrome.viewer.as_ref().ok_or(AppError::Forbidden)?;
    let readable = snapshot.readable(viewer);
    let (dataset, analysis) = (readable.dataset, readable.analysis);
    let network = dataset
        .network
        .clone()
        .unwrap_or_else(|| t("Leernetwerk", "Learning network").to_owned());
    let today = crate::kernel::widgets::today();
    let all = dataset.initiatives();
    let mut shown: Vec<&Initiative> = all.iter().filter(|i| filters.keep(i, today)).collect();
    shown.sort_by_cached_key(|i| uti_core::prose::collation_key(&i.name));
    let pages = shown.len().div_ceil(PAGE).max(1);
    let page = filters.pagina.unwrap_or(1).clamp(1, pages);
    let due: Vec<&Initiative> = all
        .iter()
        .filter(|i| crate::kernel::widgets::due(i, today))
        .collect();
    let query = |p: usize| {
        format!(
            "?q={}&sector={}&doelgroep={}&type={}&soort={}&toe={}&pagina={p}",
            crate::kernel::error::encode(&filters.q),
            crate::kernel::error::encode(&filters.sector),
            crate::kernel::error::encode(&filters.doelgroep),
            crate::kernel::error::encode(&filters.llo),
            crate::kernel::error::encode(&filters.soort),
            crate::kernel::error::encode(&filters.toe),
        )
    };
    let body = html! {
        h1 { (network) }
        @if network.to_lowercase().contains("fictief") || network.to_lowercase().contains("fictional") {
            p.fictional { (t("Fictief voorbeeldnetwerk: alle initiatieven en uitspraken zijn verzonnen.", "Fictional example network: every initiative and statement is made up.")) }
        }
        @if chrome.viewer.as_ref().is_some_and(crate::kernel::auth::Viewer::can_edit) {
            p.actions { a.button href="/initiatieven/nieuw" { "+ " (t("Nieuw initiatief", "New initiative")) } }
        }
        @if all.is_empty() {
            p.notice {
                (t("Er zijn nog geen initiatieven. Importeer een dataset met ", "There are no initiatives yet. Import a dataset with "))
                code { "uti import BESTAND.yaml" }
                "."
            }
        } @else {
            section aria-labelledby="kerncijfers" {
                h2 id="kerncijfers" { (t("In het kort", "At a glance")) }
                table {
                    caption.sr-only { (t("Kerncijfers van het netwerk", "Key figures of the network")) }
                    tbody {
                        tr { th scope="row" { (t("Initiatieven", "Initiatives")) } td.num { (all.len()) } }
                        tr { th scope="row" { (t("Met een plot", "With a plot")) } td.num { (analysis.initiatives_plotted) } }
                        tr { th scope="row" { (t("Sessies", "Sessions")) } td.num { (analysis.sessions) } }
                        @for (kind, n) in &analysis.sessions_by_kind {
                            tr { th scope="row" { "– " (kind_name(*kind, lang)) } td.num { (n) } }
                        }
                        tr { th scope="row" { (t("Toe aan een eerste of volgende sessie", "Due for a first or next session")) } td.num { (due.len()) } }
                    }
                }
                figure {
                    (PreEscaped(uti_core::charts::usage_bars(analysis, lang, "gebruik-overzicht")))
                    figcaption { (t("Gebruik van de vijf typen LLO-interventies (huidige plots).", "Use of the five types of LLO intervention (current plots).")) }
                }
            }
            section aria-labelledby="initiatieven" {
                h2 id="initiatieven" { (t("Initiatieven", "Initiatives")) }
                form.filters method="get" action="/" role="search" {
                    div {
                        label for="q" { (t("Zoeken", "Search")) }
                        input type="search" id="q" name="q" value=(filters.q);
                    }
                    (crate::kernel::widgets::select("sector", t("Sector", "Sector"), t("alle", "any"), crate::kernel::widgets::text_options(&snapshot.sectors), &filters.sector))
                    (crate::kernel::widgets::select("doelgroep", t("Doelgroep", "Target group"), t("alle", "any"), crate::kernel::widgets::text_options(&snapshot.target_groups), &filters.doelgroep))
                    (crate::kernel::widgets::select("type", t("Gebruikt type", "Uses type"), t("alle", "any"), LloType::ALL.iter().map(|k| (k.as_str(), type_name(*k, lang))), &filters.llo))
                    (crate::kernel::widgets::select("soort", t("Had een sessie", "Had a session"), t("alle", "any"), crate::kernel::widgets::kind_options(lang), &filters.soort))
                    div {
                        input type="checkbox" id="toe" name="toe" value="1" checked[!filters.toe.is_empty()];
                        " "
                        label.inline for="toe" { (t("alleen toe aan een sessie", "only due for a session")) }
                    }
                    div { button type="submit" { (t("Filteren", "Filter")) } }
                }
                p role="status" {
                    (match lang {
                        uti_core::Lang::Nl => format!("{} van {} initiatieven", shown.len(), all.len()),
                        uti_core::Lang::En => format!("{} of {} initiatives", shown.len(), all.len()),
                    })
                }
                @if shown.is_empty() {
                    p { (t("Geen initiatieven voor deze filters.", "No initiatives match these filters.")) " " a href="/" { (t("Filters wissen", "Clear filters")) } }
                }
                ul.cards {
                    @for i in shown.iter().skip((page - 1) * PAGE).take(PAGE) {
                        li {
                            h3 { a href={ "/initiatieven/" (i.id.as_str()) } { (i.name) } }
                            p.muted {
                                @let n = i.sessions().len();
                                (match (lang, n) {
                                    (uti_core::Lang::Nl, 1) => "1 sessie".to_owned(),
                                    (uti_core::Lang::Nl, n) => format!("{n} sessies"),
                                    (uti_core::Lang::En, 1) => "1 session".to_owned(),
                                    (uti_core::Lang::En, n) => format!("{n} sessions"),
                                })
                                @if let Some(last) = crate::kernel::widgets::last_session(i) {
                                    ", " (t("laatste", "latest")) " " (uti_core::prose::date_text(last, lang))
                                }
                                @if crate::kernel::widgets::due(i, today) {
                                    br; strong { @if n == 0 { (t("Toe aan een eerste sessie", "Due for a first session")) } @else { (t("Toe aan een volgende sessie", "Due for a next session")) } }
                                }
                            }
                            @if let Some(sectors) = &i.sectors { p { (sectors.join(", ")) } }
                        }
                    }
                }
                @if pages > 1 {
                    nav.pager aria-label=(t("Pagina's", "Pages")) {
                        @if page > 1 { a href=(query(page - 1)) rel="prev" { (t("Vorige", "Previous")) } }
                        span { (t("Pagina", "Page")) " " (page) " / " (pages) }
                        @if page < pages { a href=(query(page + 1)) rel="next" { (t("Volgende", "Next")) } }
                    }
                }
            }
        }
    };
    Ok(layout::page(chrome, &network, body))
}
