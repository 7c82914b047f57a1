//! The analysis as JSON.

use crate::analysis::page::AnalysisFilters;
use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};

/// `GET /api/analysis`.
pub async fn analysis(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(filters): Query<AnalysisFilters>,
) -> Response {
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
