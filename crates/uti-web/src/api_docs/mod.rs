//! The JSON API under `/api/`: what the pages show, with the same
//! permissions, for scripts and notebooks. Authenticated by the session
//! cookie or by
//! `Authorization: Bearer TOKEN`. [`OPERATIONS`] lists every operation;
//! the OpenAPI document is made from it.

use crate::kernel::AppState;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::response::{IntoResponse, Response};
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

/// The `{n}` path parameter of a session.
pub const SESSION_INDEX: (&str, &str) = (
    "n",
    "The session's index in the initiative's list of sessions (from 0), as in getInitiative.",
);

/// The `{kind}` path parameter of a theme or challenge.
pub const TERM_KIND: (&str, &str) = ("kind", "`theme` or `challenge`.");

/// The `{id}` path parameter of a theme or challenge.
pub const TERM_ID: (&str, &str) = ("id", "The theme's or challenge's id (a slug).");

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
        method: "post",
        path: "/api/initiatives",
        id: "createInitiative",
        summary: "Creates an initiative from its document in the dataset format (sessions optional). 201 with its id; 409 when the id is taken; 400 lists every broken rule with its place.",
        roles: "researcher, admin",
        query: &[],
        params: &[],
        body: Some((
            "application/json",
            "An initiative in the dataset format (uti-dataset/1).",
        )),
    },
    Operation {
        method: "put",
        path: "/api/initiatives/{id}",
        id: "updateInitiative",
        summary: "Changes an initiative's own fields; its sessions stay. 409 with the stored initiative (`current`, `version`) when the version sent is stale.",
        roles: "researcher, admin",
        query: &[],
        params: &[INITIATIVE_ID],
        body: Some((
            "application/json",
            "{\"version\": N, \"initiative\": {...}}: the version it is based on (from getInitiative) and the initiative in the dataset format.",
        )),
    },
    Operation {
        method: "post",
        path: "/api/initiatives/{id}/sessions",
        id: "addSession",
        summary: "Adds a session at the end of the initiative's list. 201 with its index and version; 400 lists every broken rule with its place (e.g. cimo[0].interventions).",
        roles: "researcher, admin",
        query: &[],
        params: &[INITIATIVE_ID],
        body: Some(("application/json", "A session in the dataset format.")),
    },
    Operation {
        method: "put",
        path: "/api/initiatives/{id}/sessions/{n}",
        id: "updateSession",
        summary: "Replaces the session at index n. 409 when someone changed it since `version`: the answer holds the stored session (`current`, `version`) and `differs_from_yours`, a list of the differences.",
        roles: "researcher, admin",
        query: &[],
        params: &[INITIATIVE_ID, SESSION_INDEX],
        body: Some((
            "application/json",
            "{\"version\": N, \"session\": {...}}: the version it is based on and the session in the dataset format.",
        )),
    },
    Operation {
        method: "delete",
        path: "/api/initiatives/{id}/sessions/{n}",
        id: "deleteSession",
        summary: "Removes the session at index n (the later ones move up). 204; 409 with the stored session when it changed since `version`.",
        roles: "researcher, admin",
        query: &[(
            "version",
            "The version of the session that is to be removed (required).",
        )],
        params: &[INITIATIVE_ID, SESSION_INDEX],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/initiatives/{id}/compare",
        id: "compareSessions",
        summary: "Two sessions of one initiative side by side: the score of each LLO type in both and its change, workplace learning, and per level the interventions, mechanisms, outcomes, themes and challenges added, dropped and kept. By default the intended design and the latest design in action. 400 for a bad index or fewer than two sessions.",
        roles: "every role",
        query: &[
            (
                "a",
                "The first session: its index in the initiative's list of sessions (from 0), as in getInitiative.",
            ),
            ("b", "The second session, likewise."),
        ],
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
        summary: "The whole dataset (uti-dataset/1) as JSON, or as YAML with format=yaml; with format=xlsx the same data as a workbook with a sheet per kind of record (initiatives, sessions, chains, plots, themes, challenges, partners, chain themes, chain challenges), column names in the request's language.",
        roles: "every role",
        query: &[(
            "format",
            "json (default), yaml, xlsx, or csv (a ZIP with one CSV file per table).",
        )],
        params: &[],
        body: None,
    },
    Operation {
        method: "post",
        path: "/api/dataset",
        id: "importDataset",
        summary: "Imports a dataset file (uti-dataset/1), all or nothing. 200: what was stored. 400: {\"error\": {\"errors\": [{\"file\", \"place\", \"message\"}], \"more\": n}}, every error with its place. 409: existing ids (without replace=true), listed the same way. 413: over 64 MiB. 415: another Content-Type.",
        roles: "researcher, admin",
        query: &[
            (
                "replace",
                "true: replace existing initiatives, themes and challenges (and the network name) as a whole.",
            ),
            (
                "dry_run",
                "true: check the file, also against the stored data, and store nothing.",
            ),
        ],
        params: &[],
        body: Some((
            "application/yaml",
            "The dataset file. Send YAML as application/yaml, JSON as application/json.",
        )),
    },
    Operation {
        method: "get",
        path: "/api/terms",
        id: "listTerms",
        summary: "Themes and shared challenges: each term (uti-dataset/1) with its version, the number of chains that name it and those chains' initiatives (id, name).",
        roles: "every role",
        query: &[],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/terms/{kind}/{id}",
        id: "getTerm",
        summary: "One theme or challenge with its version and every chain that names it (initiative, session date and kind, level).",
        roles: "every role",
        query: &[],
        params: &[TERM_KIND, TERM_ID],
        body: None,
    },
    Operation {
        method: "post",
        path: "/api/terms/{kind}",
        id: "createTerm",
        summary: "Adds a theme or challenge at the end of its list. 201 with the stored term; 400 for a term that breaks the dataset rules (same messages as an import); 409 when the id exists.",
        roles: "researcher, admin",
        query: &[],
        params: &[TERM_KIND],
        body: Some((
            "application/json",
            "A term as in the dataset format: {\"id\", \"name\", \"description\"?, \"sources\"?}.",
        )),
    },
    Operation {
        method: "put",
        path: "/api/terms/{kind}/{id}",
        id: "updateTerm",
        summary: "Changes a term's name, description and sources; the id stays. 409, naming what is stored now, when the version sent is not the stored one.",
        roles: "researcher, admin",
        query: &[],
        params: &[TERM_KIND, TERM_ID],
        body: Some((
            "application/json",
            "{\"version\": N, \"term\": {...}}: the version the change starts from (from listTerms or getTerm) and the term (its id may be left out).",
        )),
    },
    Operation {
        method: "post",
        path: "/api/terms/{kind}/{id}/merge",
        id: "mergeTerm",
        summary: "Merges this term into another of the same kind in one transaction: every chain that names it names the other instead (once, order kept), its sources are added, and it is deleted. 400 for itself or an unknown `into`.",
        roles: "researcher, admin",
        query: &[],
        params: &[TERM_KIND, TERM_ID],
        body: Some((
            "application/json",
            "{\"into\": \"id\"}: the id of the term that remains.",
        )),
    },
    Operation {
        method: "delete",
        path: "/api/terms/{kind}/{id}",
        id: "deleteTerm",
        summary: "Deletes a term that no chain names; 409 when chains still name it (merge it instead).",
        roles: "researcher, admin",
        query: &[],
        params: &[TERM_KIND, TERM_ID],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/report",
        id: "getReport",
        summary: "The report of the network as a file (title page, contents, introduction, perspective, approach, portraits, conclusions), made from the data now; an initiative contact's report has no draft sessions. Formats: see `format`.",
        roles: "every role",
        query: &[
            (
                "format",
                "html (default), pdf, docx, md (a ZIP archive of the Markdown and its SVG charts): the formats of `uti report --format`; an unknown one gets 400 listing them.",
            ),
            ("lang", "nl (default) or en."),
        ],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/initiatives/{id}/portrait",
        id: "getPortrait",
        summary: "The portrait of one initiative as a file, in the formats of getReport.",
        roles: "every role",
        query: &[
            (
                "format",
                "html (default), pdf, docx, md (a ZIP archive of the Markdown and its SVG charts): the formats of `uti report --format`; an unknown one gets 400 listing them.",
            ),
            ("lang", "nl (default) or en."),
        ],
        params: &[INITIATIVE_ID],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/report/texts",
        id: "getReportTexts",
        summary: "The texts the researchers write for the report, in Markdown: {\"intro\": {\"text\", \"version\"}, \"perspective\": {...}}; an empty text is not written yet.",
        roles: "every role",
        query: &[],
        params: &[],
        body: None,
    },
    Operation {
        method: "put",
        path: "/api/report/texts/{key}",
        id: "saveReportText",
        summary: "Replaces one text of the report (Markdown, at most 1 MiB). 409 with the stored text (`current`, `version`) when the version sent is stale.",
        roles: "researcher, admin",
        query: &[],
        params: &[("key", "`intro` or `perspective`.")],
        body: Some((
            "application/json",
            "{\"version\": N, \"text\": \"...\"}: the version it is based on (from getReportTexts) and the Markdown.",
        )),
    },
    Operation {
        method: "get",
        path: "/api/report/versions",
        id: "listReportVersions",
        summary: "The saved versions of the report, oldest first: [{\"number\", \"created_at\" (seconds since 1970, UTC), \"date\", \"label\", \"author\", \"initiatives\", \"sessions\", \"drafts\"}]; an initiative contact's counts leave drafts out.",
        roles: "every role",
        query: &[],
        params: &[],
        body: None,
    },
    Operation {
        method: "post",
        path: "/api/report/versions",
        id: "saveReportVersion",
        summary: "Saves the report as it is now as the next version (1, 2, 3...): the dataset it is made from and the introduction and perspective, frozen. 201 with the version as listed by listReportVersions.",
        roles: "researcher, admin",
        query: &[],
        params: &[],
        body: Some((
            "application/json",
            "{\"label\": \"...\"}: an optional label of at most 200 characters; the body may be empty.",
        )),
    },
    Operation {
        method: "get",
        path: "/api/report/versions/compare",
        id: "compareReportVersions",
        summary: "What changed from version `a` to version `b`: {\"a\", \"b\" (the versions), \"changes\": {\"added\", \"removed\" (initiatives: id, name), \"plots_changed\" (initiative and the scores of the current plot that differ, per type: a → b), \"sessions_added\" (initiative, date, kind)}}. An initiative contact's comparison leaves other initiatives' drafts out.",
        roles: "every role",
        query: &[
            ("a", "The earlier version's number."),
            ("b", "The later version's number."),
        ],
        params: &[],
        body: None,
    },
    Operation {
        method: "get",
        path: "/api/report/versions/{n}",
        id: "getReportVersion",
        summary: "One saved version of the report as a file, made again from its frozen data and texts and dated as the version, in the formats of getReport; an initiative contact's has no drafts of other initiatives.",
        roles: "every role",
        query: &[
            (
                "format",
                "html (default), pdf, docx, md (a ZIP archive of the Markdown and its SVG charts): the formats of `uti report --format`; an unknown one gets 400 listing them.",
            ),
            ("lang", "nl (default) or en."),
        ],
        params: &[("n", "The version's number (1, 2, 3...).")],
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
                "cookie": {"type": "apiKey", "in": "cookie", "name": crate::kernel::auth::SESSION_COOKIE}
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
pub async fn docs(PageLang(lang): PageLang, viewer: crate::kernel::auth::MaybeViewer) -> Response {
    let chrome = crate::kernel::layout::Chrome {
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
    crate::kernel::layout::page(&chrome, t("API", "API"), body).into_response()
}

/// `/api/openapi.json` and `/api/docs`.
pub fn router() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/api/openapi.json", axum::routing::get(openapi))
        .route("/api/docs", axum::routing::get(docs))
}
