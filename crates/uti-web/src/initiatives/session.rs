//! The session editor: date, kind, participants, notes; CIMO chains
//! (add, edit, reorder, remove); the plot with a note per type; workplace
//! learning; lessons. It works without JavaScript: every button posts the
//! whole form, and only "Opslaan" stores it. The rules of the dataset
//! format apply ([`uti_core::decode::session`]) and their errors appear
//! beside the field. A save on a stale version is refused and shows what
//! changed in the meantime; the user's input stays in the form.

use crate::kernel::AppState;
use crate::kernel::auth::Viewer;
use crate::kernel::error::AppError;
use crate::kernel::form::{self, FieldErrors, Fields, lines};
use crate::kernel::i18n::PageLang;
use crate::kernel::layout::{self, Chrome, csrf_field};
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde_json::{Map, Value, json};
use uti_core::Lang;
use uti_core::decode::DecodeErrors;
use uti_core::model::{Level, LloType, Session, SessionKind, Werkplekleren};
use uti_core::prose::level_name;
use uti_core::prose::{date_text, kind_name, type_name};
use uti_store::{Actor, Saved, StoredInitiative, Via};

/// A chain as the form holds it: list fields as lines of text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChainDraft {
    level: String,
    context: String,
    interventions: String,
    mechanisms: String,
    outcomes: String,
    themes: Vec<String>,
    challenges: Vec<String>,
    /// Copied from an earlier session (shown so, never stored).
    taken: bool,
}

/// A session as the form holds it: text as typed, not yet checked.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Draft {
    date: String,
    kind: String,
    participants: String,
    notes: String,
    scores: [String; 5],
    score_notes: [String; 5],
    werkplekleren: String,
    werkplekleren_notes: String,
    lessons: String,
    chains: Vec<ChainDraft>,
    draft: bool,
    /// The session the plot and chains were taken over from
    /// (`20 februari 2024 (ontwerp in actie)`), when they were.
    taken_from: String,
}

fn joined(items: &Option<Vec<String>>) -> String {
    items.as_deref().unwrap_or_default().join("\n")
}

impl Draft {
    /// A stored session in the form.
    pub fn from_session(s: &Session) -> Draft {
        let mut scores: [String; 5] = Default::default();
        let mut score_notes: [String; 5] = Default::default();
        for (i, t) in LloType::ALL.iter().enumerate() {
            if let Some(plot) = &s.llo {
                scores[i] = plot.get(*t).value().to_string();
            }
            if let Some(note) = s.llo_notes.as_ref().and_then(|n| n.get(t)) {
                score_notes[i] = note.clone();
            }
        }
        Draft {
            date: s.date.to_string(),
            kind: s.kind.as_str().to_owned(),
            participants: s.participants.map(|n| n.to_string()).unwrap_or_default(),
            notes: s.notes.clone().unwrap_or_default(),
            scores,
            score_notes,
            werkplekleren: s
                .werkplekleren
                .map(|w| w.as_str().to_owned())
                .unwrap_or_default(),
            werkplekleren_notes: s.werkplekleren_notes.clone().unwrap_or_default(),
            lessons: joined(&s.lessons),
            draft: s.draft,
            chains: s
                .chains()
                .iter()
                .map(|c| ChainDraft {
                    level: c.level.as_str().to_owned(),
                    context: c.context.clone(),
                    interventions: c.interventions.join("\n"),
                    mechanisms: joined(&c.mechanisms),
                    outcomes: joined(&c.outcomes),
                    themes: c
                        .terms(uti_core::model::TermKind::Theme)
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    challenges: c
                        .terms(uti_core::model::TermKind::Challenge)
                        .iter()
                        .map(|s| s.to_string())
                        .collect(),
                    taken: false,
                })
                .collect(),
            taken_from: String::new(),
        }
    }

    /// A new session that starts from an earlier one: its plot (with the
    /// notes per type), workplace learning and chains copied and marked as
    /// taken over; date, participants, notes and lessons start empty.
    fn taken_over(initiative: &uti_core::model::Initiative, from: &Session, lang: Lang) -> Draft {
        let copied = Draft::from_session(from);
        Draft {
            scores: copied.scores,
            score_notes: copied.score_notes,
            werkplekleren: copied.werkplekleren,
            werkplekleren_notes: copied.werkplekleren_notes,
            chains: copied
                .chains
                .into_iter()
                .map(|c| ChainDraft { taken: true, ..c })
                .collect(),
            taken_from: format!(
                "{} ({})",
                date_text(from.date, lang),
                kind_name(from.kind, lang)
            ),
            ..Draft::new_for(initiative)
        }
    }

