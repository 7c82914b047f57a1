//! The shared vocabularies, themes and challenges, as something to keep up:
//! list them with where they are used, create, edit (guarded by a version,
//! so that no one silently overwrites another's change), merge two into
//! one, and delete one that nothing uses. Terms from a form or the API are
//! checked by the same rules as an import ([`check_term`]).

use crate::history::{Action, Actor, Change, Record};
use crate::{Store, StoreError, text};
use serde::Deserialize;
use sqlx::Row;
use uti_core::Lang;
use uti_core::error::{Place, Problem, Step};
use uti_core::model::{Level, Session, SessionKind, Term, TermKind};
use uti_core::values::IsoDate;

/// One CIMO chain that speaks to a term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermUse {
    /// The initiative's id.
    pub initiative_id: String,
    /// The initiative's name.
    pub initiative_name: String,
    /// The date of the session the chain belongs to.
    pub date: IsoDate,
    /// The kind of that session.
    pub session_kind: SessionKind,
    /// The chain's level.
    pub level: Level,
    /// Whether the session is a draft.
    pub draft: bool,
}

/// A theme or challenge as stored: its content, its version (for edits) and
/// the chains that speak to it, in the order of the dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredTerm {
    /// Theme or challenge.
    pub kind: TermKind,
    /// The term.
    pub term: Term,
    /// Raised by every change; an edit must name the version it started from.
    pub version: i64,
    /// Every chain that names it.
    pub uses: Vec<TermUse>,
}

impl StoredTerm {
    /// Leaves out the uses in draft sessions of initiatives other than
    /// `except` (what an initiative contact may read).
    pub fn hide_drafts(&mut self, except: &[String]) {
        self.uses
            .retain(|u| !u.draft || except.contains(&u.initiative_id));
    }

    /// How many chains name it.
    pub fn chains(&self) -> usize {
        self.uses.len()
    }

    /// The initiatives whose chains name it, as (id, name), each once, in
    /// the order of the dataset.
    pub fn initiatives(&self) -> Vec<(&str, &str)> {
        let mut seen = std::collections::HashSet::new();
        self.uses
            .iter()
            .filter(|u| seen.insert(u.initiative_id.as_str()))
            .map(|u| (u.initiative_id.as_str(), u.initiative_name.as_str()))
            .collect()
    }
}

/// Both vocabularies, each in its stored order.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TermLists {
    /// The themes.
    pub themes: Vec<StoredTerm>,
    /// The shared challenges.
    pub challenges: Vec<StoredTerm>,
}

/// What a merge changed.
#[derive(Debug, Clone, PartialEq)]
pub struct MergeSummary {
    /// Chains whose reference moved from one term to the other.
    pub chains: usize,
    /// Sessions rewritten (each got a new version).
    pub sessions: usize,
    /// The term that remains, with its sources joined.
    pub into: Term,
    /// Its new version.
    pub version: i64,
}

/// A problem with one field of a term given as input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The key (`id`, `name`, `description`, `sources`, or an unknown key),
    /// or none when the term as a whole is wrong.
    pub field: Option<String>,
    /// The problem, worded as for an import.
    pub problem: Problem,
}

/// Why a change of a theme or challenge was refused; nothing was stored.
#[derive(Debug, Clone, PartialEq)]
pub enum TermError {
    /// The input breaks the rules of the dataset format.
    Invalid(Vec<FieldProblem>),
    /// A term of that kind and id exists already.
    Exists {
        /// Theme or challenge.
        kind: TermKind,
        /// The id.
        id: String,
    },
    /// No term of that kind and id.
    Unknown {
        /// Theme or challenge.
        kind: TermKind,
        /// The id.
        id: String,
    },
    /// The term changed since the version the edit started from.
    Stale {
        /// Theme or challenge.
        kind: TermKind,
        /// What is stored now.
        current: Term,
        /// Its version now.
        version: i64,
    },
    /// A term cannot be merged into itself.
    MergeIntoItself {
        /// Theme or challenge.
        kind: TermKind,
        /// The id.
        id: String,
    },
    /// Chains still name the term, so it cannot be deleted.
    InUse {
        /// Theme or challenge.
        kind: TermKind,
        /// The id.
        id: String,
        /// How many chains name it.
        chains: usize,
    },
    /// A session changed while a merge was writing; try again.
    Busy,
}

