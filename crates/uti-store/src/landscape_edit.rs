//! Changes of the landscape from the web and the API: a relation between
//! two initiatives added or removed, two organisations merged into one.
//! Each runs in one transaction, is recorded in the history and raises the
//! revision with scope `Dataset` (every server reloads).

use crate::history::{Action, Actor, Change, Record};
use crate::{Scope, Store, StoreError, text};
use sqlx::Row;
use uti_core::Lang;
use uti_core::model::{Activity, ActivityStatus, Coalition, Initiative, Organisation, Relation};
use uti_core::prose::activity_status_name;
use uti_core::values::Slug;

/// Why a change of the landscape was refused; nothing was stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LandscapeError {
    /// No initiative has this id.
    UnknownInitiative(String),
    /// No organisation has this id.
    UnknownOrganisation(String),
    /// No relation has this key.
    UnknownRelation(String),
    /// A relation from an initiative to itself.
    SelfRelation(String),
    /// The same relation (from, kind, to) is there already.
    RelationExists(String),
    /// An organisation merged into itself.
    MergeIntoItself(String),
    /// No activity of the agenda has this id.
    UnknownActivity(String),
    /// The activity's status changed since the user loaded it.
    StaleStatus {
        /// The activity's id.
        id: String,
        /// Its status as stored now.
        current: ActivityStatus,
    },
}

impl LandscapeError {
    /// The refusal as a sentence in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match (self, lang) {
            (Self::UnknownInitiative(id), Lang::Nl) => {
                format!("Er is geen initiatief met de id ‘{id}’.")
            }
            (Self::UnknownInitiative(id), Lang::En) => {
                format!("There is no initiative with the id ‘{id}’.")
            }
            (Self::UnknownOrganisation(id), Lang::Nl) => {
                format!("Er is geen organisatie met de id ‘{id}’.")
            }
            (Self::UnknownOrganisation(id), Lang::En) => {
                format!("There is no organisation with the id ‘{id}’.")
            }
            (Self::UnknownRelation(key), Lang::Nl) => {
                format!(
                    "Er is geen relatie ‘{key}’ (meer); misschien heeft iemand anders haar al verwijderd."
                )
            }
            (Self::UnknownRelation(key), Lang::En) => {
                format!(
                    "There is no relation ‘{key}’ (any more); someone else may have removed it."
                )
            }
            (Self::SelfRelation(id), Lang::Nl) => {
                format!(
                    "Een initiatief kan geen relatie met zichzelf hebben (‘{id}’); kies een ander initiatief."
                )
            }
            (Self::SelfRelation(id), Lang::En) => {
                format!(
                    "An initiative cannot have a relation with itself (‘{id}’); choose another initiative."
                )
            }
            (Self::RelationExists(key), Lang::Nl) => {
                format!("Deze relatie is er al (‘{key}’).")
            }
            (Self::RelationExists(key), Lang::En) => {
                format!("This relation exists already (‘{key}’).")
            }
            (Self::MergeIntoItself(id), Lang::Nl) => {
                format!("Een organisatie kan niet met zichzelf worden samengevoegd (‘{id}’).")
            }
            (Self::MergeIntoItself(id), Lang::En) => {
                format!("An organisation cannot be merged into itself (‘{id}’).")
            }
            (Self::UnknownActivity(id), Lang::Nl) => {
                format!("Er is geen activiteit met de id ‘{id}’ op de doe-agenda.")
            }
            (Self::UnknownActivity(id), Lang::En) => {
                format!("There is no activity with the id ‘{id}’ on the action agenda.")
            }
            (Self::StaleStatus { id, current }, lang) => match lang {
                Lang::Nl => format!(
                    "De status van ‘{id}’ is intussen door iemand anders gewijzigd in ‘{}’; uw wijziging is niet opgeslagen. Kies opnieuw als die status niet klopt.",
                    activity_status_name(*current, lang)
                ),
                Lang::En => format!(
                    "The status of ‘{id}’ was changed by someone else to ‘{}’ in the meantime; your change was not saved. Choose again if that status is not right.",
                    activity_status_name(*current, lang)
                ),
            },
        }
    }
}

