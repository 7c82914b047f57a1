//! The round in JSON (`/api/checks/...`) and publishing a portrait
//! (`/api/initiatives/{id}/publication`): the same actions as the pages,
//! through [`super::review::outcome`], for the same roles.
#![allow(clippy::result_large_err)]

use super::review::{self, Outcome};
use super::{Access, access, may_use};
use crate::kernel::AppState;
use crate::kernel::auth::{Changer, Viewer, csrf_header};
use crate::kernel::dataset_schema::NonBlank;
use crate::kernel::error::{AppError, ErrorBody};
use crate::kernel::extract::{ApiJson, ApiJsonOrEmpty, ApiPath, ApiQuery};
use crate::kernel::form::Fields;
use crate::kernel::i18n::PageLang;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use uti_core::Lang;
use uti_store::checks::{Check, Note, Round};
use utoipa::{IntoParams, ToSchema};

/// A round.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDoc {
    /// 1, 2, 3...
    pub id: i64,
    /// Its name.
    pub title: String,
    /// The message to the initiatives (Markdown).
    pub message: String,
    /// The closing date, YYYY-MM-DD.
    pub closes_on: String,
    /// The report version whose portraits were sent, if any.
    pub report_version: Option<i64>,
    /// Who started it.
    pub created_by: String,
    /// When, in seconds since 1970.
    pub created_at: i64,
}

impl From<Round> for RoundDoc {
    fn from(r: Round) -> Self {
        RoundDoc {
            id: r.id,
            title: r.title,
            message: r.message,
            closes_on: r.closes_on,
            report_version: r.report_version,
            created_by: r.created_by,
            created_at: r.created_at,
        }
    }
}

/// A round to start: one initiative's portrait, or every portrait of a
/// report version.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRoundDoc {
    /// The initiative whose portrait is put to it (or give `report_version`).
    #[serde(default)]
    pub initiative: Option<String>,
    /// The report version whose portraits are put to the initiatives.
    #[serde(default)]
    pub report_version: Option<i64>,
    /// Its name (by default "Factcheck portretten").
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title: Option<String>,
    /// The closing date, YYYY-MM-DD.
    #[schema(format = Date, example = "2027-01-15")]
    pub closes_on: String,
    /// A message to the initiatives (Markdown).
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub message: Option<String>,
}

/// One portrait in a round.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckDoc {
    /// 1, 2, 3...
    pub id: i64,
    /// Its round.
    pub round_id: i64,
    /// Whose portrait.
    pub initiative_id: String,
    /// `ter_check`, `reactie_ontvangen`, `akkoord` or `gepubliceerd`.
    pub status: String,
    /// The SHA-256 of the data sent: the portrait's version.
    pub fingerprint: String,
    /// How many versions were sent.
    pub sent_count: i64,
    /// When the last one was sent, in seconds since 1970.
    pub sent_at: i64,
    /// `akkoord`, `akkoord_met_wijzigingen` or `wijzigingen_nodig`, if answered.
    pub verdict: Option<String>,
    /// The closing remark.
    pub verdict_remark: Option<String>,
    /// When it was answered.
    pub verdict_at: Option<i64>,
    /// Whether a researcher acted on the responses (the answer then stands).
    pub handled: bool,
    /// Raised by every change; `resend` names it.
    pub version: i64,
}

impl From<&Check> for CheckDoc {
    fn from(c: &Check) -> Self {
        CheckDoc {
            id: c.id,
            round_id: c.round_id,
            initiative_id: c.initiative_id.clone(),
            status: c.status.as_str().to_owned(),
            fingerprint: c.fingerprint.clone(),
            sent_count: c.sent_count,
            sent_at: c.sent_at,
            verdict: c.verdict.map(|v| v.as_str().to_owned()),
            verdict_remark: c.verdict_remark.clone(),
            verdict_at: c.verdict_at,
            handled: c.handled_at.is_some(),
            version: c.version,
        }
    }
}

