//! Edits of single records from the web workspace and the API: create an
//! initiative, change its own fields, add, change or remove one session.
//! Every change names the version it was based on; when the stored version
//! has moved on, nothing is written and the caller gets the stored record
//! back ([`Saved::Stale`]), so that nobody's work is silently overwritten.

use crate::history::{Action, Actor, Change, Record, new_uid, whole_doc};
use crate::import::SessionRow;
use crate::{Conflict, Store, StoreError, text};
use sqlx::Row;
use std::collections::HashSet;
use uti_core::model::{Initiative, Session};

/// The outcome of a guarded change.
#[derive(Debug, Clone, PartialEq)]
pub enum Saved<T> {
    /// Written. `index` is the record's place in its list (a session's
    /// index among its initiative's sessions; 0 for an initiative), and
    /// `version` its new version.
    Done {
        /// Where the record now is.
        index: usize,
        /// Its new version.
        version: i64,
    },
    /// Someone else changed or removed the record since `expected_version`;
    /// nothing was written. `current` is what is stored now, with its
    /// version, or `None` when the record is gone.
    Stale {
        /// The stored record and its version.
        current: Option<(T, i64)>,
    },
}

/// The ids of the stored themes and challenges, for checking references.
#[derive(Debug, Clone, Default)]
pub struct TermIds {
    /// Theme ids.
    pub themes: HashSet<String>,
    /// Challenge ids.
    pub challenges: HashSet<String>,
}