impl From<LandscapeError> for StoreError {
    fn from(e: LandscapeError) -> Self {
        StoreError::Landscape(e)
    }
}

/// What a merge of organisations did.
#[derive(Debug, Clone, PartialEq)]
pub struct OrganisationMerge {
    /// The organisation that remains, as stored now.
    pub into: Organisation,
    /// Initiatives whose partners now name it.
    pub initiatives: usize,
    /// Activities and coalitions that now name it.
    pub records: usize,
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn parse<T: serde::de::DeserializeOwned>(doc: &str, what: &str) -> Result<T, StoreError> {
    serde_json::from_str(doc).map_err(|e| StoreError::Corrupt(format!("{what}: {e}")))
}

/// Puts `into` for `from` in a list of ids, once; whether it changed.
fn replace_id(list: &mut Option<Vec<Slug>>, from: &str, into: &Slug) -> bool {
    let Some(ids) = list else { return false };
    if !ids.iter().any(|x| x.as_str() == from) {
        return false;
    }
    let mut out: Vec<Slug> = Vec::with_capacity(ids.len());
    for x in ids.drain(..) {
        let x = if x.as_str() == from { into.clone() } else { x };
        if !out.contains(&x) {
            out.push(x);
        }
    }
    *ids = out;
    true
}

impl Store {
    /// Adds a relation between two stored initiatives, at the end of the
    /// list; refused for an unknown initiative, a relation of an initiative
    /// with itself and one that is there already.
    pub async fn add_relation(&self, relation: &Relation, actor: &Actor) -> Result<(), StoreError> {
        if relation.from == relation.to {
            return Err(LandscapeError::SelfRelation(relation.from.to_string()).into());
        }
        let mut tx = self.begin_write().await?;
        for id in [&relation.from, &relation.to] {
            let found = sqlx::query(self.sql("SELECT 1 AS one FROM initiatives WHERE id = ?"))
                .bind(id.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            if found.is_none() {
                tx.rollback().await?;
                return Err(LandscapeError::UnknownInitiative(id.to_string()).into());
            }
        }
        let key = relation.key();
        let exists = sqlx::query(
            self.sql("SELECT 1 AS one FROM landscape WHERE kind = 'relation' AND id = ?"),
        )
        .bind(key.clone())
        .fetch_optional(&mut *tx)
        .await?;
        if exists.is_some() {
            tx.rollback().await?;
            return Err(LandscapeError::RelationExists(key).into());
        }
        let next: i64 = sqlx::query(
            "SELECT COALESCE(MAX(position), -1) + 1 AS next FROM landscape WHERE kind = 'relation'",
        )
        .fetch_one(&mut *tx)
        .await?
        .try_get("next")?;
        let doc = json(relation)?;
        sqlx::query(self.sql(
            "INSERT INTO landscape (kind, id, position, name, doc) VALUES ('relation', ?, ?, ?, ?)",
        ))
        .bind(key.clone())
        .bind(next)
        .bind(key.clone())
        .bind(doc.clone())
        .execute(&mut *tx)
        .await?;
        let change = Change::new(Record::Landscape, Action::Created)
            .key(format!("relation/{key}"))
            .docs(None, Some(doc));
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, Scope::Dataset).await
    }

    /// Removes the relation with this key ([`Relation::key`]) and gives it.
    pub async fn remove_relation(&self, key: &str, actor: &Actor) -> Result<Relation, StoreError> {
        let mut tx = self.begin_write().await?;
        let row =
            sqlx::query(self.sql("SELECT doc FROM landscape WHERE kind = 'relation' AND id = ?"))
                .bind(key.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Err(LandscapeError::UnknownRelation(key.to_owned()).into());
        };
        let doc = text(&row, "doc")?;
        let relation: Relation = parse(&doc, "relation")?;
        sqlx::query(self.sql("DELETE FROM landscape WHERE kind = 'relation' AND id = ?"))
            .bind(key.to_owned())
            .execute(&mut *tx)
            .await?;
        let change = Change::new(Record::Landscape, Action::Deleted)
            .key(format!("relation/{key}"))
            .docs(Some(doc), None);
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, Scope::Dataset).await?;
        Ok(relation)
    }