/// A comment, reply or suggestion.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteDoc {
    /// 1, 2, 3...
    pub id: i64,
    /// The portrait section (a heading's anchor).
    pub section: String,
    /// `comment`, `reply` or `suggestion`.
    pub kind: String,
    /// For a reply: the comment it answers.
    pub parent_id: Option<i64>,
    /// `contact` or `researcher`.
    pub side: String,
    /// Who wrote it.
    pub author: String,
    /// The text (Markdown).
    pub body: String,
    /// For a suggestion: the text it replaces (see `target` paths).
    pub target: Option<String>,
    /// The text it would replace.
    pub original: Option<String>,
    /// The proposed text.
    pub proposed: Option<String>,
    /// `open`, `accepted` or `rejected` (suggestions).
    pub state: Option<String>,
    /// Why it was rejected.
    pub reason: Option<String>,
    /// The version of the portrait it was made on.
    pub fingerprint: String,
    /// When, in seconds since 1970.
    pub created_at: i64,
}

impl From<&Note> for NoteDoc {
    fn from(n: &Note) -> Self {
        let code = |v: &dyn erased::Code| v.code();
        NoteDoc {
            id: n.id,
            section: n.section.clone(),
            kind: code(&n.kind),
            parent_id: n.parent_id,
            side: code(&n.side),
            author: n.author.clone(),
            body: n.body.clone(),
            target: n.target.clone(),
            original: n.original.clone(),
            proposed: n.proposed.clone(),
            state: n.state.as_ref().map(|s| code(s)),
            reason: n.reason.clone(),
            fingerprint: n.fingerprint.clone(),
            created_at: n.created_at,
        }
    }
}

mod erased {
    /// The serde name of a unit enum value.
    pub trait Code {
        fn code(&self) -> String;
    }
    impl<T: serde::Serialize> Code for T {
        fn code(&self) -> String {
            serde_json::to_value(self)
                .ok()
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default()
        }
    }
}

/// A round with its portraits.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoundDetail {
    /// The round.
    pub round: RoundDoc,
    /// Its portraits, in the order sent: a page of them (see `more`).
    pub checks: Vec<CheckDoc>,
    /// Whether more portraits follow: ask again with `offset` raised by `limit`.
    pub more: bool,
}

/// Portraits per page of a round, unless asked otherwise.
const FIRST_PAGE: i64 = 200;

/// Which page of a round's portraits.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RoundPage {
    /// Skip this many portraits (0 by default).
    #[param(minimum = 0, example = 0)]
    pub offset: Option<i64>,
    /// How many portraits at most (1 to 1000; 200 by default).
    #[param(minimum = 1, maximum = 1000, example = 200)]
    pub limit: Option<i64>,
}

impl RoundPage {
    /// `(offset, limit)`, or the reason they are refused.
    fn bounds(&self, lang: Lang) -> Result<(i64, i64), AppError> {
        let (offset, limit) =
            crate::kernel::error::window(self.offset, self.limit, FIRST_PAGE as usize, 1000, lang)?;
        Ok((offset as i64, limit as i64))
    }
}

/// One check with what was said.
#[derive(Debug, Serialize, ToSchema)]
pub struct CheckDetail {
    /// The check.
    pub check: CheckDoc,
    /// Its comments, replies and suggestions, oldest first.
    pub notes: Vec<NoteDoc>,
}

