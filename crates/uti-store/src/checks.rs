//! The fact-check round: portraits put to their initiatives, what the
//! contacts say about them (comments, suggestions, an answer), what the
//! researchers do with it, and the personal links of contacts without an
//! account. Nothing here changes the dataset: accepting a suggestion is an
//! ordinary guarded edit made by the caller, then recorded here.
//!
//! Every portrait in a round keeps the data it was sent with
//! ([`Check::data`], see [`crate::publications::portrait_data`]) and its
//! fingerprint, so that every comment and answer stays attached to the
//! version it was made on.

use crate::secrets::{digest, random_hex};
use crate::{Store, StoreError, text};
use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Where a portrait stands on its way to publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Not (yet) put to the initiative.
    Concept,
    /// Put to the initiative; no answer yet.
    TerCheck,
    /// The initiative responded (a comment, a suggestion, or "changes needed").
    ReactieOntvangen,
    /// The initiative agreed (with or without changes).
    Akkoord,
    /// Published.
    Gepubliceerd,
}

impl Status {
    /// Every status, in the order of the way.
    pub const ALL: [Status; 5] = [
        Status::Concept,
        Status::TerCheck,
        Status::ReactieOntvangen,
        Status::Akkoord,
        Status::Gepubliceerd,
    ];

    /// The word in the database and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Concept => "concept",
            Status::TerCheck => "ter_check",
            Status::ReactieOntvangen => "reactie_ontvangen",
            Status::Akkoord => "akkoord",
            Status::Gepubliceerd => "gepubliceerd",
        }
    }

    /// Reads [`Status::as_str`].
    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// The status for people.
    pub fn label(self, lang: uti_core::Lang) -> &'static str {
        match self {
            Status::Concept => "concept",
            Status::TerCheck => lang.pick("ter check", "out for checking"),
            Status::ReactieOntvangen => lang.pick("reactie ontvangen", "response received"),
            Status::Akkoord => lang.pick("akkoord", "approved"),
            Status::Gepubliceerd => lang.pick("gepubliceerd", "published"),
        }
    }
}

/// The contact's answer on a portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Correct as it is.
    Akkoord,
    /// Correct once the suggested changes are made.
    AkkoordMetWijzigingen,
    /// Not correct yet.
    WijzigingenNodig,
}

impl Verdict {
    /// Every answer.
    pub const ALL: [Verdict; 3] = [
        Verdict::Akkoord,
        Verdict::AkkoordMetWijzigingen,
        Verdict::WijzigingenNodig,
    ];

    /// The word in the database, forms and the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Akkoord => "akkoord",
            Verdict::AkkoordMetWijzigingen => "akkoord_met_wijzigingen",
            Verdict::WijzigingenNodig => "wijzigingen_nodig",
        }
    }

    /// Reads [`Verdict::as_str`].
    pub fn parse(text: &str) -> Option<Verdict> {
        Verdict::ALL.into_iter().find(|v| v.as_str() == text)
    }

    /// The answer for people.
    pub fn label(self, lang: uti_core::Lang) -> &'static str {
        match self {
            Verdict::Akkoord => lang.pick("akkoord", "approved"),
            Verdict::AkkoordMetWijzigingen => {
                lang.pick("akkoord met wijzigingen", "approved with changes")
            }
            Verdict::WijzigingenNodig => lang.pick("wijzigingen nodig", "changes needed"),
        }
    }

    /// Whether the answer approves the portrait.
    pub fn approves(self) -> bool {
        self != Verdict::WijzigingenNodig
    }
}

/// A round of checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Round {
    /// 1, 2, 3...
    pub id: i64,
    /// What the researcher called it.
    pub title: String,
    /// The message to the initiatives.
    pub message: String,
    /// The closing date (YYYY-MM-DD).
    pub closes_on: String,
    /// The report version whose portraits were sent, if that is how it began.
    pub report_version: Option<i64>,
    /// Who started it.
    pub created_by: String,
    /// When (seconds since 1970).
    pub created_at: i64,
}

