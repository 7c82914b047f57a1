//! Comparing designs. [`compare_sessions`] puts two sessions of one
//! initiative side by side (by default the intended design and the latest
//! design in action, see [`default_pair`]): the score of each LLO type, and
//! per level the interventions, mechanisms, outcomes, themes and
//! challenges that were added, dropped or kept.
//!
//! [`changes`] is something else: it lists, field by field, what differs
//! between two *versions of the same session* (say the one a user loaded
//! and the one stored since), in words for people ([`Change::describe`]).

use crate::lang::Lang;
use crate::model::{
    Chain, Initiative, Level, LloType, Plot, Score, Session, SessionKind, Werkplekleren,
};
use crate::prose::{kind_name, type_name};
use crate::values::{IsoDate, Slug};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

// ------------------------------------------------------------ comparison --

/// The same thing in session A and in session B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Pair<T> {
    /// In the first session.
    pub a: T,
    /// In the second session.
    pub b: T,
}

/// Which session is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SessionInfo {
    /// When it was held.
    pub date: IsoDate,
    /// What kind of session.
    pub kind: SessionKind,
    /// Whether it has a plot.
    pub has_plot: bool,
}

/// Two sessions of one initiative side by side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SessionComparison {
    /// The two sessions.
    pub sessions: Pair<SessionInfo>,
    /// One entry per LLO type, in the order of [`LloType::ALL`].
    pub scores: Vec<ScoreComparison>,
    /// How each design addresses workplace learning.
    pub werkplekleren: Pair<Option<Werkplekleren>>,
    /// One entry per level, in the order of [`Level::ALL`].
    pub levels: Vec<LevelComparison>,
}

impl SessionComparison {
    /// Whether any score differs (a missing plot is not a difference in score).
    pub fn scores_changed(&self) -> bool {
        self.scores.iter().any(ScoreComparison::changed)
    }

    /// The comparison of one level.
    pub fn level(&self, level: Level) -> &LevelComparison {
        &self.levels[level.index()]
    }
}

/// The score of one LLO type in both sessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ScoreComparison {
    /// The type.
    #[serde(rename = "type")]
    pub llo_type: LloType,
    /// Its score in A; `None` when A has no plot.
    pub a: Option<Score>,
    /// Its score in B; `None` when B has no plot.
    pub b: Option<Score>,
    /// B minus A; `None` when either has no plot.
    pub change: Option<i8>,
}

impl ScoreComparison {
    /// Whether both sessions have a plot and the score differs.
    pub fn changed(&self) -> bool {
        self.change.is_some_and(|c| c != 0)
    }
}

/// What was added, dropped and kept between A and B.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diff<T> {
    /// In B, not in A (as written in B), in B's order.
    pub added: Vec<T>,
    /// In A, not in B (as written in A), in A's order.
    pub dropped: Vec<T>,
    /// In both (as written in B), in B's order.
    pub kept: Vec<T>,
}

impl<T> Diff<T> {
    /// Whether nothing was added or dropped.
    pub fn unchanged(&self) -> bool {
        self.added.is_empty() && self.dropped.is_empty()
    }

    /// Whether neither session has anything here.
    pub fn is_empty(&self) -> bool {
        self.unchanged() && self.kept.is_empty()
    }
}

/// The CIMO chains of one level in both sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LevelComparison {
    /// The level.
    pub level: Level,
    /// Number of chains at this level in A and in B.
    pub chains: Pair<usize>,
    /// Interventions (I).
    pub interventions: Diff<String>,
    /// Mechanisms (M).
    pub mechanisms: Diff<String>,
    /// Outcomes (O).
    pub outcomes: Diff<String>,
    /// Themes referenced, by id.
    pub themes: Diff<Slug>,
    /// Challenges referenced, by id.
    pub challenges: Diff<Slug>,
}

impl LevelComparison {
    /// Whether neither session has a chain at this level.
    pub fn in_neither(&self) -> bool {
        self.chains.a == 0 && self.chains.b == 0
    }

    /// Whether anything at this level was added or dropped.
    pub fn changed(&self) -> bool {
        !(self.interventions.unchanged()
            && self.mechanisms.unchanged()
            && self.outcomes.unchanged()
            && self.themes.unchanged()
            && self.challenges.unchanged())
    }
}

/// A text reduced for comparison: trimmed, runs of whitespace made one
/// space, lower case. `" Open  Badge"` and `"open badge"` are the same item.
pub fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Keeps the first of the items that share a key, in order.
fn unique<T>(items: impl IntoIterator<Item = T>, key: &impl Fn(&T) -> String) -> Vec<(String, T)> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter_map(|item| {
            let k = key(&item);
            seen.insert(k.clone()).then_some((k, item))
        })
        .collect()
}

/// Added, dropped and kept items between two lists, compared by `key`.
fn diff<T>(
    a: impl IntoIterator<Item = T>,
    b: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> String,
) -> Diff<T> {
    let a = unique(a, &key);
    let b = unique(b, &key);
    let in_a: HashSet<&str> = a.iter().map(|(k, _)| k.as_str()).collect();
    let in_b: HashSet<String> = b.iter().map(|(k, _)| k.clone()).collect();
    let (kept, added): (Vec<_>, Vec<_>) =
        b.into_iter().partition(|(k, _)| in_a.contains(k.as_str()));
    let dropped = a
        .into_iter()
        .filter(|(k, _)| !in_b.contains(k))
        .map(|(_, item)| item)
        .collect();
    Diff {
        added: added.into_iter().map(|(_, item)| item).collect(),
        dropped,
        kept: kept.into_iter().map(|(_, item)| item).collect(),
    }
}

/// The texts of one part of the chains of a level.
fn texts<'s>(
    session: &'s Session,
    level: Level,
    part: impl Fn(&'s Chain) -> &'s [String],
) -> Vec<String> {
    session
        .chains()
        .iter()
        .filter(|c| c.level == level)
        .flat_map(part)
        .cloned()
        .collect()
}

/// The ids of one kind the chains of a level refer to.
fn ids<'s>(
    session: &'s Session,
    level: Level,
    part: impl Fn(&'s Chain) -> Option<&'s Vec<Slug>>,
) -> Vec<Slug> {
    session
        .chains()
        .iter()
        .filter(|c| c.level == level)
        .filter_map(part)
        .flatten()
        .cloned()
        .collect()
}

