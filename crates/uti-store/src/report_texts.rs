//! The texts the researchers write for the report of the network: the
//! introduction and the perspective, as Markdown. Each is one row with a
//! version; a change names the version it was based on and is refused,
//! with what is stored now, when someone else changed it in the meantime
//! ([`Saved::Stale`]). A change bumps the dataset's revision, like every
//! other change, so that every server sees it.

use crate::history::{Action, Actor, Change, Record, json_text};
use crate::{Saved, Store, StoreError, text};
use sqlx::Row;

/// Which text of the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKey {
    /// The introduction (*Inleiding*).
    Intro,
    /// The perspective used (*Perspectief*).
    Perspective,
}

impl TextKey {
    /// Every text, in the order of the report.
    pub const ALL: [TextKey; 2] = [TextKey::Intro, TextKey::Perspective];

    /// Its key in the database and the API: `intro`, `perspective`.
    pub fn as_str(self) -> &'static str {
        match self {
            TextKey::Intro => "intro",
            TextKey::Perspective => "perspective",
        }
    }

    /// The key from its name.
    pub fn parse(name: &str) -> Option<TextKey> {
        TextKey::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// One stored text with its version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredText {
    /// Which text.
    pub key: TextKey,
    /// The Markdown; empty when nothing is written yet.
    pub text: String,
    /// Its version, for the next change.
    pub version: i64,
}

/// Both texts of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportTexts {
    /// The introduction.
    pub intro: StoredText,
    /// The perspective.
    pub perspective: StoredText,
}

impl ReportTexts {
    /// One of them.
    pub fn get(&self, key: TextKey) -> &StoredText {
        match key {
            TextKey::Intro => &self.intro,
            TextKey::Perspective => &self.perspective,
        }
    }

    /// Puts the written texts into a report's options, where the caller
    /// gave none (a text of only white space counts as not written, so the
    /// report keeps its placeholder).
    pub fn fill(&self, options: &mut uti_core::report::Options) {
        let written = |t: &StoredText| Some(t.text.clone()).filter(|s| !s.trim().is_empty());
        if options.intro.is_none() {
            options.intro = written(&self.intro);
        }
        if options.perspective.is_none() {
            options.perspective = written(&self.perspective);
        }
    }
}

impl Store {
    /// The introduction and the perspective, with their versions.
    pub async fn report_texts(&self) -> Result<ReportTexts, StoreError> {
        let rows = sqlx::query("SELECT name, body, version FROM report_texts")
            .fetch_all(&self.pool)
            .await?;
        let mut found = Vec::new();
        for row in rows {
            if let Some(key) = TextKey::parse(&text(&row, "name")?) {
                found.push(StoredText {
                    key,
                    text: text(&row, "body")?,
                    version: row.try_get("version")?,
                });
            }
        }
        let take =
            |key: TextKey| {
                found.iter().find(|t| t.key == key).cloned().ok_or_else(|| {
                    StoreError::Corrupt(format!("report text {} missing", key.as_str()))
                })
            };
        Ok(ReportTexts {
            intro: take(TextKey::Intro)?,
            perspective: take(TextKey::Perspective)?,
        })
    }

    /// Replaces one text, only if its stored version is still
    /// `expected_version`; otherwise nothing is written and the stored text
    /// comes back ([`Saved::Stale`]).
    pub async fn save_report_text(
        &self,
        key: TextKey,
        body: &str,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<Saved<String>, StoreError> {
        let mut tx = self.begin_write().await?;
        let old =
            sqlx::query(self.sql("SELECT body FROM report_texts WHERE name = ? AND version = ?"))
                .bind(key.as_str())
                .bind(expected_version)
                .fetch_optional(&mut *tx)
                .await?
                .map(|r| text(&r, "body"))
                .transpose()?;
        let done = sqlx::query(self.sql(
            "UPDATE report_texts SET body = ?, version = version + 1 WHERE name = ? AND version = ?",
        ))
        .bind(body)
        .bind(key.as_str())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        let row = sqlx::query(self.sql("SELECT body, version FROM report_texts WHERE name = ?"))
            .bind(key.as_str())
            .fetch_one(&mut *tx)
            .await?;
        let version: i64 = row.try_get("version")?;
        if done == 0 {
            tx.rollback().await?;
            return Ok(Saved::Stale {
                current: Some((text(&row, "body")?, version)),
            });
        }
        let change = Change::new(Record::ReportText, Action::Changed)
            .key(key.as_str())
            .docs(old.as_deref().map(json_text), Some(json_text(body)));
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, crate::Scope::Other).await?;
        Ok(Saved::Done { index: 0, version })
    }
}
