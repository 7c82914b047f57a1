//! Bringing datasets into the store: all files in one transaction, so that
//! either everything is stored or nothing is (also when the process is
//! killed half-way: the database then simply never sees the commit).

use crate::{Conflict, Store, StoreError, text};
use sqlx::{Any, Row, Transaction};
use std::collections::{HashMap, HashSet};
use uti_core::model::{Dataset, Initiative, Session, Term, TermKind};

/// Choices for an import.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportOptions {
    /// Replace initiatives (as a whole) and terms that already exist.
    pub replace: bool,
    /// Do everything, then roll back: a check against the stored data
    /// that stores nothing.
    pub dry_run: bool,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// New initiatives.
    pub initiatives_added: usize,
    /// Initiatives replaced as a whole.
    pub initiatives_replaced: usize,
    /// Sessions stored.
    pub sessions: usize,
    /// New themes and challenges.
    pub terms_added: usize,
    /// Themes and challenges replaced.
    pub terms_replaced: usize,
    /// Themes and challenges that were already stored as they are.
    pub terms_unchanged: usize,
    /// The network name, if the import set it.
    pub network_set: Option<String>,
    /// A network name in the files that was not applied, because another is stored.
    pub network_kept: Option<(String, String)>,
}

/// Rows per multi-row INSERT.
const CHUNK: usize = 200;

struct Incoming {
    terms: Vec<(TermKind, Term)>,
    initiatives: Vec<Initiative>,
    network: Option<String>,
}

/// Gathers the files into one list; an initiative in two files is a conflict,
/// as is a term that two files define differently.
fn gather(datasets: Vec<Dataset>) -> Result<Incoming, StoreError> {
    let mut conflicts = Vec::new();
    let mut seen = HashSet::new();
    let mut terms: Vec<(TermKind, Term)> = Vec::new();
    let mut term_index: HashMap<(TermKind, String), usize> = HashMap::new();
    let mut initiatives = Vec::new();
    let mut network = None;
    for dataset in datasets {
        network = dataset.network.or(network);
        for (kind, list) in [
            (TermKind::Theme, dataset.themes),
            (TermKind::Challenge, dataset.challenges),
        ] {
            for term in list.unwrap_or_default() {
                match term_index.get(&(kind, term.id.to_string())) {
                    Some(&i) if terms[i].1 != term => conflicts.push(Conflict::TermTwice {
                        kind: kind.as_str(),
                        id: term.id.to_string(),
                    }),
                    Some(_) => {}
                    None => {
                        term_index.insert((kind, term.id.to_string()), terms.len());
                        terms.push((kind, term));
                    }
                }
            }
        }
        for initiative in dataset.initiatives.unwrap_or_default() {
            if !seen.insert(initiative.id.to_string()) {
                conflicts.push(Conflict::InitiativeTwice(initiative.id.to_string()));
            }
            initiatives.push(initiative);
        }
    }
    if conflicts.is_empty() {
        Ok(Incoming {
            terms,
            initiatives,
            network,
        })
    } else {
        Err(StoreError::Conflicts(conflicts))
    }
}