/// One portrait in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// 1, 2, 3...
    pub id: i64,
    /// Its round.
    pub round_id: i64,
    /// Whose portrait.
    pub initiative_id: String,
    /// Where it stands.
    pub status: Status,
    /// The portrait's data as last sent (a dataset holding that initiative).
    #[serde(skip)]
    pub data: String,
    /// The SHA-256 of `data`.
    pub fingerprint: String,
    /// How many versions were sent (1 at first).
    pub sent_count: i64,
    /// Who sent the last one.
    pub sent_by: String,
    /// When.
    pub sent_at: i64,
    /// The contact's answer, if any.
    pub verdict: Option<Verdict>,
    /// Their closing remark.
    pub verdict_remark: Option<String>,
    /// Who answered (a login name, or the personal link).
    pub verdict_by: Option<String>,
    /// When.
    pub verdict_at: Option<i64>,
    /// The fingerprint of the version the answer holds for.
    pub verdict_fingerprint: Option<String>,
    /// When a researcher first acted on the responses (after that the
    /// contact's answer is fixed until a new version is sent).
    pub handled_at: Option<i64>,
    /// When a reminder was last sent.
    pub reminded_at: Option<i64>,
    /// Raised by every change; guards the researcher's actions.
    pub version: i64,
}

/// What kind of note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    /// A comment on a section.
    Comment,
    /// An answer in a comment's thread.
    Reply,
    /// A replacement text for one text of the portrait.
    Suggestion,
}

impl NoteKind {
    fn as_str(self) -> &'static str {
        match self {
            NoteKind::Comment => "comment",
            NoteKind::Reply => "reply",
            NoteKind::Suggestion => "suggestion",
        }
    }

    fn parse(text: &str) -> NoteKind {
        match text {
            "reply" => NoteKind::Reply,
            "suggestion" => NoteKind::Suggestion,
            _ => NoteKind::Comment,
        }
    }
}

/// Who wrote a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The initiative's contact (logged in or through the personal link).
    Contact,
    /// A researcher.
    Researcher,
}

impl Side {
    fn as_str(self) -> &'static str {
        match self {
            Side::Contact => "contact",
            Side::Researcher => "researcher",
        }
    }
}

/// What became of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionState {
    /// Not decided yet.
    Open,
    /// Taken over into the data.
    Accepted,
    /// Not taken over, with a reason.
    Rejected,
}

impl SuggestionState {
    fn as_str(self) -> &'static str {
        match self {
            SuggestionState::Open => "open",
            SuggestionState::Accepted => "accepted",
            SuggestionState::Rejected => "rejected",
        }
    }

    fn parse(text: &str) -> SuggestionState {
        match text {
            "accepted" => SuggestionState::Accepted,
            "rejected" => SuggestionState::Rejected,
            _ => SuggestionState::Open,
        }
    }
}

/// A comment, reply or suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    /// 1, 2, 3...
    pub id: i64,
    /// Its check.
    pub check_id: i64,
    /// The portrait section (a heading's anchor) it is about.
    pub section: String,
    /// Comment, reply or suggestion.
    pub kind: NoteKind,
    /// For a reply: the comment it answers.
    pub parent_id: Option<i64>,
    /// Contact or researcher.
    pub side: Side,
    /// Who (a login name, or the personal link's wording).
    pub author: String,
    /// The text (for a suggestion: its explanation, may be empty).
    pub body: String,
    /// For a suggestion: which text it replaces (see the web's targets).
    pub target: Option<String>,
    /// The text it would replace, as it was then.
    pub original: Option<String>,
    /// The proposed text.
    pub proposed: Option<String>,
    /// The version of the portrait it was made on.
    pub fingerprint: String,
    /// For a suggestion: open, accepted or rejected.
    pub state: Option<SuggestionState>,
    /// Who decided.
    pub decided_by: Option<String>,
    /// When.
    pub decided_at: Option<i64>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// When it was written.
    pub created_at: i64,
}

/// A note to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    /// The section.
    pub section: String,
    /// Comment, reply or suggestion.
    pub kind: NoteKind,
    /// For a reply: the comment it answers.
    pub parent_id: Option<i64>,
    /// Who writes it.
    pub side: Side,
    /// Their name.
    pub author: String,
    /// The text.
    pub body: String,
    /// For a suggestion: the target, the text it replaces, the proposal.
    pub suggestion: Option<(String, String, String)>,
}

/// One step in a check's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// When.
    pub at: i64,
    /// Who.
    pub actor: String,
    /// The status after it.
    pub status: Status,
    /// What happened, as a code: `sent`, `resent`, `note`, `verdict`,
    /// `accepted`, `rejected`, `reply`, `confirmed`, `reminded`,
    /// `published`, `withdrawn`, `link`, `revoked`.
    pub what: String,
}

/// A personal link, without its secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The token's first characters.
    pub hint: String,
    /// Who made it.
    pub created_by: String,
    /// When.
    pub created_at: i64,
    /// When it stops working.
    pub expires_at: i64,
    /// When it was revoked, if it was.
    pub revoked_at: Option<i64>,
}

