//! Saved versions of the report of the network. Saving freezes the dataset
//! the report is made from (as its JSON export, which regenerates every
//! format exactly) and the introduction and perspective of that moment,
//! under a number (1, 2, 3... per database), a date and an optional label.
//! A version is not a change of the dataset: the revision stays.
//!
//! [`compare`] lists what changed between two frozen datasets: initiatives
//! added or removed, current plots changed and sessions added.

use crate::{Store, StoreError, text};
use serde::Serialize;
use sqlx::Row;
use uti_core::compare::ScoreComparison;
use uti_core::file::Syntax;
use uti_core::model::{Dataset, Initiative, LloType, SessionKind};
use uti_core::values::IsoDate;

/// One saved version, without its data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReportVersion {
    /// 1, 2, 3... per database.
    pub number: i64,
    /// When it was saved, in seconds since 1970 (UTC).
    pub created_at: i64,
    /// The report's date.
    pub date: IsoDate,
    /// What the saver called it, if anything.
    pub label: Option<String>,
    /// Who saved it (a login name).
    pub author: String,
    /// How many initiatives it holds.
    pub initiatives: i64,
    /// How many sessions, drafts included.
    pub sessions: i64,
    /// How many of those are drafts.
    pub drafts: i64,
}

/// A saved version with what it was made from.
#[derive(Debug, Clone)]
pub struct FrozenReport {
    /// Its number, date and label.
    pub version: ReportVersion,
    /// The dataset, drafts included.
    pub dataset: Dataset,
    /// The introduction (Markdown; empty when not written).
    pub intro: String,
    /// The perspective.
    pub perspective: String,
}

impl FrozenReport {
    /// Puts the frozen texts into a report's options (a text of only white
    /// space counts as not written, as with the live texts).
    pub fn fill(&self, options: &mut uti_core::report::Options) {
        let written = |t: &str| Some(t.to_owned()).filter(|s| !s.trim().is_empty());
        options.intro = written(&self.intro);
        options.perspective = written(&self.perspective);
    }
}

const COLUMNS: &str = "number, created_at, date, label, author, initiatives, sessions, drafts";

fn version(row: &sqlx::any::AnyRow) -> Result<ReportVersion, StoreError> {
    let date = text(row, "date")?;
    Ok(ReportVersion {
        number: row.try_get("number")?,
        created_at: row.try_get("created_at")?,
        date: IsoDate::parse(&date)
            .ok_or_else(|| StoreError::Corrupt(format!("report version date {date}")))?,
        label: row.try_get::<Option<String>, _>("label")?,
        author: text(row, "author")?,
        initiatives: row.try_get("initiatives")?,
        sessions: row.try_get("sessions")?,
        drafts: row.try_get("drafts")?,
    })
}

impl Store {
    /// Freezes the dataset and the report's texts as they are now as the
    /// next version, dated `date`.
    pub async fn save_report_version(
        &self,
        label: Option<&str>,
        author: &str,
        date: IsoDate,
    ) -> Result<ReportVersion, StoreError> {
        let dataset = self.dataset().await?;
        let texts = self.report_texts().await?;
        let json = uti_core::file::write(&dataset, Syntax::Json);
        let count =
            |f: fn(&Initiative) -> usize| dataset.initiatives().iter().map(f).sum::<usize>() as i64;
        let sessions = count(|i| i.sessions().len());
        let drafts = count(|i| i.sessions().iter().filter(|s| s.draft).count());
        let label = label.map(str::trim).filter(|l| !l.is_empty());
        let mut tx = self.begin_write().await?;
        let number: i64 =
            sqlx::query("SELECT COALESCE(MAX(number), 0) + 1 AS n FROM report_versions")
                .fetch_one(&mut *tx)
                .await?
                .try_get("n")?;
        let saved = ReportVersion {
            number,
            created_at: crate::accounts::now(),
            date,
            label: label.map(str::to_owned),
            author: author.to_owned(),
            initiatives: dataset.initiatives().len() as i64,
            sessions,
            drafts,
        };
        sqlx::query(self.sql(
            "INSERT INTO report_versions (number, created_at, date, label, author, dataset, intro, perspective, initiatives, sessions, drafts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ))
        .bind(saved.number)
        .bind(saved.created_at)
        .bind(date.to_string())
        .bind(saved.label.clone())
        .bind(author)
        .bind(json)
        .bind(texts.intro.text)
        .bind(texts.perspective.text)
        .bind(saved.initiatives)
        .bind(saved.sessions)
        .bind(saved.drafts)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(saved)
    }

    /// Every saved version, oldest first, without their data.
    pub async fn report_versions(&self) -> Result<Vec<ReportVersion>, StoreError> {
        let query = format!("SELECT {COLUMNS} FROM report_versions ORDER BY number");
        sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(version)
            .collect()
    }

    /// One saved version with its data, if there is one by that number.
    pub async fn report_version(&self, number: i64) -> Result<Option<FrozenReport>, StoreError> {
        let query = format!(
            "SELECT {COLUMNS}, dataset, intro, perspective FROM report_versions WHERE number = ?"
        );
        let Some(row) = sqlx::query(self.sql(&query))
            .bind(number)
            .fetch_optional(&self.pool)
            .await?
        else {
            return Ok(None);
        };
        let dataset = serde_json::from_str(&text(&row, "dataset")?)
            .map_err(|e| StoreError::Corrupt(format!("report version {number}: {e}")))?;
        Ok(Some(FrozenReport {
            version: version(&row)?,
            dataset,
            intro: text(&row, "intro")?,
            perspective: text(&row, "perspective")?,
        }))
    }
}

// ------------------------------------------------------------ comparison --

/// An initiative by id and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Named {
    /// Its id.
    pub id: String,
    /// Its name (in the later version when it is in both).
    pub name: String,
}

/// An initiative whose current plot changed: the scores that differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlotChange {
    /// The initiative.
    pub initiative: Named,
    /// Per LLO type that changed: the old score (`a`), the new (`b`).
    pub scores: Vec<ScoreComparison>,
}

