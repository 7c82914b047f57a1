//! The chapter on the action agenda (*doe-agenda*) and the development
//! coalitions (*ontwikkelcoalities*) of the network report: the goals
//! with their activities (status, owner, level, period, who is
//! involved), then each coalition with its members and meetings.

use super::Builder;
use crate::Lang;
use crate::model::{Activity, ActivityStatus};
use crate::prose::{activity_status_name, date_text, scope_name};
use crate::report::{Block, Field, List, Span, Table, plain};
use crate::values::Slug;

impl Builder<'_> {
    /// The names of records by id (the id itself when unknown).
    fn names_of<'d>(
        &self,
        ids: &[Slug],
        all: impl Iterator<Item = (&'d Slug, &'d str)>,
    ) -> Vec<String> {
        let all: Vec<(&Slug, &str)> = all.collect();
        ids.iter()
            .map(|id| {
                all.iter()
                    .find(|(i, _)| *i == id)
                    .map(|(_, n)| (*n).to_owned())
                    .unwrap_or_else(|| id.to_string())
            })
            .collect()
    }

    fn involved(&self, a: &Activity) -> String {
        let d = self.dataset;
        let mut all = self.names_of(
            a.initiatives.as_deref().unwrap_or_default(),
            d.initiatives().iter().map(|i| (&i.id, i.name.as_str())),
        );
        all.extend(self.names_of(
            a.organisations.as_deref().unwrap_or_default(),
            d.organisations().iter().map(|o| (&o.id, o.name.as_str())),
        ));
        all.extend(self.names_of(
            a.themes.as_deref().unwrap_or_default(),
            d.themes().iter().map(|t| (&t.id, t.name.as_str())),
        ));
        all.extend(self.names_of(
            a.challenges.as_deref().unwrap_or_default(),
            d.challenges().iter().map(|t| (&t.id, t.name.as_str())),
        ));
        if all.is_empty() {
            "–".into()
        } else {
            all.join(", ")
        }
    }

    fn activity_table(&mut self, caption: String, list: &[&Activity]) {
        let lang = self.lang;
        let period = |a: &Activity| match (a.start, a.end) {
            (Some(s), Some(e)) => format!("{} – {}", date_text(s, lang), date_text(e, lang)),
            (Some(s), None) => format!("{} {}", self.t("vanaf", "from"), date_text(s, lang)),
            (None, Some(e)) => format!("{} {}", self.t("tot", "until"), date_text(e, lang)),
            (None, None) => "–".into(),
        };
        let rows = list
            .iter()
            .map(|a| {
                let mut name = a.name.clone();
                if let Some(note) = &a.note {
                    name.push_str(&format!(" ({note})"));
                }
                vec![
                    name,
                    activity_status_name(a.status, lang).to_owned(),
                    a.owner.clone().unwrap_or_else(|| "–".into()),
                    scope_name(a.scope, lang).to_owned(),
                    period(a),
                    self.involved(a),
                ]
            })
            .collect();
        self.push(Block::Table(Table {
            caption,
            header: [
                self.t("Activiteit", "Activity"),
                self.t("Status", "Status"),
                self.t("Trekker", "Owner"),
                self.t("Niveau", "Level"),
                self.t("Periode", "Period"),
                self.t("Betrokken", "Involved"),
            ]
            .map(str::to_owned)
            .to_vec(),
            rows,
            footer: None,
            row_headers: true,
            numeric: vec![false; 6],
        }));
    }

    /// The chapter, when the dataset holds an agenda or coalitions.
    pub(super) fn agenda(&mut self) {
        let d = self.dataset;
        let (goals, activities, coalitions) = (d.goals(), d.activities(), d.coalitions());
        if goals.is_empty() && activities.is_empty() && coalitions.is_empty() {
            return;
        }
        let lang = self.lang;
        self.heading(
            1,
            self.t(
                "Doe-agenda en ontwikkelcoalities",
                "Action agenda and development coalitions",
            ),
            "doe-agenda",
            true,
        );
        let count = |s: ActivityStatus| activities.iter().filter(|a| a.status == s).count();
        let statuses: Vec<String> = ActivityStatus::ALL
            .iter()
            .map(|s| format!("{} {}", count(*s), activity_status_name(*s, lang)))
            .collect();
        let n = |count: usize, one: &str, many: &str| {
            format!("{count} {}", if count == 1 { one } else { many })
        };
        self.push(plain(match lang {
            Lang::Nl => format!(
                "De doe-agenda van het netwerk telt {} en {}: {}. {} {}.",
                n(goals.len(), "doel", "doelen"),
                n(activities.len(), "activiteit", "activiteiten"),
                statuses.join(", "),
                if coalitions.len() == 1 {
                    "Er is"
                } else {
                    "Er zijn"
                },
                n(coalitions.len(), "ontwikkelcoalitie", "ontwikkelcoalities"),
            ),
            Lang::En => format!(
                "The network's action agenda has {} and {}: {}. There {} {}.",
                n(goals.len(), "goal", "goals"),
                n(activities.len(), "activity", "activities"),
                statuses.join(", "),
                if coalitions.len() == 1 { "is" } else { "are" },
                n(
                    coalitions.len(),
                    "development coalition",
                    "development coalitions"
                ),
            ),
        }));
        for goal in goals {
            self.heading(2, goal.name.clone(), &format!("doel-{}", goal.id), false);
            if let Some(description) = &goal.description {
                self.push(plain(description.clone()));
            }
            let list: Vec<&Activity> = activities
                .iter()
                .filter(|a| a.goal.as_ref() == Some(&goal.id))
                .collect();
            if list.is_empty() {
                self.push(plain(self.t(
                    "Nog geen activiteiten voor dit doel.",
                    "No activities for this goal yet.",
                )));
            } else {
                let caption = match lang {
                    Lang::Nl => format!("Activiteiten voor het doel ‘{}’.", goal.name),
                    Lang::En => format!("Activities towards the goal ‘{}’.", goal.name),
                };
                self.activity_table(caption, &list);
            }
        }
        let loose: Vec<&Activity> = activities.iter().filter(|a| a.goal.is_none()).collect();
        if !loose.is_empty() {
            self.heading(
                2,
                self.t("Activiteiten zonder doel", "Activities without a goal"),
                "zonder-doel",
                false,
            );
            let caption = self
                .t(
                    "Activiteiten die (nog) bij geen doel horen.",
                    "Activities not (yet) tied to a goal.",
                )
                .to_owned();
            self.activity_table(caption, &loose);
        }
        if coalitions.is_empty() {
            return;
        }
        self.heading(
            2,
            self.t("Ontwikkelcoalities", "Development coalitions"),
            "ontwikkelcoalities",
            false,
        );
        for c in coalitions {
            self.heading(3, c.name.clone(), &format!("coalitie-{}", c.id), false);
            let mut fields = vec![Field::one(
                self.t("Gedeeld doel", "Shared goal"),
                c.goal.clone(),
            )];
            let initiatives = self.names_of(
                c.initiatives.as_deref().unwrap_or_default(),
                d.initiatives().iter().map(|i| (&i.id, i.name.as_str())),
            );
            if !initiatives.is_empty() {
                fields.push(Field {
                    label: self.t("Initiatieven", "Initiatives").into(),
                    values: initiatives,
                });
            }
            let organisations = self.names_of(
                c.organisations.as_deref().unwrap_or_default(),
                d.organisations().iter().map(|o| (&o.id, o.name.as_str())),
            );
            if !organisations.is_empty() {
                fields.push(Field {
                    label: self.t("Organisaties", "Organisations").into(),
                    values: organisations,
                });
            }
            self.push(Block::Fields(fields));
            let meetings = c.meetings.as_deref().unwrap_or_default();
            if !meetings.is_empty() {
                self.push(plain(self.t("Bijeenkomsten:", "Meetings:")));
                self.push(Block::List(List {
                    ordered: false,
                    items: meetings
                        .iter()
                        .map(|m| {
                            let mut text = date_text(m.date, lang);
                            if let Some(note) = &m.note {
                                text.push_str(": ");
                                text.push_str(note);
                            }
                            vec![Span::plain(text)]
                        })
                        .collect(),
                }));
            }
        }
    }
}
