//! Storage of uti behind one interface, [`Store`], on SQLite (the default,
//! an embedded file) or PostgreSQL (for several stateless web servers).
//! Both run the same SQL through sqlx's `Any` driver; only the migrations
//! differ per backend. Queries are written with `?` placeholders and
//! rewritten to `$n` for PostgreSQL in one place ([`Store::sql`]).

/// Users, roles, login sessions and API tokens.
pub mod accounts;
/// The fact-check round: portraits put to their initiatives, responses, links.
pub mod checks;
/// Edits of single records, guarded by their versions.
pub mod edit;
/// Errors of the storage layer.
pub mod error;
/// The history of the data: who changed what, when, before and after.
pub mod history;
/// Bringing datasets in, all or nothing.
pub mod import;
/// The landscape's records: organisations, relations, agenda, coalitions.
mod landscape;
/// Changes of the landscape: relations, merging organisations.
pub mod landscape_edit;
/// Where the database is: parsing `--database` / `UTI_DATABASE_URL`.
pub mod location;
/// What the public reads: published portraits and report versions.
pub mod publications;
/// Reading the dataset back out.
pub mod read;
/// The texts the researchers write for the report (introduction, perspective).
pub mod report_texts;
/// Saved versions of the report and what changed between two.
pub mod report_versions;
/// Password hashes, session ids and tokens.
pub mod secrets;
/// Themes and challenges: list with usage, create, edit, merge, delete.
pub mod terms;
/// The login throttle: a growing delay after failed logins, per client
/// address and per name.
pub mod throttle;

pub use read::{InitiativeItem, StoredInitiative};

pub use accounts::{Login, Role, User};
pub use edit::{Saved, TermIds};
pub use error::{AccountError, Conflict, Origins, StoreError};
pub use history::{Actor, Entry, HistoryArchive, HistoryPage, Restored, Side, Via};
pub use import::{ImportOptions, ImportSummary};
pub use landscape_edit::{LandscapeError, OrganisationMerge};
pub use location::{Backend, Location};
pub use report_texts::{ReportTexts, StoredText, TextKey};
pub use report_versions::{FrozenReport, ReportVersion, VersionComparison};
pub use terms::{MergeSummary, StoredTerm, TermError, TermLists, TermUse};

use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};

/// A connection pool to the database, with its migrations applied.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// Changes of the dataset committed through this store (all clones).
    local_changes: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish()
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

impl Store {
    /// Opens (creating an SQLite file if needed) and migrates the database.
    pub async fn open(location: &Location) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = location.backend();
        // A database that is down is reported within 3 s (the web
        // answers 503 and retries), not after sqlx's default 30 s.
        let mut options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => 4,
                Backend::Postgres => 8,
            })
            .acquire_timeout(std::time::Duration::from_secs(3));
        if backend == Backend::Sqlite {
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers go on during a write; FULL makes every
                    // commit durable; the timeout waits for a busy writer.
                    for pragma in [
                        "PRAGMA journal_mode = WAL",
                        "PRAGMA synchronous = FULL",
                        "PRAGMA busy_timeout = 30000",
                        "PRAGMA foreign_keys = ON",
                    ] {
                        conn.execute(pragma).await?;
                    }
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(&location.url())
            .await
            .map_err(|e| StoreError::Connect {
                location: location.to_string(),
                source: e,
            })?;
        let migrator = match backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator.run(&pool).await?;
        Ok(Store {
            pool,
            backend,
            local_changes: Default::default(),
        })
    }

    /// Which backend this store runs on.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The pool, for the few callers that need raw access (tests, health checks).
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Rewrites `?` placeholders to `$1, $2, ...` for PostgreSQL. Queries
    /// are built only from constant text and placeholders, never from data.
    pub(crate) fn sql(&self, query: &str) -> sqlx::AssertSqlSafe<String> {
        sqlx::AssertSqlSafe(match self.backend {
            Backend::Sqlite => query.to_owned(),
            Backend::Postgres => {
                let mut out = String::with_capacity(query.len() + 16);
                let mut n = 0;
                for c in query.chars() {
                    if c == '?' {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(c);
                    }
                }
                out
            }
        })
    }

    /// Starts a read transaction that sees one consistent snapshot.
    pub(crate) async fn begin_snapshot(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin().await?,
            Backend::Postgres => {
                self.pool
                    .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                    .await?
            }
        };
        Ok(tx)
    }

    /// Starts a write transaction; on SQLite it takes the write lock at once,
    /// so that two writers never deadlock on upgrading a read lock.
    pub(crate) async fn begin_write(
        &self,
    ) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(tx)
    }

    /// Makes a consistent copy of an SQLite database while it is in use
    /// (`VACUUM INTO`). The copy is itself a complete database file.
    pub async fn backup_sqlite(&self, out: &std::path::Path) -> Result<(), StoreError> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Unsupported("backup_sqlite on PostgreSQL"));
        }
        let target = out
            .to_str()
            .ok_or(StoreError::Unsupported("a backup path that is not UTF-8"))?;
        sqlx::query("VACUUM INTO ?")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// How many changes of the dataset this process has committed. A cache
    /// of the dataset that saw the same count, and checked the database's
    /// revision a moment ago, is fresh without asking again; changes by
    /// other processes show at the next check.
    pub fn local_changes(&self) -> u64 {
        self.local_changes
            .load(std::sync::atomic::Ordering::Acquire)
    }

    /// Commits a transaction that changed the dataset: raises the dataset's
    /// revision (so every server reloads), commits, and counts the change in
    /// [`Store::local_changes`]. Every dataset change ends here.
    pub(crate) async fn commit_change(
        &self,
        mut tx: sqlx::Transaction<'static, sqlx::Any>,
        scope: Scope,
    ) -> Result<(), StoreError> {
        let revision = bump_revision(&mut tx).await?;
        let (kind, initiative) = match scope {
            Scope::Initiative(id) => ("initiative", Some(id)),
            Scope::Dataset => ("dataset", None),
            Scope::Other => ("other", None),
        };
        sqlx::query(
            self.sql("INSERT INTO changes (revision, kind, initiative_id) VALUES (?, ?, ?)"),
        )
        .bind(revision)
        .bind(kind)
        .bind(initiative)
        .execute(&mut *tx)
        .await?;
        sqlx::query(self.sql("DELETE FROM changes WHERE revision <= ?"))
            .bind(revision - CHANGES_KEPT)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.local_changes
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Ok(())
    }

    /// Closes the pool, waiting for connections to finish.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// How many rows of `changes` are kept: a server further behind reads the
