//! The analysis of the network (all of `uti analyse`), recomputed for a
//! sector, a session kind and a period when filters are given.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{PreEscaped, html};
use serde::Deserialize;
use uti_core::analysis::analyse;
use uti_core::model::{Dataset, LloType, SessionKind};
use uti_core::prose::{summarise, type_name};
use uti_core::values::IsoDate;

/// The filters of the analysis.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct AnalysisFilters {
    /// Only initiatives in this sector.
    #[serde(default)]
    pub sector: String,
    /// Only sessions of this kind.
    #[serde(default)]
    pub soort: String,
    /// Only sessions on or after this date (YYYY-MM-DD).
    #[serde(default)]
    pub van: String,
    /// Only sessions on or before this date (YYYY-MM-DD).
    #[serde(default)]
    pub tot: String,
}

impl AnalysisFilters {
    /// Whether any filter is set.
    pub fn any(&self) -> bool {
        !(self.sector.is_empty()
            && self.soort.is_empty()
            && self.van.is_empty()
            && self.tot.is_empty())
    }

    /// The dataset restricted by the filters; a bad date is an error for the user.
    pub fn apply(&self, dataset: &Dataset, lang: uti_core::Lang) -> Result<Dataset, String> {
        let date = |text: &str, what: &str| -> Result<Option<IsoDate>, String> {
            if text.is_empty() {
                return Ok(None);
            }
            // Digits in a date's shape that name no day (31-02-2024) are
            // "no existing date"; anything else is no date at all.
            let shaped = text.bytes().all(|b| b.is_ascii_digit() || b == b'-');
            IsoDate::parse_lenient(text).map(Some).ok_or_else(|| match (lang, shaped) {
                (uti_core::Lang::Nl, true) => {
                    format!("{what}: ‘{text}’ is geen bestaande datum; schrijf bijvoorbeeld 15-01-2027 of 2027-01-15.")
                }
                (uti_core::Lang::Nl, false) => {
                    format!("{what}: ‘{text}’ is geen datum; schrijf bijvoorbeeld 15-01-2027 of 2027-01-15.")
                }
                (uti_core::Lang::En, true) => {
                    format!("{what}: ‘{text}’ is not a real date; write for example 15-01-2027 or 2027-01-15.")
                }
                (uti_core::Lang::En, false) => {
                    format!("{what}: ‘{text}’ is not a date; write for example 15-01-2027 or 2027-01-15.")
                }
            })
        };
        let from = date(&self.van, lang.pick("Van", "From"))?;
        let to = date(&self.tot, lang.pick("Tot en met", "Up to"))?;
        let kind = SessionKind::parse(&self.soort);
        let mut out = dataset.clone();
        if let Some(initiatives) = out.initiatives.as_mut() {
            initiatives.retain(|i| {
                self.sector.is_empty() || i.sectors.iter().flatten().any(|s| *s == self.sector)
            });
            for i in initiatives.iter_mut() {
                if let Some(sessions) = i.sessions.as_mut() {
                    sessions.retain(|s| {
                        kind.is_none_or(|k| s.kind == k)
                            && from.is_none_or(|f| s.date >= f)
                            && to.is_none_or(|t| s.date <= t)
                    });
                }
            }
        }
        Ok(out)
    }
}

/// `GET /analyse`.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(filters): Query<AnalysisFilters>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/analyse");
    crate::kernel::error::respond(render(&state, &chrome, &filters).await, &chrome)
}

/// Up to this many initiatives the breadth is listed per initiative; beyond
/// it the page shows how often each breadth occurs.
const BREADTH_LISTED: usize = 100;

