//! `uti import FILE...`: check, then store all or nothing.

use super::{Context, Failure, read_datasets};
use crate::cli::ImportArgs;
use indicatif::{ProgressBar, ProgressStyle};
use uti_core::Lang;
use uti_store::{Actor, Conflict, ImportOptions, Origins, StoreError, Via};

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
    let store = context.open().await?;
    let bar = ProgressBar::new(initiatives as u64);
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(lang.pick("Importeren", "Importing"));
    let progress = |done: usize, _total: usize| bar.set_position(done as u64);
    let result = store
        .import(
            datasets,
            ImportOptions {
                replace: args.replace,
                dry_run: args.dry_run,
            },
            &Actor::system_user(Via::Import),
            &progress,
        )
        .await;
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
    Ok(())
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