/// A note to add: what it is decides what it needs.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewNoteDoc {
    /// A comment on a section (contacts; researchers too).
    Comment {
        /// The portrait section it is about (a heading's anchor).
        #[schema(value_type = NonBlank)]
        section: String,
        /// The text (Markdown).
        #[schema(value_type = NonBlank)]
        body: String,
    },
    /// A replacement text for one text of the portrait (contacts).
    Suggestion {
        /// The text it replaces (`problem`, `s/{date}/{kind}/werkplekleren_notes`,
        /// ...; see the portrait's check page).
        #[schema(value_type = NonBlank)]
        target: String,
        /// The proposed text.
        #[schema(value_type = NonBlank)]
        proposed: String,
        /// An explanation.
        #[serde(default)]
        body: Option<String>,
    },
    /// An answer in a comment's thread (researchers).
    Reply {
        /// The comment it answers.
        parent: i64,
        /// The text (Markdown).
        #[schema(value_type = NonBlank)]
        body: String,
    },
}

/// The contact's answer.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerdictDoc {
    /// The answer.
    pub verdict: VerdictCode,
    /// A closing remark.
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub remark: Option<String>,
}

/// One of the three answers.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VerdictCode {
    /// Correct as it is.
    Akkoord,
    /// Correct once the suggested changes are made.
    AkkoordMetWijzigingen,
    /// Not correct yet.
    WijzigingenNodig,
}

impl VerdictCode {
    fn code(self) -> &'static str {
        match self {
            VerdictCode::Akkoord => "akkoord",
            VerdictCode::AkkoordMetWijzigingen => "akkoord_met_wijzigingen",
            VerdictCode::WijzigingenNodig => "wijzigingen_nodig",
        }
    }
}

/// A researcher's decision on a suggestion: accept it, or reject it
/// with a reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum DecisionDoc {
    /// Takes it over into the data.
    Accept {
        /// `true`.
        #[schema(value_type = AcceptTrue)]
        accept: bool,
    },
    /// Rejects it.
    Reject {
        /// `false`.
        #[schema(value_type = AcceptFalse)]
        accept: bool,
        /// Why.
        #[schema(value_type = NonBlank)]
        reason: String,
    },
}

/// `true`.
#[derive(Debug)]
pub struct AcceptTrue;
impl utoipa::PartialSchema for AcceptTrue {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Boolean)
            .enum_values(Some([true]))
            .into()
    }
}
impl ToSchema for AcceptTrue {}

/// `false`.
#[derive(Debug)]
pub struct AcceptFalse;
impl utoipa::PartialSchema for AcceptFalse {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Boolean)
            .enum_values(Some([false]))
            .into()
    }
}
impl ToSchema for AcceptFalse {}

/// A personal link to make.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkRequest {
    /// How many days it works (1 to 365; 30 when not given).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 365)]
    pub days: Option<i64>,
    /// The contact's address, to send the link to (only when the server
    /// has a mail server, `uti serve --smtp-url`; else 409). It is not stored.
    #[serde(default)]
    #[schema(format = Email, max_length = 254, example = "contact@initiatief.nl")]
    pub email: Option<String>,
}

/// A personal link, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct LinkDoc {
    /// The address to send to the contact.
    pub url: String,
    /// When it stops working, in seconds since 1970.
    pub expires_at: i64,
    /// The address the link was sent to, when it was.
    pub sent_to: Option<String>,
    /// Why the link could not be sent by e-mail, when an address was given
    /// and sending failed (the link works all the same).
    pub mail_error: Option<String>,
}

/// Publishing a portrait.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishDoc {
    /// Why it is published without the initiative's approval (required then).
    #[serde(default)]
    pub reason: Option<String>,
}

/// A publication.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedDoc {
    /// The initiative.
    pub initiative_id: String,
    /// Whether it was approved.
    pub approved: bool,
    /// Why it was published without approval.
    pub reason: Option<String>,
    /// Who published it.
    pub published_by: String,
    /// When, in seconds since 1970.
    pub published_at: i64,
    /// Its public address.
    pub url: String,
}

/// The `{round}` of a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct RoundPath {
    /// The round's number.
    #[param(example = 1)]
    pub round: i64,
}

/// The `{check}` of a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct CheckPath {
    /// The check's number.
    #[param(example = 1)]
    pub check: i64,
}

