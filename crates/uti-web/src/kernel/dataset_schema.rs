//! The dataset format `uti-dataset/1` as OpenAPI schemas, for the API's
//! documentation only: the rules are those of `uti_core::decode` (which
//! reads every document), written here as JSON Schema so that a client
//! (or a fuzzer) knows what is accepted. `uti-core` knows nothing of
//! HTTP, so these types live in the web crate and are never filled in.
//!
//! What a schema cannot say is said in the descriptions: a theme or
//! challenge named by a chain must exist, ids are unique in their list.
//! Every optional key may also be `null`, which counts as absent.

use serde::Deserialize;
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};

/// The pattern of an id (a slug), as `uti_core::values::Slug`.
pub const SLUG_PATTERN: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";

/// The pattern of a text that must not be empty: at least one character
/// that is not white space (as Rust's `char::is_whitespace`).
pub const NON_BLANK_PATTERN: &str = "[^\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";

/// A string that is one of `names`: the schema of a query parameter
/// whose values the handler reads from the same list.
pub fn one_of(names: impl IntoIterator<Item = &'static str>, description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(names))
        .description(Some(description))
        .into()
}

/// A theme or a shared challenge.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "samenwerking", "name": "Samenwerking", "sources": ["Kuijpers & Draaisma, 2020"]}))]
pub struct TermDoc {
    /// A slug, unique in its list.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// The name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// What it means.
    pub description: Option<String>,
    /// Literature references as plain text.
    pub sources: Option<Vec<String>>,
}

/// A partner of an initiative.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartnerDoc {
    /// The partner's name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// What kind of partner.
    pub kind: PartnerKindDoc,
    /// The organisation record it is (an id of `organisations`); linked
    /// by name and kind when left out.
    #[schema(value_type = Option<SlugDoc>)]
    pub organisation: Option<String>,
    /// Its role in the initiative; `partner` when left out.
    pub role: Option<PartnerRoleDoc>,
}

/// The role of an organisation in an initiative.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerRoleDoc {
    /// Partner in carrying it out.
    Partner,
    /// Funds it.
    Financier,
    /// Employs its participants.
    WerkgeverDeelnemers,
    /// School of its participants.
    SchoolDeelnemers,
    /// Refers participants.
    Verwijzer,
    /// Another role.
    Overig,
}

/// An organisation, shared by the initiatives it takes part in.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "roc-midden", "name": "ROC Midden", "kind": "onderwijs", "place": "Utrecht"}))]
pub struct OrganisationDoc {
    /// A slug, unique among the organisations.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// Its name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// What kind of organisation.
    pub kind: PartnerKindDoc,
    /// Its sector.
    pub sector: Option<String>,
    /// Where it is.
    pub place: Option<String>,
    /// Its website.
    pub website: Option<String>,
}

/// How one initiative relates to another.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RelationKindDoc {
    /// They work together.
    WerktSamenMet,
    /// The first refers participants to the second.
    VerwijstNaar,
    /// The first builds on the second.
    BouwtVoortOp,
}

impl From<RelationKindDoc> for uti_core::model::RelationKind {
    fn from(kind: RelationKindDoc) -> Self {
        match kind {
            RelationKindDoc::WerktSamenMet => Self::WerktSamenMet,
            RelationKindDoc::VerwijstNaar => Self::VerwijstNaar,
            RelationKindDoc::BouwtVoortOp => Self::BouwtVoortOp,
        }
    }
}

/// A relation between two different initiatives (ids of `initiatives`);
/// the same from, kind and to at most once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationDoc {
    /// The initiative it starts from.
    #[schema(value_type = SlugDoc)]
    pub from: String,
    /// The initiative it points to.
    #[schema(value_type = SlugDoc)]
    pub to: String,
    /// What kind of relation.
    pub kind: RelationKindDoc,
    /// Why or how.
    pub note: Option<String>,
}

/// The action agenda (doe-agenda).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgendaDoc {
    /// The goals.
    pub goals: Option<Vec<GoalDoc>>,
    /// The activities.
    pub activities: Option<Vec<ActivityDoc>>,
}

/// A goal of the agenda.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalDoc {
    /// A slug, unique among the goals.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// The goal, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// What it means.
    pub description: Option<String>,
}

