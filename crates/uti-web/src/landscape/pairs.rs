//! The overlap finder and the peer suggestions on pages and in the API:
//! `/landschap/overlap`, `/landschap/peers`, `/initiatieven/{id}/landschap`,
//! `GET /api/landscape/overlaps` and `GET /api/landscape/peers`.
//!
//! Both lists are worked out once per revision, language and readership
//! (contacts do not see drafts) and shared by every request after.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome};
use crate::kernel::snapshot::Snapshot;
use axum::Json;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use maud::{Markup, html};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Arc;
use uti_core::Lang;
use uti_core::landscape::overlaps::{Reason, ReasonKind};
use uti_core::model::Dataset;
use utoipa::{IntoParams, ToSchema};

/// Which of the two lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    /// Initiatives that do much the same for the same people.
    Overlaps,
    /// Initiatives that face the same issues in different places.
    Peers,
}

impl Which {
    fn key(self) -> &'static str {
        match self {
            Which::Overlaps => "overlaps",
            Which::Peers => "peers",
        }
    }
}

/// One pair as worked out, with the names of both initiatives.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PairDoc {
    /// The initiative with the smaller id.
    #[schema(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub a: String,
    /// Its name.
    pub a_name: String,
    /// The other initiative.
    #[schema(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub b: String,
    /// Its name.
    pub b_name: String,
    /// The points: the higher, the more the pair has in common.
    pub score: u32,
    /// Why, each reason with its values.
    pub reasons: Vec<ReasonDoc>,
}

/// One reason of a pair.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonDoc {
    /// What kind of reason.
    #[schema(value_type = String, example = "same-target-group")]
    pub kind: ReasonKind,
    /// The reason in a phrase, in the asked language.
    pub text: String,
    /// The values it is about, as shown.
    pub items: Vec<String>,
}

impl From<&Reason> for ReasonDoc {
    fn from(r: &Reason) -> Self {
        ReasonDoc {
            kind: r.kind,
            text: r.text.clone(),
            items: r.items.clone(),
        }
    }
}

/// Every pair of one list, ranked, with where each initiative occurs.
#[derive(Debug, Default)]
pub struct Pairs {
    /// The pairs, score descending, then by the ids.
    pub list: Vec<PairDoc>,
    /// For each initiative id the places of its pairs in `list`.
    by_initiative: HashMap<String, Vec<usize>>,
}

impl Pairs {
    fn new(dataset: &Dataset, which: Which, lang: Lang) -> Pairs {
        let names: HashMap<&str, &str> = dataset
            .initiatives()
            .iter()
            .map(|i| (i.id.as_str(), i.name.as_str()))
            .collect();
        let rows: Vec<(String, String, u32, Vec<Reason>)> = match which {
            Which::Overlaps => uti_core::landscape::overlaps::overlaps(dataset, lang)
                .into_iter()
                .map(|o| (o.a.to_string(), o.b.to_string(), o.score, o.reasons))
                .collect(),
            Which::Peers => uti_core::landscape::peers::peers(dataset, lang)
                .into_iter()
                .map(|p| (p.a.to_string(), p.b.to_string(), p.score, p.reasons))
                .collect(),
        };
        let mut pairs = Pairs::default();
        for (n, (a, b, score, reasons)) in rows.into_iter().enumerate() {
            pairs.by_initiative.entry(a.clone()).or_default().push(n);
            pairs.by_initiative.entry(b.clone()).or_default().push(n);
            let name = |id: &str| names.get(id).copied().unwrap_or(id).to_owned();
            pairs.list.push(PairDoc {
                a_name: name(&a),
                b_name: name(&b),
                a,
                b,
                score,
                reasons: reasons.iter().map(ReasonDoc::from).collect(),
            });
        }
        pairs
    }

    /// The pairs that one initiative is in, ranked.
    pub fn of(&self, id: &str) -> Vec<&PairDoc> {
        self.by_initiative
            .get(id)
            .map(|places| places.iter().map(|&n| &self.list[n]).collect())
            .unwrap_or_default()
    }
}

/// The list `which` for `viewer` at this revision, worked out once.
pub fn pairs_for(snapshot: &Snapshot, viewer: &Viewer, which: Which, lang: Lang) -> Arc<Pairs> {
    let readable = snapshot.readable(viewer);
    let key = format!(
        "pairs:{}:{}:{}",
        which.key(),
        crate::kernel::i18n::code(lang),
        readable.drafts_hidden
    );
    snapshot.derived(&key, || Pairs::new(readable.dataset, which, lang))
}

/// Pairs per page.
const PAGE: usize = 50;

/// `?pagina=N` (from 1).
#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    /// The page.
    pub pagina: Option<String>,
}

/// `/landschap/overlap`.
pub async fn overlaps_page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    list_page(state, lang, viewer, q, Which::Overlaps).await
}

