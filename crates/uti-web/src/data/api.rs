//! The dataset export of the API.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::ApiQuery;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

/// The export's query.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// `json`, `yaml` or `xlsx`.
    pub format: Option<String>,
}

/// The export's query, for the document (read as [`ExportQuery`]).
#[derive(Debug, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `json` (also when absent), `yaml` (or `yml`), `xlsx`, or `csv` (a ZIP
    /// with one CSV file per table); case ignored.
    #[param(inline)]
    pub format: Option<ExportFormat>,
}

/// A format of the export.
#[derive(Debug, utoipa::ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum ExportFormat {
    /// The dataset file as JSON.
    Json,
    /// The dataset file as YAML.
    Yaml,
    /// The same.
    Yml,
    /// A workbook, a sheet per kind of record.
    Xlsx,
    /// A ZIP archive of CSV files.
    Csv,
}

/// `GET /api/dataset`.
#[utoipa::path(
    get,
    path = "/api/dataset",
    tag = "data",
    operation_id = "exportDataset",
    summary = "The whole dataset (uti-dataset/1) as JSON, or as YAML with format=yaml; with format=xlsx or csv its tables.",
    description = "Allowed for: every role (an initiative contact gets no drafts of other initiatives). The workbook has a sheet per kind of record (initiatives, sessions, chains, plots, themes, challenges, partners, chain themes, chain challenges), column names in the request's language.",
    params(ExportParams),
    responses(
        (status = 200, description = "The dataset, as an attachment.", content(
            (crate::kernel::dataset_schema::DatasetDoc = "application/json"),
            (crate::kernel::dataset_schema::DatasetDoc = "application/yaml"),
            (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (String = "application/zip"),
        )),
        (status = 400, description = "An unknown `format`.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn dataset(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<ExportQuery>,
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
                            crate::data::page::download_name(
                                d.network.as_deref(),
                                crate::kernel::widgets::today(),
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
            let name = crate::data::page::download_name(
                d.network.as_deref(),
                crate::kernel::widgets::today(),
                uti_core::file::Syntax::Json,
            );
            let name = format!("{}.xlsx", name.trim_end_matches(".json"));
            (
                [
                    (
                        header::CONTENT_TYPE,
                        crate::data::page::XLSX_MIME.to_owned(),
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
    let stem = crate::data::page::download_name(
        d.network.as_deref(),
        crate::kernel::widgets::today(),
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
