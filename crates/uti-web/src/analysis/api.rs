//! The analysis as JSON.

use crate::analysis::page::AnalysisFilters;
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::dataset_schema::DateOrEmpty;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use utoipa::{IntoParams, ToSchema};

/// The filters of `GET /api/analysis`, for the document; read as the
/// page's [`AnalysisFilters`]. An empty value is no filter.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnalysisParams {
    /// Only initiatives in this sector.
    #[param(example = "zorg")]
    pub sector: Option<String>,
    /// Only sessions of this kind (empty: every kind).
    #[param(inline)]
    pub soort: Option<KindFilter>,
    /// Only sessions on or after this date (`YYYY-MM-DD`; empty: no bound).
    #[param(value_type = Option<DateOrEmpty>, example = "2024-01-01")]
    pub van: Option<String>,
    /// Only sessions on or before this date (`YYYY-MM-DD`; empty: no bound).
    #[param(value_type = Option<DateOrEmpty>, example = "2024-12-31")]
    pub tot: Option<String>,
}

/// A session kind to filter on, or empty for every kind.
#[derive(Debug)]
pub struct KindFilter;

impl utoipa::PartialSchema for KindFilter {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        crate::kernel::dataset_schema::text_enum(
            &["beoogd-ontwerp", "ontwerp-in-actie", "afsluitend", ""],
            "A session kind, or empty for every kind.",
        )
    }
}

impl utoipa::ToSchema for KindFilter {}

/// The analysis `uti-analysis/1` (see the analysis format): counts, usage
/// of the LLO types, co-occurrence, rules, breadth, workplace learning,
/// challenges, themes and drift.
#[derive(Debug, ToSchema)]
pub struct AnalysisDoc {
    /// `uti-analysis/1`.
    #[schema(example = "uti-analysis/1")]
    pub format: String,
    /// Number of initiatives.
    pub initiatives_total: u64,
    /// Number of initiatives with a current plot.
    pub initiatives_plotted: u64,
    /// Number of sessions.
    pub sessions: u64,
    /// Sessions per kind.
    #[schema(value_type = Object)]
    pub sessions_by_kind: serde_json::Value,
    /// Per LLO type: `{count, extensive, initiatives}`.
    #[schema(value_type = Object)]
    pub usage: serde_json::Value,
    /// Type → type → number of initiatives that use both.
    #[schema(value_type = Object)]
    pub co_occurrence: serde_json::Value,
    /// `{if, then, holds, of, exceptions}`.
    #[schema(value_type = Vec<Object>)]
    pub rules: Vec<serde_json::Value>,
    /// Initiative id → number of types it uses.
    #[schema(value_type = Object)]
    pub breadth: serde_json::Value,
    /// Workplace-learning value → number of initiatives.
    #[schema(value_type = Object)]
    pub werkplekleren: serde_json::Value,
    /// Challenge id → `{count, initiatives}`.
    #[schema(value_type = Object)]
    pub challenges: serde_json::Value,
    /// Theme id → `{count, initiatives}`.
    #[schema(value_type = Object)]
    pub themes: serde_json::Value,
    /// `{initiative, from, to, changes}` per initiative with two or more
    /// plotted sessions.
    #[schema(value_type = Vec<Object>)]
    pub drift: Vec<serde_json::Value>,
}

/// `GET /api/analysis`.
#[utoipa::path(
    get,
    path = "/api/analysis",
    tag = "analysis",
    operation_id = "getAnalysis",
    summary = "The analysis across initiatives (uti-analysis/1), optionally for a sector, a session kind and a period.",
    description = "Allowed for: every role. An initiative contact's analysis leaves other initiatives' drafts out.",
    params(AnalysisParams),
    responses(
        (status = 200, description = "The analysis.", body = AnalysisDoc),
        (status = 400, description = "`van` or `tot` is not a date, or `soort` is not a session kind.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn analysis(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(filters): ApiQuery<AnalysisFilters>,
) -> Response {
    if !filters.soort.is_empty() && uti_core::model::SessionKind::parse(&filters.soort).is_none() {
        let names = uti_core::model::SessionKind::NAMES.join(", ");
        return AppError::BadRequest(match lang {
            uti_core::Lang::Nl => format!(
                "Parameter `soort`: onbekende soort sessie `{}`; kies uit {names}",
                filters.soort
            ),
            uti_core::Lang::En => format!(
                "Parameter `soort`: unknown session kind `{}`; choose from {names}",
                filters.soort
            ),
        })
        .json(lang);
    }
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::Store(e).json(lang),
    };
    let readable = snapshot.readable(&viewer);
    let body = if filters.any() {
        match filters.apply(readable.dataset, lang) {
            Ok(d) => uti_core::analysis::analyse(&d).to_json(),
            Err(message) => return AppError::BadRequest(message).json(lang),
        }
    } else {
        readable.analysis.to_json()
    };
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}
