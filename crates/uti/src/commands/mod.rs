//! One module per subcommand. Each returns `Ok` or a [`Failure`] whose
//! lines are already in the user's language; [`run`] prints them.

mod analyse;
mod backup;
mod export;
mod generate;
mod import;
mod publish;
mod report;
mod serve;
mod user;

use crate::cli::{Cli, Command, DataFormat};
use std::path::Path;
use std::process::ExitCode;
use uti_core::Lang;
use uti_core::file::Syntax;
use uti_store::{Location, Store, StoreError};

/// A command that did not succeed: the lines to show, in the user's language.
#[derive(Debug)]
pub struct Failure(pub Vec<String>);

impl Failure {
    /// An import refused for `lines`, with the verdict that nothing changed.
    pub fn refused(lang: Lang, mut lines: Vec<String>) -> Failure {
        lines.push(
            lang.pick(
                "Niets geïmporteerd: de database is ongewijzigd.",
                "Nothing imported: the database is unchanged.",
            )
            .into(),
        );
        Failure(lines)
    }

    /// A failure of one line.
    pub fn line(text: impl Into<String>) -> Failure {
        Failure(vec![text.into()])
    }
}

/// What every command gets.
pub struct Context {
    /// The user's language.
    pub lang: Lang,
    /// Where the database is.
    pub location: Location,
}

impl Context {
    /// Opens the database, with a clear message when that fails.
    pub async fn open(&self) -> Result<Store, Failure> {
        Store::open(&self.location)
            .await
            .map_err(|e| self.store_failure(e))
    }

    /// Turns a storage error into a message; internals stay in the log.
    pub fn store_failure(&self, error: StoreError) -> Failure {
        let lang = self.lang;
        match error {
            StoreError::Conflicts(conflicts) => {
                Failure::refused(lang, conflicts.iter().map(|c| c.message(lang)).collect())
            }
            StoreError::Account(e) => Failure::line(e.message(lang)),
            StoreError::Connect { location, source } => Failure::line(match lang {
                Lang::Nl => format!("kan de database {location} niet openen: {source}"),
                Lang::En => format!("cannot open the database {location}: {source}"),
            }),
            other => Failure::line(match lang {
                Lang::Nl => format!("databasefout: {other}"),
                Lang::En => format!("database error: {other}"),
            }),
        }
    }
}

/// The syntax to write: the flag, else the file's extension, else YAML.
pub fn output_syntax(format: Option<DataFormat>, out: Option<&Path>) -> Syntax {
    match format {
        Some(DataFormat::Yaml) => Syntax::Yaml,
        Some(DataFormat::Json) => Syntax::Json,
        None => out.and_then(Syntax::of_path).unwrap_or(Syntax::Yaml),
    }
}

/// Runs the command and prints any failure to standard error.
pub async fn run(cli: Cli) -> ExitCode {
    let lang = Lang::parse(&cli.lang).unwrap_or_default();
    let context = Context {
        lang,
        location: Location::parse(cli.database.as_deref()),
    };
    let result = match cli.command {
        Command::Serve(args) => serve::run(&context, args).await,
        Command::Import(args) => import::run(&context, args).await,
        Command::Export(args) => export::run(&context, args).await,
        Command::Analyse(args) => analyse::run(&context, args).await,
        Command::Report(args) => report::run(&context, args).await,
        Command::Backup(args) => backup::run(&context, args).await,
        Command::Publish(args) => publish::run(&context, args, true).await,
        Command::Unpublish(args) => publish::run(&context, args, false).await,
        Command::Generate(args) => generate::run(&context, args),
        Command::User(command) => user::run(&context, command).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(lines)) => {
            let prefix = lang.pick("fout", "error");
            for line in lines {
                eprintln!("{prefix}: {line}");
            }
            ExitCode::FAILURE
        }
    }
}

/// Reads and checks dataset files; all errors of all files on failure.
pub fn read_datasets(
    context: &Context,
    files: &[std::path::PathBuf],
    max_size: u64,
) -> Result<Vec<uti_core::model::Dataset>, Failure> {
    let lang = context.lang;
    let mut datasets = Vec::with_capacity(files.len());
    let mut lines = Vec::new();
    let mut count = 0;
    for file in files {
        match uti_core::file::read_file(file, max_size) {
            Ok(d) => datasets.push(d),
            Err(e) => {
                count += e.errors.len() + e.more;
                lines.extend(e.errors.iter().map(|err| err.message(lang)));
                if e.more > 0 {
                    lines.push(match lang {
                        Lang::Nl => format!("{}: en nog {} fouten", file.display(), e.more),
                        Lang::En => format!("{}: and {} more errors", file.display(), e.more),
                    });
                }
            }
        }
    }
    if lines.is_empty() {
        Ok(datasets)
    } else {
        lines.push(match (lang, count) {
            (Lang::Nl, 1) => {
                "Niets geïmporteerd: 1 fout gevonden; de database is ongewijzigd.".to_owned()
            }
            (Lang::Nl, n) => {
                format!("Niets geïmporteerd: {n} fouten gevonden; de database is ongewijzigd.")
            }
            (Lang::En, 1) => {
                "Nothing imported: 1 error found; the database is unchanged.".to_owned()
            }
            (Lang::En, n) => {
                format!("Nothing imported: {n} errors found; the database is unchanged.")
            }
        });
        Err(Failure(lines))
    }
}

/// Reports an IO failure writing a file.
pub fn write_failure(lang: Lang, path: Option<&Path>, error: std::io::Error) -> Failure {
    let target = path.map_or_else(|| "stdout".to_owned(), |p| p.display().to_string());
    Failure::line(match lang {
        Lang::Nl => format!("kan {target} niet schrijven: {error}"),
        Lang::En => format!("cannot write {target}: {error}"),
    })
}