/// `thema`/`uitdaging` or `theme`/`challenge`.
pub fn kind_word(kind: TermKind, lang: Lang) -> &'static str {
    match kind {
        TermKind::Theme => lang.pick("thema", "theme"),
        TermKind::Challenge => lang.pick("uitdaging", "challenge"),
    }
}

/// Sources as one line: `a; b`.
fn sources_text(term: &Term) -> String {
    term.sources.as_deref().unwrap_or_default().join("; ")
}

impl TermError {
    /// The refusal as a sentence (or, for invalid input, a sentence per
    /// field) in the given language.
    pub fn message(&self, lang: Lang) -> String {
        match self {
            TermError::Invalid(problems) => problems
                .iter()
                .map(|p| match &p.field {
                    Some(f) => format!("{f}: {}", p.problem.message(lang)),
                    None => p.problem.message(lang),
                })
                .collect::<Vec<_>>()
                .join("\n"),
            TermError::Exists { kind, id } => match lang {
                Lang::Nl => format!(
                    "Er bestaat al een {} met de id ‘{id}’; kies een andere id.",
                    kind_word(*kind, lang)
                ),
                Lang::En => format!(
                    "A {} with the id ‘{id}’ already exists; choose another id.",
                    kind_word(*kind, lang)
                ),
            },
            TermError::Unknown { kind, id } => match lang {
                Lang::Nl => format!("Er is geen {} met de id ‘{id}’.", kind_word(*kind, lang)),
                Lang::En => format!("There is no {} with the id ‘{id}’.", kind_word(*kind, lang)),
            },
            TermError::Stale {
                kind,
                current,
                version,
            } => {
                let description = current.description.as_deref().unwrap_or("");
                let sources = sources_text(current);
                match lang {
                    Lang::Nl => format!(
                        "Dit {what} is intussen door iemand anders gewijzigd; uw wijziging is niet opgeslagen. \
                         Nu opgeslagen (versie {version}): naam „{name}”, omschrijving „{description}”, bronnen „{sources}”.",
                        what = kind_word(*kind, lang),
                        name = current.name,
                    ),
                    Lang::En => format!(
                        "This {what} was changed by someone else in the meantime; your change was not saved. \
                         Stored now (version {version}): name “{name}”, description “{description}”, sources “{sources}”.",
                        what = kind_word(*kind, lang),
                        name = current.name,
                    ),
                }
            }
            TermError::MergeIntoItself { kind, id } => match lang {
                Lang::Nl => format!(
                    "Een {} kan niet met zichzelf worden samengevoegd (‘{id}’).",
                    kind_word(*kind, lang)
                ),
                Lang::En => format!(
                    "A {} cannot be merged into itself (‘{id}’).",
                    kind_word(*kind, lang)
                ),
            },
            TermError::InUse { kind, id, chains } => match (lang, chains) {
                (Lang::Nl, 1) => format!(
                    "De {} ‘{id}’ wordt nog in 1 keten gebruikt; voeg hem samen met een andere in plaats van hem te verwijderen.",
                    kind_word(*kind, lang)
                ),
                (Lang::Nl, n) => format!(
                    "De {} ‘{id}’ wordt nog in {n} ketens gebruikt; voeg hem samen met een andere in plaats van hem te verwijderen.",
                    kind_word(*kind, lang)
                ),
                (Lang::En, n) => format!(
                    "The {} ‘{id}’ is still used in {n} chain(s); merge it into another instead of deleting it.",
                    kind_word(*kind, lang)
                ),
            },
            TermError::Busy => lang
                .pick(
                    "Tijdens het samenvoegen is een sessie gewijzigd; er is niets veranderd. Probeer het opnieuw.",
                    "A session changed during the merge; nothing was changed. Please try again.",
                )
                .to_owned(),
        }
    }
}

