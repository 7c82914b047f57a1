//! `uti backup --out FILE`: a consistent copy while the server runs.

use super::{Context, Failure, write_failure};
use crate::cli::BackupArgs;
use crate::output::write_output;
use uti_core::Lang;
use uti_core::file::Syntax;
use uti_store::Backend;

pub async fn run(context: &Context, args: BackupArgs) -> Result<(), Failure> {
    let lang = context.lang;
    if args.out.exists() {
        return Err(Failure::line(match lang {
            Lang::Nl => format!(
                "{} bestaat al; kies een nieuwe bestandsnaam (een back-up overschrijft niets)",
                args.out.display()
            ),
            Lang::En => format!(
                "{} already exists; choose a new file name (a backup overwrites nothing)",
                args.out.display()
            ),
        }));
    }
    let store = context.open().await?;
    let as_dataset = Syntax::of_path(&args.out);
    match (store.backend(), as_dataset) {
        (Backend::Sqlite, None) => {
            store
                .backup_sqlite(&args.out)
                .await
                .map_err(|e| context.store_failure(e))?;
        }
        (_, syntax) => {
            let dataset = store
                .dataset()
                .await
                .map_err(|e| context.store_failure(e))?;
            let text = uti_core::file::write(&dataset, syntax.unwrap_or(Syntax::Yaml));
            write_output(Some(&args.out), text.as_bytes())
                .map_err(|e| write_failure(lang, Some(&args.out), e))?;
        }
    }
    store.close().await;
    eprintln!(
        "{}",
        match lang {
            Lang::Nl => format!("Back-up geschreven naar {}.", args.out.display()),
            Lang::En => format!("Backup written to {}.", args.out.display()),
        }
    );
    Ok(())
}
