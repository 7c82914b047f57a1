//! `uti import FILE...`: check, then store all or nothing.

use super::{Context, Failure, read_datasets};
use crate::cli::ImportArgs;
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;
use uti_core::Lang;
use uti_core::model::Dataset;
use uti_store::{Conflict, ImportOptions, StoreError};

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
    let origins = Origins::of(&args.files, &datasets);
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
            &progress,
        )
        .await;
    bar.finish_and_clear();
    store.close().await;
    let summary = match result {
        Ok(summary) => summary,
        Err(StoreError::Conflicts(conflicts)) => {
            return Err(origins.failure(lang, &conflicts));
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

/// Which file holds which ids, to name the place of a conflict.
struct Origins {
    /// Per file: its name, then the ids of its initiatives, themes and challenges.
    files: Vec<(String, [Vec<String>; 3])>,
}

impl Origins {
    fn of(files: &[PathBuf], datasets: &[Dataset]) -> Origins {
        let ids = |list: &mut dyn Iterator<Item = &str>| list.map(str::to_owned).collect();
        Origins {
            files: files
                .iter()
                .zip(datasets)
                .map(|(file, d)| {
                    (
                        file.display().to_string(),
                        [
                            ids(&mut d.initiatives().iter().map(|i| i.id.as_str())),
                            ids(&mut d.themes().iter().map(|t| t.id.as_str())),
                            ids(&mut d.challenges().iter().map(|t| t.id.as_str())),
                        ],
                    )
                })
                .collect(),
        }
    }

    /// `FILE: initiatives[3].id` for the first place a conflict comes from.
    fn place(&self, conflict: &Conflict) -> Option<String> {
        let (list, key, id) = match conflict {
            Conflict::InitiativeExists(id) | Conflict::InitiativeTwice(id) => {
                (0, "initiatives", id)
            }
            Conflict::TermDiffers { kind, id } | Conflict::TermTwice { kind, id } => {
                if *kind == "theme" {
                    (1, "themes", id)
                } else {
                    (2, "challenges", id)
                }
            }
        };
        let want = |n: usize| -> Option<String> {
            let (file, ids) = &self.files[n];
            let i = ids[list].iter().position(|x| x == id)?;
            Some(format!("{file}: {key}[{i}].id"))
        };
        // A duplicate across files is named where it comes the second time.
        let order: Vec<usize> = match conflict {
            Conflict::InitiativeTwice(_) | Conflict::TermTwice { .. } => {
                (0..self.files.len()).rev().collect()
            }
            _ => (0..self.files.len()).collect(),
        };
        order.into_iter().find_map(want)
    }

    /// Each conflict with its place, then the verdict.
    fn failure(&self, lang: Lang, conflicts: &[Conflict]) -> Failure {
        let lines = conflicts
            .iter()
            .map(|c| match self.place(c) {
                Some(at) => format!("{at}: {}", c.message(lang)),
                None => c.message(lang),
            })
            .collect();
        Failure::refused(lang, lines)
    }
}