/// `/landschap/peers`.
pub async fn peers_page(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<PageQuery>,
) -> Response {
    list_page(state, lang, viewer, q, Which::Peers).await
}

fn title(which: Which, lang: Lang) -> &'static str {
    match which {
        Which::Overlaps => lang.pick("Overlap tussen initiatieven", "Overlap between initiatives"),
        Which::Peers => lang.pick("Wie kan van wie leren", "Who can learn from whom"),
    }
}

/// What a list of overlaps or of peers means, in a sentence.
pub fn explanation(which: Which, lang: Lang) -> &'static str {
    match which {
        Which::Overlaps => lang.pick(
            "Paren van initiatieven die veel hetzelfde doen voor dezelfde mensen: dezelfde doelgroep, sector of partner, en deels dezelfde LLO-typen. Hoe hoger de score, hoe meer ze gemeen hebben. Bespreek met ze of ze moeten samenwerken, afstemmen of samengaan. Punten: 3 per gedeelde doelgroep, 2 per gedeelde sector, 3 per gedeelde partner, 1 per gedeeld LLO-type.",
            "Pairs of initiatives that do much the same for the same people: the same target group, sector or partner, and partly the same LLO types. The higher the score, the more they have in common. Ask them whether they should work together, coordinate or combine. Points: 3 per shared target group, 2 per shared sector, 3 per shared partner, 1 per shared LLO type.",
        ),
        Which::Peers => lang.pick(
            "Initiatieven die voor dezelfde uitdagingen staan of op dezelfde mechanismen bouwen, terwijl ze in andere sectoren of voor andere doelgroepen werken: op het eerste gezicht weinig gemeen, maar ze kunnen veel van elkaar leren. Geschikt voor een ontmoeting, intervisie of peer review. Punten: 3 per gedeelde uitdaging, 2 per gedeeld mechanisme, 1 per gedeeld thema, 1 voor andere sectoren en 1 voor andere doelgroepen. Alleen vrijgegeven sessies tellen mee.",
            "Initiatives that face the same challenges or build on the same mechanisms while they work in other sectors or for other target groups: little in common at first sight, but much to learn from each other. Suited to a meeting, peer consultation or peer review. Points: 3 per shared challenge, 2 per shared mechanism, 1 per shared theme, 1 for different sectors and 1 for different target groups. Only released sessions count.",
        ),
    }
}