/// whole dataset.
const CHANGES_KEPT: i64 = 1000;

/// What a committed change touched; see [`Store::changes_since`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One initiative (its own fields or its sessions).
    Initiative(String),
    /// Possibly anything in the dataset.
    Dataset,
    /// Nothing the dataset holds (the report's texts).
    Other,
}

/// What changed since a revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Since {
    /// Nothing in the dataset (the revision may still have moved).
    Nothing,
    /// Only these initiatives.
    Initiatives(std::collections::BTreeSet<String>),
    /// Possibly anything: read the whole dataset.
    Everything,
}

impl Store {
    /// What changed after `revision`, and the current revision. The two
    /// are read in one snapshot.
    pub async fn changes_since(&self, revision: i64) -> Result<(i64, Since), StoreError> {
        use sqlx::Row;
        let mut tx = self.begin_snapshot().await?;
        let current: i64 = sqlx::query("SELECT n FROM revision WHERE singleton = 1")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        if current == revision {
            tx.commit().await?;
            return Ok((current, Since::Nothing));
        }
        let rows = sqlx::query(self.sql(
            "SELECT revision, kind, initiative_id FROM changes WHERE revision > ? ORDER BY revision",
        ))
        .bind(revision)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        // Rows pruned (or written before this table existed): read all.
        if current < revision || rows.len() as i64 != current - revision {
            return Ok((current, Since::Everything));
        }
        let mut ids = std::collections::BTreeSet::new();
        for row in &rows {
            match text(row, "kind")?.as_str() {
                "initiative" => {
                    ids.insert(text(row, "initiative_id")?);
                }
                "other" => {}
                _ => return Ok((current, Since::Everything)),
            }
        }
        Ok((
            current,
            if ids.is_empty() {
                Since::Nothing
            } else {
                Since::Initiatives(ids)
            },
        ))
    }
}

/// Raises the dataset's revision and gives the new one; see
/// [`Store::commit_change`].
async fn bump_revision(tx: &mut sqlx::Transaction<'static, sqlx::Any>) -> Result<i64, StoreError> {
    use sqlx::Row;
    sqlx::query("UPDATE revision SET n = n + 1 WHERE singleton = 1")
        .execute(&mut **tx)
        .await?;
    Ok(sqlx::query("SELECT n FROM revision WHERE singleton = 1")
        .fetch_one(&mut **tx)
        .await?
        .try_get("n")?)
}

/// Reads a column as text.
pub(crate) fn text(row: &AnyRow, column: &str) -> Result<String, StoreError> {
    use sqlx::Row;
    Ok(row.try_get::<String, _>(column)?)
}
