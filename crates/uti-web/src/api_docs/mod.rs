//! The JSON API under `/api/`: what the pages show, with the same
//! permissions, for scripts and notebooks. Authenticated by the session
//! cookie (changes send the CSRF token in `X-CSRF-Token`) or by
//! `Authorization: Bearer TOKEN`.
//!
//! The OpenAPI 3.1 document is generated (utoipa) from the handlers and
//! their types: each feature describes its own operations
//! (`#[utoipa::path]` on its handlers, an `ApiDoc` beside its router), and
//! [`document`] only merges them with the error shape and the security
//! schemes. It is served at `/api/openapi.json`, and listed for people at
//! `/api/docs`.

use crate::kernel::AppState;
use crate::kernel::auth::{CSRF_HEADER, SESSION_COOKIE};
use crate::kernel::dataset_schema as ds;
use crate::kernel::error::{ErrorBody, ErrorDetail, ErrorRow};
use crate::kernel::i18n::PageLang;
use axum::response::{IntoResponse, Response};
use std::sync::OnceLock;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};

/// The root of the document: what the API is, its security schemes, the
/// error shape and the dataset format.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "uti API",
        description = "The JSON API of uti. Use a personal token from `uti user token NAME` as `Authorization: Bearer TOKEN`, or log in with the session cookie; changes made with the cookie send the CSRF token of `GET /api/me` in the `X-CSRF-Token` header.\n\nEvery error answers `{\"error\": {\"status\": N, \"message\": \"...\"}}` (schema `ErrorBody`), in Dutch unless the request asks for English with `?lang=en` or the language cookie `uti_taal=en`. A method an address does not take is answered 405 with an `Allow` header.",
    ),
    servers((url = "/")),
    paths(openapi),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        ErrorRow,
        ds::DatasetDoc,
        ds::FormatDoc,
        ds::TermDoc,
        ds::InitiativeDoc,
        ds::NewInitiativeDoc,
        ds::InitiativeFieldsDoc,
        ds::PartnerDoc,
        ds::PartnerKindDoc,
        ds::PartnerRoleDoc,
        ds::OrganisationDoc,
        ds::RelationDoc,
        ds::RelationKindDoc,
        ds::AgendaDoc,
        ds::GoalDoc,
        ds::ActivityDoc,
        ds::ScopeDoc,
        ds::ActivityStatusDoc,
        ds::CoalitionDoc,
        ds::MeetingDoc,
        ds::SessionDoc,
        ds::SessionKindDoc,
        ds::WerkplekLerenDoc,
        ds::ChainDoc,
        ds::LevelDoc,
        ds::PlotDoc,
        ds::LloNotesDoc,
        ds::SlugDoc,
        ds::NonBlank,
        ds::DateOrEmpty,
    )),
    modifiers(&Security),
    tags(
        (name = "accounts", description = "Who is logged in."),
        (name = "initiatives", description = "Initiatives and their sessions."),
        (name = "analysis", description = "The analysis across initiatives."),
        (name = "terms", description = "Themes and shared challenges."),
        (name = "landscape", description = "The regional landscape: organisations, relations, the action agenda, development coalitions, overlaps and peers."),
        (name = "search", description = "Search across everything, matching Dutch word forms."),
        (name = "data", description = "The whole dataset: export and import."),
        (name = "reports", description = "The report, portraits, the report's texts and its saved versions."),
        (name = "history", description = "Who changed what and when; restoring a session."),
        (name = "api", description = "This document."),
    ),
)]
struct Root;

/// Adds the security schemes: `bearer` (a personal token), `cookie` (the
/// login session) and `csrf` (the header every change with the cookie
/// sends).
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal token: `uti user token NAME`."))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "cookie",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The login session of the browser (POST /login).",
            ))),
        );
        components.add_security_scheme(
            "csrf",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-CSRF-Token",
                "With the session cookie, every change sends the `csrf_token` of GET /api/me here.",
            ))),
        );
    }
}

/// The OpenAPI 3.1 document of the API: every feature's operations,
/// merged. Made once.
pub fn document() -> &'static utoipa::openapi::OpenApi {
    static DOCUMENT: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOCUMENT.get_or_init(|| {
        debug_assert_eq!(CSRF_HEADER, "x-csrf-token");
        let mut doc = Root::openapi();
        for part in [
            crate::accounts::ApiDoc::openapi(),
            crate::initiatives::ApiDoc::openapi(),
            crate::analysis::ApiDoc::openapi(),
            crate::terms::ApiDoc::openapi(),
            crate::data::ApiDoc::openapi(),
            crate::reports::ApiDoc::openapi(),
            crate::checks::ApiDoc::openapi(),
            crate::history::ApiDoc::openapi(),
            crate::landscape::ApiDoc::openapi(),
            crate::search::ApiDoc::openapi(),
        ] {
            doc.merge(part);
        }
        doc
    })
}