async fn list_page(
    state: AppState,
    lang: Lang,
    viewer: Viewer,
    q: PageQuery,
    which: Which,
) -> Response {
    let path = match which {
        Which::Overlaps => "/landschap/overlap",
        Which::Peers => "/landschap/peers",
    };
    let chrome = Chrome::new(lang, &viewer, path);
    let result = async {
        let snapshot = state.snapshot.get(&state.store).await?;
        let pairs = pairs_for(&snapshot, &viewer, which, lang);
        let pages = pairs.list.len().div_ceil(PAGE).max(1);
        let page = q
            .pagina
            .and_then(|p| p.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, pages);
        let shown: Vec<&PairDoc> = pairs.list.iter().skip((page - 1) * PAGE).take(PAGE).collect();
        let t = |nl, en| lang.pick(nl, en);
        let body = html! {
            (super::nav::subnav(path, lang))
            h1 { (title(which, lang)) }
            p.lead { (explanation(which, lang)) }
            @if pairs.list.is_empty() {
                p.empty { (match which {
                    Which::Overlaps => t("Geen overlap gevonden: geen twee initiatieven delen een doelgroep, een partner, of een sector met een LLO-type. Vul doelgroepen, sectoren en partners in bij de initiatieven.", "No overlap found: no two initiatives share a target group, a partner, or a sector with an LLO type. Fill in the initiatives' target groups, sectors and partners."),
                    Which::Peers => t("Nog geen suggesties: geen twee initiatieven in verschillende sectoren of voor verschillende doelgroepen delen een uitdaging, mechanisme of thema in hun CIMO-ketens. Voeg sessies met ketens toe.", "No suggestions yet: no two initiatives in different sectors or for different target groups share a challenge, mechanism or theme in their CIMO chains. Add sessions with chains."),
                }) }
            } @else {
                p { (match lang {
                    Lang::Nl => format!("{} paren, de hoogste score eerst.", pairs.list.len()),
                    Lang::En => format!("{} pairs, highest score first.", pairs.list.len()),
                }) " "
                    a href=(format!("/api/landscape/{}", which.key())) { (t("Als JSON", "As JSON")) }
                }
                (pair_list(&shown, None, lang))
                (crate::kernel::widgets::pager(path, page, pages, lang))
            }
        };
        Ok::<_, AppError>(layout::page_around(&chrome, title(which, lang), Arc::new(body.into_string())))
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// The pairs as a list; `from` is the initiative whose page this is (its
/// name is then not repeated).
pub fn pair_list(pairs: &[&PairDoc], from: Option<&str>, lang: Lang) -> Markup {
    let link = |id: &str, name: &str| html! { a href=(format!("/initiatieven/{id}")) { (name) } };
    html! {
        ol.pairs {
            @for p in pairs {
                li {
                    @match from {
                        Some(me) if me == p.a => { (link(&p.b, &p.b_name)) }
                        Some(_) => { (link(&p.a, &p.a_name)) }
                        None => { (link(&p.a, &p.a_name)) " " (lang.pick("en", "and")) " " (link(&p.b, &p.b_name)) }
                    }
                    " · " span.score { (lang.pick("score", "score")) " " (p.score) }
                    ul { @for r in &p.reasons { li { (r.text) } } }
                }
            }
        }
    }
}

/// Which pairs the API gives.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PairQuery {
    /// Only the pairs this initiative is in.
    #[param(value_type = Option<crate::kernel::dataset_schema::SlugDoc>)]
    pub initiative: Option<String>,
    /// Skip this many pairs (0 by default).
    #[param(minimum = 0, example = 0)]
    pub offset: Option<i64>,
    /// How many pairs at most (1 to 10000; 1000 by default).
    #[param(minimum = 1, maximum = 10000, example = 1000)]
    pub limit: Option<i64>,
}

/// A page of pairs.
#[derive(Debug, Serialize, ToSchema)]
pub struct PairPage {
    /// How many pairs there are in all (for `initiative`: that it is in).
    pub total: usize,
    /// The pairs skipped.
    pub offset: usize,
    /// Whether more pairs follow: ask again with `offset` raised by `limit`.
    pub more: bool,
    /// The pairs, score descending, then by the ids `a` and `b`.
    pub pairs: Vec<PairDoc>,
}

/// `GET /api/landscape/overlaps`.
#[utoipa::path(
    get,
    path = "/api/landscape/overlaps",
    tag = "landscape",
    operation_id = "getOverlaps",
    summary = "Pairs of initiatives that overlap (same target groups, sectors, partners, LLO types), ranked by a score with its reasons.",
    description = "Allowed for: every role (contacts: without draft sessions). Points: 3 per shared target group, 2 per shared sector, 3 per shared organisation, 1 per shared LLO type; at least 3 points and a shared target group, organisation, or sector with an LLO type; each initiative's best 10, every pair among the best of either.",
    params(PairQuery),
    responses(
        (status = 200, description = "The pairs, highest score first.", body = PairPage),
        (status = 400, description = "`offset` below 0 or `limit` outside 1 to 10000, or not a number.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No such initiative.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn overlaps_api(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<PairQuery>,
) -> Response {
    pairs_api(state, lang, viewer, q, Which::Overlaps).await
}

/// `GET /api/landscape/peers`.
#[utoipa::path(
    get,
    path = "/api/landscape/peers",
    tag = "landscape",
    operation_id = "getPeers",
    summary = "Peer suggestions: initiatives that share a challenge, mechanism or theme while they work in different sectors or for different target groups, ranked by a score with its reasons.",
    description = "Allowed for: every role. Only released sessions count. Points: 3 per shared challenge, 2 per shared mechanism, 1 per shared theme, 1 for different sectors, 1 for different target groups; each initiative's best 10, every pair among the best of either.",
    params(PairQuery),
    responses(
        (status = 200, description = "The pairs, highest score first.", body = PairPage),
        (status = 400, description = "`offset` below 0 or `limit` outside 1 to 10000, or not a number.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 404, description = "No such initiative.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn peers_api(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<PairQuery>,
) -> Response {
    pairs_api(state, lang, viewer, q, Which::Peers).await
}

async fn pairs_api(
    state: AppState,
    lang: Lang,
    viewer: Viewer,
    q: PairQuery,
    which: Which,
) -> Response {
    let result = async {
        let (offset, limit) = crate::kernel::error::window(q.offset, q.limit, 1000, 10_000, lang)?;
        let snapshot = state.snapshot.get(&state.store).await?;
        let pairs = pairs_for(&snapshot, &viewer, which, lang);
        let all: Vec<&PairDoc> = match &q.initiative {
            Some(id) => {
                snapshot.initiative(&viewer, id).ok_or(AppError::NotFound)?;
                pairs.of(id)
            }
            None => pairs.list.iter().collect(),
        };
        Ok::<_, AppError>(
            Json(PairPage {
                total: all.len(),
                offset,
                more: all.len() > offset.saturating_add(limit),
                pairs: all.into_iter().skip(offset).take(limit).cloned().collect(),
            })
            .into_response(),
        )
    }
    .await;
    result.unwrap_or_else(|e| e.json(lang))
}