impl Store {
    /// Stores datasets, all or nothing. Existing initiatives and differing
    /// terms are refused unless `options.replace`. `progress(done, total)` is
    /// called as initiatives are written.
    pub async fn import(
        &self,
        datasets: Vec<Dataset>,
        options: ImportOptions,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportSummary, StoreError> {
        let incoming = gather(datasets)?;
        let mut tx = self.begin_write().await?;
        let mut summary = ImportSummary::default();

        // What is there already.
        let existing: HashMap<String, i64> = sqlx::query("SELECT id, position FROM initiatives")
            .fetch_all(&mut *tx)
            .await?
            .iter()
            .map(|r| Ok((text(r, "id")?, r.try_get::<i64, _>("position")?)))
            .collect::<Result<_, StoreError>>()?;
        let stored_terms: HashMap<(String, String), String> =
            sqlx::query("SELECT kind, id, doc FROM terms")
                .fetch_all(&mut *tx)
                .await?
                .iter()
                .map(|r| Ok(((text(r, "kind")?, text(r, "id")?), text(r, "doc")?)))
                .collect::<Result<_, StoreError>>()?;

        let mut conflicts = Vec::new();
        let mut term_docs = Vec::with_capacity(incoming.terms.len());
        for (kind, term) in &incoming.terms {
            let doc =
                serde_json::to_string(term).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            let key = (kind.as_str().to_owned(), term.id.to_string());
            let stored = stored_terms.get(&key);
            if let Some(old) = stored {
                let same = serde_json::from_str::<Term>(old).is_ok_and(|t| &t == term);
                if same {
                    summary.terms_unchanged += 1;
                    continue;
                }
                if !options.replace {
                    conflicts.push(Conflict::TermDiffers {
                        kind: kind.as_str(),
                        id: term.id.to_string(),
                    });
                    continue;
                }
            }
            term_docs.push((*kind, term, doc, stored.is_some()));
        }
        if !options.replace {
            conflicts.extend(
                incoming
                    .initiatives
                    .iter()
                    .filter(|i| existing.contains_key(i.id.as_str()))
                    .map(|i| Conflict::InitiativeExists(i.id.to_string())),
            );
        }
        if !conflicts.is_empty() {
            tx.rollback().await?;
            return Err(StoreError::Conflicts(conflicts));
        }

        // The network's name: set when none is stored (or on --replace).
        if let Some(name) = incoming.network {
            let stored: Option<String> =
                sqlx::query("SELECT name FROM network WHERE singleton = 1")
                    .fetch_optional(&mut *tx)
                    .await?
                    .map(|r| text(&r, "name"))
                    .transpose()?;
            match stored {
                Some(old) if old == name => {}
                Some(old) if !options.replace => summary.network_kept = Some((old, name)),
                _ => {
                    sqlx::query("DELETE FROM network").execute(&mut *tx).await?;
                    sqlx::query(self.sql("INSERT INTO network (singleton, name) VALUES (1, ?)"))
                        .bind(name.clone())
                        .execute(&mut *tx)
                        .await?;
                    summary.network_set = Some(name);
                }
            }
        }

        // Themes and challenges.
        let mut next_term: HashMap<&str, i64> = HashMap::new();
        for row in
            sqlx::query("SELECT kind, COALESCE(MAX(position), -1) AS last FROM terms GROUP BY kind")
                .fetch_all(&mut *tx)
                .await?
        {
            let kind = text(&row, "kind")?;
            let last: i64 = row.try_get("last")?;
            next_term.insert(
                if kind == "theme" {
                    "theme"
                } else {
                    "challenge"
                },
                last + 1,
            );
        }
        for (kind, term, doc, replace) in term_docs {
            if replace {
                sqlx::query(self.sql("UPDATE terms SET name = ?, doc = ?, version = version + 1 WHERE kind = ? AND id = ?"))
                    .bind(term.name.clone())
                    .bind(doc)
                    .bind(kind.as_str())
                    .bind(term.id.to_string())
                    .execute(&mut *tx)
                    .await?;
                summary.terms_replaced += 1;
            } else {
                let position = next_term.entry(kind.as_str()).or_insert(0);
                sqlx::query(self.sql(
                    "INSERT INTO terms (kind, id, position, name, doc) VALUES (?, ?, ?, ?, ?)",
                ))
                .bind(kind.as_str())
                .bind(term.id.to_string())
                .bind(*position)
                .bind(term.name.clone())
                .bind(doc)
                .execute(&mut *tx)
                .await?;
                *position += 1;
                summary.terms_added += 1;
            }
        }

        // Initiatives and their sessions.
        let mut next_position: i64 =
            sqlx::query("SELECT COALESCE(MAX(position), -1) AS last FROM initiatives")
                .fetch_one(&mut *tx)
                .await?
                .try_get::<i64, _>("last")?
                + 1;
        let total = incoming.initiatives.len();
        let mut done = 0;
        let mut batch_new = Vec::with_capacity(CHUNK);
        let mut batch_sessions: Vec<(String, i64, Session)> = Vec::with_capacity(CHUNK * 3);
        for mut initiative in incoming.initiatives {
            let sessions = initiative.sessions.take().unwrap_or_default();
            let id = initiative.id.to_string();
            let doc = serde_json::to_string(&initiative)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            if existing.contains_key(&id) {
                sqlx::query(self.sql("DELETE FROM sessions WHERE initiative_id = ?"))
                    .bind(id.clone())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(self.sql(
                    "UPDATE initiatives SET name = ?, doc = ?, version = version + 1 WHERE id = ?",
                ))
                .bind(initiative.name.clone())
                .bind(doc)
                .bind(id.clone())
                .execute(&mut *tx)
                .await?;
                summary.initiatives_replaced += 1;
            } else {
                batch_new.push((id.clone(), next_position, initiative.name.clone(), doc));
                next_position += 1;
                summary.initiatives_added += 1;
            }
            summary.sessions += sessions.len();
            batch_sessions.extend(
                sessions
                    .into_iter()
                    .enumerate()
                    .map(|(i, s)| (id.clone(), i as i64, s)),
            );
            done += 1;
            if batch_new.len() >= CHUNK || batch_sessions.len() >= CHUNK * 3 {
                self.flush(&mut tx, &mut batch_new, &mut batch_sessions)
                    .await?;
                progress(done, total);
            }
        }
        self.flush(&mut tx, &mut batch_new, &mut batch_sessions)
            .await?;
        progress(done, total);
        if options.dry_run {
            tx.rollback().await?;
        } else {
            self.commit_change(tx, crate::Scope::Dataset).await?;
        }
        Ok(summary)
    }

    /// Writes the collected rows with multi-row INSERTs.
    pub(crate) async fn flush(
        &self,
        tx: &mut Transaction<'static, Any>,
        initiatives: &mut Vec<(String, i64, String, String)>,
        sessions: &mut Vec<(String, i64, Session)>,
    ) -> Result<(), StoreError> {
        if !initiatives.is_empty() {
            let rows = vec!["(?, ?, ?, ?)"; initiatives.len()].join(", ");
            let sql = self.sql(&format!(
                "INSERT INTO initiatives (id, position, name, doc) VALUES {rows}"
            ));
            let mut q = sqlx::query(sql);
            for (id, position, name, doc) in initiatives.drain(..) {
                q = q.bind(id).bind(position).bind(name).bind(doc);
            }
            q.execute(&mut **tx).await?;
        }
        for chunk in sessions.chunks(CHUNK) {
            let rows = vec!["(?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let sql = self.sql(&format!(
                "INSERT INTO sessions (initiative_id, position, date, kind, doc) VALUES {rows}"
            ));
            let mut q = sqlx::query(sql);
            for (id, position, session) in chunk {
                let doc = serde_json::to_string(session)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                q = q
                    .bind(id.clone())
                    .bind(*position)
                    .bind(session.date.to_string())
                    .bind(session.kind.as_str())
                    .bind(doc);
            }
            q.execute(&mut **tx).await?;
        }
        sessions.clear();
        Ok(())
    }
}