/// Why an action on a check was not done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No such check, note or link.
    NotFound,
    /// The check changed since the caller read it.
    Stale,
    /// A researcher already acted: the answer stands until a new version.
    Handled,
    /// The suggestion was already decided.
    Decided,
}

/// A portrait to put in a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Portrait {
    /// The initiative.
    pub initiative_id: String,
    /// Its data (see [`crate::publications::portrait_data`]).
    pub data: String,
    /// Its fingerprint.
    pub fingerprint: String,
}

/// A round to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRound {
    /// Its title.
    pub title: String,
    /// The message.
    pub message: String,
    /// The closing date.
    pub closes_on: String,
    /// The report version it is for, if any.
    pub report_version: Option<i64>,
    /// Who starts it.
    pub by: String,
}

const CHECK_COLUMNS: &str = "id, round_id, initiative_id, status, data, fingerprint, sent_count, sent_by, sent_at, verdict, verdict_remark, verdict_by, verdict_at, verdict_fingerprint, handled_at, reminded_at, version";
/// The same without the portrait's data, for lists.
const CHECK_LIST_COLUMNS: &str = "id, round_id, initiative_id, status, '' AS data, fingerprint, sent_count, sent_by, sent_at, verdict, verdict_remark, verdict_by, verdict_at, verdict_fingerprint, handled_at, reminded_at, version";
const NOTE_COLUMNS: &str = "id, check_id, section, kind, parent_id, author_kind, author, body, target, original, proposed, fingerprint, state, decided_by, decided_at, reason, created_at";
const ROUND_COLUMNS: &str = "id, title, message, closes_on, report_version, created_by, created_at";

fn opt_text(row: &AnyRow, column: &str) -> Result<Option<String>, StoreError> {
    Ok(row.try_get::<Option<String>, _>(column)?)
}

fn opt_int(row: &AnyRow, column: &str) -> Result<Option<i64>, StoreError> {
    Ok(row.try_get::<Option<i64>, _>(column)?)
}

fn round_row(row: &AnyRow) -> Result<Round, StoreError> {
    Ok(Round {
        id: row.try_get("id")?,
        title: text(row, "title")?,
        message: text(row, "message")?,
        closes_on: text(row, "closes_on")?,
        report_version: opt_int(row, "report_version")?,
        created_by: text(row, "created_by")?,
        created_at: row.try_get("created_at")?,
    })
}

fn check_row(row: &AnyRow) -> Result<Check, StoreError> {
    let status = text(row, "status")?;
    Ok(Check {
        id: row.try_get("id")?,
        round_id: row.try_get("round_id")?,
        initiative_id: text(row, "initiative_id")?,
        status: Status::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown check status {status}")))?,
        data: text(row, "data")?,
        fingerprint: text(row, "fingerprint")?,
        sent_count: row.try_get("sent_count")?,
        sent_by: text(row, "sent_by")?,
        sent_at: row.try_get("sent_at")?,
        verdict: opt_text(row, "verdict")?
            .as_deref()
            .and_then(Verdict::parse),
        verdict_remark: opt_text(row, "verdict_remark")?,
        verdict_by: opt_text(row, "verdict_by")?,
        verdict_at: opt_int(row, "verdict_at")?,
        verdict_fingerprint: opt_text(row, "verdict_fingerprint")?,
        handled_at: opt_int(row, "handled_at")?,
        reminded_at: opt_int(row, "reminded_at")?,
        version: row.try_get("version")?,
    })
}

fn note_row(row: &AnyRow) -> Result<Note, StoreError> {
    Ok(Note {
        id: row.try_get("id")?,
        check_id: row.try_get("check_id")?,
        section: text(row, "section")?,
        kind: NoteKind::parse(&text(row, "kind")?),
        parent_id: opt_int(row, "parent_id")?,
        side: if text(row, "author_kind")? == "researcher" {
            Side::Researcher
        } else {
            Side::Contact
        },
        author: text(row, "author")?,
        body: text(row, "body")?,
        target: opt_text(row, "target")?,
        original: opt_text(row, "original")?,
        proposed: opt_text(row, "proposed")?,
        fingerprint: text(row, "fingerprint")?,
        state: opt_text(row, "state")?
            .as_deref()
            .map(SuggestionState::parse),
        decided_by: opt_text(row, "decided_by")?,
        decided_at: opt_int(row, "decided_at")?,
        reason: opt_text(row, "reason")?,
        created_at: row.try_get("created_at")?,
    })
}

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// How long a personal link works unless said otherwise: 30 days.
pub const LINK_DAYS: i64 = 30;

