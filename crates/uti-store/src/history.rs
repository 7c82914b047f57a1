//! The history of the data: every change of the dataset (and of the
//! report's texts) is written, in the transaction that makes it, as one row
//! of `history`: who ([`Actor`]), when (Unix seconds), through what
//! ([`Via`]), which record, the action, and the record's JSON before and
//! after. Read newest first, a page at a time, by initiative or by session;
//! a session can be put back to an earlier state ([`Store::restore_session`]),
//! which is itself a change in the history.
//!
//! A session is known by its `uid` (see migration 0008), not by its
//! position, which moves when a session before it is removed. An import
//! writes one row per initiative it adds or changes, holding the whole
//! initiative with its sessions (so it shows in the initiative's history,
//! not in a session's).

use crate::{Store, StoreError, text};
use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};
use uti_core::Lang;
use uti_core::decode::DecodeErrors;
use uti_core::model::Session;

/// Through what a change came.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Via {
    /// A page of the web workspace.
    Web,
    /// The JSON API.
    Api,
    /// An import of a dataset file (command line, upload or API).
    Import,
    /// Another command of the command line.
    Cli,
}

impl Via {
    /// Every value.
    pub const ALL: [Via; 4] = [Via::Web, Via::Api, Via::Import, Via::Cli];

    /// Its word in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Via::Web => "web",
            Via::Api => "api",
            Via::Import => "import",
            Via::Cli => "cli",
        }
    }

    /// From its word.
    pub fn parse(word: &str) -> Option<Via> {
        Via::ALL.into_iter().find(|v| v.as_str() == word)
    }

    /// For people.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Via::Web => lang.pick("website", "website"),
            Via::Api => lang.pick("API", "API"),
            Via::Import => lang.pick("import", "import"),
            Via::Cli => lang.pick("opdrachtregel", "command line"),
        }
    }
}

/// Who makes a change, and through what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// The user's login name (or, on the command line, the system user).
    pub name: String,
    /// Through what.
    pub via: Via,
}

impl Actor {
    /// An actor.
    pub fn new(name: impl Into<String>, via: Via) -> Actor {
        Actor {
            name: name.into(),
            via,
        }
    }

    /// The user running a command: `$USER` (or `$LOGNAME`), else `cli`.
    pub fn system_user(via: Via) -> Actor {
        let name = std::env::var("USER")
            .or_else(|_| std::env::var("LOGNAME"))
            .ok()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| "cli".to_owned());
        Actor::new(name, via)
    }
}

/// What kind of record a history entry is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Record {
    /// An initiative: its own fields (an edit) or, with `sessions`, the
    /// whole initiative (created with sessions, or by an import).
    Initiative,
    /// One session.
    Session,
    /// A theme or challenge (`record_key` `theme/ID` or `challenge/ID`).
    Term,
    /// A text of the report (`record_key` `intro` or `perspective`); the
    /// JSON is a string.
    ReportText,
    /// The network's name (a JSON string).
    Network,
    /// A landscape record (`record_key` `organisation/ID`, `relation/ID`,
    /// `goal/ID`, `activity/ID` or `coalition/ID`).
    Landscape,
}

impl Record {
    const ALL: [Record; 6] = [
        Record::Initiative,
        Record::Session,
        Record::Term,
        Record::ReportText,
        Record::Network,
        Record::Landscape,
    ];

    /// Its word in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Record::Initiative => "initiative",
            Record::Session => "session",
            Record::Term => "term",
            Record::ReportText => "report_text",
            Record::Network => "network",
            Record::Landscape => "landscape",
        }
    }

    fn parse(word: &str) -> Option<Record> {
        Record::ALL.into_iter().find(|r| r.as_str() == word)
    }
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// It is new (`before` is absent).
    Created,
    /// It changed.
    Changed,
    /// It is gone (`after` is absent).
    Deleted,
    /// An import replaced it as a whole.
    Replaced,
    /// A session put back to the state after entry `restored_from`.
    Restored,
    /// A term merged into another (`after` is the term it went into).
    Merged,
}

impl Action {
    const ALL: [Action; 6] = [
        Action::Created,
        Action::Changed,
        Action::Deleted,
        Action::Replaced,
        Action::Restored,
        Action::Merged,
    ];