/// A session in the later version that the earlier did not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AddedSession {
    /// Its initiative.
    pub initiative: Named,
    /// Its date.
    pub date: IsoDate,
    /// Its kind.
    pub kind: SessionKind,
}

/// What changed from version `a` to version `b`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VersionComparison {
    /// Initiatives in `b` and not in `a`.
    pub added: Vec<Named>,
    /// Initiatives in `a` and not in `b`.
    pub removed: Vec<Named>,
    /// Initiatives in both whose current plot differs.
    pub plots_changed: Vec<PlotChange>,
    /// Sessions of `b` without a session of the same date and kind in `a`
    /// (each of `a` matches one of `b` at most), in `b`'s order.
    pub sessions_added: Vec<AddedSession>,
}

impl VersionComparison {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.plots_changed.is_empty()
            && self.sessions_added.is_empty()
    }
}

fn named(i: &Initiative) -> Named {
    Named {
        id: i.id.to_string(),
        name: i.name.clone(),
    }
}

/// Compares the dataset of version `a` with that of version `b`.
pub fn compare(a: &Dataset, b: &Dataset) -> VersionComparison {
    let find = |d: &'_ Dataset, id: &str| -> Option<usize> {
        d.initiatives().iter().position(|i| i.id.as_str() == id)
    };
    let removed = a
        .initiatives()
        .iter()
        .filter(|i| find(b, i.id.as_str()).is_none())
        .map(named)
        .collect();
    let mut added = Vec::new();
    let mut plots_changed = Vec::new();
    let mut sessions_added = Vec::new();
    for ib in b.initiatives() {
        let old = find(a, ib.id.as_str()).map(|n| &a.initiatives()[n]);
        if old.is_none() {
            added.push(named(ib));
        }
        let before = old.map(Initiative::sessions).unwrap_or_default();
        let mut matched = vec![false; before.len()];
        for s in ib.sessions() {
            let same = before
                .iter()
                .enumerate()
                .position(|(n, o)| !matched[n] && o.date == s.date && o.kind == s.kind);
            match same {
                Some(n) => matched[n] = true,
                None => sessions_added.push(AddedSession {
                    initiative: named(ib),
                    date: s.date,
                    kind: s.kind,
                }),
            }
        }
        let Some(ia) = old else { continue };
        let (pa, pb) = (ia.current_plot(), ib.current_plot());
        if pa == pb {
            continue;
        }
        let scores = LloType::ALL
            .iter()
            .map(|t| {
                let sa = pa.map(|p| p.get(*t));
                let sb = pb.map(|p| p.get(*t));
                ScoreComparison {
                    llo_type: *t,
                    a: sa,
                    b: sb,
                    change: sa.zip(sb).map(|(x, y)| y.value() as i8 - x.value() as i8),
                }
            })
            .filter(|c| c.a != c.b)
            .collect();
        plots_changed.push(PlotChange {
            initiative: named(ib),
            scores,
        });
    }
    VersionComparison {
        added,
        removed,
        plots_changed,
        sessions_added,
    }
}
