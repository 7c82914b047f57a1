//! The landscape's records in the dataset: organisations, relations between
//! initiatives, the action agenda (*doe-agenda*) and the development
//! coalitions (*ontwikkelcoalities*). Optional top-level keys that uti adds
//! to `uti-dataset/1` (see `docs/dataset-landscape.md`); a file without them
//! stays valid and is written back without them.

use crate::values::{IsoDate, Slug};
use serde::{Deserialize, Serialize};

/// An organisation: a record of its own, shared by the initiatives it takes part in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Organisation {
    /// Unique among the organisations.
    pub id: Slug,
    /// Its name.
    pub name: String,
    /// What kind of organisation it is (the kinds of a partner).
    pub kind: PartnerKind,
    /// The sector it works in.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub sector: Option<String>,
    /// Where it is.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub place: Option<String>,
    /// Its website.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub website: Option<String>,
}

string_enum! {
    /// The kind of a partner organisation (of an organisation record too).
    pub enum PartnerKind {
        /// Employer.
        Werkgever => "werkgever",
        /// Education.
        Onderwijs => "onderwijs",
        /// Government.
        Overheid => "overheid",
        /// Intermediary.
        Intermediair => "intermediair",
        /// Other.
        Overig => "overig",
    }
}

string_enum! {
    /// The role an organisation has in an initiative.
    pub enum PartnerRole {
        /// Partner in carrying it out (the default).
        Partner => "partner",
        /// Funds it.
        Financier => "financier",
        /// Employs its participants.
        WerkgeverDeelnemers => "werkgever-deelnemers",
        /// School of its participants.
        SchoolDeelnemers => "school-deelnemers",
        /// Refers participants to it.
        Verwijzer => "verwijzer",
        /// Another role.
        Overig => "overig",
    }
}

string_enum! {
    /// How one initiative relates to another (entered by researchers).
    pub enum RelationKind {
        /// They work together.
        WerktSamenMet => "werkt-samen-met",
        /// The first refers participants to the second.
        VerwijstNaar => "verwijst-naar",
        /// The first builds on the second.
        BouwtVoortOp => "bouwt-voort-op",
    }
}

/// A relation between two initiatives.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Relation {
    /// The initiative it starts from.
    pub from: Slug,
    /// The initiative it points to.
    pub to: Slug,
    /// What kind of relation.
    pub kind: RelationKind,
    /// Why or how, in a sentence.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

impl Relation {
    /// The key that identifies it: no two relations share it.
    pub fn key(&self) -> String {
        format!("{}>{}>{}", self.from, self.kind, self.to)
    }
}

/// The shared action agenda (*doe-agenda*): goals and the activities towards them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Agenda {
    /// The goals.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub goals: Option<Vec<Goal>>,
    /// The activities.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub activities: Option<Vec<Activity>>,
}

impl Agenda {
    /// The goals, or none.
    pub fn goals(&self) -> &[Goal] {
        self.goals.as_deref().unwrap_or_default()
    }

    /// The activities, or none.
    pub fn activities(&self) -> &[Activity] {
        self.activities.as_deref().unwrap_or_default()
    }
}

/// A goal of the action agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Goal {
    /// Unique among the goals.
    pub id: Slug,
    /// The goal in a few words.
    pub name: String,
    /// What it means.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub description: Option<String>,
}

string_enum! {
    /// Who carries out an activity: the network as a whole, or an initiative or partner.
    pub enum Scope {
        /// Central: the network office or the network as a whole.
        Centraal => "centraal",
        /// Decentral: an initiative or partner in the region.
        Decentraal => "decentraal",
    }
}

string_enum! {
    /// Where an activity stands.
    pub enum ActivityStatus {
        /// Planned, not started.
        Gepland => "gepland",
        /// Under way.
        Lopend => "lopend",
        /// Done.
        Afgerond => "afgerond",
        /// Stopped before it was done.
        Gestopt => "gestopt",
    }
}

/// An activity of the action agenda.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Unique among the activities.
    pub id: Slug,
    /// What is done.
    pub name: String,
    /// The goal it serves (a goal id).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub goal: Option<Slug>,
    /// Who is responsible (a role or an organisation, not a person's name).
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub owner: Option<String>,
    /// Central or decentral.
    pub scope: Scope,
    /// Where it stands.
    pub status: ActivityStatus,
    /// When it starts.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub start: Option<IsoDate>,
    /// When it ends or is due.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub end: Option<IsoDate>,
    /// The initiatives it concerns.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub initiatives: Option<Vec<Slug>>,
    /// The themes it concerns.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub themes: Option<Vec<Slug>>,
    /// The challenges it concerns.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub challenges: Option<Vec<Slug>>,
    /// The organisations it concerns.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organisations: Option<Vec<Slug>>,
    /// A note.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}

/// A development coalition (*ontwikkelcoalitie*): initiatives and
/// organisations with a shared goal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Coalition {
    /// Unique among the coalitions.
    pub id: Slug,
    /// Its name.
    pub name: String,
    /// The goal they share.
    pub goal: String,
    /// The initiatives in it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub initiatives: Option<Vec<Slug>>,
    /// The organisations in it.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub organisations: Option<Vec<Slug>>,
    /// Its meetings, in the order of the file.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub meetings: Option<Vec<Meeting>>,
}

/// A meeting of a coalition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Meeting {
    /// When.
    pub date: IsoDate,
    /// What was discussed or agreed.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub note: Option<String>,
}