    /// Merges the organisation `from` into `into` in one transaction: every
    /// partner that names `from` names `into` (with its name and kind; a
    /// partner that then appears twice in one initiative with the same
    /// role is kept once), every activity and coalition too; `into` takes
    /// `from`'s sector, place and website where it has none, and `from` is
    /// deleted. Refused for an organisation into itself and unknown ids.
    pub async fn merge_organisations(
        &self,
        from: &str,
        into: &str,
        actor: &Actor,
    ) -> Result<OrganisationMerge, StoreError> {
        if from == into {
            return Err(LandscapeError::MergeIntoItself(from.to_owned()).into());
        }
        let mut tx = self.begin_write().await?;
        let mut docs = Vec::new();
        for id in [from, into] {
            let row = sqlx::query(
                self.sql("SELECT doc FROM landscape WHERE kind = 'organisation' AND id = ?"),
            )
            .bind(id.to_owned())
            .fetch_optional(&mut *tx)
            .await?;
            match row {
                Some(row) => docs.push(text(&row, "doc")?),
                None => {
                    tx.rollback().await?;
                    return Err(LandscapeError::UnknownOrganisation(id.to_owned()).into());
                }
            }
        }
        let (from_doc, into_doc) = (docs.remove(0), docs.remove(0));
        let gone: Organisation = parse(&from_doc, "organisation")?;
        let mut kept: Organisation = parse(&into_doc, "organisation")?;
        kept.sector = kept.sector.or(gone.sector);
        kept.place = kept.place.or(gone.place);
        kept.website = kept.website.or(gone.website);
        let kept_doc = json(&kept)?;
        let mut changes = vec![
            Change::new(Record::Landscape, Action::Merged)
                .key(format!("organisation/{from}"))
                .docs(Some(from_doc), Some(kept_doc.clone())),
        ];
        if kept_doc != into_doc {
            sqlx::query(self.sql(
                "UPDATE landscape SET doc = ?, version = version + 1 WHERE kind = 'organisation' AND id = ?",
            ))
            .bind(kept_doc.clone())
            .bind(into.to_owned())
            .execute(&mut *tx)
            .await?;
            changes.push(
                Change::new(Record::Landscape, Action::Changed)
                    .key(format!("organisation/{into}"))
                    .docs(Some(into_doc), Some(kept_doc)),
            );
        }

        // The initiatives whose partners name it (the pattern narrows, the
        // parsed partners decide).
        let rows = sqlx::query(
            self.sql("SELECT id, doc FROM initiatives WHERE doc LIKE ? ORDER BY position"),
        )
        .bind(format!("%\"organisation\":\"{from}\"%"))
        .fetch_all(&mut *tx)
        .await?;
        let mut initiatives = 0;
        for row in rows {
            let (id, old) = (text(&row, "id")?, text(&row, "doc")?);
            let mut initiative: Initiative = parse(&old, &format!("initiative {id}"))?;
            let Some(partners) = initiative.partners.as_mut() else {
                continue;
            };
            if !partners
                .iter()
                .any(|p| p.organisation.as_ref().is_some_and(|o| o.as_str() == from))
            {
                continue;
            }
            let mut out: Vec<uti_core::model::Partner> = Vec::with_capacity(partners.len());
            for mut p in partners.drain(..) {
                if p.organisation.as_ref().is_some_and(|o| o.as_str() == from) {
                    p.organisation = Some(kept.id.clone());
                    p.name = kept.name.clone();
                    p.kind = kept.kind;
                }
                let twice = out.iter().any(|q| {
                    q.organisation.is_some() && q.organisation == p.organisation && q.role == p.role
                });
                if !twice {
                    out.push(p);
                }
            }
            *partners = out;
            let doc = json(&initiative)?;
            sqlx::query(
                self.sql("UPDATE initiatives SET doc = ?, version = version + 1 WHERE id = ?"),
            )
            .bind(doc.clone())
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
            changes.push(
                Change::new(Record::Initiative, Action::Changed)
                    .initiative(&id)
                    .docs(Some(old), Some(doc)),
            );
            initiatives += 1;
        }

        // The activities and coalitions that name it.
        let rows = sqlx::query(self.sql(
            "SELECT kind, id, doc FROM landscape WHERE kind IN ('activity', 'coalition') AND doc LIKE ? ORDER BY kind, position",
        ))
        .bind(format!("%\"{from}\"%"))
        .fetch_all(&mut *tx)
        .await?;
        let mut records = 0;
        for row in rows {
            let (kind, id, old) = (text(&row, "kind")?, text(&row, "id")?, text(&row, "doc")?);
            let doc = if kind == "activity" {
                let mut a: Activity = parse(&old, &format!("activity {id}"))?;
                if !replace_id(&mut a.organisations, from, &kept.id) {
                    continue;
                }
                json(&a)?
            } else {
                let mut c: Coalition = parse(&old, &format!("coalition {id}"))?;
                if !replace_id(&mut c.organisations, from, &kept.id) {
                    continue;
                }
                json(&c)?
            };
            sqlx::query(self.sql(
                "UPDATE landscape SET doc = ?, version = version + 1 WHERE kind = ? AND id = ?",
            ))
            .bind(doc.clone())
            .bind(kind.clone())
            .bind(id.clone())
            .execute(&mut *tx)
            .await?;
            changes.push(
                Change::new(Record::Landscape, Action::Changed)
                    .key(format!("{kind}/{id}"))
                    .docs(Some(old), Some(doc)),
            );
            records += 1;
        }

        sqlx::query(self.sql("DELETE FROM landscape WHERE kind = 'organisation' AND id = ?"))
            .bind(from.to_owned())
            .execute(&mut *tx)
            .await?;
        self.record(&mut tx, actor, changes).await?;
        self.commit_change(tx, Scope::Dataset).await?;
        Ok(OrganisationMerge {
            into: kept,
            initiatives,
            records,
        })
    }
}