impl From<TermError> for StoreError {
    fn from(e: TermError) -> Self {
        StoreError::Term(e)
    }
}

/// Checks a theme or challenge given as a document (`{id, name,
/// description?, sources?}`, from a form or the API) by the rules an import
/// applies to an entry of `themes`: the same reader, the same messages.
pub fn check_term(value: &serde_json::Value) -> Result<Term, TermError> {
    let wrapped = serde_json::json!({
        "format": uti_core::model::FORMAT,
        "themes": [value],
    });
    let bytes = serde_json::to_vec(&wrapped).map_err(|e| {
        TermError::Invalid(vec![FieldProblem {
            field: None,
            problem: Problem::Unreadable(e.to_string()),
        }])
    })?;
    match uti_core::file::parse("term", &bytes, uti_core::file::Syntax::Json) {
        Ok(mut dataset) => match dataset.themes.take().and_then(|mut t| t.pop()) {
            Some(term) => Ok(term),
            None => Err(TermError::Invalid(vec![FieldProblem {
                field: None,
                problem: Problem::EmptyList,
            }])),
        },
        Err(errors) => Err(TermError::Invalid(
            errors
                .errors
                .into_iter()
                .map(|e| {
                    let field = match &e.place {
                        // themes[0].KEY...
                        Place::Path(steps) => match steps.get(2) {
                            Some(Step::Key(k)) => Some(k.clone()),
                            _ => None,
                        },
                        _ => None,
                    };
                    FieldProblem {
                        field,
                        problem: e.problem,
                    }
                })
                .collect(),
        )),
    }
}

/// A session's chain references, read without the rest (to count the
/// chains that still name a term before it is deleted).
#[derive(Deserialize)]
struct SessionRefs {
    #[serde(default)]
    cimo: Option<Vec<ChainRefs>>,
}

#[derive(Deserialize)]
struct ChainRefs {
    #[serde(default)]
    themes: Option<Vec<String>>,
    #[serde(default)]
    challenges: Option<Vec<String>>,
}

impl ChainRefs {
    fn ids(&self, kind: TermKind) -> &[String] {
        match kind {
            TermKind::Theme => self.themes.as_deref().unwrap_or_default(),
            TermKind::Challenge => self.challenges.as_deref().unwrap_or_default(),
        }
    }
}

/// A `LIKE` pattern that every session doc naming `id` matches (ids are
/// slugs, so they hold no `%` or `_`); it only narrows what is parsed.
fn id_pattern(id: &str) -> String {
    format!("%\"{id}\"%")
}

