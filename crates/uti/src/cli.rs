//! The command line: subcommands and their flags. Every global flag can also
//! come from an environment variable.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// uti, the Utrecht Talent Instrument: record, compare and analyse what
/// the initiatives of a learning network do and why it works.
#[derive(Debug, Parser)]
#[command(name = "uti", version, about)]
pub struct Cli {
    /// The database: a file path or sqlite:PATH (SQLite, the default is uti.db
    /// in the working directory), or a postgres:// URL.
    #[arg(
        long,
        global = true,
        env = "UTI_DATABASE_URL",
        hide_env_values = true,
        value_name = "URL"
    )]
    pub database: Option<String>,
    /// Language of messages: nl (default) or en.
    #[arg(long, global = true, env = "UTI_LANG", default_value = "nl", value_parser = ["nl", "en"])]
    pub lang: String,
    /// Log lines as text (default) or as JSON objects, one per line.
    #[arg(long, global = true, env = "UTI_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"])]
    pub log_format: String,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web application.
    Serve(ServeArgs),
    /// Import dataset files (YAML or JSON), all or nothing.
    Import(ImportArgs),
    /// Export the whole dataset.
    Export(ExportArgs),
    /// Analyse the network across initiatives.
    Analyse(AnalyseArgs),
    /// Write the report of the network, or one initiative's portrait.
    Report(ReportArgs),
    /// Make a consistent copy of the database while it is in use.
    Backup(BackupArgs),
    /// Publish a portrait or report version on the public site (only when
    /// approved by the initiatives, or with --reason).
    Publish(PublishArgs),
    /// Withdraw a published portrait or report version from the public site.
    Unpublish(PublishArgs),
    /// Write a synthetic (fictional) dataset for benchmarks.
    Generate(GenerateArgs),
    /// Manage the users of the web workspace.
    #[command(subcommand)]
    User(UserCommand),
}

/// `uti user ...`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user. Without --password-stdin a password is made and printed.
    Add {
        /// Login name.
        name: String,
        /// admin, researcher, contact (initiative contact) or reader.
        #[arg(long, value_parser = ["admin", "researcher", "contact", "reader"])]
        role: String,
        /// For a contact: an initiative they speak for (repeat for more).
        #[arg(long = "initiative", value_name = "ID")]
        initiatives: Vec<String>,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the users with their roles and initiatives.
    List,
    /// Change a user's role (and, with --initiative, their initiatives).
    SetRole {
        /// Login name.
        name: String,
        /// admin, researcher, contact or reader.
        #[arg(value_parser = ["admin", "researcher", "contact", "reader"])]
        role: String,
        /// For a contact: an initiative they speak for (repeat for more).
        #[arg(long = "initiative", value_name = "ID")]
        initiatives: Vec<String>,
    },
    /// Set a new password (made and printed, or read with --password-stdin);
    /// ends the user's login sessions and lifts the login throttle on the name.
    ResetPassword {
        /// Login name.
        name: String,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
    },
    /// Print a new personal API token for scripts and notebooks.
    Token {
        /// Login name.
        name: String,
        /// Revoke the user's tokens instead (all, or the one starting with
        /// the given prefix).
        #[arg(long, value_name = "PREFIX", num_args = 0..=1, default_missing_value = "")]
        revoke: Option<String>,
    },
}

/// `uti serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "UTI_BIND", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Load the fictional example network when the database is empty.
    #[arg(long)]
    pub demo: bool,
    /// The address users reach the server at, behind a TLS-terminating
    /// proxy (e.g. https://uti.example.nl): changes from there are accepted
    /// as our own, and with https every answer carries HSTS.
    #[arg(long, env = "UTI_PUBLIC_URL", value_name = "URL")]
    pub public_url: Option<String>,
    /// Seconds the requests under way get to finish after SIGTERM or Ctrl-C.
    #[arg(
        long,
        env = "UTI_SHUTDOWN_GRACE",
        default_value_t = 30,
        value_name = "SECONDS"
    )]
    pub shutdown_grace: u64,
    /// Seconds a client has to send a request's headers before the
    /// connection is closed.
    #[arg(
        long,
        env = "UTI_HEADER_TIMEOUT",
        default_value_t = 10,
        value_name = "SECONDS"
    )]
    pub header_timeout: u64,
    /// A reverse proxy in front of uti, whose X-Forwarded-For header names
    /// the client (the login throttle counts per client address); repeat
    /// for more, comma-separated in the environment variable. Without it
    /// the header is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "UTI_TRUSTED_PROXY",
        value_name = "IP",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<String>,
    /// The mail server that sends personal links to contacts:
    /// smtp://user:password@host:587 (STARTTLS), smtps://user:password@host
    /// (TLS), or smtp://127.0.0.1:2525?tls=none (plain, a relay on this
    /// machine). Without it the researcher copies the link and sends it.
    #[arg(long, env = "UTI_SMTP_URL", value_name = "URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The address the mail comes from (e.g. "Onderzoek <uti@example.nl>");
    /// by default the user name of --smtp-url, when that is an address.
    #[arg(long, env = "UTI_SMTP_FROM", value_name = "ADDRESS")]
    pub smtp_from: Option<String>,
}

