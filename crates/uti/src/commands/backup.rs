//! `uti backup --out FILE`: a consistent copy while the server runs. On
//! SQLite a `.db` file is a copy of the database (`VACUUM INTO`: every
//! table, the history too); otherwise, and always on PostgreSQL, the
//! dataset export in FILE with the history beside it in
//! `NAME.history.json` (read in one snapshot), which `uti import FILE
//! --history NAME.history.json` restores into an empty database.

use super::{Context, Failure, write_failure};
use crate::cli::BackupArgs;
use crate::output::write_output;
use std::path::{Path, PathBuf};
use uti_core::Lang;
use uti_core::file::Syntax;
use uti_store::Backend;

/// Where the history of a dataset backup goes: `NAME.history.json` beside it.
pub fn history_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map_or_else(|| "backup".into(), |s| s.to_string_lossy().into_owned());
    out.with_file_name(format!("{stem}.history.json"))
}

fn refuse_existing(lang: Lang, path: &Path) -> Result<(), Failure> {
    if !path.exists() {
        return Ok(());
    }
    Err(Failure::line(match lang {
        Lang::Nl => format!(
            "{} bestaat al; kies een nieuwe bestandsnaam (een back-up overschrijft niets)",
            path.display()
        ),
        Lang::En => format!(
            "{} already exists; choose a new file name (a backup overwrites nothing)",
            path.display()
        ),
    }))
}

pub async fn run(context: &Context, args: BackupArgs) -> Result<(), Failure> {
    let lang = context.lang;
    refuse_existing(lang, &args.out)?;
    let store = context.open().await?;
    let as_dataset = Syntax::of_path(&args.out);
    let mut written = vec![args.out.clone()];
    match (store.backend(), as_dataset) {
        (Backend::Sqlite, None) => {
            store
                .backup_sqlite(&args.out)
                .await
                .map_err(|e| context.store_failure(e))?;
        }
        (_, syntax) => {
            let history = history_path(&args.out);
            refuse_existing(lang, &history)?;
            let (dataset, archive) = store
                .dataset_with_history()
                .await
                .map_err(|e| context.store_failure(e))?;
            let text = uti_core::file::write(&dataset, syntax.unwrap_or(Syntax::Yaml));
            let json = serde_json::to_string(&archive).expect("the history serialises");
            write_output(Some(&history), json.as_bytes())
                .map_err(|e| write_failure(lang, Some(&history), e))?;
            write_output(Some(&args.out), text.as_bytes())
                .map_err(|e| write_failure(lang, Some(&args.out), e))?;
            written.push(history);
        }
    }
    store.close().await;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    eprintln!(
        "{}",
        match lang {
            Lang::Nl => format!("Back-up geschreven naar {}.", names.join(" en ")),
            Lang::En => format!("Backup written to {}.", names.join(" and ")),
        }
    );
    Ok(())
}
