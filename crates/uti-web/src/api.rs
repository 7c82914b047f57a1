//! The JSON API under `/api/`: what the pages show, with the same
//! permissions, for scripts and notebooks. Authenticated by the session
//! cookie or by
//! `Authorization: Bearer TOKEN`. [`OPERATIONS`] lists every operation;
//! the OpenAPI document is made from it.

use crate::AppState;
use crate::auth::Viewer;
use crate::error::AppError;
use crate::i18n::PageLang;
use crate::pages::analysis::AnalysisFilters;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

/// One operation of the API, for the OpenAPI document.
#[derive(Debug, Clone, Copy)]
pub struct Operation {
    /// `get`, `post`, ...
    pub method: &'static str,
    /// The path, with `{id}` parameters.
    pub path: &'static str,
    /// Unique id.
    pub id: &'static str,
    /// What it does.
    pub summary: &'static str,
    /// Who may call it.
    pub roles: &'static str,
    /// Query parameters: (name, description).
    pub query: &'static [(&'static str, &'static str)],
    /// Path parameters such as `{id}`: (name, description).
    pub params: &'static [(&'static str, &'static str)],
    /// The request body, if any: (media type, description).
    pub body: Option<(&'static str, &'static str)>,
}

/// The `{id}` path parameter of an initiative.
pub const INITIATIVE_ID: (&str, &str) = ("id", "The initiative's id (a slug).");

/// Where a change made with the session cookie sends its CSRF token.
const CHANGE_NOTE: &str = "Changes made with the session cookie send the CSRF token of GET /api/me in the X-CSRF-Token header; calls with a Bearer token need none.";

/// Every operation of the API.
pub const OPERATIONS: &[Operation] = &[
    Operation {
        method: "get",
        path: "/api/me",
        id: "me",
        summary: "The logged-in user: name, role and linked initiatives.",
        roles: "every role",
        query: &[],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/initiatives",
        id: "listInitiatives",
        summary: "Every initiative: id, name and number of sessions, sorted by name.",
        roles: "every role",
        query: &[],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/initiatives/{id}",
        id: "getInitiative",
        summary: "One initiative in the dataset format (uti-dataset/1), with the version of the initiative and of each session.",
        roles: "every role",
        query: &[],
        params: &[INITIATIVE_ID],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/analysis",
        id: "getAnalysis",
        summary: "The analysis across initiatives (uti-analysis/1), optionally for a sector, a session kind and a period.",
        roles: "every role",
        query: &[
            ("sector", "Only initiatives in this sector."),
            (
                "soort",
                "Only sessions of this kind: beoogd-ontwerp, ontwerp-in-actie or afsluitend.",
            ),
            ("van", "Only sessions on or after this date (YYYY-MM-DD)."),
            ("tot", "Only sessions on or before this date (YYYY-MM-DD)."),
        ],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/dataset",
        id: "exportDataset",
        summary: "The whole dataset (uti-dataset/1) as JSON, or as YAML with format=yaml.",
        roles: "every role",
        query: &[("format", "json (default) or yaml.")],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/openapi.json",
        id: "openapi",
        summary: "This document.",
        roles: "anyone",
        query: &[],
        params: &[],
        body: None,
    },
];

/// `GET /api/me`.
pub async fn me(viewer: Viewer) -> Response {
    Json(json!({
        "name": viewer.user.name,
        "role": viewer.user.role.as_str(),
        "initiatives": viewer.user.initiatives,
        "csrf_token": viewer.csrf,
    }))
    .into_response()
}