/// The document as JSON.
pub fn openapi_document() -> serde_json::Value {
    serde_json::to_value(document()).expect("the OpenAPI document serialises")
}

/// `GET /api/openapi.json`.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "api",
    operation_id = "openapi",
    summary = "This document.",
    description = "Allowed for: anyone, without logging in.",
    responses((status = 200, description = "The OpenAPI 3.1 document.", content_type = "application/json", body = Object)),
    security(()),
)]
pub async fn openapi() -> Response {
    static BODY: OnceLock<String> = OnceLock::new();
    let body = BODY.get_or_init(|| openapi_document().to_string());
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        body.as_str(),
    )
        .into_response()
}

/// One operation of the document, for the page.
struct Listed<'a> {
    method: &'static str,
    path: &'a str,
    op: &'a utoipa::openapi::path::Operation,
}

fn listed(doc: &utoipa::openapi::OpenApi) -> Vec<Listed<'_>> {
    let mut out = Vec::new();
    for (path, item) in doc.paths.paths.iter() {
        let methods = [
            ("GET", &item.get),
            ("POST", &item.post),
            ("PUT", &item.put),
            ("PATCH", &item.patch),
            ("DELETE", &item.delete),
        ];
        for (method, op) in methods {
            if let Some(op) = op {
                out.push(Listed { method, path, op });
            }
        }
    }
    out
}

/// The media types and the schema name of a request body or an answer.
fn contents(content: &utoipa::openapi::content::Content) -> String {
    match &content.schema {
        Some(utoipa::openapi::RefOr::Ref(r)) => r
            .ref_location
            .rsplit('/')
            .next()
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

/// `GET /api/docs`: the API, browsable: every operation of the generated
/// document with its parameters, body and answers.
pub async fn docs(PageLang(lang): PageLang, viewer: crate::kernel::auth::MaybeViewer) -> Response {
    use utoipa::openapi::RefOr;
    let chrome = crate::kernel::layout::Chrome {
        lang,
        viewer: viewer.0,
        path: "/api/docs".into(),
    };
    let t = |nl, en| lang.pick(nl, en);
    let doc = document();
    let body = maud::html! {
        h1 { (t("De API van uti", "The uti API")) }
        p {
            (t("Elke handeling van de pagina's is ook als JSON beschikbaar. Gebruik een persoonlijk token (", "Everything the pages do is also available as JSON. Use a personal token ("))
            code { "uti user token NAAM" }
            (t(") als ", ") as "))
            code { "Authorization: Bearer TOKEN" }
            (t(". Het volledige OpenAPI-document: ", ". The full OpenAPI document: "))
            a href="/api/openapi.json" { "/api/openapi.json" } "."
        }
        p {
            (t("Elke fout heeft dezelfde vorm: ", "Every error has the same shape: "))
            code { "{\"error\": {\"status\": N, \"message\": \"...\"}}" }
            (t(", in het Nederlands tenzij het verzoek om Engels vraagt (", ", in Dutch unless the request asks for English ("))
            code { "?lang=en" } ")."
        }
        @for item in listed(doc) {
            section {
                h2 { code { (item.method) " " (item.path) } }
                @if let Some(summary) = &item.op.summary { p { (summary) } }
                @if let Some(description) = &item.op.description { p.muted { (description) } }
                @if let Some(parameters) = item.op.parameters.as_ref().filter(|p| !p.is_empty()) {
                    table {
                        caption { (t("Parameters", "Parameters")) }
                        thead { tr {
                            th scope="col" { (t("Naam", "Name")) }
                            th scope="col" { (t("Waar", "In")) }
                            th scope="col" { (t("Betekenis", "Meaning")) }
                        } }
                        tbody {
                            @for p in parameters {
                                tr {
                                    td { code { (p.name) } }
                                    td { (serde_json::to_value(&p.parameter_in).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()) }
                                    td { (p.description.as_deref().unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
                @if let Some(body) = &item.op.request_body {
                    p {
                        (t("Inhoud: ", "Body: "))
                        @for (media, content) in &body.content {
                            code { (media) } " " (contents(content)) " "
                        }
                    }
                }
                table {
                    caption { (t("Antwoorden", "Answers")) }
                    thead { tr {
                        th scope="col" { (t("Status", "Status")) }
                        th scope="col" { (t("Betekenis", "Meaning")) }
                    } }
                    tbody {
                        @for (status, response) in &item.op.responses.responses {
                            tr {
                                td { (status) }
                                td {
                                    @if let RefOr::T(r) = response {
                                        (r.description) " "
                                        @for (media, content) in &r.content {
                                            code { (media) } " " (contents(content)) " "
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    crate::kernel::layout::page(&chrome, t("API", "API"), body).into_response()
}

/// `/api/openapi.json` and `/api/docs`.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/openapi.json", axum::routing::get(openapi))
        .route("/api/docs", axum::routing::get(docs))
}