/// The `{note}` of a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct NotePath {
    /// The note's number.
    #[param(example = 1)]
    pub note: i64,
}

/// The `{id}` of an initiative in a path.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct InitiativePath {
    /// The initiative's id.
    #[param(example = "taalmaatjes-noord")]
    pub id: String,
}

/// Someone who may respond in a round (a contact, researcher or admin):
/// logged in (else 401), not a reader and, with the session cookie, with
/// the CSRF token in the header (else 403). Checked before the path and
/// the body are read, so a reader learns nothing from a change.
#[derive(Debug, Clone)]
pub struct Respondent(pub Viewer);

impl axum::extract::FromRequestParts<AppState> for Respondent {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Response> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let lang = crate::kernel::i18n::lang_of(parts.uri.query(), &parts.headers);
        let refused = if viewer.user.role == uti_store::Role::Reader {
            Some(AppError::Forbidden)
        } else {
            viewer
                .check_csrf(csrf_header(&parts.headers))
                .err()
                .map(AppError::from)
        };
        match refused {
            Some(e) => Err(e.json(lang)),
            None => Ok(Respondent(viewer)),
        }
    }
}

fn answer(result: Result<Response, AppError>, lang: Lang) -> Response {
    result.unwrap_or_else(|e| e.json(lang))
}