fn compare_level(a: &Session, b: &Session, level: Level) -> LevelComparison {
    let count = |s: &Session| s.chains().iter().filter(|c| c.level == level).count();
    let text_diff = |part: fn(&Chain) -> &[String]| {
        diff(
            texts(a, level, part),
            texts(b, level, part),
            |t: &String| normalise(t),
        )
    };
    let id_diff = |part: fn(&Chain) -> Option<&Vec<Slug>>| {
        diff(ids(a, level, part), ids(b, level, part), |s: &Slug| {
            s.as_str().to_owned()
        })
    };
    LevelComparison {
        level,
        chains: Pair {
            a: count(a),
            b: count(b),
        },
        interventions: text_diff(|c| &c.interventions),
        mechanisms: text_diff(|c| c.mechanisms.as_deref().unwrap_or_default()),
        outcomes: text_diff(|c| c.outcomes.as_deref().unwrap_or_default()),
        themes: id_diff(|c| c.themes.as_ref()),
        challenges: id_diff(|c| c.challenges.as_ref()),
    }
}

/// Compares session `a` (usually the earlier) with session `b`: every
/// score, workplace learning, and per level what was added, dropped and
/// kept. Texts are compared trimmed, with whitespace collapsed and without
/// regard to case ([`normalise`]); each list keeps the first-seen order and
/// holds no item twice.
pub fn compare_sessions(a: &Session, b: &Session) -> SessionComparison {
    let info = |s: &Session| SessionInfo {
        date: s.date,
        kind: s.kind,
        has_plot: s.llo.is_some(),
    };
    let scores = LloType::ALL
        .iter()
        .map(|t| {
            let sa = a.llo.as_ref().map(|p| p.get(*t));
            let sb = b.llo.as_ref().map(|p| p.get(*t));
            let change = sa.zip(sb).map(|(x, y)| y.value() as i8 - x.value() as i8);
            ScoreComparison {
                llo_type: *t,
                a: sa,
                b: sb,
                change,
            }
        })
        .collect();
    SessionComparison {
        sessions: Pair {
            a: info(a),
            b: info(b),
        },
        scores,
        werkplekleren: Pair {
            a: a.werkplekleren,
            b: b.werkplekleren,
        },
        levels: Level::ALL.iter().map(|l| compare_level(a, b, *l)).collect(),
    }
}

/// The pair to compare by default, as indexes in the initiative's session
/// list: the intended design (the earliest `beoogd-ontwerp` by date) and
/// the latest `ontwerp-in-actie` by date. When either kind is missing, the
/// two most recent sessions by date, older first. Sessions on the same date
/// count in file order. `None` with fewer than two sessions.
pub fn default_pair(initiative: &Initiative) -> Option<(usize, usize)> {
    let sessions = initiative.sessions();
    if sessions.len() < 2 {
        return None;
    }
    let mut by_date: Vec<(usize, &Session)> = sessions.iter().enumerate().collect();
    by_date.sort_by_key(|(n, s)| (s.date, *n));
    let intended = by_date
        .iter()
        .find(|(_, s)| s.kind == SessionKind::BeoogdOntwerp)
        .map(|(n, _)| *n);
    let in_action = by_date
        .iter()
        .rev()
        .find(|(_, s)| s.kind == SessionKind::OntwerpInActie)
        .map(|(n, _)| *n);
    match (intended, in_action) {
        (Some(a), Some(b)) => Some((a, b)),
        _ => {
            let [.., (older, _), (newer, _)] = by_date.as_slice() else {
                return None;
            };
            Some((*older, *newer))
        }
    }
}

// --------------------------------------------------------------- changes --

/// How an optional field or an entry changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Edit {
    /// It was absent and is now there.
    Added,
    /// It was there and is now absent.
    Removed,
    /// It is there in both, with another content.
    Changed,
}

impl Edit {
    fn of<T: PartialEq>(a: Option<&T>, b: Option<&T>) -> Option<Edit> {
        match (a, b) {
            (None, Some(_)) => Some(Edit::Added),
            (Some(_), None) => Some(Edit::Removed),
            (Some(x), Some(y)) if x != y => Some(Edit::Changed),
            _ => None,
        }
    }

    fn word(self, lang: Lang) -> &'static str {
        match self {
            Edit::Added => lang.pick("toegevoegd", "added"),
            Edit::Removed => lang.pick("verwijderd", "removed"),
            Edit::Changed => lang.pick("gewijzigd", "changed"),
        }
    }
}

/// A list of a session that can be present but empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SessionList {
    /// `cimo`.
    Chains,
    /// `llo_notes`.
    LloNotes,
    /// `lessons`.
    Lessons,
}

/// A list inside a CIMO chain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainList {
    /// `interventions`.
    Interventions,
    /// `mechanisms`.
    Mechanisms,
    /// `outcomes`.
    Outcomes,
    /// `challenges`.
    Challenges,
    /// `themes`.
    Themes,
}

impl ChainList {
    const ALL: [ChainList; 5] = [
        ChainList::Interventions,
        ChainList::Mechanisms,
        ChainList::Outcomes,
        ChainList::Challenges,
        ChainList::Themes,
    ];

    /// The list as texts; `None` when the key is absent.
    fn of(self, chain: &Chain) -> Option<Vec<String>> {
        let slugs = |s: &Option<Vec<Slug>>| {
            s.as_ref()
                .map(|v| v.iter().map(|x| x.as_str().to_owned()).collect())
        };
        match self {
            ChainList::Interventions => Some(chain.interventions.clone()),
            ChainList::Mechanisms => chain.mechanisms.clone(),
            ChainList::Outcomes => chain.outcomes.clone(),
            ChainList::Challenges => slugs(&chain.challenges),
            ChainList::Themes => slugs(&chain.themes),
        }
    }