    /// Its word in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Created => "created",
            Action::Changed => "changed",
            Action::Deleted => "deleted",
            Action::Replaced => "replaced",
            Action::Restored => "restored",
            Action::Merged => "merged",
        }
    }

    fn parse(word: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == word)
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// Its number; later entries have higher numbers.
    pub id: i64,
    /// When, in Unix seconds.
    pub at: i64,
    /// Who.
    pub actor: String,
    /// Through what.
    pub via: Via,
    /// What kind of record.
    pub record: Record,
    /// What happened.
    pub action: Action,
    /// The initiative it belongs to, if any.
    pub initiative_id: Option<String>,
    /// The session's uid, for a session.
    pub session_uid: Option<String>,
    /// A term's `KIND/ID`, a report text's name.
    pub record_key: Option<String>,
    /// For a restore: the entry whose state was put back.
    pub restored_from: Option<i64>,
    /// The record's JSON before; `None` when it did not exist.
    pub before: Option<String>,
    /// The record's JSON after; `None` when it is gone.
    pub after: Option<String>,
}

/// A change to be written.
#[derive(Debug, Clone, Default)]
pub(crate) struct Change {
    pub record: Option<Record>,
    pub action: Option<Action>,
    pub initiative_id: Option<String>,
    pub session_uid: Option<String>,
    pub record_key: Option<String>,
    pub restored_from: Option<i64>,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Change {
    pub(crate) fn new(record: Record, action: Action) -> Change {
        Change {
            record: Some(record),
            action: Some(action),
            ..Change::default()
        }
    }

    pub(crate) fn initiative(mut self, id: &str) -> Change {
        self.initiative_id = Some(id.to_owned());
        self
    }

    pub(crate) fn session(mut self, uid: &str) -> Change {
        self.session_uid = Some(uid.to_owned());
        self
    }

    pub(crate) fn key(mut self, key: impl Into<String>) -> Change {
        self.record_key = Some(key.into());
        self
    }

    pub(crate) fn docs(mut self, before: Option<String>, after: Option<String>) -> Change {
        self.before = before;
        self.after = after;
        self
    }
}

/// A JSON string of a text (report texts, the network name).
pub(crate) fn json_text(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

/// A new session uid: 80 random bits as hex.
pub(crate) fn new_uid() -> String {
    crate::secrets::random_hex()[..20].to_owned()
}

/// An initiative's own document with its sessions' documents put in: the
/// same JSON as serialising the whole initiative (`sessions` is its last
/// key), without serialising the sessions again.
pub(crate) fn whole_doc(own: &str, sessions: &[&str]) -> String {
    if sessions.is_empty() {
        return own.to_owned();
    }
    let body = own.strip_suffix('}').unwrap_or(own);
    let mut out =
        String::with_capacity(own.len() + sessions.iter().map(|s| s.len() + 1).sum::<usize>() + 16);
    out.push_str(body);
    out.push_str(",\"sessions\":[");
    out.push_str(&sessions.join(","));
    out.push_str("]}");
    out
}

/// Rows per multi-row INSERT of history.
const CHUNK: usize = 100;

const COLUMNS: &str = "id, at, actor, via, record, action, initiative_id, session_uid, record_key, restored_from, doc_before, doc_after";

fn entry(row: &AnyRow) -> Result<Entry, StoreError> {
    let opt = |c: &str| -> Result<Option<String>, StoreError> {
        Ok(row.try_get::<Option<String>, _>(c)?)
    };
    let corrupt = |what: &str, v: String| StoreError::Corrupt(format!("history {what} `{v}`"));
    let via = text(row, "via")?;
    let record = text(row, "record")?;
    let action = text(row, "action")?;
    Ok(Entry {
        id: row.try_get("id")?,
        at: row.try_get("at")?,
        actor: text(row, "actor")?,
        via: Via::parse(&via).ok_or_else(|| corrupt("via", via.clone()))?,
        record: Record::parse(&record).ok_or_else(|| corrupt("record", record.clone()))?,
        action: Action::parse(&action).ok_or_else(|| corrupt("action", action.clone()))?,
        initiative_id: opt("initiative_id")?,
        session_uid: opt("session_uid")?,
        record_key: opt("record_key")?,
        restored_from: row.try_get::<Option<i64>, _>("restored_from")?,
        before: opt("doc_before")?,
        after: opt("doc_after")?,
    })
}

/// Which state of an entry a restore puts back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The state the change left (what "restore this version" means).
    After,
    /// The state before the change: for the oldest entry, the version the
    /// history starts from (a session that came in by an import).
    Before,
}

/// The outcome of [`Store::restore_session`].
#[derive(Debug, Clone, PartialEq)]
pub enum Restored {
    /// Put back; the session's new version.
    Done {
        /// Its version now.
        version: i64,
    },
    /// The session changed since `expected_version`; nothing was written.
    Stale {
        /// What is stored now, with its version.
        current: (Session, i64),
    },
    /// No session at that place, or the entry is not one of its states.
    NotFound,
    /// The earlier state no longer meets the rules (a theme or challenge it
    /// names is gone); nothing was written.
    Invalid(DecodeErrors),
}

/// A stored session as the history knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionState {
    /// Its uid.
    pub uid: String,
    /// Its version.
    pub version: i64,
    /// Its JSON.
    pub doc: String,
}

