//! The dataset as the program holds it. Every value here has passed
//! [`crate::decode`], so it keeps to `uti-dataset/1`. Serde writes these
//! types back in the key order of the specification; optional keys that
//! were absent stay absent.

pub use crate::landscape::model::{
    Activity, ActivityStatus, Agenda, Coalition, Goal, Meeting, Organisation, PartnerKind,
    PartnerRole, Relation, RelationKind, Scope,
};
use crate::values::{IsoDate, Slug};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The value of the `format` key.
pub const FORMAT: &str = "uti-dataset/1";

/// A whole dataset file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Dataset {
    /// Always [`FORMAT`].
    pub format: String,
    /// Name of the learning network.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub network: Option<String>,
    /// Themes from the literature studies.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub themes: Option<Vec<Term>>,
    /// Shared challenges.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub challenges: Option<Vec<Term>>,
    /// The initiatives.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub initiatives: Option<Vec<Initiative>>,
    /// The organisations the initiatives work with (uti's addition).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organisations: Option<Vec<Organisation>>,
    /// Relations between initiatives (uti's addition).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub relations: Option<Vec<Relation>>,
    /// The action agenda (uti's addition).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub agenda: Option<Agenda>,
    /// The development coalitions (uti's addition).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub coalitions: Option<Vec<Coalition>>,
}

impl Dataset {
    /// An empty dataset with the right format marker.
    pub fn empty() -> Dataset {
        Dataset {
            format: FORMAT.to_owned(),
            ..Dataset::default()
        }
    }

    /// The initiatives, or none.
    pub fn initiatives(&self) -> &[Initiative] {
        self.initiatives.as_deref().unwrap_or_default()
    }

    /// The themes, or none.
    pub fn themes(&self) -> &[Term] {
        self.themes.as_deref().unwrap_or_default()
    }

    /// The challenges, or none.
    pub fn challenges(&self) -> &[Term] {
        self.challenges.as_deref().unwrap_or_default()
    }

    /// The organisations, or none.
    pub fn organisations(&self) -> &[Organisation] {
        self.organisations.as_deref().unwrap_or_default()
    }

    /// The relations, or none.
    pub fn relations(&self) -> &[Relation] {
        self.relations.as_deref().unwrap_or_default()
    }

    /// The coalitions, or none.
    pub fn coalitions(&self) -> &[Coalition] {
        self.coalitions.as_deref().unwrap_or_default()
    }

    /// The goals of the agenda, or none.
    pub fn goals(&self) -> &[Goal] {
        self.agenda.as_ref().map(Agenda::goals).unwrap_or_default()
    }

    /// The activities of the agenda, or none.
    pub fn activities(&self) -> &[Activity] {
        self.agenda
            .as_ref()
            .map(Agenda::activities)
            .unwrap_or_default()
    }

    /// Whether any session is a draft.
    pub fn has_drafts(&self) -> bool {
        self.initiatives().iter().any(Initiative::has_drafts)
    }

    /// The dataset without the draft sessions of initiatives other than
    /// `except`: what an initiative contact may read.
    pub fn without_drafts(&self, except: &[String]) -> Dataset {
        let mut out = self.clone();
        for i in out.initiatives.iter_mut().flatten() {
            if !except.iter().any(|e| e == i.id.as_str()) {
                i.drop_drafts();
            }
        }
        out
    }
}

/// A theme or a shared challenge: an entry of a shared vocabulary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Term {
    /// Unique within its list.
    pub id: Slug,
    /// Display name.
    pub name: String,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
    /// Literature references as plain strings.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sources: Option<Vec<String>>,
}

string_enum! {
    /// Which list a [`Term`] belongs to.
    pub enum TermKind {
        /// A theme (`themes`).
        Theme => "theme",
        /// A shared challenge (`challenges`).
        Challenge => "challenge",
    }
}

