//! Synthetic datasets of any size, for benchmarks and load tests. They are
//! fictional, labelled so, and the same seed always gives the same dataset.

use crate::model::*;
use crate::values::{IsoDate, Slug};

/// How large a generated dataset is.
#[derive(Debug, Clone, Copy)]
pub struct Shape {
    /// Number of initiatives.
    pub initiatives: usize,
    /// Sessions per initiative.
    pub sessions: usize,
    /// CIMO chains per session.
    pub chains: usize,
}

const SECTORS: &[&str] = &[
    "zorg",
    "techniek",
    "ict",
    "logistiek",
    "onderwijs",
    "creatief",
    "groen",
    "bouw",
];
const GROUPS: &[&str] = &[
    "werkzoekenden",
    "zij-instromers",
    "werkenden in het mkb",
    "jongeren zonder diploma",
    "statushouders",
    "leidinggevenden",
];
const INTERVENTIONS: &[&str] = &[
    "Leergang op de werkvloer",
    "Loopbaangesprekken met een coach",
    "Matching op skills",
    "Praktijkverklaring voor informeel leren",
    "Intervisie in leernetwerken",
    "Gezamenlijk opleidingsprogramma mkb",
    "Oriëntatiestage met reflectie",
];
const MECHANISMS: &[&str] = &[
    "Zelfregie over de eigen loopbaan",
    "Ervaren nut bij werkgevers",
    "Gedeelde urgentie",
    "Vertrouwen in eigen kunnen",
    "Zicht op gedeelde vraagstukken",
];
const OUTCOMES: &[&str] = &[
    "Duurzame plek op de arbeidsmarkt",
    "LLO wordt concreet gefaciliteerd",
    "Werkgevers werven op skills",
    "Meer deelname aan scholing",
];

fn pick<'a>(rng: &mut fastrand::Rng, items: &[&'a str]) -> &'a str {
    items[rng.usize(..items.len())]
}

fn slug(text: String) -> Slug {
    Slug::parse(&text).expect("generated ids are slugs")
}

/// Generates a valid, fictional dataset of the given shape.
pub fn generate(shape: Shape, seed: u64) -> Dataset {
    let mut rng = fastrand::Rng::with_seed(seed);
    let themes: Vec<Term> = [
        "loopbaanontwikkeling",
        "duurzaam-leren",
        "samenwerking",
        "leervormen",
        "skills",
    ]
    .iter()
    .map(|id| Term {
        id: slug((*id).into()),
        name: format!("Thema {id}"),
        description: None,
        sources: Some(vec!["Gegenereerd, 2026".into()]),
    })
    .collect();
    let challenges: Vec<Term> = [
        "werkgevers-bereiken",
        "boundary-crossing",
        "werkgevers-uitdagen",
        "mkb",
    ]
    .iter()
    .map(|id| Term {
        id: slug((*id).into()),
        name: format!("Uitdaging {id}"),
        description: None,
        sources: None,
    })
    .collect();
    let mut initiatives: Vec<Initiative> = (0..shape.initiatives)
        .map(|i| initiative(&mut rng, i, shape, &themes, &challenges))
        .collect();
    // The landscape, drawn after the initiatives so that they stay as they
    // were for the same seed: a school or municipality beside the employer
    // for some, relations to an earlier initiative for a quarter, and the
    // partners as organisations (one per name and kind).
    let mut relations = Vec::new();
    for i in 0..initiatives.len() {
        match rng.u8(..4) {
            0 => {}
            1 | 2 => {
                let (kind, name) = if rng.bool() {
                    (PartnerKind::Onderwijs, format!("School {}", rng.u32(..60)))
                } else {
                    (PartnerKind::Overheid, format!("Gemeente {}", rng.u32(..40)))
                };
                initiatives[i]
                    .partners
                    .get_or_insert_with(Vec::new)
                    .push(Partner {
                        name,
                        kind,
                        organisation: None,
                        role: Some(if kind == PartnerKind::Overheid {
                            PartnerRole::Financier
                        } else {
                            PartnerRole::SchoolDeelnemers
                        }),
                    });
            }
            _ if i > 0 => {
                let to = rng.usize(..i);
                relations.push(Relation {
                    from: initiatives[i].id.clone(),
                    to: initiatives[to].id.clone(),
                    kind: RelationKind::ALL[rng.usize(..RelationKind::ALL.len())],
                    note: None,
                });
            }
            _ => {}
        }
    }
    let organisations = crate::landscape::link::link_partners(&[], &mut initiatives);
    Dataset {
        format: FORMAT.to_owned(),
        network: Some(format!("Gegenereerd testnetwerk (fictief, seed {seed})")),
        themes: Some(themes),
        challenges: Some(challenges),
        initiatives: Some(initiatives),
        organisations: (!organisations.is_empty()).then_some(organisations),
        relations: (!relations.is_empty()).then_some(relations),
        ..Dataset::default()
    }
}

fn initiative(
    rng: &mut fastrand::Rng,
    i: usize,
    shape: Shape,
    themes: &[Term],
    challenges: &[Term],
) -> Initiative {
    let start_year = 2021 + rng.i32(0..3);
    let sessions = (0..shape.sessions)
        .map(|s| {
            let kind = SessionKind::ALL[s.min(2)];
            let date = IsoDate::from_ymd(start_year + s as i32, rng.u8(1..13), rng.u8(1..29))
                .expect("day 1-28 exists");
            let cimo = (0..shape.chains)
                .map(|_| Chain {
                    level: Level::ALL[rng.usize(..3)],
                    context: format!("Fictieve context {} bij initiatief {i}", rng.u32(..1000)),
                    interventions: vec![
                        pick(rng, INTERVENTIONS).into(),
                        pick(rng, INTERVENTIONS).into(),
                    ],
                    mechanisms: Some(vec![pick(rng, MECHANISMS).into()]),
                    outcomes: Some(vec![pick(rng, OUTCOMES).into()]),
                    challenges: Some(vec![challenges[rng.usize(..challenges.len())].id.clone()]),
                    themes: Some(vec![themes[rng.usize(..themes.len())].id.clone()]),
                })
                .collect();
            let scores = std::array::from_fn(|_| Score::new(rng.u8(0..3)).expect("0..3"));
            Session {
                date,
                kind,
                participants: Some(rng.u32(2..9)),
                notes: Some(format!(
                    "Gegenereerde sessie {s} van fictief initiatief {i}."
                )),
                cimo: Some(cimo),
                llo: Some(Plot::from_scores(scores)),
                llo_notes: None,
                werkplekleren: Some(Werkplekleren::ALL[rng.usize(..5)]),
                werkplekleren_notes: None,
                lessons: (kind == SessionKind::Afsluitend)
                    .then(|| vec!["Gegenereerde les.".into()]),
                draft: false,
            }
        })
        .collect();
    Initiative {
        id: slug(format!("init-{i:06}")),
        name: format!("Fictief initiatief {i:06}"),
        short_name: Some(format!("FI{i}")),
        sectors: Some(vec![pick(rng, SECTORS).into()]),
        target_groups: Some(vec![pick(rng, GROUPS).into()]),
        problem: Some(format!(
            "Gegenereerd vraagstuk in context voor initiatief {i}."
        )),
        website: None,
        partners: Some(vec![Partner {
            name: format!("Werkgever {}", rng.u32(..500)),
            kind: PartnerKind::Werkgever,
            organisation: None,
            role: None,
        }]),
        sessions: Some(sessions),
    }
}
