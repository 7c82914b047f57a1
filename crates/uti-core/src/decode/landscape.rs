//! The landscape's top-level keys: `organisations`, `relations`, `agenda`
//! and `coalitions`. Read after the initiatives, so that every reference to
//! an initiative, organisation or goal is checked against the whole file.

use super::{Decoder, Path, Problem};
use crate::landscape::model::{
    Activity, ActivityStatus, Agenda, Coalition, Goal, Meeting, Organisation, PartnerRole,
    Relation, RelationKind, Scope,
};
use crate::model::{PartnerKind, TermKind};
use crate::values::{IsoDate, Slug};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

pub(super) const ORGANISATION_KEYS: &[&str] = &["id", "name", "kind", "sector", "place", "website"];
pub(super) const RELATION_KEYS: &[&str] = &["from", "to", "kind", "note"];
pub(super) const AGENDA_KEYS: &[&str] = &["goals", "activities"];
pub(super) const GOAL_KEYS: &[&str] = &["id", "name", "description"];
pub(super) const ACTIVITY_KEYS: &[&str] = &[
    "id",
    "name",
    "goal",
    "owner",
    "scope",
    "status",
    "start",
    "end",
    "initiatives",
    "themes",
    "challenges",
    "organisations",
    "note",
];
pub(super) const COALITION_KEYS: &[&str] = &[
    "id",
    "name",
    "goal",
    "initiatives",
    "organisations",
    "meetings",
];
pub(super) const MEETING_KEYS: &[&str] = &["date", "note"];

/// The landscape's part of a dataset.
pub(super) struct Landscape {
    pub organisations: Option<Vec<Organisation>>,
    pub relations: Option<Vec<Relation>>,
    pub agenda: Option<Agenda>,
    pub coalitions: Option<Vec<Coalition>>,
}

impl Decoder {
    /// Reads the four keys from the top-level map, and checks the
    /// partners' organisation references met in the initiatives.
    pub(super) fn landscape(&mut self, top: &Map<String, Value>) -> Landscape {
        let root = Path::ROOT;
        let mut org_ids = HashMap::new();
        let organisations = self.list(
            top.get("organisations"),
            &root.key("organisations"),
            |d, v, p| {
                let m = d.map(v, p, ORGANISATION_KEYS)?;
                let id = d.required(m, p, "id").and_then(|v| d.slug(v, &p.key("id")));
                let name = d.required_text(m, p, "name");
                let kind = d.required(m, p, "kind").and_then(|v| {
                    d.one_of(v, &p.key("kind"), PartnerKind::parse, PartnerKind::NAMES)
                });
                let sector = d.optional_text(m, p, "sector");
                let place = d.optional_text(m, p, "place");
                let website = d.optional_text(m, p, "website");
                let id = id?;
                if !d.unique(&mut org_ids, &id, p) {
                    return None;
                }
                Some(Organisation {
                    id,
                    name: name?,
                    kind: kind?,
                    sector,
                    place,
                    website,
                })
            },
        );
        let orgs: HashSet<String> = org_ids.into_keys().collect();
        for (id, steps) in std::mem::take(&mut self.pending_organisations) {
            if !orgs.contains(&id) {
                self.push(
                    crate::error::Place::Path(steps),
                    Problem::UnknownReference {
                        list: "organisations",
                        id,
                    },
                );
            }
        }
        let initiatives: HashSet<String> = self.initiative_ids.keys().cloned().collect();

        let mut seen_relations: HashMap<String, String> = HashMap::new();
        let relations = self.list(top.get("relations"), &root.key("relations"), |d, v, p| {
            let m = d.map(v, p, RELATION_KEYS)?;
            let from = d
                .required(m, p, "from")
                .and_then(|v| d.reference(v, &p.key("from"), &initiatives, "initiatives"));
            let to = d
                .required(m, p, "to")
                .and_then(|v| d.reference(v, &p.key("to"), &initiatives, "initiatives"));
            let kind = d.required(m, p, "kind").and_then(|v| {
                d.one_of(v, &p.key("kind"), RelationKind::parse, RelationKind::NAMES)
            });
            let note = d.optional_text(m, p, "note");
            let relation = Relation {
                from: from?,
                to: to?,
                kind: kind?,
                note,
            };
            if relation.from == relation.to {
                d.fail(&p.key("to"), Problem::SelfRelation(relation.to.to_string()));
                return None;
            }
            let here = crate::error::path_text(&p.steps());
            if let Some(first) = seen_relations.get(&relation.key()) {
                d.fail(
                    p,
                    Problem::DuplicateRelation {
                        first: first.clone(),
                    },
                );
                return None;
            }
            seen_relations.insert(relation.key(), here);
            Some(relation)
        });

        let agenda = match top.get("agenda") {
            None | Some(Value::Null) => None,
            Some(v) => self.agenda(v, &root.key("agenda"), &initiatives, &orgs),
        };

        let mut coalition_ids = HashMap::new();
        let coalitions = self.list(top.get("coalitions"), &root.key("coalitions"), |d, v, p| {
            let m = d.map(v, p, COALITION_KEYS)?;
            let id = d.required(m, p, "id").and_then(|v| d.slug(v, &p.key("id")));
            let name = d.required_text(m, p, "name");
            let goal = d.required_text(m, p, "goal");
            let members = d.id_list(m, p, "initiatives", &initiatives);
            let organisations = d.id_list(m, p, "organisations", &orgs);
            let meetings = d.list(m.get("meetings"), &p.key("meetings"), |d, v, p| {
                let mm = d.map(v, p, MEETING_KEYS)?;
                let date = d
                    .required(mm, p, "date")
                    .and_then(|v| d.date(v, &p.key("date")));
                let note = d.optional_text(mm, p, "note");
                Some(Meeting { date: date?, note })
            });
            let id = id?;
            if !d.unique(&mut coalition_ids, &id, p) {
                return None;
            }
            Some(Coalition {
                id,
                name: name?,
                goal: goal?,
                initiatives: members,
                organisations,
                meetings,
            })
        });

        Landscape {
            organisations,
            relations,
            agenda,
            coalitions,
        }
    }

