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
    viewer: Viewer,
) -> Response {
    let snapshot = match state.snapshot.get(&state.store).await {
        Ok(s) => s,
        Err(e) => return AppError::Store(e).json(lang),
    };
    let mut list: Vec<&uti_core::model::Initiative> = snapshot
        .readable(&viewer)
        .dataset
        .initiatives()
        .iter()
        .collect();
    list.sort_by(|a, b| (&a.name, a.id.as_str()).cmp(&(&b.name, b.id.as_str())));
    Json(
        list.into_iter()
            .map(|i| {
                let sessions = snapshot
                    .initiative(&viewer, i.id.as_str())
                    .map_or(0, |i| i.sessions().len());
                json!({"id": i.id.as_str(), "name": i.name, "sessions": sessions})
            })
            .collect::<Vec<_>>(),
    )
    .into_response()
}

/// `GET /api/initiatives/{id}`.
pub async fn initiative(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Response {
    match state.store.initiative(&id).await {
        Ok(Some(mut stored)) => {
            if !viewer.sees_drafts_of(&id) {
                stored.drop_drafts();
            }
            Json(json!({
            "initiative": stored.initiative,
            "version": stored.version,
            "session_versions": stored.session_versions,
            }))
            .into_response()
        }
        Ok(None) => AppError::NotFound.json(lang),
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// `GET /api/initiatives/{id}/compare`.
pub async fn compare(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path(id): Path<String>,
    Query(query): Query<crate::pages::compare::CompareQuery>,
) -> Response {
    match crate::pages::compare::api_body(&state, &viewer, &id, &query, lang).await {
        Ok(body) => Json(body).into_response(),
        Err(e) => e.json(lang),
    }
}

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

/// The export's query.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// `json`, `yaml` or `xlsx`.
    pub format: Option<String>,
}

/// `GET /api/dataset`.
pub async fn dataset(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Query(q): Query<ExportQuery>,
) -> Response {
    // `format=xlsx` / `format=csv`: the tables for the researchers' own
    // analysis (uti_tables), as a workbook or a ZIP of CSV files.
    let is = |name: &str| {
        q.format
            .as_deref()
            .is_some_and(|f| f.eq_ignore_ascii_case(name))
    };
    let (xlsx, csv) = (is("xlsx"), is("csv"));
    let syntax = match q.format.as_deref() {
        None => uti_core::file::Syntax::Json,
        Some(_) if xlsx || csv => uti_core::file::Syntax::Json,
        Some(f) => match uti_core::file::Syntax::parse(f) {
            Some(s) => s,
            None => {
                return AppError::BadRequest(
                    lang.pick(
                        "format is json, yaml, xlsx of csv",
                        "format is json, yaml, xlsx or csv",
                    )
                    .into(),
                )
                .json(lang);
            }
        },
    };
    match state.store.dataset().await {
        Ok(d) => {
            // A contact gets no drafts but those of their own initiatives.
            let d = if viewer.user.role == uti_store::Role::Contact && d.has_drafts() {
                d.without_drafts(&viewer.user.initiatives)
            } else {
                d
            };
            if xlsx {
                return xlsx_download(&d, lang);
            }
            if csv {
                return csv_download(&d, lang);
            }
            let mime = match syntax {
                uti_core::file::Syntax::Json => "application/json",
                uti_core::file::Syntax::Yaml => "application/yaml; charset=utf-8",
            };
            (
                [
                    (header::CONTENT_TYPE, mime.to_owned()),
                    (
                        header::CONTENT_DISPOSITION,
                        format!(
                            "attachment; filename=\"{}\"",
                            crate::pages::data::download_name(
                                d.network.as_deref(),
                                crate::pages::today(),
                                syntax
                            )
                        ),
                    ),
                ],
                uti_core::file::write(&d, syntax),
            )
                .into_response()
        }
        Err(e) => AppError::Store(e).json(lang),
    }
}

/// The dataset (already filtered for the viewer) as an XLSX workbook, a
/// sheet per kind of record, with column names in the page's language.
fn xlsx_download(d: &uti_core::model::Dataset, lang: uti_core::Lang) -> Response {
    let tables = uti_tables::tables(d, lang);
    match uti_tables::xlsx(&tables, d.network.as_deref()) {
        Ok(book) => {
            let name = crate::pages::data::download_name(
                d.network.as_deref(),
                crate::pages::today(),
                uti_core::file::Syntax::Json,
            );
            let name = format!("{}.xlsx", name.trim_end_matches(".json"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        crate::pages::data::XLSX_MIME.to_owned(),
                    ),
                    (
                        header::CONTENT_DISPOSITION,
                        format!("attachment; filename=\"{name}\""),
                    ),
                ],
                book.bytes,
            )
                .into_response()
        }
        Err(e) => {
            // Only a table over Excel's 1,048,575 rows gets here.
            tracing::error!(error = %e, "xlsx export failed");
            let message = lang.pick(
                "De dataset past niet in een XLSX-bestand; gebruik `uti export --format csv`.",
                "The dataset does not fit in an XLSX file; use `uti export --format csv`.",
            );
            (
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                Json(json!({"error": {"status": 500, "message": message}})),
            )
                .into_response()
        }
    }
}

/// The dataset (already filtered for the viewer) as a ZIP archive with a
/// folder of CSV files, one per table, as `uti export --format csv` writes
/// them (UTF-8 with BOM, formula-safe cells).
fn csv_download(d: &uti_core::model::Dataset, lang: uti_core::Lang) -> Response {
    use std::io::Write;
    let stem = crate::pages::data::download_name(
        d.network.as_deref(),
        crate::pages::today(),
        uti_core::file::Syntax::Json,
    );
    let stem = format!("{}-csv", stem.trim_end_matches(".json"));
    let zipped = (|| -> zip::result::ZipResult<Vec<u8>> {
        let mut archive = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for table in uti_tables::tables(d, lang) {
            archive.start_file(format!("{stem}/{}.csv", table.name), options)?;
            archive.write_all(&uti_tables::csv(&table))?;
        }
        Ok(archive.finish()?.into_inner())
    })();
    match zipped {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, "application/zip".to_owned()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{stem}.zip\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => AppError::Store(uti_store::StoreError::Corrupt(e.to_string())).json(lang),
    }
}

/// Reads the JSON body of a change, or says in the user's language why it
/// is not JSON. Every API change reads its body through this.
pub fn json_body(body: &[u8], lang: uti_core::Lang) -> Result<serde_json::Value, AppError> {
    serde_json::from_slice(body).map_err(|e| {
        AppError::BadRequest(format!(
            "{}: {e}",
            lang.pick(
                "De inhoud is geen geldige JSON",
                "The body is not valid JSON"
            )
        ))
    })
}

/// The parts of a guarded change `{"version": N, "<key>": ...}`, or a 400
/// saying what was expected.
pub fn versioned(
    value: &serde_json::Value,
    key: &str,
    lang: uti_core::Lang,
) -> Result<(i64, serde_json::Value), AppError> {
    match (
        value.get("version").and_then(serde_json::Value::as_i64),
        value.get(key),
    ) {
        (Some(version), Some(record)) => Ok((version, record.clone())),
        _ => Err(AppError::BadRequest(format!(
            "{} {{\"version\": N, \"{key}\": ...}}",
            lang.pick("verwacht", "expected")
        ))),
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