    /// A new session: today, and the kind that usually comes next.
    fn new_for(initiative: &uti_core::model::Initiative) -> Draft {
        let kind = if initiative.sessions().is_empty() {
            SessionKind::BeoogdOntwerp
        } else {
            SessionKind::OntwerpInActie
        };
        Draft {
            date: crate::kernel::widgets::today().to_string(),
            kind: kind.as_str().to_owned(),
            ..Draft::default()
        }
    }

    /// The form as posted.
    fn from_fields(f: &Fields) -> Draft {
        let mut chains = Vec::new();
        let mut i = 0;
        while f.0.iter().any(|(k, _)| *k == format!("cimo.{i}.level")) {
            let key = |name: &str| format!("cimo.{i}.{name}");
            chains.push(ChainDraft {
                level: f.get(&key("level")).to_owned(),
                context: f.get(&key("context")).to_owned(),
                interventions: f.get(&key("interventions")).to_owned(),
                mechanisms: f.get(&key("mechanisms")).to_owned(),
                outcomes: f.get(&key("outcomes")).to_owned(),
                themes: f.all(&key("themes")),
                challenges: f.all(&key("challenges")),
                taken: f.get(&key("taken")) == "true",
            });
            i += 1;
        }
        let per_type = |prefix: &str| -> [String; 5] {
            std::array::from_fn(|n| {
                f.get(&format!("{prefix}.{}", LloType::ALL[n].as_str()))
                    .to_owned()
            })
        };
        Draft {
            date: f.get("date").to_owned(),
            kind: f.get("kind").to_owned(),
            participants: f.get("participants").to_owned(),
            notes: f.get("notes").to_owned(),
            scores: per_type("llo"),
            score_notes: per_type("llo_notes"),
            werkplekleren: f.get("werkplekleren").to_owned(),
            werkplekleren_notes: f.get("werkplekleren_notes").to_owned(),
            lessons: f.get("lessons").to_owned(),
            chains,
            draft: f.get("draft") == "true",
            taken_from: f.get("taken_from").to_owned(),
        }
    }

