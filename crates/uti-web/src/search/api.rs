//! `GET /api/search?q=…`: the hits as JSON, grouped by kind.

use super::results::{self, HitDoc, MAX_QUERY};
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uti_core::Lang;
use utoipa::{IntoParams, ToSchema};

/// What to search for.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchQuery {
    /// The words to find (all of them in one record; Dutch word forms
    /// match: werkgever finds werkgevers). At most 200 characters.
    #[param(required = true, max_length = 200, example = "werkgevers begeleiding")]
    pub q: Option<String>,
    /// How many hits of each kind at most (1 to 100; 20 by default).
    #[param(minimum = 1, maximum = 100, example = 20)]
    pub limit: Option<i64>,
}

/// The hits.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchDoc {
    /// The query as asked.
    pub q: String,
    /// The search keys its words became (stems), the stop words left out.
    pub keys: Vec<String>,
    /// How many hits there are in all.
    pub total: usize,
    /// How many of each kind, in the order of `results`.
    pub groups: Vec<GroupDoc>,
    /// The hits, grouped by kind (at most `limit` of each): initiatives,
    /// sessions, chains, notes, organisations, goals, activities,
    /// coalitions, themes, challenges.
    pub results: Vec<HitDoc>,
}

/// The count of one kind of hits.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupDoc {
    /// The kind.
    #[schema(value_type = String, example = "initiative")]
    pub kind: uti_core::search::Kind,
    /// How many hits of this kind.
    pub total: usize,
}

fn bad(lang: Lang, nl: &str, en: &str) -> AppError {
    AppError::BadRequest(lang.pick(nl, en).into())
}

/// `GET /api/search`.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "search",
    operation_id = "search",
    summary = "Searches initiatives, sessions, chains, notes, organisations, the action agenda, coalitions, themes and challenges, matching Dutch word forms.",
    description = "Allowed for: every role. A record is a hit when it holds every word of the query (in any form the Dutch stemmer joins: fiets and fietsen, werkgever and werkgevers; common words such as de and het are skipped). Contacts do not find the draft sessions of other initiatives, nor their session notes. The same data gives the same hits on SQLite and PostgreSQL.",
    params(SearchQuery),
    responses(
        (status = 200, description = "The hits, grouped by kind.", body = SearchDoc),
        (status = 400, description = "No `q`, a `q` longer than 200 characters, or `limit` outside 1 to 100.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn search(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<SearchQuery>,
) -> Response {
    let result = async {
        let q = query.q.ok_or_else(|| {
            bad(
                lang,
                "Parameter q ontbreekt: geef de woorden om naar te zoeken.",
                "Parameter q is missing: give the words to search for.",
            )
        })?;
        if q.chars().count() > MAX_QUERY {
            return Err(bad(
                lang,
                "Parameter q: gebruik hooguit 200 tekens.",
                "Parameter q: use at most 200 characters.",
            ));
        }
        let (_, limit) = crate::kernel::error::window(None, query.limit, 20, 100, lang)?;
        let snapshot = state.snapshot.get(&state.store).await?;
        let (groups, keys) = results::search(&snapshot, &viewer, &q, limit, lang);
        Ok::<_, AppError>(
            Json(SearchDoc {
                q,
                keys,
                total: groups.iter().map(|g| g.total).sum(),
                groups: groups
                    .iter()
                    .map(|g| GroupDoc {
                        kind: g.kind,
                        total: g.total,
                    })
                    .collect(),
                results: groups
                    .into_iter()
                    .flat_map(|g| g.hits.into_iter().map(|(hit, _, _)| hit))
                    .collect(),
            })
            .into_response(),
        )
    }
    .await;
    result.unwrap_or_else(|e| e.json(lang))
}
