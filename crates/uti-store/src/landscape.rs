//! The landscape's records (organisations, relations, the agenda's goals
//! and activities, coalitions) in the table `landscape` (migration 0010):
//! one row per record, its dataset form in `doc`, the file's order in
//! `position`. Imported like themes: the same content again is left alone,
//! other content is a conflict unless `--replace`.

use crate::history::{Action, Change, Record};
use crate::{Conflict, Store, StoreError, text};
use sqlx::{Any, Row, Transaction};
use std::collections::HashMap;
use uti_core::model::{
    Activity, Agenda, Coalition, Dataset, Goal, Initiative, Organisation, Relation,
};

/// One landscape record as stored.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LandscapeRow {
    /// `organisation`, `relation`, `goal`, `activity` or `coalition`.
    pub kind: &'static str,
    pub id: String,
    pub name: String,
    pub doc: String,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// The landscape records of a dataset, in the order of its file.
pub(crate) fn rows_of(d: &Dataset) -> Result<Vec<LandscapeRow>, StoreError> {
    let mut rows = Vec::new();
    for o in d.organisations() {
        rows.push(row("organisation", o.id.to_string(), &o.name, o)?);
    }
    for r in d.relations() {
        rows.push(row("relation", r.key(), &r.key(), r)?);
    }
    for g in d.goals() {
        rows.push(row("goal", g.id.to_string(), &g.name, g)?);
    }
    for a in d.activities() {
        rows.push(row("activity", a.id.to_string(), &a.name, a)?);
    }
    for c in d.coalitions() {
        rows.push(row("coalition", c.id.to_string(), &c.name, c)?);
    }
    Ok(rows)
}

fn row<T: serde::Serialize>(
    kind: &'static str,
    id: String,
    name: &str,
    value: &T,
) -> Result<LandscapeRow, StoreError> {
    Ok(LandscapeRow {
        kind,
        id,
        name: name.to_owned(),
        doc: json(value)?,
    })
}

/// The landscape's part of a dataset.
#[derive(Debug, Default)]
pub(crate) struct LandscapeParts {
    pub organisations: Option<Vec<Organisation>>,
    pub relations: Option<Vec<Relation>>,
    pub agenda: Option<Agenda>,
    pub coalitions: Option<Vec<Coalition>>,
}

fn parse<T: serde::de::DeserializeOwned>(doc: &str, kind: &str, id: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc)
        .map_err(|e| StoreError::Corrupt(format!("landscape {kind} {id}: {e}")))
}

fn some<T>(list: Vec<T>) -> Option<Vec<T>> {
    (!list.is_empty()).then_some(list)
}