/// A funded initiative of the network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Initiative {
    /// Unique in the dataset.
    pub id: Slug,
    /// Display name.
    pub name: String,
    /// Abbreviation.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub short_name: Option<String>,
    /// Sectors it works in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sectors: Option<Vec<String>>,
    /// Its target groups (doelgroep).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub target_groups: Option<Vec<String>>,
    /// The problem in context (vraagstuk in context).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub problem: Option<String>,
    /// Its website.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub website: Option<String>,
    /// Its partners.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub partners: Option<Vec<Partner>>,
    /// The reflexive sessions held with it, in the order of the file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sessions: Option<Vec<Session>>,
}

impl Initiative {
    /// The sessions, or none.
    pub fn sessions(&self) -> &[Session] {
        self.sessions.as_deref().unwrap_or_default()
    }

    /// Whether any of its sessions is a draft.
    pub fn has_drafts(&self) -> bool {
        self.sessions().iter().any(|s| s.draft)
    }

    /// Removes its draft sessions.
    pub fn drop_drafts(&mut self) {
        if let Some(sessions) = &mut self.sessions {
            sessions.retain(|s| !s.draft);
            if sessions.is_empty() {
                self.sessions = None;
            }
        }
    }

    /// The sessions with a plot, oldest first (file order breaks ties).
    pub fn plotted_sessions(&self) -> Vec<&Session> {
        let mut plotted: Vec<&Session> =
            self.sessions().iter().filter(|s| s.llo.is_some()).collect();
        plotted.sort_by_key(|s| s.date);
        plotted
    }

    /// The current plot: that of the most recent session that has one.
    pub fn current_plot(&self) -> Option<&Plot> {
        self.plotted_sessions().last().and_then(|s| s.llo.as_ref())
    }

    /// The workplace-learning value of the most recent session that states one.
    pub fn current_werkplekleren(&self) -> Option<Werkplekleren> {
        let mut stated: Vec<&Session> = self
            .sessions()
            .iter()
            .filter(|s| s.werkplekleren.is_some())
            .collect();
        stated.sort_by_key(|s| s.date);
        stated.last().and_then(|s| s.werkplekleren)
    }
}

/// An organisation the initiative works with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    /// Its name.
    pub name: String,
    /// What kind of organisation it is.
    pub kind: PartnerKind,
    /// The organisation record it is (uti's addition; linked on import by
    /// name and kind when absent).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organisation: Option<Slug>,
    /// Its role in the initiative (uti's addition; absent means partner).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub role: Option<PartnerRole>,
}

/// A reflexive session in which the design of the initiative was captured.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// When it was held.
    pub date: IsoDate,
    /// What kind of session.
    pub kind: SessionKind,
    /// Number of participants (never their names).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub participants: Option<u32>,
    /// Notes or transcript.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub notes: Option<String>,
    /// The CIMO chains.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub cimo: Option<Vec<Chain>>,
    /// The LLO-intervention plot.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub llo: Option<Plot>,
    /// How the initiative gives shape to each type.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub llo_notes: Option<BTreeMap<LloType, String>>,
    /// How the design addresses workplace learning.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub werkplekleren: Option<Werkplekleren>,
    /// Notes on workplace learning.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub werkplekleren_notes: Option<String>,
    /// Lessons learned.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub lessons: Option<Vec<String>>,
    /// A draft (`draft: true`): not yet released to the contacts of other
    /// initiatives. An optional key that uti adds to `uti-dataset/1`;
    /// absent means released.
    #[serde(skip_serializing_if = "std::ops::Not::not", default)]
    pub draft: bool,
}

impl Session {
    /// The chains, or none.
    pub fn chains(&self) -> &[Chain] {
        self.cimo.as_deref().unwrap_or_default()
    }
}

string_enum! {
    /// The kind of a reflexive session.
    pub enum SessionKind {
        /// Intended design, at the start.
        BeoogdOntwerp => "beoogd-ontwerp",
        /// Design in action, a round later.
        OntwerpInActie => "ontwerp-in-actie",
        /// Closing interview: lessons learned.
        Afsluitend => "afsluitend",
    }
}

