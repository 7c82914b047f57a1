//! `/zoeken?q=…`: the hits grouped by kind, the matched words marked.

use super::results::{self, MAX_QUERY, kind_name, marked};
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use axum::extract::{Query, State};
use axum::response::Response;
use maud::html;
use serde::Deserialize;
use std::sync::Arc;
use uti_core::Lang;

/// Hits shown of each kind.
const SHOWN: usize = 20;

/// `?q=…`.
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The words to find.
    pub q: Option<String>,
}

/// The search page.
pub async fn page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(query): Query<PageQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, "/zoeken");
    let t = |nl, en| lang.pick(nl, en);
    let q: String = query
        .q
        .unwrap_or_default()
        .trim()
        .chars()
        .take(MAX_QUERY)
        .collect();
    let result = async {
        let snapshot = state.snapshot.get(&state.store).await?;
        let (groups, keys) = if q.is_empty() {
            (Vec::new(), Vec::new())
        } else {
            results::search(&snapshot, &viewer, &q, SHOWN, lang)
        };
        let total: usize = groups.iter().map(|g| g.total).sum();
        let body = html! {
            h1 { (t("Zoeken", "Search")) }
            form.search-page role="search" method="get" action="/zoeken" {
                label for="zoekterm" { (t("Zoek in initiatieven, sessies, ketens, notities, organisaties, de doe-agenda en coalities", "Search initiatives, sessions, chains, notes, organisations, the action agenda and coalitions")) }
                input id="zoekterm" type="search" name="q" value=(q) maxlength=(MAX_QUERY);
                " "
                button type="submit" { (t("Zoeken", "Search")) }
            }
            @if q.is_empty() {
                p.empty { (t("Typ een of meer woorden. Woordvormen tellen mee: ‘werkgever’ vindt ook ‘werkgevers’, ‘begeleiding’ ook ‘begeleiden’. Een resultaat bevat alle woorden.", "Type one or more words. Word forms count: ‘werkgever’ also finds ‘werkgevers’, ‘begeleiding’ also ‘begeleiden’. A result holds every word.")) }
            } @else if keys.is_empty() {
                p.empty { (t("Geen woorden om naar te zoeken: gebruik letters of cijfers.", "No words to search for: use letters or digits.")) }
            } @else if total == 0 {
                p.empty role="status" { (match lang {
                    Lang::Nl => format!("Niets gevonden voor ‘{q}’. Probeer minder woorden, of een ander woord met dezelfde betekenis."),
                    Lang::En => format!("Nothing found for ‘{q}’. Try fewer words, or another word with the same meaning."),
                }) }
            } @else {
                p role="status" { (match lang {
                    Lang::Nl => format!("{total} {} voor ‘{q}’.", if total == 1 { "resultaat" } else { "resultaten" }),
                    Lang::En => format!("{total} {} for ‘{q}’.", if total == 1 { "result" } else { "results" }),
                }) }
                nav aria-label=(t("Resultaten per soort", "Results by kind")) {
                    ul.toc { @for g in &groups {
                        li { a href=(format!("#soort-{}", kind_key(g.kind))) { (kind_name(g.kind, lang)) " (" (g.total) ")" } }
                    } }
                }
                @for g in &groups {
                    section aria-labelledby=(format!("soort-{}", kind_key(g.kind))) {
                        h2 id=(format!("soort-{}", kind_key(g.kind))) { (kind_name(g.kind, lang)) " (" (g.total) ")" }
                        ol.hits {
                            @for (hit, title, body) in &g.hits {
                                li {
                                    a href=(hit.url) { (marked(title)) }
                                    @if hit.draft { " " span.badge { (t("concept", "draft")) } }
                                    @if let Some(b) = body { p { (marked(b)) } }
                                }
                            }
                        }
                        @if g.total > g.hits.len() {
                            p.hint { (match lang {
                                Lang::Nl => format!("De eerste {} van {}; maak de zoekvraag preciezer, of vraag ze op met GET /api/search?q=…&limit=100.", g.hits.len(), g.total),
                                Lang::En => format!("The first {} of {}; make the query more precise, or ask GET /api/search?q=…&limit=100.", g.hits.len(), g.total),
                            }) }
                        }
                    }
                }
            }
        };
        let title = if q.is_empty() {
            t("Zoeken", "Search").to_owned()
        } else {
            format!("{} ‘{q}’", t("Zoeken:", "Search:"))
        };
        Ok::<_, AppError>(layout::page_around(&chrome, &title, Arc::new(body.into_string())))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// A kind as a fragment id.
fn kind_key(kind: uti_core::search::Kind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