/// Central (the network) or decentral (an initiative or partner).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ScopeDoc {
    /// Central.
    Centraal,
    /// Decentral.
    Decentraal,
}

/// Where an activity stands.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityStatusDoc {
    /// Planned.
    Gepland,
    /// Under way.
    Lopend,
    /// Done.
    Afgerond,
    /// Stopped.
    Gestopt,
}

/// An activity of the agenda; every id it names must exist in its list.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityDoc {
    /// A slug, unique among the activities.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// What is done, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// A goal id.
    #[schema(value_type = Option<SlugDoc>)]
    pub goal: Option<String>,
    /// Who is responsible (a role or organisation, not a person).
    pub owner: Option<String>,
    /// Central or decentral.
    pub scope: ScopeDoc,
    /// Where it stands.
    pub status: ActivityStatusDoc,
    /// A real date, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub start: Option<String>,
    /// A real date, `YYYY-MM-DD`, not before `start`.
    #[schema(format = Date)]
    pub end: Option<String>,
    /// Initiative ids.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub initiatives: Option<Vec<String>>,
    /// Theme ids.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub themes: Option<Vec<String>>,
    /// Challenge ids.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub challenges: Option<Vec<String>>,
    /// Organisation ids.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub organisations: Option<Vec<String>>,
    /// A note.
    pub note: Option<String>,
}

/// A development coalition (ontwikkelcoalitie).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoalitionDoc {
    /// A slug, unique among the coalitions.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// Its name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// The shared goal, not empty.
    #[schema(value_type = NonBlank)]
    pub goal: String,
    /// Initiative ids.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub initiatives: Option<Vec<String>>,
    /// Organisation ids.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub organisations: Option<Vec<String>>,
    /// Its meetings.
    pub meetings: Option<Vec<MeetingDoc>>,
}

/// A meeting of a coalition.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingDoc {
    /// A real date, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    /// What was discussed or agreed.
    pub note: Option<String>,
}

/// The kind of a partner.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PartnerKindDoc {
    /// An employer.
    Werkgever,
    /// Education.
    Onderwijs,
    /// Government.
    Overheid,
    /// An intermediary.
    Intermediair,
    /// Anything else.
    Overig,
}

/// An initiative with its sessions (`sessions` may be left out).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "leerhuis-techniek", "name": "Leerhuis Techniek", "sectors": ["techniek"]}))]
pub struct InitiativeDoc {
    /// A slug, unique in the dataset.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// The display name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// A short name (`TYD`).
    pub short_name: Option<String>,
    /// Sectors (`zorg`, `ict`).
    pub sectors: Option<Vec<String>>,
    /// Target groups.
    pub target_groups: Option<Vec<String>>,
    /// The problem in its context.
    pub problem: Option<String>,
    /// Its website, as written (an import takes any text; the editors and
    /// `POST /api/initiatives` want a web address).
    pub website: Option<String>,
    /// Its partners.
    pub partners: Option<Vec<PartnerDoc>>,
    /// Its sessions, in the order kept.
    pub sessions: Option<Vec<SessionDoc>>,
}

/// A new initiative for `POST /api/initiatives`: as [`InitiativeDoc`],
/// but the website must be a web address (the editors' rule).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"id": "leerhuis-techniek", "name": "Leerhuis Techniek", "sectors": ["techniek"]}))]
pub struct NewInitiativeDoc {
    /// A slug, unique in the dataset.
    #[schema(value_type = SlugDoc)]
    pub id: String,
    /// The display name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// A short name (`TYD`).
    pub short_name: Option<String>,
    /// Sectors (`zorg`, `ict`).
    pub sectors: Option<Vec<String>>,
    /// Target groups.
    pub target_groups: Option<Vec<String>>,
    /// The problem in its context.
    pub problem: Option<String>,
    /// Its website: a web address, `http://` or `https://` (the editors
    /// and the API refuse anything else; an import takes it as written).
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://([^\s/?#@]*@)?(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)(:[^\s/?#@]*)?([/?#]\S*)?$"
    )]
    pub website: Option<String>,
    /// Its partners.
    pub partners: Option<Vec<PartnerDoc>>,
    /// Its sessions, in the order kept.
    pub sessions: Option<Vec<SessionDoc>>,
}

