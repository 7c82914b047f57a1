//! The dataset export of the API.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::{Query, State};
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