    fn agenda(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        initiatives: &HashSet<String>,
        orgs: &HashSet<String>,
    ) -> Option<Agenda> {
        let m = self.map(value, path, AGENDA_KEYS)?;
        let mut goal_ids = HashMap::new();
        let goals = self.list(m.get("goals"), &path.key("goals"), |d, v, p| {
            let gm = d.map(v, p, GOAL_KEYS)?;
            let id = d
                .required(gm, p, "id")
                .and_then(|v| d.slug(v, &p.key("id")));
            let name = d.required_text(gm, p, "name");
            let description = d.optional_text(gm, p, "description");
            let id = id?;
            if !d.unique(&mut goal_ids, &id, p) {
                return None;
            }
            Some(Goal {
                id,
                name: name?,
                description,
            })
        });
        let goal_set: HashSet<String> = goal_ids.into_keys().collect();
        let mut activity_ids = HashMap::new();
        let activities = self.list(m.get("activities"), &path.key("activities"), |d, v, p| {
            let am = d.map(v, p, ACTIVITY_KEYS)?;
            let id = d
                .required(am, p, "id")
                .and_then(|v| d.slug(v, &p.key("id")));
            let name = d.required_text(am, p, "name");
            let goal = match am.get("goal") {
                None | Some(Value::Null) => None,
                Some(v) => Some(d.reference(v, &p.key("goal"), &goal_set, "goals")?),
            };
            let owner = d.optional_text(am, p, "owner");
            let scope = d
                .required(am, p, "scope")
                .and_then(|v| d.one_of(v, &p.key("scope"), Scope::parse, Scope::NAMES));
            let status = d.required(am, p, "status").and_then(|v| {
                d.one_of(
                    v,
                    &p.key("status"),
                    ActivityStatus::parse,
                    ActivityStatus::NAMES,
                )
            });
            let start = d.optional_date(am, p, "start");
            let end = d.optional_date(am, p, "end");
            let members = d.id_list(am, p, "initiatives", initiatives);
            let themes = d.references(am, p, TermKind::Theme);
            let challenges = d.references(am, p, TermKind::Challenge);
            let organisations = d.id_list(am, p, "organisations", orgs);
            let note = d.optional_text(am, p, "note");
            let id = id?;
            if !d.unique(&mut activity_ids, &id, p) {
                return None;
            }
            if let (Some(s), Some(e)) = (start, end)
                && e < s
            {
                d.fail(&p.key("end"), Problem::EndBeforeStart);
                return None;
            }
            Some(Activity {
                id,
                name: name?,
                goal,
                owner,
                scope: scope?,
                status: status?,
                start,
                end,
                initiatives: members,
                themes,
                challenges,
                organisations,
                note,
            })
        });
        Some(Agenda { goals, activities })
    }

    /// A slug that must be among `known`, the ids of `list`.
    fn reference(
        &mut self,
        value: &Value,
        path: &Path<'_>,
        known: &HashSet<String>,
        list: &'static str,
    ) -> Option<Slug> {
        let id = self.slug(value, path)?;
        if known.contains(id.as_str()) {
            Some(id)
        } else {
            self.fail(
                path,
                Problem::UnknownReference {
                    list,
                    id: id.to_string(),
                },
            );
            None
        }
    }

    /// The list under `key` (`initiatives` or `organisations`), each id among `known`.
    fn id_list(
        &mut self,
        m: &Map<String, Value>,
        path: &Path<'_>,
        key: &'static str,
        known: &HashSet<String>,
    ) -> Option<Vec<Slug>> {
        self.list(m.get(key), &path.key(key), |d, v, p| {
            d.reference(v, p, known, key)
        })
    }

    fn optional_date(
        &mut self,
        m: &Map<String, Value>,
        path: &Path<'_>,
        key: &str,
    ) -> Option<IsoDate> {
        match m.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => self.date(v, &path.key(key)),
        }
    }

    /// A partner's optional `organisation` and `role`; the reference is
    /// checked when the organisations have been read.
    pub(super) fn partner_link(
        &mut self,
        m: &Map<String, Value>,
        path: &Path<'_>,
    ) -> (Option<Slug>, Option<PartnerRole>) {
        let organisation = match m.get("organisation") {
            None | Some(Value::Null) => None,
            Some(v) => {
                let p = path.key("organisation");
                let id = self.slug(v, &p);
                if let Some(id) = &id {
                    self.pending_organisations.push((id.to_string(), p.steps()));
                }
                id
            }
        };
        let role = match m.get("role") {
            None | Some(Value::Null) => None,
            Some(v) => self.one_of(v, &path.key("role"), PartnerRole::parse, PartnerRole::NAMES),
        };
        (organisation, role)
    }
}
