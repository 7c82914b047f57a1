//! What the public reads: published portraits (their data frozen at
//! publication, so a portrait stays as it was published until it is
//! published again) and published report versions. Publishing one that
//! the initiative has not approved needs a reason, which is kept.
//!
//! [`portrait_data`] makes the data behind one portrait, the same for the
//! check round and for publication: that initiative alone, without draft
//! sessions and without session notes, with the network's name and the
//! themes and challenges it needs.

use crate::checks::{Check, Verdict};
use crate::{Store, StoreError, text};
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::Row;
use uti_core::file::Syntax;
use uti_core::model::Dataset;

/// The data behind one portrait, as the dataset format's JSON, and its
/// SHA-256 (the portrait's version), or `None` without that initiative.
pub fn portrait_data(dataset: &Dataset, id: &str) -> Option<(String, String)> {
    let initiative = dataset.initiatives().iter().find(|i| i.id.as_str() == id)?;
    Some(portrait_data_of(dataset, initiative))
}

/// [`portrait_data`] of an initiative already found in `dataset`.
pub fn portrait_data_of(
    dataset: &Dataset,
    initiative: &uti_core::model::Initiative,
) -> (String, String) {
    let mut own = initiative.clone();
    own.drop_drafts();
    for s in own.sessions.iter_mut().flatten() {
        s.notes = None;
    }
    // The link to the organisation record is bookkeeping, not what the
    // portrait says: left out, so that the data stand alone and a merge of
    // organisations does not make a portrait "changed".
    for p in own.partners.iter_mut().flatten() {
        p.organisation = None;
    }
    let used = |list: &Option<Vec<uti_core::model::Term>>, theme: bool| {
        list.as_ref().map(|terms| {
            terms
                .iter()
                .filter(|t| {
                    own.sessions().iter().any(|s| {
                        s.chains().iter().any(|c| {
                            let ids = if theme { &c.themes } else { &c.challenges };
                            ids.iter().flatten().any(|x| x == &t.id)
                        })
                    })
                })
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let data = Dataset {
        format: dataset.format.clone(),
        network: dataset.network.clone(),
        themes: used(&dataset.themes, true),
        challenges: used(&dataset.challenges, false),
        initiatives: Some(vec![own]),
        ..Dataset::default()
    };
    let json = uti_core::file::write(&data, Syntax::Json);
    let fingerprint = fingerprint(&json);
    (json, fingerprint)
}

/// The SHA-256 of a portrait's data, in hex.
pub fn fingerprint(data: &str) -> String {
    Sha256::digest(data.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads data made by [`portrait_data`] back.
pub fn read_data(json: &str) -> Result<Dataset, StoreError> {
    uti_core::file::parse("portrait.json", json.as_bytes(), Syntax::Json)
        .map_err(|e| StoreError::Corrupt(format!("stored portrait data: {e:?}")))
}

/// Whether a portrait may be published without a reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Approval {
    /// Approved on the version that is current now.
    Approved,
    /// Approved on an earlier version; the portrait changed since.
    ChangedSince,
    /// Never put to the initiative.
    NotSent,
    /// Put to the initiative, not approved (yet).
    NotApproved,
}

impl Approval {
    /// What stands in the way of publishing without a reason, as a
    /// sentence, or `None` when approved.
    pub fn obstacle(&self, lang: uti_core::Lang) -> Option<&'static str> {
        match self {
            Approval::Approved => None,
            Approval::ChangedSince => Some(lang.pick(
                "het initiatief gaf akkoord op een eerdere versie; het portret is sindsdien gewijzigd",
                "the initiative approved an earlier version; the portrait has changed since",
            )),
            Approval::NotSent => Some(lang.pick(
                "het portret is nog niet aan het initiatief voorgelegd",
                "the portrait has not been put to the initiative yet",
            )),
            Approval::NotApproved => Some(lang.pick(
                "het initiatief heeft (nog) geen akkoord gegeven",
                "the initiative has not approved it (yet)",
            )),
        }
    }
}

/// The approval of a portrait whose data now has `fingerprint`, given its
/// latest check.
pub fn approval(check: Option<&Check>, fingerprint: &str) -> Approval {
    match check {
        None => Approval::NotSent,
        Some(c) if !c.verdict.is_some_and(Verdict::approves) => Approval::NotApproved,
        Some(c) if c.verdict_fingerprint.as_deref() == Some(fingerprint) => Approval::Approved,
        Some(_) => Approval::ChangedSince,
    }
}

/// One publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publication {
    /// 1, 2, 3...
    pub id: i64,
    /// The initiative, for a portrait.
    pub initiative_id: Option<String>,
    /// The report version, for a report.
    pub report_version: Option<i64>,
    /// The initiative's or the version's name at publication.
    pub name: String,
    /// A portrait's data as published.
    #[serde(skip)]
    pub data: Option<String>,
    /// Its fingerprint.
    pub fingerprint: Option<String>,
    /// Whether it was approved.
    pub approved: bool,
    /// Why it was published without approval.
    pub reason: Option<String>,
    /// Who published it.
    pub published_by: String,
    /// When (seconds since 1970).
    pub published_at: i64,
}

const COLUMNS: &str = "id, initiative_id, report_version, name, data, fingerprint, approved, reason, published_by, published_at";

fn publication_row(row: &sqlx::any::AnyRow) -> Result<Publication, StoreError> {
    Ok(Publication {
        id: row.try_get("id")?,
        initiative_id: row.try_get::<Option<String>, _>("initiative_id")?,
        report_version: row.try_get::<Option<i64>, _>("report_version")?,
        name: text(row, "name")?,
        data: row.try_get::<Option<String>, _>("data")?,
        fingerprint: row.try_get::<Option<String>, _>("fingerprint")?,
        approved: row.try_get::<i64, _>("approved")? != 0,
        reason: row.try_get::<Option<String>, _>("reason")?,
        published_by: text(row, "published_by")?,
        published_at: row.try_get("published_at")?,
    })
}

/// What to publish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// A portrait: the initiative, its name, its data and fingerprint.
    Portrait {
        /// The initiative.
        id: String,
        /// Its name.
        name: String,
        /// Its data ([`portrait_data`]).
        data: String,
        /// Its fingerprint.
        fingerprint: String,
    },
    /// A report version by number, with its name.
    ReportVersion {
        /// Its number.
        number: i64,
        /// Its name (label or date).
        name: String,
    },
}

impl Store {
    /// Publishes a portrait or report version (replacing its earlier
    /// publication, which is kept as withdrawn). Every server sees it
    /// within a second (the revision moves).
    pub async fn publish(
        &self,
        subject: &Subject,
        approved: bool,
        reason: Option<&str>,
        by: &str,
    ) -> Result<Publication, StoreError> {
        let now = crate::accounts::now();
        let mut tx = self.begin_write().await?;
        self.withdraw_in(&mut tx, subject, by, now).await?;
        let id: i64 = sqlx::query("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM publications")
            .fetch_one(&mut *tx)
            .await?
            .try_get("n")?;
        let (initiative, version, name, data, fp) = match subject {
            Subject::Portrait {
                id,
                name,
                data,
                fingerprint,
            } => (
                Some(id.clone()),
                None,
                name.clone(),
                Some(data.clone()),
                Some(fingerprint.clone()),
            ),
            Subject::ReportVersion { number, name } => {
                (None, Some(*number), name.clone(), None, None)
            }
        };
        let reason = reason.map(str::trim).filter(|r| !r.is_empty());
        sqlx::query(self.sql(
            "INSERT INTO publications (id, initiative_id, report_version, name, data, fingerprint, approved, reason, published_by, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ))
        .bind(id)
        .bind(initiative.clone())
        .bind(version)
        .bind(name.clone())
        .bind(data.clone())
        .bind(fp.clone())
        .bind(i64::from(approved))
        .bind(reason.map(str::to_owned))
        .bind(by)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        if let Some(i) = &initiative {
            self.mark_published(&mut tx, i, true, by).await?;
        }
        self.commit_change(tx, crate::Scope::Other).await?;
        Ok(Publication {
            id,
            initiative_id: initiative,
            report_version: version,
            name,
            data,
            fingerprint: fp,
            approved,
            reason: reason.map(str::to_owned),
            published_by: by.to_owned(),
            published_at: now,
        })
    }

    async fn withdraw_in(
        &self,
        tx: &mut sqlx::Transaction<'static, sqlx::Any>,
        subject: &Subject,
        by: &str,
        now: i64,
    ) -> Result<u64, StoreError> {
        let q = match subject {
            Subject::Portrait { id, .. } => sqlx::query(self.sql(
                "UPDATE publications SET withdrawn_by = ?, withdrawn_at = ? WHERE initiative_id = ? AND withdrawn_at IS NULL",
            ))
            .bind(by)
            .bind(now)
            .bind(id.clone()),
            Subject::ReportVersion { number, .. } => sqlx::query(self.sql(
                "UPDATE publications SET withdrawn_by = ?, withdrawn_at = ? WHERE report_version = ? AND withdrawn_at IS NULL",
            ))
            .bind(by)
            .bind(now)
            .bind(*number),
        };
        Ok(q.execute(&mut **tx).await?.rows_affected())
    }

    /// Withdraws a publication; `false` when it was not published.
    pub async fn unpublish(&self, subject: &Subject, by: &str) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = self
            .withdraw_in(&mut tx, subject, by, crate::accounts::now())
            .await?;
        if n == 0 {
            tx.rollback().await?;
            return Ok(false);
        }
        if let Subject::Portrait { id, .. } = subject {
            self.mark_published(&mut tx, id, false, by).await?;
        }
        self.commit_change(tx, crate::Scope::Other).await?;
        Ok(true)
    }

    /// Every current publication: portraits by name, then report versions
    /// by number.
    pub async fn publications(&self) -> Result<Vec<Publication>, StoreError> {
        let query = format!(
            "SELECT {COLUMNS} FROM publications WHERE withdrawn_at IS NULL ORDER BY report_version, name, id"
        );
        sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(publication_row)
            .collect()
    }

    /// The current publication of an initiative's portrait.
    pub async fn published_portrait(&self, id: &str) -> Result<Option<Publication>, StoreError> {
        let query = format!(
            "SELECT {COLUMNS} FROM publications WHERE initiative_id = ? AND withdrawn_at IS NULL"
        );
        sqlx::query(self.sql(&query))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(publication_row)
            .transpose()
    }

    /// The current publication of a report version.
    pub async fn published_version(&self, number: i64) -> Result<Option<Publication>, StoreError> {
        let query = format!(
            "SELECT {COLUMNS} FROM publications WHERE report_version = ? AND withdrawn_at IS NULL"
        );
        sqlx::query(self.sql(&query))
            .bind(number)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(publication_row)
            .transpose()
    }
}

impl Store {
    /// The portrait of an initiative as it would be published now, with
    /// its approval; `None` without that initiative.
    pub async fn portrait_now(&self, id: &str) -> Result<Option<(Subject, Approval)>, StoreError> {
        let Some(stored) = self.initiative(id).await? else {
            return Ok(None);
        };
        let terms = self.term_lists().await?;
        let dataset = Dataset {
            format: uti_core::model::FORMAT.to_owned(),
            network: self.network_name().await?,
            themes: Some(terms.themes.into_iter().map(|t| t.term).collect()),
            challenges: Some(terms.challenges.into_iter().map(|t| t.term).collect()),
            initiatives: Some(vec![stored.initiative.clone()]),
            ..Dataset::default()
        };
        let Some((data, fingerprint)) = portrait_data(&dataset, id) else {
            return Ok(None);
        };
        let latest = self.latest_check(id).await?;
        let approval = approval(latest.as_ref(), &fingerprint);
        Ok(Some((
            Subject::Portrait {
                id: id.to_owned(),
                name: stored.initiative.name.clone(),
                data,
                fingerprint,
            },
            approval,
        )))
    }

    /// A report version to publish, with the initiatives whose portrait in
    /// it was not approved by them (on exactly that version); `None`
    /// without that version.
    pub async fn version_now(
        &self,
        number: i64,
    ) -> Result<Option<(Subject, Vec<String>)>, StoreError> {
        let Some(frozen) = self.report_version(number).await? else {
            return Ok(None);
        };
        let checks = self.latest_checks().await?;
        let mut missing = Vec::new();
        for i in frozen.dataset.initiatives() {
            let fp = portrait_data(&frozen.dataset, i.id.as_str()).map(|(_, f)| f);
            let ok =
                fp.is_some_and(|fp| approval(checks.get(i.id.as_str()), &fp) == Approval::Approved);
            if !ok {
                missing.push(i.name.clone());
            }
        }
        let name = match &frozen.version.label {
            Some(l) => format!("Rapportversie {number}: {l}"),
            None => format!("Rapportversie {number} ({})", frozen.version.date),
        };
        Ok(Some((Subject::ReportVersion { number, name }, missing)))
    }
}