    fn one(self, lang: Lang) -> &'static str {
        match self {
            ChainList::Interventions => lang.pick("interventie", "intervention"),
            ChainList::Mechanisms => lang.pick("mechanisme", "mechanism"),
            ChainList::Outcomes => lang.pick("uitkomst", "outcome"),
            ChainList::Challenges => lang.pick("uitdaging", "challenge"),
            ChainList::Themes => lang.pick("thema", "theme"),
        }
    }

    fn many(self, lang: Lang) -> &'static str {
        match self {
            ChainList::Interventions => lang.pick("interventies", "interventions"),
            ChainList::Mechanisms => lang.pick("mechanismen", "mechanisms"),
            ChainList::Outcomes => lang.pick("uitkomsten", "outcomes"),
            ChainList::Challenges => lang.pick("uitdagingen", "challenges"),
            ChainList::Themes => lang.pick("thema's", "themes"),
        }
    }
}

/// What changed inside one CIMO chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum ChainPartChange {
    /// Its level.
    Level {
        /// Before.
        from: Level,
        /// After.
        to: Level,
    },
    /// Its context text.
    Context,
    /// Items of one of its lists: added and removed (exact text), and
    /// whether the items both versions have now stand in another order.
    List {
        /// Which list.
        list: ChainList,
        /// Items only in the new version (repeated items count).
        added: Vec<String>,
        /// Items only in the old version.
        removed: Vec<String>,
        /// Whether the common items changed order.
        reordered: bool,
    },
    /// A list with no items appeared (`present`) or disappeared.
    EmptyList {
        /// Which list.
        list: ChainList,
        /// Whether the new version has it.
        present: bool,
    },
}

/// What happened to one CIMO chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "edit", rename_all = "snake_case")]
pub enum ChainEdit {
    /// New; its context, to recognise it.
    Added {
        /// Its context.
        context: String,
    },
    /// Gone; its context, to recognise it.
    Removed {
        /// Its context.
        context: String,
    },
    /// The same chain, now at another position.
    Moved {
        /// Its number in the old version.
        was: usize,
    },
    /// Changed in these parts.
    Changed {
        /// Its number in the old version, when that differs.
        was: Option<usize>,
        /// What changed, in the order of the chain's keys.
        parts: Vec<ChainPartChange>,
    },
}

/// One difference between two versions of the same session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "field", rename_all = "snake_case")]
pub enum Change {
    /// `date`.
    Date {
        /// Before.
        from: IsoDate,
        /// After.
        to: IsoDate,
    },
    /// `kind`.
    Kind {
        /// Before.
        from: SessionKind,
        /// After.
        to: SessionKind,
    },
    /// `participants`.
    Participants {
        /// Before.
        from: Option<u32>,
        /// After.
        to: Option<u32>,
    },
    /// `notes`.
    Notes {
        /// How.
        edit: Edit,
    },
    /// A CIMO chain, numbered from 1 in the session's list: its number in
    /// the new version, or in the old one when it was removed.
    Chain {
        /// Its number.
        number: usize,
        /// Its level (in the new version, unless removed).
        level: Level,
        /// What happened to it.
        edit: ChainEdit,
    },
    /// The plot as a whole appeared or disappeared.
    Plot {
        /// Before.
        from: Option<Plot>,
        /// After.
        to: Option<Plot>,
    },
    /// One score of a plot both versions have.
    Score {
        /// The type.
        #[serde(rename = "type")]
        llo_type: LloType,
        /// Before.
        from: Score,
        /// After.
        to: Score,
    },
    /// The note on how the initiative gives shape to one type.
    LloNote {
        /// The type.
        #[serde(rename = "type")]
        llo_type: LloType,
        /// How.
        edit: Edit,
    },
    /// `draft`: the session became a draft (`true`) or was released (`false`).
    Draft {
        /// Whether it is a draft now.
        now: bool,
    },
    /// `werkplekleren`.
    Werkplekleren {
        /// Before.
        from: Option<Werkplekleren>,
        /// After.
        to: Option<Werkplekleren>,
    },
    /// `werkplekleren_notes`.
    WerkpleklerenNotes {
        /// How.
        edit: Edit,
    },
    /// A lesson learned added or removed (`Edit::Changed` does not occur:
    /// an edited lesson is one removed and one added).
    Lesson {
        /// Added or removed.
        edit: Edit,
        /// The lesson.
        text: String,
    },
    /// The lessons both versions have now stand in another order.
    LessonsReordered,
    /// A list with no items appeared (`present`) or disappeared.
    EmptyList {
        /// Which list.
        list: SessionList,
        /// Whether the new version has it.
        present: bool,
    },
}

/// A value that may be absent, for people.
fn or_none<T: ToString>(value: Option<T>, lang: Lang) -> String {
    value.map_or_else(
        || lang.pick("niet ingevuld", "not given").to_owned(),
        |v| v.to_string(),
    )
}