/// One page of history, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryPage {
    /// The entries.
    pub entries: Vec<Entry>,
    /// Whether older entries follow (ask again with `before` = the last id).
    pub more: bool,
}

/// Everything of the history a backup keeps beside a dataset export: the
/// rows, and which uid each stored session has (an import of the export
/// with it gives them back: [`Store::import_backup`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct HistoryArchive {
    /// `uti-history/1`.
    pub format: String,
    /// Per initiative, the uids of its sessions in order.
    pub sessions: std::collections::BTreeMap<String, Vec<String>>,
    /// Every entry, oldest first.
    pub entries: Vec<Entry>,
}

/// The format name of [`HistoryArchive`].
pub const ARCHIVE_FORMAT: &str = "uti-history/1";

impl Store {
    /// Writes changes in the transaction that makes them, all with the same
    /// actor and time; many at once with multi-row INSERTs.
    pub(crate) async fn record(
        &self,
        tx: &mut Transaction<'static, Any>,
        actor: &Actor,
        changes: Vec<Change>,
    ) -> Result<(), StoreError> {
        let at = crate::accounts::now();
        let mut changes = changes.into_iter().peekable();
        while changes.peek().is_some() {
            let chunk: Vec<Change> = changes.by_ref().take(CHUNK).collect();
            let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let sql = self.sql(&format!(
                "INSERT INTO history (at, actor, via, record, action, initiative_id, session_uid, record_key, restored_from, doc_before, doc_after) VALUES {rows}"
            ));
            let mut q = sqlx::query(sql);
            for c in chunk {
                q = q
                    .bind(at)
                    .bind(actor.name.clone())
                    .bind(actor.via.as_str())
                    .bind(c.record.map_or("initiative", Record::as_str))
                    .bind(c.action.map_or("changed", Action::as_str))
                    .bind(c.initiative_id)
                    .bind(c.session_uid)
                    .bind(c.record_key)
                    .bind(c.restored_from)
                    .bind(c.before)
                    .bind(c.after);
            }
            q.execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Reads up to `limit` entries matching `filter` (`column = ?`), newest
    /// first, older than `before` when given.
    async fn history_page(
        &self,
        filter: &str,
        value: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<HistoryPage, StoreError> {
        let limit = limit.clamp(1, 500);
        let sql = format!(
            "SELECT {COLUMNS} FROM history WHERE {filter} = ? AND id < ? ORDER BY id DESC LIMIT ?"
        );
        let rows = sqlx::query(self.sql(&sql))
            .bind(value.to_owned())
            .bind(before.unwrap_or(i64::MAX))
            .bind(limit as i64 + 1)
            .fetch_all(&self.pool)
            .await?;
        let more = rows.len() > limit;
        let entries = rows
            .iter()
            .take(limit)
            .map(entry)
            .collect::<Result<_, _>>()?;
        Ok(HistoryPage { entries, more })
    }

    /// The history of an initiative (its own fields, the whole initiative by
    /// imports, and all its sessions, removed ones included), newest first:
    /// at most `limit` entries older than entry `before`.
    pub async fn initiative_history(
        &self,
        initiative_id: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<HistoryPage, StoreError> {
        self.history_page("initiative_id", initiative_id, before, limit)
            .await
    }

    /// The session at `index` of an initiative as the history knows it:
    /// its uid, version and document.
    pub async fn session_state(
        &self,
        initiative_id: &str,
        index: usize,
    ) -> Result<Option<SessionState>, StoreError> {
        let row = sqlx::query(self.sql(
            "SELECT uid, version, doc FROM sessions WHERE initiative_id = ? AND position = ?",
        ))
        .bind(initiative_id.to_owned())
        .bind(index as i64)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(SessionState {
                uid: text(&r, "uid")?,
                version: r.try_get("version")?,
                doc: text(&r, "doc")?,
            })
        })
        .transpose()
    }

    /// The uids of an initiative's sessions, in order (to find where a
    /// session of the history is now).
    pub async fn session_uids(&self, initiative_id: &str) -> Result<Vec<String>, StoreError> {
        sqlx::query(self.sql("SELECT uid FROM sessions WHERE initiative_id = ? ORDER BY position"))
            .bind(initiative_id.to_owned())
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| text(r, "uid"))
            .collect()
    }

    /// The history of one session by its uid (see [`Store::session_state`]),
    /// newest first, as [`Store::initiative_history`].
    pub async fn session_history(
        &self,
        uid: &str,
        before: Option<i64>,
        limit: usize,
    ) -> Result<HistoryPage, StoreError> {
        self.history_page("session_uid", uid, before, limit).await
    }

    /// One entry.
    pub async fn history_entry(&self, id: i64) -> Result<Option<Entry>, StoreError> {
        let row = sqlx::query(self.sql(&format!("SELECT {COLUMNS} FROM history WHERE id = ?")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(entry).transpose()
    }

    /// Puts the session at `index` back to a state of entry `entry`: the
    /// one it left ([`Side::After`], "restore this version") or the one
    /// before it ([`Side::Before`]), if the session is still at
    /// `expected_version`; a change like any other, recorded as `restored`.
    /// The entry must be one of this session's; the state is checked
    /// against the stored themes and challenges.
    pub async fn restore_session(
        &self,
        initiative_id: &str,
        index: usize,
        entry_id: i64,
        side: Side,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<Restored, StoreError> {
        let terms = self.term_ids().await?;
        let mut tx = self.begin_write().await?;
        let Some(row) = sqlx::query(self.sql(
            "SELECT id, uid, doc, version FROM sessions WHERE initiative_id = ? AND position = ?",
        ))
        .bind(initiative_id.to_owned())
        .bind(index as i64)
        .fetch_optional(&mut *tx)
        .await?
        else {
            tx.rollback().await?;
            return Ok(Restored::NotFound);
        };
        let row_id: i64 = row.try_get("id")?;
        let uid = text(&row, "uid")?;
        let current_doc = text(&row, "doc")?;
        let version: i64 = row.try_get("version")?;
        let column = match side {
            Side::After => "doc_after",
            Side::Before => "doc_before",
        };
        let target = sqlx::query(self.sql(&format!(
            "SELECT {column} AS doc FROM history WHERE id = ? AND record = 'session' AND session_uid = ?"
        )))
        .bind(entry_id)
        .bind(uid.clone())
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get::<Option<String>, _>("doc"))
        .transpose()?
        .flatten();
        let Some(target) = target else {
            tx.rollback().await?;
            return Ok(Restored::NotFound);
        };
        if version != expected_version {
            tx.rollback().await?;
            let current: Session = serde_json::from_str(&current_doc)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            return Ok(Restored::Stale {
                current: (current, version),
            });
        }
        let value: serde_json::Value =
            serde_json::from_str(&target).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let session = match uti_core::decode::session("", &value, terms.themes, terms.challenges) {
            Ok(s) => s,
            Err(e) => {
                tx.rollback().await?;
                return Ok(Restored::Invalid(e));
            }
        };
        let doc =
            serde_json::to_string(&session).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let done = sqlx::query(self.sql(
            "UPDATE sessions SET date = ?, kind = ?, doc = ?, version = version + 1 WHERE id = ? AND version = ?",
        ))
        .bind(session.date.to_string())
        .bind(session.kind.as_str())
        .bind(doc.clone())
        .bind(row_id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            tx.rollback().await?;
            let current: Session = serde_json::from_str(&current_doc)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            return Ok(Restored::Stale {
                current: (current, version),
            });
        }
        let mut change = Change::new(Record::Session, Action::Restored)
            .initiative(initiative_id)
            .session(&uid)
            .docs(Some(current_doc), Some(doc));
        change.restored_from = Some(entry_id);
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, crate::Scope::Initiative(initiative_id.to_owned()))
            .await?;
        Ok(Restored::Done {
            version: expected_version + 1,
        })
    }

    /// Whether any change is recorded.
    pub async fn has_history(&self) -> Result<bool, StoreError> {
        Ok(sqlx::query("SELECT 1 AS one FROM history LIMIT 1")
            .fetch_optional(&self.pool)
            .await?
            .is_some())
    }

    /// The dataset and, beside it, the whole history with the sessions'
    /// uids, read in one snapshot: a backup that is not a database file.
    pub async fn dataset_with_history(
        &self,
    ) -> Result<(uti_core::model::Dataset, HistoryArchive), StoreError> {
        use futures_util::TryStreamExt;
        let mut tx = self.begin_snapshot().await?;
        let dataset = self.read_dataset(&mut tx).await?;
        let mut archive = HistoryArchive {
            format: ARCHIVE_FORMAT.to_owned(),
            ..HistoryArchive::default()
        };
        {
            let mut rows = sqlx::query(
                "SELECT initiative_id, uid FROM sessions ORDER BY initiative_id, position",
            )
            .fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                archive
                    .sessions
                    .entry(text(&row, "initiative_id")?)
                    .or_default()
                    .push(text(&row, "uid")?);
            }
        }
        {
            let mut rows =
                sqlx::query(self.sql(&format!("SELECT {COLUMNS} FROM history ORDER BY id")))
                    .fetch(&mut *tx);
            while let Some(row) = rows.try_next().await? {
                archive.entries.push(entry(&row)?);
            }
        }
        tx.commit().await?;
        Ok((dataset, archive))
    }

    /// Writes the entries of an archive as they were (with their numbers),
    /// into a database whose history is empty; see [`Store::import_backup`].
    pub(crate) async fn restore_archive(
        &self,
        tx: &mut Transaction<'static, Any>,
        archive: &HistoryArchive,
    ) -> Result<(), StoreError> {
        let has: i64 = sqlx::query("SELECT COUNT(*) AS n FROM history")
            .fetch_one(&mut **tx)
            .await?
            .try_get("n")?;
        if has > 0 {
            return Err(StoreError::Unsupported(
                "restoring a history into a database that has one already",
            ));
        }
        for chunk in archive.entries.chunks(CHUNK) {
            let rows = vec!["(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let sql = self.sql(&format!("INSERT INTO history ({COLUMNS}) VALUES {rows}"));
            let mut q = sqlx::query(sql);
            for e in chunk {
                q = q
                    .bind(e.id)
                    .bind(e.at)
                    .bind(e.actor.clone())
                    .bind(e.via.as_str())
                    .bind(e.record.as_str())
                    .bind(e.action.as_str())
                    .bind(e.initiative_id.clone())
                    .bind(e.session_uid.clone())
                    .bind(e.record_key.clone())
                    .bind(e.restored_from)
                    .bind(e.before.clone())
                    .bind(e.after.clone());
            }
            q.execute(&mut **tx).await?;
        }
        if self.backend == crate::Backend::Postgres {
            sqlx::query(
                "SELECT setval(pg_get_serial_sequence('history', 'id'), (SELECT COALESCE(MAX(id), 0) + 1 FROM history), false)",
            )
            .execute(&mut **tx)
            .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_document_is_what_serde_writes() {
        let own = r#"{"id":"a","name":"A"}"#;
        assert_eq!(whole_doc(own, &[]), own);
        assert_eq!(
            whole_doc(own, &[r#"{"x":1}"#, r#"{"y":2}"#]),
            r#"{"id":"a","name":"A","sessions":[{"x":1},{"y":2}]}"#
        );
    }
}
