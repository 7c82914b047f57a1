//! Themes and shared challenges: lists with usage, one term's page, create,
//! edit, merge and delete, in the pages and the API.

/// The API of themes and challenges.
pub mod api;
/// The pages of themes and challenges.
pub mod pages;
/// Where each term is used, from the dataset in memory.
pub mod usage;

/// The API operations of this feature, for the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        api::api_list,
        api::api_get,
        api::api_create,
        api::api_update,
        api::api_merge,
        api::api_delete,
    ),
    components(schemas(
        api::KindParam,
        api::NamedInitiative,
        api::TermUseDoc,
        api::StoredTermDoc,
        api::TermListsDoc,
        api::TermFieldsDoc,
        api::TermChangeDoc,
        api::ChangedTermDoc,
        api::MergeDoc,
        api::MergedDoc,
        api::DeletedDoc,
        api::DeletedTerm,
    ))
)]
pub struct ApiDoc;

use crate::kernel::AppState;
use axum::Router;
use axum::routing::{get, post};

/// The pages under `/themas` and the API under `/api/terms`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/themas", get(pages::list))
        .route("/themas/{kind}", post(pages::create))
        .route(
            "/themas/{kind}/{id}",
            get(pages::detail).post(pages::update),
        )
        .route("/themas/{kind}/{id}/samenvoegen", post(pages::merge))
        .route("/themas/{kind}/{id}/verwijderen", post(pages::delete))
        .route("/api/terms", get(api::api_list))
        .route("/api/terms/{kind}", post(api::api_create))
        .route(
            "/api/terms/{kind}/{id}",
            get(api::api_get)
                .put(api::api_update)
                .delete(api::api_delete),
        )
        .route("/api/terms/{kind}/{id}/merge", post(api::api_merge))
}
