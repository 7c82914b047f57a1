//! `uti import FILE...`: check, then store all or nothing.

use super::{Context, Failure, read_datasets};
use crate::cli::ImportArgs;
use indicatif::{ProgressBar, ProgressStyle};
use uti_core::Lang;
use uti_store::{Actor, Conflict, HistoryArchive, ImportOptions, Origins, StoreError, Via};

/// `1 sessie`, `2 sessies`.
fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

pub async fn run(context: &Context, args: ImportArgs) -> Result<(), Failure> {
    let lang = context.lang;
    let max_size = args.max_size.saturating_mul(1 << 20);
    let datasets = read_datasets(context, &args.files, max_size)?;
    let origins = Origins::of(
        args.files
            .iter()
            .map(|f| f.display().to_string())
            .zip(&datasets),
    );
    let initiatives: usize = datasets.iter().map(|d| d.initiatives().len()).sum();
    let sessions: usize = datasets
        .iter()
        .flat_map(|d| d.initiatives())
        .map(|i| i.sessions().len())
        .sum();
    let terms: usize = datasets
        .iter()
        .map(|d| d.themes().len() + d.challenges().len())
        .sum();
    let archive = args
        .history
        .as_deref()
        .map(|path| read_archive(lang, path))
        .transpose()?;
    let store = context.open().await?;
    if archive.is_some()
        && store
            .has_history()
            .await
            .map_err(|e| context.store_failure(e))?
    {
        store.close().await;
        return Err(Failure::refused(
            lang,
            vec![
                lang.pick(
                    "deze database heeft al een geschiedenis; zet een back-up met --history terug in een nieuwe, lege database",
                    "this database has a history already; restore a backup with --history into a new, empty database",
                )
                .to_owned(),
            ],
        ));
    }
    let bar = ProgressBar::new(initiatives as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(lang.pick("Importeren", "Importing"));
    let progress = |done: usize, _total: usize| bar.set_position(done as u64);
    let result = match &archive {
        Some(archive) => store.import_backup(datasets, archive, &progress).await,
        None => {
            store
                .import(
                    datasets,
                    ImportOptions {
                        replace: args.replace,
                        dry_run: args.dry_run,
                    },
                    &Actor::system_user(Via::Import),
                    &progress,
                )
                .await
        }
    };
    bar.finish_and_clear();
    store.close().await;
    let summary = match result {
        Ok(summary) => summary,
        Err(StoreError::Conflicts(conflicts)) => {
            return Err(refused(lang, &origins, &conflicts));
        }
        Err(e) => return Err(context.store_failure(e)),
    };
    if args.dry_run {
        println!(
            "{}",
            match lang {
                Lang::Nl => format!(
                    "Controle geslaagd, ook tegen de database: {}, {}, {}. Niets opgeslagen (--dry-run).",
                    count(initiatives, "initiatief", "initiatieven"),
                    count(sessions, "sessie", "sessies"),
                    count(terms, "thema of uitdaging", "thema's en uitdagingen")
                ),
                Lang::En => format!(
                    "Check passed, also against the database: {}, {}, {}. Nothing stored (--dry-run).",
                    count(initiatives, "initiative", "initiatives"),
                    count(sessions, "session", "sessions"),
                    count(terms, "theme or challenge", "themes and challenges")
                ),
            }
        );
        return Ok(());
    }
    if let Some((old, new)) = &summary.network_kept {
        eprintln!(
            "{}",
            match lang {
                Lang::Nl => format!(
                    "let op: de netwerknaam blijft ‘{old}’ (het bestand noemt ‘{new}’; --replace past die toe)"
                ),
                Lang::En => format!(
                    "note: the network name stays ‘{old}’ (the file says ‘{new}’; --replace applies it)"
                ),
            }
        );
    }
    println!(
        "{}",
        match lang {
            Lang::Nl => format!(
                "Geïmporteerd: {} nieuw, {} vervangen; {}; thema's en uitdagingen: {} nieuw, {} vervangen, {} ongewijzigd.",
                count(summary.initiatives_added, "initiatief", "initiatieven"),
                summary.initiatives_replaced,
                count(summary.sessions, "sessie", "sessies"),
                summary.terms_added,
                summary.terms_replaced,
                summary.terms_unchanged
            ),
            Lang::En => format!(
                "Imported: {} new, {} replaced; {}; themes and challenges: {} new, {} replaced, {} unchanged.",
                count(summary.initiatives_added, "initiative", "initiatives"),
                summary.initiatives_replaced,
                count(summary.sessions, "session", "sessions"),
                summary.terms_added,
                summary.terms_replaced,
                summary.terms_unchanged
            ),
        }
    );
    if summary.landscape_added + summary.landscape_replaced > 0 {
        println!(
            "{}",
            match lang {
                Lang::Nl => format!(
                    "Landschap (organisaties, relaties, doe-agenda, ontwikkelcoalities): {} nieuw, waarvan {} uit partners gemaakt; {} vervangen.",
                    summary.landscape_added,
                    count(
                        summary.organisations_from_partners,
                        "organisatie",
                        "organisaties"
                    ),
                    summary.landscape_replaced
                ),
                Lang::En => format!(
                    "Landscape (organisations, relations, action agenda, development coalitions): {} new, of which {} made from partners; {} replaced.",
                    summary.landscape_added,
                    count(
                        summary.organisations_from_partners,
                        "organisation",
                        "organisations"
                    ),
                    summary.landscape_replaced
                ),
            }
        );
    }
    Ok(())
}

/// Reads the history file of a backup.
fn read_archive(lang: Lang, path: &std::path::Path) -> Result<HistoryArchive, Failure> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::line(match lang {
            Lang::Nl => format!("kan {} niet lezen: {e}", path.display()),
            Lang::En => format!("cannot read {}: {e}", path.display()),
        })
    })?;
    let archive: HistoryArchive = serde_json::from_str(&text).map_err(|e| {
        Failure::line(match lang {
            Lang::Nl => format!(
                "{} is geen geschiedenis van een back-up (uti-history/1): regel {}, kolom {}",
                path.display(),
                e.line(),
                e.column()
            ),
            Lang::En => format!(
                "{} is not the history of a backup (uti-history/1): line {}, column {}",
                path.display(),
                e.line(),
                e.column()
            ),
        })
    })?;
    if archive.format != uti_store::history::ARCHIVE_FORMAT {
        return Err(Failure::line(match lang {
            Lang::Nl => format!(
                "{}: onbekend formaat `{}`; verwacht uti-history/1",
                path.display(),
                archive.format
            ),
            Lang::En => format!(
                "{}: unknown format `{}`; expected uti-history/1",
                path.display(),
                archive.format
            ),
        }));
    }
    Ok(archive)
}

/// Each conflict with its place (`FILE: initiatives[3].id: ...`), then the verdict.
fn refused(lang: Lang, origins: &Origins, conflicts: &[Conflict]) -> Failure {
    let lines = conflicts
        .iter()
        .map(|c| match origins.place(c) {
            Some((file, at)) => format!("{file}: {at}: {}", c.message(lang)),
            None => c.message(lang),
        })
        .collect();
    Failure::refused(lang, lines)
}