/// `opleiden 2, community-vorming 1, ...`.
fn plot_text(plot: &Plot, lang: Lang) -> String {
    LloType::ALL
        .iter()
        .map(|t| format!("{} {}", type_name(*t, lang), plot.get(*t).value()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The level of a chain in running text.
fn level_word(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Doelgroep => lang.pick("doelgroep", "participants"),
        Level::Werkgevers => lang.pick("werkgevers", "employers"),
        Level::Regio => lang.pick("regio", "region"),
    }
}

/// A text quoted, shortened to about 80 characters.
pub fn quote(text: &str) -> String {
    const MAX: usize = 80;
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX {
        format!("“{text}”")
    } else {
        let short: String = text.chars().take(MAX - 1).collect();
        format!("“{}…”", short.trim_end())
    }
}

fn describe_part(part: &ChainPartChange, lang: Lang) -> String {
    match part {
        ChainPartChange::Level { from, to } => format!(
            "{} {} → {}",
            lang.pick("niveau", "level"),
            level_word(*from, lang),
            level_word(*to, lang)
        ),
        ChainPartChange::Context => lang.pick("context gewijzigd", "context changed").to_owned(),
        ChainPartChange::List {
            list,
            added,
            removed,
            reordered,
        } => {
            let mut out: Vec<String> = Vec::new();
            for item in added {
                out.push(format!(
                    "{} {}: {}",
                    list.one(lang),
                    Edit::Added.word(lang),
                    quote(item)
                ));
            }
            for item in removed {
                out.push(format!(
                    "{} {}: {}",
                    list.one(lang),
                    Edit::Removed.word(lang),
                    quote(item)
                ));
            }
            if *reordered || out.is_empty() {
                out.push(match lang {
                    Lang::Nl => format!("volgorde van de {} gewijzigd", list.many(lang)),
                    Lang::En => format!("order of the {} changed", list.many(lang)),
                });
            }
            out.join("; ")
        }
        ChainPartChange::EmptyList { list, present } => {
            let edit = if *present { Edit::Added } else { Edit::Removed };
            match lang {
                Lang::Nl => format!("lege lijst van {} {}", list.many(lang), edit.word(lang)),
                Lang::En => format!("empty list of {} {}", list.many(lang), edit.word(lang)),
            }
        }
    }
}

impl Change {
    /// The change in a short sentence for people, such as
    /// `Aantal deelnemers: 4 → 6` or `Keten 2 (werkgevers) verwijderd: “…”`.
    pub fn describe(&self, lang: Lang) -> String {
        match self {
            Change::Date { from, to } => format!("{}: {from} → {to}", lang.pick("Datum", "Date")),
            Change::Kind { from, to } => format!(
                "{}: {} → {}",
                lang.pick("Soort sessie", "Kind of session"),
                kind_name(*from, lang),
                kind_name(*to, lang)
            ),
            Change::Participants { from, to } => format!(
                "{}: {} → {}",
                lang.pick("Aantal deelnemers", "Number of participants"),
                or_none(*from, lang),
                or_none(*to, lang)
            ),
            Change::Notes { edit } => {
                format!("{} {}", lang.pick("Notities", "Notes"), edit.word(lang))
            }
            Change::Chain {
                number,
                level,
                edit,
            } => {
                let was = match edit {
                    ChainEdit::Moved { was } | ChainEdit::Changed { was: Some(was), .. } => {
                        format!(", {} {was}", lang.pick("was keten", "was chain"))
                    }
                    _ => String::new(),
                };
                let chain = format!(
                    "{} {number} ({}{was})",
                    lang.pick("Keten", "Chain"),
                    level_word(*level, lang)
                );
                match edit {
                    ChainEdit::Added { context } => {
                        format!("{chain} {}: {}", Edit::Added.word(lang), quote(context))
                    }
                    ChainEdit::Removed { context } => {
                        format!("{chain} {}: {}", Edit::Removed.word(lang), quote(context))
                    }
                    ChainEdit::Moved { .. } => {
                        format!("{chain} {}", lang.pick("verplaatst", "moved"))
                    }
                    ChainEdit::Changed { parts, .. } => {
                        let parts: Vec<String> =
                            parts.iter().map(|p| describe_part(p, lang)).collect();
                        format!("{chain} {}: {}", Edit::Changed.word(lang), parts.join("; "))
                    }
                }
            }
            Change::Plot { from, to } => match (from, to) {
                (None, Some(p)) => format!(
                    "{}: {}",
                    lang.pick("Plot toegevoegd", "Plot added"),
                    plot_text(p, lang)
                ),
                (Some(p), None) => format!(
                    "{} ({}: {})",
                    lang.pick("Plot verwijderd", "Plot removed"),
                    lang.pick("was", "was"),
                    plot_text(p, lang)
                ),
                (Some(p), Some(q)) => {
                    format!("Plot: {} → {}", plot_text(p, lang), plot_text(q, lang))
                }
                (None, None) => lang.pick("Plot ongewijzigd", "Plot unchanged").to_owned(),
            },
            Change::Score { llo_type, from, to } => format!(
                "Plot {}: {} → {}",
                type_name(*llo_type, lang),
                from.value(),
                to.value()
            ),
            Change::LloNote { llo_type, edit } => format!(
                "{} {} {}",
                lang.pick("Toelichting bij", "Note on"),
                type_name(*llo_type, lang),
                edit.word(lang)
            ),
            Change::Draft { now: true } => lang
                .pick(
                    "Weer concept gemaakt (niet zichtbaar voor contactpersonen van andere initiatieven)",
                    "Made a draft again (hidden from contacts of other initiatives)",
                )
                .to_owned(),
            Change::Draft { now: false } => lang
                .pick("Vrijgegeven (geen concept meer)", "Released (no longer a draft)")
                .to_owned(),
            Change::Werkplekleren { from, to } => format!(
                "{}: {} → {}",
                lang.pick("Werkplekleren", "Workplace learning"),
                or_none(*from, lang),
                or_none(*to, lang)
            ),
            Change::WerkpleklerenNotes { edit } => format!(
                "{} {}",
                lang.pick(
                    "Toelichting bij werkplekleren",
                    "Note on workplace learning"
                ),
                edit.word(lang)
            ),
            Change::Lesson { edit, text } => format!(
                "{} {}: {}",
                lang.pick("Geleerde les", "Lesson learned"),
                edit.word(lang),
                text
            ),
            Change::LessonsReordered => lang
                .pick(
                    "Volgorde van de geleerde lessen gewijzigd",
                    "Order of the lessons learned changed",
                )
                .to_owned(),
            Change::EmptyList { list, present } => {
                let name = match list {
                    SessionList::Chains => lang.pick("ketens", "chains"),
                    SessionList::LloNotes => lang.pick("toelichtingen per type", "notes per type"),
                    SessionList::Lessons => lang.pick("geleerde lessen", "lessons learned"),
                };
                let edit = if *present { Edit::Added } else { Edit::Removed };
                match lang {
                    Lang::Nl => format!("Lege lijst van {name} {}", edit.word(lang)),
                    Lang::En => format!("Empty list of {name} {}", edit.word(lang)),
                }
            }
        }
    }
}

/// Items only in `b`, items only in `a` (both as multisets, exact text),
/// and whether the items they share stand in another order.
fn list_changes(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>, bool) {
    let matched = |from: &[String], against: &[String]| -> (Vec<String>, Vec<String>) {
        let mut left: HashMap<&str, usize> = HashMap::new();
        for x in against {
            *left.entry(x.as_str()).or_default() += 1;
        }
        let mut common = Vec::new();
        let mut only = Vec::new();
        for x in from {
            match left.get_mut(x.as_str()) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    common.push(x.clone());
                }
                _ => only.push(x.clone()),
            }
        }
        (common, only)
    };
    let (common_b, added) = matched(b, a);
    let (common_a, removed) = matched(a, b);
    (added, removed, common_a != common_b)
}