/// An initiative's own fields for a change: as [`InitiativeDoc`], but
/// the id comes from the path and the sessions are not touched (both are
/// ignored when given).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"name": "Leerhuis Techniek", "sectors": ["techniek"]}))]
pub struct InitiativeFieldsDoc {
    /// Ignored: the id is the path's.
    pub id: Option<serde_json::Value>,
    /// The display name, not empty.
    #[schema(value_type = NonBlank)]
    pub name: String,
    /// A short name (`TYD`).
    pub short_name: Option<String>,
    /// Sectors (`zorg`, `ict`).
    pub sectors: Option<Vec<String>>,
    /// Target groups.
    pub target_groups: Option<Vec<String>>,
    /// The problem in its context.
    pub problem: Option<String>,
    /// Its website: a web address, `http://` or `https://`.
    #[schema(
        pattern = r"^[Hh][Tt][Tt][Pp][Ss]?://([^\s/?#@]*@)?(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)(:[^\s/?#@]*)?([/?#]\S*)?$"
    )]
    pub website: Option<String>,
    /// Its partners.
    pub partners: Option<Vec<PartnerDoc>>,
    /// Ignored: sessions are changed one by one.
    pub sessions: Option<serde_json::Value>,
}

/// The kind of a session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SessionKindDoc {
    /// The intended design.
    BeoogdOntwerp,
    /// The design in action.
    OntwerpInActie,
    /// The closing interview, lessons learned.
    Afsluitend,
}

/// How a design addresses workplace learning.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum WerkplekLerenDoc {
    /// It includes workplace learning.
    ZetIn,
    /// It aims to set it in motion.
    Beoogt,
    /// It values and certifies it.
    Waardeert,
    /// It could stimulate it.
    KanAanwakkeren,
    /// Not addressed.
    Geen,
}

/// A reflexive session with the design it captured.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"date": "2024-03-12", "kind": "beoogd-ontwerp", "participants": 4,
    "llo": {"opleiden": 2, "community": 1, "waarderen-certificeren": 0, "matching": 2, "loopbaanbegeleiding": 0},
    "werkplekleren": "kan-aanwakkeren"}))]
pub struct SessionDoc {
    /// A real date, `YYYY-MM-DD`.
    #[schema(format = Date)]
    pub date: String,
    /// The kind of session.
    pub kind: SessionKindDoc,
    /// How many took part.
    #[schema(value_type = Option<u64>, minimum = 0, maximum = 4294967295_u64)]
    pub participants: Option<u32>,
    /// Notes or a transcript.
    pub notes: Option<String>,
    /// The CIMO chains.
    pub cimo: Option<Vec<ChainDoc>>,
    /// The LLO-intervention plot.
    pub llo: Option<PlotDoc>,
    /// Per LLO type, how the initiative gives shape to it.
    pub llo_notes: Option<LloNotesDoc>,
    /// How the design addresses workplace learning.
    pub werkplekleren: Option<WerkplekLerenDoc>,
    /// Notes on workplace learning.
    pub werkplekleren_notes: Option<String>,
    /// Lessons learned.
    pub lessons: Option<Vec<String>>,
    /// A draft (uti's own key): hidden from initiative contacts of other
    /// initiatives.
    pub draft: Option<bool>,
}

/// The level of a CIMO chain.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum LevelDoc {
    /// Micro: the participants.
    Doelgroep,
    /// Meso: employers and organisations.
    Werkgevers,
    /// Macro: the region or sector.
    Regio,
}

/// A CIMO chain. The themes and challenges it names must exist (in the
/// store, or for an import in the same file).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChainDoc {
    /// The level.
    pub level: LevelDoc,
    /// The problem in its context, not empty.
    #[schema(value_type = NonBlank)]
    pub context: String,
    /// The interventions: at least one, none empty.
    #[schema(min_items = 1, value_type = Vec<NonBlank>)]
    pub interventions: Vec<String>,
    /// The (intended) mechanisms.
    pub mechanisms: Option<Vec<String>>,
    /// The (intended) outcomes.
    pub outcomes: Option<Vec<String>>,
    /// Ids of the challenges it speaks to.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub challenges: Option<Vec<String>>,
    /// Ids of the themes it speaks to.
    #[schema(value_type = Option<Vec<SlugDoc>>)]
    pub themes: Option<Vec<String>>,
}