fn to_doc<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn from_doc<T: serde::de::DeserializeOwned>(doc: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store {
    /// The ids of every stored theme and challenge.
    pub async fn term_ids(&self) -> Result<TermIds, StoreError> {
        let mut ids = TermIds::default();
        for row in sqlx::query("SELECT kind, id FROM terms")
            .fetch_all(&self.pool)
            .await?
        {
            let id = text(&row, "id")?;
            if text(&row, "kind")? == "theme" {
                ids.themes.insert(id);
            } else {
                ids.challenges.insert(id);
            }
        }
        Ok(ids)
    }

    /// Stores a new initiative with its sessions (if any). Refused with
    /// [`Conflict::InitiativeExists`] when the id is taken. Recorded in the
    /// history as the whole initiative, by `actor`.
    pub async fn create_initiative(
        &self,
        initiative: &Initiative,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let id = initiative.id.to_string();
        let exists = sqlx::query(self.sql("SELECT 1 AS one FROM initiatives WHERE id = ?"))
            .bind(id.clone())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if exists {
            tx.rollback().await?;
            return Err(StoreError::Conflicts(vec![Conflict::InitiativeExists(id)]));
        }
        let position: i64 =
            sqlx::query("SELECT COALESCE(MAX(position), -1) AS last FROM initiatives")
                .fetch_one(&mut *tx)
                .await?
                .try_get::<i64, _>("last")?
                + 1;
        let mut own = initiative.clone();
        let mut changes = Vec::new();
        let made = self.link_one(&mut tx, &mut own, &mut changes).await?;
        let sessions = own.sessions.take().unwrap_or_default();
        let own_doc = to_doc(&own)?;
        let mut rows = vec![(id.clone(), position, own.name.clone(), own_doc.clone())];
        let mut session_rows = sessions
            .iter()
            .enumerate()
            .map(|(i, s)| SessionRow::new(&id, i, s, new_uid()))
            .collect::<Result<Vec<_>, _>>()?;
        let docs: Vec<&str> = session_rows.iter().map(|r| r.doc.as_str()).collect();
        changes.push(
            Change::new(Record::Initiative, Action::Created)
                .initiative(&id)
                .docs(None, Some(whole_doc(&own_doc, &docs))),
        );
        self.flush(&mut tx, &mut rows, &mut session_rows).await?;
        self.record(&mut tx, actor, changes).await?;
        self.commit_change(tx, scope(made, &id)).await?;
        Ok(())
    }

    /// Changes an initiative's own fields (name, sectors, partners, ...);
    /// its id and sessions stay as they are (`initiative.sessions` is
    /// ignored). `Ok(None)` when there is no such initiative.
    pub async fn update_initiative(
        &self,
        initiative: &Initiative,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<Option<Saved<Initiative>>, StoreError> {
        let mut own = initiative.clone();
        own.sessions = None;
        let id = own.id.to_string();
        let mut tx = self.begin_write().await?;
        let mut changes = Vec::new();
        let made = self.link_one(&mut tx, &mut own, &mut changes).await?;
        let doc = to_doc(&own)?;
        let old = sqlx::query(self.sql("SELECT doc FROM initiatives WHERE id = ? AND version = ?"))
            .bind(id.clone())
            .bind(expected_version)
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| text(&r, "doc"))
            .transpose()?;
        let done = sqlx::query(self.sql(
            "UPDATE initiatives SET name = ?, doc = ?, version = version + 1 WHERE id = ? AND version = ?",
        ))
        .bind(own.name.clone())
        .bind(doc.clone())
        .bind(id.clone())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let row = sqlx::query(self.sql("SELECT doc, version FROM initiatives WHERE id = ?"))
            .bind(id.clone())
            .fetch_optional(&mut *tx)
            .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Ok(None);
        };
        let version: i64 = row.try_get("version")?;
        if done == 0 {
            tx.rollback().await?;
            let current: Initiative = from_doc(&text(&row, "doc")?)?;
            return Ok(Some(Saved::Stale {
                current: Some((current, version)),
            }));
        }
        changes.push(
            Change::new(Record::Initiative, Action::Changed)
                .initiative(&id)
                .docs(old, Some(doc)),
        );
        self.record(&mut tx, actor, changes).await?;
        self.commit_change(tx, scope(made, &id)).await?;
        Ok(Some(Saved::Done { index: 0, version }))
    }

    /// Saves one session of an initiative: a new one at the end of its list
    /// (`index` `None`), or the one at `index`, only if its stored version
    /// is still `expected_version`. `Ok(None)` when there is no such
    /// initiative.
    pub async fn save_session(
        &self,
        initiative_id: &str,
        index: Option<usize>,
        session: &Session,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<Option<Saved<Session>>, StoreError> {
        let mut tx = self.begin_write().await?;
        if !self.initiative_exists(&mut tx, initiative_id).await? {
            tx.rollback().await?;
            return Ok(None);
        }
        let doc = to_doc(session)?;
        let saved = match index {
            None => {
                let position: i64 = sqlx::query(self.sql(
                    "SELECT COALESCE(MAX(position), -1) AS last FROM sessions WHERE initiative_id = ?",
                ))
                .bind(initiative_id)
                .fetch_one(&mut *tx)
                .await?
                .try_get::<i64, _>("last")?
                    + 1;
                let uid = new_uid();
                sqlx::query(self.sql(
                    "INSERT INTO sessions (initiative_id, position, date, kind, doc, uid) VALUES (?, ?, ?, ?, ?, ?)",
                ))
                .bind(initiative_id)
                .bind(position)
                .bind(session.date.to_string())
                .bind(session.kind.as_str())
                .bind(doc.clone())
                .bind(uid.clone())
                .execute(&mut *tx)
                .await?;
                let change = Change::new(Record::Session, Action::Created)
                    .initiative(initiative_id)
                    .session(&uid)
                    .docs(None, Some(doc));
                self.record(&mut tx, actor, vec![change]).await?;
                Saved::Done {
                    index: position as usize,
                    version: 1,
                }
            }
            Some(index) => {
                let old = self
                    .session_row(&mut tx, initiative_id, index, expected_version)
                    .await?;
                let done = sqlx::query(self.sql(
                    "UPDATE sessions SET date = ?, kind = ?, doc = ?, version = version + 1 \
                     WHERE initiative_id = ? AND position = ? AND version = ?",
                ))
                .bind(session.date.to_string())
                .bind(session.kind.as_str())
                .bind(doc.clone())
                .bind(initiative_id)
                .bind(index as i64)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?
                .rows_affected();
                if done == 0 {
                    let current = self.stored_session(&mut tx, initiative_id, index).await?;
                    tx.rollback().await?;
                    return Ok(Some(Saved::Stale { current }));
                }
                if let Some((uid, before)) = old {
                    let change = Change::new(Record::Session, Action::Changed)
                        .initiative(initiative_id)
                        .session(&uid)
                        .docs(Some(before), Some(doc));
                    self.record(&mut tx, actor, vec![change]).await?;
                }
                Saved::Done {
                    index,
                    version: expected_version + 1,
                }
            }
        };
        self.commit_change(tx, crate::Scope::Initiative(initiative_id.to_owned()))
            .await?;
        Ok(Some(saved))
    }

    /// Removes the session at `index` if its stored version is still
    /// `expected_version`; the sessions after it move up one place.
    /// `Ok(None)` when there is no such initiative.
    pub async fn delete_session(
        &self,
        initiative_id: &str,
        index: usize,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<Option<Saved<Session>>, StoreError> {
        let mut tx = self.begin_write().await?;
        if !self.initiative_exists(&mut tx, initiative_id).await? {
            tx.rollback().await?;
            return Ok(None);
        }
        let old = self
            .session_row(&mut tx, initiative_id, index, expected_version)
            .await?;
        let done =
            sqlx::query(self.sql(
                "DELETE FROM sessions WHERE initiative_id = ? AND position = ? AND version = ?",
            ))
            .bind(initiative_id)
            .bind(index as i64)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done == 0 {
            let current = self.stored_session(&mut tx, initiative_id, index).await?;
            tx.rollback().await?;
            return Ok(Some(Saved::Stale { current }));
        }
        if let Some((uid, before)) = old {
            let change = Change::new(Record::Session, Action::Deleted)
                .initiative(initiative_id)
                .session(&uid)
                .docs(Some(before), None);
            self.record(&mut tx, actor, vec![change]).await?;
        }
        // Two steps, so that no two rows ever share a position (the UNIQUE
        // constraint is checked per row on PostgreSQL).
        sqlx::query(self.sql(
            "UPDATE sessions SET position = -position - 1 WHERE initiative_id = ? AND position > ?",
        ))
        .bind(initiative_id)
        .bind(index as i64)
        .execute(&mut *tx)
        .await?;
        sqlx::query(self.sql(
            "UPDATE sessions SET position = -position - 2 WHERE initiative_id = ? AND position < 0",
        ))
        .bind(initiative_id)
        .execute(&mut *tx)
        .await?;
        self.commit_change(tx, crate::Scope::Initiative(initiative_id.to_owned()))
            .await?;
        Ok(Some(Saved::Done {
            index,
            version: expected_version,
        }))
    }

    async fn initiative_exists(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: &str,
    ) -> Result<bool, StoreError> {
        Ok(
            sqlx::query(self.sql("SELECT 1 AS one FROM initiatives WHERE id = ?"))
                .bind(id)
                .fetch_optional(&mut **tx)
                .await?
                .is_some(),
        )
    }

    /// The uid and document of the session at `index`, if it is at
    /// `expected_version` (what a guarded change will replace).
    async fn session_row(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: &str,
        index: usize,
        expected_version: i64,
    ) -> Result<Option<(String, String)>, StoreError> {
        let row = sqlx::query(self.sql(
            "SELECT uid, doc FROM sessions WHERE initiative_id = ? AND position = ? AND version = ?",
        ))
        .bind(id)
        .bind(index as i64)
        .bind(expected_version)
        .fetch_optional(&mut **tx)
        .await?;
        row.map(|r| Ok((text(&r, "uid")?, text(&r, "doc")?)))
            .transpose()
    }

    async fn stored_session(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        id: &str,
        index: usize,
    ) -> Result<Option<(Session, i64)>, StoreError> {
        let row = sqlx::query(
            self.sql("SELECT doc, version FROM sessions WHERE initiative_id = ? AND position = ?"),
        )
        .bind(id)
        .bind(index as i64)
        .fetch_optional(&mut **tx)
        .await?;
        row.map(|r| {
            Ok((
                from_doc(&text(&r, "doc")?)?,
                r.try_get::<i64, _>("version")?,
            ))
        })
        .transpose()
    }
}

/// What a change of one initiative touched: the whole dataset when
/// organisations were made for its partners.
fn scope(made_organisations: usize, id: &str) -> crate::Scope {
    if made_organisations > 0 {
        crate::Scope::Dataset
    } else {
        crate::Scope::Initiative(id.to_owned())
    }
}

impl Store {
    /// Links one initiative's partners to organisations (made when
    /// missing, in `tx`); gives how many were made.
    async fn link_one(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        initiative: &mut Initiative,
        changes: &mut Vec<Change>,
    ) -> Result<usize, StoreError> {
        if initiative.partners.as_ref().is_none_or(Vec::is_empty) {
            return Ok(0);
        }
        let stored = self.stored_organisations(tx).await?;
        let made = Store::link_incoming(&stored, &[], std::slice::from_mut(initiative))?;
        let count = made.len();
        self.write_landscape(tx, &stored, made, changes).await?;
        Ok(count)
    }
}