/// What changed inside a chain, in the order of its keys.
fn chain_parts(a: &Chain, b: &Chain) -> Vec<ChainPartChange> {
    let mut parts = Vec::new();
    if a.level != b.level {
        parts.push(ChainPartChange::Level {
            from: a.level,
            to: b.level,
        });
    }
    if a.context != b.context {
        parts.push(ChainPartChange::Context);
    }
    for list in ChainList::ALL {
        let (x, y) = (list.of(a), list.of(b));
        if x == y {
            continue;
        }
        let (xs, ys) = (x.clone().unwrap_or_default(), y.clone().unwrap_or_default());
        if xs == ys {
            parts.push(ChainPartChange::EmptyList {
                list,
                present: y.is_some(),
            });
        } else {
            let (added, removed, reordered) = list_changes(&xs, &ys);
            parts.push(ChainPartChange::List {
                list,
                added,
                removed,
                reordered,
            });
        }
    }
    parts
}

/// Pairs of indexes of equal chains that keep their order, as many as can be.
fn common_chains(a: &[Chain], b: &[Chain]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    let mut table = vec![vec![0usize; m + 1]; n + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if a[i] == b[j] {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if table[i + 1][j] >= table[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// The changes of the chains: equal chains that keep their order are
/// left out; of the others, equal chains are moves, then chains with the
/// same context (compared as in [`normalise`]) and then chains of the same
/// level are taken to be one chain changed; the rest are added or removed.
fn chain_changes(a: &[Chain], b: &[Chain]) -> Vec<Change> {
    let common = common_chains(a, b);
    let mut free_a: Vec<bool> = vec![true; a.len()];
    let mut free_b: Vec<bool> = vec![true; b.len()];
    for (i, j) in &common {
        free_a[*i] = false;
        free_b[*j] = false;
    }
    // partner[j] = the chain of `a` that chain j of `b` was.
    let mut partner: Vec<Option<usize>> = vec![None; b.len()];
    let passes: [fn(&Chain, &Chain) -> bool; 3] = [
        |x, y| x == y,
        |x, y| normalise(&x.context) == normalise(&y.context),
        |x, y| x.level == y.level,
    ];
    for same in passes {
        for j in 0..b.len() {
            if !free_b[j] {
                continue;
            }
            if let Some(i) = (0..a.len()).find(|&i| free_a[i] && same(&a[i], &b[j])) {
                free_a[i] = false;
                free_b[j] = false;
                partner[j] = Some(i);
            }
        }
    }
    let mut out = Vec::new();
    for (j, chain) in b.iter().enumerate() {
        let edit = match partner[j] {
            // Equal and in place: others moved around it.
            Some(i) if a[i] == *chain && i == j => continue,
            Some(i) if a[i] == *chain => ChainEdit::Moved { was: i + 1 },
            Some(i) => ChainEdit::Changed {
                was: (i != j).then_some(i + 1),
                parts: chain_parts(&a[i], chain),
            },
            None if free_b[j] => ChainEdit::Added {
                context: chain.context.clone(),
            },
            None => continue,
        };
        out.push(Change::Chain {
            number: j + 1,
            level: chain.level,
            edit,
        });
    }
    for (i, chain) in a.iter().enumerate() {
        if free_a[i] {
            out.push(Change::Chain {
                number: i + 1,
                level: chain.level,
                edit: ChainEdit::Removed {
                    context: chain.context.clone(),
                },
            });
        }
    }
    out
}

/// Everything that differs between two versions of the same session, `a`
/// the older (say the one a user loaded) and `b` the newer (the one stored
/// since), in the order of the session's keys. Empty exactly when the two
/// are equal. Texts are compared exactly: a changed space is a change.
pub fn changes(a: &Session, b: &Session) -> Vec<Change> {
    let mut out = Vec::new();
    if a.date != b.date {
        out.push(Change::Date {
            from: a.date,
            to: b.date,
        });
    }
    if a.kind != b.kind {
        out.push(Change::Kind {
            from: a.kind,
            to: b.kind,
        });
    }
    if a.participants != b.participants {
        out.push(Change::Participants {
            from: a.participants,
            to: b.participants,
        });
    }
    if let Some(edit) = Edit::of(a.notes.as_ref(), b.notes.as_ref()) {
        out.push(Change::Notes { edit });
    }
    if a.cimo != b.cimo {
        if a.chains() == b.chains() {
            out.push(Change::EmptyList {
                list: SessionList::Chains,
                present: b.cimo.is_some(),
            });
        } else {
            out.extend(chain_changes(a.chains(), b.chains()));
        }
    }
    match (&a.llo, &b.llo) {
        (Some(p), Some(q)) => {
            for t in LloType::ALL {
                if p.get(*t) != q.get(*t) {
                    out.push(Change::Score {
                        llo_type: *t,
                        from: p.get(*t),
                        to: q.get(*t),
                    });
                }
            }
        }
        (None, None) => {}
        (from, to) => out.push(Change::Plot {
            from: *from,
            to: *to,
        }),
    }
    if a.llo_notes != b.llo_notes {
        let note = |s: &Session, t: LloType| s.llo_notes.as_ref().and_then(|n| n.get(&t)).cloned();
        let before = out.len();
        for t in LloType::ALL {
            if let Some(edit) = Edit::of(note(a, *t).as_ref(), note(b, *t).as_ref()) {
                out.push(Change::LloNote { llo_type: *t, edit });
            }
        }
        if out.len() == before {
            out.push(Change::EmptyList {
                list: SessionList::LloNotes,
                present: b.llo_notes.is_some(),
            });
        }
    }
    if a.draft != b.draft {
        out.push(Change::Draft { now: b.draft });
    }
    if a.werkplekleren != b.werkplekleren {
        out.push(Change::Werkplekleren {
            from: a.werkplekleren,
            to: b.werkplekleren,
        });
    }
    if let Some(edit) = Edit::of(
        a.werkplekleren_notes.as_ref(),
        b.werkplekleren_notes.as_ref(),
    ) {
        out.push(Change::WerkpleklerenNotes { edit });
    }
    if a.lessons != b.lessons {
        let (xs, ys) = (
            a.lessons.clone().unwrap_or_default(),
            b.lessons.clone().unwrap_or_default(),
        );
        if xs == ys {
            out.push(Change::EmptyList {
                list: SessionList::Lessons,
                present: b.lessons.is_some(),
            });
        } else {
            let (added, removed, reordered) = list_changes(&xs, &ys);
            out.extend(added.into_iter().map(|text| Change::Lesson {
                edit: Edit::Added,
                text,
            }));
            out.extend(removed.into_iter().map(|text| Change::Lesson {
                edit: Edit::Removed,
                text,
            }));
            if reordered {
                out.push(Change::LessonsReordered);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Initiative;
    use std::collections::BTreeMap;

    fn date(text: &str) -> IsoDate {
        IsoDate::parse(text).unwrap()
    }

    fn plot(scores: [u8; 5]) -> Plot {
        Plot::from_scores(scores.map(|s| Score::new(s).unwrap()))
    }

    fn slugs(ids: &[&str]) -> Option<Vec<Slug>> {
        Some(ids.iter().map(|s| Slug::parse(s).unwrap()).collect())
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn chain(level: Level, context: &str, interventions: &[&str]) -> Chain {
        Chain {
            level,
            context: context.to_owned(),
            interventions: strings(interventions),
            mechanisms: None,
            outcomes: None,
            challenges: None,
            themes: None,
        }
    }

    fn session(day: &str, kind: SessionKind) -> Session {
        Session {
            date: date(day),
            kind,
            participants: None,
            notes: None,
            cimo: None,
            llo: None,
            llo_notes: None,
            werkplekleren: None,
            werkplekleren_notes: None,
            lessons: None,
            draft: false,
        }
    }

    fn initiative(sessions: Vec<Session>) -> Initiative {
        Initiative {
            id: Slug::parse("x").unwrap(),
            name: "X".into(),
            short_name: None,
            sectors: None,
            target_groups: None,
            problem: None,
            website: None,
            partners: None,
            sessions: Some(sessions),
        }
    }

    #[test]
    fn scores_are_compared_per_type_and_a_missing_plot_is_none() {
        let mut a = session("2024-01-01", SessionKind::BeoogdOntwerp);
        let mut b = session("2024-06-01", SessionKind::OntwerpInActie);
        a.llo = Some(plot([2, 1, 0, 1, 1]));
        b.llo = Some(plot([2, 2, 1, 1, 0]));
        let c = compare_sessions(&a, &b);
        let changes: Vec<Option<i8>> = c.scores.iter().map(|s| s.change).collect();
        assert_eq!(changes, [Some(0), Some(1), Some(1), Some(0), Some(-1)]);
        assert!(c.scores_changed());
        assert_eq!(c.scores[1].llo_type, LloType::Community);
        b.llo = None;
        let c = compare_sessions(&a, &b);
        assert!(c.scores.iter().all(|s| s.b.is_none() && s.change.is_none()));
        assert_eq!(c.scores[0].a, Score::new(2));
        assert!(!c.scores_changed());
        assert!(c.sessions.a.has_plot && !c.sessions.b.has_plot);
    }

    #[test]
    fn items_are_added_dropped_or_kept_per_level_ignoring_case_and_spacing() {
        let mut a = session("2024-01-01", SessionKind::BeoogdOntwerp);
        let mut b = session("2024-06-01", SessionKind::OntwerpInActie);
        let mut ca = chain(
            Level::Doelgroep,
            "c",
            &["Leergang", "Open  badge ", "Leergang"],
        );
        ca.mechanisms = Some(strings(&["Eigenaarschap", "Vertrouwen"]));
        ca.themes = slugs(&["leervormen", "loopbaanontwikkeling"]);
        let other = chain(Level::Doelgroep, "d", &["Intervisie"]);
        let mut cb = chain(
            Level::Doelgroep,
            "c",
            &["Community", "open badge", "leergang"],
        );
        cb.mechanisms = Some(strings(&["eigenaarschap"]));
        cb.themes = slugs(&["samenwerking", "leervormen"]);
        a.cimo = Some(vec![
            ca,
            other,
            chain(Level::Werkgevers, "w", &["Bijeenkomst"]),
        ]);
        b.cimo = Some(vec![cb]);
        let c = compare_sessions(&a, &b);
        let d = c.level(Level::Doelgroep);
        assert_eq!(d.chains, Pair { a: 2, b: 1 });
        assert_eq!(d.interventions.added, strings(&["Community"]));
        assert_eq!(d.interventions.kept, strings(&["open badge", "leergang"]));
        assert_eq!(d.interventions.dropped, strings(&["Intervisie"]));
        assert_eq!(d.mechanisms.kept, strings(&["eigenaarschap"]));
        assert_eq!(d.mechanisms.dropped, strings(&["Vertrouwen"]));
        assert_eq!(d.themes.added, slugs(&["samenwerking"]).unwrap());
        assert_eq!(d.themes.dropped, slugs(&["loopbaanontwikkeling"]).unwrap());
        assert_eq!(d.themes.kept, slugs(&["leervormen"]).unwrap());
        assert!(d.outcomes.is_empty() && d.challenges.is_empty());
        assert!(d.changed());
        let w = c.level(Level::Werkgevers);
        assert_eq!(w.chains, Pair { a: 1, b: 0 });
        assert_eq!(w.interventions.dropped, strings(&["Bijeenkomst"]));
        assert!(c.level(Level::Regio).in_neither());
        assert!(!c.level(Level::Regio).changed());
    }

    #[test]
    fn the_same_item_twice_in_one_session_is_listed_once_first_seen() {
        let d = diff(
            strings(&["b", "A", "a ", "c"]),
            strings(&["C", "d", "D", "b"]),
            |t: &String| normalise(t),
        );
        assert_eq!(d.added, strings(&["d"]));
        assert_eq!(d.kept, strings(&["C", "b"]));
        assert_eq!(d.dropped, strings(&["A"]));
        assert_eq!(normalise("  Open \t badge\n"), "open badge");
    }

    #[test]
    fn the_default_pair_is_the_intended_design_and_the_latest_design_in_action() {
        use SessionKind::*;
        let i = initiative(vec![
            session("2024-05-01", OntwerpInActie),
            session("2023-02-01", BeoogdOntwerp),
            session("2025-01-01", Afsluitend),
            session("2024-09-01", OntwerpInActie),
            session("2023-06-01", BeoogdOntwerp),
        ]);
        assert_eq!(default_pair(&i), Some((1, 3)));
    }

    #[test]
    fn without_both_kinds_the_default_pair_is_the_two_most_recent_sessions() {
        use SessionKind::*;
        let i = initiative(vec![
            session("2025-01-01", Afsluitend),
            session("2023-02-01", BeoogdOntwerp),
            session("2024-02-01", Afsluitend),
        ]);
        assert_eq!(default_pair(&i), Some((2, 0)));
        // Same date: file order decides.
        let i = initiative(vec![
            session("2024-01-01", OntwerpInActie),
            session("2024-01-01", Afsluitend),
        ]);
        assert_eq!(default_pair(&i), Some((0, 1)));
        assert_eq!(
            default_pair(&initiative(vec![session("2024-01-01", BeoogdOntwerp)])),
            None
        );
        assert_eq!(default_pair(&initiative(vec![])), None);
    }

    #[test]
    fn equal_sessions_have_no_changes() {
        let mut a = session("2024-01-01", SessionKind::BeoogdOntwerp);
        a.cimo = Some(vec![chain(Level::Regio, "r", &["x"])]);
        a.llo = Some(plot([1, 1, 1, 1, 1]));
        assert_eq!(changes(&a, &a.clone()), []);
    }

    #[test]
    fn every_field_of_a_session_is_described_in_dutch_and_english() {
        let mut a = session("2024-03-12", SessionKind::BeoogdOntwerp);
        a.participants = Some(4);
        a.notes = Some("oud".into());
        a.llo = Some(plot([1, 1, 0, 0, 0]));
        a.llo_notes = Some(BTreeMap::from([
            (LloType::Community, "samen".to_owned()),
            (LloType::Matching, "koppelen".to_owned()),
        ]));
        a.werkplekleren = Some(Werkplekleren::Beoogt);
        a.lessons = Some(strings(&["Eerste les", "Tweede les"]));
        let mut b = a.clone();
        b.date = date("2024-04-01");
        b.kind = SessionKind::OntwerpInActie;
        b.participants = Some(6);
        b.notes = Some("nieuw".into());
        b.llo = Some(plot([2, 1, 0, 0, 0]));
        b.llo_notes = Some(BTreeMap::from([
            (LloType::Opleiden, "leergang".to_owned()),
            (LloType::Community, "samen leren".to_owned()),
        ]));
        b.werkplekleren = Some(Werkplekleren::ZetIn);
        b.werkplekleren_notes = Some("op de werkvloer".into());
        b.lessons = Some(strings(&["Tweede les", "Derde les"]));
        let nl: Vec<String> = changes(&a, &b)
            .iter()
            .map(|c| c.describe(Lang::Nl))
            .collect();
        assert_eq!(
            nl,
            [
                "Datum: 2024-03-12 → 2024-04-01",
                "Soort sessie: beoogd ontwerp → ontwerp in actie",
                "Aantal deelnemers: 4 → 6",
                "Notities gewijzigd",
                "Plot opleiden: 1 → 2",
                "Toelichting bij opleiden toegevoegd",
                "Toelichting bij community-vorming gewijzigd",
                "Toelichting bij matching verwijderd",
                "Werkplekleren: beoogt → zet-in",
                "Toelichting bij werkplekleren toegevoegd",
                "Geleerde les toegevoegd: Derde les",
                "Geleerde les verwijderd: Eerste les",
            ]
        );
        let en: Vec<String> = changes(&a, &b)
            .iter()
            .map(|c| c.describe(Lang::En))
            .collect();
        assert_eq!(en[2], "Number of participants: 4 → 6");
        assert_eq!(en[4], "Plot training: 1 → 2");
        assert_eq!(en[10], "Lesson learned added: Derde les");
        let mut c = a.clone();
        c.participants = None;
        c.notes = None;
        c.llo = None;
        c.werkplekleren = None;
        let nl: Vec<String> = changes(&a, &c)
            .iter()
            .map(|c| c.describe(Lang::Nl))
            .collect();
        assert_eq!(
            nl,
            [
                "Aantal deelnemers: 4 → niet ingevuld",
                "Notities verwijderd",
                "Plot verwijderd (was: opleiden 1, community-vorming 1, waarderen en certificeren 0, matching 0, loopbaanbegeleiding 0)",
                "Werkplekleren: beoogt → niet ingevuld",
            ]
        );
        assert_eq!(
            changes(&c, &a)[2].describe(Lang::Nl),
            "Plot toegevoegd: opleiden 1, community-vorming 1, waarderen en certificeren 0, matching 0, loopbaanbegeleiding 0"
        );
    }

    #[test]
    fn chains_are_added_removed_moved_or_changed_by_number() {
        let mut a = session("2024-01-01", SessionKind::BeoogdOntwerp);
        let one = chain(
            Level::Doelgroep,
            "Deelnemers kennen elkaar niet.",
            &["Leergang"],
        );
        let two = chain(
            Level::Werkgevers,
            "Werkgevers zijn lastig te bereiken.",
            &["Bijeenkomst"],
        );
        let three = chain(Level::Regio, "Versnippering.", &["Markt"]);
        a.cimo = Some(vec![one.clone(), two.clone(), three.clone()]);
        // Chain three changed and moved up; chain two replaced by another
        // employers' chain: taken as chain two changed.
        let mut b = a.clone();
        let mut changed = three.clone();
        changed.interventions.push("Community".into());
        changed.themes = slugs(&["samenwerking"]);
        let four = chain(Level::Werkgevers, "Nieuw vraagstuk.", &["Praktijkbezoeken"]);
        b.cimo = Some(vec![one.clone(), changed, four]);
        let nl: Vec<String> = changes(&a, &b)
            .iter()
            .map(|c| c.describe(Lang::Nl))
            .collect();
        assert_eq!(
            nl,
            [
                "Keten 2 (regio, was keten 3) gewijzigd: interventie toegevoegd: “Community”; thema toegevoegd: “samenwerking”",
                "Keten 3 (werkgevers, was keten 2) gewijzigd: context gewijzigd; interventie toegevoegd: “Praktijkbezoeken”; interventie verwijderd: “Bijeenkomst”",
            ]
        );
        // Without a chain of the same level it is removed and added.
        let mut c = a.clone();
        c.cimo = Some(vec![
            one.clone(),
            three.clone(),
            chain(Level::Doelgroep, "Ander.", &["x"]),
        ]);
        let nl: Vec<String> = changes(&a, &c)
            .iter()
            .map(|c| c.describe(Lang::Nl))
            .collect();
        assert_eq!(
            nl,
            [
                "Keten 3 (doelgroep) toegevoegd: “Ander.”",
                "Keten 2 (werkgevers) verwijderd: “Werkgevers zijn lastig te bereiken.”",
            ]
        );
        // Swapped: one is moved.
        let mut d = a.clone();
        d.cimo = Some(vec![two.clone(), one.clone(), three.clone()]);
        let en: Vec<String> = changes(&a, &d)
            .iter()
            .map(|c| c.describe(Lang::En))
            .collect();
        assert_eq!(en, ["Chain 2 (participants, was chain 1) moved"]);
        // A changed level and reordered interventions.
        let mut e = a.clone();
        let mut moved = one.clone();
        moved.level = Level::Regio;
        moved.interventions = strings(&["Leergang"]);
        let mut reordered = two.clone();
        reordered.interventions = strings(&["Bijeenkomst", "Werkbezoek"]);
        let mut x = a.clone();
        x.cimo = Some(vec![one.clone(), reordered.clone(), three.clone()]);
        reordered.interventions.reverse();
        e.cimo = Some(vec![moved, reordered, three.clone()]);
        let nl: Vec<String> = changes(&x, &e)
            .iter()
            .map(|c| c.describe(Lang::Nl))
            .collect();
        assert_eq!(
            nl,
            [
                "Keten 1 (regio) gewijzigd: niveau doelgroep → regio",
                "Keten 2 (werkgevers) gewijzigd: volgorde van de interventies gewijzigd",
            ]
        );
    }

    #[test]
    fn an_empty_list_that_appears_is_a_change_too() {
        let a = session("2024-01-01", SessionKind::BeoogdOntwerp);
        let mut b = a.clone();
        b.lessons = Some(vec![]);
        b.cimo = Some(vec![]);
        b.llo_notes = Some(BTreeMap::new());
        let nl: Vec<String> = changes(&a, &b)
            .iter()
            .map(|c| c.describe(Lang::Nl))
            .collect();
        assert_eq!(
            nl,
            [
                "Lege lijst van ketens toegevoegd",
                "Lege lijst van toelichtingen per type toegevoegd",
                "Lege lijst van geleerde lessen toegevoegd",
            ]
        );
    }

    #[test]
    fn changes_are_empty_exactly_when_the_sessions_are_equal() {
        // Random edits of random sessions: never a silent difference.
        fastrand::seed(7);
        let pick = |items: &[&str]| items[fastrand::usize(..items.len())].to_owned();
        let words = ["a", "b", "c", "A", "a "];
        let random_chain = || Chain {
            level: Level::ALL[fastrand::usize(..3)],
            context: pick(&words),
            interventions: (0..fastrand::usize(1..3)).map(|_| pick(&words)).collect(),
            mechanisms: fastrand::bool()
                .then(|| (0..fastrand::usize(0..3)).map(|_| pick(&words)).collect()),
            outcomes: fastrand::bool()
                .then(|| (0..fastrand::usize(0..2)).map(|_| pick(&words)).collect()),
            challenges: fastrand::bool()
                .then(|| slugs(&["mkb", "boundary-crossing"][..fastrand::usize(0..3)]).unwrap()),
            themes: fastrand::bool()
                .then(|| slugs(&["samenwerking"][..fastrand::usize(0..2)]).unwrap()),
        };
        let random_session = || {
            let mut s = session(
                ["2024-01-01", "2024-01-02"][fastrand::usize(..2)],
                SessionKind::ALL[fastrand::usize(..3)],
            );
            s.participants = fastrand::bool().then(|| fastrand::u32(0..3));
            s.notes = fastrand::bool().then(|| pick(&words));
            s.cimo = fastrand::bool()
                .then(|| (0..fastrand::usize(0..4)).map(|_| random_chain()).collect());
            s.llo = fastrand::bool().then(|| plot([0, 0, 0, 0, 0].map(|_| fastrand::u8(0..3))));
            s.llo_notes = fastrand::bool().then(|| {
                (0..fastrand::usize(0..3))
                    .map(|_| (LloType::ALL[fastrand::usize(..5)], pick(&words)))
                    .collect()
            });
            s.werkplekleren = fastrand::bool().then(|| Werkplekleren::ALL[fastrand::usize(..5)]);
            s.werkplekleren_notes = fastrand::bool().then(|| pick(&words));
            s.lessons = fastrand::bool()
                .then(|| (0..fastrand::usize(0..3)).map(|_| pick(&words)).collect());
            s
        };
        for _ in 0..3000 {
            let a = random_session();
            let b = random_session();
            let found = changes(&a, &b);
            assert_eq!(found.is_empty(), a == b, "{a:?}\n{b:?}\n{found:?}");
            assert!(changes(&a, &a).is_empty());
            for c in &found {
                assert!(!c.describe(Lang::Nl).is_empty() && !c.describe(Lang::En).is_empty());
            }
        }
    }

    #[test]
    fn a_comparison_serialises_with_the_dataset_names() {
        let mut a = session("2024-01-01", SessionKind::BeoogdOntwerp);
        a.llo = Some(plot([1, 0, 0, 0, 0]));
        let b = session("2024-06-01", SessionKind::OntwerpInActie);
        let json = serde_json::to_value(compare_sessions(&a, &b)).unwrap();
        assert_eq!(json["sessions"]["a"]["kind"], "beoogd-ontwerp");
        assert_eq!(json["sessions"]["b"]["date"], "2024-06-01");
        assert_eq!(json["scores"][0]["type"], "opleiden");
        assert_eq!(json["scores"][0]["a"], 1);
        assert_eq!(json["scores"][0]["b"], serde_json::Value::Null);
        assert_eq!(json["levels"][1]["level"], "werkgevers");
        let change = serde_json::to_value(Change::Score {
            llo_type: LloType::Matching,
            from: Score::new(0).unwrap(),
            to: Score::new(2).unwrap(),
        })
        .unwrap();
        assert_eq!(
            change,
            serde_json::json!({"field": "score", "type": "matching", "from": 0, "to": 2})
        );
    }
}