/// `GET /api/initiatives`.
pub async fn initiatives(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    _viewer: Viewer,
) -> Response {
    match state.store.initiative_list().await {
        Ok(list) => Json(
            list.into_iter()
                .map(|i| json!({"id": i.id, "name": i.name, "sessions": i.sessions}))
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// `GET /api/initiatives/{id}`.
pub async fn initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    _viewer: Viewer,
    Path(id): Path<String>,
) -> Response {
    match state.store.initiative(&id).await {
        Ok(Some(stored)) => Json(json!({
            "initiative": stored.initiative,
            "version": stored.version,
            "session_versions": stored.session_versions,
        }))
        .into_response(),
        Ok(None) => AppError::NotFound.json(lang),
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// `GET /api/analysis`.
pub async fn analysis(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    _viewer: Viewer,
    Query(filters): Query<AnalysisFilters>,
) -> Response {
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::Store(e).json(lang),
    };
    let body = if filters.any() {
        match filters.apply(&snapshot.dataset, lang) {
            Ok(d) => uti_core::analysis::analyse(&d).to_json(),
            Err(message) => return AppError::BadRequest(message).json(lang),
        }
    } else {
        snapshot.analysis.to_json()
    };
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The export's query.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// `json` or `yaml`.
    pub format: Option<String>,
}

/// `GET /api/dataset`.
pub async fn dataset(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    _viewer: Viewer,
    Query(q): Query<ExportQuery>,
) -> Response {
    let syntax = match q.format.as_deref() {
        None => uti_core::file::Syntax::Json,
        Some(f) => match uti_core::file::Syntax::parse(f) {
            Some(s) => s,
            None => {
                return AppError::BadRequest(
                    lang.pick("format is json of yaml", "format is json or yaml")
                        .into(),
                )
                .json(lang);
            }
        },
    };
    match state.store.dataset().await {
        Ok(d) => {
            let (mime, ext) = match syntax {
                uti_core::file::Syntax::Json => ("application/json", "json"),
                uti_core::file::Syntax::Yaml => ("application/yaml; charset=utf-8", "yaml"),
            };
            (
                [
                    (header::CONTENT_TYPE, mime.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"dataset.{ext}\""),
                    ),
                ],
                uti_core::file::write(&d, syntax),
            )
                .into_response()
        }
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// The OpenAPI 3.1 document of [`OPERATIONS`].
pub fn openapi_document() -> serde_json::Value {
    let mut paths = serde_json::Map::new();
    for op in OPERATIONS {
        let mut parameters: Vec<serde_json::Value> = op
            .query
            .iter()
            .map(|(name, description)| json!({"name": name, "in": "query", "required": false, "description": description, "schema": {"type": "string"}}))
            .collect();
        parameters.extend(op.params.iter().map(|(name, description)| json!({"name": name, "in": "path", "required": true, "description": description, "schema": {"type": "string"}})));
        let mut responses = json!({
            "200": {"description": "OK"},
            "404": {"description": "Not found", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        });
        if op.roles != "anyone" {
            responses["401"] = json!({"description": "Not logged in", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
            responses["403"] = json!({"description": "The role does not allow this", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
        }
        let changes = op.method != "get";
        if changes {
            responses["400"] = json!({"description": "Invalid input; the message says where and what", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
            responses["409"] = json!({"description": "Changed in the meantime, or already exists", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}});
        }
        let mut operation = json!({
            "operationId": op.id,
            "summary": op.summary,
            "description": if changes { format!("Allowed for: {}. {CHANGE_NOTE}", op.roles) } else { format!("Allowed for: {}.", op.roles) },
            "parameters": parameters,
            "responses": responses,
        });
        if let Some((media, description)) = op.body {
            operation["requestBody"] = json!({"required": true, "description": description, "content": {media: {"schema": {}}}});
        }
        if op.roles == "anyone" {
            operation["security"] = json!([]);
        }
        let entry = paths.entry(op.path.to_owned()).or_insert_with(|| json!({}));
        entry[op.method] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "uti API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "The JSON API of uti. Log in with a session cookie, or use a personal token from `uti user token NAME` as `Authorization: Bearer TOKEN`."
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}, {"cookie": []}],
        "components": {
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "cookie": {"type": "apiKey", "in": "cookie", "name": crate::auth::SESSION_COOKIE}
            },
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "object", "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}
                }
            }
        },
        "paths": paths,
    })
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Response {
    Json(openapi_document()).into_response()
}

/// `GET /api/docs`: the API, browsable.
pub async fn docs(PageLang(lang): PageLang, viewer: crate::auth::MaybeViewer) -> Response {
    let chrome = crate::layout::Chrome {
        lang,
        viewer: viewer.0,
        path: "/api/docs".into(),
    };
    let t = |nl, en| lang.pick(nl, en);
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
        @for op in OPERATIONS {
            section {
                h2 { code { (op.method.to_uppercase()) " " (op.path) } }
                p { (op.summary) }
                p.muted { (t("Toegestaan voor: ", "Allowed for: ")) (op.roles) }
                @if !op.query.is_empty() {
                    table {
                        caption { (t("Parameters", "Parameters")) }
                        thead { tr { th scope="col" { (t("Naam", "Name")) } th scope="col" { (t("Betekenis", "Meaning")) } } }
                        tbody { @for (n, d) in op.query { tr { td { code { (n) } } td { (d) } } } }
                    }
                }
            }
        }
    };
    crate::layout::page(&chrome, t("API", "API"), body).into_response()
}
