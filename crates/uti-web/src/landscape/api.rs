//! `GET /api/landscape`: the landscape's records with where each
//! organisation takes part, serialised once per revision.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::dataset_schema::{AgendaDoc, CoalitionDoc, OrganisationDoc, RelationDoc};
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::i18n::PageLang;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use uti_core::landscape::index::participation;
use utoipa::ToSchema;

/// The landscape.
#[derive(Debug, ToSchema)]
pub struct LandscapeDoc {
    /// Every organisation, in the order kept, with where it takes part.
    pub organisations: Vec<OrganisationUseDoc>,
    /// The relations between initiatives that researchers entered.
    pub relations: Vec<RelationDoc>,
    /// The action agenda (goals and activities; both lists may be empty).
    pub agenda: AgendaDoc,
    /// The development coalitions.
    pub coalitions: Vec<CoalitionDoc>,
}

/// An organisation (as in the dataset) with the initiatives it takes part in.
#[derive(Debug, ToSchema)]
pub struct OrganisationUseDoc {
    /// The organisation as in the dataset.
    pub organisation: OrganisationDoc,
    /// The initiatives that name it as a partner, with the role there.
    pub initiatives: Vec<PartDoc>,
}

/// One initiative an organisation takes part in.
#[derive(Debug, ToSchema)]
pub struct PartDoc {
    /// The initiative's id.
    #[schema(value_type = crate::kernel::dataset_schema::SlugDoc)]
    pub initiative: String,
    /// Its role there.
    pub role: crate::kernel::dataset_schema::PartnerRoleDoc,
}

/// `GET /api/landscape`.
#[utoipa::path(
    get,
    path = "/api/landscape",
    tag = "landscape",
    operation_id = "getLandscape",
    summary = "The regional landscape: organisations with where they take part, relations, the action agenda and the development coalitions.",
    description = "Allowed for: every role. Holds no session data (so no drafts).",
    responses(
        (status = 200, description = "The landscape.", body = LandscapeDoc),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn landscape(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::Store(e).json(lang),
    };
    let dataset = snapshot.readable(&viewer).dataset;
    let body = snapshot.fragment("api:landscape", || {
        let organisations: Vec<_> = participation(dataset)
            .into_iter()
            .map(|(org, parts)| json!({"organisation": org, "initiatives": parts}))
            .collect();
        json!({
            "organisations": organisations,
            "relations": dataset.relations(),
            "agenda": {
                "goals": dataset.goals(),
                "activities": dataset.activities(),
            },
            "coalitions": dataset.coalitions(),
        })
        .to_string()
    });
    (
        [(header::CONTENT_TYPE, "application/json")],
        axum::body::Body::from(crate::kernel::snapshot::Snapshot::bytes(body)),
    )
        .into_response()
}