impl Store {
    async fn next_id(&self, tx: &mut Tx, table: &'static str) -> Result<i64, StoreError> {
        let query = format!("SELECT COALESCE(MAX(id), 0) + 1 AS n FROM {table}");
        Ok(sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_one(&mut **tx)
            .await?
            .try_get("n")?)
    }

    async fn event(
        &self,
        tx: &mut Tx,
        check: i64,
        actor: &str,
        status: Status,
        what: &str,
    ) -> Result<(), StoreError> {
        let id = self.next_id(tx, "check_events").await?;
        sqlx::query(self.sql(
            "INSERT INTO check_events (id, check_id, at, actor, status, what) VALUES (?, ?, ?, ?, ?, ?)",
        ))
        .bind(id)
        .bind(check)
        .bind(crate::accounts::now())
        .bind(actor)
        .bind(status.as_str())
        .bind(what)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Starts a round with these portraits, all in one transaction; gives
    /// the round's id and the checks' ids in the portraits' order.
    pub async fn start_round(
        &self,
        round: &NewRound,
        portraits: &[Portrait],
    ) -> Result<(i64, Vec<i64>), StoreError> {
        let now = crate::accounts::now();
        let mut tx = self.begin_write().await?;
        let id = self.next_id(&mut tx, "check_rounds").await?;
        sqlx::query(self.sql(
            "INSERT INTO check_rounds (id, title, message, closes_on, report_version, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        ))
        .bind(id)
        .bind(round.title.clone())
        .bind(round.message.clone())
        .bind(round.closes_on.clone())
        .bind(round.report_version)
        .bind(round.by.clone())
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let first = self.next_id(&mut tx, "checks").await?;
        let first_event = self.next_id(&mut tx, "check_events").await?;
        let mut ids = Vec::with_capacity(portraits.len());
        // Multi-row inserts, a few hundred rows at a time.
        for (n, chunk) in portraits.chunks(200).enumerate() {
            let mut checks = String::from(
                "INSERT INTO checks (id, round_id, initiative_id, status, data, fingerprint, sent_count, sent_by, sent_at, version) VALUES ",
            );
            let mut events = String::from(
                "INSERT INTO check_events (id, check_id, at, actor, status, what) VALUES ",
            );
            for i in 0..chunk.len() {
                let sep = if i == 0 { "" } else { ", " };
                checks.push_str(sep);
                checks.push_str("(?, ?, ?, ?, ?, ?, 1, ?, ?, 1)");
                events.push_str(sep);
                events.push_str("(?, ?, ?, ?, ?, ?)");
            }
            let mut q = sqlx::query(self.sql(&checks));
            let mut e = sqlx::query(self.sql(&events));
            for (i, p) in chunk.iter().enumerate() {
                let check = first + (n * 200 + i) as i64;
                ids.push(check);
                q = q
                    .bind(check)
                    .bind(id)
                    .bind(p.initiative_id.clone())
                    .bind(Status::TerCheck.as_str())
                    .bind(p.data.clone())
                    .bind(p.fingerprint.clone())
                    .bind(round.by.clone())
                    .bind(now);
                e = e
                    .bind(first_event + (n * 200 + i) as i64)
                    .bind(check)
                    .bind(now)
                    .bind(round.by.clone())
                    .bind(Status::TerCheck.as_str())
                    .bind("sent");
            }
            q.execute(&mut *tx).await?;
            e.execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok((id, ids))
    }

    /// Every round, newest first.
    pub async fn rounds(&self) -> Result<Vec<Round>, StoreError> {
        let query = format!("SELECT {ROUND_COLUMNS} FROM check_rounds ORDER BY id DESC");
        sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(round_row)
            .collect()
    }

    /// One round.
    pub async fn round(&self, id: i64) -> Result<Option<Round>, StoreError> {
        let query = format!("SELECT {ROUND_COLUMNS} FROM check_rounds WHERE id = ?");
        sqlx::query(self.sql(&query))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(round_row)
            .transpose()
    }

    /// The checks of a round, in the order they were sent, without their
    /// data ([`Check::data`] is empty): `limit` of them from `offset`.
    pub async fn round_checks(
        &self,
        round: i64,
        offset: i64,
        limit: i64,
    ) -> Result<Vec<Check>, StoreError> {
        let query = format!(
            "SELECT {CHECK_LIST_COLUMNS} FROM checks WHERE round_id = ? ORDER BY id LIMIT ? OFFSET ?"
        );
        sqlx::query(self.sql(&query))
            .bind(round)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(check_row)
            .collect()
    }

    /// A round's checks counted: all, still waiting for an answer, and
    /// approved on the version sent.
    pub async fn round_tally(&self, round: i64) -> Result<(i64, i64, i64), StoreError> {
        let row = sqlx::query(self.sql(
            "SELECT COUNT(*) AS total, \
             COALESCE(SUM(CASE WHEN verdict IS NULL AND status <> 'gepubliceerd' THEN 1 ELSE 0 END), 0) AS waiting, \
             COALESCE(SUM(CASE WHEN status = 'akkoord' AND verdict_fingerprint = fingerprint THEN 1 ELSE 0 END), 0) AS approved \
             FROM checks WHERE round_id = ?",
        ))
        .bind(round)
        .fetch_one(&self.pool)
        .await?;
        Ok((
            row.try_get("total")?,
            row.try_get("waiting")?,
            row.try_get("approved")?,
        ))
    }

    /// The number of checks per round and status: (round, status, count).
    pub async fn round_counts(&self) -> Result<Vec<(i64, Status, i64)>, StoreError> {
        let rows = sqlx::query(
            "SELECT round_id, status, COUNT(*) AS n FROM checks GROUP BY round_id, status",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let status = text(r, "status")?;
                Ok((
                    r.try_get("round_id")?,
                    Status::parse(&status).unwrap_or(Status::TerCheck),
                    r.try_get("n")?,
                ))
            })
            .collect()
    }

    /// One check.
    pub async fn check(&self, id: i64) -> Result<Option<Check>, StoreError> {
        let query = format!("SELECT {CHECK_COLUMNS} FROM checks WHERE id = ?");
        sqlx::query(self.sql(&query))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(check_row)
            .transpose()
    }

    /// The checks of these initiatives, newest first (a contact's inbox).
    pub async fn checks_of(&self, initiatives: &[String]) -> Result<Vec<Check>, StoreError> {
        let mut out = Vec::new();
        for id in initiatives {
            let query = format!(
                "SELECT {CHECK_LIST_COLUMNS} FROM checks WHERE initiative_id = ? ORDER BY id DESC"
            );
            for row in sqlx::query(self.sql(&query))
                .bind(id.clone())
                .fetch_all(&self.pool)
                .await?
            {
                out.push(check_row(&row)?);
            }
        }
        out.sort_by_key(|c| std::cmp::Reverse(c.id));
        Ok(out)
    }

    /// The latest check of an initiative, if it was ever put to it.
    pub async fn latest_check(&self, initiative: &str) -> Result<Option<Check>, StoreError> {
        let query = format!(
            "SELECT {CHECK_COLUMNS} FROM checks WHERE initiative_id = ? ORDER BY id DESC LIMIT 1"
        );
        sqlx::query(self.sql(&query))
            .bind(initiative)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(check_row)
            .transpose()
    }

    /// The latest check of every initiative that has one.
    pub async fn latest_checks(
        &self,
    ) -> Result<std::collections::HashMap<String, Check>, StoreError> {
        let query = format!(
            "SELECT {CHECK_LIST_COLUMNS} FROM checks WHERE id IN (SELECT MAX(id) FROM checks GROUP BY initiative_id)"
        );
        let mut out = std::collections::HashMap::new();
        for row in sqlx::query(sqlx::AssertSqlSafe(query))
            .fetch_all(&self.pool)
            .await?
        {
            let c = check_row(&row)?;
            out.insert(c.initiative_id.clone(), c);
        }
        Ok(out)
    }

    /// The notes of a check, oldest first.
    pub async fn notes(&self, check: i64) -> Result<Vec<Note>, StoreError> {
        let query =
            format!("SELECT {NOTE_COLUMNS} FROM check_notes WHERE check_id = ? ORDER BY id");
        sqlx::query(self.sql(&query))
            .bind(check)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(note_row)
            .collect()
    }

    /// One note.
    pub async fn note(&self, id: i64) -> Result<Option<Note>, StoreError> {
        let query = format!("SELECT {NOTE_COLUMNS} FROM check_notes WHERE id = ?");
        sqlx::query(self.sql(&query))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .as_ref()
            .map(note_row)
            .transpose()
    }

    /// The history of a check, oldest first.
    pub async fn check_events(&self, check: i64) -> Result<Vec<Event>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT at, actor, status, what FROM check_events WHERE check_id = ? ORDER BY id",
        ))
        .bind(check)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Event {
                    at: r.try_get("at")?,
                    actor: text(r, "actor")?,
                    status: Status::parse(&text(r, "status")?).unwrap_or(Status::TerCheck),
                    what: text(r, "what")?,
                })
            })
            .collect()
    }

    async fn locked_check(&self, tx: &mut Tx, id: i64) -> Result<Option<Check>, StoreError> {
        let query = format!("SELECT {CHECK_COLUMNS} FROM checks WHERE id = ?");
        sqlx::query(self.sql(&query))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?
            .as_ref()
            .map(check_row)
            .transpose()
    }

    async fn set_status(
        &self,
        tx: &mut Tx,
        check: &Check,
        status: Status,
        handled: bool,
    ) -> Result<(), StoreError> {
        sqlx::query(self.sql(
            "UPDATE checks SET status = ?, handled_at = COALESCE(handled_at, ?), version = version + 1 WHERE id = ?",
        ))
        .bind(status.as_str())
        .bind(if handled { Some(crate::accounts::now()) } else { None })
        .bind(check.id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    }

    /// Adds a comment, reply or suggestion on the version last sent. A
    /// contact's note moves a check that waits for an answer to
    /// *reactie ontvangen*; a researcher's reply counts as acting on it.
    pub async fn add_note(
        &self,
        check: i64,
        note: &NewNote,
    ) -> Result<Result<i64, Refused>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(c) = self.locked_check(&mut tx, check).await? else {
            tx.rollback().await?;
            return Ok(Err(Refused::NotFound));
        };
        let id = self.next_id(&mut tx, "check_notes").await?;
        let (target, original, proposed) = match &note.suggestion {
            Some((t, o, p)) => (Some(t.clone()), Some(o.clone()), Some(p.clone())),
            None => (None, None, None),
        };
        sqlx::query(self.sql(
            "INSERT INTO check_notes (id, check_id, section, kind, parent_id, author_kind, author, body, target, original, proposed, fingerprint, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ))
        .bind(id)
        .bind(check)
        .bind(note.section.clone())
        .bind(note.kind.as_str())
        .bind(note.parent_id)
        .bind(note.side.as_str())
        .bind(note.author.clone())
        .bind(note.body.clone())
        .bind(target)
        .bind(original)
        .bind(proposed)
        .bind(c.fingerprint.clone())
        .bind((note.kind == NoteKind::Suggestion).then_some(SuggestionState::Open.as_str()))
        .bind(crate::accounts::now())
        .execute(&mut *tx)
        .await?;
        let status = match (note.side, c.status) {
            (Side::Contact, Status::TerCheck) => Status::ReactieOntvangen,
            (_, s) => s,
        };
        self.set_status(&mut tx, &c, status, note.side == Side::Researcher)
            .await?;
        let what = if note.side == Side::Researcher {
            "reply"
        } else {
            "note"
        };
        self.event(&mut tx, check, &note.author, status, what)
            .await?;
        tx.commit().await?;
        Ok(Ok(id))
    }

    /// The contact's answer on the version last sent; refused once a
    /// researcher acted on the responses ([`Refused::Handled`]).
    pub async fn set_verdict(
        &self,
        check: i64,
        verdict: Verdict,
        remark: &str,
        by: &str,
    ) -> Result<Result<Status, Refused>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(c) = self.locked_check(&mut tx, check).await? else {
            tx.rollback().await?;
            return Ok(Err(Refused::NotFound));
        };
        if c.handled_at.is_some() || c.status == Status::Gepubliceerd {
            tx.rollback().await?;
            return Ok(Err(Refused::Handled));
        }
        let status = if verdict.approves() {
            Status::Akkoord
        } else {
            Status::ReactieOntvangen
        };
        sqlx::query(self.sql(
            "UPDATE checks SET verdict = ?, verdict_remark = ?, verdict_by = ?, verdict_at = ?, verdict_fingerprint = fingerprint, status = ?, version = version + 1 WHERE id = ?",
        ))
        .bind(verdict.as_str())
        .bind(Some(remark.to_owned()).filter(|r| !r.trim().is_empty()))
        .bind(by)
        .bind(crate::accounts::now())
        .bind(status.as_str())
        .bind(check)
        .execute(&mut *tx)
        .await?;
        self.event(&mut tx, check, by, status, "verdict").await?;
        tx.commit().await?;
        Ok(Ok(status))
    }

    /// Records the researcher's decision on a suggestion (accepting it
    /// changes the data; that edit is the caller's, made before).
    pub async fn decide_suggestion(
        &self,
        note: i64,
        accepted: bool,
        reason: &str,
        by: &str,
    ) -> Result<Result<(), Refused>, StoreError> {
        let mut tx = self.begin_write().await?;
        let query = format!("SELECT {NOTE_COLUMNS} FROM check_notes WHERE id = ?");
        let Some(n) = sqlx::query(self.sql(&query))
            .bind(note)
            .fetch_optional(&mut *tx)
            .await?
            .as_ref()
            .map(note_row)
            .transpose()?
        else {
            tx.rollback().await?;
            return Ok(Err(Refused::NotFound));
        };
        if n.kind != NoteKind::Suggestion {
            tx.rollback().await?;
            return Ok(Err(Refused::NotFound));
        }
        if n.state != Some(SuggestionState::Open) {
            tx.rollback().await?;
            return Ok(Err(Refused::Decided));
        }
        let state = if accepted {
            SuggestionState::Accepted
        } else {
            SuggestionState::Rejected
        };
        sqlx::query(self.sql(
            "UPDATE check_notes SET state = ?, decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
        ))
        .bind(state.as_str())
        .bind(by)
        .bind(crate::accounts::now())
        .bind(Some(reason.to_owned()).filter(|r| !r.trim().is_empty()))
        .bind(note)
        .execute(&mut *tx)
        .await?;
        let c = self
            .locked_check(&mut tx, n.check_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt("a note without its check".into()))?;
        self.set_status(&mut tx, &c, c.status, true).await?;
        self.event(
            &mut tx,
            c.id,
            by,
            c.status,
            if accepted { "accepted" } else { "rejected" },
        )
        .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Puts a new version of the portrait to the contact: the answer is
    /// cleared (the earlier one stays in the history and on its notes)
    /// and the contact may answer again. Guarded by the check's version.
    pub async fn resend(
        &self,
        check: i64,
        portrait: &Portrait,
        expected_version: i64,
        by: &str,
    ) -> Result<Result<(), Refused>, StoreError> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(self.sql(
            "UPDATE checks SET data = ?, fingerprint = ?, sent_count = sent_count + 1, sent_by = ?, sent_at = ?, status = ?, verdict = NULL, verdict_remark = NULL, verdict_by = NULL, verdict_at = NULL, verdict_fingerprint = NULL, handled_at = NULL, version = version + 1 WHERE id = ? AND version = ?",
        ))
        .bind(portrait.data.clone())
        .bind(portrait.fingerprint.clone())
        .bind(by)
        .bind(crate::accounts::now())
        .bind(Status::TerCheck.as_str())
        .bind(check)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 0 {
            let exists = self.locked_check(&mut tx, check).await?.is_some();
            tx.rollback().await?;
            return Ok(Err(if exists {
                Refused::Stale
            } else {
                Refused::NotFound
            }));
        }
        self.event(&mut tx, check, by, Status::TerCheck, "resent")
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// The researcher decides that an approval given on an earlier version
    /// holds for the current one (`fingerprint`).
    pub async fn confirm_approval(
        &self,
        check: i64,
        fingerprint: &str,
        by: &str,
    ) -> Result<Result<(), Refused>, StoreError> {
        let mut tx = self.begin_write().await?;
        let Some(c) = self.locked_check(&mut tx, check).await? else {
            tx.rollback().await?;
            return Ok(Err(Refused::NotFound));
        };
        if !c.verdict.is_some_and(Verdict::approves) {
            tx.rollback().await?;
            return Ok(Err(Refused::Stale));
        }
        sqlx::query(self.sql(
            "UPDATE checks SET verdict_fingerprint = ?, handled_at = COALESCE(handled_at, ?), version = version + 1 WHERE id = ?",
        ))
        .bind(fingerprint)
        .bind(crate::accounts::now())
        .bind(check)
        .execute(&mut *tx)
        .await?;
        self.event(&mut tx, check, by, c.status, "confirmed")
            .await?;
        tx.commit().await?;
        Ok(Ok(()))
    }

    /// Marks reminders sent for these checks (those still waiting for an
    /// answer); gives how many were reminded.
    pub async fn remind(&self, checks: &[i64], by: &str) -> Result<usize, StoreError> {
        let mut tx = self.begin_write().await?;
        let mut n = 0;
        for &id in checks {
            let Some(c) = self.locked_check(&mut tx, id).await? else {
                continue;
            };
            if c.verdict.is_some() || c.status == Status::Gepubliceerd {
                continue;
            }
            sqlx::query(self.sql("UPDATE checks SET reminded_at = ? WHERE id = ?"))
                .bind(crate::accounts::now())
                .bind(id)
                .execute(&mut *tx)
                .await?;
            self.event(&mut tx, id, by, c.status, "reminded").await?;
            n += 1;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// Makes a personal link for a check, valid for `days` days; gives
    /// the secret token (only its digest is kept).
    pub async fn create_link(
        &self,
        check: i64,
        days: i64,
        by: &str,
    ) -> Result<Result<String, Refused>, StoreError> {
        let token = random_hex();
        let now = crate::accounts::now();
        let mut tx = self.begin_write().await?;
        let Some(c) = self.locked_check(&mut tx, check).await? else {
            tx.rollback().await?;
            return Ok(Err(Refused::NotFound));
        };
        sqlx::query(self.sql(
            "INSERT INTO check_links (digest, check_id, hint, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
        ))
        .bind(digest(&token))
        .bind(check)
        .bind(token[..8].to_owned())
        .bind(by)
        .bind(now)
        .bind(now + days * 86_400)
        .execute(&mut *tx)
        .await?;
        self.event(&mut tx, check, by, c.status, "link").await?;
        tx.commit().await?;
        Ok(Ok(token))
    }

    /// Records in the check's history that a personal link was sent by
    /// e-mail (`mailed`); the address is not kept.
    pub async fn link_mailed(&self, check: i64, by: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        if let Some(c) = self.locked_check(&mut tx, check).await? {
            self.event(&mut tx, check, by, c.status, "mailed").await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sets a link's expiry (seconds since 1970); for tests and for
    /// shortening a link.
    pub async fn set_link_expiry(
        &self,
        token_hint: &str,
        expires_at: i64,
    ) -> Result<u64, StoreError> {
        Ok(
            sqlx::query(self.sql("UPDATE check_links SET expires_at = ? WHERE hint = ?"))
                .bind(expires_at)
                .bind(token_hint)
                .execute(&self.pool)
                .await?
                .rows_affected(),
        )
    }

    /// Revokes every link of a check that still works; gives how many.
    pub async fn revoke_links(&self, check: i64, by: &str) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = sqlx::query(self.sql(
            "UPDATE check_links SET revoked_at = ? WHERE check_id = ? AND revoked_at IS NULL",
        ))
        .bind(crate::accounts::now())
        .bind(check)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if n > 0
            && let Some(c) = self.locked_check(&mut tx, check).await?
        {
            self.event(&mut tx, check, by, c.status, "revoked").await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The links of a check, newest first.
    pub async fn links(&self, check: i64) -> Result<Vec<Link>, StoreError> {
        let rows = sqlx::query(self.sql(
            "SELECT hint, created_by, created_at, expires_at, revoked_at FROM check_links WHERE check_id = ? ORDER BY created_at DESC, hint",
        ))
        .bind(check)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(Link {
                    hint: text(r, "hint")?,
                    created_by: text(r, "created_by")?,
                    created_at: r.try_get("created_at")?,
                    expires_at: r.try_get("expires_at")?,
                    revoked_at: opt_int(r, "revoked_at")?,
                })
            })
            .collect()
    }

    /// The check a personal link opens: only a link that exists, has not
    /// expired and was not revoked. Every other token gets `None`, alike.
    pub async fn check_by_link(&self, token: &str) -> Result<Option<Check>, StoreError> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let row = sqlx::query(self.sql(
            "SELECT check_id FROM check_links WHERE digest = ? AND revoked_at IS NULL AND expires_at > ?",
        ))
        .bind(digest(token))
        .bind(crate::accounts::now())
        .fetch_optional(&self.pool)
        .await?;
        match row {
            None => Ok(None),
            Some(r) => self.check(r.try_get("check_id")?).await,
        }
    }

    /// Marks the latest check of an initiative published or, when
    /// withdrawn, back at the status its answer gives. Within the
    /// publication's transaction.
    pub(crate) async fn mark_published(
        &self,
        tx: &mut Tx,
        initiative: &str,
        published: bool,
        by: &str,
    ) -> Result<(), StoreError> {
        let query = format!(
            "SELECT {CHECK_COLUMNS} FROM checks WHERE initiative_id = ? ORDER BY id DESC LIMIT 1"
        );
        let Some(c) = sqlx::query(self.sql(&query))
            .bind(initiative)
            .fetch_optional(&mut **tx)
            .await?
            .as_ref()
            .map(check_row)
            .transpose()?
        else {
            return Ok(());
        };
        let status = if published {
            Status::Gepubliceerd
        } else if c.verdict.is_some_and(Verdict::approves) {
            Status::Akkoord
        } else if c.verdict.is_some() {
            Status::ReactieOntvangen
        } else {
            Status::TerCheck
        };
        self.set_status(tx, &c, status, false).await?;
        self.event(
            tx,
            c.id,
            by,
            status,
            if published { "published" } else { "withdrawn" },
        )
        .await?;
        Ok(())
    }
}