/// Puts `into` where `from` was in a list of ids, keeping the order and
/// naming each id once; whether anything changed.
fn replace_reference(
    list: &mut Vec<uti_core::values::Slug>,
    from: &str,
    into: &uti_core::values::Slug,
) -> bool {
    if !list.iter().any(|s| s.as_str() == from) {
        return false;
    }
    let mut out: Vec<uti_core::values::Slug> = Vec::with_capacity(list.len());
    for s in list.drain(..) {
        let s = if s.as_str() == from { into.clone() } else { s };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    *list = out;
    true
}

fn corrupt(what: &str, e: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(format!("{what}: {e}"))
}

impl Store {
    /// Terms of the given kinds (or one term) with their versions, read in
    /// one snapshot. `uses` is left empty: the web server finds them in the
    /// dataset it holds in memory (`uti-web`'s `terms::usage`), which stays
    /// quick at any size, where reading every session here did not.
    async fn load_terms(
        &self,
        kinds: &[TermKind],
        only: Option<&str>,
    ) -> Result<Vec<StoredTerm>, StoreError> {
        let mut tx = self.begin_snapshot().await?;
        let mut terms = Vec::new();
        for &kind in kinds {
            let rows = match only {
                Some(id) => {
                    sqlx::query(
                        self.sql("SELECT id, doc, version FROM terms WHERE kind = ? AND id = ?"),
                    )
                    .bind(kind.as_str())
                    .bind(id)
                    .fetch_all(&mut *tx)
                    .await?
                }
                None => {
                    sqlx::query(self.sql(
                        "SELECT id, doc, version FROM terms WHERE kind = ? ORDER BY position, id",
                    ))
                    .bind(kind.as_str())
                    .fetch_all(&mut *tx)
                    .await?
                }
            };
            for row in rows {
                let id = text(&row, "id")?;
                let term: Term = serde_json::from_str(&text(&row, "doc")?)
                    .map_err(|e| corrupt(&format!("{kind} {id}"), e))?;
                terms.push(StoredTerm {
                    kind,
                    term,
                    version: row.try_get("version")?,
                    uses: Vec::new(),
                });
            }
        }
        tx.commit().await?;
        Ok(terms)
    }

    /// The terms of one kind in their stored order, each with its version
    /// (`uses` empty).
    pub async fn terms(&self, kind: TermKind) -> Result<Vec<StoredTerm>, StoreError> {
        self.load_terms(&[kind], None).await
    }

    /// Themes and challenges, as [`Store::terms`], in one snapshot.
    pub async fn term_lists(&self) -> Result<TermLists, StoreError> {
        let all = self
            .load_terms(&[TermKind::Theme, TermKind::Challenge], None)
            .await?;
        let (themes, challenges) = all.into_iter().partition(|t| t.kind == TermKind::Theme);
        Ok(TermLists { themes, challenges })
    }

    /// One term with its version (`uses` empty), if it exists.
    pub async fn term(&self, kind: TermKind, id: &str) -> Result<Option<StoredTerm>, StoreError> {
        Ok(self.load_terms(&[kind], Some(id)).await?.pop())
    }

    /// Adds a new term at the end of its list; refused when the input breaks
    /// the format's rules or the id exists. Returns its version.
    pub async fn create_term(
        &self,
        kind: TermKind,
        term: Term,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let term = check_term(&serde_json::to_value(&term).map_err(|e| corrupt("term", e))?)?;
        let id = term.id.to_string();
        let doc = serde_json::to_string(&term).map_err(|e| corrupt("term", e))?;
        let mut tx = self.begin_write().await?;
        let exists = sqlx::query(self.sql("SELECT 1 AS one FROM terms WHERE kind = ? AND id = ?"))
            .bind(kind.as_str())
            .bind(id.clone())
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
        if exists {
            tx.rollback().await?;
            return Err(TermError::Exists { kind, id }.into());
        }
        let position: i64 = sqlx::query(
            self.sql("SELECT COALESCE(MAX(position), -1) + 1 AS next FROM terms WHERE kind = ?"),
        )
        .bind(kind.as_str())
        .fetch_one(&mut *tx)
        .await?
        .try_get("next")?;
        let inserted = sqlx::query(self.sql(
            "INSERT INTO terms (kind, id, position, name, doc, version) VALUES (?, ?, ?, ?, ?, 1)",
        ))
        .bind(kind.as_str())
        .bind(id.clone())
        .bind(position)
        .bind(term.name.clone())
        .bind(doc.clone())
        .execute(&mut *tx)
        .await;
        if let Err(e) = inserted {
            // Another writer added the same id in the meantime (PostgreSQL).
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation())
            {
                return Err(TermError::Exists { kind, id }.into());
            }
            return Err(e.into());
        }
        let change = Change::new(Record::Term, Action::Created)
            .key(term_key(kind, &id))
            .docs(None, Some(doc));
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, crate::Scope::Dataset).await?;
        Ok(1)
    }

    /// Replaces a term's name, description and sources (its id stays), if
    /// it is still at `expected_version`; otherwise refuses with
    /// [`TermError::Stale`], naming what is stored now. Returns the new
    /// version.
    pub async fn update_term(
        &self,
        kind: TermKind,
        term: Term,
        expected_version: i64,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let term = check_term(&serde_json::to_value(&term).map_err(|e| corrupt("term", e))?)?;
        let id = term.id.to_string();
        let doc = serde_json::to_string(&term).map_err(|e| corrupt("term", e))?;
        let mut tx = self.begin_write().await?;
        let old = sqlx::query(
            self.sql("SELECT doc FROM terms WHERE kind = ? AND id = ? AND version = ?"),
        )
        .bind(kind.as_str())
        .bind(id.clone())
        .bind(expected_version)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| text(&r, "doc"))
        .transpose()?;
        let done = sqlx::query(self.sql(
            "UPDATE terms SET name = ?, doc = ?, version = version + 1 \
             WHERE kind = ? AND id = ? AND version = ?",
        ))
        .bind(term.name.clone())
        .bind(doc.clone())
        .bind(kind.as_str())
        .bind(id.clone())
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            let row =
                sqlx::query(self.sql("SELECT doc, version FROM terms WHERE kind = ? AND id = ?"))
                    .bind(kind.as_str())
                    .bind(id.clone())
                    .fetch_optional(&mut *tx)
                    .await?;
            tx.rollback().await?;
            return Err(match row {
                None => TermError::Unknown { kind, id },
                Some(row) => TermError::Stale {
                    kind,
                    current: serde_json::from_str(&text(&row, "doc")?)
                        .map_err(|e| corrupt(&format!("{kind} {id}"), e))?,
                    version: row.try_get("version")?,
                },
            }
            .into());
        }
        let change = Change::new(Record::Term, Action::Changed)
            .key(term_key(kind, &id))
            .docs(old, Some(doc));
        self.record(&mut tx, actor, vec![change]).await?;
        self.commit_change(tx, crate::Scope::Dataset).await?;
        Ok(expected_version + 1)
    }

    /// Merges `from` into `into` (both of `kind`) in one transaction: every
    /// chain that names `from` names `into` instead (once, in `from`'s place
    /// if it did not name `into` yet), each changed session gets a new
    /// version, `from`'s sources are added to `into`'s, and `from` is
    /// deleted. Refused for a term into itself and for unknown ids.
    pub async fn merge_terms(
        &self,
        kind: TermKind,
        from: &str,
        into: &str,
        actor: &Actor,
    ) -> Result<MergeSummary, StoreError> {
        if from == into {
            return Err(TermError::MergeIntoItself {
                kind,
                id: from.to_owned(),
            }
            .into());
        }
        let mut tx = self.begin_write().await?;
        let mut read = async |id: &str| -> Result<Option<(Term, i64, String)>, StoreError> {
            let row =
                sqlx::query(self.sql("SELECT doc, version FROM terms WHERE kind = ? AND id = ?"))
                    .bind(kind.as_str())
                    .bind(id.to_owned())
                    .fetch_optional(&mut *tx)
                    .await?;
            row.map(|row| {
                let doc = text(&row, "doc")?;
                let term: Term =
                    serde_json::from_str(&doc).map_err(|e| corrupt(&format!("{kind} {id}"), e))?;
                Ok((term, row.try_get::<i64, _>("version")?, doc))
            })
            .transpose()
        };
        let from_term = read(from).await?;
        let into_term = read(into).await?;
        let ((from_term, _, from_doc), (mut into_term, into_version, into_doc)) =
            match (from_term, into_term) {
                (Some(f), Some(i)) => (f, i),
                (f, _) => {
                    tx.rollback().await?;
                    let missing = if f.is_none() { from } else { into };
                    return Err(TermError::Unknown {
                        kind,
                        id: missing.to_owned(),
                    }
                    .into());
                }
            };

        // The remaining term first: on PostgreSQL this also locks its row.
        let mut sources = into_term.sources.take().unwrap_or_default();
        for s in from_term.sources.iter().flatten() {
            if !sources.contains(s) {
                sources.push(s.clone());
            }
        }
        into_term.sources = (!sources.is_empty()).then_some(sources);
        let doc = serde_json::to_string(&into_term).map_err(|e| corrupt("term", e))?;
        let mut changes = vec![
            Change::new(Record::Term, Action::Merged)
                .key(term_key(kind, from))
                .docs(Some(from_doc), Some(doc.clone())),
            Change::new(Record::Term, Action::Changed)
                .key(term_key(kind, into))
                .docs(Some(into_doc), Some(doc.clone())),
        ];
        sqlx::query(
            self.sql("UPDATE terms SET doc = ?, version = version + 1 WHERE kind = ? AND id = ?"),
        )
        .bind(doc)
        .bind(kind.as_str())
        .bind(into.to_owned())
        .execute(&mut *tx)
        .await?;

        // Every session that names `from`.
        let rows = sqlx::query(self.sql(
            "SELECT id, uid, initiative_id, doc, version FROM sessions WHERE doc LIKE ? ORDER BY id",
        ))
        .bind(id_pattern(from))
        .fetch_all(&mut *tx)
        .await?;
        let mut chains = 0;
        let mut sessions = 0;
        for row in rows {
            let row_id: i64 = row.try_get("id")?;
            let version: i64 = row.try_get("version")?;
            let owner = text(&row, "initiative_id")?;
            let old_doc = text(&row, "doc")?;
            let mut session: Session = serde_json::from_str(&old_doc)
                .map_err(|e| corrupt(&format!("session of {owner}"), e))?;
            let mut changed = 0;
            for chain in session.cimo.iter_mut().flatten() {
                let list = match kind {
                    TermKind::Theme => &mut chain.themes,
                    TermKind::Challenge => &mut chain.challenges,
                };
                if let Some(list) = list
                    && replace_reference(list, from, &into_term.id)
                {
                    changed += 1;
                }
            }
            if changed == 0 {
                continue;
            }
            let doc = serde_json::to_string(&session).map_err(|e| corrupt("session", e))?;
            let done = sqlx::query(self.sql(
                "UPDATE sessions SET doc = ?, version = version + 1 WHERE id = ? AND version = ?",
            ))
            .bind(doc.clone())
            .bind(row_id)
            .bind(version)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                tx.rollback().await?;
                return Err(TermError::Busy.into());
            }
            changes.push(
                Change::new(Record::Session, Action::Changed)
                    .initiative(&owner)
                    .session(&text(&row, "uid")?)
                    .docs(Some(old_doc), Some(doc)),
            );
            chains += changed;
            sessions += 1;
        }

        // The agenda's activities that name it.
        self.rewrite_activity_terms(&mut tx, kind, from, Some(&into_term.id), &mut changes)
            .await?;

        sqlx::query(self.sql("DELETE FROM terms WHERE kind = ? AND id = ?"))
            .bind(kind.as_str())
            .bind(from.to_owned())
            .execute(&mut *tx)
            .await?;
        self.record(&mut tx, actor, changes).await?;
        self.commit_change(tx, crate::Scope::Dataset).await?;
        Ok(MergeSummary {
            chains,
            sessions,
            into: into_term,
            version: into_version + 1,
        })
    }

    /// Deletes a term that no chain names; refused for an unknown id or a
    /// term in use (merge it instead).
    pub async fn delete_term(
        &self,
        kind: TermKind,
        id: &str,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let old = sqlx::query(self.sql("SELECT doc FROM terms WHERE kind = ? AND id = ?"))
            .bind(kind.as_str())
            .bind(id.to_owned())
            .fetch_optional(&mut *tx)
            .await?
            .map(|r| text(&r, "doc"))
            .transpose()?;
        let Some(old) = old else {
            tx.rollback().await?;
            return Err(TermError::Unknown {
                kind,
                id: id.to_owned(),
            }
            .into());
        };
        let mut chains = 0;
        for row in sqlx::query(self.sql("SELECT initiative_id, doc FROM sessions WHERE doc LIKE ?"))
            .bind(id_pattern(id))
            .fetch_all(&mut *tx)
            .await?
        {
            let owner = text(&row, "initiative_id")?;
            let session: SessionRefs = serde_json::from_str(&text(&row, "doc")?)
                .map_err(|e| corrupt(&format!("session of {owner}"), e))?;
            chains += session
                .cimo
                .iter()
                .flatten()
                .filter(|c| c.ids(kind).iter().any(|x| x == id))
                .count();
        }
        if chains > 0 {
            tx.rollback().await?;
            return Err(TermError::InUse {
                kind,
                id: id.to_owned(),
                chains,
            }
            .into());
        }
        sqlx::query(self.sql("DELETE FROM terms WHERE kind = ? AND id = ?"))
            .bind(kind.as_str())
            .bind(id.to_owned())
            .execute(&mut *tx)
            .await?;
        let mut changes = vec![
            Change::new(Record::Term, Action::Deleted)
                .key(term_key(kind, id))
                .docs(Some(old), None),
        ];
        // An activity of the agenda that names it no longer does (recorded).
        self.rewrite_activity_terms(&mut tx, kind, id, None, &mut changes)
            .await?;
        self.record(&mut tx, actor, changes).await?;
        self.commit_change(tx, crate::Scope::Dataset).await?;
        Ok(())
    }
}