    /// The names of every field, for placing errors.
    fn field_names(&self) -> Vec<String> {
        let mut names: Vec<String> = [
            "date",
            "kind",
            "participants",
            "notes",
            "llo",
            "llo_notes",
            "werkplekleren",
            "werkplekleren_notes",
            "lessons",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for t in LloType::ALL {
            names.push(format!("llo.{}", t.as_str()));
            names.push(format!("llo_notes.{}", t.as_str()));
        }
        for i in 0..self.chains.len() {
            names.push(format!("cimo.{i}"));
            for k in [
                "level",
                "context",
                "interventions",
                "mechanisms",
                "outcomes",
                "themes",
                "challenges",
            ] {
                names.push(format!("cimo.{i}.{k}"));
            }
        }
        names
    }

    /// The session as a document of the dataset format, and the errors the
    /// form itself finds (a required field left empty, a half-filled plot).
    fn to_value(&self, lang: Lang) -> (Value, FieldErrors) {
        let mut errors = FieldErrors::new(lang);
        let mut m = Map::new();
        if self.date.is_empty() {
            errors.add(
                "date",
                lang.pick(
                    "Vul een datum in, bijvoorbeeld 15-01-2027.",
                    "Enter a date, for example 15-01-2027.",
                )
                .into(),
            );
        }
        // A date as Dutch users write it (15-01-2027) is stored as 2027-01-15.
        let date = uti_core::values::IsoDate::parse_day_first(&self.date)
            .map_or_else(|| self.date.clone(), |d| d.to_string());
        m.insert("date".into(), json!(date));
        m.insert("kind".into(), json!(self.kind));
        if !self.participants.is_empty() {
            m.insert(
                "participants".into(),
                self.participants
                    .parse::<u64>()
                    .map_or_else(|_| json!(self.participants), |n| json!(n)),
            );
        }
        let text = |m: &mut Map<String, Value>, key: &str, value: &str| {
            if !value.is_empty() {
                m.insert(key.into(), json!(value));
            }
        };
        text(&mut m, "notes", &self.notes);
        if !self.chains.is_empty() {
            let chains: Vec<Value> = self
                .chains
                .iter()
                .map(|c| {
                    let mut cm = Map::new();
                    cm.insert("level".into(), json!(c.level));
                    cm.insert("context".into(), json!(c.context));
                    cm.insert("interventions".into(), json!(lines(&c.interventions)));
                    for (key, value) in [("mechanisms", &c.mechanisms), ("outcomes", &c.outcomes)] {
                        if !lines(value).is_empty() {
                            cm.insert(key.into(), json!(lines(value)));
                        }
                    }
                    if !c.challenges.is_empty() {
                        cm.insert("challenges".into(), json!(c.challenges));
                    }
                    if !c.themes.is_empty() {
                        cm.insert("themes".into(), json!(c.themes));
                    }
                    Value::Object(cm)
                })
                .collect();
            m.insert("cimo".into(), Value::Array(chains));
        }
        let filled = self.scores.iter().filter(|s| !s.is_empty()).count();
        if filled == 5 {
            let plot: Map<String, Value> = LloType::ALL
                .iter()
                .zip(&self.scores)
                .map(|(t, s)| {
                    let v = s.parse::<u64>().map_or_else(|_| json!(s), |n| json!(n));
                    (t.as_str().to_owned(), v)
                })
                .collect();
            m.insert("llo".into(), Value::Object(plot));
        } else if filled > 0 {
            for (t, s) in LloType::ALL.iter().zip(&self.scores) {
                if s.is_empty() {
                    errors.add(
                        &format!("llo.{}", t.as_str()),
                        lang.pick(
                            "Kies een score (0, 1 of 2), of laat de hele plot leeg.",
                            "Choose a score (0, 1 or 2), or leave the whole plot empty.",
                        )
                        .into(),
                    );
                }
            }
        }
        let notes: Map<String, Value> = LloType::ALL
            .iter()
            .zip(&self.score_notes)
            .filter(|(_, n)| !n.is_empty())
            .map(|(t, n)| (t.as_str().to_owned(), json!(n)))
            .collect();
        if !notes.is_empty() {
            m.insert("llo_notes".into(), Value::Object(notes));
        }
        text(&mut m, "werkplekleren", &self.werkplekleren);
        text(&mut m, "werkplekleren_notes", &self.werkplekleren_notes);
        if !lines(&self.lessons).is_empty() {
            m.insert("lessons".into(), json!(lines(&self.lessons)));
        }
        if self.draft {
            m.insert("draft".into(), json!(true));
        }
        (Value::Object(m), errors)
    }
}

/// A field's name for people, for the error summary.
fn field_label(field: &str, lang: Lang) -> String {
    let t = |nl: &str, en: &str| lang.pick(nl, en).to_owned();
    let parts: Vec<&str> = field.split('.').collect();
    match parts.as_slice() {
        ["date"] => t("Datum", "Date"),
        ["kind"] => t("Soort sessie", "Kind of session"),
        ["participants"] => t("Aantal deelnemers", "Number of participants"),
        ["notes"] => t("Notities", "Notes"),
        ["werkplekleren"] => t("Werkplekleren", "Workplace learning"),
        ["werkplekleren_notes"] => t("Toelichting werkplekleren", "Notes on workplace learning"),
        ["lessons"] => t("Geleerde lessen", "Lessons learned"),
        ["llo"] | ["llo_notes"] => t("Plot", "Plot"),
        ["llo", k] | ["llo_notes", k] => LloType::parse(k).map_or_else(
            || t("Plot", "Plot"),
            |ty| format!("{}: {}", t("Plot", "Plot"), type_name(ty, lang)),
        ),
        ["cimo", i, rest @ ..] => {
            let n = i.parse::<usize>().map_or(0, |n| n + 1);
            let what = match rest {
                ["level"] => t("niveau", "level"),
                ["context"] => t("context", "context"),
                ["interventions", ..] => t("interventies", "interventions"),
                ["mechanisms", ..] => t("mechanismen", "mechanisms"),
                ["outcomes", ..] => t("uitkomsten", "outcomes"),
                ["themes", ..] => t("thema's", "themes"),
                ["challenges", ..] => t("uitdagingen", "challenges"),
                _ => String::new(),
            };
            format!(
                "{} {n}{}{what}",
                t("Keten", "Chain"),
                if what.is_empty() { "" } else { ": " }
            )
        }
        _ => field.to_owned(),
    }
}

/// Which session a URL means: `nieuw` or an index.
fn which(raw: &str, count: usize) -> Result<Option<usize>, AppError> {
    if raw == "nieuw" {
        return Ok(None);
    }
    match raw.parse::<usize>() {
        Ok(n) if n < count => Ok(Some(n)),
        _ => Err(AppError::NotFound),
    }
}

/// What the editor shows besides the draft.
#[derive(Default)]
struct View {
    errors: FieldErrors,
    /// What someone else changed, when a save was refused.
    conflict: Option<Markup>,
    /// The element to focus after a button that re-drew the form.
    focus: Option<String>,
    version: i64,
    /// The session as loaded (JSON), to tell later what changed meanwhile.
    base: Option<String>,
}

/// The query of the new-session page: `van=N` starts from session N.
#[derive(Debug, Default, serde::Deserialize)]
pub struct NewQuery {
    /// The index of the session whose plot and chains to take over.
    pub van: Option<String>,
}

/// `GET /initiatieven/{id}/sessies/{n}` and `.../sessies/nieuw` (with
/// `?van=N`: starting from session N's plot and chains).
pub async fn edit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((id, n)): Path<(String, String)>,
    axum::extract::Query(q): axum::extract::Query<NewQuery>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/sessies/{n}"));
    let result = async {
        if !viewer.can_edit() {
            return Err(AppError::Forbidden);
        }
        let stored = state
            .store
            .initiative(&id)
            .await?
            .ok_or(AppError::NotFound)?;
        let index = which(&n, stored.session_versions.len())?;
        let from = match q.van.as_deref().filter(|v| !v.is_empty()) {
            None => None,
            Some(v) => Some(
                v.parse::<usize>()
                    .ok()
                    .and_then(|k| stored.initiative.sessions().get(k))
                    .ok_or(AppError::NotFound)?,
            ),
        };
        let (draft, view) = match index {
            None => (
                match from {
                    Some(from) => Draft::taken_over(&stored.initiative, from, lang),
                    None => Draft::new_for(&stored.initiative),
                },
                View::default(),
            ),
            Some(i) => {
                let session = &stored.initiative.sessions()[i];
                (
                    Draft::from_session(session),
                    View {
                        version: stored.session_versions[i],
                        base: serde_json::to_string(session).ok(),
                        ..View::default()
                    },
                )
            }
        };
        render(&state, &chrome, &stored, index, &draft, &view).await
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// `POST /initiatieven/{id}/sessies/{n}`: a button of the editor.
pub async fn submit(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((id, n)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/sessies/{n}"));
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let stored = state
            .store
            .initiative(&id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut index = which(&n, stored.session_versions.len())?;
        let mut draft = Draft::from_fields(&fields);
        let mut view = View {
            version: fields.get("version").parse().unwrap_or(0),
            base: Some(fields.get("base").to_owned()).filter(|b| !b.is_empty()),
            ..View::default()
        };
        let action = fields.get("action");
        if let Some(focus) = rearrange(&mut draft, action) {
            view.focus = Some(focus);
            return render(&state, &chrome, &stored, index, &draft, &view)
                .await
                .map(IntoResponse::into_response);
        }
        let (value, mut errors) = draft.to_value(lang);
        let session = match check(&state, &value).await? {
            Ok(session) if errors.is_empty() => Some(session),
            Ok(_) => None,
            Err(e) => {
                errors.place(&e, &draft.field_names(), lang);
                None
            }
        };
        match session {
            None => view.errors = errors,
            Some(session) => match store(
                &state,
                &id,
                index,
                &session,
                view.version,
                &viewer.actor(Via::Web),
            )
            .await?
            {
                Outcome::Saved { .. } => {
                    let notice = if index.is_some() {
                        "sessie-opgeslagen"
                    } else {
                        "sessie-toegevoegd"
                    };
                    return Ok(Redirect::to(&format!(
                        "/initiatieven/{id}?melding={notice}#sessies"
                    ))
                    .into_response());
                }
                Outcome::Stale { current } => {
                    let base: Option<Session> = view
                        .base
                        .as_deref()
                        .and_then(|b| serde_json::from_str(b).ok());
                    view.conflict = Some(conflict_notice(
                        base.as_ref(),
                        current.as_ref().map(|(s, _)| s),
                        lang,
                    ));
                    match current {
                        Some((session, version)) => {
                            view.version = version;
                            view.base = serde_json::to_string(&session).ok();
                        }
                        None => {
                            // Removed meanwhile: what is in the form can still be saved as a new session.
                            index = None;
                            view.version = 0;
                            view.base = None;
                        }
                    }
                }
            },
        }
        render(&state, &chrome, &stored, index, &draft, &view)
            .await
            .map(IntoResponse::into_response)
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}

/// Applies a button that changes the chains; returns the id of the element
/// to focus afterwards, or `None` when the button was "save".
fn rearrange(draft: &mut Draft, action: &str) -> Option<String> {
    if action == "add-chain" {
        draft.chains.push(ChainDraft {
            level: Level::Doelgroep.as_str().into(),
            ..ChainDraft::default()
        });
        return Some(format!("keten-{}", draft.chains.len() - 1));
    }
    let rest = action.strip_prefix("chain-")?;
    let (i, what) = rest.split_once('-')?;
    let i: usize = i.parse().ok()?;
    if i >= draft.chains.len() {
        return None;
    }
    match what {
        "up" if i > 0 => {
            draft.chains.swap(i, i - 1);
            Some(format!("keten-{}", i - 1))
        }
        "down" if i + 1 < draft.chains.len() => {
            draft.chains.swap(i, i + 1);
            Some(format!("keten-{}", i + 1))
        }
        "remove" => {
            draft.chains.remove(i);
            Some("ketens".into())
        }
        "up" | "down" => Some(format!("keten-{i}")),
        _ => None,
    }
}

/// The result of [`store`].
pub enum Outcome {
    /// Stored at `index` with `version`.
    Saved {
        /// Its index in the initiative's sessions.
        index: usize,
        /// Its new version.
        version: i64,
    },
    /// Changed (or removed) by someone else since the version sent.
    Stale {
        /// What is stored now, with its version.
        current: Option<(Session, i64)>,
    },
}

/// Checks a session document by the dataset rules, with references
/// against the stored themes and challenges. Shared by the editor and the API.
pub async fn check(
    state: &AppState,
    value: &Value,
) -> Result<Result<Session, DecodeErrors>, AppError> {
    let terms = state.store.term_ids().await?;
    Ok(uti_core::decode::session(
        "",
        value,
        terms.themes,
        terms.challenges,
    ))
}

/// Stores a checked session (a new one when `index` is `None`), guarded by
/// `version`. Shared by the editor and the API.
pub async fn store(
    state: &AppState,
    id: &str,
    index: Option<usize>,
    session: &Session,
    version: i64,
    actor: &Actor,
) -> Result<Outcome, AppError> {
    match state
        .store
        .save_session(id, index, session, version, actor)
        .await?
    {
        None => Err(AppError::NotFound),
        Some(Saved::Done { index, version }) => Ok(Outcome::Saved { index, version }),
        Some(Saved::Stale { current }) => Ok(Outcome::Stale { current }),
    }
}

/// The message of a refused save: what changed since the user loaded it.
fn conflict_notice(base: Option<&Session>, current: Option<&Session>, lang: Lang) -> Markup {
    let t = |nl, en| lang.pick(nl, en);
    html! {
        div.conflict role="alert" tabindex="-1" id="conflict" {
            h2 { (t("Niet opgeslagen: iemand anders heeft deze sessie intussen gewijzigd", "Not saved: someone else changed this session in the meantime")) }
            @match (base, current) {
                (_, None) => p { (t("De sessie is intussen verwijderd. Uw invoer staat nog in het formulier; met Opslaan legt u die vast als nieuwe sessie.", "The session has been removed meanwhile. Your input is still in the form; Save stores it as a new session.")) },
                (Some(base), Some(current)) => {
                    p { (t("Dit is er intussen veranderd:", "This is what changed meanwhile:")) }
                    @let changes = uti_core::compare::changes(base, current);
                    @if changes.is_empty() {
                        p { (t("(geen inhoudelijke verschillen)", "(no differences in content)")) }
                    } @else {
                        ul { @for c in &changes { li { (c.describe(lang)) } } }
                    }
                    p { (t("Uw eigen wijzigingen zijn niet opgeslagen en staan nog in het formulier hieronder. Neem zo nodig de wijzigingen van de ander over en sla dan opnieuw op; daarmee vervangt u de versie van de ander.", "Your own changes were not saved and are still in the form below. Take over the other person's changes where needed, then save again; that replaces their version.")) }
                }
                (None, Some(_)) => p { (t("Uw eigen wijzigingen staan nog in het formulier hieronder; sla opnieuw op om ze vast te leggen.", "Your own changes are still in the form below; save again to store them.")) },
            }
        }
    }
}

async fn render(
    state: &AppState,
    chrome: &Chrome,
    stored: &StoredInitiative,
    index: Option<usize>,
    draft: &Draft,
    view: &View,
) -> Result<Markup, AppError> {
    let lang = chrome.lang;
    let t = |nl, en| chrome.t(nl, en);
    let snapshot = state.snapshot.get(&state.store).await?;
    let full = snapshot.readable(chrome.viewer.as_ref().ok_or(AppError::Forbidden)?);
    let themes = full.dataset.themes();
    let challenges = full.dataset.challenges();
    let i = &stored.initiative;
    let id = i.id.as_str();
    let action = match index {
        Some(n) => format!("/initiatieven/{id}/sessies/{n}"),
        None => format!("/initiatieven/{id}/sessies/nieuw"),
    };
    let title = match index {
        Some(n) => {
            let s = &i.sessions()[n];
            format!(
                "{} {} – {}",
                t("Sessie van", "Session of"),
                date_text(s.date, lang),
                i.name
            )
        }
        None => format!("{} – {}", t("Nieuwe sessie", "New session"), i.name),
    };
    let e = &view.errors;
    let focus = |elem: &str| view.focus.as_deref() == Some(elem);
    let kinds: Vec<(&str, &str)> = SessionKind::ALL
        .iter()
        .map(|k| (k.as_str(), kind_name(*k, lang)))
        .collect();
    let levels: Vec<(&str, &str)> = Level::ALL
        .iter()
        .map(|l| (l.as_str(), level_name(*l, lang)))
        .collect();
    let mut wpl: Vec<(&str, &str)> = vec![("", t("— niet vastgelegd —", "— not recorded —"))];
    wpl.extend(
        Werkplekleren::ALL
            .iter()
            .map(|w| (w.as_str(), werkplekleren_label(*w, lang))),
    );
    // The latest session, to start a new one from.
    let latest = i
        .sessions()
        .iter()
        .enumerate()
        .max_by_key(|(n, s)| (s.date, *n));
    let taken = !draft.taken_from.is_empty();
    let taken_mark = |what: &str| {
        html! {
            @if taken {
                p.taken { span.badge { (t("overgenomen", "taken over")) } " " (what) " " (t("overgenomen uit de sessie van", "taken over from the session of")) " " (draft.taken_from) "." }
            }
        }
    };
    let body = html! {
        p {
            a href={ "/initiatieven/" (id) } { "← " (i.name) }
            @if let Some(n) = index {
                " · "
                a href={ "/initiatieven/" (id) "/sessies/" (n) "/geschiedenis" } { (t("Geschiedenis van deze sessie", "History of this session")) }
            }
        }
        h1 { (title) }
        @if let Some(c) = &view.conflict { (c) }
        (e.summary(lang, |f| field_label(f, lang)))
        @if index.is_none() && taken {
            p.notice role="status" {
                (t("Deze nieuwe sessie begint met de plot, het werkplekleren en de ketens van de sessie van ", "This new session starts with the plot, workplace learning and chains of the session of "))
                (draft.taken_from)
                (t(". Wat is overgenomen, is zo gemarkeerd; pas aan wat er veranderde. Er is nog niets opgeslagen.", ". What was taken over is marked so; change what has changed. Nothing has been saved yet."))
            }
        }
        @if let (None, false, Some((n, s))) = (index, taken, latest) {
            p.actions {
                a.button.secondary href={ "/initiatieven/" (id) "/sessies/nieuw?van=" (n) } {
                    (t("Begin met de plot en ketens van de sessie van ", "Start from the plot and chains of the session of ")) (date_text(s.date, lang))
                }
            }
        }
        form method="post" action=(action) novalidate {
            (csrf_field(chrome))
            input type="hidden" name="version" value=(view.version);
            @if let Some(base) = &view.base { input type="hidden" name="base" value=(base); }
            @if taken { input type="hidden" name="taken_from" value=(draft.taken_from); }
            // The first button is the one Enter presses: save.
            button.sr-only type="submit" name="action" value="save" tabindex="-1" { (t("Opslaan", "Save")) }
            fieldset {
                legend { (t("De sessie", "The session")) }
                // A text field, as the hint says: a date picker would drop an impossible date unseen.
                (form::required_input(e, "date", t("Datum", "Date"), &draft.date, Some(t("Dag-maand-jaar of jaar-maand-dag, bijv. 15-01-2027 of 2027-01-15.", "Day-month-year or year-month-day, e.g. 15-01-2027 or 2027-01-15.")), lang))
                (form::select(e, "kind", t("Soort sessie", "Kind of session"), kinds.iter().copied(), &draft.kind))
                (form::input(e, "participants", t("Aantal deelnemers (geen namen)", "Number of participants (no names)"), "text", &draft.participants, None))
                (form::textarea(e, "notes", t("Notities of transcript", "Notes or transcript"), &draft.notes, None, 5))
                div.field {
                    input type="checkbox" id="f-draft" name="draft" value="true" checked[draft.draft] aria-describedby="f-draft-hint";
                    label for="f-draft" { (t("Concept", "Draft")) }
                    p.hint id="f-draft-hint" { (t("Een concept is nog niet zichtbaar voor de contactpersonen van andere initiatieven.", "A draft is not yet visible to the contacts of other initiatives.")) }
                }
            }
            section aria-labelledby="ketens" {
                h2 id="ketens" tabindex="-1" autofocus[focus("ketens")] { (t("Redeneerketens (CIMO)", "CIMO chains")) }
                (form::field_errors(e, "cimo"))
                @if draft.chains.is_empty() {
                    p.muted { (t("Nog geen ketens. Voeg er een toe voor elk perspectief dat in de sessie aan bod kwam.", "No chains yet. Add one for each perspective the session covered.")) }
                }
                @for (n, c) in draft.chains.iter().enumerate() {
                    @let key = |k: &str| format!("cimo.{n}.{k}");
                    fieldset.chain.taken[c.taken] id={ "keten-" (n) } tabindex="-1" autofocus[focus(&format!("keten-{n}"))] {
                        legend {
                            (t("Keten", "Chain")) " " (n + 1)
                            @if c.taken { " " span.badge { (t("overgenomen", "taken over")) } }
                        }
                        @if c.taken {
                            input type="hidden" name=(key("taken")) value="true";
                            p.hint { (t("Overgenomen uit de sessie van ", "Taken over from the session of ")) (draft.taken_from) "." }
                        }
                        (form::field_errors(e, &format!("cimo.{n}")))
                        (form::select(e, &key("level"), t("Niveau", "Level"), levels.iter().copied(), &c.level))
                        (form::required_textarea(e, &key("context"), t("Context (C)", "Context (C)"), &c.context, None, 2, lang))
                        (form::required_textarea(e, &key("interventions"), t("Interventies (I)", "Interventions (I)"), &c.interventions, Some(t("Eén per regel; ten minste één.", "One per line; at least one.")), 3, lang))
                        (form::textarea(e, &key("mechanisms"), t("Mechanismen (M)", "Mechanisms (M)"), &c.mechanisms, Some(t("Eén per regel.", "One per line.")), 3))
                        (form::textarea(e, &key("outcomes"), t("Uitkomsten (O)", "Outcomes (O)"), &c.outcomes, Some(t("Eén per regel.", "One per line.")), 3))
                        (term_boxes(e, &key("themes"), t("Thema's", "Themes"), themes, &c.themes, lang))
                        (term_boxes(e, &key("challenges"), t("Gedeelde uitdagingen", "Shared challenges"), challenges, &c.challenges, lang))
                        div.buttons {
                            @if n > 0 {
                                button.secondary type="submit" name="action" value={ "chain-" (n) "-up" } {
                                    "↑ " (t("Omhoog", "Move up")) span.sr-only { ": " (t("keten", "chain")) " " (n + 1) }
                                }
                            }
                            @if n + 1 < draft.chains.len() {
                                button.secondary type="submit" name="action" value={ "chain-" (n) "-down" } {
                                    "↓ " (t("Omlaag", "Move down")) span.sr-only { ": " (t("keten", "chain")) " " (n + 1) }
                                }
                            }
                            button.secondary type="submit" name="action" value={ "chain-" (n) "-remove" } {
                                (t("Verwijderen", "Remove")) span.sr-only { ": " (t("keten", "chain")) " " (n + 1) }
                            }
                        }
                    }
                }
                button.secondary type="submit" name="action" value="add-chain" { "+ " (t("Keten toevoegen", "Add a chain")) }
            }
            section aria-labelledby="plot-kop" {
                h2 id="plot-kop" { (t("Plot van LLO-interventies", "Plot of LLO interventions")) }
                (taken_mark(t("De plot is", "The plot was")))
                p.hint { (t("0 = niet, 1 = in enige mate, 2 = in ruime mate. Laat alle vijf leeg als er (nog) geen plot is.", "0 = not, 1 = to some extent, 2 = extensively. Leave all five empty when there is no plot (yet).")) }
                (form::field_errors(e, "llo"))
                @for (n, ty) in LloType::ALL.iter().enumerate() {
                    @let field = format!("llo.{}", ty.as_str());
                    @let (invalid, described) = form::aria(e, &field, None);
                    fieldset.plot id=(form::field_id(&field)) aria-invalid=[invalid] aria-describedby=[described] {
                        legend { (type_name(*ty, lang)) }
                        (form::field_errors(e, &field))
                        div.choices {
                            @for (value, label) in [("", t("leeg", "empty")), ("0", "0"), ("1", "1"), ("2", "2")] {
                                @let rid = format!("{}-{}", form::field_id(&field), if value.is_empty() { "leeg" } else { value });
                                span {
                                    input type="radio" id=(rid) name=(field) value=(value) checked[draft.scores[n] == value];
                                    label for=(rid) { (label) }
                                }
                            }
                        }
                        (form::textarea(e, &format!("llo_notes.{}", ty.as_str()), &format!("{} {}", t("Hoe het initiatief dit vormgeeft:", "How the initiative gives shape to"), type_name(*ty, lang).to_lowercase()), &draft.score_notes[n], None, 2))
                    }
                }
            }
            section aria-labelledby="wpl-kop" {
                h2 id="wpl-kop" { (t("Werkplekleren en lessen", "Workplace learning and lessons")) }
                (taken_mark(t("Het werkplekleren is", "Workplace learning was")))
                (form::select(e, "werkplekleren", t("Hoe het ontwerp werkplekleren adresseert", "How the design addresses workplace learning"), wpl.iter().copied(), &draft.werkplekleren))
                (form::textarea(e, "werkplekleren_notes", t("Toelichting werkplekleren", "Notes on workplace learning"), &draft.werkplekleren_notes, None, 3))
                (form::textarea(e, "lessons", t("Geleerde lessen", "Lessons learned"), &draft.lessons, Some(t("Eén per regel; vooral bij een afsluitend gesprek.", "One per line; mostly for a closing interview.")), 4))
            }
            div.buttons {
                button type="submit" name="action" value="save" { (t("Opslaan", "Save")) }
                a href={ "/initiatieven/" (id) } { (t("Annuleren", "Cancel")) }
            }
        }
        @if let (Some(n), Some(_)) = (index, &view.base) {
            form.danger method="post" action={ "/initiatieven/" (id) "/sessies/" (n) "/verwijderen" } {
                h2 { (t("Sessie verwijderen", "Remove the session")) }
                (csrf_field(chrome))
                input type="hidden" name="version" value=(view.version);
                div.field {
                    input type="checkbox" id="bevestig" name="confirm" value="ja" required;
                    label for="bevestig" { (t("Ja, verwijder deze sessie met al haar ketens en haar plot.", "Yes, remove this session with all its chains and its plot.")) }
                }
                button.danger type="submit" { (t("Sessie verwijderen", "Remove the session")) }
            }
        }
    };
    Ok(layout::page(chrome, &title, body))
}

/// A short label for a workplace-learning value.
fn werkplekleren_label(w: Werkplekleren, lang: Lang) -> &'static str {
    match w {
        Werkplekleren::ZetIn => lang.pick("zet werkplekleren in", "includes workplace learning"),
        Werkplekleren::Beoogt => lang.pick(
            "beoogt werkplekleren op gang te brengen",
            "aims to set workplace learning in motion",
        ),
        Werkplekleren::Waardeert => lang.pick(
            "waardeert en certificeert werkplekleren",
            "values and certifies workplace learning",
        ),
        Werkplekleren::KanAanwakkeren => lang.pick(
            "kan werkplekleren verder aanwakkeren",
            "could stimulate workplace learning further",
        ),
        Werkplekleren::Geen => lang.pick("geen aandacht voor werkplekleren", "not addressed"),
    }
}

/// Check boxes for the themes or challenges a chain speaks to.
fn term_boxes(
    errors: &FieldErrors,
    field: &str,
    legend: &str,
    terms: &[uti_core::model::Term],
    checked: &[String],
    lang: Lang,
) -> Markup {
    let (invalid, described) = form::aria(errors, field, None);
    html! {
        fieldset.terms id=(form::field_id(field)) aria-invalid=[invalid] aria-describedby=[described] {
            legend { (legend) }
            (form::field_errors(errors, field))
            @if terms.is_empty() {
                p.muted { (lang.pick("Nog geen vastgelegd.", "None recorded yet.")) }
            }
            @for term in terms {
                @let box_id = format!("{}-{}", form::field_id(field), term.id.as_str());
                span {
                    input type="checkbox" id=(box_id) name=(field) value=(term.id.as_str()) checked[checked.iter().any(|c| c == term.id.as_str())];
                    label for=(box_id) { (term.name) }
                }
            }
            // A reference the list no longer has stays visible, so the rule's error can be seen and mended.
            @for unknown in checked.iter().filter(|c| !terms.iter().any(|t| t.id.as_str() == c.as_str())) {
                @let box_id = format!("{}-{}", form::field_id(field), unknown);
                span {
                    input type="checkbox" id=(box_id) name=(field) value=(unknown) checked;
                    label for=(box_id) { (unknown) " (" (lang.pick("onbekend", "unknown")) ")" }
                }
            }
        }
    }
}

/// `POST /initiatieven/{id}/sessies/{n}/verwijderen`.
pub async fn remove(
    State(state): State<AppState>,
    PageLang(lang): PageLang,
    viewer: Viewer,
    Path((id, n)): Path<(String, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Response {
    let chrome = Chrome::new(lang, &viewer, &format!("/initiatieven/{id}/sessies/{n}"));
    let fields = Fields(fields);
    let result = async {
        viewer.authorize_change(Some(fields.get("csrf")))?;
        let n: usize = n.parse().map_err(|_| AppError::NotFound)?;
        if fields.get("confirm") != "ja" {
            return Err(AppError::BadRequest(
                lang.pick(
                    "Vink eerst aan dat u de sessie wilt verwijderen.",
                    "First tick that you want to remove the session.",
                )
                .into(),
            ));
        }
        let version = fields.get("version").parse().unwrap_or(0);
        match state
            .store
            .delete_session(&id, n, version, &viewer.actor(Via::Web))
            .await?
        {
            None => Err(AppError::NotFound),
            Some(Saved::Done { .. }) => Ok(Redirect::to(&format!(
                "/initiatieven/{id}?melding=sessie-verwijderd#sessies"
            ))
            .into_response()),
            Some(Saved::Stale { current: None }) => Err(AppError::NotFound),
            Some(Saved::Stale { current: Some(_) }) => Err(AppError::Conflict(
                lang.pick(
                    "Niet verwijderd: iemand anders heeft deze sessie intussen gewijzigd. Open haar opnieuw, bekijk de wijzigingen en beslis dan.",
                    "Not removed: someone else changed this session in the meantime. Open it again, look at the changes, then decide.",
                )
                .into(),
            )),
        }
    }
    .await;
    crate::kernel::error::respond(result, &chrome)
}