/// A CIMO chain: context, interventions, mechanisms, outcomes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chain {
    /// The perspective.
    pub level: Level,
    /// The problem in its context (C).
    pub context: String,
    /// The interventions (I), at least one.
    pub interventions: Vec<String>,
    /// The (intended) mechanisms (M).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub mechanisms: Option<Vec<String>>,
    /// The (intended) outcomes (O).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outcomes: Option<Vec<String>>,
    /// Challenge ids this chain speaks to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub challenges: Option<Vec<Slug>>,
    /// Theme ids this chain speaks to.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub themes: Option<Vec<Slug>>,
}

impl Chain {
    /// The ids of the given kind this chain speaks to.
    pub fn terms(&self, kind: TermKind) -> &[Slug] {
        match kind {
            TermKind::Theme => self.themes.as_deref().unwrap_or_default(),
            TermKind::Challenge => self.challenges.as_deref().unwrap_or_default(),
        }
    }
}

string_enum! {
    /// The perspective of a CIMO chain.
    pub enum Level {
        /// Micro: the target group or participants.
        Doelgroep => "doelgroep",
        /// Meso: employers and organisations.
        Werkgevers => "werkgevers",
        /// Macro: the region or sector.
        Regio => "regio",
    }
}

string_enum! {
    /// The five types of LLO intervention.
    pub enum LloType {
        /// Training.
        Opleiden => "opleiden",
        /// Community building.
        Community => "community",
        /// Valuing and certifying.
        WaarderenCertificeren => "waarderen-certificeren",
        /// Matching.
        Matching => "matching",
        /// Career guidance.
        Loopbaanbegeleiding => "loopbaanbegeleiding",
    }
}

string_enum! {
    /// How a design addresses workplace learning.
    pub enum Werkplekleren {
        /// Explicitly includes it.
        ZetIn => "zet-in",
        /// Explicitly aims to set it in motion.
        Beoogt => "beoogt",
        /// Explicitly values and certifies it.
        Waardeert => "waardeert",
        /// Could stimulate it further.
        KanAanwakkeren => "kan-aanwakkeren",
        /// Not addressed.
        Geen => "geen",
    }
}

/// The LLO-intervention plot: a score of 0, 1 or 2 for each of the five types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plot {
    /// Training.
    pub opleiden: Score,
    /// Community building.
    pub community: Score,
    /// Valuing and certifying.
    #[serde(rename = "waarderen-certificeren")]
    pub waarderen_certificeren: Score,
    /// Matching.
    pub matching: Score,
    /// Career guidance.
    pub loopbaanbegeleiding: Score,
}

impl Plot {
    /// Builds a plot from scores in the order of [`LloType::ALL`].
    pub fn from_scores(scores: [Score; 5]) -> Plot {
        let [
            opleiden,
            community,
            waarderen_certificeren,
            matching,
            loopbaanbegeleiding,
        ] = scores;
        Plot {
            opleiden,
            community,
            waarderen_certificeren,
            matching,
            loopbaanbegeleiding,
        }
    }

    /// The score for one type.
    pub fn get(&self, kind: LloType) -> Score {
        match kind {
            LloType::Opleiden => self.opleiden,
            LloType::Community => self.community,
            LloType::WaarderenCertificeren => self.waarderen_certificeren,
            LloType::Matching => self.matching,
            LloType::Loopbaanbegeleiding => self.loopbaanbegeleiding,
        }
    }

    /// Whether the plot uses this type (score 1 or 2).
    pub fn uses(&self, kind: LloType) -> bool {
        self.get(kind).value() > 0
    }

    /// The types it uses, in canonical order.
    pub fn used_types(&self) -> Vec<LloType> {
        LloType::ALL
            .iter()
            .copied()
            .filter(|t| self.uses(*t))
            .collect()
    }
}

/// A score on the 3-point scale: 0 not used, 1 to some extent, 2 extensively.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Score(u8);

impl Score {
    /// Checks that a number is 0, 1 or 2.
    pub fn new(value: u8) -> Option<Score> {
        (value <= 2).then_some(Score(value))
    }

    /// 0, 1 or 2.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Score {
    type Error = String;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Score::new(value).ok_or_else(|| format!("score must be 0, 1 or 2, not {value}"))
    }
}

impl From<Score> for u8 {
    fn from(value: Score) -> u8 {
        value.0
    }
}