async fn render(
    state: &AppState,
    chrome: &Chrome,
    filters: &AnalysisFilters,
) -> Result<Response, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let snapshot = state.snapshot.get(&state.store).await?;
    let viewer = chrome.viewer.as_ref().ok_or(AppError::Forbidden)?;
    let readable = snapshot.readable(viewer);
    let (dataset, analysis, problem) = if filters.any() {
        match filters.apply(readable.dataset, lang) {
            Ok(d) => {
                let a = analyse(&d);
                (std::borrow::Cow::Owned(d), std::borrow::Cow::Owned(a), None)
            }
            Err(message) => (
                std::borrow::Cow::Borrowed(readable.dataset),
                std::borrow::Cow::Borrowed(readable.analysis),
                Some(message),
            ),
        }
    } else {
        (
            std::borrow::Cow::Borrowed(readable.dataset),
            std::borrow::Cow::Borrowed(readable.analysis),
            None,
        )
    };
    // The error message belongs to the date field(s) that are not dates.
    let bad = |text: &str| {
        (!text.is_empty() && IsoDate::parse_lenient(text).is_none()).then_some("datumfout")
    };
    let title = t("Analyse van het netwerk", "Analysis of the network");
    let render = || {
        let names: std::collections::HashMap<&str, &str> = dataset
            .initiatives()
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()))
            .collect();
        let name = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
        let sections = summarise(&analysis, &dataset, lang);
        // How many initiatives use 0, 1, ... 5 types.
        let mut spread = [0usize; 6];
        for n in analysis.breadth.values() {
            spread[(*n).min(5)] += 1;
        }
        html! {
            h1 { (title) }
            nav.toc aria-labelledby="inhoud-titel" {
                h2 id="inhoud-titel" { (t("Op deze pagina", "On this page")) }
                ol {
                    li { a href="#gebruik" { (t("Gebruik per type", "Use per type")) } }
                    li { a href="#samen" { (t("Samen gebruikt", "Used together")) } }
                    li { a href="#breedte" { (t("Breedte per initiatief", "Breadth per initiative")) } }
                    li { a href="#zinnen" { (t("Conclusies in zinnen", "Conclusions in sentences")) } }
                    li { a href="#rapport" { (t("Rapport downloaden", "Download the report")) } }
                }
            }
            form.filters method="get" action="/analyse" {
                (crate::kernel::widgets::select("sector", t("Sector", "Sector"), t("alle", "any"), crate::kernel::widgets::text_options(&snapshot.sectors), &filters.sector))
                (crate::kernel::widgets::select("soort", t("Soort sessie", "Session kind"), t("alle", "any"), crate::kernel::widgets::kind_options(lang), &filters.soort))
                div {
                    label for="van" { (t("Van (dd-mm-jjjj)", "From (dd-mm-yyyy)")) }
                    input type="text" id="van" name="van" value=(filters.van) inputmode="numeric" aria-describedby=[bad(&filters.van)] aria-invalid=[bad(&filters.van).map(|_| "true")];
                }
                div {
                    label for="tot" { (t("Tot en met (dd-mm-jjjj)", "Up to (dd-mm-yyyy)")) }
                    input type="text" id="tot" name="tot" value=(filters.tot) inputmode="numeric" aria-describedby=[bad(&filters.tot)] aria-invalid=[bad(&filters.tot).map(|_| "true")];
                }
                div { button type="submit" { (t("Opnieuw berekenen", "Recompute")) } }
            }
            @if let Some(message) = &problem {
                p.error id="datumfout" role="alert" { (message) }
            }
            p role="status" {
                (match lang {
                    uti_core::Lang::Nl => format!("{} initiatieven, waarvan {} met een plot; {} sessies.", analysis.initiatives_total, analysis.initiatives_plotted, analysis.sessions),
                    uti_core::Lang::En => format!("{} initiatives, {} with a plot; {} sessions.", analysis.initiatives_total, analysis.initiatives_plotted, analysis.sessions),
                })
            }
            section aria-labelledby="rapport" {
                h2 id="rapport" { (t("Rapport downloaden", "Download the report")) }
                (crate::reports::page::report_downloads(lang))
            }
            section aria-labelledby="gebruik" {
                h2 id="gebruik" { (t("Gebruik per type", "Use per type")) }
                figure { (PreEscaped(uti_core::charts::usage_bars(&analysis, lang, "gebruik"))) }
                table {
                    caption { (t("Gebruik per type, in cijfers", "Use per type, in numbers")) }
                    thead { tr { th scope="col" { (t("Type", "Type")) } th.num scope="col" { (t("Initiatieven", "Initiatives")) } th.num scope="col" { (t("waarvan in ruime mate", "of which extensively")) } } }
                    tbody {
                        @for (k, u) in &analysis.usage {
                            tr { th scope="row" { (type_name(*k, lang)) } td.num { (u.count) } td.num { (u.extensive) } }
                        }
                    }
                }
            }
            section aria-labelledby="samen" {
                h2 id="samen" { (t("Samen gebruikt", "Used together")) }
                figure { (PreEscaped(uti_core::charts::co_occurrence_heatmap(&analysis, lang, "samen-kaart"))) }
                div.table-scroll role="region" aria-label=(t("Aantal initiatieven dat beide typen gebruikt", "Initiatives that use both types")) tabindex="0" {
                table {
                    caption { (t("Aantal initiatieven dat beide typen gebruikt", "Initiatives that use both types")) }
                    thead { tr { td {} @for k in LloType::ALL { th scope="col" { (type_name(*k, lang)) } } } }
                    tbody {
                        @for (a, row) in &analysis.co_occurrence {
                            tr { th scope="row" { (type_name(*a, lang)) } @for n in row.values() { td.num { (n) } } }
                        }
                    }
                }
                }
            }
            section aria-labelledby="breedte" {
                h2 id="breedte" { (t("Breedte per initiatief", "Breadth per initiative")) }
                @if analysis.breadth.len() <= BREADTH_LISTED {
                    table {
                        thead { tr { th scope="col" { (t("Initiatief", "Initiative")) } th.num scope="col" { (t("Typen gebruikt", "Types used")) } } }
                        tbody {
                            @for (id, n) in &analysis.breadth {
                                tr { td { a href={ "/initiatieven/" (id.as_str()) } { (name(id.as_str())) } } td.num { (n) } }
                            }
                        }
                    }
                } @else {
                    p { (t("Bij zo veel initiatieven staat hier hoe vaak elke breedte voorkomt; de breedte van één initiatief staat op zijn eigen pagina en in de export (XLSX of CSV).", "With this many initiatives, this shows how often each breadth occurs; the breadth of one initiative is on its own page and in the export (XLSX or CSV).")) }
                    table {
                        thead { tr { th scope="col" { (t("Typen gebruikt", "Types used")) } th.num scope="col" { (t("Initiatieven", "Initiatives")) } } }
                        tbody {
                            @for (n, count) in spread.iter().enumerate() {
                                tr { th scope="row" { (n) } td.num { (count) } }
                            }
                        }
                    }
                }
            }
            section aria-labelledby="zinnen" {
                h2 id="zinnen" { (t("Conclusies in zinnen", "Conclusions in sentences")) }
                @for section in &sections {
                    h3 { (section.title) }
                    @for sentence in &section.sentences { p { (sentence) } }
                }
            }
        }
    };
    // Without filters the page depends only on the revision and the
    // language: it is rendered once per revision.
    if filters.any() {
        return Ok(layout::page(chrome, title, render()).into_response());
    }
    let key = format!(
        "analyse:{}:{}",
        crate::kernel::i18n::code(lang),
        if readable.drafts_hidden {
            "published"
        } else {
            "all"
        }
    );
    let cached = snapshot.fragment(&key, || render().into_string());
    Ok(layout::page_around(chrome, title, cached))
}