impl Store {
    /// Sets the status of an activity of the agenda, only if it is still
    /// `was` (the status the user saw; `None` skips the check), and gives
    /// the activity as stored now.
    pub async fn set_activity_status(
        &self,
        id: &str,
        status: ActivityStatus,
        was: Option<ActivityStatus>,
        actor: &Actor,
    ) -> Result<Activity, StoreError> {
        let mut tx = self.begin_write().await?;
        let row =
            sqlx::query(self.sql("SELECT doc FROM landscape WHERE kind = 'activity' AND id = ?"))
                .bind(id.to_owned())
                .fetch_optional(&mut *tx)
                .await?;
        let Some(row) = row else {
            tx.rollback().await?;
            return Err(LandscapeError::UnknownActivity(id.to_owned()).into());
        };
        let old = text(&row, "doc")?;
        let mut activity: Activity = parse(&old, &format!("activity {id}"))?;
        if was.is_some_and(|w| w != activity.status) && activity.status != status {
            tx.rollback().await?;
            return Err(LandscapeError::StaleStatus {
                id: id.to_owned(),
                current: activity.status,
            }
            .into());
        }
        if activity.status == status {
            tx.rollback().await?;
            return Ok(activity);
        }
        activity.status = status;
        let doc = json(&activity)?;
        sqlx::query(self.sql(
            "UPDATE landscape SET doc = ?, version = version + 1 WHERE kind = 'activity' AND id = ?",
        ))
        .bind(doc.clone())
        .bind(id.to_owned())
        .execute(&mut *tx)
        .await?;
        let change = Change::new(Record::Landscape, Action::Changed)
            .key(format!("activity/{id}"))
            .docs(Some(old), Some(doc));
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, Scope::Dataset).await?;
        Ok(activity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slugs(ids: &[&str]) -> Option<Vec<Slug>> {
        Some(ids.iter().map(|i| Slug::parse(i).unwrap()).collect())
    }

    #[test]
    fn an_id_is_replaced_in_place_once() {
        let into = Slug::parse("roc").unwrap();
        let mut list = slugs(&["a", "roc-mn", "roc", "b"]);
        assert!(replace_id(&mut list, "roc-mn", &into));
        assert_eq!(list, slugs(&["a", "roc", "b"]));
        assert!(!replace_id(&mut list, "roc-mn", &into));
    }
}