fn staff(viewer: &Viewer) -> Result<(), AppError> {
    if viewer.can_edit() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn detail(state: &AppState, id: i64) -> Result<CheckDetail, AppError> {
    let check = state.store.check(id).await?.ok_or(AppError::NotFound)?;
    let notes = state.store.notes(id).await?;
    Ok(CheckDetail {
        check: CheckDoc::from(&check),
        notes: notes.iter().map(NoteDoc::from).collect(),
    })
}

/// The message of a refused action, with its status.
fn refusal(code: &str, lang: Lang) -> AppError {
    let (_, text) = review::notice_of(code, lang);
    match code {
        "vast" | "besloten" | "verouderd" | "tekst-gewijzigd" | "reden" => {
            AppError::Conflict(text.to_owned())
        }
        _ => AppError::BadRequest(text.to_owned()),
    }
}

/// `GET /api/checks/rounds`.
#[utoipa::path(
    get,
    path = "/api/checks/rounds",
    tag = "checks",
    operation_id = "listRounds",
    summary = "Every round of the fact check, newest first.",
    description = "Allowed for: researcher, admin.",
    responses(
        (status = 200, description = "The rounds.", body = Vec<RoundDoc>),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not allow this.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn rounds(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
) -> Response {
    answer(
        async {
            staff(&viewer)?;
            let rounds: Vec<RoundDoc> = state
                .store
                .rounds()
                .await?
                .into_iter()
                .map(RoundDoc::from)
                .collect();
            Ok(Json(rounds).into_response())
        }
        .await,
        lang,
    )
}

/// `POST /api/checks/rounds`.
#[utoipa::path(
    post,
    path = "/api/checks/rounds",
    tag = "checks",
    operation_id = "startRound",
    summary = "Puts one portrait, or every portrait of a report version, to the initiatives.",
    description = "Allowed for: researcher, admin. Each portrait is sent as it would be published (no drafts, no session notes).",
    request_body(content = NewRoundDoc, content_type = "application/json"),
    responses(
        (status = 201, description = "Started: the round and the first 200 of its portraits (`more` says whether others follow; `getRound` pages on).", body = RoundDetail),
        (status = 400, description = "Not JSON, or no valid closing date.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such initiative or report version.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn start_round(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiJson(body): ApiJson<NewRoundDoc>,
) -> Response {
    answer(
        async {
            let (what, version) = match body.report_version {
                Some(n) => ("versie", n.to_string()),
                None => ("portret", String::new()),
            };
            let asked = super::rounds::Asked {
                what,
                initiative: body.initiative.as_deref().unwrap_or(""),
                version: &version,
                title: body.title.as_deref().unwrap_or(""),
                closes_on: &body.closes_on,
                message: body.message.as_deref().unwrap_or(""),
                by: &viewer.user.name,
            };
            let prepared = super::rounds::prepare(&state, asked, lang).await?;
            let (round, portraits) = prepared.map_err(|u| match u {
                super::rounds::Unmade::Invalid(m) => AppError::BadRequest(m),
                super::rounds::Unmade::Missing(_) => AppError::NotFound,
            })?;
            let (id, _) = state.store.start_round(&round, &portraits).await?;
            let round = state.store.round(id).await?.ok_or(AppError::NotFound)?;
            // The first page, as `getRound` gives it.
            let mut checks = state.store.round_checks(id, 0, FIRST_PAGE + 1).await?;
            let more = checks.len() as i64 > FIRST_PAGE;
            checks.truncate(FIRST_PAGE as usize);
            Ok((
                StatusCode::CREATED,
                Json(RoundDetail {
                    round: round.into(),
                    checks: checks.iter().map(CheckDoc::from).collect(),
                    more,
                }),
            )
                .into_response())
        }
        .await,
        lang,
    )
}

/// `GET /api/checks/rounds/{round}`.
#[utoipa::path(
    get,
    path = "/api/checks/rounds/{round}",
    tag = "checks",
    operation_id = "getRound",
    summary = "A round with the status of each of its portraits.",
    description = "Allowed for: researcher, admin.",
    params(RoundPath, RoundPage),
    responses(
        (status = 200, description = "The round with a page of its portraits.", body = RoundDetail),
        (status = 400, description = "The round, `offset` or `limit` is not a number, or `offset` is below 0, or `limit` outside 1 to 1000.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not allow this.", body = ErrorBody),
        (status = 404, description = "No such round.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn round(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(RoundPath { round }): ApiPath<RoundPath>,
    ApiQuery(page): ApiQuery<RoundPage>,
) -> Response {
    answer(
        async {
            staff(&viewer)?;
            let (offset, limit) = page.bounds(lang)?;
            let r = state.store.round(round).await?.ok_or(AppError::NotFound)?;
            // One more than asked, to know whether more follow.
            let mut checks = state.store.round_checks(round, offset, limit + 1).await?;
            let more = checks.len() as i64 > limit;
            checks.truncate(limit as usize);
            Ok(Json(RoundDetail {
                round: r.into(),
                checks: checks.iter().map(CheckDoc::from).collect(),
                more,
            })
            .into_response())
        }
        .await,
        lang,
    )
}

/// `GET /api/checks/{check}`.
#[utoipa::path(
    get,
    path = "/api/checks/{check}",
    tag = "checks",
    operation_id = "getCheck",
    summary = "One portrait in a round, with its comments, replies and suggestions.",
    description = "Allowed for: researcher, admin, and the contacts of that initiative (for other contacts it does not exist).",
    params(CheckPath),
    responses(
        (status = 200, description = "The check.", body = CheckDetail),
        (status = 400, description = "The check is not a number.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not allow this.", body = ErrorBody),
        (status = 404, description = "No such check (or not the contact's).", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [])),
)]
pub async fn check(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    ApiPath(CheckPath { check }): ApiPath<CheckPath>,
) -> Response {
    answer(
        async {
            may_use(&viewer)?;
            let c = state.store.check(check).await?.ok_or(AppError::NotFound)?;
            access(&viewer, &c)?;
            Ok(Json(detail(&state, check).await?).into_response())
        }
        .await,
        lang,
    )
}

/// Loads a check for an action by `viewer`, checking role and CSRF.
async fn acting(
    state: &AppState,
    viewer: &Viewer,
    headers: &HeaderMap,
    check: i64,
) -> Result<(Access, Check), AppError> {
    may_use(viewer)?;
    let c = state.store.check(check).await?.ok_or(AppError::NotFound)?;
    let who = access(viewer, &c)?;
    viewer.check_csrf(csrf_header(headers))?;
    Ok((who, c))
}

async fn act(
    state: &AppState,
    who: &Access,
    check: &Check,
    action: &str,
    fields: Vec<(&str, String)>,
    lang: Lang,
    created: bool,
) -> Result<Response, AppError> {
    let fields = Fields(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
    match review::outcome(
        state,
        who,
        check,
        action,
        &fields,
        lang,
        uti_store::history::Via::Api,
    )
    .await?
    {
        Outcome::Done(_) => {
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((status, Json(detail(state, check.id).await?)).into_response())
        }
        Outcome::Refused(code) => Err(refusal(code, lang)),
    }
}

/// `POST /api/checks/{check}/notes`.
#[utoipa::path(
    post,
    path = "/api/checks/{check}/notes",
    tag = "checks",
    operation_id = "addCheckNote",
    summary = "A comment or suggestion by the initiative's contact, or a researcher's reply.",
    description = "Allowed for: the initiative's contacts (`comment`, `suggestion`), researcher and admin (`reply`).",
    params(CheckPath),
    request_body(content = NewNoteDoc, content_type = "application/json"),
    responses(
        (status = 201, description = "Added: the check with its notes.", body = CheckDetail),
        (status = 400, description = "Not JSON, empty or too long, a kind this role cannot add, or a target the portrait does not have.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not allow this, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such check (or not the contact's).", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn add_note(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Respondent(viewer): Respondent,
    headers: HeaderMap,
    ApiPath(CheckPath { check }): ApiPath<CheckPath>,
    ApiJson(body): ApiJson<NewNoteDoc>,
) -> Response {
    answer(
        async {
            let (who, c) = acting(&state, &viewer, &headers, check).await?;
            let wrong_side = || {
                AppError::Refused(
                    StatusCode::FORBIDDEN,
                    lang.pick(
                        "Contactpersonen plaatsen een opmerking of voorstel, onderzoekers een opmerking of antwoord.",
                        "Contacts add a comment or suggestion, researchers a comment or reply.",
                    )
                    .into(),
                )
            };
            let (action, fields) = match (body, who.is_staff()) {
                (NewNoteDoc::Comment { section, body }, _) => {
                    ("opmerking", vec![("section", section), ("body", body)])
                }
                (NewNoteDoc::Suggestion { target, proposed, body }, false) => (
                    "voorstel",
                    vec![("target", target), ("proposed", proposed), ("body", body.unwrap_or_default())],
                ),
                (NewNoteDoc::Reply { parent, body }, true) => {
                    ("reactie", vec![("parent", parent.to_string()), ("body", body)])
                }
                _ => return Err(wrong_side()),
            };
            act(&state, &who, &c, action, fields, lang, true).await
        }
        .await,
        lang,
    )
}

/// `POST /api/checks/{check}/verdict`.
#[utoipa::path(
    post,
    path = "/api/checks/{check}/verdict",
    tag = "checks",
    operation_id = "answerCheck",
    summary = "The contact's answer on the portrait; may be changed until a researcher acts on it.",
    description = "Allowed for: the initiative's contacts.",
    params(CheckPath),
    request_body(content = VerdictDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "Saved: the check with its notes.", body = CheckDetail),
        (status = 400, description = "Not JSON, or not one of the three answers.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not allow this, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such check (or not the contact's).", body = ErrorBody),
        (status = 409, description = "A researcher already acted: the answer stands until a new version.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn set_verdict(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Respondent(viewer): Respondent,
    headers: HeaderMap,
    ApiPath(CheckPath { check }): ApiPath<CheckPath>,
    ApiJson(body): ApiJson<VerdictDoc>,
) -> Response {
    answer(
        async {
            let (who, c) = acting(&state, &viewer, &headers, check).await?;
            if who.is_staff() {
                return Err(AppError::Forbidden);
            }
            let fields = vec![
                ("verdict", body.verdict.code().to_owned()),
                ("remark", body.remark.unwrap_or_default()),
            ];
            act(&state, &who, &c, "antwoord", fields, lang, false).await
        }
        .await,
        lang,
    )
}

/// `POST /api/checks/notes/{note}/decision`.
#[utoipa::path(
    post,
    path = "/api/checks/notes/{note}/decision",
    tag = "checks",
    operation_id = "decideSuggestion",
    summary = "Accepts a suggestion (the data behind the portrait changes, as a guarded edit) or rejects it with a reason.",
    description = "Allowed for: researcher, admin.",
    params(NotePath),
    request_body(content = DecisionDoc, content_type = "application/json"),
    responses(
        (status = 200, description = "Decided: the check with its notes.", body = CheckDetail),
        (status = 400, description = "Not JSON, no reason for a rejection, or the text does not fit the data.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such suggestion.", body = ErrorBody),
        (status = 409, description = "Already decided, or the text changed since the suggestion was made.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn decide(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(NotePath { note }): ApiPath<NotePath>,
    ApiJson(body): ApiJson<DecisionDoc>,
) -> Response {
    answer(
        async {
            let n = state.store.note(note).await?.ok_or(AppError::NotFound)?;
            let c = state
                .store
                .check(n.check_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let who = Access::Staff(viewer);
            let (action, fields) = match body {
                DecisionDoc::Accept { accept: true } => ("overnemen", vec![("note", note.to_string())]),
                DecisionDoc::Reject { accept: false, reason } => {
                    ("afwijzen", vec![("note", note.to_string()), ("reason", reason)])
                }
                _ => {
                    return Err(AppError::BadRequest(
                        lang.pick(
                            "Stuur {\"accept\": true}, of {\"accept\": false, \"reason\": \"...\"}.",
                            "Send {\"accept\": true}, or {\"accept\": false, \"reason\": \"...\"}.",
                        )
                        .into(),
                    ));
                }
            };
            act(&state, &who, &c, action, fields, lang, false).await
        }
        .await,
        lang,
    )
}

/// `POST /api/checks/{check}/links`.
#[utoipa::path(
    post,
    path = "/api/checks/{check}/links",
    tag = "checks",
    operation_id = "createCheckLink",
    summary = "Makes a personal link that opens only this portrait's check, and sends it by e-mail when an address is given; the address of the link is given this once.",
    description = "Allowed for: researcher, admin. An `email` is sent the link when the server has a mail server (`uti serve --smtp-url`); the e-mail address is not stored, the check's history records that a link was mailed. A failed send still makes the link (`mail_error` says why).",
    params(CheckPath),
    request_body(content = LinkRequest, description = "Optional; an empty body gives a link of 30 days.", content_type = "application/json"),
    responses(
        (status = 201, description = "Made (and sent, when `sent_to` is given).", body = LinkDoc),
        (status = 400, description = "Not JSON, days not from 1 to 365, or email not an e-mail address.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such check.", body = ErrorBody),
        (status = 409, description = "An email was given, but no mail server is set up; no link was made.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn create_link(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    headers: HeaderMap,
    ApiPath(CheckPath { check }): ApiPath<CheckPath>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<LinkRequest>,
) -> Response {
    answer(
        async {
            let body = body.unwrap_or_default();
            let days = body.days.unwrap_or(uti_store::checks::LINK_DAYS);
            if !(1..=365).contains(&days) {
                return Err(AppError::BadRequest(
                    lang.pick(
                        "days is een getal van 1 tot en met 365.",
                        "days is a number from 1 to 365.",
                    )
                    .into(),
                ));
            }
            let found = state.store.check(check).await?.ok_or(AppError::NotFound)?;
            let to = review::link_address(&state, body.email.as_deref(), lang)?;
            let origin = review::link_origin(&state, &headers);
            let made =
                review::make_link(&state, &found, days, &viewer.user.name, &origin, to, lang)
                    .await?;
            let (sent_to, mail_error) = match made.mail {
                review::Mailed::NotAsked => (None, None),
                review::Mailed::Sent(to) => (Some(to), None),
                review::Mailed::Failed(_, why) => (None, Some(why)),
            };
            Ok((
                StatusCode::CREATED,
                Json(LinkDoc {
                    url: made.url,
                    expires_at: made.expires_at,
                    sent_to,
                    mail_error,
                }),
            )
                .into_response())
        }
        .await,
        lang,
    )
}

/// `POST /api/initiatives/{id}/publication`.
#[utoipa::path(
    post,
    path = "/api/initiatives/{id}/publication",
    tag = "checks",
    operation_id = "publishPortrait",
    summary = "Publishes the initiative's portrait as it is now; without the initiative's approval of this version only with a reason.",
    description = "Allowed for: researcher, admin.",
    params(InitiativePath),
    request_body(content = PublishDoc, description = "Optional; a reason is needed without approval.", content_type = "application/json"),
    responses(
        (status = 200, description = "Published.", body = PublishedDoc),
        (status = 400, description = "Not JSON.", body = ErrorBody),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such initiative.", body = ErrorBody),
        (status = 409, description = "Not approved on this version, and no reason given.", body = ErrorBody),
        (status = 413, description = "The body is over 2 MiB.", body = ErrorBody),
        (status = 415, description = "The body is not sent as JSON.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn publish_portrait(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(InitiativePath { id }): ApiPath<InitiativePath>,
    ApiJsonOrEmpty(body): ApiJsonOrEmpty<PublishDoc>,
) -> Response {
    answer(
        async {
            let reason = body.unwrap_or_default().reason.unwrap_or_default();
            match review::publish(&state, &id, &reason, &viewer.user.name, lang).await? {
                Outcome::Refused(code) => Err(refusal(code, lang)),
                Outcome::Done(_) => {
                    let p = state
                        .store
                        .published_portrait(&id)
                        .await?
                        .ok_or(AppError::NotFound)?;
                    Ok(Json(PublishedDoc {
                        initiative_id: id.clone(),
                        approved: p.approved,
                        reason: p.reason,
                        published_by: p.published_by,
                        published_at: p.published_at,
                        url: format!("/openbaar/portretten/{id}"),
                    })
                    .into_response())
                }
            }
        }
        .await,
        lang,
    )
}

/// `DELETE /api/initiatives/{id}/publication`.
#[utoipa::path(
    delete,
    path = "/api/initiatives/{id}/publication",
    tag = "checks",
    operation_id = "unpublishPortrait",
    summary = "Withdraws the published portrait: the public no longer sees it.",
    description = "Allowed for: researcher, admin.",
    params(InitiativePath),
    responses(
        (status = 204, description = "Withdrawn."),
        (status = 401, description = "Not logged in.", body = ErrorBody),
        (status = 403, description = "The role does not change data, or the CSRF token is missing or wrong.", body = ErrorBody),
        (status = 404, description = "No such initiative, or its portrait is not published.", body = ErrorBody),
    ),
    security(("bearer" = []), ("cookie" = [], "csrf" = [])),
)]
pub async fn unpublish_portrait(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    Changer(viewer): Changer,
    ApiPath(InitiativePath { id }): ApiPath<InitiativePath>,
) -> Response {
    answer(
        async {
            let subject = uti_store::publications::Subject::Portrait {
                id: id.clone(),
                name: String::new(),
                data: String::new(),
                fingerprint: String::new(),
            };
            if state.store.unpublish(&subject, &viewer.user.name).await? {
                Ok(StatusCode::NO_CONTENT.into_response())
            } else {
                Err(AppError::NotFound)
            }
        }
        .await,
        lang,
    )
}