/// A term's key in the history: `theme/ID` or `challenge/ID`.
fn term_key(kind: TermKind, id: &str) -> String {
    format!("{}/{id}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uti_core::values::Slug;

    fn slugs(ids: &[&str]) -> Vec<Slug> {
        ids.iter().map(|s| Slug::parse(s).unwrap()).collect()
    }

    #[test]
    fn a_reference_is_replaced_in_place_and_named_once() {
        let into = Slug::parse("b").unwrap();
        let mut list = slugs(&["x", "a", "y"]);
        assert!(replace_reference(&mut list, "a", &into));
        assert_eq!(list, slugs(&["x", "b", "y"]));
        let mut list = slugs(&["a", "x", "b"]);
        assert!(replace_reference(&mut list, "a", &into));
        assert_eq!(list, slugs(&["b", "x"]));
        let mut list = slugs(&["b", "a"]);
        assert!(replace_reference(&mut list, "a", &into));
        assert_eq!(list, slugs(&["b"]));
        let mut list = slugs(&["x"]);
        assert!(!replace_reference(&mut list, "a", &into));
    }

    #[test]
    fn input_is_checked_like_an_import() {
        let ok = check_term(&serde_json::json!({"id": "nieuw", "name": "Nieuw"})).unwrap();
        assert_eq!(ok.id.as_str(), "nieuw");
        let TermError::Invalid(problems) =
            check_term(&serde_json::json!({"id": "Niet Goed", "name": " ", "naam": 1}))
                .unwrap_err()
        else {
            panic!("not invalid")
        };
        let fields: Vec<Option<&str>> = problems.iter().map(|p| p.field.as_deref()).collect();
        assert!(fields.contains(&Some("id")), "{problems:?}");
        assert!(fields.contains(&Some("name")), "{problems:?}");
        assert!(fields.contains(&Some("naam")), "{problems:?}");
        let err = check_term(&serde_json::json!("tekst")).unwrap_err();
        assert!(matches!(err, TermError::Invalid(p) if p[0].field.is_none()));
    }
}