/// `uti import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The files (.yaml, .yml or .json).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Check the files and report, without storing anything.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace initiatives (as a whole), themes and challenges that exist.
    #[arg(long)]
    pub replace: bool,
    /// Largest file accepted, in MiB.
    #[arg(long, default_value_t = uti_core::file::DEFAULT_MAX_SIZE >> 20, value_name = "MIB")]
    pub max_size: u64,
    /// Restores a backup: the history file `uti backup` wrote beside the
    /// dataset (NAME.history.json), into a database without history. The
    /// sessions get their uids back and nothing new is recorded.
    #[arg(long, value_name = "FILE", conflicts_with_all = ["replace", "dry_run"])]
    pub history: Option<PathBuf>,
}

/// The syntaxes of the dataset format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DataFormat {
    /// YAML.
    Yaml,
    /// JSON.
    Json,
}

/// What `uti export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The dataset format in YAML.
    Yaml,
    /// The dataset format in JSON.
    Json,
    /// A workbook with a sheet per kind of record, for a spreadsheet.
    Xlsx,
    /// A folder (--out DIR) with a CSV file per kind of record.
    Csv,
    /// The landscape as a graph in GraphML: initiatives and organisations
    /// as nodes, partner links and relations as edges.
    Graphml,
    /// The same graph in GEXF 1.3, for Gephi.
    Gexf,
    /// A folder (--out DIR) with the graph for Kumu: kumu-elements.csv,
    /// kumu-connections.csv and the same as kumu.json.
    Kumu,
}

/// `uti export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// What to write; by default taken from --out's extension (.yaml, .yml,
    /// .json, .xlsx), else YAML.
    #[arg(long, value_enum)]
    pub format: Option<ExportFormat>,
    /// File to write (replaced safely); standard output when absent. For
    /// csv the folder to write the files in (made when missing).
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// With --format csv: replace files of the same name in the folder
    /// (without it, existing files are never overwritten).
    #[arg(long)]
    pub force: bool,
}

/// Forms of the analysis.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AnalysisFormat {
    /// Dutch (or English) sentences as plain text.
    Text,
    /// The sentences as Markdown.
    Markdown,
    /// The `uti-analysis/1` JSON object.
    Json,
}

/// `uti analyse`.
#[derive(Debug, Args)]
pub struct AnalyseArgs {
    /// Form of the output.
    #[arg(long, value_enum, default_value = "text")]
    pub format: AnalysisFormat,
    /// Analyse these dataset files instead of the database.
    #[arg(value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// Formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown; the charts as SVG files beside it (FILE-fig-1.svg, ...).
    Md,
    /// One standalone HTML file (inline style and charts) that prints on A4.
    Html,
    /// A typeset PDF on A4: title page, contents, bookmarks, page numbers,
    /// vector charts, fonts embedded.
    Pdf,
    /// A Word document (Word, LibreOffice): heading styles, contents,
    /// tables, charts as pictures.
    Docx,
}

/// `uti report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Format; by default taken from --out's extension (.md, .html, .pdf, .docx).
    #[arg(long, value_enum)]
    pub format: Option<ReportFormat>,
    /// File to write (replaced safely).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// Only the portrait of this initiative (its id).
    #[arg(long, value_name = "ID")]
    pub initiative: Option<String>,
    /// The introduction, as the researchers wrote it (Markdown); without
    /// it the report marks the section as still to be written.
    #[arg(long, value_name = "FILE", conflicts_with = "initiative")]
    pub intro: Option<PathBuf>,
    /// The perspective used, as the researchers wrote it (Markdown);
    /// without it the report marks the section as still to be written.
    #[arg(long, value_name = "FILE", conflicts_with = "initiative")]
    pub perspective: Option<PathBuf>,
    /// Title on the title page.
    #[arg(long)]
    pub title: Option<String>,
    /// Version label on the title page.
    #[arg(long = "version", value_name = "LABEL")]
    pub version: Option<String>,
    /// Date on the title page (YYYY-MM-DD); today by default.
    #[arg(long, value_name = "DATE")]
    pub date: Option<String>,
}

/// `uti backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// Where to write the copy. On SQLite a .db file is a database copy
    /// (history included); otherwise (.yaml/.json, and always on
    /// PostgreSQL) a dataset export with the history beside it in
    /// NAME.history.json (restore with `uti import NAME.yaml --history
    /// NAME.history.json`).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

/// `uti publish` and `uti unpublish`: one portrait or one report version.
#[derive(Debug, Args)]
pub struct PublishArgs {
    /// The initiative whose portrait (as it is now) is published.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "report_version",
        conflicts_with = "report_version"
    )]
    pub initiative: Option<String>,
    /// The number of the saved report version.
    #[arg(long, value_name = "N")]
    pub report_version: Option<i64>,
    /// Publish without the initiatives' approval, and record why
    /// (`uti publish` only).
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// Who publishes, for the record (default: the system user's name).
    #[arg(long, value_name = "NAME")]
    pub by: Option<String>,
}

/// `uti generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of initiatives.
    #[arg(long, default_value_t = 100)]
    pub initiatives: usize,
    /// Sessions per initiative.
    #[arg(long, default_value_t = 3)]
    pub sessions: usize,
    /// CIMO chains per session.
    #[arg(long, default_value_t = 3)]
    pub chains: usize,
    /// Seed: the same seed gives the same dataset.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Syntax; by default taken from --out's extension, else YAML.
    #[arg(long, value_enum)]
    pub format: Option<DataFormat>,
    /// File to write; standard output when absent.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}
