//! The regional landscape: organisations and where they take part,
//! relations between initiatives, the action agenda and the development
//! coalitions (`/landschap`, `/api/landscape`).

/// The action agenda by goal and by status.
pub mod agenda;
/// The landscape as JSON.
pub mod api;
/// Coverage matrices and their gaps, with downloads.
pub mod coverage;
/// The landscape as a graph file for other tools.
pub mod exports;
/// One initiative's overlaps, peers and relations.
pub mod initiative;
/// The network map.
pub mod map;
/// The row of links between the parts of the landscape.
pub mod nav;
/// One organisation's page and merging duplicates.
pub mod organisations;
/// The landscape page.
pub mod page;
/// The overlap finder and the peer suggestions.
pub mod pairs;
/// Relations between initiatives, entered by researchers.
pub mod relations;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::landscape,
        pairs::overlaps_api,
        pairs::peers_api,
        coverage::api,
        exports::api,
        relations::api_add,
        relations::api_remove,
        organisations::api_merge,
        agenda::api_set_status
    ),
    components(schemas(
        api::LandscapeDoc,
        api::OrganisationUseDoc,
        api::PartDoc,
        pairs::PairPage,
        pairs::PairDoc,
        pairs::ReasonDoc,
        coverage::CoverageDoc,
        coverage::MatrixDoc,
        coverage::LabelDoc,
        coverage::CellDoc,
        relations::AddedRelationDoc,
        relations::RemovedRelationDoc,
        organisations::MergeBody,
        organisations::MergedDoc,
        agenda::StatusBody,
        agenda::StatusDoc
    ))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::{delete, get, post, put};

/// `/landschap` and `GET /api/landscape`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/landschap", get(page::page))
        .route("/api/landscape", get(api::landscape))
        .route("/landschap/overlap", get(pairs::overlaps_page))
        .route("/landschap/peers", get(pairs::peers_page))
        .route(
            "/initiatieven/{id}/landschap",
            get(initiative::initiative_page),
        )
        .route("/api/landscape/overlaps", get(pairs::overlaps_api))
        .route("/api/landscape/peers", get(pairs::peers_api))
        .route("/landschap/kaart", get(map::page))
        .route("/landschap/dekking", get(coverage::page))
        .route("/landschap/dekking.xlsx", get(coverage::xlsx))
        .route("/landschap/dekking/{file}", get(coverage::csv))
        .route("/api/landscape/coverage", get(coverage::api))
        .route("/landschap/export/{file}", get(exports::download))
        .route("/api/landscape/graph", get(exports::api))
        .route("/initiatieven/{id}/relaties", post(initiative::add))
        .route(
            "/initiatieven/{id}/relaties/verwijderen",
            post(relations::remove),
        )
        .route("/api/landscape/relations", post(relations::api_add))
        .route(
            "/api/landscape/relations/{from}/{kind}/{to}",
            delete(relations::api_remove),
        )
        .route("/landschap/organisaties/{id}", get(organisations::page))
        .route(
            "/landschap/organisaties/{id}/samenvoegen",
            post(organisations::merge),
        )
        .route(
            "/api/landscape/organisations/{id}/merge",
            post(organisations::api_merge),
        )
        .route("/landschap/agenda", get(agenda::page))
        .route("/landschap/agenda/{id}/status", post(agenda::set_status))
        .route(
            "/api/landscape/activities/{id}/status",
            put(agenda::api_set_status),
        )
}

/// How the API answers the store's refusal of a landscape change: an id
/// that names nothing (in the path or in the body) is 404, a change that
/// clashes with what is stored (a relation to itself or there already, a
/// merge into itself, a status changed meanwhile) is 409; both say which.
/// The web forms answer with their own page instead.
pub fn api_refusal(
    e: uti_store::StoreError,
    lang: uti_core::Lang,
) -> crate::kernel::error::AppError {
    use crate::kernel::error::AppError;
    use uti_store::LandscapeError as L;
    use uti_store::StoreError;
    match e {
        StoreError::Landscape(
            e @ (L::UnknownInitiative(_)
            | L::UnknownOrganisation(_)
            | L::UnknownRelation(_)
            | L::UnknownActivity(_)),
        ) => AppError::Refused(axum::http::StatusCode::NOT_FOUND, e.message(lang)),
        StoreError::Landscape(
            e @ (L::SelfRelation(_)
            | L::RelationExists(_)
            | L::MergeIntoItself(_)
            | L::StaleStatus { .. }),
        ) => AppError::Conflict(e.message(lang)),
        other => AppError::Store(other),
    }
}
