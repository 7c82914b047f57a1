//! Bringing datasets into the store: all files in one transaction, so that
//! either everything is stored or nothing is (also when the process is
//! killed half-way: the database then simply never sees the commit).

use crate::history::{
    Action, Actor, Change, HistoryArchive, Record, json_text, new_uid, whole_doc,
};
use crate::landscape::LandscapeRow;
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
    /// New landscape records (organisations, relations, goals, activities,
    /// coalitions), the organisations made from partners included.
    pub landscape_added: usize,
    /// Landscape records replaced.
    pub landscape_replaced: usize,
    /// Organisations made from partners that named none.
    pub organisations_from_partners: usize,
}

/// Rows per multi-row INSERT.
const CHUNK: usize = 200;

struct Incoming {
    terms: Vec<(TermKind, Term)>,
    initiatives: Vec<Initiative>,
    network: Option<String>,
    landscape: Vec<LandscapeRow>,
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
    let mut landscape = Vec::new();
    for dataset in datasets {
        landscape.extend(crate::landscape::rows_of(&dataset)?);
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
    let landscape = crate::landscape::gather(landscape, &mut conflicts);
    if conflicts.is_empty() {
        Ok(Incoming {
            terms,
            initiatives,
            network,
            landscape,
        })
    } else {
        Err(StoreError::Conflicts(conflicts))
    }
}

/// A session as written: its row, its document serialised once.
pub(crate) struct SessionRow {
    pub initiative_id: String,
    pub position: i64,
    pub date: String,
    pub kind: &'static str,
    pub doc: String,
    pub uid: String,
}

impl SessionRow {
    pub(crate) fn new(
        initiative_id: &str,
        position: usize,
        session: &Session,
        uid: String,
    ) -> Result<SessionRow, StoreError> {
        Ok(SessionRow {
            initiative_id: initiative_id.to_owned(),
            position: position as i64,
            date: session.date.to_string(),
            kind: session.kind.as_str(),
            doc: serde_json::to_string(session).map_err(|e| StoreError::Corrupt(e.to_string()))?,
            uid,
        })
    }
}

impl Store {
    /// Stores datasets, all or nothing. Existing initiatives and differing
    /// terms are refused unless `options.replace`. `progress(done, total)` is
    /// called as initiatives are written. The history gets one entry per
    /// initiative added or changed (the whole initiative) and per theme or
    /// challenge added or changed, by `actor`.
    pub async fn import(
        &self,
        datasets: Vec<Dataset>,
        options: ImportOptions,
        actor: &Actor,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportSummary, StoreError> {
        self.import_inner(datasets, options, Some(actor), None, progress)
            .await
    }

    /// Restores a backup made beside a dataset export (`uti backup` on
    /// PostgreSQL): the dataset as an import, its sessions given the uids
    /// they had, and the history as it was (nothing new is recorded: the
    /// archive tells how the data came to be). Into a database without
    /// history; all or nothing.
    pub async fn import_backup(
        &self,
        datasets: Vec<Dataset>,
        archive: &HistoryArchive,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportSummary, StoreError> {
        if archive.format != crate::history::ARCHIVE_FORMAT {
            return Err(StoreError::Corrupt(format!(
                "history archive of format `{}`",
                archive.format
            )));
        }
        self.import_inner(
            datasets,
            ImportOptions::default(),
            None,
            Some(archive),
            progress,
        )
        .await
    }

    async fn import_inner(
        &self,
        datasets: Vec<Dataset>,
        options: ImportOptions,
        actor: Option<&Actor>,
        archive: Option<&HistoryArchive>,
        progress: &(dyn Fn(usize, usize) + Sync),
    ) -> Result<ImportSummary, StoreError> {
        let mut incoming = gather(datasets)?;
        let mut tx = self.begin_write().await?;
        let mut summary = ImportSummary::default();
        let mut changes: Vec<Change> = Vec::new();

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
            term_docs.push((*kind, term, doc, stored.cloned()));
        }
        let stored_landscape = self.stored_landscape(&mut tx).await?;
        if !options.replace {
            conflicts.extend(
                incoming
                    .landscape
                    .iter()
                    .filter(|r| {
                        stored_landscape
                            .get(&(r.kind.to_owned(), r.id.clone()))
                            .is_some_and(|old| old != &r.doc)
                    })
                    .map(|r| Conflict::RecordDiffers {
                        kind: r.kind,
                        id: r.id.clone(),
                    }),
            );
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
                old => {
                    sqlx::query("DELETE FROM network").execute(&mut *tx).await?;
                    sqlx::query(self.sql("INSERT INTO network (singleton, name) VALUES (1, ?)"))
                        .bind(name.clone())
                        .execute(&mut *tx)
                        .await?;
                    changes.push(
                        Change::new(
                            Record::Network,
                            if old.is_some() {
                                Action::Changed
                            } else {
                                Action::Created
                            },
                        )
                        .docs(old.as_deref().map(json_text), Some(json_text(&name))),
                    );
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
        for (kind, term, doc, replaced) in term_docs {
            let key = format!("{}/{}", kind.as_str(), term.id);
            if let Some(old) = replaced {
                sqlx::query(self.sql("UPDATE terms SET name = ?, doc = ?, version = version + 1 WHERE kind = ? AND id = ?"))
                    .bind(term.name.clone())
                    .bind(doc.clone())
                    .bind(kind.as_str())
                    .bind(term.id.to_string())
                    .execute(&mut *tx)
                    .await?;
                summary.terms_replaced += 1;
                changes.push(
                    Change::new(Record::Term, Action::Replaced)
                        .key(key)
                        .docs(Some(old), Some(doc)),
                );
            } else {
                let position = next_term.entry(kind.as_str()).or_insert(0);
                sqlx::query(self.sql(
                    "INSERT INTO terms (kind, id, position, name, doc) VALUES (?, ?, ?, ?, ?)",
                ))
                .bind(kind.as_str())
                .bind(term.id.to_string())
                .bind(*position)
                .bind(term.name.clone())
                .bind(doc.clone())
                .execute(&mut *tx)
                .await?;
                *position += 1;
                summary.terms_added += 1;
                changes.push(
                    Change::new(Record::Term, Action::Created)
                        .key(key)
                        .docs(None, Some(doc)),
                );
            }
        }

        // The landscape, with organisations for partners that name none.
        let made = Store::link_incoming(
            &stored_landscape,
            &incoming.landscape,
            &mut incoming.initiatives,
        )?;
        summary.organisations_from_partners = made.len();
        let mut rows = std::mem::take(&mut incoming.landscape);
        rows.extend(made);
        let (added, replaced) = self
            .write_landscape(&mut tx, &stored_landscape, rows, &mut changes)
            .await?;
        summary.landscape_added = added;
        summary.landscape_replaced = replaced;

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
        let mut batch_sessions: Vec<SessionRow> = Vec::with_capacity(CHUNK * 3);
        for mut initiative in incoming.initiatives {
            let sessions = initiative.sessions.take().unwrap_or_default();
            let id = initiative.id.to_string();
            let doc = serde_json::to_string(&initiative)
                .map_err(|e| StoreError::Corrupt(e.to_string()))?;
            // The uids the sessions get: those of the archive, or of the
            // sessions at the same places of the initiative replaced.
            let mut uids: Vec<String> = archive
                .and_then(|a| a.sessions.get(&id).cloned())
                .unwrap_or_default();
            let mut before = None;
            if existing.contains_key(&id) {
                let old_doc = text(
                    &sqlx::query(self.sql("SELECT doc FROM initiatives WHERE id = ?"))
                        .bind(id.clone())
                        .fetch_one(&mut *tx)
                        .await?,
                    "doc",
                )?;
                let old_sessions = sqlx::query(self.sql(
                    "SELECT doc, uid FROM sessions WHERE initiative_id = ? ORDER BY position",
                ))
                .bind(id.clone())
                .fetch_all(&mut *tx)
                .await?;
                let mut old_docs = Vec::with_capacity(old_sessions.len());
                for row in &old_sessions {
                    old_docs.push(text(row, "doc")?);
                    uids.push(text(row, "uid")?);
                }
                let old_refs: Vec<&str> = old_docs.iter().map(String::as_str).collect();
                before = Some(whole_doc(&old_doc, &old_refs));
                sqlx::query(self.sql("DELETE FROM sessions WHERE initiative_id = ?"))
                    .bind(id.clone())
                    .execute(&mut *tx)
                    .await?;
                sqlx::query(self.sql(
                    "UPDATE initiatives SET name = ?, doc = ?, version = version + 1 WHERE id = ?",
                ))
                .bind(initiative.name.clone())
                .bind(doc.clone())
                .bind(id.clone())
                .execute(&mut *tx)
                .await?;
                summary.initiatives_replaced += 1;
            } else {
                batch_new.push((
                    id.clone(),
                    next_position,
                    initiative.name.clone(),
                    doc.clone(),
                ));
                next_position += 1;
                summary.initiatives_added += 1;
            }
            summary.sessions += sessions.len();
            let first = batch_sessions.len();
            let mut uids = uids.into_iter();
            for (i, s) in sessions.iter().enumerate() {
                let uid = uids.next().unwrap_or_else(new_uid);
                batch_sessions.push(SessionRow::new(&id, i, s, uid)?);
            }
            if actor.is_some() {
                let docs: Vec<&str> = batch_sessions[first..]
                    .iter()
                    .map(|r| r.doc.as_str())
                    .collect();
                let after = whole_doc(&doc, &docs);
                if before.as_deref() != Some(after.as_str()) {
                    let action = if before.is_some() {
                        Action::Replaced
                    } else {
                        Action::Created
                    };
                    changes.push(
                        Change::new(Record::Initiative, action)
                            .initiative(&id)
                            .docs(before, Some(after)),
                    );
                }
            }
            done += 1;
            if batch_new.len() >= CHUNK || batch_sessions.len() >= CHUNK * 3 {
                self.flush(&mut tx, &mut batch_new, &mut batch_sessions)
                    .await?;
                if let Some(actor) = actor {
                    self.record(&mut tx, actor, std::mem::take(&mut changes))
                        .await?;
                }
                progress(done, total);
            }
        }
        self.flush(&mut tx, &mut batch_new, &mut batch_sessions)
            .await?;
        match (actor, archive) {
            (Some(actor), _) => self.record(&mut tx, actor, changes).await?,
            (None, Some(archive)) => self.restore_archive(&mut tx, archive).await?,
            (None, None) => {}
        }
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
        sessions: &mut Vec<SessionRow>,
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
            let rows = vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ");
            let sql = self.sql(&format!(
                "INSERT INTO sessions (initiative_id, position, date, kind, doc, uid) VALUES {rows}"
            ));
            let mut q = sqlx::query(sql);
            for row in chunk {
                q = q
                    .bind(row.initiative_id.clone())
                    .bind(row.position)
                    .bind(row.date.clone())
                    .bind(row.kind)
                    .bind(row.doc.clone())
                    .bind(row.uid.clone());
            }
            q.execute(&mut **tx).await?;
        }
        sessions.clear();
        Ok(())
    }
}
