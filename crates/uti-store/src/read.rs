//! Reading the dataset back, in one consistent snapshot.

use crate::{Store, StoreError, text};
use futures_util::TryStreamExt;
use sqlx::Row;
use std::collections::HashMap;
use uti_core::model::{Dataset, Initiative, Session, Term};

fn parse<T: serde::de::DeserializeOwned>(doc: &str, what: &str, id: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt(format!("{what} {id}: {e}")))
}

fn non_empty<T>(items: Vec<T>) -> Option<Vec<T>> {
    (!items.is_empty()).then_some(items)
}

/// An initiative in a list: its id and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitiativeItem {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// How many sessions it has.
    pub sessions: i64,
}

/// An initiative as stored, with the versions that guard edits.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredInitiative {
    /// The initiative and its sessions, in order.
    pub initiative: Initiative,
    /// The version of the initiative's own fields.
    pub version: i64,
    /// The version of each session, in the same order.
    pub session_versions: Vec<i64>,
}

impl StoredInitiative {
    /// Leaves out the draft sessions, and their versions.
    pub fn drop_drafts(&mut self) {
        let keep: Vec<bool> = self
            .initiative
            .sessions()
            .iter()
            .map(|s| !s.draft)
            .collect();
        let mut k = keep.iter();
        self.session_versions.retain(|_| *k.next().unwrap_or(&true));
        self.initiative.drop_drafts();
    }
}

impl Store {
    /// The whole stored dataset, in the order it was imported.
    pub async fn dataset(&self) -> Result<Dataset, StoreError> {
        let mut tx = self.begin_snapshot().await?;
        let dataset = self.read_dataset(&mut tx).await?;
        tx.commit().await?;
        Ok(dataset)
    }

    /// The dataset as seen by `tx`.
    pub(crate) async fn read_dataset(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    ) -> Result<Dataset, StoreError> {
        let network = sqlx::query("SELECT name FROM network WHERE singleton = 1")
            .fetch_optional(&mut **tx)
            .await?
            .map(|r| text(&r, "name"))
            .transpose()?;
        let mut themes = Vec::new();
        let mut challenges = Vec::new();
        for row in sqlx::query("SELECT kind, id, doc FROM terms ORDER BY kind, position")
            .fetch_all(&mut **tx)
            .await?
        {
            let (kind, id) = (text(&row, "kind")?, text(&row, "id")?);
            let term: Term = parse(&text(&row, "doc")?, &kind, &id)?;
            if kind == "theme" {
                themes.push(term)
            } else {
                challenges.push(term)
            }
        }
        // Rows are parsed as they stream in, so that the raw documents of
        // the whole dataset are never in memory at once.
        let mut sessions: HashMap<String, Vec<Session>> = HashMap::new();
        {
            let mut rows = sqlx::query(
                "SELECT initiative_id, doc FROM sessions ORDER BY initiative_id, position",
            )
            .fetch(&mut **tx);
            while let Some(row) = rows.try_next().await? {
                let id = text(&row, "initiative_id")?;
                let session: Session = parse(&text(&row, "doc")?, "session of", &id)?;
                sessions.entry(id).or_default().push(session);
            }
        }
        let mut initiatives = Vec::new();
        {
            let mut rows =
                sqlx::query("SELECT id, doc FROM initiatives ORDER BY position").fetch(&mut **tx);
            while let Some(row) = rows.try_next().await? {
                let id = text(&row, "id")?;
                let mut initiative: Initiative = parse(&text(&row, "doc")?, "initiative", &id)?;
                initiative.sessions = sessions.remove(&id);
                initiatives.push(initiative);
            }
        }
        let landscape = self.read_landscape(tx).await?;
        Ok(Dataset {
            format: uti_core::model::FORMAT.to_owned(),
            network,
            themes: non_empty(themes),
            challenges: non_empty(challenges),
            initiatives: non_empty(initiatives),
            organisations: landscape.organisations,
            relations: landscape.relations,
            agenda: landscape.agenda,
            coalitions: landscape.coalitions,
        })
    }

    /// Every initiative's id and name, sorted by name.
    pub async fn initiative_list(&self) -> Result<Vec<InitiativeItem>, StoreError> {
        let rows = sqlx::query(
            "SELECT i.id, i.name, (SELECT COUNT(*) FROM sessions s WHERE s.initiative_id = i.id) AS n \
             FROM initiatives i ORDER BY i.name, i.id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(InitiativeItem {
                    id: text(r, "id")?,
                    name: text(r, "name")?,
                    sessions: r.try_get("n")?,
                })
            })
            .collect()
    }

    /// The dataset's revision: it changes whenever the dataset does.
    pub async fn revision(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT n FROM revision WHERE singleton = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(row.try_get("n")?)
    }

    /// One initiative with its sessions, and the version of each session
    /// (for edits that must not overwrite someone else's change).
    pub async fn initiative(&self, id: &str) -> Result<Option<StoredInitiative>, StoreError> {
        let mut tx = self.begin_snapshot().await?;
        let Some(row) = sqlx::query(self.sql("SELECT doc, version FROM initiatives WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        else {
            tx.commit().await?;
            return Ok(None);
        };
        let mut initiative: Initiative = parse(&text(&row, "doc")?, "initiative", id)?;
        let version: i64 = row.try_get("version")?;
        let mut sessions = Vec::new();
        let mut session_versions = Vec::new();
        for row in sqlx::query(
            self.sql("SELECT doc, version FROM sessions WHERE initiative_id = ? ORDER BY position"),
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
        {
            sessions.push(parse::<Session>(&text(&row, "doc")?, "session of", id)?);
            session_versions.push(row.try_get::<i64, _>("version")?);
        }
        tx.commit().await?;
        initiative.sessions = non_empty(sessions);
        Ok(Some(StoredInitiative {
            initiative,
            version,
            session_versions,
        }))
    }

    /// The stored network name, if any.
    pub async fn network_name(&self) -> Result<Option<String>, StoreError> {
        sqlx::query("SELECT name FROM network WHERE singleton = 1")
            .fetch_optional(&self.pool)
            .await?
            .map(|r| text(&r, "name"))
            .transpose()
    }

    /// Whether the store holds no initiatives, themes or challenges.
    pub async fn is_empty(&self) -> Result<bool, StoreError> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM initiatives) + (SELECT COUNT(*) FROM terms) AS n",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(row.try_get::<i64, _>("n")? == 0)
    }
}