/// Gathers the records of several files; the same id with other content is a conflict.
pub(crate) fn gather(rows: Vec<LandscapeRow>, conflicts: &mut Vec<Conflict>) -> Vec<LandscapeRow> {
    let mut out: Vec<LandscapeRow> = Vec::new();
    let mut index: HashMap<(&'static str, String), usize> = HashMap::new();
    for r in rows {
        match index.get(&(r.kind, r.id.clone())) {
            Some(&i) if out[i].doc != r.doc => conflicts.push(Conflict::RecordTwice {
                kind: r.kind,
                id: r.id.clone(),
            }),
            Some(_) => {}
            None => {
                index.insert((r.kind, r.id.clone()), out.len());
                out.push(r);
            }
        }
    }
    out
}

impl Store {
    /// Every stored landscape record: `(kind, id) → doc`.
    pub(crate) async fn stored_landscape(
        &self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<HashMap<(String, String), String>, StoreError> {
        self.stored_records(tx, "SELECT kind, id, doc FROM landscape")
            .await
    }

    /// The stored organisations only, as [`Store::stored_landscape`]
    /// gives them: what linking one initiative's partners needs.
    pub(crate) async fn stored_organisations(
        &self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<HashMap<(String, String), String>, StoreError> {
        self.stored_records(
            tx,
            "SELECT kind, id, doc FROM landscape WHERE kind = 'organisation'",
        )
        .await
    }

    async fn stored_records(
        &self,
        tx: &mut Transaction<'static, Any>,
        query: &'static str,
    ) -> Result<HashMap<(String, String), String>, StoreError> {
        sqlx::query(query)
            .fetch_all(&mut **tx)
            .await?
            .iter()
            .map(|r| Ok(((text(r, "kind")?, text(r, "id")?), text(r, "doc")?)))
            .collect()
    }

    /// The landscape as seen by `tx`.
    pub(crate) async fn read_landscape(
        &self,
        tx: &mut Transaction<'static, Any>,
    ) -> Result<LandscapeParts, StoreError> {
        let mut organisations = Vec::new();
        let mut relations = Vec::new();
        let mut goals: Vec<Goal> = Vec::new();
        let mut activities: Vec<Activity> = Vec::new();
        let mut coalitions = Vec::new();
        for row in sqlx::query("SELECT kind, id, doc FROM landscape ORDER BY kind, position")
            .fetch_all(&mut **tx)
            .await?
        {
            let (kind, id, doc) = (text(&row, "kind")?, text(&row, "id")?, text(&row, "doc")?);
            match kind.as_str() {
                "organisation" => organisations.push(parse(&doc, &kind, &id)?),
                "relation" => relations.push(parse(&doc, &kind, &id)?),
                "goal" => goals.push(parse(&doc, &kind, &id)?),
                "activity" => activities.push(parse(&doc, &kind, &id)?),
                _ => coalitions.push(parse(&doc, &kind, &id)?),
            }
        }
        let agenda = (!goals.is_empty() || !activities.is_empty()).then(|| Agenda {
            goals: some(goals),
            activities: some(activities),
        });
        Ok(LandscapeParts {
            organisations: some(organisations),
            relations: some(relations),
            agenda,
            coalitions: some(coalitions),
        })
    }

    /// Links the incoming initiatives' partners to the stored and incoming
    /// organisations, and gives the organisations made for that as rows.
    pub(crate) fn link_incoming(
        stored: &HashMap<(String, String), String>,
        incoming: &[LandscapeRow],
        initiatives: &mut [Initiative],
    ) -> Result<Vec<LandscapeRow>, StoreError> {
        let mut known: Vec<Organisation> = Vec::new();
        let mut incoming_ids = std::collections::HashSet::new();
        for r in incoming.iter().filter(|r| r.kind == "organisation") {
            known.push(parse(&r.doc, r.kind, &r.id)?);
            incoming_ids.insert(r.id.as_str());
        }
        for ((kind, id), doc) in stored {
            // An incoming record replaces the stored one of its id.
            if kind == "organisation" && !incoming_ids.contains(id.as_str()) {
                known.push(parse(doc, kind, id)?);
            }
        }
        // The stored ones in a fixed order, so that made ids do not depend on hashing.
        known.sort_by(|a, b| a.id.cmp(&b.id));
        uti_core::landscape::link::link_partners(&known, initiatives)
            .iter()
            .map(|o| row("organisation", o.id.to_string(), &o.name, o))
            .collect()
    }

    /// Writes incoming records: new ones at the end of their kind, changed
    /// ones in place (the caller has refused those without `--replace`).
    /// Gives (added, replaced).
    pub(crate) async fn write_landscape(
        &self,
        tx: &mut Transaction<'static, Any>,
        stored: &HashMap<(String, String), String>,
        rows: Vec<LandscapeRow>,
        changes: &mut Vec<Change>,
    ) -> Result<(usize, usize), StoreError> {
        let mut next: HashMap<String, i64> = HashMap::new();
        for row in sqlx::query(
            "SELECT kind, COALESCE(MAX(position), -1) AS last FROM landscape GROUP BY kind",
        )
        .fetch_all(&mut **tx)
        .await?
        {
            next.insert(text(&row, "kind")?, row.try_get::<i64, _>("last")? + 1);
        }
        let (mut added, mut replaced) = (0, 0);
        for r in rows {
            let key = format!("{}/{}", r.kind, r.id);
            match stored.get(&(r.kind.to_owned(), r.id.clone())) {
                Some(old) if old == &r.doc => {}
                Some(old) => {
                    sqlx::query(self.sql(
                        "UPDATE landscape SET name = ?, doc = ?, version = version + 1 WHERE kind = ? AND id = ?",
                    ))
                    .bind(r.name)
                    .bind(r.doc.clone())
                    .bind(r.kind)
                    .bind(r.id)
                    .execute(&mut **tx)
                    .await?;
                    replaced += 1;
                    changes.push(
                        Change::new(Record::Landscape, Action::Replaced)
                            .key(key)
                            .docs(Some(old.clone()), Some(r.doc)),
                    );
                }
                None => {
                    let position = next.entry(r.kind.to_owned()).or_insert(0);
                    sqlx::query(self.sql(
                        "INSERT INTO landscape (kind, id, position, name, doc) VALUES (?, ?, ?, ?, ?)",
                    ))
                    .bind(r.kind)
                    .bind(r.id)
                    .bind(*position)
                    .bind(r.name)
                    .bind(r.doc.clone())
                    .execute(&mut **tx)
                    .await?;
                    *position += 1;
                    added += 1;
                    changes.push(
                        Change::new(Record::Landscape, Action::Created)
                            .key(key)
                            .docs(None, Some(r.doc)),
                    );
                }
            }
        }
        Ok((added, replaced))
    }

    /// Puts `into` where the theme or challenge `from` is named by an
    /// activity of the agenda (or, without `into`, leaves it out), in
    /// `tx`, with a history entry per activity; gives how many changed.
    pub(crate) async fn rewrite_activity_terms(
        &self,
        tx: &mut Transaction<'static, Any>,
        kind: uti_core::model::TermKind,
        from: &str,
        into: Option<&uti_core::values::Slug>,
        changes: &mut Vec<Change>,
    ) -> Result<usize, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT id, doc FROM landscape WHERE kind = 'activity' AND doc LIKE ? ORDER BY position",
        ))
        .bind(format!("%\"{from}\"%"))
        .fetch_all(&mut **tx)
        .await?;
        let mut changed = 0;
        for row in rows {
            let (id, old) = (text(&row, "id")?, text(&row, "doc")?);
            let mut activity: Activity = parse(&old, "activity", &id)?;
            let list = match kind {
                uti_core::model::TermKind::Theme => &mut activity.themes,
                uti_core::model::TermKind::Challenge => &mut activity.challenges,
            };
            let Some(ids) = list else { continue };
            if !ids.iter().any(|x| x.as_str() == from) {
                continue;
            }
            let mut out: Vec<uti_core::values::Slug> = Vec::with_capacity(ids.len());
            for x in ids.drain(..) {
                let x = if x.as_str() == from {
                    match into {
                        Some(i) => i.clone(),
                        None => continue,
                    }
                } else {
                    x
                };
                if !out.contains(&x) {
                    out.push(x);
                }
            }
            *list = (!out.is_empty()).then_some(out);
            let doc = json(&activity)?;
            sqlx::query(self.sql(
                "UPDATE landscape SET doc = ?, version = version + 1 WHERE kind = 'activity' AND id = ?",
            ))
            .bind(doc.clone())
            .bind(id.clone())
            .execute(&mut **tx)
            .await?;
            changes.push(
                Change::new(Record::Landscape, Action::Changed)
                    .key(format!("activity/{id}"))
                    .docs(Some(old), Some(doc)),
            );
            changed += 1;
        }
        Ok(changed)
    }
}