/// A text that is not empty: at least one character that is not white
/// space ([`NON_BLANK_PATTERN`]).
#[derive(Debug)]
pub struct NonBlank;

impl utoipa::PartialSchema for NonBlank {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(NON_BLANK_PATTERN))
            .description(Some("A text that is not empty (not only white space)."))
            .into()
    }
}

impl ToSchema for NonBlank {}

/// An id: a slug ([`SLUG_PATTERN`]), at most 64 characters.
#[derive(Debug)]
pub struct SlugDoc;

impl utoipa::PartialSchema for SlugDoc {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .pattern(Some(SLUG_PATTERN))
            .max_length(Some(uti_core::values::SLUG_MAX))
            .description(Some(
                "An id: lower-case letters and digits in groups joined by single dashes, at most 64 characters.",
            ))
            .examples([serde_json::json!("samenwerking")])
            .into()
    }
}

impl ToSchema for SlugDoc {}

/// A text out of a fixed list (`values`), for a query parameter; `""`
/// may be among them (a parameter left empty).
pub fn text_enum(values: &[&str], description: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(values.iter().copied()))
        .description(Some(description))
        .into()
}

/// A date `YYYY-MM-DD`, or empty (a query parameter that may be left
/// empty, as a form sends it).
#[derive(Debug)]
pub struct DateOrEmpty;

impl utoipa::PartialSchema for DateOrEmpty {
    fn schema() -> RefOr<Schema> {
        utoipa::openapi::schema::OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::String).format(Some(
                utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Date),
            )))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(0)),
            )
            .description(Some("A date `YYYY-MM-DD`, or empty for none."))
            .into()
    }
}

impl ToSchema for DateOrEmpty {}

/// The LLO-intervention plot: each type 0 (not used), 1 (to some extent)
/// or 2 (extensively).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlotDoc {
    /// Training.
    #[schema(minimum = 0, maximum = 2)]
    pub opleiden: u8,
    /// Community building.
    #[schema(minimum = 0, maximum = 2)]
    pub community: u8,
    /// Valuing and certifying.
    #[serde(rename = "waarderen-certificeren")]
    #[schema(minimum = 0, maximum = 2)]
    pub waarderen_certificeren: u8,
    /// Matching.
    #[schema(minimum = 0, maximum = 2)]
    pub matching: u8,
    /// Career guidance.
    #[schema(minimum = 0, maximum = 2)]
    pub loopbaanbegeleiding: u8,
}

/// Per LLO type, a text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LloNotesDoc {
    /// Training.
    pub opleiden: Option<String>,
    /// Community building.
    pub community: Option<String>,
    /// Valuing and certifying.
    #[serde(rename = "waarderen-certificeren")]
    pub waarderen_certificeren: Option<String>,
    /// Matching.
    pub matching: Option<String>,
    /// Career guidance.
    pub loopbaanbegeleiding: Option<String>,
}

/// The only format: `uti-dataset/1`.
#[derive(Debug, Deserialize, ToSchema)]
pub enum FormatDoc {
    /// `uti-dataset/1`.
    #[serde(rename = "uti-dataset/1")]
    V1,
}

/// A whole dataset file. Ids are unique in their list; the themes and
/// challenges the chains name must be in the file (or stored, for an
/// import).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"format": "uti-dataset/1", "network": "Voorbeeldregio Leeralliantie",
    "themes": [{"id": "samenwerking", "name": "Samenwerking"}]}))]
pub struct DatasetDoc {
    /// Exactly `uti-dataset/1`.
    pub format: FormatDoc,
    /// The name of the network.
    pub network: Option<String>,
    /// The themes.
    pub themes: Option<Vec<TermDoc>>,
    /// The shared challenges.
    pub challenges: Option<Vec<TermDoc>>,
    /// The initiatives.
    pub initiatives: Option<Vec<InitiativeDoc>>,
    /// The organisations (uti's addition).
    pub organisations: Option<Vec<OrganisationDoc>>,
    /// Relations between initiatives (uti's addition).
    pub relations: Option<Vec<RelationDoc>>,
    /// The action agenda (uti's addition).
    pub agenda: Option<AgendaDoc>,
    /// The development coalitions (uti's addition).
    pub coalitions: Option<Vec<CoalitionDoc>>,
}
